//! Type normalization: any spelling of a type becomes the text `format_type()` prints for it,
//! so `int4`, `INTEGER` and `int` all read `integer`, and `VARCHAR(255)` reads
//! `character varying(255)`. User-defined types are schema-qualified (`public.mood`).

/// A type name split into words, modifiers and array dimensions.
#[derive(Debug, PartialEq, Eq)]
struct TypeParts {
    /// Folded words of the name; the last may carry a schema (`public.mood` is one word).
    words: Vec<String>,
    modifiers: Vec<String>,
    array_dims: usize,
    /// `WITH TIME ZONE` (Some(true)) / `WITHOUT TIME ZONE` (Some(false)).
    time_zone: Option<bool>,
}

fn split(raw: &str) -> TypeParts {
    let mut words = Vec::new();
    let mut modifiers = Vec::new();
    let mut array_dims = 0;
    let mut time_zone = None;
    let chars: Vec<char> = raw.trim().chars().collect();
    let mut i = 0;
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                // quoted identifier: keep case, unescape doubled quotes
                i += 1;
                while i < chars.len() {
                    if chars[i] == '"' {
                        if chars.get(i + 1) == Some(&'"') {
                            current.push('"');
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    current.push(chars[i]);
                    i += 1;
                }
            }
            '(' => {
                flush(&mut current, &mut words);
                let mut depth = 1;
                let mut buf = String::new();
                i += 1;
                while i < chars.len() && depth > 0 {
                    match chars[i] {
                        '(' => {
                            depth += 1;
                            buf.push('(');
                        }
                        ')' => {
                            depth -= 1;
                            if depth > 0 {
                                buf.push(')');
                            }
                        }
                        ',' if depth == 1 => {
                            modifiers.push(buf.trim().to_string());
                            buf.clear();
                        }
                        ch => buf.push(ch),
                    }
                    i += 1;
                }
                if !buf.trim().is_empty() {
                    modifiers.push(buf.trim().to_string());
                }
                continue;
            }
            '[' => {
                flush(&mut current, &mut words);
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                array_dims += 1;
            }
            c if c.is_whitespace() => flush(&mut current, &mut words),
            '.' => current.push('.'),
            c => current.push(c.to_ascii_lowercase()),
        }
        i += 1;
    }
    flush(&mut current, &mut words);
    // ARRAY / ARRAY[n] suffix, and time zone clauses
    if words.last().is_some_and(|w| w == "array") {
        words.pop();
        array_dims = array_dims.max(1);
    }
    let n = words.len();
    if n >= 3 && words[n - 2] == "time" && words[n - 1] == "zone" {
        if n >= 4 && words[n - 3] == "without" {
            time_zone = Some(false);
            words.truncate(n - 3);
        } else if words[n - 3] == "with" {
            time_zone = Some(true);
            words.truncate(n - 3);
        }
    }
    TypeParts {
        words,
        modifiers,
        array_dims,
        time_zone,
    }
}

