"""Text from the cluster is shown as text in the real window: a worker named ``<img src='/dev/zero'>``, a task
named ``<b>x</b>``, a queue whose name is HTML, and a right-to-left override in a task name and a result.

Before, a label, a tooltip or a confirmation took such text for HTML (Qt::mightBeRichText): the
hostname made Qt read /dev/zero (the process aborted), the purge and shut-down confirmations
could be made to say something else, and U+202E made "fdp.exe" read as "exe.pdf" in the tables,
the detail panes, the Failures tab, notifications, the CSV and the copied report.

Every label of the window is plain text, or the product's own markup with the data escaped; every
tooltip and confirmation shows the literal text; a bidi override is a visible escape.
"""

from __future__ import annotations

import asyncio
import html
import time
import unicodedata
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox, QTableView, QToolTip, QWidget

from desktop.core.cluster.client import merge_registered
from desktop.core.cluster.queues import QueueRecord
from desktop.core.cluster.worker_reports import SettingCheck, SettingState
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.records import TaskRecord, WorkerRecord

pytestmark = pytest.mark.gui

IMG = "<img src='/dev/zero'>"  # as rich text, Qt reads the file to size the image: /dev/zero never ends
HOST = f"{IMG}@evil"
TASK = "<b>x</b>"
QUEUE = f"{IMG}<a href='https://example.invalid'>jobs</a>"
RLO = "\u202e"
SPOOF = f"report{RLO}fdp.exe"  # drawn as "reportexe.pdf"
SPOOF_SHOWN = "report\\u202efdp.exe"
MESSAGE = f"{IMG} card declined for {SPOOF}"
MESSAGE_SHOWN = f"{IMG} card declined for {SPOOF_SHOWN}"
TRACEBACK = f'Traceback (most recent call last):\n  File "{SPOOF}.py", line 1, in run\nValueError: {MESSAGE}'
MARKUP = "productMarkup"  # the property desktop/views/text.py gives a label of the product's own markup
SHOTS = Path("/tmp") if Path("/tmp").is_dir() else None


