"""Watched tasks notify through the desktop's notification service (org.freedesktop.Notifications) on a
private session bus, read back from a stand-in server; a click opens the task; without the service the
tray or toasts tell instead."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from desktop.app.console import acknowledge_failures, connect_notifications
from desktop.app.run import open_task, show_window
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.watch import Notification
from desktop.core.store.settings import SettingsStore
from desktop.views.desktop_notifications import APP_NAME, DesktopNotifications, on_session_bus, session_bus_address
from desktop.views.notifier import Notifier
from tests.support.session_bus import MockNotifications, private_session_bus
from tests.support.windows import shots_folder

pytestmark = pytest.mark.gui

NOWHERE = ConnectionProfile(broker_url="redis://127.0.0.1:1/0")  # nothing answers: rows come from the test
HOSTILE_SKU = '<a href="https://evil.example/">click</a> & <b>more</b>'


@pytest.fixture
def session_bus(tmp_path, monkeypatch):
    with private_session_bus(tmp_path) as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


@pytest.fixture
def mock_server(session_bus):
    server = MockNotifications(session_bus)
    yield server
    server.stop()


@pytest.fixture
def notifying(open_console, tmp_path):
    """A window with notifications wired as the app wires them, the notifier asking this session's bus."""
    made = []

    def make(profile: ConnectionProfile = NOWHERE, tray: bool = False):
        console = open_console(profile)
        store = SettingsStore(tmp_path / f"settings-{len(made)}.json")
        notifier = Notifier(console.window.windowIcon(), tray_available=tray, desktop=on_session_bus())
        notifier.openTaskRequested.connect(lambda task_id: open_task(console, task_id))
        notifier.showWindowRequested.connect(lambda: show_window(console.window))
        notifier.acknowledged.connect(lambda: acknowledge_failures(console, notifier))
        connect_notifications(console, notifier, store)
        made.append(notifier)
        return console, notifier

    yield make
    for notifier in made:
        notifier.close()
        notifier.deleteLater()


def run(qtbot, coroutine, timeout: int = 10000):
    future = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(future.done, timeout=timeout)
    return future.result()


