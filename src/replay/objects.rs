//! DDL for everything but tables and indexes.

use super::ddl::find_type_node;
use super::resolve::{self, Scope};
use super::{Ctx, PgError, Replay, missing_relation};
use crate::catalog::{
    ArgMode, Column, Expr, Extension, Function, FunctionArg, Grant, Policy, PolicyCommand,
    Publication, QualName, References, Schema, Sequence, Trigger, TypeDef, TypeKind, View,
    Volatility, function_key,
};
use crate::findings::{Finding, Location, Severity};
use crate::sql::{self, Kind, Node, child, children, name_parts};

pub use crate::catalog::dump::is_reserved_schema;

impl Replay {
    /// On a Supabase project, objects created in the platform's schemas are findings.
    pub(crate) fn note_reserved(
        &mut self,
        schema: &str,
        object: &str,
        noun: &str,
        ctx: &Ctx,
        node: &Node,
    ) {
        if !self.is_supabase() || !is_reserved_schema(schema) {
            return;
        }
        let o = self.origin(ctx, ctx.offset(node));
        self.findings.push(
            Finding::new(
                "reserved-schema",
                Severity::High,
                object.to_string(),
                format!(
                    "{}: creates {noun} {object} in the `{schema}` schema, which Supabase reserves for the platform: on a hosted project this fails (permission denied for schema {schema}) or is lost on platform upgrades",
                    o.display()
                ),
            )
            .at(Location::from_origin(&o))
            .impact("The migration fails on hosted Supabase, and code relying on the object breaks.")
            .fix(format!("-- create it in a schema of your own instead, e.g. public:\n-- {noun} public.{}", object.rsplit('.').next().unwrap_or(object))),
        );
    }

