"""Qt adapters over the core's records. Columns are declared as data.

The results table's task tree and rows are task_models.py.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery import states
from PySide6 import QtGui
from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from desktop.core.cluster.queues import QueueRecord, ScheduledTask
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.display import CELL_LIMIT, TIP_LIMIT, display_text
from desktop.core.domain.queued_messages import QueuedMessage
from desktop.core.domain.records import TaskRecord, WorkerRecord
from desktop.core.domain.results import plausible_time
from desktop.core.domain.schedules import duration_in_words, source_name
from desktop.core.domain.task_query import record_time
from desktop.core.domain.triage import FailureGroup, seen_at
from desktop.core.live.monitor import WorkerRow
from desktop.core.live.schedule_book import ScheduleRow

ProgressRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
RecordRole = Qt.ItemDataRole.UserRole + 3
# Qt hands data() its role as an int, seven times a cell at each repaint (display, decoration, font,
# alignment, background, foreground, check state): compared as ints (an enum member compares at a
# sixth of the speed), and the roles no column answers turned away first.
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
COLUMN_ROLES = frozenset((DISPLAY_ROLE, TOOLTIP_ROLE, FOREGROUND_ROLE, ProgressRole, SortRole, RecordRole))

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


class Shown(str):
    """A column's text already put through display_text (cut with its own length said): shown as it is."""


def column_data(column: Column, record: Any, role: int):
    """What a declared column shows of a record, for each Qt role.

    Cells and tooltips hold what the cluster sent: shown through display_text (a bidi override or
    a control character as an escape, a long text cut with its length said), and a tooltip Qt
    would take for HTML is escaped (plain_tip).
    """
    if role == DISPLAY_ROLE:
        value = column.value(record)
        if value is None:
            return ""
        return value if type(value) is Shown else display_text(value, CELL_LIMIT)
    if role == SortRole:
        return (column.sort or column.value)(record)
    if role == TOOLTIP_ROLE and column.tooltip:
        tip = column.tooltip(record)
        if not tip:
            return tip
        return plain_tip(tip if type(tip) is Shown else display_text(tip, TIP_LIMIT, multiline=True))
    if role == FOREGROUND_ROLE and column.color:
        return column.color(record)
    if role == ProgressRole:
        return getattr(record, "progress", None)
    if role == RecordRole:
        return record
    return None


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
            # The title stays English in the column (code finds columns by it); the header shows it translated.
            return QCoreApplication.translate("RecordTableModel", self.columns[section].title)
        return None

    def record(self, row: int) -> Any:
        return self._rows[row]

    def records(self) -> list[Any]:
        return list(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in COLUMN_ROLES or not index.isValid():
            return None
        return column_data(self.columns[index.column()], self._rows[index.row()], role)

    def set_records(self, records: Sequence[Any]) -> None:
        new = list(records)
        new_keys = [self._key(r) for r in new]
        new_set = set(new_keys)
        # 1. remove rows that are gone, bottom-up, one signal per contiguous run
        gone = [i for i, r in enumerate(self._rows) if self._key(r) not in new_set]
        for start, end in reversed(contiguous_runs(gone)):
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
        for start, end in contiguous_runs(inserted):
            self.beginInsertRows(QModelIndex(), start, end)
            self._rows[start:start] = new[start : end + 1]
            self.endInsertRows()
        # 3. changed rows: one dataChanged per contiguous run
        changed = [i for i, r in enumerate(new) if self._rows[i] != r]
        self._rows = new
        last_column = max(0, len(self.columns) - 1)
        for start, end in contiguous_runs(changed):
            self.dataChanged.emit(self.index(start, 0), self.index(end, last_column))

    def refresh_column(self, column: int) -> None:
        """One dataChanged for a column whose text depends on the clock (countdowns, ages)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))


def contiguous_runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs: one Qt signal per run instead of one per row."""
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
    if seconds < 120:
        return QCoreApplication.translate("RecordTableModel", "{seconds} s ago").format(seconds=seconds)
    return QCoreApplication.translate("RecordTableModel", "{minutes} min ago").format(minutes=seconds // 60)


def workers_model(parent: QObject | None = None) -> RecordTableModel:
    def status_color(w: WorkerRecord) -> QColor:
        return QColor("#1f9d55" if w.online else "#d64545")

    return RecordTableModel(
        [
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Worker"), lambda w: w.hostname),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Status"),
                lambda w: (
                    QCoreApplication.translate("RecordTableModel", "online")
                    if w.online
                    else QCoreApplication.translate("RecordTableModel", "offline")
                ),
                color=status_color,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Ping"),
                lambda w: (
                    ""
                    if w.ping_ms is None
                    else QCoreApplication.translate("RecordTableModel", "{ms} ms").format(ms=f"{w.ping_ms:.1f}")
                ),
                sort=lambda w: w.ping_ms or 0.0,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Tasks"),
                lambda w: w.registered_count,
                sort=lambda w: w.registered_count or 0,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Last answered"),
                lambda w: _age(w.last_seen),
                sort=lambda w: w.last_seen or 0.0,
            ),
        ],
        key=lambda w: w.hostname,
        parent=parent,
    )


