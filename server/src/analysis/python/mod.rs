//! Python-specific analysis: execution-model sections and scope questions.

pub mod declaration;
pub mod imports;
pub mod indent;
pub mod matches;
pub mod regions;
pub mod scope;
pub mod sections;
pub mod types;
