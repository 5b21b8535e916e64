"""Watches that last in the real window: switching profiles and back, each profile keeps its own watched tasks
(bells on their rows, told when they end) and its own "watch everything I send"."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop.app.host import ConsoleHost
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec, LinkSpec
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import SettingsStore
from desktop.core.store.watch_store import WatchStore
from desktop.views.notifier import Notifier
from tests.support.windows import shots_folder
from tests.unit.store.test_profile_store import MemoryKeyring

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def sent(qtbot, session, spec: CallSpec, count: int = 1) -> list[CallSpec]:
    sending = asyncio.ensure_future(session.send_call(spec, count))
    qtbot.waitUntil(sending.done, timeout=30000)  # the first send of a session opens the broker connection
    assert sending.result().ok, sending.result().error
    return sending.result().value


def watch(qtbot, results, ids: list[str]) -> None:
    """Select these rows and press Watch, as the user does."""
    qtbot.waitUntil(lambda: all(results.rows.row_of(i) >= 0 for i in ids), timeout=5000)
    results.table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for task_id in ids:
        results.table.selectionModel().select(results.rows.index(results.rows.row_of(task_id), 0), flags)
    results.watch_button.click()


def shows_bell(results, task_id: str) -> bool:
    row = results.rows.row_of(task_id)
    if row < 0:
        return False
    option = QStyleOptionViewItem()
    results.table.itemDelegateForColumn(results.name_column).initStyleOption(option, results.rows.index(row, results.name_column))
    return bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration)


def switch(qtbot, host: ConsoleHost, name: str):
    switching = asyncio.ensure_future(host.switch(name, ask=lambda *_: pytest.fail("the keyring holds the password")))
    qtbot.waitUntil(switching.done, timeout=20000)
    assert switching.result() is True
    return host.console


def save_shot(window, name: str, tmp_path) -> Path:
    path = shots_folder(tmp_path) / name
    assert window.grab().save(str(path))
    return path


def test_each_profile_keeps_its_own_watches_and_watch_everything_i_send_across_switches(
    qtbot, qasync_loop, demo_worker, inventory_worker, tmp_path, private_history, monkeypatch
):
    monkeypatch.setenv("CELERY_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    profiles = ProfileStore(tmp_path / "profiles.json", Keyring(MemoryKeyring()))
    alpha = ConnectionProfile(name="alpha", broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url)
    beta = ConnectionProfile(name="beta", broker_url=inventory_worker.broker_url, backend_url=inventory_worker.backend_url)
    assert profiles.save(alpha) == "" and profiles.save(beta) == ""
    host = ConsoleHost(SettingsStore(tmp_path / "settings.json"), profiles, lambda: None)
    notifier = host.notifier = Notifier(QIcon(), tray_available=False)  # toasts: no tray, no notification service here
    told = []
    shown = notifier.notify
    notifier.notify = lambda notes: (told.extend(notes), shown(notes))

    # alpha: two tasks watched by hand, then "watch everything I send" on and a call with a callback sent.
    first = host.open(alpha)
    first.window.show()
    first.window.resize(1200, 700)
    first.session.start()
    qtbot.waitUntil(lambda: demo_worker.hostname in first.session.workers, timeout=20000)
    results = first.window.results_view
    assert not results.watch_sent_action.isChecked()
    by_hand = [c.task_id for c in sent(qtbot, first.session, CallSpec(task="tasks.add", args=(20, 22), countdown=8), 2)]
    watch(qtbot, results, by_hand)
    results.watch_sent_action.trigger()
    [linked] = sent(
        qtbot, first.session, CallSpec(task="tasks.add", args=(1, 2), countdown=8, link=(LinkSpec("tasks.mul", (5,)),))
    )
    alpha_ids = [*by_hand, linked.task_id, linked.link[0].task_id]
    assert all(first.session.watch.is_watched(i) for i in alpha_ids)

    # beta: none of alpha's watches; it never chose, so it follows the last choice made; it chooses off, watches one.
    second = switch(qtbot, host, "beta")
    beta_results = second.window.results_view
    assert not any(second.session.watch.is_watched(i) for i in alpha_ids)
    assert second.session.watch.watch_sent and beta_results.watch_sent_action.isChecked()
    beta_results.watch_sent_action.trigger()
    assert not second.session.watch.watch_sent
    [restock] = sent(qtbot, second.session, CallSpec(task="inventory.restock", args=("SKU-1",), countdown=300))
    assert not second.session.watch.is_watched(restock.task_id)  # off for beta now
    watch(qtbot, beta_results, [restock.task_id])

    # alpha again: its watches back (bells, followed, told when they end), its choice on; beta's not here.
    third = switch(qtbot, host, "alpha")
    results = third.window.results_view
    qtbot.waitUntil(lambda: all(third.session.watch.is_watched(i) for i in alpha_ids), timeout=10000)
    assert all(i in third.session.poller.tracked for i in alpha_ids)
    assert third.session.watch.watch_sent and results.watch_sent_action.isChecked()
    assert results.watch_button.text() == "Watching all I send"
    assert not third.session.watch.is_watched(restock.task_id)
    qtbot.waitUntil(lambda: all(shows_bell(results, i) for i in by_hand + [linked.task_id]), timeout=10000)
    save_shot(third.window, "alpha-after-switching-back.png", tmp_path)

    qtbot.waitUntil(lambda: sum(n.tasks for n in told) >= len(alpha_ids), timeout=40000)  # the four of them ended
    assert sum(n.failures for n in told) == 0
    qtbot.waitUntil(lambda: third.session.watch.saved() == ([], {}), timeout=5000)  # nothing left to tell
    save_shot(third.window, "alpha-told.png", tmp_path)

    # beta again: its own watch and its own choice.
    fourth = switch(qtbot, host, "beta")
    qtbot.addWidget(fourth.window)
    qtbot.waitUntil(lambda: fourth.session.watch.is_watched(restock.task_id), timeout=10000)
    assert not fourth.session.watch.watch_sent and not fourth.window.results_view.watch_sent_action.isChecked()
    assert not any(fourth.session.watch.is_watched(i) for i in alpha_ids)
    assert WatchStore("alpha").load().ids == ()  # alpha's ended watches left its file
    stopping = asyncio.ensure_future(fourth.session.stop())
    qtbot.waitUntil(stopping.done, timeout=10000)
    fourth.close()
    assert WatchStore("beta").load().ids == (restock.task_id,)
    notifier.close()
    notifier.deleteLater()
