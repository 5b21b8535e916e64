"""Start-up time: process launch to the main window shown, against a bare PySide6 + qasync window.

Runs offscreen, several times each, and prints one JSON line of medians (ms) at the end.
    .venv/bin/python bench/startup.py [--runs 5]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
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
    print(json.dumps({"bench": "startup", "unit": "ms", "runs": args.runs, **medians, "demo_vs_bare_ratio": round(ratio, 2)}))


if __name__ == "__main__":
    main()
