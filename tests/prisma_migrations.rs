//! A Prisma schema and the migrations Prisma Migrate writes for it describe one database:
//! the catalog mapped from the schema equals the catalog replayed from the migrations.

mod sources_support;

use schemadrift::sources::prisma;
use schemadrift::sources::project::load_sql_path;
use sources_support::{Mask, assert_same, facts};
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/prisma")
        .join(p)
}

#[test]
fn multi_file_schema_equals_its_migrations() {
    let src = prisma::load(&fixture("shop/prisma/schema"), "prisma").expect("loads");
    assert!(src.findings.is_empty(), "{:#?}", src.findings);
    let sql = load_sql_path(&fixture("shop/prisma/migrations")).expect("replays");
    let errors: Vec<_> = sql
        .findings
        .iter()
        .filter(|f| f.rule != "migration-order")
        .collect();
    assert!(errors.is_empty(), "{:#?}", errors);
    let mask = Mask::full();
    assert_same(
        "prisma",
        &facts(&src.catalog, &mask, &[]),
        "migrations",
        &facts(&sql.catalog, &mask, &["auth", "storage", "extensions"]),
    );
}

#[test]
fn facts_are_not_trivially_equal() {
    let src = prisma::load(&fixture("shop/prisma/schema"), "prisma").expect("loads");
    let f = facts(&src.catalog, &Mask::full(), &[]);
    for l in &f {
        println!("{l}");
    }
    assert!(f.len() > 60, "{}", f.len());
    assert!(f.contains("fk public._CategoryToPost _CategoryToPost_B_fkey (B) -> public.posts(id) on delete CASCADE on update CASCADE"));
}

#[test]
fn self_and_named_many_to_many_views_and_unsupported_types_equal_their_migrations() {
    let src = prisma::load(&fixture("social/prisma/schema.prisma"), "prisma").expect("loads");
    assert!(src.findings.is_empty(), "{:#?}", src.findings);
    let sql = load_sql_path(&fixture("social/prisma/migrations")).expect("replays");
    assert!(sql.findings.is_empty(), "{:#?}", sql.findings);
    let mask = Mask::full();
    assert_same(
        "prisma",
        &facts(&src.catalog, &mask, &[]),
        "migrations",
        &facts(&sql.catalog, &mask, &["auth", "storage", "extensions"]),
    );
    // Prisma knows the view's columns, not its query
    let v = src
        .catalog
        .view(&schemadrift::catalog::QualName::new(
            "public",
            "AccountStats",
        ))
        .expect("view");
    assert!(v.definition.sql.is_empty());
    let m = src.model("accountStats").expect("client name");
    assert!(m.is_view);
}
