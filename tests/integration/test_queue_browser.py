"""The queue browser on a real redis-server: pages in the order workers take them, every kind of
message read (or said why not), and delete / move / restore that lose and double nothing, counted
by a real worker's executions (tests/apps/executions.py)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import time
import uuid

import pytest
import redis
from celery import Celery

from desktop.core.cluster.queue_browser import (
    browse_redis,
    delete_redis,
    held_by_workers,
    move_redis,
    restore_redis,
    unacked_redis,
)
from desktop.core.cluster.queues import _priority_keys
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.queued_messages import MessageFilter, call_of
from desktop.core.live import queue_messages
from desktop.core.live import session as session_module
from tests.apps.executions import executions
from tests.support.beat import eventually
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

PRIORITIES = {"priority_steps": [0, 3, 6, 9], "queue_order_strategy": "priority"}


def producer(broker_url: str, **conf) -> Celery:
    app = Celery(f"browser-{uuid.uuid4().hex[:6]}", broker=broker_url, set_as_current=False)
    app.conf.update(broker_connection_retry_on_startup=False, **conf)
    return app


def raw_client(cluster, db: int = 10) -> redis.Redis:
    return redis.Redis(host="127.0.0.1", port=cluster.server.port, password=cluster.server.password, db=db)


def consume_order(app: Celery, queue: str, raw: redis.Redis) -> list[str]:
    """Task ids in the order kombu's BRPOP over the priority steps would take them (emptying the queue)."""
    with app.connection_for_read() as conn:
        keys = [key for _step, key in _priority_keys(conn.default_channel, queue)]
    ids = []
    while (item := raw.brpop(keys, timeout=0.05)) is not None:
        ids.append(json.loads(item[1])["headers"]["id"])
    return ids


@pytest.fixture
def quiet_cluster(cluster_on):
    """A redis-server with no worker: what is sent stays where it was put."""
    cluster = cluster_on("desktop.tasks")
    raw = raw_client(cluster)
    yield cluster, raw
    raw.close()


def test_pages_follow_the_order_workers_take_messages_across_priority_steps(quiet_cluster):
    cluster, raw = quiet_cluster
    app = producer(cluster.broker_url, broker_transport_options=PRIORITIES)
    sent = []
    with app.producer_or_acquire() as p:
        for n in range(30):
            sent.append(app.send_task("tasks.add", args=(n, 1), priority=[0, 3, 6, 9, 5][n % 5], producer=p).id)
    first = browse_redis(app, "celery", limit=12)
    second = browse_redis(app, "celery", offset=12, limit=12)
    last = browse_redis(app, "celery", offset=24, limit=12)
    assert first.total == 30 and [m.position for m in first.messages] == list(range(12))
    assert first.more and second.more and not last.more and len(last.messages) == 6
    browsed = [m.id for page in (first, second, last) for m in page.messages]
    assert sorted(browsed) == sorted(sent)
    assert [m.priority for m in first.messages][:6] == [0] * 6  # priority 0 first on Redis
    row = first.messages[0]
    assert row.task == "tasks.add" and row.protocol == 2 and row.origin and row.size > 100
    assert row.args.startswith("[") and row.kwargs == "{}" and not row.error
    assert browsed == consume_order(app, "celery", raw)  # what the browser showed is what a worker takes
    app.close()