def drawn(text: str, rich: bool | None = None) -> str:
    """What Qt draws for a label's or a tooltip's text: rich text (said, or as Qt guesses it) is parsed as Qt does."""
    if rich is None:
        rich = QtGui.Qt.mightBeRichText(text)
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def hidden(text: str, multiline: bool = True) -> list[str]:
    """Characters a reader cannot see, or that reorder what they see."""
    allowed = "\n\t\u200c\u200d" if multiline else "\u200c\u200d"
    return [c for c in text if c not in allowed and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs")]


def label_drawn(label: QLabel) -> str:
    fmt = label.textFormat()
    return drawn(label.text(), None if fmt == Qt.TextFormat.AutoText else fmt == Qt.TextFormat.RichText)


def tooltip_drawn(view: QTableView, row: int, column: int) -> str:
    """Hover a cell: the tooltip Qt shows, as it draws it (a tooltip has no format: Qt guesses)."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    point = view.visualRect(index).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    assert QToolTip.isVisible(), "no tooltip shown"
    text = drawn(QToolTip.text())
    QToolTip.hideText()
    return text


def row_of(view: QTableView, column: int, text: str) -> int:
    model = view.model()
    return next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)


def column_of(view: QTableView, title: str) -> int:
    model = view.model()
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)


def cells(view: QTableView, row: int) -> list[str]:
    model = view.model()
    return [model.index(row, c).data() for c in range(model.columnCount())]


def labels_of(widget: QWidget) -> list[QLabel]:
    """The labels of this window (a message box or dialog is a window of its own: Boxes checks those)."""
    return [label for label in widget.findChildren(QLabel) if label.window() is widget.window()]


def assert_labels_show_text_as_text(widget: QWidget) -> None:
    """Every label plain text, or the product's markup with the data escaped; none shows a hidden character."""
    for label in labels_of(widget):
        fmt = label.textFormat()
        assert fmt == Qt.TextFormat.PlainText or (fmt == Qt.TextFormat.RichText and label.property(MARKUP)), (
            f"{label.objectName() or type(label.parent()).__name__} label {label.text()[:80]!r} is {fmt}"
        )
        shown = label_drawn(label)
        assert "\ufffc" not in shown, f"an image or object in a label: {label.text()[:120]!r}"
        assert hidden(shown) == [], f"hidden characters in a label: {shown[:120]!r}"


class Boxes:
    """Message boxes and input dialogs answered without showing them: their text, format and labels are kept."""

    def __init__(self, monkeypatch, answer=QMessageBox.StandardButton.Cancel):
        self.seen: list[tuple[Qt.TextFormat, str]] = []
        self.dialogs: list[list[tuple[Qt.TextFormat, str]]] = []
        self.answer = answer
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._box(box))
        monkeypatch.setattr(QMessageBox, "warning", self._static)
        monkeypatch.setattr(QMessageBox, "question", self._static)
        monkeypatch.setattr(QMessageBox, "information", self._static)
        monkeypatch.setattr(QInputDialog, "exec", lambda dialog: self._dialog(dialog))
        monkeypatch.setattr(QInputDialog, "getText", self._get_text)

    def _box(self, box):
        self.seen.append((box.textFormat(), box.text()))
        return self.answer

    def _static(self, parent, title, text, *args, **kwargs):
        self.seen.append((Qt.TextFormat.AutoText, text))  # a static box shows its text as Qt guesses
        return self.answer

    def _dialog(self, dialog):
        self.dialogs.append([(label.textFormat(), label.text()) for label in dialog.findChildren(QLabel)])
        return 0

    def _get_text(self, parent, title, label, *args, **kwargs):
        self.dialogs.append([(Qt.TextFormat.AutoText, label)])
        return "", False

    def last_drawn(self) -> str:
        fmt, text = self.seen[-1]
        return drawn(text, None if fmt == Qt.TextFormat.AutoText else fmt == Qt.TextFormat.RichText)


@pytest.fixture
def console(qtbot, qasync_loop):
    """The real window over a session that has met a hostile cluster (its loops not started: nothing overwrites it)."""
    from desktop.app.console import build_console

    console = build_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/0", backend_url=None), history=False)
    qtbot.addWidget(console.window)
    console.window.resize(1440, 900)
    console.window.show()
    qtbot.waitExposed(console.window)
    session, now = console.session, time.time()
    session.endpoints.workers = {HOST: WorkerRecord(HOST, online=True, ping_ms=1.5, registered_count=2, last_seen=now)}
    session.endpoints.registered = merge_registered({HOST: [TASK, f"{SPOOF} [rate_limit=10/m]"]})
    session.endpoints.rebuild_catalog()
    event = {"hostname": HOST, "local_received": now}
    session.monitor._on_events(
        [
            {"type": "worker-online", "timestamp": now, "freq": 2.0, "sw_ident": "py-celery", "sw_ver": "5.5", **event},
            {"type": "task-received", "uuid": "ev-1", "timestamp": now, "name": TASK, "args": f"('{IMG}',)", **event},
            {"type": "task-started", "uuid": "ev-1", "timestamp": now, **event},
            {"type": "task-failed", "uuid": "ev-1", "timestamp": now + 1, "exception": f"ValueError({MESSAGE!r})",
             "traceback": TRACEBACK, **event},
            {"type": "task-received", "uuid": f"ev-{RLO}2", "timestamp": now, "name": TASK, **event},  # an id no backend has
        ]
    )  # fmt: skip
    session.monitor.queues = [QueueRecord(name=QUEUE, ready=7, unacked=1, consumers=(HOST,), note=f"{IMG} note")]
    session.monitor.metrics.sample_queues(now, {QUEUE: 7})
    session.monitor.active_queues = {HOST: [{"name": QUEUE}]}
    session.apply_results(
        [
            TaskRecord(id="t-1", name=TASK, state="FAILURE", result=f"ValueError: {MESSAGE}", exc_type="ValueError",
                       traceback=TRACEBACK, worker=HOST, args=f"'{IMG}'", mine=True, date_done=now),
            TaskRecord(id="t-2", name=SPOOF, state="SUCCESS", result=f"{RLO}ok {IMG}", worker=HOST, mine=True,
                       date_done=now, meta={"result": f"{RLO}ok {IMG}"}),
        ]
    )  # fmt: skip
    session.listeners.notify("workers", "catalog", "queues", "monitor_workers", "events", "tasks")
    console.bridge.flush()
    console.window.results_view.show_all_tasks.setChecked(True)
    yield console
    stopping = asyncio.ensure_future(session.stop())
    qtbot.waitUntil(stopping.done, timeout=5000)
    console.close()


