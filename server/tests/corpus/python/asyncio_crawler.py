"""A small asyncio web crawler: fetch a start page, follow links on the same
host, and stop after a fixed number of pages.

Usage: python asyncio_crawler.py https://example.com
"""
import asyncio
import re
import sys
from urllib.parse import urljoin, urlparse

import aiohttp

LINK_RE = re.compile(r'href="([^"#]+)"')
MAX_PAGES = 50
CONCURRENCY = 10


async def fetch(session: aiohttp.ClientSession, url: str) -> str:
    """Download one page and return its body, or an empty string on failure."""
    try:
        timeout = aiohttp.ClientTimeout(total=10)
        async with session.get(url, timeout=timeout) as resp:
            if resp.status != 200 or "text/html" not in resp.headers.get("content-type", ""):
                return ""
            return await resp.text()
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        print(f"skip {url}: {exc!r}")
        return ""


def extract_links(base: str, html: str) -> set[str]:
    host = urlparse(base).netloc
    links = set()
    for href in LINK_RE.findall(html):
        absolute = urljoin(base, href)
        if urlparse(absolute).netloc == host:
            links.add(absolute)
    return links


async def crawl(start: str) -> dict[str, int]:
    seen: set[str] = {start}
    frontier = [start]
    sizes: dict[str, int] = {}
    sem = asyncio.Semaphore(CONCURRENCY)

    async def bounded_fetch(session, url):
        # The semaphore keeps us polite: at most CONCURRENCY requests in flight.
        async with sem:
            return url, await fetch(session, url)

    async with aiohttp.ClientSession() as session:
        while frontier and len(sizes) < MAX_PAGES:
            batch, frontier = frontier[:CONCURRENCY], frontier[CONCURRENCY:]
            results = await asyncio.gather(*(bounded_fetch(session, u) for u in batch))
            for url, html in results:
                sizes[url] = len(html)
                for link in extract_links(url, html):
                    if link not in seen:
                        seen.add(link)
                        frontier.append(link)
    return sizes


def main() -> None:
    start = sys.argv[1] if len(sys.argv) > 1 else "https://example.com"
    sizes = asyncio.run(crawl(start))
    for url, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"{size:>8}  {url}")
    print(f"crawled {len(sizes)} pages")


if __name__ == "__main__":
    main()
