//! Rules for Rust code.

pub mod blocking_call;
pub mod blocking_sleep;
pub mod future_dropped;
pub mod guard_across_await;
pub mod long_loop;
pub mod rayon_in_async;
pub mod runtime_in_async;
pub mod sequential_awaits;
