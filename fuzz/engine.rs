//! A mutation fuzzer on stable Rust: no coverage feedback (cargo-fuzz needs nightly, cargo-afl
//! needs afl++; neither is available to this project's CI), so each input is a pure function
//! of (seed, target, execution index): the fixtures, mutated by one to four of the mutators
//! below. The supervisor can therefore rebuild any input from the index a worker last
//! announced, which makes an abort or a hang as easy to keep as a panic.
//!
//! A worker is a child process that runs a range of indexes on a 1 GiB stack (as the command
//! line does), announces each index on stdout before running it, catches panics and reports
//! them. The supervisor reads the announcements with a deadline: no announcement within the
//! time limit is a hang (the child is killed), an end without the final line is an abort.
//! Either way the input is saved and the worker restarted after it.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::targets::{self, Target};

/// splitmix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// The largest input built (a few inputs reach it: huge lines, deep nesting).
pub const MAX_INPUT: usize = 4 << 20;

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn target_index(t: &Target) -> u64 {
    fnv(t.name.as_bytes())
}

/// The input of execution `index` (and the file name it is written under).
pub fn input_for(t: &Target, seeds: &[Vec<u8>], seed: u64, index: u64) -> (&'static str, Vec<u8>) {
    let mut rng = Rng::new(seed ^ target_index(t) ^ index.wrapping_mul(0xa076_1d64_78bd_642f));
    rng.next();
    let name = *rng.pick(t.file_names);
    let mut data = if seeds.is_empty() {
        Vec::new()
    } else {
        rng.pick(seeds).clone()
    };
    // one in 64 inputs is a seed as is (the baseline every mutation departs from)
    if !rng.chance(64) {
        let n = 1 + rng.below(4);
        for _ in 0..n {
            mutate(&mut rng, &mut data, seeds, t.dict);
        }
    }
    data.truncate(MAX_INPUT);
    (name, data)
}

/// A position at a character boundary or anywhere (splitting UTF-8 is a mutation too).
fn pos(rng: &mut Rng, data: &[u8]) -> usize {
    rng.below(data.len() + 1)
}

/// Sizes of the repeated and nested mutations: mostly small, sometimes past every limit.
fn big(rng: &mut Rng) -> usize {
    match rng.below(10) {
        0..=4 => 1 + rng.below(50),
        5..=7 => 50 + rng.below(2_000),
        8 => 2_000 + rng.below(12_000),
        _ => 12_000 + rng.below(60_000),
    }
}

