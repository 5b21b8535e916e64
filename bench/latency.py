"""How soon the console hears of things, on real servers: push, a lost server, failed sends, 100 workers.

A private redis-server and one real worker on desktop/tasks.py (prefork, concurrency 2); a
ConsoleSession built as the window builds it (``build_console_app``, ``ClusterClient`` with its
5 s timeout), each scenario in its own ``asyncio.run``, as the integration tests drive them. The
tests assert the behaviour (by push and not by the next poll, before the call's own timeout); the
figures are measured here against their targets (bench/targets.py). Each is the longest of
--rounds runs.

- push_add_ms: ``tasks.add`` sent until the session has its SUCCESS, polling every 30 s (so only
  push, or the wake-up a new id gives the poll loop, can bring it).
- push_after_run_ms: ``tasks.slow(1 s)`` sent until the session has its SUCCESS, less the 1 s.
- push_prefixed_ms: a result written and published under a ``global_keyprefix`` until the
  session has it.
- push_pattern_ms: past the poller's channel limit (set to 3; 5 ids tracked) one pattern carries
  the pushes: a PROGRESS written until the session has it.
- reconnecting_ms: a Redis server of its own terminated until the poller says reconnecting.
- events_reconnecting_ms / events_receiving_again_ms: the event stream on a Redis server of its
  own: the server sent SIGTERM until the stream says reconnecting, and restarted (answering
  again) until the stream receives again.
- garbage_tick_ms: five stored values that fail to decode (a number past float, one of 400
  digits, a date_done of 400 digits, a lone surrogate, a result nested 990 deep) and a good result
  written with a bare SET (no PUBLISH: only polling, every 50 ms, reads it), until every row has
  been read.
- send_refused_ms: a send without retry to a broker that was stopped, until it fails.
- send_vanished_ms: a send (with a link) to a broker whose port nobody listens on, until it fails.
- fleet_inspect_ms / fleet_command_ms: 100 workers (tests/apps/fleet.py: one process holding 100
  pidbox nodes) asked ``inspect registered`` and sent ``rate_limit``, each call expecting 100
  replies with a 5 s timeout: until it returns on the 100th.

    .venv/bin/python bench/latency.py [--rounds 5] [--quick]

--quick: one round of each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from bench.targets import TARGETS, as_json, target  # noqa: E402
from desktop.core.cluster.celery_app import build_console_app  # noqa: E402
from desktop.core.cluster.client import ClusterClient  # noqa: E402
from desktop.core.cluster.control import WorkerCommand, send_command  # noqa: E402
from desktop.core.cluster.inspection import inspect, inspect_workers  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.domain.call_building import build_call  # noqa: E402
from desktop.core.domain.calls import CallContext, CallDraft, CallSpec, LinkDraft  # noqa: E402
from desktop.core.live import poller  # noqa: E402
from desktop.core.live.event_receiver import EventStream, StreamState  # noqa: E402
from desktop.core.live.poller import PollState  # noqa: E402
from desktop.core.live.session import ConsoleSession  # noqa: E402
from desktop.core.runtime import demo  # noqa: E402

POLL_INTERVAL = 30.0  # no periodic poll within a scenario
FLEET = 100
BROKER_DB, BACKEND_DB, FLEET_DB = 10, 11, 12


def session_for(broker: str | None, backend: str | None, configure=None, **options) -> ConsoleSession:
    profile = ConnectionProfile(broker_url=broker, backend_url=backend, **options)
    app = build_console_app(profile)
    if configure is not None:
        configure(app)
    return ConsoleSession(ClusterClient(app, profile, timeout=5.0), profile)


def run(session: ConsoleSession, scenario):
    try:
        return asyncio.run(scenario())
    finally:
        session.client.close()


async def until(condition, timeout: float, what: str) -> float:
    """Seconds until ``condition()`` holds (checked every 5 ms, the loop running meanwhile)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"not within {timeout:g} s: {what}")
        await asyncio.sleep(0.005)
    return time.monotonic() - started


async def sent(session: ConsoleSession, spec: CallSpec) -> str:
    reply = await session.send_call(spec)
    if not reply.ok:
        raise RuntimeError(f"send {spec.task} failed: {reply.error}")
    return reply.value[0].task_id