def _yes_no(value: str) -> str:
    if value == "True":
        return QCoreApplication.translate("RecordTableModel", "yes")
    if value == "False":
        return QCoreApplication.translate("RecordTableModel", "no")
    return value


NOT_ON_WORKERS = QColor("#c0392b")


def registered_tasks_model(parent: QObject | None = None) -> RecordTableModel:
    def limits(t: TaskInfo) -> str:
        soft, hard = t.option("soft_time_limit"), t.option("time_limit")
        parts = (
            QCoreApplication.translate("RecordTableModel", "soft {seconds} s").format(seconds=soft) if soft else "",
            QCoreApplication.translate("RecordTableModel", "hard {seconds} s").format(seconds=hard) if hard else "",
        )
        return " / ".join(p for p in parts if p)

    def retries(t: TaskInfo) -> str:
        count, delay = t.option("max_retries"), t.option("default_retry_delay")
        return (
            QCoreApplication.translate("RecordTableModel", "{count} × {delay} s").format(count=count, delay=delay)
            if count and delay
            else count
        )

    def workers(t: TaskInfo) -> str:
        return ", ".join(t.workers) if t.workers else QCoreApplication.translate("RecordTableModel", "no online worker")

    def details(t: TaskInfo) -> str:
        lines = [f"{t.name}{t.signature.text if t.signature else ''}"]
        if t.doc:
            lines += ["", t.doc]
        lines += [
            "",
            QCoreApplication.translate("RecordTableModel", "workers: {workers}").format(workers=workers(t)),
            QCoreApplication.translate("RecordTableModel", "known from: {source}").format(source=t.source_words),
        ] + [f"{k} = {v}" for k, v in t.options]
        return "\n".join(lines)

    def name_color(t: TaskInfo) -> QColor | None:
        return None if t.on_workers else NOT_ON_WORKERS

    return RecordTableModel(
        [
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Task"),
                lambda t: t.name if t.on_workers else f"{t.name}  ⚠",
                tooltip=details,
                color=name_color,
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Workers"), workers, tooltip=details, color=name_color),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Signature"),
                lambda t: t.signature.text if t.signature else "",
                tooltip=details,
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Rate limit"), lambda t: t.option("rate_limit")),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Time limits"), limits),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Retries"), retries),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Ignore result"), lambda t: _yes_no(t.option("ignore_result"))),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Track started"), lambda t: _yes_no(t.option("track_started"))),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Acks late"), lambda t: _yes_no(t.option("acks_late"))),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Serializer"), lambda t: t.option("serializer")),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Queue"), lambda t: t.option("queue")),
        ],
        key=lambda t: t.name,
        parent=parent,
    )


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 1:
        return QCoreApplication.translate("RecordTableModel", "{ms} ms").format(ms=f"{seconds * 1000:.0f}")
    if seconds < 120:
        return QCoreApplication.translate("RecordTableModel", "{seconds} s").format(seconds=f"{seconds:.1f}")
    return QCoreApplication.translate("RecordTableModel", "{minutes} min").format(minutes=f"{seconds / 60:.1f}")


