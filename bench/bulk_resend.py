"""A bulk re-send of 10,000 failed tasks: the loop's longest stall and the time, against sending them inline.

A private redis-server is the broker (no worker: the re-sent messages wait in a queue, and are
counted there). The console knows 10,000 failed tasks and the exact calls that were sent for them
(as after a restart, from the history). Three ways to send them all again, each measured with a
ticker on the asyncio loop (every 5 ms) that records how late it woke: the loop's longest stall is
how long the window would not answer.

- **bulk**: ``bulk_actions.plan`` + ``execute``, what Act on all matches › Re-send does: chunks of
  250 calls over one producer each, off the loop, progress after each chunk;
- **one batch**: every call in one executor call (``session.resend``): the loop is free too, but
  no progress and no Cancel until the last one is out;
- **inline**: a loop of ``app.send_task`` on the loop's thread, what a console that sends from its
  GUI thread does: the window freezes for all of it.

Also measured: how soon a Cancel stops the bulk re-send (from ``cancel()`` to its summary), and that
the broker holds exactly one message a re-send (none lost, none doubled).

    .venv/bin/python bench/bulk_resend.py [--tasks 10000] [--quick]

--quick: the same 10,000 tasks (the figure the issue names); one run of each. Its last line is one
JSON object; held to its targets in bench/targets.py by bench/check.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from bench.targets import TARGETS  # noqa: E402
from desktop.core.cluster.celery_app import build_console_app  # noqa: E402
from desktop.core.cluster.client import ClusterClient  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.domain.calls import CallSpec  # noqa: E402
from desktop.core.domain.records import TaskRecord  # noqa: E402
from desktop.core.live.bulk_actions import BulkKind, BulkTargets, Cancel, execute, plan  # noqa: E402
from desktop.core.live.session import ConsoleSession  # noqa: E402
from desktop.core.runtime.demo import RedisServer  # noqa: E402
from desktop.core.runtime.gc_pacing import CollectorPacer  # noqa: E402

QUEUE = "bulk-bench"
TICK = 0.005
GOALS = TARGETS["bulk_resend"]


class StallMeter:
    """A coroutine waking every TICK on the loop; the longest it woke late is the longest the loop was held."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task | None = None

    async def _tick(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            self.longest = max(self.longest, time.perf_counter() - before - TICK)

    async def __aenter__(self) -> StallMeter:
        self._task = asyncio.ensure_future(self._tick())
        await asyncio.sleep(0)  # ticking before what is measured starts
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._task is not None
        self._task.cancel()


def failed_tasks(count: int) -> tuple[dict[str, CallSpec], list[TaskRecord]]:
    """``count`` failed tasks and the calls sent for them (different args each, as orders are)."""
    calls, records = {}, []
    now = time.time()
    for n in range(count):
        task_id = str(uuid.uuid4())
        calls[task_id] = CallSpec(
            "shop.sync_order", args=(f"ORD-{n:06d}",), kwargs={"region": "eu", "attempt": n % 3}, queue=QUEUE, task_id=task_id
        )
        records.append(TaskRecord(id=task_id, name="shop.sync_order", state="FAILURE", sent_at=now - n, mine=True))
    return calls, records


def session_on(server: RedisServer) -> ConsoleSession:
    profile = ConnectionProfile(broker_url=server.url(0), backend_url=server.url(1))
    return ConsoleSession(ClusterClient(build_console_app(profile), profile, timeout=10.0), profile, None)


async def measure(server: RedisServer, count: int) -> dict:
    pacer = CollectorPacer()  # the collector paced as in the window (desktop/app/run.py tune_gc)
    pacer.start()
    sys.setswitchinterval(0.001)  # as the window sets it (desktop/app/run.py SWITCH_INTERVAL)
    broker = redis.Redis.from_url(server.url(0))
    session = session_on(server)
    calls, records = failed_tasks(count)
    session.calls.restore(calls)
    targets = BulkTargets("state:FAILURE name:shop.sync_order", tuple(records))
    figures: dict = {}
    try:
        await session.client.send_calls([CallSpec("shop.sync_order", queue=QUEUE)])  # the kept connection opened
        broker.delete(QUEUE)

        # bulk: what the window does
        progress = []
        async with StallMeter() as meter:
            started = time.perf_counter()
            chosen = await plan(session, BulkKind.RESEND, targets)
            summary = await execute(session, chosen, progress.append)
            bulk_s = time.perf_counter() - started
        queued = broker.llen(QUEUE)
        figures["bulk"] = {
            "seconds": round(bulk_s, 3),
            "per_second": round(count / bulk_s),
            "max_stall_ms": round(meter.longest * 1000, 1),
            "progress_updates": len(progress),
            "done": len(summary.done),
            "queued": queued,
        }
        broker.delete(QUEUE)

        # cancel: asked after the first chunk
        cancel = Cancel()
        asked: list[float] = []

        def cancel_after_first(step) -> None:
            if step.processed and not asked:
                asked.append(time.perf_counter())
                cancel()

        fresh = await plan(session, BulkKind.RESEND, targets)
        cancelled = await execute(session, fresh, cancel_after_first, cancel)
        figures["cancel"] = {
            "stopped_after_ms": round((time.perf_counter() - asked[0]) * 1000, 1),
            "done": len(cancelled.done),
            "not_done": len(cancelled.not_done),
            "queued": broker.llen(QUEUE),
        }
        broker.delete(QUEUE)

        # one batch: the loop free, but nothing to show until the end
        async with StallMeter() as meter:
            started = time.perf_counter()
            batch = await session.resend(session.resend_plan(list(calls)))
            batch_s = time.perf_counter() - started
        figures["one_batch"] = {
            "seconds": round(batch_s, 3),
            "max_stall_ms": round(meter.longest * 1000, 1),
            "done": len(batch.value or {}),
            "queued": broker.llen(QUEUE),
        }
        broker.delete(QUEUE)

        # inline: send_task on the loop's own thread
        app = session.client.app
        async with StallMeter() as meter:
            started = time.perf_counter()
            await asyncio.sleep(0)
            with app.producer_or_acquire() as producer:
                for spec in session.resend_plan(list(calls)).calls.values():
                    copy = spec.with_ids()
                    app.send_task(copy.task, producer=producer, **copy.send_task_kwargs(app))
            inline_s = time.perf_counter() - started
            await asyncio.sleep(TICK * 2)  # the ticker wakes, and sees how late
        figures["inline"] = {
            "seconds": round(inline_s, 3),
            "max_stall_ms": round(meter.longest * 1000, 1),
            "queued": broker.llen(QUEUE),
        }
        broker.delete(QUEUE)
    finally:
        pacer.stop()
        await session.stop()
        session.client.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="the same figures (one run of each is all there is)")
    args = parser.parse_args()
    server = RedisServer()
    server.start()
    try:
        figures = asyncio.run(measure(server, args.tasks))
    finally:
        server.stop()
    bulk, inline, batch, cancel = figures["bulk"], figures["inline"], figures["one_batch"], figures["cancel"]
    print(f"{args.tasks:,} failed tasks re-sent to a queue nobody consumes")
    print(
        f"bulk (chunks of 250, off the loop):  {bulk['seconds']:.2f} s, {bulk['per_second']:,}/s, "
        f"longest loop stall {bulk['max_stall_ms']:.1f} ms, {bulk['progress_updates']} progress updates, "
        f"{bulk['queued']:,} in the queue"
    )
    print(
        f"one batch (off the loop):             {batch['seconds']:.2f} s, longest loop stall {batch['max_stall_ms']:.1f} ms, "
        "no progress, no Cancel"
    )
    print(f"inline send_task on the loop:         {inline['seconds']:.2f} s, longest loop stall {inline['max_stall_ms']:.1f} ms")
    print(
        f"cancel after the first chunk: stopped {cancel['stopped_after_ms']:.1f} ms later, "
        f"{cancel['done']:,} sent, {cancel['not_done']:,} not, {cancel['queued']:,} in the queue"
    )
    ratio = inline["max_stall_ms"] / max(bulk["max_stall_ms"], 0.1)
    print(f"the window's longest freeze: {ratio:,.0f}x shorter than sending inline")
    result = {
        "bench": "bulk_resend",
        "tasks": args.tasks,
        **{f"{part}_{key}": value for part, values in figures.items() for key, value in values.items()},
        "stall_vs_inline": round(ratio, 1),
        "exact": bulk["queued"] == bulk["done"] == args.tasks and cancel["queued"] == cancel["done"],
    }
    met = all(goal.met(result.get(goal.figure)) for goal in GOALS) and result["exact"]
    result["met"] = met
    print(json.dumps(result))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
