"""desktop/core/live's and runtime's messages go through translate(): the whole message and the words put into it.

A marking translator (``⟦text⟧``) stands in for Qt's: what the window shows (the error panel's
lines, a row's stuck warning, the Workers tab's status words and durations, the connection bar's
reconnecting note, the Settings line about trends) must come out marked, and what is matched or
kept (the worker status colour, the dump, the trends file's series) must not depend on the words.
"""

from __future__ import annotations

import asyncio

import pytest
from celery import Celery

from desktop.core.cluster.client import Reply
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain import translatable
from desktop.core.domain.queued_messages import QueuedMessage
from desktop.core.domain.records import WorkerRecord
from desktop.core.domain.triage import ResendPlan
from desktop.core.live import poller, queue_messages
from desktop.core.live.event_receiver import EventStream, StreamState, StreamStatus
from desktop.core.live.monitor import ClusterMonitor
from desktop.core.live.poller import BackendUnreachable, PollState, ResultPoller
from tests.support.sessions import session_for

PROFILE = ConnectionProfile(broker_url="redis://127.0.0.1:1/0", backend_url="redis://127.0.0.1:1/1")


@pytest.fixture
def marked():
    """Every text core asks to translate comes back as ⟦text⟧; the (context, text) pairs asked are kept."""
    asked: list[tuple[str, str]] = []

    def mark(context: str, text: str) -> str:
        asked.append((context, text))
        return f"⟦{text}⟧"

    translatable.use_translator(mark)
    yield asked
    translatable.use_translator(None)


@pytest.fixture
def session():
    session = session_for("redis://:s3cret@127.0.0.1:1/0", "redis://:s3cret@127.0.0.1:1/1")  # nothing is contacted
    yield session
    session.client.close()


# -- live: the Workers tab -----------------------------------------------------------------------


class StandInClient:
    app = Celery("console", broker="redis://127.0.0.1:1/0")  # never connected: the monitor is not started


def heartbeat(hostname: str, at: float) -> dict:
    return {"type": "worker-heartbeat", "hostname": hostname, "utcoffset": 0, "pid": 1, "clock": 1, "timestamp": at,
            "local_received": at, "freq": 2.0, "sw_ident": "py-celery", "sw_ver": "5.7.0", "active": 0, "processed": 1}  # fmt: skip


def test_worker_statuses_and_durations_are_worded_in_the_windows_language(marked):
    watcher = ClusterMonitor(StandInClient(), PROFILE, lambda *parts: None)
    now = 1_000_000.0
    watcher.store.apply([heartbeat("gone@h", now - 45), heartbeat("long-gone@h", now - 600)])
    watcher.stream_status = StreamStatus(StreamState.RECEIVING)
    pinged = {"quiet@h": WorkerRecord("quiet@h", online=True), "off@h": WorkerRecord("off@h", online=False)}
    rows = {row.hostname: row for row in watcher.worker_rows(pinged, now=now)}
    assert rows["quiet@h"].status == "⟦online · no events⟧" and rows["quiet@h"].online and rows["quiet@h"].events_missing
    assert rows["off@h"].status == "⟦offline⟧" and not rows["off@h"].online
    assert rows["gone@h"].status == "⟦offline · last heartbeat ⟦45 s⟧ ago⟧"
    assert rows["long-gone@h"].status == "⟦offline · last heartbeat ⟦10 min⟧ ago⟧"
    assert ("monitor", "{seconds} s") in marked and ("monitor", "{minutes} min") in marked


def test_a_worker_online_by_its_heartbeats_is_green_by_a_field_not_by_its_words(marked):
    watcher = ClusterMonitor(StandInClient(), PROFILE, lambda *parts: None)
    watcher.store.apply([heartbeat("w@h", 1_000_000.0)])
    row = watcher.worker_rows({}, now=1_000_001.0)[0]
    assert row.status == "⟦online⟧" and row.online and not row.events_missing
    translatable.use_translator(None)
    silent = watcher.worker_rows({"p@h": WorkerRecord("p@h", online=True)}, now=1_000_001.0)
    assert [(r.status, r.events_missing) for r in silent] == [("online", False), ("online", False)]  # events not on: no judgement


def test_queue_warnings_are_marked(marked):
    watcher = ClusterMonitor.__new__(ClusterMonitor)
    watcher.client = StandInClient()
    watcher.conf = {"w1@h": {"broker_transport_options": {"global_keyprefix": "prod:"}}}
    text = watcher.transport_mismatch()
    assert text.startswith("⟦⟦w1@h uses global_keyprefix='prod:', this connection None⟧ — start the console with -A")


