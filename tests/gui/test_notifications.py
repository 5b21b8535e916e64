"""Watched tasks notify (a toast offscreen, the tray's bubble where there is a tray), a click opens the task;
the tray counts running and newly failed tasks; closing the window keeps the app in the tray only when asked."""

from __future__ import annotations

import asyncio

import pytest
import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop.app.console import acknowledge_failures, connect_notifications
from desktop.app.host import ConsoleHost
from desktop.app.run import open_task, show_window
from desktop.core.cluster.client import Reply
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import Settings, SettingsStore
from desktop.paths import resource_path
from desktop.views.notifier import MARGIN, Notifier
from tests.unit.store.test_profile_store import MemoryKeyring

pytestmark = pytest.mark.gui

NOWHERE = ConnectionProfile(broker_url="redis://127.0.0.1:1/0")  # nothing answers: rows come from the test


@pytest.fixture
def notifying(open_console, tmp_path):
    """A window with notifications wired as the app wires them; ``tray`` says whether the desktop has one."""
    made = []

    def make(tray: bool = False, **settings):
        console = open_console(NOWHERE)
        store = SettingsStore(tmp_path / f"settings-{len(made)}.json")
        if settings:
            store.save(Settings(**settings))
        notifier = Notifier(console.window.windowIcon(), tray_available=tray)
        notifier.openTaskRequested.connect(lambda task_id: open_task(console, task_id))
        notifier.showWindowRequested.connect(lambda: show_window(console.window))
        notifier.acknowledged.connect(lambda: acknowledge_failures(console, notifier))
        connect_notifications(console, notifier, store)
        made.append(notifier)
        return console, notifier, store

    yield make
    for notifier in made:
        notifier.close()
        notifier.deleteLater()


def end(session, task_id: str, state: str = "SUCCESS", **known) -> None:
    """The backend's answer for one of my tasks."""
    session.apply_results([TaskRecord(id=task_id, name=known.pop("name", "tasks.add"), state=state, mine=True, **known)])


def watch(qtbot, results, *ids: str) -> None:
    qtbot.waitUntil(lambda: all(results.rows.row_of(i) >= 0 for i in ids), timeout=2000)
    results.table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for task_id in ids:
        results.table.selectionModel().select(results.rows.index(results.rows.row_of(task_id), 0), flags)
    results.watch_button.click()


def shows_bell(results, task_id: str) -> bool:
    option = QStyleOptionViewItem()
    index = results.rows.index(results.rows.row_of(task_id), results.name_column)
    results.table.itemDelegateForColumn(results.name_column).initStyleOption(option, index)
    return bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration)


def test_a_watched_task_ending_shows_a_toast_and_clicking_it_opens_the_task(qtbot, notifying):
    console, notifier, _ = notifying()
    session, window, results = console.session, console.window, console.window.results_view
    session.track("a", "tasks.add")
    session.track("b", "tasks.mul")
    watch(qtbot, results, "a")
    assert session.watch.is_watched("a") and not session.watch.is_watched("b")
    assert shows_bell(results, "a") and not shows_bell(results, "b")

    end(session, "a", result="4")
    qtbot.waitUntil(lambda: len(notifier.toasts) == 1, timeout=2000)
    toast = notifier.toasts[0]
    assert toast.isVisible() and toast.title.text() == "tasks.add finished" and toast.body.text() == "result 4"
    assert toast.geometry().right() == window.width() - MARGIN - 1  # the bottom-right corner
    assert window.rect().contains(toast.geometry())

    results.select("b")
    with qtbot.waitSignal(notifier.openTaskRequested, timeout=1000) as opened:
        qtbot.mouseClick(toast, Qt.MouseButton.LeftButton)
    assert opened.args == ["a"] and results.current_record().id == "a"
    qtbot.waitUntil(lambda: not notifier.toasts, timeout=1000)

    end(session, "a", result="4", worker="w1")  # the same row changing again: told once already
    qtbot.waitUntil(lambda: console.bridge.tasks.record(console.bridge.tasks.index_of("a")).worker == "w1", timeout=2000)
    assert notifier.toasts == []


