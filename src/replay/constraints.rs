//! Table constraints: reading them and adding them (PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY, EXCLUDE).

use super::ddl::{constraint_name_clause, make_object_name, unique_name};
use super::renames::first_column_in;
use super::resolve;
use super::{Ctx, PgError, Replay};
use crate::catalog::types::fk_compatible;
use crate::catalog::{Constraint, ConstraintKind, Expr, FkAction, QualName, Table};
use crate::sql::{self, Kind, Node, child, children, name_parts};

/// Constraints written inline or as table elements, before validation.
pub(super) enum PendingConstraint {
    Named(Constraint, usize),
}

impl Replay {
    pub(super) fn read_check(
        &self,
        c: &Node,
        _ctx: &Ctx,
        name: Option<String>,
        origin: Option<crate::catalog::Origin>,
    ) -> Result<Constraint, PgError> {
        let e = c
            .children()
            .find(|n| {
                !matches!(
                    n.kind(),
                    Kind::CONSTRAINT_NAME_CLAUSE | Kind::NOT_VALID | Kind::NO_INHERIT
                )
            })
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let k = Constraint {
            name: name.unwrap_or_default(),
            kind: ConstraintKind::Check {
                expr: Expr::from_node(&e),
                no_inherit: sql::find(c, Kind::NO_INHERIT).is_some(),
            },
            deferrable: false,
            initially_deferred: false,
            not_valid: sql::find(c, Kind::NOT_VALID).is_some(),
            origin,
        };
        Ok(k)
    }