/// The built-in name for an alias, or None when the name is not a built-in type.
fn builtin(name: &str) -> Option<&'static str> {
    Some(match name {
        "int" | "integer" | "int4" | "pg_catalog.int4" | "serial" | "serial4" => "integer",
        "smallint" | "int2" | "pg_catalog.int2" | "smallserial" | "serial2" => "smallint",
        "bigint" | "int8" | "pg_catalog.int8" | "bigserial" | "serial8" => "bigint",
        "real" | "float4" | "pg_catalog.float4" => "real",
        "double precision" | "float8" | "pg_catalog.float8" => "double precision",
        "bool" | "boolean" | "pg_catalog.bool" => "boolean",
        "text" | "pg_catalog.text" => "text",
        "varchar" | "character varying" | "char varying" | "pg_catalog.varchar" => {
            "character varying"
        }
        "char" | "character" | "bpchar" | "pg_catalog.bpchar" => "character",
        "\"char\"" => "\"char\"",
        "numeric" | "decimal" | "dec" | "pg_catalog.numeric" => "numeric",
        "timestamp" | "pg_catalog.timestamp" => "timestamp",
        "timestamptz" | "pg_catalog.timestamptz" => "timestamptz",
        "time" | "pg_catalog.time" => "time",
        "timetz" | "pg_catalog.timetz" => "timetz",
        "date" => "date",
        "interval" => "interval",
        "uuid" => "uuid",
        "json" => "json",
        "jsonb" => "jsonb",
        "bytea" => "bytea",
        "inet" => "inet",
        "cidr" => "cidr",
        "macaddr" => "macaddr",
        "macaddr8" => "macaddr8",
        "money" => "money",
        "xml" => "xml",
        "tsvector" => "tsvector",
        "tsquery" => "tsquery",
        "oid" => "oid",
        "name" => "name",
        "regclass" => "regclass",
        "regproc" => "regproc",
        "regprocedure" => "regprocedure",
        "regtype" => "regtype",
        "regrole" => "regrole",
        "regnamespace" => "regnamespace",
        "bit" => "bit",
        "varbit" | "bit varying" => "bit varying",
        "point" => "point",
        "line" => "line",
        "lseg" => "lseg",
        "box" => "box",
        "path" => "path",
        "polygon" => "polygon",
        "circle" => "circle",
        "int4range" => "int4range",
        "int8range" => "int8range",
        "numrange" => "numrange",
        "tsrange" => "tsrange",
        "tstzrange" => "tstzrange",
        "daterange" => "daterange",
        "int4multirange" => "int4multirange",
        "int8multirange" => "int8multirange",
        "nummultirange" => "nummultirange",
        "tsmultirange" => "tsmultirange",
        "tstzmultirange" => "tstzmultirange",
        "datemultirange" => "datemultirange",
        "record" => "record",
        "trigger" => "trigger",
        "event_trigger" => "event_trigger",
        "void" => "void",
        "anyelement" => "anyelement",
        "anyarray" => "anyarray",
        "anynonarray" => "anynonarray",
        "anyenum" => "anyenum",
        "anyrange" => "anyrange",
        "anycompatible" => "anycompatible",
        "anycompatiblearray" => "anycompatiblearray",
        "cstring" => "cstring",
        "internal" => "internal",
        "pg_lsn" => "pg_lsn",
        "txid_snapshot" => "txid_snapshot",
        "pg_snapshot" => "pg_snapshot",
        "xid" => "xid",
        "xid8" => "xid8",
        "cid" => "cid",
        "tid" => "tid",
        "unknown" => "unknown",
        "refcursor" => "refcursor",
        "jsonpath" => "jsonpath",
        "aclitem" => "aclitem",
        "regconfig" => "regconfig",
        "regdictionary" => "regdictionary",
        "regoper" => "regoper",
        "regoperator" => "regoperator",
        "regcollation" => "regcollation",
        _ => return None,
    })
}

/// True when the (raw) type is one of the serial pseudo-types.
pub fn serial_kind(raw: &str) -> Option<&'static str> {
    let p = split(raw);
    if p.array_dims > 0 || !p.modifiers.is_empty() {
        return None;
    }
    match p.words.join(" ").as_str() {
        "serial" | "serial4" | "pg_catalog.serial" => Some("integer"),
        "bigserial" | "serial8" => Some("bigint"),
        "smallserial" | "serial2" => Some("smallint"),
        _ => None,
    }
}

/// Normalizes a type as written in SQL. `resolve` is asked to qualify a name that is not a
/// built-in type (it gets the folded, possibly qualified name and returns `schema.name`);
/// when it returns None the name is kept as written (folded).
pub fn normalize_type_with(raw: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let p = split(raw);
    let joined = p.words.join(" ");
    let mut out = match builtin(&joined) {
        Some(base) => format_builtin(base, &p.modifiers, p.time_zone),
        None => {
            // `character varying` written with odd spacing, `double  precision`, etc. were
            // joined above; anything else is a user or extension type.
            let name = resolve(&joined).unwrap_or(joined);
            if p.modifiers.is_empty() {
                name
            } else {
                format!("{}({})", name, p.modifiers.join(","))
            }
        }
    };
    for _ in 0..p.array_dims {
        out.push_str("[]");
    }
    out
}

/// Normalizes a type without resolving user types (they stay as written, folded).
pub fn normalize_type(raw: &str) -> String {
    normalize_type_with(raw, &|_| None)
}

fn format_builtin(base: &str, mods: &[String], tz: Option<bool>) -> String {
    let m = |v: &[String]| v.join(",");
    match base {
        "character varying" if !mods.is_empty() => format!("character varying({})", m(mods)),
        "character" => {
            if mods.is_empty() {
                "character(1)".into()
            } else {
                format!("character({})", m(mods))
            }
        }
        "numeric" => match mods.len() {
            0 => "numeric".into(),
            1 => format!("numeric({},0)", mods[0]),
            _ => format!("numeric({})", m(mods)),
        },
        "timestamp" | "timestamptz" | "time" | "timetz" => {
            let with_tz = base.ends_with("tz") || tz == Some(true);
            let word = if base.starts_with("timestamp") {
                "timestamp"
            } else {
                "time"
            };
            let prec = if mods.is_empty() {
                String::new()
            } else {
                format!("({})", m(mods))
            };
            format!(
                "{word}{prec} {} time zone",
                if with_tz { "with" } else { "without" }
            )
        }
        "real" if !mods.is_empty() => "real".into(),
        "double precision" => "double precision".into(),
        "bit" => {
            if mods.is_empty() {
                "bit(1)".into()
            } else {
                format!("bit({})", m(mods))
            }
        }
        "interval" if !mods.is_empty() => format!("interval({})", m(mods)),
        other if !mods.is_empty() && matches!(other, "bit varying") => {
            format!("{other}({})", m(mods))
        }
        other => other.to_string(),
    }
}

