"""Every calling option the console offers, checked from the worker's side.

Each call is built the way the console builds it (CallDraft -> build_call -> CallSpec)
and sent through ClusterClient/ConsoleSession to a real worker on desktop/tasks.py.
``tasks.echo_request`` returns the worker's view of the call, read back from the
result backend.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import redis

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.call_building import build_call, parse_send_count
from desktop.core.domain.calls import CallContext, CallDraft, CallSpec, LinkDraft, RetryPolicy, signature_of
from desktop.core.domain.records import TaskRecord
from desktop.core.live.session import ConsoleSession
from desktop.core.runtime import demo

pytestmark = pytest.mark.integration

# What the demo workers accept (desktop/tasks.py: accept_content=["json"]), as the session learns it.
WORKER_ACCEPT = frozenset({"json"})


def client_for(broker: str | None, backend: str | None, **profile_options) -> ClusterClient:
    profile = ConnectionProfile(broker_url=broker, backend_url=backend, **profile_options)
    return ClusterClient(build_console_app(profile), profile, timeout=5.0)


def session_for(worker) -> ConsoleSession:
    client = client_for(worker.broker_url, worker.backend_url)
    return ConsoleSession(client, client.profile)


def build(draft: CallDraft, signature=None) -> CallSpec:
    """The console's path from form to spec; the form must be valid."""
    result = build_call(draft, CallContext(signature=signature, broker_scheme="redis", accepted_content=WORKER_ACCEPT))
    assert result.ok, result.errors
    return result.spec


async def wait_all_ready(session: ConsoleSession, task_ids: list[str], timeout: float = 30.0) -> list[TaskRecord]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await session.poll_results()
        records = [session.tasks[i] for i in task_ids]
        if all(r.ready or r.error for r in records):
            return records
        await asyncio.sleep(0.05)
    states = {i: session.tasks[i].state for i in task_ids}
    raise AssertionError(f"not ready after {timeout} s: {states}")


def run(session: ConsoleSession, scenario):
    try:
        return asyncio.run(scenario())
    finally:
        session.client.close()


def echoed(record: TaskRecord) -> dict:
    """What ``tasks.echo_request`` returned: the worker's view of the call."""
    assert record.state == "SUCCESS", (record.state, record.result, record.traceback)
    return json.loads(record.result)


# -- 1. every option arrives as given ------------------------------------------------


def test_every_option_reaches_the_worker_as_given(demo_worker):
    session = session_for(demo_worker)
    custom_id = f"console-{uuid.uuid4()}"
    full = CallDraft(
        task="tasks.echo_request",
        args_json='[1, "two", {"three": [3]}]',
        kwargs_json='{"k": "v", "n": 2.5, "none": null}',
        queue="celery",
        exchange="celery",
        routing_key="celery",
        priority="7",
        headers_json='{"x_custom": "hello"}',
        shadow="echo (shadowed)",
        time_limit="30",
        soft_time_limit="20",
        expires="60",
        task_id=custom_id,
        serializer="json",
        compression="zlib",
    )
    gzip = replace(
        full,
        task_id="",
        compression="gzip",
        priority="0",
        shadow="",
        headers_json="",
        expires="",
        time_limit="",
        soft_time_limit="",
    )
    top = replace(gzip, compression="", serializer="", priority="9")
    specs = [build(full), build(gzip), build(top)]
    assert specs[0].task_id == custom_id and specs[0].headers == {"x_custom": "hello"}
    # Redis emulates priorities 0-9 only: the form says so before anything is sent.
    assert "between 0 and 9" in build_call(replace(full, priority="10"), CallContext(broker_scheme="redis")).error_for("priority")

    async def scenario():
        sent_at = time.time()
        replies = [await session.send_call(spec) for spec in specs]
        assert all(r.ok for r in replies), [r.error for r in replies]
        ids = [r.value[0].task_id for r in replies]
        return sent_at, ids, await wait_all_ready(session, ids)

    sent_at, ids, records = run(session, scenario)
    assert ids[0] == custom_id and len(set(ids)) == 3
    first, second, third = (echoed(r) for r in records)

    assert first["id"] == custom_id
    assert first["args"] == [1, "two", {"three": [3]}]
    assert first["kwargs"] == {"k": "v", "n": 2.5, "none": None}
    assert first["priority"] == 7
    assert (first["exchange"], first["routing_key"]) == ("celery", "celery")
    assert first["custom_header"] == "hello" and first["headers"]["x_custom"] == "hello"
    assert first["shadow"] == "echo (shadowed)"
    assert first["timelimit"] == [30.0, 20.0]
    assert first["eta"] is None
    expires = datetime.fromisoformat(first["expires"])
    assert expires.tzinfo is not None
    assert sent_at + 55 < expires.timestamp() < time.time() + 65
    assert first["hostname"] == demo_worker.hostname

    for other, priority in ((second, 0), (third, 9)):
        assert other["args"] == [1, "two", {"three": [3]}]
        assert other["kwargs"] == {"k": "v", "n": 2.5, "none": None}
        assert other["priority"] == priority
        assert (other["exchange"], other["routing_key"]) == ("celery", "celery")
        assert other["custom_header"] is None and other["expires"] is None
        assert other["shadow"] is None and other["timelimit"] in ([], [None, None])
    # The console tracked each call under the name it sent.
    assert session.tasks[custom_id].name == "tasks.echo_request"


