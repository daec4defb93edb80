//! Each runner's layout, order, skipped files and transaction boundaries, on one small fixture
//! project per runner (`tests/fixtures/runners/<runner>`): the folders `audit` discovers, the
//! files in the order the runner runs them (down, undo, revert and verify files never among
//! them), what is reported as skipped or refused, and which statements PostgreSQL would
//! refuse there (a CONCURRENTLY index inside a transaction, accepted outside one).

use schemadrift::sources::migrations::{self, Convention};
use schemadrift::sources::project::{self, SqlInputs};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/runners")
        .join(name)
}

struct Run {
    convention: Convention,
    /// Files in run order, relative to the project.
    files: Vec<String>,
    /// (file, SQLSTATE of its first refused statement, if any).
    verdicts: Vec<(String, Option<String>)>,
    findings: Vec<schemadrift::findings::Finding>,
}

fn run(name: &str) -> Run {
    let root = fixture(name);
    let folders = project::discover_migration_folders(&root);
    assert_eq!(
        folders.len(),
        1,
        "{name}: one migration folder, found {folders:?}"
    );
    let set = migrations::load_folder(&folders[0], None, Some(&root), "migrations").expect("load");
    let inputs = SqlInputs {
        folders: folders.clone(),
        files: Vec::new(),
    };
    let src = project::replay_inputs(&inputs, Some(&root), "migrations", false).expect("replay");
    Run {
        convention: set.convention,
        files: set.files.iter().map(|f| f.display.clone()).collect(),
        verdicts: src
            .verdicts
            .iter()
            .map(|v| {
                (
                    v.path.clone(),
                    v.first_error.as_ref().map(|e| e.sqlstate.clone()),
                )
            })
            .collect(),
        findings: src.findings,
    }
}

fn refused(r: &Run) -> Vec<(&str, &str)> {
    r.verdicts
        .iter()
        .filter_map(|(p, e)| e.as_deref().map(|e| (p.as_str(), e)))
        .collect()
}

fn messages(r: &Run, rule: &str) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.message.clone())
        .collect()
}

fn names(files: &[String]) -> Vec<&str> {
    files
        .iter()
        .map(|f| f.rsplit('/').next().unwrap_or(f))
        .collect()
}

#[test]
fn supabase_pipeline_per_file_and_reset_session() {
    let r = run("supabase");
    assert_eq!(r.convention, Convention::Supabase);
    assert_eq!(
        names(&r.files),
        vec![
            "20240101000000_tables.sql",
            "20240102000000_index_after_table.sql",
            "20240103000000_index_alone.sql",
            "20240104000000_unqualified.sql"
        ]
    );
    // the second statement of a pipeline cannot be CONCURRENTLY; the first can, and the empty
    // search path of the first file does not reach the last one (RESET ALL)
    assert_eq!(
        refused(&r),
        vec![(
            "supabase/migrations/20240102000000_index_after_table.sql",
            "25001"
        )]
    );
    let errors = messages(&r, "migration-error");
    assert!(
        errors[0].contains("cannot be executed within a pipeline"),
        "{errors:?}"
    );
    let skipped = messages(&r, "migration-order");
    assert!(
        skipped
            .iter()
            .any(|m| m.contains("notes.sql is skipped by the Supabase CLI"))
    );
}

#[test]
fn prisma_script_is_one_implicit_transaction() {
    let r = run("prisma");
    assert_eq!(r.convention, Convention::Prisma);
    assert_eq!(r.files.len(), 3);
    assert!(r.files[0].ends_with("20240101000000_init/migration.sql"));
    // CONCURRENTLY beside another statement is refused; alone in its script it runs
    assert_eq!(
        refused(&r),
        vec![(
            "prisma/migrations/20240101000000_init/migration.sql",
            "25001"
        )]
    );
    assert!(messages(&r, "migration-error")[0].contains("cannot run inside a transaction block"));
}

#[test]
fn plain_folder_runs_in_natural_order_with_psql() {
    let r = run("plain");
    assert_eq!(r.convention, Convention::Plain);
    assert_eq!(
        names(&r.files),
        vec!["1_users.sql", "2_index.sql", "10_posts.sql"]
    );
    // autocommit: CONCURRENTLY is accepted; a new session per file forgets the search path
    assert!(refused(&r).is_empty(), "{:?}", r.verdicts);
}

