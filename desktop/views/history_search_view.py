"""The Search tab: a query over the history and the window, its errors at their place, the tasks found newest first.

Enter runs the query (``searchRequested``); "More" asks for the next page; F1 or "?" shows the
query language. An error in the query is shown under the field as the query with a caret line
under the part that is wrong (monospace), and that part is selected in the field. Double-click
or Enter on a row asks to open the task in Calls & results (``openRequested``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.display import display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_query import PLACEHOLDER, QUERY_HELP
from desktop.core.live.history_search import SearchCount, SearchError, SearchResult
from desktop.models import search_results_model
from desktop.views.tables import record_table
from desktop.views.text import plain_label

ERROR_CONTEXT = 60  # characters of the query shown either side of the wrong part
ERROR_RED = "#d64545"


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

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.query_text = ""  # the query the table shows (or is on its way)
        self.next_offset = 0
        self.help_dialog: QDialog | None = None
        self._total: int | None = None  # the count, once it came
        self._counting = False
        self._page_words = ""  # "first page in 12 ms"
        self._note = ""
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setPlaceholderText(PLACEHOLDER)
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip("Search the history and the window (Enter); F1: the query language")
        self.field.returnPressed.connect(self.run)
        row.addWidget(self.field, 1)
        self.search_button = QPushButton("Search")
        self.search_button.clicked.connect(self.run)
        row.addWidget(self.search_button)
        self.help_button = QPushButton("?")
        self.help_button.setToolTip("The query language (F1)")
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
        self.count_label = plain_label("Type a query and press Enter: an empty query lists every task, newest first.")
        layout.addWidget(self.count_label)
        self.model = search_results_model(self)
        self.table = record_table(self.model, self, stretch_column=6)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.more_button = QPushButton("More")
        self.more_button.setToolTip("The next page of tasks that match")
        self.more_button.setEnabled(False)
        self.more_button.clicked.connect(self.more)
        bottom.addWidget(self.more_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        help_key = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        help_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        help_key.activated.connect(self.show_help)
        self.table.installEventFilter(self)  # Enter on a row opens it (the table would only move on)

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
        self.count_label.setText("Searching…")
        self.searchRequested.emit(self.query_text, 0)

    def more(self) -> None:
        self.more_button.setEnabled(False)
        self.searchRequested.emit(self.query_text, self.next_offset)

    def show_help(self) -> None:
        if self.help_dialog is None:
            dialog = QDialog(self)
            dialog.setWindowTitle("Search: the query language")
            layout = QVBoxLayout(dialog)
            text = QPlainTextEdit(QUERY_HELP)
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
    def show_page(self, result: SearchResult) -> None:
        """A page of results (the first replaces the table, a later one adds to it); an error is shown at its place."""
        if result.text != self.query_text:
            return  # an answer to an earlier query
        if result.error is not None:
            self.show_error(result.error)
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
            self._page_words = f"first page in {result.elapsed_ms:,.0f} ms"
            self._note = display_text(result.note, 300) if result.note else ""
        self._show_figures()

    def show_count(self, count: SearchCount) -> None:
        """The number of tasks that match (it comes after the first page)."""
        if count.text != self.query_text or count.error is not None:
            return
        self._counting = False
        self._total = count.count
        if count.note and count.note not in self._note:
            self._note = " · ".join(p for p in (self._note, display_text(count.note, 300)) if p)
        self._show_figures()

    def _show_figures(self) -> None:
        """'1,234 tasks match (200 shown) · first page in 12 ms', with what the search could not do."""
        shown = self.model.rowCount()
        if self._total is None:
            first = f"{shown:,} shown" + (" · counting…" if self._counting else "")
        else:
            total = max(self._total, shown)
            first = f"{total:,} task{'' if total == 1 else 's'} match" + (f" ({shown:,} shown)" if shown < total else "")
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
