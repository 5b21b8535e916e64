"""How soon inspect and remote control return, on real servers, and how soon a call that cannot get an answer gives up.

A private redis-server and two real workers on desktop/tasks.py (prefork, concurrency 1), asked
as the console asks them (``desktop.core.cluster.control``, ``build_console_app``, a ``ClusterClient``
with its 5 s timeout). The tests assert the behaviour (a call returned on its last expected reply,
well before its timeout; a silent worker's wait ended at its timeout; no reply was waited for when
none comes; a refused broker failed the call at once); the figures are measured here against
their targets (bench/targets.py). Each is the longest of --rounds runs.

- inspect_expected_ms: ``inspect ping`` expecting both workers (timeout 3 s), until it returns
  on the second reply.
- inspect_methods_ms: the slowest of ``stats``, ``registered``, ``active_queues``, ``active``,
  ``reserved``, ``scheduled``, ``revoked``, ``conf`` expecting both workers (timeout 3 s).
- command_expected_ms: the slower of ``enable_events`` and ``disable_events`` broadcast
  expecting both workers (timeout 3 s).
- async_inspect_ms: ``inspect_workers`` (the executor, replies handed to the loop) ``ping``
  expecting both workers (timeout 3 s).
- silent_inspect_over_ms: ``inspect ping`` expecting both with one frozen (SIGSTOP), timeout
  1 s: how long past the 1 s it returned.
- silent_command_over_ms: a ``ping`` command to the frozen worker alone, timeout 0.5 s: how long
  past the 0.5 s it returned.
- shutdown_ms: ``shutdown`` sent to a third worker (timeout 3 s; no reply ever comes) until the
  call returns.
- refused_inspect_ms / refused_command_ms: ``inspect_workers`` and ``run_command`` on a broker
  whose port refuses connections, until each fails.
- refused_check_broker_ms / refused_check_backend_ms: the connection checks against a port
  that refuses, until each says unreachable.
- management_deadline_over_ms: RabbitMQ's management API answering a byte every 0.1 s and never
  finishing (its body, or its headers): how long past its 1 s deadline ``fetch_queues`` gave
  up, the slower of the two.

    .venv/bin/python bench/control.py [--rounds 5] [--quick]

--quick: one round of each.
"""

from __future__ import annotations

import argparse
import asyncio
import http.server
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.targets import TARGETS, as_json, target  # noqa: E402
from desktop.core.cluster.celery_app import build_console_app  # noqa: E402
from desktop.core.cluster.client import ClusterClient  # noqa: E402
from desktop.core.cluster.control import WorkerCommand, run_command  # noqa: E402
from desktop.core.cluster.inspection import inspect, inspect_workers  # noqa: E402
from desktop.core.cluster.rabbitmq import ManagementError, ManagementRequest, fetch_queues  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.runtime import demo  # noqa: E402

BROKER_DB, BACKEND_DB = 10, 11
METHODS = ("stats", "registered", "active_queues", "active", "reserved", "scheduled", "revoked", "conf")
SILENT_TIMEOUT, COMMAND_TIMEOUT, DEADLINE = 1.0, 0.5, 1.0


class Cluster:
    def __init__(self, server: demo.RedisServer, logdir: Path) -> None:
        self.logdir = logdir
        self.broker, self.backend = server.url(BROKER_DB), server.url(BACKEND_DB)
        suffix = uuid.uuid4().hex[:6]
        self.hosts = [f"bench-ctl-{name}-{suffix}@127.0.0.1" for name in ("a", "b")]
        self.workers = [self.worker(host) for host in self.hosts]
        self.profile = ConnectionProfile(broker_url=self.broker, backend_url=self.backend)
        self.app = build_console_app(self.profile)

    def worker(self, hostname: str) -> demo.WorkerProcess:
        return demo.WorkerProcess(
            self.broker,
            self.backend,
            hostname=hostname,
            concurrency=1,
            logfile=self.logdir / f"{hostname.split('@')[0]}.log",
        )

    def start(self) -> None:
        for worker in self.workers:
            worker.start()
        demo.wait_for_workers(self.broker, 2, timeout=60, procs=self.workers)

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.app.close()


def checked(result, what: str):
    if not result.ok:
        raise RuntimeError(f"{what}: {result}")
    return result


def reply_figures(cluster: Cluster) -> dict:
    app, both = cluster.app, cluster.hosts
    expected = checked(inspect(app, "ping", expected=both, timeout=3.0), "inspect ping").elapsed_ms
    methods = max(checked(inspect(app, m, expected=both, timeout=3.0), f"inspect {m}").elapsed_ms for m in METHODS)
    command = max(
        checked(run_command(app, WorkerCommand.of(name), None, expected=both, timeout=3.0), name).elapsed_ms
        for name in ("disable_events", "enable_events")
    )
    client = ClusterClient(app, cluster.profile, timeout=5.0)
    try:
        result = asyncio.run(inspect_workers(client, "ping", expected=both, timeout=3.0))
    finally:
        client.close()
    checked(result, "inspect_workers ping")
    return {
        "inspect_expected_ms": expected,
        "inspect_methods_ms": methods,
        "command_expected_ms": command,
        "async_inspect_ms": result.elapsed_ms,
    }


