"""The call form: typed fields from a signature, raw JSON without one, inline errors, send."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QLineEdit

import desktop.tasks
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallContext, CallDraft, LinkDraft
from desktop.core.domain.catalog import TaskInfo, app_task_infos
from desktop.core.store.presets import PresetStore
from desktop.views.call_form import CallForm
from tests.support.zones import in_zone

pytestmark = pytest.mark.gui

DEMO_TASKS = app_task_infos(desktop.tasks.app)


def make_form(qtbot, tmp_path, task: TaskInfo, context: CallContext | None = None) -> CallForm:
    form = CallForm(task, lambda: context or CallContext(), PresetStore(tmp_path / "presets.json"), lambda: sorted(DEMO_TASKS))
    qtbot.addWidget(form)
    form.resize(760, 620)
    form.show()
    return form


def type_into(form: CallForm, field: str, text: str) -> None:
    widget = form.fields[field].widget
    assert isinstance(widget, QLineEdit)
    widget.setText(text)


def test_typed_signature_gives_one_field_per_parameter_and_inline_errors(qtbot, tmp_path):
    form = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.add"])
    assert {"param:x", "param:y"} <= set(form.fields)
    assert "args_json" not in form.fields
    assert not form.send_button.isEnabled()
    assert form.fields["param:x"].error.text() == "required"

    type_into(form, "param:x", "2")
    type_into(form, "param:y", "two")
    assert not form.send_button.isEnabled()
    assert "not a whole number" in form.fields["param:y"].error.text()
    assert form.fields["param:y"].error.isVisible()

    type_into(form, "param:y", "3")
    assert form.send_button.isEnabled()
    assert "add.apply_async((2, 3))" in form.python_preview.toPlainText()
    assert "celery -A" not in form.cli_preview.toPlainText() or "--args '[2, 3]'" in form.cli_preview.toPlainText()


def test_unknown_signature_uses_json_fields(qtbot, tmp_path):
    form = make_form(qtbot, tmp_path, TaskInfo(name="inventory.reserve", workers=("w1@host",)))
    assert set(form.fields) >= {"args_json", "kwargs_json"}
    type_into(form, "args_json", '["SKU-1", 3')
    assert "invalid JSON" in form.fields["args_json"].error.text()
    assert not form.send_button.isEnabled()
    type_into(form, "args_json", '["SKU-1", 3]')
    type_into(form, "kwargs_json", '{"note": "rush"}')
    assert form.send_button.isEnabled()
    assert "app.send_task('inventory.reserve', args=['SKU-1', 3], kwargs={'note': 'rush'})" in form.python_preview.toPlainText()


def test_timing_routing_and_retry_errors_are_shown_at_their_fields(qtbot, tmp_path):
    form = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.long_progress"], CallContext(broker_scheme="redis"))
    type_into(form, "countdown", "10")
    form.eta_enabled.setChecked(True)
    assert "not both" in form.fields["countdown"].error.text() and "not both" in form.fields["eta"].error.text()
    form.eta_enabled.setChecked(False)
    form.expires_kind.setCurrentIndex(1)
    form.expires_seconds.setText("5")
    assert "before the task may start" in form.fields["expires"].error.text()
    form.expires_seconds.setText("60")
    type_into(form, "priority", "12")
    assert "between 0 and 9" in form.fields["priority"].error.text()
    type_into(form, "priority", "7")
    type_into(form, "retry_interval_start", "-1")
    assert "negative" in form.fields["retry_interval_start"].error.text()
    type_into(form, "retry_interval_start", "0.5")
    form.fields["serializer"].widget.setCurrentText("pickle")
    assert "--allow-pickle" in form.fields["serializer"].error.text()
    form.fields["serializer"].widget.setCurrentText("json")
    assert form.send_button.isEnabled(), form.summary.text()
    preview = form.python_preview.toPlainText()
    assert "countdown=10" in preview and "expires=60" in preview and "priority=7" in preview


def test_eta_shows_local_and_utc(qtbot, tmp_path, request):
    """In a process started in Asia/Kolkata (tests/support/zones.py)."""
    if not in_zone(request, "Asia/Kolkata"):
        return
    form = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.add"])
    form.eta_enabled.setChecked(True)
    form.eta_edit.setDateTime(QDateTime(datetime(2030, 1, 2, 17, 30)))
    assert form.eta_zone.text() == "2030-01-02 17:30:00 IST (UTC+0530)  =  2030-01-02 12:00:00 UTC"
    assert form.draft().eta == "2030-01-02T17:30:00+05:30"


def test_presets_survive_a_new_form_and_restore_links(qtbot, tmp_path):
    form = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.add"])
    draft = CallDraft(task="tasks.add", params=(("x", "2"), ("y", "2")), countdown="5", links=(LinkDraft("tasks.mul", "[10]"),))
    form.set_draft(draft)
    form.save_preset("double then times ten")
    again = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.add"])
    assert again.preset_combo.currentText() == "double then times ten"
    again.load_selected_preset()
    loaded = again.draft()
    assert (loaded.param("x"), loaded.param("y"), loaded.countdown) == ("2", "2", "5")
    assert loaded.links == (LinkDraft("tasks.mul", "[10]", "{}"),)
    assert "link=[app.signature('tasks.mul', args=(10,))]" in again.python_preview.toPlainText()


def test_form_sends_and_the_id_appears_in_the_results(qtbot, open_console, demo_worker):
    profile = ConnectionProfile(
        broker_url=demo_worker.broker_url, backend_url=demo_worker.backend_url, app_module="desktop.tasks"
    )
    console = open_console(profile)
    console.session.set_app_tasks(DEMO_TASKS)
    qtbot.waitUntil(
        lambda: console.session.task_info("tasks.add") is not None and console.session.task_info("tasks.add").on_workers,
        timeout=20000,
    )
    form = console.window.calls_view.open(console.session.task_info("tasks.add"))
    type_into(form, "param:x", "20")
    type_into(form, "param:y", "22")
    form.count.setValue(3)
    assert form.send_button.isEnabled()
    form.send_button.click()
    qtbot.waitUntil(lambda: console.bridge.tasks.rowCount() == 3, timeout=10000)
    model = console.bridge.tasks
    ids = [model.record(model.index(r, 0)).id for r in range(3)]
    assert len(set(ids)) == 3 and all(model.record(model.index(r, 0)).name == "tasks.add" for r in range(3))
    assert "Sent 3 calls" in form.summary.text()
    qtbot.waitUntil(lambda: all(console.session.tasks[i].state == "SUCCESS" for i in ids), timeout=20000)
    assert {console.session.tasks[i].result for i in ids} == {"42"}


def test_task_on_no_online_worker_asks_before_sending_and_a_dead_broker_keeps_the_form(qtbot, open_console, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    console = open_console(ConnectionProfile(broker_url="redis://:pw@127.0.0.1:1/10", backend_url="redis://:pw@127.0.0.1:1/11"))
    console.session.set_app_tasks(DEMO_TASKS)
    qtbot.waitUntil(lambda: console.session.task_info("tasks.add") is not None, timeout=5000)
    form = console.window.calls_view.open(console.session.task_info("tasks.add"))
    assert "No online worker" in form.availability.text()
    type_into(form, "param:x", "1")
    type_into(form, "param:y", "2")
    type_into(form, "countdown", "30")
    before = form.draft()

    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.No)
    form.send_button.click()
    assert len(asked) == 1 and "Send anyway" in asked[0]
    assert console.session.tasks == {} and form.send_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    form.send_button.click()
    qtbot.waitUntil(lambda: form.summary.text().startswith("Not sent:"), timeout=15000)
    assert form.draft() == before and form.send_button.isEnabled()
    assert console.session.tasks == {}
    assert any("sending tasks.add failed" in e for e in console.session.errors)
    assert "pw@" not in form.summary.text()


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati"])
def test_the_last_day_the_picker_offers_does_not_break_the_form(qtbot, tmp_path, zone, request):
    """Found by fuzzing: Python's local-time conversion of 9999-12-31 overflowed in every refresh (12 h west or 14 h east).

    Run in a process of its own started in that time zone (tests/support/zones.py).
    """
    if not in_zone(request, zone):
        return
    form = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.add"])
    type_into(form, "param:x", "1")
    type_into(form, "param:y", "2")
    with qtbot.captureExceptions() as exceptions:
        form.eta_enabled.setChecked(True)
        form.eta_edit.setDateTime(form.eta_edit.maximumDateTime())
        form.expires_kind.setCurrentIndex(2)
        form.expires_at.setDateTime(form.expires_at.maximumDateTime())
    assert exceptions == []
    offset = "-12:00" if zone == "Etc/GMT+12" else "+14:00"
    assert form.draft().eta == f"9999-12-31T23:59:59{offset}"
    if zone == "Etc/GMT+12":  # in UTC that is year 10000: said at the field, nothing sent
        assert "out of range" in form.fields["eta"].error.text() and not form.send_button.isEnabled()
    else:
        assert form.result.error_for("eta") == "" and "before the task may start" in form.result.error_for("expires")


@pytest.mark.parametrize("eta", ["0001-01-01T00:00:00+00:01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_preset_with_an_eta_at_the_calendar_s_ends_loads(qtbot, tmp_path, eta):
    """Found by fuzzing: set_draft raised OverflowError converting such an ETA to local time."""
    form = make_form(qtbot, tmp_path, DEMO_TASKS["tasks.add"])
    form.set_draft(CallDraft(task="tasks.add", params=(("x", "1"), ("y", "2")), eta=eta, expires=eta))
    picked = form.eta_edit.dateTime()
    assert picked in (form.eta_edit.minimumDateTime(), form.eta_edit.maximumDateTime()) or picked.date().year() in (1752, 9999)
    assert form.eta_enabled.isChecked() and form.expires_kind.currentIndex() == 2
