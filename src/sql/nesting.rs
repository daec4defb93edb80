//! A bound on nesting before the parser sees the text: the SQL parser recurses on nested
//! parentheses and on runs of prefix operators (`- - - 1`, `NOT NOT …`), so input nested deeper
//! than [`MAX_NESTING`] would overflow any stack. Such a region is blanked to spaces (offsets,
//! lines and UTF-8 are kept) and reported as a syntax error at its start, which makes the
//! statement an `unparsed-statement` finding instead of an abort.
//!
//! The scan is one pass and knows SQL's quoting (`'…'`, `E'…'`, `"…"`, `$tag$…$tag$`, `--` and
//! nested `/* */` comments), so parentheses inside strings do not count; a function body in a
//! dollar quote is checked again when its own text is parsed.

use std::borrow::Cow;

/// The deepest nesting read: 1,000 parentheses / brackets. PostgreSQL's parser stops at
/// 10,000 (bison's stack), real SQL stays below a hundred. The bound is also one on time: the
/// syntax tree's node cache (rowan) rehashes each cached node over its whole subtree when it
/// grows, so a chain of nested calls costs the square of its depth (`f(f(f(…)))` 10,000 deep
/// took 15 s, 1,000 deep takes milliseconds).
pub const MAX_NESTING: usize = 1_000;

/// The longest run of prefix operators read (`- - - 1`, `NOT NOT x`), and of postfix links
/// (`::type`, `.field`, `->'key'`) without an operator or comma between: 1,000; real SQL has
/// two or three. Each nests the syntax tree a level, which costs the square of the run (see
/// [`MAX_NESTING`]).
pub const MAX_PREFIX_RUN: usize = 1_000;

/// The text with regions nested deeper than `limit` (parentheses) or `run_limit` (prefix
/// operators in a row) blanked, and the offsets where each blanked region starts.
pub fn guard(text: &str, limit: usize, run_limit: usize) -> (Cow<'_, str>, Vec<usize>) {
    let b = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut starts = Vec::new();
    let mut depth = 0usize;
    // > 0 while blanking: the depth at which blanking ends
    let mut blank_until: Option<usize> = None;
    let mut run = 0usize;
    let mut run_blanking = false;
    // postfix links (`::`, `.`, `->`) in a row, without an operator or comma between
    let mut links = 0usize;
    let mut link_blanking = false;
    let mut i = 0;
    let blank = |out: &mut Option<Vec<u8>>, from: usize, to: usize| {
        let o = out.get_or_insert_with(|| b.to_vec());
        for c in &mut o[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        let start = i;
        // the end of the token or quoted section starting at i
        let mut end = i + 1;
        let mut operand = true;
        let mut prefix_op = false;
        let mut link = false;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' => {
                // a run of whitespace is one step (indentation is most of a file's bytes)
                while end < b.len() && matches!(b[end], b' ' | b'\t' | b'\r' | b'\n' | b'\x0c') {
                    end += 1;
                }
                operand = false;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                operand = false;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut nest = 1;
                let mut j = i + 2;
                while j < b.len() && nest > 0 {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        nest += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        nest -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                end = j;
                operand = false;
            }
            b'\'' => {
                // E'…' only when the E is a token of its own (not the end of `TABLE'…'`)
                let ident =
                    |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
                let escapes =
                    i > 0 && matches!(b[i - 1], b'e' | b'E') && (i < 2 || !ident(b[i - 2]));
                end = quoted_end(b, i, b'\'', escapes);
            }
            b'"' => end = quoted_end(b, i, b'"', false),
            b'$' => {
                if let Some(tag_end) = dollar_tag_end(b, i) {
                    let tag = &b[i..=tag_end];
                    end = memchr::memmem::find(&b[tag_end + 1..], tag)
                        .map_or(b.len(), |n| tag_end + 1 + n + tag.len());
                }
            }
            b'(' | b'[' => {
                depth += 1;
                operand = false;
                if depth > limit && blank_until.is_none() {
                    blank_until = Some(depth - 1);
                    starts.push(i);
                }
            }
            b')' | b']' => {
                operand = true;
                if blank_until == Some(depth.saturating_sub(1)) {
                    // this closes the first blanked level: blank it, then stop
                    blank(&mut out, i, i + 1);
                    blank_until = None;
                    depth = depth.saturating_sub(1);
                    i += 1;
                    run = 0;
                    continue;
                }
                depth = depth.saturating_sub(1);
            }
            // postfix links that nest the tree one level each: casts, field selection and
            // JSON access (`x::a::b`, `r.a.b`, `j->'a'->>'b'`, `j#>'{a}'`)
            b':' if b.get(i + 1) == Some(&b':') => {
                end = i + 2;
                operand = false;
                link = true;
            }
            b'.' => {
                operand = false;
                link = true;
            }
            b'-' | b'#' if b.get(i + 1) == Some(&b'>') => {
                end = if b.get(i + 2) == Some(&b'>') {
                    i + 3
                } else {
                    i + 2
                };
                operand = false;
                link = true;
            }
            b',' | b';' | b'=' | b'<' | b'>' | b'*' | b'/' | b'%' | b'|' | b'&' | b'^' => {
                operand = false;
                links = 0;
                link_blanking = false;
            }
            b'-' | b'+' | b'~' | b'!' | b'@' => {
                operand = false;
                prefix_op = true;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                    end += 1;
                }
                if b[start..end].eq_ignore_ascii_case(b"not") {
                    operand = false;
                    prefix_op = true;
                }
            }
            _ => {}
        }
        if link {
            links += 1;
            if links > run_limit {
                if !link_blanking {
                    link_blanking = true;
                    starts.push(start);
                }
                blank(&mut out, start, end);
            }
        }
        if prefix_op {
            links = 0;
            link_blanking = false;
            run += 1;
            if run > run_limit {
                if !run_blanking {
                    run_blanking = true;
                    starts.push(start);
                }
                blank(&mut out, start, end);
            }
        } else if operand {
            run = 0;
            run_blanking = false;
        }
        if blank_until.is_some() {
            blank(&mut out, start, end.min(b.len()));
        }
        i = end.max(i + 1);
    }
    starts.sort_unstable();
    starts.dedup();
    match out {
        // only ASCII bytes were replaced, each by a space, and never inside a character's
        // continuation bytes alone: a whole token or quoted section is blanked at a time
        Some(o) => (
            Cow::Owned(
                String::from_utf8(o)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
            starts,
        ),
        None => (Cow::Borrowed(text), starts),
    }
}

