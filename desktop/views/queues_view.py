"""Queues: what waits in the broker (every priority sub-queue counted), what workers hold, and
the ETA timeline; purge one queue after a confirmation, or open its messages."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.core.cluster.queues import QueueRecord
from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.models import RecordTableModel
from desktop.views.tables import record_table, selected_record
from desktop.views.text import markup_label, plain_label, warn

COUNTDOWN_COLUMN = 1


class QueuesView(QWidget):
    purgeConfirmed = Signal(str)  # queue name, after the user said yes
    browseRequested = Signal(str)  # queue name: open its messages
    refreshRequested = Signal()

    def __init__(self, queues: RecordTableModel, scheduled: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.queues_model, self.scheduled_model = queues, scheduled
        self.summary = plain_label()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.purge_button = QPushButton(self.tr("Purge…"))
        self.purge_button.setToolTip(self.tr("Delete every message waiting in the selected queue (messages workers hold stay)"))
        self.purge_button.setEnabled(False)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.browse_button = QPushButton(self.tr("Messages…"))
        self.browse_button.setToolTip(
            self.tr("See the messages in the selected queue (or double-click it): what waits, what workers hold")
        )
        self.browse_button.setEnabled(False)
        self.status = plain_label()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.queues_table = record_table(queues, self, stretch_column=6, fit_contents=True)
        self.scheduled_table = record_table(scheduled, self, stretch_column=4)
        self.queues_table.setObjectName("queuesTable")  # the names key the remembered layout (layout_memory.py)
        self.scheduled_table.setObjectName("scheduledTable")
        self.scheduled_label = markup_label(self.tr("<b>Scheduled</b> (ETA and countdown tasks the workers hold, soonest first)"))
        self.warning = plain_label()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("QLabel { background: #fff4e5; border: 1px solid #f0b429; padding: 6px; }")
        self.warning.hide()

        top = QHBoxLayout()
        top.addWidget(markup_label(self.tr("<b>Queues</b>")))
        top.addWidget(self.summary, 1)
        top.addWidget(self.status)
        top.addWidget(self.refresh_button)
        top.addWidget(self.browse_button)
        top.addWidget(self.purge_button)
        queues_panel = QWidget()
        queues_layout = QVBoxLayout(queues_panel)
        queues_layout.setContentsMargins(0, 0, 0, 0)
        queues_layout.addLayout(top)
        queues_layout.addWidget(self.warning)
        queues_layout.addWidget(self.queues_table)
        scheduled_panel = QWidget()
        scheduled_layout = QVBoxLayout(scheduled_panel)
        scheduled_layout.setContentsMargins(0, 0, 0, 0)
        scheduled_layout.addWidget(self.scheduled_label)
        scheduled_layout.addWidget(self.scheduled_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("queuesSplit")
        splitter.addWidget(queues_panel)
        splitter.addWidget(scheduled_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.queues_table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.purge_button.clicked.connect(self._ask_purge)
        self.browse_button.clicked.connect(self._browse)
        self.queues_table.doubleClicked.connect(lambda *_: self._browse())
        self.refresh_button.clicked.connect(self.refreshRequested)
        self._countdowns = QTimer(self)
        self._countdowns.setInterval(1000)
        self._countdowns.timeout.connect(lambda: scheduled.refresh_column(COUNTDOWN_COLUMN))
        queues.modelReset.connect(self._update_summary)
        for signal in (queues.rowsInserted, queues.rowsRemoved, queues.dataChanged):
            signal.connect(self._update_summary)
        self.scheduled_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._countdowns.start()

    def hideEvent(self, event) -> None:
        self._countdowns.stop()
        super().hideEvent(event)

    def selected_queue(self) -> QueueRecord | None:
        return selected_record(self.queues_table, self.queues_model)

    def _selection_changed(self, *_) -> None:
        queue = self.selected_queue()
        self.purge_button.setEnabled(queue is not None and not queue.error)
        self.browse_button.setEnabled(queue is not None)

    def _browse(self) -> None:
        queue = self.selected_queue()
        if queue is not None:
            self.browseRequested.emit(queue.name)

    def _update_summary(self, *_) -> None:
        records = self.queues_model.records()
        ready = sum(q.ready or 0 for q in records)
        known = [q.unacked for q in records if q.unacked is not None]
        # RabbitMQ without its management API does not say what is unacked: no sum of nothing as 0.
        if known or not records:
            unacked = self.tr("{count} unacked").format(count=f"{sum(known):,}")
        else:
            unacked = self.tr("unacked not known")
        self.summary.setText(
            self.tr("{queues} queue(s) · {ready} ready · {unacked}").format(
                queues=len(records), ready=f"{ready:,}", unacked=unacked
            )
        )
        self._selection_changed()

    def _ask_purge(self) -> None:
        queue = self.selected_queue()
        if queue is None:
            return
        name = display_text(queue.name, CELL_LIMIT)
        if queue.ready is None:
            ask = self.tr("Delete the an unknown number of message(s) waiting in queue “{queue}”?").format(queue=name)
        else:
            ask = self.tr("Delete the {count} message(s) waiting in queue “{queue}”?").format(
                count=f"{queue.ready:,}", queue=name
            )
        answer = warn(
            self,
            self.tr("Purge queue"),
            ask
            + "\n\n"
            + self.tr("Messages workers already hold (running, prefetched, or waiting for an ETA) stay. This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.status.setText(self.tr("purging {queue}…").format(queue=name))
            self.purgeConfirmed.emit(queue.name)

    def set_warning(self, text: str) -> None:
        """Why the counts may be wrong (the workers' key layout differs from this connection's)."""
        self.warning.setText(display_text(text, CELL_LIMIT, multiline=True))
        self.warning.setVisible(bool(text))

    def show_purge_result(self, name: str, removed: int | None, error: str = "") -> None:
        if error:
            text = self.tr("purge {queue}: {error}").format(queue=name, error=error)
        else:
            text = self.tr("purged {queue}: {count} message(s) deleted").format(queue=name, count=f"{removed:,}")
        self.status.setText(display_text(text, CELL_LIMIT))
