"""GUI stall: the longest time the GUI thread is blocked while 10,000 tracked tasks change state.

The real window is built offscreen (``build_console(profile)``, ``window.show()``,
``session.start()``) on a private redis-server. 10,000 fresh ids are pasted into the session
(``session.track_ids``), and once their rows are in the model and the poller has subscribed
to their channels, a separate writer process writes every key through
STARTED -> PROGRESS -> SUCCESS as fast as it can, the way Celery's Redis backend does
(SETEX then PUBLISH on the key's channel; pipelined, --batch keys a round trip, one state for
all keys before the next).

On the GUI thread a QTimer with a 1 ms interval (PreciseTimer) stamps each timeout; a gap
between two stamps is time the thread could not run it. Reported per phase: idle (baseline),
tracking (paste to rows shown and channels subscribed) and updates (writer start until every
row of the model shows SUCCESS and the GUI thread is quiet again, i.e. queued pushes are
handled too). The updates phase is the figure held against the target; the time until all
rows show SUCCESS is reported with it.

For the longest gaps the bench lists what ran inside them, from timed wrappers around
ConsoleSession.track_ids, SessionBridge.flush, TaskTreeModel.apply, ResultPoller.tick,
ResultPoller._on_push and the poller's hand-off to the session, and from each uninterrupted
step (resume to next await that suspends) of the poller's two asyncio tasks, the poll loop
and the pub/sub listener. When the target is missed (or with --profile) a second run on a
fresh window repeats the updates under cProfile and prints where the GUI thread's time went.

    .venv/bin/python bench/gui_stall.py [--n 10000] [--batch 500] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import cProfile
import io
import json
import multiprocessing
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
CONFIG_DIR = tempfile.mkdtemp(prefix="celery-desktop-bench-config-")
os.environ.setdefault("CELERY_DESKTOP_CONFIG_DIR", CONFIG_DIR)
atexit.register(shutil.rmtree, CONFIG_DIR, True)

from desktop.core.demo import RedisServer  # noqa: E402
from desktop.core.profiles import ConnectionProfile  # noqa: E402

TARGET_MAX_STALL_MS = 50.0
QUIET_MS, QUIET_GAP_MS = 300, 16
UNITS = {
    "ResultPoller.tick (wall)": "decoded",
    "TaskTreeModel.apply": "records",
    "ConsoleSession.track_ids": "ids",
}
WORKER = "celery@bench-host"


def write_states(backend_url: str, ids: list[str], batch: int, go, out) -> None:
    """Writer process: every key through STARTED, PROGRESS, SUCCESS, each SETEX + PUBLISH like RedisBackend._set."""
    from desktop.core.celery_app import build_console_app

    app = build_console_app(ConnectionProfile(name="writer", backend_url=backend_url))
    backend = app.backend
    expires = int(backend.expires or 86400)
    done = app.now().isoformat()

    def meta(status: str, result, date_done=None) -> dict:
        return {
            "status": status,
            "result": result,
            "traceback": None,
            "children": [],
            "date_done": date_done,
            "name": "orders.place_order",
            "args": [1234, "SKU-42"],
            "kwargs": {"quantity": 3},
            "worker": WORKER,
            "retries": 0,
            "queue": "celery",
        }

    stages = [
        ("STARTED", meta("STARTED", {"pid": 4242, "hostname": WORKER})),
        ("PROGRESS", meta("PROGRESS", {"current": 50, "total": 100})),
        ("SUCCESS", meta("SUCCESS", {"order": 1234, "status": "placed"}, done)),
    ]
    keys = [backend.get_key_for_task(i) for i in ids]
    payloads = [[backend.encode({**m, "task_id": i}) for i in ids] for _, m in stages]
    client = backend.client
    client.ping()
    go.wait()
    started = time.time()
    ends = []
    for (name, _), values in zip(stages, payloads, strict=True):
        for start in range(0, len(keys), batch):
            with client.pipeline(transaction=False) as pipe:
                for key, value in zip(keys[start : start + batch], values[start : start + batch], strict=True):
                    pipe.setex(key, expires, value)
                    pipe.publish(key, value)
                pipe.execute()
        ends.append((name, time.time()))
    out.put({"started": started, "stages": ends})


@dataclass
class Spans:
    """Wall-clock spans of instrumented calls on the GUI thread: (name, start, end, work units)."""

    items: list[tuple[str, float, float, int]] = field(default_factory=list)

    def wrap(self, name: str, fn, units=lambda args, result: 1):
        items = self.items

        def timed(*args, **kwargs):
            started = time.perf_counter()
            result = None
            try:
                result = fn(*args, **kwargs)
                return result
            finally:
                items.append((name, started, time.perf_counter(), units(args, result)))

        return timed

    def wrap_async(self, name: str, fn, units=lambda args, result: 1):
        items = self.items

        async def timed(*args, **kwargs):
            started = time.perf_counter()
            result = None
            try:
                result = await fn(*args, **kwargs)
                return result
            finally:
                items.append((name, started, time.perf_counter(), units(args, result)))

        return timed

    def longest(self, start: float, end: float) -> dict[str, tuple[int, float, int]]:
        """Per name, for calls that started in [start, end]: how many, the longest (ms) and its work units."""
        found: dict[str, tuple[int, float, int]] = {}
        for name, s, e, units in self.items:
            if start <= s <= end:
                count, longest, work = found.get(name, (0, 0.0, 0))
                found[name] = (count + 1, *max((longest, work), ((e - s) * 1000, units)))
        return found

    def count(self, name: str, after: float = 0.0) -> int:
        return sum(1 for item in self.items if item[0] == name and item[1] >= after)

    def inside(self, start: float, end: float) -> dict[str, tuple[int, float, int]]:
        """Per name: calls that overlapped [start, end], their summed overlap (ms) and work units."""
        found: dict[str, tuple[int, float, int]] = {}
        for name, s, e, units in self.items:
            overlap = min(e, end) - max(s, start)
            if overlap > 0:
                count, total, work = found.get(name, (0, 0.0, 0))
                found[name] = (count + 1, total + overlap * 1000, work + units)
        return found


class TimedSteps:
    """Awaitable around a coroutine that records each uninterrupted step (resume to next suspension) as a span."""

    def __init__(self, coro, name: str, spans: Spans):
        self.coro, self.name, self.spans = coro, name, spans

    def __await__(self):
        inner = self.coro.__await__()
        send, throw = inner.send, inner.throw
        value, error = None, None
        while True:
            started = time.perf_counter()
            try:
                yielded = throw(error) if error is not None else send(value)
            except StopIteration as stop:
                self.spans.items.append((self.name, started, time.perf_counter(), 1))
                return stop.value
            except BaseException:
                self.spans.items.append((self.name, started, time.perf_counter(), 1))
                raise
            self.spans.items.append((self.name, started, time.perf_counter(), 1))
            try:
                value, error = (yield yielded), None
            except BaseException as exc:  # noqa: BLE001 - handed on to the coroutine, as a Task would
                value, error = None, exc


def gap_stats(stamps: list[float], start: float, end: float) -> dict:
    """Gaps (ms) between consecutive timer stamps whose later stamp falls in [start, end]."""
    gaps = [(b - a, a, b) for a, b in zip(stamps, stamps[1:], strict=False) if start <= b <= end]
    if not gaps:
        return {"max_ms": None, "p99_ms": None, "count": 0, "over_50ms": 0, "blocked_over_16ms_ms": 0.0, "worst": []}
    ms = sorted(g[0] * 1000 for g in gaps)
    return {
        "max_ms": round(ms[-1], 1),
        "p99_ms": round(ms[min(len(ms) - 1, int(0.99 * len(ms)))], 1),
        "median_ms": round(statistics.median(ms), 2),
        "count": len(ms),
        "over_50ms": sum(1 for g in ms if g > 50),
        "blocked_over_16ms_ms": round(sum(g for g in ms if g > 16), 1),
        "worst": sorted(gaps, reverse=True)[:5],
    }


async def run_once(
    profile: ConnectionProfile, n: int, batch: int, spans: Spans | None, profiler: cProfile.Profile | None
) -> dict:
    """One fresh window: idle, paste n ids, then the writer; returns the phases' marks and figures."""
    from PySide6.QtCore import Qt, QTimer

    from desktop.main import build_console, tune_gc

    console = build_console(profile)
    tune_gc()  # as the app does once its window is up
    session, bridge, model, window = console.session, console.bridge, console.bridge.tasks, console.window
    poller = session.poller
    if spans is not None:
        bridge._timer.timeout.disconnect()
        bridge._timer.timeout.connect(spans.wrap("SessionBridge.flush", bridge.flush))
        model.apply = spans.wrap("TaskTreeModel.apply", model.apply, lambda args, _: len(args[0]))
        poller.tick = spans.wrap_async("ResultPoller.tick (wall)", poller.tick, lambda *_: poller.status.decoded_last_tick)
        poller._on_push = spans.wrap("ResultPoller._on_push", poller._on_push)
        poller.on_records = spans.wrap("ConsoleSession._on_records", poller.on_records)
        session.track_ids = spans.wrap("ConsoleSession.track_ids", session.track_ids, lambda args, _: n)
        run, listen = poller._run, poller._listen
        poller._run = lambda: TimedSteps(run(), "poll loop step", spans)
        poller._listen = lambda: TimedSteps(listen(), "pub/sub listener step", spans)

    ids = [str(uuid.uuid4()) for _ in range(n)]
    wanted = set(ids)
    succeeded: set[str] = set()
    marks: dict[str, float] = {}

    def on_changed(top, bottom, *_):
        parent = top.parent()
        for row in range(top.row(), bottom.row() + 1):
            record = model.record(model.index(row, 0, parent))
            if record.state == "SUCCESS" and record.id in wanted and record.id not in succeeded:
                succeeded.add(record.id)
                if len(succeeded) == n:
                    marks["all_success"] = time.perf_counter()
                    marks["all_success_wall"] = time.time()

    model.dataChanged.connect(on_changed)
    stamps: list[float] = []
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(lambda: stamps.append(time.perf_counter()))

    def quiet() -> bool:
        """The timer has run without a gap over QUIET_GAP_MS for the last QUIET_MS."""
        now = time.perf_counter()
        recent = [t for t in stamps[-2 * QUIET_MS :] if t >= now - QUIET_MS / 1000]
        if len(recent) < 2 or recent[0] > now - QUIET_MS / 1000 + QUIET_GAP_MS / 1000:
            return False
        return all((b - a) * 1000 <= QUIET_GAP_MS for a, b in zip(recent, recent[1:], strict=False))

    ctx = multiprocessing.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    writer = ctx.Process(target=write_states, args=(profile.backend_url, ids, batch, go, out), daemon=True)
    writer.start()
    result: dict = {}
    try:
        window.show()
        session.start()
        ticker.start()
        await asyncio.sleep(0.3)
        marks["idle"] = time.perf_counter()
        await asyncio.sleep(1.0)

        marks["track"] = time.perf_counter()
        session.track_ids("\n".join(ids))
        marks["track_ids_returned"] = time.perf_counter()
        deadline = time.monotonic() + 120
        while model.rowCount() < n or poller.status.subscribed < n:
            if time.monotonic() > deadline:
                raise RuntimeError(f"tracking stalled: {model.rowCount()} rows, {poller.status.subscribed} subscribed")
            await asyncio.sleep(0.005)
        marks["tracked"] = time.perf_counter()
        while not quiet():  # the subscribe confirmations drain
            await asyncio.sleep(0.02)

        if profiler is not None:
            profiler.enable()
        marks["go"] = time.perf_counter()
        go_wall = time.time()
        go.set()
        deadline = time.monotonic() + 120
        while "all_success" not in marks:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {len(succeeded)} of {n} rows reached SUCCESS in 120 s")
            await asyncio.sleep(0.005)
        while not quiet() and time.monotonic() < deadline:  # pushes still queued when the rows were done
            await asyncio.sleep(0.02)
        marks["settled"] = time.perf_counter()
        if profiler is not None:
            profiler.disable()
        written = await asyncio.get_running_loop().run_in_executor(None, out.get, True, 30)
        result = {
            "stamps": stamps,
            "marks": marks,
            "track_ids_ms": (marks["track_ids_returned"] - marks["track"]) * 1000,
            "tracked_ms": (marks["tracked"] - marks["track"]) * 1000,
            "all_success_ms": (marks["all_success_wall"] - go_wall) * 1000,
            "settled_ms": (marks["settled"] - marks["go"]) * 1000,
            "writer_ms": (written["stages"][-1][1] - written["started"]) * 1000,
            "writer_stages_ms": {name: round((t - written["started"]) * 1000, 1) for name, t in written["stages"]},
            "after_writer_ms": (marks["all_success_wall"] - written["stages"][-1][1]) * 1000,
        }
        if spans is not None:
            result.update(
                flushes=spans.count("SessionBridge.flush", marks["go"]),
                pushes=spans.count("ResultPoller._on_push", marks["go"]),
                pushes_after_all_success=spans.count("ResultPoller._on_push", marks["all_success"]),
                ticks=spans.count("ResultPoller.tick (wall)", marks["go"]),
            )
    finally:
        ticker.stop()
        if profiler is not None:
            profiler.disable()
        go.set()
        writer.join(10)
        if writer.is_alive():
            writer.terminate()
        await asyncio.wait_for(session.stop(), 30)
        model.dataChanged.disconnect(on_changed)
        window.close()
        window.deleteLater()
        console.close()
        await asyncio.sleep(0.05)
    return result


