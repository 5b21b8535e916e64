"""GUI stall: the longest time the GUI thread is blocked while 10,000 tracked tasks change state, and under live events.

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

Then, in the same run, the live monitor under real load: --event-workers real ``celery worker
-E`` processes (WorkerProcess, ``desktop/tasks.py``; --event-pool solo by default, the pool that
costs the least CPU per task here) run ``tasks.add``, fed by a sender process that calls
``app.send_task`` with ``task_send_sent_event=True`` at up to --event-rate tasks a second (each
task gives task-sent, -received, -started and -succeeded; the sender pauses while more than
--event-backlog messages wait in the queue). A fresh window is built (``build_console``,
``show``, ``session.start``); once events flow (--event-warmup s), the window's tab widget is
switched through every tab in turn, --dwell s each, --rounds times (Calls & results, Workers,
Queues, Graphs: whatever tabs the window has), so each monitoring view is the one shown and
repainting while its models update. The same 1 ms QTimer measures the gaps; the achieved rate
is the console's ``EventStore.ingested`` over the measured window. Reported: the longest gap
(target <= 50 ms at >= 2,000 events/s), p99, per tab, with and without the first 250 ms after
each tab switch, paint events seen per tab, and what ran inside the longest gaps (timed
wrappers around the event batch hand-over, the session's merge, the bridge's flush, the tree
model's apply/remove, the graphs' redraw, each uninterrupted step of the monitor's and the
session's refresh loops, the tab switch itself, and Python's garbage collector), each gap split
into the GUI thread's time on the CPU, on the run queue (other processes had the cores) and
asleep (the GIL held by another thread). On a real deployment the workers, whoever sends the
tasks and the Redis server run on other machines; here they share two cores with the console,
so they run at --load-nice (default 10; 19 the lowest priority, 0 to compare), their kernel
autogroups too, and the console gets the cores first, as it would on its own machine. When the
stall target is missed (or with --profile) the load runs once more on a fresh window under
cProfile.

    .venv/bin/python bench/gui_stall.py [--n 10000] [--batch 500] [--profile]
        [--event-workers 2] [--event-pool solo] [--event-concurrency 1] [--event-rate 700]
        [--dwell 3] [--rounds 2] [--load-nice 10] [--no-events | --only-events] [--quick]

--quick: each tab shown once for 1 s, after 2 s of load. The targets are in bench/targets.py.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import bisect
import cProfile
import gc
import io
import json
import multiprocessing
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
CONFIG_DIR = tempfile.mkdtemp(prefix="celery-desktop-bench-config-")
os.environ.setdefault("CELERY_DESKTOP_CONFIG_DIR", CONFIG_DIR)
os.environ.setdefault("CELERY_DESKTOP_DATA_DIR", CONFIG_DIR)  # the history of each window built here
atexit.register(shutil.rmtree, CONFIG_DIR, True)

from bench.processes import renice  # noqa: E402
from bench.targets import as_json, limit  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.runtime.demo import RedisServer, WorkerProcess, wait_for_workers  # noqa: E402

TARGET_MAX_STALL_MS = limit("gui_stall", "max_stall_ms")
TARGET_EVENTS_MAX_STALL_MS = limit("gui_stall", "events_max_stall_ms")
QUIET_MS, QUIET_GAP_MS = 300, 16
UNITS = {
    "ResultPoller.tick (wall)": "decoded",
    "TaskTreeModel.apply": "records",
    "ConsoleSession.track_ids": "ids",
    "ClusterMonitor._on_events": "events",
    "ConsoleSession._on_store_changes": "tasks",
    "TaskTreeModel.remove": "ids",
    "gc gen0": "collected",
    "gc gen1": "collected",
    "gc gen2": "collected",
}
WORKER = "celery@bench-host"
TARGET_EVENTS_PER_S = limit("gui_stall", "events_per_s")
UPDATE_KEYS = (
    "max_stall_ms",
    "p99_gap_ms",
    "gaps_over_50ms",
    "blocked_in_gaps_over_16ms_ms",
    "all_success_ms",
    "settled_ms",
    "writer_ms",
    "all_success_after_writer_ms",
    "tracking_max_stall_ms",
    "tracking_ms",
    "idle_max_gap_ms",
    "pushes",
    "pushes_after_all_success",
    "ticks",
    "flushes",
    "target_max_stall_ms",
    "target_met",
)  # the first part's JSON keys, in order
SWITCH_SETTLE_S = 0.25  # a gap starting this soon after a tab switch counts as the switch's (first paint of the tab)


def write_states(backend_url: str, ids: list[str], batch: int, go, out) -> None:
    """Writer process: every key through STARTED, PROGRESS, SUCCESS, each SETEX + PUBLISH like RedisBackend._set."""
    from desktop.core.cluster.celery_app import build_console_app

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


class ThreadClock:
    """GUI-thread stamps with, for each, the thread's CPU and run-queue wait so far (Linux schedstat).

    A gap in which the thread was on the CPU is our own work; waiting on the run queue is the
    machine's other processes (2 cores shared with redis-server, workers and the load); the rest
    of a gap is the thread asleep: waiting for the GIL another thread holds.
    """

    def __init__(self) -> None:
        self.stamps: list[float] = []
        self.sched: list[tuple[int, int]] = []
        try:
            self._fd = os.open(f"/proc/self/task/{threading.get_native_id()}/schedstat", os.O_RDONLY)
        except OSError:
            self._fd = None

    def stamp(self) -> None:
        self.stamps.append(time.perf_counter())
        if self._fd is not None:
            cpu, wait, _ = os.pread(self._fd, 64, 0).split()
            self.sched.append((int(cpu), int(wait)))

    def split(self, start: float, end: float) -> str:
        """'cpu A ms, run queue B ms, GIL/asleep C ms' for the gap between the stamps at start and end."""
        if not self.sched:
            return ""
        i, j = bisect.bisect_left(self.stamps, start), bisect.bisect_left(self.stamps, end)
        if j >= len(self.sched) or i >= j:
            return ""
        cpu = (self.sched[j][0] - self.sched[i][0]) / 1e6
        wait = (self.sched[j][1] - self.sched[i][1]) / 1e6
        rest = max(0.0, (end - start) * 1000 - cpu - wait)
        return f"[GUI thread: on cpu {cpu:.0f} ms, run queue {wait:.0f} ms, GIL/asleep {rest:.0f} ms] "

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


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

    from desktop.app.console import build_console
    from desktop.app.run import tune_gc

    os.environ["CELERY_DESKTOP_DATA_DIR"] = tempfile.mkdtemp(dir=CONFIG_DIR)  # a history of its own: no rows from the last window
    console = build_console(profile)
    pacer = tune_gc()  # as the app does once its window is up
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
        on_gc = gc_spans(spans)
        gc.callbacks.append(on_gc)

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
    clock = ThreadClock()
    stamps = clock.stamps
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(clock.stamp)

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
        # Past MAX_CHANNELS the poller listens on one pattern instead of n channels.
        while model.rowCount() < n or (poller.status.subscribed < n and poller._pattern is None):
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
            "clock": clock,
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
        pacer.stop()
        if spans is not None and on_gc in gc.callbacks:
            gc.callbacks.remove(on_gc)
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


def describe_gap(gap: tuple[float, float, float], spans: Spans, origin: float, clock: ThreadClock | None = None) -> str:
    length, start, end = gap
    where = clock.split(start, end) if clock is not None else ""
    parts = sorted(spans.inside(start, end).items(), key=lambda kv: -kv[1][1])
    inside = "; ".join(
        f"{name} x{count} {total:.0f} ms" + (f" ({UNITS[name]} {work:,})" if name in UNITS else "")
        for name, (count, total, work) in parts
    )
    return f"    {length * 1000:7.1f} ms at +{start - origin:6.2f} s: {where}{inside or 'no instrumented call'}"


def print_phase(name: str, stats: dict) -> None:
    if not stats["count"]:
        print(f"  {name:9s} no timer stamps")
        return
    print(
        f"  {name:9s} max gap {stats['max_ms']:7.1f} ms  p99 {stats['p99_ms']:6.1f} ms  median {stats['median_ms']:5.2f} ms  "
        f"gaps > 50 ms: {stats['over_50ms']:3d}  time in gaps > 16 ms: {stats['blocked_over_16ms_ms']:.0f} ms"
    )


def print_profile(profiler: cProfile.Profile, top: int = 22, span: str = "writer start to all SUCCESS") -> None:
    for key, title in (("tottime", "own time"), ("cumulative", "cumulative time")):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats(key).print_stats(top)
        lines = stream.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
        print(f"  top {top} by {title} (cProfile, GUI thread, {span}):")
        for line in lines[start : start + top + 1]:
            print("   " + line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/lib/python3.11/site-packages/", ""))


# -- live monitor under real workers ------------------------------------------------------------


def send_tasks(broker_url: str, rate: float, backlog: int, go, stop, sent, paused) -> None:
    """Sender process: ``tasks.add`` through ``app.send_task`` with task-sent events, up to ``rate`` a second.

    The app has no result backend: with the Redis backend, send_task subscribes to every task's
    result channel (``backend.on_task_call``), a cost of this sender, not of the console. While
    more than ``backlog`` messages wait in the queue it pauses, so the queue never outgrows the
    workers and the events stay live.
    """
    import redis
    from celery import Celery

    app = Celery("bench-sender", broker=broker_url, set_as_current=False)
    app.conf.update(task_send_sent_event=True, task_serializer="json", accept_content=["json"])
    queue = redis.Redis.from_url(broker_url)
    go.wait()
    count = paced_count = 0
    paced_from = time.monotonic()
    with app.producer_or_acquire() as producer:
        while not stop.is_set():
            if count % 50 == 0 and queue.llen("celery") > backlog:
                waited = time.monotonic()
                stop.wait(0.02)
                paused.value += time.monotonic() - waited
                paced_from, paced_count = time.monotonic(), count  # no burst to catch up afterwards
                continue
            delay = paced_from + (count - paced_count) / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            app.send_task("tasks.add", (count, count), producer=producer)
            count += 1
            sent.value = count
    queue.close()


@dataclass
class EventLoad:
    """Real ``celery worker -E`` processes on desktop/tasks.py, and how the sender feeds them."""

    broker_url: str
    backend_url: str
    workers: int = 2
    pool: str = "solo"
    concurrency: int = 1
    rate: float = 800.0
    backlog: int = 500
    nice: int = 10
    redis_pids: list[int] = field(default_factory=list)
    procs: list[WorkerProcess] = field(default_factory=list)
    logdir: Path | None = None

    def pids(self) -> list[int]:
        return [pid for worker in self.procs for pid in worker.pids]

    @property
    def label(self) -> str:
        return f"{self.workers} x {self.pool}" + (f" (concurrency {self.concurrency})" if self.pool != "solo" else "")

    def start(self) -> list[str]:
        """Start the workers; return once every one answers a ping."""
        self.logdir = Path(tempfile.mkdtemp(prefix="celery-desktop-bench-workers-"))
        for i in range(self.workers):
            worker = WorkerProcess(
                self.broker_url,
                self.backend_url,
                hostname=f"bench{i + 1}@%h",
                pool=self.pool,
                concurrency=self.concurrency,
                # A load generator: no per-task log lines, no gossip between the workers, a deeper prefetch.
                extra_args=["--loglevel", "WARNING", "--without-gossip", "--prefetch-multiplier", "16"],
                logfile=self.logdir / f"worker-{i + 1}.log",
            )
            worker.start()
            self.procs.append(worker)
        answered = wait_for_workers(self.broker_url, self.workers, 120, self.procs)
        for pid in [*self.pids(), *self.redis_pids]:
            renice(pid, self.nice)
        return answered

    def stop(self) -> None:
        for worker in self.procs:
            worker.stop()
        if self.logdir is not None:
            shutil.rmtree(self.logdir, ignore_errors=True)


def cpu_seconds(pid: int, tid: int | None = None) -> float:
    """User + system CPU seconds of a process (all its threads) or of one of its threads (Linux /proc)."""
    try:
        text = Path(f"/proc/{pid}/task/{tid}/stat" if tid else f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = text.rsplit(")", 1)[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_sample(threads: dict[str, int], processes: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far: of named console threads, of named process groups, and of the whole machine (busy)."""
    out = {name: cpu_seconds(os.getpid(), tid) for name, tid in threads.items()}
    out.update({name: sum(cpu_seconds(pid) for pid in pids) for name, pids in processes.items()})
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        out["machine (busy)"] = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        out["machine (busy)"] = 0.0
    return out


