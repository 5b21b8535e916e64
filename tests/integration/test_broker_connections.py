"""A console left open keeps its broker connections: it does not open one per refresh.

The session runs as the window runs it (queue lengths, broker checks, pings, inspect), at a short
interval, against a private RabbitMQ node (its management API counts every connection the node
accepted: ``churn_rates.connection_created``) and a private redis-server (``INFO stats``
``total_connections_received``). Each refresh used to open a connection of its own, so the count
grew with every refresh; kept, it stays where the first refreshes left it. A kept connection the
broker drops is replaced at the next call, and a broker that refuses is reported as a new
connection finds it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.cluster.queues import queue_lengths
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import Reachability
from desktop.core.live import monitor
from desktop.core.runtime.demo import RedisServer, WorkerProcess, stop_process_group, wait_for_workers
from tests.support.measured import measured
from tests.support.rabbitmq_server import RabbitMQServer, rabbitmq_node
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
INTERVAL = 0.25  # seconds between refreshes: eight times as often as the console's queue refresh
WINDOW = 15.0  # seconds the open console is watched
STATS_LAG = 4.0  # seconds RabbitMQ's management statistics may be behind (they say 2 s at most here)
WARM_UP = 5.0  # seconds of refreshes before counting: the first ones run at once, each thread making its connection
KEPT = 2  # connections a console may open in the window: none once its first refreshes made theirs
RECOVER_VHOST = "reconnects"  # the broker test that drops and refuses connections has a vhost to itself


# -- the servers -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rabbit():
    with rabbitmq_node(management=True) as server:
        yield server


@pytest.fixture(scope="module")
def redis_backend():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def rabbit_worker(rabbit, redis_backend, tmp_path_factory):
    process = WorkerProcess(
        rabbit.url(),
        redis_backend.url(1),
        hostname=f"kept-{uuid.uuid4().hex[:6]}@127.0.0.1",
        concurrency=1,
        pythonpath=[str(ROOT)],
        logfile=tmp_path_factory.mktemp("kept-worker") / "worker.log",
    )
    process.start()
    try:
        wait_for_workers(process.broker_url, 1, timeout=60, procs=[process])
    except Exception:
        process.stop()
        raise
    yield process
    process.stop()


def management(rabbit: RabbitMQServer, path: str, method: str = "GET", body: dict | None = None):
    credentials = base64.b64encode(f"{rabbit.user}:{rabbit.password}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{rabbit.management_port}/api/{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Basic {credentials}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def rabbit_connections_created(rabbit: RabbitMQServer) -> int | None:
    """Every connection the node accepted since it started (as its statistics last counted them); None before the first count."""
    return management(rabbit, "overview").get("churn_rates", {}).get("connection_created")


def settled_rabbit_count(rabbit: RabbitMQServer) -> int:
    """The count once the statistics caught up: the same twice, STATS_LAG apart (while nothing opens connections)."""
    last = rabbit_connections_created(rabbit)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(STATS_LAG)
        now = rabbit_connections_created(rabbit)
        if now == last and now is not None:
            return now
        last = now
    raise AssertionError("RabbitMQ's count of connections never settled")


def redis_connections_let_go(server: RedisServer) -> int:
    """Connections the server accepted, less those still open: what was opened and closed again.

    A pool that lends one more connection when more threads than ever ask at once (a slow
    machine lines them up differently) keeps it: that one stays open and is not counted here;
    a connection opened per call is. This call's own connection is counted once in each reading.
    """
    client = redis.Redis(host="127.0.0.1", port=server.port, password=server.password)
    try:
        return client.info("stats")["total_connections_received"] - client.info("clients")["connected_clients"]
    finally:
        client.close()


def redis_connections_open(server: RedisServer) -> int:
    client = redis.Redis(host="127.0.0.1", port=server.port, password=server.password)
    try:
        return client.info("clients")["connected_clients"] - 1
    finally:
        client.close()


def eventually(condition, seconds: float = 10.0) -> bool:
    """Whether ``condition()`` holds within ``seconds`` (the management API's lists follow the node a moment later)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def count_calls(session, owner, name: str) -> list[int]:
    """Count the calls of one of the session's refresh steps, made before the session starts its loops."""
    step = getattr(owner, name)
    calls = [0]

    async def counted(*args, **kwargs):
        calls[0] += 1
        return await step(*args, **kwargs)

    setattr(owner, name, counted)
    return calls


async def watch_open_console(session, count) -> dict:
    """Warm the session up, then count what ``count()`` adds and the refreshes made over WINDOW seconds."""
    queue_refreshes = count_calls(session, session.monitor, "refresh_queues")
    checks = count_calls(session, session.client, "check_broker")
    async with running(session):
        await wait_until(lambda: session.broker.ok, 20, "the broker answers")
        await wait_until(lambda: session.online_workers, 20, "the worker answers a ping")
        await wait_until(lambda: any(q.consumers for q in session.monitor.queues), 20, "queue lengths")
        await asyncio.sleep(WARM_UP)
        start = await asyncio.to_thread(count)
        refreshed, checked = queue_refreshes[0], checks[0]
        started = time.monotonic()
        await asyncio.sleep(WINDOW)
        end = await asyncio.to_thread(count)
        seconds = time.monotonic() - started
        figures = {
            "opened": end - start,
            "seconds": seconds,
            "queue_refreshes": queue_refreshes[0] - refreshed,
            "broker_checks": checks[0] - checked,
            "broker": session.broker,
            "queues_error": session.monitor.queues_error,
        }
    return figures


def assert_kept(figures: dict, what: str) -> None:
    # The console's real refresh paths ran all along, many times: each used to open a connection.
    assert figures["queue_refreshes"] >= WINDOW / (INTERVAL + 1.0), figures
    assert figures["broker_checks"] >= WINDOW / (INTERVAL + 2.0), figures
    assert figures["broker"].ok and figures["queues_error"] == "", figures
    per_minute = figures["opened"] * 60 / figures["seconds"]
    measured(f"{what}: connections opened per minute by an open console", per_minute, "/min")
    assert figures["opened"] <= KEPT, (
        f"{figures['opened']} connections opened in {figures['seconds']:.0f} s "
        f"({figures['queue_refreshes']} queue refreshes, {figures['broker_checks']} broker checks)"
    )


# -- RabbitMQ ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("with_management", [False, True], ids=["amqp", "amqp-and-management-api"])
def test_an_open_console_keeps_its_rabbitmq_connections(rabbit, redis_backend, rabbit_worker, monkeypatch, with_management):
    monkeypatch.setattr(monitor, "QUEUE_INTERVAL", INTERVAL)
    session = session_for(
        rabbit.url(),
        redis_backend.url(1),
        refresh_interval=INTERVAL,
        management_url=rabbit.management_url() if with_management else None,
    )
    before = settled_rabbit_count(rabbit)

    figures = run(
        session,
        lambda: watch_open_console(session, lambda: rabbit_connections_created(rabbit)),
    )

    assert_kept(figures, "RabbitMQ" + (" with its management API" if with_management else ""))
    # The whole session, its first refreshes included: a few connections (events, the pool's), not one per call.
    assert settled_rabbit_count(rabbit) - before <= 8


@pytest.fixture
def own_vhost(rabbit):
    """A vhost only this test's console uses: its connections can be dropped and refused without touching the worker's."""
    vhost = quote(RECOVER_VHOST, safe="")
    management(rabbit, f"vhosts/{vhost}", "PUT", {})
    allow = {"configure": ".*", "write": ".*", "read": ".*"}
    management(rabbit, f"permissions/{vhost}/{quote(rabbit.user, safe='')}", "PUT", allow)

    def connections() -> list[str]:
        return [c["name"] for c in management(rabbit, f"vhosts/{vhost}/connections")]

    def drop_all() -> int:
        """The broker closes every connection to the vhost, as a restart would."""
        names = connections()
        for name in names:
            management(rabbit, f"connections/{quote(name, safe='')}", "DELETE")
        deadline = time.monotonic() + 10
        while connections() and time.monotonic() < deadline:
            time.sleep(0.1)
        return len(names)

    def refuse(refused: bool) -> None:
        path = f"permissions/{vhost}/{quote(rabbit.user, safe='')}"
        management(rabbit, path, "DELETE") if refused else management(rabbit, path, "PUT", allow)

    yield connections, drop_all, refuse
    management(rabbit, f"vhosts/{vhost}", "DELETE")


def test_a_kept_rabbitmq_connection_the_broker_dropped_is_replaced_and_a_refusal_reported_as_before(rabbit, own_vhost):
    connections, drop_all, refuse = own_vhost
    profile = ConnectionProfile(broker_url=rabbit.url(RECOVER_VHOST))
    client = ClusterClient(build_console_app(profile), profile, timeout=5.0)
    app = client.app

    async def ask_twice() -> list:
        answers = []
        for _ in range(2):
            answers.append(await client.check_broker())
            answers.append(await client.run_blocking(lambda: queue_lengths(app, ["celery"])))
        return answers

    try:
        first = asyncio.run(ask_twice())
        assert all(a.ok for a in first), first
        assert eventually(lambda: len(connections()) == 1)  # four calls, one connection, kept
        before = settled_rabbit_count(rabbit)

        assert drop_all() == 1
        again = asyncio.run(ask_twice())
        assert all(a.ok for a in again), again  # the dead one let go, the call made again on a new one
        assert settled_rabbit_count(rabbit) - before == 1
        assert eventually(lambda: len(connections()) == 1)

        refuse(True)
        drop_all()
        kept = asyncio.run(client.check_broker())
        fresh_client = ClusterClient(build_console_app(profile), profile, timeout=5.0)
        try:
            fresh = asyncio.run(fresh_client.check_broker())
        finally:
            fresh_client.close()
        assert kept.reachability is Reachability.FAILED and "NOT_ALLOWED" in kept.message, kept
        assert kept.message == fresh.message  # said as a console that never had a connection says it

        refuse(False)
        assert asyncio.run(client.check_broker()).ok
    finally:
        client.close()
    assert eventually(lambda: connections() == [])  # closed with the client


# -- Redis -------------------------------------------------------------------------------------------


def test_an_open_console_keeps_its_redis_connections_and_finds_a_restarted_broker(cluster_on, monkeypatch):
    monkeypatch.setattr(monitor, "QUEUE_INTERVAL", INTERVAL)
    cluster = cluster_on("desktop.tasks", "kept", concurrency=1)
    server = cluster.server
    session = session_for(cluster.broker_url, cluster.backend_url, refresh_interval=INTERVAL)

    open_before = redis_connections_open(server)

    async def scenario():
        figures = await watch_open_console(session, lambda: redis_connections_let_go(server))
        figures["open"] = redis_connections_open(server) - open_before
        return figures

    figures = run(session, scenario)
    # The count includes the backend's connections too (the same server): none is opened per refresh either.
    assert_kept(figures, "Redis")
    # What the console holds open is bounded by the threads that may ask at once (its lanes, the
    # events, the poller), not by how long it runs.
    assert figures["open"] <= 32, figures

    session = session_for(cluster.broker_url, cluster.backend_url, refresh_interval=INTERVAL)

    async def restart():
        async with running(session):
            await wait_until(lambda: session.broker.ok and session.monitor.queues, 20, "broker and queues")
            stop_process_group(server.proc, 3.0)
            await wait_until(lambda: session.broker.reachability is Reachability.FAILED, 20, "the lost broker reported")
            down = session.broker.message
            await wait_until(lambda: session.monitor.queues_error != "", 20, "queue lengths fail")
            server.restart()  # from the main thread, which the server's parent-death signal watches
            await wait_until(lambda: session.broker.ok, 20, "the restarted broker answers")
            await wait_until(lambda: session.monitor.queues_error == "", 20, "queue lengths again")
            return down

    down = run(session, restart)
    assert down.startswith("broker unreachable: "), down
