//! DO blocks: a small reader of PL/pgSQL that runs the SQL statements inside, follows
//! `IF EXISTS (… information_schema.tables …)` guards it can evaluate, honors
//! `EXCEPTION WHEN …` handlers, and runs `EXECUTE '…'` literals.

use super::{Ctx, PgError, Replay};
use crate::catalog::QualName;
use crate::findings::{Finding, Location, Severity};
use crate::sql::{self, Node, Script};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Semi,
    LParen,
    RParen,
    Other(String),
}

#[derive(Debug, Clone)]
struct T {
    tok: Tok,
    start: usize,
    end: usize,
}

/// The lexical error PostgreSQL's scanner raises on a body whose last quoted string,
/// `/*` comment or dollar quote is never closed (42601, at its start): PL/pgSQL compiles
/// the whole body before it runs any of it.
fn lexical_error(s: &str) -> Option<(usize, &'static str, String)> {
    let b = s.as_bytes();
    let near = |at: usize| {
        let mut end = (at + 40).min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s[at..end].to_string()
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            // comments nest
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            if depth > 0 {
                return Some((
                    start,
                    "42601",
                    format!("unterminated /* comment at or near \"{}\"", near(start)),
                ));
            }
        } else if c == b'\''
            || ((c == b'E' || c == b'e')
                && b.get(i + 1) == Some(&b'\'')
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')))
        {
            let escapes = c != b'\'';
            i += if escapes { 2 } else { 1 };
            let mut closed = false;
            while i < b.len() {
                if escapes && b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    closed = true;
                    i += 1;
                    break;
                }
                i += 1;
            }
            if !closed {
                return Some((
                    start,
                    "42601",
                    format!("unterminated quoted string at or near \"{}\"", near(start)),
                ));
            }
        } else if c == b'$' && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) {
            let mut k = i + 1;
            while k < b.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'_') {
                k += 1;
            }
            if b.get(k) == Some(&b'$') && !b[i + 1].is_ascii_digit() {
                let tag = &s[i..=k];
                match s[k + 1..].find(tag) {
                    Some(at) => i = k + 1 + at + tag.len(),
                    None => {
                        return Some((
                            start,
                            "42601",
                            format!(
                                "unterminated dollar-quoted string at or near \"{}\"",
                                near(start)
                            ),
                        ));
                    }
                }
            } else {
                i += 1;
            }
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80 || b[i] == b'$')
            {
                i += 1;
            }
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += 1;
            }
            i += 1;
        } else {
            i += 1;
        }
    }
    None
}

/// How deep PL/pgSQL calls are followed (a function calling a function …).
const MAX_CALL_DEPTH: usize = 3;

fn lex(s: &str) -> Vec<T> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i = (i + 2).min(b.len());
        } else if c == b'\'' || ((c == b'E' || c == b'e') && b.get(i + 1) == Some(&b'\'')) {
            let escapes = c != b'\'';
            if escapes {
                i += 1;
            }
            i += 1;
            while i < b.len() {
                if escapes && b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push(T {
                tok: Tok::Str(sql::string_value(&s[start..i])),
                start,
                end: i,
            });
        } else if c == b'$'
            && b.get(i + 1)
                .is_some_and(|x| *x == b'$' || x.is_ascii_alphabetic() || *x == b'_')
        {
            // dollar quote
            let tag_end = s[i + 1..].find('$').map(|p| i + 1 + p);
            match tag_end {
                Some(te)
                    if s[i + 1..te]
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_') =>
                {
                    let tag = &s[i..=te];
                    let close = s[te + 1..]
                        .find(tag)
                        .map(|p| te + 1 + p + tag.len())
                        .unwrap_or(b.len());
                    i = close;
                    out.push(T {
                        tok: Tok::Str(sql::string_value(&s[start..i])),
                        start,
                        end: i,
                    });
                }
                _ => {
                    i += 1;
                    out.push(T {
                        tok: Tok::Other("$".into()),
                        start,
                        end: i,
                    });
                }
            }
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push(T {
                tok: Tok::Word(s[start..i].to_string()),
                start,
                end: i,
            });
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            out.push(T {
                tok: Tok::Word(s[start..i].to_ascii_lowercase()),
                start,
                end: i,
            });
        } else if c == b';' {
            i += 1;
            out.push(T {
                tok: Tok::Semi,
                start,
                end: i,
            });
        } else if c == b'(' {
            i += 1;
            out.push(T {
                tok: Tok::LParen,
                start,
                end: i,
            });
        } else if c == b')' {
            i += 1;
            out.push(T {
                tok: Tok::RParen,
                start,
                end: i,
            });
        } else if c == b':' && b.get(i + 1) == Some(&b'=') {
            i += 2;
            out.push(T {
                tok: Tok::Other(":=".into()),
                start,
                end: i,
            });
        } else {
            let ch_len = s[i..].chars().next().map(|ch| ch.len_utf8()).unwrap_or(1);
            i += ch_len;
            out.push(T {
                tok: Tok::Other(s[start..i].to_string()),
                start,
                end: i,
            });
        }
    }
    out
}

#[derive(Debug)]
enum Stmt {
    /// A SQL statement: byte range in the body.
    Sql(usize, usize),
    If {
        branches: Vec<((usize, usize), Vec<Stmt>)>,
        otherwise: Option<Vec<Stmt>>,
    },
    Block {
        body: Vec<Stmt>,
        handlers: Vec<(Vec<String>, Vec<Stmt>)>,
        /// The variables its DECLARE section names.
        vars: Vec<String>,
    },
    Execute(String, usize),
    /// `EXECUTE <expression>` (byte range of the expression): run when the expression can be
    /// evaluated with the loop variables bound (`format(…)`, `||`, quote_ident …).
    ExecuteExpr(usize, usize),
    /// A loop: its header query (FOR … IN <query>) if any, the loop variable, the source of
    /// its values (the query, or FOREACH's array expression) and its body. The body runs once
    /// per value when the values can be known (catalog queries, constant arrays).
    Loop {
        query: Option<(usize, usize)>,
        var: String,
        foreach: Option<(usize, usize)>,
        body: Vec<Stmt>,
        range: (usize, usize),
    },
    /// A query PL/pgSQL plans when it reaches it (`FOR r IN <query> LOOP`, `PERFORM …`): its
    /// relations and columns must exist, it changes nothing. Byte range in the body; `PERFORM`
    /// is read as `SELECT` (both words are seven letters long).
    Query(usize, usize),
    /// `RAISE [EXCEPTION] …` (SQLSTATE, message) and `ASSERT cond` (the condition's range):
    /// the block ends with that error when it gets there.
    Raise(&'static str, String),
    Assert(usize, usize),
    /// `RETURN`: a DO block (or function) ends here.
    Return,
    /// `CONTINUE` (false) or `EXIT` (true) of the innermost loop, with its `WHEN` condition's
    /// byte range; `labelled` when it names a loop label (an outer loop, maybe).
    EndLoop {
        exit: bool,
        when: Option<(usize, usize)>,
        labelled: bool,
    },
    /// `target := expression` (the expression's byte range): PL/pgSQL evaluates it as a
    /// `SELECT expression`, so a query in it is planned and `to_regprocedure` raises on a
    /// signature naming a type that does not exist.
    Assign(usize, usize),
    Skip,
}

/// How a run of PL/pgSQL statements ended.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Flow {
    /// Past its last statement.
    Next,
    /// At a RETURN.
    Return,
    /// Maybe at a RETURN: one ran in a branch under this condition, which the replay does not
    /// evaluate, so what follows may or may not have run.
    MaybeReturn(String),
    /// At a CONTINUE (false) or EXIT (true) of the innermost loop.
    EndIteration(bool),
    /// Maybe at a CONTINUE / EXIT, under this condition.
    MaybeEndIteration(String, bool),
}

impl Flow {
    /// The condition of a maybe-flow.
    fn condition(&self) -> Option<&str> {
        match self {
            Flow::MaybeReturn(c) | Flow::MaybeEndIteration(c, _) => Some(c),
            _ => None,
        }
    }
}

/// The string literal compared with one of `keys` (`typname = 'status'` → `status`): the
/// leftmost comparison in `text`, the first key that matches there.
/// SQL a PL/pgSQL block runs, parsed; PostgreSQL's syntax error at its place otherwise.
fn parse_inner(text: &str, abs: usize) -> Result<Script, PgError> {
    let script = Script::parse(text);
    match script.errors.first() {
        Some(e) => {
            Err(PgError::new("42601", format!("syntax error ({})", e.message)).at(abs + e.offset))
        }
        None => Ok(script),
    }
}

/// [`compared_literal`] over the lower-cased text, the value read from the original.
fn compared_literal_cased(lower: &str, original: &str, keys: &[&str]) -> Option<String> {
    let value = compared_literal(lower, keys)?;
    if lower.len() != original.len() {
        return Some(value);
    }
    // the same bytes of the original (ASCII lower-casing keeps every offset)
    let at = lower.find(&format!("'{value}'"))?;
    Some(original[at + 1..at + 1 + value.len()].to_string())
}

fn compared_literal(text: &str, keys: &[&str]) -> Option<String> {
    for (i, _) in text.char_indices() {
        let rest = &text[i..];
        for key in keys {
            let Some(after) = rest.strip_prefix(key) else {
                continue;
            };
            let value = after
                .trim_start()
                .strip_prefix('=')
                .map(|r| r.trim_start())
                .and_then(|r| r.strip_prefix('\''))
                .and_then(|r| r.split_once('\''));
            if let Some((value, _)) = value {
                return Some(value.to_string());
            }
        }
    }
    None
}

