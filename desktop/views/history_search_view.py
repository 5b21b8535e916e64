"""The Search tab: a query over the history and the window, its errors at their place, the tasks found newest first.

Enter runs the query (``searchRequested``); "More" asks for the next page; F1 or "?" shows the
query language. An error in the query is shown under the field as the query with a caret line
under the part that is wrong (monospace), and that part is selected in the field. Double-click
or Enter on a row asks to open the task in Calls & results (``openRequested``).

On the left, the profile's saved views (a query with its sort, by name) with how many tasks each
matches: a click opens one (its query in the field, its sort on the table, run); "Save view…"
asks a name for the current query and sort, "Delete" drops the selected one. The counts are asked
for (``viewCountsRequested``) when the tab is shown and every 30 s while it is.

Beside "More", ``bulk`` (bulk_actions_view): "Act on all matches ▾", enabled once the query's count
came and is not 0, acts on every task the query shown matches (``query_text``, not the field's).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.display import display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_query import placeholder, query_help
from desktop.core.live.history_search import SearchCount, SearchError, SearchResult
from desktop.core.store.saved_views import SavedView
from desktop.models import search_results_model
from desktop.views.bulk_actions_view import BulkActionsBar
from desktop.views.tables import record_table
from desktop.views.text import ask_text, plain_label

ERROR_CONTEXT = 60  # characters of the query shown either side of the wrong part
ERROR_RED = "#d64545"
VIEW_COUNTS_EVERY_MS = 30_000  # the saved views' counts, while the tab is shown


def error_lines(text: str, error: SearchError) -> str:
    """The query (around the wrong part, one line) with a caret line under ``text[start:end]``, then the message."""
    start = max(0, min(error.start, len(text)))
    end = max(start, min(error.end, len(text)))
    left = max(0, start - ERROR_CONTEXT)
    right = min(len(text), max(end, start + 1) + ERROR_CONTEXT)
    shown = "".join(c if c.isprintable() else "·" for c in text[left:right])  # one cell a character: the carets line up
    head = "…" if left else ""
    tail = "…" if right < len(text) else ""
    carets = " " * (len(head) + start - left) + "^" * max(1, min(end, right) - start)
    return f"{head}{shown}{tail}\n{carets}\n{error.message}"


class HistorySearchView(QWidget):
    searchRequested = Signal(str, int)  # the query text, the offset of the page
    openRequested = Signal(object)  # a TaskRecord: show it in Calls & results
    viewOpenRequested = Signal(str)  # a saved view's name: open it
    viewSaveRequested = Signal(object)  # a SavedView: keep it (one of the same name is replaced)
    viewDeleteRequested = Signal(str)  # a saved view's name
    viewCountsRequested = Signal()  # the tab is shown (and every 30 s while it is): count the saved views

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.query_text = ""  # the query the table shows (or is on its way)
        self.next_offset = 0
        self.help_dialog: QDialog | None = None
        self._total: int | None = None  # the count, once it came
        self._counting = False
        self._page_words = ""  # "first page in 12 ms"
        self._note = ""
        self._view_counts: dict[str, int | None] = {}  # a saved view's name -> its count (None: not counted)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("searchSplit")  # the names key the remembered layout (layout_memory.py)
        outer.addWidget(split)
        split.addWidget(self._saved_views_panel())
        main = QWidget()
        split.addWidget(main)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 900])
        layout = QVBoxLayout(main)
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setPlaceholderText(placeholder())
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(self.tr("Search the history and the window (Enter); F1: the query language"))
        self.field.returnPressed.connect(self.run)
        row.addWidget(self.field, 1)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.run)
        row.addWidget(self.search_button)
        self.help_button = QPushButton("?")
        self.help_button.setToolTip(self.tr("The query language (F1)"))
        self.help_button.setFixedWidth(32)
        self.help_button.clicked.connect(self.show_help)
        row.addWidget(self.help_button)
        layout.addLayout(row)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.error_label = plain_label()
        self.error_label.setFont(mono)
        self.error_label.setStyleSheet(f"color: {ERROR_RED}")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.count_label = plain_label(self.tr("Type a query and press Enter: an empty query lists every task, newest first."))
        layout.addWidget(self.count_label)
        self.model = search_results_model(self)
        self.table = record_table(self.model, self, stretch_column=6)
        self.table.setObjectName("searchTable")
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.more_button = QPushButton(self.tr("More"))
        self.more_button.setToolTip(self.tr("The next page of tasks that match"))
        self.more_button.setEnabled(False)
        self.more_button.clicked.connect(self.more)
        bottom.addWidget(self.more_button)
        self.bulk = BulkActionsBar()
        bottom.addWidget(self.bulk, 1)
        layout.addLayout(bottom)
        help_key = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        help_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        help_key.activated.connect(self.show_help)
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)  # Ctrl+S: save the query as a view
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save_view)
        self.table.installEventFilter(self)  # Enter on a row opens it (the table would only move on)
        self._counts_clock = QTimer(self)
        self._counts_clock.setInterval(VIEW_COUNTS_EVERY_MS)
        self._counts_clock.timeout.connect(self.viewCountsRequested)

    def _saved_views_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addWidget(plain_label(self.tr("Saved views")))
        self.views_list = QListWidget()
        self.views_list.setToolTip(self.tr("Click a view to run its query with its sort"))
        self.views_list.itemClicked.connect(lambda item: self.viewOpenRequested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.views_list.itemActivated.connect(  # Enter on the selected view (a click is itemClicked's)
            lambda item: self.viewOpenRequested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.views_list.currentItemChanged.connect(lambda *_: self.delete_view_button.setEnabled(self.selected_view() != ""))
        layout.addWidget(self.views_list, 1)
        buttons = QHBoxLayout()
        self.save_view_button = QPushButton(self.tr("Save view…"))
        self.save_view_button.setToolTip(self.tr("Keep the query in the field and the table's sort under a name (Ctrl+S)"))
        self.save_view_button.clicked.connect(self.save_view)
        buttons.addWidget(self.save_view_button)
        self.delete_view_button = QPushButton(self.tr("Delete"))
        self.delete_view_button.setToolTip(self.tr("Delete the selected saved view"))
        self.delete_view_button.setEnabled(False)
        self.delete_view_button.clicked.connect(self._delete_view)
        buttons.addWidget(self.delete_view_button)
        layout.addLayout(buttons)
        return panel

    # -- visibility --------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._counts_clock.start()
        self.viewCountsRequested.emit()

    def hideEvent(self, event) -> None:
        self._counts_clock.stop()
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.table.currentIndex().isValid()
        ):
            self._open(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    # -- what the user does --------------------------------------------------------------------
    def run(self) -> None:
        """The query in the field, from its first page."""
        self.query_text = self.field.text()
        self.next_offset = 0
        self.more_button.setEnabled(False)
        self._total, self._counting, self._page_words, self._note = None, False, "", ""
        self.count_label.setText(self.tr("Searching…"))
        self.bulk.set_count(None)
        self.searchRequested.emit(self.query_text, 0)

    def more(self) -> None:
        self.more_button.setEnabled(False)
        self.searchRequested.emit(self.query_text, self.next_offset)

    def show_help(self) -> None:
        if self.help_dialog is None:
            dialog = QDialog(self)
            dialog.setWindowTitle(self.tr("Search: the query language"))
            layout = QVBoxLayout(dialog)
            text = QPlainTextEdit(query_help())
            text.setReadOnly(True)
            text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            layout.addWidget(text)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(dialog.reject)
            layout.addWidget(buttons)
            dialog.resize(820, 640)
            self.help_dialog = dialog
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

    def save_view(self) -> None:
        """Ask a name (the selected view's offered), then keep the field's query and the table's sort under it."""
        name, ok = ask_text(self, self.tr("Save view"), self.tr("Name for this view:"), self.selected_view())
        if ok and name.strip():
            column, descending = self.current_sort()
            self.viewSaveRequested.emit(SavedView(name.strip(), self.field.text(), column, descending))

    def _delete_view(self) -> None:
        name = self.selected_view()
        if name:
            self.viewDeleteRequested.emit(name)

    def selected_view(self) -> str:
        item = self.views_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def current_sort(self) -> tuple[int, bool]:
        """(the column the table is sorted by, whether descending)."""
        header = self.table.horizontalHeader()
        return header.sortIndicatorSection(), header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def open_view(self, view: SavedView) -> None:
        """A saved view: its query in the field, its sort on the table, run from the first page."""
        self.field.setText(view.query)
        columns = self.table.model().columnCount()
        column = view.sort_column if 0 <= view.sort_column < columns else 0
        order = Qt.SortOrder.DescendingOrder if view.descending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(column, order)
        self._select_view(view.name)
        self.run()

    def focus_query(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _open(self, row: int) -> None:
        if row < 0:
            return
        source = self.table.model().mapToSource(self.table.model().index(row, 0))
        if source.isValid():
            self.openRequested.emit(self.model.record(source.row()))

    # -- what comes back ------------------------------------------------------------------------
    def show_saved_views(self, views: list[SavedView]) -> None:
        """The profile's saved views, in order; the counts known are kept, the selection too."""
        selected = self.selected_view()
        names = [v.name for v in views]
        self._view_counts = {n: self._view_counts.get(n) for n in names}
        self.views_list.clear()
        for view in views:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, view.name)
            item.setToolTip(display_text(view.query, 500) or self.tr("(every task)"))
            self.views_list.addItem(item)
            self._show_view_item(item)
        self._select_view(selected)
        self.delete_view_button.setEnabled(self.selected_view() != "")

    def show_view_count(self, name: str, count: int | None) -> None:
        """How many tasks a saved view matches (None: not counted: an error in its query, the history unreadable)."""
        if name not in self._view_counts:
            return
        self._view_counts[name] = count
        for row in range(self.views_list.count()):
            item = self.views_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self._show_view_item(item)

    def view_item_texts(self) -> list[str]:
        return [self.views_list.item(row).text() for row in range(self.views_list.count())]

    def _show_view_item(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        count = self._view_counts.get(name)
        item.setText(display_text(name, 200) + ("" if count is None else f"  {count:,}"))

    def _select_view(self, name: str) -> None:
        for row in range(self.views_list.count()):
            if self.views_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.views_list.setCurrentRow(row)
                return

    def show_page(self, result: SearchResult) -> None:
        """A page of results (the first replaces the table, a later one adds to it); an error is shown at its place."""
        if result.text != self.query_text:
            return  # an answer to an earlier query
        if result.error is not None:
            self.show_error(result.error)
            self.bulk.set_count(None)
            self.model.set_records([])
            self.count_label.setText("")
            return
        self.error_label.hide()
        records: list[TaskRecord] = list(result.records)
        if result.offset > 0:
            known = {r.id for r in records}
            records = [r for r in self.model.records() if r.id not in known] + records
        self.model.set_records(records)
        self.next_offset = result.next_offset
        self.more_button.setEnabled(result.more)
        if result.offset == 0:
            self._counting = True
            self._page_words = self.tr("first page in {ms} ms").format(ms=f"{result.elapsed_ms:,.0f}")
            self._note = display_text(result.note, 300) if result.note else ""
        self._show_figures()

    def show_count(self, count: SearchCount) -> None:
        """The number of tasks that match (it comes after the first page)."""
        if count.text != self.query_text or count.error is not None:
            return
        self._counting = False
        self._total = count.count
        self.bulk.set_count(count.count)
        if count.note and count.note not in self._note:
            self._note = " · ".join(p for p in (self._note, display_text(count.note, 300)) if p)
        self._show_figures()

    def _show_figures(self) -> None:
        """'1,234 tasks match (200 shown) · first page in 12 ms', with what the search could not do."""
        shown = self.model.rowCount()
        if self._total is None:
            first = self.tr("{shown} shown").format(shown=f"{shown:,}") + (self.tr(" · counting…") if self._counting else "")
        else:
            total = max(self._total, shown)
            if total == 1:
                first = self.tr("1 task match")
            else:
                first = self.tr("{count} tasks match").format(count=f"{total:,}")
            if shown < total:
                first += self.tr(" ({shown} shown)").format(shown=f"{shown:,}")
        self.count_label.setText(" · ".join(p for p in (first, self._page_words, self._note) if p))

    def show_error(self, error: SearchError) -> None:
        text = self.query_text
        self.error_label.setText(error_lines(text, error))
        self.error_label.show()
        self.more_button.setEnabled(False)
        if text == self.field.text():
            start = max(0, min(error.start, len(text)))
            self.field.setSelection(start, max(1, min(error.end, len(text)) - start))
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
