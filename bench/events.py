"""Event store: EventStore.apply against celery.events.state.State, speed, memory per task, the bound.

The stream is synthetic but shaped like a busy cluster's: --tasks tasks (default 100,000) over
--workers workers (default 8), sent by a few clients, 500 tasks a second of stream time. Each
task gets task-sent, task-received, task-started and then task-succeeded (88 %), task-failed
(8 %, with a ~1.5 KB traceback), or task-retried and a second received/started/succeeded (4 %).
Argsrepr, kwargsrepr and result repr look like a real app's; 10 % are subtasks (parent_id,
root_id), 5 % have an ETA. Every worker sends worker-online and then a heartbeat every 2 s.
Events are ordered by arrival (local_received), and for 2 % of the tasks the final event
arrives before task-started. Every event is a fresh dict from json.loads of its own message
(as EventReceiver hands them over), so no string is shared between events unless Celery would
share it.

Measured, each in its own fresh subprocess (no shared heap, no warm caches):
- speed: the same pre-decoded stream through ``EventStore.apply`` in batches of --batch
  events, and through ``State(max_tasks_in_memory=N).event(ev)`` one event at a time (both
  hold every task); events/s, best of --repeat passes, and the ratio.
- memory: tracemalloc's traced bytes held after the stream went through (events decoded and
  fed chunk by chunk, so only what the store keeps is counted), divided by the tasks held;
  the RSS growth is shown next to it.
- bound: 3 x N tasks through EventStore(max_tasks=N); RSS after each N.

    .venv/bin/python bench/events.py [--tasks 100000] [--batch 500] [--repeat 2] [--quick]

--quick: 20,000 tasks, one timed pass each (half a minute instead of three).
"""

from __future__ import annotations

import argparse
import gc
import json
import marshal
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from celery.events.state import State  # noqa: E402

from bench.targets import as_json, limit  # noqa: E402
from desktop.core.domain.events import EventStore  # noqa: E402

TARGET_SPEEDUP, TARGET_KB_PER_TASK = limit("events", "results.speedup"), limit("events", "results.store_kb_per_task")
TASKS_PER_SECOND = 500.0
HEARTBEAT_SECONDS = 2.0
CHUNK_TASKS = 2_000
T0 = 1_795_600_000.0

TASK_NAMES = (
    "orders.place_order",
    "orders.cancel_order",
    "billing.charge_card",
    "billing.refund",
    "inventory.reserve",
    "inventory.release",
    "mail.send_receipt",
    "mail.send_newsletter",
    "reports.daily_summary",
    "search.reindex_product",
    "images.make_thumbnail",
    "sync.push_to_erp",
)
TRACEBACK_FRAME = (
    '  File "/srv/app/orders/service.py", line {line}, in place_order\n    reservation = inventory.reserve(sku, qty)\n'
)


def traceback_text(rng: random.Random, sku: str) -> str:
    frames = "".join(TRACEBACK_FRAME.format(line=rng.randint(100, 999)) for _ in range(14))
    return (
        "Traceback (most recent call last):\n"
        + frames
        + f"orders.errors.InventoryError: cannot reserve 3 x {sku}: only 0 left in stock\n"
    )


