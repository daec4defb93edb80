//! The one place that knows the SQL parser (squawk-syntax). Everything else sees scripts as
//! statements with byte ranges and positions, and syntax nodes through the helpers here.
//! An upgrade of the parser touches this module only.

pub mod canon;
pub mod nesting;

pub use squawk_syntax::SyntaxKind as Kind;
pub use squawk_syntax::{SyntaxNode as Node, SyntaxToken as Token};

use crate::catalog::fold_ident;
use rowan::NodeOrToken;

/// A parsed script: its statements in order, and the syntax errors found.
pub struct Script {
    pub statements: Vec<Statement>,
    pub errors: Vec<SyntaxError>,
    /// psql meta-commands, blanked out before parsing.
    pub meta_commands: Vec<MetaCommand>,
    lines: LineIndex,
}

pub struct Statement {
    pub node: Node,
    /// Byte range of the statement in the script (without the trailing semicolon's whitespace).
    pub start: usize,
    pub end: usize,
    /// The statement carries a parse error inside its range.
    pub has_error: bool,
    /// Its last piece does not end with `;` (a broken statement runs on to the next one).
    open_tail: bool,
}

impl Statement {
    pub fn kind(&self) -> Kind {
        self.node.kind()
    }
    pub fn text(&self) -> String {
        text_of(&self.node)
    }
}

#[derive(Clone, Debug)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Maps byte offsets to 1-based line and column (columns count characters).
///
/// A column is counted from a checkpoint at most [`CHECKPOINT`] bytes before the offset, so
/// that many positions on one long line (a minified file with thousands of errors) cost
/// O(log n) each instead of the line's length.
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset at a character boundary, characters from its line's start), ascending:
    /// one every `CHECKPOINT` bytes within lines longer than that.
    checkpoints: Vec<(usize, usize)>,
    text: String,
}

const CHECKPOINT: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
            starts.push(i + 1);
        }
        let mut checkpoints = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            if end - start <= CHECKPOINT {
                continue;
            }
            let mut next = start + CHECKPOINT;
            for (chars, (i, _)) in text[start..end].char_indices().enumerate() {
                if start + i >= next {
                    checkpoints.push((start + i, chars));
                    next = start + i + CHECKPOINT;
                }
            }
        }
        LineIndex {
            starts,
            checkpoints,
            text: text.to_string(),
        }
    }

    /// 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let mut start = self.starts[line];
        let mut base = 0;
        let end = offset.min(self.text.len());
        // the nearest checkpoint of this line at or before the offset
        let k = self.checkpoints.partition_point(|&(o, _)| o <= end);
        if k > 0 && self.checkpoints[k - 1].0 > start {
            (start, base) = self.checkpoints[k - 1];
        }
        let col = self
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end - start);
        (line as u32 + 1, (base + col) as u32 + 1)
    }
}

/// A parsed file that can move between threads: files are parsed in parallel, and the
/// syntax tree proper (which cannot cross threads) is made by [`Script::from_parsed`] on the
/// thread that walks it.
pub struct Parsed {
    parse: squawk_syntax::Parse<squawk_syntax::SourceFile>,
    errors: Vec<SyntaxError>,
    lines: LineIndex,
    meta_commands: Vec<MetaCommand>,
}

/// A psql meta-command (`\connect`, `\i file`, `\restrict key` …): psql runs it, the server
/// never sees it. It is blanked out before parsing (offsets are kept).
#[derive(Clone, Debug)]
pub struct MetaCommand {
    pub offset: usize,
    pub text: String,
}

