//! Concurrency Tutor: a language server and CLI that teach concurrency while people code.
//!
//! The crate is layered the way rust-analyzer is: [`analysis`] and [`catalogue`] take source
//! text and return plain data (byte ranges, execution models, findings, explanations) and know
//! nothing of LSP; [`lsp`] owns the protocol, document synchronisation and position encodings;
//! [`cli`] presents the same analysis in a terminal.

pub mod analysis;
pub mod catalogue;
pub mod cli;
pub mod fuzzing;
pub mod locale;
pub mod lsp;
