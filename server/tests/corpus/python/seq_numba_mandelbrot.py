"""Mandelbrot set rendered to a PGM image, compiled with plain numba @njit.

@njit compiles to machine code but still runs on the calling thread: without
parallel=True there is no prange splitting and no worker threads.
"""
import sys

import numpy as np
from numba import njit


@njit(cache=True)
def escape_time(cr: float, ci: float, max_iter: int) -> int:
    zr = zi = 0.0
    for n in range(max_iter):
        zr2, zi2 = zr * zr, zi * zi
        if zr2 + zi2 > 4.0:
            return n
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
    return max_iter


@njit
def render(width: int, height: int, max_iter: int) -> np.ndarray:
    image = np.empty((height, width), dtype=np.uint8)
    for y in range(height):
        ci = -1.2 + 2.4 * y / height
        for x in range(width):
            cr = -2.1 + 3.0 * x / width
            n = escape_time(cr, ci, max_iter)
            image[y, x] = 255 - int(255 * n / max_iter)
    return image


def write_pgm(path: str, image: np.ndarray) -> None:
    height, width = image.shape
    with open(path, "wb") as fh:
        fh.write(f"P5 {width} {height} 255\n".encode("ascii"))
        fh.write(image.tobytes())


def main() -> None:
    width = int(sys.argv[1]) if len(sys.argv) > 1 else 1200
    height = width * 4 // 5
    image = render(width, height, 200)
    write_pgm("mandelbrot.pgm", image)
    inside = int((image == 0).sum())
    print(f"wrote mandelbrot.pgm ({width}x{height}), {inside} pixels inside the set")


if __name__ == "__main__":
    main()
