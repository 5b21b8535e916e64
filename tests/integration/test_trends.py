"""Trends with a real worker: the graphs' series are kept in trends.sqlite3 beside the history and shown again
by the next session on the same file, per worker and per task too."""

from __future__ import annotations

import time

import pytest

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.metrics import THROUGHPUT_FAILED, THROUGHPUT_SUCCEEDED, task_series, worker_series
from desktop.core.live.event_receiver import StreamState
from desktop.core.store.history import open_recorder
from desktop.core.store.trends import FILE_NAME, TrendsDatabase
from tests.support.sessions import run, running, session_for, wait_until

pytestmark = pytest.mark.integration


def new_session(cluster, path):
    recorder, note = open_recorder("trends-test", path)
    assert recorder is not None, note
    return session_for(cluster.broker_url, cluster.backend_url, history=recorder, name="trends-test")


def test_a_new_session_on_the_same_history_file_shows_the_same_throughput(cluster_on, tmp_path):
    cluster = cluster_on("desktop.tasks", "trends")
    path = tmp_path / "history.sqlite3"
    first = new_session(cluster, path)
    seen = {}

    async def before_restart():
        try:
            async with running(first):
                await wait_until(lambda: first.monitor.stream_status.state is StreamState.RECEIVING, 15, "events arrive")
                await wait_until(lambda: first.trends.loaded, 15, "trends file open")
                active = worker_series(cluster.worker.hostname, "active")
                await wait_until(lambda: active in first.monitor.metrics.series, 15, "the worker's heartbeat sampled")
                ids = [(await first.send_call(CallSpec("tasks.add", (i, i)))).value[0].task_id for i in range(8)]
                ids.append((await first.send_call(CallSpec("tasks.always_fails", ()))).value[0].task_id)
                metrics = first.monitor.metrics
                await wait_until(
                    lambda: metrics.throughput.total(time.time(), 300) == (8, 1), 30, "8 tasks succeed and 1 fails (events)"
                )
                hostname = cluster.worker.hostname
                await wait_until(
                    lambda: metrics.total(worker_series(hostname, "processed"), time.time() - 300, time.time()) >= 1,
                    30,
                    "a heartbeat counts the processed tasks",
                )
                seen["now"] = now = time.time()
                seen["series"] = metrics.throughput.series(now, 300)
                seen["day"] = metrics.throughput.series(now, 86400)
                seen["task"] = metrics.total(task_series("tasks.add", "succeeded"), now - 300, now)
                seen["p95"] = metrics.series[task_series("tasks.add", "p95")].last
                seen["processed"] = metrics.total(worker_series(hostname, "processed"), now - 300, now)
        finally:
            first.history.stop()

    run(first, before_restart)
    assert (tmp_path / FILE_NAME).exists()  # beside the history, its own file
    second = new_session(cluster, path)

    async def after_restart():
        try:
            async with running(second, monitor=False):  # no new events: what it shows comes from the file
                await wait_until(lambda: second.trends is not None and second.trends.loaded, 15, "trends loaded")
                metrics = second.monitor.metrics
                now = seen["now"]
                seen["again"] = metrics.throughput.series(now, 300)
                seen["day again"] = metrics.throughput.series(now, 86400)
                seen["task again"] = metrics.total(task_series("tasks.add", "succeeded"), now - 300, now)
                seen["p95 again"] = metrics.points(task_series("tasks.add", "p95"), now - 300, now)
                seen["processed again"] = metrics.total(worker_series(cluster.worker.hostname, "processed"), now - 300, now)
                seen["totals again"] = metrics.throughput.total(now, 300)
        finally:
            second.history.stop()

    run(second, after_restart)
    assert seen["again"] == seen["series"]  # the same throughput, second by second
    assert seen["day again"] == seen["day"]  # and by minute
    assert seen["totals again"] == (8, 1)
    assert seen["task again"] == seen["task"] == 8
    assert seen["p95 again"] and seen["p95 again"][-1].value == pytest.approx(seen["p95"], rel=1e-6)
    assert seen["processed again"] == seen["processed"] >= 1

    database = TrendsDatabase(tmp_path / FILE_NAME)
    try:
        database.open()
        names = database.names("trends-test")
        week = database.read("trends-test", THROUGHPUT_SUCCEEDED, 1, seen["now"] - 7 * 86400, seen["now"])
        hours = database.read("trends-test", THROUGHPUT_FAILED, 2, seen["now"] - 90 * 86400, seen["now"])
    finally:
        database.close()
    assert {THROUGHPUT_SUCCEEDED, THROUGHPUT_FAILED, "active", task_series("tasks.add", "p50")} <= set(names)
    assert sum(row[2] for row in week) == 8 and sum(row[2] for row in hours) == 1  # the coarser levels add up the same
