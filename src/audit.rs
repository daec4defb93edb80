//! `schemadrift audit`: find a project's sources, read each, compare what should agree, and
//! run the replay findings, the health rules and the code checks.
//!
//! Which pairs are compared (expected → actual):
//! - migrations (on top of a schema file, when there is one) → the live database;
//! - schema.prisma → the migrations, and → the database;
//! - the migrations → the OpenAPI document, → the generated types;
//! - a schema file that is a snapshot of the migrations (not their baseline) → the migrations;
//! - a Supabase declarative schema (`supabase/schemas/`) → the migrations;
//! - another runner's migration tree → the main one.

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
    /// `--config FILE`; `None`: the project's `schemadrift.toml`, if any.
    pub config: Option<PathBuf>,
    pub baseline: BaselineChoice,
}

/// Which baseline of accepted findings an audit uses.
#[derive(Clone, Debug, Default)]
pub enum BaselineChoice {
    /// `baseline = "…"` of the configuration, else `schemadrift-baseline.json` in the
    /// project when it exists.
    #[default]
    Auto,
    /// `--baseline FILE`.
    File(PathBuf),
    /// `--no-baseline`, and `schemadrift baseline` itself: every finding.
    Off,
}

/// The file `schemadrift baseline` writes and `audit` reads when nothing else is named.
pub const DEFAULT_BASELINE: &str = "schemadrift-baseline.json";

