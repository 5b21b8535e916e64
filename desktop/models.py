"""Qt adapters over the core's records. Columns are declared as data."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from celery import states
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor

from desktop.core.catalog import TaskInfo
from desktop.core.records import TaskRecord, WorkerRecord
from desktop.core.session import CATALOG, CONNECTION, ERRORS, TASKS, WORKERS, ConsoleSession

ProgressRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

STATE_COLORS = {
    states.PENDING: "#8a8f98",
    states.RECEIVED: "#5b8def",
    states.STARTED: "#2f7de1",
    "PROGRESS": "#2f7de1",
    states.SUCCESS: "#1f9d55",
    states.FAILURE: "#d64545",
    states.RETRY: "#d9822b",
    states.REVOKED: "#8e44ad",
    states.REJECTED: "#b03a2e",
    states.IGNORED: "#8a8f98",
}
CUSTOM_STATE_COLOR = "#2a9d8f"


def state_color(state: str) -> QColor:
    return QColor(STATE_COLORS.get(state, CUSTOM_STATE_COLOR))


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]
    tooltip: Callable[[Any], str] | None = None
    color: Callable[[Any], QColor | None] | None = None
    sort: Callable[[Any], Any] | None = None


class RecordTableModel(QAbstractTableModel):
    """A table over frozen records, updated by diff: ranged inserts/removes, one dataChanged per run."""

    def __init__(self, columns: Sequence[Column], key: Callable[[Any], str], parent: QObject | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._rows: list[Any] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def record(self, row: int) -> Any:
        return self._rows[row]

    def records(self) -> list[Any]:
        return list(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(record)
            return "" if value is None else str(value)
        if role == SortRole:
            return (column.sort or column.value)(record)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(record)
        if role == Qt.ItemDataRole.ForegroundRole and column.color:
            return column.color(record)
        if role == ProgressRole:
            return getattr(record, "progress", None)
        return None

    def set_records(self, records: Sequence[Any]) -> None:
        new = list(records)
        new_keys = [self._key(r) for r in new]
        new_set = set(new_keys)
        # 1. remove rows that are gone, bottom-up, one signal per contiguous run
        gone = [i for i, r in enumerate(self._rows) if self._key(r) not in new_set]
        for start, end in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._rows[start : end + 1]
            self.endRemoveRows()
        old_keys = [self._key(r) for r in self._rows]
        kept_in_new_order = [k for k in new_keys if k in set(old_keys)]
        if kept_in_new_order != old_keys:  # reordered: cheaper to say so than to move rows one by one
            self.layoutAboutToBeChanged.emit()
            self._rows = [r for r in new if self._key(r) in set(old_keys)]
            self.layoutChanged.emit()
            old_keys = kept_in_new_order
        # 2. insert new rows where they belong, one signal per contiguous run
        old_set = set(old_keys)
        inserted = [i for i, k in enumerate(new_keys) if k not in old_set]
        for start, end in _runs(inserted):
            self.beginInsertRows(QModelIndex(), start, end)
            self._rows[start:start] = new[start : end + 1]
            self.endInsertRows()
        # 3. changed rows: one dataChanged per contiguous run
        changed = [i for i, r in enumerate(new) if self._rows[i] != r]
        self._rows = new
        last_column = max(0, len(self.columns) - 1)
        for start, end in _runs(changed):
            self.dataChanged.emit(self.index(start, 0), self.index(end, last_column))


def _runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _age(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    seconds = max(0, int(time.time() - timestamp))
    return f"{seconds} s ago" if seconds < 120 else f"{seconds // 60} min ago"


def workers_model(parent: QObject | None = None) -> RecordTableModel:
    def status_color(w: WorkerRecord) -> QColor:
        return QColor("#1f9d55" if w.online else "#d64545")

    return RecordTableModel(
        [
            Column("Worker", lambda w: w.hostname),
            Column("Status", lambda w: "online" if w.online else "offline", color=status_color),
            Column("Ping", lambda w: "" if w.ping_ms is None else f"{w.ping_ms:.1f} ms", sort=lambda w: w.ping_ms or 0.0),
            Column("Tasks", lambda w: w.registered_count, sort=lambda w: w.registered_count or 0),
            Column("Last answered", lambda w: _age(w.last_seen), sort=lambda w: w.last_seen or 0.0),
        ],
        key=lambda w: w.hostname,
        parent=parent,
    )


def _yes_no(value: str) -> str:
    return {"True": "yes", "False": "no"}.get(value, value)


NOT_ON_WORKERS = QColor("#c0392b")


def registered_tasks_model(parent: QObject | None = None) -> RecordTableModel:
    def limits(t: TaskInfo) -> str:
        soft, hard = t.option("soft_time_limit"), t.option("time_limit")
        return " / ".join(p for p in (f"soft {soft} s" if soft else "", f"hard {hard} s" if hard else "") if p)

    def retries(t: TaskInfo) -> str:
        count, delay = t.option("max_retries"), t.option("default_retry_delay")
        return f"{count} × {delay} s" if count and delay else count

    def workers(t: TaskInfo) -> str:
        return ", ".join(t.workers) if t.workers else "no online worker"

    def details(t: TaskInfo) -> str:
        lines = [f"{t.name}{t.signature.text if t.signature else ''}"]
        if t.doc:
            lines += ["", t.doc]
        lines += ["", f"workers: {workers(t)}", f"known from: {t.source}"] + [f"{k} = {v}" for k, v in t.options]
        return "\n".join(lines)

    def name_color(t: TaskInfo) -> QColor | None:
        return None if t.on_workers else NOT_ON_WORKERS

    return RecordTableModel(
        [
            Column("Task", lambda t: t.name if t.on_workers else f"{t.name}  ⚠", tooltip=details, color=name_color),
            Column("Workers", workers, tooltip=details, color=name_color),
            Column("Signature", lambda t: t.signature.text if t.signature else "", tooltip=details),
            Column("Rate limit", lambda t: t.option("rate_limit")),
            Column("Time limits", limits),
            Column("Retries", retries),
            Column("Ignore result", lambda t: _yes_no(t.option("ignore_result"))),
            Column("Track started", lambda t: _yes_no(t.option("track_started"))),
            Column("Acks late", lambda t: _yes_no(t.option("acks_late"))),
            Column("Serializer", lambda t: t.option("serializer")),
            Column("Queue", lambda t: t.option("queue")),
        ],
        key=lambda t: t.name,
        parent=parent,
    )


def tasks_model(parent: QObject | None = None) -> RecordTableModel:
    def result_tip(t: TaskRecord) -> str:
        return t.error or t.traceback or t.result

    return RecordTableModel(
        [
            Column("Task id", lambda t: t.id),
            Column("Task", lambda t: t.name),
            Column("Args", lambda t: t.args, tooltip=lambda t: t.args),
            Column("State", lambda t: t.state, color=lambda t: state_color(t.state)),
            Column(
                "Progress",
                lambda t: "" if t.progress is None else f"{t.progress.fraction:.0%}",
                sort=lambda t: t.progress.fraction if t.progress else -1.0,
            ),
            Column(
                "Result",
                lambda t: t.error or t.result,
                tooltip=result_tip,
                color=lambda t: QColor("#d64545") if t.error else None,
            ),
            Column("Worker", lambda t: t.worker),
        ],
        key=lambda t: t.id,
        parent=parent,
    )


class SessionBridge(QObject):
    """Carries ConsoleSession changes to Qt, coalesced to at most ~30 updates a second."""

    connectionChanged = Signal()
    errorsChanged = Signal()
    catalogChanged = Signal()

    def __init__(self, session: ConsoleSession, parent: QObject | None = None, interval_ms: int = 33):
        super().__init__(parent)
        self.session = session
        self.workers = workers_model(self)
        self.registered = registered_tasks_model(self)
        self.tasks = tasks_model(self)
        self._dirty: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        session.subscribe(self._on_changed)

    def _on_changed(self, parts: set[str]) -> None:
        self._dirty |= parts
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        dirty, self._dirty = self._dirty, set()
        s = self.session
        if WORKERS in dirty:
            self.workers.set_records(sorted(s.workers.values(), key=lambda w: w.hostname))
        if CATALOG in dirty:
            self.registered.set_records(s.catalog)
            self.catalogChanged.emit()
        if TASKS in dirty:
            self.tasks.set_records(list(s.tasks.values()))
        if CONNECTION in dirty:
            self.connectionChanged.emit()
        if ERRORS in dirty:
            self.errorsChanged.emit()
