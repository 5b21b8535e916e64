"""Alert rules in the real window over the demo worker: Go › Alert rules… opens the dialog, a rule with
mistakes shows each under its field, Test says what the rule would fire on now, a saved rule is kept
and fires on the next failures into the Alerts tab, and a click on an alert opens its task (or its tab)."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
import shiboken6
from PySide6.QtCore import Qt

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.alert_rules import OPENS_WORKERS, QUEUE_LENGTH, RUNTIME, STATE, AlertRule, FiredAlert
from desktop.core.domain.calls import CallSpec
from desktop.core.store.alert_rules_store import AlertRuleStore
from desktop.views.main_window import ALERTS, RESULTS, WORKERS
from tests.support.windows import console_on, shots_folder

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def shot(widget, folder, name: str) -> None:
    path = folder / name
    assert widget.grab().save(str(path))


def fail_some(qtbot, session, count: int) -> list[str]:
    sending = asyncio.ensure_future(session.send_call(CallSpec("tasks.always_fails"), count))
    qtbot.waitUntil(sending.done, timeout=10000)
    ids = [call.task_id for call in sending.result().value]
    qtbot.waitUntil(lambda: all(session.tasks[i].state == "FAILURE" for i in ids), timeout=30000)
    return ids


def test_rules_are_edited_tested_kept_and_fire_into_the_alerts_tab(qtbot, qasync_loop, demo_worker, tmp_path, monkeypatch):
    monkeypatch.setenv("CELERY_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    folder = shots_folder(tmp_path)
    profile = ConnectionProfile(
        broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, broker_source="test", name="alert-rules-gui"
    )
    with console_on(qtbot, profile) as console:
        window, session = console.window, console.session
        fail_some(qtbot, session, 3)

        window.alertRulesRequested.emit()  # Go › Alert rules…
        dialog = window.alert_rules_dialog
        assert dialog.isVisible() and dialog.rule_list.count() == 0
        dialog.resize(900, 560)
        dialog.kind.setCurrentIndex(dialog.kind.findData(RUNTIME))
        dialog.pattern.setText("")
        dialog.threshold.setText("soon")
        dialog.quiet.setText("-1")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.errors["name"].isVisible() and dialog.errors["name"].text() == "a rule needs a name"
        assert dialog.errors["threshold"].text() == "'soon' is not a number"
        assert dialog.errors["quiet_seconds"].text() == "the quiet period is 0 to 24 hours (1,440 min)"
        assert dialog.errors["pattern"].text() == "give a task name or a glob (* for any)"
        assert not dialog.state.isVisible() and dialog.threshold.isVisible()  # a runtime rule has no state
        qtbot.wait(50)
        shot(dialog, folder, "alert_rules_errors.png")
        assert AlertRuleStore(profile.history_key).rules() == []  # nothing kept

        dialog.kind.setCurrentIndex(dialog.kind.findData(QUEUE_LENGTH))  # each kind shows its own fields
        assert dialog.minutes.isVisible() and not dialog.state.isVisible()
        assert dialog._labels["pattern"].text() == "Queue" and dialog._labels["threshold"].text() == "Messages over"
        dialog.name.setText("Backlog")
        dialog.pattern.setText("celery")
        dialog.threshold.setText("1000")
        dialog.minutes.setText("5")
        dialog.quiet.setText("10")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert dialog.test_result.text().startswith("would not fire now: ")
        qtbot.wait(50)
        shot(dialog, folder, "alert_rules_queue.png")

        dialog.name.setText("Always fails")
        dialog.kind.setCurrentIndex(dialog.kind.findData(STATE))
        dialog.pattern.setText("tasks.always_fails")
        dialog.state.setCurrentText("FAILURE")
        dialog.quiet.setText("5")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert not any(label.isVisible() for label in dialog.errors.values())
        assert re.fullmatch(r"would fire: \d+ tasks matched \(tasks\.always_fails\)", dialog.test_result.text())
        assert int(dialog.test_result.text().split()[2]) >= 3
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        [kept] = AlertRuleStore(profile.history_key).rules()
        assert (kept.name, kept.kind, kept.pattern, kept.quiet_seconds) == ("Always fails", STATE, "tasks.always_fails", 300.0)
        assert [r.name for r in session.alerts.rules] == ["Always fails"]
        assert dialog.rule_list.count() == 1 and dialog.rule_list.item(0).text().startswith("Always fails")
        dialog.pattern.setText("tasks.nothing_like_it")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert dialog.test_result.text().startswith("would not fire now: no task in the window matching tasks.nothing_like_it")
        dialog.pattern.setText("tasks.always_fails")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.wait(50)
        shot(dialog, folder, "alert_rules_test.png")
        dialog.close()

        ids = fail_some(qtbot, session, 4)  # the rule at work: one alert for the four
        window.tabs.setCurrentWidget(window.lazy_tabs.view(ALERTS))
        view = window.alerts_view
        qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=15000)
        alert = view.alert_at(0)
        assert alert.title == "tasks.always_fails failed 4 times in " + alert.title.rsplit(" in ", 1)[1]
        assert alert.task_id in ids and view.table.item(0, 2).text() == alert.title
        view.show_alerts(
            [
                FiredAlert(
                    time.time(),
                    "Workers down",
                    "worker_offline",
                    "w1@host",
                    "worker w1@host offline for over 60 s",
                    "offline for 61 s · rule Workers down",
                    1,
                    opens=OPENS_WORKERS,
                ),
                *session.alerts.log,
            ]
        )
        qtbot.wait(50)
        shot(window, folder, "alerts_tab.png")
        view.table.cellClicked.emit(0, 2)  # a worker's alert: the Workers tab
        assert window.tabs.currentWidget() is window.lazy_tabs.view(WORKERS)
        view.table.cellClicked.emit(1, 2)  # a task's: its row in Calls & results
        assert window.tabs.currentWidget() is window.lazy_tabs.view(RESULTS)
        qtbot.waitUntil(lambda: window.results_view.selected_ids() == [alert.task_id], timeout=5000)


NOWHERE = ConnectionProfile(broker_url="redis://127.0.0.1:1/0")  # nothing answers: rows come from the test


def test_an_alert_reaches_the_desktop_as_the_watched_tasks_do(qtbot, open_console, tmp_path, monkeypatch):
    from desktop.app.console import connect_notifications
    from desktop.app.run import open_task
    from desktop.core.domain.records import TaskRecord
    from desktop.core.store.settings import SettingsStore
    from desktop.views.notifier import Notifier

    monkeypatch.setenv("CELERY_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    console = open_console(NOWHERE)
    session = console.session
    notifier = Notifier(console.window.windowIcon(), tray_available=False)
    notifier.openTaskRequested.connect(lambda task_id: open_task(console, task_id))
    connect_notifications(console, notifier, SettingsStore(tmp_path / "settings.json"))
    try:
        session.alerts.set_rules([AlertRule("sync", STATE, pattern="tasks.sync")])
        now = time.time()
        session.apply_results(
            [TaskRecord(id=f"s{i}", name="tasks.sync", state="FAILURE", mine=True, date_done=now) for i in range(5)]
        )
        delivered = lambda: [t.title.text() for t in notifier.toasts if shiboken6.isValid(t)]  # noqa: E731
        qtbot.waitUntil(lambda: delivered() == ["tasks.sync failed 5 times in under 1 s"], timeout=10000)
        assert session.take_notifications() == []  # taken by the desktop's side
        view = console.window.alerts_view
        qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=2000)
        notifier.open_task(view.alert_at(0).task_id)
        assert console.window.results_view.selected_ids() == ["s4"]
        notifier.open_task("")  # an alert about a worker or a queue names no task: the window comes forward
    finally:
        notifier.close()
        notifier.deleteLater()
