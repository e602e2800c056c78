"""Умножение матриц и гистограмма на GPU с numba.cuda.

matmul_tiled использует разделяемую память блока: каждый блок 16x16 потоков
загружает плитки A и B и считает свой кусок C. Гистограмма собирается
атомарными сложениями.
"""
import math

import numpy as np
from numba import cuda, float32

TILE = 16


@cuda.jit
def matmul_tiled(a, b, c):
    sa = cuda.shared.array((TILE, TILE), dtype=float32)
    sb = cuda.shared.array((TILE, TILE), dtype=float32)
    tx, ty = cuda.threadIdx.x, cuda.threadIdx.y
    col, row = cuda.grid(2)  # x идёт по столбцам, y по строкам
    acc = float32(0.0)
    for t in range((a.shape[1] + TILE - 1) // TILE):
        # Загружаем плитки; за границей матрицы кладём нули.
        k = t * TILE
        sa[ty, tx] = a[row, k + tx] if row < a.shape[0] and k + tx < a.shape[1] else 0.0
        sb[ty, tx] = b[k + ty, col] if col < b.shape[1] and k + ty < b.shape[0] else 0.0
        cuda.syncthreads()
        for i in range(TILE):
            acc += sa[ty, i] * sb[i, tx]
        cuda.syncthreads()
    if row < c.shape[0] and col < c.shape[1]:
        c[row, col] = acc


@cuda.jit
def histogram(values, lo, width, bins):
    i = cuda.grid(1)
    if i < values.size:
        b = int(math.floor((values[i] - lo) / width))
        if 0 <= b < bins.size:
            cuda.atomic.add(bins, b, 1)


def main() -> None:
    rng = np.random.default_rng(3)
    n, m, p = 500, 300, 400
    a = rng.random((n, m), dtype=np.float32)
    b = rng.random((m, p), dtype=np.float32)
    c = np.zeros((n, p), dtype=np.float32)

    # Сетка блоков: по x — столбцы C, по y — строки.
    blocks = (math.ceil(p / TILE), math.ceil(n / TILE))
    matmul_tiled[blocks, (TILE, TILE)](a, b, c)
    np.testing.assert_allclose(c, a @ b, rtol=1e-4)

    values = rng.normal(0.0, 1.0, 1_000_000).astype(np.float32)
    bins = np.zeros(40, dtype=np.int32)
    histogram[math.ceil(values.size / 256), 256](values, np.float32(-4.0), np.float32(0.2), bins)
    # Та же арифметика во float32 на CPU, чтобы границы корзин совпали.
    idx = np.floor((values - np.float32(-4.0)) / np.float32(0.2)).astype(np.int64)
    expected = np.bincount(idx[(idx >= 0) & (idx < bins.size)], minlength=bins.size)
    assert np.array_equal(bins, expected), "гистограммы не совпали"
    print("матрица и гистограмма совпали с NumPy")


if __name__ == "__main__":
    main()
