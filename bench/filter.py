"""Filter bench: how long a filter change takes on 100,000 rows in the results table.

--n records (default 100,000) shaped like a busy console's: 40 task names, 8 workers, a mix of
states, args and results with words to find, sent over the last 48 hours, 10 % of them
children of another. They go into the task tree and the table's rows (TaskRowsModel, "all
tasks"), shown in a QTableView (offscreen). Each filter change is ``set_filter`` plus the event
processing that follows (the view's relayout and repaint), timed on the GUI thread: by name,
state, worker, id prefix, time range, text (the first text search reads every record's text;
the next ones reuse it, as typing does), combined, and cleared. Against it, in the same run,
the obvious alternative for the name filter: a QSortFilterProxyModel with a fixed-string filter
on the name column over the same, unfiltered rows, in its own QTableView.

    .venv/bin/python bench/filter.py [--n 100000] [--quick]

It takes seconds, so --quick is the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from bench.targets import as_json, limit  # noqa: E402

TARGET_MS = limit("filter", "max_filter_ms")
STATES = ["SUCCESS"] * 14 + ["FAILURE"] * 2 + ["STARTED", "PENDING", "RETRY", "PROGRESS", "REVOKED"]
WORDS = ["eur", "usd", "refund", "invoice", "alice", "bob", "carol", "retry", "timeout", "sku-42", "gift", "batch"]


def make_records(n: int, seed: int = 5):
    from desktop.core.domain.records import TaskRecord

    rng = random.Random(seed)
    names = [
        f"{app}.{verb}"
        for app in ("orders", "mail", "billing", "search", "media")
        for verb in ("charge", "send", "index", "resize", "refund", "sync", "audit", "notify")
    ]
    now = time.time()
    records, ids = [], []
    for _ in range(n):
        task_id = f"{rng.getrandbits(128):032x}"
        parent = ids[rng.randrange(len(ids))] if ids and rng.random() < 0.1 else None
        state = rng.choice(STATES)
        words = " ".join(rng.sample(WORDS, 2))
        records.append(
            TaskRecord(
                id=task_id,
                name=rng.choice(names),
                state=state,
                args=f"{rng.randrange(10_000)}, '{words}'",
                kwargs=f"customer='{rng.choice(WORDS)}-{rng.randrange(1000)}'",
                result=f"ValueError: {words} failed" if state == "FAILURE" else f"{{'ok': {rng.randrange(100)}}}",
                worker=f"w{rng.randrange(8)}@host-{rng.randrange(3)}",
                parent_id=parent,
                sent_at=now - rng.uniform(0, 48 * 3600),
                mine=rng.random() < 0.5,
            )
        )
        ids.append(task_id)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="the same run: it takes seconds")
    args = parser.parse_args()

    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from desktop.core.domain.filters import TaskFilter
    from desktop.task_models import TaskRowsModel, tasks_model

    app = QApplication([])
    started = time.perf_counter()
    records = make_records(args.n)
    tree = tasks_model()
    for start in range(0, len(records), 5000):
        tree.apply(records[start : start + 5000])
    rows = TaskRowsModel(tree)
    rows.set_show_all(True)
    table = QTableView()
    table.setModel(rows)
    table.verticalHeader().hide()
    table.resize(1200, 700)
    table.show()
    app.processEvents()
    print(f"{args.n:,} tasks in the tree and the table ({rows.rowCount():,} rows) in {time.perf_counter() - started:.1f} s")

    def timed(task_filter: TaskFilter) -> tuple[float, int]:
        began = time.perf_counter()
        rows.set_filter(task_filter)
        app.processEvents()
        return (time.perf_counter() - began) * 1000, rows.rowCount()

    day = time.time() - 24 * 3600
    changes = [
        ("name 'orders'", TaskFilter(name="orders")),
        ("state FAILURE", TaskFilter(states=frozenset({"FAILURE"}))),
        ("worker 'w3'", TaskFilter(worker="w3")),
        ("id prefix 'a1'", TaskFilter(id_prefix="a1")),
        ("last 24 h", TaskFilter(since=day)),
        ("text 'refund' (first text search)", TaskFilter(text="refund")),
        ("text 'r'", TaskFilter(text="r")),
        ("text 're'", TaskFilter(text="re")),
        ("text 'ref'", TaskFilter(text="ref")),
        ("text 'refund'", TaskFilter(text="refund")),
        ("combined", TaskFilter(name="orders", states=frozenset({"FAILURE"}), text="eur", since=day)),
        ("cleared", TaskFilter()),
    ]
    figures = {}
    for label, task_filter in changes:
        ms, shown = timed(task_filter)
        figures[label] = round(ms, 1)
        print(f"  {label:36s} {ms:7.1f} ms  ({shown:,} rows)")

    flat = TaskRowsModel(tree)  # the alternative filters the same rows, unfiltered here
    flat.set_show_all(True)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(flat)
    proxy.setFilterKeyColumn(1)  # Task
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    other = QTableView()
    other.setModel(proxy)
    other.resize(1200, 700)
    other.show()
    app.processEvents()
    began = time.perf_counter()
    proxy.setFilterFixedString("orders")
    app.processEvents()
    proxy_ms = (time.perf_counter() - began) * 1000
    print(f"  QSortFilterProxyModel, name 'orders'  {proxy_ms:7.1f} ms  ({proxy.rowCount():,} rows)")

    worst = max(figures.values())
    ratio = proxy_ms / figures["name 'orders'"]
    print(
        f"-> slowest filter change {worst:.1f} ms (target <= {TARGET_MS:g} ms: {'met' if worst <= TARGET_MS else 'MISSED'}); "
        f"name filter {ratio:.1f}x faster than the proxy"
    )
    print(
        json.dumps(
            {
                "bench": "filter",
                "unit": "ms",
                "n": args.n,
                "max_filter_ms": round(worst, 1),
                "filters": figures,
                "proxy_name_filter_ms": round(proxy_ms, 1),
                "vs_proxy": round(ratio, 1),
                "target_ms": TARGET_MS,
                "targets": as_json("filter"),
                "target_met": worst <= TARGET_MS,
            }
        )
    )


if __name__ == "__main__":
    main()
