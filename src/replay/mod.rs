//! The replay interpreter: applies SQL statements to a [`Catalog`] in order, refusing what
//! PostgreSQL refuses (with its wording and SQLSTATE). A refused statement has no effect and
//! becomes a `migration-error` finding; the replay goes on so that one audit finds every
//! problem.

// PgError carries PostgreSQL's message, detail, hint and fix: it is the common path here, not an
// exceptional one, so it is returned by value.
#![allow(clippy::result_large_err)]

mod baseline;
mod ddl;
mod error;
mod objects;
mod plpgsql;
pub mod resolve;
mod tables;

pub use error::PgError;

/// Which extension provides a function: shared with the health rules
/// (`missing-extension`), so that both stages know the same list.
pub(crate) use ddl::extension_of_function;

use crate::catalog::{Catalog, Origin, QualName};
use crate::findings::{Finding, Location, Severity};
use crate::sql::{Kind, Node, Script};

/// One SQL file to replay.
pub struct SqlFile<'a> {
    /// Path as shown in findings (relative to the audited project).
    pub path: &'a str,
    pub text: &'a str,
}

#[derive(Clone, Debug)]
pub struct ReplayOptions {
    /// Source id used in origins and findings (`migrations`, `schema-file` …).
    pub source_id: String,
    /// Start from the Supabase platform baseline (auth.users, auth.uid(), roles, extensions).
    pub supabase: bool,
}

impl Default for ReplayOptions {
    fn default() -> Self {
        ReplayOptions {
            source_id: "migrations".into(),
            supabase: false,
        }
    }
}

/// What happened to one file: how many statements ran and the first refusal, which on a
/// real deploy rolls the file back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileVerdict {
    pub path: String,
    pub statements: usize,
    pub first_error: Option<StatementError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementError {
    /// 0-based index of the failing statement in the file.
    pub index: usize,
    pub sqlstate: String,
    pub message: String,
    pub line: u32,
}

pub struct Replay {
    pub catalog: Catalog,
    pub findings: Vec<Finding>,
    pub verdicts: Vec<FileVerdict>,
    opts: ReplayOptions,
    pub(crate) search_path: Vec<String>,
    /// Objects and places created so far: used for `shadowed-definition` ("the other is at").
    pub(crate) origins: std::collections::HashMap<String, Origin>,
}

/// Where a statement is: the file and the script positions are resolved through it.
pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub script: &'a Script,
    /// Byte offset of the script inside the file (DO bodies are scripts inside a file).
    pub base: usize,
    pub outer: Option<&'a Ctx<'a>>,
}

impl Ctx<'_> {
    /// Absolute byte offset in the file of a node of this context's script.
    pub fn offset(&self, node: &Node) -> usize {
        self.base + usize::from(node.text_range().start())
    }

    /// 1-based line and column in the file of an absolute offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        match self.outer {
            Some(outer) => outer.position(offset),
            None => self.script.position(offset),
        }
    }

    pub fn root_file(&self) -> &str {
        self.file
    }
}

impl Replay {
    pub fn new(opts: ReplayOptions) -> Self {
        let mut catalog = Catalog::new();
        baseline::postgres(&mut catalog);
        if opts.supabase {
            baseline::supabase(&mut catalog);
        }
        Replay {
            catalog,
            findings: Vec::new(),
            verdicts: Vec::new(),
            search_path: if opts.supabase {
                vec!["public".into(), "extensions".into()]
            } else {
                vec!["public".into()]
            },
            opts,
            origins: Default::default(),
        }
    }

    pub fn source_id(&self) -> &str {
        &self.opts.source_id
    }

    pub fn is_supabase(&self) -> bool {
        self.opts.supabase
    }

