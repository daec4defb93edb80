//! JavaScript and TypeScript (`.ts .tsx .js .jsx .mjs .cjs`, `.vue`/`.svelte` `<script>`
//! blocks), parsed with oxc: supabase-js chains, `.rpc()`, Prisma Client calls and raw SQL
//! handed to PostgreSQL clients.

use super::postgrest::{self, Link, RawRef, Val};
use super::raw_sql;
use super::{RefKind, Usage};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::SourceType;
use std::collections::{HashMap, HashSet};

/// What kind of script a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Js,
    Jsx,
    Ts,
    Tsx,
}

impl Dialect {
    pub fn from_extension(ext: &str) -> Option<Dialect> {
        Some(match ext {
            "js" | "mjs" | "cjs" => Dialect::Js,
            "jsx" => Dialect::Jsx,
            "ts" | "mts" | "cts" => Dialect::Ts,
            "tsx" => Dialect::Tsx,
            _ => return None,
        })
    }

    fn source_type(self) -> SourceType {
        match self {
            // JSX is a superset the parser accepts in .js files too.
            Dialect::Js | Dialect::Jsx => SourceType::jsx(),
            Dialect::Ts => SourceType::ts(),
            Dialect::Tsx => SourceType::tsx(),
        }
    }
}

/// Extracts references from a whole JS/TS file. Returns whether the parser gave up.
pub fn extract(text: &str, dialect: Dialect, out: &mut Vec<RawRef>) -> bool {
    extract_at(text, 0, dialect, out)
}

/// Extracts references from the `<script>` blocks of a `.vue` / `.svelte` file, keeping
/// offsets in the whole file.
pub fn extract_sfc(text: &str, out: &mut Vec<RawRef>) -> bool {
    let mut failed = false;
    let mut from = 0;
    while let Some(i) = text[from..].find("<script") {
        let open = from + i;
        let Some(gt) = text[open..].find('>') else {
            break;
        };
        let attrs = &text[open..open + gt];
        let body_start = open + gt + 1;
        let Some(end) = text[body_start..].find("</script>") else {
            break;
        };
        let body_end = body_start + end;
        let dialect = if attrs.contains("lang=\"tsx\"") || attrs.contains("lang='tsx'") {
            Dialect::Tsx
        } else if attrs.contains("lang=\"ts\"") || attrs.contains("lang='ts'") {
            Dialect::Ts
        } else {
            Dialect::Jsx
        };
        failed |= extract_at(&text[body_start..body_end], body_start, dialect, out);
        from = body_end + "</script>".len();
    }
    failed
}

fn extract_at(text: &str, base: usize, dialect: Dialect, out: &mut Vec<RawRef>) -> bool {
    if text.len() >= u32::MAX as usize {
        return true;
    }
    // One arena per thread, reset between files: no allocation churn per file.
    thread_local! {
        static ARENA: std::cell::RefCell<Allocator> = std::cell::RefCell::new(Allocator::default());
    }
    ARENA.with(|arena| match arena.try_borrow_mut() {
        Ok(mut a) => {
            a.reset();
            parse_and_visit(&a, text, base, dialect, out)
        }
        Err(_) => parse_and_visit(&Allocator::default(), text, base, dialect, out),
    })
}

fn parse_and_visit(
    allocator: &Allocator,
    text: &str,
    base: usize,
    dialect: Dialect,
    out: &mut Vec<RawRef>,
) -> bool {
    let ret = Parser::new(allocator, text, dialect.source_type()).parse();
    if ret.panicked {
        return true;
    }
    let mut v = JsVisitor {
        src: text,
        base,
        out,
        client_vars: HashSet::new(),
        chain_vars: HashMap::new(),
        consumed: HashSet::new(),
        other_db_import: false,
        depth: 0,
        too_deep: false,
    };
    v.visit_program(&ret.program);
    v.too_deep
}

/// The deepest expression or statement nesting walked (a call chain counts one level per
/// link): 2,000. The walk recurses; real code stays under a hundred, a generated chain of
/// thousands of links would overflow the stack. The file is then reported as not read.
pub const MAX_WALK_DEPTH: usize = 2_000;