def arguments_text(t: TaskRecord | ScheduledTask, limit: int, separator: str) -> Shown:
    """args and kwargs as a cell or tooltip shows them: an argsrepr from events may be a megabyte, so only
    its head is joined, and the cut says how long the whole is."""
    parts = [p for p in (t.args, t.kwargs) if p]
    whole = sum(map(len, parts)) + len(separator) * max(0, len(parts) - 1)
    head = separator.join(p[: limit + 1] for p in parts)
    return Shown(display_text(head, limit, multiline=separator == "\n", length=whole))


def clock_text(timestamp: float | None) -> str:
    return "" if timestamp is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(timestamp))


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def queues_model(parent: QObject | None = None) -> RecordTableModel:
    def priorities(q: QueueRecord) -> str:
        return "  ".join(f"p{step}: {count:,}" for step, count in q.by_priority)

    def problem(q: QueueRecord) -> str:
        if q.error:
            return q.error
        dead = (
            QCoreApplication.translate("RecordTableModel", "dead letters of: {queues}").format(queues=", ".join(q.dead_letter_of))
            if q.dead_letter_of
            else ""
        )
        return "; ".join(part for part in (dead, q.note) if part)

    def consumers(q: QueueRecord) -> str:
        names = ", ".join(q.consumers) or QCoreApplication.translate("RecordTableModel", "none")
        if q.broker_consumers is None:
            return names
        return QCoreApplication.translate("RecordTableModel", "{names} · {count} on the broker").format(
            names=names, count=f"{q.broker_consumers:,}"
        )

    def consumers_tip(q: QueueRecord) -> str:
        lines = list(q.consumers) or [
            QCoreApplication.translate("RecordTableModel", "no worker reports consuming it (inspect().active_queues())")
        ]
        if q.broker_consumers is not None:
            lines.append(
                QCoreApplication.translate(
                    "RecordTableModel", "RabbitMQ counts {count} consumer(s), Celery workers or not"
                ).format(count=f"{q.broker_consumers:,}")
            )
        return "\n".join(lines)

    return RecordTableModel(
        [
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Queue"), lambda q: q.name),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Ready"),
                lambda q: _count(q.ready),
                sort=lambda q: q.ready if q.ready is not None else -1,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "By priority"),
                priorities,
                tooltip=lambda q: (
                    priorities(q)
                    or (
                        QCoreApplication.translate("RecordTableModel", "RabbitMQ does not count by priority")
                        if q.broker_consumers is not None
                        else QCoreApplication.translate("RecordTableModel", "no priority messages")
                    )
                ),
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Unacked"),
                lambda q: _count(q.unacked),
                sort=lambda q: q.unacked if q.unacked is not None else -1,
                tooltip=lambda q: QCoreApplication.translate(
                    "RecordTableModel", "delivered to a worker and not acknowledged yet (prefetched, running, or held for an ETA)"
                ),
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Scheduled"),
                lambda q: _count(q.scheduled),
                sort=lambda q: q.scheduled if q.scheduled is not None else -1,
                tooltip=lambda q: QCoreApplication.translate(
                    "RecordTableModel", "tasks with an ETA or countdown the workers hold (inspect().scheduled())"
                ),
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Consumers"), consumers, tooltip=consumers_tip),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Note"),
                problem,
                tooltip=problem,
                color=lambda q: QColor("#d64545") if q.error else None,
            ),
        ],
        key=lambda q: q.name,
        parent=parent,
    )


def _countdown(task: ScheduledTask) -> str:
    remaining = task.eta - time.time()
    if remaining >= 0:
        return QCoreApplication.translate("RecordTableModel", "in {duration}").format(duration=duration_text(remaining))
    return QCoreApplication.translate("RecordTableModel", "{duration} overdue").format(duration=duration_text(-remaining))


