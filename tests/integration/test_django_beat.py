"""django-celery-beat's schedule read and changed by the console through SQLAlchemy (no Django in the
console) while its real DatabaseScheduler runs on the same SQLite file, made by its own migrations:
what the console creates, disables, edits or deletes is what beat sends next; a read-only or missing
database is refused with its reason, nothing written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
import redis
from celery.schedules import crontab, schedule

from desktop.core.cluster.django_beat import (
    DatabaseRefused,
    NameTaken,
    delete_entry,
    open_database,
    read_django_beat,
    save_entry,
    set_enabled,
)
from desktop.core.domain.schedules import PeriodicEntry, Source
from tests.support.django_beat import migrated
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration


def eventually(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {what}")


def beat_log(database) -> str:
    return (database.parent / "beat.log").read_text()[-3000:]


@pytest.fixture
def beat(redis_server, tmp_path):
    database = tmp_path / "beat.sqlite3"
    env = migrated(database)
    url = redis_server.url(db("test_django_beat", "broker"))
    client = redis.Redis(
        host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=db("test_django_beat", "broker")
    )
    client.flushdb()
    env.update(CELERY_BROKER_URL=url, CELERY_RESULT_BACKEND=url)
    log = open(tmp_path / "beat.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.apps.django_beat_app", "beat", "--max-interval", "1", "-l", "info"],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    engine = open_database(f"sqlite:///{database}")
    try:
        eventually(
            lambda: any(e.name == "celery.backend_cleanup" for e in read_django_beat(engine).entries), 30, "beat set up its table"
        )
        yield engine, client, database
    except AssertionError:
        log.flush()
        raise AssertionError((tmp_path / "beat.log").read_text()[-3000:]) from None
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)
        log.close()
        engine.dispose()
        client.flushdb()
        client.close()


def test_changes_made_by_the_console_are_what_the_database_scheduler_sends(beat):
    engine, client, database = beat

    def sent() -> int:
        return client.llen("dj")

    mine = PeriodicEntry("mine", "tasks.mul", Source.DJANGO, schedule(1.0), (6, 7), {}, {"queue": "dj"})
    save_entry(engine, mine, create=True)
    eventually(lambda: sent() >= 2, 20, f"beat sent the new entry: {beat_log(database)}")
    read = {entry.name: entry for entry in read_django_beat(engine).entries}["mine"]
    assert (read.task, read.args, read.kwargs, read.queue, read.in_words) == ("tasks.mul", (6, 7), {}, "dj", "every 1 s")
    eventually(
        lambda: (({e.name: e for e in read_django_beat(engine).entries}["mine"].total_run_count) or 0) >= 1,
        20,
        "beat counted its runs",
    )
    with pytest.raises(NameTaken):
        save_entry(engine, mine, create=True)

    set_enabled(engine, "mine", False)
    time.sleep(2.5)  # a tick under way may still send it
    stopped_at = sent()
    time.sleep(3)
    assert sent() == stopped_at, "beat kept sending a disabled entry"
    set_enabled(engine, "mine", True)
    eventually(lambda: sent() > stopped_at, 20, "beat sent the entry again once enabled")

    nightly = PeriodicEntry("mine", "tasks.mul", Source.DJANGO, crontab(minute=0, hour=3), (6, 7), {}, {"queue": "dj"})
    save_entry(engine, nightly, create=False)
    time.sleep(2.5)
    edited_at = sent()
    time.sleep(3)
    assert sent() == edited_at, "beat kept the old interval after the edit"
    assert {e.name: e for e in read_django_beat(engine).entries}["mine"].in_words == "at 03:00"

    delete_entry(engine, "mine")
    assert "mine" not in {entry.name for entry in read_django_beat(engine).entries}
    with pytest.raises(KeyError):
        delete_entry(engine, "mine")


def test_a_read_only_or_missing_database_is_refused_and_nothing_written(tmp_path):
    database = tmp_path / "ro.sqlite3"
    migrated(database)
    engine = open_database(f"sqlite:///{database}")
    entry = PeriodicEntry("x", "tasks.add", Source.DJANGO, schedule(5))
    save_entry(engine, entry, create=True)
    engine.dispose()
    engine = open_database(f"sqlite:///file:{database}?mode=ro&uri=true")  # a read-only database (a replica, a read-only user)
    with pytest.raises(DatabaseRefused, match="readonly"):
        set_enabled(engine, "x", False)
    assert [e.enabled for e in read_django_beat(engine).entries if e.name == "x"] == [True]
    engine.dispose()

    with pytest.raises(DatabaseRefused, match="no django-celery-beat tables"):
        read_django_beat(open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}"))
    with pytest.raises(DatabaseRefused):
        read_django_beat(open_database(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}"))
    with pytest.raises(ValueError, match="whole seconds"):
        save_entry(open_database(f"sqlite:///{database}"), PeriodicEntry("y", "t", Source.DJANGO, schedule(0.5)), create=True)


def test_a_crontab_in_its_own_time_zone_runs_at_that_zones_hour(tmp_path):
    """django-celery-beat keeps a time zone with each crontab: 07:30 in Tokyo is 22:30 UTC the day before."""
    from datetime import datetime, timezone

    database = tmp_path / "tz.sqlite3"
    migrated(database)
    engine = open_database(f"sqlite:///{database}")
    try:
        tokyo = PeriodicEntry("tokyo", "tasks.add", Source.DJANGO, crontab(minute=30, hour=7), timezone="Asia/Tokyo")
        save_entry(engine, tokyo, create=True)
        read = read_django_beat(engine).entries[0]
        assert read.timezone == "Asia/Tokyo" and read.in_words == "at 07:30"
        from desktop.core.domain.schedules import next_runs

        runs = next_runs(read.schedule, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc), 1)
        assert [run.astimezone(timezone.utc) for run in runs] == [datetime(2026, 12, 5, 22, 30, tzinfo=timezone.utc)]
    finally:
        engine.dispose()
