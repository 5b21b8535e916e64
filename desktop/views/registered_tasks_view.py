"""Every known task: registered on the workers, or defined in the -A app, with a filter box."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.core.domain.catalog import TaskInfo
from desktop.models import RecordTableModel
from desktop.views.tables import record_table
from desktop.views.text import markup_label


class _TaskFilter(QSortFilterProxyModel):
    """Name filter, with celery.* built-ins hidden unless asked for."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.show_builtins = False

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        task: TaskInfo = self.sourceModel().record(row)
        if task.builtin and not self.show_builtins:
            return False
        return super().filterAcceptsRow(row, parent)


class RegisteredTasksView(QWidget):
    taskChosen = Signal(object)  # TaskInfo

    def __init__(self, model: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        title = self.tr("Tasks")
        top.addWidget(markup_label(f"<b>{title}</b>"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by name…"))
        self.filter.setClearButtonEnabled(True)
        top.addWidget(self.filter, 1)
        self.show_builtins = QCheckBox("celery.*")
        self.show_builtins.setToolTip(self.tr("Show Celery's built-in tasks"))
        top.addWidget(self.show_builtins)
        layout.addLayout(top)
        self.proxy = _TaskFilter(self)
        self.table = record_table(model, self, proxy=self.proxy)
        self.table.setObjectName("registeredTasksTable")  # the names key the remembered layout (layout_memory.py)
        layout.addWidget(self.table)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.show_builtins.toggled.connect(self._toggle_builtins)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        self.model = model

    def _toggle_builtins(self, on: bool) -> None:
        self.proxy.show_builtins = on
        self.proxy.invalidateFilter()

    def _chosen(self, index: QModelIndex, *_) -> None:
        if index.isValid():
            self.taskChosen.emit(self.model.record(self.proxy.mapToSource(index).row()))

    def visible_names(self) -> list[str]:
        return [self.proxy.index(r, 0).data().rstrip(" ⚠") for r in range(self.proxy.rowCount())]
