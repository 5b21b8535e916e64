"""A compressed body is never decompressed past a limit: a stored result, an event, a control reply.

Each bomb is zeros: 1 GB in about 1 MB of zlib, or in a few kilobytes of bzip2 or lzma (512 MB of
zlib for a stored result, which must fit the console's 1 MB limit on what it reads). Celery and
kombu decompress what the body claims, all of it, before anything looks at the size; the console
stops at 1 MB for a stored result (on the loop: a result of 1 MB is what it decodes there anyway)
and at 16 MB for a message (in the event thread, or the executor for a control reply). Measured
around each: how much this process's resident memory grew (PeakRss, sampled every 2 ms) and the
longest the session's loop could not run (LoopStall). Everything runs on a redis-server of this
module's own and, for the database backend, a real SQLite file.
"""

from __future__ import annotations

import logging
import sqlite3
import time
import uuid

import pytest
import redis
from celery import Celery

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.live.event_receiver import StreamState
from desktop.core.live.session import ConsoleSession
from desktop.core.runtime import demo
from tests.support.bombs import CONTENT_TYPES, GIGABYTE, LoopStall, PeakRss, stored_bomb, zlib_bomb
from tests.support.hostile import RogueWorker, SessionThread, publish_events
from tests.support.measured import measured

pytestmark = pytest.mark.integration

RSS_BOUND_MB = 100  # the limits are 1 MB and 16 MB; a bomb decompressed whole is 512 MB to 1 GB
STALL_BOUND_MS = 500  # the loop's longest stall (a bomb decompressed on it: seconds)
T0 = 1_795_600_000.0
ROGUE = "rogue@bomb-host"
STORED_SIZES = {"zlib": GIGABYTE // 2, "bzip2": GIGABYTE, "lzma": GIGABYTE}


@pytest.fixture(scope="module")
def server():
    server = demo.RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def raw(server):
    client = redis.Redis(host="127.0.0.1", port=server.port, password=server.password, db=1)
    client.flushdb()
    yield client
    client.close()


def console(backend: str | None, broker: str | None = None) -> ConsoleSession:
    profile = ConnectionProfile(broker_url=broker, backend_url=backend, poll_interval=0.05)
    return ConsoleSession(ClusterClient(build_console_app(profile), profile, timeout=10.0), profile)


def report(what: str, rss: PeakRss, stall: LoopStall) -> None:
    measured(f"{what}: RSS growth", rss.grew_mb, "MB")
    measured(f"{what}: longest loop stall", stall.longest_ms, "ms")


# -- stored results ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["zlib", "bzip2", "lzma"])
def test_a_compressed_result_bomb_in_redis_is_refused_on_its_row(server, raw, method):
    bomb = stored_bomb(method, STORED_SIZES[method])
    session = console(server.url(1))
    writer = Celery("a-worker", backend=server.url(1), set_as_current=False)
    writer.conf.result_compression = method  # a worker's real compressed result: still read
    bombed, fine = f"bomb-{uuid.uuid4()}", f"fine-{uuid.uuid4()}"
    raw.set(session.client.app.backend.get_key_for_task(bombed), bomb)
    writer.backend.store_result(fine, {"answer": 42}, "SUCCESS")
    with SessionThread(session, start=lambda s: s.poller.start()) as thread:
        with PeakRss() as rss, LoopStall(thread.loop) as stall:
            thread.run(lambda: session.track(bombed))
            thread.run(lambda: session.track(fine))
            thread.wait_until(lambda: session.tasks[bombed].error and session.tasks[fine].ready, 30, "both rows read")
        rows = thread.run(lambda: (session.tasks[bombed], session.tasks[fine]))
    report(f"stored {method} bomb of {len(bomb):,} bytes (Redis)", rss, stall)
    assert rows[0].state == "PENDING" and rows[0].error == (
        f"result is {method}-compressed and more than 1 MB uncompressed; not decoded (limit 1 MB)"
    ), rows[0]
    assert (rows[1].state, rows[1].result, rows[1].error) == ("SUCCESS", '{"answer": 42}', ""), rows[1]
    assert rss.grew_mb < RSS_BOUND_MB, f"RSS grew {rss.grew_mb:.0f} MB"
    assert stall.longest_ms < STALL_BOUND_MS, f"the loop stalled {stall.longest_ms:.0f} ms"


def test_a_compressed_result_bomb_in_a_database_row_is_refused_on_its_row(tmp_path):
    pytest.importorskip("sqlalchemy")
    path = tmp_path / "results.db"
    url = f"db+sqlite:///{path}"
    fine, bombed = f"fine-{uuid.uuid4()}", f"bomb-{uuid.uuid4()}"
    Celery("a-worker", backend=url, set_as_current=False).backend.store_result(fine, {"answer": 42}, "SUCCESS")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO celery_taskmeta (task_id, status, result) VALUES (?, 'SUCCESS', ?)", (bombed, stored_bomb("bzip2"))
        )
    session = console(url)
    with SessionThread(session, start=lambda s: s.poller.start()) as thread:
        with PeakRss() as rss, LoopStall(thread.loop) as stall:
            thread.run(lambda: session.track(bombed))
            thread.run(lambda: session.track(fine))
            thread.wait_until(lambda: session.tasks[bombed].error and session.tasks[fine].ready, 30, "both rows read")
        rows = thread.run(lambda: (session.tasks[bombed], session.tasks[fine]))
    report("stored bzip2 bomb (database)", rss, stall)
    assert rows[0].error == "result is bzip2-compressed and more than 1 MB uncompressed; not decoded (limit 1 MB)", rows[0]
    assert (rows[1].state, rows[1].result) == ("SUCCESS", '{"answer": 42}'), rows[1]
    assert rss.grew_mb < RSS_BOUND_MB, f"RSS grew {rss.grew_mb:.0f} MB"
    assert stall.longest_ms < STALL_BOUND_MS, f"the loop stalled {stall.longest_ms:.0f} ms"


