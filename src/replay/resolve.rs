//! Name resolution, as PostgreSQL's parse analysis does it: the relations, columns and
//! functions that expressions and queries name must exist. Used for CHECK constraints,
//! defaults, index expressions, policies, views, SQL function bodies and plain DML.
//! Along the way it records what was referenced ([`References`]).

use super::ddl::extension_of_function;
use super::{Ctx, PgError, Replay};
use crate::catalog::{QualName, References, Table};
use crate::sql::{self, Kind, Node, name_parts};
use regex::Regex;
use std::sync::LazyLock;

/// Output or known columns of a relation: name and type where known.
type Columns = Vec<(String, Option<String>)>;

#[derive(Clone, Debug)]
struct Item {
    alias: String,
    table: Option<QualName>,
    /// None: columns unknown (a set-returning function), anything goes.
    columns: Option<Vec<(String, Option<String>)>>,
}

#[derive(Clone, Debug, Default)]
struct Level {
    items: Vec<Item>,
    ctes: Vec<(String, Columns)>,
    /// Columns merged by `JOIN … USING (…)`: one column, not one per side.
    merged: Vec<String>,
    /// A NATURAL join merges columns this level does not track: no ambiguity is judged.
    natural: bool,
}

/// The names visible to an expression: nested FROM levels, CTEs and parameters.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    levels: Vec<Level>,
    params: Vec<(String, String)>,
    /// Expressions of a policy/trigger may name these pseudo-relations.
    pseudo: Vec<String>,
}

impl Scope {
    pub fn empty() -> Self {
        Scope::default()
    }

    /// The scope of an expression over one table (CHECK, policy, index).
    pub fn table(t: &Table) -> Self {
        Scope {
            levels: vec![Level {
                items: vec![Item {
                    alias: t.name.clone(),
                    table: Some(t.qual_name()),
                    columns: Some(
                        t.columns
                            .iter()
                            .map(|c| (c.name.clone(), Some(c.data_type.clone())))
                            .collect(),
                    ),
                }],
                ..Level::default()
            }],
            ..Scope::default()
        }
    }

    pub fn with_params(mut self, params: Vec<(String, String)>) -> Self {
        self.params = params;
        self
    }

    fn push(&self) -> Scope {
        let mut s = self.clone();
        s.levels.push(Level::default());
        s
    }

    fn top(&mut self) -> &mut Level {
        if self.levels.is_empty() {
            self.levels.push(Level::default());
        }
        let n = self.levels.len() - 1;
        &mut self.levels[n]
    }

    fn cte(&self, name: &str) -> Option<&Vec<(String, Option<String>)>> {
        self.levels
            .iter()
            .rev()
            .find_map(|l| l.ctes.iter().find(|(n, _)| n == name).map(|(_, c)| c))
    }

    fn item(&self, alias: &str) -> Option<&Item> {
        self.levels
            .iter()
            .rev()
            .find_map(|l| l.items.iter().find(|i| i.alias == alias))
    }
}

/// What a query produces and what it read.
#[derive(Debug, Default)]
pub struct QueryOutput {
    pub columns: Vec<(String, Option<String>)>,
    pub refs: References,
}

struct Resolver<'a> {
    replay: &'a Replay,
    ctx: &'a Ctx<'a>,
    refs: References,
}

/// Checks a DEFAULT expression: functions must exist; columns may not be named.
pub(crate) fn check_default(
    replay: &Replay,
    node: &Node,
    ctx: &Ctx,
) -> Result<References, PgError> {
    let mut r = Resolver {
        replay,
        ctx,
        refs: References::default(),
    };
    for n in node.descendants() {
        if n.kind() == Kind::NAME_REF && is_column_position(&n) && is_plain_ident(&n) {
            return Err(
                PgError::new("0A000", "cannot use column reference in DEFAULT expression")
                    .at(ctx.offset(&n)),
            );
        }
    }
    r.expr(node, &Scope::empty())?;
    Ok(r.refs)
}

/// Checks an expression over one table, given as text (CHECK, index expression, predicate).
pub(crate) fn check_table_expr(
    replay: &Replay,
    text: &str,
    table: &Table,
    ctx: &Ctx,
) -> Result<References, PgError> {
    let Some(node) = sql::parse_expr(text) else {
        return Ok(References::default());
    };
    let mut r = Resolver {
        replay,
        ctx,
        refs: References::default(),
    };
    // offsets of a re-parsed text are not file offsets: report at the caller's position
    r.expr(&node, &Scope::table(table)).map_err(|mut e| {
        e.offset = None;
        e
    })?;
    Ok(r.refs)
}

/// Checks an expression node (in the file) with the given scope.
pub(crate) fn check_expr(
    replay: &Replay,
    node: &Node,
    ctx: &Ctx,
    scope: &Scope,
) -> Result<References, PgError> {
    let mut r = Resolver {
        replay,
        ctx,
        refs: References::default(),
    };
    r.expr(node, scope)?;
    Ok(r.refs)
}

/// Checks a statement (SELECT / INSERT / UPDATE / DELETE / VALUES).
pub(crate) fn check_statement(
    replay: &Replay,
    node: &Node,
    ctx: &Ctx,
    scope: &Scope,
) -> Result<QueryOutput, PgError> {
    let mut r = Resolver {
        replay,
        ctx,
        refs: References::default(),
    };
    let columns = r.statement(node, scope)?;
    Ok(QueryOutput {
        columns,
        refs: r.refs,
    })
}

/// Checks the body of a SQL-language function, as PostgreSQL does at CREATE FUNCTION.
/// Offsets inside the body are mapped back into the file with `body_offset`.
pub(crate) fn check_sql_body(
    replay: &Replay,
    body: &str,
    params: Vec<(String, String)>,
    function_name: &str,
    ctx: &Ctx,
    body_offset: usize,
) -> Result<References, PgError> {
    let script = sql::Script::parse(body);
    if !script.errors.is_empty() {
        // PostgreSQL reports the syntax error; we cannot say more than that
        let e = &script.errors[0];
        return Err(PgError::new(
            "42601",
            format!("syntax error in function body ({})", e.message),
        )
        .at(body_offset + e.offset));
    }
    let inner = Ctx {
        file: ctx.file,
        script: &script,
        base: body_offset,
        outer: Some(ctx),
    };
    let mut scope = Scope::empty().with_params(params);
    // a parameter may be qualified with the function's name (`has_role.account_id`)
    scope.pseudo.push(function_name.to_string());
    let mut r = Resolver {
        replay,
        ctx: &inner,
        refs: References::default(),
    };
    for st in &script.statements {
        match st.kind() {
            Kind::SELECT
            | Kind::INSERT
            | Kind::UPDATE
            | Kind::DELETE
            | Kind::VALUES
            | Kind::COMPOUND_SELECT
            | Kind::PAREN_SELECT => {
                r.statement(&st.node, &scope)
                    .map_err(|e| remap(e, body_offset))?;
            }
            _ => {}
        }
    }
    Ok(r.refs)
}