def scheduled_model(parent: QObject | None = None) -> RecordTableModel:
    return RecordTableModel(
        [
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "ETA"), lambda t: clock_text(t.eta), sort=lambda t: t.eta),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Runs"), _countdown, sort=lambda t: t.eta),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Task"), lambda t: t.name),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Task id"), lambda t: t.id, tooltip=lambda t: t.id),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Args"),
                lambda t: arguments_text(t, 300, ", "),
                tooltip=lambda t: arguments_text(t, TIP_LIMIT, "\n"),
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Worker"), lambda t: t.worker),
        ],
        key=lambda t: f"{t.worker}/{t.id}",
        parent=parent,
    )


def next_run_text(row: ScheduleRow, now: float | None = None) -> str:
    """ "in 4 min 10 s", "due now", "disabled": a countdown that moves with the clock."""
    if not row.entry.enabled:
        return QCoreApplication.translate("RecordTableModel", "disabled")
    if row.next_run is None:
        return "—"
    remaining = row.next_run.timestamp() - (time.time() if now is None else now)
    if remaining < 1:
        return QCoreApplication.translate("RecordTableModel", "due now")
    largest = " ".join(duration_in_words(timedelta(seconds=int(remaining))).split()[:4])  # the two largest units
    return QCoreApplication.translate("RecordTableModel", "in {duration}").format(duration=largest)


def _schedule_status(row: ScheduleRow) -> str:
    if not row.entry.enabled:
        return QCoreApplication.translate("RecordTableModel", "disabled")
    if row.missed is not None:
        return QCoreApplication.translate("RecordTableModel", "missed since {time}").format(
            time=clock_text(row.missed.timestamp())
        )
    return (
        QCoreApplication.translate("RecordTableModel", "on time")
        if row.entry.last_run_at is not None
        else QCoreApplication.translate("RecordTableModel", "not run yet")
    )


def _last_run(row: ScheduleRow) -> str:
    last = row.entry.last_run_at
    return clock_text(last.timestamp()) if last is not None else ""


def schedules_model(parent: QObject | None = None) -> RecordTableModel:
    def status_color(row: ScheduleRow) -> QColor | None:
        if not row.entry.enabled:
            return QColor("#8a8a8a")
        return QColor("#d64545") if row.missed is not None else None

    def status_tip(row: ScheduleRow) -> str:
        if row.missed is None:
            return ""
        reasons = "\n".join(f"• {reason}" for reason in row.reasons) or QCoreApplication.translate(
            "RecordTableModel", "• nothing the console can see explains it"
        )
        return QCoreApplication.translate("RecordTableModel", "Due {time} and not run.\n{reasons}").format(
            time=clock_text(row.missed.timestamp()), reasons=reasons
        )

    return RecordTableModel(
        [
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Name"), lambda r: r.entry.name, tooltip=lambda r: r.entry.name),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Task"), lambda r: r.entry.task),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Schedule"),
                lambda r: r.entry.in_words,
                tooltip=lambda r: r.entry.as_written,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Next run"),
                next_run_text,
                sort=lambda r: r.next_run.timestamp() if r.next_run else float("inf"),
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Last run"),
                _last_run,
                sort=lambda r: r.entry.last_run_at.timestamp() if r.entry.last_run_at else 0.0,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Runs"),
                lambda r: f"{r.entry.total_run_count:,}" if r.entry.total_run_count is not None else "",
                sort=lambda r: r.entry.total_run_count or 0,
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Status"), _schedule_status, tooltip=status_tip, color=status_color),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Last seen run"),
                lambda r: f"{r.seen[0].state} {clock_text(r.seen[0].at)}" if r.seen else "",
                color=lambda r: state_color(r.seen[0].state) if r.seen else None,
                sort=lambda r: r.seen[0].at if r.seen else 0.0,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Source"),
                lambda r: (
                    QCoreApplication.translate("RecordTableModel", "{source} (from the app)").format(
                        source=source_name(r.entry.source)
                    )
                    if r.static
                    else source_name(r.entry.source)
                ),
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Queue"), lambda r: r.entry.queue),
        ],
        key=lambda r: f"{r.entry.source}/{r.entry.name}",
        parent=parent,
    )