/// How many statements running `stmts` can apply at most (an `EXECUTE` string may hold
/// several: it counts as two). One statement needs no snapshot to be undone: a refused
/// statement leaves the catalog as it was.
fn max_statements(stmts: &[Stmt]) -> usize {
    stmts
        .iter()
        .map(|s| match s {
            Stmt::Skip
            | Stmt::Return
            | Stmt::EndLoop { .. }
            | Stmt::Assign(..)
            | Stmt::Query(..)
            | Stmt::Raise(..)
            | Stmt::Assert(..) => 0,
            Stmt::Sql(..) => 1,
            Stmt::Execute(..) | Stmt::ExecuteExpr(..) => 2,
            Stmt::Loop { body, .. } => 2 + max_statements(body),
            Stmt::If {
                branches,
                otherwise,
            } => {
                branches
                    .iter()
                    .map(|(_, b)| max_statements(b))
                    .sum::<usize>()
                    + otherwise.as_deref().map(max_statements).unwrap_or(0)
            }
            Stmt::Block { body, handlers, .. } => {
                max_statements(body)
                    + handlers
                        .iter()
                        .map(|(_, h)| max_statements(h))
                        .sum::<usize>()
            }
        })
        .sum()
}

struct Parser<'a> {
    t: &'a [T],
    i: usize,
    /// Variables declared so far (DECLARE sections, in the order of the text).
    declared: Vec<String>,
    /// What PL/pgSQL's compiler refuses, found while reading: (offset in the body, SQLSTATE,
    /// message). PostgreSQL compiles a DO block before running it, and a function's body when
    /// it is created.
    errors: Vec<(usize, &'static str, String)>,
}