#[test]
fn diesel_runs_up_sql_in_version_order() {
    let r = run("diesel");
    assert_eq!(r.convention, Convention::Diesel);
    assert_eq!(r.files.len(), 4);
    assert!(r.files.iter().all(|f| f.ends_with("/up.sql")));
    assert!(r.files[1].contains("2024-01-01-000000_create_users"));
    // run_in_transaction = false lets the index be built concurrently; the default does not
    assert_eq!(
        refused(&r),
        vec![("migrations/2024-01-03-000000_index_inside/up.sql", "25001")]
    );
}

#[test]
fn golang_migrate_runs_up_files_only() {
    let r = run("golang-migrate");
    assert_eq!(r.convention, Convention::GolangMigrate);
    assert_eq!(
        names(&r.files),
        vec![
            "000001_users.up.sql",
            "000002_index.up.sql",
            "000003_two_statements.up.sql"
        ]
    );
    assert_eq!(
        refused(&r),
        vec![("db/migrations/000003_two_statements.up.sql", "25001")]
    );
    let order = messages(&r, "migration-order");
    assert!(
        order
            .iter()
            .any(|m| m.contains("seed.sql is skipped by golang-migrate"))
    );
    assert!(!order.iter().any(|m| m.contains("down.sql")), "{order:?}");
}

#[test]
fn dbmate_runs_up_sections_and_honours_transaction_false() {
    let r = run("dbmate");
    assert_eq!(r.convention, Convention::Dbmate);
    assert_eq!(r.files.len(), 3);
    assert_eq!(
        refused(&r),
        vec![("db/migrations/20240103000000_index_in_tx.sql", "25001")]
    );
    // the down sections (DROP TABLE users) never ran: the table is there at the end
    let text = schemadrift::sources::migrations::load_folder(
        &fixture("dbmate").join("db/migrations"),
        None,
        None,
        "m",
    )
    .expect("load");
    let last = text.files[2].text.as_ref().expect("text");
    assert!(!last.contains("DROP TABLE"));
    assert_eq!(last.lines().count(), 6, "lines are kept");
}

#[test]
fn goose_splits_statements_and_honours_no_transaction() {
    let r = run("goose");
    assert_eq!(r.convention, Convention::Goose);
    assert_eq!(
        names(&r.files),
        vec![
            "00001_users.sql",
            "00002_index.sql",
            "00003_index_in_tx.sql",
            "00010_posts.sql"
        ]
    );
    assert_eq!(
        refused(&r),
        vec![("db/migrations/00003_index_in_tx.sql", "25001")]
    );
}

#[test]
fn flyway_orders_versions_as_numbers_and_repeatables_last() {
    let r = run("flyway");
    assert_eq!(r.convention, Convention::Flyway);
    assert_eq!(
        names(&r.files),
        vec![
            "V1__users.sql",
            "V1_1__email_unique.sql",
            "V2__index.sql",
            "V10__posts.sql",
            "R__user_posts.sql"
        ]
    );
    // V2 holds only a non-transactional statement: Flyway runs it in autocommit
    assert!(refused(&r).is_empty(), "{:?}", r.verdicts);
}

#[test]
fn sqitch_follows_the_plan_and_reworked_changes() {
    let r = run("sqitch");
    assert_eq!(r.convention, Convention::Sqitch);
    assert_eq!(
        names(&r.files),
        vec!["users@v1.0.sql", "posts.sql", "users.sql"]
    );
    assert!(refused(&r).is_empty(), "{:?}", r.verdicts);
}

#[test]
fn drizzle_runs_the_journal_in_one_transaction() {
    let r = run("drizzle");
    assert_eq!(r.convention, Convention::Drizzle);
    assert_eq!(names(&r.files), vec!["0000_init.sql", "0001_index.sql"]);
    assert_eq!(refused(&r), vec![("drizzle/0001_index.sql", "25001")]);
    let order = messages(&r, "migration-order");
    assert!(
        order
            .iter()
            .any(|m| m.contains("0002_draft.sql is skipped")),
        "{order:?}"
    );
}

#[test]
fn rails_structure_sql_is_a_schema_file_loaded_with_psql() {
    let root = fixture("rails");
    assert!(project::discover_migration_folders(&root).is_empty());
    let files = project::discover_schema_files(&root);
    assert_eq!(files.len(), 1);
    let src = project::load_sql_path(&files[0]).expect("load");
    assert_eq!(src.info.convention.as_deref(), Some("rails"));
    assert!(
        src.verdicts.iter().all(|v| v.first_error.is_none()),
        "{:?}",
        src.verdicts
    );
}

