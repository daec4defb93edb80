//! Replay speed on a generated migration history (default: 2,000 files, 20 MB).
//!
//! cargo bench --bench replay                      # generate into a temp folder, replay 3 times
//! cargo bench --bench replay -- --files 500 --mb 5
//! cargo bench --bench replay -- --generate DIR    # only write the history (for the CLI / hyperfine)

#[path = "support/history.rs"]
mod history;

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
    if let Some(dir) = value("--generate") {
        let bytes = history::generate(std::path::Path::new(&dir), files, mb * 1024 * 1024)
            .expect("write the history");
        println!(
            "wrote {files} files, {:.1} MB, to {dir}",
            bytes as f64 / 1048576.0
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("supabase").join("migrations");
    let bytes = history::generate(&dir, files, mb * 1024 * 1024).expect("write the history");
    let mbytes = bytes as f64 / 1048576.0;
    println!("history: {files} files, {mbytes:.1} MB");
    let texts: Vec<String> = std::fs::read_dir(&dir)
        .expect("read dir")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    let t = Instant::now();
    for text in &texts {
        let _ = schemadrift::sql::Parsed::new(text);
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "parse only, one thread: {secs:.2} s, {:.1} MB/s",
        mbytes / secs
    );
    for run in 1..=3 {
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
