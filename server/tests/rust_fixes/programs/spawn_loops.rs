//! Loops that start OS threads. Detached ones become a `std::thread::scope`, which waits for
//! them, and so does a joining loop that may `break` before joining every handle: both are
//! unsafe, so the harness applies them. The loop that joins every handle gets the safe scope
//! conversion, which the harness compiles on its own.

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

fn first_multiple_of_four(values: Vec<u64>) -> Option<u64> {
    let mut found = None;
    let mut handles = Vec::with_capacity(values.len());
    for value in values {
        handles.push(thread::spawn(move || value * 2));
    }
    for handle in handles {
        let doubled = handle.join().unwrap();
        if doubled % 4 == 0 {
            found = Some(doubled);
            break;
        }
    }
    found
}

fn main() {
    announce(vec!["ada".to_owned(), "grace".to_owned()]);
    for round in 0..2 {
        std::thread::spawn(move || {
            let square = round * round;
            println!("round {round}: {square}");
        });
    }
    println!("{} {:?}", sums(vec![vec![1, 2], vec![3]]), first_multiple_of_four(vec![1, 2, 3]));
}
