//! Python, parsed with tree-sitter: supabase-py chains (`.table('t')` / `.from_('t')`, the
//! same builder methods as supabase-js, `.rpc('fn', {...})`) and raw SQL handed to psycopg /
//! asyncpg / SQLAlchemy (`cursor.execute("...")`, `conn.fetch("...")`,
//! `session.execute(text("..."))`).

use super::javascript::{is_client_name, is_other_db_name};
use super::postgrest::{self, Link, RawRef, Val};
use super::raw_sql;
use std::collections::HashSet;
use tree_sitter::{Node, Parser};

/// Python modules of clients for databases other than PostgreSQL.
const OTHER_DB_MODULES: &[&str] = &[
    "sqlite3",
    "aiosqlite",
    "pymysql",
    "MySQLdb",
    "mysql.connector",
    "aiomysql",
    "clickhouse_driver",
    "clickhouse_connect",
    "duckdb",
    "snowflake",
    "pyodbc",
    "cx_Oracle",
    "oracledb",
    "pymssql",
    "cassandra",
];

/// Extracts references from a Python file. Returns whether the parser gave up.
pub fn extract(text: &str, out: &mut Vec<RawRef>) -> bool {
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        return true;
    }
    let Some(tree) = parser.parse(text, None) else {
        return true;
    };
    let mut v = PyVisitor {
        src: text,
        out,
        consumed: HashSet::new(),
        other_db_import: false,
    };
    // Iterative pre-order walk (deeply nested code must not overflow the stack).
    let mut cursor = tree.walk();
    let mut visited_children = false;
    loop {
        let node = cursor.node();
        if !visited_children {
            v.visit(node);
            if cursor.goto_first_child() {
                continue;
            }
        }
        if cursor.goto_next_sibling() {
            visited_children = false;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
        visited_children = true;
    }
    false
}

struct PyVisitor<'s, 'o> {
    src: &'s str,
    out: &'o mut Vec<RawRef>,
    consumed: HashSet<usize>,
    other_db_import: bool,
}

struct PyLink<'t> {
    name: String,
    offset: usize,
    args: Option<Node<'t>>,
}

