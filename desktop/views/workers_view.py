"""Workers: who is alive (heartbeats, pings), what each one runs and holds, and remote control.

Everything a worker is asked goes out through signals; replies come back through
``show_inspect`` / ``show_command_result``. A worker that does not answer shows "no reply in
N s", never a frozen window.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cluster.control import COMMANDS, CommandResult, WorkerCommand
from desktop.core.cluster.inspection import InspectResult
from desktop.core.cluster.worker_reports import SettingCheck, SettingState
from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.models import RecordRole, RecordTableModel, plain_tip
from desktop.views.tables import record_table
from desktop.views.text import markup_label, plain_label, warn

DETAIL_TABS = (
    (QT_TRANSLATE_NOOP("WorkersView", "Active"), "active"),
    (QT_TRANSLATE_NOOP("WorkersView", "Reserved"), "reserved"),
    (QT_TRANSLATE_NOOP("WorkersView", "Scheduled"), "scheduled"),
    (QT_TRANSLATE_NOOP("WorkersView", "Revoked"), "revoked"),
    (QT_TRANSLATE_NOOP("WorkersView", "Registered"), "registered"),
    (QT_TRANSLATE_NOOP("WorkersView", "Stats"), "stats"),
    (QT_TRANSLATE_NOOP("WorkersView", "Conf"), "conf"),
    (QT_TRANSLATE_NOOP("WorkersView", "Queues"), "active_queues"),
)
COMMAND_LABELS = {
    "ping": QT_TRANSLATE_NOOP("WorkersView", "Ping"),
    "pool_grow": QT_TRANSLATE_NOOP("WorkersView", "Pool: grow"),
    "pool_shrink": QT_TRANSLATE_NOOP("WorkersView", "Pool: shrink"),
    "autoscale": QT_TRANSLATE_NOOP("WorkersView", "Autoscale"),
    "add_consumer": QT_TRANSLATE_NOOP("WorkersView", "Add consumer"),
    "cancel_consumer": QT_TRANSLATE_NOOP("WorkersView", "Cancel consumer"),
    "rate_limit": QT_TRANSLATE_NOOP("WorkersView", "Task rate limit"),
    "time_limit": QT_TRANSLATE_NOOP("WorkersView", "Task time limits"),
    "enable_events": QT_TRANSLATE_NOOP("WorkersView", "Enable events"),
    "disable_events": QT_TRANSLATE_NOOP("WorkersView", "Disable events"),
    "pool_restart": QT_TRANSLATE_NOOP("WorkersView", "Pool restart"),
    "shutdown": QT_TRANSLATE_NOOP("WorkersView", "Shut down"),
}
PARAMETER_HINTS = {
    "n": "1",
    "max": QT_TRANSLATE_NOOP("WorkersView", "most processes"),
    "min": QT_TRANSLATE_NOOP("WorkersView", "fewest processes"),
    "queue": QT_TRANSLATE_NOOP("WorkersView", "queue name"),
    "exchange": QT_TRANSLATE_NOOP("WorkersView", "(optional) exchange"),
    "exchange_type": "direct",
    "routing_key": QT_TRANSLATE_NOOP("WorkersView", "(optional) routing key"),
    "task_name": "tasks.add",
    "rate_limit": QT_TRANSLATE_NOOP("WorkersView", "10/m (empty: no limit)"),
    "soft": QT_TRANSLATE_NOOP("WorkersView", "seconds (empty: none)"),
    "hard": QT_TRANSLATE_NOOP("WorkersView", "seconds (empty: none)"),
    "modules": QT_TRANSLATE_NOOP("WorkersView", "(optional) modules to reload, comma-separated"),
    "reload": "true / false",
}
# What the form calls each argument (Celery's own argument name, in words).
PARAMETER_LABELS = {
    "n": QT_TRANSLATE_NOOP("WorkersView", "n"),
    "max": QT_TRANSLATE_NOOP("WorkersView", "max"),
    "min": QT_TRANSLATE_NOOP("WorkersView", "min"),
    "queue": QT_TRANSLATE_NOOP("WorkersView", "queue"),
    "exchange": QT_TRANSLATE_NOOP("WorkersView", "exchange"),
    "exchange_type": QT_TRANSLATE_NOOP("WorkersView", "exchange type"),
    "routing_key": QT_TRANSLATE_NOOP("WorkersView", "routing key"),
    "task_name": QT_TRANSLATE_NOOP("WorkersView", "task name"),
    "rate_limit": QT_TRANSLATE_NOOP("WorkersView", "rate limit"),
    "soft": QT_TRANSLATE_NOOP("WorkersView", "soft"),
    "hard": QT_TRANSLATE_NOOP("WorkersView", "hard"),
    "modules": QT_TRANSLATE_NOOP("WorkersView", "modules"),
    "reload": QT_TRANSLATE_NOOP("WorkersView", "reload"),
}
ALL_WORKERS = None  # a command's destination when every worker is meant


def _names(hostnames) -> str:
    """Hostnames as a label shows them: each through display_text (they come off the wire)."""
    return display_text(", ".join(hostnames), CELL_LIMIT)


def _translated(text: str) -> str:
    """A table's word in the user's language (the tables above hold the English, marked for lupdate)."""
    return QCoreApplication.translate("WorkersView", text)


def _monospace(widget: QPlainTextEdit) -> QPlainTextEdit:
    widget.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    widget.setReadOnly(True)
    widget.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    return widget


class WorkersView(QWidget):
    inspectRequested = Signal(str, list)  # method, hostnames
    commandRequested = Signal(object, object)  # WorkerCommand, list of hostnames or None for all
    enableEventsRequested = Signal(list)
    rowsRefreshRequested = Signal()  # heartbeat ages move with the clock

    def __init__(self, model: RecordTableModel, replies: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model, self.replies_model = model, replies
        self.explain: Callable[[WorkerCommand | str, str], str | None] = lambda command, hostname: None

        self.banner = plain_label()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fff4e5; border: 1px solid #f0b429; padding: 6px; }")
        self.enable_events_button = QPushButton(self.tr("Enable events"))
        self.enable_events_button.setToolTip(self.tr("Ask the silent workers to send task events (control.enable_events)"))
        self.enable_events_button.clicked.connect(lambda: self.enableEventsRequested.emit(list(self._silent)))
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.enable_events_button)
        self.banner_box = QWidget()
        self.banner_box.setLayout(banner_row)
        self.banner_box.hide()
        self._silent: list[str] = []
        self.checks = markup_label()
        self.checks.setWordWrap(True)
        self.summary = plain_label()

        self.table = record_table(model, self, stretch_column=10, fit_contents=True)
        self.table.setObjectName("workersTable")  # the names key the remembered layout (layout_memory.py)
        self.table.setSelectionMode(self.table.SelectionMode.ExtendedSelection)

        # Detail: one tab per inspect() question, asked when the tab or the selection changes.
        self.detail_tabs = QTabWidget()
        self.detail_status: dict[str, QLabel] = {}
        self._partial: dict[str, bool] = {}  # answers already shown for the question in flight
        self.detail_text: dict[str, QPlainTextEdit] = {}
        for title, method in DETAIL_TABS:
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(2, 2, 2, 2)
            status = plain_label(self.tr("select a worker"))
            text = _monospace(QPlainTextEdit())
            layout.addWidget(status)
            layout.addWidget(text, 1)
            self.detail_status[method], self.detail_text[method] = status, text
            self.detail_tabs.addTab(page, _translated(title))
        self.detail_tabs.currentChanged.connect(lambda *_: self._ask_detail())

        # Control: a command, its arguments, the target, every worker's reply.
        self.command_box = QComboBox()
        for name, label in COMMAND_LABELS.items():
            self.command_box.addItem(_translated(label), name)
        self.command_box.currentIndexChanged.connect(self._command_changed)
        self.parameters = QFormLayout()
        self.parameter_fields: dict[str, QLineEdit] = {}
        self.target_selected = QRadioButton(self.tr("Selected workers"))
        self.target_all = QRadioButton(self.tr("All workers"))
        self.target_selected.setChecked(True)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.clicked.connect(self._send)
        self.command_note = plain_label()
        self.command_note.setWordWrap(True)
        self.command_error = plain_label()
        self.command_error.setWordWrap(True)
        self.command_error.setStyleSheet("color: #d64545;")
        self.replies_summary = plain_label()
        self.replies_table = record_table(replies, self, stretch_column=1)
        self.replies_table.setObjectName("repliesTable")
        for field in (self.target_selected, self.target_all):
            field.toggled.connect(self._update_note)

        control = QWidget()
        control_layout = QVBoxLayout(control)
        control_layout.setContentsMargins(2, 2, 2, 2)
        control_layout.addWidget(markup_label(self.tr("<b>Control</b>")))
        control_layout.addWidget(self.command_box)
        control_layout.addLayout(self.parameters)
        targets = QHBoxLayout()
        targets.addWidget(self.target_selected)
        targets.addWidget(self.target_all)
        targets.addStretch(1)
        targets.addWidget(self.send_button)
        control_layout.addLayout(targets)
        control_layout.addWidget(self.command_note)
        control_layout.addWidget(self.command_error)
        control_layout.addWidget(self.replies_summary)
        control_layout.addWidget(self.replies_table, 1)

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setObjectName("workersBottomSplit")
        bottom.addWidget(self.detail_tabs)
        bottom.addWidget(control)
        bottom.setSizes([800, 500])
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("workersSplit")
        split.addWidget(self.table)
        split.addWidget(bottom)
        split.setSizes([300, 420])

        header = QHBoxLayout()
        header.addWidget(markup_label(self.tr("<b>Workers</b>")))
        header.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.checks)
        layout.addWidget(split, 1)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
            signal.connect(lambda *_: self._update_summary())
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.rowsRefreshRequested)
        self._command_changed()

    # -- visibility --------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._clock.start()
        self.rowsRefreshRequested.emit()

    def hideEvent(self, event) -> None:
        self._clock.stop()
        super().hideEvent(event)

    # -- selection and detail ------------------------------------------------------------
    def selected_hostnames(self) -> list[str]:
        proxy = self.table.model()
        rows = self.table.selectionModel().selectedRows()
        return [self.model.record(proxy.mapToSource(i).row()).hostname for i in rows]

    def select(self, hostname: str) -> None:
        proxy = self.table.model()
        for row in range(proxy.rowCount()):
            index = proxy.index(row, 0)
            if index.data(RecordRole).hostname == hostname:
                self.table.selectRow(row)
                return

    def current_method(self) -> str:
        return DETAIL_TABS[self.detail_tabs.currentIndex()][1]

    def _selection_changed(self) -> None:
        self._ask_detail()
        self._update_note()

    def _ask_detail(self) -> None:
        hostnames = self.selected_hostnames()
        method = self.current_method()
        if not hostnames:
            self.detail_status[method].setText(self.tr("select a worker"))
            return
        self.detail_status[method].setText(self.tr("asking {workers}…").format(workers=_names(hostnames)))
        self._partial[method] = False
        self.inspectRequested.emit(method, hostnames)

    def show_partial(self, method: str, hostname: str, value) -> None:
        """One worker's answer the moment it arrives; the full result (and who stayed silent) follows."""
        if method not in self.detail_text:
            return
        text = display_text(json.dumps(value, indent=2, sort_keys=True, default=str, ensure_ascii=False), multiline=True)
        box = self.detail_text[method]
        block = f"# {display_text(hostname)}\n{text}"
        box.setPlainText((box.toPlainText() + "\n\n" if self._partial.get(method) else "") + block)
        self._partial[method] = True
        self.detail_status[method].setText(
            self.tr("{worker} answered; waiting for the others…").format(worker=display_text(hostname, CELL_LIMIT))
        )

    def show_inspect(self, result: InspectResult) -> None:
        """Each worker's answer (or its silence) under the tab of the question asked."""
        if result.method not in self.detail_text:
            return
        if result.error:
            self.detail_status[result.method].setText(
                display_text(self.tr("failed: {error}").format(error=result.error), CELL_LIMIT)
            )
        else:
            parts = [f"{h}: {result.status(h)}" for h in sorted(set(result.replies) | set(result.missing))]
            self.detail_status[result.method].setText(display_text(" · ".join(parts), CELL_LIMIT) or self.tr("no worker asked"))
        blocks = []
        for hostname in sorted(result.replies):
            text = json.dumps(result.replies[hostname], indent=2, sort_keys=True, default=str, ensure_ascii=False)
            blocks.append(f"# {display_text(hostname)}\n{display_text(text, multiline=True)}")
        for hostname in result.missing:
            blocks.append(f"# {display_text(hostname)}\n{result.no_reply}")
        self.detail_text[result.method].setPlainText("\n\n".join(blocks))
        self._partial[result.method] = False

    # -- events banner and checklist -------------------------------------------------------
    def set_event_state(self, silent: list[str], stream_message: str) -> None:
        """Say plainly when the picture is incomplete: no event stream, or workers that send none."""
        self._silent = list(silent)
        lines = []
        if stream_message:
            lines.append(display_text(stream_message, CELL_LIMIT))
        if silent:
            lines.append(
                self.tr(
                    "No events from {workers}: tasks others send and live worker figures cannot be seen. "
                    "Start workers with -E (worker_send_task_events), or enable events now."
                ).format(workers=_names(silent))
            )
        self.banner.setText("\n".join(lines))
        self.enable_events_button.setVisible(bool(silent))
        self.banner_box.setVisible(bool(lines))

    def set_checks(self, checks: list[SettingCheck]) -> None:
        """Which settings the live view depends on are on, and on which workers."""
        if not checks or not any(c.workers for c in checks):
            self.checks.setText("")
            return
        items = []
        for check in checks:
            off = [h for h, s in check.workers if s is SettingState.OFF]
            name = escape(check.setting + (f" ({check.flag})" if check.flag else ""))
            if check.everywhere:
                items.append(f"<span style='color:#1f9d55'>✔ {name}</span>")
            elif off:
                off_on = self.tr("{setting}: off on {workers}").format(setting=name, workers=escape(_names(off)))
                items.append(f"<span style='color:#d9822b' title='{escape(check.gives)}'>✘ {off_on}</span>")
            else:
                unknown = self.tr("{setting}: not reported").format(setting=name)
                items.append(f"<span style='color:#8a8f98'>? {unknown}</span>")
        self.checks.setText(self.tr("Settings for a complete picture: ") + " · ".join(items))
        self.checks.setToolTip(
            plain_tip("\n".join(f"{c.setting}: {c.gives}" + (f" ({c.note})" if c.note else "") for c in checks))
        )

    def _update_summary(self) -> None:
        rows = self.model.records()
        online = sum(1 for r in rows if r.online)
        active = sum(r.active or 0 for r in rows if r.online)
        self.summary.setText(
            self.tr("{online} online of {total} · {active} tasks running").format(online=online, total=len(rows), active=active)
        )

    # -- control ---------------------------------------------------------------------------
    def current_command_name(self) -> str:
        return self.command_box.currentData()

    def _command_changed(self) -> None:
        while self.parameters.rowCount():
            self.parameters.removeRow(0)
        self.parameter_fields = {}
        for parameter in COMMANDS[self.current_command_name()]:
            field = QLineEdit()
            hint = PARAMETER_HINTS.get(parameter, "")
            field.setPlaceholderText(_translated(hint) if hint else "")
            field.textChanged.connect(self._update_note)
            self.parameter_fields[parameter] = field
            label = PARAMETER_LABELS.get(parameter)
            self.parameters.addRow(plain_label(_translated(label) if label else parameter.replace("_", " ")), field)
        self.command_error.setText("")
        self._update_note()

    def build_command(self) -> WorkerCommand:
        """The command from the form; ValueError with a plain message when an argument is wrong."""
        arguments = {}
        for name, field in self.parameter_fields.items():
            text = field.text().strip()
            if not text:
                continue
            arguments[name] = [m.strip() for m in text.split(",") if m.strip()] if name == "modules" else text
        return WorkerCommand(self.current_command_name(), arguments)

    def targets(self) -> list[str] | None:
        if self.target_all.isChecked():
            return ALL_WORKERS
        return self.selected_hostnames()

    def _update_note(self, *_) -> None:
        name = self.current_command_name()
        targets = self.targets()
        hostnames = [r.hostname for r in self.model.records() if r.online] if targets is ALL_WORKERS else targets
        notes = []
        for hostname in hostnames:
            why = self.explain(name, hostname)
            if why:
                notes.append(display_text(f"{hostname}: {why}", CELL_LIMIT))
        self.command_note.setText("\n".join(dict.fromkeys(notes)))
        self.send_button.setEnabled(targets is ALL_WORKERS or bool(targets))

    def _send(self) -> None:
        try:
            command = self.build_command()
        except ValueError as exc:
            self.command_error.setText(display_text(str(exc), CELL_LIMIT))
            return
        self.command_error.setText("")
        targets = self.targets()
        if command.name == "shutdown":
            who = self.tr("every worker") if targets is ALL_WORKERS else _names(targets)
            answer = warn(
                self,
                self.tr("Shut down workers"),
                self.tr(
                    "Shut down {workers}?\n\nA worker that shuts down stops taking tasks and exits; "
                    "only whatever started it (systemd, supervisor, a container) can bring it back."
                ).format(workers=who),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.replies_summary.setText(self.tr("sending {command}…").format(command=command.label))
        self.replies_model.set_records([])
        self.commandRequested.emit(command, targets)

    def show_command_result(self, result: CommandResult) -> None:
        self.replies_model.set_records(list(result.replies))
        text = f"{result.command.label}: {result.summary}"
        if result.missing:
            text += " — " + self.tr("no reply from {workers}").format(workers=", ".join(result.missing))
        if result.error:
            text += f" — {result.error}"
        if result.note:
            text += f" — {result.note}"
        self.replies_summary.setText(display_text(text, CELL_LIMIT))
