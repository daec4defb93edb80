//! `schemadrift audit`: find a project's sources, read each, compare what should agree, and
//! run the replay findings, the health rules and the code checks.
//!
//! Which pairs are compared (expected → actual):
//! - migrations (on top of a schema file, when there is one) → the live database;
//! - schema.prisma → the migrations, and → the database;
//! - the migrations → the OpenAPI document, → the generated types;
//! - when there is no database: a schema file kept beside the migrations → the migrations.

use crate::catalog::Catalog;
use crate::compare::{self, CompareOptions, Side};
use crate::findings::{Finding, Severity};
use crate::report::{Report, SourceInfo};
use crate::sources::load::{self, DbSettings, Loaded, SourceKind};
use crate::sources::project::{self, SqlInputs, SqlSource};
use crate::sources::{prisma, ts_types};
use std::path::PathBuf;

/// What to audit; empty lists and `None` mean "find it in the project".
#[derive(Clone, Debug, Default)]
pub struct AuditInputs {
    pub dir: PathBuf,
    pub migrations: Vec<PathBuf>,
    pub schema_files: Vec<PathBuf>,
    pub db: Option<String>,
    pub prisma: Option<PathBuf>,
    pub openapi: Option<PathBuf>,
    pub types: Option<PathBuf>,
    pub code: Vec<PathBuf>,
    pub db_settings: DbSettings,
}

/// Everything an audit read, for the reports.
pub struct Audit {
    pub report: Report,
    /// The replayed migrations, if any (reports show their columns side by side).
    pub migrations: Option<Catalog>,
    pub database: Option<Catalog>,
}

fn side<'a>(l: &'a Loaded) -> Side<'a> {
    Side {
        id: &l.info.id,
        label: &l.label,
        catalog: &l.catalog,
    }
}

fn unreadable(what: &str, e: &str) -> Finding {
    Finding::new(
        "unparsed-statement",
        Severity::High,
        what.to_string(),
        format!("{what} could not be read: {e}"),
    )
    .impact("What this source says is unknown: nothing was compared with it.")
}

/// `pending-migration` and `migration-conflict` of the migration folders against the database.
fn status(
    folders: &[PathBuf],
    root: Option<&std::path::Path>,
    sql: &Loaded,
    db: &Loaded,
    supabase: bool,
) -> Vec<Finding> {
    use crate::compare::pending::{History, MigrationText, migration_status};
    use crate::sources::migrations::load_folder;
    let mut sets = Vec::new();
    for f in folders {
        let f = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        if let Ok(set) = load_folder(&f, None, root, "migrations") {
            sets.push(set);
        }
    }
    let mut files = Vec::new();
    for set in &sets {
        for f in &set.files {
            let Ok(text) = &f.text else { continue };
            let version = f.version.clone();
            files.push(MigrationText {
                display: &f.display,
                text,
                version,
            });
        }
    }
    let history = db
        .history
        .as_ref()
        .map(|(table, applied)| History { table, applied });
    migration_status(
        &files,
        &sql.catalog,
        &db.catalog,
        history.as_ref(),
        &db.info.id,
        crate::replay::ReplayOptions {
            source_id: "migrations".into(),
            supabase,
        },
    )
}

