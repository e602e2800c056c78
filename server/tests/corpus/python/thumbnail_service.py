"""Thumbnail generation service.

ThumbnailService owns a thread pool created at start-up; callers hand it
images and get futures back. Failed renders are retried with backoff.
"""
from __future__ import annotations

import logging
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

log = logging.getLogger("thumbnails")


@dataclass(frozen=True)
class ServiceConfig:
    output_dir: Path = Path("thumbs")
    sizes: tuple[int, ...] = (128, 256, 512)
    workers: int = 4
    max_attempts: int = 3
    backoff_seconds: float = 0.5

    @classmethod
    def from_env(cls) -> ServiceConfig:
        return cls(
            output_dir=Path(os.environ.get("THUMB_DIR", "thumbs")),
            workers=int(os.environ.get("THUMB_WORKERS", "4")),
            max_attempts=int(os.environ.get("THUMB_ATTEMPTS", "3")),
        )


class RenderError(RuntimeError):
    """A source image could not be turned into thumbnails."""


class ThumbnailService:
    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.config.output_dir.mkdir(parents=True, exist_ok=True)
        self.executor = ThreadPoolExecutor(
            max_workers=config.workers, thread_name_prefix="thumb"
        )
        self._closed = False

    def request_thumbnails(self, source: Path) -> Future[list[Path]]:
        if self._closed:
            raise RuntimeError("service is shut down")
        log.debug("queueing %s", source)
        return self.executor.submit(self._render_with_retry, source)

    def _render_with_retry(self, source: Path) -> list[Path]:
        for attempt in range(1, self.config.max_attempts + 1):
            try:
                return self._render(source)
            except UnidentifiedImageError as exc:
                raise RenderError(f"{source} is not an image") from exc
            except OSError as exc:
                if attempt == self.config.max_attempts:
                    raise RenderError(f"giving up on {source}") from exc
                delay = self.config.backoff_seconds * 2 ** (attempt - 1)
                log.warning("attempt %d for %s failed (%s), retrying in %.1fs",
                            attempt, source, exc, delay)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def _render(self, source: Path) -> list[Path]:
        outputs = []
        with Image.open(source) as img:
            rgb = img.convert("RGB")
            for size in self.config.sizes:
                thumb = rgb.copy()
                thumb.thumbnail((size, size))
                target = self.config.output_dir / f"{source.stem}_{size}.jpg"
                thumb.save(target, "JPEG", quality=85)
                outputs.append(target)
        return outputs

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self.executor.shutdown(wait=wait, cancel_futures=not wait)
        log.info("thumbnail service stopped")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    service = ThumbnailService(ServiceConfig.from_env())
    try:
        sources = sorted(Path("images").glob("*.jpg"))
        futures = {service.request_thumbnails(src): src for src in sources}
        for fut, src in futures.items():
            try:
                outputs = fut.result()
                log.info("%s -> %d thumbnails", src.name, len(outputs))
            except RenderError as exc:
                log.error("%s", exc)
    finally:
        service.shutdown()


if __name__ == "__main__":
    main()