fn mutate(rng: &mut Rng, data: &mut Vec<u8>, seeds: &[Vec<u8>], dict: &[&str]) {
    match rng.below(16) {
        // truncation inside a quote: cut right after a quote character
        0 => {
            let quotes: Vec<usize> = data
                .iter()
                .enumerate()
                .filter(|(_, b)| matches!(b, b'\'' | b'"' | b'`' | b'$'))
                .map(|(i, _)| i + 1)
                .collect();
            let at = if quotes.is_empty() {
                pos(rng, data)
            } else {
                *rng.pick(&quotes)
            };
            data.truncate(at);
        }
        // splice: a prefix of this input, a suffix of another seed
        1 => {
            if let Some(other) = (!seeds.is_empty()).then(|| rng.pick(seeds)) {
                let a = pos(rng, data);
                let b = rng.below(other.len() + 1);
                data.truncate(a);
                data.extend_from_slice(&other[b..]);
            }
        }
        // deep nesting around a point
        2 => {
            let pairs: &[(&str, &str)] = &[
                ("(", ")"),
                ("[", "]"),
                ("{", "}"),
                ("((", "))"),
                ("(SELECT ", ")"),
                ("ARRAY[", "]"),
                ("f(", ")"),
                ("{\"a\":", "}"),
                ("[1,", "]"),
                ("<", ">"),
                ("/*", "*/"),
                ("$$", "$$"),
            ];
            let (open, close) = *rng.pick(pairs);
            let n = big(rng);
            let at = pos(rng, data);
            let end = (at + rng.below(20)).min(data.len());
            let mut out = Vec::with_capacity(data.len() + n * (open.len() + close.len()));
            out.extend_from_slice(&data[..at]);
            for _ in 0..n {
                out.extend_from_slice(open.as_bytes());
            }
            out.extend_from_slice(&data[at..end]);
            if !rng.chance(4) {
                for _ in 0..n {
                    out.extend_from_slice(close.as_bytes());
                }
            }
            out.extend_from_slice(&data[end..]);
            *data = out;
        }
        // long chains: a OR a OR …, a.b.c…, - - - 1
        3 => {
            let links: &[&str] = &[
                " OR a",
                " + 1",
                " || 'x'",
                ".x()",
                "?.x",
                ".eq('a', 1)",
                " AND true",
                "- ",
                "NOT ",
                ",",
                ", a int",
                " | null",
                "::text",
            ];
            let link = *rng.pick(links);
            let n = big(rng);
            let at = pos(rng, data);
            let ins = link.repeat(n);
            data.splice(at..at, ins.into_bytes());
        }
        // a huge line: a long run without newline, or every newline removed (minified)
        4 => {
            if rng.chance(2) {
                data.retain(|b| *b != b'\n' && *b != b'\r');
            } else {
                let n = 1_000 + rng.below(1 << 20);
                let fill = *rng.pick(b"a x0'\"(-");
                let at = pos(rng, data);
                data.splice(at..at, std::iter::repeat_n(fill, n));
            }
        }
        // NUL bytes
        5 => {
            let n = 1 + rng.below(4);
            for _ in 0..n {
                let at = pos(rng, data);
                data.insert(at, 0);
            }
        }
        // invalid UTF-8: lone continuation bytes, a cut sequence, an encoded surrogate, 0xff
        6 => {
            let bad: &[&[u8]] = &[
                b"\xff",
                b"\xc3",
                b"\x80",
                b"\xed\xa0\x80",
                b"\xf0\x9d",
                b"\xfe\xff",
                b"\xc0\xaf",
            ];
            let at = pos(rng, data);
            data.splice(at..at, rng.pick(bad).iter().copied());
        }
        // byte order marks: UTF-8 at the start or inside, UTF-16 at the start
        7 => {
            let bom: &[u8] = match rng.below(4) {
                0 | 1 => b"\xef\xbb\xbf",
                2 => b"\xff\xfe",
                _ => b"\xfe\xff",
            };
            let at = if rng.chance(2) { 0 } else { pos(rng, data) };
            data.splice(at..at, bom.iter().copied());
        }
        // repeated tokens: a slice of the input repeated in place
        8 => {
            if !data.is_empty() {
                let a = pos(rng, data).min(data.len() - 1);
                let len = 1 + rng.below(40.min(data.len() - a));
                let piece = data[a..a + len].to_vec();
                let n = big(rng);
                let mut ins = Vec::with_capacity(piece.len() * n);
                for _ in 0..n {
                    ins.extend_from_slice(&piece);
                }
                data.splice(a..a, ins);
            }
        }
        // a dictionary token, once or repeated
        9 | 10 => {
            if !dict.is_empty() {
                let tok = *rng.pick(dict);
                let n = if rng.chance(4) { big(rng) } else { 1 };
                let at = pos(rng, data);
                data.splice(at..at, tok.repeat(n).into_bytes());
            }
        }
        // delete a range
        11 => {
            if !data.is_empty() {
                let a = pos(rng, data).min(data.len() - 1);
                let len = 1 + rng.below(200.min(data.len() - a));
                data.drain(a..a + len);
            }
        }
        // duplicate a range elsewhere
        12 => {
            if !data.is_empty() {
                let a = pos(rng, data).min(data.len() - 1);
                let len = 1 + rng.below(2_000.min(data.len() - a));
                let piece = data[a..a + len].to_vec();
                let at = pos(rng, data);
                data.splice(at..at, piece);
            }
        }
        // flip bytes
        13 => {
            if !data.is_empty() {
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(data.len());
                    data[at] ^= 1 << rng.below(8);
                }
            }
        }
        // replace a byte with a quote or bracket
        14 => {
            if !data.is_empty() {
                let at = rng.below(data.len());
                data[at] = *rng.pick(b"'\"`$()[]{};:\\\n");
            }
        }
        // truncate anywhere
        _ => {
            let at = pos(rng, data);
            data.truncate(at);
        }
    }
}

