"""The results tree: a well-behaved Qt model, live progress, the detail pane, callbacks, actions."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt

import desktop.tasks
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.call_building import build_call
from desktop.core.domain.calls import CallSpec, LinkSpec
from desktop.core.domain.catalog import app_task_infos
from desktop.core.domain.records import Progress, TaskRecord
from desktop.models import RecordRole
from desktop.task_models import TaskRowsModel, tasks_model

pytestmark = pytest.mark.gui

DEMO_TASKS = app_task_infos(desktop.tasks.app)


def column_of(model, title: str) -> int:
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)


def cell(model, task_id: str, title: str) -> str:
    return model.index_of(task_id, column_of(model, title)).data()


def run_async(qtbot, coroutine, timeout: int = 15000):
    """Run a coroutine on the window's loop (qtbot spins it) and return its result."""
    future = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(future.done, timeout=timeout)
    return future.result()


def send(qtbot, session, spec: CallSpec) -> CallSpec:
    reply = run_async(qtbot, session.send_call(spec))
    assert reply.ok, reply.error
    return reply.value[0]


def demo_profile(worker, **options) -> ConnectionProfile:
    return ConnectionProfile(broker_url=worker.broker_url, backend_url=worker.backend_url, broker_source="test", **options)


# -- the tree model alone ------------------------------------------------------------------------


def feed_a_tree(model) -> None:
    """Nested batches: children, a grandchild, a child before its parent, updates, removals."""
    model.apply([TaskRecord(id="P", name="parent"), TaskRecord(id="C1", parent_id="P"), TaskRecord(id="C2", parent_id="P")])
    model.apply(
        [
            TaskRecord(id="G", parent_id="C1"),
            TaskRecord(id="O", name="orphan", parent_id="Q"),  # its parent is not shown yet
            TaskRecord(id="X"),
        ]
    )
    assert not model.index_of("O").parent().isValid()  # at top level for now
    model.apply([TaskRecord(id="Q", name="late parent"), TaskRecord(id="C3", parent_id="P")])
    # one batch: a parent and its child together, and updates to rows under three different parents
    model.apply(
        [
            TaskRecord(id="R"),
            TaskRecord(id="R1", parent_id="R"),
            TaskRecord(id="P", name="parent", state="SUCCESS", result="7"),
            TaskRecord(id="G", parent_id="C1", state="PROGRESS", progress=Progress(3, 4)),
            TaskRecord(id="O", name="orphan", parent_id="Q", state="FAILURE", exc_type="ValueError"),
            TaskRecord(id="C2", parent_id="P", state="STARTED"),
        ]
    )
    # a grandchild, its parent and the grandparent in one batch, youngest first
    model.apply([TaskRecord(id="GG", parent_id="O2"), TaskRecord(id="O2", parent_id="Q2"), TaskRecord(id="Q2")])
    # garbage from a backend: two tasks naming each other as parent, and a task that is its own parent
    model.apply([TaskRecord(id="A", parent_id="B"), TaskRecord(id="B", parent_id="A"), TaskRecord(id="S", parent_id="S")])


def test_task_tree_model_passes_the_qt_model_tester(qtmodeltester):
    model = tasks_model()
    qtmodeltester.check(model)  # Qt's own QAbstractItemModelTester, watching every change from here on
    feed_a_tree(model)

    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert top == ["P", "X", "Q", "R", "Q2", "A", "S"]
    assert model.index_of("GG").parent() == model.index_of("O2") and model.index_of("O2").parent() == model.index_of("Q2")
    assert model.index_of("B").parent() == model.index_of("A")  # a cycle cannot nest A under its own child
    assert model.index_of("O").parent() == model.index_of("Q")
    assert model.index_of("G").parent() == model.index_of("C1")
    assert model.index_of("C1").parent() == model.index_of("P")
    assert model.index_of("R1").parent() == model.index_of("R")
    assert [model.index(r, 0, model.index_of("P")).data() for r in range(model.rowCount(model.index_of("P")))] == [
        "C1",
        "C2",
        "C3",
    ]
    assert cell(model, "G", "Progress") == "75%" and cell(model, "O", "State") == "FAILURE"

    model.remove({"C1"})  # its child moves up to the top level
    assert not model.index_of("G").parent().isValid() and model.index_of("G").isValid()
    assert model.rowCount(model.index_of("P")) == 2
    model.remove({"Q", "X"})
    assert not model.index_of("O").parent().isValid()
    model.remove({"P"})
    model.apply([TaskRecord(id="C2", parent_id="P", state="SUCCESS"), TaskRecord(id="N", parent_id="R")])
    model.remove({"O2", "A"})
    assert sorted(model.index(r, 0).data() for r in range(model.rowCount())) == ["B", "C2", "C3", "G", "GG", "O", "Q2", "R", "S"]
    assert model.index_of("N").parent() == model.index_of("R")
    kept = ("B", "C2", "C3", "G", "GG", "O", "Q2", "R", "R1", "N", "S")
    assert len(model) == len(kept)
    assert all(model.index_of(i).data(RecordRole).id == i for i in kept)


