"""Vector addition and SAXPY on the GPU with numba.cuda.

Each GPU thread handles one element (or, with a grid-stride loop, several);
we launch enough blocks to cover the whole array. Host NumPy arrays passed
to a kernel are copied to the device and back automatically.
"""
import math

import numpy as np
from numba import cuda

THREADS_PER_BLOCK = 256


@cuda.jit
def add_kernel(x, y, out):
    i = cuda.grid(1)
    if i < out.size:  # the last block may run past the end of the array
        out[i] = x[i] + y[i]


@cuda.jit
def saxpy_kernel(a, x, y, out):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    # Grid-stride loop: correct for any array size and block count.
    for i in range(start, out.size, stride):
        out[i] = a * x[i] + y[i]


def blocks_for(n: int) -> int:
    return math.ceil(n / THREADS_PER_BLOCK)


def main() -> None:
    if not cuda.is_available():
        raise SystemExit("no CUDA device found")
    n = 1 << 20
    x = np.arange(n, dtype=np.float32)
    y = np.full(n, 2.0, dtype=np.float32)
    out = np.empty_like(x)

    blocks = blocks_for(n)
    add_kernel[blocks, THREADS_PER_BLOCK](x, y, out)
    cuda.synchronize()
    np.testing.assert_allclose(out, x + y)

    # Fewer blocks than elements: the grid-stride loop covers the rest.
    saxpy_kernel[64, THREADS_PER_BLOCK](np.float32(3.0), x, y, out)
    cuda.synchronize()
    np.testing.assert_allclose(out, 3.0 * x + y, rtol=1e-6)
    print(f"add and saxpy verified on {n} elements ({blocks} blocks)")


if __name__ == "__main__":
    main()
