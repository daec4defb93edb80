//! Introspection benchmark: reads a database (default: sd_bench_10k on the local server, see
//! `gen_db`) a few times and prints time, round trips, objects and peak memory.
//!
//!     cargo bench --bench introspect -- postgres://postgres@127.0.0.1:5432/sd_bench_10k

use schemadrift::sources::database::{DbOptions, introspect};
use std::time::Instant;

/// Peak resident set size of this process, in MiB (Linux: VmHWM).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// User + system CPU time of this process so far (Linux: /proc/self/stat, clock ticks).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() {
    let url = std::env::args()
        .skip(1)
        .find(|a| a.starts_with("postgres"))
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/sd_bench_10k".into());
    let runs: usize = std::env::var("SD_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        // the previous result is dropped first, so that peak memory is one run's
        drop(last.take());
        let t = Instant::now();
        match introspect(&url, &DbOptions::default()) {
            Ok(src) => {
                times.push(t.elapsed().as_secs_f64());
                last = Some(src);
            }
            Err(e) => {
                eprintln!("introspect: {e}");
                std::process::exit(2);
            }
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let Some(src) = last else { return };
    let cpu = cpu_seconds();
    let c = &src.catalog;
    let tables = c.tables().count();
    let columns: usize = c.tables().map(|t| t.columns.len()).sum();
    let indexes: usize = c.tables().map(|t| t.indexes.len()).sum();
    let constraints: usize = c.tables().map(|t| t.constraints.len()).sum();
    let policies: usize = c.tables().map(|t| t.policies.len()).sum();
    let triggers: usize = c.tables().map(|t| t.triggers.len()).sum();
    println!("database      {}", src.info.location);
    println!(
        "objects       {tables} tables, {columns} columns, {constraints} constraints, {indexes} indexes, {policies} policies, {triggers} triggers, {} functions, {} views",
        c.functions().count(),
        c.views().count()
    );
    println!(
        "time          min {:.3} s, median {:.3} s, max {:.3} s ({runs} runs)",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
    println!("round trips   {} after connecting", src.round_trips);
    if let Some(c) = cpu {
        println!(
            "client CPU    {:.3} s per run (user + system; the rest is the server and the wire)",
            c / runs as f64
        );
    }
    if let Some(m) = peak_rss_mib() {
        println!("peak RSS      {m:.1} MiB (whole process, all runs)");
    }
}
