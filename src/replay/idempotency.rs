//! `non-idempotent-statement`: a statement that fails when its file runs a second time.
//!
//! Migration runners with a history table run each file once, so plain `CREATE TABLE` is
//! fine there. It matters where files are run by hand (a folder of numbered scripts with no
//! runner) and in files written to be re-runnable (they use `IF NOT EXISTS`, `OR REPLACE` or
//! `DROP … IF EXISTS` elsewhere): there, one statement without the guard stops the second run.

use super::{Ctx, Replay};
use crate::findings::{Finding, Location, Severity};
use crate::sql::{self, Kind, Node, Script};

/// What a statement creates and how to make it re-runnable.
struct Creation {
    what: &'static str,
    name: String,
    on: Option<String>,
    fix: &'static str,
}

impl Replay {
    pub(crate) fn check_idempotency(&mut self, script: &Script, ctx: &Ctx, hand_run: bool) {
        // the guard is a direct child of the statement (or of an ALTER TABLE action)
        let guarded = |n: &Node| {
            n.children().any(|c| {
                matches!(
                    c.kind(),
                    Kind::IF_NOT_EXISTS | Kind::OR_REPLACE | Kind::IF_EXISTS
                )
            })
        };
        let statements: Vec<&Node> = script
            .statements
            .iter()
            .filter(|s| !s.has_error)
            .map(|s| &s.node)
            .collect();
        // outside hand-run folders, only kinds of statement that the file guards elsewhere
        let guarded_kinds: Vec<Kind> = statements
            .iter()
            .filter(|n| guarded(n))
            .map(|n| match n.kind() {
                Kind::DROP_POLICY => Kind::CREATE_POLICY,
                Kind::DROP_TRIGGER => Kind::CREATE_TRIGGER,
                k => k,
            })
            .collect();
        if !hand_run && guarded_kinds.is_empty() {
            return;
        }
        // policies and triggers are made re-runnable by a DROP … IF EXISTS before them
        let dropped: Vec<String> = statements
            .iter()
            .filter(|n| matches!(n.kind(), Kind::DROP_POLICY | Kind::DROP_TRIGGER) && guarded(n))
            .filter_map(|n| word_after(&words(n), &["EXISTS"]))
            .collect();
        for node in statements {
            // cheap checks first: reading the statement's words is not
            if guarded(node) || (!hand_run && !guarded_kinds.contains(&node.kind())) {
                continue;
            }
            let Some(c) = creation(node) else { continue };
            if matches!(node.kind(), Kind::CREATE_POLICY | Kind::CREATE_TRIGGER)
                && dropped.contains(&c.name)
            {
                continue;
            }
            let start = ctx.offset(node);
            let (line, col) = ctx.position(start);
            let schema = self
                .search_path
                .first()
                .cloned()
                .unwrap_or_else(|| "public".into());
            let qualify = |n: &str| {
                if n.contains('.') {
                    n.to_string()
                } else {
                    format!("{schema}.{n}")
                }
            };
            let object = match &c.on {
                Some(t) => format!("{}/{}", qualify(t), c.name),
                None => qualify(&c.name),
            };
            let why = if hand_run {
                "these files are run by hand, with no history of what already ran"
            } else {
                "other statements of this kind in the file are written to be re-run"
            };
            self.findings.push(
                Finding::new(
                    "non-idempotent-statement",
                    Severity::Info,
                    object,
                    format!(
                        "{}:{line}:{col}: {} {} has no {}; {why}, and a second run fails with \"already exists\"",
                        ctx.root_file(),
                        c.what,
                        crate::catalog::quote_ident(&c.name),
                        c.fix
                    ),
                )
                .at(Location::file(self.source_id(), ctx.root_file(), line, col))
                .impact("Running the file again (a retry, another environment) stops at this statement.")
                .fix(fixed(node, &c)),
            );
        }
    }
}

/// The statement's tokens (no trivia), with dotted names joined into one word and
/// identifiers folded as PostgreSQL folds them (`"Admins can view"` stays one word).
fn words(node: &Node) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut join_next = false;
    crate::sql::for_each_token(node, |_, text| {
        if text.trim().is_empty() || text.starts_with("--") || text.starts_with("/*") {
            return true;
        }
        if text == "." {
            join_next = true;
            return true;
        }
        let word = if text.starts_with('"') {
            crate::catalog::fold_ident(text)
        } else {
            text.to_string()
        };
        match out.last_mut() {
            Some(last) if join_next => {
                last.push('.');
                last.push_str(&word);
            }
            _ => out.push(word),
        }
        join_next = false;
        true
    });
    out
}

