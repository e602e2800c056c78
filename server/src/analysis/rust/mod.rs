//! Rust-specific analysis: execution-model sections and scope questions.

pub mod matches;
pub mod offload;
pub mod scope;
pub mod sections;
pub mod token_trees;
pub mod types;