/// Everything an audit read, for the reports.
pub struct Audit {
    pub report: Report,
    /// The replayed migrations, if any (reports show their columns side by side).
    pub migrations: Option<Catalog>,
    pub database: Option<Catalog>,
    /// Where this project's baseline lives: the configuration's `baseline`, else
    /// `schemadrift-baseline.json` in the project.
    pub baseline_path: PathBuf,
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

/// Loads a source of a known kind, whatever its file is called (`--prisma schema.txt`).
fn load_as(kind: SourceKind, arg: &str, id: &str, db: &DbSettings) -> Result<Loaded, String> {
    use crate::sources::openapi;
    let path = std::path::Path::new(arg);
    let plain = |catalog: Catalog, info: SourceInfo| Loaded {
        kind,
        label: id.to_string(),
        catalog,
        findings: Vec::new(),
        info,
        prisma: None,
        history: None,
    };
    match kind {
        SourceKind::Prisma => {
            let p = prisma::load(path, id)?;
            Ok(Loaded {
                kind,
                label: id.to_string(),
                catalog: p.catalog.clone(),
                findings: p.findings.clone(),
                info: p.info.clone(),
                prisma: Some(p),
                history: None,
            })
        }
        SourceKind::OpenApi => openapi::load(path, id).map(|(c, i)| plain(c, i)),
        SourceKind::Types => ts_types::load(path, id).map(|(c, i)| plain(c, i)),
        SourceKind::Sql | SourceKind::Database => load::load(arg, id, db),
    }
}

/// The `[sources]` of the configuration, for the kinds no flag named; each is checked like a
/// flag (it was named, so it must be readable).
fn with_config_sources(
    inp: &AuditInputs,
    cfg: &crate::rules::RulesConfig,
) -> Result<AuditInputs, String> {
    use crate::named::{check_file, check_folder, check_sql_file};
    let s = &cfg.sources;
    let base = cfg.base.clone().unwrap_or_default();
    let at = |p: &String| base.join(p);
    let mut out = inp.clone();
    let label = |k: &str| format!("schemadrift.toml sources.{k}");
    if out.migrations.is_empty() {
        for m in &s.migrations {
            check_folder(&at(m), &label("migrations"))?;
            out.migrations.push(at(m));
        }
    }
    if out.schema_files.is_empty() {
        for f in &s.schema_files {
            check_sql_file(&at(f), &label("schema_files"))?;
            out.schema_files.push(at(f));
        }
    }
    if out.code.is_empty() {
        for c in &s.code {
            check_file(&at(c), &label("code"), true)?;
            out.code.push(at(c));
        }
    }
    for (flag, slot, from, folder_ok) in [
        ("prisma", &mut out.prisma, &s.prisma, true),
        ("openapi", &mut out.openapi, &s.openapi, false),
        ("types", &mut out.types, &s.types, false),
    ] {
        if slot.is_none()
            && let Some(p) = from
        {
            check_file(&at(p), &label(flag), folder_ok)?;
            *slot = Some(at(p));
        }
    }
    Ok(out)
}

/// The sources the user named must exist and be of their kind: otherwise the run stops.
fn check_named(inp: &AuditInputs) -> Result<(), String> {
    use crate::named::{check_file, check_folder, check_sql_file};
    for m in &inp.migrations {
        check_folder(m, "--migrations")?;
    }
    for f in &inp.schema_files {
        check_sql_file(f, "--schema-file")?;
        if f.is_file() {
            crate::sources::migrations::read_text(f).map_err(|e| format!("--schema-file: {e}"))?;
        }
    }
    if let Some(p) = &inp.prisma {
        check_file(p, "--prisma", true)?;
    }
    if let Some(p) = &inp.openapi {
        check_file(p, "--openapi", false)?;
    }
    if let Some(p) = &inp.types {
        check_file(p, "--types", false)?;
    }
    for c in &inp.code {
        check_file(c, "--code", true)?;
    }
    Ok(())
}

pub fn audit(inp: &AuditInputs) -> Result<Audit, String> {
    let dir = &inp.dir;
    match std::fs::metadata(dir) {
        Err(_) => return Err(format!("{} does not exist", dir.display())),
        Ok(m) if !m.is_dir() => {
            return Err(format!(
                "{} is not a folder: audit reads a project folder (name a single SQL source with `schemadrift lint`)",
                dir.display()
            ));
        }
        Ok(_) => {}
    }
    // a configuration error stops the run before any source is read
    let cfg = match &inp.config {
        Some(p) => crate::rules::load_config_file(p)?,
        None => crate::rules::load_config(dir)?,
    };
    // a baseline that was named must be there before anything is read
    let named_baseline = match &inp.baseline {
        BaselineChoice::File(p) => Some(p.clone()),
        BaselineChoice::Auto => cfg
            .baseline
            .as_ref()
            .map(|b| cfg.base.clone().unwrap_or_else(|| dir.clone()).join(b)),
        BaselineChoice::Off => None,
    };
    if let Some(p) = named_baseline {
        crate::findings::baseline::read(&p)?;
    }
    let merged = with_config_sources(inp, &cfg)?;
    let inp = &merged;
    check_named(inp)?;
    let root = std::fs::canonicalize(dir).ok();
    let canon = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    // discovered trees of different runners (`prisma/migrations` beside
    // `supabase/migrations`) are two histories, compared with each other; folders named with
    // --migrations are one history, in the order given
    let (folders, other_trees, folders_left_out) = if inp.migrations.is_empty() {
        split_by_runner(dir, project::discover_migration_folders(dir))
    } else {
        (inp.migrations.clone(), Vec::new(), Vec::new())
    };
    if folders.is_empty()
        && inp.migrations.is_empty()
        && inp.schema_files.is_empty()
        && let Some(up) = crate::named::migrations_folder_root(dir)
    {
        return Err(format!(
            "{} is a migrations folder, not a project: point audit at the project root (`schemadrift audit {}`), or name the folder with `--migrations {}`",
            dir.display(),
            up.display(),
            dir.display()
        ));
    }
    let schema_files: Vec<PathBuf> = if inp.schema_files.is_empty() {
        project::discover_schema_files(dir)
    } else {
        inp.schema_files.clone()
    };
    let prisma_path = inp.prisma.clone().or_else(|| prisma::discover(dir));
    let types_found: Vec<PathBuf> = if inp.types.is_some() {
        Vec::new()
    } else {
        ts_types::discover_all(dir)
    };
    let mut sources: Vec<SourceInfo> = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();

    // the SQL side: migrations replayed on top of the schema files
    let supabase = dir.join("supabase").is_dir()
        || folders
            .iter()
            .any(|f| f.to_string_lossy().contains("supabase"));
    let mut schema_is_snapshot = false;
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
        let merged = project::replay_inputs(&inputs, root.as_deref(), id, supabase);
        // A schema file is the migrations' baseline only when they build on what it alone
        // creates: replayed without it, the migrations fail more. A schema file that
        // repeats the migrations (a `db dump` kept beside them) would make every CREATE an
        // "already exists": it is a snapshot, compared with the migrations instead.
        let merged = match merged {
            Ok(m) if !folders.is_empty() && !schema_files.is_empty() => {
                let alone_inputs = SqlInputs {
                    folders: inputs.folders.clone(),
                    files: Vec::new(),
                };
                match project::replay_inputs(&alone_inputs, root.as_deref(), id, supabase) {
                    Ok(a) if migration_errors(&a.findings) <= migration_errors(&m.findings) => {
                        schema_is_snapshot = true;
                        Ok(a)
                    }
                    _ => Ok(m),
                }
            }
            other => other,
        };
        match merged {
            Ok(s) => Some(s),
            // what the user named and cannot be read stops the run
            Err(e) if !inp.migrations.is_empty() || !inp.schema_files.is_empty() => {
                return Err(e);
            }
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
        let mut info = s.info;
        // the same runner's folders of other projects in this tree: named, not replayed
        info.also_found = folders_left_out.iter().map(|p| shown_in(dir, p)).collect();
        Loaded {
            kind: SourceKind::Sql,
            catalog: s.catalog,
            findings: s.findings,
            info,
            label,
            prisma: None,
            history: None,
        }
    });
    // a schema file beside migrations that is a snapshot of them, on its own: compared with
    // the migrations (a baseline is where they start, not what they should end as)
    let schema_alone: Option<Loaded> = if schema_is_snapshot {
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

    // the other runners' histories, each replayed on its own
    let other_histories: Vec<Loaded> = other_trees
        .iter()
        .filter_map(|tree| {
            let convention = crate::sources::migrations::detect_convention(&tree[0]);
            let id = format!("migrations-{}", convention.as_str());
            let inputs = SqlInputs {
                folders: tree.iter().map(canon).collect(),
                files: Vec::new(),
            };
            match project::replay_inputs(&inputs, root.as_deref(), &id, supabase) {
                Ok(s) => Some(Loaded {
                    kind: SourceKind::Sql,
                    catalog: s.catalog,
                    findings: s.findings,
                    info: s.info,
                    label: format!("the {} migrations", convention.as_str()),
                    prisma: None,
                    history: None,
                }),
                Err(e) => {
                    findings.push(unreadable(&id, &e));
                    None
                }
            }
        })
        .collect();

    // a Supabase project's declarative schema (`supabase/schemas/`): the state the
    // migrations are generated to reach (`supabase db diff`), compared with them
    let declarative: Option<Loaded> = if inp.migrations.is_empty() && inp.schema_files.is_empty() {
        let files = project::discover_declarative_schemas(&folders);
        if files.is_empty() {
            None
        } else {
            let inputs = SqlInputs {
                folders: Vec::new(),
                files: files.iter().map(canon).collect(),
            };
            match project::replay_inputs(&inputs, root.as_deref(), "declarative-schema", true) {
                Ok(s) => {
                    let mut info = s.info;
                    info.kind = "declarative-schema".into();
                    info.convention = Some("supabase".into());
                    // named by the schemas folder (schema_paths may also list migrations)
                    if let Some(supabase) = folders
                        .iter()
                        .find(|f| f.ends_with("supabase/migrations"))
                        .and_then(|f| f.parent())
                    {
                        let schemas = supabase.join("schemas");
                        let shown = schemas.strip_prefix(dir).unwrap_or(&schemas);
                        info.location = format!(
                            "{} ({} files)",
                            shown.to_string_lossy().replace('\\', "/"),
                            files.len()
                        );
                    }
                    Some(Loaded {
                        kind: SourceKind::Sql,
                        catalog: s.catalog,
                        findings: s.findings,
                        info,
                        label: "the declarative schema".into(),
                        prisma: None,
                        history: None,
                    })
                }
                Err(e) => {
                    findings.push(unreadable("declarative-schema", &e));
                    None
                }
            }
        }
    } else {
        None
    };

    // a source named with a flag stops the run when it cannot be read; a discovered one is
    // a finding
    let mut load_other = |kind: SourceKind,
                          arg: Option<String>,
                          flag: Option<&str>,
                          id: &str,
                          label: &str|
     -> Result<Option<Loaded>, String> {
        let Some(arg) = arg else { return Ok(None) };
        let loaded = load_as(kind, &arg, id, &inp.db_settings).and_then(|l| {
            if l.kind == SourceKind::Prisma {
                crate::named::check_prisma(&l, &arg)?;
            }
            Ok(l)
        });
        match (loaded, flag) {
            (Ok(mut l), _) => {
                l.label = label.to_string();
                Ok(Some(l))
            }
            (Err(e), Some(flag)) => Err(format!("{flag}: {e}")),
            (Err(e), None) => {
                findings.push(unreadable(id, &e));
                Ok(None)
            }
        }
    };
    let mut db = load_other(
        SourceKind::Database,
        inp.db.clone(),
        Some("--db"),
        "database",
        "the database",
    )?;
    let prisma_src = load_other(
        SourceKind::Prisma,
        prisma_path.map(|p| p.to_string_lossy().to_string()),
        inp.prisma.is_some().then_some("--prisma"),
        "prisma",
        "schema.prisma",
    )?;
    let openapi = load_other(
        SourceKind::OpenApi,
        inp.openapi
            .as_ref()
            .map(|p| p.to_string_lossy().to_string()),
        Some("--openapi"),
        "openapi",
        "the OpenAPI document",
    )?;
    // several generated types files (an app's and a package's, an old copy): the one that
    // names most of the schema's relations is compared, the others are named
    let types_pick = match types_found.len() {
        0 | 1 => 0,
        _ => db
            .as_ref()
            .or(sql_loaded.as_ref())
            .map(|l| ts_types::best_match(&types_found, &l.catalog))
            .unwrap_or(0),
    };
    // an example app's types (`examples/supabase/app/database.types.ts`) are not the
    // project's when its own migrations are elsewhere
    let project_own = folders.first().is_some_and(|f| !set_aside(dir, f));
    let types_path = inp.types.clone().or_else(|| {
        types_found
            .get(types_pick)
            .filter(|p| !(project_own && set_aside(dir, p)))
            .cloned()
    });
    let mut types = load_other(
        SourceKind::Types,
        types_path.map(|p| p.to_string_lossy().to_string()),
        inp.types.is_some().then_some("--types"),
        "types",
        "the generated types",
    )?;
    if let Some(t) = types.as_mut() {
        t.info.also_found = types_found
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != types_pick)
            .map(|(_, p)| shown_in(dir, p))
            .collect();
    }
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
    let is_supabase = supabase
        || sql_loaded
            .as_ref()
            // the platform's `auth`, not one the project's own migrations create
            .is_some_and(|s| {
                s.catalog
                    .schema("auth")
                    .is_some_and(|a| !a.created_by_source)
            });
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
    // a snapshot schema file is a source of its own (a baseline is part of the migrations')
    if schema_is_snapshot && let Some(f) = &schema_alone {
        sources.push(f.info.clone());
    }
    if let Some(d) = &declarative {
        sources.push(d.info.clone());
        findings.extend(d.findings.iter().cloned());
        if let Some(s) = &sql_loaded {
            findings.extend(compare::compare(side(d), side(s), &opts));
        }
    }
    for h in &other_histories {
        sources.push(h.info.clone());
        findings.extend(h.findings.iter().cloned());
        if let Some(s) = &sql_loaded {
            findings.extend(compare::compare(side(s), side(h), &opts));
        }
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
    // the configuration and inline ignores apply to every finding of the run (drift and code
    // findings included, in SQL and code files alike)
    cfg.apply(&mut findings);
    crate::rules::apply_suppressions(&mut findings, root.as_deref());
    let cfg_base = cfg.base.clone().unwrap_or_else(|| dir.clone());
    let baseline_path = match &cfg.baseline {
        Some(b) => cfg_base.join(b),
        None => dir.join(DEFAULT_BASELINE),
    };
    let baseline = match &inp.baseline {
        BaselineChoice::Off => None,
        BaselineChoice::File(p) => Some(p.clone()),
        BaselineChoice::Auto if cfg.baseline.is_some() => Some(baseline_path.clone()),
        BaselineChoice::Auto => baseline_path.is_file().then(|| baseline_path.clone()),
    };
    let applied = match baseline {
        Some(p) => {
            let entries = crate::findings::baseline::read(&p)?;
            Some(crate::findings::baseline::apply(
                &mut findings,
                &entries,
                &p.to_string_lossy(),
            ))
        }
        None => None,
    };
    let mut not_found = Vec::new();
    for (missing, what) in [
        (sql_loaded.is_none(), "migrations or schema files"),
        (db.is_none(), "a live database (--db)"),
        (prisma_src.is_none(), "schema.prisma"),
        (openapi.is_none(), "an OpenAPI document (--openapi)"),
        (types.is_none(), "generated types"),
    ] {
        if missing {
            not_found.push(what.to_string());
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
            baseline: applied,
            not_found,
        },
        migrations: sql_loaded.map(|l| l.catalog),
        database: db.map(|l| l.catalog),
        baseline_path,
    })
}

