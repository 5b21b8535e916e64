"""The Search tab's "Act on all matches" in the real window, over a private Redis and a real worker.

10,000 failed tasks the history knows (with the calls the console sent) are found by
``state:FAILURE``; Re-send… from the button's menu asks with the exact count, then sends each again
to a queue no worker consumes, the progress bar moving while the GUI thread stays free; the summary
counts them and copies; the broker holds exactly the messages sent. Cancel part-way leaves the rest
"not done (cancelled)". A read-only connection offers only Export and Watch; a production one asks
for its name or the count before anything goes out.
"""

from __future__ import annotations

import json
import sys
import time
import uuid

import pytest
import redis
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from desktop.app.operations.palette import palette_entries
from desktop.app.run import tune_gc
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.live.bulk_actions import BulkKind
from desktop.core.store.export import ids_from_file
from desktop.views.bulk_actions_view import BUTTON_TEXT, BulkConfirmDialog
from desktop.views.danger import TypeToConfirm, read_only_reason
from tests.support.measured import measured
from tests.support.stall import StallMeter
from tests.support.windows import shots_folder

pytestmark = [pytest.mark.gui, pytest.mark.integration]

STALL_LIMIT_MS = 1000.0  # generous: a shared machine; a blocking send of 250 calls on the GUI thread is well above it
TICK_MS = 10  # the stall meter's timer


@pytest.fixture(scope="module")
def cluster(module_cluster_on):
    """A private redis-server and a worker on desktop/tasks.py (it consumes "celery", never the parked queues)."""
    return module_cluster_on("desktop.tasks", "bulk")


def profile_for(cluster, name: str, **options) -> ConnectionProfile:
    return ConnectionProfile(
        broker_url=cluster.broker_url, backend_url=cluster.backend_url, broker_source="test", name=name, **options
    )


def parked_queue() -> str:
    return f"bulk-parked-{uuid.uuid4().hex[:8]}"


def open_window(qtbot, open_console, profile: ConnectionProfile):
    console = open_console(profile)
    console.window.resize(1440, 900)
    qtbot.waitUntil(lambda: console.session.history_loaded, timeout=15000)
    return console


def fill_history(console, count: int, queue: str, state: str = "FAILURE") -> list[str]:
    """``count`` tasks of tasks.always_fails in the history, each with the call the console sent (to ``queue``)."""
    history = console.session.history
    now = time.time()
    records, calls = [], {}
    for n in range(count):
        task_id = str(uuid.uuid4())
        sku = f"SKU-{n:05d}"
        ended = state == "FAILURE"
        records.append(
            TaskRecord(
                id=task_id,
                name="tasks.always_fails",
                state=state,
                args=repr((sku, 2)),
                result="ValueError: invalid SKU" if ended else "",
                sent_at=now - 3600 + n * 0.1,
                mine=True,
            )
        )
        calls[task_id] = CallSpec("tasks.always_fails", args=(sku, 2), queue=queue, task_id=task_id)
    history.database.save(history.profile, records, now, calls=calls)
    return [r.id for r in records]


def search_for(qtbot, console, text: str, count: int) -> None:
    window = console.window
    window.show_search()
    view = window.search_view
    view.field.clear()
    qtbot.keyClicks(view.field, text)
    qtbot.keyClick(view.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: f"{count:,} task{'' if count == 1 else 's'} match" in view.count_label.text(), timeout=20000)
    qtbot.waitUntil(view.bulk.button.isEnabled, timeout=5000)


def confirm_dialog(qtbot, window) -> BulkConfirmDialog:
    found: list[BulkConfirmDialog] = []

    def shown() -> bool:
        found[:] = [d for d in window.findChildren(BulkConfirmDialog) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=30000)
    return found[0]


def messages_in(cluster, queue: str) -> list[dict]:
    client = redis.Redis.from_url(cluster.broker_url)
    try:
        return [json.loads(raw) for raw in client.lrange(queue, 0, -1)]
    finally:
        client.close()


def queue_length(cluster, queue: str) -> int:
    client = redis.Redis.from_url(cluster.broker_url)
    try:
        return client.llen(queue)
    finally:
        client.close()


