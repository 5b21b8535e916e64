"""The broker connections the blocking calls keep: reused, replaced once when dead, closed with the client.

kombu's in-memory transport is a real transport with no server: what is kept, let go or closed is
seen on the connection objects themselves. The same behaviour against RabbitMQ and Redis is in
tests/integration/test_broker_connections.py.
"""

from __future__ import annotations

import socket
import threading

import pytest
import redis
from celery import Celery

from desktop.core.cluster.client import ClusterClient
from desktop.core.cluster.queues import (
    _lost,
    _silent,
    broker_round_trip,
    close_kept_connections,
    on_broker,
)
from desktop.core.connection.profiles import ConnectionProfile


def memory_app(**conf) -> Celery:
    app = Celery("kept-unit", broker="memory://", set_as_current=False)
    app.conf.update(**conf)
    return app


def transport_connection(conn):
    """What the connection holds of its transport: the same object while the connection is kept."""
    return conn.connection


def test_calls_one_after_another_reuse_one_connection():
    app = memory_app()
    seen = [on_broker(app, transport_connection) for _ in range(5)]
    assert all(s is seen[0] for s in seen)
    close_kept_connections(app)


def test_calls_at_once_each_have_a_connection_of_their_own():
    app = memory_app()
    inside = threading.Barrier(3, timeout=5)
    held = []

    def use(conn):
        held.append(conn)
        inside.wait()  # three calls in at the same time
        return conn

    threads = [threading.Thread(target=on_broker, args=(app, use)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert len({id(c) for c in held}) == 3
    # Back in the pool: a fourth call gets one of them, not a new one.
    assert on_broker(app, lambda conn: conn) in held
    close_kept_connections(app)


def test_a_kept_connection_that_failed_is_let_go_and_the_call_made_once_more():
    app = memory_app()
    first = on_broker(app, transport_connection)
    attempts = []

    def dropped_once(conn):
        attempts.append(conn.connection)
        if len(attempts) == 1:
            raise ConnectionResetError(104, "Connection reset by peer")
        return conn.connection

    assert on_broker(app, dropped_once) is not first  # a new connection answered
    assert attempts[0] is first and len(attempts) == 2
    close_kept_connections(app)


def test_a_new_connection_that_fails_is_reported_at_once():
    app = memory_app()
    attempts = []

    def refused(conn):
        attempts.append(1)
        raise ConnectionRefusedError(111, "Connection refused")

    with pytest.raises(ConnectionRefusedError):
        on_broker(app, refused)
    assert attempts == [1]  # as a console without kept connections: one try
    on_broker(app, transport_connection)
    with pytest.raises(ConnectionRefusedError):
        on_broker(app, refused)  # kept, then failing twice: the second failure is the one said
    assert attempts == [1, 1, 1]
    close_kept_connections(app)


def test_a_kept_connection_that_went_silent_is_not_waited_for_twice():
    app = memory_app()
    kept = on_broker(app, transport_connection)
    attempts = []

    def silent(conn):
        attempts.append(1)
        raise TimeoutError("timed out")

    with pytest.raises(TimeoutError):
        on_broker(app, silent)
    assert attempts == [1]
    assert on_broker(app, transport_connection) is not kept  # let go all the same


def test_after_any_other_error_the_connection_is_closed_and_the_next_call_has_a_new_one():
    """kombu's pooled connection is not trusted after an error it cannot place (a half-read reply): closed, not kept."""
    app = memory_app()
    kept = on_broker(app, lambda conn: conn)
    before = kept.connection

    def unreadable(conn):
        raise ValueError("not JSON")

    with pytest.raises(ValueError):
        on_broker(app, unreadable)
    assert not kept.connected
    assert on_broker(app, transport_connection) is not before
    close_kept_connections(app)


def test_without_a_pool_limit_every_call_has_a_new_connection():
    app = memory_app(broker_pool_limit=0)  # the app asks for no pooling: none is kept
    first = on_broker(app, lambda conn: conn)
    assert not first.connected  # closed when the call ended
    assert on_broker(app, lambda conn: conn) is not first


def test_closed_connections_stay_closed():
    app = memory_app()
    conns = []
    for _ in range(2):
        conns.append(on_broker(app, lambda conn: conn))
    assert conns[0].connected
    close_kept_connections(app)
    assert not any(c.connected for c in conns)
    with pytest.raises(RuntimeError, match="closed"):
        on_broker(app, transport_connection)
    close_kept_connections(app)  # twice: nothing more to do


def test_closing_one_app_leaves_another_on_the_same_broker_alone():
    one, other = memory_app(), memory_app()
    on_broker(one, transport_connection)
    kept = on_broker(other, transport_connection)
    close_kept_connections(one)
    assert on_broker(other, transport_connection) is kept
    close_kept_connections(other)


def test_the_round_trip_of_a_transport_neither_amqp_nor_redis_is_its_connect():
    app = memory_app()
    assert on_broker(app, broker_round_trip) is None
    close_kept_connections(app)


def test_lost_and_silent_are_told_apart():
    app = memory_app()
    conn = app.connection_for_write()
    assert _lost(conn, ConnectionResetError()) and _lost(conn, socket.timeout())
    assert not _lost(conn, ValueError()) and not _lost(conn, KeyError("x"))
    assert _silent(socket.timeout("timed out")) and _silent(redis.exceptions.TimeoutError("Timeout reading"))
    wrapped = RuntimeError("read failed")
    wrapped.__cause__ = TimeoutError()
    assert _silent(wrapped)
    assert not _silent(ConnectionRefusedError()) and not _silent(redis.exceptions.ConnectionError("refused"))


def close_and_wait(client: ClusterClient) -> None:
    """``client.close()``, then until the thread it closes the connections in has ended."""
    client.close()
    closing = [t for t in threading.enumerate() if t.name == f"celery-desktop-cluster-{client.number}-closing"]
    for thread in closing:
        thread.join(5)
    assert not any(t.is_alive() for t in closing)


def test_closing_the_client_closes_its_connections_in_a_thread_of_its_own():
    profile = ConnectionProfile(broker_url="memory://")
    app = memory_app()
    client = ClusterClient(app, profile)
    conn = on_broker(app, lambda c: c)
    close_and_wait(client)
    assert not conn.connected
    client.close()  # twice: nothing more


def test_the_next_client_of_the_same_app_keeps_its_connections_when_the_previous_one_closes():
    """A profile switch with the same -A app: the old client closes after the new one started, on the same app."""
    app = memory_app()
    profile = ConnectionProfile(broker_url="memory://")
    old = ClusterClient(app, profile)
    new = ClusterClient(app, profile)
    kept = on_broker(app, lambda conn: conn)
    close_and_wait(old)
    assert kept.connected and on_broker(app, lambda conn: conn) is kept
    close_and_wait(new)  # the last
    assert not kept.connected
    with pytest.raises(RuntimeError, match="closed"):
        on_broker(app, transport_connection)


def test_connections_to_a_broker_the_app_no_longer_names_close_with_the_previous_client():
    app = memory_app()
    old = ClusterClient(app, ConnectionProfile(broker_url="memory://"))
    before = on_broker(app, lambda conn: conn)
    app.conf.broker_url = "memory://elsewhere/"  # the next profile, given the same app
    new = ClusterClient(app, ConnectionProfile(broker_url="memory://elsewhere/"))
    now = on_broker(app, lambda conn: conn)
    assert now is not before and now.hostname == "elsewhere"
    close_and_wait(old)
    assert not before.connected and now.connected
    assert on_broker(app, lambda conn: conn) is now
    close_and_wait(new)
    assert not now.connected
