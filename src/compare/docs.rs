//! `schemadrift explain` texts of the drift rules.

use crate::findings::RuleDoc;

macro_rules! doc {
    ($id:literal, $sev:literal, $text:literal) => {
        RuleDoc {
            id: $id,
            default_severity: $sev,
            text: $text,
        }
    };
}

pub const DOCS: &[RuleDoc] = &[
    doc!(
        "missing-table",
        "high",
        "A table that the expected source (migrations, schema file, ORM) has and the actual one (usually the database) lacks. Queries, foreign keys and policies that use it fail there.\n\nBad:\n  -- migrations: CREATE TABLE public.invoices (...);   -- the database has no invoices\nGood:\n  -- apply the migration, or remove the table from the source that should not have it"
    ),
    doc!(
        "extra-table",
        "low",
        "A table that exists only in the actual source (often: created by hand in production). Nothing describes it, so a rebuild from the migrations loses it.\n\nBad:\n  -- production has public.org_config; no migration creates it\nGood:\n  -- add a migration that creates org_config (IF NOT EXISTS), or drop it"
    ),
    doc!(
        "renamed-table",
        "high",
        "The same table under another name on each side (paired by name similarity and column overlap, with a confidence). Everything that names the old name fails on the other side.\n\nBad:\n  -- templates: CREATE TABLE org (...);   production: orgs with the same columns\nGood:\n  ALTER TABLE orgs RENAME TO org;   -- or rename it in the templates"
    ),
    doc!(
        "missing-column",
        "low",
        "A column of the expected source that the actual one lacks. Queries that read or write it fail there; medium when it is NOT NULL without a default.\n\nBad:\n  -- migration 001 adds user_profiles.role; the database has no role column\nGood:\n  ALTER TABLE user_profiles ADD COLUMN role text DEFAULT 'user';"
    ),
    doc!(
        "extra-column",
        "low",
        "A column that only the actual source has. Harmless unless NOT NULL without a default (inserts written against the expected schema fail).\n\nBad:\n  -- production: ai_models.validation_category; the templates lack it\nGood:\n  -- add it to the templates, or drop it from production"
    ),
    doc!(
        "renamed-column",
        "high",
        "One column under two names (paired by type, nullability, position, foreign-key target and name similarity, with a confidence). Code that uses either name fails on the other side.\n\nBad:\n  -- templates: org_members.person_id uuid   production: org_members.user_id uuid\nGood:\n  ALTER TABLE org_members RENAME COLUMN user_id TO person_id;   -- or the reverse in the templates"
    ),
    doc!(
        "column-type-mismatch",
        "high",
        "A column's type differs. Critical for key columns (uuid vs bigint breaks every foreign key and client), low for a text length (varchar(255) vs text). Against generated types, a column differs only when Supabase's generator would have written another TypeScript type for it (integer is number, uuid and timestamptz are string, jsonb is Json): medium, fixed by regenerating the types.\n\nBad:\n  -- templates: profiles.id uuid   production: profiles.id bigint\nGood:\n  -- one type everywhere, changed by a migration"
    ),
    doc!(
        "column-nullability-mismatch",
        "medium",
        "NOT NULL on one side only. Medium when the actual side is stricter (inserts that leave the column empty fail), low when it is looser.\n\nBad:\n  -- templates: slug text   production: slug text NOT NULL\nGood:\n  ALTER TABLE orgs ALTER COLUMN slug SET NOT NULL;   -- in a migration"
    ),
    doc!(
        "column-default-mismatch",
        "low",
        "A column's default differs. Low when both do the same thing (uuid_generate_v4() vs gen_random_uuid()); medium when a NOT NULL column has no default on the actual side.\n\nBad:\n  -- templates: id uuid DEFAULT uuid_generate_v4()   production: DEFAULT gen_random_uuid()\nGood:\n  -- one default everywhere"
    ),
    doc!(
        "column-identity-mismatch",
        "medium",
        "A column is an identity column on one side only (GENERATED ... AS IDENTITY), or of another kind.\n\nBad:\n  -- migrations: id bigserial   production: id bigint GENERATED ALWAYS AS IDENTITY\nGood:\n  -- one way of generating ids everywhere"
    ),
    doc!(
        "primary-key-mismatch",
        "high",
        "The primary key covers other columns, or exists on one side only.\n\nBad:\n  -- migrations: PRIMARY KEY (id)   production: PRIMARY KEY (org_id, user_id)\nGood:\n  -- one key everywhere"
    ),
    doc!(
        "unique-constraint-mismatch",
        "medium",
        "A UNIQUE constraint (or unique index) on one side only. Duplicates get in where it is missing; ON CONFLICT upserts on those columns fail there.\n\nBad:\n  -- migrations: UNIQUE (org_id, user_id)   production: none\nGood:\n  ALTER TABLE org_members ADD CONSTRAINT org_members_org_id_user_id_key UNIQUE (org_id, user_id);"
    ),
    doc!(
        "check-constraint-mismatch",
        "medium",
        "A CHECK constraint differs or exists on one side only: values valid in one place are refused in the other.\n\nBad:\n  -- migrations: CHECK (plan IN ('free','pro'))   production: CHECK (plan IN ('free','pro','team'))\nGood:\n  -- one list everywhere"
    ),
    doc!(
        "foreign-key-mismatch",
        "high",
        "A foreign key points elsewhere, has other actions, or exists on one side only. Critical when it points at a table that the other side lacks or calls by another name.\n\nBad:\n  -- templates: org_members.user_id REFERENCES auth.users(id)   production: REFERENCES profiles(user_id)\nGood:\n  -- one target everywhere"
    ),
    doc!(
        "index-mismatch",
        "low",
        "An index exists on one side only, or is defined differently (columns, order, method, predicate). Names are not compared when a source does not know them.\n\nBad:\n  -- schema.prisma: @@index([userId]) on Session; no migration creates it\nGood:\n  CREATE INDEX \"Session_userId_idx\" ON \"Session\" (\"userId\");"
    ),
    doc!(
        "rls-mismatch",
        "high",
        "Row level security is enabled on one side and not on the other. High when the actual side has it off: every row is exposed through the API.\n\nBad:\n  -- migrations: ALTER TABLE notes ENABLE ROW LEVEL SECURITY;   production: off\nGood:\n  ALTER TABLE notes ENABLE ROW LEVEL SECURITY;"
    ),
    doc!(
        "policy-mismatch",
        "medium",
        "A row level security policy differs (command, roles, USING, WITH CHECK) or exists on one side only.\n\nBad:\n  -- migration 003 creates \"Admins can view all usage\"; production does not have it\nGood:\n  -- apply the migration, or fix what made it fail"
    ),
    doc!(
        "function-mismatch",
        "high",
        "A function exists on one side only, or differs (return type, SECURITY DEFINER, search_path, language, body).\n\nBad:\n  -- migrations define public.is_org_member(uuid); production lacks it\nGood:\n  -- apply the migration"
    ),
    doc!(
        "trigger-mismatch",
        "medium",
        "A trigger exists on one side only or fires differently (timing, events, function).\n\nBad:\n  -- migrations: BEFORE UPDATE trigger set_updated_at on notes; production: none\nGood:\n  CREATE TRIGGER set_updated_at BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION moddatetime(updated_at);"
    ),
    doc!(
        "view-mismatch",
        "medium",
        "A view exists on one side only, or its query or security_invoker setting differs.\n\nBad:\n  -- migrations: CREATE VIEW project_feed WITH (security_invoker = true) ...; production: without it\nGood:\n  -- one definition everywhere"
    ),
    doc!(
        "enum-mismatch",
        "high",
        "An enum type has other values on each side (or exists on one side only). Writing a value the other side lacks fails.\n\nBad:\n  -- migrations: ENUM ('free','pro')   production: ENUM ('free','pro','team')\nGood:\n  ALTER TYPE plan ADD VALUE IF NOT EXISTS 'team';"
    ),
    doc!(
        "extension-mismatch",
        "high",
        "An extension is enabled on one side only: what it provides (functions, types, operator classes) is missing on the other.\n\nBad:\n  -- production has pg_trgm; no migration enables it\nGood:\n  CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;"
    ),
    doc!(
        "pending-migration",
        "low",
        "A migration that the live database has not received: from the runner's history table (supabase_migrations.schema_migrations, _prisma_migrations), or, without one, inferred from which of the migration's effects the database lacks (the evidence is listed).\n\nBad:\n  -- 001_add_role_to_user_profiles.sql: the database has no user_profiles.role\nGood:\n  supabase db push   -- or run the file, then record it"
    ),
    doc!(
        "migration-conflict",
        "high",
        "A pending migration that fails when replayed on top of the live database (an object it creates already exists, a column it uses is missing ...): applying it as it is stops the deploy.\n\nBad:\n  -- 003_ai_usage.sql: CREATE INDEX ai_usage_user_id_idx ...   -- production already has it\nGood:\n  CREATE INDEX IF NOT EXISTS ai_usage_user_id_idx ...;"
    ),
];
