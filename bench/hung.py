"""Servers that never answer: the longest GUI stall while the window waits on them, and how soon it says so.

The real window, offscreen (``build_console(profile)``, ``window.show()``, ``session.start()``),
with a 1 ms PreciseTimer on the GUI thread: a gap between two of its timeouts is time the thread
could not run (tests/support/stall.py measures it the same way). Three cases, as
tests/gui/test_fault_hung.py drives them (the test asserts what the window says, and that the GUI
thread never stopped for as long as a call waits; the stall targets are here):

- black hole: a broker and a backend that accept TCP and never send a byte. Until the
  connection bar says "no reply" for both; a call sent (until it gives up); ids tracked (until
  the results say reconnecting); a rate_limit command (until its reply summary); one more
  second of nothing.
- DNS: a host name under .invalid (never resolves). Until the bar says "cannot resolve"; a call
  sent (until it fails); one more second.
- frozen worker: a private Redis and two workers, one frozen with SIGSTOP. ``inspect active``
  on both (until the view says "no reply" for the frozen one), a rate_limit command (until its
  summary names it), until the next ping leaves it out of the online workers.

Each case runs --rounds times on a fresh window; the longest stall of all rounds is the figure.

    .venv/bin/python bench/hung.py [--rounds 3] [--quick]

--quick: one round of each.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
CONFIG_DIR = tempfile.mkdtemp(prefix="celery-desktop-bench-config-")
os.environ.setdefault("CELERY_DESKTOP_CONFIG_DIR", CONFIG_DIR)
os.environ.setdefault("CELERY_DESKTOP_DATA_DIR", CONFIG_DIR)  # the history of each window built here
atexit.register(shutil.rmtree, CONFIG_DIR, True)

from bench.targets import as_json, target  # noqa: E402
from desktop.core.cluster.control import WorkerCommand  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.domain.calls import CallSpec  # noqa: E402
from desktop.core.runtime.demo import RedisServer, WorkerProcess, wait_for_workers  # noqa: E402
from tests.support.black_hole import BlackHole  # noqa: E402

CASES = ("black_hole", "dns", "frozen_worker")


class StallMeter:
    """The longest gap between two timeouts of a 1 ms PreciseTimer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last: float | None = None
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> StallMeter:
        self.last, self.longest = None, 0.0
        self.timer.start()
        return self

    def stop(self) -> float:
        self.timer.stop()
        return self.longest * 1000


