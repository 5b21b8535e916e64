"""The messages in one queue: what waits (paged, filtered) and what workers hold unacknowledged,
each message's headers and body, and the actions on the selected ones (delete, move, copy to the
call form, export, restore now, requeue dead letters), each asked first."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.core.domain.queued_messages import ActionOutcome, MessageFilter, MessagePage, QueuedMessage
from desktop.models import HELD_COLUMNS, RecordTableModel, clock_text, dead_letter_words, eta_past_visibility
from desktop.views.tables import record_table
from desktop.views.text import ask_text, markup_label, plain_label, warn

WAITING, HELD = 0, 1
DETAIL_LIMIT = 200_000  # characters of a message the detail pane shows


def _pretty(value: Any) -> str:
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        return repr(value)


def message_details(message: QueuedMessage) -> str:
    """The detail pane's text: what is wrong, the headers, the properties and the body, as plain text."""
    parts = []
    if message.error:
        parts.append(f"Problem: {message.error}")
    if message.body_note:
        parts.append(f"Body: {message.body_note}")
    for warning in (dead_letter_words(message), eta_past_visibility(message)):
        if warning:
            parts.append(warning[0].upper() + warning[1:])
    if message.delivery_tag:
        parts.append(f"Unacknowledged (delivery tag {message.delivery_tag}): {held_words(message)}")
    parts.append(f"Stored in: {message.key or message.queue} · {message.size:,} bytes · {message.content_type or '?'}")
    if message.decoded:
        parts.append("Body:\n" + _pretty(message.body))
    parts.append("Headers:\n" + _pretty(dict(message.headers)))
    parts.append("Properties:\n" + _pretty(dict(message.properties)))
    return display_text("\n\n".join(parts), DETAIL_LIMIT, multiline=True)


def held_words(message: QueuedMessage) -> str:
    delivered = clock_text(message.delivered_at) or "?"
    back = clock_text(message.restore_at) or "?"
    if message.held_by:
        who = f"{message.held_by} reports holding it"
    elif message.stuck:
        who = "stuck: no online worker reports it (active, reserved or scheduled)"
    else:
        who = "no worker reports it yet"
    return f"delivered {delivered}; {who}; a consuming worker puts it back in the queue after {back}"


