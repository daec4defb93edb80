//! Code references: the tables, columns and functions the application's code asks for.
//!
//! The stage runs in three steps:
//! 1. [`scan`] walks the code folders (honouring `.gitignore`, skipping `node_modules`, build
//!    output and vendored code) in parallel. A byte-level pre-filter ([`scan`]'s candidate
//!    patterns, checked by [`prefilter`]) decides which files can hold a reference at all; only
//!    those are parsed, with oxc for JavaScript/TypeScript ([`javascript`]) and tree-sitter for
//!    Python ([`python`]).
//! 2. The front ends turn calls into [`CodeRef`]s: supabase-js / supabase-py chains (the
//!    PostgREST grammars live in [`postgrest`]), Prisma Client calls, and raw SQL handed to a
//!    PostgreSQL client ([`raw_sql`], parsed with the project's SQL parser).
//! 3. [`check`] compares the references with the best schema available and reports
//!    `code-missing-table`, `code-missing-column` and `code-missing-function`.
//!
//! ## Which `.from(...)` is a Supabase query
//! A `.from('name')` call counts when its argument is a string literal, its receiver is not
//! `storage` (`supabase.storage.from(bucket)`) nor a capitalised name (`Array.from`,
//! `Buffer.from`), and either
//! - the receiver is named like a client (`supabase`, `supabaseAdmin`, `client`, `db`, `sb`,
//!   `admin`, `service…`, `postgrest`), or is a variable initialised from a call whose name
//!   mentions a client (`createClient(...)`, `createServerClient(...)`, `getSupabase()`), or
//! - the next call in the chain is a PostgREST method (`select`, `insert`, `upsert`, `update`,
//!   `delete`).

pub mod check;
pub mod javascript;
pub mod postgrest;
pub mod prefilter;
pub mod python;
pub mod raw_sql;
pub mod render;
pub mod scan;

use crate::catalog::QualName;
use crate::findings::{Location, RuleDoc};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use check::{check, check_explained, used_objects_resolved};
pub use scan::{Scan, ScanOptions, scan};

/// What a reference names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefKind {
    Table,
    Column,
    Function,
    FunctionArg,
}

impl RefKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RefKind::Table => "table",
            RefKind::Column => "column",
            RefKind::Function => "function",
            RefKind::FunctionArg => "function-arg",
        }
    }
}

/// How the code uses the object: it decides how bad a missing object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Usage {
    Select,
    Filter,
    Insert,
    Upsert,
    Update,
    Delete,
    Order,
    /// An embedded resource in a PostgREST select (`rel(col, …)`).
    Embed,
    Rpc,
    RawSql,
    Prisma,
}

impl Usage {
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Select => "select",
            Usage::Filter => "filter",
            Usage::Insert => "insert",
            Usage::Upsert => "upsert",
            Usage::Update => "update",
            Usage::Delete => "delete",
            Usage::Order => "order",
            Usage::Embed => "embed",
            Usage::Rpc => "rpc",
            Usage::RawSql => "raw-sql",
            Usage::Prisma => "prisma",
        }
    }
}

/// One table, column or function named by the code, at one place.
///
/// - `Table`: `schema.table`. With [`Usage::Prisma`], `table` is the Prisma Client accessor
///   (`workflowExecution`), mapped to a table through [`ModelMap`].
/// - `Column`: `schema.table.column` (for Prisma: model accessor and field).
/// - `Function` / `FunctionArg`: `schema.table` is the function; `column` the argument.
///
/// `via` is the chain of PostgREST resources this one is embedded under, outermost first:
/// in `from('orgs').select('members(users(name))')` the table `users` has
/// `via = ["orgs", "members"]`. An embedded name may also be a foreign-key column or
/// constraint of its parent; [`check`] resolves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeRef {
    pub kind: RefKind,
    pub schema: String,
    pub table: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    pub usage: Usage,
    /// Source `code`, the file relative to the scan root, 1-based line and column (characters)
    /// of the name itself.
    pub location: Location,
}

impl CodeRef {
    /// `public.orgs`, `public.orgs.slug`, `public.fn`, `public.fn(arg)`.
    pub fn object_name(&self) -> String {
        match (self.kind, &self.column) {
            (RefKind::Column, Some(c)) => format!("{}.{}.{}", self.schema, self.table, c),
            (RefKind::FunctionArg, Some(a)) => format!("{}.{}({a})", self.schema, self.table),
            _ => format!("{}.{}", self.schema, self.table),
        }
    }
}

/// A Prisma model and the table and columns it maps to: the Prisma source's own map.
pub use crate::sources::prisma::ModelMap;

impl ModelMap {
    /// Whether a Prisma Client accessor (`workflowExecution`) names this model.
    pub fn matches_accessor(&self, accessor: &str) -> bool {
        let mut a = accessor.chars();
        let mut m = self.model.chars();
        match (a.next(), m.next()) {
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(&y) && a.as_str() == m.as_str(),
            _ => false,
        }
    }
}

/// The tables and functions the code uses, for `unused-object`. Names are as written (folded
/// to the catalog's spelling where the reference was an SQL identifier); embedded resources
/// are included by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UsedObjects {
    pub tables: BTreeSet<QualName>,
    pub columns: BTreeSet<(QualName, String)>,
    pub functions: BTreeSet<QualName>,
}

