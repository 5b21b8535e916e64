"""The Graphs tab reads right: light and dark charts, whole-number count axes, values on hover, zoom on the time axis."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.domain.metrics import Metrics, Sample, kind_of
from desktop.core.store.trends import TrendsDatabase, open_trends
from tests.support.required import import_or_require
from tests.support.windows import shots_folder

import_or_require("PySide6.QtCharts", "qtcharts")

from desktop.views.graphs_view import GraphsView, palette_is_dark  # noqa: E402 - after the QtCharts check
from desktop.views.theme import apply_theme  # noqa: E402

NOW = 1_700_000_000.0


def _busy_metrics() -> Metrics:
    metrics = Metrics(gauge_interval=1.0)
    for second in range(900):
        t = NOW - 900 + second
        metrics.task_finished(t, "tasks.add", "SUCCESS", 0.02 + (second % 7) * 0.01)
        if second % 40 == 0:
            metrics.task_finished(t, "tasks.flaky", "FAILURE", None)
        metrics.sample_queues(t, {"celery": (second // 30) % 12, "priority": 3})
        metrics.sample_active(t, 2 + second % 3)
    return metrics


def _shot(view, tmp_path: Path, name: str) -> Path:
    for _ in range(3):  # the charts lay out their axes and legends in posted events
        QApplication.processEvents()
    path = shots_folder(tmp_path) / name
    assert view.grab().save(str(path))
    return path


@pytest.fixture
def themed(qapp):
    """The application's palette and style as they were, again after the test."""
    palette, style = qapp.palette(), qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _axis_labels(axis) -> list[float]:
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    return [axis.min() + i * step for i in range(axis.tickCount())]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_charts_follow_the_light_or_dark_theme(qtbot, themed, tmp_path, theme):
    apply_theme(theme, themed)
    view = GraphsView(_busy_metrics(), clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.redraw()
    dark = theme == "dark"
    for chart in (view.throughput, view.depth, view.runtime_view):
        background = chart.chart().backgroundBrush().color()
        assert palette_is_dark(chart.palette()) is dark
        assert (background.lightness() < 128) is dark, theme
        assert (chart.chart().titleBrush().color().lightness() > 128) is dark
    image = _shot(view, tmp_path, f"graphs-{theme}.png")
    assert image.stat().st_size > 10_000


def test_switching_the_theme_recolours_charts_already_shown(qtbot, themed):
    apply_theme("light", themed)
    view = GraphsView(_busy_metrics(), clock=lambda: NOW)
    qtbot.addWidget(view)
    view.show()
    view.redraw()
    light_line = view.throughput.lines["succeeded / s"].color().name()
    apply_theme("dark", themed)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: view.throughput.chart().backgroundBrush().color().lightness() < 128)
    assert view.throughput.lines["succeeded / s"].color().name() != light_line  # our lighter colour, not the theme's


