"""Watched rows notify once when they end, a burst becomes one summary, and the tray counts what is new."""

from __future__ import annotations

import asyncio
import time

from desktop.core.cluster.client import Reply
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.watch import SUMMARY_OVER, Notification, TrayCounts, WatchList, coalesce, notification_for
from desktop.core.domain.workflows import NOT_RUN
from tests.support.sessions import session_for

NOW = time.time()


def task(task_id: str, state: str = "PENDING", **known) -> TaskRecord:
    return TaskRecord(id=task_id, name=known.pop("name", "tasks.add"), state=state, mine=known.pop("mine", True), **known)


def test_a_watched_task_notifies_once_when_it_ends():
    watch = WatchList()
    watch.watch(["a"])
    assert watch.notifications([task("a", "STARTED")]) == []
    notes = watch.notifications([task("a", "SUCCESS", result="4", started_at=NOW, date_done=NOW + 0.25)])
    assert notes == [Notification("tasks.add finished", "result 4 · took 0.25 s", "a", failed=False)]
    assert watch.notifications([task("a", "SUCCESS", result="4", worker="w1")]) == []  # a later change: told already
    assert watch.is_watched("a")  # still marked


def test_failures_say_the_exception_line_and_unwatched_rows_stay_quiet():
    watch = WatchList()
    watch.watch(["f", "r", "j"])
    notes = watch.notifications(
        [
            task(
                "f", "FAILURE", name="tasks.always_fails", result="ValueError: no stock for 'ORD-1'\nmore", exc_type="ValueError"
            ),
            task("r", "REVOKED", name="tasks.slow"),
            task("j", "REJECTED", result="Reject: bad payload"),
            task("other", "FAILURE", result="KeyError: 'x'"),
        ]
    )
    assert [(n.title, n.body, n.failed) for n in notes] == [
        ("tasks.always_fails failed", "ValueError: no stock for 'ORD-1'", True),
        ("tasks.slow failed", "revoked", True),
        ("tasks.add failed", "rejected · Reject: bad payload", True),
    ]


def test_a_notification_shows_the_cluster_s_text_as_text_in_its_title_and_body():
    """A task name with a right-to-left override must not read backwards on the desktop, nor a control
    character hide: title and body go through display_text, and a long message is cut with its length said."""
    spoof = task("s", "FAILURE", name="invoice\u202efdp.exe", result="ValueError: \u2066bad\x07\u2069 " + "x" * 500)
    done = task("d", "SUCCESS", name="tasks.\u200fadd", result="ok\u202e")
    failed_note, done_note = notification_for(spoof), notification_for(done)
    assert failed_note.title == "invoice\\u202efdp.exe failed"
    assert failed_note.body.startswith("ValueError: \\u2066bad\\x07\\u2069 xxx")
    assert failed_note.body.endswith("… (519 characters)")
    assert (done_note.title, done_note.body) == ("tasks.\\u200fadd finished", "result ok\\u202e")
    summary = coalesce([failed_note, done_note, done_note, done_note, done_note])[0]
    assert "\u202e" not in summary.body and "invoice\\u202efdp.exe failed" in summary.body
    long_name = notification_for(task("n", "SUCCESS", name="n" * 300))
    assert long_name.title.endswith("… (309 characters)")


def test_a_row_watched_after_it_ended_has_nothing_to_tell():
    watch = WatchList()
    done = task("d", "SUCCESS", result="1")
    watch.watch(["d", "p"], known={"d": done, "p": task("p")})
    assert watch.is_watched("d") and watch.notifications([done]) == []
    assert [n.task_id for n in watch.notifications([task("p", "SUCCESS")])] == ["p"]


def test_a_workflow_row_is_named_by_its_kind_when_it_has_no_name():
    watch = WatchList()
    watch.watch(["wf"])
    [note] = watch.notifications([TaskRecord(id="wf", container="chain", state="FAILURE", result="ZeroDivisionError: x")])
    assert note.title == "chain workflow failed" and note.task_id == "wf"


def test_500_watched_tasks_ending_at_once_make_one_summary():
    watch = WatchList()
    watch.watch(f"t{i}" for i in range(500))
    batch = [
        task(f"t{i}", "FAILURE" if i in (7, 100, 400) else "SUCCESS", result="Boom: x" if i in (7, 100, 400) else "1")
        for i in range(500)
    ]
    notes = watch.notifications(batch)  # how long it takes: bench/watch.py
    assert notes == [
        Notification(
            "500 watched tasks finished (3 failed)",
            "first failure: tasks.add failed · Boom: x",
            "t7",  # clicking the summary opens the first failure
            failed=True,
            tasks=500,
            failures=3,
        )
    ]
    # A few at once are each told; one more than the threshold is summed up.
    small = [notification_for(task(f"s{i}", "SUCCESS")) for i in range(SUMMARY_OVER)]
    assert coalesce(small) == small
    [summary] = coalesce([*small, notification_for(task("last", "SUCCESS", name="tasks.mul"))])
    assert summary.title == "4 watched tasks finished" and summary.task_id == "last" and not summary.failed


