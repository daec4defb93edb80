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
//! - `Row` gives the columns; `| null` means nullable (so NOT NULL otherwise; an `unknown`
//!   column never carries `| null`, so its nullability is unknown).
//! - Types are the generator's TypeScript types, kept as written ([`TypeView::TypeScript`]):
//!   a column is `ts:string`, `ts:number`, `ts:boolean`, `ts:Json`, `ts:unknown`, an array
//!   `ts:string[]`, an enum `ts:Database["public"]["Enums"]["mood"]` (or the union of its labels
//!   when its schema is not in the file). No SQL type is invented for them: a SQL type is
//!   compared through what the generator writes for it ([`generator_types`], postgres-meta's
//!   `pgTypeToTsType`), so `uuid` and `timestamptz` both match `string`.
//! - `Insert` makes a NOT NULL column optional when it has a default or is an identity; such a
//!   column gets a default whose expression is unknown: an [`Expr`] with empty text. `?: never`
//!   in `Insert` is a `GENERATED ALWAYS` identity.
//! - `Relationships` are foreign keys within the schema, with their names (`foreignKeyName`)
//!   and columns; actions are unknown. `referencedRelation` is a bare name: it is read as a
//!   table of the same schema of the file. Entries that point at a view (the generator adds one
//!   per view that exposes the key) or at a relation the file does not have (generators before
//!   October 2024 also listed foreign keys into other schemas, `users` for `auth.users`) are
//!   dropped: their target is not known.
//! - `Functions` give names and input argument names, types and whether they have a default;
//!   the generator leaves out procedures, trigger and event-trigger functions, and functions
//!   with unnamed arguments (with exceptions that changed between versions).
//! - Only the schemas of the file are described (`--schema`, `public` by default).
//! - Nothing is said about indexes, CHECK or UNIQUE constraints, primary keys, policies, RLS,
//!   triggers, grants, a function's language, SECURITY DEFINER, `search_path` or body, a
//!   view's query or options, or what a default is: unknown, never missing.
//!
//! The parser reads the TypeScript type-literal syntax tolerantly (quotes, semicolons, commas
//! and line breaks in any mix, comments, generics it does not need); a file it cannot read is an
//! error, never a panic.

use crate::catalog::types::{TS_PREFIX, TS_UNREADABLE, ts_type, without_modifiers};
use crate::catalog::{
    ArgMode, Catalog, Column, Constraint, ConstraintKind, Expr, FkAction, Function, FunctionArg,
    Identity, Knowledge, Origin, QualName, Table, TypeDef, TypeKind, TypeView, View, Volatility,
};
use crate::report::SourceInfo;
use std::collections::BTreeSet;
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
        type_view: TypeView::TypeScript,
        all_schemas: false,
        function_details: false,
        view_options: false,
        composite_foreign_keys: true,
    }
}

/// Whether a TypeScript file has the shape Supabase's generator writes: a `Database` type
/// whose schemas each hold `Tables`, `Views`, `Functions` and `Enums` (written even when
/// empty, as `{ [_ in never]: never }`), and tables with `Row`, `Insert` and `Update`. A
/// hand-written placeholder (`export type Database = any`, a few interfaces) is not one.
pub fn has_generated_shape(text: &str) -> bool {
    let declares =
        text.contains("export type Database") || text.contains("export interface Database");
    let keys = ["Tables:", "Views:", "Functions:", "Enums:"]
        .iter()
        .all(|k| text.contains(k));
    let tables = text.contains("[_ in never]: never")
        || (text.contains("Row:") && text.contains("Insert:") && text.contains("Update:"));
    declares && keys && tables
}

