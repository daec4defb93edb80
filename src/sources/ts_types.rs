//! Supabase generated TypeScript types (`supabase gen types typescript`) as a source.
//!
//! The file is the output of postgres-meta's TypeScript template, formatted by prettier:
//!
//! ```text
//! export type Database = {
//!   public: {
//!     Tables: { clinics: { Row: {…}; Insert: {…}; Update: {…}; Relationships: […] } }
//!     Views: { … }  Functions: { f: { Args: {…}; Returns: … } }
//!     Enums: { visit_status: "booked" | "done" }  CompositeTypes: { … }
//!   }
//! }
//! ```
//!
//! It says what the database looked like when the file was generated, coarsely:
//! - `Row` gives the columns; `| null` means nullable (so NOT NULL otherwise).
//! - Types are families: `string` (text, varchar, char, uuid, dates and times, bytea),
//!   `number` (all integer and floating types, numeric), `boolean`, `Json` (json, jsonb),
//!   arrays `T[]`, enums by name (exact). Columns are stored as `text`, `numeric`, `boolean`,
//!   `jsonb`, `text[]`… and [`Knowledge::exact_types`] is false: compare families only.
//!   Types postgres-meta cannot map are `unknown`: stored as the type `unknown`.
//! - `Insert` makes a NOT NULL column optional when it has a default or is an identity; such a
//!   column gets a default whose expression is unknown: an [`Expr`] with empty text. `?: never`
//!   in `Insert` is a `GENERATED ALWAYS` identity.
//! - `Relationships` are foreign keys within the schema, with their names (`foreignKeyName`)
//!   and columns; actions are unknown.
//! - `Functions` give names and input argument names, types and whether they have a default.
//! - Nothing is said about indexes, CHECK or UNIQUE constraints, primary keys, policies, RLS,
//!   triggers, grants or function bodies: unknown, never missing.
//!
//! The parser reads the TypeScript type-literal syntax tolerantly (quotes, semicolons, commas
//! and line breaks in any mix, comments, generics it does not need); a file it cannot read is an
//! error, never a panic.

use crate::catalog::{
    ArgMode, Catalog, Column, Constraint, ConstraintKind, Expr, FkAction, Function, FunctionArg,
    Identity, Knowledge, Origin, QualName, Table, TypeDef, TypeKind, View, Volatility,
};
use crate::report::SourceInfo;
use std::path::{Path, PathBuf};

/// What generated types know (see the module documentation).
pub fn knowledge() -> Knowledge {
    Knowledge {
        indexes: false,
        policies: false,
        rls: false,
        functions: true,
        triggers: false,
        views: true,
        check_constraints: false,
        unique_constraints: false,
        foreign_keys: true,
        defaults: false,
        exact_types: false,
        sequences: false,
        grants: false,
        comments: false,
        extensions: false,
        constraint_names: true,
        fk_actions: false,
        type_modifiers: false,
        primary_keys: false,
    }
}

/// The generated types file of a project: a `.ts` file named like the ones Supabase's docs
/// suggest (`database.types.ts`, `supabase.ts`, `types/supabase.ts`, `types.ts` …) that
/// contains `export type Database`. The shallowest one wins.
pub fn discover(project_dir: &Path) -> Option<PathBuf> {
    let mut found: Vec<(usize, PathBuf)> = Vec::new();
    let mut stack = vec![(project_dir.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let Ok(ft) = e.file_type() else {
                continue;
            };
            if ft.is_dir() {
                if depth < 5
                    && !name.starts_with('.')
                    && !matches!(
                        name.as_str(),
                        "node_modules" | "dist" | "build" | "target" | "vendor" | "coverage"
                    )
                {
                    stack.push((e.path(), depth + 1));
                }
                continue;
            }
            let lower = name.to_ascii_lowercase();
            let candidate = lower.ends_with(".ts")
                && !lower.ends_with(".test.ts")
                && !lower.ends_with(".spec.ts")
                && (lower.contains("database")
                    || lower.contains("supabase")
                    || lower == "types.ts"
                    || lower == "db.types.ts"
                    || lower == "schema.ts");
            if !candidate {
                continue;
            }
            let p = e.path();
            if crate::sources::fsread::read_to_string_bounded(&p, 20 * 1024 * 1024).is_ok_and(|t| {
                t.contains("export type Database") || t.contains("export interface Database")
            }) {
                found.push((depth, p));
            }
        }
    }
    found.sort();
    found.into_iter().next().map(|(_, p)| p)
}

