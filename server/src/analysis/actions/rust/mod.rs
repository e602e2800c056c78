//! Conversions for Rust code.

pub mod join_awaits;
pub mod par_iter;
pub mod spawn_kind;
pub mod tokio_mutex;