def test_task_tree_model_passes_the_python_model_tester(qtmodeltester):
    model = tasks_model()
    qtmodeltester.check(model, force_py=True)  # pytest-qt's Python port: it asserts on every signal
    feed_a_tree(model)
    model.remove({"C1"})
    model.remove({"Q", "X"})
    model.remove({"P", "O2", "A"})
    model.apply([TaskRecord(id="B", parent_id="A", state="SUCCESS"), TaskRecord(id="GG", parent_id="O2", state="SUCCESS")])
    assert model.rowCount() == 9


# -- the rows the table shows ---------------------------------------------------------------------


def shown(rows: TaskRowsModel) -> list[str]:
    return [rows.task_id(r) for r in range(rows.rowCount())]


FLAT = ["P", "C1", "G", "C2", "C3", "X", "Q", "O", "R", "R1", "Q2", "O2", "GG", "A", "B", "S"]


def depth_first(tree, parent=None) -> list[str]:
    """The tree model's tasks through its own Qt API, each followed by its children."""
    parent = parent or QModelIndex()
    order = []
    for row in range(tree.rowCount(parent)):
        index = tree.index(row, 0, parent)
        order += [index.data(), *depth_first(tree, index)]
    return order


@pytest.mark.parametrize("force_py", [False, True])
def test_task_rows_follow_the_tree_and_pass_the_model_testers(qtmodeltester, force_py):
    tree = tasks_model()
    rows = TaskRowsModel(tree)
    rows.set_show_all(True)
    qtmodeltester.check(rows, force_py=force_py)
    feed_a_tree(tree)
    assert shown(rows) == FLAT  # each task right under its parent
    assert rows.index(rows.row_of("GG"), 0).data() == TaskRowsModel.INDENT * 2 + "   GG"
    assert rows.index(rows.row_of("P"), 0).data() == "▾ P"
    assert rows.index(rows.row_of("G"), column_of(tree, "Progress")).data() == "75%"
    tree.remove({"C1"})  # its child moves up to the top level
    assert shown(rows) == ["P", "C2", "C3", "X", "Q", "O", "R", "R1", "Q2", "O2", "GG", "A", "B", "S", "G"]
    tree.remove({"Q", "X"})
    tree.remove({"P", "O2", "A"})
    tree.apply([TaskRecord(id="B", parent_id="A", state="SUCCESS"), TaskRecord(id="N", parent_id="R")])
    assert shown(rows) == depth_first(tree) and sorted(shown(rows)) == [
        "B",
        "C2",
        "C3",
        "G",
        "GG",
        "N",
        "O",
        "Q2",
        "R",
        "R1",
        "S",
    ]
    assert rows.row_of("N") == rows.row_of("R1") + 1
    assert [rows.row_of(t) for t in shown(rows)] == list(range(rows.rowCount()))