/// Loads a generated types file.
pub fn load(path: &Path, source_id: &str) -> Result<(Catalog, SourceInfo), String> {
    let bytes = crate::sources::fsread::read(path).map_err(|e| e.message(path))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
    let display = path.to_string_lossy().replace('\\', "/");
    let catalog = parse(&text, &display, source_id)?;
    let info = SourceInfo {
        id: source_id.to_string(),
        kind: "types".into(),
        location: display,
        convention: None,
        objects: catalog.object_count(),
    };
    Ok((catalog, info))
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Punct(char),
    /// `=>`
    Arrow,
    Eof,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    line: u32,
    column: u32,
}

fn lex(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    macro_rules! bump {
        () => {{
            if chars[i] == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            i += 1;
        }};
    }
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '\u{feff}' {
            bump!();
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                bump!();
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            bump!();
            bump!();
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                bump!();
            }
            if i < chars.len() {
                bump!();
                bump!();
            }
            continue;
        }
        let (l, cl) = (line, col);
        let tok = if c == '"' || c == '\'' || c == '`' {
            let q = c;
            bump!();
            let mut s = String::new();
            while i < chars.len() && chars[i] != q {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    bump!();
                    let e = chars[i];
                    s.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                    bump!();
                    continue;
                }
                s.push(chars[i]);
                bump!();
            }
            if i < chars.len() {
                bump!();
            }
            Tok::Str(s)
        } else if c.is_ascii_digit() {
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                s.push(chars[i]);
                bump!();
            }
            Tok::Num(s)
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let mut s = String::new();
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                s.push(chars[i]);
                bump!();
            }
            Tok::Ident(s)
        } else if c == '=' && chars.get(i + 1) == Some(&'>') {
            bump!();
            bump!();
            Tok::Arrow
        } else {
            bump!();
            Tok::Punct(c)
        };
        out.push(Token {
            tok,
            line: l,
            column: cl,
        });
    }
    out.push(Token {
        tok: Tok::Eof,
        line,
        column: col,
    });
    out
}

// ---------------------------------------------------------------------------------------------
// Type expressions

#[derive(Clone, Debug, PartialEq)]
enum Ty {
    Object(Vec<Member>),
    Tuple(Vec<Ty>),
    Union(Vec<Ty>),
    Array(Box<Ty>),
    /// A string literal type (`"booked"`).
    Str(String),
    /// A named type with its generic arguments: `string`, `Json`, `never`, `Record<…>`.
    Named(String, Vec<Ty>),
    /// `Database["public"]["Enums"]["mood"]`: the base and the index keys.
    Indexed(Box<Ty>, Vec<String>),
    /// Anything else (numbers, functions, conditional types…).
    Other,
}

#[derive(Clone, Debug, PartialEq)]
struct Member {
    name: String,
    optional: bool,
    ty: Ty,
    line: u32,
    column: u32,
}

impl Ty {
    fn member(&self, name: &str) -> Option<&Member> {
        match self {
            Ty::Object(ms) => ms.iter().find(|m| m.name == name),
            _ => None,
        }
    }
    fn members(&self) -> &[Member] {
        match self {
            Ty::Object(ms) => ms,
            _ => &[],
        }
    }
}