class MessagesView(QWidget):
    """One queue's browser window; it asks for pages and actions by signal, the operations answer with show_*."""

    pageRequested = Signal(int, object)  # offset, MessageFilter
    heldRequested = Signal()
    deleteConfirmed = Signal(list)  # [QueuedMessage]
    moveConfirmed = Signal(list, str)  # messages, target queue
    restoreConfirmed = Signal(list)
    requeueConfirmed = Signal(list)
    copyRequested = Signal(object)  # QueuedMessage
    exportRequested = Signal(list, str)  # messages, path

    def __init__(self, queue: str, model: RecordTableModel, *, amqp: bool, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.queue, self.model, self.amqp = queue, model, amqp
        self.page: MessagePage | None = None
        self._busy_text = ""
        self.offset = 0
        self.setWindowTitle(f"Messages in {display_text(queue, 200)} — Celery Desktop")
        self.resize(1200, 720)

        self.title = markup_label()
        self.title.setText(f"<b>Messages in</b> {_escaped(queue)}")
        self.note = plain_label()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("QLabel { color: #555; }")
        self.tabs = QTabBar()
        self.tabs.addTab("Waiting")
        self.tabs.addTab("Unacknowledged (held by workers)")
        self.tabs.setExpanding(False)
        if amqp:
            self.tabs.setTabEnabled(HELD, False)
            self.tabs.setTabToolTip(HELD, "RabbitMQ does not show the messages a consumer holds, only how many")
        self.task_filter = QLineEdit()
        self.task_filter.setPlaceholderText("task name contains…")
        self.id_filter = QLineEdit()
        self.id_filter.setPlaceholderText("task id contains…")
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("text in args, kwargs, origin…")
        self.find_button = QPushButton("Find")
        self.clear_button = QPushButton("Clear")
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.range_label = plain_label()
        self.refresh_button = QPushButton("Refresh")

        self.table = record_table(model, self, stretch_column=4)
        self.table.setSelectionMode(self.table.SelectionMode.ExtendedSelection)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setFont(QFont("monospace"))
        self.detail.setPlaceholderText("Select a message to see its headers and body")

        self.delete_button = QPushButton("Delete…")
        self.move_button = QPushButton("Move to…")
        self.copy_button = QPushButton("Copy to call form")
        self.copy_button.setToolTip("Open the call form filled with this message's call, to send it again (a new id)")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the selected messages (headers, body, the stored payload) as JSON")
        self.restore_button = QPushButton("Restore now…")
        self.restore_button.setToolTip(
            "Put the selected unacknowledged messages back in their queue now, as kombu's restore does"
        )
        self.requeue_button = QPushButton("Requeue to original queue…")
        self.requeue_button.setToolTip("Send dead-lettered messages back to the queue their x-death header names")
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        for widget in (self.task_filter, self.id_filter, self.text_filter):
            filters.addWidget(widget, 1)
        for widget in (
            self.find_button,
            self.clear_button,
            self.previous_button,
            self.range_label,
            self.next_button,
            self.refresh_button,
        ):
            filters.addWidget(widget)
        actions = QHBoxLayout()
        for widget in (
            self.delete_button,
            self.move_button,
            self.copy_button,
            self.export_button,
            self.restore_button,
            self.requeue_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([460, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)

        self.tabs.currentChanged.connect(self._tab_changed)
        self.find_button.clicked.connect(lambda: self._ask_page(0))
        for field in (self.task_filter, self.id_filter, self.text_filter):
            field.returnPressed.connect(lambda: self._ask_page(0))
        self.clear_button.clicked.connect(self._clear_filter)
        self.previous_button.clicked.connect(lambda: self._ask_page(max(0, self.offset - self._page_size())))
        self.next_button.clicked.connect(lambda: self._ask_page(self.offset + self._page_size()))
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda *_: self._copy())
        self.delete_button.clicked.connect(self._ask_delete)
        self.move_button.clicked.connect(self._ask_move)
        self.copy_button.clicked.connect(self._copy)
        self.export_button.clicked.connect(self._ask_export)
        self.restore_button.clicked.connect(self._ask_restore)
        self.requeue_button.clicked.connect(self._ask_requeue)
        self._show_held_columns(False)
        self._selection_changed()

    # -- asking --------------------------------------------------------------
    def message_filter(self) -> MessageFilter:
        return MessageFilter(self.task_filter.text().strip(), self.id_filter.text().strip(), self.text_filter.text().strip())

    def held_shown(self) -> bool:
        return self.tabs.currentIndex() == HELD

    def refresh(self) -> None:
        if self.held_shown():
            self._say_busy("reading the unacknowledged messages and asking the workers what they hold…")
            self.heldRequested.emit()
        else:
            self._ask_page(self.offset)

    def _page_size(self) -> int:
        return max(len(self.page.messages) if self.page else 0, 200)

    def _ask_page(self, offset: int) -> None:
        if self.held_shown():
            self.refresh()
            return
        self.offset = offset
        wanted = self.message_filter()
        self._say_busy("reading…" if not wanted else "searching the queue…")
        self.pageRequested.emit(offset, wanted)

    def _clear_filter(self) -> None:
        for field in (self.task_filter, self.id_filter, self.text_filter):
            field.clear()
        self._ask_page(0)

    def _show_held_columns(self, shown: bool) -> None:
        for column in HELD_COLUMNS:
            self.table.setColumnHidden(column, not shown)
        self.table.setColumnHidden(0, shown)  # held messages have no place in a queue

    def _tab_changed(self, _index: int) -> None:
        self._show_held_columns(self.held_shown())
        self.model.set_records([])
        self.detail.clear()
        self.refresh()

    # -- showing -------------------------------------------------------------
    def show_page(self, page: MessagePage) -> None:
        if self.held_shown():
            return  # an answer for the other tab
        self.page = page
        self.model.set_records(list(page.messages))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._fit_columns()
        count = len(page.messages)
        total = "?" if page.total is None else f"{page.total:,}"
        if self.message_filter():
            shown = f"{count:,} match(es) after {page.offset:,} · {page.scanned:,} of {total} read"
        else:
            shown = f"{page.offset + 1:,}–{page.offset + count:,} of {total}" if count else f"none of {total}"
        self.range_label.setText(shown)
        self.previous_button.setEnabled(page.offset > 0)
        self.next_button.setEnabled(page.more)
        notes = [page.note]
        if page.dead_letter_of:
            notes.insert(0, "dead-letter queue of: " + ", ".join(page.dead_letter_of))
        self.note.setText(display_text(" · ".join(n for n in notes if n), CELL_LIMIT, multiline=True))
        self._done_busy()
        self._selection_changed()

    def show_held(self, messages: list[QueuedMessage], note: str = "") -> None:
        if not self.held_shown():
            return
        self.page = None
        wanted = self.message_filter()
        shown = [m for m in messages if wanted.matches(m)] if wanted else messages
        self.model.set_records(shown)
        self.table.sortByColumn(HELD_COLUMNS[0], Qt.SortOrder.AscendingOrder)
        self._fit_columns()
        stuck = sum(1 for m in shown if m.stuck)
        matching = f" ({len(shown):,} matching)" if wanted else ""
        self.range_label.setText(f"{len(messages):,} held{matching} · {stuck:,} stuck")
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self.note.setText(
            display_text(
                " · ".join(
                    filter(
                        None,
                        (
                            "messages delivered to a worker and not acknowledged yet; stuck = held over 30 s while no "
                            "online worker reports it (inspect active, reserved, scheduled)",
                            note,
                        ),
                    )
                ),
                CELL_LIMIT,
                multiline=True,
            )
        )
        self._done_busy()
        self._selection_changed()

    def _fit_columns(self) -> None:
        """Columns as wide as what they show, none wider than a third of the table (args can be long)."""
        self.table.resizeColumnsToContents()
        widest = max(160, self.table.viewport().width() // 3)
        for column in range(self.model.columnCount()):
            if self.table.columnWidth(column) > widest:
                self.table.setColumnWidth(column, widest)

    def _say_busy(self, text: str) -> None:
        self._busy_text = text
        self.status.setText(text)

    def _done_busy(self) -> None:
        """A page came: the "reading…" it answers goes; an action's outcome said meanwhile stays."""
        if self.status.text() == self._busy_text:
            self.status.setText("")
        self._busy_text = ""

    def show_error(self, error: str) -> None:
        self.status.setText(display_text(f"failed: {error}", CELL_LIMIT))

    def show_outcome(self, outcome: ActionOutcome) -> None:
        self.status.setText(display_text(outcome.summary(), CELL_LIMIT, multiline=True))

    def show_status(self, text: str) -> None:
        self.status.setText(display_text(text, CELL_LIMIT))

    # -- selection and actions -----------------------------------------------
    def selected(self) -> list[QueuedMessage]:
        proxy = self.table.model()
        rows = sorted({proxy.mapToSource(index).row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.record(row) for row in rows]

    def _selection_changed(self, *_) -> None:
        chosen = self.selected()
        waiting = [m for m in chosen if not m.delivery_tag]
        held = [m for m in chosen if m.delivery_tag]
        page = self.page
        delete_reason = page.delete_reason if page else ""
        move_reason = page.move_reason if page else ""
        self.delete_button.setEnabled(bool(waiting) and not delete_reason)
        self.delete_button.setToolTip(
            delete_reason or "Delete exactly the selected messages (one a worker took meanwhile is reported)"
        )
        self.move_button.setEnabled(bool(waiting) and not move_reason)
        self.move_button.setToolTip(move_reason or "Move the selected messages to the back of another queue")
        self.copy_button.setEnabled(len(chosen) == 1 and chosen[0].decoded and bool(chosen[0].task))
        self.export_button.setEnabled(bool(chosen))
        self.restore_button.setVisible(not self.amqp)
        self.restore_button.setEnabled(bool(held))
        dead = bool(page and page.dead_letter_of) or any("x-death" in m.headers for m in chosen)
        self.requeue_button.setVisible(self.amqp)
        self.requeue_button.setEnabled(self.amqp and dead and bool(waiting))
        if len(chosen) == 1:
            self.detail.setPlainText(message_details(chosen[0]))
        else:
            self.detail.setPlainText(
                f"{len(chosen):,} messages selected: select one to see its body and headers" if chosen else ""
            )

    def _count_words(self, messages: list[QueuedMessage]) -> str:
        return "1 message" if len(messages) == 1 else f"{len(messages):,} messages"

    def _ask_delete(self) -> None:
        chosen = [m for m in self.selected() if not m.delivery_tag]
        if not chosen:
            return
        answer = warn(
            self,
            "Delete messages",
            f"Delete {self._count_words(chosen)} from “{display_text(self.queue, CELL_LIMIT)}”? Their tasks will never run.\n\n"
            "Only exactly these messages are removed; one a worker took in the meantime is reported, not removed. "
            "This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._say_busy("deleting…")
            self.deleteConfirmed.emit(chosen)

    def _ask_move(self) -> None:
        chosen = [m for m in self.selected() if not m.delivery_tag]
        if not chosen:
            return
        target, ok = ask_text(self, "Move messages", f"Move {self._count_words(chosen)} to the back of queue:")
        target = target.strip()
        if not ok or not target:
            return
        if target == self.queue:
            self.status.setText("the messages are in that queue already")
            return
        self._say_busy(f"moving to {display_text(target, 200)}…")
        self.moveConfirmed.emit(chosen, target)

    def _copy(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1 and chosen[0].decoded and chosen[0].task:
            self.copyRequested.emit(chosen[0])

    def _ask_export(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export messages", f"{self.queue}-messages.json", "JSON (*.json)")
        if path:
            self.exportRequested.emit(chosen, path)

    def _ask_restore(self) -> None:
        chosen = [m for m in self.selected() if m.delivery_tag]
        if not chosen:
            return
        working = [m for m in chosen if m.held_by]
        extra = f"\n\n{len(working):,} of them a live worker reports holding: restoring those runs them twice." if working else ""
        answer = warn(
            self,
            "Restore messages now",
            f"Put {self._count_words(chosen)} back in their queue now, marked redelivered, as a worker's sweep would "
            f"after the visibility timeout?{extra}\n\nA message a worker acknowledges meanwhile is left alone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._say_busy("restoring…")
            self.restoreConfirmed.emit(chosen)

    def _ask_requeue(self) -> None:
        chosen = [m for m in self.selected() if not m.delivery_tag]
        if not chosen:
            return
        answer = warn(
            self,
            "Requeue dead letters",
            f"Send {self._count_words(chosen)} back to the queue each one's x-death header names, and remove them here?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._say_busy("requeueing…")
            self.requeueConfirmed.emit(chosen)


def _escaped(text: str) -> str:
    return escape(display_text(text, 200))
