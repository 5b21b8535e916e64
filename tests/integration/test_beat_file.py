"""Beat's schedule file as a real ``celery beat`` (PersistentScheduler, the default) writes it, read while
beat runs: every entry, its schedule, its last run and how many times beat sent it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
import redis

from desktop.core.store.beat_file import UnreadableScheduleFile, read_schedule_file
from tests.support.clusters import PROJECT_ROOT
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration


def test_a_running_beats_schedule_file_is_read_with_its_runs(redis_server, tmp_path):
    url = redis_server.url(db("test_beat_file", "broker"))
    raw = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=db("test_beat_file", "broker"))
    raw.flushdb()
    path = tmp_path / "celerybeat-schedule"
    env = dict(os.environ, CELERY_BROKER_URL=url, CELERY_RESULT_BACKEND=url, PYTHONPATH=str(PROJECT_ROOT))
    started = datetime.now(timezone.utc)
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.apps.beat_schedule", "beat", "-s", str(path), "--max-interval", "1"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "beat.log", "w"),  # noqa: SIM115 - closed with the process
        start_new_session=True,
    )
    try:
        deadline, read = time.monotonic() + 30, None
        while time.monotonic() < deadline:
            try:
                read = read_schedule_file(path)
            except UnreadableScheduleFile:
                read = None
            counts = {entry.name: entry.total_run_count for entry in read.entries} if read else {}
            if counts.get("add-every-second", 0) >= 3 and counts.get("mul-every-2s", 0) >= 1:
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"beat did not run its entries: {read}\n{(tmp_path / 'beat.log').read_text()[-2000:]}")
    finally:
        os.killpg(beat.pid, signal.SIGTERM)
        beat.wait(15)
    entries = {entry.name: entry for entry in read.entries}
    assert set(entries) >= {"add-every-second", "mul-every-2s", "nightly-report"}
    every_second, mul, nightly = entries["add-every-second"], entries["mul-every-2s"], entries["nightly-report"]
    assert (every_second.task, every_second.args, every_second.in_words) == ("tasks.add", (2, 3), "every 1 s")
    assert (mul.kwargs, mul.queue, mul.in_words) == ({"x": 3, "y": 4}, "beat", "every 2 s")
    assert nightly.in_words == "at 03:00" and nightly.total_run_count == 0
    assert started <= every_second.last_run_at <= datetime.now(timezone.utc)
    assert read.timezone == "UTC" and read.utc_enabled is True
    assert raw.llen("celery") >= 3 and raw.llen("beat") >= 1  # what beat sent, where the options said
    raw.flushdb()
    raw.close()
