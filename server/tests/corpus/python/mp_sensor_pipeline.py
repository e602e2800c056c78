"""Конвейер из процессов: генератор -> обработчики -> сборщик.

Каждый этап работает в отдельном процессе multiprocessing.Process,
данные передаются через multiprocessing.Queue.
"""
import multiprocessing
import os
import random
import time

SENTINEL = None
N_WORKERS = 3


def producer(out_q: multiprocessing.Queue, n_items: int) -> None:
    # Генерируем случайные «измерения» датчиков.
    rng = random.Random(42)
    for i in range(n_items):
        out_q.put((i, [rng.gauss(20.0, 5.0) for _ in range(1000)]))
    for _ in range(N_WORKERS):
        out_q.put(SENTINEL)  # по одному стоп-сигналу на каждого обработчика


def smooth(values: list[float], window: int = 5) -> list[float]:
    # Скользящее среднее — обычная последовательная функция.
    result = []
    for i in range(len(values)):
        chunk = values[max(0, i - window + 1): i + 1]
        result.append(sum(chunk) / len(chunk))
    return result


def processor(in_q: multiprocessing.Queue, out_q: multiprocessing.Queue) -> None:
    pid = os.getpid()
    while (item := in_q.get()) is not SENTINEL:
        idx, values = item
        smoothed = smooth(values)
        out_q.put((idx, pid, max(smoothed), min(smoothed)))
    out_q.put(SENTINEL)


def collector(in_q: multiprocessing.Queue, n_workers: int) -> None:
    finished = 0
    rows = []
    while finished < n_workers:
        item = in_q.get()
        if item is SENTINEL:
            finished += 1
            continue
        rows.append(item)
    rows.sort()
    pids = {pid for _, pid, _, _ in rows}
    print(f"собрано {len(rows)} записей от {len(pids)} процессов")
    for idx, _, hi, lo in rows[:5]:
        print(f"#{idx}: max={hi:.2f} min={lo:.2f}")


def main() -> None:
    raw_q = multiprocessing.Queue(maxsize=100)
    result_q = multiprocessing.Queue()

    stages = [multiprocessing.Process(target=producer, args=(raw_q, 200), name="producer")]
    for i in range(N_WORKERS):
        stages.append(
            multiprocessing.Process(target=processor, args=(raw_q, result_q), name=f"proc-{i}")
        )
    stages.append(multiprocessing.Process(target=collector, args=(result_q, N_WORKERS)))

    started = time.perf_counter()
    for p in stages:
        p.start()
    for p in stages:
        p.join()
    # Проверяем коды завершения: ненулевой код означает ошибку в дочернем процессе.
    failed = [p.name for p in stages if p.exitcode != 0]
    if failed:
        raise SystemExit(f"упали процессы: {', '.join(failed)}")
    print(f"готово за {time.perf_counter() - started:.2f} с")


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    main()
