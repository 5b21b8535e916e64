"""Settings: result polling, the event store's bound, history retention (and clearing it), theme, notifications."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desktop.core.store.settings import LIMITS, THEMES, Settings
from desktop.views.text import Button, plain_label, question


class SettingsDialog(QDialog):
    clearHistoryRequested = Signal()

    def __init__(
        self,
        settings: Settings,
        history_text: str,
        poll_fixed: bool = False,
        parent: QWidget | None = None,
        tray_available: bool | None = None,
    ):
        super().__init__(parent)
        self.initial = settings  # what the dialog does not show goes back unchanged
        self.setWindowTitle("Settings")
        layout = QVBoxLayout(self)

        results = QGroupBox("Results and events")
        form = QFormLayout(results)
        self.poll = QDoubleSpinBox()
        self.poll.setRange(0.0, LIMITS["poll_interval"][1])
        self.poll.setDecimals(2)
        self.poll.setSingleStep(0.25)
        self.poll.setSuffix(" s")
        self.poll.setSpecialValueText("by backend (0.5 s Redis, 5 s database)")
        self.poll.setValue(settings.poll_interval or 0.0)
        if poll_fixed:
            self.poll.setEnabled(False)
            self.poll.setToolTip("set with --poll-interval for this run")
        form.addRow("Poll interval", self.poll)
        self.events = QSpinBox()
        self.events.setRange(*LIMITS["event_tasks"])
        self.events.setSingleStep(10_000)
        self.events.setGroupSeparatorShown(True)
        self.events.setValue(settings.event_tasks)
        self.events.setToolTip("tasks the live event store holds; the ones that finished longest ago go first")
        form.addRow("Event store holds", self.events)
        self.window_rows = QSpinBox()
        self.window_rows.setRange(*LIMITS["window_rows"])
        self.window_rows.setSingleStep(5_000)
        self.window_rows.setGroupSeparatorShown(True)
        self.window_rows.setValue(settings.window_rows)
        self.window_rows.setToolTip("your tasks shown at once; older finished ones leave the window and stay in the history")
        form.addRow("Window keeps my last", self.window_rows)
        layout.addWidget(results)

        history = QGroupBox("History")
        form = QFormLayout(history)
        self.days = QDoubleSpinBox()
        self.days.setRange(*LIMITS["history_days"])
        self.days.setDecimals(0)
        self.days.setSuffix(" days")
        self.days.setValue(settings.history_days)
        form.addRow("Keep tasks for", self.days)
        self.rows = QSpinBox()
        self.rows.setRange(*LIMITS["history_rows"])
        self.rows.setSingleStep(50_000)
        self.rows.setGroupSeparatorShown(True)
        self.rows.setValue(settings.history_rows)
        form.addRow("and at most", self.rows)
        line = QHBoxLayout()
        self.history_info = plain_label(history_text)
        line.addWidget(self.history_info, 1)
        self.clear_history = QPushButton("Clear history…")
        self.clear_history.clicked.connect(self._confirm_clear)
        line.addWidget(self.clear_history)
        form.addRow(line)
        layout.addWidget(history)

        look = QGroupBox("Appearance")
        form = QFormLayout(look)
        self.theme = QComboBox()
        self.theme.addItems(["Follow the system", "Light", "Dark"])
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        form.addRow("Theme", self.theme)
        layout.addWidget(look)

        notices = QGroupBox("Notifications")
        column = QVBoxLayout(notices)
        self.keep_in_tray = QCheckBox("Keep running in the tray when the window is closed")
        self.keep_in_tray.setChecked(settings.keep_in_tray)
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        if tray_available:
            self.keep_in_tray.setToolTip("Watched tasks still notify; the tray icon's menu shows the window again or quits")
        else:
            self.keep_in_tray.setEnabled(False)
            self.keep_in_tray.setToolTip("This desktop has no system tray: closing the window quits")
        column.addWidget(self.keep_in_tray)
        layout.addWidget(notices)

        note = plain_label("The poll interval and the event store's size apply to the connection now; the rest at once.")
        note.setStyleSheet("color: palette(mid); font-size: 11px;")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def settings(self) -> Settings:
        return replace(
            self.initial,
            poll_interval=self.poll.value() or None,
            event_tasks=self.events.value(),
            window_rows=self.window_rows.value(),
            history_days=self.days.value(),
            history_rows=self.rows.value(),
            theme=THEMES[self.theme.currentIndex()],
            keep_in_tray=self.keep_in_tray.isChecked(),
        )

    def _confirm_clear(self) -> None:
        answer = question(self, "Clear history", "Delete this connection's whole history (tasks and calls)?")
        if answer == Button.Yes:
            self.clearHistoryRequested.emit()
            self.history_info.setText("cleared")
