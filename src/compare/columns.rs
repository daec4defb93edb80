//! Columns of a pair of tables: renames, then type, nullability, default and identity.

use super::Ctx;
use super::similarity::name_similarity;
use crate::catalog::types::{
    TypeFamily, base_type, display_type, family, ts_type, without_modifiers,
};
use crate::catalog::{
    Catalog, Column, ConstraintKind, QualName, Table, TypeKind, TypeView, quote_ident,
};
use crate::findings::{Finding, Severity};

/// A column rename needs this confidence (and a name that is alike, or the same foreign-key
/// target): below it, a missing and an extra column are reported.
pub const COLUMN_RENAME_THRESHOLD: f64 = 0.75;

/// The table a single-column foreign key on `col` points at.
fn fk_target(t: &Table, col: &str) -> Option<QualName> {
    t.constraints.iter().find_map(|c| match &c.kind {
        ConstraintKind::ForeignKey {
            columns, ref_table, ..
        } if columns.len() == 1 && columns[0] == col => Some(ref_table.clone()),
        _ => None,
    })
}

fn is_key_column(t: &Table, col: &str) -> bool {
    t.constraints.iter().any(|c| {
        matches!(
            c.kind,
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::ForeignKey { .. }
        ) && c.columns().iter().any(|x| x == col)
    })
}

/// Whether `name` in `t`'s Row of generated types is a computed field: the generator adds a
/// member for every function that takes the table's row as its only argument. `on_actual`
/// tells which side `t` is on.
fn computed_field(cx: &Ctx, t: &Table, name: &str, on_actual: bool) -> bool {
    let Some((sql, _, types_actual)) = cx.ts_sides() else {
        return false;
    };
    if on_actual != types_actual {
        return false;
    }
    let row = [t.name.clone(), t.qual_name().to_string()];
    sql.schema(&t.schema).is_some_and(|s| {
        s.functions.values().any(|f| {
            f.name == name
                && f.args.len() == 1
                && row.contains(&f.args[0].data_type.trim_matches('"').to_string())
        })
    })
}

/// How likely expected column `ec` of `et` is actual column `ac` of `at` renamed.
pub(crate) fn column_rename_score(
    cx: &Ctx,
    et: &Table,
    ec: &Column,
    at: &Table,
    ac: &Column,
) -> (f64, Vec<String>) {
    let mut ev = Vec::new();
    let (same_type, same_family) = match cx.ts_sides() {
        Some((sql, types, types_actual)) => {
            let (s, t) = if types_actual { (ec, ac) } else { (ac, ec) };
            let m =
                ts_type(&t.data_type).is_some_and(|ts| cx.ts_matches(sql, types, &s.data_type, ts));
            (m, m)
        }
        None => (
            same_type_text(&ec.data_type, &ac.data_type),
            family(&ec.data_type) == family(&ac.data_type),
        ),
    };
    let ty = if same_type {
        1.0
    } else if same_family {
        0.6
    } else {
        0.0
    };
    ev.push(if same_type {
        format!("same type {}", display_type(&ec.data_type))
    } else {
        format!(
            "types {} / {}",
            display_type(&ec.data_type),
            display_type(&ac.data_type)
        )
    });
    let null = if ec.not_null == ac.not_null { 1.0 } else { 0.0 };
    let pe = et
        .columns
        .iter()
        .position(|c| c.name == ec.name)
        .unwrap_or(0);
    let pa = at
        .columns
        .iter()
        .position(|c| c.name == ac.name)
        .unwrap_or(0);
    let len = et.columns.len().max(at.columns.len()).max(1) as f64;
    let pos = 1.0 - ((pe as f64 - pa as f64).abs() / len).min(1.0);
    if pe == pa {
        ev.push(format!("same position ({})", pe + 1));
    }
    let name = name_similarity(&ec.name, &ac.name);
    ev.push(format!("name similarity {name:.2}"));
    let fk = match (fk_target(et, &ec.name), fk_target(at, &ac.name)) {
        (Some(x), Some(y)) if cx.actual_name(&x) == y => {
            ev.push(format!("both reference {y}"));
            Some(true)
        }
        (Some(_), Some(_)) => Some(false),
        _ => None,
    };
    let mut score = 0.35 * ty + 0.1 * null + 0.2 * pos + 0.35 * name;
    match fk {
        Some(true) => score += 0.2,
        Some(false) => score -= 0.05,
        None => {}
    }
    // an unlike name needs the same foreign-key target to count as a rename
    if name < 0.5 && fk != Some(true) {
        score = score.min(COLUMN_RENAME_THRESHOLD - 0.01);
    }
    (score.clamp(0.0, 1.0), ev)
}

