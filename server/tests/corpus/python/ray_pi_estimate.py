"""Estimating pi with Ray remote functions.

ray.init() starts a local cluster; on a real cluster pass address="auto".
"""
import math
import random
import time

import ray


@ray.remote
def sample_batch(n: int, seed: int) -> int:
    rng = random.Random(seed)
    inside = 0
    for _ in range(n):
        x, y = rng.random(), rng.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return inside


@ray.remote(num_cpus=1)
def combine(*counts: int) -> int:
    return sum(counts)


def estimate_locally(n: int) -> float:
    rng = random.Random(0)
    inside = sum(1 for _ in range(n) if rng.random() ** 2 + rng.random() ** 2 <= 1.0)
    return 4 * inside / n


def main(batches: int = 64, per_batch: int = 200_000) -> None:
    ray.init(ignore_reinit_error=True)
    print("cluster resources:", ray.cluster_resources())

    t0 = time.perf_counter()
    refs = [sample_batch.remote(per_batch, seed) for seed in range(batches)]
    # Object refs can be passed straight into another remote call; Ray waits for them.
    total_ref = combine.remote(*refs)
    inside = ray.get(total_ref)
    pi = 4 * inside / (batches * per_batch)
    t1 = time.perf_counter()

    # Progressive results: ray.wait returns refs as soon as they finish.
    pending = [sample_batch.remote(10_000, 1000 + i) for i in range(8)]
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        print("batch finished with", ray.get(done[0]), "hits")

    print(f"pi ~= {pi:.6f} (error {abs(pi - math.pi):.2e}) in {t1 - t0:.2f}s")
    print(f"local estimate from 1e5 samples: {estimate_locally(100_000):.4f}")
    ray.shutdown()


if __name__ == "__main__":
    main()
