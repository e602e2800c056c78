//! The actor pattern on tokio: one task owns the state, everyone else talks
//! to it through a cloneable handle that sends messages over an mpsc channel.

use std::collections::HashMap;

use tokio::sync::{mpsc, oneshot};
use tokio::task;

enum Command {
    Deposit { account: String, amount: u64 },
    Withdraw { account: String, amount: u64, reply: oneshot::Sender<Result<u64, String>> },
    Balance { account: String, reply: oneshot::Sender<u64> },
}

struct Ledger {
    balances: HashMap<String, u64>,
    inbox: mpsc::Receiver<Command>,
}

impl Ledger {
    async fn run(mut self) {
        while let Some(cmd) = self.inbox.recv().await {
            match cmd {
                Command::Deposit { account, amount } => {
                    *self.balances.entry(account).or_insert(0) += amount;
                }
                Command::Withdraw { account, amount, reply } => {
                    let balance = self.balances.entry(account.clone()).or_insert(0);
                    let result = if *balance >= amount {
                        *balance -= amount;
                        Ok(*balance)
                    } else {
                        Err(format!("{account}: insufficient funds ({} < {amount})", *balance))
                    };
                    let _ = reply.send(result);
                }
                Command::Balance { account, reply } => {
                    let _ = reply.send(self.balances.get(&account).copied().unwrap_or(0));
                }
            }
        }
    }
}

#[derive(Clone)]
pub struct LedgerHandle {
    tx: mpsc::Sender<Command>,
}

impl LedgerHandle {
    pub fn spawn() -> Self {
        let (tx, inbox) = mpsc::channel(64);
        let ledger = Ledger { balances: HashMap::new(), inbox };
        task::spawn(ledger.run());
        LedgerHandle { tx }
    }

    pub async fn deposit(&self, account: &str, amount: u64) {
        let _ = self.tx.send(Command::Deposit { account: account.into(), amount }).await;
    }

    pub async fn withdraw(&self, account: &str, amount: u64) -> Result<u64, String> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Command::Withdraw { account: account.into(), amount, reply })
            .await
            .map_err(|_| "ledger stopped".to_string())?;
        rx.await.map_err(|_| "ledger dropped the request".to_string())?
    }

    pub async fn balance(&self, account: &str) -> u64 {
        let (reply, rx) = oneshot::channel();
        let _ = self.tx.send(Command::Balance { account: account.into(), reply }).await;
        rx.await.unwrap_or(0)
    }
}

#[tokio::main]
async fn main() {
    let ledger = LedgerHandle::spawn();

    let mut clients = Vec::new();
    for i in 0..5u64 {
        let ledger = ledger.clone();
        clients.push(task::spawn(async move {
            ledger.deposit("shared", 100).await;
            ledger.withdraw("shared", 30 + i * 10).await
        }));
    }
    for client in clients {
        match client.await.unwrap() {
            Ok(left) => println!("withdrawal ok, {left} left"),
            Err(err) => println!("withdrawal refused: {err}"),
        }
    }
    println!("final balance: {}", ledger.balance("shared").await);
}
