//! The byte-level pre-filter: which files can hold a reference at all. One Aho-Corasick pass
//! finds candidate patterns (`.from(`, `.rpc(`, `prisma.`, `$queryRaw`, `.query(`, `` sql` ``
//! …); each hit is then checked by looking at a few bytes around it (a string argument, not
//! `Array.from`). Files without a confirmed hit are never parsed, so they cost one read and one
//! SIMD scan.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// `.from(` `.rpc(` `.table(` …: the first argument is a string literal.
    LiteralArg,
    /// `.from(`: as `LiteralArg`, and not `Array.from` / `storage.from`.
    From,
    /// `.query(` `.execute(` …: the first argument is a string starting like a query.
    SqlArg,
    /// `prisma.`, `$queryRaw`, `` sql` ``: always a candidate.
    Always,
    /// A Prisma operation: followed by `{` or `)`.
    ObjectArg,
}

const PATTERNS: &[(&str, Check)] = &[
    (".from(", Check::From),
    (".rpc(", Check::LiteralArg),
    (".table(", Check::LiteralArg),
    (".from_(", Check::LiteralArg),
    (".schema(", Check::LiteralArg),
    ("prisma.", Check::Always),
    ("Prisma.", Check::Always),
    ("$queryRaw", Check::Always),
    ("$executeRaw", Check::Always),
    ("sql`", Check::Always),
    (".query(", Check::SqlArg),
    (".execute(", Check::SqlArg),
    (".executemany(", Check::SqlArg),
    (".unsafe(", Check::SqlArg),
    (".raw(", Check::SqlArg),
    (".fetch(", Check::SqlArg),
    (".fetchrow(", Check::SqlArg),
    (".fetchval(", Check::SqlArg),
    (".many(", Check::SqlArg),
    (".one(", Check::SqlArg),
    (".oneOrNone(", Check::SqlArg),
    (".manyOrNone(", Check::SqlArg),
    (".any(", Check::SqlArg),
    (".none(", Check::SqlArg),
    (".findMany(", Check::ObjectArg),
    (".findUnique(", Check::ObjectArg),
    (".findUniqueOrThrow(", Check::ObjectArg),
    (".findFirst(", Check::ObjectArg),
    (".findFirstOrThrow(", Check::ObjectArg),
    (".createMany(", Check::ObjectArg),
    (".updateMany(", Check::ObjectArg),
    (".deleteMany(", Check::ObjectArg),
    (".upsert(", Check::ObjectArg),
    (".groupBy(", Check::ObjectArg),
    (".aggregate(", Check::ObjectArg),
];

fn automaton() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(PATTERNS.iter().map(|(p, _)| p.as_bytes()))
            .expect("static patterns build")
    })
}

/// Whether the file may hold a reference (some pattern hit passes its check).
pub fn is_candidate(bytes: &[u8]) -> bool {
    automaton().find_iter(bytes).any(|m| {
        let (_, check) = PATTERNS[m.pattern().as_usize()];
        confirm(bytes, m.start(), m.end(), check)
    })
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Index after a string opening (with Python prefixes and triple quotes), if one starts at `i`.
fn string_start(b: &[u8], mut i: usize) -> Option<usize> {
    let mut n = 0;
    while n < 2
        && i < b.len()
        && matches!(b[i], b'r' | b'R' | b'b' | b'B' | b'f' | b'F' | b'u' | b'U')
    {
        i += 1;
        n += 1;
    }
    match b.get(i) {
        Some(b'\'') | Some(b'"') | Some(b'`') => Some(i + 1),
        _ => None,
    }
}

fn confirm(b: &[u8], start: usize, end: usize, check: Check) -> bool {
    match check {
        Check::Always => true,
        Check::ObjectArg => matches!(b.get(skip_ws(b, end)), Some(b'{') | Some(b')')),
        Check::LiteralArg => string_start(b, skip_ws(b, end)).is_some(),
        Check::From => {
            if string_start(b, skip_ws(b, end)).is_none() {
                return false;
            }
            // The identifier right before `.from`.
            let mut s = start;
            while s > 0
                && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] == b'$')
            {
                s -= 1;
            }
            let word = &b[s..start];
            if word == b"storage" {
                return false;
            }
            let before = if s > 0 { b[s - 1] } else { b' ' };
            // `Array.from(` / `Buffer.from(` with nothing before the class name but an
            // operator or a space.
            !(word.first().is_some_and(|c| c.is_ascii_uppercase()) && before != b'.')
        }
        Check::SqlArg => {
            let mut i = skip_ws(b, end);
            // SQLAlchemy `text("...")`, psycopg `sql.SQL("...")`.
            for prefix in [&b"text("[..], &b"sql.SQL("[..], &b"SQL("[..]] {
                if b[i..].starts_with(prefix) {
                    i = skip_ws(b, i + prefix.len());
                }
            }
            let Some(mut j) = string_start(b, i) else {
                return false;
            };
            while j < b.len() && matches!(b[j], b'"' | b'\'') {
                j += 1; // triple quotes
            }
            j = skip_ws(b, j);
            while j < b.len() && b[j] == b'(' {
                j = skip_ws(b, j + 1);
            }
            let word: Vec<u8> = b[j..]
                .iter()
                .take(6)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            [&b"select"[..], b"with", b"insert", b"update", b"delete"]
                .iter()
                .any(|k| word.starts_with(k))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates() {
        assert!(is_candidate(b"await supabase.from('orgs').select()"));
        assert!(is_candidate(b"supabase\n  .from(\"orgs\")"));
        assert!(!is_candidate(
            b"const a = Array.from(set); Buffer.from('x')"
        ));
        assert!(!is_candidate(b"supabase.storage.from('avatars')"));
        assert!(!is_candidate(b"x.from(items)"));
        assert!(is_candidate(b"pool.query(`\n  SELECT 1`)"));
        assert!(is_candidate(b"cur.execute(\"\"\"select * from t\"\"\")"));
        assert!(!is_candidate(b"client.query({ query: gql`x` })"));
        assert!(is_candidate(b"db.user.findMany({ where })"));
        assert!(!is_candidate(b"_.groupBy(items, 'k')"));
        assert!(is_candidate(b"sb.table('users').select('*')"));
    }
}