def shoot(widget: QWidget, name: str, tmp_path: Path) -> None:
    QApplication.processEvents()
    image = widget.grab()
    assert image.save(str(tmp_path / f"{name}.png"))
    if SHOTS is not None:
        image.save(str(SHOTS / f"hostile-{name}.png"))


def test_the_workers_tab_shows_a_hostile_hostname_as_text(console, qtbot, monkeypatch, tmp_path):
    window = console.window
    window.tabs.setCurrentWidget(window.workers_view)
    view = window.workers_view
    table = view.table
    row = row_of(table, 0, HOST)
    assert tooltip_drawn(table, row, 0) == HOST  # the Worker column's tooltip is the hostname
    queues = column_of(table, "Queues")
    assert cells(table, row)[queues] == QUEUE and tooltip_drawn(table, row, queues) == QUEUE
    view.set_event_state([HOST], f"events: {IMG}")
    view.set_checks([SettingCheck("worker_send_task_events", "-E", f"task events {IMG}", ((HOST, SettingState.OFF),))])
    assert label_drawn(view.banner).startswith(f"events: {IMG}\nNo events from {HOST}:")
    assert f"off on {HOST}" in label_drawn(view.checks)
    table.selectRow(row)
    assert label_drawn(view.detail_status["active"]) == f"asking {HOST}…"
    from desktop.core.cluster.inspection import InspectResult

    view.show_inspect(InspectResult("active", replies={HOST: [{"name": SPOOF}]}, missing=(), timeout=1.0))
    assert f"# {HOST}\n" in view.detail_text["active"].toPlainText()
    assert SPOOF_SHOWN in view.detail_text["active"].toPlainText()
    shoot(window, "workers", tmp_path)
    assert_labels_show_text_as_text(window)

    boxes = Boxes(monkeypatch)
    view.command_box.setCurrentIndex(view.command_box.findData("shutdown"))
    view.send_button.click()
    assert boxes.seen[-1][0] == Qt.TextFormat.PlainText
    assert boxes.last_drawn().startswith(f"Shut down {HOST}?\n\nA worker that shuts down")


def test_the_calls_tab_shows_a_hostile_task_name_as_text(console, qtbot, monkeypatch, tmp_path):
    window = console.window
    registered = window.registered_view.table
    names = [registered.model().index(r, 0).data() for r in range(registered.model().rowCount())]
    assert TASK in names and SPOOF_SHOWN in names
    row = names.index(TASK)
    assert tooltip_drawn(registered, row, 0).startswith(f"{TASK}\n\nworkers: {HOST}")
    registered.selectRow(row)
    form = window.calls_view.forms()[0]
    assert form.task.name == TASK
    assert window.calls_view.tabText(window.calls_view.currentIndex()) == TASK
    title = next(label for label in labels_of(form) if TASK in label_drawn(label))
    assert label_drawn(title) == f"{TASK} (signature unknown: not in the -A app)"
    assert label_drawn(form.availability) == f"Registered on: {HOST}"
    assert cells(window.worker_list.table, 0)[:2] == [HOST, "online"]
    shoot(window, "calls", tmp_path)
    assert_labels_show_text_as_text(window)

    boxes = Boxes(monkeypatch)
    form.save_preset_dialog()
    assert boxes.dialogs and all(fmt == Qt.TextFormat.PlainText for fmt, _ in boxes.dialogs[-1])
    assert f"Name for this {TASK} call:" in [text for _, text in boxes.dialogs[-1]]

    spoofed = names.index(SPOOF_SHOWN)
    registered.selectRow(spoofed)
    assert window.calls_view.tabText(window.calls_view.currentIndex()) == SPOOF_SHOWN


