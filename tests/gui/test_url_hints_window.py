"""The seed-style URL in the real window: the connection bar's hint and its fix; an unknown scheme in the dialog."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import quote

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from desktop.app.host import ConsoleHost
from desktop.core.connection.connection_form import ConnectionForm
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import Reachability
from desktop.core.runtime.demo import RedisServer
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import SettingsStore
from desktop.views.connection_dialog import ConnectionDialog
from tests.support.windows import shots_folder
from tests.unit.store.test_profile_store import MemoryKeyring

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def save_shot(widget: QWidget, folder: Path, name: str) -> Path:
    path = folder / name
    assert widget.grab().save(str(path))
    return path


def every_text(window: QWidget) -> list[str]:
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(widget.text())
    return texts


@pytest.fixture
def requirepass_server():
    server = RedisServer(password="seed/style@pw-" + "q" * 10)
    server.start()
    yield server
    server.stop()


def test_the_bar_offers_to_connect_without_the_user_name_and_the_fix_connects(
    qtbot, qasync_loop, requirepass_server, tmp_path, private_history, caplog
):
    caplog.set_level(logging.DEBUG)
    password = requirepass_server.password
    base = f"redis://auth:{quote(password, safe='')}@127.0.0.1:{requirepass_server.port}"
    profile = ConnectionProfile(name="seed", broker_url=f"{base}/10", backend_url=f"{base}/11")
    profiles = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    assert profiles.save(profile) == ""
    host = ConsoleHost(SettingsStore(tmp_path / "settings.json"), profiles, lambda: None)
    first = host.open(profile)
    first.window.resize(1280, 760)
    first.window.show()  # not given to qtbot: the switch deletes it
    first.session.start()
    bar = first.window.connection_bar
    qtbot.waitUntil(lambda: bar.without_user_button.isVisible(), timeout=20000)
    qtbot.waitUntil(lambda: bar.without_user_roles == ("broker", "backend"), timeout=10000)
    status = bar.rows["broker"][2].text()
    assert "the server has no user &#x27;auth&#x27;" in status or "the server has no user 'auth'" in status
    assert "Connect without the user name?" in status
    folder = shots_folder(tmp_path)
    save_shot(first.window, folder, "seed_url_hint_window.png")
    save_shot(bar, folder, "seed_url_hint_bar.png")
    texts = every_text(first.window)

    qtbot.mouseClick(bar.without_user_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: host.switches == 1, timeout=15000)
    second = host.console
    qtbot.addWidget(second.window)
    assert second.session.profile.name == "seed"
    assert second.session.profile.broker_url == f"redis://:{quote(password, safe='')}@127.0.0.1:{requirepass_server.port}/10"
    qtbot.waitUntil(
        lambda: (
            second.session.endpoints.broker.reachability is Reachability.OK
            and second.session.endpoints.backend.reachability is Reachability.OK
        ),
        timeout=20000,
    )
    second_bar = second.window.connection_bar
    qtbot.waitUntil(lambda: not second_bar.without_user_button.isVisible(), timeout=5000)
    assert f"redis://:***@127.0.0.1:{requirepass_server.port}/10" in second_bar.rows["broker"][1].text()
    save_shot(second.window, folder, "seed_url_fixed_window.png")
    texts += every_text(second.window)
    saved = profiles.get("seed").broker_url  # its password is in the keyring
    assert saved.startswith("redis://auth@")  # the saved profile changes only when the user saves it
    qtbot.waitUntil(lambda: not shiboken6.isValid(first.window), timeout=5000)
    stopping = asyncio.ensure_future(second.session.stop())
    qtbot.waitUntil(stopping.done, timeout=15000)
    second.close()

    logged = [record.getMessage() for record in caplog.records]
    for text in texts + logged:
        assert password not in text and quote(password, safe="") not in text


def test_the_dialog_names_an_unknown_scheme_and_the_scheme_a_typo_meant(qtbot, tmp_path):
    dialog = ConnectionDialog(
        ConnectionForm(name="seed", broker_url="redsi://cache.internal:6379/10", broker_password="secret"), ()
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.adjustSize()  # the message's wrapped lines laid out before the picture
    qtbot.wait(50)
    message = dialog.errors["broker_url"].text()
    assert message.startswith("unknown broker scheme 'redsi': did you mean redis://?")
    assert "secret" not in message and not dialog.ok_button.isEnabled()
    save_shot(dialog, shots_folder(tmp_path), "unknown_scheme_dialog.png")
    dialog.fields["broker_url"].setText("redis://cache.internal:6379/10")
    assert dialog.errors["broker_url"].isHidden() and dialog.ok_button.isEnabled()
