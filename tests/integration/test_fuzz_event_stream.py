"""Property-based, on a real redis-server: garbage published on the broker's event exchange (kombu
Producer: JSON of any shape, pickles, wrong content types, bogus compression, raw envelopes kombu
cannot parse) while a real ConsoleSession receives events. The receiver keeps running (it never
goes "reconnecting"), counts every message that is not an event in ``ignored``, decodes nothing
it does not accept, and a good event published after the garbage is applied.
"""

from __future__ import annotations

import json
import pickle
import uuid

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.live.event_receiver import StreamState
from tests.support import garbage
from tests.support.fuzzing import tried
from tests.support.hostile import Evil, SessionThread, publish_events
from tests.support.record_checks import assert_showable
from tests.support.redis_dbs import db
from tests.support.sessions import session_for

pytestmark = pytest.mark.integration

DB = db("test_fuzz_event_stream", "broker")
T0 = 1_795_600_000.0


class Receiving:
    def __init__(self, redis_server, evil_path):
        self.url = redis_server.url(DB)
        self.raw = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=DB)
        self.raw.flushdb()
        self.evil_path = evil_path
        self.session = session_for(self.url, self.url)
        self.statuses = []
        stream = self.session.monitor.stream
        on_status = stream.on_status
        stream.on_status = lambda status: (self.statuses.append(status), on_status(status))
        self.thread = SessionThread(self.session)

    def counted(self) -> int:
        store = self.session.monitor.store
        return store.ingested + store.ignored

    def send_good(self) -> tuple[str, str]:
        task_id, hostname = f"good-{uuid.uuid4()}", f"good-{uuid.uuid4().hex[:8]}@h"
        good = [
            {"type": "worker-heartbeat", "hostname": hostname, "timestamp": T0, "freq": 2.0},
            {"type": "task-succeeded", "uuid": task_id, "hostname": hostname, "timestamp": T0, "result": "3"},
        ]
        publish_events(self.url, [{"body": event, "serializer": "json"} for event in good])
        return task_id, hostname

    def wait_good(self, timeout: float = 10.0) -> None:
        task_id, hostname = self.send_good()
        store = self.session.monitor.store
        self.thread.wait_until(
            lambda: store.task(task_id) is not None and store.worker(hostname) is not None,
            timeout,
            lambda: f"good events not applied; stream {self.session.monitor.stream_status}",
        )


@pytest.fixture(scope="module")
def receiving(redis_server, tmp_path_factory):
    receiving = Receiving(redis_server, tmp_path_factory.mktemp("evil") / "created-by-unpickling")
    with receiving.thread:
        # The receiver subscribes a moment after it says "receiving": publish until an event lands.
        receiving.thread.wait_until(
            lambda: receiving.session.monitor.stream_status.state is StreamState.RECEIVING, 15, "receiving"
        )
        for _ in range(50):
            try:
                receiving.wait_good(timeout=0.3)
                break
            except AssertionError:
                continue
        else:
            receiving.wait_good()  # 15 s of tries and not one event landed: this one says why it failed
        receiving.statuses.clear()
        yield receiving
    receiving.raw.flushdb()
    receiving.raw.close()


@st.composite
def messages(draw, evil_path):
    """(kombu publish options, how many events it carries)."""
    kind = draw(st.sampled_from(["event", "events", "json", "pickle", "evil", "content-type", "bad-json", "compression"]))
    if kind in ("event", "events", "json"):
        # Celery also sends a list of events in one message: each item counts (an empty list, nothing)
        body = draw(
            {"event": garbage.events(), "events": st.lists(garbage.events(), max_size=4), "json": garbage.json_values}[kind]
        )
        return {"body": body, "serializer": "json"}, len(body) if isinstance(body, list) else 1
    if kind == "pickle":
        return {"body": pickle.dumps({"type": "worker-heartbeat", "hostname": "p@h", "timestamp": T0}), "content_type":
                "application/x-python-serialize", "content_encoding": "binary"}, 1  # fmt: skip
    if kind == "evil":
        return {"body": Evil(evil_path), "serializer": "pickle"}, 1
    if kind == "content-type":
        content_type = draw(st.sampled_from(["application/x-evil", "text/plain", "application/x-yaml", "application/x-msgpack",
                                             "application/data", "application/text", ""]))  # fmt: skip
        return {"body": draw(st.binary(max_size=40)), "content_type": content_type, "content_encoding": "binary"}, 1
    if kind == "bad-json":
        encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "no-such-codec"]))
        return {"body": draw(st.binary(max_size=40)), "content_type": "application/json", "content_encoding": encoding}, 1
    body = json.dumps({"type": "worker-heartbeat", "hostname": "c@h", "timestamp": T0}).encode()
    return {"body": body, "content_type": "application/json", "content_encoding": "utf-8",
            "headers": {"compression": draw(st.sampled_from(["application/x-bogus", "application/x-gzip", "zlib"]))}}, 1  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_fuzz_garbage_on_the_event_exchange_is_counted_and_receiving_goes_on(receiving, data):
    published = data.draw(st.lists(messages(receiving.evil_path), min_size=1, max_size=10))
    tried("event messages (real receiver)", len(published))
    before = receiving.thread.run(receiving.counted)
    publish_events(receiving.url, [dict(options) for options, _count in published])
    receiving.wait_good()
    after = receiving.thread.run(receiving.counted)
    assert after - before == sum(count for _options, count in published) + 2
    assert not receiving.evil_path.exists(), "a pickle from the event exchange was unpickled"
    assert all(s.state is StreamState.RECEIVING for s in receiving.statuses), receiving.statuses
    session = receiving.session
    rows = receiving.thread.run(lambda: list(session.tasks.values()))
    assert_showable(rows)
    receiving.thread.run(lambda: session.dump_json().encode())


def test_envelopes_kombu_cannot_parse_are_dropped_without_reconnecting(receiving):
    """Raw PUBLISHes on the event channel that are JSON but not kombu's envelope: the transport raised on
    each, and the stream reconnected (events lost meanwhile); now each is counted as ignored."""
    channel = f"/{DB}.celeryev/worker.heartbeat"
    envelopes = [b"[]", b'"text"', b"12", b'{"body": 1}', json.dumps({"body": "x", "properties": {}}).encode()]
    ignored = receiving.thread.run(lambda: receiving.session.monitor.store.ignored)
    for envelope in envelopes:
        assert receiving.raw.publish(channel, envelope) >= 1
    receiving.wait_good()
    assert receiving.thread.run(lambda: receiving.session.monitor.store.ignored) - ignored == len(envelopes)
    assert all(s.state is StreamState.RECEIVING for s in receiving.statuses), receiving.statuses


def test_events_that_broke_the_receiver_are_counted(receiving):
    """Each of these ended the consume with an exception, so the stream reconnected: a body that is not
    an event dict, a clock or utcoffset that is no number."""
    bodies = [
        [1, 2, 3],
        "hello",
        {"type": "worker-heartbeat", "hostname": "h", "timestamp": T0, "utcoffset": "x"},
        {"type": "worker-heartbeat", "hostname": "h", "timestamp": T0, "clock": "x"},
        {"no": "type"},
    ]
    ignored = receiving.thread.run(lambda: receiving.session.monitor.store.ignored)
    publish_events(receiving.url, [{"body": body, "serializer": "json"} for body in bodies])
    receiving.wait_good()
    assert receiving.thread.run(lambda: receiving.session.monitor.store.ignored) - ignored == 7
    assert all(s.state is StreamState.RECEIVING for s in receiving.statuses), receiving.statuses
