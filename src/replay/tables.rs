//! CREATE / ALTER / DROP TABLE and indexes.

use super::ddl::{constraint_name_clause, find_type_node, make_object_name, unique_name};
use super::resolve::{self, Scope};
use super::{Ctx, PgError, Replay, missing_relation};
use crate::catalog::types::{fk_compatible, serial_kind};
use crate::catalog::{
    Column, Constraint, ConstraintKind, Expr, FkAction, Identity, Index, IndexKey, QualName,
    Sequence, Table, TableKind,
};
use crate::findings::{Finding, Location, Severity};
use crate::sql::{self, Kind, Node, child, children, has_token, name_parts};

/// Constraints written inline or as table elements, before validation.
enum PendingConstraint {
    Named(Constraint, usize),
}

impl Replay {
    pub(crate) fn create_table(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name_node =
            child(node, Kind::TABLE_NAME).ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let parts = name_parts(&name_node);
        let qn = self.name_for_create(&parts)?;
        let if_not_exists = child(node, Kind::IF_NOT_EXISTS).is_some();
        if let Some(kind) = self.catalog.relation_kind(&qn) {
            if if_not_exists {
                if kind == crate::catalog::RelationKind::Table {
                    self.check_shadowed_table(node, ctx, &qn);
                }
                return Ok(());
            }
            return Err(
                PgError::new("42P07", format!("relation \"{}\" already exists", qn.name))
                    .object(qn.to_string())
                    .at(ctx.offset(&name_node)),
            );
        }
        let table = self
            .build_table(node, ctx, &qn)
            .map_err(|e| match e.object {
                Some(_) => e,
                None => e.object(qn.to_string()),
            })?;
        self.install_table(table);
        Ok(())
    }

    /// Puts a validated table into the catalog, with the sequences of its serial columns.
    fn install_table(&mut self, mut table: Table) {
        let qn = table.qual_name();
        let seqs = std::mem::take(&mut table.columns)
            .into_iter()
            .map(|mut c| {
                let seq = c.comment.take().filter(|s| s.starts_with("\u{0}serial:"));
                (c, seq)
            })
            .collect::<Vec<_>>();
        for (c, seq) in seqs {
            if let Some(tag) = seq {
                let seq_name = tag.trim_start_matches("\u{0}serial:").to_string();
                let s = Sequence {
                    schema: qn.schema.clone(),
                    name: seq_name.clone(),
                    data_type: c.data_type.clone(),
                    start: 1,
                    increment: 1,
                    min_value: 1,
                    max_value: match c.data_type.as_str() {
                        "smallint" => i16::MAX as i64,
                        "integer" => i32::MAX as i64,
                        _ => i64::MAX,
                    },
                    cache: 1,
                    cycle: false,
                    owned_by: Some((qn.clone(), c.name.clone())),
                    origin: c.origin.clone(),
                };
                self.catalog
                    .ensure_schema(&qn.schema)
                    .sequences
                    .insert(seq_name, s);
            }
            table.columns.push(c);
        }
        self.catalog.note_index_names_of(&table);
        self.catalog
            .ensure_schema(&qn.schema)
            .tables
            .insert(qn.name.clone(), table);
    }