impl<'a> Parser<'a> {
    fn new(t: &'a [T]) -> Self {
        Parser {
            t,
            i: 0,
            declared: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn word(&self, k: usize) -> Option<&str> {
        match self.t.get(self.i + k).map(|t| &t.tok) {
            Some(Tok::Word(w)) => Some(w.as_str()),
            _ => None,
        }
    }

    fn skip_to_semi(&mut self) -> usize {
        let mut depth = 0i32;
        while self.i < self.t.len() {
            match self.t[self.i].tok {
                Tok::LParen => depth += 1,
                Tok::RParen => depth -= 1,
                Tok::Semi if depth <= 0 => {
                    let end = self.t[self.i].start;
                    self.i += 1;
                    return end;
                }
                _ => {}
            }
            self.i += 1;
        }
        self.t.last().map(|t| t.end).unwrap_or(0)
    }

    /// Statements until one of `stops` begins a statement.
    /// `FOREACH v [SLICE n] IN ARRAY <expr> LOOP`: the array expression's byte range.
    fn foreach_array(&self) -> Option<(usize, usize)> {
        let mut k = self.i + 1;
        while k + 1 < self.t.len()
            && !(matches!(&self.t[k].tok, Tok::Word(w) if w == "in")
                && matches!(&self.t[k + 1].tok, Tok::Word(w) if w == "array"))
        {
            if matches!(&self.t[k].tok, Tok::Word(w) if w == "slice") || self.t[k].tok == Tok::Semi
            {
                return None;
            }
            k += 1;
        }
        let start = self.t.get(k + 2)?.start;
        let mut j = k + 2;
        let mut depth = 0i32;
        while j < self.t.len() {
            match &self.t[j].tok {
                Tok::LParen => depth += 1,
                Tok::RParen => depth -= 1,
                Tok::Word(w) if w == "loop" && depth == 0 => return Some((start, self.t[j].start)),
                Tok::Semi => return None,
                _ => {}
            }
            j += 1;
        }
        None
    }

    /// Moves past the LOOP keyword that ends a loop's header (at parenthesis depth 0).
    fn skip_past_loop_keyword(&mut self) -> bool {
        let mut depth = 0i32;
        while self.i < self.t.len() {
            match &self.t[self.i].tok {
                Tok::LParen => depth += 1,
                Tok::RParen => depth -= 1,
                Tok::Semi => return false,
                Tok::Word(w) if w == "loop" && depth == 0 => {
                    self.i += 1;
                    return true;
                }
                _ => {}
            }
            self.i += 1;
        }
        false
    }

    fn stmts(&mut self, stops: &[&str]) -> Vec<Stmt> {
        let mut out = Vec::new();
        while self.i < self.t.len() {
            let Some(w) = self.word(0).map(|s| s.to_string()) else {
                if self.t[self.i].tok == Tok::Semi {
                    self.i += 1;
                    continue;
                }
                self.skip_to_semi();
                out.push(Stmt::Skip);
                continue;
            };
            if stops.contains(&w.as_str()) {
                break;
            }
            out.push(self.stmt(&w));
        }
        out
    }

    fn stmt(&mut self, w: &str) -> Stmt {
        match w {
            "if" => {
                let mut branches = Vec::new();
                let mut otherwise = None;
                self.i += 1;
                loop {
                    let cstart = self.t.get(self.i).map(|t| t.start).unwrap_or(0);
                    while self.i < self.t.len() && self.word(0) != Some("then") {
                        self.i += 1;
                    }
                    let cend = self.t.get(self.i).map(|t| t.start).unwrap_or(cstart);
                    self.i += 1;
                    let body = self.stmts(&["elsif", "elseif", "else", "end"]);
                    branches.push(((cstart, cend), body));
                    match self.word(0) {
                        Some("elsif") | Some("elseif") => {
                            self.i += 1;
                            continue;
                        }
                        Some("else") => {
                            self.i += 1;
                            otherwise = Some(self.stmts(&["end"]));
                            self.skip_to_semi();
                            break;
                        }
                        _ => {
                            self.skip_to_semi();
                            break;
                        }
                    }
                }
                Stmt::If {
                    branches,
                    otherwise,
                }
            }
            "declare" | "begin" => self.block(),
            "for" | "while" | "loop" | "foreach" => {
                // `FOR r IN <query> LOOP`: the query is planned when the loop starts; the
                // body runs once per row, which the replay cannot know (a new database has
                // no rows): it is not evaluated. Skip to the matching END LOOP.
                let query = (w == "for").then(|| self.loop_query()).flatten();
                if w == "for" {
                    self.check_loop_variables();
                }
                // the body is compiled with the function (its syntax errors are the
                // function's), though not run
                let (save, saved_errors) = (self.i, self.errors.len());
                let var = self
                    .t
                    .get(self.i + 1)
                    .and_then(|t| match &t.tok {
                        Tok::Word(v) => Some(v.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                let foreach = (w == "foreach").then(|| self.foreach_array()).flatten();
                if self.skip_past_loop_keyword() {
                    let body_start = self.t.get(self.i).map(|t| t.start).unwrap_or(0);
                    let body = self.stmts(&["end"]);
                    if self.word(0) == Some("end") && self.word(1) == Some("loop") {
                        let body_end = self.t[self.i].start;
                        self.i += 2;
                        self.skip_to_semi();
                        if matches!(w, "for" | "foreach") && !var.is_empty() {
                            return Stmt::Loop {
                                query,
                                var,
                                foreach,
                                body,
                                range: (body_start, body_end),
                            };
                        }
                        return match query {
                            Some((a, b)) => Stmt::Query(a, b),
                            None => Stmt::Skip,
                        };
                    }
                }
                self.i = save;
                self.errors.truncate(saved_errors);
                let mut depth = 0;
                while self.i < self.t.len() {
                    if self.word(0) == Some("loop")
                        && self.i > 0
                        && !matches!(self.t[self.i - 1].tok, Tok::Word(ref p) if p == "end")
                    {
                        depth += 1;
                    }
                    if self.word(0) == Some("end") && self.word(1) == Some("loop") {
                        depth -= 1;
                        self.i += 2;
                        if depth <= 0 {
                            self.skip_to_semi();
                            break;
                        }
                        continue;
                    }
                    self.i += 1;
                }
                match query {
                    Some((a, b)) => Stmt::Query(a, b),
                    None => Stmt::Skip,
                }
            }
            "perform" => {
                let start = self.t[self.i].start;
                let end = self.skip_to_semi();
                Stmt::Query(start, end)
            }
            "case" => {
                while self.i < self.t.len()
                    && !(self.word(0) == Some("end") && self.word(1) == Some("case"))
                {
                    self.i += 1;
                }
                self.skip_to_semi();
                Stmt::Skip
            }
            "execute" => {
                let start = self.t[self.i].start;
                if let (
                    Some(T {
                        tok: Tok::Str(s), ..
                    }),
                    Some(T { tok: Tok::Semi, .. }),
                ) = (self.t.get(self.i + 1), self.t.get(self.i + 2))
                {
                    let s = s.clone();
                    let off = self.t[self.i + 1].start;
                    self.i += 3;
                    let _ = start;
                    return Stmt::Execute(s, off);
                }
                let from = self.t.get(self.i + 1).map(|t| t.start);
                let end = self.skip_to_semi();
                match from {
                    Some(a) if a < end => Stmt::ExecuteExpr(a, end),
                    _ => Stmt::Skip,
                }
            }
            "raise" => self.raise(),
            "assert" => {
                let start = self.t.get(self.i + 1).map(|t| t.start).unwrap_or(0);
                self.i += 1;
                let mut depth = 0i32;
                let mut end = start;
                while self.i < self.t.len() {
                    match &self.t[self.i].tok {
                        Tok::LParen => depth += 1,
                        Tok::RParen => depth -= 1,
                        Tok::Other(o) if o == "," && depth == 0 => break,
                        Tok::Semi if depth <= 0 => break,
                        _ => {}
                    }
                    end = self.t[self.i].end;
                    self.i += 1;
                }
                self.skip_to_semi();
                Stmt::Assert(start, end)
            }
            "return" => {
                self.skip_to_semi();
                Stmt::Return
            }
            "exit" | "continue" => {
                let exit = w == "exit";
                self.i += 1;
                let labelled = matches!(self.word(0), Some(l) if l != "when");
                if labelled {
                    self.i += 1;
                }
                let when = if self.word(0) == Some("when") {
                    self.i += 1;
                    let start = self.t.get(self.i).map(|t| t.start);
                    let end = self.skip_to_semi();
                    start.filter(|a| *a < end).map(|a| (a, end))
                } else {
                    self.skip_to_semi();
                    None
                };
                Stmt::EndLoop {
                    exit,
                    when,
                    labelled,
                }
            }
            "null" | "get" | "open" | "fetch" | "close" | "move" | "call" | "commit"
            | "rollback" => {
                self.skip_to_semi();
                Stmt::Skip
            }
            _ => {
                if matches!(self.t.get(self.i + 1).map(|t| &t.tok), Some(Tok::Other(o)) if o == ":=" || o == "=")
                    && w != "set"
                {
                    // the core grammar reparses `target := expr` (PostgreSQL 14+): the target
                    // must be a ColId, so a reserved keyword there is a syntax error at
                    // CREATE FUNCTION even when DECLARE accepted it as a variable name
                    if crate::catalog::names::is_not_col_id(w) {
                        self.errors.push((
                            self.t[self.i].start,
                            "42601",
                            format!("syntax error at or near \"{w}\""),
                        ));
                    }
                    let from = self.t.get(self.i + 2).map(|t| t.start);
                    let end = self.skip_to_semi();
                    return match from {
                        Some(a) if a < end => Stmt::Assign(a, end),
                        _ => Stmt::Skip,
                    };
                }
                let start = self.t[self.i].start;
                let end = self.skip_to_semi();
                Stmt::Sql(start, end)
            }
        }
    }

    /// `FOR a[, b …] IN <query or EXECUTE> LOOP`: the names must be declared variables (a
    /// record, or scalars); only an integer loop (`FOR i IN 1..n`) and a cursor loop declare
    /// their variable themselves. The parser stands on FOR.
    fn check_loop_variables(&mut self) {
        let mut names = Vec::new();
        let mut k = self.i + 1;
        while let Some(t) = self.t.get(k) {
            match &t.tok {
                Tok::Word(w) if w == "in" => break,
                Tok::Word(w) => names.push((t.start, w.clone())),
                Tok::Other(o) if o == "," || o == "." => {}
                _ => return,
            }
            k += 1;
        }
        let first = match self.t.get(k + 1).map(|t| &t.tok) {
            Some(Tok::LParen) => self.t.get(k + 2).map(|t| &t.tok),
            other => other,
        };
        let over_rows = matches!(first, Some(Tok::Word(w))
            if matches!(w.as_str(), "select" | "with" | "values" | "table" | "execute"));
        // `a.b` is a qualified (block-labelled) variable: not judged
        let qualified = self.t[self.i + 1..k]
            .iter()
            .any(|t| matches!(&t.tok, Tok::Other(o) if o == "."));
        if !over_rows || qualified || names.is_empty() {
            return;
        }
        if let Some((at, _)) = names
            .iter()
            .find(|(_, n)| !self.declared.iter().any(|d| d == n))
        {
            self.errors.push((
                *at,
                "42601",
                "loop variable of loop over rows must be a record variable or list of scalar variables"
                    .into(),
            ));
        }
    }

    /// `RAISE [level] …`: an error (level EXCEPTION, the default) with its SQLSTATE and
    /// message; messages of other levels and a bare `RAISE;` (re-raise) are skipped.
    fn raise(&mut self) -> Stmt {
        self.i += 1;
        let level = self.word(0).map(str::to_string);
        if matches!(
            level.as_deref(),
            Some("debug" | "log" | "info" | "notice" | "warning" | "exception")
        ) {
            self.check_raise_parameters(self.i + 1);
        } else {
            self.check_raise_parameters(self.i);
        }
        match level.as_deref() {
            Some("debug" | "log" | "info" | "notice" | "warning") => {
                self.skip_to_semi();
                return Stmt::Skip;
            }
            Some("exception") => self.i += 1,
            _ => {}
        }
        let mut code: &'static str = "P0001";
        let mut message = String::new();
        match self.t.get(self.i).map(|t| &t.tok) {
            None | Some(Tok::Semi) => {
                self.skip_to_semi();
                return Stmt::Skip;
            }
            Some(Tok::Str(m)) => message = m.clone(),
            Some(Tok::Word(w)) if w == "sqlstate" => {
                if let Some(Tok::Str(c)) = self.t.get(self.i + 1).map(|t| &t.tok) {
                    code = super::error::intern_code(c);
                }
            }
            _ => {}
        }
        // USING ERRCODE = '…'
        while self.i < self.t.len() && self.t[self.i].tok != Tok::Semi {
            if self.word(0) == Some("errcode")
                && let Some(Tok::Str(c)) = self.t.get(self.i + 2).map(|t| &t.tok)
                && c.len() == 5
            {
                code = super::error::intern_code(c);
            }
            self.i += 1;
        }
        self.skip_to_semi();
        Stmt::Raise(code, message)
    }

    /// `RAISE … 'format', args`: as many arguments as the format has `%` (`%%` is a percent
    /// sign), else PL/pgSQL's compiler refuses the block (42601).
    fn check_raise_parameters(&mut self, at: usize) {
        let Some(T {
            tok: Tok::Str(_),
            start,
            ..
        }) = self.t.get(at)
        else {
            return;
        };
        // string constants on consecutive lines are one constant
        let mut format = String::new();
        let mut at = at;
        while let Some(Tok::Str(part)) = self.t.get(at).map(|t| &t.tok) {
            format.push_str(part);
            at += 1;
        }
        let at = at - 1;
        let mut wanted = 0;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if chars.peek() == Some(&'%') {
                    chars.next();
                } else {
                    wanted += 1;
                }
            }
        }
        let mut given = 0;
        let mut depth = 0i32;
        let mut k = at + 1;
        while let Some(t) = self.t.get(k) {
            match &t.tok {
                Tok::LParen => depth += 1,
                Tok::RParen => depth -= 1,
                Tok::Semi if depth <= 0 => break,
                Tok::Word(w) if w == "using" && depth == 0 => break,
                Tok::Other(o) if o == "," && depth == 0 => given += 1,
                _ => {}
            }
            k += 1;
        }
        if given != wanted {
            let which = if given > wanted { "many" } else { "few" };
            self.errors.push((
                *start,
                "42601",
                format!("too {which} parameters specified for RAISE"),
            ));
        }
    }

    /// The range of the query of `FOR name[, …] IN <query> LOOP` (the parser stands on FOR),
    /// when it is a query written out (not EXECUTE, a cursor or an integer range).
    fn loop_query(&self) -> Option<(usize, usize)> {
        let mut k = self.i + 1;
        while k < self.t.len() && !matches!(&self.t[k].tok, Tok::Word(w) if w == "in") {
            k += 1;
        }
        k += 1;
        let mut first = k;
        while matches!(self.t.get(first).map(|t| &t.tok), Some(Tok::LParen)) {
            first += 1;
        }
        match self.t.get(first).map(|t| &t.tok) {
            Some(Tok::Word(w)) if matches!(w.as_str(), "select" | "with" | "values" | "table") => {}
            _ => return None,
        }
        let start = self.t.get(k)?.start;
        let mut depth = 0i32;
        let mut j = k;
        while j < self.t.len() {
            match &self.t[j].tok {
                Tok::LParen => depth += 1,
                Tok::RParen => depth -= 1,
                Tok::Word(w) if w == "loop" && depth == 0 => return Some((start, self.t[j].start)),
                Tok::Semi => return None,
                _ => {}
            }
            j += 1;
        }
        None
    }

    /// A whole body: its blocks (`[DECLARE …] BEGIN … END`).
    fn body(&mut self) -> Vec<Stmt> {
        let mut stmts = Vec::new();
        while self.i < self.t.len() {
            match self.word(0) {
                Some("declare") | Some("begin") => stmts.push(self.block()),
                _ => {
                    self.skip_to_semi();
                }
            }
        }
        stmts
    }

    fn block(&mut self) -> Stmt {
        let mut vars = Vec::new();
        if self.word(0) == Some("declare") {
            self.i += 1;
            // each declaration starts with the variable's name: `name [CONSTANT] type …;`
            let mut at_start = true;
            let mut depth = 0i32;
            while self.i < self.t.len() && !(depth == 0 && self.word(0) == Some("begin")) {
                match &self.t[self.i].tok {
                    Tok::LParen => depth += 1,
                    Tok::RParen => depth -= 1,
                    Tok::Semi if depth == 0 => {
                        at_start = true;
                        self.i += 1;
                        continue;
                    }
                    Tok::Word(w) if at_start => {
                        let v = crate::catalog::fold_ident(w);
                        self.declared.push(v.clone());
                        vars.push(v);
                    }
                    _ => {}
                }
                at_start = false;
                self.i += 1;
            }
        }
        self.i += 1; // BEGIN
        let body = self.stmts(&["exception", "end"]);
        let mut handlers = Vec::new();
        if self.word(0) == Some("exception") {
            self.i += 1;
            while self.word(0) == Some("when") {
                self.i += 1;
                let mut conds = Vec::new();
                while self.i < self.t.len() && self.word(0) != Some("then") {
                    if let Some(w) = self.word(0)
                        && w != "or"
                    {
                        conds.push(w.to_string());
                    }
                    if let Tok::Str(s) = &self.t[self.i].tok {
                        conds.push(s.clone());
                    }
                    self.i += 1;
                }
                self.i += 1;
                let h = self.stmts(&["when", "end"]);
                handlers.push((conds, h));
            }
        }
        // END [label] ;
        self.skip_to_semi();
        Stmt::Block {
            body,
            handlers,
            vars,
        }
    }
}

impl Replay {
    /// A call of a PL/pgSQL function: its variables' defaults are computed at entry, then the
    /// statements of its outer block run in order, each planned when reached — under the
    /// function's own `SET search_path`, if it has one. What always runs is checked: the
    /// defaults, and the leading queries of the outer block up to the first statement whose
    /// effect or flow the replay does not follow (a branch, a loop, DDL, RETURN …).
    pub(crate) fn run_call(
        &mut self,
        f: &crate::catalog::Function,
        ctx: &Ctx,
    ) -> Result<(), PgError> {
        let toks = lex(&f.body);
        let defaults = declaration_defaults(&toks, &f.body);
        let mut p = Parser::new(&toks);
        let stmts = p.body();
        let saved_path = self.search_path.clone();
        if let Some((_, v)) = f.config.iter().find(|(k, _)| k == "search_path") {
            self.search_path = super::parse_search_path(v);
        }
        let declared = self.plpgsql_params.len();
        self.plpgsql_params.extend(
            f.args
                .iter()
                .filter_map(|a| Some((a.name.clone()?, a.data_type.clone()))),
        );
        self.plpgsql_params
            .extend(p.declared.iter().map(|v| (v.clone(), String::new())));
        let r = (|| {
            for (a, b) in defaults {
                self.check_inner_query(&format!("select {}", &f.body[a..b]), 0, ctx)?;
            }
            let Some(Stmt::Block { body, handlers, .. }) = stmts.first() else {
                return Ok(());
            };
            if !handlers.is_empty() {
                return Ok(());
            }
            for s in body {
                let (a, b) = match s {
                    Stmt::Sql(a, b) | Stmt::Query(a, b) => (*a, *b),
                    _ => break,
                };
                let text = &f.body[a..b];
                let first = text
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let text = match first.as_str() {
                    "select" | "with" | "insert" | "update" | "delete" => blank_into(text),
                    "perform" => blank_into(&format!("select {}", &text[7..])),
                    _ => break,
                };
                self.check_inner_query(&text, 0, ctx)?;
            }
            Ok(())
        })();
        self.plpgsql_params.truncate(declared);
        self.search_path = saved_path;
        r
    }
}

/// The default expressions of the outer block's declarations (`v text := expr;`,
/// `v int DEFAULT expr;`), as byte ranges of the body.
fn declaration_defaults(toks: &[T], body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // the outer block's own DECLARE: the body's first word (after a `<<label>>`)
    let Some(start) = toks
        .iter()
        .position(|t| matches!(&t.tok, Tok::Word(_)))
        .filter(|&i| matches!(&toks[i].tok, Tok::Word(w) if w == "declare"))
        .filter(|&i| i == 0 || matches!(&toks[0].tok, Tok::Other(o) if o == "<"))
    else {
        return out;
    };
    let mut k = start + 1;
    let mut depth = 0i32;
    let mut value_from: Option<usize> = None;
    while let Some(t) = toks.get(k) {
        match &t.tok {
            Tok::Word(w) if depth == 0 && w == "begin" => break,
            Tok::LParen => depth += 1,
            Tok::RParen => depth -= 1,
            Tok::Other(o) if depth == 0 && value_from.is_none() && (o == ":=" || o == "=") => {
                value_from = Some(t.end);
            }
            Tok::Word(w) if depth == 0 && value_from.is_none() && w == "default" => {
                value_from = Some(t.end);
            }
            // a cursor's query is not run at entry
            Tok::Word(w) if depth == 0 && value_from.is_none() && (w == "cursor" || w == "for") => {
                value_from = Some(usize::MAX);
            }
            Tok::Semi if depth == 0 => {
                if let Some(a) = value_from.take()
                    && a != usize::MAX
                    && !body[a..t.start].trim().is_empty()
                {
                    out.push((a, t.start));
                }
            }
            _ => {}
        }
        k += 1;
    }
    out
}

/// What PL/pgSQL's compiler refuses in a function's body (`CREATE FUNCTION … LANGUAGE
/// plpgsql` compiles it when `check_function_bodies` is on): offset in the body, SQLSTATE and
/// message. `params` are the names of the function's parameters (variables too).
pub(crate) fn compile_error(
    body: &str,
    params: &[String],
) -> Option<(usize, &'static str, String)> {
    let toks = lex(body);
    let mut p = Parser::new(&toks);
    p.declared.extend(params.iter().cloned());
    p.body();
    lexical_error(body).or_else(|| p.errors.into_iter().next())
}

/// A catalog row's oid as the loop query reads it (`fn:…`, `rel:…`): not text by itself.
fn is_oid(v: &str) -> bool {
    ["fn:", "rel:", "ns:", "con:"]
        .iter()
        .any(|p| v.starts_with(p))
}

/// `format(fmt, args…)` with %s, %I, %L and %%; None for positional or width forms.
fn format_sql(fmt: &str, args: &[String]) -> Option<String> {
    let mut out = String::new();
    let mut it = fmt.chars();
    let mut next = args.iter();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match it.next()? {
            '%' => out.push('%'),
            's' => out.push_str(next.next()?),
            'I' => out.push_str(&crate::catalog::quote_ident(next.next()?)),
            'L' => out.push_str(&crate::catalog::quote_literal(next.next()?)),
            _ => return None,
        }
    }
    Some(out)
}

/// Whether an EXCEPTION condition name catches an SQLSTATE.
fn handler_catches(conds: &[String], code: &str) -> bool {
    conds.iter().any(|c| {
        let c = c.to_ascii_lowercase();
        c == "others"
            || c == code.to_ascii_lowercase()
            || matches!(
                (c.as_str(), code),
                ("duplicate_object", "42710")
                    | ("duplicate_table", "42P07")
                    | ("duplicate_column", "42701")
                    | ("duplicate_function", "42723")
                    | ("duplicate_schema", "42P06")
                    | ("duplicate_alias", "42712")
                    | ("undefined_table", "42P01")
                    | ("undefined_column", "42703")
                    | ("undefined_function", "42883")
                    | ("undefined_object", "42704")
                    | ("invalid_schema_name", "3F000")
                    | ("invalid_table_definition", "42P16")
                    | ("dependent_objects_still_exist", "2BP01")
                    | ("insufficient_privilege", "42501")
                    | ("feature_not_supported", "0A000")
                    | ("invalid_foreign_key", "42830")
                    | ("datatype_mismatch", "42804")
                    | ("syntax_error", "42601")
                    | ("invalid_function_definition", "42P13")
                    | ("wrong_object_type", "42809")
            )
    })
}

/// A loop body the replay can run once per value: EXECUTEs, notices and blocks of them; no
/// EXIT / CONTINUE / RETURN (which would change how many times it runs) and no SQL that
/// reads the loop variable as a column.
fn unrollable(stmts: &[Stmt]) -> bool {
    // a labelled EXIT / CONTINUE may leave an outer loop: not followed
    stmts.iter().all(|s| match s {
        Stmt::EndLoop { labelled, .. } => !labelled,
        Stmt::Block { body, handlers, .. } => {
            unrollable(body) && handlers.iter().all(|(_, h)| unrollable(h))
        }
        Stmt::If {
            branches,
            otherwise,
        } => {
            branches.iter().all(|(_, b)| unrollable(b))
                && otherwise.as_ref().is_none_or(|o| unrollable(o))
        }
        Stmt::Loop { body, .. } => unrollable(body),
        _ => true,
    })
}

impl Replay {
    /// The text a PL/pgSQL string expression evaluates to, with the loop variables bound:
    /// literals, `||`, `format()` (%I %L %s %%), quote_ident / quote_literal / quote_nullable,
    /// `::text`. None when any part is not known.
    pub(crate) fn eval_text(&self, text: &str) -> Option<String> {
        let toks = lex(text);
        let mut p = 0;
        let v = self.eval_concat(&toks, &mut p)?;
        (p == toks.len()).then_some(v)
    }

    /// PostgreSQL 15's `to_regprocedure(text)` returns NULL for a function that does not
    /// exist, but parses the argument types of the signature with errors on: a type that does
    /// not exist raises 42704 (its schema, 3F000). Each call in `expr` whose argument the
    /// replay can evaluate (literals, loop variables) is checked.
    pub(crate) fn check_regprocedure_calls(&self, expr: &str) -> Result<(), PgError> {
        let toks = lex(expr);
        for (i, t) in toks.iter().enumerate() {
            if !matches!(&t.tok, Tok::Word(w) if w == "to_regprocedure")
                || !matches!(toks.get(i + 1).map(|t| &t.tok), Some(Tok::LParen))
            {
                continue;
            }
            let mut depth = 0i32;
            let mut close = None;
            for (k, u) in toks.iter().enumerate().skip(i + 1) {
                match u.tok {
                    Tok::LParen => depth += 1,
                    Tok::RParen => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(k);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(close) = close.filter(|c| *c > i + 2) else {
                continue;
            };
            let arg = &expr[toks[i + 2].start..toks[close - 1].end];
            let Some(sig) = self.eval_text(arg) else {
                continue;
            };
            self.check_signature_types(&sig)?;
        }
        Ok(())
    }

    /// Runs the PL/pgSQL functions an expression calls (`v := f(a, b)` in a DO block runs
    /// `f` now, on the catalog as it is, under `f`'s own `SET search_path`): an error in its
    /// body is the calling statement's, at the call. Calls nest at most [`MAX_CALL_DEPTH`]
    /// deep; what the body changes stays (it ran), its findings do not (they belong to the
    /// function's definition).
    fn run_called_functions(
        &mut self,
        expr: &str,
        at: usize,
        ctx: &Ctx,
        guard: Option<&str>,
    ) -> Result<(), PgError> {
        if self.call_depth >= MAX_CALL_DEPTH {
            return Ok(());
        }
        let toks = lex(expr);
        for (i, t) in toks.iter().enumerate() {
            let Tok::Word(name) = &t.tok else { continue };
            if !matches!(toks.get(i + 1).map(|t| &t.tok), Some(Tok::LParen)) {
                continue;
            }
            let schema = match (i.checked_sub(1).map(|k| &toks[k].tok), i.checked_sub(2)) {
                (Some(Tok::Other(d)), Some(k)) if d == "." => match &toks[k].tok {
                    Tok::Word(s) => Some(s.clone()),
                    _ => continue,
                },
                _ => None,
            };
            // the call's arity: top-level commas between its parentheses
            let (mut depth, mut commas) = (0i32, 0usize);
            for u in &toks[i + 1..] {
                match &u.tok {
                    Tok::LParen => depth += 1,
                    Tok::RParen => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Tok::Other(o) if o == "," && depth == 1 => commas += 1,
                    _ => {}
                }
            }
            let empty = matches!(toks.get(i + 2).map(|t| &t.tok), Some(Tok::RParen));
            let arity = if empty { 0 } else { commas + 1 };
            let Some(f) = self.plpgsql_function(schema.as_deref(), name, arity) else {
                continue;
            };
            let ftoks = lex(&f.body);
            let mut p = Parser::new(&ftoks);
            let names: Vec<String> = f.args.iter().filter_map(|a| a.name.clone()).collect();
            p.declared.extend(names.iter().cloned());
            let stmts = p.body();
            if !p.errors.is_empty() || lexical_error(&f.body).is_some() {
                continue;
            }
            let saved_path = self.search_path.clone();
            if let Some(sp) = f.search_path() {
                self.search_path = super::parse_search_path(sp);
            }
            let declared = self.plpgsql_params.len();
            self.plpgsql_params.extend(
                f.args
                    .iter()
                    .filter_map(|a| a.name.clone().map(|n| (n, a.data_type.clone()))),
            );
            let bindings = std::mem::take(&mut self.loop_bindings);
            let nfind = self.findings.len();
            self.call_depth += 1;
            let r = self.run_plpgsql(&stmts, &f.body, at, ctx, guard);
            self.call_depth -= 1;
            self.findings.truncate(nfind);
            self.loop_bindings = bindings;
            self.plpgsql_params.truncate(declared);
            self.search_path = saved_path;
            if let Err(e) = r {
                return Err(PgError::new(e.code, e.message).at(at));
            }
        }
        Ok(())
    }

    /// A PL/pgSQL function of that name and number of arguments, on the lookup path (or in
    /// `schema`), with a body to run.
    fn plpgsql_function(
        &self,
        schema: Option<&str>,
        name: &str,
        arity: usize,
    ) -> Option<crate::catalog::Function> {
        let path = match schema {
            Some(s) => vec![s.to_string()],
            None => self.lookup_path(),
        };
        for s in path {
            let Some(sch) = self.catalog.schemas.get(&s) else {
                continue;
            };
            if let Some(f) = sch.functions.values().find(|f| {
                f.name == name
                    && f.language.eq_ignore_ascii_case("plpgsql")
                    && !f.body.is_empty()
                    && f.returns != "trigger"
                    && f.args
                        .iter()
                        .filter(|a| {
                            !matches!(
                                a.mode,
                                crate::catalog::ArgMode::Out | crate::catalog::ArgMode::Table
                            )
                        })
                        .count()
                        == arity
            }) {
                return Some(f.clone());
            }
        }
        None
    }

    /// The argument types of `name(type, …)` as regprocedurein parses them.
    fn check_signature_types(&self, sig: &str) -> Result<(), PgError> {
        let (Some(open), Some(close)) = (sig.find('('), sig.rfind(')')) else {
            return Ok(());
        };
        if close < open {
            return Ok(());
        }
        let mut depth = 0i32;
        let mut args = Vec::new();
        let mut from = open + 1;
        for (k, c) in sig[open + 1..close].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(&sig[from..open + 1 + k]);
                    from = open + 2 + k;
                }
                _ => {}
            }
        }
        args.push(&sig[from..close]);
        for arg in args.into_iter().map(str::trim).filter(|a| !a.is_empty()) {
            let base = arg.trim_end_matches("[]").trim();
            let parts = crate::catalog::split_qualified(base);
            if let [schema, _] = parts.as_slice()
                && !self.catalog.schemas.contains_key(schema)
                && !matches!(schema.as_str(), "pg_catalog" | "information_schema")
            {
                return Err(PgError::new(
                    "3F000",
                    format!("schema \"{schema}\" does not exist"),
                ));
            }
            if let Err(e) = self.resolve_type(arg)
                && e.code == "42704"
            {
                return Err(PgError::new(
                    "42704",
                    format!("type \"{arg}\" does not exist"),
                ));
            }
        }
        Ok(())
    }

    fn eval_concat(&self, t: &[T], p: &mut usize) -> Option<String> {
        let mut s = self.eval_term(t, p)?;
        while matches!(t.get(*p).map(|x| &x.tok), Some(Tok::Other(o)) if o == "|")
            && matches!(t.get(*p + 1).map(|x| &x.tok), Some(Tok::Other(o)) if o == "|")
        {
            *p += 2;
            s.push_str(&self.eval_term(t, p)?);
        }
        Some(s)
    }

    fn eval_term(&self, t: &[T], p: &mut usize) -> Option<String> {
        let mut v = match &t.get(*p)?.tok {
            Tok::Str(s) => {
                *p += 1;
                s.clone()
            }
            Tok::LParen => {
                *p += 1;
                let v = self.eval_concat(t, p)?;
                (t.get(*p)?.tok == Tok::RParen).then_some(())?;
                *p += 1;
                v
            }
            Tok::Word(w) if t.get(*p + 1).is_some_and(|x| x.tok == Tok::LParen) => {
                let f = w.clone();
                *p += 2;
                let mut args = Vec::new();
                if t.get(*p)?.tok != Tok::RParen {
                    loop {
                        args.push(self.eval_concat(t, p)?);
                        match &t.get(*p)?.tok {
                            Tok::Other(o) if o == "," => *p += 1,
                            Tok::RParen => break,
                            _ => return None,
                        }
                    }
                }
                *p += 1;
                match (f.as_str(), args.as_slice()) {
                    ("format", [fmt, rest @ ..]) => format_sql(fmt, rest)?,
                    ("quote_ident", [a]) => crate::catalog::quote_ident(a),
                    ("quote_literal" | "quote_nullable", [a]) => crate::catalog::quote_literal(a),
                    ("lower", [a]) => a.to_lowercase(),
                    ("upper", [a]) => a.to_uppercase(),
                    ("concat", args) => args.concat(),
                    _ => return None,
                }
            }
            Tok::Word(w) => {
                let mut name = w.clone();
                *p += 1;
                if matches!(t.get(*p).map(|x| &x.tok), Some(Tok::Other(o)) if o == ".")
                    && let Some(Tok::Word(f)) = t.get(*p + 1).map(|x| &x.tok)
                {
                    name = format!("{name}.{f}");
                    *p += 2;
                }
                self.loop_bindings
                    .iter()
                    .rev()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())?
            }
            _ => return None,
        };
        // `::text`, `::regprocedure` / `::regclass` of a catalog oid
        while matches!(t.get(*p).map(|x| &x.tok), Some(Tok::Other(o)) if o == ":")
            && matches!(t.get(*p + 1).map(|x| &x.tok), Some(Tok::Other(o)) if o == ":")
        {
            let Some(Tok::Word(ty)) = t.get(*p + 2).map(|x| &x.tok) else {
                return None;
            };
            *p += 3;
            v = match ty.as_str() {
                "text" | "varchar" | "name" if !is_oid(&v) => v,
                "regprocedure" => v.strip_prefix("fn:")?.to_string(),
                "regclass" => {
                    let (s, n) = v.strip_prefix("rel:")?.split_once('.')?;
                    format!(
                        "{}.{}",
                        crate::catalog::quote_ident(s),
                        crate::catalog::quote_ident(n)
                    )
                }
                _ => return None,
            };
        }
        (!is_oid(&v)).then_some(v)
    }

