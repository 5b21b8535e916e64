"""Time series for the graphs: throughput, queue depth, active tasks, per worker and per task, runtimes.

Every series is a named run of buckets at three resolutions, the same the trends file keeps
(``LEVELS``: a second for an hour, a minute for a week, an hour for 90 days). A bucket holds how
many values came (n), their sum and their peak, so a coarser bucket is the sum of finer ones: a
count (tasks that succeeded) reads as a rate, a gauge (queue depth) as its peak or mean. In memory
a series keeps the first two resolutions for at most a day (``MEMORY_SLOTS``), in fixed arrays: about
80 KB a series, at most ``MAX_SERIES`` of them. A series is read back downsampled to a few hundred
points, so drawing 24 hours costs the same as drawing 5 minutes.
"""

from __future__ import annotations

import math
from array import array
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from celery import states

HORIZON_SECONDS = 24 * 3600
WINDOWS: dict[str, int] = {"5 min": 300, "15 min": 900, "1 h": 3600, "6 h": 6 * 3600, "24 h": 24 * 3600}
KEPT_WINDOWS: dict[str, int] = {"7 days": 7 * 86400, "90 days": 90 * 86400}  # read from the trends file
GAUGE_INTERVAL = 2.0
RUNTIMES_PER_TASK = 5000
POINTS = 300
MAX_SERIES = 400  # series held in memory (and kept): queues, workers and task names past it are not drawn


@dataclass(frozen=True)
class Level:
    seconds: int  # one bucket's width
    kept: int  # how many buckets the trends file keeps

    @property
    def span(self) -> int:
        return self.seconds * self.kept


LEVELS = (Level(1, 3600), Level(60, 7 * 24 * 60), Level(3600, 90 * 24))
MEMORY_SLOTS = (3600, 24 * 60)  # buckets held in memory at the first two levels: an hour by second, a day by minute
COUNT, GAUGE = 0, 1  # a series' kind: values that add up (tasks finished) or samples of a level (queue depth)

# Series names: "throughput|succeeded", "queue|<name>", "active", "worker|<host>|active", "task|<name>|p95", …
THROUGHPUT_SUCCEEDED, THROUGHPUT_FAILED, ACTIVE = "throughput|succeeded", "throughput|failed", "active"
WORKER_PARTS = ("active", "processed", "load")
TASK_PARTS = ("succeeded", "failed", "p50", "p95")
_COUNTS = ("succeeded", "failed", "processed")


def kind_of(name: str) -> int:
    family, _, part = split_series(name)
    return COUNT if family in ("throughput", "worker", "task") and part in _COUNTS else GAUGE


def queue_series(queue: str) -> str:
    return f"queue|{queue}"


def worker_series(hostname: str, part: str) -> str:
    return f"worker|{hostname}|{part}"


def task_series(name: str, part: str) -> str:
    return f"task|{name}|{part}"


def split_series(name: str) -> tuple[str, str, str]:
    """("worker", host, part), ("task", name, part), ("queue", name, ""), ("throughput", "", part) or ("active", "", "")."""
    family, _, rest = name.partition("|")
    if family in ("worker", "task"):
        subject, _, part = rest.rpartition("|")
        return family, subject, part
    if family == "queue":
        return family, rest, ""
    return family, "", rest


@dataclass(frozen=True)
class Point:
    t: float  # epoch seconds, the start of the bucket
    value: float


class _Ring:
    """One resolution of one series: bucket ``i`` of ``seconds`` width in slot ``i % slots``."""

    __slots__ = ("bucket", "n", "newest", "peak", "seconds", "slots", "total")

    def __init__(self, seconds: int, slots: int):
        self.seconds, self.slots = seconds, slots
        self.bucket = array("i", [-1]) * slots  # which bucket (epoch // seconds) a slot holds
        self.n = array("I", [0]) * slots
        self.total = array("f", [0.0]) * slots
        self.peak = array("f", [0.0]) * slots
        self.newest = -1

    def add(self, bucket: int, n: int, total: float, peak: float) -> None:
        if bucket <= self.newest - self.slots:
            return  # older than this ring holds
        slot = bucket % self.slots
        if self.bucket[slot] != bucket:  # a slot from a round ago: start it again
            self.bucket[slot] = bucket
            self.n[slot], self.total[slot], self.peak[slot] = n, total, peak
        else:
            self.n[slot] += n
            self.total[slot] += total
            self.peak[slot] = max(self.peak[slot], peak)
        self.newest = max(self.newest, bucket)

    def get(self, bucket: int) -> tuple[int, float, float] | None:
        slot = bucket % self.slots
        if self.bucket[slot] != bucket or bucket <= self.newest - self.slots:
            return None
        return self.n[slot], self.total[slot], self.peak[slot]

    def holds(self, start: float) -> bool:
        """Whether this ring still has the bucket of ``start`` (the window's first)."""
        return self.newest >= 0 and int(start) // self.seconds > self.newest - self.slots


