"""The window remembers its layout per profile: geometry, splitters, columns, tab, filter; and forgets it on request."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter

from desktop.app.host import ConsoleHost
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.store.layout_store import Layout, LayoutStore
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import SettingsStore
from desktop.views.layout_memory import keep_on_screen
from desktop.views.main_window import MainWindow
from tests.support.layout_window import screens_config
from tests.support.windows import shots_folder
from tests.unit.store.test_profile_store import MemoryKeyring

pytestmark = [pytest.mark.gui]

# Nothing here connects: the sessions are never started, the URLs only name the profiles.
ALPHA = ConnectionProfile(name="alpha", broker_url="redis://127.0.0.1:1/10", backend_url="redis://127.0.0.1:1/11")
BETA = ConnectionProfile(name="beta", broker_url="redis://127.0.0.1:1/12", backend_url="redis://127.0.0.1:1/13")


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("CELERY_DESKTOP_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def host(qtbot, qasync_loop, config, private_history):
    """The app's own host (it remembers the layout), its files in a folder of the test's; every window closed after."""
    made = ConsoleHost(
        SettingsStore(config / "settings.json"), ProfileStore(config / "profiles.json", Keyring(MemoryKeyring())), lambda: None
    )
    opened = []

    def open_(profile: ConnectionProfile, show: bool = True, switched_away: bool = False):
        console = made.open(profile)
        if not switched_away:  # a window a switch replaces is deleted by the host, not by qtbot
            qtbot.addWidget(console.window)
        opened.append(console)
        if show:
            console.window.show()
            qtbot.waitExposed(console.window)
        return console

    made.open_window = open_
    yield made
    for console in opened:
        if shiboken6.isValid(console.window):  # else a switch closed it
            console.window.close()
            console.close()


def close(console) -> None:
    """What the user does: the window's close button; then the app closes the console."""
    console.window.close()
    console.close()


def snapshot(window: MainWindow) -> dict:
    """The numbers a restored window must give back (its size and splitters: see the test on wide screens below)."""
    results = window.results_view
    header = results.table.horizontalHeader()
    return {
        "order": [header.logicalIndex(v) for v in range(header.count())],
        "widths": [header.sectionSize(i) for i in range(header.count())],
        "hidden": [i for i in range(header.count()) if header.isSectionHidden(i)],
        "sort": (header.sortIndicatorSection(), header.sortIndicatorOrder()),
        "tab": window.tabs.currentIndex(),
        "filter": (results.search.text(), results.name_filter.text(), results.state_filter.currentText()),
        "all_tasks": results.show_all_tasks.isChecked(),
    }


def arrange(qtbot, window: MainWindow, *, x: int, y: int, main: list[int], tab: int, text: str) -> None:
    """What a user does to a window: moves and resizes it, drags a splitter, reorders, resizes and hides
    columns, sorts, chooses a tab, types a filter and ticks "All tasks"."""
    # Qt's offscreen screen is 800 px wide, narrower than the window can be: its narrowest, then, and the
    # position may move by Qt's own fitting (tests/support/layout_window.py checks geometry on wide screens).
    size = QSize(window.minimumSizeHint().width(), 600 + y)
    window.setGeometry(x, y, size.width(), size.height())
    qtbot.waitUntil(lambda: window.size() == size)
    results = window.results_view
    window.findChild(QSplitter, "resultsMainSplit").setSizes(main)
    window.findChild(QSplitter, "resultsDetailSplit").setSizes([300, 100])
    header = results.table.horizontalHeader()
    header.moveSection(0, 3)  # the first column dragged to fourth
    header.resizeSection(1, 233)
    header.setSectionHidden(4, True)
    header.setSortIndicator(2, Qt.SortOrder.DescendingOrder)
    qtbot.keyClicks(results.search, text)
    results.name_filter.setText("tasks.")
    results.state_filter.setCurrentText("FAILURE")
    results.show_all_tasks.setChecked(True)
    window.tabs.setCurrentIndex(tab)


def save_shot(window: MainWindow, tmp_path: Path, name: str) -> None:
    path = shots_folder(tmp_path) / name
    assert window.grab().save(str(path))