# -- events -------------------------------------------------------------------------------------------


def heartbeat(hostname: str) -> dict:
    return {"body": {"type": "worker-heartbeat", "hostname": hostname, "timestamp": T0}, "serializer": "json"}


def wait_received(thread: SessionThread, url: str, timeout: float = 30) -> None:
    """Publish heartbeats until one lands: everything published before it was received before it."""
    store = thread.session.monitor.store
    hostname = f"probe-{uuid.uuid4().hex[:6]}@h"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        publish_events(url, [heartbeat(hostname)])
        if thread.run(lambda: store.worker(hostname) is not None):
            return
        time.sleep(0.1)
    raise AssertionError("no event was received")


def test_a_compressed_event_bomb_is_dropped(server, caplog):
    url = server.url(0)
    bomb = zlib_bomb()
    session = console(None, url)
    with (
        caplog.at_level(logging.WARNING, logger="desktop.core.live.event_receiver"),
        SessionThread(session, start=lambda s: s.monitor.start()) as thread,
    ):
        thread.wait_until(lambda: session.monitor.stream_status.state is StreamState.RECEIVING, 15, "receiving")
        wait_received(thread, url)
        ignored = thread.run(lambda: session.monitor.store.ignored)
        with PeakRss() as rss, LoopStall(thread.loop) as stall:
            publish_events(
                url,
                [
                    {
                        "body": bomb,
                        "content_type": "application/json",
                        "content_encoding": "binary",
                        "headers": {"compression": CONTENT_TYPES["zlib"]},
                    }
                ],
            )
            wait_received(thread, url)
        ignored = thread.run(lambda: session.monitor.store.ignored) - ignored
        state = thread.run(lambda: session.monitor.stream_status.state)
    report(f"event: zlib bomb of {len(bomb):,} bytes", rss, stall)
    assert ignored == 1 and state is StreamState.RECEIVING
    assert "events: a message was dropped: zlib body is more than 16 MB uncompressed; not decompressed" in caplog.messages
    assert rss.grew_mb < RSS_BOUND_MB, f"RSS grew {rss.grew_mb:.0f} MB"
    assert stall.longest_ms < STALL_BOUND_MS, f"the loop stalled {stall.longest_ms:.0f} ms"


# -- control replies ------------------------------------------------------------------------------------


def test_a_compressed_control_reply_bomb_is_dropped_and_hides_no_worker(server, caplog):
    url = server.url(2)
    bomb = zlib_bomb()

    def answer(method: str, arguments: dict) -> list:
        if method != "ping":  # one bomb a refresh
            return [({ROGUE: []}, {"serializer": "json"})]
        compressed = {"content_type": "application/json", "content_encoding": "binary"}
        return [
            (bomb, {**compressed, "headers": {"compression": CONTENT_TYPES["zlib"]}}),
            ({ROGUE: {"ok": "pong"}}, {"serializer": "json"}),
        ]

    session = console(None, url)
    with (
        caplog.at_level(logging.WARNING, logger="desktop.core.cluster.broadcast"),
        RogueWorker(url, ROGUE, answer) as rogue,
        SessionThread(session, start=lambda s: None) as thread,
    ):
        with PeakRss() as rss, LoopStall(thread.loop) as stall:
            thread.call(session.refresh)
        workers = thread.run(lambda: dict(session.workers))
    report(f"control reply: zlib bomb of {len(bomb):,} bytes", rss, stall)
    assert rogue.error is None and "ping" in rogue.requests
    assert workers[ROGUE].online, workers
    assert "control: a reply was dropped: zlib body is more than 16 MB uncompressed; not decompressed" in caplog.messages
    assert rss.grew_mb < RSS_BOUND_MB, f"RSS grew {rss.grew_mb:.0f} MB"
    assert stall.longest_ms < STALL_BOUND_MS, f"the loop stalled {stall.longest_ms:.0f} ms"
