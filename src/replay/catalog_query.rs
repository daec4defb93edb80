//! The rows a PL/pgSQL loop reads from the system catalogs (`FOR r IN SELECT … FROM pg_proc
//! p JOIN pg_namespace n ON … WHERE p.proname = 'f' LOOP EXECUTE format(…) END LOOP`),
//! computed from the replay's catalog, so that the loop body runs once per row as it does on
//! a real server. Only inner joins and conjunctions of `=`, `<>`, `LIKE`/`ILIKE` over
//! pg_namespace, pg_proc, pg_class, pg_constraint, pg_tables, pg_indexes and pg_policies are
//! evaluated;
//! any other query gives `None` (the body is not run, as before).

use super::Replay;
use crate::catalog::{ConstraintKind, TableKind};
use crate::sql::{self, Kind, Node, name_parts};
use std::collections::BTreeMap;

type Row = BTreeMap<&'static str, String>;

/// The output rows of `query` (each: output column name, value), or None when the query is
/// not one this module can evaluate exactly.
pub(crate) fn rows(replay: &Replay, query: &str) -> Option<Vec<Vec<(String, String)>>> {
    let script = sql::Script::parse(query);
    let [st] = script.statements.as_slice() else {
        return None;
    };
    // `FOR r IN (SELECT …) LOOP`
    let mut node = st.node.clone();
    while node.kind() == Kind::PAREN_SELECT {
        node = node
            .children()
            .find(|c| matches!(c.kind(), Kind::SELECT | Kind::PAREN_SELECT))?;
    }
    let node = &node;
    if node.kind() != Kind::SELECT
        || node.children().any(|c| {
            matches!(
                c.kind(),
                Kind::GROUP_BY_CLAUSE
                    | Kind::HAVING_CLAUSE
                    | Kind::LIMIT_CLAUSE
                    | Kind::OFFSET_CLAUSE
                    | Kind::WITH_CLAUSE
            )
        })
    {
        return None;
    }
    let from = sql::child(node, Kind::FROM_CLAUSE)?;
    let mut items: Vec<(String, Vec<Row>)> = Vec::new();
    let mut conds: Vec<Node> = Vec::new();
    from_items(replay, &from, &mut items, &mut conds)?;
    if let Some(w) = sql::child(node, Kind::WHERE_CLAUSE) {
        conds.push(w.children().next()?);
    }
    let mut conj = Vec::new();
    for c in conds {
        conjuncts(&c, &mut conj);
    }
    let aliases: Vec<String> = items.iter().map(|(a, _)| a.clone()).collect();
    // push each condition down to the last item it names, filter while joining
    let mut at: Vec<Vec<Node>> = vec![Vec::new(); items.len()];
    for c in conj {
        let mut last = 0;
        for r in refs(&c) {
            last = last.max(owner(&r, &aliases, &items)?);
        }
        at[last].push(c);
    }
    let mut partial: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, (_, rows)) in items.iter().enumerate() {
        let mut next = Vec::new();
        for p in &partial {
            for (k, _) in rows.iter().enumerate() {
                let mut combo = p.clone();
                combo.push(k);
                let env = Env {
                    replay,
                    items: &items[..=i],
                    combo: &combo,
                };
                let mut keep = true;
                for c in &at[i] {
                    if !env.truth(c)? {
                        keep = false;
                        break;
                    }
                }
                if keep {
                    next.push(combo);
                }
            }
        }
        partial = next;
        if partial.len() > 100_000 {
            return None;
        }
    }
    let sel = sql::child(node, Kind::SELECT_CLAUSE)?;
    let targets: Vec<Node> = sel
        .descendants()
        .filter(|n| n.kind() == Kind::TARGET)
        .collect();
    let mut out = Vec::new();
    for combo in &partial {
        let env = Env {
            replay,
            items: &items,
            combo,
        };
        let mut row = Vec::new();
        for t in &targets {
            let e = t.children().find(|n| n.kind() != Kind::AS_NAME)?;
            let name = match sql::child(t, Kind::AS_NAME) {
                Some(a) => name_parts(&a).last().cloned()?,
                None => match e.kind() {
                    Kind::NAME_REF | Kind::FIELD_EXPR => name_parts(&e).last().cloned()?,
                    Kind::CALL_EXPR => name_parts(&e).last().cloned()?,
                    _ => return None,
                },
            };
            row.push((name, env.value(&e)?));
        }
        out.push(row);
    }
    Some(out)
}

