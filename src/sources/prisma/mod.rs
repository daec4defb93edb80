//! `schema.prisma` as a source: the tables, columns, keys and indexes Prisma Migrate would create.
//!
//! [`parser`] reads the Prisma schema language (one file or a multi-file folder) into a syntax
//! tree with positions; [`mapping`] turns it into the catalog the way Prisma Migrate creates the
//! database (PostgreSQL connector); [`checks`] holds the Prisma-specific drift rules.
//!
//! A broken schema never fails the load: each syntax or validation error becomes an
//! `unparsed-statement` finding at its file:line:column, and everything readable is mapped.

pub mod ast;
pub mod checks;
pub mod mapping;
pub mod parser;

use crate::catalog::{Catalog, QualName};
use crate::findings::{Finding, Location, RuleDoc, Severity};
use crate::report::SourceInfo;
use std::path::{Path, PathBuf};

pub use checks::check_against;
pub use mapping::{ClientDefault, EnumColumn, constraint_name};

/// Rules this source reports.
pub const RULE_DOCS: &[RuleDoc] = &[RuleDoc {
    id: "check-enum-mismatch",
    default_severity: "high",
    text: "A Prisma enum field is stored, in the migrations or the database, in a text column limited by a CHECK list (or in an enum type of another name), and the two lists of values differ. Writing a value that only Prisma knows fails with a CHECK violation; a stored value that only the database allows makes Prisma Client throw when it reads the row. Severity is high when Prisma has values the database refuses, medium when only the database has extra values, low when the values agree but the column is text rather than an enum.\n\nBad:\n  enum Plan { FREE @map(\"free\")  PRO @map(\"pro\")  TEAM @map(\"team\") }   -- schema.prisma\n  plan text CHECK (plan IN ('free', 'pro'))                           -- migration: no 'team'\nGood:\n  CREATE TYPE \"Plan\" AS ENUM ('free', 'pro', 'team');\n  plan \"Plan\" NOT NULL DEFAULT 'free'\n  -- or keep text and list every value: CHECK (plan IN ('free', 'pro', 'team'))",
}];

/// A relation field of a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationMap {
    pub field: String,
    /// The related model.
    pub target: String,
    /// A list relation (`posts Post[]`).
    pub list: bool,
}

/// How a model names its table and columns, for the code scanner
/// (`prisma.user.findMany({ where: { createdAt } })` → `public.users."createdAt"`).
#[derive(Clone, Debug)]
pub struct ModelMap {
    pub model: String,
    pub table: QualName,
    /// A `view` block (the relation is a view).
    pub is_view: bool,
    /// (field, column) for every scalar and enum field, in order.
    pub fields: Vec<(String, String)>,
    pub relations: Vec<RelationMap>,
}

impl ModelMap {
    /// The column of a scalar field.
    pub fn column(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| c.as_str())
    }
}

/// A loaded Prisma schema.
pub struct PrismaSource {
    pub catalog: Catalog,
    /// Syntax and validation errors, as `unparsed-statement` findings with file:line:column.
    pub findings: Vec<Finding>,
    pub info: SourceInfo,
    pub models: Vec<ModelMap>,
    /// Enum-typed columns with their Prisma values (for `check-enum-mismatch`).
    pub enum_columns: Vec<EnumColumn>,
    /// Columns whose value Prisma Client generates (no database default in Prisma's catalog).
    pub client_defaults: Vec<ClientDefault>,
}

impl PrismaSource {
    /// The model map of a Prisma model, by its name as the client spells it (`user` for
    /// `User`: Prisma Client lower-cases the first letter).
    pub fn model(&self, client_name: &str) -> Option<&ModelMap> {
        self.models
            .iter()
            .find(|m| m.model == client_name || lower_first(&m.model) == client_name)
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Where a project keeps its Prisma schema: the path configured in `package.json`
/// (`"prisma": {"schema": …}`) or `prisma.config.ts` (`schema: "…"`), else
/// `prisma/schema.prisma`, `schema.prisma`, or a multi-file `prisma/schema/` folder (returned
/// as the folder).
pub fn discover(project_dir: &Path) -> Option<PathBuf> {
    if let Some(p) = configured_schema(project_dir) {
        return Some(p);
    }
    let candidates = [
        project_dir.join("prisma").join("schema.prisma"),
        project_dir.join("schema.prisma"),
    ];
    for c in candidates {
        if c.is_file() {
            return Some(c);
        }
    }
    let folder = project_dir.join("prisma").join("schema");
    if folder.is_dir() && !prisma_files(&folder).is_empty() {
        return Some(folder);
    }
    None
}

/// The schema path a project configures, if it exists.
fn configured_schema(project_dir: &Path) -> Option<PathBuf> {
    let mut configured = Vec::new();
    if let Some(text) = crate::sources::fsread::read_optional(&project_dir.join("package.json"))
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(&text)
        && let Some(s) = v.pointer("/prisma/schema").and_then(|s| s.as_str())
    {
        configured.push(s.to_string());
    }
    for name in ["prisma.config.ts", "prisma.config.mts", "prisma.config.js"] {
        if let Some(text) = crate::sources::fsread::read_optional(&project_dir.join(name)) {
            // `schema: "prisma/app.prisma"` or `schema: path.join("prisma", "schema")`
            if let Some(i) = text.find("schema:") {
                let rest = &text[i + "schema:".len()..];
                let rest = rest.trim_start();
                if let Some(q) = rest
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '"' | '\'' | '`'))
                {
                    if let Some(end) = rest[1..].find(q) {
                        configured.push(rest[1..1 + end].to_string());
                    }
                } else if let Some(args) = rest.strip_prefix("path.join(") {
                    let parts: Vec<String> = args
                        .split(')')
                        .next()
                        .unwrap_or("")
                        .split(',')
                        .map(|a| {
                            a.trim()
                                .trim_matches(|c| matches!(c, '"' | '\'' | '`'))
                                .to_string()
                        })
                        .filter(|a| !a.is_empty() && a != "__dirname")
                        .collect();
                    configured.push(parts.join("/"));
                }
            }
        }
    }
    configured
        .into_iter()
        .map(|s| project_dir.join(s))
        .find(|p| p.is_file() || (p.is_dir() && !prisma_files(p).is_empty()))
}

