//! CREATE / ALTER / DROP INDEX.

use super::ddl::{make_object_name, unique_name};
use super::resolve;
use super::tables::unreachable_view;
use super::{Ctx, PgError, Replay};
use crate::catalog::{ConstraintKind, Expr, Index, IndexKey, QualName, Table};
use crate::findings::{Finding, Location, Severity};
use crate::sql::{self, Kind, Node, child, children, has_token, name_parts};

impl Replay {
    pub(crate) fn create_index(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let rel = child(node, Kind::TABLE_RELATION_NAME)
            .and_then(|r| child(&r, Kind::TABLE_NAME_REF))
            .or_else(|| sql::find(node, Kind::RELATION_NAME_REF))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let parts = name_parts(&rel);
        let qn = match self.lookup_relation(&parts) {
            Some(q) => q,
            None => return Err(self.missing_relation(&parts).at(ctx.offset(&rel))),
        };
        let is_matview = self.catalog.view(&qn).is_some_and(|v| v.materialized);
        let table: std::borrow::Cow<Table> = match self.catalog.table(&qn) {
            Some(t) => std::borrow::Cow::Borrowed(t),
            None if is_matview => {
                let v = self
                    .catalog
                    .view(&qn)
                    .cloned()
                    .unwrap_or_else(unreachable_view);
                std::borrow::Cow::Owned(Table {
                    schema: v.schema.clone(),
                    name: v.name.clone(),
                    columns: v.columns.clone(),
                    indexes: v.indexes.clone(),
                    ..Table::default()
                })
            }
            None => {
                return Err(PgError::new(
                    "42809",
                    format!("\"{}\" is not a table or materialized view", qn.name),
                )
                .at(ctx.offset(&rel)));
            }
        };
        let explicit_name = child(node, Kind::INDEX)
            .and_then(|n| {
                sql::find(&n, Kind::PATH)
                    .map(|p| name_parts(&p))
                    .or_else(|| Some(name_parts(&n)))
            })
            .and_then(|p| p.last().cloned());
        let method = sql::find(node, Kind::ACCESS_METHOD_REF)
            .map(|m| name_parts(&m).join("."))
            .unwrap_or_else(|| "btree".into());
        let mut keys = Vec::new();
        let items = child(node, Kind::PARTITION_ITEM_LIST)
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let mut name_cols = Vec::new();
        for item in children(&items, Kind::PARTITION_ITEM) {
            let off = ctx.offset(&item);
            let expr = item
                .children()
                .next()
                .ok_or_else(|| PgError::new("42601", "syntax error"))?;
            let (text, is_expr, col_type) = match expr.kind() {
                Kind::NAME_REF => {
                    let c = name_parts(&expr).join(".");
                    let ty = match table.column(&c) {
                        Some(col) => col.data_type.clone(),
                        None => {
                            return Err(PgError::new(
                                "42703",
                                format!("column \"{c}\" does not exist"),
                            )
                            .at(off)
                            .object(format!("{qn}.{c}")));
                        }
                    };
                    name_cols.push(c.clone());
                    (c, false, Some(ty))
                }
                _ => {
                    let inner = if expr.kind() == Kind::PAREN_EXPR {
                        expr.children().next().unwrap_or(expr.clone())
                    } else {
                        expr.clone()
                    };
                    resolve::check_table_expr(self, &inner.text().to_string(), &table, ctx)
                        .map_err(|e| e.at(off))?;
                    let fname = if inner.kind() == Kind::CALL_EXPR {
                        name_parts(&inner)
                            .last()
                            .cloned()
                            .unwrap_or_else(|| "expr".into())
                    } else {
                        "expr".into()
                    };
                    name_cols.push(fname);
                    (sql::canon::canon(&inner), true, None)
                }
            };
            let opclass = child(&item, Kind::OP_CLASS_REF).map(|o| name_parts(&o).join("."));
            if let Some(oc) = &opclass {
                self.require_opclass(oc, &method).map_err(|e| e.at(off))?;
            } else if let Some(ty) = &col_type
                && let Err(e) = default_opclass_exists(ty, &method)
                // a created extension may give the type one (btree_gist's for uuid)
                && !self.extension_default_opclass(ty, &method)
            {
                return Err(e.at(off));
            }
            let descending = child(&item, Kind::SORT_DESC).is_some();
            let nulls_first = if child(&item, Kind::NULLS_FIRST).is_some() {
                if descending { None } else { Some(true) }
            } else if child(&item, Kind::NULLS_LAST).is_some() {
                if descending { Some(false) } else { None }
            } else {
                None
            };
            let collation = child(&item, Kind::COLLATE)
                .and_then(|c| c.children().next())
                .map(|n| name_parts(&n).join("."));
            keys.push(IndexKey {
                expr: text,
                is_expression: is_expr,
                opclass,
                collation,
                descending,
                nulls_first,
            });
        }
        let include: Vec<String> = child(node, Kind::INDEX_INCLUDE_CLAUSE)
            .map(|c| {
                c.descendants()
                    .filter(|n| n.kind() == Kind::NAME_REF)
                    .map(|n| name_parts(&n).join("."))
                    .collect()
            })
            .unwrap_or_default();
        for c in &include {
            if table.column(c).is_none() {
                return Err(PgError::new(
                    "42703",
                    format!("column \"{c}\" does not exist"),
                ));
            }
        }
        let predicate = match child(node, Kind::WHERE_CLAUSE).and_then(|w| w.children().next()) {
            Some(p) => {
                resolve::check_table_expr(self, &p.text().to_string(), &table, ctx)?;
                Some(Expr::from_node(&p))
            }
            None => None,
        };
        let name = match explicit_name {
            Some(n) => n,
            None => unique_name(
                &self.catalog,
                &qn.schema,
                make_object_name(&qn.name, Some(&name_cols.join("_")), "idx"),
            ),
        };
        let index_qn = QualName::new(&qn.schema, &name);
        let unique = has_token(node, Kind::UNIQUE_KW);
        let index = Index {
            name: name.clone(),
            unique,
            nulls_not_distinct: sql::find(node, Kind::NULLS_NOT_DISTINCT).is_some(),
            method,
            keys,
            include,
            predicate,
            origin: Some(self.origin(ctx, ctx.offset(node))),
        };
        if self.catalog.relation_kind(&index_qn).is_some() {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                self.check_shadowed_index(&qn, &index, ctx, node);
                return Ok(());
            }
            return Err(
                PgError::new("42P07", format!("relation \"{name}\" already exists"))
                    .object(format!("{qn}/{name}")),
            );
        }
        self.catalog.note_index_name(&qn.schema, &name, &qn.name);
        if is_matview {
            if let Some(v) = self
                .catalog
                .schema_mut(&qn.schema)
                .and_then(|s| s.views.get_mut(&qn.name))
            {
                v.indexes.push(index);
            }
        } else if let Some(t) = self.catalog.table_mut(&qn) {
            t.indexes.push(index);
        }
        Ok(())
    }

    pub(super) fn check_shadowed_index(
        &mut self,
        table: &QualName,
        new: &Index,
        ctx: &Ctx,
        node: &Node,
    ) {
        let Some(t) = self.catalog.table(table) else {
            return;
        };
        let Some(existing) = t.indexes.iter().find(|i| i.name == new.name) else {
            return;
        };
        let sig = |i: &Index| {
            (
                i.unique,
                i.method.clone(),
                i.keys.clone(),
                i.predicate.as_ref().map(|p| p.normalized.clone()),
            )
        };
        if sig(existing) == sig(new) {
            return;
        }
        let here = self.origin(ctx, ctx.offset(node));
        let mut f = Finding::new(
            "shadowed-definition",
            Severity::Medium,
            format!("{table}/{}", new.name),
            format!("CREATE INDEX IF NOT EXISTS {} at {} is skipped: an index of that name with another definition already exists", new.name, here.display()),
        )
        .at(Location::from_origin(&here));
        if let Some(o) = &existing.origin {
            f = f.at(Location::from_origin(o));
        }
        self.findings.push(f);
    }

    pub(crate) fn drop_index(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let if_exists = child(node, Kind::IF_EXISTS).is_some();
        for r in node.descendants().filter(|n| n.kind() == Kind::INDEX_REF) {
            let parts = name_parts(&r);
            let (schema, name) = match parts.as_slice() {
                [s, n] => (Some(s.clone()), n.clone()),
                [n] => (None, n.clone()),
                _ => continue,
            };
            let schemas: Vec<String> = match &schema {
                Some(s) => vec![s.clone()],
                None => self.search_path.clone(),
            };
            let mut found = false;
            for s in schemas {
                if let Some(sc) = self.catalog.schema_mut(&s) {
                    let has = |i: &crate::catalog::Index| i.name == name;
                    for t in sc.tables.changing(|t| t.indexes.iter().any(has)) {
                        if let Some(i) = t.indexes.iter().position(|i| i.name == name) {
                            t.indexes.remove(i);
                            found = true;
                        }
                    }
                    for v in sc.views.changing(|v| v.indexes.iter().any(has)) {
                        if let Some(i) = v.indexes.iter().position(|i| i.name == name) {
                            v.indexes.remove(i);
                            found = true;
                        }
                    }
                }
                if found {
                    break;
                }
            }
            if !found && !if_exists {
                return Err(PgError::new(
                    "42704",
                    format!("index \"{}\" does not exist", parts.join(".")),
                )
                .at(ctx.offset(&r)));
            }
        }
        Ok(())
    }

    pub(crate) fn alter_index(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let Some(r) = child(node, Kind::INDEX_REF) else {
            return Ok(());
        };
        let parts = name_parts(&r);
        let Some(rename) = child(node, Kind::INDEX_RENAME_TO) else {
            return Ok(());
        };
        let to = sql::find(&rename, Kind::PATH)
            .map(|p| name_parts(&p))
            .unwrap_or_default()
            .last()
            .cloned()
            .unwrap_or_default();
        let name = parts.last().cloned().unwrap_or_default();
        let schemas: Vec<String> = if parts.len() == 2 {
            vec![parts[0].clone()]
        } else {
            self.search_path.clone()
        };
        for s in schemas {
            if self
                .catalog
                .relation_kind(&QualName::new(&s, &to))
                .is_some()
                && self
                    .catalog
                    .relation_kind(&QualName::new(&s, &name))
                    .is_some()
            {
                return Err(PgError::new(
                    "42P07",
                    format!("relation \"{to}\" already exists"),
                ));
            }
            let mut renamed_on = None;
            if let Some(sc) = self.catalog.schema_mut(&s) {
                let index_like = |c: &crate::catalog::Constraint| {
                    c.name == name
                        && matches!(
                            c.kind,
                            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
                        )
                };
                let owns = |t: &Table| {
                    t.indexes.iter().any(|i| i.name == name) || t.constraints.iter().any(index_like)
                };
                for t in sc.tables.changing(owns) {
                    if let Some(i) = t.indexes.iter_mut().find(|i| i.name == name) {
                        i.name = to.clone();
                        renamed_on = Some(t.name.clone());
                        break;
                    }
                    if let Some(c) = t.constraints.iter_mut().find(|c| index_like(c)) {
                        c.name = to.clone();
                        renamed_on = Some(t.name.clone());
                        break;
                    }
                }
            }
            if let Some(owner) = renamed_on {
                self.catalog.note_index_name(&s, &to, &owner);
                return Ok(());
            }
        }
        if child(node, Kind::IF_EXISTS).is_some() {
            return Ok(());
        }
        Err(PgError::new(
            "42P01",
            format!("relation \"{}\" does not exist", parts.join(".")),
        )
        .at(ctx.offset(&r)))
    }
}

/// Whether a type has a default operator class for an access method (the check behind
/// "data type text has no default operator class for access method gin").
pub(super) fn default_opclass_exists(ty: &str, method: &str) -> Result<(), PgError> {
    let base = crate::catalog::types::base_type(ty);
    let ok = match method {
        "gin" => ty.ends_with("[]") || matches!(base, "jsonb" | "tsvector" | "tsquery"),
        "gist" => {
            matches!(
                base,
                "tsvector" | "tsquery" | "point" | "box" | "polygon" | "circle" | "inet" | "cidr"
            ) || base.ends_with("range")
                || base.contains("geometry")
                || base.contains("geography")
        }
        "brin" | "btree" | "hash" | "spgist" => true,
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(PgError::new("42704", format!("data type {ty} has no default operator class for access method \"{method}\""))
            .hint("You must specify an operator class for the index or define a default operator class for the data type."))
    }
}
