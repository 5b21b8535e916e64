"""Watched rows: how long a burst of watched tasks ending at once takes to become notifications.

``WatchList.notifications`` runs on the GUI thread with every batch of changed records. For
each size, --size watched tasks (3 of every 500 failing, with a message) end in one batch and
become one summary notification; a fresh WatchList each round, median and longest of --rounds.
The target is held at 500 tasks.

    .venv/bin/python bench/watch.py [--sizes 500,5000,50000] [--rounds 21] [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.targets import as_json, target  # noqa: E402
from desktop.core.domain.records import TaskRecord  # noqa: E402
from desktop.core.domain.watch import WatchList  # noqa: E402

SUMMARY_500 = target("watch", "summary_500_ms")


def batch(size: int) -> list[TaskRecord]:
    failing = {i for i in range(size) if i % 500 in (7, 100, 400)}
    return [
        TaskRecord(
            id=f"t{i}",
            name="tasks.add",
            state="FAILURE" if i in failing else "SUCCESS",
            result="Boom: x" if i in failing else "1",
            mine=True,
        )
        for i in range(size)
    ]


def timed(size: int, rounds: int) -> dict:
    records = batch(size)
    samples, notes = [], []
    for _ in range(rounds):
        watch = WatchList()
        watch.watch(r.id for r in records)
        started = time.perf_counter()
        notes = watch.notifications(records)
        samples.append((time.perf_counter() - started) * 1000)
    assert len(notes) == 1 and notes[0].tasks == size, notes  # one summary, as the window shows it
    return {"median_ms": round(statistics.median(samples), 2), "max_ms": round(max(samples), 2), "notes": len(notes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,50000", help="comma-separated numbers of watched tasks ending at once")
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--quick", action="store_true", help="500 and 5,000 tasks, 7 rounds")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.rounds = "500,5000", 7
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()} | {500})

    figures = {}
    for size in sizes:
        figures[size] = timed(size, args.rounds)
        print(
            f"{size:>7,} watched tasks end at once -> {figures[size]['notes']} notification: "
            f"median {figures[size]['median_ms']:8.2f} ms, longest {figures[size]['max_ms']:8.2f} ms ({args.rounds} rounds)"
        )
    value = figures[500]["max_ms"]
    met = SUMMARY_500.met(value)
    print(f"target: 500 at once, longest {SUMMARY_500.text()}: {value} ms, {'met' if met else 'MISSED'}")
    print(
        json.dumps(
            {
                "bench": "watch",
                "unit": "ms",
                "rounds": args.rounds,
                "summary_500_ms": value,
                "sizes": [{"n": n, **f} for n, f in figures.items()],
                "targets": as_json("watch"),
                "target_met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