    /// Reads a CREATE TABLE into a validated table (not yet in the catalog).
    fn build_table(&self, node: &Node, ctx: &Ctx, qn: &QualName) -> Result<Table, PgError> {
        let mut table = Table {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            unlogged: has_token(node, Kind::UNLOGGED_KW) || child(node, Kind::UNLOGGED).is_some(),
            origin: Some(self.origin(ctx, ctx.offset(node))),
            ..Table::default()
        };
        if let Some(pb) = child(node, Kind::PARTITION_BY) {
            table.kind = TableKind::Partitioned;
            table.partition_by = Some(partition_key_text(&pb));
        }
        if let Some(inh) = child(node, Kind::INHERITS) {
            for r in children(&inh, Kind::TABLE_NAME_REF) {
                let parent = self
                    .require_table(&name_parts(&r))
                    .map_err(|e| e.at(ctx.offset(&r)))?;
                if let Some(p) = self.catalog.table(&parent) {
                    for c in &p.columns {
                        table.columns.push(Column {
                            origin: table.origin.clone(),
                            ..c.clone()
                        });
                    }
                }
                table.inherits.push(parent);
            }
        }
        if let Some(po) = child(node, Kind::PARTITION_OF) {
            let r = child(&po, Kind::TABLE_NAME_REF)
                .ok_or_else(|| PgError::new("42601", "syntax error"))?;
            let parent = self
                .require_table(&name_parts(&r))
                .map_err(|e| e.at(ctx.offset(&r)))?;
            let p = self.catalog.table(&parent).cloned().unwrap_or_default();
            if p.kind != TableKind::Partitioned {
                return Err(PgError::new(
                    "42809",
                    format!("table \"{}\" is not partitioned", parent.name),
                )
                .at(ctx.offset(&r)));
            }
            for c in &p.columns {
                table.columns.push(Column {
                    origin: table.origin.clone(),
                    ..c.clone()
                });
            }
            let bound = node
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
            table.partition_of = Some((parent.clone(), bound));
            // partitions inherit the parent's check and FK constraints
            for c in &p.constraints {
                if let ConstraintKind::Check { .. } | ConstraintKind::ForeignKey { .. } = c.kind {
                    table.constraints.push(c.clone());
                }
            }
        }
        let mut pending: Vec<PendingConstraint> = Vec::new();
        if let Some(args) = child(node, Kind::TABLE_ARG_LIST) {
            for el in args.children() {
                match el.kind() {
                    Kind::COLUMN => {
                        let (col, cons) = self.read_column(&el, ctx, qn, &table)?;
                        if table.column(&col.name).is_some() {
                            return Err(PgError::new(
                                "42701",
                                format!("column \"{}\" specified more than once", col.name),
                            )
                            .at(ctx.offset(&el)));
                        }
                        table.columns.push(col);
                        pending.extend(cons);
                    }
                    Kind::LIKE_CLAUSE => {
                        let r = el
                            .children()
                            .find(|c| {
                                matches!(c.kind(), Kind::RELATION_NAME_REF | Kind::TABLE_NAME_REF)
                            })
                            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                        let src = self
                            .lookup_relation(&name_parts(&r))
                            .ok_or_else(|| missing_relation(&name_parts(&r)).at(ctx.offset(&r)))?;
                        let including_all = sql::keywords(&el).contains("INCLUDING");
                        if let Some(t) = self.catalog.table(&src) {
                            for c in &t.columns {
                                let mut c = c.clone();
                                if !including_all {
                                    c.default = None;
                                    c.identity = None;
                                    c.generated = None;
                                }
                                c.origin = table.origin.clone();
                                table.columns.push(c);
                            }
                        }
                    }
                    _ => {
                        if let Some(c) = self.read_table_constraint(&el, ctx, &table)? {
                            pending.push(c);
                        }
                    }
                }
            }
        }
        for p in pending {
            let PendingConstraint::Named(c, offset) = p;
            self.add_constraint(&mut table, c, ctx, offset)?;
        }
        Ok(table)
    }

