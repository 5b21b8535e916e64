"""Broker connections wait a bounded time for a reply, and calls that hang hold only the threads of their kind."""

from __future__ import annotations

import asyncio
import threading

from celery import Celery

from desktop.core.cluster.celery_app import BROKER_CONNECT_TIMEOUT, BROKER_SOCKET_TIMEOUT, build_console_app
from desktop.core.cluster.client import BROKER, CHECK, LANE_THREADS, ClusterClient
from desktop.core.connection.profiles import ConnectionProfile

REDIS = ConnectionProfile(broker_url="redis://h:6379/10")
AMQP = ConnectionProfile(broker_url="amqp://u:p@h:5672//")


def test_every_broker_connection_has_read_and_connect_timeouts_shorter_than_the_consoles_wait():
    redis_options = build_console_app(REDIS).conf.broker_transport_options
    assert redis_options["socket_timeout"] == BROKER_SOCKET_TIMEOUT
    assert redis_options["socket_connect_timeout"] == BROKER_CONNECT_TIMEOUT
    assert "read_timeout" not in redis_options
    amqp_app = build_console_app(AMQP)
    assert amqp_app.conf.broker_transport_options["read_timeout"] == BROKER_SOCKET_TIMEOUT
    assert amqp_app.conf.broker_transport_options["write_timeout"] == BROKER_SOCKET_TIMEOUT
    assert "socket_timeout" not in amqp_app.conf.broker_transport_options
    with amqp_app.connection_for_write() as conn:  # what kombu hands py-amqp's Connection
        assert conn.transport_options["read_timeout"] == BROKER_SOCKET_TIMEOUT
    assert max(BROKER_SOCKET_TIMEOUT, BROKER_CONNECT_TIMEOUT) < ClusterClient(build_console_app(REDIS), REDIS).timeout


def test_an_apps_own_timeout_stays_when_shorter():
    app = Celery("user", set_as_current=False)
    app.conf.broker_transport_options = {"socket_timeout": 1.5, "socket_connect_timeout": 30.0, "visibility_timeout": 60}
    options = build_console_app(REDIS, app).conf.broker_transport_options
    assert options["socket_timeout"] == 1.5
    assert options["socket_connect_timeout"] == BROKER_CONNECT_TIMEOUT  # 30 s is for its workers, not the console
    assert options["visibility_timeout"] == 60
    app = Celery("user", set_as_current=False)
    app.conf.broker_transport_options = {"socket_timeout": None, "read_timeout": 0}
    assert build_console_app(REDIS, app).conf.broker_transport_options["socket_timeout"] == BROKER_SOCKET_TIMEOUT


def test_calls_that_hang_hold_only_the_threads_of_their_kind():
    client = ClusterClient(build_console_app(REDIS), REDIS, timeout=5.0)
    release = threading.Event()
    ran = []

    def hang() -> str:
        ran.append(threading.current_thread().name)
        release.wait(10)
        return "answered"

    async def scenario():
        checks = [asyncio.ensure_future(client.run_blocking(hang, 0.3, lane=CHECK)) for _ in range(LANE_THREADS[CHECK] + 2)]
        sends = [asyncio.ensure_future(client.run_blocking(hang, 0.3, lane=BROKER)) for _ in range(LANE_THREADS[BROKER] + 1)]
        given_up = await asyncio.gather(*checks, *sends)
        # Every check and send waits on a silent server (or for a thread of its kind): a poll still runs at once.
        poll = await client.run_blocking(lambda: "polled", 1.0)
        check = await client.run_blocking(lambda: "checked", 0.3, lane=CHECK)
        release.set()  # the server answers: the threads come back, and so do the slots
        again = await client.run_blocking(lambda: "checked", 2.0, lane=CHECK)
        return given_up, poll, check, again

    try:
        given_up, poll, check, again = asyncio.run(scenario())
    finally:
        release.set()
        client.close()
    assert len(ran) == LANE_THREADS[CHECK] + LANE_THREADS[BROKER]  # no more threads than slots ever ran a hung call
    checks_waiting = f"not started in 0.3 s: {LANE_THREADS[CHECK]} earlier checks still wait for a reply"
    sends_waiting = f"not started in 0.3 s: {LANE_THREADS[BROKER]} earlier calls to the broker still wait for a reply"
    errors = [r.error for r in given_up]
    assert errors.count("no reply in 0.3 s") == len(ran)
    assert errors.count(checks_waiting) == 2 and errors.count(sends_waiting) == 1
    assert poll.value == "polled"
    assert check.error == checks_waiting
    assert again.value == "checked"
