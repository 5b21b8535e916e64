"""Things that never answer: a worker that ignores control commands (SIGSTOPped), a broker and a
backend that accept TCP and then say nothing, a host name DNS cannot resolve.

Every call ends with a clear message in the window, and the GUI thread keeps running: a 1 ms
timer (tests/support/stall.py) measures its longest gap over each test, reported in the run's summary.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid

import pytest

from desktop.core.cluster.control import WorkerCommand
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from tests.support.black_hole import BlackHole
from tests.support.measured import measured
from tests.support.stall import StallMeter

pytestmark = [pytest.mark.gui, pytest.mark.faults]

# A network call made on the GUI thread would stop it for as long as the call waits: 1 s at least
# (the control commands' reply timeout; a silent server's socket waits 5 s). The longest stall stays
# well below that however loaded the machine; the figure against its target is bench/hung.py's.
STALL_LIMIT_MS = 500.0


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()


def wait_for(qtbot, condition, timeout_s: float) -> float:
    started = time.monotonic()
    qtbot.waitUntil(condition, timeout=int(timeout_s * 1000))
    return time.monotonic() - started


def test_a_broker_and_backend_that_never_reply(qtbot, open_console, black_hole):
    url = f"redis://:hole-pw@127.0.0.1:{black_hole.port}"
    meter = StallMeter().start()
    console = open_console(ConnectionProfile(broker_url=f"{url}/0", backend_url=f"{url}/1"))
    session, window = console.session, console.window
    broker_label = window.connection_bar.rows["broker"][2]
    backend_label = window.connection_bar.rows["backend"][2]

    said = wait_for(qtbot, lambda: "no reply" in broker_label.text() and "no reply" in backend_label.text(), 20)
    assert black_hole.accepted >= 2  # it did connect: the silence came after

    sending = asyncio.ensure_future(session.send_call(CallSpec("tasks.add", args=(1, 2))))
    send_took = wait_for(qtbot, sending.done, 30)
    reply = sending.result()
    assert not reply.ok and reply.error
    assert any("sending tasks.add failed" in e for e in session.errors)

    session.track_ids("0b4c3d1e-0000-4000-8000-000000000001")
    qtbot.waitUntil(lambda: "reconnecting" in backend_label.text(), timeout=20000)

    window.workers_view.commandRequested.emit(WorkerCommand.of("rate_limit", task_name="tasks.add", rate="5/m"), None)
    qtbot.waitUntil(lambda: "rate_limit" in window.workers_view.replies_summary.text(), timeout=30000)
    command_text = window.workers_view.replies_summary.text()

    qtbot.wait(1000)  # a second more against the black hole, nothing awaited: the meter looks for stalls in it
    longest = meter.stop()
    shown = broker_label.text() + backend_label.text() + command_text + "\n".join(session.errors)
    assert "hole-pw" not in shown
    measured("black-hole broker: window says 'no reply' after", said * 1000, "ms")
    measured("black-hole broker: send gives up after", send_took * 1000, "ms")
    measured("black-hole broker/backend: longest GUI stall", longest, "ms")
    assert longest < STALL_LIMIT_MS


def test_a_host_name_dns_cannot_resolve(qtbot, open_console):
    host = f"no-such-host-{uuid.uuid4().hex[:8]}.invalid"  # .invalid never resolves (RFC 2606)
    meter = StallMeter().start()
    console = open_console(ConnectionProfile(broker_url=f"redis://{host}:6379/0", backend_url=f"redis://{host}:6379/1"))
    session, window = console.session, console.window
    broker_label = window.connection_bar.rows["broker"][2]
    backend_label = window.connection_bar.rows["backend"][2]
    said = wait_for(qtbot, lambda: "resolve" in broker_label.text() and "resolve" in backend_label.text(), 30)
    assert host in broker_label.text()
    sending = asyncio.ensure_future(session.send_call(CallSpec("tasks.add", args=(1, 2))))
    wait_for(qtbot, sending.done, 30)
    assert not sending.result().ok and "resolve" in sending.result().error
    qtbot.wait(1000)  # a second more with the name unresolvable, nothing awaited: the meter looks for stalls in it
    longest = meter.stop()
    measured("DNS failure: window says 'cannot resolve' after", said * 1000, "ms")
    measured("DNS failure: longest GUI stall", longest, "ms")
    assert longest < STALL_LIMIT_MS


@pytest.fixture
def stopped_worker(cluster_on):
    """A private Redis, one worker that answers and one frozen with SIGSTOP (it never answers)."""
    cluster = cluster_on("desktop.tasks", "awake", "frozen", concurrency=1)
    awake, frozen = cluster.workers
    yield cluster, awake, frozen
    for worker in cluster.workers:  # woken up, so that stopping it ends it the ordinary way
        if worker.proc.poll() is None:
            os.killpg(worker.proc.pid, signal.SIGCONT)


def test_a_worker_that_never_answers_control_commands(qtbot, open_console, stopped_worker):
    cluster, awake, frozen = stopped_worker
    console = open_console(ConnectionProfile(broker_url=cluster.broker_url, backend_url=cluster.backend_url))
    session, window = console.session, console.window
    qtbot.waitUntil(lambda: len(session.online_workers) == 2, timeout=20000)
    os.killpg(frozen.proc.pid, signal.SIGSTOP)
    meter = StallMeter().start()
    view = window.workers_view

    asked = time.monotonic()
    view.inspectRequested.emit("active", [awake.hostname, frozen.hostname])
    qtbot.waitUntil(lambda: "no reply" in view.detail_text["active"].toPlainText(), timeout=30000)
    inspect_took = time.monotonic() - asked
    inspect_text = view.detail_text["active"].toPlainText()
    assert f"# {frozen.hostname}" in inspect_text and awake.hostname in inspect_text

    asked = time.monotonic()
    view.commandRequested.emit(WorkerCommand.of("rate_limit", task_name="tasks.add", rate="5/m"), None)
    qtbot.waitUntil(lambda: "no reply from" in view.replies_summary.text(), timeout=30000)
    command_took = time.monotonic() - asked
    summary = view.replies_summary.text()
    assert frozen.hostname in summary.split("no reply from", 1)[1]
    assert awake.hostname not in summary.split("no reply from", 1)[1]

    qtbot.waitUntil(lambda: len(session.online_workers) == 1, timeout=30000)  # the next ping leaves it out
    longest = meter.stop()
    measured("frozen worker: inspect ends with 'no reply' after", inspect_took * 1000, "ms")
    measured("frozen worker: rate_limit ends with 'no reply' after", command_took * 1000, "ms")
    measured("frozen worker: longest GUI stall", longest, "ms")
    assert longest < STALL_LIMIT_MS
