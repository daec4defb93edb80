//! The schemadrift command line.

use clap::{Parser, Subcommand, ValueEnum};
use schemadrift::findings::{Severity, sort_findings};
use schemadrift::report::{self, Report};
use schemadrift::rules;
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
        source: PathBuf,
        /// schemadrift.toml to read (default: the nearest one above SOURCE).
        #[arg(long)]
        config: Option<PathBuf>,
        #[command(flatten)]
        out: Output,
    },
    /// Print the catalog of a source as canonical SQL.
    Dump { source: PathBuf },
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
            config,
            out,
        } => {
            let mut src = project::load_sql_path(&source)?;
            let cfg = match config {
                Some(p) => rules::load_config_file(&p)?,
                None => match find_config(&source) {
                    Some(dir) => rules::load_config(&dir)?,
                    None => rules::RulesConfig::default(),
                },
            };
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
                },
                &out,
            )
        }
        Command::Dump { source } => {
            let src = project::load_sql_path(&source)?;
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