def subscribers(raw: redis.Redis, channel: bytes) -> int:
    return int(raw.execute_command("PUBSUB", "NUMSUB", channel)[1])


def push_figures(server: demo.RedisServer) -> dict:
    session = session_for(server.url(BROKER_DB), server.url(BACKEND_DB), poll_interval=POLL_INTERVAL)

    async def scenario():
        session.start()
        try:
            await asyncio.sleep(0.5)  # the loop's first tick is behind us; the next one is 30 s away
            started = time.monotonic()
            add = await sent(session, CallSpec("tasks.add", (20, 22)))
            await until(lambda: session.tasks[add].state == "SUCCESS", 20, "tasks.add SUCCESS")
            add_s = time.monotonic() - started
            await asyncio.sleep(0.3)
            started = time.monotonic()
            slow = await sent(session, CallSpec("tasks.slow", kwargs={"seconds": 1.0}))
            await until(lambda: session.tasks[slow].state == "SUCCESS", 20, "tasks.slow SUCCESS")
            return add_s, time.monotonic() - started - 1.0
        finally:
            await session.stop()

    add_s, after_run_s = run(session, scenario)
    return {"push_add_ms": add_s * 1000, "push_after_run_ms": after_run_s * 1000}


def prefixed_push_ms(server: demo.RedisServer) -> float:
    def with_prefix(app) -> None:
        app.conf.result_backend_transport_options = {
            **(app.conf.result_backend_transport_options or {}),
            "global_keyprefix": "pfx_",
        }

    session = session_for(server.url(BROKER_DB), server.url(BACKEND_DB), configure=with_prefix, poll_interval=POLL_INTERVAL)
    backend = session.client.app.backend
    raw = redis.Redis(host="127.0.0.1", port=server.port, password=server.password, db=BACKEND_DB)
    task_id = f"prefixed-{uuid.uuid4()}"
    key = backend.get_key_for_task(task_id)

    async def scenario():
        session.start()
        try:
            session.track(task_id)
            await until(lambda: subscribers(raw, key) == 1, 10, "subscribed to the prefixed channel")
            meta = backend.encode({"status": "SUCCESS", "result": "pushed under pfx", "task_id": task_id})
            started = time.monotonic()
            raw.set(key, meta)
            raw.publish(key, meta)
            await until(lambda: session.tasks[task_id].state == "SUCCESS", 20, "the prefixed result")
            return time.monotonic() - started
        finally:
            await session.stop()

    try:
        return run(session, scenario) * 1000
    finally:
        raw.delete(key)
        raw.close()


def pattern_push_ms(server: demo.RedisServer) -> float:
    limit, poller.MAX_CHANNELS = poller.MAX_CHANNELS, 3
    session = session_for(server.url(BROKER_DB), server.url(BACKEND_DB), poll_interval=POLL_INTERVAL)
    backend = session.client.app.backend
    ids = [f"many-{i}-{uuid.uuid4()}" for i in range(5)]

    async def scenario():
        session.start()
        try:
            for task_id in ids:
                session.track(task_id)
            await until(lambda: session.poller._pattern is not None, 10, "the pattern subscription")
            await asyncio.sleep(0.3)
            started = time.monotonic()
            backend.set(
                backend.get_key_for_task(ids[2]), backend.encode({"status": "PROGRESS", "result": {"current": 1, "total": 4}})
            )
            await until(lambda: session.tasks[ids[2]].state == "PROGRESS", 20, "PROGRESS by push")
            return time.monotonic() - started
        finally:
            await session.stop()

    try:
        return run(session, scenario) * 1000
    finally:
        poller.MAX_CHANNELS = limit
        for task_id in ids:
            backend.client.delete(backend.get_key_for_task(task_id))


def reconnecting_ms() -> float:
    server = demo.RedisServer()
    server.start()
    try:
        session = session_for(None, server.url(BACKEND_DB), poll_interval=1.0)

        async def scenario():
            session.track(f"waiting-{uuid.uuid4()}")  # an unfinished id: the loop polls and listens
            session.poller.start()
            try:
                await until(lambda: session.poller.status.state is PollState.OK, 10, "polling")
                await asyncio.sleep(0.5)
                server.proc.terminate()
                server.proc.wait(10)
                return await until(lambda: session.poller.status.state is PollState.RECONNECTING, 30, "reconnecting")
            finally:
                await session.poller.stop()

        return run(session, scenario) * 1000
    finally:
        server.stop()


