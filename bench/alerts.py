"""Alert rules: what evaluating them costs the GUI thread for each batch of changed rows.

``AlertEngine.tasks_changed`` runs with every settled batch (core/live/alerts.py, from the session's
``_tasks_changed``). A batch of --size changed rows (1 in 10 failed, 1 in 100 retried 3 times, names from 50 tasks) goes
through --rules rules of every task kind (state, runtime, retries, failure rate, half of them on a
glob that matches nothing); then ``set_rules`` with one new rule and the same rows present (saving a
rule in the dialog marks the rows it would already count). Median and longest of --rounds, fresh engine each.

    .venv/bin/python bench/alerts.py [--size 100000] [--rules 10] [--rounds 7] [--quick]
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

from desktop.core.domain.alert_rules import FAILURE_RATE, RETRIES, RUNTIME, STATE, AlertEngine, AlertRule  # noqa: E402
from desktop.core.domain.records import TaskRecord  # noqa: E402


def batch(size: int, now: float) -> list[TaskRecord]:
    return [
        TaskRecord(
            id=f"t{i}",
            name=f"proj.tasks.t{i % 50}",
            state="FAILURE" if i % 10 == 3 else "SUCCESS",
            result="ValueError: boom" if i % 10 == 3 else "1",
            started_at=now - 2,
            date_done=now,
            retries=3 if i % 100 == 5 else 0,
        )
        for i in range(size)
    ]


def rules(count: int) -> list[AlertRule]:
    kinds = [
        (STATE, {"state": "FAILURE"}),
        (RUNTIME, {"threshold": 30.0}),
        (RETRIES, {"threshold": 2.0}),
        (FAILURE_RATE, {"threshold": 100.0}),
    ]
    made = []
    for i in range(count):
        kind, options = kinds[i % len(kinds)]
        pattern = "proj.tasks.*" if i % 2 == 0 else "other.*"
        made.append(AlertRule(f"rule {i}", kind, pattern=pattern, **options))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rules", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="10,000 rows, 3 rounds")
    args = parser.parse_args()
    size, rounds = (10_000, 3) if args.quick else (args.size, args.rounds)
    now = time.time()
    rows = batch(size, now)
    changed, primed = [], []
    for _ in range(rounds):
        engine = AlertEngine(rules(args.rules), clock=lambda: now)
        started = time.perf_counter()
        engine.tasks_changed(rows)
        engine.due()
        changed.append(time.perf_counter() - started)
        kept = rules(args.rules)
        engine = AlertEngine(kept[1:], clock=lambda: now)
        started = time.perf_counter()
        engine.set_rules(kept, present=rows)  # one rule saved in the dialog, the others kept
        primed.append(time.perf_counter() - started)
    figures = {
        "rows": size,
        "rules": args.rules,
        "batch_ms_median": round(statistics.median(changed) * 1000, 1),
        "batch_ms_max": round(max(changed) * 1000, 1),
        "us_per_row_median": round(statistics.median(changed) / size * 1e6, 2),
        "set_rules_ms_median": round(statistics.median(primed) * 1000, 1),
    }
    print(
        f"{size:,} changed rows through {args.rules} rules: {figures['batch_ms_median']} ms median "
        f"({figures['us_per_row_median']} us a row), longest {figures['batch_ms_max']} ms; "
        f"saving one more rule with those rows present: {figures['set_rules_ms_median']} ms"
    )
    print(json.dumps({"bench": "alerts", **figures}))


if __name__ == "__main__":
    main()
