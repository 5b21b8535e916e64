"""The demo in a real X window (Xvfb), through Qt's xcb plugin, closed by SIGTERM as on logout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.runtime.platform_check import missing_libraries
from tests.support.processes import descendants, live, wait_until
from tests.support.required import require

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.xvfb, pytest.mark.integration]


@pytest.fixture
def x_display():
    if not shutil.which("Xvfb"):
        require("xvfb", "Xvfb is not installed (make test installs it when it can: apt-get install xvfb)")
    if missing_libraries("xcb"):
        require("xvfb", f"Qt's xcb plugin lacks {missing_libraries('xcb')} (make test installs them when it can)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=[write],
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(10)


def test_demo_opens_a_real_window_and_sigterm_cleans_up(x_display, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_REDIS_", "QT_QPA", "WAYLAND"))}
    env["DISPLAY"] = x_display
    log = tmp_path / "app.log"
    started = time.monotonic()
    with open(log, "w") as stderr:
        app = subprocess.Popen(
            [sys.executable, "-m", "desktop", "--demo", "--log-level", "INFO"], env=env, cwd=ROOT, stderr=stderr
        )
    try:
        assert wait_until(lambda: "window shown" in log.read_text() or app.poll() is not None, 30), log.read_text()
        assert "(xcb)" in log.read_text(), log.read_text()
        print(f"first window after {time.monotonic() - started:.2f} s under Xvfb")
        assert wait_until(lambda: "worker demo@" in log.read_text(), 60), log.read_text()
        children = descendants(app.pid)
        app.send_signal(signal.SIGTERM)
        assert app.wait(30) == 128 + signal.SIGTERM
        assert wait_until(lambda: not any(live(p) for p in children), 20)
        assert "Traceback" not in Path(log).read_text()
    finally:
        if app.poll() is None:
            app.kill()
