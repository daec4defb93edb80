//! CREATE / ALTER / DROP TYPE and CREATE DOMAIN.

use super::ddl::find_type_node;
use super::{Ctx, PgError, Replay};
use crate::catalog::{Expr, QualName, TypeDef, TypeKind};
use crate::sql::{self, Kind, Node, child, name_parts};

impl Replay {
    pub(super) fn type_exists(&self, q: &QualName) -> bool {
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

    pub(super) fn lookup_type(&self, parts: &[String]) -> Option<QualName> {
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
        if let Some(r) = child(node, Kind::TYPE_RENAME_TO) {
            let new = child(&r, Kind::TYPE_NAME)
                .map(|n| name_parts(&n))
                .and_then(|p| p.last().cloned())
                .ok_or_else(|| PgError::new("42601", "syntax error"))?;
            return self.move_type(&qn, &QualName::new(&qn.schema, &new));
        }
        if let Some(s) = child(node, Kind::SET_SCHEMA) {
            let schema = child(&s, Kind::SCHEMA_REF)
                .map(|n| name_parts(&n).join("."))
                .ok_or_else(|| PgError::new("42601", "syntax error"))?;
            if !self.catalog.schemas.contains_key(&schema) {
                return Err(PgError::new(
                    "3F000",
                    format!("schema \"{schema}\" does not exist"),
                ));
            }
            return self.move_type(&qn, &QualName::new(&schema, &qn.name));
        }
        let text = sql::compact_text(node);
        let upper = text.to_ascii_uppercase();
        let strings: Vec<String> = node
            .descendants()
            .filter(|n| n.kind() == Kind::LITERAL)
            .map(|l| sql::first_string(&l).unwrap_or_default())
            .collect();
        let mut added = None;
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
                    Some(i) => labels.insert(i, new.clone()),
                    None => labels.push(new.clone()),
                }
                added = Some(new);
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
        if let Some(label) = added {
            // usable only once the transaction that added it commits (55P04)
            self.note_new_enum_value(qn, label);
        }
        Ok(())
    }

    /// `ALTER TYPE … RENAME TO` / `SET SCHEMA`: the type gets its new name, and so does every
    /// column, domain, composite attribute and function signature that uses it.
    fn move_type(&mut self, from: &QualName, to: &QualName) -> Result<(), PgError> {
        if from == to {
            return Ok(());
        }
        if self.type_exists(to) {
            return Err(PgError::new(
                "42710",
                format!(
                    "type \"{}\" already exists in schema \"{}\"",
                    to.name, to.schema
                ),
            ));
        }
        let Some(mut t) = self
            .catalog
            .schema_mut(&from.schema)
            .and_then(|s| s.types.remove(&from.name))
        else {
            return Ok(());
        };
        t.schema = to.schema.clone();
        t.name = to.name.clone();
        self.catalog
            .ensure_schema(&to.schema)
            .types
            .insert(to.name.clone(), t);
        self.catalog
            .rename_type_uses(&from.to_string(), &to.to_string());
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
}
