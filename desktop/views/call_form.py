"""The call form for one task: arguments, every apply_async option, preview, presets, send.

All validation is the core's ``build_call``; this widget only turns widgets into a
CallDraft and shows what comes back next to the field it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain import canvas
from desktop.core.domain.call_building import COMPRESSIONS, SERIALIZERS, build_call, parse_moment
from desktop.core.domain.calls import (
    CallContext,
    CallDraft,
    CallResult,
    CallSpec,
    FieldError,
    LinkDraft,
    ParamKind,
    ParamSpec,
)
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.display import CELL_LIMIT, TIP_LIMIT, display_text
from desktop.core.store.presets import PresetError, PresetStore
from desktop.models import plain_tip
from desktop.views.layout_memory import share_sizes
from desktop.views.text import ask, ask_text, markup_label, plain_label, warn

ERROR_STYLE = "color:#c0392b; font-size: 11px;"
WARNING_STYLE = "color:#b9770e; font-size: 11px;"
TRISTATE = (
    (QT_TRANSLATE_NOOP("CallForm", "app default"), None),
    (QT_TRANSLATE_NOOP("CallForm", "yes"), True),
    (QT_TRANSLATE_NOOP("CallForm", "no"), False),
)


def _error_label() -> QLabel:
    label = plain_label()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _line(placeholder: str = "", tooltip: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setToolTip(tooltip)
    edit.setClearButtonEnabled(True)
    return edit


def _tristate_combo(tooltip: str) -> QComboBox:
    combo = QComboBox()
    for text, value in TRISTATE:
        combo.addItem(QCoreApplication.translate("CallForm", text), value)
    combo.setToolTip(tooltip)
    return combo


class _Field:
    """A widget, the getter that reads it into draft text, and the label that shows its error."""

    def __init__(self, widget: QWidget, read: Callable[[], object], error: QLabel):
        self.widget, self.read, self.error = widget, read, error


class LinkRow(QWidget):
    """One callback: the task to call and its own partial arguments."""

    removed = Signal(object)
    changed = Signal()

    def __init__(self, task_names: list[str], draft: LinkDraft, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.task = QComboBox()
        self.task.setEditable(True)
        self.task.addItems(task_names)
        self.task.setCurrentText(draft.task)
        self.task.setMinimumWidth(180)
        self.args = _line(
            self.tr("[] partial args"),
            self.tr("Partial positional arguments (JSON array); the parent's result comes first"),
        )
        self.args.setText(draft.args_json)
        self.kwargs = _line(self.tr("{} partial kwargs"), self.tr("Keyword arguments (JSON object)"))
        self.kwargs.setText(draft.kwargs_json)
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(self.tr("Remove this callback"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        grid.addWidget(self.task, 0, 0)
        grid.addWidget(self.args, 0, 1)
        grid.addWidget(self.kwargs, 0, 2)
        grid.addWidget(remove, 0, 3)
        self.errors = {"task": _error_label(), "args_json": _error_label(), "kwargs_json": _error_label()}
        grid.addWidget(self.errors["task"], 1, 0)
        grid.addWidget(self.errors["args_json"], 1, 1)
        grid.addWidget(self.errors["kwargs_json"], 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.task.currentTextChanged.connect(self.changed)
        self.args.textChanged.connect(self.changed)
        self.kwargs.textChanged.connect(self.changed)

    def draft(self) -> LinkDraft:
        return LinkDraft(self.task.currentText(), self.args.text(), self.kwargs.text())


class LinkList(QWidget):
    """link or link_error: any number of callbacks."""

    changed = Signal()

    def __init__(self, title: str, hint: str, task_names: Callable[[], list[str]], parent: QWidget | None = None):
        super().__init__(parent)
        self._task_names = task_names
        self.rows: list[LinkRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(markup_label(f"<b>{escape(title)}</b>"))
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(lambda: self.add_row(LinkDraft()))
        head.addStretch(1)
        head.addWidget(add)
        layout.addLayout(head)
        note = plain_label(hint)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid); font-size: 11px;")
        layout.addWidget(note)
        self.rows_layout = QVBoxLayout()
        layout.addLayout(self.rows_layout)

    def add_row(self, draft: LinkDraft) -> LinkRow:
        row = LinkRow(self._task_names(), draft)
        row.removed.connect(self._remove)
        row.changed.connect(self.changed)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self.changed.emit()
        return row

    def _remove(self, row: LinkRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.changed.emit()

    def set_drafts(self, drafts: tuple[LinkDraft, ...]) -> None:
        for row in list(self.rows):
            self._remove(row)
        for draft in drafts:
            self.add_row(draft)

    def drafts(self) -> tuple[LinkDraft, ...]:
        return tuple(row.draft() for row in self.rows)

    def show_errors(self, prefix: str, result: CallResult) -> None:
        for i, row in enumerate(self.rows):
            for key, label in row.errors.items():
                _show(label, result.error_for(f"{prefix}:{i}:{key}"))


def _show(label: QLabel, message: str, style: str = ERROR_STYLE) -> None:
    """A field's error or warning; it may quote what the cluster sent (a task name, a value)."""
    label.setStyleSheet(style)
    label.setText(display_text(message, CELL_LIMIT))
    label.setVisible(bool(message))


