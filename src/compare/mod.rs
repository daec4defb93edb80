//! Comparison of two catalogs: the drift findings.

use crate::findings::RuleDoc;

/// Rules of this stage.
pub const RULE_DOCS: &[RuleDoc] = &[];