def monitor_workers_model(parent: QObject | None = None) -> RecordTableModel:
    def status_color(w: WorkerRow) -> QColor:
        if not w.online:
            return QColor("#d64545")
        return QColor("#d9822b" if w.events_missing else "#1f9d55")  # the status is worded in the window's language

    def skew(w: WorkerRow) -> str:
        if w.clock_skew is None or abs(w.clock_skew) < 1:
            return ""
        seconds = f"{abs(w.clock_skew):.1f}"
        if w.clock_skew > 0:
            return QCoreApplication.translate("RecordTableModel", "its clock is {seconds} s ahead").format(seconds=seconds)
        return QCoreApplication.translate("RecordTableModel", "its clock is {seconds} s behind").format(seconds=seconds)

    return RecordTableModel(
        [
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Worker"), lambda w: w.hostname, tooltip=lambda w: skew(w) or w.hostname
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Status"), lambda w: w.status, color=status_color),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Last event"),
                lambda w: (
                    ""
                    if w.heartbeat_age is None
                    else QCoreApplication.translate("RecordTableModel", "{duration} ago").format(
                        duration=duration_text(w.heartbeat_age)
                    )
                ),
                sort=lambda w: w.heartbeat_age if w.heartbeat_age is not None else 1e12,
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Active"), lambda w: w.active, sort=lambda w: w.active or 0),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Processed"),
                lambda w: "" if w.processed is None else f"{w.processed:,}",
                sort=lambda w: w.processed or 0,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Succeeded / failed"),
                lambda w: f"{w.succeeded:,} / {w.failed:,}",
                sort=lambda w: w.failed,
                tooltip=lambda w: QCoreApplication.translate(
                    "RecordTableModel", "tasks seen finishing on this worker through events, since the console started"
                ),
                color=lambda w: QColor("#d64545") if w.failed else None,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Load"),
                lambda w: " ".join(f"{x:.2f}" for x in w.loadavg),
                sort=lambda w: w.loadavg[:1] or (0.0,),
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Pool"), lambda w: w.pool),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Prefetch"), lambda w: w.prefetch, sort=lambda w: w.prefetch or 0),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Version"), lambda w: w.version),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Queues"),
                lambda w: ", ".join(w.queues),
                tooltip=lambda w: "\n".join(w.queues),
            ),
        ],
        key=lambda w: w.hostname,
        parent=parent,
    )


def command_replies_model(parent: QObject | None = None) -> RecordTableModel:
    return RecordTableModel(
        [
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Worker"), lambda r: r.hostname),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Reply"),
                lambda r: r.text,
                tooltip=lambda r: r.text,
                color=lambda r: None if r.ok else QColor("#d64545"),
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "In"),
                lambda r: (
                    "" if r.ms is None else QCoreApplication.translate("RecordTableModel", "{ms} ms").format(ms=f"{r.ms:.0f}")
                ),
                sort=lambda r: r.ms if r.ms is not None else 1e12,
            ),
        ],
        key=lambda r: r.hostname,
        parent=parent,
    )


FAILURE_RED = QColor("#d64545")


def _seen(timestamp: float | None) -> str:
    """Today's failures by the clock, older ones with their date too: a group can span days."""
    moment = plausible_time(timestamp)
    if moment is None:
        return ""
    local = time.localtime(moment)
    if local[:3] == time.localtime()[:3]:
        return time.strftime("%H:%M:%S", local)
    return time.strftime("%Y-%m-%d %H:%M:%S", local)


def _seen_tip(timestamp: float | None) -> str:
    moment = plausible_time(timestamp)
    return "" if moment is None else f"{clock_text(moment)} ({_age(moment)})"


