"""Trends bench: what keeping the graphs costs.

- redraw: the Graphs tab's 24 h window over a day of per-minute buckets (throughput, 5 queues,
  active), median of 20 full redraws painted, and of the longest of its stages (the periodic redraw
  draws one chart per turn of the loop); and one QtCharts line given a day of per-minute points
  (1,440) unreduced, median of 20 ``replace`` + repaint.
- write: one second of samples of a typical cluster (2 throughput, 5 queues, active, 4 workers × 3,
  20 tasks × 4 = 100 series) summed into their buckets at the three levels and written in one
  transaction, median of 200 seconds written one after the other.
- size: the trends file when every level of those 100 series is full (an hour by second, a week by
  minute, 90 days by hour: the most it holds), and the memory a series takes in the window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/trends.py [--quick]

Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.domain.metrics import (  # noqa: E402
    ACTIVE,
    COUNT,
    GAUGE,
    LEVELS,
    THROUGHPUT_FAILED,
    THROUGHPUT_SUCCEEDED,
    Metrics,
    Sample,
    Series,
    kind_of,
    queue_series,
    task_series,
    worker_series,
)
from desktop.core.store.trends import TrendsDatabase, _transaction, open_trends  # noqa: E402

NOW = 1_700_000_000 - 1_700_000_000 % 3600
STAGE_TARGET_MS = 30.0  # the periodic redraw (every 2 s) draws one chart per turn of the loop: its longest stall
WRITE_TARGET_MS = 20.0  # the writer thread's work for one second of samples
SIZE_TARGET_MB = 300.0


def typical_series() -> list[str]:
    names = [THROUGHPUT_SUCCEEDED, THROUGHPUT_FAILED, ACTIVE] + [queue_series(f"queue-{i}") for i in range(5)]
    names += [worker_series(f"worker-{i}@host", part) for i in range(4) for part in ("active", "processed", "load")]
    names += [task_series(f"tasks.task_{i}", part) for i in range(20) for part in ("succeeded", "failed", "p50", "p95")]
    return names


def redraw_ms(rounds: int) -> tuple[float, float, float]:
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    from desktop.views.graphs_view import SUCCEEDED_COLOUR, GraphsView, _TimeChart

    app = QApplication.instance() or QApplication([])
    metrics = Metrics()
    day = []
    for minute in range(1440):
        t = NOW - 86400 + minute * 60
        day += [
            (THROUGHPUT_SUCCEEDED, 1, t, 1, 120.0, 1.0),
            (THROUGHPUT_FAILED, 1, t, 1, 3.0, 1.0),
            (ACTIVE, 1, t, 30, 90.0, 5.0),
        ]
        day += [(queue_series(f"queue-{i}"), 1, t, 30, 30.0 * i, float(i + minute % 7)) for i in range(5)]
    metrics.restore(day)
    view = GraphsView(metrics, clock=lambda: NOW)
    view.resize(1400, 900)
    view.window_box.setCurrentText("24 h")
    view.show()
    app.processEvents()
    times, stages = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        view.redraw()
        view.repaint()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        span = view._span()
        longest = 0.0
        for stage in (view._draw_throughput, view._draw_depth, view._draw_runtime_list):  # one per turn when periodic
            started = time.perf_counter()
            stage(span)
            longest = max(longest, (time.perf_counter() - started) * 1000)
        stages.append(longest)
        app.processEvents()
    chart = _TimeChart("a day by minute", "tasks / s")
    chart.resize(700, 400)
    chart.show()
    points = [QPointF((NOW - 86400 + m * 60) * 1000, float(m % 50)) for m in range(1440)]
    line = chart.line("succeeded / s", SUCCEEDED_COLOUR)
    raw = []
    for _ in range(rounds):
        started = time.perf_counter()
        line.replace(points)
        chart.show_window(NOW - 86400, NOW, 50)
        chart.repaint()
        app.processEvents()
        raw.append((time.perf_counter() - started) * 1000)
    view.close()
    chart.close()
    return statistics.median(times), statistics.median(stages), statistics.median(raw)


def write_ms(folder: Path, seconds: int) -> tuple[float, int]:
    database = TrendsDatabase(folder / "write.sqlite3")
    database.open()
    names = typical_series()
    times = []
    for second in range(seconds):
        t = NOW + second
        batch = [Sample(name, kind_of(name), t + 0.5, 1.0) for name in names]
        started = time.perf_counter()
        database.write("bench", batch)
        times.append((time.perf_counter() - started) * 1000)
    database.close()
    return statistics.median(times), len(names)


def full_size_mb(folder: Path) -> float:
    """Every bucket of every level of the typical series present, with figures like real ones."""
    database = TrendsDatabase(folder / "full.sqlite3")
    database.open()
    names = typical_series()
    conn = database.connection()
    with _transaction(conn):
        ids = database._series_ids(conn, "bench", {name: kind_of(name) for name in names})
    for name in names:
        rows = []
        for index, level in enumerate(LEVELS):
            first = NOW - level.span
            for bucket in range(level.kept):
                t = first + bucket * level.seconds
                if kind_of(name) == COUNT:
                    n = level.seconds // 2 or 1
                    rows.append((ids[name], index, t, n, n, 1))
                else:
                    rows.append((ids[name], index, t, level.seconds // 2 or 1, 12.5 * level.seconds, 17.25))
        with _transaction(conn):
            conn.executemany("INSERT INTO buckets (series, level, t, n, total, peak) VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = database.size_bytes() / 1e6
    database.close()
    return size


def start_ms(folder: Path) -> tuple[float, float, int]:
    """A start on the full file: the recent buckets read (off the loop) and merged into the Metrics (on it)."""
    started = time.perf_counter()
    database, recent, _note = open_trends(folder / "full.sqlite3", "bench", NOW)
    read = (time.perf_counter() - started) * 1000
    database.close()
    metrics = Metrics()
    started = time.perf_counter()
    metrics.restore(recent)
    return read, (time.perf_counter() - started) * 1000, len(recent)


def series_memory_bytes() -> int:
    series = Series(GAUGE)
    return sum(
        len(getattr(ring, part)) * getattr(ring, part).itemsize
        for ring in series.rings
        for part in ("bucket", "n", "total", "peak")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args()
    rounds, seconds = (5, 50) if args.quick else (20, 200)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        redraw, stage, raw = redraw_ms(rounds)
        write, series = write_ms(folder, seconds)
        size = full_size_mb(folder)
        read, merge, buckets = start_ms(folder)
    memory = series_memory_bytes()
    print(f"redraw of the 24 h window (a day by minute, 8 lines), painted: {redraw:.1f} ms")
    print(f"its longest stage (one chart, one turn of the loop): {stage:.1f} ms (target <= {STAGE_TARGET_MS:g} ms)")
    print(f"one line of 1,440 per-minute points, unreduced: {raw:.1f} ms")
    print(f"one second of samples ({series} series, 3 levels) written: {write:.2f} ms (target <= {WRITE_TARGET_MS:g} ms)")
    print(f"trends file with every level of {series} series full (90 days): {size:.1f} MB (target <= {SIZE_TARGET_MB:g} MB)")
    print(
        f"start on that file: {buckets:,} recent buckets read in {read:.0f} ms (executor), merged in {merge:.0f} ms (loop, in slices)"
    )
    print(f"memory per series in the window: {memory / 1024:.0f} KiB")
    figures = {
        "bench": "trends",
        "redraw_24h_ms": round(redraw, 2),
        "longest_stage_ms": round(stage, 2),
        "line_1440_points_ms": round(raw, 2),
        "write_one_second_ms": round(write, 3),
        "series": series,
        "file_full_mb": round(size, 1),
        "file_full_mb_per_series": round(size / series, 2),
        "start_read_ms": round(read),
        "start_merge_ms": round(merge),
        "start_buckets": buckets,
        "memory_per_series_kib": round(memory / 1024),
        "met": stage <= STAGE_TARGET_MS and write <= WRITE_TARGET_MS and size <= SIZE_TARGET_MB,
    }
    print(json.dumps(figures))
    return 0 if figures["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
