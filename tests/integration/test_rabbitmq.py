"""RabbitMQ as the broker (amqp://, amqps://) with a Redis result backend, end to end.

One private RabbitMQ node for the module (tests/support/rabbitmq_server.py: its own node name, epmd,
ports and folders; AMQP, AMQPS with throw-away certificates, and the management API), a private
redis-server for results, and one real worker (``-A tests.apps.rabbit_tasks``: the demo tasks,
plus a queue declared with ``x-max-priority``) on the plain AMQP port.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from kombu import Connection, Exchange, Queue

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.control import WorkerCommand, run_command
from desktop.core.cluster.inspection import inspect
from desktop.core.cluster.queues import AMQP_UNACKED, NOT_DECLARED, purge_queue, queue_lengths, queues_to_watch
from desktop.core.cluster.rabbitmq import ManagementError, fetch_queues, queue_lengths_with_management, queues_request
from desktop.core.cluster.worker_reports import WorkerSummary
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import Reachability
from desktop.core.live.event_receiver import StreamState
from desktop.core.runtime.demo import RedisServer, WorkerProcess, wait_for_workers
from tests.apps.rabbit_tasks import PRIORITY_QUEUE
from tests.support.measured import measured
from tests.support.processes import wait_until as settles
from tests.support.rabbitmq_server import RabbitMQServer, rabbitmq_node
from tests.support.sessions import run, running, session_for, wait_until
from tests.support.tls_certs import make_pki

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PARKED = "rabbit-parked"  # no worker consumes it: what is sent there stays countable
PARKED_PRIORITY = "rabbit-parked-prio"  # the same, declared with x-max-priority by someone else


@pytest.fixture(scope="module")
def rabbit(tmp_path_factory):
    with rabbitmq_node(management=True, tls=make_pki(tmp_path_factory.mktemp("pki"))) as server:
        measured("rabbitmq node start (management, TLS)", server.started_in, "s")
        yield server


@pytest.fixture(scope="module")
def redis_backend():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker(rabbit, redis_backend, tmp_path_factory):
    # By hand, not from module_cluster_on: its broker is the RabbitMQ node, only its backend a Redis.
    process = WorkerProcess(
        rabbit.url(),
        redis_backend.url(1),
        app_module="tests.apps.rabbit_tasks",
        hostname=f"rabbit-{uuid.uuid4().hex[:6]}@127.0.0.1",
        concurrency=2,
        queues=("celery", PRIORITY_QUEUE),
        pythonpath=[str(ROOT)],
        logfile=tmp_path_factory.mktemp("rabbit-worker") / "worker.log",
    )
    started = time.monotonic()
    process.start()
    try:
        wait_for_workers(process.broker_url, 1, timeout=60, procs=[process])
    except Exception:
        process.stop()
        raise
    measured("rabbitmq worker start", time.monotonic() - started, "s")
    yield process
    process.stop()


def console_app(rabbit: RabbitMQServer, backend: RedisServer | None = None, **profile) -> Celery:
    return build_console_app(
        ConnectionProfile(broker_url=rabbit.url(), backend_url=backend.url(1) if backend else None, **profile)
    )


def everything_said(session, caplog) -> str:
    return json.dumps(session.to_dict(), default=str) + "\n".join(session.error_details) + caplog.text


def declare_priority_queue(rabbit: RabbitMQServer, name: str) -> None:
    """As another program would: a queue with x-max-priority the console's own app does not know of."""
    with Connection(rabbit.url()) as connection:
        Queue(name, Exchange(name), name, queue_arguments={"x-max-priority": 10})(connection.default_channel).declare()


def publish_garbage_events(rabbit: RabbitMQServer) -> None:
    """What anyone who can write to the event exchange might send: bad JSON, no event, a pickle."""
    with Connection(rabbit.url()) as connection:
        producer = connection.Producer()
        exchange = Exchange("celeryev", type="topic")
        for body, content_type in (
            (b"{not json", "application/json"),
            (b"[1, 2]", "application/json"),
            (b"\x80\x04K\x01.", "application/x-python-serialize"),
        ):
            producer.publish(
                body,
                exchange=exchange,
                routing_key="task.garbage",
                content_type=content_type,
                content_encoding="binary",
                declare=[exchange],
            )


# -- the whole console over AMQP ---------------------------------------------------------------------


