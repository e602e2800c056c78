//! Shared state between threads with Arc<Mutex<_>>: tellers move money between
//! accounts concurrently and the total must stay the same.

use std::sync::{Arc, Mutex};
use std::thread;

#[derive(Debug)]
struct Bank {
    accounts: Vec<i64>,
    transfers: u64,
}

impl Bank {
    fn new(accounts: usize, opening: i64) -> Self {
        Bank { accounts: vec![opening; accounts], transfers: 0 }
    }

    fn transfer(&mut self, from: usize, to: usize, amount: i64) -> Result<(), String> {
        if self.accounts[from] < amount {
            return Err(format!("account {from} has only {}", self.accounts[from]));
        }
        self.accounts[from] -= amount;
        self.accounts[to] += amount;
        self.transfers += 1;
        Ok(())
    }

    fn total(&self) -> i64 {
        self.accounts.iter().sum()
    }
}

fn main() {
    let bank = Arc::new(Mutex::new(Bank::new(8, 1_000)));
    let before = bank.lock().unwrap().total();

    let tellers: Vec<_> = (0..4)
        .map(|teller| {
            let bank = Arc::clone(&bank);
            thread::spawn(move || {
                let mut refused = 0;
                for i in 0..500usize {
                    let from = (i + teller) % 8;
                    let to = (i * 3 + 1) % 8;
                    let amount = ((i % 7) as i64 + 1) * 10;
                    // Hold the lock only for one transfer at a time.
                    let mut guard = bank.lock().unwrap();
                    if guard.transfer(from, to, amount).is_err() {
                        refused += 1;
                    }
                }
                refused
            })
        })
        .collect();

    let refused: i32 = tellers.into_iter().map(|t| t.join().unwrap()).sum();

    let bank = bank.lock().unwrap();
    println!("transfers done: {}, refused: {refused}", bank.transfers);
    println!("total before {before}, after {}", bank.total());
    assert_eq!(before, bank.total(), "money was created or destroyed");
}
