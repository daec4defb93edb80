//! The precision corpus (issue 13): `schemadrift audit` run the way a new user runs it on each
//! public project of `realworld/manifest.toml`, and every finding of medium or higher compared
//! with the verdict a person gave it after reading the cited lines
//! (`realworld/verdicts/<project>.toml`). Prints precision per rule family and per project, and
//! whether each project judged clean exits 0 under the default `--fail-on high`.
//!
//! ```sh
//! cargo build --release && cargo run --release --example precision -- [--only NAME]... [--unjudged] [--todo] [--markdown]
//! ```
//!
//! A `migration-error` at a statement PostgreSQL refused is judged true without a verdict
//! entry: run `cargo run --release --example realworld -- --refusals /tmp/schemadrift-refusals`
//! first (`--refusals DIR` here names another folder).
//!
//! `--unjudged` lists each finding that has no verdict yet (with its locations and message);
//! `--todo` appends a skeleton entry for each of them to the project's verdict file
//! (`verdict = "?"`), to be judged by reading the cited lines. A verdict names a finding by
//! its fingerprint (rule + object + the sources that disagree), so it survives line moves; a
//! verdict whose finding is gone is listed as `gone`.
//!
//! The repositories are read from local git copies (`--mirror DIR`, default `/work/.mirror`),
//! extracted at the manifest's commit; nothing of theirs is committed.