def test_a_closed_window_opens_again_as_it_was_left(qtbot, host, config, tmp_path):
    first = host.open_window(ALPHA)
    arrange(qtbot, first.window, x=30, y=40, main=[150, 330], tab=2, text="boom")
    left = snapshot(first.window)
    assert left["order"][3] == 0 and left["hidden"] == [4] and left["widths"][1] == 233  # as arranged
    close(first)
    assert LayoutStore("alpha").path.parent == config / "layouts" and LayoutStore("alpha", config).path.exists()

    again = host.open_window(ALPHA, show=False)
    again.window.show()
    qtbot.waitExposed(again.window)
    assert snapshot(again.window) == left
    assert again.window.tabs.currentWidget() is again.window.workers_view  # the lazy tab built, shown
    results = again.window.results_view
    qtbot.waitUntil(lambda: results.rows.filtering)  # the filter restored is applied, not only shown
    assert results.rows.show_all


def test_a_right_click_on_a_header_shows_or_hides_its_columns_and_one_stays(qtbot, host, config, tmp_path):
    window = host.open_window(ALPHA).window
    header = window.workers_view.table.horizontalHeader()
    window.tabs.setCurrentWidget(window.workers_view)
    header.customContextMenuRequested.emit(QPoint(5, 5))
    menu = header.column_menu
    qtbot.waitUntil(menu.isVisible)
    titles = [a.text() for a in menu.actions()]
    assert titles[:2] == ["Worker", "Status"] and all(a.isChecked() for a in menu.actions())
    save_shot(window, tmp_path, "column_menu_window.png")
    menu.grab().save(str(shots_folder(tmp_path) / "column_menu.png"))
    menu.actions()[1].trigger()  # Status: hidden
    menu.close()
    assert header.isSectionHidden(1)
    close(host.console)
    header = host.open_window(ALPHA).window.workers_view.table.horizontalHeader()
    assert [i for i in range(header.count()) if header.isSectionHidden(i)] == [1]  # remembered

    for column in range(1, header.count()):  # all but the first hidden: the last one shown cannot go
        header.setSectionHidden(column, True)
    header.customContextMenuRequested.emit(QPoint(5, 5))
    assert not header.column_menu.actions()[0].isEnabled() and header.column_menu.actions()[1].isEnabled()
    header.column_menu.close()


def test_two_profiles_keep_their_own_layouts(qtbot, host):
    alpha = host.open_window(ALPHA)
    arrange(qtbot, alpha.window, x=20, y=30, main=[100, 380], tab=1, text="alpha")
    beta = host.open_window(BETA)
    arrange(qtbot, beta.window, x=60, y=70, main=[320, 160], tab=3, text="beta")
    kept = {"alpha": snapshot(alpha.window), "beta": snapshot(beta.window)}
    close(alpha)
    close(beta)
    assert kept["alpha"] != kept["beta"]

    for profile in (BETA, ALPHA):
        window = host.open_window(profile).window
        assert snapshot(window) == kept[profile.name]
    saved = {name: LayoutStore(name).load() for name in kept}
    assert saved["alpha"].splitters["resultsMainSplit"] != saved["beta"].splitters["resultsMainSplit"]
    assert saved["alpha"].geometry != saved["beta"].geometry


def test_reset_layout_puts_the_defaults_back_and_forgets_the_saved_one(qtbot, host, config, tmp_path):
    fresh = host.open_window(ConnectionProfile(name="fresh", broker_url=ALPHA.broker_url, backend_url=ALPHA.backend_url))
    defaults = snapshot(fresh.window)
    close(fresh)
    first = host.open_window(ALPHA)
    arrange(qtbot, first.window, x=30, y=40, main=[150, 330], tab=4, text="boom")
    close(first)
    window = host.open_window(ALPHA).window
    assert snapshot(window)["tab"] == 4

    reset = next(a for a in window.menuBar().actions() if a.text() == "&View").menu().actions()[0]
    assert reset.text() == "&Reset layout"
    reset.trigger()
    now = snapshot(window)
    available = window.screen().availableGeometry()
    assert window.size() == window.default_size.boundedTo(available.size()) and available.contains(window.geometry())
    assert now == defaults
    assert not LayoutStore("alpha", config).path.exists()  # forgotten
    qtbot.wait(100)
    save_shot(window, tmp_path, "after_reset.png")
    close(host.console)
    assert snapshot(host.open_window(ALPHA).window) == defaults


