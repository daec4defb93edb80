//! Everything besides columns and keys: row level security and policies, triggers (per
//! table); functions, views, enum types and extensions (per schema).

use super::Ctx;
use crate::catalog::dump::{function_sql, view_sql};
use crate::catalog::{Policy, Table, TypeKind, quote_ident};
use crate::findings::{Finding, Severity};

pub(crate) fn compare_table_objects(cx: &mut Ctx, et: &Table, at: &Table) {
    if cx.know.rls && et.rls_enabled != at.rls_enabled {
        let say = |on: bool| if on { "enabled" } else { "disabled" };
        let (severity, impact) = if et.rls_enabled {
            (
                Severity::High,
                format!(
                    "In {} every row of {} is readable and writable by anyone the API lets in.",
                    cx.act.label, at.name
                ),
            )
        } else {
            (
                Severity::Medium,
                format!(
                    "In {} queries through the API see only what the policies allow (nothing, without policies).",
                    cx.act.label
                ),
            )
        };
        let f = Finding::new(
            "rls-mismatch",
            severity,
            et.qual_name().to_string(),
            format!(
                "row level security on {} is {} in {} but {} in {}",
                et.name,
                say(et.rls_enabled),
                cx.exp.label,
                say(at.rls_enabled),
                cx.act.label
            ),
        )
        .expected(cx.exp.id, say(et.rls_enabled))
        .actual(cx.act.id, say(at.rls_enabled))
        .impact(impact)
        .fix(format!(
            "ALTER TABLE {} {} ROW LEVEL SECURITY;",
            at.qual_name().to_sql(),
            if et.rls_enabled { "ENABLE" } else { "DISABLE" }
        ));
        let f = cx.locate(f, et.origin.as_ref(), at.origin.as_ref());
        cx.findings.push(f);
    }
    if cx.know.policies {
        policies(cx, et, at);
    }
    if cx.know.triggers {
        triggers(cx, et, at);
    }
}

fn policy_text(p: &Policy) -> String {
    let mut s = format!(
        "{}FOR {} TO {}",
        if p.permissive { "" } else { "AS RESTRICTIVE " },
        p.command.sql(),
        p.roles.join(", ")
    );
    if let Some(u) = &p.using {
        s.push_str(&format!(" USING ({})", u.normalized));
    }
    if let Some(c) = &p.with_check {
        s.push_str(&format!(" WITH CHECK ({})", c.normalized));
    }
    s
}

fn policy_sql(t: &Table, p: &Policy) -> String {
    format!(
        "CREATE POLICY {} ON {} {};",
        quote_ident(&p.name),
        t.qual_name().to_sql(),
        policy_text(p)
    )
}

