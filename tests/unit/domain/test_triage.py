"""Failure triage: the message normaliser, the grouping, the incremental index and the ticket report."""

from __future__ import annotations

import time

import pytest
from celery import states
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.triage import (
    MAX_MESSAGE,
    MAX_RESEND_NAMES,
    FailureIndex,
    FailureKey,
    ResendPlan,
    failure_key,
    group_failures,
    normalise_message,
    report_text,
)
from tests.support.fuzzing import tried

FUZZ = settings(max_examples=300, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])


def failed(task_id: str, message: str, name: str = "proj.charge", exc: str = "ValueError", **fields) -> TaskRecord:
    fields.setdefault("state", states.FAILURE)
    return TaskRecord(id=task_id, name=name, result=f"{exc}: {message}", exc_type=exc, **fields)


# -- the normaliser ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 not found", "order <id> not found"),
        ("<Foo object at 0x7f3a2b1c9d40> is not JSON serializable", "<Foo object at <addr>> is not JSON serializable"),
        ("digest 9b74c9897bac770ffc029102a200c5de mismatch", "digest <id> mismatch"),
        ("took 12 tries, -3 left, ratio 0.75", "took <n> tries, <n> left, ratio <n>"),
        ("timed out after 30s (limit 512MB)", "timed out after <n>s (limit <n>MB)"),
        ("cannot reach 10.0.0.12:6379 or 192.168.1.1", "cannot reach <ip> or <ip>"),
        ("no user bob.smith+x@example.com", "no user <email>"),
        ("expired at 2024-05-01T12:30:45.123Z", "expired at <time>"),
        ("expired at 2024-05-01 12:30:45+02:00, now 13:00:01", "expired at <time>, now <time>"),
        ("unknown invoice 'INV-2024-00017'", "unknown invoice '<id>'"),
        ('File "/app/tasks.py", line 42, in run', 'File "/app/tasks.py", line <n>, in run'),
        ("Expected 5.", "Expected <n>."),
        ("  a \n\t  b  ", "a b"),
    ],
)
def test_normaliser_masks_what_varies(text, expected):
    assert normalise_message(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "'utf8' codec can't decode",
        "ipv4 only, h2 disabled, md5 and sha256 refused",
        "requires celery 5.3.1 and python3",
        "KeyError: 'user_id2'",
        "task_v2 on queue q1",
        "deadbeefcafebabe",  # letters only: a word, not an id
    ],
)
def test_normaliser_keeps_identifiers_with_digits(text):
    assert normalise_message(text) == text


def test_normaliser_caps_between_words():
    text = " ".join(f"word{i}" for i in range(200))
    out = normalise_message(text)
    assert len(out) <= MAX_MESSAGE
    assert out.endswith(" …")
    assert out.rsplit(" ", 2)[-2].startswith("word")  # the last word kept is whole
    assert normalise_message(out) == out


def test_normaliser_makes_control_characters_visible():
    assert normalise_message("bad\x00byte\u202e") == "bad\\x00byte\\u202e"


def test_normaliser_cuts_a_long_run_without_spaces_where_it_reaches_the_cap():
    """'Unexpected payload: <20,000 characters>' was cut back to its last space: a near-empty cell."""
    out = normalise_message("Unexpected payload: " + "q" * 20_000)
    assert out == "Unexpected payload: " + "q" * (MAX_MESSAGE - 2 - len("Unexpected payload: ")) + " …"
    assert normalise_message(out) == out


@FUZZ
@given(st.text(max_size=600) | st.from_regex(r"[ a-f0-9x.:@'\"-]{0,80}", fullmatch=True))
@example("1.2.3.4.5")
@example("x" * 299 + " 1.2.3")
@example("'" + "a1" * 40 + "'")
def test_normaliser_never_raises_and_is_idempotent(text):
    tried("triage normaliser")
    once = normalise_message(text)
    assert isinstance(once, str)
    assert len(once) <= MAX_MESSAGE
    assert "\n" not in once
    assert normalise_message(once) == once


# -- keys ---------------------------------------------------------------------------------------


def test_two_failures_differing_only_in_an_id_share_a_key():
    a = failed("a", "order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 not found (attempt 1)")
    b = failed("b", "order 9a1b2c3d-0000-4000-8000-00000000abcd not found (attempt 7)")
    assert failure_key(a) == failure_key(b) == FailureKey("proj.charge", "ValueError", "order <id> not found (attempt <n>)")


