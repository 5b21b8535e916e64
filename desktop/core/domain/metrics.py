"""Time series for the graphs: throughput, queue depth, active tasks, runtimes per task.

Bounded by time, not by traffic: throughput is one slot per second for the horizon (24 h by
default, two small integer arrays), gauges are sampled at a fixed interval, runtimes keep the
last few thousand per task name. A series is read back downsampled to a few hundred points, so
drawing 24 hours costs the same as drawing 5 minutes.
"""

from __future__ import annotations

import math
from array import array
from collections import deque
from dataclasses import dataclass

from celery import states

HORIZON_SECONDS = 24 * 3600
WINDOWS: dict[str, int] = {"5 min": 300, "15 min": 900, "1 h": 3600, "6 h": 6 * 3600, "24 h": 24 * 3600}
GAUGE_INTERVAL = 2.0
RUNTIMES_PER_TASK = 5000
POINTS = 300


@dataclass(frozen=True)
class Point:
    t: float  # epoch seconds, the start of the bucket
    value: float


class Throughput:
    """Succeeded and failed tasks per second, one slot per second for ``horizon`` seconds."""

    def __init__(self, horizon: int = HORIZON_SECONDS):
        self.horizon = horizon
        self._second = array("q", [-1]) * horizon  # which absolute second a slot holds
        self._succeeded = array("I", [0]) * horizon
        self._failed = array("I", [0]) * horizon

    def add(self, timestamp: float, state: str) -> None:
        if state == states.SUCCESS:
            counts = self._succeeded
        elif state == states.FAILURE:
            counts = self._failed
        else:
            return
        second = int(timestamp)
        slot = second % self.horizon
        if self._second[slot] != second:  # a slot from a day ago: start it again
            self._second[slot] = second
            self._succeeded[slot] = self._failed[slot] = 0
        counts[slot] += 1

    def series(self, now: float, window: int, points: int = POINTS) -> tuple[list[Point], list[Point]]:
        """(succeeded/s, failed/s) over the last ``window`` seconds, averaged into ``points`` buckets."""
        window = min(window, self.horizon)
        bucket = max(1, math.ceil(window / points))
        end = int(now) + 1
        start = end - window
        succeeded, failed = [], []
        for bucket_start in range(start, end, bucket):
            ok = bad = 0
            for second in range(bucket_start, min(bucket_start + bucket, end)):
                slot = second % self.horizon
                if self._second[slot] == second:
                    ok += self._succeeded[slot]
                    bad += self._failed[slot]
            width = min(bucket, end - bucket_start)
            succeeded.append(Point(bucket_start, ok / width))
            failed.append(Point(bucket_start, bad / width))
        return succeeded, failed

    def total(self, now: float, window: int) -> tuple[int, int]:
        ok, bad = self.series(now, window, points=1)
        width = min(window, self.horizon)
        return round(ok[0].value * width), round(bad[0].value * width)


class Gauge:
    """A value sampled every ``interval`` seconds (queue depth, active tasks), kept for the horizon."""

    def __init__(self, interval: float = GAUGE_INTERVAL, horizon: int = HORIZON_SECONDS):
        self.interval = interval
        size = int(horizon / interval) + 1
        self._t: deque[float] = deque(maxlen=size)
        self._v: deque[float] = deque(maxlen=size)

    def sample(self, timestamp: float, value: float) -> None:
        if self._t and timestamp - self._t[-1] < self.interval / 2:
            self._v[-1] = value  # sampled again too soon: the newer value wins
            return
        self._t.append(timestamp)
        self._v.append(value)

    @property
    def last(self) -> float | None:
        return self._v[-1] if self._v else None

    def series(self, now: float, window: int, points: int = POINTS) -> list[Point]:
        """The samples of the last ``window`` seconds; the maximum of each bucket when there are many."""
        start = now - window
        pairs = [(t, v) for t, v in zip(reversed(self._t), reversed(self._v), strict=True) if t > start]
        pairs.reverse()
        if len(pairs) <= points:
            return [Point(t, v) for t, v in pairs]
        bucket = window / points
        out: dict[int, Point] = {}
        for t, v in pairs:
            index = min(points - 1, int((t - start) / bucket))
            kept = out.get(index)
            if kept is None or v > kept.value:  # the peak, so a burst never vanishes in a long window
                out[index] = Point(start + index * bucket, v)
        return [out[i] for i in sorted(out)]


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


class Metrics:
    """Everything the graphs view draws, fed by the event store and the periodic refresh."""

    def __init__(self, horizon: int = HORIZON_SECONDS, gauge_interval: float = GAUGE_INTERVAL):
        self.horizon = horizon
        self.gauge_interval = gauge_interval
        self.throughput = Throughput(horizon)
        self.active = Gauge(gauge_interval, horizon)
        self.queue_depth: dict[str, Gauge] = {}
        self.runtimes = Runtimes()

    def task_finished(self, timestamp: float, name: str, state: str, runtime: float | None) -> None:
        self.throughput.add(timestamp, state)
        if state == states.SUCCESS and runtime is not None:
            self.runtimes.add(timestamp, name, runtime)

    def sample_queues(self, timestamp: float, depths: dict[str, int]) -> None:
        for name, depth in depths.items():
            gauge = self.queue_depth.get(name)
            if gauge is None:
                gauge = self.queue_depth[name] = Gauge(self.gauge_interval, self.horizon)
            gauge.sample(timestamp, depth)

    def sample_active(self, timestamp: float, active: int) -> None:
        self.active.sample(timestamp, active)


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