def gc_spans(spans: Spans):
    """A gc callback recording each collection (whichever thread ran it, the GUI thread waited) as a span."""
    started: list[float] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            spans.items.append((f"gc gen{info['generation']}", started.pop(), time.perf_counter(), info["collected"]))

    return on_gc


def gaps_in(stamps: list[float], intervals: list[tuple[float, float]]) -> list[tuple[float, float, float]]:
    """Gaps (seconds, start, end) whose later stamp falls in any of the intervals."""
    return [(b - a, a, b) for a, b in zip(stamps, stamps[1:], strict=False) if any(start <= b <= end for start, end in intervals)]


def summarize(gaps: list[tuple[float, float, float]]) -> dict:
    if not gaps:
        return {"max_ms": None, "p99_ms": None, "count": 0}
    ms = sorted(g[0] * 1000 for g in gaps)
    return {"max_ms": round(ms[-1], 1), "p99_ms": round(ms[min(len(ms) - 1, int(0.99 * len(ms)))], 1), "count": len(ms)}


async def run_events(
    profile: ConnectionProfile, load: EventLoad, args, spans: Spans | None, profiler: cProfile.Profile | None
) -> dict:
    """One fresh window while the workers run tasks.add; every tab shown in turn. Returns marks and figures."""
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtWidgets import QAbstractScrollArea, QTabWidget

    from desktop.app.console import build_console
    from desktop.app.run import tune_gc
    from desktop.core.live.event_receiver import StreamState

    class PaintCounter(QObject):
        """Counts paint events of one tab's widgets (the page and every scroll area's viewport)."""

        def __init__(self):
            super().__init__()
            self.paints = 0

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    os.environ["CELERY_DESKTOP_DATA_DIR"] = tempfile.mkdtemp(dir=CONFIG_DIR)  # a history of its own: no rows from the last window
    console = build_console(profile)
    pacer = tune_gc()  # as the app does once its window is up
    session, bridge, model, window = console.session, console.bridge, console.bridge.tasks, console.window
    monitor = session.monitor
    tabs = getattr(window, "tabs", None) or window.findChild(QTabWidget)
    names = [tabs.tabText(i).replace("&&", "&") for i in range(tabs.count())]
    for i in [*range(tabs.count()), 0]:  # each tab built now (a tab is built when first shown): paints are counted on its views
        tabs.setCurrentIndex(i)
    counters = []
    for i in range(tabs.count()):
        counter, page = PaintCounter(), tabs.widget(i)
        for widget in [page, *(area.viewport() for area in page.findChildren(QAbstractScrollArea))]:
            widget.installEventFilter(counter)
        counters.append(counter)
    on_gc = None
    if spans is not None:
        bridge._timer.timeout.disconnect()
        bridge._timer.timeout.connect(spans.wrap("SessionBridge.flush", bridge.flush))
        monitor.stream.on_batch = spans.wrap("ClusterMonitor._on_events", monitor.stream.on_batch, lambda a, _: len(a[0]))
        monitor._on_store_changes = spans.wrap(
            "ConsoleSession._on_store_changes", monitor._on_store_changes, lambda a, _: len(a[0].changed)
        )
        model.apply = spans.wrap("TaskTreeModel.apply", model.apply, lambda a, _: len(a[0]))
        model.remove = spans.wrap("TaskTreeModel.remove", model.remove, lambda a, _: len(a[0]))
        graphs = getattr(window, "graphs_view", None)
        if graphs is not None and hasattr(graphs, "redraw") and hasattr(graphs, "_timer"):
            graphs._timer.timeout.disconnect()
            graphs.redraw = spans.wrap("GraphsView.redraw", graphs.redraw)
            graphs._timer.timeout.connect(graphs.redraw)
        for owner, name, label in (
            (monitor, "refresh_queues", "ClusterMonitor.refresh_queues step"),
            (monitor, "refresh_worker_holdings", "ClusterMonitor.refresh_worker_holdings step"),
            (session, "refresh", "ConsoleSession.refresh step"),
        ):
            original = getattr(owner, name)
            setattr(owner, name, lambda original=original, label=label: TimedSteps(original(), label, spans))
        on_gc = gc_spans(spans)
        gc.callbacks.append(on_gc)

    clock = ThreadClock()
    stamps = clock.stamps
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(clock.stamp)

    ctx = multiprocessing.get_context("spawn")
    go, stop, sent, paused = ctx.Event(), ctx.Event(), ctx.Value("q", 0, lock=False), ctx.Value("d", 0.0, lock=False)
    sender = ctx.Process(
        target=send_tasks, args=(profile.broker_url, load.rate, load.backlog, go, stop, sent, paused), daemon=True
    )
    sender.start()
    renice(sender.pid, load.nice, own_session=False)
    marks: dict[str, float] = {}
    shown: list[tuple[int, float, float]] = []  # (tab, from, to)
    switches: list[tuple[float, int]] = []
    samples: list[tuple[float, int]] = []
    result: dict = {}
    try:
        window.show()
        session.start()
        ticker.start()
        await asyncio.sleep(0.3)
        deadline = time.monotonic() + 30
        while (
            monitor.stream_status.state is not StreamState.RECEIVING
            or sum(1 for w in monitor.workers() if w.online) < load.workers
        ):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"events not flowing after 30 s: stream {monitor.stream_status.state.value}, "
                    f"{sum(1 for w in monitor.workers() if w.online)} of {load.workers} workers heard"
                )
            await asyncio.sleep(0.05)
        tabs.setCurrentIndex(0)
        if args.all_tasks:
            window.results_view.show_all_tasks.setChecked(True)
        marks["go"] = time.perf_counter()
        go.set()
        await asyncio.sleep(args.event_warmup)

        if profiler is not None:
            profiler.enable()
        stream = monitor.stream
        marks["start"] = time.perf_counter()
        ingested0, received0, sent0, paused0 = monitor.store.ingested, getattr(stream, "_events", 0), sent.value, paused.value
        threads = {"console GUI thread": threading.main_thread().native_id}
        if getattr(stream, "_thread", None) is not None:
            threads["console event thread"] = stream._thread.native_id
        processes = {
            "console (all threads)": [os.getpid()],
            "workers": load.pids(),
            "sender": [sender.pid],
            "redis": load.redis_pids,
        }
        cpu0 = cpu_sample(threads, processes)
        paints0 = [c.paints for c in counters]
        samples.append((marks["start"], ingested0))
        for _ in range(args.rounds):
            for index in range(tabs.count()):
                if tabs.currentIndex() != index:
                    switched = time.perf_counter()
                    tabs.setCurrentIndex(index)
                    if spans is not None:
                        spans.items.append((f"tab switch to {names[index]}", switched, time.perf_counter(), 1))
                    switches.append((switched, index))
                began = time.perf_counter()
                until = began + args.dwell
                while (now := time.perf_counter()) < until:
                    await asyncio.sleep(min(1.0, until - now))
                    samples.append((time.perf_counter(), monitor.store.ingested))
                shown.append((index, began, time.perf_counter()))
        marks["end"] = time.perf_counter()
        ingested1, received1, sent1, paused1 = monitor.store.ingested, getattr(stream, "_events", 0), sent.value, paused.value
        cpu1 = cpu_sample(threads, processes)
        if profiler is not None:
            profiler.disable()
        stop.set()
        window_s = marks["end"] - marks["start"]
        rates = [(n2 - n1) / (t2 - t1) for (t1, n1), (t2, n2) in zip(samples, samples[1:], strict=False) if t2 - t1 >= 0.5]
        result = {
            "stamps": stamps,
            "clock": clock,
            "marks": marks,
            "names": names,
            "shown": shown,
            "switches": switches,
            "window_s": window_s,
            "events_per_s": (ingested1 - ingested0) / window_s,
            "received_per_s": (received1 - received0) / window_s,
            "sent_per_s": (sent1 - sent0) / window_s,
            "sender_paused": (paused1 - paused0) / window_s,
            "cpu": {name: (cpu1[name] - cpu0[name]) / window_s for name in cpu0},
            "rate_min": min(rates, default=0.0),
            "rate_max": max(rates, default=0.0),
            "events_held": len(monitor.store),
            "rows": model.rowCount(),
            "session_rows": len(session.tasks),
            "rows_shown": window.results_view.rows.rowCount(),
            "paints": [c.paints - p for c, p in zip(counters, paints0, strict=True)],
        }
    finally:
        ticker.stop()
        pacer.stop()
        if profiler is not None:
            profiler.disable()
        if on_gc is not None and on_gc in gc.callbacks:
            gc.callbacks.remove(on_gc)
        stop.set()
        go.set()
        sender.join(10)
        if sender.is_alive():
            sender.terminate()
        await asyncio.wait_for(session.stop(), 30)
        window.close()
        window.deleteLater()
        console.close()
        await asyncio.sleep(0.05)
    return result