def test_folding_hides_and_shows_the_children_only(qtmodeltester):
    tree = tasks_model()
    rows = TaskRowsModel(tree)
    rows.set_show_all(True)
    qtmodeltester.check(rows, force_py=True)
    feed_a_tree(tree)
    rows.set_folded("P", True)
    assert shown(rows) == ["P", "X", "Q", "O", "R", "R1", "Q2", "O2", "GG", "A", "B", "S"]
    assert rows.index(0, 0).data() == "▸ P" and rows.row_of("G") == -1
    tree.apply(
        [TaskRecord(id="C4", parent_id="P"), TaskRecord(id="R2", parent_id="R")]
    )  # a new child of a folded task stays hidden
    assert rows.row_of("C4") == -1 and rows.row_of("R2") == rows.row_of("R1") + 1
    rows.set_folded("P", False)
    assert shown(rows)[:7] == ["P", "C1", "G", "C2", "C3", "C4", "X"]
    rows.set_folded("Q2", True)
    tree.remove({"Q2"})  # its child comes up; a folded row's mark goes with it
    assert rows.row_of("O2") >= 0 and rows.row_of("GG") == rows.row_of("O2") + 1


def test_mine_shows_what_the_console_tracks_with_everything_under_it():
    tree = tasks_model()
    rows = TaskRowsModel(tree)
    tree.apply(
        [
            TaskRecord(id="M", mine=True),
            TaskRecord(id="E1"),  # seen through events only
            TaskRecord(id="MC", parent_id="M"),  # a subtask of mine, seen through events
            TaskRecord(id="E2"),
        ]
    )
    assert shown(rows) == ["M", "MC"]
    rows.set_show_all(True)
    assert shown(rows) == ["M", "MC", "E1", "E2"]
    rows.set_show_all(False)
    tree.apply([replace(tree.record(tree.index_of("E2")), mine=True)])  # tracked by id now
    assert shown(rows) == ["M", "MC", "E2"]


def test_sorting_orders_top_level_rows_and_keeps_children_under_their_parent(qtbot):
    tree = tasks_model()
    rows = TaskRowsModel(tree)
    rows.set_show_all(True)
    tree.apply(
        [
            TaskRecord(id="a", name="zeta", retries=2),
            TaskRecord(id="a1", parent_id="a", name="child", retries=9),
            TaskRecord(id="b", name="Alpha"),
            TaskRecord(id="c", name="mid", retries=1),
        ]
    )
    task, retries = column_of(tree, "Task"), column_of(tree, "Retries")
    rows.sort(task, Qt.SortOrder.AscendingOrder)
    assert shown(rows) == ["b", "c", "a", "a1"]  # case-blind
    rows.sort(retries, Qt.SortOrder.DescendingOrder)
    assert shown(rows) == ["a", "a1", "c", "b"]  # the child stays under its parent, out of the sort
    tree.apply([replace(tree.record(tree.index_of("c")), retries=5)])
    qtbot.waitUntil(lambda: shown(rows) == ["c", "a", "a1", "b"], timeout=2000)  # re-sorted shortly after the change
    rows.sort(-1)
    assert shown(rows) == ["a", "a1", "b", "c"]  # arrival order again


def test_the_table_folds_on_its_mark_and_keeps_the_selection_when_the_filter_changes(qtbot):
    from PySide6.QtCore import QPoint

    from desktop.views.results_view import ResultsView

    tree = tasks_model()
    view = ResultsView(tree)
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    tree.apply([TaskRecord(id="M", mine=True), TaskRecord(id="MC", parent_id="M"), TaskRecord(id="E")])
    rows, table = view.rows, view.table
    assert shown(rows) == ["M", "MC"] and "My tasks</b> (2)" in view.title.text()

    mark = table.visualRect(rows.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(mark.left() + 4, mark.center().y()))
    assert shown(rows) == ["M"] and not table.selectionModel().hasSelection()  # the mark folds, it does not select
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(mark.right() - 4, mark.center().y()))
    assert shown(rows) == ["M"] and view.selected_ids() == ["M"]  # the rest of the cell selects
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert shown(rows) == ["M", "MC"]
    qtbot.keyClick(table, Qt.Key.Key_Left)
    assert shown(rows) == ["M"]
    qtbot.keyClick(table, Qt.Key.Key_Right)

    view.select("MC")
    view.show_all_tasks.setChecked(True)  # every row moves: the selection follows its task
    assert shown(rows) == ["M", "MC", "E"] and view.selected_ids() == ["MC"] and view.current_record().id == "MC"
    assert "All tasks</b> (3)" in view.title.text()


