//! What exists before the first statement runs: a fresh PostgreSQL database, and on a
//! Supabase project what the platform provides (PRODUCT.md §2, "Platform baseline").

use super::{Replay, ReplayOptions, SqlFile};
use crate::catalog::{Catalog, Schema};

/// A new database: schema `public` and the roles every cluster has.
pub fn postgres(catalog: &mut Catalog) {
    catalog.schemas.insert(
        "public".into(),
        Schema {
            name: "public".into(),
            ..Schema::default()
        },
    );
    for role in [
        "postgres",
        "public",
        "pg_read_all_data",
        "pg_write_all_data",
        "pg_monitor",
    ] {
        catalog.roles.insert(role.into());
    }
}

/// What a hosted Supabase project holds before its first migration, as the project describes
/// it in SQL (`platform/supabase/platform.sql`, and the extensions a hosted project has
/// enabled, `platform-extensions.sql`); the real-world harness loads the same files into
/// PostgreSQL. Replayed once per process; each replay starts from a copy (objects are shared
/// behind `Arc` until changed).
pub fn supabase() -> Catalog {
    PLATFORM.0.clone()
}

/// The findings of replaying the platform description itself (a test keeps them free of
/// refusals: the description must be something the replay reads as PostgreSQL does).
#[cfg(test)]
pub fn platform_findings() -> &'static [crate::findings::Finding] {
    &PLATFORM.1
}

const PLATFORM_SQL: &str = include_str!("../../platform/supabase/platform.sql");
const PLATFORM_EXTENSIONS_SQL: &str =
    include_str!("../../platform/supabase/platform-extensions.sql");

static PLATFORM: std::sync::LazyLock<(Catalog, Vec<crate::findings::Finding>)> =
    std::sync::LazyLock::new(|| {
        let mut base = Catalog::new();
        postgres(&mut base);
        let mut r = Replay::with_catalog(
            ReplayOptions {
                source_id: "platform".into(),
                supabase: true,
            },
            base,
        );
        for (path, text) in [
            ("platform.sql", PLATFORM_SQL),
            ("platform-extensions.sql", PLATFORM_EXTENSIONS_SQL),
        ] {
            r.run_file(&SqlFile { path, text });
        }
        let (mut catalog, findings, _) = r.finish();
        // the platform's schemas are there before the project's first migration
        for s in catalog.schemas.values_mut() {
            s.created_by_source = false;
        }
        (catalog, findings)
    });

#[cfg(test)]
mod tests {
    /// The platform description replays as PostgreSQL runs it: nothing refused, nothing
    /// unread (the harness loads the same files into PostgreSQL with ON_ERROR_STOP).
    #[test]
    fn the_platform_description_replays_cleanly() {
        let bad: Vec<String> = super::platform_findings()
            .iter()
            .filter(|f| matches!(f.rule, "migration-error" | "unparsed-statement"))
            .map(|f| f.message.clone())
            .collect();
        assert!(bad.is_empty(), "{}", bad.join("\n"));
        let c = super::supabase();
        assert!(
            c.table(&crate::catalog::QualName::new("auth", "users"))
                .is_some()
        );
        assert!(
            c.table(&crate::catalog::QualName::new("storage", "objects"))
                .is_some()
        );
        assert!(c.roles.contains("service_role"));
    }
}
