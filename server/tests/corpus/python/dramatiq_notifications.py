"""Notification actors, executed by Dramatiq workers behind RabbitMQ.

Start workers with:  dramatiq dramatiq_notifications --processes 2
"""
import logging
import os
import smtplib
from email.message import EmailMessage

import dramatiq
import requests
from dramatiq.brokers.rabbitmq import RabbitmqBroker

broker = RabbitmqBroker(url=os.environ.get("AMQP_URL", "amqp://guest:guest@localhost:5672"))
dramatiq.set_broker(broker)
log = logging.getLogger(__name__)

SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
SENDER = "noreply@shop.example.com"
WEBHOOK_TIMEOUT = 5


@dramatiq.actor(max_retries=5, min_backoff=1000, queue_name="email")
def send_email(to: str, subject: str, body: str) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = SENDER, to, subject
    msg.set_content(body)
    with smtplib.SMTP(SMTP_HOST) as smtp:
        smtp.send_message(msg)
    log.info("mailed %s", to)


@dramatiq.actor(max_retries=3, queue_name="webhooks")
def call_webhook(url: str, payload: dict) -> None:
    resp = requests.post(url, json=payload, timeout=WEBHOOK_TIMEOUT)
    # Raising makes Dramatiq retry the message with exponential backoff.
    resp.raise_for_status()


@dramatiq.actor
def notify_user(user: dict, event: str) -> None:
    # Fans out to the channel-specific actors.
    if user.get("email"):
        send_email.send(user["email"], f"[shop] {event}", f"Hello {user['name']}, {event}.")
    for hook in user.get("webhooks", []):
        call_webhook.send(hook, {"user": user["id"], "event": event})


def on_order_shipped(user: dict, order_id: int) -> None:
    """Called from the web app's request handler; returns immediately."""
    log.info("order %s shipped, notifying user %s", order_id, user["id"])
    notify_user.send(user, f"order {order_id} has shipped")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    on_order_shipped({"id": 7, "name": "Ada", "email": "ada@example.com", "webhooks": []}, 1042)