def save_calls(calls: list[dict], name: str) -> None:
    """The D-Bus calls read, beside the pictures when they are kept (CELERY_DESKTOP_SHOTS) for a person to look at."""
    folder = os.environ.get("CELERY_DESKTOP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_text(json.dumps(calls, indent=2, ensure_ascii=False))


def test_a_real_task_ending_is_one_notify_call_and_its_click_opens_the_task(qtbot, notifying, mock_server, demo_worker, tmp_path):
    profile = ConnectionProfile(broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, broker_source="test")
    console, notifier = notifying(profile)
    session, results = console.session, console.window.results_view
    qtbot.waitUntil(lambda: notifier.channel == "desktop", timeout=5000)
    assert "mock-notifications" in notifier.desktop.server and "body-markup" in notifier.desktop.capabilities

    results.watch_sent_action.trigger()  # watch everything I send
    failing = run(qtbot, session.send("tasks.always_fails", [HOSTILE_SKU, 2])).value[0].task_id
    qtbot.waitUntil(lambda: len(mock_server.calls()) == 1, timeout=20000)
    added = run(qtbot, session.send("tasks.add", [2, 3])).value[0].task_id
    qtbot.waitUntil(lambda: len(mock_server.calls()) == 2, timeout=20000)
    calls = mock_server.calls()
    save_calls(calls, "calls.json")
    failed, finished = calls

    assert failed["signature"] == "susssasa{sv}i"  # replaces_id a uint32, as GDBus servers insist
    assert failed["app_name"] == APP_NAME == "Celery Desktop"
    assert failed["app_icon"].startswith("file://") and failed["app_icon"].endswith("/icons/celery-desktop.svg")
    assert Path(failed["app_icon"].removeprefix("file://")).is_file()
    assert failed["hints"]["desktop-entry"] == "celery-desktop"
    assert failed["actions"] == ["default", "Open"] and failed["replaces_id"] == 0
    assert failed["summary"] == "tasks.always_fails failed"
    escaped = '&lt;a href="https://evil.example/"&gt;click&lt;/a&gt; &amp; &lt;b&gt;more&lt;/b&gt;'
    assert failed["body"] == f"InventoryError: cannot reserve 2 x {escaped}: only 0 left in stock"
    assert "<" not in failed["body"] and ">" not in failed["body"]
    assert (finished["summary"], finished["body"].split(" · ")[0]) == ("tasks.add finished", "result 5")
    qtbot.waitUntil(lambda: notifier.desktop.ids == {failing: failed["id"], added: finished["id"]}, timeout=3000)
    assert notifier.toasts == []

    results.select(added)
    with qtbot.waitSignal(notifier.openTaskRequested, timeout=5000) as opened:
        mock_server.invoke(failed["id"], "default")  # the user clicks the failure's notification
    assert opened.args == [failing] and results.current_record().id == failing
    shot = console.window.grab()
    shot.save(str(shots_folder(tmp_path) / "notify-click-opened.png"))

    notifier.notify([Notification("tasks.add finished", "result 5 again", added, failed=False)])
    qtbot.waitUntil(lambda: len(mock_server.calls()) == 3, timeout=5000)
    again = mock_server.calls()[-1]
    assert again["replaces_id"] == finished["id"] == again["id"]  # the same task: the same notification, replaced
    save_calls(mock_server.calls(), "calls.json")

    mock_server.close_notification(finished["id"])  # dismissed: the next one for this task is a new one
    qtbot.waitUntil(lambda: added not in notifier.desktop.ids, timeout=20000)  # the signal crosses two processes
    with qtbot.assertNotEmitted(notifier.openTaskRequested, wait=300):
        mock_server.invoke(finished["id"], "default")  # a closed notification's id opens nothing


def test_a_burst_of_fifty_endings_is_one_notification(qtbot, notifying, mock_server):
    console, notifier = notifying()
    session = console.session
    assert notifier.channel == "waiting"  # the bus is being asked: what comes meanwhile is held, not lost
    notifier.notify([Notification("tasks.early finished", "told while asking", "early", failed=False)])
    qtbot.waitUntil(lambda: notifier.channel == "desktop", timeout=5000)
    qtbot.waitUntil(lambda: len(mock_server.calls()) == 1, timeout=5000)
    assert mock_server.calls()[0]["summary"] == "tasks.early finished"

    ids = [f"t{i}" for i in range(50)]
    session.track_ids(" ".join(ids))
    session.watch_rows(ids)
    session.apply_results(
        [TaskRecord(id=i, name="tasks.add", state="FAILURE" if i in ("t3", "t9") else "SUCCESS", mine=True) for i in ids]
    )
    qtbot.waitUntil(lambda: len(mock_server.calls()) == 2, timeout=5000)
    qtbot.wait(300)
    calls = mock_server.calls()
    save_calls(calls, "burst-calls.json")
    assert len(calls) == 2 and calls[1]["summary"] == "50 watched tasks finished (2 failed)"
    assert notifier.toasts == []
    with qtbot.waitSignal(notifier.openTaskRequested, timeout=5000) as opened:
        mock_server.invoke(calls[1]["id"])
    assert opened.args == ["t3"]  # the summary opens the first failure


@pytest.mark.parametrize("tray", [False, True], ids=["toasts", "tray"])
def test_without_a_notification_service_the_tray_or_toasts_tell(qtbot, notifying, session_bus, tray):
    console, notifier = notifying(tray=tray)  # a session bus, but nobody owns org.freedesktop.Notifications
    qtbot.waitUntil(lambda: notifier.channel != "waiting", timeout=5000)
    assert notifier.desktop.available is False
    assert notifier.channel == ("tray" if tray else "toasts")
    session = console.session
    session.track("a", "tasks.add")
    session.watch_rows(["a"])
    session.apply_results([TaskRecord(id="a", name="tasks.add", state="SUCCESS", result="4", mine=True)])
    if tray:
        qtbot.waitUntil(lambda: notifier.last_message is not None, timeout=3000)
        assert notifier.last_message.title == "tasks.add finished" and notifier.toasts == []
    else:
        qtbot.waitUntil(lambda: len(notifier.toasts) == 1, timeout=3000)
        assert notifier.toasts[0].title.text() == "tasks.add finished"


def test_a_service_that_goes_away_hands_over_to_toasts(qtbot, notifying, mock_server):
    console, notifier = notifying()
    qtbot.waitUntil(lambda: notifier.channel == "desktop", timeout=5000)
    mock_server.stop()
    notifier.notify([Notification("tasks.add finished", "result 4", "a", failed=False)])
    qtbot.waitUntil(lambda: len(notifier.toasts) == 1, timeout=10000)  # this one, and the next ones
    assert notifier.channel == "toasts" and notifier.toasts[0].title.text() == "tasks.add finished"


def test_no_session_bus_means_no_client(monkeypatch, tmp_path):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no "bus" socket in it
    assert session_bus_address() is None and on_session_bus() is None
    assert session_bus_address({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/x"}) == "unix:path=/run/x"


def test_the_body_is_escaped_even_for_a_server_that_does_not_announce_markup(qapp):
    client = DesktopNotifications("unix:path=/nowhere", icon="celery-desktop")
    note = Notification("tasks.<i>x</i> failed", "ValueError: <b>&</b>", "id", failed=True)
    client.capabilities = ["body", "body-markup"]
    app, replaces, icon, summary, body, actions, hints, expire = client.notify_arguments(note)
    assert (app, replaces, icon, actions, expire) == ("Celery Desktop", 0, "celery-desktop", ["default", "Open"], -1)
    assert summary == "tasks.<i>x</i> failed"  # the spec's summary is plain text: shown as it comes
    assert body == "ValueError: &lt;b&gt;&amp;&lt;/b&gt;"
    assert hints == {"desktop-entry": ("s", "celery-desktop"), "urgency": ("y", 1)}
    client.capabilities = ["body", "body-hyperlinks"]  # dunst's: it reads tags all the same (markup = full)
    assert client.notify_arguments(note)[4] == "ValueError: &lt;b&gt;&amp;&lt;/b&gt;"
    client.deleteLater()