/// Compares the columns; returns how expected column names map to actual ones.
pub(crate) fn compare_columns(
    cx: &mut Ctx,
    et: &Table,
    at: &Table,
) -> std::collections::BTreeMap<String, String> {
    let table = et.qual_name();
    let mut pairs: Vec<(&Column, &Column)> = Vec::new();
    let mut e_left: Vec<&Column> = Vec::new();
    for ec in &et.columns {
        match at.column(&ec.name) {
            Some(ac) => pairs.push((ec, ac)),
            None => e_left.push(ec),
        }
    }
    let a_left: Vec<&Column> = at
        .columns
        .iter()
        .filter(|c| et.column(&c.name).is_none())
        .filter(|c| !computed_field(cx, at, &c.name, true))
        .collect();
    e_left.retain(|c| !computed_field(cx, et, &c.name, false));
    let mut candidates = Vec::new();
    for (i, ec) in e_left.iter().enumerate() {
        for (j, ac) in a_left.iter().enumerate() {
            let (s, ev) = column_rename_score(cx, et, ec, at, ac);
            candidates.push((s, i, j, ev));
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0));
    let (mut e_used, mut a_used) = (vec![false; e_left.len()], vec![false; a_left.len()]);
    let mut near: Vec<(usize, usize)> = Vec::new();
    for (score, i, j, ev) in candidates {
        if e_used[i] || a_used[j] {
            continue;
        }
        if score < COLUMN_RENAME_THRESHOLD {
            if score >= 0.55 {
                near.push((i, j));
            }
            continue;
        }
        e_used[i] = true;
        a_used[j] = true;
        let (ec, ac) = (e_left[i], a_left[j]);
        let mut f = Finding::new(
            "renamed-column",
            Severity::High,
            format!("{table}.{}", ec.name),
            format!(
                "column {}.{} in {} is {}.{} in {} (a rename: confidence {:.0}%)",
                et.name,
                ec.name,
                cx.exp.label,
                at.name,
                ac.name,
                cx.act.label,
                score * 100.0
            ),
        )
        .expected(cx.exp.id, ec.name.clone())
        .actual(cx.act.id, ac.name.clone())
        .impact(format!(
            "Queries, inserts and policies that name {} fail against {}.",
            ec.name, cx.act.label
        ))
        .fix(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {};",
            at.qual_name().to_sql(),
            quote_ident(&ac.name),
            quote_ident(&ec.name)
        ));
        f.confidence = Some(score as f32);
        f.evidence = ev;
        let f = cx.locate(f, ec.origin.as_ref(), ac.origin.as_ref());
        cx.findings.push(f);
        pairs.push((ec, ac));
    }
    for (i, ec) in e_left.iter().enumerate() {
        if e_used[i] {
            continue;
        }
        let maybe = near
            .iter()
            .find(|(x, j)| *x == i && !a_used[*j])
            .map(|(_, j)| a_left[*j].name.clone());
        let mut msg = format!(
            "column {}.{} ({}) is in {} but not in {}",
            et.name,
            ec.name,
            display_type(&ec.data_type),
            cx.exp.label,
            cx.act.label
        );
        if let Some(m) = &maybe {
            msg.push_str(&format!(" (possibly renamed to {m})"));
        }
        let severity = if ec.not_null && ec.default.is_none() && ec.identity.is_none() {
            Severity::Medium
        } else {
            Severity::Low
        };
        let f = Finding::new(
            "missing-column",
            severity,
            format!("{table}.{}", ec.name),
            msg,
        )
        .expected(cx.exp.id, display_type(&ec.data_type).to_string())
        .actual(cx.act.id, "absent")
        .impact(format!(
            "Queries that read or write {}.{} fail against {}.",
            et.name, ec.name, cx.act.label
        ))
        .fix(format!(
            "ALTER TABLE {} ADD COLUMN {} {};",
            at.qual_name().to_sql(),
            quote_ident(&ec.name),
            column_sql(ec)
        ));
        let f = cx.locate(f, ec.origin.as_ref(), None);
        cx.findings.push(f);
    }
    for (j, ac) in a_left.iter().enumerate() {
        if a_used[j] {
            continue;
        }
        let f = Finding::new(
            "extra-column",
            Severity::Low,
            format!("{table}.{}", ac.name),
            format!(
                "column {}.{} ({}) is in {} but not in {}",
                at.name,
                ac.name,
                display_type(&ac.data_type),
                cx.act.label,
                cx.exp.label
            ),
        )
        .expected(cx.exp.id, "absent")
        .actual(cx.act.id, display_type(&ac.data_type).to_string())
        .impact(
            if ac.not_null && ac.default.is_none() && ac.identity.is_none() {
                format!(
                    "It is NOT NULL without a default: inserts written against {} fail.",
                    cx.exp.label
                )
            } else {
                format!(
                    "{} does not describe it; rebuilding from it would lose the column.",
                    cx.exp.label
                )
            },
        )
        .fix(format!(
            "-- describe it where the schema is written down:\nALTER TABLE {} ADD COLUMN {} {};",
            et.qual_name().to_sql(),
            quote_ident(&ac.name),
            column_sql(ac)
        ));
        let f = cx.locate(f, None, ac.origin.as_ref());
        cx.findings.push(f);
    }
    let mut map = std::collections::BTreeMap::new();
    for (ec, ac) in pairs {
        compare_column(cx, et, ec, at, ac);
        map.insert(ec.name.clone(), ac.name.clone());
    }
    map
}

