//! schemadrift: finds schema drift between the places a PostgreSQL / Supabase project
//! describes its schema.
//!
//! The data flows in stages, one module each:
//! [`sources`] (read migrations, schema files, the database …) → [`catalog`] (one model) →
//! [`replay`] (run SQL the way PostgreSQL would) → [`findings`] → [`report`].

pub mod audit;
pub mod catalog;
pub mod code;
pub mod compare;
pub mod findings;
pub mod named;
pub mod replay;
pub mod report;
pub mod rules;
pub mod sources;
pub mod sql;
