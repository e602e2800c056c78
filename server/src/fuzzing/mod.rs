//! Entry points for the fuzz targets in `server/fuzz/` and for the test that replays their
//! corpora (`server/tests/fuzz_corpora.rs`).
//!
//! Each function takes arbitrary bytes, drives the same code the language server runs, and
//! panics when an invariant breaks: a crash, text that differs from what the edits describe, an
//! incremental state that differs from a fresh parse, an edit that does not apply, a fix or
//! conversion that breaks code that parsed. Keeping them in the library lets stable
//! `cargo test` replay every saved input without libFuzzer or a nightly toolchain.

mod analyze;
mod code_actions;
mod framing;
mod incremental;
mod input;
mod summary;

pub use analyze::analyze_bytes;
pub use code_actions::code_actions;
pub use framing::lsp_stream;
pub use incremental::incremental_edits;