/// Finds psql meta-commands: a backslash that starts a line (after blanks) outside strings,
/// quoted identifiers, dollar quotes and comments; the command runs to the end of the line.
/// Returns the text with those lines blanked (same length) and the commands.
pub fn strip_meta_commands(text: &str) -> (std::borrow::Cow<'_, str>, Vec<MetaCommand>) {
    if !text.contains('\\') {
        return (std::borrow::Cow::Borrowed(text), Vec::new());
    }
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut found = Vec::new();
    let (mut i, mut line_start) = (0, true);
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'\\' if line_start => {
                let end = b[i..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .map_or(b.len(), |n| i + n);
                found.push(MetaCommand {
                    offset: i,
                    text: text[i..end].trim_end().to_string(),
                });
                out[i..end].iter_mut().for_each(|x| *x = b' ');
                i = end;
                continue;
            }
            _ => {}
        }
        line_start = false;
        i = skip_token(b, i);
    }
    // only ASCII bytes were replaced by blanks, so the text is still UTF-8
    match String::from_utf8(out) {
        Ok(s) => (std::borrow::Cow::Owned(s), found),
        Err(_) => (std::borrow::Cow::Borrowed(text), Vec::new()),
    }
}

/// The index just past the token (string, quoted name, dollar quote, comment, or one byte)
/// that starts at `i`.
fn skip_token(b: &[u8], i: usize) -> usize {
    let find = |from: usize, pat: &[u8]| {
        b[from..]
            .windows(pat.len())
            .position(|w| w == pat)
            .map_or(b.len(), |n| from + n + pat.len())
    };
    match b[i] {
        b'\'' => {
            let escapes = i > 0 && matches!(b[i - 1], b'e' | b'E');
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'\\' if escapes => j += 2,
                    b'\'' if b.get(j + 1) == Some(&b'\'') => j += 2,
                    b'\'' => return j + 1,
                    _ => j += 1,
                }
            }
            b.len()
        }
        b'"' => b[i + 1..]
            .iter()
            .position(|&x| x == b'"')
            .map_or(b.len(), |n| i + n + 2),
        b'-' if b.get(i + 1) == Some(&b'-') => b[i..]
            .iter()
            .position(|&x| x == b'\n')
            .map_or(b.len(), |n| i + n),
        b'/' if b.get(i + 1) == Some(&b'*') => {
            let (mut depth, mut j) = (1, i + 2);
            while j < b.len() && depth > 0 {
                if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                    depth += 1;
                    j += 2;
                } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            j
        }
        b'$' => {
            let tag_end = b[i + 1..]
                .iter()
                .position(|&x| !(x.is_ascii_alphanumeric() || x == b'_'))
                .map(|n| i + 1 + n);
            match tag_end {
                Some(e) if b[e] == b'$' && !(e > i + 1 && b[i + 1].is_ascii_digit()) => {
                    find(e + 1, &b[i..=e])
                }
                _ => i + 1,
            }
        }
        _ => i + 1,
    }
}

impl Parsed {
    /// Syntax errors found while parsing.
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }

    pub fn new(text: &str) -> Parsed {
        let (text, meta_commands) = strip_meta_commands(text);
        // nesting the parser would recurse on without bound: blanked and reported
        let (text, too_deep) = nesting::guard(&text, nesting::MAX_NESTING, nesting::MAX_PREFIX_RUN);
        let text: &str = &text;
        let parse = squawk_syntax::SourceFile::parse(text);
        let mut errors: Vec<SyntaxError> = parse
            .errors()
            .into_iter()
            .map(|e| SyntaxError {
                message: e.message().to_string(),
                offset: usize::from(e.range().start()),
            })
            .collect();
        errors.extend(too_deep.into_iter().map(|offset| SyntaxError {
            message: format!(
                "nested more than {} parentheses or {} prefix operators deep; schemadrift does not read it",
                nesting::MAX_NESTING,
                nesting::MAX_PREFIX_RUN
            ),
            offset,
        }));
        errors.sort_by_key(|e| e.offset);
        Parsed {
            parse,
            errors,
            lines: LineIndex::new(text),
            meta_commands,
        }
    }
}

impl Script {
    pub fn parse(text: &str) -> Script {
        Script::from_parsed(Parsed::new(text))
    }

