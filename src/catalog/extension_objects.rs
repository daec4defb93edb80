//! What each extension creates — functions with their arity, types, operator classes,
//! relations and schemas — as the real server lists them after `CREATE EXTENSION`
//! (`platform/postgres/extension-objects.tsv`, written by `platform/postgres/generate-extensions`
//! for every extension installable here: contrib, PostGIS, pg_cron, pg_partman and the
//! stand-ins of `platform/extensions/`). Like the system catalogs, these objects are not part
//! of a project's catalog (the live database lists them as the extension's, and nothing
//! compares them); the replay looks them up once a migration created the extension.

use std::collections::HashMap;
use std::sync::LazyLock;

const EXTENSION_OBJECTS: &str = include_str!("../../platform/postgres/extension-objects.tsv");
const SYSTEM_FUNCTIONS: &str = include_str!("../../platform/postgres/system-functions.txt");

/// An extension as its control file describes it.
#[derive(Debug)]
pub struct ExtensionInfo {
    pub name: &'static str,
    /// The schema a non-relocatable extension always lives in (`pgmq`, `vault` …).
    pub fixed_schema: Option<&'static str>,
    pub relocatable: bool,
    pub requires: Vec<&'static str>,
}

/// An object an extension creates. `schema` is `None` when the object lives in the schema the
/// extension was created in.
#[derive(Debug)]
pub struct ExtObject {
    pub extension: &'static str,
    pub schema: Option<&'static str>,
    pub name: &'static str,
    pub detail: ObjectDetail,
}

#[derive(Debug)]
pub enum ObjectDetail {
    Function {
        identity_args: &'static str,
        required: usize,
        /// `None` for a variadic function.
        max: Option<usize>,
        result: &'static str,
    },
    Type,
    OpClass {
        method: &'static str,
        default: bool,
        input: &'static str,
    },
    Relation {
        kind: char,
        columns: Vec<(&'static str, &'static str)>,
    },
    Schema,
}

#[derive(Default)]
pub struct ExtensionCatalog {
    pub extensions: HashMap<&'static str, ExtensionInfo>,
    functions: HashMap<&'static str, Vec<ExtObject>>,
    types: HashMap<&'static str, Vec<ExtObject>>,
    opclasses: HashMap<&'static str, Vec<ExtObject>>,
    relations: HashMap<&'static str, Vec<ExtObject>>,
    schemas: Vec<ExtObject>,
}

impl ExtensionCatalog {
    pub fn functions(&self, name: &str) -> &[ExtObject] {
        self.functions.get(name).map_or(&[], |v| v.as_slice())
    }
    pub fn types(&self, name: &str) -> &[ExtObject] {
        self.types.get(name).map_or(&[], |v| v.as_slice())
    }
    pub fn opclasses(&self, name: &str) -> &[ExtObject] {
        self.opclasses.get(name).map_or(&[], |v| v.as_slice())
    }
    pub fn relations(&self, name: &str) -> &[ExtObject] {
        self.relations.get(name).map_or(&[], |v| v.as_slice())
    }
    /// Default operator classes of an access method, over every extension.
    pub fn default_opclasses(&self, method: &str) -> impl Iterator<Item = &ExtObject> {
        self.opclasses.values().flatten().filter(move |o| {
            matches!(&o.detail, ObjectDetail::OpClass { method: m, default: true, .. } if *m == method)
        })
    }
    /// The schemas an extension creates of its own (pg_net's `net`).
    pub fn own_schemas(&self, extension: &str) -> Vec<&'static str> {
        self.schemas
            .iter()
            .filter(|o| o.extension == extension)
            .map(|o| o.name)
            .collect()
    }
    /// The extension that provides `name` of a kind: one without the `-3` alias suffix
    /// PostGIS packages add, if there is one.
    pub fn preferred<'a>(objects: impl IntoIterator<Item = &'a ExtObject>) -> Option<&'static str> {
        objects
            .into_iter()
            .map(|o| o.extension)
            .min_by_key(|e| (e.ends_with("-3"), e.len()))
    }
}