#[test]
fn a_begin_without_commit_is_lost_when_psql_exits() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("1_a.sql"),
        "BEGIN;\nCREATE TABLE a (id int);\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("2_b.sql"),
        "CREATE TABLE b (a_id int REFERENCES a (id));\n",
    )
    .unwrap();
    let src = project::load_sql_path(dir.path()).expect("load");
    // 1_a.sql never commits: the table is gone, 2_b.sql fails on it
    assert!(
        src.findings
            .iter()
            .any(|f| f.rule == "migration-order" && f.message.contains("never committed"))
    );
    assert_eq!(
        src.verdicts[1]
            .first_error
            .as_ref()
            .map(|e| e.sqlstate.as_str()),
        Some("42P01")
    );
}

fn audit_json(root: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(["audit", "--format", "json"])
        .arg(root)
        .output()
        .expect("run schemadrift");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn rules_of(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["object"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// A schema file beside the migrations is their baseline only when they build on what it
/// alone creates; one that repeats them (a `db dump` kept in the repository) is a snapshot
/// compared with them, never replayed under them (which would make every CREATE an
/// "already exists").
#[test]
fn a_schema_file_is_a_baseline_or_a_snapshot_by_what_the_migrations_need() {
    let schema = "CREATE TABLE public.notes (id bigint NOT NULL, body text, CONSTRAINT notes_pkey PRIMARY KEY (id));\n\
                  ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;\n\
                  CREATE POLICY \"read\" ON public.notes FOR SELECT TO authenticated USING (true);\n";
    // a snapshot: the migrations create the same objects
    let snap = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(snap.path().join("supabase/migrations")).unwrap();
    std::fs::write(
        snap.path()
            .join("supabase/migrations/20240101000000_notes.sql"),
        "create table public.notes (id bigint primary key, body text);\n\
         alter table public.notes enable row level security;\n\
         create policy \"read\" on public.notes for select to authenticated using (true);\n",
    )
    .unwrap();
    std::fs::write(snap.path().join("supabase/schema.sql"), schema).unwrap();
    let r = audit_json(snap.path());
    assert!(rules_of(&r).is_empty(), "{:?}", rules_of(&r));
    let kinds: Vec<&str> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["migrations", "schema-file"]);
    // the snapshot is compared: a table only it has is drift
    std::fs::write(
        snap.path().join("supabase/schema.sql"),
        format!("{schema}CREATE TABLE public.extra (id int PRIMARY KEY);\nALTER TABLE public.extra ENABLE ROW LEVEL SECURITY;\n"),
    )
    .unwrap();
    let rules = rules_of(&audit_json(snap.path()));
    assert_eq!(rules, vec!["missing-table public.extra"], "{rules:?}");

    // a baseline: the migrations alter a table only the schema file creates
    let base = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(base.path().join("supabase/migrations")).unwrap();
    std::fs::write(
        base.path()
            .join("supabase/migrations/20240201000000_title.sql"),
        "alter table public.notes add column title text;\n",
    )
    .unwrap();
    std::fs::write(base.path().join("supabase/schema.sql"), schema).unwrap();
    let r = audit_json(base.path());
    // replayed on the baseline: no refusal, and no drift against where the history starts
    assert!(rules_of(&r).is_empty(), "{:?}", rules_of(&r));
    assert_eq!(r["sources"].as_array().unwrap().len(), 1);
    assert!(
        r["sources"][0]["location"]
            .as_str()
            .unwrap()
            .contains("supabase/schema.sql")
    );
    assert_eq!(r["sources"][0]["convention"], "supabase");
}

/// `prisma/migrations` beside `supabase/migrations` are two runners' histories: each is
/// replayed as its runner runs it and the two are compared, never merged into one replay
/// (where every table of the second would "already exist").
#[test]
fn two_runners_trees_are_two_histories_compared() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("supabase/migrations")).unwrap();
    std::fs::create_dir_all(root.join("prisma/migrations/20240101000000_init")).unwrap();
    std::fs::write(
        root.join("supabase/migrations/20240101000000_notes.sql"),
        "create table public.notes (id bigint primary key, body text, pinned boolean);\n\
         alter table public.notes enable row level security;\n\
         create policy \"read\" on public.notes for select to authenticated using (true);\n",
    )
    .unwrap();
    std::fs::write(
        root.join("prisma/migrations/20240101000000_init/migration.sql"),
        "CREATE TABLE \"notes\" (\"id\" BIGINT NOT NULL, \"body\" TEXT, CONSTRAINT \"notes_pkey\" PRIMARY KEY (\"id\"));\n\
         ALTER TABLE \"notes\" ENABLE ROW LEVEL SECURITY;\n\
         CREATE POLICY \"read\" ON \"notes\" FOR SELECT TO authenticated USING (true);\n",
    )
    .unwrap();
    std::fs::write(
        root.join("prisma/migrations/migration_lock.toml"),
        "provider = \"postgresql\"\n",
    )
    .unwrap();
    let r = audit_json(root);
    let rules = rules_of(&r);
    assert!(
        !rules.iter().any(|f| f.starts_with("migration-error")),
        "{rules:?}"
    );
    // the one difference: the Supabase history has a column the Prisma one lacks
    assert_eq!(
        rules,
        vec!["missing-column public.notes.pinned"],
        "{rules:?}"
    );
    let sources: Vec<(String, String)> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["location"].as_str().unwrap().to_string(),
                s["convention"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        vec![
            ("supabase/migrations".to_string(), "supabase".to_string()),
            ("prisma/migrations".to_string(), "prisma".to_string()),
        ]
    );
}