def test_every_kind_of_message_is_read_or_says_why_not(quiet_cluster):
    cluster, raw = quiet_cluster
    app = producer(cluster.broker_url)
    eta_id = app.send_task("tasks.add", args=(1, 2), countdown=600).id
    zipped_id = app.send_task("tasks.xsum", args=([1] * 5000,), compression="gzip").id
    pickled_id = app.send_task("tasks.add", args=(3, 4), serializer="pickle").id
    old = producer(cluster.broker_url, task_protocol=1)
    old_id = old.send_task("tasks.mul", args=(5, 6), kwargs={}, expires=3600).id
    raw.lpush("celery", b"\xff\x00 not a message")
    wrong_shape = {
        "body": base64.b64encode(json.dumps({"x": 1}).encode()).decode(),
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": {"task": "tasks.add", "id": "wrong-shape"},
        "properties": {"body_encoding": "base64", "delivery_info": {"exchange": "", "routing_key": "celery"}},
    }
    raw.lpush("celery", json.dumps(wrong_shape))
    raw.lpush("celery", b"x" * 10_000_000)
    after_id = app.send_task("tasks.add", args=(7, 8)).id

    page = browse_redis(app, "celery")
    by_id = {m.id: m for m in page.messages if m.id}
    assert page.total == 8 and len(page.messages) == 8

    eta = by_id[eta_id]
    assert eta.eta == pytest.approx(time.time() + 600, abs=30) and eta.state() == "ETA"
    zipped = by_id[zipped_id]
    assert zipped.compression == "application/x-gzip" and zipped.args.startswith("[[1, 1") and not zipped.body_note
    pickled = by_id[pickled_id]
    assert pickled.task == "tasks.add" and not pickled.decoded and "pickled, not decoded" in pickled.body_note
    assert pickled.args == "(3, 4)"  # Celery's argsrepr header: what the sender said, not the pickle
    opted_in = {m.id: m for m in browse_redis(app, "celery", allow_pickle=True).messages if m.id}[pickled_id]
    assert opted_in.decoded and opted_in.args == "[3, 4]"
    protocol1 = by_id[old_id]
    assert protocol1.protocol == 1 and protocol1.task == "tasks.mul" and protocol1.args == "[5, 6]"
    assert protocol1.expires == pytest.approx(time.time() + 3600, abs=30)
    assert call_of(protocol1).args == (5, 6) and call_of(protocol1).task == "tasks.mul"
    assert "protocol 2 body that is not [args, kwargs, embed]" in by_id["wrong-shape"].error
    errors = [m.error for m in page.messages if not m.id]
    assert any("not JSON" in e for e in errors) and any("a message of 10 MB: not read" in e for e in errors)
    huge = next(m for m in page.messages if "10 MB" in m.error)
    assert huge.size == 10_000_000 and not huge.raw and "b'xxxx" in huge.error  # its size and first bytes, not its bytes
    refused = delete_redis(app, [huge])
    assert not refused.done and "too large" in refused.failed[0][1] and raw.llen("celery") == 8
    assert by_id[after_id].task == "tasks.add" and not by_id[after_id].error  # the browser kept going
    app.close()
    old.close()


def test_a_filter_finds_messages_by_task_id_and_argument_text_deep_in_a_long_queue(quiet_cluster):
    cluster, raw = quiet_cluster
    app = producer(cluster.broker_url)
    app.send_task("tasks.add", args=(1, 1))
    template = json.loads(raw.rpop("celery"))
    wanted = {}
    with raw.pipeline(transaction=False) as pipe:
        for n in range(100_000):
            message = json.loads(json.dumps(template))
            task_id = f"task-{n:06d}"
            message["headers"]["id"] = task_id
            args = [f"SKU-{n}", n]
            message["body"] = base64.b64encode(json.dumps([args, {}, {}]).encode()).decode()
            if n in (5, 77_777, 99_998):
                wanted[task_id] = n
            pipe.lpush("celery", json.dumps(message))
        pipe.execute()
    first = browse_redis(app, "celery", limit=200)
    assert first.total == 100_000 and len(first.messages) == 200 and first.messages[0].id == "task-000000"
    deep = browse_redis(app, "celery", offset=99_900, limit=200)
    assert [m.id for m in deep.messages] == [f"task-{n:06d}" for n in range(99_900, 100_000)] and not deep.more
    by_text = browse_redis(app, "celery", message_filter=MessageFilter(text="SKU-77777"))
    assert [m.id for m in by_text.messages] == ["task-077777"] and by_text.messages[0].position == 77_777
    by_id = browse_redis(app, "celery", message_filter=MessageFilter(id="task-09999"))
    assert [m.id for m in by_id.messages] == [f"task-{n:06d}" for n in range(99_990, 100_000)]
    capped = browse_redis(app, "celery", message_filter=MessageFilter(text="SKU-99998"), scan_limit=50_000)
    assert not capped.messages and capped.scanned == 50_000 and "first 50,000" in capped.note
    app.close()