    pub(super) fn read_fk(
        &self,
        c: &Node,
        ctx: &Ctx,
        columns: Vec<String>,
        name: Option<String>,
        origin: Option<crate::catalog::Origin>,
    ) -> Result<Constraint, PgError> {
        let target = child(c, Kind::TABLE_NAME_REF)
            .or_else(|| child(c, Kind::PATH))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let target_parts = name_parts(&target);
        // the referenced table is resolved when the constraint is added; keep parts for now
        let lists: Vec<Node> = children(c, Kind::FOREIGN_KEY_COLUMN_LIST).collect();
        let ref_cols: Vec<String> = if c.kind() == Kind::REFERENCES_CONSTRAINT {
            children(c, Kind::COLUMN_NAME_REF)
                .map(|n| name_parts(&n).join("."))
                .collect()
        } else {
            lists
                .get(1)
                .map(|l| {
                    children(l, Kind::COLUMN_NAME_REF)
                        .map(|n| name_parts(&n).join("."))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut on_delete = FkAction::NoAction;
        let mut on_update = FkAction::NoAction;
        for a in c.children() {
            match a.kind() {
                Kind::ON_DELETE_ACTION => on_delete = fk_action(&a),
                Kind::ON_UPDATE_ACTION => on_update = fk_action(&a),
                _ => {}
            }
        }
        let ref_table = QualName::new(
            target_parts.first().cloned().unwrap_or_default(),
            target_parts.join("\u{1}"),
        );
        let k = Constraint {
            name: name.unwrap_or_default(),
            kind: ConstraintKind::ForeignKey {
                columns,
                ref_table,
                ref_columns: ref_cols,
                on_delete,
                on_update,
                match_full: sql::find(c, Kind::MATCH_FULL).is_some(),
            },
            deferrable: false,
            initially_deferred: false,
            not_valid: sql::find(c, Kind::NOT_VALID).is_some(),
            origin,
        };
        let _ = ctx;
        Ok(with_options(k, c))
    }

    /// A table-level constraint element (`PRIMARY KEY (a)`, `FOREIGN KEY …`, `CHECK …`).
    pub(super) fn read_table_constraint(
        &self,
        el: &Node,
        ctx: &Ctx,
        table: &Table,
    ) -> Result<Option<PendingConstraint>, PgError> {
        let cname = constraint_name_clause(el);
        let origin = Some(self.origin(ctx, ctx.offset(el)));
        let cols = |n: &Node| -> Vec<String> {
            sql::find(n, Kind::CONSTRAINT_COLUMN_REF_LIST)
                .map(|l| {
                    children(&l, Kind::COLUMN_NAME_REF)
                        .map(|c| name_parts(&c).join("."))
                        .collect()
                })
                .unwrap_or_default()
        };
        let k = match el.kind() {
            Kind::PRIMARY_KEY_CONSTRAINT => Constraint {
                name: cname.unwrap_or_default(),
                kind: ConstraintKind::PrimaryKey { columns: cols(el) },
                deferrable: false,
                initially_deferred: false,
                not_valid: false,
                origin,
            },
            Kind::UNIQUE_CONSTRAINT => Constraint {
                name: cname.unwrap_or_default(),
                kind: ConstraintKind::Unique {
                    columns: cols(el),
                    nulls_not_distinct: sql::find(el, Kind::NULLS_NOT_DISTINCT).is_some(),
                },
                deferrable: false,
                initially_deferred: false,
                not_valid: false,
                origin,
            },
            Kind::CHECK_CONSTRAINT => self.read_check(el, ctx, cname, origin)?,
            Kind::FOREIGN_KEY_CONSTRAINT => {
                let columns = child(el, Kind::FOREIGN_KEY_COLUMN_LIST)
                    .map(|l| {
                        children(&l, Kind::COLUMN_NAME_REF)
                            .map(|c| name_parts(&c).join("."))
                            .collect()
                    })
                    .unwrap_or_default();
                self.read_fk(el, ctx, columns, cname, origin)?
            }
            Kind::EXCLUDE_CONSTRAINT => Constraint {
                name: cname.unwrap_or_default(),
                kind: ConstraintKind::Exclusion {
                    definition: sql::canon::canon(el),
                },
                deferrable: false,
                initially_deferred: false,
                not_valid: false,
                origin,
            },
            _ => return Ok(None),
        };
        let _ = table;
        Ok(Some(PendingConstraint::Named(
            with_options(k, el),
            ctx.offset(el),
        )))
    }

    /// Validates a constraint against the table (and the catalog) and adds it, naming it
    /// the way PostgreSQL would when it has no name.
    pub(crate) fn add_constraint(
        &self,
        table: &mut Table,
        mut c: Constraint,
        ctx: &Ctx,
        offset: usize,
    ) -> Result<(), PgError> {
        let tname = table.name.clone();
        let tprefix = format!("{}.{}", table.schema, table.name);
        let object = |n: &str| format!("{tprefix}/{n}");
        match &mut c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                if table.primary_key().is_some() {
                    return Err(PgError::new(
                        "42P16",
                        format!("multiple primary keys for table \"{tname}\" are not allowed"),
                    )
                    .at(offset));
                }
                for col in columns.iter() {
                    match table.column_mut(col) {
                        Some(cd) => cd.not_null = true,
                        None => {
                            return Err(PgError::new(
                                "42703",
                                format!("column \"{col}\" of relation \"{tname}\" does not exist"),
                            )
                            .at(offset));
                        }
                    }
                }
                if c.name.is_empty() {
                    c.name = unique_name(
                        &self.catalog,
                        &table.schema,
                        make_object_name(&tname, None, "pkey"),
                    );
                }
            }
            ConstraintKind::Unique { columns, .. } => {
                for col in columns.iter() {
                    if table.column(col).is_none() {
                        return Err(PgError::new(
                            "42703",
                            format!("column \"{col}\" named in key does not exist"),
                        )
                        .at(offset));
                    }
                }
                if c.name.is_empty() {
                    let base = make_object_name(&tname, Some(&columns.join("_")), "key");
                    c.name = unique_name_in_table(&self.catalog, table, base);
                }
            }
            ConstraintKind::Check { expr, .. } => {
                let refs = resolve::check_table_expr(self, &expr.sql, table, ctx)
                    .map_err(|e| e.at(offset))?;
                if c.name.is_empty() {
                    let first_col = refs.columns.iter().map(|(_, c)| c.clone()).next();
                    let first_col = first_column_in(&expr.sql, table).or(first_col);
                    let base = make_object_name(&tname, first_col.as_deref(), "check");
                    c.name = unique_constraint_name(table, base);
                }
            }
            ConstraintKind::ForeignKey {
                columns,
                ref_table,
                ref_columns,
                ..
            } => {
                let parts: Vec<String> = ref_table
                    .name
                    .split('\u{1}')
                    .map(|s| s.to_string())
                    .collect();
                let self_ref = match parts.as_slice() {
                    [n] => {
                        *n == tname
                            && self
                                .lookup_relation(&parts)
                                .is_none_or(|q| q.schema == table.schema && q.name == tname)
                    }
                    [s, n] => *s == table.schema && *n == tname,
                    _ => false,
                };
                let empty = Table::default();
                let target: &Table = if self_ref {
                    table
                } else {
                    let q = self.require_table(&parts).map_err(|e| e.at(offset))?;
                    self.catalog.table(&q).unwrap_or(&empty)
                };
                *ref_table = target.qual_name();
                for col in columns.iter() {
                    if table.column(col).is_none() {
                        return Err(PgError::new("42703", format!("column \"{col}\" referenced in foreign key constraint does not exist")).at(offset));
                    }
                }
                if ref_columns.is_empty() {
                    match target.primary_key() {
                        Some(pk) => *ref_columns = pk.columns().to_vec(),
                        None => {
                            return Err(PgError::new(
                                "42830",
                                format!(
                                    "there is no primary key for referenced table \"{}\"",
                                    target.name
                                ),
                            )
                            .at(offset));
                        }
                    }
                }
                for col in ref_columns.iter() {
                    if target.column(col).is_none() {
                        return Err(PgError::new("42703", format!("column \"{col}\" referenced in foreign key constraint does not exist")).at(offset));
                    }
                }
                if columns.len() != ref_columns.len() {
                    return Err(PgError::new(
                        "42830",
                        "number of referencing and referenced columns for foreign key disagree",
                    )
                    .at(offset));
                }
                if !has_unique_on(target, ref_columns) {
                    return Err(PgError::new("42830", format!("there is no unique constraint matching given keys for referenced table \"{}\"", target.name)).at(offset));
                }
                if c.name.is_empty() {
                    let base = make_object_name(&tname, Some(&columns.join("_")), "fkey");
                    c.name = unique_constraint_name(table, base);
                }
                for (a, b) in columns.iter().zip(ref_columns.iter()) {
                    let ta = table
                        .column(a)
                        .map(|x| x.data_type.clone())
                        .unwrap_or_default();
                    let tb = target
                        .column(b)
                        .map(|x| x.data_type.clone())
                        .unwrap_or_default();
                    if !fk_compatible(&ta, &tb) {
                        return Err(PgError::new("42804", format!("foreign key constraint \"{}\" cannot be implemented", c.name))
                            .detail(format!("Key columns \"{a}\" and \"{b}\" are of incompatible types: {ta} and {tb}"))
                            .object(format!("{}.{}.{}", table.schema, tname, a))
                            .fix(format!("-- make the types agree, e.g.\nALTER TABLE {} ALTER COLUMN {} TYPE {} USING {}::{};", table.qual_name().to_sql(), crate::catalog::quote_ident(a), tb, crate::catalog::quote_ident(a), tb))
                            .at(offset));
                    }
                }
            }
            ConstraintKind::Exclusion { definition } => {
                if c.name.is_empty() {
                    // PostgreSQL names it after the element columns (expressions: "expr")
                    let joined = exclusion_columns(definition).join("_");
                    c.name = unique_name(
                        &self.catalog,
                        &table.schema,
                        make_object_name(
                            &tname,
                            Some(joined.as_str()).filter(|j| !j.is_empty()),
                            "excl",
                        ),
                    );
                }
            }
        }
        // name clashes
        let index_backed = matches!(
            c.kind,
            ConstraintKind::PrimaryKey { .. }
                | ConstraintKind::Unique { .. }
                | ConstraintKind::Exclusion { .. }
        );
        // an index-backed constraint's index is built first: its name clashes as a relation
        if index_backed
            && table.constraint(&c.name).is_some_and(|k| {
                matches!(
                    k.kind,
                    ConstraintKind::PrimaryKey { .. }
                        | ConstraintKind::Unique { .. }
                        | ConstraintKind::Exclusion { .. }
                )
            })
        {
            return Err(
                PgError::new("42P07", format!("relation \"{}\" already exists", c.name))
                    .at(offset)
                    .object(object(&c.name)),
            );
        }
        if table.constraint(&c.name).is_some() {
            return Err(PgError::new(
                "42710",
                format!(
                    "constraint \"{}\" for relation \"{tname}\" already exists",
                    c.name
                ),
            )
            .at(offset)
            .object(object(&c.name)));
        }
        // the stored table may still hold the name in this very statement
        // (`DROP CONSTRAINT x_pkey, ADD CONSTRAINT x_pkey …`): the working copy decides then
        let taken_elsewhere = match self
            .catalog
            .relation_kind(&QualName::new(&table.schema, &c.name))
        {
            Some(crate::catalog::RelationKind::Index) => {
                !self.catalog.table(&table.qual_name()).is_some_and(|old| {
                    old.indexes.iter().any(|i| i.name == c.name)
                        || old.constraints.iter().any(|k| k.name == c.name)
                })
            }
            Some(_) => true,
            None => false,
        };
        if index_backed
            && (taken_elsewhere
                || table.indexes.iter().any(|i| i.name == c.name)
                || table.name == c.name)
        {
            return Err(
                PgError::new("42P07", format!("relation \"{}\" already exists", c.name))
                    .at(offset)
                    .object(object(&c.name)),
            );
        }
        table.constraints.push(c);
        Ok(())
    }
}

pub(super) fn has_unique_on(t: &Table, cols: &[String]) -> bool {
    let mut want: Vec<&String> = cols.iter().collect();
    want.sort();
    let same = |c: &[String]| {
        let mut have: Vec<&String> = c.iter().collect();
        have.sort();
        have == want
    };
    t.constraints.iter().any(|c| {
        matches!(
            c.kind,
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }
        ) && same(c.columns())
    }) || t.indexes.iter().any(|i| {
        i.unique
            && i.predicate.is_none()
            && i.keys.iter().all(|k| !k.is_expression)
            && same(&i.keys.iter().map(|k| k.expr.clone()).collect::<Vec<_>>())
    })
}