class Series:
    """One named series in memory (an hour by second and a day by minute)."""

    __slots__ = ("kind", "last", "rings")

    def __init__(self, kind: int):
        self.kind = kind
        self.last: float | None = None
        self.rings = tuple(_Ring(level.seconds, slots) for level, slots in zip(LEVELS, MEMORY_SLOTS, strict=False))

    def add(self, timestamp: float, value: float) -> None:
        for ring in self.rings:
            ring.add(int(timestamp) // ring.seconds, 1, value, value)
        if self.kind == GAUGE:
            self.last = value

    def merge(self, level: int, bucket_start: int, n: int, total: float, peak: float) -> None:
        """A bucket the trends file kept (a restart): added to what this session has in the same bucket."""
        if level < len(self.rings):
            ring = self.rings[level]
            ring.add(bucket_start // ring.seconds, n, total, peak)

    def _ring_for(self, start: float, end: float) -> _Ring:
        first = self.rings[0]
        if end - start <= 3600 and (first.holds(start) or first.newest < 0):
            return first
        return self.rings[1]

    def buckets(self, start: float, end: float, points: int = POINTS) -> list[tuple[int, int, int, float, float]]:
        """(start, width, n, total, peak) of at most ``points`` display buckets from ``start`` to ``end``, oldest first."""
        ring = self._ring_for(start, end)
        width = ring.seconds
        first, stop = int(start) // width, int(end) // width + 1
        per = max(1, math.ceil((stop - first) / points))
        out = []
        for group in range(first, stop, per):
            n = 0
            total = peak = 0.0
            for bucket in range(group, min(group + per, stop)):
                got = ring.get(bucket)
                if got is not None:
                    n += got[0]
                    total += got[1]
                    peak = got[2] if n == got[0] else max(peak, got[2])
            out.append((group * width, min(per, stop - group) * width, n, total, peak))
        return out

    def points(self, start: float, end: float, points: int = POINTS, how: str = "") -> list[Point]:
        """A count as a rate per second (every bucket, 0 when empty); a gauge as each bucket's peak (or mean)."""
        if self.kind == COUNT:
            return [Point(t, total / w) for t, w, _, total, _ in self.buckets(start, end, points)]
        mean = how == "mean"
        return [Point(t, total / n if mean else peak) for t, _, n, total, peak in self.buckets(start, end, points) if n]

    def total(self, start: float, end: float) -> float:
        return sum(total for *_, total, _ in self.buckets(start, end, points=1))


class _Throughput:
    """Succeeded and failed tasks per second: the two throughput series, read as before."""

    def __init__(self, metrics: Metrics):
        self._metrics = metrics

    def series(self, now: float, window: int, points: int = POINTS) -> tuple[list[Point], list[Point]]:
        """(succeeded/s, failed/s) over the last ``window`` seconds, averaged into at most ``points`` buckets."""
        start = int(now) + 1 - window
        return tuple(self._metrics.points(name, start, now, points) for name in (THROUGHPUT_SUCCEEDED, THROUGHPUT_FAILED))

    def total(self, now: float, window: int) -> tuple[int, int]:
        start = int(now) + 1 - window
        return tuple(round(self._metrics.total(name, start, now)) for name in (THROUGHPUT_SUCCEEDED, THROUGHPUT_FAILED))


@dataclass(frozen=True)
class RuntimeSummary:
    name: str
    count: int
    p50: float
    p90: float
    p99: float
    max: float
    histogram: tuple[tuple[float, int], ...]  # (upper bound in seconds, count), log-spaced


HISTOGRAM_BOUNDS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, math.inf)


class Runtimes:
    """The last runtimes of each task name, with when they finished."""

    def __init__(self, per_task: int = RUNTIMES_PER_TASK):
        self.per_task = per_task
        self._by_name: dict[str, deque[tuple[float, float]]] = {}

    def add(self, timestamp: float, name: str, runtime: float) -> None:
        if not name or not isinstance(runtime, int | float) or not math.isfinite(runtime) or runtime < 0:
            return
        runs = self._by_name.get(name)
        if runs is None:
            runs = self._by_name[name] = deque(maxlen=self.per_task)
        runs.append((timestamp, float(runtime)))

    def summaries(self, now: float, window: int) -> list[RuntimeSummary]:
        """One summary per task name that finished within the window, busiest first."""
        start = now - window
        out = []
        for name, runs in self._by_name.items():
            values = sorted(r for t, r in runs if t > start)
            if not values:
                continue
            histogram = []
            index = 0
            for bound in HISTOGRAM_BOUNDS:
                count = 0
                while index < len(values) and values[index] <= bound:
                    count += 1
                    index += 1
                histogram.append((bound, count))
            out.append(
                RuntimeSummary(
                    name,
                    len(values),
                    _percentile(values, 0.50),
                    _percentile(values, 0.90),
                    _percentile(values, 0.99),
                    values[-1],
                    tuple(histogram),
                )
            )
        out.sort(key=lambda s: (-s.count, s.name))
        return out


def _percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[index]


def kept_points(
    rows: Iterable[tuple[int, int, float, float]],
    kind: int,
    start: float,
    end: float,
    level: int,
    points: int = POINTS,
    how: str = "",
) -> list[Point]:
    """Buckets read from the trends file ((start, n, total, peak) at ``level``) as a series reads: at most ``points``,
    a count as a rate per second (0 when empty), a gauge as each bucket's peak (or mean)."""
    seconds = LEVELS[level].seconds
    first, stop = int(start) // seconds, int(end) // seconds + 1
    per = max(1, math.ceil((stop - first) / points))
    groups: dict[int, list[float]] = {}
    for t, n, total, peak in rows:
        group = (t // seconds - first) // per
        if group >= 0:
            got = groups.get(group)
            if got is None:
                groups[group] = [n, total, peak]
            else:
                got[0] += n
                got[1] += total
                got[2] = max(got[2], peak)
    out = []
    for index, group in enumerate(range(first, stop, per)):
        got = groups.get(index)
        if kind == COUNT:
            out.append(Point(group * seconds, (got[1] if got else 0.0) / (min(per, stop - group) * seconds)))
        elif got and got[0]:
            out.append(Point(group * seconds, got[1] / got[0] if how == "mean" else got[2]))
    return out


def level_for(window: float) -> int:
    """The coarsest level that still gives a few hundred points over ``window`` seconds (the trends file's)."""
    return 0 if window <= LEVELS[0].span else 1 if window <= LEVELS[1].span else 2


class KeptSeries:
    """Series read from the trends file for a window longer than memory holds, read like the Metrics."""

    def __init__(self, found: dict[str, list[tuple[int, int, float, float]]], level: int, key: object = None):
        self.found, self.level, self.key = found, level, key
        self.queue_depth = {split_series(name)[1]: None for name in found if name.startswith("queue|")}

    def points(self, name: str, start: float, end: float, points: int = POINTS, how: str = "") -> list[Point]:
        return kept_points(self.found.get(name, ()), kind_of(name), start, end, self.level, points, how)

    def total(self, name: str, start: float, end: float) -> float:
        return sum(total for t, _, total, _ in self.found.get(name, ()) if start - LEVELS[self.level].seconds < t <= end)


@dataclass(frozen=True)
class Sample:
    """One value for the trends file: ``name``'s series got ``value`` at ``t``."""

    name: str
    kind: int
    t: float
    value: float


MAX_SPREAD_SECONDS = 30
MAX_OUTBOX = 500_000  # samples waiting for the trends writer; past it new ones are not kept (the writer is stuck)


class Metrics:
    """Everything the graphs view draws, fed by the event store and the periodic refresh.

    With ``recording`` on, each value also waits in an outbox for the trends writer (``take_samples``).
    """

    def __init__(self, horizon: int = HORIZON_SECONDS, gauge_interval: float = GAUGE_INTERVAL, max_series: int = MAX_SERIES):
        self.horizon = horizon
        self.gauge_interval = gauge_interval
        self.max_series = max_series
        self.series: dict[str, Series] = {}
        self.queue_depth: dict[str, Series] = {}
        self.runtimes = Runtimes()
        self.throughput = _Throughput(self)
        self.recording = False
        self.dropped_series = 0
        self._outbox: list[Sample] = []
        self._runs: dict[str, list[float]] = {}  # runtimes since the last tick, per task: its p50 and p95 then
        self._processed: dict[str, tuple[int, float]] = {}  # each worker's processed count at its last sample, and when

    # -- feeding -----------------------------------------------------------------------
    def _series(self, name: str) -> Series | None:
        series = self.series.get(name)
        if series is None:
            if len(self.series) >= self.max_series:
                self.dropped_series += 1
                return None
            series = self.series[name] = Series(kind_of(name))
            family, subject, _ = split_series(name)
            if family == "queue":
                self.queue_depth[subject] = series
        return series

    def add(self, name: str, timestamp: float, value: float) -> None:
        series = self._series(name)
        if series is None:
            return
        series.add(timestamp, value)
        if self.recording and len(self._outbox) < MAX_OUTBOX:
            self._outbox.append(Sample(name, series.kind, timestamp, value))

    def task_finished(self, timestamp: float, name: str, state: str, runtime: float | None) -> None:
        if state == states.SUCCESS:
            part = "succeeded"
        elif state == states.FAILURE:
            part = "failed"
        else:
            return
        self.add(THROUGHPUT_SUCCEEDED if part == "succeeded" else THROUGHPUT_FAILED, timestamp, 1)
        if name:
            self.add(task_series(name, part), timestamp, 1)
        if part == "succeeded" and runtime is not None:
            self.runtimes.add(timestamp, name, runtime)
            if name and isinstance(runtime, int | float) and math.isfinite(runtime) and runtime >= 0:
                self._runs.setdefault(name, []).append(float(runtime))

    def sample_queues(self, timestamp: float, depths: dict[str, int]) -> None:
        for name, depth in depths.items():
            self.add(queue_series(name), timestamp, depth)

    def sample_active(self, timestamp: float, active: int) -> None:
        """The active tasks of the cluster; also the tick that closes each task's runtime percentiles since the last."""
        self.add(ACTIVE, timestamp, active)
        runs, self._runs = self._runs, {}
        for name, values in runs.items():
            values.sort()
            self.add(task_series(name, "p50"), timestamp, _percentile(values, 0.50))
            self.add(task_series(name, "p95"), timestamp, _percentile(values, 0.95))

    def sample_workers(self, timestamp: float, workers: Iterable) -> None:
        """Each online worker's active tasks, tasks processed since the last sample and 1-minute load average
        (``WorkerInfo``-like: hostname, online, active, processed, loadavg)."""
        for worker in workers:
            if not worker.online:
                continue
            host = worker.hostname
            if worker.active is not None:
                self.add(worker_series(host, "active"), timestamp, worker.active)
            if worker.processed is not None:
                before = self._processed.get(host)
                self._processed[host] = (worker.processed, timestamp)
                if before is not None and worker.processed >= before[0]:  # lower: a restarted worker counts from 0 again
                    self._spread(worker_series(host, "processed"), before[1], timestamp, worker.processed - before[0])
            if worker.loadavg:
                self.add(worker_series(host, "load"), timestamp, float(worker.loadavg[0]))

    def _spread(self, name: str, since: float, until: float, count: int) -> None:
        """``count`` that happened between two samples, shared out over the seconds between (a steady rate
        reads steady, not as a saw of the sampling interval); all at ``until`` when the gap is long or odd."""
        seconds = int(until) - int(since)
        if not count or not 1 <= seconds <= MAX_SPREAD_SECONDS:
            if count:
                self.add(name, until, count)
            return
        for second in range(int(since) + 1, int(until) + 1):
            self.add(name, second, count / seconds)

    def take_samples(self) -> list[Sample]:
        """What was added since the last call, for the trends writer."""
        taken, self._outbox = self._outbox, []
        return taken

    def restore(self, buckets: Iterable[tuple[str, int, int, int, float, float]]) -> int:
        """Buckets the trends file kept ((name, level, start, n, total, peak)), so the graphs show them at once."""
        restored = 0
        for name, level, start, n, total, peak in buckets:
            series = self._series(name)
            if series is not None:
                series.merge(level, start, n, total, peak)
                restored += 1
        return restored

    # -- reading -----------------------------------------------------------------------
    @property
    def active(self) -> Series:
        return self.series.get(ACTIVE) or Series(GAUGE)

    def points(self, name: str, start: float, end: float, points: int = POINTS, how: str = "") -> list[Point]:
        series = self.series.get(name)
        if series is None:
            return [] if kind_of(name) == GAUGE else Series(COUNT).points(start, end, points)
        return series.points(start, end, points, how)

    def total(self, name: str, start: float, end: float) -> float:
        series = self.series.get(name)
        return 0.0 if series is None else series.total(start, end)

    def subjects(self, family: str) -> list[str]:
        """The workers ("worker") or task names ("task") that have a series, sorted."""
        return sorted({split_series(name)[1] for name in self.series if name.startswith(family + "|")})


def count_ticks(peak: float, most: int = 6) -> tuple[int, int]:
    """A count axis's top and tick count: whole steps of 1, 2 or 5 × 10^k, at most ``most`` ticks, from 0 up to at least ``peak``.

    Qt's own "nice numbers" would split 0..1 into quarters, which a "%d" format reads as "0, 0, 0, 1, 1".
    """
    top = max(1, math.ceil(peak))
    step = 1
    while math.ceil(top / step) > most - 1:
        step = _next_step(step)
    ticks = math.ceil(top / step)
    return ticks * step, ticks + 1


def _next_step(step: int) -> int:
    """1, 2, 5, 10, 20, 50, …"""
    digits = 10 ** (len(str(step)) - 1)
    lead = step // digits
    return (2 if lead == 1 else 5 if lead == 2 else 10) * digits