    /// Reads a column definition and its inline constraints.
    fn read_column(
        &self,
        el: &Node,
        ctx: &Ctx,
        qn: &QualName,
        table: &Table,
    ) -> Result<(Column, Vec<PendingConstraint>), PgError> {
        let name = child(el, Kind::COLUMN_NAME)
            .map(|n| name_parts(&n).join("."))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let type_node = find_type_node(el)
            .ok_or_else(|| PgError::new("42601", format!("column \"{name}\" has no type")))?;
        let raw_type = sql::compact_text(&type_node);
        let mut col = Column {
            name: name.clone(),
            origin: Some(self.origin(ctx, ctx.offset(el))),
            ..Column::default()
        };
        if let Some(base) = serial_kind(&raw_type) {
            let seq = unique_name(
                &self.catalog,
                &qn.schema,
                make_object_name(&qn.name, Some(&name), "seq"),
            );
            col.data_type = base.to_string();
            col.not_null = true;
            let seq_ref = if qn.schema == "public" {
                seq.clone()
            } else {
                format!("{}.{}", qn.schema, seq)
            };
            col.default = Some(Expr::new(&format!(
                "nextval('{}'::regclass)",
                seq_ref.replace('\'', "''")
            )));
            // the sequence is created with the table (see install_table)
            col.comment = Some(format!("\u{0}serial:{seq}"));
        } else {
            col.data_type = self
                .resolve_type(&raw_type)
                .map_err(|e| e.at(ctx.offset(&type_node)))?;
        }
        let mut cons = Vec::new();
        for c in el.children() {
            let cname = constraint_name_clause(&c);
            match c.kind() {
                Kind::NOT_NULL_CONSTRAINT => col.not_null = true,
                Kind::NULL_CONSTRAINT => {}
                Kind::DEFAULT_CONSTRAINT => {
                    if let Some(e) = c
                        .children()
                        .find(|n| n.kind() != Kind::CONSTRAINT_NAME_CLAUSE)
                    {
                        resolve::check_default(self, &e, ctx)?;
                        col.default = Some(Expr::from_node(&e));
                    }
                }
                Kind::COLLATE => {
                    col.collation = c.children().next().map(|n| name_parts(&n).join("."));
                }
                Kind::GENERATED_CONSTRAINT => {
                    if let Some(stored) = child(&c, Kind::GENERATED_STORED) {
                        if let Some(e) = stored
                            .children()
                            .find(|n| !matches!(n.kind(), Kind::GENERATED_ALWAYS | Kind::STORED))
                        {
                            col.generated = Some(Expr::from_node(&e));
                        }
                    } else if let Some(ident) = child(&c, Kind::GENERATED_IDENTITY) {
                        col.identity =
                            Some(if child(&ident, Kind::GENERATED_BY_DEFAULT).is_some() {
                                Identity::ByDefault
                            } else {
                                Identity::Always
                            });
                        col.not_null = true;
                    }
                }
                Kind::PRIMARY_KEY_CONSTRAINT => {
                    col.not_null = true;
                    let k = Constraint {
                        name: cname.unwrap_or_default(),
                        kind: ConstraintKind::PrimaryKey {
                            columns: vec![name.clone()],
                        },
                        deferrable: false,
                        initially_deferred: false,
                        not_valid: false,
                        origin: col.origin.clone(),
                    };
                    cons.push(PendingConstraint::Named(
                        with_options(k, &c),
                        ctx.offset(&c),
                    ));
                }
                Kind::UNIQUE_CONSTRAINT => {
                    let nnd = sql::find(&c, Kind::NULLS_NOT_DISTINCT).is_some();
                    let k = Constraint {
                        name: cname.unwrap_or_default(),
                        kind: ConstraintKind::Unique {
                            columns: vec![name.clone()],
                            nulls_not_distinct: nnd,
                        },
                        deferrable: false,
                        initially_deferred: false,
                        not_valid: false,
                        origin: col.origin.clone(),
                    };
                    cons.push(PendingConstraint::Named(
                        with_options(k, &c),
                        ctx.offset(&c),
                    ));
                }
                Kind::CHECK_CONSTRAINT => {
                    let k = self.read_check(&c, ctx, cname, col.origin.clone())?;
                    cons.push(PendingConstraint::Named(k, ctx.offset(&c)));
                }
                Kind::REFERENCES_CONSTRAINT => {
                    let k = self.read_fk(&c, ctx, vec![name.clone()], cname, col.origin.clone())?;
                    cons.push(PendingConstraint::Named(k, ctx.offset(&c)));
                }
                _ => {}
            }
        }
        let _ = table;
        Ok((col, cons))
    }

