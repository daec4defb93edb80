//! The syntax tree of a Prisma schema: blocks, fields, attributes and their arguments, each
//! with the position (file, 1-based line and column) it was written at.

/// A position in one of the schema's files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    /// Index into [`Schema::files`].
    pub file: usize,
    pub line: u32,
    pub column: u32,
}

/// A name and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub pos: Pos,
}

/// An argument value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string literal, unescaped.
    Str(String),
    /// A number as written (`0`, `-1`, `1.5`).
    Num(String),
    /// A bare name: `true`, `Cascade`, `FREE`, a field name; dotted names keep their dots.
    Name(String),
    /// `name(args)`: `now()`, `dbgenerated("…")`, `env("…")`, `id(sort: Desc)`.
    Call(String, Vec<Arg>),
    Array(Vec<Value>),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_name(&self) -> Option<&str> {
        match self {
            Value::Name(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(v) => Some(v),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub name: Option<String>,
    pub value: Value,
    pub pos: Pos,
}

/// `@name(args)` on a field or `@@name(args)` on a block. `name` may be dotted (`db.VarChar`).
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub args: Vec<Arg>,
    pub pos: Pos,
}

impl Attribute {
    /// The argument with that name, or (when `positional` is given) the positional one at that
    /// index among the unnamed arguments.
    pub fn arg(&self, name: &str, positional: Option<usize>) -> Option<&Value> {
        if let Some(a) = self.args.iter().find(|a| a.name.as_deref() == Some(name)) {
            return Some(&a.value);
        }
        let idx = positional?;
        self.args
            .iter()
            .filter(|a| a.name.is_none())
            .nth(idx)
            .map(|a| &a.value)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldType {
    pub name: String,
    pub pos: Pos,
    pub optional: bool,
    pub list: bool,
    /// `Unsupported("circle")`: the database type as written.
    pub unsupported: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Ident,
    pub ty: FieldType,
    pub attributes: Vec<Attribute>,
}

impl Field {
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelKind {
    Model,
    View,
    /// `type` (composite types; MongoDB only).
    Type,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub kind: ModelKind,
    pub name: Ident,
    pub fields: Vec<Field>,
    pub attributes: Vec<Attribute>,
}

impl Model {
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name.name == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    pub name: Ident,
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub name: Ident,
    pub values: Vec<EnumValue>,
    pub attributes: Vec<Attribute>,
}

impl Enum {
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// `datasource` and `generator` blocks: `key = value` lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub kind: String,
    pub name: Ident,
    pub props: Vec<(Ident, Value)>,
}

impl Config {
    pub fn prop(&self, key: &str) -> Option<&Value> {
        self.props
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
}

/// A syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub pos: Pos,
    pub message: String,
}

/// Every file of a schema, parsed.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Display paths of the files, in the order read.
    pub files: Vec<String>,
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
    pub configs: Vec<Config>,
    pub errors: Vec<ParseError>,
    /// Model (not `type`) name → index in `models`, built by [`Schema::index`].
    pub model_index: std::collections::HashMap<String, usize>,
}

impl Schema {
    pub fn model(&self, name: &str) -> Option<&Model> {
        if !self.model_index.is_empty() {
            return self.model_index.get(name).map(|&i| &self.models[i]);
        }
        self.models
            .iter()
            .find(|m| m.name.name == name && m.kind != ModelKind::Type)
    }
    /// Builds the name index of models (the first of a duplicated name wins, as in a lookup).
    pub fn index(&mut self) {
        self.model_index.clear();
        for (i, m) in self.models.iter().enumerate() {
            if m.kind != ModelKind::Type {
                self.model_index.entry(m.name.name.clone()).or_insert(i);
            }
        }
    }
    pub fn enum_named(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name.name == name)
    }
    pub fn datasource(&self) -> Option<&Config> {
        self.configs.iter().find(|c| c.kind == "datasource")
    }
}
