//! `dangling-reference` over a catalog: what policies, views, triggers, foreign keys and
//! function bodies name that does not exist, with "did you mean …".
//!
//! The replay already refuses what PostgreSQL refuses at CREATE time (a policy, view or SQL
//! function reading a missing relation is a `migration-error`; a guarded DO block that never
//! runs is a `dangling-reference` of its own). What is left for the catalog are the things
//! PostgreSQL only finds out when they run: plpgsql bodies (relations and functions they
//! name, `NEW.col` / `OLD.col` on the tables their triggers are attached to), and catalogs
//! read from sources that do not validate (a live database's references, a dump).

use super::RuleContext;
use super::util::{and_list, did_you_mean, did_you_mean_column, is_platform, is_user_schema};
use crate::catalog::{Catalog, ConstraintKind, Function, Origin, QualName, References};
use crate::findings::{Finding, Location, Severity};
use crate::replay::resolve::plpgsql_references;
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

fn suggestion(catalog: &Catalog, q: &QualName) -> String {
    did_you_mean(catalog, q)
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default()
}

fn function_suggestion(catalog: &Catalog, q: &QualName) -> String {
    catalog
        .functions()
        .filter(|f| is_user_schema(catalog, &f.schema))
        .map(|f| (super::util::name_similarity(&q.name, &f.name), f))
        .filter(|(s, _)| *s >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, f)| format!(" (did you mean {}.{}()?)", f.schema, f.name))
        .unwrap_or_default()
}

/// The schemas an unqualified name in a function body is looked up in.
fn body_search_path(f: &Function, supabase: bool) -> Vec<String> {
    match f.search_path() {
        Some(p) => p
            .split(',')
            .map(|s| s.trim().trim_matches('"').trim_matches('\'').to_string())
            .filter(|s| !s.is_empty() && s != "$user")
            .collect(),
        None if supabase => vec!["public".into(), "extensions".into()],
        None => vec!["public".into()],
    }
}

/// Whether a name read out of a plpgsql body by [`plpgsql_references`] really stands for a
/// relation: not a variable, parameter, CTE, loop record or table the body creates itself,
/// and used after FROM / JOIN / INSERT INTO / UPDATE … SET / DELETE FROM.
struct BodyNames {
    locals: HashSet<String>,
    /// Names (as written, lower case, `schema.name` when qualified) in relation positions.
    relations: HashSet<String>,
}

const NAME: &str = r"([a-z_][a-z0-9_$]*(?:\.[a-z_][a-z0-9_$]*)?)";

static LOCALS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?s)\bdeclare\b(.*?)\bbegin\b",
        r"\bwith\s+(?:recursive\s+)?([a-z_][a-z0-9_]*)\s+as\s*\(",
        r"\)\s*,\s*([a-z_][a-z0-9_]*)\s+as\s*\(",
        r"\bfor\s+([a-z_][a-z0-9_]*)\s+in\b",
        r"\bcreate\s+(?:(?:temp|temporary|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)",
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

static RELATION_USES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"\b(?:from|join)\s+(?:only\s+)?{NAME}"),
        format!(r"\b(?:insert|merge)\s+into\s+{NAME}"),
        format!(r"\bupdate\s+(?:only\s+)?{NAME}(?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?\s+set\b"),
        format!(r"\b(?:alter|truncate|lock)\s+table\s+(?:only\s+)?{NAME}"),
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

/// Functions whose arguments use FROM as a keyword: `extract(epoch FROM x)`.
const FROM_FUNCTIONS: &[&str] = &[
    "extract",
    "substring",
    "trim",
    "overlay",
    "position",
    "substr",
];