struct JsVisitor<'s, 'o> {
    src: &'s str,
    base: usize,
    out: &'o mut Vec<RawRef>,
    /// Variables initialised from a call that makes a client (`createClient(...)`).
    client_vars: HashSet<String>,
    /// Variables holding a query builder: name → (schema, table).
    chain_vars: HashMap<String, (String, String)>,
    /// Start offsets of call chains already interpreted (inner calls share the start).
    consumed: HashSet<u32>,
    /// The file imports a client of another database (MySQL, ClickHouse, SQLite …).
    other_db_import: bool,
    /// Expressions and statements entered and not yet left.
    depth: usize,
    /// Something was nested deeper than [`MAX_WALK_DEPTH`] and not walked.
    too_deep: bool,
}

/// Modules of clients for databases other than PostgreSQL.
const OTHER_DB_MODULES: &[&str] = &[
    "mysql",
    "mysql2",
    "mysql2/promise",
    "@planetscale/database",
    "mariadb",
    "@clickhouse/client",
    "@clickhouse/client-web",
    "clickhouse",
    "better-sqlite3",
    "sqlite3",
    "sqlite",
    "bun:sqlite",
    "@libsql/client",
    "mssql",
    "tedious",
    "oracledb",
    "snowflake-sdk",
    "@google-cloud/bigquery",
    "duckdb",
    "@duckdb/node-api",
    "cassandra-driver",
];

/// Receivers that name another database's client.
pub fn is_other_db_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    [
        "mysql",
        "maria",
        "sqlite",
        "clickhouse",
        "mssql",
        "oracle",
        "snowflake",
        "bigquery",
        "duck",
        "cassandra",
        "redis",
        "mongo",
        "libsql",
        "turso",
        "planetscale",
    ]
    .iter()
    .any(|d| l.contains(d))
        || l == "ch"
}

/// Whether a receiver is named like a Supabase / PostgREST client.
pub fn is_client_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    if l.contains("storage") {
        return false;
    }
    ["supabase", "client", "postgrest", "admin", "service"]
        .iter()
        .any(|p| l.contains(p))
        || matches!(l.as_str(), "db" | "sb" | "supa" | "pg" | "rest" | "api")
        || l.ends_with("db")
}

fn is_prisma_receiver(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.contains("prisma") || matches!(l.as_str(), "db" | "tx" | "trx" | "client" | "database")
}

/// Prisma Client model operations.
const PRISMA_OPS: &[&str] = &[
    "findUnique",
    "findUniqueOrThrow",
    "findFirst",
    "findFirstOrThrow",
    "findMany",
    "create",
    "createMany",
    "createManyAndReturn",
    "update",
    "updateMany",
    "updateManyAndReturn",
    "upsert",
    "delete",
    "deleteMany",
    "count",
    "aggregate",
    "groupBy",
];

/// Operations whose names only Prisma uses (others, such as `create`, need a Prisma-like
/// receiver name).
fn prisma_specific_op(op: &str) -> bool {
    op.starts_with("find")
        || matches!(
            op,
            "createMany"
                | "createManyAndReturn"
                | "updateMany"
                | "updateManyAndReturn"
                | "deleteMany"
                | "groupBy"
        )
}

/// Keys of a Prisma argument object whose keys are fields of the model.
const PRISMA_FIELD_KEYS: &[&str] = &[
    "where", "select", "data", "orderBy", "distinct", "by", "cursor", "_count", "_sum", "_avg",
    "_min", "_max", "create", "update", "omit",
];

fn strip<'b, 'a>(e: &'b Expression<'a>) -> &'b Expression<'a> {
    let mut e = e;
    loop {
        e = match e {
            Expression::ParenthesizedExpression(p) => &p.expression,
            Expression::TSAsExpression(x) => &x.expression,
            Expression::TSSatisfiesExpression(x) => &x.expression,
            Expression::TSNonNullExpression(x) => &x.expression,
            Expression::TSTypeAssertion(x) => &x.expression,
            Expression::AwaitExpression(a) => &a.argument,
            _ => return e,
        };
    }
}

