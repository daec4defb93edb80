//! The `[rules]` section of `schemadrift.toml`:
//!
//! ```toml
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
    /// Per rule id.
    pub rules: BTreeMap<String, RuleOverride>,
    /// Globs of objects that no rule reports.
    pub ignore_objects: Vec<String>,
    globs: Option<GlobSet>,
    /// Schemas the API serves; empty: the Supabase default (`public`, `graphql_public`).
    pub exposed_schemas: Vec<String>,
    /// Force (or forbid) the Supabase-specific rules; `None`: detected.
    pub supabase: Option<bool>,
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

fn string_list(v: &toml::Value, what: &str) -> Result<Vec<String>, String> {
    match v {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{what}: expected a list of strings"))
            })
            .collect(),
        _ => Err(format!("{what}: expected a list of strings")),
    }
}

fn severity(v: &toml::Value, what: &str) -> Result<Severity, String> {
    v.as_str().and_then(Severity::parse).ok_or_else(|| {
        format!("{what}: expected a severity (critical, high, medium, low, info), got {v}")
    })
}

fn known_rule(id: &str) -> bool {
    crate::findings::all_rules().any(|r| r.id == id)
}

impl RulesConfig {
    /// Parses a whole `schemadrift.toml` and reads its `[rules]` section (other sections
    /// belong to other stages and are not checked here).
    pub fn from_toml_str(text: &str) -> Result<RulesConfig, String> {
        let doc: toml::Table = text.parse().map_err(|e| format!("schemadrift.toml: {e}"))?;
        let mut cfg = RulesConfig::default();
        let Some(rules) = doc.get("rules") else {
            return Ok(cfg);
        };
        let rules = rules
            .as_table()
            .ok_or("schemadrift.toml: [rules] must be a table")?;
        for (key, value) in rules {
            let what = format!("schemadrift.toml: rules.{key}");
            match key.as_str() {
                "ignore" => {
                    for id in string_list(value, &what)? {
                        if !known_rule(&id) {
                            return Err(format!("{what}: unknown rule `{id}`"));
                        }
                        cfg.rules.entry(id).or_default().ignore = true;
                    }
                }
                "ignore_objects" => cfg.ignore_objects = string_list(value, &what)?,
                "exposed_schemas" => cfg.exposed_schemas = string_list(value, &what)?,
                "supabase" => {
                    cfg.supabase = Some(
                        value
                            .as_bool()
                            .ok_or_else(|| format!("{what}: expected true or false"))?,
                    )
                }
                "severity" => {
                    let t = value
                        .as_table()
                        .ok_or_else(|| format!("{what}: expected rule = \"severity\" pairs"))?;
                    for (id, sev) in t {
                        if !known_rule(id) {
                            return Err(format!("{what}: unknown rule `{id}`"));
                        }
                        cfg.rules.entry(id.clone()).or_default().severity =
                            Some(severity(sev, &format!("{what}.{id}"))?);
                    }
                }
                id if known_rule(id) => {
                    let t = value.as_table().ok_or_else(|| {
                        format!("{what}: expected a table (severity, ignore, ignore_objects)")
                    })?;
                    let o = cfg.rules.entry(id.to_string()).or_default();
                    for (k, v) in t {
                        let w = format!("{what}.{k}");
                        match k.as_str() {
                            "ignore" => {
                                o.ignore = v
                                    .as_bool()
                                    .ok_or_else(|| format!("{w}: expected true or false"))?
                            }
                            "severity" => o.severity = Some(severity(v, &w)?),
                            "ignore_objects" => o.ignore_objects = string_list(v, &w)?,
                            _ => return Err(format!("{w}: unknown setting")),
                        }
                    }
                }
                _ => return Err(format!("{what}: unknown rule or setting")),
            }
        }
        cfg.compile()?;
        Ok(cfg)
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
    RulesConfig::from_toml_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
