"""Webhook delivery service: an asyncio worker pool consuming a queue.

Incoming events are put on an asyncio.Queue; a fixed number of worker tasks
deliver them over HTTP with retries and exponential backoff. Signatures are
computed in a thread, since HMAC over large bodies would block the loop.
"""
import asyncio
import hashlib
import hmac
import json
import logging
import os
import random
from dataclasses import dataclass

import aiohttp

log = logging.getLogger("webhooks")


@dataclass(frozen=True)
class Settings:
    secret: bytes = os.environ.get("WEBHOOK_SECRET", "dev-secret").encode()
    workers: int = int(os.environ.get("WEBHOOK_WORKERS", "8"))
    max_attempts: int = 5
    timeout: float = 10.0


@dataclass
class Delivery:
    url: str
    event: dict
    attempt: int = 0


def sign(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


async def deliver(session: aiohttp.ClientSession, settings: Settings, item: Delivery) -> bool:
    body = json.dumps(item.event, separators=(",", ":")).encode()
    signature = await asyncio.to_thread(sign, settings.secret, body)
    headers = {"Content-Type": "application/json", "X-Signature-256": f"sha256={signature}"}
    try:
        async with session.post(item.url, data=body, headers=headers) as resp:
            return resp.status < 500
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        log.warning("delivery to %s failed: %s", item.url, exc)
        return False


async def worker(name: str, queue: asyncio.Queue, session: aiohttp.ClientSession,
                 settings: Settings) -> None:
    while True:
        item: Delivery = await queue.get()
        try:
            item.attempt += 1
            if await deliver(session, settings, item):
                log.info("%s delivered %s (attempt %d)", name, item.event["id"], item.attempt)
            elif item.attempt < settings.max_attempts:
                backoff = 2 ** item.attempt + random.random()
                await asyncio.sleep(backoff)
                queue.put_nowait(item)  # requeue for another try
            else:
                log.error("dropping %s after %d attempts", item.event["id"], item.attempt)
        finally:
            queue.task_done()


async def main(events: list[Delivery]) -> None:
    settings = Settings()
    queue: asyncio.Queue[Delivery] = asyncio.Queue()
    for item in events:
        queue.put_nowait(item)
    timeout = aiohttp.ClientTimeout(total=settings.timeout)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        workers = [
            asyncio.create_task(worker(f"w{i}", queue, session, settings))
            for i in range(settings.workers)
        ]
        await queue.join()
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    demo = [Delivery("https://httpbin.org/post", {"id": f"evt_{n}", "type": "ping"}) for n in range(20)]
    asyncio.run(main(demo))
