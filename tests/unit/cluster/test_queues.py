"""The queue view's pure logic: which queues to watch, the ETA timeline, unacked attribution."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from celery import Celery
from kombu import Exchange, Queue

from desktop.core.cluster.queues import (
    QueueRecord,
    ScheduledTask,
    _count_scheduled,
    _count_unacked,
    is_task_queue,
    queues_to_watch,
    scheduled_timeline,
)


def queue_entry(name: str, exchange: str | None = None, kind: str = "direct") -> dict:
    """One queue as ``inspect().active_queues()`` reports it (trimmed)."""
    return {"name": name, "exchange": {"name": exchange or name, "type": kind}, "routing_key": name, "bindings": []}


def app_with(**conf) -> Celery:
    app = Celery("queues-unit", broker="memory://", set_as_current=False)
    app.conf.update(**conf)
    return app


def test_watch_what_workers_consume_and_what_the_app_routes_to():
    app = app_with(
        task_queues=[
            Queue("default", Exchange("default"), routing_key="default"),
            Queue("hipri", Exchange("tasks"), routing_key="hi"),
        ],
        task_default_queue="default",
    )
    replies = {
        "w1@h": [queue_entry("video"), queue_entry("hipri", "tasks")],
        "w2@h": [queue_entry("video"), queue_entry("bcast.7f3a", "bcast", "fanout")],
    }
    assert queues_to_watch(app, replies) == ["default", "hipri", "video"]


def test_without_task_queues_the_default_queue_is_watched():
    assert queues_to_watch(app_with(), None) == ["celery"]
    assert queues_to_watch(app_with(task_default_queue="jobs"), {}) == ["jobs"]


def test_control_event_and_broadcast_queues_are_not_task_queues():
    replies = {
        "w@h": [
            queue_entry("celery"),
            queue_entry("w@h.celery.pidbox", "celery.pidbox", "fanout"),
            queue_entry("0f1e.reply.celery.pidbox", "reply.celery.pidbox"),
            queue_entry("celeryev.8d2c", "celeryev", "topic"),
            queue_entry("broadcast_tasks", "broadcast_tasks", "fanout"),
        ]
    }
    assert queues_to_watch(app_with(), replies) == ["celery"]
    assert is_task_queue("celery") and not is_task_queue("celery.pidbox") and not is_task_queue("celeryev.x")
    assert not is_task_queue("bcast", "fanout")


def test_garbage_in_active_queues_replies_is_skipped():
    replies = {
        "w1@h": None,
        "w2@h": "error: no such command",
        "w3@h": [None, 42, {"name": ""}, {"name": 7}, {"exchange": "x"}, {"name": "ok", "exchange": "plain-string"}],
        17: [queue_entry("numeric-hostname")],
    }
    assert queues_to_watch(app_with(), replies) == ["celery", "ok"]
    assert queues_to_watch(app_with(), ["not", "a", "mapping"]) == ["celery"]


NOW = datetime(2030, 1, 1, 12, 0, 0, tzinfo=timezone.utc).timestamp()


def scheduled_entry(task_id: str, eta: object, **request) -> dict:
    """One entry as ``inspect().scheduled()`` reports it (celery 5: the timer priority is always 6)."""
    return {
        "eta": eta,
        "priority": 6,
        "request": {
            "id": task_id,
            "name": "tasks.add",
            "args": [1, 2],
            "kwargs": {},
            "type": "tasks.add",
            "hostname": "w@h",
            "time_start": None,
            "acknowledged": False,
            "delivery_info": {"exchange": "", "routing_key": "held", "priority": 3, "redelivered": False},
            "worker_pid": None,
            **request,
        },
    }


def test_timeline_is_sorted_by_run_time_across_workers():
    replies = {
        "a@h": [
            scheduled_entry("late", "2030-01-01T12:05:00+00:00"),
            scheduled_entry("soon", "2030-01-01T12:00:30.500000+00:00"),
        ],
        "b@h": [scheduled_entry("middle", "2030-01-01T14:01:00+02:00", args=["x" * 100], kwargs={"user": "ann", "n": 2})],
    }
    timeline = scheduled_timeline(replies, NOW)
    assert [t.id for t in timeline] == ["soon", "middle", "late"]
    soon, middle, late = timeline
    assert soon == ScheduledTask(
        id="soon",
        name="tasks.add",
        eta=NOW + 30.5,
        seconds_until=30.5,
        args="1, 2",
        kwargs="",
        worker="a@h",
        priority=3,
        routing_key="held",
    )
    assert middle.seconds_until == 60 and middle.worker == "b@h"
    assert middle.kwargs == 'user="ann", n=2' and middle.args.endswith("…") and len(middle.args) <= 62
    assert late.seconds_until == 300
    assert late.to_dict()["seconds_until"] == 300


def test_timeline_overdue_naive_and_repr_entries():
    replies = {
        "w@h": [
            scheduled_entry("overdue", "2030-01-01T11:59:50+00:00"),
            scheduled_entry("naive-is-utc", "2030-01-01T12:00:10"),
            scheduled_entry("reprs", "2030-01-01T12:00:20+00:00", args="(1, 2)", kwargs="{'a': 1}", delivery_info=None),
        ]
    }
    overdue, naive, reprs = scheduled_timeline(replies, NOW)
    assert overdue.seconds_until == -10
    assert naive.seconds_until == 10
    assert (reprs.args, reprs.kwargs, reprs.priority, reprs.routing_key) == ("(1, 2)", "{'a': 1}", None, "")


def test_timeline_skips_garbage_and_never_raises():
    good = scheduled_entry("good", "2030-01-01T12:01:00+00:00")
    replies = {
        "w@h": [
            good,
            None,
            "text",
            {"eta": "2030-01-01T12:01:00+00:00"},  # no request
            {"eta": "2030-01-01T12:01:00+00:00", "request": "not a dict"},
            {"eta": "2030-01-01T12:01:00+00:00", "request": {"name": "no id"}},
            {"eta": "2030-01-01T12:01:00+00:00", "request": {"id": ""}},
            scheduled_entry("bad-eta", "next tuesday"),
            scheduled_entry("no-eta", None),
            scheduled_entry("odd-fields", "2030-01-01T12:02:00+00:00", name=None, args=None, kwargs=5),
        ],
        "x@h": None,
        "y@h": {"not": "a list"},
        3: [good],
    }
    timeline = scheduled_timeline(replies, NOW)
    assert [t.id for t in timeline] == ["good", "odd-fields"]
    assert (timeline[1].name, timeline[1].args, timeline[1].kwargs) == ("", "", "5")
    for garbage in (None, [], "x", 42, {"w@h": 42}):
        assert scheduled_timeline(garbage, NOW) == []


class FakeRouter:
    """Routes like the anonymous exchange does; the real one asks kombu's binding table."""

    def queues(self, exchange, routing_key):
        return frozenset([routing_key]) if isinstance(routing_key, str) and routing_key else frozenset()


