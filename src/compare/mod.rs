//! Comparison of two catalogs: the drift findings.
//!
//! `compare(expected, actual)` walks both catalogs object by object and reports what
//! `actual` lacks, has in addition, or has differently, in the direction expected → actual
//! (the fix is the SQL that brings `actual` in line). It is unknown-aware: an attribute
//! that either source cannot know (see [`Knowledge`]) never produces a finding.
//!
//! One file per object family: [`tables`] pairs tables (and finds renames), [`columns`]
//! compares the columns of a pair, [`keys`] constraints and indexes, [`objects`] RLS,
//! policies, triggers, functions, views, enums and extensions. [`similarity`] scores
//! rename candidates.

mod columns;
mod docs;
mod keys;
mod objects;
pub mod pending;
pub mod similarity;
mod tables;

use crate::catalog::dump::is_platform_schema;
use crate::catalog::{Catalog, Knowledge, Origin, QualName, TypeView};
use crate::findings::{Finding, Location, RuleDoc, Severity};
use std::collections::BTreeMap;

/// Rules of this stage.
pub const RULE_DOCS: &[RuleDoc] = docs::DOCS;

/// One side of a comparison.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// The source id used in findings (`migrations`, `database`, `prisma` …).
    pub id: &'a str,
    /// How messages name it: "the migrations", "the database", "schema.prisma".
    pub label: &'a str,
    pub catalog: &'a Catalog,
}

/// Options of a comparison.
#[derive(Clone, Debug, Default)]
pub struct CompareOptions {
    /// Schemas to compare; empty: every schema of either side that is not the platform's.
    pub schemas: Vec<String>,
}

/// The two sides and what both of them can know.
pub(crate) struct Ctx<'a> {
    pub exp: Side<'a>,
    pub act: Side<'a>,
    pub know: Knowledge,
    /// Tables of `expected` paired with a table of another name in `actual`.
    pub table_renames: BTreeMap<QualName, QualName>,
    pub findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    /// A finding with both sides' locations.
    pub fn locate(&self, f: Finding, exp: Option<&Origin>, act: Option<&Origin>) -> Finding {
        let mut f = f;
        for o in [exp, act].into_iter().flatten() {
            let loc = Location::from_origin(o);
            if !f.locations.contains(&loc) {
                f.locations.push(loc);
            }
        }
        f
    }

    /// In a comparison with generated TypeScript types: the catalog written in SQL and the
    /// one of the types, and whether the types are the actual side.
    pub fn ts_sides(&self) -> Option<(&'a Catalog, &'a Catalog, bool)> {
        let ts = |c: &Catalog| c.knowledge.type_view == TypeView::TypeScript;
        match (ts(self.exp.catalog), ts(self.act.catalog)) {
            (false, true) => Some((self.exp.catalog, self.act.catalog, true)),
            (true, false) => Some((self.act.catalog, self.exp.catalog, false)),
            _ => None,
        }
    }

    /// Whether SQL type `sql_type` is written `ts` by the generator of `types` (see
    /// [`crate::sources::ts_types::generator_matches`]).
    pub fn ts_matches(&self, sql: &Catalog, types: &Catalog, sql_type: &str, ts: &str) -> bool {
        let exposed = |s: &str| types.schemas.contains_key(s);
        crate::sources::ts_types::generator_matches(sql_type, ts, sql, &exposed)
    }

    /// The name `expected`'s table has in `actual` (itself unless renamed).
    pub fn actual_name(&self, q: &QualName) -> QualName {
        self.table_renames
            .get(q)
            .cloned()
            .unwrap_or_else(|| q.clone())
    }
}

