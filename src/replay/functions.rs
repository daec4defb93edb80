//! CREATE / ALTER / DROP FUNCTION and PROCEDURE.

use super::ddl::find_type_node;
use super::resolve;
use super::{Ctx, PgError, Replay};
use crate::catalog::{
    ArgMode, Expr, Function, FunctionArg, QualName, References, Volatility, function_key,
};
use crate::sql::{self, Kind, Node, child, children, name_parts};

impl Replay {
    pub(super) fn read_params(&self, list: Option<Node>) -> Result<Vec<FunctionArg>, PgError> {
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
            // PostgreSQL keeps no type modifier of a parameter: `numeric(19,4)` is `numeric`
            let data_type = self.resolve_unmodified_type(&ty)?;
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

    /// A function's parameter or result type as PostgreSQL keeps it: without its type
    /// modifiers (`numeric(19,4)` is numeric; `float(24)` is real, a name, not a modifier).
    fn resolve_unmodified_type(&self, raw: &str) -> Result<String, PgError> {
        let full = self.resolve_type(raw)?;
        if !raw.contains('(') || crate::catalog::types::float_with_precision(raw).is_some() {
            return Ok(full);
        }
        self.resolve_type(&crate::catalog::types::without_modifiers(raw))
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
                // nor of the result (`RETURNS numeric(10,2)` is numeric, and so are the
                // columns of `RETURNS TABLE`)
                if body.to_ascii_uppercase().starts_with("SETOF ") {
                    format!("SETOF {}", self.resolve_unmodified_type(&body[6..])?)
                } else if body.to_ascii_uppercase().starts_with("TABLE") {
                    // as pg_get_function_result prints it: `TABLE(a integer)`
                    table_without_modifiers(
                        &sql::canon::canon(&r)
                            .trim_start_matches("RETURNS ")
                            .replacen("TABLE (", "TABLE(", 1),
                    )
                } else {
                    self.resolve_unmodified_type(&body)?
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
                        // LANGUAGE plpgsql, or the old quoted form LANGUAGE 'plpgsql'
                        f.language = sql::find(&o, Kind::LANGUAGE_REF)
                            .map(|l| name_parts(&l).join("."))
                            .filter(|l| !l.is_empty())
                            .or_else(|| sql::first_string(&o))
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
                        // a setting's name is an identifier: pg_dump writes `SET "search_path"`
                        f.config
                            .push((crate::catalog::fold_ident(k).to_ascii_lowercase(), v));
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
            if same_result_key(&existing.returns) != same_result_key(&f.returns)
                && !existing.returns.is_empty()
            {
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
                    let checked =
                        resolve::check_sql_body(self, &f.body, params, &qn.name, ctx, body_offset);
                    f.references = match checked {
                        Ok(refs) => refs,
                        // `SET check_function_bodies = false` (pg_dump writes it): PostgreSQL
                        // creates the function without looking at its body
                        Err(_) if !self.check_function_bodies => Default::default(),
                        Err(e) => return Err(e.object(f.display_name())),
                    };
                }
            }
            "plpgsql" => {
                if self.check_function_bodies {
                    let mut params: Vec<String> =
                        f.args.iter().filter_map(|a| a.name.clone()).collect();
                    params.extend(table_result_names(&f.returns));
                    if let Some((at, code, message)) =
                        super::plpgsql::compile_error(&f.body, &params)
                    {
                        return Err(PgError::new(code, message)
                            .at(body_offset + at)
                            .object(f.display_name()));
                    }
                }
                let (refs, _) = resolve::plpgsql_references(&f.body);
                f.references = refs;
            }
            _ => {}
        }
        self.note_reserved(&qn.schema, &f.display_name(), "function", ctx, node);
        f.grants = match self
            .catalog
            .schema(&qn.schema)
            .and_then(|s| s.functions.get(&key))
        {
            Some(old) => old.grants.clone(),
            None => self.default_grants(&qn.schema, "FUNCTIONS"),
        };
        self.catalog
            .ensure_schema(&qn.schema)
            .functions
            .insert(key, f);
        Ok(())
    }

