//! Rules for Python code.

pub mod blocking_sleep;