def test_summaries_fold_into_one_summary():
    first = coalesce([notification_for(task(f"a{i}", "SUCCESS")) for i in range(10)])
    second = coalesce([notification_for(task(f"b{i}", "FAILURE")) for i in range(5)])
    [both] = coalesce(first + second + second + second, limit=3)
    assert both.tasks == 25 and both.failures == 15 and both.title == "25 watched tasks finished (15 failed)"


def test_watch_everything_i_send_applies_from_now_on():
    watch = WatchList()
    watch.on_sent(["before"])
    assert not watch.is_watched("before")
    watch.watch_sent = True
    watch.on_sent(["after", "workflow-row"])
    assert watch.is_watched("after") and watch.is_watched("workflow-row")
    watch.forget(["after"])  # the row left the window
    assert not watch.is_watched("after") and len(watch) == 1


def test_tray_counts_running_and_failures_since_the_user_looked():
    counts = TrayCounts(since=NOW)
    counts.update([task("a", "STARTED"), task("b", "RECEIVED"), task("c", "PENDING"), task("e", "STARTED", mine=False)])
    assert (counts.running, counts.newly_failed) == (2, 0)
    counts.update([task("a", "FAILURE"), task("b", "PROGRESS")])
    assert (counts.running, counts.newly_failed) == (1, 1) and counts.text() == "1 running · 1 newly failed"
    counts.update([task("a", "FAILURE", warning="later change")])
    assert counts.newly_failed == 1  # counted once
    counts.acknowledge()
    assert counts.newly_failed == 0 and counts.text() == "1 running"
    counts.update([task("a", "FAILURE", worker="w")])
    assert counts.newly_failed == 0  # acknowledged stays acknowledged


def test_old_failures_from_the_history_are_not_new_but_fast_fresh_ones_are():
    counts = TrayCounts(since=NOW)
    counts.update([task("old", "FAILURE", date_done=NOW - 86400), task("fast", "FAILURE", date_done=NOW + 1)])
    assert counts.newly_failed == 1 and counts.newest_failure == "fast"
    counts.update([TaskRecord(id="wf", container="group", state="FAILURE", mine=True, date_done=NOW + 1)])
    assert counts.newly_failed == 1  # a workflow's row: its failed task already counts
    counts.update([task("after", "FAILURE", date_done=NOW + 1, warning=f"{NOT_RUN} tasks.x failed before it")])
    assert counts.newly_failed == 1  # a chain's later step that never ran: its failure is the first step's
    counts.forget(["fast"])
    assert counts.newly_failed == 0


def test_the_session_notifies_for_watched_rows_and_watches_what_it_sends():
    session = session_for("redis://127.0.0.1:1/0", "redis://127.0.0.1:1/1")
    try:

        async def sent(spec: CallSpec, count: int = 1) -> Reply[list[CallSpec]]:
            return Reply(value=[spec.with_ids()])

        session.client.send_call = sent
        session.track_many([task("mine1"), task("mine2")])
        session.watch_rows(["mine1"])
        session.apply_results([task("mine1", "SUCCESS", result="4"), task("mine2", "SUCCESS", result="5")])
        assert [n.task_id for n in session.take_notifications()] == ["mine1"]
        assert session.take_notifications() == []

        session.watch.watch_sent = True
        reply = asyncio.run(session.send("tasks.add", [2, 2]))
        sent_id = reply.value[0].task_id
        assert session.watch.is_watched(sent_id)
        session.apply_results([task(sent_id, "FAILURE", result="TypeError: bad")])
        [note] = session.take_notifications()
        assert note.title == "tasks.add failed" and note.task_id == sent_id
        assert session.tray_counts.newly_failed == 1
        session.untrack([sent_id])
        assert not session.watch.is_watched(sent_id) and session.tray_counts.newly_failed == 0
    finally:
        session.client.close()


def test_the_waiting_notifications_never_pile_up():
    session = session_for("redis://127.0.0.1:1/0", "redis://127.0.0.1:1/1")
    try:
        session.track_many([task(f"t{i}") for i in range(40)])
        session.watch_rows([f"t{i}" for i in range(40)])
        for i in range(40):  # forty batches, nobody takes them
            session.apply_results([task(f"t{i}", "SUCCESS")])
        [summary] = session.take_notifications()
        assert summary.title == "40 watched tasks finished"
    finally:
        session.client.close()
