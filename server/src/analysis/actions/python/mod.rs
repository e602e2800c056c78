//! Conversions for Python code.

pub mod executor_kind;
pub mod loop_to_executor;
pub mod make_async;
pub mod swap_class;
pub mod thread_process;