    pub(crate) fn create_schema(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let named = sql::find(node, Kind::NAMED_SCHEMA).unwrap_or(node.clone());
        let name = sql::find(&named, Kind::SCHEMA)
            .map(|n| name_parts(&n).join("."))
            .or_else(|| sql::find(&named, Kind::ROLE_NAME_REF).map(|n| name_parts(&n).join(".")))
            .unwrap_or_default();
        if let Some(r) = sql::find(&named, Kind::ROLE_NAME_REF) {
            self.require_role(&name_parts(&r).join("."))?;
        }
        if self.catalog.schemas.contains_key(&name) {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                return Ok(());
            }
            return Err(PgError::new(
                "42P06",
                format!("schema \"{name}\" already exists"),
            ));
        }
        self.catalog.schemas.insert(
            name.clone(),
            Schema {
                name: name.clone(),
                created_by_source: true,
                origin: Some(self.origin(ctx, ctx.offset(node))),
                ..Schema::default()
            },
        );
        Ok(())
    }

    pub(crate) fn drop_schema(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let cascade = child(node, Kind::CASCADE).is_some();
        for r in node.descendants().filter(|n| n.kind() == Kind::SCHEMA_REF) {
            let name = name_parts(&r).join(".");
            match self.catalog.schemas.get(&name) {
                None if child(node, Kind::IF_EXISTS).is_some() => {}
                None => {
                    return Err(PgError::new(
                        "3F000",
                        format!("schema \"{name}\" does not exist"),
                    ));
                }
                Some(s) => {
                    let empty = s.tables.is_empty()
                        && s.views.is_empty()
                        && s.functions.is_empty()
                        && s.types.is_empty()
                        && s.sequences.is_empty();
                    if !empty && !cascade {
                        return Err(PgError::new(
                            "2BP01",
                            format!("cannot drop schema {name} because other objects depend on it"),
                        )
                        .hint("Use DROP ... CASCADE to drop the dependent objects too."));
                    }
                    self.catalog.schemas.remove(&name);
                }
            }
        }
        Ok(())
    }

    pub(crate) fn create_extension(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name_tok = node
            .children()
            .find(|n| n.kind() == Kind::EXTENSION)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        if self.catalog.extensions.contains_key(&name_tok) {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                return Ok(());
            }
            return Err(PgError::new(
                "42710",
                format!("extension \"{name_tok}\" already exists"),
            ));
        }
        if !known_extension(&name_tok, self.is_supabase()) {
            return Err(PgError::new("0A000", format!("extension \"{name_tok}\" is not available")).detail(format!("Could not open extension control file \"/usr/share/postgresql/15/extension/{name_tok}.control\": No such file or directory.")));
        }
        let schema = match sql::find(node, Kind::SCHEMA_REF) {
            Some(s) => {
                let s = name_parts(&s).join(".");
                if !self.catalog.schemas.contains_key(&s) {
                    return Err(PgError::new(
                        "3F000",
                        format!("schema \"{s}\" does not exist"),
                    ));
                }
                s
            }
            None => self.creation_schema()?,
        };
        self.catalog.extensions.insert(
            name_tok.clone(),
            Extension {
                name: name_tok,
                schema,
                version: None,
                origin: Some(self.origin(ctx, ctx.offset(node))),
            },
        );
        Ok(())
    }

    pub(crate) fn drop_extension(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        for n in node
            .descendants()
            .filter(|n| matches!(n.kind(), Kind::NAME_REF | Kind::EXTENSION))
        {
            let name = name_parts(&n).join(".");
            if self.catalog.extensions.remove(&name).is_none()
                && child(node, Kind::IF_EXISTS).is_none()
            {
                return Err(PgError::new(
                    "42704",
                    format!("extension \"{name}\" does not exist"),
                ));
            }
        }
        Ok(())
    }

    fn type_exists(&self, q: &QualName) -> bool {
        self.catalog.type_def(q).is_some()
            || self.catalog.table(q).is_some()
            || self.catalog.view(q).is_some()
    }

    pub(crate) fn create_type(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name =
            child(node, Kind::TYPE_NAME).ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let qn = self.name_for_create(&name_parts(&name))?;
        if self.type_exists(&qn) {
            return Err(
                PgError::new("42710", format!("type \"{}\" already exists", qn.name))
                    .object(qn.to_string()),
            );
        }
        let kind = if let Some(e) = child(node, Kind::ENUM_TYPE) {
            let labels: Vec<String> = e
                .descendants()
                .filter(|n| n.kind() == Kind::LITERAL)
                .map(|l| sql::first_string(&l).unwrap_or_default())
                .collect();
            TypeKind::Enum { labels }
        } else if let Some(c) = child(node, Kind::COMPOSITE_TYPE) {
            let mut attributes = Vec::new();
            for f in c
                .descendants()
                .filter(|n| n.kind() == Kind::COMPOSITE_FIELD_DEF)
            {
                let n = child(&f, Kind::COMPOSITE_FIELD)
                    .map(|x| name_parts(&x).join("."))
                    .unwrap_or_default();
                let t = find_type_node(&f)
                    .map(|t| sql::compact_text(&t))
                    .unwrap_or_default();
                attributes.push((n, self.resolve_type(&t)?));
            }
            TypeKind::Composite { attributes }
        } else {
            TypeKind::Other {
                definition: sql::canon::canon(node),
            }
        };
        self.note_reserved(&qn.schema, &qn.to_string(), "type", ctx, node);
        let t = TypeDef {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            kind,
            comment: None,
            origin: Some(self.origin(ctx, ctx.offset(node))),
        };
        self.catalog
            .ensure_schema(&qn.schema)
            .types
            .insert(qn.name.clone(), t);
        Ok(())
    }

    fn lookup_type(&self, parts: &[String]) -> Option<QualName> {
        match parts {
            [s, n] => Some(QualName::new(s, n)).filter(|q| self.catalog.type_def(q).is_some()),
            [n] => self
                .lookup_path()
                .iter()
                .map(|s| QualName::new(s, n))
                .find(|q| self.catalog.type_def(q).is_some()),
            _ => None,
        }
    }

    pub(crate) fn alter_type(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let Some(r) = node.children().find(|n| {
            matches!(
                n.kind(),
                Kind::TYPE_NAME_REF | Kind::PATH_REF | Kind::PATH | Kind::TYPE_NAME
            )
        }) else {
            return Ok(());
        };
        let parts = name_parts(&r);
        let qn = self.lookup_type(&parts).ok_or_else(|| {
            PgError::new(
                "42704",
                format!("type \"{}\" does not exist", parts.join(".")),
            )
        })?;
        let text = sql::compact_text(node);
        let upper = text.to_ascii_uppercase();
        let strings: Vec<String> = node
            .descendants()
            .filter(|n| n.kind() == Kind::LITERAL)
            .map(|l| sql::first_string(&l).unwrap_or_default())
            .collect();
        let Some(t) = self
            .catalog
            .schema_mut(&qn.schema)
            .and_then(|s| s.types.get_mut(&qn.name))
        else {
            return Ok(());
        };
        if let TypeKind::Enum { labels } = &mut t.kind {
            if upper.contains("ADD VALUE") {
                let Some(new) = strings.first().cloned() else {
                    return Ok(());
                };
                if labels.contains(&new) {
                    if upper.contains("IF NOT EXISTS") {
                        return Ok(());
                    }
                    return Err(PgError::new(
                        "42710",
                        format!("enum label \"{new}\" already exists"),
                    ));
                }
                let pos = if upper.contains(" BEFORE ") {
                    strings
                        .get(1)
                        .and_then(|b| labels.iter().position(|l| l == b))
                } else if upper.contains(" AFTER ") {
                    strings
                        .get(1)
                        .and_then(|a| labels.iter().position(|l| l == a).map(|i| i + 1))
                } else {
                    None
                };
                match pos {
                    Some(i) => labels.insert(i, new),
                    None => labels.push(new),
                }
            } else if upper.contains("RENAME VALUE")
                && let (Some(a), Some(b)) = (strings.first(), strings.get(1))
            {
                match labels.iter_mut().find(|l| *l == a) {
                    Some(l) => *l = b.clone(),
                    None => {
                        return Err(PgError::new(
                            "22023",
                            format!("\"{a}\" is not an existing enum label"),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    pub(crate) fn drop_type(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let cascade = child(node, Kind::CASCADE).is_some();
        for r in node
            .children()
            .filter(|n| matches!(n.kind(), Kind::TYPE_NAME_REF | Kind::PATH))
        {
            let parts = name_parts(&r);
            match self.lookup_type(&parts) {
                Some(q) => {
                    let used = self.catalog.tables().any(|t| {
                        t.columns
                            .iter()
                            .any(|c| c.data_type.trim_end_matches("[]") == q.to_string())
                    });
                    if used && !cascade {
                        return Err(PgError::new(
                            "2BP01",
                            format!(
                                "cannot drop type {} because other objects depend on it",
                                q.name
                            ),
                        )
                        .hint("Use DROP ... CASCADE to drop the dependent objects too."));
                    }
                    if let Some(s) = self.catalog.schema_mut(&q.schema) {
                        s.types.remove(&q.name);
                    }
                }
                None if child(node, Kind::IF_EXISTS).is_some() => {}
                None => {
                    return Err(PgError::new(
                        "42704",
                        format!("type \"{}\" does not exist", parts.join(".")),
                    ));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn create_domain(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name =
            child(node, Kind::DOMAIN).ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let qn = self.name_for_create(&name_parts(&name))?;
        if self.type_exists(&qn) {
            return Err(PgError::new(
                "42710",
                format!("type \"{}\" already exists", qn.name),
            ));
        }
        let base = find_type_node(node)
            .map(|t| sql::compact_text(&t))
            .unwrap_or_default();
        let base = self.resolve_type(&base)?;
        let mut checks = Vec::new();
        let mut default = None;
        for c in node.children() {
            match c.kind() {
                Kind::CHECK_CONSTRAINT => {
                    let n = super::ddl::constraint_name_clause(&c)
                        .unwrap_or_else(|| format!("{}_check", qn.name));
                    if let Some(e) = c
                        .children()
                        .find(|x| x.kind() != Kind::CONSTRAINT_NAME_CLAUSE)
                    {
                        checks.push((n, Expr::from_node(&e)));
                    }
                }
                Kind::DEFAULT_CONSTRAINT => {
                    default = c.children().next().map(|e| Expr::from_node(&e))
                }
                _ => {}
            }
        }
        let not_null = child(node, Kind::NOT_NULL_CONSTRAINT).is_some();
        let t = TypeDef {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            kind: TypeKind::Domain {
                base,
                not_null,
                default,
                checks,
            },
            comment: None,
            origin: Some(self.origin(ctx, ctx.offset(node))),
        };
        self.catalog
            .ensure_schema(&qn.schema)
            .types
            .insert(qn.name.clone(), t);
        Ok(())
    }

    pub(crate) fn create_sequence(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = child(node, Kind::SEQUENCE)
            .or_else(|| child(node, Kind::PATH))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let qn = self.name_for_create(&name_parts(&name))?;
        if self.catalog.relation_kind(&qn).is_some() {
            if child(node, Kind::IF_NOT_EXISTS).is_some() {
                return Ok(());
            }
            return Err(PgError::new(
                "42P07",
                format!("relation \"{}\" already exists", qn.name),
            ));
        }
        let mut s = Sequence {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            data_type: "bigint".into(),
            start: 1,
            increment: 1,
            min_value: 1,
            max_value: i64::MAX,
            cache: 1,
            cycle: false,
            owned_by: None,
            origin: Some(self.origin(ctx, ctx.offset(node))),
        };
        self.sequence_options(node, &mut s, true)?;
        self.catalog
            .ensure_schema(&qn.schema)
            .sequences
            .insert(qn.name.clone(), s);
        Ok(())
    }

    fn sequence_options(
        &self,
        node: &Node,
        s: &mut Sequence,
        creating: bool,
    ) -> Result<(), PgError> {
        let num = |n: &Node| -> Option<i64> {
            sql::compact_text(n).split_whitespace().last()?.parse().ok()
        };
        let mut explicit_start = false;
        for o in node.children() {
            match o.kind() {
                Kind::OPTION_START => {
                    if let Some(v) = num(&o) {
                        s.start = v;
                        explicit_start = true;
                    }
                }
                Kind::OPTION_INCREMENT => {
                    if let Some(v) = num(&o) {
                        s.increment = v;
                    }
                }
                Kind::OPTION_MIN_VALUE => {
                    if let Some(v) = num(&o) {
                        s.min_value = v;
                    }
                }
                Kind::OPTION_MAX_VALUE => {
                    if let Some(v) = num(&o) {
                        s.max_value = v;
                    }
                }
                Kind::OPTION_CACHE => {
                    if let Some(v) = num(&o) {
                        s.cache = v;
                    }
                }
                Kind::OPTION_CYCLE => s.cycle = !sql::keywords(&o).contains("NO"),
                Kind::OPTION_AS_TYPE => {
                    if let Some(t) = find_type_node(&o) {
                        s.data_type = crate::catalog::types::normalize_type(&sql::compact_text(&t));
                        s.max_value = match s.data_type.as_str() {
                            "smallint" => i16::MAX as i64,
                            "integer" => i32::MAX as i64,
                            _ => i64::MAX,
                        };
                    }
                }
                Kind::OPTION_OWNED_BY => {
                    if sql::keywords(&o).contains("NONE") {
                        s.owned_by = None;
                    } else if let Some(q) = sql::find(&o, Kind::QUALIFIED_COLUMN_NAME_REF) {
                        let parts = name_parts(&q);
                        let (tparts, col) = parts.split_at(parts.len().saturating_sub(1));
                        let t = self.require_table(tparts)?;
                        let col = col.first().cloned().unwrap_or_default();
                        if self
                            .catalog
                            .table(&t)
                            .and_then(|tt| tt.column(&col))
                            .is_none()
                        {
                            return Err(PgError::new(
                                "42703",
                                format!(
                                    "column \"{col}\" of relation \"{}\" does not exist",
                                    t.name
                                ),
                            ));
                        }
                        s.owned_by = Some((t, col));
                    }
                }
                _ => {}
            }
        }
        if creating && !explicit_start {
            s.start = if s.increment < 0 {
                s.max_value
            } else {
                s.min_value
            };
        }
        Ok(())
    }

    pub(crate) fn alter_sequence(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let Some(r) = node
            .children()
            .find(|n| matches!(n.kind(), Kind::SEQUENCE_REF | Kind::PATH_REF | Kind::PATH))
        else {
            return Ok(());
        };
        let parts = name_parts(&r);
        let q = match self.lookup_relation(&parts) {
            Some(q) if self.catalog.sequence(&q).is_some() => q,
            _ if child(node, Kind::IF_EXISTS).is_some() => return Ok(()),
            _ => return Err(missing_relation(&parts)),
        };
        let mut s = self
            .catalog
            .sequence(&q)
            .cloned()
            .ok_or_else(|| missing_relation(&parts))?;
        self.sequence_options(node, &mut s, false)?;
        self.catalog
            .ensure_schema(&q.schema)
            .sequences
            .insert(q.name.clone(), s);
        Ok(())
    }

    pub(crate) fn drop_sequence(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        for r in node
            .children()
            .filter(|n| matches!(n.kind(), Kind::PATH | Kind::SEQUENCE_REF | Kind::PATH_REF))
        {
            let parts = name_parts(&r);
            match self.lookup_relation(&parts) {
                Some(q) if self.catalog.sequence(&q).is_some() => {
                    if let Some(s) = self.catalog.schema_mut(&q.schema) {
                        s.sequences.remove(&q.name);
                    }
                }
                _ if child(node, Kind::IF_EXISTS).is_some() => {}
                _ => {
                    return Err(PgError::new(
                        "42P01",
                        format!("sequence \"{}\" does not exist", parts.join(".")),
                    ));
                }
            }
        }
        Ok(())
    }

    fn read_params(&self, list: Option<Node>) -> Result<Vec<FunctionArg>, PgError> {
        let mut args = Vec::new();
        let Some(list) = list else { return Ok(args) };
        for p in children(&list, Kind::PARAM) {
            let mode = if child(&p, Kind::PARAM_OUT).is_some() {
                ArgMode::Out
            } else if child(&p, Kind::PARAM_IN_OUT).is_some() {
                ArgMode::InOut
            } else if child(&p, Kind::PARAM_VARIADIC).is_some() {
                ArgMode::Variadic
            } else {
                ArgMode::In
            };
            let name = child(&p, Kind::PARAM_NAME).map(|n| name_parts(&n).join("."));
            let ty = find_type_node(&p)
                .map(|t| sql::compact_text(&t))
                .unwrap_or_default();
            let data_type = self.resolve_type(&ty)?;
            let default = child(&p, Kind::PARAM_DEFAULT)
                .and_then(|d| d.children().next())
                .map(|e| Expr::from_node(&e));
            args.push(FunctionArg {
                name,
                mode,
                data_type,
                default,
            });
        }
        Ok(args)
    }

    pub(crate) fn create_function(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = child(node, Kind::FUNCTION_NAME)
            .or_else(|| child(node, Kind::PROCEDURE_NAME))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let qn = self.name_for_create(&name_parts(&name))?;
        let is_procedure = node.kind() == Kind::CREATE_PROCEDURE;
        let args = self
            .read_params(child(node, Kind::PARAM_LIST))
            .map_err(|e| e.object(qn.to_string()))?;
        let returns = match child(node, Kind::RET_TYPE) {
            Some(r) => {
                let text = sql::compact_text(&r);
                let body = text
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .trim();
                let body = if text.to_ascii_uppercase().starts_with("RETURNS") {
                    text[7..].trim().to_string()
                } else {
                    body.to_string()
                };
                if body.to_ascii_uppercase().starts_with("SETOF ") {
                    format!("SETOF {}", self.resolve_type(&body[6..])?)
                } else if body.to_ascii_uppercase().starts_with("TABLE") {
                    // as pg_get_function_result prints it: `TABLE(a integer)`
                    sql::canon::canon(&r)
                        .trim_start_matches("RETURNS ")
                        .replacen("TABLE (", "TABLE(", 1)
                } else {
                    self.resolve_type(&body)?
                }
            }
            None => {
                if is_procedure {
                    String::new()
                } else if args
                    .iter()
                    .any(|a| matches!(a.mode, ArgMode::Out | ArgMode::InOut))
                {
                    // one output parameter: the function returns its type
                    let outs: Vec<&FunctionArg> = args
                        .iter()
                        .filter(|a| matches!(a.mode, ArgMode::Out | ArgMode::InOut))
                        .collect();
                    match outs.as_slice() {
                        [one] => one.data_type.clone(),
                        _ => "record".into(),
                    }
                } else {
                    return Err(PgError::new(
                        "42P13",
                        "function result type must be specified",
                    ));
                }
            }
        };
        let mut f = Function {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            is_procedure,
            args,
            returns,
            language: "sql".into(),
            volatility: Volatility::Volatile,
            strict: false,
            security_definer: false,
            leakproof: false,
            config: Vec::new(),
            body: String::new(),
            references: References::default(),
            grants: Vec::new(),
            comment: None,
            origin: Some(self.origin(ctx, ctx.offset(node))),
        };
        let mut body_offset = 0;
        let mut has_language = false;
        if let Some(opts) = child(node, Kind::FUNC_OPTION_LIST) {
            for o in opts.children() {
                match o.kind() {
                    Kind::LANGUAGE_FUNC_OPTION => {
                        f.language = sql::find(&o, Kind::LANGUAGE_REF)
                            .map(|l| name_parts(&l).join("."))
                            .unwrap_or_else(|| "sql".into())
                            .to_ascii_lowercase();
                        has_language = true;
                    }
                    Kind::STABLE | Kind::IMMUTABLE | Kind::VOLATILE => {
                        let k = sql::keywords(&o);
                        f.volatility = if k.contains("IMMUTABLE") {
                            Volatility::Immutable
                        } else if k.contains("STABLE") {
                            Volatility::Stable
                        } else {
                            Volatility::Volatile
                        };
                    }
                    Kind::SECURITY_DEFINER_FUNC_OPTION => f.security_definer = true,
                    Kind::SECURITY_INVOKER_FUNC_OPTION => f.security_definer = false,
                    Kind::RETURNS_NULL_ON_NULL_INPUT_FUNC_OPTION => f.strict = true,
                    Kind::CALLED_ON_NULL_INPUT_FUNC_OPTION => f.strict = false,
                    Kind::NOT_LEAKPROOF_FUNC_OPTION => f.leakproof = false,
                    Kind::STRICT_FUNC_OPTION => f.strict = !sql::keywords(&o).contains("CALLED"),
                    Kind::LEAKPROOF_FUNC_OPTION => f.leakproof = !sql::keywords(&o).contains("NOT"),
                    Kind::SET_FUNC_OPTION => {
                        let text = sql::compact_text(&o);
                        let rest = text
                            .trim_start_matches("SET")
                            .trim_start_matches("set")
                            .trim();
                        let (k, v) = match rest.split_once(['=', ' ']) {
                            Some((k, v)) => (
                                k.trim(),
                                v.trim()
                                    .trim_start_matches('=')
                                    .trim()
                                    .trim_start_matches("TO ")
                                    .trim_start_matches("to ")
                                    .trim(),
                            ),
                            None => (rest, ""),
                        };
                        let v = v
                            .split(',')
                            .map(|x| x.trim().trim_matches('\'').trim_matches('"'))
                            .collect::<Vec<_>>()
                            .join(", ");
                        f.config.push((k.to_ascii_lowercase(), v));
                    }
                    Kind::AS_FUNC_OPTION => {
                        if let Some(l) = sql::find(&o, Kind::LITERAL) {
                            let raw = l.text().to_string();
                            f.body = sql::string_value(&raw);
                            let tag_len = sql::literal_prefix_len(&raw);
                            body_offset = ctx.offset(&l) + tag_len;
                        }
                    }
                    _ => {
                        let k = sql::keywords(&o);
                        if k == "STABLE" {
                            f.volatility = Volatility::Stable;
                        } else if k == "IMMUTABLE" {
                            f.volatility = Volatility::Immutable;
                        } else if k == "VOLATILE" {
                            f.volatility = Volatility::Volatile;
                        } else if k == "STRICT" || k.starts_with("RETURNS NULL") {
                            f.strict = true;
                        } else if k.starts_with("SECURITY DEFINER") {
                            f.security_definer = true;
                        } else if k == "LEAKPROOF" {
                            f.leakproof = true;
                        }
                    }
                }
            }
        }
        if !has_language && f.body.is_empty() {
            // SQL-standard body (BEGIN ATOMIC / RETURN expr)
            f.body = sql::compact_text(node);
        } else if !has_language {
            return Err(PgError::new("42P13", "no language specified"));
        }
        if !matches!(f.language.as_str(), "sql" | "plpgsql" | "c" | "internal")
            && !self.catalog.extensions.contains_key(&f.language)
        {
            return Err(PgError::new(
                "42704",
                format!("language \"{}\" does not exist", f.language),
            ));
        }
        let key = f.key();
        let replace = child(node, Kind::OR_REPLACE).is_some();
        if let Some(existing) = self
            .catalog
            .schema(&qn.schema)
            .and_then(|s| s.functions.get(&key))
        {
            if !replace {
                return Err(PgError::new(
                    "42723",
                    format!(
                        "function \"{}\" already exists with same argument types",
                        qn.name
                    ),
                )
                .object(f.display_name()));
            }
            if existing.returns != f.returns && !existing.returns.is_empty() {
                return Err(PgError::new(
                    "42P13",
                    "cannot change return type of existing function".to_string(),
                )
                .hint(format!(
                    "Use DROP FUNCTION {}({}) first.",
                    qn,
                    f.identity_args().join(", ")
                ))
                .object(f.display_name()));
            }
        }
        if f.returns == "trigger" && f.language == "sql" {
            return Err(PgError::new(
                "0A000",
                "SQL functions cannot return type trigger",
            ));
        }
        match f.language.as_str() {
            "sql" => {
                let params: Vec<(String, String)> = f
                    .args
                    .iter()
                    .filter_map(|a| Some((a.name.clone()?, a.data_type.clone())))
                    .collect();
                let polymorphic = f.args.iter().any(|a| a.data_type.starts_with("any"));
                if !polymorphic && !f.body.is_empty() {
                    f.references = resolve::check_sql_body(self, &f.body, params, ctx, body_offset)
                        .map_err(|e| e.object(f.display_name()))?;
                }
            }
            "plpgsql" => {
                let (refs, _) = resolve::plpgsql_references(&f.body);
                f.references = refs;
            }
            _ => {}
        }
        self.note_reserved(&qn.schema, &f.display_name(), "function", ctx, node);
        self.catalog
            .ensure_schema(&qn.schema)
            .functions
            .insert(key, f);
        Ok(())
    }

    /// Finds a function from a signature node (`f(uuid)` or `f`).
    fn function_from_sig(&self, sig: &Node) -> Result<Option<(QualName, String)>, PgError> {
        let name = sig
            .children()
            .find(|n| {
                matches!(
                    n.kind(),
                    Kind::FUNCTION_NAME_REF | Kind::PATH | Kind::PATH_REF
                )
            })
            .map(|n| name_parts(&n))
            .unwrap_or_default();
        let params = child(sig, Kind::PARAM_LIST);
        let arg_types: Option<Vec<String>> = match &params {
            Some(p) => Some(
                self.read_params(Some(p.clone()))?
                    .into_iter()
                    .filter(|a| matches!(a.mode, ArgMode::In | ArgMode::InOut | ArgMode::Variadic))
                    .map(|a| a.data_type)
                    .collect(),
            ),
            None => None,
        };
        let schemas: Vec<String> = if name.len() == 2 {
            vec![name[0].clone()]
        } else {
            self.lookup_path()
        };
        let fname = name.last().cloned().unwrap_or_default();
        for s in schemas {
            let Some(sc) = self.catalog.schema(&s) else {
                continue;
            };
            match &arg_types {
                Some(types) => {
                    let refs: Vec<&str> = types.iter().map(|s| s.as_str()).collect();
                    let key = function_key(&fname, &refs);
                    if sc.functions.contains_key(&key) {
                        return Ok(Some((QualName::new(&s, &fname), key)));
                    }
                }
                None => {
                    let found: Vec<&String> = sc
                        .functions
                        .iter()
                        .filter(|(_, f)| f.name == fname)
                        .map(|(k, _)| k)
                        .collect();
                    if found.len() > 1 {
                        return Err(PgError::new(
                            "42725",
                            format!("function name \"{fname}\" is not unique"),
                        ));
                    }
                    if let Some(k) = found.first() {
                        return Ok(Some((QualName::new(&s, &fname), (*k).clone())));
                    }
                }
            }
        }
        Ok(None)
    }

    fn sig_display(sig: &Node) -> String {
        let text = sql::compact_text(sig);
        if text.contains('(') {
            text
        } else {
            format!("{text}()")
        }
    }

    pub(crate) fn alter_function(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let Some(sig) = sql::find(node, Kind::FUNCTION_SIG) else {
            return Ok(());
        };
        let Some((q, key)) = self.function_from_sig(&sig)? else {
            return Err(PgError::new(
                "42883",
                format!("function {} does not exist", Self::sig_display(&sig)),
            ));
        };
        let kw = sql::keywords(node);
        let text = sql::compact_text(node);
        let Some(f) = self
            .catalog
            .schema_mut(&q.schema)
            .and_then(|s| s.functions.get_mut(&key))
        else {
            return Ok(());
        };
        if kw.contains("SECURITY DEFINER") {
            f.security_definer = true;
        }
        if kw.contains("SECURITY INVOKER") {
            f.security_definer = false;
        }
        if let Some(i) = text.to_ascii_lowercase().find("set search_path") {
            let v = text[i + 15..]
                .trim()
                .trim_start_matches(['=', ' '])
                .trim_start_matches("TO ")
                .trim_start_matches("to ")
                .trim()
                .trim_end_matches(';');
            let v = v
                .split(',')
                .map(|x| x.trim().trim_matches('\'').trim_matches('"'))
                .collect::<Vec<_>>()
                .join(", ");
            f.config.retain(|(k, _)| k != "search_path");
            f.config.push(("search_path".into(), v));
        }
        if kw.contains("RESET ALL") {
            f.config.clear();
        }
        if let Some(pos) = text.to_ascii_uppercase().find("RENAME TO ") {
            let new = crate::catalog::fold_ident(text[pos + 10..].trim().trim_end_matches(';'));
            let mut f2 = f.clone();
            f2.name = new;
            let s = self.catalog.ensure_schema(&q.schema);
            s.functions.remove(&key);
            s.functions.insert(f2.key(), f2);
        }
        Ok(())
    }

    pub(crate) fn drop_function(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let if_exists = child(node, Kind::IF_EXISTS).is_some();
        let cascade = child(node, Kind::CASCADE).is_some();
        for sig in node
            .descendants()
            .filter(|n| n.kind() == Kind::FUNCTION_SIG)
        {
            match self.function_from_sig(&sig)? {
                Some((q, key)) => {
                    let users: Vec<String> = self
                        .catalog
                        .tables()
                        .flat_map(|t| {
                            t.triggers
                                .iter()
                                .filter(|tr| tr.function == q)
                                .map(move |tr| format!("trigger {} on table {}", tr.name, t.name))
                        })
                        .collect();
                    if !users.is_empty() && !cascade {
                        return Err(PgError::new(
                            "2BP01",
                            format!(
                                "cannot drop function {}() because other objects depend on it",
                                q
                            ),
                        )
                        .detail(format!("{} depends on function {}()", users[0], q))
                        .hint("Use DROP ... CASCADE to drop the dependent objects too."));
                    }
                    if cascade {
                        for s in self.catalog.schemas.values_mut() {
                            let uses = |t: &crate::catalog::Table| {
                                t.triggers.iter().any(|tr| tr.function == q)
                            };
                            for t in s.tables.changing(uses) {
                                t.triggers.retain(|tr| tr.function != q);
                            }
                        }
                    }
                    if let Some(s) = self.catalog.schema_mut(&q.schema) {
                        s.functions.remove(&key);
                    }
                }
                None if if_exists => {}
                None => {
                    return Err(PgError::new(
                        "42883",
                        format!("function {} does not exist", Self::sig_display(&sig)),
                    ));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn create_trigger(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = child(node, Kind::TRIGGER)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        let rel = sql::find(node, Kind::ON_RELATION)
            .and_then(|r| r.children().next())
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let parts = name_parts(&rel);
        let table_q = self
            .lookup_relation(&parts)
            .ok_or_else(|| missing_relation(&parts).at(ctx.offset(&rel)))?;
        let is_view = self.catalog.view(&table_q).is_some();
        let timing = if child(node, Kind::TIMING_BEFORE).is_some() {
            "BEFORE"
        } else if child(node, Kind::TIMING_INSTEAD_OF).is_some() {
            "INSTEAD OF"
        } else {
            "AFTER"
        };
        let mut events = Vec::new();
        if let Some(list) = child(node, Kind::TRIGGER_EVENT_LIST) {
            for e in list.children() {
                let ev = match e.kind() {
                    Kind::TRIGGER_EVENT_INSERT => "INSERT".to_string(),
                    Kind::TRIGGER_EVENT_DELETE => "DELETE".to_string(),
                    Kind::TRIGGER_EVENT_TRUNCATE => "TRUNCATE".to_string(),
                    Kind::TRIGGER_EVENT_UPDATE => {
                        let cols: Vec<String> = children(&e, Kind::COLUMN_NAME_REF)
                            .map(|c| name_parts(&c).join("."))
                            .collect();
                        if cols.is_empty() {
                            "UPDATE".to_string()
                        } else {
                            format!(
                                "UPDATE OF {}",
                                cols.iter()
                                    .map(|c| crate::catalog::quote_ident(c))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }
                    }
                    _ => continue,
                };
                events.push(ev);
            }
        }
        let order = |e: &String| {
            if e.starts_with("INSERT") {
                0
            } else if e.starts_with("UPDATE") {
                1
            } else if e.starts_with("DELETE") {
                2
            } else {
                3
            }
        };
        events.sort_by_key(order);
        let call = node
            .children()
            .filter(|n| n.kind() == Kind::CALL_EXPR)
            .last()
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let fparts = sql::child(&call, Kind::FIELD_EXPR)
            .or_else(|| sql::child(&call, Kind::NAME_REF))
            .map(|n| name_parts(&n))
            .unwrap_or_default();
        let fname = fparts.last().cloned().unwrap_or_default();
        let schemas: Vec<String> = if fparts.len() == 2 {
            vec![fparts[0].clone()]
        } else {
            self.lookup_path()
        };
        let func = schemas.iter().find_map(|s| {
            let q = QualName::new(s, &fname);
            self.catalog
                .schema(s)
                .and_then(|sc| sc.functions.get(&function_key(&fname, &[])))
                .map(|f| (q, f.returns.clone()))
        });
        // a trigger function that an enabled extension provides (moddatetime): the catalog
        // does not list extensions' functions, so look at where the extension is installed
        let func = func.or_else(|| {
            let ext =
                super::ddl::extension_of_function(&fname).filter(|_| fname == "moddatetime")?;
            let e = self.catalog.extensions.get(ext)?;
            schemas
                .contains(&e.schema)
                .then(|| (QualName::new(&e.schema, &fname), "trigger".to_string()))
        });
        let Some((fq, ret)) = func else {
            return Err(PgError::new(
                "42883",
                format!("function {}() does not exist", fparts.join(".")),
            )
            .at(ctx.offset(&call)));
        };
        if ret != "trigger" {
            return Err(PgError::new(
                "42P17",
                format!("function {}() must return type trigger", fparts.join(".")),
            )
            .at(ctx.offset(&call)));
        }
        let arguments: Vec<String> = sql::child(&call, Kind::ARG_LIST)
            .map(|a| {
                a.children()
                    .map(|x| sql::first_string(&x).unwrap_or_else(|| sql::compact_text(&x)))
                    .collect()
            })
            .unwrap_or_default();
        let when = child(node, Kind::WHEN_CONDITION)
            .and_then(|w| w.children().next())
            .map(|e| Expr::from_node(&e));
        let for_each_row = child(node, Kind::FOR_EACH_ROW).is_some();
        let trigger = Trigger {
            name: name.clone(),
            timing: timing.into(),
            events,
            for_each_row,
            function: fq,
            arguments,
            when,
            enabled: true,
            origin: Some(self.origin(ctx, ctx.offset(node))),
        };
        let replace = child(node, Kind::OR_REPLACE).is_some();
        if is_view {
            return Ok(());
        }
        let Some(t) = self.catalog.table_mut(&table_q) else {
            return Ok(());
        };
        if let Some(i) = t.triggers.iter().position(|x| x.name == name) {
            if !replace {
                return Err(PgError::new(
                    "42710",
                    format!(
                        "trigger \"{name}\" for relation \"{}\" already exists",
                        table_q.name
                    ),
                )
                .object(format!("{table_q}/{name}")));
            }
            t.triggers.remove(i);
        }
        t.triggers.push(trigger);
        Ok(())
    }

    pub(crate) fn drop_trigger(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = sql::find(node, Kind::TRIGGER_REF)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        let if_exists = child(node, Kind::IF_EXISTS).is_some();
        let rel = sql::find(node, Kind::ON_RELATION).and_then(|r| r.children().next());
        let Some(rel) = rel else { return Ok(()) };
        let parts = name_parts(&rel);
        let Some(q) = self.lookup_relation(&parts) else {
            return Err(missing_relation(&parts).at(ctx.offset(&rel)));
        };
        let Some(t) = self.catalog.table_mut(&q) else {
            return Ok(());
        };
        match t.triggers.iter().position(|x| x.name == name) {
            Some(i) => {
                t.triggers.remove(i);
                Ok(())
            }
            None if if_exists => Ok(()),
            None => Err(PgError::new(
                "42704",
                format!("trigger \"{name}\" for table \"{}\" does not exist", q.name),
            )),
        }
    }

    pub(crate) fn create_view(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = child(node, Kind::VIEW)
            .or_else(|| child(node, Kind::PATH))
            .or_else(|| child(node, Kind::TABLE_NAME))
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let qn = self.name_for_create(&name_parts(&name))?;
        let materialized = node.kind() == Kind::CREATE_MATERIALIZED_VIEW;
        let replace = child(node, Kind::OR_REPLACE).is_some();
        let query = node
            .children()
            .find(|c| {
                matches!(
                    c.kind(),
                    Kind::SELECT | Kind::COMPOUND_SELECT | Kind::VALUES | Kind::PAREN_SELECT
                )
            })
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let out = resolve::check_statement(self, &query, ctx, &Scope::empty())
            .map_err(|e| e.object(qn.to_string()))?;
        let mut security_invoker = false;
        let mut security_barrier = false;
        if let Some(w) = child(node, Kind::WITH_PARAMS) {
            for opt in w
                .descendants()
                .filter(|n| n.kind() == Kind::ATTRIBUTE_OPTION)
            {
                let k = sql::find(&opt, Kind::ATTRIBUTE_NAME)
                    .map(|n| sql::compact_text(&n).to_ascii_lowercase())
                    .unwrap_or_default();
                let v = sql::find(&opt, Kind::ATTRIBUTE_VALUE)
                    .map(|n| sql::compact_text(&n).to_ascii_lowercase())
                    .unwrap_or_else(|| "true".into());
                let on = matches!(v.trim_matches('\''), "true" | "on" | "1" | "yes");
                match k.as_str() {
                    "security_invoker" => security_invoker = on,
                    "security_barrier" => security_barrier = on,
                    _ => {}
                }
            }
        }
        // explicit column names
        let names: Vec<String> = child(node, Kind::COLUMN_LIST)
            .map(|l| {
                l.descendants()
                    .filter(|n| matches!(n.kind(), Kind::COLUMN | Kind::COLUMN_NAME))
                    .map(|n| name_parts(&n).join("."))
                    .collect()
            })
            .unwrap_or_default();
        let origin = Some(self.origin(ctx, ctx.offset(node)));
        let columns: Vec<Column> = out
            .columns
            .iter()
            .enumerate()
            .map(|(i, (n, t))| Column {
                name: names.get(i).cloned().unwrap_or_else(|| n.clone()),
                data_type: t.clone().unwrap_or_default(),
                origin: origin.clone(),
                ..Column::default()
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        for c in &columns {
            if !seen.insert(c.name.clone()) {
                return Err(PgError::new(
                    "42701",
                    format!("column \"{}\" specified more than once", c.name),
                ));
            }
        }
        match self.catalog.relation_kind(&qn) {
            Some(crate::catalog::RelationKind::View) if replace && !materialized => {
                let old = self
                    .catalog
                    .view(&qn)
                    .map(|v| v.columns.clone())
                    .unwrap_or_default();
                for (i, oc) in old.iter().enumerate() {
                    match columns.get(i) {
                        Some(nc) if nc.name == oc.name => {}
                        Some(nc) => return Err(PgError::new("42P16", format!("cannot change name of view column \"{}\" to \"{}\"", oc.name, nc.name)).hint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")),
                        None => return Err(PgError::new("42P16", "cannot drop columns from view")),
                    }
                }
            }
            Some(_) => {
                if materialized && child(node, Kind::IF_NOT_EXISTS).is_some() {
                    return Ok(());
                }
                return Err(PgError::new(
                    "42P07",
                    format!("relation \"{}\" already exists", qn.name),
                )
                .object(qn.to_string()));
            }
            None => {}
        }
        self.note_reserved(&qn.schema, &qn.to_string(), "view", ctx, node);
        let v = View {
            schema: qn.schema.clone(),
            name: qn.name.clone(),
            materialized,
            definition: Expr::query_node(&query),
            columns,
            security_invoker,
            security_barrier,
            check_option: None,
            references: out.refs,
            indexes: Vec::new(),
            grants: Vec::new(),
            comment: None,
            origin,
        };
        self.catalog
            .ensure_schema(&qn.schema)
            .views
            .insert(qn.name.clone(), v);
        Ok(())
    }

    pub(crate) fn alter_view(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        let Some(r) = node
            .children()
            .find(|n| matches!(n.kind(), Kind::VIEW_REF | Kind::PATH_REF | Kind::PATH))
        else {
            return Ok(());
        };
        let parts = name_parts(&r);
        let Some(q) = self
            .lookup_relation(&parts)
            .filter(|q| self.catalog.view(q).is_some())
        else {
            if child(node, Kind::IF_EXISTS).is_some() {
                return Ok(());
            }
            return Err(missing_relation(&parts));
        };
        let text = sql::compact_text(node).to_ascii_lowercase();
        if let Some(rn) = child(node, Kind::VIEW_RENAME_TO) {
            let to = sql::find(&rn, Kind::PATH)
                .map(|p| name_parts(&p))
                .unwrap_or_default()
                .last()
                .cloned()
                .unwrap_or_default();
            let s = self.catalog.ensure_schema(&q.schema);
            if let Some(mut v) = s.views.remove(&q.name) {
                v.name = to.clone();
                s.views.insert(to, v);
            }
            return Ok(());
        }
        if let Some(v) = self
            .catalog
            .schema_mut(&q.schema)
            .and_then(|s| s.views.get_mut(&q.name))
            && text.contains("security_invoker")
        {
            v.security_invoker = !(text.contains("security_invoker = false")
                || text.contains("security_invoker=false")
                || text.contains("reset"));
        }
        Ok(())
    }

    pub(crate) fn drop_view(&mut self, node: &Node, _ctx: &Ctx) -> Result<(), PgError> {
        for r in node
            .children()
            .filter(|n| matches!(n.kind(), Kind::VIEW_REF | Kind::PATH | Kind::PATH_REF))
        {
            let parts = name_parts(&r);
            match self
                .lookup_relation(&parts)
                .filter(|q| self.catalog.view(q).is_some())
            {
                Some(q) => {
                    if let Some(s) = self.catalog.schema_mut(&q.schema) {
                        s.views.remove(&q.name);
                    }
                }
                None if child(node, Kind::IF_EXISTS).is_some() => {}
                None => {
                    return Err(PgError::new(
                        "42P01",
                        format!("view \"{}\" does not exist", parts.join(".")),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether the table has the policy, and the scope its expressions are read in.
    fn policy_scope(&self, table: &QualName, policy: &str) -> (bool, Scope) {
        match self.catalog.table(table) {
            Some(t) => (t.policy(policy).is_some(), Scope::table(t)),
            None => (false, Scope::table(&crate::catalog::Table::default())),
        }
    }

    pub(crate) fn create_policy(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = child(node, Kind::POLICY)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        let rel = sql::find(node, Kind::ON_TABLE)
            .and_then(|r| r.children().next())
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let parts = name_parts(&rel);
        let q = self.require_table(&parts).map_err(|e| {
            e.at(ctx.offset(&rel))
                .object(format!("{}/{}", parts.join("."), name))
        })?;
        let object = format!("{q}/{name}");
        let (exists, scope) = self.policy_scope(&q, &name);
        if exists {
            return Err(PgError::new(
                "42710",
                format!("policy \"{name}\" for table \"{}\" already exists", q.name),
            )
            .object(object));
        }
        let command = match child(node, Kind::POLICY_COMMAND)
            .map(|c| sql::keywords(&c))
            .unwrap_or_default()
            .as_str()
        {
            s if s.contains("SELECT") => PolicyCommand::Select,
            s if s.contains("INSERT") => PolicyCommand::Insert,
            s if s.contains("UPDATE") => PolicyCommand::Update,
            s if s.contains("DELETE") => PolicyCommand::Delete,
            _ => PolicyCommand::All,
        };
        let permissive = !child(node, Kind::AS_POLICY_TYPE)
            .is_some_and(|c| sql::keywords(&c).contains("RESTRICTIVE"));
        let mut roles: Vec<String> = child(node, Kind::POLICY_ROLES)
            .map(|r| Self::role_names(&r))
            .unwrap_or_default();
        for r in &roles {
            self.require_role(r).map_err(|e| e.object(object.clone()))?;
        }
        if roles.is_empty() || roles.iter().any(|r| r == "public") {
            // PostgreSQL ignores other roles named beside PUBLIC (with a warning)
            roles = vec!["public".into()];
        }
        roles.sort();
        roles.dedup();
        let using_node = child(node, Kind::USING_EXPR_CLAUSE).and_then(|u| u.children().next());
        let check_node =
            child(node, Kind::WITH_CHECK_EXPR_CLAUSE).and_then(|u| u.children().next());
        if command == PolicyCommand::Insert && using_node.is_some() {
            return Err(PgError::new(
                "42601",
                "only WITH CHECK expression allowed for INSERT",
            ));
        }
        if command == PolicyCommand::Select && check_node.is_some() {
            return Err(PgError::new(
                "42601",
                "WITH CHECK cannot be applied to SELECT or DELETE",
            ));
        }
        let mut references = References::default();
        for e in [&using_node, &check_node].into_iter().flatten() {
            let r = resolve::check_expr(self, e, ctx, &scope)
                .map_err(|err| err.object(object.clone()))?;
            references.extend(&r);
        }
        let p = Policy {
            name,
            command,
            permissive,
            roles,
            using: using_node.map(|e| Expr::from_node(&e)),
            with_check: check_node.map(|e| Expr::from_node(&e)),
            references,
            origin: Some(self.origin(ctx, ctx.offset(node))),
        };
        if let Some(t) = self.catalog.table_mut(&q) {
            t.policies.push(p);
        }
        Ok(())
    }

    pub(crate) fn alter_policy(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = sql::find(node, Kind::POLICY_REF)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        let rel = sql::find(node, Kind::ON_TABLE)
            .and_then(|r| r.children().next())
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let q = self
            .require_table(&name_parts(&rel))
            .map_err(|e| e.at(ctx.offset(&rel)))?;
        let (exists, scope) = self.policy_scope(&q, &name);
        if !exists {
            return Err(PgError::new(
                "42704",
                format!("policy \"{name}\" for table \"{}\" does not exist", q.name),
            ));
        }
        let using_node = sql::find(node, Kind::USING_EXPR_CLAUSE).and_then(|u| u.children().next());
        let check_node =
            sql::find(node, Kind::WITH_CHECK_EXPR_CLAUSE).and_then(|u| u.children().next());
        let mut refs = References::default();
        for e in [&using_node, &check_node].into_iter().flatten() {
            refs.extend(&resolve::check_expr(self, e, ctx, &scope)?);
        }
        let roles = sql::find(node, Kind::ROLE_REF_LIST).map(|r| Self::role_names(&r));
        let rename: Option<String> = None;
        if let Some(p) = self
            .catalog
            .table_mut(&q)
            .and_then(|t| t.policies.iter_mut().find(|p| p.name == name))
        {
            if let Some(u) = using_node {
                p.using = Some(Expr::from_node(&u));
            }
            if let Some(c) = check_node {
                p.with_check = Some(Expr::from_node(&c));
            }
            if let Some(mut r) = roles {
                r.sort();
                p.roles = r;
            }
            if !refs.is_empty() {
                p.references = refs;
            }
            if let Some(n) = rename {
                p.name = n;
            }
        }
        Ok(())
    }

    pub(crate) fn drop_policy(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = sql::find(node, Kind::POLICY_REF)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        let if_exists = child(node, Kind::IF_EXISTS).is_some();
        let rel = sql::find(node, Kind::ON_TABLE)
            .and_then(|r| r.children().next())
            .ok_or_else(|| PgError::new("42601", "syntax error"))?;
        let parts = name_parts(&rel);
        let q = match self.require_table(&parts) {
            Ok(q) => q,
            // with IF EXISTS a missing table is only a notice
            Err(_) if if_exists => return Ok(()),
            Err(e) => {
                return Err(e
                    .at(ctx.offset(&rel))
                    .object(format!("{}/{}", parts.join("."), name)));
            }
        };
        let Some(t) = self.catalog.table_mut(&q) else {
            return Ok(());
        };
        match t.policies.iter().position(|p| p.name == name) {
            Some(i) => {
                t.policies.remove(i);
                Ok(())
            }
            None if if_exists => Ok(()),
            None => Err(PgError::new(
                "42704",
                format!("policy \"{name}\" for table \"{}\" does not exist", q.name),
            )),
        }
    }

    pub(crate) fn comment_on(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let value = node
            .children()
            .filter(|n| n.kind() == Kind::LITERAL)
            .last()
            .and_then(|l| sql::first_string(&l));
        let Some(obj) = node.children().next() else {
            return Ok(());
        };
        match obj.kind() {
            Kind::OBJECT_TABLE => {
                let r = obj
                    .children()
                    .next()
                    .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                let q = self
                    .require_table(&name_parts(&r))
                    .map_err(|e| e.at(ctx.offset(&r)))?;
                if let Some(t) = self.catalog.table_mut(&q) {
                    t.comment = value;
                }
            }
            Kind::OBJECT_COLUMN => {
                let r = obj
                    .children()
                    .next()
                    .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                let parts = name_parts(&r);
                let (tp, col) = parts.split_at(parts.len().saturating_sub(1));
                let col = col.first().cloned().unwrap_or_default();
                let q = self
                    .lookup_relation(tp)
                    .ok_or_else(|| missing_relation(tp).at(ctx.offset(&r)))?;
                if let Some(t) = self.catalog.table_mut(&q) {
                    match t.column_mut(&col) {
                        Some(c) => c.comment = value,
                        None => {
                            return Err(PgError::new(
                                "42703",
                                format!(
                                    "column \"{col}\" of relation \"{}\" does not exist",
                                    q.name
                                ),
                            ));
                        }
                    }
                } else if let Some(v) = self
                    .catalog
                    .schema_mut(&q.schema)
                    .and_then(|s| s.views.get_mut(&q.name))
                    && let Some(c) = v.columns.iter_mut().find(|c| c.name == col)
                {
                    c.comment = value;
                }
            }
            Kind::OBJECT_VIEW | Kind::OBJECT_MATERIALIZED_VIEW => {
                let r = obj
                    .children()
                    .next()
                    .ok_or_else(|| PgError::new("42601", "syntax error"))?;
                let parts = name_parts(&r);
                let q = self
                    .lookup_relation(&parts)
                    .filter(|q| self.catalog.view(q).is_some())
                    .ok_or_else(|| missing_relation(&parts))?;
                if let Some(v) = self
                    .catalog
                    .schema_mut(&q.schema)
                    .and_then(|s| s.views.get_mut(&q.name))
                {
                    v.comment = value;
                }
            }
            Kind::OBJECT_SCHEMA => {
                let name = name_parts(&obj).join(".");
                match self.catalog.schema_mut(&name) {
                    Some(s) => s.comment = value,
                    None => {
                        return Err(PgError::new(
                            "3F000",
                            format!("schema \"{name}\" does not exist"),
                        ));
                    }
                }
            }
            Kind::OBJECT_FUNCTION | Kind::OBJECT_PROCEDURE => {
                if let Some(sig) = sql::find(&obj, Kind::FUNCTION_SIG) {
                    match self.function_from_sig(&sig)? {
                        Some((q, key)) => {
                            if let Some(f) = self
                                .catalog
                                .schema_mut(&q.schema)
                                .and_then(|s| s.functions.get_mut(&key))
                            {
                                f.comment = value;
                            }
                        }
                        None => {
                            return Err(PgError::new(
                                "42883",
                                format!("function {} does not exist", Self::sig_display(&sig)),
                            ));
                        }
                    }
                }
            }
            Kind::OBJECT_TYPE => {
                let parts = name_parts(&obj);
                if let Some(q) = self.lookup_type(&parts)
                    && let Some(t) = self
                        .catalog
                        .schema_mut(&q.schema)
                        .and_then(|s| s.types.get_mut(&q.name))
                {
                    t.comment = value;
                }
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn grant(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let grant = node.kind() == Kind::GRANT;
        let Some(on) = child(node, Kind::ON_PRIVILEGE_OBJECTS_CLAUSE) else {
            // role membership: GRANT role TO role
            return Ok(());
        };
        let roles: Vec<String> = child(node, Kind::ROLE_REF_LIST)
            .map(|r| Self::role_names(&r))
            .unwrap_or_default();
        for r in &roles {
            self.require_role(r)?;
        }
        let all = child(node, Kind::ALL_PRIVILEGES).is_some();
        let privs: Vec<String> = child(node, Kind::REVOKE_COMMAND_LIST)
            .map(|l| {
                l.children()
                    .map(|c| sql::compact_text(&c).to_ascii_uppercase())
                    .map(|s| s.split('(').next().unwrap_or("").trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let with_grant = sql::keywords(node).contains("WITH GRANT OPTION");
        let Some(target) = on.children().next() else {
            return Ok(());
        };
        let expand = |all_list: &[&str]| -> Vec<String> {
            if all {
                all_list.iter().map(|s| s.to_string()).collect()
            } else {
                privs.clone()
            }
        };
        let apply = |list: &mut Vec<Grant>, ps: &[String]| {
            for r in &roles {
                for p in ps {
                    list.retain(|g| !(g.grantee == *r && g.privilege == *p));
                    if grant {
                        list.push(Grant {
                            privilege: p.clone(),
                            grantee: r.clone(),
                            with_grant_option: with_grant,
                        });
                    }
                }
            }
            list.sort();
        };
        match target.kind() {
            // `GRANT … ON name` without a kind word is a table grant
            Kind::PRIVILEGE_TABLE | Kind::PRIVILEGE_SEQUENCE | Kind::PRIVILEGE_DEFAULT => {
                let ps = expand(if target.kind() != Kind::PRIVILEGE_SEQUENCE {
                    &[
                        "SELECT",
                        "INSERT",
                        "UPDATE",
                        "DELETE",
                        "TRUNCATE",
                        "REFERENCES",
                        "TRIGGER",
                    ]
                } else {
                    &["USAGE", "SELECT", "UPDATE"]
                });
                let all_in_schema = sql::keywords(&target).contains("ALL TABLES IN SCHEMA")
                    || sql::keywords(&target).contains("ALL SEQUENCES IN SCHEMA");
                if all_in_schema {
                    for s in target
                        .descendants()
                        .filter(|n| n.kind() == Kind::SCHEMA_REF)
                    {
                        let sname = name_parts(&s).join(".");
                        let Some(sc) = self.catalog.schema_mut(&sname) else {
                            return Err(PgError::new(
                                "3F000",
                                format!("schema \"{sname}\" does not exist"),
                            ));
                        };
                        for t in sc.tables.values_mut() {
                            apply(&mut t.grants, &ps);
                        }
                    }
                    return Ok(());
                }
                for r in target.children().filter(|n| {
                    matches!(
                        n.kind(),
                        Kind::RELATION_NAME_REF
                            | Kind::TABLE_NAME_REF
                            | Kind::PATH
                            | Kind::PATH_REF
                    )
                }) {
                    let parts = name_parts(&r);
                    let q = self.lookup_relation(&parts).ok_or_else(|| {
                        missing_relation(&parts)
                            .at(ctx.offset(&r))
                            .object(parts.join("."))
                    })?;
                    if let Some(t) = self.catalog.table_mut(&q) {
                        apply(&mut t.grants, &ps);
                    } else if let Some(v) = self
                        .catalog
                        .schema_mut(&q.schema)
                        .and_then(|s| s.views.get_mut(&q.name))
                    {
                        apply(&mut v.grants, &ps);
                    }
                }
            }
            Kind::PRIVILEGE_FUNCTION | Kind::PRIVILEGE_PROCEDURE | Kind::PRIVILEGE_ROUTINE => {
                let ps = expand(&["EXECUTE"]);
                for sig in target
                    .descendants()
                    .filter(|n| n.kind() == Kind::FUNCTION_SIG)
                {
                    match self.function_from_sig(&sig)? {
                        Some((q, key)) => {
                            if let Some(f) = self
                                .catalog
                                .schema_mut(&q.schema)
                                .and_then(|s| s.functions.get_mut(&key))
                            {
                                apply(&mut f.grants, &ps);
                            }
                        }
                        None => {
                            return Err(PgError::new(
                                "42883",
                                format!("function {} does not exist", Self::sig_display(&sig)),
                            )
                            .at(ctx.offset(&sig)));
                        }
                    }
                }
            }
            Kind::PRIVILEGE_SCHEMA => {
                let ps = expand(&["USAGE", "CREATE"]);
                for s in target
                    .descendants()
                    .filter(|n| n.kind() == Kind::SCHEMA_REF)
                {
                    let sname = name_parts(&s).join(".");
                    match self.catalog.schema_mut(&sname) {
                        Some(sc) => apply(&mut sc.grants, &ps),
                        None => {
                            return Err(PgError::new(
                                "3F000",
                                format!("schema \"{sname}\" does not exist"),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn create_role(&mut self, node: &Node) -> Result<(), PgError> {
        let name = node
            .children()
            .find(|n| n.kind() == Kind::ROLE)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        if self.catalog.roles.contains(&name) {
            return Err(PgError::new(
                "42710",
                format!("role \"{name}\" already exists"),
            ));
        }
        self.catalog.roles.insert(name);
        Ok(())
    }

    pub(crate) fn create_publication(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = child(node, Kind::PUBLICATION)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        if self.catalog.publications.contains_key(&name) {
            return Err(PgError::new(
                "42710",
                format!("publication \"{name}\" already exists"),
            ));
        }
        let all_tables = sql::keywords(node).contains("ALL TABLES");
        let mut tables = Vec::new();
        for r in node
            .descendants()
            .filter(|n| n.kind() == Kind::TABLE_NAME_REF)
        {
            tables.push(
                self.require_table(&name_parts(&r))
                    .map_err(|e| e.at(ctx.offset(&r)))?,
            );
        }
        self.catalog.publications.insert(
            name.clone(),
            Publication {
                name,
                all_tables,
                tables,
                origin: Some(self.origin(ctx, ctx.offset(node))),
            },
        );
        Ok(())
    }
}

/// Extensions PostgreSQL 15 ships in contrib, plus those Supabase offers.
fn known_extension(name: &str, supabase: bool) -> bool {
    matches!(
        name,
        "uuid-ossp"
            | "pgcrypto"
            | "pg_trgm"
            | "citext"
            | "hstore"
            | "ltree"
            | "unaccent"
            | "fuzzystrmatch"
            | "btree_gin"
            | "btree_gist"
            | "cube"
            | "earthdistance"
            | "intarray"
            | "isn"
            | "lo"
            | "moddatetime"
            | "pg_stat_statements"
            | "pgstattuple"
            | "tablefunc"
            | "tcn"
            | "tsm_system_rows"
            | "tsm_system_time"
            | "dict_int"
            | "dict_xsyn"
            | "pageinspect"
            | "pg_buffercache"
            | "pg_prewarm"
            | "pg_visibility"
            | "pgrowlocks"
            | "postgres_fdw"
            | "dblink"
            | "file_fdw"
            | "seg"
            | "amcheck"
            | "bloom"
            | "autoinc"
            | "insert_username"
            | "refint"
            | "xml2"
            | "sslinfo"
            | "adminpack"
            | "old_snapshot"
            | "pg_surgery"
            | "pg_walinspect"
            | "pg_freespacemap"
            | "plpgsql"
    ) || (supabase && SUPABASE_EXTENSIONS.contains(&name))
}

const SUPABASE_EXTENSIONS: &[&str] = &[
    "vector",
    "postgis",
    "pg_net",
    "pg_cron",
    "pgsodium",
    "pg_graphql",
    "pgjwt",
    "http",
    "pg_jsonschema",
    "pg_hashids",
    "wrappers",
    "supabase_vault",
    "pgaudit",
    "pgroonga",
    "rum",
    "timescaledb",
    "plv8",
    "pg_stat_monitor",
    "index_advisor",
    "hypopg",
    "pgtap",
    "plpgsql_check",
    "pg_repack",
    "postgis_topology",
    "address_standardizer",
    "pgrouting",
    "pgmq",
];
