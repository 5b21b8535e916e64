"""The result backend is read the console's way on every path: no row unpickled, no stored exception built.

Celery's database backend unpickles a stored result it cannot decode when the bytes look like a
pickle, and ``get_task_meta`` builds the exception class a FAILURE row names, with arguments the row
chose. Both are checked with files: ``Evil`` unpickles into ``open(path, "w")``, and ``Tripwire`` (an
exception class of this module, so Celery finds it in ``sys.modules``) creates the file its argument
names when it is built. If a file exists, what a row held ran in the console.

The database is a real SQLite file; its table made by Celery, its rows written with sqlite3 directly.
The -A app of the last test (tests/apps/made_at_import.py) pickles and makes its backend and its remote
control while it is imported; it talks to a redis-server of this module's own.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery
from kombu.exceptions import ContentDisallowed

from desktop.core.cluster.celery_app import build_console_app, load_user_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import Reachability, TaskRecord
from desktop.core.live.session import ConsoleSession
from desktop.core.runtime import demo
from tests.support.hostile import Evil, RogueWorker, SessionThread, evil_pickle
from tests.support.record_checks import assert_showable

pytestmark = pytest.mark.integration

PICKLE_TYPES = {"pickle", "application/x-python-serialize"}
PROBE_ID = "celery-desktop-reachability-probe"  # the id the backend check read a row of
T0 = "2026-05-01 12:00:00.000000"  # as Celery's database backend stores date_done (UTC, no zone)


class Tripwire(Exception):
    """Building one creates the file its argument names: Celery rebuilds a stored exception from a row's names."""

    def __init__(self, path: str = ""):
        if path:
            Path(path).touch()
        super().__init__(path)


def tripwire_result(path: Path) -> bytes:
    """A FAILURE row's result naming Tripwire, as Celery's JSON serializer stores an exception."""
    return json.dumps({"exc_type": Tripwire.__qualname__, "exc_module": __name__, "exc_message": [str(path)]}).encode()


def database(tmp_path: Path) -> tuple[str, Path]:
    """A SQLite result database with Celery's table (made by a Celery writer, as a worker makes it)."""
    pytest.importorskip("sqlalchemy")
    path = tmp_path / "results.db"
    url = f"db+sqlite:///{path}"
    Celery("a-worker", backend=url, set_as_current=False).backend.store_result(f"fine-{uuid.uuid4()}", {"fine": True}, "SUCCESS")
    return url, path


def put_row(path: Path, task_id: str, status: str, result: bytes | None, **columns) -> None:
    values = {"task_id": task_id, "status": status, "result": result, "date_done": T0, **columns}
    with sqlite3.connect(path) as db:
        db.execute(
            f"INSERT INTO celery_taskmeta ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})", tuple(values.values())
        )


def console(backend: str, broker: str | None = None, user_app: Celery | None = None) -> ConsoleSession:
    profile = ConnectionProfile(broker_url=broker, backend_url=backend, poll_interval=0.05)
    return ConsoleSession(ClusterClient(build_console_app(profile, user_app), profile, timeout=5.0), profile)


# -- the backend check ---------------------------------------------------------------------------


@pytest.mark.parametrize("stored", ["pickle", "exception"])
def test_the_backend_check_reads_no_task_row(tmp_path, stored):
    """The check on connect and on every refresh runs on an executor thread: it reads no row, whatever
    the row of the id it once read (anyone who can write the table can write that id) holds."""
    ran = tmp_path / "created-by-the-probe-row"
    url, path = database(tmp_path)
    if stored == "pickle":
        put_row(path, PROBE_ID, "SUCCESS", evil_pickle(ran))
    else:
        put_row(path, PROBE_ID, "FAILURE", tripwire_result(ran))
    session = console(url)
    with SessionThread(session, start=lambda s: None) as thread:
        thread.call(session.refresh)
        thread.call(session.refresh)
        status = thread.run(lambda: session.backend)
    assert not ran.exists(), "the backend check ran what a row held"
    assert status.reachability is Reachability.OK, status


# -- every backend instance, on every thread ----------------------------------------------------------


