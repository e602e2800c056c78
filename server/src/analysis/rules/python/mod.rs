//! Rules for Python code.

pub mod awaitable_dropped;
pub mod blocking_call;
pub mod blocking_sleep;
pub mod cpu_bound_threads;
pub mod dangling_task;
pub mod missing_main_guard;
pub mod never_awaited;
pub mod run_in_running_loop;
pub mod sequential_awaits;