def failure_groups_model(parent: QObject | None = None) -> RecordTableModel:
    """Failure groups (core/triage.py), one row per task, exception type and normalised message."""

    def count_tip(g: FailureGroup) -> str:
        if g.retried:
            return QCoreApplication.translate(
                "RecordTableModel", "{count} failed task(s), {retried} of them after retries"
            ).format(count=f"{g.count:,}", retried=f"{g.retried:,}")
        return QCoreApplication.translate("RecordTableModel", "{count} failed task(s)").format(count=f"{g.count:,}")

    return RecordTableModel(
        [
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Task"),
                lambda g: g.key.task or QCoreApplication.translate("RecordTableModel", "(unnamed)"),
                tooltip=lambda g: g.key.task,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Exception"),
                lambda g: g.key.exc_type or QCoreApplication.translate("RecordTableModel", "(unknown)"),
                color=lambda g: FAILURE_RED,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Message"),
                lambda g: g.key.message,
                tooltip=lambda g: QCoreApplication.translate(
                    "RecordTableModel", "{message}\n\nIds, numbers and times are masked so that one bug makes one group."
                ).format(message=g.key.message),
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Count"),
                lambda g: f"{g.count:,}",
                tooltip=count_tip,
                sort=lambda g: g.count,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "First seen"),
                lambda g: _seen(g.first_seen),
                tooltip=lambda g: _seen_tip(g.first_seen),
                sort=lambda g: g.first_seen or 0.0,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Last seen"),
                lambda g: _seen(g.last_seen),
                tooltip=lambda g: _seen_tip(g.last_seen),
                sort=lambda g: g.last_seen or 0.0,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Workers"),
                lambda g: ", ".join(g.workers),
                tooltip=lambda g: "\n".join(g.workers),
            ),
        ],
        key=lambda g: g.key,
        parent=parent,
    )


def failed_tasks_model(parent: QObject | None = None) -> RecordTableModel:
    """The failures of one group, newest first."""
    return RecordTableModel(
        [
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Task id"), lambda t: t.id, tooltip=lambda t: t.id),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "State"), lambda t: t.state, color=lambda t: state_color(t.state)),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Worker"), lambda t: t.worker),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "When"),
                lambda t: _seen(seen_at(t)),
                tooltip=lambda t: _seen_tip(seen_at(t)),
                sort=lambda t: seen_at(t) or 0.0,
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Retries"), lambda t: t.retries or "", sort=lambda t: t.retries or 0),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Args"),
                lambda t: arguments_text(t, 300, ", "),
                tooltip=lambda t: arguments_text(t, TIP_LIMIT, "\n"),
            ),
        ],
        key=lambda t: t.id,
        parent=parent,
    )


def search_results_model(parent: QObject | None = None) -> RecordTableModel:
    """The Search tab's tasks (history and window), newest first: when, what, which, how it ended."""

    def outcome(t: TaskRecord) -> str:
        return t.result or t.error

    return RecordTableModel(
        [
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Time"),
                lambda t: clock_text(record_time(t)),
                sort=lambda t: record_time(t) or 0.0,
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Task"), lambda t: t.name, tooltip=lambda t: t.name),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Task id"), lambda t: t.id, tooltip=lambda t: t.id),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "State"), lambda t: t.state, color=lambda t: state_color(t.state)),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Worker"), lambda t: t.worker),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Args"),
                lambda t: arguments_text(t, 300, ", "),
                tooltip=lambda t: arguments_text(t, TIP_LIMIT, "\n"),
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Result / exception"),
                outcome,
                tooltip=lambda t: t.traceback or outcome(t),
                color=lambda t: FAILURE_RED if t.exc_type else None,
            ),
        ],
        key=lambda t: t.id,
        parent=parent,
    )


def plain_tip(text: str) -> str:
    """A tooltip Qt shows as the text it is: one Qt would take for HTML is escaped into a paragraph that keeps
    its lines and spaces (a tooltip has no text format of its own)."""
    if not text or not QtGui.Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre'>{html.escape(text, quote=False)}</p>"


def _size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1000:.1f} KB" if size >= 1000 else f"{size} B"


def _held_by(m: QueuedMessage) -> str:
    if not m.delivery_tag:
        return ""
    return m.held_by or (
        QCoreApplication.translate("RecordTableModel", "no online worker reports it")
        if m.stuck
        else QCoreApplication.translate("RecordTableModel", "not reported by a worker yet")
    )


