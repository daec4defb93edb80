//! PostgREST as the client libraries speak it: the select grammar
//! (`a, alias:b, rel!inner(c), col::text, data->a->>b, count()`), the logic-tree grammar of
//! `.or('a.eq.1,and(b.gt.2,c.is.null)')`, column paths of filters (`rel.col`, `col->>k`), and
//! the meaning of a query-builder chain (`from … select … eq … order …`), shared by the
//! JavaScript and Python front ends.

use super::{RefKind, Usage};

/// An argument of a call, reduced to what matters here.
#[derive(Clone, Debug)]
pub enum Val {
    /// A string: its value and the byte offset of the value's first character in the file.
    /// `exact` is false when the literal had escapes (offsets inside are then approximate).
    Str {
        value: String,
        offset: usize,
        exact: bool,
    },
    /// An object / dict literal: keys with their offsets, and values.
    Obj(Vec<(String, usize, Val)>),
    Arr(Vec<Val>),
    /// Anything else (a variable, a call, a number).
    Other,
}

impl Val {
    pub fn as_str(&self) -> Option<(&str, usize, bool)> {
        match self {
            Val::Str {
                value,
                offset,
                exact,
            } => Some((value, *offset, *exact)),
            _ => None,
        }
    }

    /// The value of a key of an object literal.
    pub fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Obj(props) => props.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }
}

/// One call (or property access) of a method chain: `.eq('a', 1)`.
#[derive(Clone, Debug)]
pub struct Link {
    pub name: String,
    /// Byte offset of the method name.
    pub offset: usize,
    /// Positional arguments; `None` for a property access without a call.
    pub args: Option<Vec<Val>>,
    /// Keyword arguments (Python).
    pub kwargs: Vec<(String, Val)>,
}

impl Link {
    pub fn arg(&self, i: usize) -> Option<&Val> {
        self.args.as_ref().and_then(|a| a.get(i))
    }
    pub fn kwarg(&self, name: &str) -> Option<&Val> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// A reference found in a file, positioned by byte offset (the front end turns it into a
/// line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRef {
    pub kind: RefKind,
    pub schema: String,
    pub table: String,
    pub via: Vec<String>,
    pub column: Option<String>,
    pub usage: Usage,
    pub offset: usize,
}

/// A name in a select list or filter, with its byte position in the string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectItem {
    Column {
        name: String,
        at: usize,
    },
    Embed {
        name: String,
        at: usize,
        items: Vec<SelectItem>,
    },
}

/// Parses a PostgREST select list. Positions are byte indexes into `s`. Never fails: what
/// cannot be read is skipped.
pub fn parse_select(s: &str) -> Vec<SelectItem> {
    let mut out = Vec::new();
    parse_select_into(s, 0, s.len(), &mut out, 0);
    out
}

fn parse_select_into(s: &str, start: usize, end: usize, out: &mut Vec<SelectItem>, depth: usize) {
    if depth > 32 {
        return;
    }
    for (a, b) in split_top(s, start, end) {
        parse_item(s, a, b, out, depth);
    }
}

