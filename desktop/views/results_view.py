"""Tasks (mine, or all the events show) with callbacks and subtasks under their parent, actions on the selection, and the detail pane."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.core.domain.filters import TIME_RANGES, TaskFilter
from desktop.core.domain.records import TaskRecord
from desktop.core.store.export import ids_from_file
from desktop.models import RecordRole
from desktop.task_models import TaskRowsModel, TaskTreeModel
from desktop.views.delegates import ProgressDelegate
from desktop.views.layout_memory import remember_values
from desktop.views.notifier import bell_icon
from desktop.views.repaint import StatusLine, StillScrollBar, set_steady_text
from desktop.views.task_detail import TaskDetail
from desktop.views.text import Button, inform, markup_label, question, warn

TERMINATE_SIGNALS = ("SIGTERM", "SIGKILL", "SIGINT", "SIGQUIT", "SIGUSR1")
FILTER_STATES = ("PENDING", "RECEIVED", "STARTED", "PROGRESS", "RETRY", "SUCCESS", "FAILURE", "REVOKED", "REJECTED")
# The time filter's choices (core/domain/filters.py TIME_RANGES keys), marked here to be translated where shown.
TIME_RANGE_WORDS = (
    QT_TRANSLATE_NOOP("ResultsView", "Any time"),
    QT_TRANSLATE_NOOP("ResultsView", "Last 5 min"),
    QT_TRANSLATE_NOOP("ResultsView", "Last hour"),
    QT_TRANSLATE_NOOP("ResultsView", "Last 24 h"),
    QT_TRANSLATE_NOOP("ResultsView", "Last 7 days"),
)


class _TaskTable(QTableView):
    """The results table: a click on ▾/▸ (or Left/Right) folds a task's children away or shows them again."""

    def __init__(self, rows: TaskRowsModel):
        super().__init__()
        self.rows = rows
        self.setVerticalScrollBar(StillScrollBar(Qt.Orientation.Vertical, self))
        self.setHorizontalScrollBar(StillScrollBar(Qt.Orientation.Horizontal, self))
        self._first_moved: int | None = None  # the first row a pending insert or remove moves
        rows.rowsAboutToBeInserted.connect(self._rows_moving)
        rows.rowsAboutToBeRemoved.connect(self._rows_moving)
        header = self.verticalHeader()
        header.sectionCountChanged.disconnect()  # QTableView.rowCountChanged, which repaints the whole viewport
        header.sectionCountChanged.connect(self._row_count_changed)

    def _rows_moving(self, _parent: QModelIndex, first: int, _last: int) -> None:
        self._first_moved = first if self._first_moved is None else min(first, self._first_moved)

    def _row_count_changed(self, old: int, new: int) -> None:
        """Rows inserted or removed below the last row shown move nothing in sight: no repaint of the viewport.

        QTableView repaints the whole viewport whenever the row count changes, and lays out its
        scroll bars again (raising each above the other, which repaints both); tasks appended to a
        long list, out of sight, were that much at each flush. Rows are all one height here (the
        vertical header is Fixed), so the vertical scroll bar's range moves by the rows added or
        removed, and that is all that changes.
        """
        first, self._first_moved = self._first_moved, None
        last_shown = self.rowAt(self.viewport().height() - 1)
        bar = self.verticalScrollBar()
        maximum = bar.maximum() + new - old
        if (
            first is None
            or last_shown < 0
            or first <= last_shown
            or self.verticalScrollMode() != QAbstractItemView.ScrollMode.ScrollPerItem
            or self.verticalHeader().sectionResizeMode(0) != QHeaderView.ResizeMode.Fixed
            or min(bar.maximum(), maximum) <= 0  # the bar appears or goes: Qt lays the view out
            or maximum < bar.value()  # the rows shown move up
        ):
            QTableView.rowCountChanged(self, old, new)
            return
        # Quietly: the scroll area answers rangeChanged by laying both bars out again (raising, so
        # repainting, each); the bar stays shown and its value stays, only its handle may move.
        blocked = bar.blockSignals(True)
        try:
            bar.setRange(0, maximum)
        finally:
            bar.blockSignals(blocked)

    def fold_mark_hit(self, index: QModelIndex, x: int) -> bool:
        """Whether viewport x falls on the fold mark of the row at index (column 0, a task with children)."""
        if not index.isValid() or index.column() != 0 or not self.rows.has_children(self.rows.task_id(index.row())):
            return False
        depth = self.rows.depth(self.rows.task_id(index.row()))
        mark_end = self.fontMetrics().horizontalAdvance(TaskRowsModel.INDENT * depth + "▾ ") + 8  # + the cell's margin
        return x - self.columnViewportPosition(0) <= mark_end

    def dataChanged(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:  # noqa: N802 - Qt's name
        """Rows that changed off screen repaint nothing.

        For a range of rows Qt repaints the whole viewport, wherever the rows are; with tasks
        streaming in, most changes are to rows scrolled out of sight, and those repaints were most
        of the console's CPU. A range that reaches the visible rows is handed on as before. A
        change to what a row holds but no cell shows (RecordRole alone) repaints nothing.
        """
        if roles and all(role == RecordRole for role in roles):
            return  # the record changed where no cell shows it
        if top_left.isValid() and bottom_right.isValid():
            first = self.rowAt(0)
            last = self.rowAt(self.viewport().height() - 1)
            if first >= 0 and (bottom_right.row() < first or (last >= 0 and top_left.row() > last)):
                return
        super().dataChanged(top_left, bottom_right, roles)

    def mousePressEvent(self, event) -> None:
        point = event.position().toPoint()
        index = self.indexAt(point)
        if event.button() == Qt.MouseButton.LeftButton and self.fold_mark_hit(index, point.x()):
            task_id = self.rows.task_id(index.row())
            self.rows.set_folded(task_id, not self.rows.is_folded(task_id))
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:
        index = self.currentIndex()
        if index.isValid() and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            task_id = self.rows.task_id(index.row())
            if self.rows.has_children(task_id):
                self.rows.set_folded(task_id, event.key() == Qt.Key.Key_Left)
                return
        super().keyPressEvent(event)


class _WatchedMark(QStyledItemDelegate):
    """A bell before the task's name on the rows the user watches (drawn, so no emoji font is needed)."""

    TIP = QT_TRANSLATE_NOOP("_WatchedMark", "Watched: a desktop notification when it ends")

    def __init__(self, rows: TaskRowsModel, is_watched: Callable[[str], bool], parent=None):
        super().__init__(parent)
        self.rows, self.is_watched, self.bell = rows, is_watched, bell_icon(14)

    def _watched(self, index: QModelIndex) -> bool:
        return index.isValid() and index.row() < self.rows.rowCount() and self.is_watched(self.rows.task_id(index.row()))

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        if self._watched(index):
            option.icon = self.bell
            option.decorationSize = QSize(14, 14)
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration

    def helpEvent(self, event, view, option, index) -> bool:
        if self._watched(index):
            QToolTip.showText(event.globalPos(), QCoreApplication.translate("_WatchedMark", self.TIP), view)
            return True
        return super().helpEvent(event, view, option, index)


class ResultsView(QWidget):
    trackRequested = Signal(str)  # pasted ids
    watchRequested = Signal(list, bool)  # ids, watch (True) or stop watching (False)
    watchSentToggled = Signal(bool)  # "watch everything I send"
    showAllToggled = Signal(bool)
    revokeRequested = Signal(list, bool, str)  # ids, terminate, signal
    forgetRequested = Signal(list)
    resendRequested = Signal(str)
    exportRequested = Signal(list, str)  # ids, path (.csv or .json)

    def __init__(self, model: TaskTreeModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.describe_sent: Callable[[str], str] = lambda task_id: ""  # the call as sent, when the console sent it
        self.is_watched: Callable[[str], bool] = lambda task_id: False  # rows with a notification when they end
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._toolbar())
        layout.addLayout(self._filter_bar())

        self.rows = TaskRowsModel(model, self)
        self.table = table = _TaskTable(self.rows)
        table.setObjectName("resultsTable")  # the names key the remembered layout (layout_memory.py)
        table.setModel(self.rows)
        header = table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # arrival order until the user sorts
        table.setSortingEnabled(True)
        header.setSortIndicatorClearable(True)  # a third click goes back to arrival order
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows_header = table.verticalHeader()
        rows_header.hide()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(table.fontMetrics().height() + 10)  # room for the progress bar's text
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        self.progress_column = next(i for i, c in enumerate(model.columns) if c.title == "Progress")
        table.setItemDelegateForColumn(self.progress_column, ProgressDelegate(table))
        self.name_column = next(i for i, c in enumerate(model.columns) if c.title == "Task")
        table.setItemDelegateForColumn(self.name_column, _WatchedMark(self.rows, lambda i: self.is_watched(i), table))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {
            "Task id": 170,
            "Task": 150,
            "Args": 110,
            "State": 80,
            "Progress": 120,
            "Result": 200,
            "Runtime": 70,
            "Worker": 110,
        }
        for i, column in enumerate(model.columns):
            header.resizeSection(i, widths.get(column.title, 80))

        self.detail = TaskDetail()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("resultsDetailSplit")
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        model.dataChanged.connect(self._maybe_refresh_detail)
        self.rows.rowsInserted.connect(lambda *_: self._update_title())
        self.rows.rowsRemoved.connect(lambda *_: self._update_title())
        self.rows.modelAboutToBeReset.connect(self._remember_selection)
        self.rows.modelReset.connect(self._restore_selection)
        self._kept_selection: tuple[list[str], str | None] = ([], None)
        self._clock = QTimer(self)  # ETA countdowns and runtimes move with the clock
        self.eta_column = next(i for i, c in enumerate(model.columns) if c.title == "ETA")
        self._clock.timeout.connect(self._clock_tick)
        self._clock.start(1000)
        self._selection_changed()

    def _clock_tick(self) -> None:
        """Repaint the one column whose text moves with the clock (an ETA's countdown), not every cell."""
        table, column = self.table, self.eta_column
        if table.isColumnHidden(column):
            return
        viewport = table.viewport()
        x = table.columnViewportPosition(column)
        if x < viewport.width() and x + table.columnWidth(column) > 0:
            viewport.update(QRect(x, 0, table.columnWidth(column), viewport.height()))

    # -- layout -----------------------------------------------------------------------
    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        mine = self.tr("My tasks")
        self.title = markup_label(f"<b>{mine}</b>")
        row.addWidget(self.title)
        self.status = StatusLine()  # changes at each poll: repainted in place, never laid out again
        self.status.setStyleSheet("font-size: 11px;")
        row.addWidget(self.status, 1)
        self.show_all_tasks = QCheckBox(self.tr("All tasks"))
        self.show_all_tasks.setToolTip(
            self.tr(
                "Show every task any program sends (seen through events, and by subscribing to every result key); "
                "off: only the tasks this console sent or tracked"
            )
        )
        self.show_all_tasks.toggled.connect(self._on_show_all_toggled)
        row.addWidget(self.show_all_tasks)
        self.track_button = self._button(
            self.tr("Track ids…"), self.tr("Follow tasks other programs sent, by id"), self.ask_track
        )
        track_menu = QMenu(self.track_button)
        track_menu.addAction(self.tr("Paste ids…"), self.ask_track)
        track_menu.addAction(self.tr("Import ids from a file…"), self.ask_import)
        self.track_button.setMenu(track_menu)
        self.track_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.resend_button = self._button(
            self.tr("Re-send"), self.tr("Open the call form with this call's exact arguments and options"), self._resend
        )
        self.revoke_button = self._button(
            self.tr("Revoke"),
            self.tr("Revoke: workers discard the task if it has not started"),
            lambda: self._revoke(False, "SIGTERM"),
        )
        self.terminate_button = self._button(
            self.tr("Terminate"), self.tr("Revoke and kill the process running it"), lambda: self._revoke(True, "SIGTERM")
        )
        menu = QMenu(self.terminate_button)
        for name in TERMINATE_SIGNALS:
            menu.addAction(self.tr("with {signal}").format(signal=name), lambda n=name: self._revoke(True, n))
        self.terminate_button.setMenu(menu)
        self.terminate_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.forget_button = self._button(
            self.tr("Forget"), self.tr("Delete the results from the backend and stop showing them"), self._forget
        )
        self.copy_button = self._button(self.tr("Copy id"), self.tr("Copy the selected task ids"), self.copy_ids)
        self.export_button = self._button(
            self.tr("Export…"),
            self.tr("Save the selected tasks (or, with none selected, every row shown) to CSV or JSON"),
            self.ask_export,
        )
        self.watch_button = self._button(
            self.tr("Watch"), self.tr("Get a desktop notification when the selected tasks or workflows end"), self._watch_clicked
        )
        self.watch_button.setIcon(bell_icon(14))
        self.watch_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        watch_menu = QMenu(self.watch_button)
        self.watch_action = watch_menu.addAction(self.tr("Watch selected"), lambda: self._watch(True))
        self.unwatch_action = watch_menu.addAction(self.tr("Stop watching selected"), lambda: self._watch(False))
        watch_menu.addSeparator()
        self.watch_sent_action = watch_menu.addAction(self.tr("Watch everything I send"))
        self.watch_sent_action.setCheckable(True)
        self.watch_sent_action.setToolTip(
            self.tr("Every task and workflow sent from this console from now on notifies when it ends")
        )
        self.watch_sent_action.toggled.connect(self._watch_sent_toggled)
        watch_menu.aboutToShow.connect(self._update_watch_actions)
        self.watch_button.setMenu(watch_menu)
        self.watch_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        for button in (
            self.track_button,
            self.resend_button,
            self.revoke_button,
            self.terminate_button,
            self.forget_button,
            self.copy_button,
            self.export_button,
            self.watch_button,
        ):
            row.addWidget(button)
        copy = QAction(self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.triggered.connect(self.copy_ids)
        self.addAction(copy)
        return row

    def _on_show_all_toggled(self, on: bool) -> None:
        self.rows.set_show_all(on)
        self._update_title()
        self.showAllToggled.emit(on)

    def _filter_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = self._filter_field(
            self.tr("Search args, kwargs, result…"), self.tr("Text anywhere in the arguments or the result")
        )
        self.name_filter = self._filter_field(self.tr("Task name"), self.tr("Part of the task name"))
        row.addWidget(self.search, 3)
        row.addWidget(self.name_filter, 2)
        self.state_filter = QComboBox()
        self.state_filter.addItems([self.tr("Any state"), *FILTER_STATES])
        self.state_filter.setToolTip(self.tr("Only tasks in this state"))
        self.state_filter.currentIndexChanged.connect(lambda *_: self.apply_filter())
        row.addWidget(self.state_filter)
        self.worker_filter = self._filter_field(self.tr("Worker"), self.tr("Part of the worker's hostname"))
        self.id_filter = self._filter_field(self.tr("Id prefix"), self.tr("The first characters of the task id"))
        row.addWidget(self.worker_filter, 1)
        row.addWidget(self.id_filter, 1)
        self.time_filter = QComboBox()
        for label in TIME_RANGES:  # shown translated; the English label (the data) keys the range
            self.time_filter.addItem(QCoreApplication.translate("ResultsView", label), label)
        self.time_filter.setToolTip(self.tr("Tasks sent (or started, or finished) within this time"))
        self.time_filter.currentIndexChanged.connect(lambda *_: self.apply_filter())
        row.addWidget(self.time_filter)
        self.clear_filter = self._button(self.tr("Clear"), self.tr("Show every row again"), self.reset_filter)
        row.addWidget(self.clear_filter)
        self._filter_timer = QTimer(self)  # typing: filter once the keys pause
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self.apply_filter)
        for name in ("search", "name_filter", "state_filter", "worker_filter", "id_filter", "time_filter"):
            getattr(self, name).setObjectName(f"results.{name}")
        self.show_all_tasks.setObjectName("results.show_all_tasks")
        remember_values(self.search, self.name_filter, self.state_filter, self.worker_filter, self.id_filter)
        remember_values(self.time_filter, self.show_all_tasks)
        return row

    def _filter_field(self, placeholder: str, tip: str) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.setToolTip(tip)
        field.setClearButtonEnabled(True)
        field.textChanged.connect(lambda *_: self._filter_timer.start())
        return field

    def current_filter(self) -> TaskFilter:
        state = self.state_filter.currentText()
        back = TIME_RANGES.get(self.time_filter.currentData())
        return TaskFilter(
            text=self.search.text(),
            name=self.name_filter.text(),
            states=frozenset() if self.state_filter.currentIndex() == 0 else frozenset({state}),
            worker=self.worker_filter.text(),
            id_prefix=self.id_filter.text(),
            since=None if back is None else time.time() - back,
        )

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.rows.set_filter(self.current_filter())
        self._update_title()

    def reset_filter(self) -> None:
        for field in (self.search, self.name_filter, self.worker_filter, self.id_filter):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        for combo in (self.state_filter, self.time_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_filter()

    def _update_title(self) -> None:
        shown = self.rows.rowCount()
        what = self.tr("All tasks") if self.rows.show_all else self.tr("My tasks")
        if self.rows.filtering:
            count = self.tr("({shown} of {total} match)").format(shown=f"{shown:,}", total=f"{self.rows.in_scope:,}")
        else:
            count = self.tr("({shown})").format(shown=f"{shown:,}")
        text = f"<b>{what}</b> {count}"
        set_steady_text(self.title, text)

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- selection ---------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        return [self.rows.task_id(i.row()) for i in sorted(self.table.selectionModel().selectedRows(0), key=QModelIndex.row)]

    def current_record(self) -> TaskRecord | None:
        index = self.table.currentIndex()
        return self.rows.record(index) if index.isValid() else None

    def select(self, task_id: str) -> None:
        """Select a task's row (a notification or the Failures tab asks): a folded parent opens to show it."""
        row = self.rows.row_of(task_id)
        if row < 0:
            row = self.rows.reveal(task_id)
        if row >= 0:
            index = self.rows.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def reveal(self, task_id: str, seen_only: bool = False) -> None:
        """Select a task's row whatever hides it: a filter that hides it is cleared, and a task seen only
        through events (not sent or tracked here) is listed under "All tasks"."""
        if self.rows.row_of(task_id) < 0 and self.rows.filtering:
            self.reset_filter()
        if self.rows.row_of(task_id) < 0 and seen_only:
            self.show_all_tasks.setChecked(True)
        self.select(task_id)

    def _remember_selection(self) -> None:
        current = self.table.currentIndex()
        self._kept_selection = (self.selected_ids(), self.rows.task_id(current.row()) if current.isValid() else None)

    def _restore_selection(self) -> None:
        ids, current = self._kept_selection
        self._kept_selection = ([], None)
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for task_id in ids:
            row = self.rows.row_of(task_id)
            if row >= 0:
                selection.select(self.rows.index(row, 0), flags)
        row = self.rows.row_of(current) if current else -1
        if row >= 0:
            selection.setCurrentIndex(self.rows.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self._update_title()

    def _selection_changed(self, *_) -> None:
        ids = self.selected_ids()
        for button in (self.revoke_button, self.terminate_button, self.forget_button, self.copy_button):
            button.setEnabled(bool(ids))
        self.resend_button.setEnabled(len(ids) == 1)
        self._show_current()

    def _show_current(self) -> None:
        record = self.current_record()
        self.detail.show_record(record, self.describe_sent(record.id) if record else "")

    def _maybe_refresh_detail(self, top_left: QModelIndex, bottom_right: QModelIndex, *_) -> None:
        current = self.detail.record
        if current is None:
            return
        index = self.model.index_of(current.id)
        if index.isValid() and index.parent() == top_left.parent() and top_left.row() <= index.row() <= bottom_right.row():
            self._show_current()

    # -- actions ---------------------------------------------------------------------------
    def ask_track(self) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Track tasks by id"), self.tr("Task ids (one per line, or separated by spaces or commas):")
        )
        if ok and text.strip():
            self.trackRequested.emit(text)

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Track the tasks in a file"), "", self.tr("Task ids (*.txt *.csv *.json);;All files (*)")
        )
        if path:
            self.import_ids(Path(path))

    def import_ids(self, path: Path) -> None:
        try:
            ids = ids_from_file(path)
        except ValueError as exc:
            warn(self, self.tr("Import ids"), str(exc))
            return
        if not ids:
            inform(self, self.tr("Import ids"), self.tr("No task ids found in {file}.").format(file=path.name))
            return
        self.trackRequested.emit("\n".join(ids))

    def shown_ids(self) -> list[str]:
        return [self.rows.task_id(r) for r in range(self.rows.rowCount())]

    def ask_export(self) -> None:
        ids = self.selected_ids() or self.shown_ids()
        if not ids:
            return
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export {count} task(s)").format(count=f"{len(ids):,}"), "tasks.csv", "CSV (*.csv);;JSON (*.json)"
        )
        if path:
            if not path.lower().endswith((".csv", ".json")):
                path += ".json" if "json" in chosen.lower() else ".csv"
            self.exportRequested.emit(ids, path)

    def copy_ids(self) -> None:
        ids = self.selected_ids()
        if ids:
            QApplication.clipboard().setText("\n".join(ids))

    def _revoke(self, terminate: bool, signal: str) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if terminate or len(ids) > 1:
            if terminate:
                what = self.tr("Terminate {count} task(s) with {signal}?").format(count=len(ids), signal=signal)
                detail = self.tr("The worker process running each task is killed.")
            else:
                what = self.tr("Revoke {count} tasks?").format(count=len(ids))
                detail = self.tr("Workers discard them if they have not started.")
            if question(self, self.tr("Revoke"), f"{what}\n\n{detail}") != Button.Yes:
                return
        self.revokeRequested.emit(ids, terminate, signal)

    def _forget(self) -> None:
        ids = self.selected_ids()
        if (
            ids
            and question(
                self,
                self.tr("Forget"),
                self.tr("Delete the stored results of {count} task(s) and stop showing them?").format(count=len(ids)),
            )
            == Button.Yes
        ):
            self.forgetRequested.emit(ids)

    def _resend(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.resendRequested.emit(ids[0])

    def _context_menu(self, point) -> None:
        menu = QMenu(self)
        for button in (self.resend_button, self.revoke_button, self.forget_button, self.copy_button):
            action = menu.addAction(button.text(), button.click)
            action.setEnabled(button.isEnabled())
        terminate = menu.addMenu(self.tr("Terminate"))
        terminate.setEnabled(self.terminate_button.isEnabled())
        for name in TERMINATE_SIGNALS:
            terminate.addAction(self.tr("with {signal}").format(signal=name), lambda n=name: self._revoke(True, n))
        menu.addSeparator()
        self._update_watch_actions()
        for action, label in ((self.watch_action, self.tr("Watch")), (self.unwatch_action, self.tr("Stop watching"))):
            if action.isEnabled():
                menu.addAction(label, action.trigger)
        menu.exec(self.table.viewport().mapToGlobal(point))

    # -- watching ------------------------------------------------------------------------------
    def _update_watch_actions(self) -> None:
        ids = self.selected_ids()
        watched = sum(1 for i in ids if self.is_watched(i))
        self.watch_action.setEnabled(watched < len(ids))
        self.unwatch_action.setEnabled(watched > 0)

    def _watch(self, on: bool) -> None:
        ids = self.selected_ids()
        if ids:
            self.watchRequested.emit(ids, on)
            self.refresh_watch_marks()

    def _watch_clicked(self) -> None:
        """Watch the selection, or stop when all of it is watched; with nothing selected, the menu."""
        ids = self.selected_ids()
        if not ids:
            self.watch_button.showMenu()
            return
        self._watch(not all(self.is_watched(i) for i in ids))

    def _watch_sent_toggled(self, on: bool) -> None:
        self.watch_button.setText(self.tr("Watching all I send") if on else self.tr("Watch"))
        self.watchSentToggled.emit(on)

    def set_watch_sent(self, on: bool) -> None:
        """Show the saved "watch everything I send" choice (without telling anyone it changed)."""
        self.watch_sent_action.blockSignals(True)
        self.watch_sent_action.setChecked(on)
        self.watch_sent_action.blockSignals(False)
        self.watch_button.setText(self.tr("Watching all I send") if on else self.tr("Watch"))

    def refresh_watch_marks(self) -> None:
        self.table.viewport().update()

    def show_status(self, text: str, warning: bool = False) -> None:
        style = f"font-size: 11px; color: {'#b9770e' if warning else 'palette(mid)'};"
        if self.status.styleSheet() != style:  # a restyle repolishes the whole window: only when it changes
            self.status.setStyleSheet(style)
        self.status.setText(display_text(text, CELL_LIMIT))
