"""The graphs view draws what Metrics holds, for the window the user picks."""

from __future__ import annotations

import pytest

from desktop.core.domain.metrics import Metrics
from tests.support.required import import_or_require

import_or_require("PySide6.QtCharts", "qtcharts")

from desktop.views.graphs_view import GraphsView  # noqa: E402 - after the QtCharts check

NOW = 1_700_000_000.0


def test_graphs_show_throughput_depth_and_runtimes_for_the_chosen_window(qtbot):
    metrics = Metrics(gauge_interval=1.0)
    for second in range(601):  # up to and including the current second
        t = NOW - 600 + second
        for _ in range(3):
            metrics.task_finished(t, "tasks.add", "SUCCESS", 0.02)
        if second > 540:  # failures only in the last minute
            metrics.task_finished(t, "tasks.always_fails", "FAILURE", 0.1)
        metrics.sample_queues(t, {"celery": second, "priority": 5})
        metrics.sample_active(t, 4)
    metrics.task_finished(NOW - 30, "tasks.slow", "SUCCESS", 4.0)
    view = GraphsView(metrics, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)

    view.window_box.setCurrentText("5 min")
    assert "901 succeeded" in view.totals.text() and "60 failed" in view.totals.text()
    succeeded = view.throughput.lines["succeeded / s"].points()
    assert len(succeeded) == 300 and sum(p.y() == 3.0 for p in succeeded) == 299  # and one second with tasks.slow
    assert max(p.y() for p in view.throughput.lines["failed / s"].points()) == pytest.approx(1.0)
    depth = view.depth.lines["queue celery"].points()
    assert depth[-1].y() == 600 and view.depth.lines["active tasks"].points()[-1].y() == 4
    assert [view.task_box.itemText(i) for i in range(view.task_box.count())] == ["tasks.add", "tasks.slow"]
    assert "p50 20 ms" in view.runtime_summary.text()
    bars = [view.runtime_bars.at(i) for i in range(view.runtime_bars.count())]
    assert sum(bars) == 900 and bars[3] == 900  # all in the "≤ 30 ms" bucket

    view.task_box.setCurrentText("tasks.slow")
    assert "1 runs" in view.runtime_summary.text() and "max 4 s" in view.runtime_summary.text()

    view.window_box.setCurrentText("15 min")
    assert "1,804 succeeded" in view.totals.text()  # the whole 10 minutes, and tasks.slow
