"""Push latency: a real worker's update_state to the change reaching the console's Qt model.

A private redis-server and one real prefork worker (concurrency 1) run a bench-only task
module written to a temp dir on the worker's PYTHONPATH. Its task waits --warmup seconds
(so the console has subscribed), then calls
``self.update_state(state='PROGRESS', meta={'current': i, 'total': n, 'sent_at': time.time()})``
every --interval seconds, --updates times.

The console side is the real chain, offscreen: QApplication + qasync loop +
``build_console(profile)`` (ConsoleSession, SessionBridge, TaskTreeModel, MainWindow shown),
``session.start()``, the task sent with ``session.send`` (so the session tracks its id).
On every ``dataChanged``/``rowsInserted`` of the tasks model the bench reads the record's
``meta['result']['sent_at']`` and records ``time.time() - sent_at`` once per update
(``current``). Updates replaced by a newer one before the model saw them are counted as
coalesced, not as samples. The same is recorded where the poller hands records to the
session (``core``), to separate backend-to-session from session-to-model time.

Sampling only what reaches the model flatters polling (a poll shows the newest update,
which is always fresh), so a second figure, ``visible``, covers every update: the time
from its ``sent_at`` (the task returns all of them) until the model first showed it or a
newer one.

Three runs: with push (the product as is); poll only (a ResultPoller subclass whose
``_sync_subscriptions`` does nothing, interval 0.5 s); and, as a diagnostic, push with the
SessionBridge's coalescing interval set to 0 ms instead of the product's (read from the
bridge in the first run, and printed).

    .venv/bin/python bench/push_latency.py [--updates 300] [--interval 0.02] [--quick]

--quick: 30 updates a run.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
CONFIG_DIR = tempfile.mkdtemp(prefix="celery-desktop-bench-config-")
os.environ.setdefault("CELERY_DESKTOP_CONFIG_DIR", CONFIG_DIR)
os.environ.setdefault("CELERY_DESKTOP_DATA_DIR", CONFIG_DIR)  # the history of each window built here
atexit.register(shutil.rmtree, CONFIG_DIR, True)

from bench.targets import as_json, limit  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.live.poller import ResultPoller  # noqa: E402
from desktop.core.runtime.demo import RedisServer, WorkerProcess, wait_for_workers  # noqa: E402

TASK_MODULE = "bench_push_tasks"
TASK_SOURCE = """
import os
import time

from celery import Celery

app = Celery("bench_push", broker=os.environ["CELERY_BROKER_URL"], backend=os.environ["CELERY_RESULT_BACKEND"])
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_accept_content=["json"],
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)


@app.task(name="bench.progress", bind=True)
def progress(self, total=300, interval=0.02, warmup=0.5):
    time.sleep(warmup)
    sent = []
    for i in range(total):
        sent.append(time.time())
        self.update_state(state="PROGRESS", meta={"current": i, "total": total, "sent_at": sent[-1]})
        time.sleep(interval)
    return {"current": total, "total": total, "sent": sent}
"""
TARGET_P50_MS = limit("push_latency", "push.p50_ms")
TARGET_P99_MS = limit("push_latency", "push.p99_ms")


class PollOnlyPoller(ResultPoller):
    """The product's poller with pub/sub switched off: changes arrive by polling alone."""

    async def _sync_subscriptions(self) -> None:
        return None


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(samples: list[float]) -> dict:
    if not samples:
        return {"count": 0}
    return {
        "count": len(samples),
        "p50_ms": round(percentile(samples, 50), 2),
        "p99_ms": round(percentile(samples, 99), 2),
        "max_ms": round(max(samples), 2),
        "min_ms": round(min(samples), 2),
    }