    /// The source text from `offset` to the end of its line.
    /// The rest of the line at `offset`, at most 1 KiB of it (a long line is not scanned
    /// again for each of its errors).
    pub fn text_at(&self, offset: usize) -> &str {
        let rest = self.lines.text.get(offset..).unwrap_or("");
        let mut cut = rest.len().min(1024);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        rest[..cut].lines().next().unwrap_or("")
    }

    pub fn from_parsed(parsed: Parsed) -> Script {
        let Parsed {
            parse,
            errors,
            lines,
            meta_commands,
        } = parsed;
        let root = parse.syntax_node();
        let mut errors = errors;
        let mut statements: Vec<Statement> = Vec::new();
        // error offsets in order: whether a statement has one is a binary search (a file of
        // 50,000 broken statements is linear, not errors × statements)
        let mut offsets: Vec<usize> = errors.iter().map(|e| e.offset).collect();
        offsets.sort_unstable();
        for child in root.children() {
            let range = child.text_range();
            let (start, end) = (usize::from(range.start()), usize::from(range.end()));
            // a tree gains at most a few levels per token, and a token is a byte at least:
            // a statement shorter than a quarter of the limit cannot reach it (most are)
            let too_deep =
                end - start >= MAX_TREE_DEPTH / 4 && depth_exceeds(&child, MAX_TREE_DEPTH);
            if too_deep {
                errors.push(SyntaxError {
                    message: format!(
                        "the statement is nested more than {MAX_TREE_DEPTH} levels deep (parentheses or a chain of operators); schemadrift does not read it"
                    ),
                    offset: start,
                });
            }
            // a statement the parser cut short (no `;`) owns the error right at its end:
            // `CREATE TABLE t (` before a column named `case` is not a table without columns
            let open_end = child
                .last_token()
                .is_none_or(|t| t.kind() != Kind::SEMICOLON);
            let has_error = too_deep || child.kind() == Kind::ERROR || {
                let k = offsets.partition_point(|&o| o < start);
                offsets
                    .get(k)
                    .is_some_and(|&o| o < end.max(start + 1) || (open_end && o == end))
            };
            // psql sends everything up to the next `;` as one statement: the fragments the
            // parser recovers into after an error belong to the broken statement before them
            if let Some(prev) = statements.last_mut()
                && prev.has_error
                && prev.open_tail
            {
                prev.end = end;
                prev.has_error = true;
                prev.open_tail = open_end;
                continue;
            }
            statements.push(Statement {
                node: child,
                start,
                end,
                has_error,
                open_tail: open_end,
            });
        }
        Script {
            statements,
            errors,
            lines,
            meta_commands,
        }
    }

    pub fn position(&self, offset: usize) -> (u32, u32) {
        self.lines.position(offset)
    }

    /// The text that was parsed: the file's text with psql meta-commands blanked out (byte
    /// offsets are those of the file).
    pub fn text(&self) -> &str {
        &self.lines.text
    }
}

/// The deepest syntax tree a statement may have: the walks over a statement (resolution,
/// canonicalization) recurse on its nesting, so a deeper one is reported as not read rather
/// than walked. PostgreSQL itself refuses far shallower input with its default
/// `max_stack_depth` (2 MB); generated SQL with a few thousand `OR` terms stays well below.
pub const MAX_TREE_DEPTH: usize = 20_000;

/// Whether a node's tree is deeper than `limit` (measured without recursion).
fn depth_exceeds(node: &Node, limit: usize) -> bool {
    // over the green tree: a walk of the red one allocates a cursor per node, and this one
    // visits every node of every statement
    let green = node.green();
    let mut stack = vec![green.children()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(NodeOrToken::Node(n)) => {
                if stack.len() >= limit {
                    return true;
                }
                stack.push(n.children());
            }
            Some(NodeOrToken::Token(_)) => {}
            None => {
                stack.pop();
            }
        }
    }
    false
}

