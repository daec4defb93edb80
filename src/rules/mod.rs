//! Schema health rules: checks that read one catalog.

use crate::findings::RuleDoc;

/// Rules of this family.
pub const RULE_DOCS: &[RuleDoc] = &[];