/// `type [DEFAULT …] [NOT NULL]` of a column, for fixes.
/// Whether two spellings name the same type: a replay writes `public.Role` where the database
/// (format_type) writes `public."Role"`; both quote to the same SQL.
fn same_type_text(a: &str, b: &str) -> bool {
    if a == b || crate::catalog::dump::sql_type(a) == crate::catalog::dump::sql_type(b) {
        return true;
    }
    let (ca, cb) = (time_precision_6(a), time_precision_6(b));
    if ca == cb {
        return true;
    }
    // a source that writes a user or extension type without its schema (Prisma's
    // `Unsupported("vector(1536)")`, `@db.Citext`) names the one on the search path
    let unqualified = |x: &str, y: &str| {
        !x.contains('.')
            && y.split_once('.')
                .is_some_and(|(_, rest)| rest.trim_matches('"') == x.trim_matches('"'))
    };
    unqualified(&ca, &cb) || unqualified(&cb, &ca)
}

/// `timestamp(6)` is `timestamp`: 6 is both the default and the largest precision of the
/// time types (`prisma db pull` writes `@db.Timestamptz(6)` for a `timestamptz` column).
fn time_precision_6(t: &str) -> String {
    t.replace("timestamp(6) ", "timestamp ")
        .replace("time(6) ", "time ")
}

fn column_sql(c: &Column) -> String {
    let mut s = crate::catalog::dump::sql_type(&c.data_type);
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {}", d.normalized));
    }
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    s
}

