"""Alert rules: each kind fires on what it should, each task counts once, bursts are grouped, quiet periods hold."""

from __future__ import annotations

import pytest

from desktop.core.domain.alert_rules import (
    FAILURE_RATE,
    GATHER_SECONDS,
    QUEUE_LENGTH,
    RETRIES,
    RUNTIME,
    SCHEDULE_MISSED,
    SETTLE_SECONDS,
    STATE,
    WORKER_OFFLINE,
    AlertEngine,
    AlertRule,
    QueueSample,
    RuleError,
    ScheduleMiss,
    WorkerSeen,
    checked,
    rule_from_text,
    span_text,
    try_rule,
)
from desktop.core.domain.records import TaskRecord


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def failed(i: int, name: str = "tasks.sync", **more) -> TaskRecord:
    return TaskRecord(id=f"t{i}", name=name, state="FAILURE", result="ValueError: boom", **more)


def engine(*rules: AlertRule) -> tuple[AlertEngine, Clock]:
    clock = Clock()
    return AlertEngine(rules, clock=clock), clock


def test_a_state_rule_matches_the_glob_and_the_state_only():
    alerts, clock = engine(AlertRule("billing", STATE, pattern="proj.billing.*", state="FAILURE"))
    alerts.tasks_changed(
        [
            failed(1, "proj.billing.charge"),
            failed(2, "proj.shipping.send"),
            TaskRecord(id="t3", name="proj.billing.refund", state="SUCCESS"),
        ]
    )
    assert alerts.due() == []  # gathering: more may come
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "proj.billing.charge failed" and alert.task_id == "t1" and alert.count == 1
    assert "ValueError: boom" in alert.body and "rule billing" in alert.body
    assert alert.notification().task_id == "t1"


def test_a_burst_is_one_alert_and_each_task_counts_once():
    alerts, clock = engine(AlertRule("sync", STATE, pattern="tasks.sync"))
    for i in range(20):
        alerts.tasks_changed([failed(i)])
        alerts.tasks_changed([failed(i)])  # the same row again (events, then the poller): counted once
        clock.tick(0.1)
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "tasks.sync failed 20 times in 2 s" and alert.count == 20 and alert.task_id == "t19"
    assert alert.body.startswith("latest: ValueError: boom")
    assert alerts.due() == []


def test_a_steady_stream_is_told_after_the_gather_window_then_once_a_quiet_period():
    alerts, clock = engine(AlertRule("sync", STATE, pattern="tasks.sync", quiet_seconds=300))
    told = []
    for i in range(400):  # one failure a second for 400 s
        alerts.tasks_changed([failed(i)])
        told += [(clock.now - 1_000_000.0, a.title) for a in alerts.due()]
        clock.tick(1)
    assert told[0] == (GATHER_SECONDS, "tasks.sync failed 11 times in 10 s")
    assert told[1] == (300.0, "tasks.sync failed 290 times in 5 min")  # the quiet period (11 s to 300 s), then what it held
    assert len(told) == 2  # the next one when the second period ends


def test_quiet_period_ends_with_nothing_held_and_the_next_hit_is_told_at_once():
    alerts, clock = engine(AlertRule("sync", STATE, pattern="tasks.sync", quiet_seconds=60))
    alerts.tasks_changed([failed(1)])
    clock.tick(SETTLE_SECONDS)
    assert len(alerts.due()) == 1
    clock.tick(60)
    assert alerts.due() == []  # nothing in the period: the group closes
    alerts.tasks_changed([failed(2)])
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "tasks.sync failed"


def test_groups_are_per_subject():
    alerts, clock = engine(AlertRule("any failure", STATE, pattern="*"))
    alerts.tasks_changed([failed(1, "a"), failed(2, "b"), failed(3, "a")])
    clock.tick(SETTLE_SECONDS)
    titles = sorted(a.title for a in alerts.due())
    assert titles == ["a failed 2 times in under 1 s", "b failed"]


def test_runtime_rule_fires_for_an_ended_slow_task_and_for_one_still_running():
    alerts, clock = engine(AlertRule("slow", RUNTIME, pattern="tasks.*", threshold=2))
    now = clock.now
    alerts.tasks_changed(
        [
            TaskRecord(id="fast", name="tasks.add", state="SUCCESS", started_at=now - 1, date_done=now),
            TaskRecord(id="slow", name="tasks.slow", state="SUCCESS", started_at=now - 3, date_done=now),
            TaskRecord(id="long", name="tasks.long", state="STARTED", started_at=now),
        ]
    )
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "tasks.slow ran over 2 s" and "took 3.0 s" in alert.body
    clock.tick(1)
    alerts.sample()
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.task_id == "long" and "running for" in alert.body
    alerts.tasks_changed([TaskRecord(id="long", name="tasks.long", state="SUCCESS", started_at=now, date_done=now + 9)])
    clock.tick(SETTLE_SECONDS)
    assert alerts.due() == []  # told already while running