def test_the_results_table_and_detail_show_the_cluster_s_text_as_text(console, qtbot, tmp_path):
    window = console.window
    results = window.results_view
    table = results.table
    ids = results.shown_ids()
    assert {"t-1", "t-2", "ev-1"} <= set(ids) and not any(RLO in i for i in ids)  # the event with a spoofing id was refused
    name, result = column_of(table, "Task"), column_of(table, "Result")
    failed, spoofed = ids.index("t-1"), ids.index("t-2")
    assert cells(table, failed)[name] == TASK
    assert cells(table, failed)[result] == f"ValueError: {MESSAGE_SHOWN}"
    assert cells(table, spoofed)[name] == SPOOF_SHOWN and cells(table, spoofed)[result] == f"\\u202eok {IMG}"
    assert tooltip_drawn(table, failed, result) == TRACEBACK.replace(RLO, "\\u202e")  # the traceback's end
    assert tooltip_drawn(table, failed, column_of(table, "Args")) == f"'{IMG}'"
    assert tooltip_drawn(table, spoofed, result).startswith("\\u202eok")

    results.select("t-2")
    header = label_drawn(results.detail.header)
    assert header.startswith(f"{SPOOF_SHOWN} · SUCCESS · on {HOST}")
    assert results.detail.result_view.toPlainText() == f'"\\\\u202eok {IMG}"'.replace("\\\\", "\\")
    results.select("t-1")
    assert label_drawn(results.detail.header).startswith(f"{TASK} · FAILURE · on {HOST}")
    failure = results.detail.failure_view.toPlainText()
    assert failure.startswith(f"ValueError: {MESSAGE_SHOWN}\n\nTraceback") and f'File "{SPOOF_SHOWN}.py"' in failure
    assert hidden(failure) == []
    shoot(window, "results", tmp_path)
    assert_labels_show_text_as_text(window)


def test_the_failures_tab_its_confirmation_and_report_show_the_cluster_s_text_as_text(console, qtbot, monkeypatch, tmp_path):
    window = console.window
    window.tabs.setCurrentWidget(window.failures_view)
    view = window.failures_view
    view.refresh()
    groups = view.groups_table
    row = row_of(groups, 0, TASK)
    shown = cells(groups, row)
    assert shown[1] == "ValueError" and shown[2] == MESSAGE_SHOWN and shown[6] == HOST
    assert tooltip_drawn(groups, row, 2).startswith(MESSAGE_SHOWN)
    assert tooltip_drawn(groups, row, 6) == HOST
    groups.selectRow(row)
    title = label_drawn(view.group_title)
    assert title.startswith(f"{TASK} · ValueError · 2 failure(s) · on {HOST}") and title.endswith(MESSAGE_SHOWN)
    view.tasks_table.selectRow(0)
    assert SPOOF_SHOWN in view.traceback_view.toPlainText() and hidden(view.traceback_view.toPlainText()) == []
    shoot(window, "failures", tmp_path)
    assert_labels_show_text_as_text(window)

    boxes = Boxes(monkeypatch)
    view.forget_button.click()
    assert boxes.seen[-1][0] == Qt.TextFormat.PlainText
    assert f"\n\n{TASK} · ValueError\n{MESSAGE_SHOWN}\n\nThis cannot be undone." in boxes.last_drawn()
    view.copy_report()
    report = QApplication.clipboard().text()
    assert f"Task: {TASK}\n" in report and f"Message: {MESSAGE_SHOWN}\n" in report and f"Workers: {HOST}\n" in report
    assert hidden(report) == []