pub(super) fn unique_constraint_name(table: &Table, base: String) -> String {
    if table.constraint(&base).is_none() {
        return base;
    }
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| table.constraint(n).is_none())
        .unwrap_or(base)
}

pub(super) fn unique_name_in_table(
    catalog: &crate::catalog::Catalog,
    table: &Table,
    base: String,
) -> String {
    let taken = |n: &str| {
        catalog
            .relation_kind(&QualName::new(&table.schema, n))
            .is_some()
            || table.constraint(n).is_some()
            || table.indexes.iter().any(|i| i.name == n)
    };
    if !taken(&base) {
        return base;
    }
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !taken(n))
        .unwrap_or(base)
}

pub(super) fn fk_action(node: &Node) -> FkAction {
    let kw = sql::keywords(node);
    if kw.contains("CASCADE") {
        FkAction::Cascade
    } else if kw.contains("SET NULL") {
        FkAction::SetNull
    } else if kw.contains("SET DEFAULT") {
        FkAction::SetDefault
    } else if kw.contains("RESTRICT") {
        FkAction::Restrict
    } else {
        FkAction::NoAction
    }
}

/// DEFERRABLE / INITIALLY DEFERRED options under a constraint node.
pub(super) fn with_options(mut c: Constraint, node: &Node) -> Constraint {
    if sql::find(node, Kind::DEFERRABLE_CONSTRAINT_OPTION).is_some() {
        c.deferrable = true;
    }
    if sql::find(node, Kind::INITIALLY_DEFERRED_CONSTRAINT_OPTION).is_some() {
        c.initially_deferred = true;
        c.deferrable = true;
    }
    c
}