# -- 2. countdown and ETA ------------------------------------------------------------


def test_countdown_delays_the_start(demo_worker):
    session = session_for(demo_worker)
    spec = build(CallDraft(task="tasks.echo_request", args_json='["later"]', countdown="2"))
    assert spec.countdown == 2.0

    async def scenario():
        sent_at = time.time()
        reply = await session.send_call(spec)
        assert reply.ok, reply.error
        (record,) = await wait_all_ready(session, [reply.value[0].task_id])
        return sent_at, record

    sent_at, record = run(session, scenario)
    seen = echoed(record)
    assert seen["args"] == ["later"]
    assert seen["eta"] is not None
    assert seen["started_at"] - sent_at >= 1.9, seen["started_at"] - sent_at


def test_eta_is_the_instant_the_worker_waits_for(demo_worker):
    session = session_for(demo_worker)
    # An ETA typed with an offset other than the worker's (UTC): the same instant must arrive.
    zone = timezone(timedelta(hours=5, minutes=30))
    eta = datetime.now(zone) + timedelta(seconds=2)
    spec = build(CallDraft(task="tasks.echo_request", args_json='["at eta"]', eta=eta.isoformat()))
    assert spec.eta == eta

    async def scenario():
        reply = await session.send_call(spec)
        assert reply.ok, reply.error
        (record,) = await wait_all_ready(session, [reply.value[0].task_id])
        return record

    seen = echoed(run(session, scenario))
    assert datetime.fromisoformat(seen["eta"]) == eta
    assert seen["started_at"] >= eta.timestamp(), seen["started_at"] - eta.timestamp()


# -- 3. expires ----------------------------------------------------------------------


