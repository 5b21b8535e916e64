"""Graphs: throughput, queue depth and active tasks over time, runtime distribution per task.

Drawn with QtCharts from the Qt-free Metrics; redrawn every two seconds while the tab is
visible, from series already downsampled to a few hundred points.
"""

from __future__ import annotations

import time
from html import escape

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from desktop.core.domain.display import display_text
from desktop.core.domain.metrics import HISTOGRAM_BOUNDS, WINDOWS, Metrics, Point
from desktop.views.text import markup_label, plain_label

SUCCEEDED_COLOUR, FAILED_COLOUR, ACTIVE_COLOUR = QColor("#2e7d32"), QColor("#c62828"), QColor("#1565c0")
QUEUE_COLOURS = [QColor(c) for c in ("#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#4e342e", "#558b2f", "#283593")]
REDRAW_MS = 2000


def _bucket_label(bound: float) -> str:
    if bound == float("inf"):
        return "> 300 s"
    return f"≤ {bound * 1000:g} ms" if bound < 1 else f"≤ {bound:g} s"


class _TimeChart(QChartView):
    """A line chart over wall-clock time; lines are added by name and replaced wholesale."""

    def __init__(self, title: str, y_title: str, parent: QWidget | None = None):
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("HH:mm:ss")
        self.x_axis.setTickCount(6)
        self.y_axis = QValueAxis()
        self.y_axis.setTitleText(y_title)
        self.y_axis.setLabelFormat("%.3g")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        # A date axis first laid out without a range never draws its labels or grid afterwards.
        self.show_window(time.time(), 900, 1.0)
        self.lines: dict[str, QLineSeries] = {}
        self.setMinimumHeight(200)

    def line(self, name: str, colour: QColor) -> QLineSeries:
        series = self.lines.get(name)
        if series is None:
            series = QLineSeries()
            series.setName(escape(name, quote=False))  # a legend draws its text as HTML
            series.setColor(colour)
            self.chart().addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
            self.lines[name] = series
        return series

    def show_window(self, now: float, window: int, peak: float) -> None:
        self.x_axis.setFormat("HH:mm:ss" if window <= 3600 else "HH:mm")
        self.x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int((now - window) * 1000)), QDateTime.fromMSecsSinceEpoch(int(now * 1000))
        )
        top = max(1.0, peak * 1.1)
        if top != getattr(self, "_top", None):  # re-laying out the axis is the costly part of a redraw
            self._top = top
            self.y_axis.setRange(0, top)
            self.y_axis.applyNiceNumbers()


def _points(points: list[Point]) -> list[QPointF]:
    return [QPointF(p.t * 1000, p.value) for p in points]


