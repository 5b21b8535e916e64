"""Start-up time: process launch to the main window shown, and to its first data, against a bare PySide6 + qasync window.

The console logs two markers: "window shown" (the window is painted, still empty: Celery and the
rest are imported after it) and "connected, first data shown" (the connection bar shows whether
the broker answered). Runs offscreen, several times each, for the venv and, when ``dist/`` has
one (``make package``; never built here), for the bundle. Then one run with a full history:
200,000 tasks written first with the history store's own API into a temporary data folder; it
reports the same two figures, when the history's rows are in the window, and the longest
GUI-thread stall from the window shown until two seconds after the rows arrived (a timer
beside the console, started when the window is shown, measures it). Then, once each, two runs
that end by themselves, from launch to exit: ``--self-test`` (the demo's Redis server and worker
started, one task sent and its result read) and ``--dump`` with a broker and backend nobody
listens on (the console says they are unreachable and exits). Ends with one JSON line (ms).

    .venv/bin/python bench/startup.py [--runs 5] [--quick] [--history-tasks 200000]

--quick: 2 runs each.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.targets import as_json, target  # noqa: E402

WINDOW, FIRST_DATA, HISTORY = "window shown", "connected, first data shown", "history shown"
BUNDLE = ROOT / "dist" / "celery-desktop" / "celery-desktop"
DEAD = "redis://127.0.0.1:1/0"  # nobody listens: the broker check fails at once

BARE_WINDOW = """
import asyncio, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
import qasync
app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
print("window shown", file=sys.stderr, flush=True)
loop.run_forever()
"""

# The console as ``python -m desktop`` runs it, with a timer on its GUI thread from the moment
# the window is shown: each gap between two ticks longer than the tick is the GUI thread busy.
STALL_PROBE = """
import json, logging, sys, time
PROBE_S = float(sys.argv.pop(1))

class Probe(logging.Handler):
    timer = None
    def emit(self, record):
        text = record.getMessage()
        if text.startswith("window shown") and Probe.timer is None:
            from PySide6.QtCore import Qt, QTimer
            self.gaps, self.last, self.since, self.history_at = [], time.perf_counter(), time.perf_counter(), None
            Probe.timer = QTimer(); Probe.timer.setTimerType(Qt.TimerType.PreciseTimer); Probe.timer.setInterval(1)
            Probe.timer.timeout.connect(self.tick); Probe.timer.start()
        elif text.startswith("history shown"):
            self.history_at = time.perf_counter()
    def tick(self):
        now = time.perf_counter()
        self.gaps.append((now - self.since, (now - self.last) * 1000))
        self.last = now
        if self.history_at is not None and now - self.history_at > PROBE_S:
            Probe.timer.stop()
            worst = max(self.gaps, key=lambda g: g[1])
            print("stall probe " + json.dumps({"max_stall_ms": round(worst[1], 1), "at_s": round(worst[0], 3),
                  "over_50_ms": sum(1 for g in self.gaps if g[1] > 50)}), file=sys.stderr, flush=True)

logging.getLogger("desktop").addHandler(Probe())
from desktop.main import main
sys.exit(main())
"""


def clean_env(data: str) -> dict[str, str]:
    """No connection settings from this shell; a data and config folder of the run's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_REDIS_"))}
    env.update(QT_QPA_PLATFORM="offscreen", CELERY_DESKTOP_DATA_DIR=data, CELERY_DESKTOP_CONFIG_DIR=data)
    return env


def time_to_markers(
    command: list[str], markers: tuple[str, ...] = (WINDOW,), timeout: float = 60, data: str | None = None
) -> tuple[dict[str, float], str]:
    """Launch to each marker in the command's stderr (ms), and the stderr so far; the process is stopped after the last."""
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-data-") as own, tempfile.TemporaryFile("w+") as log:
        env = clean_env(data or own)
        started = time.perf_counter()
        proc = subprocess.Popen(command, stderr=log, env=env, cwd=ROOT)
        seen: dict[str, float] = {}
        try:
            while time.perf_counter() - started < timeout:
                log.seek(0)
                text = log.read()
                now = (time.perf_counter() - started) * 1000
                for marker in markers:
                    if marker not in seen and marker in text:
                        seen[marker] = now
                if len(seen) == len(markers):
                    return seen, text
                if proc.poll() is not None:
                    log.seek(0)
                    text = log.read()
                    for marker in markers:  # printed just before it exited
                        if marker not in seen and marker in text:
                            seen[marker] = (time.perf_counter() - started) * 1000
                    if len(seen) == len(markers):
                        return seen, text
                    raise RuntimeError(f"{command} exited early:\n{text[-2000:]}")
                time.sleep(0.003)
            raise RuntimeError(f"{command}: no {[m for m in markers if m not in seen]} within {timeout} s")
        finally:
            proc.terminate()
            proc.wait(30)


