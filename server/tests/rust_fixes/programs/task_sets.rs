//! Async code that awaits one call per item in a loop, and an OS thread spawned and joined
//! inside async code: the loops become tasks on a `JoinSet`, the thread a tokio task.

use std::thread;

async fn fetch(id: u32) -> usize {
    tokio::task::yield_now().await;
    id as usize * 2
}

async fn ping(host: String) -> bool {
    !host.is_empty()
}

async fn sizes() -> Vec<usize> {
    let mut sizes = Vec::new();
    for id in 0..4 {
        sizes.push(fetch(id).await);
    }
    sizes
}

async fn sweep(hosts: Vec<String>) {
    for host in hosts {
        // hosts are independent
        ping(host).await;
    }
}

fn summarise(log: &[String]) -> usize {
    log.len()
}

#[tokio::main]
async fn main() {
    let log = vec!["start".to_owned()];
    let handle = thread::spawn(move || {
        // count the lines
        summarise(&log)
    });
    let summary = handle.join().unwrap();
    sweep(vec!["a".to_owned()]).await;
    println!("{summary} {:?}", sizes().await);
}