    /// Replays one file, statement by statement.
    pub fn run_file(&mut self, file: &SqlFile) {
        let script = Script::parse(file.text);
        let ctx = Ctx {
            file: file.path,
            script: &script,
            base: 0,
            outer: None,
        };
        let mut verdict = FileVerdict {
            path: file.path.to_string(),
            statements: 0,
            first_error: None,
        };
        self.report_syntax_errors(&script, &ctx);
        let mut index = 0;
        for stmt in &script.statements {
            if stmt.has_error || is_noise(&stmt.node) {
                continue;
            }
            verdict.statements += 1;
            match self.exec(&stmt.node, &ctx) {
                Ok(()) => {}
                Err(e) => {
                    let offset = e.offset.unwrap_or(stmt.start);
                    let (line, col) = ctx.position(offset);
                    if verdict.first_error.is_none() {
                        verdict.first_error = Some(StatementError {
                            index,
                            sqlstate: e.code.to_string(),
                            message: e.message.clone(),
                            line,
                        });
                    }
                    let (sline, scol) = ctx.position(stmt.start);
                    self.push_error(e, file.path, (sline, scol), (line, col), &stmt.node);
                }
            }
            index += 1;
        }
        self.verdicts.push(verdict);
    }

    fn report_syntax_errors(&mut self, script: &Script, ctx: &Ctx) {
        let mut seen_statements = std::collections::HashSet::new();
        for err in &script.errors {
            // one finding per broken statement, at the first error
            let stmt = script
                .statements
                .iter()
                .position(|s| err.offset >= s.start && err.offset < s.end.max(s.start + 1));
            if let Some(i) = stmt
                && !seen_statements.insert(i)
            {
                continue;
            }
            let (line, col) = ctx.position(err.offset);
            let snippet = stmt
                .map(|i| first_line(&script.statements[i].text()))
                .unwrap_or_default();
            self.findings.push(
                Finding::new(
                    "unparsed-statement",
                    Severity::High,
                    ctx.root_file().to_string(),
                    format!(
                        "{}:{line}:{col}: the statement could not be read ({}){}; it was not replayed, so what it defines is unknown",
                        ctx.root_file(),
                        err.message,
                        if snippet.is_empty() { String::new() } else { format!(": `{snippet}`") }
                    ),
                )
                .at(Location::file(self.source_id(), ctx.root_file(), line, col))
                .impact("If PostgreSQL cannot read it either, the migration fails here; if it can, schemadrift cannot see its effect."),
            );
        }
    }

    fn push_error(
        &mut self,
        e: PgError,
        file: &str,
        stmt_pos: (u32, u32),
        err_pos: (u32, u32),
        node: &Node,
    ) {
        let what = statement_label(node);
        let object = e.object.clone().unwrap_or_else(|| file.to_string());
        let mut f = Finding::new(
            "migration-error",
            Severity::Critical,
            object,
            format!(
                "{file}:{}: {what} fails: {}{}. On a real deploy the transaction of {file} rolls back here and the migrations after it do not run",
                stmt_pos.0,
                e.message,
                e.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default(),
            ),
        )
        .sqlstate(e.code)
        .at(Location::file(self.source_id(), file, err_pos.0, err_pos.1))
        .impact("PostgreSQL refuses this statement: the deploy stops here.");
        if let Some(h) = e.hint {
            f = f.evidence(h);
        }
        if let Some(fix) = e.fix {
            f = f.fix(fix);
        }
        self.findings.push(f);
    }

    pub(crate) fn origin(&self, ctx: &Ctx, offset: usize) -> Origin {
        let (line, column) = ctx.position(offset);
        Origin::new(
            self.source_id(),
            Some(ctx.root_file().to_string()),
            line,
            column,
        )
    }

