//! The schema health rules (issue 5): for every rule, SQL on which it must fire and SQL on
//! which it must stay quiet. Each case runs on the SQL replay; the same SQL built on a real
//! PostgreSQL and read back by the database source must give the same findings (those tests
//! wait for the database source, see `introspect_db`).

use schemadrift::catalog::{Catalog, QualName};
use schemadrift::findings::{Finding, Severity};
use schemadrift::replay::{Replay, ReplayOptions, SqlFile};
use schemadrift::rules::{self, RuleContext, RulesConfig, SqlText, UsedObjects};
use std::path::Path;
use std::process::Command;

const FILE: &str = "migrations/0001_test.sql";

fn replay(sql: &str, supabase: bool) -> (Catalog, Vec<Finding>) {
    let mut r = Replay::new(ReplayOptions {
        source_id: "migrations".into(),
        supabase,
    });
    r.run_file(&SqlFile {
        path: FILE,
        text: sql,
    });
    let (catalog, findings, _) = r.finish();
    (catalog, findings)
}

/// Replay + every health rule, the way `lint` runs them.
fn lint_with(
    sql: &str,
    supabase: bool,
    cfg: &RulesConfig,
    used: Option<&UsedObjects>,
) -> Vec<Finding> {
    let (catalog, mut findings) = replay(sql, supabase);
    let mut ctx = RuleContext::new(supabase, cfg);
    ctx.used = used;
    rules::suggest_for_replay(&mut findings, &catalog);
    let files = [SqlText {
        path: FILE,
        text: sql,
    }];
    let mut extra = rules::run(&catalog, &ctx);
    extra.extend(rules::check_refused(&files, &findings, &catalog, &ctx));
    findings.extend(extra);
    cfg.apply(&mut findings);
    rules::apply_suppressions_in(&mut findings, &files);
    findings
}

fn lint(sql: &str, supabase: bool) -> Vec<Finding> {
    lint_with(sql, supabase, &RulesConfig::default(), None)
}

fn of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

fn objects(findings: &[Finding], rule: &str) -> Vec<String> {
    of(findings, rule)
        .iter()
        .map(|f| f.object.clone())
        .collect()
}

/// The objects a rule reported, each with its severity, sorted.
fn severities(findings: &[Finding], rule: &str) -> Vec<(String, Severity)> {
    let mut v: Vec<(String, Severity)> = of(findings, rule)
        .iter()
        .map(|f| (f.object.clone(), f.severity))
        .collect();
    v.sort();
    v
}

fn show(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{} {} {} | {}", f.severity, f.rule, f.object, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A case: SQL, on a Supabase project or not, the rule, objects it must report, objects it
/// must not report.
struct Case {
    name: &'static str,
    sql: &'static str,
    supabase: bool,
    rule: &'static str,
    fires: &'static [&'static str],
    quiet: &'static [&'static str],
}

fn check_case(c: &Case, findings: &[Finding], side: &str) {
    let got = objects(findings, c.rule);
    for o in c.fires {
        assert!(
            got.iter().any(|g| g == o),
            "[{side}] {}: {} should report {o}; got:\n{}",
            c.name,
            c.rule,
            show(findings)
        );
    }
    for o in c.quiet {
        assert!(
            !got.iter().any(|g| g == o),
            "[{side}] {}: {} must not report {o}; got:\n{}",
            c.name,
            c.rule,
            show(findings)
        );
    }
}

