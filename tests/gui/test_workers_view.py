"""The workers view: rows from heartbeats/pings/stats, each worker's answers, control with every reply."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.core.cluster.control import CommandResult, WorkerCommand, WorkerReply
from desktop.core.cluster.inspection import InspectResult
from desktop.core.cluster.worker_reports import SettingCheck, SettingState
from desktop.core.live.monitor import WorkerRow
from desktop.models import command_replies_model, monitor_workers_model
from desktop.views.workers_view import WorkersView


def row(hostname: str, online: bool = True, **fields) -> WorkerRow:
    return WorkerRow(hostname, online, "online" if online else "offline", **fields)


def view_with(qtbot, rows):
    model, replies = monitor_workers_model(), command_replies_model()
    view = WorkersView(model, replies)
    qtbot.addWidget(view)
    model.set_records(rows)
    return view, model, replies


def test_workers_model_passes_the_model_tester(qtmodeltester):
    model = monitor_workers_model()
    qtmodeltester.check(model, force_py=True)
    model.set_records([row("a@h", active=2, loadavg=(0.5, 0.4, 0.3)), row("b@h", online=False)])
    model.set_records([row("b@h", online=True), row("c@h", pool="prefork × 4")])
    model.set_records([])


def test_replies_model_passes_the_model_tester(qtmodeltester):
    model = command_replies_model()
    qtmodeltester.check(model, force_py=True)
    model.set_records([WorkerReply("a@h", True, "pool will grow", 4.0), WorkerReply("b@h", False, "Not supported", None)])
    model.set_records([WorkerReply("b@h", True, "pong", 2.0)])


def test_rows_show_live_figures_and_the_summary_counts(qtbot):
    view, model, _ = view_with(
        qtbot,
        [
            row("orders-1@prod", active=3, processed=1200, succeeded=1190, failed=10, loadavg=(1.5, 1.0, 0.5), pool="prefork × 4",
                prefetch=16, version="py-celery 5.7.0", queues=("celery", "priority"), heartbeat_age=0.8),
            row("orders-2@prod", online=False, heartbeat_age=45.0),
        ],
    )  # fmt: skip
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[:10] == ["orders-1@prod", "online", "800 ms ago", "3", "1,200", "1,190 / 10", "1.50 1.00 0.50", "prefork × 4", "16",
                          "py-celery 5.7.0"]  # fmt: skip
    assert texts[10] == "celery, priority"
    assert view.summary.text() == "1 online of 2 · 3 tasks running"


def test_selecting_a_worker_asks_the_current_tab_and_shows_answers_and_silence(qtbot):
    view, _, _ = view_with(qtbot, [row("a@h"), row("b@h")])
    asked = []
    view.inspectRequested.connect(lambda method, hosts: asked.append((method, hosts)))
    view.select("a@h")
    assert asked[-1] == ("active", ["a@h"])
    view.detail_tabs.setCurrentIndex(5)
    assert asked[-1] == ("stats", ["a@h"])
    view.show_inspect(InspectResult("stats", replies={"a@h": {"pid": 42}}, missing=("b@h",), timeout=1.0, reply_ms={"a@h": 3.0}))
    text = view.detail_text["stats"].toPlainText()
    assert '"pid": 42' in text and "# b@h\nno reply in 1 s" in text
    assert "b@h: no reply in 1 s" in view.detail_status["stats"].text()


def test_a_bad_argument_is_explained_and_nothing_is_sent(qtbot):
    view, _, _ = view_with(qtbot, [row("a@h")])
    sent = []
    view.commandRequested.connect(lambda command, targets: sent.append((command, targets)))
    view.select("a@h")
    view.command_box.setCurrentIndex(view.command_box.findData("pool_grow"))
    view.parameter_fields["n"].setText("lots")
    view.send_button.click()
    assert sent == [] and "n must be a whole number" in view.command_error.text()
    view.parameter_fields["n"].setText("2")
    view.send_button.click()
    assert sent == [(WorkerCommand.of("pool_grow", n=2), ["a@h"])] and view.command_error.text() == ""


def test_what_a_worker_cannot_honour_is_said_before_sending(qtbot):
    view, _, _ = view_with(qtbot, [row("a@h"), row("b@h")])
    view.explain = lambda name, host: "needs --autoscale" if (name, host) == ("autoscale", "b@h") else None
    view.target_all.setChecked(True)
    view.command_box.setCurrentIndex(view.command_box.findData("autoscale"))
    assert view.command_note.text() == "b@h: needs --autoscale"


def test_shutdown_asks_first(qtbot, monkeypatch):
    view, _, _ = view_with(qtbot, [row("a@h")])
    sent = []
    view.commandRequested.connect(lambda command, targets: sent.append(targets))
    view.target_all.setChecked(True)
    view.command_box.setCurrentIndex(view.command_box.findData("shutdown"))
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Cancel)
    view.send_button.click()
    assert sent == [] and asked[0].startswith("Shut down every worker?")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    view.send_button.click()
    assert sent == [None]  # None: every worker


def test_every_reply_and_every_silence_is_shown(qtbot):
    view, _, replies = view_with(qtbot, [row("a@h"), row("b@h"), row("c@h")])
    result = CommandResult(
        WorkerCommand.of("pool_shrink", n=1),
        replies=(WorkerReply("a@h", True, "pool will shrink", 3.0), WorkerReply("b@h", False, "Not supported", 4.0)),
        missing=("c@h",),
        timeout=1.0,
    )
    view.show_command_result(result)
    assert [replies.record(r).hostname for r in range(replies.rowCount())] == ["a@h", "b@h"]
    assert "no reply from c@h" in view.replies_summary.text()


def test_silent_workers_get_a_banner_and_an_enable_button(qtbot):
    view, _, _ = view_with(qtbot, [row("a@h"), row("b@h")])
    view.show()
    asked = []
    view.enableEventsRequested.connect(asked.append)
    view.set_event_state(["b@h"], "")
    assert view.banner_box.isVisible() and "No events from b@h" in view.banner.text()
    view.enable_events_button.click()
    assert asked == [["b@h"]]
    view.set_event_state([], "")
    assert not view.banner_box.isVisible()
    view.set_checks(
        [
            SettingCheck("worker_send_task_events", "-E", "task events", (("a@h", SettingState.ON), ("b@h", SettingState.ON))),
            SettingCheck("task_track_started", "", "STARTED state", (("a@h", SettingState.OFF), ("b@h", SettingState.ON))),
        ]
    )
    assert "✔ worker_send_task_events (-E)" in view.checks.text() and "task_track_started: off on a@h" in view.checks.text()


def test_answers_show_as_they_arrive(qtbot):
    view, _, _ = view_with(qtbot, [row("a@h"), row("b@h")])
    view.select("a@h")
    view.show_partial("active", "a@h", [{"id": "t1"}])
    assert '"id": "t1"' in view.detail_text["active"].toPlainText()
    assert "a@h answered; waiting for the others" in view.detail_status["active"].text()
    view.show_inspect(InspectResult("active", replies={"a@h": [{"id": "t1"}]}, missing=("b@h",), timeout=1.0))
    assert "no reply in 1 s" in view.detail_text["active"].toPlainText()