/// What a worker announces on stdout, one line each.
const TAG: &str = "@fz";

/// Runs executions `start..end` of `target` in this process: the worker side. Call it on a
/// thread with a big stack.
pub fn worker(t: &Target, root: &Path, seed: u64, start: u64, end: u64, dir: &Path) {
    let seeds = targets::fixture_seeds(root, t);
    let panic_msg = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    {
        let panic_msg = panic_msg.clone();
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(mut m) = panic_msg.lock() {
                *m = info.to_string().replace('\n', " ");
            }
        }));
    }
    let mut out = std::io::stdout().lock();
    for i in start..end {
        let (name, input) = input_for(t, &seeds, seed, i);
        let _ = writeln!(out, "{TAG} {i}");
        let _ = out.flush();
        let r = std::panic::catch_unwind(|| targets::run_input(t, dir, name, &input));
        if r.is_err() {
            let m = panic_msg.lock().map(|m| m.clone()).unwrap_or_default();
            let _ = writeln!(out, "{TAG} panic {i} {m}");
        }
    }
    let _ = writeln!(out, "{TAG} done");
    let _ = out.flush();
}

/// What a run found, per target.
#[derive(Default, Debug, Clone)]
pub struct Stats {
    pub execs: u64,
    pub panics: u64,
    pub aborts: u64,
    pub timeouts: u64,
    pub seconds: f64,
    /// The slowest execution: (milliseconds, input bytes, index).
    pub slowest: (u128, usize, u64),
    pub saved: Vec<PathBuf>,
}

impl Stats {
    pub fn failures(&self) -> u64 {
        self.panics + self.aborts + self.timeouts
    }
}

pub struct Plan {
    pub seed: u64,
    pub execs: u64,
    /// Stop a target early after this long (the execs done are reported).
    pub max_time: Option<Duration>,
    pub timeout: Duration,
    /// Where failing inputs go: `<save>/<target>/<kind>-<hash>`.
    pub save: PathBuf,
    pub root: PathBuf,
}