def write_history(data: str, tasks: int) -> str:
    """``tasks`` finished tasks of mine in the history of the profile the console opens with --broker/--backend DEAD."""
    from desktop.core.connection.profiles import resolve_profile
    from desktop.core.domain.records import TaskRecord
    from desktop.core.store.history import HistoryDatabase

    old = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith(("CELERY_", "CACHE_REDIS_"))}
    try:
        key = resolve_profile(broker=DEAD, backend=DEAD).history_key
    finally:
        os.environ.update(old)
    database = HistoryDatabase(Path(data) / "history.sqlite3")
    database.open()
    now = time.time()
    chunk = 20_000
    for start in range(0, tasks, chunk):
        records = [
            TaskRecord(
                id=f"hist-{i:07d}",
                name="orders.charge" if i % 7 else "net.ping",
                state="SUCCESS" if i % 13 else "FAILURE",
                args=f"({i}, 'card')",
                result=str(i * 2) if i % 13 else "ValueError: declined",
                worker="w1@host",
                sent_at=now - tasks + i,
                date_done=now - tasks + i + 0.5,
                mine=True,
            )
            for i in range(start, min(tasks, start + chunk))
        ]
        database.save(key, records, now - tasks + start)
    count = database.count(key)
    database.close()
    return f"{count:,} tasks under {key!r}"


def median_of(samples: list[dict[str, float]], marker: str) -> float:
    return round(statistics.median(s[marker] for s in samples), 1)