impl BodyNames {
    fn new(f: &Function) -> Self {
        // read as plpgsql_references reads the body: a comment between `WITH` and a CTE's
        // name (or before the next CTE) does not hide it
        let text = crate::replay::resolve::strip_comments_and_strings(&f.body).to_ascii_lowercase();
        let mut locals: HashSet<String> = f.args.iter().filter_map(|a| a.name.clone()).collect();
        for (i, re) in LOCALS.iter().enumerate() {
            for c in re.captures_iter(&text) {
                let Some(m) = c.get(1) else { continue };
                if i == 0 {
                    // declarations: `name [constant] type [:= …];`
                    for decl in m.as_str().split(';') {
                        if let Some(w) = decl.split_whitespace().next() {
                            locals.insert(w.trim_matches('"').to_string());
                        }
                    }
                } else {
                    locals.insert(m.as_str().to_string());
                }
            }
        }
        let mut relations = HashSet::new();
        for (i, re) in RELATION_USES.iter().enumerate() {
            for c in re.captures_iter(&text) {
                let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                // `FROM jsonb_each(x)`: a set-returning function, not a relation (after
                // INSERT INTO the parenthesis is the column list)
                if i == 0 && text[name.end()..].trim_start().starts_with('(') {
                    continue;
                }
                let before = &text[..all.start()];
                // `IS DISTINCT FROM x`
                if before.trim_end().ends_with("distinct") {
                    continue;
                }
                // `extract(epoch FROM x)`, `substring(s FROM 2)`: the innermost open parenthesis
                let mut k = before.len().saturating_sub(200);
                while !before.is_char_boundary(k) {
                    k -= 1;
                }
                let window = &before[k..];
                let in_from_function = window.rfind('(').is_some_and(|i| {
                    !window[i..].contains(')')
                        && FROM_FUNCTIONS
                            .iter()
                            .any(|f| window[..i].trim_end().ends_with(f))
                });
                if !in_from_function {
                    relations.insert(name.as_str().to_string());
                }
            }
        }
        BodyNames { locals, relations }
    }

    fn is_relation_use(&self, name: &str) -> bool {
        !self.locals.contains(name) && !name.starts_with("pg_") && self.relations.contains(name)
    }
}

fn dangling(
    object: String,
    severity: Severity,
    message: String,
    origin: Option<&Origin>,
) -> Finding {
    Finding::new("dangling-reference", severity, object, message)
        .at_origin(origin)
        .impact("The statement that uses it fails when it runs.")
}

/// Relations, columns and functions an object's references name that the catalog lacks.
fn check_references(
    catalog: &Catalog,
    refs: &References,
    owner: &str,
    what: &str,
    origin: Option<&Origin>,
    out: &mut Vec<Finding>,
) {
    for t in &refs.tables {
        if t.schema.is_empty() || !is_user_schema(catalog, &t.schema) {
            continue;
        }
        if catalog.relation_kind(t).is_none() {
            out.push(dangling(
                owner.to_string(),
                Severity::High,
                format!(
                    "{what} {owner} reads {t}, which does not exist{}",
                    suggestion(catalog, t)
                ),
                origin,
            ));
        }
    }
    for (t, col) in &refs.columns {
        let Some(table) = catalog.table(t) else {
            continue;
        };
        if table.column(col).is_none() && !matches!(col.as_str(), "ctid" | "oid" | "xmin") {
            let hint = did_you_mean_column(table, col)
                .map(|c| format!(" (did you mean {c}?)"))
                .unwrap_or_default();
            out.push(dangling(
                owner.to_string(),
                Severity::High,
                format!("{what} {owner} reads column {t}.{col}, which does not exist{hint}"),
                origin,
            ));
        }
    }
    for f in &refs.functions {
        if f.schema.is_empty() || !is_user_schema(catalog, &f.schema) {
            continue;
        }
        if catalog.functions_named(f).next().is_none()
            && !super::util::extension_provides(catalog, &f.schema, &f.name)
        {
            out.push(dangling(
                owner.to_string(),
                Severity::High,
                format!(
                    "{what} {owner} calls {f}(), which does not exist{}",
                    function_suggestion(catalog, f)
                ),
                origin,
            ));
        }
    }
}