def test_a_damaged_layout_file_is_ignored_with_a_note_in_the_log(qtbot, host, config, caplog):
    fresh = host.open_window(BETA)
    defaults = snapshot(fresh.window)
    close(fresh)
    store = LayoutStore("alpha", config)
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(b"{\x00 not json")
    with caplog.at_level(logging.WARNING):
        window = host.open_window(ALPHA).window
    assert snapshot(window) == defaults
    assert any("could not be read" in m and "default layout used" in m for m in caplog.messages)
    assert store.path.with_suffix(".unreadable.json").exists()  # kept aside for the user, not overwritten
    close(host.console)

    # Another version's file, then states that do not fit: each part keeps its default.
    store.save(Layout(splitters={"resultsMainSplit": b"\x00\x01"}))
    data = json.loads(store.path.read_text())
    store.path.write_text(json.dumps(data | {"format": 99}))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        window = host.open_window(ALPHA).window
    assert snapshot(window) == defaults
    assert any("another version" in m for m in caplog.messages)
    close(host.console)

    header = window.results_view.table.horizontalHeader()
    store.save(
        Layout(
            geometry=b"not a geometry",
            splitters={"resultsMainSplit": b"garbage", "resultsTopSplit": b""},
            headers={"resultsTable": b"garbage", "workersTable": b"x"},
            columns={"resultsTable": header.count(), "workersTable": 99},
            tab="no such tab",
            values={"results.search": "x" * 20_000, "results.show_all_tasks": "yes"},
        )
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        console = host.open_window(ALPHA)
        console.window.tabs.setCurrentIndex(2)  # the Workers tab built: its header's saved state is for 99 columns
    assert snapshot(console.window) | {"tab": 0} == defaults
    messages = "\n".join(caplog.messages)
    assert "geometry could not be read" in messages and "resultsMainSplit could not be read" in messages
    assert "resultsTable could not be read" in messages and "workersTable are for 99 columns" in messages


def test_a_window_saved_on_a_screen_that_is_gone_opens_on_the_primary_screen(qtbot, host, config, tmp_path):
    primary = QGuiApplication.primaryScreen().availableGeometry()
    far = MainWindow(None, "far")
    qtbot.addWidget(far)
    far.setGeometry(primary.right() + 3000, primary.bottom() + 2000, 640, 480)  # a monitor since unplugged
    LayoutStore("alpha", config).save(Layout(geometry=bytes(far.saveGeometry().data())))

    window = host.open_window(ALPHA, show=False).window
    title_bar = QRect(window.geometry().topLeft(), QSize(window.width(), 30))
    assert primary.contains(title_bar) and window.width() <= primary.width()
    window.show()
    qtbot.waitExposed(window)
    save_shot(window, tmp_path, "off_screen_restored.png")

    # The check of its own, for a geometry Qt let through: moved to the primary screen, fitted to it.
    far.setGeometry(primary.right() + 3000, 10, 5000, 400)
    keep_on_screen(far)
    assert primary.contains(far.geometry())


def test_a_change_is_written_a_few_seconds_after_it_and_a_switch_saves_the_old_window(
    qtbot, host, config, demo_worker, monkeypatch
):
    monkeypatch.setattr("desktop.views.layout_memory.SAVE_AFTER_MS", 200)
    alpha = ConnectionProfile(name="alpha", broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url)
    beta = ConnectionProfile(name="beta", broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url)
    assert host.profiles.save(alpha) == "" and host.profiles.save(beta) == ""
    first = host.open_window(alpha, switched_away=True)
    store = LayoutStore("alpha", config)
    first.window.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: store.path.exists() and store.load().tab == "queues_view", timeout=5000)  # no close needed

    first.window.tabs.setCurrentIndex(5)
    where = first.window.geometry()
    first.session.start()
    switching = asyncio.ensure_future(host.switch("beta", ask=lambda *_: pytest.fail("the keyring holds the password")))
    qtbot.waitUntil(switching.done, timeout=15000)
    assert switching.result() is True
    assert store.load().tab == "graphs_view"  # saved as it was left
    second = host.console  # not qtbot's: the next switch deletes it
    assert second.window.geometry() == where  # a profile's first window: where the last one was
    assert second.window.tabs.currentIndex() == 0
    second.window.tabs.setCurrentIndex(2)
    switching = asyncio.ensure_future(host.switch("alpha", ask=lambda *_: pytest.fail("the keyring holds the password")))
    qtbot.waitUntil(switching.done, timeout=15000)
    third = host.console
    qtbot.addWidget(third.window)
    assert third.window.tabs.currentIndex() == 5  # alpha's own
    assert LayoutStore("beta", config).load().tab == "workers_view"
    stopping = asyncio.ensure_future(third.session.stop())
    qtbot.waitUntil(stopping.done, timeout=15000)
    third.close()