def measure_events(loop, profile: ConnectionProfile, load: EventLoad, args) -> dict:
    """The live-monitor measurement, printed; returns its JSON keys."""
    spans = Spans()
    figures = loop.run_until_complete(run_events(profile, load, args, spans, None))
    stamps, marks, names = figures["stamps"], figures["marks"], figures["names"]
    window = [(marks["start"], marks["end"])]
    every = gaps_in(stamps, window)
    overall = gap_stats(stamps, marks["start"], marks["end"])
    warmup = gap_stats(stamps, marks["go"], marks["start"])
    switch_times = [t for t, _ in figures["switches"]]

    def after_switch(gap) -> bool:
        _, a, b = gap
        return any(b >= t and a <= t + SWITCH_SETTLE_S for t in switch_times)

    steady = summarize([g for g in every if not after_switch(g)])
    per_tab = {}
    for index, name in enumerate(names):
        intervals = [(s, e) for i, s, e in figures["shown"] if i == index]
        per_tab[name] = {
            **summarize(gaps_in(stamps, intervals)),
            "paints": figures["paints"][index],
            "seconds": round(sum(e - s for s, e in intervals), 1),
        }
    rate = figures["events_per_s"]
    rate_met = rate >= TARGET_EVENTS_PER_S
    stall_met = overall["max_ms"] is not None and overall["max_ms"] <= TARGET_EVENTS_MAX_STALL_MS

    print()
    print(
        f"live monitor: {load.label} real `celery worker -E` running tasks.add, fed by app.send_task "
        f"(task-sent events on) at up to {load.rate:g} tasks/s; fresh window, offscreen"
    )
    print(
        f"  events ingested by the console (EventStore.ingested): {rate:,.0f}/s over {figures['window_s']:.1f} s "
        f"(per second: min {figures['rate_min']:,.0f}, max {figures['rate_max']:,.0f}); received by the stream thread "
        f"{figures['received_per_s']:,.0f}/s; tasks sent {figures['sent_per_s']:,.0f}/s"
    )
    if rate_met:
        print(f"  event rate >= {TARGET_EVENTS_PER_S:,.0f}/s: reached")
    else:
        print(
            f"  event rate >= {TARGET_EVENTS_PER_S:,.0f}/s: NOT reached on this machine ({os.cpu_count()} cpus): "
            f"{rate:,.0f} events/s is what these workers, the sender and the console together managed"
        )
    cpu = figures["cpu"]
    mine = sum(cpu.get(k, 0.0) for k in ("console (all threads)", "workers", "sender", "redis"))
    print(
        f"  the sender waited for the queue (more than {load.backlog} messages) {figures['sender_paused']:.0%} of the time; "
        "CPU over the window, in cores: "
        + ", ".join(f"{name} {value:.2f}" for name, value in cpu.items())
        + f"; not this bench {max(0.0, cpu.get('machine (busy)', 0.0) - mine):.2f} (of {os.cpu_count()})"
    )
    print(
        f"  tabs shown in turn, {args.dwell:g} s each, {args.rounds} round(s): {', '.join(names)}; "
        f"{len(figures['switches'])} switches; {figures['events_held']:,} tasks in the event store, {figures['rows']:,} top-level rows in the task tree ({figures['session_rows']:,} tasks in the session, {figures['rows_shown']:,} rows in the table)"
    )
    print_phase("warm-up", warmup)
    print_phase("events", overall)
    print(
        f"  without the first {SWITCH_SETTLE_S * 1000:.0f} ms after each tab switch: max gap {steady['max_ms']} ms  p99 {steady['p99_ms']} ms"
    )
    print("  per tab (gaps while it was the one shown; paint events of its widgets):")
    for name, stats in per_tab.items():
        print(
            f"    {name:18s} max gap {stats['max_ms']} ms  p99 {stats['p99_ms']} ms  paints {stats['paints']:,}  ({stats['seconds']:g} s)"
        )
    print("  instrumented calls while measuring (count, longest):")
    for name, (count, longest, work) in sorted(spans.longest(marks["start"], marks["end"]).items()):
        unit = f" ({UNITS[name]} {work:,})" if name in UNITS else ""
        print(f"    {name:44s} x{count:<6,} longest {longest:7.1f} ms{unit}")
    if overall["worst"]:
        print("  longest gaps while measuring (instrumented calls inside them; the tab shown; gc = Python's collector):")
        for gap in overall["worst"]:
            _, a, _ = gap
            tab = next((names[i] for i, s, e in figures["shown"] if s <= a <= e), "?")
            note = f"  [{tab}" + (", just after a tab switch]" if after_switch(gap) else "]")
            print(describe_gap(gap, spans, marks["start"], figures["clock"]) + note)
    met = stall_met and rate_met
    print(
        f"target max stall <= {TARGET_EVENTS_MAX_STALL_MS:g} ms at >= {TARGET_EVENTS_PER_S:,.0f} events/s with every tab shown: "
        f"{'met' if met else 'MISSED'} (max stall {overall['max_ms']} ms: {'met' if stall_met else 'missed'}; "
        f"{rate:,.0f} events/s: {'reached' if rate_met else 'not reached'})"
    )
    figures_out = {
        "events_per_s": round(rate),
        "events_target_per_s": TARGET_EVENTS_PER_S,
        "events_rate_met": rate_met,
        "events_received_per_s": round(figures["received_per_s"]),
        "events_tasks_sent_per_s": round(figures["sent_per_s"]),
        "events_window_s": round(figures["window_s"], 1),
        "events_workers": load.label,
        "events_load_nice": load.nice,
        "events_cpu_cores": {name: round(value, 2) for name, value in figures["cpu"].items()},
        "events_max_stall_ms": overall["max_ms"],
        "events_p99_gap_ms": overall["p99_ms"],
        "events_gaps_over_50ms": overall["over_50ms"],
        "events_blocked_in_gaps_over_16ms_ms": overall["blocked_over_16ms_ms"],
        "events_max_stall_excluding_tab_switches_ms": steady["max_ms"],
        "events_max_stall_by_tab_ms": {name: stats["max_ms"] for name, stats in per_tab.items()},
        "events_paints_by_tab": {name: stats["paints"] for name, stats in per_tab.items()},
        "events_warmup_max_stall_ms": warmup["max_ms"],
        "events_stall_target_met": stall_met,
        "events_target_met": met,
    }
    if not stall_met or args.profile:
        profiler = cProfile.Profile()
        try:
            loop.run_until_complete(run_events(profile, load, args, None, profiler))
        except RuntimeError as exc:
            print(f"  the cProfile pass failed: {exc}")
        else:
            print_profile(profiler, span="the live-monitor window, every tab in turn")
    return figures_out


