//! Building the catalog from the rows of the catalog queries.

use super::session::ResultSet;
use crate::catalog::{
    ArgMode, Catalog, Column, Constraint, ConstraintKind, Expr, Extension, FkAction, Function,
    FunctionArg, Grant, Identity, Index, IndexKey, Origin, Policy, PolicyCommand, Publication,
    QualName, References, Schema, Sequence, Table, TableKind, Trigger, TypeDef, TypeKind, View,
    Volatility,
};
use postgres::SimpleQueryRow;
use serde_json::Value;
use std::collections::HashMap;

/// One row, read by column name. Missing columns and NULLs read as None / empty.
#[derive(Clone, Copy)]
pub(crate) struct Row<'a> {
    set: &'a ResultSet,
    row: &'a SimpleQueryRow,
}

impl<'a> Row<'a> {
    pub fn opt(&self, c: &str) -> Option<&'a str> {
        let i = self.set.col(c)?;
        self.row.try_get(i).ok().flatten()
    }
    pub fn s(&self, c: &str) -> &'a str {
        self.opt(c).unwrap_or("")
    }
    pub fn b(&self, c: &str) -> bool {
        self.opt(c) == Some("t")
    }
    pub fn i(&self, c: &str) -> i64 {
        self.opt(c).and_then(|v| v.parse().ok()).unwrap_or(0)
    }
    pub fn json(&self, c: &str) -> Value {
        self.opt(c)
            .and_then(|v| serde_json::from_str(v).ok())
            .unwrap_or(Value::Null)
    }
    /// A JSON array of strings (NULL entries dropped).
    pub fn strings(&self, c: &str) -> Vec<String> {
        match self.json(c) {
            Value::Array(a) => a
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }
}

pub(crate) fn rows(set: &ResultSet) -> impl Iterator<Item = Row<'_>> {
    set.rows.iter().map(move |row| Row { set, row })
}

/// Numbers of a PostgreSQL array (`{1,2}`) or vector (`1 2`) printed as text.
fn numbers(text: &str) -> Vec<i64> {
    text.trim_matches(|c| c == '{' || c == '}')
        .split([',', ' '])
        .filter_map(|x| x.trim().parse().ok())
        .collect()
}

/// Canonical expressions, computed once per distinct text: a database repeats the same
/// defaults and conditions on many tables.
#[derive(Default)]
struct Exprs(HashMap<String, Expr>);

impl Exprs {
    fn get(&mut self, text: &str) -> Expr {
        if let Some(e) = self.0.get(text) {
            return e.clone();
        }
        let e = Expr::new(text);
        self.0.insert(text.to_string(), e.clone());
        e
    }
}

/// An object id printed as text.
fn oid(text: &str) -> u32 {
    text.parse().unwrap_or(0)
}

/// Column names (and collation oids) by relation oid and attribute number.
#[derive(Default)]
struct Attributes(HashMap<(u32, i64), (String, u32)>);

impl Attributes {
    fn name(&self, rel: &str, attnum: i64) -> String {
        self.0
            .get(&(oid(rel), attnum))
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| attnum.to_string())
    }
    fn names(&self, rel: &str, attnums: &[i64]) -> Vec<String> {
        attnums.iter().map(|a| self.name(rel, *a)).collect()
    }
    fn collation(&self, rel: &str, attnum: i64) -> Option<u32> {
        self.0.get(&(oid(rel), attnum)).map(|(_, c)| *c)
    }
}

fn jstr(v: &Value, i: usize) -> Option<String> {
    v.get(i).and_then(|x| x.as_str()).map(str::to_string)
}

