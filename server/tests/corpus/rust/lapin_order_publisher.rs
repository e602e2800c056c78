// Публикует события заказов в RabbitMQ через lapin 2.x.
// Обработчики (другие сервисы) читают очередь "orders.created" на своих машинах.

use lapin::options::{BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Connection, ConnectionProperties};
use serde::Serialize;

const QUEUE: &str = "orders.created";

#[derive(Serialize)]
struct OrderCreated {
    order_id: u64,
    customer: String,
    total_cents: u64,
}

// Адрес брокера берём из окружения, по умолчанию — локальный RabbitMQ.
fn broker_url() -> String {
    std::env::var("AMQP_ADDR").unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let connection = Connection::connect(&broker_url(), ConnectionProperties::default()).await?;
    let channel = connection.create_channel().await?;

    // Подтверждения от брокера: publish вернёт Confirmation после записи.
    channel.confirm_select(ConfirmSelectOptions::default()).await?;
    channel
        .queue_declare(QUEUE, QueueDeclareOptions { durable: true, ..Default::default() }, FieldTable::default())
        .await?;

    let orders = vec![
        OrderCreated { order_id: 1001, customer: "ivanov".into(), total_cents: 12_990 },
        OrderCreated { order_id: 1002, customer: "petrova".into(), total_cents: 4_500 },
        OrderCreated { order_id: 1003, customer: "sidorov".into(), total_cents: 78_000 },
    ];

    for order in &orders {
        let payload = serde_json::to_vec(order)?;
        let confirm = channel
            .basic_publish(
                "",
                QUEUE,
                BasicPublishOptions::default(),
                &payload,
                BasicProperties::default()
                    .with_content_type("application/json".into())
                    .with_delivery_mode(2),
            )
            .await?
            .await?;
        if confirm.is_nack() {
            eprintln!("брокер отклонил заказ {}", order.order_id);
        } else {
            println!("заказ {} опубликован", order.order_id);
        }
    }

    // Короткая форма в одну строку — для служебного события.
    channel.basic_publish("", QUEUE, BasicPublishOptions::default(), b"{\"ping\":true}", BasicProperties::default()).await?;

    connection.close(200, "bye").await?;
    Ok(())
}