    /// Finds a function from a signature node (`f(uuid)` or `f`).
    pub(super) fn function_from_sig(
        &self,
        sig: &Node,
    ) -> Result<Option<(QualName, String)>, PgError> {
        let (name, arg_types) = self.sig_parts(sig)?;
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

    /// A signature's name parts and, when it lists them, its input argument types.
    fn sig_parts(&self, sig: &Node) -> Result<(Vec<String>, Option<Vec<String>>), PgError> {
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
        let arg_types = match child(sig, Kind::PARAM_LIST) {
            Some(p) => Some(
                self.read_params(Some(p))?
                    .into_iter()
                    .filter(|a| matches!(a.mode, ArgMode::In | ArgMode::InOut | ArgMode::Variadic))
                    .map(|a| a.data_type)
                    .collect(),
            ),
            None => None,
        };
        Ok((name, arg_types))
    }

    /// Whether `name(types)` of a signature is a function a created extension provides
    /// (matched by name, schema and number of arguments).
    pub(super) fn extension_function_sig(&self, sig: &Node) -> Result<bool, PgError> {
        let (name, arg_types) = self.sig_parts(sig)?;
        let nargs = arg_types.map(|t| t.len());
        let (schema, fname) = match name.as_slice() {
            [s, n] => (Some(s.as_str()), n.as_str()),
            [n] => (None, n.as_str()),
            _ => return Ok(false),
        };
        let path = self.lookup_path();
        Ok(crate::catalog::extension_objects::extension_catalog()
            .functions(fname)
            .iter()
            .any(|o| {
                let Some(s) = self.extension_object_schema(o) else {
                    return false;
                };
                let visible = schema.map_or_else(|| path.contains(&s), |want| want == s);
                let arity = match (&o.detail, nargs) {
                    (
                        crate::catalog::extension_objects::ObjectDetail::Function { max, .. },
                        Some(n),
                    ) => max.is_none_or(|m| m == n),
                    _ => true,
                };
                visible && arity
            }))
    }

    pub(super) fn sig_display(sig: &Node) -> String {
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
                    let dependents = self.function_dependents(&q);
                    if !dependents.is_empty() && !cascade {
                        let args = self
                            .catalog
                            .schema(&q.schema)
                            .and_then(|s| s.functions.get(&key))
                            .map(|f| f.identity_args().join(","))
                            .unwrap_or_default();
                        return Err(Self::still_depended_on(
                            "function",
                            &format!("{q}({args})"),
                            &dependents,
                        ));
                    }
                    self.drop_dependents(dependents);
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
}

/// `TABLE(a numeric(19,4), b varchar(3)[])` as PostgreSQL keeps it: `TABLE(a numeric, b
/// varchar[])` (the groups nested inside the column list are type modifiers; quoted names
/// are kept whole).
fn table_without_modifiers(returns: &str) -> String {
    let mut out = String::with_capacity(returns.len());
    let (mut depth, mut quoted) = (0usize, false);
    for c in returns.chars() {
        if quoted {
            if depth < 2 {
                out.push(c);
            }
            quoted = c != '"';
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                if depth < 2 {
                    out.push(c);
                }
            }
            '(' => {
                depth += 1;
                if depth < 2 {
                    out.push(c);
                }
            }
            ')' => {
                if depth < 2 {
                    out.push(c);
                }
                depth = depth.saturating_sub(1);
            }
            _ if depth < 2 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A function's result as PostgreSQL compares it on CREATE OR REPLACE: pg_dump's quoted
/// spelling (`TABLE("date" "date")`) is the same type as `TABLE(date date)`.
fn same_result_key(returns: &str) -> String {
    returns
        .replace('"', "")
        .to_ascii_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The column names of `RETURNS TABLE (a int, b text)`: PL/pgSQL variables of the body.
fn table_result_names(returns: &str) -> Vec<String> {
    let Some(inner) = returns
        .strip_prefix("TABLE(")
        .or_else(|| returns.strip_prefix("TABLE ("))
        .or_else(|| returns.strip_prefix("table("))
        .and_then(|r| r.strip_suffix(')'))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = true;
    let mut current = String::new();
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                start = true;
                continue;
            }
            _ => {}
        }
        if start {
            if c.is_whitespace() && current.is_empty() {
                continue;
            }
            if c.is_whitespace() {
                out.push(crate::catalog::fold_ident(&std::mem::take(&mut current)));
                start = false;
            } else {
                current.push(c);
            }
        }
    }
    out
}
