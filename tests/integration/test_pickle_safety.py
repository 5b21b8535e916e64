"""Nothing from the broker or the result backend runs as code in the console.

The payloads here unpickle into ``open(path, "w")``: if the file exists, code from the other side
ran. Each channel is tried without the pickle opt-in (the file must not appear) and, where the
console can decode pickle at all, with it (the file does appear: the test can fail). Everything runs
on a real redis-server (DB 0 of the session's server, flushed around each test), and a real SQLite
database for Celery's database backend. The last test puts such payloads and task names naming a
module (``evil_module_xyz``, ``os.system``) on every channel at once, and runs a session through
start, refresh, polls and stop with an import hook that records every import attempted.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import sys
import time
import uuid

import pytest
import redis
from celery import Celery

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.live.event_receiver import StreamState
from desktop.core.live.session import ConsoleSession
from tests.support.hostile import Evil, ImportRecorder, RogueWorker, SessionThread, evil_pickle, publish_events
from tests.support.record_checks import assert_showable
from tests.support.redis_dbs import db
from tests.support.required import import_or_require

pytestmark = pytest.mark.integration

DB = db("test_pickle_safety", "broker")
T0 = 1_795_600_000.0
EVIL_NAMES = ("evil_module_xyz", "os.system")
PICKLE_TYPES = {"pickle", "application/x-python-serialize"}


@pytest.fixture
def url(redis_server):
    raw = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=DB)
    raw.flushdb()
    yield redis_server.url(DB)
    raw.flushdb()
    raw.close()


@pytest.fixture
def raw(redis_server, url):
    client = redis.Redis(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=DB)
    yield client
    client.close()


def hostile_app() -> Celery:
    """A user's app (``-A``) that pickles everything and accepts pickle everywhere."""
    app = Celery("hostile", set_as_current=False)
    app.conf.update(
        accept_content=["pickle", "json"],
        result_accept_content=["pickle", "json"],
        task_serializer="pickle",
        result_serializer="pickle",
        event_serializer="pickle",
    )
    return app


def console(broker: str | None, backend: str | None, user_app: Celery | None = None, **options) -> ConsoleSession:
    profile = ConnectionProfile(broker_url=broker, backend_url=backend, **options)
    return ConsoleSession(ClusterClient(build_console_app(profile, user_app), profile, timeout=5.0), profile)


def meta_key(session: ConsoleSession, task_id: str) -> bytes:
    key = session.client.app.backend.get_key_for_task(task_id)
    return key if isinstance(key, bytes) else key.encode()


def wait_subscribed(thread: SessionThread, url: str) -> None:
    """The receiver subscribes a moment after it says "receiving": publish until an event lands."""
    store = thread.session.monitor.store
    thread.wait_until(lambda: thread.session.monitor.stream_status.state is StreamState.RECEIVING, 15, "receiving")
    hostname = f"probe-{uuid.uuid4().hex[:6]}@h"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        publish_events(url, [{"body": {"type": "worker-heartbeat", "hostname": hostname, "timestamp": T0}, "serializer": "json"}])
        if thread.run(lambda: store.worker(hostname) is not None):
            return
        time.sleep(0.1)
    raise AssertionError("the event receiver never subscribed")


# -- what the console app accepts --------------------------------------------------------------------


@pytest.mark.parametrize("user_app", [None, hostile_app], ids=["bare app", "app that pickles everything"])
def test_the_console_accepts_pickle_on_no_channel_without_the_opt_in(user_app):
    profile = ConnectionProfile(broker_url="redis://127.0.0.1:9/0", backend_url="redis://127.0.0.1:9/1")
    app = build_console_app(profile, user_app() if user_app else None)
    assert not PICKLE_TYPES & set(app.conf.accept_content)
    assert not PICKLE_TYPES & set(app.backend.accept)  # result backend
    assert not PICKLE_TYPES & set(app.control.mailbox.accept)  # control replies
    assert not PICKLE_TYPES & {app.conf.event_serializer, "json"}  # what EventReceiver accepts
    opted_in = build_console_app(
        ConnectionProfile(broker_url=profile.broker_url, backend_url=profile.backend_url, allow_pickle=True), hostile_app()
    )
    assert PICKLE_TYPES & set(opted_in.backend.accept) and PICKLE_TYPES & set(opted_in.control.mailbox.accept)
    assert opted_in.conf.event_serializer == "pickle"


