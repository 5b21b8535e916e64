"""A broker that accepts connections and never answers, with a real Redis backend that does.

The console keeps asking the broker on its own (reachability, pings, registered tasks, inspect,
queue lengths). Each of those calls ends at the broker's socket timeout, and however many are
waiting, they hold only the threads of their own kind: a poll of the backend still answers at
once, and a send or a revoke fails with the broker's own timeout, within its bound.
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid

import pytest
from celery import Celery

from desktop.core.cluster.celery_app import build_console_app, publish_retry_seconds
from desktop.core.cluster.client import ClusterClient
from desktop.core.cluster.inspection import inspect_workers
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.live.session import ConsoleSession
from desktop.core.runtime.demo import RedisServer
from tests.support.black_hole import BlackHole

pytestmark = pytest.mark.integration

TIMEOUT = 5.0  # the client's own wait for a call (the window's default)
ROUNDS = 3  # the checks the console's loops would have made meanwhile, all at once
GRACE = 1.0  # a loaded machine's lateness in ending a thread or a call


@pytest.fixture(scope="module")
def backend_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def busy_threads(client: ClusterClient) -> list[str]:
    """The client's threads that are running a call (an idle one waits in ThreadPoolExecutor's ``_worker``)."""
    frames = sys._current_frames()
    busy = []
    for thread in list(client._executor._threads):
        frame = frames.get(thread.ident)
        if frame is not None and frame.f_code.co_name != "_worker":
            busy.append(thread.name)
    return busy


async def timed(coroutine):
    started = time.monotonic()
    value = await coroutine
    return value, time.monotonic() - started


def test_checks_on_a_silent_broker_leave_threads_for_polls_sends_and_revokes(backend_server):
    done_id = str(uuid.uuid4())
    Celery("a-worker", backend=backend_server.url(0), set_as_current=False).backend.store_result(done_id, 3, "SUCCESS")
    with BlackHole() as hole:
        profile = ConnectionProfile(broker_url=f"redis://:hole-pw@127.0.0.1:{hole.port}/0", backend_url=backend_server.url(0))
        client = ClusterClient(build_console_app(profile), profile, timeout=TIMEOUT)
        session = ConsoleSession(client, profile)
        session.track_ids(done_id)
        worker = "w1@silent"

        async def scenario():
            checks = [asyncio.ensure_future(session.refresh())]
            for _ in range(ROUNDS):
                checks += [
                    asyncio.ensure_future(check)
                    for check in (
                        client.check_broker(),
                        client.ping_workers(),
                        client.registered([worker]),
                        inspect_workers(client, "active", destination=[worker]),
                        session.monitor.refresh_queues(),
                    )
                ]
            await asyncio.sleep(0.5)  # every check has a thread or waits for one
            polled, sent, revoked = await asyncio.gather(
                timed(session.poll_results()),
                timed(session.send_call(CallSpec("tasks.add", args=(1, 2)))),
                timed(session.revoke([str(uuid.uuid4())])),
            )
            await asyncio.gather(*checks)
            ended = time.monotonic()  # a call still running now was given up on: it may run its timeout out, no longer
            while busy_threads(client) and time.monotonic() < ended + TIMEOUT + GRACE:
                await asyncio.sleep(0.05)
            left = busy_threads(client)
            await session.stop()
            return polled, sent, revoked, left

        try:
            (polled, poll_took), (sent, send_took), (revoked, revoke_took), left = asyncio.run(scenario())
        finally:
            client.close()
        assert hole.accepted >= 1  # it did connect: the silence came after

    # The poll has a thread: the backend's answer, well before the client's own timeout.
    assert [r.state for r in polled if r.id == done_id] == ["SUCCESS"], polled
    assert session.tasks[done_id].state == "SUCCESS"
    assert poll_took < TIMEOUT / 2, poll_took

    # The send and the revoke end with the broker's own socket timeout, within their bounds.
    send_bound = TIMEOUT + publish_retry_seconds(client.app) + 2.0 / 100
    assert not sent.ok and sent.error.startswith("no reply (timeout"), sent.error
    assert send_took < send_bound + GRACE, send_took
    assert not revoked.ok and revoked.error.startswith("no reply (timeout"), revoked.error
    assert revoke_took < TIMEOUT + GRACE, revoke_took
    assert any("sending tasks.add failed: no reply (timeout" in e for e in session.errors), session.errors
    assert not any("hole-pw" in e for e in session.errors)

    # No thread is left waiting on the broker past the timeout.
    assert left == [], left
