"""Graphs: throughput, queue depth and active tasks over time, runtime distribution per task.

Drawn with QtCharts (deprecated since Qt 6.10 but still shipped; it costs the bundle about 3 MB
against pyqtgraph's 5 MB plus numpy's 58 MB) from the Qt-free Metrics; redrawn every two seconds
while the tab is visible, from series already downsampled to a few hundred points. The charts take
the window's light or dark colours; count axes step in whole numbers.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
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
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDateTime,
    QEvent,
    QMargins,
    QObject,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QPushButton, QToolTip, QVBoxLayout, QWidget

from desktop.core.domain.display import display_text
from desktop.core.domain.metrics import (
    ACTIVE,
    HISTOGRAM_BOUNDS,
    HORIZON_SECONDS,
    KEPT_WINDOWS,
    TASK_PARTS,
    THROUGHPUT_FAILED,
    THROUGHPUT_SUCCEEDED,
    WINDOWS,
    WORKER_PARTS,
    KeptSeries,
    Metrics,
    Point,
    count_ticks,
    level_for,
    queue_series,
    task_series,
    worker_series,
)
from desktop.models import plain_tip
from desktop.views.text import markup_label, plain_label

# Each line's colour in the light and the dark theme (the dark ones lighter, to read on a dark background).
SUCCEEDED_COLOUR, FAILED_COLOUR, ACTIVE_COLOUR = ("#2e7d32", "#81c784"), ("#c62828", "#ef9a9a"), ("#1565c0", "#90caf9")
QUEUE_COLOURS = [
    ("#6a1b9a", "#ce93d8"),
    ("#ef6c00", "#ffb74d"),
    ("#00838f", "#80deea"),
    ("#ad1457", "#f48fb1"),
    ("#4e342e", "#bcaaa4"),
    ("#558b2f", "#c5e1a5"),
    ("#283593", "#9fa8da"),
]
REDRAW_MS = 2000
KEPT_REFRESH_SECONDS = 60.0  # a 7- or 90-day window is read from the trends file again this often
CLUSTER = ("cluster", "")
ZOOM_STEP = 0.8  # one wheel notch in: the time axis shows 80 % of what it showed
MIN_ZOOM_SECONDS = 10.0
WINDOW_TEXTS = {  # the core's window names (WINDOWS, KEPT_WINDOWS), as the Window box says them
    "5 min": QT_TRANSLATE_NOOP("GraphsView", "5 min"),
    "15 min": QT_TRANSLATE_NOOP("GraphsView", "15 min"),
    "1 h": QT_TRANSLATE_NOOP("GraphsView", "1 h"),
    "6 h": QT_TRANSLATE_NOOP("GraphsView", "6 h"),
    "24 h": QT_TRANSLATE_NOOP("GraphsView", "24 h"),
    "7 days": QT_TRANSLATE_NOOP("GraphsView", "7 days"),
    "90 days": QT_TRANSLATE_NOOP("GraphsView", "90 days"),
}


def _bucket_label(bound: float) -> str:
    if bound == float("inf"):
        return "> 300 s"
    return f"≤ {bound * 1000:g} ms" if bound < 1 else f"≤ {bound:g} s"


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def style_chart(chart: QChart, palette: QPalette) -> bool:
    """The chart in the application's light or dark colours (QtCharts' own themes, then the palette's
    background and text, so a chart matches the window around it); returns whether it is dark."""
    dark = palette_is_dark(palette)
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundBrush(palette.brush(QPalette.ColorRole.Window))
    chart.setBackgroundRoundness(0)
    text = palette.color(QPalette.ColorRole.WindowText)
    chart.setTitleBrush(text)
    chart.legend().setLabelColor(text)
    grid = palette.color(QPalette.ColorRole.Mid)
    grid.setAlpha(90)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(text)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(palette.color(QPalette.ColorRole.Mid))
    return dark


def set_count_range(axis: QValueAxis, peak: float) -> None:
    """A count axis from 0 in whole steps (1, 2, 5, 10, …): every label a different whole number."""
    top, ticks = count_ticks(peak)
    axis.setLabelFormat("%d")
    axis.setRange(0, top)
    axis.setTickCount(ticks)


class _TimeChart(QChartView):
    """A line chart over wall-clock time; lines are added by name and replaced wholesale.

    Hovering shows each line's value at the cursor's time (a tooltip, also kept in ``hover_text``);
    the wheel zooms the time axis around the cursor, a drag pans it, a double-click resets it.
    ``on_zoom`` hears the range chosen ((start, end) in epoch seconds, or None for the whole window).
    """

    def __init__(self, title: str, y_title: str, counts: bool = False, parent: QWidget | None = None):
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        super().__init__(chart, parent)
        self.counts = counts
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMouseTracking(True)
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("HH:mm:ss")
        self.x_axis.setTickCount(6)
        self.y_axis = QValueAxis()
        self.y_axis.setTitleText(y_title)
        self.y_axis.setLabelFormat("%.3g")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        # A date axis first laid out without a range never draws its labels or grid afterwards.
        self.show_window(time.time() - 900, time.time(), 1.0)
        self.lines: dict[str, QLineSeries] = {}
        self._colours: dict[str, tuple[str, str]] = {}
        self.dark = style_chart(chart, self.palette())
        self.hover_text = ""
        self.on_zoom = lambda span: None
        self.span: tuple[float, float] = (0.0, 1.0)  # what the time axis shows now
        self.limits: tuple[float, float] = (0.0, 1.0)  # the whole window, which zoom and pan stay within
        self._drag: tuple[float, tuple[float, float]] | None = None
        self.setMinimumHeight(200)

    def line(self, name: str, colours: tuple[str, str]) -> QLineSeries:
        series = self.lines.get(name)
        if series is None:
            series = QLineSeries()
            series.setName(escape(name, quote=False))  # a legend draws its text as HTML
            self.chart().addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
            self.lines[name] = series
        if self._colours.get(name) != colours:
            self._colours[name] = colours
            series.setColor(QColor(colours[self.dark]))
        return series

    def drop_lines_except(self, names) -> None:
        for name in set(self.lines) - set(names):
            self.chart().removeSeries(self.lines.pop(name))
            self._colours.pop(name, None)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.dark = style_chart(self.chart(), self.palette())
            for name, series in self.lines.items():  # a chart theme sets its own line colours: ours again
                series.setColor(QColor(self._colours[name][self.dark]))

    def set_mode(self, title: str, y_title: str, counts: bool) -> None:
        """What the chart shows (the cluster, a worker, a task): its title, its y axis and whether it counts."""
        self.chart().setTitle(escape(title, quote=False))  # a chart title is drawn as HTML
        self.y_axis.setTitleText(escape(y_title, quote=False))
        if counts != self.counts:
            self.counts = counts
            self._top = None
            if not counts:
                self.y_axis.setLabelFormat("%.3g")
                self.y_axis.setTickCount(5)

    def show_window(self, start: float, end: float, peak: float) -> None:
        self.span = (start, end)
        self.x_axis.setFormat("HH:mm:ss" if end - start <= 3600 else "HH:mm" if end - start <= 86400 else "dd MMM HH:mm")
        self.x_axis.setRange(QDateTime.fromMSecsSinceEpoch(int(start * 1000)), QDateTime.fromMSecsSinceEpoch(int(end * 1000)))
        if self.counts:
            if count_ticks(peak) != getattr(self, "_top", None):
                self._top = count_ticks(peak)
                set_count_range(self.y_axis, peak)
            return
        top = peak * 1.1 if peak > 0 else 1.0
        if top != getattr(self, "_top", None):  # re-laying out the axis is the costly part of a redraw
            self._top = top
            self.y_axis.setRange(0, top)
            self.y_axis.applyNiceNumbers()

    # -- hover -------------------------------------------------------------------------
    def _time_at(self, pos: QPointF) -> float:
        return self.chart().mapToValue(self.chart().mapFromScene(self.mapToScene(pos.toPoint())), None).x() / 1000

    def hover_at(self, pos: QPointF) -> str:
        """Each line's value at the time under ``pos`` (a point of the view), as the tooltip shows it."""
        if not self.chart().plotArea().contains(self.chart().mapFromScene(self.mapToScene(pos.toPoint()))):
            return ""
        at = self._time_at(pos)
        shown = []
        for name, series in self.lines.items():
            points = series.points()
            if not points:
                continue
            index = bisect_left([p.x() for p in points], at * 1000)
            near = min((points[i] for i in (index - 1, index) if 0 <= i < len(points)), key=lambda p: abs(p.x() / 1000 - at))
            shown.append((near.x() / 1000, name, near.y()))
        if not shown:
            return ""
        stamp = time.strftime("%H:%M:%S" if self.span[1] - self.span[0] <= 86400 else "%d %b %H:%M", time.localtime(shown[0][0]))
        return "\n".join([stamp, *(f"{name}: {_value(value, self.counts)}" for _, name, value in shown)])

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._drag is not None:
            grabbed, (start, end) = self._drag
            shift = grabbed - self._time_at_unzoomed(event.position(), (start, end))
            self._set_span(start + shift, end + shift)
            return
        self.hover_text = self.hover_at(event.position())
        if self.hover_text:
            QToolTip.showText(event.globalPosition().toPoint(), plain_tip(self.hover_text), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    # -- zoom and pan ----------------------------------------------------------------------
    def _time_at_unzoomed(self, pos: QPointF, span: tuple[float, float]) -> float:
        """The time under ``pos`` were the axis showing ``span`` (a drag measures against where it began)."""
        area = self.chart().plotArea()
        x = self.chart().mapFromScene(self.mapToScene(pos.toPoint())).x()
        fraction = (x - area.left()) / max(1.0, area.width())
        return span[0] + fraction * (span[1] - span[0])

    def _set_span(self, start: float, end: float) -> None:
        low, high = self.limits
        width = min(max(end - start, MIN_ZOOM_SECONDS), high - low)
        start = min(max(start, low), high - width)
        self.on_zoom(None if width >= high - low else (start, start + width))

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        notches = event.angleDelta().y() / 120
        if not notches:
            return
        start, end = self.span
        at = self._time_at_unzoomed(event.position(), self.span)
        factor = ZOOM_STEP**notches
        self._set_span(at - (at - start) * factor, at + (end - at) * factor)
        event.accept()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = (self._time_at_unzoomed(event.position(), self.span), self.span)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._drag = None
        self.unsetCursor()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        self.on_zoom(None)


def _value(value: float, counts: bool) -> str:
    return f"{value:,.0f}" if counts and value == int(value) else f"{value:.3g}"


def _points(points: list[Point]) -> list[QPointF]:
    return [QPointF(p.t * 1000, p.value) for p in points]


class _Arrived(QObject):
    """What the view's reading thread found, handed to the GUI thread (a signal across threads is queued)."""

    done = Signal(object)


class _RuntimeChart(QChartView):
    """The runtime histogram of one task: bars per log-spaced bucket, a whole-number count axis."""

    def __init__(self, parent: QWidget | None = None):
        chart = QChart()
        chart.setTitle(QCoreApplication.translate("_RuntimeChart", "Runtime distribution"))
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().hide()
        super().__init__(chart, parent)
        self.bars = QBarSet(self.tr("tasks"))
        series = QBarSeries()
        series.append(self.bars)
        chart.addSeries(series)
        self.x_axis = QBarCategoryAxis()
        self.x_axis.append([_bucket_label(b) for b in HISTOGRAM_BOUNDS])
        self.y_axis = QValueAxis()
        self.y_axis.setTitleText(self.tr("tasks"))
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)
        set_count_range(self.y_axis, 0)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self._restyle()

    def _restyle(self) -> None:
        dark = style_chart(self.chart(), self.palette())
        self.bars.setColor(QColor(ACTIVE_COLOUR[dark]))
        self.bars.setBorderColor(QColor(ACTIVE_COLOUR[dark]))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()

    def show_counts(self, counts: list[int]) -> None:
        if self.bars.count():
            self.bars.remove(0, self.bars.count())
        self.bars.append([float(c) for c in counts])
        ticks = count_ticks(max(counts, default=0))
        if ticks != getattr(self, "_ticks", None):
            self._ticks = ticks
            set_count_range(self.y_axis, max(counts, default=0))