# -- the result backend ------------------------------------------------------------------------------


@pytest.mark.parametrize("user_app", [None, hostile_app], ids=["bare app", "app that pickles everything"])
def test_a_pickled_result_is_never_unpickled_without_the_opt_in(url, raw, tmp_path, user_app):
    evil = tmp_path / "created-by-a-result"
    session = console(None, url, user_app() if user_app else None, poll_interval=0.05)
    polled, pushed, fetched = (f"evil-{kind}-{uuid.uuid4()}" for kind in ("polled", "pushed", "fetched"))
    raw.set(meta_key(session, polled), evil_pickle(evil))
    raw.set(meta_key(session, fetched), evil_pickle(evil, protocol=2))
    with SessionThread(session, start=lambda s: s.poller.start()) as thread:
        thread.run(lambda: session.track(polled))
        thread.run(lambda: session.poller.set_follow_all(True))  # every key's channel: a PUBLISH is read too
        thread.wait_until(lambda: session.tasks[polled].error, 10, "the polled row's message")
        thread.wait_until(lambda: session.poller._pattern is not None, 10, "the pattern subscription")
        raw.publish(meta_key(session, pushed), evil_pickle(evil, protocol=4))
        thread.wait_until(lambda: pushed in session.tasks and session.tasks[pushed].error, 10, "the pushed row's message")
        reply = thread.call(lambda: session.client.fetch_results([TaskRecord(id=fetched)]))
        resend = thread.run(lambda: session.call_to_resend(polled))
    assert not evil.exists(), "a pickled result was unpickled"
    for record in (session.tasks[polled], session.tasks[pushed], reply.value[0]):
        assert record.state == "PENDING" and "pickle" in record.error and "--allow-pickle" in record.error, record
    assert resend is None
    assert_showable([session.tasks[polled], session.tasks[pushed]])


def test_with_the_opt_in_a_pickled_result_is_unpickled(url, raw, tmp_path):
    """The other side of the test above: an app whose results are pickled, and the opt-in, do run it."""
    evil = tmp_path / "created-with-the-opt-in"
    session = console(None, url, hostile_app(), allow_pickle=True, poll_interval=0.05)
    task_id = f"evil-{uuid.uuid4()}"
    raw.set(meta_key(session, task_id), evil_pickle(evil))
    with SessionThread(session, start=lambda s: s.poller.start()) as thread:
        thread.run(lambda: session.track(task_id))
        thread.wait_until(lambda: session.tasks[task_id].error, 10, "the row's message")
    assert evil.exists()
    assert "expected a task meta object" in session.tasks[task_id].error


def _database_with_an_evil_row(tmp_path, evil) -> tuple[str, str]:
    import_or_require("sqlalchemy", "sqlalchemy")
    backend = f"db+sqlite:///{tmp_path / 'results.db'}"
    task_id = f"evil-{uuid.uuid4()}"
    writer = Celery("a-worker", backend=backend, set_as_current=False)
    writer.backend.store_result(task_id, {"fine": True}, "SUCCESS")
    with sqlite3.connect(tmp_path / "results.db") as db:
        changed = db.execute("UPDATE celery_taskmeta SET result = ? WHERE task_id = ?", (evil_pickle(evil), task_id)).rowcount
    assert changed == 1
    return backend, task_id


