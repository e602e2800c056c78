//! One LSP feature per file. Each handler reads a session snapshot, does its work through
//! [`super::guard`] on a blocking thread, and converts results with [`super::convert`].

pub mod code_action;
pub mod configuration;
pub mod diagnostic;
pub mod document_text;
pub mod hover;
pub mod initialize;
pub mod inlay_hint;
pub mod publish;