/// The element names PostgreSQL builds an exclusion constraint's name from
/// (ChooseIndexColumnNames): each element's column, or `expr` for an expression. Read from
/// the canonical definition `EXCLUDE USING gist (room_id WITH =, (lower(x)) WITH =)`.
fn exclusion_columns(definition: &str) -> Vec<String> {
    let Some(open) = definition.find('(') else {
        return Vec::new();
    };
    let (mut depth, mut start, mut elements) = (0usize, open + 1, Vec::new());
    for (i, ch) in definition.char_indices().skip_while(|(i, _)| *i <= open) {
        match ch {
            '(' => depth += 1,
            ')' if depth == 0 => {
                elements.push(&definition[start..i]);
                break;
            }
            ')' => depth -= 1,
            ',' if depth == 0 => {
                elements.push(&definition[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    elements
        .iter()
        .map(|e| {
            let item = e.split(" WITH ").next().unwrap_or("").trim();
            let word = item.split_whitespace().next().unwrap_or("");
            let plain = !word.is_empty()
                && (word.starts_with('"') && word.ends_with('"') && word.len() > 1
                    || word.chars().all(|c| c.is_alphanumeric() || c == '_'));
            if plain {
                crate::catalog::fold_ident(word)
            } else {
                "expr".to_string()
            }
        })
        .collect()
}