def test_the_queues_tab_and_its_purge_confirmation_show_a_hostile_queue_name_as_text(console, qtbot, monkeypatch, tmp_path):
    window = console.window
    window.tabs.setCurrentWidget(window.queues_view)
    view = window.queues_view
    table = view.queues_table
    row = row_of(table, 0, QUEUE)
    assert cells(table, row)[column_of(table, "Consumers")] == HOST
    assert tooltip_drawn(table, row, column_of(table, "Consumers")) == HOST
    assert tooltip_drawn(table, row, column_of(table, "Note")) == f"{IMG} note"
    table.selectRow(row)
    boxes = Boxes(monkeypatch)
    view.purge_button.click()
    assert boxes.seen[-1][0] == Qt.TextFormat.PlainText
    assert boxes.last_drawn().startswith(f"Delete the 7 message(s) waiting in queue “{QUEUE}”?")
    shoot(window, "queues", tmp_path)
    assert_labels_show_text_as_text(window)


def test_the_graphs_legend_shows_a_hostile_queue_name_as_text(console, qtbot, tmp_path):
    now, event = time.time(), {"hostname": HOST, "local_received": time.time()}
    console.session.monitor._on_events(
        [
            {"type": "task-received", "uuid": "ok-1", "timestamp": now, "name": SPOOF, **event},
            {"type": "task-succeeded", "uuid": "ok-1", "timestamp": now + 1, "result": "1", "runtime": 0.5, **event},
        ]
    )
    window = console.window
    window.tabs.setCurrentWidget(window.graphs_view)
    graphs = window.graphs_view
    graphs.redraw()
    legend = [s.name() for s in graphs.depth.chart().series()]
    assert f"queue {QUEUE}" in [drawn(name, rich=True) for name in legend]  # a legend draws its text as HTML
    assert [graphs.task_box.itemText(i) for i in range(graphs.task_box.count())] == [SPOOF_SHOWN]
    assert label_drawn(graphs.runtime_summary).startswith("1 runs · p50 500 ms")
    shoot(window, "graphs", tmp_path)


def test_a_notification_shows_a_hostile_task_as_text(console, qtbot, tmp_path):
    from desktop.core.domain.watch import notification_for
    from desktop.views.notifier import Notifier, tray_body

    failed = console.session.tasks["t-1"]
    note = notification_for(failed)
    spoofed = notification_for(console.session.tasks["t-2"])
    notifier = Notifier(console.window.windowIcon(), tray_available=False)
    notifier.attach(console.window)
    try:
        toast = notifier.show_toast(note)
        other = notifier.show_toast(spoofed)
        assert label_drawn(toast.title) == f"{TASK} failed"
        assert label_drawn(toast.body).startswith(f"ValueError: {IMG} card declined")
        assert label_drawn(other.title) == f"{SPOOF_SHOWN} finished"
        for widget in (toast, other):
            assert_labels_show_text_as_text(widget)
        shoot(console.window, "notifications", tmp_path)
    finally:
        notifier.close()
        notifier.deleteLater()
    # A tray message on Linux goes to the notification server over D-Bus, which may read a body's markup.
    assert tray_body(note.body, "linux") == html.escape(note.body, quote=False)
    assert tray_body(note.body, "win32") == note.body == note.body.replace(RLO, "\\u202e")


