//! The catalog queries. Each reads one kind of object for every schema in scope at once
//! (never one query per table); all of them go to the server as one batch.
//!
//! The session runs with `search_path = pg_catalog`, so `format_type`, `pg_get_expr` and
//! `pg_get_viewdef` print every user name schema-qualified.

use crate::catalog::quote_literal;

/// The first batch: what decides the scope, plus the cluster-wide lists.
pub const SETUP: &str = "\
SELECT current_setting('server_version_num')::int AS version, current_database() AS db,
       CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_export_snapshot() END AS snapshot;
SELECT n.oid, n.nspname, d.description,
       EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass
               AND e.objid = n.oid AND e.deptype = 'e') AS ext
  FROM pg_namespace n
  LEFT JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass
       AND d.objsubid = 0
 WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
 ORDER BY n.nspname;
SELECT rolname FROM pg_roles ORDER BY 1;
SELECT e.extname, n.nspname, e.extversion
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY 1;
SELECT n.nspname, c.relname,
       array_to_json(ARRAY(SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                             AND t.typnamespace = 'pg_catalog'::regnamespace
                           ORDER BY a.attnum)) AS cols,
       has_table_privilege(c.oid, 'SELECT') AS readable,
       (NOT c.relrowsecurity
        OR (pg_has_role(c.relowner, 'USAGE') AND NOT c.relforcerowsecurity)
        OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = current_user
                   AND (r.rolsuper OR r.rolbypassrls))) AS no_policy
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r'
   AND (c.relname IN ('schema_migrations', '_prisma_migrations') OR c.relname = ANY(HISTORY))
 ORDER BY 1, 2";

/// Granted privileges of an ACL, less the owner's own and the defaults of the object kind
/// (PUBLIC's EXECUTE on functions, USAGE on `public`, …), as JSON `[[grantee, priv, grantable]]`.
fn grants(acl: &str, owner: &str, kind: char) -> String {
    format!(
        "(SELECT json_agg(json_build_array(CASE WHEN a.grantee = 0 THEN 'public' \
         ELSE pg_get_userbyid(a.grantee)::text END, a.privilege_type, a.is_grantable)) \
         FROM aclexplode({acl}) a WHERE a.grantee <> {owner} AND NOT EXISTS (SELECT 1 \
         FROM aclexplode(acldefault('{kind}', {owner})) d WHERE d.grantee = a.grantee \
         AND d.privilege_type = a.privilege_type))"
    )
}

fn not_ext(class: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '{class}'::regclass \
         AND x.objid = {oid} AND x.deptype = 'e')"
    )
}