def silent_figures(cluster: Cluster) -> dict:
    frozen, answering = cluster.workers[0], cluster.hosts[1]
    group = os.getpgid(frozen.proc.pid)
    os.killpg(group, signal.SIGSTOP)
    try:
        result = inspect(cluster.app, "ping", expected=cluster.hosts, timeout=SILENT_TIMEOUT)
        command = run_command(cluster.app, WorkerCommand.of("ping"), [cluster.hosts[0]], timeout=COMMAND_TIMEOUT)
    finally:
        os.killpg(group, signal.SIGCONT)
    if list(result.replies) != [answering] or command.replies:
        raise RuntimeError(f"a frozen worker answered: {result.replies}, {command.replies}")
    deadline = time.monotonic() + 30
    while cluster.hosts[0] not in inspect(cluster.app, "ping", destination=[cluster.hosts[0]], timeout=1.0).replies:
        if time.monotonic() > deadline:
            raise RuntimeError("the thawed worker does not answer")
    return {
        "silent_inspect_over_ms": result.elapsed_ms - SILENT_TIMEOUT * 1000,
        "silent_command_over_ms": command.elapsed_ms - COMMAND_TIMEOUT * 1000,
    }


def shutdown_ms(cluster: Cluster) -> float:
    hostname = f"bench-ctl-doomed-{uuid.uuid4().hex[:6]}@127.0.0.1"
    worker = cluster.worker(hostname)
    worker.start()
    try:
        deadline = time.monotonic() + 60
        while hostname not in inspect(cluster.app, "ping", destination=[hostname], timeout=1.0).replies:
            if worker.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{hostname} did not start:\n{worker.log_tail()}")
        result = run_command(cluster.app, WorkerCommand.of("shutdown"), [hostname], timeout=3.0)
        if result.error or result.replies:
            raise RuntimeError(f"shutdown: {result}")
        worker.proc.wait(30)
        return result.elapsed_ms
    finally:
        worker.stop()


def refused_figures() -> dict:
    holder = socket.socket()  # bound, never listening: every connection to it is refused
    holder.bind(("127.0.0.1", 0))
    url = f"redis://:bench-pw@127.0.0.1:{holder.getsockname()[1]}"
    profile = ConnectionProfile(broker_url=f"{url}/8", backend_url=f"{url}/9")
    app = build_console_app(profile)
    client = ClusterClient(app, profile, timeout=5.0)

    def timed(call) -> tuple[float, object]:
        started = time.monotonic()
        value = call()
        return (time.monotonic() - started) * 1000, value

    try:
        inspect_ms, result = timed(lambda: asyncio.run(inspect_workers(client, "ping", expected=["x@h"], timeout=1.0)))
        command_ms, command = timed(lambda: run_command(app, WorkerCommand.of("enable_events"), ["x@h"], timeout=1.0))
        broker_ms, broker = timed(lambda: asyncio.run(client.check_broker()))
        backend_ms, backend = timed(lambda: asyncio.run(client.check_backend()))
    finally:
        client.close()
        app.close()
        holder.close()
    if not (result.error and command.error and not broker.ok and not backend.ok):
        raise RuntimeError(f"a refused broker was not an error: {result.error!r} {command.error!r} {broker} {backend}")
    return {
        "refused_inspect_ms": inspect_ms,
        "refused_command_ms": command_ms,
        "refused_check_broker_ms": broker_ms,
        "refused_check_backend_ms": backend_ms,
    }


def management_deadline_over_ms() -> float:
    """fetch_queues against a server that trickles its body, then one that trickles its headers."""
    stop = threading.Event()

    class Trickle(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            try:
                if self.path.endswith("/headers"):
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b"[")
                while not stop.wait(0.1):
                    self.wfile.write(b"X-Slow: 1\r\n" if self.path.endswith("/headers") else b" ")
                    self.wfile.flush()
            except OSError:
                pass

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    over = []
    try:
        for path in ("/api/queues/%2F", "/api/queues/%2F/headers"):
            request = ManagementRequest(f"http://127.0.0.1:{server.server_address[1]}{path}", None)
            started = time.monotonic()
            try:
                fetch_queues(request, timeout=0.5, deadline=DEADLINE)
            except ManagementError as exc:
                if f"no complete answer in {DEADLINE:g} s" not in str(exc):
                    raise
            else:
                raise RuntimeError("a trickling management API was read to its end")
            over.append((time.monotonic() - started - DEADLINE) * 1000)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
    return max(over)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one round of each")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(rounds=1)
        args = parser.parse_args()

    samples: dict[str, list[float]] = {t.figure: [] for t in TARGETS["control"]}

    def add(figures: dict) -> None:
        for name, value in figures.items():
            samples[name].append(value)

    server = demo.RedisServer()
    server.start()
    cluster = None
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-control-") as logdir:
        try:
            cluster = Cluster(server, Path(logdir))
            cluster.start()
            for _ in range(args.rounds):
                add(reply_figures(cluster))
                add(silent_figures(cluster))
                add({"shutdown_ms": shutdown_ms(cluster)})
                add(refused_figures())
                add({"management_deadline_over_ms": management_deadline_over_ms()})
        finally:
            if cluster is not None:
                cluster.stop()
            server.stop()

    figures = {name: round(max(values), 1) for name, values in samples.items()}
    for t in TARGETS["control"]:
        values = ", ".join(f"{v:,.0f}" for v in samples[t.figure])
        print(
            f"{t.figure:28s} {figures[t.figure]:9,.1f} ms  target {t.text():12s} {'met' if t.met(figures[t.figure]) else 'MISSED'}"
            f"  ({t.what}; runs: {values})"
        )
    met = all(target("control", name).met(value) for name, value in figures.items())
    print(
        json.dumps(
            {"bench": "control", "unit": "ms", "rounds": args.rounds, **figures, "targets": as_json("control"), "target_met": met}
        )
    )


if __name__ == "__main__":
    main()
