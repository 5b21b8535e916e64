"""Tasks the console tracks: state, progress bar, result or error."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.models import RecordTableModel
from desktop.views.delegates import ProgressDelegate
from desktop.views.tables import record_table

PROGRESS_COLUMN = 4


class ResultsView(QWidget):
    def __init__(self, model: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Tracked tasks</b>"))
        self.table = record_table(model, self, stretch_column=5)
        self.table.setItemDelegateForColumn(PROGRESS_COLUMN, ProgressDelegate(self.table))
        self.table.setColumnWidth(PROGRESS_COLUMN, 140)
        layout.addWidget(self.table)