class GraphsView(QWidget):
    def __init__(self, metrics: Metrics, parent: QWidget | None = None, clock=time.time, kept=None):
        """``kept``: a blocking reader of the trends file ((names, prefixes, level, start, end) -> buckets by name),
        run in a thread of its own, for the windows longer than memory holds (7 and 90 days); None: no such windows."""
        super().__init__(parent)
        self.metrics = metrics
        self.clock = clock
        self.kept = kept
        self._kept_data: KeptSeries | None = None
        self._kept_asked: tuple[object, float] | None = None  # the last request and when
        self._arrived = _Arrived(self)
        self._arrived.done.connect(self._kept_arrived)
        self.zoom: tuple[float, float] | None = None  # the part of the window the time axes show, when zoomed
        self.window_box = QComboBox()
        for window in list(WINDOWS) + (list(KEPT_WINDOWS) if kept is not None else []):  # known by the core's name
            self.window_box.addItem(QCoreApplication.translate("GraphsView", WINDOW_TEXTS.get(window, window)), window)
        self.window_box.setCurrentIndex(self.window_box.findData("15 min"))
        self.window_box.currentIndexChanged.connect(lambda: self.set_zoom(None))
        self.subject_box = QComboBox()  # the cluster, or one worker or task: what the two time charts show
        self.subject_box.setMinimumContentsLength(28)
        self.subject_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.subject_box.addItem(self.tr("the whole cluster"), "cluster|")
        self.subject_box.currentIndexChanged.connect(self._subject_chosen)
        self.totals = plain_label()
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reset_zoom = QPushButton(self.tr("Reset zoom"))
        self.reset_zoom.setToolTip(self.tr("Show the whole window again (or double-click a chart); the wheel zooms, a drag pans"))
        self.reset_zoom.clicked.connect(lambda: self.set_zoom(None))
        self.reset_zoom.setEnabled(False)

        self.throughput = _TimeChart(self.tr("Throughput"), self.tr("tasks / s"))
        self.depth = _TimeChart(self.tr("Queue depth and active tasks"), self.tr("messages / tasks"), counts=True)
        for chart in (self.throughput, self.depth):
            chart.on_zoom = self.set_zoom

        self.task_box = QComboBox()
        self.task_box.setMinimumContentsLength(24)
        self.task_box.currentIndexChanged.connect(self._draw_runtimes)
        self.runtime_summary = plain_label()
        self.runtime_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.runtime_view = _RuntimeChart()
        self.runtime_bars = self.runtime_view.bars
        self.runtime_y = self.runtime_view.y_axis

        header = QHBoxLayout()
        title = self.tr("Graphs")
        header.addWidget(markup_label(f"<b>{escape(title, quote=False)}</b>"))
        header.addSpacing(12)
        header.addWidget(plain_label(self.tr("Window:")))
        header.addWidget(self.window_box)
        header.addWidget(plain_label(self.tr("Show:")))
        header.addWidget(self.subject_box)
        header.addWidget(self.reset_zoom)
        header.addSpacing(12)
        header.addWidget(self.totals, 1)

        runtime_header = QHBoxLayout()
        runtime_header.addWidget(plain_label(self.tr("Task:")))
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
        name = self.window_box.currentData() or ""
        return WINDOWS.get(name) or KEPT_WINDOWS.get(name) or 900

    # -- windows longer than memory: read from the trends file in the view's thread -------------
    def _source(self, span):
        """Where the charts read: the Metrics, or for a 7- or 90-day window what the trends file keeps."""
        low, high = span[2], span[3]
        if self.kept is None or high - low <= HORIZON_SECONDS:
            return self.metrics
        key = (self.window_box.currentData(), self.subject)
        level = level_for(high - low)
        asked = self._kept_asked
        if asked is None or asked[0] != key or time.monotonic() - asked[1] > KEPT_REFRESH_SECONDS:
            self._kept_asked = (key, time.monotonic())
            self._ask_kept(key, level, low, high)
        data = self._kept_data
        return data if data is not None and data.key == key else KeptSeries({}, level, key)

    def _ask_kept(self, key, level: int, low: float, high: float) -> None:
        family, subject = key[1]
        if family == "worker":
            names, prefixes = [worker_series(subject, part) for part in WORKER_PARTS], []
        elif family == "task":
            names, prefixes = [task_series(subject, part) for part in TASK_PARTS], []
        else:
            names, prefixes = [THROUGHPUT_SUCCEEDED, THROUGHPUT_FAILED, ACTIVE], ["queue|"]
        arrived, read = self._arrived, self.kept

        def work() -> None:  # a thread per read (at most one a minute): none is left running once it is done
            try:
                answer = (key, level, read(names, prefixes, level, low, high), None)
            except Exception as exc:  # noqa: BLE001 - a file that cannot be read: said, and the charts stay empty
                answer = (key, level, {}, exc)
            try:
                arrived.done.emit(answer)  # queued to the GUI thread
            except RuntimeError:  # the view was closed meanwhile
                pass

        threading.Thread(target=work, name="celery-desktop-graphs-read", daemon=True).start()

    def _kept_arrived(self, answer) -> None:
        key, level, found, error = answer
        self._kept_data = KeptSeries(found, level, key)
        if key == (self.window_box.currentData(), self.subject):
            self.redraw()
            if error is not None:
                self.totals.setText(self.tr("trends could not be read: {error}").format(error=error))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._redraw_in_stages()
        self._timer.start()

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def set_zoom(self, span: tuple[float, float] | None) -> None:
        """Both time charts show ``span`` of the window (read at their own resolution), or the whole window."""
        self.zoom = span
        self.reset_zoom.setEnabled(span is not None)
        self.redraw()

    def _span(self) -> tuple[float, float, float, float]:
        """(start, end) shown and (start, end) of the whole window: a zoom stays where it was put, the window moves on."""
        now = self.clock()
        window = (int(now) + 1 - self.window_seconds, now)  # the current second is the last bucket
        return (*(self.zoom or window), *window)

    def redraw(self) -> None:
        """Every chart at once (a window or zoom change: the user waits for it anyway)."""
        span = self._span()
        for stage in (self._draw_throughput, self._draw_depth, self._draw_runtime_list):
            stage(span)

    def _redraw_in_stages(self) -> None:
        """The periodic redraw, one chart per turn of the event loop: no single long stall."""
        span = self._span()
        self._draw_throughput(span)
        QTimer.singleShot(0, self, lambda: self._draw_depth(span))
        QTimer.singleShot(0, self, lambda: self._draw_runtime_list(span))

    def _show(self, chart: _TimeChart, span, peak: float) -> None:
        start, end, low, high = span
        chart.limits = (low, high)
        chart.show_window(start, end, peak)

    @property
    def subject(self) -> tuple[str, str]:
        """("cluster", ""), ("worker", hostname) or ("task", name)."""
        family, _, subject = (self.subject_box.currentData() or "cluster|").partition("|")
        return family, subject

    def choose(self, family: str, subject: str) -> bool:
        """Show a worker's or a task's series (as the Show box does); False when it has none."""
        self._list_subjects()
        index = self.subject_box.findData(f"{family}|{subject}")
        if index < 0:
            return False
        self.subject_box.setCurrentIndex(index)
        return True

    def _subject_chosen(self) -> None:
        family, subject = self.subject
        if family == "task" and self.task_box.findData(subject) >= 0:
            self.task_box.setCurrentIndex(self.task_box.findData(subject))  # its runtime histogram below
        self.redraw()

    def _list_subjects(self) -> None:
        """Every worker and task name with a series, after the cluster; the choice kept while it is there."""
        wanted = [CLUSTER]
        wanted += [("worker", host) for host in self.metrics.subjects("worker")]
        wanted += [("task", name) for name in self.metrics.subjects("task")]
        keys = [f"{family}|{subject}" for family, subject in wanted]  # a pair kept as text: Qt finds it by value
        if keys == [self.subject_box.itemData(i) for i in range(self.subject_box.count())]:
            return
        current = self.subject_box.currentData()
        self.subject_box.blockSignals(True)
        self.subject_box.clear()
        for key, (family, subject) in zip(keys, wanted, strict=True):  # shown as text (display_text), known by the key
            if family == "cluster":
                text = self.tr("the whole cluster")
            elif family == "worker":
                text = self.tr("worker: {name}").format(name=display_text(subject, 120))
            else:
                text = self.tr("task: {name}").format(name=display_text(subject, 120))
            self.subject_box.addItem(text, key)
        self.subject_box.setCurrentIndex(max(0, self.subject_box.findData(current)))
        self.subject_box.blockSignals(False)

    def _draw_throughput(self, span) -> None:
        self._list_subjects()
        family, subject = self.subject
        start, end = span[0], span[1]
        metrics = self._source(span)
        if self.zoom is None:
            where = self.tr("in the last {window}").format(window=self.window_box.currentText())
        else:
            where = self.tr("from {start} to {end}").format(start=_clock(start), end=_clock(end))
        per_second = self.tr("tasks / s")
        if family == "worker":
            shown = display_text(subject, 80)
            self.throughput.set_mode(self.tr("Processed by {worker}").format(worker=shown), per_second, counts=False)
            name = worker_series(subject, "processed")
            processed = metrics.points(name, start, end)
            self._plot(self.throughput, {self.tr("processed / s"): (processed, SUCCEEDED_COLOUR)}, span)
            self.totals.setText(
                self.tr("{where}: {count} processed by {worker}").format(
                    where=where, count=f"{round(metrics.total(name, start, end)):,}", worker=shown
                )
            )
            return
        if family == "task":
            names = (task_series(subject, "succeeded"), task_series(subject, "failed"))
            self.throughput.set_mode(self.tr("Rate of {task}").format(task=display_text(subject, 80)), per_second, counts=False)
        else:
            names = (THROUGHPUT_SUCCEEDED, THROUGHPUT_FAILED)
            self.throughput.set_mode(self.tr("Throughput"), per_second, counts=False)
        succeeded, failed = metrics.points(names[0], start, end), metrics.points(names[1], start, end)
        lines = {self.tr("succeeded / s"): (succeeded, SUCCEEDED_COLOUR), self.tr("failed / s"): (failed, FAILED_COLOUR)}
        self._plot(self.throughput, lines, span)
        ok, bad = round(metrics.total(names[0], start, end)), round(metrics.total(names[1], start, end))
        rate = self.tr(" · failure rate {rate}").format(rate=f"{bad / (ok + bad):.1%}") if ok + bad else ""
        self.totals.setText(
            self.tr("{where}: {succeeded} succeeded · {failed} failed{rate}").format(
                where=where, succeeded=f"{ok:,}", failed=f"{bad:,}", rate=rate
            )
        )

    def _draw_depth(self, span) -> None:
        family, subject = self.subject
        start, end = span[0], span[1]
        metrics = self._source(span)
        if family == "worker":
            self.depth.set_mode(
                self.tr("Active tasks and load of {worker}").format(worker=display_text(subject, 80)),
                self.tr("tasks / load"),
                counts=False,
            )
            lines = {
                self.tr("active tasks"): (metrics.points(worker_series(subject, "active"), start, end), ACTIVE_COLOUR),
                self.tr("load (1 min)"): (
                    metrics.points(worker_series(subject, "load"), start, end, how="mean"),
                    QUEUE_COLOURS[1],
                ),
            }
        elif family == "task":
            self.depth.set_mode(
                self.tr("Runtime of {task}").format(task=display_text(subject, 80)), self.tr("seconds"), counts=False
            )
            lines = {
                "p50": (metrics.points(task_series(subject, "p50"), start, end, how="mean"), ACTIVE_COLOUR),
                "p95": (metrics.points(task_series(subject, "p95"), start, end), QUEUE_COLOURS[1]),
            }
        else:
            self.depth.set_mode(self.tr("Queue depth and active tasks"), self.tr("messages / tasks"), counts=True)
            lines = {self.tr("active tasks"): (metrics.points(ACTIVE, start, end), ACTIVE_COLOUR)}
            for index, name in enumerate(sorted(metrics.queue_depth)):
                colours = QUEUE_COLOURS[index % len(QUEUE_COLOURS)]
                line = self.tr("queue {name}").format(name=display_text(name, 80))
                lines[line] = (metrics.points(queue_series(name), start, end), colours)
        self._plot(self.depth, lines, span)

    def _plot(self, chart: _TimeChart, lines: dict, span) -> None:
        """These lines (name -> (points, colours)) and no others, over the span; a lone point drawn as a dot."""
        chart.drop_lines_except(lines)
        peak = 0.0
        for name, (points, colours) in lines.items():
            series = chart.line(name, colours)
            series.replace(_points(points))
            if series.pointsVisible() != (len(points) < 3):
                series.setPointsVisible(len(points) < 3)
            peak = max(peak, max((p.value for p in points), default=0.0))
        self._show(chart, span, peak)

    def _draw_runtime_list(self, span) -> None:
        start, end = span[0], span[1]
        self._summaries = {s.name: s for s in self.metrics.runtimes.summaries(end, int(end) + 1 - start)}
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
        self.runtime_view.show_counts([c for _, c in summary.histogram] if summary else [0] * len(HISTOGRAM_BOUNDS))
        if summary is None:
            self.runtime_summary.setText(
                self.tr("no task succeeded in this window this session (from task events; the kept p50 and p95: Show a task)")
            )
        else:
            if summary.count >= self.metrics.runtimes.per_task:
                text = self.tr("last {count} runs · p50 {p50} · p90 {p90} · p99 {p99} · max {max}")
            else:
                text = self.tr("{count} runs · p50 {p50} · p90 {p90} · p99 {p99} · max {max}")
            self.runtime_summary.setText(
                text.format(
                    count=f"{summary.count:,}",
                    p50=_seconds(summary.p50),
                    p90=_seconds(summary.p90),
                    p99=_seconds(summary.p99),
                    max=_seconds(summary.max),
                )
            )


def _clock(epoch: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(epoch))


def _seconds(value: float) -> str:
    return f"{value * 1000:.3g} ms" if value < 1 else f"{value:.3g} s"