def test_unwatched_tasks_do_not_notify_and_stop_watching_works(qtbot, notifying):
    console, notifier, _ = notifying()
    session, results = console.session, console.window.results_view
    session.track("quiet", "tasks.add")
    session.track("dropped", "tasks.add")
    watch(qtbot, results, "dropped")
    results.watch_button.click()  # all of the selection watched: the button stops watching it
    assert not session.watch.is_watched("dropped") and not shows_bell(results, "dropped")
    end(session, "quiet")
    end(session, "dropped", "FAILURE", result="ValueError: x")
    tasks = console.bridge.tasks
    qtbot.waitUntil(lambda: tasks.record(tasks.index_of("dropped")).state == "FAILURE", timeout=2000)
    assert notifier.toasts == []


def test_watch_everything_i_send_is_saved_and_watches_each_sent_task(qtbot, notifying):
    console, notifier, store = notifying()
    session, results = console.session, console.window.results_view
    assert not results.watch_sent_action.isChecked()  # off by default

    async def sent(spec: CallSpec, count: int = 1) -> Reply[list[CallSpec]]:
        return Reply(value=[spec.with_ids() for _ in range(count)])

    session.client.send_call = sent  # no broker needed: the call "went out"
    before = asyncio.ensure_future(session.send("tasks.add", [1, 1]))
    qtbot.waitUntil(before.done, timeout=2000)
    results.watch_sent_action.trigger()
    assert session.watch.watch_sent and results.watch_button.text() == "Watching all I send"
    assert SettingsStore(store.path).settings.watch_sent  # kept for the next start
    after = asyncio.ensure_future(session.send("tasks.add", [2, 2]))
    qtbot.waitUntil(after.done, timeout=2000)
    old_id, new_id = before.result().value[0].task_id, after.result().value[0].task_id
    assert session.watch.is_watched(new_id) and not session.watch.is_watched(old_id)  # from now on, not before

    end(session, old_id, result="2")
    end(session, new_id, "FAILURE", result="TypeError: unsupported operand")
    qtbot.waitUntil(lambda: len(notifier.toasts) == 1, timeout=2000)
    toast = notifier.toasts[0]
    assert toast.title.text() == "tasks.add failed" and toast.body.text() == "TypeError: unsupported operand"

    second, _, _ = notifying(watch_sent=True)  # the saved choice applies to the next window
    assert second.session.watch.watch_sent and second.window.results_view.watch_sent_action.isChecked()


def test_a_burst_of_endings_is_one_toast_and_at_most_three_stack(qtbot, notifying):
    console, notifier, _ = notifying()
    session, results = console.session, console.window.results_view
    ids = [f"t{i}" for i in range(50)]
    session.track_ids(" ".join(ids))
    watch(qtbot, results, *ids)
    session.apply_results(
        [TaskRecord(id=i, name="tasks.add", state="FAILURE" if i in ("t3", "t9") else "SUCCESS", mine=True) for i in ids]
    )
    qtbot.waitUntil(lambda: len(notifier.toasts) == 1, timeout=2000)
    assert notifier.toasts[0].title.text() == "50 watched tasks finished (2 failed)"
    assert notifier.toasts[0].note.task_id == "t3"  # it opens the first failure

    for note in [notifier.toasts[0].note] * 4:
        notifier.show_toast(note)
    assert len(notifier.toasts) == 3
    tops = [t.geometry().top() for t in notifier.toasts]
    assert tops == sorted(tops) and len(set(tops)) == 3  # stacked upwards, newest at the bottom, none overlapping
    assert all(a.geometry().bottom() < b.geometry().top() for a, b in zip(notifier.toasts, notifier.toasts[1:], strict=False))


