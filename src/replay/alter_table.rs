//! ALTER TABLE and its actions, applied in order as PostgreSQL applies them.

use super::constraints::PendingConstraint;
use super::ddl::find_type_node;
use super::renames::{expr_mentions, rename_column_in_table};
use super::resolve;
use super::{Ctx, PgError, Replay};
use crate::catalog::{ConstraintKind, Expr, Identity, QualName, Table};
use crate::sql::{self, Kind, Node, child, name_parts};

impl Replay {
    pub(crate) fn alter_table(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let rel = child(node, Kind::TABLE_RELATION_NAME)
            .and_then(|r| child(&r, Kind::TABLE_NAME_REF))
            .or_else(|| sql::find(node, Kind::TABLE_NAME_REF))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let parts = name_parts(&rel);
        let if_exists = child(node, Kind::IF_EXISTS).is_some();
        let qn = match self.require_table(&parts) {
            Ok(q) => q,
            Err(_) if if_exists => return Ok(()),
            Err(e) => return Err(e.at(ctx.offset(&rel)).object(parts.join("."))),
        };
        let mut table = self.catalog.table(&qn).cloned().unwrap_or_default();
        // ADD COLUMN (serial) and DROP COLUMN change the schema's sequences: kept to undo
        let saved = node
            .children()
            .any(|a| matches!(a.kind(), Kind::ADD_COLUMN | Kind::DROP_COLUMN))
            .then(|| {
                self.catalog
                    .schema(&qn.schema)
                    .map(|s| s.sequences.clone())
                    .unwrap_or_default()
            });
        let mut rename_to: Option<String> = None;
        let mut new_schema: Option<String> = None;
        // PostgreSQL runs the actions of one ALTER TABLE in passes (tablecmds.c,
        // AlterTablePass): every DROP first, then type changes, new columns, column
        // attributes, indexes (PRIMARY KEY, UNIQUE), other constraints and defaults, the rest;
        // in the order written within a pass. `DROP CONSTRAINT x_pkey, …, ADD CONSTRAINT
        // x_pkey PRIMARY KEY` works for that reason.
        let mut actions: Vec<Node> = node.children().collect();
        actions.sort_by_key(alter_pass);
        for action in actions {
            let off = ctx.offset(&action);
            let r = self.alter_action(&action, ctx, &mut table, &mut rename_to, &mut new_schema);
            if let Err(e) = r {
                if let Some(saved) = saved {
                    self.catalog.ensure_schema(&qn.schema).sequences = saved;
                }
                return Err(e.at(off).object(qn.to_string()));
            }
        }
        let schema = self.catalog.ensure_schema(&qn.schema);
        schema.tables.remove(&qn.name);
        let final_schema = new_schema.unwrap_or(qn.schema.clone());
        if let Some(new) = rename_to {
            table.name = new;
        }
        table.schema = final_schema.clone();
        let new_qn = table.qual_name();
        if new_qn != qn {
            self.rename_references(&qn, &new_qn);
        }
        self.catalog.note_index_names_of(&table);
        self.catalog
            .ensure_schema(&final_schema)
            .tables
            .insert(table.name.clone(), table);
        Ok(())
    }

