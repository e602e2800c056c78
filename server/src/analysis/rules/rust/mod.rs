//! Rules for Rust code.

pub mod blocking_call;
pub mod blocking_sleep;
pub mod cpu_heavy_work;
pub mod future_dropped;
pub mod guard_across_await;
pub mod runtime_in_async;
pub mod sequential_awaits;
