"""Queue lengths, purge and unacked counts on a real redis-server (and a real worker for the unacked part)."""

from __future__ import annotations

import time
import uuid

import pytest
import redis
from celery import Celery

from desktop.core.cluster.queues import (
    NOT_REDIS,
    declared_queues,
    purge_queue,
    queue_lengths,
    queues_to_watch,
    scheduled_timeline,
)
from desktop.core.runtime.demo import WorkerProcess, wait_for_workers
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration

PRIORITY_DB = db("test_queues", "priority")  # no worker: messages stay where they were put
WORKER_DB = db("test_queues", "worker")  # one worker holding ETA tasks
DECLARED_DB = db("test_queues", "declared")  # no worker; each test cleans up the queue it made
PRIORITY_OPTIONS = {
    "priority_steps": list(range(10)),
    "sep": ":",
    "queue_order_strategy": "priority",
    "global_keyprefix": "myapp:",
}


def raw_client(server, db: int) -> redis.Redis:
    return redis.Redis(host="127.0.0.1", port=server.port, password=server.password, db=db)


def make_app(broker_url: str, **conf) -> Celery:
    app = Celery(f"queues-test-{uuid.uuid4().hex[:6]}", broker=broker_url, set_as_current=False)
    app.conf.update(broker_connection_retry_on_startup=False, **conf)
    return app


@pytest.fixture
def priority_app(redis_server):
    raw = raw_client(redis_server, PRIORITY_DB)
    raw.flushdb()
    app = make_app(redis_server.url(PRIORITY_DB), broker_transport_options=dict(PRIORITY_OPTIONS))
    yield app, raw
    app.close()
    raw.flushdb()
    raw.close()


def send_priorities(app: Celery, queue: str, priorities: list[int]) -> None:
    with app.producer_or_acquire() as producer:
        for priority in priorities:
            app.send_task("tasks.add", args=(priority, 1), queue=queue, priority=priority, producer=producer)


def test_priority_sub_queues_and_key_prefix_are_counted(priority_app):
    app, raw = priority_app
    priorities = [0, 0, 3, 5, 5, 5, 9]
    send_priorities(app, "prio", priorities)
    send_priorities(app, "other", [7])

    [prio, other, empty] = queue_lengths(app, ["prio", "other", "nothing-here"])

    assert prio.ready == len(priorities) and prio.error == ""
    assert prio.by_priority == ((0, 2), (3, 1), (5, 3), (9, 1))
    assert other.ready == 1 and other.by_priority == ((7, 1),)
    assert empty.ready == 0 and empty.by_priority == ()
    assert prio.unacked == 0 and prio.unacked_total == 0 and prio.scheduled is None
    # What a naive `LLEN <name>` (Flower's count) sees: nothing without the prefix, only priority 0 with it.
    assert raw.llen("prio") == 0
    assert raw.llen("myapp:prio") == 2
    assert sorted(k.decode() for k in raw.keys("myapp:prio*")) == ["myapp:prio", "myapp:prio:3", "myapp:prio:5", "myapp:prio:9"]


def test_unacked_with_key_prefix_is_read_from_kombus_own_hash(priority_app):
    app, raw = priority_app
    send_priorities(app, "prio", [0, 4, 4])
    send_priorities(app, "other", [1])
    with app.connection_for_read() as consumer:
        channel = consumer.default_channel
        held = [channel.basic_get("prio", no_ack=False) for _ in range(2)]  # kombu's QoS files them as unacked
        assert all(held) and raw.hlen("myapp:unacked") == 2 and raw.hlen("unacked") == 0

        [prio, other] = queue_lengths(app, ["prio", "other"])
        assert prio.ready == 1 and prio.by_priority == ((4, 1),)
        assert prio.unacked == 2 and prio.unacked_total == 2 and other.unacked == 0
        assert prio.note == ""

        [only_other] = queue_lengths(app, ["other"])  # held messages of an unwatched queue are said to be elsewhere
        assert only_other.unacked == 0 and "2 unacked message(s) belong to none of these queues" in only_other.note
        channel.basic_ack(held[0].delivery_tag)
        assert queue_lengths(app, ["prio"])[0].unacked == 1


def test_purge_empties_every_priority_sub_queue(priority_app):
    app, raw = priority_app
    send_priorities(app, "prio", [0, 2, 4, 4, 8])
    send_priorities(app, "kept", [1])

    assert purge_queue(app, "prio") == 5
    [prio, kept] = queue_lengths(app, ["prio", "kept"])
    assert prio.ready == 0 and prio.by_priority == ()
    assert kept.ready == 1  # the other queue is untouched
    assert raw.keys("myapp:prio*") == []
    assert purge_queue(app, "prio") == 0


def test_a_key_that_is_not_a_list_is_an_error_on_its_row_only(priority_app):
    app, raw = priority_app
    raw.set("myapp:broken", "not a list")
    send_priorities(app, "fine", [0])
    [broken, fine] = queue_lengths(app, ["broken", "fine"])
    assert broken.ready is None and "WRONGTYPE" in broken.error
    assert fine.ready == 1 and fine.error == ""