/// The generated types files of a project, the shallowest first: `.ts` files (outside
/// node_modules, build output and hidden folders, at most five folders down) that have the
/// generator's shape ([`has_generated_shape`]), whatever their name; UTF-16 files with a
/// byte order mark are read too.
pub fn discover_all(project_dir: &Path) -> Vec<PathBuf> {
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
            if !ft.is_file()
                || !lower.ends_with(".ts")
                || lower.ends_with(".test.ts")
                || lower.ends_with(".spec.ts")
            {
                continue;
            }
            let p = e.path();
            if crate::sources::fsread::read_to_string_bounded(&p, 20 * 1024 * 1024)
                .is_ok_and(|t| has_generated_shape(&t))
            {
                found.push((depth, p));
            }
        }
    }
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// The generated types file of a project: the shallowest of [`discover_all`].
pub fn discover(project_dir: &Path) -> Option<PathBuf> {
    discover_all(project_dir).into_iter().next()
}

/// Of several generated types files, the one the evidence favours: the one that names the
/// most of `catalog`'s tables and views (generated from this schema), then the shallowest.
/// Returns its index.
pub fn best_match(candidates: &[PathBuf], catalog: &Catalog) -> usize {
    let mut best = (0usize, 0usize);
    for (i, p) in candidates.iter().enumerate() {
        let Ok((c, _)) = load(p, "types") else {
            continue;
        };
        let shared = c
            .schemas
            .values()
            .flat_map(|s| {
                s.tables
                    .keys()
                    .chain(s.views.keys())
                    .map(move |n| QualName::new(&s.name, n))
            })
            .filter(|q| catalog.relation_kind(q).is_some())
            .count();
        if shared > best.1 {
            best = (i, shared);
        }
    }
    best.0
}

/// Loads a generated types file.
pub fn load(path: &Path, source_id: &str) -> Result<(Catalog, SourceInfo), String> {
    let bytes = crate::sources::fsread::read(path).map_err(|e| e.message(path))?;
    let text = crate::sources::fsread::decode_text(bytes)
        .map_err(|_| format!("{} is not UTF-8 or UTF-16 text", path.display()))?;
    let display = path.to_string_lossy().replace('\\', "/");
    let catalog = parse(&text, &display, source_id)?;
    let info = SourceInfo {
        id: source_id.to_string(),
        kind: "types".into(),
        location: display,
        convention: None,
        objects: catalog.object_count(),
        also_found: Vec::new(),
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
                        .map(|a| (a.name.clone(), column_type(&a.ty).0))
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
        // `referencedRelation` names a table of this schema; views are not foreign keys
        let table_names: BTreeSet<&str> = schema
            .ty
            .member("Tables")
            .map(|t| t.ty.members().iter().map(|m| m.name.as_str()).collect())
            .unwrap_or_default();
        if let Some(tables) = schema.ty.member("Tables") {
            for t in tables.ty.members() {
                let columns = columns_of(&t.ty, true, &origin);
                let mut table = Table {
                    schema: sname.clone(),
                    name: t.name.clone(),
                    columns,
                    origin: origin(t.line, t.column),
                    ..Table::default()
                };
                table.constraints = relationships(&t.ty, &sname, &table_names, &origin);
                cat.ensure_schema(&sname)
                    .tables
                    .insert(t.name.clone(), table);
            }
        }
        if let Some(views) = schema.ty.member("Views") {
            for v in views.ty.members() {
                let columns = columns_of(&v.ty, false, &origin);
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
                    // overloads differ by argument names here (`{ a: string } | { b: string }`)
                    cat.ensure_schema(&sname)
                        .functions
                        .insert(ts_function_label(&func), func);
                }
            }
        }
    }
    Ok(cat)
}

/// How a function of generated types is named: `f(a: string, b?: number)`.
pub fn ts_function_label(f: &Function) -> String {
    let args: Vec<String> = f
        .args
        .iter()
        .map(|a| {
            format!(
                "{}{}: {}",
                a.name.as_deref().unwrap_or(""),
                if a.default.is_some() { "?" } else { "" },
                ts_type(&a.data_type).unwrap_or(&a.data_type)
            )
        })
        .collect();
    format!("{}({})", f.name, args.join(", "))
}

