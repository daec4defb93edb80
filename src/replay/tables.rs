//! CREATE TABLE (and AS), DROP TABLE: building a table from its definition.

use super::constraints::{PendingConstraint, with_options};
use super::ddl::{constraint_name_clause, find_type_node, make_object_name, unique_name};
use super::resolve::{self, Scope};
use super::{Ctx, PgError, Replay};
use crate::catalog::types::serial_kind;
use crate::catalog::{
    Column, Constraint, ConstraintKind, Expr, Identity, QualName, Sequence, Table, TableKind,
};
use crate::findings::{Finding, Location, Severity};
use crate::sql::{self, Kind, Node, child, children, has_token, name_parts};

impl Replay {
    pub(crate) fn create_table(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name_node =
            child(node, Kind::TABLE_NAME).ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let parts = name_parts(&name_node);
        let qn = self.relation_name_for_create(&parts, child(node, Kind::TEMP).is_some())?;
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
        let (mut table, serials) =
            self.build_table(node, ctx, &qn)
                .map_err(|e| match e.object {
                    Some(_) => e,
                    None => e.object(qn.to_string()),
                })?;
        // a foreign table is a table to what reads it (its rows live on the server it names)
        if node.kind() == Kind::CREATE_FOREIGN_TABLE {
            table.kind = TableKind::Foreign;
        }
        self.install_table(table, &serials);
        Ok(())
    }

    /// Puts a validated table into the catalog, with the sequences of its serial columns
    /// (`(column, sequence)` pairs).
    pub(super) fn install_table(&mut self, mut table: Table, serials: &[(String, String)]) {
        let qn = table.qual_name();
        for (column, seq_name) in serials {
            if let Some(c) = table.column(column) {
                let s = serial_sequence(&qn, c, seq_name);
                self.catalog
                    .ensure_schema(&qn.schema)
                    .sequences
                    .insert(seq_name.clone(), s);
            }
        }
        self.catalog.note_index_names_of(&table);
        table.grants = self.default_grants(&qn.schema, "TABLES");
        self.catalog
            .ensure_schema(&qn.schema)
            .tables
            .insert(qn.name.clone(), table);
    }

    /// Reads a CREATE TABLE into a validated table (not yet in the catalog), with the
    /// sequences its serial columns own (`(column, sequence)`).
    pub(super) fn build_table(
        &self,
        node: &Node,
        ctx: &Ctx,
        qn: &QualName,
    ) -> Result<(Table, Vec<(String, String)>), PgError> {
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
        let mut serials = Vec::new();
        if let Some(args) = child(node, Kind::TABLE_ARG_LIST) {
            for el in args.children() {
                match el.kind() {
                    Kind::COLUMN => {
                        let (col, serial, cons) = self.read_column(&el, ctx, qn, &table)?;
                        if table.column(&col.name).is_some() {
                            return Err(PgError::new(
                                "42701",
                                format!("column \"{}\" specified more than once", col.name),
                            )
                            .at(ctx.offset(&el)));
                        }
                        if let Some(seq) = serial {
                            serials.push((col.name.clone(), seq));
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
                        let src = self.lookup_relation(&name_parts(&r)).ok_or_else(|| {
                            self.missing_relation(&name_parts(&r)).at(ctx.offset(&r))
                        })?;
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
        Ok((table, serials))
    }

    /// Reads a column definition and its inline constraints.
    pub(super) fn read_column(
        &self,
        el: &Node,
        ctx: &Ctx,
        qn: &QualName,
        table: &Table,
    ) -> Result<(Column, Option<String>, Vec<PendingConstraint>), PgError> {
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
        // the sequence a serial column owns: a fact of its own, created with the column
        let mut serial = None;
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
            serial = Some(seq);
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
                        let e = Expr::from_node(&e);
                        // PostgreSQL stores no default that is the null constant (`DEFAULT
                        // NULL` is the default anyway), except on a domain, whose own default
                        // it overrides
                        let null_constant =
                            e.normalized == "NULL" || e.normalized.starts_with("NULL::");
                        let domain = col
                            .data_type
                            .split_once('.')
                            .and_then(|(s, n)| self.catalog.type_def(&QualName::new(s, n)))
                            .is_some_and(|t| {
                                matches!(t.kind, crate::catalog::TypeKind::Domain { .. })
                            });
                        col.default = (!null_constant || domain).then_some(e);
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
        Ok((col, serial, cons))
    }

    /// `CREATE TABLE IF NOT EXISTS` over an existing table: PostgreSQL skips it with a notice.
    /// When the skipped definition differs from the existing table, that is a finding.
    pub(super) fn check_shadowed_table(&mut self, node: &Node, ctx: &Ctx, qn: &QualName) {
        let Some(existing) = self.catalog.table(qn).cloned() else {
            return;
        };
        // build_table only reads the catalog: the skipped definition leaves no trace
        let built = self.build_table(
            node,
            ctx,
            &QualName::new(&qn.schema, format!("{}\u{2}shadow", qn.name)),
        );
        let Ok((new, _)) = built else { return };
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
        // every column the skipped definition has is there (the table has more): nothing
        // that relies on the skipped definition fails
        if missing.is_empty() {
            return;
        }
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
        // CREATE TABLE … AS names the table directly; SELECT … INTO in its INTO clause
        let into = child(node, Kind::INTO_CLAUSE);
        let holder = into.as_ref().unwrap_or(node);
        let name_node =
            child(holder, Kind::TABLE_NAME).ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let temp = child(holder, Kind::TEMP).is_some();
        let qn = self.relation_name_for_create(&name_parts(&name_node), temp)?;
        if self.catalog.relation_kind(&qn).is_some() {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                return Ok(());
            }
            return Err(PgError::new(
                "42P07",
                format!("relation \"{}\" already exists", qn.name),
            ));
        }
        let query = if into.is_some() {
            Some(node.clone())
        } else {
            node.children().find(|c| {
                matches!(
                    c.kind(),
                    Kind::SELECT | Kind::COMPOUND_SELECT | Kind::VALUES | Kind::PAREN_SELECT
                )
            })
        };
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
            grants: self.default_grants(&qn.schema, "TABLES"),
            ..Table::default()
        };
        self.catalog
            .ensure_schema(&qn.schema)
            .tables
            .insert(qn.name.clone(), t);
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
                    let e = self.missing_relation(&parts);
                    let e = if e.code == "3F000" {
                        e
                    } else {
                        PgError::new(
                            "42P01",
                            format!("table \"{}\" does not exist", parts.join(".")),
                        )
                    };
                    return Err(e.at(ctx.offset(&r)));
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
            for p in self.catalog.publications.values_mut() {
                p.tables.retain(|t| *t != q);
            }
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
}

pub(super) fn unreachable_view() -> crate::catalog::View {
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

pub(super) fn partition_key_text(node: &Node) -> String {
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

/// The sequence PostgreSQL creates for a serial column: `AS` the column's type, from 1 to
/// that type's maximum, owned by the column.
pub(super) fn serial_sequence(qn: &QualName, c: &Column, name: &str) -> Sequence {
    Sequence {
        schema: qn.schema.clone(),
        name: name.to_string(),
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
    }
}
