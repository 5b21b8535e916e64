"""Redis Sentinel: a master lookup with a sentinel down, and how soon the console follows a failover.

Private Sentinel groups (tests/support/sentinel_servers.py: a master, its replica, sentinels with short
timeouts, passwords on both), a ConsoleSession built as the window builds it, as
tests/integration/test_sentinel.py drives them (the test asserts that the console follows by
itself; how soon is measured here, against the targets in bench/targets.py):

- lookup_first_down_ms: three sentinels, the first of the URL's list stopped: a fresh
  ``MasterLocator`` asks for the master (redis-py alone retries a silent sentinel for seconds).
- failover: one sentinel and a worker on tests/apps/sentinel.py; the console running (a task in
  PROGRESS spanning the failover) when the master is SIGKILLed. From the moment the sentinels
  name the promoted replica: until results are polled again (``polling_after_promotion_ms``) and
  until the connection bar is all OK again for good: results, events, broker and backend
  (``bar_ok_after_promotion_ms``), sampled every 20 ms, and the bar then OK for 3 s on end.

Each is the longest of --rounds runs, each on fresh groups.

    .venv/bin/python bench/failover.py [--rounds 3] [--quick]

--quick: one round.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.targets import TARGETS, as_json  # noqa: E402
from desktop.core.cluster.celery_app import build_console_app  # noqa: E402
from desktop.core.cluster.client import ClusterClient  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.connection.sentinel import MasterLocator  # noqa: E402
from desktop.core.domain.calls import CallSpec  # noqa: E402
from desktop.core.live.event_receiver import StreamState  # noqa: E402
from desktop.core.live.poller import PollState  # noqa: E402
from desktop.core.live.session import ConsoleSession  # noqa: E402
from tests.support.sentinel_servers import SentinelGroup, start_worker  # noqa: E402

STABLE_S = 3.0  # the bar counts as back once all OK this long: each part's state is checked every second


def sentinel_session(group: SentinelGroup) -> ConsoleSession:
    """The session for the group's sentinel:// URLs, the sentinels' own password in the app's transport options."""
    profile = ConnectionProfile(
        broker_url=group.url(10), backend_url=group.url(11), sentinel_master=group.master_name, refresh_interval=1.0
    )
    app = build_console_app(profile)
    for setting in ("broker_transport_options", "result_backend_transport_options"):
        options = app.conf[setting]
        app.conf[setting] = {**options, "sentinel_kwargs": {**options["sentinel_kwargs"], "password": group.sentinel_password}}
    return ConsoleSession(ClusterClient(app, profile, timeout=5.0), profile)


async def until(condition, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"not within {timeout:g} s: {what}")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


def lookup_ms() -> float:
    group = SentinelGroup(sentinel_count=3)
    group.start()
    try:
        session = sentinel_session(group)
        try:
            group.sentinels[0].stop()
            locator = MasterLocator(session.client.app.backend)  # its first question goes to the stopped sentinel
            started = time.monotonic()
            locator()
            took = time.monotonic() - started
            address = locator.address
            locator.close()
        finally:
            session.client.close()
        if address is None or address[1] != group.master_port():
            raise RuntimeError(f"the lookup found {address}, not the master")
        return took * 1000
    finally:
        group.stop()


def all_ok(session: ConsoleSession) -> bool:
    """What the connection bar shows as OK: results polled, events received, broker and backend reachable."""
    return (
        session.poller.status.state is PollState.OK
        and session.monitor.stream_status.state is StreamState.RECEIVING
        and session.broker.ok
        and session.backend.ok
    )


def ok_for(samples: list[tuple[float, bool]]) -> float:
    """How long the bar has been all OK, up to the last sample (0: it is not)."""
    since = None
    for t, ok in reversed(samples):
        if not ok:
            break
        since = t
    return samples[-1][0] - since if since is not None else 0.0


def failover_figures(logdir: Path) -> dict:
    group = SentinelGroup()
    group.start()
    worker = None
    try:
        worker = start_worker(group, logdir / "worker.log", name="failover")
        session = sentinel_session(group)
        poller = session.poller
        samples: list[tuple[float, bool]] = []  # (time.monotonic(), the bar all OK)

        async def sampler():
            while True:
                samples.append((time.monotonic(), all_ok(session)))
                await asyncio.sleep(0.02)

        async def scenario():
            session.start()
            sampling = None
            try:
                await until(lambda: all_ok(session) and bool(session.online_workers), 30, "connected, worker online")
                spanning = await session.send_call(CallSpec("tasks.long_progress", kwargs={"total": 40, "delay": 0.25}))
                if not spanning.ok:
                    raise RuntimeError(spanning.error)
                task_id = spanning.value[0].task_id
                await until(lambda: session.tasks[task_id].state == "PROGRESS", 20, "long_progress PROGRESS")
                sampling = asyncio.ensure_future(sampler())
                old, killed = await asyncio.to_thread(group.kill_master)
                promoting = asyncio.ensure_future(asyncio.to_thread(group.wait_promoted, old.port, 30))
                await until(lambda: poller.status.state is PollState.RECONNECTING, 10, "results reconnecting")
                await promoting
                promoted = time.monotonic()
                await until(lambda: poller.status.state is PollState.OK, 30, "results polled again")
                polling = time.monotonic()
                await until(lambda: ok_for(samples) >= STABLE_S, 60, f"the bar all OK again for {STABLE_S:g} s")
                return killed, promoted, polling, samples[-1][0] - ok_for(samples)
            finally:
                if sampling is not None:
                    sampling.cancel()
                await session.stop()

        try:
            killed, promoted, polling, back = asyncio.run(scenario())
        finally:
            session.client.close()
    finally:
        if worker is not None:
            worker.stop()
        group.stop()
    return {
        "promoted_after_kill_ms": (promoted - killed) * 1000,
        "polling_after_promotion_ms": (polling - promoted) * 1000,
        "bar_ok_after_promotion_ms": (back - promoted) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one round")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(rounds=1)
        args = parser.parse_args()

    runs: dict[str, list[float]] = {"lookup_first_down_ms": []}
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-failover-") as logdir:
        for _ in range(args.rounds):
            runs["lookup_first_down_ms"].append(lookup_ms())
            for name, value in failover_figures(Path(logdir)).items():
                runs.setdefault(name, []).append(value)

    figures = {name: round(max(values), 1) for name, values in runs.items()}
    for name, values in runs.items():
        checked = next((t for t in TARGETS["failover"] if t.figure == name), None)
        verdict = f"target {checked.text():12s} {'met' if checked.met(figures[name]) else 'MISSED'}" if checked else ""
        print(f"{name:28s} {figures[name]:9,.1f} ms  {verdict}  (runs: {', '.join(f'{v:,.0f}' for v in values)})")
    met = all(t.met(figures.get(t.figure)) for t in TARGETS["failover"])
    print(
        json.dumps(
            {
                "bench": "failover",
                "unit": "ms",
                "rounds": args.rounds,
                **figures,
                "targets": as_json("failover"),
                "target_met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