def test_count_axes_read_whole_numbers_for_a_single_task(qtbot, tmp_path):
    metrics = Metrics(gauge_interval=1.0)
    metrics.task_finished(NOW - 10, "tasks.add", "SUCCESS", 0.02)
    metrics.sample_queues(NOW - 10, {"celery": 1})
    view = GraphsView(metrics, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.redraw()
    for axis in (view.runtime_y, view.depth.y_axis):
        labels = _axis_labels(axis)
        assert axis.labelFormat() == "%d"
        assert all(value == int(value) for value in labels), labels
        assert len({int(v) for v in labels}) == len(labels), labels  # never "0, 0, 1, 1, 1"
        assert labels[0] == 0 and labels[-1] >= 1
    assert _axis_labels(view.runtime_y) == [0, 1]
    _shot(view, tmp_path, "graphs-single-task.png")


def test_hover_shows_each_lines_value_at_the_cursor(qtbot):
    view = GraphsView(_busy_metrics(), clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.window_box.setCurrentText("5 min")
    chart = view.throughput
    area = chart.chart().plotArea()
    middle = chart.mapFromScene(chart.chart().mapToScene(area.center()))
    QTest.mouseMove(chart.viewport(), middle)
    qtbot.waitUntil(lambda: chart.hover_text != "")
    lines = chart.hover_text.splitlines()
    assert lines[1] == "succeeded / s: 1" and lines[2] == "failed / s: 0"  # one tasks.add a second
    assert chart.hover_at(QPointF(2, 2)) == ""  # outside the plot: nothing


def test_the_wheel_zooms_the_time_axis_a_drag_pans_it_and_reset_shows_the_window(qtbot):
    view = GraphsView(_busy_metrics(), clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.redraw()
    chart = view.throughput
    assert chart.span == pytest.approx((NOW - 900, NOW))
    centre = chart.mapFromScene(chart.chart().mapToScene(chart.chart().plotArea().center()))
    for _ in range(3):
        wheel = QWheelEvent(
            QPointF(centre), QPointF(chart.mapToGlobal(centre)), QPoint(), QPoint(0, 120),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(chart.viewport(), wheel)
    start, end = view.zoom
    assert end - start == pytest.approx(900 * 0.8**3, rel=0.02)
    assert view.depth.span == pytest.approx(view.zoom)  # both time charts together
    assert view.reset_zoom.isEnabled() and "from " in view.totals.text()

    QTest.mousePress(chart.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseMove(chart.viewport(), centre + QPoint(100, 0))
    QTest.mouseRelease(chart.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(100, 0))
    assert view.zoom[0] < start  # dragged right: earlier times come into view
    assert view.zoom[1] - view.zoom[0] == pytest.approx(end - start)

    view.reset_zoom.click()
    assert view.zoom is None and chart.span == pytest.approx((NOW - 900, NOW)) and not view.reset_zoom.isEnabled()


def _cluster_with_workers_and_tasks() -> Metrics:
    metrics = _busy_metrics()
    for second in range(0, 900, 2):
        t = NOW - 900 + second
        worker = SimpleNamespace(
            hostname="w1@host", online=True, active=second % 4, processed=second * 3, loadavg=(0.5 + (second % 120) / 100,)
        )
        metrics.sample_workers(t, [worker])
        metrics.sample_active(t, 2)  # closes each tick's runtime percentiles
    return metrics


def test_the_show_box_draws_one_workers_or_one_tasks_series(qtbot, tmp_path):
    view = GraphsView(_cluster_with_workers_and_tasks(), clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.redraw()
    items = [view.subject_box.itemText(i) for i in range(view.subject_box.count())]
    assert items == ["the whole cluster", "worker: w1@host", "task: tasks.add", "task: tasks.flaky"]

    assert view.choose("worker", "w1@host")
    assert set(view.throughput.lines) == {"processed / s"} and set(view.depth.lines) == {"active tasks", "load (1 min)"}
    processed = [p.y() for p in view.throughput.lines["processed / s"].points()]
    assert processed[5:-1] == pytest.approx([3.0] * len(processed[5:-1]))  # 3 tasks a second, steady (sampled every 2 s)
    assert "processed by w1@host" in view.totals.text() and view.throughput.chart().title() == "Processed by w1@host"
    _shot(view, tmp_path, "graphs-worker.png")

    assert view.choose("task", "tasks.flaky")
    assert "0 succeeded · 22 failed · failure rate 100.0%" in view.totals.text()
    assert view.choose("task", "tasks.add")
    assert set(view.throughput.lines) == {"succeeded / s", "failed / s"} and set(view.depth.lines) == {"p50", "p95"}
    p95 = [p.y() for p in view.depth.lines["p95"].points()]
    assert p95 and max(p95) == pytest.approx(0.08, rel=1e-3)
    assert view.task_box.currentText() == "tasks.add"  # its runtime histogram below
    _shot(view, tmp_path, "graphs-task.png")

    assert not view.choose("worker", "gone@host")
    view.subject_box.setCurrentIndex(0)
    assert {"active tasks", "queue celery", "queue priority"} == set(view.depth.lines)


def test_graphs_after_a_restart_show_the_kept_series(qtbot, tmp_path):
    first = _cluster_with_workers_and_tasks()
    first.recording = True
    first.task_finished(NOW - 1, "tasks.add", "SUCCESS", 0.05)
    path = tmp_path / "trends.sqlite3"
    database = TrendsDatabase(path)
    database.open()
    database.write("p", [Sample(n, kind_of(n), t, v) for n, t, v in _all_samples(first)])
    database.close()
    opened, recent, _note = open_trends(path, "p", NOW)
    opened.close()
    again = Metrics()
    again.restore(recent)
    view = GraphsView(again, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.redraw()
    assert view.totals.text() == "in the last 15 min: 900 succeeded · 22 failed · failure rate 2.4%"
    assert len(view.depth.lines["queue celery"].points()) == 300
    _shot(view, tmp_path, "graphs-after-restart.png")


def _all_samples(metrics: Metrics):
    """Every second-level bucket of every series, as samples (the ones the session would have written)."""
    for name, series in metrics.series.items():
        ring = series.rings[0]
        for slot in range(ring.slots):
            if ring.bucket[slot] >= 0:
                n, total, peak = ring.n[slot], ring.total[slot], ring.peak[slot]
                if series.kind == 0:
                    yield name, ring.bucket[slot], total
                else:
                    for _ in range(n):
                        yield name, ring.bucket[slot], peak


def test_seven_and_ninety_day_windows_are_read_from_the_trends_file_off_the_gui_thread(qtbot, tmp_path):
    database = TrendsDatabase(tmp_path / "trends.sqlite3")
    database.open()
    samples = []
    for hour in range(24 * 10):  # ten days, 60 tasks an hour, a queue that grows through each day
        t = NOW - 10 * 86400 + hour * 3600
        samples += [Sample("throughput|succeeded", 0, t + minute * 60, 1) for minute in range(60)]
        samples += [Sample("queue|celery", 1, t, hour % 24), Sample("task|tasks.add|p95", 1, t, 0.5)]
    database.write("p", samples)
    threads = []

    def read(*args):
        threads.append(threading.current_thread())
        return database.read_many("p", *args)

    view = GraphsView(Metrics(), clock=lambda: NOW, kept=read)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    windows = [view.window_box.itemText(i) for i in range(view.window_box.count())]
    assert windows[-2:] == ["7 days", "90 days"]
    view.window_box.setCurrentText("7 days")
    qtbot.waitUntil(lambda: "10,080 succeeded" in view.totals.text(), timeout=5000)  # a week by minute: 60 an hour
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    depth = [p.y() for p in view.depth.lines["queue celery"].points()]
    assert max(depth) == 23 and len(depth) <= 300
    view.window_box.setCurrentText("90 days")
    qtbot.waitUntil(lambda: "14,400 succeeded" in view.totals.text(), timeout=5000)  # all ten days, by hour
    _shot(view, tmp_path, "graphs-90-days.png")
    database.close()
