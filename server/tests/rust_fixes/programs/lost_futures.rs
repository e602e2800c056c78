use std::sync::Mutex;

async fn notify(user: &str) -> usize {
    user.len()
}

async fn flush() {}

async fn record(hits: &Mutex<u64>) {
    let mut count = hits.lock().unwrap();
    *count += 1;
    flush().await;
}

async fn signup(user: String) -> usize {
    notify(&user);
    let total = futures::executor::block_on(notify(&user));
    total
}

#[tokio::main]
async fn main() {
    let hits = Mutex::new(0);
    record(&hits).await;
    println!("{}", signup("ada".to_owned()).await);
}
