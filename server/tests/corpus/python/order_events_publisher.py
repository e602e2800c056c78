"""Publishing order events to a message broker.

The backend is chosen by configuration: RabbitMQ (pika) or Kafka
(kafka-python). Both publishers share one small interface.
"""
import json
import logging
import os
import time
import uuid
from dataclasses import asdict, dataclass
from typing import Protocol

import pika
from kafka import KafkaProducer

log = logging.getLogger("events")


@dataclass
class OrderEvent:
    order_id: int
    kind: str  # "created", "paid" or "shipped"
    amount_cents: int
    event_id: str = ""
    ts: float = 0.0

    def __post_init__(self) -> None:
        self.event_id = self.event_id or uuid.uuid4().hex
        self.ts = self.ts or time.time()


class Publisher(Protocol):
    def publish(self, event: OrderEvent) -> None: ...

    def close(self) -> None: ...


class RabbitPublisher:
    def __init__(self, url: str, exchange: str = "orders") -> None:
        self.exchange = exchange
        self.conn = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.conn.channel()
        self.channel.exchange_declare(exchange=exchange, exchange_type="topic", durable=True)
        self.channel.confirm_delivery()

    def publish(self, event: OrderEvent) -> None:
        self.channel.basic_publish(
            exchange=self.exchange,
            routing_key=f"order.{event.kind}",
            body=json.dumps(asdict(event)).encode(),
            properties=pika.BasicProperties(content_type="application/json", delivery_mode=2),
        )

    def close(self) -> None:
        self.conn.close()


class KafkaPublisher:
    def __init__(self, servers: str, topic: str = "orders") -> None:
        self.topic = topic
        self.producer = KafkaProducer(
            bootstrap_servers=servers.split(","),
            value_serializer=lambda v: json.dumps(v).encode(),
            key_serializer=str.encode,
            acks="all",
            retries=5,
        )

    def publish(self, event: OrderEvent) -> None:
        future = self.producer.send(self.topic, key=str(event.order_id), value=asdict(event))
        future.add_errback(lambda exc: log.error("kafka send of %s failed: %s", event.event_id, exc))

    def close(self) -> None:
        self.producer.flush(timeout=10)
        self.producer.close()


def make_publisher() -> Publisher:
    backend = os.environ.get("EVENTS_BACKEND", "rabbit")
    if backend == "kafka":
        return KafkaPublisher(os.environ.get("KAFKA_SERVERS", "localhost:9092"))
    return RabbitPublisher(os.environ.get("AMQP_URL", "amqp://guest:guest@localhost:5672/%2F"))


def publish_with_retry(pub: Publisher, event: OrderEvent, attempts: int = 3) -> None:
    for attempt in range(1, attempts + 1):
        try:
            pub.publish(event)
            return
        except Exception as exc:  # broker clients raise many unrelated exception types
            if attempt == attempts:
                raise
            log.warning("publish failed (%s), retry %d/%d", exc, attempt, attempts - 1)
            time.sleep(attempt)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    publisher = make_publisher()
    try:
        for oid in range(1, 4):
            publish_with_retry(publisher, OrderEvent(oid, "created", 1999 * oid))
    finally:
        publisher.close()
