//! `schemadrift.toml`: the baseline file and the `[rules]` section.
//!
//! ```toml
//! baseline = "schemadrift-baseline.json"        # accepted findings (`schemadrift baseline`)
//!
//! [sources]                                     # instead of discovery (flags still win)
//! migrations = ["db/migrations"]
//! schema_files = ["db/schema.sql"]
//! prisma = "prisma/schema.prisma"
//! openapi = "openapi.json"
//! types = "src/database.types.ts"
//! code = ["src", "app"]
//!
//! [rules]
//! ignore = ["mixed-naming-convention"]          # rules never reported
//! ignore_objects = ["public.legacy_*"]          # objects no rule reports (globs)
//! exposed_schemas = ["public", "api"]           # schemas PostgREST serves
//! supabase = true                               # run the Supabase rules even if not detected
//!
//! [rules.severity]                              # re-grade
//! unindexed-foreign-key = "info"
//!
//! [rules.rls-disabled]                          # per rule
//! severity = "critical"
//! ignore_objects = ["public.spatial_ref_sys"]
//! # ignore = true
//! ```
//!
//! The configuration applies to every finding of a run (replay findings included), so
//! `reserved-schema` or `migration-order` can be ignored or re-graded the same way.

use crate::findings::{Finding, Severity};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;
use std::path::Path;

/// Settings of one rule.
#[derive(Clone, Debug, Default)]
pub struct RuleOverride {
    pub ignore: bool,
    pub severity: Option<Severity>,
    pub ignore_objects: Vec<String>,
    globs: Option<GlobSet>,
}

#[derive(Clone, Debug, Default)]
pub struct RulesConfig {
    /// The folder of the file it was read from (relative paths in it start there).
    pub base: Option<std::path::PathBuf>,
    /// Per rule id.
    pub rules: BTreeMap<String, RuleOverride>,
    /// Globs of objects that no rule reports.
    pub ignore_objects: Vec<String>,
    globs: Option<GlobSet>,
    /// Schemas the API serves; empty: the Supabase default (`public`, `graphql_public`).
    pub exposed_schemas: Vec<String>,
    /// Force (or forbid) the Supabase-specific rules; `None`: detected.
    pub supabase: Option<bool>,
    /// The top-level `baseline = "…"`: the file of accepted findings, relative to the
    /// folder of the configuration file.
    pub baseline: Option<String>,
    /// The `[sources]` section: what `audit` reads instead of discovering it.
    pub sources: ConfigSources,
}

/// `[sources]`: paths relative to the folder of the configuration file. A flag for a kind
/// of source replaces this; this replaces discovery.
#[derive(Clone, Debug, Default)]
pub struct ConfigSources {
    pub migrations: Vec<String>,
    pub schema_files: Vec<String>,
    pub prisma: Option<String>,
    pub openapi: Option<String>,
    pub types: Option<String>,
    pub code: Vec<String>,
}

fn build_globs(patterns: &[String], what: &str) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| format!("{what}: bad glob `{p}`: {e}"))?);
    }
    b.build()
        .map(Some)
        .map_err(|e| format!("{what}: bad globs: {e}"))
}

type DeValue<'i> = toml::de::DeValue<'i>;
type Spanned<T> = toml::Spanned<T>;

/// Where an error is: `line N` of the file, from a byte offset.
struct Lines<'t>(&'t str);

impl Lines<'_> {
    fn at(&self, offset: usize) -> String {
        let upto = self.0.get(..offset.min(self.0.len())).unwrap_or(self.0);
        format!("line {}", upto.matches('\n').count() + 1)
    }
}

/// The rule id closest to a misspelt one, as " (did you mean `x`?)".
fn did_you_mean_rule(id: &str) -> String {
    crate::findings::closest_rule(id)
        .map(|r| format!(" (did you mean `{r}`?)"))
        .unwrap_or_default()
}