    fn read_check(
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

    fn read_fk(
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
    fn read_table_constraint(
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
            ConstraintKind::Exclusion { .. } => {
                if c.name.is_empty() {
                    c.name = unique_name(
                        &self.catalog,
                        &table.schema,
                        make_object_name(&tname, None, "excl"),
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
        if index_backed
            && (self
                .catalog
                .relation_kind(&QualName::new(&table.schema, &c.name))
                .is_some()
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

    /// `CREATE TABLE IF NOT EXISTS` over an existing table: PostgreSQL skips it with a notice.
    /// When the skipped definition differs from the existing table, that is a finding.
    fn check_shadowed_table(&mut self, node: &Node, ctx: &Ctx, qn: &QualName) {
        let Some(existing) = self.catalog.table(qn).cloned() else {
            return;
        };
        // build_table only reads the catalog: the skipped definition leaves no trace
        let built = self.build_table(
            node,
            ctx,
            &QualName::new(&qn.schema, format!("{}\u{2}shadow", qn.name)),
        );
        let Ok(new) = built else { return };
        let sig = |t: &Table| -> Vec<String> {
            t.columns
                .iter()
                .map(|c| format!("{} {}", c.name, c.data_type))
                .collect()
        };
        let (a, b) = (sig(&existing), sig(&new));
        if a == b {
            return;
        }
        let missing: Vec<&String> = b.iter().filter(|x| !a.contains(x)).collect();
        let here = self.origin(ctx, ctx.offset(node));
        let there = existing.origin.clone();
        let mut f = Finding::new(
            "shadowed-definition",
            Severity::High,
            qn.to_string(),
            format!(
                "CREATE TABLE IF NOT EXISTS {qn} at {} is skipped because {qn} already exists{} with another shape: the columns {} it defines are not created, and statements that rely on them fail",
                here.display(),
                there.as_ref().map(|o| format!(" (created at {})", o.display())).unwrap_or_default(),
                missing.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            ),
        )
        .expected(self.source_id(), b.join(", "))
        .actual(self.source_id(), a.join(", "))
        .at(Location::from_origin(&here))
        .impact("Two migrations disagree on what the table is; the one that runs first wins silently.");
        if let Some(o) = &there {
            f = f.at(Location::from_origin(o));
        }
        self.findings.push(f);
    }

    pub(crate) fn create_table_as(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name_node =
            child(node, Kind::TABLE_NAME).ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let qn = self.name_for_create(&name_parts(&name_node))?;
        if self.catalog.relation_kind(&qn).is_some() {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                return Ok(());
            }
            return Err(PgError::new(
                "42P07",
                format!("relation \"{}\" already exists", qn.name),
            ));
        }
        let query = node.children().find(|c| {
            matches!(
                c.kind(),
                Kind::SELECT | Kind::COMPOUND_SELECT | Kind::VALUES | Kind::PAREN_SELECT
            )
        });
        let mut columns = Vec::new();
        if let Some(q) = query {
            let out = resolve::check_statement(self, &q, ctx, &Scope::empty())?;
            for (name, ty) in out.columns {
                columns.push(Column {
                    name,
                    data_type: ty.unwrap_or_else(|| "text".into()),
                    origin: Some(self.origin(ctx, ctx.offset(node))),
                    ..Column::default()
                });
            }
        }
        let t = Table {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            columns,
            origin: Some(self.origin(ctx, ctx.offset(node))),
            ..Table::default()
        };
        self.catalog
            .ensure_schema(&qn.schema)
            .tables
            .insert(qn.name.clone(), t);
        Ok(())
    }

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
        for action in node.children() {
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

    fn alter_action(
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
                let (col, cons) = self.read_column(action, ctx, &qn, table)?;
                table.columns.push(col);
                for p in cons {
                    let PendingConstraint::Named(c, off) = p;
                    self.add_constraint(table, c, ctx, off)?;
                }
                // serial columns: their sequence
                if let Some(last) = table.columns.last_mut()
                    && let Some(tag) = last
                        .comment
                        .take()
                        .filter(|s| s.starts_with("\u{0}serial:"))
                {
                    let seq_name = tag.trim_start_matches("\u{0}serial:").to_string();
                    let s = Sequence {
                        schema: qn.schema.clone(),
                        name: seq_name.clone(),
                        data_type: last.data_type.clone(),
                        start: 1,
                        increment: 1,
                        min_value: 1,
                        max_value: if last.data_type == "bigint" {
                            i64::MAX
                        } else {
                            i32::MAX as i64
                        },
                        cache: 1,
                        cycle: false,
                        owned_by: Some((qn.clone(), last.name.clone())),
                        origin: last.origin.clone(),
                    };
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
                if let Some(PendingConstraint::Named(c, off)) =
                    self.read_table_constraint(&el, ctx, table)?
                {
                    // USING INDEX: take columns from the index
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

    fn drop_column(&mut self, table: &mut Table, name: &str, cascade: bool) -> Result<(), PgError> {
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

    pub(crate) fn drop_tables(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let if_exists = child(node, Kind::IF_EXISTS).is_some();
        let cascade = child(node, Kind::CASCADE).is_some();
        let mut targets = Vec::new();
        for r in children(node, Kind::TABLE_NAME_REF).chain(children(node, Kind::PATH)) {
            let parts = name_parts(&r);
            match self.lookup_relation(&parts) {
                Some(q) if self.catalog.table(&q).is_some() => targets.push(q),
                Some(q) => {
                    return Err(
                        PgError::new("42809", format!("\"{}\" is not a table", q.name))
                            .at(ctx.offset(&r)),
                    );
                }
                None if if_exists => {}
                None => {
                    return Err(PgError::new(
                        "42P01",
                        format!("table \"{}\" does not exist", parts.join(".")),
                    )
                    .at(ctx.offset(&r)));
                }
            }
        }
        for q in &targets {
            let dependents: Vec<(QualName, String)> = self
                .catalog
                .tables()
                .filter(|t| !targets.contains(&t.qual_name()))
                .flat_map(|t| {
                    t.constraints.iter().filter_map(move |c| match &c.kind {
                        ConstraintKind::ForeignKey { ref_table, .. } if ref_table == q => {
                            Some((t.qual_name(), c.name.clone()))
                        }
                        _ => None,
                    })
                })
                .collect();
            let views: Vec<QualName> = self
                .catalog
                .views()
                .filter(|v| v.references.tables.contains(q))
                .map(|v| v.qual_name())
                .collect();
            if !cascade && (!dependents.is_empty() || !views.is_empty()) {
                let what = views
                    .first()
                    .map(|v| format!("view {} depends on table {}", v.name, q.name))
                    .or_else(|| {
                        dependents.first().map(|(t, c)| {
                            format!(
                                "constraint {c} on table {} depends on table {}",
                                t.name, q.name
                            )
                        })
                    })
                    .unwrap_or_default();
                return Err(PgError::new(
                    "2BP01",
                    format!(
                        "cannot drop table {} because other objects depend on it",
                        q.name
                    ),
                )
                .detail(what)
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
        }
        for q in targets {
            if let Some(s) = self.catalog.schema_mut(&q.schema) {
                s.tables.remove(&q.name);
                s.sequences
                    .retain(|_, seq| seq.owned_by.as_ref().is_none_or(|(t, _)| *t != q));
            }
            // partitions go with their parent
            let parts: Vec<QualName> = self
                .catalog
                .tables()
                .filter(|t| t.partition_of.as_ref().is_some_and(|(p, _)| *p == q))
                .map(|t| t.qual_name())
                .collect();
            for p in parts {
                if let Some(s) = self.catalog.schema_mut(&p.schema) {
                    s.tables.remove(&p.name);
                }
            }
        }
        Ok(())
    }

    pub(crate) fn create_index(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let rel = child(node, Kind::TABLE_RELATION_NAME)
            .and_then(|r| child(&r, Kind::TABLE_NAME_REF))
            .or_else(|| sql::find(node, Kind::RELATION_NAME_REF))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let parts = name_parts(&rel);
        let qn = match self.lookup_relation(&parts) {
            Some(q) => q,
            None => return Err(missing_relation(&parts).at(ctx.offset(&rel))),
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
            } else if let Some(ty) = &col_type {
                default_opclass_exists(ty, &method).map_err(|e| e.at(off))?;
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

    fn check_shadowed_index(&mut self, table: &QualName, new: &Index, ctx: &Ctx, node: &Node) {
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

    /// Follows a table rename into foreign keys, policies' references and triggers.
    fn rename_references(&mut self, from: &QualName, to: &QualName) {
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

    fn rename_column_references(&mut self, table: &QualName, from: &str, to: &str) {
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

fn unreachable_view() -> crate::catalog::View {
    crate::catalog::View {
        schema: String::new(),
        name: String::new(),
        materialized: true,
        definition: Expr::query("SELECT 1"),
        columns: Vec::new(),
        security_invoker: false,
        security_barrier: false,
        check_option: None,
        references: Default::default(),
        indexes: Vec::new(),
        grants: Vec::new(),
        comment: None,
        origin: None,
    }
}

fn rename_column_in_table(table: &mut Table, from: &str, to: &str) {
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
fn rename_ident_in(text: &str, from: &str, to: &str) -> String {
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
fn first_column_in(text: &str, table: &Table) -> Option<String> {
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

fn has_unique_on(t: &Table, cols: &[String]) -> bool {
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

fn unique_constraint_name(table: &Table, base: String) -> String {
    if table.constraint(&base).is_none() {
        return base;
    }
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| table.constraint(n).is_none())
        .unwrap_or(base)
}

fn unique_name_in_table(catalog: &crate::catalog::Catalog, table: &Table, base: String) -> String {
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

fn fk_action(node: &Node) -> FkAction {
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
fn with_options(mut c: Constraint, node: &Node) -> Constraint {
    if sql::find(node, Kind::DEFERRABLE_CONSTRAINT_OPTION).is_some() {
        c.deferrable = true;
    }
    if sql::find(node, Kind::INITIALLY_DEFERRED_CONSTRAINT_OPTION).is_some() {
        c.initially_deferred = true;
        c.deferrable = true;
    }
    c
}

fn partition_key_text(node: &Node) -> String {
    let strategy = child(node, Kind::PARTITION_STRATEGY)
        .map(|s| sql::keywords(&s))
        .unwrap_or_default();
    let items: Vec<String> = child(node, Kind::PARTITION_ITEM_LIST)
        .map(|l| {
            children(&l, Kind::PARTITION_ITEM)
                .map(|i| {
                    i.children()
                        .next()
                        .map(|e| sql::canon::canon(&e))
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default();
    format!("{strategy} ({})", items.join(", "))
}

/// Whether a type has a default operator class for an access method (the check behind
/// "data type text has no default operator class for access method gin").
fn default_opclass_exists(ty: &str, method: &str) -> Result<(), PgError> {
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
