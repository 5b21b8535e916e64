"""RedBeat's schedule read and changed by the console while a real RedBeat scheduler (``celery beat -S
redbeat.RedBeatScheduler``) runs on the Redis: what the console creates, disables, edits or deletes is
what beat sends next, or stops sending."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
import redis
from celery.schedules import crontab, schedule

from desktop.core.cluster.redbeat import NameTaken, RedBeatKeys, delete_entry, read_redbeat, save_entry, set_enabled
from desktop.core.domain.schedules import PeriodicEntry, Source, next_runs
from tests.support.beat import eventually, running_beat
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration

KEYS = RedBeatKeys("rb-test:")


@pytest.fixture
def beat(redis_server, tmp_path):
    url = redis_server.url(db("test_redbeat", "broker"))
    client = redis.Redis(
        host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=db("test_redbeat", "broker")
    )
    client.flushdb()
    try:
        with running_beat("tests.apps.redbeat_app", "-S", "redbeat.RedBeatScheduler", broker_url=url, folder=tmp_path):
            eventually(lambda: _runs(client, "static-add") >= 1, 30, "beat ran its own entry")
            yield client
    finally:
        client.flushdb()
        client.close()


def _runs(client, name: str) -> int:
    entries = {entry.name: entry for entry in read_redbeat(client, KEYS).entries}
    return (entries[name].total_run_count or 0) if name in entries else 0


def test_beats_own_entries_are_read_with_their_runs_and_the_lock(beat):
    read = read_redbeat(beat, KEYS)
    static = next(entry for entry in read.entries if entry.name == "static-add")
    assert (static.task, static.args, static.in_words, static.source) == ("tasks.add", (1, 1), "every 1 s", Source.REDBEAT)
    assert read.statics == {"static-add"} and read.problems == []
    assert static.last_run_at is not None and static.due_at is not None
    assert read.beat_lock_ttl is not None  # a beat holds RedBeat's lock


def test_an_entry_created_disabled_edited_and_deleted_changes_what_beat_sends(beat):
    def sent() -> int:
        return beat.llen("rb")

    mine = PeriodicEntry("mine", "tasks.mul", Source.REDBEAT, schedule(1.0), (6, 7), {}, {"queue": "rb"})
    save_entry(beat, KEYS, mine, create=True)
    eventually(lambda: sent() >= 2, 15, "beat sent the new entry")
    with pytest.raises(NameTaken):
        save_entry(beat, KEYS, mine, create=True)

    set_enabled(beat, KEYS, "mine", False)
    time.sleep(1.5)  # a tick already under way may still send it once
    stopped_at = sent()
    time.sleep(3)
    assert sent() == stopped_at, "beat kept sending a disabled entry"
    assert not next(entry for entry in read_redbeat(beat, KEYS).entries if entry.name == "mine").enabled

    set_enabled(beat, KEYS, "mine", True)
    eventually(lambda: sent() > stopped_at, 15, "beat sent the entry again once enabled")

    nightly = PeriodicEntry("mine", "tasks.mul", Source.REDBEAT, crontab(minute=0, hour=3), (6, 7), {}, {"queue": "rb"})
    save_entry(beat, KEYS, nightly, create=False)
    time.sleep(1.5)
    edited_at = sent()
    time.sleep(3)
    assert sent() == edited_at, "beat kept the old interval after the edit"
    read = next(entry for entry in read_redbeat(beat, KEYS).entries if entry.name == "mine")
    assert read.in_words == "at 03:00"
    expected = next_runs(read.schedule, read.last_run_at or datetime.now(timezone.utc), 1)[0]
    assert abs(read.due_at - expected) < timedelta(seconds=1)

    delete_entry(beat, KEYS, "mine")
    assert "mine" not in {entry.name for entry in read_redbeat(beat, KEYS).entries}
    assert not beat.exists("rb-test:mine")


def test_garbage_in_redbeats_keys_is_named_and_the_rest_read(beat):
    beat.hset("rb-test:broken", "definition", b"{not json")
    beat.hset("rb-test:huge", "definition", b'{"task": "' + b"x" * 1_100_000 + b'"}')
    beat.hset("rb-test:no-task", "definition", b'{"name": "no-task", "schedule": {"__type__": "interval", "every": 5}}')
    beat.zadd("rb-test::schedule", {"rb-test:broken": 1, "rb-test:huge": 2, "rb-test:no-task": 3, "rb-test:gone": 4})
    read = read_redbeat(beat, KEYS)
    assert "static-add" in {entry.name for entry in read.entries}
    assert sorted(problem.split(":")[0] for problem in read.problems) == ["broken", "gone", "huge", "no-task"]
