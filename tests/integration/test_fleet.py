"""A hundred workers answering at once: heartbeats, pings, inspect and control replies all land.

The fleet (tests/apps/fleet.py) is one process holding 100 kombu pidbox nodes and 100 event
dispatchers on the real broker: the same wire traffic as 100 workers, without 100 interpreters
on a 2-core machine. Its databases are its own (tests/support/redis_dbs.py).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.cluster.control import WorkerCommand, send_command
from desktop.core.cluster.inspection import inspect, inspect_workers
from desktop.core.live.event_receiver import StreamState
from tests.support.redis_dbs import db
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
FLEET = 100
BROKER_DB, BACKEND_DB = db("test_fleet", "broker"), db("test_fleet", "backend")


@pytest.fixture(scope="module")
def fleet(redis_server):
    broker = redis_server.url(BROKER_DB)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.apps.fleet", broker, str(FLEET), "--prefix", "fleet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        # Each node's broadcast subscription is made on its first poll: wait until every one answers.
        from celery import Celery

        app = Celery("fleet-probe", broker=broker, set_as_current=False)
        deadline = time.monotonic() + 30
        while len(inspect(app, "ping", expected=FLEET, timeout=1.0).replies) < FLEET:
            assert time.monotonic() < deadline, "the fleet did not answer in 30 s"
        yield broker, redis_server.url(BACKEND_DB), proc
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_hundred_workers_show_online_with_their_stats_and_queues(fleet):
    broker, backend, _ = fleet
    session = session_for(broker, backend)
    seen = {}

    async def scenario():
        async with running(session):
            monitor = session.monitor
            await wait_until(lambda: monitor.stream.status.state is StreamState.RECEIVING, 10, "event stream receiving")
            await wait_until(lambda: sum(w.online for w in monitor.workers()) == FLEET, 15, "100 heartbeats")
            await wait_until(lambda: len(session.online_workers) == FLEET, 15, "100 workers answer the console's ping")
            await wait_until(lambda: len(monitor.stats) == FLEET and len(monitor.active_queues) == FLEET, 20, "100 stats")
            seen["rows"] = monitor.worker_rows(session.workers)

    run(session, scenario)
    rows = seen["rows"]
    assert len(rows) == FLEET and all(row.online and row.status == "online" for row in rows)
    by_host = {row.hostname.split("@")[0]: row for row in rows}
    assert by_host["fleet1"].pool == "prefork × 2" and by_host["fleet2"].pool == "prefork × 3"
    assert all(row.queues == ("celery",) for row in rows)
    assert by_host["fleet42"].processed == 41  # each member's own heartbeat, not another's


# Long enough that returning on the hundredth reply is far from it on a loaded machine; how soon: bench/latency.py.
REPLY_TIMEOUT = 20.0


def test_inspect_and_control_collect_every_reply_as_it_arrives_well_before_the_timeout(fleet):
    broker, backend, _ = fleet
    session = session_for(broker, backend)
    arrived: list[str] = []
    seen = {}

    async def scenario():
        client = session.client
        started = time.monotonic()
        result = await inspect_workers(
            client, "registered", expected=FLEET, timeout=REPLY_TIMEOUT, on_reply=lambda h, v: arrived.append(h)
        )
        seen["inspect_s"] = time.monotonic() - started
        seen["inspect"] = result
        started = time.monotonic()
        seen["command"] = await send_command(
            client,
            WorkerCommand.of("rate_limit", task_name="tasks.add", rate_limit="10/s"),
            expected=FLEET,
            timeout=REPLY_TIMEOUT,
        )
        seen["command_s"] = time.monotonic() - started
        await asyncio.sleep(0)

    run(session, scenario)
    result, command = seen["inspect"], seen["command"]
    assert result.ok and len(result.replies) == FLEET and not result.missing
    assert sorted(arrived) == sorted(result.replies)  # streamed to the loop, one call per worker
    assert all(value == ["tasks.add", "tasks.slow"] for value in result.replies.values()), {
        h: v for h, v in result.replies.items() if v != ["tasks.add", "tasks.slow"]
    }
    assert seen["inspect_s"] < REPLY_TIMEOUT / 2  # returned on the hundredth reply, well before the timeout
    assert command.ok and len(command.replies) == FLEET and not command.missing
    assert len({reply.hostname for reply in command.replies}) == FLEET
    assert all("new rate limit set successfully" in reply.text for reply in command.replies)
    assert seen["command_s"] < REPLY_TIMEOUT / 2
