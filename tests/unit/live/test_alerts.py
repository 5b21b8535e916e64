"""The session's alerts: rules fed rows and samples, a log newest first, notifications for the desktop."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from desktop.core.domain.alert_rules import QUEUE_LENGTH, SETTLE_SECONDS, STATE, WORKER_OFFLINE, AlertRule
from desktop.core.domain.records import TaskRecord
from desktop.core.live.alerts import ALERTS, MAX_LOG, Alerts


class Clock:
    now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make(rules, **parts):
    clock, told, tasks = Clock(), [], {}
    alerts = Alerts(tasks, lambda *names: told.extend(names), clock=clock, **parts)
    alerts.set_rules(rules)
    return alerts, clock, told, tasks


def test_changed_rows_fire_into_the_log_and_the_notifications():
    alerts, clock, told, tasks = make([AlertRule("fails", STATE, pattern="tasks.*")])
    for i in range(5):
        tasks[f"t{i}"] = TaskRecord(id=f"t{i}", name="tasks.always_fails", state="FAILURE", result="ValueError: x")
    alerts.tasks_changed(["t0", "t1", "gone"])
    assert alerts.log == type(alerts.log)() and told == []
    clock.now += SETTLE_SECONDS
    asyncio.run(alerts.check())  # the periodic look tells what settled
    assert [a.title for a in alerts.log] == ["tasks.always_fails failed 2 times in under 1 s"]
    assert told == [ALERTS]
    [note] = alerts.take_notifications()
    assert note.title == "tasks.always_fails failed 2 times in under 1 s" and note.task_id == "t1" and note.tasks == 2
    assert alerts.take_notifications() == []
    alerts.tasks_changed(["t2", "t3", "t4"])  # within the quiet period: held
    clock.now += SETTLE_SECONDS
    asyncio.run(alerts.check())
    assert len(alerts.log) == 1


def test_check_reads_queues_and_workers_and_tracks_when_a_worker_went_offline():
    queues = [SimpleNamespace(name="celery", ready=50)]
    workers = [("w1@h", True), ("w1@h", False)]  # online by ping, not by heartbeat: online
    alerts, clock, told, _ = make(
        [
            AlertRule("backlog", QUEUE_LENGTH, pattern="*", threshold=10),
            AlertRule("down", WORKER_OFFLINE, pattern="*", threshold=5),
        ],
        queues=lambda: queues,
        workers=lambda: workers,
    )
    asyncio.run(alerts.check())
    assert [w.online for w in alerts.worker_states()] == [True]
    workers[:] = [("w1@h", False)]
    asyncio.run(alerts.check())
    went = clock.now
    clock.now += 5 + SETTLE_SECONDS
    asyncio.run(alerts.check())
    clock.now += SETTLE_SECONDS
    asyncio.run(alerts.check())
    assert sorted(a.title for a in alerts.log) == ["queue celery over 10 messages for 0 min", "worker w1@h offline for over 5 s"]
    assert alerts.worker_states()[0].offline_since == went
    answer = alerts.try_rule(AlertRule("t", WORKER_OFFLINE, pattern="w1*", threshold=1))
    assert answer.fires and "w1@h" in answer.text


def test_the_log_is_capped_newest_first_and_cleared():
    alerts, clock, told, tasks = make([AlertRule("fails", STATE, pattern="*", quiet_seconds=0)])
    for i in range(MAX_LOG + 10):
        name = f"tasks.n{i}"
        tasks[name] = TaskRecord(id=name, name=name, state="FAILURE")
        alerts.tasks_changed([name])
        clock.now += SETTLE_SECONDS
    alerts.tasks_changed([])
    assert len(alerts.log) == MAX_LOG and alerts.log[0].subject == f"tasks.n{MAX_LOG + 9}"
    assert len(alerts.take_notifications()) == 20  # the desktop gets the newest few; the log has them all
    alerts.clear_log()
    assert not alerts.log


def test_a_missed_schedule_run_is_read_from_the_schedule_book_and_fires_once():
    from datetime import datetime, timezone

    from desktop.core.domain.alert_rules import SCHEDULE_MISSED

    missed = datetime(2026, 1, 1, 3, 0, tzinfo=timezone.utc)

    class Book:  # what Alerts reads of ScheduleBook: its rows (with missed runs), when read, refresh()
        read_at = None
        rows: list = []
        refreshed = 0

        async def refresh(self):
            self.refreshed += 1
            self.read_at = datetime.now(timezone.utc)
            entry = SimpleNamespace(name="nightly-report", task="proj.report", enabled=True)
            off = SimpleNamespace(name="nightly-off", task="proj.report", enabled=False)
            self.rows = [SimpleNamespace(entry=entry, missed=missed), SimpleNamespace(entry=off, missed=missed)]

    book = Book()
    alerts, clock, told, _ = make([AlertRule("beat", SCHEDULE_MISSED, pattern="nightly-*")], schedules=book)
    asyncio.run(alerts.check())
    clock.now += SETTLE_SECONDS
    asyncio.run(alerts.check())  # within a minute: the book is not read again
    assert book.refreshed == 1
    [alert] = alerts.log
    assert alert.title == "schedule nightly-report missed a run" and alert.opens == "schedules"
    assert alert.body.startswith("proj.report was due at ")
    clock.now += 60
    asyncio.run(alerts.check())
    clock.now += SETTLE_SECONDS
    asyncio.run(alerts.check())
    assert book.refreshed == 2 and len(alerts.log) == 1  # the same missed run: told once