/// A Supabase project's declarative schema (`supabase/schemas/`, in `schema_paths` order when
/// config.toml gives one) is the state its migrations are generated to reach: a source of
/// its own, compared with them. What the generated migration missed is drift; spellings
/// PostgreSQL stores alike (`(SELECT auth.uid())` and `( SELECT auth.uid() AS uid)`, a
/// policy's columns qualified with its table, `FROM t AS x`) are not.
#[test]
fn the_declarative_schema_is_compared_with_the_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("supabase/migrations")).unwrap();
    std::fs::create_dir_all(root.join("supabase/schemas/tables")).unwrap();
    // as `supabase db diff` writes it
    std::fs::write(
        root.join("supabase/migrations/20240101000000_init.sql"),
        "create table \"public\".\"notes\" (\"id\" bigint not null, \"owner\" uuid, \"pinned\" boolean, constraint \"notes_pkey\" primary key (\"id\"));\n\
         alter table \"public\".\"notes\" enable row level security;\n\
         create policy \"own\" on \"public\".\"notes\" as permissive for select to authenticated \
         using ((owner = ( SELECT auth.uid() AS uid)));\n\
         create or replace view \"public\".\"pinned_notes\" as  SELECT notes.id FROM notes WHERE notes.pinned;\n",
    )
    .unwrap();
    // as a person writes it; the view is meant to run with the caller's rights
    std::fs::write(
        root.join("supabase/schemas/tables/notes.sql"),
        "create table public.notes (id bigint primary key, owner uuid, pinned boolean);\n\
         alter table public.notes enable row level security;\n\
         create policy \"own\" on public.notes for select to authenticated using (notes.owner = (select auth.uid()));\n",
    )
    .unwrap();
    std::fs::write(
        root.join("supabase/schemas/views.sql"),
        "create view public.pinned_notes as select id from public.notes as n where n.pinned;\n\
         alter view public.pinned_notes set (security_invoker = true);\n",
    )
    .unwrap();
    // views.sql needs notes: schema_paths puts the tables first
    std::fs::write(
        root.join("supabase/config.toml"),
        "[db.migrations]\nschema_paths = [\"./schemas/tables/*.sql\", \"./schemas/*.sql\"]\n",
    )
    .unwrap();
    assert_eq!(
        project::discover_declarative_schemas(&[root.join("supabase/migrations")]),
        vec![
            root.join("supabase/schemas/tables/notes.sql"),
            root.join("supabase/schemas/views.sql")
        ]
    );
    let r = audit_json(root);
    let rules: Vec<String> = rules_of(&r)
        .into_iter()
        .filter(|f| !f.starts_with("security-definer-view"))
        .collect();
    assert_eq!(
        rules,
        vec!["view-mismatch public.pinned_notes"],
        "{rules:?}"
    );
    assert!(
        r["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["kind"] == "declarative-schema"
                && s["location"]
                    .as_str()
                    .unwrap()
                    .starts_with("supabase/schemas")),
        "{}",
        r["sources"]
    );
}
