//! Lexer and recursive-descent parser of the Prisma schema language.
//!
//! The language is line-oriented: a block member (field, enum value, `key = value`, `@@attr`)
//! starts on its own line. The parser uses that for error recovery: after a syntax error it
//! skips to the next line (or the next top-level block) and goes on, so one broken line yields
//! one error and the rest of the schema is still read. It never panics.

use super::ast::*;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Punct(char),
    /// `@@`
    BlockAt,
    /// A character the language does not have.
    Bad(char),
    Eof,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    pos: Pos,
    /// The token is the first on its line.
    line_start: bool,
}

fn lex(text: &str, file: usize, errors: &mut Vec<ParseError>) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1u32;
    let mut col = 1u32;
    let mut line_start = true;
    // advance one char, keeping line/column
    macro_rules! bump {
        () => {{
            if chars[i] == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            i += 1;
        }};
    }
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line_start = true;
            bump!();
            continue;
        }
        if c.is_whitespace() || c == '\u{feff}' {
            bump!();
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                bump!();
            }
            continue;
        }
        let pos = Pos {
            file,
            line,
            column: col,
        };
        let tok = if c == '"' {
            bump!();
            let mut s = String::new();
            let mut closed = false;
            while i < chars.len() {
                let ch = chars[i];
                if ch == '\n' {
                    break;
                }
                if ch == '"' {
                    bump!();
                    closed = true;
                    break;
                }
                if ch == '\\' && i + 1 < chars.len() && chars[i + 1] != '\n' {
                    bump!();
                    let e = chars[i];
                    match e {
                        'n' => s.push('\n'),
                        't' => s.push('\t'),
                        'r' => s.push('\r'),
                        '0' => s.push('\0'),
                        'u' => {
                            let hex: String = chars[i + 1..].iter().take(4).collect();
                            if hex.len() == 4 {
                                if let Some(ch) =
                                    u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                                {
                                    s.push(ch);
                                    for _ in 0..4 {
                                        bump!();
                                    }
                                } else {
                                    s.push('u');
                                }
                            } else {
                                s.push('u');
                            }
                        }
                        other => s.push(other),
                    }
                    bump!();
                    continue;
                }
                s.push(ch);
                bump!();
            }
            if !closed {
                errors.push(ParseError {
                    pos,
                    message: "unterminated string literal".into(),
                });
            }
            Tok::Str(s)
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let mut s = String::new();
            s.push(c);
            bump!();
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
                    || chars[i] == 'e'
                    || chars[i] == 'E')
            {
                s.push(chars[i]);
                bump!();
            }
            Tok::Num(s)
        } else if c.is_alphabetic() || c == '_' {
            let mut s = String::new();
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-')
            {
                s.push(chars[i]);
                bump!();
            }
            Tok::Ident(s)
        } else if c == '@' && chars.get(i + 1) == Some(&'@') {
            bump!();
            bump!();
            Tok::BlockAt
        } else if "{}()[],:=?@.!".contains(c) {
            bump!();
            Tok::Punct(c)
        } else {
            bump!();
            Tok::Bad(c)
        };
        out.push(Token {
            tok,
            pos,
            line_start,
        });
        line_start = false;
    }
    out.push(Token {
        tok: Tok::Eof,
        pos: Pos {
            file,
            line,
            column: col,
        },
        line_start: true,
    });
    out
}

struct Parser<'a> {
    toks: &'a [Token],
    i: usize,
    errors: &'a mut Vec<ParseError>,
    /// How deep [`Parser::value`] is in nested calls and lists.
    depth: usize,
}

/// The deepest a value may nest (`f(g([…]))`): 1,000. Real schemas nest two or three levels;
/// the parser and every walk over values recurse, so deeper input is an error, not a crash.
pub const MAX_VALUE_DEPTH: usize = 1_000;

type PResult<T> = Result<T, ParseError>;

