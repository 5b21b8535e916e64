"""Property-based, on a real redis-server: garbage written straight into the result backend's keys is read
by the real poller of a running ConsoleSession (polling and pub/sub push). Each stored value becomes a
message on its row or a valid state, every record stays fit for the views and the history, and a good
result written after the garbage is still seen: the poller keeps polling the other rows.

One session runs for the whole module (on DB 0 of the session's redis-server, flushed before and
after); each example tracks fresh ids, writes its garbage and one good result, then lets them go.
"""

from __future__ import annotations

import json
import time
import uuid

import pytest
import redis
from celery import Celery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.cluster.key_tracking import FULL_SWEEP_SECONDS
from desktop.core.live.poller import PollState
from desktop.core.store.history import open_recorder
from tests.support import garbage
from tests.support.fuzzing import tried
from tests.support.hostile import SessionThread
from tests.support.record_checks import assert_showable, record_problems
from tests.support.redis_dbs import db
from tests.support.sessions import session_for

pytestmark = pytest.mark.integration

DB = db("test_fuzz_backend", "backend")


class Console:
    def __init__(self, redis_server, history_dir):
        self.url = redis_server.url(DB)
        self.raw = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=DB)
        self.raw.flushdb()
        self.history, note = open_recorder("fuzz-backend", history_dir / "history.sqlite3")
        assert self.history is not None, note
        self.session = session_for(None, self.url, history=self.history, poll_interval=0.05)
        self.backend = self.session.client.app.backend
        self.writer = Celery("a-worker", backend=self.url, set_as_current=False).backend  # writes as a worker does
        self.thread = SessionThread(self.session, start=lambda s: s.poller.start())

    def key(self, task_id: str) -> bytes:
        key = self.backend.get_key_for_task(task_id)
        return key if isinstance(key, bytes) else key.encode()

    def write_good(self, task_id: str, push: bool) -> None:
        """A real SUCCESS as a worker stores it: with its PUBLISH, or (push off) a bare SET only polling sees."""
        if push:
            self.writer.store_result(task_id, {"answer": 42}, "SUCCESS")
        else:
            meta = {
                "status": "SUCCESS",
                "result": {"answer": 42},
                "traceback": None,
                "children": [],
                "date_done": "2026-01-01T00:00:00",
                "task_id": task_id,
            }
            self.raw.set(self.key(task_id), json.dumps(meta))

    def read(self, task_id: str, payload: bytes) -> bool:
        entry = self.session.poller.tracked.get(task_id)
        return entry is not None and (entry.raw == payload or entry.record.ready)


@pytest.fixture(scope="module")
def console(redis_server, tmp_path_factory):
    console = Console(redis_server, tmp_path_factory.mktemp("fuzz-backend-history"))
    with console.thread:
        yield console
    console.history.stop()
    console.raw.flushdb()
    console.raw.close()


def check_round(console: Console, stored: list[tuple[str, bytes]], push_good: bool, publish_garbage: bool) -> dict:
    session, thread = console.session, console.thread
    ids = [f"fuzz-{kind}-{uuid.uuid4()}" for kind, _ in stored]
    good = f"good-{uuid.uuid4()}"
    thread.run(lambda: [session.track(i) for i in [*ids, good]])
    pipe = console.raw.pipeline()
    for task_id, (_kind, payload) in zip(ids, stored, strict=True):
        pipe.set(console.key(task_id), payload)
        if publish_garbage:
            pipe.publish(console.key(task_id), payload)
    pipe.execute()
    console.write_good(good, push_good)

    def all_read() -> bool:
        return session.tasks[good].state == "SUCCESS" and all(
            console.read(i, payload) for i, (_kind, payload) in zip(ids, stored, strict=True)
        )

    thread.wait_until(
        all_read,
        20,
        lambda: (
            f"good: {session.tasks[good]}; unread: {[i for i, (_k, p) in zip(ids, stored, strict=True) if not console.read(i, p)]}"
        ),
    )
    records = thread.run(lambda: {i: session.tasks[i] for i in [*ids, good]})
    status, errors = thread.run(lambda: (session.poller.status, list(session.errors)))
    thread.run(lambda: session.untrack([*ids, good]))
    console.raw.delete(*(console.key(i) for i in [*ids, good]))
    assert status.state is PollState.OK, status
    assert errors == []
    assert records[good].result == '{"answer": 42}'
    for task_id, (kind, payload) in zip(ids, stored, strict=True):
        record = records[task_id]
        assert not record_problems(record), (kind, payload[:200], record_problems(record))
        if record.error:
            assert record.state == "PENDING" and record.error.isprintable() and len(record.error) < 600, (kind, record)
        if kind == "pickle" and payload[:1] == b"\x80":
            assert "--allow-pickle" in record.error, record
    return records


@settings(
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(garbage.payloads(), min_size=1, max_size=10), st.booleans(), st.booleans())
def test_fuzz_garbage_in_the_backend_becomes_row_messages_and_polling_goes_on(console, stored, push_good, publish_garbage):
    tried("backend payloads (real poller)", len(stored))
    records = check_round(console, stored, push_good, publish_garbage)
    assert_showable(records.values())


def test_a_row_that_raised_no_longer_stops_the_tick(console):
    """Found by the fuzzing: each of these made the tick raise, so a good result written in the same
    tick (without a PUBLISH) stayed unseen until the next full sweep, five minutes later."""
    stored = [
        ("json", b'{"status": "PROGRESS", "result": {"current": 1e400, "total": 10}}'),
        ("json", b'{"status": "PROGRESS", "result": {"current": ' + b"1" * 400 + b', "total": 10}}'),
        ("json", b'{"status": "SUCCESS", "date_done": ' + b"9" * 400 + b"}"),
        ("json", b'{"status": "SUCCESS", "children": [[["\\ud800", null], null]]}'),
        ("json", b'{"status": "SUCCESS", "result": ' + garbage.nested(990, "[").encode() + b"}"),
    ]
    started = time.monotonic()
    records = check_round(console, stored, push_good=False, publish_garbage=False)
    # read by the ticks that follow, not by the full sweep (how soon: bench/latency.py)
    assert time.monotonic() - started < FULL_SWEEP_SECONDS / 2
    assert [r.state for r in records.values()][-1] == "SUCCESS"
    history = console.history
    assert history.flush(10) and history.available, history.status  # the history's writer took every row


def test_a_good_result_pushed_among_garbage_is_seen_at_once(console):
    stored = [("json", b'{"status": "PROGRESS", "result": {"current": 1e400, "total": 10}}')] * 3
    check_round(console, stored, push_good=True, publish_garbage=True)
