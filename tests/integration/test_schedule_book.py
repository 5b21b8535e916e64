"""The Schedules tab's book on a real cluster: a real ``celery beat`` (the default scheduler, its file) and
RedBeat's keys, next to the app's own beat_schedule; each row says its source, when it runs next, and a
run beat let pass is marked missed, with what the console sees."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
import redis
from celery.schedules import crontab, schedule

from desktop.core.cluster import redbeat
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.schedules import PeriodicEntry, Source
from desktop.core.live.event_receiver import StreamState
from desktop.core.store.history import HistoryDatabase, HistoryRecorder, Retention
from tests.support.beat import running_beat
from tests.support.redis_dbs import db
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

BEAT_SCHEDULE = {  # tests/apps/beat_schedule.py's, as the console's -A app would hold it
    "add-every-second": {"task": "tasks.add", "schedule": 1.0, "args": (2, 3)},
    "mul-every-2s": {"task": "tasks.mul", "schedule": 2.0, "kwargs": {"x": 3, "y": 4}, "options": {"queue": "beat"}},
    "nightly-report": {"task": "tasks.add", "schedule": crontab(minute=0, hour=3), "args": (0, 0)},
}


def test_every_source_side_by_side_and_a_stopped_beat_shows_missed_runs(redis_server, tmp_path):
    number = db("test_beat_file", "book")
    url = redis_server.url(number)
    raw = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=number)
    raw.flushdb()
    hour_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    late = PeriodicEntry("hourly-cleanup", "tasks.cleanup", Source.REDBEAT, schedule(timedelta(minutes=10)), (), {}, {})
    redbeat.save_entry(raw, redbeat.RedBeatKeys(), late, create=True)
    raw.hset("redbeat:hourly-cleanup", "meta", redbeat.encode({"last_run_at": hour_ago, "total_run_count": 5}))

    path = tmp_path / "celerybeat-schedule"
    history = HistoryDatabase(tmp_path / "history.sqlite3")
    assert history.open() == ""
    ran_before = TaskRecord(id="cleanup-earlier", name="tasks.cleanup", state="SUCCESS", worker="old@h", mine=False)
    history.save("book", [ran_before], now=hour_ago.timestamp())
    recorder = HistoryRecorder(history, "book", Retention())
    session = session_for(
        url, url, configure=lambda app: app.conf.update(beat_schedule=BEAT_SCHEDULE), app_module="tests.apps", history=recorder
    )
    book = session.schedules
    book.file_path = str(path)

    def rows() -> dict[tuple[str, str], object]:
        return {(row.entry.source, row.entry.name): row for row in book.rows}

    async def scenario(beat):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            await book.refresh()
            file_row = rows().get((Source.FILE, "add-every-second"))
            if file_row is not None and (file_row.entry.total_run_count or 0) >= 2:
                break
            await asyncio.sleep(0.3)
        running = rows()
        beat.stop()
        await asyncio.sleep(3.5)  # past one 1 s period and the 2 s tolerance
        await book.refresh()
        return running, rows(), json.loads(session.dump_json())

    try:
        with running_beat("tests.apps.beat_schedule", "-s", str(path), broker_url=url, folder=tmp_path) as beat:
            running, stopped, dump = run(session, lambda: scenario(beat))
    finally:
        raw.flushdb()
        raw.close()
    assert {source for source, _name in running} == {Source.APP, Source.FILE, Source.REDBEAT}
    assert {name for source, name in running if source == Source.APP} == set(BEAT_SCHEDULE)
    assert {name for source, name in running if source == Source.FILE} == set(BEAT_SCHEDULE)

    every_second = running[(Source.FILE, "add-every-second")]
    assert every_second.missed is None and every_second.next_run is not None
    assert every_second.entry.in_words == "every 1 s" and not every_second.editable
    nightly = running[(Source.APP, "nightly-report")]
    assert nightly.next_run is not None and (nightly.next_run.hour, nightly.next_run.minute) == (3, 0)

    cleanup = running[(Source.REDBEAT, "hourly-cleanup")]
    assert cleanup.editable and cleanup.entry.total_run_count == 5
    assert cleanup.missed == hour_ago + timedelta(minutes=10)
    assert "no RedBeat scheduler is running (its lock is free)" in cleanup.reasons
    assert "no online worker has tasks.cleanup registered" not in cleanup.reasons  # no worker known: not said
    assert [(run.task_id, run.state, run.worker) for run in cleanup.seen] == [
        ("cleanup-earlier", "SUCCESS", "old@h")
    ]  # from the history

    assert stopped[(Source.FILE, "add-every-second")].missed is not None  # beat stopped: its runs are missed
    notes = {note.source: note.text for note in book.notes}
    assert "read-only" in notes[Source.APP] and "read-only" in notes[Source.FILE]
    assert "no beat holds RedBeat's lock" in notes[Source.REDBEAT]
    dumped = {(e["source"], e["name"]): e for e in dump["schedules"]["entries"]}
    assert dumped[(Source.REDBEAT, "hourly-cleanup")]["missed_since"] == (hour_ago + timedelta(minutes=10)).isoformat()
    assert dumped[(Source.APP, "mul-every-2s")]["kwargs"] == {"x": 3, "y": 4}
    assert {s["source"] for s in dump["schedules"]["sources"]} == {Source.APP, Source.FILE, Source.REDBEAT}


def test_runs_beat_sent_are_seen_in_the_events_and_a_queue_nobody_consumes_is_named(cluster_on, tmp_path):
    """A real beat (its file) and a real worker with events on: each entry's newest runs come from the events
    with their outcome; the entry beat sends to a queue no worker consumes says so."""
    cluster = cluster_on("desktop.tasks", "seen", concurrency=1)
    path = tmp_path / "celerybeat-schedule"
    session = session_for(cluster.broker_url, cluster.backend_url)
    book = session.schedules
    book.file_path = str(path)

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.monitor.stream_status.state is StreamState.RECEIVING, 20, "events")
            await wait_until(lambda: bool(session.monitor.active_queues), 30, "the worker's queues")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                await book.refresh()
                row = {r.entry.name: r for r in book.rows}.get("add-every-second")
                if row is not None and len([run for run in row.seen if run.state == "SUCCESS"]) >= 2:
                    break
                await asyncio.sleep(0.5)
            return {r.entry.name: r for r in book.rows}

    with running_beat("tests.apps.beat_schedule", "-s", str(path), broker_url=cluster.broker_url, folder=tmp_path):
        rows = run(session, scenario)
    every_second = rows["add-every-second"]
    assert [run.state for run in every_second.seen[:2]] == ["SUCCESS", "SUCCESS"]
    assert every_second.seen[0].at >= every_second.seen[1].at and every_second.seen[0].worker.startswith("seen-")
    assert every_second.notes == ()
    mul = rows["mul-every-2s"]  # options={"queue": "beat"}: the worker consumes "celery" only
    assert mul.notes == ("no online worker consumes queue 'beat': what beat sends there waits",)
    assert mul.seen and {run.state for run in mul.seen} == {"PENDING"}  # the demo app sends task-sent: sent, never received