def test_the_console_works_over_amqp_with_a_redis_backend(rabbit, redis_backend, worker, caplog):
    caplog.set_level(logging.INFO)
    session = session_for(rabbit.url(), redis_backend.url(1))
    progress: list[int] = []

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.broker.ok and session.backend.ok, 15, "broker and backend answer")
            await wait_until(lambda: any(t.name == "tasks.long_progress" for t in session.registered), 20, "registered tasks")
            await wait_until(lambda: session.monitor.stream.status.state is StreamState.RECEIVING, 15, "event stream")
            publish_garbage_events(rabbit)  # counted as ignored; the stream goes on
            reply = await session.send_call(CallSpec("tasks.long_progress", kwargs={"total": 5, "delay": 0.3}))
            assert reply.ok, reply.error
            task_id = reply.value[0].task_id

            def done() -> bool:
                record = session.tasks[task_id]
                if record.state == "PROGRESS" and record.progress is not None:
                    if not progress or progress[-1] != record.progress.current:
                        progress.append(record.progress.current)
                return record.state == "SUCCESS"

            await wait_until(done, 30, "the task succeeds")
            seen = session.monitor.store.task
            await wait_until(lambda: seen(task_id) is not None and seen(task_id).state == "SUCCESS", 10, "the task's events")
            await wait_until(lambda: any(q.name == "celery" and q.consumers for q in session.monitor.queues), 15, "queue lengths")
            return session.tasks[task_id], seen(task_id)

    record, event = run(session, scenario)
    assert worker.hostname in session.workers and session.workers[worker.hostname].online
    assert record.result is not None and record.worker == worker.hostname and record.error == ""
    assert len(progress) >= 2, progress  # PROGRESS states polled from the Redis backend while it ran
    assert (event.state, event.worker) == ("SUCCESS", worker.hostname)  # its events, over AMQP
    assert session.monitor.store.ingested > 0 and session.monitor.stream.status.state is StreamState.STOPPED
    assert session.monitor.store.ignored >= 3
    celery = next(q for q in session.monitor.queues if q.name == "celery")
    assert celery.error == "" and celery.ready == 0 and celery.broker_consumers == 1
    assert celery.consumers == (worker.hostname,) and celery.unacked is None and AMQP_UNACKED in celery.note
    assert session.monitor.queues_error == "" and session.monitor.transport_mismatch() == ""
    assert rabbit.password not in everything_said(session, caplog)


def test_every_send_option_and_priority_on_an_x_max_priority_queue(rabbit, redis_backend, worker):
    """The console's app has no x-max-priority queue: it must not declare the worker's (or anyone's) again."""
    declare_priority_queue(rabbit, PARKED_PRIORITY)
    session = session_for(rabbit.url(), redis_backend.url(1))
    eta = time.time() + 1.0
    spec = CallSpec(
        "tasks.echo_request",
        args=(1, "two"),
        kwargs={"three": 3},
        queue=PRIORITY_QUEUE,
        priority=7,
        expires=300.0,
        headers={"x_custom": "hello"},
        time_limit=30.0,
        soft_time_limit=20.0,
        shadow="echo-shadow",
        serializer="json",
        compression="zlib",
        retry=True,
    )

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.broker.ok and session.backend.ok, 15, "broker and backend answer")
            sent = await session.send_call(spec)
            assert sent.ok, sent.error
            from datetime import datetime, timezone

            later = await session.send_call(CallSpec("tasks.add", args=(2, 3), eta=datetime.fromtimestamp(eta, timezone.utc)))
            assert later.ok, later.error
            counted = await session.send_call(CallSpec("tasks.add", args=(4, 5), countdown=0.5, queue=PRIORITY_QUEUE))
            assert counted.ok, counted.error
            ids = [sent.value[0].task_id, later.value[0].task_id, counted.value[0].task_id]
            await wait_until(lambda: all(session.tasks[i].state == "SUCCESS" for i in ids), 30, "all three succeed")
            parked = []
            for priority in (1, 9, 5):
                reply = await session.send_call(
                    CallSpec("tasks.add", args=(priority, 0), queue=PARKED_PRIORITY, priority=priority)
                )
                assert reply.ok, reply.error
                parked.append(reply.value[0].task_id)
            return [session.tasks[i] for i in ids]

    echo, later, counted = run(session, scenario)
    arrived = json.loads(echo.result)
    assert arrived["priority"] == 7 and arrived["routing_key"] == PRIORITY_QUEUE
    assert arrived["args"] == [1, "two"] and arrived["kwargs"] == {"three": 3}
    assert arrived["expires"] and arrived["custom_header"] == "hello" and arrived["shadow"] == "echo-shadow"
    assert arrived["timelimit"] == [30.0, 20.0]
    assert later.result == "5" and counted.result == "9"
    assert later.date_done >= eta - 0.05  # the ETA was kept

    app = console_app(rabbit)
    try:
        [record] = queue_lengths(app, [PARKED_PRIORITY])
        assert (record.ready, record.broker_consumers, record.error) == (3, 0, "")
        with app.connection_for_read() as connection:  # RabbitMQ hands them out highest priority first
            channel = connection.channel()
            order = []
            for _ in range(3):
                message = channel.basic_get(PARKED_PRIORITY, no_ack=True)
                order.append(message.properties.get("priority"))
            channel.close()
        assert order == [9, 5, 1]
    finally:
        app.close()


