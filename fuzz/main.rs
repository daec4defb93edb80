//! The fuzzer (issue 16): mutated fixtures through every library entry point, each execution
//! under a time limit, panics caught, aborts and hangs detected from a supervising process.
//! Failing inputs are written to tests/fuzz_regressions/<target>/, which `cargo test` replays
//! (tests/fuzz.rs).
//!
//! ```text
//! cargo run --release --example fuzz -- [--target NAME]... [--execs N] [--seconds S]
//!     [--seed N] [--timeout-ms MS] [--jobs J] [--save DIR]
//! ```
//!
//! `--execs` is per target (default 100,000); `--seconds` bounds each target's time. Targets:
//! sql, prisma, openapi, types, javascript, python, config (default: all).

#[allow(dead_code)]
#[path = "engine.rs"]
mod engine;
#[allow(dead_code)]
#[path = "targets.rs"]
mod targets;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const STACK: usize = 1 << 30;

fn usage(msg: &str) -> ! {
    eprintln!(
        "fuzz: {msg}\nusage: fuzz [--target NAME]... [--execs N] [--seconds S] [--seed N] [--timeout-ms MS] [--jobs J] [--save DIR]"
    );
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if args.first().map(String::as_str) == Some("--worker") {
        // --worker TARGET SEED START END DIR
        let [_, name, seed, start, end, dir] = &args[..] else {
            usage("bad worker arguments")
        };
        let t = targets::target(name).unwrap_or_else(|| usage("unknown target"));
        let (seed, start, end) = (
            seed.parse().unwrap_or_else(|_| usage("seed")),
            start.parse().unwrap_or_else(|_| usage("start")),
            end.parse().unwrap_or_else(|_| usage("end")),
        );
        let dir = PathBuf::from(dir);
        let h = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || engine::worker(t, &root, seed, start, end, &dir))
            .expect("worker thread");
        let _ = h.join();
        return;
    }
    let mut names: Vec<String> = Vec::new();
    let mut execs = 100_000u64;
    let mut seconds: Option<u64> = None;
    let mut seed = 1u64;
    let mut timeout_ms = 10_000u64;
    let mut jobs = 1usize;
    let mut save = root.join("tests/fuzz_regressions");
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--target" => names.push(val()),
            "--execs" => execs = val().parse().unwrap_or_else(|_| usage("--execs")),
            "--seconds" => seconds = Some(val().parse().unwrap_or_else(|_| usage("--seconds"))),
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage("--seed")),
            "--timeout-ms" => timeout_ms = val().parse().unwrap_or_else(|_| usage("--timeout-ms")),
            "--jobs" => jobs = val().parse().unwrap_or_else(|_| usage("--jobs")),
            "--save" => save = PathBuf::from(val()),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let chosen: Vec<&'static targets::Target> = if names.is_empty() {
        targets::TARGETS.iter().collect()
    } else {
        names
            .iter()
            .map(|n| targets::target(n).unwrap_or_else(|| usage(&format!("unknown target {n}"))))
            .collect()
    };
    let plan = engine::Plan {
        seed,
        execs,
        max_time: seconds.map(Duration::from_secs),
        timeout: Duration::from_millis(timeout_ms),
        save,
        root: root.clone(),
    };
    let exe = std::env::current_exe().expect("own path");
    let work = tempdir_path();
    let queue = std::sync::Mutex::new(chosen.into_iter());
    let results = std::sync::Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for job in 0..jobs.max(1) {
            let (queue, results, plan, exe, work) = (&queue, &results, &plan, &exe, &work);
            s.spawn(move || {
                while let Some(t) = queue.lock().ok().and_then(|mut q| q.next()) {
                    let dir = work.join(format!("{}-{job}", t.name));
                    std::fs::create_dir_all(&dir).expect("work folder");
                    let spawn = |start: u64, end: u64| {
                        let mut c = Command::new(exe);
                        c.args(["--worker", t.name])
                            .arg(plan.seed.to_string())
                            .arg(start.to_string())
                            .arg(end.to_string())
                            .arg(&dir)
                            .env("RUST_MIN_STACK", STACK.to_string());
                        c
                    };
                    let st = engine::supervise(t, plan, &spawn);
                    eprintln!(
                        "{}",
                        engine::summary(&BTreeMap::from([(t.name, st.clone())]))
                            .lines()
                            .next()
                            .unwrap_or("")
                    );
                    if let Ok(mut r) = results.lock() {
                        r.insert(t.name, st);
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&work);
    let results = results.into_inner().unwrap_or_default();
    print!("{}", engine::summary(&results));
    if results.values().any(|s| s.failures() > 0) {
        std::process::exit(1);
    }
}

fn tempdir_path() -> PathBuf {
    let base = std::env::temp_dir();
    let p = base.join(format!("schemadrift-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&p);
    if Path::new(&p).is_dir() { p } else { base }
}
