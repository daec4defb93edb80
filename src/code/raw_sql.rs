//! Raw SQL found in code: placeholders are replaced by same-length parameters (`$1  `) so that
//! positions stay exact, the text is parsed with the project's SQL parser, and the tables
//! (not CTE names) and columns it names are taken. Only queries (SELECT / WITH / INSERT /
//! UPDATE / DELETE) are read; statements the parser cannot read are skipped, never guessed.
//!
//! Columns are taken where they can be attributed without a catalog: qualified by an alias or
//! table of the same query, or unqualified in an outermost query over exactly one table.
//! `ORDER BY` / `GROUP BY` names are skipped (they may be output aliases).

use super::postgrest::RawRef;
use super::{RefKind, Usage};
use crate::catalog::fold_ident;
use crate::sql::{self, Kind, Node, Script};
use std::collections::HashSet;

/// The placeholder syntax of the host language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholders {
    /// `$1`, `${…}` (already replaced), `{{x::uuid}}`, `:name`.
    Js,
    /// `%s`, `%(name)s`, `{…}` of f-strings (already replaced), `:name`.
    Python,
}

/// A table or column named by an SQL text, at a byte offset of that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlRef {
    pub kind: RefKind,
    pub schema: String,
    pub table: String,
    pub column: Option<String>,
    pub offset: usize,
}

/// Turns an SQL reference into a file reference; `start` is where the text begins in the
/// file. With `exact` false (a literal with escapes) every reference points at the start.
pub fn to_raw_ref(r: SqlRef, start: usize, exact: bool) -> RawRef {
    RawRef {
        kind: r.kind,
        schema: r.schema,
        table: r.table,
        via: Vec::new(),
        column: r.column,
        usage: Usage::RawSql,
        offset: if exact { start + r.offset } else { start },
    }
}

/// Whether the text starts like a query (after whitespace, comments and parentheses).
pub fn looks_like_query(text: &str) -> bool {
    let mut t = text;
    loop {
        let before = t.len();
        t = t.trim_start().trim_start_matches('(');
        if let Some(rest) = t.strip_prefix("--") {
            t = rest.split_once('\n').map(|(_, r)| r).unwrap_or("");
        }
        if let Some(rest) = t.strip_prefix("/*") {
            t = rest.split_once("*/").map(|(_, r)| r).unwrap_or("");
        }
        if t.len() == before {
            break;
        }
    }
    let word: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "select" | "with" | "insert" | "update" | "delete"
    )
}

