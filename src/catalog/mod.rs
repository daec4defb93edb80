//! The catalog model: one description of a PostgreSQL schema that every source loads into
//! (replayed migrations, schema files, the live database, Prisma, OpenAPI, generated types).
//!
//! Values are stored normalized (see [`types`] and [`expr`]) so that two sources describing the
//! same object compare equal. Every object remembers where it came from ([`Origin`]).
//! A source that cannot know an attribute says so through [`Knowledge`], so that comparison
//! never reports an unknown as a difference.

pub mod dump;
pub mod expr;
pub mod extension_objects;
pub mod names;
pub mod objects;
pub mod system;
pub mod types;

pub use expr::Expr;
pub use names::{QualName, fold_ident, quote_ident, quote_literal, split_qualified};
pub use objects::Objects;

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where an object was defined: a source, and inside it a file and 1-based line and column.
/// Introspected objects have no file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// Shared: every object of a source (or of a file) names the same one.
    pub source: std::sync::Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<std::sync::Arc<str>>,
    pub line: u32,
    pub column: u32,
}

impl Origin {
    pub fn new(
        source: impl Into<std::sync::Arc<str>>,
        file: Option<std::sync::Arc<str>>,
        line: u32,
        column: u32,
    ) -> Self {
        Origin {
            source: source.into(),
            file,
            line,
            column,
        }
    }

    /// `file:line:column`, or the source id when there is no file.
    pub fn display(&self) -> String {
        match &self.file {
            Some(f) => format!("{}:{}:{}", f, self.line, self.column),
            None => self.source.to_string(),
        }
    }
}

/// What a source is able to tell about the objects it describes. Comparison consults it
/// before reporting a difference: what a source cannot know is unknown, never missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Knowledge {
    pub indexes: bool,
    pub policies: bool,
    pub rls: bool,
    pub functions: bool,
    pub triggers: bool,
    pub views: bool,
    pub check_constraints: bool,
    pub unique_constraints: bool,
    pub foreign_keys: bool,
    /// Defaults are known for every column (false: only where given).
    pub defaults: bool,
    /// Column types are exact (false: coarse, e.g. generated TypeScript types).
    pub exact_types: bool,
    pub sequences: bool,
    pub grants: bool,
    pub comments: bool,
    pub extensions: bool,
    /// Constraint and index names are the database's own (false: invented or absent).
    pub constraint_names: bool,
    /// Foreign-key ON DELETE / ON UPDATE actions are known.
    pub fk_actions: bool,
    /// Type modifiers (numeric precision, timestamp precision) are known.
    pub type_modifiers: bool,
    /// Primary keys are known (false: generated types, which do not say).
    pub primary_keys: bool,
    /// How the source writes column and argument types (see [`TypeView`]).
    pub type_view: TypeView,
    /// Every schema of the database is described (false: only the schemas the source lists,
    /// e.g. the one schema of an OpenAPI document or the `--schema` list of generated types;
    /// other schemas, and foreign keys that point into them, are unknown).
    pub all_schemas: bool,
    /// A function's language, volatility, SECURITY DEFINER, `SET` options, body and exact
    /// return type are known (false: names and arguments only).
    pub function_details: bool,
    /// A view's options (`security_invoker`, `security_barrier`, check option) are known.
    pub view_options: bool,
    /// Foreign keys of several columns are known (false: the OpenAPI document notes only
    /// single-column ones).
    pub composite_foreign_keys: bool,
}

/// The vocabulary a source's column types are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeView {
    /// SQL types as `format_type()` prints them.
    #[default]
    Sql,
    /// SQL type names as PostgREST's schema cache gives them: built-in types without
    /// modifiers (lengths apart), a domain over a built-in type as its base type.
    Postgrest,
    /// The TypeScript types of Supabase's generator (postgres-meta), held as `ts:` marker
    /// types ([`types::TS_PREFIX`]): `ts:string`, `ts:number`, `ts:Json`, `ts:string[]`,
    /// `ts:Database["public"]["Enums"]["mood"]`, `ts:unknown`. A SQL type is compared with
    /// them through what the generator writes for it
    /// (`crate::sources::ts_types::generator_types`).
    TypeScript,
}

