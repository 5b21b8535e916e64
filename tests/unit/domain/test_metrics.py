"""Graph series: per-second throughput, sampled gauges and runtime summaries, bounded by time."""

from __future__ import annotations

import math

from desktop.core.domain.metrics import Gauge, Metrics, Runtimes, Throughput

T0 = 1_700_000_000.0


def test_throughput_counts_per_second_and_averages_into_buckets():
    throughput = Throughput(horizon=600)
    for i in range(10):
        throughput.add(T0 + i * 0.1, "SUCCESS")  # 10 in second 0
    throughput.add(T0 + 1.5, "FAILURE")
    throughput.add(T0 + 1.5, "RETRY")  # not an outcome
    ok, bad = throughput.series(T0 + 1.9, window=2, points=2)
    assert [p.value for p in ok] == [10.0, 0.0] and [p.value for p in bad] == [0.0, 1.0]
    ok, bad = throughput.series(T0 + 1.9, window=2, points=1)
    assert ok[0].value == 5.0 and bad[0].value == 0.5  # per second over the bucket
    assert throughput.total(T0 + 1.9, 60) == (10, 1)


def test_throughput_forgets_what_is_older_than_its_horizon():
    throughput = Throughput(horizon=60)
    throughput.add(T0, "SUCCESS")
    throughput.add(T0 + 60, "SUCCESS")  # the same slot, a minute later
    assert throughput.total(T0 + 60, 60) == (1, 0)
    assert throughput.total(T0 + 200, 60) == (0, 0)


def test_gauge_keeps_the_peak_of_each_bucket_in_a_long_window():
    gauge = Gauge(interval=1.0, horizon=3600)
    for i in range(1000):
        gauge.sample(T0 + i, 100.0 if i == 500 else 1.0)
    points = gauge.series(T0 + 999, window=1000, points=100)
    assert len(points) <= 100
    assert max(p.value for p in points) == 100.0  # a burst never vanishes
    assert gauge.last == 1.0
    assert len(gauge.series(T0 + 999, window=10)) == 10  # the last 10 seconds, this one included


def test_gauge_is_bounded_by_its_horizon():
    gauge = Gauge(interval=1.0, horizon=100)
    for i in range(10_000):
        gauge.sample(T0 + i, i)
    assert len(gauge._t) == 101
    gauge.sample(T0 + 9_999.2, 5)  # too soon after the last sample: replaces it
    assert gauge.last == 5 and len(gauge._t) == 101


def test_runtime_summaries_per_task_in_the_window():
    runtimes = Runtimes(per_task=1000)
    for i in range(100):
        runtimes.add(T0 + i, "tasks.add", 0.01 * (i + 1))
    runtimes.add(T0, "tasks.slow", 12.0)
    runtimes.add(T0, "tasks.bad", math.nan)  # ignored
    runtimes.add(T0, "tasks.bad", -1)
    summaries = runtimes.summaries(T0 + 100, window=1000)
    assert [s.name for s in summaries] == ["tasks.add", "tasks.slow"]
    add = summaries[0]
    assert add.count == 100 and add.max == 1.0
    assert math.isclose(add.p50, 0.5) and math.isclose(add.p90, 0.9) and math.isclose(add.p99, 0.99)
    assert sum(c for _, c in add.histogram) == 100
    assert runtimes.summaries(T0 + 99, window=50)[0].count == 50  # only the last 50 s


def test_metrics_feed_from_finished_tasks_and_samples():
    metrics = Metrics(horizon=3600, gauge_interval=1.0)
    metrics.task_finished(T0, "tasks.add", "SUCCESS", 0.2)
    metrics.task_finished(T0, "tasks.add", "FAILURE", 0.3)
    metrics.sample_queues(T0, {"celery": 4, "priority": 0})
    metrics.sample_active(T0, 3)
    assert metrics.throughput.total(T0, 60) == (1, 1)
    assert metrics.runtimes.summaries(T0, 60)[0].count == 1  # failures do not skew runtimes
    assert metrics.queue_depth["celery"].last == 4 and metrics.active.last == 3