/// Splits `s[start..end]` at top-level commas (outside parentheses and double quotes).
fn split_top(s: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut from = start;
    let mut i = start;
    while i < end {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => depth -= 1,
            b',' if !quoted && depth <= 0 => {
                parts.push((from, i));
                from = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push((from, end));
    parts
}

fn trim_range(s: &str, mut a: usize, mut b: usize) -> (usize, usize) {
    let bytes = s.as_bytes();
    while a < b && bytes[a].is_ascii_whitespace() {
        a += 1;
    }
    while b > a && bytes[b - 1].is_ascii_whitespace() {
        b -= 1;
    }
    (a, b)
}

/// Index of the first `c` at top level (outside double quotes) in `s[a..b]`, skipping `::`
/// when `c` is `:`.
fn find_top(s: &str, a: usize, b: usize, c: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut quoted = false;
    let mut i = a;
    while i < b {
        let x = bytes[i];
        if x == b'"' {
            quoted = !quoted;
        } else if !quoted && x == c {
            if c == b':' && i + 1 < b && bytes[i + 1] == b':' {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

fn parse_item(s: &str, a: usize, b: usize, out: &mut Vec<SelectItem>, depth: usize) {
    let (mut a, b) = trim_range(s, a, b);
    if a >= b {
        return;
    }
    if s[a..b].starts_with("...") {
        a += 3;
    }
    // `alias:rest` (not `::`), only before any parenthesis.
    let paren = find_top(s, a, b, b'(');
    let limit = paren.unwrap_or(b);
    if let Some(colon) = find_top(s, a, limit, b':') {
        a = colon + 1;
        let (na, _) = trim_range(s, a, b);
        a = na;
    }
    if let Some(p) = paren {
        // An embedded resource `rel!hint(...)`, or an aggregate `count()` / `col.sum()`.
        let close = s[p..b].rfind(')').map(|i| p + i).unwrap_or(b);
        let (ha, hb) = trim_range(s, a, p);
        let head = &s[ha..hb];
        let name_end = head.find('!').map(|i| ha + i).unwrap_or(hb);
        let name = &s[ha..name_end];
        if let Some(dot) = name.rfind('.') {
            // `amount.sum()`: an aggregate over a column.
            let col = &name[..dot];
            if is_aggregate(&name[dot + 1..]) && !col.is_empty() {
                push_column(col, ha, out);
            }
            return;
        }
        if is_aggregate(name) && s[p + 1..close].trim().is_empty() {
            return;
        }
        if name.is_empty() {
            return;
        }
        let mut items = Vec::new();
        parse_select_into(s, p + 1, close, &mut items, depth + 1);
        let (nm, at) = unquote(name, ha);
        out.push(SelectItem::Embed {
            name: nm,
            at,
            items,
        });
        return;
    }
    let text = &s[a..b];
    // Cast, JSON path, aggregate suffix.
    let mut end = text.len();
    if let Some(i) = text.find("::") {
        end = end.min(i);
    }
    if let Some(i) = text.find("->") {
        end = end.min(i);
    }
    let name = text[..end].trim_end();
    if name == "*" || name.is_empty() || name == "count" {
        return;
    }
    push_column(name, a, out);
}

fn is_aggregate(name: &str) -> bool {
    matches!(name, "count" | "sum" | "avg" | "min" | "max")
}

fn unquote(name: &str, at: usize) -> (String, usize) {
    match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(inner) => (inner.to_string(), at + 1),
        None => (name.to_string(), at),
    }
}

fn push_column(name: &str, at: usize, out: &mut Vec<SelectItem>) {
    let (nm, at) = unquote(name.trim(), at);
    if nm.is_empty() || nm == "*" || !nm.chars().any(|c| c.is_alphanumeric() || c == '_') {
        return;
    }
    out.push(SelectItem::Column { name: nm, at });
}

/// A filter's column path: `col`, `col->a->>b`, `rel.col`, `rel.sub.col`. Returns the embed
/// path, the column, and the column's byte index.
pub fn parse_column_path(s: &str) -> Option<(Vec<String>, String, usize)> {
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    let mut end = t.len();
    if let Some(i) = t.find("->") {
        end = end.min(i);
    }
    if let Some(i) = t.find("::") {
        end = end.min(i);
    }
    let t = &t[..end];
    if t.is_empty() || t == "*" {
        return None;
    }
    let mut path: Vec<String> = Vec::new();
    let mut at = lead;
    let mut rest = t;
    while let Some(dot) = rest.find('.') {
        if rest.starts_with('"') {
            break;
        }
        path.push(rest[..dot].to_string());
        at += dot + 1;
        rest = &rest[dot + 1..];
    }
    let (name, at) = unquote(rest, at);
    if name.is_empty() {
        return None;
    }
    Some((path, name, at))
}

/// The column of an `order` term. Besides a column path, PostgREST orders by a column of a
/// to-one embedded resource written `relation(column)` (`.order('authors(name)')`): that is
/// column `name` reached through `authors`, never a column called `authors(name)`.
pub fn parse_order_column(s: &str) -> Option<(Vec<String>, String, usize)> {
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if let Some(open) = t.find('(')
        && t.ends_with(')')
        && !t[..open].contains("->")
    {
        let relation = t[..open].trim();
        let (inner_path, col, at) = parse_column_path(&t[open + 1..t.len() - 1])?;
        if relation.is_empty() || !inner_path.is_empty() {
            return None;
        }
        let (relation, _) = unquote(relation, 0);
        return Some((vec![relation], col, lead + open + 1 + at));
    }
    parse_column_path(s)
}

/// The columns of a logic tree (`.or('a.eq.1,and(b.gt.2,c.not.is.null)')`), each with its
/// byte index in `s`.
pub fn parse_logic_tree(s: &str) -> Vec<(Vec<String>, String, usize)> {
    let mut out = Vec::new();
    logic_into(s, 0, s.len(), &mut out, 0);
    out
}

fn logic_into(
    s: &str,
    start: usize,
    end: usize,
    out: &mut Vec<(Vec<String>, String, usize)>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    for (a, b) in split_top(s, start, end) {
        let (a, b) = trim_range(s, a, b);
        if a >= b {
            continue;
        }
        let text = &s[a..b];
        let (skip, t) = match text.strip_prefix("not.") {
            Some(r) => (4, r),
            None => (0, text),
        };
        if (t.starts_with("and(") || t.starts_with("or(")) && t.ends_with(')') {
            let open = a + skip + t.find('(').unwrap_or(0);
            logic_into(s, open + 1, b - 1, out, depth + 1);
            continue;
        }
        // `col.op.value`: the column ends at the first '.' that starts an operator (json
        // paths may not contain dots; embedded paths are not allowed in logic trees).
        let col_end = if let Some(inner) = text.strip_prefix('"') {
            inner.find('"').map(|i| i + 2).unwrap_or(text.len())
        } else {
            text.find('.').unwrap_or(text.len())
        };
        if col_end >= text.len() {
            continue; // not a condition
        }
        if let Some((path, name, at)) = parse_column_path(&text[..col_end]) {
            out.push((path, name, a + at));
        }
    }
}

/// Filter methods whose first argument is a column.
const COLUMN_FILTERS: &[&str] = &[
    "eq",
    "neq",
    "gt",
    "gte",
    "lt",
    "lte",
    "like",
    "ilike",
    "is",
    "in",
    "in_",
    "contains",
    "containedBy",
    "contained_by",
    "rangeGt",
    "rangeGte",
    "rangeLt",
    "rangeLte",
    "rangeAdjacent",
    "range_gt",
    "range_gte",
    "range_lt",
    "range_lte",
    "range_adjacent",
    "overlaps",
    "textSearch",
    "text_search",
    "fts",
    "plfts",
    "phfts",
    "wfts",
    "likeAllOf",
    "likeAnyOf",
    "ilikeAllOf",
    "ilikeAnyOf",
    "like_all_of",
    "like_any_of",
    "ilike_all_of",
    "ilike_any_of",
    "isDistinct",
    "not",
    "not_",
    "filter",
    "cs",
    "cd",
    "sl",
    "sr",
    "nxl",
    "nxr",
    "adj",
    "ov",
];

/// Whether a method is one a PostgREST query builder has right after `from`.
pub fn is_builder_method(name: &str) -> bool {
    matches!(name, "select" | "insert" | "upsert" | "update" | "delete")
}

struct ChainState {
    schema: String,
    table: String,
}

impl ChainState {
    fn table_ref(&self, usage: Usage, offset: usize) -> RawRef {
        RawRef {
            kind: RefKind::Table,
            schema: self.schema.clone(),
            table: self.table.clone(),
            via: Vec::new(),
            column: None,
            usage,
            offset,
        }
    }

    /// A column of the root table, or (with an embed path) of an embedded resource.
    fn column_ref(&self, path: &[String], name: &str, usage: Usage, offset: usize) -> RawRef {
        let (table, via) = match path.split_last() {
            Some((last, before)) => {
                let mut via = vec![self.table.clone()];
                via.extend(before.iter().cloned());
                (last.clone(), via)
            }
            None => (self.table.clone(), Vec::new()),
        };
        RawRef {
            kind: RefKind::Column,
            schema: self.schema.clone(),
            table,
            via,
            column: Some(name.to_string()),
            usage,
            offset,
        }
    }
}

fn pos(offset: usize, exact: bool, i: usize) -> usize {
    if exact { offset + i } else { offset }
}

/// The embed path named by a `referencedTable` / `foreignTable` option (`'a.b'`).
fn referenced_table(opts: Option<&Val>) -> Vec<String> {
    let Some(o) = opts else { return Vec::new() };
    for k in [
        "referencedTable",
        "foreignTable",
        "referenced_table",
        "foreign_table",
    ] {
        if let Some((v, _, _)) = o.get(k).and_then(|v| v.as_str()) {
            return v.split('.').map(|p| p.trim().to_string()).collect();
        }
    }
    Vec::new()
}

/// Interprets a query-builder chain whose link `from` is `.from('t')` / `.table('t')`
/// (already checked to be a Supabase client call). `schema` is the schema set by `.schema()`.
pub fn interpret_table_chain(links: &[Link], from: usize, schema: &str, out: &mut Vec<RawRef>) {
    let Some((table, t_off, t_exact)) = links[from].arg(0).and_then(|v| v.as_str()) else {
        return;
    };
    let table = table.trim();
    if table.is_empty() {
        return;
    }
    let st = ChainState {
        schema: schema.to_string(),
        table: table.to_string(),
    };
    let rest = &links[from + 1..];
    let usage = rest
        .iter()
        .find_map(|l| match l.name.as_str() {
            "select" => Some(Usage::Select),
            "insert" => Some(Usage::Insert),
            "upsert" => Some(Usage::Upsert),
            "update" => Some(Usage::Update),
            "delete" => Some(Usage::Delete),
            _ => None,
        })
        .unwrap_or(Usage::Select);
    let lead = pos(t_off, t_exact, 0);
    out.push(st.table_ref(usage, lead));
    for link in rest {
        chain_link(&st, link, out);
    }
}

/// Applies one method of a builder chain on table `st` (also used for chains continued from
/// a variable).
fn chain_link(st: &ChainState, link: &Link, out: &mut Vec<RawRef>) {
    let name = link.name.as_str();
    match name {
        "select" => {
            if let Some((s, off, exact)) = link.arg(0).and_then(|v| v.as_str()) {
                select_refs(st, &[], &parse_select(s), off, exact, out);
            }
        }
        "insert" | "upsert" | "update" => {
            let usage = match name {
                "insert" => Usage::Insert,
                "upsert" => Usage::Upsert,
                _ => Usage::Update,
            };
            if let Some(v) = link.arg(0) {
                object_keys(st, v, usage, out);
            }
            let opts = link.arg(1);
            let conflict = opts
                .and_then(|o| o.get("onConflict").or_else(|| o.get("on_conflict")))
                .or_else(|| link.kwarg("on_conflict"));
            if let Some((s, off, exact)) = conflict.and_then(|v| v.as_str()) {
                for (a, b) in split_top(s, 0, s.len()) {
                    let (a, b) = trim_range(s, a, b);
                    if a < b {
                        let (nm, at) = unquote(&s[a..b], a);
                        out.push(st.column_ref(&[], &nm, usage, pos(off, exact, at)));
                    }
                }
            }
        }
        "match" => {
            if let Some(v) = link.arg(0) {
                object_keys(st, v, Usage::Filter, out);
            }
        }
        "or" | "or_" => {
            if let Some((s, off, exact)) = link.arg(0).and_then(|v| v.as_str()) {
                let base = referenced_table(link.arg(1));
                let base = if base.is_empty() {
                    referenced_table(Some(&Val::Obj(
                        link.kwargs
                            .iter()
                            .map(|(k, v)| (k.clone(), 0, v.clone()))
                            .collect(),
                    )))
                } else {
                    base
                };
                for (mut path, col, at) in parse_logic_tree(s) {
                    let mut full = base.clone();
                    full.append(&mut path);
                    out.push(st.column_ref(&full, &col, Usage::Filter, pos(off, exact, at)));
                }
            }
        }
        "order" => {
            if let Some((s, off, exact)) = link.arg(0).and_then(|v| v.as_str()) {
                let mut base = referenced_table(link.arg(1));
                if base.is_empty() {
                    for k in ["foreign_table", "referenced_table"] {
                        if let Some((v, _, _)) = link.kwarg(k).and_then(|v| v.as_str()) {
                            base = v.split('.').map(|p| p.trim().to_string()).collect();
                        }
                    }
                }
                if let Some((mut path, col, at)) = parse_order_column(s) {
                    base.append(&mut path);
                    out.push(st.column_ref(&base, &col, Usage::Order, pos(off, exact, at)));
                }
            }
        }
        _ if COLUMN_FILTERS.contains(&name) => {
            if let Some((s, off, exact)) = link.arg(0).and_then(|v| v.as_str())
                && let Some((path, col, at)) = parse_column_path(s)
            {
                out.push(st.column_ref(&path, &col, Usage::Filter, pos(off, exact, at)));
            }
        }
        _ => {}
    }
}

fn object_keys(st: &ChainState, v: &Val, usage: Usage, out: &mut Vec<RawRef>) {
    match v {
        Val::Obj(props) => {
            for (k, off, _) in props {
                out.push(st.column_ref(&[], k, usage, *off));
            }
        }
        Val::Arr(items) => {
            // Every row of a bulk insert names the same columns; keep them all (each place
            // is a location).
            for it in items {
                object_keys(st, it, usage, out);
            }
        }
        _ => {}
    }
}

fn select_refs(
    st: &ChainState,
    path: &[String],
    items: &[SelectItem],
    off: usize,
    exact: bool,
    out: &mut Vec<RawRef>,
) {
    for it in items {
        match it {
            SelectItem::Column { name, at } => {
                out.push(st.column_ref(path, name, Usage::Select, pos(off, exact, *at)));
            }
            SelectItem::Embed { name, at, items } => {
                let mut via = vec![st.table.clone()];
                via.extend(path.iter().cloned());
                out.push(RawRef {
                    kind: RefKind::Table,
                    schema: st.schema.clone(),
                    table: name.clone(),
                    via,
                    column: None,
                    usage: Usage::Embed,
                    offset: pos(off, exact, *at),
                });
                let mut sub = path.to_vec();
                sub.push(name.clone());
                select_refs(st, &sub, items, off, exact, out);
            }
        }
    }
}

/// Continues a chain held in a variable (`let q = supabase.from('t'); q = q.eq('a', 1)`).
pub fn interpret_continued_chain(links: &[Link], schema: &str, table: &str, out: &mut Vec<RawRef>) {
    let st = ChainState {
        schema: schema.to_string(),
        table: table.to_string(),
    };
    for link in links {
        chain_link(&st, link, out);
    }
}

/// `.rpc('fn', {args})`: the function and its argument names.
pub fn interpret_rpc(link: &Link, schema: &str, out: &mut Vec<RawRef>) {
    let Some((name, off, exact)) = link.arg(0).and_then(|v| v.as_str()) else {
        return;
    };
    let name = name.trim();
    if name.is_empty() {
        return;
    }
    out.push(RawRef {
        kind: RefKind::Function,
        schema: schema.to_string(),
        table: name.to_string(),
        via: Vec::new(),
        column: None,
        usage: Usage::Rpc,
        offset: pos(off, exact, 0),
    });
    let params = link.arg(1).or_else(|| link.kwarg("params"));
    if let Some(Val::Obj(props)) = params {
        for (k, koff, _) in props {
            out.push(RawRef {
                kind: RefKind::FunctionArg,
                schema: schema.to_string(),
                table: name.to_string(),
                via: Vec::new(),
                column: Some(k.clone()),
                usage: Usage::Rpc,
                offset: *koff,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(items: &[SelectItem]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                SelectItem::Column { name, .. } => name.clone(),
                SelectItem::Embed { name, items, .. } => {
                    format!("{name}({})", names(items).join(","))
                }
            })
            .collect()
    }

    #[test]
    fn select_grammar() {
        let s = "id, alias:name, org:orgs!inner(id, slug), data->a->>b, amount::text, count(), total.sum(), *, \"Weird Col\", ...rel!fk_hint(x)";
        assert_eq!(
            names(&parse_select(s)),
            vec![
                "id",
                "name",
                "orgs(id,slug)",
                "data",
                "amount",
                "total",
                "Weird Col",
                "rel(x)"
            ]
        );
        let items = parse_select("a,\n  b");
        assert_eq!(
            items[1],
            SelectItem::Column {
                name: "b".into(),
                at: 5
            }
        );
    }

    #[test]
    fn logic_tree() {
        let cols: Vec<String> =
            parse_logic_tree("a.eq.1,and(b.gt.2,c.not.is.null),not.or(d.in.(1,2),e->>k.eq.x)")
                .into_iter()
                .map(|(_, c, _)| c)
                .collect();
        assert_eq!(cols, vec!["a", "b", "c", "d", "e"]);
        let v = parse_logic_tree("x.eq.1, y.eq.2");
        assert_eq!(v[1].2, 8);
    }

    #[test]
    fn column_paths() {
        assert_eq!(
            parse_column_path("countries.name"),
            Some((vec!["countries".to_string()], "name".to_string(), 10))
        );
        assert_eq!(
            parse_column_path("meta->>kind"),
            Some((vec![], "meta".to_string(), 0))
        );
    }
}
