"""Failure triage: failed tasks grouped by cause, so one bug is one row however many ids its messages
quote; for a group, its tasks and a traceback, and bulk actions (re-send, forget, copy a report)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.triage import FailureGroup, FailureIndex, ResendPlan, report_text
from desktop.models import RecordTableModel, SortRole, failed_tasks_model, failure_groups_model
from desktop.views.tables import selected_record
from desktop.views.task_detail import TracebackHighlighter
from desktop.views.text import markup_label, plain_label, warn

EMPTY_TEXT = QT_TRANSLATE_NOOP(
    "FailuresView", "No failed tasks yet. Failures of tasks you send or see in events are grouped here by cause."
)
EMPTY_DETAIL = QT_TRANSLATE_NOOP(
    "FailuresView",
    "A group gathers the failures of one task with the same exception and message (ids, numbers and times "
    "masked). From a group: list its tasks, re-send them all with the same arguments, forget them, or copy "
    "a report for a ticket.",
)
GROUP_WIDTHS = {"Task": 200, "Exception": 170, "Count": 55, "First seen": 140, "Last seen": 140, "Workers": 200}
TASK_WIDTHS = {"Task id": 285, "State": 70, "Worker": 140, "When": 135, "Retries": 55}


def _table(model: RecordTableModel, widths: dict[str, int], stretch: str) -> QTableView:
    """A sortable table in the model's own order until a header is clicked (a third click goes back to it)."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = QTableView()
    view.setModel(proxy)
    header = view.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    header.setSortIndicatorClearable(True)
    header.setHighlightSections(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, column in enumerate(model.columns):
        if column.title == stretch:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        else:
            header.resizeSection(i, widths.get(column.title, 100))
    return view


class FailuresView(QWidget):
    """Reads the session's FailureIndex; every action leaves as a signal (the view never calls the network)."""

    resendRequested = Signal(object)  # the ResendPlan the user confirmed: send these calls again
    forgetRequested = Signal(list)  # task ids, after the user confirmed
    openTaskRequested = Signal(str)  # show this task in the results view
    groupCountChanged = Signal(int)

    def __init__(self, failures: FailureIndex, parent: QWidget | None = None):
        super().__init__(parent)
        self.failures = failures
        self.groups_model = failure_groups_model(self)
        self.tasks_model = failed_tasks_model(self)
        self._shown: FailureGroup | None = None
        self._group_count = 0
        self._stale = False  # groups changed while the tab was out of sight
        # What a re-send of these ids would send (the session's resend_plan): without it, nothing is known.
        self.plan_resend: Callable[[list[str]], ResendPlan] = lambda ids: ResendPlan(unknown=tuple(ids))

        self.summary = plain_label()
        self.status = plain_label()
        self.status.setStyleSheet("color: palette(mid);")
        top = QHBoxLayout()
        top.addWidget(markup_label(self.tr("<b>Failures</b>")))
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(self.status)

        self.groups_table = _table(self.groups_model, GROUP_WIDTHS, stretch="Message")
        self.tasks_table = _table(self.tasks_model, TASK_WIDTHS, stretch="Args")
        self.groups_table.setObjectName("failureGroupsTable")  # the names key the remembered layout (layout_memory.py)
        self.tasks_table.setObjectName("failedTasksTable")
        self.tasks_table.setToolTip(self.tr("Double-click a task to open it in Calls & results"))

        self.group_title = markup_label()
        self.group_title.setWordWrap(True)
        self.group_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.resend_button = QPushButton(self.tr("Re-send all (same args)"))
        self.resend_button.setToolTip(
            self.tr("Send every task of this group again: same task, arguments and options, new task ids")
        )
        self.forget_button = QPushButton(self.tr("Forget all…"))
        self.forget_button.setToolTip(
            self.tr("Delete the results of every task of this group from the backend, and stop showing them")
        )
        self.copy_button = QPushButton(self.tr("Copy report"))
        self.copy_button.setToolTip(self.tr("Copy a plain-text report of this group (for a ticket) to the clipboard"))
        actions = QHBoxLayout()
        actions.addWidget(self.group_title, 1)
        for button in (self.resend_button, self.forget_button, self.copy_button):
            actions.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        self.traceback_title = markup_label()
        self.traceback_view = QPlainTextEdit()
        self.traceback_view.setReadOnly(True)
        self.traceback_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.traceback_view.setFont(
            QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        )  # not a style sheet: it would pin the palette
        self.highlighter = TracebackHighlighter(self.traceback_view.document())
        traceback_box = QWidget()
        traceback_layout = QVBoxLayout(traceback_box)
        traceback_layout.setContentsMargins(0, 0, 0, 0)
        traceback_layout.setSpacing(2)
        traceback_layout.addWidget(self.traceback_title)
        traceback_layout.addWidget(self.traceback_view, 1)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.setObjectName("failuresLowerSplit")
        lower.addWidget(self.tasks_table)
        lower.addWidget(traceback_box)
        lower.setStretchFactor(0, 3)  # the task list wants the width of its ids, times and args
        lower.setStretchFactor(1, 2)
        lower.setSizes([1200, 800])
        group_panel = QWidget()
        group_layout = QVBoxLayout(group_panel)
        group_layout.setContentsMargins(0, 4, 0, 0)
        group_layout.addLayout(actions)
        group_layout.addWidget(lower, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("failuresSplit")
        split.addWidget(self.groups_table)
        split.addWidget(group_panel)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        empty_text = QCoreApplication.translate("FailuresView", EMPTY_TEXT)
        empty_detail = QCoreApplication.translate("FailuresView", EMPTY_DETAIL)
        self.empty = markup_label(
            f"<p style='font-size: 15px'>{escape(empty_text)}</p><p style='color: gray'>{escape(empty_detail)}</p>"
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMaximumWidth(720)  # a readable measure, centred
        empty_page = QWidget()
        empty_layout = QHBoxLayout(empty_page)
        empty_layout.addWidget(self.empty)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty_page)
        self.stack.addWidget(split)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.groups_table.selectionModel().selectionChanged.connect(lambda *_: self._show_group())
        self.tasks_table.selectionModel().selectionChanged.connect(lambda *_: self._show_traceback())
        self.tasks_table.doubleClicked.connect(self._open_task)
        self.resend_button.clicked.connect(self._resend)
        self.forget_button.clicked.connect(self._ask_forget)
        self.copy_button.clicked.connect(self.copy_report)
        self.refresh()

    # -- what is shown ---------------------------------------------------------------------
    def refresh(self) -> None:
        """The groups again (only the ones that changed are rebuilt), and the selected group's tasks if it changed.

        On a tab out of sight (the window shown, another tab in front) only the number of groups
        is taken, for the tab's name; the tables follow when the tab is shown.
        """
        groups = self.failures.groups()
        if not self.isVisible() and self.window().isVisible():
            self._stale = True
            self._count(groups)
            return
        self._stale = False
        self.groups_model.set_records(groups)
        self.stack.setCurrentIndex(1 if groups else 0)
        failed = sum(g.count for g in groups)
        summary = (
            self.tr("{groups} group(s) · {failed} failed task(s)").format(groups=f"{len(groups):,}", failed=f"{failed:,}")
            if groups
            else ""
        )
        if summary != self.summary.text():
            self.summary.setText(summary)
        self._count(groups)
        if groups and not self.groups_table.selectionModel().hasSelection():
            self.groups_table.selectRow(0)
        self._show_group()

    def _count(self, groups: list[FailureGroup]) -> None:
        if len(groups) != self._group_count:
            self._group_count = len(groups)
            self.groupCountChanged.emit(len(groups))

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def current_group(self) -> FailureGroup | None:
        return selected_record(self.groups_table, self.groups_model)

    def current_task(self) -> TaskRecord | None:
        return selected_record(self.tasks_table, self.tasks_model)

    def _show_group(self) -> None:
        group = self.current_group()
        for button in (self.resend_button, self.forget_button, self.copy_button):
            button.setEnabled(group is not None)
        if group is self._shown:  # the index rebuilds a group (a new object) only when one of its tasks changed
            return
        self._shown = group
        self.tasks_model.set_records(self.failures.records(group.key) if group else [])
        if group is None:
            self.group_title.setText(self.tr("Select a group to list its tasks."))
        else:
            key = group.key
            retried = " " + self.tr("({count} after retries)").format(count=f"{group.retried:,}") if group.retried else ""
            workers = (
                " · " + self.tr("on {workers}").format(workers=escape(display_text(", ".join(group.workers), CELL_LIMIT)))
                if group.workers
                else ""
            )
            task = escape(display_text(key.task, CELL_LIMIT) or self.tr("(unnamed)"))
            exc_type = escape(display_text(key.exc_type, CELL_LIMIT) or self.tr("(unknown)"))
            failures = self.tr("{count} failure(s)").format(count=f"{group.count:,}")
            self.group_title.setText(
                f"<b>{task}</b> · <span style='color:#d64545'><b>{exc_type}</b></span> · "
                f"{failures}{retried}{workers}<br><code>{escape(display_text(key.message))}</code>"
            )
        self._show_traceback()

    def _show_traceback(self) -> None:
        group, task = self._shown, self.current_task()
        if task is not None:
            self.traceback_title.setText(
                self.tr("<b>Traceback</b> of {task_id}").format(task_id=escape(display_text(task.id, CELL_LIMIT)))
            )
            text = task.traceback.rstrip() or self.tr("(no traceback recorded for this task)")
        elif group is not None:
            self.traceback_title.setText(self.tr("<b>Sample traceback</b> (the newest failure that has one)"))
            text = group.sample_traceback.rstrip() or self.tr("(no traceback recorded for this group)")
        else:
            self.traceback_title.setText(self.tr("<b>Traceback</b>"))
            text = ""
        text = display_text(text, multiline=True)
        if self.traceback_view.toPlainText() != text:
            self.traceback_view.setPlainText(text)

    def show_status(self, text: str) -> None:
        """What the last action did ("re-sent 12 task(s)")."""
        self.status.setText(display_text(text, CELL_LIMIT))

    # -- actions ---------------------------------------------------------------------------
    def _group_ids(self) -> list[str]:
        group = self.current_group()
        return list(group.task_ids) if group else []

    def _resend(self) -> None:
        """Re-send the group's calls once the user confirmed them: how many, which tasks, where each call came from."""
        ids = self._group_ids()
        if not ids:
            return
        plan = self.plan_resend(ids)
        if plan.calls:
            answer = warn(
                self,
                self.tr("Re-send failures"),
                plan.confirmation(),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.resendRequested.emit(plan)  # with no call to send, the session says why

    def _ask_forget(self) -> None:
        group = self.current_group()
        if group is None:
            return
        key = group.key
        what = display_text(f"{key.task} · {key.exc_type}", CELL_LIMIT)
        answer = warn(
            self,
            self.tr("Forget failures"),
            self.tr(
                "Delete the stored results of the {count} failed task(s) in this group from the result "
                "backend, and stop showing them?"
            ).format(count=f"{group.count:,}")
            + f"\n\n{what}\n{display_text(key.message, CELL_LIMIT)}\n\n"
            + self.tr("This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.forgetRequested.emit(list(group.task_ids))

    def copy_report(self) -> None:
        group = self.current_group()
        if group is None:
            return
        records = {r.id: r for r in self.failures.records(group.key)}
        QApplication.clipboard().setText(report_text(group, records))
        self.show_status(self.tr("report on {count} failure(s) copied").format(count=f"{group.count:,}"))

    def _open_task(self, index: QModelIndex) -> None:
        if index.isValid():
            record = self.tasks_model.record(self.tasks_table.model().mapToSource(index).row())
            self.openTaskRequested.emit(record.id)
