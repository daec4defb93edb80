//! The real-world differential harness (issue 12): lays each project of `realworld/manifest.toml`
//! on a fresh PostgreSQL 15 database the way its runner would, statement by statement with a
//! savepoint around each one so that every refusal is seen, and compares PostgreSQL's verdict
//! on each statement with the replay's.
//!
//! ```sh
//! cargo run --release --example realworld -- [--only NAME]... [--details] [--markdown] [--refusals DIR]
//! ```
//!
//! `--refusals DIR` writes, per project, every statement PostgreSQL refused (`path:first-last
//! SQLSTATE`, its lines): the precision corpus (realworld/precision.rs) takes PostgreSQL's word for the
//! `migration-error` findings at those lines.
//!
//! The projects are read from local git copies (`--mirror DIR`, default `/work/.mirror`, one
//! `<owner>+<name>/repo` git directory per repository, as the session's `fetch` leaves them);
//! nothing of theirs is committed. See `realworld/README.md`.

mod judge;
mod manifest;
mod plan;
mod report;

use std::path::PathBuf;

struct Options {
    manifest: PathBuf,
    mirror: PathBuf,
    work: PathBuf,
    admin_url: String,
    only: Vec<String>,
    details: bool,
    markdown: bool,
    keep: bool,
    refusals: Option<PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        manifest: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/realworld/manifest.toml"
        )),
        mirror: PathBuf::from(
            std::env::var("REALWORLD_MIRROR").unwrap_or_else(|_| "/work/.mirror".into()),
        ),
        work: std::env::temp_dir().join("schemadrift-realworld"),
        admin_url: std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        only: Vec::new(),
        details: false,
        markdown: false,
        keep: false,
        refusals: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--manifest" => o.manifest = value("--manifest")?.into(),
            "--mirror" => o.mirror = value("--mirror")?.into(),
            "--work" => o.work = value("--work")?.into(),
            "--db" => o.admin_url = value("--db")?,
            "--only" => o.only.push(value("--only")?),
            "--details" => o.details = true,
            "--markdown" => o.markdown = true,
            "--keep" => o.keep = true,
            "--refusals" => o.refusals = Some(value("--refusals")?.into()),
            "-h" | "--help" => {
                println!(
                    "realworld [--only NAME]... [--details] [--markdown] [--keep] [--refusals DIR] [--manifest FILE] [--mirror DIR] [--work DIR] [--db URL]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("realworld: {e}");
            std::process::exit(2);
        }
    };
    let manifest = match manifest::Manifest::read(&opts.manifest) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("realworld: {e}");
            std::process::exit(2);
        }
    };
    let mut rows = Vec::new();
    for project in &manifest.project {
        if !opts.only.is_empty() && !opts.only.iter().any(|n| n == &project.name) {
            continue;
        }
        let started = std::time::Instant::now();
        let row = match plan::materialize(project, &opts.mirror, &opts.work)
            .and_then(|dir| plan::plan(project, &dir))
        {
            Ok(history) => judge::judge(project, &history, &opts.admin_url, opts.keep),
            Err(e) => report::Row::failed(project, e),
        };
        eprintln!(
            "{:<28} {:>6} statements  {:>5.1}s  {}",
            project.name,
            row.statements,
            started.elapsed().as_secs_f64(),
            row.summary()
        );
        if opts.details {
            for d in row.sample_refusals.iter().chain(&row.disagreements) {
                eprintln!("    {d}");
            }
            for (reason, n) in &row.unknown_reasons {
                eprintln!("    unknown x{n}: {reason}");
            }
        }
        if let Some(dir) = &opts.refusals {
            let file = dir.join(format!("{}.txt", project.name));
            let text: String = row.refused_at.iter().map(|l| format!("{l}\n")).collect();
            if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&file, text)) {
                eprintln!("realworld: cannot write {}: {e}", file.display());
            }
        }
        rows.push(row);
    }
    if opts.markdown {
        print!("{}", report::markdown(&rows));
    } else {
        print!("{}", report::table(&rows));
    }
    let bad: usize = rows
        .iter()
        .map(|r| r.false_refusals + r.misses + r.unparsed + usize::from(r.error.is_some()))
        .sum();
    std::process::exit(if bad == 0 { 0 } else { 1 });
}
