"""Property-based fuzzing of the real call form and connection dialog: generated text typed into the widgets.

The same strategies as tests/unit/domain/test_fuzz_forms.py. Whatever the fields hold, an invalid form
shows its errors under the fields and sends nothing, even when Send / OK is clicked (or Enter
pressed); a valid one sends exactly one call, or saves exactly one profile. An exception in any
slot fails the case. The call form also runs under time zones at ±14 h and with half-hour offsets,
each in a process started in it (tests/support/zones.py).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit

from desktop.core.connection.connection_form import ConnectionForm
from desktop.core.domain.call_building import build_call
from desktop.core.domain.calls import CallDraft
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.core.store.presets import PresetStore
from desktop.views.call_form import CallForm
from desktop.views.connection_dialog import TEXT_FIELDS, ConnectionDialog
from tests.support.fuzzing import tried
from tests.support.zones import in_zone
from tests.unit.domain.test_fuzz_forms import (
    DEMO_TASKS,
    SIGNATURES,
    call_cases,
    check_call_result,
    check_connection_result,
    connection_forms,
    examples,
    passwords_held,
)

pytestmark = pytest.mark.gui

GUI = settings(
    max_examples=examples(150),
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
ZONES = ["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kolkata", "America/St_Johns"]  # +14, -12, +5:30, -3:30
WORKERS = ("fuzz@host",)  # the task is on a worker: Send does not stop to ask


def _task(key) -> TaskInfo:
    if key is None:
        return TaskInfo(name="proj.reserve", workers=WORKERS)
    if key in DEMO_TASKS:
        return replace(DEMO_TASKS[key], workers=WORKERS)
    return TaskInfo(name=f"proj.{key}", workers=WORKERS, signature=SIGNATURES[key])


@pytest.fixture
def call_forms(qtbot, tmp_path):
    """One form per task, built once and reused by every generated case; what each one sent."""
    context = {}
    built: dict = {}

    def form_for(signature) -> tuple[CallForm, list]:
        key = next(k for k, v in SIGNATURES.items() if v is signature)
        if key not in built:
            form = CallForm(
                _task(key), lambda: context["current"], PresetStore(tmp_path / "presets.json"), lambda: sorted(DEMO_TASKS)
            )
            qtbot.addWidget(form)
            form.resize(760, 620)
            form.show()
            sent: list = []
            form.sendRequested.connect(lambda spec, count, sent=sent: sent.append((spec, count)))
            built[key] = form, sent
        return built[key]

    return form_for, context


def _type(form: CallForm, draft: CallDraft) -> None:
    """Fill the form the way presets and Re-send do, then type every non-empty text again, key by key validated."""
    form.set_draft(draft)
    for name, f in form.fields.items():
        text = draft.param(name[6:]) if name.startswith("param:") else getattr(draft, name)
        if isinstance(f.widget, QLineEdit) and text:
            f.widget.clear()
            f.widget.setText(text)
    if form.expires_kind.currentIndex() == 1:
        form.expires_seconds.clear()
        form.expires_seconds.setText(draft.expires)
    for rows, links in ((form.links.rows, draft.links), (form.link_errors.rows, draft.link_errors)):
        for row, link in zip(rows, links, strict=True):
            row.task.setCurrentText("")
            row.task.setCurrentText(link.task)
            row.args.clear()
            row.args.setText(link.args_json)


def _error_label(form: CallForm, field: str):
    if field == "params":
        return form.params_error
    if field.count(":") == 2:
        kind, index, part = field.split(":")
        return (form.links if kind == "links" else form.link_errors).rows[int(index)].errors[part]
    return form.fields[field].error


@pytest.mark.parametrize("zone", ZONES)
def test_fuzz_call_form_gui(qtbot, call_forms, zone, request):
    """The generated cases in a process started in ``zone`` (tests/support/zones.py), a fifth of them in each zone."""
    if not in_zone(request, zone):
        return

    @settings(GUI, max_examples=examples(150 // len(ZONES)))
    @given(case=call_cases())
    def typed_in(case):
        _call_form_case(qtbot, call_forms, case)

    typed_in()


def _call_form_case(qtbot, call_forms, case) -> None:
    draft, context = case
    tried("call form (GUI)")
    form_for, current = call_forms
    current["current"] = context
    form, sent = form_for(context.signature)
    sent.clear()
    with qtbot.captureExceptions() as exceptions:
        _type(form, replace(draft, task=form.task.name))
    assert not exceptions, exceptions[0][1]

    typed = form.draft()  # what the widgets hold (a line edit keeps 32,767 characters; combos offer only their items)
    result = build_call(typed, replace(context, signature=form.task.signature))
    assert form.result == result
    check_call_result(typed, replace(context, signature=form.task.signature), result)
    with qtbot.captureExceptions() as exceptions:
        qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
        if not result.ok:
            form._send_clicked()  # the handler itself, as a shortcut would call it
    assert not exceptions, exceptions[0][1]
    if result.ok:
        assert sent == [(result.spec, 1)]
        return
    assert sent == [] and not form.send_button.isEnabled()
    assert "to fix before sending" in form.summary.text()
    for problem in result.errors:
        label = _error_label(form, problem.field)
        shown = display_text(problem.message, CELL_LIMIT)  # as the form shows it: a control character as an escape
        assert shown in label.text() and not label.isHidden(), (problem, label.text())


@pytest.fixture
def dialog(qtbot):
    dialog = ConnectionDialog(taken_names=["taken"])
    qtbot.addWidget(dialog)
    accepted: list = []
    dialog.accepted.connect(lambda: accepted.append(dialog.result.profile))
    assert dialog.fields["broker_password"].echoMode() == QLineEdit.EchoMode.Password
    assert dialog.fields["backend_password"].echoMode() == QLineEdit.EchoMode.Password
    return dialog, accepted


@settings(GUI, max_examples=examples(150))
@given(case=connection_forms())
def test_fuzz_connection_dialog_gui(qtbot, dialog, case):
    form, _ = case
    tried("connection dialog (GUI)")
    dialog, accepted = dialog
    accepted.clear()
    dialog.show()
    with qtbot.captureExceptions() as exceptions:
        dialog.set_form(ConnectionForm())
        for name in TEXT_FIELDS:
            dialog.fields[name].setText(getattr(form, name))
        pickle = dialog.fields["allow_pickle"]
        assert isinstance(pickle, QCheckBox)
        pickle.setChecked(form.allow_pickle)
        reqs = dialog.fields["tls_cert_reqs"]
        reqs.setCurrentIndex(max(0, reqs.findData(form.tls_cert_reqs)))
    assert not exceptions, exceptions[0][1]

    typed = dialog.form()
    result = typed.validate(["taken"])
    secrets = passwords_held(typed, case[1])
    assert dialog.result == result
    check_connection_result(typed, secrets, result)
    assert dialog.ok_button.isEnabled() == result.ok
    assert dialog.tls_group.isHidden() == (not typed.uses_tls)
    for name, label in dialog.errors.items():
        assert label.text() == result.error_for(name) and label.isHidden() == (not result.error_for(name))
    with qtbot.captureExceptions() as exceptions:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if not result.ok:
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
            dialog.accept()
    assert not exceptions, exceptions[0][1]
    if result.ok:
        assert accepted == [result.profile] and dialog.isHidden()
    else:
        assert accepted == [] and dialog.isVisible()
