//! GRANT / REVOKE, CREATE ROLE and CREATE PUBLICATION.

use super::{Ctx, PgError, Replay, missing_relation};
use crate::catalog::{Grant, Publication};
use crate::sql::{self, Kind, Node, child, name_parts};

impl Replay {
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
