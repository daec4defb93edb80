//! GRANT / REVOKE, CREATE ROLE and CREATE PUBLICATION.

use super::{Ctx, PgError, Replay};
use crate::catalog::{DefaultPrivilege, Grant, Publication};
use crate::sql::{self, Kind, Node, child, name_parts};

/// What `ALL PRIVILEGES` means for a kind of object (TABLES, SEQUENCES, FUNCTIONS, TYPES,
/// SCHEMAS), as GRANT and ALTER DEFAULT PRIVILEGES expand it.
fn all_privileges(object: &str) -> &'static [&'static str] {
    match object {
        "TABLES" => &[
            "SELECT",
            "INSERT",
            "UPDATE",
            "DELETE",
            "TRUNCATE",
            "REFERENCES",
            "TRIGGER",
        ],
        "SEQUENCES" => &["USAGE", "SELECT", "UPDATE"],
        "FUNCTIONS" => &["EXECUTE"],
        "TYPES" => &["USAGE"],
        _ => &["USAGE", "CREATE"],
    }
}

/// The role migrations run as: what they create, it owns (and its default privileges apply).
const MIGRATION_ROLE: &str = "postgres";

impl Replay {
    /// `ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT|REVOKE … ON TABLES …`:
    /// recorded, and applied to the objects created afterwards ([`Replay::default_grants`]).
    pub(crate) fn alter_default_privileges(&mut self, node: &Node) -> Result<(), PgError> {
        let text = sql::compact_text(node).replace(',', " , ");
        let words: Vec<&str> = text.split_whitespace().collect();
        let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
        let list_after = |i: usize| -> (Vec<String>, usize) {
            let mut out = Vec::new();
            let mut j = i;
            while j < words.len() {
                out.push(crate::catalog::fold_ident(words[j].trim_end_matches(';')));
                if words.get(j + 1) == Some(&",") {
                    j += 2;
                } else {
                    j += 1;
                    break;
                }
            }
            (out, j)
        };
        let (mut roles, mut schemas) = (Vec::new(), Vec::new());
        let mut i = 3; // after ALTER DEFAULT PRIVILEGES
        let mut grant = None;
        while i < words.len() {
            match upper[i].as_str() {
                "FOR" if matches!(upper.get(i + 1).map(String::as_str), Some("ROLE" | "USER")) => {
                    let (r, j) = list_after(i + 2);
                    roles = r;
                    i = j;
                }
                "IN" if upper.get(i + 1).map(String::as_str) == Some("SCHEMA") => {
                    let (s, j) = list_after(i + 2);
                    schemas = s;
                    i = j;
                }
                "GRANT" => {
                    grant = Some(true);
                    i += 1;
                    break;
                }
                "REVOKE" => {
                    grant = Some(false);
                    i += 1;
                    break;
                }
                _ => i += 1,
            }
        }
        let Some(grant) = grant else {
            return Ok(());
        };
        if !grant && upper.get(i).map(String::as_str) == Some("GRANT") {
            // REVOKE GRANT OPTION FOR …: the privileges stay
            return Ok(());
        }
        let Some(on) = (i..words.len()).find(|&k| upper[k] == "ON") else {
            return Ok(());
        };
        let object = match upper.get(on + 1).map(String::as_str) {
            Some("ROUTINES" | "FUNCTIONS") => "FUNCTIONS",
            Some(o @ ("TABLES" | "SEQUENCES" | "TYPES" | "SCHEMAS")) => o,
            _ => return Ok(()),
        };
        let privs: Vec<String> = upper[i..on]
            .iter()
            .filter(|w| *w != "," && *w != "PRIVILEGES")
            .cloned()
            .collect();
        let all = all_privileges(object);
        let privs: Vec<String> = if privs.iter().any(|p| p == "ALL") {
            all.iter().map(|s| s.to_string()).collect()
        } else {
            privs
        };
        let (grantees, _) = list_after(on + 3);
        for r in grantees.iter().chain(roles.iter()) {
            self.require_role(r)?;
        }
        let with_grant = sql::keywords(node).contains("WITH GRANT OPTION");
        if roles.is_empty() {
            roles.push(MIGRATION_ROLE.to_string());
        }
        let schemas: Vec<Option<String>> = if schemas.is_empty() {
            vec![None]
        } else {
            for s in &schemas {
                if !self.catalog.schemas.contains_key(s) {
                    return Err(PgError::new(
                        "3F000",
                        format!("schema \"{s}\" does not exist"),
                    ));
                }
            }
            schemas.into_iter().map(Some).collect()
        };
        self.catalog.forget_default_grants();
        for role in &roles {
            for schema in &schemas {
                for grantee in &grantees {
                    for p in &privs {
                        let same = |d: &DefaultPrivilege| {
                            d.role == *role
                                && d.schema == *schema
                                && d.object == object
                                && d.grant.grantee == *grantee
                                && d.grant.privilege == *p
                        };
                        self.catalog.default_privileges.retain(|d| !same(d));
                        if grant {
                            self.catalog.default_privileges.push(DefaultPrivilege {
                                role: role.clone(),
                                schema: schema.clone(),
                                object: object.to_string(),
                                grant: Grant {
                                    privilege: p.clone(),
                                    grantee: grantee.clone(),
                                    with_grant_option: with_grant,
                                },
                            });
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The grants an object the migrations create in `schema` gets from the default
    /// privileges (TABLES also covers views; the owner's own are implicit).
    /// What objects of `object` kind created in `schema` are granted by default (asked for
    /// every object created; memoized in the catalog until the defaults change).
    pub(crate) fn default_grants(&self, schema: &str, object: &str) -> Vec<Grant> {
        self.catalog.cached_default_grants(schema, object, || {
            self.compute_default_grants(schema, object)
        })
    }

    fn compute_default_grants(&self, schema: &str, object: &str) -> Vec<Grant> {
        let mut out: Vec<Grant> = Vec::new();
        for d in &self.catalog.default_privileges {
            if d.role == MIGRATION_ROLE
                && d.object == object
                && d.schema.as_deref().is_none_or(|s| s == schema)
                && d.grant.grantee != MIGRATION_ROLE
                && !out.contains(&d.grant)
            {
                out.retain(|g| !(g.grantee == d.grant.grantee && g.privilege == d.grant.privilege));
                out.push(d.grant.clone());
            }
        }
        out.sort();
        out
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
                let ps = expand(all_privileges(
                    if target.kind() != Kind::PRIVILEGE_SEQUENCE {
                        "TABLES"
                    } else {
                        "SEQUENCES"
                    },
                ));
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
                        self.missing_relation(&parts)
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
                let ps = expand(all_privileges("FUNCTIONS"));
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
                        // a function an extension created: its grants are the extension's
                        None if self.extension_function_sig(&sig)? => {}
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
                let ps = expand(all_privileges("SCHEMAS"));
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

    fn publication_named(&self, node: &Node) -> Result<String, PgError> {
        let name = child(node, Kind::PUBLICATION_REF)
            .map(|n| name_parts(&n).join("."))
            .unwrap_or_default();
        if self.catalog.publications.contains_key(&name) {
            Ok(name)
        } else {
            Err(PgError::new(
                "42704",
                format!("publication \"{name}\" does not exist"),
            ))
        }
    }

    /// ALTER PUBLICATION … ADD / DROP / SET TABLE …, OWNER TO, RENAME TO, SET (…).
    pub(crate) fn alter_publication(&mut self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        let name = self.publication_named(node)?;
        let action = node.children().find(|c| {
            matches!(
                c.kind(),
                Kind::ADD_PUBLICATION_OBJECTS
                    | Kind::DROP_PUBLICATION_OBJECTS
                    | Kind::SET_PUBLICATION_OBJECTS
            )
        });
        // OWNER TO, SET (publish = …); RENAME TO is not followed (rare)
        let Some(action) = action else {
            return Ok(());
        };
        let mut tables = Vec::new();
        for r in action
            .descendants()
            .filter(|n| n.kind() == Kind::TABLE_NAME_REF)
        {
            tables.push((
                self.require_table(&name_parts(&r))
                    .map_err(|e| e.at(ctx.offset(&r)))?,
                r,
            ));
        }
        let publication = self
            .catalog
            .publications
            .get_mut(&name)
            .expect("checked above");
        if publication.all_tables && !tables.is_empty() {
            return Err(PgError::new(
                "55000",
                format!("publication \"{name}\" is defined as FOR ALL TABLES"),
            )
            .detail("Tables cannot be added to or dropped from FOR ALL TABLES publications."));
        }
        match action.kind() {
            Kind::ADD_PUBLICATION_OBJECTS => {
                for (t, r) in tables {
                    if publication.tables.contains(&t) {
                        return Err(PgError::new(
                            "42710",
                            format!(
                                "relation \"{}\" is already member of publication \"{name}\"",
                                t.name
                            ),
                        )
                        .at(ctx.offset(&r)));
                    }
                    publication.tables.push(t);
                }
            }
            Kind::DROP_PUBLICATION_OBJECTS => {
                for (t, r) in tables {
                    if !publication.tables.contains(&t) {
                        return Err(PgError::new(
                            "42704",
                            format!("relation \"{}\" is not part of the publication", t.name),
                        )
                        .at(ctx.offset(&r)));
                    }
                    publication.tables.retain(|x| *x != t);
                }
            }
            _ => publication.tables = tables.into_iter().map(|(t, _)| t).collect(),
        }
        Ok(())
    }

    pub(crate) fn drop_publication(&mut self, node: &Node) -> Result<(), PgError> {
        let if_exists = child(node, Kind::IF_EXISTS).is_some();
        for r in node
            .children()
            .filter(|c| c.kind() == Kind::PUBLICATION_REF)
        {
            let name = name_parts(&r).join(".");
            if self.catalog.publications.remove(&name).is_none() && !if_exists {
                return Err(PgError::new(
                    "42704",
                    format!("publication \"{name}\" does not exist"),
                ));
            }
        }
        Ok(())
    }
}