/// A chain link before conversion of its arguments.
struct RawLink<'b, 'a> {
    name: &'b str,
    offset: u32,
    args: Option<&'b oxc_allocator::Vec<'a, Argument<'a>>>,
}

impl<'b, 'a> RawLink<'b, 'a> {
    /// `object.name(…)`: the link, and the object it is called on.
    fn call(c: &'b CallExpression<'a>) -> Option<(Self, &'b Expression<'a>)> {
        let (object, name, offset) = callee_member(&c.callee)?;
        let args = Some(&c.arguments);
        Some((RawLink { name, offset, args }, object))
    }

    /// `object.name`: the link, and the object.
    fn member(m: &'b StaticMemberExpression<'a>) -> (Self, &'b Expression<'a>) {
        let link = RawLink {
            name: m.property.name.as_str(),
            offset: m.property.span.start,
            args: None,
        };
        (link, &m.object)
    }
}

/// Flattens `root.a(…).b.c(…)` into its root and links, innermost first.
fn flatten<'b, 'a>(e: &'b Expression<'a>) -> (&'b Expression<'a>, Vec<RawLink<'b, 'a>>) {
    let mut links = Vec::new();
    let mut cur = e;
    let mut guard = 0;
    loop {
        guard += 1;
        if guard > 10_000 {
            break;
        }
        let stripped = match cur {
            Expression::ParenthesizedExpression(p) => Some(&p.expression),
            Expression::TSAsExpression(x) => Some(&x.expression),
            Expression::TSNonNullExpression(x) => Some(&x.expression),
            Expression::TSSatisfiesExpression(x) => Some(&x.expression),
            _ => None,
        };
        if let Some(s) = stripped {
            cur = s;
            continue;
        }
        // the same links with or without optional chaining (`a?.b(…)`)
        let step = match cur {
            Expression::CallExpression(c) => RawLink::call(c),
            Expression::StaticMemberExpression(m) => Some(RawLink::member(m)),
            Expression::ChainExpression(ch) => match &ch.expression {
                ChainElement::CallExpression(c) => RawLink::call(c),
                ChainElement::StaticMemberExpression(m) => Some(RawLink::member(m)),
                _ => None,
            },
            _ => None,
        };
        let Some((link, object)) = step else { break };
        links.push(link);
        cur = object;
    }
    links.reverse();
    (cur, links)
}