pub(super) fn dangling_reference(catalog: &Catalog, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let fns = super::util::FunctionIndex::new(catalog);
    // policies and views: validated by PostgreSQL, but a catalog from another source may not be
    for t in catalog.tables() {
        if !is_user_schema(catalog, &t.schema) {
            continue;
        }
        let q = t.qual_name();
        for p in &t.policies {
            check_references(
                catalog,
                &p.references,
                &format!("{q}/{}", p.name),
                "policy",
                p.origin.as_ref(),
                &mut out,
            );
        }
        for c in &t.constraints {
            if let ConstraintKind::ForeignKey {
                ref_table,
                ref_columns,
                ..
            } = &c.kind
            {
                let object = format!("{q}/{}", c.name);
                match catalog.table(ref_table) {
                    None if catalog.schema(&ref_table.schema).is_some() => out.push(dangling(
                        object,
                        Severity::High,
                        format!(
                            "foreign key {} on {q} references {ref_table}, which does not exist{}",
                            c.name,
                            suggestion(catalog, ref_table)
                        ),
                        c.origin.as_ref(),
                    )),
                    Some(target) => {
                        for rc in ref_columns.iter().filter(|rc| target.column(rc).is_none()) {
                            out.push(dangling(
                                object.clone(),
                                Severity::High,
                                format!(
                                    "foreign key {} on {q} references {ref_table}.{rc}, which does not exist",
                                    c.name
                                ),
                                c.origin.as_ref(),
                            ));
                        }
                    }
                    None => {}
                }
            }
        }
        for tr in &t.triggers {
            if is_user_schema(catalog, &tr.function.schema)
                && fns.named(&tr.function).is_empty()
                && catalog.knowledge.functions
            {
                out.push(dangling(
                    format!("{q}/{}", tr.name),
                    Severity::High,
                    format!(
                        "trigger {} on {q} executes {}(), which does not exist{}",
                        tr.name,
                        tr.function,
                        function_suggestion(catalog, &tr.function)
                    ),
                    tr.origin.as_ref(),
                ));
            }
        }
    }
    for v in catalog.views() {
        if is_user_schema(catalog, &v.schema) {
            check_references(
                catalog,
                &v.references,
                &v.qual_name().to_string(),
                "view",
                v.origin.as_ref(),
                &mut out,
            );
        }
    }
    for f in catalog.functions() {
        if !is_user_schema(catalog, &f.schema) || is_platform(f.origin.as_ref()) {
            continue;
        }
        if f.language == "plpgsql" {
            plpgsql_body(catalog, ctx, f, &mut out);
        } else {
            check_references(
                catalog,
                &f.references,
                &f.display_name(),
                "function",
                f.origin.as_ref(),
                &mut out,
            );
        }
    }
    new_old_columns(catalog, &mut out);
    out
}