struct Parser<'a> {
    toks: &'a [Token],
    i: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 200;

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.toks[self.i.min(self.toks.len() - 1)].tok
    }
    fn peek_at(&self, n: usize) -> &Tok {
        &self.toks[(self.i + n).min(self.toks.len() - 1)].tok
    }
    fn pos(&self) -> (u32, u32) {
        let t = &self.toks[self.i.min(self.toks.len() - 1)];
        (t.line, t.column)
    }
    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }
    fn eat(&mut self, c: char) -> bool {
        if *self.peek() == Tok::Punct(c) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn fail<T>(&self, what: &str) -> Result<T, String> {
        let (l, c) = self.pos();
        Err(format!("{l}:{c}: expected {what}, found {:?}", self.peek()))
    }

    fn ty(&mut self) -> Result<Ty, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail("a less deeply nested type");
        }
        let r = self.union();
        self.depth -= 1;
        r
    }

    fn union(&mut self) -> Result<Ty, String> {
        self.eat('|');
        let mut items = vec![self.intersection()?];
        while self.eat('|') {
            items.push(self.intersection()?);
        }
        // conditional types: `A extends B ? C : D` — skipped as Other
        if matches!(self.peek(), Tok::Ident(s) if s == "extends") {
            self.bump();
            self.ty()?;
            if self.eat('?') {
                self.ty()?;
                if self.eat(':') {
                    self.ty()?;
                }
            }
            return Ok(Ty::Other);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Ty::Other)
        } else {
            Ty::Union(items)
        })
    }

    fn intersection(&mut self) -> Result<Ty, String> {
        let first = self.postfix()?;
        if *self.peek() != Tok::Punct('&') {
            return Ok(first);
        }
        while self.eat('&') {
            self.postfix()?;
        }
        Ok(Ty::Other)
    }

    fn postfix(&mut self) -> Result<Ty, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail("a less deeply nested type");
        }
        let r = self.postfix_inner();
        self.depth -= 1;
        r
    }

    fn postfix_inner(&mut self) -> Result<Ty, String> {
        let mut t = self.primary()?;
        while *self.peek() == Tok::Punct('[') {
            if *self.peek_at(1) == Tok::Punct(']') {
                self.bump();
                self.bump();
                t = Ty::Array(Box::new(t));
                continue;
            }
            self.bump();
            let key = self.ty()?;
            if !self.eat(']') {
                return self.fail("`]`");
            }
            let k = match key {
                Ty::Str(s) => s,
                _ => String::new(),
            };
            t = match t {
                Ty::Indexed(b, mut keys) => {
                    keys.push(k);
                    Ty::Indexed(b, keys)
                }
                other => Ty::Indexed(Box::new(other), vec![k]),
            };
        }
        Ok(t)
    }

    fn primary(&mut self) -> Result<Ty, String> {
        match self.peek().clone() {
            Tok::Punct('{') => self.object(),
            Tok::Punct('[') => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    if self.eat(']') {
                        return Ok(Ty::Tuple(items));
                    }
                    if *self.peek() == Tok::Eof {
                        return self.fail("`]`");
                    }
                    items.push(self.ty()?);
                    if !self.eat(',') && *self.peek() != Tok::Punct(']') {
                        return self.fail("`,` or `]`");
                    }
                }
            }
            Tok::Punct('(') => {
                self.bump();
                // a parenthesized type, or a function type `(a: T) => R`
                let start = self.i;
                let mut depth = 1;
                let mut is_fn = false;
                let mut j = self.i;
                while j < self.toks.len() {
                    match &self.toks[j].tok {
                        Tok::Punct('(') => depth += 1,
                        Tok::Punct(')') => {
                            depth -= 1;
                            if depth == 0 {
                                is_fn = self.toks.get(j + 1).is_some_and(|t| t.tok == Tok::Arrow);
                                break;
                            }
                        }
                        Tok::Eof => break,
                        _ => {}
                    }
                    j += 1;
                }
                if is_fn {
                    self.i = j + 2;
                    self.ty()?;
                    return Ok(Ty::Other);
                }
                self.i = start;
                let t = self.ty()?;
                if !self.eat(')') {
                    return self.fail("`)`");
                }
                Ok(t)
            }
            Tok::Str(s) => {
                self.bump();
                Ok(Ty::Str(s))
            }
            Tok::Num(_) => {
                self.bump();
                Ok(Ty::Other)
            }
            Tok::Punct('-') => {
                self.bump();
                self.bump();
                Ok(Ty::Other)
            }
            Tok::Ident(name) => {
                self.bump();
                if name == "keyof" || name == "typeof" || name == "readonly" || name == "unique" {
                    self.postfix()?;
                    return Ok(Ty::Other);
                }
                let mut full = name;
                while *self.peek() == Tok::Punct('.') {
                    self.bump();
                    if let Tok::Ident(n) = self.bump() {
                        full.push('.');
                        full.push_str(&n);
                    }
                }
                let mut args = Vec::new();
                if self.eat('<') {
                    loop {
                        args.push(self.ty()?);
                        if self.eat('>') {
                            break;
                        }
                        if !self.eat(',') {
                            return self.fail("`,` or `>`");
                        }
                    }
                }
                Ok(Ty::Named(full, args))
            }
            _ => self.fail("a type"),
        }
    }

    fn object(&mut self) -> Result<Ty, String> {
        self.bump(); // {
        let mut members = Vec::new();
        loop {
            while self.eat(';') || self.eat(',') {}
            if self.eat('}') {
                return Ok(Ty::Object(members));
            }
            let (line, column) = self.pos();
            self.eat_modifier();
            let name = match self.peek().clone() {
                Tok::Ident(s) | Tok::Str(s) | Tok::Num(s) => {
                    self.bump();
                    s
                }
                Tok::Punct('[') => {
                    // index signature `[key: string]: T` or mapped type `[_ in never]: never`
                    let mut depth = 0;
                    loop {
                        match self.bump() {
                            Tok::Punct('[') => depth += 1,
                            Tok::Punct(']') => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            Tok::Eof => return self.fail("`]`"),
                            _ => {}
                        }
                    }
                    self.eat('?');
                    if !self.eat(':') {
                        return self.fail("`:`");
                    }
                    self.ty()?;
                    continue;
                }
                _ => return self.fail("a property name or `}`"),
            };
            let optional = self.eat('?');
            if *self.peek() == Tok::Punct('(') || *self.peek() == Tok::Punct('<') {
                // a method signature: skip to the end of the member
                self.skip_member();
                continue;
            }
            if !self.eat(':') {
                return self.fail("`:`");
            }
            let ty = self.ty()?;
            members.push(Member {
                name,
                optional,
                ty,
                line,
                column,
            });
        }
    }

    fn eat_modifier(&mut self) {
        if matches!(self.peek(), Tok::Ident(s) if s == "readonly")
            && matches!(
                self.peek_at(1),
                Tok::Ident(_) | Tok::Str(_) | Tok::Punct('[')
            )
        {
            self.bump();
        }
    }

    fn skip_member(&mut self) {
        let mut depth = 0i32;
        loop {
            match self.peek() {
                Tok::Eof => return,
                Tok::Punct('{' | '(' | '[' | '<') => depth += 1,
                Tok::Punct('}' | ')' | ']' | '>') => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                Tok::Punct(';' | ',') if depth == 0 => return,
                _ => {}
            }
            self.bump();
        }
    }
}

