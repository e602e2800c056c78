//! Sends click events to a Kafka topic with rdkafka's FutureProducer (rdkafka 0.36).
//! Consumers in other services aggregate them; this process only produces.

use std::time::Duration;

use rdkafka::config::ClientConfig;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use serde::Serialize;
use tokio::sync::mpsc;

#[derive(Serialize, Debug)]
struct Click {
    user_id: u64,
    page: String,
    ts_ms: u64,
}

fn producer(brokers: &str) -> Result<FutureProducer, rdkafka::error::KafkaError> {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("message.timeout.ms", "5000")
        .set("linger.ms", "20")
        .set("compression.type", "lz4")
        .create()
}

async fn forward(producer: FutureProducer, topic: String, mut clicks: mpsc::Receiver<Click>) -> usize {
    let mut delivered = 0;
    while let Some(click) = clicks.recv().await {
        let key = click.user_id.to_string();
        let payload = match serde_json::to_string(&click) {
            Ok(json) => json,
            Err(err) => {
                eprintln!("cannot encode {click:?}: {err}");
                continue;
            }
        };
        let record = FutureRecord::to(&topic).key(&key).payload(&payload);
        match producer.send(record, Timeout::After(Duration::from_secs(2))).await {
            Ok((partition, offset)) => {
                delivered += 1;
                println!("user {key} -> partition {partition} @ {offset}");
            }
            Err((err, _message)) => eprintln!("delivery failed for user {key}: {err}"),
        }
    }
    delivered
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let brokers = std::env::var("KAFKA_BROKERS").unwrap_or_else(|_| "localhost:9092".into());
    let producer = producer(&brokers)?;
    let (tx, rx) = mpsc::channel(100);

    let forwarder = tokio::spawn(forward(producer, "clickstream".to_string(), rx));

    for i in 0..20u64 {
        let click = Click { user_id: i % 4, page: format!("/products/{}", i * 17 % 50), ts_ms: 1_700_000_000_000 + i };
        // Local queue operation: hands the event to the forwarder task.
        tx.send(click).await?;
    }
    drop(tx);

    let delivered = forwarder.await?;
    println!("{delivered} events delivered");
    Ok(())
}
