//! COMMENT ON.

use super::{Ctx, PgError, Replay};
use crate::sql::{self, Kind, Node, name_parts};

impl Replay {
    pub(crate) fn comment_on(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let value = node
            .children()
            .filter(|n| n.kind() == Kind::LITERAL)
            .last()
            .and_then(|l| sql::first_string(&l));
        let Some(obj) = node.children().next() else {
            return Ok(());
        };
        match obj.kind() {
            Kind::OBJECT_TABLE | Kind::OBJECT_FOREIGN_TABLE => {
                let r = obj
                    .children()
                    .next()
                    .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                let q = self
                    .require_table(&name_parts(&r))
                    .map_err(|e| e.at(ctx.offset(&r)))?;
                let want_foreign = obj.kind() == Kind::OBJECT_FOREIGN_TABLE;
                if let Some(t) = self.catalog.table_mut(&q) {
                    // COMMENT ON TABLE takes no foreign table, COMMENT ON FOREIGN TABLE no table
                    if (t.kind == crate::catalog::TableKind::Foreign) != want_foreign {
                        return Err(PgError::new(
                            "42809",
                            format!(
                                "\"{}\" is not a {}table",
                                q.name,
                                if want_foreign { "foreign " } else { "" }
                            ),
                        )
                        .at(ctx.offset(&r)));
                    }
                    t.comment = value;
                }
            }
            Kind::OBJECT_COLUMN => {
                let r = obj
                    .children()
                    .next()
                    .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                let parts = name_parts(&r);
                let (tp, col) = parts.split_at(parts.len().saturating_sub(1));
                let col = col.first().cloned().unwrap_or_default();
                let q = self
                    .lookup_relation(tp)
                    .ok_or_else(|| self.missing_relation(tp).at(ctx.offset(&r)))?;
                if let Some(t) = self.catalog.table_mut(&q) {
                    match t.column_mut(&col) {
                        Some(c) => c.comment = value,
                        None => {
                            return Err(PgError::new(
                                "42703",
                                format!(
                                    "column \"{col}\" of relation \"{}\" does not exist",
                                    q.name
                                ),
                            ));
                        }
                    }
                } else if let Some(v) = self
                    .catalog
                    .schema_mut(&q.schema)
                    .and_then(|s| s.views.get_mut(&q.name))
                    && let Some(c) = v.columns.iter_mut().find(|c| c.name == col)
                {
                    c.comment = value;
                }
            }
            Kind::OBJECT_VIEW | Kind::OBJECT_MATERIALIZED_VIEW => {
                let r = obj
                    .children()
                    .next()
                    .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                let parts = name_parts(&r);
                let q = self
                    .lookup_relation(&parts)
                    .filter(|q| self.catalog.view(q).is_some())
                    .ok_or_else(|| self.missing_relation(&parts))?;
                if let Some(v) = self
                    .catalog
                    .schema_mut(&q.schema)
                    .and_then(|s| s.views.get_mut(&q.name))
                {
                    v.comment = value;
                }
            }
            Kind::OBJECT_SCHEMA => {
                // the schema's name is the last part (`SCHEMA "public"` reads as two)
                let name = name_parts(&obj).pop().unwrap_or_default();
                match self.catalog.schema_mut(&name) {
                    Some(s) => s.comment = value,
                    None => {
                        return Err(PgError::new(
                            "3F000",
                            format!("schema \"{name}\" does not exist"),
                        ));
                    }
                }
            }
            Kind::OBJECT_FUNCTION | Kind::OBJECT_PROCEDURE => {
                if let Some(sig) = sql::find(&obj, Kind::FUNCTION_SIG) {
                    match self.function_from_sig(&sig)? {
                        Some((q, key)) => {
                            if let Some(f) = self
                                .catalog
                                .schema_mut(&q.schema)
                                .and_then(|s| s.functions.get_mut(&key))
                            {
                                f.comment = value;
                            }
                        }
                        None if self.extension_function_sig(&sig)? => {}
                        None => {
                            return Err(PgError::new(
                                "42883",
                                format!("function {} does not exist", Self::sig_display(&sig)),
                            ));
                        }
                    }
                }
            }
            Kind::OBJECT_TYPE => {
                let parts = name_parts(&obj);
                if let Some(q) = self.lookup_type(&parts)
                    && let Some(t) = self
                        .catalog
                        .schema_mut(&q.schema)
                        .and_then(|s| s.types.get_mut(&q.name))
                {
                    t.comment = value;
                }
            }
            Kind::OBJECT_POLICY | Kind::OBJECT_CONSTRAINT | Kind::OBJECT_TRIGGER => {
                self.comment_on_table_member(&obj, ctx)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// `COMMENT ON POLICY|CONSTRAINT|TRIGGER name ON table`: the table, then the member, must
    /// exist (the catalog keeps no comment on them).
    fn comment_on_table_member(&self, obj: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let Some(table) = sql::child(obj, Kind::TABLE_NAME_REF)
            .or_else(|| sql::child(obj, Kind::RELATION_NAME_REF))
        else {
            // `COMMENT ON CONSTRAINT c ON DOMAIN d`
            return Ok(());
        };
        let member = obj
            .children()
            .find(|n| {
                matches!(
                    n.kind(),
                    Kind::POLICY_REF | Kind::CONSTRAINT_NAME_REF | Kind::TRIGGER_REF
                )
            })
            .map(|n| name_parts(&n).pop().unwrap_or_default());
        let parts = name_parts(&table);
        let q = self
            .lookup_relation(&parts)
            .ok_or_else(|| self.missing_relation(&parts).at(ctx.offset(&table)))?;
        let (Some(t), Some(member)) = (self.catalog.table(&q), member) else {
            return Ok(());
        };
        let (what, found) = match obj.kind() {
            Kind::OBJECT_POLICY => ("policy", t.policy(&member).is_some()),
            Kind::OBJECT_CONSTRAINT => ("constraint", t.constraint(&member).is_some()),
            _ => ("trigger", t.trigger(&member).is_some()),
        };
        if found {
            return Ok(());
        }
        Err(PgError::new(
            "42704",
            format!(
                "{what} \"{member}\" for table \"{}\" does not exist",
                q.name
            ),
        ))
    }
}
