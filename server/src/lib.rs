//! Concurrency Tutor: a language server and CLI that teach concurrency while people code.
//!
//! The crate is layered the way rust-analyzer is: [`analysis`] and [`catalogue`] take source
//! text and return plain data (byte ranges, execution models, findings, explanations) and know
//! nothing of LSP; [`lsp`] owns the protocol, document synchronisation and position encodings;
//! [`cli`] presents the same analysis in a terminal.

pub mod analysis;

/// The stack of every thread that runs analysis: with [`analysis::depth::MAX_DEPTH`] it keeps
/// deep but accepted nesting far from an overflow. Only touched pages use memory.
pub const ANALYSIS_STACK_SIZE: usize = 16 << 20;
pub mod catalogue;
pub mod cli;
pub mod fuzzing;
pub mod locale;
pub mod lsp;
