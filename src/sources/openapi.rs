//! The PostgREST OpenAPI (Swagger 2.0) document as a source: tables, views and columns.
//!
//! What PostgREST writes (its generator, `src/PostgREST/Response/OpenAPI.hs`, and the schema
//! cache query it reads from), and so what this source can know:
//!
//! - `definitions` has one entry per table, view, materialized view and foreign table of the
//!   exposed schema, with nothing that tells them apart. They are all read as **tables**, and
//!   [`Knowledge::views`] is false: a comparer must accept a view on the other side for one.
//! - `properties` are the columns in order. `format` is the PostgreSQL type:
//!   `format_type(type, NULL)` for built-in types (no modifiers: `character varying`,
//!   `numeric`, `timestamp with time zone`; `int32` for smallint and integer, `int64` for
//!   bigint) and `format_type(type, typmod)` for user types (enums: `mood` or `public.mood`);
//!   domains over built-in types show their base type. `maxLength` is the length of
//!   `character varying(n)` / `character(n)`. `enum` lists an enum type's labels.
//!   So the type's family and name are exact, but modifiers other than lengths are not
//!   given (numeric precision, timestamp precision), and `int32` may be a smallint.
//! - `required` lists the NOT NULL columns (view columns are never NOT NULL).
//! - `default` is the column default when it could be shown: for string-typed columns
//!   PostgREST strips `::type` and the quotes of a literal (`'active'::text` → `"active"`),
//!   and passes expressions through as text (`"now()"`); for other types the default text must
//!   be a JSON value (`0`, `true`), so `nextval(…)`, `'{}'::jsonb` and most expressions are not
//!   shown. Defaults are therefore known only where given ([`Knowledge::defaults`] false).
//! - A column's `description` is its comment, followed by `Note:` lines: `<pk/>` for primary
//!   key columns and `<fk table='x' column='y'/>` for single-column foreign keys (the target
//!   table's schema and the constraint's name and actions are not given: the target is kept
//!   unqualified, its schema unknown, since `users` may be auth.users even where the document
//!   has a users table; composite foreign keys are not shown at all,
//!   [`Knowledge::composite_foreign_keys`] false).
//!   Constraint names here are PostgreSQL's defaults, invented
//!   ([`Knowledge::constraint_names`] false).
//! - Only the document's schema is described ([`Knowledge::all_schemas`] false), and types
//!   are PostgREST's names ([`TypeView::Postgrest`]): a domain over a built-in type is shown
//!   as its base type.
//!
//! - `/rpc/{name}` paths are the functions callable through the API; the POST body schema
//!   names their arguments (types from `format`; an argument not `required` has a default).
//!   They are read as functions with an unknown return type and body, but
//!   [`Knowledge::functions`] stays false: functions the API role cannot call, or whose
//!   arguments PostgREST cannot express, are not listed, so an absent function is unknown.
//!
//! Indexes, CHECK and UNIQUE constraints, policies, RLS, triggers, grants, functions' bodies,
//! sequences and constraint names are unknown, never missing.

use crate::catalog::types::normalize_type;
use crate::catalog::{
    ArgMode, Catalog, Column, Constraint, ConstraintKind, Expr, FkAction, Function, FunctionArg,
    Knowledge, Origin, QualName, Table, TypeDef, TypeKind, TypeView, Volatility,
};
use crate::report::SourceInfo;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::path::Path;