/// The end (exclusive) of a quoted section starting at `i` (a doubled quote is kept inside;
/// with `escapes`, a backslash escapes the next byte).
fn quoted_end(b: &[u8], i: usize, q: u8, escapes: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        if escapes && b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

/// `$tag$` starting at `i`: the offset of its closing `$`.
fn dollar_tag_end(b: &[u8], i: usize) -> Option<usize> {
    // `$1` is a parameter, not a tag
    if b.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut j = i + 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] >= 0x80) {
        j += 1;
    }
    (b.get(j) == Some(&b'$')).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_text_is_untouched() {
        let t = "SELECT ((1)), - - 2, NOT NOT true, '((((((' FROM t; -- ((((((";
        let (out, starts) = guard(t, 3, 3);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert!(starts.is_empty());
    }

    #[test]
    fn deep_parentheses_are_blanked() {
        let t = "SELECT ((((((1)))))) ; SELECT 2;";
        let (out, starts) = guard(t, 3, 3);
        assert_eq!(out.len(), t.len());
        assert_eq!(starts, vec![10]);
        assert_eq!(&out[..10], "SELECT (((");
        assert!(out.ends_with(")))) ; SELECT 2;") || out.contains("))) ; SELECT 2;"));
        assert!(!out[10..17].contains('('));
    }

    #[test]
    fn long_prefix_runs_are_blanked() {
        let t = "SELECT - - - - - 1, NOT NOT NOT NOT x";
        let (out, starts) = guard(t, 3, 3);
        assert_eq!(starts.len(), 2);
        assert_eq!(out.len(), t.len());
        // a binary chain is not a run
        let (_, s) = guard("SELECT 1 - 2 - 3 - 4 - 5 - 6", 3, 3);
        assert!(s.is_empty());
    }

    #[test]
    fn quotes_and_comments_do_not_count() {
        let t = "SELECT $f$ (((((( $f$, E'\\' ((((((', \"((((((\" /* ((((( /* ((( */ */ FROM t";
        let (_, starts) = guard(t, 3, 3);
        assert!(starts.is_empty());
    }
}
