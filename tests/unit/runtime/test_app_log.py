"""The log file: rotating, in the log folder, every password masked (in URLs, in key=value, and bare)."""

from __future__ import annotations

import logging

import pytest

from desktop.core.runtime import app_log


@pytest.fixture
def log_folder(tmp_path):
    yield tmp_path
    app_log.uninstall()


def test_records_are_masked_before_they_reach_the_file(log_folder):
    app_log.remember_secrets(["Tr0ub4dor&3"])
    path = app_log.install("WARNING", folder=log_folder, stderr=False)
    log = logging.getLogger("desktop.test")
    log.warning("connecting to %s", "redis://:hunter2@db.example:6379/0")
    log.warning("AUTH failed: server said the password Tr0ub4dor&3 is wrong")
    log.warning("options %s", {"password": "kv-secret-1"})
    try:
        raise RuntimeError("while talking to rediss://user:in-trace-pw@host:6380")
    except RuntimeError:
        log.exception("broken")
    log.info("kept at INFO in the file")
    log.debug("not kept")
    text = path.read_text()
    assert "redis://:***@db.example:6379/0" in text
    for secret in ("hunter2", "Tr0ub4dor&3", "kv-secret-1", "in-trace-pw"):
        assert secret not in text
    assert "Traceback" in text and "RuntimeError" in text
    assert "kept at INFO" in text and "not kept" not in text


def test_the_file_rotates(log_folder, monkeypatch):
    monkeypatch.setattr(app_log, "MAX_BYTES", 20_000)
    path = app_log.install("INFO", folder=log_folder, stderr=False)
    for i in range(2_000):
        logging.getLogger("desktop.test").info("line %d %s", i, "x" * 40)
    rotated = sorted(p.name for p in log_folder.iterdir() if p.name.startswith(app_log.LOG_NAME))
    assert rotated == [app_log.LOG_NAME] + [f"{app_log.LOG_NAME}.{n}" for n in range(1, app_log.BACKUPS + 1)]
    assert path.stat().st_size <= 20_000 + 200


def test_a_folder_that_cannot_be_written_leaves_logging_to_the_terminal(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    try:
        assert app_log.install("WARNING", folder=blocker / "log", stderr=False) is None
    finally:
        app_log.uninstall()


def test_the_default_folder_is_the_platforms_log_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv("CELERY_DESKTOP_LOG_DIR", raising=False)
    assert str(app_log.log_dir()) == platformdirs.user_log_dir("celery-desktop", appauthor=False)
    monkeypatch.setenv("CELERY_DESKTOP_LOG_DIR", "/somewhere/else")
    assert str(app_log.log_dir()) == "/somewhere/else"
