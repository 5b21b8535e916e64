"""Switching saved connection profiles without a restart: the window reconnects to the other deployment."""

from __future__ import annotations

import asyncio

import pytest
import shiboken6

from desktop.app.host import ConsoleHost
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import SettingsStore
from tests.unit.store.test_profile_store import MemoryKeyring

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def test_switching_profiles_reconnects_and_keeps_passwords_out_of_every_file(
    qtbot, qasync_loop, demo_worker, inventory_worker, redis_server, tmp_path, private_history
):
    keyring = MemoryKeyring()
    profiles = ProfileStore(tmp_path / "profiles.json", Keyring(keyring))
    alpha = ConnectionProfile(name="alpha", broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url)
    beta = ConnectionProfile(name="beta", broker_url=inventory_worker.broker_url, backend_url=inventory_worker.backend_url)
    assert profiles.save(alpha) == "" and profiles.save(beta) == ""
    quits = []
    host = ConsoleHost(SettingsStore(tmp_path / "settings.json"), profiles, lambda: quits.append(True))
    first = host.open(alpha)
    first.window.show()  # not given to qtbot: the switch deletes it
    first.session.start()
    qtbot.waitUntil(lambda: demo_worker.hostname in first.session.workers, timeout=20000)
    assert [a.text() for a in first.window.connection_menu.actions() if a.isCheckable() and a.isChecked()] == ["alpha"]

    switching = asyncio.ensure_future(host.switch("beta", ask=lambda *_: pytest.fail("the keyring holds the password")))
    qtbot.waitUntil(switching.done, timeout=15000)
    assert switching.result() is True
    second = host.console
    qtbot.addWidget(second.window)
    assert second is not first and second.session.profile.name == "beta" and second.window.isVisible()
    qtbot.waitUntil(lambda: inventory_worker.hostname in second.session.workers, timeout=20000)
    assert demo_worker.hostname not in second.session.workers  # the other deployment now
    qtbot.waitUntil(lambda: not shiboken6.isValid(first.window), timeout=5000)  # the old window went
    assert quits == []  # and the app did not quit
    assert not first.session.running
    stopping = asyncio.ensure_future(second.session.stop())
    qtbot.waitUntil(stopping.done, timeout=5000)
    second.close()

    password = redis_server.password.encode()
    written = [p for folder in (tmp_path, private_history) for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == "profiles.json" for p in written) and any(p.name == "history.sqlite3" for p in written)
    assert [p.name for p in written if password in p.read_bytes()] == []
    assert keyring.entries[("celery-desktop", "beta:broker")] == redis_server.password


def test_a_run_started_read_only_opens_every_switched_to_profile_read_only(
    qtbot, qasync_loop, demo_worker, inventory_worker, tmp_path, private_history
):
    profiles = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    alpha = ConnectionProfile(name="alpha", broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url)
    beta = ConnectionProfile(name="beta", broker_url=inventory_worker.broker_url, backend_url=inventory_worker.backend_url)
    assert profiles.save(alpha) == "" and profiles.save(beta) == ""  # neither saved read-only
    host = ConsoleHost(SettingsStore(tmp_path / "settings.json"), profiles, lambda: None, read_only=True)  # --read-only
    first = host.open(alpha)
    first.window.show()
    first.session.start()
    assert first.session.profile.read_only and "[read-only]" in first.window.windowTitle()

    switching = asyncio.ensure_future(host.switch("beta", ask=lambda *_: pytest.fail("no password asked")))
    qtbot.waitUntil(switching.done, timeout=15000)
    second = host.console
    qtbot.addWidget(second.window)
    assert switching.result() is True and second.session.profile.name == "beta"
    assert second.session.profile.read_only and "[read-only]" in second.window.windowTitle()
    qtbot.waitUntil(lambda: not shiboken6.isValid(first.window), timeout=10000)  # the old console has stopped
    assert not first.session.running
    qtbot.waitUntil(lambda: inventory_worker.hostname in second.session.workers, timeout=20000)  # its first look is in
    sending = asyncio.ensure_future(second.session.send("tasks.add", (1, 2)))
    qtbot.waitUntil(sending.done, timeout=10000)
    assert not sending.result().ok and "read-only" in sending.result().error
    assert not profiles.open("beta", lambda *_: None).read_only  # the saved profile is left as it was
    stopping = asyncio.ensure_future(second.session.stop())
    qtbot.waitUntil(stopping.done, timeout=5000)
    second.close()
