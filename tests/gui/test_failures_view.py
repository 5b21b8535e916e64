"""The Failures view: groups from the session's FailureIndex, a group's tasks and traceback, the bulk actions
as signals (forget asks first), the report on the clipboard, and its tab in the window."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.triage import FailureIndex, ResendPlan, report_text

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
    assert view.traceback_view.isReadOnly() and QFontInfo(view.traceback_view.font()).fixedPitch()
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


def plan_from_args(index: FailureIndex, sent_here: set[str]):
    """A stand-in for the session's resend_plan: each record's call from its args, rebuilt unless ``sent_here``."""

    def plan(ids: list[str]) -> ResendPlan:
        records = {r.id: r for group in index.groups() for r in index.records(group.key)}
        calls = {i: CallSpec(records[i].name, (records[i].args,)) for i in ids}
        return ResendPlan(calls, frozenset(i for i in ids if i not in sent_here))

    return plan


def test_resend_asks_first_and_emits_the_plan_of_the_group(view, index, qtbot, monkeypatch):
    view.plan_resend = plan_from_args(index, sent_here={"c1", "c3"})
    asked, answers = [], [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box) or answers.pop(0))
    plans = []
    view.resendRequested.connect(plans.append)
    view.resend_button.click()
    assert plans == [] and len(asked) == 1  # cancelled: nothing asked of the session
    view.resend_button.click()
    assert [list(p.calls) for p in plans] == [["c2", "c3", "c1"]] and plans[0].rebuilt == {"c2"}
    box = asked[1]
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    text = box.text()
    assert "Send 3 task(s) again" in text and "Task name(s), 1: orders.charge" in text
    assert "Calls this console sent: 2" in text and "Calls rebuilt from the result backend: 1" in text


def test_a_group_whose_calls_are_all_unknown_asks_nothing(view, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("asked to confirm sending nothing"))
    with qtbot.waitSignal(view.resendRequested) as resend:
        view.resend_button.click()
    assert resend.args[0].calls == {} and resend.args[0].unknown == ("c2", "c3", "c1")  # the session says why


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


def test_the_failures_tab_counts_groups_and_its_actions_reach_the_session(qtbot, open_console, monkeypatch):
    console = open_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0", backend_url=None))
    window, session = console.window, console.session
    tabs = window.tabs
    assert tabs.tabText(1) == "Failures" and tabs.widget(1) is window.failures_view
    session.apply_results(
        [
            failed("a1", "card 4242 declined", mine=True),
            failed("a2", "card 5555 declined", mine=True),
            failed("e1", "no route to 10.0.0.7", name="net.ping", exc="OSError"),  # seen in events only
            TaskRecord(id="wf", name="chain", state="FAILURE", result="ValueError: x", container="chain"),  # a workflow row
        ]
    )
    qtbot.waitUntil(lambda: tabs.tabText(1) == "Failures (2)", timeout=3000)

    resent = []

    async def resend(plan):
        resent.append(list(plan.calls))
        return type("Reply", (), {"ok": True, "value": dict(plan.calls)})()

    session.resend = resend
    session.sent_calls.update({"a1": CallSpec("orders.charge", (1,)), "a2": CallSpec("orders.charge", (2,))})
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    failures = window.failures_view
    tabs.setCurrentIndex(1)  # the tables of a tab out of sight are filled when it is shown
    failures.groups_table.selectRow(0)
    failures.resend_button.click()
    qtbot.waitUntil(lambda: "re-sent 2 task(s)" in failures.status.text(), timeout=3000)
    assert resent == [["a2", "a1"]] or resent == [["a1", "a2"]]

    tabs.setCurrentIndex(1)
    failures.openTaskRequested.emit("e1")  # not mine: shown once "All tasks" is on
    assert tabs.currentIndex() == 0
    assert window.results_view.show_all_tasks.isChecked() and window.results_view.current_record().id == "e1"


def test_real_failures_from_a_worker_fall_into_groups_by_cause(qtbot, open_console, demo_worker, tmp_path):
    """The real window and worker: three bugs, each hit several times with different ids and numbers."""
    import os
    from pathlib import Path

    from desktop.core.domain.calls import CallSpec
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


# -- re-send, confirmed first: a real worker and backend -------------------------------------------


def backend_calls(backend_url: str, marker: str) -> list[dict]:
    """Every task of tasks.always_fails the backend holds whose sku carries ``marker`` (result_extended: args kept)."""
    import json

    import redis

    client = redis.Redis.from_url(backend_url)
    try:
        metas = [client.get(key) for key in client.scan_iter(match="celery-task-meta-*", count=1000)]
    finally:
        client.close()
    found = []
    for raw in metas:
        meta = json.loads(raw) if raw else {}
        sku = (meta.get("kwargs") or {}).get("sku", "") if isinstance(meta.get("kwargs"), dict) else ""
        if meta.get("name") == "tasks.always_fails" and str(sku).startswith(marker):
            found.append(meta)
    return found


def failed_group(qtbot, open_console, demo_worker):
    """A window with one failure group of three: two calls the console sent, one sent by another program."""
    import uuid

    from celery import Celery

    from tests.gui.test_results_view import demo_profile, send

    console = open_console(demo_profile(demo_worker))
    session = console.session
    marker = f"SKU-{uuid.uuid4().hex[:8]}"
    mine = [
        send(qtbot, session, CallSpec("tasks.always_fails", kwargs={"sku": f"{marker}-{n}", "quantity": n})).task_id
        for n in (3, 17)
    ]
    other = Celery("someone-else", broker=demo_worker.broker_url, backend=demo_worker.backend_url, set_as_current=False)
    other.conf.result_extended = True
    try:
        foreign = other.send_task("tasks.always_fails", kwargs={"sku": f"{marker}-9", "quantity": 9}).id
    finally:
        other.close()
    session.track_ids(foreign)
    ids = [*mine, foreign]
    qtbot.waitUntil(lambda: all(session.tasks[i].state == "FAILURE" for i in ids), timeout=30000)
    qtbot.waitUntil(lambda: session.call_to_resend(foreign) is not None, timeout=5000)  # its name and args, from the backend
    qtbot.waitUntil(lambda: len(backend_calls(demo_worker.backend_url, marker)) == 3, timeout=5000)
    return console, marker, mine, foreign


class BoxAnswer:
    """Answers the next modal message box (a key, or a button) as a user would, and keeps what it showed."""

    def __init__(self, qtbot, key: Qt.Key | None = None, button: QMessageBox.StandardButton | None = None):
        from PySide6.QtCore import QTimer

        self.qtbot, self.key, self.button = qtbot, key, button
        self.text, self.format, self.default, self.shown = "", None, None, False
        self.timer = QTimer()
        self.timer.timeout.connect(self._look)
        self.timer.start(20)

    def _look(self) -> None:
        from PySide6.QtTest import QTest

        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        self.timer.stop()
        self.text, self.format, self.shown = box.text(), box.textFormat(), True
        self.default = box.standardButton(box.defaultButton()) if box.defaultButton() else None
        if self.key is not None:
            QTest.keyClick(box, self.key)
        else:
            box.button(self.button).click()

    def wait(self) -> None:
        try:
            self.qtbot.waitUntil(lambda: self.shown, timeout=5000)
        except Exception:  # noqa: BLE001 - pytest-qt's TimeoutError
            pytest.fail("no message box asked first")
        finally:
            self.timer.stop()


def test_resend_all_says_what_it_sends_and_sends_nothing_unless_accepted(qtbot, open_console, demo_worker):
    console, marker, mine, foreign = failed_group(qtbot, open_console, demo_worker)
    window, session = console.window, console.session
    view = window.failures_view
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: any(marker in g.key.message for g in session.failures.groups()), timeout=5000)
    view.refresh()
    row = next(r for r in range(view.groups_model.rowCount()) if marker in view.groups_model.record(r).key.message)
    view.groups_table.selectRow(view.groups_table.model().mapFromSource(view.groups_model.index(row, 0)).row())
    assert set(view.current_group().task_ids) == {*mine, foreign}
    sent_before, rows_before = dict(session.sent_calls), set(session.tasks)

    escape = BoxAnswer(qtbot, key=Qt.Key.Key_Escape)
    view.resend_button.click()
    escape.wait()
    assert escape.format == Qt.TextFormat.PlainText
    assert escape.default == QMessageBox.StandardButton.Cancel
    assert "Send 3 task(s) again" in escape.text and "Task name(s), 1: tasks.always_fails" in escape.text
    assert "Calls this console sent: 2" in escape.text and "Calls rebuilt from the result backend: 1" in escape.text
    qtbot.wait(2000)  # looks for nothing happening: the worker fails such a task within milliseconds
    assert session.sent_calls == sent_before and set(session.tasks) == rows_before
    assert len(backend_calls(demo_worker.backend_url, marker)) == 3

    accept = BoxAnswer(qtbot, button=QMessageBox.StandardButton.Yes)
    view.resend_button.click()
    accept.wait()
    qtbot.waitUntil(lambda: "re-sent 3 task(s)" in view.status.text(), timeout=10000)
    qtbot.waitUntil(lambda: len(backend_calls(demo_worker.backend_url, marker)) == 6, timeout=30000)
    qtbot.wait(1000)  # looks for nothing happening: no call beyond the three confirmed
    again = backend_calls(demo_worker.backend_url, marker)
    assert len(again) == 6 and len(session.sent_calls) == len(sent_before) + 3
    skus = sorted(m["kwargs"]["sku"] for m in again)
    assert skus == sorted([f"{marker}-{n}" for n in (3, 17, 9)] * 2)  # each call once more, the rebuilt one too


def test_resend_of_a_rebuilt_call_says_so_and_asks_before_sending(qtbot, open_console, demo_worker):
    console, marker, mine, foreign = failed_group(qtbot, open_console, demo_worker)
    window = console.window
    results = window.results_view
    sent = []
    window.calls_view.sendRequested.connect(lambda form, spec, count: sent.append(spec))

    qtbot.waitUntil(lambda: results.rows.row_of(foreign) >= 0, timeout=5000)
    results.select(foreign)
    results.resend_button.click()
    form = window.calls_view.currentWidget()
    qtbot.waitUntil(lambda: form.send_button.isEnabled() and form.task.on_workers, timeout=15000)  # no other question
    escape = BoxAnswer(qtbot, key=Qt.Key.Key_Escape)
    form.send_button.click()
    escape.wait()
    assert sent == []
    assert escape.format == Qt.TextFormat.PlainText and escape.default == QMessageBox.StandardButton.Cancel
    assert f"Rebuilt from the result backend's record of {foreign}" in escape.text and "rebuilt call" in escape.text
    assert "Send tasks.always_fails with these arguments?" in escape.text
    assert form.origin_note.isVisibleTo(form) and form.origin_note.textFormat() == Qt.TextFormat.PlainText
    assert f"Rebuilt from the result backend's record of {foreign}" in form.origin_note.text()

    accept = BoxAnswer(qtbot, button=QMessageBox.StandardButton.Yes)
    form.send_button.click()
    accept.wait()
    assert [spec.kwargs for spec in sent] == [{"sku": f"{marker}-9", "quantity": 9}]

    qtbot.waitUntil(lambda: results.rows.row_of(mine[0]) >= 0, timeout=5000)
    results.select(mine[0])
    results.resend_button.click()  # the console's own call, in the same form: nothing to say, nothing more to ask
    assert window.calls_view.currentWidget() is form and not form.origin_note.isVisibleTo(form)
    qtbot.waitUntil(form.send_button.isEnabled, timeout=5000)
    form.send_button.click()
    assert [spec.kwargs["sku"] for spec in sent] == [f"{marker}-9", f"{marker}-3"]
