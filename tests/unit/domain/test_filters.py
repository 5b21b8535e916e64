"""Task filters: each part alone, combined, and the cached search text following record changes."""

from __future__ import annotations

from dataclasses import replace

from desktop.core.domain.filters import TaskFilter, task_time
from desktop.core.domain.records import TaskRecord

RECORDS = [
    TaskRecord(id="a1b2", name="orders.charge", state="SUCCESS", worker="w1@pay", args="'EUR', 12", result="'ok'", sent_at=100.0),
    TaskRecord(
        id="a1c3",
        name="orders.refund",
        state="FAILURE",
        worker="w2@pay",
        kwargs="reason='Dup'",
        result="ValueError: dup",
        sent_at=200.0,
    ),
    TaskRecord(id="ffee", name="mail.send", state="STARTED", worker="w1@mail", args="'bob@example.com'", started_at=300.0),
    TaskRecord(id="0000", name="mail.send", state="PENDING"),  # no moment known yet
]


def matching(task_filter: TaskFilter, records=RECORDS) -> list[str]:
    test = task_filter.compile()
    return [r.id for r in records if test(r)]


def test_each_part_alone():
    assert matching(TaskFilter()) == ["a1b2", "a1c3", "ffee", "0000"] and not TaskFilter().active
    assert matching(TaskFilter(name="ORDERS")) == ["a1b2", "a1c3"]  # case-blind
    assert matching(TaskFilter(states=frozenset({"FAILURE", "STARTED"}))) == ["a1c3", "ffee"]
    assert matching(TaskFilter(worker="@pay")) == ["a1b2", "a1c3"]
    assert matching(TaskFilter(id_prefix=" A1 ")) == ["a1b2", "a1c3"]  # trimmed, case-blind
    assert matching(TaskFilter(text="dup")) == ["a1c3"]  # kwargs and result
    assert matching(TaskFilter(text="example.com")) == ["ffee"]  # args
    assert matching(TaskFilter(since=150.0)) == ["a1c3", "ffee"]  # the moment it was sent, else started
    assert matching(TaskFilter(until=150.0)) == ["a1b2"]


def test_parts_combine_and_describe_themselves():
    combined = TaskFilter(name="orders", worker="w2", text="dup", states=frozenset({"FAILURE"}), since=0.0)
    assert matching(combined) == ["a1c3"] and combined.active
    assert matching(replace(combined, worker="w1")) == []
    assert combined.describe() == "task ~ 'orders', state FAILURE, worker ~ 'w2', text ~ 'dup', time range"
    assert task_time(RECORDS[2]) == 300.0 and task_time(RECORDS[3]) is None


def test_the_text_test_reads_the_record_it_is_given():
    test = TaskFilter(text="Refund-42").compile()
    record = TaskRecord(id="x", name="n", args="1")
    assert not test(record)
    assert test(replace(record, result="'REFUND-42 done'"))