def test_no_thread_gets_a_backend_that_unpickles_a_row_or_builds_an_exception(tmp_path):
    """``app.backend`` is one instance per thread: each one the console's app makes is guarded, also
    when Celery's own API reads with it (as any path of the console that still goes through Celery)."""
    url, path = database(tmp_path)
    unpickled, built = tmp_path / "created-by-a-pickle", tmp_path / "created-by-an-exception"
    pickled_id, failed_id = f"pickled-{uuid.uuid4()}", f"failed-{uuid.uuid4()}"
    put_row(path, pickled_id, "SUCCESS", evil_pickle(unpickled))
    put_row(path, failed_id, "FAILURE", tripwire_result(built))
    app = build_console_app(ConnectionProfile(backend_url=url))
    seen: dict[str, tuple] = {}

    def read() -> None:
        backend = app.backend
        try:
            pickled = backend.get_task_meta(pickled_id, cache=False)
        except Exception as exc:  # noqa: BLE001 - what it raised is the finding
            pickled = exc
        failed = backend.get_task_meta(failed_id, cache=False)
        seen[threading.current_thread().name] = (backend, pickled, failed)

    threads = [threading.Thread(target=read, name=f"reader-{i}") for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    read()  # and this thread's
    ran = {"a pickle": unpickled.exists(), "the exception a row named": built.exists()}
    assert not any(ran.values()), f"a thread's backend ran {ran}"
    assert len(seen) == 5 and len({id(backend) for backend, _, _ in seen.values()}) == 5  # one instance per thread
    for name, (backend, pickled, failed) in seen.items():
        assert isinstance(pickled, ContentDisallowed), (name, pickled)
        assert failed["result"] == json.loads(tripwire_result(built)), (name, failed)
        assert not PICKLE_TYPES & set(backend.accept), (name, backend.accept)


# -- rows read by the poller --------------------------------------------------------------------


def test_database_rows_are_read_raw_and_decoded_the_consoles_way(tmp_path):
    url, path = database(tmp_path)
    unpickled, built = tmp_path / "created-by-a-pickle", tmp_path / "created-by-an-exception"
    failed, pickled, odd, missing = (f"{kind}-{uuid.uuid4()}" for kind in ("failed", "pickled", "odd", "missing"))
    put_row(
        path,
        failed,
        "FAILURE",
        tripwire_result(built),
        traceback='Traceback (most recent call last):\n  File "tasks.py", line 3\nTripwire: boom',
        name="tasks.explode",
        args=b"[1, 2]",
        kwargs=b'{"x": 1}',
        worker="w1@host",
        retries=2,
    )
    put_row(path, pickled, "SUCCESS", evil_pickle(unpickled))
    # one hostile row in a query of many: text in the DateTime column, a number where bytes belong
    put_row(path, odd, "SUCCESS", b'{"answer": 42}', date_done="not a date", args=7)
    session = console(url)
    ids = (failed, pickled, odd, missing)
    with SessionThread(session, start=lambda s: s.poller.start()) as thread:
        for task_id in ids:
            thread.run(lambda task_id=task_id: session.track(task_id))
        thread.wait_until(
            lambda: all(session.tasks[i].ready or session.tasks[i].error for i in (failed, pickled, odd)),
            20,
            lambda: f"the rows read; poller {session.poller.status}",
        )
        rows = thread.run(lambda: {i: session.tasks[i] for i in ids})
        status = thread.run(lambda: session.poller.status)
    ran = {"a pickle": unpickled.exists(), "the exception a row named": built.exists()}
    assert not any(ran.values()), f"ran: {ran}"
    row = rows[failed]
    assert (row.state, row.exc_type, row.name, row.worker, row.retries) == ("FAILURE", "Tripwire", "tasks.explode", "w1@host", 2)
    assert str(built) in row.result and row.traceback.endswith("Tripwire: boom") and row.args == "[1, 2]", row
    assert row.date_done is not None and abs(row.date_done - 1_777_636_800.0) < 1, row.date_done
    assert rows[pickled].state == "PENDING" and "--allow-pickle" in rows[pickled].error, rows[pickled]
    assert (rows[odd].state, rows[odd].result, rows[odd].date_done, rows[odd].error) == ("SUCCESS", '{"answer": 42}', None, "")
    assert (rows[missing].state, rows[missing].error) == (TaskRecord(id=missing).state, "")
    assert status.state.value == "ok", status
    assert_showable([r for r in rows.values()])


# -- an -A app that made its backend and its control while imported -------------------------------------


@pytest.fixture(scope="module")
def server():
    server = demo.RedisServer()
    server.start()
    yield server
    server.stop()


ROGUE = "rogue@made-at-import"


def test_an_app_that_made_its_backend_and_control_while_imported_is_still_read_without_pickle(server, tmp_path, monkeypatch):
    broker, backend = server.url(0), server.url(1)
    client = redis.Redis(host="127.0.0.1", port=server.port, password=server.password, db=1)
    client.flushdb()
    monkeypatch.setenv("MADE_AT_IMPORT_BROKER", broker)
    monkeypatch.setenv("MADE_AT_IMPORT_BACKEND", backend)
    sys.modules.pop("tests.apps.made_at_import", None)
    try:
        user_app = load_user_app("tests.apps.made_at_import")
        assert PICKLE_TYPES & set(user_app.backend.accept) and PICKLE_TYPES & set(user_app.control.mailbox.accept)
        session = console(backend, broker, user_app)
    finally:
        sys.modules.pop("tests.apps.made_at_import", None)
    from_result, from_reply = tmp_path / "created-by-a-result", tmp_path / "created-by-a-reply"
    task_id = f"pickled-{uuid.uuid4()}"
    key = session.client.app.backend.get_key_for_task(task_id)
    client.set(key, evil_pickle(from_result))

    def answer(method: str, arguments: dict) -> list:
        return [({ROGUE: Evil(from_reply)}, {"serializer": "pickle"}), ({ROGUE: {"ok": "pong"}}, {"serializer": "json"})]

    with RogueWorker(broker, ROGUE, answer) as rogue, SessionThread(session, start=lambda s: s.poller.start()) as thread:
        thread.run(lambda: session.track(task_id))
        thread.wait_until(lambda: session.tasks[task_id].error, 15, lambda: f"the row's message; poller {session.poller.status}")
        thread.call(session.refresh)
        record = thread.run(lambda: session.tasks[task_id])
        accepts = thread.run(lambda: (set(session.client.app.backend.accept), set(session.client.app.control.mailbox.accept)))
    client.close()
    unpickled = {
        "a result, through the app's own backend": from_result.exists(),
        "a reply, through its control": from_reply.exists(),
    }
    assert not any(unpickled.values()), f"unpickled: {unpickled}"
    assert "ping" in rogue.requests
    assert record.state == "PENDING" and "pickle" in record.error and "--allow-pickle" in record.error, record
    assert not PICKLE_TYPES & (accepts[0] | accepts[1]), accepts
    assert type(session.client.app.control).__name__ == "AppControl"  # the app's own class, made again
