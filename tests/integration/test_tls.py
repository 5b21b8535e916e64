"""rediss:// end to end: a redis-server that speaks only TLS, a real worker and a ConsoleSession on it.

The server has no plain port at all (``port 0``), so every client that gets an answer, the worker
included, spoke TLS. Certificates are made fresh in a temporary folder (tests/support/tls_certs.py); the
server binary is found or installed by tests/support/tls_server.py.
"""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import pytest

from desktop.core.cluster.queues import queue_lengths
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import Reachability
from desktop.core.live.event_receiver import StreamState
from desktop.core.live.session import ConsoleSession
from desktop.core.runtime.demo import WorkerProcess
from tests.support import tls_server as tls_server_module
from tests.support.clusters import start_worker
from tests.support.required import require
from tests.support.sessions import run, running, session_for, wait_until
from tests.support.tls_certs import make_pki
from tests.support.tls_server import NoTlsServer, TlsRedisServer, find_tls_redis_server

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
BROKER_DB, BACKEND_DB = 0, 1
PARKED_QUEUE = "tls-parked"  # no worker consumes it: what is sent there stays countable


@pytest.fixture(scope="module")
def tls_binary(tmp_path_factory) -> str:
    try:
        return find_tls_redis_server(tmp_path_factory.mktemp("bin"))
    except NoTlsServer as exc:
        require("tls", f"these tests need a redis-server built with TLS: {exc}")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


def _server(binary, pki, auth_clients: bool):
    server = TlsRedisServer(binary, pki, auth_clients=auth_clients)
    server.start()
    return server


@pytest.fixture(scope="module")
def tls_server(tls_binary, pki):
    server = _server(tls_binary, pki, auth_clients=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mtls_server(tls_binary, pki):
    """Every client must show a certificate the test CA signed."""
    server = _server(tls_binary, pki, auth_clients=True)
    yield server
    server.stop()


def trusted(server: TlsRedisServer, db: int, client_cert: bool = False, **query: str) -> str:
    """A rediss:// URL that checks the server against the test CA (and shows the client certificate)."""
    options = {"ssl_cert_reqs": "required", "ssl_ca_certs": str(server.pki.ca), **query}
    if client_cert:
        options.update(ssl_certfile=str(server.pki.client_cert), ssl_keyfile=str(server.pki.client_key))
    return server.url(db, **options)


def _start_worker(server: TlsRedisServer, tmp: Path, name: str, client_cert: bool = False) -> WorkerProcess:
    """A worker on the TLS server, by hand: cluster_on's private servers speak plain TCP only."""
    broker, backend = trusted(server, BROKER_DB, client_cert), trusted(server, BACKEND_DB, client_cert)
    return start_worker(broker, backend, "desktop.tasks", name, tmp)


@pytest.fixture(scope="module")
def tls_worker(tls_server, tmp_path_factory):
    worker = _start_worker(tls_server, tmp_path_factory.mktemp("tls-worker"), "tls")
    yield worker
    worker.stop()


def everything_said(session: ConsoleSession, caplog) -> str:
    """Every message the session holds (unmasked, as built) and everything logged."""
    return json.dumps(session.to_dict(), default=str) + "\n".join(session.error_details) + caplog.text


async def checked(session: ConsoleSession) -> None:
    await session.refresh()
    assert session.broker.reachability is not Reachability.CHECKING


def test_the_server_starts_on_another_port_when_the_free_one_was_taken_before_it_bound(tls_binary, pki, monkeypatch):
    """free_port() lets its port go before the server binds it: another program may take it in between."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = [taken.getsockname()[1]]  # the first port handed out is already someone else's
        any_free = tls_server_module.free_port
        monkeypatch.setattr(tls_server_module, "free_port", lambda: ports.pop() if ports else any_free())
        server = _server(tls_binary, pki, auth_clients=False)
        try:
            assert server.port != taken.getsockname()[1]
            client = server.client()
            assert client.ping()
            client.close()
        finally:
            server.stop()


# -- a working TLS deployment ----------------------------------------------------------------------


def test_console_and_worker_work_over_tls(tls_server, tls_worker, caplog):
    caplog.set_level(logging.INFO)
    session = session_for(trusted(tls_server, BROKER_DB), trusted(tls_server, BACKEND_DB))
    hostname = tls_worker.hostname
    progress: list[int] = []
    subscribed: list[int] = []

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.broker.ok and session.backend.ok, 15, "broker and backend answer")
            await wait_until(lambda: any(t.name == "tasks.long_progress" for t in session.registered), 20, "registered tasks")
            await wait_until(lambda: session.monitor.stream.status.state is StreamState.RECEIVING, 15, "event stream")
            reply = await session.send_call(CallSpec("tasks.long_progress", kwargs={"total": 5, "delay": 0.3}))
            assert reply.ok, reply.error
            task_id = reply.value[0].task_id

            def done() -> bool:
                record = session.tasks[task_id]
                subscribed.append(session.poller.status.subscribed)
                if record.state == "PROGRESS" and record.progress is not None:
                    if not progress or progress[-1] != record.progress.current:
                        progress.append(record.progress.current)
                return record.state == "SUCCESS"

            await wait_until(done, 30, "the task succeeds")
            poller_status = session.poller.status
            seen = session.monitor.store.task
            await wait_until(lambda: seen(task_id) is not None and seen(task_id).state == "SUCCESS", 10, "the task's events")
            event = session.monitor.store.task(task_id)
            events = (session.monitor.store.ingested, event.state, event.worker)
            await wait_until(lambda: any(q.name == "celery" for q in session.monitor.queues), 10, "queue lengths")
            parked = await session.send_call(CallSpec("tasks.add", args=(1, 2), queue=PARKED_QUEUE))
            assert parked.ok, parked.error
            app = session.client.app
            lengths = await session.client.run_blocking(lambda: queue_lengths(app, [PARKED_QUEUE]))
            return session.tasks[task_id], poller_status, events, lengths

    record, poller_status, events, lengths = run(session, scenario)
    assert hostname in session.workers and session.workers[hostname].online
    assert record.result is not None and record.worker == hostname and record.error == ""
    assert len(progress) >= 2, progress  # PROGRESS states read (push or poll) while it ran
    assert poller_status.message == "" and max(subscribed) >= 1  # the push channel (pub/sub) over TLS
    assert poller_status.change_tracking, "the poll connection's CLIENT TRACKING works over TLS too"
    assert events[0] > 0 and events[1:] == ("SUCCESS", hostname), events  # the task's events, through kombu over TLS
    celery_queue = next(q for q in session.monitor.queues if q.name == "celery")
    assert celery_queue.error == "" and celery_queue.ready is not None and session.monitor.queues_error == ""
    assert lengths.ok, lengths.error
    assert [(q.name, q.ready, q.error) for q in lengths.value] == [(PARKED_QUEUE, 1, "")]
    assert tls_server.password not in everything_said(session, caplog)


def test_rediss_without_ssl_cert_reqs_checks_the_certificate(tls_server, tls_worker):
    """Celery's backend refuses such a URL, kombu would skip the check: the console checks, as redis-py does."""
    with_ca = session_for(
        tls_server.url(BROKER_DB, ssl_ca_certs=str(tls_server.pki.ca)),
        tls_server.url(BACKEND_DB, ssl_ca_certs=str(tls_server.pki.ca)),
    )
    run(with_ca, lambda: checked(with_ca))
    assert (with_ca.broker.message, with_ca.backend.message) == ("answers", "answers")

    bare = session_for(tls_server.url(BROKER_DB), tls_server.url(BACKEND_DB))  # only the system's CAs
    run(bare, lambda: checked(bare))
    for status in (bare.broker, bare.backend):
        assert status.reachability is Reachability.FAILED
        assert "certificate not trusted: " in status.message, status.message


# -- what goes wrong, said plainly -------------------------------------------------------------


def test_a_certificate_from_another_ca_is_not_trusted(tls_server, tls_worker, caplog):
    other = str(tls_server.pki.other_ca)
    session = session_for(
        tls_server.url(BROKER_DB, ssl_cert_reqs="CERT_REQUIRED", ssl_ca_certs=other),
        tls_server.url(BACKEND_DB, ssl_cert_reqs="required", ssl_ca_certs=other),
    )

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.refreshes >= 1, 15, "the first check")
            sent = await session.send_call(CallSpec("tasks.add", args=(1, 1)))
            # The event stream tries too, and says so (the poller has nothing to read: no call went out).
            await wait_until(lambda: session.monitor.stream_status.state is StreamState.RECONNECTING, 15, "the stream retrying")
            return sent

    sent = run(session, scenario)
    for role, status in (("broker", session.broker), ("backend", session.backend)):
        assert status.reachability is Reachability.FAILED
        assert status.message == f"{role} unreachable: certificate not trusted: self-signed certificate in certificate chain"
    assert not sent.ok and sent.error.startswith("certificate not trusted: "), sent.error
    said = everything_said(session, caplog)
    assert "Traceback" not in json.dumps(session.to_dict(), default=str)
    assert tls_server.password not in said