/// `float(p)`: PostgreSQL maps p ≤ 24 to real and larger to double precision.
pub fn float_with_precision(raw: &str) -> Option<String> {
    let p = split(raw);
    if p.words.join(" ") != "float" {
        return None;
    }
    let base = match p.modifiers.first().and_then(|m| m.parse::<u32>().ok()) {
        Some(n) if n <= 24 => "real",
        _ => "double precision",
    };
    let mut out = base.to_string();
    for _ in 0..p.array_dims {
        out.push_str("[]");
    }
    Some(out)
}

/// The marker of a type written in TypeScript by Supabase's generator (generated types are
/// kept as the generator wrote them: `ts:string`, `ts:Json[]` …, never as an invented SQL type).
pub const TS_PREFIX: &str = "ts:";

/// A TypeScript type the types parser could not read (functions, conditional types …).
pub const TS_UNREADABLE: &str = "…";

/// The TypeScript text of a `ts:` marker type (`ts:string[]` → `string[]`), None for SQL types.
pub fn ts_type(data_type: &str) -> Option<&str> {
    data_type.strip_prefix(TS_PREFIX)
}

/// A type as a message shows it: SQL types as they are, TypeScript types as written.
pub fn display_type(data_type: &str) -> &str {
    ts_type(data_type).unwrap_or(data_type)
}

/// The type without any modifiers (`timestamp(3) with time zone` → `timestamp with time
/// zone`, `numeric(10,2)[]` → `numeric[]`): what a source that does not know modifiers gives.
pub fn without_modifiers(normalized: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    // a quoted name is kept whole (`public."t(1)"` has no modifier)
    let mut quoted = false;
    // whitespace outside quotes collapses to one space
    let mut space = false;
    for c in normalized.chars() {
        if quoted {
            out.push(c);
            quoted = c != '"';
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c if c.is_whitespace() => space = true,
            _ => {
                if space && !out.is_empty() && c != '[' {
                    out.push(' ');
                }
                space = false;
                quoted = c == '"';
                out.push(c);
            }
        }
    }
    out
}

/// The type without modifiers or array marks (`character varying(20)` → `character varying`).
pub fn base_type(normalized: &str) -> &str {
    let end = normalized.find(['(', '[']).unwrap_or(normalized.len());
    normalized[..end].trim_end()
}

pub fn is_array(normalized: &str) -> bool {
    normalized.ends_with("[]")
}

/// Broad families, used to tell compatible types (foreign keys, comparisons) and to grade
/// the impact of a type change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeFamily {
    Integer,
    Numeric,
    Float,
    Text,
    Uuid,
    Boolean,
    Timestamp,
    Date,
    Time,
    Interval,
    Json,
    Bytes,
    Network,
    Other,
}

pub fn family(normalized: &str) -> TypeFamily {
    if is_array(normalized) || ts_type(normalized).is_some() {
        return TypeFamily::Other;
    }
    match base_type(normalized) {
        "smallint" | "integer" | "bigint" => TypeFamily::Integer,
        "numeric" | "money" => TypeFamily::Numeric,
        "real" | "double precision" => TypeFamily::Float,
        "text" | "character varying" | "character" | "name" | "citext" | "extensions.citext"
        | "public.citext" => TypeFamily::Text,
        "uuid" => TypeFamily::Uuid,
        "boolean" => TypeFamily::Boolean,
        "date" => TypeFamily::Date,
        "interval" => TypeFamily::Interval,
        "json" | "jsonb" => TypeFamily::Json,
        "bytea" => TypeFamily::Bytes,
        "inet" | "cidr" => TypeFamily::Network,
        b if b.starts_with("timestamp") => TypeFamily::Timestamp,
        b if b.starts_with("time") => TypeFamily::Time,
        _ => TypeFamily::Other,
    }
}

