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
use crate::catalog::{Catalog, Knowledge, Origin, QualName};
use crate::findings::{Finding, Location, RuleDoc};
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

impl Ctx<'_> {
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
    cx.findings
}

fn schemas_to_compare(a: &Catalog, b: &Catalog, opts: &CompareOptions) -> Vec<String> {
    if !opts.schemas.is_empty() {
        return opts.schemas.clone();
    }
    let mut out: Vec<String> = a
        .schemas
        .keys()
        .chain(b.schemas.keys())
        .filter(|s| !is_platform_schema(s))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}