def test_selecting_a_task_inside_folded_rows_opens_them(qtbot):
    """A notification or the Failures tab opens a task that may sit under folded parents."""
    from desktop.views.results_view import ResultsView

    tree = tasks_model()
    view = ResultsView(tree)
    qtbot.addWidget(view)
    tree.apply([TaskRecord(id="W", mine=True), TaskRecord(id="G", parent_id="W"), TaskRecord(id="S", parent_id="G")])
    rows = view.rows
    rows.set_folded("G", True)
    rows.set_folded("W", True)
    assert shown(rows) == ["W"] and rows.row_of("S") == -1
    view.select("S")
    assert shown(rows) == ["W", "G", "S"] and view.selected_ids() == ["S"]
    assert not rows.is_folded("W") and not rows.is_folded("G")
    view.select("nowhere")  # not a row: nothing changes
    assert view.selected_ids() == ["S"]


# -- a live window on the demo worker ------------------------------------------------------------


@pytest.mark.integration
def test_progress_advances_in_the_tree_and_ends_at_success(qtbot, open_console, demo_worker):
    console = open_console(demo_profile(demo_worker))
    session, model = console.session, console.bridge.tasks
    progress_column = column_of(model, "Progress")
    seen: list[str] = []
    task = {}

    def note(*_):
        if "id" in task:
            text = model.index_of(task["id"], progress_column).data()
            if text and (not seen or seen[-1] != text):
                seen.append(text)

    model.dataChanged.connect(note)
    model.rowsInserted.connect(note)
    task["id"] = send(qtbot, session, CallSpec("tasks.long_progress", kwargs={"total": 8, "delay": 0.3})).task_id
    qtbot.waitUntil(lambda: cell(model, task["id"], "State") == "SUCCESS", timeout=30000)

    percents = [int(text.rstrip("%")) for text in seen]
    assert len(set(percents)) >= 4, seen
    assert percents == sorted(percents), f"progress went backwards: {seen}"
    assert seen[-1] == "100%"
    assert model.index_of(task["id"]).data(RecordRole).progress.fraction == 1.0
    assert cell(model, task["id"], "Task") == "tasks.long_progress"
    assert cell(model, task["id"], "Runtime").endswith(" s")


@pytest.mark.integration
def test_selecting_a_failed_task_shows_its_traceback_and_the_call_as_sent(qtbot, open_console, demo_worker):
    console = open_console(demo_profile(demo_worker))
    session, model, results = console.session, console.bridge.tasks, console.window.results_view
    task_id = send(qtbot, session, CallSpec("tasks.always_fails", kwargs={"sku": "SKU-77", "quantity": 5})).task_id
    qtbot.waitUntil(lambda: model.index_of(task_id).isValid() and cell(model, task_id, "State") == "FAILURE", timeout=20000)
    # The task-failed event may show the state first; the stored meta follows from the backend.
    qtbot.waitUntil(lambda: "kwargs" in model.index_of(task_id).data(RecordRole).meta, timeout=5000)

    results.select(task_id)
    assert results.selected_ids() == [task_id]
    detail = results.detail
    failure = detail.failure_view.toPlainText()
    assert "InventoryError: cannot reserve 5 x SKU-77" in failure
    assert "Traceback (most recent call last)" in failure and "_reserve" in failure
    assert detail.tabs.tabText(detail.tabs.currentIndex()) == "Failure"
    assert "FAILURE" in detail.header.text() and task_id in detail.header.text()
    arguments = detail.args_view.toPlainText()
    assert "app.send_task" in arguments or "apply_async" in arguments, arguments
    assert "SKU-77" in arguments and "# as sent from this console" in arguments
    assert '"sku": "SKU-77"' in detail.meta_view.toPlainText()
    assert cell(model, task_id, "Result") == "InventoryError: cannot reserve 5 x SKU-77: only 0 left in stock"


