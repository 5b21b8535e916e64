"""Graph series: buckets at a second, a minute (in memory) read back as rates or peaks, bounded by time and count."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from desktop.core.domain.metrics import (
    COUNT,
    GAUGE,
    THROUGHPUT_FAILED,
    THROUGHPUT_SUCCEEDED,
    KeptSeries,
    Metrics,
    Point,
    Runtimes,
    Series,
    count_ticks,
    kept_points,
    kind_of,
    level_for,
    split_series,
    task_series,
    worker_series,
)

T0 = 1_699_999_200.0  # a whole hour (and minute)


def test_throughput_counts_per_second_and_averages_into_buckets():
    metrics = Metrics()
    for i in range(10):
        metrics.task_finished(T0 + i * 0.1, "tasks.add", "SUCCESS", 0.1)  # 10 in second 0
    metrics.task_finished(T0 + 1.5, "tasks.add", "FAILURE", None)
    metrics.task_finished(T0 + 1.5, "tasks.add", "RETRY", None)  # not an outcome
    ok, bad = metrics.throughput.series(T0 + 1.9, window=2, points=2)
    assert [p.value for p in ok] == [10.0, 0.0] and [p.value for p in bad] == [0.0, 1.0]
    ok, bad = metrics.throughput.series(T0 + 1.9, window=2, points=1)
    assert ok[0].value == 5.0 and bad[0].value == 0.5  # per second over the bucket
    assert metrics.throughput.total(T0 + 1.9, 60) == (10, 1)
    assert metrics.total(task_series("tasks.add", "succeeded"), T0, T0 + 2) == 10


def test_a_series_keeps_an_hour_by_second_and_a_day_by_minute():
    series = Series(COUNT)
    for second in range(0, 2 * 86400, 10):  # two days, a task every 10 s
        series.add(T0 + second, 1)
    now = T0 + 2 * 86400 - 1
    assert series.total(now - 3599, now) == 360  # the last hour, by second
    assert series.total(now - 86399, now) == 8640  # the last day, by minute
    assert series.total(now - 2 * 86400, now) == 8640  # nothing older than a day is held
    assert series.rings[0].get(int(now - 4000)) is None  # out of the hour: gone from the seconds


def test_a_long_window_is_read_by_minute_into_at_most_the_points_asked():
    series = Series(GAUGE)
    for second in range(0, 6 * 3600, 2):
        series.add(T0 + second, 100.0 if second == 9000 else 1.0)
    points = series.points(T0, T0 + 6 * 3600, points=300)
    assert len(points) <= 300 and points[1].t - points[0].t == 120  # 360 minutes in 300 points: two a bucket
    assert max(p.value for p in points) == 100.0  # the peak: a burst never vanishes
    mean = series.points(T0 + 8999, T0 + 9060, points=1, how="mean")
    assert 1.0 < mean[0].value < 100.0
    assert series.last == 1.0


def test_gauges_skip_empty_buckets_and_counts_read_zero():
    metrics = Metrics()
    metrics.sample_queues(T0, {"celery": 4})
    metrics.sample_queues(T0 + 10, {"celery": 6})
    assert [p.value for p in metrics.points("queue|celery", T0, T0 + 10)] == [4, 6]
    assert metrics.queue_depth["celery"].last == 6
    assert len(metrics.points(THROUGHPUT_SUCCEEDED, T0, T0 + 10)) == 11  # every second, 0 when none
    assert metrics.points("queue|nothing", T0, T0 + 10) == []


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


def test_each_tick_closes_the_runtime_percentiles_of_each_task():
    metrics = Metrics()
    for i in range(100):
        metrics.task_finished(T0, "tasks.add", "SUCCESS", (i + 1) / 100)
    metrics.task_finished(T0, "tasks.add", "FAILURE", 5.0)  # a failure's runtime is not one
    metrics.sample_active(T0 + 1, 0)
    assert metrics.series[task_series("tasks.add", "p50")].last == 0.5
    assert math.isclose(metrics.series[task_series("tasks.add", "p95")].last, 0.95, rel_tol=1e-6)
    metrics.sample_active(T0 + 3, 0)  # nothing since: no new percentile
    assert len(metrics.points(task_series("tasks.add", "p50"), T0, T0 + 3)) == 1


def test_workers_give_active_processed_per_second_and_load():
    metrics = Metrics()

    def worker(processed, online=True):
        return SimpleNamespace(hostname="w1@h", online=online, active=3, processed=processed, loadavg=(1.5, 1.0, 0.5))

    metrics.sample_workers(T0, [worker(100)])  # the first count is where it starts
    metrics.sample_workers(T0 + 2, [worker(110)])
    metrics.sample_workers(T0 + 4, [worker(5)])  # restarted: counts from 0 again, no negative rate
    metrics.sample_workers(T0 + 6, [worker(9, online=False)])
    assert metrics.total(worker_series("w1@h", "processed"), T0, T0 + 10) == 10
    assert metrics.points(worker_series("w1@h", "processed"), T0, T0 + 3, points=1)[0].value == 10 / 4
    assert metrics.series[worker_series("w1@h", "load")].last == 1.5
    assert metrics.subjects("worker") == ["w1@h"]


def test_series_are_bounded_in_number():
    metrics = Metrics(max_series=5)
    for i in range(10):
        metrics.sample_queues(T0, {f"q{i}": i})
    assert len(metrics.series) == 5 and metrics.dropped_series == 5


def test_samples_wait_for_the_writer_only_while_recording():
    metrics = Metrics()
    metrics.task_finished(T0, "tasks.add", "SUCCESS", 0.1)
    assert metrics.take_samples() == []
    metrics.recording = True
    metrics.task_finished(T0, "tasks.add", "FAILURE", None)
    taken = metrics.take_samples()
    assert [(s.name, s.kind, s.value) for s in taken] == [(THROUGHPUT_FAILED, COUNT, 1), ("task|tasks.add|failed", COUNT, 1)]
    assert metrics.take_samples() == []


def test_restored_buckets_show_next_to_this_sessions():
    metrics = Metrics()
    metrics.restore([(THROUGHPUT_SUCCEEDED, 0, int(T0), 1, 7.0, 1.0), (THROUGHPUT_SUCCEEDED, 1, int(T0), 1, 7.0, 1.0)])
    metrics.task_finished(T0 + 0.5, "tasks.add", "SUCCESS", 0.1)
    assert metrics.throughput.total(T0 + 1, 60) == (8, 0)
    assert metrics.total(THROUGHPUT_SUCCEEDED, T0 - 7200, T0 + 1) == 8  # by minute: the same


def test_count_axis_ticks_are_whole_and_few():
    assert count_ticks(0) == (1, 2) and count_ticks(1) == (1, 2)
    assert count_ticks(1.1) == (2, 3) and count_ticks(5) == (5, 6)
    assert count_ticks(7) == (8, 5) and count_ticks(37) == (40, 5) and count_ticks(101) == (150, 4)
    for peak in range(0, 5000, 7):
        top, ticks = count_ticks(peak)
        assert top >= peak and 2 <= ticks <= 6 and top % (ticks - 1) == 0


def test_kept_buckets_read_as_rates_and_peaks_for_long_windows():
    hour = [(T0 + h * 3600, 60, 60.0, 1.0) for h in range(48)]  # two days by hour: a task a minute
    points = kept_points(hour, COUNT, T0, T0 + 48 * 3600 - 1, level=2, points=24)
    assert len(points) == 24 and all(p.value == pytest.approx(60 / 3600) for p in points)  # two hours a point, per second
    kept = KeptSeries({"throughput|succeeded": hour, "queue|a": [(T0, 2, 10.0, 7.0)]}, level=2)
    assert kept.total("throughput|succeeded", T0, T0 + 86400 - 1) == 24 * 60
    assert kept.points("queue|a", T0, T0 + 7200) == [Point(T0, 7.0)] and list(kept.queue_depth) == ["a"]
    assert level_for(3600) == 0 and level_for(86400) == 1 and level_for(30 * 86400) == 2


def test_names_from_the_cluster_never_change_what_a_series_is():
    assert kind_of("queue|orders|failed") == GAUGE  # a queue named "orders|failed" is still a depth
    assert kind_of(task_series("a|b", "failed")) == COUNT and split_series(task_series("a|b", "p95")) == ("task", "a|b", "p95")
    assert (
        split_series(worker_series("w|1@h", "load")) == ("worker", "w|1@h", "load")
        and kind_of(worker_series("w", "load")) == GAUGE
    )
