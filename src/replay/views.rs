//! CREATE / ALTER / DROP VIEW and MATERIALIZED VIEW.

use super::resolve::{self, Scope};
use super::{Ctx, PgError, Replay};
use crate::catalog::{Column, Expr, QualName, View};
use crate::sql::{self, Kind, Node, child, name_parts};

impl Replay {
    pub(crate) fn create_view(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = child(node, Kind::VIEW)
            .or_else(|| child(node, Kind::PATH))
            .or_else(|| child(node, Kind::TABLE_NAME))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let qn = self.name_for_create(&name_parts(&name))?;
        let materialized = node.kind() == Kind::CREATE_MATERIALIZED_VIEW;
        let replace = child(node, Kind::OR_REPLACE).is_some();
        let query = node
            .children()
            .find(|c| {
                matches!(
                    c.kind(),
                    Kind::SELECT | Kind::COMPOUND_SELECT | Kind::VALUES | Kind::PAREN_SELECT
                )
            })
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let out = resolve::check_statement(self, &query, ctx, &Scope::empty())
            .map_err(|e| e.object(qn.to_string()))?;
        let mut security_invoker = false;
        let mut security_barrier = false;
        if let Some(w) = child(node, Kind::WITH_PARAMS) {
            for opt in w
                .descendants()
                .filter(|n| n.kind() == Kind::ATTRIBUTE_OPTION)
            {
                // pg_dump quotes the name: `WITH ("security_invoker"='true')`
                let k = sql::find(&opt, Kind::ATTRIBUTE_NAME)
                    .map(|n| crate::catalog::fold_ident(&sql::compact_text(&n)))
                    .unwrap_or_default();
                let v = sql::find(&opt, Kind::ATTRIBUTE_VALUE)
                    .map(|n| sql::compact_text(&n).to_ascii_lowercase())
                    .unwrap_or_else(|| "true".into());
                let on = matches!(v.trim_matches(['\'', '"']), "true" | "on" | "1" | "yes");
                match k.as_str() {
                    "security_invoker" => security_invoker = on,
                    "security_barrier" => security_barrier = on,
                    _ => {}
                }
            }
        }
        // explicit column names
        let names: Vec<String> = child(node, Kind::COLUMN_LIST)
            .map(|l| {
                l.descendants()
                    .filter(|n| matches!(n.kind(), Kind::COLUMN | Kind::COLUMN_NAME))
                    .map(|n| name_parts(&n).join("."))
                    .collect()
            })
            .unwrap_or_default();
        let origin = Some(self.origin(ctx, ctx.offset(node)));
        let columns: Vec<Column> = out
            .columns
            .iter()
            .enumerate()
            .map(|(i, (n, t))| Column {
                name: names.get(i).cloned().unwrap_or_else(|| n.clone()),
                data_type: t.clone().unwrap_or_default(),
                origin: origin.clone(),
                ..Column::default()
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        for c in &columns {
            if !seen.insert(c.name.clone()) {
                return Err(PgError::new(
                    "42701",
                    format!("column \"{}\" specified more than once", c.name),
                ));
            }
        }
        match self.catalog.relation_kind(&qn) {
            Some(crate::catalog::RelationKind::View) if replace && !materialized => {
                let old = self
                    .catalog
                    .view(&qn)
                    .map(|v| v.columns.clone())
                    .unwrap_or_default();
                for (i, oc) in old.iter().enumerate() {
                    match columns.get(i) {
                        Some(nc) if nc.name == oc.name => {}
                        Some(nc) => return Err(PgError::new("42P16", format!("cannot change name of view column \"{}\" to \"{}\"", oc.name, nc.name)).hint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")),
                        None => return Err(PgError::new("42P16", "cannot drop columns from view")),
                    }
                }
            }
            Some(_) => {
                if materialized && child(node, Kind::IF_NOT_EXISTS).is_some() {
                    return Ok(());
                }
                return Err(PgError::new(
                    "42P07",
                    format!("relation \"{}\" already exists", qn.name),
                )
                .object(qn.to_string()));
            }
            None => {}
        }
        self.note_reserved(&qn.schema, &qn.to_string(), "view", ctx, node);
        let v = View {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            materialized,
            definition: Expr::query_node(&query),
            columns,
            security_invoker,
            security_barrier,
            check_option: None,
            references: out.refs,
            indexes: Vec::new(),
            grants: match self.catalog.view(&qn) {
                Some(old) => old.grants.clone(),
                None => self.default_grants(&qn.schema, "TABLES"),
            },
            comment: None,
            origin,
        };
        self.catalog
            .ensure_schema(&qn.schema)
            .views
            .insert(qn.name.clone(), v);
        Ok(())
    }

    pub(crate) fn alter_view(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let Some(r) = node
            .children()
            .find(|n| matches!(n.kind(), Kind::VIEW_REF | Kind::PATH_REF | Kind::PATH))
        else {
            return Ok(());
        };
        let parts = name_parts(&r);
        let Some(q) = self
            .lookup_relation(&parts)
            .filter(|q| self.catalog.view(q).is_some())
        else {
            if child(node, Kind::IF_EXISTS).is_some() {
                return Ok(());
            }
            return Err(self.missing_relation(&parts));
        };
        let text = sql::compact_text(node).to_ascii_lowercase();
        if let Some(rn) = child(node, Kind::VIEW_RENAME_TO) {
            let to = sql::find(&rn, Kind::PATH)
                .map(|p| name_parts(&p))
                .unwrap_or_default()
                .last()
                .cloned()
                .unwrap_or_default();
            let s = self.catalog.ensure_schema(&q.schema);
            if let Some(mut v) = s.views.remove(&q.name) {
                v.name = to.clone();
                s.views.insert(to, v);
            }
            return Ok(());
        }
        if let Some(ss) = child(node, Kind::SET_SCHEMA) {
            let to = sql::find(&ss, Kind::SCHEMA_REF)
                .map(|n| name_parts(&n).join("."))
                .unwrap_or_default();
            if !self.catalog.schemas.contains_key(&to) {
                return Err(PgError::new(
                    "3F000",
                    format!("schema \"{to}\" does not exist"),
                ));
            }
            if to == q.schema {
                return Ok(());
            }
            if self
                .lookup_relation(&[to.clone(), q.name.clone()])
                .is_some()
            {
                return Err(PgError::new(
                    "42P07",
                    format!("relation \"{}\" already exists in schema \"{to}\"", q.name),
                ));
            }
            let moved = self
                .catalog
                .schema_mut(&q.schema)
                .and_then(|s| s.views.remove(&q.name));
            if let Some(mut v) = moved {
                v.schema = to.clone();
                let new_q = QualName::new(&to, &q.name);
                self.catalog
                    .ensure_schema(&to)
                    .views
                    .insert(q.name.clone(), v);
                self.rename_references(&q, &new_q);
            }
            return Ok(());
        }
        if let Some(v) = self
            .catalog
            .schema_mut(&q.schema)
            .and_then(|s| s.views.get_mut(&q.name))
            && text.contains("security_invoker")
        {
            let bare: String = text
                .chars()
                .filter(|c| !matches!(c, '"' | '\'' | ' ' | '\n' | '\t'))
                .collect();
            v.security_invoker = !(["false", "off", "0", "no"]
                .iter()
                .any(|off| bare.contains(&format!("security_invoker={off}")))
                || text.contains("reset"));
        }
        Ok(())
    }

    pub(crate) fn drop_view(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        for r in node
            .children()
            .filter(|n| matches!(n.kind(), Kind::VIEW_REF | Kind::PATH | Kind::PATH_REF))
        {
            let parts = name_parts(&r);
            // a table of that name is found first (IF EXISTS does not skip it)
            if let Some(q) = self.lookup_relation(&parts)
                && self.catalog.table(&q).is_some()
            {
                return Err(
                    PgError::new("42809", format!("\"{}\" is not a view", q.name))
                        .hint("Use DROP TABLE to remove a table."),
                );
            }
            match self
                .lookup_relation(&parts)
                .filter(|q| self.catalog.view(q).is_some())
            {
                Some(q) => {
                    let dependents = self.relation_dependents(&q);
                    if !dependents.is_empty() && child(node, Kind::CASCADE).is_none() {
                        let what = if self.catalog.view(&q).is_some_and(|v| v.materialized) {
                            "materialized view"
                        } else {
                            "view"
                        };
                        return Err(Self::still_depended_on(what, &q.name, &dependents));
                    }
                    self.drop_dependents(dependents);
                    if let Some(s) = self.catalog.schema_mut(&q.schema) {
                        s.views.remove(&q.name);
                    }
                }
                None if child(node, Kind::IF_EXISTS).is_some() => {}
                None => {
                    return Err(PgError::new(
                        "42P01",
                        format!("view \"{}\" does not exist", parts.join(".")),
                    ));
                }
            }
        }
        Ok(())
    }
}