/// Finds `export type Database =` (or `export interface Database`) and parses its type.
fn database_type(text: &str) -> Result<Ty, String> {
    let toks = lex(text);
    let mut i = 0;
    while i + 2 < toks.len() {
        let is_decl = matches!(&toks[i].tok, Tok::Ident(s) if s == "type" || s == "interface")
            && matches!(&toks[i + 1].tok, Tok::Ident(s) if s == "Database");
        if is_decl {
            let mut p = Parser {
                toks: &toks,
                i: i + 2,
                depth: 0,
            };
            p.eat('=');
            return p.ty();
        }
        i += 1;
    }
    Err("no `export type Database` in the file".into())
}

// ---------------------------------------------------------------------------------------------
// Mapping

/// Reads the text of a generated types file into a catalog. `file` names it in origins.
pub fn parse(text: &str, file: &str, source_id: &str) -> Result<Catalog, String> {
    let db = database_type(text).map_err(|e| format!("{file}: {e}"))?;
    if !matches!(db, Ty::Object(_)) {
        return Err(format!("{file}: `Database` is not an object type"));
    }
    let mut cat = Catalog::with_knowledge(knowledge());
    let origin =
        |line: u32, column: u32| Some(Origin::new(source_id, Some(file.into()), line, column));
    for schema in db.members() {
        if schema.name.starts_with("__") {
            continue; // __InternalSupabase
        }
        let sname = schema.name.clone();
        {
            let s = cat.ensure_schema(&sname);
            s.origin = origin(schema.line, schema.column);
        }
        // enums first: columns refer to them
        if let Some(enums) = schema.ty.member("Enums") {
            for e in enums.ty.members() {
                let labels = string_union(&e.ty);
                cat.ensure_schema(&sname).types.insert(
                    e.name.clone(),
                    TypeDef {
                        schema: sname.clone(),
                        name: e.name.clone(),
                        kind: TypeKind::Enum { labels },
                        comment: None,
                        origin: origin(e.line, e.column),
                    },
                );
            }
        }
        if let Some(ct) = schema.ty.member("CompositeTypes") {
            for c in ct.ty.members() {
                let attributes =
                    c.ty.members()
                        .iter()
                        .map(|a| (a.name.clone(), column_type(&a.ty, &sname).0))
                        .collect();
                cat.ensure_schema(&sname).types.insert(
                    c.name.clone(),
                    TypeDef {
                        schema: sname.clone(),
                        name: c.name.clone(),
                        kind: TypeKind::Composite { attributes },
                        comment: None,
                        origin: origin(c.line, c.column),
                    },
                );
            }
        }
        if let Some(tables) = schema.ty.member("Tables") {
            for t in tables.ty.members() {
                let columns = columns_of(&t.ty, &sname, true, &origin);
                let mut table = Table {
                    schema: sname.clone(),
                    name: t.name.clone(),
                    columns,
                    origin: origin(t.line, t.column),
                    ..Table::default()
                };
                table.constraints = relationships(&t.ty, &sname, &origin);
                cat.ensure_schema(&sname)
                    .tables
                    .insert(t.name.clone(), table);
            }
        }
        if let Some(views) = schema.ty.member("Views") {
            for v in views.ty.members() {
                let columns = columns_of(&v.ty, &sname, false, &origin);
                cat.ensure_schema(&sname).views.insert(
                    v.name.clone(),
                    View {
                        schema: sname.clone(),
                        name: v.name.clone(),
                        materialized: false,
                        // the query is unknown
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
                        origin: origin(v.line, v.column),
                    },
                );
            }
        }
        if let Some(funcs) = schema.ty.member("Functions") {
            for f in funcs.ty.members() {
                for func in functions_of(f, &sname, &origin) {
                    cat.ensure_schema(&sname).functions.insert(func.key(), func);
                }
            }
        }
    }
    Ok(cat)
}