def events_restart_figures() -> dict:
    server = demo.RedisServer()
    server.start()
    profile = ConnectionProfile(broker_url=server.url(BROKER_DB), backend_url=None)
    stream = EventStream(build_console_app(profile), lambda batch: None, lambda status: None, redact=profile.redact)

    async def scenario():
        stream.start()
        try:
            await until(lambda: stream.status.state is StreamState.RECEIVING, 15, "the stream receiving")
            await asyncio.sleep(0.5)
            killed = time.monotonic()
            server.proc.terminate()
            server.proc.wait(10)
            await until(lambda: stream.status.state is StreamState.RECONNECTING, 30, "the stream reconnecting")
            reconnecting = time.monotonic() - killed
            server.restart()  # blocks until the server answers, as in the test
            receiving = await until(lambda: stream.status.state is StreamState.RECEIVING, 30, "the stream receiving again")
            return reconnecting, receiving
        finally:
            await stream.stop()

    try:
        reconnecting, receiving = asyncio.run(scenario())
    finally:
        server.stop()
    return {"events_reconnecting_ms": reconnecting * 1000, "events_receiving_again_ms": receiving * 1000}


GARBAGE = [  # each once made a poll tick raise (tests/integration/test_fuzz_backend.py)
    b'{"status": "PROGRESS", "result": {"current": 1e400, "total": 10}}',
    b'{"status": "PROGRESS", "result": {"current": ' + b"1" * 400 + b', "total": 10}}',
    b'{"status": "SUCCESS", "date_done": ' + b"9" * 400 + b"}",
    b'{"status": "SUCCESS", "children": [[["\\ud800", null], null]]}',
    b'{"status": "SUCCESS", "result": ' + b"[" * 990 + b"1" + b"]" * 990 + b"}",
]


def garbage_tick_ms(server: demo.RedisServer) -> float:
    session = session_for(None, server.url(BACKEND_DB), poll_interval=0.05)
    backend, poller = session.client.app.backend, session.poller
    raw = redis.Redis(host="127.0.0.1", port=server.port, password=server.password, db=BACKEND_DB)
    ids = [f"garbage-{i}-{uuid.uuid4()}" for i in range(len(GARBAGE))]
    good = f"good-{uuid.uuid4()}"
    meta = {"status": "SUCCESS", "result": {"answer": 42}, "traceback": None, "children": [], "task_id": good}

    def all_read() -> bool:
        entries = [poller.tracked.get(i) for i in ids]
        return session.tasks[good].state == "SUCCESS" and all(
            e is not None and (e.raw == payload or e.record.ready) for e, payload in zip(entries, GARBAGE, strict=True)
        )

    async def scenario():
        poller.start()
        try:
            for task_id in [*ids, good]:
                session.track(task_id)
            started = time.monotonic()
            pipe = raw.pipeline()
            for task_id, payload in zip(ids, GARBAGE, strict=True):
                pipe.set(backend.get_key_for_task(task_id), payload)
            pipe.set(backend.get_key_for_task(good), json.dumps(meta))
            pipe.execute()
            await until(all_read, 20, "the good result and every stored value read")
            return time.monotonic() - started
        finally:
            await poller.stop()

    try:
        return run(session, scenario) * 1000
    finally:
        raw.delete(*(backend.get_key_for_task(i) for i in [*ids, good]))
        raw.close()


def sends_that_fail(server: demo.RedisServer) -> dict:
    spec_for = CallContext(signature=None, broker_scheme="redis", accepted_content=frozenset({"json"}))

    def build(draft: CallDraft) -> CallSpec:
        result = build_call(draft, spec_for)
        if not result.ok:
            raise RuntimeError(result.errors)
        return result.spec

    stopped = demo.RedisServer()
    stopped.start()
    url = f"redis://:{stopped.password}@127.0.0.1:{stopped.port}"
    stopped.stop()
    session = session_for(f"{url}/10", f"{url}/11")
    spec = build(CallDraft(task="tasks.add", args_json="[1, 2]", retry=False))

    async def refused():
        started = time.monotonic()
        reply = await session.client.send_call(spec)
        if reply.ok:
            raise RuntimeError("a send to a stopped broker succeeded")
        return time.monotonic() - started

    refused_s = run(session, refused)

    session = session_for(f"redis://:bench-pw@127.0.0.1:{demo.free_port()}/10", server.url(BACKEND_DB))
    spec = build(CallDraft(task="tasks.add", args_json="[1, 1]", links=(LinkDraft("tasks.mul", "[3]"),)))

    async def vanished():
        started = time.monotonic()
        reply = await session.send_call(spec)
        if reply.ok:
            raise RuntimeError("a send to a broker nobody listens for succeeded")
        return time.monotonic() - started

    return {"send_refused_ms": refused_s * 1000, "send_vanished_ms": run(session, vanished) * 1000}


