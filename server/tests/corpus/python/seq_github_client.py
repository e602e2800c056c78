"""A synchronous GitHub REST client built on requests.

Lists a user's public repositories page by page, retrying on rate limits and
server errors with time.sleep between attempts. One request at a time.
"""
import logging
import os
import sys
import time

import requests

log = logging.getLogger("gh")
API = "https://api.github.com"


class GitHubError(RuntimeError):
    pass


class GitHubClient:
    def __init__(self, token: str | None = None, max_retries: int = 4, timeout: float = 10.0):
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/vnd.github+json"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.max_retries = max_retries
        self.timeout = timeout

    def _get(self, url: str, params: dict | None = None) -> requests.Response:
        for attempt in range(self.max_retries + 1):
            try:
                resp = self.session.get(url, params=params, timeout=self.timeout)
            except requests.ConnectionError as exc:
                log.warning("connection error: %s", exc)
                resp = None
            if resp is not None and resp.status_code < 500 and resp.status_code != 403:
                resp.raise_for_status()
                return resp
            if resp is not None and resp.headers.get("X-RateLimit-Remaining") == "0":
                reset = int(resp.headers.get("X-RateLimit-Reset", time.time() + 60))
                wait = max(1, reset - int(time.time()))
            else:
                wait = 2 ** attempt
            if attempt == self.max_retries:
                break
            log.info("retrying %s in %ds", url, wait)
            time.sleep(wait)
        raise GitHubError(f"giving up on {url}")

    def repos(self, user: str) -> list[dict]:
        url, params, out = f"{API}/users/{user}/repos", {"per_page": 100, "sort": "updated"}, []
        while url:
            resp = self._get(url, params)
            out.extend(resp.json())
            url = resp.links.get("next", {}).get("url")
            params = None  # the "next" link already carries the query string
        return out


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    user = sys.argv[1] if len(sys.argv) > 1 else "python"
    client = GitHubClient(os.environ.get("GITHUB_TOKEN"))
    try:
        repos = client.repos(user)
    except (GitHubError, requests.HTTPError) as exc:
        log.error("%s", exc)
        return 1
    for repo in sorted(repos, key=lambda r: r["stargazers_count"], reverse=True)[:15]:
        print(f"{repo['stargazers_count']:>7}  {repo['name']:<30} {repo.get('language') or '-'}")
    print(f"{len(repos)} repositories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