impl<'a> Parser<'a> {
    fn peek(&self) -> &Token {
        // the token list always ends with Eof, and `i` never passes it
        &self.toks[self.i.min(self.toks.len() - 1)]
    }
    fn peek_at(&self, n: usize) -> &Token {
        &self.toks[(self.i + n).min(self.toks.len() - 1)]
    }
    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }
    fn is_punct(&self, c: char) -> bool {
        self.peek().tok == Tok::Punct(c)
    }
    fn eat_punct(&mut self, c: char) -> bool {
        if self.is_punct(c) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn err<T>(&self, message: impl Into<String>) -> PResult<T> {
        Err(ParseError {
            pos: self.peek().pos,
            message: message.into(),
        })
    }
    fn describe(t: &Tok) -> String {
        match t {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Str(s) => format!("string \"{s}\""),
            Tok::Num(s) => format!("number {s}"),
            Tok::Punct(c) | Tok::Bad(c) => format!("`{c}`"),
            Tok::BlockAt => "`@@`".into(),
            Tok::Eof => "end of file".into(),
        }
    }
    fn expect_punct(&mut self, c: char, what: &str) -> PResult<()> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            let found = Self::describe(&self.peek().tok);
            self.err(format!("expected `{c}` {what}, found {found}"))
        }
    }
    fn ident(&mut self, what: &str) -> PResult<Ident> {
        match &self.peek().tok {
            Tok::Ident(s) => {
                let id = Ident {
                    name: s.clone(),
                    pos: self.peek().pos,
                };
                self.bump();
                Ok(id)
            }
            other => {
                let found = Self::describe(other);
                self.err(format!("expected {what}, found {found}"))
            }
        }
    }

    /// Skips to the first token of the next line (or a closing `}` / end of file).
    fn skip_line(&mut self) {
        self.bump();
        while !self.peek().line_start && self.peek().tok != Tok::Eof {
            self.bump();
        }
    }

    /// Skips to the next line that starts a top-level block.
    fn skip_to_block(&mut self) {
        loop {
            let t = self.peek();
            if t.tok == Tok::Eof {
                return;
            }
            if t.line_start
                && matches!(&t.tok, Tok::Ident(s) if is_block_keyword(s))
                && matches!(self.peek_at(1).tok, Tok::Ident(_))
            {
                return;
            }
            self.bump();
        }
    }

    fn schema(&mut self, out: &mut Schema) {
        loop {
            let t = self.peek().clone();
            match &t.tok {
                Tok::Eof => return,
                Tok::Ident(kw) if is_block_keyword(kw) => {
                    let r = match kw.as_str() {
                        "model" | "view" | "type" => self.model_block().map(|m| out.models.push(m)),
                        "enum" => self.enum_block().map(|e| out.enums.push(e)),
                        _ => self.config_block().map(|c| out.configs.push(c)),
                    };
                    if let Err(e) = r {
                        self.errors.push(e);
                        self.skip_to_block();
                    }
                }
                other => {
                    let found = Self::describe(other);
                    self.errors.push(ParseError {
                        pos: t.pos,
                        message: format!(
                            "expected a block (model, enum, view, type, datasource, generator), found {found}"
                        ),
                    });
                    self.bump();
                    self.skip_to_block();
                }
            }
        }
    }

    /// After the opening `{`: members until `}`. Errors inside a member are recorded and the
    /// member's line skipped. Returns false when the file ended before `}`.
    fn members(&mut self, mut member: impl FnMut(&mut Self) -> PResult<()>) -> PResult<()> {
        loop {
            let t = self.peek().clone();
            match &t.tok {
                Tok::Punct('}') => {
                    self.bump();
                    return Ok(());
                }
                Tok::Eof => return self.err("expected `}` to close the block, found end of file"),
                Tok::Ident(kw)
                    if t.line_start
                        && is_block_keyword(kw)
                        && matches!(self.peek_at(1).tok, Tok::Ident(_))
                        && self.peek_at(2).tok == Tok::Punct('{') =>
                {
                    // a new block starts: this one was never closed
                    return Err(ParseError {
                        pos: t.pos,
                        message: "expected `}` to close the block before this one".into(),
                    });
                }
                _ => {
                    let start = self.i;
                    if let Err(e) = member(self) {
                        self.errors.push(e);
                        // skip the rest of the line (or the token that could not start a member)
                        if self.i == start || !self.peek().line_start {
                            self.skip_line();
                        }
                    } else if !self.peek().line_start && !self.is_punct('}') {
                        let found = Self::describe(&self.peek().tok);
                        self.errors.push(ParseError {
                            pos: self.peek().pos,
                            message: format!("expected a new line, found {found}"),
                        });
                        self.skip_line();
                    }
                }
            }
        }
    }

    fn model_block(&mut self) -> PResult<Model> {
        let kw = self.bump();
        let kind = match &kw.tok {
            Tok::Ident(s) if s == "view" => ModelKind::View,
            Tok::Ident(s) if s == "type" => ModelKind::Type,
            _ => ModelKind::Model,
        };
        let name = self.ident("a name")?;
        self.expect_punct('{', "to open the block")?;
        let mut fields = Vec::new();
        let mut attributes = Vec::new();
        self.members(|p| {
            if p.peek().tok == Tok::BlockAt {
                attributes.push(p.attribute()?);
                return Ok(());
            }
            fields.push(p.field()?);
            Ok(())
        })?;
        Ok(Model {
            kind,
            name,
            fields,
            attributes,
        })
    }

    fn field(&mut self) -> PResult<Field> {
        let name = self.ident("a field name")?;
        let ty_tok = self.peek().clone();
        if ty_tok.line_start {
            return Err(ParseError {
                pos: name.pos,
                message: format!("field `{}` has no type", name.name),
            });
        }
        let tname = self.ident(&format!("the type of field `{}`", name.name))?;
        let mut ty = FieldType {
            name: tname.name,
            pos: tname.pos,
            optional: false,
            list: false,
            unsupported: None,
        };
        if ty.name == "Unsupported" && self.is_punct('(') {
            self.bump();
            match self.bump().tok {
                Tok::Str(s) => ty.unsupported = Some(s),
                other => {
                    return Err(ParseError {
                        pos: ty.pos,
                        message: format!(
                            "Unsupported takes a string, found {}",
                            Self::describe(&other)
                        ),
                    });
                }
            }
            self.expect_punct(')', "after the Unsupported type")?;
        }
        if self.is_punct('[') && self.peek_at(1).tok == Tok::Punct(']') {
            self.bump();
            self.bump();
            ty.list = true;
        }
        if self.eat_punct('?') {
            ty.optional = true;
        }
        // deprecated required marker
        self.eat_punct('!');
        let mut attributes = Vec::new();
        while self.is_punct('@') && !self.peek().line_start {
            attributes.push(self.attribute()?);
        }
        Ok(Field {
            name,
            ty,
            attributes,
        })
    }

    /// `@name(args)` or `@@name(args)`; the name may be dotted (`@db.VarChar(255)`).
    fn attribute(&mut self) -> PResult<Attribute> {
        let at = self.bump();
        let mut name = self.ident("an attribute name")?.name;
        while self.is_punct('.') {
            self.bump();
            name.push('.');
            name.push_str(&self.ident("an attribute name")?.name);
        }
        let args = if self.is_punct('(') {
            self.args()?
        } else {
            Vec::new()
        };
        Ok(Attribute {
            name,
            args,
            pos: at.pos,
        })
    }

    /// `( arg, name: value, … )`
    fn args(&mut self) -> PResult<Vec<Arg>> {
        self.expect_punct('(', "")?;
        let mut args = Vec::new();
        loop {
            if self.eat_punct(')') {
                return Ok(args);
            }
            let pos = self.peek().pos;
            let named =
                matches!(self.peek().tok, Tok::Ident(_)) && self.peek_at(1).tok == Tok::Punct(':');
            let name = if named {
                let n = self.ident("an argument name")?.name;
                self.bump();
                Some(n)
            } else {
                None
            };
            let value = self.value()?;
            args.push(Arg { name, value, pos });
            if !self.eat_punct(',') && !self.is_punct(')') {
                let found = Self::describe(&self.peek().tok);
                return self.err(format!(
                    "expected `,` or `)` in the argument list, found {found}"
                ));
            }
        }
    }

    fn value(&mut self) -> PResult<Value> {
        if self.depth >= MAX_VALUE_DEPTH {
            return self.err(format!(
                "a value nested more than {MAX_VALUE_DEPTH} levels deep; schemadrift does not read it"
            ));
        }
        self.depth += 1;
        let v = self.value_inner();
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> PResult<Value> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Str(s) => {
                self.bump();
                Ok(Value::Str(s))
            }
            Tok::Num(n) => {
                self.bump();
                Ok(Value::Num(n))
            }
            Tok::Punct('[') => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    if self.eat_punct(']') {
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value()?);
                    if !self.eat_punct(',') && !self.is_punct(']') {
                        let found = Self::describe(&self.peek().tok);
                        return self.err(format!("expected `,` or `]` in the list, found {found}"));
                    }
                }
            }
            Tok::Ident(_) => {
                let mut name = self.ident("a value")?.name;
                while self.is_punct('.') {
                    self.bump();
                    name.push('.');
                    name.push_str(&self.ident("a name")?.name);
                }
                if self.is_punct('(') {
                    let args = self.args()?;
                    Ok(Value::Call(name, args))
                } else {
                    Ok(Value::Name(name))
                }
            }
            other => {
                let found = Self::describe(&other);
                self.err(format!("expected a value, found {found}"))
            }
        }
    }

    fn enum_block(&mut self) -> PResult<Enum> {
        self.bump();
        let name = self.ident("an enum name")?;
        self.expect_punct('{', "to open the enum")?;
        let mut values = Vec::new();
        let mut attributes = Vec::new();
        self.members(|p| {
            if p.peek().tok == Tok::BlockAt {
                attributes.push(p.attribute()?);
                return Ok(());
            }
            let v = p.ident("an enum value")?;
            let mut attrs = Vec::new();
            while p.is_punct('@') && !p.peek().line_start {
                attrs.push(p.attribute()?);
            }
            values.push(EnumValue {
                name: v,
                attributes: attrs,
            });
            Ok(())
        })?;
        Ok(Enum {
            name,
            values,
            attributes,
        })
    }

    fn config_block(&mut self) -> PResult<Config> {
        let kw = self.bump();
        let kind = match kw.tok {
            Tok::Ident(s) => s,
            _ => String::new(),
        };
        let name = self.ident("a name")?;
        self.expect_punct('{', "to open the block")?;
        let mut props = Vec::new();
        self.members(|p| {
            let key = p.ident("a property name")?;
            p.expect_punct('=', &format!("after `{}`", key.name))?;
            let v = p.value()?;
            props.push((key, v));
            Ok(())
        })?;
        Ok(Config { kind, name, props })
    }
}

