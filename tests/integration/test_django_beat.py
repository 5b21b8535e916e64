"""django-celery-beat's schedule read and changed by the console through SQLAlchemy (no Django in the
console) while its real DatabaseScheduler runs on the same SQLite file, made by its own migrations:
what the console creates, disables, edits or deletes is what beat sends next; a read-only or missing
database is refused with its reason, nothing written."""

from __future__ import annotations

import time

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
from tests.support.beat import eventually, running_beat
from tests.support.django_beat import migrated
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration


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
    engine = open_database(f"sqlite:///{database}")
    try:
        with running_beat(
            "tests.apps.django_beat_app", "--max-interval", "1", "-l", "info", broker_url=url, folder=tmp_path, env=env
        ):
            eventually(
                lambda: any(e.name == "celery.backend_cleanup" for e in read_django_beat(engine).entries),
                30,
                "beat set up its table",
            )
            # Beat notes the last change just after writing its default entry: a change made in between is one
            # it never notices (any admin edit would race it the same way).
            time.sleep(2)
            yield engine, client, database
    finally:
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