/// Relations and qualified functions a plpgsql body names that do not exist. PostgreSQL does
/// not check them at CREATE FUNCTION; the first call fails.
fn plpgsql_body(catalog: &Catalog, ctx: &RuleContext, f: &Function, out: &mut Vec<Finding>) {
    let (refs, _) = plpgsql_references(&f.body);
    let names = BodyNames::new(f);
    let path = body_search_path(f, ctx.supabase);
    let object = f.display_name();
    // a trigger function reads the transition tables its triggers declare
    // (`REFERENCING NEW TABLE AS new_rows`); looked up only for a name not found otherwise
    let me = QualName::new(&f.schema, &f.name);
    let is_transition = |name: &str| {
        f.returns == "trigger"
            && catalog
                .tables()
                .flat_map(|t| &t.triggers)
                .filter(|tr| tr.function == me)
                .any(|tr| tr.transition_tables().any(|n| n == name))
    };
    for t in &refs.tables {
        let found = if t.schema.is_empty() {
            if !names.is_relation_use(&t.name) {
                continue;
            }
            path.iter()
                .chain(std::iter::once(&"pg_catalog".to_string()))
                .any(|s| catalog.relation_kind(&QualName::new(s, &t.name)).is_some())
        } else {
            if !is_user_schema(catalog, &t.schema)
                || !names.is_relation_use(&format!("{}.{}", t.schema, t.name))
            {
                continue;
            }
            catalog.relation_kind(t).is_some()
        };
        if found || (t.schema.is_empty() && is_transition(&t.name)) {
            continue;
        }
        // found elsewhere: the function's own search_path hides it
        let elsewhere = if t.schema.is_empty() {
            catalog
                .schemas
                .keys()
                .find(|s| catalog.relation_kind(&QualName::new(*s, &t.name)).is_some())
                .cloned()
        } else {
            None
        };
        let message = match elsewhere {
            Some(s) => format!(
                "function {object} reads {} unqualified, but its search_path ({}) does not contain schema {s}: the call fails with relation \"{}\" does not exist (qualify it: {s}.{})",
                t.name,
                if path.is_empty() {
                    "''".to_string()
                } else {
                    path.join(", ")
                },
                t.name,
                t.name
            ),
            None => {
                let q = if t.schema.is_empty() {
                    QualName::new(path.first().cloned().unwrap_or("public".into()), &t.name)
                } else {
                    t.clone()
                };
                format!(
                    "function {object} (plpgsql) reads relation {}, which does not exist{}: PostgreSQL does not check plpgsql bodies at CREATE FUNCTION, so every call fails",
                    if t.schema.is_empty() {
                        t.name.clone()
                    } else {
                        t.to_string()
                    },
                    suggestion(catalog, &q)
                )
            }
        };
        out.push(dangling(
            object.clone(),
            Severity::Medium,
            message,
            f.origin.as_ref(),
        ));
    }
    for called in &refs.functions {
        if called.schema.is_empty()
            || !is_user_schema(catalog, &called.schema)
            || catalog.functions_named(called).next().is_some()
            || super::util::extension_provides(catalog, &called.schema, &called.name)
        {
            continue;
        }
        out.push(dangling(
            object.clone(),
            Severity::Medium,
            format!(
                "function {object} (plpgsql) calls {called}(), which does not exist{}",
                function_suggestion(catalog, called)
            ),
            f.origin.as_ref(),
        ));
    }
}

