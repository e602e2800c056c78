//! Простой краулер: скачивает несколько страниц одновременно через JoinSet
//! и печатает размер каждой. Зависимости: tokio (full), reqwest.

use std::time::Duration;

use tokio::task::JoinSet;

const URLS: &[&str] = &[
    "https://www.rust-lang.org",
    "https://tokio.rs",
    "https://docs.rs",
    "https://crates.io",
];

#[derive(Debug)]
struct Page {
    url: String,
    status: u16,
    bytes: usize,
}

// Скачивает одну страницу; ошибки сети возвращаем как строку.
async fn fetch(client: reqwest::Client, url: String) -> Result<Page, String> {
    let response = client.get(&url).send().await.map_err(|e| format!("{url}: {e}"))?;
    let status = response.status().as_u16();
    let body = response.text().await.map_err(|e| format!("{url}: {e}"))?;
    Ok(Page { url, status, bytes: body.len() })
}

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .user_agent("joinset-crawler/0.1")
        .build()?;

    let mut set = JoinSet::new();
    for url in URLS {
        // Каждая загрузка — отдельная задача в наборе.
        set.spawn(fetch(client.clone(), url.to_string()));
    }

    // Небольшая фоновая задача, которая просто отмечает, что мы ещё живы.
    set.spawn(async {
        tokio::time::sleep(Duration::from_millis(10)).await;
        Err("heartbeat".to_string())
    });

    let mut total = 0;
    // Результаты приходят в порядке завершения, а не в порядке запуска.
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(page)) => {
                println!("{:>4} {:>8} {}", page.status, page.bytes, page.url);
                total += page.bytes;
            }
            Ok(Err(message)) => eprintln!("skip: {message}"),
            Err(join_error) => eprintln!("task failed: {join_error}"),
        }
    }
    println!("итого: {total} байт");
    Ok(())
}
