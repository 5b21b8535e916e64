"""Every task the workers have registered, with a filter box."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.models import RecordTableModel
from desktop.views.tables import record_table


class RegisteredTasksView(QWidget):
    def __init__(self, model: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Registered tasks</b>"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name…")
        self.filter.setClearButtonEnabled(True)
        top.addWidget(self.filter, 1)
        layout.addLayout(top)
        self.table = record_table(model, self)
        layout.addWidget(self.table)
        self.filter.textChanged.connect(self.table.model().setFilterFixedString)
