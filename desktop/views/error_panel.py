"""Errors as a non-blocking panel with 'copy details', never a modal storm."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.core.session import ConsoleSession


class ErrorPanel(QWidget):
    def __init__(self, session: ConsoleSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel()
        top.addWidget(self.title, 1)
        copy = QPushButton("Copy details")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.session.error_report()))
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
        self.text.setPlainText("\n".join(errors[-50:]))
        self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())
