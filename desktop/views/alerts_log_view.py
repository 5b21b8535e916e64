"""The Alerts tab: the alerts the rules fired, newest first; a click opens the task, or the tab of the worker,
queue or schedule entry it is about."""

from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.alert_rules import OPENS_QUEUES, OPENS_SCHEDULES, OPENS_TASK, OPENS_WORKERS, FiredAlert
from desktop.views.text import plain_label

COLUMNS = (
    QT_TRANSLATE_NOOP("AlertsLogView", "Time"),
    QT_TRANSLATE_NOOP("AlertsLogView", "Rule"),
    QT_TRANSLATE_NOOP("AlertsLogView", "Alert"),
    QT_TRANSLATE_NOOP("AlertsLogView", "Details"),
)
OPENS_TIPS = {  # what a click on an alert about a worker, queue or schedule entry opens
    OPENS_WORKERS: QT_TRANSLATE_NOOP("AlertsLogView", "Click to open the Workers tab"),
    OPENS_QUEUES: QT_TRANSLATE_NOOP("AlertsLogView", "Click to open the Queues tab"),
    OPENS_SCHEDULES: QT_TRANSLATE_NOOP("AlertsLogView", "Click to open the Schedules tab"),
}
FAILED_COLOR = "#d64545"


class AlertsLogView(QWidget):
    openRequested = Signal(object)  # the FiredAlert clicked
    rulesRequested = Signal()  # Alert rules…
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = plain_label(self.tr("No alert has fired. Alert rules… sets what to be told about."))
        top.addWidget(self.summary, 1)
        rules = QPushButton(self.tr("Alert rules…"))
        rules.clicked.connect(self.rulesRequested)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clearRequested)
        top.addWidget(rules)
        top.addWidget(self.clear_button)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("AlertsLogView", title) for title in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(1, 160)
        self.table.setColumnWidth(2, 440)
        self.table.cellClicked.connect(self._clicked)
        self.table.cellActivated.connect(self._clicked)
        layout.addWidget(self.table, 1)
        self._alerts: list[FiredAlert] = []

    def show_alerts(self, alerts: list[FiredAlert]) -> None:
        """The log again, newest first (texts are display_text'ed by the core, and table items are plain text)."""
        self._alerts = list(alerts)
        self.table.setRowCount(len(self._alerts))
        for row, alert in enumerate(self._alerts):
            when = time.strftime("%H:%M:%S", time.localtime(alert.at))
            if alert.opens == OPENS_TASK and alert.task_id:
                tip = self.tr("Click to open the task")
            elif alert.opens in OPENS_TIPS:
                tip = QCoreApplication.translate("AlertsLogView", OPENS_TIPS[alert.opens])
            else:
                tip = self.tr("Click to open the {tab} tab").format(tab=alert.opens.title())
            for column, text in enumerate((when, alert.rule, alert.title, alert.body)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip if column != 3 else text)
                if column == 2 and alert.failed:
                    item.setForeground(QColor(FAILED_COLOR))
                self.table.setItem(row, column, item)
        count = len(self._alerts)
        if count == 1:
            summary = self.tr("1 alert fired, newest first")
        elif count:
            summary = self.tr("{count} alerts fired, newest first").format(count=f"{count:,}")
        else:
            summary = self.tr("No alert has fired yet.")
        self.summary.setText(summary)
        self.clear_button.setEnabled(bool(count))

    def _clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._alerts):
            self.openRequested.emit(self._alerts[row])

    def alert_at(self, row: int) -> FiredAlert:
        return self._alerts[row]

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollToItem(self.table.item(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
