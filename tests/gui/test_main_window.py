"""The main window on a real worker, and on a broker that does not answer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import Progress, TaskRecord

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def column_of(model, title: str) -> int:
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)


def column_texts(model, column: int | str) -> list[str]:
    column = column_of(model, column) if isinstance(column, str) else column
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_window_lists_the_demo_workers_registered_tasks(qtbot, open_console, demo_worker, tmp_path):
    profile = ConnectionProfile(broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, broker_source="test")
    console = open_console(profile)
    window, bridge = console.window, console.bridge
    qtbot.waitUntil(lambda: bridge.registered.rowCount() >= 11, timeout=20000)

    names = column_texts(bridge.registered, 0)
    assert {"tasks.add", "sum-of-two-numbers", "tasks.long_progress", "tasks.always_fails", "tasks.audited"} <= set(names)
    assert column_texts(bridge.workers, 0) == [demo_worker.hostname]
    assert column_texts(bridge.workers, 1) == ["online"]
    slow_row = names.index("tasks.slow")
    assert bridge.registered.index(slow_row, column_of(bridge.registered, "Time limits")).data() == "soft 5 s / hard 10 s"

    proxy = window.registered_view.table.model()
    window.registered_view.filter.setText("progress")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["tasks.long_progress"]

    _title, url, status = window.connection_bar.rows["broker"]
    assert "redis://:***@127.0.0.1:" in url.text()
    assert "answers" in status.text()
    assert demo_worker.process.broker_url.split("@")[0].rsplit(":", 1)[-1] not in window.connection_bar.summary.text()
    # The bar is redrawn with the refresh's last notice, coalesced a few ms after the catalog.
    qtbot.waitUntil(lambda: "1 worker online" in window.connection_bar.summary.text(), timeout=5000)
    assert window.grab().save(str(tmp_path / "window.png"))


def test_unreachable_broker_shows_a_message_in_the_window(qtbot, open_console):
    profile = ConnectionProfile(broker_url="redis://:s3cret-pw@127.0.0.1:1/10", backend_url="redis://:s3cret-pw@127.0.0.1:1/11")
    console = open_console(profile)
    _title, _url, status = console.window.connection_bar.rows["broker"]
    qtbot.waitUntil(lambda: "unreachable" in status.text(), timeout=10000)
    assert "refused" in status.text().lower() or "111" in status.text()
    assert "s3cret-pw" not in status.text()
    assert console.bridge.workers.rowCount() == 0


def test_tracked_tasks_show_state_progress_and_errors(qtbot, open_console):
    profile = ConnectionProfile(broker_url="redis://127.0.0.1:1/0", backend_url=None)
    console = open_console(profile)
    session, tasks = console.session, console.bridge.tasks
    session.apply_results(
        [
            TaskRecord(id="a", name="tasks.long_progress", state="PROGRESS", progress=Progress(3, 10)),
            TaskRecord(id="b", name="tasks.always_fails", state="FAILURE", result="InventoryError: no stock"),
            TaskRecord(id="c", name="tasks.add", state="PENDING", error="undecodable result (9 bytes)"),
        ]
    )
    qtbot.waitUntil(lambda: tasks.rowCount() == 3, timeout=2000)
    assert column_texts(tasks, "State") == ["PROGRESS", "FAILURE", "PENDING"]
    assert column_texts(tasks, "Progress")[0] == "30%"
    assert column_texts(tasks, "Result") == ["", "InventoryError: no stock", "undecodable result (9 bytes)"]
    assert tasks.index(1, 3).data(Qt.ItemDataRole.ForegroundRole).name() == "#d64545"
    assert not console.window.grab().isNull()


def test_closing_the_window_runs_the_close_handlers(qtbot, open_console):
    console = open_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0"))
    closed = []
    console.window.on_close(lambda: closed.append(True))
    quit_action = next(a for m in console.window.menuBar().actions() for a in m.menu().actions() if a.text() == "&Quit")
    quit_action.trigger()
    assert closed == [True] and not console.window.isVisible()


def test_unexpected_exceptions_land_in_the_error_panel_and_the_log(qtbot, open_console, qasync_loop, tmp_path):
    """A background job and a Qt slot raise: the panel lists both, "Copy details" gives the tracebacks,
    the rotating log file has them, the password is nowhere, and the loop keeps running."""
    import asyncio
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QPushButton

    from desktop.app.run import install_error_handlers
    from desktop.core.runtime import app_log

    console = open_console(ConnectionProfile(broker_url="redis://:pw-in-url@127.0.0.1:1/0"))
    panel = console.window.error_panel
    log_file = app_log.install("WARNING", folder=tmp_path, stderr=False)
    install_error_handlers(qasync_loop, lambda: console.session)
    try:

        async def broken():
            raise ZeroDivisionError("boom in a background job, pw-in-url")

        def broken_slot():
            raise ValueError("bad slot, password pw-in-url")

        asyncio.ensure_future(broken())
        qtbot.waitUntil(lambda: "boom in a background job" in panel.text.toPlainText(), timeout=5000)
        QTimer.singleShot(0, broken_slot)  # raised inside Qt's event dispatch, not Python's
        qtbot.waitUntil(lambda: "bad slot" in panel.text.toPlainText(), timeout=2000)

        async def still_running():
            await asyncio.sleep(0.01)
            return "alive"

        alive = asyncio.ensure_future(still_running())
        qtbot.waitUntil(alive.done, timeout=2000)
        assert alive.result() == "alive"
        assert QApplication.activeModalWidget() is None  # a panel, not a dialog
        copy = next(b for b in panel.findChildren(QPushButton) if b.text() == "Copy details")
        copy.click()
        copied = QApplication.clipboard().text()
    finally:
        sys.excepthook = sys.__excepthook__
        qasync_loop.set_exception_handler(None)
        app_log.uninstall()
    assert panel.isVisible()
    assert "pw-in-url" not in panel.text.toPlainText()
    assert "2 errors" in panel.title.text(), panel.text.toPlainText()
    assert "Traceback" in copied and "broken_slot" in copied and "def broken" not in copied
    assert "ZeroDivisionError" in copied and "Celery Desktop" in copied and "pw-in-url" not in copied
    written = log_file.read_text()
    assert "Traceback" in written and "broken_slot" in written and "boom in a background job" in written
    assert "pw-in-url" not in written


def test_the_licences_dialog_lists_the_bundled_components(qtbot, open_console):
    console = open_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0"))
    console.window.show_licences()
    dialog = console.window.licences_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    from PySide6.QtWidgets import QTextBrowser

    text = dialog.findChild(QTextBrowser).toPlainText()
    assert "celery" in text and "kombu" in text and "GNU LESSER GENERAL PUBLIC LICENSE" in text
    dialog.close()
