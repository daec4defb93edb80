//! The fuzzer in the test suite (issue 16, point 7): every input it ever failed on, kept in
//! tests/fuzz_regressions/<target>/, runs again under a time limit; then a short deterministic
//! run (seed 1, a few thousand executions over all entry points, well under two minutes)
//! through the same supervisor as the long run (`cargo run --release --example fuzz`, see
//! docs/fuzzing.md), so that a panic, an abort or a hang fails the suite.

#[allow(dead_code)]
#[path = "../fuzz/engine.rs"]
mod engine;
#[allow(dead_code)]
#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const STACK: usize = 1 << 30;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs one input on a 1 GiB stack (as the command line does); Err on a panic or when it
/// takes longer than `limit`.
fn run_bounded(
    t: &'static targets::Target,
    name: &'static str,
    input: Vec<u8>,
    limit: Duration,
) -> Result<Duration, String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let began = std::time::Instant::now();
            let r = std::panic::catch_unwind(|| targets::run_input(t, &path, name, &input));
            let _ = tx.send(r.map(|_| began.elapsed()));
        })
        .expect("thread");
    match rx.recv_timeout(limit) {
        Ok(Ok(d)) => Ok(d),
        Ok(Err(_)) => Err("panicked".into()),
        Err(_) => Err(format!("took longer than {limit:?}")),
    }
}

#[test]
fn every_kept_input_runs_without_panic_or_hang() {
    let dir = root().join("tests/fuzz_regressions");
    let mut ran = 0;
    let mut failures = Vec::new();
    for t in targets::TARGETS {
        for p in engine::regressions(&dir, t.name) {
            let input = std::fs::read(&p).expect("read a regression input");
            let name = engine::regression_name(t, &p);
            match run_bounded(t, name, input, Duration::from_secs(20)) {
                Ok(_) => ran += 1,
                Err(e) => failures.push(format!("{}: {e}", p.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        ran >= 5,
        "only {ran} regression inputs found under {}",
        dir.display()
    );
}

/// Executions of the short run per target: a few seconds each on a 2-core machine.
fn short_run_execs(target: &str) -> u64 {
    match target {
        "sql" => 400,
        "config" => 400,
        _ => 1_000,
    }
}

#[test]
fn short_deterministic_fuzz_run_finds_nothing() {
    let save = tempfile::tempdir().expect("tempdir");
    let work = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("own path");
    let mut lines = Vec::new();
    let mut failures = Vec::new();
    for t in targets::TARGETS {
        let plan = engine::Plan {
            seed: 1,
            execs: short_run_execs(t.name),
            max_time: None,
            timeout: Duration::from_secs(20),
            save: save.path().to_path_buf(),
            root: root(),
        };
        let dir = work.path().join(t.name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        let spawn = |start: u64, end: u64| {
            let mut c = Command::new(&exe);
            c.args(["fuzz_worker", "--exact", "--ignored", "--nocapture"])
                .args(["--test-threads", "1"])
                .env("SCHEMADRIFT_FUZZ_WORKER", t.name)
                .env("SCHEMADRIFT_FUZZ_SEED", plan.seed.to_string())
                .env("SCHEMADRIFT_FUZZ_RANGE", format!("{start}..{end}"))
                .env("SCHEMADRIFT_FUZZ_DIR", &dir)
                .env("RUST_MIN_STACK", STACK.to_string());
            c
        };
        let st = engine::supervise(t, &plan, &spawn);
        assert_eq!(st.execs, plan.execs, "{}: not every execution ran", t.name);
        lines.push(engine::summary(
            &[(t.name, st.clone())].into_iter().collect(),
        ));
        for p in &st.saved {
            failures.push(format!("{}: {}", t.name, p.display()));
        }
    }
    eprintln!("{}", lines.join(""));
    assert!(
        failures.is_empty(),
        "the fuzzer found failing inputs (move them to tests/fuzz_regressions/<target>/ and fix the class):\n{}",
        failures.join("\n")
    );
}

/// The worker side of the short run: started by the test above in a child process with its
/// range in the environment (ignored when run on its own).
#[test]
#[ignore = "a fuzz worker, started by short_deterministic_fuzz_run_finds_nothing"]
fn fuzz_worker() {
    let Ok(name) = std::env::var("SCHEMADRIFT_FUZZ_WORKER") else {
        return;
    };
    let t = targets::target(&name).expect("a known target");
    let seed: u64 = std::env::var("SCHEMADRIFT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .expect("seed");
    let range = std::env::var("SCHEMADRIFT_FUZZ_RANGE").expect("range");
    let (a, b) = range.split_once("..").expect("start..end");
    let (start, end): (u64, u64) = (a.parse().expect("start"), b.parse().expect("end"));
    let dir = PathBuf::from(std::env::var_os("SCHEMADRIFT_FUZZ_DIR").expect("dir"));
    let root = root();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || engine::worker(t, &root, seed, start, end, Path::new(&dir)))
        .expect("worker thread")
        .join()
        .expect("worker");
}