fn grants_of(v: Value) -> Vec<Grant> {
    let mut out: Vec<Grant> = match v {
        Value::Array(items) => items
            .iter()
            .filter_map(|g| {
                Some(Grant {
                    grantee: jstr(g, 0)?,
                    privilege: jstr(g, 1)?.to_ascii_uppercase(),
                    with_grant_option: g.get(2).and_then(|b| b.as_bool()).unwrap_or(false),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    out.sort();
    out.dedup_by(|a, b| a.grantee == b.grantee && a.privilege == b.privilege);
    out
}

fn fk_action(c: &str) -> FkAction {
    match c {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// The value list of a `SET name = value` function option, as the replay keeps it.
fn config_value(v: &str) -> String {
    v.split(',')
        .map(|x| x.trim().trim_matches('\'').trim_matches('"'))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The WHEN condition inside `pg_get_triggerdef` output.
fn trigger_when(def: &str) -> Option<String> {
    let start = def.find(" WHEN (")? + " WHEN (".len();
    let bytes = def.as_bytes();
    let mut depth = 1;
    let mut i = start;
    let mut in_str = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_str {
            if c == b'\'' {
                in_str = false;
            }
        } else if c == b'\'' {
            in_str = true;
        } else if c == b'(' {
            depth += 1;
        } else if c == b')' {
            depth -= 1;
            if depth == 0 {
                return def.get(start..i).map(str::to_string);
            }
        }
        i += 1;
    }
    None
}

/// Trigger arguments: `tgargs` is a sequence of NUL-terminated strings (hex-encoded here).
fn trigger_args(hex: &str, n: usize) -> Vec<String> {
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    bytes
        .split(|b| *b == 0)
        .take(n)
        .map(|s| String::from_utf8_lossy(s).to_string())
        .collect()
}

/// A relation read from `pg_class`.
enum Rel {
    Table(QualName),
    View(QualName),
}

pub(crate) struct Loaded {
    pub catalog: Catalog,
}

/// Fills `catalog` (which already holds schemas, roles and extensions) from the main batch.
pub(crate) fn load(mut catalog: Catalog, sets: &[ResultSet], source: &str) -> Loaded {
    let origin = || Some(Origin::new(source, None, 0, 0));
    let empty = ResultSet::empty();
    let set = |i: usize| sets.get(i).unwrap_or(&empty);
    let mut exprs = Exprs::default();
    let mut attrs = Attributes::default();
    let opclasses: HashMap<&str, (&str, bool)> = rows(set(12))
        .map(|r| (r.s("oid"), (r.s("opcname"), r.b("opcdefault"))))
        .collect();
    let collations: HashMap<&str, &str> = rows(set(13))
        .map(|r| (r.s("oid"), r.s("collname")))
        .collect();

    // 0 schema grants
    for r in rows(set(0)) {
        if let Some(s) = catalog.schemas.get_mut(r.s("nspname")) {
            s.grants = grants_of(r.json("grants"));
            if s.name == "public" {
                // initdb's own grant on `public`, not something a project wrote
                s.grants
                    .retain(|g| !(g.grantee == "public" && g.privilege == "USAGE"));
            }
        }
    }
    // 1 relations
    let mut rels: HashMap<u32, Rel> = HashMap::new();
    for r in rows(set(1)) {
        let schema = r.s("nspname").to_string();
        let name = r.s("relname").to_string();
        let q = QualName::new(&schema, &name);
        let comment = r.opt("description").map(str::to_string);
        let grants = grants_of(r.json("grants"));
        let options = r.strings("reloptions");
        let opt_true = |k: &str| {
            options.iter().any(|o| {
                o.split_once('=')
                    .is_some_and(|(a, v)| a == k && matches!(v, "true" | "on" | "1" | "yes"))
            })
        };
        let kind = r.s("relkind");
        let Some(sc) = catalog.schemas.get_mut(&schema) else {
            continue;
        };
        match kind {
            "v" | "m" => {
                let check_option = options.iter().find_map(|o| {
                    o.strip_prefix("check_option=")
                        .map(|v| v.to_ascii_uppercase())
                });
                sc.views.insert(
                    name.clone(),
                    View {
                        schema: schema.clone(),
                        name: name.clone(),
                        materialized: kind == "m",
                        definition: Expr::query(r.s("viewdef")),
                        columns: Vec::new(),
                        security_invoker: opt_true("security_invoker"),
                        security_barrier: opt_true("security_barrier"),
                        check_option,
                        references: References::default(),
                        indexes: Vec::new(),
                        grants,
                        comment,
                        origin: origin(),
                    },
                );
                rels.insert(oid(r.s("oid")), Rel::View(q));
            }
            _ => {
                let parents: Vec<QualName> = match r.json("parents") {
                    Value::Array(a) => a
                        .iter()
                        .filter_map(|p| Some(QualName::new(jstr(p, 0)?, jstr(p, 1)?)))
                        .collect(),
                    _ => Vec::new(),
                };
                let (partition_of, inherits) = if r.b("relispartition") {
                    (
                        parents
                            .first()
                            .map(|p| (p.clone(), r.s("bound").to_string())),
                        Vec::new(),
                    )
                } else {
                    (None, parents)
                };
                sc.tables.insert(
                    name.clone(),
                    Table {
                        schema: schema.clone(),
                        name: name.clone(),
                        kind: match kind {
                            "p" => TableKind::Partitioned,
                            "f" => TableKind::Foreign,
                            _ => TableKind::Table,
                        },
                        unlogged: r.s("relpersistence") == "u",
                        rls_enabled: r.b("relrowsecurity"),
                        rls_forced: r.b("relforcerowsecurity"),
                        partition_by: r.opt("partkey").map(str::to_string),
                        partition_of,
                        inherits,
                        grants,
                        comment,
                        origin: origin(),
                        ..Table::default()
                    },
                );
                rels.insert(oid(r.s("oid")), Rel::Table(q));
            }
        }
    }
    // 2 columns (rows come in no particular order: placed by attribute number)
    let mut placed: Vec<(i64, &Rel, Column)> = Vec::new();
    for r in rows(set(2)) {
        let Some(rel) = rels.get(&oid(r.s("attrelid"))) else {
            continue;
        };
        attrs.0.insert(
            (oid(r.s("attrelid")), r.i("attnum")),
            (r.s("attname").to_string(), oid(r.s("attcollation"))),
        );
        let identity = match r.s("attidentity") {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        };
        let generated = r.s("attgenerated") == "s";
        let def = r.opt("def").map(|d| exprs.get(d));
        let col = Column {
            name: r.s("attname").to_string(),
            data_type: r.s("typ").to_string(),
            not_null: r.b("attnotnull"),
            default: if generated { None } else { def.clone() },
            identity,
            generated: if generated { def } else { None },
            collation: r.opt("coll").map(str::to_string),
            comment: r.opt("description").map(str::to_string),
            origin: origin(),
        };
        placed.push((r.i("attnum"), rel, col));
    }
    placed.sort_by_key(|(n, _, _)| *n);
    for (_, rel, col) in placed {
        match rel {
            Rel::Table(q) => {
                if let Some(t) = catalog.table_mut(q) {
                    t.columns.push(col);
                }
            }
            Rel::View(q) => {
                if let Some(v) = catalog
                    .schemas
                    .get_mut(&q.schema)
                    .and_then(|s| s.views.get_mut(&q.name))
                {
                    v.columns.push(col);
                }
            }
        }
    }
    // types first (domain constraints attach to them): 8
    let mut types_by_oid: HashMap<String, QualName> = HashMap::new();
    for r in rows(set(8)) {
        let schema = r.s("nspname").to_string();
        let name = r.s("typname").to_string();
        let kind = match r.s("typtype") {
            "e" => TypeKind::Enum {
                labels: r.strings("labels"),
            },
            "d" => TypeKind::Domain {
                base: r.s("base").to_string(),
                not_null: r.b("typnotnull"),
                default: r.opt("def").map(Expr::new),
                checks: Vec::new(),
            },
            "c" => TypeKind::Composite {
                attributes: match r.json("attrs") {
                    Value::Array(a) => a
                        .iter()
                        .filter_map(|p| Some((jstr(p, 0)?, jstr(p, 1)?)))
                        .collect(),
                    _ => Vec::new(),
                },
            },
            _ => TypeKind::Other {
                definition: format!("RANGE (SUBTYPE = {})", r.s("subtype")),
            },
        };
        if let Some(sc) = catalog.schemas.get_mut(&schema) {
            types_by_oid.insert(r.s("oid").to_string(), QualName::new(&schema, &name));
            sc.types.insert(
                name.clone(),
                TypeDef {
                    schema,
                    name,
                    kind,
                    comment: r.opt("description").map(str::to_string),
                    origin: origin(),
                },
            );
        }
    }
    // 3 constraints
    let mut constraint_indexes = std::collections::HashSet::new();
    for r in rows(set(3)) {
        let contype = r.s("contype");
        if r.s("conrelid") == "0" {
            // a domain's CHECK
            let Some(q) = types_by_oid.get(r.s("contypid")) else {
                continue;
            };
            if let Some(TypeDef {
                kind: TypeKind::Domain { checks, .. },
                ..
            }) = catalog
                .schemas
                .get_mut(&q.schema)
                .and_then(|s| s.types.get_mut(&q.name))
                && contype == "c"
            {
                checks.push((r.s("conname").to_string(), exprs.get(r.s("chk"))));
            }
            continue;
        }
        let relid = r.s("conrelid");
        let Some(Rel::Table(q)) = rels.get(&oid(relid)) else {
            continue;
        };
        if matches!(contype, "p" | "u" | "x") {
            constraint_indexes.insert(r.s("conindid").to_string());
        }
        let columns = attrs.names(relid, &numbers(r.s("conkey")));
        let kind = match contype {
            "p" => ConstraintKind::PrimaryKey { columns },
            "u" => ConstraintKind::Unique {
                columns,
                nulls_not_distinct: r.b("nnd"),
            },
            "c" => ConstraintKind::Check {
                expr: exprs.get(r.s("chk")),
                no_inherit: r.b("connoinherit"),
            },
            "f" => ConstraintKind::ForeignKey {
                columns,
                ref_table: QualName::new(r.s("ref_schema"), r.s("ref_table")),
                ref_columns: match r.opt("ref_cols") {
                    Some(_) => r.strings("ref_cols"),
                    None => attrs.names(r.s("confrelid"), &numbers(r.s("confkey"))),
                },
                on_delete: fk_action(r.s("confdeltype")),
                on_update: fk_action(r.s("confupdtype")),
                match_full: r.s("confmatchtype") == "f",
            },
            _ => ConstraintKind::Exclusion {
                definition: r.s("def").to_string(),
            },
        };
        if let Some(t) = catalog.table_mut(q) {
            t.constraints.push(Constraint {
                name: r.s("conname").to_string(),
                kind,
                deferrable: r.b("condeferrable"),
                initially_deferred: r.b("condeferred"),
                not_valid: !r.b("convalidated"),
                origin: origin(),
            });
        }
    }
    // 4 indexes
    for r in rows(set(4)) {
        if constraint_indexes.contains(r.s("indexrelid")) {
            continue;
        }
        let relid = r.s("indrelid");
        let Some(rel) = rels.get(&oid(relid)) else {
            continue;
        };
        let nkeys = r.i("indnkeyatts").max(0) as usize;
        let indkey = numbers(r.s("indkey"));
        let classes: Vec<&str> = r.s("indclass").split_whitespace().collect();
        let colls: Vec<&str> = r.s("indcollation").split_whitespace().collect();
        let options = numbers(r.s("indoption"));
        let exprs_text = r.strings_nullable("exprs");
        let mut keys = Vec::new();
        let mut include = Vec::new();
        for (pos, attnum) in indkey.iter().copied().enumerate() {
            if pos >= nkeys {
                include.push(attrs.name(relid, attnum));
                continue;
            }
            let (opclass, opclass_default) = classes
                .get(pos)
                .and_then(|o| opclasses.get(o))
                .map(|(n, d)| (Some(n.to_string()), *d))
                .unwrap_or((None, true));
            let option = options.get(pos).copied().unwrap_or(0);
            let descending = option & 1 != 0;
            let nulls_first = option & 2 != 0;
            let collation = colls.get(pos).copied().filter(|c| {
                attnum != 0 && *c != "0" && Some(oid(c)) != attrs.collation(relid, attnum)
            });
            keys.push(IndexKey {
                expr: if attnum == 0 {
                    let text = exprs_text.get(pos).cloned().flatten().unwrap_or_default();
                    exprs.get(&text).normalized
                } else {
                    attrs.name(relid, attnum)
                },
                is_expression: attnum == 0,
                opclass: if opclass_default { None } else { opclass },
                collation: collation
                    .and_then(|c| collations.get(c))
                    .map(|c| c.to_string()),
                descending,
                nulls_first: match (descending, nulls_first) {
                    (false, true) => Some(true),
                    (true, false) => Some(false),
                    _ => None,
                },
            });
        }
        let index = Index {
            name: r.s("relname").to_string(),
            unique: r.b("indisunique"),
            nulls_not_distinct: r.b("nnd"),
            method: r.s("amname").to_string(),
            keys,
            include,
            predicate: r.opt("pred").map(|p| exprs.get(p)),
            origin: origin(),
        };
        match rel {
            Rel::Table(q) => {
                if r.b("attached") {
                    // an index PostgreSQL created on a partition for its parent's index
                    continue;
                }
                if let Some(t) = catalog.table_mut(q) {
                    t.indexes.push(index);
                }
            }
            Rel::View(q) => {
                if let Some(v) = catalog
                    .schemas
                    .get_mut(&q.schema)
                    .and_then(|s| s.views.get_mut(&q.name))
                {
                    v.indexes.push(index);
                }
            }
        }
    }
    // 11 dependencies (for references), keyed by owner oid
    let mut deps: HashMap<(String, String), References> = HashMap::new();
    for r in rows(set(11)) {
        let refs = deps
            .entry((r.s("kind").to_string(), r.s("owner").to_string()))
            .or_default();
        let q = QualName::new(r.s("nspname"), r.s("name"));
        if r.b("is_func") {
            refs.functions.insert(q);
        } else {
            if let Some(c) = r.opt("attname") {
                refs.columns.insert((q.clone(), c.to_string()));
            }
            refs.tables.insert(q);
        }
    }
    for (oid, rel) in &rels {
        if let Rel::View(q) = rel
            && let Some(refs) = deps.get(&("v".to_string(), oid.to_string()))
            && let Some(v) = catalog
                .schemas
                .get_mut(&q.schema)
                .and_then(|s| s.views.get_mut(&q.name))
        {
            let mut refs = refs.clone();
            refs.tables.remove(q);
            v.references = refs;
        }
    }
    // 5 policies
    for r in rows(set(5)) {
        let Some(Rel::Table(q)) = rels.get(&oid(r.s("polrelid"))) else {
            continue;
        };
        let mut roles = r.strings("roles");
        roles.sort();
        let p = Policy {
            name: r.s("polname").to_string(),
            command: match r.s("polcmd") {
                "r" => PolicyCommand::Select,
                "a" => PolicyCommand::Insert,
                "w" => PolicyCommand::Update,
                "d" => PolicyCommand::Delete,
                _ => PolicyCommand::All,
            },
            permissive: r.b("polpermissive"),
            roles,
            using: r.opt("qual").map(|e| exprs.get(e)),
            with_check: r.opt("wc").map(|e| exprs.get(e)),
            references: deps
                .get(&("p".to_string(), r.s("oid").to_string()))
                .cloned()
                .unwrap_or_default(),
            origin: origin(),
        };
        if let Some(t) = catalog.table_mut(q) {
            t.policies.push(p);
        }
    }
    // 6 triggers
    for r in rows(set(6)) {
        let Some(Rel::Table(q)) = rels.get(&oid(r.s("tgrelid"))) else {
            continue;
        };
        let tgtype = r.i("tgtype");
        let timing = if tgtype & 64 != 0 {
            "INSTEAD OF"
        } else if tgtype & 2 != 0 {
            "BEFORE"
        } else {
            "AFTER"
        };
        let mut events = Vec::new();
        if tgtype & 4 != 0 {
            events.push("INSERT".to_string());
        }
        if tgtype & 16 != 0 {
            let cols = attrs.names(r.s("tgrelid"), &numbers(r.s("tgattr")));
            if cols.is_empty() {
                events.push("UPDATE".to_string());
            } else {
                events.push(format!(
                    "UPDATE OF {}",
                    cols.iter()
                        .map(|c| crate::catalog::quote_ident(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if tgtype & 8 != 0 {
            events.push("DELETE".to_string());
        }
        if tgtype & 32 != 0 {
            events.push("TRUNCATE".to_string());
        }
        let tr = Trigger {
            name: r.s("tgname").to_string(),
            timing: timing.to_string(),
            events,
            for_each_row: tgtype & 1 != 0,
            function: QualName::new(r.s("fschema"), r.s("fname")),
            arguments: trigger_args(r.s("args"), r.i("tgnargs").max(0) as usize),
            when: r.opt("def").and_then(trigger_when).map(|w| exprs.get(&w)),
            enabled: r.s("tgenabled") != "D",
            old_table: r.opt("oldtable").map(str::to_string),
            new_table: r.opt("newtable").map(str::to_string),
            origin: origin(),
        };
        if let Some(t) = catalog.table_mut(q) {
            t.triggers.push(tr);
        }
    }
    // 7 functions
    let mut sql_functions = Vec::new();
    for r in rows(set(7)) {
        let schema = r.s("nspname").to_string();
        let names = r.strings_nullable("argnames");
        let modes = r.strings("modes");
        let types = r.strings("argtypes");
        let defaults = r.strings_nullable("defaults");
        let mut args = Vec::new();
        for (i, ty) in types.iter().enumerate() {
            let mode = match modes.get(i).map(String::as_str) {
                Some("o") => ArgMode::Out,
                Some("b") => ArgMode::InOut,
                Some("v") => ArgMode::Variadic,
                Some("t") => continue, // RETURNS TABLE columns are part of the return type
                _ => ArgMode::In,
            };
            args.push(FunctionArg {
                name: names.get(i).cloned().flatten().filter(|n| !n.is_empty()),
                mode,
                data_type: ty.clone(),
                default: defaults.get(i).cloned().flatten().map(|d| Expr::new(&d)),
            });
        }
        let is_procedure = r.s("prokind") == "p";
        let config = r
            .strings("config")
            .iter()
            .filter_map(|c| {
                let (k, v) = c.split_once('=')?;
                Some((k.to_ascii_lowercase(), config_value(v)))
            })
            .collect();
        let language = r.s("lanname").to_ascii_lowercase();
        let mut references = deps
            .get(&("f".to_string(), r.s("oid").to_string()))
            .cloned()
            .unwrap_or_default();
        let body = r.s("prosrc").to_string();
        if language == "plpgsql" || language == "sql" {
            let (refs, _) = crate::replay::resolve::plpgsql_references(&body);
            references.extend(&refs);
        }
        let f = Function {
            schema: schema.clone(),
            name: r.s("proname").to_string(),
            is_procedure,
            args,
            returns: if is_procedure {
                String::new()
            } else {
                r.s("result").to_string()
            },
            language: language.clone(),
            volatility: match r.s("provolatile") {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                _ => Volatility::Volatile,
            },
            strict: r.b("proisstrict"),
            security_definer: r.b("prosecdef"),
            leakproof: r.b("proleakproof"),
            config,
            body,
            references,
            grants: grants_of(r.json("grants")),
            comment: r.opt("description").map(str::to_string),
            origin: origin(),
        };
        let key = f.key();
        if language == "sql" {
            sql_functions.push((schema.clone(), key.clone()));
        }
        if let Some(sc) = catalog.schemas.get_mut(&schema) {
            sc.functions.insert(key, f);
        }
    }
    resolve_sql_references(&mut catalog, &sql_functions);
    // 9 sequences
    for r in rows(set(9)) {
        if r.s("deptype") == "i" {
            continue;
        }
        let owned_by = match rels.get(&oid(r.s("owner_rel"))) {
            Some(Rel::Table(q)) => {
                Some((q.clone(), attrs.name(r.s("owner_rel"), r.i("owner_col"))))
            }
            _ => None,
        };
        let schema = r.s("nspname").to_string();
        let name = r.s("relname").to_string();
        if let Some(sc) = catalog.schemas.get_mut(&schema) {
            sc.sequences.insert(
                name.clone(),
                Sequence {
                    schema,
                    name,
                    data_type: r.s("typ").to_string(),
                    start: r.i("seqstart"),
                    increment: r.i("seqincrement"),
                    min_value: r.i("seqmin"),
                    max_value: r.i("seqmax"),
                    cache: r.i("seqcache"),
                    cycle: r.b("seqcycle"),
                    owned_by,
                    origin: origin(),
                },
            );
        }
    }
    // 10 publications
    for r in rows(set(10)) {
        let tables = match r.json("tables") {
            Value::Array(a) => a
                .iter()
                .filter_map(|p| Some(QualName::new(jstr(p, 0)?, jstr(p, 1)?)))
                .filter(|q| catalog.schemas.contains_key(&q.schema))
                .collect(),
            _ => Vec::new(),
        };
        let name = r.s("pubname").to_string();
        catalog.publications.insert(
            name.clone(),
            Publication {
                name,
                all_tables: r.b("puballtables"),
                tables,
                origin: origin(),
            },
        );
    }
    for s in catalog.schemas.values_mut() {
        for t in s.tables.values_mut() {
            t.constraints.sort_by(|a, b| a.name.cmp(&b.name));
            t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            t.policies.sort_by(|a, b| a.name.cmp(&b.name));
            t.triggers.sort_by(|a, b| a.name.cmp(&b.name));
        }
        for v in s.views.values_mut() {
            v.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        }
        for t in s.types.values_mut() {
            if let TypeKind::Domain { checks, .. } = &mut t.kind {
                checks.sort_by(|a, b| a.0.cmp(&b.0));
            }
        }
    }
    Loaded { catalog }
}

impl Row<'_> {
    /// A JSON array that may hold NULLs, position kept.
    fn strings_nullable(&self, c: &str) -> Vec<Option<String>> {
        match self.json(c) {
            Value::Array(a) => a
                .into_iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// SQL-language bodies name relations and functions the way their search path finds them;
/// qualify the unqualified ones against the catalog (`SET search_path`, else `public`), as
/// the replay's resolver does.
fn resolve_sql_references(catalog: &mut Catalog, sql_functions: &[(String, String)]) {
    for (schema, key) in sql_functions {
        let Some(f) = catalog
            .schemas
            .get(schema)
            .and_then(|s| s.functions.get(key))
        else {
            continue;
        };
        let path: Vec<String> = match f.search_path() {
            Some(p) => p
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            None => vec!["public".to_string()],
        };
        let find_rel = |name: &str| {
            path.iter().find_map(|s| {
                let q = QualName::new(s, name);
                (catalog.table(&q).is_some() || catalog.view(&q).is_some()).then_some(q)
            })
        };
        let find_fn = |name: &str| {
            path.iter().find_map(|s| {
                let q = QualName::new(s, name);
                let found = catalog.functions_named(&q).next().is_some();
                found.then_some(q)
            })
        };
        let mut refs = References::default();
        for t in &f.references.tables {
            if t.schema.is_empty() {
                if let Some(q) = find_rel(&t.name) {
                    refs.tables.insert(q);
                }
            } else {
                refs.tables.insert(t.clone());
            }
        }
        for t in &f.references.functions {
            if t.schema.is_empty() {
                if let Some(q) = find_fn(&t.name) {
                    refs.functions.insert(q);
                }
            } else {
                refs.functions.insert(t.clone());
            }
        }
        for (t, c) in &f.references.columns {
            if t.schema.is_empty() {
                if let Some(q) = find_rel(&t.name) {
                    refs.columns.insert((q, c.clone()));
                }
            } else {
                refs.columns.insert((t.clone(), c.clone()));
            }
        }
        if let Some(f) = catalog
            .schemas
            .get_mut(schema)
            .and_then(|s| s.functions.get_mut(key))
        {
            f.references = refs;
        }
    }
}

/// A schema entry for the catalog.
pub(crate) fn schema(name: &str, comment: Option<&str>, source: &str) -> Schema {
    Schema {
        name: name.to_string(),
        comment: comment.map(str::to_string),
        created_by_source: name != "public",
        origin: Some(Origin::new(source, None, 0, 0)),
        ..Schema::default()
    }
}

pub(crate) fn extension(
    name: &str,
    schema: &str,
    version: Option<&str>,
    source: &str,
) -> Extension {
    Extension {
        name: name.to_string(),
        schema: schema.to_string(),
        version: version.map(str::to_string),
        origin: Some(Origin::new(source, None, 0, 0)),
    }
}
