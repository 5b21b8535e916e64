"""Switching to a saved rediss:// profile whose TLS files cannot be used: a message, the current window stays."""

from __future__ import annotations

import asyncio

import pytest

from desktop.app.host import ConsoleHost
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import SettingsStore
from tests.unit.store.test_profile_store import MemoryKeyring

pytestmark = pytest.mark.gui


def test_a_profile_with_a_missing_ca_file_is_not_opened_and_says_why(qtbot, qasync_loop, tmp_path):
    profiles = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    missing = tmp_path / "gone" / "ca.pem"
    url = f"rediss://:tls-secret@127.0.0.1:1/0?ssl_cert_reqs=required&ssl_ca_certs={missing}"
    assert profiles.save(ConnectionProfile(name="secure", broker_url=url, backend_url=url.replace("/0?", "/1?"))) == ""
    host = ConsoleHost(SettingsStore(tmp_path / "settings.json"), profiles, lambda: None)
    first = host.open(ConnectionProfile(name="here", broker_url="redis://127.0.0.1:1/0", backend_url="redis://127.0.0.1:1/1"))
    qtbot.addWidget(first.window)

    switching = asyncio.ensure_future(host.switch("secure", ask=lambda *_: pytest.fail("the keyring holds the password")))
    qtbot.waitUntil(switching.done, timeout=5000)
    assert switching.result() is False
    assert host.console is first
    assert first.session.errors[-1].endswith(f"profile secure: broker URL: CA file not found: {missing} (ssl_ca_certs)")
    assert "tls-secret" not in "\n".join(first.session.errors)
    first.close()
