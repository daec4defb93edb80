//! A large schema (2,000 models with relations and indexes) loads quickly.

use schemadrift::sources::prisma;
use std::fmt::Write;

#[test]
fn two_thousand_models() {
    let mut text = String::from(
        "datasource db {\n  provider = \"postgresql\"\n}\n\nenum State {\n  ON\n  OFF\n}\n\n",
    );
    for i in 0..2000 {
        let parent = if i == 0 { 0 } else { i - 1 };
        writeln!(
            text,
            "model M{i} {{\n  id        String   @id @default(uuid()) @db.Uuid\n  name      String   @db.VarChar(200)\n  state     State    @default(ON)\n  parentId  String?  @map(\"parent_id\") @db.Uuid\n  createdAt DateTime @default(now()) @map(\"created_at\")\n  parent    M{parent}? @relation(\"P{i}\", fields: [parentId], references: [id])\n  children  M{}[] @relation(\"P{}\")\n\n  @@index([parentId])\n  @@unique([name, state])\n  @@map(\"m_{i}\")\n}}\n",
            i + 1,
            i + 1
        )
        .unwrap();
    }
    let started = std::time::Instant::now();
    let src = prisma::load_texts(&[("schema.prisma".into(), text)], "prisma");
    let took = started.elapsed();
    // the last model's `children` points at a model that does not exist: one finding
    assert_eq!(
        src.findings.len(),
        1,
        "{:#?}",
        &src.findings[..src.findings.len().min(3)]
    );
    assert_eq!(src.catalog.tables().count(), 2000);
    // generous for debug builds on a shared machine
    assert!(took.as_secs() < 20, "{took:?}");
}
