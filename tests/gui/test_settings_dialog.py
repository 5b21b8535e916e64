"""The Settings dialog gives back what was chosen; the dark theme darkens the palette; clearing history asks first."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.store.settings import Settings
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.theme import apply_theme

pytestmark = pytest.mark.gui


def test_the_dialog_shows_and_returns_the_settings(qtbot):
    start = Settings(poll_interval=None, event_tasks=250_000, history_days=14, history_rows=50_000, theme="light")
    dialog = SettingsDialog(start, "3.2 MB on disk")
    qtbot.addWidget(dialog)
    assert dialog.settings() == start
    dialog.poll.setValue(0.25)
    dialog.theme.setCurrentIndex(2)
    dialog.days.setValue(3)
    assert dialog.settings() == Settings(
        poll_interval=0.25, event_tasks=250_000, history_days=3, history_rows=50_000, theme="dark"
    )
    assert dialog.history_info.text() == "3.2 MB on disk"


def test_clear_history_asks_first(qtbot, monkeypatch):
    dialog = SettingsDialog(Settings(), "")
    qtbot.addWidget(dialog)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(answers))
    cleared = []
    dialog.clearHistoryRequested.connect(lambda: cleared.append(True))
    dialog.clear_history.click()
    assert cleared == []
    dialog.clear_history.click()
    assert cleared == [True] and dialog.history_info.text() == "cleared"


def test_dark_and_light_themes_set_the_palette(qapp):
    try:
        assert apply_theme("dark", qapp)
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
        assert not apply_theme("light", qapp)
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        apply_theme("light", qapp)


def test_keep_in_tray_needs_a_tray_and_the_dialog_keeps_what_it_does_not_show(qtbot):
    without = SettingsDialog(Settings(watch_sent=True), "", tray_available=False)
    qtbot.addWidget(without)
    assert not without.keep_in_tray.isEnabled() and not without.keep_in_tray.isChecked()
    with_tray = SettingsDialog(Settings(watch_sent=True), "", tray_available=True)
    qtbot.addWidget(with_tray)
    assert with_tray.keep_in_tray.isEnabled()
    with_tray.keep_in_tray.setChecked(True)
    assert with_tray.settings() == Settings(watch_sent=True, keep_in_tray=True)  # "watch everything I send" kept
