//! Canonical text of expressions and queries.
//!
//! PostgreSQL stores expressions as trees and prints them back its own way
//! (`CHECK (plan IN ('a','b'))` comes back as `(plan = ANY (ARRAY['a'::text, 'b'::text]))`).
//! To compare what a migration says with what a database says, both go through this printer,
//! which reads the expression and prints one form for every spelling: every binary operation
//! in parentheses, grouping parentheses dropped, casts on literals and to text types dropped,
//! `IN (…)` as `= ANY (ARRAY[…])`, keywords upper case, identifiers folded and quoted only
//! where needed, `CURRENT_TIMESTAMP` as `now()`, well-known schemas dropped from function and
//! relation names. The output is valid SQL.

use super::{Kind, Node, is_trivia};
use crate::catalog::names::{fold_ident, quote_ident};
use crate::catalog::types::normalize_type;
use rowan::NodeOrToken;

/// Canonical form of an expression given as text. Falls back to collapsed whitespace when
/// the text does not parse.
pub fn canonical_expr(text: &str) -> String {
    match super::parse_expr(text) {
        Some(node) => canon(&node),
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Canonical form of a query (`SELECT …`) given as text.
/// A query's text without surrounding blanks and its closing semicolon.
pub fn query_text(text: &str) -> &str {
    text.trim().trim_end_matches(';').trim()
}

pub fn canonical_query(text: &str) -> String {
    let trimmed = query_text(text);
    match super::parse_query(trimmed) {
        Some(node) => canonical_query_node(&node),
        None => trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// [`canonical_query`] of a query already in a syntax tree (no second parse). A query over
/// one relation prints its columns without the qualifier (PostgreSQL writes `orgs.id`, a
/// person rarely does): the `SELECT` arm of [`canon`] does that for each SELECT, the query's
/// own and every sub-select.
pub fn canonical_query_node(node: &Node) -> String {
    canon(node)
}

/// [`canon`] of an expression over one relation (a policy's `USING` on its table): a column
/// qualified with that relation's name prints without it, as PostgreSQL prints it.
pub fn canon_over(node: &Node, relation: &str) -> String {
    let prev = SOLE_RELATION.with(|s| s.borrow_mut().replace(relation.to_string()));
    let out = canon(node);
    SOLE_RELATION.with(|s| *s.borrow_mut() = prev);
    out
}

thread_local! {
    /// The name or alias of the only relation of the query being printed, if it has one.
    static SOLE_RELATION: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The name (or alias) of a SELECT's only relation when its own FROM holds one table and no
/// join (sub-selects inside it have their own scope, see the `SELECT` arm of [`canon`]).
fn own_single_relation(node: &Node) -> Option<String> {
    let from = node.children().find(|c| c.kind() == Kind::FROM_CLAUSE)?;
    let items: Vec<Node> = from.children().collect();
    let [item] = items.as_slice() else {
        return None;
    };
    if item.kind() != Kind::RELATION_FROM_ITEM {
        return None;
    }
    if let Some(alias) = item.children().find(|c| c.kind() == Kind::FROM_ALIAS) {
        let ident = alias
            .descendants_with_tokens()
            .filter_map(|t| t.into_token())
            .find(|t| !is_trivia(t.kind()) && t.kind() != Kind::AS_KW)?;
        return Some(fold_ident(ident.text()));
    }
    let rel = item
        .children()
        .find(|c| c.kind() == Kind::RELATION_NAME_REF)?;
    super::name_parts(&rel).pop()
}

/// Schemas whose name PostgreSQL leaves out when printing (they are on the search path).
fn implicit_schema(s: &str) -> bool {
    matches!(s, "pg_catalog" | "public" | "extensions")
}

fn expr_children(node: &Node) -> Vec<Node> {
    node.children().collect()
}

fn is_literal_like(node: &Node) -> bool {
    match node.kind() {
        Kind::LITERAL => true,
        Kind::PAREN_EXPR => node.children().next().is_some_and(|c| is_literal_like(&c)),
        Kind::ARRAY_EXPR => node.children().all(|c| is_literal_like(&c)),
        Kind::CAST_EXPR => node.children().next().is_some_and(|c| is_literal_like(&c)),
        Kind::PREFIX_EXPR => node
            .children()
            .next()
            .is_some_and(|c| c.kind() == Kind::LITERAL),
        _ => false,
    }
}

fn type_is_texty(t: &str) -> bool {
    let base = crate::catalog::types::base_type(t);
    matches!(base, "text" | "character varying" | "character" | "name")
}

/// The canonical text of one node.
pub fn canon(node: &Node) -> String {
    match node.kind() {
        Kind::PAREN_EXPR => {
            let kids = expr_children(node);
            match kids.as_slice() {
                [inner] if !is_query(inner) => canon(inner),
                _ => generic(node),
            }
        }
        Kind::BIN_EXPR => bin_expr(node),
        Kind::PREFIX_EXPR => {
            let op = op_text(node);
            let kids = expr_children(node);
            let operand = kids.last().map(canon).unwrap_or_default();
            if op == "-" && kids.last().is_some_and(|k| k.kind() == Kind::LITERAL) {
                format!("-{operand}")
            } else if op.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
                format!("({op} {operand})")
            } else {
                format!("({op}{operand})")
            }
        }
        Kind::POSTFIX_EXPR => {
            let op = op_text(node);
            let operand = expr_children(node).first().map(canon).unwrap_or_default();
            format!("({operand} {op})")
        }
        Kind::CAST_EXPR => cast_expr(node),
        Kind::LITERAL => literal(node),
        Kind::NAME_REF => name_ref(node),
        Kind::FIELD_EXPR => {
            let mut parts: Vec<String> = node
                .children()
                .map(|c| {
                    if c.kind() == Kind::NAME_REF {
                        name_ref(&c)
                    } else {
                        canon(&c)
                    }
                })
                .collect();
            if parts.len() == 2
                && SOLE_RELATION.with(|s| {
                    s.borrow()
                        .as_ref()
                        .is_some_and(|r| quote_ident(r) == parts[0])
                })
            {
                return parts.remove(1);
            }
            parts.join(".")
        }
        Kind::CALL_EXPR => call_expr(node),
        // a sub-select over one relation reads the same without its qualifiers (PostgreSQL
        // prints `o.owned_by` in `(SELECT o.owned_by FROM orgs o …)`, a person `owned_by`)
        Kind::SELECT => {
            let only = own_single_relation(node);
            let prev = SOLE_RELATION.with(|s| std::mem::replace(&mut *s.borrow_mut(), only));
            let out = generic(node);
            SOLE_RELATION.with(|s| *s.borrow_mut() = prev);
            out
        }
        // `FROM t AS x` is `FROM t x`, `INNER JOIN` is `JOIN`, as PostgreSQL prints them
        Kind::FROM_ALIAS => node
            .children()
            .map(|c| canon(&c))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        Kind::JOIN_INNER => "JOIN".to_string(),
        // a name, even one spelled like a keyword (`storage bigint` in RETURNS TABLE), is
        // folded and quoted only where needed
        Kind::COLUMN_NAME => match super::name_parts(node).pop() {
            Some(n) => quote_ident(&n),
            None => generic(node),
        },
        // an output name that is the one PostgreSQL gives anyway (`auth.uid() AS uid`, as it
        // prints `(SELECT auth.uid())`) is left out
        Kind::TARGET => {
            let kids: Vec<Node> = node.children().collect();
            if let [expr, alias] = kids.as_slice()
                && alias.kind() == Kind::AS_NAME
                && let Some(name) = alias
                    .children()
                    .find(|c| c.kind() == Kind::COLUMN_NAME)
                    .and_then(|c| super::name_parts(&c).pop())
                && default_output_name(expr).is_some_and(|d| d == name)
            {
                return canon(expr);
            }
            generic(node)
        }
        Kind::ARRAY_EXPR => {
            let items: Vec<String> = node.children().map(|c| canon(&c)).collect();
            if node.children().next().is_some_and(|c| is_query(&c)) {
                return generic(node);
            }
            format!("ARRAY[{}]", items.join(", "))
        }
        Kind::TUPLE_EXPR => {
            let items: Vec<String> = node.children().map(|c| canon(&c)).collect();
            format!("ROW({})", items.join(", "))
        }
        Kind::RELATION_NAME_REF | Kind::TABLE_NAME_REF | Kind::PATH_REF | Kind::PATH => {
            relation_name(node)
        }
        Kind::PATH_TYPE
        | Kind::CHARACTER_TYPE
        | Kind::BIT_TYPE
        | Kind::BIT_VARYING_TYPE
        | Kind::DOUBLE_TYPE
        | Kind::TIMESTAMP_TYPE
        | Kind::TIME_TYPE
        | Kind::INTERVAL_TYPE
        | Kind::ARRAY_TYPE
        | Kind::PERCENT_TYPE
        | Kind::VARCHAR_TYPE => type_text(node),
        _ => generic(node),
    }
}

/// The name PostgreSQL gives an unaliased output column, where it is a name of the
/// expression itself: a function call's function, a column reference's column.
fn default_output_name(expr: &Node) -> Option<String> {
    match expr.kind() {
        Kind::CALL_EXPR => {
            let f = expr
                .children()
                .find(|c| matches!(c.kind(), Kind::FIELD_EXPR | Kind::NAME_REF))?;
            super::name_parts(&f).pop()
        }
        Kind::FIELD_EXPR | Kind::NAME_REF => super::name_parts(expr).pop(),
        _ => None,
    }
}

fn is_query(node: &Node) -> bool {
    matches!(
        node.kind(),
        Kind::SELECT
            | Kind::SELECT_INTO
            | Kind::COMPOUND_SELECT
            | Kind::PAREN_SELECT
            | Kind::VALUES
            | Kind::TABLE
    )
}

/// Text of the operator of a unary or binary expression: its non-node, non-trivia children
/// (tokens, or small operator nodes such as `IS NOT` / `->>`).
fn op_text(node: &Node) -> String {
    let mut parts = Vec::new();
    for c in node.children_with_tokens() {
        match c {
            NodeOrToken::Token(t) if !is_trivia(t.kind()) => parts.push(t.text().to_string()),
            NodeOrToken::Node(n) if is_operator_node(&n) => {
                let mut s = String::new();
                let mut sep = false;
                for t in n.descendants_with_tokens().filter_map(|t| t.into_token()) {
                    if is_trivia(t.kind()) {
                        sep = true;
                        continue;
                    }
                    if sep && !s.is_empty() {
                        s.push(' ');
                    }
                    sep = false;
                    s.push_str(t.text());
                }
                parts.push(s);
            }
            _ => {}
        }
    }
    let op = parts.join(" ");
    if op.chars().any(|c| c.is_ascii_alphabetic()) {
        op.to_ascii_uppercase()
    } else if op == "!=" {
        "<>".into()
    } else {
        op
    }
}

fn is_operator_node(n: &Node) -> bool {
    // Operator nodes hold tokens only (IS_NOT, CUSTOM_OP, NOT_LIKE, …).
    n.children().next().is_none()
        && !matches!(n.kind(), Kind::LITERAL | Kind::NAME_REF | Kind::ARG_LIST)
}

fn operands(node: &Node) -> Vec<Node> {
    node.children().filter(|n| !is_operator_node(n)).collect()
}

/// Whether a binary expression's operator is a generic one (`||`, `->>`, `@>` …).
fn has_custom_op(node: &Node) -> bool {
    node.kind() == Kind::BIN_EXPR && node.children().any(|c| c.kind() == Kind::CUSTOM_OP)
}

/// PostgreSQL's generic operators share one precedence and associate to the left
/// (`a || b || c` is `(a || b) || c`); the parser nests them to the right. Print the chain
/// the way PostgreSQL reads it.
fn custom_op_chain(node: &Node) -> Option<String> {
    let mut operands_seen = Vec::new();
    let mut ops_seen = Vec::new();
    let mut cur = node.clone();
    loop {
        let ops = operands(&cur);
        if ops.len() != 2 {
            return None;
        }
        operands_seen.push(ops[0].clone());
        ops_seen.push(op_text(&cur));
        if has_custom_op(&ops[1]) {
            cur = ops[1].clone();
        } else {
            operands_seen.push(ops[1].clone());
            break;
        }
    }
    if ops_seen.len() < 2 {
        return None;
    }
    let mut out = canon(&operands_seen[0]);
    for (op, rhs) in ops_seen.iter().zip(operands_seen.iter().skip(1)) {
        out = format!("({out} {op} {})", canon(rhs));
    }
    Some(out)
}

fn bin_expr(node: &Node) -> String {
    let ops = operands(node);
    let op = op_text(node);
    if ops.len() != 2 {
        return generic(node);
    }
    if has_custom_op(node)
        && let Some(s) = custom_op_chain(node)
    {
        return s;
    }
    let (l, r) = (&ops[0], &ops[1]);
    if (op == "IN" || op == "NOT IN") && r.kind() == Kind::TUPLE_EXPR {
        let items: Vec<String> = r.children().map(|c| canon(&c)).collect();
        let (cmp, quant) = if op == "IN" {
            ("=", "ANY")
        } else {
            ("<>", "ALL")
        };
        return format!("({} {cmp} {quant} (ARRAY[{}]))", canon(l), items.join(", "));
    }
    if (op == "IN" || op == "NOT IN") && r.kind() == Kind::PAREN_EXPR {
        // x IN (SELECT …)
        let (cmp, quant) = if op == "IN" {
            ("=", "ANY")
        } else {
            ("<>", "ALL")
        };
        return format!("({} {cmp} {quant} {})", canon(l), generic(r));
    }
    let op = match op.as_str() {
        "~~" => "LIKE".to_string(),
        "~~*" => "ILIKE".to_string(),
        "!~~" => "NOT LIKE".to_string(),
        "!~~*" => "NOT ILIKE".to_string(),
        _ => op,
    };
    format!("({} {op} {})", canon(l), canon(r))
}

fn cast_expr(node: &Node) -> String {
    let kids: Vec<Node> = node
        .children()
        .filter(|c| c.kind() != Kind::COLON_COLON)
        .collect();
    // `interval '7 days'`, `date '2024-01-01'`: a typed literal names its type first;
    // PostgreSQL prints it as `'7 days'::interval`
    let (inner, ty_node) = match kids.as_slice() {
        [ty, lit] if lit.kind() == Kind::LITERAL && super::is_type_node(ty) => (lit, Some(ty)),
        [inner, rest @ ..] => (inner, rest.first()),
        [] => return generic(node),
    };
    let ty = ty_node.map(type_text).unwrap_or_default();
    // A literal in arithmetic keeps its type: `now() - '7 days'` would subtract a timestamp.
    if is_literal_like(inner) && !type_is_texty(&ty) && in_arithmetic(node) {
        // an interval constant as PostgreSQL prints it ('1 month' is stored as '1 mon')
        if ty == "interval"
            && inner.kind() == Kind::LITERAL
            && let Some(v) = super::first_string(inner)
            && let Some(pg) = pg_interval(&v)
        {
            return format!("{}::interval", crate::catalog::quote_literal(&pg));
        }
        return format!("{}::{ty}", canon(inner));
    }
    // PostgreSQL adds casts to text around columns it compares with text arrays; those are
    // dropped. A cast inside a function argument changes which function runs: kept.
    let in_comparison = node
        .parent()
        .is_some_and(|p| matches!(p.kind(), Kind::BIN_EXPR | Kind::PAREN_EXPR));
    if is_literal_like(inner) || ty == "regclass" || (type_is_texty(&ty) && in_comparison) {
        return canon(inner);
    }
    if ty.ends_with("[]") && type_is_texty(ty.trim_end_matches("[]")) {
        return canon(inner);
    }
    let inner_text = canon(inner);
    let needs_parens = !(inner_text.starts_with('(') && inner_text.ends_with(')'));
    if needs_parens {
        format!("({inner_text})::{ty}")
    } else {
        format!("{inner_text}::{ty}")
    }
}

/// A simple interval constant (`1 month`, `2 weeks`, `1 year 2 months`, `1 hour`,
/// `00:30:00`) as PostgreSQL prints it with IntervalStyle `postgres` (`1 mon`, `14 days`,
/// `1 year 2 mons`, `01:00:00`); None for anything else (signs, fractions, ISO forms), which
/// stays as written.
fn pg_interval(v: &str) -> Option<String> {
    let (mut years, mut months, mut days, mut secs) = (0u64, 0u64, 0u64, 0u64);
    let words: Vec<&str> = v.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w.contains(':') {
            let parts: Vec<u64> = w
                .split(':')
                .map(|p| p.parse::<u64>().ok())
                .collect::<Option<_>>()?;
            match parts.as_slice() {
                [h, m, s] => secs += h * 3600 + m * 60 + s,
                [h, m] => secs += h * 3600 + m * 60,
                _ => return None,
            }
            i += 1;
            continue;
        }
        let n: u64 = w.parse().ok()?;
        let unit = words.get(i + 1)?.to_ascii_lowercase();
        match unit.as_str() {
            "year" | "years" | "yr" | "yrs" | "y" => years += n,
            "month" | "months" | "mon" | "mons" => months += n,
            "week" | "weeks" | "w" => days += 7 * n,
            "day" | "days" | "d" => days += n,
            "hour" | "hours" | "hr" | "hrs" | "h" => secs += 3600 * n,
            "minute" | "minutes" | "min" | "mins" | "m" => secs += 60 * n,
            "second" | "seconds" | "sec" | "secs" | "s" => secs += n,
            _ => return None,
        }
        i += 2;
    }
    let mut out: Vec<String> = Vec::new();
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if years > 0 {
        out.push(plural(years, "year", "years"));
    }
    if months > 0 {
        out.push(plural(months, "mon", "mons"));
    }
    if days > 0 {
        out.push(plural(days, "day", "days"));
    }
    if secs > 0 || out.is_empty() {
        out.push(format!(
            "{:02}:{:02}:{:02}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        ));
    }
    Some(out.join(" "))
}

/// Whether the node is an operand of `+`, `-`, `*` or `/`.
fn in_arithmetic(node: &Node) -> bool {
    node.parent().is_some_and(|p| {
        p.kind() == Kind::BIN_EXPR && matches!(op_text(&p).as_str(), "+" | "-" | "*" | "/")
    })
}

fn type_text(node: &Node) -> String {
    let raw = super::compact_text(node);
    let t = normalize_type(&raw);
    // drop implicit schemas from type names
    match t.split_once('.') {
        Some((s, rest)) if implicit_schema(s) && !t.contains(' ') => rest.to_string(),
        _ => t,
    }
}

fn literal(node: &Node) -> String {
    let Some(tok) = node
        .children_with_tokens()
        .filter_map(|t| t.into_token())
        .find(|t| !is_trivia(t.kind()))
    else {
        return String::new();
    };
    let text = tok.text();
    match tok.kind() {
        Kind::STRING | Kind::ESC_STRING | Kind::DOLLAR_QUOTED_STRING => {
            let v = super::string_value(text);
            if !v.is_empty()
                && v.parse::<f64>().is_ok()
                && v.trim() == v
                && !v.contains(['e', 'E', 'n', 'N', 'i', 'I'])
            {
                v
            } else {
                crate::catalog::quote_literal(&v)
            }
        }
        Kind::TRUE_KW => "true".into(),
        Kind::FALSE_KW => "false".into(),
        Kind::NULL_KW => "NULL".into(),
        _ => {
            // typed literals (`interval '1 day'`, `date '2020-01-01'`): keep the literal
            let nontrivia: Vec<_> = node
                .children_with_tokens()
                .filter_map(|t| t.into_token())
                .filter(|t| !is_trivia(t.kind()))
                .collect();
            if nontrivia.len() > 1
                && let Some(s) = nontrivia.iter().find(|t| t.kind() == Kind::STRING)
            {
                return crate::catalog::quote_literal(&super::string_value(s.text()));
            }
            text.to_string()
        }
    }
}

fn name_ref(node: &Node) -> String {
    let tok = node
        .children_with_tokens()
        .filter_map(|t| t.into_token())
        .find(|t| !is_trivia(t.kind()));
    let Some(tok) = tok else {
        return generic(node);
    };
    match tok.kind() {
        Kind::CURRENT_TIMESTAMP_KW => "now()".into(),
        k if super::is_value_keyword(k) => tok.text().to_ascii_uppercase(),
        _ => quote_ident(&fold_ident(tok.text())),
    }
}

fn call_expr(node: &Node) -> String {
    let mut name = None;
    let mut args = None;
    for c in node.children() {
        match c.kind() {
            Kind::NAME_REF | Kind::FIELD_EXPR if name.is_none() => name = Some(c),
            Kind::ARG_LIST if args.is_none() => args = Some(c),
            _ => {}
        }
    }
    let (Some(name), Some(args)) = (name, args) else {
        return generic(node);
    };
    let mut parts = super::name_parts(&name);
    if parts.len() == 2 && implicit_schema(&parts[0]) {
        parts.remove(0);
    }
    let fname = parts
        .iter()
        .map(|p| quote_ident(p))
        .collect::<Vec<_>>()
        .join(".");
    let fname = fname.replace('"', "");
    // canonical args: each ARG's expression (or star / DISTINCT … fall back to generic)
    let simple = args
        .children()
        .all(|a| a.kind() == Kind::ARG && a.children().count() == 1);
    let arg_text = if simple {
        args.children()
            .map(|a| canon(&a.children().next().expect("checked")))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        let g = generic(&args);
        g.trim_start_matches('(').trim_end_matches(')').to_string()
    };
    if fname == "now" && arg_text.is_empty() {
        return "now()".into();
    }
    if matches!(fname.as_str(), "nextval" | "currval" | "setval") {
        // the sequence argument is a regclass: `'public.s'` and `'s'` name the same one
        for schema in ["public", "pg_catalog"] {
            let prefix = format!("'{schema}.");
            if let Some(rest) = arg_text.strip_prefix(&prefix) {
                return format!("{fname}('{rest})");
            }
        }
    }
    format!("{fname}({arg_text})")
}

fn relation_name(node: &Node) -> String {
    let mut parts = super::name_parts(node);
    if parts.len() == 2 && implicit_schema(&parts[0]) {
        parts.remove(0);
    }
    parts
        .iter()
        .map(|p| quote_ident(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// Token-by-token printing with canonical spacing and case, recursing into expression nodes.
fn generic(node: &Node) -> String {
    let mut pieces: Vec<String> = Vec::new();
    // the end of the previous token when it was an operator character (`&&` lexes as two)
    let mut op_end = None;
    for c in node.children_with_tokens() {
        match c {
            NodeOrToken::Token(t) => {
                let k = t.kind();
                if is_trivia(k) {
                    op_end = None;
                    continue;
                }
                let text = t.text();
                let is_op =
                    !text.is_empty() && text.chars().all(|c| "+-*/<>=~!@#%^&|`?".contains(c));
                if is_op
                    && op_end == Some(t.text_range().start())
                    && let Some(last) = pieces.last_mut()
                {
                    last.push_str(text);
                    op_end = Some(t.text_range().end());
                    continue;
                }
                op_end = is_op.then(|| t.text_range().end());
                let piece = match k {
                    Kind::IDENT => quote_ident(&fold_ident(text)),
                    Kind::STRING | Kind::ESC_STRING | Kind::DOLLAR_QUOTED_STRING => {
                        crate::catalog::quote_literal(&super::string_value(text))
                    }
                    _ if text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                        if k == Kind::INT_NUMBER || k == Kind::NUMERIC_NUMBER {
                            text.to_string()
                        } else {
                            text.to_ascii_uppercase()
                        }
                    }
                    _ => text.to_string(),
                };
                pieces.push(piece);
            }
            NodeOrToken::Node(n) => {
                op_end = None;
                let s = canon(&n);
                if !s.is_empty() {
                    pieces.push(s);
                }
            }
        }
    }
    join_pieces(&pieces)
}

fn join_pieces(pieces: &[String]) -> String {
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            let prev = &pieces[i - 1];
            let no_space_before = matches!(p.as_str(), ")" | "]" | "," | "." | "::" | ";")
                || p.starts_with("::")
                || (p == "(" && !is_keyword_piece(prev))
                || p == "[";
            let no_space_after = matches!(prev.as_str(), "(" | "[" | "." | "::");
            if !no_space_before && !no_space_after {
                out.push(' ');
            }
        }
        out.push_str(p);
    }
    out
}

fn is_keyword_piece(p: &str) -> bool {
    !p.is_empty()
        && p.chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(canonical_expr(a), canonical_expr(b), "\n{a}\n{b}");
    }

    #[test]
    fn in_list_equals_any_array() {
        same(
            "plan IN ('free', 'pro', 'enterprise')",
            "(plan = ANY (ARRAY['free'::text, 'pro'::text, 'enterprise'::text]))",
        );
        same(
            "status in ('a','b')",
            "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
        );
    }

    #[test]
    fn literal_casts_and_parens() {
        same("'{}'::jsonb", "'{}'");
        same("(char_length(body) <= 5000)", "char_length(body) <= 5000");
        same("timezone('utc', now())", "timezone('utc'::text, now())");
        same("CURRENT_TIMESTAMP", "now()");
        same("-1", "'-1'::integer");
        same("a > 0 AND b < 1", "((a > 0) AND (b < 1))");
        same("extensions.uuid_generate_v4()", "uuid_generate_v4()");
        same("NOT read", "(NOT read)");
    }

    #[test]
    fn typed_literals_read_as_postgresql_prints_them() {
        same("now() - interval '7 days'", "(now() - '7 days'::interval)");
        same("d > date '2000-01-01'", "(d > '2000-01-01'::date)");
        same("date '2024-01-01'", "'2024-01-01'::date");
        assert_eq!(
            canonical_expr("now() - interval '7 days'"),
            "(now() - '7 days'::interval)"
        );
        assert_ne!(
            canonical_expr("now() - interval '7 days'"),
            canonical_expr("now() - '7 days'")
        );
    }

    #[test]
    fn generic_operators_associate_left() {
        same("first || ' ' || last", "((first || ' '::text) || last)");
        same("data ->> 'a' || 'b'", "((data ->> 'a'::text) || 'b'::text)");
    }

    #[test]
    fn distinct_things_stay_distinct() {
        assert_ne!(
            canonical_expr("a OR b AND c"),
            canonical_expr("(a OR b) AND c")
        );
        assert_ne!(
            canonical_expr("uuid_generate_v4()"),
            canonical_expr("gen_random_uuid()")
        );
        assert_ne!(
            canonical_expr("auth.uid() = user_id"),
            canonical_expr("uid() = user_id")
        );
    }

    #[test]
    fn subqueries() {
        same(
            "EXISTS (SELECT 1 FROM public.user_profiles WHERE user_profiles.id = auth.uid() AND user_profiles.role = 'admin')",
            "(EXISTS ( SELECT 1\n   FROM user_profiles\n  WHERE ((user_profiles.id = auth.uid()) AND (user_profiles.role = 'admin'::text))))",
        );
    }
}
