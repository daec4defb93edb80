//! Identifiers and qualified names, with PostgreSQL's folding and quoting rules.

use serde::Serialize;
use std::fmt;

/// A schema-qualified name such as `public.orgs`. Both parts are stored folded
/// (unquoted identifiers lower-cased, quoted ones kept verbatim).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct QualName {
    pub schema: String,
    pub name: String,
}

impl QualName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualName {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// The name as SQL, quoting each part only where PostgreSQL needs it.
    pub fn to_sql(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
}

impl fmt::Display for QualName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// Folds an identifier as written in SQL: `"Foo"` keeps its case (and `""` becomes `"`),
/// `Foo` becomes `foo`. `U&"..."` identifiers are taken literally without escapes.
pub fn fold_ident(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return truncate_ident(inner.replace("\"\"", "\""));
    }
    if let Some(rest) = raw
        .strip_prefix("U&\"")
        .or_else(|| raw.strip_prefix("u&\""))
    {
        return truncate_ident(rest.trim_end_matches('"').replace("\"\"", "\""));
    }
    truncate_ident(raw.to_ascii_lowercase())
}

/// PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1), cut at a
/// character boundary, and says so only in a NOTICE.
pub fn truncate_ident(mut s: String) -> String {
    const MAX: usize = 63;
    if s.len() > MAX {
        let mut n = MAX;
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s.truncate(n);
    }
    s
}

/// Quotes an identifier when PostgreSQL would need quotes to read it back as the same name.
pub fn quote_ident(name: &str) -> String {
    let simple = !name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$')
        && !is_reserved_keyword(name);
    if simple {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// Quotes a string literal the way PostgreSQL prints it.
pub fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Keywords that cannot be used as a bare column or table name (PostgreSQL's reserved and
/// type/function-name keywords that `quote_ident` quotes).
pub fn is_reserved_keyword(name: &str) -> bool {
    RESERVED.binary_search(&name).is_ok()
}

/// PostgreSQL's reserved and type/function-name keywords: not a `ColId`, so never a bare
/// column or variable name (col_name keywords such as `position` are).
pub fn is_not_col_id(word: &str) -> bool {
    NOT_COL_ID.contains(&word)
}

const NOT_COL_ID: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "json",
    "json_array",
    "json_arrayagg",
    "json_object",
    "json_objectagg",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// A qualified name written inside a string (`'"Foo".bar'` as `regclass` reads it): dots
/// outside double quotes separate the parts, each folded as an identifier.
pub fn split_qualified(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = s.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push_str("\"\"");
                chars.next();
            }
            '"' => {
                quoted = !quoted;
                cur.push('"');
            }
            '.' if !quoted => parts.push(fold_ident(&std::mem::take(&mut cur))),
            c => cur.push(c),
        }
    }
    parts.push(fold_ident(&cur));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_follows_postgres() {
        assert_eq!(fold_ident("Orgs"), "orgs");
        assert_eq!(fold_ident("\"userId\""), "userId");
        assert_eq!(fold_ident("\"a\"\"b\""), "a\"b");
    }

    #[test]
    fn quoting_only_when_needed() {
        assert_eq!(quote_ident("orgs"), "orgs");
        assert_eq!(quote_ident("userId"), "\"userId\"");
        assert_eq!(quote_ident("user"), "\"user\"");
        assert_eq!(quote_ident("order"), "\"order\"");
        assert_eq!(quote_ident("2fa"), "\"2fa\"");
        assert_eq!(quote_ident("timestamp"), "\"timestamp\"");
    }

    #[test]
    fn reserved_list_is_sorted() {
        assert!(
            RESERVED.windows(2).all(|w| w[0] < w[1]),
            "binary_search needs a sorted list"
        );
        assert!(is_reserved_keyword("select") && !is_reserved_keyword("name"));
    }
}
