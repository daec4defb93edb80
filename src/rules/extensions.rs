//! `missing-extension`: what needs an extension that is not enabled (or not reachable).
//!
//! The replay refuses at CREATE time what PostgreSQL refuses (a column of an extension's type,
//! an index with its operator class, a SQL function or default calling its function): those
//! are `migration-error`s and are not reported again here. What PostgreSQL only finds out at
//! run time is left: plpgsql bodies calling an extension's function when the extension is not
//! enabled, or when it is installed in a schema that the function's `search_path` leaves out.

use super::RuleContext;
use super::util::{is_platform, is_user_schema};
use crate::catalog::Catalog;
use crate::catalog::extension_objects::extension_catalog;
use crate::findings::{Finding, RuleDoc, Severity};
use crate::replay::extension_of_function;
use crate::replay::resolve::plpgsql_references;

pub(super) const DOC_MISSING_EXTENSION: RuleDoc = RuleDoc {
    id: "missing-extension",
    default_severity: "high",
    text: "Something calls a function (or uses a type or operator class) that an extension provides, and the extension is not enabled — or it is installed in a schema that is not on the caller's search_path. DDL that needs it fails at once (a migration-error); a plpgsql body only fails when it runs.\n\nBad:\n  CREATE FUNCTION search(q text) RETURNS SETOF docs LANGUAGE plpgsql AS $$\n  BEGIN RETURN QUERY SELECT * FROM docs WHERE similarity(title, q) > 0.3; END $$;   -- pg_trgm not enabled\nGood:\n  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA extensions;\n  CREATE FUNCTION search(q text) RETURNS SETOF docs LANGUAGE plpgsql SET search_path = public, extensions AS $$ … $$;",
};

pub(super) fn missing_extension(catalog: &Catalog, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if !catalog.knowledge.extensions || !catalog.knowledge.functions {
        return out;
    }
    for f in catalog.functions() {
        if f.language != "plpgsql"
            || !is_user_schema(catalog, &f.schema)
            || is_platform(f.origin.as_ref())
        {
            continue;
        }
        let (refs, _) = plpgsql_references(&f.body);
        let path: Vec<String> = match f.search_path() {
            Some(p) => p
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            None if ctx.supabase => vec!["public".into(), "extensions".into()],
            None => vec!["public".into()],
        };
        let mut seen = Vec::new();
        for called in &refs.functions {
            let Some((ext, fixed)) = providing_extension(catalog, &called.schema, &called.name)
            else {
                continue;
            };
            // a user function of that name shadows the extension's
            let user_defined = catalog.functions().any(|g| {
                g.name == called.name
                    && is_user_schema(catalog, &g.schema)
                    && (called.schema.is_empty() || g.schema == called.schema)
            });
            if user_defined || seen.contains(&called.name) {
                continue;
            }
            seen.push(called.name.clone());
            let object = f.display_name();
            match catalog.extensions.get(ext) {
                None => out.push(
                    Finding::new(
                        "missing-extension",
                        Severity::High,
                        object.clone(),
                        format!(
                            "function {object} calls {}(), which the {ext} extension provides, and {ext} is not enabled: every call fails with function {}(…) does not exist",
                            called.name, called.name
                        ),
                    )
                    .at_origin(f.origin.as_ref())
                    .impact("The function fails at run time; PostgreSQL does not check plpgsql bodies when they are created.")
                    .fix(format!(
                        "CREATE EXTENSION IF NOT EXISTS \"{ext}\"{};",
                        if ctx.supabase { " SCHEMA extensions" } else { "" }
                    )),
                ),
                Some(e) => {
                    // an object the extension creates in a schema of its own (pg_cron's
                    // `cron.schedule`) is there whatever schema the extension is created in
                    let home = fixed.unwrap_or(e.schema.as_str());
                    let reachable = if called.schema.is_empty() {
                        path.iter().any(|s| s == home) || home == "pg_catalog"
                    } else {
                        called.schema == home
                    };
                    if reachable {
                        continue;
                    }
                    out.push(
                        Finding::new(
                            "missing-extension",
                            Severity::High,
                            object.clone(),
                            format!(
                                "function {object} calls {}{}(), but the {ext} extension is installed in schema {}, which {}: every call fails with function does not exist",
                                if called.schema.is_empty() { String::new() } else { format!("{}.", called.schema) },
                                called.name,
                                home,
                                if called.schema.is_empty() {
                                    format!("its search_path ({}) leaves out", if path.is_empty() { "''".to_string() } else { path.join(", ") })
                                } else {
                                    "is not where it is called from".to_string()
                                }
                            ),
                        )
                        .at_origin(f.origin.as_ref())
                        .impact("The function fails at run time.")
                        .fix(format!("-- call it qualified: {home}.{}(…)", called.name)),
                    );
                }
            }
        }
    }
    out
}

/// The extension whose function a call names, and the schema of its own the extension puts
/// it in (`None`: the schema the extension is created in). A qualified call names the
/// extension's function only where that extension puts it: `realtime.send()` is the
/// platform's, not pgmq's `send`; a function the catalog has at that name is not an
/// extension's at all.
fn providing_extension(
    catalog: &Catalog,
    schema: &str,
    name: &str,
) -> Option<(&'static str, Option<&'static str>)> {
    if schema.is_empty() {
        let ext = extension_of_function(name)?;
        let fixed = extension_catalog()
            .functions(name)
            .iter()
            .find(|o| o.extension == ext)
            .and_then(|o| o.schema);
        return Some((ext, fixed));
    }
    if catalog
        .functions_named(&crate::catalog::QualName::new(schema, name))
        .next()
        .is_some()
    {
        return None;
    }
    extension_of_function(name)?;
    let ext_catalog = extension_catalog();
    let objects = ext_catalog.functions(name);
    if let Some(o) = objects.iter().find(|o| o.schema == Some(schema)) {
        return Some((o.extension, o.schema));
    }
    // an extension created in whatever schema (not one that always lives in another schema,
    // like pgmq): reachable there only if the call names it
    crate::catalog::extension_objects::ExtensionCatalog::preferred(objects.iter().filter(|o| {
        o.schema.is_none()
            && ext_catalog
                .extensions
                .get(o.extension)
                .and_then(|e| e.fixed_schema)
                .is_none_or(|f| f == schema)
    }))
    .map(|ext| (ext, None))
}