# -- live: rows, the error panel, the connection bar -----------------------------------------------


def test_a_stuck_rows_warning_is_marked_with_its_queue_word():
    message = QueuedMessage("", id="t1", delivered_at=1_000.0, restore_at=4_600.0)
    translatable.use_translator(lambda context, text: f"⟦{text}⟧")
    try:
        note = queue_messages.stuck_note(message)
    finally:
        translatable.use_translator(None)
    assert note.startswith("⟦message unacknowledged since ") and "in ⟦its queue⟧ after" in note
    assert "(visibility_timeout 3600 s)" in note and note.endswith("Restore now⟧")
    assert queue_messages.stuck_note(message).startswith("message unacknowledged since ")  # English again without one


def test_a_read_only_refusal_names_the_change_in_the_windows_language(marked):
    profile = ConnectionProfile(broker_url="redis://127.0.0.1:1/0", backend_url="redis://127.0.0.1:1/1", read_only=True)
    read_only = session_for(profile.broker_url, profile.backend_url, read_only=True)
    try:
        messages = [QueuedMessage("celery", id="a"), QueuedMessage("celery", id="b")]
        reply = asyncio.run(read_only.queue_messages.delete("celery", messages))
        moved = asyncio.run(read_only.queue_messages.move("celery", messages, "other"))
        purged = asyncio.run(read_only.monitor.purge("celery"))
    finally:
        read_only.client.close()
    assert "⟦deleting 2 message(s) from 'celery'⟧" in reply.error
    assert "⟦moving 2 message(s) from 'celery' to 'other'⟧" in moved.error
    assert "⟦purge of queue 'celery'⟧" in purged.error


def test_the_error_panels_lines_are_marked(marked, session):
    async def refused(*args, **kwargs):
        return Reply(error="boom")

    session.client.revoke = refused
    session.client.send_calls = refused
    asyncio.run(session.revoke(["a"], terminate=True))
    asyncio.run(session.revoke(["a"]))
    unknown = tuple(f"id-{i}" for i in range(7))
    asyncio.run(session.resend(ResendPlan(unknown=unknown)))
    lines = [line.split("  ", 1)[1] for line in session.errors]
    assert lines[0] == "⟦terminate failed: boom⟧"
    assert lines[1] == "⟦revoke failed: boom⟧"
    assert lines[2].startswith("⟦cannot re-send 7 task(s), their arguments are unknown")
    assert lines[2].endswith("id-0, id-1, id-2, id-3, id-4⟦ and 2 more⟧⟧")


def test_the_event_streams_reconnecting_note_is_marked_and_the_log_stays_english(marked, caplog):
    class Unreachable:
        def connection_for_read(self):
            raise ConnectionRefusedError("Connection refused")

    stream = EventStream(Unreachable(), lambda batch: None)
    stream._stop.wait = lambda delay: stream._stop.set()  # one attempt
    stream._run()
    assert stream.status.state is StreamState.RECONNECTING
    assert stream.status.message.startswith("⟦events: ") and stream.status.message.endswith("; retrying in 0.5 s⟧")
    assert any(m.startswith("events: ") and "⟦" not in m for m in caplog.messages)
    assert ("event_receiver", "events: {error}; retrying in {delay} s") in marked


def test_the_pollers_explanations_and_reconnecting_note_are_marked(marked):
    class StandIn:
        def __init__(self, app):
            self.app, self.profile = app, PROFILE

    rpc = ResultPoller(StandIn(Celery("rpc", backend="rpc://")), lambda records: None)
    none = ResultPoller(StandIn(Celery("none")), lambda records: None)
    assert rpc.status.state is PollState.UNSUPPORTED and rpc.status.message == f"⟦{poller.RPC_EXPLANATION}⟧"
    assert none.status.message == f"⟦{poller.NO_BACKEND_EXPLANATION}⟧"
    assert poller.NO_BACKEND_EXPLANATION.startswith("no result backend configured")  # the constant stays English

    kv = ResultPoller(StandIn(Celery("kv", backend="redis://127.0.0.1:1/1")), lambda records: None, interval=0.01)
    calls = []

    async def tick():
        calls.append(1)
        if len(calls) > 1:
            raise asyncio.CancelledError
        raise BackendUnreachable("Connection refused")

    kv.tick = tick
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(kv._run())
    assert kv.status.state is PollState.RECONNECTING and kv.status.message == "⟦result backend: Connection refused⟧"
