"""A small kitchen: one cook juggling pots (asyncio) and a team of cooks (processes)."""
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


async def boil(pot: str, minutes: float) -> str:
    # While this pot boils, the cook can tend to the others: concurrency on one thread.
    await asyncio.sleep(minutes / 100)
    return f"{pot} is ready"


async def serve_dinner() -> list[str]:
    soup = asyncio.create_task(boil("soup", 3))
    pasta = asyncio.create_task(boil("pasta", 2))
    time.sleep(0.01)  # oops: the cook dozes off and every pot waits
    return await asyncio.gather(soup, pasta)


def chop(vegetable: str) -> str:
    # Pure-Python work: it needs its own process (and GIL) to use another core.
    return vegetable.upper()


if __name__ == "__main__":
    print(asyncio.run(serve_dinner()))
    with ProcessPoolExecutor(max_workers=4) as cooks:
        print(list(cooks.map(chop, ["carrot", "onion", "leek"])))
