"""The connection's password never reaches the screen or a file the console writes.

Two runs against a real redis-server whose password is distinctive:
- in this process, the window driven the way a user drives it (tasks that succeed and fail,
  an error with the URL in it, an unexpected exception, a saved profile, exports, settings,
  every tab grabbed to PNG), then every widget's text and every view's cells are read, and
  every file under the console's config, data and log folders is grepped;
- the real program as a subprocess (``python -m desktop``, --screenshot and --dump, log level
  DEBUG) with HOME and the XDG folders in a temp dir, killed with SIGSEGV at the end so that
  it writes a crash report: every file it wrote there, and its stdout/stderr, are grepped.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from desktop.app.host import ConsoleHost
from desktop.app.run import install_error_handlers
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.runtime import app_log
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import SettingsStore
from tests.conftest import TESTS_DIR
from tests.unit.store.test_profile_store import MemoryKeyring

pytestmark = [pytest.mark.gui, pytest.mark.integration]

PASSWORD = "Zq7-s3cret;pw@#/x"  # URL-special characters: it must be found however it is spelled


@pytest.fixture(scope="module")
def guarded_cluster(module_cluster_on):
    """A private Redis on PASSWORD (its URLs spell it quoted, as a user writes it) and one worker."""
    cluster = module_cluster_on("desktop.tasks", "secrets", password=PASSWORD, hostname="secrets@127.0.0.1", concurrency=1)
    return cluster.broker_url, cluster.backend_url


def spellings() -> list[bytes]:
    return [s.encode() for s in {PASSWORD, quote(PASSWORD, safe=""), quote(PASSWORD)}]


def files_holding_the_password(*folders: Path) -> tuple[list[Path], list[str]]:
    written = sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())
    leaks = [str(p) for p in written if any(s in p.read_bytes() for s in spellings())]
    return written, leaks


def window_text(window: QWidget) -> str:
    """Everything the window shows as text: labels, fields, titles, tooltips, and every cell of every view."""
    parts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        parts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QLineEdit)):
            parts.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 500)):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    parts += [str(model.data(index)), str(model.data(index, 3))]  # display and tooltip
    return "\n".join(p for p in parts if p)


def test_the_password_is_nowhere_in_the_window_or_its_files(qtbot, qasync_loop, guarded_cluster, tmp_path, private_history):
    broker, backend = guarded_cluster
    config, logs, exports = tmp_path / "config", tmp_path / "log", tmp_path / "exports"
    for folder in (config, logs, exports):
        folder.mkdir()
    app_log.install("DEBUG", folder=logs, stderr=False)  # the most a log ever holds
    keyring = MemoryKeyring()
    profiles = ProfileStore(config / "profiles.json", Keyring(keyring))
    settings = SettingsStore(config / "settings.json")
    host = ConsoleHost(settings, profiles, lambda: None)
    profile = ConnectionProfile(name="prod", broker_url=broker, backend_url=backend)
    console = host.open(profile)
    session, window = console.session, console.window
    qtbot.addWidget(window)
    window.show()
    session.start()
    install_error_handlers(qasync_loop, lambda: session)
    try:
        qtbot.waitUntil(lambda: len(session.online_workers) == 1, timeout=20000)
        assert profiles.save(profile) == ""
        settings.save(settings.settings)

        async def work():
            good = await session.send_call(CallSpec("tasks.add", args=(2, 3)))
            bad = await session.send_call(CallSpec("tasks.always_fails"))
            return good.value[0].task_id, bad.value[0].task_id

        job = asyncio.ensure_future(work())
        qtbot.waitUntil(job.done, timeout=20000)
        good, bad = job.result()
        qtbot.waitUntil(lambda: session.tasks[good].state == "SUCCESS" and session.tasks[bad].state == "FAILURE", timeout=20000)
        # Errors that carry the URL or the bare password: the panel and the log get them masked.
        session.report_error(f"could not reach {broker}", details=f"Traceback …\nConnectionError: AUTH {PASSWORD} refused")

        async def broken():
            raise RuntimeError(f"unexpected, while using {backend} (password {PASSWORD})")

        asyncio.ensure_future(broken())
        qtbot.waitUntil(lambda: "unexpected, while using" in window.error_panel.text.toPlainText(), timeout=5000)
        for name in ("rows.csv", "rows.json"):
            exporting = asyncio.ensure_future(session.export([good, bad], exports / name))
            qtbot.waitUntil(exporting.done, timeout=10000)
            assert exporting.result().ok
        (exports / "dump.json").write_text(session.dump_json())
        (exports / "error-report.txt").write_text(session.error_report())
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            qtbot.wait(200)
            window.grab().save(str(exports / f"tab-{i}.png"))
        shown = window_text(window)
    finally:
        import sys as _sys

        _sys.excepthook = _sys.__excepthook__
        qasync_loop.set_exception_handler(None)
        stopping = asyncio.ensure_future(session.stop())
        qtbot.waitUntil(stopping.done, timeout=10000)
        console.close()
        app_log.uninstall()

    assert "tasks.always_fails" in shown and "could not reach" in shown  # the text read is the window's
    for spelling in spellings():
        assert spelling.decode() not in shown
    written, leaks = files_holding_the_password(config, logs, exports, private_history)
    names = {p.name for p in written}
    assert {"profiles.json", "settings.json", "celery-desktop.log", "history.sqlite3", "rows.csv", "rows.json"} <= names
    assert (logs / "celery-desktop.log").stat().st_size > 1000
    assert leaks == []
    assert keyring.entries[("celery-desktop", "prod:broker")]  # the password went to the keyring, not a file


def test_the_real_program_writes_the_password_nowhere_even_when_it_crashes(guarded_cluster, tmp_path):
    broker, backend = guarded_cluster
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(TESTS_DIR.parent),
    }
    shot, dump = home / "shot.png", home / "dump.json"
    command = [sys.executable, "-m", "desktop", "--broker", broker, "--backend", backend, "--log-level", "DEBUG",
               "--screenshot", str(shot), "--dump", str(dump), "--quit-after", "20"]  # fmt: skip
    proc = subprocess.run(command, env=env, cwd=home, capture_output=True, timeout=90)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    assert shot.stat().st_size > 10_000 and b"secrets@127.0.0.1" in dump.read_bytes()  # it saw the worker

    # A second run, killed with SIGSEGV once its window is up: faulthandler writes the crash report.
    log_file = home / ".local/state/celery-desktop/log/celery-desktop.log"
    shown_before = log_file.read_bytes().count(b"window shown")  # the first run's lines are there already
    online_before = log_file.read_bytes().count(b"worker secrets@127.0.0.1 online")

    def connected_and_working() -> bool:
        text = log_file.read_bytes()
        return text.count(b"window shown") > shown_before and text.count(b"worker secrets@127.0.0.1 online") > online_before

    crashing = subprocess.Popen(
        [*command[:9], "--quit-after", "60"], env=env, cwd=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not connected_and_working():
        time.sleep(0.2)
    assert connected_and_working(), "the second run never showed its window and the worker"  # then it dies
    crashing.send_signal(signal.SIGSEGV)
    out, err = crashing.communicate(timeout=30)
    assert crashing.returncode == -signal.SIGSEGV
    crash = home / ".local/state/celery-desktop/log/crash.log"
    assert b"Segmentation fault" in crash.read_bytes()

    written, leaks = files_holding_the_password(home)
    assert log_file in written and crash in written
    assert leaks == []
    for stream in (proc.stdout, proc.stderr, out, err):
        assert not any(s in stream for s in spellings())
