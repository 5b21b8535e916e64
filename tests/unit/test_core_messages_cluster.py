"""desktop/core/cluster's messages go through translate(): the whole message and the words put into it.

A marking translator (``⟦text⟧``) stands in for Qt's: whatever the window would show must come out
marked, and the code that recognises a message (the connection bar's "answers", RabbitMQ's note
about unacked counts) must still recognise it when it is translated.
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from desktop.core.cluster import (
    broadcast,
    celery_app,
    control,
    inspection,
    key_tracking,
    queue_browser,
    queues,
    rabbitmq,
    rabbitmq_messages,
    redis_events,
    result_backend,
    worker_reports,
)
from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import BROKER, ClusterClient, Reply, answers, describe_error
from desktop.core.cluster.control import CommandResult, WorkerCommand, WorkerReply
from desktop.core.cluster.queues import QueueRecord
from desktop.core.cluster.rabbitmq import ManagementQueue
from desktop.core.connection.profiles import ConnectionProfile, ProfileError
from desktop.core.domain import translatable
from desktop.core.domain.queued_messages import QueuedMessage
from desktop.core.domain.records import Reachability
from desktop.core.domain.results import Unreadable

REDIS = ConnectionProfile(name="prod", broker_url="redis://h:6379/10", backend_url="redis://h:6379/11")


def client(profile: ConnectionProfile = REDIS) -> ClusterClient:
    return ClusterClient(build_console_app(profile), profile, timeout=0.2)


# -- client -----------------------------------------------------------------------------------------


def test_the_connection_bar_statuses_are_translated(marked):
    ok = ClusterClient._status("broker", "redis://h", Reply(value=None))
    assert ok.reachability is Reachability.OK and ok.message == "⟦answers⟧" == answers()
    down = ClusterClient._status("backend", "redis://h", Reply(error="ConnectionError: refused"))
    assert down.message == "⟦backend unreachable: {error}⟧".format(error="ConnectionError: refused")
    assert ClusterClient._status("broker", "u", Reply(error="x")).message == "⟦broker unreachable: x⟧"
    refused = ClusterClient._status("broker", "u", Reply(error="⟦login refused⟧: the server has no user"))
    assert refused.message == "⟦login refused⟧: the server has no user"  # the hint alone, as in English


def test_without_a_translator_the_statuses_stay_english():
    assert ClusterClient._status("broker", "u", Reply(value=None)).message == "answers" == answers()
    assert ClusterClient._status("broker", "u", Reply(error="x")).message == "broker unreachable: x"


def test_unconfigured_ends_and_rpc_are_said_in_the_windows_language(marked):
    profile = ConnectionProfile(name="p", broker_url=None, backend_url="rpc://")
    broker, backend = asyncio.run(client(profile).check_broker()), asyncio.run(client(profile).check_backend())
    assert broker.message == "⟦no broker configured⟧"
    assert backend.message.startswith("⟦rpc:// sends results only") and backend.ok
    no_backend = asyncio.run(client(ConnectionProfile(name="p", broker_url="redis://h")).check_backend())
    assert no_backend.message == "⟦no result backend configured⟧"


def test_driver_errors_keep_their_text_and_the_words_around_them_are_translated(marked):
    assert describe_error(socket.timeout("timed out")) == "⟦no reply ({detail})⟧".format(detail="timed out")
    unresolved = describe_error(socket.gaierror(-2, "Name or service not known"))
    assert unresolved == "⟦cannot resolve host (DNS): Name or service not known⟧"
    assert describe_error(ValueError("bad")) == "ValueError: bad"  # the driver's own words: data


def test_a_hung_call_and_a_full_lane_are_said_in_the_windows_language(marked):
    import threading

    release = threading.Event()
    c = client()

    async def scenario():
        hung = [asyncio.ensure_future(c.run_blocking(lambda: release.wait(5), 0.2, lane=BROKER)) for _ in range(3)]
        return [r.error for r in await asyncio.gather(*hung)]

    try:
        errors = asyncio.run(scenario())
    finally:
        release.set()
    assert errors.count("⟦no reply in {seconds} s⟧".format(seconds="0.2")) == 2
    assert "⟦not started in 0.2 s: 2 earlier ⟦calls to the broker⟧ still wait for a reply⟧" in errors


def test_a_read_only_refusal_is_translated_for_the_window_and_logged_in_english(marked, caplog):
    profile = ConnectionProfile(name="prod", broker_url="redis://h:6379/10", read_only=True)
    c = client(profile)
    reply = asyncio.run(c.revoke(["a", "b"], terminate=True))
    inner = "⟦terminate of {count} task(s)⟧".format(count="2")
    assert reply.error == f"⟦read-only profile: {inner} refused (profile 'prod' is read-only)⟧"
    assert f"read-only profile: {inner} refused (profile 'prod' is read-only)" in caplog.text
    assert asyncio.run(c.forget(["a"])).error.startswith("⟦read-only profile: ⟦forget of 1 result(s)⟧")


def test_a_pickled_call_is_refused_in_the_windows_language(marked):
    from desktop.core.domain.calls import CallSpec

    refusal = client().pickle_refusal(CallSpec(task="tasks.add", serializer="pickle"))
    assert refusal.startswith("⟦not sent: it would go pickled and pickle is off") and refusal.endswith("⟧")


# -- broadcast, control, inspection -------------------------------------------------------------------


def test_a_bad_worker_command_argument_is_said_whole_and_with_its_words_translated(marked):
    with pytest.raises(ValueError) as bad:
        WorkerCommand.of("pool_grow", n=0)
    assert str(bad.value) == "⟦{command}: {param} must be {must}, not {value}⟧".format(
        command="pool_grow", param="n", must="⟦at least {minimum}⟧".format(minimum=1), value="0"
    )
    with pytest.raises(ValueError, match="⟦a positive rate like"):
        WorkerCommand.of("rate_limit", task_name="tasks.add", rate_limit="fast")
    with pytest.raises(ValueError, match="must be ⟦one of SIGTERM, SIGKILL, "):
        WorkerCommand.of("revoke", task_id=["x"], signal="SIGFOO")
    with pytest.raises(ValueError, match="⟦a name without spaces or control characters⟧"):
        WorkerCommand.of("cancel_consumer", queue="two words")
    with pytest.raises(ValueError, match=r"^⟦autoscale: min \(2\) must not be above max \(1\)⟧$"):
        WorkerCommand.of("autoscale", max=1, min=2)
    with pytest.raises(ValueError, match=r"^⟦time_limit: the soft limit \(5 s\) must be below the hard limit \(1 s\)"):
        WorkerCommand.of("time_limit", task_name="t", soft=5, hard=1)


def test_worker_replies_and_the_summary_are_translated(marked):
    command = WorkerCommand.of("pool_grow", n=1)
    result = CommandResult(
        command,
        (WorkerReply("a@h", True, control._reply("pool_grow", "a@h", None, 1.0).text), WorkerReply("b@h", False, "x")),
        ("c@h",),
        timeout=2.0,
    )
    assert result.replies[0].text == "⟦done⟧"
    assert result.summary == "⟦1 ok⟧⟦, ⟧⟦1 failed⟧⟦, ⟧⟦1 ⟦no reply in 2 s⟧⟧"
    assert CommandResult(command).summary == "⟦no worker answered⟧"
    unknown = control._reply("pool_grow", "a@h", {"error": "KeyError('pool_grow')"}, None)
    assert unknown.text == "⟦this worker does not know the pool_grow command (an older Celery?)⟧"


def test_the_inspect_statuses_are_translated(marked):
    result = inspection.InspectResult("stats", {"a@h": {}}, ("b@h",), timeout=1.0, reply_ms={"a@h": 12.3})
    assert result.status("a@h") == "⟦answered in 12 ms⟧"
    assert result.status("b@h") == "⟦no reply in 1 s⟧" == broadcast.no_reply_text(1.0)
    assert result.status("c@h") == "⟦not asked⟧"


def test_a_read_only_profile_refuses_a_worker_command_in_the_windows_language(marked):
    profile = ConnectionProfile(name="prod", broker_url="redis://h:6379/10", read_only=True)
    result = asyncio.run(control.send_command(client(profile), WorkerCommand.of("pool_grow", n=1)))
    assert result.error.startswith("⟦read-only profile: ⟦the worker command pool_grow⟧ refused")


# -- worker reports ------------------------------------------------------------------------------------


def test_what_a_worker_cannot_do_is_translated(marked):
    stats = {"pool": {"implementation": "celery.concurrency.solo:TaskPool", "max-concurrency": 1}}
    assert worker_reports.explain_unsupported("pool_grow", stats) == "⟦the solo pool has a fixed size: it cannot grow⟧"
    assert worker_reports.explain_unsupported("shutdown") == f"⟦{worker_reports.SHUTDOWN_TEXT}⟧"
    autoscaled = {"autoscaler": {"max": 4, "min": 1}}
    assert worker_reports.explain_unsupported("pool_shrink", autoscaled).startswith("⟦pool shrink is refused while autoscale")


def test_the_event_settings_checklist_is_translated_when_made(marked):
    checks = {c.setting: c for c in worker_reports.event_settings({"a@h": {}})}
    assert checks["task_track_started"].gives.startswith("⟦STARTED state:")
    assert checks["worker_send_task_events"].note.startswith("⟦a worker started with -E")
    assert checks["result_extended"].note == ""
    translatable.use_translator(None)
    assert worker_reports.event_settings({"a@h": {}})[2].gives.startswith("STARTED state:")  # made again: English


# -- queues and RabbitMQ ---------------------------------------------------------------------------------


def test_a_broker_without_queue_lengths_says_why_in_the_windows_language(marked):
    class Memory:
        transport = type("Transport", (), {"driver_type": "memory"})()
        transport_cls = "memory"

    said = queues._redis_transport_or_reason(Memory())
    assert said == "⟦{not_redis} (this broker is memory)⟧".replace("{not_redis}", f"⟦{queues.NOT_REDIS}⟧")


def test_the_management_api_drops_amqps_translated_note_and_adds_its_own(marked):
    add_its_url = queues.amqp_unacked()
    assert add_its_url == f"⟦{queues.AMQP_UNACKED}⟧"
    records = [
        QueueRecord("celery", ready=3, note=add_its_url),
        QueueRecord("gone", ready=0, note=f"⟦{queues.NOT_DECLARED}⟧; {add_its_url}"),
    ]
    known = [ManagementQueue("celery", unacked=1, max_priority=5, kind="quorum", state="flow")]
    celery, gone = rabbitmq.merge_management(records, known)
    assert celery.note == "⟦x-max-priority 5 (RabbitMQ does not count by priority)⟧; ⟦quorum queue⟧; ⟦state: flow⟧"
    assert gone.note == f"⟦{queues.NOT_DECLARED}⟧"  # the API does not list it: "add its URL" dropped, translated or not


def test_management_api_refusals_are_translated(marked):
    with pytest.raises(rabbitmq.ManagementError, match=r"^⟦the management URL must be http:// or https://, not 'ftp://h'⟧$"):
        rabbitmq.queues_request("ftp://h", "/", "guest", "guest")
    assert rabbitmq.http_refusal(401, "Unauthorized", "http://h/api") == (
        "⟦the management API refused the credentials (401) at http://h/api⟧"
    )
    assert rabbitmq._why(ConnectionRefusedError(111, "refused"), 3.0) == "⟦connection refused⟧"
    assert rabbitmq.unreachable_at("http://h/api", "x") == "⟦unreachable at http://h/api: x⟧"


def test_rabbitmq_message_notes_and_refusals_are_translated(marked):
    row = rabbitmq_messages._row_from_management("q", 0, {"payload": "x", "payload_encoding": "rot13"}, None)
    assert row.error == "⟦the management API sent the body in an unknown encoding ('rot13')⟧"
    stream = rabbitmq_messages._QueueInfo("events", kind="stream", arguments={}, policy={})
    assert rabbitmq_messages._not_readable(stream, lambda: "3.13").startswith("⟦'events' is a stream:")
    moved = rabbitmq_messages.move_rabbitmq(None, "q", [QueuedMessage(queue="q", id="t1")], "q")
    assert moved.failed == (("t1", "⟦the target is the queue itself⟧"),)
    api = rabbitmq_messages._Api("http://h/api", "/", None, None, False)
    assert api._refusal(404, "Not Found", "http://h/api", "missing") == "missing"  # priority_ignored's marker, as given
    assert api._refusal(403, "Forbidden", "w", "").startswith("⟦this user may not do this (403;")


def test_queue_browser_notes_are_translated(marked):
    held = queue_browser._too_large_held(80_000_000, "tag", 0.0, 60.0)
    assert held.error.startswith("⟦an unacknowledged message of ") and "not read" in held.error
    assert queue_browser._unread([QueuedMessage(queue="q", id="t1")]) == [
        ("t1", "⟦not read whole (too large): its exact bytes are not known⟧")
    ]
    assert queue_browser.move_redis(None, [QueuedMessage(queue="q", id="t1", key="q", raw=b"x")], "").failed == (
        ("t1", "⟦no target queue⟧"),
    )


def test_an_app_that_cannot_be_imported_is_said_in_the_windows_language(marked):
    with pytest.raises(ProfileError) as failed:
        celery_app.load_user_app("no_such_module_anywhere_xyz", from_cwd=False)
    assert str(failed.value).startswith("⟦-A no_such_module_anywhere_xyz: cannot import module 'no_such_module_anywhere_xyz'")


# -- the Redis readers -------------------------------------------------------------------------------------


def test_a_silent_event_stream_and_a_lost_tracking_connection_are_said_in_the_windows_language(marked, monkeypatch):
    import redis

    class Silent:
        connection = None

        def parse_response(self, block, timeout):
            return None

    feed = redis_events.RedisEventFeed(Silent(), [], ping_seconds=1.0)
    feed._heard_at -= 10
    with pytest.raises(redis.ConnectionError, match=r"^⟦the broker sent nothing for 3 s, not even a PONG⟧$"):
        feed.read(0.0)
    monkeypatch.setattr(key_tracking, "parsed_replies", lambda conn: iter([b"OK"]))
    with pytest.raises(redis.ConnectionError, match=r"^⟦unexpected reply between reads: bytes⟧$"):
        key_tracking.ChangedKeyReader({})._take_parsed_pushes(None)


def test_a_row_the_database_holds_as_no_bytes_is_said_in_the_windows_language(marked):
    with pytest.raises(Unreadable, match=r"^⟦unreadable result: the database holds int, not bytes⟧$"):
        result_backend._bytes(42)
