"""Moderation helpers for a discussion forum.

"Thread" here means a forum discussion thread, the "pool" is the pool of
volunteer moderators, and "async" is just a tag some threads carry. There is
no concurrency in this module: every function runs in the caller's thread.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class Post:
    author: str
    body: str
    created: datetime


@dataclass
class Thread:
    thread_id: int
    title: str
    tags: set[str] = field(default_factory=set)
    posts: list[Post] = field(default_factory=list)
    locked: bool = False


@dataclass
class ModeratorPool:
    moderators: list[str]
    load: Counter = field(default_factory=Counter)

    def assign(self, thread: Thread) -> str:
        # Pick the least busy moderator from the pool.
        name = min(self.moderators, key=lambda m: (self.load[m], m))
        self.load[name] += 1
        return name


SPAM_WORDS = {"free money", "click here", "limited offer"}


def is_spam(post: Post) -> bool:
    text = post.body.lower()
    return any(word in text for word in SPAM_WORDS)


def threads_needing_review(threads: list[Thread], now: datetime) -> list[Thread]:
    stale = timedelta(days=30)
    result = []
    for thread in threads:
        if thread.locked or not thread.posts:
            continue
        if any(is_spam(p) for p in thread.posts) or now - thread.posts[-1].created > stale:
            result.append(thread)
    return result


def lock_thread(thread: Thread, reason: str) -> str:
    thread.locked = True
    return f"thread #{thread.thread_id} locked: {reason}"


def async_tag_summary(threads: list[Thread]) -> str:
    """Count threads tagged 'async' (questions about asyncio, await, etc.)."""
    tagged = [t for t in threads if "async" in t.tags]
    return f"{len(tagged)} of {len(threads)} threads are about async programming"


def main() -> None:
    now = datetime(2026, 11, 23, 12, 0)
    threads = [
        Thread(1, "How do I run a thread pool?", {"python", "async"},
               [Post("ann", "ThreadPoolExecutor or asyncio?", now - timedelta(days=40))]),
        Thread(2, "Win big", {"offtopic"},
               [Post("bot77", "FREE MONEY, click here", now - timedelta(hours=2))]),
        Thread(3, "Await inside a loop", {"async"},
               [Post("bo", "Is await in a for loop slow?", now - timedelta(days=1))]),
    ]
    pool = ModeratorPool(["kim", "lee", "sam"])
    for thread in threads_needing_review(threads, now):
        moderator = pool.assign(thread)
        print(f"{moderator} reviews thread #{thread.thread_id} '{thread.title}'")
        print("  ", lock_thread(thread, "needs moderator review"))
    print(async_tag_summary(threads))


if __name__ == "__main__":
    main()
