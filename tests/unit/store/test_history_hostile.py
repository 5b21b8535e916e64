"""A history file someone else replaced or edited runs nothing of theirs: triggers are refused, the schema is not trusted."""

from __future__ import annotations

import sqlite3
import time

from desktop.core.domain.records import TaskRecord
from desktop.core.store.history import HistoryDatabase


def test_a_history_file_with_a_trigger_is_moved_aside_and_the_trigger_never_runs(tmp_path):
    path = tmp_path / "history.sqlite3"
    db = HistoryDatabase(path)
    db.open()
    db.close()
    raw = sqlite3.connect(path)
    raw.executescript(
        """
        CREATE TABLE stolen (args TEXT);
        CREATE TRIGGER copy_args AFTER INSERT ON tasks BEGIN INSERT INTO stolen VALUES (new.args); END;
        """
    )
    raw.close()

    again = HistoryDatabase(path)
    note = again.open()
    try:
        assert "moved to history.unreadable-" in note and "trigger" in note
        again.save("p", [TaskRecord(id="t1", name="tasks.pay", args="('card 4111',)")], time.time())
        conn = again.connection()
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0
        assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    finally:
        again.close()
    aside = next(p for p in tmp_path.iterdir() if p.name.startswith("history.unreadable-") and p.suffix == ".sqlite3")
    kept = sqlite3.connect(aside)
    try:
        assert kept.execute("SELECT count(*) FROM stolen").fetchone()[0] == 0  # never fired
    finally:
        kept.close()


def test_an_ordinary_history_is_untouched(tmp_path):
    path = tmp_path / "history.sqlite3"
    db = HistoryDatabase(path)
    assert db.open() == ""
    db.save("p", [TaskRecord(id="t1", name="tasks.add")], time.time())
    db.close()
    again = HistoryDatabase(path)
    try:
        assert again.open() == "" and again.count("p") == 1
    finally:
        again.close()
