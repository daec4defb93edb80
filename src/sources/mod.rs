//! Sources: the places a project writes its schema down, each read into the catalog.

pub mod database;
pub mod fsread;
pub mod load;
pub mod migrations;
pub mod openapi;
pub mod prisma;
pub mod project;
pub mod ts_types;