def dead_letter_words(m: QueuedMessage) -> str:
    """Where and why a dead-lettered message died (its first x-death entry), or ""."""
    deaths = m.headers.get("x-death") if isinstance(m.headers, Mapping) else None
    first = deaths[0] if isinstance(deaths, list) and deaths and isinstance(deaths[0], Mapping) else None
    if first is None:
        return ""
    count = first.get("count")
    queue, reason = first.get("queue", "?"), first.get("reason", "?")
    if isinstance(count, int) and count > 1:
        return QCoreApplication.translate("RecordTableModel", "dead-lettered from {queue} ({reason}, {count} time(s))").format(
            queue=queue, reason=reason, count=count
        )
    return QCoreApplication.translate("RecordTableModel", "dead-lettered from {queue} ({reason})").format(
        queue=queue, reason=reason
    )


def eta_past_visibility(m: QueuedMessage) -> str:
    """An ETA later than the visibility timeout: the broker hands it out again before it runs (Celery's duplicate)."""
    if m.eta is None or m.restore_at is None or m.eta <= m.restore_at:
        return ""
    return QCoreApplication.translate(
        "RecordTableModel",
        "its ETA ({eta}) is after the visibility timeout ({restore}): a worker's sweep "
        "will deliver it again before it runs, and it will run twice unless visibility_timeout is raised",
    ).format(eta=clock_text(m.eta), restore=clock_text(m.restore_at))


HELD_COLUMNS = (12, 13, 14)  # the messages model's columns of a held message: delivered, back in queue, held by


def messages_model(parent: QObject | None = None) -> RecordTableModel:
    """A queue's messages, in the order workers take them (the queue browser)."""

    def state_color(m: QueuedMessage) -> QColor | None:
        if m.error or m.stuck:
            return QColor("#d64545")
        return QColor("#b7791f") if m.body_note or dead_letter_words(m) or eta_past_visibility(m) else None

    def state(m: QueuedMessage) -> str:
        return (
            QCoreApplication.translate("RecordTableModel", "dead letter") if dead_letter_words(m) and not m.error else m.state()
        )

    def problem(m: QueuedMessage) -> str:
        return m.error or m.body_note or dead_letter_words(m) or eta_past_visibility(m)

    return RecordTableModel(
        [
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "#"),
                lambda m: "" if m.position is None else m.position + 1,
                sort=lambda m: m.position or 0,
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "State"), state, color=state_color, tooltip=problem),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Task"), lambda m: m.task),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "ID"), lambda m: m.id),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Args"), lambda m: m.args, tooltip=lambda m: m.args),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Kwargs"), lambda m: m.kwargs, tooltip=lambda m: m.kwargs),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "ETA"), lambda m: clock_text(m.eta), sort=lambda m: m.eta or 0.0),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Expires"), lambda m: clock_text(m.expires), sort=lambda m: m.expires or 0.0
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Retries"), lambda m: m.retries, sort=lambda m: m.retries or 0),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Priority"),
                lambda m: m.priority,
                sort=lambda m: m.priority if m.priority is not None else -1,
            ),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Origin"), lambda m: m.origin),
            Column(QT_TRANSLATE_NOOP("RecordTableModel", "Size"), lambda m: _size_text(m.size), sort=lambda m: m.size),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Delivered"),
                lambda m: clock_text(m.delivered_at),
                sort=lambda m: m.delivered_at or 0.0,
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Back in queue after"),
                lambda m: clock_text(m.restore_at),
                sort=lambda m: m.restore_at or 0.0,
                tooltip=lambda m: (
                    QCoreApplication.translate(
                        "RecordTableModel", "when a consuming worker's sweep puts it back (delivery + visibility_timeout)"
                    )
                    if m.restore_at
                    else ""
                ),
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Held by"), _held_by, color=lambda m: QColor("#d64545") if m.stuck else None
            ),
            Column(
                QT_TRANSLATE_NOOP("RecordTableModel", "Problem"),
                problem,
                tooltip=problem,
                color=lambda m: QColor("#d64545") if m.error else None,
            ),
        ],
        key=lambda m: f"{m.key}\0{m.position}\0{m.delivery_tag}\0{m.id}",
        parent=parent,
    )