class StreamMaker:
    """Deterministic event messages (as JSON text) for tasks ``start .. stop``, in arrival order."""

    def __init__(self, workers: int = 8, seed: int = 7):
        self.rng = random.Random(seed)
        self.workers = [(f"celery@worker-{i}.prod", 4000 + i) for i in range(workers)]
        self.clients = [(f"gen{i}@web-{i}.prod", 9000 + i) for i in range(3)]
        self.recent: list[tuple[str, str]] = []  # (id, root id) of recent tasks, for subtasks
        self.clock = 0
        self.next_heartbeat = T0
        self.processed = {host: 0 for host, _ in self.workers}

    def _event(self, kind: str, host: str, pid: int, timestamp: float, latency: float, **fields) -> tuple[float, str]:
        self.clock += 1
        body = {"hostname": host, "utcoffset": 0, "pid": pid, "clock": self.clock, **fields, "timestamp": timestamp, "type": kind}
        body["local_received"] = timestamp + latency
        return body["local_received"], json.dumps(body)

    def _worker_event(self, kind: str, host: str, pid: int, at: float) -> tuple[float, str]:
        return self._event(
            kind,
            host,
            pid,
            at,
            0.002,
            freq=HEARTBEAT_SECONDS,
            sw_ident="py-celery",
            sw_ver="5.7.0",
            sw_sys="Linux",
            active=self.rng.randint(0, 8),
            processed=self.processed[host],
            loadavg=[round(self.rng.uniform(0, 4), 2) for _ in range(3)],
        )

    def heartbeats(self, until: float) -> list[tuple[float, str]]:
        out = []
        while self.next_heartbeat <= until:
            for host, pid in self.workers:
                out.append(self._worker_event("worker-heartbeat", host, pid, self.next_heartbeat + self.rng.uniform(0, 0.5)))
            self.next_heartbeat += HEARTBEAT_SECONDS
        return out

    def chunk(self, start: int, stop: int) -> list[str]:
        rng, events = self.rng, []
        for i in range(start, stop):
            task_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            name = TASK_NAMES[i % len(TASK_NAMES)]
            client, client_pid = self.clients[i % len(self.clients)]
            worker, worker_pid = self.workers[rng.randrange(len(self.workers))]
            sent = T0 + i / TASKS_PER_SECOND
            root_id, parent_id = task_id, None
            if self.recent and rng.random() < 0.10:
                parent_id, root_id = rng.choice(self.recent)
            self.recent.append((task_id, root_id))
            if len(self.recent) > 100:
                del self.recent[:50]
            sku = f"SKU-{rng.randint(1, 99999)}"
            order = rng.randint(10_000, 9_999_999)
            eta = None
            if rng.random() < 0.05:
                eta = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sent + 30)) + ".000000+00:00"
            call = {
                "uuid": task_id,
                "name": name,
                "args": f"({order}, '{sku}')",
                "kwargs": f"{{'quantity': {rng.randint(1, 9)}, 'priority': 'normal'}}",
                "retries": 0,
                "eta": eta,
                "expires": None,
                "root_id": root_id,
                "parent_id": parent_id,
            }
            delay = 30.0 if eta else 0.0
            task_events = [
                self._event(
                    "task-sent", client, client_pid, sent, 0.001, queue="celery", exchange="", routing_key="celery", **call
                ),
            ]
            roll = rng.random()
            attempts = 2 if roll >= 0.96 else 1
            at = sent + delay + 0.002
            for attempt in range(attempts):
                received, started = at, at + 0.001
                runtime = rng.lognormvariate(-3.5, 1.0)
                done = started + runtime
                task_events.append(
                    self._event("task-received", worker, worker_pid, received, 0.001, **{**call, "retries": attempt})
                )
                task_events.append(self._event("task-started", worker, worker_pid, started, 0.001, uuid=task_id))
                if attempts == 2 and attempt == 0:
                    exc = f"ConnectionError('upstream not ready (attempt {attempt + 1})')"
                    task_events.append(
                        self._event(
                            "task-retried",
                            worker,
                            worker_pid,
                            done,
                            0.001,
                            uuid=task_id,
                            exception=exc,
                            traceback=traceback_text(rng, sku),
                        )
                    )
                    at = done + 1.0
                elif roll < 0.88 or attempts == 2:
                    result = f"{{'order': {order}, 'status': 'placed', 'total': {rng.randint(1, 99999) / 100}}}"
                    task_events.append(
                        self._event(
                            "task-succeeded", worker, worker_pid, done, 0.001, uuid=task_id, result=result, runtime=runtime
                        )
                    )
                else:
                    exc = f"InventoryError('cannot reserve 3 x {sku}: only 0 left in stock')"
                    task_events.append(
                        self._event(
                            "task-failed",
                            worker,
                            worker_pid,
                            done,
                            0.001,
                            uuid=task_id,
                            exception=exc,
                            traceback=traceback_text(rng, sku),
                        )
                    )
                self.processed[worker] += 1
            if rng.random() < 0.02:  # the final event overtakes task-started (two event consumers, a slow broker)
                final = task_events[-1]
                task_events[-1] = (task_events[-2][0] - 0.0005, final[1])
            events.extend(task_events)
        last = T0 + stop / TASKS_PER_SECOND
        events.extend(self.heartbeats(last))
        events.sort(key=lambda pair: pair[0])
        return [text for _, text in events]

    def texts(self, tasks: int) -> list[list[str]]:
        """The stream as JSON messages, a chunk of CHUNK_TASKS tasks at a time (worker-online first)."""
        online = [self._worker_event("worker-online", host, pid, T0)[1] for host, pid in self.workers]
        return [online] + [self.chunk(start, min(tasks, start + CHUNK_TASKS)) for start in range(0, tasks, CHUNK_TASKS)]


