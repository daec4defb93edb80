//! Expressions (defaults, CHECKs, policy conditions, index predicates, view queries):
//! the text as written, and the canonical form that comparison and `dump` use.

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Expr {
    /// As written in the source (or as PostgreSQL printed it).
    pub sql: String,
    /// Canonical form (see [`crate::sql::canon`]): equal for equal meaning.
    pub normalized: String,
}

impl Expr {
    /// An expression (default, CHECK, USING …).
    pub fn new(sql: &str) -> Self {
        let sql = sql.trim();
        Expr {
            sql: sql.to_string(),
            normalized: crate::sql::canon::canonical_expr(sql),
        }
    }

    /// An expression from the syntax tree (no second parse of its text).
    pub fn from_node(node: &crate::sql::Node) -> Self {
        Expr {
            sql: crate::sql::text_of(node).trim().to_string(),
            normalized: crate::sql::canon::canon(node),
        }
    }

    /// [`Expr::from_node`] of an expression over one relation (a policy's on its table):
    /// columns qualified with the relation's name are printed without it.
    pub fn from_node_over(node: &crate::sql::Node, relation: &str) -> Self {
        Expr {
            sql: crate::sql::text_of(node).trim().to_string(),
            normalized: crate::sql::canon::canon_over(node, relation),
        }
    }

    /// A query (view definition).
    pub fn query(sql: &str) -> Self {
        let sql = crate::sql::canon::query_text(sql);
        Expr {
            sql: sql.to_string(),
            normalized: crate::sql::canon::canonical_query(sql),
        }
    }

    /// A query from the syntax tree (a view's SELECT).
    pub fn query_node(node: &crate::sql::Node) -> Self {
        Expr {
            sql: crate::sql::canon::query_text(&crate::sql::text_of(node)).to_string(),
            normalized: crate::sql::canon::canonical_query_node(node),
        }
    }

    /// Whether the expression is the constant `true`.
    pub fn is_true(&self) -> bool {
        self.normalized == "true"
    }
}

impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        self.normalized == other.normalized
    }
}

impl Eq for Expr {}
