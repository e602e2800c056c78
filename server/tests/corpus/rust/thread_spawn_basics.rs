//! First steps with OS threads: spawning closures, spawning a named function,
//! naming a thread with Builder, and collecting results through join().

use std::thread;
use std::time::Duration;

fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 1;
    }
    true
}

/// Prints a dot every 100 ms for a while; runs on its own thread.
fn heartbeat() {
    for _ in 0..5 {
        print!(".");
        thread::sleep(Duration::from_millis(100));
    }
    println!();
}

fn main() {
    let ticker = thread::spawn(heartbeat);

    // Split the range into four parts, one thread per part.
    let mut handles = Vec::new();
    for part in 0..4u64 {
        let handle = thread::spawn(move || {
            let start = part * 25_000;
            let end = start + 25_000;
            (start..end).filter(|&n| is_prime(n)).count()
        });
        handles.push(handle);
    }

    // A named thread shows up in panics and in debuggers.
    let logger = thread::Builder::new()
        .name("logger".into())
        .stack_size(256 * 1024)
        .spawn(|| {
            let me = thread::current();
            println!("hello from {:?}", me.name());
        })
        .expect("could not spawn the logger thread");

    let mut total = 0;
    for (part, handle) in handles.into_iter().enumerate() {
        let count = handle.join().expect("worker panicked");
        println!("part {part}: {count} primes");
        total += count;
    }

    logger.join().unwrap();
    ticker.join().unwrap();
    println!("{total} primes below 100000");
}