/// The first direct child node of the given kind.
pub fn child(node: &Node, kind: Kind) -> Option<Node> {
    node.children().find(|c| c.kind() == kind)
}

/// Every direct child node of the given kind.
pub fn children(node: &Node, kind: Kind) -> impl Iterator<Item = Node> + '_ {
    node.children().filter(move |c| c.kind() == kind)
}

/// The first descendant (self excluded) of the given kind, depth first.
pub fn find(node: &Node, kind: Kind) -> Option<Node> {
    // searched in the green tree (no cursor per node visited, a stack rather than recursion),
    // then reached along its path of child indices
    fn nodes(g: &rowan::GreenNodeData) -> impl Iterator<Item = (usize, &rowan::GreenNodeData)> {
        g.children().filter_map(|c| c.into_node()).enumerate()
    }
    let green = node.green();
    let mut stack = vec![nodes(&green)];
    let mut steps: Vec<usize> = Vec::new();
    loop {
        let top = stack.last_mut()?;
        match top.next() {
            Some((i, n)) => {
                steps.push(i);
                if Kind::from(n.kind().0) == kind {
                    break;
                }
                stack.push(nodes(n));
            }
            None => {
                stack.pop();
                steps.pop();
            }
        }
    }
    let mut at = node.clone();
    for i in steps {
        at = at.children().nth(i)?;
    }
    Some(at)
}

/// Whether the node has a direct token child of this kind.
pub fn has_token(node: &Node, kind: Kind) -> bool {
    node.children_with_tokens()
        .any(|c| c.as_token().is_some_and(|t| t.kind() == kind))
}

/// Whether any token inside the node (at any depth) has this kind.
pub fn has_token_deep(node: &Node, kind: Kind) -> bool {
    node.descendants_with_tokens()
        .any(|c| c.as_token().is_some_and(|t| t.kind() == kind))
}

/// The non-trivia tokens directly under the node, upper-cased, joined by one space: a way
/// to read keyword sequences (`ON DELETE SET NULL`).
pub fn keywords(node: &Node) -> String {
    let mut out = String::new();
    for_each_token(node, |k, text| {
        if !is_trivia(k) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(text.chars().map(|c| c.to_ascii_uppercase()));
        }
        true
    });
    out
}

/// The first token of a node, upper-cased (`BEGIN`, `CREATE` …).
pub fn first_keyword(node: &Node) -> String {
    with_first_word(node, |w| w.to_ascii_uppercase()).unwrap_or_default()
}

/// Whether the node is a type name (`text`, `varchar(20)`, `timestamp with time zone` …).
pub fn is_type_node(n: &Node) -> bool {
    matches!(
        n.kind(),
        Kind::PATH_TYPE
            | Kind::VARCHAR_TYPE
            | Kind::CHARACTER_TYPE
            | Kind::TIMESTAMP_TYPE
            | Kind::TIME_TYPE
            | Kind::INTERVAL_TYPE
            | Kind::BIT_TYPE
            | Kind::BIT_VARYING_TYPE
            | Kind::DOUBLE_TYPE
            | Kind::ARRAY_TYPE
            | Kind::PERCENT_TYPE
    )
}

/// Keywords that stand for a value (`CURRENT_DATE`, `CURRENT_USER` …) rather than a name.
pub fn is_value_keyword(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::CURRENT_TIMESTAMP_KW
            | Kind::CURRENT_DATE_KW
            | Kind::CURRENT_TIME_KW
            | Kind::LOCALTIMESTAMP_KW
            | Kind::LOCALTIME_KW
            | Kind::CURRENT_USER_KW
            | Kind::SESSION_USER_KW
            | Kind::CURRENT_ROLE_KW
            | Kind::CURRENT_SCHEMA_KW
            | Kind::CURRENT_CATALOG_KW
            | Kind::USER_KW
    )
}

