//! From the parsed schema to the catalog, the way Prisma Migrate creates the database:
//! its type mapping, its defaults, and its names for keys, indexes and foreign keys
//! (`{table}_pkey`, `{table}_{columns}_key`, `{table}_{columns}_idx`, `{table}_{columns}_fkey`,
//! truncated to PostgreSQL's 63 bytes the way Prisma truncates them).
//!
//! Problems a Prisma validation would refuse (a relation to an unknown model, an unknown type,
//! `fields` naming a missing field) are reported as findings at their line and column; the rest
//! of the schema is still mapped.

use super::ast::{self, Arg, Attribute, Field, Model, ModelKind, Pos, Value};
use super::{ModelMap, RelationMap};
use crate::catalog::types::normalize_type;
use crate::catalog::{
    Catalog, Column, Constraint, ConstraintKind, Expr, FkAction, Index, IndexKey, Knowledge,
    Origin, QualName, Schema, Sequence, Table, TypeDef, TypeKind, TypeView, View,
};
use std::collections::{BTreeMap, HashMap};

/// PostgreSQL's identifier limit (NAMEDATALEN - 1).
const MAX_IDENT: usize = 63;

/// A problem found while mapping: where, and what.
pub struct MapError {
    pub pos: Pos,
    pub message: String,
}

pub struct Mapped {
    pub catalog: Catalog,
    pub models: Vec<ModelMap>,
    pub errors: Vec<MapError>,
    /// Enum fields: (table, column, enum name in Prisma) — for check-enum-mismatch.
    pub enum_columns: Vec<EnumColumn>,
    pub client_defaults: Vec<ClientDefault>,
}

/// A value Prisma Client fills in itself, so the database has no default for it (`uuid()`,
/// `cuid()`, `nanoid()`, `ulid()`, `@updatedAt`). A database default on such a column is not
/// one Prisma Migrate would create, but it does no harm: comparers should grade it low.
#[derive(Clone, Debug)]
pub struct ClientDefault {
    pub table: QualName,
    pub column: String,
    /// `uuid()`, `cuid()`, `nanoid()`, `ulid()` or `@updatedAt`.
    pub generator: String,
    pub origin: Origin,
}

/// A column whose Prisma type is an enum.
#[derive(Clone, Debug)]
pub struct EnumColumn {
    pub table: QualName,
    pub column: String,
    /// The enum's database name and schema.
    pub enum_type: QualName,
    /// Database values (`@map`), in order.
    pub values: Vec<String>,
    /// The same values as Prisma Client names them (`TEAM` for `TEAM @map("team")`).
    pub client_values: Vec<String>,
    pub origin: Origin,
}

/// What Prisma knows: tables, columns, exact types, keys, uniques, indexes, foreign keys with
/// actions and names, enums, the defaults it declares. It knows nothing of policies, RLS,
/// triggers, functions, grants, comments, CHECK constraints or extensions.
pub fn knowledge() -> Knowledge {
    Knowledge {
        indexes: true,
        policies: false,
        rls: false,
        functions: false,
        triggers: false,
        views: true,
        check_constraints: false,
        unique_constraints: true,
        foreign_keys: true,
        defaults: true,
        exact_types: true,
        sequences: true,
        grants: false,
        comments: false,
        extensions: false,
        constraint_names: true,
        fk_actions: true,
        type_modifiers: true,
        primary_keys: true,
        type_view: TypeView::Sql,
        // Prisma speaks of the schemas it maps (its `schemas` list, else the default one)
        all_schemas: false,
        function_details: false,
        view_options: false,
        composite_foreign_keys: true,
    }
}

/// Prisma's constraint and index names: `{table}_{columns}{suffix}`, where the part before
/// the suffix is cut to fit 63 bytes (at a character boundary).
pub fn constraint_name(table: &str, columns: &[&str], suffix: &str) -> String {
    let mut joined = if columns.is_empty() {
        table.to_string()
    } else {
        format!("{}_{}", table, columns.join("_"))
    };
    let limit = MAX_IDENT - suffix.len();
    if joined.len() > limit {
        let mut cut = limit;
        while cut > 0 && !joined.is_char_boundary(cut) {
            cut -= 1;
        }
        joined.truncate(cut);
    }
    format!("{joined}{suffix}")
}

struct Ctx<'a> {
    schema: &'a ast::Schema,
    source_id: &'a str,
    default_schema: String,
    multi_schema: bool,
    relation_mode_prisma: bool,
    errors: Vec<MapError>,
}

