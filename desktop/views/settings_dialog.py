"""Settings: result polling, the event store's bound, history retention (and clearing it), theme, language, notifications."""

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

from desktop.core.store.settings import LANGUAGES, LIMITS, THEMES, Settings
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
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)

        results = QGroupBox(self.tr("Results and events"))
        form = QFormLayout(results)
        self.poll = QDoubleSpinBox()
        self.poll.setRange(0.0, LIMITS["poll_interval"][1])
        self.poll.setDecimals(2)
        self.poll.setSingleStep(0.25)
        self.poll.setSuffix(self.tr(" s"))
        self.poll.setSpecialValueText(self.tr("by backend (0.5 s Redis, 5 s database)"))
        self.poll.setValue(settings.poll_interval or 0.0)
        if poll_fixed:
            self.poll.setEnabled(False)
            self.poll.setToolTip(self.tr("set with --poll-interval for this run"))
        form.addRow(self.tr("Poll interval"), self.poll)
        self.events = QSpinBox()
        self.events.setRange(*LIMITS["event_tasks"])
        self.events.setSingleStep(10_000)
        self.events.setGroupSeparatorShown(True)
        self.events.setValue(settings.event_tasks)
        self.events.setToolTip(self.tr("tasks the live event store holds; the ones that finished longest ago go first"))
        form.addRow(self.tr("Event store holds"), self.events)
        self.window_rows = QSpinBox()
        self.window_rows.setRange(*LIMITS["window_rows"])
        self.window_rows.setSingleStep(5_000)
        self.window_rows.setGroupSeparatorShown(True)
        self.window_rows.setValue(settings.window_rows)
        self.window_rows.setToolTip(
            self.tr("your tasks shown at once; older finished ones leave the window and stay in the history")
        )
        form.addRow(self.tr("Window keeps my last"), self.window_rows)
        layout.addWidget(results)

        history = QGroupBox(self.tr("History"))
        form = QFormLayout(history)
        self.days = QDoubleSpinBox()
        self.days.setRange(*LIMITS["history_days"])
        self.days.setDecimals(0)
        self.days.setSuffix(self.tr(" days"))
        self.days.setValue(settings.history_days)
        form.addRow(self.tr("Keep tasks for"), self.days)
        self.rows = QSpinBox()
        self.rows.setRange(*LIMITS["history_rows"])
        self.rows.setSingleStep(50_000)
        self.rows.setGroupSeparatorShown(True)
        self.rows.setValue(settings.history_rows)
        form.addRow(self.tr("and at most"), self.rows)
        line = QHBoxLayout()
        self.history_info = plain_label(history_text)
        line.addWidget(self.history_info, 1)
        self.clear_history = QPushButton(self.tr("Clear history…"))
        self.clear_history.clicked.connect(self._confirm_clear)
        line.addWidget(self.clear_history)
        form.addRow(line)
        layout.addWidget(history)

        look = QGroupBox(self.tr("Appearance"))
        form = QFormLayout(look)
        self.theme = QComboBox()
        self.theme.addItems([self.tr("Follow the system"), self.tr("Light"), self.tr("Dark")])
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        form.addRow(self.tr("Theme"), self.theme)
        self.language = QComboBox()
        # Each language named in itself, so whoever cannot read the current one still finds theirs.
        self.language.addItems([self.tr("System"), "English", "简体中文"])
        self.language.setCurrentIndex(LANGUAGES.index(settings.language))
        self.language.setToolTip(self.tr("The window's language; --lang LANG chooses it for one run"))
        form.addRow(self.tr("Language"), self.language)
        self.language_note = plain_label(self.tr("A new language applies at the next start."))
        self.language_note.setStyleSheet("color: palette(mid); font-size: 11px;")
        form.addRow("", self.language_note)
        layout.addWidget(look)

        notices = QGroupBox(self.tr("Notifications"))
        column = QVBoxLayout(notices)
        self.keep_in_tray = QCheckBox(self.tr("Keep running in the tray when the window is closed"))
        self.keep_in_tray.setChecked(settings.keep_in_tray)
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        if tray_available:
            self.keep_in_tray.setToolTip(
                self.tr("Watched tasks still notify; the tray icon's menu shows the window again or quits")
            )
        else:
            self.keep_in_tray.setEnabled(False)
            self.keep_in_tray.setToolTip(self.tr("This desktop has no system tray: closing the window quits"))
        column.addWidget(self.keep_in_tray)
        layout.addWidget(notices)

        note = plain_label(self.tr("The poll interval and the event store's size apply to the connection now; the rest at once."))
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
            language=LANGUAGES[self.language.currentIndex()],
            keep_in_tray=self.keep_in_tray.isChecked(),
        )

    def _confirm_clear(self) -> None:
        answer = question(
            self,
            self.tr("Clear history"),
            self.tr("Delete this connection's whole history (tasks, calls and the graphs' kept trends)?"),
        )
        if answer == Button.Yes:
            self.clearHistoryRequested.emit()
            self.history_info.setText(self.tr("cleared"))
