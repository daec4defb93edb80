//! What exists before the first statement runs: a fresh PostgreSQL database, and on a
//! Supabase project what the platform provides (PRODUCT.md §2, "Platform baseline").

use crate::catalog::{
    ArgMode, Catalog, Column, Constraint, ConstraintKind, Expr, Extension, Function, Origin,
    References, Schema, Table, Volatility,
};

fn platform() -> Option<Origin> {
    Some(Origin::new("platform", None, 0, 0))
}

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

/// The Supabase platform: auth, storage and extensions schemas, auth.users, auth.uid(),
/// auth.role(), auth.jwt(), the API roles and the uuid-ossp and pgcrypto extensions.
pub fn supabase(catalog: &mut Catalog) {
    for s in [
        "auth",
        "storage",
        "extensions",
        "realtime",
        "graphql",
        "graphql_public",
        "vault",
    ] {
        catalog.schemas.insert(
            s.into(),
            Schema {
                name: s.into(),
                ..Schema::default()
            },
        );
    }
    for role in [
        "anon",
        "authenticated",
        "service_role",
        "authenticator",
        "supabase_admin",
        "supabase_auth_admin",
        "supabase_storage_admin",
        "dashboard_user",
    ] {
        catalog.roles.insert(role.into());
    }
    for ext in ["uuid-ossp", "pgcrypto"] {
        catalog.extensions.insert(
            ext.into(),
            Extension {
                name: ext.into(),
                schema: "extensions".into(),
                version: None,
                origin: platform(),
            },
        );
    }
    let col = |name: &str, ty: &str, not_null: bool| Column {
        name: name.into(),
        data_type: ty.into(),
        not_null,
        origin: platform(),
        ..Column::default()
    };
    let users = Table {
        schema: "auth".into(),
        name: "users".into(),
        columns: vec![
            col("id", "uuid", true),
            col("email", "character varying(255)", false),
            col("phone", "text", false),
            col("role", "character varying(255)", false),
            col("raw_app_meta_data", "jsonb", false),
            col("raw_user_meta_data", "jsonb", false),
            col("created_at", "timestamp with time zone", false),
            col("updated_at", "timestamp with time zone", false),
            col("last_sign_in_at", "timestamp with time zone", false),
            col("email_confirmed_at", "timestamp with time zone", false),
            col("is_anonymous", "boolean", true),
        ],
        constraints: vec![Constraint {
            name: "users_pkey".into(),
            kind: ConstraintKind::PrimaryKey {
                columns: vec!["id".into()],
            },
            deferrable: false,
            initially_deferred: false,
            not_valid: false,
            origin: platform(),
        }],
        rls_enabled: true,
        origin: platform(),
        ..Table::default()
    };
    if let Some(auth) = catalog.schemas.get_mut("auth") {
        auth.tables.insert("users".into(), users);
        for (name, ret) in [
            ("uid", "uuid"),
            ("role", "text"),
            ("jwt", "jsonb"),
            ("email", "text"),
        ] {
            let f = Function {
                schema: "auth".into(),
                name: name.into(),
                is_procedure: false,
                args: Vec::new(),
                returns: ret.into(),
                language: "sql".into(),
                volatility: Volatility::Stable,
                strict: false,
                security_definer: false,
                leakproof: false,
                config: Vec::new(),
                body: String::new(),
                references: References::default(),
                grants: Vec::new(),
                comment: None,
                origin: platform(),
            };
            auth.functions.insert(f.key(), f);
        }
    }
    let _ = (ArgMode::In, Expr::new("true"));
}
