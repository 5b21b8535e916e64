"""The messages in one queue: what waits (paged, filtered) and what workers hold unacknowledged,
each message's headers and body, and the actions on the selected ones (delete, move, copy to the
call form, export, restore now, requeue dead letters), each asked first."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
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
        parts.append(QCoreApplication.translate("MessagesView", "Problem: {error}").format(error=message.error))
    if message.body_note:
        parts.append(QCoreApplication.translate("MessagesView", "Body: {note}").format(note=message.body_note))
    for warning in (dead_letter_words(message), eta_past_visibility(message)):
        if warning:
            parts.append(warning[0].upper() + warning[1:])
    if message.delivery_tag:
        parts.append(
            QCoreApplication.translate("MessagesView", "Unacknowledged (delivery tag {tag}): {held}").format(
                tag=message.delivery_tag, held=held_words(message)
            )
        )
    parts.append(
        QCoreApplication.translate("MessagesView", "Stored in: {where} · {size} bytes · {content_type}").format(
            where=message.key or message.queue, size=f"{message.size:,}", content_type=message.content_type or "?"
        )
    )
    if message.decoded:
        parts.append(QCoreApplication.translate("MessagesView", "Body:") + "\n" + _pretty(message.body))
    parts.append(QCoreApplication.translate("MessagesView", "Headers:") + "\n" + _pretty(dict(message.headers)))
    parts.append(QCoreApplication.translate("MessagesView", "Properties:") + "\n" + _pretty(dict(message.properties)))
    return display_text("\n\n".join(parts), DETAIL_LIMIT, multiline=True)


def held_words(message: QueuedMessage) -> str:
    delivered = clock_text(message.delivered_at) or "?"
    back = clock_text(message.restore_at) or "?"
    if message.held_by:
        who = QCoreApplication.translate("MessagesView", "{worker} reports holding it").format(worker=message.held_by)
    elif message.stuck:
        who = QCoreApplication.translate("MessagesView", "stuck: no online worker reports it (active, reserved or scheduled)")
    else:
        who = QCoreApplication.translate("MessagesView", "no worker reports it yet")
    return QCoreApplication.translate(
        "MessagesView", "delivered {delivered}; {who}; a consuming worker puts it back in the queue after {back}"
    ).format(delivered=delivered, who=who, back=back)


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
        self.setWindowTitle(self.tr("Messages in {queue} — Celery Desktop").format(queue=display_text(queue, 200)))
        self.resize(1200, 720)
        self.setObjectName("queueMessagesWindow")  # one remembered size and place for every queue's browser

        self.title = markup_label()
        self.title.setText(self.tr("<b>Messages in</b> {queue}").format(queue=_escaped(queue)))
        self.note = plain_label()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("QLabel { color: #555; }")
        self.tabs = QTabBar()
        self.tabs.addTab(self.tr("Waiting"))
        self.tabs.addTab(self.tr("Unacknowledged (held by workers)"))
        self.tabs.setExpanding(False)
        if amqp:
            self.tabs.setTabEnabled(HELD, False)
            self.tabs.setTabToolTip(HELD, self.tr("RabbitMQ does not show the messages a consumer holds, only how many"))
        self.task_filter = QLineEdit()
        self.task_filter.setPlaceholderText(self.tr("task name contains…"))
        self.id_filter = QLineEdit()
        self.id_filter.setPlaceholderText(self.tr("task id contains…"))
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(self.tr("text in args, kwargs, origin…"))
        self.find_button = QPushButton(self.tr("Find"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.range_label = plain_label()
        self.refresh_button = QPushButton(self.tr("Refresh"))

        self.table = record_table(model, self, stretch_column=4)
        self.table.setSelectionMode(self.table.SelectionMode.ExtendedSelection)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setFont(QFont("monospace"))
        self.detail.setPlaceholderText(self.tr("Select a message to see its headers and body"))

        self.delete_button = QPushButton(self.tr("Delete…"))
        self.move_button = QPushButton(self.tr("Move to…"))
        self.copy_button = QPushButton(self.tr("Copy to call form"))
        self.copy_button.setToolTip(self.tr("Open the call form filled with this message's call, to send it again (a new id)"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the selected messages (headers, body, the stored payload) as JSON"))
        self.restore_button = QPushButton(self.tr("Restore now…"))
        self.restore_button.setToolTip(
            self.tr("Put the selected unacknowledged messages back in their queue now, as kombu's restore does")
        )
        self.requeue_button = QPushButton(self.tr("Requeue to original queue…"))
        self.requeue_button.setToolTip(self.tr("Send dead-lettered messages back to the queue their x-death header names"))
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
        splitter.setObjectName("messagesSplit")  # the names key the remembered layout (layout_memory.py)
        self.table.setObjectName("messagesTable")
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
            self._say_busy(self.tr("reading the unacknowledged messages and asking the workers what they hold…"))
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
        self._say_busy(self.tr("reading…") if not wanted else self.tr("searching the queue…"))
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
            shown = self.tr("{count} match(es) after {offset} · {scanned} of {total} read").format(
                count=f"{count:,}", offset=f"{page.offset:,}", scanned=f"{page.scanned:,}", total=total
            )
        elif count:
            shown = self.tr("{first}–{last} of {total}").format(
                first=f"{page.offset + 1:,}", last=f"{page.offset + count:,}", total=total
            )
        else:
            shown = self.tr("none of {total}").format(total=total)
        self.range_label.setText(shown)
        self.previous_button.setEnabled(page.offset > 0)
        self.next_button.setEnabled(page.more)
        notes = [page.note]
        if page.dead_letter_of:
            notes.insert(0, self.tr("dead-letter queue of: {queues}").format(queues=", ".join(page.dead_letter_of)))
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
        if wanted:
            held = self.tr("{count} held ({matching} matching) · {stuck} stuck")
        else:
            held = self.tr("{count} held · {stuck} stuck")
        self.range_label.setText(held.format(count=f"{len(messages):,}", matching=f"{len(shown):,}", stuck=f"{stuck:,}"))
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self.note.setText(
            display_text(
                " · ".join(
                    filter(
                        None,
                        (
                            self.tr(
                                "messages delivered to a worker and not acknowledged yet; stuck = held over 30 s while no "
                                "online worker reports it (inspect active, reserved, scheduled)"
                            ),
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
        self.status.setText(display_text(self.tr("failed: {error}").format(error=error), CELL_LIMIT))

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
            delete_reason or self.tr("Delete exactly the selected messages (one a worker took meanwhile is reported)")
        )
        self.move_button.setEnabled(bool(waiting) and not move_reason)
        self.move_button.setToolTip(move_reason or self.tr("Move the selected messages to the back of another queue"))
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
                self.tr("{count} messages selected: select one to see its body and headers").format(count=f"{len(chosen):,}")
                if chosen
                else ""
            )

    def _count_words(self, messages: list[QueuedMessage]) -> str:
        return self.tr("1 message") if len(messages) == 1 else self.tr("{count} messages").format(count=f"{len(messages):,}")

    def _ask_delete(self) -> None:
        chosen = [m for m in self.selected() if not m.delivery_tag]
        if not chosen:
            return
        answer = warn(
            self,
            self.tr("Delete messages"),
            self.tr(
                "Delete {messages} from “{queue}”? Their tasks will never run.\n\n"
                "Only exactly these messages are removed; one a worker took in the meantime is reported, not removed. "
                "This cannot be undone."
            ).format(messages=self._count_words(chosen), queue=display_text(self.queue, CELL_LIMIT)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._say_busy(self.tr("deleting…"))
            self.deleteConfirmed.emit(chosen)

    def _ask_move(self) -> None:
        chosen = [m for m in self.selected() if not m.delivery_tag]
        if not chosen:
            return
        target, ok = ask_text(
            self,
            self.tr("Move messages"),
            self.tr("Move {messages} to the back of queue:").format(messages=self._count_words(chosen)),
        )
        target = target.strip()
        if not ok or not target:
            return
        if target == self.queue:
            self.status.setText(self.tr("the messages are in that queue already"))
            return
        self._say_busy(self.tr("moving to {queue}…").format(queue=display_text(target, 200)))
        self.moveConfirmed.emit(chosen, target)

    def _copy(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1 and chosen[0].decoded and chosen[0].task:
            self.copyRequested.emit(chosen[0])

    def _ask_export(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export messages"), f"{self.queue}-messages.json", self.tr("JSON (*.json)")
        )
        if path:
            self.exportRequested.emit(chosen, path)

    def _ask_restore(self) -> None:
        chosen = [m for m in self.selected() if m.delivery_tag]
        if not chosen:
            return
        working = [m for m in chosen if m.held_by]
        extra = (
            "\n\n"
            + self.tr("{count} of them a live worker reports holding: restoring those runs them twice.").format(
                count=f"{len(working):,}"
            )
            if working
            else ""
        )
        answer = warn(
            self,
            self.tr("Restore messages now"),
            self.tr(
                "Put {messages} back in their queue now, marked redelivered, as a worker's sweep would "
                "after the visibility timeout?"
            ).format(messages=self._count_words(chosen))
            + extra
            + "\n\n"
            + self.tr("A message a worker acknowledges meanwhile is left alone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._say_busy(self.tr("restoring…"))
            self.restoreConfirmed.emit(chosen)

    def _ask_requeue(self) -> None:
        chosen = [m for m in self.selected() if not m.delivery_tag]
        if not chosen:
            return
        answer = warn(
            self,
            self.tr("Requeue dead letters"),
            self.tr("Send {messages} back to the queue each one's x-death header names, and remove them here?").format(
                messages=self._count_words(chosen)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._say_busy(self.tr("requeueing…"))
            self.requeueConfirmed.emit(chosen)


def _escaped(text: str) -> str:
    return escape(display_text(text, 200))
