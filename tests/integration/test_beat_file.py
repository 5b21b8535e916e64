"""Beat's schedule file as a real ``celery beat`` (PersistentScheduler, the default) writes it, read while
beat runs: every entry, its schedule, its last run and how many times beat sent it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import redis

from desktop.core.store.beat_file import UnreadableScheduleFile, read_schedule_file
from tests.support.beat import eventually, running_beat
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration


def test_a_running_beats_schedule_file_is_read_with_its_runs(redis_server, tmp_path):
    url = redis_server.url(db("test_beat_file", "broker"))
    raw = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=db("test_beat_file", "broker"))
    raw.flushdb()
    path = tmp_path / "celerybeat-schedule"
    started = datetime.now(timezone.utc)
    read = None

    def runs_recorded() -> bool:
        nonlocal read
        try:
            read = read_schedule_file(path)  # while beat writes it
        except UnreadableScheduleFile:
            return False
        counts = {entry.name: entry.total_run_count for entry in read.entries}
        return counts.get("add-every-second", 0) >= 3 and counts.get("mul-every-2s", 0) >= 1

    with running_beat("tests.apps.beat_schedule", "-s", str(path), "--max-interval", "1", broker_url=url, folder=tmp_path):
        eventually(runs_recorded, 30, f"beat ran its entries: {read}")
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