def test_delete_and_move_while_a_worker_consumes_lose_and_double_nothing(cluster_on, tmp_path):
    counted = tmp_path / "executions"
    cluster = cluster_on("tests.apps.counted")
    raw = raw_client(cluster)
    app = producer(cluster.broker_url)
    with app.producer_or_acquire() as p:
        ids = [app.send_task("tasks.slow", args=(0.02,), producer=p).id for n in range(400)]  # ~4 s for the worker
    worker = cluster.add_worker("consumer", concurrency=2, extra_env={"CELERY_DESKTOP_TEST_EXECUTIONS": str(counted)})
    eventually(lambda: raw.llen("celery") < 390, 60, "the worker consuming")
    page = browse_redis(app, "celery", offset=150, limit=100)
    assert len(page.messages) == 100
    to_delete, to_move = page.messages[:30], page.messages[30:60]
    deleted = delete_redis(app, to_delete)
    moved = move_redis(app, to_move, "parked")
    assert len(deleted.done) + len(deleted.missing) == 30 and not deleted.failed
    assert len(moved.done) + len(moved.missing) == 30 and not moved.failed
    assert len(deleted.done) >= 20 and len(moved.done) >= 20  # 150 places ahead of the worker
    parked = browse_redis(app, "parked")
    assert sorted(m.id for m in parked.messages) == sorted(moved.done)
    assert all(m.routing_key == "parked" for m in parked.messages)
    eventually(lambda: raw.llen("celery") == 0 and raw.hlen("unacked") == 0, 120, "the queue drained")
    eventually(lambda: sum(executions(counted).values()) == 400 - len(deleted.done) - len(moved.done), 60, "executions")
    runs = executions(counted)
    assert max(runs.values()) == 1  # nothing ran twice
    assert set(runs) == set(ids) - set(deleted.done) - set(moved.done)  # nothing lost
    back = move_redis(app, parked.messages, "celery")
    assert sorted(back.done) == sorted(moved.done) and raw.llen("parked") == 0
    eventually(lambda: set(moved.done) <= set(executions(counted)), 60, "moved back and run")
    assert max(executions(counted).values()) == 1
    again = delete_redis(app, to_delete)  # already deleted: reported, nothing else removed
    assert not again.done and len(again.missing) == 30
    worker.stop()
    app.close()
    raw.close()


def test_messages_a_killed_worker_held_are_named_stuck_and_restored(cluster_on, tmp_path):
    counted = tmp_path / "executions"
    cluster = cluster_on("tests.apps.counted")
    raw = raw_client(cluster)
    app = producer(cluster.broker_url)
    worker = cluster.add_worker(
        "doomed",
        concurrency=1,
        extra_args=("--prefetch-multiplier=4",),
        extra_env={"CELERY_DESKTOP_TEST_EXECUTIONS": str(counted)},
    )
    running_id = app.send_task("tasks.long_progress", kwargs={"total": 600, "delay": 0.1}).id
    held = [app.send_task("tasks.add", args=(n, 1)).id for n in range(4)]
    eventually(lambda: raw.hlen("unacked") >= 4 and running_id in executions(counted), 60, "four held")
    rows, count, _note = unacked_redis(app)
    assert count >= 4 and set(held) <= {r.id for r in rows}
    row = next(r for r in rows if r.id == held[0])
    assert row.queue == "celery" and row.task == "tasks.add"
    assert row.restore_at == pytest.approx(row.delivered_at + 3600) and row.delivered_at == pytest.approx(time.time(), abs=60)

    os.killpg(worker.proc.pid, signal.SIGKILL)
    worker.proc.wait(10)
    assert held_by_workers({}, {}, {}) == {}  # no worker answers: nothing reports them
    stuck = [r for r in unacked_redis(app)[0] if r.id in held]
    assert len(stuck) == 4 and raw.llen("celery") == 0
    outcome = restore_redis(app, stuck)
    assert sorted(outcome.done) == sorted(held) and not outcome.missing
    assert raw.hlen("unacked") == 0 and raw.llen("celery") == 4
    waiting = browse_redis(app, "celery")
    assert {m.id for m in waiting.messages} == set(held) and all(m.redelivered for m in waiting.messages)
    assert restore_redis(app, stuck).missing  # a second restore finds nothing to put back

    cluster.add_worker("rescuer", concurrency=2, extra_env={"CELERY_DESKTOP_TEST_EXECUTIONS": str(counted)})
    eventually(lambda: set(held) <= set(executions(counted)), 60, "restored messages run")
    time.sleep(1)
    runs = executions(counted)
    assert all(runs[task_id] == 1 for task_id in held) and runs[running_id] == 1
    app.close()
    raw.close()


