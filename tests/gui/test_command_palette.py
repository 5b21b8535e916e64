"""The command palette (Ctrl+K) on the real window over the demo worker, driven by the keyboard alone."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app.operations import palette as palette_ops
from desktop.core.connection.profiles import ConnectionProfile
from desktop.views.command_palette import CommandPalette, PaletteEntry
from desktop.views.main_window import QUEUES, TABS

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def activate(qtbot, window) -> None:
    """Shortcuts reach the active window only."""
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def press_ctrl_k(qtbot, window) -> CommandPalette:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    shown = window.command_palette
    qtbot.waitUntil(shown.isVisible, timeout=2000)
    assert QApplication.focusWidget() is shown.input
    return shown


def type_and_run(qtbot, window, text: str) -> PaletteEntry:
    shown = press_ctrl_k(qtbot, window)
    qtbot.keyClicks(shown.input, text)
    chosen = shown.current_entry()
    qtbot.keyClick(shown.input, Qt.Key.Key_Return)
    assert not shown.isVisible()
    return chosen


def test_ctrl_k_reaches_tasks_rows_workers_tabs_and_menu_actions(qtbot, open_console, demo_worker, tmp_path):
    profile = ConnectionProfile(broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, broker_source="test")
    console = open_console(profile)
    window, session = console.window, console.session
    activate(qtbot, window)
    qtbot.waitUntil(lambda: any(t.name == "tasks.long_progress" for t in session.catalog), timeout=20000)
    qtbot.waitUntil(lambda: bool(session.online_workers), timeout=20000)
    ids = [str(uuid.uuid4()) for _ in range(300)]
    session.track_ids(" ".join(ids))
    qtbot.waitUntil(lambda: all(i in session.tasks for i in ids), timeout=5000)

    # A task: a few of its letters, Enter -> its call form in Calls & results.
    window.tabs.setCurrentIndex(next(i for i, (key, _t) in enumerate(TABS) if key == QUEUES))
    chosen = type_and_run(qtbot, window, "lngprog")
    assert (chosen.kind, chosen.title) == ("Task", "tasks.long_progress")
    assert window.tabs.currentIndex() == 0
    assert window.calls_view.currentWidget().task.name == "tasks.long_progress"

    # The palette open: the best matches first, the typed characters highlighted, the keys move the choice.
    shown = press_ctrl_k(qtbot, window)
    qtbot.keyClicks(shown.input, "t.add")
    titles = shown.shown_titles()
    assert titles[0] == "tasks.add"
    assert shown.model.rows[0][1].positions == (0, 5, 6, 7, 8)
    qtbot.keyClick(shown.input, Qt.Key.Key_Backspace)
    qtbot.keyClick(shown.input, Qt.Key.Key_Backspace)  # "t.a": more matches, to move through
    titles = shown.shown_titles()
    qtbot.keyClick(shown.input, Qt.Key.Key_Down)
    assert shown.current_entry().title == titles[1]
    qtbot.keyClick(shown.input, Qt.Key.Key_PageDown)
    assert shown.list.currentIndex().row() > 1
    qtbot.keyClick(shown.input, Qt.Key.Key_PageUp)
    qtbot.keyClick(shown.input, Qt.Key.Key_Up)
    assert shown.list.currentIndex().row() == 0
    qtbot.keyClick(shown.input, Qt.Key.Key_Escape)  # Escape closes, nothing run
    assert not shown.isVisible()
    assert window.calls_view.currentWidget().task.name == "tasks.long_progress"

    # Nothing typed: tabs and menu actions first, with their shortcuts; then tasks, workers, rows.
    qtbot.waitUntil(lambda: console.bridge.tasks.rowCount() >= len(ids), timeout=5000)
    shown = press_ctrl_k(qtbot, window)
    kinds = [entry.kind for entry, _m in shown.model.rows]
    assert kinds[: len(TABS)] == ["Tab"] * len(TABS) and kinds[len(TABS)] == "Action"
    assert "300 of" not in shown.status.text() and "type to narrow" in shown.status.text()
    folder = Path(os.environ.get("CELERY_DESKTOP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(folder / "command_palette_empty.png"))
    qtbot.keyClicks(shown.input, ids[7][:4])
    assert shown.current_entry().kind == "Task id"
    assert window.grab().save(str(folder / "command_palette_ids.png"))
    qtbot.keyClick(shown.input, Qt.Key.Key_Escape)

    # A row's id, in part: Enter selects that row.
    wanted = ids[123]
    chosen = type_and_run(qtbot, window, wanted[9:23])
    assert (chosen.kind, chosen.title) == ("Task id", wanted)
    assert window.results_view.current_record().id == wanted

    # A task id the window has no row for: tracked, and its row selected.
    stranger = str(uuid.uuid4())
    chosen = type_and_run(qtbot, window, stranger)
    assert chosen.title == f"Track task {stranger}"
    assert stranger in session.tasks
    qtbot.waitUntil(lambda: (r := window.results_view.current_record()) is not None and r.id == stranger, timeout=3000)

    # A worker: the Workers tab, with it selected.
    chosen = type_and_run(qtbot, window, demo_worker.hostname.split("@")[0])
    assert (chosen.kind, chosen.title) == ("Worker", demo_worker.hostname)
    assert window.tabs.currentWidget() is window.workers_view
    assert window.workers_view.selected_hostnames() == [demo_worker.hostname]

    # A tab.
    chosen = type_and_run(qtbot, window, "queues")
    assert (chosen.kind, chosen.title) == ("Tab", "Queues")
    assert window.tabs.currentWidget() is window.queues_view

    # A menu action, with its shortcut shown: the workflow composer opens.
    chosen = type_and_run(qtbot, window, "new workflow")
    assert (chosen.kind, chosen.title, chosen.detail, chosen.shortcut) == ("Action", "New workflow…", "Workflow", "Ctrl+Shift+N")
    qtbot.waitUntil(lambda: window.workflow_composer is not None and window.workflow_composer.isVisible(), timeout=2000)
    window.workflow_composer.close()


def test_every_menu_action_is_offered_but_the_palette_itself(qtbot, open_console):
    console = open_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0"))
    entries = palette_ops.palette_entries(console)
    actions = {(e.detail, e.title): e.shortcut for e in entries if e.kind == "Action"}
    assert ("File", "Settings…") in actions
    assert ("File", "Quit") in actions
    assert actions[("Workflow", "New workflow…")] == "Ctrl+Shift+N"  # File's shortcuts are the platform's (none offscreen)
    assert ("Help", "About Celery Desktop") in actions
    assert ("Connection", "New connection…") in actions
    assert not any(title == palette_ops.PALETTE_ACTION for _d, title in actions)
    assert [e.title for e in entries if e.kind == "Tab"][:3] == ["Calls & results", "Failures", "Workers"]

    # Settings through the palette: the window asks for it (the host opens the dialog).
    asked = []
    console.window.settingsRequested.connect(lambda: asked.append(True))
    activate(qtbot, console.window)
    chosen = type_and_run(qtbot, console.window, "settings")
    assert chosen.title == "Settings…"
    assert asked == [True]


def test_saved_views_and_other_kinds_register_a_provider(qtbot, open_console, monkeypatch):
    console = open_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0"))
    opened = []
    monkeypatch.setattr(palette_ops, "PROVIDERS", list(palette_ops.PROVIDERS))
    palette_ops.add_provider(lambda _console: [PaletteEntry("View", "Failed today", "saved view", run=lambda: opened.append(1))])
    activate(qtbot, console.window)
    chosen = type_and_run(qtbot, console.window, "failed today")
    assert chosen.kind == "View"
    assert opened == [1]
