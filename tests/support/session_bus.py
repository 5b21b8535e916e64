"""A private D-Bus session bus for a test, and the stand-in notification server on it.

The bus is a ``dbus-daemon --session`` of its own (a config with no service directories, so that
no notification daemon installed on the machine is started by D-Bus activation behind the test's
back); the server is tests/support/notification_server.py in its own process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.runtime.platform_check import apt_install, can_install
from tests.support.notification_server import CONTROL, PATH, SERVICE
from tests.support.required import require

DEBIAN_PACKAGE = "dbus-daemon"
CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
ROOT = Path(__file__).resolve().parents[2]


def dbus_daemon() -> str:
    """The dbus-daemon binary, installed (as root) when missing, else the test is skipped saying how to get it."""
    found = shutil.which("dbus-daemon")
    if found:
        return found
    if not can_install():
        require("dbus", f"no dbus-daemon; installing it needs root: apt-get install -y {DEBIAN_PACKAGE}")
    if not apt_install([DEBIAN_PACKAGE]) or not shutil.which("dbus-daemon"):
        require("dbus", f"apt-get install {DEBIAN_PACKAGE} failed")
    return shutil.which("dbus-daemon")


@contextmanager
def private_session_bus(folder: Path) -> Iterator[str]:
    """A session bus nobody else uses; yields its address; stopped afterwards."""
    config = folder / "session.conf"
    config.write_text(CONFIG.format(folder=folder))
    daemon = subprocess.Popen(
        [dbus_daemon(), f"--config-file={config}", "--print-address", "--nofork", "--nopidfile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        address = daemon.stdout.readline().strip()
        if not address:
            raise RuntimeError(f"dbus-daemon printed no address (exit code {daemon.poll()})")
        yield address
    finally:
        daemon.terminate()
        daemon.wait(5)


class MockNotifications:
    """The stand-in server's process, and the test's own connection to read its calls and act as the user."""

    def __init__(self, address: str):
        from jeepney.io.blocking import open_dbus_connection

        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.notification_server"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        line = self.process.stdout.readline().strip()
        if line != "ready":
            self.process.kill()
            raise RuntimeError(f"the mock notification server did not start: {line!r}")
        self.connection = open_dbus_connection(address)

    def _control(self, member: str, signature: str | None = None, body: tuple = ()) -> tuple:
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        control = DBusAddress(PATH, bus_name=SERVICE, interface=CONTROL)
        reply = self.connection.send_and_get_reply(new_method_call(control, member, signature, body), timeout=5)
        return unwrap_msg(reply)

    def calls(self) -> list[dict]:
        """Every Notify call so far, with its arguments, oldest first."""
        return json.loads(self._control("Calls")[0])

    def invoke(self, notification_id: int, action: str = "default") -> None:
        """The user clicked: ActionInvoked(id, action)."""
        self._control("Invoke", "us", (notification_id, action))

    def close_notification(self, notification_id: int, reason: int = 2) -> None:
        """The notification went away (2: dismissed by the user): NotificationClosed(id, reason)."""
        self._control("Close", "uu", (notification_id, reason))

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(5)