fn callee_member<'b, 'a>(callee: &'b Expression<'a>) -> Option<(&'b Expression<'a>, &'b str, u32)> {
    let mut c = callee;
    loop {
        c = match c {
            Expression::ParenthesizedExpression(p) => &p.expression,
            Expression::TSNonNullExpression(x) => &x.expression,
            _ => break,
        };
    }
    match c {
        Expression::StaticMemberExpression(m) => {
            Some((&m.object, m.property.name.as_str(), m.property.span.start))
        }
        Expression::ChainExpression(ch) => match &ch.expression {
            ChainElement::StaticMemberExpression(m) => {
                Some((&m.object, m.property.name.as_str(), m.property.span.start))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The name a root expression goes by: an identifier, `this`, or the name of the function a
/// call invokes (`createClient()` → `createClient`).
fn root_name<'b>(e: &'b Expression<'_>) -> &'b str {
    match strip(e) {
        Expression::Identifier(id) => id.name.as_str(),
        Expression::ThisExpression(_) => "this",
        Expression::CallExpression(c) => match strip(&c.callee) {
            Expression::Identifier(id) => id.name.as_str(),
            Expression::StaticMemberExpression(m) => m.property.name.as_str(),
            _ => "",
        },
        _ => "",
    }
}

fn is_client_factory(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.contains("client") || l.contains("supabase")
}

impl<'s, 'o> JsVisitor<'s, 'o> {
    fn val(&self, e: &Expression<'_>, depth: usize) -> Val {
        if depth > 8 {
            return Val::Other;
        }
        match e {
            Expression::StringLiteral(s) => {
                let raw = self
                    .src
                    .get(s.span.start as usize + 1..(s.span.end as usize).saturating_sub(1))
                    .unwrap_or("");
                Val::Str {
                    value: s.value.as_str().to_string(),
                    offset: self.base + s.span.start as usize + 1,
                    exact: raw == s.value.as_str(),
                }
            }
            Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
                let q = &t.quasis[0];
                let raw = q.value.raw.as_str();
                let cooked = q.value.cooked.as_ref().map(|c| c.as_str()).unwrap_or(raw);
                Val::Str {
                    value: cooked.to_string(),
                    offset: self.base + t.span.start as usize + 1,
                    exact: raw == cooked,
                }
            }
            Expression::ObjectExpression(o) => {
                let mut props = Vec::new();
                for p in &o.properties {
                    if let ObjectPropertyKind::ObjectProperty(p) = p
                        && let Some((k, off)) = self.key(&p.key, p.computed)
                    {
                        props.push((k, off, self.val(&p.value, depth + 1)));
                    }
                }
                Val::Obj(props)
            }
            Expression::ArrayExpression(a) => Val::Arr(
                a.elements
                    .iter()
                    .filter_map(|el| el.as_expression())
                    .map(|x| self.val(x, depth + 1))
                    .collect(),
            ),
            Expression::ParenthesizedExpression(_)
            | Expression::TSAsExpression(_)
            | Expression::TSSatisfiesExpression(_)
            | Expression::TSNonNullExpression(_) => self.val(strip(e), depth + 1),
            _ => Val::Other,
        }
    }

    fn key(&self, k: &PropertyKey<'_>, computed: bool) -> Option<(String, usize)> {
        if computed {
            return None;
        }
        match k {
            PropertyKey::StaticIdentifier(id) => Some((
                id.name.as_str().to_string(),
                self.base + id.span.start as usize,
            )),
            PropertyKey::StringLiteral(s) => Some((
                s.value.as_str().to_string(),
                self.base + s.span.start as usize + 1,
            )),
            _ => None,
        }
    }

    fn links(&self, raw: &[RawLink<'_, '_>]) -> Vec<Link> {
        raw.iter()
            .map(|l| Link {
                name: l.name.to_string(),
                offset: self.base + l.offset as usize,
                args: l.args.map(|a| {
                    a.iter()
                        .map(|x| match x.as_expression() {
                            Some(e) => self.val(e, 0),
                            None => Val::Other,
                        })
                        .collect()
                }),
                kwargs: Vec::new(),
            })
            .collect()
    }

    /// The name of what link `i` is called on, and the schema a preceding `.schema('s')` sets.
    fn receiver(
        &self,
        root: &Expression<'_>,
        raw: &[RawLink<'_, '_>],
        i: usize,
    ) -> (String, Option<String>, Option<usize>) {
        let mut j = i;
        let mut schema = None;
        if j > 0 && raw[j - 1].name == "schema" && raw[j - 1].args.is_some() {
            if let Some(a) = raw[j - 1].args
                && let Some(Expression::StringLiteral(s)) =
                    a.first().and_then(|x| x.as_expression())
            {
                schema = Some(s.value.as_str().to_string());
            }
            j -= 1;
        }
        if j == 0 {
            (root_name(root).to_string(), schema, None)
        } else {
            (raw[j - 1].name.to_string(), schema, Some(j - 1))
        }
    }

    /// Whether `.from(...)` at link `i` is a Supabase client's.
    fn is_supabase_from(&self, root: &Expression<'_>, raw: &[RawLink<'_, '_>], i: usize) -> bool {
        let Some(args) = raw[i].args else {
            return false;
        };
        let literal = matches!(
            args.first().and_then(|a| a.as_expression()).map(strip),
            Some(Expression::StringLiteral(_))
        ) || matches!(
            args.first().and_then(|a| a.as_expression()).map(strip),
            Some(Expression::TemplateLiteral(t)) if t.expressions.is_empty()
        );
        if !literal {
            return false;
        }
        let (recv, _, recv_link) = self.receiver(root, raw, i);
        if recv.is_empty()
            && recv_link.is_none()
            && !matches!(strip(root), Expression::CallExpression(_))
        {
            // `(a || b).from(...)`, `x[0].from(...)`: judge by what follows.
            return raw
                .get(i + 1)
                .is_some_and(|n| postgrest::is_builder_method(n.name) && n.args.is_some());
        }
        if recv.to_ascii_lowercase().contains("storage") {
            return false;
        }
        // A class (`Array.from`, `Buffer.from`, `Observable.from`) when the root itself is
        // the capitalised name.
        if recv_link.is_none()
            && matches!(strip(root), Expression::Identifier(_))
            && recv.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && !is_client_name(&recv)
        {
            return false;
        }
        let bound = recv_link.is_none() && self.client_vars.contains(&recv);
        let factory = recv_link.is_none()
            && matches!(strip(root), Expression::CallExpression(_))
            && is_client_factory(&recv);
        let next_builder = raw
            .get(i + 1)
            .is_some_and(|n| postgrest::is_builder_method(n.name) && n.args.is_some());
        is_client_name(&recv) || bound || factory || next_builder
    }

    fn handle_chain(&mut self, root: &Expression<'_>, raw: &[RawLink<'_, '_>]) {
        // Continuation of a builder held in a variable.
        if let Expression::Identifier(id) = strip(root)
            && let Some((schema, table)) = self.chain_vars.get(id.name.as_str()).cloned()
            && !raw.iter().any(|l| l.name == "from")
        {
            let links = self.links(raw);
            postgrest::interpret_continued_chain(&links, &schema, &table, self.out);
            return;
        }
        for i in 0..raw.len() {
            let name = raw[i].name;
            match name {
                "from" if self.is_supabase_from(root, raw, i) => {
                    let (_, schema, _) = self.receiver(root, raw, i);
                    let links = self.links(raw);
                    postgrest::interpret_table_chain(
                        &links,
                        i,
                        schema.as_deref().unwrap_or("public"),
                        self.out,
                    );
                    return;
                }
                "rpc" if raw[i].args.is_some() => {
                    let (recv, schema, recv_link) = self.receiver(root, raw, i);
                    if recv.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                        && recv_link.is_none()
                        && !is_client_name(&recv)
                    {
                        continue;
                    }
                    if !(is_client_name(&recv)
                        || self.client_vars.contains(&recv)
                        || recv_link.is_some()
                        || is_client_factory(&recv))
                    {
                        continue;
                    }
                    let links = self.links(&raw[i..=i]);
                    postgrest::interpret_rpc(
                        &links[0],
                        schema.as_deref().unwrap_or("public"),
                        self.out,
                    );
                    return;
                }
                "query" | "execute" | "unsafe" | "raw" | "$queryRawUnsafe"
                | "$executeRawUnsafe" | "many" | "one" | "oneOrNone" | "manyOrNone" | "any"
                | "none" | "result"
                    if raw[i].args.is_some() =>
                {
                    let (recv, _, _) = self.receiver(root, raw, i);
                    if is_other_db_name(&recv)
                        || (self.other_db_import
                            && !recv.to_ascii_lowercase().contains("pg")
                            && !recv.to_ascii_lowercase().contains("postgres"))
                    {
                        continue;
                    }
                    if let Some(first) = raw[i]
                        .args
                        .and_then(|a| a.first())
                        .and_then(|a| a.as_expression())
                    {
                        self.raw_sql_expr(first);
                    }
                }
                _ if PRISMA_OPS.contains(&name)
                    && i >= 1
                    && raw[i].args.is_some()
                    && raw[i - 1].args.is_none() =>
                {
                    let model = raw[i - 1].name;
                    if model.starts_with('$')
                        || matches!(
                            model,
                            "query" | "auth" | "storage" | "functions" | "realtime"
                        )
                    {
                        continue;
                    }
                    let recv = if i >= 2 {
                        raw[i - 2].name.to_string()
                    } else {
                        root_name(root).to_string()
                    };
                    if !is_prisma_receiver(&recv) {
                        continue;
                    }
                    let first = raw[i]
                        .args
                        .and_then(|a| a.first())
                        .and_then(|a| a.as_expression());
                    let arg = first.map(|e| self.val(e, 0));
                    let prisma_named = recv.to_ascii_lowercase().contains("prisma");
                    let prisma_shaped = matches!(&arg, Some(Val::Obj(p)) if p.iter().any(|(k, _, _)| PRISMA_FIELD_KEYS.contains(&k.as_str()) || k == "include"));
                    if !(prisma_named || prisma_specific_op(name) || prisma_shaped) {
                        continue;
                    }
                    if first.is_some() && !matches!(arg, Some(Val::Obj(_))) {
                        continue;
                    }
                    self.prisma(model, self.base + raw[i - 1].offset as usize, arg.as_ref());
                    return;
                }
                _ => {}
            }
        }
    }

    fn prisma(&mut self, model: &str, offset: usize, arg: Option<&Val>) {
        self.out.push(RawRef {
            kind: RefKind::Table,
            schema: "public".into(),
            table: model.to_string(),
            via: Vec::new(),
            column: None,
            usage: Usage::Prisma,
            offset,
        });
        if let Some(Val::Obj(props)) = arg {
            for (k, _, v) in props {
                if PRISMA_FIELD_KEYS.contains(&k.as_str()) {
                    self.prisma_fields(model, v, 0);
                }
            }
        }
    }

    /// Field names of a Prisma argument (`where`, `select`, `data`, `orderBy`): object keys,
    /// recursing through `AND`/`OR`/`NOT` and arrays. Keys that are relation fields are
    /// recorded too; the check ignores fields the model map does not list.
    fn prisma_fields(&mut self, model: &str, v: &Val, depth: usize) {
        if depth > 6 {
            return;
        }
        match v {
            Val::Obj(props) => {
                for (k, off, inner) in props {
                    if matches!(k.as_str(), "AND" | "OR" | "NOT") {
                        self.prisma_fields(model, inner, depth + 1);
                        continue;
                    }
                    if k.starts_with('_') {
                        continue;
                    }
                    self.out.push(RawRef {
                        kind: RefKind::Column,
                        schema: "public".into(),
                        table: model.to_string(),
                        via: Vec::new(),
                        column: Some(k.clone()),
                        usage: Usage::Prisma,
                        offset: *off,
                    });
                }
            }
            Val::Arr(items) => {
                for it in items {
                    self.prisma_fields(model, it, depth + 1);
                }
            }
            Val::Str { value, offset, .. } => {
                // `distinct: 'field'`, `by: ['a', 'b']`
                self.out.push(RawRef {
                    kind: RefKind::Column,
                    schema: "public".into(),
                    table: model.to_string(),
                    via: Vec::new(),
                    column: Some(value.clone()),
                    usage: Usage::Prisma,
                    offset: *offset,
                });
            }
            Val::Other => {}
        }
    }

    /// Raw SQL in a string or template literal.
    fn raw_sql_expr(&mut self, e: &Expression<'_>) {
        match strip(e) {
            Expression::StringLiteral(s) => {
                let raw = self
                    .src
                    .get(s.span.start as usize + 1..(s.span.end as usize).saturating_sub(1))
                    .unwrap_or("");
                let exact = raw == s.value.as_str();
                let start = self.base + s.span.start as usize + 1;
                for r in raw_sql::extract(s.value.as_str(), raw_sql::Placeholders::Js) {
                    self.out.push(raw_sql::to_raw_ref(r, start, exact));
                }
            }
            Expression::TemplateLiteral(t) => self.template_sql(t),
            _ => {}
        }
    }

    fn template_sql(&mut self, t: &TemplateLiteral<'_>) {
        let (a, b) = (
            t.span.start as usize + 1,
            (t.span.end as usize).saturating_sub(1),
        );
        let Some(body) = self.src.get(a..b) else {
            return;
        };
        let mut text = body.to_string();
        // Replace each `${…}` with a placeholder of the same length.
        for w in t.quasis.windows(2) {
            let (ea, eb) = (w[0].span.end as usize, w[1].span.start as usize);
            if ea < a || eb > b || ea >= eb {
                continue;
            }
            let len = eb - ea;
            let ph = if len >= 2 {
                format!("$1{}", " ".repeat(len - 2))
            } else {
                " ".repeat(len)
            };
            if text.is_char_boundary(ea - a) && text.is_char_boundary(eb - a) {
                text.replace_range(ea - a..eb - a, &ph);
            }
        }
        let start = self.base + a;
        for r in raw_sql::extract(&text, raw_sql::Placeholders::Js) {
            self.out.push(raw_sql::to_raw_ref(r, start, true));
        }
    }
}

fn tag_name<'b>(e: &'b Expression<'_>) -> &'b str {
    match strip(e) {
        Expression::Identifier(id) => id.name.as_str(),
        Expression::StaticMemberExpression(m) => m.property.name.as_str(),
        Expression::CallExpression(c) => tag_name(&c.callee),
        _ => "",
    }
}

impl<'a> Visit<'a> for JsVisitor<'_, '_> {
    fn visit_expression(&mut self, it: &Expression<'a>) {
        if self.depth >= MAX_WALK_DEPTH {
            self.too_deep = true;
            return;
        }
        self.depth += 1;
        walk::walk_expression(self, it);
        self.depth -= 1;
    }

    fn visit_statement(&mut self, it: &Statement<'a>) {
        if self.depth >= MAX_WALK_DEPTH {
            self.too_deep = true;
            return;
        }
        self.depth += 1;
        walk::walk_statement(self, it);
        self.depth -= 1;
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        if OTHER_DB_MODULES.contains(&it.source.value.as_str()) {
            self.other_db_import = true;
        }
        walk::walk_import_declaration(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
            let name = id.name.as_str().to_string();
            let init_s = strip(init);
            if let Expression::CallExpression(c) = init_s {
                let (root, raw) = flatten(init_s);
                if let Some(i) = raw.iter().position(|l| l.name == "from")
                    && self.is_supabase_from(root, &raw, i)
                {
                    let (_, schema, _) = self.receiver(root, &raw, i);
                    if let Some(Expression::StringLiteral(s)) = raw[i]
                        .args
                        .and_then(|a| a.first())
                        .and_then(|a| a.as_expression())
                        .map(strip)
                    {
                        self.chain_vars.insert(
                            name.clone(),
                            (
                                schema.unwrap_or_else(|| "public".into()),
                                s.value.as_str().to_string(),
                            ),
                        );
                    }
                } else if let Expression::Identifier(f) = strip(&c.callee)
                    && is_client_factory(f.name.as_str())
                {
                    self.client_vars.insert(name.clone());
                } else if let Expression::StaticMemberExpression(m) = strip(&c.callee)
                    && is_client_factory(m.property.name.as_str())
                {
                    self.client_vars.insert(name.clone());
                }
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let start = it.span.start;
        if !self.consumed.contains(&start) {
            self.consumed.insert(start);
            // Re-wrap: flatten works on expressions; walk the callee chain from this call.
            let (root, mut raw) = match callee_member(&it.callee) {
                Some((obj, name, off)) => {
                    let (root, mut inner) = flatten(obj);
                    inner.push(RawLink {
                        name,
                        offset: off,
                        args: Some(&it.arguments),
                    });
                    (root, std::mem::take(&mut inner))
                }
                None => (&it.callee, Vec::new()),
            };
            if !raw.is_empty() {
                self.handle_chain(root, &raw);
            } else if let Expression::Identifier(id) = strip(&it.callee)
                && id.name.as_str() == "require"
                && let Some(Expression::StringLiteral(s)) =
                    it.arguments.first().and_then(|a| a.as_expression())
                && OTHER_DB_MODULES.contains(&s.value.as_str())
            {
                self.other_db_import = true;
            }
            raw.clear();
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_tagged_template_expression(&mut self, it: &TaggedTemplateExpression<'a>) {
        let tag = tag_name(&it.tag);
        let recv_other = match strip(&it.tag) {
            Expression::StaticMemberExpression(m) => is_other_db_name(root_name(&m.object)),
            _ => false,
        };
        if matches!(
            tag,
            "sql" | "SQL" | "$queryRaw" | "$executeRaw" | "query" | "unsafe"
        ) && !recv_other
            && !(self.other_db_import && tag == "sql")
        {
            self.template_sql(&it.quasi);
        }
        walk::walk_tagged_template_expression(self, it);
    }
}
