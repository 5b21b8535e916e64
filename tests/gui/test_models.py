"""RecordTableModel turns a new list of records into ranged, coalesced Qt signals."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop.models import Column, RecordTableModel

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Row:
    id: str
    value: int = 0


def make_model():
    model = RecordTableModel([Column("Id", lambda r: r.id), Column("Value", lambda r: r.value)], key=lambda r: r.id)
    calls = []
    model.rowsInserted.connect(lambda _p, a, b: calls.append(("insert", a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: calls.append(("remove", a, b)))
    model.dataChanged.connect(lambda tl, br, _roles=(): calls.append(("changed", tl.row(), br.row())))
    model.layoutChanged.connect(lambda *_: calls.append(("layout",)))
    model.modelReset.connect(lambda: calls.append(("reset",)))
    return model, calls


def rows(model):
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def test_inserts_come_as_one_range_per_contiguous_run(qapp):
    model, calls = make_model()
    model.set_records([Row(str(i)) for i in range(1000)])
    assert calls == [("insert", 0, 999)]
    calls.clear()
    model.set_records([Row("a"), *[Row(str(i)) for i in range(1000)], Row("y"), Row("z")])
    assert calls == [("insert", 0, 0), ("insert", 1001, 1002)]
    assert model.rowCount() == 1003


def test_changes_come_as_one_data_changed_per_run_and_unchanged_rows_stay_quiet(qapp):
    model, calls = make_model()
    model.set_records([Row(str(i)) for i in range(10)])
    calls.clear()
    model.set_records([Row(str(i), 1 if i in (2, 3, 4, 8) else 0) for i in range(10)])
    assert calls == [("changed", 2, 4), ("changed", 8, 8)]
    calls.clear()
    model.set_records([Row(str(i), 1 if i in (2, 3, 4, 8) else 0) for i in range(10)])
    assert calls == []


def test_removals_and_reorders(qapp):
    model, calls = make_model()
    model.set_records([Row(k) for k in "abcdef"])
    calls.clear()
    model.set_records([Row(k) for k in "adf"])
    assert calls == [("remove", 4, 4), ("remove", 1, 2)]
    assert rows(model) == [("a", "0"), ("d", "0"), ("f", "0")]
    calls.clear()
    model.set_records([Row("f"), Row("a", 5), Row("d")])
    assert calls == [("layout",)]
    assert rows(model) == [("f", "0"), ("a", "5"), ("d", "0")]


def test_tree_removes_runs_of_rows_at_once_and_keeps_the_children_that_stay(qtmodeltester):
    from desktop.core.domain.records import TaskRecord
    from desktop.task_models import tasks_model

    model = tasks_model()
    qtmodeltester.check(model, force_py=True)
    removals = []
    model.rowsAboutToBeRemoved.connect(lambda parent, first, last: removals.append((parent.isValid(), first, last)))
    top = [TaskRecord(id=f"t{i}") for i in range(1000)]
    children = [TaskRecord(id=f"t5-child{i}", parent_id="t5") for i in range(3)]
    model.apply(top + children)
    assert model.rowCount() == 1000 and model.rowCount(model.index_of("t5")) == 3

    # The oldest 600 go (t5 among them, with one of its children); its other children stay, at top level.
    model.remove({f"t{i}" for i in range(600)} | {"t5-child0"})
    assert model.rowCount() == 402
    assert [model.index(r, 0).data() for r in range(3)] == ["t600", "t601", "t602"]
    assert {model.index(r, 0).data() for r in range(400, 402)} == {"t5-child1", "t5-child2"}
    assert not model.index_of("t5").isValid() and not model.index_of("t5-child0").isValid()
    top_level_runs = [r for r in removals if not r[0]]
    assert len(top_level_runs) == 1 and top_level_runs[0][1:] == (0, 599)  # one signal pair for 600 rows
    model.remove({"t999", "t998", "t700", "nope"})
    assert model.rowCount() == 399 and model.index_of("t701").row() == 100