def test_retries_rule():
    alerts, clock = engine(AlertRule("flaky", RETRIES, pattern="tasks.flaky", threshold=2))
    alerts.tasks_changed(
        [TaskRecord(id="a", name="tasks.flaky", retries=2), TaskRecord(id="b", name="tasks.flaky", state="RETRY", retries=3)]
    )
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "tasks.flaky retried over 2 times" and alert.task_id == "b" and "3 retries" in alert.body


def test_failure_rate_rule_counts_failures_in_the_last_minute():
    alerts, clock = engine(AlertRule("rate", FAILURE_RATE, pattern="tasks.*", threshold=3))
    for i in range(3):
        alerts.tasks_changed([failed(i)])
        clock.tick(30)  # spread out: never more than 2 in a minute
    clock.tick(SETTLE_SECONDS)
    assert alerts.due() == []
    for i in range(10, 14):
        alerts.tasks_changed([failed(i)])
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "tasks.sync failed over 3 times a minute" and "5 failures in the last minute" in alert.body
    clock.tick(100)
    for i in range(20, 30):
        alerts.tasks_changed([failed(i)])  # the first 3 within the new minute are under the rate
    clock.tick(300)
    [alert] = alerts.due()
    assert alert.title == "tasks.sync failed 7 times in 7 min (over 3 a minute)"  # from the first alert to this look


def test_queue_length_rule_fires_once_the_queue_stayed_long_for_m_minutes():
    alerts, clock = engine(AlertRule("backlog", QUEUE_LENGTH, pattern="celery", threshold=100, minutes=2))
    for _ in range(12):  # 110 s over
        alerts.sample(queues=[QueueSample("celery", 500), QueueSample("other", 900)])
        clock.tick(10)
    assert alerts.due() == []
    alerts.sample(queues=[QueueSample("celery", 50)])  # dipped under: starts again
    clock.tick(10)
    for _ in range(13):
        alerts.sample(queues=[QueueSample("celery", 500)])
        clock.tick(10)
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "queue celery over 100 messages for 2 min" and alert.opens == "queues" and "500 messages" in alert.body
    alerts.sample(queues=[QueueSample("celery", 600)])
    clock.tick(SETTLE_SECONDS)
    assert alerts.due() == []  # the same episode


def test_worker_offline_rule_fires_after_n_seconds_once_an_episode():
    alerts, clock = engine(AlertRule("down", WORKER_OFFLINE, pattern="w*", threshold=30, quiet_seconds=0))
    since = clock.now
    alerts.sample(workers=[WorkerSeen("w1", False, since), WorkerSeen("x1", False, since)])
    assert alerts.due() == []
    clock.tick(30)
    alerts.sample(workers=[WorkerSeen("w1", False, since)])
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "worker w1 offline for over 30 s" and alert.opens == "workers"
    alerts.sample(workers=[WorkerSeen("w1", False, since)])
    clock.tick(SETTLE_SECONDS)
    assert alerts.due() == []
    alerts.sample(workers=[WorkerSeen("w1", True)])
    again = clock.now
    clock.tick(31)
    alerts.sample(workers=[WorkerSeen("w1", False, again)])
    clock.tick(SETTLE_SECONDS)
    assert [a.title for a in alerts.due()] == ["worker w1 offline for over 30 s"]


def test_schedule_missed_rule_fires_once_a_missed_run():
    alerts, clock = engine(AlertRule("beat", SCHEDULE_MISSED, pattern="nightly-*"))
    miss = ScheduleMiss("nightly-report", "proj.report", clock.now - 600)
    alerts.sample(schedules=[miss, ScheduleMiss("hourly", "proj.ping", clock.now)])
    alerts.sample(schedules=[miss])
    clock.tick(SETTLE_SECONDS)
    [alert] = alerts.due()
    assert alert.title == "schedule nightly-report missed a run" and "proj.report was due at" in alert.body