/// A SQL array literal of names.
pub fn text_array(names: &[String]) -> String {
    if names.is_empty() {
        return "ARRAY[]::text[]".into();
    }
    format!(
        "ARRAY[{}]::text[]",
        names
            .iter()
            .map(|n| quote_literal(n))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The setup batch with the extra history table names filled in.
pub fn setup(history_names: &[String]) -> String {
    SETUP.replace("HISTORY", &text_array(history_names))
}

/// The catalog queries, in this order: schemas' grants, relations, columns, constraints,
/// indexes, policies, triggers, functions, types, sequences, publications, dependencies,
/// operator classes, collations.
pub fn main_queries(scope: &[String], server_version: i64) -> Vec<String> {
    let scope_oids = format!(
        "(SELECT oid FROM pg_namespace WHERE nspname = ANY({}))",
        text_array(scope)
    );
    let nnd = if server_version >= 150000 {
        "i.indnullsnotdistinct"
    } else {
        "false"
    };
    let con_nnd = if server_version >= 150000 {
        "ix.indnullsnotdistinct"
    } else {
        "false"
    };
    let mut q = Vec::new();
    // 0 schema grants
    q.push(format!(
        "SELECT n.nspname, {} AS grants FROM pg_namespace n WHERE n.oid IN {scope_oids}",
        grants("n.nspacl", "n.nspowner", 'n')
    ));
    // 1 relations
    q.push(format!(
        "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, \
         c.relforcerowsecurity, c.relispartition, \
         CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey, \
         CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound, \
         (SELECT json_agg(json_build_array(pn.nspname, pc.relname) ORDER BY i.inhseqno) \
            FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent \
            JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) AS parents, \
         d.description, array_to_json(c.reloptions) AS reloptions, \
         CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS viewdef, \
         {} AS grants \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass \
              AND d.objsubid = 0 \
         WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND c.relnamespace IN {scope_oids} \
           AND {}",
        grants("c.relacl", "c.relowner", 'r'),
        not_ext("pg_class", "c.oid")
    ));
    // 2 columns
    q.push(format!(
        "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS typ, a.attnotnull, \
         CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) \
         ELSE pg_get_expr(ad.adbin, ad.adrelid) END AS def, a.attidentity, a.attgenerated, \
         CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END AS coll, \
         a.attcollation, d.description \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_type t ON t.oid = a.atttypid \
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
         LEFT JOIN pg_collation co ON co.oid = a.attcollation \
         LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass \
              AND d.objsubid = a.attnum \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm') \
           AND c.relnamespace IN {scope_oids}"
    ));
    // 3 constraints (tables and domains); key columns as attnums, named by the client
    q.push(format!(
        "SELECT co.conrelid, co.contypid, co.conname, co.contype, co.condeferrable, \
         co.condeferred, co.convalidated, co.connoinherit, co.conindid, \
         co.conkey::text AS conkey, co.confrelid, co.confkey::text AS confkey, \
         rn.nspname AS ref_schema, rc.relname AS ref_table, \
         CASE WHEN co.contype = 'f' AND rc.relnamespace NOT IN {scope_oids} THEN \
           array_to_json(ARRAY(SELECT a.attname FROM unnest(co.confkey) WITH ORDINALITY k(n, o) \
           JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n ORDER BY k.o)) END AS ref_cols, \
         co.confupdtype, co.confdeltype, co.confmatchtype, \
         CASE WHEN co.contype = 'c' THEN pg_get_expr(co.conbin, co.conrelid) END AS chk, \
         CASE WHEN co.contype = 'x' THEN pg_get_constraintdef(co.oid) END AS def, \
         CASE WHEN co.contype = 'u' THEN {con_nnd} END AS nnd \
         FROM pg_constraint co \
         LEFT JOIN pg_class rc ON rc.oid = co.confrelid \
         LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
         LEFT JOIN pg_index ix ON ix.indexrelid = co.conindid AND co.contype = 'u' \
         WHERE co.connamespace IN {scope_oids} AND co.contype IN ('p', 'u', 'c', 'f', 'x') "
    ));
    // 4 indexes; keys as attnums, opclass and collation oids (named by the client), only
    // expression keys printed by the server
    q.push(format!(
        "SELECT i.indexrelid, i.indrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts, \
         i.indkey::text AS indkey, i.indclass::text AS indclass, \
         i.indcollation::text AS indcollation, i.indoption::text AS indoption, \
         pg_get_expr(i.indpred, i.indrelid) AS pred, {nnd} AS nnd, ic.relispartition AS attached, \
         CASE WHEN i.indexprs IS NOT NULL THEN (SELECT json_agg(pg_get_indexdef(i.indexrelid, k, true) \
           ORDER BY k) FROM generate_series(1, i.indnkeyatts) k) END AS exprs \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_am am ON am.oid = ic.relam \
         WHERE ic.relnamespace IN {scope_oids} "
    ));
    // 5 policies
    q.push(format!(
        "SELECT p.oid, p.polrelid, p.polname, p.polcmd, p.polpermissive, \
         array_to_json(ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END \
            FROM unnest(p.polroles) r)) AS roles, \
         pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS wc \
         FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid \
         WHERE c.relnamespace IN {scope_oids}"
    ));
    // 6 triggers
    q.push(format!(
        "SELECT t.tgrelid, t.tgname, t.tgtype, t.tgenabled, fn.nspname AS fschema, f.proname AS fname, \
         encode(t.tgargs, 'hex') AS args, t.tgnargs, \
         t.tgattr::text AS tgattr, \
         CASE WHEN t.tgqual IS NOT NULL THEN pg_get_triggerdef(t.oid) END AS def, \
         t.tgoldtable::text AS oldtable, t.tgnewtable::text AS newtable \
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
         JOIN pg_proc f ON f.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = f.pronamespace \
         WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relnamespace IN {scope_oids} "
    ));
    // 7 functions and procedures
    q.push(format!(
        "SELECT p.oid, n.nspname, p.proname, p.prokind, l.lanname, p.provolatile, p.proisstrict, \
         p.prosecdef, p.proleakproof, array_to_json(p.proconfig) AS config, p.prosrc, \
         pg_get_function_result(p.oid) AS result, \
         array_to_json(p.proargnames) AS argnames, array_to_json(p.proargmodes::text[]) AS modes, \
         array_to_json(ARRAY(SELECT format_type(u.t, NULL) \
            FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY u(t, o) \
            ORDER BY u.o)) AS argtypes, \
         CASE WHEN p.pronargdefaults > 0 THEN (SELECT json_agg(pg_get_function_arg_default(p.oid, g) \
            ORDER BY g) FROM generate_series(1, COALESCE(array_length(p.proallargtypes, 1), \
            p.pronargs)) g) END AS defaults, \
         d.description, {} AS grants \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         JOIN pg_language l ON l.oid = p.prolang \
         LEFT JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass \
              AND d.objsubid = 0 \
         WHERE p.pronamespace IN {scope_oids} AND p.prokind IN ('f', 'p') AND {} ",
        grants("p.proacl", "p.proowner", 'f'),
        not_ext("pg_proc", "p.oid")
    ));
    // 8 types: enums, domains, composite types, ranges
    q.push(format!(
        "SELECT t.oid, n.nspname, t.typname, t.typtype, \
         format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, \
         pg_get_expr(t.typdefaultbin, 0) AS def, \
         CASE WHEN t.typtype = 'e' THEN array_to_json(ARRAY(SELECT e.enumlabel FROM pg_enum e \
            WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)) END AS labels, \
         CASE WHEN t.typtype = 'c' THEN (SELECT json_agg(json_build_array(a.attname, \
            format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum) FROM pg_attribute a \
            WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS attrs, \
         CASE WHEN t.typtype = 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r \
            WHERE r.rngtypid = t.oid) END AS subtype, \
         d.description \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         LEFT JOIN pg_class tc ON tc.oid = t.typrelid \
         LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass \
              AND d.objsubid = 0 \
         WHERE t.typnamespace IN {scope_oids} \
           AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND tc.relkind = 'c')) \
           AND {}",
        not_ext("pg_type", "t.oid")
    ));
    // 9 sequences (identity sequences are part of their column); the owning column as
    // relation oid and attnum
    q.push(format!(
        "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL) AS typ, s.seqstart, \
         s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, \
         d.refobjid AS owner_rel, d.refobjsubid AS owner_col, d.deptype \
         FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid \
              AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 \
              AND d.deptype IN ('a', 'i') \
         WHERE c.relnamespace IN {scope_oids} AND {}",
        not_ext("pg_class", "c.oid")
    ));
    // 10 publications
    q.push(
        "SELECT p.pubname, p.puballtables, \
         (SELECT json_agg(json_build_array(n.nspname, c.relname) ORDER BY n.nspname, c.relname) \
            FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid \
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.prpubid = p.oid) AS tables \
         FROM pg_publication p ORDER BY 1"
            .to_string(),
    );
    // 11 what views, policies and SQL-standard function bodies reference
    q.push(
        "SELECT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'v' \
              WHEN d.classid = 'pg_policy'::regclass THEN 'p' ELSE 'f' END AS kind, \
         CASE WHEN d.classid = 'pg_rewrite'::regclass THEN r.ev_class ELSE d.objid END AS owner, \
         d.refclassid = 'pg_proc'::regclass AS is_func, rn.nspname, \
         COALESCE(rc.relname, rp.proname) AS name, a.attname \
         FROM pg_depend d \
         LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid \
         LEFT JOIN pg_class rc ON d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid \
         LEFT JOIN pg_proc rp ON d.refclassid = 'pg_proc'::regclass AND rp.oid = d.refobjid \
         LEFT JOIN pg_namespace rn ON rn.oid = COALESCE(rc.relnamespace, rp.pronamespace) \
         LEFT JOIN pg_attribute a ON a.attrelid = rc.oid AND a.attnum = d.refobjsubid \
              AND d.refobjsubid > 0 \
         WHERE d.classid IN ('pg_rewrite'::regclass, 'pg_policy'::regclass, 'pg_proc'::regclass) \
           AND d.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass) AND d.deptype = 'n' \
           AND rn.nspname IS NOT NULL"
            .to_string(),
    );
    // 12 operator classes and 13 collations, to name what indexes use
    q.push("SELECT oid, opcname, opcdefault FROM pg_opclass".to_string());
    q.push("SELECT oid, collname FROM pg_collation".to_string());
    q
}

/// The queries that deparse expressions over tables (constraints, indexes, policies): they
/// make the server open every table, so they go together to a second session when there is one.
pub const DEPARSING: [usize; 3] = [3, 4, 5];

/// Number of queries [`main_queries`] returns.
pub const MAIN_SETS: usize = 14;