def test_the_database_backend_never_unpickles_a_stored_result_without_the_opt_in(tmp_path):
    """Celery's database backend unpickles a result it cannot decode when it looks like a pickle (rows of
    old Celery versions), whatever accept_content says: the console refuses such a row instead."""
    evil = tmp_path / "created-by-a-database-row"
    backend, task_id = _database_with_an_evil_row(tmp_path, evil)
    session = console(None, backend, poll_interval=0.05)
    with SessionThread(session, start=lambda s: s.poller.start()) as thread:
        thread.run(lambda: session.track(task_id))
        thread.wait_until(lambda: session.tasks[task_id].error, 15, lambda: f"the row's message; poller {session.poller.status}")
        status = thread.run(lambda: session.poller.status)
    assert not evil.exists(), "a pickled database row was unpickled"
    record = session.tasks[task_id]
    assert record.state == "PENDING" and "--allow-pickle" in record.error, record
    assert status.state.value == "ok", status  # one unreadable row, not a backend gone away


def test_with_the_opt_in_the_database_backend_unpickles_it(tmp_path):
    evil = tmp_path / "created-by-a-database-row-with-the-opt-in"
    backend, task_id = _database_with_an_evil_row(tmp_path, evil)
    session = console(None, backend, allow_pickle=True, poll_interval=0.05)
    with SessionThread(session, start=lambda s: s.poller.start()) as thread:
        thread.run(lambda: session.track(task_id))
        thread.wait_until(lambda: session.tasks[task_id].error or evil.exists(), 15, "the row read")
    assert evil.exists()


# -- the broker: events and control replies ----------------------------------------------------------


@pytest.mark.parametrize("user_app", [None, hostile_app], ids=["bare app", "app that pickles its events"])
def test_a_pickled_event_is_never_decoded_without_the_opt_in(url, tmp_path, user_app):
    evil = tmp_path / "created-by-an-event"
    session = console(url, url, user_app() if user_app else None)
    with SessionThread(session, start=lambda s: s.monitor.start()) as thread:
        wait_subscribed(thread, url)
        accept = thread.run(lambda: set(session.monitor.stream._receiver.accept))
        ignored = thread.run(lambda: session.monitor.store.ignored)
        publish_events(url, [{"body": Evil(evil), "serializer": "pickle"}, {"body": [Evil(evil)], "serializer": "pickle"}])
        wait_subscribed(thread, url)  # a good event after them: they were received before it
        ignored = thread.run(lambda: session.monitor.store.ignored) - ignored
        statuses = thread.run(lambda: session.monitor.stream_status)
    assert not evil.exists(), "a pickled event was unpickled"
    assert not PICKLE_TYPES & accept, accept
    assert ignored == 2 and statuses.state is StreamState.RECEIVING


def test_with_the_opt_in_an_app_that_pickles_its_events_unpickles_them(url, tmp_path):
    evil = tmp_path / "created-by-an-event-with-the-opt-in"
    session = console(url, url, hostile_app(), allow_pickle=True)
    with SessionThread(session, start=lambda s: s.monitor.start()) as thread:
        wait_subscribed(thread, url)
        publish_events(url, [{"body": Evil(evil), "serializer": "pickle"}])
        thread.wait_until(evil.exists, 10, "the pickled event decoded")


