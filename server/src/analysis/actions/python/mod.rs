//! Conversions for Python code.

pub mod executor_kind;
pub mod swap_class;
pub mod thread_process;
