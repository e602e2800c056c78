//! Async service code that must do CPU-heavy key stretching: the work is
//! handed to rayon's pool and the async caller waits on a oneshot channel,
//! so the tokio worker threads stay free for I/O.

use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use tokio::sync::oneshot;
use tracing::{info, instrument};

#[derive(Clone)]
pub struct HasherConfig {
    pub rounds: u32,
    pub pepper: Arc<str>,
}

/// Deliberately slow, deterministic "key stretching" (not real crypto).
fn stretch(password: &str, salt: u64, cfg: &HasherConfig) -> u64 {
    let mut h = salt ^ 0xcbf2_9ce4_8422_2325;
    for round in 0..cfg.rounds {
        for b in password.bytes().chain(cfg.pepper.bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3).rotate_left(round % 63 + 1);
        }
    }
    h
}

pub struct PasswordService {
    cfg: HasherConfig,
}

impl PasswordService {
    #[instrument(skip(self, password))]
    pub async fn hash(&self, user: &str, password: String) -> u64 {
        let (tx, rx) = oneshot::channel();
        let cfg = self.cfg.clone();
        let salt = user.bytes().fold(7u64, |acc, b| acc.wrapping_mul(31).wrapping_add(u64::from(b)));
        rayon::spawn(move || {
            let _ = tx.send(stretch(&password, salt, &cfg));
        });
        rx.await.expect("rayon task dropped the sender")
    }

    /// Re-hashes a whole user table after a config change, all cores at once.
    pub async fn rehash_all(&self, users: Vec<(String, String)>) -> Vec<(String, u64)> {
        let cfg = self.cfg.clone();
        tokio::task::spawn_blocking(move || {
            users
                .into_par_iter()
                .map(|(user, pw)| {
                    let salt = user.len() as u64;
                    let digest = stretch(&pw, salt, &cfg);
                    (user, digest)
                })
                .collect::<Vec<_>>()
        })
        .await
        .expect("rehash task panicked")
    }
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt::init();
    let service = PasswordService { cfg: HasherConfig { rounds: 20_000, pepper: Arc::from("s3cr3t") } };

    let started = Instant::now();
    let (a, b) = tokio::join!(service.hash("alice", "hunter2".into()), service.hash("bob", "correct horse".into()));
    info!(elapsed = ?started.elapsed(), "two hashes: {a:x} {b:x}");

    let users: Vec<(String, String)> = (0..64).map(|i| (format!("user{i}"), format!("pw{i}"))).collect();
    let rehashed = service.rehash_all(users).await;
    info!(count = rehashed.len(), elapsed = ?started.elapsed(), "rehash finished");
}
