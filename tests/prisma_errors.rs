//! A broken Prisma schema is findings with file:line:column, never a panic or a failed load;
//! discovery finds the usual places.

use schemadrift::sources::prisma;
use std::fs;

fn load(text: &str) -> prisma::PrismaSource {
    prisma::load_texts(&[("prisma/schema.prisma".into(), text.into())], "prisma")
}

#[test]
fn syntax_errors_are_findings_with_positions() {
    let src = load(
        "model User {\n  id    Int    @id\n  email String @unique(\n  name  String?\n}\n\nmodel Post {\n  id Int @id\n  authorId Int\n  author User @relation(fields: [authorId], references: [id])\n}\n",
    );
    assert_eq!(src.findings.len(), 1, "{:#?}", src.findings);
    let f = &src.findings[0];
    assert_eq!(f.rule, "unparsed-statement");
    assert_eq!(f.locations[0].path.as_deref(), Some("prisma/schema.prisma"));
    assert_eq!(f.locations[0].line, Some(4));
    assert!(
        f.message.contains("prisma/schema.prisma:4:"),
        "{}",
        f.message
    );
    // the rest is still read
    assert!(src.model("post").is_some());
    assert_eq!(src.catalog.tables().count(), 2);
}

#[test]
fn validation_errors_are_findings_too() {
    let src = load(
        "model A {\n  id Int @id\n  b  Bee\n  c  Int @db.Nonsense\n  d  String @default()\n}\nmodel B {\n  id Int @id\n  aId Int\n  a A @relation(fields: [aID], references: [id])\n}\n",
    );
    let lines: Vec<u32> = src
        .findings
        .iter()
        .filter_map(|f| f.locations[0].line)
        .collect();
    assert!(lines.contains(&3), "{:#?}", src.findings);
    assert!(lines.contains(&4));
    assert!(lines.contains(&5));
    assert!(lines.contains(&10));
    assert!(src.findings.iter().all(|f| f.rule == "unparsed-statement"));
}

#[test]
fn unclosed_block_and_garbage_never_panic() {
    for text in [
        "model A {\n  id Int @id\n",
        "model A {\n  id Int @id\nmodel B {\n  id Int @id\n}\n",
        "}}}}",
        "model A { id Int @id @default(dbgenerated(\"x\" }",
        "enum E {\n  A @map(\n}\n",
        "model A {\n  id Int @id\n  @@index([\n}\n",
        "datasource db {\n  provider = \"mysql\"\n}\n",
        "model \u{1F600} {}",
        "model A {\n  a String @default(\"unterminated)\n}\n",
        "model A {\n  id Int @id\n  m A[]\n}\n",
        "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int\n  as A[]\n}\n",
    ] {
        let src = load(text);
        let _ = src.catalog.object_count();
    }
    let src = load("model A {\n  id Int @id\n");
    assert!(!src.findings.is_empty());
    assert_eq!(src.findings[0].locations[0].line, Some(3));
}

#[test]
fn invalid_utf8_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("schema.prisma");
    fs::write(&p, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    assert!(prisma::load(&p, "prisma").is_err());
    assert!(prisma::load(&dir.path().join("nope.prisma"), "prisma").is_err());
    assert!(prisma::load(dir.path(), "prisma").is_err());
}

#[test]
fn discovery_and_multi_file_folders() {
    let dir = tempfile::tempdir().unwrap();
    assert!(prisma::discover(dir.path()).is_none());
    let folder = dir.path().join("prisma/schema");
    fs::create_dir_all(folder.join("models")).unwrap();
    fs::write(
        folder.join("main.prisma"),
        "datasource db {\n  provider = \"postgresql\"\n}\n",
    )
    .unwrap();
    fs::write(
        folder.join("models/user.prisma"),
        "model User {\n  id Int @id\n  posts Post[]\n}\n",
    )
    .unwrap();
    fs::write(
        folder.join("post.prisma"),
        "model Post {\n  id Int @id\n  userId Int\n  user User @relation(fields: [userId], references: [id])\n  broken\n}\n",
    )
    .unwrap();
    let found = prisma::discover(dir.path()).unwrap();
    assert_eq!(found, folder);
    let src = prisma::load(&found, "prisma").unwrap();
    assert_eq!(src.models.len(), 2);
    // the error names the file it is in
    assert_eq!(src.findings.len(), 1, "{:#?}", src.findings);
    let path = src.findings[0].locations[0].path.clone().unwrap();
    assert!(path.ends_with("prisma/schema/post.prisma"), "{path}");
    assert_eq!(src.findings[0].locations[0].line, Some(5));
    // a single schema.prisma wins
    fs::write(
        dir.path().join("prisma/schema.prisma"),
        "model X {\n  id Int @id\n}\n",
    )
    .unwrap();
    assert_eq!(
        prisma::discover(dir.path()).unwrap(),
        dir.path().join("prisma/schema.prisma")
    );
}

#[test]
fn long_names_are_cut_like_prisma_cuts_them() {
    let n = prisma::constraint_name(
        "a_table_with_a_really_quite_long_name_for_testing",
        &["and_a_long_column_name"],
        "_idx",
    );
    assert_eq!(n.len(), 63);
    assert!(n.ends_with("_idx"));
    // prisma-engines: `{table}_{columns}` cut at 63 - len(suffix) bytes, then the suffix
    let joined = "a_table_with_a_really_quite_long_name_for_testing_and_a_long_column_name";
    assert_eq!(n, format!("{}_idx", &joined[..59]));
    let pk = prisma::constraint_name(&"t".repeat(70), &[], "_pkey");
    assert_eq!(pk, format!("{}_pkey", "t".repeat(58)));
}

#[test]
fn discovery_follows_the_configured_schema_path() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("db")).unwrap();
    fs::write(
        dir.path().join("db/app.prisma"),
        "model A {\n  id Int @id\n}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("schema.prisma"),
        "model B {\n  id Int @id\n}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("package.json"),
        r#"{"name":"x","prisma":{"schema":"db/app.prisma"}}"#,
    )
    .unwrap();
    assert_eq!(
        prisma::discover(dir.path()).unwrap(),
        dir.path().join("db/app.prisma")
    );
    fs::remove_file(dir.path().join("package.json")).unwrap();
    fs::write(
        dir.path().join("prisma.config.ts"),
        "import path from 'node:path'\nexport default defineConfig({\n  schema: path.join(\"db\", \"app.prisma\"),\n})\n",
    )
    .unwrap();
    assert_eq!(
        prisma::discover(dir.path()).unwrap(),
        dir.path().join("db/app.prisma")
    );
    // a configured path that does not exist falls back to the usual places
    fs::write(
        dir.path().join("prisma.config.ts"),
        "export default { schema: 'nope.prisma' }\n",
    )
    .unwrap();
    assert_eq!(
        prisma::discover(dir.path()).unwrap(),
        dir.path().join("schema.prisma")
    );
}

#[test]
fn paths_relative_to_the_project() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("prisma")).unwrap();
    let p = dir.path().join("prisma/schema.prisma");
    fs::write(&p, "model A {\n  id Int @id\n  x\n}\n").unwrap();
    let src = prisma::load_in(&p, Some(dir.path()), "prisma").unwrap();
    assert_eq!(
        src.findings[0].locations[0].path.as_deref(),
        Some("prisma/schema.prisma")
    );
    let a = src.catalog.tables().next().unwrap();
    assert_eq!(
        a.origin.as_ref().unwrap().file.as_deref(),
        Some("prisma/schema.prisma")
    );
}
