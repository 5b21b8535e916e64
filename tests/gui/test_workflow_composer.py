"""The workflow composer: a tree of steps edited with the call form, checked, previewed, saved, sent;
and the sent workflow shown in the results as one tree (real worker)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core.domain.calls import CallContext, CallDraft
from desktop.core.domain.canvas import Chain, Chord, Step
from desktop.core.domain.catalog import TaskInfo
from desktop.core.store.presets import PresetStore, WorkflowPresetStore
from desktop.views.workflow_composer import WorkflowComposer
from tests.gui.test_results_view import cell, demo_profile

pytestmark = pytest.mark.gui


def shots_dir(tmp_path: Path) -> Path:
    """Screenshots go to $CELERY_DESKTOP_SHOTS when set (to look at them), else to the test's temp folder."""
    folder = Path(os.environ.get("CELERY_DESKTOP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def composer(qtbot, tmp_path):
    made = WorkflowComposer(
        CallContext,
        lambda name: TaskInfo(name=name),
        lambda: ["tasks.add", "tasks.mul", "tasks.xsum"],
        PresetStore(tmp_path / "presets.json"),
        WorkflowPresetStore(tmp_path / "workflow-presets.json"),
    )
    qtbot.addWidget(made)
    made.show()
    return made


def type_args(composer, text: str) -> None:
    composer._form.fields["args_json"].widget.setText(text)


def test_a_chain_built_step_by_step_previews_as_canvas_code_and_sends_once(qtbot, composer):
    composer.add_task("tasks.add")
    type_args(composer, "[2, 2]")
    composer.add_task("tasks.mul")
    type_args(composer, "[4]")
    assert composer.preview.toPlainText() == "chain(add.s(2, 2), mul.s(4))"
    assert composer.send_button.isEnabled() and composer.summary.text() == "2 steps, ready to send"
    with qtbot.waitSignal(composer.sendRequested) as sent:
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    node, specs = sent.args
    assert node == Chain((Step(CallDraft("tasks.add", args_json="[2, 2]")), Step(CallDraft("tasks.mul", args_json="[4]"))))
    assert [(s.task, s.args) for s in specs] == [("tasks.add", (2, 2)), ("tasks.mul", (4,))]
    assert not composer.send_button.isEnabled()  # until the reply comes: no double send


def test_a_bad_step_is_shown_where_it_is_and_nothing_can_be_sent(qtbot, composer):
    composer.add_task("tasks.add")
    type_args(composer, "[2, ")
    assert not composer.send_button.isEnabled()
    assert "chain[0]: args: " in composer.problems.text()
    item = composer._items[id(composer.root.children[0])]
    assert item.foreground(0).color().name() == "#c0392b"
    assert composer._form.fields["args_json"].error.text()  # the step's own form says it too
    assert composer.preview.toPlainText() == "chain(add.s(…))"
    with qtbot.assertNotEmitted(composer.sendRequested):
        composer._send_clicked()


def test_chord_steps_go_to_the_header_and_the_body_takes_one(qtbot, composer, monkeypatch):
    composer.add_task("tasks.add")
    type_args(composer, "[1, 1]")
    composer.add_task("tasks.add")
    type_args(composer, "[2, 2]")
    composer.kind.setCurrentIndex(2)  # chain -> chord: the steps become the header
    header, body = composer.root.children
    assert [n.draft.args_json for n in header.children] == ["[1, 1]", "[2, 2]"]
    assert "a chord needs a body" in composer.problems.text() and not composer.send_button.isEnabled()
    composer.tree.setCurrentItem(composer._items[id(body)])
    composer.add_task("tasks.xsum")
    assert composer.preview.toPlainText() == "chord([add.s(1, 1), add.s(2, 2)], xsum.s())"
    assert composer.send_button.isEnabled()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or QMessageBox.StandardButton.Ok)
    composer.tree.setCurrentItem(composer._items[id(body)])
    composer.add_task("tasks.mul")
    assert shown and "one body" in shown[0] and len(body.children) == 1


def test_a_step_can_be_immutable_moved_and_removed(qtbot, composer):
    composer.add_task("tasks.add")
    type_args(composer, "[1, 1]")
    composer.add_task("tasks.mul")
    type_args(composer, "[3]")
    composer.immutable.setChecked(True)
    assert composer.preview.toPlainText() == "chain(add.s(1, 1), mul.si(3))"
    composer.move(-1)
    assert composer.preview.toPlainText() == "chain(mul.si(3), add.s(1, 1))"
    composer.remove_selected()
    assert composer.preview.toPlainText() == "chain(add.s(1, 1))"


def test_a_workflow_preset_saves_and_loads_the_whole_tree(qtbot, composer, tmp_path):
    composer.add_task("tasks.add")
    type_args(composer, "[1, 1]")
    composer.add_container("group")
    composer.add_task("tasks.mul")
    type_args(composer, "[2]")
    saved = composer.workflow()
    composer.save_preset("nightly")
    composer.set_workflow(Chain((Step(CallDraft("tasks.xsum")),)))
    assert composer.workflow() != saved
    composer.preset_combo.setCurrentText("nightly")
    composer.load_selected_preset()
    assert composer.workflow() == saved
    assert WorkflowPresetStore(tmp_path / "workflow-presets.json").get("nightly") == saved  # on disk, for the next start


def test_a_sent_chord_is_one_tree_in_the_results(qtbot, open_console, demo_worker, tmp_path):
    """Through the real window: composed, sent, shown mid-flight as one tree, then done."""
    console = open_console(demo_profile(demo_worker))
    window, session, model = console.window, console.session, console.bridge.tasks
    qtbot.waitUntil(lambda: any(t.name == "tasks.long_progress" for t in session.catalog), timeout=30000)
    window.workflowRequested.emit(None)
    composer = window.workflow_composer
    assert composer is not None and composer.isVisible()
    composer.kind.setCurrentIndex(2)
    for total in (12, 16, 20, 24):
        composer.add_task("tasks.long_progress")
        composer._form.fields["kwargs_json"].widget.setText(f'{{"total": {total}, "delay": 0.1}}')
    composer.tree.setCurrentItem(composer._items[id(composer.root.children[1])])
    composer.add_task("tasks.echo_request")
    assert composer.send_button.isEnabled(), composer.problems.text()
    composer.resize(1100, 720)
    composer.tree.setCurrentItem(composer._items[id(composer.root.children[0].children[3])])
    composer.grab().save(str(shots_dir(tmp_path) / "workflow-composer.png"))
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(session.workflows), timeout=10000)
    (run,) = session.workflows.values()
    top = model.index_of(run.id)
    qtbot.waitUntil(lambda: model.index_of(run.id).isValid(), timeout=5000)
    top = model.index_of(run.id)
    header = model.index_of(run.parts[1].id)
    assert header.parent() == top and model.rowCount(top) == 2 and model.rowCount(header) == 4
    assert window.results_view.selected_ids() == [run.id]
    # mid-flight: a header step done, others running, the body waiting
    qtbot.waitUntil(
        lambda: (
            cell(model, run.id, "State") == "STARTED"
            and session.tasks[run.id].progress.current == 1
            and cell(model, run.id, "Progress") == "20%"
            and "PROGRESS" in {session.tasks[i].state for i in run.step_ids}
        ),
        timeout=20000,
    )
    window.results_view.select(run.id)
    detail = window.results_view.detail
    assert "of 5 steps finished" in detail.header.text()
    assert "chord([long_progress.s(total=12, delay=0.1)" in detail.args_view.toPlainText()  # the workflow as sent
    window.grab().save(str(shots_dir(tmp_path) / "chord-mid-flight.png"))
    qtbot.waitUntil(lambda: session.tasks[run.id].ready, timeout=40000)
    assert session.tasks[run.id].state == "SUCCESS"
    qtbot.waitUntil(lambda: cell(model, run.id, "State") == "SUCCESS", timeout=2000)  # the next repaint
    body = session.tasks[run.step_ids[-1]]
    assert body.state == "SUCCESS" and "'total': 24" in body.result.replace('"', "'")  # the header's results, passed in
    # re-send from the results: the composer opens with the same workflow, to edit first
    composer.set_workflow(Chord((Step(CallDraft("tasks.add")),), None))
    window.results_view.resendRequested.emit(run.id)
    assert composer.workflow() == run.node