    /// FOREACH's array: `ARRAY['a', …]` written there, or a variable declared with one.
    fn array_values(&self, expr: &str, body: &str) -> Option<Vec<String>> {
        let toks = lex(expr);
        let literal = |toks: &[T]| -> Option<Vec<String>> {
            match toks {
                [
                    T {
                        tok: Tok::Word(a), ..
                    },
                    T {
                        tok: Tok::Other(l), ..
                    },
                    inner @ ..,
                    T {
                        tok: Tok::Other(r), ..
                    },
                ] if a == "array" && l == "[" && r == "]" => {
                    let mut out = Vec::new();
                    for (i, x) in inner.iter().enumerate() {
                        match (&x.tok, i % 2) {
                            (Tok::Str(s), 0) => out.push(s.clone()),
                            (Tok::Other(c), 1) if c == "," => {}
                            _ => return None,
                        }
                    }
                    Some(out)
                }
                _ => None,
            }
        };
        if let Some(v) = literal(&toks) {
            return Some(v);
        }
        let [
            T {
                tok: Tok::Word(name),
                ..
            },
        ] = toks.as_slice()
        else {
            return None;
        };
        // `name text[] := ARRAY[…];` (or DEFAULT / =) in a DECLARE section, and never assigned
        let all = lex(body);
        let mut found = None;
        for (i, x) in all.iter().enumerate() {
            if matches!(&x.tok, Tok::Word(w) if w == name)
                && matches!(all.get(i + 1).map(|t| &t.tok), Some(Tok::Other(o)) if o == ":=" || o == "=")
                && i > 0
                && matches!(all[i - 1].tok, Tok::Semi)
            {
                return None;
            }
            if found.is_none()
                && matches!(&x.tok, Tok::Word(w) if w == name)
                && let Some(Tok::Word(ty)) = all.get(i + 1).map(|t| &t.tok)
                && matches!(ty.as_str(), "text" | "varchar" | "name")
                && matches!(all.get(i + 2).map(|t| &t.tok), Some(Tok::Other(o)) if o == "[")
                && matches!(all.get(i + 3).map(|t| &t.tok), Some(Tok::Other(o)) if o == "]")
            {
                let k = i + 4;
                let k = match all.get(k).map(|t| &t.tok) {
                    Some(Tok::Other(o)) if o == ":=" || o == "=" => k + 1,
                    Some(Tok::Word(d)) if d == "default" => k + 1,
                    _ => continue,
                };
                let end = all[k..].iter().position(|t| t.tok == Tok::Semi)? + k;
                found = literal(&all[k..end]);
            }
        }
        found
    }