/// Calls `f` with the text of the node's first token that is not whitespace or a comment,
/// found in the green tree: no cursor is allocated, so it costs little enough to ask of
/// every statement.
pub fn with_first_word<R>(node: &Node, f: impl FnOnce(&str) -> R) -> Option<R> {
    let mut f = Some(f);
    let mut out = None;
    for_each_token(node, |k, text| {
        if is_trivia(k) {
            return true;
        }
        out = f.take().map(|f| f(text));
        false
    });
    out
}

/// Calls `f` with the kind and text of every token under `node`, in order, until it returns
/// `false`. Over the green tree: a walk of the red one (`descendants_with_tokens`) allocates
/// a cursor per node and token, and the name and text helpers below run on every statement.
pub fn for_each_token(node: &Node, mut f: impl FnMut(Kind, &str) -> bool) {
    /// Recursion for the usual shallow trees (no allocation), a stack of child iterators
    /// below `DEEP` levels: a tree may be thousands of levels deep.
    const DEEP: usize = 128;
    fn walk<F: FnMut(Kind, &str) -> bool>(
        g: &rowan::GreenNodeData,
        f: &mut F,
        depth: usize,
    ) -> bool {
        for c in g.children() {
            let go_on = match c {
                NodeOrToken::Node(n) if depth < DEEP => walk(n, f, depth + 1),
                NodeOrToken::Node(n) => walk_deep(n, f),
                NodeOrToken::Token(t) => f(Kind::from(t.kind().0), t.text()),
            };
            if !go_on {
                return false;
            }
        }
        true
    }
    fn walk_deep<F: FnMut(Kind, &str) -> bool>(g: &rowan::GreenNodeData, f: &mut F) -> bool {
        let mut stack = vec![g.children()];
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(NodeOrToken::Node(n)) => stack.push(n.children()),
                Some(NodeOrToken::Token(t)) => {
                    if !f(Kind::from(t.kind().0), t.text()) {
                        return false;
                    }
                }
                None => {
                    stack.pop();
                }
            }
        }
        true
    }
    let green = node.green();
    walk(&green, &mut f, 0);
}

/// The node's text, as `node.text().to_string()` gives it, read from the green tree.
pub fn text_of(node: &Node) -> String {
    let mut out = String::with_capacity(usize::from(node.text_range().len()));
    for_each_token(node, |_, t| {
        out.push_str(t);
        true
    });
    out
}

pub fn is_trivia(kind: Kind) -> bool {
    matches!(kind, Kind::WHITESPACE | Kind::COMMENT)
}

/// The folded name parts of a path-like node (`PATH`, `PATH_REF`, `TABLE_NAME`, `NAME_REF`,
/// `FIELD_EXPR` …): `public."Orgs"` → `["public", "Orgs"]`.
pub fn name_parts(node: &Node) -> Vec<String> {
    let mut parts = Vec::new();
    for_each_token(node, |k, text| {
        if is_trivia(k) || k == Kind::DOT {
            return true;
        }
        if matches!(k, Kind::L_PAREN | Kind::R_PAREN | Kind::STAR) {
            return false;
        }
        parts.push(fold_ident(text));
        true
    });
    parts
}

/// The node's text with comments removed and whitespace runs collapsed to one space.
pub fn compact_text(node: &Node) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for_each_token(node, |k, text| {
        if is_trivia(k) {
            pending_space = !out.is_empty();
            return true;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push_str(text);
        true
    });
    out
}