fn from_items(
    replay: &Replay,
    node: &Node,
    items: &mut Vec<(String, Vec<Row>)>,
    conds: &mut Vec<Node>,
) -> Option<()> {
    for c in node.children() {
        match c.kind() {
            Kind::RELATION_FROM_ITEM => {
                let name = c.children().find(|n| {
                    matches!(
                        n.kind(),
                        Kind::RELATION_NAME_REF | Kind::PATH_REF | Kind::PATH
                    )
                })?;
                let parts = name_parts(&name);
                let (schema, rel) = match parts.as_slice() {
                    [r] => ("pg_catalog", r.as_str()),
                    [s, r] => (s.as_str(), r.as_str()),
                    _ => return None,
                };
                if schema != "pg_catalog" {
                    return None;
                }
                let alias = alias_of(&c).unwrap_or_else(|| rel.to_string());
                items.push((alias, relation(replay, rel)?));
            }
            Kind::JOIN_EXPR => from_items(replay, &c, items, conds)?,
            Kind::JOIN => {
                // inner joins only
                if c.children().any(|k| {
                    matches!(
                        k.kind(),
                        Kind::JOIN_LEFT | Kind::JOIN_RIGHT | Kind::JOIN_FULL | Kind::JOIN_CROSS
                    )
                }) || sql::has_token(&c, Kind::NATURAL_KW)
                {
                    return None;
                }
                from_items(replay, &c, items, conds)?
            }
            Kind::ON_CLAUSE => conds.push(c.children().next()?),
            Kind::JOIN_USING_CLAUSE | Kind::PAREN_FROM_ITEM | Kind::FUNCTION_FROM_ITEM => {
                return None;
            }
            _ => {}
        }
    }
    Some(())
}

fn alias_of(item: &Node) -> Option<String> {
    let a = item.children().find(|c| c.kind() == Kind::FROM_ALIAS)?;
    let a = sql::find(&a, Kind::TABLE_ALIAS).unwrap_or(a);
    a.children_with_tokens()
        .filter_map(|t| t.into_token())
        .find(|t| !sql::is_trivia(t.kind()) && t.kind() != Kind::AS_KW)
        .map(|t| crate::catalog::fold_ident(t.text()))
}

