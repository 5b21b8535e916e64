"""Start-up time: process launch to the main window shown, against a bare PySide6 + qasync window.

Runs offscreen, several times each, and prints one JSON line of medians (ms) at the end. Then,
once each, two runs that end by themselves, from launch to exit: ``--self-test`` (the demo's
Redis server and worker started, one task sent and its result read) and ``--dump`` with a broker
and backend nobody listens on (the console says they are unreachable and exits).

    .venv/bin/python bench/startup.py [--runs 5] [--quick]

--quick: 2 runs each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.targets import as_json, target  # noqa: E402

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


def time_to_window(command: list[str], marker: str = "window shown", timeout: float = 60) -> float:
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-data-") as data, tempfile.TemporaryFile("w+") as log:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CELERY_DESKTOP_DATA_DIR=data, CELERY_DESKTOP_CONFIG_DIR=data)
        started = time.perf_counter()
        proc = subprocess.Popen(command, stderr=log, env=env, cwd=ROOT)
        try:
            while time.perf_counter() - started < timeout:
                log.seek(0)
                if marker in log.read():
                    return (time.perf_counter() - started) * 1000
                if proc.poll() is not None:
                    elapsed = (time.perf_counter() - started) * 1000
                    log.seek(0)
                    text = log.read()
                    if marker in text:  # it printed the marker and exited between two reads
                        return elapsed
                    raise RuntimeError(f"{command} exited early:\n{text[-2000:]}")
                time.sleep(0.005)
            raise RuntimeError(f"{command}: no window within {timeout} s")
        finally:
            proc.terminate()
            proc.wait(30)


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
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(runs=2)
        args = parser.parse_args()
    app = [sys.executable, "-m", "desktop", "--log-level", "INFO", "--quit-after", "30"]
    cases = {
        "bare_pyside6_qasync_window": [sys.executable, "-c", BARE_WINDOW],
        "console_dead_broker": [*app, "--broker", "redis://127.0.0.1:1/0"],
        "console_demo": [*app, "--demo"],
    }
    medians = {}
    for name, command in cases.items():
        time_to_window(command)  # warm the file cache once
        samples = [time_to_window(command) for _ in range(args.runs)]
        medians[name] = round(statistics.median(samples), 1)
        print(f"{name:30s} median {medians[name]:7.1f} ms   runs: {', '.join(f'{s:.0f}' for s in samples)}")
    ratio = medians["console_demo"] / medians["bare_pyside6_qasync_window"]
    print(f"demo console vs bare window: {ratio:.2f}x")

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
    figures = {"self_test_ms": round(self_test_ms, 1), "dump_unreachable_ms": round(dump_ms, 1)}
    for name, label in (("self_test_ms", "--self-test, launch to exit"), ("dump_unreachable_ms", "--dump, unreachable broker")):
        limit = target("startup", name)
        met = limit.met(figures[name])
        print(f"{label:30s} {figures[name]:9.1f} ms   target {limit.text()}: {'met' if met else 'MISSED'}")
    met = all(t.met(figures[t.figure]) for t in (target("startup", n) for n in figures))
    print(
        json.dumps(
            {
                "bench": "startup",
                "unit": "ms",
                "runs": args.runs,
                **medians,
                "demo_vs_bare_ratio": round(ratio, 2),
                **figures,
                "targets": as_json("startup"),
                "target_met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
