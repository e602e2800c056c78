"""Мост между синхронным кодом и asyncio.

Синхронное приложение (например, старый WSGI-код) держит цикл событий в
отдельном потоке и отправляет туда корутины через
asyncio.run_coroutine_threadsafe.
"""
import asyncio
import logging
import threading
from concurrent.futures import Future

log = logging.getLogger("bridge")


class AsyncBridge:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._started = threading.Event()
        # Поток-демон, в котором крутится цикл событий.
        self._thread = threading.Thread(target=self._run_loop, name="asyncio-bridge", daemon=True)

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(self._started.set)
        self.loop.run_forever()

    def start(self) -> "AsyncBridge":
        self._thread.start()
        self._started.wait()
        return self

    def call(self, coro) -> Future:
        # Возвращает concurrent.futures.Future, который можно ждать из любого потока.
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()


async def lookup_price(symbol: str) -> float:
    await asyncio.sleep(0.1)  # имитация сетевого запроса
    return round(100 + sum(map(ord, symbol)) % 1000 / 10, 2)


async def lookup_many(symbols: list[str]) -> dict[str, float]:
    tasks = [asyncio.ensure_future(lookup_price(s)) for s in symbols]
    prices = await asyncio.gather(*tasks)
    return dict(zip(symbols, prices))


def legacy_handler(bridge: AsyncBridge, symbols: list[str]) -> dict[str, float]:
    # Обычная синхронная функция: блокируется, пока корутина не завершится.
    future = bridge.call(lookup_many(symbols))
    return future.result(timeout=5)


def warm_cache(symbols: list[str]) -> dict[str, float]:
    # Разовый прогрев на собственном цикле событий, ещё до запуска моста.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(lookup_many(symbols))
    finally:
        loop.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    log.info("кэш прогрет: %s", warm_cache(["AAPL", "MSFT"]))
    bridge = AsyncBridge().start()
    try:
        for batch in (["AAPL", "GOOG"], ["TSLA", "AMZN", "NVDA"]):
            log.info("цены: %s", legacy_handler(bridge, batch))
    finally:
        bridge.stop()