/// The statements a replay refused (the cascades under them not counted twice).
fn migration_errors(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.rule == "migration-error" && f.severity >= crate::findings::Severity::High)
        .count()
}

/// Discovered migration folders grouped by runner: the history `audit` replays (the Supabase
/// CLI's when there is one, else the first folder's runner), the other runners' histories,
/// one per runner, and the folders left out. A runner deploys one folder per project: two
/// `supabase/migrations` of one monorepo (`apps/demo/supabase`, `pkgs/core/supabase`) are two
/// projects, never one history, so each runner's favoured folder is kept
/// ([`favoured_folder`]) and the others are named, not replayed.
fn split_by_runner(
    project: &std::path::Path,
    folders: Vec<PathBuf>,
) -> (Vec<PathBuf>, Vec<Vec<PathBuf>>, Vec<PathBuf>) {
    use crate::sources::migrations::{Convention, detect_convention};
    if folders.is_empty() {
        return (folders, Vec::new(), Vec::new());
    }
    let conventions: Vec<Convention> = folders.iter().map(|f| detect_convention(f)).collect();
    let mut groups: Vec<(Convention, Vec<PathBuf>)> = Vec::new();
    for (f, c) in folders.into_iter().zip(conventions) {
        if let Some((_, group)) = groups.iter_mut().find(|(gc, _)| *gc == c) {
            group.push(f);
        } else {
            groups.push((c, vec![f]));
        }
    }
    // each runner's own folder, the others of that runner left out
    let mut left_out = Vec::new();
    let kept: Vec<(Convention, PathBuf)> = groups
        .into_iter()
        .map(|(c, mut group)| {
            let keep = group.remove(favoured_folder(project, &group));
            left_out.extend(group);
            (c, keep)
        })
        .collect();
    // the history audited: the Supabase CLI's, else the first runner's, of the project's own
    // folders (not an example app's) where there is one
    let own = |c: Convention, p: &PathBuf| c != Convention::Plain && !set_aside(project, p);
    let main = kept
        .iter()
        .position(|(c, p)| *c == Convention::Supabase && own(*c, p))
        .or_else(|| kept.iter().position(|(c, p)| own(*c, p)))
        .or_else(|| kept.iter().position(|(c, _)| *c == Convention::Supabase))
        .unwrap_or(0);
    let mut primary = Vec::new();
    let mut others = Vec::new();
    for (i, (c, keep)) in kept.into_iter().enumerate() {
        if i == main {
            primary.push(keep);
        } else if !own(c, &keep) {
            // a folder of scripts no runner deploys (run by hand, in whatever order), or
            // another runner's history of an example app: not a history to compare with
            left_out.push(keep);
        } else {
            others.push(vec![keep]);
        }
    }
    left_out.sort();
    (primary, others, left_out)
}