async def until(condition, timeout: float, what: str) -> float:
    """Seconds until ``condition()`` holds, the loop running meanwhile."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"not within {timeout:g} s: {what}")
        await asyncio.sleep(0.01)
    return time.monotonic() - started


async def timed(awaitable) -> tuple[object, float]:
    started = time.monotonic()
    result = await awaitable
    return result, time.monotonic() - started


class Console:
    """The real window for a profile, shown and started; closed on exit."""

    def __init__(self, profile: ConnectionProfile) -> None:
        self.profile = profile

    async def __aenter__(self):
        from desktop.app.console import build_console

        self.console = build_console(self.profile)
        self.console.window.show()
        self.console.session.start()
        return self.console

    async def __aexit__(self, *exc) -> None:
        console = self.console
        try:
            await asyncio.wait_for(console.session.stop(), 10)
        finally:
            console.window.close()
            console.window.deleteLater()
            console.close()
            await asyncio.sleep(0.05)


async def black_hole() -> dict:
    hole = BlackHole()
    url = f"redis://:hole-pw@127.0.0.1:{hole.port}"
    try:
        meter = StallMeter().start()
        async with Console(ConnectionProfile(broker_url=f"{url}/0", backend_url=f"{url}/1")) as console:
            session, window = console.session, console.window
            broker, backend = window.connection_bar.rows["broker"][2], window.connection_bar.rows["backend"][2]
            said = await until(lambda: "no reply" in broker.text() and "no reply" in backend.text(), 30, "'no reply' in the bar")
            reply, send = await timed(session.send_call(CallSpec("tasks.add", args=(1, 2))))
            if reply.ok:
                raise RuntimeError("a send to a server that never answers succeeded")
            session.track_ids("0b4c3d1e-0000-4000-8000-000000000001")
            await until(lambda: "reconnecting" in backend.text(), 30, "results reconnecting")
            summary = window.workers_view.replies_summary
            window.workers_view.commandRequested.emit(WorkerCommand.of("rate_limit", task_name="tasks.add", rate="5/m"), None)
            await until(lambda: "rate_limit" in summary.text(), 30, "the rate_limit command's summary")
            await asyncio.sleep(1.0)
            stall = meter.stop()
    finally:
        hole.close()
    return {"max_stall_ms": stall, "said_ms": said * 1000, "send_ms": send * 1000}


async def dns() -> dict:
    host = f"no-such-host-{uuid.uuid4().hex[:8]}.invalid"  # .invalid never resolves (RFC 2606)
    meter = StallMeter().start()
    async with Console(ConnectionProfile(broker_url=f"redis://{host}:6379/0", backend_url=f"redis://{host}:6379/1")) as console:
        session, window = console.session, console.window
        broker, backend = window.connection_bar.rows["broker"][2], window.connection_bar.rows["backend"][2]
        said = await until(lambda: "resolve" in broker.text() and "resolve" in backend.text(), 30, "'cannot resolve' in the bar")
        reply, send = await timed(session.send_call(CallSpec("tasks.add", args=(1, 2))))
        if reply.ok or "resolve" not in reply.error:
            raise RuntimeError(f"a send to an unresolvable host: {reply}")
        await asyncio.sleep(1.0)
        stall = meter.stop()
    return {"max_stall_ms": stall, "said_ms": said * 1000, "send_ms": send * 1000}


async def frozen_worker(server: RedisServer, awake: WorkerProcess, frozen: WorkerProcess) -> dict:
    async with Console(ConnectionProfile(broker_url=server.url(10), backend_url=server.url(11))) as console:
        session, view = console.session, console.window.workers_view
        await until(lambda: len(session.online_workers) == 2, 30, "both workers online")
        os.killpg(frozen.proc.pid, signal.SIGSTOP)
        try:
            meter = StallMeter().start()
            asked = time.monotonic()
            view.inspectRequested.emit("active", [awake.hostname, frozen.hostname])
            await until(lambda: "no reply" in view.detail_text["active"].toPlainText(), 30, "inspect's 'no reply'")
            inspect = time.monotonic() - asked
            asked = time.monotonic()
            view.commandRequested.emit(WorkerCommand.of("rate_limit", task_name="tasks.add", rate="5/m"), None)
            await until(lambda: "no reply from" in view.replies_summary.text(), 30, "rate_limit's 'no reply from'")
            command = time.monotonic() - asked
            await until(lambda: len(session.online_workers) == 1, 30, "the frozen worker left out of the online ones")
            stall = meter.stop()
        finally:
            os.killpg(frozen.proc.pid, signal.SIGCONT)
    return {"max_stall_ms": stall, "inspect_ms": inspect * 1000, "command_ms": command * 1000}


def start_workers(logdir: Path) -> tuple[RedisServer, list[WorkerProcess]]:
    server = RedisServer()
    server.start()
    workers = [
        WorkerProcess(
            server.url(10),
            server.url(11),
            hostname=f"{name}-{uuid.uuid4().hex[:6]}@127.0.0.1",
            concurrency=1,
            logfile=logdir / f"{name}.log",
        )
        for name in ("awake", "frozen")
    ]
    for worker in workers:
        worker.start()
    wait_for_workers(server.url(10), 2, timeout=60, procs=workers)
    return server, workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh windows per case")
    parser.add_argument("--quick", action="store_true", help="one round of each case")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(rounds=1)
        args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.app.qt_loop import QtAsyncioLoop
    from desktop.app.run import install_qt_message_filter

    install_qt_message_filter()
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setQuitOnLastWindowClosed(False)
    loop = QtAsyncioLoop(qt_app)  # the loop the app runs on
    asyncio.set_event_loop(loop)
    rounds: dict[str, list[dict]] = {case: [] for case in CASES}
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-hung-") as logdir, loop:
        for _ in range(args.rounds):
            rounds["black_hole"].append(loop.run_until_complete(black_hole()))
            rounds["dns"].append(loop.run_until_complete(dns()))
        server, workers = start_workers(Path(logdir))
        try:
            for _ in range(args.rounds):
                rounds["frozen_worker"].append(loop.run_until_complete(frozen_worker(server, *workers)))
        finally:
            for worker in workers:
                worker.stop()
            server.stop()

    figures: dict[str, float] = {}
    labels = {
        "black_hole": ("broker and backend that never reply", {"said_ms": "bar says 'no reply'", "send_ms": "send gives up"}),
        "dns": ("a host name DNS cannot resolve", {"said_ms": "bar says 'cannot resolve'", "send_ms": "send fails"}),
        "frozen_worker": ("a worker frozen with SIGSTOP", {"inspect_ms": "inspect ends", "command_ms": "rate_limit ends"}),
    }
    for case, (title, after) in labels.items():
        runs = rounds[case]
        stall = round(max(r["max_stall_ms"] for r in runs), 1)
        figures[f"{case}_max_stall_ms"] = stall
        limit = target("hung", f"{case}_max_stall_ms")
        waits = []
        for key, label in after.items():
            figures[f"{case}_{key}"] = round(max(r[key] for r in runs), 1)
            waits.append(f"{label} after {figures[f'{case}_{key}']:,.0f} ms")
        print(
            f"{title}: longest GUI stall {stall:.1f} ms (target {limit.text()}: {'met' if limit.met(stall) else 'MISSED'}); "
            + "; ".join(waits)
            + f" (longest of {len(runs)})"
        )
    met = all(t.met(figures.get(t.figure)) for t in (target("hung", f"{case}_max_stall_ms") for case in CASES))
    print(
        json.dumps(
            {"bench": "hung", "unit": "ms", "rounds": args.rounds, **figures, "targets": as_json("hung"), "target_met": met}
        )
    )


if __name__ == "__main__":
    main()
