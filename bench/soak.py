"""Soak: the console tracking a real worker pool for --minutes (default 30): RSS, event store, GUI stalls, tasks lost.

A private redis-server and one real ``celery worker -E`` (prefork, --concurrency 3, on
``desktop/tasks.py``) run the load; the real window is built offscreen exactly as the app
builds it (``build_console(profile)``, ``window.show()``, ``tune_gc()``: the CollectorPacer,
``session.start()``), with a history folder and a config folder of its own (temp dirs). Once a
worker answers and its events arrive, the console itself sends tasks through its session the
way the call form does (``session.send_call(CallSpec(...))``, one call per task, so every id
is "mine", tracked by the poller and shown as a row), at --rate tasks a second (default 20)
for --minutes, in a fixed mix: 70 % ``tasks.add``, 10 % ``tasks.long_progress`` (4 PROGRESS
updates, 50 ms apart), 8 % ``tasks.always_fails`` (a failure with a traceback), 8 %
``tasks.flaky`` (two retries 1 s apart, then success), 4 % ``tasks.audited(fail=True)`` (one
retry, then failure). The worker's events flow into the live monitor's event store as they
would on a real deployment. At 20 tasks/s the worker needs about a tenth of a core, so it and
redis-server run at the console's priority (--load-nice 0); --load-nice 10 gives the console
the cores first, as gui_stall.py does (on a busy shared machine that starves the pool).

Measured while it runs:
- GUI stalls: a QTimer with a 1 ms interval (PreciseTimer) on the GUI thread; a gap between two
  timeouts is time the thread could not run it. Gaps are folded into a histogram as they come
  (no stamp list: a 30-minute list of stamps would itself grow the heap), per phase (warm-up,
  after warm-up, drain) and per minute; the longest gaps are kept with the GUI thread's CPU and
  run-queue time inside them (/proc schedstat) and the garbage collections that overlapped.
- every --sample-every s (default 5): VmRSS of this process (the console; the workers and
  redis-server are other processes), Python's allocated blocks, the rows of the session (its
  ``tasks``), what the poller tracks and still polls, the tree model's records, the rows the
  results table shows, the calls kept for re-send, the event store's tasks and its eviction
  queues, the model's node-id table, GC counters and the pacer's figures.
- one line per minute: RSS, rows held, event-store size, longest gap in that minute.

The window is bounded as in the app: ``session.max_rows`` is --window-rows (default the product's
``DEFAULT_MAX_ROWS``, 10,000; the app sets it from Settings.window_rows): past it my oldest finished
tasks leave the window a chunk at a time (the session's ``_trim_rows``: the poller stops tracking
them, their calls kept for re-send go, their rows leave the models); unfinished ones stay, and the
history keeps every task. --event-tasks N bounds the event store (``monitor.store.max_tasks``, the
app's setting; default the app's, 100,000).

Warm-up ends at the later of (a) --warmup-pct of the run (default 20 %, at least 60 s) and (b) the
moment the window first holds --window-rows rows of mine (``len(poller.tracked)``, what the bound
counts): from then on the bounded structures are full and the memory must stay flat; the first
sample at or after that moment is the end of warm-up (both moments are printed). A window that
never fills while sending (a short run, a large --window-rows) leaves the end of warm-up at (a) and
the report says so: the growth then includes the rows still being added. RSS growth is (RSS at the
end of sending - RSS at the end of warm-up) / RSS at the end of warm-up, against the target (RSS flat:
<= 10 %); the growth from the plain (a) point and a least-squares line of RSS over time after
warm-up (MB an hour) are printed too. At the very end the Python objects reachable from each
per-task structure (session rows, poller, calls, tree and table models, event store) are summed
once (``sys.getsizeof`` over ``gc.get_referents``, shared objects counted once) to give what one
entry of each costs; each structure's entries added after warm-up times that cost is the growth
it explains (with the window full, mostly the event store until its own bound is reached), and
RSS growth minus the sum is the growth nothing held explains (an upper bound: the allocator's own
overhead and fragmentation are in it). The bench keeps the ids it sent as 16-byte UUIDs, not
strings, so its bookkeeping adds 17 bytes a task to the RSS. --trace-growth runs tracemalloc from
the end of warm-up and lists where the memory still held at the end was allocated (it slows the
console: its stall and RSS figures are then not comparable).

Tasks lost: sending stops, the bench waits (at most --drain s) until the backend holds a final
state (SUCCESS / FAILURE) for every task sent, reading ``celery-task-meta-<id>`` with a Redis
client of its own, then (at most --catch-up s) until the rows still in the window agree. Then the
session stops (its last changes go to the history), the history's writer is flushed and the
history is read back (``session.history.database.load``, the reader the app starts with). A task
still in the window is lost when the model has no row for it or the row's state differs from the
backend's final state; a task that left the window is lost unless the backend finished it and the
history holds it with that same state. Tasks the backend never finished are counted as
unfinished. After the drain (outside every measured window) one ``CollectorPacer.thaw()`` is timed:
the full collection the pacer runs every ``thaw_every`` seconds (the pacer's own, printed), with
everything the soak left held.

    .venv/bin/python bench/soak.py [--minutes 30 | --quick] [--rate 20] [--concurrency 3]
        [--sample-every 5] [--warmup-pct 20] [--load-nice 0] [--window-rows N] [--event-tasks N]
        [--trace-growth] [--json-only]

``--quick`` (what bench/check.py runs) sends for 45 s into a 300-row window, warm-up 40 % of
the run, a sample every 2 s: the window is full before warm-up ends, so the growth after it is
the bound holding; a long run is still what finds a slow leak. The RSS an hour (a line fitted
to the samples after warm-up) is extrapolated whenever those samples span less than an hour:
the JSON line then lists it under "extrapolated". The targets are in bench/targets.py.

Ctrl+C (or SIGTERM) ends the sending early and goes on to the drain and the report; a second
one skips to the shutdown. The worker and redis-server are stopped in every case (they also get
SIGTERM from the kernel if this process dies).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import gc
import heapq
import json
import math
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import tracemalloc
import types
import uuid
from array import array
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
TEMP_DIR = tempfile.mkdtemp(prefix="celery-desktop-soak-")
os.environ["CELERY_DESKTOP_CONFIG_DIR"] = os.path.join(TEMP_DIR, "config")  # settings, presets: none of the user's
os.environ["CELERY_DESKTOP_DATA_DIR"] = os.path.join(TEMP_DIR, "data")  # a history of its own
atexit.register(shutil.rmtree, TEMP_DIR, True)

from bench.processes import renice  # noqa: E402
from bench.targets import as_json, limit  # noqa: E402
from desktop.core.connection.profiles import ConnectionProfile  # noqa: E402
from desktop.core.domain.calls import CallSpec  # noqa: E402
from desktop.core.live.session import DEFAULT_MAX_ROWS  # noqa: E402
from desktop.core.runtime.demo import DemoError, RedisServer, WorkerProcess, wait_for_workers  # noqa: E402

TARGET_RSS_GROWTH_PCT = limit("soak", "rss_growth_pct")
TARGET_MAX_STALL_MS = limit("soak", "max_stall_ms")
FINAL = ("SUCCESS", "FAILURE", "REVOKED")
BUCKET_MS = 0.1  # gap histogram resolution
BUCKETS = 30_000  # up to 3 s; longer gaps go in the last bucket (their exact length is kept in the worst list)
WORST_KEPT = 8
GC_LOGGED_MS = 5.0  # collections at least this long are kept, to explain gaps
META_PREFIX = "celery-task-meta-"
TRACE_FRAMES = 12

# (weight, label, task, args, kwargs, final state the backend should end with)
MIX = (
    (70, "add", "tasks.add", lambda i: (i, i), lambda i: {}, "SUCCESS"),
    (10, "progress", "tasks.long_progress", lambda i: (), lambda i: {"total": 4, "delay": 0.05}, "SUCCESS"),
    (8, "fails", "tasks.always_fails", lambda i: (), lambda i: {"sku": f"SKU-{i}", "quantity": 2}, "FAILURE"),
    (8, "retries", "tasks.flaky", lambda i: (), lambda i: {"succeed_on_attempt": 3}, "SUCCESS"),
    (4, "retry+fail", "tasks.audited", lambda i: (), lambda i: {"value": i, "fail": True}, "FAILURE"),
)


def rss_mb() -> float:
    """VmRSS of this process (the console), MiB."""
    with open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; children that exited not counted)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = text.rsplit(")", 1)[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy so far (all cores; /proc/stat less idle and iowait)."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


# -- GUI-thread gaps -----------------------------------------------------------------------------


@dataclass
class PhaseGaps:
    hist: array = field(default_factory=lambda: array("I", [0]) * BUCKETS)
    count: int = 0
    max_ms: float = 0.0
    max_own_ms: float = 0.0  # the longest gap less its run-queue wait (the cores busy with other processes)
    over_50ms: int = 0
    blocked_over_16ms_ms: float = 0.0

    def p(self, q: float) -> float | None:
        if not self.count:
            return None
        rank, seen = math.ceil(q * self.count), 0
        for index, n in enumerate(self.hist):
            seen += n
            if seen >= rank:
                return round(min((index + 1) * BUCKET_MS, self.max_ms), 1)
        return round(self.max_ms, 1)

    def summary(self) -> dict:
        return {
            "max_ms": round(self.max_ms, 1) if self.count else None,
            "max_without_run_queue_ms": round(self.max_own_ms, 1) if self.count else None,
            "p99_ms": self.p(0.99),
            "p999_ms": self.p(0.999),
            "median_ms": self.p(0.5),
            "gaps": self.count,
            "over_50ms": self.over_50ms,
            "blocked_over_16ms_ms": round(self.blocked_over_16ms_ms, 1),
        }


class GapMeter:
    """Stamps a 1 ms PreciseTimer; folds each gap into its phase's histogram, its minute's max and the worst list."""

    def __init__(self) -> None:
        self.phase: str | None = None
        self.phases: dict[str, PhaseGaps] = {}
        self.origin = 0.0
        self.minute_max: dict[int, float] = {}
        self.worst: list[tuple[float, float, float, float, str]] = []  # (ms, start, cpu ms, run-queue ms, phase), a heap
        self._last: float | None = None
        self._sched = (0, 0)
        try:
            self._fd: int | None = os.open(f"/proc/self/task/{threading.get_native_id()}/schedstat", os.O_RDONLY)
        except OSError:
            self._fd = None

    def set_phase(self, phase: str | None) -> None:
        self.phase = phase
        if phase is not None:
            self.phases.setdefault(phase, PhaseGaps())

    def stamp(self) -> None:
        now = time.perf_counter()
        last, self._last = self._last, now
        sched = self._sched
        if self._fd is not None:
            cpu, wait, _ = os.pread(self._fd, 64, 0).split()
            self._sched = sched_now = (int(cpu), int(wait))
        else:
            sched_now = sched
        phase = self.phase
        if last is None or phase is None:
            return
        gap = (now - last) * 1000
        stats = self.phases[phase]
        stats.count += 1
        stats.hist[min(int(gap / BUCKET_MS), BUCKETS - 1)] += 1
        if gap > stats.max_ms:
            stats.max_ms = gap
        minute = int((now - self.origin) // 60)
        if gap > self.minute_max.get(minute, 0.0):
            self.minute_max[minute] = gap
        if gap > 16:
            stats.blocked_over_16ms_ms += gap
            if gap > 50:
                stats.over_50ms += 1
            waited = (sched_now[1] - sched[1]) / 1e6
            if gap - waited > stats.max_own_ms:
                stats.max_own_ms = gap - waited
            entry = (gap, last, (sched_now[0] - sched[0]) / 1e6, waited, phase)
            if len(self.worst) < WORST_KEPT:
                heapq.heappush(self.worst, entry)
            elif entry > self.worst[0]:
                heapq.heapreplace(self.worst, entry)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class GcLog:
    """Collections of at least GC_LOGGED_MS (whichever thread ran them, the GUI thread waited): (start, ms, generation)."""

    def __init__(self) -> None:
        self.long: list[tuple[float, float, int]] = []
        self.total_ms = 0.0
        self.count = 0
        self.last_collected = 0
        self._started: float | None = None

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            ms = (time.perf_counter() - self._started) * 1000
            self._started = None
            self.total_ms += ms
            self.count += 1
            self.last_collected = info["collected"]
            if ms >= GC_LOGGED_MS and len(self.long) < 5000:
                self.long.append((time.perf_counter() - ms / 1000, ms, info["generation"]))

    def inside(self, start: float, end: float) -> str:
        hits = [(ms, gen) for s, ms, gen in self.long if s < end and s + ms / 1000 > start]
        return ", ".join(f"gc gen{gen} {ms:.0f} ms" for ms, gen in hits)


# -- memory held per task ------------------------------------------------------------------------

_NOT_WALKED = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
    types.FrameType,
)


def reachable_bytes(roots: list, seen: set[int]) -> tuple[int, int]:
    """sys.getsizeof summed over the objects reachable from roots (not through types, modules, code or Qt), not in seen."""
    total = objects = 0
    stack = list(roots)
    while stack:
        obj = stack.pop()
        key = id(obj)
        if key in seen:
            continue
        seen.add(key)
        if isinstance(obj, _NOT_WALKED) or type(obj).__module__.startswith(("PySide6", "shiboken")):
            continue
        total += sys.getsizeof(obj)
        objects += 1
        stack.extend(gc.get_referents(obj))
    return total, objects


STRUCTURES = (
    "session rows",
    "poller tracked",
    "poller key->id",
    "poller polling",
    "push channels",
    "calls kept",
    "tree records",
    "tree node ids",
    "table rows",
    "event store",
    "store first-seen queue",
    "store finished queue",
    "store interned",
    "seen-only rows",
    "errors kept",
    "graph runtimes kept",
    "key reader known keys",
)


def structure_sizes(session, model, rows) -> dict[str, int]:
    """Lengths of the per-task structures of the console (cheap: len() only)."""
    store, poller = session.monitor.store, session.poller
    return {
        "session rows": len(session.tasks),
        "poller tracked": len(poller.tracked),
        "poller key->id": len(poller._key_to_id),
        "poller polling": len(poller._pending),
        "push channels": len(poller._subscribed),
        "calls kept": len(session.sent_calls),
        "tree records": len(model),
        "tree node ids": len(model._ids),
        "table rows": rows.rowCount(),
        "event store": len(store),
        "store first-seen queue": len(store._order),
        "store finished queue": len(store._finished),
        "store interned": len(store._strings),
        "seen-only rows": len(session._seen_only),
        "errors kept": len(session.errors),
        "graph runtimes kept": sum(len(runs) for runs in session.monitor.metrics.runtimes._by_name.values()),
        "key reader known keys": len(poller._reader._known) if poller._reader is not None else 0,
    }


# each group of held_bytes and the count of its entries (a key of structure_sizes)
HELD_COUNTED_BY = {
    "session rows": "session rows",
    "poller": "poller tracked",
    "calls kept": "calls kept",
    "tree + table models": "tree records",
    "event store": "event store",
}


def held_bytes(session, model, rows) -> dict[str, tuple[int, int]]:
    """What each per-task structure holds (bytes, objects), each counting only what the ones before it do not."""
    store, poller = session.monitor.store, session.poller
    groups = {
        "session rows": [session.tasks, session._seen_only, session.task_changes],
        "poller": [
            poller.tracked,
            poller._key_to_id,
            poller._pending,
            poller._subscribed,
            poller._unread,
            *((poller._reader._known, poller._reader._dirty) if poller._reader is not None else ()),
        ],
        "calls kept": [session.sent_calls],
        "tree + table models": [
            model._records,
            model._nid,
            model._ids,
            model._children,
            model._parent,
            model._row,
            model._orphans,
            rows._rows,
            rows._row_of,
            rows._collapsed,
        ],
        "event store": [store._tasks, store._order, store._finished, store._children, store._strings],
    }
    seen: set[int] = set()
    return {name: reachable_bytes(roots, seen) for name, roots in groups.items()}


def growth_by_site(snapshot: tracemalloc.Snapshot, top: int = 15) -> list[tuple[str, int, int, str]]:
    """Bytes still held that were allocated after warm-up, by the innermost frame in desktop/ (else the innermost frame).

    Returns (site, bytes, blocks, the innermost frame) for the largest sites.
    """
    own = str(ROOT / "desktop") + os.sep
    sites: dict[str, list] = {}
    for stat in snapshot.statistics("traceback"):
        frames = list(reversed(stat.traceback))  # innermost first (a Traceback runs from the oldest frame)
        mine = next((fr for fr in frames if fr.filename.startswith(own)), None)
        where = mine or frames[0]
        key = f"{where.filename.replace(str(ROOT) + os.sep, '')}:{where.lineno}"
        inner = frames[0]
        entry = sites.setdefault(key, [0, 0, ""])
        entry[0] += stat.size
        entry[1] += stat.count
        if not entry[2]:
            entry[2] = f"{Path(inner.filename).name}:{inner.lineno}"
    ranked = sorted(sites.items(), key=lambda kv: -kv[1][0])[:top]
    return [(site, size, count, inner) for site, (size, count, inner) in ranked]


def fit(xs: list[float], ys: list[float], min_spread: float = 200) -> tuple[float, float, float] | None:
    """Least squares y = a + b x: (a, b, r²); None with fewer than 3 points or x spread over less than min_spread."""
    n = len(xs)
    if n < 3 or max(xs) - min(xs) < min_spread:  # too few points, or too little spread for a slope to mean anything
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    syy = sum((y - my) ** 2 for y in ys)
    b = sxy / sxx
    r2 = (sxy * sxy) / (sxx * syy) if syy else 1.0
    return my - b * mx, b, r2


# -- the backend's own word ------------------------------------------------------------------------


def backend_states(backend_url: str, ids: list[str], chunk: int = 1000) -> dict[str, str | None]:
    """Status of each task as the result backend holds it (its own Redis client; None when no key)."""
    import redis

    client = redis.Redis.from_url(backend_url, socket_timeout=30)
    out: dict[str, str | None] = {}
    try:
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            for task_id, raw in zip(part, client.mget([META_PREFIX + i for i in part]), strict=True):
                if raw is None:
                    out[task_id] = None
                    continue
                try:
                    out[task_id] = sys.intern(str(json.loads(raw).get("status")))
                except (ValueError, AttributeError):
                    out[task_id] = "<unreadable>"
    finally:
        client.close()
    return out


def cpu_now(load_pids: dict) -> dict[str, float]:
    """CPU seconds so far of each named set of processes; "machine" is the whole machine, busy."""
    return {
        name: machine_busy_seconds() if pids is None else sum(cpu_seconds(p) for p in pids()) for name, pids in load_pids.items()
    }


# -- the soak ------------------------------------------------------------------------------------


@dataclass
class Run:
    id_bytes: bytearray = field(default_factory=bytearray)  # every id the console sent, 16 bytes (its UUID) each
    other_ids: dict[int, str] = field(default_factory=dict)  # the odd id that is not a UUID (none expected), by position
    kinds: bytearray = field(default_factory=bytearray)  # index into MIX, per id
    send_errors: list[str] = field(default_factory=list)
    full_at: float | None = None  # s after the first task sent when the window first held --window-rows rows of mine
    store_full_at: float | None = None  # s after the first task sent when the event store first held its bound
    samples: list[dict] = field(default_factory=list)
    minutes: list[dict] = field(default_factory=list)
    stop_sending: bool = False
    abort: bool = False
    interrupted: bool = False

    @property
    def sent(self) -> int:
        return len(self.kinds)

    def add(self, task_id: str, kind: int) -> None:
        """Kept as 16 bytes, not as a string: the bench's own memory stays out of the console's RSS growth."""
        try:
            self.id_bytes += uuid.UUID(task_id).bytes
        except ValueError:
            self.other_ids[len(self.kinds)] = task_id
            self.id_bytes += bytes(16)
        self.kinds.append(kind)

    def ids(self) -> list[str]:
        data, other = bytes(self.id_bytes), self.other_ids
        return [other.get(i) or str(uuid.UUID(bytes=data[16 * i : 16 * i + 16])) for i in range(len(self.kinds))]


def say(args, *parts, **kwargs) -> None:
    if not args.json_only:
        print(*parts, **kwargs, flush=True)


async def soak(profile: ConnectionProfile, args, load_pids, run: Run) -> dict:
    from PySide6.QtCore import Qt, QTimer

    from desktop.app.console import build_console
    from desktop.app.run import tune_gc
    from desktop.core.live.event_receiver import StreamState

    loop = asyncio.get_running_loop()
    console = build_console(profile)
    session, bridge, window = console.session, console.bridge, console.window
    session.max_rows = args.window_rows  # as the app does from Settings.window_rows
    if args.event_tasks:
        session.monitor.store.max_tasks = args.event_tasks  # as the app does with --event-tasks or the setting
    model, rows = bridge.tasks, window.results_view.rows
    meter, gclog = GapMeter(), GcLog()
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(meter.stamp)
    duration = args.minutes * 60.0
    warmup_s = max(60.0, duration * args.warmup_pct / 100) if duration > 60 else duration * args.warmup_pct / 100
    rng = random.Random(7)
    weights = [m[0] for m in MIX]
    figures: dict = {}
    pacer = None
    sender = sampler = None
    session_stopped = False
    try:
        window.show()
        await asyncio.sleep(0)  # one turn of the Qt loop: the window is mapped and painted, as in the app
        pacer = tune_gc()
        gc.callbacks.append(gclog)
        session.start()
        ticker.start()
        meter.origin = time.perf_counter()
        meter.set_phase("start")
        deadline = time.monotonic() + 60
        while not (session.online_workers and session.monitor.stream_status.state is StreamState.RECEIVING):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"console not ready in 60 s: workers online {len(session.online_workers)}, "
                    f"events {session.monitor.stream_status.state.value}"
                )
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # the first refreshes (registered tasks, worker conf) settle
        started_ms = (time.perf_counter() - meter.origin) * 1000

        cpu0 = cpu_now(load_pids)
        t0 = time.monotonic()
        meter.origin = time.perf_counter()  # minutes count from the first task sent
        meter.set_phase("warm-up")
        marks = {"pct": None, "warmup_end": None, "end": None, "reason": None}  # pct: the plain --warmup-pct point

        def sample(phase: str) -> dict:
            counts = gc.get_count()
            entry = {
                "t": round(time.monotonic() - t0, 2),
                "phase": phase,
                "rss_mb": round(rss_mb(), 2),
                "blocks": sys.getallocatedblocks(),
                "sent": run.sent,
                **structure_sizes(session, model, rows),
                "gc_counts": counts,
                "gc_collections": [s["collections"] for s in gc.get_stats()],
                "pacer_steps": pacer.stats.steps,
                "pacer_longest_step_ms": round(pacer.stats.longest_step_ms, 1),
                "pacer_thaws": pacer.stats.thaws,
            }
            run.samples.append(entry)
            return entry

        async def send_loop() -> None:
            n = 0
            while not run.stop_sending and time.monotonic() - t0 < duration:
                due = min(int((time.monotonic() - t0) * args.rate) + 1, int(duration * args.rate))
                while n < due and not run.stop_sending:
                    kind = rng.choices(range(len(MIX)), weights)[0]
                    _, _, task, make_args, make_kwargs, _ = MIX[kind]
                    reply = await session.send_call(CallSpec(task=task, args=make_args(n), kwargs=make_kwargs(n)))
                    n += 1
                    if reply.ok:
                        run.add(reply.value[0].task_id, kind)
                        if run.full_at is None and len(session.poller.tracked) >= session.max_rows:
                            run.full_at = time.monotonic() - t0  # the bound is reached: the window is full
                        if run.store_full_at is None and len(session.monitor.store) >= session.monitor.store.max_tasks:
                            run.store_full_at = time.monotonic() - t0
                    elif len(run.send_errors) < 1000:
                        run.send_errors.append(reply.error or "?")
                await asyncio.sleep(max(0.0, t0 + n / args.rate - time.monotonic()))

        last_in_minute: dict[int, dict] = {}  # minute -> its last sample, until the minute is printed

        async def sample_loop() -> None:
            while True:
                await asyncio.sleep(args.sample_every)
                elapsed = time.monotonic() - t0
                if marks["warmup_end"] is None and elapsed >= warmup_s and run.full_at is not None:
                    entry = marks["warmup_end"] = sample("warm-up end")  # the later of the two moments
                    marks["reason"] = "window full" if run.full_at > warmup_s else "warm-up point"
                    meter.set_phase("soak")
                    if args.trace_growth:
                        tracemalloc.start(TRACE_FRAMES)
                else:
                    entry = sample("soak" if marks["warmup_end"] else "warm-up")
                if marks["pct"] is None and elapsed >= warmup_s:
                    marks["pct"] = entry
                minute = int(elapsed // 60)
                for earlier in sorted(m for m in last_in_minute if m < minute):
                    report_minute(earlier, last_in_minute.pop(earlier))
                last_in_minute[minute] = entry

        def report_minute(minute: int, entry: dict) -> None:
            stall = meter.minute_max.get(minute)
            row = {
                "minute": minute + 1,
                "rss_mb": round(entry["rss_mb"], 1),
                "tasks_held": entry["session rows"],
                "store": entry["event store"],
                "sent": entry["sent"],
                "py_blocks_k": round(entry["blocks"] / 1000),
                "max_stall_ms": None if stall is None else round(stall, 1),
            }
            run.minutes.append(row)
            say(
                args,
                f"  {row['minute']:>6}  {row['rss_mb']:8.1f}  {row['tasks_held']:>10,}  {row['store']:>10,}  "
                f"{row['sent']:>8,}  {row['py_blocks_k']:>9,}  {row['max_stall_ms'] if stall is not None else '-':>12}",
            )

        say(args, f"console ready {started_ms / 1000:.1f} s after session.start(); sending for {args.minutes:g} min")
        say(
            args,
            f"  {'minute':>6}  {'RSS MB':>8}  {'rows held':>10}  {'store':>10}  {'sent':>8}  {'blocks (k)':>9}  {'max stall ms':>12}",
        )
        rss_start = sample("start")
        sender = asyncio.ensure_future(send_loop())
        sampler = asyncio.ensure_future(sample_loop())
        await sender
        sampler.cancel()
        await asyncio.gather(sampler, return_exceptions=True)
        send_s = time.monotonic() - t0
        if marks["warmup_end"] is None:  # the window did not fill in time, or sending stopped before the warm-up point
            marks["reason"] = "window not full" if marks["pct"] else "sending stopped"
            marks["warmup_end"] = marks["pct"] or sample("warm-up end")
        marks["end"] = end = sample("end")
        growth_sites = None
        if tracemalloc.is_tracing():
            growth_sites = tracemalloc.take_snapshot()
            tracemalloc.stop()
        last_minute = max(0, math.ceil(send_s / 60 - 0.01) - 1)  # a run of exactly N minutes ends in minute N
        for earlier in sorted(m for m in last_in_minute if m < last_minute):
            report_minute(earlier, last_in_minute.pop(earlier))
        report_minute(last_minute, end)
        cpu1 = cpu_now(load_pids)
        meter.set_phase("drain")

        # -- drain: the backend's final word on every task, then the console's --------------------
        drain_started = time.monotonic()
        truth: dict[str, str | None] = {}
        sent_ids = run.ids()
        waiting = list(sent_ids)
        while waiting and not run.abort:
            states_now = await loop.run_in_executor(None, backend_states, profile.backend_url, waiting)
            truth.update(states_now)
            waiting = [i for i in waiting if truth.get(i) not in FINAL]
            if not waiting or time.monotonic() - drain_started > args.drain:
                break
            await asyncio.sleep(1.0)
        drained_s = time.monotonic() - drain_started

        def disagreements() -> tuple[list, list, list, int]:
            """Rows that left the window (checked against the history later), rows in it the model lacks or that differ."""
            left_window, missing_model, differs, seen_only = [], [], [], 0
            for task_id in sent_ids:
                record = session.tasks.get(task_id)
                if record is None:
                    left_window.append(task_id)
                    continue
                if not record.mine:
                    seen_only += 1  # left the window, then came back as a row of events alone
                index = model.index_of(task_id)
                if not index.isValid():
                    missing_model.append(task_id)
                    continue
                want = truth.get(task_id)
                if want in FINAL and (record.state != want or model.record(index).state != want):
                    differs.append((task_id, want, record.state, model.record(index).state))
            return left_window, missing_model, differs, seen_only

        catch_up_started = time.monotonic()
        while True:
            left_window, missing_model, differs, back_seen_only = disagreements()
            lost_now = len(missing_model) + len(differs)  # a row that left the window no longer changes
            if not lost_now or run.abort or time.monotonic() - catch_up_started > args.catch_up:
                break
            await asyncio.sleep(0.5)
        caught_up_s = time.monotonic() - catch_up_started
        after_drain = sample("after drain")
        meter.set_phase(None)
        ticker.stop()

        # -- outside every measured window ------------------------------------------------------
        thaws_while_running = pacer.stats.thaws
        before_thaw = (sys.getallocatedblocks(), rss_mb())
        thaw_ms = pacer.thaw()
        after_thaw = (sys.getallocatedblocks(), rss_mb())
        thaw = {
            "ms": thaw_ms,
            "frozen": pacer.stats.frozen,
            "collected": gclog.last_collected,
            "freed_blocks": before_thaw[0] - after_thaw[0],
            "rss_drop_mb": before_thaw[1] - after_thaw[1],
            "thaws_while_running": thaws_while_running,
            "every_s": pacer.thaw_every,
        }
        t_walk = time.perf_counter()
        held = held_bytes(session, model, rows)
        walk_s = time.perf_counter() - t_walk

        # -- the history: every task that left the window must be there, with the backend's final state --
        await asyncio.wait_for(session.stop(), 30)  # its last changes go to the history's writer
        session_stopped = True
        history_states: dict[str, str] | None = None
        history_note = "the console runs without history"
        recorder = session.history
        if recorder is not None and recorder.available:

            def read_history() -> tuple[bool, dict[str, str]]:
                flushed = recorder.flush(60)
                database, key = recorder.database, profile.history_key
                return flushed, {r.id: r.state for r in database.load(key, max(1, database.count(key)))}

            flushed, history_states = await loop.run_in_executor(None, read_history)
            history_note = "" if flushed and recorder.available else f"history not flushed: {recorder.status.message}"
        elif recorder is not None:
            history_note = recorder.status.message
        left_no_history, left_differs = [], []
        for task_id in left_window:
            want = truth.get(task_id)
            got = history_states.get(task_id) if history_states is not None else None
            if got is None:
                left_no_history.append(task_id)
            elif want not in FINAL or got != want:
                left_differs.append((task_id, want, got, "<left the window>"))

        figures = {
            "send_s": send_s,
            "warmup_s": warmup_s,
            "start": rss_start,
            "warm": marks["warmup_end"],
            "end": end,
            "after_drain": after_drain,
            "cpu": {name: (cpu1[name] - cpu0[name]) / send_s for name in cpu0},
            "truth": truth,
            "unfinished": [i for i in sent_ids if truth.get(i) not in FINAL],
            "sent_ids": sent_ids,
            "left_window": len(left_window),
            "left_no_history": left_no_history,
            "left_differs": left_differs,
            "back_seen_only": back_seen_only,
            "history_rows": len(history_states) if history_states is not None else None,
            "history_note": history_note,
            "full_at": run.full_at,
            "store_full_at": run.store_full_at,
            "warmup_reason": marks["reason"],
            "store_bound": session.monitor.store.max_tasks,
            "pct": marks["pct"],
            "missing_model": missing_model,
            "differs": differs,
            "drained_s": drained_s,
            "caught_up_s": caught_up_s,
            "thaw": thaw,
            "growth_sites": growth_sites,
            "held": held,
            "walk_s": walk_s,
            "pacer": pacer.stats,
            "meter": meter,
            "gclog": gclog,
            "started_ms": started_ms,
            "poller_state": session.poller.status.state.value,
            "stream": session.monitor.stream_status.state.value,
            "errors": list(session.errors),
        }
    finally:
        run.stop_sending = True
        for job in (sender, sampler):
            if job is not None and not job.done():
                job.cancel()
                await asyncio.gather(job, return_exceptions=True)
        ticker.stop()
        meter.close()
        if gclog in gc.callbacks:
            gc.callbacks.remove(gclog)
        if pacer is not None:
            pacer.stop()
        try:
            if not session_stopped:
                await asyncio.wait_for(session.stop(), 30)
        finally:
            window.close()
            window.deleteLater()
            console.close()
            await asyncio.sleep(0.05)
    return figures


def report(args, run: Run, f: dict) -> dict:
    """Print the figures; return the JSON line's keys."""
    start, warm, end, drained = f["start"], f["warm"], f["end"], f["after_drain"]
    meter: GapMeter = f["meter"]
    send_s, sent = f["send_s"], run.sent
    rate = sent / send_s if send_s else 0.0
    growth_mb = end["rss_mb"] - warm["rss_mb"]
    growth_pct = 100 * growth_mb / warm["rss_mb"]
    pct = f["pct"] or warm  # the plain --warmup-pct point (the end of warm-up when sending stopped before it)
    plain_growth_pct = 100 * (end["rss_mb"] - pct["rss_mb"]) / pct["rss_mb"]
    full_at, warmup_reason = f["full_at"], f["warmup_reason"]
    rows_added = end["session rows"] - warm["session rows"]
    sent_after = end["sent"] - warm["sent"]
    held = f["held"]
    rows_end = max(1, drained["session rows"])
    # what one entry of each structure holds (after the drain, when the walk ran), times its entries added after warm-up
    per_entry = {name: nbytes / max(1, drained[HELD_COUNTED_BY[name]]) for name, (nbytes, _) in held.items()}
    added = {name: end[HELD_COUNTED_BY[name]] - warm[HELD_COUNTED_BY[name]] for name in held}
    explained = {name: per_entry[name] * added[name] / 2**20 for name in held}
    explained_mb = sum(explained.values())
    net_mb = growth_mb - explained_mb
    net_pct = 100 * net_mb / warm["rss_mb"]
    after = [s for s in run.samples if warm["t"] <= s["t"] <= end["t"] and s["phase"] != "after drain"]
    line = fit([s["session rows"] for s in after], [s["rss_mb"] for s in after])
    blocks = fit([s["session rows"] for s in after], [s["blocks"] for s in after])
    hourly = fit([s["t"] for s in after], [s["rss_mb"] for s in after], min_spread=30)
    fitted_s = after[-1]["t"] - after[0]["t"] if after else 0.0
    soak_phases = [meter.phases[p] for p in ("warm-up", "soak") if p in meter.phases]
    whole = PhaseGaps()
    for stats in soak_phases:
        whole.count += stats.count
        whole.max_ms = max(whole.max_ms, stats.max_ms)
        whole.max_own_ms = max(whole.max_own_ms, stats.max_own_ms)
        whole.over_50ms += stats.over_50ms
        whole.blocked_over_16ms_ms += stats.blocked_over_16ms_ms
        for i, n in enumerate(stats.hist):
            if n:
                whole.hist[i] += n
    sending = whole.summary()
    by_phase = {name: stats.summary() for name, stats in meter.phases.items()}
    # A task that left the window (the bound let it go) must be in the history with the backend's final state.
    not_in_history = len(f["left_no_history"])
    differs = [*f["left_differs"], *f["differs"]]
    lost = not_in_history + len(f["missing_model"]) + len(differs)
    unfinished = len(f["unfinished"])
    kinds = {label: 0 for _, label, *_ in MIX}
    for k in run.kinds:
        kinds[MIX[k][1]] += 1
    truth = f["truth"]
    expected_wrong = sum(
        1 for i, k in zip(f["sent_ids"], run.kinds, strict=True) if truth.get(i) in FINAL and truth[i] != MIX[k][5]
    )
    stall_met = sending["max_ms"] is not None and sending["max_ms"] <= TARGET_MAX_STALL_MS
    rss_met = growth_pct <= TARGET_RSS_GROWTH_PCT
    net_met = net_pct <= TARGET_RSS_GROWTH_PCT
    lost_met = lost == 0 and unfinished == 0 and sent > 0

    say(args)
    say(
        args,
        f"sent {sent:,} tasks in {send_s:.0f} s through session.send_call: {rate:.1f}/s (asked {args.rate:g}/s); "
        + ", ".join(f"{label} {n:,}" for label, n in kinds.items())
        + (f"; {len(run.send_errors)} sends failed (first: {run.send_errors[0]})" if run.send_errors else ""),
    )
    cpu = f["cpu"]
    others = max(0.0, cpu.get("machine", 0.0) - cpu.get("console", 0.0) - cpu.get("worker", 0.0) - cpu.get("redis", 0.0))
    say(
        args,
        f"CPU while sending, in cores: console (this process) {cpu.get('console', 0.0):.2f}, worker (all its processes) "
        f"{cpu.get('worker', 0.0):.2f}, redis-server {cpu.get('redis', 0.0):.2f}; not this bench {others:.2f} (of {os.cpu_count()})",
    )
    say(args)
    full_text = f"first held them at {full_at:.1f} s" if full_at is not None else "never held them while sending"
    store_full_at = f["store_full_at"]
    say(
        args,
        f"window bound {args.window_rows:,} rows of mine (session.max_rows): the window {full_text}; "
        f"the {args.warmup_pct:g} % point is {f['warmup_s']:.0f} s; warm-up ended at the sample at {warm['t']:.1f} s "
        + {
            "window full": "(the window filled after the warm-up point)",
            "warm-up point": "(the window was full before it)",
            "window not full": "(the window did not fill before the last sample of sending: the growth includes rows added)",
            "sending stopped": "(sending stopped before the warm-up point)",
        }[warmup_reason],
    )
    say(
        args,
        f"event store bound {f['store_bound']:,} tasks (monitor.store.max_tasks): "
        + (
            f"first reached at {store_full_at:.1f} s"
            if store_full_at is not None
            else f"not reached while sending ({end['event store']:,} at the end): it grows all along, see what it explains below"
        ),
    )
    say(
        args,
        f"RSS of the console: start {start['rss_mb']:.1f} MB, at the {args.warmup_pct:g} % point ({pct['t']:.0f} s) "
        f"{pct['rss_mb']:.1f} MB, after warm-up ({warm['t']:.0f} s) {warm['rss_mb']:.1f} MB, end of sending "
        f"{end['rss_mb']:.1f} MB, after the drain {drained['rss_mb']:.1f} MB",
    )
    say(
        args,
        f"  growth after warm-up: {growth_mb:+.1f} MB = {growth_pct:+.1f} % "
        f"(target RSS flat, <= {TARGET_RSS_GROWTH_PCT:g} %: {'met' if rss_met else 'MISSED'}) while the rows held went "
        f"{warm['session rows']:,} -> {end['session rows']:,} and the event store {warm['event store']:,} -> {end['event store']:,}; "
        f"from the plain {args.warmup_pct:g} % point: {plain_growth_pct:+.1f} %",
    )
    if hourly:
        say(
            args,
            f"  RSS over time after warm-up (least squares, {len(after)} samples): {hourly[1] * 3600:+.0f} MB an hour "
            + (f"(extrapolated from {fitted_s:.0f} s) " if fitted_s < 3600 else "")
            + f"(r² {hourly[2]:.3f}) at {rate:.0f} tasks/s; that is {hourly[1] * 3600 / warm['rss_mb'] * 100:+.0f} % of the RSS "
            "after warm-up an hour",
        )
    if line and blocks:
        say(
            args,
            f"  RSS over rows held after warm-up (least squares, {len(after)} samples): {line[1] * 1024:.2f} KB per row, "
            f"r² {line[2]:.3f}; Python's allocated blocks {blocks[1]:.1f} per row",
        )
    say(
        args,
        f"  held at the end, by structure (Python objects reachable from each, shared objects counted once, walked in "
        f"{f['walk_s']:.1f} s), per entry, and the growth its entries added after warm-up explain:",
    )
    for name, (nbytes, objects) in held.items():
        count = max(1, drained[HELD_COUNTED_BY[name]])
        say(
            args,
            f"    {name:22s} {nbytes / 2**20:8.1f} MB  {count:>9,} entries  {per_entry[name]:7.0f} B/entry  "
            f"{objects / count:5.1f} objects/entry  {added[name]:>+9,} after warm-up = {explained[name]:+7.1f} MB",
        )
    say(
        args,
        f"  growth the held entries explain: {explained_mb:+.1f} MB; not explained: {net_mb:+.1f} MB = {net_pct:+.1f} % "
        f"of the RSS after warm-up (<= {TARGET_RSS_GROWTH_PCT:g} %: {'met' if net_met else 'MISSED'})",
    )
    if f.get("growth_sites") is not None:
        say(
            args,
            f"  --trace-growth: memory allocated after warm-up and still held at the end of sending, by where "
            f"(the innermost frame in desktop/, else the innermost; per task sent after warm-up: {sent_after:,}):",
        )
        for site, size, count, inner in growth_by_site(f["growth_sites"]):
            say(
                args,
                f"    {size / 2**20:7.2f} MB {count:>9,} blocks  {size / max(1, sent_after):7.0f} B/task "
                f"{count / max(1, sent_after):6.2f} blocks/task  {site}  (allocated in {inner})",
            )
    blocks_growth = end["blocks"] - warm["blocks"]
    say(
        args,
        f"  Python's allocated blocks (sys.getallocatedblocks) {warm['blocks']:,} after warm-up -> {end['blocks']:,} at the end: "
        f"{blocks_growth:+,} while the rows held changed by {rows_added:+,}, the event store by {added['event store']:+,} "
        f"and {sent_after:,} tasks were sent ({blocks_growth / max(1, sent_after):+.2f} a task sent)",
    )
    say(args, "  per-task structures, after warm-up -> end of sending -> after the drain:")
    for key in STRUCTURES:
        say(args, f"    {key:24s} {warm[key]:>9,} -> {end[key]:>9,} -> {drained[key]:>9,}")
    say(args)
    say(
        args,
        f"GUI thread (1 ms PreciseTimer; gaps between its timeouts), window up {f['started_ms'] / 1000:.1f} s before sending:",
    )
    for name, stats in by_phase.items():
        say(
            args,
            f"  {name:8s} max {stats['max_ms']} ms  p99 {stats['p99_ms']} ms  p99.9 {stats['p999_ms']} ms  "
            f"median {stats['median_ms']} ms  gaps > 50 ms: {stats['over_50ms']}  time in gaps > 16 ms: {stats['blocked_over_16ms_ms']:.0f} ms",
        )
    say(
        args,
        f"  while sending (warm-up included): max {sending['max_ms']} ms, p99 {sending['p99_ms']} ms "
        f"(target max <= {TARGET_MAX_STALL_MS:g} ms: {'met' if stall_met else 'MISSED'}); the longest gap less the time "
        f"the GUI thread waited on the run queue (of gaps > 16 ms): {sending['max_without_run_queue_ms']} ms",
    )
    if meter.worst:
        say(
            args,
            "  longest gaps (GUI thread on the CPU / on the run queue / the rest asleep or waiting for the GIL; collections inside):",
        )
        for ms, start_t, cpu, wait, phase in sorted(meter.worst, reverse=True):
            rest = max(0.0, ms - cpu - wait)
            inside = f["gclog"].inside(start_t, start_t + ms / 1000)
            say(
                args,
                f"    {ms:7.1f} ms at {start_t - meter.origin:7.1f} s [{phase}]: cpu {cpu:.0f} ms, run queue {wait:.0f} ms, "
                f"asleep {rest:.0f} ms" + (f"; {inside}" if inside else ""),
            )
    pacer = f["pacer"]
    gclog: GcLog = f["gclog"]
    thaw = f["thaw"]
    say(
        args,
        f"  garbage collector: {gclog.count:,} collections, {gclog.total_ms / 1000:.1f} s in all; pacer steps {pacer.steps:,} "
        f"(longest {pacer.longest_step_ms:.1f} ms), thaws {thaw['thaws_while_running']} (one at start)",
    )
    say(
        args,
        f"  one thaw timed after the soak (the full collection the pacer runs every {duration(thaw['every_s'])}): {thaw['ms']:.0f} ms, "
        f"{thaw['frozen']:,} objects frozen again; it collected {thaw['collected']:,} objects of cyclic garbage the freezes "
        f"had kept ({thaw['freed_blocks']:,} blocks freed = {thaw['freed_blocks'] / rows_end:.1f} per row; RSS {-thaw['rss_drop_mb']:+.1f} MB)",
    )
    say(args)
    say(
        args,
        f"tasks: backend final for {sent - unfinished:,} of {sent:,} after {f['drained_s']:.1f} s of drain; "
        f"the rows still in the window agreed {f['caught_up_s']:.1f} s later",
    )
    history_rows = f["history_rows"]
    say(
        args,
        f"  {sent - f['left_window']:,} still in the window, {f['left_window']:,} left it (the bound); the history holds "
        + (f"{history_rows:,} tasks" if history_rows is not None else "nothing")
        + (f" ({f['history_note']})" if f["history_note"] else "")
        + (f"; {f['back_seen_only']:,} came back as rows of events alone" if f["back_seen_only"] else ""),
    )
    say(
        args,
        f"  lost {lost} (left the window and not in the history {not_in_history}, no row in the model "
        f"{len(f['missing_model'])}, state differs from the backend {len(differs)}, of which {len(f['left_differs'])} in the "
        f"history); unfinished in the backend {unfinished}; final state not the one the task is written to end in: {expected_wrong}",
    )
    for task_id, want, got, shown in differs[:5]:
        where = "history" if shown == "<left the window>" else f"model {shown}, session"
        say(args, f"    {task_id}: backend {want}, {where} {got}")
    for task_id in [*f["left_no_history"], *f["missing_model"]][:5]:
        say(args, f"    {task_id}: backend {f['truth'].get(task_id)}, no row in the window or the history")
    for task_id in f["unfinished"][:5]:
        say(args, f"    unfinished {task_id}: backend {f['truth'].get(task_id)}")
    if f["errors"]:
        say(args, f"  the console's error panel holds {len(f['errors'])} message(s); last: {f['errors'][-1]}")
    met = stall_met and rss_met and lost_met
    say(
        args,
        f"targets: RSS growth <= {TARGET_RSS_GROWTH_PCT:g} % {'met' if rss_met else 'MISSED'} ({growth_pct:+.1f} %; "
        f"net of held entries {net_pct:+.1f} %), max stall <= {TARGET_MAX_STALL_MS:g} ms {'met' if stall_met else 'MISSED'} "
        f"({sending['max_ms']} ms), tasks lost 0 {'met' if lost_met else 'MISSED'} ({lost} lost, {unfinished} unfinished)",
    )

    return {
        "minutes": args.minutes,
        "rate_asked": args.rate,
        "concurrency": args.concurrency,
        "tasks_sent": sent,
        "tasks_by_kind": kinds,
        "send_errors": len(run.send_errors),
        "rate_achieved": round(rate, 2),
        "send_s": round(send_s, 1),
        "warmup_s": round(warm["t"], 1),
        "warmup_end_reason": warmup_reason,
        "warmup_pct_point_s": round(f["warmup_s"], 1),
        "window_full_at_s": round(full_at, 1) if full_at is not None else None,
        "event_store_full_at_s": round(store_full_at, 1) if store_full_at is not None else None,
        "interrupted": run.interrupted,
        "rss_start_mb": round(start["rss_mb"], 1),
        "rss_at_warmup_pct_point_mb": round(pct["rss_mb"], 1),
        "rss_after_warmup_mb": round(warm["rss_mb"], 1),
        "rss_end_mb": round(end["rss_mb"], 1),
        "rss_after_drain_mb": round(drained["rss_mb"], 1),
        "rss_growth_pct": round(growth_pct, 1),
        "rss_growth_mb": round(growth_mb, 1),
        "rss_growth_from_warmup_pct_point_pct": round(plain_growth_pct, 1),
        "rss_mb_per_hour_fit": round(hourly[1] * 3600, 1) if hourly else None,
        "rss_fit_span_s": round(fitted_s, 1),
        "rss_kb_per_row_fit": round(line[1] * 1024, 2) if line else None,
        "rss_fit_r2": round(line[2], 3) if line else None,
        "held_mb_by_structure": {name: round(b / 2**20, 1) for name, (b, _) in held.items()},
        "held_bytes_per_entry": {name: round(b) for name, b in per_entry.items()},
        "rss_growth_explained_mb_by_structure": {name: round(mb, 1) for name, mb in explained.items()},
        "rss_growth_explained_mb": round(explained_mb, 1),
        "rss_growth_net_mb": round(net_mb, 1),
        "rss_growth_net_pct": round(net_pct, 1),
        "rss_curve": run.minutes,
        "py_blocks_after_warmup": warm["blocks"],
        "py_blocks_end": end["blocks"],
        "store_size_end": end["event store"],
        "tracked_end": end["poller tracked"],
        "rows_end": end["session rows"],
        "model_records_end": end["tree records"],
        "table_rows_end": end["table rows"],
        "calls_kept_end": end["calls kept"],
        "unfinished_when_sending_stopped": end["poller polling"],
        "max_stall_ms": sending["max_ms"],
        "p99_stall_ms": sending["p99_ms"],
        "p999_stall_ms": sending["p999_ms"],
        "gaps_over_50ms": sending["over_50ms"],
        "max_stall_without_run_queue_ms": sending["max_without_run_queue_ms"],
        "max_stall_after_warmup_ms": by_phase.get("soak", {}).get("max_ms"),
        "max_stall_warmup_ms": by_phase.get("warm-up", {}).get("max_ms"),
        "max_stall_drain_ms": by_phase.get("drain", {}).get("max_ms"),
        "max_stall_start_ms": by_phase.get("start", {}).get("max_ms"),
        "gc_pacer_longest_step_ms": round(pacer.longest_step_ms, 1),
        "gc_pacer_thaws": thaw["thaws_while_running"],
        "gc_thaw_ms_at_end": round(thaw["ms"], 1),
        "gc_thaw_every_s": thaw["every_s"],
        "gc_thaw_frozen_objects": thaw["frozen"],
        "gc_thaw_collected": thaw["collected"],
        "gc_thaw_freed_blocks": thaw["freed_blocks"],
        "gc_thaw_rss_drop_mb": round(thaw["rss_drop_mb"], 1),
        "tasks_lost": lost,
        "tasks_lost_not_in_window_or_history": not_in_history,
        "tasks_lost_no_model_row": len(f["missing_model"]),
        "tasks_lost_state_differs": len(differs),
        "tasks_lost_history_state_differs": len(f["left_differs"]),
        "window_rows": args.window_rows,
        "event_tasks": f["store_bound"],
        "rows_left_window": f["left_window"],
        "rows_back_from_events": f["back_seen_only"],
        "history_tasks": history_rows,
        "tasks_unfinished": unfinished,
        "tasks_final_state_unexpected": expected_wrong,
        "drain_s": round(f["drained_s"], 1),
        "console_caught_up_s": round(f["caught_up_s"], 1),
        "cpu_cores": {name: round(v, 2) for name, v in f["cpu"].items()},
        "target_rss_growth_pct": TARGET_RSS_GROWTH_PCT,
        "target_max_stall_ms": TARGET_MAX_STALL_MS,
        "rss_target_met": rss_met,
        "rss_net_of_held_tasks_target_met": net_met,
        "stall_target_met": stall_met,
        "lost_target_met": lost_met,
        "targets_met": met,
        "targets": as_json("soak"),
        "extrapolated": ["rss_mb_per_hour_fit"] if hourly and fitted_s < 3600 else [],
    }