/// Of several migration folders of one runner, the one that is the project's own: outside
/// example, demo, test and template folders and another database's folders (below
/// `project`), then the longest history, then
/// the shallowest path, then the first by name.
fn favoured_folder(project: &std::path::Path, group: &[PathBuf]) -> usize {
    let entries = |p: &std::path::Path| std::fs::read_dir(p).map(|rd| rd.count()).unwrap_or(0);
    (0..group.len())
        .min_by_key(|&i| {
            let p = group[i].as_path();
            (
                set_aside(project, p),
                std::cmp::Reverse(entries(p)),
                p.components().count(),
                p.to_path_buf(),
            )
        })
        .unwrap_or(0)
}

/// A folder below `project` that is not the project's own: an example, demo, test, template
/// or backup, or another database's.
fn set_aside(project: &std::path::Path, p: &std::path::Path) -> bool {
    const ASIDE: &[&str] = &[
        "example",
        "examples",
        "demo",
        "demos",
        "test",
        "tests",
        "__tests__",
        "e2e",
        "fixture",
        "fixtures",
        "sample",
        "samples",
        "template",
        "templates",
        "playground",
        "docs",
        "old",
        "archive",
        // another database's history kept beside PostgreSQL's
        "clickhouse",
        "mysql",
        "mariadb",
        "sqlite",
        "mssql",
        "sqlserver",
        "oracle",
        "duckdb",
    ];
    p.strip_prefix(project).unwrap_or(p).components().any(|c| {
        let n = c.as_os_str().to_string_lossy().to_ascii_lowercase();
        // `backup`, `src-backup-20251111`
        ASIDE.contains(&n.as_str()) || n.contains("backup")
    })
}

/// A discovered path as the sources list shows it: relative to the project, with `/`.
fn shown_in(dir: &std::path::Path, p: &std::path::Path) -> String {
    p.strip_prefix(dir)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}