class CallForm(QWidget):
    """Build, preview and send a call of one task."""

    sendRequested = Signal(object, int)  # CallSpec, count

    def __init__(
        self,
        task: TaskInfo,
        context: Callable[[], CallContext],
        presets: PresetStore,
        task_names: Callable[[], list[str]],
        app_module: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.task = task
        self._context = context
        self.presets = presets
        self.app_module = app_module
        self.fields: dict[str, _Field] = {}
        self.result: CallResult | None = None
        self._loading = False
        self.result_param = ""  # a workflow step's parameter the previous step's result fills (receive_result)
        self.origin = ""  # the draft's origin when it is not the console's own call (a call rebuilt from the backend)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self._header())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scroll(self._arguments_page()), self.tr("Arguments"))
        self.tabs.addTab(self._scroll(self._timing_page()), self.tr("Timing"))
        self.tabs.addTab(self._scroll(self._routing_page()), self.tr("Routing && message"))
        self.tabs.addTab(self._scroll(self._retry_page()), self.tr("Retry && limits"))
        self.tabs.addTab(self._scroll(self._callbacks_page(task_names)), self.tr("Callbacks"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("callFormSplit")
        share_sizes(split)  # every task's form opens at the sizes the last one was given
        split.addWidget(self.tabs)
        split.addWidget(self._preview_pane())
        split.setSizes([260, 150])
        outer.addWidget(split, 1)
        self.origin_note = plain_label()
        self.origin_note.setWordWrap(True)
        self.origin_note.setStyleSheet(WARNING_STYLE)
        self.origin_note.hide()
        outer.addWidget(self.origin_note)
        outer.addLayout(self._presets_row())
        outer.addLayout(self._send_row())
        self.refresh()

    # -- layout ---------------------------------------------------------------

    def _scroll(self, page: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(page)
        return area

    def _header(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(2)
        signature = self.task.signature.text if self.task.signature else self.tr("(signature unknown: not in the -A app)")
        name, signature = display_text(self.task.name, CELL_LIMIT), display_text(signature, CELL_LIMIT)
        self.title = markup_label(f"<b>{escape(name)}</b> <code>{escape(signature)}</code>")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        if self.task.doc:
            doc = plain_label(display_text(self.task.doc.splitlines()[0], CELL_LIMIT))
            doc.setWordWrap(True)
            doc.setToolTip(plain_tip(display_text(self.task.doc, TIP_LIMIT, multiline=True)))
            layout.addWidget(doc)
        self.availability = plain_label()
        self.availability.setWordWrap(True)
        layout.addWidget(self.availability)
        return box

    def _add(self, form: QFormLayout, name: str, label: str, widget: QWidget, read: Callable[[], object]) -> None:
        error = _error_label()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(error)
        form.addRow(plain_label(display_text(label, CELL_LIMIT)), cell)  # a parameter's name and annotation are the task's
        self.fields[name] = _Field(widget, read, error)
        for signal_name in ("textChanged", "currentIndexChanged", "toggled", "dateTimeChanged", "currentTextChanged"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(self.refresh)

    def _arguments_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        signature = self.task.signature
        if signature is None:
            args = _line("[2, 2]", self.tr("Positional arguments as a JSON array"))
            args.setText("[]")
            kwargs = _line('{"key": "value"}', self.tr("Keyword arguments as a JSON object"))
            kwargs.setText("{}")
            self._add(form, "args_json", self.tr("args (JSON array)"), args, args.text)
            self._add(form, "kwargs_json", self.tr("kwargs (JSON object)"), kwargs, kwargs.text)
        else:
            if not signature.params:
                form.addRow(plain_label(self.tr("This task takes no arguments.")))
            for param in signature.params:
                widget, read = self._param_editor(param)
                label = f"{'*' if param.variadic == '*' else '**' if param.variadic == '**' else ''}{param.name}"
                if param.annotation:
                    label += f": {param.annotation}"
                if param.required:
                    label = self.tr("{parameter}  (required)").format(parameter=label)
                self._add(form, f"param:{param.name}", label, widget, read)
        self.params_error = _error_label()
        form.addRow(self.params_error)
        return page

    def _param_editor(self, param: ParamSpec) -> tuple[QWidget, Callable[[], str]]:
        if param.kind is ParamKind.BOOL and not param.variadic:
            box = QCheckBox("true")  # the JSON value sent, not a word
            box.setChecked(bool(param.default))
            return box, lambda: "true" if box.isChecked() else "false"
        if param.variadic == "*":
            hint = self.tr("extra positional arguments, JSON array")
        elif param.variadic == "**":
            hint = self.tr("extra keyword arguments, JSON object")
        elif param.required:
            hint = self.tr("required {kind}").format(kind=param.kind.value)
        else:
            hint = self.tr("default: {value}").format(value=param.default_text)
        if param.kind is ParamKind.JSON and not param.variadic:
            hint = self.tr("{hint} (JSON)").format(hint=hint)
        tip = (
            self.tr("{kind} value").format(kind=param.kind.value)
            if param.kind is not ParamKind.JSON
            else self.tr("any JSON value")
        )
        edit = _line(hint, tip)
        return edit, edit.text

    def _timing_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        countdown = _line(
            self.tr("seconds from now"), self.tr("countdown: the earliest moment the task may run, in seconds from sending")
        )
        self._add(form, "countdown", self.tr("Countdown (s)"), countdown, countdown.text)

        self.eta_enabled = QCheckBox(self.tr("run at"))
        self.eta_edit = QDateTimeEdit(QDateTime.currentDateTime().addSecs(300))
        self.eta_edit.setCalendarPopup(True)
        self.eta_edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.eta_edit.setEnabled(False)
        self.eta_enabled.toggled.connect(self.eta_edit.setEnabled)
        eta_row = QWidget()
        eta_layout = QHBoxLayout(eta_row)
        eta_layout.setContentsMargins(0, 0, 0, 0)
        eta_layout.addWidget(self.eta_enabled)
        eta_layout.addWidget(self.eta_edit, 1)
        self._add(
            form, "eta", self.tr("ETA (local time)"), eta_row, lambda: _iso(self.eta_edit) if self.eta_enabled.isChecked() else ""
        )
        self.eta_edit.dateTimeChanged.connect(self.refresh)
        self.eta_enabled.toggled.connect(self.refresh)
        self.eta_zone = plain_label()
        self.eta_zone.setStyleSheet("font-size: 11px;")
        form.addRow(plain_label(), self.eta_zone)

        self.expires_kind = QComboBox()
        self.expires_kind.addItems([self.tr("never"), self.tr("seconds after sending"), self.tr("at a date-time")])
        self.expires_seconds = _line(self.tr("seconds"), self.tr("expires: the task is revoked if it has not started by then"))
        self.expires_at = QDateTimeEdit(QDateTime.currentDateTime().addSecs(3600))
        self.expires_at.setCalendarPopup(True)
        self.expires_at.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        expires_row = QWidget()
        expires_layout = QHBoxLayout(expires_row)
        expires_layout.setContentsMargins(0, 0, 0, 0)
        expires_layout.addWidget(self.expires_kind)
        expires_layout.addWidget(self.expires_seconds, 1)
        expires_layout.addWidget(self.expires_at, 1)

        def read_expires() -> str:
            kind = self.expires_kind.currentIndex()
            return self.expires_seconds.text() if kind == 1 else _iso(self.expires_at) if kind == 2 else ""

        self._add(form, "expires", self.tr("Expires"), expires_row, read_expires)
        self.expires_kind.currentIndexChanged.connect(self._expires_kind_changed)
        self.expires_seconds.textChanged.connect(self.refresh)
        self.expires_at.dateTimeChanged.connect(self.refresh)
        self._expires_kind_changed()
        return page

    def _expires_kind_changed(self) -> None:
        kind = self.expires_kind.currentIndex()
        self.expires_seconds.setVisible(kind == 1)
        self.expires_at.setVisible(kind == 2)
        self.refresh()

    def _routing_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        queue = _line(self.task.option("queue") or self.tr("default queue"), self.tr("queue: where the message goes"))
        self._add(form, "queue", self.tr("Queue"), queue, queue.text)
        exchange = _line(self.tr("default exchange"))
        self._add(form, "exchange", self.tr("Exchange"), exchange, exchange.text)
        routing_key = _line(self.tr("default routing key"))
        self._add(form, "routing_key", self.tr("Routing key"), routing_key, routing_key.text)
        priority = _line(
            self.tr("none", "no priority"),
            self.tr(
                "priority: 0-9 on Redis (see broker_transport_options priority_steps), "
                "0-255 on RabbitMQ (it counts on a queue declared with x-max-priority, up to that value)"
            ),
        )
        self._add(form, "priority", self.tr("Priority"), priority, priority.text)
        serializer = QComboBox()
        serializer.addItem(self.tr("app default"), "")
        for name in SERIALIZERS:
            serializer.addItem(name, name)
        self._add(form, "serializer", self.tr("Serializer"), serializer, lambda: serializer.currentData())
        compression = QComboBox()
        compression.addItem(self.tr("none", "no compression"), "")
        for name in COMPRESSIONS:
            compression.addItem(name, name)
        self._add(form, "compression", self.tr("Compression"), compression, lambda: compression.currentData())
        headers = _line('{"x-request-id": "abc"}', self.tr("Extra message headers, a JSON object"))
        self._add(form, "headers_json", self.tr("Headers (JSON)"), headers, headers.text)
        task_id = _line(self.tr("generated"), self.tr("A task id of your own (must be unique)"))
        self._add(form, "task_id", self.tr("Task id"), task_id, task_id.text)
        shadow = _line("", self.tr("shadow: the name shown in logs and monitors instead of the task name"))
        self._add(form, "shadow", self.tr("Shadow name"), shadow, shadow.text)
        ignore = _tristate_combo(self.tr("ignore_result: do not store this call's result"))
        self._add(form, "ignore_result", self.tr("Ignore result"), ignore, lambda: ignore.currentData())
        return page

    def _retry_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        retry = _tristate_combo(self.tr("retry: retry sending when the broker connection fails"))
        self._add(form, "retry", self.tr("Retry sending"), retry, lambda: retry.currentData())
        for name, label, hint in (
            ("retry_max_retries", "max_retries", "3"),
            ("retry_interval_start", self.tr("interval_start (s)"), "0"),
            ("retry_interval_step", self.tr("interval_step (s)"), "0.2"),
            ("retry_interval_max", self.tr("interval_max (s)"), "0.2"),
        ):
            edit = _line(self.tr("default {value}").format(value=hint))
            self._add(form, name, label, edit, edit.text)
        hard = self.task.option("time_limit")
        soft = self.task.option("soft_time_limit")
        time_limit = _line(self._task_default(hard), self.tr("hard time limit: the worker kills the process"))
        self._add(form, "time_limit", self.tr("Time limit (s)"), time_limit, time_limit.text)
        soft_limit = _line(self._task_default(soft), self.tr("soft time limit: SoftTimeLimitExceeded is raised in the task"))
        self._add(form, "soft_time_limit", self.tr("Soft time limit (s)"), soft_limit, soft_limit.text)
        return page

    def _task_default(self, seconds: str) -> str:
        return self.tr("task default ({seconds} s)").format(seconds=seconds) if seconds else self.tr("task default")

    def _callbacks_page(self, task_names: Callable[[], list[str]]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.links = LinkList(
            self.tr("link — on success"), self.tr("Called with this task's result as the first argument."), task_names
        )
        self.link_errors = LinkList(
            self.tr("link_error — on failure"),
            self.tr(
                "A one-argument errback runs as a task with the failed task's id; "
                "one taking (request, exc, traceback) runs inside the worker and stores no result."
            ),
            task_names,
        )
        self.links.changed.connect(self.refresh)
        self.link_errors.changed.connect(self.refresh)
        layout.addWidget(self.links)
        layout.addWidget(self.link_errors)
        layout.addStretch(1)
        return page

    def _preview_pane(self) -> QWidget:
        """The same call as Python and as a `celery call` command line, live, with copy buttons."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        self.python_preview = QPlainTextEdit(readOnly=True)
        self.cli_preview = QPlainTextEdit(readOnly=True)
        self.cli_preview.setMaximumHeight(46)
        for title, view in (("Python", self.python_preview), ("celery call", self.cli_preview)):
            head = QHBoxLayout()
            head.addWidget(markup_label(f"<b>{escape(title)}</b>"))
            head.addStretch(1)
            copy = QToolButton()
            copy.setText(self.tr("Copy"))
            copy.setToolTip(self.tr("Copy the {title} text").format(title=title))
            copy.clicked.connect(lambda _=False, v=view: QApplication.clipboard().setText(v.toPlainText()))
            head.addWidget(copy)
            layout.addLayout(head)
            view.setFont(
                QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            )  # a style sheet would pin the palette: no dark
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            layout.addWidget(view, 1 if view is self.python_preview else 0)
        self.cli_note = plain_label()
        self.cli_note.setWordWrap(True)
        self.cli_note.setStyleSheet(WARNING_STYLE)
        layout.addWidget(self.cli_note)
        return page

    def _presets_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(plain_label(self.tr("Preset:")))
        self.preset_combo = QComboBox()
        self.preset_combo.setMinimumWidth(140)
        row.addWidget(self.preset_combo, 1)
        for text, slot in (
            (self.tr("Load"), self.load_selected_preset),
            (self.tr("Save as…"), self.save_preset_dialog),
            (self.tr("Rename…"), self.rename_preset_dialog),
            (self.tr("Delete"), self.delete_selected_preset),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        self._reload_presets()
        return row

    def _send_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        row.addWidget(self.summary, 1)
        self.times_label = plain_label(self.tr("times"))
        row.addWidget(self.times_label)
        self.count = QSpinBox()
        self.count.setRange(1, 10_000)
        self.count.setToolTip(self.tr("Send the same call N times (each with its own task id)"))
        self.count.valueChanged.connect(self.refresh)
        row.addWidget(self.count)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._send_clicked)
        row.addWidget(self.send_button)
        return row

    def as_step_editor(self) -> None:
        """The form edits one step of a workflow: the workflow is sent as a whole, so no count and no Send here."""
        for widget in (self.times_label, self.count, self.send_button):
            widget.hide()

    def receive_result(self, name: str) -> None:
        """This step gets the previous step's result as its parameter ``name`` (Celery passes it first): left empty."""
        self.result_param = name
        field = self.fields.get(f"param:{name}")
        if field is not None and isinstance(field.widget, QLineEdit):
            field.widget.setPlaceholderText(self.tr("the previous step's result"))
            field.widget.setToolTip(
                self.tr("Celery passes the previous step's result here (leave it empty, or make the step immutable)")
            )
        self.refresh()

    # -- state ----------------------------------------------------------------

    def draft(self) -> CallDraft:
        values = {name: f.read() for name, f in self.fields.items() if not name.startswith("param:")}
        params = tuple((name[6:], str(f.read())) for name, f in self.fields.items() if name.startswith("param:"))
        return CallDraft(
            task=self.task.name, params=params, links=self.links.drafts(), link_errors=self.link_errors.drafts(), **values
        )

    def set_draft(self, draft: CallDraft, origin: str = "") -> None:
        """Fill the form from a draft (a preset, or a call to re-send).

        ``origin`` (plain text): where a draft not of the console's own making came from (a call rebuilt
        from the backend); the form says it, and asks before sending.
        """
        self.origin = origin
        self.origin_note.setText(origin)
        self.origin_note.setVisible(bool(origin))
        self._loading = True
        try:
            for name, f in self.fields.items():
                value = draft.param(name[6:]) if name.startswith("param:") else getattr(draft, name)
                self._write(name, f.widget, value)
            self.links.set_drafts(draft.links)
            self.link_errors.set_drafts(draft.link_errors)
        finally:
            self._loading = False
        self.refresh()

    def _write(self, name: str, widget: QWidget, value) -> None:
        if name == "eta":
            self.eta_enabled.setChecked(bool(value))
            if value:
                self.eta_edit.setDateTime(_qt_datetime(value))
        elif name == "expires":
            if not value:
                self.expires_kind.setCurrentIndex(0)
            elif _is_number(value):
                self.expires_kind.setCurrentIndex(1)
                self.expires_seconds.setText(value)
            else:
                self.expires_kind.setCurrentIndex(2)
                self.expires_at.setDateTime(_qt_datetime(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(value or "")
        elif isinstance(widget, QCheckBox):
            widget.setChecked(str(value).lower() == "true")
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(0, index))

    def refresh(self) -> None:
        """Validate the whole form, show each error at its field, update preview and Send."""
        if self._loading or not hasattr(self, "send_button"):
            return
        context = self._context()
        draft = self.draft()
        signature = self.task.signature
        if self.result_param and signature is not None:
            signature = canvas.without_param(signature, self.result_param)  # the previous step's result fills it
        result = build_call(draft, replace(context, signature=signature))
        if self.result_param and draft.param(self.result_param).strip():
            error = FieldError(f"param:{self.result_param}", canvas.result_param_message())
            result = replace(result, spec=None, errors=(*result.errors, error))
        self.result = result
        warnings = {w.field: w.message for w in result.warnings}
        for name, f in self.fields.items():
            message = result.error_for(name)
            _show(f.error, message or warnings.get(name, ""), ERROR_STYLE if message else WARNING_STYLE)
        _show(self.params_error, result.error_for("params"))
        self.links.show_errors("links", result)
        self.link_errors.show_errors("link_errors", result)
        self._show_eta_zone(draft)
        count = self.count.value()
        at_field = self.tr("{field}: {message}")
        problems = [at_field.format(field=_field_label(e.field), message=e.message) for e in result.errors]
        if count > 1 and draft.task_id.strip():
            problems.append(self.tr("a custom task id can only be sent once"))
        self.send_button.setEnabled(not problems)
        self.send_button.setText(self.tr("Send") if count == 1 else self.tr("Send {count}×").format(count=count))
        if problems:
            n = len(problems)
            self.summary.setStyleSheet(ERROR_STYLE)
            text = (
                self.tr("{n} problems to fix before sending: {first}")
                if n > 1
                else self.tr("{n} problem to fix before sending: {first}")
            )
            self.summary.setText(display_text(text.format(n=n, first=problems[0]), CELL_LIMIT))
        else:
            self.summary.setStyleSheet("")
            self.summary.setText("")
        self._show_availability()
        if result.spec is not None:
            self.python_preview.setPlainText(result.spec.to_python(self.task.python_name))
            command, missing = result.spec.to_cli(self.app_module)
            self.cli_preview.setPlainText(command)
            self.cli_note.setText(
                display_text(self.tr("celery call cannot express: {options}").format(options=", ".join(missing)), CELL_LIMIT)
                if missing
                else ""
            )
        else:
            self.python_preview.setPlainText(self.tr("# fix the form's errors to see the call"))
            self.cli_preview.setPlainText("")
            self.cli_note.setText("")

    def _show_eta_zone(self, draft: CallDraft) -> None:
        try:
            eta = parse_moment(draft.eta)
        except ValueError:
            eta = None
        if eta is None:
            local = datetime.now().astimezone()
            self.eta_zone.setText(self.tr("Time zone: {zone} (UTC{offset})").format(zone=local.tzname(), offset=f"{local:%z}"))
            return
        local = eta.astimezone()
        self.eta_zone.setText(f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()} (UTC{local:%z})  =  {eta:%Y-%m-%d %H:%M:%S} UTC")

    def _show_availability(self) -> None:
        if self.task.on_workers:
            workers = ", ".join(self.task.workers)
            self.availability.setStyleSheet("font-size: 11px;")
            self.availability.setText(display_text(self.tr("Registered on: {workers}").format(workers=workers), CELL_LIMIT))
        else:
            self.availability.setStyleSheet(ERROR_STYLE)
            self.availability.setText(
                self.tr("⚠ No online worker has registered this task: a sent message would wait in the queue.")
            )

    def set_task(self, task: TaskInfo) -> None:
        """Worker facts changed (who has the task); the form's content stays."""
        self.task = task
        self._show_availability()

    # -- presets ---------------------------------------------------------------

    def _reload_presets(self, select: str = "") -> None:
        self.preset_combo.clear()
        self.preset_combo.addItems(self.presets.names(self.task.name))
        if select:
            self.preset_combo.setCurrentText(select)

    def save_preset(self, name: str) -> None:
        self.presets.save(name, self.draft())
        self._reload_presets(name.strip())

    def load_selected_preset(self) -> None:
        name = self.preset_combo.currentText()
        if name:
            try:
                self.set_draft(self.presets.get(self.task.name, name))
            except PresetError as exc:
                warn(self, self.tr("Preset"), str(exc))

    def save_preset_dialog(self) -> None:
        name, ok = ask_text(
            self,
            self.tr("Save preset"),
            self.tr("Name for this {task} call:").format(task=display_text(self.task.name, CELL_LIMIT)),
            self.preset_combo.currentText(),
        )
        if ok:
            try:
                self.save_preset(name)
            except PresetError as exc:
                warn(self, self.tr("Preset"), str(exc))

    def rename_preset_dialog(self) -> None:
        old = self.preset_combo.currentText()
        if not old:
            return
        new, ok = ask_text(self, self.tr("Rename preset"), self.tr("New name:"), old)
        if ok:
            try:
                self.presets.rename(self.task.name, old, new)
                self._reload_presets(new.strip())
            except PresetError as exc:
                warn(self, self.tr("Preset"), str(exc))

    def delete_selected_preset(self) -> None:
        name = self.preset_combo.currentText()
        if name:
            try:
                self.presets.delete(self.task.name, name)
            except PresetError as exc:
                warn(self, self.tr("Preset"), str(exc))
            self._reload_presets()

    # -- sending ---------------------------------------------------------------

    def _send_clicked(self) -> None:
        self.refresh()
        if self.result is None or not self.result.ok or not self.send_button.isEnabled():
            return
        if not self.task.on_workers:
            answer = ask(
                self,
                QMessageBox.Icon.Question,
                self.tr("Task not on any online worker"),
                self.tr(
                    "No online worker has registered {task}.\n\n"
                    "The message will wait in the queue until a worker that knows it starts, "
                    "or a worker will reject it as NotRegistered.\n\nSend anyway?"
                ).format(task=display_text(self.task.name, CELL_LIMIT)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.origin:
            question = (
                self.tr("{origin}\n\nSend {task} {count} times with these arguments?")
                if self.count.value() > 1
                else self.tr("{origin}\n\nSend {task} with these arguments?")
            )
            answer = warn(
                self,
                self.tr("Send a rebuilt call"),
                question.format(
                    origin=self.origin, task=display_text(self.task.name, CELL_LIMIT), count=f"{self.count.value():,}"
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.send_button.setEnabled(False)
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Sending…"))
        self.sendRequested.emit(self.result.spec, self.count.value())

    def show_send_result(self, sent: list[CallSpec] | None, error: str | None) -> None:
        """After sending: say what happened; on failure the form keeps everything typed."""
        self.refresh()
        if error:
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText(display_text(self.tr("Not sent: {error}").format(error=error), CELL_LIMIT))
        elif sent:
            first = sent[0].task_id
            self.summary.setStyleSheet("color:#1f9d55;")
            self.summary.setText(
                self.tr("Sent {task_id}").format(task_id=first)
                if len(sent) == 1
                else self.tr("Sent {count} calls ({task_id} …)").format(count=len(sent), task_id=first)
            )


def _field_label(field_name: str) -> str:
    """'param:x' -> 'x', 'links:0:args_json' -> 'link 1 args', 'retry_interval_max' -> 'retry interval max'."""
    if field_name.startswith("param:"):
        return field_name[6:]
    if field_name.count(":") == 2:
        kind, index, part = field_name.split(":")
        return f"{'link' if kind == 'links' else 'link_error'} {int(index) + 1} {part.replace('_json', '')}"
    return field_name.replace("_json", "").replace("_", " ")


def _iso(edit: QDateTimeEdit) -> str:
    """The edit's local date-time as ISO 8601 with the local UTC offset.

    The offset is Qt's: Python's own local-time conversion overflows within a day of the years 1
    and 9999, and the picker reaches 9999-12-31.
    """
    moment = edit.dateTime()
    offset = timezone(timedelta(seconds=moment.offsetFromUtc()))
    return moment.toPython().replace(tzinfo=offset).isoformat(timespec="seconds")


def _qt_datetime(text: str) -> QDateTime:
    """An ISO 8601 text as the local date-time a picker shows (now, when it is not one).

    Converted by Qt, which reaches past the years 1 and 9999 where Python's conversion overflows;
    the picker then keeps the moment to its own range.
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return QDateTime.currentDateTime()
    if moment.tzinfo is None:
        return QDateTime(moment)
    day = QDate(moment.year, moment.month, moment.day)
    clock = QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000)
    when = QDateTime(day, clock, QTimeZone(int(moment.utcoffset().total_seconds())))
    return when.toLocalTime() if when.isValid() else QDateTime.currentDateTime()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