fn is_block_keyword(s: &str) -> bool {
    matches!(
        s,
        "model" | "enum" | "view" | "type" | "datasource" | "generator"
    )
}

/// Parses one file into `out` (its blocks appended, its errors recorded with `file` as index).
pub fn parse_into(text: &str, file: usize, out: &mut Schema) {
    let mut errors = Vec::new();
    let toks = lex(text, file, &mut errors);
    let mut p = Parser {
        toks: &toks,
        i: 0,
        errors: &mut errors,
        depth: 0,
    };
    p.schema(out);
    out.errors.extend(errors);
}

/// Parses files given as (display path, text).
pub fn parse_files(files: &[(String, String)]) -> Schema {
    let mut s = Schema::default();
    for (i, (path, text)) in files.iter().enumerate() {
        s.files.push(path.clone());
        parse_into(text, i, &mut s);
    }
    s.errors
        .sort_by_key(|e| (e.pos.file, e.pos.line, e.pos.column));
    s.index();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Schema {
        parse_files(&[("schema.prisma".into(), text.into())])
    }

    #[test]
    fn model_with_attributes() {
        let s = parse(
            "model User {\n  id    String @id @default(dbgenerated(\"gen_random_uuid()\")) @db.Uuid\n  tags  String[]\n  name  String? @map(\"full_name\")\n  @@index([name(sort: Desc)], map: \"x\", type: Hash)\n  @@map(\"users\")\n}\n",
        );
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        let m = &s.models[0];
        assert_eq!(m.name.name, "User");
        assert_eq!(m.fields.len(), 3);
        assert_eq!(m.fields[0].attributes[2].name, "db.Uuid");
        assert!(m.fields[1].ty.list);
        assert!(m.fields[2].ty.optional);
        assert_eq!(m.fields[2].name.pos.line, 4);
        assert_eq!(m.fields[2].name.pos.column, 3);
        assert_eq!(m.attributes.len(), 2);
        assert_eq!(
            m.attr("map").unwrap().arg("name", Some(0)),
            Some(&Value::Str("users".into()))
        );
    }

    #[test]
    fn errors_have_positions_and_recover() {
        let s = parse(
            "model A {\n  id Int @id\n  name String @default(\n  other Int\n}\nenum E {\n  X\n}\n",
        );
        assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
        assert_eq!(s.errors[0].pos.line, 4);
        assert_eq!(s.enums.len(), 1);
        let s = parse("model A {\n  id Int @id\n");
        assert!(!s.errors.is_empty());
        let s = parse("modle A {}\nmodel B {\n id Int @id\n}\n");
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.models.len(), 1);
        let s = parse("model A {\n  id\n  b Int\n}\n");
        assert_eq!(s.errors[0].pos.line, 2);
        assert_eq!(s.models[0].fields.len(), 1);
    }

    #[test]
    fn never_panics_on_garbage() {
        for text in [
            "",
            "{",
            "}",
            "model",
            "model {",
            "@@",
            "\"",
            "model A { a Int @",
            "enum E { A @map( }",
            "datasource db { url = }",
            "model A { a Unsupported( }",
            "\u{0}\u{1}",
            "model A {\n a b[\n}",
        ] {
            let _ = parse(text);
        }
    }
}
