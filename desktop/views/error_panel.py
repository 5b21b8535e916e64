"""Errors as a non-blocking panel with 'copy details', never a modal storm."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.core.domain.display import display_text
from desktop.core.live.error_log import ErrorLog
from desktop.views.text import markup_label


class ErrorPanel(QWidget):
    """Shows the session's error log; hidden while it is empty."""

    def __init__(self, error_log: ErrorLog, parent: QWidget | None = None):
        super().__init__(parent)
        self.error_log = error_log
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = markup_label()
        top.addWidget(self.title, 1)
        copy = QPushButton(self.tr("Copy details"))
        copy.clicked.connect(lambda: QApplication.clipboard().setText(display_text(self.error_log.report_text(), multiline=True)))
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.error_log.clear)
        top.addWidget(copy)
        top.addWidget(clear)
        layout.addLayout(top)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(110)
        layout.addWidget(self.text)
        self.update_errors()

    def update_errors(self) -> None:
        errors = self.error_log.lines
        self.setVisible(bool(errors))
        count = self.tr("1 error") if len(errors) == 1 else self.tr("{count} errors").format(count=len(errors))
        self.title.setText(f"<b style='color:#d64545'>{count}</b>")
        self.text.setPlainText(display_text("\n".join(errors[-50:]), multiline=True))
        self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())
