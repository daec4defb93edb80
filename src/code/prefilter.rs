//! The byte-level pre-filter: which files can hold a reference at all. One SIMD pass finds
//! every `(` and `` ` `` (memchr2); for each, the identifier right before it is compared with
//! the names that matter (`from`, `rpc`, `table`, `query`, `execute`, `findMany`, `$queryRaw`,
//! `sql` …) and, on a match, a few bytes around it are checked (a string argument, a `.`
//! before the method, not `Array.from`). Files without a confirmed hit are never parsed, so
//! they cost one read and one scan at memory speed.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// `.rpc(` `.table(` …: the first argument is a string literal.
    LiteralArg,
    /// `.from(`: as `LiteralArg`, and not `Array.from` / `storage.from`.
    From,
    /// `.query(` `.execute(` …: the first argument is a string starting like a query.
    SqlArg,
    /// `$queryRaw(`, `` sql` ``: always a candidate.
    Always,
    /// A Prisma-only operation: followed by `{` or `)`.
    ObjectArg,
    /// `create(` / `update(` / `delete(` / `count(`: an object argument, on a receiver chain
    /// that mentions a Prisma-like client (`prisma.`, `db.`, `tx.`).
    PrismaCommonOp,
}

/// The check for a method name followed by `(`, and whether a `.` must precede the name.
fn check_for(word: &[u8]) -> Option<(Check, bool)> {
    Some(match word {
        b"from" => (Check::From, true),
        b"rpc" | b"table" | b"from_" | b"schema" => (Check::LiteralArg, true),
        b"query" | b"execute" | b"executemany" | b"unsafe" | b"raw" | b"fetch" | b"fetchrow"
        | b"fetchval" | b"many" | b"one" | b"oneOrNone" | b"manyOrNone" | b"any" | b"none" => {
            (Check::SqlArg, true)
        }
        b"findMany"
        | b"findUnique"
        | b"findUniqueOrThrow"
        | b"findFirst"
        | b"findFirstOrThrow"
        | b"createMany"
        | b"createManyAndReturn"
        | b"updateMany"
        | b"deleteMany"
        | b"upsert"
        | b"groupBy"
        | b"aggregate" => (Check::ObjectArg, true),
        b"create" | b"update" | b"delete" | b"count" => (Check::PrismaCommonOp, true),
        b"$queryRaw" | b"$executeRaw" | b"$queryRawUnsafe" | b"$executeRawUnsafe" => {
            (Check::Always, false)
        }
        _ => return None,
    })
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// Whether the file may hold a reference (some hit passes its check).
pub fn is_candidate(b: &[u8]) -> bool {
    for p in memchr::memchr2_iter(b'(', b'`', b) {
        let mut s = p;
        while s > 0 && p - s < 24 && is_ident_byte(b[s - 1]) {
            s -= 1;
        }
        if s == p || (s > 0 && is_ident_byte(b[s - 1])) {
            continue;
        }
        let word = &b[s..p];
        if b[p] == b'`' {
            if matches!(word, b"sql" | b"$queryRaw" | b"$executeRaw") {
                return true;
            }
            continue;
        }
        let Some((check, dot)) = check_for(word) else {
            continue;
        };
        if dot && (s == 0 || b[s - 1] != b'.') {
            continue;
        }
        if confirm(b, s - usize::from(dot), p + 1, check) {
            return true;
        }
    }
    false
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
        Check::PrismaCommonOp => {
            matches!(b.get(skip_ws(b, end)), Some(b'{')) && {
                let back = &b[start.saturating_sub(64)..start];
                memchr::memmem::find(back, b"prisma").is_some()
                    || memchr::memmem::find(back, b"Prisma").is_some()
                    || memchr::memmem::find(back, b"db.").is_some()
                    || memchr::memmem::find(back, b"tx.").is_some()
            }
        }
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
