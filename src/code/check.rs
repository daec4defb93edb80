//! Checking references against the best schema.
use super::{CodeRef, ModelMap};
use crate::catalog::Catalog;
use crate::findings::Finding;

pub fn check(
    _refs: &[CodeRef],
    _best: &Catalog,
    _best_label: &str,
    _others: &[(&str, &Catalog)],
    _models: &[ModelMap],
) -> Vec<Finding> {
    Vec::new()
}