/// `"a" | "b"` → [a, b].
fn string_union(t: &Ty) -> Vec<String> {
    match t {
        Ty::Str(s) => vec![s.clone()],
        Ty::Union(items) => items.iter().flat_map(string_union).collect(),
        _ => Vec::new(),
    }
}

/// The column type of a TypeScript type (its `ts:` marker type), and whether it admits null.
fn column_type(t: &Ty) -> (String, bool) {
    let (text, nullable) = ts_text_nullable(t);
    (format!("{TS_PREFIX}{text}"), nullable)
}

/// The canonical text of a type without its `| null`, and whether it had one.
fn ts_text_nullable(t: &Ty) -> (String, bool) {
    match t {
        Ty::Union(items) => {
            let is_null = |i: &Ty| matches!(i, Ty::Named(n, a) if a.is_empty() && (n == "null" || n == "undefined"));
            let nullable = items
                .iter()
                .any(|i| matches!(i, Ty::Named(n, a) if a.is_empty() && n == "null"));
            let rest: Vec<Ty> = items.iter().filter(|i| !is_null(i)).cloned().collect();
            let text = match rest.as_slice() {
                [] => "null".to_string(),
                [one] => ts_text(one),
                _ => ts_text(&Ty::Union(rest)),
            };
            (text, nullable)
        }
        other => (ts_text(other), false),
    }
}

