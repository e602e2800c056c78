//! An exchange-rate cache: many readers, one background refresher.
//! Readers take the RwLock in shared mode; only refresh() takes it exclusively.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, Instant};

pub struct RateCache {
    rates: RwLock<HashMap<String, f64>>,
    refreshed_at: RwLock<Instant>,
    max_age: Duration,
    stop: AtomicBool,
}

impl RateCache {
    pub fn new(max_age: Duration) -> Arc<Self> {
        Arc::new(RateCache {
            rates: RwLock::new(HashMap::new()),
            refreshed_at: RwLock::new(Instant::now()),
            max_age,
            stop: AtomicBool::new(false),
        })
    }

    pub fn get(&self, currency: &str) -> Option<f64> {
        self.rates.read().expect("rates lock poisoned").get(currency).copied()
    }

    pub fn is_stale(&self) -> bool {
        self.refreshed_at.read().unwrap().elapsed() > self.max_age
    }

    /// Pretends to call a rates API and swaps the whole table at once.
    fn refresh(&self, round: u32) {
        let fresh: HashMap<String, f64> = [("EUR", 1.0), ("USD", 1.08), ("GBP", 0.86), ("JPY", 161.2)]
            .into_iter()
            .map(|(code, base)| (code.to_string(), base * (1.0 + f64::from(round % 5) / 1000.0)))
            .collect();
        *self.rates.write().unwrap() = fresh;
        *self.refreshed_at.write().unwrap() = Instant::now();
    }

    /// Starts the refresher thread; it stops when `stop()` is called.
    pub fn start_refresher(self: &Arc<Self>, every: Duration) -> thread::JoinHandle<u32> {
        let cache = Arc::clone(self);
        thread::spawn(move || {
            let mut rounds = 0;
            while !cache.stop.load(Ordering::Acquire) {
                cache.refresh(rounds);
                rounds += 1;
                thread::sleep(every);
            }
            rounds
        })
    }

    pub fn stop(&self) {
        self.stop.store(true, Ordering::Release);
    }
}

fn main() {
    let cache = RateCache::new(Duration::from_millis(200));
    let refresher = cache.start_refresher(Duration::from_millis(50));
    thread::sleep(Duration::from_millis(10));

    // Scoped reader threads borrow the cache without extra Arc clones.
    let misses = crossbeam::scope(|scope| {
        let readers: Vec<_> = ["USD", "GBP", "CHF"]
            .iter()
            .map(|&code| {
                let cache = &cache;
                scope.spawn(move |_| {
                    let mut misses = 0;
                    for _ in 0..20 {
                        match cache.get(code) {
                            Some(rate) if !cache.is_stale() => assert!(rate > 0.0),
                            _ => misses += 1,
                        }
                        thread::sleep(Duration::from_millis(5));
                    }
                    misses
                })
            })
            .collect();
        readers.into_iter().map(|r| r.join().unwrap()).sum::<u32>()
    })
    .expect("a reader panicked");

    cache.stop();
    let rounds = refresher.join().unwrap();
    println!("refreshed {rounds} times, {misses} cache misses");
}