impl Ctx<'_> {
    fn origin(&self, pos: Pos) -> Origin {
        Origin::new(
            self.source_id,
            self.schema.files.get(pos.file).map(|f| f.as_str().into()),
            pos.line,
            pos.column,
        )
    }
    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.errors.push(MapError {
            pos,
            message: message.into(),
        });
    }
    fn block_schema(&self, attrs: &[Attribute]) -> String {
        attrs
            .iter()
            .find(|a| a.name == "schema")
            .and_then(|a| a.arg("name", Some(0)))
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| self.default_schema.clone())
    }
    fn model_table(&self, m: &Model) -> QualName {
        let name = mapped_name(&m.attributes, &m.name.name);
        QualName::new(self.block_schema(&m.attributes), name)
    }
    fn enum_type(&self, e: &ast::Enum) -> QualName {
        QualName::new(
            self.block_schema(&e.attributes),
            mapped_name(&e.attributes, &e.name.name),
        )
    }
}

/// `@map("x")` / `@@map("x")`, or the Prisma name.
fn mapped_name(attrs: &[Attribute], default: &str) -> String {
    attrs
        .iter()
        .find(|a| a.name == "map")
        .and_then(|a| a.arg("name", Some(0)))
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| default.to_string())
}

fn column_name(f: &Field) -> String {
    mapped_name(&f.attributes, &f.name.name)
}

/// The `map:` argument of an attribute (the database name of a key, index or foreign key).
fn map_arg(a: &Attribute) -> Option<String> {
    a.arg("map", None)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

const SCALARS: &[&str] = &[
    "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
];

fn scalar_sql_type(name: &str) -> Option<&'static str> {
    Some(match name {
        "String" => "text",
        "Boolean" => "boolean",
        "Int" => "integer",
        "BigInt" => "bigint",
        "Float" => "double precision",
        "Decimal" => "numeric(65,30)",
        "DateTime" => "timestamp(3) without time zone",
        "Json" => "jsonb",
        "Bytes" => "bytea",
        _ => return None,
    })
}