# -- inspect and control ------------------------------------------------------------------------------


def test_inspect_and_control_over_amqp(rabbit, worker):
    app = console_app(rabbit)
    host = worker.hostname
    try:
        started = time.monotonic()
        registered = inspect(app, "registered", destination=[host], timeout=10.0)
        asked_in = time.monotonic() - started
        assert "tasks.long_progress" in registered.replies[host] and registered.missing == ()
        assert asked_in < 10.0 / 2, asked_in  # the reply limit ends the wait, well before the timeout

        def pool_size() -> int | None:
            return WorkerSummary.from_stats(host, inspect(app, "stats", destination=[host], timeout=3.0).replies[host]).pool_size

        assert pool_size() == 2
        grown = run_command(app, WorkerCommand.of("pool_grow", n=1), [host], timeout=3.0)
        assert grown.ok and grown.reply_for(host).text == "pool will grow"
        assert settles(lambda: pool_size() == 3, 15)
        assert run_command(app, WorkerCommand.of("pool_shrink", n=1), [host], timeout=3.0).ok
        assert settles(lambda: pool_size() == 2, 15)

        limited = run_command(app, WorkerCommand.of("rate_limit", task_name="tasks.add", rate_limit="10/m"), [host], timeout=3.0)
        assert limited.ok and limited.reply_for(host).ok, limited.summary

        extra = f"rabbit-extra-{uuid.uuid4().hex[:4]}"
        added = run_command(app, WorkerCommand.of("add_consumer", queue=extra), [host], timeout=3.0)
        assert added.ok, added.summary

        def consumed() -> dict:
            return inspect(app, "active_queues", destination=[host], timeout=3.0).replies

        assert settles(lambda: extra in queues_to_watch(app, consumed()), 10)
        active_queues = consumed()
        [consumed] = queue_lengths(app, [extra], active_queues=active_queues)
        assert (consumed.broker_consumers, consumed.consumers) == (1, (host,))
        assert run_command(app, WorkerCommand.of("cancel_consumer", queue=extra), [host], timeout=3.0).ok
        assert settles(lambda: queue_lengths(app, [extra])[0].broker_consumers == 0, 10)

        ping = run_command(app, WorkerCommand.of("ping"), [host], timeout=3.0)
        assert ping.ok and ping.reply_for(host).ok
        silent = inspect(app, "ping", destination=["nobody@nowhere"], timeout=0.5)
        assert silent.replies == {} and silent.missing == ("nobody@nowhere",)
    finally:  # the module's worker as it was for the tests after this one: no rate limit
        run_command(app, WorkerCommand.of("rate_limit", task_name="tasks.add", rate_limit=""), [host], timeout=3.0)
        app.close()


# -- queue lengths, consumers, scheduled, purge ------------------------------------------------------