def decoded(chunk: list[str], rename: str = "") -> list[dict]:
    """Fresh dicts as EventReceiver hands them over; ``rename`` makes every task id a new one."""
    events = [json.loads(text) for text in chunk]
    if rename:
        for ev in events:
            for key in ("uuid", "root_id", "parent_id"):
                if ev.get(key):
                    ev[key] = rename + ev[key][1:]
    return events


def feeder(impl: str, tasks: int, batch: int):
    """(object that holds the state, function feeding it one list of events)."""
    if impl == "store":
        store = EventStore(max_tasks=tasks)

        def feed(events: list[dict]) -> None:
            for i in range(0, len(events), batch):
                store.apply(events[i : i + batch])

        return store, feed
    state = State(max_tasks_in_memory=tasks)
    event = state.event

    def feed(events: list[dict]) -> None:
        for ev in events:
            event(ev)

    return state, feed


def held_tasks(impl: str, obj) -> int:
    return len(obj) if impl == "store" else len(obj.tasks)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def load_texts(path: str) -> list[list[str]]:
    with open(path, "rb") as f:
        return marshal.load(f)


def child_speed(impl: str, path: str, tasks: int, batch: int, repeat: int) -> dict:
    events = [ev for chunk in load_texts(path) for ev in decoded(chunk)]
    best = None
    for _ in range(repeat):
        copies = [dict(ev) for ev in events]  # State writes into the dicts it is given
        obj, feed = feeder(impl, tasks, batch)
        gc.collect()
        started = time.perf_counter()
        feed(copies)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        held = held_tasks(impl, obj)
        del obj, feed, copies
    return {"events": len(events), "seconds": best, "events_per_s": len(events) / best, "tasks_held": held}


def child_memory(impl: str, path: str, tasks: int, batch: int) -> dict:
    """Bytes the store keeps: traced with tracemalloc (exact, no allocator slack)."""
    texts = load_texts(path)
    gc.collect()
    tracemalloc.start()
    obj, feed = feeder(impl, tasks, batch)
    before = tracemalloc.get_traced_memory()[0]
    for chunk in texts:
        feed(decoded(chunk))
    gc.collect()
    held_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    held = held_tasks(impl, obj)
    return {"tasks_held": held, "traced_bytes": held_bytes, "kb_per_task": held_bytes / held / 1024}


def child_rss(impl: str, path: str, tasks: int, batch: int) -> dict:
    """RSS growth while the stream goes through: what the process really pays, slack included."""
    texts = load_texts(path)
    obj, feed = feeder(impl, tasks, batch)
    gc.collect()
    before = rss_bytes()
    for chunk in texts:
        feed(decoded(chunk))
    gc.collect()
    held = held_tasks(impl, obj)
    return {"tasks_held": held, "rss_bytes": rss_bytes() - before, "kb_per_task": (rss_bytes() - before) / held / 1024}


def child_bound(path: str, tasks: int, batch: int, rounds: int = 3) -> dict:
    """The same stream ``rounds`` times, every round with new task ids, into EventStore(max_tasks=tasks)."""
    texts = load_texts(path)
    store, feed = feeder("store", tasks, batch)
    gc.collect()
    points, start = [], rss_bytes()
    for round_ in range(rounds):
        for chunk in texts:
            feed(decoded(chunk, rename="0123456789abcdef"[round_] if round_ else ""))
        gc.collect()
        points.append({"tasks_fed": (round_ + 1) * tasks, "held": len(store), "rss_mb": rss_bytes() / 1e6})
    ready = sum(1 for t in store.tasks() if t.ready)
    return {"start_rss_mb": start / 1e6, "points": points, "held_ready": ready}