    /// Runs one statement. Errors leave the catalog as it was.
    pub(crate) fn exec(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        match node.kind() {
            Kind::CREATE_TABLE => self.create_table(node, ctx),
            Kind::CREATE_TABLE_AS | Kind::SELECT_INTO => self.create_table_as(node, ctx),
            Kind::ALTER_TABLE => self.alter_table(node, ctx),
            Kind::DROP_TABLE => self.drop_tables(node, ctx),
            Kind::CREATE_INDEX => self.create_index(node, ctx),
            Kind::DROP_INDEX => self.drop_index(node, ctx),
            Kind::ALTER_INDEX => self.alter_index(node, ctx),
            Kind::CREATE_SCHEMA => self.create_schema(node, ctx),
            Kind::DROP_SCHEMA => self.drop_schema(node, ctx),
            Kind::CREATE_EXTENSION => self.create_extension(node, ctx),
            Kind::DROP_EXTENSION => self.drop_extension(node, ctx),
            Kind::CREATE_TYPE => self.create_type(node, ctx),
            Kind::ALTER_TYPE => self.alter_type(node, ctx),
            Kind::DROP_TYPE => self.drop_type(node, ctx),
            Kind::CREATE_DOMAIN => self.create_domain(node, ctx),
            Kind::CREATE_SEQUENCE => self.create_sequence(node, ctx),
            Kind::ALTER_SEQUENCE => self.alter_sequence(node, ctx),
            Kind::DROP_SEQUENCE => self.drop_sequence(node, ctx),
            Kind::CREATE_FUNCTION | Kind::CREATE_PROCEDURE => self.create_function(node, ctx),
            Kind::ALTER_FUNCTION | Kind::ALTER_PROCEDURE => self.alter_function(node, ctx),
            Kind::DROP_FUNCTION | Kind::DROP_PROCEDURE => self.drop_function(node, ctx),
            Kind::CREATE_TRIGGER => self.create_trigger(node, ctx),
            Kind::DROP_TRIGGER => self.drop_trigger(node, ctx),
            Kind::CREATE_VIEW | Kind::CREATE_MATERIALIZED_VIEW => self.create_view(node, ctx),
            Kind::ALTER_VIEW | Kind::ALTER_MATERIALIZED_VIEW => self.alter_view(node, ctx),
            Kind::DROP_VIEW | Kind::DROP_MATERIALIZED_VIEW => self.drop_view(node, ctx),
            Kind::CREATE_POLICY => self.create_policy(node, ctx),
            Kind::ALTER_POLICY => self.alter_policy(node, ctx),
            Kind::DROP_POLICY => self.drop_policy(node, ctx),
            Kind::COMMENT_ON => self.comment_on(node, ctx),
            Kind::GRANT | Kind::REVOKE => self.grant(node, ctx),
            Kind::CREATE_ROLE | Kind::CREATE_USER | Kind::CREATE_GROUP => self.create_role(node),
            Kind::CREATE_PUBLICATION => self.create_publication(node, ctx),
            Kind::DO => self.do_block(node, ctx),
            Kind::SET => self.set(node),
            Kind::SELECT => self.select(node, ctx),
            Kind::INSERT | Kind::UPDATE | Kind::DELETE => self.dml(node, ctx),
            _ => Ok(()),
        }
    }

    /// `SET search_path …`.
    fn set(&mut self, node: &Node) -> Result<(), PgError> {
        let text = crate::sql::compact_text(node);
        let lower = text.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("set session ")
            .or_else(|| lower.strip_prefix("set local "))
            .or_else(|| lower.strip_prefix("set "))
            .unwrap_or("");
        if let Some(value) = rest.strip_prefix("search_path") {
            let value = value
                .trim_start_matches([' ', '='])
                .trim_start_matches("to ")
                .trim();
            let value = value.trim_end_matches(';');
            self.search_path = parse_search_path(value);
        }
        Ok(())
    }

    /// `SELECT pg_catalog.set_config('search_path', '', false)` as pg_dump writes it; other
    /// SELECTs are checked for the relations they read.
    fn select(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let text = crate::sql::compact_text(node).to_ascii_lowercase();
        if text.contains("set_config") {
            if text.contains("'search_path'") {
                let args: Vec<String> = node
                    .descendants_with_tokens()
                    .filter_map(|t| t.into_token())
                    .filter(|t| t.kind() == Kind::STRING)
                    .map(|t| crate::sql::string_value(t.text()))
                    .collect();
                if let Some(v) = args.get(1) {
                    self.search_path = parse_search_path(v);
                }
            }
            return Ok(());
        }
        resolve::check_statement(self, node, ctx, &resolve::Scope::empty()).map(|_| ())
    }