def test_queue_lengths_consumers_scheduled_and_purge_over_amqp(rabbit, worker):
    app = console_app(rabbit)
    host = worker.hostname
    missing = f"never-declared-{uuid.uuid4().hex[:4]}"
    try:
        with app.producer_or_acquire() as producer:
            for i in range(3):
                app.send_task("tasks.add", args=(i, i), queue=PARKED, producer=producer)
        held = app.send_task("tasks.add", args=(1, 1), countdown=60)  # the worker holds it until then (unacked)
        inspector = app.control.inspect(destination=[host], timeout=2.0, limit=1)
        deadline = time.monotonic() + 10
        while True:
            scheduled = inspector.scheduled() or {}
            if scheduled.get(host) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        active_queues = inspector.active_queues() or {}
        names = [missing, *queues_to_watch(app, active_queues), PARKED]  # a 404 closes the channel: the next queue still counts

        records = {q.name: q for q in queue_lengths(app, names, active_queues=active_queues, scheduled=scheduled)}
        assert set(records) == {"celery", PRIORITY_QUEUE, PARKED, missing}
        assert (records[PARKED].ready, records[PARKED].broker_consumers, records[PARKED].consumers) == (3, 0, ())
        assert (records["celery"].ready, records["celery"].broker_consumers) == (0, 1)  # held is unacked, not ready
        assert records["celery"].scheduled == 1 and records[PARKED].scheduled == 0
        assert records[PRIORITY_QUEUE].consumers == (host,) and records[PRIORITY_QUEUE].broker_consumers == 1
        assert (records[missing].ready, records[missing].error) == (0, "") and NOT_DECLARED in records[missing].note
        assert all(r.unacked is None and AMQP_UNACKED in r.note for r in records.values())

        assert purge_queue(app, PARKED) == 3
        assert purge_queue(app, missing) == 0  # nothing can wait in a queue that does not exist
        [parked] = queue_lengths(app, [PARKED])
        assert parked.ready == 0
        app.control.revoke(held.id)
    finally:
        app.close()


# -- the management API -------------------------------------------------------------------------------


def test_the_management_api_adds_unacked_and_the_queues_nobody_consumes(rabbit, redis_backend, worker, caplog):
    declare_priority_queue(rabbit, PARKED_PRIORITY)
    app = console_app(rabbit)
    try:
        app.send_task("tasks.add", args=(1, 1), queue=PARKED)
        held = app.send_task("tasks.add", args=(2, 2), countdown=60)
    finally:
        app.close()
    session = session_for(rabbit.url(), redis_backend.url(1), management_url=rabbit.management_url(with_credentials=False))
    bad = session_for(
        rabbit.url(),
        redis_backend.url(1),
        management_url=f"http://console:wrong-{rabbit.password}@127.0.0.1:{rabbit.management_port}/",
    )

    async def scenario():
        try:
            monitor = session.monitor

            def counted() -> bool:
                queues = {q.name: q for q in monitor.queues}
                return (
                    PARKED in queues
                    and queues[PARKED].unacked is not None  # a queue just declared has its statistics a moment later
                    and "celery" in queues
                    and (queues["celery"].unacked or 0) >= 1
                )

            async def refreshed() -> bool:
                await monitor.refresh_queues()
                return counted()

            deadline = time.monotonic() + 15
            while not await refreshed():  # RabbitMQ's statistics lag (collect_statistics_interval: 0.5 s here)
                assert time.monotonic() < deadline, monitor.queues
                await asyncio.sleep(0.3)
            await bad.monitor.refresh_queues()
            return {q.name: q for q in monitor.queues}, monitor.queues_error, bad.monitor.queues, bad.monitor.queues_error
        finally:
            await session.stop()
            await bad.stop()

    queues, problem, fallback, refused = run(session, scenario)
    bad.client.close()
    assert problem == ""
    assert queues[PARKED].ready >= 1 and queues[PARKED].unacked == 0 and queues[PARKED].broker_consumers == 0
    # held (and the earlier test's revoked ETA task, which the worker keeps until it is due) are unacked
    assert (
        queues["celery"].unacked >= 1
        and queues["celery"].unacked_total >= queues["celery"].unacked
        and AMQP_UNACKED not in queues["celery"].note
    )
    assert "x-max-priority 10" in queues[PRIORITY_QUEUE].note and "x-max-priority 10" in queues[PARKED_PRIORITY].note
    assert not any(name.endswith(".pidbox") or name.startswith(("celeryev.", "amq.")) for name in queues)
    assert refused.startswith("management API: the management API refused the credentials (401)"), refused
    assert rabbit.password not in refused
    assert any(q.name == "celery" and q.error == "" and q.ready is not None for q in fallback)  # AMQP still counts

    app = console_app(rabbit)
    try:
        app.control.revoke(held.id)
        purge_queue(app, PARKED)
        purge_queue(app, PARKED_PRIORITY)
    finally:
        app.close()