def test_key_parses_the_exception_type_from_the_result_when_the_field_is_empty():
    record = TaskRecord(id="a", name="t", state=states.FAILURE, result="requests.ConnectionError: refused by 10.0.0.1")
    assert failure_key(record) == FailureKey("t", "requests.ConnectionError", "refused by <ip>")
    bare = TaskRecord(id="b", name="t", state=states.FAILURE, result="TimeLimitExceeded")
    assert failure_key(bare) == FailureKey("t", "TimeLimitExceeded", "")
    odd = TaskRecord(id="c", name="t", state=states.FAILURE, result='"not an exception" 42')
    assert failure_key(odd) == FailureKey("t", "", '"not an exception" <n>')


def test_key_with_exc_type_and_a_bare_result():
    record = TaskRecord(id="a", name="t", state=states.FAILURE, result="WorkerLostError", exc_type="WorkerLostError")
    assert failure_key(record) == FailureKey("t", "WorkerLostError", "")


# -- grouping -----------------------------------------------------------------------------------


def test_groups_split_by_task_name_and_by_exception_type():
    groups = group_failures(
        [
            failed("a", "bad amount 3", name="proj.charge"),
            failed("b", "bad amount 4", name="proj.refund"),
            failed("c", "bad amount 5", name="proj.charge", exc="TypeError"),
            failed("d", "bad amount 6", name="proj.charge"),
        ]
    )
    keys = [(g.key.task, g.key.exc_type, g.count) for g in groups]
    assert keys[0] == ("proj.charge", "ValueError", 2)
    assert sorted(keys[1:]) == [("proj.charge", "TypeError", 1), ("proj.refund", "ValueError", 1)]


def test_only_failures_are_grouped():
    records = [
        failed("a", "x", state=states.SUCCESS),
        failed("b", "x", state=states.RETRY),
        failed("c", "x", state=states.REVOKED),
        failed("d", "x"),
    ]
    groups = group_failures(records)
    assert [g.task_ids for g in groups] == [("d",)]


def test_group_times_workers_traceback_and_retries():
    records = [
        failed("old", "boom 1", worker="w2@h", date_done=100.0, traceback="Traceback old"),
        failed("mid", "boom 2", worker="w1@h", started_at=200.0, sent_at=150.0, traceback="Traceback mid", retries=3),
        failed("new", "boom 3", worker="w2@h", sent_at=300.0, traceback="", retries=0),
        failed("when?", "boom 4"),
    ]
    [group] = group_failures(records)
    assert group.count == 4
    assert (group.first_seen, group.last_seen) == (100.0, 300.0)
    assert group.workers == ("w1@h", "w2@h")
    assert group.task_ids == ("new", "mid", "old", "when?")
    assert group.sample_traceback == "Traceback mid"  # the newest that has one
    assert group.retried == 1


def test_groups_sort_by_count_then_most_recent():
    records = [
        failed("a1", "a", name="a", date_done=10.0),
        failed("b1", "b", name="b", date_done=50.0),
        failed("c1", "c", name="c", date_done=20.0),
        failed("c2", "c", name="c", date_done=30.0),
    ]
    assert [g.key.task for g in group_failures(records)] == ["c", "b", "a"]


def test_a_failure_polled_twice_counts_once():
    groups = group_failures([failed("a", "x 1", date_done=1.0), failed("a", "x 1", date_done=2.0)])
    assert [(g.count, g.last_seen) for g in groups] == [(1, 2.0)]


# -- the incremental index ----------------------------------------------------------------------


def test_index_update_replaces_by_id_and_moves_between_groups():
    index = FailureIndex()
    index.update([failed("a", "x 1"), failed("b", "x 2"), failed("c", "y")])
    assert {(g.key.message, g.count) for g in index.groups()} == {("x <n>", 2), ("y", 1)}

    index.update([failed("c", "x 3")])  # polled again, failed differently
    assert [(g.key.message, g.count) for g in index.groups()] == [("x <n>", 3)]

    index.update([failed("a", "", state=states.SUCCESS)])  # no longer a failure
    [group] = index.groups()
    assert set(group.task_ids) == {"b", "c"}
    assert len(index) == 2


def test_index_remove_and_records():
    index = FailureIndex()
    index.update([failed("a", "x", date_done=1.0), failed("b", "x", date_done=2.0), failed("c", "y")])
    key = failure_key(failed("z", "x"))
    assert [r.id for r in index.records(key)] == ["b", "a"]

    index.remove(["a", "c", "unknown"])
    assert [(g.key.message, g.task_ids) for g in index.groups()] == [("x", ("b",))]
    index.remove(["b"])
    assert index.groups() == [] and len(index) == 0
    assert index.records(key) == []


def test_index_rebuilds_only_the_groups_an_update_touched():
    index = FailureIndex()
    index.update([failed("a", "x"), failed("b", "y")])
    before = {g.key.message: g for g in index.groups()}
    index.update([failed("c", "y")])
    after = {g.key.message: g for g in index.groups()}
    assert after["x"] is before["x"]
    assert after["y"] is not before["y"] and after["y"].count == 2


