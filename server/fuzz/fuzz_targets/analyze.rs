//! Fuzz target `analyze`: see `concurrency_tutor::fuzzing::analyze_bytes`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concurrency_tutor::fuzzing::analyze_bytes(data));