/// The impact class of a type change from `a` to `b`.
fn type_change_severity(et: &Table, ec: &Column, at: &Table, ac: &Column) -> (Severity, String) {
    let (a, b) = (&ec.data_type, &ac.data_type);
    if is_key_column(et, &ec.name) || is_key_column(at, &ac.name) {
        return (
            Severity::Critical,
            "It is a key column: foreign keys, joins and every client that passes its values break."
                .into(),
        );
    }
    let (fa, fb) = (family(a), family(b));
    if fa == TypeFamily::Text && fb == TypeFamily::Text {
        return (
            Severity::Low,
            "Both are text types: only the length limit differs.".into(),
        );
    }
    if fa == fb && base_type(a) == base_type(b) {
        return (
            Severity::Low,
            "Same type with another precision or length.".into(),
        );
    }
    if fa == fb
        && matches!(
            fa,
            TypeFamily::Integer | TypeFamily::Numeric | TypeFamily::Float
        )
    {
        return (
            Severity::Medium,
            "Both are numbers, of different range or precision: values may not fit.".into(),
        );
    }
    if fa == fb && matches!(fa, TypeFamily::Timestamp | TypeFamily::Json) {
        return (
            Severity::Medium,
            "Same kind of value, stored differently (time zone, json vs jsonb).".into(),
        );
    }
    (
        Severity::High,
        "Values of one type do not fit the other: reads and writes break.".into(),
    )
}

/// Defaults that behave the same way, spelled differently.
fn same_behaviour(a: &str, b: &str) -> bool {
    let uuid = |s: &str| {
        let s = s.trim_start_matches("extensions.");
        s == "gen_random_uuid()" || s == "uuid_generate_v4()"
    };
    let now = |s: &str| {
        matches!(
            s,
            "now()" | "CURRENT_TIMESTAMP" | "transaction_timestamp()" | "timezone('utc', now())"
        )
    };
    (uuid(a) && uuid(b)) || (now(a) && now(b))
}

/// The type as the other side sees it: PostgREST shows a domain over a built-in type as its
/// base type.
fn as_seen_by(t: &str, cat: &Catalog, view: TypeView) -> String {
    if view != TypeView::Postgrest {
        return t.to_string();
    }
    let dims = t.len() - t.trim_end_matches("[]").len();
    let core = t.trim_end_matches("[]");
    let base = base_type(core);
    let def = match base.split_once('.') {
        Some((s, n)) => cat.type_def(&QualName::new(s.trim_matches('"'), n.trim_matches('"'))),
        None => None,
    };
    match def.map(|d| &d.kind) {
        Some(TypeKind::Domain { base, .. }) if !base.contains('.') => {
            format!("{base}{}", &t[t.len() - dims..])
        }
        _ => t.to_string(),
    }
}

fn sql_column_type(cx: &mut Ctx, et: &Table, ec: &Column, at: &Table, ac: &Column) {
    let object = format!("{}.{}", et.qual_name(), ec.name);
    let label = format!("{}.{}", et.name, ec.name);
    let (e_ty, a_ty) = (
        as_seen_by(
            &ec.data_type,
            cx.exp.catalog,
            cx.act.catalog.knowledge.type_view,
        ),
        as_seen_by(
            &ac.data_type,
            cx.act.catalog,
            cx.exp.catalog.knowledge.type_view,
        ),
    );
    let types_differ = if cx.know.exact_types && cx.know.type_modifiers {
        !same_type_text(&e_ty, &a_ty)
    } else if cx.know.exact_types {
        // modifiers unknown on one side: `numeric` matches `numeric(10,6)`, `timestamp with
        // time zone` matches `timestamp(3) with time zone`
        !same_type_text(&e_ty, &a_ty)
            && !(without_modifiers(&e_ty) == without_modifiers(&a_ty)
                && (!e_ty.contains('(') || !a_ty.contains('(')))
    } else {
        family(&e_ty) != family(&a_ty)
            && family(&e_ty) != TypeFamily::Other
            && family(&a_ty) != TypeFamily::Other
    };
    if !types_differ {
        return;
    }
    let (severity, impact) = type_change_severity(et, ec, at, ac);
    let f = Finding::new(
        "column-type-mismatch",
        severity,
        object,
        format!(
            "{label} is {} in {} but {} in {}",
            ec.data_type, cx.exp.label, ac.data_type, cx.act.label
        ),
    )
    .expected(cx.exp.id, ec.data_type.clone())
    .actual(cx.act.id, ac.data_type.clone())
    .impact(impact)
    .fix(format!(
        "ALTER TABLE {} ALTER COLUMN {} TYPE {} USING {}::{};",
        at.qual_name().to_sql(),
        quote_ident(&ac.name),
        crate::catalog::dump::sql_type(&ec.data_type),
        quote_ident(&ac.name),
        crate::catalog::dump::sql_type(&ec.data_type)
    ));
    let f = cx.locate(f, ec.origin.as_ref(), ac.origin.as_ref());
    cx.findings.push(f);
}

