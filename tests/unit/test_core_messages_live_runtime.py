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
from desktop.core.runtime import demo, licences, platform_check
from desktop.core.store import trends
from tests.support.sessions import session_for

PROFILE = ConnectionProfile(broker_url="redis://127.0.0.1:1/0", backend_url="redis://127.0.0.1:1/1")


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


# -- the trends file: Settings' line and what the error panel says; the series keys stay as they are ---------------


def test_the_trends_settings_line_is_marked_word_by_word(marked):
    line = trends.describe(3_200_000)
    assert line == "⟦Trends: 3.2 MB, ⟦⟦1 h⟧ by second⟧⟦, ⟧⟦⟦7 days⟧ by minute⟧⟦, ⟧⟦⟦90 days⟧ by hour⟧⟧"
    assert ("trends", "{kept} by minute") in marked


def test_a_trends_file_moved_aside_is_said_in_the_windows_language_and_logged_in_english(marked, tmp_path, caplog):
    path = tmp_path / "trends.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    database = trends.TrendsDatabase(path)
    try:
        note = database.open()
        database.write("p", [trends.Sample("queue|celery", 0, 5.0, 1.0)])
        assert database.names("p") == ["queue|celery"]  # the series keys are never worded
    finally:
        database.close()
    assert note.startswith("⟦the trends file ") and "moved to trends.unreadable-" in note and note.endswith("graphs start empty⟧")
    assert any(m.startswith("the trends file ") and "⟦" not in m for m in caplog.messages)


def test_trends_that_cannot_be_kept_are_said_in_the_windows_language(marked, tmp_path, monkeypatch):
    def unavailable(database):
        raise trends.TrendsUnavailable(trends.translate("trends", "trends folder {folder} is read-only").format(folder="f"))

    monkeypatch.setattr(trends.TrendsDatabase, "open", unavailable)
    assert (
        trends.open_trends(tmp_path / "t.sqlite3", "p", 0.0)[2]
        == "⟦⟦trends folder f is read-only⟧; graphs are not kept this session⟧"
    )


def test_a_read_only_trends_folder_is_said_in_the_windows_language(marked, tmp_path, monkeypatch):
    monkeypatch.setattr(trends.os, "access", lambda path, mode: False)
    with pytest.raises(trends.TrendsUnavailable, match="^⟦trends folder .* is read-only⟧$"):
        trends.TrendsDatabase(tmp_path / "trends.sqlite3").open()


# -- runtime: the demo's source, the licences dialog, the display check ----------------------------------------------


def test_the_demos_source_and_an_undeclared_licence_are_marked(marked, monkeypatch):
    profile = demo.DemoCluster().profile()
    assert profile.broker_source == profile.backend_source == "⟦embedded demo⟧" and profile.name == "demo"

    class Undeclared:
        version, metadata = "1.0", {"Name": "plain"}

        def read_text(self, name):
            return None

    class Metadata(dict):
        def get_all(self, name):
            return None

    Undeclared.metadata = Metadata(Undeclared.metadata)
    monkeypatch.setattr(licences.metadata, "distribution", lambda name: Undeclared())
    assert licences.licences(["plain"])[0].licence == "⟦not stated⟧"


def test_a_missing_display_library_is_marked_with_the_command_kept(marked, monkeypatch):
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(platform_check, "missing_libraries", lambda plugin="xcb": ["libxcb-icccm.so.4"])
    problem = platform_check.display_problem()
    assert problem.startswith("⟦Qt's xcb platform plugin cannot load: missing libxcb-icccm.so.4.\nInstall them with:")
    assert "sudo apt-get install -y libxcb-icccm4⟧" in problem
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert platform_check.display_problem().startswith("⟦No display found")