/// Replaces host-language placeholders by `$1` padded with spaces to the same length.
pub fn replace_placeholders(text: &str, ph: Placeholders) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut in_str = false;
    let put = |out: &mut Vec<u8>, a: usize, e: usize| {
        if e - a >= 2 {
            out[a] = b'$';
            out[a + 1] = b'1';
            for x in out.iter_mut().take(e).skip(a + 2) {
                *x = b' ';
            }
        } else {
            for x in out.iter_mut().take(e).skip(a) {
                *x = b' ';
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        if c == b'\'' {
            in_str = !in_str;
            i += 1;
            continue;
        }
        if in_str {
            i += 1;
            continue;
        }
        if c == b'{' && b.get(i + 1) == Some(&b'{') {
            if let Some(end) = text[i..].find("}}") {
                put(&mut out, i, i + end + 2);
                i += end + 2;
                continue;
            }
        } else if ph == Placeholders::Python && c == b'%' {
            match b.get(i + 1) {
                Some(b's') | Some(b'b') | Some(b't') => {
                    put(&mut out, i, i + 2);
                    i += 2;
                    continue;
                }
                Some(b'(') => {
                    if let Some(close) = text[i..].find(')') {
                        let end = (i + close + 2).min(b.len());
                        put(&mut out, i, end);
                        i = end;
                        continue;
                    }
                }
                _ => {}
            }
        } else if c == b':'
            && b.get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_')
            && (i == 0 || (b[i - 1] != b':' && !b[i - 1].is_ascii_alphanumeric()))
        {
            let mut e = i + 1;
            while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                e += 1;
            }
            put(&mut out, i, e);
            i = e;
            continue;
        } else if c == b'?' && ph == Placeholders::Python {
            out[i] = b' ';
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Tables and columns of an SQL text found in code.
pub fn extract(text: &str, ph: Placeholders) -> Vec<SqlRef> {
    if !looks_like_query(text) || text.len() > 1_000_000 {
        return Vec::new();
    }
    let text = replace_placeholders(text, ph);
    let script = Script::parse(&text);
    let mut out = Vec::new();
    for st in &script.statements {
        if st.has_error {
            continue;
        }
        if !matches!(
            st.kind(),
            Kind::SELECT | Kind::COMPOUND_SELECT | Kind::INSERT | Kind::UPDATE | Kind::DELETE
        ) && !matches!(st.kind(), Kind::PAREN_SELECT)
        {
            continue;
        }
        statement_refs(&st.node, &mut out);
    }
    out
}

fn is_query(k: Kind) -> bool {
    matches!(k, Kind::SELECT | Kind::INSERT | Kind::UPDATE | Kind::DELETE)
}

/// One item of a query's FROM list: its alias and the table, if it is a table.
struct Item {
    alias: String,
    table: Option<(String, String)>,
}

fn qual(parts: &[String]) -> Option<(String, String)> {
    match parts {
        [t] => Some(("public".to_string(), t.clone())),
        [s, t] => Some((s.clone(), t.clone())),
        [_, s, t] => Some((s.clone(), t.clone())),
        _ => None,
    }
}

fn is_system(schema: &str, table: &str) -> bool {
    matches!(schema, "pg_catalog" | "information_schema") || table.starts_with("pg_")
}

fn alias_of(node: &Node) -> Option<String> {
    let a = sql::child(node, Kind::FROM_ALIAS)?;
    let t = sql::find(&a, Kind::TABLE_ALIAS).unwrap_or(a);
    t.descendants_with_tokens()
        .filter_map(|x| x.into_token())
        .find(|t| !sql::is_trivia(t.kind()) && t.kind() != Kind::AS_KW)
        .map(|t| fold_ident(t.text()))
}

/// The FROM items that belong to this query level (not to subqueries).
fn level_items(q: &Node, ctes: &HashSet<String>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut stack: Vec<Node> = q.children().collect();
    while let Some(n) = stack.pop() {
        match n.kind() {
            Kind::FROM_CLAUSE | Kind::JOIN_EXPR | Kind::JOIN | Kind::USING_CLAUSE => {
                stack.extend(n.children());
            }
            Kind::RELATION_FROM_ITEM | Kind::RELATION_NAME => {
                let rel = sql::child(&n, Kind::RELATION_NAME_REF);
                let Some(rel) = rel else {
                    items.push(Item {
                        alias: alias_of(&n).unwrap_or_default(),
                        table: None,
                    });
                    continue;
                };
                let parts = sql::name_parts(&rel);
                let table = qual(&parts);
                let is_cte = parts.len() == 1 && ctes.contains(&parts[0]);
                let alias = alias_of(&n)
                    .or_else(|| alias_of(q).filter(|_| n.kind() == Kind::RELATION_NAME))
                    .unwrap_or_else(|| parts.last().cloned().unwrap_or_default());
                items.push(Item {
                    alias,
                    table: if is_cte { None } else { table },
                });
            }
            Kind::RELATION_NAME_REF if matches!(q.kind(), Kind::INSERT) => {
                let parts = sql::name_parts(&n);
                items.push(Item {
                    alias: alias_of(q).unwrap_or_else(|| parts.last().cloned().unwrap_or_default()),
                    table: qual(&parts),
                });
            }
            Kind::FUNCTION_FROM_ITEM | Kind::PAREN_FROM_ITEM => items.push(Item {
                alias: alias_of(&n).unwrap_or_default(),
                table: None,
            }),
            _ => {}
        }
    }
    items
}

fn enclosing_query(n: &Node) -> Option<Node> {
    n.ancestors().skip(1).find(|a| is_query(a.kind()))
}

fn statement_refs(stmt: &Node, out: &mut Vec<SqlRef>) {
    let ctes: HashSet<String> = stmt
        .descendants()
        .filter(|n| n.kind() == Kind::CTE_NAME)
        .map(|n| fold_ident(&sql::compact_text(&n)))
        .collect();
    // Tables.
    for n in stmt.descendants() {
        if n.kind() != Kind::RELATION_NAME_REF {
            continue;
        }
        let parts = sql::name_parts(&n);
        if parts.len() == 1 && ctes.contains(&parts[0]) {
            continue;
        }
        let Some((schema, table)) = qual(&parts) else {
            continue;
        };
        if is_system(&schema, &table) {
            continue;
        }
        out.push(SqlRef {
            kind: RefKind::Table,
            schema,
            table,
            column: None,
            offset: usize::from(n.text_range().start()),
        });
    }
    // Columns.
    for n in stmt.descendants() {
        match n.kind() {
            Kind::COLUMN_NAME_REF => {
                // INSERT (cols) / UPDATE SET col: the target table.
                let Some(q) = enclosing_query(&n) else {
                    continue;
                };
                let target = match q.kind() {
                    Kind::INSERT => sql::child(&q, Kind::RELATION_NAME_REF),
                    Kind::UPDATE => sql::child(&q, Kind::RELATION_NAME)
                        .and_then(|r| sql::child(&r, Kind::RELATION_NAME_REF)),
                    _ => None,
                };
                let Some(target) = target else { continue };
                let parts = sql::name_parts(&target);
                if parts.len() == 1 && ctes.contains(&parts[0]) {
                    continue;
                }
                if let Some((schema, table)) = qual(&parts) {
                    push_col(out, schema, table, &n);
                }
            }
            Kind::FIELD_EXPR => {
                let kids: Vec<Node> = n.children().collect();
                if kids.len() != 2
                    || kids[0].kind() != Kind::NAME_REF
                    || kids[1].kind() != Kind::NAME_REF
                {
                    continue;
                }
                let qualifier = fold_ident(&sql::compact_text(&kids[0]));
                // The nearest query level (inner first) whose FROM has that alias.
                let mut found = None;
                for q in n.ancestors().filter(|a| is_query(a.kind())) {
                    if let Some(it) = level_items(&q, &ctes)
                        .into_iter()
                        .find(|i| i.alias == qualifier)
                    {
                        found = Some(it);
                        break;
                    }
                }
                if let Some(Item {
                    table: Some((schema, table)),
                    ..
                }) = found
                {
                    push_col(out, schema, table, &kids[1]);
                }
            }
            Kind::NAME_REF => {
                let Some(parent) = n.parent() else { continue };
                if matches!(
                    parent.kind(),
                    Kind::FIELD_EXPR | Kind::CALL_EXPR | Kind::SORT_BY
                ) {
                    continue;
                }
                if n.ancestors().any(|a| {
                    matches!(
                        a.kind(),
                        Kind::ORDER_BY_CLAUSE
                            | Kind::GROUP_BY_CLAUSE
                            | Kind::VALUES
                            | Kind::PATH_TYPE
                            | Kind::WITH_TABLE
                    )
                }) {
                    continue;
                }
                let Some(q) = enclosing_query(&n) else {
                    continue;
                };
                if enclosing_query(&q).is_some() {
                    continue; // a subquery: the name may be an outer column
                }
                let items = level_items(&q, &ctes);
                if items.len() != 1 {
                    continue;
                }
                if let Some((schema, table)) = items[0].table.clone() {
                    push_col(out, schema, table, &n);
                }
            }
            _ => {}
        }
    }
}

fn push_col(out: &mut Vec<SqlRef>, schema: String, table: String, name: &Node) {
    let tok = name
        .descendants_with_tokens()
        .filter_map(|x| x.into_token())
        .find(|t| !sql::is_trivia(t.kind()));
    let Some(tok) = tok else { return };
    if sql::is_value_keyword(tok.kind()) || is_system(&schema, &table) {
        return;
    }
    let raw = tok.text();
    let col = fold_ident(raw);
    if col.is_empty() {
        return;
    }
    let start = usize::from(tok.text_range().start()) + usize::from(raw.starts_with('"'));
    out.push(SqlRef {
        kind: RefKind::Column,
        schema,
        table,
        column: Some(col),
        offset: start,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        extract(text, Placeholders::Js)
            .into_iter()
            .map(|r| match r.column {
                Some(c) => format!("{}.{}.{}@{}", r.schema, r.table, c, r.offset),
                None => format!("{}.{}@{}", r.schema, r.table, r.offset),
            })
            .collect()
    }

    #[test]
    fn tables_and_columns() {
        let v =
            show("SELECT c.name FROM calls c JOIN orgs o ON o.id = c.org_id WHERE c.status = $1");
        assert!(v.contains(&"public.calls@19".to_string()), "{v:?}");
        assert!(v.contains(&"public.orgs@32".to_string()), "{v:?}");
        assert!(v.contains(&"public.calls.name@9".to_string()), "{v:?}");
        assert!(v.contains(&"public.calls.org_id@51".to_string()), "{v:?}");
        assert!(v.contains(&"public.orgs.id@44".to_string()), "{v:?}");
    }

    #[test]
    fn ctes_are_not_tables() {
        let v = show("WITH recent AS (SELECT id FROM calls) SELECT id FROM recent");
        assert!(v.iter().all(|s| !s.contains("recent")), "{v:?}");
        assert!(v.iter().any(|s| s.starts_with("public.calls@")), "{v:?}");
    }

    #[test]
    fn insert_update_columns() {
        let v = show("INSERT INTO app.t (a, \"B\") VALUES ($1, $2)");
        assert!(v.contains(&"app.t.a@19".to_string()), "{v:?}");
        assert!(v.contains(&"app.t.B@23".to_string()), "{v:?}");
        let v = show("UPDATE u SET z = 1 WHERE y = :id");
        assert!(v.contains(&"public.u.z@13".to_string()), "{v:?}");
        assert!(v.contains(&"public.u.y@25".to_string()), "{v:?}");
    }

    #[test]
    fn placeholders_keep_length() {
        let s =
            "SELECT * FROM t WHERE a = %(name)s AND b = {{x::uuid}} AND c = :c AND d::text = 'x:y'";
        let r = replace_placeholders(s, Placeholders::Python);
        assert_eq!(r.len(), s.len());
        assert!(!Script::parse(&r).statements[0].has_error, "{r}");
    }

    #[test]
    fn not_sql() {
        assert!(show("hello world from here").is_empty());
        assert!(show("SELECT FROM WHERE (((").is_empty());
    }
}