/// The value of a string literal token (`'it''s'` → `it's`, `$$x$$` → `x`, `E'a\nb'`).
pub fn string_value(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(rest) = raw.strip_prefix('$') {
        if let Some(end_tag) = rest.find('$') {
            let tag = &raw[..end_tag + 2];
            if raw.len() >= 2 * tag.len() && raw.ends_with(tag) {
                return raw[tag.len()..raw.len() - tag.len()].to_string();
            }
        }
        return raw.to_string();
    }
    let (escaped, body) = if raw.starts_with(['E', 'e']) && raw[1..].starts_with('\'') {
        (true, &raw[1..])
    } else {
        (false, raw)
    };
    let inner = body
        .strip_prefix('\'')
        .and_then(|b| b.strip_suffix('\''))
        .unwrap_or(body);
    let unq = inner.replace("''", "'");
    if escaped {
        unq.replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace("\\\\", "\\")
            .replace("\\'", "'")
    } else {
        unq
    }
}

/// Length of the opening quote of a string literal (`'`, `E'`, `$$`, `$body$`): where the
/// value starts inside the token.
pub fn literal_prefix_len(raw: &str) -> usize {
    match raw.strip_prefix('$') {
        Some(rest) => rest.find('$').map(|i| i + 2).unwrap_or(1),
        None if raw.starts_with(['E', 'e']) => 2,
        None => 1,
    }
}

/// The text of the first string literal under the node.
pub fn first_string(node: &Node) -> Option<String> {
    node.descendants_with_tokens().find_map(|t| match t {
        NodeOrToken::Token(t)
            if matches!(
                t.kind(),
                Kind::STRING | Kind::DOLLAR_QUOTED_STRING | Kind::ESC_STRING
            ) =>
        {
            Some(string_value(t.text()))
        }
        _ => None,
    })
}

/// Whether text is nested deeper than the parser is given (its time and stack grow with the
/// square of the depth, see [`nesting::MAX_NESTING`]).
fn too_nested(text: &str) -> bool {
    !nesting::guard(text, nesting::MAX_NESTING, nesting::MAX_PREFIX_RUN)
        .1
        .is_empty()
}

/// Parses a standalone expression (a default, a CHECK, a policy condition).
/// Nested past the limits of [`nesting`] (None then, like text that does not parse).
pub fn parse_expr(text: &str) -> Option<Node> {
    if too_nested(text) {
        return None;
    }
    let wrapped = format!("SELECT {text}");
    let parse = squawk_syntax::SourceFile::parse(&wrapped);
    if !parse.errors().is_empty() {
        return None;
    }
    let root = parse.syntax_node();
    let target = root.descendants().find(|n| n.kind() == Kind::TARGET)?;
    target.children().next()
}

/// Parses a standalone query (a view definition, a SQL function body statement).
pub fn parse_query(text: &str) -> Option<Node> {
    if too_nested(text) {
        return None;
    }
    let parse = squawk_syntax::SourceFile::parse(text);
    if !parse.errors().is_empty() {
        return None;
    }
    parse.syntax_node().children().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let idx = LineIndex::new("ab\ncd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(4), (2, 2));
    }

    #[test]
    fn meta_commands_are_blanked_outside_quotes() {
        let text = "\\restrict k1\nSELECT 'a\n\\b';\nCREATE FUNCTION f() RETURNS text AS $$\n\\x\n$$;\n  \\i x.sql\n";
        let (masked, found) = strip_meta_commands(text);
        assert_eq!(masked.len(), text.len());
        let cmds: Vec<&str> = found.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(cmds, vec!["\\restrict k1", "\\i x.sql"]);
        assert!(masked.contains("'a\n\\b'") && masked.contains("$$\n\\x\n$$"));
        assert_eq!(found[1].offset, text.find("\\i").unwrap_or(0));
    }

    #[test]
    fn string_values() {
        assert_eq!(string_value("'it''s'"), "it's");
        assert_eq!(string_value("$$x$$"), "x");
        assert_eq!(string_value("$body$ y $body$"), " y ");
    }

    #[test]
    fn statements_and_errors() {
        let s = Script::parse("CREATE TABLE a (id int);\nCREATE TABLE (;\nSELECT 1;");
        assert_eq!(s.statements.len(), 3);
        assert!(!s.statements[0].has_error);
        assert!(s.statements[1].has_error);
    }
}
