//! async-std basics: spawn tasks, share a channel between them, and wait
//! for their JoinHandles. Cargo: async-std = { version = "1", features = ["attributes"] }

use std::time::Duration;

use async_std::channel::{self, Receiver, Sender};
use async_std::task;

#[derive(Debug, Clone)]
struct Message {
    from: String,
    text: String,
}

async fn user(name: &'static str, lines: &'static [&'static str], tx: Sender<Message>) {
    for (i, line) in lines.iter().enumerate() {
        task::sleep(Duration::from_millis(15 * (i as u64 + 1))).await;
        let msg = Message { from: name.to_string(), text: line.to_string() };
        if tx.send(msg).await.is_err() {
            return;
        }
    }
}

async fn logger(rx: Receiver<Message>) -> usize {
    let mut seen = 0;
    while let Ok(msg) = rx.recv().await {
        seen += 1;
        println!("[{seen:02}] {}: {}", msg.from, msg.text);
    }
    seen
}

#[async_std::main]
async fn main() {
    let (tx, rx) = channel::unbounded();

    let log = task::spawn(logger(rx));

    let alice = task::spawn(user("alice", &["hi all", "anyone up for lunch?", "noon then"], tx.clone()));
    let bob = async_std::task::spawn(user("bob", &["hey", "sure"], tx.clone()));

    // A task written inline as an async block.
    let bot = task::spawn(async move {
        task::sleep(Duration::from_millis(25)).await;
        let notice = Message { from: "bot".into(), text: "reminder: standup at 10".into() };
        tx.send(notice).await.ok();
    });

    alice.await;
    bob.await;
    bot.await;

    // Every sender is gone now, so the logger's loop ends.
    let total = log.await;
    println!("{total} messages logged");
}
