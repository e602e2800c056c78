//! Conversions for Rust code.

pub mod par_iter;
