//! Rules for Rust code.

pub mod blocking_sleep;
