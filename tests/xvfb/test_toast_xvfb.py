"""A watched task's toast in a real X window (Xvfb, Qt's xcb plugin): a bare X server has no tray, so the toast shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.xvfb.test_real_window import ROOT, x_display  # noqa: F401 - the fixture

pytestmark = [pytest.mark.xvfb, pytest.mark.gui]

SCRIPT = """
import json, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import TaskRecord
from desktop.core.store.settings import SettingsStore
from desktop.app.console import build_console, connect_notifications
from desktop.views.notifier import Notifier
console = build_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0"), history=False)
notifier = Notifier(app.windowIcon())
connect_notifications(console, notifier, SettingsStore(__import__("pathlib").Path(sys.argv[1])))
console.window.show()
console.session.track("a", "tasks.add")
console.session.watch_rows(["a"])
console.session.apply_results([TaskRecord(id="a", name="tasks.add", state="SUCCESS", result="4", mine=True)])
deadline = time.monotonic() + 5
while not notifier.toasts and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.02)
toast = notifier.toasts[0] if notifier.toasts else None
shot = console.window.grab()
print(json.dumps({
    "platform": app.platformName(),
    "tray": notifier.tray is not None,
    "toast": toast.title.text() if toast else None,
    "visible": bool(toast and toast.isVisible()),
    "inside": bool(toast and console.window.rect().contains(toast.geometry())),
    "saved": shot.save(sys.argv[2]),
}))
console.close()
"""


def test_a_toast_shows_in_a_real_x_window(x_display, tmp_path):  # noqa: F811 - the fixture
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_QPA", "WAYLAND"))}
    env["DISPLAY"] = x_display
    env["QT_QPA_PLATFORM"] = "xcb"
    shot = tmp_path / "toast.png"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "settings.json"), str(shot)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "platform": "xcb",
        "tray": False,
        "toast": "tasks.add finished",
        "visible": True,
        "inside": True,
        "saved": True,
    }
    assert shot.stat().st_size > 10_000
