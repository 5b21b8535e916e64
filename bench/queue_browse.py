"""The queue browser on a 100,000-message Redis queue: a page read with LRANGE windows against loading the queue.

A private redis-server; one real ``send_task`` of an order task (Celery's protocol 2 headers,
JSON body, kombu's envelope) is the template, and --messages copies of it, each with its own id,
root id, args and kwargs (and argsrepr), are LPUSHed in pipelines to the ``celery`` list, so the
queue holds what a busy producer leaves behind (about 1.2 KB a message). A few messages sent
with priorities 3, 6 and 9 wait in kombu's priority sub-queues, after the whole default list in
the order workers take them. Measured, median of --runs runs each (the first call, which opens
the app's kept connection, is timed apart):

- first page: ``browse_redis(app, "celery")``, the 200 messages workers take next, read and
  decoded (LLEN of every priority step, one LRANGE window);
- deep page: the 200 from place 99,800; boundary page: 200 across the end of the default list
  and the priority sub-queues;
- load all: what a tool that loads the queue does: ``LRANGE 0 -1`` of every list, every payload
  read (the same ``read_envelope``); reported with the LRANGE alone and as a ratio to the first page;
- filtered scan: a filter that matches nothing, so every message is read (chunks of 2,000),
  in messages a second;
- unacked: --unacked entries in kombu's ``unacked`` hash (tag -> JSON ``[message, exchange,
  routing_key]``) and ``unacked_index`` sorted set (tag -> delivery time), as a worker's
  ``basic_consume`` with ack emulation leaves them, read by ``unacked_redis``.

    .venv/bin/python bench/queue_browse.py [--messages 100000] [--runs 7] [--quick]

--quick: the same queue, fewer runs (5 for pages, 1 for the whole-queue reads). Held to its targets in
bench/targets.py (the first page, the filtered scan's messages a second); bench/check.py runs it.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from celery import Celery  # noqa: E402

from bench.targets import TARGETS  # noqa: E402
from desktop.core.cluster.queue_browser import PAGE, browse_redis, unacked_redis  # noqa: E402
from desktop.core.cluster.queues import _priority_keys  # noqa: E402
from desktop.core.domain.payloads import result_accept  # noqa: E402
from desktop.core.domain.queued_messages import MessageFilter, read_envelope  # noqa: E402
from desktop.core.runtime.demo import RedisServer  # noqa: E402

QUEUE = "celery"
DEEP_OFFSET = 99_800
PRIORITY_SENDS = {3: 10, 6: 10, 9: 10}  # priority -> messages sent with it
GOALS = TARGETS["queue_browse"]  # bench/targets.py
EMBED = {"callbacks": None, "errbacks": None, "chain": None, "chord": None}
CITIES = ("Lyon", "Porto", "Gdansk", "Leeds", "Turin", "Ghent", "Bilbao", "Graz")


def order(n: int) -> tuple[list, dict]:
    """The arguments of order n: an order id, lines of SKUs and quantities, a customer, a city."""
    lines = [
        {"sku": f"SKU-{(n * 7 + i) % 9973:05d}", "qty": 1 + (n + i) % 5, "unit_price": round(3.5 + (n % 97) * 1.25, 2)}
        for i in range(3)
    ]
    kwargs = {
        "customer": {
            "id": f"cus_{n * 31 % 100_003:06d}",
            "email": f"buyer{n}@example.com",
            "tier": ("gold", "silver", "std")[n % 3],
        },
        "ship_to": CITIES[n % len(CITIES)],
        "express": n % 4 == 0,
        "requested_at": f"2026-03-01T{(n // 3600) % 24:02d}:{(n // 60) % 60:02d}:{n % 60:02d}+00:00",
    }
    return [f"ORD-{n:07d}", lines], kwargs


def fill(app: Celery, raw: redis.Redis, count: int) -> tuple[float, int]:
    """LPUSH ``count`` copies of one real send (distinct ids and args); then the priority sends. (seconds, bytes a message)."""
    args, kwargs = order(0)
    app.send_task("orders.place", args=args, kwargs=kwargs)
    template = json.loads(raw.rpop(QUEUE))
    started = time.perf_counter()
    size = 0
    with raw.pipeline(transaction=False) as pipe:
        for n in range(count):
            args, kwargs = order(n)
            task_id = f"{uuid.UUID(int=n)}"
            headers = {
                **template["headers"],
                "id": task_id,
                "root_id": task_id,
                "argsrepr": repr(tuple(args)),
                "kwargsrepr": repr(kwargs),
            }
            properties = {**template["properties"], "correlation_id": task_id, "delivery_tag": str(uuid.uuid4())}
            body = base64.b64encode(json.dumps([args, kwargs, EMBED]).encode()).decode()
            payload = json.dumps({**template, "headers": headers, "properties": properties, "body": body})
            size = len(payload)
            pipe.lpush(QUEUE, payload)
            if n % 5000 == 4999:
                pipe.execute()
        pipe.execute()
    with app.producer_or_acquire() as producer:
        for priority, sends in PRIORITY_SENDS.items():
            for i in range(sends):
                args, kwargs = order(count + priority * 100 + i)
                app.send_task("orders.place", args=args, kwargs=kwargs, priority=priority, producer=producer)
    return time.perf_counter() - started, size


def fill_unacked(raw: redis.Redis, count: int) -> None:
    """``count`` messages held by a worker, as kombu's QoS.append writes them (hash entry, then index score)."""
    template = json.loads(raw.lindex(QUEUE, -1))
    now = time.time()
    with raw.pipeline(transaction=False) as pipe:
        for n in range(count):
            tag = str(uuid.uuid4())
            message = {**template, "headers": {**template["headers"], "id": f"held-{n:05d}"}}
            message["properties"] = {**template["properties"], "delivery_tag": tag}
            pipe.zadd("unacked_index", {tag: now - count + n})
            pipe.hset("unacked", tag, json.dumps([message, "", QUEUE]))
        pipe.execute()


