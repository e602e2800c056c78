//! Conversions for Python code.

pub mod celery_task;
pub mod dangling_task_group;
pub mod executor_kind;
pub mod loop_to_executor;
pub mod loop_to_task_group;
pub mod make_async;
pub mod references;
pub mod swap_class;
pub mod thread_process;