class Fleet:
    """tests/apps/fleet.py: 100 pidbox nodes and event dispatchers in one process, on the broker."""

    def __init__(self, broker: str) -> None:
        self.broker = broker
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.apps.fleet", broker, str(FLEET), "--prefix", "fleet"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )

    def wait_ready(self) -> None:
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the fleet did not start")
        from celery import Celery

        app = Celery("fleet-probe", broker=self.broker, set_as_current=False)
        deadline = time.monotonic() + 60
        while len(inspect(app, "ping", expected=FLEET, timeout=1.0).replies) < FLEET:  # each node subscribes on its first poll
            if time.monotonic() > deadline:
                raise RuntimeError("the fleet did not answer in 60 s")
        app.close()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def fleet_figures(server: demo.RedisServer) -> dict:
    session = session_for(server.url(FLEET_DB), server.url(BACKEND_DB))

    async def scenario():
        client = session.client
        started = time.monotonic()
        result = await inspect_workers(client, "registered", expected=FLEET, timeout=5.0)
        inspect_s = time.monotonic() - started
        started = time.monotonic()
        command = await send_command(
            client, WorkerCommand.of("rate_limit", task_name="tasks.add", rate_limit="10/s"), expected=FLEET, timeout=5.0
        )
        command_s = time.monotonic() - started
        if len(result.replies) != FLEET or len(command.replies) != FLEET:
            raise RuntimeError(f"replies: inspect {len(result.replies)}, rate_limit {len(command.replies)} of {FLEET}")
        return inspect_s, command_s

    inspect_s, command_s = run(session, scenario)
    return {"fleet_inspect_ms": inspect_s * 1000, "fleet_command_ms": command_s * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one round of each")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(rounds=1)
        args = parser.parse_args()

    samples: dict[str, list[float]] = {t.figure: [] for t in TARGETS["latency"]}

    def add(figures: dict) -> None:
        for name, value in figures.items():
            samples[name].append(value)

    server = demo.RedisServer()
    server.start()
    worker = fleet = None
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-latency-") as logdir:
        try:
            worker = demo.WorkerProcess(
                server.url(BROKER_DB), server.url(BACKEND_DB), hostname="bench-latency@%h", logfile=Path(logdir) / "worker.log"
            )
            worker.start()
            fleet = Fleet(server.url(FLEET_DB))
            demo.wait_for_workers(worker.broker_url, 1, timeout=60, procs=[worker])
            fleet.wait_ready()
            for _ in range(args.rounds):
                add(push_figures(server))
                add({"push_prefixed_ms": prefixed_push_ms(server)})
                add({"push_pattern_ms": pattern_push_ms(server)})
                add({"reconnecting_ms": reconnecting_ms()})
                add(events_restart_figures())
                add({"garbage_tick_ms": garbage_tick_ms(server)})
                add(sends_that_fail(server))
                add(fleet_figures(server))
        finally:
            if fleet is not None:
                fleet.stop()
            if worker is not None:
                worker.stop()
            server.stop()

    figures = {name: round(max(values), 1) for name, values in samples.items()}
    for t in TARGETS["latency"]:
        values = ", ".join(f"{v:,.0f}" for v in samples[t.figure])
        print(
            f"{t.figure:25s} {figures[t.figure]:9,.1f} ms  target {t.text():12s} {'met' if t.met(figures[t.figure]) else 'MISSED'}"
            f"  ({t.what}; runs: {values})"
        )
    met = all(target("latency", name).met(value) for name, value in figures.items())
    print(
        json.dumps(
            {"bench": "latency", "unit": "ms", "rounds": args.rounds, **figures, "targets": as_json("latency"), "target_met": met}
        )
    )


if __name__ == "__main__":
    main()