fn policies(cx: &mut Ctx, et: &Table, at: &Table) {
    for p in &et.policies {
        let object = format!("{}/{}", et.qual_name(), p.name);
        match at.policy(&p.name) {
            Some(o) if policy_text(o) == policy_text(p) => {}
            Some(o) => {
                let f = Finding::new(
                    "policy-mismatch",
                    Severity::Medium,
                    object,
                    format!(
                        "policy \"{}\" on {} is `{}` in {} but `{}` in {}",
                        p.name,
                        et.name,
                        policy_text(p),
                        cx.exp.label,
                        policy_text(o),
                        cx.act.label
                    ),
                )
                .expected(cx.exp.id, policy_text(p))
                .actual(cx.act.id, policy_text(o))
                .impact("Rows are visible or writable to other users than intended.")
                .fix(format!(
                    "DROP POLICY {} ON {};\n{}",
                    quote_ident(&o.name),
                    at.qual_name().to_sql(),
                    policy_sql(at, p)
                ));
                let f = cx.locate(f, p.origin.as_ref(), o.origin.as_ref());
                cx.findings.push(f);
            }
            None => {
                let f = Finding::new(
                    "policy-mismatch",
                    Severity::Medium,
                    object,
                    format!(
                        "policy \"{}\" on {} ({}) is in {} but not in {}",
                        p.name,
                        et.name,
                        p.command.sql(),
                        cx.exp.label,
                        cx.act.label
                    ),
                )
                .expected(cx.exp.id, policy_text(p))
                .actual(cx.act.id, "absent")
                .impact(format!(
                    "What this policy allows is denied in {}: the feature that relies on it does not work there.",
                    cx.act.label
                ))
                .fix(policy_sql(at, p));
                let f = cx.locate(f, p.origin.as_ref(), None);
                cx.findings.push(f);
            }
        }
    }
    for o in &at.policies {
        if et.policy(&o.name).is_some() {
            continue;
        }
        let f = Finding::new(
            "policy-mismatch",
            Severity::Medium,
            format!("{}/{}", et.qual_name(), o.name),
            format!(
                "policy \"{}\" on {} ({}) is in {} but not in {}",
                o.name,
                at.name,
                o.command.sql(),
                cx.act.label,
                cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, policy_text(o))
        .impact(format!(
            "{} grants access that {} does not describe: review it.",
            cx.act.label, cx.exp.label
        ))
        .fix(format!(
            "DROP POLICY {} ON {};",
            quote_ident(&o.name),
            at.qual_name().to_sql()
        ));
        let f = cx.locate(f, None, o.origin.as_ref());
        cx.findings.push(f);
    }
}

fn triggers(cx: &mut Ctx, et: &Table, at: &Table) {
    // functions keep their names across sides (table renames do not touch them)
    let text = |t: &crate::catalog::Trigger| {
        format!(
            "{} {} FOR EACH {} EXECUTE FUNCTION {}",
            t.timing,
            t.events.join(" OR "),
            if t.for_each_row { "ROW" } else { "STATEMENT" },
            t.function
        )
    };
    for t in &et.triggers {
        let o = at.trigger(&t.name);
        if o.is_some_and(|o| text(o) == text(t)) {
            continue;
        }
        let f = Finding::new(
            "trigger-mismatch",
            Severity::Medium,
            format!("{}/{}", et.qual_name(), t.name),
            match o {
                Some(o) => format!(
                    "trigger {} on {} is `{}` in {} but `{}` in {}",
                    t.name,
                    et.name,
                    text(t),
                    cx.exp.label,
                    text(o),
                    cx.act.label
                ),
                None => format!(
                    "trigger {} on {} is in {} but not in {}",
                    t.name, et.name, cx.exp.label, cx.act.label
                ),
            },
        )
        .expected(cx.exp.id, text(t))
        .actual(cx.act.id, o.map(text).unwrap_or_else(|| "absent".into()))
        .impact("What the trigger maintains (timestamps, audit rows, derived values) is not maintained the same way.");
        let f = cx.locate(f, t.origin.as_ref(), o.and_then(|o| o.origin.as_ref()));
        cx.findings.push(f);
    }
    for o in &at.triggers {
        if et.trigger(&o.name).is_some() {
            continue;
        }
        let f = Finding::new(
            "trigger-mismatch",
            Severity::Low,
            format!("{}/{}", et.qual_name(), o.name),
            format!(
                "trigger {} on {} is in {} but not in {}",
                o.name, at.name, cx.act.label, cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, text(o))
        .impact(format!(
            "{} runs code on writes that {} does not describe.",
            cx.act.label, cx.exp.label
        ));
        let f = cx.locate(f, None, o.origin.as_ref());
        cx.findings.push(f);
    }
}

fn body_text(b: &str) -> String {
    b.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn compare_schema_objects(cx: &mut Ctx, schemas: &[String]) {
    for schema in schemas {
        let (e, a) = (cx.exp.catalog.schema(schema), cx.act.catalog.schema(schema));
        if cx.know.functions {
            if cx.ts_sides().is_some() {
                ts_functions(cx, e, a);
            } else {
                functions(cx, e, a);
            }
        }
        if cx.know.views {
            views(cx, e, a);
        }
        enums(cx, e, a);
    }
    if cx.know.extensions {
        extensions(cx);
    }
}

fn functions(cx: &mut Ctx, e: Option<&crate::catalog::Schema>, a: Option<&crate::catalog::Schema>) {
    let empty = Default::default();
    let ef = e.map(|s| &s.functions).unwrap_or(&empty);
    let af = a.map(|s| &s.functions).unwrap_or(&empty);
    for (key, f) in ef {
        match af.get(key) {
            None => {
                let fd = Finding::new(
                    "function-mismatch",
                    Severity::High,
                    f.display_name(),
                    format!(
                        "function {} is in {} but not in {}",
                        f.display_name(),
                        cx.exp.label,
                        cx.act.label
                    ),
                )
                .expected(cx.exp.id, "present")
                .actual(cx.act.id, "absent")
                .impact("Calls (RPC, policies, triggers, defaults) that use it fail.")
                .fix(function_sql(f));
                let fd = cx.locate(fd, f.origin.as_ref(), None);
                cx.findings.push(fd);
            }
            Some(o) => {
                let mut diffs = Vec::new();
                if !cx.know.function_details {
                    // names and arguments only: the key already matched
                    continue;
                }
                if f.returns != o.returns {
                    diffs.push(format!("returns {} / {}", f.returns, o.returns));
                }
                if f.security_definer != o.security_definer {
                    diffs.push(format!(
                        "SECURITY {} / {}",
                        if f.security_definer {
                            "DEFINER"
                        } else {
                            "INVOKER"
                        },
                        if o.security_definer {
                            "DEFINER"
                        } else {
                            "INVOKER"
                        }
                    ));
                }
                if f.search_path() != o.search_path() {
                    diffs.push(format!(
                        "search_path {} / {}",
                        f.search_path().unwrap_or("unset"),
                        o.search_path().unwrap_or("unset")
                    ));
                }
                if !f.body.is_empty()
                    && !o.body.is_empty()
                    && body_text(&f.body) != body_text(&o.body)
                {
                    diffs.push("the body differs".into());
                }
                if f.language != o.language {
                    diffs.push(format!("language {} / {}", f.language, o.language));
                }
                if diffs.is_empty() {
                    continue;
                }
                let severity = if f.security_definer != o.security_definer || f.returns != o.returns
                {
                    Severity::High
                } else {
                    Severity::Medium
                };
                let fd = Finding::new(
                    "function-mismatch",
                    severity,
                    f.display_name(),
                    format!(
                        "function {} differs between {} and {}: {}",
                        f.display_name(),
                        cx.exp.label,
                        cx.act.label,
                        diffs.join("; ")
                    ),
                )
                .expected(cx.exp.id, body_text(&f.body))
                .actual(cx.act.id, body_text(&o.body))
                .impact("Callers get other results, or other privileges, than the code was written for.")
                .fix(function_sql(f));
                let fd = cx.locate(fd, f.origin.as_ref(), o.origin.as_ref());
                cx.findings.push(fd);
            }
        }
    }
    for (key, o) in af {
        if ef.contains_key(key) {
            continue;
        }
        let fd = Finding::new(
            "function-mismatch",
            Severity::Low,
            o.display_name(),
            format!(
                "function {} is in {} but not in {}",
                o.display_name(),
                cx.act.label,
                cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, "present")
        .impact(format!(
            "{} does not describe it: a rebuild from it loses the function.",
            cx.exp.label
        ));
        let fd = cx.locate(fd, None, o.origin.as_ref());
        cx.findings.push(fd);
    }
}

/// Functions against generated types. The generator leaves out procedures, trigger and
/// event-trigger functions and (in most versions) functions with unnamed arguments, and it
/// writes each function's input arguments by name (sorted by name in recent versions), with
/// their TypeScript types and `?` for a default. So functions pair by name and argument names;
/// argument types compare through what the generator writes for them; the language,
/// SECURITY DEFINER, `search_path`, the body and the return type are never compared.
fn ts_functions(
    cx: &mut Ctx,
    e: Option<&crate::catalog::Schema>,
    a: Option<&crate::catalog::Schema>,
) {
    use crate::catalog::{ArgMode, Function};
    use crate::sources::ts_types::ts_function_label;
    let Some((sql, types, types_actual)) = cx.ts_sides() else {
        return;
    };
    let empty = Default::default();
    let ef = e.map(|s| &s.functions).unwrap_or(&empty);
    let af = a.map(|s| &s.functions).unwrap_or(&empty);
    let (sql_fns, ts_fns) = if types_actual { (ef, af) } else { (af, ef) };
    let (sql_label, ts_label) = if types_actual {
        (cx.exp.label, cx.act.label)
    } else {
        (cx.act.label, cx.exp.label)
    };
    let listed = |f: &Function| {
        !f.is_procedure && !matches!(f.returns.as_str(), "trigger" | "event_trigger")
    };
    let inputs = |f: &Function, modes: &[ArgMode]| -> Vec<String> {
        let mut v: Vec<String> = f
            .args
            .iter()
            .filter(|x| modes.contains(&x.mode))
            .map(|x| x.name.clone().unwrap_or_default())
            .collect();
        v.sort();
        v
    };
    // certainly listed: every input argument has a name
    let expected = |f: &Function| {
        listed(f)
            && f.args
                .iter()
                .filter(|x| matches!(x.mode, ArgMode::In | ArgMode::InOut | ArgMode::Variadic))
                .all(|x| x.name.as_deref().is_some_and(|n| !n.is_empty()))
    };
    let sql_signature = |f: &Function| {
        let args: Vec<String> = f
            .args
            .iter()
            .filter(|x| matches!(x.mode, ArgMode::In | ArgMode::InOut | ArgMode::Variadic))
            .map(|x| {
                format!(
                    "{}{}{}",
                    x.name
                        .as_deref()
                        .map(|n| format!("{n} "))
                        .unwrap_or_default(),
                    x.data_type,
                    if x.default.is_some() {
                        " DEFAULT …"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        format!("({})", args.join(", "))
    };
    let ts_signature = |f: &Function| {
        let l = ts_function_label(f);
        l[l.find('(').unwrap_or(0)..].to_string()
    };
    let mut names: Vec<&str> = sql_fns
        .values()
        .chain(ts_fns.values())
        .map(|f| f.name.as_str())
        .collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        let sqls: Vec<&Function> = sql_fns
            .values()
            .filter(|f| f.name == name && listed(f))
            .collect();
        let tss: Vec<&Function> = ts_fns.values().filter(|f| f.name == name).collect();
        let mut used = vec![false; tss.len()];
        let mut left_sql = Vec::new();
        for f in &sqls {
            let ins = inputs(f, &[ArgMode::In]);
            let all = inputs(f, &[ArgMode::In, ArgMode::InOut, ArgMode::Variadic]);
            let found = (0..tss.len()).find(|&j| {
                let t = inputs(tss[j], &[ArgMode::In]);
                !used[j] && (t == ins || t == all)
            });
            let Some(j) = found else {
                left_sql.push(*f);
                continue;
            };
            used[j] = true;
            let t = tss[j];
            let mut diffs = Vec::new();
            for ta in &t.args {
                let Some(sa) = f.args.iter().find(|x| x.name == ta.name) else {
                    continue;
                };
                let arg = ta.name.as_deref().unwrap_or("");
                if let Some(ts) = crate::catalog::types::ts_type(&ta.data_type)
                    && !cx.ts_matches(sql, types, &sa.data_type, ts)
                {
                    let exposed = |s: &str| types.schemas.contains_key(s);
                    let want =
                        crate::sources::ts_types::generator_types(&sa.data_type, sql, &exposed);
                    diffs.push(format!(
                        "{arg} is {}, which the generator writes as {}, but {ts}",
                        sa.data_type,
                        want.first().map(String::as_str).unwrap_or("unknown")
                    ));
                }
                if sa.default.is_some() != ta.default.is_some() {
                    diffs.push(format!(
                        "{arg} {} a default in {sql_label}",
                        if sa.default.is_some() {
                            "has"
                        } else {
                            "has no"
                        }
                    ));
                }
            }
            if !diffs.is_empty() {
                out.push((
                    f.display_name(),
                    format!(
                        "function {} takes other arguments in {sql_label} than in {ts_label}: {}",
                        f.display_name(),
                        diffs.join("; ")
                    ),
                    sql_signature(f),
                    ts_signature(t),
                    f.origin.clone(),
                    t.origin.clone(),
                    Severity::Medium,
                ));
            }
        }
        let left_ts: Vec<&Function> = (0..tss.len())
            .filter(|&j| !used[j])
            .map(|j| tss[j])
            .collect();
        let left_expected: Vec<&Function> =
            left_sql.iter().copied().filter(|f| expected(f)).collect();
        match (left_expected.as_slice(), left_ts.as_slice()) {
            ([], []) => {}
            ([f], [t]) => out.push((
                f.display_name(),
                format!(
                    "function {} has the arguments {} in {sql_label} but {} in {ts_label}",
                    f.display_name(),
                    sql_signature(f),
                    ts_signature(t)
                ),
                sql_signature(f),
                ts_signature(t),
                f.origin.clone(),
                t.origin.clone(),
                Severity::Medium,
            )),
            (fs, ts) => {
                for f in fs {
                    out.push((
                        f.display_name(),
                        format!(
                            "function {} is in {sql_label} but not in {ts_label}",
                            f.display_name()
                        ),
                        sql_signature(f),
                        "absent".into(),
                        f.origin.clone(),
                        None,
                        Severity::Medium,
                    ));
                }
                // an overload the SQL side has without names is not expected, but it may be
                // the one the types list
                if !ts.is_empty() && left_sql.len() > left_expected.len() {
                    continue;
                }
                for t in ts {
                    let shown = format!("{}.{}", t.schema, ts_function_label(t));
                    out.push((
                        shown.clone(),
                        format!("function {shown} is in {ts_label} but not in {sql_label}"),
                        "absent".into(),
                        ts_signature(t),
                        None,
                        t.origin.clone(),
                        Severity::Low,
                    ));
                }
            }
        }
    }
    for (object, message, sql_value, ts_value, sql_origin, ts_origin, severity) in out {
        let (ev, av, eo, ao) = if types_actual {
            (sql_value, ts_value, sql_origin, ts_origin)
        } else {
            (ts_value, sql_value, ts_origin, sql_origin)
        };
        let f = Finding::new("function-mismatch", severity, object, message)
            .expected(cx.exp.id, ev)
            .actual(cx.act.id, av)
            .impact(format!(
                "Calls type-checked against {ts_label} (`supabase.rpc`) pass other arguments than the function of {sql_label} takes."
            ));
        let f = cx.locate(f, eo.as_ref(), ao.as_ref());
        cx.findings.push(f);
    }
}

fn views(cx: &mut Ctx, e: Option<&crate::catalog::Schema>, a: Option<&crate::catalog::Schema>) {
    let empty = Default::default();
    let ev = e.map(|s| &s.views).unwrap_or(&empty);
    let av = a.map(|s| &s.views).unwrap_or(&empty);
    let act_tables = a.map(|s| &s.tables);
    for (name, v) in ev {
        let q = v.qual_name().to_string();
        match av.get(name) {
            None if act_tables.is_some_and(|t| t.contains_key(name)) => {}
            None => {
                let f = Finding::new(
                    "view-mismatch",
                    Severity::High,
                    q.clone(),
                    format!(
                        "view {q} is in {} but not in {}",
                        cx.exp.label, cx.act.label
                    ),
                )
                .expected(cx.exp.id, "present")
                .actual(cx.act.id, "absent")
                .impact("Queries that read the view fail.")
                .fix(view_sql(v));
                let f = cx.locate(f, v.origin.as_ref(), None);
                cx.findings.push(f);
            }
            Some(o) => {
                let known =
                    !v.definition.normalized.is_empty() && !o.definition.normalized.is_empty();
                let def_differs = known && v.definition != o.definition;
                // generated types and Prisma list views without their options
                let invoker_differs =
                    cx.know.view_options && v.security_invoker != o.security_invoker;
                if !def_differs && !invoker_differs {
                    continue;
                }
                let mut what = Vec::new();
                if def_differs {
                    what.push("the query differs".to_string());
                }
                if invoker_differs {
                    what.push(format!(
                        "security_invoker {} / {}",
                        v.security_invoker, o.security_invoker
                    ));
                }
                let f = Finding::new(
                    "view-mismatch",
                    if invoker_differs {
                        Severity::High
                    } else {
                        Severity::Medium
                    },
                    q.clone(),
                    format!(
                        "view {q} differs between {} and {}: {}",
                        cx.exp.label,
                        cx.act.label,
                        what.join("; ")
                    ),
                )
                .expected(cx.exp.id, v.definition.normalized.clone())
                .actual(cx.act.id, o.definition.normalized.clone())
                .impact("Readers of the view get other columns, rows or privileges.")
                .fix(view_sql(v));
                let f = cx.locate(f, v.origin.as_ref(), o.origin.as_ref());
                cx.findings.push(f);
            }
        }
    }
    let exp_tables = e.map(|s| &s.tables);
    for (name, o) in av {
        if ev.contains_key(name) || exp_tables.is_some_and(|t| t.contains_key(name)) {
            continue;
        }
        let q = o.qual_name().to_string();
        let f = Finding::new(
            "view-mismatch",
            Severity::Low,
            q.clone(),
            format!(
                "view {q} is in {} but not in {}",
                cx.act.label, cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, "present")
        .impact(format!("{} does not describe it.", cx.exp.label));
        let f = cx.locate(f, None, o.origin.as_ref());
        cx.findings.push(f);
    }
}

fn enums(cx: &mut Ctx, e: Option<&crate::catalog::Schema>, a: Option<&crate::catalog::Schema>) {
    let (Some(e), Some(a)) = (e, a) else {
        return;
    };
    for (name, t) in &e.types {
        let TypeKind::Enum { labels } = &t.kind else {
            continue;
        };
        let other = a.types.get(name).and_then(|o| match &o.kind {
            TypeKind::Enum { labels } => Some((o, labels)),
            _ => None,
        });
        let q = format!("{}.{}", t.schema, t.name);
        let Some((o, other_labels)) = other else {
            let knows_types = cx.act.catalog.knowledge.functions
                || cx.act.catalog.schemas.values().any(|s| !s.types.is_empty());
            if a.types.contains_key(name) || !knows_types {
                continue;
            }
            let f = Finding::new(
                "enum-mismatch",
                Severity::High,
                q.clone(),
                format!(
                    "enum type {q} is in {} but not in {}",
                    cx.exp.label, cx.act.label
                ),
            )
            .expected(cx.exp.id, labels.join(", "))
            .actual(cx.act.id, "absent")
            .impact("Columns and casts of this type fail.")
            .fix(format!(
                "CREATE TYPE {} AS ENUM ({});",
                crate::catalog::QualName::new(&t.schema, &t.name).to_sql(),
                labels
                    .iter()
                    .map(|l| crate::catalog::quote_literal(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let f = cx.locate(f, t.origin.as_ref(), None);
            cx.findings.push(f);
            continue;
        };
        if labels == other_labels {
            continue;
        }
        let missing: Vec<&String> = labels
            .iter()
            .filter(|l| !other_labels.contains(l))
            .collect();
        let extra: Vec<&String> = other_labels
            .iter()
            .filter(|l| !labels.contains(l))
            .collect();
        let mut what = Vec::new();
        if !missing.is_empty() {
            what.push(format!(
                "{} lacks {}",
                cx.act.label,
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !extra.is_empty() {
            what.push(format!(
                "{} adds {}",
                cx.act.label,
                extra
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if what.is_empty() {
            what.push("the order of the values differs".into());
        }
        let f = Finding::new(
            "enum-mismatch",
            if missing.is_empty() {
                Severity::Low
            } else {
                Severity::High
            },
            q.clone(),
            format!("enum {q}: {}", what.join("; ")),
        )
        .expected(cx.exp.id, labels.join(", "))
        .actual(cx.act.id, other_labels.join(", "))
        .impact("Writes of a value one side lacks fail with invalid input value for enum.")
        .fix(
            missing
                .iter()
                .map(|l| {
                    format!(
                        "ALTER TYPE {} ADD VALUE IF NOT EXISTS {};",
                        crate::catalog::QualName::new(&t.schema, &t.name).to_sql(),
                        crate::catalog::quote_literal(l)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let f = cx.locate(f, t.origin.as_ref(), o.origin.as_ref());
        cx.findings.push(f);
    }
}

fn extensions(cx: &mut Ctx) {
    for (name, x) in &cx.exp.catalog.extensions {
        if cx.act.catalog.extensions.contains_key(name) || is_preinstalled(name) {
            continue;
        }
        let f = Finding::new(
            "extension-mismatch",
            Severity::High,
            name.clone(),
            format!(
                "extension {name} is enabled in {} but not in {}",
                cx.exp.label, cx.act.label
            ),
        )
        .expected(cx.exp.id, "enabled")
        .actual(cx.act.id, "absent")
        .impact("Functions, types and operator classes it provides are missing.")
        .fix(format!(
            "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {};",
            quote_ident(name),
            quote_ident(&x.schema)
        ));
        let f = cx.locate(f, x.origin.as_ref(), None);
        cx.findings.push(f);
    }
    for (name, x) in &cx.act.catalog.extensions {
        if cx.exp.catalog.extensions.contains_key(name) || is_preinstalled(name) {
            continue;
        }
        let f = Finding::new(
            "extension-mismatch",
            Severity::Info,
            name.clone(),
            format!(
                "extension {name} is enabled in {} but not in {}",
                cx.act.label, cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, "enabled")
        .impact(format!(
            "Objects that use it work in {} and fail where {} is applied to a new database.",
            cx.act.label, cx.exp.label
        ));
        let f = cx.locate(f, None, x.origin.as_ref());
        cx.findings.push(f);
    }
}

/// Extensions every PostgreSQL (plpgsql) or every Supabase project has from the start.
fn is_preinstalled(name: &str) -> bool {
    matches!(
        name,
        "plpgsql"
            | "pgcrypto"
            | "uuid-ossp"
            | "pg_graphql"
            | "pg_stat_statements"
            | "supabase_vault"
            | "pgsodium"
            | "pgjwt"
    )
}