def test_a_broker_that_is_not_redis_explains_itself():
    app = make_app("memory://")
    records = queue_lengths(app, ["celery", "other"], active_queues={"w@h": [{"name": "celery"}]})
    assert [r.name for r in records] == ["celery", "other"]
    assert all(r.error.startswith(NOT_REDIS) and r.ready is None for r in records)
    assert records[0].consumers == ("w@h",)
    app.close()


def test_unacked_and_scheduled_match_what_the_worker_holds(redis_server, tmp_path):
    url = redis_server.url(WORKER_DB)
    raw = raw_client(redis_server, WORKER_DB)
    raw.flushdb()
    hostname = f"queues-{uuid.uuid4().hex[:6]}@127.0.0.1"
    worker = WorkerProcess(
        url,
        url,
        app_module="desktop.tasks",
        hostname=hostname,
        concurrency=1,
        queues=["held"],
        extra_args=["--prefetch-multiplier", "1"],
        logfile=tmp_path / "worker.log",
    )
    app = make_app(url)
    worker.start()
    try:
        wait_for_workers(url, 1, timeout=60, procs=[worker])
        ids = [app.send_task("tasks.add", args=(i, i), queue="held", countdown=60).id for i in range(3)]
        app.send_task("tasks.add", args=(9, 9), queue="waiting")  # no worker consumes it
        inspector = app.control.inspect(destination=[hostname], timeout=2.0, limit=1)

        deadline = time.monotonic() + 10
        while True:
            scheduled = inspector.scheduled() or {}
            if len(scheduled.get(hostname, [])) == 3 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        active_queues = inspector.active_queues() or {}

        names = queues_to_watch(app, active_queues)
        assert names == ["celery", "held", "waiting"]  # default, consumed, and sent to by this app
        [celery, held, waiting] = queue_lengths(app, names, active_queues=active_queues, scheduled=scheduled)
        assert held.consumers == (hostname,) and celery.consumers == ()
        assert held.ready == 0 and waiting.ready == 1
        assert held.scheduled == 3 == len(scheduled[hostname])
        assert held.unacked == 3 and held.unacked_total == 3
        assert celery.unacked == 0 and waiting.unacked == 0 and waiting.scheduled == 0
        [held_big] = queue_lengths(app, ["held"], unacked_scan_limit=2)
        assert held_big.unacked is None and held_big.unacked_total == 3 and "too many" in held_big.note
        timeline = scheduled_timeline(scheduled, time.time())
        assert sorted(t.id for t in timeline) == sorted(ids)
        assert all(t.worker == hostname and t.routing_key == "held" and 30 < t.seconds_until <= 60 for t in timeline)

        # Clean up: revoke, stop the worker (kombu puts what it held back on the queue), purge.
        app.control.revoke(ids)
        worker.stop()
        [held] = queue_lengths(app, ["held"])
        assert held.ready == 3 and held.unacked == 0 and held.unacked_total == 0
        assert purge_queue(app, "held") == 3 and purge_queue(app, "waiting") == 1
        assert [r.ready for r in queue_lengths(app, ["held", "waiting"])] == [0, 0]
    finally:
        worker.stop()
        app.close()
        raw.flushdb()
        raw.close()


def test_declared_queues_name_a_queue_nobody_consumes(redis_server):
    app = Celery("declared", broker=redis_server.url(DECLARED_DB), backend=None)
    app.conf.broker_transport_options = {"global_keyprefix": "declared:"}
    try:
        app.send_task("tasks.add", args=(1, 1), queue="nobody-reads-this")
        names = declared_queues(app)
        assert "nobody-reads-this" in names
        assert not any(n.endswith(".pidbox") or n.startswith("celeryev.") for n in names)
        [record] = queue_lengths(app, ["nobody-reads-this"])
        assert record.ready == 1
        assert purge_queue(app, "nobody-reads-this") == 1
    finally:
        app.close()


def test_a_producer_with_other_priority_steps_is_counted_whole(redis_server):
    """The producer splits priorities 0-9 into ten sub-queues; the console's own app has kombu's default four steps."""
    producer = Celery("producer", broker=redis_server.url(DECLARED_DB), backend=None)
    producer.conf.broker_transport_options = {"priority_steps": list(range(10)), "queue_order_strategy": "priority"}
    console = Celery("console", broker=redis_server.url(DECLARED_DB), backend=None)
    queue = f"steps-{uuid.uuid4().hex[:6]}"
    try:
        for priority in (1, 2, 4, 5, 7, 8, 8):
            producer.send_task("tasks.add", args=(1, 1), queue=queue, priority=priority)
        [record] = queue_lengths(console, [queue])
        assert record.ready == 7
        assert purge_queue(console, queue) == 7
        assert queue_lengths(console, [queue])[0].ready == 0
    finally:
        redis.Redis.from_url(redis_server.url(DECLARED_DB)).delete(*[queue] + [f"{queue}\x06\x16{p}" for p in range(10)])
        producer.close()
        console.close()
