"""Read-only and production windows on a real worker: the marks in the bar and the title, every action
that would change the cluster disabled with the reason (whatever a selection enables), and a destructive
action on production asking for the connection's name first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.records import TaskRecord
from desktop.views.danger import TypeToConfirm

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def shots(tmp_path) -> Path:
    return Path(os.environ.get("CELERY_DESKTOP_SHOTS") or tmp_path)


def select_first(table) -> None:
    model = table.model()
    table.selectionModel().select(
        model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.setCurrentIndex(model.index(0, 0))


def test_a_read_only_window_offers_no_change_and_says_why(qtbot, open_console, demo_worker, tmp_path):
    profile = ConnectionProfile(
        name="prod-ro", broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, read_only=True
    )
    console = open_console(profile)
    window, session = console.window, console.session
    qtbot.waitUntil(lambda: console.bridge.registered.rowCount() >= 11, timeout=20000)
    assert "[read-only]" in window.windowTitle()
    assert "read-only" in window.connection_bar.marks.text()

    # Calls & results: a selection enables nothing that changes the cluster; the call form's Send stays off.
    session.apply_results([TaskRecord(id="t1", name="tasks.add", state="FAILURE", result="ValueError: x", mine=True)])
    results = window.results_view
    qtbot.waitUntil(lambda: results.table.model().rowCount() == 1, timeout=3000)
    select_first(results.table)
    assert results.copy_button.isEnabled()  # what changes nothing still works
    for button in (results.resend_button, results.revoke_button, results.terminate_button, results.forget_button):
        assert not button.isEnabled() and "Read-only connection" in button.toolTip(), button.text()
    form = window.calls_view.open(TaskInfo(name="tasks.add"))
    qtbot.wait(50)
    assert not form.send_button.isEnabled() and "sending is turned off" in form.send_button.toolTip()
    assert window.grab().save(str(shots(tmp_path) / "read_only_window.png"))

    # Queues: purge off, Messages… on.
    window.tabs.setCurrentIndex(3)
    queues = window.queues_view
    qtbot.waitUntil(lambda: queues.queues_table.model().rowCount() >= 1, timeout=15000)
    select_first(queues.queues_table)
    assert queues.browse_button.isEnabled() and not queues.purge_button.isEnabled()
    assert "purging is turned off" in queues.purge_button.toolTip()

    # Workers: ping may be sent, nothing else.
    workers = window.workers_view
    box = workers.command_box
    workers.target_all.setChecked(True)
    box.setCurrentIndex(box.findData("ping"))
    assert workers.send_button.isEnabled() and not workers.send_button.toolTip().startswith("Read-only")
    box.setCurrentIndex(box.findData("pool_grow"))
    assert not workers.send_button.isEnabled() and "but ping" in workers.send_button.toolTip()
    assert not workers.enable_events_button.isEnabled()

    # Failures and schedules.
    failures = window.failures_view
    assert not failures.resend_button.isEnabled() and not failures.forget_button.isEnabled()
    schedules = window.schedules_view
    for button in (schedules.run_button, schedules.enable_button, schedules.delete_button, schedules.new_button):
        assert not button.isEnabled()
    window.tabs.setCurrentIndex(0)


def test_a_production_window_is_marked_and_asks_for_the_name_before_a_purge(qtbot, open_console, demo_worker, tmp_path):
    profile = ConnectionProfile(
        name="prod", broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, production=True
    )
    console = open_console(profile)
    window = console.window
    assert "[PRODUCTION]" in window.windowTitle()
    assert "PRODUCTION" in window.connection_bar.marks.text()
    asked = []
    console.confirm_danger = lambda name, what: asked.append((name, what)) or False  # the user cancels
    purged = []
    console.session.monitor.purge = lambda name: purged.append(name)  # would run only after the name was typed
    window.queues_view.purgeConfirmed.emit("celery")
    window.results_view.forgetRequested.emit(["a", "b"])
    window.failures_view.forgetRequested.emit(["a"])
    assert asked == [("prod", "purge the queue celery"), ("prod", "forget 2 task(s)"), ("prod", "forget 1 task(s)")]
    assert purged == []
    qtbot.waitUntil(lambda: console.bridge.registered.rowCount() >= 11, timeout=20000)
    assert window.grab().save(str(shots(tmp_path) / "production_window.png"))

    dialog = TypeToConfirm("prod", "purge the queue celery", window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    dialog.typed.setText("pro")
    assert not dialog.ok_button.isEnabled()
    dialog.typed.setText("prod")
    assert dialog.ok_button.isEnabled()
    assert dialog.grab().save(str(shots(tmp_path) / "production_confirm.png"))
    dialog.ok_button.click()
    assert dialog.result() == TypeToConfirm.DialogCode.Accepted
