//! Helpers shared by the statement handlers: PostgreSQL's naming of unnamed objects, type
//! and role resolution, extension-provided names.

use super::{PgError, Replay};
use crate::catalog::extension_objects::{
    ExtObject, ExtensionCatalog, ObjectDetail, extension_catalog, is_builtin_function,
};
use crate::catalog::types::{float_with_precision, normalize_type_with};
use crate::catalog::{Catalog, QualName};
use crate::sql::{self, Kind, Node, child, name_parts};

/// PostgreSQL's `makeObjectName`: `name1_name2_label`, truncated to 63 bytes by shortening
/// the longer of the two names first.
pub(crate) fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    const MAX: usize = 63;
    let overhead = label.len() + 1 + if name2.is_some() { 1 } else { 0 };
    let avail = MAX.saturating_sub(overhead);
    let mut l1 = name1.len();
    let mut l2 = name2.map(|n| n.len()).unwrap_or(0);
    while l1 + l2 > avail {
        if l1 > l2 {
            l1 -= 1;
        } else {
            l2 -= 1;
        }
    }
    let cut = |s: &str, n: usize| -> String {
        let mut n = n.min(s.len());
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s[..n].to_string()
    };
    match name2 {
        Some(n2) => format!("{}_{}_{}", cut(name1, l1), cut(n2, l2), label),
        None => format!("{}_{}", cut(name1, l1), label),
    }
}

/// A relation name not yet taken in the schema: `base`, else `base1`, `base2` … (the number
/// goes after the label, as PostgreSQL does).
pub(crate) fn unique_name(catalog: &Catalog, schema: &str, base: String) -> String {
    if catalog
        .relation_kind(&QualName::new(schema, &base))
        .is_none()
    {
        return base;
    }
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| catalog.relation_kind(&QualName::new(schema, n)).is_none())
        .unwrap_or(base)
}

/// `CONSTRAINT name` under a constraint node.
pub(crate) fn constraint_name_clause(node: &Node) -> Option<String> {
    let clause = child(node, Kind::CONSTRAINT_NAME_CLAUSE)?;
    let name = child(&clause, Kind::CONSTRAINT_NAME)?;
    Some(name_parts(&name).join("."))
}

/// The type node directly under a column/parameter node.
pub(crate) fn find_type_node(node: &Node) -> Option<Node> {
    node.children().find(crate::sql::is_type_node)
}

/// The extension that provides a type of this name (from the generated extension catalog).
pub(crate) fn extension_of_type(name: &str) -> Option<&'static str> {
    ExtensionCatalog::preferred(extension_catalog().types(name))
}

/// The extension that provides a function of this name, when pg_catalog has none of that
/// name (citext's `lower(citext)` does not make `lower` an extension function).
pub(crate) fn extension_of_function(name: &str) -> Option<&'static str> {
    if is_builtin_function(name) {
        return None;
    }
    ExtensionCatalog::preferred(extension_catalog().functions(name))
}

impl Replay {
    /// Resolves a type as written into its normalized name, or PostgreSQL's error.
    pub(crate) fn resolve_type(&self, raw: &str) -> Result<String, PgError> {
        if let Some(f) = float_with_precision(raw) {
            return Ok(f);
        }
        let missing = std::cell::RefCell::new(None::<String>);
        let path = self.lookup_path();
        let resolve = |name: &str| -> Option<String> {
            let parts: Vec<&str> = name.split('.').collect();
            let found = match parts.as_slice() {
                [schema, n] => {
                    let q = QualName::new(*schema, *n);
                    (self.catalog.type_def(&q).is_some()
                        || self.catalog.table(&q).is_some()
                        || self.catalog.view(&q).is_some()
                        || self.extension_type_in(schema, n))
                    .then(|| q.to_string())
                }
                [n] => path.iter().find_map(|s| {
                    let q = QualName::new(s, *n);
                    (self.catalog.type_def(&q).is_some()
                        || self.catalog.table(&q).is_some()
                        || self.catalog.view(&q).is_some()
                        || self.extension_type_in(s, n))
                    .then(|| q.to_string())
                }),
                _ => None,
            };
            if found.is_none() {
                *missing.borrow_mut() = Some(name.to_string());
            }
            found
        };
        let t = normalize_type_with(raw, &resolve);
        match missing.into_inner() {
            Some(name) => {
                let e = PgError::new("42704", format!("type \"{name}\" does not exist"));
                let base = name.rsplit('.').next().unwrap_or(&name);
                Err(match extension_of_type(base) {
                    Some(ext) => e
                        .hint(format!(
                            "{base} comes with the {ext} extension: CREATE EXTENSION IF NOT EXISTS \"{ext}\";"
                        ))
                        .fix(format!("CREATE EXTENSION IF NOT EXISTS \"{ext}\";")),
                    None => e,
                })
            }
            None => Ok(t),
        }
    }

    fn extension_type_in(&self, schema: &str, name: &str) -> bool {
        extension_catalog()
            .types(name)
            .iter()
            .any(|o| self.extension_object_schema(o).as_deref() == Some(schema))
    }

