//! CREATE / ALTER / DROP SEQUENCE.

use super::ddl::find_type_node;
use super::{Ctx, PgError, Replay};
use crate::catalog::Sequence;
use crate::sql::{self, Kind, Node, child, name_parts};

impl Replay {
    pub(crate) fn create_sequence(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = child(node, Kind::SEQUENCE)
            .or_else(|| child(node, Kind::PATH))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let qn = self.name_for_create(&name_parts(&name))?;
        if self.catalog.relation_kind(&qn).is_some() {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                return Ok(());
            }
            return Err(PgError::new(
                "42P07",
                format!("relation \"{}\" already exists", qn.name),
            ));
        }
        let mut s = Sequence {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            data_type: "bigint".into(),
            start: 1,
            increment: 1,
            min_value: 1,
            max_value: i64::MAX,
            cache: 1,
            cycle: false,
            owned_by: None,
            origin: Some(self.origin(ctx, ctx.offset(node))),
        };
        self.sequence_options(node, &mut s, true)?;
        self.catalog
            .ensure_schema(&qn.schema)
            .sequences
            .insert(qn.name.clone(), s);
        Ok(())
    }

    pub(super) fn sequence_options(
        &self,
        node: &Node,
        s: &mut Sequence,
        creating: bool,
    ) -> Result<(), PgError> {
        let num = |n: &Node| -> Option<i64> {
            sql::compact_text(n).split_whitespace().last()?.parse().ok()
        };
        let mut explicit_start = false;
        for o in node.children() {
            match o.kind() {
                Kind::OPTION_START => {
                    if let Some(v) = num(&o) {
                        s.start = v;
                        explicit_start = true;
                    }
                }
                Kind::OPTION_INCREMENT => {
                    if let Some(v) = num(&o) {
                        s.increment = v;
                    }
                }
                Kind::OPTION_MIN_VALUE => {
                    if let Some(v) = num(&o) {
                        s.min_value = v;
                    }
                }
                Kind::OPTION_MAX_VALUE => {
                    if let Some(v) = num(&o) {
                        s.max_value = v;
                    }
                }
                Kind::OPTION_CACHE => {
                    if let Some(v) = num(&o) {
                        s.cache = v;
                    }
                }
                Kind::OPTION_CYCLE => s.cycle = !sql::keywords(&o).contains("NO"),
                Kind::OPTION_AS_TYPE => {
                    if let Some(t) = find_type_node(&o) {
                        s.data_type = crate::catalog::types::normalize_type(&sql::compact_text(&t));
                        s.max_value = match s.data_type.as_str() {
                            "smallint" => i16::MAX as i64,
                            "integer" => i32::MAX as i64,
                            _ => i64::MAX,
                        };
                    }
                }
                Kind::OPTION_OWNED_BY => {
                    if sql::keywords(&o).contains("NONE") {
                        s.owned_by = None;
                    } else if let Some(q) = sql::find(&o, Kind::QUALIFIED_COLUMN_NAME_REF) {
                        let parts = name_parts(&q);
                        let (tparts, col) = parts.split_at(parts.len().saturating_sub(1));
                        let t = self.require_table(tparts)?;
                        let col = col.first().cloned().unwrap_or_default();
                        if self
                            .catalog
                            .table(&t)
                            .and_then(|tt| tt.column(&col))
                            .is_none()
                        {
                            return Err(PgError::new(
                                "42703",
                                format!(
                                    "column \"{col}\" of relation \"{}\" does not exist",
                                    t.name
                                ),
                            ));
                        }
                        s.owned_by = Some((t, col));
                    }
                }
                _ => {}
            }
        }
        if creating && !explicit_start {
            s.start = if s.increment < 0 {
                s.max_value
            } else {
                s.min_value
            };
        }
        Ok(())
    }

    pub(crate) fn alter_sequence(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let Some(r) = node
            .children()
            .find(|n| matches!(n.kind(), Kind::SEQUENCE_REF | Kind::PATH_REF | Kind::PATH))
        else {
            return Ok(());
        };
        let parts = name_parts(&r);
        let q = match self.lookup_relation(&parts) {
            Some(q) if self.catalog.sequence(&q).is_some() => q,
            _ if child(node, Kind::IF_EXISTS).is_some() => return Ok(()),
            _ => return Err(self.missing_relation(&parts)),
        };
        let mut s = self
            .catalog
            .sequence(&q)
            .cloned()
            .ok_or_else(|| self.missing_relation(&parts))?;
        self.sequence_options(node, &mut s, false)?;
        self.catalog
            .ensure_schema(&q.schema)
            .sequences
            .insert(q.name.clone(), s);
        Ok(())
    }

    pub(crate) fn drop_sequence(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        for r in node
            .children()
            .filter(|n| matches!(n.kind(), Kind::PATH | Kind::SEQUENCE_REF | Kind::PATH_REF))
        {
            let parts = name_parts(&r);
            match self.lookup_relation(&parts) {
                Some(q) if self.catalog.sequence(&q).is_some() => {
                    if let Some(s) = self.catalog.schema_mut(&q.schema) {
                        s.sequences.remove(&q.name);
                    }
                }
                _ if child(node, Kind::IF_EXISTS).is_some() => {}
                _ => {
                    return Err(PgError::new(
                        "42P01",
                        format!("sequence \"{}\" does not exist", parts.join(".")),
                    ));
                }
            }
        }
        Ok(())
    }
}
