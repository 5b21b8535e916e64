"""The trends file: samples summed into buckets at three resolutions, bounded by age and series count, moved aside when unreadable."""

from __future__ import annotations

import sqlite3
import stat

from desktop.core.domain.metrics import COUNT, GAUGE, LEVELS, Metrics, Sample
from desktop.core.store.trends import (
    SCHEMA_VERSION,
    TrendsDatabase,
    TrendsRecorder,
    buckets_of,
    describe,
    open_trends,
)

T0 = 1_699_999_200  # a whole hour
PROFILE = "p"


def _database(tmp_path, **options) -> TrendsDatabase:
    database = TrendsDatabase(tmp_path / "trends.sqlite3", **options)
    database.open()
    return database


def test_samples_go_into_their_bucket_at_each_level():
    samples = [Sample("throughput|succeeded", COUNT, T0 + s, 1) for s in range(0, 120, 10)]
    samples += [Sample("queue|celery", GAUGE, T0 + 3, 4), Sample("queue|celery", GAUGE, T0 + 3.5, 9)]
    buckets = buckets_of(samples)
    assert buckets[("throughput|succeeded", COUNT, 0, T0 + 10)] == [1, 1, 1]
    assert buckets[("throughput|succeeded", COUNT, 1, T0)] == [6, 6, 1] and buckets[
        ("throughput|succeeded", COUNT, 1, T0 + 60)
    ] == [6, 6, 1]
    assert buckets[("throughput|succeeded", COUNT, 2, T0)] == [12, 12, 1]
    assert buckets[("queue|celery", GAUGE, 0, T0 + 3)] == [2, 13, 9]  # n, sum, peak


def test_writes_add_up_and_coarser_levels_hold_the_same_totals(tmp_path):
    database = _database(tmp_path)
    for second in range(0, 7200, 2):
        database.write(PROFILE, [Sample("throughput|succeeded", COUNT, T0 + second, 1)])
    database.write(PROFILE, [Sample("throughput|succeeded", COUNT, T0, 1)])  # a second batch into a bucket that has one
    for level in range(3):
        rows = database.read(PROFILE, "throughput|succeeded", level, T0, T0 + 7200)
        assert sum(row[2] for row in rows) == 3601
    assert database.read(PROFILE, "throughput|succeeded", 0, T0, T0)[0][1:] == (2, 2, 1)
    assert len(database.read(PROFILE, "throughput|succeeded", 2, T0, T0 + 7200)) == 2


def test_bounds_drop_each_level_past_its_span(tmp_path):
    database = _database(tmp_path)
    old = T0 - 91 * 86400
    database.write(PROFILE, [Sample("active", GAUGE, t, 1) for t in (old, T0 - 8 * 86400, T0 - 7200, T0 - 10)])
    now = T0
    gone = database.apply_bounds(PROFILE, now)
    assert gone == 3 + 2 + 1  # the second level: three old samples; the minute: two; the hour: the 91-day-old one
    kept = {level: [row[0] for row in database.read(PROFILE, "active", level, old, now)] for level in range(3)}
    assert kept[0] == [T0 - 10]
    assert kept[1] == [T0 - 7200, T0 - 60]
    assert kept[2] == [T0 - 8 * 86400, T0 - 7200, T0 - 3600]


def test_series_past_the_bound_are_not_kept(tmp_path):
    database = _database(tmp_path, max_series=3)
    database.write(PROFILE, [Sample(f"queue|q{i}", GAUGE, T0, i) for i in range(5)])
    database.write("other", [Sample("queue|x", GAUGE, T0, 1)])  # each profile has its own bound
    assert database.names(PROFILE) == ["queue|q0", "queue|q1", "queue|q2"] and database.dropped_series == 2
    assert database.names("other") == ["queue|x"]


def test_the_recorder_writes_in_batches_off_the_caller_and_bounds_by_its_clock(tmp_path):
    database = _database(tmp_path)
    clock = [float(T0)]
    recorder = TrendsRecorder(database, PROFILE, flush_seconds=0, clock=lambda: clock[0])
    recorder.start()
    try:
        recorder.add([Sample("active", GAUGE, T0 - 4000, 3), Sample("active", GAUGE, T0 - 5, 2)])
        assert recorder.flush()
        assert recorder.status.ok and recorder.status.written == 6 and recorder.status.size_bytes > 0
        recent = TrendsDatabase(database.path)
        recent.open()
        rows = recent.load_recent(PROFILE, T0)
        assert sorted((r[1], r[2]) for r in rows) == [(0, T0 - 5), (1, T0 - 4020), (1, T0 - 60)]
        recent.close()
    finally:
        recorder.stop()


def test_kept_buckets_restore_into_metrics_as_they_were(tmp_path):
    metrics = Metrics()
    metrics.recording = True
    for second in range(0, 600):
        metrics.task_finished(T0 + second, "tasks.add", "SUCCESS" if second % 5 else "FAILURE", 0.1)
    database = _database(tmp_path)
    database.write(PROFILE, metrics.take_samples())
    database.close()
    database, recent, note = open_trends(tmp_path / "trends.sqlite3", PROFILE, T0 + 600)
    database.close()
    again = Metrics()
    again.restore(recent)
    for window in (300, 3600, 86400):
        assert again.throughput.series(T0 + 600, window) == metrics.throughput.series(T0 + 600, window)
    assert note == ""


def test_a_newer_or_damaged_file_is_moved_aside_and_a_new_one_made(tmp_path):
    path = tmp_path / "trends.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    database = TrendsDatabase(path)
    note = database.open()
    assert "newer version" in note and "moved to trends.unreadable-" in note
    assert database.names(PROFILE) == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    database.close()
    path.write_bytes(b"not a database at all" * 100)
    database = TrendsDatabase(path)
    assert "moved to" in database.open()
    database.close()


def test_settings_line_says_size_and_resolutions():
    assert describe(3_200_000) == "Trends: 3.2 MB, 1 h by second, 7 days by minute, 90 days by hour"
    assert [level.span for level in LEVELS] == [3600, 7 * 86400, 90 * 86400]


def test_clearing_the_history_deletes_the_kept_trends_and_the_samples_waiting(tmp_path):
    from desktop.core.live.trends_keeper import TrendsKeeper

    metrics = Metrics()
    keeper = TrendsKeeper(tmp_path / "trends.sqlite3", PROFILE, metrics, client=None, report=lambda text: None)
    database = _database(tmp_path)
    keeper.recorder = TrendsRecorder(database, PROFILE, flush_seconds=0, clock=lambda: float(T0))
    keeper.recorder.start()
    try:
        metrics.task_finished(T0 - 10, "tasks.secret_report", "SUCCESS", 0.1)
        keeper.recorder.add(metrics.take_samples())
        assert keeper.recorder.flush()
        assert database.load_recent(PROFILE, T0)  # kept
        metrics.task_finished(T0 - 5, "tasks.secret_report", "SUCCESS", 0.1)  # waiting for the next hand-over
        keeper.clear()
        keeper.recorder.add(metrics.take_samples())  # the keeper's next hand-over
        assert keeper.recorder.flush()
        assert database.load_recent(PROFILE, T0) == []
    finally:
        keeper.recorder.stop()