def _rogue_answers(evil, pickled: bool = True):
    def answer(method: str, arguments: dict) -> list:
        value = {
            "ping": {"ok": "pong"},
            "registered": ["evil_module_xyz.run [rate_limit=None]", "os.system", "evil_module_xyz", 12, None, {"a": 1}],
            "conf": {
                "accept_content": ["pickle"],
                "imports": ["evil_module_xyz"],
                "include": ["evil_module_xyz.tasks"],
                "task_routes": "evil_module_xyz.Router",
                "worker_pool": "evil_module_xyz:TaskPool",
                "broker_transport_options": {"global_keyprefix": "evil_module_xyz"},
            },
            "stats": {
                "pool": {"implementation": "evil_module_xyz:TaskPool", "max-concurrency": "x"},
                "prefetch_count": "os.system",
            },
            "active_queues": [{"name": "evil_module_xyz", "exchange": {"name": "os.system", "type": "evil_module_xyz:Exchange"}}],
            "scheduled": [
                {
                    "eta": "2030-01-01T00:00:00",
                    "priority": 0,
                    "request": {
                        "id": "evil-scheduled",
                        "name": "evil_module_xyz.run",
                        "type": "os.system",
                        "args": "os.system('x')",
                        "kwargs": {},
                        "delivery_info": {"routing_key": "celery", "exchange": "evil_module_xyz"},
                    },  # fmt: skip
                }
            ],
        }.get(method, {"error": "evil_module_xyz"})
        replies = [({ROGUE: value}, {"serializer": "json"}), (["not", "a", "reply"], {"serializer": "json"})]
        if pickled:  # first, so that a reply no one may decode comes before the readable one
            replies.insert(0, ({ROGUE: Evil(evil)}, {"serializer": "pickle"}))
            replies.insert(
                1, (b"\x80\x04garbage", {"content_type": "application/x-python-serialize", "content_encoding": "binary"})
            )
        return replies

    return answer


ROGUE = "rogue@evil-host"


def test_a_pickled_control_reply_is_never_decoded_and_hides_no_worker(url, tmp_path):
    """A pickled reply on the reply queue is dropped unread; the same worker's readable reply still counts
    (kombu's own collector raised on the first one, and every worker was reported silent)."""
    evil = tmp_path / "created-by-a-reply"
    session = console(url, url)
    with RogueWorker(url, ROGUE, _rogue_answers(evil)) as rogue, SessionThread(session, start=lambda s: None) as thread:
        thread.call(session.refresh)
        workers, registered, errors = thread.run(lambda: (dict(session.workers), list(session.registered), list(session.errors)))
    assert not evil.exists(), "a pickled control reply was unpickled"
    assert rogue.error is None and "ping" in rogue.requests and "registered" in rogue.requests
    assert workers[ROGUE].online and workers[ROGUE].registered_count == 6, workers
    assert {t.name for t in registered} == {"evil_module_xyz.run", "os.system", "evil_module_xyz"}
    assert errors == [], errors


def test_with_the_opt_in_a_pickled_control_reply_is_unpickled(url, tmp_path):
    evil = tmp_path / "created-by-a-reply-with-the-opt-in"
    session = console(url, url, hostile_app(), allow_pickle=True)
    with RogueWorker(url, ROGUE, _rogue_answers(evil)), SessionThread(session, start=lambda s: None) as thread:
        thread.call(session.refresh)
    assert evil.exists()


# -- sending -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_app", "serializer"), [(None, "pickle"), (hostile_app, None)], ids=["pickle chosen", "the app's task_serializer"]
)
def test_a_pickle_send_is_refused_before_anything_reaches_the_broker(url, raw, user_app, serializer):
    session = console(url, url, user_app() if user_app else None)
    with SessionThread(session, start=lambda s: None) as thread:
        before = raw.llen("celery")
        reply = thread.call(lambda: session.send_call(CallSpec("tasks.add", (2, 2), serializer=serializer)))
        after, keys = raw.llen("celery"), raw.keys("*")
        tracked = thread.run(lambda: dict(session.tasks))
    assert not reply.ok and "--allow-pickle" in reply.error, reply
    assert (before, after) == (0, 0) and tracked == {}
    assert [k for k in keys if not k.startswith(b"_kombu.binding.")] == [], keys
    opted_in = console(url, url, user_app() if user_app else None, allow_pickle=True)  # the same call, opted in: sent
    with SessionThread(opted_in, start=lambda s: None) as thread:
        assert thread.call(lambda: opted_in.send_call(CallSpec("tasks.add", (2, 2), serializer=serializer))).ok
    message = json.loads(raw.lindex("celery", 0))
    assert raw.llen("celery") == 1 and message["content-type"] == "application/x-python-serialize"


# -- every channel at once ----------------------------------------------------------------------------