impl Knowledge {
    /// A source that knows everything DDL can say (SQL replay, live database).
    pub fn full() -> Self {
        Knowledge {
            indexes: true,
            policies: true,
            rls: true,
            functions: true,
            triggers: true,
            views: true,
            check_constraints: true,
            unique_constraints: true,
            foreign_keys: true,
            defaults: true,
            exact_types: true,
            sequences: true,
            grants: true,
            comments: true,
            extensions: true,
            constraint_names: true,
            fk_actions: true,
            type_modifiers: true,
            primary_keys: true,
            type_view: TypeView::Sql,
            all_schemas: true,
            function_details: true,
            view_options: true,
            composite_foreign_keys: true,
        }
    }

    /// A source that knows tables and columns only; callers switch on what else it knows.
    pub fn tables_only() -> Self {
        Knowledge {
            indexes: false,
            policies: false,
            rls: false,
            functions: false,
            triggers: false,
            views: true,
            check_constraints: false,
            unique_constraints: false,
            foreign_keys: false,
            defaults: false,
            exact_types: true,
            sequences: false,
            grants: false,
            comments: false,
            extensions: false,
            constraint_names: false,
            fk_actions: false,
            type_modifiers: true,
            primary_keys: true,
            type_view: TypeView::Sql,
            all_schemas: true,
            function_details: false,
            view_options: false,
            composite_foreign_keys: true,
        }
    }
}

impl Default for Knowledge {
    fn default() -> Self {
        Knowledge::full()
    }
}

/// The whole described database.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Catalog {
    pub schemas: BTreeMap<String, Schema>,
    pub extensions: BTreeMap<String, Extension>,
    /// Roles known to exist (created by the SQL, provided by the platform, or read from
    /// `pg_roles`). Roles are cluster-wide; they are not compared as drift.
    pub roles: BTreeSet<String>,
    pub publications: BTreeMap<String, Publication>,
    /// `ALTER DEFAULT PRIVILEGES`: what objects created later are granted.
    #[serde(skip)]
    pub default_privileges: Vec<DefaultPrivilege>,
    /// What this catalog's source is able to tell.
    pub knowledge: Knowledge,
    /// Which relation owns each index-like name; see [`IndexNames`].
    #[serde(skip)]
    index_names: IndexNames,
    /// What [`Catalog::default_privileges`] grant, by (schema, object kind); see
    /// [`Catalog::cached_default_grants`].
    #[serde(skip)]
    default_grants: DefaultGrants,
}

/// A memo of the grants default privileges give each (schema, object kind): every object
/// created asks, and the list of defaults (the platform's dozens) changes rarely. A copy of
/// the catalog starts without it; whatever changes `default_privileges` must call
/// [`Catalog::forget_default_grants`].
#[derive(Debug, Default)]
struct DefaultGrants(std::sync::Mutex<std::collections::HashMap<(String, String), Vec<Grant>>>);

impl Clone for DefaultGrants {
    fn clone(&self) -> Self {
        DefaultGrants::default()
    }
}

/// Index-like names (indexes and primary-key / unique / exclusion constraints share the
/// relation namespace) by (schema, name) → the table or materialized view that owns them, so
/// that [`Catalog::relation_kind`] does not scan every table. It is a hint: it is built lazily,
/// a hit is checked against the owner, and a stale hit (the name was dropped or renamed, the
/// owner renamed) rebuilds it. Whatever adds such a name to a catalog that is already being
/// queried must call [`Catalog::note_index_name`], so that a miss can be trusted.
#[derive(Debug, Default)]
struct IndexNames(std::sync::Mutex<Option<IndexNameMap>>);

type IndexNameMap = std::collections::HashMap<(String, String), String>;

impl Clone for IndexNames {
    fn clone(&self) -> Self {
        IndexNames::default()
    }
}

