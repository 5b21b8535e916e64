"""ClusterClient and ConsoleSession against a real redis-server and a real worker."""

from __future__ import annotations

import asyncio
import json
import pickle
import time
import uuid

import pytest
import redis

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import Reachability, TaskRecord
from desktop.core.live.session import ConsoleSession
from tests.support.redis_dbs import db

pytestmark = pytest.mark.integration


def client_for(broker: str | None, backend: str | None, **profile_options) -> ClusterClient:
    profile = ConnectionProfile(broker_url=broker, backend_url=backend, **profile_options)
    return ClusterClient(build_console_app(profile), profile, timeout=5.0)


async def wait_ready(session: ConsoleSession, task_id: str, timeout: float = 30.0) -> TaskRecord:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await session.poll_results()
        record = session.tasks[task_id]
        if record.ready or record.error:
            return record
        await asyncio.sleep(0.05)
    raise AssertionError(f"{task_id} still {session.tasks[task_id].state} after {timeout} s")


def test_broker_backend_workers_and_registered_tasks(demo_worker):
    client = client_for(demo_worker.broker_url, demo_worker.backend_url)

    async def scenario():
        broker, backend = await client.check_broker(), await client.check_backend()
        workers = await client.ping_workers(timeout=1.0)
        registered = await client.registered([demo_worker.hostname])
        return broker, backend, workers, registered

    try:
        broker, backend, workers, registered = asyncio.run(scenario())
    finally:
        client.close()
    assert broker.reachability is Reachability.OK and backend.reachability is Reachability.OK
    assert "***" in broker.url and demo_worker.process.broker_url.split("@")[0].split(":")[-1] not in broker.url
    assert demo_worker.hostname in [w.hostname for w in workers.value]
    entries = registered.value[demo_worker.hostname]
    names = {e.split(" [")[0] for e in entries}
    assert {"tasks.add", "sum-of-two-numbers", "tasks.long_progress", "tasks.flaky"} <= names
    slow = next(e for e in entries if e.startswith("tasks.slow "))
    assert "soft_time_limit=5" in slow and "time_limit=10" in slow


def test_unreachable_broker_is_a_clear_message_within_seconds():
    client = client_for("redis://:hunter22@127.0.0.1:1/10", "redis://:hunter22@127.0.0.1:1/11")
    try:
        started = time.monotonic()
        broker = asyncio.run(client.check_broker())
        broker_took = time.monotonic() - started
        started = time.monotonic()
        backend = asyncio.run(client.check_backend())
        backend_took = time.monotonic() - started
    finally:
        client.close()
    # refused at once, well before the 5 s a check waits on a server that does not answer (how soon: bench/control.py)
    assert max(broker_took, backend_took) < client.timeout / 2, (broker_took, backend_took)
    assert broker.reachability is Reachability.FAILED and backend.reachability is Reachability.FAILED
    assert "unreachable" in broker.message and ("refused" in broker.message.lower() or "111" in broker.message)
    assert "hunter22" not in broker.message + backend.message + broker.url + backend.url


def test_session_sends_and_tracks_success_progress_and_failure(demo_worker):
    client = client_for(demo_worker.broker_url, demo_worker.backend_url)
    session = ConsoleSession(client, client.profile)
    seen_progress = []

    async def scenario():
        add = await session.send("tasks.add", [2, 2])
        fails = await session.send("tasks.always_fails", [], {"sku": "SKU-7", "quantity": 2})
        progress = await session.send("tasks.long_progress", [], {"total": 4, "delay": 0.3})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not session.tasks[progress.value[0].task_id].ready:
            await session.poll_results()
            record = session.tasks[progress.value[0].task_id]
            if record.state == "PROGRESS" and record.progress:
                seen_progress.append(record.progress)
            await asyncio.sleep(0.05)
        return [await wait_ready(session, r.value[0].task_id) for r in (add, fails, progress)]

    try:
        add, fails, progress = asyncio.run(scenario())
    finally:
        client.close()
    assert (add.state, add.result, add.name, add.args) == ("SUCCESS", "4", "tasks.add", "2, 2")
    assert fails.state == "FAILURE"
    assert fails.result == "InventoryError: cannot reserve 2 x SKU-7: only 0 left in stock"
    assert "_reserve" in fails.traceback and "InventoryError" in fails.traceback
    assert seen_progress and all(p.total == 4 for p in seen_progress)
    assert progress.state == "SUCCESS" and progress.progress.fraction == 1.0


def test_garbage_and_pickle_in_the_backend_become_row_messages(demo_worker, redis_server):
    client = client_for(demo_worker.broker_url, demo_worker.backend_url)
    backend = client.app.backend
    raw = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=db("demo_worker", "backend"))
    ids = {kind: f"garbage-{kind}-{uuid.uuid4()}" for kind in ("bytes", "json", "pickle", "good")}
    raw.set(backend.get_key_for_task(ids["bytes"]), b"\xff\x00\x13not json")
    raw.set(backend.get_key_for_task(ids["json"]), json.dumps(["not", "a", "meta"]))
    raw.set(backend.get_key_for_task(ids["pickle"]), pickle.dumps({"status": "SUCCESS", "result": 1}))
    raw.set(backend.get_key_for_task(ids["good"]), json.dumps({"status": "SUCCESS", "result": 7, "task_id": ids["good"]}))
    try:
        reply = asyncio.run(client.fetch_results([TaskRecord(id=i) for i in ids.values()]))
    finally:
        client.close()
        raw.close()
    by_id = {r.id: r for r in reply.value}
    assert "undecodable" in by_id[ids["bytes"]].error
    assert "unreadable result" in by_id[ids["json"]].error
    assert "pickle" in by_id[ids["pickle"]].error and "--allow-pickle" in by_id[ids["pickle"]].error
    assert by_id[ids["pickle"]].state == "PENDING"
    assert (by_id[ids["good"]].state, by_id[ids["good"]].result, by_id[ids["good"]].error) == ("SUCCESS", "7", "")


def test_workers_accept_content_feeds_the_serializer_check(demo_worker):
    from desktop.core.domain.call_building import build_call
    from desktop.core.domain.calls import CallDraft

    client = client_for(demo_worker.broker_url, demo_worker.backend_url)
    session = ConsoleSession(client, client.profile)
    try:
        asyncio.run(session.refresh())
    finally:
        client.close()
    assert session.accepted_content == frozenset({"json"})  # desktop/tasks.py: accept_content=["json"]
    refused = build_call(CallDraft(task="tasks.add", args_json="[1, 2]", serializer="msgpack"), session.call_context())
    assert refused.spec is None and "do not accept msgpack" in refused.error_for("serializer")
    assert build_call(CallDraft(task="tasks.add", args_json="[1, 2]", serializer="json"), session.call_context()).ok


def test_session_refresh_builds_the_picture_the_window_shows(demo_worker, inventory_worker):
    client = client_for(inventory_worker.broker_url, inventory_worker.backend_url)
    session = ConsoleSession(client, client.profile)
    try:
        asyncio.run(session.refresh())
    finally:
        client.close()
    assert session.settled
    assert [w.hostname for w in session.online_workers] == [inventory_worker.hostname]
    assert [t.name for t in session.catalog] == ["inventory.reserve", "inventory.restock"]
    reserve = session.catalog[0]
    assert reserve.option("rate_limit") == "10/m" and reserve.option("acks_late") == "True"
    dumped = json.loads(session.dump_json())
    assert dumped["broker"]["reachable"] is True
    assert dumped["workers"][0]["registered_count"] == 2
    assert inventory_worker.process.broker_url.split("@")[0].split(":")[-1] not in session.dump_json()
