//! Fuzz target `incremental_edits`: see `concurrency_tutor::fuzzing::incremental_edits`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concurrency_tutor::fuzzing::incremental_edits(data));