def test_the_workers_view_confirmation_says_what_it_does_whatever_the_hostname(qtbot, monkeypatch):
    """A hostname written to look like the end of the question cannot make the box say something else."""
    from desktop.core.live.monitor import WorkerRow
    from desktop.models import command_replies_model, monitor_workers_model
    from desktop.views.workers_view import WorkersView

    lure = "<p>Refresh the worker list?</p><p style='font-size:1px'>"
    model = monitor_workers_model()
    view = WorkersView(model, command_replies_model())
    qtbot.addWidget(view)
    model.set_records([WorkerRow(lure, True, "online")])
    view.select(lure)
    boxes = Boxes(monkeypatch)
    view.command_box.setCurrentIndex(view.command_box.findData("shutdown"))
    view.send_button.click()
    assert boxes.last_drawn().startswith(f"Shut down {lure}?")


def test_no_text_of_the_cluster_makes_the_window_wider(console, qtbot, tmp_path):
    """A label asked its window for its whole line: a 20,000-character host name (2,500 characters once cut
    for a cell: one word, which word wrap cannot break) made the window some 19,000 px wide, past any screen."""
    long_host, long_task = f"long-{'h' * 20_000}@host", f"tasks.{'L' * 20_000}"
    window, session = console.window, console.session
    width = window.width()
    session.endpoints.workers[long_host] = WorkerRecord(
        long_host, online=True, ping_ms=1.0, registered_count=2, last_seen=time.time()
    )
    session.endpoints.registered = merge_registered({HOST: [TASK], long_host: [TASK, long_task]})
    session.endpoints.rebuild_catalog()
    session.listeners.notify("workers", "catalog")
    console.bridge.flush()
    registered = window.registered_view.table
    names = [registered.model().index(r, 0).data() for r in range(registered.model().rowCount())]
    for name in (TASK, long_task[:100]):  # a call form each: its title, and the workers it is registered on
        registered.selectRow(next(r for r, shown in enumerate(names) if shown.startswith(name)))
    view = window.workers_view
    view.set_event_state([long_host], f"events: {long_host}")
    view.set_checks([SettingCheck("worker_send_task_events", "-E", "task events", ((long_host, SettingState.OFF),))])
    view.show_partial("active", long_host, [])
    window.queues_view.set_warning(f"{long_host} uses global_keyprefix={long_task!r}")
    window.failures_view.show_status(long_host)
    window.results_view.show_status(long_host)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert (window.width(), window.minimumSizeHint().width() <= width) == (width, True), window.minimumSizeHint()
    shoot(window, "long-host", tmp_path)


def test_a_20000_character_exception_message_is_cut_with_its_length_said_and_whole_in_the_detail(console, qtbot, tmp_path):
    """From events, a message too long to evaluate was dropped: the Failures tab showed an empty cell."""
    long = "m" * 20_000
    now, event = time.time(), {"hostname": HOST, "local_received": time.time()}
    console.session.monitor._on_events(
        [
            {"type": "task-received", "uuid": "long-1", "timestamp": now, "name": "tasks.long", **event},
            {"type": "task-failed", "uuid": "long-1", "timestamp": now + 1, "exception": f"ValueError('{long}')",
             "traceback": f"Traceback (most recent call last):\nValueError: {long}", **event},
        ]
    )  # fmt: skip
    console.bridge.flush()
    window = console.window
    results = window.results_view
    table = results.table
    row = results.shown_ids().index("long-1")
    cell = cells(table, row)[column_of(table, "Result")]
    assert cell.startswith("ValueError: 'mmm") and cell.endswith("… (20,014 characters)")
    results.select("long-1")
    assert long in results.detail.failure_view.toPlainText()  # the traceback, whole

    window.tabs.setCurrentWidget(window.failures_view)
    view = window.failures_view
    view.refresh()
    groups = view.groups_table
    group = row_of(groups, 0, "tasks.long")
    groups.selectRow(group)
    message = cells(groups, group)[column_of(groups, "Message")]
    assert message.startswith("'mmmm") and message.endswith(" …") and len(message) > 250
    assert long in view.traceback_view.toPlainText()
    shoot(window, "long-message", tmp_path)