/// Every `.prisma` file under a folder (recursively, sorted), skipping `migrations` and hidden
/// folders.
fn prisma_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.is_dir() {
                if depth < 8
                    && !name.starts_with('.')
                    && name != "migrations"
                    && name != "node_modules"
                {
                    stack.push((p, depth + 1));
                }
            } else if name.ends_with(".prisma") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Loads a schema file, or every `.prisma` file of a folder (a multi-file schema).
/// Errors only when nothing can be read; syntax errors are findings.
pub fn load(path: &Path, source_id: &str) -> Result<PrismaSource, String> {
    load_in(path, None, source_id)
}

/// [`load`], with file paths in findings and origins shown relative to `root` (the audited
/// project) when they are inside it.
pub fn load_in(path: &Path, root: Option<&Path>, source_id: &str) -> Result<PrismaSource, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (paths, base) = if meta.is_dir() {
        let files = prisma_files(path);
        if files.is_empty() {
            return Err(format!("no .prisma files in {}", path.display()));
        }
        (files, path.to_path_buf())
    } else {
        (
            vec![path.to_path_buf()],
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
        )
    };
    let mut files = Vec::new();
    let mut findings = Vec::new();
    for p in &paths {
        let display = display_path(p, &base, meta.is_dir(), path);
        let display = match root.and_then(|r| p.strip_prefix(r).ok()) {
            Some(rel) => rel.to_string_lossy().replace('\\', "/"),
            None => display,
        };
        let bytes = crate::sources::fsread::read(p).map_err(|e| e.message(p))?;
        // UTF-8 only, as Prisma reads it (a UTF-16 schema.prisma is refused by Prisma too)
        match String::from_utf8(bytes) {
            Ok(text) => files.push((display, text)),
            Err(_) => findings.push(
                Finding::new(
                    "unparsed-statement",
                    Severity::High,
                    display.clone(),
                    format!("{display} is not valid UTF-8: the Prisma schema file was not read"),
                )
                .at(Location::file(source_id, &display, 1, 1)),
            ),
        }
    }
    if files.is_empty() {
        return Err(format!(
            "{} is not a readable Prisma schema (not UTF-8 text)",
            path.display()
        ));
    }
    let mut src = load_texts(&files, source_id);
    src.info.location = path.to_string_lossy().replace('\\', "/");
    findings.append(&mut src.findings);
    src.findings = findings;
    Ok(src)
}

fn display_path(p: &Path, base: &Path, is_dir: bool, given: &Path) -> String {
    if is_dir {
        let rel = p.strip_prefix(base).unwrap_or(p);
        given.join(rel).to_string_lossy().replace('\\', "/")
    } else {
        p.to_string_lossy().replace('\\', "/")
    }
}

/// Parses and maps schema texts given as (display path, text): the core of [`load`], usable
/// without files.
pub fn load_texts(files: &[(String, String)], source_id: &str) -> PrismaSource {
    let schema = parser::parse_files(files);
    let mut findings = Vec::new();
    let file_of = |i: usize| schema.files.get(i).cloned().unwrap_or_default();
    for e in &schema.errors {
        let f = file_of(e.pos.file);
        findings.push(
            Finding::new(
                "unparsed-statement",
                Severity::High,
                f.clone(),
                format!(
                    "Prisma schema syntax error at {}:{}:{}: {}",
                    f, e.pos.line, e.pos.column, e.message
                ),
            )
            .at(Location::file(source_id, &f, e.pos.line, e.pos.column))
            .impact("What this part of the schema declares is unknown; `prisma generate` and `prisma migrate` refuse the schema."),
        );
    }
    let mapped = mapping::map(&schema, source_id);
    for e in &mapped.errors {
        let f = file_of(e.pos.file);
        findings.push(
            Finding::new(
                "unparsed-statement",
                Severity::High,
                f.clone(),
                format!(
                    "Prisma schema error at {}:{}:{}: {}",
                    f, e.pos.line, e.pos.column, e.message
                ),
            )
            .at(Location::file(source_id, &f, e.pos.line, e.pos.column))
            .impact("Prisma refuses the schema; the mapping of this part is incomplete."),
        );
    }
    let location = files
        .iter()
        .map(|(p, _)| p.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let info = SourceInfo {
        id: source_id.to_string(),
        kind: "prisma".into(),
        location,
        convention: None,
        objects: mapped.catalog.object_count(),
        also_found: Vec::new(),
    };
    PrismaSource {
        catalog: mapped.catalog,
        findings,
        info,
        models: mapped.models,
        enum_columns: mapped.enum_columns,
        client_defaults: mapped.client_defaults,
    }
}