def unacked_value(exchange: str, routing_key: str) -> bytes:
    return json.dumps([{"body": "…", "properties": {}}, exchange, routing_key]).encode()


def test_unacked_values_are_counted_per_queue_and_garbage_is_unattributed():
    values = [
        unacked_value("", "held"),
        unacked_value("", "held"),
        unacked_value("", "other"),
        unacked_value("", "unwatched"),
        b"not json",
        b'["too", "short"]',
        b'{"a": 1, "b": 2, "c": 3}',
        None,
    ]
    counts, unattributed = _count_unacked(values, FakeRouter(), {"held", "other", "empty"})
    assert (counts["held"], counts["other"], counts["empty"]) == (2, 1, 0)
    assert unattributed == 5


def test_scheduled_counted_per_queue_from_delivery_info():
    replies = {"w@h": [scheduled_entry("a", "x"), scheduled_entry("b", "y"), scheduled_entry("c", "z", delivery_info="?")]}
    counts = _count_scheduled(replies, FakeRouter(), {"held"})
    assert counts["held"] == 2


def test_queue_record_to_dict():
    record = QueueRecord("q", ready=3, by_priority=((0, 1), (9, 2)), unacked=1, unacked_total=4, scheduled=1, consumers=("w@h",))
    assert record.to_dict() == {
        "name": "q",
        "ready": 3,
        "by_priority": [[0, 1], [9, 2]],
        "unacked": 1,
        "unacked_total": 4,
        "scheduled": 1,
        "consumers": ["w@h"],
        "error": "",
        "note": "",
        "broker_consumers": None,
        "dead_letter_of": [],
    }


def test_a_worker_with_another_key_layout_is_reported():
    from celery import Celery

    from desktop.core.live.monitor import ClusterMonitor

    class Client:
        app = Celery("console", broker="redis://127.0.0.1:1/0")

    monitor = ClusterMonitor.__new__(ClusterMonitor)
    monitor.client = Client()
    monitor.conf = {"w1@h": {"broker_transport_options": {"global_keyprefix": "prod:"}}, "w2@h": {}}
    text = monitor.transport_mismatch()
    assert "w1@h uses global_keyprefix='prod:', this connection None" in text and "w2@h" not in text
    assert "-A" in text
    Client.app.conf.broker_transport_options = {"global_keyprefix": "prod:"}
    monitor.conf = {"w1@h": {"broker_transport_options": {"global_keyprefix": "prod:"}}}
    assert monitor.transport_mismatch() == ""