#[allow(dead_code)] // the harness fields this corpus does not read
#[path = "manifest.rs"]
mod manifest;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Verdicts {
    #[serde(default)]
    verdict: Vec<Verdict>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Verdict {
    fingerprint: String,
    rule: String,
    object: String,
    /// "true" (a real problem a maintainer would thank us for), "false", or "?" (not judged).
    verdict: String,
    why: String,
}

#[derive(Debug, Deserialize)]
struct Report {
    findings: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
struct Finding {
    fingerprint: String,
    rule: String,
    severity: String,
    #[serde(default)]
    object: Option<String>,
    message: String,
    #[serde(default)]
    locations: Vec<Location>,
}

#[derive(Debug, Deserialize)]
struct Location {
    path: String,
    #[serde(default)]
    line: Option<u64>,
    source: String,
}

struct Options {
    manifest: PathBuf,
    verdicts: PathBuf,
    mirror: PathBuf,
    work: PathBuf,
    binary: PathBuf,
    refusals: PathBuf,
    only: Vec<String>,
    unjudged: bool,
    todo: bool,
    markdown: bool,
}

fn parse_args() -> Result<Options, String> {
    let here = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/realworld"));
    let binary = std::env::current_exe()
        .ok()
        .and_then(|e| Some(e.parent()?.parent()?.join("schemadrift")))
        .unwrap_or_else(|| PathBuf::from("schemadrift"));
    let mut o = Options {
        manifest: here.join("manifest.toml"),
        verdicts: here.join("verdicts"),
        mirror: PathBuf::from(
            std::env::var("REALWORLD_MIRROR").unwrap_or_else(|_| "/work/.mirror".into()),
        ),
        work: std::env::temp_dir().join("schemadrift-precision"),
        binary,
        refusals: std::env::temp_dir().join("schemadrift-refusals"),
        only: Vec::new(),
        unjudged: false,
        todo: false,
        markdown: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--manifest" => o.manifest = value("--manifest")?.into(),
            "--verdicts" => o.verdicts = value("--verdicts")?.into(),
            "--mirror" => o.mirror = value("--mirror")?.into(),
            "--work" => o.work = value("--work")?.into(),
            "--binary" => o.binary = value("--binary")?.into(),
            "--refusals" => o.refusals = value("--refusals")?.into(),
            "--only" => o.only.push(value("--only")?),
            "--unjudged" => o.unjudged = true,
            "--todo" => o.todo = true,
            "--markdown" => o.markdown = true,
            "-h" | "--help" => {
                println!(
                    "precision [--only NAME]... [--unjudged] [--todo] [--markdown] [--manifest FILE] [--verdicts DIR] [--mirror DIR] [--work DIR] [--binary FILE] [--refusals DIR]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

/// The whole repository at the manifest's commit, extracted into `work/<name>`.
fn materialize(p: &manifest::Project, mirror: &Path, work: &Path) -> Result<PathBuf, String> {
    let git_dir = mirror.join(p.mirror_name()).join("repo");
    if !git_dir.is_dir() {
        return Err(format!(
            "no local copy of {} ({})",
            p.repo,
            git_dir.display()
        ));
    }
    let dest = work.join(&p.name);
    let stamp = dest.join(".schemadrift-commit");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(p.commit.as_str()) {
        return Ok(dest);
    }
    if dest.exists() {
        std::fs::remove_dir_all(&dest)
            .map_err(|e| format!("cannot clear {}: {e}", dest.display()))?;
    }
    std::fs::create_dir_all(&dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    extract(&git_dir, &p.commit, &dest)?;
    std::fs::write(&stamp, &p.commit).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(dest)
}

/// Every regular file of the commit's tree written under `dest`, through one
/// `git cat-file --batch`. A blob the local copy does not hold (the fetch leaves the largest
/// files out) is skipped, as are symlinks and submodules.
fn extract(git_dir: &Path, commit: &str, dest: &Path) -> Result<(), String> {
    use std::io::{BufRead, BufReader, Read, Write};
    let tree = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["ls-tree", "-r", "-z", commit])
        .output()
        .map_err(|e| format!("git ls-tree: {e}"))?;
    if !tree.status.success() {
        return Err(format!(
            "git ls-tree {commit}: {}",
            String::from_utf8_lossy(&tree.stderr).trim()
        ));
    }
    let mut blobs: Vec<(String, String)> = Vec::new();
    for entry in tree.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (mode, kind, id) = (meta.next(), meta.next(), meta.next());
        if kind == Some("blob")
            && mode != Some("120000")
            && let Some(id) = id
        {
            blobs.push((id.to_string(), path.to_string()));
        }
    }
    let mut cat = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["cat-file", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("git cat-file: {e}"))?;
    let mut stdin = cat.stdin.take().ok_or("git cat-file: no stdin")?;
    let ids: Vec<String> = blobs.iter().map(|(id, _)| id.clone()).collect();
    let writer = std::thread::spawn(move || {
        for id in ids {
            if writeln!(stdin, "{id}").is_err() {
                break;
            }
        }
    });
    let mut out = BufReader::new(cat.stdout.take().ok_or("git cat-file: no stdout")?);
    for (_, path) in &blobs {
        let mut header = String::new();
        out.read_line(&mut header)
            .map_err(|e| format!("git cat-file: {e}"))?;
        if header.trim_end().ends_with(" missing") {
            continue;
        }
        let size: usize = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("git cat-file: unexpected `{}`", header.trim_end()))?;
        let mut body = vec![0u8; size + 1];
        out.read_exact(&mut body)
            .map_err(|e| format!("git cat-file: {e}"))?;
        body.pop();
        let file = dest.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&file, body).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    let _ = writer.join();
    let _ = cat.wait();
    Ok(())
}

/// The lines of every statement PostgreSQL refused, per file, as `realworld --refusals DIR`
/// wrote them (`path:first-last SQLSTATE`).
fn read_refusals(dir: &Path, name: &str) -> BTreeMap<String, Vec<(u64, u64)>> {
    let mut out: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap_or_default();
    for l in text.lines() {
        let Some((at, _code)) = l.rsplit_once(' ') else {
            continue;
        };
        let Some((path, lines)) = at.rsplit_once(':') else {
            continue;
        };
        let Some((a, b)) = lines.split_once('-') else {
            continue;
        };
        if let (Ok(a), Ok(b)) = (a.parse(), b.parse()) {
            out.entry(path.to_string()).or_default().push((a, b));
        }
    }
    out
}

fn read_verdicts(path: &Path) -> Result<Verdicts, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Verdicts::default()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

fn at_least_medium(severity: &str) -> bool {
    matches!(severity, "medium" | "high" | "critical")
}

#[derive(Default)]
struct Tally {
    findings: usize,
    yes: usize,
    no: usize,
    unjudged: usize,
}

impl Tally {
    fn add(&mut self, verdict: Option<&str>) {
        self.findings += 1;
        match verdict {
            Some("true") => self.yes += 1,
            Some("false") => self.no += 1,
            _ => self.unjudged += 1,
        }
    }

    fn precision(&self) -> String {
        if self.yes + self.no == 0 {
            "-".into()
        } else {
            format!(
                "{:.1}%",
                100.0 * self.yes as f64 / (self.yes + self.no) as f64
            )
        }
    }
}

struct ProjectRow {
    name: String,
    tally: Tally,
    exit: Option<i32>,
    gone: usize,
    /// Of the verdicts gone, how many had judged the finding false (a cause fixed).
    gone_false: usize,
    error: Option<String>,
    on_exit: &'static str,
}

impl ProjectRow {
    /// Judged clean: every finding of medium or higher judged, and none of high or higher true.
    fn verdict_on_exit(&self, high_true: usize) -> &'static str {
        if self.error.is_some() || self.tally.unjudged > 0 {
            return "-";
        }
        match (high_true, self.exit) {
            (0, Some(0)) => "clean, exit 0",
            (0, _) => "clean, exit ≠ 0",
            (_, Some(1)) => "real problems, exit 1",
            (_, _) => "real problems, exit ≠ 1",
        }
    }
}

fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("precision: {e}");
            std::process::exit(2);
        }
    };
    if !opts.binary.is_file() {
        eprintln!(
            "precision: no schemadrift binary at {} (cargo build --release, or --binary FILE)",
            opts.binary.display()
        );
        std::process::exit(2);
    }
    let manifest = match manifest::Manifest::read(&opts.manifest) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("precision: {e}");
            std::process::exit(2);
        }
    };
    let mut families: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut rows = Vec::new();
    let mut failing_clean = 0usize;
    for project in &manifest.project {
        if !opts.only.is_empty() && !opts.only.iter().any(|n| n == &project.name) {
            continue;
        }
        let verdict_file = opts.verdicts.join(format!("{}.toml", project.name));
        let mut row = ProjectRow {
            name: project.name.clone(),
            tally: Tally::default(),
            exit: None,
            gone: 0,
            gone_false: 0,
            error: None,
            on_exit: "-",
        };
        let run = || -> Result<(Report, Option<i32>, Verdicts), String> {
            let dir = materialize(project, &opts.mirror, &opts.work)?;
            let root = match &project.audit {
                Some(sub) => dir.join(sub),
                None => dir.clone(),
            };
            let out = Command::new(&opts.binary)
                .arg("audit")
                .arg(&root)
                .args(["--format", "json"])
                .output()
                .map_err(|e| format!("{}: {e}", opts.binary.display()))?;
            let report: Report = serde_json::from_slice(&out.stdout).map_err(|e| {
                format!(
                    "audit printed no report ({e}): {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                )
            })?;
            Ok((report, out.status.code(), read_verdicts(&verdict_file)?))
        };
        let (report, exit, mut verdicts) = match run() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{:<28} error: {e}", project.name);
                row.error = Some(e);
                rows.push(row);
                continue;
            }
        };
        row.exit = exit;
        let by_fp: BTreeMap<&str, &Verdict> = verdicts
            .verdict
            .iter()
            .map(|v| (v.fingerprint.as_str(), v))
            .collect();
        let mut high_true = 0usize;
        let mut todo: Vec<Verdict> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let refused = read_refusals(&opts.refusals, &project.name);
        for f in report
            .findings
            .iter()
            .filter(|f| at_least_medium(&f.severity))
        {
            seen.insert(f.fingerprint.as_str());
            // PostgreSQL is the judge of a refusal: a migration-error at a statement it refused
            let pg_refused = f.rule == "migration-error"
                && f.locations.iter().any(|l| {
                    l.line.is_some_and(|n| {
                        refused
                            .get(&l.path)
                            .is_some_and(|r| r.iter().any(|&(a, b)| a <= n && n <= b))
                    })
                });
            let v = if pg_refused {
                Some("true")
            } else {
                by_fp
                    .get(f.fingerprint.as_str())
                    .map(|v| v.verdict.as_str())
            };
            let family = schemadrift::findings::family(&f.rule).unwrap_or("unknown");
            families.entry(family).or_default().add(v);
            row.tally.add(v);
            if v == Some("true") && matches!(f.severity.as_str(), "high" | "critical") {
                high_true += 1;
            }
            if !matches!(v, Some("true" | "false")) {
                if opts.unjudged {
                    println!(
                        "{} {} [{}] {} {}",
                        project.name,
                        f.fingerprint,
                        f.severity,
                        f.rule,
                        f.object.as_deref().unwrap_or("")
                    );
                    for l in &f.locations {
                        println!(
                            "    {}: {}:{}",
                            l.source,
                            l.path,
                            l.line.map(|n| n.to_string()).unwrap_or_default()
                        );
                    }
                    println!("    {}", f.message);
                }
                if v.is_none() && !todo.iter().any(|t| t.fingerprint == f.fingerprint) {
                    todo.push(Verdict {
                        fingerprint: f.fingerprint.clone(),
                        rule: f.rule.clone(),
                        object: f.object.clone().unwrap_or_default(),
                        verdict: "?".into(),
                        why: String::new(),
                    });
                }
            }
        }
        let gone: Vec<&Verdict> = verdicts
            .verdict
            .iter()
            .filter(|v| !seen.contains(v.fingerprint.as_str()))
            .collect();
        row.gone = gone.len();
        row.gone_false = gone.iter().filter(|v| v.verdict == "false").count();
        if opts.todo && !todo.is_empty() {
            verdicts.verdict.extend(todo);
            let text = toml::to_string(&verdicts).unwrap_or_default();
            if let Err(e) = std::fs::create_dir_all(&opts.verdicts)
                .and_then(|_| std::fs::write(&verdict_file, text))
            {
                eprintln!("precision: cannot write {}: {e}", verdict_file.display());
            }
        }
        let on_exit = row.verdict_on_exit(high_true);
        row.on_exit = on_exit;
        if on_exit == "clean, exit ≠ 0" {
            failing_clean += 1;
        }
        eprintln!(
            "{:<28} {:>4} medium+  {:>4} true  {:>4} false  {:>4} unjudged  exit {:?}  {}",
            row.name,
            row.tally.findings,
            row.tally.yes,
            row.tally.no,
            row.tally.unjudged,
            row.exit,
            on_exit
        );
        rows.push(row);
    }
    let head = if opts.markdown {
        "|---|---:|---:|---:|---:|---:|---|---|\n"
    } else {
        ""
    };
    let line = |cells: &[String]| -> String {
        if opts.markdown {
            format!("| {} |\n", cells.join(" | "))
        } else {
            let widths = [28, 8, 6, 6, 9, 10, 10, 24];
            let mut s = String::new();
            for (c, w) in cells.iter().zip(widths) {
                s.push_str(&format!("{c:<w$} "));
            }
            s.trim_end().to_string() + "\n"
        }
    };
    let mut out = String::new();
    out.push_str(&line(&[
        "family".into(),
        "medium+".into(),
        "true".into(),
        "false".into(),
        "unjudged".into(),
        "precision".into(),
    ]));
    if opts.markdown {
        out.push_str("|---|---:|---:|---:|---:|---:|\n");
    }
    let mut total = Tally::default();
    for (family, t) in &families {
        out.push_str(&line(&[
            family.to_string(),
            t.findings.to_string(),
            t.yes.to_string(),
            t.no.to_string(),
            t.unjudged.to_string(),
            t.precision(),
        ]));
        total.findings += t.findings;
        total.yes += t.yes;
        total.no += t.no;
        total.unjudged += t.unjudged;
    }
    out.push_str(&line(&[
        "all".into(),
        total.findings.to_string(),
        total.yes.to_string(),
        total.no.to_string(),
        total.unjudged.to_string(),
        total.precision(),
    ]));
    out.push('\n');
    out.push_str(&line(&[
        "project".into(),
        "medium+".into(),
        "true".into(),
        "false".into(),
        "unjudged".into(),
        "precision".into(),
        "exit".into(),
        "judged".into(),
    ]));
    out.push_str(head);
    for r in &rows {
        let exit = match (&r.error, r.exit) {
            (Some(e), _) => format!("error: {e}"),
            (None, Some(c)) => c.to_string(),
            (None, None) => "signal".into(),
        };
        let gone = if r.gone > 0 {
            format!(
                " ({} verdicts gone, {} of them false)",
                r.gone, r.gone_false
            )
        } else {
            String::new()
        };
        out.push_str(&line(&[
            r.name.clone(),
            r.tally.findings.to_string(),
            r.tally.yes.to_string(),
            r.tally.no.to_string(),
            r.tally.unjudged.to_string(),
            r.tally.precision(),
            exit + &gone,
            r.on_exit.to_string(),
        ]));
    }
    print!("{out}");
    let errors = rows.iter().filter(|r| r.error.is_some()).count();
    let code = if errors > 0 || failing_clean > 0 {
        1
    } else {
        0
    };
    std::process::exit(code);
}