def run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500, help="events per EventStore.apply call")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes per implementation (best counts)")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="20,000 tasks, one timed pass")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(tasks=20_000, repeat=1)
        args = parser.parse_args()

    if args.child:
        kind, path, impl = args.child[0], args.child[1], args.child[2] if len(args.child) > 2 else ""
        if kind == "speed":
            out = child_speed(impl, path, args.tasks, args.batch, args.repeat)
        elif kind == "memory":
            out = child_memory(impl, path, args.tasks, args.batch)
        elif kind == "rss":
            out = child_rss(impl, path, args.tasks, args.batch)
        else:
            out = child_bound(path, args.tasks, args.batch)
        print(json.dumps(out))
        return

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; {args.tasks:,} tasks, {args.workers} workers, batch {args.batch}"
    )
    started = time.perf_counter()
    texts = StreamMaker(args.workers).texts(args.tasks)
    counts: dict[str, int] = {}
    for chunk in texts:
        for text in chunk:
            kind = text[text.rindex('"type": "') + 9 :].partition('"')[0]
            counts[kind] = counts.get(kind, 0) + 1
    print(f"stream of {sum(counts.values()):,} events made in {time.perf_counter() - started:.1f} s: {counts}")
    fd, path = tempfile.mkstemp(prefix="bench-events-", suffix=".marshal")
    try:
        with os.fdopen(fd, "wb") as f:
            marshal.dump(texts, f)
        del texts
        common = ["--tasks", str(args.tasks), "--batch", str(args.batch), "--repeat", str(args.repeat)]
        speed = {impl: run_child("speed", path, impl, *common) for impl in ("store", "state")}
        ratio = speed["store"]["events_per_s"] / speed["state"]["events_per_s"]
        print(f"\nspeed ({speed['store']['events']:,} events, best of {args.repeat}, each in a fresh process)")
        for impl, label in (("store", f"EventStore.apply({args.batch})"), ("state", "State.event")):
            row = speed[impl]
            print(f"  {label:22} {row['events_per_s']:>9,.0f} events/s  {row['seconds']:6.2f} s  ({row['tasks_held']:,} held)")
        print(f"  ratio                  {ratio:9.2f} x")

        memory = {impl: run_child("memory", path, impl, *common) for impl in ("store", "state")}
        rss = {impl: run_child("rss", path, impl, *common) for impl in ("store", "state")}
        print("\nmemory per task held (fresh process each: tracemalloc bytes kept; RSS growth, allocator slack included)")
        for impl, label in (("store", "EventStore"), ("state", "State")):
            row = memory[impl]
            print(
                f"  {label:12} {row['kb_per_task']:5.2f} KB/task traced ({row['traced_bytes'] / 1e6:5.1f} MB), "
                f"{rss[impl]['kb_per_task']:5.2f} KB/task RSS  ({row['tasks_held']:,} tasks)"
            )

        bound = run_child("bound", path, *common)
    finally:
        os.unlink(path)
    print(f"\nbound: {3 * args.tasks:,} tasks (the stream 3 times, new ids each time) into EventStore(max_tasks={args.tasks:,})")
    print(f"  before: RSS {bound['start_rss_mb']:6.1f} MB")
    for point in bound["points"]:
        print(f"  after {point['tasks_fed']:>9,} tasks: {point['held']:,} held, RSS {point['rss_mb']:6.1f} MB")
    growth = bound["points"][-1]["rss_mb"] - bound["points"][0]["rss_mb"]
    print(
        f"  RSS from {args.tasks:,} to {3 * args.tasks:,} tasks: {growth:+.1f} MB; {bound['held_ready']:,} of those held are finished"
    )

    kb = memory["store"]["kb_per_task"]
    speed_ok, memory_ok = ratio >= TARGET_SPEEDUP, kb <= TARGET_KB_PER_TASK
    print(f"\ntarget >= {TARGET_SPEEDUP:g}x State's events/s: {ratio:.2f}x  {'met' if speed_ok else 'MISSED'}")
    print(f"target <= {TARGET_KB_PER_TASK:g} KB per task: {kb:.2f} KB  {'met' if memory_ok else 'MISSED'}")
    results = {
        "events": speed["store"]["events"],
        "tasks": args.tasks,
        "batch": args.batch,
        "store_events_per_s": round(speed["store"]["events_per_s"]),
        "state_events_per_s": round(speed["state"]["events_per_s"]),
        "speedup": round(ratio, 2),
        "store_kb_per_task": round(kb, 3),
        "state_kb_per_task": round(memory["state"]["kb_per_task"], 3),
        "store_rss_kb_per_task": round(rss["store"]["kb_per_task"], 3),
        "state_rss_kb_per_task": round(rss["state"]["kb_per_task"], 3),
        "bound_rss_mb": [round(p["rss_mb"], 1) for p in bound["points"]],
        "bound_held": [p["held"] for p in bound["points"]],
        "speed_target_met": speed_ok,
        "memory_target_met": memory_ok,
    }
    print(json.dumps({"bench": "events", "results": results, "targets": as_json("events")}))


if __name__ == "__main__":
    main()
