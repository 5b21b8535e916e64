"""One task in full: state, result as pretty JSON, the failure and its traceback, args, raw meta."""

from __future__ import annotations

import json
import time
from html import escape

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPlainTextEdit,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.core.domain.records import TaskRecord
from desktop.models import state_color
from desktop.views.text import markup_label


def _format(color: str, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


class TracebackHighlighter(QSyntaxHighlighter):
    """Python tracebacks: file lines, the code line under them, and the exception line."""

    RULES = (
        (QRegularExpression(r'^\s*File "[^"]+", line \d+(, in .*)?$'), _format("#2f6fb0")),
        (QRegularExpression(r"^Traceback \(most recent call last\):$"), _format("#8a8f98", bold=True)),
        (QRegularExpression(r"^(During handling|The above exception)"), _format("#8a8f98", bold=True)),
        (
            QRegularExpression(r"^[A-Za-z_][\w.]*(Error|Exception|Exceeded|Interrupt|Warning|Exit|Revoked|Lost)\b.*$"),
            _format("#c0392b", bold=True),
        ),
        (QRegularExpression(r"^\s+\^+\s*$"), _format("#c0392b")),
    )

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt naming
        for pattern, fmt in self.RULES:
            match = pattern.match(text)
            if match.hasMatch():
                self.setFormat(0, len(text), fmt)
                return


def _pretty(value) -> str:
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        return repr(value)


def _text_view() -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # a style sheet would pin the palette: no dark
    return view


class TaskDetail(QWidget):
    """Shows the selected task; every text can be copied."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.record: TaskRecord | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = markup_label(self.tr("Select a task to see its result, failure and traceback."))
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.result_view = _text_view()
        self.failure_view = _text_view()
        self.highlighter = TracebackHighlighter(self.failure_view.document())
        self.args_view = _text_view()
        self.meta_view = _text_view()
        for title, tip, view in (
            (self.tr("Result"), self.tr("Copy the result text"), self.result_view),
            (self.tr("Failure"), self.tr("Copy the failure text"), self.failure_view),
            (self.tr("Arguments"), self.tr("Copy the arguments text"), self.args_view),
            (self.tr("Meta"), self.tr("Copy the meta text"), self.meta_view),
        ):
            self.tabs.addTab(self._with_copy(view, tip), title)
        layout.addWidget(self.tabs, 1)

    def _with_copy(self, view: QPlainTextEdit, tip: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.addStretch(1)
        copy = QToolButton()
        copy.setText(self.tr("Copy"))
        copy.setToolTip(tip)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(view.toPlainText()))
        row.addWidget(copy)
        column.addLayout(row)
        column.addWidget(view, 1)
        return box

    def show_record(self, record: TaskRecord | None, sent_call: str = "") -> None:
        self.record = record
        if record is None:
            self.header.setText(self.tr("Select a task to see its result, failure and traceback."))
            for view in (self.result_view, self.failure_view, self.args_view, self.meta_view):
                view.setPlainText("")
            return
        color = state_color(record.state).name()

        def shown(text: str) -> str:
            # Every text here came from the broker or the backend: shown as text, never as markup.
            return escape(display_text(text, CELL_LIMIT))

        name = record.name or self.tr("unknown task")
        facts = [
            f"<b>{shown(name)}</b>",
            f"<span style='color:{color}'><b>{shown(record.state)}</b></span>",
        ]
        if record.container and record.progress is not None:
            done, total = int(record.progress.current), int(record.progress.total)
            if total == 1:
                facts.append(self.tr("{done} of {total} step finished").format(done=done, total=total))
            else:
                facts.append(self.tr("{done} of {total} steps finished").format(done=done, total=total))
        if record.worker:
            facts.append(self.tr("on {worker}").format(worker=shown(record.worker)))
        if record.retries:
            facts.append(self.tr("retries {count}").format(count=record.retries))
        if record.runtime is not None:
            facts.append(self.tr("ran {seconds} s").format(seconds=f"{record.runtime:.2f}"))
        if record.date_done:
            facts.append(self.tr("done {time}").format(time=time.strftime("%H:%M:%S", time.localtime(record.date_done))))
        lines = [" · ".join(facts), f"<code>{shown(record.id)}</code>"]
        if record.parent_id:
            lines.append(self.tr("parent {id}").format(id=f"<code>{shown(record.parent_id)}</code>"))
        if record.error:
            lines.append(f"<span style='color:#c0392b'>{shown(record.error)}</span>")
        if record.warning:
            lines.append(f"<span style='color:#d9822b'>⚠ {shown(record.warning)}</span>")
        self.header.setText("<br>".join(lines))

        # The panes show each text whole, through display_text: a bidi override or control character is an escape.
        meta = record.meta or {}
        result = meta.get("result")
        self.result_view.setPlainText(display_text(_pretty(result) if "result" in meta else record.result, multiline=True))
        failure = ""
        if record.exc_type or record.traceback:
            failure = f"{record.result}\n\n{record.traceback}".strip()
        self.failure_view.setPlainText(display_text(failure, multiline=True))
        args = {
            "args": meta.get("args", None),
            "kwargs": meta.get("kwargs", None),
        }
        text = _pretty(args) if any(v is not None for v in args.values()) else (record.args or "")
        if sent_call:
            comment = self.tr("# as sent from this console")
            text = f"{text}\n\n{comment}\n{sent_call}"
        self.args_view.setPlainText(display_text(text, multiline=True))
        self.meta_view.setPlainText(display_text(_pretty(dict(meta)), multiline=True) if meta else "")
        if failure and record.state in ("FAILURE", "RETRY"):
            self.tabs.setCurrentIndex(1)