def measure_updates(loop, profile: ConnectionProfile, args) -> dict:
    """The tracked-tasks measurement (the first part), printed; returns its JSON keys."""
    spans = Spans()
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
                print(describe_gap(gap, spans, origin, figures["clock"]))
    print(f"target max stall <= {TARGET_MAX_STALL_MS:g} ms while the states change: {'met' if met else 'MISSED'}")

    if not met or args.profile:
        profiler = cProfile.Profile()
        loop.run_until_complete(run_once(profile, args.n, args.batch, None, profiler))
        print_profile(profiler)

    return {
        "max_stall_ms": updates["max_ms"],
        "p99_gap_ms": updates["p99_ms"],
        "gaps_over_50ms": updates["over_50ms"],
        "blocked_in_gaps_over_16ms_ms": updates["blocked_over_16ms_ms"],
        "all_success_ms": round(figures["all_success_ms"], 1),
        "settled_ms": round(figures["settled_ms"], 1),
        "writer_ms": round(figures["writer_ms"], 1),
        "all_success_after_writer_ms": round(figures["all_success_ms"] - figures["writer_ms"], 1),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="tracked tasks")
    parser.add_argument("--batch", type=int, default=500, help="keys per writer round trip")
    parser.add_argument("--profile", action="store_true", help="always run the cProfile passes")
    parser.add_argument("--event-workers", type=int, default=2, help="celery worker processes for the live-monitor part")
    parser.add_argument("--event-pool", default="solo", help="their pool (solo, threads, prefork)")
    parser.add_argument("--event-concurrency", type=int, default=1, help="their concurrency (threads, prefork)")
    parser.add_argument("--event-rate", type=float, default=800.0, help="most tasks a second the sender sends (4 events each)")
    parser.add_argument("--event-backlog", type=int, default=500, help="the sender pauses while more messages wait")
    parser.add_argument(
        "--load-nice",
        type=int,
        default=10,
        help="nice value of the workers, the sender and redis-server (0: same priority as the console)",
    )
    parser.add_argument("--event-warmup", type=float, default=3.0, help="seconds of load before measuring")
    parser.add_argument("--dwell", type=float, default=3.0, help="seconds each tab is shown")
    parser.add_argument(
        "--all-tasks", action="store_true", help="tick the results' All tasks box: every task the events show gets a row"
    )
    parser.add_argument("--rounds", type=int, default=2, help="times every tab is shown")
    phases = parser.add_mutually_exclusive_group()
    phases.add_argument("--no-events", action="store_true", help="only the tracked-tasks part")
    phases.add_argument("--only-events", action="store_true", help="only the live-monitor part")
    parser.add_argument("--quick", action="store_true", help="each tab shown once for 1 s, after 2 s of load")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(dwell=1.0, rounds=1, event_warmup=2.0)
        args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.app.qt_loop import QtAsyncioLoop
    from desktop.app.run import install_qt_message_filter
    from desktop.core.runtime.demo import DemoError

    install_qt_message_filter()
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setQuitOnLastWindowClosed(False)
    server = RedisServer()
    figures: dict = {"n": args.n, **dict.fromkeys(UPDATE_KEYS)}
    try:
        server.start()
        profile = ConnectionProfile(name="bench", broker_url=server.url(10), backend_url=server.url(11))
        loop = QtAsyncioLoop(qt_app)  # the loop the app runs on
        asyncio.set_event_loop(loop)
        with loop:
            if not args.only_events:
                figures.update(measure_updates(loop, profile, args))
            if not args.no_events:
                load = EventLoad(
                    profile.broker_url,
                    profile.backend_url,
                    workers=args.event_workers,
                    pool=args.event_pool,
                    concurrency=args.event_concurrency,
                    rate=args.event_rate,
                    backlog=args.event_backlog,
                    nice=args.load_nice,
                    redis_pids=server.pids,
                )
                try:
                    started = time.perf_counter()
                    load.start()
                    print(f"\n{load.label} workers answered a ping {time.perf_counter() - started:.1f} s after their start")
                    figures.update(measure_events(loop, profile, load, args))
                except (DemoError, RuntimeError) as exc:
                    print(f"live-monitor part failed: {exc}")
                    figures["events_error"] = str(exc)
                finally:
                    load.stop()
        print(json.dumps({"bench": "gui_stall", "unit": "ms", **figures, "targets": as_json("gui_stall")}))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
