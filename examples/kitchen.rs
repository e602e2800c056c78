//! The same kitchen in Rust: tokio tasks interleave, rayon cooks work in parallel.
use std::time::Duration;

use rayon::prelude::*;

async fn boil(pot: &str, minutes: u64) -> String {
    // While this pot boils, the runtime polls the other tasks.
    tokio::time::sleep(Duration::from_millis(minutes * 10)).await;
    format!("{pot} is ready")
}

#[tokio::main]
async fn main() {
    let soup = tokio::spawn(boil("soup", 3));
    std::thread::sleep(Duration::from_millis(10)); // oops: the worker thread dozes off
    println!("{}", soup.await.unwrap());

    let chopped: Vec<String> = ["carrot", "onion", "leek"].par_iter().map(|v| v.to_uppercase()).collect();
    println!("{chopped:?}");

    let helper = std::thread::spawn(|| "washing dishes on its own thread");
    println!("{}", helper.join().unwrap());
}
