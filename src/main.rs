//! The schemadrift command line.

use clap::{Parser, Subcommand, ValueEnum};
use schemadrift::findings::{Severity, sort_findings};
use schemadrift::report::{self, Report};
use schemadrift::rules;
use schemadrift::sources::project;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Parsing and replaying allocate many small short-lived nodes, across threads: mimalloc
/// makes the replay of a large history about 40 % faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "schemadrift",
    version,
    about = "Finds schema drift in PostgreSQL and Supabase projects"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Markdown,
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=…,line=…::…`).
    Github,
    Html,
}

#[derive(clap::Args)]
struct Output {
    /// Report format (default: text).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the report to a file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Exit with status 1 when a finding at or above this severity is reported
    /// (critical, high, medium, low, info; `never`: always 0 unless the run fails).
    #[arg(long, default_value = "high")]
    fail_on: String,
    /// Text report: add the source lines, both sides of a drift, the impact and the fix SQL.
    #[arg(long, short = 'v', conflicts_with = "quiet")]
    verbose: bool,
    /// Text report: only the summary.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Text report: the count of findings per rule.
    #[arg(long)]
    statistics: bool,
    /// Colours in the text report: auto (a terminal, unless NO_COLOR; CLICOLOR_FORCE forces
    /// them), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorWhen,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Whether the text report is coloured, and how wide it wraps.
fn text_options(out: &Output) -> report::text::TextOptions {
    let stdout = std::io::stdout();
    let to_terminal = out.output.is_none() && stdout.is_terminal();
    let color = match out.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        // a file is never coloured unless asked; stdout follows NO_COLOR, CLICOLOR_FORCE,
        // CLICOLOR, TERM and whether it is a terminal
        ColorWhen::Auto if out.output.is_some() => false,
        ColorWhen::Auto => anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never,
    };
    let width = if to_terminal {
        terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0 as usize)
    } else {
        None
    }
    .or_else(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse().ok())
    })
    .filter(|w| *w >= 40);
    report::text::TextOptions {
        color,
        width,
        verbose: out.verbose,
        quiet: out.quiet,
        statistics: out.statistics,
    }
}

/// Options for reading a live database.
#[derive(clap::Args)]
struct DbArgs {
    /// Statement timeout for the database session (`30s`, `500ms`, `2m`, or seconds; 1ms to 24h).
    #[arg(long = "statement-timeout", value_parser = parse_duration, default_value = "30s")]
    statement_timeout: std::time::Duration,
    /// How long to wait for the server to accept the connection, set up TLS and log in.
    #[arg(long = "connect-timeout", value_parser = parse_duration, default_value = "10s")]
    connect_timeout: std::time::Duration,
}

/// The longest duration an option takes: 24 hours (PostgreSQL's own limit for
/// `statement_timeout` is about 24.8 days).
const MAX_DURATION_SECS: f64 = 24.0 * 3600.0;

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => (&s[..i], s[i..].trim()),
        None => (s, "s"),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (30s, 500ms, 2m, 1h)"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" | "sec" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("`{s}`: unknown unit `{unit}` (ms, s, m, h)")),
    };
    if !(secs.is_finite() && secs > 0.0) {
        return Err(format!("`{s}` must be positive"));
    }
    // checked before converting: Duration::from_secs_f64 panics on a value it cannot hold
    if !(0.001..=MAX_DURATION_SECS).contains(&secs) {
        return Err(format!("`{s}` must be from 1ms to 24h"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// Reads a SOURCE argument: a postgres:// URL is introspected, anything else replayed.
fn load_source(source: &std::path::Path, db: &DbArgs) -> Result<project::SqlSource, String> {
    use schemadrift::sources::database;
    let text = source.to_string_lossy();
    if database::is_database_url(&text) {
        let opts = database::DbOptions {
            statement_timeout: db.statement_timeout,
            connect_timeout: db.connect_timeout,
            ..database::DbOptions::default()
        };
        let src = database::introspect(&text, &opts).map_err(|e| e.to_string())?;
        return Ok(project::SqlSource {
            catalog: src.catalog,
            findings: Vec::new(),
            verdicts: Vec::new(),
            info: src.info,
        });
    }
    project::load_sql_path(source)
}

/// The sources of an audit.
#[derive(clap::Args)]
struct AuditArgs {
    /// The project folder (default: the current folder).
    dir: Option<PathBuf>,
    /// A migration folder, replayed in the order given (repeatable).
    #[arg(long)]
    migrations: Vec<PathBuf>,
    /// A schema file (pg_dump output included); the baseline the migrations apply on.
    #[arg(long = "schema-file")]
    schema_file: Vec<PathBuf>,
    /// The live database, read only: postgres://user@host:port/db
    #[arg(long)]
    db: Option<String>,
    /// schema.prisma (a file, or a folder of .prisma files).
    #[arg(long)]
    prisma: Option<PathBuf>,
    /// The PostgREST OpenAPI document (what Supabase serves at /rest/v1/).
    #[arg(long)]
    openapi: Option<PathBuf>,
    /// Generated types (`supabase gen types typescript`).
    #[arg(long)]
    types: Option<PathBuf>,
    /// A folder of application code (repeatable).
    #[arg(long)]
    code: Vec<PathBuf>,
    /// schemadrift.toml to read (default: the one in the project folder).
    #[arg(long)]
    config: Option<PathBuf>,
    #[command(flatten)]
    db_args: DbArgs,
}

impl AuditArgs {
    fn inputs(self) -> schemadrift::audit::AuditInputs {
        schemadrift::audit::AuditInputs {
            dir: self.dir.unwrap_or_else(|| PathBuf::from(".")),
            migrations: self.migrations,
            schema_files: self.schema_file,
            db: self.db,
            prisma: self.prisma,
            openapi: self.openapi,
            types: self.types,
            code: self.code,
            db_settings: schemadrift::sources::load::DbSettings {
                statement_timeout: self.db_args.statement_timeout,
                connect_timeout: self.db_args.connect_timeout,
            },
            config: self.config,
            baseline: Default::default(),
        }
    }
}

/// Loads a SOURCE argument of any kind, refusing a file that is not of the kind its name
/// or content says (a README given as SQL, a file that is no Prisma schema).
fn load_checked(
    arg: &str,
    id: &str,
    settings: &schemadrift::sources::load::DbSettings,
) -> Result<schemadrift::sources::load::Loaded, String> {
    use schemadrift::sources::load::{self, SourceKind};
    if load::kind_of(arg) == SourceKind::Sql {
        schemadrift::named::check_sql_file(std::path::Path::new(arg), arg)?;
    }
    let l = load::load(arg, id, settings)?;
    if l.kind == SourceKind::Prisma {
        schemadrift::named::check_prisma(&l, arg)?;
    }
    Ok(l)
}

fn load_named(arg: &str, db: &DbArgs) -> Result<schemadrift::sources::load::Loaded, String> {
    use schemadrift::sources::load;
    let settings = load::DbSettings {
        statement_timeout: db.statement_timeout,
        connect_timeout: db.connect_timeout,
    };
    load_checked(arg, &load::default_id(arg), &settings)
}

#[derive(Subcommand)]
enum Command {
    /// Audit a project: read every source, compare them, and report what disagrees.
    Audit {
        #[command(flatten)]
        args: AuditArgs,
        /// The baseline of accepted findings to leave out (default: the configuration's
        /// `baseline`, else schemadrift-baseline.json in the project when it exists).
        #[arg(long, conflicts_with = "no_baseline")]
        baseline: Option<PathBuf>,
        /// Report every finding, baselined or not.
        #[arg(long)]
        no_baseline: bool,
        #[command(flatten)]
        out: Output,
    },
    /// Accept today's findings: write them, with stable fingerprints, to the baseline file
    /// that `audit` then leaves out (only new findings are reported).
    Baseline {
        #[command(flatten)]
        args: AuditArgs,
        /// The file to write (default: the configuration's `baseline`, else
        /// schemadrift-baseline.json in the project).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Report what is wrong with one SQL source (a migration folder or a .sql file).
    Lint {
        /// A migration folder, a .sql file, or a postgres:// URL.
        source: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        /// schemadrift.toml to read (default: the nearest one above SOURCE).
        #[arg(long)]
        config: Option<PathBuf>,
        #[command(flatten)]
        out: Output,
    },
    /// Compare two sources: what B lacks or has differently from A (a folder, a .sql file,
    /// schema.prisma, an OpenAPI .json, generated types .ts, or a postgres:// URL).
    Diff {
        a: String,
        b: String,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        out: Output,
    },
    /// Print the catalog of a source as canonical SQL.
    Dump {
        /// A migration folder, a .sql file, schema.prisma, an OpenAPI .json, generated
        /// types .ts, or a postgres:// URL.
        source: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the tables, columns and functions the code references.
    Refs {
        /// The project or code folder (default: the current folder).
        dir: Option<PathBuf>,
        /// A code folder to scan (repeatable; default: the project's usual code folders).
        #[arg(long)]
        code: Vec<PathBuf>,
        /// Output format (default: text).
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Explain a rule (`--list`: every rule with its default severity).
    Explain {
        #[arg(required_unless_present = "list")]
        rule: Option<String>,
        /// List every rule id with its default severity and what it finds.
        #[arg(long, conflicts_with = "rule")]
        list: bool,
    },
}

/// The stack of the thread that runs a command and of every worker thread: 1 GiB (address
/// space reserved, not memory used). The parsers and tree walks over SQL, Prisma, JavaScript and
/// Python recurse on the nesting of their input; with this stack inputs a hundred times deeper
/// than the ones that aborted the default 8 MiB main thread (about 4,000 nested parentheses)
/// are walked without overflow.
const STACK_BYTES: usize = 1 << 30;

/// The largest stack every thread of a run can get here: 1 GiB, or a quarter or a sixteenth
/// of it where the address space is limited (`ulimit -v`); None when not even that. Checked by
/// starting as many threads at once as a run may have (the command's, the rayon pool's and the
/// code scanner's walkers).
fn usable_stack() -> Option<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = (2 * cores + 2).min(66);
    [STACK_BYTES, STACK_BYTES / 4, STACK_BYTES / 16]
        .into_iter()
        .find(|&size| threads_fit(size, threads))
}

/// Whether `n` threads with `size` stacks can exist at once.
fn threads_fit(size: usize, n: usize) -> bool {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    let mut started = Vec::new();
    let mut all = true;
    for _ in 0..n {
        let rx = rx.clone();
        let spawned = std::thread::Builder::new().stack_size(size).spawn(move || {
            // waits until the sender is dropped
            let _ = rx.lock().map(|r| r.recv());
        });
        match spawned {
            Ok(h) => started.push(h),
            Err(_) => {
                all = false;
                break;
            }
        }
    }
    drop(tx);
    for h in started {
        let _ = h.join();
    }
    all
}

fn main() -> ExitCode {
    let stack = usable_stack();
    // Threads spawned without a stack size (rayon's pool, the code scanner's walker threads)
    // take theirs from RUST_MIN_STACK: set it while this is the only thread (the probe
    // threads were all joined), so that they get the big stack too. A user's value is kept.
    if let Some(size) = stack
        && std::env::var_os("RUST_MIN_STACK").is_none()
    {
        // SAFETY: no other thread exists: the probe threads were joined, nothing else ran.
        unsafe { std::env::set_var("RUST_MIN_STACK", size.to_string()) };
    }
    // too little room for every thread: the biggest stack the command's own thread can get
    let own = stack.or_else(|| {
        [STACK_BYTES / 4, STACK_BYTES / 16, STACK_BYTES / 64]
            .into_iter()
            .find(|&size| threads_fit(size, 1))
    });
    let worker = own.and_then(|size| {
        std::thread::Builder::new()
            .name("schemadrift".into())
            .stack_size(size)
            .spawn(|| run(Cli::parse()))
            .ok()
    });
    let result = match worker {
        Some(h) => h
            .join()
            .unwrap_or_else(|_| Err("internal error (a bug: please report it)".to_string())),
        None => run(Cli::parse()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // one line, even when the message carries a newline from a library
            // and no control character from a file name or an argument reaches the terminal
            let line: String = e
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .flat_map(|c| {
                    if c.is_control() {
                        c.escape_default().collect::<Vec<_>>()
                    } else {
                        vec![c]
                    }
                })
                .collect();
            let _ = writeln!(std::io::stderr(), "schemadrift: {line}");
            ExitCode::from(2)
        }
    }
}

/// Writes to standard output. A reader that went away (`| head`) ends the output quietly:
/// that is not an error of the run.
fn print_out(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write the report: {e}")),
    }
}

/// The `--fail-on` threshold; `None` for `never`.
fn fail_threshold(s: &str) -> Result<Option<Severity>, String> {
    if s.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    Severity::parse(s).map(Some).ok_or_else(|| {
        format!("--fail-on: unknown severity `{s}` (critical, high, medium, low, info, never)")
    })
}

fn emit(mut report: Report, out: &Output) -> Result<ExitCode, String> {
    let threshold = fail_threshold(&out.fail_on)?;
    sort_findings(&mut report.findings);
    let text = match out.format.unwrap_or(Format::Text) {
        Format::Json => report::json::render(&report),
        Format::Text => report::text::render(&report, &text_options(out)),
        Format::Markdown => report::markdown::render(&report),
        Format::Sarif => report::sarif::render(&report),
        Format::Github => report::github::render(&report),
        Format::Html => report::html::render(&report),
    };
    match &out.output {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?
        }
        None => print_out(&text)?,
    }
    Ok(if threshold.is_some_and(|t| report.fails(t)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The folder of the nearest `schemadrift.toml` at or above a source (at most 6 levels up).
fn find_config(source: &std::path::Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(source).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    for _ in 0..6 {
        let d = dir?;
        if d.join("schemadrift.toml").is_file() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Lint {
            source,
            db,
            config,
            out,
        } => {
            let text = source.to_string_lossy();
            if !schemadrift::sources::load::is_url(&text) {
                schemadrift::named::check_sql_file(&source, "lint")?;
            }
            let cfg = match config {
                Some(p) => rules::load_config_file(&p)?,
                None => match find_config(&source) {
                    Some(dir) => rules::load_config(&dir)?,
                    None => rules::RulesConfig::default(),
                },
            };
            let mut src = load_source(&source, &db)?;
            // the replay starts from the Supabase baseline (auth schema) when it detected one
            let supabase = src
                .catalog
                .schema("auth")
                .is_some_and(|s| !s.created_by_source);
            let ctx = rules::RuleContext::new(supabase, &cfg);
            rules::check_sql_source(&mut src, None, &ctx);
            emit(
                Report {
                    sources: vec![src.info],
                    findings: src.findings,
                    ..Default::default()
                },
                &out,
            )
        }
        Command::Dump { source, db } => {
            let arg = source.to_string_lossy().to_string();
            let loaded = load_named(&arg, &db)?;
            print_out(&schemadrift::catalog::dump::dump(&loaded.catalog))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            args,
            baseline,
            no_baseline,
            out,
        } => {
            use schemadrift::audit::BaselineChoice;
            let mut inputs = args.inputs();
            inputs.baseline = match (baseline, no_baseline) {
                (Some(p), _) => BaselineChoice::File(p),
                (None, true) => BaselineChoice::Off,
                (None, false) => BaselineChoice::Auto,
            };
            let audit = schemadrift::audit::audit(&inputs)?;
            emit(audit.report, &out)
        }
        Command::Baseline { args, output } => {
            let mut inputs = args.inputs();
            inputs.baseline = schemadrift::audit::BaselineChoice::Off;
            let audit = schemadrift::audit::audit(&inputs)?;
            let path = output.unwrap_or(audit.baseline_path);
            let findings = &audit.report.findings;
            std::fs::write(&path, schemadrift::findings::baseline::render(findings))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            let _ = writeln!(
                std::io::stderr(),
                "schemadrift: {} findings accepted in {}; `schemadrift audit` now reports only new ones",
                findings.len(),
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { a, b, db, out } => {
            use schemadrift::sources::load::{self, DbSettings};
            let (mut ida, mut idb) = (load::default_id(&a), load::default_id(&b));
            if ida == idb {
                ida = format!("{ida} (A)");
                idb = format!("{idb} (B)");
            }
            let settings = DbSettings {
                statement_timeout: db.statement_timeout,
                connect_timeout: db.connect_timeout,
            };
            let la = load_checked(&a, &ida, &settings)?;
            let lb = load_checked(&b, &idb, &settings)?;
            let mut findings = la.findings.clone();
            findings.extend(lb.findings.iter().cloned());
            findings.extend(schemadrift::compare::compare(
                schemadrift::compare::Side {
                    id: &ida,
                    label: &la.label,
                    catalog: &la.catalog,
                },
                schemadrift::compare::Side {
                    id: &idb,
                    label: &lb.label,
                    catalog: &lb.catalog,
                },
                &Default::default(),
            ));
            if let Some(p) = &la.prisma {
                findings.extend(schemadrift::sources::prisma::check_against(
                    p,
                    &lb.catalog,
                    &lb.label,
                ));
            }
            emit(
                Report {
                    sources: vec![la.info, lb.info],
                    findings,
                    catalogs: vec![(ida.clone(), la.catalog), (idb.clone(), lb.catalog)],
                    ..Default::default()
                },
                &out,
            )
        }
        Command::Refs { dir, code, format } => {
            use schemadrift::code;
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            if !dir.exists() {
                return Err(format!("{} does not exist", dir.display()));
            }
            let scan = if dir.is_dir() {
                code::scan_project(&dir, &code)
            } else {
                code::scan(std::slice::from_ref(&dir), &code::ScanOptions::default())
            };
            print_out(&match format {
                Some(Format::Json) => code::render::json(&scan),
                // A listing has no markdown/SARIF/HTML form: text.
                _ => code::render::text(&scan),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule, list } => {
            use schemadrift::findings;
            if list {
                print_out(&findings::rule_list())?;
                return Ok(ExitCode::SUCCESS);
            }
            let rule = rule.unwrap_or_default();
            match findings::explain(&rule) {
                Some(text) => {
                    print_out(&format!("{text}\n"))?;
                    Ok(ExitCode::SUCCESS)
                }
                None => Err(findings::unknown_rule(&rule)),
            }
        }
    }
}