/// What the code uses, with Prisma accessors mapped to their tables through `models`
/// (accessors no model matches are left out).
pub fn used_objects(refs: &[CodeRef], models: &[ModelMap]) -> UsedObjects {
    let mut used = UsedObjects::default();
    for r in refs {
        let (table, column) = if r.usage == Usage::Prisma {
            let Some(m) = models.iter().find(|m| m.matches_accessor(&r.table)) else {
                continue;
            };
            let col = r
                .column
                .as_deref()
                .and_then(|f| m.column(f))
                .map(str::to_string);
            (m.table.clone(), col)
        } else {
            (QualName::new(&r.schema, &r.table), r.column.clone())
        };
        match r.kind {
            RefKind::Table => {
                used.tables.insert(table);
            }
            RefKind::Column => {
                if let Some(c) = column {
                    used.columns.insert((table.clone(), c));
                }
                used.tables.insert(table);
            }
            RefKind::Function | RefKind::FunctionArg => {
                used.functions.insert(table);
            }
        }
    }
    used
}

/// The folders of a project where code usually lives, those that exist: `src/`, `app/`,
/// `lib/`, `pages/`, `server/`, `backend/`, `api/`, `functions/`, `packages/*/src`,
/// `apps/*`, `supabase/functions`, … Nested duplicates are dropped. When none exists, the
/// project folder itself (the walk still skips dependencies and build output).
pub fn default_code_dirs(project: &Path) -> Vec<PathBuf> {
    const TOP: &[&str] = &[
        "src",
        "app",
        "lib",
        "pages",
        "server",
        "backend",
        "api",
        "functions",
        "components",
        "services",
        "routes",
        "utils",
        "hooks",
        "actions",
        "scripts",
        "worker",
        "workers",
        "jobs",
        "supabase/functions",
    ];
    let mut dirs: Vec<PathBuf> = TOP
        .iter()
        .map(|d| project.join(d))
        .filter(|p| p.is_dir())
        .collect();
    for group in ["packages", "apps", "services"] {
        if let Ok(rd) = std::fs::read_dir(project.join(group)) {
            let mut subs: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            subs.sort();
            for s in subs {
                let src = s.join("src");
                if src.is_dir() {
                    dirs.push(src);
                } else if group == "apps" {
                    dirs.push(s);
                }
            }
        }
    }
    dirs.sort();
    let mut out: Vec<PathBuf> = Vec::new();
    for d in dirs {
        if !out.iter().any(|o| d.starts_with(o)) {
            out.push(d);
        }
    }
    if out.is_empty() && project.is_dir() {
        out.push(project.to_path_buf());
    }
    out
}

/// Scans a project's code: the folders named with `--code` (`code_dirs`), else the usual
/// ones ([`default_code_dirs`]); paths in references are relative to the project.
pub fn scan_project(project: &Path, code_dirs: &[PathBuf]) -> Scan {
    let dirs = if code_dirs.is_empty() {
        default_code_dirs(project)
    } else {
        code_dirs.to_vec()
    };
    scan(
        &dirs,
        &ScanOptions {
            root: Some(project.to_path_buf()),
            ..ScanOptions::default()
        },
    )
}

/// Rules this stage reports.
pub const RULE_DOCS: &[RuleDoc] = &[
    RuleDoc {
        id: "code-missing-table",
        default_severity: "critical",
        text: "The application's code queries a table or view that the best schema available (the live database, else the replayed migrations) does not have: a supabase-js `.from('t')`, a supabase-py `.table('t')`, a Prisma model's table, or a table in raw SQL handed to a PostgreSQL client. The query fails at run time (PostgREST answers 404 / 42P01). Every place in the code is listed, with the closest existing name and which sources have the table.\n\nBad:\n  // no migration creates organizations\n  const { data } = await supabase.from('organizations').select('id, name');\nGood:\n  -- supabase/migrations/20250101000000_organizations.sql\n  CREATE TABLE organizations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);\n  // or query the table that exists:\n  const { data } = await supabase.from('orgs').select('id, name');",
    },
    RuleDoc {
        id: "code-missing-column",
        default_severity: "high",
        text: "The code names a column that its table lacks in the best schema available: in a PostgREST select list, a filter (`.eq('org_id', …)`, `.or('a.eq.1')`), an order, the keys of an insert/upsert/update, an `onConflict`, a Prisma field, or raw SQL. PostgREST answers 400 (42703) and the feature breaks. Embedded resources and computed columns (functions taking the row type) are recognised.\n\nBad:\n  // call_logs has user_id, not org_id\n  await supabase.from('call_logs').select('id').eq('org_id', orgId);\nGood:\n  ALTER TABLE call_logs ADD COLUMN org_id uuid REFERENCES organizations(id);\n  // or filter on the column that exists:\n  await supabase.from('call_logs').select('id').eq('user_id', userId);",
    },
    RuleDoc {
        id: "code-missing-function",
        default_severity: "critical",
        text: "The code calls a database function (`.rpc('fn', {args})`, `supabase.rpc(...)` in Python) that the best schema does not define, or passes argument names that no overload of it takes. PostgREST cannot find the function (PGRST202) and the call fails.\n\nBad:\n  await supabase.rpc('upsert_events', { _rows: rows });   -- no migration creates upsert_events\nGood:\n  CREATE FUNCTION public.upsert_events(_rows jsonb) RETURNS integer LANGUAGE sql AS $$ ... $$;\n  await supabase.rpc('upsert_events', { _rows: rows });",
    },
];