async def measure(
    profile: ConnectionProfile, push: bool, updates: int, interval: float, warmup: float, flush_ms: int | None = None
) -> dict:
    """One task's updates through one freshly built console; latencies at the model and at the session."""
    from desktop.app.console import build_console
    from desktop.app.run import tune_gc

    console = build_console(profile)
    pacer = tune_gc()  # as the app does once its window is up
    session, model, window = console.session, console.bridge.tasks, console.window
    product_flush_ms = console.bridge._interval_ms
    if flush_ms is not None:
        console.bridge._interval_ms = flush_ms  # the wait after a flush before the next one
    if not push:
        session.poller = PollOnlyPoller(session.client, session._on_records, session._on_poller_status, interval=0.5)
    task_id: list[str] = []
    model_seen: dict[int, float] = {}
    core_seen: dict[int, float] = {}
    shown: list[tuple[float, int]] = []  # (time.time(), current) of each model signal

    def sample(record, into: dict[int, float]) -> None:
        if not task_id or record.id != task_id[0]:
            return
        result = record.meta.get("result")
        if record.state == "SUCCESS" and into is model_seen:
            shown.append((time.time(), updates))  # the final state shows every update as done
        if record.state != "PROGRESS":
            return
        if isinstance(result, dict) and "sent_at" in result:
            now = time.time()
            into.setdefault(int(result["current"]), (now - result["sent_at"]) * 1000)
            if into is model_seen:
                shown.append((now, int(result["current"])))

    def on_rows(parent, first: int, last: int) -> None:
        for row in range(first, last + 1):
            sample(model.record(model.index(row, 0, parent)), model_seen)

    model.dataChanged.connect(lambda top, bottom, *_: on_rows(top.parent(), top.row(), bottom.row()))
    model.rowsInserted.connect(on_rows)
    handing_on = session.poller.on_records

    def on_records(records) -> None:
        for record in records:
            sample(record, core_seen)
        handing_on(records)

    session.poller.on_records = on_records
    window.show()
    await asyncio.sleep(0.05)
    session.start()
    try:
        reply = await session.send("bench.progress", [updates, interval, warmup])
        if not reply.ok:
            raise RuntimeError(f"send failed: {reply.error}")
        task_id.append(reply.value[0].task_id)
        deadline = time.monotonic() + warmup + updates * interval * 3 + 20
        while not session.tasks[task_id[0]].ready:
            if time.monotonic() > deadline:
                raise RuntimeError(f"task still {session.tasks[task_id[0]].state} at the deadline")
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        sent = session.tasks[task_id[0]].meta.get("result", {}).get("sent", [])
    finally:
        pacer.stop()
        await asyncio.wait_for(session.stop(), 5)
        model.dataChanged.disconnect()
        model.rowsInserted.disconnect()
        window.close()
        window.deleteLater()
        console.close()
        await asyncio.sleep(0.05)
    return {
        "model": summary(list(model_seen.values())),
        "visible": summary(visible_latencies(sent, shown)),
        "core": summary(list(core_seen.values())),
        "coalesced": updates - len(model_seen),
        "missed_at_core": updates - len(core_seen),
        "flush_ms": console.bridge._interval_ms,
        "product_flush_ms": product_flush_ms,
    }


def visible_latencies(sent: list[float], shown: list[tuple[float, int]]) -> list[float]:
    """For each update i: from sent[i] to the first model signal showing update i or a newer one."""
    latencies, j = [], 0
    for i, sent_at in enumerate(sent):
        while j < len(shown) and shown[j][1] < i:
            j += 1
        if j == len(shown):
            break
        latencies.append((shown[j][0] - sent_at) * 1000)
    return latencies


