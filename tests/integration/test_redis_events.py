"""The console reads a Redis broker's events off its pub/sub connection (RedisEventFeed), on a real
redis-server, with every fanout layout kombu's transport options make; and a connection that went
silent is given up, so the stream reconnects instead of waiting forever."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
import redis
from celery import Celery

from desktop.core.cluster.redis_events import RedisEventFeed
from desktop.core.live.event_receiver import EventStream, StreamState
from desktop.core.runtime import demo
from tests.support.redis_dbs import db
from tests.support.sessions import wait_until

pytestmark = pytest.mark.integration

LAYOUTS = {
    "plain": {},
    "prefixed": {"global_keyprefix": "tenant-a:"},
    "no_patterns": {"fanout_patterns": False},
    "no_prefix": {"fanout_prefix": False},
}


def app_on(url: str, options: dict, name: str) -> Celery:
    app = Celery(name, broker=url)
    app.conf.broker_transport_options = dict(options)
    return app


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_events_sent_with_each_fanout_layout_are_read_directly(redis_server, layout):
    url = redis_server.url(db("test_redis_events", layout))
    console, sender = app_on(url, LAYOUTS[layout], "console"), app_on(url, LAYOUTS[layout], "worker")
    marker = uuid.uuid4().hex
    dispatcher = sender.events.Dispatcher(sender.connection_for_write(), hostname=f"w-{marker}@h")

    async def receive() -> tuple[list[dict], bool]:
        got: list[dict] = []
        stream = EventStream(console, lambda batch: got.extend(batch))
        stream.start()
        try:
            await wait_until(lambda: stream.status.state is StreamState.RECEIVING, 10, "receiving")
            dispatcher.send("task-received", uuid=marker, name="tasks.add", args="(1, 2)")
            dispatcher.send("task-succeeded", uuid=marker, result="3", runtime=0.01)
            await wait_until(lambda: sum(e is not None and e.get("uuid") == marker for e in got) == 2, 5, "both events")
            return got, stream.reading_redis_directly
        finally:
            await stream.stop()

    try:
        got, direct = asyncio.run(receive())
    finally:
        dispatcher.close()
        console.close()
        sender.close()
    assert direct
    mine = [e for e in got if e is not None and e.get("uuid") == marker]
    assert [e["type"] for e in mine] == ["task-received", "task-succeeded"]
    assert mine[1]["result"] == "3" and mine[1]["hostname"] == f"w-{marker}@h"
    assert all("local_received" in e and "clock" in e for e in mine)  # celery's EventReceiver conversion, as before


def test_kombus_consumer_reads_them_when_asked_to(redis_server):
    """The anchor bench/event_receive.py measures against: the same stream through kombu's consumer."""
    url = redis_server.url(db("test_redis_events", "plain"))
    console, sender = app_on(url, {}, "console"), app_on(url, {}, "worker")
    marker = uuid.uuid4().hex
    dispatcher = sender.events.Dispatcher(sender.connection_for_write(), hostname="k@h")

    async def receive() -> bool:
        got: list[dict] = []
        stream = EventStream(console, lambda batch: got.extend(batch), read_redis_directly=False)
        stream.start()
        try:
            await wait_until(lambda: stream.status.state is StreamState.RECEIVING, 10, "receiving")
            deadline = time.monotonic() + 5  # kombu says "receiving" a moment before it has subscribed
            while not any(e is not None and e.get("uuid") == marker for e in got) and time.monotonic() < deadline:
                dispatcher.send("task-received", uuid=marker, name="tasks.add")
                await asyncio.sleep(0.1)
            assert any(e is not None and e.get("uuid") == marker for e in got)
            return stream.reading_redis_directly
        finally:
            await stream.stop()

    try:
        assert asyncio.run(receive()) is False
    finally:
        dispatcher.close()
        console.close()
        sender.close()


def test_a_connection_that_stays_silent_is_given_up(tmp_path):
    """CLIENT PAUSE holds every reply, the feed's PINGs' too: as on a half-open TCP connection, the feed
    raises after three ping intervals of silence (and EventStream reconnects, as after any lost connection)."""
    server = demo.RedisServer()
    server.start()
    app = Celery("console", broker=server.url(0))
    admin = redis.Redis(host="127.0.0.1", port=server.port, password=server.password)
    try:
        with app.connection_for_read() as connection:
            feed = RedisEventFeed.open(connection, "celeryev", ping_seconds=0.2)
            assert feed is not None
            deadline = time.monotonic() + 5
            while not feed.subscribed and time.monotonic() < deadline:
                feed.read(0.1)
            assert feed.subscribed
            admin.client_pause(5000, all=True)
            started = time.monotonic()
            with pytest.raises(redis.exceptions.ConnectionError, match="sent nothing"):
                while time.monotonic() - started < 4:
                    feed.read(0.05)
            assert time.monotonic() - started < 2
    finally:
        admin.client_unpause()
        admin.close()
        app.close()
        server.stop()
