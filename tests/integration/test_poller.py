"""ResultPoller and ConsoleSession on real Redis and a real worker: states, push, garbage, actions.

Each scenario runs in its own ``asyncio.run``, as test_cluster.py does. Ticks are driven by
hand (``session.poll_results()``) unless the test is about the poller's own loop.
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import time
import uuid
from collections.abc import Callable
from dataclasses import replace

import pytest
import redis
from celery import VERSION as CELERY_VERSION
from celery import Celery

import desktop.tasks
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.live.poller import PollState
from desktop.core.live.session import ConsoleSession
from desktop.core.runtime import demo
from tests.support.redis_dbs import db as owned_db
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

DEMO_BACKEND_DB = owned_db("demo_worker", "backend")  # tests here write to the demo worker's backend, never flush it


# -- helpers -----------------------------------------------------------------------------


def backend_redis(redis_server, db: int = DEMO_BACKEND_DB) -> redis.Redis:
    return redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=db)


async def poll_until(session: ConsoleSession, condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Tick by hand until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await session.poll_results()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not within {timeout} s: {what}; tracked: {_states(session)}")


async def wait_ready(session: ConsoleSession, task_id: str, timeout: float = 30.0) -> TaskRecord:
    await poll_until(session, lambda: session.tasks[task_id].ready, timeout, f"{task_id} ready")
    return session.tasks[task_id]


async def send(session: ConsoleSession, spec: CallSpec) -> str:
    reply = await session.send_call(spec)
    assert reply.ok, reply.error
    return reply.value[0].task_id


def subscribers(raw: redis.Redis, channel: bytes) -> int:
    """How many clients Redis says are subscribed to ``channel``."""
    reply = raw.execute_command("PUBSUB", "NUMSUB", channel)
    return int(reply[1])


class LatencyProxy:
    """A TCP proxy in front of Redis that holds every request ``delay`` seconds: a distant server."""

    def __init__(self, target_port: int, delay: float):
        self.target_port, self.delay = target_port, delay
        self.port = 0
        self._server: asyncio.base_events.Server | None = None
        self._pipes: set[asyncio.Task] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        for task in (self._pipe(reader, up_writer, self.delay), self._pipe(up_reader, writer, 0.0)):
            pipe = asyncio.ensure_future(task)
            self._pipes.add(pipe)
            pipe.add_done_callback(self._pipes.discard)

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter, delay: float) -> None:
        try:
            while data := await source.read(65536):
                if delay:
                    await asyncio.sleep(delay)
                sink.write(data)
                await sink.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            sink.close()

    async def stop(self) -> None:
        self._server.close()
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)


def _states(session: ConsoleSession) -> dict[str, str]:
    return {i: f"{r.state}{' error=' + r.error if r.error else ''}" for i, r in list(session.tasks.items())[:20]}


# -- states a task goes through ------------------------------------------------------------


def test_progress_task_reports_increasing_progress_then_success(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    seen: list[float] = []

    async def scenario():
        task_id = await send(session, CallSpec("tasks.long_progress", kwargs={"total": 6, "delay": 0.3}))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not session.tasks[task_id].ready:
            await session.poll_results()
            record = session.tasks[task_id]
            if record.state == "PROGRESS" and record.progress is not None:
                assert record.progress.total == 6
                if not seen or seen[-1] != record.progress.current:
                    seen.append(record.progress.current)
            await asyncio.sleep(0.05)
        return session.tasks[task_id]

    record = run(session, scenario)
    assert len(seen) >= 3, seen
    assert seen == sorted(seen) and len(set(seen)) == len(seen), f"progress went backwards: {seen}"
    assert record.state == "SUCCESS", record
    assert record.progress is not None and record.progress.fraction == 1.0
    assert record.name == "tasks.long_progress" and record.error == ""
    assert record.runtime is not None and record.runtime > 1.0


def test_failure_has_exception_type_and_traceback(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)

    async def scenario():
        task_id = await send(session, CallSpec("tasks.always_fails", kwargs={"sku": "SKU-9", "quantity": 4}))
        return await wait_ready(session, task_id)

    record = run(session, scenario)
    assert record.state == "FAILURE"
    assert record.exc_type == "InventoryError"
    assert record.result == "InventoryError: cannot reserve 4 x SKU-9: only 0 left in stock"
    assert "_reserve" in record.traceback and "Traceback (most recent call last)" in record.traceback
    assert record.date_done is not None and record.worker


def test_retrying_task_is_seen_in_retry_then_succeeds(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    states_seen: list[str] = []

    async def scenario():
        task_id = await send(session, CallSpec("tasks.flaky", kwargs={"succeed_on_attempt": 2}))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not session.tasks[task_id].ready:
            await session.poll_results()
            record = session.tasks[task_id]
            if not states_seen or states_seen[-1] != record.state:
                states_seen.append(record.state)
            if record.state == "RETRY":
                assert "ConnectionError" in record.result and "attempt 1" in record.result, record.result
            await asyncio.sleep(0.05)
        return session.tasks[task_id]

    record = run(session, scenario)
    assert "RETRY" in states_seen, states_seen
    assert record.state == "SUCCESS", states_seen
    assert record.result == '"succeeded on attempt 2"'
    assert record.retries == 1
    assert record.exc_type == "" and record.traceback == ""  # the retry's failure is not left on the success


# -- push -------------------------------------------------------------------------------------


def test_push_delivers_results_long_before_the_next_poll(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url, poll_interval=30.0)
    poller = session.poller
    ticks: list[float] = []  # when each tick of the poller's loop started
    original_tick = poller.tick

    async def tick():
        ticks.append(time.monotonic())
        return await original_tick()

    poller.tick = tick

    success_at: dict[str, float] = {}  # when the session heard of each SUCCESS

    def on_change(_parts: set[str]) -> None:
        for task_id, record in session.tasks.items():
            if record.state == "SUCCESS":
                success_at.setdefault(task_id, time.monotonic())

    session.subscribe(on_change)

    async def scenario():
        async with running(session):
            await asyncio.sleep(0.5)  # the loop's first tick is behind us; the next one is 30 s away
            add_sent = time.monotonic()
            add = await send(session, CallSpec("tasks.add", (20, 22)))
            add_after = await wait_until(lambda: session.tasks[add].state == "SUCCESS", 10, "tasks.add SUCCESS")
            await asyncio.sleep(0.3)
            # A task that finishes a second after it is sent, when no tick is due: only push can bring it.
            slow_sent = time.monotonic()
            slow = await send(session, CallSpec("tasks.slow", kwargs={"seconds": 1.0}))
            await wait_until(lambda: session.tasks[slow].state == "SUCCESS", 10, "tasks.slow SUCCESS")
            slow_after = success_at[slow] - slow_sent
            ticks_while_running = [t - slow_sent for t in ticks if slow_sent + 0.5 < t <= success_at[slow]]
            return add, slow, add_after, slow_after, ticks_while_running, [t - add_sent for t in ticks if t > add_sent]

    add, slow, add_after, slow_after, ticks_while_running, ticks_after_send = run(session, scenario)
    assert session.tasks[add].result == "42"
    assert session.tasks[slow].result == '"slept 1.0 s"'
    assert ticks_while_running == [], f"a tick ran while tasks.slow ran, so push was not shown: {ticks_while_running}"
    # both long before the poll 30 s away (how soon: bench/latency.py)
    assert max(add_after, slow_after) < 30.0 / 2, (add_after, slow_after)
    # no periodic poll: only the wake-ups on track and on finish
    assert len(ticks_after_send) <= 6, ticks_after_send


def test_a_task_tracked_while_a_tick_is_in_flight_is_read_without_waiting_a_full_interval(redis_server):
    proxy = LatencyProxy(redis_server.port, delay=0.3)  # a distant Redis: every request takes 0.3 s more
    raw = backend_redis(redis_server)
    first, finished = f"in-flight-first-{uuid.uuid4()}", f"in-flight-finished-{uuid.uuid4()}"
    holder: dict[str, ConsoleSession] = {}

    async def scenario():
        await proxy.start()
        session = holder["session"] = session_for(
            None, f"redis://:{redis_server.password}@127.0.0.1:{proxy.port}/{DEMO_BACKEND_DB}", poll_interval=30.0
        )
        backend = session.client.app.backend
        # A task that finished before anyone tracked it (an id pasted into "Track ids"): no push will come.
        raw.set(backend.get_key_for_task(finished), backend.encode({"status": "SUCCESS", "result": 1, "task_id": finished}))
        session.poller.start()
        try:
            await asyncio.sleep(0.2)
            session.track(first)  # wakes the loop: its tick takes a while through the proxy
            await asyncio.sleep(0.3)
            session.track(finished)  # lands while that tick is in flight
            return await wait_until(lambda: session.tasks[finished].state == "SUCCESS", 20, "the finished task read")
        finally:
            await session.poller.stop()
            await proxy.stop()
            session.client.close()

    try:
        took = asyncio.run(scenario())
    finally:
        raw.delete(f"celery-task-meta-{finished}")
        raw.close()
    assert took < 30.0 / 2  # read after the tick in flight, long before the poll 30 s away


def test_the_channel_of_the_last_finished_task_is_unsubscribed(demo_worker, redis_server):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url, poll_interval=30.0)
    raw = backend_redis(redis_server)

    async def scenario():
        async with running(session):
            await asyncio.sleep(0.3)
            task_id = await send(session, CallSpec("tasks.slow", kwargs={"seconds": 0.5}))
            key = session.poller.backend.get_key_for_task(task_id)
            await wait_until(lambda: subscribers(raw, key) == 1, 5, "subscribed while it runs")
            await wait_until(lambda: session.tasks[task_id].state == "SUCCESS", 10, "SUCCESS by push")
            return await wait_until(lambda: subscribers(raw, key) == 0, 3, "unsubscribed once finished")

    try:
        run(session, scenario)
    finally:
        raw.close()
    assert session.poller.status.subscribed == 0


# -- one round trip, decode only what changed --------------------------------------------------


def test_unchanged_keys_are_not_decoded_and_finished_tasks_leave_the_poll_set(demo_worker, redis_server):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    poller, backend = session.poller, session.client.app.backend
    raw = backend_redis(redis_server)
    ids = [f"unchanged-{i}-{uuid.uuid4()}" for i in range(50)]
    for i, task_id in enumerate(ids):
        meta = {"status": "PROGRESS", "result": {"current": i, "total": 50}, "task_id": task_id}
        raw.set(backend.get_key_for_task(task_id), backend.encode(meta))
    pending = f"never-written-{uuid.uuid4()}"

    async def scenario():
        for task_id in [*ids, pending]:
            session.track(task_id)
        await poller.tick()  # (a big first tick may hand its records on in slices: read them from the session)
        first = {task_id: session.tasks[task_id] for task_id in ids}
        first_status = poller.status
        second = await poller.tick()
        second_status = poller.status
        # one key changes: only that one is decoded
        raw.set(backend.get_key_for_task(ids[7]), backend.encode({"status": "PROGRESS", "result": {"current": 49, "total": 50}}))
        # Redis's note that the key changed goes out to the poller's connection in the event-loop turn that
        # answered the write: once a later command of ours is answered, it is there to be read.
        raw.ping()
        third = await poller.tick()
        third_status = poller.status
        # half of them finish
        for task_id in ids[:25]:
            raw.set(backend.get_key_for_task(task_id), backend.encode({"status": "SUCCESS", "result": 1, "task_id": task_id}))
        raw.ping()  # (as above)
        await poller.tick()
        fourth = {task_id: session.tasks[task_id] for task_id in ids[:25]}
        fourth_status = poller.status
        fifth = await poller.tick()
        return first, first_status, second, second_status, third, third_status, fourth, fourth_status, fifth, poller.status

    try:
        first, s1, second, s2, third, s3, fourth, s4, fifth, s5 = run(session, scenario)
    finally:
        for task_id in ids:
            raw.delete(backend.get_key_for_task(task_id))
        raw.close()
    assert [r.progress.current for r in first.values()] == list(range(50))
    assert s1.decoded_last_tick == 50 and s1.polling == 51 and s1.state is PollState.OK
    assert s1.change_tracking and s1.read_last_tick == 51
    # Nothing changed: Redis said so, so nothing was even transferred.
    assert second == [] and s2.decoded_last_tick == 0 and s2.polling == 51 and s2.read_last_tick == 0
    assert [r.id for r in third] == [ids[7]] and third[0].progress.current == 49 and s3.decoded_last_tick == 1
    assert s3.read_last_tick == 1  # written without a PUBLISH: the poll found it all the same
    assert all(r.state == "SUCCESS" for r in fourth.values())
    assert s4.polling == 26 and s4.decoded_last_tick == 25 and s4.read_last_tick == 25
    assert fifth == [] and s5.decoded_last_tick == 0 and s5.polling == 26 and s5.read_last_tick == 0
    assert session.tasks[pending].state == "PENDING" and session.tasks[ids[0]].state == "SUCCESS"


def test_a_real_task_leaves_the_poll_set_when_it_finishes(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)

    async def scenario():
        task_id = await send(session, CallSpec("tasks.slow", kwargs={"seconds": 0.5}))
        await session.poll_results()
        polling_before = session.poller.status.polling
        record = await wait_ready(session, task_id)
        await session.poll_results()
        return polling_before, record, session.poller.status

    polling_before, record, status = run(session, scenario)
    assert polling_before == 1
    assert record.state == "SUCCESS" and record.result == '"slept 0.5 s"'
    assert status.polling == 0 and status.decoded_last_tick == 0


# -- global_keyprefix --------------------------------------------------------------------------


def test_global_keyprefix_is_read_by_poll_and_by_push(demo_worker, redis_server):
    def with_prefix(app: Celery) -> None:
        app.conf.result_backend_transport_options = {
            **(app.conf.result_backend_transport_options or {}),
            "global_keyprefix": "pfx_",
        }

    session = session_for(demo_worker.broker_url, demo_worker.backend_url, configure=with_prefix, poll_interval=30.0)
    backend = session.client.app.backend
    polled, pushed = f"prefixed-polled-{uuid.uuid4()}", f"prefixed-pushed-{uuid.uuid4()}"
    assert backend.get_key_for_task(polled) == f"pfx_celery-task-meta-{polled}".encode()
    raw = backend_redis(redis_server)
    unprefixed = f"celery-task-meta-{polled}"
    raw.set(unprefixed, json.dumps({"status": "FAILURE", "result": {"exc_type": "Wrong", "exc_message": "no prefix"}}))
    raw.set(backend.get_key_for_task(polled), backend.encode({"status": "SUCCESS", "result": "from pfx", "task_id": polled}))

    async def scenario():
        session.track(polled)
        await session.poll_results()
        polled_record = session.tasks[polled]
        async with running(session):  # the loop subscribes to the tracked task's (prefixed) channel
            session.track(pushed)
            key = backend.get_key_for_task(pushed)
            await wait_until(lambda: subscribers(raw, key) == 1, 5, "subscribed to the prefixed channel")
            meta = backend.encode({"status": "SUCCESS", "result": "pushed under pfx", "task_id": pushed})
            raw.set(key, meta)
            receivers = raw.publish(key, meta)
            took = await wait_until(lambda: session.tasks[pushed].state == "SUCCESS", 10, "pushed result under the prefix")
            return polled_record, receivers, took

    try:
        polled_record, receivers, took = run(session, scenario)
    finally:
        raw.delete(unprefixed, backend.get_key_for_task(polled), backend.get_key_for_task(pushed))
        raw.close()
    assert (polled_record.state, polled_record.result, polled_record.error) == ("SUCCESS", '"from pfx"', "")
    assert receivers >= 1
    assert session.tasks[pushed].result == '"pushed under pfx"'
    assert took < 30.0 / 2  # by push, long before the poll 30 s away (how soon: bench/latency.py)


# -- garbage in the backend --------------------------------------------------------------------


def test_garbage_in_the_backend_becomes_readable_row_errors(demo_worker, redis_server):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    backend = session.client.app.backend
    raw = backend_redis(redis_server)
    deep = "[" * 5000 + "]" * 5000
    payloads: dict[str, bytes] = {
        "random": b"\xff\xfe\x00" + os.urandom(200),
        "truncated": b'{"status": "SUCCESS", "result": [1, 2, {"a": ',
        "pickle": pickle.dumps({"status": "SUCCESS", "result": 1, "task_id": "x"}, protocol=4),
        "list": json.dumps([{"status": "SUCCESS"}, 1, 2]).encode(),
        "wrong_types": json.dumps(
            {
                "status": 3,
                "result": {"nested": {"object": [1, 2, 3]}},
                "traceback": ["not", "text"],
                "children": "not-a-list",
                "date_done": "the day after tomorrow",
                "retries": "x",
            }
        ).encode(),
        "deep": deep.encode(),
        "deep_result": ('{"status": "SUCCESS", "result": ' + deep + "}").encode(),
        "huge": b'{"status": "SUCCESS", "result": "' + b"x" * 10_000_000 + b'"}',
    }
    ids = {kind: f"garbage-{kind}-{uuid.uuid4()}" for kind in payloads}
    for kind, payload in payloads.items():
        raw.set(backend.get_key_for_task(ids[kind]), payload)
    # Every field of a readable meta with the wrong type: shown, not raised.
    odd = f"garbage-odd-fields-{uuid.uuid4()}"
    raw.set(
        backend.get_key_for_task(odd),
        json.dumps(
            {
                "status": "SUCCESS",
                "result": {"nested": [1, {"object": None}]},
                "traceback": ["not", "text"],
                "children": "not-a-list",
                "date_done": "the day after tomorrow",
                "date_started": {"when": "never"},
                "retries": "x",
                "parent_id": 12,
                "name": ["tasks", "add"],
                "worker": 5,
                "args": "not a list",
                "kwargs": ["not", "a", "dict"],
            }
        ),
    )
    after_first_tick: dict[str, str] = {}

    async def scenario():
        for task_id in [*ids.values(), odd]:
            session.track(task_id)
        good = await send(session, CallSpec("tasks.add", (5, 6)))
        await session.poll_results()
        after_first_tick.update({kind: session.tasks[task_id].error for kind, task_id in ids.items()})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            await session.poll_results()
            if session.tasks[good].ready:
                break
            await asyncio.sleep(0.05)
        again = await session.poll_results()
        assert again == [], again
        return good, session.poller.status

    try:
        good, status = run(session, scenario)
    finally:
        raw.delete(*(backend.get_key_for_task(i) for i in [*ids.values(), odd]))
        raw.close()
    by_kind = {kind: session.tasks[task_id] for kind, task_id in ids.items()}
    for kind, record in by_kind.items():
        assert record.error, f"{kind}: no error on {record}"
        assert record.error.isprintable() and len(record.error) < 600, f"{kind}: {record.error!r}"
        assert record.state == "PENDING", f"{kind}: {record.state}"
    assert "MB" in by_kind["huge"].error and "10.0 MB" in by_kind["huge"].error
    assert "--allow-pickle" in by_kind["pickle"].error
    assert "undecodable" in by_kind["random"].error and "undecodable" in by_kind["truncated"].error
    assert "expected a task meta object" in by_kind["list"].error
    assert "expected a task meta object" in by_kind["wrong_types"].error
    # every garbage row was read in the very first tick, and never changes after that
    assert after_first_tick == {kind: record.error for kind, record in by_kind.items()}
    odd_record = session.tasks[odd]
    assert odd_record.state == "SUCCESS" and odd_record.error == ""
    assert odd_record.traceback == "" and odd_record.children == () and odd_record.retries is None
    assert odd_record.date_done is None and odd_record.parent_id is None and odd_record.name == ""
    assert isinstance(odd_record.args, str) and isinstance(odd_record.kwargs, str)
    assert session.tasks[good].state == "SUCCESS" and session.tasks[good].result == "11"
    assert status.state is PollState.OK, status
    assert status.polling == len(ids)  # unreadable rows stay PENDING in the poll set, never re-decoded
    assert status.decoded_last_tick == 0


# -- revoke, terminate, forget ----------------------------------------------------------------


def test_revoking_a_scheduled_task_marks_it_revoked(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    countdown = 30
    # Celery 5.7 workers mark a revoked task that has not started at once; older ones only when its ETA comes.
    at_once = CELERY_VERSION >= (5, 7)

    async def scenario():
        task_id = await send(session, CallSpec("tasks.add", (1, 1), countdown=countdown))
        sent = time.monotonic()
        await asyncio.sleep(0.5)  # the worker has reserved it and waits for its ETA
        await session.poll_results()
        before = session.tasks[task_id].state
        reply = await session.revoke([task_id])
        assert reply.ok, reply.error
        await poll_until(session, lambda: session.tasks[task_id].ready, 10 if at_once else countdown + 10, "REVOKED")
        return task_id, before, time.monotonic() - sent

    task_id, before, took = run(session, scenario)
    assert before == "PENDING"
    app = Celery("revoked-check", broker=demo_worker.broker_url, set_as_current=False)
    try:
        revoked = app.control.inspect(destination=[demo_worker.hostname], timeout=5.0, limit=1).revoked() or {}
    finally:
        app.close()
    assert task_id in revoked.get(demo_worker.hostname, []), revoked  # the worker's side
    record = session.tasks[task_id]
    assert record.state == "REVOKED" and record.exc_type == "TaskRevokedError" and record.date_done is not None, record
    if at_once:
        assert took < countdown, f"revoked {took:.1f} s after sending: not before its ETA"


def test_terminating_a_running_task_with_sigkill(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    app = Celery("active-check", broker=demo_worker.broker_url, set_as_current=False)

    def running_on_worker(task_id: str) -> bool:
        active = app.control.inspect(destination=[demo_worker.hostname], timeout=1.0).active() or {}
        return any(t.get("id") == task_id for t in active.get(demo_worker.hostname, []))

    async def scenario():
        task_id = await send(session, CallSpec("tasks.slow", kwargs={"seconds": 20}))
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + 15
        while not await loop.run_in_executor(None, running_on_worker, task_id):
            assert time.monotonic() < deadline, "tasks.slow never became active on the worker"
        await asyncio.sleep(1.0)  # running in a pool process (tasks.slow is not track_started)
        terminated_at = time.monotonic()
        reply = await session.revoke([task_id], terminate=True, signal="SIGKILL")
        assert reply.ok, reply.error
        record = await wait_ready(session, task_id, timeout=15)
        return record, time.monotonic() - terminated_at

    try:
        record, took = run(session, scenario)
    finally:
        app.close()
    # The worker marks it revoked as it sends the signal; the pool then reports the job terminated, not lost,
    # so no WorkerLostError FAILURE overwrites that (and the soft time limit, 5 s, never made it SUCCESS).
    assert record.state == "REVOKED" and record.exc_type == "TaskRevokedError" and record.date_done is not None, record
    # Read as revoked at once, not once the task ended by itself: its soft time limit stops it within
    # that many seconds of the signal (it had run a second already).
    assert took < desktop.tasks.slow.soft_time_limit, took


def test_forget_deletes_the_result_and_stops_tracking(demo_worker, redis_server):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    raw = backend_redis(redis_server)
    key = session.client.app.backend.get_key_for_task

    async def scenario():
        task_id = await send(session, CallSpec("tasks.add", (3, 3)))
        await wait_ready(session, task_id)
        stored = raw.get(key(task_id))
        reply = await session.forget([task_id])
        assert reply.ok, reply.error
        await session.poll_results()
        return task_id, stored

    try:
        task_id, stored = run(session, scenario)
        assert stored is not None and json.loads(stored)["status"] == "SUCCESS"
        assert raw.get(key(task_id)) is None
    finally:
        raw.close()
    assert task_id not in session.tasks and task_id not in session.poller.tracked
    assert task_id not in session.sent_calls
    assert task_id in session.take_removed_tasks()


# -- re-send -------------------------------------------------------------------------------


def test_call_to_resend_gives_back_the_call_the_console_sent(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    original = CallSpec(
        "tasks.add",
        args=(4,),
        kwargs={"y": 5},
        countdown=0.5,
        priority=7,
        expires=120.0,
        headers={"x_custom": "abc"},
        soft_time_limit=30.0,
        time_limit=60.0,
    )

    async def scenario():
        task_id = await send(session, original)
        record = await wait_ready(session, task_id)
        return task_id, record

    task_id, record = run(session, scenario)
    assert record.state == "SUCCESS" and record.result == "9"
    resend = session.call_to_resend(task_id)
    assert resend is not None and resend.task_id == task_id
    assert replace(resend, task_id=None) == replace(original, task_id=None)


def test_call_to_resend_rebuilds_a_foreign_call_from_the_extended_result(demo_worker):
    session = session_for(demo_worker.broker_url, demo_worker.backend_url)
    other = Celery("someone-else", broker=demo_worker.broker_url, backend=demo_worker.backend_url, set_as_current=False)
    other.conf.result_extended = True
    try:
        task_id = other.send_task("tasks.add", args=[30], kwargs={"y": 12}).id
    finally:
        other.close()

    async def scenario():
        session.track(task_id)
        before = session.call_to_resend(task_id)
        record = await wait_ready(session, task_id)
        return before, record

    before, record = run(session, scenario)
    assert before is None  # nothing known yet: no name, no arguments
    assert record.state == "SUCCESS" and record.result == "42" and record.name == "tasks.add"
    assert session.call_to_resend(task_id) == CallSpec("tasks.add", args=(30,), kwargs={"y": 12})


# -- Redis restarted under a running session ---------------------------------------------------


@pytest.fixture
def own_cluster(cluster_on):
    """A private redis-server and a worker on it, for a test that kills the server; both gone for good afterwards."""
    cluster = cluster_on("desktop.tasks", "restart")
    yield cluster
    cluster.stop()
    assert not demo.process_group_alive(cluster.worker.proc.pid)
    assert cluster.server.proc.poll() is not None


def test_redis_restart_mid_run_reconnects_by_itself(own_cluster):
    server = own_cluster.server
    session = session_for(own_cluster.broker_url, own_cluster.backend_url)
    poller = session.poller
    timeline: dict[str, float] = {}

    async def scenario():
        async with running(session):
            long_id = await send(session, CallSpec("tasks.long_progress", kwargs={"total": 100, "delay": 0.1}))
            await wait_until(lambda: session.tasks[long_id].state == "PROGRESS", 20, "long_progress PROGRESS")
            assert poller.status.state is PollState.OK

            server.proc.terminate()  # the server goes away; no persistence, so it comes back empty
            server.proc.wait(10)
            timeline["reconnecting"] = await wait_until(
                lambda: poller.status.state is PollState.RECONNECTING, 5, "poller RECONNECTING"
            )
            message = poller.status.message
            last_state = session.tasks[long_id]
            await asyncio.sleep(1.0)  # a few failing ticks: the last known state stays
            kept = session.tasks[long_id]
            assert poller.status.state is PollState.RECONNECTING  # still failing, and still saying so

            server.restart()
            timeline["ok_again"] = await wait_until(lambda: poller.status.state is PollState.OK, 15, "poller OK again")
            # push comes back too: the unfinished task's channel is subscribed again on the new server
            raw = redis.Redis.from_url(own_cluster.backend_url)
            try:
                key = poller.backend.get_key_for_task(long_id)
                await wait_until(lambda: subscribers(raw, key) == 1, 10, "subscribed again after the restart")
            finally:
                raw.close()

            new_id = await send(session, CallSpec("tasks.add", (40, 2)))
            timeline["new_task"] = await wait_until(
                lambda: session.tasks[new_id].state == "SUCCESS", 60, "a task sent after the restart reaches SUCCESS"
            )
            return long_id, last_state, kept, message, new_id

    long_id, last_state, kept, message, new_id = run(session, scenario)
    read_timeout = session.client.app.conf.redis_socket_timeout
    # said at once, well before a read of the dead server would time out (how soon: bench/latency.py)
    assert timeline["reconnecting"] < read_timeout / 2, timeline
    assert "result backend" in message and server.password not in message, message
    # the last known state stays; only when it first ran may be refined, by an event already on its way
    assert replace(kept, started_at=None) == replace(last_state, started_at=None) and kept.state == "PROGRESS"
    assert session.tasks[new_id].result == "42"
    assert poller.status.state is PollState.OK


def test_past_the_channel_limit_one_pattern_carries_the_pushes(demo_worker, redis_server, monkeypatch):
    """100,000 SUBSCRIBE confirmations overflow Redis's pub/sub buffer; past the limit one PSUBSCRIBE does the job."""
    monkeypatch.setattr("desktop.core.live.poller.MAX_CHANNELS", 3)
    session = session_for(demo_worker.broker_url, demo_worker.backend_url, poll_interval=30.0)
    backend, raw = session.client.app.backend, backend_redis(redis_server)
    ids = [f"many-{i}-{uuid.uuid4()}" for i in range(5)]

    async def scenario():
        async with running(session):
            for task_id in ids:
                session.track(task_id)
            pattern = backend.get_key_for_task("*")
            await wait_until(lambda: session.poller._pattern is not None, 5, "pattern subscription")
            numpat = raw.execute_command("PUBSUB", "NUMPAT")
            channels = [subscribers(raw, backend.get_key_for_task(i)) for i in ids]
            await asyncio.sleep(0.3)
            backend.set(
                backend.get_key_for_task(ids[2]), backend.encode({"status": "PROGRESS", "result": {"current": 1, "total": 4}})
            )
            pushed = await wait_until(lambda: session.tasks[ids[2]].state == "PROGRESS", 10, "PROGRESS by push")
            return pattern, numpat, channels, pushed

    try:
        pattern, numpat, channels, pushed = run(session, scenario)
    finally:
        for task_id in ids:
            raw.delete(backend.get_key_for_task(task_id))
        raw.close()
    assert numpat >= 1 and channels == [0] * 5  # one pattern, no per-task channels
    assert session.poller.status.polling == 5
    assert pushed < 30.0 / 2  # by push, long before the poll 30 s away (how soon: bench/latency.py)