/// The identifier that follows the first of `after` in the statement's words.
fn word_after(w: &[String], after: &[&str]) -> Option<String> {
    let i = w
        .iter()
        .position(|x| after.iter().any(|a| x.eq_ignore_ascii_case(a)))?;
    w.iter()
        .skip(i + 1)
        .find(|x| {
            !["CONCURRENTLY", "ONLY", "RECURSIVE"]
                .iter()
                .any(|k| x.eq_ignore_ascii_case(k))
        })
        .cloned()
}

fn creation(node: &Node) -> Option<Creation> {
    if !matches!(
        node.kind(),
        Kind::CREATE_TABLE
            | Kind::CREATE_INDEX
            | Kind::CREATE_SCHEMA
            | Kind::CREATE_EXTENSION
            | Kind::CREATE_SEQUENCE
            | Kind::CREATE_FUNCTION
            | Kind::CREATE_PROCEDURE
            | Kind::CREATE_VIEW
            | Kind::CREATE_POLICY
            | Kind::CREATE_TRIGGER
    ) {
        return None;
    }
    let w = words(node);
    let c = |what, kw: &[&str], fix| {
        word_after(&w, kw).map(|name| Creation {
            what,
            name,
            on: None,
            fix,
        })
    };
    match node.kind() {
        Kind::CREATE_TABLE => c("table", &["TABLE"], "IF NOT EXISTS"),
        Kind::CREATE_INDEX => {
            let mut x = c("index", &["INDEX"], "IF NOT EXISTS")?;
            if x.name.eq_ignore_ascii_case("ON") {
                return None; // an unnamed index gets a fresh name each run
            }
            x.on = word_after(&w, &["ON"]);
            Some(x)
        }
        Kind::CREATE_SCHEMA => c("schema", &["SCHEMA"], "IF NOT EXISTS"),
        Kind::CREATE_EXTENSION => c("extension", &["EXTENSION"], "IF NOT EXISTS"),
        Kind::CREATE_SEQUENCE => c("sequence", &["SEQUENCE"], "IF NOT EXISTS"),
        Kind::CREATE_FUNCTION => c("function", &["FUNCTION"], "OR REPLACE"),
        Kind::CREATE_PROCEDURE => c("procedure", &["PROCEDURE"], "OR REPLACE"),
        Kind::CREATE_VIEW => c("view", &["VIEW"], "OR REPLACE"),
        Kind::CREATE_POLICY => {
            let mut x = c("policy", &["POLICY"], "DROP POLICY IF EXISTS before it")?;
            x.on = word_after(&w, &["ON"]);
            Some(x)
        }
        Kind::CREATE_TRIGGER => {
            let mut x = c("trigger", &["TRIGGER"], "DROP TRIGGER IF EXISTS before it")?;
            x.on = word_after(&w, &["ON"]);
            Some(x)
        }
        _ => None,
    }
}

/// The statement made re-runnable.
fn fixed(node: &Node, c: &Creation) -> String {
    let text = sql::compact_text(node);
    let text = text.trim_end_matches(';').trim_end();
    let kw = match c.what {
        "table" => "TABLE",
        "index" => "INDEX",
        "schema" => "SCHEMA",
        "extension" => "EXTENSION",
        "sequence" => "SEQUENCE",
        _ => "",
    };
    if !kw.is_empty()
        && let Some(i) = text.to_ascii_uppercase().find(&format!("{kw} "))
    {
        let at = i + kw.len() + 1;
        let rest = &text[at..];
        let rest = rest
            .strip_prefix("CONCURRENTLY ")
            .map(|r| format!("CONCURRENTLY IF NOT EXISTS {r}"))
            .unwrap_or_else(|| format!("IF NOT EXISTS {rest}"));
        return format!("{}{rest};", &text[..at]);
    }
    match c.what {
        "function" | "procedure" | "view" => {
            format!("CREATE OR REPLACE {};", text.get(7..).unwrap_or(text))
        }
        "policy" | "trigger" => format!(
            "DROP {} IF EXISTS {} ON {};\n{text};",
            c.what.to_ascii_uppercase(),
            crate::catalog::quote_ident(&c.name),
            c.on.clone().unwrap_or_default()
        ),
        _ => format!("{text};"),
    }
}
