"""Word frequencies over a directory of text files with multiprocessing.Pool.

Shows the four common ways to hand work to a pool: map, imap_unordered,
starmap and apply_async.
"""
import multiprocessing as mp
import re
import sys
from collections import Counter
from pathlib import Path

WORD_RE = re.compile(r"[a-zA-Z']+")


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def count_words(path: Path) -> Counter:
    return Counter(w.lower() for w in WORD_RE.findall(read_text(path)))


def line_count(path: Path) -> tuple[str, int]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return path.name, sum(1 for _ in fh)


def occurrences(path: Path, needle: str) -> int:
    return read_text(path).lower().count(needle.lower())


def longest_word(paths: list[Path]) -> str:
    best = ""
    for p in paths:
        for w in WORD_RE.findall(read_text(p)):
            if len(w) > len(best):
                best = w
    return best


def main(root: str) -> None:
    paths = sorted(Path(root).glob("**/*.txt"))
    if not paths:
        print("no .txt files found")
        return

    with mp.Pool(processes=mp.cpu_count()) as pool:
        # Start one long job in the background first.
        longest = pool.apply_async(longest_word, (paths,))

        total = Counter()
        for partial in pool.map(count_words, paths):
            total.update(partial)

        for name, n in pool.imap_unordered(line_count, paths, chunksize=8):
            print(f"{n:>7} lines  {name}")

        hits = pool.starmap(occurrences, [(p, "python") for p in paths])
        print("files mentioning 'python':", sum(1 for h in hits if h))
        print("longest word:", longest.get(timeout=60))

    for word, n in total.most_common(10):
        print(f"{n:>7}  {word}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