/// `"a" | "b"` → [a, b].
fn string_union(t: &Ty) -> Vec<String> {
    match t {
        Ty::Str(s) => vec![s.clone()],
        Ty::Union(items) => items.iter().flat_map(string_union).collect(),
        _ => Vec::new(),
    }
}

/// The column type of a TypeScript type, and whether it admits null.
fn column_type(t: &Ty, schema: &str) -> (String, bool) {
    match t {
        Ty::Union(items) => {
            let nullable = items
                .iter()
                .any(|i| matches!(i, Ty::Named(n, _) if n == "null"));
            let rest: Vec<&Ty> = items
                .iter()
                .filter(|i| !matches!(i, Ty::Named(n, _) if n == "null" || n == "undefined"))
                .collect();
            let ty = match rest.as_slice() {
                [one] => column_type(one, schema).0,
                // an enum outside the exposed schemas is written as its labels
                many if many.iter().all(|i| matches!(i, Ty::Str(_))) => "text".into(),
                _ => "unknown".into(),
            };
            (ty, nullable)
        }
        Ty::Array(inner) => (format!("{}[]", column_type(inner, schema).0), false),
        Ty::Named(n, _) => (
            match n.as_str() {
                "string" => "text",
                "number" => "numeric",
                "boolean" => "boolean",
                "Json" => "jsonb",
                "bigint" => "bigint",
                _ => "unknown",
            }
            .to_string(),
            false,
        ),
        Ty::Indexed(base, keys) => {
            // Database["public"]["Enums"]["mood"] / ["CompositeTypes"] / ["Tables"]["t"]["Row"]
            let is_db = matches!(base.as_ref(), Ty::Named(n, _) if n == "Database");
            match keys.as_slice() {
                [s, kind, name, ..] if is_db && (kind == "Enums" || kind == "CompositeTypes") => {
                    (format!("{s}.{name}"), false)
                }
                [s, kind, name, ..] if is_db && (kind == "Tables" || kind == "Views") => {
                    (format!("{s}.{name}"), false)
                }
                _ => ("unknown".into(), false),
            }
        }
        Ty::Str(_) => ("text".into(), false),
        _ => {
            let _ = schema;
            ("unknown".into(), false)
        }
    }
}

