"""Box-blurring a batch of grayscale images on the GPU with CuPy.

cupy.asarray copies a NumPy array into GPU memory; the arithmetic then runs
as GPU kernels, and cupy.asnumpy copies the result back.
"""
import sys
import time

import cupy
import numpy as np


def box_blur_gpu(images: cupy.ndarray, radius: int) -> cupy.ndarray:
    # Summed-area table: every output pixel costs four lookups, whatever the radius.
    padded = cupy.pad(images, ((0, 0), (radius + 1, radius), (radius + 1, radius)), mode="edge")
    sat = padded.astype(cupy.float64).cumsum(axis=1).cumsum(axis=2)
    k = 2 * radius + 1
    total = sat[:, k:, k:] - sat[:, :-k, k:] - sat[:, k:, :-k] + sat[:, :-k, :-k]
    return total / (k * k)


def box_blur_cpu(images: np.ndarray, radius: int) -> np.ndarray:
    padded = np.pad(images, ((0, 0), (radius + 1, radius), (radius + 1, radius)), mode="edge")
    sat = padded.astype(np.float64).cumsum(axis=1).cumsum(axis=2)
    k = 2 * radius + 1
    total = sat[:, k:, k:] - sat[:, :-k, k:] - sat[:, k:, :-k] + sat[:, :-k, :-k]
    return total / (k * k)


def main() -> None:
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    rng = np.random.default_rng(1)
    host = rng.random((batch, 512, 512), dtype=np.float32)

    t0 = time.perf_counter()
    expected = box_blur_cpu(host, radius=4)
    t1 = time.perf_counter()

    device = cupy.asarray(host)
    blurred = box_blur_gpu(device, radius=4)
    cupy.cuda.Stream.null.synchronize()
    result = cupy.asnumpy(blurred)
    t2 = time.perf_counter()

    np.testing.assert_allclose(result, expected, rtol=1e-3, atol=1e-4)
    print(f"{batch} images: cpu {t1 - t0:.2f}s, gpu incl. copies {t2 - t1:.2f}s")


if __name__ == "__main__":
    main()
