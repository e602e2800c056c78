"""Celery tasks for an image-processing backend.

Run a worker with:  celery -A celery_imaging_tasks worker --loglevel=INFO
"""
import logging

from celery import Celery, shared_task
from celery import chain, chord, group

logger = logging.getLogger(__name__)

app = Celery(
    "imaging",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/1",
)
app.conf.update(task_acks_late=True, worker_prefetch_multiplier=1, task_time_limit=300)


class TransientStorageError(Exception):
    """Raised when object storage is temporarily unavailable."""


@app.task(bind=True, autoretry_for=(TransientStorageError,), retry_backoff=True, max_retries=5)
def fetch_image(self, image_id: str) -> dict:
    logger.info("fetching %s (attempt %d)", image_id, self.request.retries + 1)
    # A real implementation would read from S3; we return the metadata only.
    return {"id": image_id, "width": 4000, "height": 3000}


@app.task
def resize(meta: dict, max_side: int = 1024) -> dict:
    scale = max_side / max(meta["width"], meta["height"])
    return {**meta, "width": int(meta["width"] * scale), "height": int(meta["height"] * scale)}


@shared_task
def publish(meta: dict) -> str:
    url = f"https://cdn.example.com/{meta['id']}_{meta['width']}x{meta['height']}.jpg"
    logger.info("published %s", url)
    return url


@shared_task(ignore_result=True)
def notify_done(urls: list[str], user_email: str) -> None:
    logger.info("sending %d urls to %s", len(urls), user_email)


def thumbnail_pipeline(image_id: str):
    """fetch -> resize -> publish, each step on whichever worker is free."""
    return chain(fetch_image.s(image_id), resize.s(max_side=256), publish.s())


def process_album(image_ids: list[str], user_email: str):
    pipelines = [thumbnail_pipeline(i) for i in image_ids]
    # chord: run all pipelines side by side, then call notify_done with every result.
    return chord(group(pipelines))(notify_done.s(user_email))


def process_single(image_id: str) -> None:
    fetch_image.delay(image_id)
    meta = {"id": image_id, "width": 800, "height": 600}
    resize.apply_async(args=[meta], countdown=10)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    result = publish.apply_async(
        args=[{"id": "demo", "width": 10, "height": 10}],
        queue="publishing",
        expires=60,
    )
    print("queued task", result.id)
    process_single("b7")
    process_album(["a1", "a2", "a3"], "owner@example.com")
