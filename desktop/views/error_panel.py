"""Errors as a non-blocking panel with 'copy details', never a modal storm."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.core.domain.display import display_text
from desktop.core.live.session import ConsoleSession
from desktop.views.text import markup_label


class ErrorPanel(QWidget):
    def __init__(self, session: ConsoleSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = markup_label()
        top.addWidget(self.title, 1)
        copy = QPushButton("Copy details")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(display_text(self.session.error_report(), multiline=True)))
        clear = QPushButton("Clear")
        clear.clicked.connect(self.session.clear_errors)
        top.addWidget(copy)
        top.addWidget(clear)
        layout.addLayout(top)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(110)
        layout.addWidget(self.text)
        self.update_from_session()

    def update_from_session(self) -> None:
        errors = self.session.errors
        self.setVisible(bool(errors))
        self.title.setText(f"<b style='color:#d64545'>{len(errors)} error{'s' if len(errors) != 1 else ''}</b>")
        self.text.setPlainText(display_text("\n".join(errors[-50:]), multiline=True))
        self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())