    fn dml(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        resolve::check_statement(self, node, ctx, &resolve::Scope::empty()).map(|_| ())
    }

    /// The schema where an unqualified new object goes (first existing schema of the path).
    pub(crate) fn creation_schema(&self) -> Result<String, PgError> {
        self.search_path
            .iter()
            .find(|s| self.catalog.schemas.contains_key(s.as_str()))
            .cloned()
            .ok_or_else(|| PgError::new("3F000", "no schema has been selected to create in"))
    }

    /// Qualifies a folded name given as parts for creating an object.
    pub(crate) fn name_for_create(&self, parts: &[String]) -> Result<QualName, PgError> {
        match parts {
            [schema, name] => {
                if !self.catalog.schemas.contains_key(schema) {
                    return Err(PgError::new(
                        "3F000",
                        format!("schema \"{schema}\" does not exist"),
                    ));
                }
                Ok(QualName::new(schema, name))
            }
            [name] => Ok(QualName::new(self.creation_schema()?, name)),
            [_db, schema, name] => Ok(QualName::new(schema, name)),
            _ => Err(PgError::new("42601", "improper qualified name")),
        }
    }

    /// Finds a relation (table, view, sequence) by name parts along the search path.
    pub(crate) fn lookup_relation(&self, parts: &[String]) -> Option<QualName> {
        match parts {
            [schema, name] | [_, schema, name] => {
                let q = QualName::new(schema, name);
                self.catalog.relation_kind(&q).map(|_| q)
            }
            [name] => {
                let mut path: Vec<&str> = vec!["pg_catalog"];
                path.extend(self.search_path.iter().map(|s| s.as_str()));
                path.into_iter()
                    .map(|s| QualName::new(s, name))
                    .find(|q| self.catalog.relation_kind(q).is_some())
            }
            _ => None,
        }
    }

    /// Finds a table by name parts, or the PostgreSQL error for a missing relation.
    pub(crate) fn require_table(&self, parts: &[String]) -> Result<QualName, PgError> {
        match self.lookup_relation(parts) {
            Some(q) if self.catalog.table(&q).is_some() => Ok(q),
            Some(q) => Err(PgError::new(
                "42809",
                format!("\"{}\" is not a table", q.name),
            )),
            None => Err(missing_relation(parts)),
        }
    }

    /// Schemas searched for unqualified types and functions: pg_catalog first.
    pub(crate) fn lookup_path(&self) -> Vec<String> {
        let mut path = vec!["pg_catalog".to_string()];
        path.extend(self.search_path.iter().cloned());
        path
    }

    pub fn finish(self) -> (Catalog, Vec<Finding>, Vec<FileVerdict>) {
        (self.catalog, self.findings, self.verdicts)
    }
}

pub(crate) fn missing_relation(parts: &[String]) -> PgError {
    PgError::new(
        "42P01",
        format!("relation \"{}\" does not exist", parts.join(".")),
    )
}

fn parse_search_path(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|s| s.trim().trim_matches('\'').trim())
        .filter(|s| !s.is_empty() && *s != "\"$user\"" && *s != "$user")
        .map(crate::catalog::fold_ident)
        .filter(|s| s != "pg_catalog" && s != "pg_temp")
        .collect()
}

/// Transaction control: a migration runner wraps each file in its own transaction.
fn is_noise(node: &Node) -> bool {
    let kw = crate::sql::keywords(node);
    let first = kw.split(' ').next().unwrap_or("");
    matches!(
        first,
        "BEGIN" | "COMMIT" | "END" | "ROLLBACK" | "START" | "SAVEPOINT" | "RELEASE" | "ABORT"
    )
}

fn first_line(s: &str) -> String {
    let line = s.trim().lines().next().unwrap_or("").trim();
    if line.chars().count() > 80 {
        format!("{}…", line.chars().take(80).collect::<String>())
    } else {
        line.to_string()
    }
}

/// A short description of a statement for messages: its first line, in backticks.
pub(crate) fn statement_label(node: &Node) -> String {
    format!("`{}`", first_line(&crate::sql::compact_text(node)))
}