def test_a_plain_redis_url_on_a_tls_port_says_the_server_requires_tls(tls_server, caplog):
    plain = f"redis://:{tls_server.password}@127.0.0.1:{tls_server.port}"
    session = session_for(f"{plain}/{BROKER_DB}", f"{plain}/{BACKEND_DB}")
    run(session, lambda: checked(session))
    for role, status in (("broker", session.broker), ("backend", session.backend)):
        assert status.reachability is Reachability.FAILED
        assert (
            status.message
            == f"{role} unreachable: server requires TLS: connect with a rediss:// URL (see ssl_ca_certs, ssl_cert_reqs)"
        )
    assert tls_server.password not in everything_said(session, caplog)


# -- mutual TLS: the server checks the client's certificate -----------------------------------------


def test_mutual_tls_with_a_client_certificate(mtls_server, tmp_path, caplog):
    worker = _start_worker(mtls_server, tmp_path, "mtls", client_cert=True)
    session = session_for(trusted(mtls_server, BROKER_DB, client_cert=True), trusted(mtls_server, BACKEND_DB, client_cert=True))

    async def scenario():
        async with running(session):
            await wait_until(lambda: session.broker.ok and session.backend.ok, 15, "broker and backend answer")
            reply = await session.send_call(CallSpec("tasks.add", args=(20, 22)))
            assert reply.ok, reply.error
            task_id = reply.value[0].task_id
            await wait_until(lambda: session.tasks[task_id].state == "SUCCESS", 30, "the task succeeds")
            return session.tasks[task_id]

    try:
        record = run(session, scenario)
    finally:
        worker.stop()
    assert record.result == "42" and record.worker == worker.hostname

    anonymous = session_for(trusted(mtls_server, BROKER_DB), trusted(mtls_server, BACKEND_DB))
    run(anonymous, lambda: checked(anonymous))
    for status in (anonymous.broker, anonymous.backend):
        assert status.reachability is Reachability.FAILED
        assert status.message.startswith(f"{status.role} unreachable: TLS handshake failed: the server "), status.message
        assert "client certificate" in status.message
    assert mtls_server.password not in everything_said(session, caplog) + everything_said(anonymous, caplog)