def timed(call, runs: int) -> tuple[float, list[float], object]:
    """(median ms, every run's ms, the last result)."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), times, result


def load_all(app: Celery, raw: redis.Redis) -> tuple[float, int]:
    """What a tool that loads the queue does: every list whole (LRANGE 0 -1), every payload read. (LRANGE ms, rows)."""
    with app.connection_for_read() as conn:
        keys = [key for _step, key in _priority_keys(conn.default_channel, QUEUE)]
    accept = result_accept(False)
    started = time.perf_counter()
    lists = [raw.lrange(key, 0, -1) for key in keys]
    fetched = (time.perf_counter() - started) * 1000
    rows = [
        read_envelope(payload, QUEUE, accept=accept, key=key)
        for key, items in zip(keys, lists, strict=True)
        for payload in reversed(items)
    ]
    return fetched, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7, help="runs of each page read (median)")
    parser.add_argument("--whole-runs", type=int, default=3, help="runs of the whole-queue reads: load all, filtered scan")
    parser.add_argument("--unacked", type=int, default=2_000, help="entries in the unacked hash")
    parser.add_argument("--quick", action="store_true", help="the same queue, 5 page runs, 1 whole-queue run")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.whole_runs = 5, 1
    deep_offset = min(DEEP_OFFSET, max(args.messages - PAGE, 0))

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; {args.messages:,} messages, page {PAGE}")
    server = RedisServer()
    server.start()
    app = Celery("bench-queue-browse", broker=server.url(0), set_as_current=False)
    app.conf.update(broker_connection_retry_on_startup=False)
    raw = redis.Redis(host="127.0.0.1", port=server.port, password=server.password, db=0)
    try:
        fill_s, size = fill(app, raw, args.messages)
        fill_unacked(raw, args.unacked)
        memory = raw.info("memory")["used_memory"] / 1e6
        total = args.messages + sum(PRIORITY_SENDS.values())
        print(
            f"filled {args.messages:,} messages of {size:,} bytes in {fill_s:.1f} s, {total - args.messages} in priority sub-queues;"
        )
        print(f"  {args.unacked:,} unacked entries; redis-server holds {memory:.0f} MB")

        started = time.perf_counter()
        browse_redis(app, QUEUE)
        connect_ms = (time.perf_counter() - started) * 1000
        first_ms, first_runs, first = timed(lambda: browse_redis(app, QUEUE), args.runs)
        deep_ms, _, deep = timed(lambda: browse_redis(app, QUEUE, offset=deep_offset), args.runs)
        edge = max(args.messages - PAGE // 2, 0)
        edge_ms, _, boundary = timed(lambda: browse_redis(app, QUEUE, offset=edge), args.runs)
        checks = {
            "first_page": first.total == total
            and len(first.messages) == PAGE
            and first.messages[0].id == str(uuid.UUID(int=0))
            and first.messages[-1].id == str(uuid.UUID(int=PAGE - 1))
            and not any(m.error for m in first.messages),
            "deep_page": [m.position for m in deep.messages] == list(range(deep_offset, deep_offset + PAGE))
            and deep.messages[0].id == str(uuid.UUID(int=deep_offset)),
            "boundary_page": len({m.key for m in boundary.messages}) > 1 and len(boundary.messages) == min(PAGE, total - edge),
        }
        print(
            f"first page:    {first_ms:7.1f} ms median of {args.runs} (runs {', '.join(f'{t:.1f}' for t in first_runs)}; first call, connecting: {connect_ms:.1f} ms)"
        )
        print(f"deep page:     {deep_ms:7.1f} ms (offset {deep_offset:,})")
        print(f"boundary page: {edge_ms:7.1f} ms (offset {edge:,}: the end of the default list and the priority sub-queues)")

        load_ms, load_runs, (lrange_ms, loaded) = timed(lambda: load_all(app, raw), args.whole_runs)
        vs_first = load_ms / first_ms
        checks["load_all"] = loaded == total
        print(
            f"load all:      {load_ms:7.0f} ms (LRANGE 0 -1 alone {lrange_ms:.0f} ms, then {loaded:,} payloads read): {vs_first:,.0f} x the first page"
        )

        nothing = MessageFilter(text="no message holds this text")
        scan_ms, _, scanned = timed(lambda: browse_redis(app, QUEUE, message_filter=nothing), args.whole_runs)
        scan_rate = scanned.scanned / (scan_ms / 1000)
        checks["scan"] = scanned.scanned == total and not scanned.messages
        found_ms, _, found = timed(
            lambda: browse_redis(app, QUEUE, message_filter=MessageFilter(id=str(uuid.UUID(int=77_777)))), args.whole_runs
        )
        checks["scan_finds"] = [m.position for m in found.messages] == [77_777]
        print(f"filtered scan: {scan_ms:7.0f} ms for {scanned.scanned:,} messages, none matching: {scan_rate:,.0f} messages/s")
        print(f"  a filter by one id (found at place 77,777, then read to the end): {found_ms:.0f} ms")

        unacked_ms, _, (rows, count, _note) = timed(lambda: unacked_redis(app, limit=args.unacked), args.runs)
        checks["unacked"] = count == args.unacked and len(rows) == args.unacked and all(r.restore_at for r in rows)
        print(f"unacked:       {unacked_ms:7.1f} ms for {len(rows):,} held messages (HMGET of the oldest by the index)")
    finally:
        raw.close()
        app.close()
        server.stop()

    figures = {
        "messages": total,
        "message_bytes": size,
        "first_page_ms": round(first_ms, 2),
        "first_call_ms": round(connect_ms, 2),
        "deep_page_ms": round(deep_ms, 2),
        "boundary_page_ms": round(edge_ms, 2),
        "load_all_ms": round(load_ms, 1),
        "load_all_lrange_ms": round(lrange_ms, 1),
        "load_all_vs_first_page": round(vs_first, 1),
        "scan_ms": round(scan_ms, 1),
        "scan_msgs_per_s": round(scan_rate),
        "scan_by_id_ms": round(found_ms, 1),
        "unacked_ms": round(unacked_ms, 2),
        "unacked_rows": len(rows),
        "fill_s": round(fill_s, 1),
        "checks": checks,
    }
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        print(f"CHECKS FAILED: {', '.join(failed)}")
    for goal in GOALS:
        value = figures.get(goal.figure)
        print(f"{goal.what}: {value:,} {goal.unit} ({goal.text()}: {'met' if goal.met(value) else 'MISSED'})")
    print(
        json.dumps(
            {
                "bench": "queue_browse",
                **figures,
                "load_all_runs_ms": [round(t) for t in load_runs],
                "targets": {g.figure: g.text() for g in GOALS},
            }
        )
    )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
