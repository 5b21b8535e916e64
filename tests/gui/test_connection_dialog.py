"""The connection dialog: inline errors, OK only when valid, masked passwords, TLS fields for rediss://; saving switches."""

from __future__ import annotations

import asyncio
import json

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.app.host import ConsoleHost
from desktop.core.connection.connection_form import ConnectionForm
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import SettingsStore
from desktop.views.connection_dialog import ConnectionDialog
from tests.unit.store.test_profile_store import MemoryKeyring

pytestmark = pytest.mark.gui

SECRET = "dialog-s3cret/pw"
UNREACHABLE = "redis://127.0.0.1:1"  # nothing listens there: the console connects and fails at once


def test_errors_show_under_their_fields_and_ok_waits_for_a_valid_form(qtbot, tmp_path):
    dialog = ConnectionDialog(taken_names=["prod"])
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.ok_button
    assert not ok.isEnabled() and dialog.errors["name"].isVisible()
    assert dialog.fields["broker_password"].echoMode() == QLineEdit.EchoMode.Password
    assert dialog.fields["backend_password"].echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.tls_group.isVisible()

    dialog.fields["name"].setText("prod")
    assert dialog.errors["name"].text() == "a connection called 'prod' already exists"
    dialog.fields["name"].setText("staging")
    dialog.fields["broker_url"].setText("redis://h:70000/0")
    dialog.fields["broker_password"].setText(SECRET)
    assert dialog.errors["broker_url"].isVisible() and "port must be 1–65535" in dialog.errors["broker_url"].text()
    assert not dialog.errors["name"].isVisible() and not ok.isEnabled()
    dialog.fields["poll_interval"].setText("0")
    assert "between 0.05 and 3600" in dialog.errors["poll_interval"].text()
    dialog.accept()  # Enter on an invalid form
    assert dialog.isVisible() and dialog.result.profile is None

    dialog.fields["broker_url"].setText("rediss://h:6380/0")
    assert dialog.tls_group.isVisible()
    dialog.fields["tls_ca_file"].setText(str(tmp_path / "missing.pem"))
    assert dialog.errors["tls_ca_file"].text() == f"CA file not found: {str(tmp_path / 'missing.pem')!r}"
    (tmp_path / "ca.pem").write_text("pem")
    dialog.fields["tls_ca_file"].setText(str(tmp_path / "ca.pem"))
    dialog.fields["poll_interval"].setText("1.5")
    assert ok.isEnabled()
    assert not any(label.isVisible() for label in dialog.errors.values())
    for label in dialog.errors.values():
        assert SECRET not in label.text()
    profile = dialog.profile()
    assert (
        profile.broker_url == f"rediss://:dialog-s3cret%2Fpw@h:6380/0?ssl_cert_reqs=CERT_REQUIRED&ssl_ca_certs={tmp_path}/ca.pem"
    )
    assert profile.poll_interval == 1.5
    dialog.fields["broker_url"].setText("redis://h:6380/0")
    assert not dialog.tls_group.isVisible()


def test_an_existing_form_fills_the_dialog(qtbot):
    form = ConnectionForm(
        name="edit", broker_url="redis://h/0", broker_password="pw", app_module="proj", allow_pickle=True, tls_cert_reqs="none"
    )
    dialog = ConnectionDialog(form)
    qtbot.addWidget(dialog)
    assert dialog.form() == form
    assert dialog.ok_button.isEnabled()


def _menu_action(window, text):
    return next(a for a in window.connection_menu.actions() if a.text() == text)


def _close(qtbot, console):
    stopping = asyncio.ensure_future(console.session.stop())
    qtbot.waitUntil(stopping.done, timeout=5000)
    console.close()


