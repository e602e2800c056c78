"""Опрос температурных датчиков Linux и запись в CSV.

Раз в несколько секунд читаем /sys/class/thermal/*/temp, пишем строку в
CSV и предупреждаем о перегреве. Обычный цикл с time.sleep, без потоков.
"""
import csv
import logging
import signal
import sys
import time
from datetime import datetime
from pathlib import Path

THERMAL = Path("/sys/class/thermal")
INTERVAL = 5.0          # секунды между замерами
WARN_CELSIUS = 80.0

log = logging.getLogger("poller")
running = True


def stop(signum, frame) -> None:
    # Обработчик сигнала просто снимает флаг; цикл завершится сам.
    global running
    running = False


def read_zones() -> dict[str, float]:
    temps = {}
    for zone in sorted(THERMAL.glob("thermal_zone*")):
        try:
            kind = (zone / "type").read_text().strip()
            millideg = int((zone / "temp").read_text().strip())
        except (OSError, ValueError):
            continue  # датчик может исчезнуть или вернуть мусор
        temps[f"{zone.name}:{kind}"] = millideg / 1000.0
    return temps


def poll(out_path: Path, samples: int | None) -> int:
    taken = 0
    with open(out_path, "a", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        while running and (samples is None or taken < samples):
            started = time.monotonic()
            now = datetime.now().isoformat(timespec="seconds")
            for name, celsius in read_zones().items():
                writer.writerow([now, name, f"{celsius:.1f}"])
                if celsius >= WARN_CELSIUS:
                    log.warning("перегрев: %s = %.1f °C", name, celsius)
            fh.flush()
            taken += 1
            # Спим остаток интервала, чтобы замеры шли ровно.
            time.sleep(max(0.0, INTERVAL - (time.monotonic() - started)))
    return taken


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not THERMAL.exists():
        log.error("нет %s — это не Linux?", THERMAL)
        return 1
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    samples = int(sys.argv[2]) if len(sys.argv) > 2 else None
    taken = poll(Path(sys.argv[1] if len(sys.argv) > 1 else "temps.csv"), samples)
    log.info("сделано замеров: %d", taken)
    return 0


if __name__ == "__main__":
    sys.exit(main())
