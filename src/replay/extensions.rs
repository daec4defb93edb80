//! CREATE / DROP EXTENSION.

use super::{Ctx, PgError, Replay};
use crate::catalog::Extension;
use crate::catalog::extension_objects::extension_catalog;
use crate::sql::{self, Kind, Node, child, name_parts};

impl Replay {
    pub(crate) fn create_extension(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name_tok = node
            .children()
            .find(|n| n.kind() == Kind::EXTENSION)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        if self.catalog.extensions.contains_key(&name_tok) {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                return Ok(());
            }
            return Err(PgError::new(
                "42710",
                format!("extension \"{name_tok}\" already exists"),
            ));
        }
        if !known_extension(&name_tok, self.is_supabase()) {
            return Err(PgError::new("0A000", format!("extension \"{name_tok}\" is not available")).detail(format!("Could not open extension control file \"/usr/share/postgresql/15/extension/{name_tok}.control\": No such file or directory.")));
        }
        let info = extension_catalog().extensions.get(name_tok.as_str());
        let fixed = info.and_then(|i| i.fixed_schema);
        let schema = match (sql::find(node, Kind::SCHEMA_REF), fixed) {
            (Some(s), fixed) => {
                let s = name_parts(&s).join(".");
                if let Some(f) = fixed
                    && f != s
                {
                    return Err(PgError::new(
                        "0A000",
                        format!("extension \"{name_tok}\" must be installed in schema \"{f}\""),
                    ));
                }
                if !self.catalog.schemas.contains_key(&s)
                    && fixed.is_none()
                    && !crate::catalog::system::is_system_schema(&s)
                {
                    return Err(PgError::new(
                        "3F000",
                        format!("schema \"{s}\" does not exist"),
                    ));
                }
                s
            }
            (None, Some(f)) => f.to_string(),
            (None, None) => self.creation_schema()?,
        };
        // the extensions it requires: created too with CASCADE, else PostgreSQL refuses
        let cascade =
            child(node, Kind::CASCADE).is_some() || sql::has_token_deep(node, Kind::CASCADE_KW);
        for req in info.map(|i| i.requires.as_slice()).unwrap_or_default() {
            if self.catalog.extensions.contains_key(*req) {
                continue;
            }
            if !cascade {
                return Err(PgError::new(
                    "42704",
                    format!("required extension \"{req}\" is not installed"),
                )
                .hint("Use CREATE EXTENSION ... CASCADE to install required extensions too."));
            }
            let req_schema = extension_catalog()
                .extensions
                .get(req)
                .and_then(|i| i.fixed_schema)
                .map_or_else(|| schema.clone(), str::to_string);
            self.catalog.ensure_schema(&req_schema);
            self.catalog.extensions.insert(
                req.to_string(),
                Extension {
                    name: req.to_string(),
                    schema: req_schema,
                    version: None,
                    origin: Some(self.origin(ctx, ctx.offset(node))),
                },
            );
        }
        // a fixed schema is created with the extension, as are the schemas it owns
        if !crate::catalog::system::is_system_schema(&schema) {
            self.catalog.ensure_schema(&schema);
        }
        for own in extension_catalog().own_schemas(&name_tok) {
            self.catalog.ensure_schema(own);
        }
        self.catalog.extensions.insert(
            name_tok.clone(),
            Extension {
                name: name_tok,
                schema,
                version: None,
                origin: Some(self.origin(ctx, ctx.offset(node))),
            },
        );
        Ok(())
    }

    pub(crate) fn drop_extension(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        for n in node
            .descendants()
            .filter(|n| matches!(n.kind(), Kind::NAME_REF | Kind::EXTENSION))
        {
            let name = name_parts(&n).join(".");
            if self.catalog.extensions.remove(&name).is_none()
                && child(node, Kind::IF_EXISTS).is_none()
            {
                return Err(PgError::new(
                    "42704",
                    format!("extension \"{name}\" does not exist"),
                ));
            }
        }
        Ok(())
    }
}

/// Extensions PostgreSQL 15 ships in contrib, plus those Supabase offers.
pub(super) fn known_extension(name: &str, supabase: bool) -> bool {
    matches!(
        name,
        "uuid-ossp"
            | "pgcrypto"
            | "pg_trgm"
            | "citext"
            | "hstore"
            | "ltree"
            | "unaccent"
            | "fuzzystrmatch"
            | "btree_gin"
            | "btree_gist"
            | "cube"
            | "earthdistance"
            | "intarray"
            | "isn"
            | "lo"
            | "moddatetime"
            | "pg_stat_statements"
            | "pgstattuple"
            | "tablefunc"
            | "tcn"
            | "tsm_system_rows"
            | "tsm_system_time"
            | "dict_int"
            | "dict_xsyn"
            | "pageinspect"
            | "pg_buffercache"
            | "pg_prewarm"
            | "pg_visibility"
            | "pgrowlocks"
            | "postgres_fdw"
            | "dblink"
            | "file_fdw"
            | "seg"
            | "amcheck"
            | "bloom"
            | "autoinc"
            | "insert_username"
            | "refint"
            | "xml2"
            | "sslinfo"
            | "adminpack"
            | "old_snapshot"
            | "pg_surgery"
            | "pg_walinspect"
            | "pg_freespacemap"
            | "plpgsql"
    ) || (supabase && SUPABASE_EXTENSIONS.contains(&name))
        || extension_catalog().extensions.contains_key(name)
}

const SUPABASE_EXTENSIONS: &[&str] = &[
    "vector",
    "postgis",
    "pg_net",
    "pg_cron",
    "pgsodium",
    "pg_graphql",
    "pgjwt",
    "http",
    "pg_jsonschema",
    "pg_hashids",
    "wrappers",
    "supabase_vault",
    "pgaudit",
    "pgroonga",
    "rum",
    "timescaledb",
    "plv8",
    "pg_stat_monitor",
    "index_advisor",
    "hypopg",
    "pgtap",
    "plpgsql_check",
    "pg_repack",
    "postgis_topology",
    "address_standardizer",
    "pgrouting",
    "pgmq",
];
