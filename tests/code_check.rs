//! Code references checked against a schema replayed from SQL: a backend moved to an
//! organization tenant model while the schema stayed one-tenant-per-user.

use schemadrift::catalog::{Catalog, QualName};
use schemadrift::code::{self, ModelMap, ScanOptions};
use schemadrift::findings::{Finding, Severity};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/code")
        .join(name)
}

fn tenancy() -> (Vec<Finding>, Catalog) {
    let dir = fixture("tenancy");
    let src = schemadrift::sources::project::load_sql_path(&dir.join("schema.sql")).unwrap();
    let scan = code::scan(
        &[dir.join("src")],
        &ScanOptions {
            root: Some(dir.clone()),
            ..ScanOptions::default()
        },
    );
    assert!(scan.errors.is_empty(), "{:?}", scan.errors);
    let findings = code::check(&scan.refs, &src.catalog, "migrations", &[], &[]);
    (findings, src.catalog)
}

#[test]
fn missing_table_is_one_critical_finding_with_every_location() {
    let (findings, _) = tenancy();
    let t: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "code-missing-table")
        .collect();
    assert_eq!(t.len(), 1, "{findings:#?}");
    let f = t[0];
    assert_eq!(f.object, "public.organizations");
    assert_eq!(f.severity, Severity::Critical);
    let places: Vec<String> = f.locations.iter().map(|l| l.display()).collect();
    assert_eq!(
        places,
        vec![
            "src/handlers/dashboard.ts:4:31",
            "src/handlers/settings.ts:8:19",
            "src/tasks/sweep.ts:5:44",
        ]
    );
    assert!(
        f.evidence
            .iter()
            .any(|e| e.contains("no migration creates it")),
        "{f:#?}"
    );
    assert!(f.evidence.iter().any(|e| e.contains("title")), "{f:#?}");
}

#[test]
fn missing_columns_one_finding_per_table() {
    let (findings, _) = tenancy();
    let mut cols: Vec<(&str, Severity, usize)> = findings
        .iter()
        .filter(|f| f.rule == "code-missing-column")
        .map(|f| (f.object.as_str(), f.severity, f.locations.len()))
        .collect();
    cols.sort();
    assert_eq!(
        cols,
        vec![
            ("public.agents.org_id", Severity::High, 1),
            ("public.call_logs.org_id", Severity::High, 1),
            ("public.calls.org_id", Severity::High, 1),
            ("public.integrations.org_id", Severity::High, 1),
        ]
    );
    let agents = findings
        .iter()
        .find(|f| f.object == "public.agents.org_id")
        .unwrap();
    assert_eq!(
        agents.locations[0].display(),
        "src/handlers/dashboard.ts:8:10"
    );
    assert!(
        agents
            .fix
            .as_deref()
            .unwrap_or("")
            .contains("ADD COLUMN org_id uuid")
    );
}

#[test]
fn existing_objects_are_not_reported() {
    let (findings, _) = tenancy();
    assert!(
        findings.iter().all(|f| !f.object.contains("leads")
            && !f.object.contains("profiles")
            && !f.object.contains("lead_count")),
        "{findings:#?}"
    );
    assert_eq!(findings.len(), 5, "{findings:#?}");
}

#[test]
fn sources_and_suggestions() {
    let (_, migrations) = tenancy();
    let refs = code::scan::scan_text(
        "x.ts",
        "await supabase.from('agent').select('lable, user_id');\nawait supabase.rpc('lead_cnt', { p_user: 1 });\nawait supabase.rpc('lead_count', { user: 1 });",
    );
    let mut db = migrations.clone();
    // The "database" has an organizations table the migrations lack.
    let mut orgs = db
        .table(&QualName::new("public", "profiles"))
        .unwrap()
        .clone();
    orgs.name = "agent".into();
    db.schemas
        .get_mut("public")
        .unwrap()
        .tables
        .insert("agent".into(), orgs);
    let f = code::check(&refs, &migrations, "migrations", &[("database", &db)], &[]);
    let table = f.iter().find(|f| f.rule == "code-missing-table").unwrap();
    assert!(
        table.message.contains("did you mean public.agents"),
        "{}",
        table.message
    );
    assert!(
        table.evidence[0].contains("no migration creates it; the database has it"),
        "{:?}",
        table.evidence
    );
    let func = f.iter().find(|f| f.object == "public.lead_cnt").unwrap();
    assert_eq!(func.severity, Severity::Critical);
    assert!(
        func.message.contains("did you mean public.lead_count"),
        "{}",
        func.message
    );
    let arg = f
        .iter()
        .find(|f| f.object == "public.lead_count(user)")
        .unwrap();
    assert!(arg.message.contains("p_user"), "{}", arg.message);
}

