//! CREATE / DROP SCHEMA, and the reserved schemas of the platform.

use super::{Ctx, PgError, Replay};
use crate::catalog::Schema;
use crate::catalog::dump::is_reserved_schema;
use crate::findings::{Finding, Location, Severity};
use crate::sql::{self, Kind, Node, child, name_parts};

impl Replay {
    /// On a Supabase project, objects created in the platform's schemas are findings.
    pub(crate) fn note_reserved(
        &mut self,
        schema: &str,
        object: &str,
        noun: &str,
        ctx: &Ctx,
        node: &Node,
    ) {
        if !self.is_supabase() || !is_reserved_schema(schema) {
            return;
        }
        let o = self.origin(ctx, ctx.offset(node));
        self.findings.push(
            Finding::new(
                "reserved-schema",
                Severity::High,
                object.to_string(),
                format!(
                    "{}: creates {noun} {object} in the `{schema}` schema, which Supabase reserves for the platform: on a hosted project this fails (permission denied for schema {schema}) or is lost on platform upgrades",
                    o.display()
                ),
            )
            .at(Location::from_origin(&o))
            .impact("The migration fails on hosted Supabase, and code relying on the object breaks.")
            .fix(format!("-- create it in a schema of your own instead, e.g. public:\n-- {noun} public.{}", object.rsplit('.').next().unwrap_or(object))),
        );
    }

    pub(crate) fn create_schema(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let named = sql::find(node, Kind::NAMED_SCHEMA).unwrap_or(node.clone());
        let name = sql::find(&named, Kind::SCHEMA)
            .map(|n| name_parts(&n).join("."))
            .or_else(|| sql::find(&named, Kind::ROLE_NAME_REF).map(|n| name_parts(&n).join(".")))
            .unwrap_or_default();
        if let Some(r) = sql::find(&named, Kind::ROLE_NAME_REF) {
            self.require_role(&name_parts(&r).join("."))?;
        }
        if self.catalog.schemas.contains_key(&name) {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                return Ok(());
            }
            return Err(PgError::new(
                "42P06",
                format!("schema \"{name}\" already exists"),
            ));
        }
        self.catalog.schemas.insert(
            name.clone(),
            Schema {
                name: name.clone(),
                created_by_source: true,
                origin: Some(self.origin(ctx, ctx.offset(node))),
                ..Schema::default()
            },
        );
        Ok(())
    }

    pub(crate) fn drop_schema(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let cascade = child(node, Kind::CASCADE).is_some();
        for r in node.descendants().filter(|n| n.kind() == Kind::SCHEMA_REF) {
            let name = name_parts(&r).join(".");
            match self.catalog.schemas.get(&name) {
                None if child(node, Kind::IF_EXISTS).is_some() => {}
                None => {
                    return Err(PgError::new(
                        "3F000",
                        format!("schema \"{name}\" does not exist"),
                    ));
                }
                Some(s) => {
                    let empty = s.tables.is_empty()
                        && s.views.is_empty()
                        && s.functions.is_empty()
                        && s.types.is_empty()
                        && s.sequences.is_empty();
                    if !empty && !cascade {
                        return Err(PgError::new(
                            "2BP01",
                            format!("cannot drop schema {name} because other objects depend on it"),
                        )
                        .hint("Use DROP ... CASCADE to drop the dependent objects too."));
                    }
                    self.catalog.schemas.remove(&name);
                }
            }
        }
        Ok(())
    }
}
