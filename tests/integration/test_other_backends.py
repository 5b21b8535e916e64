"""Result backends other than Redis: a database read through Celery's own API, and rpc:// explained."""

from __future__ import annotations

import asyncio
import time

import pytest

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.live.poller import DEFAULT_INTERVALS, BackendKind, PollState
from desktop.core.live.session import ConsoleSession
from desktop.core.runtime.demo import WorkerProcess, wait_for_workers
from tests.support.redis_dbs import db
from tests.support.required import import_or_require
from tests.support.sessions import running

pytestmark = pytest.mark.integration


def test_database_backend_is_polled_through_celerys_api(redis_server, tmp_path):
    import_or_require("sqlalchemy", "sqlalchemy")
    backend = f"db+sqlite:///{tmp_path / 'results.db'}"
    worker = WorkerProcess(
        redis_server.url(db("test_other_backends", "database_backend_broker")),
        backend,
        hostname="dbworker@127.0.0.1",
        concurrency=1,
        logfile=tmp_path / "w.log",
    )
    worker.start()
    try:
        wait_for_workers(worker.broker_url, 1, timeout=60, procs=[worker])
        profile = ConnectionProfile(broker_url=worker.broker_url, backend_url=backend, poll_interval=0.3)
        client = ClusterClient(build_console_app(profile), profile)
        session = ConsoleSession(client, profile)
        assert session.poller.kind is BackendKind.META
        assert DEFAULT_INTERVALS["meta"] >= 5  # polling a database is expensive: a longer default

        async def scenario():
            async with running(session):
                add = await session.send_call(CallSpec("tasks.add", (20, 22)))
                fails = await session.send_call(CallSpec("tasks.always_fails"))
                ids = [add.value[0].task_id, fails.value[0].task_id]
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and not all(session.tasks[i].ready for i in ids):
                    await asyncio.sleep(0.1)
                return [session.tasks[i] for i in ids]

        try:
            add, fails = asyncio.run(scenario())
        finally:
            client.close()
        assert (add.state, add.result) == ("SUCCESS", "42")
        assert fails.state == "FAILURE" and fails.exc_type == "InventoryError" and "_reserve" in fails.traceback
    finally:
        worker.stop()


def test_rpc_backend_is_explained_not_shown_as_empty_rows(redis_server):
    profile = ConnectionProfile(broker_url=redis_server.url(db("test_other_backends", "rpc_broker")), backend_url="rpc://")
    client = ClusterClient(build_console_app(profile), profile)
    try:
        session = ConsoleSession(client, profile)
        assert session.poller.kind is BackendKind.RPC
        assert session.poller.status.state is PollState.UNSUPPORTED
        assert "only" in session.poller.status.message or "cannot read" in session.poller.status.message
        backend = asyncio.run(client.check_backend())
        assert "rpc://" in backend.message
    finally:
        client.close()