#[test]
fn prisma_models_map_to_tables() {
    let (_, catalog) = tenancy();
    let refs = code::scan::scan_text(
        "p.ts",
        "await prisma.lead.findMany({ where: { ownerId: uid, stage: 'new' }, include: { owner: true } });\nawait prisma.team.create({ data: { name: 'x' } });",
    );
    let models = vec![
        ModelMap {
            model: "Lead".into(),
            table: QualName::new("public", "leads"),
            is_view: false,
            relations: Vec::new(),
            fields: vec![
                ("ownerId".into(), "owner_id".into()),
                ("stage".into(), "stage".into()),
            ],
        },
        ModelMap {
            model: "Team".into(),
            table: QualName::new("public", "teams"),
            is_view: false,
            relations: Vec::new(),
            fields: vec![("name".into(), "name".into())],
        },
    ];
    let f = code::check(&refs, &catalog, "migrations", &[], &models);
    let objs: Vec<&str> = f.iter().map(|f| f.object.as_str()).collect();
    assert_eq!(
        objs,
        vec!["public.teams", "public.leads.owner_id"],
        "{f:#?}"
    );
    let used = code::used_objects(&refs, &models);
    assert!(used.tables.contains(&QualName::new("public", "leads")));
}

#[test]
fn a_table_whose_create_fails_is_left_to_the_migration_error() {
    let dir = fixture("failed_create");
    let src = schemadrift::sources::project::load_sql_path(&dir.join("schema.sql")).unwrap();
    assert!(
        src.findings.iter().any(|f| f.rule == "migration-error"),
        "{:#?}",
        src.findings
    );
    let refs = code::scan::scan_text(
        "cards.ts",
        "await supabase.from('cards').select('id, body');\nawait supabase.from('lists').select('id');\nawait supabase.from('boards').select('id, name');",
    );
    let plain = code::check(&refs, &src.catalog, "migrations", &[], &[]);
    assert!(
        plain.iter().any(|f| f.object == "public.cards"),
        "{plain:#?}"
    );
    let f = code::check_explained(&refs, &src.catalog, "migrations", &[], &[], &src.findings);
    let objs: Vec<&str> = f.iter().map(|f| f.object.as_str()).collect();
    assert_eq!(objs, vec!["public.lists", "public.boards.name"], "{f:#?}");
}

#[test]
fn embedded_resources_resolve_through_foreign_keys_and_functions() {
    let dir = fixture("embeds");
    let src = schemadrift::sources::project::load_sql_path(&dir.join("schema.sql")).unwrap();
    assert!(src.findings.is_empty(), "{:#?}", src.findings);
    let refs = code::scan::scan_text(
        "q.ts",
        r#"
await supabase.from('projects').select('id, name, lead:lead_id(first_name, full_name), owner:people!projects_lead_fkey(last_name, nickname), tasks(title, done), milestones(due)');
await supabase.from('people').select('full_name, age');
await supabase.from('open_tasks').select('id, title, project_id');
await supabase.from('tasks').select('id').eq('projects.name', 'x').order('name', { referencedTable: 'projects' });
"#,
    );
    let f = code::check(&refs, &src.catalog, "migrations", &[], &[]);
    let mut objs: Vec<(&str, &str)> = f.iter().map(|f| (f.rule, f.object.as_str())).collect();
    objs.sort();
    assert_eq!(
        objs,
        vec![
            ("code-missing-column", "public.open_tasks.project_id"),
            ("code-missing-column", "public.people.age"),
            ("code-missing-column", "public.people.nickname"),
            ("code-missing-column", "public.tasks.done"),
            ("code-missing-table", "public.milestones"),
        ],
        "{f:#?}"
    );
}

#[test]
fn used_objects_for_unused_object() {
    let dir = fixture("embeds");
    let src = schemadrift::sources::project::load_sql_path(&dir.join("schema.sql")).unwrap();
    let refs = code::scan::scan_text(
        "q.ts",
        "await supabase.from('projects').select('id, lead:lead_id(first_name)');\nawait supabase.rpc('full_name', {});",
    );
    let plain = code::used_objects(&refs, &[]);
    assert!(plain.tables.contains(&QualName::new("public", "projects")));
    assert!(
        plain
            .functions
            .contains(&QualName::new("public", "full_name"))
    );
    assert!(!plain.tables.contains(&QualName::new("public", "people")));
    let resolved = code::used_objects_resolved(&refs, &[], &src.catalog);
    assert!(resolved.tables.contains(&QualName::new("public", "people")));
    assert!(
        resolved
            .columns
            .contains(&(QualName::new("public", "people"), "first_name".to_string()))
    );
    assert!(!resolved.tables.contains(&QualName::new("public", "tasks")));
}

#[test]
fn overlapping_code_folders_are_read_once() {
    let dir = fixture("tenancy");
    let once = code::scan(&[dir.join("src")], &ScanOptions::default());
    let twice = code::scan(
        &[dir.join("src/handlers"), dir.join("src"), dir.join("src")],
        &ScanOptions::default(),
    );
    assert_eq!(once.refs.len(), twice.refs.len());
    assert_eq!(once.files_scanned, twice.files_scanned);
}
