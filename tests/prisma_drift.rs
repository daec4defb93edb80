//! A Prisma schema and Supabase migrations that drifted apart: the Prisma catalog carries what
//! the comparer needs (the table no migration creates, Prisma's index on logins), and
//! `check-enum-mismatch` says which enum values differ.

mod sources_support;

use schemadrift::catalog::QualName;
use schemadrift::findings::Severity;
use schemadrift::sources::prisma;
use schemadrift::sources::project::load_sql_path;
use sources_support::{Mask, facts};
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/prisma")
        .join(p)
}

#[test]
fn enum_against_check_list_and_enum_of_another_name() {
    let src = prisma::load(&fixture("tracker/prisma/schema.prisma"), "prisma").unwrap();
    assert!(src.findings.is_empty(), "{:#?}", src.findings);
    let sql = load_sql_path(&fixture("tracker/supabase/migrations")).unwrap();
    assert!(sql.findings.is_empty(), "{:#?}", sql.findings);
    let found = prisma::check_against(&src, &sql.catalog, "migrations");
    assert_eq!(found.len(), 2, "{found:#?}");

    let tier = found
        .iter()
        .find(|f| f.object == "public.billing_plans.tier")
        .unwrap();
    assert_eq!(tier.rule, "check-enum-mismatch");
    assert_eq!(tier.severity, Severity::High);
    assert!(
        tier.message.contains("team (TEAM) only in Prisma"),
        "{}",
        tier.message
    );
    assert!(
        tier.message.contains("legacy only in migrations"),
        "{}",
        tier.message
    );
    // both sides located: the Prisma field and the CHECK constraint
    assert_eq!(tier.locations.len(), 2);
    assert_eq!(tier.locations[0].line, Some(46));
    assert!(
        tier.locations[1]
            .path
            .as_deref()
            .unwrap()
            .ends_with("20250301000000_members.sql")
    );
    assert!(tier.fix.as_deref().unwrap().contains("'team'"));

    let channel = found
        .iter()
        .find(|f| f.object == "public.billing_plans.channel")
        .unwrap();
    assert!(
        channel.message.contains("PUSH only in Prisma"),
        "{}",
        channel.message
    );
    assert!(channel.message.contains("public.notify_channel"));
}

#[test]
fn the_prisma_catalog_carries_what_the_comparer_needs() {
    let src = prisma::load(&fixture("tracker/prisma/schema.prisma"), "prisma").unwrap();
    let sql = load_sql_path(&fixture("tracker/supabase/migrations")).unwrap();
    let mask = Mask {
        names: false,
        ..Mask::full()
    };
    let p = facts(&src.catalog, &mask, &[]);
    let m = facts(&sql.catalog, &mask, &["auth", "storage", "extensions"]);
    let only_prisma: Vec<&String> = p.difference(&m).collect();
    assert!(
        only_prisma.contains(&&"table public.teams".to_string()),
        "{only_prisma:#?}"
    );
    assert!(only_prisma.contains(&&"index public.logins _ btree (member_id)".to_string()));
    let logins = src
        .catalog
        .table(&QualName::new("public", "logins"))
        .unwrap();
    assert_eq!(logins.indexes[1].name, "logins_member_id_idx");
    let map = src.model("login").unwrap();
    assert_eq!(map.table, QualName::new("public", "logins"));
    assert_eq!(map.column("memberId"), Some("member_id"));
    assert_eq!(map.relations[0].target, "Member");
}

#[test]
fn agreeing_values_in_a_text_column_are_low() {
    let text =
        "enum Kind {\n  A\n  B\n}\nmodel T {\n  id Int @id\n  kind Kind\n  @@map(\"t\")\n}\n";
    let src = prisma::load_texts(&[("schema.prisma".into(), text.into())], "prisma");
    let mut replay = schemadrift::replay::Replay::new(schemadrift::replay::ReplayOptions {
        source_id: "migrations".into(),
        supabase: false,
    });
    replay.run_file(&schemadrift::replay::SqlFile {
        path: "001.sql",
        text: "create table t (id int primary key, kind varchar(10) not null check (kind = any (array['A', 'B'])));",
    });
    let (cat, findings, _) = replay.finish();
    assert!(findings.is_empty(), "{findings:#?}");
    let found = prisma::check_against(&src, &cat, "migrations");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Low);
}

#[test]
fn client_generated_values_are_listed_for_the_comparer() {
    let src = prisma::load(&fixture("tracker/prisma/schema.prisma"), "prisma").unwrap();
    // @default(uuid()) has no database default: Prisma Client fills it in
    let members = src
        .catalog
        .table(&QualName::new("public", "members"))
        .unwrap();
    assert!(members.column("id").unwrap().default.is_none());
    let cd: Vec<String> = src
        .client_defaults
        .iter()
        .map(|c| format!("{}.{} {}", c.table, c.column, c.generator))
        .collect();
    assert!(
        cd.contains(&"public.members.id uuid()".to_string()),
        "{cd:?}"
    );
    assert_eq!(cd.len(), 4, "{cd:?}");
}