def test_held_by_workers_reads_active_reserved_and_scheduled_replies():
    active = {"w1@h": [{"id": "a", "name": "tasks.add"}], "w2@h": "garbage"}
    reserved = {"w2@h": [{"id": "b"}, {"no": "id"}, 7]}
    scheduled = {"w1@h": [{"eta": "2026-12-05T10:00:00", "request": {"id": "c"}}]}
    assert held_by_workers(active, reserved, scheduled) == {"a": "w1@h", "b": "w2@h", "c": "w1@h"}
    assert held_by_workers(None) == {}


def test_broadcast_and_celery_internal_queues_are_left_out_with_a_note(quiet_cluster):
    from kombu.common import Broadcast

    cluster, _raw = quiet_cluster
    app = producer(cluster.broker_url, task_queues=[Broadcast("everyone")])
    for name in ("everyone", "celery@host.celery.pidbox", "celeryev.1234"):
        page = browse_redis(app, name)
        assert not page.messages and "broadcast" in page.note and page.delete_reason and page.move_reason
    app.close()


def test_a_page_brings_over_at_most_its_budget_and_a_server_without_scripts_is_still_read(cluster_on, monkeypatch):

    cluster = cluster_on("desktop.tasks", server_config=('rename-command EVAL ""',))
    app = producer(cluster.broker_url)
    ids = [app.send_task("tasks.add", args=(n, 1)).id for n in range(5)]
    page = browse_redis(app, "celery")  # EVAL refused: plain LRANGE, every message read
    assert [m.id for m in page.messages] == ids and not page.note
    app.close()


def test_the_page_budget_keeps_big_messages_as_sizes(quiet_cluster, monkeypatch):
    from desktop.core.cluster import queue_browser

    cluster, raw = quiet_cluster
    monkeypatch.setattr(queue_browser, "PAGE_BUDGET", 3_000)
    app = producer(cluster.broker_url)
    ids = [app.send_task("tasks.add", args=(n, 1)).id for n in range(6)]  # ~940 bytes each
    page = browse_redis(app, "celery")
    read = [m.id for m in page.messages if m.id]
    assert 2 <= len(read) <= 3 and read == ids[: len(read)]
    assert all("not read" in m.error and m.size > 900 for m in page.messages if not m.id)
    app.close()


def test_not_redis_is_said(tmp_path):
    app = Celery("not-redis", broker=f"filesystem://{tmp_path}", set_as_current=False)
    page = browse_redis(app, "celery")
    assert not page.messages and "Redis" in page.note and page.delete_reason
    assert unacked_redis(app)[2]