fn is_never(t: &Ty) -> bool {
    matches!(t, Ty::Named(n, _) if n == "never")
}

fn columns_of(
    rel: &Ty,
    schema: &str,
    is_table: bool,
    origin: &dyn Fn(u32, u32) -> Option<Origin>,
) -> Vec<Column> {
    let Some(row) = rel.member("Row") else {
        return Vec::new();
    };
    let insert = rel.member("Insert");
    let mut out = Vec::new();
    for m in row.ty.members() {
        let (data_type, nullable) = column_type(&m.ty, schema);
        let mut col = Column {
            name: m.name.clone(),
            data_type,
            not_null: is_table && !nullable,
            origin: origin(m.line, m.column),
            ..Column::default()
        };
        if is_table && let Some(ins) = insert.and_then(|i| i.ty.member(&m.name)) {
            if is_never(&ins.ty) {
                // GENERATED ALWAYS AS IDENTITY (or a generated column)
                col.identity = Some(Identity::Always);
            } else if ins.optional && !nullable {
                // a default (or an identity BY DEFAULT) whose expression is unknown
                col.default = Some(Expr {
                    sql: String::new(),
                    normalized: String::new(),
                });
            }
        }
        out.push(col);
    }
    out
}

fn relationships(
    rel: &Ty,
    schema: &str,
    origin: &dyn Fn(u32, u32) -> Option<Origin>,
) -> Vec<Constraint> {
    let Some(Member {
        ty: Ty::Tuple(items),
        ..
    }) = rel.member("Relationships")
    else {
        return Vec::new();
    };
    let strings = |t: Option<&Member>| -> Vec<String> {
        match t.map(|m| &m.ty) {
            Some(Ty::Tuple(v)) => v
                .iter()
                .filter_map(|x| match x {
                    Ty::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut out = Vec::new();
    for r in items {
        let name = match r.member("foreignKeyName").map(|m| &m.ty) {
            Some(Ty::Str(s)) => s.clone(),
            _ => continue,
        };
        let target = match r.member("referencedRelation").map(|m| &m.ty) {
            Some(Ty::Str(s)) => s.clone(),
            _ => continue,
        };
        let columns = strings(r.member("columns"));
        let ref_columns = strings(r.member("referencedColumns"));
        if columns.is_empty() || columns.len() != ref_columns.len() {
            continue;
        }
        let pos = r
            .member("foreignKeyName")
            .map(|m| (m.line, m.column))
            .unwrap_or((0, 0));
        out.push(Constraint {
            name,
            kind: ConstraintKind::ForeignKey {
                columns,
                // postgres-meta lists only relationships within the schema
                ref_table: QualName::new(schema, target),
                ref_columns,
                on_delete: FkAction::NoAction,
                on_update: FkAction::NoAction,
                match_full: false,
            },
            deferrable: false,
            initially_deferred: false,
            not_valid: false,
            origin: origin(pos.0, pos.1),
        });
    }
    out
}

/// A `Functions` entry: `Args` is an object (or a union of objects for overloads, or
/// `never` / `Record<PropertyKey, never>` without arguments); `Returns` its result.
fn functions_of(
    f: &Member,
    schema: &str,
    origin: &dyn Fn(u32, u32) -> Option<Origin>,
) -> Vec<Function> {
    let returns =
        f.ty.member("Returns")
            .map(|r| return_type(&r.ty, schema))
            .unwrap_or_else(|| "unknown".into());
    let overloads: Vec<&Ty> = match f.ty.member("Args").map(|a| &a.ty) {
        Some(Ty::Union(items)) => items.iter().collect(),
        Some(t) => vec![t],
        None => vec![],
    };
    let mut out = Vec::new();
    for args in overloads {
        let args: Vec<FunctionArg> = args
            .members()
            .iter()
            .map(|a| FunctionArg {
                name: Some(a.name.clone()),
                mode: ArgMode::In,
                data_type: column_type(&a.ty, schema).0,
                // a default exists; its expression is unknown
                default: a.optional.then(|| Expr {
                    sql: String::new(),
                    normalized: String::new(),
                }),
            })
            .collect();
        out.push(Function {
            schema: schema.to_string(),
            name: f.name.clone(),
            is_procedure: false,
            args,
            returns: returns.clone(),
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
            origin: origin(f.line, f.column),
        });
    }
    out
}

fn return_type(t: &Ty, schema: &str) -> String {
    match t {
        Ty::Array(inner) => match inner.as_ref() {
            Ty::Object(_) => "SETOF record".into(),
            other => format!("SETOF {}", return_type(other, schema)),
        },
        Ty::Object(_) => "record".into(),
        Ty::Named(n, _) if n == "undefined" => "void".into(),
        other => column_type(other, schema).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_expressions() {
        let c = parse(
            "export type Database = { public: { Tables: { t: { Row: { a: string | null; b: Database[\"public\"][\"Enums\"][\"m\"][] }, Relationships: [ { foreignKeyName: 'x', columns: [\"a\"], referencedRelation: \"u\", referencedColumns: [\"id\"] }, ] } }, Enums: { m: | \"x\" | \"y\" } } }",
            "t.ts",
            "types",
        )
        .unwrap();
        let tab = c.table(&QualName::new("public", "t")).unwrap();
        assert_eq!(tab.columns[0].data_type, "text");
        assert!(!tab.columns[0].not_null);
        assert_eq!(tab.columns[1].data_type, "public.m[]");
        assert_eq!(tab.constraints.len(), 1);
        let m = c.type_def(&QualName::new("public", "m")).unwrap();
        assert_eq!(
            m.kind,
            TypeKind::Enum {
                labels: vec!["x".into(), "y".into()]
            }
        );
    }

    #[test]
    fn never_panics() {
        for text in [
            "",
            "export type Database",
            "export type Database = {",
            "export type Database = { a: { Tables: { t: { Row: { x: ((((",
            "export type Database = [[[[",
            "export type Database = { a: (x: number) => string; b<T>(y: T): void; [k: string]: never }",
            &"(".repeat(10_000),
            &format!("export type Database = {}", "{ a: ".repeat(5000)),
            &format!("export type Database = {}", "keyof ".repeat(50_000)),
        ] {
            let _ = parse(text, "x.ts", "types");
        }
    }
}
