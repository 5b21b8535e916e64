"""Periodic entries: a schedule in words, as written, and its next runs as celery.schedules computes them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from celery import Celery
from celery.schedules import crontab, schedule
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.domain.schedules import (
    PeriodicEntry,
    Source,
    args_key,
    entries_from_beat_schedule,
    missed_since,
    next_due,
    next_runs,
    run_key,
    runs_seen,
    schedule_as_written,
    schedule_in_words,
    upcoming_runs,
)

NOW = datetime(2026, 12, 5, 9, 7, 13, tzinfo=timezone.utc)  # a Saturday


@pytest.mark.parametrize(
    ("every", "words"),
    [
        (schedule(300), "every 5 min"),
        (schedule(30), "every 30 s"),
        (schedule(0.5), "every 0.5 s"),
        (schedule(timedelta(hours=1, minutes=30)), "every 1 h 30 min"),
        (schedule(timedelta(days=2)), "every 2 days"),
        (crontab(), "every minute"),
        (crontab(minute="*/5"), "every 5 min"),
        (crontab(minute=0), "every hour at :00"),
        (crontab(minute="0,30"), "every 30 min"),
        (crontab(minute="0,20,45"), "every hour at :00, :20, :45"),
        (crontab(minute=0, hour="*/3"), "every 3 h at :00"),
        (crontab(minute=30, hour=7, day_of_week="mon-fri"), "at 07:30, Mon–Fri"),
        (crontab(minute=0, hour="8,20"), "at 08:00, 20:00"),
        (crontab(minute=0, hour=0, day_of_week="sat,sun"), "at 00:00, Sun, Sat"),
        (crontab(minute=0, hour=0, day_of_month=1), "at 00:00, on day 1 of the month"),
        (crontab(minute=0, hour=0, month_of_year="1-3,10"), "at 00:00, in Jan–Mar, Oct"),
        (crontab(minute="*", hour=9), "every minute of hour 9"),
        (crontab(minute="1-20", hour="1-5"), "minute 1-20 of hour 1-5"),
    ],
)
def test_a_schedule_in_words(every, words):
    assert schedule_in_words(every) == words


def test_a_crontab_as_written_names_only_what_is_not_a_star():
    assert schedule_as_written(crontab(minute="30", hour="7", day_of_week="mon-fri")) == (
        "crontab(minute='30', hour='7', day_of_week='mon-fri')"
    )
    assert schedule_as_written(schedule(timedelta(minutes=5))) == "every 300 s"


def test_the_next_runs_of_a_crontab_in_the_apps_time_zone():
    assert next_runs(crontab(minute=30, hour=7, day_of_week="mon-fri"), NOW, 3) == [
        datetime(2026, 12, 7, 7, 30, tzinfo=timezone.utc),
        datetime(2026, 12, 8, 7, 30, tzinfo=timezone.utc),
        datetime(2026, 12, 9, 7, 30, tzinfo=timezone.utc),
    ]
    app = Celery("zoned", set_as_current=False)
    app.conf.timezone = "Europe/Berlin"  # UTC+1 in December: 07:30 there is 06:30 UTC
    runs = next_runs(crontab(minute=30, hour=7, app=app), NOW, 1)
    assert [run.astimezone(timezone.utc) for run in runs] == [datetime(2026, 12, 6, 6, 30, tzinfo=timezone.utc)]


def test_an_interval_counts_from_its_last_run_and_may_be_overdue():
    every = schedule(timedelta(minutes=5))
    assert next_runs(every, NOW, 2, last_run_at=NOW - timedelta(minutes=2)) == [
        NOW + timedelta(minutes=3),
        NOW + timedelta(minutes=8),
    ]
    overdue = next_runs(every, NOW, 1, last_run_at=NOW - timedelta(hours=1))
    assert overdue == [NOW - timedelta(minutes=55)]
    assert next_runs(every, NOW, 1) == [NOW + timedelta(minutes=5)]  # beat counts a new entry from its start


def test_a_crontab_that_comes_round_once_a_year():
    runs = next_runs(crontab(minute=0, hour=0, day_of_month=1, month_of_year=1), NOW, 2)
    assert [run.date().isoformat() for run in runs] == ["2027-01-01", "2028-01-01"]


cron_fields = st.builds(
    lambda minute, hour, dow: crontab(minute=minute, hour=hour, day_of_week=dow),
    st.sampled_from(["*", "*/7", "0", "15,45", "5-10"]),
    st.sampled_from(["*", "*/5", "7", "0,12", "22-23"]),
    st.sampled_from(["*", "mon-fri", "sun", "1,3,5"]),
)


@settings(max_examples=100, deadline=None)
@given(cron=cron_fields, offset=st.integers(0, 400 * 24 * 3600))
def test_beat_finds_each_next_run_due_at_that_moment_and_not_a_second_before(cron, offset):
    now = NOW + timedelta(seconds=offset)
    runs = next_runs(cron, now, 3)
    assert len(runs) == 3 and runs == sorted(set(runs)) and runs[0] > now
    previous = now
    for run in runs:
        at_run = crontab(cron._orig_minute, cron._orig_hour, cron._orig_day_of_week, nowfun=lambda run=run: run)
        before = crontab(
            cron._orig_minute, cron._orig_hour, cron._orig_day_of_week, nowfun=lambda run=run: run - timedelta(seconds=1)
        )
        assert at_run.is_due(previous).is_due, (run, previous)
        assert not before.is_due(previous).is_due, (run, previous)
        previous = run


def test_a_beat_schedule_becomes_entries_and_what_beat_would_refuse_is_named():
    beat_schedule = {
        "add-every-10s": {"task": "tasks.add", "schedule": 10.0, "args": (2, 3), "options": {"queue": "math"}},
        "nightly": {"task": "tasks.report", "schedule": crontab(minute=0, hour=3), "kwargs": {"full": True}},
        "hourly": {"task": "tasks.ping", "schedule": timedelta(hours=1)},
        "no task": {"schedule": 5},
        "bad schedule": {"task": "tasks.add", "schedule": "soon"},
        "never": {"task": "tasks.add", "schedule": 0},
        "not a dict": ["tasks.add", 5],
        "bad args": {"task": "tasks.add", "schedule": 5, "args": "1, 2"},
    }
    entries, problems = entries_from_beat_schedule(beat_schedule)
    assert [(e.name, e.task, e.in_words) for e in entries] == [
        ("add-every-10s", "tasks.add", "every 10 s"),
        ("nightly", "tasks.report", "at 03:00"),
        ("hourly", "tasks.ping", "every 1 h"),
    ]
    first = entries[0]
    assert first == PeriodicEntry("add-every-10s", "tasks.add", Source.APP, first.schedule, (2, 3), {}, {"queue": "math"})
    assert first.queue == "math" and entries[1].kwargs == {"full": True}
    assert [problem.split(":")[0] for problem in problems] == ["no task", "bad schedule", "never", "not a dict", "bad args"]
    assert "never comes round" in problems[2]


def test_next_due_is_now_for_a_missed_run_and_the_next_run_otherwise():
    every = schedule(timedelta(minutes=5))
    assert next_due(every, NOW - timedelta(minutes=2), NOW) == NOW + timedelta(minutes=3)
    assert next_due(every, NOW - timedelta(hours=1), NOW) == NOW  # overdue: beat sends it at once
    nightly = crontab(minute=0, hour=3)
    assert next_due(nightly, NOW - timedelta(hours=1), NOW) == datetime(2026, 12, 6, 3, 0, tzinfo=timezone.utc)
    assert next_due(nightly, NOW - timedelta(days=2), NOW) == NOW  # 03:00 passed since its last run


def test_a_run_is_missed_once_it_is_more_than_half_a_period_late():
    every = schedule(timedelta(minutes=10))
    entry = PeriodicEntry("e", "tasks.add", Source.APP, every, last_run_at=NOW - timedelta(minutes=14))
    assert missed_since(entry, NOW) is None  # due 4 minutes ago: late, within half a period
    late = replace(entry, last_run_at=NOW - timedelta(minutes=16))
    assert missed_since(late, NOW) == NOW - timedelta(minutes=6)
    assert missed_since(replace(late, enabled=False), NOW) is None
    assert missed_since(replace(late, last_run_at=None), NOW) is None
    nightly = PeriodicEntry("n", "tasks.add", Source.APP, crontab(minute=0, hour=3), last_run_at=NOW - timedelta(days=2))
    assert missed_since(nightly, NOW) == datetime(2026, 12, 4, 3, 0, tzinfo=timezone.utc)  # a day's tolerance is capped at 10 min
    assert missed_since(replace(nightly, last_run_at=datetime(2026, 12, 5, 3, 0, tzinfo=timezone.utc)), NOW) is None


def test_upcoming_runs_start_at_the_due_time_an_overdue_one_at_once():
    every = schedule(timedelta(minutes=10))
    overdue = PeriodicEntry("e", "tasks.add", Source.APP, every, last_run_at=NOW - timedelta(hours=1))
    assert upcoming_runs(overdue, NOW, 3) == [NOW, NOW + timedelta(minutes=10), NOW + timedelta(minutes=20)]
    nightly = PeriodicEntry("n", "tasks.add", Source.APP, crontab(minute=0, hour=3))
    assert [run.day for run in upcoming_runs(nightly, NOW, 3)] == [6, 7, 8]
    scored = replace(nightly, due_at=NOW + timedelta(seconds=30))  # RedBeat's own due time comes first
    assert upcoming_runs(scored, NOW, 2) == [NOW + timedelta(seconds=30), datetime(2026, 12, 6, 3, 0, tzinfo=timezone.utc)]
    assert upcoming_runs(replace(nightly, enabled=False), NOW) == []


def test_runs_seen_takes_the_newest_runs_of_each_task_and_arguments_in_one_pass_that_stops_early():
    from types import SimpleNamespace

    def task(i: int, name: str, args: str):
        return SimpleNamespace(
            id=f"t{i}", name=name, args=args, state="SUCCESS", worker="w@h", sent=1000.0 - i, received=None, timestamp=None
        )

    consumed = []

    def newest_first():
        for i in range(100_000):
            consumed.append(i)
            yield task(i, "tasks.add", "(2, 3)" if i % 2 else "(0, 0)")

    every_second = PeriodicEntry("add", "tasks.add", Source.APP, schedule(1), (2, 3))
    nightly = PeriodicEntry("nightly", "tasks.add", Source.APP, crontab(minute=0, hour=3), (0, 0))
    seen = runs_seen(newest_first(), {run_key(every_second), run_key(nightly)}, per_key=3)
    assert [run.task_id for run in seen[run_key(every_second)]] == ["t1", "t3", "t5"]  # one task, told apart by its arguments
    assert [run.task_id for run in seen[run_key(nightly)]] == ["t0", "t2", "t4"]
    assert len(consumed) <= 7  # stopped once both had three
    assert runs_seen(iter([task(1, "tasks.add", "()")]), {("tasks.other", "")}) == {("tasks.other", ""): []}
    assert runs_seen((task(i, "x", "") for i in range(50)), {("tasks.add", "")}, scan=10) == {("tasks.add", ""): []}


@pytest.mark.parametrize("written", ["(2, 3)", "[2, 3]", "2, 3", " ( 2,3 ) "])
def test_arguments_written_any_way_compare_equal(written):
    assert args_key(written) == "2,3"
    assert args_key("('x',)") == args_key('["x"]') == "'x'"
    assert args_key(None) == args_key("()") == args_key("[]") == ""


def test_runs_from_the_events_and_the_history_come_newest_first_each_task_once():
    from desktop.core.domain.schedules import SeenRun, newest_runs

    events = [SeenRun("b", 20.0, "SUCCESS"), SeenRun("a", 10.0, "STARTED")]
    history = [SeenRun("a", 10.0, "PENDING"), SeenRun("old", 5.0, "SUCCESS"), SeenRun("older", 1.0, "FAILURE")]
    assert [(run.task_id, run.state) for run in newest_runs(events, history, 3)] == [
        ("b", "SUCCESS"),
        ("a", "STARTED"),
        ("old", "SUCCESS"),
    ]


def test_each_past_due_time_is_paired_with_the_run_seen_near_it():
    from desktop.core.domain.schedules import SeenRun, runs_at_dues

    nightly = PeriodicEntry("n", "tasks.report", Source.APP, crontab(minute=0, hour=3))
    three = datetime(2026, 12, 5, 3, 0, tzinfo=timezone.utc).timestamp()
    seen = [SeenRun("today", three + 4, "SUCCESS"), SeenRun("two-days-ago", three - 2 * 86400 + 30, "FAILURE")]
    paired = runs_at_dues(nightly, NOW, seen, count=3)
    assert [(due.day, run.task_id if run else None) for due, run in paired] == [(5, "today"), (4, None), (3, "two-days-ago")]

    every = PeriodicEntry("e", "tasks.add", Source.APP, schedule(60), last_run_at=NOW - timedelta(seconds=10))
    at = (NOW - timedelta(seconds=10)).timestamp()
    paired = runs_at_dues(every, NOW, [SeenRun("a", at + 1, "SUCCESS"), SeenRun("b", at - 58, "SUCCESS")], count=3)
    assert [run.task_id if run else None for _due, run in paired] == ["a", "b", None]
    assert runs_at_dues(replace(every, last_run_at=None), NOW, []) == []  # an interval that never ran has no past dues