def test_the_management_api_said_plainly_when_it_cannot_answer(rabbit):
    closed = f"http://console:{rabbit.password}@127.0.0.1:1/"
    with pytest.raises(ManagementError) as refused:
        fetch_queues(queues_request(closed, "/"))
    said = str(refused.value)
    assert said == "unreachable at http://127.0.0.1:1/api/queues/%2F: connection refused"
    assert rabbit.password not in said

    with pytest.raises(ManagementError) as no_vhost:
        fetch_queues(queues_request(rabbit.management_url(), "no-such-vhost"))
    assert "not found (404)" in str(no_vhost.value) and rabbit.password not in str(no_vhost.value)

    app = console_app(rabbit)
    try:
        records, problem = queue_lengths_with_management(app, ["celery"], f"http://127.0.0.1:{rabbit.port}/")  # AMQP, not HTTP
        assert problem.startswith("management API: unreachable at http://127.0.0.1:"), problem
        assert [r.name for r in records] == ["celery"] and records[0].error == ""
    finally:
        app.close()


# -- TLS (amqps://) and what goes wrong ---------------------------------------------------------------


def test_amqps_with_the_ca_works_and_certificate_errors_are_said_plainly(rabbit, redis_backend, worker, caplog):
    ca = str(rabbit.tls.ca)
    trusted = session_for(rabbit.url(scheme="amqps", ssl_cert_reqs="required", ssl_ca_certs=ca), redis_backend.url(1))

    async def scenario():
        async with running(trusted):
            await wait_until(lambda: trusted.broker.ok and trusted.backend.ok, 15, "broker and backend answer")
            await wait_until(lambda: trusted.monitor.stream.status.state is StreamState.RECEIVING, 15, "event stream over TLS")
            reply = await trusted.send_call(CallSpec("tasks.add", args=(20, 22)))
            assert reply.ok, reply.error
            task_id = reply.value[0].task_id
            await wait_until(lambda: trusted.tasks[task_id].state == "SUCCESS", 30, "the task succeeds")
            seen = trusted.monitor.store.task
            await wait_until(lambda: seen(task_id) is not None and seen(task_id).state == "SUCCESS", 10, "its events over TLS")
            await wait_until(
                lambda: any(q.name == "celery" and q.ready is not None for q in trusted.monitor.queues), 10, "queues"
            )
            return trusted.tasks[task_id]

    record = run(trusted, scenario)
    assert record.result == "42" and record.worker == worker.hostname
    assert trusted.client.app.conf.broker_use_ssl["ca_certs"] == ca
    assert "ssl_" not in trusted.client.app.conf.broker_url  # read once, not again by kombu

    for url in (
        rabbit.url(scheme="amqps", ssl_ca_certs=str(rabbit.tls.other_ca)),  # a CA that signed nothing here
        rabbit.url(scheme="amqps"),  # the system's CAs only
    ):
        session = session_for(url, redis_backend.url(1))
        run(session, session.refresh)
        assert session.broker.reachability is Reachability.FAILED
        assert session.broker.message.startswith("broker unreachable: certificate not trusted: "), session.broker.message
        assert "Traceback" not in json.dumps(session.to_dict(), default=str)
        assert rabbit.password not in everything_said(session, caplog)


def test_what_goes_wrong_is_said_plainly_without_the_password(rabbit, caplog):
    wrong = rabbit.url().replace(rabbit.password, "wrong-" + rabbit.password[:6])
    plain_on_tls = f"amqp://console:{rabbit.password}@127.0.0.1:{rabbit.tls_port}//"
    tls_on_plain = f"amqps://console:{rabbit.password}@127.0.0.1:{rabbit.port}//?ssl_ca_certs={rabbit.tls.ca}"
    for url, expected in (
        (wrong, "broker unreachable: AccessRefused: (0, 0): (403) ACCESS_REFUSED - Login was refused"),
        (rabbit.url(vhost="no-such-vhost"), "broker unreachable: NotAllowed: Connection.open: (530) NOT_ALLOWED - vhost"),
        (f"amqp://console:{rabbit.password}@127.0.0.1:1//", "broker unreachable: ConnectionRefusedError"),
        (plain_on_tls, "broker unreachable: server requires TLS: connect with an amqps:// URL (see ssl_ca_certs, ssl_cert_reqs)"),
        (tls_on_plain, "broker unreachable: TLS handshake failed: the server does not speak TLS on this port"),
    ):
        session = session_for(url, None)
        run(session, session.refresh)
        assert session.broker.reachability is Reachability.FAILED
        assert session.broker.message.startswith(expected), session.broker.message
        assert rabbit.password not in everything_said(session, caplog)
