"""The results table's models: tracked tasks as a tree (TaskTreeModel) and as the rows the table shows (TaskRowsModel)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from celery import states
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from desktop.core.domain.display import CELL_LIMIT, TIP_LIMIT, display_text
from desktop.core.domain.filters import TaskFilter
from desktop.core.domain.records import TaskRecord
from desktop.models import (
    COLUMN_ROLES,
    DISPLAY_ROLE,
    Column,
    RecordRole,
    arguments_text,
    clock_text,
    column_data,
    contiguous_runs,
    duration_text,
    state_color,
)

COLUMN_DIFF_LIMIT = 256  # a batch of at most this many records says which of its cells changed


class TaskTreeModel(QAbstractItemModel):
    """Tracked tasks as a tree: callbacks and subtasks nest under their parent.

    ``apply(batch)`` is O(batch): new tasks append to their parent's rows (one insert signal
    per parent), changed ones emit one dataChanged per contiguous run of rows and of the columns
    that changed.
    """

    tasksAboutToBeRemoved = Signal(object)  # the set of ids remove() is about to drop, before any row signal

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        # The column a progress bar is drawn in (from ProgressRole, not its text): -1 for none.
        self.progress_column = next((i for i, c in enumerate(self.columns) if c.title == "Progress"), -1)
        self._records: dict[str, TaskRecord] = {}
        self._nid: dict[str, int] = {}  # task id -> node id stored in each QModelIndex
        self._ids: list[str | None] = []  # node id -> task id (None once removed)
        self._children: dict[str | None, list[str]] = {None: []}
        self._parent: dict[str, str | None] = {}
        self._row: dict[str, int] = {}
        self._orphans: dict[str, set[str]] = {}  # parent id not shown yet -> children shown at top level

    # -- Qt model API ----------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(self.columns) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        siblings = self._children.get(self._id_of(parent) if parent.isValid() else None, [])
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, self._nid[siblings[row]])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent_id = self._parent.get(self._id_of(index))
        if parent_id is None:
            return QModelIndex()
        return self.createIndex(self._row[parent_id], 0, self._nid[parent_id])

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0 if parent.column() != 0 else len(self._children.get(self._id_of(parent), ()))
        return len(self._children[None])

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            # The title stays English in the column (code finds columns by it); the header shows it translated.
            return QCoreApplication.translate("TaskTreeModel", self.columns[section].title)
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in COLUMN_ROLES or not index.isValid():
            return None
        return column_data(self.columns[index.column()], self._records[self._id_of(index)], role)

    # -- lookups ---------------------------------------------------------------------
    def _id_of(self, index: QModelIndex) -> str:
        return self._ids[index.internalId()]

    def record(self, index: QModelIndex) -> TaskRecord:
        return self._records[self._id_of(index)]

    def index_of(self, task_id: str, column: int = 0) -> QModelIndex:
        if task_id not in self._records:
            return QModelIndex()
        return self.createIndex(self._row[task_id], column, self._nid[task_id])

    def records(self) -> list[TaskRecord]:
        return list(self._records.values())

    def __len__(self) -> int:
        return len(self._records)

    # -- updates ---------------------------------------------------------------------
    def apply(self, batch: Sequence[TaskRecord]) -> None:
        """New tasks appended under their parent; changed ones repainted; each as ranges."""
        run_parent: str | None = None
        run: list[TaskRecord] = []
        changed: dict[tuple[str | None, tuple[tuple[int, int], ...]], list[int]] = {}  # (parent, columns) -> rows
        # Which cells changed is worth asking of a few tasks (a view repaints only those); of thousands
        # at once (a backlog, a paste of ids) it would cost more than repainting the few rows in sight.
        every_column = ((0, len(self.columns) - 1),)
        precise = len(batch) <= COLUMN_DIFF_LIMIT

        def flush() -> None:
            if run:
                self._insert(run_parent, list(run))
                run.clear()

        for record in batch:
            old = self._records.get(record.id)
            if old is not None:
                self._records[record.id] = record
                if old != record:
                    columns = self._changed_columns(old, record) if precise else every_column  # (): nothing shown
                    changed.setdefault((self._parent[record.id], columns), []).append(self._row[record.id])
                continue
            if record.parent_id and any(r.id == record.parent_id for r in run):
                flush()  # its parent is waiting in this run: put the parent in first
            parent = record.parent_id if record.parent_id in self._records else None
            if parent is None and record.parent_id:
                self._orphans.setdefault(record.parent_id, set()).add(record.id)
            if run and parent != run_parent:
                flush()
            run_parent = parent
            run.append(record)
        flush()
        for (parent, columns), rows in changed.items():
            parent_index = self.index_of(parent) if parent is not None else QModelIndex()
            for start, end in contiguous_runs(sorted(set(rows))):
                if not columns:  # only what the row holds (filters, the detail pane, "mine" read it): no cell to repaint
                    last = len(self.columns) - 1
                    self.dataChanged.emit(self.index(start, 0, parent_index), self.index(end, last, parent_index), [RecordRole])
                for first, last in columns:
                    self.dataChanged.emit(self.index(start, first, parent_index), self.index(end, last, parent_index))

    def _changed_columns(self, old: TaskRecord, new: TaskRecord) -> tuple[tuple[int, int], ...]:
        """The runs of columns whose text, colour or progress bar differ between two states of a task.

        A view repaints the cells of the range it is told about; a task going from STARTED to
        SUCCESS changes four cells of eleven, and each cell repainted is text laid out again.
        """
        changed = []
        progress_moved = old.progress != new.progress
        for i, column in enumerate(self.columns):
            if (
                column.value(old) != column.value(new)
                or (column.color is not None and column.color(old) != column.color(new))
                or (progress_moved and i == self.progress_column)
            ):
                changed.append(i)
        return tuple(contiguous_runs(changed))

    def _insert(self, parent: str | None, records: list[TaskRecord]) -> None:
        siblings = self._children.setdefault(parent, [])
        parent_index = self.index_of(parent) if parent is not None else QModelIndex()
        first = len(siblings)
        self.beginInsertRows(parent_index, first, first + len(records) - 1)
        for offset, record in enumerate(records):
            self._records[record.id] = record
            self._nid[record.id] = len(self._ids)
            self._ids.append(record.id)
            self._parent[record.id] = parent
            self._row[record.id] = first + offset
            siblings.append(record.id)
        self.endInsertRows()
        for record in records:
            if record.id in self._orphans:
                self._adopt(record.id)

    def _adopt(self, parent_id: str) -> None:
        """Children shown at top level before their parent arrived move under it."""
        for child in sorted(self._orphans.pop(parent_id, ()), key=lambda c: self._row.get(c, 0), reverse=True):
            if child in self._records and self._parent[child] is None:
                self._move(child, parent_id)

    def _move(self, task_id: str, new_parent: str | None) -> None:
        old_parent = self._parent[task_id]
        source = self._children[old_parent]
        row = self._row[task_id]
        target = self._children.setdefault(new_parent, [])
        source_index = self.index_of(old_parent) if old_parent is not None else QModelIndex()
        target_index = self.index_of(new_parent) if new_parent is not None else QModelIndex()
        if not self.beginMoveRows(source_index, row, row, target_index, len(target)):
            return
        source.pop(row)
        target.append(task_id)
        self._parent[task_id] = new_parent
        for i in range(row, len(source)):
            self._row[source[i]] = i
        self._row[task_id] = len(target) - 1
        self.endMoveRows()

    def top_level_record(self, row: int) -> TaskRecord:
        """The record of a top-level row, without a QModelIndex round trip (filters call this per row)."""
        return self._records[self._children[None][row]]

    def remove(self, ids: set[str]) -> None:
        """Drop tasks (their children that stay move up to the top level): one remove per contiguous run.

        Evicting the oldest thousand rows is then one signal pair and one renumbering, not a
        thousand of each (which cost seconds with a proxy and a view attached).
        """
        gone = {task_id for task_id in ids if task_id in self._records}
        if not gone:
            return
        self.tasksAboutToBeRemoved.emit(gone)
        for task_id in gone:
            for child in list(self._children.get(task_id, ())):
                if child not in gone:
                    self._move(child, None)
        # Only the top-most removed rows are removed from the view; their removed descendants go with them.
        rows_by_parent: dict[str | None, list[int]] = {}
        for task_id in gone:
            parent = self._parent[task_id]
            if parent not in gone:
                rows_by_parent.setdefault(parent, []).append(self._row[task_id])
        for parent, rows in rows_by_parent.items():
            siblings = self._children[parent]
            parent_index = self.index_of(parent) if parent is not None else QModelIndex()
            for start, end in reversed(contiguous_runs(sorted(rows))):
                self.beginRemoveRows(parent_index, start, end)
                removed = siblings[start : end + 1]
                del siblings[start : end + 1]
                for i in range(start, len(siblings)):
                    self._row[siblings[i]] = i
                for task_id in removed:
                    self._forget_subtree(task_id)
                self.endRemoveRows()

    def _forget_subtree(self, task_id: str) -> None:
        for child in self._children.pop(task_id, ()):
            self._forget_subtree(child)
        del self._records[task_id], self._parent[task_id], self._row[task_id]
        self._ids[self._nid.pop(task_id)] = None  # the node id is never reused; its string is let go


class TaskRowsModel(QAbstractTableModel):
    """The task tree flattened into the rows the results table shows.

    A QTreeView lays out every row again whenever a row is added at the top level, asking a
    Python model two to four questions per row: 40-90 ms at 10,000 rows, for each new task.
    A table asks nothing per row, so this model puts each task's children right under it
    (indented, with ▾/▸ to fold them) and keeps "mine or all" and the sort order itself.
    It follows ``tree`` (the source of truth) through its signals, so rows come and go in the
    same batches as the tree's.
    """

    INDENT = "    "
    MAX_DEPTH_SHOWN = 8
    RESORT_MS = 500  # a sorted table re-sorts at most this often while states change

    def __init__(self, tree: TaskTreeModel, parent: QObject | None = None):
        super().__init__(parent)
        self.tree = tree
        self.columns = tree.columns
        self.show_all = False
        self.filter = TaskFilter()
        self._predicate: Callable[[TaskRecord], bool] | None = None
        self.in_scope = 0  # while filtering: the tasks the filter looked at (mine, or all)
        self._collapsed: set[str] = set()
        self._rows: list[str] = []
        self._row_of: dict[str, int] = {}
        self._sort: tuple[int, bool] | None = None  # (column, descending)
        self._resort = QTimer(self)
        self._resort.setSingleShot(True)
        self._resort.setInterval(self.RESORT_MS)
        self._resort.timeout.connect(self._relayout)
        tree.rowsInserted.connect(self._on_inserted)
        tree.tasksAboutToBeRemoved.connect(self._on_tasks_leaving)
        tree.rowsAboutToBeRemoved.connect(self._on_about_to_remove)
        tree.rowsMoved.connect(lambda *_: self._relayout())
        tree.dataChanged.connect(self._on_changed)
        tree.modelReset.connect(self._reset)
        self._reset()

    # -- Qt model API ----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return self.tree.headerData(section, orientation, role)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in COLUMN_ROLES:
            return None
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        task_id = self._rows[row]
        record = self.tree._records[task_id]
        if role == DISPLAY_ROLE and index.column() == 0:
            return self._prefix(task_id) + display_text(self.columns[0].value(record), CELL_LIMIT)
        return column_data(self.columns[index.column()], record, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Top-level rows by a column (children stay under their parent, in their order); -1: arrival order."""
        self._sort = None if column < 0 or column >= len(self.columns) else (column, order == Qt.SortOrder.DescendingOrder)
        self._relayout()

    # -- lookups ---------------------------------------------------------------------
    def task_id(self, row: int) -> str:
        return self._rows[row]

    def record(self, index: QModelIndex) -> TaskRecord:
        return self.tree._records[self._rows[index.row()]]

    def row_of(self, task_id: str) -> int:
        """The row showing the task, or -1 (not held, filtered out, or inside a folded parent)."""
        return self._row_of.get(task_id, -1)

    def depth(self, task_id: str) -> int:
        depth, parent = 0, self.tree._parent.get(task_id)
        while parent is not None and depth < self.MAX_DEPTH_SHOWN:
            depth, parent = depth + 1, self.tree._parent.get(parent)
        return depth

    def has_children(self, task_id: str) -> bool:
        return bool(self.tree._children.get(task_id))

    def is_folded(self, task_id: str) -> bool:
        return task_id in self._collapsed

    def reveal(self, task_id: str) -> int:
        """Unfold every folded row above the task (outermost first), so it is shown; its row, or -1."""
        ancestors, parent = [], self.tree._parent.get(task_id)
        while parent is not None:
            ancestors.append(parent)
            parent = self.tree._parent.get(parent)
        for ancestor in reversed(ancestors):
            if ancestor in self._collapsed:
                self.set_folded(ancestor, False)
        return self.row_of(task_id)

    # -- what is shown -----------------------------------------------------------------
    def set_show_all(self, on: bool) -> None:
        if on != self.show_all:
            self.show_all = on
            self._relayout()

    def set_filter(self, task_filter: TaskFilter) -> None:
        """Show only the tasks that match, each as a row of its own (a child without its parent too)."""
        self.filter = task_filter
        self._predicate = task_filter.compile() if task_filter.active else None
        self._relayout()

    @property
    def filtering(self) -> bool:
        return self._predicate is not None

    def set_folded(self, task_id: str, folded: bool) -> None:
        """Fold (hide the children of) or unfold one task's row."""
        if self._predicate is not None or folded == (task_id in self._collapsed) or not self.has_children(task_id):
            return
        row = self._row_of.get(task_id)
        if folded:
            if row is not None:
                size = self._visible_size(task_id) - 1
                if size:
                    self.beginRemoveRows(QModelIndex(), row + 1, row + size)
                    del self._rows[row + 1 : row + 1 + size]
                    self._renumber(row + 1)
                    self.endRemoveRows()
            self._collapsed.add(task_id)
        else:
            self._collapsed.discard(task_id)
            if row is not None:
                below = self._walk(self.tree._children.get(task_id, ()))
                self._insert_at(row + 1, below)
        if row is not None:
            first = self.index(row, 0)
            self.dataChanged.emit(first, first)

    def _accepts(self, task_id: str) -> bool:
        return self.show_all or self.tree._records[task_id].mine

    def _prefix(self, task_id: str) -> str:
        if self._predicate is not None:
            return ""  # matches are listed flat
        glyph = ("▸ " if task_id in self._collapsed else "▾ ") if self.tree._children.get(task_id) else "   "
        return self.INDENT * self.depth(task_id) + glyph

    def _walk(self, tops, folded: bool = True) -> list[str]:
        """These tasks and, under each, its unfolded descendants, in display order (no recursion: chains run deep)."""
        rows: list[str] = []
        stack = list(reversed(tops))
        children, collapsed = self.tree._children, self._collapsed if folded else ()
        while stack:
            task_id = stack.pop()
            rows.append(task_id)
            if task_id not in collapsed:
                below = children.get(task_id)
                if below:
                    stack.extend(reversed(below))
        return rows

    def _visible_size(self, task_id: str) -> int:
        """Rows the task takes: itself and its unfolded descendants."""
        return len(self._walk([task_id]))

    def _flatten(self) -> list[str]:
        records = self.tree._records
        if self._predicate is not None:
            tops = self._matches()
        else:
            tops = [t for t in self.tree._children.get(None, ()) if self._accepts(t)]
        if self._sort is not None:
            column, descending = self._sort
            key_of = self.columns[column].sort or self.columns[column].value
            tops.sort(key=lambda t: _sort_key(key_of(records[t])), reverse=descending)
        return tops if self._predicate is not None else self._walk(tops)

    def _matches(self) -> list[str]:
        """Every task in view (mine, or all) that passes the filter, in arrival order."""
        records, matches = self.tree._records, self._predicate
        if self.show_all:
            self.in_scope = len(records)
            return [t for t, r in records.items() if matches(r)]
        parent_of = self.tree._parent

        def top_is_mine(task_id: str) -> bool:
            for _ in range(10_000):  # a parent chain is finite; the bound guards a corrupt one
                parent = parent_of.get(task_id)
                if parent is None:
                    return records[task_id].mine
                task_id = parent
            return False

        scope = [(t, r) for t, r in records.items() if (r.mine if parent_of.get(t) is None else top_is_mine(t))]
        self.in_scope = len(scope)
        return [t for t, r in scope if matches(r)]

    def _renumber(self, start: int = 0) -> None:
        rows, row_of = self._rows, self._row_of
        if start == 0:
            row_of.clear()
        for i in range(start, len(rows)):
            row_of[rows[i]] = i
        for task_id in [t for t, r in row_of.items() if r >= len(rows) or rows[r] != t]:
            del row_of[task_id]  # gone rows (only after removals)

    def _insert_at(self, position: int, ids: list[str]) -> None:
        if not ids:
            return
        self.beginInsertRows(QModelIndex(), position, position + len(ids) - 1)
        self._rows[position:position] = ids
        if position == len(self._rows) - len(ids):
            for i, task_id in enumerate(ids, position):
                self._row_of[task_id] = i
        else:
            self._renumber(position)
        self.endInsertRows()

    # -- following the tree ----------------------------------------------------------
    def _reset(self) -> None:
        self.beginResetModel()
        self._rows = self._flatten()
        self._row_of = {t: i for i, t in enumerate(self._rows)}
        self.endResetModel()

    def _relayout(self) -> None:
        """Rebuild the rows (sort, filter, a task moved under its parent); selection and current row follow their tasks."""
        self._resort.stop()
        rows = self._flatten()
        if len(rows) != len(self._rows):  # rows appear or go: a reset (the view puts its selection back by task id)
            self.beginResetModel()
            self._rows, self._row_of = rows, {t: i for i, t in enumerate(rows)}
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        held = [(self._rows[i.row()] if 0 <= i.row() < len(self._rows) else None, i.column()) for i in old]
        self._rows, self._row_of = rows, {t: i for i, t in enumerate(rows)}
        new = [self.index(self._row_of[t], c) if t in self._row_of else QModelIndex() for t, c in held]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _ids_in(self, parent: QModelIndex, first: int, last: int) -> tuple[str | None, list[str]]:
        parent_id = self.tree._ids[parent.internalId()] if parent.isValid() else None
        return parent_id, self.tree._children.get(parent_id, [])[first : last + 1]

    def _on_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if self._predicate is not None:  # whether new tasks match: the next relayout decides
            if not self._resort.isActive():
                self._resort.start()
            return
        parent_id, ids = self._ids_in(parent, first, last)
        if parent_id is None:
            shown = self._walk([t for t in ids if self._accepts(t)])
            self._insert_at(len(self._rows), shown)
            if shown and self._sort is not None and not self._resort.isActive():
                self._resort.start()
            return
        row = self._row_of.get(parent_id)
        if row is None:
            return
        if parent_id not in self._collapsed:
            # After the children it had: it already holds ids[0:first]; the new ones were appended in the tree.
            before = self._visible_size(parent_id) - len(self._walk(ids))
            self._insert_at(row + before, self._walk(ids))
        if first == 0:  # its first children: the fold mark appears
            mark = self.index(row, 0)
            self.dataChanged.emit(mark, mark)

    def _on_tasks_leaving(self, gone: set[str]) -> None:
        """All rows of one remove() at once: one renumbering, however scattered the rows (evicting the oldest
        rows seen through events leaves hundreds of gaps). Children that stay come back with the tree's move."""
        if self._predicate is not None:  # flat rows: each gone task is its own row
            self._remove_rows_of([t for t in gone if t in self._row_of], flat=True)
        else:
            self._remove_rows_of([t for t in gone if t in self._row_of and self.tree._parent.get(t) not in gone])
        self._collapsed.difference_update(gone)

    def _on_about_to_remove(self, parent: QModelIndex, first: int, last: int) -> None:
        _, ids = self._ids_in(parent, first, last)
        self._remove_rows_of(ids, flat=self._predicate is not None)
        self._collapsed.difference_update(ids)

    def _remove_rows_of(self, ids, flat: bool = False) -> None:
        blocks = []
        for task_id in ids:
            row = self._row_of.get(task_id)
            if row is not None:
                blocks.append((row, row if flat else row + self._visible_size(task_id) - 1))
        for start, end in _merge_blocks(blocks)[::-1]:
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._rows[start : end + 1]
            self.endRemoveRows()
        if blocks:
            self._renumber(min(start for start, _ in blocks))

    def _on_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        parent_id, ids = self._ids_in(top_left.parent(), top_left.row(), bottom_right.row())
        if parent_id is None and not self.show_all and self._predicate is None:
            newly_mine = [t for t in ids if t not in self._row_of and self.tree._records[t].mine]
            if newly_mine:  # a task seen through events that the console now tracks
                self._insert_at(len(self._rows), self._walk(newly_mine))
        rows = sorted(self._row_of[t] for t in ids if t in self._row_of)
        for start, end in contiguous_runs(rows):
            self.dataChanged.emit(self.index(start, top_left.column()), self.index(end, bottom_right.column()), roles)
        # While filtering, any change may make a task match (or stop matching); while sorted, a shown one may move.
        if (self._predicate is not None or (rows and self._sort is not None)) and not self._resort.isActive():
            self._resort.start()


