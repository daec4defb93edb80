//! The Supabase platform description (platform/supabase/platform.sql) loads into a fresh
//! PostgreSQL 15 database and holds what a hosted project has before its first migration;
//! where the stand-in extensions (platform/extensions) are installed, they behave as the
//! extensions of a hosted project do. Needs psql and a server at DATABASE_URL.

mod db_support;

use db_support::{admin, db_url, psql, root};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database created from template0, dropped when the value is.
struct FreshDb {
    name: String,
}

impl FreshDb {
    fn new(tag: &str) -> FreshDb {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("sd_platform_{}_{}_{}", std::process::id(), tag, n);
        admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        admin(&format!("CREATE DATABASE {name} TEMPLATE template0"));
        FreshDb { name }
    }

    fn url(&self) -> String {
        db_url(&self.name)
    }

    /// Runs a file in one transaction, stopping at the first error.
    fn load(&self, file: &Path) -> Result<(), String> {
        let out = psql(
            &self.url(),
            &[
                "-v",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                "-f",
                file.to_str().unwrap_or_default(),
            ],
        );
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    fn load_platform(&self) {
        self.load(&platform_sql())
            .unwrap_or_else(|e| panic!("platform.sql does not load: {e}"));
    }

    /// Runs SQL (stopping at the first error) and returns its unaligned output.
    fn sql(&self, sql: &str) -> Result<String, String> {
        let out = psql(
            &self.url(),
            &["-v", "ON_ERROR_STOP=1", "-At", "-F", "|", "-c", sql],
        );
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    fn query(&self, sql: &str) -> String {
        self.sql(sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        admin(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

fn platform_sql() -> PathBuf {
    root().join("platform/supabase/platform.sql")
}

fn platform_extensions_sql() -> PathBuf {
    root().join("platform/supabase/platform-extensions.sql")
}

#[test]
fn platform_sql_holds_what_a_hosted_project_has() {
    let db = FreshDb::new("facts");
    db.load_platform();
    for role in [
        "anon",
        "authenticated",
        "service_role",
        "authenticator",
        "supabase_admin",
        "supabase_auth_admin",
        "supabase_storage_admin",
        "supabase_realtime_admin",
        "supabase_replication_admin",
        "supabase_read_only_user",
        "dashboard_user",
        "pgbouncer",
        "pgsodium_keyholder",
    ] {
        assert_eq!(
            db.query(&format!(
                "SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"
            )),
            "1",
            "role {role}"
        );
    }
    assert_eq!(
        db.query("SELECT rolbypassrls FROM pg_roles WHERE rolname = 'service_role'"),
        "t"
    );
    assert_eq!(
        db.query("SELECT pg_has_role('authenticator', 'anon', 'MEMBER')"),
        "t"
    );
    for schema in [
        "auth",
        "storage",
        "extensions",
        "realtime",
        "graphql",
        "graphql_public",
        "vault",
        "supabase_functions",
        "supabase_migrations",
        "pgbouncer",
    ] {
        assert_eq!(
            db.query(&format!(
                "SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'"
            )),
            "1",
            "schema {schema}"
        );
    }
    assert_eq!(
        db.query(
            "SELECT string_agg(e.extname, ',' ORDER BY e.extname) FROM pg_extension e
             WHERE e.extnamespace = 'extensions'::regnamespace"
        ),
        "pg_stat_statements,pgcrypto,uuid-ossp"
    );
    // auth.users with its real columns
    assert_eq!(
        db.query(
            "SELECT data_type, is_nullable, column_default FROM information_schema.columns
             WHERE table_schema = 'auth' AND table_name = 'users' AND column_name = 'is_anonymous'"
        ),
        "boolean|NO|false"
    );
    assert_eq!(
        db.query(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'auth' AND table_name = 'users'"
        ),
        "35"
    );
    assert_eq!(
        db.query(
            "SELECT generation_expression FROM information_schema.columns
             WHERE table_schema = 'auth' AND table_name = 'users' AND column_name = 'confirmed_at'"
        ),
        "LEAST(email_confirmed_at, phone_confirmed_at)"
    );
    for table in [
        "users",
        "identities",
        "sessions",
        "refresh_tokens",
        "mfa_factors",
        "mfa_challenges",
        "mfa_amr_claims",
        "sso_providers",
        "sso_domains",
        "saml_providers",
        "saml_relay_states",
        "flow_state",
        "one_time_tokens",
        "audit_log_entries",
        "instances",
        "schema_migrations",
    ] {
        assert_eq!(
            db.query(&format!(
                "SELECT relrowsecurity FROM pg_class WHERE oid = 'auth.{table}'::regclass"
            )),
            "t",
            "RLS on auth.{table}"
        );
    }
    for ty in [
        "aal_level",
        "factor_type",
        "factor_status",
        "code_challenge_method",
        "one_time_token_type",
    ] {
        assert_eq!(
            db.query(&format!(
                "SELECT typtype FROM pg_type WHERE oid = 'auth.{ty}'::regtype"
            )),
            "e",
            "enum auth.{ty}"
        );
    }
    assert_eq!(
        db.query(
            "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'auth.users'::regclass"
        ),
        "supabase_auth_admin"
    );
    // the JWT helpers read what PostgREST sets
    assert_eq!(
        db.query(
            "SELECT set_config('request.jwt.claims', '{\"sub\": \"5d8a3b1e-0c8e-4e4b-9d5e-2f1a6b7c8d9e\", \"role\": \"authenticated\", \"email\": \"a@b.c\"}', false) IS NOT NULL,
                    auth.uid(), auth.role(), auth.email(), auth.jwt() ->> 'role'"
        ),
        "t|5d8a3b1e-0c8e-4e4b-9d5e-2f1a6b7c8d9e|authenticated|a@b.c|authenticated"
    );
    // storage
    assert_eq!(
        db.query("SELECT storage.foldername('avatars/user-1/face.png'), storage.filename('a/b.tar.gz'), storage.extension('a/b.tar.gz')"),
        "{avatars,user-1}|b.tar.gz|gz"
    );
    assert_eq!(
        db.query(
            "SELECT is_generated, generation_expression FROM information_schema.columns
             WHERE table_schema = 'storage' AND table_name = 'objects' AND column_name = 'path_tokens'"
        ),
        "ALWAYS|string_to_array(name, '/'::text)"
    );
    assert_eq!(
        db.query("SELECT relrowsecurity FROM pg_class WHERE oid = 'storage.objects'::regclass"),
        "t"
    );
    for f in [
        "storage.search(text,text,integer,integer,integer,text,text,text)",
        "storage.get_size_by_bucket()",
        "storage.can_insert_object(text,text,uuid,jsonb)",
        "realtime.send(jsonb,text,text,boolean)",
        "realtime.topic()",
        "supabase_functions.http_request()",
        "graphql_public.graphql(text,text,jsonb,jsonb)",
    ] {
        assert_eq!(
            db.query(&format!("SELECT to_regprocedure('{f}') IS NOT NULL")),
            "t",
            "function {f}"
        );
    }
    assert_eq!(
        db.query("SELECT count(*) FROM pg_publication WHERE pubname = 'supabase_realtime'"),
        "1"
    );
    assert_eq!(
        db.query(
            "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
             WHERE d.datname = current_database() AND s.setrole = 0
               AND 'search_path=\"$user\", public, extensions' = ANY (s.setconfig)"
        ),
        "1"
    );
    // what postgres creates in public is granted to the API roles
    db.query(
        "CREATE TABLE public.notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text)",
    );
    assert_eq!(
        db.query(
            "SELECT has_table_privilege('anon', 'public.notes', 'SELECT'),
                    has_table_privilege('authenticated', 'public.notes', 'INSERT'),
                    has_sequence_privilege('service_role', 'public.notes_id_seq', 'USAGE')"
        ),
        "t|t|t"
    );
    // the placeholder of graphql_public answers until pg_graphql is enabled
    assert!(
        db.query("SELECT graphql_public.graphql(query := '{ __typename }')")
            .contains("pg_graphql extension is not enabled")
    );
}

#[test]
fn platform_sql_loads_into_two_databases_at_once() {
    // roles are cluster-wide: two loads at the same time must not trip over each other
    let a = FreshDb::new("twin_a");
    let b = FreshDb::new("twin_b");
    let (ra, rb) = std::thread::scope(|s| {
        let ta = s.spawn(|| a.load(&platform_sql()));
        let tb = s.spawn(|| b.load(&platform_sql()));
        (ta.join().expect("thread"), tb.join().expect("thread"))
    });
    ra.expect("first load");
    rb.expect("second load");
    assert_eq!(a.query("SELECT to_regclass('auth.users') IS NOT NULL"), "t");
    assert_eq!(
        b.query("SELECT to_regclass('storage.objects') IS NOT NULL"),
        "t"
    );
}

#[test]
fn a_first_supabase_migration_runs_on_it() {
    let db = FreshDb::new("first");
    db.load_platform();
    // the statements a Supabase starter's first migration is made of
    db.sql(
        r#"
        create table public.profiles (
          id uuid not null references auth.users on delete cascade primary key,
          username text unique,
          avatar_url text,
          updated_at timestamptz default now()
        );
        alter table public.profiles enable row level security;
        create policy "own profile" on public.profiles for update to authenticated
          using ((select auth.uid()) = id) with check ((select auth.uid()) = id);
        create function public.handle_new_user() returns trigger
          language plpgsql security definer set search_path = ''
          as $$ begin
            insert into public.profiles (id, username) values (new.id, new.raw_user_meta_data ->> 'username');
            return new;
          end $$;
        create trigger on_auth_user_created after insert on auth.users
          for each row execute procedure public.handle_new_user();
        insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
        create policy "own avatars" on storage.objects for insert to authenticated
          with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid()::text));
        alter publication supabase_realtime add table public.profiles;
        grant select on auth.users to service_role;
        create extension if not exists "uuid-ossp" with schema extensions;
        select extensions.uuid_generate_v4(), gen_random_uuid(), extensions.crypt('x', extensions.gen_salt('bf'));
        insert into auth.users (id, email, raw_user_meta_data) values
          ('5d8a3b1e-0c8e-4e4b-9d5e-2f1a6b7c8d9e', 'a@b.c', '{"username": "ada"}');
        "#,
    )
    .unwrap_or_else(|e| panic!("first migration: {e}"));
    assert_eq!(db.query("SELECT username FROM public.profiles"), "ada");
    // a hosted project refuses a direct delete from storage tables, and so does this one
    let refused = db
        .sql("delete from storage.buckets where id = 'avatars'")
        .expect_err("direct delete from storage.buckets");
    assert!(
        refused.contains("Direct deletion from storage tables is not allowed"),
        "{refused}"
    );
}

#[test]
fn platform_sql_creates_only_extensions_every_postgresql_has() {
    let text = std::fs::read_to_string(platform_sql()).expect("platform.sql");
    let mut names = Vec::new();
    for line in text.lines() {
        let upper = line.trim_start().to_ascii_uppercase();
        if let Some(rest) = upper.strip_prefix("CREATE EXTENSION IF NOT EXISTS ") {
            let name = rest.split_whitespace().next().unwrap_or_default();
            names.push(name.trim_matches('"').to_ascii_lowercase());
        } else {
            assert!(
                !upper.starts_with("CREATE EXTENSION"),
                "guard every CREATE EXTENSION: {line}"
            );
        }
    }
    names.sort();
    assert_eq!(names, ["pg_stat_statements", "pgcrypto", "uuid-ossp"]);
}

/// Whether every stand-in of platform/extensions is installed and current on this server.
fn stand_ins_installed() -> bool {
    let check = Command::new(root().join("platform/install"))
        .arg("--check")
        .output();
    match check {
        Ok(out) if out.status.success() => true,
        Ok(out) => {
            eprintln!(
                "platform.rs: the stand-in extensions are not installed here (run `sudo platform/install`); \
                 skipping the stand-in checks.\n{}",
                String::from_utf8_lossy(&out.stdout)
            );
            false
        }
        Err(e) => {
            eprintln!(
                "platform.rs: cannot run platform/install --check ({e}); skipping the stand-in checks"
            );
            false
        }
    }
}

#[test]
fn stand_ins_behave_as_the_extensions_of_a_hosted_project() {
    if !stand_ins_installed() {
        return;
    }
    let db = FreshDb::new("standins");
    db.load_platform();
    db.load(&platform_extensions_sql())
        .unwrap_or_else(|e| panic!("platform-extensions.sql does not load: {e}"));
    // what migrations write about extensions the platform already has is a no-op
    db.sql(
        "create extension if not exists supabase_vault with schema vault;
         create extension if not exists pg_net;
         create extension if not exists pg_graphql;",
    )
    .unwrap_or_else(|e| panic!("extensions the platform has: {e}"));
    // pgvector: a typmod, an hnsw index with an operator class, a distance
    db.sql(
        "create extension vector with schema extensions;
         create table public.documents (id bigserial primary key, content text, embedding extensions.vector(1536));
         create index on public.documents using hnsw (embedding extensions.vector_cosine_ops);
         create index on public.documents using ivfflat (embedding extensions.vector_l2_ops);",
    )
    .unwrap_or_else(|e| panic!("vector: {e}"));
    assert_eq!(
        db.query(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
             WHERE attrelid = 'public.documents'::regclass AND attname = 'embedding'"
        ),
        "vector(1536)"
    );
    assert_eq!(
        db.query(
            "SELECT extensions.l2_distance('[0,3]'::extensions.vector, '[4,0]'::extensions.vector)"
        ),
        "5"
    );
    // pg_net: a SQL function body is checked when it is created, so this needs the real signature
    db.sql(
        "create function public.ping(target text) returns bigint language sql
           as $$ select net.http_post(url := target, body := '{\"hello\": \"world\"}'::jsonb) $$;",
    )
    .unwrap_or_else(|e| panic!("net.http_post in a function body: {e}"));
    assert_eq!(
        db.query("SELECT public.ping('https://example.com/hook') > 0"),
        "t"
    );
    assert_eq!(
        db.query("SELECT method || ' ' || url FROM net.http_request_queue"),
        "POST https://example.com/hook"
    );
    // vault
    db.query("SELECT vault.create_secret('s3cr3t', 'api_key', 'a key')");
    assert_eq!(
        db.query("SELECT decrypted_secret FROM vault.decrypted_secrets WHERE name = 'api_key'"),
        "s3cr3t"
    );
    // enabling pg_graphql pointed graphql_public.graphql at graphql.resolve
    assert!(db
        .query("SELECT pg_get_functiondef('graphql_public.graphql(text,text,jsonb,jsonb)'::regprocedure)")
        .contains("graphql.resolve"));
}

#[test]
fn every_stand_in_can_be_created_and_dropped() {
    if !stand_ins_installed() {
        return;
    }
    let db = FreshDb::new("every");
    db.load_platform();
    let dir = root().join("platform/extensions");
    let mut controls: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("platform/extensions")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "control"))
        .collect();
    controls.sort();
    assert!(controls.len() >= 14, "{} stand-ins", controls.len());
    for control in controls {
        let name = control
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("control name");
        let text = std::fs::read_to_string(&control).expect("control");
        let fixed_schema = text.lines().any(|l| l.trim_start().starts_with("schema"));
        let create = if fixed_schema {
            format!("CREATE EXTENSION \"{name}\" CASCADE")
        } else {
            format!("CREATE EXTENSION \"{name}\" WITH SCHEMA extensions CASCADE")
        };
        db.sql(&create).unwrap_or_else(|e| panic!("{create}: {e}"));
        assert!(
            db.query(&format!(
                "SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                 WHERE e.extname = '{name}' AND d.deptype = 'e'"
            ))
            .parse::<u32>()
            .expect("count")
                > 0,
            "{name} creates objects"
        );
        db.sql(&format!("DROP EXTENSION \"{name}\" CASCADE"))
            .unwrap_or_else(|e| panic!("DROP EXTENSION {name}: {e}"));
    }
}