def test_opening_a_connection_never_runs_code_from_the_broker_or_the_backend(url, raw, tmp_path):
    evil = tmp_path / "created-by-anything"
    session = console(url, url, poll_interval=0.05, refresh_interval=0.5)
    mine, theirs = f"mine-{uuid.uuid4()}", f"theirs-{uuid.uuid4()}"
    # the backend: a pickle in a tracked key, garbage naming modules in another
    raw.set(meta_key(session, mine), evil_pickle(evil))
    raw.set(meta_key(session, theirs), json.dumps({"status": "FAILURE", "result": {"exc_type": "EvilError", "exc_module": "evil_module_xyz",
                                                    "exc_message": ["os.system('x')"]}, "name": "evil_module_xyz.run"}))  # fmt: skip
    # the broker's queues: a pickled task message waiting, and one "delivered"
    envelope = json.dumps({"body": base64.b64encode(evil_pickle(evil)).decode(), "content-type": "application/x-python-serialize",
                           "content-encoding": "binary", "headers": {"task": "evil_module_xyz.run", "id": "q"},
                           "properties": {"body_encoding": "base64", "delivery_tag": "t", "delivery_info": {"routing_key": "celery", "exchange": ""}}})  # fmt: skip
    raw.lpush("celery", envelope)
    raw.hset("unacked", "t", json.dumps([json.loads(envelope), "", "celery"]))
    names_events = [
        {"type": "task-received", "uuid": theirs, "hostname": ROGUE, "timestamp": T0, "name": "evil_module_xyz.run",
         "args": "(os.system,)", "kwargs": "{}"},
        {"type": "task-failed", "uuid": theirs, "hostname": ROGUE, "timestamp": T0 + 1, "exception": "evil_module_xyz.EvilError('x')",
         "traceback": 'File "evil_module_xyz.py"\nevil_module_xyz.EvilError: x'},
        {"type": "task-evil_module_xyz", "uuid": mine, "hostname": ROGUE, "timestamp": T0},
        {"type": "worker-heartbeat", "hostname": ROGUE, "timestamp": T0, "sw_ident": "evil_module_xyz", "sw_ver": "os.system"},
    ]  # fmt: skip
    with ImportRecorder() as imports, RogueWorker(url, ROGUE, _rogue_answers(evil)) as rogue, SessionThread(session) as thread:
        thread.run(lambda: session.track(mine))
        thread.run(lambda: session.track(theirs))
        thread.run(lambda: session.poller.set_follow_all(True))
        wait_subscribed(thread, url)
        publish_events(
            url, [{"body": Evil(evil), "serializer": "pickle"}, *({"body": e, "serializer": "json"} for e in names_events)]
        )
        raw.publish(meta_key(session, f"pushed-{uuid.uuid4()}"), evil_pickle(evil))
        thread.wait_until(lambda: session.refreshes >= 2 and session.registered_loaded, 20, "two refreshes")
        thread.call(session.monitor.refresh_worker_holdings)
        thread.call(session.monitor.refresh_queues)
        for _ in range(3):
            thread.call(session.poll_results)
        wait_subscribed(thread, url)  # the events above are in
        thread.wait_until(lambda: session.tasks[mine].error and session.tasks[theirs].state == "FAILURE", 10, "both rows")
        dump = thread.run(session.dump_json)
        rows = thread.run(lambda: list(session.tasks.values()))
    assert not evil.exists(), "code from the broker or the backend ran"
    attempted = [name for name in imports.names if any(bad in name for bad in EVIL_NAMES)]
    assert attempted == [], attempted
    assert "evil_module_xyz" not in sys.modules
    assert {"ping", "registered", "conf", "stats", "active_queues", "scheduled"} <= set(rogue.requests), rogue.requests
    assert session.workers[ROGUE].online and "evil_module_xyz.run" in {t.name for t in session.registered}
    assert "--allow-pickle" in session.tasks[mine].error
    assert session.tasks[theirs].exc_type == "EvilError"
    assert json.loads(dump)["monitor"]["events"]["ignored"] >= 1  # the pickled event
    assert_showable(rows)