def test_a_group_of_ten_shows_ten_children_and_the_overall_progress(qtbot, open_console, demo_worker):
    from desktop.core.domain.canvas import Group, validate
    from tests.gui.test_results_view import run_async

    console = open_console(demo_profile(demo_worker))
    session, model = console.session, console.bridge.tasks
    node = Group(tuple(Step(CallDraft("tasks.add", args_json=f"[{i}, {i}]")) for i in range(10)))
    reply = run_async(qtbot, session.send_workflow(node, validate(node).specs))
    assert reply.ok, reply.error
    run = reply.value
    qtbot.waitUntil(lambda: model.index_of(run.id).isValid(), timeout=20000)
    qtbot.waitUntil(lambda: model.rowCount(model.index_of(run.id)) == 10, timeout=20000)  # the steps may come a batch later
    top = model.index_of(run.id)
    assert not top.parent().isValid()
    assert [model.index(r, 0, top).data() for r in range(10)] == list(run.step_ids)
    qtbot.waitUntil(lambda: cell(model, run.id, "State") == "SUCCESS", timeout=20000)
    assert cell(model, run.id, "Progress") == "100%" and cell(model, run.id, "Task") == "group(add × 10)"
    assert cell(model, run.id, "Result") == "[" + ", ".join(str(2 * i) for i in range(10)) + "]"


def test_a_step_after_another_leaves_its_first_parameter_to_the_previous_result(qtbot, tmp_path):
    import desktop.tasks as demo
    from desktop.core.domain.calls import signature_of

    signatures = {"tasks.add": signature_of(demo.add.run), "tasks.mul": signature_of(demo.mul.run)}
    made = WorkflowComposer(
        CallContext,
        lambda name: TaskInfo(name=name, signature=signatures.get(name)),
        lambda: ["tasks.add", "tasks.mul"],
        PresetStore(tmp_path / "presets.json"),
        WorkflowPresetStore(tmp_path / "workflow-presets.json"),
    )
    qtbot.addWidget(made)
    made.show()
    made.add_task("tasks.add")
    made._form.fields["param:x"].widget.setText("2")
    made._form.fields["param:y"].widget.setText("3")
    made.add_task("tasks.mul")
    x = made._form.fields["param:x"]
    assert x.widget.placeholderText() == "the previous step's result" and not x.error.text()
    made._form.fields["param:y"].widget.setText("10")
    assert made.preview.toPlainText() == "chain(add.s(2, 3), mul.s(10))"  # mul(5, 10) on the worker
    assert made.send_button.isEnabled()
    folder = shots_dir(tmp_path)
    assert made.grab().save(str(folder / "composer-previous-result.png"))

    x.widget.setText("7")  # one argument too many: said at the field, nothing sendable
    assert "previous step's result" in x.error.text() and "previous step's result" in made.problems.text()
    assert not made.send_button.isEnabled()
    made.immutable.setChecked(True)  # .si: mul takes no result, so x is its own again
    x = made._form.fields["param:x"]
    assert x.widget.text() == "7" and not x.error.text() and made.send_button.isEnabled()
    assert made.preview.toPlainText() == "chain(add.s(2, 3), mul.si(7, 10))"