    pub(super) fn alter_action(
        &mut self,
        action: &Node,
        ctx: &Ctx,
        table: &mut Table,
        rename_to: &mut Option<String>,
        new_schema: &mut Option<String>,
    ) -> Result<(), PgError> {
        let tname = table.name.clone();
        match action.kind() {
            Kind::ADD_COLUMN => {
                let name = child(action, Kind::COLUMN_NAME)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                if table.column(&name).is_some() {
                    if child(action, Kind::IF_NOT_EXISTS).is_some() {
                        return Ok(());
                    }
                    return Err(PgError::new(
                        "42701",
                        format!("column \"{name}\" of relation \"{tname}\" already exists"),
                    ));
                }
                let qn = table.qual_name();
                let (col, serial, cons) = self.read_column(action, ctx, &qn, table)?;
                table.columns.push(col);
                for p in cons {
                    let PendingConstraint::Named(c, off) = p;
                    self.add_constraint(table, c, ctx, off)?;
                }
                // a serial column: its sequence
                if let Some(seq_name) = serial
                    && let Some(last) = table.columns.last()
                {
                    let s = super::tables::serial_sequence(&qn, last, &seq_name);
                    self.catalog
                        .ensure_schema(&qn.schema)
                        .sequences
                        .insert(seq_name, s);
                }
            }
            Kind::DROP_COLUMN => {
                let name = child(action, Kind::COLUMN_NAME_REF)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                if table.column(&name).is_none() {
                    if child(action, Kind::IF_EXISTS).is_some() {
                        return Ok(());
                    }
                    return Err(PgError::new(
                        "42703",
                        format!("column \"{name}\" of relation \"{tname}\" does not exist"),
                    ));
                }
                let cascade = child(action, Kind::CASCADE).is_some();
                self.drop_column(table, &name, cascade)?;
            }
            Kind::ALTER_COLUMN => {
                let name = child(action, Kind::COLUMN_NAME_REF)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                if table.column(&name).is_none() {
                    return Err(PgError::new(
                        "42703",
                        format!("column \"{name}\" of relation \"{tname}\" does not exist"),
                    ));
                }
                for op in action
                    .children()
                    .filter(|c| c.kind() != Kind::COLUMN_NAME_REF)
                {
                    match op.kind() {
                        Kind::SET_TYPE => {
                            let tn = find_type_node(&op)
                                .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                            let ty = self.resolve_type(&sql::compact_text(&tn))?;
                            if let Some(c) = table.column_mut(&name) {
                                c.data_type = ty;
                            }
                        }
                        Kind::SET_DEFAULT => {
                            if let Some(e) = op.children().next() {
                                resolve::check_default(self, &e, ctx)?;
                                if let Some(c) = table.column_mut(&name) {
                                    c.default = Some(Expr::from_node(&e));
                                }
                            }
                        }
                        Kind::DROP_DEFAULT => {
                            if let Some(c) = table.column_mut(&name) {
                                c.default = None;
                            }
                        }
                        Kind::SET_NOT_NULL => {
                            if let Some(c) = table.column_mut(&name) {
                                c.not_null = true;
                            }
                        }
                        Kind::DROP_NOT_NULL => {
                            if table
                                .primary_key()
                                .is_some_and(|pk| pk.columns().contains(&name))
                            {
                                return Err(PgError::new(
                                    "42P16",
                                    format!("column \"{name}\" is in a primary key"),
                                ));
                            }
                            if let Some(c) = table.column_mut(&name) {
                                if c.identity.is_some() {
                                    return Err(PgError::new(
                                        "42P16",
                                        format!(
                                            "column \"{name}\" of relation \"{tname}\" is an identity column"
                                        ),
                                    ));
                                }
                                c.not_null = false;
                            }
                        }
                        Kind::ADD_GENERATED => {
                            if let Some(c) = table.column_mut(&name) {
                                c.identity =
                                    Some(if sql::find(&op, Kind::GENERATED_BY_DEFAULT).is_some() {
                                        Identity::ByDefault
                                    } else {
                                        Identity::Always
                                    });
                                c.not_null = true;
                            }
                        }
                        Kind::DROP_IDENTITY => {
                            if let Some(c) = table.column_mut(&name) {
                                c.identity = None;
                            }
                        }
                        _ => {}
                    }
                }
            }
            Kind::RENAME_COLUMN => {
                let from = child(action, Kind::COLUMN_NAME_REF)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                let to = child(action, Kind::COLUMN_NAME)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                if table.column(&from).is_none() {
                    return Err(PgError::new(
                        "42703",
                        format!("column \"{from}\" does not exist"),
                    ));
                }
                if table.column(&to).is_some() {
                    return Err(PgError::new(
                        "42701",
                        format!("column \"{to}\" of relation \"{tname}\" already exists"),
                    ));
                }
                rename_column_in_table(table, &from, &to);
                self.rename_column_references(&table.qual_name(), &from, &to);
            }
            Kind::TABLE_RENAME_TO => {
                let to = sql::find(action, Kind::PATH)
                    .map(|p| name_parts(&p))
                    .unwrap_or_default();
                let to = to.last().cloned().unwrap_or_default();
                if self
                    .catalog
                    .relation_kind(&QualName::new(&table.schema, &to))
                    .is_some()
                {
                    return Err(PgError::new(
                        "42P07",
                        format!("relation \"{to}\" already exists"),
                    ));
                }
                *rename_to = Some(to);
            }
            Kind::SET_SCHEMA => {
                let s = sql::find(action, Kind::SCHEMA_REF)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                if !self.catalog.schemas.contains_key(&s) {
                    return Err(PgError::new(
                        "3F000",
                        format!("schema \"{s}\" does not exist"),
                    ));
                }
                *new_schema = Some(s);
            }
            Kind::ENABLE_RLS => table.rls_enabled = true,
            Kind::DISABLE_RLS => table.rls_enabled = false,
            Kind::FORCE_RLS => table.rls_forced = true,
            Kind::NO_FORCE_RLS => table.rls_forced = false,
            Kind::ADD_CONSTRAINT => {
                let el = action
                    .children()
                    .next()
                    .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                if let Some(PendingConstraint::Named(mut c, off)) =
                    self.read_table_constraint(&el, ctx, table)?
                {
                    // USING INDEX: the index becomes the constraint's (renamed to it), and
                    // its columns are the constraint's
                    if let Some(u) = sql::find(action, Kind::USING_INDEX_NAME)
                        .and_then(|u| sql::find(&u, Kind::INDEX_REF))
                    {
                        let idx = name_parts(&u).pop().unwrap_or_default();
                        let Some(i) = table.indexes.iter().position(|x| x.name == idx) else {
                            return Err(PgError::new(
                                "42704",
                                format!("index \"{idx}\" does not exist"),
                            ));
                        };
                        let ix = table.indexes.remove(i);
                        self.catalog.forget_index_names();
                        let keys: Vec<String> = ix.keys.iter().map(|k| k.expr.clone()).collect();
                        match &mut c.kind {
                            ConstraintKind::PrimaryKey { columns }
                            | ConstraintKind::Unique { columns, .. }
                                if columns.is_empty() =>
                            {
                                *columns = keys;
                            }
                            _ => {}
                        }
                        if c.name.is_empty() {
                            c.name = idx;
                        }
                    }
                    self.add_constraint(table, c, ctx, off)?;
                }
            }
            Kind::DROP_CONSTRAINT => {
                let name = sql::find(action, Kind::CONSTRAINT_NAME_REF)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                match table.constraints.iter().position(|c| c.name == name) {
                    Some(i) => {
                        table.constraints.remove(i);
                    }
                    None if child(action, Kind::IF_EXISTS).is_some() => {}
                    None => {
                        return Err(PgError::new(
                            "42704",
                            format!("constraint \"{name}\" of relation \"{tname}\" does not exist"),
                        ));
                    }
                }
            }
            Kind::RENAME_CONSTRAINT => {
                let from = sql::find(action, Kind::CONSTRAINT_NAME_REF)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                let to = child(action, Kind::CONSTRAINT_NAME)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                match table.constraints.iter_mut().find(|c| c.name == from) {
                    Some(c) => c.name = to,
                    None => {
                        return Err(PgError::new(
                            "42704",
                            format!("constraint \"{from}\" for table \"{tname}\" does not exist"),
                        ));
                    }
                }
            }
            Kind::VALIDATE_CONSTRAINT => {
                let name = sql::find(action, Kind::CONSTRAINT_NAME_REF)
                    .map(|n| name_parts(&n).join("."))
                    .unwrap_or_default();
                match table.constraints.iter_mut().find(|c| c.name == name) {
                    Some(c) => c.not_valid = false,
                    None => {
                        return Err(PgError::new(
                            "42704",
                            format!("constraint \"{name}\" of relation \"{tname}\" does not exist"),
                        ));
                    }
                }
            }
            Kind::ATTACH_PARTITION => {
                let r = child(action, Kind::TABLE_NAME_REF)
                    .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                let part = self.require_table(&name_parts(&r))?;
                let bound = action
                    .children()
                    .find(|c| {
                        matches!(
                            c.kind(),
                            Kind::PARTITION_FOR_VALUES_FROM
                                | Kind::PARTITION_FOR_VALUES_IN
                                | Kind::PARTITION_FOR_VALUES_WITH
                                | Kind::PARTITION_DEFAULT
                        )
                    })
                    .map(|b| sql::canon::canon(&b))
                    .unwrap_or_default();
                let parent = table.qual_name();
                if let Some(p) = self.catalog.table_mut(&part) {
                    p.partition_of = Some((parent, bound));
                }
            }
            Kind::ENABLE_TRIGGER
            | Kind::DISABLE_TRIGGER
            | Kind::ENABLE_ALWAYS_TRIGGER
            | Kind::ENABLE_REPLICA_TRIGGER => {
                let enabled = action.kind() != Kind::DISABLE_TRIGGER;
                if let Some(r) = sql::find(action, Kind::TRIGGER_REF) {
                    let name = name_parts(&r).join(".");
                    match table.triggers.iter_mut().find(|t| t.name == name) {
                        Some(t) => t.enabled = enabled,
                        None => {
                            return Err(PgError::new(
                                "42704",
                                format!("trigger \"{name}\" for table \"{tname}\" does not exist"),
                            ));
                        }
                    }
                } else {
                    for t in &mut table.triggers {
                        t.enabled = enabled;
                    }
                }
            }
            Kind::OWNER_TO => {
                if let Some(r) = sql::find(action, Kind::ROLE_NAME_REF) {
                    let role = name_parts(&r).join(".");
                    self.require_role(&role)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn drop_column(
        &mut self,
        table: &mut Table,
        name: &str,
        cascade: bool,
    ) -> Result<(), PgError> {
        let qn = table.qual_name();
        let qn_ref = &qn;
        // dependents in other tables: foreign keys that reference this column
        let dependents: Vec<(QualName, String)> = self
            .catalog
            .tables()
            .filter(|t| t.qual_name() != *qn_ref)
            .flat_map(|t| {
                t.constraints.iter().filter_map(move |c| match &c.kind {
                    ConstraintKind::ForeignKey {
                        ref_table,
                        ref_columns,
                        ..
                    } if ref_table == qn_ref && ref_columns.iter().any(|r| r == name) => {
                        Some((t.qual_name(), c.name.clone()))
                    }
                    _ => None,
                })
            })
            .collect();
        let views: Vec<QualName> = self
            .catalog
            .views()
            .filter(|v| {
                v.references
                    .columns
                    .contains(&(qn.clone(), name.to_string()))
            })
            .map(|v| v.qual_name())
            .collect();
        if !cascade && (!dependents.is_empty() || !views.is_empty()) {
            let what = views
                .first()
                .map(|v| format!("view {}", v.name))
                .or_else(|| {
                    dependents
                        .first()
                        .map(|(t, c)| format!("constraint {c} on table {}", t.name))
                })
                .unwrap_or_default();
            return Err(PgError::new(
                "2BP01",
                format!(
                    "cannot drop column {name} of table {} because other objects depend on it",
                    qn.name
                ),
            )
            .detail(format!(
                "{what} depends on column {name} of table {}",
                qn.name
            ))
            .hint("Use DROP ... CASCADE to drop the dependent objects too."));
        }
        for (t, c) in dependents {
            if let Some(tt) = self.catalog.table_mut(&t) {
                tt.constraints.retain(|x| x.name != c);
            }
        }
        for v in views {
            if let Some(s) = self.catalog.schema_mut(&v.schema) {
                s.views.remove(&v.name);
            }
        }
        table.columns.retain(|c| c.name != name);
        table.constraints.retain(|c| !c.columns().iter().any(|x| x == name) && !matches!(&c.kind, ConstraintKind::Check { expr, .. } if expr_mentions(&expr.sql, name)));
        table.indexes.retain(|i| {
            !i.keys
                .iter()
                .any(|k| k.expr == name || (k.is_expression && expr_mentions(&k.expr, name)))
        });
        // serial sequence goes with its column
        let seqs: Vec<String> = self
            .catalog
            .schema(&qn.schema)
            .map(|s| {
                s.sequences
                    .values()
                    .filter(|q| {
                        q.owned_by
                            .as_ref()
                            .is_some_and(|(t, c)| *t == qn && c == name)
                    })
                    .map(|q| q.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        for s in seqs {
            self.catalog.ensure_schema(&qn.schema).sequences.remove(&s);
        }
        Ok(())
    }
}

/// The pass of PostgreSQL 15's ALTER TABLE in which an action runs (`AT_PASS_*` of
/// tablecmds.c): 0 drop, 1 alter type, 4 add column, 5 column attributes, 6 add index,
/// 7 add constraint and defaults, 8 the rest.
fn alter_pass(action: &Node) -> u8 {
    match action.kind() {
        Kind::DROP_COLUMN | Kind::DROP_CONSTRAINT => 0,
        Kind::ADD_COLUMN => 4,
        Kind::ADD_CONSTRAINT => {
            let index_backed = action.children().next().is_some_and(|c| {
                matches!(
                    c.kind(),
                    Kind::PRIMARY_KEY_CONSTRAINT
                        | Kind::UNIQUE_CONSTRAINT
                        | Kind::EXCLUDE_CONSTRAINT
                )
            });
            if index_backed { 6 } else { 7 }
        }
        Kind::ALTER_COLUMN => {
            let op = action
                .children()
                .find(|c| c.kind() != Kind::COLUMN_NAME_REF)
                .map(|c| c.kind());
            match op {
                Some(Kind::SET_TYPE) => 1,
                Some(Kind::DROP_NOT_NULL | Kind::DROP_IDENTITY | Kind::DROP_EXPRESSION) => 0,
                Some(Kind::SET_NOT_NULL) => 5,
                Some(Kind::SET_DEFAULT | Kind::DROP_DEFAULT | Kind::ADD_GENERATED) => 7,
                _ => 8,
            }
        }
        _ => 8,
    }
}