def duration(seconds: float) -> str:
    return f"{seconds / 3600:g} h" if seconds >= 3600 else f"{seconds / 60:g} min"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="minutes of sending")
    parser.add_argument("--quick", action="store_true", help="45 s of sending into a 300-row window (bench-check)")
    parser.add_argument("--rate", type=float, default=20.0, help="tasks a second the console sends")
    parser.add_argument("--concurrency", type=int, default=3, help="prefork processes of the worker")
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between samples")
    parser.add_argument(
        "--warmup-pct",
        type=float,
        default=20.0,
        help="first part of the run left out of the RSS growth (at least 60 s; longer if the window is not full by then)",
    )
    parser.add_argument("--drain", type=float, default=120.0, help="most seconds to wait for the backend to finish every task")
    parser.add_argument("--catch-up", type=float, default=30.0, help="most seconds to wait for the console to agree with it")
    parser.add_argument(
        "--load-nice",
        type=int,
        default=0,
        help="nice value of the worker and redis-server (10: the console gets the cores first)",
    )
    parser.add_argument(
        "--window-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        help=f"the window's bound, session.max_rows: my rows kept before the oldest finished leave it (default {DEFAULT_MAX_ROWS:,}, the app's)",
    )
    parser.add_argument("--event-tasks", type=int, default=0, help="the event store's bound (0: the app's default)")
    parser.add_argument("--json-only", action="store_true", help="print only the JSON line")
    parser.add_argument(
        "--trace-growth",
        action="store_true",
        help="tracemalloc from the end of warm-up: where the memory still held at the end was allocated (slows the console)",
    )
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(minutes=0.75, window_rows=300, warmup_pct=40.0, sample_every=2.0)
        args = parser.parse_args()
    if args.window_rows < 1:
        parser.error("--window-rows must be at least 1")

    from PySide6.QtWidgets import QApplication

    from desktop.app.qt_loop import QtAsyncioLoop
    from desktop.app.run import install_qt_message_filter

    install_qt_message_filter()
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setQuitOnLastWindowClosed(False)
    server = RedisServer()
    worker: WorkerProcess | None = None
    run = Run()
    atexit.register(server.stop)
    try:
        server.start()
        profile = ConnectionProfile(name="soak", broker_url=server.url(10), backend_url=server.url(11))
        worker = WorkerProcess(
            profile.broker_url,
            profile.backend_url,
            hostname="soak@%h",
            concurrency=args.concurrency,
            extra_args=["--loglevel", "WARNING"],
            logfile=Path(TEMP_DIR) / "worker.log",
        )
        atexit.register(worker.stop)
        started = time.perf_counter()
        worker.start()
        wait_for_workers(profile.broker_url, 1, 120, [worker])
        for pid in [*worker.pids, *server.pids]:
            renice(pid, args.load_nice)
        say(
            args,
            f"redis-server and 1 x celery worker -E (prefork, concurrency {args.concurrency}, nice {args.load_nice}) "
            f"answered {time.perf_counter() - started:.1f} s after start; {os.cpu_count()} cpus",
        )
        load_pids = {
            "console": lambda: [os.getpid()],
            "worker": lambda: worker.pids,
            "redis": lambda: server.pids,
            "machine": None,
        }
        loop = QtAsyncioLoop(qt_app)  # the loop the app runs on
        asyncio.set_event_loop(loop)

        def on_signal(signum: int) -> None:
            if run.stop_sending:
                run.abort = True
            run.stop_sending = run.interrupted = True
            print(
                f"\n{signal.Signals(signum).name}: sending stops"
                + ("; shutting down" if run.abort else "; drain and report follow"),
                flush=True,
            )

        with loop:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, on_signal, signum)
            figures = loop.run_until_complete(soak(profile, args, load_pids, run))
        out = report(args, run, figures)
        print(json.dumps({"bench": "soak", **out}))
        return 0
    except DemoError as exc:
        print(f"the load could not start: {exc}", file=sys.stderr)
        if worker is not None:
            print(worker.log_tail(), file=sys.stderr)
        return 2
    finally:
        if worker is not None:
            worker.stop()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
