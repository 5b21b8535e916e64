"""Beat's schedule file, made here the way PersistentScheduler makes it (shelve of its entries), read back
without unpickling anything beat would not have written."""

from __future__ import annotations

import os
import pickle
import shelve
from datetime import datetime, timedelta, timezone

import pytest
from celery import Celery
from celery.beat import ScheduleEntry
from celery.schedules import crontab, schedule

from desktop.core.domain.schedules import Source
from desktop.core.store.beat_file import UnreadableScheduleFile, read_schedule_file

LAST = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def app():
    return Celery("beat-file", set_as_current=False)


def write_file(path, entries: dict, **extra) -> None:
    with shelve.open(str(path)) as store:
        store["entries"] = entries
        store["__version__"] = "5.7.0"
        store["tz"] = extra.get("tz", "Europe/Berlin")
        store["utc_enabled"] = True


def test_entries_come_back_with_their_last_run_and_run_count(tmp_path, app):
    path = tmp_path / "celerybeat-schedule"
    entries = {
        "add": ScheduleEntry("add", "tasks.add", LAST, 42, schedule(timedelta(seconds=10)), (1, 2), {}, {"queue": "q"}, app=app),
        "nightly": ScheduleEntry("nightly", "tasks.report", None, 0, crontab(minute=0, hour=3), (), {"full": True}, {}, app=app),
    }
    write_file(path, entries)
    read = read_schedule_file(path)
    assert read.timezone == "Europe/Berlin" and read.utc_enabled is True and read.problems == []
    add, nightly = sorted(read.entries, key=lambda entry: entry.name)
    assert (add.task, add.args, add.options, add.last_run_at, add.total_run_count) == (
        "tasks.add",
        (1, 2),
        {"queue": "q"},
        LAST,
        42,
    )
    assert add.in_words == "every 10 s" and add.source == Source.FILE
    assert nightly.in_words == "at 03:00" and nightly.kwargs == {"full": True}
    assert nightly.last_run_at is not None  # beat's ScheduleEntry stamps a new entry with "now"


class Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_that_names_anything_else_is_refused_and_never_run(tmp_path, app):
    marker = tmp_path / "ran"
    path = tmp_path / "celerybeat-schedule"
    write_file(path, {"evil": Evil(marker)})
    with pytest.raises(UnreadableScheduleFile, match=r"posix\.system, which the console does not unpickle"):
        read_schedule_file(path)
    assert not marker.exists()

    entry = ScheduleEntry("evil-args", "tasks.add", LAST, 1, schedule(5), (Evil(marker),), {}, {}, app=app)
    write_file(path, {"evil-args": entry})
    with pytest.raises(UnreadableScheduleFile, match="does not unpickle"):
        read_schedule_file(path)
    assert not marker.exists()


class ZoneMethod:
    def __reduce__(self):
        from zoneinfo import ZoneInfo

        return (getattr, (ZoneInfo, "clear_cache"))


def test_getattr_is_followed_only_to_the_one_method_a_time_zone_pickles_as(tmp_path, app):
    path = tmp_path / "celerybeat-schedule"
    write_file(path, {"odd": ZoneMethod()})
    with pytest.raises(UnreadableScheduleFile, match="clear_cache"):
        read_schedule_file(path)


def test_entries_that_are_not_beats_are_named_and_the_rest_read(tmp_path, app):
    path = tmp_path / "celerybeat-schedule"
    good = ScheduleEntry("good", "tasks.add", LAST, 3, schedule(5), (), {}, {}, app=app)
    write_file(path, {"good": good, "odd": {"task": "tasks.add"}, "no-task": {"x": 1}})
    read = read_schedule_file(path)
    assert [entry.name for entry in read.entries] == ["good"]
    assert [problem.split(":")[0] for problem in read.problems] == ["odd", "no-task"]


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 10, pickle.dumps({"entries": {}})])
def test_what_is_not_a_schedule_file_says_so(tmp_path, content):
    path = tmp_path / "celerybeat-schedule"
    path.write_bytes(content)
    with pytest.raises(UnreadableScheduleFile, match="not a schedule file"):
        read_schedule_file(path)


def test_a_missing_file_and_an_empty_database_say_so(tmp_path):
    with pytest.raises(UnreadableScheduleFile, match="no schedule file at"):
        read_schedule_file(tmp_path / "nothing")
    with shelve.open(str(tmp_path / "empty")) as store:
        store["__version__"] = "5.7.0"
    with pytest.raises(UnreadableScheduleFile, match="holds no entries"):
        read_schedule_file(tmp_path / "empty")