def time_to_exit(command: list[str], timeout: float = 120) -> tuple[float, str]:
    """Launch to exit (ms) of a run that must end by itself with status 0; and what it wrote to stderr."""
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-home-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_REDIS_"))}
        env.update(QT_QPA_PLATFORM="offscreen", HOME=home, CELERY_DESKTOP_DATA_DIR=home, CELERY_DESKTOP_CONFIG_DIR=home)
        started = time.perf_counter()
        proc = subprocess.run([*command], capture_output=True, text=True, env=env, cwd=home, timeout=timeout)
        elapsed = (time.perf_counter() - started) * 1000
    if proc.returncode != 0:
        raise RuntimeError(f"{command} exited with {proc.returncode}:\n{proc.stderr[-2000:]}")
    return elapsed, proc.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs each")
    parser.add_argument("--history-tasks", type=int, default=200_000, help="tasks in the history of the full-history run")
    args = parser.parse_args()
    if args.quick:
        args.runs = 2
    app = ["-m", "desktop", "--log-level", "INFO", "--quit-after", "30"]
    both = (WINDOW, FIRST_DATA)
    cases = {
        "bare_pyside6_qasync_window": ([sys.executable, "-c", BARE_WINDOW], (WINDOW,)),
        "console_dead_broker": ([sys.executable, *app, "--broker", DEAD], both),
        "console_demo": ([sys.executable, *app, "--demo"], both),
    }
    if BUNDLE.exists():
        bundled = [str(BUNDLE), *app[2:]]
        cases["bundle_dead_broker"] = ([*bundled, "--broker", DEAD], both)
        cases["bundle_demo"] = ([*bundled, "--demo"], both)
    else:
        print(f"no bundle ({BUNDLE.relative_to(ROOT)} is not there: make package builds it)")
    figures: dict = {}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in cases}
    for command, markers in cases.values():
        time_to_markers(command, markers)  # warm the file cache once
    for _ in range(args.runs):  # the cases in turn, so a busy spell of the machine falls on all of them
        for name, (command, markers) in cases.items():
            runs[name].append(time_to_markers(command, markers)[0])
    for name, (_command, markers) in cases.items():
        samples = runs[name]
        figures[name] = median_of(samples, WINDOW)
        line = f"{name:28s} window shown {figures[name]:7.1f} ms"
        if FIRST_DATA in markers:
            figures[f"{name}_first_data_ms"] = median_of(samples, FIRST_DATA)
            line += f"   first data {figures[f'{name}_first_data_ms']:7.1f} ms"
        print(f"{line}   (medians; window runs: {', '.join(f'{s[WINDOW]:.0f}' for s in samples)})")
    bare = figures["bare_pyside6_qasync_window"]
    figures["window_shown_ms"] = max(figures["console_demo"], figures["console_dead_broker"])
    figures["window_vs_bare"] = round(figures["window_shown_ms"] / bare, 2)
    print(f"window shown (slower of demo and dead broker) vs bare window: {figures['window_vs_bare']:.2f}x")
    figures["bundle"] = "dist/celery-desktop" if BUNDLE.exists() else "no bundle"

    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-history-") as data:
        started = time.perf_counter()
        print(f"history: {write_history(data, args.history_tasks)} written in {time.perf_counter() - started:.1f} s")
        command = [sys.executable, "-c", STALL_PROBE, "2", *app[2:], "--broker", DEAD, "--backend", DEAD]
        seen, said = time_to_markers(command, (WINDOW, FIRST_DATA, HISTORY, "stall probe"), data=data, timeout=120)
        probe = json.loads(said[said.index("stall probe ") + len("stall probe ") :].splitlines()[0])
        rows = re.search(r"history shown .*\((\d+) rows", said)
        history = {
            "tasks": args.history_tasks,
            "window_shown_ms": round(seen[WINDOW], 1),
            "first_data_ms": round(seen[FIRST_DATA], 1),
            "rows_shown_ms": round(seen[HISTORY], 1),
            "rows_in_window": int(rows[1]) if rows else None,
            **probe,
        }
        figures["history"] = history
        figures["history_max_stall_ms"] = probe["max_stall_ms"]
        print(
            f"full history ({args.history_tasks:,} tasks): window shown {seen[WINDOW]:.0f} ms, first data {seen[FIRST_DATA]:.0f} ms, "
            f"{history['rows_in_window']} rows shown {seen[HISTORY]:.0f} ms; longest GUI stall {probe['max_stall_ms']} ms "
            f"at {probe['at_s']} s after the window was shown ({probe['over_50_ms']} over 50 ms)"
        )

    self_test_ms, said = time_to_exit([sys.executable, "-m", "desktop", "--self-test"])
    if "self-test passed" not in said:
        raise RuntimeError(f"--self-test did not pass:\n{said[-2000:]}")
    nobody = "redis://:bench-pw@127.0.0.1:1"
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-dump-") as folder:
        dump = Path(folder) / "dump.json"
        dump_ms, _ = time_to_exit(
            [sys.executable, "-m", "desktop", "--broker", f"{nobody}/10", "--backend", f"{nobody}/11", "--dump", str(dump)]
        )
        if json.loads(dump.read_text())["broker"]["reachable"] is not False:
            raise RuntimeError("--dump took an unreachable broker for a reachable one")
    figures.update(self_test_ms=round(self_test_ms, 1), dump_unreachable_ms=round(dump_ms, 1))
    limits = [target("startup", name) for name in TARGET_FIGURES]
    for limit in limits:
        print(
            f"{limit.figure:28s} {figures[limit.figure]:9,.1f} {limit.unit:3s} target {limit.text()}: {'met' if limit.met(figures[limit.figure]) else 'MISSED'}"
        )
    met = all(limit.met(figures[limit.figure]) for limit in limits)
    print(
        json.dumps(
            {"bench": "startup", "unit": "ms", "runs": args.runs, **figures, "targets": as_json("startup"), "target_met": met}
        )
    )


TARGET_FIGURES = ("window_shown_ms", "window_vs_bare", "history_max_stall_ms", "self_test_ms", "dump_unreachable_ms")


if __name__ == "__main__":
    main()