def describe_gap(gap: tuple[float, float, float], spans: Spans, origin: float) -> str:
    length, start, end = gap
    parts = sorted(spans.inside(start, end).items(), key=lambda kv: -kv[1][1])
    inside = "; ".join(
        f"{name} x{count} {total:.0f} ms" + (f" ({UNITS[name]} {work:,})" if name in UNITS else "")
        for name, (count, total, work) in parts
    )
    return f"    {length * 1000:7.1f} ms at +{start - origin:6.2f} s: {inside or 'no instrumented call'}"


def print_phase(name: str, stats: dict) -> None:
    if not stats["count"]:
        print(f"  {name:9s} no timer stamps")
        return
    print(
        f"  {name:9s} max gap {stats['max_ms']:7.1f} ms  p99 {stats['p99_ms']:6.1f} ms  median {stats['median_ms']:5.2f} ms  "
        f"gaps > 50 ms: {stats['over_50ms']:3d}  time in gaps > 16 ms: {stats['blocked_over_16ms_ms']:.0f} ms"
    )


def print_profile(profiler: cProfile.Profile, top: int = 22) -> None:
    for key, title in (("tottime", "own time"), ("cumulative", "cumulative time")):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats(key).print_stats(top)
        lines = stream.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
        print(f"  top {top} by {title} (cProfile, GUI thread, writer start to all SUCCESS):")
        for line in lines[start : start + top + 1]:
            print("   " + line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/lib/python3.11/site-packages/", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="tracked tasks")
    parser.add_argument("--batch", type=int, default=500, help="keys per writer round trip")
    parser.add_argument("--profile", action="store_true", help="always run the cProfile pass")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.main import install_qt_message_filter
    from desktop.qt_loop import QtAsyncioLoop

    install_qt_message_filter()
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setQuitOnLastWindowClosed(False)
    server = RedisServer()
    try:
        server.start()
        profile = ConnectionProfile(name="bench", broker_url=server.url(10), backend_url=server.url(11))
        loop = QtAsyncioLoop(qt_app)  # the loop the app runs on
        asyncio.set_event_loop(loop)
        spans = Spans()
        with loop:
            figures = loop.run_until_complete(run_once(profile, args.n, args.batch, spans, None))
            marks, stamps = figures["marks"], figures["stamps"]
            idle = gap_stats(stamps, marks["idle"], marks["track"])
            track = gap_stats(stamps, marks["track"], marks["go"])
            updates = gap_stats(stamps, marks["go"], marks["settled"])
            met = updates["max_ms"] is not None and updates["max_ms"] <= TARGET_MAX_STALL_MS

            print(f"{args.n:,} tasks, real window offscreen, 1 ms QTimer on the GUI thread; gaps between its timeouts:")
            print_phase("idle", idle)
            print_phase("tracking", track)
            print_phase("updates", updates)
            print(
                f"  tracking = paste of {args.n:,} ids until their rows are shown and their channels subscribed: "
                f"{figures['tracked_ms']:.0f} ms (track_ids() itself {figures['track_ids_ms']:.0f} ms)"
            )
            print(
                f"  updates = writer start until the GUI is quiet again ({QUIET_MS} ms without a gap over {QUIET_GAP_MS} ms): "
                f"{figures['settled_ms']:.0f} ms"
            )
            print(
                f"  the writer wrote {3 * args.n:,} states (SETEX+PUBLISH) in {figures['writer_ms']:.0f} ms "
                f"(cumulative per state: {figures['writer_stages_ms']})"
            )
            print(
                f"  all {args.n:,} rows showed SUCCESS {figures['all_success_ms']:.0f} ms after the writer started "
                f"({figures['after_writer_ms']:.0f} ms after it finished); by then {figures['ticks']} poll ticks ran, "
                f"{figures['pushes'] - figures['pushes_after_all_success']:,} pub/sub messages were handled and "
                f"{figures['pushes_after_all_success']:,} more were still queued; {figures['flushes']} model flushes"
            )
            print("  instrumented calls while updating (count, longest):")
            for name, (count, longest, work) in sorted(spans.longest(marks["go"], marks["settled"]).items()):
                unit = f" ({UNITS[name]} {work:,})" if name in UNITS else ""
                print(f"    {name:28s} x{count:<6,} longest {longest:7.1f} ms{unit}")
            origin = marks["track"]
            for phase, stats in (("tracking", track), ("updates", updates)):
                if stats["worst"]:
                    print(
                        f"  longest gaps while {phase} (instrumented calls inside them; a step is one uninterrupted run "
                        "of that asyncio task; the tick's time includes its awaits):"
                    )
                    for gap in stats["worst"]:
                        print(describe_gap(gap, spans, origin))
            print(f"target max stall <= {TARGET_MAX_STALL_MS:g} ms while the states change: {'met' if met else 'MISSED'}")

            if not met or args.profile:
                profiler = cProfile.Profile()
                loop.run_until_complete(run_once(profile, args.n, args.batch, None, profiler))
                print_profile(profiler)

        print(
            json.dumps(
                {
                    "bench": "gui_stall",
                    "unit": "ms",
                    "n": args.n,
                    "max_stall_ms": updates["max_ms"],
                    "p99_gap_ms": updates["p99_ms"],
                    "gaps_over_50ms": updates["over_50ms"],
                    "blocked_in_gaps_over_16ms_ms": updates["blocked_over_16ms_ms"],
                    "all_success_ms": round(figures["all_success_ms"], 1),
                    "settled_ms": round(figures["settled_ms"], 1),
                    "writer_ms": round(figures["writer_ms"], 1),
                    "tracking_max_stall_ms": track["max_ms"],
                    "tracking_ms": round(figures["tracked_ms"], 1),
                    "idle_max_gap_ms": idle["max_ms"],
                    "pushes": figures["pushes"],
                    "pushes_after_all_success": figures["pushes_after_all_success"],
                    "ticks": figures["ticks"],
                    "flushes": figures["flushes"],
                    "target_max_stall_ms": TARGET_MAX_STALL_MS,
                    "target_met": met,
                }
            )
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