/// A JSON object read in document order (serde_json's map would sort it).
#[derive(Debug, Default)]
struct Ordered<T>(Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some((k, val)) = m.next_entry::<String, T>()? {
                    v.push((k, val));
                }
                Ok(Ordered(v))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
struct Doc {
    swagger: Option<String>,
    openapi: Option<String>,
    #[serde(default)]
    definitions: Option<Ordered<Definition>>,
}

/// The paths, read apart so that a path of an unexpected shape loses the functions only.
#[derive(Deserialize)]
struct DocPaths {
    #[serde(default)]
    paths: Option<Ordered<PathItem>>,
}

#[derive(Deserialize, Default)]
struct PathItem {
    post: Option<Operation>,
}

#[derive(Deserialize, Default)]
struct Operation {
    #[serde(default)]
    parameters: Vec<Parameter>,
}

#[derive(Deserialize, Default)]
struct Parameter {
    #[serde(rename = "in")]
    location: Option<String>,
    schema: Option<BodySchema>,
}

#[derive(Deserialize, Default)]
struct BodySchema {
    #[serde(default)]
    required: Vec<String>,
    properties: Option<Ordered<Property>>,
}

#[derive(Deserialize, Default)]
struct Definition {
    #[serde(default)]
    required: Vec<String>,
    #[serde(default)]
    properties: Option<Ordered<Property>>,
    description: Option<String>,
}

#[derive(Deserialize, Default)]
struct Property {
    format: Option<String>,
    #[serde(rename = "type")]
    ty: Option<String>,
    default: Option<Value>,
    description: Option<String>,
    #[serde(rename = "maxLength")]
    max_length: Option<u64>,
    #[serde(rename = "enum")]
    enum_values: Option<Vec<Value>>,
}

/// What the document knows (see the module documentation).
pub fn knowledge() -> Knowledge {
    Knowledge {
        indexes: false,
        policies: false,
        rls: false,
        functions: false,
        triggers: false,
        views: false,
        check_constraints: false,
        unique_constraints: false,
        foreign_keys: true,
        defaults: false,
        exact_types: true,
        sequences: false,
        grants: false,
        comments: true,
        extensions: false,
        constraint_names: false,
        fk_actions: false,
        type_modifiers: false,
        primary_keys: true,
        type_view: TypeView::Postgrest,
        all_schemas: false,
        function_details: false,
        view_options: false,
        composite_foreign_keys: false,
    }
}

/// Loads a PostgREST OpenAPI document describing the `public` schema.
pub fn load(path: &Path, source_id: &str) -> Result<(Catalog, SourceInfo), String> {
    load_schema(path, source_id, "public")
}

/// Loads a PostgREST OpenAPI document describing `schema` (PostgREST serves one schema per
/// document: the first of `db-schemas`, or the one asked for with `Accept-Profile`).
pub fn load_schema(
    path: &Path,
    source_id: &str,
    schema: &str,
) -> Result<(Catalog, SourceInfo), String> {
    let bytes = crate::sources::fsread::read(path).map_err(|e| e.message(path))?;
    let text = crate::sources::fsread::decode_text(bytes)
        .map_err(|_| format!("{} is not UTF-8 or UTF-16 text", path.display()))?;
    let display = path.to_string_lossy().replace('\\', "/");
    let catalog = parse(&text, &display, source_id, schema)?;
    let info = SourceInfo {
        id: source_id.to_string(),
        kind: "openapi".into(),
        location: display,
        convention: None,
        objects: catalog.object_count(),
        also_found: Vec::new(),
    };
    Ok((catalog, info))
}

/// Reads the document text into a catalog. `file` names it in origins.
pub fn parse(text: &str, file: &str, source_id: &str, schema: &str) -> Result<Catalog, String> {
    let doc: Doc = serde_json::from_str(text)
        .map_err(|e| format!("{file} is not a JSON OpenAPI document: {e}"))?;
    if doc.swagger.is_none() && doc.openapi.is_none() {
        return Err(format!(
            "{file} is not an OpenAPI document (no `swagger` or `openapi` field)"
        ));
    }
    // PostgREST writes Swagger 2.0; an OpenAPI 3 document has components, not definitions
    if let Some(v) = &doc.openapi
        && !v.starts_with('2')
        && doc.definitions.is_none()
    {
        return Err(format!(
            "{file} is OpenAPI {v}; schemadrift reads the Swagger 2.0 document PostgREST serves"
        ));
    }
    let mut cat = Catalog::with_knowledge(knowledge());
    cat.ensure_schema(schema);
    let lines = LineFinder::new(text);
    let defs = doc.definitions.unwrap_or_default();
    let mut cursor = lines.find_from("\"definitions\"", 0).unwrap_or(0);
    for (tname, def) in &defs.0 {
        let def_at = lines
            .find_from(&format!("\"{}\"", json_escape(tname)), cursor)
            .unwrap_or(cursor);
        cursor = def_at;
        let origin_at = |offset: usize| {
            let (line, column) = lines.position(offset);
            Some(Origin::new(source_id, Some(file.into()), line, column))
        };
        let mut table = Table {
            schema: schema.to_string(),
            name: tname.clone(),
            comment: def.description.clone().filter(|d| !d.is_empty()),
            origin: origin_at(def_at),
            ..Table::default()
        };
        let mut pk = Vec::new();
        let mut prop_cursor = def_at;
        let props = def.properties.as_ref().map(|p| &p.0[..]).unwrap_or(&[]);
        for (cname, p) in props {
            let at = lines
                .find_from(&format!("\"{}\"", json_escape(cname)), prop_cursor)
                .unwrap_or(prop_cursor);
            prop_cursor = at;
            let data_type = column_type(p, schema);
            if let Some(labels) = &p.enum_values {
                let labels: Vec<String> = labels
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                if let Some((s, n)) = data_type.trim_end_matches("[]").split_once('.') {
                    let ty = cat.ensure_schema(s);
                    ty.types.get_or_insert_with(n.to_string(), || TypeDef {
                        schema: s.to_string(),
                        name: n.to_string(),
                        kind: TypeKind::Enum { labels },
                        comment: None,
                        origin: origin_at(at),
                    });
                }
            }
            let (comment, notes) = split_description(p.description.as_deref());
            if notes.pk {
                pk.push(cname.clone());
            }
            if let Some((ft, fc)) = notes.fk {
                // PostgREST names only the table, not its schema: `users` may be this
                // schema's users or auth.users, whether or not the document has a users table.
                // The target is kept unqualified and matched by name when compared.
                table.constraints.push(Constraint {
                    // PostgreSQL's default name; the document does not give it
                    name: crate::sources::prisma::constraint_name(tname, &[cname], "_fkey"),
                    kind: ConstraintKind::ForeignKey {
                        columns: vec![cname.clone()],
                        ref_table: QualName::new("", ft),
                        ref_columns: vec![fc],
                        on_delete: FkAction::NoAction,
                        on_update: FkAction::NoAction,
                        match_full: false,
                    },
                    deferrable: false,
                    initially_deferred: false,
                    not_valid: false,
                    origin: origin_at(at),
                });
            }
            let default = p
                .default
                .as_ref()
                .and_then(|d| default_expr(d, p.ty.as_deref()));
            table.columns.push(Column {
                name: cname.clone(),
                data_type,
                not_null: def.required.iter().any(|r| r == cname),
                default,
                comment,
                origin: origin_at(at),
                ..Column::default()
            });
        }
        if !pk.is_empty() {
            table.constraints.insert(
                0,
                Constraint {
                    name: crate::sources::prisma::constraint_name(tname, &[], "_pkey"),
                    kind: ConstraintKind::PrimaryKey { columns: pk },
                    deferrable: false,
                    initially_deferred: false,
                    not_valid: false,
                    origin: table.origin.clone(),
                },
            );
        }
        cat.ensure_schema(schema)
            .tables
            .insert(tname.clone(), table);
    }
    // functions: `/rpc/{name}` paths, arguments from the POST body schema
    let mut rpc_cursor = 0;
    let paths = serde_json::from_str::<DocPaths>(text)
        .ok()
        .and_then(|d| d.paths)
        .unwrap_or_default();
    for (path, item) in &paths.0 {
        let Some(name) = path.strip_prefix("/rpc/") else {
            continue;
        };
        let at = lines
            .find_from(&format!("\"{}\"", json_escape(path)), rpc_cursor)
            .unwrap_or(rpc_cursor);
        rpc_cursor = at;
        let (line, column) = lines.position(at);
        let body = item
            .post
            .as_ref()
            .and_then(|op| {
                op.parameters
                    .iter()
                    .find(|p| p.location.as_deref() == Some("body"))
            })
            .and_then(|p| p.schema.as_ref());
        let mut args = Vec::new();
        if let Some(b) = body {
            for (arg, p) in b.properties.as_ref().map(|p| &p.0[..]).unwrap_or(&[]) {
                args.push(FunctionArg {
                    name: Some(arg.clone()),
                    mode: ArgMode::In,
                    data_type: column_type(p, schema),
                    // an optional argument has a default; its expression is unknown
                    default: (!b.required.contains(arg)).then(|| Expr {
                        sql: String::new(),
                        normalized: String::new(),
                    }),
                });
            }
        }
        let f = Function {
            schema: schema.to_string(),
            name: name.to_string(),
            is_procedure: false,
            args,
            returns: String::new(),
            language: String::new(),
            volatility: Volatility::Volatile,
            strict: false,
            security_definer: false,
            leakproof: false,
            config: Vec::new(),
            body: String::new(),
            references: Default::default(),
            grants: Vec::new(),
            comment: None,
            origin: Some(Origin::new(source_id, Some(file.into()), line, column)),
        };
        cat.ensure_schema(schema).functions.insert(f.key(), f);
    }
    Ok(cat)
}

fn json_escape(s: &str) -> String {
    serde_json::to_string(s)
        .map(|q| q.trim_matches('"').to_string())
        .unwrap_or_else(|_| s.to_string())
}

/// The column type from `format` (and `maxLength`).
fn column_type(p: &Property, schema: &str) -> String {
    let Some(format) = p.format.as_deref() else {
        return match p.ty.as_deref() {
            Some("boolean") => "boolean".into(),
            Some("integer") => "integer".into(),
            Some("number") => "numeric".into(),
            _ => "text".into(),
        };
    };
    let (base, array) = match format.strip_suffix("[]") {
        Some(b) => (b, "[]"),
        None => (format, ""),
    };
    let t = match base {
        "int32" => "integer".to_string(),
        "int64" => "bigint".to_string(),
        "character varying" | "character" => match p.max_length {
            Some(n) => normalize_type(&format!("{base}({n})")),
            None => normalize_type(base),
        },
        other => {
            let n = normalize_type(other);
            if is_builtin(&n) || n.contains('.') {
                n
            } else {
                // a user type printed without its schema: it is on the search path, in the
                // exposed schema
                format!("{schema}.{}", n.trim_matches('"'))
            }
        }
    };
    format!("{t}{array}")
}

fn is_builtin(normalized: &str) -> bool {
    // normalize_type leaves unknown names folded as written; built-in names come back as
    // format_type spells them
    let b = crate::catalog::types::base_type(normalized);
    matches!(
        b,
        "smallint"
            | "integer"
            | "bigint"
            | "numeric"
            | "real"
            | "double precision"
            | "money"
            | "text"
            | "character varying"
            | "character"
            | "\"char\""
            | "name"
            | "boolean"
            | "bytea"
            | "date"
            | "interval"
            | "json"
            | "jsonb"
            | "uuid"
            | "xml"
            | "inet"
            | "cidr"
            | "macaddr"
            | "macaddr8"
            | "bit"
            | "bit varying"
            | "point"
            | "line"
            | "lseg"
            | "box"
            | "path"
            | "polygon"
            | "circle"
            | "tsvector"
            | "tsquery"
            | "oid"
            | "regclass"
            | "int4range"
            | "int8range"
            | "numrange"
            | "tsrange"
            | "tstzrange"
            | "daterange"
            | "jsonpath"
            | "txid_snapshot"
            | "pg_lsn"
    ) || b.starts_with("timestamp")
        || b.starts_with("time ")
        || b.starts_with("time(")
}

/// The default as SQL, from what PostgREST shows (see the module documentation).
fn default_expr(v: &Value, swagger_type: Option<&str>) -> Option<Expr> {
    match v {
        Value::Bool(b) => Some(Expr::new(if *b { "true" } else { "false" })),
        Value::Number(n) => Some(Expr::new(&n.to_string())),
        Value::String(s) => {
            let string_typed = !matches!(
                swagger_type,
                Some("integer" | "number" | "boolean" | "array")
            );
            if !string_typed || looks_like_expression(s) {
                Some(Expr::new(s))
            } else {
                // a literal whose quotes and cast PostgREST stripped; inner quotes are still
                // doubled
                Some(Expr::new(&format!("'{s}'")))
            }
        }
        _ => None,
    }
}

fn looks_like_expression(s: &str) -> bool {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    (t.ends_with(')') && t.contains('('))
        || t.contains("::")
        || t.starts_with('\'')
        || matches!(
            upper.as_str(),
            "CURRENT_TIMESTAMP"
                | "CURRENT_DATE"
                | "CURRENT_TIME"
                | "LOCALTIMESTAMP"
                | "LOCALTIME"
                | "CURRENT_USER"
                | "SESSION_USER"
                | "CURRENT_ROLE"
                | "USER"
                | "NULL"
        )
}

#[derive(Default)]
struct Notes {
    pk: bool,
    fk: Option<(String, String)>,
}

/// Splits a column description into the comment and PostgREST's notes.
fn split_description(d: Option<&str>) -> (Option<String>, Notes) {
    let mut notes = Notes::default();
    let Some(d) = d else {
        return (None, notes);
    };
    let (comment, note) = match d.rfind("Note:\n") {
        Some(i) if d[i..].contains("<pk/>") || d[i..].contains("<fk ") => (&d[..i], &d[i..]),
        _ => (d, ""),
    };
    notes.pk = note.contains("<pk/>");
    if let Some(i) = note.find("<fk ") {
        let tag = &note[i..];
        let attr = |name: &str| -> Option<String> {
            let k = format!("{name}='");
            let s = tag.find(&k)? + k.len();
            let e = tag[s..].find('\'')?;
            Some(tag[s..s + e].to_string())
        };
        if let (Some(t), Some(c)) = (attr("table"), attr("column")) {
            notes.fk = Some((t, c));
        }
    }
    let comment = comment.trim_end_matches('\n').trim();
    ((!comment.is_empty()).then(|| comment.to_string()), notes)
}

/// Byte offsets → 1-based line and column, and forward text search, for origins.
struct LineFinder<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineFinder<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineFinder { text, starts }
    }
    fn find_from(&self, needle: &str, from: usize) -> Option<usize> {
        let from = from.min(self.text.len());
        if !self.text.is_char_boundary(from) {
            return None;
        }
        self.text[from..].find(needle).map(|i| i + from)
    }
    fn position(&self, offset: usize) -> (u32, u32) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let col = self.text[self.starts[line]..offset.min(self.text.len())]
            .chars()
            .count();
        (line as u32 + 1, col as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_and_defaults() {
        let (c, n) = split_description(Some(
            "The owner\n\nNote:\nThis is a Primary Key.<pk/>\nThis is a Foreign Key to `users.id`.<fk table='users' column='id'/>",
        ));
        assert_eq!(c.as_deref(), Some("The owner"));
        assert!(n.pk);
        assert_eq!(n.fk, Some(("users".into(), "id".into())));
        let (c, n) = split_description(Some("just a comment"));
        assert_eq!(c.as_deref(), Some("just a comment"));
        assert!(!n.pk);
        let e = |v: Value, t| default_expr(&v, t).map(|e| e.normalized);
        assert_eq!(
            e(Value::from("active"), Some("string")).unwrap(),
            "'active'"
        );
        assert_eq!(e(Value::from("now()"), Some("string")).unwrap(), "now()");
        assert_eq!(e(Value::from(0), Some("integer")).unwrap(), "0");
        assert_eq!(e(Value::from(true), Some("boolean")).unwrap(), "true");
        assert_eq!(e(Value::from("it''s"), Some("string")).unwrap(), "'it''s'");
    }
}
