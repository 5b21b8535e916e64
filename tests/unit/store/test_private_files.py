"""What the console keeps on disk is its user's alone: folders 0700, files 0600, whatever the umask.

The history (args, results, tracebacks, whole sent calls, with SQLite's -wal and -shm), the log
(and its rotated copies), exports and the config files; crash.log and --dump are checked on a
real run in tests/integration/test_cli.py.
"""

from __future__ import annotations

import logging
import os
import stat
import time
from pathlib import Path

import pytest

from desktop.core.domain.records import TaskRecord
from desktop.core.runtime import app_log
from desktop.core.store.config_files import private_dir, write_json, write_private_bytes, write_private_text
from desktop.core.store.export import write_export
from desktop.core.store.history import HistoryDatabase


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask():
    """The most generous umask a user may have: whatever is private here is so by the console's own doing."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_history_folder_and_every_file_of_it_are_private(tmp_path):
    folder = tmp_path / "data" / "celery-desktop"
    db = HistoryDatabase(folder / "history.sqlite3")
    db.open()
    db.save("p", [TaskRecord(id="t1", name="tasks.add", args="(2, 2)", result="4")], time.time())
    try:
        assert mode(folder) == 0o700
        files = sorted(p.name for p in folder.iterdir())
        assert files == ["history.sqlite3", "history.sqlite3-shm", "history.sqlite3-wal"]
        assert {name: mode(folder / name) for name in files} == dict.fromkeys(files, 0o600)
    finally:
        db.close()


def test_a_history_left_readable_by_an_older_version_is_made_private(tmp_path):
    folder = tmp_path / "celery-desktop"
    db = HistoryDatabase(folder / "history.sqlite3")
    db.open()
    db.save("p", [TaskRecord(id="t1", name="tasks.add")], time.time())
    db.close()
    folder.chmod(0o755)
    for path in folder.iterdir():
        path.chmod(0o644)
    again = HistoryDatabase(folder / "history.sqlite3")
    again.open()
    try:
        assert again.count("p") == 1
        assert mode(folder) == 0o700
        assert {p.name: mode(p) for p in folder.iterdir()} == {p.name: 0o600 for p in folder.iterdir()}
    finally:
        again.close()


def test_a_history_moved_aside_stays_private(tmp_path):
    folder = tmp_path / "celery-desktop"
    folder.mkdir()
    (folder / "history.sqlite3").write_bytes(b"not a database at all" * 100)
    (folder / "history.sqlite3").chmod(0o644)
    db = HistoryDatabase(folder / "history.sqlite3")
    assert "moved" in db.open()
    try:
        assert {p.name: mode(p) for p in folder.iterdir()} == {p.name: 0o600 for p in folder.iterdir()}
        assert any("unreadable" in p.name for p in folder.iterdir())
    finally:
        db.close()


def test_the_log_folder_and_its_files_are_private_rotated_ones_too(tmp_path, monkeypatch):
    monkeypatch.setattr(app_log, "MAX_BYTES", 2_000)
    folder = tmp_path / "state" / "log"
    path = app_log.install("INFO", folder=folder, stderr=False)
    try:
        for i in range(100):
            logging.getLogger("desktop.test").info("line %d %s", i, "x" * 50)
        assert mode(folder) == 0o700
        names = sorted(p.name for p in folder.iterdir())
        assert path.name in names and f"{path.name}.1" in names
        assert {name: mode(folder / name) for name in names} == dict.fromkeys(names, 0o600)
    finally:
        app_log.uninstall()


def test_an_existing_log_readable_by_others_is_made_private(tmp_path):
    folder = tmp_path / "log"
    folder.mkdir(mode=0o755)
    (folder / app_log.LOG_NAME).write_text("old\n")
    (folder / app_log.LOG_NAME).chmod(0o644)
    path = app_log.install("INFO", folder=folder, stderr=False)
    try:
        assert mode(folder) == 0o700 and mode(path) == 0o600
    finally:
        app_log.uninstall()


@pytest.mark.parametrize("name", ["tasks.csv", "tasks.json"])
def test_an_export_is_private(tmp_path, name):
    path = tmp_path / name
    assert write_export(path, [TaskRecord(id="t1", name="tasks.add", args="('card 4111',)")]) == 1
    assert mode(path) == 0o600
    path.chmod(0o644)  # written over: private again
    write_export(path, [TaskRecord(id="t1", name="tasks.add")])
    assert mode(path) == 0o600


def test_config_files_and_their_folder_are_private(tmp_path):
    folder = tmp_path / "config" / "celery-desktop"
    write_json(folder / "profiles.json", {"profiles": []})
    assert mode(folder) == 0o700 and mode(folder / "profiles.json") == 0o600


def test_private_text_and_folders(tmp_path):
    path = tmp_path / "out" / "dump.json"
    write_private_text(path, "{}\n")
    assert path.read_text() == "{}\n" and mode(path) == 0o600 and mode(path.parent) == 0o700
    path.chmod(0o644)
    write_private_text(path, "[]\n")
    assert path.read_text() == "[]\n" and mode(path) == 0o600
    existing = tmp_path / "mine"
    existing.mkdir(mode=0o755)
    assert private_dir(existing) == existing and mode(existing) == 0o700


def test_private_bytes_a_screenshot_say(tmp_path):
    path = tmp_path / "shots" / "shot.png"
    write_private_bytes(path, b"\x89PNG\r\n")
    assert path.read_bytes() == b"\x89PNG\r\n" and mode(path) == 0o600 and mode(path.parent) == 0o700
    path.chmod(0o644)  # written over: private again
    write_private_bytes(path, b"\x89PNG")
    assert path.read_bytes() == b"\x89PNG" and mode(path) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["shot.png"]  # no partial file left
