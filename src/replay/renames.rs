//! Renames of tables and columns, carried into what references them.

use super::Replay;
use crate::catalog::{ConstraintKind, Expr, QualName, Table};
use crate::sql::{self, Kind, name_parts};

impl Replay {
    /// Follows a table rename into foreign keys, policies' references and triggers.
    pub(super) fn rename_references(&mut self, from: &QualName, to: &QualName) {
        let refers = |c: &crate::catalog::Constraint| matches!(&c.kind, ConstraintKind::ForeignKey { ref_table, .. } if ref_table == from);
        for s in self.catalog.schemas.values_mut() {
            for t in s.tables.changing(|t| t.constraints.iter().any(refers)) {
                for c in &mut t.constraints {
                    if let ConstraintKind::ForeignKey { ref_table, .. } = &mut c.kind
                        && ref_table == from
                    {
                        *ref_table = to.clone();
                    }
                }
            }
            let owned =
                |q: &crate::catalog::Sequence| q.owned_by.as_ref().is_some_and(|(t, _)| t == from);
            for seq in s.sequences.changing(owned) {
                if let Some((t, _)) = &mut seq.owned_by
                    && t == from
                {
                    *t = to.clone();
                }
            }
        }
    }

    pub(super) fn rename_column_references(&mut self, table: &QualName, from: &str, to: &str) {
        let refers = |c: &crate::catalog::Constraint| {
            matches!(&c.kind, ConstraintKind::ForeignKey { ref_table, ref_columns, .. }
                if ref_table == table && ref_columns.iter().any(|rc| rc == from))
        };
        for s in self.catalog.schemas.values_mut() {
            for t in s.tables.changing(|t| t.constraints.iter().any(refers)) {
                for c in &mut t.constraints {
                    if let ConstraintKind::ForeignKey {
                        ref_table,
                        ref_columns,
                        ..
                    } = &mut c.kind
                        && ref_table == table
                    {
                        for rc in ref_columns.iter_mut() {
                            if rc == from {
                                *rc = to.to_string();
                            }
                        }
                    }
                }
            }
            let owned = |q: &crate::catalog::Sequence| {
                q.owned_by
                    .as_ref()
                    .is_some_and(|(t, c)| t == table && c == from)
            };
            for seq in s.sequences.changing(owned) {
                if let Some((t, c)) = &mut seq.owned_by
                    && t == table
                    && c == from
                {
                    *c = to.to_string();
                }
            }
        }
    }
}

pub(super) fn rename_column_in_table(table: &mut Table, from: &str, to: &str) {
    if let Some(c) = table.column_mut(from) {
        c.name = to.to_string();
    }
    for c in &mut table.constraints {
        match &mut c.kind {
            ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::Unique { columns, .. }
            | ConstraintKind::ForeignKey { columns, .. } => {
                for x in columns.iter_mut() {
                    if x == from {
                        *x = to.to_string();
                    }
                }
            }
            ConstraintKind::Check { expr, .. } => {
                if expr_mentions(&expr.sql, from) {
                    *expr = Expr::new(&rename_ident_in(&expr.sql, from, to));
                }
            }
            ConstraintKind::Exclusion { .. } => {}
        }
    }
    for i in &mut table.indexes {
        for k in &mut i.keys {
            if !k.is_expression && k.expr == from {
                k.expr = to.to_string();
            }
        }
    }
}

/// Replaces whole-word identifier `from` by `to` in an expression text.
pub(super) fn rename_ident_in(text: &str, from: &str, to: &str) -> String {
    let re = regex::Regex::new(&format!(
        r#"(?i)(^|[^A-Za-z0-9_"]){}($|[^A-Za-z0-9_"])"#,
        regex::escape(from)
    ));
    match re {
        Ok(re) => re
            .replace_all(
                text,
                format!("${{1}}{}${{2}}", crate::catalog::quote_ident(to)),
            )
            .to_string(),
        Err(_) => text.to_string(),
    }
}

pub(crate) fn expr_mentions(text: &str, column: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let quoted = format!("\"{column}\"");
    text.contains(&quoted)
        || lower
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|w| w == column)
}

/// The first column of the table that an expression names, in the order written
/// (PostgreSQL names an unnamed CHECK after it).
pub(super) fn first_column_in(text: &str, table: &Table) -> Option<String> {
    let node = sql::parse_expr(text)?;
    for n in node.descendants() {
        if n.kind() == Kind::NAME_REF {
            let name = name_parts(&n).join(".");
            if table.column(&name).is_some()
                && n.parent().is_none_or(|p| p.kind() != Kind::CALL_EXPR)
            {
                return Some(name);
            }
        }
    }
    None
}