def print_mode(name: str, figures: dict, updates: int) -> None:
    m, c, v = figures["model"], figures["core"], figures["visible"]
    if not m["count"]:
        print(f"{name:10s} no update reached the model")
        return
    print(
        f"{name:10s} model  p50 {m['p50_ms']:7.2f} ms  p99 {m['p99_ms']:7.2f} ms  max {m['max_ms']:7.2f} ms  "
        f"({m['count']} of {updates} updates seen; {figures['coalesced']} replaced by a newer one first)"
    )
    if c["count"]:
        print(
            f"{'':10s} core   p50 {c['p50_ms']:7.2f} ms  p99 {c['p99_ms']:7.2f} ms  max {c['max_ms']:7.2f} ms  "
            f"(poller -> session; {c['count']} seen)"
        )
    if v["count"]:
        print(
            f"{'':10s} visible p50 {v['p50_ms']:6.2f} ms  p99 {v['p99_ms']:7.2f} ms  max {v['max_ms']:7.2f} ms  "
            f"(every update until the model showed it or a newer one; {v['count']} updates)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=150, help="update_state calls per run")
    parser.add_argument(
        "--interval",
        type=float,
        default=0.1,
        help="seconds between updates (0.1: a progress bar moving 10 times a second; 0.02 stresses coalescing)",
    )
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before the first update")
    parser.add_argument("--quick", action="store_true", help="30 updates a run")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(updates=30)
        args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.app.qt_loop import QtAsyncioLoop
    from desktop.app.run import install_qt_message_filter

    server = RedisServer()
    worker = None
    with tempfile.TemporaryDirectory(prefix="celery-desktop-bench-tasks-") as module_dir:
        (Path(module_dir) / f"{TASK_MODULE}.py").write_text(TASK_SOURCE)
        try:
            server.start()
            worker = WorkerProcess(
                server.url(10),
                server.url(11),
                app_module=TASK_MODULE,
                hostname="bench-push@%h",
                concurrency=1,
                pythonpath=[module_dir],
                logfile=Path(module_dir) / "worker.log",
            )
            worker.start()
            wait_for_workers(worker.broker_url, 1, timeout=60, procs=[worker])
            profile = ConnectionProfile(name="bench", broker_url=server.url(10), backend_url=server.url(11))
            print(
                f"worker up; {args.updates} PROGRESS updates every {args.interval * 1000:g} ms after a "
                f"{args.warmup:g} s warm-up; latency = time.time() at the model signal - sent_at from the worker"
            )

            install_qt_message_filter()
            qt_app = QApplication.instance() or QApplication([sys.argv[0]])
            qt_app.setQuitOnLastWindowClosed(False)
            loop = QtAsyncioLoop(qt_app)  # the loop the app runs on
            asyncio.set_event_loop(loop)

            async def run_both() -> dict:
                push = await measure(profile, True, args.updates, args.interval, args.warmup)
                poll = await measure(profile, False, args.updates, args.interval, args.warmup)
                flush0 = await measure(profile, True, args.updates, args.interval, args.warmup, flush_ms=0)
                return {"push": push, "poll_only": poll, "push_flush_0ms": flush0}

            with loop:
                figures = loop.run_until_complete(run_both())
        finally:
            if worker is not None:
                worker.stop()
            server.stop()

    print_mode("push", figures["push"], args.updates)
    print_mode("poll only", figures["poll_only"], args.updates)
    product_ms, diagnostic_ms = figures["push"]["product_flush_ms"], figures["push_flush_0ms"]["flush_ms"]
    print(
        f"diagnostic: push again with the SessionBridge's coalescing interval set to {diagnostic_ms} ms "
        f"(the product's: {product_ms} ms):"
    )
    print_mode(f"push, {diagnostic_ms} ms", figures["push_flush_0ms"], args.updates)
    p50, p99 = figures["push"]["model"].get("p50_ms"), figures["push"]["model"].get("p99_ms")
    met = p50 is not None and p50 <= TARGET_P50_MS and p99 is not None and p99 <= TARGET_P99_MS
    print(
        f"target p50 <= {TARGET_P50_MS:g} ms and p99 <= {TARGET_P99_MS:g} ms with push: {'met' if met else 'MISSED'}"
        f" (p50 {p50} ms, p99 {p99} ms)"
    )
    print(
        json.dumps(
            {
                "bench": "push_latency",
                "unit": "ms",
                "updates": args.updates,
                "interval_ms": args.interval * 1000,
                "bridge_flush_ms": product_ms,
                **{
                    mode: {
                        **figures[mode]["model"],
                        "coalesced": figures[mode]["coalesced"],
                        "core": figures[mode]["core"],
                        "visible": figures[mode]["visible"],
                    }
                    for mode in ("push", "poll_only", "push_flush_0ms")
                },
                "target_p50_ms": TARGET_P50_MS,
                "targets": as_json("push_latency"),
                "target_met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
