"""Check which URLs in a text file are alive, using a thread pool.

HTTP requests spend most of their time waiting on the network, so threads
give a good speed-up here despite the GIL.
"""
import socket
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed


def check_url(url: str, timeout: float = 5.0) -> tuple[str, int | None]:
    req = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "link-checker"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return url, resp.status
    except urllib.error.HTTPError as exc:
        return url, exc.code
    except (urllib.error.URLError, TimeoutError):
        return url, None


def normalise(line: str) -> str | None:
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    if not line.startswith(("http://", "https://")):
        line = "https://" + line
    return line


def resolve_host(url: str) -> str:
    host = url.split("/")[2]
    try:
        return f"{host} -> {socket.gethostbyname(host)}"
    except OSError:
        return f"{host} -> unresolved"


def main(path: str) -> int:
    with open(path, encoding="utf-8") as fh:
        urls = [u for u in map(normalise, fh) if u]

    broken = []
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = {pool.submit(check_url, url): url for url in urls}
        for future in as_completed(futures):
            url, status = future.result()
            if status is None or status >= 400:
                broken.append((url, status))
                print(f"BROKEN {status} {url}")
            else:
                print(f"ok     {status} {url}")

        # Second pass: DNS lookups for the broken ones, results in input order.
        for line in pool.map(resolve_host, [u for u, _ in broken]):
            print("   ", line)

    print(f"{len(urls) - len(broken)}/{len(urls)} links alive")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "links.txt"))