/// A column against generated types: a difference only where the generator would have
/// written another TypeScript type for the SQL column (`uuid` and `text` are both `string`).
fn ts_column_type(cx: &mut Ctx, et: &Table, ec: &Column, ac: &Column) {
    let Some((sql, types, types_actual)) = cx.ts_sides() else {
        return;
    };
    let (sql_col, ts_col) = if types_actual { (ec, ac) } else { (ac, ec) };
    let Some(ts) = ts_type(&ts_col.data_type) else {
        return;
    };
    if cx.ts_matches(sql, types, &sql_col.data_type, ts) {
        return;
    }
    let exposed = |s: &str| types.schemas.contains_key(s);
    let written = crate::sources::ts_types::generator_types(&sql_col.data_type, sql, &exposed);
    let want = written.first().cloned().unwrap_or_else(|| "unknown".into());
    let (sql_label, types_label) = if types_actual {
        (cx.exp.label, cx.act.label)
    } else {
        (cx.act.label, cx.exp.label)
    };
    let label = format!("{}.{}", et.name, ec.name);
    let f = Finding::new(
        "column-type-mismatch",
        Severity::Medium,
        format!("{}.{}", et.qual_name(), ec.name),
        format!(
            "{label} is {} in {sql_label}, which the generator writes as {want}, but {ts} in {types_label}",
            sql_col.data_type
        ),
    )
    .expected(cx.exp.id, display_type(&ec.data_type).to_string())
    .actual(cx.act.id, display_type(&ac.data_type).to_string())
    .impact(format!(
        "Code type-checked against {types_label} handles {label} as {ts}; the API returns and expects {want}."
    ));
    let f = cx.locate(f, ec.origin.as_ref(), ac.origin.as_ref());
    cx.findings.push(f);
}

