"""The compact list of workers beside the call forms: who answers a ping, and who stopped."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.models import RecordTableModel
from desktop.views.tables import record_table
from desktop.views.text import markup_label


class WorkerList(QWidget):
    def __init__(self, model: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = self.tr("Workers")
        layout.addWidget(markup_label(f"<b>{title}</b>"))
        self.table = record_table(model, self)
        self.table.setObjectName("workerListTable")  # the names key the remembered layout (layout_memory.py)
        layout.addWidget(self.table)