def test_new_connection_is_saved_with_its_password_in_the_keyring_and_opened(qtbot, qasync_loop, tmp_path):
    keyring = MemoryKeyring()
    profiles = ProfileStore(tmp_path / "profiles.json", Keyring(keyring))
    host = ConsoleHost(SettingsStore(tmp_path / "settings.json"), profiles, lambda: None)
    first = host.open(ConnectionProfile(broker_url=f"{UNREACHABLE}/0", backend_url=f"{UNREACHABLE}/1"))
    first.window.show()  # not given to qtbot: the switch deletes it
    first.session.start()

    _menu_action(first.window, "New connection…").trigger()
    dialog = host.connection_dialog
    assert dialog.isVisible() and dialog.form() == ConnectionForm()
    qtbot.keyClicks(dialog.fields["name"], "staging")
    qtbot.keyClicks(dialog.fields["broker_url"], f"{UNREACHABLE}/5")
    qtbot.keyClicks(dialog.fields["broker_password"], SECRET)
    qtbot.keyClicks(dialog.fields["backend_url"], f"{UNREACHABLE}/6")
    qtbot.keyClicks(dialog.fields["poll_interval"], "2")
    dialog.fields["allow_pickle"].setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert profiles.names() == ["staging"]
    saved = profiles.get("staging")
    assert (saved.broker_url, saved.backend_url, saved.poll_interval, saved.allow_pickle) == (
        f"{UNREACHABLE}/5",
        f"{UNREACHABLE}/6",
        2.0,
        True,
    )
    assert keyring.entries[("celery-desktop", "staging:broker")] == "dialog-s3cret%2Fpw"
    assert SECRET not in (tmp_path / "profiles.json").read_text()
    assert json.loads((tmp_path / "profiles.json").read_text())["profiles"][0]["broker_has_password"] is True
    qtbot.waitUntil(host.switching.done, timeout=10000)
    assert host.switching.result() is True
    second = host.console  # not given to qtbot either: the rename below switches again and deletes it
    assert second.session.profile.name == "staging" and second.session.profile.broker_url == (
        "redis://:dialog-s3cret%2Fpw@127.0.0.1:1/5"
    )
    qtbot.waitUntil(lambda: not shiboken6.isValid(first.window), timeout=5000)

    # Edit: the dialog opens with the connection, the password in its own field; a new name renames it
    _menu_action(second.window, "Edit this connection…").trigger()
    dialog = host.connection_dialog
    form = dialog.form()
    assert (form.name, form.broker_url, form.broker_password, form.poll_interval) == (
        "staging",
        f"{UNREACHABLE}/5",
        SECRET,
        "2.0",
    )
    assert dialog.ok_button.isEnabled()
    dialog.fields["name"].setText("staging-eu")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert profiles.names() == ["staging-eu"]
    assert ("celery-desktop", "staging:broker") not in keyring.entries
    qtbot.waitUntil(host.switching.done, timeout=10000)
    assert host.switching.result() is True and host.console.session.profile.name == "staging-eu"
    qtbot.addWidget(host.console.window)
    _close(qtbot, host.console)


def test_save_this_connection_as_works_from_the_menu(qtbot, qasync_loop, tmp_path, monkeypatch):
    """The menu handed Qt a bare signal as the slot; triggering the entry raised "signal is not callable" and saved nothing."""

    profiles = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    host = ConsoleHost(SettingsStore(tmp_path / "settings.json"), profiles, lambda: None)
    console = host.open(ConnectionProfile(broker_url=f"redis://:{SECRET}@127.0.0.1:1/0"))
    qtbot.addWidget(console.window)
    monkeypatch.setattr("desktop.views.text.ask_text", lambda *a, **k: ("kept", True))  # Save connection asks through it
    with qtbot.captureExceptions() as exceptions:
        _menu_action(console.window, "Save this connection as…").trigger()
    assert exceptions == []
    assert profiles.names() == ["kept"] and profiles.get("kept").broker_has_password
    assert [a.text() for a in console.window.connection_menu.actions()][:1] == ["kept"]
    console.close()


def test_options_of_a_transport_appear_only_for_it(qtbot):
    dialog = ConnectionDialog(ConnectionForm(name="p", broker_url="redis://h:6379/0"))
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.main_form
    visible = lambda name: form.isRowVisible(dialog.cells[name])  # noqa: E731
    assert dialog.kind.text() == "Broker: Redis"
    assert not visible("sentinel_master") and not visible("management_url") and not visible("management_password")
    dialog.fields["broker_url"].setText("amqp://guest@rabbit:5672//")
    assert dialog.kind.text() == "Broker: RabbitMQ (AMQP)"
    assert visible("management_url") and visible("management_password") and not visible("sentinel_master")
    dialog.fields["management_url"].setText("http://admin@rabbit:15672/")
    dialog.fields["management_password"].setText("m4nage")
    assert dialog.profile().management_url == "http://admin:m4nage@rabbit:15672/"
    dialog.fields["broker_url"].setText("sentinel://s1:26379;sentinel://s2:26379")
    assert visible("sentinel_master") and not visible("management_url")
    assert not dialog.ok_button.isEnabled() and "master_name" in dialog.errors["sentinel_master"].text()
    assert visible("sentinel_password")
    dialog.fields["sentinel_master"].setText("mymaster")
    dialog.fields["sentinel_password"].setText("sentin3l")
    profile = dialog.profile()
    assert profile.sentinel_master == "mymaster" and profile.management_url is None
    assert profile.sentinel_password == "sentin3l"