/// What both sources can know: an attribute is compared only when both know it.
pub fn common_knowledge(a: &Knowledge, b: &Knowledge) -> Knowledge {
    Knowledge {
        indexes: a.indexes && b.indexes,
        policies: a.policies && b.policies,
        rls: a.rls && b.rls,
        functions: a.functions && b.functions,
        triggers: a.triggers && b.triggers,
        views: a.views && b.views,
        check_constraints: a.check_constraints && b.check_constraints,
        unique_constraints: a.unique_constraints && b.unique_constraints,
        foreign_keys: a.foreign_keys && b.foreign_keys,
        defaults: a.defaults && b.defaults,
        exact_types: a.exact_types && b.exact_types,
        sequences: a.sequences && b.sequences,
        grants: a.grants && b.grants,
        comments: a.comments && b.comments,
        extensions: a.extensions && b.extensions,
        constraint_names: a.constraint_names && b.constraint_names,
        fk_actions: a.fk_actions && b.fk_actions,
        type_modifiers: a.type_modifiers && b.type_modifiers,
        primary_keys: a.primary_keys && b.primary_keys,
        // the coarser vocabulary decides how the two are compared
        type_view: if a.type_view == TypeView::TypeScript || b.type_view == TypeView::TypeScript {
            TypeView::TypeScript
        } else if a.type_view == TypeView::Postgrest || b.type_view == TypeView::Postgrest {
            TypeView::Postgrest
        } else {
            TypeView::Sql
        },
        all_schemas: a.all_schemas && b.all_schemas,
        function_details: a.function_details && b.function_details,
        view_options: a.view_options && b.view_options,
        composite_foreign_keys: a.composite_foreign_keys && b.composite_foreign_keys,
    }
}

/// Compares two catalogs; findings say what `actual` lacks or has differently.
pub fn compare(expected: Side, actual: Side, opts: &CompareOptions) -> Vec<Finding> {
    let mut cx = Ctx {
        exp: expected,
        act: actual,
        know: common_knowledge(&expected.catalog.knowledge, &actual.catalog.knowledge),
        table_renames: BTreeMap::new(),
        findings: Vec::new(),
    };
    let schemas = schemas_to_compare(expected.catalog, actual.catalog, opts);
    let pairs = tables::pair_tables(&mut cx, &schemas);
    for (e, a) in &pairs {
        let colmap = columns::compare_columns(&mut cx, e, a);
        keys::compare_keys(&mut cx, e, a, &colmap);
        objects::compare_table_objects(&mut cx, e, a);
    }
    objects::compare_schema_objects(&mut cx, &schemas);
    if cx.ts_sides().is_some() {
        generated_types_findings(&mut cx);
    }
    cx.findings
}

/// Generated types are a copy of what the database was when they were generated: nothing
/// fails because they differ (a query the code runs is checked against the schema by the code
/// rules), so their drift is at most medium, and it is fixed by generating them again, never by
/// changing the schema to fit them.
fn generated_types_findings(cx: &mut Ctx) {
    let Some((_, types, types_actual)) = cx.ts_sides() else {
        return;
    };
    let (sql_label, types_label) = if types_actual {
        (cx.exp.label, cx.act.label)
    } else {
        (cx.act.label, cx.exp.label)
    };
    let file = types
        .schemas
        .values()
        .find_map(|s| s.origin.as_ref().and_then(|o| o.file.clone()))
        .unwrap_or_else(|| "database.types.ts".into());
    let schemas: Vec<&str> = types
        .schemas
        .keys()
        .map(String::as_str)
        .filter(|s| !is_platform_schema(s))
        .collect();
    let schema_arg = if schemas == ["public"] || schemas.is_empty() {
        String::new()
    } else {
        format!(" --schema {}", schemas.join(","))
    };
    let fix = format!(
        "# regenerate {types_label} from a database built by {sql_label} (the types are generated; never change the schema to fit them):\nsupabase gen types typescript --local{schema_arg} > {file}\n# or, for a hosted project: supabase gen types typescript --project-id <ref>{schema_arg} > {file}"
    );
    for f in &mut cx.findings {
        if f.severity > Severity::Medium {
            f.severity = Severity::Medium;
        }
        f.fix = Some(fix.clone());
        // the type and function comparisons say what the code sees; the others are generic
        if matches!(f.rule, "column-type-mismatch" | "function-mismatch") {
            continue;
        }
        f.impact = Some(format!(
            "{types_label} describe another state of the schema than {sql_label}: code type-checked against them is checked against that state, and the compiler does not see the difference."
        ));
    }
}

/// The schemas both sides speak of: a source that describes only some schemas (an OpenAPI
/// document, generated types, Prisma) says nothing of the others.
fn schemas_to_compare(a: &Catalog, b: &Catalog, opts: &CompareOptions) -> Vec<String> {
    if !opts.schemas.is_empty() {
        return opts.schemas.clone();
    }
    let described = |s: &String| {
        (a.knowledge.all_schemas || a.schemas.contains_key(s))
            && (b.knowledge.all_schemas || b.schemas.contains_key(s))
    };
    let mut out: Vec<String> = a
        .schemas
        .keys()
        .chain(b.schemas.keys())
        .filter(|s| !is_platform_schema(s) && described(s))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}