    pub(crate) fn do_block(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let Some(lit) = sql::child(node, sql::Kind::LITERAL) else {
            return Ok(());
        };
        let lang = sql::keywords(node).to_ascii_lowercase();
        if lang.contains("language") && !lang.contains("plpgsql") {
            return Ok(());
        }
        let raw = lit.text().to_string();
        let body = sql::string_value(&raw);
        let tag_len = sql::literal_prefix_len(&raw);
        let base = ctx.offset(&lit) + tag_len;
        let toks = lex(&body);
        let mut p = Parser::new(&toks);
        let stmts = p.body();
        // PL/pgSQL compiles the block before it runs any of it
        if let Some((at, code, message)) = lexical_error(&body).as_ref().or(p.errors.first()) {
            return Err(PgError::new(code, message.clone()).at(base + at));
        }
        // the block is one transaction: what ran before a refused statement is undone.
        // A snapshot of the catalog costs as much as the catalog is big, so only blocks
        // that can apply more than one statement take one.
        // the outer block's defaults are computed when it starts
        let declared = self.plpgsql_params.len();
        self.plpgsql_params
            .extend(p.declared.iter().map(|v| (v.clone(), String::new())));
        let r = declaration_defaults(&toks, &body)
            .into_iter()
            .try_for_each(|(a, b)| {
                self.check_inner_query(
                    &format!("select {}", &body[a..b]),
                    (base + a).saturating_sub(7),
                    ctx,
                )
            });
        self.plpgsql_params.truncate(declared);
        r?;
        let saved = (max_statements(&stmts) > 1).then(|| self.catalog.clone());
        let r = self.run_plpgsql(&stmts, &body, base, ctx, None).map(|_| ());
        if r.is_err()
            && let Some(saved) = saved
        {
            self.catalog = saved;
        }
        r
    }