fn did_you_mean_word(word: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

fn string_list(v: &Spanned<DeValue>, what: &str, lines: &Lines) -> Result<Vec<String>, String> {
    let bad = || {
        format!(
            "{}: {what}: expected a list of strings",
            lines.at(v.span().start)
        )
    };
    match v.get_ref() {
        DeValue::String(s) => Ok(vec![s.to_string()]),
        DeValue::Array(a) => a
            .iter()
            .map(|x| x.get_ref().as_str().map(str::to_string).ok_or_else(bad))
            .collect(),
        _ => Err(bad()),
    }
}

fn severity(v: &Spanned<DeValue>, what: &str, lines: &Lines) -> Result<Severity, String> {
    v.get_ref()
        .as_str()
        .and_then(Severity::parse)
        .ok_or_else(|| {
            format!(
                "{}: {what}: expected a severity (critical, high, medium, low, info)",
                lines.at(v.span().start)
            )
        })
}

fn boolean(v: &Spanned<DeValue>, what: &str, lines: &Lines) -> Result<bool, String> {
    v.get_ref().as_bool().ok_or_else(|| {
        format!(
            "{}: {what}: expected true or false",
            lines.at(v.span().start)
        )
    })
}

fn known_rule(id: &str) -> bool {
    crate::findings::all_rules().any(|r| r.id == id)
}

/// The top-level keys and sections `schemadrift.toml` has.
const TOP_LEVEL: &[&str] = &["baseline", "rules", "sources"];
const SOURCES_KEYS: &[&str] = &[
    "migrations",
    "schema_files",
    "prisma",
    "openapi",
    "types",
    "code",
];
const RULES_KEYS: &[&str] = &[
    "ignore",
    "ignore_objects",
    "exposed_schemas",
    "supabase",
    "severity",
];

impl RulesConfig {
    /// Parses a whole `schemadrift.toml`: the top-level `baseline` key and the `[rules]`
    /// section. A key or section it does not know is an error with its line (a misspelt
    /// setting silently ignored would be worse).
    pub fn from_toml_str(text: &str) -> Result<RulesConfig, String> {
        let lines = Lines(text);
        let doc = toml::de::DeTable::parse(text).map_err(|e| match e.span() {
            Some(sp) => format!("{}: {}", lines.at(sp.start), e.message()),
            None => e.message().to_string(),
        })?;
        let mut cfg = RulesConfig::default();
        for (key, value) in doc.get_ref() {
            let at = lines.at(key.span().start);
            match key.get_ref().as_ref() {
                "baseline" => {
                    let p = value.get_ref().as_str().ok_or_else(|| {
                        format!("{at}: baseline: expected the path of a baseline file")
                    })?;
                    cfg.baseline = Some(p.to_string());
                }
                "rules" => {
                    let rules = value
                        .get_ref()
                        .as_table()
                        .ok_or_else(|| format!("{at}: [rules] must be a table"))?;
                    cfg.read_rules(rules, &lines)?;
                }
                "sources" => {
                    let t = value
                        .get_ref()
                        .as_table()
                        .ok_or_else(|| format!("{at}: [sources] must be a table"))?;
                    cfg.read_sources(t, &lines)?;
                }
                other => {
                    return Err(format!(
                        "{at}: unknown key or section `{other}`{} (schemadrift.toml has `baseline`, [sources] and [rules])",
                        did_you_mean_word(other, TOP_LEVEL)
                    ));
                }
            }
        }
        cfg.compile()?;
        Ok(cfg)
    }

    fn read_sources(&mut self, t: &toml::de::DeTable, lines: &Lines) -> Result<(), String> {
        let src = &mut self.sources;
        for (key, value) in t {
            let at = lines.at(key.span().start);
            let key = key.get_ref().as_ref();
            let what = format!("sources.{key}");
            let one = |v: &Spanned<DeValue>| -> Result<String, String> {
                v.get_ref()
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{}: {what}: expected a path", lines.at(v.span().start)))
            };
            match key {
                "migrations" => src.migrations = string_list(value, &what, lines)?,
                "schema_files" => src.schema_files = string_list(value, &what, lines)?,
                "code" => src.code = string_list(value, &what, lines)?,
                "prisma" => src.prisma = Some(one(value)?),
                "openapi" => src.openapi = Some(one(value)?),
                "types" => src.types = Some(one(value)?),
                other => {
                    return Err(format!(
                        "{at}: {what}: unknown source{} (migrations, schema_files, prisma, openapi, types, code)",
                        did_you_mean_word(other, SOURCES_KEYS)
                    ));
                }
            }
        }
        Ok(())
    }

    fn read_rules(&mut self, rules: &toml::de::DeTable, lines: &Lines) -> Result<(), String> {
        let cfg = self;
        for (key, value) in rules {
            let at = lines.at(key.span().start);
            let key = key.get_ref().as_ref();
            let what = format!("rules.{key}");
            match key {
                "ignore" => {
                    let items: Vec<&Spanned<DeValue>> = match value.get_ref() {
                        DeValue::Array(a) => a.iter().collect(),
                        _ => vec![value],
                    };
                    for item in items {
                        let id = item.get_ref().as_str().ok_or_else(|| {
                            format!(
                                "{}: {what}: expected a list of rule ids",
                                lines.at(item.span().start)
                            )
                        })?;
                        if !known_rule(id) {
                            return Err(format!(
                                "{}: {what}: unknown rule `{id}`{}",
                                lines.at(item.span().start),
                                did_you_mean_rule(id)
                            ));
                        }
                        cfg.rules.entry(id.to_string()).or_default().ignore = true;
                    }
                }
                "ignore_objects" => cfg.ignore_objects = string_list(value, &what, lines)?,
                "exposed_schemas" => cfg.exposed_schemas = string_list(value, &what, lines)?,
                "supabase" => cfg.supabase = Some(boolean(value, &what, lines)?),
                "severity" => {
                    let t = value.get_ref().as_table().ok_or_else(|| {
                        format!("{at}: {what}: expected rule = \"severity\" pairs")
                    })?;
                    for (id, sev) in t {
                        let id_at = lines.at(id.span().start);
                        let id = id.get_ref().as_ref();
                        if !known_rule(id) {
                            return Err(format!(
                                "{id_at}: {what}: unknown rule `{id}`{}",
                                did_you_mean_rule(id)
                            ));
                        }
                        cfg.rules.entry(id.to_string()).or_default().severity =
                            Some(severity(sev, &format!("{what}.{id}"), lines)?);
                    }
                }
                id if known_rule(id) => {
                    let t = value.get_ref().as_table().ok_or_else(|| {
                        format!("{at}: {what}: expected a table (severity, ignore, ignore_objects)")
                    })?;
                    let o = cfg.rules.entry(id.to_string()).or_default();
                    for (k, v) in t {
                        let k_at = lines.at(k.span().start);
                        let k = k.get_ref().as_ref();
                        let w = format!("{what}.{k}");
                        match k {
                            "ignore" => o.ignore = boolean(v, &w, lines)?,
                            "severity" => o.severity = Some(severity(v, &w, lines)?),
                            "ignore_objects" => o.ignore_objects = string_list(v, &w, lines)?,
                            _ => {
                                return Err(format!(
                                    "{k_at}: {w}: unknown setting{} (severity, ignore, ignore_objects)",
                                    did_you_mean_word(k, &["severity", "ignore", "ignore_objects"])
                                ));
                            }
                        }
                    }
                }
                _ => {
                    let hint = match did_you_mean_word(key, RULES_KEYS) {
                        h if !h.is_empty() => h,
                        _ => did_you_mean_rule(key),
                    };
                    return Err(format!("{at}: {what}: unknown rule or setting{hint}"));
                }
            }
        }
        Ok(())
    }

    fn compile(&mut self) -> Result<(), String> {
        self.globs = build_globs(&self.ignore_objects, "rules.ignore_objects")?;
        for (id, o) in self.rules.iter_mut() {
            o.globs = build_globs(&o.ignore_objects, &format!("rules.{id}.ignore_objects"))?;
        }
        Ok(())
    }

    /// Adds a per-rule setting programmatically (tests, command-line flags).
    pub fn set(&mut self, id: &str, o: RuleOverride) -> Result<(), String> {
        self.rules.insert(id.to_string(), o);
        self.compile()
    }

    /// Ignores objects matching these globs in every rule.
    pub fn ignore_objects(&mut self, globs: &[&str]) -> Result<(), String> {
        self.ignore_objects = globs.iter().map(|s| s.to_string()).collect();
        self.compile()
    }

    pub fn rule_ignored(&self, id: &str) -> bool {
        self.rules.get(id).is_some_and(|o| o.ignore)
    }

    /// Whether a finding's object is ignored (for every rule, or for its rule).
    pub fn object_ignored(&self, rule: &str, object: &str) -> bool {
        self.globs.as_ref().is_some_and(|g| g.is_match(object))
            || self
                .rules
                .get(rule)
                .and_then(|o| o.globs.as_ref())
                .is_some_and(|g| g.is_match(object))
    }

    /// Drops ignored findings and re-grades the others.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| !self.rule_ignored(f.rule) && !self.object_ignored(f.rule, &f.object));
        for f in findings.iter_mut() {
            if let Some(s) = self.rules.get(f.rule).and_then(|o| o.severity) {
                f.severity = s;
            }
        }
    }
}

/// Reads `schemadrift.toml` in the project folder; no file: the defaults.
pub fn load_config(project_dir: &Path) -> Result<RulesConfig, String> {
    let p = project_dir.join("schemadrift.toml");
    if !p.is_file() {
        return Ok(RulesConfig::default());
    }
    load_config_file(&p)
}

/// Reads a configuration file named with `--config`.
pub fn load_config_file(path: &Path) -> Result<RulesConfig, String> {
    let text = crate::sources::fsread::read_to_string_bounded(
        path,
        crate::sources::fsread::MAX_FILE_BYTES,
    )
    .map_err(|e| e.message(path))?;
    let mut cfg =
        RulesConfig::from_toml_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    cfg.base = path.parent().map(Path::to_path_buf);
    Ok(cfg)
}
