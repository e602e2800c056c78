use std::time::Duration;

async fn load_config(path: &str) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    std::fs::write("copy.toml", &text)?;
    Ok(text)
}

#[tokio::main]
async fn main() {
    std::thread::sleep(Duration::from_millis(1));
    let _ = load_config("config.toml").await;
}

pub fn audit() {
    std::thread::spawn(move || println!("audit"));
}
