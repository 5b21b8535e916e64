"""The Failures view: groups from the session's FailureIndex, a group's tasks and traceback, the bulk actions
as signals (forget asks first), the report on the clipboard, and its tab in the window."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.profiles import ConnectionProfile
from desktop.core.records import TaskRecord
from desktop.core.triage import FailureIndex, report_text

pytestmark = pytest.mark.gui

NOW = time.time()


def failed(task_id: str, message: str, name: str = "orders.charge", exc: str = "PaymentDeclined", ago: float = 0, **fields):
    fields.setdefault(
        "traceback", f'Traceback (most recent call last):\n  File "orders.py", line 9, in charge\n{exc}: {message}\n'
    )
    return TaskRecord(
        id=task_id,
        name=name,
        state="FAILURE",
        result=f"{exc}: {message}",
        exc_type=exc,
        date_done=NOW - ago,
        **fields,
    )


def column_texts(model, title: str) -> list[str]:
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def shown_rows(table, title: str) -> list[str]:
    """A column as the table shows it (through its sorting proxy)."""
    return column_texts(table.model(), title)


@pytest.fixture
def index() -> FailureIndex:
    failures = FailureIndex()
    failures.update(
        [
            failed("c1", "card 4242 declined for order 1001", worker="w1@host", ago=300, args="1001", retries=2),
            failed("c2", "card 5555 declined for order 1002", worker="w2@host", ago=60, args="1002", traceback=""),
            failed("c3", "card 4444 declined for order 1003", worker="w1@host", ago=120, args="1003"),
            failed("m1", "SMTP timeout after 30s", name="mail.send", exc="TimeoutError", worker="w2@host", ago=10),
            TaskRecord(id="ok", name="orders.charge", state="SUCCESS", result="null"),
        ]
    )
    return failures


@pytest.fixture
def view(qtbot, index):
    from desktop.views.failures_view import FailuresView

    widget = FailuresView(index)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    return widget


def seen_text(timestamp: float) -> str:
    """A moment as the groups table shows it: by the clock when it fell today, with its date before
    that (a failure 300 s ago, just after midnight)."""
    local = time.localtime(timestamp)
    today = local[:3] == time.localtime()[:3]
    return time.strftime("%H:%M:%S" if today else "%Y-%m-%d %H:%M:%S", local)


def test_groups_are_shown_biggest_first_with_their_figures(view, qtmodeltester):
    qtmodeltester.check(view.groups_model, force_py=True)
    table = view.groups_table
    assert shown_rows(table, "Task") == ["orders.charge", "mail.send"]
    assert shown_rows(table, "Exception") == ["PaymentDeclined", "TimeoutError"]
    assert shown_rows(table, "Message") == ["card <n> declined for order <n>", "SMTP timeout after <n>s"]
    assert shown_rows(table, "Count") == ["3", "1"]
    assert shown_rows(table, "Workers") == ["w1@host, w2@host", "w2@host"]
    assert shown_rows(table, "First seen")[0] == seen_text(NOW - 300)
    assert shown_rows(table, "Last seen")[0] == seen_text(NOW - 60)
    assert view.stack.currentIndex() == 1 and "2 group(s) · 4 failed task(s)" in view.summary.text()


def test_the_empty_view_says_what_it_is_for(qtbot):
    from desktop.views.failures_view import FailuresView

    empty = FailuresView(FailureIndex())
    qtbot.addWidget(empty)
    assert empty.stack.currentIndex() == 0 and empty.empty.isVisibleTo(empty)
    assert "No failed tasks yet" in empty.empty.text() and "grouped here by cause" in empty.empty.text()
    assert not empty.resend_button.isEnabled() and not empty.forget_button.isEnabled()


def test_the_selected_group_lists_its_tasks_and_a_traceback(view, qtbot):
    assert view.current_group().key.task == "orders.charge"  # the first group is selected at once
    assert shown_rows(view.tasks_table, "Task id") == ["c2", "c3", "c1"]  # newest first
    assert shown_rows(view.tasks_table, "Retries") == ["", "", "2"]
    assert shown_rows(view.tasks_table, "Args") == ["1002", "1003", "1001"]
    assert "PaymentDeclined: card 4444 declined for order 1003" in view.traceback_view.toPlainText()  # c2 has none
    assert view.traceback_view.isReadOnly() and "monospace" in view.traceback_view.styleSheet()
    assert "3 failure(s)" in view.group_title.text() and "(1 after retries)" in view.group_title.text()

    view.tasks_table.selectRow(2)
    assert "order 1001" in view.traceback_view.toPlainText() and "c1" in view.traceback_title.text()
    view.tasks_table.selectRow(0)
    assert "no traceback recorded for this task" in view.traceback_view.toPlainText()

    view.groups_table.selectRow(1)
    assert shown_rows(view.tasks_table, "Task id") == ["m1"]
    assert "TimeoutError: SMTP timeout after 30s" in view.traceback_view.toPlainText()


def test_the_view_follows_the_index_as_failures_come_and_go(view, index, qtbot):
    counts = []
    view.groupCountChanged.connect(counts.append)
    index.update([failed("c4", "card 1234 declined for order 1004", ago=1)])
    view.refresh()
    assert shown_rows(view.groups_table, "Count") == ["4", "1"]
    assert shown_rows(view.tasks_table, "Task id")[0] == "c4"  # the selected group's list follows too
    index.update([TaskRecord(id="m1", name="mail.send", state="SUCCESS")])  # retried by hand, and it worked
    view.refresh()
    assert shown_rows(view.groups_table, "Task") == ["orders.charge"] and counts == [1]
    index.clear()
    view.refresh()
    assert view.stack.currentIndex() == 0 and counts == [1, 0]


def test_copy_report_puts_the_groups_report_on_the_clipboard(view, index):
    view.copy_button.click()
    group = view.current_group()
    text = QApplication.clipboard().text()
    assert text == report_text(group, {r.id: r for r in index.records(group.key)})
    assert "Task: orders.charge" in text and "Count: 3 (1 after retries)" in text and "  c1  (" in text
    assert "copied" in view.status.text()


def test_resend_emits_every_id_of_the_group(view, qtbot):
    with qtbot.waitSignal(view.resendRequested) as resend:
        view.resend_button.click()
    assert resend.args == [["c2", "c3", "c1"]]


def test_forget_asks_first_with_the_count(view, qtbot, monkeypatch):
    asked, answers = [], [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or answers.pop(0))
    forgotten = []
    view.forgetRequested.connect(forgotten.append)
    view.forget_button.click()
    assert forgotten == [] and "3 failed task(s)" in asked[0] and "cannot be undone" in asked[0]
    view.forget_button.click()
    assert forgotten == [["c2", "c3", "c1"]]


def test_double_clicking_a_task_asks_to_open_it(view, qtbot):
    view.show()
    qtbot.waitExposed(view)
    table = view.tasks_table
    rect = table.visualRect(table.model().index(1, 0))
    with qtbot.waitSignal(view.openTaskRequested) as opened:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a view opens what was pressed
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == ["c3"]


# -- in the window -------------------------------------------------------------------------------


def test_the_failures_tab_counts_groups_and_its_actions_reach_the_session(qtbot, open_console):
    console = open_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0", backend_url=None))
    window, session = console.window, console.session
    tabs = window.tabs
    assert tabs.tabText(1) == "Failures" and tabs.widget(1) is window.failures_view
    session._on_records(
        [
            failed("a1", "card 4242 declined", mine=True),
            failed("a2", "card 5555 declined", mine=True),
            failed("e1", "no route to 10.0.0.7", name="net.ping", exc="OSError"),  # seen in events only
            TaskRecord(id="wf", name="chain", state="FAILURE", result="ValueError: x", container="chain"),  # a workflow row
        ]
    )
    qtbot.waitUntil(lambda: tabs.tabText(1) == "Failures (2)", timeout=3000)

    resent = []

    async def resend_many(ids):
        resent.append(ids)
        return type("Reply", (), {"ok": True, "value": dict.fromkeys(ids)})()

    session.resend_many = resend_many
    failures = window.failures_view
    failures.groups_table.selectRow(0)
    failures.resend_button.click()
    qtbot.waitUntil(lambda: "re-sent 2 task(s)" in failures.status.text(), timeout=3000)
    assert resent == [["a2", "a1"]] or resent == [["a1", "a2"]]

    tabs.setCurrentIndex(1)
    failures.openTaskRequested.emit("e1")  # not mine: shown once "All tasks" is on
    assert tabs.currentIndex() == 0
    assert window.results_view.watch_all.isChecked() and window.results_view.current_record().id == "e1"


def test_real_failures_from_a_worker_fall_into_groups_by_cause(qtbot, open_console, demo_worker, tmp_path):
    """The real window and worker: three bugs, each hit several times with different ids and numbers."""
    import os
    from pathlib import Path

    from desktop.core.calls import CallSpec
    from tests.gui.test_results_view import demo_profile, send

    console = open_console(demo_profile(demo_worker))
    window, session = console.window, console.session
    calls = [
        *(CallSpec("tasks.always_fails", kwargs={"sku": f"SKU-{n}", "quantity": n}) for n in (3, 17, 250)),
        *(CallSpec("tasks.add", (n, None)) for n in (1, 2)),  # TypeError: unsupported operand … 'int' and 'NoneType'
        CallSpec("tasks.xsum", ([1, "a"],)),
        CallSpec("tasks.mul", ("x", "y")),  # TypeError: can't multiply sequence by non-int of type 'str'
        CallSpec("tasks.add", (2, 2)),  # a success among them
    ]
    ids = [send(qtbot, session, spec).task_id for spec in calls]
    qtbot.waitUntil(lambda: all(session.tasks[i].ready for i in ids), timeout=30000)
    view = window.failures_view
    qtbot.waitUntil(lambda: len(session.failures.groups()) == 4, timeout=5000)
    groups = {(g.key.task, g.key.exc_type): g for g in session.failures.groups()}
    assert groups[("tasks.always_fails", "InventoryError")].count == 3
    assert groups[("tasks.add", "TypeError")].count == 2
    assert {("tasks.xsum", "TypeError"), ("tasks.mul", "TypeError")} <= set(groups)
    assert groups[("tasks.always_fails", "InventoryError")].key.message == "cannot reserve <n> x SKU-<n>: only <n> left in stock"
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: window.tabs.tabText(window.tabs.currentIndex()) == "Failures (4)", timeout=2000)
    folder = Path(os.environ.get("CELERY_DESKTOP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(folder / "failures-real.png"))
