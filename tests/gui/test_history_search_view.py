"""The Search tab on the real window over the demo worker: a query and Enter, the tasks newest first with their
count, an error shown at its place, the query language's help, and a task found opened in Calls & results."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_query import PLACEHOLDER, QUERY_HELP
from desktop.views.history_search_view import error_lines

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def shown_ids(view) -> list[str]:
    """The Task id column as the table shows it (through its sorting proxy), top to bottom."""
    table = view.table
    return [table.model().index(row, 2).data() for row in range(table.model().rowCount())]


def send(qtbot, session, name: str, args: tuple) -> str:
    sending = asyncio.ensure_future(session.send(name, args))
    qtbot.waitUntil(sending.done, timeout=10000)
    return sending.result().value[0].task_id


def search_for(qtbot, view, text: str) -> None:
    view.field.clear()
    qtbot.keyClicks(view.field, text)
    qtbot.keyClick(view.field, Qt.Key.Key_Return)


def test_search_tab_finds_tasks_shows_errors_in_place_and_opens_a_task(qtbot, open_console, demo_worker, tmp_path):
    profile = ConnectionProfile(
        broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, broker_source="test", name="search-gui"
    )
    console = open_console(profile)
    window, session = console.window, console.session
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.waitUntil(lambda: session.history_loaded, timeout=10000)
    adds = []
    for x in range(3):
        adds.append(send(qtbot, session, "tasks.add", (x, 10)))
        time.sleep(0.01)  # distinct sent times
    fail = send(qtbot, session, "tasks.always_fails", ("SKU-17", 2))
    qtbot.waitUntil(lambda: all(session.tasks[i].state == "SUCCESS" for i in adds), timeout=20000)
    qtbot.waitUntil(lambda: session.tasks[fail].state == "FAILURE", timeout=20000)
    # A task an earlier session kept: in the history file, not in this window.
    earlier = TaskRecord(
        id="earlier-7f3a", name="tasks.add", state="SUCCESS", args="1, 1", result="2", sent_at=time.time() - 3600, mine=True
    )
    session.history.database.save(session.history.profile, [earlier], time.time())

    # Go › Search tasks… (Ctrl+Shift+F): the tab, its field focused, the query language in its placeholder.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    view = window.search_view
    assert window.tabs.currentWidget() is view
    assert QApplication.focusWidget() is view.field
    assert view.field.placeholderText() == PLACEHOLDER

    search_for(qtbot, view, "name:tasks.add")
    qtbot.waitUntil(lambda: len(shown_ids(view)) == 4, timeout=5000)
    assert shown_ids(view) == [*reversed(adds), earlier.id]  # newest first, the history's row with the window's
    qtbot.waitUntil(lambda: "4 tasks match" in view.count_label.text(), timeout=5000)
    assert "first page in" in view.count_label.text() and " ms" in view.count_label.text()
    assert not view.error_label.isVisible()
    folder = Path(os.environ.get("CELERY_DESKTOP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(folder / "search.png"))

    # An error: the message under the field, a caret line under the wrong part, that part selected.
    bad = "name:tasks.add since:2x"
    search_for(qtbot, view, bad)
    qtbot.waitUntil(view.error_label.isVisible, timeout=5000)
    lines = view.error_label.text().split("\n")
    assert lines[0] == bad and lines[1] == " " * bad.index("2x") + "^^" and lines[2].startswith("since: takes")
    assert view.field.selectedText() == "2x"
    assert view.model.rowCount() == 0 and not view.more_button.isEnabled()
    assert window.grab().save(str(folder / "search-error.png"))

    # The query language: F1 (and the "?" button) show it as plain text.
    view.field.setFocus()
    qtbot.keyClick(view.field, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: view.help_dialog is not None and view.help_dialog.isVisible(), timeout=2000)
    assert view.help_dialog.findChild(QPlainTextEdit).toPlainText() in (QUERY_HELP, QUERY_HELP.rstrip("\n"))
    view.help_dialog.close()
    qtbot.mouseClick(view.help_button, Qt.MouseButton.LeftButton)
    assert view.help_dialog.isVisible()
    view.help_dialog.close()

    # Double-click a task found: Calls & results, its row selected.
    search_for(qtbot, view, '"SKU-17"')
    qtbot.waitUntil(lambda: shown_ids(view) == [fail], timeout=5000)
    index = view.table.model().index(0, 2)
    at = view.table.visualRect(index).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=at)  # a double-click follows a press, as a user's does
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: (r := window.results_view.current_record()) is not None and r.id == fail, timeout=3000)

    # Enter on a task the window no longer has: tracked again, then shown.
    window.show_search()
    search_for(qtbot, view, "id:earlier-")
    qtbot.waitUntil(lambda: shown_ids(view) == [earlier.id], timeout=5000)
    assert earlier.id not in session.tasks
    view.table.setFocus()
    view.table.setCurrentIndex(view.table.model().index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert earlier.id in session.tasks
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: (r := window.results_view.current_record()) is not None and r.id == earlier.id, timeout=3000)


def test_error_lines_put_the_carets_under_the_span_of_a_long_query():
    from desktop.core.live.history_search import SearchError

    text = "x" * 200 + " colour:red " + "y" * 200
    start = text.index("colour")
    lines = error_lines(text, SearchError("unknown qualifier colour:", start, start + 6)).split("\n")
    assert lines[0].startswith("…") and lines[0].endswith("…")
    assert lines[0][lines[1].index("^") :].startswith("colour")
    assert lines[1].strip() == "^^^^^^" and lines[2] == "unknown qualifier colour:"
    control = error_lines("a\tb state:", SearchError("state: needs a value", 4, 10)).split("\n")
    assert control[0] == "a·b state:" and control[1] == "    ^^^^^^"
