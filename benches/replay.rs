//! Replay speed on a generated migration history (default: 2,000 files, 20 MB).
//!
//! cargo bench --bench replay                      # generate into a temp folder, replay 3 times
//! cargo bench --bench replay -- --files 500 --mb 5
//! cargo bench --bench replay -- --generate DIR    # only write the history (for the CLI / hyperfine)
//! cargo bench --bench replay -- --plain           # without DO blocks and renames (first workload)
//! cargo bench --bench replay -- --stages          # parse and replay measured apart, then stop
//! cargo bench --bench replay -- --once            # one end-to-end run only (for profiling)

#[path = "support/history.rs"]
mod history;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use schemadrift::sources::project::{SqlInputs, replay_inputs};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let files: usize = value("--files")
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let mb: usize = value("--mb").and_then(|v| v.parse().ok()).unwrap_or(20);
    let plain = args.iter().any(|a| a == "--plain");
    if let Some(dir) = value("--generate") {
        let bytes = history::generate(std::path::Path::new(&dir), files, mb * 1024 * 1024, plain)
            .expect("write the history");
        println!(
            "wrote {files} files, {:.1} MB, to {dir}",
            bytes as f64 / 1048576.0
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("supabase").join("migrations");
    let bytes = history::generate(&dir, files, mb * 1024 * 1024, plain).expect("write the history");
    let mbytes = bytes as f64 / 1048576.0;
    println!("history: {files} files, {mbytes:.1} MB");
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("read dir")
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if !args.iter().any(|a| a == "--once") {
        let t = Instant::now();
        for text in &texts {
            let _ = schemadrift::sql::Parsed::new(text);
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "parse only, one thread: {secs:.2} s, {:.1} MB/s",
            mbytes / secs
        );
    }
    // the two stages apart: every file parsed on all cores, then the sequential replay
    if !args.iter().any(|a| a == "--once") {
        use rayon::prelude::*;
        let t = Instant::now();
        let parsed: Vec<schemadrift::sql::Parsed> = texts
            .par_iter()
            .map(|t| schemadrift::sql::Parsed::new(t))
            .collect();
        let parse_secs = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let errors: usize = texts
            .par_iter()
            .map(|t| schemadrift::sql::Parsed::new(t).error_count())
            .sum();
        let ceiling = t.elapsed().as_secs_f64();
        println!(
            "parse on all cores, trees dropped at once: {ceiling:.2} s ({:.1} MB/s, {errors} syntax errors): the ceiling of end to end",
            mbytes / ceiling
        );
        let t = Instant::now();
        let mut replay = schemadrift::replay::Replay::new(schemadrift::replay::ReplayOptions {
            source_id: "migrations".into(),
            supabase: true,
        });
        for (i, p) in parsed.into_iter().enumerate() {
            replay.run_parsed(
                &format!("m{i}.sql"),
                schemadrift::sql::Script::from_parsed(p),
            );
        }
        let replay_secs = t.elapsed().as_secs_f64();
        let mut rules = std::collections::BTreeMap::<&str, usize>::new();
        for f in &replay.findings {
            *rules.entry(f.rule).or_default() += 1;
        }
        println!("findings by rule: {rules:?}");
        let t = Instant::now();
        let snapshot = replay.catalog.clone();
        println!(
            "a snapshot of the final catalog ({} objects, what a DO block of several statements costs): {:.1} ms",
            snapshot.object_count(),
            t.elapsed().as_secs_f64() * 1000.0
        );
        drop(snapshot);
        let t = Instant::now();
        drop(replay);
        let drop_secs = t.elapsed().as_secs_f64();
        println!(
            "stages: parse on all cores {parse_secs:.2} s ({:.1} MB/s), replay alone {replay_secs:.2} s ({:.1} MB/s), drop {drop_secs:.2} s",
            mbytes / parse_secs,
            mbytes / replay_secs
        );
    }
    if args.iter().any(|a| a == "--stages") {
        return;
    }
    let runs = if args.iter().any(|a| a == "--once") {
        1
    } else {
        3
    };
    for run in 1..=runs {
        let t = Instant::now();
        let src = replay_inputs(
            &SqlInputs {
                folders: vec![dir.clone()],
                files: vec![],
            },
            Some(tmp.path()),
            "migrations",
            true,
        )
        .expect("replay");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "run {run}: {secs:.2} s, {:.1} MB/s, {} objects, {} findings",
            mbytes / secs,
            src.catalog.object_count(),
            src.findings.len()
        );
    }
}
