"""Saved views in the Search tab on the real window over the demo worker: a query and its sort saved by name,
listed with how many tasks match, deleted, and the last one opened run again when the console is built anew."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.store.saved_views import SavedViewStore
from desktop.views import history_search_view

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def send(qtbot, session, name: str, args: tuple) -> str:
    sending = asyncio.ensure_future(session.send(name, args))
    qtbot.waitUntil(sending.done, timeout=10000)
    return sending.result().value[0].task_id


def save_as(qtbot, view, monkeypatch, name: str, query: str) -> None:
    view.field.setText(query)
    monkeypatch.setattr(history_search_view, "ask_text", lambda *a, **k: (name, True))
    qtbot.mouseClick(view.save_view_button, Qt.MouseButton.LeftButton)


def click_view(qtbot, view, row: int) -> None:
    item = view.views_list.item(row)
    at = view.views_list.visualItemRect(item).center()
    qtbot.mouseClick(view.views_list.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_saved_views_are_listed_with_counts_deleted_and_the_last_reopens(qtbot, open_console, demo_worker, tmp_path, monkeypatch):
    monkeypatch.setenv("CELERY_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    profile = ConnectionProfile(
        broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, broker_source="test", name="saved-views-gui"
    )
    console = open_console(profile)
    window, session = console.window, console.session
    qtbot.waitUntil(lambda: session.history_loaded, timeout=10000)
    adds = [send(qtbot, session, "tasks.add", (x, 1)) for x in range(3)]
    fail = send(qtbot, session, "tasks.always_fails", ("SKU-9", 1))
    qtbot.waitUntil(lambda: all(session.tasks[i].state == "SUCCESS" for i in adds), timeout=20000)
    qtbot.waitUntil(lambda: session.tasks[fail].state == "FAILURE", timeout=20000)

    window.show_search()
    view = window.search_view
    assert view.view_item_texts() == []
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    save_as(qtbot, view, monkeypatch, "Adds", "name:tasks.add")
    save_as(qtbot, view, monkeypatch, "Failed", "state:failure")
    save_as(qtbot, view, monkeypatch, "Broken", "since:2x")  # an error in the query: listed, not counted
    qtbot.waitUntil(lambda: view.view_item_texts() == ["Adds  3", "Broken", "Failed  1"], timeout=10000)
    stored = SavedViewStore(profile.history_key)
    assert stored.get("Adds").sort_column == 1 and not stored.get("Adds").descending
    assert stored.get("Failed").query == "state:failure"

    # A click opens a view: its query in the field, its sort on the table, run.
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    click_view(qtbot, view, 0)
    assert view.field.text() == "name:tasks.add" and view.current_sort() == (1, False)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    assert SavedViewStore(profile.history_key).last == "Adds"
    folder = Path(os.environ.get("CELERY_DESKTOP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(folder / "saved-views.png"))

    # Delete the selected one.
    click_view(qtbot, view, 1)
    assert view.selected_view() == "Broken"
    qtbot.mouseClick(view.delete_view_button, Qt.MouseButton.LeftButton)
    assert [t.split("  ")[0] for t in view.view_item_texts()] == ["Adds", "Failed"]
    assert SavedViewStore(profile.history_key).names() == ["Adds", "Failed"]

    click_view(qtbot, view, 1)  # "Failed": the one opened last
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)

    # A new console on the same config folder: the last view's query in the field, run.
    history = session.history  # the tasks written (as closing the console would), the failure with its state
    qtbot.waitUntil(
        lambda: history.flush() and history.database.count_matching(history.profile, "state:failure") == 1, timeout=10000
    )
    again = open_console(profile)
    again_view = again.window.search_view  # built now if the tab was not yet
    assert again_view.field.text() == "state:failure" and again_view.selected_view() == "Failed"
    qtbot.waitUntil(lambda: again_view.model.rowCount() == 1, timeout=10000)
    assert again_view.model.record(0).id == fail
    again.window.show_search()
    qtbot.waitUntil(lambda: again_view.view_item_texts() == ["Adds  3", "Failed  1"], timeout=10000)


def type_into_next_dialog(qtbot, text: str) -> None:
    """The next modal dialog (Save view's name) gets ``text`` and Enter, from the keyboard."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        field = dialog.findChild(QLineEdit)
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def test_a_view_is_saved_opened_and_its_task_shown_by_keyboard_alone(qtbot, open_console, demo_worker, tmp_path, monkeypatch):
    monkeypatch.setenv("CELERY_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    profile = ConnectionProfile(
        broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, broker_source="test", name="views-by-keys"
    )
    console = open_console(profile)
    window, session = console.window, console.session
    qtbot.waitUntil(lambda: session.history_loaded, timeout=10000)
    add = send(qtbot, session, "tasks.add", (2, 3))
    fail = send(qtbot, session, "tasks.always_fails", ("SKU-4", 1))
    qtbot.waitUntil(lambda: session.tasks[add].state == "SUCCESS" and session.tasks[fail].state == "FAILURE", timeout=20000)
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    view = window.search_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.field, timeout=2000)
    qtbot.keyClicks(view.field, "state:failure")
    qtbot.keyClick(view.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10000)
    type_into_next_dialog(qtbot, "Failed")
    qtbot.keyClick(view.field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S: Save view…
    qtbot.waitUntil(lambda: SavedViewStore(profile.history_key).names() == ["Failed"], timeout=5000)

    # Another query, then the saved view back through Ctrl+K.
    qtbot.keyClick(view.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.field, "name:tasks.add")
    qtbot.keyClick(view.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [r.id for r in view.model.records()] == [add], timeout=10000)
    window.activateWindow()  # the name dialog took it (offscreen gives it back only when asked)
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(view.field, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.command_palette
    qtbot.waitUntil(palette.isVisible, timeout=2000)
    qtbot.keyClicks(palette.input, "failed")
    assert palette.current_entry().kind == "View" and palette.current_entry().detail == "saved view · state:failure"
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [r.id for r in view.model.records()] == [fail], timeout=10000)
    assert view.field.text() == "state:failure" and view.selected_view() == "Failed"

    # The found task opens in Calls & results with Enter, the table having the focus.
    assert QApplication.focusWidget() is view.table
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results_view.selected_ids() == [fail], timeout=5000)

    # Enter on a view in the list opens it too.
    view.views_list.setFocus()
    view.views_list.setCurrentRow(0)
    view.field.setText("")
    qtbot.keyClick(view.views_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.field.text() == "state:failure", timeout=5000)
