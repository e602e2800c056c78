//! Deployment helper: waits until another process has written a "ready" file,
//! polling with std::thread::sleep, then reads the port it contains.
//! Plain synchronous code: the sleep just pauses this one thread.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug)]
enum WaitError {
    TimedOut(Duration),
    Unreadable(std::io::Error),
    BadContent(String),
}

struct Poller {
    interval: Duration,
    max_interval: Duration,
    deadline: Duration,
}

impl Poller {
    fn wait_for_port(&self, path: &Path) -> Result<u16, WaitError> {
        let started = Instant::now();
        let mut interval = self.interval;
        loop {
            match fs::read_to_string(path) {
                Ok(text) if !text.trim().is_empty() => {
                    return text.trim().parse().map_err(|_| WaitError::BadContent(text));
                }
                Ok(_) => {} // created but not written yet
                Err(err) if err.kind() == ErrorKind::NotFound => {}
                Err(err) => return Err(WaitError::Unreadable(err)),
            }
            if started.elapsed() >= self.deadline {
                return Err(WaitError::TimedOut(started.elapsed()));
            }
            thread::sleep(interval);
            interval = (interval * 2).min(self.max_interval);
        }
    }
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "/tmp/service.ready".into());
    let poller = Poller {
        interval: Duration::from_millis(50),
        max_interval: Duration::from_secs(1),
        deadline: Duration::from_secs(30),
    };

    println!("waiting for {path} ...");
    match poller.wait_for_port(Path::new(&path)) {
        Ok(port) => {
            println!("service is up on port {port}");
            // Give the service a moment to open its socket after writing the file.
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(WaitError::TimedOut(after)) => {
            eprintln!("gave up after {after:?}");
            std::process::exit(1);
        }
        Err(err) => {
            eprintln!("cannot use {path}: {err:?}");
            std::process::exit(2);
        }
    }
}