/// Supervises workers over `plan.execs` executions of `t`. `spawn(start, end)` makes the
/// worker command; the supervisor adds the pipes.
pub fn supervise(t: &Target, plan: &Plan, spawn: &dyn Fn(u64, u64) -> Command) -> Stats {
    let seeds = targets::fixture_seeds(&plan.root, t);
    let mut stats = Stats::default();
    let began = Instant::now();
    let mut next = 0u64;
    while next < plan.execs {
        if plan.max_time.is_some_and(|m| began.elapsed() > m) {
            break;
        }
        // workers run in batches, so that a time budget is honoured between them
        let end = (next + 20_000).min(plan.execs);
        let mut child = spawn(next, end)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start a fuzz worker");
        let stdout = child.stdout.take().expect("worker stdout");
        let (tx, rx) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut current: Option<u64> = None;
        let mut since = Instant::now();
        let mut finished = false;
        let mut failure: Option<(&str, u64)> = None;
        loop {
            match rx.recv_timeout(plan.timeout) {
                Ok(line) => {
                    // a test harness may print before the tag on the same line
                    let Some(rest) = line.find(TAG).map(|k| &line[k + TAG.len()..]) else {
                        continue;
                    };
                    let rest = rest.trim_start();
                    if rest == "done" {
                        finished = true;
                        break;
                    }
                    if let Some(p) = rest.strip_prefix("panic ") {
                        let (i, msg) = p.split_once(' ').unwrap_or((p, ""));
                        let i: u64 = i.parse().unwrap_or(0);
                        stats.panics += 1;
                        let path = save(t, plan, &seeds, "panic", i);
                        eprintln!(
                            "fuzz {}: panic at input {i}: {msg} ({})",
                            t.name,
                            path.display()
                        );
                        stats.saved.push(path);
                        continue;
                    }
                    if let Ok(i) = rest.parse::<u64>() {
                        if let Some(prev) = current {
                            let ms = since.elapsed().as_millis();
                            if ms > stats.slowest.0 {
                                let len = input_for(t, &seeds, plan.seed, prev).1.len();
                                stats.slowest = (ms, len, prev);
                            }
                            stats.execs += 1;
                        }
                        current = Some(i);
                        since = Instant::now();
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    failure = current.map(|i| ("timeout", i));
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    failure = current.map(|i| ("abort", i));
                    break;
                }
            }
        }
        let status = child.wait();
        let _ = reader.join();
        if finished {
            if let Some(prev) = current {
                stats.execs += 1;
                let ms = since.elapsed().as_millis();
                if ms > stats.slowest.0 {
                    stats.slowest = (ms, input_for(t, &seeds, plan.seed, prev).1.len(), prev);
                }
            }
            next = end;
            continue;
        }
        match failure {
            Some((kind, i)) => {
                stats.execs += 1;
                if kind == "timeout" {
                    stats.timeouts += 1;
                } else {
                    stats.aborts += 1;
                }
                let path = save(t, plan, &seeds, kind, i);
                eprintln!(
                    "fuzz {}: {kind} at input {i} ({status:?}): {}",
                    t.name,
                    path.display()
                );
                stats.saved.push(path);
                next = i + 1;
            }
            None => panic!(
                "fuzz worker for {} ended before its first input: {status:?}",
                t.name
            ),
        }
    }
    stats.seconds = began.elapsed().as_secs_f64();
    stats
}

fn save(t: &Target, plan: &Plan, seeds: &[Vec<u8>], kind: &str, i: u64) -> PathBuf {
    let (name, input) = input_for(t, seeds, plan.seed, i);
    let dir = plan.save.join(t.name);
    let _ = std::fs::create_dir_all(&dir);
    // the file name the input was run under is kept as the extension's source
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    let path = dir.join(format!("{kind}-{:016x}.{ext}", fnv(&input)));
    let _ = std::fs::write(&path, &input);
    path
}

/// One line per target and a total, for the log and the report.
pub fn summary(all: &BTreeMap<&str, Stats>) -> String {
    let mut s = String::new();
    let mut total = Stats::default();
    for (name, st) in all {
        s.push_str(&format!(
            "{name:<11} {:>9} execs {:>8.0}/s  panics {} aborts {} timeouts {}  slowest {} ms ({} bytes, input {})\n",
            st.execs,
            st.execs as f64 / st.seconds.max(1e-9),
            st.panics,
            st.aborts,
            st.timeouts,
            st.slowest.0,
            st.slowest.1,
            st.slowest.2
        ));
        total.execs += st.execs;
        total.panics += st.panics;
        total.aborts += st.aborts;
        total.timeouts += st.timeouts;
        total.seconds += st.seconds;
    }
    s.push_str(&format!(
        "{:<11} {:>9} execs in {:.0} s  panics {} aborts {} timeouts {}\n",
        "total", total.execs, total.seconds, total.panics, total.aborts, total.timeouts
    ));
    s
}

/// The regression inputs kept for a target: `<dir>/<target>/*`, sorted.
pub fn regressions(dir: &Path, target: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join(target))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The file name a regression input is run under: the target's name with the kept extension.
pub fn regression_name(t: &Target, path: &Path) -> &'static str {
    let ext = path.extension().map(|e| e.to_string_lossy().to_string());
    t.file_names
        .iter()
        .find(|n| {
            Path::new(n)
                .extension()
                .map(|e| e.to_string_lossy().to_string())
                == ext
        })
        .copied()
        .unwrap_or(t.file_names[0])
}
