//! Fuzz target `framing`: see `concurrency_tutor::fuzzing::lsp_stream`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concurrency_tutor::fuzzing::lsp_stream(data));
