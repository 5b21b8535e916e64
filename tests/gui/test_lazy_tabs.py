"""The window painted before its views exist, and tabs built when first needed."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtWidgets import QLabel

from desktop.core.connection.profiles import ConnectionProfile
from desktop.views.lazy_tab import LazyTabs
from desktop.views.main_window import MainWindow

pytestmark = [pytest.mark.gui]

DEAD = ConnectionProfile(broker_url="redis://127.0.0.1:1/0", backend_url=None)


def test_a_tab_is_built_when_first_selected_and_takes_its_placeholder_s_place(qtbot):
    from PySide6.QtWidgets import QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    lazy = LazyTabs(tabs)
    lazy.add("one", "One")
    lazy.add("two", "Two")
    built = []
    lazy.set_builder("one", lambda: built.append("one") or QLabel("first"))
    lazy.set_builder("two", lambda: built.append("two") or QLabel("second"))
    seen = []
    lazy.when_built("two", seen.append)
    assert built == ["one"]  # the tab showing is built at once; the other waits

    tabs.setCurrentIndex(1)
    assert built == ["one", "two"] and tabs.currentIndex() == 1
    assert tabs.widget(1) is lazy.view("two") and tabs.tabText(1) == "Two" and seen == [tabs.widget(1)]
    lazy.view("two")
    assert built == ["one", "two"]  # built once


def test_the_rest_is_built_one_per_turn_of_the_loop(qtbot, qasync_loop):
    from PySide6.QtWidgets import QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    lazy = LazyTabs(tabs)
    turns = []
    for key in ("a", "b", "c"):
        lazy.add(key, key)
        lazy.set_builder(key, lambda key=key: turns.append((key, len(ticks))) or QLabel(key), at_once=False)
    ticks = []

    async def tick():
        while len(ticks) < 50:
            ticks.append(1)
            await asyncio.sleep(0)

    ticking = asyncio.ensure_future(tick())
    lazy.build_rest_in_turns()
    qtbot.waitUntil(lambda: len(turns) == 3, timeout=2000)
    ticking.cancel()
    assert [key for key, _ in turns] == ["a", "b", "c"]
    assert len({at for _, at in turns}) == 3, turns  # the loop ran between two builds
    assert [tabs.widget(i).text() for i in range(3)] == ["a", "b", "c"]


def test_an_empty_window_paints_then_takes_the_console_s_views(qtbot, qasync_loop):
    from desktop.app.console import build_console

    window = MainWindow(None, "embedded demo")
    qtbot.addWidget(window)
    window.show()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Calls && results",
        "Failures",
        "Workers",
        "Queues",
        "Schedules",
        "Graphs",
        "Search",
        "Alerts",
    ]
    assert window.windowTitle() == "Celery Desktop — embedded demo"

    console = build_console(DEAD, history=False, window=window)
    try:
        assert console.window is window and window.windowTitle() == "Celery Desktop — redis://127.0.0.1:1/0"
        assert not window.lazy_tabs.is_built("results")  # in the next turns of the loop, not in this one
        qtbot.waitUntil(lambda: all(window.lazy_tabs.is_built(key) for key in ("results", "failures_view", "graphs_view")))
        assert window.tabs.widget(0) is window.results_tab and window.tabs.widget(2) is window.workers_view
        window.tabs.setCurrentWidget(window.queues_view)
        assert window.tabs.currentIndex() == 3
    finally:
        console.close()


def test_a_view_asked_for_is_built_at_once_and_wired(qtbot, qasync_loop):
    from desktop.app.console import build_console

    console = build_console(DEAD, history=False)
    window = console.window
    qtbot.addWidget(window)
    try:
        assert window.lazy_tabs.is_built("results") and window.lazy_tabs.is_built("failures_view")
        assert not window.lazy_tabs.is_built("workers_view")
        workers_view = window.workers_view  # asked for before its tab was ever shown
        assert window.lazy_tabs.is_built("workers_view") and window.tabs.widget(2) is workers_view
        assert workers_view.explain("shutdown", "w1")  # wired to the session as it was built (unwired: None)
    finally:
        console.close()
