//! Helpers shared by the statement handlers: PostgreSQL's naming of unnamed objects, type
//! and role resolution, extension-provided names.

use super::{PgError, Replay};
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

/// Types that extensions provide, and the extension that provides them.
pub(crate) fn extension_of_type(name: &str) -> Option<&'static str> {
    Some(match name {
        "citext" => "citext",
        "vector" | "halfvec" | "sparsevec" => "vector",
        "geometry" | "geography" | "box2d" | "box3d" => "postgis",
        "hstore" => "hstore",
        "ltree" | "lquery" | "ltxtquery" => "ltree",
        "cube" => "cube",
        "isbn" | "issn" | "ean13" => "isn",
        _ => return None,
    })
}

/// Functions that extensions provide (the ones migrations commonly call).
pub(crate) fn extension_of_function(name: &str) -> Option<&'static str> {
    Some(match name {
        "uuid_generate_v1" | "uuid_generate_v1mc" | "uuid_generate_v3" | "uuid_generate_v4"
        | "uuid_generate_v5" | "uuid_nil" | "uuid_ns_dns" | "uuid_ns_url" | "uuid_ns_oid"
        | "uuid_ns_x500" => "uuid-ossp",
        "gen_salt" | "crypt" | "digest" | "hmac" | "gen_random_bytes" | "pgp_sym_encrypt"
        | "pgp_sym_decrypt" | "pgp_pub_encrypt" | "pgp_pub_decrypt" | "armor" | "dearmor"
        | "encrypt" | "decrypt" => "pgcrypto",
        "similarity"
        | "word_similarity"
        | "strict_word_similarity"
        | "show_trgm"
        | "show_limit"
        | "set_limit" => "pg_trgm",
        "moddatetime" => "moddatetime",
        "unaccent" => "unaccent",
        "levenshtein" | "soundex" | "difference" | "metaphone" | "dmetaphone" => "fuzzystrmatch",
        "http_get" | "http_post" | "http" => "http",
        "st_makepoint" | "st_distance" | "st_setsrid" | "st_dwithin" | "st_asgeojson" => "postgis",
        _ => return None,
    })
}

/// Operator classes that extensions provide.
pub(crate) fn extension_of_opclass(name: &str) -> Option<&'static str> {
    Some(match name {
        "gin_trgm_ops" | "gist_trgm_ops" => "pg_trgm",
        "vector_cosine_ops" | "vector_l2_ops" | "vector_ip_ops" | "vector_l1_ops"
        | "halfvec_cosine_ops" => "vector",
        "gin_hstore_ops" | "gist_hstore_ops" => "hstore",
        "gist_ltree_ops" => "ltree",
        "gist_geometry_ops_2d" | "gist_geometry_ops_nd" => "postgis",
        _ => return None,
    })
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
            Some(name) => Err(PgError::new(
                "42704",
                format!("type \"{name}\" does not exist"),
            )),
            None => Ok(t),
        }
    }

    fn extension_type_in(&self, schema: &str, name: &str) -> bool {
        extension_of_type(name).is_some_and(|ext| {
            self.catalog
                .extensions
                .get(ext)
                .is_some_and(|e| e.schema == schema)
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
        let name = opclass.rsplit('.').next().unwrap_or(opclass);
        if let Some(ext) = extension_of_opclass(name) {
            let visible =
                self.catalog.extensions.get(ext).is_some_and(|e| {
                    opclass.contains('.') || self.lookup_path().contains(&e.schema)
                });
            if !visible {
                return Err(PgError::new(
                    "42704",
                    format!(
                        "operator class \"{opclass}\" does not exist for access method \"{method}\""
                    ),
                )
                .hint(format!(
                    "{name} comes with the {ext} extension: CREATE EXTENSION IF NOT EXISTS {ext};"
                ))
                .fix(format!("CREATE EXTENSION IF NOT EXISTS {ext};")));
            }
        }
        Ok(())
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
