"""One run of the console's window in a process of its own, on the screens a test gives (Qt's offscreen
platform with a configuration file): arranged as the test says, or opened again as it was left.

    python -m tests.support.layout_window CONFIG_DIR PROFILE arrange '<json>'   # arrange, close: the layout saved
    python -m tests.support.layout_window CONFIG_DIR PROFILE open               # open again, as restored

Each prints the window's numbers as one JSON line (``snapshot``), and a screenshot when SHOT is set.
A process per run is a real restart, and its screens can be wider than the test run's one
800-pixel offscreen screen (narrower than the window can be, so Qt would fit it).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QSplitter

SPLITTERS = ("resultsMainSplit", "resultsTopSplit", "resultsClusterSplit", "resultsDetailSplit")


def screens_config(path: Path, screens: list[tuple[str, int, int, int, int]]) -> str:
    """Write Qt's offscreen screen configuration; the QT_QPA_PLATFORM value that uses it."""
    path.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": n, "x": x, "y": y, "width": w, "height": h, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
                    for n, x, y, w, h in screens
                ]
            }
        )
    )
    return f"offscreen:configfile={path}"


def snapshot(app: QApplication, window) -> dict:
    """The numbers a restored window must give back; the splitters measured on their tab (then the one shown)."""
    tab = window.tabs.currentIndex()
    window.tabs.setCurrentIndex(0)
    settle(app)
    if os.environ.get("SHOT"):  # Calls & results: the splitters, the columns and the filter in sight
        window.grab().save(os.environ["SHOT"])
    results = window.results_view
    header = results.table.horizontalHeader()
    normal = window.normalGeometry() if window.isMaximized() else window.geometry()
    measured = {
        "geometry": list(normal.getRect()),
        "maximized": window.isMaximized(),
        "screen": window.screen().name(),
        "splitters": {name: window.findChild(QSplitter, name).sizes() for name in SPLITTERS},
        "order": [header.logicalIndex(v) for v in range(header.count())],
        "widths": [header.sectionSize(i) for i in range(header.count())],
        "hidden": [i for i in range(header.count()) if header.isSectionHidden(i)],
        "sort": [header.sortIndicatorSection(), header.sortIndicatorOrder().value],
        "tab": tab,
        "filter": [results.search.text(), results.state_filter.currentText()],
        "all_tasks": results.show_all_tasks.isChecked(),
    }
    window.tabs.setCurrentIndex(tab)  # as the user left it, to be saved
    return measured


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def arrange(app: QApplication, window, plan: dict) -> None:
    if plan.get("maximized"):
        window.setGeometry(*plan["geometry"])
        settle(app)
        window.showMaximized()
    else:
        window.setGeometry(*plan["geometry"])
    settle(app)
    for name, sizes in plan.get("splitters", {}).items():
        window.findChild(QSplitter, name).setSizes(sizes)
    header = window.results_view.table.horizontalHeader()
    for start, to in plan.get("moves", []):
        header.moveSection(start, to)
    for logical, width in plan.get("widths", {}).items():
        header.resizeSection(int(logical), width)
    for logical in plan.get("hide", []):
        header.setSectionHidden(logical, True)
    if "sort" in plan:
        header.setSortIndicator(plan["sort"][0], Qt.SortOrder(plan["sort"][1]))
    results = window.results_view
    results.search.setText(plan.get("search", ""))
    results.state_filter.setCurrentText(plan.get("state", "Any state"))
    results.show_all_tasks.setChecked(plan.get("all_tasks", False))
    window.tabs.setCurrentIndex(plan.get("tab", 0))
    settle(app)


def main(argv: list[str]) -> int:
    config, profile_name, step = Path(argv[0]), argv[1], argv[2]
    os.environ["CELERY_DESKTOP_CONFIG_DIR"] = str(config)
    app = QApplication([])
    from desktop.app.host import ConsoleHost
    from desktop.core.connection.profiles import ConnectionProfile
    from desktop.core.store.profile_store import Keyring, ProfileStore
    from desktop.core.store.settings import SettingsStore
    from tests.unit.store.test_profile_store import MemoryKeyring

    profiles = ProfileStore(config / "profiles.json", Keyring(MemoryKeyring()))
    host = ConsoleHost(SettingsStore(config / "settings.json"), profiles, lambda: None)
    profile = ConnectionProfile(name=profile_name, broker_url="redis://127.0.0.1:1/10", backend_url="redis://127.0.0.1:1/11")
    if step == "start":  # as app/run.py starts: the window shown empty first, its geometry given before
        from desktop.core.store.layout_store import LayoutStore
        from desktop.views.layout_memory import restore_geometry
        from desktop.views.main_window import MainWindow

        window = MainWindow(None, "starting")
        restore_geometry(window, LayoutStore(profile.history_key, config).load())
        before_show = list(window.geometry().getRect())
        window.show()
        settle(app)
        console = host.open(profile, window=window)  # the tabs built in the next turns
    else:
        console = host.open(profile)  # never started: nothing connects
        window = console.window
        before_show = list(window.geometry().getRect())
        window.show()
    settle(app, 200)
    if step == "arrange":
        arrange(app, window, json.loads(argv[3]))
    shown = snapshot(app, window) | {
        "before_show": before_show,
        "primary": QGuiApplication.primaryScreen().name(),
        "default_size": list(QSize(window.default_size).toTuple()),
    }
    window.close()  # what the user does: the layout is saved
    console.close()
    print(json.dumps(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
