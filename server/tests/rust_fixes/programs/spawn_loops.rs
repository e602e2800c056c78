//! Loops that start OS threads. Detached ones become a `std::thread::scope`, which waits for
//! them (unsafe, so the harness applies it); the loop that collects its handles and joins them
//! all gets the safe scope conversion, which the harness leaves alone.

use std::thread;

fn announce(names: Vec<String>) {
    for name in names {
        // each greeting on its own thread
        thread::spawn(move || println!("hello, {name}"));
    }
}

fn sums(parts: Vec<Vec<u64>>) -> u64 {
    let mut total = 0;
    let mut handles = Vec::new();
    for part in parts {
        handles.push(thread::spawn(move || part.iter().sum::<u64>()));
    }
    for handle in handles {
        total += handle.join().unwrap();
    }
    total
}

fn main() {
    announce(vec!["ada".to_owned(), "grace".to_owned()]);
    for round in 0..2 {
        std::thread::spawn(move || {
            let square = round * round;
            println!("round {round}: {square}");
        });
    }
    println!("{}", sums(vec![vec![1, 2], vec![3]]));
}