/// The rows of one system catalog, as far as the replay's catalog knows them.
fn relation(replay: &Replay, name: &str) -> Option<Vec<Row>> {
    let cat = &replay.catalog;
    let mut rows = Vec::new();
    let row = |pairs: &[(&'static str, String)]| -> Row { pairs.iter().cloned().collect() };
    match name {
        "pg_namespace" => {
            for s in cat.schemas.keys() {
                rows.push(row(&[("oid", format!("ns:{s}")), ("nspname", s.clone())]));
            }
        }
        "pg_proc" => {
            for (s, schema) in &cat.schemas {
                for f in schema.functions.values() {
                    let args = f.identity_args().join(", ");
                    let signature = format!(
                        "{}.{}({args})",
                        crate::catalog::quote_ident(s),
                        crate::catalog::quote_ident(&f.name)
                    );
                    rows.push(row(&[
                        ("oid", format!("fn:{signature}")),
                        ("proname", f.name.clone()),
                        ("pronamespace", format!("ns:{s}")),
                        ("prokind", if f.is_procedure { "p" } else { "f" }.into()),
                        ("\u{0}identity", args),
                        ("\u{0}regprocedure", signature),
                    ]));
                }
            }
        }
        "pg_class" | "pg_tables" => {
            for t in cat.tables() {
                let kind = match t.kind {
                    TableKind::Partitioned => "p",
                    _ => "r",
                };
                rows.push(row(&[
                    ("oid", format!("rel:{}.{}", t.schema, t.name)),
                    ("relname", t.name.clone()),
                    ("relnamespace", format!("ns:{}", t.schema)),
                    ("relkind", kind.into()),
                    ("schemaname", t.schema.clone()),
                    ("tablename", t.name.clone()),
                ]));
            }
            if name == "pg_class" {
                for v in cat.views() {
                    rows.push(row(&[
                        ("oid", format!("rel:{}.{}", v.schema, v.name)),
                        ("relname", v.name.clone()),
                        ("relnamespace", format!("ns:{}", v.schema)),
                        ("relkind", if v.materialized { "m" } else { "v" }.into()),
                    ]));
                }
                // indexes and sequences are not listed: a loop over them runs fewer times
            }
        }
        "pg_constraint" => {
            for t in cat.tables() {
                for c in &t.constraints {
                    let (kind, def) = match &c.kind {
                        ConstraintKind::PrimaryKey { columns } => {
                            ("p", format!("PRIMARY KEY ({})", columns.join(", ")))
                        }
                        ConstraintKind::Unique { columns, .. } => {
                            ("u", format!("UNIQUE ({})", columns.join(", ")))
                        }
                        ConstraintKind::Check { expr, .. } => {
                            ("c", format!("CHECK ({})", expr.sql))
                        }
                        ConstraintKind::ForeignKey {
                            columns,
                            ref_table,
                            ref_columns,
                            ..
                        } => (
                            "f",
                            format!(
                                "FOREIGN KEY ({}) REFERENCES {}({})",
                                columns.join(", "),
                                ref_table.name,
                                ref_columns.join(", ")
                            ),
                        ),
                        ConstraintKind::Exclusion { definition } => ("x", definition.clone()),
                    };
                    rows.push(row(&[
                        ("oid", format!("con:{}.{}.{}", t.schema, t.name, c.name)),
                        ("conname", c.name.clone()),
                        ("conrelid", format!("rel:{}.{}", t.schema, t.name)),
                        ("connamespace", format!("ns:{}", t.schema)),
                        ("contype", kind.into()),
                        ("\u{0}def", def),
                    ]));
                }
            }
        }
        "pg_indexes" => {
            for t in cat.tables() {
                let backed = t.constraints.iter().filter(|c| {
                    matches!(
                        c.kind,
                        ConstraintKind::PrimaryKey { .. }
                            | ConstraintKind::Unique { .. }
                            | ConstraintKind::Exclusion { .. }
                    )
                });
                let names = t
                    .indexes
                    .iter()
                    .map(|i| i.name.clone())
                    .chain(backed.map(|c| c.name.clone()));
                for name in names {
                    rows.push(row(&[
                        ("schemaname", t.schema.clone()),
                        ("tablename", t.name.clone()),
                        ("indexname", name),
                    ]));
                }
            }
        }
        "pg_policies" => {
            for t in cat.tables() {
                for p in &t.policies {
                    rows.push(row(&[
                        ("schemaname", t.schema.clone()),
                        ("tablename", t.name.clone()),
                        ("policyname", p.name.clone()),
                    ]));
                }
            }
        }
        _ => return None,
    }
    Some(rows)
}

fn conjuncts(e: &Node, out: &mut Vec<Node>) {
    if e.kind() == Kind::PAREN_EXPR
        && let Some(inner) = e.children().next()
    {
        return conjuncts(&inner, out);
    }
    if e.kind() == Kind::BIN_EXPR && sql::has_token(e, Kind::AND_KW) {
        for c in e.children() {
            conjuncts(&c, out);
        }
        return;
    }
    out.push(e.clone());
}

/// The column references of a condition (NAME_REF alone, or FIELD_EXPR a.col).
fn refs(e: &Node) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for d in e.descendants() {
        match d.kind() {
            Kind::FIELD_EXPR => out.push(name_parts(&d)),
            Kind::NAME_REF
                if !d
                    .parent()
                    .is_some_and(|p| matches!(p.kind(), Kind::FIELD_EXPR | Kind::CALL_EXPR)) =>
            {
                out.push(name_parts(&d))
            }
            _ => {}
        }
    }
    out
}

/// The index of the FROM item a column reference belongs to.
fn owner(r: &[String], aliases: &[String], items: &[(String, Vec<Row>)]) -> Option<usize> {
    match r {
        [a, _] => aliases.iter().position(|x| x == a),
        [c] => {
            let mut found = items
                .iter()
                .enumerate()
                .filter(|(_, (_, rows))| rows.first().is_some_and(|r| r.contains_key(c.as_str())));
            let first = found.next()?.0;
            found.next().is_none().then_some(first)
        }
        _ => None,
    }
}

struct Env<'a> {
    replay: &'a Replay,
    items: &'a [(String, Vec<Row>)],
    combo: &'a [usize],
}

