//! Tutorial: waiting on several futures at once with join!, try_join! and select!.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{sleep, Instant};

async fn fetch_user(id: u32) -> String {
    sleep(Duration::from_millis(120)).await;
    format!("user-{id}")
}

async fn fetch_orders(id: u32) -> Vec<u32> {
    sleep(Duration::from_millis(80)).await;
    (0..id % 5).map(|n| n * 100).collect()
}

async fn check_quota(id: u32) -> Result<u32, String> {
    sleep(Duration::from_millis(30)).await;
    if id == 0 { Err("no quota for user 0".to_string()) } else { Ok(10 * id) }
}

async fn check_ban(id: u32) -> Result<bool, String> {
    sleep(Duration::from_millis(40)).await;
    Ok(id % 13 == 0)
}

#[tokio::main]
async fn main() {
    let start = Instant::now();

    // Both futures make progress together: total time is the slower one, not the sum.
    let (user, orders) = tokio::join!(fetch_user(7), fetch_orders(7));
    println!("{user} has {} orders ({:?})", orders.len(), start.elapsed());

    // try_join! stops at the first error.
    match tokio::try_join!(check_quota(7), check_ban(7)) {
        Ok((quota, banned)) => println!("quota={quota} banned={banned}"),
        Err(err) => eprintln!("check failed: {err}"),
    }

    // select!: whichever finishes first wins, the other branch is dropped.
    let (cancel_tx, cancel_rx) = oneshot::channel::<()>();
    let canceller = tokio::spawn(async move {
        sleep(Duration::from_millis(50)).await;
        let _ = cancel_tx.send(());
    });

    tokio::select! {
        user = fetch_user(42) => println!("got {user}"),
        _ = cancel_rx => println!("cancelled before the user arrived"),
        _ = sleep(Duration::from_secs(1)) => println!("timed out"),
    }

    canceller.await.unwrap();
    println!("done in {:?}", start.elapsed());
}
