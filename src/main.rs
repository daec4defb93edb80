//! The schemadrift command line.

use clap::{Parser, Subcommand, ValueEnum};
use schemadrift::findings::{Severity, sort_findings};
use schemadrift::report::{self, Report};
use schemadrift::sources::project::{self, SqlInputs};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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
}

#[derive(clap::Args)]
struct Output {
    /// Report format (default: text).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the report to a file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Exit with status 1 when a finding at or above this severity is reported.
    #[arg(long, default_value = "high")]
    fail_on: String,
}

/// Options for reading a live database.
#[derive(clap::Args)]
struct DbArgs {
    /// Statement timeout for the database session (`30s`, `500ms`, or seconds).
    #[arg(long = "statement-timeout", value_parser = parse_duration, default_value = "30s")]
    statement_timeout: std::time::Duration,
}

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => (&s[..i], s[i..].trim()),
        None => (s, "s"),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (30s, 500ms, 2m)"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" | "sec" => n,
        "m" | "min" => n * 60.0,
        _ => return Err(format!("`{s}`: unknown unit `{unit}` (ms, s, m)")),
    };
    if !(secs.is_finite() && secs > 0.0) {
        return Err(format!("`{s}` must be positive"));
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

#[derive(Subcommand)]
enum Command {
    /// Audit a project: replay its migrations and report what is wrong.
    Audit {
        /// The project folder (default: the current folder).
        dir: Option<PathBuf>,
        /// A migration folder, replayed in the order given (repeatable).
        #[arg(long)]
        migrations: Vec<PathBuf>,
        /// A schema file (pg_dump output included); the baseline the migrations apply on.
        #[arg(long = "schema-file")]
        schema_file: Vec<PathBuf>,
        #[command(flatten)]
        out: Output,
    },
    /// Report what is wrong with one SQL source (a migration folder or a .sql file).
    Lint {
        /// A migration folder, a .sql file, or a postgres:// URL.
        source: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        out: Output,
    },
    /// Print the catalog of a source as canonical SQL.
    Dump {
        /// A migration folder, a .sql file, or a postgres:// URL.
        source: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Explain a rule.
    Explain { rule: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("schemadrift: {e}");
            ExitCode::from(2)
        }
    }
}

fn emit(mut report: Report, out: &Output) -> Result<ExitCode, String> {
    let threshold = Severity::parse(&out.fail_on).ok_or_else(|| {
        format!(
            "--fail-on: unknown severity `{}` (critical, high, medium, low, info)",
            out.fail_on
        )
    })?;
    sort_findings(&mut report.findings);
    let to_terminal = out.output.is_none() && std::io::stdout().is_terminal();
    let text = match out.format.unwrap_or(Format::Text) {
        Format::Json => report::json::render(&report),
        Format::Text => report::text::render(&report, to_terminal),
    };
    match &out.output {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?
        }
        None => print!("{text}"),
    }
    Ok(if report.fails(threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Lint { source, db, out } => {
            let src = load_source(&source, &db)?;
            emit(
                Report {
                    sources: vec![src.info],
                    findings: src.findings,
                },
                &out,
            )
        }
        Command::Dump { source, db } => {
            let src = load_source(&source, &db)?;
            print!("{}", schemadrift::catalog::dump::dump(&src.catalog));
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            dir,
            migrations,
            schema_file,
            out,
        } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            if !dir.is_dir() {
                return Err(format!("{} is not a folder", dir.display()));
            }
            let folders = if migrations.is_empty() {
                project::discover_migration_folders(&dir)
            } else {
                migrations
            };
            let files = if schema_file.is_empty() && !folders.is_empty() {
                Vec::new()
            } else if schema_file.is_empty() {
                project::discover_schema_files(&dir)
            } else {
                schema_file
            };
            if folders.is_empty() && files.is_empty() {
                return Err(format!(
                    "no migrations or schema files found in {} (name them with --migrations / --schema-file)",
                    dir.display()
                ));
            }
            let supabase = dir.join("supabase").is_dir()
                || folders
                    .iter()
                    .any(|f| f.to_string_lossy().contains("supabase"));
            let root = std::fs::canonicalize(&dir).ok();
            let canon = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            let inputs = SqlInputs {
                folders: folders.iter().map(canon).collect(),
                files: files.iter().map(canon).collect(),
            };
            let src = project::replay_inputs(&inputs, root.as_deref(), "migrations", supabase)?;
            emit(
                Report {
                    sources: vec![src.info],
                    findings: src.findings,
                },
                &out,
            )
        }
        Command::Explain { rule } => match schemadrift::findings::explain(&rule) {
            Some(text) => {
                println!("{text}");
                Ok(ExitCode::SUCCESS)
            }
            None => Err(format!("unknown rule `{rule}`")),
        },
    }
}
