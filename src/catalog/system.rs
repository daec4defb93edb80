//! The relations every PostgreSQL database has in `pg_catalog` and `information_schema`
//! (pg_class, pg_policies, information_schema.columns …) with their columns, as the real
//! server lists them (`platform/postgres/system-relations.tsv`, written by
//! `platform/postgres/generate`). They are not part of a project's catalog (nothing compares
//! or dumps them); the replay looks them up when a migration reads them.

use std::collections::HashMap;
use std::sync::LazyLock;

const SYSTEM_RELATIONS: &str = include_str!("../../platform/postgres/system-relations.tsv");
const SYSTEM_SETTINGS: &str = include_str!("../../platform/postgres/system-settings.txt");

static SETTINGS: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| SYSTEM_SETTINGS.lines().map(str::trim).collect());

/// Whether `SET name` names a parameter the server knows: one of its own (lower case), or a
/// custom `prefix.name` (any is accepted, as placeholders).
pub fn is_setting(name: &str) -> bool {
    name.contains('.') || SETTINGS.contains(name)
}

/// A system relation's columns: (name, type) in order.
pub type SystemColumns = Vec<(&'static str, &'static str)>;

type Relations = HashMap<&'static str, HashMap<&'static str, SystemColumns>>;

static RELATIONS: LazyLock<Relations> = LazyLock::new(|| {
    let mut map: Relations = HashMap::new();
    for l in SYSTEM_RELATIONS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut f = l.split('\t');
        if let (Some(schema), Some(name), Some(_kind), Some(cols)) =
            (f.next(), f.next(), f.next(), f.next())
        {
            let cols = cols.split(',').filter_map(|c| c.split_once(':')).collect();
            map.entry(schema).or_default().insert(name, cols);
        }
    }
    map
});

/// The columns of `schema.name` when it is a relation PostgreSQL itself provides.
pub fn system_relation(schema: &str, name: &str) -> Option<&'static SystemColumns> {
    RELATIONS.get(schema)?.get(name)
}

/// `pg_catalog` and `information_schema`: the schemas whose relations the server provides.
pub fn is_system_schema(schema: &str) -> bool {
    matches!(schema, "pg_catalog" | "information_schema")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_catalogs_migrations_read() {
        let cols = system_relation("pg_catalog", "pg_class").expect("pg_class");
        assert!(cols.iter().any(|(c, t)| *c == "relname" && *t == "name"));
        assert!(system_relation("pg_catalog", "pg_policies").is_some());
        assert!(system_relation("pg_catalog", "pg_publication_tables").is_some());
        let cols = system_relation("information_schema", "columns").expect("columns");
        assert!(cols.iter().any(|(c, _)| *c == "column_name"));
        assert!(system_relation("public", "pg_class").is_none());
        assert!(system_relation("pg_catalog", "users").is_none());
        assert!(
            is_setting("statement_timeout") && is_setting("datestyle") && is_setting("app.tenant")
        );
        assert!(
            !is_setting("transaction_timeout"),
            "PostgreSQL 15 has no transaction_timeout"
        );
    }
}