impl<'s> PyVisitor<'s, '_> {
    fn text(&self, n: Node<'_>) -> &'s str {
        self.src.get(n.start_byte()..n.end_byte()).unwrap_or("")
    }

    fn visit(&mut self, n: Node<'_>) {
        match n.kind() {
            "import_statement" | "import_from_statement" => {
                let t = self.text(n);
                if OTHER_DB_MODULES.iter().any(|m| {
                    t.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                        .any(|w| w == *m || w.starts_with(&format!("{m}.")))
                }) {
                    self.other_db_import = true;
                }
            }
            "call" if self.consumed.insert(n.start_byte()) => self.call(n),
            _ => {}
        }
    }

    /// Flattens `root.a(...).b.c(...)`.
    fn flatten<'t>(&self, n: Node<'t>) -> (Node<'t>, Vec<PyLink<'t>>) {
        let mut links = Vec::new();
        let mut cur = n;
        for _ in 0..10_000 {
            match cur.kind() {
                "call" => {
                    let Some(f) = cur.child_by_field_name("function") else {
                        break;
                    };
                    if f.kind() != "attribute" {
                        break;
                    }
                    let (Some(obj), Some(attr)) = (
                        f.child_by_field_name("object"),
                        f.child_by_field_name("attribute"),
                    ) else {
                        break;
                    };
                    links.push(PyLink {
                        name: self.text(attr).to_string(),
                        offset: attr.start_byte(),
                        args: cur.child_by_field_name("arguments"),
                    });
                    cur = obj;
                }
                "attribute" => {
                    let (Some(obj), Some(attr)) = (
                        cur.child_by_field_name("object"),
                        cur.child_by_field_name("attribute"),
                    ) else {
                        break;
                    };
                    links.push(PyLink {
                        name: self.text(attr).to_string(),
                        offset: attr.start_byte(),
                        args: None,
                    });
                    cur = obj;
                }
                "parenthesized_expression" | "await" => match cur.named_child(0) {
                    Some(c) => cur = c,
                    None => break,
                },
                _ => break,
            }
        }
        links.reverse();
        (cur, links)
    }

    fn root_name(&self, root: Node<'_>) -> String {
        match root.kind() {
            "identifier" => self.text(root).to_string(),
            "call" => root
                .child_by_field_name("function")
                .map(|f| {
                    let t = self.text(f);
                    t.rsplit('.').next().unwrap_or(t).to_string()
                })
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn val(&self, n: Node<'_>, depth: usize) -> Val {
        if depth > 8 {
            return Val::Other;
        }
        match n.kind() {
            "string" => self.string_val(n).unwrap_or(Val::Other),
            "dictionary" => {
                let mut props = Vec::new();
                let mut c = n.walk();
                for p in n.named_children(&mut c) {
                    if p.kind() != "pair" {
                        continue;
                    }
                    let (Some(k), Some(v)) =
                        (p.child_by_field_name("key"), p.child_by_field_name("value"))
                    else {
                        continue;
                    };
                    if let Some(Val::Str { value, offset, .. }) = self.string_val(k) {
                        props.push((value, offset, self.val(v, depth + 1)));
                    }
                }
                Val::Obj(props)
            }
            "list" | "tuple" => {
                let mut c = n.walk();
                Val::Arr(
                    n.named_children(&mut c)
                        .map(|x| self.val(x, depth + 1))
                        .collect(),
                )
            }
            "call" => {
                // `dict(a=1, b=2)`
                let f = n.child_by_field_name("function").map(|f| self.text(f));
                if f == Some("dict") {
                    let mut props = Vec::new();
                    if let Some(args) = n.child_by_field_name("arguments") {
                        let mut c = args.walk();
                        for a in args.named_children(&mut c) {
                            if a.kind() == "keyword_argument"
                                && let (Some(k), Some(v)) = (
                                    a.child_by_field_name("name"),
                                    a.child_by_field_name("value"),
                                )
                            {
                                props.push((
                                    self.text(k).to_string(),
                                    k.start_byte(),
                                    self.val(v, depth + 1),
                                ));
                            }
                        }
                    }
                    return Val::Obj(props);
                }
                Val::Other
            }
            "parenthesized_expression" => n
                .named_child(0)
                .map(|c| self.val(c, depth + 1))
                .unwrap_or(Val::Other),
            _ => Val::Other,
        }
    }

    /// A plain string literal (no interpolation); `exact` when it has no escapes.
    fn string_val(&self, n: Node<'_>) -> Option<Val> {
        if n.kind() != "string" {
            return None;
        }
        let mut c = n.walk();
        let kids: Vec<Node> = n.children(&mut c).collect();
        let start = kids.first().filter(|k| k.kind() == "string_start")?;
        let end = kids.last().filter(|k| k.kind() == "string_end")?;
        if kids.iter().any(|k| k.kind() == "interpolation") {
            return None;
        }
        let escapes = kids.iter().any(|k| k.kind() == "escape_sequence");
        let (a, b) = (start.end_byte(), end.start_byte());
        let raw = self.src.get(a..b)?;
        let value = if escapes {
            raw.replace("\\'", "'")
                .replace("\\\"", "\"")
                .replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\\\", "\\")
        } else {
            raw.to_string()
        };
        Some(Val::Str {
            value,
            offset: a,
            exact: !escapes,
        })
    }

    fn args(&self, args: Option<Node<'_>>) -> (Option<Vec<Val>>, Vec<(String, Val)>) {
        let Some(a) = args else {
            return (None, Vec::new());
        };
        let mut pos = Vec::new();
        let mut kw = Vec::new();
        let mut c = a.walk();
        for x in a.named_children(&mut c) {
            if x.kind() == "keyword_argument" {
                if let (Some(k), Some(v)) = (
                    x.child_by_field_name("name"),
                    x.child_by_field_name("value"),
                ) {
                    kw.push((self.text(k).to_string(), self.val(v, 0)));
                }
            } else if x.kind() != "comment" {
                pos.push(self.val(x, 0));
            }
        }
        (Some(pos), kw)
    }

    fn links(&self, raw: &[PyLink<'_>]) -> Vec<Link> {
        raw.iter()
            .map(|l| {
                let (args, kwargs) = self.args(l.args);
                Link {
                    name: l.name.clone(),
                    offset: l.offset,
                    args,
                    kwargs,
                }
            })
            .collect()
    }

    fn first_arg<'t>(&self, l: &PyLink<'t>) -> Option<Node<'t>> {
        let a = l.args?;
        let mut c = a.walk();
        a.named_children(&mut c).find(|x| x.kind() != "comment")
    }

    fn call(&mut self, n: Node<'_>) {
        let (root, raw) = self.flatten(n);
        if raw.is_empty() {
            return;
        }
        for i in 0..raw.len() {
            let name = raw[i].name.as_str();
            let (recv, schema) = self.receiver(root, &raw, i);
            match name {
                "table" | "from_" if raw[i].args.is_some() => {
                    let literal = self
                        .first_arg(&raw[i])
                        .and_then(|x| self.string_val(x))
                        .is_some();
                    if !literal || recv.to_ascii_lowercase().contains("storage") {
                        continue;
                    }
                    let next_builder = raw
                        .get(i + 1)
                        .is_some_and(|l| postgrest::is_builder_method(&l.name));
                    if !(is_client_name(&recv) || next_builder) {
                        continue;
                    }
                    let links = self.links(&raw);
                    postgrest::interpret_table_chain(
                        &links,
                        i,
                        schema.as_deref().unwrap_or("public"),
                        self.out,
                    );
                    return;
                }
                "rpc" if raw[i].args.is_some() => {
                    if !is_client_name(&recv) && i == 0 {
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
                "execute" | "executemany" | "fetch" | "fetchrow" | "fetchval" | "fetchall"
                | "query"
                    if raw[i].args.is_some() =>
                {
                    let l = recv.to_ascii_lowercase();
                    if is_other_db_name(&recv)
                        || (self.other_db_import
                            && !l.contains("pg")
                            && !l.contains("psycopg")
                            && !l.contains("postgres"))
                    {
                        continue;
                    }
                    if let Some(first) = self.first_arg(&raw[i]) {
                        self.raw_sql(first);
                    }
                }
                _ => {}
            }
        }
    }

    fn receiver(&self, root: Node<'_>, raw: &[PyLink<'_>], i: usize) -> (String, Option<String>) {
        let mut j = i;
        let mut schema = None;
        if j > 0 && raw[j - 1].name == "schema" {
            if let Some(Val::Str { value, .. }) =
                self.first_arg(&raw[j - 1]).and_then(|x| self.string_val(x))
            {
                schema = Some(value);
            }
            j -= 1;
        }
        if j == 0 {
            (self.root_name(root), schema)
        } else {
            (raw[j - 1].name.clone(), schema)
        }
    }

    /// SQL in a string, an f-string (interpolations become placeholders) or `text("...")`.
    fn raw_sql(&mut self, n: Node<'_>) {
        let mut n = n;
        if n.kind() == "call" {
            let f = n
                .child_by_field_name("function")
                .map(|f| self.text(f))
                .unwrap_or("");
            if !(f == "text" || f.ends_with(".text") || f.ends_with("SQL")) {
                return;
            }
            let Some(first) = n
                .child_by_field_name("arguments")
                .and_then(|a| a.named_child(0))
            else {
                return;
            };
            n = first;
        }
        if n.kind() != "string" {
            return;
        }
        let mut c = n.walk();
        let kids: Vec<Node> = n.children(&mut c).collect();
        let (Some(start), Some(end)) = (kids.first(), kids.last()) else {
            return;
        };
        if start.kind() != "string_start" || end.kind() != "string_end" {
            return;
        }
        let (a, b) = (start.end_byte(), end.start_byte());
        let Some(body) = self.src.get(a..b) else {
            return;
        };
        let mut text = body.to_string();
        for k in &kids {
            if k.kind() == "interpolation" {
                let (ka, kb) = (k.start_byte(), k.end_byte());
                if ka < a
                    || kb > b
                    || !text.is_char_boundary(ka - a)
                    || !text.is_char_boundary(kb - a)
                {
                    continue;
                }
                let len = kb - ka;
                let ph = if len >= 2 {
                    format!("$1{}", " ".repeat(len - 2))
                } else {
                    " ".repeat(len)
                };
                text.replace_range(ka - a..kb - a, &ph);
            }
        }
        for r in raw_sql::extract(&text, raw_sql::Placeholders::Python) {
            self.out.push(raw_sql::to_raw_ref(r, a, true));
        }
    }
}
