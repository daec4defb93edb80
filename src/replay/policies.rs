//! CREATE / ALTER / DROP POLICY.

use super::resolve::{self, Scope};
use super::{Ctx, PgError, Replay};
use crate::catalog::{Expr, Policy, PolicyCommand, QualName, References};
use crate::sql::{self, Kind, Node, child, name_parts};

impl Replay {
    /// Whether the table has the policy, and the scope its expressions are read in.
    pub(super) fn policy_scope(&self, table: &QualName, policy: &str) -> (bool, Scope) {
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
            using: using_node.map(|e| Expr::from_node_over(&e, &q.name)),
            with_check: check_node.map(|e| Expr::from_node_over(&e, &q.name)),
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
                p.using = Some(Expr::from_node_over(&u, &q.name));
            }
            if let Some(c) = check_node {
                p.with_check = Some(Expr::from_node_over(&c, &q.name));
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
}