    /// The schema an extension's object lives in, when the extension has been created.
    pub(crate) fn extension_object_schema(&self, o: &ExtObject) -> Option<String> {
        let e = self.catalog.extensions.get(o.extension)?;
        Some(o.schema.map_or_else(|| e.schema.clone(), str::to_string))
    }

    /// Whether a created extension provides `schema.name` as a function taking `nargs`
    /// arguments: `Some(true)` it does, `Some(false)` only with another arity, `None` not at
    /// all. `schema` None searches the lookup path.
    pub(crate) fn extension_function(
        &self,
        schema: Option<&str>,
        name: &str,
        nargs: usize,
    ) -> Option<bool> {
        if extension_catalog().functions(name).is_empty() {
            return None;
        }
        let path = self.lookup_path();
        let mut found = None;
        for o in extension_catalog().functions(name) {
            let Some(s) = self.extension_object_schema(o) else {
                continue;
            };
            let visible = match schema {
                Some(want) => s == want,
                None => path.contains(&s),
            };
            if !visible {
                continue;
            }
            if let ObjectDetail::Function { required, max, .. } = o.detail
                && nargs >= required
                && max.is_none_or(|m| nargs <= m)
            {
                return Some(true);
            }
            found = Some(false);
        }
        found
    }

    /// The columns of a relation a created extension provides (`vault.decrypted_secrets`,
    /// `cron.job`), found in `schema` or along the search path.
    pub(crate) fn extension_relation(
        &self,
        schema: Option<&str>,
        name: &str,
    ) -> Option<(String, &'static [(&'static str, &'static str)])> {
        if extension_catalog().relations(name).is_empty() {
            return None;
        }
        let path = self.lookup_path();
        extension_catalog().relations(name).iter().find_map(|o| {
            let s = self.extension_object_schema(o)?;
            let visible = match schema {
                Some(want) => s == want,
                None => path.contains(&s),
            };
            match &o.detail {
                ObjectDetail::Relation { columns, .. } if visible => Some((s, columns.as_slice())),
                _ => None,
            }
        })
    }

    /// Whether a created extension gives `ty` a default operator class for `method`
    /// (btree_gist's for uuid and integers, hstore's gin class).
    pub(crate) fn extension_default_opclass(&self, ty: &str, method: &str) -> bool {
        let base = crate::catalog::types::base_type(ty);
        let base = base.rsplit('.').next().unwrap_or(base);
        extension_catalog().default_opclasses(method).any(|o| {
            matches!(&o.detail, ObjectDetail::OpClass { input, .. }
                if input.rsplit('.').next() == Some(base))
                && self.extension_object_schema(o).is_some()
        })
    }

    pub(crate) fn require_role(&self, role: &str) -> Result<(), PgError> {
        let r = role.to_ascii_lowercase();
        if matches!(
            r.as_str(),
            "public" | "current_user" | "session_user" | "current_role"
        ) || self.catalog.roles.contains(role)
        {
            Ok(())
        } else {
            Err(PgError::new(
                "42704",
                format!("role \"{role}\" does not exist"),
            ))
        }
    }

    pub(crate) fn require_opclass(&self, opclass: &str, method: &str) -> Result<(), PgError> {
        let (schema, name) = match opclass.rsplit_once('.') {
            Some((s, n)) => (Some(s), n),
            None => (None, opclass),
        };
        let candidates: Vec<&ExtObject> = extension_catalog()
            .opclasses(name)
            .iter()
            .filter(
                |o| matches!(&o.detail, ObjectDetail::OpClass { method: m, .. } if *m == method),
            )
            .collect();
        if candidates.is_empty() {
            // a built-in class (text_pattern_ops, jsonb_path_ops …) or one we do not know
            return Ok(());
        }
        let path = self.lookup_path();
        let visible = candidates.iter().any(|o| {
            self.extension_object_schema(o)
                .is_some_and(|s| schema.map_or_else(|| path.contains(&s), |want| want == s))
        });
        if visible {
            return Ok(());
        }
        let ext = ExtensionCatalog::preferred(candidates.iter().copied()).unwrap_or_default();
        Err(PgError::new(
            "42704",
            format!("operator class \"{opclass}\" does not exist for access method \"{method}\""),
        )
        .hint(format!(
            "{name} comes with the {ext} extension: CREATE EXTENSION IF NOT EXISTS {ext};"
        ))
        .fix(format!("CREATE EXTENSION IF NOT EXISTS {ext};")))
    }

    /// Role names under a node (`TO anon, authenticated`).
    pub(crate) fn role_names(node: &Node) -> Vec<String> {
        node.descendants()
            .filter(|n| n.kind() == Kind::ROLE_REF)
            .map(|r| {
                let t = sql::compact_text(&r);
                match t.to_ascii_uppercase().as_str() {
                    "PUBLIC" => "public".to_string(),
                    "CURRENT_USER" | "SESSION_USER" | "CURRENT_ROLE" => t.to_ascii_lowercase(),
                    _ => name_parts(&r).join("."),
                }
            })
            .collect()
    }
}