@pytest.mark.integration
def test_a_link_callback_is_a_child_row_of_its_parent(qtbot, open_console, demo_worker):
    console = open_console(demo_profile(demo_worker))
    session, model, results = console.session, console.bridge.tasks, console.window.results_view
    sent = send(qtbot, session, CallSpec("tasks.add", (2, 3), link=(LinkSpec("tasks.mul", (10,)),)))
    parent, child = sent.task_id, sent.link[0].task_id
    qtbot.waitUntil(lambda: model.index_of(child).isValid(), timeout=5000)

    assert model.index_of(child).parent() == model.index_of(parent)
    assert model.rowCount() == 1 and model.rowCount(model.index_of(parent)) == 1
    rows = results.rows
    assert rows.row_of(child) == rows.row_of(parent) + 1  # right under its parent, indented
    assert rows.index(rows.row_of(child), 0).data().endswith(child) and rows.index(rows.row_of(child), 0).data().startswith(" ")
    qtbot.waitUntil(lambda: cell(model, child, "State") == "SUCCESS", timeout=20000)
    assert cell(model, parent, "Result") == "5" and cell(model, child, "Result") == "50"
    assert cell(model, child, "Task") == "tasks.mul"
    assert model.index_of(child).parent() == model.index_of(parent)  # still there once the backend named it


@pytest.mark.integration
def test_resend_opens_the_call_form_with_the_same_call(qtbot, open_console, demo_worker):
    console = open_console(demo_profile(demo_worker, app_module="desktop.tasks"))
    session, model, window = console.session, console.bridge.tasks, console.window
    session.set_app_tasks(DEMO_TASKS)
    original = CallSpec(
        "tasks.add",
        args=(2, 3),
        countdown=1.5,
        priority=4,
        expires=600.0,
        queue="celery",
        soft_time_limit=20.0,
        time_limit=30.0,
        headers={"x_custom": "resend-me"},
    )
    task_id = send(qtbot, session, original).task_id
    qtbot.waitUntil(lambda: model.index_of(task_id).isValid(), timeout=5000)
    console.window.results_view.select(task_id)
    assert window.results_view.resend_button.isEnabled()
    window.results_view.resend_button.click()

    forms = [f for f in window.calls_view.forms() if f.task.name == "tasks.add"]
    assert len(forms) == 1 and window.calls_view.currentWidget() is forms[0]
    form = forms[0]
    assert form.task.signature is not None  # typed fields, filled from the call's arguments
    rebuilt = build_call(form.draft(), replace(session.call_context(), signature=form.task.signature))
    assert rebuilt.ok, rebuilt.errors
    assert rebuilt.spec.task_id is None
    assert replace(rebuilt.spec, task_id=None) == replace(original, task_id=None)
    assert form.send_button.isEnabled()
    qtbot.waitUntil(lambda: cell(model, task_id, "State") == "SUCCESS", timeout=20000)


@pytest.mark.integration
def test_track_ids_adds_one_row_per_pasted_id(qtbot, open_console, demo_worker):
    console = open_console(demo_profile(demo_worker))
    model, results = console.bridge.tasks, console.window.results_view
    ids = [f"pasted-{n}-{uuid.uuid4().hex[:8]}" for n in range(3)]
    results.trackRequested.emit(f"{ids[0]}, {ids[1]}\n{ids[2]}")
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=5000)
    assert [model.index(r, 0).data() for r in range(3)] == ids
    assert [cell(model, i, "State") for i in ids] == ["PENDING"] * 3
    assert "(3)" in results.title.text()
    results.trackRequested.emit(f"{ids[1]}  {ids[2]};")  # already tracked: nothing new
    qtbot.wait(200)  # nothing happens within this: a row added late would show below
    assert model.rowCount() == 3 and len(console.session.tasks) == 3


@pytest.mark.integration
def test_track_ids_selects_the_first_pasted_id(qtbot, open_console, demo_worker):
    console = open_console(demo_profile(demo_worker))
    model, results = console.bridge.tasks, console.window.results_view
    ids = [f"pasted-{n}-{uuid.uuid4().hex[:8]}" for n in range(2)]
    results.trackRequested.emit("\n".join(ids))
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: results.selected_ids() == [ids[0]], timeout=5000)
    assert results.detail.record is not None and results.detail.record.id == ids[0]


def test_unreachable_result_backend_shows_reconnecting(qtbot, open_console):
    console = open_console(ConnectionProfile(broker_url="redis://127.0.0.1:1/10", backend_url="redis://127.0.0.1:1/11"))
    results = console.window.results_view
    results.trackRequested.emit(f"nowhere-{uuid.uuid4()}")
    qtbot.waitUntil(lambda: "reconnecting" in results.status.text().lower(), timeout=15000)
    assert "result backend" in results.status.text()
    (task_id,) = console.session.tasks
    assert console.bridge.tasks.rowCount() == 1 and cell(console.bridge.tasks, task_id, "State") == "PENDING"