# -- the report ---------------------------------------------------------------------------------


def _local(moment: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(moment))


def test_report_text_has_what_a_ticket_needs():
    records = [
        failed(
            "id-1",
            "charge 17 failed",
            worker="w1@h",
            date_done=1_700_000_000.0,
            traceback="Traceback (most recent call last):\n  boom",
        ),
        failed("id-2", "charge 18 failed", worker="w2@h", date_done=1_700_000_600.0, retries=2),
    ]
    [group] = group_failures(records)
    text = report_text(group, {r.id: r for r in records})
    assert "Task: proj.charge\n" in text
    assert "Exception: ValueError\n" in text
    assert "Message: charge <n> failed\n" in text
    assert "Count: 2 (1 after retries)\n" in text
    assert f"First seen: {_local(1_700_000_000.0)}\n" in text
    assert f"Last seen: {_local(1_700_000_600.0)}\n" in text
    assert "Workers: w1@h, w2@h\n" in text
    assert f"  id-2  ({_local(1_700_000_600.0)}, w2@h, retries 2)\n" in text
    assert text.index("id-2") < text.index("id-1")
    assert text.endswith("Sample traceback:\nTraceback (most recent call last):\n  boom\n")


def test_report_text_shows_the_cluster_s_text_as_text():
    """A ticket must not read "exe.txt" backwards, nor carry a control character: every field is display_text'ed."""
    records = [
        failed(
            "id-\u202e1",
            "bad \u2066thing\u2069",
            name="proj.\u202echarge",
            exc="Value\x07Error",
            worker="w\u200f1@h",
            traceback='Traceback (most recent call last):\n  File "x\u202e.py"\nValue\x07Error: bad',
            date_done=1_700_000_000.0,
        )
    ]
    [group] = group_failures(records)
    text = report_text(group, {r.id: r for r in records})
    assert "Task: proj.\\u202echarge\n" in text
    assert "Exception: Value\\x07Error\n" in text
    assert "Message: bad \\u2066thing\\u2069\n" in text
    assert "Workers: w\\u200f1@h\n" in text
    assert "  id-\\u202e1  (" in text and ", w\\u200f1@h)" in text
    assert text.endswith('Traceback (most recent call last):\n  File "x\\u202e.py"\nValue\\x07Error: bad\n')
    assert all(c.isprintable() or c == "\n" for c in text)


def test_report_text_lists_fifty_ids_then_says_how_many_more():
    [group] = group_failures(failed(f"id-{i:03}", "x", date_done=float(i)) for i in range(73))
    text = report_text(group)
    assert "  id-072\n" in text and "  id-023\n" in text and "id-022" not in text
    assert "  … and 23 more\n" in text
    assert "First seen: " + _local(0.0) in text
    assert "(none recorded)" in text


def test_report_text_without_times_or_workers():
    [group] = group_failures([TaskRecord(id="a", state=states.FAILURE, result="Boom")])
    text = report_text(group)
    assert "Task: (unnamed)\nException: Boom\nMessage: \n" in text
    assert "First seen: unknown\nLast seen: unknown\nWorkers: (unknown)\n" in text


def test_a_resend_confirmation_counts_the_calls_by_origin_and_shows_task_names_as_text():
    lure = "tasks.\u202egnp.exe\nRe-send 0 task(s)"  # a name anyone who writes to the backend chose
    calls = {f"t{n}": CallSpec("tasks.add" if n % 2 else lure, (n,)) for n in range(5)}
    plan = ResendPlan(calls, rebuilt=frozenset({"t0", "t2", "t4", "gone"}), unknown=("u1",))
    text = plan.confirmation()
    assert text.startswith("Send 5 task(s) again, with the same arguments and options (new task ids)?")
    assert "Task name(s), 2: tasks.add, tasks.\\u202egnp.exe\\nRe-send 0 task(s)\n" in text
    assert "\u202e" not in text and text.count("\n") == len(text.splitlines()) - 1
    assert "Calls this console sent: 2" in text and "Calls rebuilt from the result backend: 3" in text
    assert "whoever can write to the backend chooses it" in text and "arguments are unknown: 1" in text


def test_a_resend_confirmation_lists_a_few_task_names_and_counts_the_rest():
    calls = {f"t{n}": CallSpec(f"tasks.n{n:02}") for n in range(MAX_RESEND_NAMES + 3)}
    text = ResendPlan(calls).confirmation()
    assert f"Task name(s), {MAX_RESEND_NAMES + 3}: tasks.n00, " in text and "and 3 more" in text
    assert "Calls rebuilt from the result backend: 0" in text and "whoever can write" not in text
