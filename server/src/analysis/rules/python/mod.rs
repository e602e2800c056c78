//! Rules for Python code.

pub mod awaitable_dropped;
pub mod blocking_call;
pub mod blocking_sleep;
pub mod never_awaited;