/// Best-effort references of a body we do not validate (plpgsql): relations named after
/// FROM / JOIN / INTO / UPDATE, function calls, and `NEW.col` / `OLD.col`.
pub fn plpgsql_references(body: &str) -> (References, Vec<String>) {
    let mut refs = References::default();
    let mut new_cols = Vec::new();
    static RE_REL: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r#"(?i)\b(?:from|join|into|update|table)\s+((?:"[^"]+"|[a-z_][a-z0-9_$]*)(?:\.(?:"[^"]+"|[a-z_][a-z0-9_$]*))?)"#).ok()
    });
    static RE_NEW: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r#"(?i)\b(?:new|old)\.("[^"]+"|[a-z_][a-z0-9_$]*)"#).ok());
    static RE_CALL: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r#"(?i)\b((?:[a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*)\s*\("#).ok()
    });
    let (re_rel, re_new, re_call) = (RE_REL.as_ref(), RE_NEW.as_ref(), RE_CALL.as_ref());
    let stripped = strip_comments_and_strings(body);
    if let Some(re) = re_rel {
        for c in re.captures_iter(&stripped) {
            let parts: Vec<String> = c[1].split('.').map(crate::catalog::fold_ident).collect();
            let kw = [
                "select",
                "set",
                "only",
                "lateral",
                "exists",
                "each",
                "row",
                "new",
                "old",
                "jsonb_array_elements",
                "unnest",
                "generate_series",
            ];
            if kw.contains(&parts[0].as_str()) {
                continue;
            }
            let q = match parts.as_slice() {
                [s, n] => QualName::new(s, n),
                [n] => QualName::new("", n),
                _ => continue,
            };
            refs.tables.insert(q);
        }
    }
    if let Some(re) = re_new {
        for c in re.captures_iter(&stripped) {
            let col = crate::catalog::fold_ident(&c[1]);
            if !new_cols.contains(&col) {
                new_cols.push(col);
            }
        }
    }
    if let Some(re) = re_call {
        for c in re.captures_iter(&stripped) {
            // `INSERT INTO public.t (cols)`, `MERGE INTO t`: a relation and its column list,
            // not a call (after FROM and JOIN a name and `(` is a call: `FROM unnest(…)`)
            let before = stripped[..c.get(1).map_or(0, |m| m.start())].trim_end();
            let prev_word = before
                .rsplit(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .next()
                .unwrap_or("");
            if prev_word.eq_ignore_ascii_case("into") {
                continue;
            }
            let name = c[1].to_ascii_lowercase();
            let parts: Vec<&str> = name.split('.').collect();
            if let [s, n] = parts.as_slice() {
                if !matches!(*s, "new" | "old") {
                    refs.functions.insert(QualName::new(*s, *n));
                }
            } else if !is_plpgsql_word(&name) {
                refs.functions.insert(QualName::new("", &name));
            }
        }
    }
    (refs, new_cols)
}

fn is_plpgsql_word(w: &str) -> bool {
    matches!(
        w,
        "if" | "elsif"
            | "and"
            | "or"
            | "not"
            | "in"
            | "exists"
            | "values"
            | "return"
            | "coalesce"
            | "nullif"
            | "greatest"
            | "least"
            | "when"
            | "then"
            | "case"
            | "select"
            | "perform"
            | "raise"
            | "exception"
            | "array"
            | "row"
            | "any"
            | "all"
            | "cast"
            | "over"
            | "filter"
            | "using"
            | "format"
            | "on"
            | "as"
    )
}