def test_with_a_tray_the_bubble_opens_the_task_and_the_icon_counts_new_failures(qtbot, notifying):
    console, notifier, _ = notifying(tray=True)
    session, results = console.session, console.window.results_view
    assert notifier.tray is not None and [a.text() for a in notifier.menu.actions()] == ["Show window", "", "Quit"]
    session.track("bad", "tasks.always_fails")
    session.track("slow", "tasks.slow")
    watch(qtbot, results, "bad")
    session.apply_results([TaskRecord(id="slow", name="tasks.slow", state="STARTED", mine=True)])
    qtbot.waitUntil(lambda: notifier.counts == (1, 0), timeout=2000)
    plain = notifier.tray.icon().cacheKey()

    end(session, "bad", "FAILURE", name="tasks.always_fails", result="InventoryError: no stock")
    qtbot.waitUntil(lambda: notifier.last_message is not None, timeout=2000)
    assert notifier.toasts == []  # the tray's bubble, not a toast
    assert (notifier.last_message.title, notifier.last_message.body) == ("tasks.always_fails failed", "InventoryError: no stock")
    assert notifier.counts == (1, 1)
    assert notifier.tray.toolTip() == "Celery Desktop\n1 running · 1 newly failed"
    assert notifier.tray.icon().cacheKey() != plain  # the badge

    results.select("slow")
    with qtbot.waitSignal(notifier.openTaskRequested, timeout=1000) as opened:
        notifier.tray.messageClicked.emit()
    assert opened.args == ["bad"] and results.current_record().id == "bad"
    assert notifier.counts == (1, 0) and notifier.tray.toolTip() == "Celery Desktop\n1 running"  # looked at: not new

    with qtbot.waitSignal(notifier.quitRequested, timeout=1000):
        notifier.menu.actions()[-1].trigger()


def test_closing_goes_to_the_tray_only_when_chosen_and_there_is_a_tray(qtbot, notifying):
    default, _, store = notifying(tray=True)
    assert not store.settings.keep_in_tray  # off by default
    closed = []
    default.window.on_close(lambda: closed.append("default"))
    default.window.close()
    assert closed == ["default"] and not default.window.isVisible()

    no_tray, _, _ = notifying(tray=False, keep_in_tray=True)  # nothing to come back from: closing quits
    no_tray.window.on_close(lambda: closed.append("no tray"))
    no_tray.window.close()
    assert closed == ["default", "no tray"]

    kept, notifier, _ = notifying(tray=True, keep_in_tray=True)
    window, session = kept.window, kept.session
    window.on_close(lambda: closed.append("kept"))
    session.track("a", "tasks.add")
    watch(qtbot, window.results_view, "a")
    window.close()
    assert not window.isVisible() and closed == ["default", "no tray"]  # hidden, still running
    end(session, "a", result="4")
    qtbot.waitUntil(lambda: notifier.last_message is not None, timeout=2000)  # still notifying from the tray
    notifier.menu.actions()[0].trigger()  # Show window
    assert window.isVisible()
    window.quit()  # File > Quit really quits
    assert closed == ["default", "no tray", "kept"] and not window.isVisible()


def test_a_profile_switch_still_closes_the_old_window_with_close_to_tray_on(qtbot, qasync_loop, tmp_path):
    profiles = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    alpha, beta = (ConnectionProfile(name=name, broker_url="redis://127.0.0.1:1/0") for name in ("alpha", "beta"))
    assert profiles.save(alpha) == "" and profiles.save(beta) == ""
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(keep_in_tray=True))
    quits = []
    host = ConsoleHost(store, profiles, lambda: quits.append(True))
    notifier = host.notifier = Notifier(QIcon(str(resource_path("icons/celery-desktop.svg"))), tray_available=True)
    try:
        first = host.open(alpha)
        first.window.show()
        first.session.start()
        switching = asyncio.ensure_future(host.switch("beta"))
        qtbot.waitUntil(switching.done, timeout=10000)
        assert switching.result() is True
        second = host.console
        qtbot.addWidget(second.window)
        qtbot.waitUntil(lambda: not shiboken6.isValid(first.window), timeout=5000)  # really closed, not hidden
        assert notifier.window is second.window and quits == []
        second.window.close()
        assert not second.window.isVisible() and quits == []  # the user's close: into the tray
        second.window.quit()
        assert quits == [True]
        stopping = asyncio.ensure_future(second.session.stop())
        qtbot.waitUntil(stopping.done, timeout=5000)
        second.close()
    finally:
        notifier.close()
        notifier.deleteLater()