def test_expires_before_the_start_is_refused_and_the_worker_revokes_an_expired_call(demo_worker):
    ctx = CallContext(broker_scheme="redis", accepted_content=WORKER_ACCEPT)
    refused = build_call(CallDraft(task="tasks.echo_request", countdown="3", expires="1"), ctx)
    assert not refused.ok
    assert "expires before the task may start" in refused.error_for("expires")
    now = datetime.now(timezone.utc)
    refused_dt = build_call(
        CallDraft(
            task="tasks.echo_request",
            eta=(now + timedelta(seconds=3)).isoformat(),
            expires=(now + timedelta(seconds=1.5)).isoformat(),
        ),
        CallContext(broker_scheme="redis", now=now),
    )
    assert "expires before the task may start" in refused_dt.error_for("expires")

    # Past the form: the worker itself must not run a call whose expiry comes before its start.
    spec = replace(build(CallDraft(task="tasks.echo_request", args_json='["never"]')), countdown=3, expires=1.0)
    client = client_for(demo_worker.broker_url, demo_worker.backend_url)

    async def scenario():
        reply = await client.send_call(spec)
        assert reply.ok, reply.error
        record = TaskRecord(id=reply.value[0].task_id)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            fetched = await client.fetch_results([record])
            assert fetched.ok, fetched.error
            record = fetched.value[0]
            if record.ready:
                return record
            await asyncio.sleep(0.1)
        raise AssertionError(f"still {record.state} after 30 s")

    try:
        record = asyncio.run(scenario())
    finally:
        client.close()
    assert record.state == "REVOKED", (record.state, record.result)


# -- 4./5. link and link_error -------------------------------------------------------


def _add(x: int, y: int) -> int:  # the signature of tasks.add, as the catalog shows it
    return x + y


def test_link_runs_the_callback_with_the_parent_result(demo_worker):
    session = session_for(demo_worker)
    draft = CallDraft(task="tasks.add", params=(("x", "2"), ("y", "2")), links=(LinkDraft("tasks.mul", "[10]"),))
    spec = build(draft, signature=signature_of(_add))
    assert spec.args == (2, 2) and spec.link[0].args == (10,)

    async def scenario():
        reply = await session.send_call(spec)
        assert reply.ok, reply.error
        (sent,) = reply.value
        callback_id = sent.link[0].task_id
        assert callback_id and callback_id in session.tasks
        return sent, await wait_all_ready(session, [sent.task_id, callback_id])

    sent, (parent, callback) = run(session, scenario)
    assert (parent.state, parent.result) == ("SUCCESS", "4")
    assert (callback.state, callback.result) == ("SUCCESS", "40")
    assert session.tasks[sent.link[0].task_id].name == "tasks.mul"


def test_link_error_runs_the_errback_on_failure(demo_worker):
    session = session_for(demo_worker)
    spec = build(CallDraft(task="tasks.always_fails", kwargs_json='{"sku": "SKU-9"}', link_errors=(LinkDraft("tasks.on_error"),)))

    async def scenario():
        reply = await session.send_call(spec)
        assert reply.ok, reply.error
        (sent,) = reply.value
        errback_id = sent.link_error[0].task_id
        assert errback_id and errback_id in session.tasks
        return sent, await wait_all_ready(session, [sent.task_id, errback_id])

    sent, (failed, errback) = run(session, scenario)
    assert failed.state == "FAILURE" and "InventoryError" in failed.result
    assert errback.state == "SUCCESS", (errback.state, errback.result)
    message = json.loads(errback.result)
    assert sent.task_id in message and "InventoryError" in message and "SKU-9" in message


# -- 6. send N times -----------------------------------------------------------------


def test_send_n_times_sends_distinct_calls(demo_worker):
    session = session_for(demo_worker)
    count = parse_send_count("5")
    assert count == 5
    spec = build(CallDraft(task="tasks.add", args_json="[20, 22]"))

    async def scenario():
        reply = await session.send_call(spec, count)
        assert reply.ok, reply.error
        ids = [s.task_id for s in reply.value]
        return ids, await wait_all_ready(session, ids)

    ids, records = run(session, scenario)
    assert len(ids) == 5 and len(set(ids)) == 5
    assert [(r.state, r.result) for r in records] == [("SUCCESS", "42")] * 5


# -- 7. retry policy when the broker is down at send time -----------------------------


@pytest.fixture
def stopped_redis(monkeypatch):
    """A private redis-server that was started and stopped: its port and password are known, nothing listens."""
    server = demo.RedisServer()
    server.start()
    port, password = server.port, server.password
    server.stop()
    restarted: list[demo.RedisServer] = []

    def restart() -> demo.RedisServer:
        """Start a redis-server again on the same port with the same password."""
        again = demo.RedisServer(binary=server.binary, password=password)
        restarted.append(again)
        monkeypatch.setattr(demo, "free_port", lambda: port)
        again.start()
        assert again.port == port
        return again

    try:
        yield port, password, restart
    finally:
        for again in restarted:
            again.stop()


