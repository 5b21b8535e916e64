"""Watches that last: what keeping 100,000 watched tasks costs (the cap of a profile's watch file).

Timed, best of --rounds: the snapshot taken on the loop when the watches changed (``WatchList.saved``,
at most every 2 s), the file written and read back off the loop (``WatchStore.save`` / ``load``), and
the watches restored on start (``WatchList.restore``, on the loop a slice at a time). Also the file's size.

    .venv/bin/python bench/watch_store.py [--ids 100000] [--rounds 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.domain.watch import WatchList  # noqa: E402
from desktop.core.live.session import PASTE_SLICE as SLICE  # noqa: E402
from desktop.core.store.watch_store import SavedWatches, WatchStore  # noqa: E402


def best_ms(step, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one round each")
    options = parser.parse_args()
    rounds = 1 if options.quick else options.rounds
    ids = [str(uuid.uuid4()) for _ in range(options.ids)]
    watch = WatchList()
    watch.watch(ids)
    with tempfile.TemporaryDirectory() as folder:
        store = WatchStore("bench", Path(folder))
        snapshot_ms = best_ms(watch.saved, rounds)
        saved = SavedWatches(tuple(watch.saved()[0]))
        save_ms = best_ms(lambda: store.save(saved), rounds)
        load_ms = best_ms(store.load, rounds)
        size = store.path.stat().st_size
        loaded = store.load()
        restore_ms = best_ms(lambda: WatchList().restore(loaded.ids, loaded.callbacks, {}), rounds)
        restored, slice_ms = WatchList(), 0.0
        for start in range(0, len(loaded.ids), SLICE):  # as the session restores: a slice a turn of the loop
            slice_ms = max(slice_ms, best_ms(lambda s=start: restored.restore(loaded.ids[s : s + SLICE], {}, {}, set()), 1))
    figures = {
        "ids": options.ids,
        "snapshot_ms": round(snapshot_ms, 1),
        "save_ms": round(save_ms, 1),
        "load_ms": round(load_ms, 1),
        "restore_ms": round(restore_ms, 1),
        "restore_slice_ms": round(slice_ms, 2),
        "file_bytes": size,
    }
    print(f"{options.ids:,} watched tasks: snapshot on the loop {snapshot_ms:.1f} ms; restored {restore_ms:.1f} ms in all,")
    print(f"the longest {SLICE:,}-id slice of it on the loop {slice_ms:.2f} ms;")
    print(f"off the loop: written in {save_ms:.0f} ms, read in {load_ms:.0f} ms; the file is {size / 1e6:.1f} MB")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
