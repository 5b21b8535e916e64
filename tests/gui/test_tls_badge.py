"""The connection bar says when TLS does not verify the server: a badge beside the URL, for as long as it is so."""

from __future__ import annotations

import pytest

from desktop.core.connection.profiles import ConnectionProfile

pytestmark = pytest.mark.gui


def test_a_connection_without_certificate_checks_wears_a_badge(open_console):
    console = open_console(
        ConnectionProfile(
            name="lax",
            broker_url="rediss://:pw@127.0.0.1:1/0?ssl_cert_reqs=none",
            backend_url="redis://:pw@127.0.0.1:1/1",
        )
    )
    bar = console.window.connection_bar
    broker_url, backend_url = bar.rows["broker"][1], bar.rows["backend"][1]
    assert "TLS not verified" in broker_url.text() and "TLS not verified" not in backend_url.text()
    assert "certificate" in broker_url.toolTip()
    bar.update_status()  # every refresh keeps it
    assert "TLS not verified" in broker_url.text()


def test_a_verified_connection_has_no_badge(open_console):
    console = open_console(
        ConnectionProfile(name="strict", broker_url="rediss://127.0.0.1:1/0", backend_url="rediss://127.0.0.1:1/1")
    )
    bar = console.window.connection_bar
    assert all("TLS" not in bar.rows[role][1].text() for role in ("broker", "backend"))