const CASES: &[Case] = &[
    Case {
        name: "rls disabled on an exposed table; enabled elsewhere",
        sql: "CREATE TABLE public.spend (id bigserial PRIMARY KEY, amount numeric);
CREATE TABLE public.users (id uuid PRIMARY KEY REFERENCES auth.users(id));
ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY \"own\" ON public.users FOR SELECT USING (auth.uid() = id);
CREATE SCHEMA private;
CREATE TABLE private.jobs (id bigserial PRIMARY KEY);",
        supabase: true,
        rule: "rls-disabled",
        fires: &["public.spend"],
        quiet: &["public.users", "private.jobs"],
    },
    Case {
        name: "policies while RLS is off (any project)",
        sql: "CREATE TABLE notes (id int PRIMARY KEY, owner text);
CREATE POLICY owner_only ON notes USING (owner = current_user);
CREATE TABLE plain (id int PRIMARY KEY);",
        supabase: false,
        rule: "rls-disabled",
        fires: &["public.notes"],
        quiet: &["public.plain"],
    },
    Case {
        name: "RLS enabled without a policy",
        sql: "CREATE TABLE public.metrics_log (id bigserial PRIMARY KEY, value float8);
ALTER TABLE public.metrics_log ENABLE ROW LEVEL SECURITY;
CREATE TABLE public.notes (id bigserial PRIMARY KEY, user_id uuid);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY \"own notes\" ON public.notes FOR ALL USING (auth.uid() = user_id);",
        supabase: true,
        rule: "rls-enabled-no-policy",
        fires: &["public.metrics_log"],
        quiet: &["public.notes"],
    },
    Case {
        name: "write policies open to everyone",
        sql: "CREATE TABLE public.ai_usage (id uuid PRIMARY KEY, user_id uuid);
ALTER TABLE public.ai_usage ENABLE ROW LEVEL SECURITY;
CREATE POLICY \"Service can insert usage records\" ON public.ai_usage FOR INSERT WITH CHECK (true);
CREATE POLICY \"Anyone deletes\" ON public.ai_usage FOR DELETE TO anon USING (true);
CREATE POLICY \"All for users\" ON public.ai_usage FOR ALL TO authenticated USING (true);
CREATE POLICY \"One is one\" ON public.ai_usage FOR UPDATE TO anon USING (1 = 1);
CREATE POLICY \"Usage is public\" ON public.ai_usage FOR SELECT USING (true);
CREATE POLICY \"Service role writes\" ON public.ai_usage FOR ALL TO service_role USING (true) WITH CHECK (true);
CREATE POLICY \"Users insert own\" ON public.ai_usage FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
CREATE TABLE public.notes (id int PRIMARY KEY, owner uuid);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY \"Check only\" ON public.notes FOR UPDATE TO authenticated WITH CHECK (true);
CREATE TABLE public.cards (id int PRIMARY KEY, owner uuid);
ALTER TABLE public.cards ENABLE ROW LEVEL SECURITY;
CREATE POLICY \"Owners pick\" ON public.cards FOR UPDATE TO authenticated USING (auth.uid() = owner);
CREATE POLICY \"Anything goes\" ON public.cards FOR UPDATE TO authenticated WITH CHECK (true);",
        supabase: true,
        rule: "policy-always-true",
        fires: &[
            "public.ai_usage/Service can insert usage records",
            "public.ai_usage/Anyone deletes",
            "public.ai_usage/All for users",
            "public.ai_usage/One is one",
            // another UPDATE policy picks the rows; this check lets them become anything
            "public.cards/Anything goes",
        ],
        quiet: &[
            // FOR UPDATE WITH CHECK (true) alone selects no row to update
            "public.notes/Check only",
            "public.cards/Owners pick",
            "public.ai_usage/Usage is public",
            "public.ai_usage/Service role writes",
            "public.ai_usage/Users insert own",
        ],
    },
    Case {
        name: "policies trusting user_metadata",
        sql: "CREATE TABLE public.reports (id int PRIMARY KEY, owner uuid);
ALTER TABLE public.reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY \"Admins read all\" ON public.reports FOR SELECT
  USING ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
CREATE POLICY \"Admins by app claim\" ON public.reports FOR SELECT
  USING ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin');",
        supabase: true,
        rule: "rls-references-user-metadata",
        fires: &["public.reports/Admins read all"],
        quiet: &["public.reports/Admins by app claim"],
    },
    Case {
        name: "SECURITY DEFINER with and without search_path",
        sql: "CREATE TABLE public.members (org uuid, user_id uuid, PRIMARY KEY (org, user_id));
CREATE FUNCTION public.is_member(o uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT EXISTS (SELECT 1 FROM public.members WHERE org = o) $$;
CREATE FUNCTION public.is_admin(o uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM public.members WHERE org = o) $$;
CREATE FUNCTION public.plain(o uuid) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM public.members WHERE org = o) $$;
CREATE FUNCTION \"public\".\"is_owner\"(\"o\" \"uuid\") RETURNS boolean
    LANGUAGE \"sql\" STABLE SECURITY DEFINER
    SET \"search_path\" TO ''
    AS $$ SELECT EXISTS (SELECT 1 FROM public.members WHERE org = o) $$;",
        supabase: false,
        rule: "security-definer-search-path",
        fires: &["public.is_member(uuid)"],
        // pg_dump quotes the setting's name: SET \"search_path\" TO ''
        quiet: &["public.is_admin(uuid)", "public.plain(uuid)", "public.is_owner(uuid)"],
    },
    Case {
        name: "views over RLS tables, with and without security_invoker",
        sql: "CREATE TABLE public.projects (id uuid PRIMARY KEY, title text, is_public boolean);
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY \"public projects\" ON public.projects FOR SELECT USING (is_public);
CREATE TABLE public.tags (id int PRIMARY KEY, name text);
CREATE VIEW public.project_feed AS SELECT id, title FROM public.projects WHERE is_public;
CREATE VIEW public.safe_feed WITH (security_invoker = true) AS SELECT id, title FROM public.projects;
CREATE VIEW public.tag_names AS SELECT name FROM public.tags;
CREATE VIEW public.feed_titles AS SELECT title FROM public.project_feed;",
        supabase: true,
        rule: "security-definer-view",
        fires: &["public.project_feed", "public.feed_titles"],
        quiet: &["public.safe_feed", "public.tag_names"],
    },
    Case {
        name: "foreign keys with and without an index",
        sql: "CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id));
CREATE TABLE events (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id));
CREATE INDEX events_user_ts ON events (user_id, id);
CREATE TABLE likes (user_id bigint REFERENCES users(id), post bigint, PRIMARY KEY (user_id, post));
CREATE TABLE partial (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id));
CREATE INDEX partial_idx ON partial (user_id) WHERE user_id > 0;",
        supabase: false,
        rule: "unindexed-foreign-key",
        fires: &["public.sessions/sessions_user_id_fkey", "public.partial/partial_user_id_fkey"],
        quiet: &["public.events/events_user_id_fkey", "public.likes/likes_user_id_fkey"],
    },
    Case {
        name: "foreign keys between different accepted types",
        sql: "CREATE TABLE customers (id bigint PRIMARY KEY, code text UNIQUE);
CREATE TABLE orders (id bigint PRIMARY KEY,
  customer_id integer REFERENCES customers(id),
  code varchar(50) REFERENCES customers(code),
  other_id bigint REFERENCES customers(id));",
        supabase: false,
        rule: "foreign-key-type-mismatch",
        fires: &["public.orders.customer_id", "public.orders.code"],
        quiet: &["public.orders.other_id"],
    },
    Case {
        name: "a wider integer or string referencing a narrower key (danbooru, harbor, sozu)",
        sql: "CREATE TABLE tags (id integer PRIMARY KEY, slug varchar(64) UNIQUE);
CREATE TABLE tag_uses (id bigint PRIMARY KEY,
  tag_id bigint REFERENCES tags(id),
  slug text REFERENCES tags(slug),
  ref uuid);",
        supabase: false,
        rule: "foreign-key-type-mismatch",
        fires: &[],
        quiet: &["public.tag_uses.tag_id", "public.tag_uses.slug"],
    },
    Case {
        name: "a foreign key PostgreSQL refuses (text → uuid)",
        sql: "CREATE TABLE workflows (id uuid PRIMARY KEY);
CREATE TABLE workflow_runs (id uuid PRIMARY KEY, workflow_id text REFERENCES workflows(id));
CREATE TABLE good_runs (id uuid PRIMARY KEY, workflow_id uuid REFERENCES workflows(id));",
        supabase: false,
        rule: "foreign-key-type-mismatch",
        fires: &["public.workflow_runs.workflow_id"],
        quiet: &["public.good_runs.workflow_id"],
    },
    Case {
        name: "tables with and without a primary key",
        sql: "CREATE TABLE page_views (path text, viewed_at timestamptz);
CREATE TABLE pages (id int PRIMARY KEY, path text);
CREATE TABLE logs (at timestamptz, msg text) PARTITION BY RANGE (at);
CREATE TABLE logs_2025 PARTITION OF logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
        supabase: false,
        rule: "missing-primary-key",
        fires: &["public.page_views", "public.logs"],
        quiet: &["public.pages", "public.logs_2025"],
    },
    Case {
        name: "extension function in plpgsql without the extension",
        sql: "CREATE TABLE docs (id int PRIMARY KEY, title text);
CREATE FUNCTION search_docs(q text) RETURNS SETOF docs LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY SELECT * FROM docs WHERE similarity(title, q) > 0.3; END $$;
CREATE FUNCTION hash_it(t text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN RETURN md5(t); END $$;",
        supabase: false,
        rule: "missing-extension",
        fires: &["public.search_docs(text)"],
        quiet: &["public.hash_it(text)"],
    },
    Case {
        name: "extension installed, and installed off the function's search_path",
        sql: "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA extensions;
CREATE TABLE docs (id int PRIMARY KEY, title text);
CREATE FUNCTION search_ok(q text) RETURNS SETOF docs LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY SELECT * FROM docs WHERE similarity(title, q) > 0.3; END $$;
CREATE FUNCTION search_locked(q text) RETURNS SETOF public.docs LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN RETURN QUERY SELECT * FROM public.docs WHERE similarity(title, q) > 0.3; END $$;",
        supabase: true,
        rule: "missing-extension",
        fires: &["public.search_locked(text)"],
        quiet: &["public.search_ok(text)"],
    },
    Case {
        name: "a qualified call names the extension's function only in its schema (pgflow)",
        sql: "CREATE EXTENSION IF NOT EXISTS pgmq;
CREATE FUNCTION queue_ok() RETURNS void LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN PERFORM pgmq.send('q', '{}'::jsonb); END $$;
CREATE FUNCTION notify_it() RETURNS void LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN PERFORM realtime.send('{}'::jsonb, 'e', 't', false); END $$;
CREATE FUNCTION queue_wrong() RETURNS void LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN PERFORM public.send('q', '{}'::jsonb); END $$;",
        supabase: true,
        rule: "missing-extension",
        fires: &[],
        quiet: &["public.queue_ok()", "public.notify_it()", "public.queue_wrong()"],
    },
    Case {
        name: "updated_at columns with and without a trigger",
        sql: "CREATE EXTENSION IF NOT EXISTS moddatetime SCHEMA extensions;
CREATE TABLE users (id uuid PRIMARY KEY, \"updatedAt\" timestamptz NOT NULL DEFAULT now());
CREATE TABLE posts (id uuid PRIMARY KEY, updated_at timestamptz DEFAULT now());
CREATE TRIGGER posts_mod BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION extensions.moddatetime(updated_at);
CREATE TABLE notes (id uuid PRIMARY KEY, updated_at timestamptz DEFAULT now());
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE drafts (id uuid PRIMARY KEY, modified_at timestamptz DEFAULT now());
CREATE TRIGGER drafts_touch AFTER UPDATE ON drafts FOR EACH ROW EXECUTE FUNCTION touch();",
        supabase: true,
        rule: "updated-at-no-trigger",
        fires: &["public.users.updatedAt", "public.drafts.modified_at"],
        quiet: &["public.posts.updated_at", "public.notes.updated_at"],
    },
    Case {
        name: "near-duplicate tables",
        sql: "CREATE TABLE audit_log (id bigserial PRIMARY KEY, action text, meta jsonb);
CREATE TABLE audit_logs (id uuid PRIMARY KEY, action text, resource text);
CREATE TABLE orders (id int PRIMARY KEY, total numeric);
CREATE TABLE orders_archive (id int PRIMARY KEY, total numeric);
CREATE TABLE invoice_items (id int PRIMARY KEY, invoice int, sku text, qty int);
CREATE TABLE invoice_itmes (id int PRIMARY KEY, invoice int, sku text, qty int, note text);
CREATE TABLE report_2024 (id int PRIMARY KEY, total numeric);
CREATE TABLE report_2025 (id int PRIMARY KEY, total numeric);",
        supabase: false,
        rule: "near-duplicate-table",
        fires: &["public.audit_log", "public.invoice_items"],
        quiet: &["public.orders", "public.report_2024"],
    },
    Case {
        name: "camelCase and snake_case mixed",
        sql: "CREATE TABLE sessions (id uuid PRIMARY KEY, \"userId\" uuid, \"expiresAt\" timestamptz);
CREATE TABLE privacy_prefs (id uuid PRIMARY KEY, user_id uuid, share_usage boolean);",
        supabase: false,
        rule: "mixed-naming-convention",
        fires: &["public"],
        quiet: &[],
    },
    Case {
        name: "one naming convention",
        sql: "CREATE TABLE sessions (id uuid PRIMARY KEY, user_id uuid, expires_at timestamptz);
CREATE TABLE privacy_prefs (id uuid PRIMARY KEY, user_id uuid, share_usage boolean);",
        supabase: false,
        rule: "mixed-naming-convention",
        fires: &[],
        quiet: &["public"],
    },
    Case {
        name: "uuid and bigserial keys mixed",
        sql: "CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE events (id bigserial PRIMARY KEY);
CREATE SCHEMA app;
CREATE TABLE app.a (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE app.b (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE app.days (day date PRIMARY KEY);",
        supabase: false,
        rule: "mixed-id-types",
        fires: &["public"],
        quiet: &["app"],
    },
    Case {
        name: "auth.users and public.users both referenced",
        sql: "CREATE TABLE public.users (id uuid PRIMARY KEY);
CREATE TABLE public.sessions (id uuid PRIMARY KEY, user_id uuid REFERENCES public.users(id));
CREATE TABLE public.prefs (user_id uuid PRIMARY KEY REFERENCES auth.users(id));",
        supabase: true,
        rule: "mixed-user-reference",
        fires: &["public.users"],
        quiet: &[],
    },
    Case {
        name: "only auth.users referenced",
        sql: "CREATE TABLE public.sessions (id uuid PRIMARY KEY, user_id uuid REFERENCES auth.users(id));
CREATE TABLE public.prefs (user_id uuid PRIMARY KEY REFERENCES auth.users(id));",
        supabase: true,
        rule: "mixed-user-reference",
        fires: &[],
        quiet: &["public.users"],
    },
    Case {
        name: "plpgsql trigger reading NEW.col on tables without it",
        sql: "CREATE TABLE public.leads (id uuid PRIMARY KEY, user_id uuid);
CREATE TABLE public.campaigns (id uuid PRIMARY KEY, user_id uuid);
CREATE TABLE public.calls (id uuid PRIMARY KEY, org_id uuid);
CREATE FUNCTION public.prevent_org_id_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.org_id IS DISTINCT FROM NEW.org_id THEN RAISE EXCEPTION 'org_id is immutable'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER calls_org BEFORE UPDATE ON public.calls FOR EACH ROW EXECUTE FUNCTION public.prevent_org_id_change();
CREATE TRIGGER leads_org BEFORE UPDATE ON public.leads FOR EACH ROW EXECUTE FUNCTION public.prevent_org_id_change();
CREATE TRIGGER campaigns_org BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION public.prevent_org_id_change();
CREATE FUNCTION public.touch_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.user_id := coalesce(NEW.user_id, auth.uid()); RETURN NEW; END $$;
CREATE TRIGGER leads_user BEFORE INSERT ON public.leads FOR EACH ROW EXECUTE FUNCTION public.touch_user();",
        supabase: true,
        rule: "dangling-reference",
        fires: &["public.prevent_org_id_change()"],
        quiet: &["public.touch_user()"],
    },
    Case {
        name: "plpgsql body reading a relation that does not exist",
        sql: "CREATE TABLE public.user_profiles (id uuid PRIMARY KEY, role text);
CREATE FUNCTION public.is_admin() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE r text;
BEGIN
  SELECT role INTO r FROM profiles WHERE id = auth.uid();
  RETURN r = 'admin';
END $$;
CREATE FUNCTION public.is_admin2() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE r text; n int;
BEGIN
  SELECT role INTO r FROM user_profiles WHERE id = auth.uid();
  SELECT count(*) INTO n FROM public.user_profiles;
  SELECT count(*) INTO n FROM jsonb_each('{}'::jsonb);
  RETURN r = 'admin' AND extract(epoch FROM now()) > 0;
END $$;
CREATE TABLE public.audit (n int);
CREATE FUNCTION public.count_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit (n) SELECT count(*) FROM new_rows;
  WITH recent AS (SELECT 1 AS n) DELETE FROM audit WHERE n IN (SELECT n FROM recent);
  RETURN NULL;
END $$;
CREATE TRIGGER count_new AFTER INSERT ON public.user_profiles
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.count_new();
CREATE FUNCTION public.count_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit (n) SELECT count(*) FROM old_rows;
  RETURN NULL;
END $$;",
        supabase: true,
        rule: "dangling-reference",
        // count_old has no trigger that declares old_rows
        fires: &["public.is_admin()", "public.count_old()"],
        // a trigger's transition table, a CTE and INSERT INTO t (cols) are not missing relations
        quiet: &["public.is_admin2()", "public.count_new()"],
    },
    Case {
        name: "schema-qualified INSERT targets, CTEs after a comment, pgmq calls (basejump, pgflow, capgo)",
        sql: "CREATE SCHEMA basejump;
CREATE TABLE basejump.account_user (account_id uuid, user_id uuid);
CREATE TABLE public.teams (id uuid, name text);
CREATE FUNCTION basejump.add_member(a uuid, u uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  insert into basejump.account_user (account_id, user_id) values (a, u);
  INSERT INTO public.teams(id, name) VALUES (a, 'x');
END $$;
CREATE FUNCTION public.requeue() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH
  -- tasks that stalled
  to_requeue AS (SELECT id FROM public.teams),
  to_archive AS (SELECT id FROM public.teams)
  SELECT count(*) FROM to_requeue, to_archive;
END $$;
CREATE FUNCTION public.broken() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.nowhere (id) VALUES (1);
END $$;
CREATE EXTENSION IF NOT EXISTS pgmq;
CREATE FUNCTION public.enqueue(m jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pgmq.send('jobs', m);
  PERFORM pgmq.archive('jobs', 1::bigint);
END $$;
CREATE FUNCTION public.enqueue_typo(m jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pgmq.sendd('jobs', m);
END $$;",
        supabase: true,
        rule: "dangling-reference",
        fires: &["public.broken()", "public.enqueue_typo(jsonb)"],
        quiet: &[
            "basejump.add_member(uuid, uuid)",
            "public.requeue()",
            "public.enqueue(jsonb)",
        ],
    },
];

fn case_by_name(name: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// Every case of one rule on the replay.
fn replay_rule(rule: &str) {
    let cases: Vec<&Case> = CASES.iter().filter(|c| c.rule == rule).collect();
    assert!(!cases.is_empty(), "no case for {rule}");
    for c in cases {
        let findings = lint(c.sql, c.supabase);
        check_case(c, &findings, "replay");
    }
}

macro_rules! replay_tests {
    ($($test:ident => $rule:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                replay_rule($rule);
            }
        )*
    };
}

replay_tests! {
    rls_disabled => "rls-disabled",
    rls_enabled_no_policy => "rls-enabled-no-policy",
    rls_references_user_metadata => "rls-references-user-metadata",
    policy_always_true => "policy-always-true",
    security_definer_search_path => "security-definer-search-path",
    security_definer_view => "security-definer-view",
    unindexed_foreign_key => "unindexed-foreign-key",
    foreign_key_type_mismatch => "foreign-key-type-mismatch",
    missing_primary_key => "missing-primary-key",
    missing_extension => "missing-extension",
    updated_at_no_trigger => "updated-at-no-trigger",
    near_duplicate_table => "near-duplicate-table",
    mixed_naming_convention => "mixed-naming-convention",
    mixed_id_types => "mixed-id-types",
    mixed_user_reference => "mixed-user-reference",
    dangling_reference => "dangling-reference",
}

#[test]
fn every_registered_rule_has_cases() {
    for r in rules::RULES {
        if r.id == "unused-object" {
            continue; // tested below, it needs code references
        }
        assert!(
            CASES.iter().any(|c| c.rule == r.id && !c.fires.is_empty()),
            "no firing case for {}",
            r.id
        );
        assert!(
            CASES.iter().any(|c| c.rule == r.id && !c.quiet.is_empty()),
            "no quiet case for {}",
            r.id
        );
    }
}

#[test]
fn severities_follow_the_product_spec() {
    let f = lint(case_by_name("write policies open to everyone").sql, true);
    // open to everyone: high; a check ORed into another policy's rows: medium
    assert!(
        of(&f, "policy-always-true")
            .iter()
            .all(|x| x.severity == Severity::High || x.object == "public.cards/Anything goes")
    );
    assert!(
        of(&f, "policy-always-true")
            .iter()
            .any(|x| x.severity == Severity::Medium && x.object == "public.cards/Anything goes")
    );
    let f = lint(
        case_by_name("rls disabled on an exposed table; enabled elsewhere").sql,
        true,
    );
    assert!(
        of(&f, "rls-disabled")
            .iter()
            .all(|x| x.severity == Severity::High)
    );
    let f = lint(
        case_by_name("plpgsql trigger reading NEW.col on tables without it").sql,
        true,
    );
    let d = of(&f, "dangling-reference");
    assert_eq!(d.len(), 1, "{}", show(&f));
    assert_eq!(d[0].severity, Severity::Medium);
    assert!(d[0].message.contains("public.leads") && d[0].message.contains("public.campaigns"));
    assert!(!d[0].message.contains("public.calls"), "{}", d[0].message);
    assert!(d[0].message.contains("org_id"));
    let f = lint(
        case_by_name("a foreign key PostgreSQL refuses (text → uuid)").sql,
        false,
    );
    assert_eq!(
        of(&f, "foreign-key-type-mismatch")[0].severity,
        Severity::High
    );
    assert_eq!(
        of(&f, "migration-error").len(),
        1,
        "the replay reports the refusal too"
    );
    let f = lint(
        case_by_name("foreign keys between different accepted types").sql,
        false,
    );
    assert!(
        of(&f, "foreign-key-type-mismatch")
            .iter()
            .all(|x| x.severity == Severity::Medium)
    );
}

#[test]
fn supabase_rules_only_on_supabase_projects() {
    let sql = "CREATE TABLE public.spend (id bigserial PRIMARY KEY);
CREATE TABLE public.quiet (id bigserial PRIMARY KEY);
ALTER TABLE public.quiet ENABLE ROW LEVEL SECURITY;";
    let f = lint(sql, false);
    assert!(of(&f, "rls-disabled").is_empty(), "{}", show(&f));
    assert!(of(&f, "rls-enabled-no-policy").is_empty(), "{}", show(&f));
    let f = lint(sql, true);
    assert_eq!(objects(&f, "rls-disabled"), ["public.spend"]);
    assert_eq!(objects(&f, "rls-enabled-no-policy"), ["public.quiet"]);
    // or when configured
    let cfg = RulesConfig::from_toml_str("[rules]\nsupabase = true\n").unwrap();
    let (catalog, _) = replay(sql, false);
    let f = rules::run(&catalog, &RuleContext::new(false, &cfg));
    assert_eq!(objects(&f, "rls-disabled"), ["public.spend"]);
}

#[test]
fn refused_security_definer_function_is_still_reported() {
    // the body reads a missing table: CREATE FUNCTION fails (migration-error); the missing
    // search_path is a second problem in the same definition
    let sql = "CREATE FUNCTION is_org_member(org uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER AS $$
  SELECT EXISTS (SELECT 1 FROM organization_members m WHERE m.organization_id = org)
$$;
CREATE FUNCTION is_org_admin(org uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM organization_members m WHERE m.organization_id = org)
$$;";
    let f = lint(sql, true);
    assert_eq!(of(&f, "migration-error").len(), 2, "{}", show(&f));
    assert_eq!(
        objects(&f, "security-definer-search-path"),
        ["public.is_org_member(uuid)"],
        "{}",
        show(&f)
    );
}

#[test]
fn did_you_mean_on_missing_relations() {
    let sql = "CREATE TABLE public.user_profiles (id uuid PRIMARY KEY, role text);
CREATE TABLE public.ai_usage (id uuid PRIMARY KEY, user_id uuid);
ALTER TABLE public.ai_usage ENABLE ROW LEVEL SECURITY;
CREATE POLICY \"Admins can view all usage\" ON public.ai_usage FOR SELECT USING (
  EXISTS (SELECT 1 FROM public.profiles WHERE profiles.id = auth.uid() AND profiles.role = 'admin'));";
    let f = lint(sql, true);
    let e = of(&f, "migration-error");
    assert_eq!(e.len(), 1, "{}", show(&f));
    assert!(
        e[0].message.contains("did you mean public.user_profiles?"),
        "{}",
        e[0].message
    );
    let q = QualName::new("public", "profiles");
    let (catalog, _) = replay(sql, true);
    assert_eq!(
        rules::did_you_mean(&catalog, &q),
        Some(QualName::new("public", "user_profiles"))
    );
}

#[test]
fn unused_object_needs_code_references() {
    let sql = "CREATE TABLE public.spend (id bigserial PRIMARY KEY, amount numeric);
CREATE TABLE public.orgs (id uuid PRIMARY KEY);
CREATE TABLE public.members (org uuid REFERENCES public.orgs(id), user_id uuid, PRIMARY KEY (org, user_id));
CREATE FUNCTION upsert_spend(a numeric) RETURNS void LANGUAGE sql AS $$ INSERT INTO spend (amount) VALUES (a) $$;
CREATE FUNCTION is_member(o uuid) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE org = o) $$;
ALTER TABLE public.members ENABLE ROW LEVEL SECURITY;
CREATE POLICY m ON public.members FOR SELECT USING (is_member(org));
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t BEFORE UPDATE ON public.spend FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW public.old_report AS SELECT sum(amount) FROM public.spend;";
    // unknown code: quiet
    let f = lint(sql, true);
    assert!(of(&f, "unused-object").is_empty(), "{}", show(&f));
    let mut used = UsedObjects::default();
    used.tables.insert(QualName::new("", "members"));
    let f = lint_with(sql, true, &RulesConfig::default(), Some(&used));
    let got = objects(&f, "unused-object");
    assert!(
        got.contains(&"public.upsert_spend(numeric)".to_string()),
        "{got:?}"
    );
    assert!(got.contains(&"public.old_report".to_string()), "{got:?}");
    for quiet in [
        "public.spend",           // read by upsert_spend and the view
        "public.orgs",            // referenced by members' foreign key
        "public.members",         // used by code
        "public.is_member(uuid)", // used by a policy
        "public.touch()",         // used by a trigger
    ] {
        assert!(
            !got.contains(&quiet.to_string()),
            "{quiet} is used: {got:?}"
        );
    }
    // code calls it: quiet
    used.functions
        .insert(QualName::new("public", "upsert_spend"));
    used.tables.insert(QualName::new("public", "old_report"));
    let f = lint_with(sql, true, &RulesConfig::default(), Some(&used));
    assert!(of(&f, "unused-object").is_empty(), "{}", show(&f));
}

#[test]
fn config_ignores_regrades_and_ignores_objects() {
    let sql = "CREATE TABLE public.spend (id bigserial PRIMARY KEY, amount numeric);
CREATE TABLE public.legacy_a (x int);
CREATE TABLE public.legacy_b (x int);
CREATE TABLE public.keep (x int);";
    let base = lint(sql, true);
    assert_eq!(objects(&base, "missing-primary-key").len(), 3);
    let cfg = RulesConfig::from_toml_str(
        r#"
[rules]
ignore = ["mixed-id-types"]
ignore_objects = ["public.legacy_*"]

[rules.severity]
missing-primary-key = "info"

[rules.rls-disabled]
severity = "critical"
ignore_objects = ["public.keep"]
"#,
    )
    .unwrap();
    let f = lint_with(sql, true, &cfg, None);
    assert_eq!(objects(&f, "missing-primary-key"), ["public.keep"]);
    assert!(
        of(&f, "missing-primary-key")
            .iter()
            .all(|x| x.severity == Severity::Info)
    );
    assert_eq!(objects(&f, "rls-disabled"), ["public.spend"]);
    assert_eq!(of(&f, "rls-disabled")[0].severity, Severity::Critical);
    // a whole rule off
    let cfg = RulesConfig::from_toml_str("[rules.rls-disabled]\nignore = true\n").unwrap();
    let f = lint_with(sql, true, &cfg, None);
    assert!(of(&f, "rls-disabled").is_empty());
    // mistakes are errors, not silence
    assert!(RulesConfig::from_toml_str("[rules]\nignore = [\"no-such-rule\"]\n").is_err());
    assert!(RulesConfig::from_toml_str("[rules.severity]\nrls-disabled = \"urgent\"\n").is_err());
    assert!(RulesConfig::from_toml_str("[rules]\nignore_objects = [\"a[\"]\n").is_err());
    assert!(RulesConfig::from_toml_str("not toml = = =").is_err());
    // replay rules can be re-graded too
    let cfg = RulesConfig::from_toml_str("[rules.severity]\nmigration-error = \"low\"\n").unwrap();
    let f = lint_with("CREATE INDEX ON nowhere (x);", false, &cfg, None);
    assert_eq!(of(&f, "migration-error")[0].severity, Severity::Low);
}

#[test]
fn load_config_reads_the_project_file() {
    let dir = tempfile::tempdir().unwrap();
    assert!(rules::load_config(dir.path()).unwrap().rules.is_empty());
    std::fs::write(
        dir.path().join("schemadrift.toml"),
        "[sources]\nmigrations = [\"db\"]\n\n[rules]\nignore = [\"unused-object\"]\n",
    )
    .unwrap();
    let cfg = rules::load_config(dir.path()).unwrap();
    assert!(cfg.rule_ignored("unused-object"));
    std::fs::write(dir.path().join("schemadrift.toml"), "[rules]\nignore = 3\n").unwrap();
    assert!(rules::load_config(dir.path()).is_err());
}

#[test]
fn inline_suppression_applies_to_the_next_statement() {
    let sql = "-- schemadrift-ignore: rls-disabled, missing-primary-key
CREATE TABLE public.spatial_ref_sys (
  srid int,
  srtext text
);
CREATE TABLE public.other (x int);
-- schemadrift-ignore: migration-error
CREATE INDEX ON nowhere (x);
-- schemadrift-ignore: policy-always-true
CREATE POLICY open ON public.other FOR INSERT
  WITH CHECK (true);";
    let f = lint(sql, true);
    assert_eq!(
        objects(&f, "rls-disabled"),
        ["public.other"],
        "{}",
        show(&f)
    );
    assert_eq!(objects(&f, "missing-primary-key"), ["public.other"]);
    assert!(of(&f, "migration-error").is_empty(), "{}", show(&f));
    assert!(of(&f, "policy-always-true").is_empty(), "{}", show(&f));
}

#[test]
fn apply_suppressions_reads_files_relative_to_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    let sql = "-- schemadrift-ignore: rls-disabled\nCREATE TABLE public.a (id int PRIMARY KEY);\nCREATE TABLE public.b (id int PRIMARY KEY);\n";
    std::fs::write(dir.path().join(FILE), sql).unwrap();
    let (catalog, _) = replay(sql, true);
    let cfg = RulesConfig::default();
    let mut f = rules::run(&catalog, &RuleContext::new(true, &cfg));
    assert_eq!(objects(&f, "rls-disabled").len(), 2);
    rules::apply_suppressions(&mut f, Some(dir.path()));
    assert_eq!(objects(&f, "rls-disabled"), ["public.b"]);
}

#[test]
fn explain_has_every_rule() {
    for r in rules::RULES {
        let text = schemadrift::findings::explain(r.id).unwrap();
        assert!(text.contains("Bad:") && text.contains("Good:"), "{}", r.id);
    }
}

#[test]
fn lint_cli_runs_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mig = dir.path().join("supabase/migrations");
    std::fs::create_dir_all(&mig).unwrap();
    std::fs::write(
        mig.join("20250101000000_init.sql"),
        "CREATE TABLE public.spend (id bigserial PRIMARY KEY);\n-- schemadrift-ignore: rls-disabled\nCREATE TABLE public.quiet (id bigserial PRIMARY KEY);\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("schemadrift.toml"),
        "[rules.severity]\nrls-disabled = \"critical\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(["lint", mig.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let rls: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "rls-disabled")
        .collect();
    assert_eq!(rls.len(), 1, "{findings:?}");
    assert_eq!(rls[0]["object"], "public.spend");
    assert_eq!(rls[0]["severity"], "critical");
    assert_eq!(out.status.code(), Some(1));
}

// ---------------------------------------------------------------------------------------
// The same cases on a real database: build it with psql, read it back with the database
// source, run the rules, and compare with the replay.

fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn db_url(name: &str) -> String {
    let base = admin_url();
    match base.rfind('/') {
        Some(i) if i > base.find("://").map(|j| j + 2).unwrap_or(0) => {
            format!("{}/{}", &base[..i], name)
        }
        _ => format!("{base}/{name}"),
    }
}

fn psql(url: &str, args: &[&str]) -> std::process::Output {
    Command::new("psql")
        .arg(url)
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=0"])
        .args(args)
        .output()
        .expect("psql must be installed to run the database tests")
}

struct TempDb {
    name: String,
}

impl TempDb {
    fn new(tag: usize) -> TempDb {
        let name = format!("sd_rules_{}_{tag}", std::process::id());
        let out = psql(
            &admin_url(),
            &[
                "-c",
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                "-c",
                &format!("CREATE DATABASE {name}"),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        TempDb { name }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = psql(
            &admin_url(),
            &[
                "-c",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ],
        );
    }
}

/// Reads a live database into a catalog.
fn introspect_db(url: &str) -> Option<Catalog> {
    use schemadrift::sources::database::{DbOptions, introspect};
    introspect(url, &DbOptions::default())
        .ok()
        .map(|s| s.catalog)
}

fn db_findings(c: &Case, tag: usize) -> Option<Vec<Finding>> {
    let db = TempDb::new(tag);
    let url = db_url(&db.name);
    if c.supabase {
        // the platform description the replay's baseline is (the second file needs the
        // stand-in extensions: platform/install)
        for f in [
            "platform/supabase/platform.sql",
            "platform/supabase/platform-extensions.sql",
        ] {
            let platform = Path::new(env!("CARGO_MANIFEST_DIR")).join(f);
            let out = psql(&url, &["-v", "ON_ERROR_STOP=1", "-f", platform.to_str()?]);
            assert!(
                out.status.success(),
                "{f} does not load (run platform/install): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        psql(
            &url,
            &[
                "-c",
                &format!(
                    "ALTER DATABASE {} SET search_path TO \"$user\", public, extensions",
                    db.name
                ),
            ],
        );
    }
    let dir = tempfile::tempdir().ok()?;
    let file = dir.path().join("case.sql");
    std::fs::write(&file, c.sql).ok()?;
    psql(&url, &["-f", file.to_str()?]);
    let catalog = introspect_db(&url)?;
    let cfg = RulesConfig::default();
    Some(rules::run(&catalog, &RuleContext::new(c.supabase, &cfg)))
}

/// (rule, object, severity) of the catalog rules, for comparing two sources.
fn verdicts(findings: &[Finding], rule: &str) -> Vec<(String, Severity)> {
    let mut v: Vec<(String, Severity)> = findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.object.clone(), f.severity))
        .collect();
    v.sort();
    v
}

#[test]
fn database_gives_the_same_findings_as_the_replay() {
    // a refused statement leaves nothing in a database: those cases are the replay's own
    for (i, c) in CASES
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.name.contains("refuses"))
    {
        let Some(db) = db_findings(c, i) else {
            panic!(
                "{}: the database source could not read the database",
                c.name
            );
        };
        check_case(c, &db, "database");
        let (catalog, _) = replay(c.sql, c.supabase);
        let cfg = RulesConfig::default();
        let rep = rules::run(&catalog, &RuleContext::new(c.supabase, &cfg));
        assert_eq!(
            verdicts(&rep, c.rule),
            verdicts(&db, c.rule),
            "{}: replay and database disagree",
            c.name
        );
    }
}

/// A table with a NOT NULL unique key, or any table on Supabase (splinter grades it info),
/// is low; a table no key addresses elsewhere is medium (hoppscotch, typebot, civitai).
#[test]
fn missing_primary_key_severity_follows_what_addresses_a_row() {
    let sql = "CREATE TABLE tokens (token text NOT NULL, expires timestamptz);
CREATE UNIQUE INDEX tokens_token_key ON tokens (token);
CREATE TABLE invites (email text NOT NULL UNIQUE);
CREATE TABLE loose (email text UNIQUE, at timestamptz);
CREATE TABLE partial (email text NOT NULL);
CREATE UNIQUE INDEX partial_key ON partial (email) WHERE email <> '';";
    let sev = |supabase: bool| severities(&lint(sql, supabase), "missing-primary-key");
    assert_eq!(
        sev(false),
        vec![
            ("public.invites".to_string(), Severity::Low),
            ("public.loose".to_string(), Severity::Medium),
            ("public.partial".to_string(), Severity::Medium),
            ("public.tokens".to_string(), Severity::Low),
        ]
    );
    assert!(sev(true).iter().all(|(_, s)| *s == Severity::Low));
}

/// A SECURITY DEFINER function without search_path is medium when its body names a relation
/// or function unqualified, low when every name is qualified (nextbase, agentops, pgflow).
#[test]
fn definer_search_path_severity_follows_the_unqualified_names() {
    let sql = "CREATE TABLE public.user_orgs (user_id uuid, org uuid, role text);
CREATE FUNCTION public.is_admin_qualified(o uuid) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN RETURN EXISTS (SELECT 1 FROM public.user_orgs WHERE org = o AND user_id = auth.uid() AND lower(role) = 'admin'); END $$;
CREATE FUNCTION public.is_admin_loose(o uuid) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN RETURN EXISTS (SELECT 1 FROM user_orgs WHERE org = o AND user_id = auth.uid()); END $$;";
    assert_eq!(
        severities(&lint(sql, true), "security-definer-search-path"),
        vec![
            ("public.is_admin_loose(uuid)".to_string(), Severity::Medium),
            ("public.is_admin_qualified(uuid)".to_string(), Severity::Low),
        ]
    );
}

/// pg_cron keeps its functions in `cron` whatever schema it is created in (replay only: the
/// server creates pg_cron in one database only, `cron.database_name`).
#[test]
fn pg_cron_functions_are_reached_in_cron() {
    let f = lint(
        "CREATE EXTENSION IF NOT EXISTS pg_cron WITH SCHEMA public;
CREATE FUNCTION schedule_it() RETURNS void LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN PERFORM cron.schedule('job', '* * * * *', 'select 1'); END $$;
CREATE FUNCTION schedule_unqualified() RETURNS void LANGUAGE plpgsql SET search_path = public AS $$
BEGIN PERFORM schedule('job', '* * * * *', 'select 1'); END $$;",
        true,
    );
    assert_eq!(
        objects(&f, "missing-extension"),
        vec!["public.schedule_unqualified()".to_string()],
        "{}",
        show(&f)
    );
}

#[test]
fn plpgsql_bodies_with_non_ascii_text_do_not_break_the_analysis() {
    let long = "é".repeat(300);
    let sql = format!(
        "CREATE TABLE public.t (id int PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- {long}
  PERFORM 1 FROM public.t WHERE extract(epoch FROM now()) > 0 AND '{long}' IS DISTINCT FROM 'x';
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.f();"
    );
    let f = lint(&sql, true);
    assert!(of(&f, "dangling-reference").is_empty(), "{}", show(&f));
    assert!(of(&f, "updated-at-no-trigger").is_empty(), "{}", show(&f));
}
