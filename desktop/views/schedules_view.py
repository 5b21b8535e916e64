"""Schedules: every periodic entry the console finds (the app's beat_schedule, beat's schedule file, RedBeat,
django-celery-beat), when each runs next, when it last ran, and the runs beat let pass; run one now, and
create, edit, enable, disable or delete a RedBeat or django-celery-beat entry (a deletion after a yes)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.connection.secrets import mask_url
from desktop.core.domain.display import CELL_LIMIT, TIP_LIMIT, display_text
from desktop.core.domain.schedule_drafts import kept_schedule
from desktop.core.domain.schedules import Source, runs_at_dues, source_name, upcoming_runs
from desktop.core.live.schedule_book import ScheduleRow, SourceNote
from desktop.models import RecordTableModel
from desktop.views.tables import record_table, selected_record
from desktop.views.text import markup_label, plain_label, question, warn

NEXT_RUN_COLUMN = 3
REFRESH_MS = 5000  # the sources are read again this often while the tab is shown


def _local(moment: datetime | None) -> str:
    """Local time, the weekday in the window's language (QLocale's default follows it)."""
    if moment is None:
        return ""
    return QLocale().toString(QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000)), "ddd yyyy-MM-dd HH:mm:ss")


class SchedulesView(QWidget):
    refreshRequested = Signal()
    fileChosen = Signal(str)  # the schedule file to read ("" for the app's default)
    databaseChosen = Signal(str)  # django-celery-beat's database URL ("" for none)
    runNowRequested = Signal(object)  # ScheduleRow
    enableRequested = Signal(object, bool)  # ScheduleRow, enabled
    deleteConfirmed = Signal(object)  # ScheduleRow, after the user said yes
    editRequested = Signal(object)  # the ScheduleRow to edit, or None for a new RedBeat entry

    def __init__(self, schedules: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = schedules
        self.summary = plain_label()
        self.status = plain_label()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(
            self.tr("beat's schedule file (celerybeat-schedule): the app's beat_schedule_filename when empty")
        )
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.database_edit = QLineEdit()
        self.database_edit.setPlaceholderText(
            self.tr("django-celery-beat's database: {examples}").format(
                examples="sqlite:////path/db.sqlite3, postgresql://user:pw@host/db"
            )
        )
        self.database_edit.setToolTip(
            self.tr("Its password is shown masked once entered; the console keeps it for this window only")
        )
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.run_button = QPushButton(self.tr("Run now…"))
        self.run_button.setToolTip(
            self.tr("Open the call form filled with this entry's task, arguments and options; Send sends that call")
        )
        self.enable_button = QPushButton(self.tr("Disable"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.new_button = QPushButton(self.tr("New…"))
        self.new_button.setToolTip(self.tr("A new RedBeat entry (needs RedBeat on this Redis)"))
        self.new_button.setEnabled(False)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.notes = plain_label()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = record_table(schedules, self, stretch_column=6)
        self.table.setObjectName("schedulesTable")  # the names key the remembered layout (layout_memory.py)
        self.details = QPlainTextEdit()  # plain text: what the sources hold is shown as text, never as markup
        self.details.setReadOnly(True)

        top = QHBoxLayout()
        top.addWidget(markup_label(self.tr("<b>Schedules</b>")))
        top.addWidget(self.summary, 1)
        top.addWidget(self.status)
        top.addWidget(self.refresh_button)
        top.addWidget(self.run_button)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.enable_button)
        top.addWidget(self.delete_button)
        file_row = QHBoxLayout()
        file_row.addWidget(plain_label(self.tr("Schedule file:")))
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        file_row.addWidget(plain_label(self.tr("Database:")))
        file_row.addWidget(self.database_edit, 1)
        table_panel = QWidget()
        table_layout = QVBoxLayout(table_panel)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(top)
        table_layout.addLayout(file_row)
        table_layout.addWidget(self.notes)
        table_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("schedulesSplit")
        splitter.addWidget(table_panel)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.table.sortByColumn(NEXT_RUN_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.browse_button.clicked.connect(self._browse)
        self.file_edit.editingFinished.connect(lambda: self.fileChosen.emit(self.file_edit.text().strip()))
        self.database_edit.editingFinished.connect(self._database_entered)
        self.run_button.clicked.connect(lambda: self._with_selected(self.runNowRequested.emit))
        self.table.doubleClicked.connect(lambda _index: self._with_selected(self.runNowRequested.emit))  # its call form
        self.enable_button.clicked.connect(self._ask_enable)
        self.delete_button.clicked.connect(self._ask_delete)
        self.new_button.clicked.connect(lambda: self.editRequested.emit(None))
        self.edit_button.clicked.connect(lambda: self._with_selected(self.editRequested.emit))
        for signal in (schedules.modelReset, schedules.rowsInserted, schedules.rowsRemoved, schedules.dataChanged):
            signal.connect(self._changed)
        self._countdowns = QTimer(self)
        self._countdowns.setInterval(1000)
        self._countdowns.timeout.connect(lambda: schedules.refresh_column(NEXT_RUN_COLUMN))
        self._rereads = QTimer(self)
        self._rereads.setInterval(REFRESH_MS)
        self._rereads.timeout.connect(self.refreshRequested)
        self._database_shown = ""
        self._show_selected()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._countdowns.start()
        self._rereads.start()
        self.refreshRequested.emit()

    def hideEvent(self, event) -> None:
        self._countdowns.stop()
        self._rereads.stop()
        super().hideEvent(event)

    def selected(self) -> ScheduleRow | None:
        return selected_record(self.table, self.model)

    def _with_selected(self, act) -> None:
        row = self.selected()
        if row is not None:
            act(row)

    def set_notes(self, notes: list[SourceNote]) -> None:
        """What each source is and holds: read-only, how many entries, or why it could not be read."""
        lines = [
            f"{source_name(note.source)}: {note.text}"
            if note.ok
            else self.tr("{source} not read: {reason}").format(source=source_name(note.source), reason=note.text)
            for note in notes
        ]
        text = "\n".join(lines) or self.tr(
            "No periodic entries found: start with -A to read the app's beat_schedule, choose beat's schedule file, or use RedBeat"
        )
        self.notes.setText(display_text(text, TIP_LIMIT, multiline=True))
        self.new_button.setEnabled(any(note.source in (Source.REDBEAT, Source.DJANGO) and note.ok for note in notes))

    def show_status(self, text: str) -> None:
        self.status.setText(display_text(text, CELL_LIMIT))

    def _changed(self, *_) -> None:
        rows = self.model.records()
        missed = sum(row.missed is not None for row in rows)
        entries = self.tr("1 entry") if len(rows) == 1 else self.tr("{count} entries").format(count=len(rows))
        self.summary.setText(entries + (" · " + self.tr("{count} missed").format(count=missed) if missed else ""))
        self._show_selected()

    def _show_selected(self, *_) -> None:
        row = self.selected()
        self.run_button.setEnabled(row is not None)
        self.enable_button.setEnabled(row is not None and row.editable)
        self.delete_button.setEnabled(row is not None and row.editable)
        self.edit_button.setEnabled(row is not None and row.editable and kept_schedule(row.entry))
        if row is None:
            self.enable_button.setText(self.tr("Disable"))
            self.details.setPlainText(
                self.tr("Select an entry to see its next runs, its arguments and what the console sees of it.")
            )
            return
        entry = row.entry
        self.enable_button.setText(self.tr("Enable") if not entry.enabled else self.tr("Disable"))
        upcoming = upcoming_runs(entry, datetime.now().astimezone(), 5)
        lines = [
            f"{entry.name} — {entry.task}  ({source_name(entry.source)})",
            self.tr("Schedule: {schedule}   as written: {written}   time zone: {zone}").format(
                schedule=entry.in_words, written=entry.as_written, zone=entry.timezone or self.tr("the app’s")
            ),
            self.tr("Args: {args}   kwargs: {kwargs}   options: {options}").format(
                args=repr(list(entry.args)), kwargs=repr(dict(entry.kwargs)), options=repr(dict(entry.options))
            ),
            self.tr("Last run: {when}").format(when=_local(entry.last_run_at) or self.tr("not recorded"))
            + (
                self.tr("   runs: {count}").format(count=f"{entry.total_run_count:,}")
                if entry.total_run_count is not None
                else ""
            ),
            self.tr("Next runs: {when}").format(
                when=", ".join(_local(moment) for moment in upcoming)
                or (self.tr("disabled") if not entry.enabled else self.tr("none known"))
            ),
        ]
        if row.seen:
            seen = ", ".join(f"{_local(datetime.fromtimestamp(run.at).astimezone())} {run.state}" for run in row.seen)
            lines.append(self.tr("Runs seen (events and history): {runs}").format(runs=seen))
        else:
            lines.append(
                self.tr("Runs seen (events and history): no {task} among the tasks the console holds or kept").format(
                    task=entry.task
                )
            )
        paired = runs_at_dues(entry, datetime.now().astimezone(), row.seen)
        if paired:
            lines.append(self.tr("Due times and what ran:"))
            for due, run in paired:
                ran = (
                    self.tr("{state} at {when}").format(state=run.state, when=_local(datetime.fromtimestamp(run.at).astimezone()))
                    if run
                    else self.tr("nothing seen")
                )
                lines.append(f"  {_local(due)} → {ran}")
        lines += [self.tr("Note: {note}").format(note=note) for note in row.notes]
        if row.missed is not None:
            lines.append(self.tr("Missed: due {when} and not run.").format(when=_local(row.missed)))
            lines += [f"  • {reason}" for reason in row.reasons] or ["  • " + self.tr("nothing the console can see explains it")]
        if row.static:
            lines.append(
                self.tr(
                    "From the app's beat_schedule: RedBeat writes it again when beat starts, so a change here lasts until then."
                )
            )
        if not row.editable:
            lines.append(self.tr("Read-only here ({source}).").format(source=source_name(entry.source)))
        self.details.setPlainText(display_text("\n".join(lines), TIP_LIMIT, multiline=True))

    def _database_entered(self) -> None:
        text = self.database_edit.text().strip()
        if text == self._database_shown:
            return  # the masked URL shown after the last entry: nothing new
        masked = mask_url(text)
        self._database_shown = masked
        self.database_edit.setText(masked)  # its password never stays on screen
        self.databaseChosen.emit(text)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Beat's schedule file"), self.file_edit.text(), self.tr("All files (*)")
        )
        if path:
            for suffix in (".db", ".dat", ".dir", ".bak"):  # dbm's own files: the schedule is named without them
                if path.endswith(suffix):
                    path = path[: -len(suffix)]
            self.file_edit.setText(path)
            self.fileChosen.emit(path)

    def _ask_enable(self) -> None:
        row = self.selected()
        if row is None or not row.editable:
            return
        enable = not row.entry.enabled
        name = display_text(row.entry.name, CELL_LIMIT)
        task = display_text(row.entry.task, CELL_LIMIT)
        if enable:
            title = self.tr("Enable schedule entry")
            ask = self.tr("Enable the {source} entry “{name}” ({task}, {schedule})?")
            effect = self.tr("Beat sends it again from its next due time.")
        else:
            title = self.tr("Disable schedule entry")
            ask = self.tr("Disable the {source} entry “{name}” ({task}, {schedule})?")
            effect = self.tr("Beat stops sending it at its next tick.")
        answer = question(
            self,
            title,
            ask.format(source=source_name(row.entry.source), name=name, task=task, schedule=row.entry.in_words) + f"\n\n{effect}",
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.enableRequested.emit(row, enable)

    def _ask_delete(self) -> None:
        row = self.selected()
        if row is None or not row.editable:
            return
        name = display_text(row.entry.name, CELL_LIMIT)
        static = (
            "\n\n" + self.tr("It comes from the app's beat_schedule: RedBeat writes it again when beat next starts.")
            if row.static
            else ""
        )
        ask = self.tr("Delete the {source} entry “{name}” ({task}, {schedule})?").format(
            source=source_name(row.entry.source),
            name=name,
            task=display_text(row.entry.task, CELL_LIMIT),
            schedule=row.entry.in_words,
        )
        answer = warn(
            self,
            self.tr("Delete schedule entry"),
            ask + "\n\n" + self.tr("Beat stops sending it at its next tick. This cannot be undone.") + static,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.deleteConfirmed.emit(row)
