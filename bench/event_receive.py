"""Receiving events off a Redis broker: the console's RedisEventFeed against kombu's consumer, CPU an event.

A private redis-server; a publisher process sends --events task and worker events (the stream
of bench/events.py: realistic args, results, tracebacks, heartbeats), each as Celery's
EventDispatcher publishes it (kombu's Producer, JSON, on the ``celeryev`` exchange, routing key
from the type), at --rate events a second. The console's EventStream receives them in this
process, once reading Redis directly (what the console does) and once through kombu's consumer
(``read_redis_directly=False``: ``celery.events.EventReceiver``, what Flower and the console
before it use), in alternating order over --rounds rounds. Measured: the CPU time of the
receiving thread (/proc/self/task/<tid>/stat) while the events arrive, divided by the events,
and that every event was handed over (none lost). The publisher's CPU is its own process's.

    .venv/bin/python bench/event_receive.py [--events 40000] [--rate 4000] [--rounds 2] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from celery import Celery  # noqa: E402

from bench.targets import as_json, target  # noqa: E402
from desktop.core.live.event_receiver import EventStream, StreamState  # noqa: E402
from desktop.core.runtime.demo import RedisServer  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")

PUBLISHER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from kombu import Connection, Producer
from celery.events.event import get_exchange
from bench.events import StreamMaker
url, count, rate = sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
bodies = [json.loads(text) for chunk in StreamMaker(8).texts(count // 4 + 1) for text in chunk][:count]
for body in bodies:
    body.pop("local_received", None)
with Connection(url) as conn:
    exchange = get_exchange(conn)
    producer = Producer(conn.default_channel, exchange=exchange)
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.monotonic()
    for i, body in enumerate(bodies):
        if i % 100 == 0:
            time.sleep(max(0.0, started + i / rate - time.monotonic()))
        producer.publish(body, routing_key=body["type"].replace("-", "."), serializer="json", declare=[exchange])
    print(f"sent {len(bodies)} {time.process_time():.3f}", flush=True)
"""


def thread_cpu_seconds(native_id: int) -> float:
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def events_thread() -> threading.Thread:
    return next(t for t in threading.enumerate() if t.name == "celery-desktop-events")


async def one_round(url: str, direct: bool, events: int, rate: float) -> dict:
    app = Celery("console", broker=url)
    got = [0]
    stream = EventStream(app, lambda batch: got.__setitem__(0, got[0] + len(batch)), read_redis_directly=direct)
    publisher = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, str(ROOT), url, str(events), str(rate)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert publisher.stdout.readline().strip() == "ready"
        stream.start()
        deadline = time.monotonic() + 15
        while stream.status.state is not StreamState.RECEIVING and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.5)  # kombu says "receiving" a moment before its subscription is on the server
        thread = events_thread()
        cpu_before, started = thread_cpu_seconds(thread.native_id), time.monotonic()
        publisher.stdin.write("go\n")
        publisher.stdin.flush()
        deadline = time.monotonic() + events / rate * 4 + 20
        while got[0] < events and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        cpu = thread_cpu_seconds(thread.native_id) - cpu_before
        wall = time.monotonic() - started
        sent_line = publisher.stdout.readline().split()
    finally:
        await stream.stop()
        publisher.kill()
        publisher.wait()
        app.close()
    return {
        "path": "direct" if direct else "kombu",
        "received": got[0],
        "lost": events - got[0],
        "thread_cpu_s": round(cpu, 3),
        "us_per_event": round(cpu / max(got[0], 1) * 1e6, 1),
        "wall_s": round(wall, 2),
        "publisher_cpu_s": float(sent_line[2]) if len(sent_line) == 3 else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=40_000)
    parser.add_argument("--rate", type=float, default=4_000, help="events a second the publisher sends")
    parser.add_argument("--rounds", type=int, default=2, help="rounds, each path once a round, order alternating")
    parser.add_argument("--quick", action="store_true", help="12,000 events, one round")
    parser.add_argument("--only", choices=("direct", "kombu"), help="one path only (for a profiler)")
    args = parser.parse_args()
    if args.quick:
        args.events, args.rounds = 12_000, 1

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; {args.events:,} events at {args.rate:,.0f}/s")
    server = RedisServer()
    server.start()
    rows: list[dict] = []
    try:
        for round_ in range(args.rounds):
            for direct in (True, False) if round_ % 2 == 0 else (False, True):
                if args.only and args.only != ("direct" if direct else "kombu"):
                    continue
                row = asyncio.run(one_round(server.url(0), direct, args.events, args.rate))
                rows.append(row)
                print(
                    f"  {row['path']:>6}: {row['us_per_event']:7.1f} us an event on the receiving thread "
                    f"({row['thread_cpu_s']:.2f} s CPU for {row['received']:,} events, {row['lost']} lost, "
                    f"{row['wall_s']:.1f} s; publisher {row['publisher_cpu_s']} s CPU)"
                )
    finally:
        server.stop()
    direct_us = statistics.median([r["us_per_event"] for r in rows if r["path"] == "direct"] or [0])
    kombu_us = statistics.median([r["us_per_event"] for r in rows if r["path"] == "kombu"] or [0])
    figures = {
        "direct_us_per_event": direct_us,
        "kombu_us_per_event": kombu_us,
        "vs_kombu": round(kombu_us / direct_us, 2) if direct_us else None,
        "lost": sum(r["lost"] for r in rows),
    }
    for name in ("direct_us_per_event", "vs_kombu", "lost"):
        goal = target("event_receive", name)
        print(f"{goal.what}: {figures[name]} ({goal.text()}: {'met' if goal.met(figures[name]) else 'MISSED'})")
    print(json.dumps({"bench": "event_receive", **figures, "rounds": rows, "targets": as_json("event_receive")}))


if __name__ == "__main__":
    main()