def test_send_without_retry_fails_fast_and_masks_the_password(stopped_redis):
    port, password, _restart = stopped_redis
    client = client_for(f"redis://:{password}@127.0.0.1:{port}/10", f"redis://:{password}@127.0.0.1:{port}/11")
    spec = build(CallDraft(task="tasks.add", args_json="[1, 2]", retry=False))
    assert spec.retry is False
    started = time.monotonic()
    try:
        reply = asyncio.run(client.send_call(spec))
    finally:
        client.close()
    elapsed = time.monotonic() - started
    assert not reply.ok and reply.error
    assert password not in reply.error
    # refused at once, well before the 5 s it would wait on a broker that does not answer (how soon: bench/latency.py)
    assert elapsed < client.timeout / 2, (elapsed, reply.error)
    assert "refused" in reply.error.lower() or "111" in reply.error, reply.error


def test_retry_policy_sends_once_the_broker_is_back(stopped_redis):
    port, password, restart = stopped_redis
    client = client_for(f"redis://:{password}@127.0.0.1:{port}/10", f"redis://:{password}@127.0.0.1:{port}/11")
    spec = build(
        CallDraft(
            task="tasks.add",
            args_json="[1, 2]",
            retry=True,
            retry_max_retries="20",
            retry_interval_start="0.2",
            retry_interval_step="0.2",
            retry_interval_max="0.5",
        )
    )
    assert spec.retry is True and spec.retry_policy == RetryPolicy(20, 0.2, 0.2, 0.5)

    async def scenario():
        sending = asyncio.ensure_future(client.send_call(spec))
        await asyncio.sleep(1.0)  # nothing may happen in this second: the send keeps retrying while the broker is down
        assert not sending.done(), sending.result()
        # On this thread, not a helper thread: the server gets PR_SET_PDEATHSIG, which fires when the
        # thread that started it exits. The blocking start takes tens of ms; the send runs in the executor.
        restart()
        return await sending

    started = time.monotonic()
    try:
        reply = asyncio.run(scenario())
    finally:
        client.close()
    elapsed = time.monotonic() - started
    assert reply.ok, reply.error
    assert elapsed >= 1.0
    raw = redis.Redis(host="127.0.0.1", port=port, password=password, db=10)
    try:
        assert raw.llen("celery") == 1
        message = json.loads(raw.lindex("celery", 0))
        assert message["headers"]["id"] == reply.value[0].task_id
    finally:
        raw.close()


# -- 8. the broker went away between typing and sending -------------------------------


def test_send_to_a_vanished_broker_is_an_error_and_tracks_nothing(demo_worker, refused_port):
    closed = refused_port
    client = client_for(f"redis://:s3cret-pw@127.0.0.1:{closed}/10", demo_worker.backend_url)
    session = ConsoleSession(client, client.profile)
    session.track("an-earlier-call", "tasks.add", "1, 1")
    before = dict(session.tasks)
    spec = build(CallDraft(task="tasks.add", args_json="[1, 1]", links=(LinkDraft("tasks.mul", "[3]"),)))

    async def scenario():
        started = time.monotonic()
        reply = await session.send_call(spec)
        return reply, time.monotonic() - started

    reply, elapsed = run(session, scenario)
    assert not reply.ok and reply.value is None
    # well before the 5 s it would wait on a broker that does not answer (how soon: bench/latency.py)
    assert elapsed < client.timeout / 2, elapsed
    assert len(session.errors) == 1 and "sending tasks.add failed" in session.errors[0]
    assert "s3cret-pw" not in session.errors[0] + reply.error
    assert session.tasks == before