/// `NEW.col` / `OLD.col` in a trigger function attached to tables without that column.
fn new_old_columns(catalog: &Catalog, out: &mut Vec<Finding>) {
    // (function, column) → tables, trigger origins, events, the function's origin
    type Key = (String, String);
    type Missing = (Vec<String>, Vec<Origin>, Vec<String>, Option<Origin>);
    // trigger function → NEW/OLD columns, display name, origin (None: not analysable)
    type FnInfo = Option<(Vec<String>, String, Option<Origin>)>;
    let mut missing: BTreeMap<Key, Missing> = BTreeMap::new();
    let mut cache: BTreeMap<QualName, FnInfo> = BTreeMap::new();
    for t in catalog.tables() {
        if !is_user_schema(catalog, &t.schema) {
            continue;
        }
        for tr in &t.triggers {
            if !tr.for_each_row {
                continue;
            }
            let info = cache.entry(tr.function.clone()).or_insert_with(|| {
                let f = catalog
                    .functions_named(&tr.function)
                    .find(|f| f.language == "plpgsql" && f.returns == "trigger")?;
                let lower = f.body.to_ascii_lowercase();
                // a body that branches on the table it fires for is beyond a static reading
                if lower.contains("tg_table_name") || lower.contains("tg_relname") {
                    return None;
                }
                let (_, cols) = plpgsql_references(&f.body);
                Some((cols, f.display_name(), f.origin.clone()))
            });
            let Some((cols, fname, forigin)) = info else {
                continue;
            };
            for col in cols.iter() {
                if t.column(col).is_some() {
                    continue;
                }
                let e = missing
                    .entry((fname.clone(), col.clone()))
                    .or_insert_with(|| (Vec::new(), Vec::new(), Vec::new(), forigin.clone()));
                e.0.push(t.qual_name().to_string());
                if let Some(o) = &tr.origin {
                    e.1.push(o.clone());
                }
                for ev in &tr.events {
                    let ev = ev.split(' ').next().unwrap_or("").to_string();
                    if !e.2.contains(&ev) {
                        e.2.push(ev);
                    }
                }
            }
        }
    }
    for ((fname, col), (tables, origins, events, forigin)) in missing {
        let events = if events.is_empty() {
            "write".to_string()
        } else {
            events.join(" / ")
        };
        let mut f = Finding::new(
            "dangling-reference",
            Severity::Medium,
            fname.clone(),
            format!(
                "trigger function {fname} reads NEW.{col} / OLD.{col}, but triggers attach it to {}, which {} no column {col}: every {events} on {} fails with record \"new\" has no field \"{col}\"",
                and_list(&tables),
                if tables.len() == 1 { "has" } else { "have" },
                if tables.len() == 1 { "it" } else { "them" },
            ),
        )
        .at_origin(forigin.as_ref())
        .impact("Writes to those tables fail at run time: PostgreSQL does not check plpgsql bodies when the trigger is created.")
        .fix(format!(
            "-- add the column, or drop the triggers on tables that do not have it, e.g.\n{}",
            tables
                .iter()
                .map(|t| format!("-- ALTER TABLE {t} ADD COLUMN {col} …;"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
        for o in origins {
            f = f.at(Location::from_origin(&o));
        }
        for t in &tables {
            f = f.evidence(format!("{t} has no column {col}"));
        }
        out.push(f);
    }
}

/// Adds "did you mean …" to the replay's missing-relation and missing-function errors, using
/// the final catalog (a relation created later, or under a close name).
pub fn suggest_for_replay(findings: &mut [Finding], catalog: &Catalog) {
    let (Ok(rel), Ok(func)) = (
        Regex::new(r#"relation "([^"]+)" does not exist"#),
        Regex::new(r#"function ([A-Za-z0-9_$."]+)\("#),
    ) else {
        return;
    };
    // each suggestion scans the catalog: enough for any real history, bounded for a broken one
    let mut budget = 500;
    for f in findings.iter_mut() {
        if f.rule != "migration-error" || f.message.contains("did you mean") {
            continue;
        }
        if !matches!(f.sqlstate.as_deref(), Some("42P01" | "42883")) {
            continue;
        }
        if budget == 0 {
            break;
        }
        budget -= 1;
        let hint = match f.sqlstate.as_deref() {
            Some("42P01") => rel.captures(&f.message).and_then(|c| {
                let parts: Vec<String> = c[1].split('.').map(crate::catalog::fold_ident).collect();
                let q = match parts.as_slice() {
                    [s, n] => QualName::new(s, n),
                    [n] => QualName::new("", n),
                    _ => return None,
                };
                did_you_mean(catalog, &q).map(|s| s.to_string())
            }),
            Some("42883") if !f.message.contains("extension") => {
                func.captures(&f.message).and_then(|c| {
                    let parts: Vec<String> =
                        c[1].split('.').map(crate::catalog::fold_ident).collect();
                    let name = parts.last()?.clone();
                    let q = QualName::new("", &name);
                    let s = function_suggestion(catalog, &q);
                    (!s.is_empty()).then(|| {
                        s.trim()
                            .trim_start_matches("(did you mean ")
                            .trim_end_matches("?)")
                            .to_string()
                    })
                })
            }
            _ => None,
        };
        if let Some(h) = hint {
            f.message.push_str(&format!(" (did you mean {h}?)"));
            f.evidence.push(format!("a close name exists: {h}"));
        }
    }
}