def _sort_key(value: Any) -> tuple:
    """Sortable whatever the column holds: numbers, then text (case-blind), then nothing."""
    if value is None or value == "":
        return (2, 0)
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).lower())


def _merge_blocks(blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(blocks):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _eta_text(t: TaskRecord) -> str:
    if t.eta is None:
        return ""
    remaining = t.eta - time.time()
    if remaining > 0 and t.state in (states.PENDING, states.RECEIVED):
        return QCoreApplication.translate("TaskTreeModel", "in {duration}").format(duration=duration_text(remaining))
    return time.strftime("%H:%M:%S", time.localtime(t.eta))


def tasks_model(parent: QObject | None = None) -> TaskTreeModel:
    def result_tip(t: TaskRecord) -> str:
        tail = "…" + t.traceback[-(TIP_LIMIT - 1) :] if len(t.traceback) > TIP_LIMIT else t.traceback  # its end says most
        return t.error or t.warning or tail or t.result

    return TaskTreeModel(
        [
            Column(QT_TRANSLATE_NOOP("TaskTreeModel", "Task id"), lambda t: t.id, tooltip=lambda t: t.id),
            Column(QT_TRANSLATE_NOOP("TaskTreeModel", "Task"), lambda t: t.name),
            Column(
                # an argsrepr from events may be a megabyte: the table shows its start, the detail all of it
                QT_TRANSLATE_NOOP("TaskTreeModel", "Args"),
                lambda t: arguments_text(t, 300, ", "),
                tooltip=lambda t: arguments_text(t, TIP_LIMIT, "\n"),
            ),
            Column(
                QT_TRANSLATE_NOOP("TaskTreeModel", "State"),
                lambda t: f"⚠ {t.state}" if t.warning else t.state,
                tooltip=lambda t: t.warning,
                color=lambda t: QColor("#d9822b") if t.warning else state_color(t.state),
                sort=lambda t: t.state,
            ),
            Column(
                QT_TRANSLATE_NOOP("TaskTreeModel", "Progress"),
                lambda t: "" if t.progress is None else f"{t.progress.fraction:.0%}",
                sort=lambda t: t.progress.fraction if t.progress else -1.0,
            ),
            Column(
                QT_TRANSLATE_NOOP("TaskTreeModel", "Result"),
                lambda t: t.error or t.warning or t.result,  # "worker lost: …" says more than the last progress
                tooltip=result_tip,
                color=lambda t: QColor("#d64545") if t.error else QColor("#d9822b") if t.warning else None,
            ),
            Column(
                QT_TRANSLATE_NOOP("TaskTreeModel", "Runtime"), lambda t: duration_text(t.runtime), sort=lambda t: t.runtime or 0.0
            ),
            Column(QT_TRANSLATE_NOOP("TaskTreeModel", "Worker"), lambda t: t.worker),
            Column(QT_TRANSLATE_NOOP("TaskTreeModel", "Retries"), lambda t: t.retries or "", sort=lambda t: t.retries or 0),
            Column(
                QT_TRANSLATE_NOOP("TaskTreeModel", "Done"), lambda t: clock_text(t.date_done), sort=lambda t: t.date_done or 0.0
            ),
            Column(QT_TRANSLATE_NOOP("TaskTreeModel", "ETA"), _eta_text, sort=lambda t: t.eta or 0.0),
        ],
        parent=parent,
    )