pub fn audit(inp: &AuditInputs) -> Result<Audit, String> {
    let dir = &inp.dir;
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    let root = std::fs::canonicalize(dir).ok();
    let canon = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    let folders: Vec<PathBuf> = if inp.migrations.is_empty() {
        project::discover_migration_folders(dir)
    } else {
        inp.migrations.clone()
    };
    let schema_files: Vec<PathBuf> = if inp.schema_files.is_empty() {
        project::discover_schema_files(dir)
    } else {
        inp.schema_files.clone()
    };
    let prisma_path = inp.prisma.clone().or_else(|| prisma::discover(dir));
    let types_path = inp.types.clone().or_else(|| ts_types::discover(dir));
    let mut sources: Vec<SourceInfo> = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();

    // the SQL side: migrations replayed on top of the schema files
    let supabase = dir.join("supabase").is_dir()
        || folders
            .iter()
            .any(|f| f.to_string_lossy().contains("supabase"));
    let sql: Option<SqlSource> = if folders.is_empty() && schema_files.is_empty() {
        None
    } else {
        let id = if folders.is_empty() {
            "schema-file"
        } else {
            "migrations"
        };
        let inputs = SqlInputs {
            folders: folders.iter().map(canon).collect(),
            files: schema_files.iter().map(canon).collect(),
        };
        match project::replay_inputs(&inputs, root.as_deref(), id, supabase) {
            Ok(s) => Some(s),
            Err(e) => {
                findings.push(unreadable(id, &e));
                None
            }
        }
    };
    let sql_verdicts = sql.as_ref().map(|s| s.verdicts.clone()).unwrap_or_default();
    let mut sql_loaded: Option<Loaded> = sql.map(|s| {
        let label = if s.info.id == "migrations" {
            "the migrations".to_string()
        } else {
            "the schema file".to_string()
        };
        Loaded {
            kind: SourceKind::Sql,
            catalog: s.catalog,
            findings: s.findings,
            info: s.info,
            label,
            prisma: None,
            history: None,
        }
    });
    // a schema file beside migrations, on its own (compared when there is no database)
    let schema_alone: Option<Loaded> =
        if !folders.is_empty() && !schema_files.is_empty() && inp.db.is_none() {
            let inputs = SqlInputs {
                folders: Vec::new(),
                files: schema_files.iter().map(canon).collect(),
            };
            project::replay_inputs(&inputs, root.as_deref(), "schema-file", supabase)
                .ok()
                .map(|s| Loaded {
                    kind: SourceKind::Sql,
                    catalog: s.catalog,
                    findings: Vec::new(),
                    info: s.info,
                    label: "the schema file".into(),
                    prisma: None,
                    history: None,
                })
        } else {
            None
        };

    let mut load_other = |arg: Option<String>, id: &str, label: &str| -> Option<Loaded> {
        let arg = arg?;
        match load::load(&arg, id, &inp.db_settings) {
            Ok(mut l) => {
                l.label = label.to_string();
                Some(l)
            }
            Err(e) => {
                findings.push(unreadable(id, &e));
                None
            }
        }
    };
    // the database the user named is the reference of the audit: when it cannot be read the
    // run stops (exit 2) with the one-line reason, rather than comparing without it
    let mut db = match inp.db.clone() {
        Some(arg) => {
            let mut l = load::load(&arg, "database", &inp.db_settings)?;
            l.label = "the database".to_string();
            Some(l)
        }
        None => None,
    };
    let prisma_src = load_other(
        prisma_path.map(|p| p.to_string_lossy().to_string()),
        "prisma",
        "schema.prisma",
    );
    let openapi = load_other(
        inp.openapi
            .as_ref()
            .map(|p| p.to_string_lossy().to_string()),
        "openapi",
        "the OpenAPI document",
    );
    let types = load_other(
        types_path.map(|p| p.to_string_lossy().to_string()),
        "types",
        "the generated types",
    );
    if sql_loaded.is_none() && db.is_none() && prisma_src.is_none() {
        return Err(format!(
            "no migrations, schema files, schema.prisma or database found for {} (name them with --migrations / --schema-file / --prisma / --db)",
            dir.display()
        ));
    }

    let mut code_used = None;
    // Code references, checked against the best schema: the database, else the SQL side.
    if let Some(best) = db.as_ref().or(sql_loaded.as_ref()) {
        let scan = crate::code::scan_project(dir, &inp.code);
        let models: &[crate::code::ModelMap] = prisma_src
            .as_ref()
            .and_then(|p| p.prisma.as_ref())
            .map(|p| p.models.as_slice())
            .unwrap_or(&[]);
        let others: Vec<(&str, &Catalog)> = [&sql_loaded, &db, &prisma_src, &openapi, &types]
            .into_iter()
            .flatten()
            .filter(|l| !std::ptr::eq(*l, best))
            .map(|l| (l.info.id.as_str(), &l.catalog))
            .collect();
        // A failed CREATE TABLE explains a missing table only when the migrations are the
        // best schema (against a database, the code fails in production all the same).
        let prior: &[Finding] = if db.is_none() {
            sql_loaded
                .as_ref()
                .map(|l| l.findings.as_slice())
                .unwrap_or(&[])
        } else {
            &[]
        };
        code_used = Some(crate::code::used_objects_resolved(
            &scan.refs,
            models,
            &best.catalog,
        ));
        findings.extend(crate::code::check_explained(
            &scan.refs,
            &best.catalog,
            &best.info.id,
            &others,
            models,
            prior,
        ));
    }

    // Health rules: on the replayed SQL, and on the database for what only it has
    let cfg = crate::rules::load_config(dir)?;
    let is_supabase = supabase
        || sql_loaded
            .as_ref()
            .is_some_and(|s| s.catalog.schema("auth").is_some());
    let mut used = crate::rules::UsedObjects::default();
    if let Some(u) = &code_used {
        used.tables.extend(u.tables.iter().cloned());
        used.functions.extend(u.functions.iter().cloned());
    }
    // what Prisma maps (models, implicit many-to-many tables) is used by Prisma Client
    if let Some(p) = &prisma_src {
        used.tables
            .extend(p.catalog.tables().map(|t| t.qual_name()));
        used.tables.extend(p.catalog.views().map(|v| v.qual_name()));
    }
    let mut ctx = crate::rules::RuleContext::new(is_supabase, &cfg);
    if code_used.is_some() || prisma_src.is_some() {
        ctx = ctx.with_used(&used);
    }
    if let Some(l) = sql_loaded.as_mut() {
        let mut src = SqlSource {
            catalog: std::mem::take(&mut l.catalog),
            findings: std::mem::take(&mut l.findings),
            verdicts: sql_verdicts,
            info: l.info.clone(),
        };
        crate::rules::check_sql_source(&mut src, root.as_deref(), &ctx);
        l.catalog = src.catalog;
        l.findings = src.findings;
    }
    if let Some(d) = db.as_mut() {
        let mut extra = crate::rules::run(&d.catalog, &ctx);
        let have: std::collections::BTreeSet<(&str, String)> = sql_loaded
            .iter()
            .flat_map(|l| l.findings.iter())
            .map(|f| (f.rule, f.object.clone()))
            .collect();
        extra.retain(|f| !have.contains(&(f.rule, f.object.clone())));
        d.findings.append(&mut extra);
    }

    let opts = CompareOptions::default();
    for l in [&sql_loaded, &db, &prisma_src, &openapi, &types]
        .into_iter()
        .flatten()
    {
        sources.push(l.info.clone());
        findings.extend(l.findings.iter().cloned());
    }
    if let Some(s) = &sql_loaded {
        if let Some(d) = &db {
            findings.extend(compare::compare(side(s), side(d), &opts));
            if !folders.is_empty() {
                findings.extend(status(&folders, root.as_deref(), s, d, supabase));
            }
        }
        if let Some(o) = &openapi {
            findings.extend(compare::compare(side(s), side(o), &opts));
        }
        if let Some(t) = &types {
            findings.extend(compare::compare(side(s), side(t), &opts));
        }
        if let Some(f) = &schema_alone {
            findings.extend(compare::compare(side(f), side(s), &opts));
        }
    } else if let Some(d) = &db {
        for o in [&openapi, &types].into_iter().flatten() {
            findings.extend(compare::compare(side(d), side(o), &opts));
        }
    }
    if let Some(p) = &prisma_src {
        for other in [&sql_loaded, &db].into_iter().flatten() {
            findings.extend(compare::compare(side(p), side(other), &opts));
            if let Some(ps) = &p.prisma {
                findings.extend(prisma::check_against(ps, &other.catalog, &other.label));
            }
        }
    }
    let mut catalogs = Vec::new();
    for l in [&prisma_src, &sql_loaded, &db, &openapi, &types]
        .into_iter()
        .flatten()
    {
        catalogs.push((l.info.id.clone(), l.catalog.clone()));
    }
    Ok(Audit {
        report: Report {
            sources,
            findings,
            catalogs,
            root: root.clone(),
        },
        migrations: sql_loaded.map(|l| l.catalog),
        database: db.map(|l| l.catalog),
    })
}
