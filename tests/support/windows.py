"""The real window in a test: built for a profile, shown, its session started and stopped; rows of a
record table selected by what they hold; screenshots where $CELERY_DESKTOP_SHOTS says."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.app.console import Console, build_console
from desktop.core.connection.profiles import ConnectionProfile


@contextmanager
def console_on(qtbot, profile: ConnectionProfile) -> Iterator[Console]:
    """The window for ``profile`` (no history), 1440x900, its loops started; stopped and closed afterwards."""
    console = build_console(profile, history=False)
    qtbot.addWidget(console.window)
    console.window.show()
    console.window.resize(1440, 900)
    console.session.start()
    try:
        yield console
    finally:
        stopping = asyncio.ensure_future(console.session.stop())
        qtbot.waitUntil(stopping.done, timeout=15000)
        console.close()


def shots_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CELERY_DESKTOP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def rows_of(view) -> list:
    return view.model.records()


def select_rows(view, predicate) -> None:
    """Select the rows of ``view.table`` whose record (``view.model``) ``predicate`` accepts, and only those."""
    proxy = view.table.model()
    selection = view.table.selectionModel()
    selection.clearSelection()
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if predicate(view.model.record(proxy.mapToSource(index).row())):
            selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
