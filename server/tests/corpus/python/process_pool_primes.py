"""Counting primes in ranges with a process pool.

CPU-bound pure-Python work does not get faster with threads because of the
GIL; separate processes do.
"""
import math
import time
from concurrent.futures import ProcessPoolExecutor as PPE


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_primes(bounds: tuple[int, int]) -> int:
    lo, hi = bounds
    return sum(1 for n in range(lo, hi) if is_prime(n))


def largest_prime_below(limit: int) -> int:
    n = limit - 1
    while n > 1 and not is_prime(n):
        n -= 1
    return n


def split_range(limit: int, chunks: int) -> list[tuple[int, int]]:
    step = math.ceil(limit / chunks)
    return [(i, min(i + step, limit)) for i in range(0, limit, step)]


def main() -> None:
    limit = 2_000_000
    ranges = split_range(limit, 32)

    t0 = time.perf_counter()
    serial = sum(count_primes(r) for r in ranges)
    t1 = time.perf_counter()

    with PPE(max_workers=4) as executor:
        parallel = sum(executor.map(count_primes, ranges, chunksize=4))
        futures = [executor.submit(largest_prime_below, 10**k) for k in range(3, 8)]
        largest = [f.result() for f in futures]
    t2 = time.perf_counter()

    assert serial == parallel, (serial, parallel)
    print(f"{parallel} primes below {limit}")
    print(f"serial:   {t1 - t0:.2f}s")
    print(f"parallel: {t2 - t1:.2f}s")
    print("largest primes below powers of ten:", largest)


if __name__ == "__main__":
    main()