def test_prefixed_keys_are_browsed_deleted_moved_and_restored_where_kombu_keeps_them(quiet_cluster):
    cluster, raw = quiet_cluster
    app = producer(cluster.broker_url, broker_transport_options={"global_keyprefix": "myapp:", **PRIORITIES})
    ids = [app.send_task("tasks.add", args=(n, 1), priority=3 * (n % 2)).id for n in range(6)]
    assert raw.llen("myapp:celery") == 3
    page = browse_redis(app, "celery")
    assert sorted(m.id for m in page.messages) == sorted(ids)
    assert delete_redis(app, page.messages[:1]).done == (page.messages[0].id,)
    assert move_redis(app, page.messages[1:2], "other").done == (page.messages[1].id,)
    assert browse_redis(app, "other").messages[0].id == page.messages[1].id
    assert browse_redis(app, "celery").total == 4  # the prefixed lists, nothing left unprefixed
    assert not [k for k in raw.keys("*") if not k.startswith(b"myapp:")]
    app.close()


def test_a_stuck_task_row_says_why_and_restore_now_clears_it(cluster_on, tmp_path, monkeypatch):
    """Rows of tasks whose messages a killed worker held: marked stuck with since/until, restored, run once."""
    monkeypatch.setattr(queue_messages, "STUCK_AFTER", 1.0)
    monkeypatch.setattr(session_module, "STUCK_CHECK_SECONDS", 0.5)
    counted = tmp_path / "executions"
    cluster = cluster_on("tests.apps.counted")
    env = {"CELERY_DESKTOP_TEST_EXECUTIONS": str(counted)}
    worker = cluster.add_worker("doomed", concurrency=1, extra_args=("--prefetch-multiplier=4",), extra_env=env)
    session = session_for(cluster.broker_url, cluster.backend_url)

    async def scenario():
        async with running(session):
            await wait_until(lambda: any(w.online for w in session.monitor.workers()), 60, "worker online")
            first = await session.send_call(CallSpec("tasks.long_progress", kwargs={"total": 600, "delay": 0.1}))
            await wait_until(lambda: session.tasks[first.value[0].task_id].state == "PROGRESS", 30, "running")
            sent = await session.send_call(CallSpec("tasks.add", args=(1, 2)), count=3)
            ids = [call.task_id for call in sent.value]
            await asyncio.sleep(2)
            assert not any(session.tasks[i].warning for i in ids)  # held by a live worker that reports them
            await asyncio.get_running_loop().run_in_executor(None, lambda: os.killpg(worker.proc.pid, signal.SIGKILL))
            await wait_until(lambda: all("unacknowledged since" in session.tasks[i].warning for i in ids), 60, "stuck mark")
            warning = session.tasks[ids[0]].warning
            assert "visibility_timeout 3600 s" in warning and "Restore now" in warning
            held = await session.queue_messages.held()
            stuck = [m for m in held.value if m.id in ids]
            assert len(stuck) == 3 and all(m.stuck and not m.held_by for m in stuck)
            outcome = await session.queue_messages.restore(stuck)
            assert sorted(outcome.value.done) == sorted(ids)
            await wait_until(lambda: not any("unacknowledged" in session.tasks[i].warning for i in ids), 30, "marks cleared")
            cluster.add_worker("rescuer", concurrency=2, extra_env=env)
            await wait_until(lambda: all(session.tasks[i].state == "SUCCESS" for i in ids), 90, "restored tasks ran")
        runs = executions(counted)
        assert all(runs[i] == 1 for i in ids)

    run(session, scenario)


def test_an_oversized_unacked_entry_is_shown_by_its_size_and_can_still_be_restored(quiet_cluster):
    cluster, raw = quiet_cluster
    app = producer(cluster.broker_url)
    app.send_task("tasks.add", args=(1, 1))
    message = json.loads(raw.rpop("celery"))
    message["headers"]["padding"] = "x" * 5_000_000
    tag = message["properties"]["delivery_tag"]
    raw.hset("unacked", tag, json.dumps([message, "", "celery"]))
    raw.zadd("unacked_index", {tag: time.time() - 60})
    rows, count, _note = unacked_redis(app, queue="celery")
    assert (
        count == 1
        and len(rows) == 1
        and "MB: not read" in rows[0].error
        and rows[0].size > 5_000_000
        and rows[0].delivery_tag == tag
    )
    assert restore_redis(app, rows).done and raw.llen("celery") == 1 and raw.hlen("unacked") == 0
    app.close()
