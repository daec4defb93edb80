//! Sources: the places a project writes its schema down, each read into the catalog.

pub mod migrations;
pub mod project;