    /// Runs PL/pgSQL statements. `guard` is the condition the replay could not evaluate under
    /// which they run (it read rows, or variables): an error they raise may or may not happen.
    fn run_plpgsql(
        &mut self,
        stmts: &[Stmt],
        body: &str,
        base: usize,
        ctx: &Ctx,
        guard: Option<&str>,
    ) -> Result<Flow, PgError> {
        // after a RETURN under a condition the replay does not evaluate, the rest runs only
        // maybe: an error in it is undecided, and undoes what the rest did
        let mut after: Option<(Flow, Option<crate::catalog::Catalog>)> = None;
        for s in stmts {
            let g = after.as_ref().and_then(|(f, _)| f.condition()).or(guard);
            match self.run_plpgsql_one(s, body, base, ctx, g) {
                Ok(Flow::Next) => {}
                Ok(f @ (Flow::Return | Flow::EndIteration(_))) if after.is_none() => {
                    return Ok(f);
                }
                Ok(Flow::Return | Flow::EndIteration(_)) => break,
                Ok(f @ (Flow::MaybeReturn(_) | Flow::MaybeEndIteration(..))) => match &mut after {
                    None => {
                        let snapshot = (max_statements(stmts) > 1).then(|| self.catalog.clone());
                        after = Some((f, snapshot));
                    }
                    // a later maybe-EXIT or maybe-RETURN after a maybe-CONTINUE: the stronger
                    // one is what may have happened
                    Some((prev, _)) => {
                        let rank = |f: &Flow| match f {
                            Flow::MaybeEndIteration(_, false) => 0,
                            Flow::MaybeEndIteration(_, true) => 1,
                            _ => 2,
                        };
                        if rank(&f) > rank(prev) {
                            let cond = prev.condition().unwrap_or_default().to_string();
                            *prev = match f {
                                Flow::MaybeEndIteration(_, exit) => {
                                    Flow::MaybeEndIteration(cond, exit)
                                }
                                _ => Flow::MaybeReturn(cond),
                            };
                        }
                    }
                },
                Err(e) => match after.take() {
                    Some((flow, snapshot)) => {
                        if let Some(saved) = snapshot {
                            self.catalog = saved;
                        }
                        let cond = flow.condition().unwrap_or_default().to_string();
                        self.note_undecided(&e, &cond, true);
                        return Ok(flow);
                    }
                    None => return Err(e),
                },
            }
        }
        Ok(match after {
            Some((flow, _)) => flow,
            None => Flow::Next,
        })
    }

    /// An error that happens or not by a condition the replay does not evaluate: when it
    /// holds (in the branch it guards), or when it does not (after a RETURN it guards).
    fn note_undecided(&mut self, e: &PgError, cond: &str, after_return: bool) {
        self.undecided.get_or_insert_with(|| {
            format!(
                "it fails with {} ({}) when `{}` {}, a condition the replay does not evaluate (rows, variables, catalog functions)",
                e.code,
                e.message,
                cond.split_whitespace().collect::<Vec<_>>().join(" "),
                if after_return { "does not hold" } else { "holds" }
            )
        });
    }