pub(crate) fn strip_comments_and_strings(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i] == '-' && b.get(i + 1) == Some(&'-') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if b[i] == '\'' {
            out.push_str("''");
            i += 1;
            while i < b.len() {
                if b[i] == '\'' {
                    if b.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn remap(mut e: PgError, _base: usize) -> PgError {
    // offsets from the inner script were already made absolute by the inner Ctx
    if let Some(o) = e.offset {
        e.offset = Some(o);
    }
    e
}

fn is_plain_ident(n: &Node) -> bool {
    n.children_with_tokens()
        .filter_map(|t| t.into_token())
        .find(|t| !sql::is_trivia(t.kind()))
        .is_some_and(|t| {
            matches!(t.kind(), Kind::IDENT)
                || t.text()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !is_special_keyword(t.kind())
        })
}

fn is_special_keyword(k: Kind) -> bool {
    sql::is_value_keyword(k)
        || matches!(
            k,
            Kind::DEFAULT_KW | Kind::VALUE_KW | Kind::NULL_KW | Kind::TRUE_KW | Kind::FALSE_KW
        )
}

/// Whether a NAME_REF stands for a column (not a function name or part of a dotted name).
fn is_column_position(n: &Node) -> bool {
    match n.parent() {
        Some(p) if p.kind() == Kind::FIELD_EXPR => false,
        Some(p) if p.kind() == Kind::CALL_EXPR => p.children().next().as_ref() != Some(n),
        Some(p) if matches!(p.kind(), Kind::NAMED_ARG) => p.children().next().as_ref() != Some(n),
        _ => true,
    }
}

fn is_query(n: &Node) -> bool {
    matches!(
        n.kind(),
        Kind::SELECT
            | Kind::COMPOUND_SELECT
            | Kind::PAREN_SELECT
            | Kind::VALUES
            | Kind::SELECT_INTO
    )
}

/// The targets of a SELECT or RETURNING list itself, not those of subqueries inside it.
fn own_targets(clause: &Node) -> impl Iterator<Item = Node> + '_ {
    clause
        .children()
        .filter(|c| c.kind() == Kind::TARGET_LIST)
        .flat_map(|l| l.children().filter(|t| t.kind() == Kind::TARGET))
}

/// `alias(a, b)`: the column names an alias or a CTE gives (`COLUMN_LIST` under `node`).
fn column_aliases(node: &Node) -> Option<Vec<String>> {
    let list = node
        .children()
        .find(|c| c.kind() == Kind::COLUMN_LIST)
        .or_else(|| {
            node.children()
                .find(|c| c.kind() == Kind::FROM_ALIAS)
                .and_then(|a| sql::child(&a, Kind::COLUMN_LIST))
        })?;
    Some(
        list.children()
            .filter(|c| c.kind() == Kind::COLUMN_NAME)
            .map(|c| {
                c.children_with_tokens()
                    .filter_map(|t| t.into_token())
                    .find(|t| !sql::is_trivia(t.kind()))
                    .map(|t| crate::catalog::fold_ident(t.text()))
                    .unwrap_or_default()
            })
            .collect(),
    )
}

/// Columns renamed by an alias list: the first n take the new names, PostgreSQL keeps the rest.
fn renamed(
    cols: Option<Vec<(String, Option<String>)>>,
    aliases: Option<Vec<String>>,
) -> Option<Vec<(String, Option<String>)>> {
    let Some(aliases) = aliases else {
        return cols;
    };
    match cols {
        Some(mut cols) => {
            for (i, a) in aliases.into_iter().enumerate() {
                match cols.get_mut(i) {
                    Some(c) => c.0 = a,
                    None => cols.push((a, None)),
                }
            }
            Some(cols)
        }
        None => Some(aliases.into_iter().map(|a| (a, None)).collect()),
    }
}

impl Resolver<'_> {
    fn err_at(&self, e: PgError, node: &Node) -> PgError {
        e.at(self.ctx.offset(node))
    }

    fn statement(
        &mut self,
        node: &Node,
        scope: &Scope,
    ) -> Result<Vec<(String, Option<String>)>, PgError> {
        match node.kind() {
            Kind::INSERT => self.insert(node, scope),
            Kind::UPDATE => self.update(node, scope),
            Kind::DELETE => self.delete(node, scope),
            _ => self.query(node, scope),
        }
    }

    fn relation_item(
        &mut self,
        name_node: &Node,
        alias: Option<String>,
        scope: &Scope,
    ) -> Result<Item, PgError> {
        let parts = name_parts(name_node);
        if parts.len() == 1
            && let Some(cols) = scope.cte(&parts[0])
        {
            return Ok(Item {
                alias: alias.unwrap_or(parts[0].clone()),
                table: None,
                columns: known_columns(cols.clone()),
            });
        }
        let q = self
            .replay
            .lookup_relation(&parts)
            .ok_or_else(|| self.err_at(super::missing_relation(&parts), name_node))?;
        self.refs.tables.insert(q.clone());
        let columns = if let Some(t) = self.replay.catalog.table(&q) {
            Some(
                t.columns
                    .iter()
                    .map(|c| (c.name.clone(), Some(c.data_type.clone())))
                    .collect(),
            )
        } else if let Some(v) = self.replay.catalog.view(&q) {
            if v.columns.is_empty() {
                None
            } else {
                Some(
                    v.columns
                        .iter()
                        .map(|c| (c.name.clone(), Some(c.data_type.clone())))
                        .collect(),
                )
            }
        } else {
            crate::catalog::system::system_relation(&q.schema, &q.name)
                .map(|cols| cols.as_slice())
                .or_else(|| {
                    self.replay
                        .extension_relation(Some(&q.schema), &q.name)
                        .map(|(_, cols)| cols)
                })
                .map(|cols| {
                    cols.iter()
                        .map(|(c, t)| (c.to_string(), Some(t.to_string())))
                        .collect()
                })
        };
        Ok(Item {
            alias: alias.unwrap_or(q.name.clone()),
            table: Some(q),
            columns,
        })
    }

    fn alias_of(node: &Node) -> Option<String> {
        node.children()
            .find(|c| {
                matches!(
                    c.kind(),
                    Kind::FROM_ALIAS | Kind::OPTIONAL_AS_ALIAS | Kind::REQUIRED_AS_ALIAS
                )
            })
            .and_then(|a| sql::find(&a, Kind::TABLE_ALIAS).or(Some(a)))
            .map(|a| {
                a.children_with_tokens()
                    .filter_map(|t| t.into_token())
                    .filter(|t| !sql::is_trivia(t.kind()) && t.kind() != Kind::AS_KW)
                    .map(|t| crate::catalog::fold_ident(t.text()))
                    .next()
                    .unwrap_or_default()
            })
            .filter(|s| !s.is_empty())
    }

    /// Adds FROM items to the top level of the scope; returns ON conditions to check after.
    fn add_from_items(
        &mut self,
        node: &Node,
        scope: &mut Scope,
        deferred: &mut Vec<Node>,
    ) -> Result<(), PgError> {
        for c in node.children() {
            match c.kind() {
                Kind::RELATION_FROM_ITEM => {
                    let name = c.children().find(|n| {
                        matches!(
                            n.kind(),
                            Kind::RELATION_NAME_REF | Kind::PATH_REF | Kind::PATH
                        )
                    });
                    if let Some(name) = name {
                        let mut item = self.relation_item(&name, Self::alias_of(&c), scope)?;
                        item.columns = renamed(item.columns.take(), column_aliases(&c));
                        scope.top().items.push(item);
                    }
                }
                Kind::PAREN_FROM_ITEM => {
                    let q = c.children().find(is_query);
                    let cols = match q {
                        Some(q) => known_columns(self.query(&q, &scope.clone())?),
                        None => {
                            self.add_from_items(&c, scope, deferred)?;
                            continue;
                        }
                    };
                    let alias = Self::alias_of(&c).unwrap_or_default();
                    scope.top().items.push(Item {
                        alias,
                        table: None,
                        columns: renamed(cols, column_aliases(&c)),
                    });
                }
                Kind::FUNCTION_FROM_ITEM => {
                    for call in c.children().filter(|n| n.kind() == Kind::CALL_EXPR) {
                        self.expr(&call, scope)?;
                    }
                    let alias = Self::alias_of(&c).unwrap_or_else(|| {
                        c.children()
                            .find(|n| n.kind() == Kind::CALL_EXPR)
                            .map(|call| name_parts(&call).last().cloned().unwrap_or_default())
                            .unwrap_or_default()
                    });
                    scope.top().items.push(Item {
                        alias,
                        table: None,
                        columns: column_aliases(&c)
                            .map(|a| a.into_iter().map(|n| (n, None)).collect()),
                    });
                }
                // `FROM (a JOIN b ON …)`: a parenthesized join
                Kind::JOIN_EXPR | Kind::JOIN | Kind::PAREN_EXPR => {
                    if sql::has_token(&c, Kind::NATURAL_KW) {
                        scope.top().natural = true;
                    }
                    self.add_from_items(&c, scope, deferred)?
                }
                Kind::ON_CLAUSE => deferred.push(c),
                Kind::JOIN_USING_CLAUSE => {
                    let names: Vec<String> = c
                        .descendants()
                        .filter(|n| n.kind() == Kind::COLUMN_NAME_REF)
                        .map(|n| name_parts(&n).join("."))
                        .collect();
                    scope.top().merged.extend(names);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn query(
        &mut self,
        node: &Node,
        outer: &Scope,
    ) -> Result<Vec<(String, Option<String>)>, PgError> {
        match node.kind() {
            Kind::PAREN_SELECT => {
                return match node.children().find(is_query) {
                    Some(q) => self.query(&q, outer),
                    None => Ok(Vec::new()),
                };
            }
            Kind::COMPOUND_SELECT => {
                // `WITH … SELECT … UNION SELECT …`: the parser hangs the WITH on the first
                // arm, but its names are visible in every arm
                let mut scope = outer.push();
                let mut leftmost = node.children().find(is_query);
                while let Some(q) = leftmost
                    .clone()
                    .filter(|q| q.kind() == Kind::COMPOUND_SELECT)
                {
                    leftmost = q.children().find(is_query);
                }
                if let Some(with) = leftmost.and_then(|q| sql::child(&q, Kind::WITH_CLAUSE)) {
                    self.with_clause(&with, &mut scope)?;
                }
                let mut first = None;
                for q in node.children().filter(is_query) {
                    let cols = self.query(&q, &scope)?;
                    if first.is_none() {
                        first = Some(cols);
                    }
                }
                return Ok(first.unwrap_or_default());
            }
            Kind::VALUES => {
                let mut columns: Vec<Vec<Node>> = Vec::new();
                for row in node.descendants().filter(|n| n.kind() == Kind::ROW) {
                    for (i, e) in row.children().enumerate() {
                        self.expr(&e, outer)?;
                        if columns.len() <= i {
                            columns.push(Vec::new());
                        }
                        columns[i].push(e);
                    }
                }
                // a column of quoted literals only is text, as PostgreSQL resolves it
                return Ok(columns
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        (
                            format!("column{}", i + 1),
                            unknown_literals_type(c.into_iter()),
                        )
                    })
                    .collect());
            }
            _ => {}
        }
        let mut scope = outer.push();
        if let Some(with) = sql::child(node, Kind::WITH_CLAUSE) {
            self.with_clause(&with, &mut scope)?;
        }
        let mut deferred = Vec::new();
        if let Some(from) = sql::child(node, Kind::FROM_CLAUSE) {
            self.add_from_items(&from, &mut scope, &mut deferred)?;
        }
        for on in deferred {
            self.expr(&on, &scope)?;
        }
        let mut out = Vec::new();
        if let Some(sel) = sql::child(node, Kind::SELECT_CLAUSE) {
            for target in own_targets(&sel) {
                let e = target.children().find(|n| n.kind() != Kind::AS_NAME);
                if let Some(e) = &e {
                    self.expr(e, &scope)?;
                }
                out.extend(self.target_names(&target, e.as_ref(), &scope));
            }
        }
        let output_names: Vec<String> = out.iter().map(|(n, _)| n.clone()).collect();
        for c in node.children() {
            match c.kind() {
                Kind::WHERE_CLAUSE => {
                    self.expr(&c, &scope)?;
                    self.no_window_in_where(&c)?;
                }
                Kind::HAVING_CLAUSE | Kind::LIMIT_CLAUSE | Kind::OFFSET_CLAUSE => {
                    self.expr(&c, &scope)?
                }
                Kind::GROUP_BY_CLAUSE | Kind::ORDER_BY_CLAUSE => {
                    let mut s2 = scope.clone();
                    s2.top().items.push(Item {
                        alias: "\u{0}output".into(),
                        table: None,
                        columns: Some(output_names.iter().map(|n| (n.clone(), None)).collect()),
                    });
                    self.expr(&c, &s2)?;
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn with_clause(&mut self, with: &Node, scope: &mut Scope) -> Result<(), PgError> {
        for wt in with.children().filter(|n| n.kind() == Kind::WITH_TABLE) {
            let name = sql::child(&wt, Kind::CTE_NAME)
                .map(|n| name_parts(&n).join("."))
                .unwrap_or_default();
            let q = wt.children().find(|n| {
                is_query(n) || matches!(n.kind(), Kind::INSERT | Kind::UPDATE | Kind::DELETE)
            });
            let cols = match q {
                Some(q) => self.statement(&q, scope)?,
                None => Vec::new(),
            };
            let cols = renamed(Some(cols), column_aliases(&wt)).unwrap_or_default();
            scope.top().ctes.push((name, cols));
        }
        Ok(())
    }

    fn target_names(
        &self,
        target: &Node,
        e: Option<&Node>,
        scope: &Scope,
    ) -> Vec<(String, Option<String>)> {
        if let Some(a) = sql::child(target, Kind::AS_NAME) {
            // `r.gateway_id AS gateway_id` keeps the column's type
            let ty = e
                .filter(|e| {
                    matches!(
                        e.kind(),
                        Kind::NAME_REF
                            | Kind::FIELD_EXPR
                            | Kind::CALL_EXPR
                            | Kind::CASE_EXPR
                            | Kind::CAST_EXPR
                    )
                })
                .filter(|e| e.kind() == Kind::CALL_EXPR || !sql::has_token_deep(e, Kind::STAR))
                .and_then(|e| self.expr_names(e, scope).into_iter().next())
                .and_then(|(_, t)| t);
            return vec![(name_parts(&a).last().cloned().unwrap_or_default(), ty)];
        }
        let Some(e) = e else {
            // bare `*` (over an item whose columns are unknown: the marker `*`)
            return scope
                .levels
                .last()
                .map(|l| {
                    l.items
                        .iter()
                        .flat_map(|i| {
                            i.columns
                                .clone()
                                .unwrap_or_else(|| vec![(UNKNOWN_COLUMNS.into(), None)])
                        })
                        .collect()
                })
                .unwrap_or_default();
        };
        self.expr_names(e, scope)
    }

    /// The output name and type of a target expression without an alias.
    fn expr_names(&self, e: &Node, scope: &Scope) -> Vec<(String, Option<String>)> {
        match e.kind() {
            Kind::NAME_REF => {
                let n = name_parts(e).join(".");
                let ty = scope
                    .levels
                    .last()
                    .and_then(|l| {
                        l.items.iter().find_map(|i| {
                            i.columns
                                .as_ref()?
                                .iter()
                                .find(|(c, _)| *c == n)
                                .map(|(_, t)| t.clone())
                        })
                    })
                    .flatten();
                vec![(n, ty)]
            }
            Kind::FIELD_EXPR => {
                let parts = name_parts(e);
                if sql::has_token(e, Kind::STAR) {
                    // `t.*`, or `schema.t.*` (the relation by its name)
                    let alias = match parts.as_slice() {
                        [.., _, t] => t.clone(),
                        _ => parts.first().cloned().unwrap_or_default(),
                    };
                    return scope
                        .item(&alias)
                        .map(|i| {
                            i.columns
                                .clone()
                                .unwrap_or_else(|| vec![(UNKNOWN_COLUMNS.into(), None)])
                        })
                        .unwrap_or_default();
                }
                let col = parts.last().cloned().unwrap_or_default();
                let ty = parts.first().and_then(|a| scope.item(a)).and_then(|i| {
                    i.columns
                        .as_ref()?
                        .iter()
                        .find(|(c, _)| *c == col)
                        .and_then(|(_, t)| t.clone())
                });
                vec![(col, ty)]
            }
            Kind::CALL_EXPR => {
                let name = name_parts(e)
                    .last()
                    .cloned()
                    .unwrap_or_else(|| "?column?".into());
                // the aggregates whose type follows from their argument
                let arg = e
                    .descendants()
                    .find(|d| d.kind() == Kind::ARG_LIST)
                    .and_then(|l| l.children().next())
                    .map(|a| {
                        if a.kind() == Kind::ARG {
                            a.children().next().unwrap_or(a)
                        } else {
                            a
                        }
                    });
                let ty = match name.as_str() {
                    "count" => Some("bigint".to_string()),
                    "min" | "max" | "coalesce" => arg
                        .filter(|a| matches!(a.kind(), Kind::NAME_REF | Kind::FIELD_EXPR))
                        .and_then(|a| self.expr_names(&a, scope).into_iter().next())
                        .and_then(|(_, t)| t),
                    _ => None,
                };
                vec![(name, ty)]
            }
            // PostgreSQL names `x::t` after `x` when `x` has a name of its own (a column, a
            // call), else after the type (`'1'::int` is `int4`); the type is `t`
            Kind::CAST_EXPR => {
                let ty_node = e.children().find(sql::is_type_node);
                let ty = ty_node
                    .as_ref()
                    .and_then(|t| self.replay.resolve_type(&sql::compact_text(t)).ok());
                let inner = e
                    .children()
                    .find(|c| !sql::is_type_node(c) && c.kind() != Kind::COLON_COLON)
                    .map(|x| self.expr_names(&x, scope))
                    .and_then(|v| v.into_iter().next())
                    .map(|(n, _)| n)
                    .filter(|n| n != "?column?");
                let name = inner.unwrap_or_else(|| {
                    ty_node
                        .as_ref()
                        .map(|t| internal_type_name(&sql::compact_text(t)))
                        .unwrap_or_else(|| "?column?".into())
                });
                vec![(name, ty)]
            }
            Kind::PAREN_EXPR => e
                .children()
                .next()
                .map(|x| self.expr_names(&x, scope))
                .unwrap_or_else(|| vec![("?column?".into(), None)]),
            // a CASE whose results are all quoted literals (or NULL) is text: PostgreSQL
            // resolves a set of unknown-typed literals to text
            Kind::CASE_EXPR => {
                let mut results = Vec::new();
                for c in e.children() {
                    match c.kind() {
                        Kind::WHEN_CLAUSE_LIST => results.extend(
                            c.children()
                                .filter(|w| w.kind() == Kind::WHEN_CLAUSE)
                                .filter_map(|w| w.children().last()),
                        ),
                        Kind::ELSE_CLAUSE => results.extend(c.children().last()),
                        _ => {}
                    }
                }
                let results = results.into_iter();
                vec![("case".into(), unknown_literals_type(results))]
            }
            _ => vec![("?column?".into(), None)],
        }
    }

    fn insert(
        &mut self,
        node: &Node,
        outer: &Scope,
    ) -> Result<Vec<(String, Option<String>)>, PgError> {
        let mut scope = outer.push();
        if let Some(with) = sql::child(node, Kind::WITH_CLAUSE) {
            self.with_clause(&with, &mut scope)?;
        }
        let rel = node
            .children()
            .find(|n| matches!(n.kind(), Kind::RELATION_NAME_REF | Kind::PATH))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let item = self.relation_item(&rel, Self::alias_of(node), &scope)?;
        let tname = item
            .table
            .as_ref()
            .map(|q| q.name.clone())
            .unwrap_or_default();
        if let Some(list) = sql::child(node, Kind::COLUMN_TARGET_LIST) {
            for ct in list
                .descendants()
                .filter(|n| n.kind() == Kind::COLUMN_NAME_REF)
            {
                let col = name_parts(&ct).join(".");
                self.require_item_column(&item, &col, &ct, &tname)?;
            }
            self.insert_generated(node, &list, &item)?;
        }
        for c in node.children() {
            if is_query(&c) {
                let cols = self.query(&c, &scope)?;
                self.insert_assignment(node, &c, &item, &cols)?;
            }
        }
        scope.top().items.push(item.clone());
        if let Some(oc) = sql::child(node, Kind::ON_CONFLICT_CLAUSE) {
            self.conflict_arbiter(&oc, &item)?;
            let mut s2 = scope.clone();
            s2.top().items.push(Item {
                alias: "excluded".into(),
                table: item.table.clone(),
                columns: item.columns.clone(),
            });
            for ct in oc
                .descendants()
                .filter(|n| n.kind() == Kind::COLUMN_NAME_REF)
            {
                let col = name_parts(&ct).join(".");
                self.require_item_column(&item, &col, &ct, &tname)?;
            }
            // the conflict target names the table's columns only; `excluded` is visible in
            // DO UPDATE, where a bare column of both is ambiguous (42702)
            for c in oc.children() {
                let sc = if c.kind() == Kind::CONFLICT_ON_INDEX {
                    &scope
                } else {
                    &s2
                };
                self.expr(&c, sc)?;
            }
        }
        self.returning(node, &scope)
    }

    /// `INSERT … SELECT` assigns the query's output columns, typed before the insert sees
    /// them, to the target columns: text has no assignment cast to jsonb, uuid, integer …
    /// (42804). A bare `VALUES` list is typed by its targets instead, so it is not checked.
    fn insert_assignment(
        &self,
        node: &Node,
        query: &Node,
        item: &Item,
        cols: &[(String, Option<String>)],
    ) -> Result<(), PgError> {
        let mut q = query.clone();
        while q.kind() == Kind::PAREN_SELECT {
            match q.children().find(is_query) {
                Some(inner) => q = inner,
                None => return Ok(()),
            }
        }
        let Some(table_cols) = &item.columns else {
            return Ok(());
        };
        let targets: Vec<String> = match sql::child(node, Kind::COLUMN_TARGET_LIST) {
            Some(list) => list
                .descendants()
                .filter(|n| n.kind() == Kind::COLUMN_NAME_REF)
                .map(|ct| name_parts(&ct).join("."))
                .collect(),
            None => table_cols.iter().map(|(c, _)| c.clone()).collect(),
        };
        let type_of = |target: &str| {
            table_cols
                .iter()
                .find(|(c, _)| c == target)
                .and_then(|(_, t)| t.clone())
        };
        if q.kind() == Kind::VALUES {
            return values_assignment(&q, &targets, type_of);
        }
        if cols.iter().any(|(n, _)| n == UNKNOWN_COLUMNS) {
            return Ok(());
        }
        for (target, (_, source)) in targets.iter().zip(cols) {
            let Some(source) = source.as_deref() else {
                continue;
            };
            if !matches!(source, "text" | "character varying") {
                continue;
            }
            let Some(ty) = table_cols
                .iter()
                .find(|(c, _)| c == target)
                .and_then(|(_, t)| t.as_deref())
            else {
                continue;
            };
            if no_assignment_cast_from_text(ty) {
                return Err(PgError::new(
                    "42804",
                    format!(
                        "column \"{target}\" is of type {ty} but expression is of type {source}"
                    ),
                )
                .hint("You will need to rewrite or cast the expression."));
            }
        }
        Ok(())
    }

    /// A value for a generated column, or for an identity column `GENERATED ALWAYS` without
    /// `OVERRIDING SYSTEM VALUE`: PostgreSQL refuses it unless every row gives `DEFAULT`.
    fn insert_generated(&self, node: &Node, list: &Node, item: &Item) -> Result<(), PgError> {
        let Some(table) = item
            .table
            .as_ref()
            .and_then(|q| self.replay.catalog.table(q))
        else {
            return Ok(());
        };
        let overriding = sql::child(node, Kind::OVERRIDING_SYSTEM_VALUE).is_some();
        let rows: Option<Vec<Vec<Node>>> = sql::child(node, Kind::VALUES).map(|v| {
            v.descendants()
                .filter(|n| n.kind() == Kind::ROW)
                .filter(|r| r.parent().is_some_and(|p| p.kind() == Kind::ROW_LIST))
                .map(|r| r.children().collect())
                .collect()
        });
        let targets: Vec<Node> = list
            .children()
            .filter(|n| n.kind() == Kind::COLUMN_TARGET)
            .collect();
        for (k, target) in targets.iter().enumerate() {
            let Some(col_ref) = sql::child(target, Kind::COLUMN_NAME_REF) else {
                continue;
            };
            // `col[1]`, `col.field`: an assignment into part of the column
            if target.children().count() > 1 {
                continue;
            }
            let name = name_parts(&col_ref).join(".");
            let Some(col) = table.column(&name) else {
                continue;
            };
            let detail = if col.generated.is_some() {
                format!("Column \"{name}\" is a generated column.")
            } else if col.identity == Some(crate::catalog::Identity::Always) && !overriding {
                format!("Column \"{name}\" is an identity column defined as GENERATED ALWAYS.")
            } else {
                continue;
            };
            // only `DEFAULT` in every row of a VALUES list is allowed
            let all_default = rows.as_ref().is_some_and(|rows| {
                rows.iter().all(|r| {
                    r.get(k).is_some_and(|v| {
                        v.kind() == Kind::LITERAL
                            && v.text().to_string().eq_ignore_ascii_case("default")
                    })
                })
            });
            if !all_default {
                return Err(self.err_at(
                    PgError::new(
                        "428C9",
                        format!("cannot insert a non-DEFAULT value into column \"{name}\""),
                    )
                    .detail(detail),
                    &col_ref,
                ));
            }
        }
        Ok(())
    }

    /// `ON CONFLICT (columns)` needs a unique index or constraint on exactly those columns
    /// (its arbiter); without one PostgreSQL refuses the statement (42P10).
    fn conflict_arbiter(&self, oc: &Node, item: &Item) -> Result<(), PgError> {
        let Some(target) = sql::child(oc, Kind::CONFLICT_ON_INDEX) else {
            return Ok(());
        };
        // a partial index may be the arbiter when the statement names its predicate
        if target.descendants().any(|n| n.kind() == Kind::WHERE_CLAUSE)
            || oc.children().any(|n| n.kind() == Kind::WHERE_CLAUSE)
        {
            return Ok(());
        }
        let Some(table) = item
            .table
            .as_ref()
            .and_then(|q| self.replay.catalog.table(q))
        else {
            return Ok(());
        };
        let mut wanted = std::collections::BTreeSet::new();
        for it in target
            .descendants()
            .filter(|n| n.kind() == Kind::CONFLICT_INDEX_ITEM)
        {
            let kids: Vec<Node> = it
                .children()
                .filter(|n| !matches!(n.kind(), Kind::WHITESPACE | Kind::COMMENT))
                .collect();
            match kids.as_slice() {
                [one] if one.kind() == Kind::NAME_REF => {
                    wanted.insert(crate::catalog::fold_ident(&one.text().to_string()));
                }
                // an expression, an opclass or a collation: not judged
                _ => return Ok(()),
            }
        }
        if wanted.is_empty() {
            return Ok(());
        }
        let same =
            |cols: &[String]| cols.len() == wanted.len() && cols.iter().all(|c| wanted.contains(c));
        let by_constraint = table.constraints.iter().any(|c| match &c.kind {
            crate::catalog::ConstraintKind::PrimaryKey { columns }
            | crate::catalog::ConstraintKind::Unique { columns, .. } => same(columns),
            // an exclusion constraint's columns are kept as text: not judged
            crate::catalog::ConstraintKind::Exclusion { .. } => true,
            _ => false,
        });
        let by_index = table.indexes.iter().any(|i| {
            i.unique
                && i.predicate.is_none()
                && (i.keys.iter().any(|k| k.is_expression)
                    || same(&i.keys.iter().map(|k| k.expr.clone()).collect::<Vec<_>>()))
        });
        // partitions and inheritance children are judged by their parent's indexes too
        if by_constraint || by_index || table.partition_of.is_some() || !table.inherits.is_empty() {
            return Ok(());
        }
        Err(self.err_at(
            PgError::new(
                "42P10",
                "there is no unique or exclusion constraint matching the ON CONFLICT specification",
            ),
            &target,
        ))
    }

    /// The output columns of `RETURNING` (what a data-modifying CTE offers its query), after
    /// checking its expressions.
    fn returning(
        &mut self,
        node: &Node,
        scope: &Scope,
    ) -> Result<Vec<(String, Option<String>)>, PgError> {
        let mut out = Vec::new();
        if let Some(r) = sql::child(node, Kind::RETURNING_CLAUSE) {
            for target in own_targets(&r) {
                let e = target.children().find(|n| n.kind() != Kind::AS_NAME);
                if let Some(e) = &e {
                    self.expr(e, scope)?;
                }
                out.extend(self.target_names(&target, e.as_ref(), scope));
            }
        }
        Ok(out)
    }

    fn require_item_column(
        &mut self,
        item: &Item,
        col: &str,
        at: &Node,
        tname: &str,
    ) -> Result<(), PgError> {
        if let Some(cols) = &item.columns
            && !cols.iter().any(|(c, _)| c == col)
        {
            return Err(self.err_at(
                PgError::new(
                    "42703",
                    format!("column \"{col}\" of relation \"{tname}\" does not exist"),
                ),
                at,
            ));
        }
        if let Some(t) = &item.table {
            self.refs.columns.insert((t.clone(), col.to_string()));
        }
        Ok(())
    }

    fn update(
        &mut self,
        node: &Node,
        outer: &Scope,
    ) -> Result<Vec<(String, Option<String>)>, PgError> {
        let mut scope = outer.push();
        if let Some(with) = sql::child(node, Kind::WITH_CLAUSE) {
            self.with_clause(&with, &mut scope)?;
        }
        let rel = sql::child(node, Kind::RELATION_NAME)
            .and_then(|r| r.children().next())
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let item = self.relation_item(&rel, Self::alias_of(node), &scope)?;
        let tname = item
            .table
            .as_ref()
            .map(|q| q.name.clone())
            .unwrap_or_default();
        scope.top().items.push(item.clone());
        let mut deferred = Vec::new();
        if let Some(from) = sql::child(node, Kind::FROM_CLAUSE) {
            self.add_from_items(&from, &mut scope, &mut deferred)?;
        }
        for on in deferred {
            self.expr(&on, &scope)?;
        }
        if let Some(set) = sql::child(node, Kind::SET_CLAUSE) {
            for ct in set
                .descendants()
                .filter(|n| n.kind() == Kind::COLUMN_NAME_REF)
            {
                let col = name_parts(&ct).join(".");
                self.require_item_column(&item, &col, &ct, &tname)?;
            }
            for e in set.descendants().filter(|n| n.kind() == Kind::SET_EXPR) {
                self.expr(&e, &scope)?;
            }
            if let Some(w) = window_outside_query(&set) {
                return Err(self.err_at(
                    PgError::new("42P20", "window functions are not allowed in UPDATE"),
                    &w,
                ));
            }
        }
        for c in node.children() {
            if c.kind() == Kind::WHERE_CLAUSE {
                self.expr(&c, &scope)?;
                if let Some(w) = window_outside_query(&c) {
                    return Err(self.err_at(
                        PgError::new("42P20", "window functions are not allowed in WHERE"),
                        &w,
                    ));
                }
            }
        }
        self.returning(node, &scope)
    }

    fn delete(
        &mut self,
        node: &Node,
        outer: &Scope,
    ) -> Result<Vec<(String, Option<String>)>, PgError> {
        let mut scope = outer.push();
        if let Some(with) = sql::child(node, Kind::WITH_CLAUSE) {
            self.with_clause(&with, &mut scope)?;
        }
        let rel = sql::child(node, Kind::RELATION_NAME)
            .and_then(|r| r.children().next())
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let item = self.relation_item(&rel, Self::alias_of(node), &scope)?;
        scope.top().items.push(item);
        let mut deferred = Vec::new();
        if let Some(using) = sql::child(node, Kind::USING_CLAUSE) {
            self.add_from_items(&using, &mut scope, &mut deferred)?;
        }
        for on in deferred {
            self.expr(&on, &scope)?;
        }
        for c in node.children() {
            if c.kind() == Kind::WHERE_CLAUSE {
                self.expr(&c, &scope)?;
                self.no_window_in_where(&c)?;
            }
        }
        self.returning(node, &scope)
    }

    fn no_window_in_where(&self, clause: &Node) -> Result<(), PgError> {
        match window_outside_query(clause) {
            Some(w) => Err(self.err_at(
                PgError::new("42P20", "window functions are not allowed in WHERE"),
                &w,
            )),
            None => Ok(()),
        }
    }

    /// Walks an expression, checking the names it uses.
    fn expr(&mut self, node: &Node, scope: &Scope) -> Result<(), PgError> {
        if is_query(node) {
            self.query(node, scope)?;
            return Ok(());
        }
        match node.kind() {
            Kind::NAME_REF => {
                if is_column_position(node) && is_plain_ident(node) {
                    self.column(node, scope)?;
                }
                Ok(())
            }
            Kind::FIELD_EXPR => self.field(node, scope),
            Kind::CALL_EXPR => {
                // PostgreSQL reads the arguments before it looks the function up: a missing
                // column in them is the error, not the function
                let first = node.children().next();
                let named = first
                    .as_ref()
                    .filter(|n| matches!(n.kind(), Kind::NAME_REF | Kind::FIELD_EXPR));
                for c in node.children().skip(usize::from(named.is_some())) {
                    self.expr(&c, scope)?;
                }
                if let Some(name) = named {
                    let nargs = sql::child(node, Kind::ARG_LIST)
                        .map(|a| a.children().count())
                        .unwrap_or(0);
                    self.function(name, nargs)?;
                }
                Ok(())
            }
            Kind::CAST_EXPR => {
                for e in node.children().filter(|c| !sql::is_type_node(c)) {
                    self.expr(&e, scope)?;
                }
                self.reg_literal(node)
            }
            k if sql::is_type_node(node) || k == Kind::LITERAL || k == Kind::AS_NAME => Ok(()),
            _ => {
                for c in node.children() {
                    self.expr(&c, scope)?;
                }
                Ok(())
            }
        }
    }

    /// `'public.orgs'::regclass` and its kin: PostgreSQL turns the literal into an object
    /// while it reads the statement, so the object must exist then.
    fn reg_literal(&mut self, node: &Node) -> Result<(), PgError> {
        let Some(ty) = node.children().find(sql::is_type_node) else {
            return Ok(());
        };
        let ty = sql::compact_text(&ty).to_ascii_lowercase();
        let ty = ty.strip_prefix("pg_catalog.").unwrap_or(&ty);
        let Some(lit) = node
            .children()
            .find(|c| c.kind() == Kind::LITERAL)
            .and_then(|l| sql::first_string(&l))
        else {
            return Ok(());
        };
        let parts = crate::catalog::split_qualified(&lit);
        let err = |code: &'static str, m: String| Err(self.err_at(PgError::new(code, m), node));
        match ty {
            "regclass" => {
                if self.replay.lookup_relation(&parts).is_none() {
                    // regclassin looks the schema up first
                    let e = self.replay.missing_relation(&parts);
                    let m = if e.code == "3F000" {
                        e.message
                    } else {
                        format!("relation \"{lit}\" does not exist")
                    };
                    return err(e.code, m);
                }
                if let Some(q) = self.replay.lookup_relation(&parts) {
                    self.refs.tables.insert(q);
                }
            }
            "regtype" if self.replay.resolve_type(&lit).is_err() => {
                return err("42704", format!("type \"{lit}\" does not exist"));
            }
            "regnamespace" if !self.replay.catalog.schemas.contains_key(&parts.join(".")) => {
                return err("3F000", format!("schema \"{lit}\" does not exist"));
            }
            "regrole" if self.replay.require_role(&parts.join(".")).is_err() => {
                return err("42704", format!("role \"{lit}\" does not exist"));
            }
            "regproc" => {
                let found = match parts.as_slice() {
                    [schema, name] => self
                        .replay
                        .catalog
                        .functions_named(&QualName::new(schema, name))
                        .next()
                        .is_some(),
                    [name] => {
                        self.replay.lookup_path().iter().any(|s| {
                            self.replay
                                .catalog
                                .functions_named(&QualName::new(s, name))
                                .next()
                                .is_some()
                        }) || !self.replay.catalog.functions().any(|f| f.name == *name)
                    }
                    _ => true,
                };
                if !found {
                    return err("42883", format!("function \"{lit}\" does not exist"));
                }
            }
            "regprocedure" => {
                // `name(type, …)`: a function of that name taking that many arguments (the
                // argument types are not compared: a spelling the replay reads differently
                // must not make a function disappear)
                let Some((name, args)) = lit.split_once('(') else {
                    return Ok(());
                };
                let args = args.trim_end().trim_end_matches(')').trim();
                let arity = if args.is_empty() {
                    0
                } else {
                    args.split(',').count()
                };
                let parts = crate::catalog::split_qualified(name.trim());
                let schemas: Vec<String> = match parts.as_slice() {
                    [schema, _] => vec![schema.clone()],
                    [_] => self.replay.lookup_path(),
                    _ => return Ok(()),
                };
                let fname = parts.last().cloned().unwrap_or_default();
                if schemas.iter().any(|s| {
                    !self.replay.catalog.schemas.contains_key(s)
                        && !matches!(s.as_str(), "pg_catalog" | "pg_temp")
                }) && parts.len() == 2
                {
                    return err("3F000", format!("schema \"{}\" does not exist", parts[0]));
                }
                let qualifier = (parts.len() == 2).then(|| parts[0].as_str());
                let known_elsewhere = (qualifier.is_none_or(|s| s == "pg_catalog")
                    && crate::catalog::extension_objects::is_builtin_function(&fname))
                    || self
                        .replay
                        .extension_function(qualifier, &fname, arity)
                        .is_some();
                let found = known_elsewhere
                    || schemas.iter().any(|s| {
                        self.replay
                            .catalog
                            .functions_named(&QualName::new(s, &fname))
                            .any(|f| f.identity_args().len() == arity)
                    });
                if !found {
                    return err("42883", format!("function \"{lit}\" does not exist"));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn column(&mut self, node: &Node, scope: &Scope) -> Result<(), PgError> {
        let name = name_parts(node).join(".");
        if scope.params.iter().any(|(p, _)| *p == name) || scope.pseudo.contains(&name) {
            return Ok(());
        }
        // NORMALIZE(text, NFKC): the form is a keyword, not a column
        if matches!(name.as_str(), "nfc" | "nfd" | "nfkc" | "nfkd")
            && node.ancestors().take(4).any(|a| {
                a.kind() == Kind::CALL_EXPR
                    && sql::compact_text(&a)
                        .to_ascii_lowercase()
                        .starts_with("normalize")
            })
        {
            return Ok(());
        }
        let mut unknown = false;
        for level in scope.levels.iter().rev() {
            for item in &level.items {
                match &item.columns {
                    Some(cols) if cols.iter().any(|(c, _)| *c == name) => {
                        if let Some(t) = &item.table {
                            self.refs.columns.insert((t.clone(), name.clone()));
                        }
                        if ambiguous(level, &name) {
                            return Err(self.err_at(
                                PgError::new(
                                    "42702",
                                    format!("column reference \"{name}\" is ambiguous"),
                                ),
                                node,
                            ));
                        }
                        return Ok(());
                    }
                    None => unknown = true,
                    _ => {}
                }
            }
        }
        // a FROM item's name alone is its whole row (`to_jsonb(r)`)
        if unknown || scope.item(&name).is_some() {
            return Ok(());
        }
        // positional parameters of SQL functions ($1) are not NAME_REFs; anything else is missing
        Err(self.err_at(
            PgError::new("42703", format!("column \"{name}\" does not exist")),
            node,
        ))
    }

    fn field(&mut self, node: &Node, scope: &Scope) -> Result<(), PgError> {
        let parts = name_parts(node);
        if parts.len() < 2 {
            for c in node.children() {
                self.expr(&c, scope)?;
            }
            return Ok(());
        }
        // `schema.table.*` (RETURNING pgflow.step_states.*): the parts stop at the star
        if parts.len() == 2
            && sql::has_token_deep(node, Kind::STAR)
            && scope.levels.iter().any(|l| {
                l.items.iter().any(|i| {
                    i.table
                        .as_ref()
                        .is_some_and(|t| t.schema == parts[0] && t.name == parts[1])
                })
            })
        {
            return Ok(());
        }
        // a path of names only (`public.users.id` nests as (public.users).id)
        let names_only = node
            .descendants()
            .all(|d| matches!(d.kind(), Kind::NAME_REF | Kind::FIELD_EXPR));
        if names_only && parts.len() == 3 {
            let by_table = scope.levels.iter().rev().find_map(|l| {
                l.items.iter().find(|i| {
                    i.table
                        .as_ref()
                        .is_some_and(|t| t.schema == parts[0] && t.name == parts[1])
                })
            });
            if let Some(item) = by_table.cloned() {
                return match &item.columns {
                    Some(cols) if !cols.iter().any(|(c, _)| *c == parts[2]) => Err(self.err_at(
                        PgError::new(
                            "42703",
                            format!("column {}.{} does not exist", parts[1], parts[2]),
                        ),
                        node,
                    )),
                    _ => {
                        if let Some(t) = &item.table {
                            self.refs.columns.insert((t.clone(), parts[2].clone()));
                        }
                        Ok(())
                    }
                };
            }
            // table.column.field of a composite column: the column must exist
            if scope.item(&parts[0]).is_some() {
                let inner = node.children().next();
                if let Some(c) = inner {
                    self.expr(&c, scope)?;
                }
                return Ok(());
            }
            return Err(self.err_at(
                PgError::new(
                    "42P01",
                    format!("missing FROM-clause entry for table \"{}\"", parts[1]),
                ),
                node,
            ));
        }
        // (expr).field, composite access on a call: check the inner expression only
        if node
            .children()
            .next()
            .is_some_and(|c| !matches!(c.kind(), Kind::NAME_REF))
        {
            if let Some(c) = node.children().next() {
                self.expr(&c, scope)?;
            }
            return Ok(());
        }
        let (qual, col) = (&parts[parts.len() - 2], &parts[parts.len() - 1]);
        if scope.params.iter().any(|(p, _)| p == qual) || scope.pseudo.contains(qual) {
            return Ok(());
        }
        let item = if parts.len() == 3 {
            scope.levels.iter().rev().find_map(|l| {
                l.items.iter().find(|i| {
                    i.table
                        .as_ref()
                        .is_some_and(|t| t.schema == parts[0] && t.name == parts[1])
                })
            })
        } else {
            scope.item(qual).or_else(|| {
                scope.levels.iter().rev().find_map(|l| {
                    l.items
                        .iter()
                        .find(|i| i.table.as_ref().is_some_and(|t| t.name == *qual))
                })
            })
        };
        let Some(item) = item.cloned() else {
            return Err(self.err_at(
                PgError::new(
                    "42P01",
                    format!("missing FROM-clause entry for table \"{qual}\""),
                ),
                node,
            ));
        };
        if col == "*" || sql::has_token(node, Kind::STAR) {
            return Ok(());
        }
        match &item.columns {
            Some(cols) if !cols.iter().any(|(c, _)| c == col) => Err(self.err_at(
                PgError::new("42703", format!("column {qual}.{col} does not exist")),
                node,
            )),
            _ => {
                if let Some(t) = &item.table {
                    self.refs.columns.insert((t.clone(), col.clone()));
                }
                Ok(())
            }
        }
    }

    fn function(&mut self, name_node: &Node, nargs: usize) -> Result<(), PgError> {
        /// SQL syntax the parser may read as a call, which is no function of pg_catalog.
        const SPECIAL_CALLS: &[&str] = &[
            "coalesce",
            "nullif",
            "greatest",
            "least",
            "row",
            "array",
            "exists",
            "cast",
            "treat",
            "grouping",
            "trim",
            "xmlelement",
            "xmlforest",
            "xmlpi",
            "xmlroot",
            "xmlparse",
            "xmlserialize",
            "xmlexists",
            "xmlattributes",
            "json_object",
            "json_array",
            "json_objectagg",
            "json_arrayagg",
            "json",
            "json_scalar",
            "json_serialize",
            "json_query",
            "json_value",
            "json_exists",
            "json_table",
            "merge_action",
            "values",
            "current_date",
            "current_time",
            "current_timestamp",
            "localtime",
            "localtimestamp",
            "current_role",
            "current_user",
            "session_user",
            "user",
            "current_catalog",
            "current_schema",
            "collation",
            "interval",
            "any",
            "some",
            "all",
            "unnest",
            "extract",
            "position",
            "substring",
            "overlay",
            "normalize",
            "filter",
            "within",
        ];
        let parts = name_parts(name_node);
        let catalog = &self.replay.catalog;
        let sig = || format!("{}({})", parts.join("."), vec!["unknown"; nargs].join(", "));
        // no function of that name takes these arguments
        let missing = |shown: &str| {
            PgError::new(
                "42883",
                format!(
                    "function {shown}({}) does not exist",
                    arg_placeholder(nargs)
                ),
            )
            .hint("No function matches the given name and argument types.")
        };
        let matches_arity = |f: &crate::catalog::Function| {
            let ins: Vec<_> = f
                .args
                .iter()
                .filter(|a| {
                    !matches!(
                        a.mode,
                        crate::catalog::ArgMode::Out | crate::catalog::ArgMode::Table
                    )
                })
                .collect();
            let required = ins
                .iter()
                .filter(|a| a.default.is_none() && a.mode != crate::catalog::ArgMode::Variadic)
                .count();
            let variadic = ins
                .iter()
                .any(|a| a.mode == crate::catalog::ArgMode::Variadic);
            nargs >= required && (variadic || nargs <= ins.len())
        };
        match parts.as_slice() {
            [schema, name] => {
                if schema == "pg_catalog" {
                    return Ok(());
                }
                if self.replay.extension_function(Some(schema), name, nargs) == Some(true) {
                    return Ok(());
                }
                if !catalog.schemas.contains_key(schema) {
                    return Err(self.err_at(
                        PgError::new("3F000", format!("schema \"{schema}\" does not exist")),
                        name_node,
                    ));
                }
                let q = QualName::new(schema, name);
                let candidates = catalog
                    .functions_named(&q)
                    .filter(|f| matches_arity(f))
                    .count();
                if candidates > 1 && nargs == 0 {
                    return Err(self.err_at(not_unique(&parts.join(".")), name_node));
                }
                if candidates > 0 {
                    self.refs.functions.insert(q);
                    return Ok(());
                }
                Err(self
                    .err_at(missing(&parts.join(".")), name_node)
                    .object(sig()))
            }
            [name] => {
                for s in self.replay.lookup_path() {
                    let q = QualName::new(&s, name);
                    let candidates = catalog
                        .functions_named(&q)
                        .filter(|f| matches_arity(f))
                        .count();
                    if candidates > 1 && nargs == 0 {
                        return Err(self.err_at(not_unique(name), name_node));
                    }
                    if candidates > 0 {
                        self.refs.functions.insert(q);
                        return Ok(());
                    }
                }
                match self.replay.extension_function(None, name, nargs) {
                    Some(true) => return Ok(()),
                    Some(false) if extension_of_function(name).is_some() => {
                        return Err(self.err_at(missing(name), name_node));
                    }
                    _ => {}
                }
                if let Some(ext) = extension_of_function(name) {
                    let installed_elsewhere = catalog.extensions.get(ext).map(|e| e.schema.clone());
                    let hint = match installed_elsewhere {
                        Some(s) => format!(
                            "{name}() comes with the {ext} extension, installed in schema {s}, which is not on the search path: call {s}.{name}()"
                        ),
                        None => format!(
                            "{name}() comes with the {ext} extension, which is not enabled: CREATE EXTENSION IF NOT EXISTS \"{ext}\";"
                        ),
                    };
                    return Err(self.err_at(
                        PgError::new(
                            "42883",
                            format!("function {name}({}) does not exist", arg_placeholder(nargs)),
                        )
                        .hint(hint)
                        .fix(format!("CREATE EXTENSION IF NOT EXISTS \"{ext}\";")),
                        name_node,
                    ));
                }
                // a user function of that name elsewhere with another arity is an error;
                // otherwise assume a built-in
                let user_any = self.replay.lookup_path().iter().any(|s| {
                    catalog
                        .functions_named(&QualName::new(s, name))
                        .next()
                        .is_some()
                });
                // a name pg_catalog does not have (nor the SQL syntax written like a call)
                let unknown = !crate::catalog::extension_objects::is_builtin_function(name)
                    && !SPECIAL_CALLS.contains(&name.as_str());
                if user_any || unknown {
                    return Err(self.err_at(missing(name), name_node).object(sig()));
                }
                self.refs.functions.insert(QualName::new("", name));
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// Two functions of a name take no arguments (one of them through defaults): PostgreSQL
/// cannot choose (42725).
/// `Some("text")` when every node is a quoted literal or NULL and one at least is quoted:
/// PostgreSQL resolves such a set (a VALUES column, the results of a CASE) to text.
fn unknown_literals_type(nodes: impl Iterator<Item = Node>) -> Option<String> {
    let mut quoted = false;
    for n in nodes {
        if n.kind() != Kind::LITERAL {
            return None;
        }
        let first = n
            .children_with_tokens()
            .filter_map(|t| t.into_token())
            .find(|t| !sql::is_trivia(t.kind()))?;
        match first.kind() {
            Kind::STRING | Kind::ESC_STRING | Kind::DOLLAR_QUOTED_STRING => quoted = true,
            Kind::NULL_KW => {}
            _ => return None,
        }
        // `'…' COLLATE …` or a typed literal `jsonb '…'` has more than one token
        if n.children_with_tokens()
            .filter(|t| !sql::is_trivia(t.kind()))
            .count()
            != 1
        {
            return None;
        }
    }
    quoted.then(|| "text".to_string())
}

/// Built-in scalar types that text has no assignment (or implicit) cast to.
/// A bare `VALUES` list is typed by its targets, but an `ARRAY[…]` of quoted literals is
/// `text[]` before it is assigned: it has no assignment cast to jsonb, uuid, integer … nor
/// to an array of those (42804). PostgreSQL checks the values before `ON CONFLICT`.
fn values_assignment(
    values: &Node,
    targets: &[String],
    type_of: impl Fn(&str) -> Option<String>,
) -> Result<(), PgError> {
    let Some(list) = sql::child(values, Kind::ROW_LIST) else {
        return Ok(());
    };
    for row in list.children().filter(|c| c.kind() == Kind::ROW) {
        for (target, e) in targets.iter().zip(row.children()) {
            if e.kind() != Kind::ARRAY_EXPR {
                continue;
            }
            let elements: Vec<Node> = e.children().collect();
            if elements.is_empty()
                || !elements
                    .iter()
                    .all(|x| x.kind() == Kind::LITERAL && sql::first_string(x).is_some())
            {
                continue;
            }
            let Some(ty) = type_of(target) else { continue };
            let refused = match ty.strip_suffix("[]") {
                Some(elem) => no_assignment_cast_from_text(elem),
                None => no_assignment_cast_from_text(&ty),
            };
            if refused {
                return Err(PgError::new(
                    "42804",
                    format!("column \"{target}\" is of type {ty} but expression is of type text[]"),
                )
                .hint("You will need to rewrite or cast the expression."));
            }
        }
    }
    Ok(())
}

fn no_assignment_cast_from_text(ty: &str) -> bool {
    let bare = crate::catalog::types::base_type(ty);
    !crate::catalog::types::is_array(ty)
        && matches!(
            bare,
            "json"
                | "jsonb"
                | "uuid"
                | "smallint"
                | "integer"
                | "bigint"
                | "numeric"
                | "real"
                | "double precision"
                | "boolean"
                | "date"
                | "timestamp with time zone"
                | "timestamp without time zone"
                | "time without time zone"
                | "interval"
                | "inet"
                | "bytea"
        )
}

/// Two FROM items of one level both have the column, and nothing merges them (USING,
/// NATURAL) or makes the name an output column (ORDER BY / GROUP BY).
fn ambiguous(level: &Level, name: &str) -> bool {
    if level.natural || level.merged.iter().any(|m| m == name) {
        return false;
    }
    let mut n = 0;
    for item in &level.items {
        match &item.columns {
            None => return false,
            Some(cols) => {
                if cols.iter().any(|(c, _)| c == UNKNOWN_COLUMNS) {
                    return false;
                }
                if cols.iter().any(|(c, _)| c == name) {
                    if item.alias.starts_with('\u{0}') {
                        return false;
                    }
                    n += 1;
                }
            }
        }
    }
    n > 1
}

/// A window function call (`… OVER (…)`) of this clause itself, not of a subquery in it.
fn window_outside_query(clause: &Node) -> Option<Node> {
    clause.descendants().find(|d| {
        d.kind() == Kind::OVER_CLAUSE
            && !d
                .ancestors()
                .take_while(|a| a != clause)
                .any(|a| is_query(&a))
    })
}

fn not_unique(name: &str) -> PgError {
    PgError::new("42725", format!("function {name}() is not unique")).hint(
        "Could not choose a best candidate function. You might need to add explicit type casts.",
    )
}

/// A column list entry meaning "and columns not known here" (`*` over a function whose
/// result columns the replay does not know).
const UNKNOWN_COLUMNS: &str = "*";

/// A column list, or None (anything goes) when part of it is unknown.
fn known_columns(cols: Vec<(String, Option<String>)>) -> Option<Vec<(String, Option<String>)>> {
    (!cols.iter().any(|(c, _)| c == UNKNOWN_COLUMNS)).then_some(cols)
}

fn arg_placeholder(n: usize) -> String {
    vec!["unknown"; n].join(", ")
}

/// The name PostgreSQL gives an unaliased cast of a constant: the type's own name as the
/// grammar stores it (`integer` → `int4`, `varchar(20)[]` → `varchar`).
fn internal_type_name(written: &str) -> String {
    let t = written.to_ascii_lowercase();
    let t = t.split('[').next().unwrap_or("").trim();
    let t = t.split('(').next().unwrap_or("").trim();
    let last = t.rsplit('.').next().unwrap_or(t).trim_matches('"');
    match last
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .as_str()
    {
        "int" | "integer" => "int4",
        "bigint" => "int8",
        "smallint" => "int2",
        "boolean" => "bool",
        "real" => "float4",
        "double precision" | "float" => "float8",
        "character varying" | "varchar" => "varchar",
        "character" | "char" => "bpchar",
        "decimal" => "numeric",
        "timestamp with time zone" => "timestamptz",
        "timestamp without time zone" => "timestamp",
        "time with time zone" => "timetz",
        "time without time zone" => "time",
        other => return other.to_string(),
    }
    .to_string()
}