fn compare_column(cx: &mut Ctx, et: &Table, ec: &Column, at: &Table, ac: &Column) {
    let object = format!("{}.{}", et.qual_name(), ec.name);
    let label = format!("{}.{}", et.name, ec.name);
    let alter = format!(
        "ALTER TABLE {} ALTER COLUMN {}",
        at.qual_name().to_sql(),
        quote_ident(&ac.name)
    );
    // type
    let ts_unknown = [&ec.data_type, &ac.data_type]
        .iter()
        .any(|t| ts_type(t) == Some("unknown"));
    if cx.know.type_view == TypeView::TypeScript {
        ts_column_type(cx, et, ec, ac);
    } else {
        sql_column_type(cx, et, ec, at, ac);
    }
    // nullability (a primary key column is NOT NULL whatever was written; the generator
    // writes `unknown` without `| null`, so an unknown column's nullability is unknown)
    if ec.not_null != ac.not_null && !ts_unknown {
        // nullability (a primary key column is NOT NULL whatever was written)
        let (severity, impact) = if ac.not_null {
            (
                Severity::Medium,
                format!(
                    "Inserts that leave {} empty, valid in {}, fail in {}.",
                    ec.name, cx.exp.label, cx.act.label
                ),
            )
        } else {
            (
                Severity::Low,
                format!(
                    "{} accepts NULL where {} does not: code may read NULLs it does not expect.",
                    cx.act.label, cx.exp.label
                ),
            )
        };
        let say = |nn: bool| if nn { "NOT NULL" } else { "nullable" };
        let f = Finding::new(
            "column-nullability-mismatch",
            severity,
            object.clone(),
            format!(
                "{label} is {} in {} but {} in {}",
                say(ec.not_null),
                cx.exp.label,
                say(ac.not_null),
                cx.act.label
            ),
        )
        .expected(cx.exp.id, say(ec.not_null))
        .actual(cx.act.id, say(ac.not_null))
        .impact(impact)
        .fix(if ec.not_null {
            format!("{alter} SET NOT NULL;")
        } else {
            format!("{alter} DROP NOT NULL;")
        });
        let f = cx.locate(f, ec.origin.as_ref(), ac.origin.as_ref());
        cx.findings.push(f);
    }
    // default
    // a source that knows defaults only where it gives them (OpenAPI) is compared where it
    // gives one; an empty expression means "has a default, which one is not known"
    if ec.identity.is_none() && ac.identity.is_none() {
        let (de, da) = (
            ec.default.as_ref().map(|d| d.normalized.as_str()),
            ac.default.as_ref().map(|d| d.normalized.as_str()),
        );
        let differ = match (de, da) {
            (Some(""), Some(_)) | (Some(_), Some("")) => false,
            (Some(a), Some(b)) => a != b && !sequence_defaults(a, b),
            (None, None) => false,
            _ => cx.know.defaults,
        };
        if differ {
            let (severity, impact) = match (de, da) {
                (Some(a), Some(b)) if same_behaviour(a, b) => (
                    Severity::Low,
                    "Same behaviour, another function: align them so dumps and diffs agree."
                        .to_string(),
                ),
                (Some(_), None) if ec.not_null => (
                    Severity::Medium,
                    format!(
                        "Inserts that omit {} rely on the default and fail in {}.",
                        ec.name, cx.act.label
                    ),
                ),
                _ => (
                    Severity::Low,
                    "Rows inserted without this column get another value.".to_string(),
                ),
            };
            let show = |d: Option<&str>| d.unwrap_or("no default").to_string();
            let f = Finding::new(
                "column-default-mismatch",
                severity,
                object.clone(),
                format!(
                    "{label} defaults to {} in {} but to {} in {}",
                    show(de),
                    cx.exp.label,
                    show(da),
                    cx.act.label
                ),
            )
            .expected(cx.exp.id, show(de))
            .actual(cx.act.id, show(da))
            .impact(impact)
            .fix(match de {
                Some(d) => format!("{alter} SET DEFAULT {d};"),
                None => format!("{alter} DROP DEFAULT;"),
            });
            let f = cx.locate(f, ec.origin.as_ref(), ac.origin.as_ref());
            cx.findings.push(f);
        }
    }
    // identity
    if cx.know.defaults && ec.identity != ac.identity {
        let say = |i: Option<crate::catalog::Identity>| match i {
            Some(crate::catalog::Identity::Always) => "GENERATED ALWAYS AS IDENTITY",
            Some(crate::catalog::Identity::ByDefault) => "GENERATED BY DEFAULT AS IDENTITY",
            None => "not an identity",
        };
        let f = Finding::new(
            "column-identity-mismatch",
            Severity::Medium,
            object,
            format!(
                "{label} is {} in {} but {} in {}",
                say(ec.identity),
                cx.exp.label,
                say(ac.identity),
                cx.act.label
            ),
        )
        .expected(cx.exp.id, say(ec.identity))
        .actual(cx.act.id, say(ac.identity))
        .impact("Inserts that rely on (or supply) generated values behave differently.");
        let f = cx.locate(f, ec.origin.as_ref(), ac.origin.as_ref());
        cx.findings.push(f);
    }
}

/// Two `nextval('…')` defaults: the sequence names follow the table name and are not drift.
fn sequence_defaults(a: &str, b: &str) -> bool {
    a.starts_with("nextval(") && b.starts_with("nextval(")
}