fn index_like(c: &Constraint) -> bool {
    matches!(
        c.kind,
        ConstraintKind::PrimaryKey { .. }
            | ConstraintKind::Unique { .. }
            | ConstraintKind::Exclusion { .. }
    )
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Schema {
    pub name: String,
    pub tables: Objects<Table>,
    pub views: Objects<View>,
    pub sequences: Objects<Sequence>,
    /// Keyed by [`Function::key`]: `name(argtype, …)` with input argument types only.
    pub functions: Objects<Function>,
    /// Enums, domains and composite types.
    pub types: Objects<TypeDef>,
    pub grants: Vec<Grant>,
    pub comment: Option<String>,
    /// False for schemas that exist before any user SQL (`public`, the platform's schemas).
    pub created_by_source: bool,
    pub origin: Option<Origin>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    #[default]
    Table,
    Partitioned,
    Foreign,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Table {
    pub schema: String,
    pub name: String,
    pub kind: TableKind,
    pub unlogged: bool,
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    /// Indexes that are not the implicit index of a PRIMARY KEY / UNIQUE / EXCLUDE constraint.
    pub indexes: Vec<Index>,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    pub policies: Vec<Policy>,
    pub triggers: Vec<Trigger>,
    /// `PARTITION BY …` of a partitioned table, normalized (`RANGE (created_at)`).
    pub partition_by: Option<String>,
    /// Parent and bound (`FOR VALUES FROM (…) TO (…)`, `DEFAULT`) of a partition.
    pub partition_of: Option<(QualName, String)>,
    /// Parents of `INHERITS (…)`.
    pub inherits: Vec<QualName>,
    pub grants: Vec<Grant>,
    pub comment: Option<String>,
    pub origin: Option<Origin>,
}

impl Trigger {
    /// The transition tables it declares (`REFERENCING … TABLE AS name`).
    pub fn transition_tables(&self) -> impl Iterator<Item = &str> {
        self.old_table
            .iter()
            .chain(&self.new_table)
            .map(String::as_str)
    }
}

impl Table {
    pub fn qual_name(&self) -> QualName {
        QualName::new(&self.schema, &self.name)
    }
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }
    pub fn constraint(&self, name: &str) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.name == name)
    }
    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints
            .iter()
            .find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    }
    pub fn policy(&self, name: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.name == name)
    }
    pub fn trigger(&self, name: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.name == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Column {
    pub name: String,
    /// Normalized type as `format_type` prints it: `integer`, `character varying(255)`,
    /// `timestamp with time zone`, `text[]`, `public.mood` (user types schema-qualified).
    pub data_type: String,
    pub not_null: bool,
    pub default: Option<Expr>,
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (expr) STORED`.
    pub generated: Option<Expr>,
    pub collation: Option<String>,
    pub comment: Option<String>,
    pub origin: Option<Origin>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
        nulls_not_distinct: bool,
    },
    Check {
        expr: Expr,
        no_inherit: bool,
    },
    ForeignKey {
        columns: Vec<String>,
        ref_table: QualName,
        ref_columns: Vec<String>,
        on_delete: FkAction,
        on_update: FkAction,
        match_full: bool,
    },
    /// `EXCLUDE USING …`, kept as normalized text.
    Exclusion {
        definition: String,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// Added with NOT VALID and never validated.
    pub not_valid: bool,
    pub origin: Option<Origin>,
}

impl Constraint {
    pub fn columns(&self) -> &[String] {
        match &self.kind {
            ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::Unique { columns, .. }
            | ConstraintKind::ForeignKey { columns, .. } => columns,
            _ => &[],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndexKey {
    /// A column name, or a normalized expression in parentheses.
    pub expr: String,
    pub is_expression: bool,
    pub opclass: Option<String>,
    pub collation: Option<String>,
    pub descending: bool,
    /// `Some(true)` NULLS FIRST, `Some(false)` NULLS LAST, `None` the default for the order.
    pub nulls_first: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    pub nulls_not_distinct: bool,
    /// Access method, lower case: btree, gin, gist, hash, brin, spgist.
    pub method: String,
    pub keys: Vec<IndexKey>,
    pub include: Vec<String>,
    pub predicate: Option<Expr>,
    pub origin: Option<Origin>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum PolicyCommand {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    pub fn sql(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }
}

/// What an expression or body names: the raw material of `dangling-reference`, `unused-object`
/// and friends. Names are folded; unqualified names keep an empty schema.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct References {
    pub tables: BTreeSet<QualName>,
    /// (table, column) where the table could be determined.
    pub columns: BTreeSet<(QualName, String)>,
    pub functions: BTreeSet<QualName>,
}

impl References {
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.columns.is_empty() && self.functions.is_empty()
    }
    pub fn extend(&mut self, other: &References) {
        self.tables.extend(other.tables.iter().cloned());
        self.columns.extend(other.columns.iter().cloned());
        self.functions.extend(other.functions.iter().cloned());
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Policy {
    pub name: String,
    pub command: PolicyCommand,
    pub permissive: bool,
    /// Folded role names, sorted; `public` when none was given.
    pub roles: Vec<String>,
    pub using: Option<Expr>,
    pub with_check: Option<Expr>,
    pub references: References,
    pub origin: Option<Origin>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Trigger {
    pub name: String,
    /// `BEFORE`, `AFTER` or `INSTEAD OF`.
    pub timing: String,
    /// `INSERT`, `UPDATE`, `UPDATE OF a, b`, `DELETE`, `TRUNCATE`, in that order.
    pub events: Vec<String>,
    pub for_each_row: bool,
    pub function: QualName,
    pub arguments: Vec<String>,
    pub when: Option<Expr>,
    pub enabled: bool,
    /// `REFERENCING OLD TABLE AS x NEW TABLE AS y`: relations the function reads while
    /// this trigger runs.
    pub old_table: Option<String>,
    pub new_table: Option<String>,
    pub origin: Option<Origin>,
}

#[derive(Clone, Debug, Serialize)]
pub struct View {
    pub schema: String,
    pub name: String,
    pub materialized: bool,
    /// Normalized query text.
    pub definition: Expr,
    pub columns: Vec<Column>,
    /// `WITH (security_invoker = true)`.
    pub security_invoker: bool,
    pub security_barrier: bool,
    pub check_option: Option<String>,
    pub references: References,
    pub indexes: Vec<Index>,
    pub grants: Vec<Grant>,
    pub comment: Option<String>,
    pub origin: Option<Origin>,
}

impl View {
    pub fn qual_name(&self) -> QualName {
        QualName::new(&self.schema, &self.name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgMode {
    In,
    Out,
    InOut,
    Variadic,
    Table,
}

#[derive(Clone, Debug, Serialize)]
pub struct FunctionArg {
    pub name: Option<String>,
    pub mode: ArgMode,
    pub data_type: String,
    pub default: Option<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    Immutable,
    Stable,
    Volatile,
}

#[derive(Clone, Debug, Serialize)]
pub struct Function {
    pub schema: String,
    pub name: String,
    pub is_procedure: bool,
    pub args: Vec<FunctionArg>,
    /// Normalized return type (`boolean`, `trigger`, `SETOF public.orgs`, `TABLE(a integer)`);
    /// empty for procedures.
    pub returns: String,
    /// Lower case: sql, plpgsql, c, internal …
    pub language: String,
    pub volatility: Volatility,
    pub strict: bool,
    pub security_definer: bool,
    pub leakproof: bool,
    /// `SET name = value` options, e.g. `("search_path", "public")`.
    pub config: Vec<(String, String)>,
    pub body: String,
    pub references: References,
    pub grants: Vec<Grant>,
    pub comment: Option<String>,
    pub origin: Option<Origin>,
}

impl Function {
    /// Input argument types, the identity PostgreSQL uses for overloading.
    pub fn identity_args(&self) -> Vec<&str> {
        self.args
            .iter()
            .filter(|a| matches!(a.mode, ArgMode::In | ArgMode::InOut | ArgMode::Variadic))
            .map(|a| a.data_type.as_str())
            .collect()
    }
    /// The key in [`Schema::functions`]: `name(type, type)`.
    pub fn key(&self) -> String {
        function_key(&self.name, &self.identity_args())
    }
    /// The object name used in findings: `public.is_org_member(uuid)`.
    pub fn display_name(&self) -> String {
        format!("{}.{}", self.schema, self.key())
    }
    pub fn search_path(&self) -> Option<&str> {
        self.config
            .iter()
            .find(|(k, _)| k == "search_path")
            .map(|(_, v)| v.as_str())
    }
}

pub fn function_key(name: &str, arg_types: &[&str]) -> String {
    format!("{}({})", name, arg_types.join(", "))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TypeKind {
    Enum {
        labels: Vec<String>,
    },
    Domain {
        base: String,
        not_null: bool,
        default: Option<Expr>,
        checks: Vec<(String, Expr)>,
    },
    Composite {
        attributes: Vec<(String, String)>,
    },
    /// Anything else (range, base types); kept as text.
    Other {
        definition: String,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct TypeDef {
    pub schema: String,
    pub name: String,
    pub kind: TypeKind,
    pub comment: Option<String>,
    pub origin: Option<Origin>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Sequence {
    pub schema: String,
    pub name: String,
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
    /// `OWNED BY table.column`.
    pub owned_by: Option<(QualName, String)>,
    pub origin: Option<Origin>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Extension {
    pub name: String,
    pub schema: String,
    pub version: Option<String>,
    pub origin: Option<Origin>,
}

/// A privilege granted to a role other than the object's owner.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Grant {
    /// Upper case: SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, USAGE,
    /// CREATE, EXECUTE.
    pub privilege: String,
    /// Folded role name, or `public`.
    pub grantee: String,
    pub with_grant_option: bool,
}

/// One privilege `ALTER DEFAULT PRIVILEGES` gives objects that `role` creates later, in
/// `schema` (or anywhere).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultPrivilege {
    pub role: String,
    pub schema: Option<String>,
    /// TABLES, SEQUENCES, FUNCTIONS, TYPES or SCHEMAS.
    pub object: String,
    pub grant: Grant,
}

#[derive(Clone, Debug, Serialize)]
pub struct Publication {
    pub name: String,
    pub all_tables: bool,
    pub tables: Vec<QualName>,
    pub origin: Option<Origin>,
}

/// The kind of a relation in a schema's relation namespace (tables, views, sequences and
/// indexes share one namespace in PostgreSQL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    Table,
    View,
    MaterializedView,
    Sequence,
    Index,
}

impl RelationKind {
    pub fn noun(self) -> &'static str {
        match self {
            RelationKind::Table => "table",
            RelationKind::View => "view",
            RelationKind::MaterializedView => "materialized view",
            RelationKind::Sequence => "sequence",
            RelationKind::Index => "index",
        }
    }
}

impl Catalog {
    pub fn new() -> Self {
        Catalog::default()
    }

    /// An empty catalog of a source that knows what `knowledge` says.
    pub fn with_knowledge(knowledge: Knowledge) -> Self {
        Catalog {
            knowledge,
            ..Catalog::default()
        }
    }

    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.get(name)
    }

    pub fn schema_mut(&mut self, name: &str) -> Option<&mut Schema> {
        self.schemas.get_mut(name)
    }

    /// Returns the schema, creating an implicit one (not created by the source) if needed.
    pub fn ensure_schema(&mut self, name: &str) -> &mut Schema {
        self.schemas
            .entry(name.to_string())
            .or_insert_with(|| Schema {
                name: name.to_string(),
                ..Schema::default()
            })
    }

    pub fn table(&self, name: &QualName) -> Option<&Table> {
        self.schemas.get(&name.schema)?.tables.get(&name.name)
    }

    pub fn table_mut(&mut self, name: &QualName) -> Option<&mut Table> {
        self.schemas
            .get_mut(&name.schema)?
            .tables
            .get_mut(&name.name)
    }

    pub fn view(&self, name: &QualName) -> Option<&View> {
        self.schemas.get(&name.schema)?.views.get(&name.name)
    }

    pub fn sequence(&self, name: &QualName) -> Option<&Sequence> {
        self.schemas.get(&name.schema)?.sequences.get(&name.name)
    }

    pub fn type_def(&self, name: &QualName) -> Option<&TypeDef> {
        self.schemas.get(&name.schema)?.types.get(&name.name)
    }

    /// What occupies `name` in its schema's relation namespace, if anything.
    pub fn relation_kind(&self, name: &QualName) -> Option<RelationKind> {
        let s = self.schemas.get(&name.schema)?;
        if s.tables.contains_key(&name.name) {
            return Some(RelationKind::Table);
        }
        if let Some(v) = s.views.get(&name.name) {
            return Some(if v.materialized {
                RelationKind::MaterializedView
            } else {
                RelationKind::View
            });
        }
        if s.sequences.contains_key(&name.name) {
            return Some(RelationKind::Sequence);
        }
        if self.has_index_name(&name.schema, &name.name) {
            return Some(RelationKind::Index);
        }
        None
    }

    /// Records that `owner` (a table or materialized view of `schema`) now has an index or an
    /// index-backed constraint called `name`.
    pub fn note_index_name(&self, schema: &str, name: &str, owner: &str) {
        let mut guard = self
            .index_names
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(map) = guard.as_mut() {
            map.insert((schema.to_string(), name.to_string()), owner.to_string());
        }
    }

    /// The grants `default_privileges` give an object of `object` kind created in `schema`,
    /// computed by `compute` once per (schema, kind) until they change.
    pub fn cached_default_grants(
        &self,
        schema: &str,
        object: &str,
        compute: impl FnOnce() -> Vec<Grant>,
    ) -> Vec<Grant> {
        let key = (schema.to_string(), object.to_string());
        if let Some(g) = self
            .default_grants
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return g.clone();
        }
        let g = compute();
        self.default_grants
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, g.clone());
        g
    }

    /// Forgets the memo of [`Catalog::cached_default_grants`] (after changing
    /// `default_privileges`).
    pub fn forget_default_grants(&mut self) {
        self.default_grants = DefaultGrants::default();
    }

    /// Drops the index-name hint (after changing `schemas` directly); it is rebuilt on use.
    pub fn forget_index_names(&mut self) {
        self.index_names = IndexNames::default();
    }

    /// [`Catalog::note_index_name`] for every index-like name of a table about to be stored.
    pub fn note_index_names_of(&self, t: &Table) {
        for i in &t.indexes {
            self.note_index_name(&t.schema, &i.name, &t.name);
        }
        for c in t.constraints.iter().filter(|c| index_like(c)) {
            self.note_index_name(&t.schema, &c.name, &t.name);
        }
    }

    fn owns_index_name(&self, schema: &str, owner: &str, name: &str) -> bool {
        let Some(s) = self.schemas.get(schema) else {
            return false;
        };
        if let Some(t) = s.tables.get(owner) {
            return t.indexes.iter().any(|i| i.name == name)
                || t.constraints
                    .iter()
                    .any(|c| c.name == name && index_like(c));
        }
        s.views
            .get(owner)
            .is_some_and(|v| v.indexes.iter().any(|i| i.name == name))
    }

    fn build_index_names(&self) -> IndexNameMap {
        let mut map = IndexNameMap::new();
        for (sname, s) in &self.schemas {
            for t in s.tables.values() {
                let names = t.indexes.iter().map(|i| &i.name).chain(
                    t.constraints
                        .iter()
                        .filter(|c| index_like(c))
                        .map(|c| &c.name),
                );
                for n in names {
                    map.insert((sname.clone(), n.clone()), t.name.clone());
                }
            }
            for v in s.views.values() {
                for i in &v.indexes {
                    map.insert((sname.clone(), i.name.clone()), v.name.clone());
                }
            }
        }
        map
    }

    fn has_index_name(&self, schema: &str, name: &str) -> bool {
        let mut guard = self
            .index_names
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (schema.to_string(), name.to_string());
        let map = guard.get_or_insert_with(|| self.build_index_names());
        match map.get(&key) {
            None => false,
            Some(owner) if self.owns_index_name(schema, owner, name) => true,
            Some(_) => {
                let fresh = self.build_index_names();
                let found = fresh.contains_key(&key);
                *guard = Some(fresh);
                found
            }
        }
    }

    /// Every function of that name in the schema, any signature.
    pub fn functions_named<'a>(&'a self, name: &'a QualName) -> impl Iterator<Item = &'a Function> {
        // keys are `name(argtypes)`: every signature of a name is one range of the map
        let prefix = format!("{}(", name.name);
        self.schemas
            .get(&name.schema)
            .into_iter()
            .flat_map(move |s| {
                let prefix = prefix.clone();
                s.functions
                    .range(prefix.clone()..)
                    .take_while(move |(k, _)| k.starts_with(&prefix))
                    .map(|(_, f)| f)
            })
            .filter(move |f| f.name == name.name)
    }

    /// Every use of the type `from` (a normalized, schema-qualified name, as columns carry it)
    /// now names `to`: column types (arrays included), domain bases, composite attributes and
    /// function signatures (whose keys change with them).
    pub fn rename_type_uses(&mut self, from: &str, to: &str) {
        let rename = |ty: &str| -> Option<String> {
            let (base, setof) = match ty.strip_prefix("SETOF ") {
                Some(b) => (b, "SETOF "),
                None => (ty, ""),
            };
            let dims = base.len() - base.trim_end_matches("[]").len();
            (base.trim_end_matches("[]") == from)
                .then(|| format!("{setof}{to}{}", &base[base.len() - dims..]))
        };
        for s in self.schemas.values_mut() {
            for t in s
                .tables
                .changing(|t| t.columns.iter().any(|c| rename(&c.data_type).is_some()))
            {
                for c in &mut t.columns {
                    if let Some(n) = rename(&c.data_type) {
                        c.data_type = n;
                    }
                }
            }
            for ty in s.types.changing(|t| match &t.kind {
                TypeKind::Domain { base, .. } => rename(base).is_some(),
                TypeKind::Composite { attributes } => {
                    attributes.iter().any(|(_, a)| rename(a).is_some())
                }
                _ => false,
            }) {
                match &mut ty.kind {
                    TypeKind::Domain { base, .. } => {
                        if let Some(n) = rename(base) {
                            *base = n;
                        }
                    }
                    TypeKind::Composite { attributes } => {
                        for (_, a) in attributes.iter_mut() {
                            if let Some(n) = rename(a) {
                                *a = n;
                            }
                        }
                    }
                    _ => {}
                }
            }
            let uses = |f: &Function| {
                rename(&f.returns).is_some()
                    || f.args.iter().any(|a| rename(&a.data_type).is_some())
            };
            if s.functions.values().any(uses) {
                let mut moved = Vec::new();
                s.functions.retain(|_, f| {
                    if uses(f) {
                        moved.push(f.clone());
                        false
                    } else {
                        true
                    }
                });
                for mut f in moved {
                    if let Some(n) = rename(&f.returns) {
                        f.returns = n;
                    }
                    for a in &mut f.args {
                        if let Some(n) = rename(&a.data_type) {
                            a.data_type = n;
                        }
                    }
                    s.functions.insert(f.key(), f);
                }
            }
        }
    }

    /// All tables of all schemas, in name order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.schemas.values().flat_map(|s| s.tables.values())
    }

    pub fn views(&self) -> impl Iterator<Item = &View> {
        self.schemas.values().flat_map(|s| s.views.values())
    }

    pub fn functions(&self) -> impl Iterator<Item = &Function> {
        self.schemas.values().flat_map(|s| s.functions.values())
    }

    /// Number of objects, for the report's source list: the source's own, not those of the
    /// platform baseline it starts from.
    pub fn object_count(&self) -> usize {
        fn own(o: Option<&Origin>) -> usize {
            usize::from(o.is_none_or(|o| &*o.source != "platform"))
        }
        self.schemas
            .values()
            .map(|s| {
                s.tables
                    .values()
                    .map(|t| own(t.origin.as_ref()))
                    .sum::<usize>()
                    + s.views
                        .values()
                        .map(|v| own(v.origin.as_ref()))
                        .sum::<usize>()
                    + s.sequences
                        .values()
                        .map(|q| own(q.origin.as_ref()))
                        .sum::<usize>()
                    + s.functions
                        .values()
                        .map(|f| own(f.origin.as_ref()))
                        .sum::<usize>()
                    + s.types
                        .values()
                        .map(|t| own(t.origin.as_ref()))
                        .sum::<usize>()
            })
            .sum::<usize>()
            + self
                .extensions
                .values()
                .map(|e| own(e.origin.as_ref()))
                .sum::<usize>()
    }
}