def grab_with_menu(window, menu) -> object:
    """The window with the menu open over it (a menu is a window of its own: painted in where it is)."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.drawPixmap(window.mapFromGlobal(menu.mapToGlobal(QPoint(0, 0))), menu.grab())
    painter.end()
    return shot


def test_resend_of_10000_failures_from_the_search_tab(qtbot, open_console, cluster, tmp_path):
    folder = shots_folder(tmp_path)
    queue = parked_queue()
    console = open_window(qtbot, open_console, profile_for(cluster, "bulk-resend"))
    window = console.window
    old_ids = fill_history(console, 10_000, queue)
    search_for(qtbot, console, "state:FAILURE", 10_000)
    bar = window.search_view.bulk
    assert bar.button.text() == BUTTON_TEXT
    assert [a.text() for a in bar.menu.actions() if not a.isSeparator()] == [
        "Re-send…",
        "Revoke…",
        "Terminate…",
        "Forget…",
        "Export…",
        "Watch",
    ]
    assert all(a.toolTip() for a in bar.menu.actions() if not a.isSeparator())
    assert not bar.panel.isVisible()

    bar.menu.popup(bar.button.mapToGlobal(QPoint(0, bar.button.height())))
    qtbot.waitUntil(bar.menu.isVisible, timeout=2000)
    assert grab_with_menu(window, bar.menu).save(str(folder / "bulk-menu.png"))
    bar.menu.hide()

    resend = next(e for e in palette_entries(console) if e.title == "Re-send all matches…")
    assert resend.detail == "Search › state:FAILURE"
    resend.run()  # as Ctrl+K, Enter does: the menu's Re-send…
    assert not bar.button.isEnabled()  # one bulk action at a time, from the first click
    dialog = confirm_dialog(qtbot, window)
    question = dialog.message.text()
    assert question.startswith("Re-send 10,000 tasks matching the query:\n    state:FAILURE")
    assert dialog.ok_button.text() == "Re-send" and dialog.cancel_button.isDefault() and not dialog.ok_button.isDefault()
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText
    assert dialog.grab().save(str(folder / "bulk-confirm.png"))

    pacer, switch = tune_gc(), sys.getswitchinterval()  # the collector and the GIL as the app sets them (app/run.py)
    meter = StallMeter()
    meter.timer.setInterval(TICK_MS)
    meter.start()
    values: list[int] = []
    bar.progress.valueChanged.connect(values.append)
    mid_run: list[bool] = []

    def shoot_mid_run() -> bool:
        if not mid_run and bar.panel.isVisible() and 0 < bar.progress.value() < 10_000:
            meter.pause()  # the screenshot is the test's own work
            assert window.grab().save(str(folder / "bulk-progress.png"))
            meter.resume()
            mid_run.append(True)
            assert bar.progress.text().startswith("Re-send: ") and bar.progress.text().endswith(" of 10,000")
            assert bar.cancel_button.isVisible() and bar.cancel_button.isEnabled()
        return bar.summary_dialog is not None

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(shoot_mid_run, timeout=180000)
    longest = meter.stop()
    pacer.stop()
    sys.setswitchinterval(switch)
    measured("bulk re-send of 10,000 from the Search tab: longest GUI stall", longest, "ms")

    assert mid_run, "the progress bar was never seen part-way"
    assert len(set(values)) > 3 and values == sorted(values) and values[-1] == 10_000  # it moved, chunk by chunk
    assert not bar.panel.isVisible() and bar.button.isEnabled()
    summary_dialog = bar.summary_dialog
    summary = summary_dialog.summary
    assert (len(summary.done), len(summary.failed), len(summary.skipped), summary.cancelled) == (10_000, 0, 0, False)
    assert set(summary.done) == set(old_ids) and len(set(summary.new_ids.values())) == 10_000
    assert summary.headline().startswith("Re-send: 10,000 re-sent, 0 failed, 0 skipped (of 10,000) in ")
    assert summary_dialog.headline.text() == summary.headline() and summary_dialog.headline.font().bold()
    assert summary_dialog.text.toPlainText() == summary.text() and summary_dialog.text.isReadOnly()
    assert bar.status.text() == summary.headline()
    qtbot.waitUntil(lambda: summary_dialog.isVisible(), timeout=2000)
    assert summary_dialog.grab().save(str(folder / "bulk-summary.png"))
    qtbot.mouseClick(summary_dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == summary.text()

    # Each new id is a message in the parked queue, nothing else is.
    assert queue_length(cluster, queue) == 10_000
    assert {m["headers"]["id"] for m in messages_in(cluster, queue)} == set(summary.new_ids.values())
    # The search ran again: the table shows the query's state now.
    qtbot.waitUntil(lambda: "10,000 tasks match" in window.search_view.count_label.text(), timeout=20000)
    assert longest < STALL_LIMIT_MS, f"the GUI thread stalled {longest:.0f} ms"


def test_cancel_part_way(qtbot, open_console, cluster):
    queue = parked_queue()
    console = open_window(qtbot, open_console, profile_for(cluster, "bulk-cancel"))
    window = console.window
    fill_history(console, 10_000, queue)
    search_for(qtbot, console, "state:FAILURE", 10_000)
    bar = window.search_view.bulk
    bar.action(BulkKind.RESEND).trigger()
    dialog = confirm_dialog(qtbot, window)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.panel.isVisible() and bar.progress.value() >= 250, timeout=60000)
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    assert bar.cancel_button.text() == "Cancelling…" and not bar.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: bar.summary_dialog is not None, timeout=60000)
    summary = bar.summary_dialog.summary
    done = len(summary.done)
    assert summary.cancelled and 250 <= done < 10_000
    assert done + len(summary.not_done) == 10_000 and not summary.failed
    assert f"{len(summary.not_done):,} not done (cancelled)" in summary.headline()
    assert f"not done, cancelled ({len(summary.not_done):,}):" in summary.text()
    assert queue_length(cluster, queue) == done
    assert {m["headers"]["id"] for m in messages_in(cluster, queue)} == set(summary.new_ids.values())


def test_read_only_offers_export_and_watch_only(qtbot, open_console, cluster, tmp_path):
    profile = profile_for(cluster, "bulk-read-only", read_only=True)
    console = open_window(qtbot, open_console, profile)
    window = console.window
    fill_history(console, 30, parked_queue(), state="STARTED")
    search_for(qtbot, console, "state:STARTED", 30)
    bar = window.search_view.bulk
    reason = read_only_reason(profile.name, "re-sending, revoking, terminating and forgetting")
    for kind in BulkKind:
        action = bar.action(kind)
        if kind.changes_cluster:
            assert not action.isEnabled() and action.toolTip() == reason, kind
        else:
            assert action.isEnabled() and action.toolTip() != reason, kind
    offered = [e.title for e in palette_entries(console) if e.title.endswith(("all matches", "all matches…"))]
    assert offered == ["Export all matches…", "Watch all matches"]  # Ctrl+K offers what the menu does
    bar.menu.popup(bar.button.mapToGlobal(QPoint(0, bar.button.height())))
    qtbot.waitUntil(bar.menu.isVisible, timeout=2000)
    assert grab_with_menu(window, bar.menu).save(str(shots_folder(tmp_path) / "bulk-menu-read-only.png"))
    bar.menu.hide()

    # Export: where to (CSV or JSON), then the confirmation naming the file.
    bar.action(BulkKind.EXPORT).trigger()
    target = tmp_path / "matches.json"
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QFileDialog)), timeout=20000)
    chooser = next(d for d in window.findChildren(QFileDialog) if d.isVisible())
    chooser.selectNameFilter("JSON (*.json)")
    chooser.setDirectory(str(tmp_path))
    chooser.findChild(QLineEdit, "fileNameEdit").setText(target.name)  # as typed (selectFile leaves a focused field be)
    chooser.accept()
    dialog = confirm_dialog(qtbot, window)
    assert dialog.message.text().startswith("Export 30 tasks matching the query:") and str(target) in dialog.message.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.summary_dialog is not None, timeout=30000)
    summary = bar.summary_dialog.summary
    assert summary.kind is BulkKind.EXPORT and len(summary.done) == 30 and not summary.failed
    assert sorted(ids_from_file(target)) == sorted(summary.done)
    bar.summary_dialog.close()
    qtbot.waitUntil(lambda: bar.summary_dialog is None, timeout=5000)

    # Watch: each task not ended followed, told when it ends.
    bar.action(BulkKind.WATCH).trigger()
    dialog = confirm_dialog(qtbot, window)
    assert dialog.ok_button.text() == "Watch"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.summary_dialog is not None, timeout=30000)
    summary = bar.summary_dialog.summary
    assert summary.kind is BulkKind.WATCH and len(summary.done) == 30
    assert all(console.session.watch.is_watched(task_id) for task_id in summary.done)


def test_production_asks_for_the_name_or_the_count(qtbot, open_console, cluster):
    queue = parked_queue()
    profile = profile_for(cluster, "orders-prod", production=True)
    console = open_window(qtbot, open_console, profile)
    window = console.window
    fill_history(console, 1_200, queue)
    search_for(qtbot, console, "state:FAILURE", 1_200)
    bar = window.search_view.bulk

    for round_, typed in enumerate(("1,200", "orders-prod")):
        bar.action(BulkKind.RESEND).trigger()
        qtbot.mouseClick(confirm_dialog(qtbot, window).ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(TypeToConfirm)), timeout=10000)
        asked = next(d for d in window.findChildren(TypeToConfirm) if d.isVisible())
        assert "1,200" in asked.message.text()
        assert not asked.ok_button.isEnabled()
        for wrong in ("orders", "1201", "Orders-Prod", "12000"):
            asked.typed.setText(wrong)
            assert not asked.ok_button.isEnabled(), wrong
        assert queue_length(cluster, queue) == 1_200 * round_  # nothing sent while it asks
        asked.typed.setText("")
        qtbot.keyClicks(asked.typed, typed)
        assert asked.ok_button.isEnabled()
        qtbot.mouseClick(asked.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bar.summary_dialog is not None, timeout=60000)
        assert len(bar.summary_dialog.summary.done) == 1_200
        bar.summary_dialog.close()
        qtbot.waitUntil(lambda: bar.summary_dialog is None and bar.button.isEnabled(), timeout=20000)
    assert queue_length(cluster, queue) == 2_400

    # "1200" without the comma works too; Cancel there sends nothing.
    bar.action(BulkKind.RESEND).trigger()
    qtbot.mouseClick(confirm_dialog(qtbot, window).ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(TypeToConfirm)), timeout=10000)
    asked = next(d for d in window.findChildren(TypeToConfirm) if d.isVisible())
    qtbot.keyClicks(asked.typed, "1200")
    assert asked.ok_button.isEnabled()
    asked.reject()
    qtbot.waitUntil(lambda: bar.button.isEnabled(), timeout=10000)
    assert bar.status.text() == "Re-send: not done." and bar.summary_dialog is None
    assert queue_length(cluster, queue) == 2_400