def test_a_push_is_not_held_behind_thousands_of_subscribe_confirmations(demo_worker, redis_server, monkeypatch):
    """Passing the channel limit lets go of thousands of channels at once; a result pushed meanwhile comes at once."""
    # The listener's nap between two turns, made 10 ms: were each confirmation a turn of its own
    # (as it was), ~4,900 of them would hold the push back for 49 s, past the poll 30 s away.
    monkeypatch.setattr("desktop.core.live.poller.YIELD_SECONDS", 0.01)
    session = session_for(demo_worker.broker_url, demo_worker.backend_url, poll_interval=30.0)
    poller, backend, raw = session.poller, session.client.app.backend, backend_redis(redis_server)
    from desktop.core.live.poller import MAX_CHANNELS

    ids = [f"confirmations-{i}-{uuid.uuid4()}" for i in range(MAX_CHANNELS + 500)]
    first, rest = ids[: MAX_CHANNELS - 100], ids[MAX_CHANNELS - 100 :]
    pushed_id = first[7]

    async def scenario():
        async with running(session, monitor=False):
            session.track_many([TaskRecord(id=i) for i in first])
            await wait_until(lambda: poller.status.subscribed == len(first), 20, "a channel for each task")
            session.track_many([TaskRecord(id=i) for i in rest])  # past the limit: one pattern, the channels let go
            await wait_until(lambda: poller._pattern is not None, 20, "pattern subscription")
            backend.set(
                backend.get_key_for_task(pushed_id),
                backend.encode({"status": "PROGRESS", "result": {"current": 1, "total": 4}, "task_id": pushed_id}),
            )
            pushed = await wait_until(lambda: session.tasks[pushed_id].state == "PROGRESS", 20, "PROGRESS by push")
            # The channels are let go too, whether their confirmations were read before the push or after it.
            await wait_until(lambda: not poller._pubsub.channels, 20, "the channels let go")
            return pushed, len(poller._pubsub.channels)

    try:
        pushed, channels_left = run(session, scenario)
    finally:
        raw.delete(backend.get_key_for_task(pushed_id))
        raw.close()
    assert pushed < 30.0 / 2, pushed  # by push, not by the poll 30 s away
    assert channels_left == 0