impl Env<'_> {
    fn column(&self, r: &[String], key: &str) -> Option<String> {
        let i = match r {
            [a, _] => self.items.iter().position(|(x, _)| x == a)?,
            [_] => self
                .items
                .iter()
                .position(|(_, rows)| rows.first().is_some_and(|r| r.contains_key(key)))?,
            _ => return None,
        };
        let row = self.items[i].1.get(*self.combo.get(i)?)?;
        row.get(key).cloned()
    }

    fn value(&self, e: &Node) -> Option<String> {
        match e.kind() {
            Kind::PAREN_EXPR => self.value(&e.children().next()?),
            Kind::NAME_REF | Kind::FIELD_EXPR => {
                let parts = name_parts(e);
                let col = parts.last()?.clone();
                self.column(&parts, &col)
            }
            Kind::LITERAL => sql::first_string(e),
            Kind::CAST_EXPR => {
                let ty = e.children().find(sql::is_type_node)?;
                let ty = sql::compact_text(&ty).to_ascii_lowercase();
                let inner = e
                    .children()
                    .find(|c| !sql::is_type_node(c) && c.kind() != Kind::COLON_COLON)?;
                match ty.as_str() {
                    "regclass" if inner.kind() == Kind::LITERAL => {
                        let lit = sql::first_string(&inner)?;
                        let parts: Vec<String> =
                            lit.split('.').map(crate::catalog::fold_ident).collect();
                        let q = self.replay.lookup_relation(&parts)?;
                        Some(format!("rel:{}.{}", q.schema, q.name))
                    }
                    "regnamespace" if inner.kind() == Kind::LITERAL => {
                        Some(format!("ns:{}", sql::first_string(&inner)?))
                    }
                    "regprocedure" | "regproc" => {
                        let parts = name_parts(&inner);
                        if parts.last().map(String::as_str) != Some("oid") {
                            return None;
                        }
                        self.column(&parts, "\u{0}regprocedure")
                    }
                    "text" | "name" | "varchar" => self.value(&inner),
                    _ => None,
                }
            }
            Kind::CALL_EXPR => {
                let name = name_parts(e).last()?.clone();
                let arg = sql::find(e, Kind::ARG_LIST)?.children().next()?;
                let arg = if arg.kind() == Kind::ARG {
                    arg.children().next()?
                } else {
                    arg
                };
                let parts = name_parts(&arg);
                if parts.last().map(String::as_str) != Some("oid") {
                    return None;
                }
                match name.as_str() {
                    "pg_get_function_identity_arguments" => self.column(&parts, "\u{0}identity"),
                    "pg_get_constraintdef" => self.column(&parts, "\u{0}def"),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn truth(&self, c: &Node) -> Option<bool> {
        if c.kind() == Kind::PAREN_EXPR {
            return self.truth(&c.children().next()?);
        }
        if c.kind() != Kind::BIN_EXPR {
            return None;
        }
        let operands: Vec<Node> = c.children().collect();
        let [a, b] = operands.as_slice() else {
            return None;
        };
        let op = c
            .children_with_tokens()
            .filter_map(|t| t.into_token())
            .filter(|t| !sql::is_trivia(t.kind()))
            .map(|t| t.text().to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let (x, y) = (self.value(a)?, self.value(b)?);
        match op.as_str() {
            "=" => Some(x == y),
            "<>" | "!=" => Some(x != y),
            "like" => Some(like(&x, &y, false)),
            "ilike" => Some(like(&x, &y, true)),
            "not like" => Some(!like(&x, &y, false)),
            "not ilike" => Some(!like(&x, &y, true)),
            _ => None,
        }
    }
}

/// SQL LIKE (`%`, `_`, backslash escapes), optionally case-insensitive.
fn like(s: &str, pattern: &str, fold: bool) -> bool {
    let (s, p): (Vec<char>, Vec<char>) = if fold {
        (
            s.to_lowercase().chars().collect(),
            pattern.to_lowercase().chars().collect(),
        )
    } else {
        (s.chars().collect(), pattern.chars().collect())
    };
    // dp over positions: linear in |s| × |p|
    let mut cur = vec![false; s.len() + 1];
    cur[0] = true;
    let mut i = 0;
    while i < p.len() {
        let mut next = vec![false; s.len() + 1];
        match p[i] {
            '%' => {
                let mut any = false;
                for j in 0..=s.len() {
                    any |= cur[j];
                    next[j] = any;
                }
            }
            c => {
                let (lit, wild) = if c == '\\' && i + 1 < p.len() {
                    i += 1;
                    (Some(p[i]), false)
                } else {
                    (Some(c), c == '_')
                };
                for j in 0..s.len() {
                    if cur[j] && (wild || Some(s[j]) == lit) {
                        next[j + 1] = true;
                    }
                }
            }
        }
        cur = next;
        i += 1;
    }
    cur[s.len()]
}

/// The rows of a loop over a literal `VALUES` list (`FOR r IN SELECT * FROM (VALUES (…), …)
/// AS t(a, b) LOOP`, or `FOR r IN VALUES …`): one row per tuple, each with the values of its
/// literal elements under the alias's column names (`column1` … without one). An element that
/// is not a literal is left out of its row; None for any other query.
pub(crate) fn values_rows(query: &str) -> Option<Vec<Vec<(String, String)>>> {
    let script = sql::Script::parse(query);
    let [st] = script.statements.as_slice() else {
        return None;
    };
    let mut node = st.node.clone();
    while node.kind() == Kind::PAREN_SELECT {
        node = node
            .children()
            .find(|c| matches!(c.kind(), Kind::SELECT | Kind::PAREN_SELECT | Kind::VALUES))?;
    }
    let mut names: Vec<String> = Vec::new();
    let values = match node.kind() {
        Kind::VALUES => node,
        Kind::SELECT => {
            // `SELECT * FROM (VALUES …) AS t(…)` and nothing else
            if node.children().any(|c| {
                !matches!(c.kind(), Kind::SELECT_CLAUSE | Kind::FROM_CLAUSE)
                    && !sql::is_trivia(c.kind())
            }) {
                return None;
            }
            let sel = sql::child(&node, Kind::SELECT_CLAUSE)?;
            if sql::compact_text(&sel)
                .to_ascii_lowercase()
                .replace(' ', "")
                != "select*"
            {
                return None;
            }
            let from = sql::child(&node, Kind::FROM_CLAUSE)?;
            let items: Vec<Node> = from
                .children()
                .filter(|c| !sql::is_trivia(c.kind()))
                .collect();
            let [item] = items.as_slice() else {
                return None;
            };
            if item.kind() != Kind::PAREN_FROM_ITEM {
                return None;
            }
            if let Some(alias) = item.children().find(|c| c.kind() == Kind::FROM_ALIAS)
                && let Some(cols) = sql::find(&alias, Kind::COLUMN_LIST)
            {
                names = cols
                    .children()
                    .filter(|c| c.kind() == Kind::COLUMN_NAME)
                    .map(|c| crate::catalog::fold_ident(&sql::compact_text(&c)))
                    .collect();
            }
            let mut inner = item.children().find(|c| c.kind() == Kind::PAREN_SELECT)?;
            while inner.kind() == Kind::PAREN_SELECT {
                inner = inner
                    .children()
                    .find(|c| matches!(c.kind(), Kind::PAREN_SELECT | Kind::VALUES))?;
            }
            inner
        }
        _ => return None,
    };
    let list = sql::child(&values, Kind::ROW_LIST)?;
    let mut out = Vec::new();
    for row in list.children().filter(|c| c.kind() == Kind::ROW) {
        let mut pairs = Vec::new();
        let elements = row
            .children()
            .filter(|c| !sql::is_trivia(c.kind()) && c.kind() != Kind::COMMA);
        for (i, e) in elements.enumerate() {
            let name = names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("column{}", i + 1));
            let value = match e.kind() {
                Kind::LITERAL => sql::first_string(&e).or_else(|| {
                    let t = sql::compact_text(&e);
                    t.chars()
                        .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
                        .then_some(t)
                }),
                _ => None,
            };
            if let Some(v) = value {
                pairs.push((name, v));
            }
        }
        out.push(pairs);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::like;

    #[test]
    fn like_patterns() {
        assert!(like("tickets_tipo_check", "%tipo%", false));
        assert!(like("CHECK (TIPO IN ('a'))", "%tipo%", true));
        assert!(!like("CHECK (TIPO IN ('a'))", "%tipo%", false));
        assert!(like("abc", "a_c", false));
        assert!(!like("abc", "a_", false));
        assert!(like("a%c", "a\\%c", false));
    }
}
