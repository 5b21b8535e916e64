"""A real ``celery beat`` for the Schedules tests: started on an app module of tests/apps, its log in a file,
stopped (its whole process group) however the test ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.clusters import PROJECT_ROOT


@dataclass
class RunningBeat:
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, size: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-size:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(15)


@contextmanager
def running_beat(app_module: str, *options: str, broker_url: str, folder: Path, env: dict | None = None) -> Iterator[RunningBeat]:
    """``celery -A <app_module> beat <options>`` with ``folder`` as its working folder (its schedule file lands
    there) and ``folder/beat.log``; an AssertionError inside the block gets the log's tail added."""
    environment = dict(
        env or os.environ, CELERY_BROKER_URL=broker_url, CELERY_RESULT_BACKEND=broker_url, PYTHONPATH=str(PROJECT_ROOT)
    )
    log_path = folder / "beat.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", app_module, "beat", *options],
            env=environment, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        beat = RunningBeat(process, log_path)
        try:
            yield beat
        except AssertionError as exc:
            log.flush()
            raise AssertionError(f"{exc}\nbeat's log:\n{beat.log_tail()}") from None
        finally:
            beat.stop()


def eventually(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {what}")