    fn run_plpgsql_one(
        &mut self,
        s: &Stmt,
        body: &str,
        base: usize,
        ctx: &Ctx,
        guard: Option<&str>,
    ) -> Result<Flow, PgError> {
        {
            match s {
                Stmt::Skip => {}
                Stmt::Return => return Ok(Flow::Return),
                Stmt::EndLoop { exit, when, .. } => match when {
                    None => return Ok(Flow::EndIteration(*exit)),
                    Some((a, b)) => {
                        let cond = &body[*a..*b];
                        match self.eval_guard(cond) {
                            Some(true) => return Ok(Flow::EndIteration(*exit)),
                            Some(false) => {}
                            None => {
                                return Ok(Flow::MaybeEndIteration(
                                    guard.unwrap_or(cond).to_string(),
                                    *exit,
                                ));
                            }
                        }
                    }
                },
                Stmt::Assign(a, b) => {
                    let expr = &body[*a..*b];
                    self.check_regprocedure_calls(expr)
                        .map_err(|e| e.at(base + *a))?;
                    self.run_called_functions(expr, base + *a, ctx, guard)?;
                    if lex(expr)
                        .iter()
                        .any(|t| matches!(&t.tok, Tok::Word(w) if w == "select"))
                    {
                        self.check_inner_query(
                            &format!("select {}", blank_into(expr)),
                            base + *a,
                            ctx,
                        )?;
                    }
                }
                Stmt::Raise(code, message) => match guard {
                    Some(cond) => {
                        self.undecided.get_or_insert_with(|| {
                            format!(
                                "it raises an error when `{}`, a condition the replay does not evaluate (rows, variables, catalog functions)",
                                cond.split_whitespace().collect::<Vec<_>>().join(" ")
                            )
                        });
                    }
                    None => return Err(PgError::new(code, message.clone())),
                },
                Stmt::Assert(cs, ce) => {
                    let cond = &body[*cs..*ce];
                    match (guard, self.eval_guard(cond)) {
                        (None, Some(false)) => {
                            return Err(PgError::new("P0004", "assertion failed"));
                        }
                        (_, Some(true)) => {}
                        (g, _) => {
                            let cond = g.unwrap_or(cond);
                            self.undecided.get_or_insert_with(|| {
                                format!(
                                    "it asserts `{}`, a condition the replay does not evaluate (rows, variables, catalog functions)",
                                    cond.split_whitespace().collect::<Vec<_>>().join(" ")
                                )
                            });
                        }
                    }
                }
                Stmt::Sql(a, b) => {
                    // `SELECT … INTO var`, `… RETURNING … INTO var` assign variables
                    let text = blank_into(&body[*a..*b]);
                    self.run_inner_sql(&text, base + *a, ctx)?
                }
                Stmt::Query(a, b) => {
                    let text = &body[*a..*b];
                    let text = match text.get(..7) {
                        Some(w) if w.eq_ignore_ascii_case("perform") => {
                            format!("select {}", &text[7..])
                        }
                        _ => text.to_string(),
                    };
                    self.check_inner_query(&blank_into(&text), base + *a, ctx)?
                }
                Stmt::ExecuteExpr(a, b) => {
                    if let Some(sql) = self.eval_text(&body[*a..*b]) {
                        self.run_inner_sql(&sql, base + *a, ctx)?
                    }
                }
                Stmt::Loop {
                    query,
                    var,
                    foreach,
                    body: inner,
                    range,
                } => {
                    let rows = match (query, foreach) {
                        (Some((a, b)), _) => {
                            self.check_inner_query(&blank_into(&body[*a..*b]), base + *a, ctx)?;
                            super::catalog_query::rows(self, &body[*a..*b])
                                .or_else(|| super::catalog_query::values_rows(&body[*a..*b]))
                        }
                        (None, Some((a, b))) => self.array_values(&body[*a..*b], body).map(|v| {
                            v.into_iter()
                                .map(|x| vec![(String::new(), x)])
                                .collect::<Vec<_>>()
                        }),
                        _ => None,
                    };
                    let _ = range;
                    let rows_unknown = rows.is_none();
                    if let Some(rows) = rows
                        && unrollable(inner)
                    {
                        for row in rows {
                            let saved = self.loop_bindings.len();
                            for (i, (name, value)) in row.iter().enumerate() {
                                if i == 0 {
                                    self.loop_bindings.push((var.clone(), value.clone()));
                                }
                                if !name.is_empty() {
                                    self.loop_bindings
                                        .push((format!("{var}.{name}"), value.clone()));
                                }
                            }
                            let r = self.run_plpgsql(inner, body, base, ctx, guard);
                            self.loop_bindings.truncate(saved);
                            match r? {
                                Flow::Next
                                | Flow::EndIteration(false)
                                | Flow::MaybeEndIteration(_, false) => {}
                                // after a maybe-EXIT the rest of the loop runs or not: it
                                // is not followed
                                Flow::EndIteration(true) | Flow::MaybeEndIteration(_, true) => {
                                    break;
                                }
                                other => return Ok(other),
                            }
                        }
                    } else if let (true, Some((a, b))) = (rows_unknown, query)
                        && unrollable(inner)
                    {
                        // rows the replay does not know (a table's): if there are any, the
                        // body runs. An error in it happens or not by the rows: undecided,
                        // and the body leaves nothing behind here.
                        let cond = format!(
                            "{} returns rows",
                            body[*a..*b]
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" ")
                        );
                        let g = guard.map(str::to_string).unwrap_or(cond);
                        let saved = self.catalog.clone();
                        let nfind = self.findings.len();
                        let r = self.run_plpgsql(inner, body, base, ctx, Some(&g));
                        self.catalog = saved;
                        self.findings.truncate(nfind);
                        if let Err(e) = r {
                            self.note_undecided(&e, &g, false);
                        }
                    }
                }
                Stmt::Execute(text, off) => {
                    // the string literal's content starts one quote later
                    self.run_inner_sql(text, base + off + 1, ctx)?
                }
                Stmt::If {
                    branches,
                    otherwise,
                } => {
                    // the first condition is always evaluated: a query in it is planned, so
                    // its relations and columns must exist
                    if let Some(((cs, ce), _)) = branches.first() {
                        let cond = &body[*cs..*ce];
                        if lex(cond)
                            .iter()
                            .any(|t| matches!(&t.tok, Tok::Word(w) if w == "select"))
                        {
                            self.check_inner_query(
                                &format!("select {}", blank_into(cond)),
                                base + cs,
                                ctx,
                            )?;
                        }
                    }
                    for ((cs, ce), inner) in branches {
                        let cond = &body[*cs..*ce];
                        match self.eval_guard(cond) {
                            Some(false) => {
                                self.report_never_runs(cond, inner, body, base + cs, ctx);
                            }
                            Some(true) => return self.run_plpgsql(inner, body, base, ctx, guard),
                            None => {
                                // whether the branch runs depends on what the replay does
                                // not evaluate (rows, variables): an error in it may or may
                                // not happen. The block goes on as if the branch had not run
                                // (had it run, nothing of the block would remain).
                                let g = guard.unwrap_or(cond);
                                let saved =
                                    (max_statements(inner) > 1).then(|| self.catalog.clone());
                                return match self.run_plpgsql(inner, body, base, ctx, Some(g)) {
                                    Ok(Flow::Next) => Ok(Flow::Next),
                                    Ok(
                                        Flow::EndIteration(exit) | Flow::MaybeEndIteration(_, exit),
                                    ) => Ok(Flow::MaybeEndIteration(g.to_string(), exit)),
                                    Ok(_) => Ok(Flow::MaybeReturn(g.to_string())),
                                    Err(e) => {
                                        if let Some(saved) = saved {
                                            self.catalog = saved;
                                        }
                                        self.note_undecided(&e, g, false);
                                        Ok(Flow::Next)
                                    }
                                };
                            }
                        }
                    }
                    if let Some(o) = otherwise {
                        return self.run_plpgsql(o, body, base, ctx, guard);
                    }
                }
                Stmt::Block {
                    body: inner,
                    handlers,
                    vars,
                } => {
                    let declared = self.plpgsql_params.len();
                    self.plpgsql_params
                        .extend(vars.iter().map(|v| (v.clone(), String::new())));
                    let r = self.run_block(inner, handlers, body, base, ctx, guard);
                    self.plpgsql_params.truncate(declared);
                    return r;
                }
            }
        }
        Ok(Flow::Next)
    }

    fn run_block(
        &mut self,
        inner: &[Stmt],
        handlers: &[(Vec<String>, Vec<Stmt>)],
        body: &str,
        base: usize,
        ctx: &Ctx,
        guard: Option<&str>,
    ) -> Result<Flow, PgError> {
        // an exception handler rolls back what the block did before it
        // (a subtransaction); without handlers the error goes up
        let saved =
            (!handlers.is_empty() && max_statements(inner) > 1).then(|| self.catalog.clone());
        match self.run_plpgsql(inner, body, base, ctx, guard) {
            Ok(flow) => Ok(flow),
            Err(e) => {
                match handlers
                    .iter()
                    .find(|(conds, _)| handler_catches(conds, e.code))
                {
                    Some((_, h)) => {
                        if let Some(saved) = saved {
                            self.catalog = saved;
                        }
                        self.run_plpgsql(h, body, base, ctx, guard)
                    }
                    None => Err(e),
                }
            }
        }
    }

    /// A query PL/pgSQL plans (and runs) but whose effect the replay does not model.
    fn check_inner_query(&mut self, text: &str, abs: usize, ctx: &Ctx) -> Result<(), PgError> {
        let script = parse_inner(text, abs)?;
        let inner = Ctx {
            file: ctx.file,
            script: &script,
            base: abs,
            outer: Some(ctx),
        };
        let scope = super::resolve::Scope::empty().with_params(self.plpgsql_params.clone());
        for st in &script.statements {
            super::resolve::check_statement(self, &st.node, &inner, &scope)?;
        }
        Ok(())
    }

    fn run_inner_sql(&mut self, text: &str, abs: usize, ctx: &Ctx) -> Result<(), PgError> {
        let script = parse_inner(text, abs)?;
        let inner = Ctx {
            file: ctx.file,
            script: &script,
            base: abs,
            outer: Some(ctx),
        };
        for st in &script.statements {
            self.check_in_function(&st.node, &inner)?;
            self.exec(&st.node, &inner)?;
        }
        Ok(())
    }

    /// Evaluates the existence guards migrations use; None when it cannot tell.
    /// `name = 'literal'` (or `<>`, `!=`) where both sides evaluate to text: a loop
    /// variable bound by the replay, a literal.
    fn eval_binding_comparison(&self, cond: &str) -> Option<bool> {
        let toks = lex(cond);
        let at = toks
            .iter()
            .position(|t| matches!(&t.tok, Tok::Other(o) if o == "=" || o == "<>" || o == "!="))?;
        let equal = matches!(&toks[at].tok, Tok::Other(o) if o == "=");
        if at == 0 || at + 1 >= toks.len() {
            return None;
        }
        let left = self.eval_text(&cond[toks[0].start..toks[at - 1].end])?;
        let right = self.eval_text(&cond[toks[at + 1].start..toks[toks.len() - 1].end])?;
        Some((left == right) == equal)
    }

    pub(crate) fn eval_guard(&self, cond: &str) -> Option<bool> {
        // keywords are matched in lower case; the literals keep their case ('ModelRank')
        let original = cond.trim();
        let c = original.to_ascii_lowercase();
        let (negate, rest, rest_orig) = match c.strip_prefix("not ") {
            Some(r) => (true, r.trim().to_string(), original[4..].trim().to_string()),
            None => (false, c.clone(), original.to_string()),
        };
        if rest.contains(" or ") {
            return None;
        }
        // `var = 'x'` / `var <> 'x'` of a loop variable the replay has bound
        if let Some(v) = self.eval_binding_comparison(&rest_orig) {
            return Some(v != negate);
        }
        let lit = |key: &str| compared_literal_cased(&rest, &rest_orig, &[key]);
        let schema = compared_literal_cased(
            &rest,
            &rest_orig,
            &[
                "table_schema",
                "schemaname",
                "n.nspname",
                "nspname",
                "table_schema::text",
            ],
        )
        .unwrap_or_else(|| "public".into());
        let result = if let Some(at) = rest.find("to_regclass") {
            // the whole argument, evaluated (`'public.' || v_name` with the loop's binding)
            let after = rest_orig.get(at + "to_regclass".len()..)?;
            let open = after.find('(')?;
            if !after[..open].trim().is_empty() {
                return None;
            }
            let mut depth = 0i32;
            let mut close = None;
            for (k, ch) in after.char_indices().skip(open) {
                match ch {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(k);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let name = self.eval_text(after[open + 1..close?].trim())?;
            let parts: Vec<String> = name.split('.').map(crate::catalog::fold_ident).collect();
            let q = match parts.as_slice() {
                [s, n] => Some(QualName::new(s, n)),
                _ => None,
            };
            let exists = self.lookup_relation(&parts).is_some()
                || q.is_some_and(|q| self.catalog.relation_kind(&q).is_some());
            if rest.contains("is not null") {
                exists
            } else if rest.contains("is null") {
                !exists
            } else {
                return None;
            }
        } else if !rest.starts_with("exists") {
            return None;
        } else if rest.contains("information_schema.columns") {
            let t = lit("table_name")?;
            let col = lit("column_name")?;
            self.catalog
                .table(&QualName::new(&schema, &t))
                .is_some_and(|tt| tt.column(&col).is_some())
        } else if rest.contains("information_schema.tables")
            || rest.contains("pg_tables")
            || rest.contains("pg_class")
        {
            let t = lit("table_name")
                .or_else(|| lit("tablename"))
                .or_else(|| lit("relname"))?;
            let kind = self.catalog.relation_kind(&QualName::new(&schema, &t));
            // `AND relkind = 'm'`: only a relation of that kind counts
            match lit("relkind") {
                Some(k) => {
                    use crate::catalog::RelationKind as R;
                    matches!(
                        (k.as_str(), kind),
                        ("r" | "p", Some(R::Table))
                            | ("v", Some(R::View))
                            | ("m", Some(R::MaterializedView))
                            | ("s", Some(R::Sequence))
                            | ("i", Some(R::Index))
                    )
                }
                None => kind.is_some(),
            }
        } else if rest.contains("pg_type") {
            let t = lit("typname")?;
            self.lookup_path()
                .iter()
                .any(|s| self.catalog.type_def(&QualName::new(s, &t)).is_some())
        } else if rest.contains("pg_policies") || rest.contains("pg_policy") {
            let t = lit("tablename");
            match lit("policyname").or_else(|| lit("polname")) {
                Some(p) => self
                    .catalog
                    .tables()
                    .any(|tt| t.as_ref().is_none_or(|t| tt.name == *t) && tt.policy(&p).is_some()),
                // any policy on the table (`WHERE schemaname = … AND tablename = …`, and
                // nothing about the policies' roles, command or expressions)
                None => {
                    let t = t?;
                    if [
                        "policyname",
                        "polname",
                        "roles",
                        "cmd",
                        "qual",
                        "with_check",
                        "permissive",
                    ]
                    .iter()
                    .any(|c| rest.contains(c))
                    {
                        return None;
                    }
                    let schema = lit("schemaname");
                    self.catalog.tables().any(|tt| {
                        tt.name == t
                            && schema.as_ref().is_none_or(|s| tt.schema == *s)
                            && !tt.policies.is_empty()
                    })
                }
            }
        } else if rest.contains("pg_extension") {
            let e = lit("extname")?;
            self.catalog.extensions.contains_key(&e)
        } else if rest.contains("pg_constraint")
            || rest.contains("information_schema.table_constraints")
        {
            let t = lit("table_name");
            match lit("conname").or_else(|| lit("constraint_name")) {
                Some(n) => self.catalog.tables().any(|tt| {
                    t.as_ref().is_none_or(|t| tt.name == *t) && tt.constraint(&n).is_some()
                }),
                // `constraint_type = 'PRIMARY KEY'` (`contype = 'p'`) of a named table
                None => {
                    let t = t?;
                    let kind = lit("constraint_type").or_else(|| lit("contype"))?;
                    let wanted = |c: &crate::catalog::ConstraintKind| {
                        use crate::catalog::ConstraintKind as K;
                        matches!(
                            (kind.to_ascii_uppercase().as_str(), c),
                            ("PRIMARY KEY" | "P", K::PrimaryKey { .. })
                                | ("UNIQUE" | "U", K::Unique { .. })
                                | ("FOREIGN KEY" | "F", K::ForeignKey { .. })
                                | ("CHECK" | "C", K::Check { .. })
                                | ("X", K::Exclusion { .. })
                        )
                    };
                    self.catalog
                        .tables()
                        .any(|tt| tt.name == t && tt.constraints.iter().any(|c| wanted(&c.kind)))
                }
            }
        } else if rest.contains("pg_trigger") || rest.contains("information_schema.triggers") {
            let n = lit("tgname").or_else(|| lit("trigger_name"))?;
            self.catalog
                .tables()
                .any(|t| t.triggers.iter().any(|tr| tr.name == n))
        } else if rest.contains("pg_proc") {
            let n = lit("proname")?;
            self.catalog.functions().any(|f| f.name == n)
        } else if rest.contains("pg_namespace") || rest.contains("information_schema.schemata") {
            let n = lit("nspname").or_else(|| lit("schema_name"))?;
            self.catalog.schemas.contains_key(&n)
        } else if rest.contains("pg_roles") || rest.contains("pg_user") {
            let n = lit("rolname").or_else(|| lit("usename"))?;
            self.catalog.roles.contains(&n)
        } else {
            return None;
        };
        Some(result != negate)
    }

    /// Statements under a guard that is false: what they would have done never happens.
    fn report_never_runs(
        &mut self,
        cond: &str,
        stmts: &[Stmt],
        body: &str,
        cond_abs: usize,
        ctx: &Ctx,
    ) {
        let mut what = Vec::new();
        collect_sql(stmts, body, &mut what);
        if what.is_empty() {
            return;
        }
        let c = cond.to_ascii_lowercase();
        let target = regex::Regex::new(r"(?:table_name|tablename|relname)\s*=\s*'([^']*)'")
            .ok()
            .and_then(|re| re.captures(&c).map(|m| m[1].to_string()));
        let schema = regex::Regex::new(r"(?:table_schema|schemaname)\s*=\s*'([^']*)'")
            .ok()
            .and_then(|re| re.captures(&c).map(|m| m[1].to_string()))
            .unwrap_or_else(|| "public".into());
        let (line, col) = ctx.position(cond_abs);
        let object = match &target {
            Some(t) => format!("{schema}.{t}"),
            None => ctx.root_file().to_string(),
        };
        let summary: Vec<String> = what.iter().map(|s| describe(s)).collect();
        let msg = match &target {
            Some(t) => format!(
                "{}:{line}: the DO block's guard `{}` is false when the migrations are replayed: no migration creates {schema}.{t}, so these statements never run: {}",
                ctx.root_file(),
                cond.split_whitespace().collect::<Vec<_>>().join(" "),
                summary.join("; ")
            ),
            None => format!(
                "{}:{line}: a DO block's guard is false when the migrations are replayed, so these statements never run: {}",
                ctx.root_file(),
                summary.join("; ")
            ),
        };
        self.findings.push(
            Finding::new("dangling-reference", Severity::Medium, object, msg)
                .at(Location::file(self.source_id(), ctx.root_file(), line, col))
                .impact("The policies and settings in the guarded block do not exist on a database built from the migrations.")
                .evidence(format!("guarded statements: {}", what.len())),
        );
    }
}

fn collect_sql(stmts: &[Stmt], body: &str, out: &mut Vec<String>) {
    for s in stmts {
        match s {
            Stmt::Sql(a, b) => out.push(
                body[*a..*b]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Stmt::Execute(t, _) => out.push(t.split_whitespace().collect::<Vec<_>>().join(" ")),
            Stmt::If {
                branches,
                otherwise,
            } => {
                for (_, b) in branches {
                    collect_sql(b, body, out);
                }
                if let Some(o) = otherwise {
                    collect_sql(o, body, out);
                }
            }
            Stmt::Block { body: b, .. } => collect_sql(b, body, out),
            Stmt::Skip
            | Stmt::Return
            | Stmt::EndLoop { .. }
            | Stmt::Assign(..)
            | Stmt::Query(..)
            | Stmt::Raise(..)
            | Stmt::Assert(..)
            | Stmt::ExecuteExpr(..)
            | Stmt::Loop { .. } => {}
        }
    }
}

/// `policy "x" on t` for CREATE POLICY, else the statement's first words.
fn describe(stmt: &str) -> String {
    let lower = stmt.to_ascii_lowercase();
    if lower.starts_with("create policy") {
        let rest = &stmt[13..];
        let on = rest.to_ascii_lowercase().find(" on ").unwrap_or(rest.len());
        let name = rest[..on].trim();
        let table = rest
            .get(on + 4..)
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("");
        return format!("policy {name} on {table}");
    }
    let words: Vec<&str> = stmt.split_whitespace().take(8).collect();
    words.join(" ")
}

/// `SELECT a INTO v FROM …` / `… RETURNING id INTO v`: in PL/pgSQL the INTO clause names
/// variables, not a new table; it is blanked (offsets kept) so the rest reads as SQL.
fn blank_into(text: &str) -> String {
    let toks = lex(text);
    let mut out = text.to_string();
    let mut depth = 0i32;
    for (k, t) in toks.iter().enumerate() {
        match &t.tok {
            Tok::LParen => depth += 1,
            Tok::RParen => depth -= 1,
            Tok::Word(w) if w == "into" && depth == 0 => {
                let prev = k
                    .checked_sub(1)
                    .and_then(|p| match &toks[p].tok {
                        Tok::Word(w) => Some(w.as_str()),
                        _ => None,
                    })
                    .unwrap_or("");
                if matches!(prev, "insert" | "merge") {
                    continue;
                }
                // INTO [STRICT] target [, target …]
                let mut end = t.end;
                let mut j = k + 1;
                if matches!(toks.get(j).map(|t| &t.tok), Some(Tok::Word(w)) if w == "strict") {
                    end = toks[j].end;
                    j += 1;
                }
                while let Some(Tok::Word(_)) = toks.get(j).map(|t| &t.tok) {
                    end = toks[j].end;
                    j += 1;
                    // a qualified target (rec.field)
                    while matches!(toks.get(j).map(|t| &t.tok), Some(Tok::Other(o)) if o == ".")
                        && matches!(toks.get(j + 1).map(|t| &t.tok), Some(Tok::Word(_)))
                    {
                        end = toks[j + 1].end;
                        j += 2;
                    }
                    if matches!(toks.get(j).map(|t| &t.tok), Some(Tok::Other(o)) if o == ",") {
                        j += 1;
                        continue;
                    }
                    break;
                }
                out.replace_range(t.start..end, &" ".repeat(end - t.start));
                return out;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_compared_literal() {
        let c = "exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'app' and typname =\n  'status')";
        assert_eq!(compared_literal(c, &["typname"]).as_deref(), Some("status"));
        assert_eq!(
            compared_literal(c, &["table_schema", "n.nspname", "nspname"]).as_deref(),
            Some("app")
        );
        assert_eq!(compared_literal(c, &["conname"]), None);
        assert_eq!(compared_literal("relname = x", &["relname"]), None);
    }

    #[test]
    fn counts_the_statements_a_block_can_apply() {
        let body = "BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE TYPE t AS ENUM ('a'); END IF; END";
        let toks = lex(body);
        let mut p = Parser::new(&toks);
        assert_eq!(max_statements(&[p.block()]), 1);
        let body = "BEGIN CREATE TABLE a (); EXECUTE 'CREATE TABLE b ()'; END";
        let toks = lex(body);
        let mut p = Parser::new(&toks);
        assert_eq!(max_statements(&[p.block()]), 3);
    }

    #[test]
    fn parses_guarded_blocks() {
        let body = " BEGIN IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'x') THEN ALTER TABLE x ENABLE ROW LEVEL SECURITY; CREATE POLICY \"p\" ON x USING (true); END IF; END ";
        let toks = lex(body);
        let mut p = Parser::new(&toks);
        let b = p.block();
        let Stmt::Block { body: inner, .. } = b else {
            panic!("not a block")
        };
        assert_eq!(inner.len(), 1);
        let Stmt::If { branches, .. } = &inner[0] else {
            panic!("not an if")
        };
        assert_eq!(branches[0].1.len(), 2);
    }

    #[test]
    fn exception_handlers() {
        let body =
            "BEGIN CREATE TYPE t AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END";
        let toks = lex(body);
        let mut p = Parser::new(&toks);
        let Stmt::Block { handlers, .. } = p.block() else {
            panic!("not a block")
        };
        assert_eq!(handlers.len(), 1);
        assert!(handler_catches(&handlers[0].0, "42710"));
        assert!(!handler_catches(&handlers[0].0, "42P01"));
    }
}
