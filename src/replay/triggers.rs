//! CREATE / DROP TRIGGER.

use super::{Ctx, PgError, Replay};
use crate::catalog::{Expr, QualName, Trigger, function_key};
use crate::sql::{self, Kind, Node, child, children, name_parts};

impl Replay {
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
            .ok_or_else(|| self.missing_relation(&parts).at(ctx.offset(&rel)))?;
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
                        if let Some(t) = self.catalog.table(&table_q)
                            && let Some(c) = cols.iter().find(|c| t.column(c).is_none())
                        {
                            return Err(PgError::new(
                                "42703",
                                format!("column \"{c}\" of relation \"{}\" does not exist", t.name),
                            ));
                        }
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
        let referencing = child(node, Kind::REFERENCING);
        let transition = |kind: Kind| {
            let t = child(referencing.as_ref()?, kind)?;
            name_parts(&child(&t, Kind::TRANSITION_RELATION_NAME)?).pop()
        };
        let (old_table, new_table) = (transition(Kind::OLD_TABLE), transition(Kind::NEW_TABLE));
        let trigger = Trigger {
            name: name.clone(),
            timing: timing.into(),
            events,
            for_each_row,
            function: fq,
            arguments,
            when,
            enabled: true,
            old_table,
            new_table,
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
            // with IF EXISTS a missing table is only a notice
            if if_exists {
                return Ok(());
            }
            return Err(self.missing_relation(&parts).at(ctx.offset(&rel)));
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
}
