use rayon::prelude::*;

async fn fetch(url: &str) -> usize {
    url.len()
}

async fn crawl(urls: &[String]) -> Vec<usize> {
    let mut pages = Vec::new();
    for url in urls {
        pages.push(fetch(url).await);
    }
    pages
}

fn squares(values: &[u64]) -> u64 {
    values.iter().map(|v| v * v).sum()
}

fn total(values: Vec<u64>) -> u64 {
    values.into_par_iter().sum()
}

#[tokio::main]
async fn main() {
    let ready = futures::future::ready(1).await;
    let pages = crawl(&["a".to_owned(), "bb".to_owned()]).await;
    println!("{pages:?} {} {} {ready}", squares(&[1, 2, 3]), total(vec![4, 5]));
}

async fn load_user(id: u32) -> String {
    id.to_string()
}

async fn load_orders(id: u32) -> Vec<u32> {
    vec![id]
}

pub async fn profile(id: u32) -> String {
    let user = load_user(id).await;
    let orders = load_orders(id).await;
    format!("{user}: {orders:?}")
}
