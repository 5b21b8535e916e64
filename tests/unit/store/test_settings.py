"""Settings survive a restart; bad values fall back to defaults with a message; nothing bad is written."""

from __future__ import annotations

import json

import pytest

from desktop.core.store.settings import Settings, SettingsStore


def test_settings_round_trip(tmp_path):
    store = SettingsStore(tmp_path / "settings.json")
    assert store.settings == Settings() and store.note == ""
    chosen = Settings(poll_interval=0.25, event_tasks=50_000, history_days=7, history_rows=20_000, theme="dark")
    store.save(chosen)
    again = SettingsStore(tmp_path / "settings.json")
    assert again.settings == chosen and again.note == ""
    assert again.settings.retention.max_age_days == 7 and again.settings.retention.max_rows == 20_000


def test_bad_values_fall_back_one_by_one_and_say_so(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"poll_interval": -1, "event_tasks": "many", "history_days": 10, "theme": "purple", "future": 1}))
    store = SettingsStore(path)
    assert store.settings == Settings(history_days=10)  # the good value stays
    assert "poll interval" in store.note and "event tasks" in store.note and "theme" in store.note


def test_an_unreadable_file_is_moved_aside_and_a_bad_save_writes_nothing(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    store = SettingsStore(path)
    assert store.settings == Settings() and "moved to settings.unreadable.json" in store.note
    assert (tmp_path / "settings.unreadable.json").read_text() == "{not json"
    with pytest.raises(ValueError, match="history rows"):
        store.save(Settings(history_rows=5))
    assert not path.exists()


def test_the_notification_switches_are_off_by_default_and_must_be_true_or_false(tmp_path):
    assert not Settings().keep_in_tray and not Settings().watch_sent
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"keep_in_tray": "yes", "watch_sent": True}))
    store = SettingsStore(path)
    assert store.settings == Settings(watch_sent=True) and "keep in tray must be true or false" in store.note
    store.save(Settings(keep_in_tray=True))
    assert SettingsStore(path).settings.keep_in_tray