def test_a_disabled_rule_does_nothing_and_an_unchanged_rule_keeps_its_state():
    rule = AlertRule("sync", STATE, pattern="tasks.sync")
    alerts, clock = engine(rule, AlertRule("off", STATE, enabled=False))
    alerts.tasks_changed([failed(1)])
    alerts.set_rules([rule])
    clock.tick(SETTLE_SECONDS)
    assert [a.rule for a in alerts.due()] == ["sync"]
    alerts.set_rules([AlertRule("sync", STATE, pattern="tasks.*")])  # changed: afresh
    alerts.tasks_changed([failed(1)])
    clock.tick(SETTLE_SECONDS)
    assert len(alerts.due()) == 1


def test_validation_names_each_wrong_field():
    with pytest.raises(RuleError) as raised:
        rule_from_text("", RUNTIME, True, "", "", "soon", "", "x")
    assert set(raised.value.errors) == {"name", "pattern", "threshold", "quiet_seconds"}
    assert raised.value.errors["threshold"] == "'soon' is not a number"
    with pytest.raises(RuleError) as raised:
        rule_from_text("r", RUNTIME, True, "tasks.*", "", "", "", "")
    assert raised.value.errors == {"threshold": "seconds must be a number above 0"}
    with pytest.raises(RuleError) as raised:
        checked(AlertRule("r", STATE, state="failed"))
    assert "not a state" in raised.value.errors["state"]
    with pytest.raises(RuleError) as raised:
        checked(AlertRule("r", RETRIES, threshold=2.5))
    assert raised.value.errors == {"threshold": "N must be a whole number"}
    with pytest.raises(RuleError):
        checked(AlertRule("r", "nonsense"))
    rule = rule_from_text(" billing ", STATE, True, " proj.* ", "failure", "", "", "10")
    assert rule == AlertRule("billing", STATE, True, "proj.*", "FAILURE", 0.0, 0.0, 600.0)
    assert AlertRule.from_json("billing", rule.to_json()) == rule


def test_span_text():
    assert [span_text(s) for s in (0.2, 2, 59, 60, 300, 3599, 3600, 5400)] == [
        "1 s",
        "2 s",
        "59 s",
        "1 min",
        "5 min",
        "60 min",
        "1 h",
        "1.5 h",
    ]


def test_try_rule_says_what_it_would_fire_on_now():
    now = 1_000_000.0
    tasks = [
        failed(1, "tasks.a", date_done=now - 5),
        failed(2, "tasks.a", date_done=now - 5),
        failed(3, "tasks.b", date_done=now - 5),
    ]
    answer = try_rule(AlertRule("r", STATE, pattern="tasks.*"), tasks, now=now)
    assert answer.fires and answer.text == "would fire: 3 tasks matched (tasks.a, tasks.b)"
    answer = try_rule(AlertRule("r", STATE, pattern="other.*"), tasks, now=now)
    assert not answer.fires and answer.text.startswith("would not fire now")
    assert try_rule(AlertRule("r", FAILURE_RATE, pattern="*", threshold=1), tasks, now=now).text == (
        "would fire: tasks.a failed 2 times in the last minute"
    )
    queues = [QueueSample("celery", 12)]
    assert try_rule(AlertRule("r", QUEUE_LENGTH, pattern="*", threshold=10, minutes=5), [], queues, now=now).text == (
        "would fire if it lasts 5 min: over 10 now: celery (12)"
    )
    workers = [WorkerSeen("w1", False, now - 40)]
    assert try_rule(AlertRule("r", WORKER_OFFLINE, pattern="*", threshold=30), [], workers=workers, now=now).fires
    assert not try_rule(AlertRule("r", SCHEDULE_MISSED, pattern="*"), [], now=now).fires


def test_a_new_rule_counts_from_now_not_what_already_happened():
    clock = Clock()
    old_failure = failed(1, date_done=clock.now - 60)  # the history brings it back at start
    held = failed(2, date_done=clock.now - 1)  # in the window when the rule is saved
    alerts = AlertEngine(clock=clock)
    alerts.set_rules([AlertRule("sync", STATE, pattern="tasks.sync")], present=[held])
    alerts.tasks_changed([old_failure, held])  # both changed again (a poll, a late event)
    clock.tick(SETTLE_SECONDS)
    assert alerts.due() == []
    alerts.tasks_changed([failed(3, date_done=clock.now)])
    clock.tick(SETTLE_SECONDS)
    assert [a.task_id for a in alerts.due()] == ["t3"]