class GraphsView(QWidget):
    def __init__(self, metrics: Metrics, parent: QWidget | None = None, clock=time.time):
        super().__init__(parent)
        self.metrics = metrics
        self.clock = clock
        self.window_box = QComboBox()
        self.window_box.addItems(list(WINDOWS))
        self.window_box.setCurrentText("15 min")
        self.window_box.currentIndexChanged.connect(self.redraw)
        self.totals = plain_label()
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.throughput = _TimeChart("Throughput", "tasks / s")
        self.depth = _TimeChart("Queue depth and active tasks", "messages / tasks")

        self.task_box = QComboBox()
        self.task_box.setMinimumContentsLength(24)
        self.task_box.currentIndexChanged.connect(self._draw_runtimes)
        self.runtime_summary = plain_label()
        self.runtime_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        runtime_chart = QChart()
        runtime_chart.setTitle("Runtime distribution")
        runtime_chart.setMargins(QMargins(4, 4, 4, 4))
        runtime_chart.legend().hide()
        self.runtime_bars = QBarSet("tasks")
        self.runtime_bars.setColor(ACTIVE_COLOUR)
        series = QBarSeries()
        series.append(self.runtime_bars)
        runtime_chart.addSeries(series)
        self.runtime_x = QBarCategoryAxis()
        self.runtime_x.append([_bucket_label(b) for b in HISTOGRAM_BOUNDS])
        self.runtime_y = QValueAxis()
        self.runtime_y.setLabelFormat("%d")
        self.runtime_y.setTitleText("tasks")
        runtime_chart.addAxis(self.runtime_x, Qt.AlignmentFlag.AlignBottom)
        runtime_chart.addAxis(self.runtime_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(self.runtime_x)
        series.attachAxis(self.runtime_y)
        self.runtime_view = QChartView(runtime_chart)
        self.runtime_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.runtime_view.setMinimumHeight(200)

        header = QHBoxLayout()
        header.addWidget(markup_label("<b>Graphs</b>"))
        header.addSpacing(12)
        header.addWidget(plain_label("Window:"))
        header.addWidget(self.window_box)
        header.addSpacing(12)
        header.addWidget(self.totals, 1)

        runtime_header = QHBoxLayout()
        runtime_header.addWidget(plain_label("Task:"))
        runtime_header.addWidget(self.task_box)
        runtime_header.addWidget(self.runtime_summary, 1)
        runtime_panel = QWidget()
        runtime_layout = QVBoxLayout(runtime_panel)
        runtime_layout.setContentsMargins(0, 0, 0, 0)
        runtime_layout.addLayout(runtime_header)
        runtime_layout.addWidget(self.runtime_view, 1)

        grid = QGridLayout()
        grid.addWidget(self.throughput, 0, 0)
        grid.addWidget(self.depth, 0, 1)
        grid.addWidget(runtime_panel, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(grid, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw_in_stages)

    @property
    def window_seconds(self) -> int:
        return WINDOWS.get(self.window_box.currentText(), 900)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._redraw_in_stages()
        self._timer.start()

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def redraw(self) -> None:
        """Every chart at once (a window change: the user waits for it anyway)."""
        now, window = self.clock(), self.window_seconds
        for stage in (self._draw_throughput, self._draw_depth, self._draw_runtime_list):
            stage(now, window)

    def _redraw_in_stages(self) -> None:
        """The periodic redraw, one chart per turn of the event loop: no single long stall."""
        now, window = self.clock(), self.window_seconds
        self._draw_throughput(now, window)
        QTimer.singleShot(0, self, lambda: self._draw_depth(now, window))
        QTimer.singleShot(0, self, lambda: self._draw_runtime_list(now, window))

    def _draw_throughput(self, now: float, window: int) -> None:
        succeeded, failed = self.metrics.throughput.series(now, window)
        self.throughput.line("succeeded / s", SUCCEEDED_COLOUR).replace(_points(succeeded))
        self.throughput.line("failed / s", FAILED_COLOUR).replace(_points(failed))
        peak = max((p.value for p in succeeded + failed), default=0.0)
        self.throughput.show_window(now, window, peak)
        ok, bad = self.metrics.throughput.total(now, window)
        self.totals.setText(f"in the last {self.window_box.currentText()}: {ok:,} succeeded · {bad:,} failed")

    def _draw_depth(self, now: float, window: int) -> None:
        active = self.metrics.active.series(now, window)
        self.depth.line("active tasks", ACTIVE_COLOUR).replace(_points(active))
        peak = max((p.value for p in active), default=0.0)
        for index, name in enumerate(sorted(self.metrics.queue_depth)):
            points = self.metrics.queue_depth[name].series(now, window)
            self.depth.line(f"queue {display_text(name, 80)}", QUEUE_COLOURS[index % len(QUEUE_COLOURS)]).replace(_points(points))
            peak = max(peak, max((p.value for p in points), default=0.0))
        self.depth.show_window(now, window, peak)

    def _draw_runtime_list(self, now: float, window: int) -> None:
        self._summaries = {s.name: s for s in self.metrics.runtimes.summaries(now, window)}
        current = self.task_box.currentData()
        names = list(self._summaries)
        if names != [self.task_box.itemData(i) for i in range(self.task_box.count())]:
            self.task_box.blockSignals(True)
            self.task_box.clear()
            for name in names:  # shown as text (display_text), known by the name itself
                self.task_box.addItem(display_text(name, 200), name)
            if current in self._summaries:
                self.task_box.setCurrentIndex(self.task_box.findData(current))
            self.task_box.blockSignals(False)
        self._draw_runtimes()

    def _draw_runtimes(self) -> None:
        summary = getattr(self, "_summaries", {}).get(self.task_box.currentData())
        counts = [c for _, c in summary.histogram] if summary else [0] * len(HISTOGRAM_BOUNDS)
        if self.runtime_bars.count():
            self.runtime_bars.remove(0, self.runtime_bars.count())
        self.runtime_bars.append([float(c) for c in counts])
        top = max(1, max(counts) * 1.1)
        if top != getattr(self, "_runtime_top", None):
            self._runtime_top = top
            self.runtime_y.setRange(0, top)
            self.runtime_y.applyNiceNumbers()
        if summary is None:
            self.runtime_summary.setText("no task finished in this window (runtimes come from task-succeeded events)")
        else:
            self.runtime_summary.setText(
                f"{'last ' if summary.count >= self.metrics.runtimes.per_task else ''}{summary.count:,} runs · p50 {_seconds(summary.p50)} · p90 {_seconds(summary.p90)} · "
                f"p99 {_seconds(summary.p99)} · max {_seconds(summary.max)}"
            )


def _seconds(value: float) -> str:
    return f"{value * 1000:.3g} ms" if value < 1 else f"{value:.3g} s"