/// The canonical text of a TypeScript type: as prettier prints what the generator writes
/// (`string`, `Json[]`, `Database["public"]["Enums"]["mood"]`, `"a" | "b"`). A type the
/// parser does not read (functions, conditionals, intersections) is [`TS_UNREADABLE`].
fn ts_text(t: &Ty) -> String {
    match t {
        Ty::Named(n, args) if args.is_empty() => n.clone(),
        Ty::Named(n, args) => format!(
            "{n}<{}>",
            args.iter().map(ts_text).collect::<Vec<_>>().join(", ")
        ),
        Ty::Str(s) => format!("{s:?}"),
        Ty::Array(inner) => match inner.as_ref() {
            Ty::Union(_) => format!("({})[]", ts_text(inner)),
            other => format!("{}[]", ts_text(other)),
        },
        Ty::Union(items) => items.iter().map(ts_text).collect::<Vec<_>>().join(" | "),
        Ty::Indexed(base, keys) => {
            let mut s = ts_text(base);
            for k in keys {
                s.push_str(&format!("[{k:?}]"));
            }
            s
        }
        Ty::Tuple(items) => format!(
            "[{}]",
            items.iter().map(ts_text).collect::<Vec<_>>().join(", ")
        ),
        Ty::Object(members) => format!(
            "{{ {} }}",
            members
                .iter()
                .map(|m| format!(
                    "{}{}: {}",
                    m.name,
                    if m.optional { "?" } else { "" },
                    ts_text(&m.ty)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Ty::Other => TS_UNREADABLE.to_string(),
    }
}

fn is_never(t: &Ty) -> bool {
    matches!(t, Ty::Named(n, _) if n == "never")
}

fn columns_of(
    rel: &Ty,
    is_table: bool,
    origin: &dyn Fn(u32, u32) -> Option<Origin>,
) -> Vec<Column> {
    let Some(row) = rel.member("Row") else {
        return Vec::new();
    };
    let insert = rel.member("Insert");
    let mut out = Vec::new();
    for m in row.ty.members() {
        let (data_type, nullable) = column_type(&m.ty);
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
    tables: &BTreeSet<&str>,
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
            // a view of the file, or a relation of another schema (older generators): the
            // target is not a table this file describes
            Some(Ty::Str(s)) if tables.contains(s.as_str()) => s.clone(),
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
    // one signature `{ Args; Returns }`, or (recent generators) a union of them; `Args` may
    // itself be a union of overloads (older generators)
    let signatures: Vec<&Ty> = match &f.ty {
        Ty::Union(items) => items.iter().collect(),
        t => vec![t],
    };
    let mut overloads: Vec<(&Ty, String)> = Vec::new();
    for sig in signatures {
        let returns = sig
            .member("Returns")
            .map(|r| return_type(&r.ty))
            .unwrap_or_else(|| format!("{TS_PREFIX}unknown"));
        match sig.member("Args").map(|a| &a.ty) {
            Some(Ty::Union(items)) => overloads.extend(items.iter().map(|i| (i, returns.clone()))),
            Some(t) => overloads.push((t, returns)),
            None => {}
        }
    }
    let mut out = Vec::new();
    for (args, returns) in overloads {
        let args: Vec<FunctionArg> = args
            .members()
            .iter()
            .map(|a| FunctionArg {
                name: Some(a.name.clone()),
                mode: ArgMode::In,
                data_type: column_type(&a.ty).0,
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
            returns,
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

/// The `Returns` type as written (`ts:undefined` for void, `ts:{ a: string }[]` for a set of
/// rows): the generator's rendering of a return type is not compared.
fn return_type(t: &Ty) -> String {
    format!("{TS_PREFIX}{}", ts_text(t))
}

// ---------------------------------------------------------------------------------------------
// What the generator writes for a SQL type

/// The TypeScript types Supabase's generator (postgres-meta's `pgTypeToTsType`) writes for a
/// column or argument of SQL type `sql_type` (normalized), the current generator's first.
/// Older generators wrote `unknown` where newer ones write `string` (citext before 2023-01,
/// pgvector's `vector` before 2023-04, `interval` before 2026-01): both are accepted.
///
/// `sql` is the catalog the type comes from (for enums, domains and composite types) and
/// `exposed` tells whether a schema is one of the types file's schemas (an enum of another
/// schema is written as the union of its labels, a composite type of another schema as
/// `unknown`).
pub fn generator_types(
    sql_type: &str,
    sql: &Catalog,
    exposed: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    generator_types_at(sql_type, sql, exposed, 0)
}

fn generator_types_at(
    sql_type: &str,
    sql: &Catalog,
    exposed: &dyn Fn(&str) -> bool,
    depth: usize,
) -> Vec<String> {
    let one = |s: &str| vec![s.to_string()];
    if let Some(ts) = ts_type(sql_type) {
        return one(ts);
    }
    // postgres-meta reads an array as `_elem`, whatever its dimensions: one `[]`
    if let Some(elem) = sql_type.strip_suffix("[]") {
        let elem = elem.trim_end_matches("[]");
        return generator_types_at(elem, sql, exposed, depth)
            .into_iter()
            .map(|t| {
                if t.contains(" | ") {
                    format!("({t})[]")
                } else {
                    format!("{t}[]")
                }
            })
            .collect();
    }
    let bare = without_modifiers(sql_type);
    match bare.as_str() {
        "boolean" => return one("boolean"),
        "smallint" | "integer" | "bigint" | "real" | "double precision" | "numeric" => {
            return one("number");
        }
        "bytea"
        | "character"
        | "character varying"
        | "date"
        | "text"
        | "time without time zone"
        | "time with time zone"
        | "timestamp without time zone"
        | "timestamp with time zone"
        | "uuid" => return one("string"),
        "interval" => return vec!["string".into(), "unknown".into()],
        "json" | "jsonb" => return one("Json"),
        "void" => return one("undefined"),
        "record" => return one("Record<string, unknown>"),
        _ => {}
    }
    // user and extension types: postgres-meta looks them up by their bare name
    let (schema, name) = match bare.rsplit_once('.') {
        Some((s, n)) => (Some(s.trim_matches('"')), n.trim_matches('"')),
        None => (None, bare.trim_matches('"')),
    };
    if matches!(name, "citext" | "vector") {
        return vec!["string".into(), "unknown".into()];
    }
    let def = match schema {
        Some(s) => sql.type_def(&QualName::new(s, name)),
        None => sql.schemas.values().find_map(|sc| sc.types.get(name)),
    };
    if let Some(def) = def {
        return match &def.kind {
            TypeKind::Enum { labels } => {
                let union = labels
                    .iter()
                    .map(|l| format!("{l:?}"))
                    .collect::<Vec<_>>()
                    .join(" | ");
                if exposed(&def.schema) {
                    vec![
                        format!("Database[{:?}][\"Enums\"][{:?}]", def.schema, def.name),
                        union,
                    ]
                } else {
                    vec![union]
                }
            }
            // a domain is read as its base type (a domain over a domain as the inner domain,
            // which the generator does not map)
            TypeKind::Domain { base, .. } if depth == 0 => {
                generator_types_at(base, sql, exposed, depth + 1)
            }
            TypeKind::Composite { .. } if exposed(&def.schema) => vec![format!(
                "Database[{:?}][\"CompositeTypes\"][{:?}]",
                def.schema, def.name
            )],
            _ => one("unknown"),
        };
    }
    // a table's or view's row type
    let rel = |kind: &str, s: &str| format!("Database[{s:?}][{kind:?}][{name:?}][\"Row\"]");
    for sc in sql.schemas.values() {
        if schema.is_some_and(|s| s != sc.name) {
            continue;
        }
        if sc.tables.contains_key(name) {
            return one(&if exposed(&sc.name) {
                rel("Tables", &sc.name)
            } else {
                "unknown".into()
            });
        }
        if sc.views.contains_key(name) {
            return one(&if exposed(&sc.name) {
                rel("Views", &sc.name)
            } else {
                "unknown".into()
            });
        }
    }
    one("unknown")
}

fn is_literal_union(t: &str) -> bool {
    !t.is_empty()
        && t.split(" | ")
            .all(|p| p.len() >= 2 && p.starts_with('"') && p.ends_with('"'))
}

/// Whether the TypeScript type `ts` (canonical text, without `ts:`) is what the generator
/// writes for a column of SQL type `sql_type`, or a hand refinement of it: anything refines
/// `Json` and `unknown`, a union of string literals refines `string`. A type the parser could
/// not read is unknown and matches.
pub fn generator_matches(
    sql_type: &str,
    ts: &str,
    sql: &Catalog,
    exposed: &dyn Fn(&str) -> bool,
) -> bool {
    if ts == TS_UNREADABLE || ts.contains(TS_UNREADABLE) {
        return true;
    }
    let accepted = generator_types(sql_type, sql, exposed);
    if accepted.iter().any(|a| a == ts) {
        return true;
    }
    accepted.iter().any(|a| refines(ts, a))
}

/// `ts` written by hand in place of the generator's `generated`.
fn refines(ts: &str, generated: &str) -> bool {
    match (ts.strip_suffix("[]"), generated.strip_suffix("[]")) {
        (Some(t), Some(g)) => {
            let unparen = |x: &str| {
                x.strip_prefix('(')
                    .and_then(|y| y.strip_suffix(')'))
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string())
            };
            return refines(&unparen(t), &unparen(g));
        }
        (Some(_), None) if generated == "Json" || generated == "unknown" => return true,
        (Some(_), None) | (None, Some(_)) => return false,
        (None, None) => {}
    }
    match generated {
        "Json" | "unknown" => true,
        "string" => is_literal_union(ts),
        _ => false,
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
        assert_eq!(tab.columns[0].data_type, "ts:string");
        assert!(!tab.columns[0].not_null);
        assert_eq!(
            tab.columns[1].data_type,
            "ts:Database[\"public\"][\"Enums\"][\"m\"][]"
        );
        // `u` is no table of the file: the relationship's target is unknown
        assert!(tab.constraints.is_empty());
        let m = c.type_def(&QualName::new("public", "m")).unwrap();
        assert_eq!(
            m.kind,
            TypeKind::Enum {
                labels: vec!["x".into(), "y".into()]
            }
        );
    }

    #[test]
    fn what_the_generator_writes_for_sql_types() {
        let mut r = crate::replay::Replay::new(crate::replay::ReplayOptions {
            source_id: "sql".into(),
            supabase: true,
        });
        r.run_file(&crate::replay::SqlFile {
            path: "t.sql",
            text: "CREATE TYPE public.mood AS ENUM ('happy', 'sad');\n\
             CREATE SCHEMA private;\n\
             CREATE TYPE private.level AS ENUM ('low', 'high');\n\
             CREATE DOMAIN public.email AS text;\n\
             CREATE TYPE public.pair AS (a int, b int);\n\
             CREATE TABLE public.orgs (id uuid);",
        });
        let sql = r.finish().0;
        assert!(sql.schema("private").is_some());
        let exposed = |s: &str| s == "public";
        let g = |t: &str| generator_types(t, &sql, &exposed);
        for (t, want) in [
            ("uuid", "string"),
            ("text", "string"),
            ("character varying(20)", "string"),
            ("character(1)", "string"),
            ("date", "string"),
            ("time without time zone", "string"),
            ("timestamp(3) with time zone", "string"),
            ("timestamp without time zone", "string"),
            ("bytea", "string"),
            ("interval", "string"),
            ("extensions.citext", "string"),
            ("public.vector(1536)", "string"),
            ("smallint", "number"),
            ("integer", "number"),
            ("bigint", "number"),
            ("real", "number"),
            ("double precision", "number"),
            ("numeric(10,2)", "number"),
            ("boolean", "boolean"),
            ("json", "Json"),
            ("jsonb", "Json"),
            ("text[]", "string[]"),
            ("integer[][]", "number[]"),
            ("inet", "unknown"),
            ("cidr", "unknown"),
            ("macaddr", "unknown"),
            ("money", "unknown"),
            ("oid", "unknown"),
            ("tsvector", "unknown"),
            ("int4range", "unknown"),
            ("public.mood", "Database[\"public\"][\"Enums\"][\"mood\"]"),
            (
                "public.mood[]",
                "Database[\"public\"][\"Enums\"][\"mood\"][]",
            ),
            ("private.level", "\"low\" | \"high\""),
            ("private.level[]", "(\"low\" | \"high\")[]"),
            ("public.email", "string"),
            (
                "public.pair",
                "Database[\"public\"][\"CompositeTypes\"][\"pair\"]",
            ),
            (
                "public.orgs",
                "Database[\"public\"][\"Tables\"][\"orgs\"][\"Row\"]",
            ),
            ("extensions.geometry", "unknown"),
        ] {
            assert_eq!(g(t)[0], want, "{t}");
        }
        // older generators wrote unknown for interval, citext and vector
        assert!(g("interval").contains(&"unknown".to_string()));
        let m = |t: &str, ts: &str| generator_matches(t, ts, &sql, &exposed);
        assert!(m("uuid", "string"));
        assert!(m("timestamp with time zone", "string"));
        assert!(m("jsonb", "Json"));
        assert!(m("bigint", "number"));
        assert!(m("text[]", "string[]"));
        assert!(m(
            "public.mood",
            "Database[\"public\"][\"Enums\"][\"mood\"]"
        ));
        // hand refinements of Json, unknown and string
        assert!(m("jsonb", "{ a: string }"));
        assert!(m("jsonb", "Settings[]"));
        assert!(m("inet", "string"));
        assert!(m("text", "\"a\" | \"b\""));
        assert!(m("text", TS_UNREADABLE));
        // what the generator would have written otherwise
        assert!(!m("integer", "string"));
        assert!(!m("text", "number"));
        assert!(!m("text", "Json"));
        assert!(!m("text[]", "string"));
        assert!(!m("text", "string[]"));
        assert!(!m("timestamp with time zone", "Date"));
        assert!(!m("public.mood", "string"));
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