def test_export_offers_the_selection_or_else_every_row_shown(qtbot, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from desktop.views.results_view import ResultsView

    tree = tasks_model()
    view = ResultsView(tree)
    qtbot.addWidget(view)
    tree.apply([TaskRecord(id="M1", mine=True), TaskRecord(id="M2", mine=True), TaskRecord(id="E")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("/tmp/out", "JSON (*.json)"))
    with qtbot.waitSignal(view.exportRequested) as everything:
        view.export_button.click()
    assert everything.args == [["M1", "M2"], "/tmp/out.json"]  # the rows shown ("mine"), the suffix from the chosen type
    view.select("M2")
    with qtbot.waitSignal(view.exportRequested) as selected:
        view.export_button.click()
    assert selected.args[0] == ["M2"]


def test_a_filter_lists_matching_tasks_flat_and_follows_changes(qtbot, qtmodeltester):
    from desktop.core.domain.filters import TaskFilter

    tree = tasks_model()
    rows = TaskRowsModel(tree)
    qtmodeltester.check(rows, force_py=True)
    tree.apply(
        [
            TaskRecord(id="P", name="orders.charge", state="SUCCESS", mine=True),
            TaskRecord(id="C", name="orders.notify", state="FAILURE", parent_id="P"),  # a child: still found
            TaskRecord(id="Q", name="mail.send", state="FAILURE", mine=True),
            TaskRecord(id="E", name="orders.audit", state="FAILURE"),  # not mine
        ]
    )
    rows.set_filter(TaskFilter(states=frozenset({"FAILURE"})))
    assert shown(rows) == ["C", "Q"] and rows.in_scope == 3 and rows.filtering
    tree.apply([replace(tree.record(tree.index_of("P")), result="still not failed")])  # a change to a row filtered out
    assert shown(rows) == ["C", "Q"]  # it stays out
    assert rows.index(0, 0).data() == "C"  # flat: no indentation, no fold mark
    rows.set_show_all(True)
    assert shown(rows) == ["C", "Q", "E"]
    tree.apply([replace(tree.record(tree.index_of("P")), state="FAILURE")])  # now P matches too
    qtbot.waitUntil(lambda: shown(rows) == ["P", "C", "Q", "E"], timeout=2000)
    tree.remove({"Q"})
    assert shown(rows) == ["P", "C", "E"]
    rows.set_filter(TaskFilter())
    assert shown(rows) == ["P", "C", "E"] and not rows.filtering


def test_the_filter_bar_narrows_the_table_and_counts(qtbot):
    from desktop.views.results_view import ResultsView

    tree = tasks_model()
    view = ResultsView(tree)
    qtbot.addWidget(view)
    tree.apply(
        [TaskRecord(id=f"t{i}", name="orders.charge" if i % 2 else "mail.send", mine=True, args=f"{i}") for i in range(10)]
    )
    view.name_filter.setText("orders")
    qtbot.waitUntil(lambda: view.rows.rowCount() == 5, timeout=2000)  # after the typing pause
    assert "(5 of 10 match)" in view.title.text()
    view.state_filter.setCurrentText("FAILURE")
    assert view.rows.rowCount() == 0 and "(0 of 10 match)" in view.title.text()
    view.clear_filter.click()
    assert view.rows.rowCount() == 10 and "(10)" in view.title.text() and view.name_filter.text() == ""


def test_importing_a_file_of_ids_asks_to_track_them(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.views.results_view import ResultsView

    view = ResultsView(tasks_model())
    qtbot.addWidget(view)
    (tmp_path / "ids.txt").write_text("id-1\nid-2\n")
    with qtbot.waitSignal(view.trackRequested) as asked:
        view.import_ids(tmp_path / "ids.txt")
    assert asked.args == ["id-1\nid-2"]
    warned = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: warned.append(box.text()) or QMessageBox.StandardButton.Ok)
    (tmp_path / "bad.json").write_text("{oops")
    view.import_ids(tmp_path / "bad.json")
    assert warned and "looks like JSON" in warned[0]