/// Whether PostgreSQL has an equality operator between the two types that a foreign key
/// can use (the check behind "Key columns … are of incompatible types").
pub fn fk_compatible(referencing: &str, referenced: &str) -> bool {
    if referencing == referenced {
        return true;
    }
    let (a, b) = (family(referencing), family(referenced));
    if is_array(referencing) || is_array(referenced) {
        return referencing == referenced;
    }
    match (a, b) {
        (TypeFamily::Integer, TypeFamily::Integer) => true,
        (TypeFamily::Numeric, TypeFamily::Numeric) => true,
        (
            TypeFamily::Integer | TypeFamily::Numeric | TypeFamily::Float,
            TypeFamily::Integer | TypeFamily::Numeric | TypeFamily::Float,
        ) => true,
        (TypeFamily::Text, TypeFamily::Text) => true,
        (TypeFamily::Timestamp, TypeFamily::Timestamp)
        | (TypeFamily::Date, TypeFamily::Timestamp)
        | (TypeFamily::Timestamp, TypeFamily::Date) => true,
        (TypeFamily::Date, TypeFamily::Date) | (TypeFamily::Time, TypeFamily::Time) => true,
        (TypeFamily::Network, TypeFamily::Network) => true,
        (TypeFamily::Other, TypeFamily::Other)
        | (TypeFamily::Uuid, TypeFamily::Uuid)
        | (TypeFamily::Boolean, TypeFamily::Boolean)
        | (TypeFamily::Bytes, TypeFamily::Bytes)
        | (TypeFamily::Json, TypeFamily::Json)
        | (TypeFamily::Interval, TypeFamily::Interval) => {
            base_type(referencing) == base_type(referenced)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_read_like_format_type() {
        for (raw, want) in [
            ("int4", "integer"),
            ("INT", "integer"),
            ("int8", "bigint"),
            ("VARCHAR(255)", "character varying(255)"),
            ("character varying", "character varying"),
            ("varchar", "character varying"),
            ("char", "character(1)"),
            ("CHAR(3)", "character(3)"),
            ("DECIMAL(10, 6)", "numeric(10,6)"),
            ("numeric(10)", "numeric(10,0)"),
            ("numeric", "numeric"),
            ("timestamptz", "timestamp with time zone"),
            ("TIMESTAMP WITH TIME ZONE", "timestamp with time zone"),
            ("timestamp", "timestamp without time zone"),
            ("timestamp(3)", "timestamp(3) without time zone"),
            (
                "timestamp(3) without time zone",
                "timestamp(3) without time zone",
            ),
            ("timestamptz(6)", "timestamp(6) with time zone"),
            ("time", "time without time zone"),
            ("float8", "double precision"),
            ("DOUBLE PRECISION", "double precision"),
            ("bool", "boolean"),
            ("text[]", "text[]"),
            ("int[][]", "integer[][]"),
            ("integer ARRAY", "integer[]"),
            ("TEXT", "text"),
            ("\"Mood\"", "Mood"),
            ("public.mood", "public.mood"),
            ("varbit(4)", "bit varying(4)"),
        ] {
            assert_eq!(normalize_type(raw), want, "{raw}");
        }
    }

    #[test]
    fn modifiers_come_off_anywhere() {
        for (t, want) in [
            ("timestamp(3) with time zone", "timestamp with time zone"),
            ("timestamp with time zone", "timestamp with time zone"),
            ("numeric(10,2)", "numeric"),
            ("numeric(10,2)[]", "numeric[]"),
            ("character varying(20)", "character varying"),
            ("public.vector(1536)", "public.vector"),
            ("numeric (10, 2) []", "numeric[]"),
            // a quoted name keeps its parentheses and spaces
            ("public.\"t(1)  x\"", "public.\"t(1)  x\""),
            ("public.\"a\"\"(b)\"[]", "public.\"a\"\"(b)\"[]"),
        ] {
            assert_eq!(without_modifiers(t), want, "{t}");
        }
        assert_eq!(ts_type("ts:string[]"), Some("string[]"));
        assert_eq!(display_type("uuid"), "uuid");
        assert_eq!(family("ts:string"), TypeFamily::Other);
    }

    #[test]
    fn float_precision() {
        assert_eq!(float_with_precision("float(10)").as_deref(), Some("real"));
        assert_eq!(
            float_with_precision("float").as_deref(),
            Some("double precision")
        );
        assert_eq!(
            float_with_precision("float(53)").as_deref(),
            Some("double precision")
        );
    }

    #[test]
    fn serials() {
        assert_eq!(serial_kind("bigserial"), Some("bigint"));
        assert_eq!(serial_kind("SERIAL"), Some("integer"));
        assert_eq!(serial_kind("integer"), None);
    }

    #[test]
    fn fk_compatibility_matches_postgres() {
        assert!(!fk_compatible("text", "uuid"));
        assert!(fk_compatible("integer", "bigint"));
        assert!(fk_compatible("character varying(20)", "text"));
        assert!(!fk_compatible("uuid", "bigint"));
        assert!(fk_compatible("uuid", "uuid"));
    }
}