def run_window(config: Path, screens: str, profile: str, step: str, plan: dict | None = None, shot: Path | None = None) -> dict:
    """One console process (tests/support/layout_window.py) on these screens: its window's numbers."""
    env = os.environ | {"QT_QPA_PLATFORM": screens, "CELERY_DESKTOP_CONFIG_DIR": str(config)}
    env |= {"SHOT": str(shot)} if shot else {}
    args = [sys.executable, "-m", "tests.support.layout_window", str(config), profile, step]
    done = subprocess.run([*args, json.dumps(plan)] if plan else args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_restarted_console_opens_as_it_was_left_and_off_a_screen_that_is_gone(tmp_path, config, private_history):
    two = screens_config(tmp_path / "two.json", [("left", 0, 0, 1600, 1000), ("right", 1600, 0, 1600, 1000)])
    one = screens_config(tmp_path / "one.json", [("left", 0, 0, 1600, 1000)])
    plan = {
        "geometry": [1700, 80, 1280, 820],  # on the right-hand monitor
        "splitters": {"resultsMainSplit": [260, 420], "resultsTopSplit": [300, 900], "resultsDetailSplit": [700, 500]},
        "moves": [[0, 3]],  # the first column dragged to fourth
        "widths": {"1": 233},
        "hide": [4],
        "sort": [2, Qt.SortOrder.DescendingOrder.value],
        "search": "boom",
        "state": "FAILURE",
        "all_tasks": True,
        "tab": 2,
    }
    left = run_window(config, two, "alpha", "arrange", plan)
    assert left["screen"] == "right" and left["geometry"] == plan["geometry"] and left["tab"] == 2
    assert left["order"][3] == 0 and left["hidden"] == [4] and left["widths"][1] == 233  # as arranged

    again = run_window(config, two, "alpha", "open", shot=shots_folder(tmp_path) / "restarted_window.png")
    assert again["before_show"] == plan["geometry"]  # given before it shows: it does not jump
    assert {k: again[k] for k in SNAPSHOT} == {k: left[k] for k in SNAPSHOT}
    started = run_window(config, two, "alpha", "start")  # the app's own start: the window shown empty, then filled
    assert started["before_show"] == plan["geometry"]
    assert {k: started[k] for k in SNAPSHOT} == {k: left[k] for k in SNAPSHOT}
    shown_first = run_window(config, two, "gamma", "arrange", plan | {"tab": 0})  # its splitters built in sight
    assert {k: run_window(config, two, "gamma", "start")[k] for k in SNAPSHOT} == {k: shown_first[k] for k in SNAPSHOT}

    # The right-hand monitor unplugged: the window opens on the one there is, whole, as it was otherwise.
    alone = run_window(config, one, "alpha", "open")
    x, y, width, height = alone["geometry"]
    assert alone["screen"] == "left" and x >= 0 and x + width <= 1600 and y >= 0 and y + height <= 1000
    assert [width, height] == plan["geometry"][2:]  # its size kept
    same = [k for k in SNAPSHOT if k not in ("geometry", "screen")]
    assert {k: alone[k] for k in same} == {k: left[k] for k in same}

    # Maximised on a profile of its own: opens maximised, its size from before kept for un-maximising.
    maximised = run_window(config, two, "beta", "arrange", {"geometry": [100, 100, 1100, 700], "maximized": True})
    assert maximised["maximized"]
    back = run_window(config, two, "beta", "open")
    assert back["maximized"] and back["geometry"] == maximised["geometry"] and back["screen"] == "left"


SNAPSHOT = ("geometry", "maximized", "screen", "splitters", "order", "widths", "hidden", "sort", "tab", "filter", "all_tasks")


def test_the_composer_and_a_queues_message_browser_open_where_they_were_left(qtbot, host, config, tmp_path):
    from desktop.app.console import open_messages

    first = host.open_window(ALPHA)
    first.window.workflowRequested.emit(None)  # Workflow › New workflow…
    composer = first.window.workflow_composer
    qtbot.waitExposed(composer)
    size = composer.minimumSizeHint().expandedTo(QSize(560, 420))  # the offscreen screen is 800 px wide
    composer.setGeometry(40, 50, size.width(), size.height())
    qtbot.waitUntil(lambda: composer.size() == size)
    composer.findChild(QSplitter, "composerSplit").setSizes([180, size.width() - 180])
    kept_composer = (composer.geometry(), composer.findChild(QSplitter, "composerSplit").sizes())
    composer.close()  # hidden: kept as it is now
    browser = open_messages(first, "celery")
    qtbot.waitExposed(browser)
    size = browser.minimumSizeHint().expandedTo(QSize(600, 460))
    browser.setGeometry(60, 70, size.width(), size.height())
    qtbot.waitUntil(lambda: browser.size() == size)
    browser.findChild(QSplitter, "messagesSplit").setSizes([300, 150])
    kept_browser = (browser.geometry(), browser.findChild(QSplitter, "messagesSplit").sizes())
    browser.close()  # closed and deleted: what it looked like was taken before
    qtbot.waitUntil(lambda: not shiboken6.isValid(browser))
    close(first)
    saved = LayoutStore("alpha", config).load()
    assert {"workflowComposer", "queueMessagesWindow"} <= set(saved.windows)
    assert {"composerSplit", "messagesSplit"} <= set(saved.splitters)

    again = host.open_window(ALPHA)
    again.window.workflowRequested.emit(None)
    composer = again.window.workflow_composer
    qtbot.waitExposed(composer)
    assert (composer.geometry(), composer.findChild(QSplitter, "composerSplit").sizes()) == kept_composer
    browser = open_messages(again, "other-queue")  # every queue's browser opens where the last one was
    qtbot.waitExposed(browser)
    assert (browser.geometry(), browser.findChild(QSplitter, "messagesSplit").sizes()) == kept_browser
    save_shot(browser, tmp_path, "message_browser_restored.png")
    browser.close()
    composer.close()


def test_each_tasks_call_form_opens_at_the_sizes_the_last_one_was_given(qtbot, host, config):
    from desktop.core.domain.catalog import TaskInfo

    first = host.open_window(ALPHA)
    calls = first.window.calls_view
    add = calls.open(TaskInfo(name="tasks.add"))
    qtbot.waitExposed(add)
    split = add.findChild(QSplitter, "callFormSplit")
    default = split.sizes()
    total = sum(default)
    split.setSizes([total, 0])  # the previews folded away: the fields take it all
    split.splitterMoved.emit(split.sizes()[0], 1)  # what a drag of its handle tells
    assert default[1] > 0 and split.sizes()[1] == 0  # the previews folded away
    mul = calls.open(TaskInfo(name="tasks.mul"))  # another task's form: the sizes the last one was given
    qtbot.waitUntil(lambda: mul.findChild(QSplitter, "callFormSplit").sizes()[1] == 0)
    close(first)
    assert "callFormSplit" in LayoutStore("alpha", config).load().splitters

    again = host.open_window(ALPHA)
    form = again.window.calls_view.open(TaskInfo(name="tasks.xsum"))
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: form.findChild(QSplitter, "callFormSplit").sizes()[1] == 0)
