//! Fuzz target `code_actions`: see `concurrency_tutor::fuzzing::code_actions`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| concurrency_tutor::fuzzing::code_actions(data));
