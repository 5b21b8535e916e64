"""A sortable, filterable table view over a RecordTableModel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.models import RecordTableModel, SortRole


def record_table(
    model: RecordTableModel,
    parent: QWidget | None = None,
    stretch_column: int | None = None,
    proxy: QSortFilterProxyModel | None = None,
    fit_contents: bool = False,
) -> QTableView:
    """``fit_contents``: columns follow their contents as they change (small tables of live figures)."""
    proxy = proxy or QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(0)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_column is None)
    header.setHighlightSections(False)
    if fit_contents:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    # fitted to the first rows, unless the widths are the user's, remembered (views/layout_memory.py)
    model.rowsInserted.connect(
        lambda *_: view.resizeColumnsToContents() if model.rowCount() < 500 and not view.property("keepColumnWidths") else None
    )
    return view


def selected_record(table: QTableView, model: RecordTableModel) -> Any:
    """The record of the first selected row of a record_table (through its sort/filter proxy), or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    return model.record(table.model().mapToSource(rows[0]).row())