static CATALOG: LazyLock<ExtensionCatalog> = LazyLock::new(|| parse(EXTENSION_OBJECTS));

static BUILTIN_FUNCTIONS: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| SYSTEM_FUNCTIONS.lines().map(str::trim).collect());

/// The extension catalog generated from the real server.
pub fn extension_catalog() -> &'static ExtensionCatalog {
    &CATALOG
}

/// Whether pg_catalog has a function of this name (any arity).
pub fn is_builtin_function(name: &str) -> bool {
    BUILTIN_FUNCTIONS.contains(name)
}

fn parse(text: &'static str) -> ExtensionCatalog {
    let mut c = ExtensionCatalog::default();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&'static str> = line.split('\t').collect();
        let get = |i: usize| f.get(i).copied().unwrap_or("");
        let schema = match get(2) {
            "@" | "" => None,
            s => Some(s),
        };
        let obj = |detail| ExtObject {
            extension: get(1),
            schema,
            name: get(3),
            detail,
        };
        match get(0) {
            "extension" => {
                c.extensions.insert(
                    get(1),
                    ExtensionInfo {
                        name: get(1),
                        fixed_schema: Some(get(2)).filter(|s| !s.is_empty()),
                        relocatable: get(3) == "t",
                        requires: get(4).split_whitespace().collect(),
                    },
                );
            }
            "function" => {
                c.functions
                    .entry(get(3))
                    .or_default()
                    .push(obj(ObjectDetail::Function {
                        identity_args: get(4),
                        required: get(5).parse().unwrap_or(0),
                        max: get(6).parse().ok(),
                        result: get(7),
                    }))
            }
            "type" => c
                .types
                .entry(get(3))
                .or_default()
                .push(obj(ObjectDetail::Type)),
            "opclass" => c
                .opclasses
                .entry(get(3))
                .or_default()
                .push(obj(ObjectDetail::OpClass {
                    method: get(4),
                    default: get(5) == "default",
                    input: get(7),
                })),
            "relation" => {
                c.relations
                    .entry(get(3))
                    .or_default()
                    .push(obj(ObjectDetail::Relation {
                        kind: get(4).chars().next().unwrap_or('r'),
                        columns: get(7)
                            .split(',')
                            .filter_map(|c| c.split_once(':'))
                            .collect(),
                    }))
            }
            "schema" => c.schemas.push(obj(ObjectDetail::Schema)),
            _ => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_what_common_extensions_create() {
        let c = extension_catalog();
        assert_eq!(
            ExtensionCatalog::preferred(c.functions("similarity")),
            Some("pg_trgm")
        );
        assert_eq!(
            ExtensionCatalog::preferred(c.types("vector")),
            Some("vector")
        );
        assert_eq!(
            ExtensionCatalog::preferred(c.types("geometry")),
            Some("postgis")
        );
        assert_eq!(
            ExtensionCatalog::preferred(c.opclasses("gin_trgm_ops")),
            Some("pg_trgm")
        );
        assert_eq!(
            ExtensionCatalog::preferred(c.opclasses("vector_cosine_ops")),
            Some("vector")
        );
        assert!(
            c.opclasses("gist_uuid_ops")
                .iter()
                .any(|o| o.extension == "btree_gist")
        );
        assert!(
            c.default_opclasses("gist")
                .any(|o| o.extension == "btree_gist"
                    && matches!(o.detail, ObjectDetail::OpClass { input: "uuid", .. }))
        );
        assert_eq!(c.extensions["pgmq"].fixed_schema, Some("pgmq"));
        assert!(
            c.functions("create_secret")
                .iter()
                .any(|o| o.extension == "supabase_vault")
        );
        assert!(
            c.relations("secrets")
                .iter()
                .any(|o| o.extension == "supabase_vault")
        );
        assert!(c.own_schemas("pg_net").contains(&"net"));
        assert!(is_builtin_function("lower") && !is_builtin_function("similarity"));
    }
}
