//! Checks a list of hosts by opening a TCP connection to each, all at once,
//! with futures::future::join_all; then runs two summaries with futures::join!.

use std::time::{Duration, Instant};

use futures::future::join_all;
use tokio::net::TcpStream;
use tokio::time::timeout;

const HOSTS: &[&str] = &["example.com:80", "rust-lang.org:443", "localhost:5432", "10.255.255.1:22"];

#[derive(Debug)]
enum Probe {
    Up(Duration),
    Refused(String),
    TimedOut,
}

async fn probe(host: &'static str) -> (&'static str, Probe) {
    let started = Instant::now();
    let result = match timeout(Duration::from_secs(2), TcpStream::connect(host)).await {
        Ok(Ok(_stream)) => Probe::Up(started.elapsed()),
        Ok(Err(err)) => Probe::Refused(err.to_string()),
        Err(_) => Probe::TimedOut,
    };
    (host, result)
}

async fn count_up(results: &[(&str, Probe)]) -> usize {
    results.iter().filter(|(_, p)| matches!(p, Probe::Up(_))).count()
}

async fn slowest(results: &[(&str, Probe)]) -> Option<Duration> {
    results
        .iter()
        .filter_map(|(_, p)| match p {
            Probe::Up(d) => Some(*d),
            _ => None,
        })
        .max()
}

#[tokio::main]
async fn main() {
    let probes = HOSTS.iter().map(|&host| probe(host));
    let results = join_all(probes).await;

    for (host, result) in &results {
        println!("{host:<22} {result:?}");
    }

    let (up, slow) = futures::join!(count_up(&results), slowest(&results));
    println!("{up}/{} hosts up, slowest answer: {slow:?}", results.len());

    // The fully qualified form works the same way.
    let again = futures::future::join_all(vec![probe("localhost:80"), probe("localhost:443")]).await;
    println!("local web ports: {again:?}");
}