/// `@db.X(args)` → the PostgreSQL type as Prisma writes it in the migration.
fn native_sql_type(attr: &Attribute) -> Option<String> {
    let native = attr.name.strip_prefix("db.")?;
    let nums: Vec<String> = attr
        .args
        .iter()
        .filter_map(|a| match &a.value {
            Value::Num(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    let with = |base: &str| {
        if nums.is_empty() {
            base.to_string()
        } else {
            format!("{}({})", base, nums.join(","))
        }
    };
    let time = |base: &str, tz: bool| {
        let z = if tz { "with" } else { "without" };
        if nums.is_empty() {
            format!("{base} {z} time zone")
        } else {
            format!("{base}({}) {z} time zone", nums.join(","))
        }
    };
    Some(match native {
        "Text" => "text".into(),
        "Char" => with("character"),
        "VarChar" => with("character varying"),
        "Bit" => with("bit"),
        "VarBit" => with("bit varying"),
        "Uuid" => "uuid".into(),
        "Xml" => "xml".into(),
        "Inet" => "inet".into(),
        "Citext" => "citext".into(),
        "Boolean" => "boolean".into(),
        "Integer" => "integer".into(),
        "SmallInt" => "smallint".into(),
        "BigInt" => "bigint".into(),
        "Oid" => "oid".into(),
        "DoublePrecision" => "double precision".into(),
        "Real" => "real".into(),
        "Decimal" => with("numeric"),
        "Money" => "money".into(),
        "Timestamp" => time("timestamp", false),
        "Timestamptz" => time("timestamp", true),
        "Date" => "date".into(),
        "Time" => time("time", false),
        "Timetz" => time("time", true),
        "Json" => "json".into(),
        "JsonB" => "jsonb".into(),
        "ByteA" => "bytea".into(),
        _ => return None,
    })
}

/// SQL text of a literal default, as Prisma writes it in `DEFAULT …`.
fn literal_sql(v: &Value, scalar: &str, enum_values: Option<&ast::Enum>) -> Option<String> {
    Some(match v {
        Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Num(n) => n.clone(),
        Value::Name(n) if n == "true" || n == "false" => n.clone(),
        Value::Name(n) => {
            // an enum value: its database name
            let e = enum_values?;
            let ev = e.values.iter().find(|x| &x.name.name == n)?;
            let db = mapped_name(&ev.attributes, n);
            let _ = scalar;
            format!("'{}'", db.replace('\'', "''"))
        }
        _ => return None,
    })
}

struct FieldInfo {
    column: String,
    data_type: String,
}

pub fn map(schema: &ast::Schema, source_id: &str) -> Mapped {
    let ds = schema.datasource();
    let schemas_list: Vec<String> = ds
        .and_then(|d| d.prop("schemas"))
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let relation_mode_prisma = ds
        .and_then(|d| {
            d.prop("relationMode")
                .or_else(|| d.prop("referentialIntegrity"))
        })
        .and_then(|v| v.as_str())
        == Some("prisma");
    let mut ctx = Ctx {
        schema,
        source_id,
        default_schema: "public".into(),
        multi_schema: !schemas_list.is_empty(),
        relation_mode_prisma,
        errors: Vec::new(),
    };
    if let Some(d) = ds
        && let Some(p) = d.prop("provider").and_then(|v| v.as_str())
        && !matches!(p, "postgresql" | "postgres" | "cockroachdb")
    {
        let pos = d.name.pos;
        ctx.error(
            pos,
            format!("the datasource provider is {p}: only PostgreSQL schemas are mapped"),
        );
    }
    let mut cat = Catalog::with_knowledge(knowledge());
    cat.ensure_schema("public");
    for s in &schemas_list {
        let sc = cat.ensure_schema(s);
        // Prisma Migrate writes CREATE SCHEMA IF NOT EXISTS for every listed schema
        if s != "public" {
            sc.created_by_source = true;
        }
    }

    // enums
    let mut enum_types: BTreeMap<String, QualName> = BTreeMap::new();
    for e in &schema.enums {
        let qn = ctx.enum_type(e);
        if ctx.multi_schema
            && e.attr("schema").is_none()
            && !schemas_list.iter().any(|s| s == &qn.schema)
        {
            ctx.error(e.name.pos, format!("enum {} has no @@schema", e.name.name));
        }
        enum_types.insert(e.name.name.clone(), qn.clone());
        let labels = e
            .values
            .iter()
            .map(|v| mapped_name(&v.attributes, &v.name.name))
            .collect();
        let origin = ctx.origin(e.name.pos);
        cat.ensure_schema(&qn.schema).types.insert(
            qn.name.clone(),
            TypeDef {
                schema: qn.schema.clone(),
                name: qn.name.clone(),
                kind: TypeKind::Enum { labels },
                comment: None,
                origin: Some(origin),
            },
        );
    }

    let mut models_out = Vec::new();
    let mut enum_columns = Vec::new();
    let mut client_defaults = Vec::new();
    // (model name, field name) -> column info
    let mut infos: BTreeMap<(String, String), FieldInfo> = BTreeMap::new();

    for m in schema.models.iter().filter(|m| m.kind != ModelKind::Type) {
        let table = ctx.model_table(m);
        let mut columns = Vec::new();
        let mut map = ModelMap {
            model: m.name.name.clone(),
            table: table.clone(),
            is_view: m.kind == ModelKind::View,
            fields: Vec::new(),
            relations: Vec::new(),
        };
        for f in &m.fields {
            let tname = f.ty.name.as_str();
            let is_scalar = SCALARS.contains(&tname) || tname == "Unsupported";
            let is_enum = enum_types.contains_key(tname);
            if !is_scalar && !is_enum {
                if schema.model(tname).is_some() {
                    map.relations.push(RelationMap {
                        field: f.name.name.clone(),
                        target: tname.to_string(),
                        list: f.ty.list,
                    });
                } else if schema.models.iter().any(|x| x.name.name == tname) {
                    // a composite `type`: MongoDB only
                    ctx.error(
                        f.ty.pos,
                        format!("composite type {tname} is not supported on PostgreSQL"),
                    );
                } else {
                    ctx.error(
                        f.ty.pos,
                        format!(
                            "type {tname} of field {}.{} is neither a scalar, an enum nor a model",
                            m.name.name, f.name.name
                        ),
                    );
                }
                continue;
            }
            let col_name = column_name(f);
            let native = f.attributes.iter().find(|a| a.name.starts_with("db."));
            let mut data_type = if let Some(u) = &f.ty.unsupported {
                normalize_type(u)
            } else if is_enum {
                enum_types[tname].to_string()
            } else if let Some(n) = native {
                match native_sql_type(n) {
                    Some(t) => normalize_type(&t),
                    None => {
                        ctx.error(n.pos, format!("unknown native type @{}", n.name));
                        normalize_type(scalar_sql_type(tname).unwrap_or("text"))
                    }
                }
            } else {
                normalize_type(scalar_sql_type(tname).unwrap_or("text"))
            };
            if f.ty.list && !data_type.ends_with("[]") {
                data_type.push_str("[]");
            }
            let mut col = Column {
                name: col_name.clone(),
                data_type: data_type.clone(),
                // scalar lists are created nullable by Prisma Migrate
                not_null: !f.ty.optional && !f.ty.list,
                origin: Some(ctx.origin(f.name.pos)),
                ..Column::default()
            };
            if let Some(d) = f.attr("default") {
                match d.arg("value", Some(0)) {
                    Some(Value::Call(name, args)) => match name.as_str() {
                        "now" => col.default = Some(Expr::new("CURRENT_TIMESTAMP")),
                        "autoincrement" => {
                            let base = match data_type.as_str() {
                                "bigint" => "bigint",
                                "smallint" => "smallint",
                                _ => "integer",
                            };
                            col.data_type = base.to_string();
                            col.not_null = true;
                            let seq = serial_sequence_name(&table.name, &col_name);
                            let seq_ref = if table.schema == "public" {
                                seq.clone()
                            } else {
                                format!("{}.{}", table.schema, seq)
                            };
                            col.default = Some(Expr::new(&format!(
                                "nextval('{}'::regclass)",
                                seq_ref.replace('\'', "''")
                            )));
                            if m.kind == ModelKind::Model {
                                cat.ensure_schema(&table.schema).sequences.insert(
                                    seq.clone(),
                                    Sequence {
                                        schema: table.schema.clone(),
                                        name: seq,
                                        data_type: base.to_string(),
                                        start: 1,
                                        increment: 1,
                                        min_value: 1,
                                        max_value: match base {
                                            "smallint" => i16::MAX as i64,
                                            "integer" => i32::MAX as i64,
                                            _ => i64::MAX,
                                        },
                                        cache: 1,
                                        cycle: false,
                                        owned_by: Some((table.clone(), col_name.clone())),
                                        origin: col.origin.clone(),
                                    },
                                );
                            }
                        }
                        "dbgenerated" => {
                            if let Some(Value::Str(s)) = args.first().map(|a| &a.value) {
                                col.default = Some(Expr::new(s));
                            }
                        }
                        // uuid(), cuid(), nanoid(), ulid(): generated by the client
                        other @ ("uuid" | "cuid" | "nanoid" | "ulid") => {
                            client_defaults.push(ClientDefault {
                                table: table.clone(),
                                column: col_name.clone(),
                                generator: format!("{other}()"),
                                origin: ctx.origin(d.pos),
                            })
                        }
                        _ => {}
                    },
                    Some(Value::Array(items)) => {
                        let parts: Option<Vec<String>> = items
                            .iter()
                            .map(|v| literal_sql(v, tname, schema.enum_named(tname)))
                            .collect();
                        if let Some(parts) = parts {
                            let elem = data_type.trim_end_matches("[]");
                            let cast = if is_enum {
                                let q = &enum_types[tname];
                                format!(
                                    "{}.{}[]",
                                    crate::catalog::quote_ident(&q.schema),
                                    crate::catalog::quote_ident(&q.name)
                                )
                            } else {
                                format!("{elem}[]")
                            };
                            col.default =
                                Some(Expr::new(&format!("ARRAY[{}]::{}", parts.join(", "), cast)));
                        }
                    }
                    Some(v) => {
                        if let Some(sql) = literal_sql(v, tname, schema.enum_named(tname)) {
                            col.default = Some(Expr::new(&sql));
                        } else {
                            ctx.error(d.pos, "this default value cannot be read");
                        }
                    }
                    None => ctx.error(d.pos, "@default needs a value"),
                }
            }
            if let Some(u) = f.attr("updatedAt") {
                client_defaults.push(ClientDefault {
                    table: table.clone(),
                    column: col_name.clone(),
                    generator: "@updatedAt".into(),
                    origin: ctx.origin(u.pos),
                });
            }
            if is_enum {
                let e = schema.enum_named(tname);
                enum_columns.push(EnumColumn {
                    table: table.clone(),
                    column: col_name.clone(),
                    enum_type: enum_types[tname].clone(),
                    values: e
                        .map(|e| {
                            e.values
                                .iter()
                                .map(|v| mapped_name(&v.attributes, &v.name.name))
                                .collect()
                        })
                        .unwrap_or_default(),
                    client_values: e
                        .map(|e| e.values.iter().map(|v| v.name.name.clone()).collect())
                        .unwrap_or_default(),
                    origin: ctx.origin(f.name.pos),
                });
            }
            infos.insert(
                (m.name.name.clone(), f.name.name.clone()),
                FieldInfo {
                    column: col_name.clone(),
                    data_type: col.data_type.clone(),
                },
            );
            map.fields.push((f.name.name.clone(), col_name));
            columns.push(col);
        }
        if ctx.multi_schema
            && m.attr("schema").is_none()
            && !schemas_list.iter().any(|s| s == &table.schema)
        {
            ctx.error(m.name.pos, format!("model {} has no @@schema", m.name.name));
        }
        let origin = ctx.origin(m.name.pos);
        if m.kind == ModelKind::View {
            cat.ensure_schema(&table.schema).views.insert(
                table.name.clone(),
                View {
                    schema: table.schema.clone(),
                    name: table.name.clone(),
                    materialized: false,
                    // Prisma knows a view's columns, not its query: the definition is unknown
                    definition: Expr {
                        sql: String::new(),
                        normalized: String::new(),
                    },
                    columns,
                    security_invoker: false,
                    security_barrier: false,
                    check_option: None,
                    references: Default::default(),
                    indexes: Vec::new(),
                    grants: Vec::new(),
                    comment: None,
                    origin: Some(origin),
                },
            );
        } else {
            cat.ensure_schema(&table.schema).tables.insert(
                table.name.clone(),
                Table {
                    schema: table.schema.clone(),
                    name: table.name.clone(),
                    columns,
                    origin: Some(origin),
                    ..Table::default()
                },
            );
        }
        models_out.push(map);
    }

    // keys, uniques, indexes, foreign keys (they need every model's columns)
    let col_of = |infos: &BTreeMap<(String, String), FieldInfo>, model: &str, field: &str| {
        infos
            .get(&(model.to_string(), field.to_string()))
            .map(|i| i.column.clone())
    };
    for m in schema.models.iter().filter(|m| m.kind == ModelKind::Model) {
        let table = ctx.model_table(m);
        let mut constraints = Vec::new();
        let mut indexes = Vec::new();
        // primary key
        let field_id = m.fields.iter().find(|f| f.attr("id").is_some());
        let block_id = m.attr("id");
        let pk: Option<(Vec<String>, Option<String>, Pos)> = if let Some(f) = field_id {
            let a = f.attr("id");
            Some((
                vec![column_name(f)],
                a.and_then(map_arg),
                a.map(|a| a.pos).unwrap_or(f.name.pos),
            ))
        } else if let Some(a) = block_id {
            let cols = field_list(&mut ctx, a, m, &infos);
            Some((
                cols.into_iter().map(|k| k.expr).collect(),
                map_arg(a),
                a.pos,
            ))
        } else {
            None
        };
        if let Some((cols, name, pos)) = pk {
            let name = name.unwrap_or_else(|| constraint_name(&table.name, &[], "_pkey"));
            constraints.push(Constraint {
                name,
                kind: ConstraintKind::PrimaryKey { columns: cols },
                deferrable: false,
                initially_deferred: false,
                not_valid: false,
                origin: Some(ctx.origin(pos)),
            });
        }
        // uniques: Prisma creates them as unique indexes
        for f in &m.fields {
            if let Some(a) = f.attr("unique") {
                let col = column_name(f);
                let name = map_arg(a)
                    .unwrap_or_else(|| constraint_name(&table.name, &[col.as_str()], "_key"));
                let mut key = plain_key(&col);
                apply_key_args(&mut key, a);
                indexes.push(Index {
                    name,
                    unique: true,
                    nulls_not_distinct: false,
                    method: "btree".into(),
                    keys: vec![key],
                    include: Vec::new(),
                    predicate: None,
                    origin: Some(ctx.origin(a.pos)),
                });
            }
        }
        for a in m.attributes.iter() {
            let (unique, suffix) = match a.name.as_str() {
                "unique" => (true, "_key"),
                "index" => (false, "_idx"),
                _ => continue,
            };
            let keys = field_list(&mut ctx, a, m, &infos);
            if keys.is_empty() {
                continue;
            }
            let cols: Vec<&str> = keys.iter().map(|k| k.expr.as_str()).collect();
            let name = map_arg(a).unwrap_or_else(|| constraint_name(&table.name, &cols, suffix));
            let method = match a.arg("type", None).and_then(|v| v.as_name()) {
                Some("Hash") => "hash",
                Some("Gin") => "gin",
                Some("Gist") => "gist",
                Some("Brin") => "brin",
                Some("SpGist") => "spgist",
                _ => "btree",
            };
            indexes.push(Index {
                name,
                unique,
                nulls_not_distinct: false,
                method: method.into(),
                keys,
                include: Vec::new(),
                predicate: None,
                origin: Some(ctx.origin(a.pos)),
            });
        }
        // foreign keys
        for f in &m.fields {
            let Some(rel) = f.attr("relation") else {
                continue;
            };
            let Some(fields) = rel.arg("fields", None).and_then(|v| v.as_array()) else {
                continue;
            };
            let Some(target) = schema.model(&f.ty.name) else {
                continue;
            };
            let refs = rel
                .arg("references", None)
                .and_then(|v| v.as_array())
                .unwrap_or(&[]);
            let mut cols = Vec::new();
            let mut all_required = true;
            for v in fields {
                let n = value_field_name(v);
                match col_of(&infos, &m.name.name, n) {
                    Some(c) => {
                        if m.field(n).is_some_and(|x| x.ty.optional) {
                            all_required = false;
                        }
                        cols.push(c)
                    }
                    None => ctx.error(
                        rel.pos,
                        format!(
                            "relation field {}: {} is not a scalar field of {}",
                            f.name.name, n, m.name.name
                        ),
                    ),
                }
            }
            let mut ref_cols = Vec::new();
            for v in refs {
                let n = value_field_name(v);
                match col_of(&infos, &target.name.name, n) {
                    Some(c) => ref_cols.push(c),
                    None => ctx.error(
                        rel.pos,
                        format!(
                            "relation field {}: {} is not a scalar field of {}",
                            f.name.name, n, target.name.name
                        ),
                    ),
                }
            }
            if cols.is_empty() || cols.len() != ref_cols.len() || ctx.relation_mode_prisma {
                continue;
            }
            let action = |v: Option<&Value>, default: FkAction| match v.and_then(|v| v.as_name()) {
                Some("Cascade") => FkAction::Cascade,
                Some("Restrict") => FkAction::Restrict,
                Some("NoAction") => FkAction::NoAction,
                Some("SetNull") => FkAction::SetNull,
                Some("SetDefault") => FkAction::SetDefault,
                _ => default,
            };
            let on_delete = action(
                rel.arg("onDelete", None),
                if all_required && !f.ty.optional {
                    FkAction::Restrict
                } else {
                    FkAction::SetNull
                },
            );
            let on_update = action(rel.arg("onUpdate", None), FkAction::Cascade);
            let refs_str: Vec<&str> = cols.iter().map(String::as_str).collect();
            let name =
                map_arg(rel).unwrap_or_else(|| constraint_name(&table.name, &refs_str, "_fkey"));
            constraints.push(Constraint {
                name,
                kind: ConstraintKind::ForeignKey {
                    columns: cols,
                    ref_table: ctx.model_table(target),
                    ref_columns: ref_cols,
                    on_delete,
                    on_update,
                    match_full: false,
                },
                deferrable: false,
                initially_deferred: false,
                not_valid: false,
                origin: Some(ctx.origin(rel.pos)),
            });
        }
        if let Some(t) = cat.table_mut(&table) {
            t.constraints = constraints;
            t.indexes = indexes;
        }
    }

    implicit_many_to_many(&mut ctx, &mut cat, &infos);

    Mapped {
        catalog: cat,
        models: models_out,
        errors: ctx.errors,
        enum_columns,
        client_defaults,
    }
}

fn value_field_name(v: &Value) -> &str {
    match v {
        Value::Name(n) => n,
        Value::Call(n, _) => n,
        Value::Str(s) => s,
        _ => "",
    }
}

fn plain_key(col: &str) -> IndexKey {
    IndexKey {
        expr: col.to_string(),
        is_expression: false,
        opclass: None,
        collation: None,
        descending: false,
        nulls_first: None,
    }
}

/// `sort: Desc` and `ops: …` of a key (`@unique(sort: Desc)`, `@@index([a(sort: Desc)])`).
fn apply_key_args(key: &mut IndexKey, a: &Attribute) {
    apply_key_arg_list(key, &a.args);
}

fn apply_key_arg_list(key: &mut IndexKey, args: &[Arg]) {
    for arg in args {
        match (arg.name.as_deref(), &arg.value) {
            (Some("sort"), Value::Name(s)) => key.descending = s == "Desc",
            (Some("ops"), Value::Name(op)) => key.opclass = Some(opclass_name(op)),
            (Some("ops"), Value::Call(f, inner)) if f == "raw" => {
                if let Some(Value::Str(s)) = inner.first().map(|a| &a.value) {
                    key.opclass = Some(s.to_ascii_lowercase());
                }
            }
            _ => {}
        }
    }
}

/// Prisma's operator class names (`JsonbPathOps`) → PostgreSQL's (`jsonb_path_ops`).
fn opclass_name(op: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = op.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0 && !chars[i - 1].is_ascii_uppercase();
            let prev_upper_next_lower = i > 0
                && chars[i - 1].is_ascii_uppercase()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev_lower || prev_upper_next_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

/// The key list of `@@id`/`@@unique`/`@@index`: `fields: [a, b(sort: Desc)]` or positional.
fn field_list(
    ctx: &mut Ctx,
    a: &Attribute,
    m: &Model,
    infos: &BTreeMap<(String, String), FieldInfo>,
) -> Vec<IndexKey> {
    let Some(list) = a.arg("fields", Some(0)).and_then(|v| v.as_array()) else {
        ctx.error(a.pos, format!("@@{} needs a list of fields", a.name));
        return Vec::new();
    };
    let mut keys = Vec::new();
    for v in list {
        let (name, args) = match v {
            Value::Name(n) => (n.as_str(), &[][..]),
            Value::Call(n, args) => (n.as_str(), &args[..]),
            _ => {
                ctx.error(a.pos, format!("@@{}: a field name was expected", a.name));
                continue;
            }
        };
        match infos.get(&(m.name.name.clone(), name.to_string())) {
            Some(info) => {
                let mut k = plain_key(&info.column);
                apply_key_arg_list(&mut k, args);
                keys.push(k);
            }
            None => ctx.error(
                a.pos,
                format!(
                    "@@{}: {} is not a scalar field of {}",
                    a.name, name, m.name.name
                ),
            ),
        }
    }
    keys
}

/// Implicit many-to-many relations: two list relation fields without `fields`, one on each
/// side. Prisma creates `_{relation}` (default relation name `{A}To{B}`, models in name order)
/// with columns "A" and "B" referencing the two models' ids, the primary key `_{rel}_AB_pkey`,
/// the index `_{rel}_B_index`, and foreign keys `_{rel}_A_fkey` / `_{rel}_B_fkey` cascading.
fn implicit_many_to_many(
    ctx: &mut Ctx,
    cat: &mut Catalog,
    infos: &BTreeMap<(String, String), FieldInfo>,
) {
    struct Side<'a> {
        model: &'a Model,
        field: &'a Field,
        relation: String,
    }
    let schema = ctx.schema;
    let mut sides: Vec<Side> = Vec::new();
    let relation_name = |f: &Field| {
        f.attr("relation")
            .and_then(|r| r.arg("name", Some(0)))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    // list fields by (model, type, relation name): the other side of each one is a lookup,
    // not a scan of the target's fields (a model with 60,000 such fields stays linear)
    let mut lists: HashMap<(&str, &str, Option<String>), usize> = HashMap::new();
    for m in &schema.models {
        for g in m.fields.iter().filter(|g| g.ty.list) {
            *lists
                .entry((m.name.name.as_str(), g.ty.name.as_str(), relation_name(g)))
                .or_default() += 1;
        }
    }
    for m in schema.models.iter().filter(|m| m.kind == ModelKind::Model) {
        for f in &m.fields {
            let Some(target) = schema.model(&f.ty.name) else {
                continue;
            };
            if !f.ty.list || target.kind != ModelKind::Model {
                continue;
            }
            let rel = f.attr("relation");
            if rel.is_some_and(|r| r.arg("fields", None).is_some()) {
                continue;
            }
            // the other side must be a list too (otherwise it is one-to-many)
            let rel_name = rel
                .and_then(|r| r.arg("name", Some(0)))
                .and_then(|v| v.as_str())
                .map(str::to_string);
            let key = (
                target.name.name.as_str(),
                m.name.name.as_str(),
                rel_name.clone(),
            );
            // f itself is counted when the relation is on its own model
            let own = usize::from(std::ptr::eq(target, m));
            if lists.get(&key).copied().unwrap_or(0) <= own {
                continue;
            }
            let (a, b) = if m.name.name <= target.name.name {
                (&m.name.name, &target.name.name)
            } else {
                (&target.name.name, &m.name.name)
            };
            sides.push(Side {
                model: m,
                field: f,
                relation: rel_name.unwrap_or_else(|| format!("{a}To{b}")),
            });
        }
    }
    let mut done = std::collections::BTreeSet::new();
    for s in &sides {
        if !done.insert(s.relation.clone()) {
            continue;
        }
        let Some(target) = schema.model(&s.field.ty.name) else {
            continue;
        };
        let (ma, mb) = if s.model.name.name <= target.name.name {
            (s.model, target)
        } else {
            (target, s.model)
        };
        let id_col = |ctx: &mut Ctx, m: &Model| -> Option<(String, String)> {
            let f = m.fields.iter().find(|f| f.attr("id").is_some());
            match f {
                Some(f) => infos
                    .get(&(m.name.name.clone(), f.name.name.clone()))
                    .map(|i| (i.column.clone(), i.data_type.clone())),
                None => {
                    ctx.error(
                        s.field.name.pos,
                        format!(
                            "implicit many-to-many relation {}: model {} needs a single-field @id",
                            s.relation, m.name.name
                        ),
                    );
                    None
                }
            }
        };
        let (Some((a_col, a_type)), Some((b_col, b_type))) = (id_col(ctx, ma), id_col(ctx, mb))
        else {
            continue;
        };
        let ta = ctx.model_table(ma);
        let tb = ctx.model_table(mb);
        let name = format!("_{}", s.relation);
        let origin = ctx.origin(s.field.name.pos);
        let col = |n: &str, t: &str| Column {
            name: n.into(),
            data_type: t.into(),
            not_null: true,
            origin: Some(origin.clone()),
            ..Column::default()
        };
        let fk = |c: &str, target: &QualName, tc: &str| Constraint {
            name: constraint_name(&name, &[c], "_fkey"),
            kind: ConstraintKind::ForeignKey {
                columns: vec![c.into()],
                ref_table: target.clone(),
                ref_columns: vec![tc.into()],
                on_delete: FkAction::Cascade,
                on_update: FkAction::Cascade,
                match_full: false,
            },
            deferrable: false,
            initially_deferred: false,
            not_valid: false,
            origin: Some(origin.clone()),
        };
        let table = Table {
            schema: ta.schema.clone(),
            name: name.clone(),
            columns: vec![col("A", &a_type), col("B", &b_type)],
            constraints: vec![
                Constraint {
                    name: constraint_name(&name, &["AB"], "_pkey"),
                    kind: ConstraintKind::PrimaryKey {
                        columns: vec!["A".into(), "B".into()],
                    },
                    deferrable: false,
                    initially_deferred: false,
                    not_valid: false,
                    origin: Some(origin.clone()),
                },
                fk("A", &ta, &a_col),
                fk("B", &tb, &b_col),
            ],
            indexes: vec![Index {
                name: constraint_name(&name, &["B"], "_index"),
                unique: false,
                nulls_not_distinct: false,
                method: "btree".into(),
                keys: vec![plain_key("B")],
                include: Vec::new(),
                predicate: None,
                origin: Some(origin.clone()),
            }],
            origin: Some(origin.clone()),
            ..Table::default()
        };
        let sc: &mut Schema = cat.ensure_schema(&ta.schema);
        sc.tables.insert(name, table);
    }
}

/// The sequence PostgreSQL creates for a serial column: `{table}_{column}_seq`, the longer of
/// the two names shortened first to fit 63 bytes (PostgreSQL's makeObjectName).
fn serial_sequence_name(table: &str, column: &str) -> String {
    let avail = MAX_IDENT - "seq".len() - 2;
    let (mut l1, mut l2) = (table.len(), column.len());
    while l1 + l2 > avail {
        if l1 > l2 {
            l1 -= 1;
        } else {
            l2 -= 1;
        }
    }
    let cut = |s: &str, n: usize| -> String {
        let mut n = n.min(s.len());
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s[..n].to_string()
    };
    format!("{}_{}_seq", cut(table, l1), cut(column, l2))
}
