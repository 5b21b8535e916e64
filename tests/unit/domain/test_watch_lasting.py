"""Watches that last: what is kept for the next start, what comes back, and a watched call's callbacks."""

from __future__ import annotations

from desktop.core.domain.calls import CallSpec, LinkSpec
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.watch import WatchList


def task(task_id: str, state: str = "PENDING") -> TaskRecord:
    return TaskRecord(id=task_id, name="tasks.add", state=state, mine=True)


def linked(task_id: str = "call") -> CallSpec:
    return CallSpec(
        task="tasks.add",
        args=(1, 2),
        task_id=task_id,
        link=(LinkSpec("tasks.mul", (3,), task_id=f"{task_id}-link"),),
        link_error=(LinkSpec("tasks.log_error", task_id=f"{task_id}-err"),),
    )


def test_a_watched_call_is_watched_with_its_callbacks_and_a_success_drops_its_errbacks():
    watch = WatchList()
    watch.watch_sent = True
    watch.on_sent_calls([linked()])
    assert all(watch.is_watched(i) for i in ("call", "call-link", "call-err"))
    assert watch.saved() == (["call", "call-link", "call-err"], {"call": (("call-link",), ("call-err",))})

    [note] = watch.notifications([task("call", "SUCCESS")])
    assert note.task_id == "call"
    assert watch.saved() == (["call-link"], {})  # the errback will never run: nothing left to tell
    [note] = watch.notifications([task("call-link", "SUCCESS")])
    assert note.task_id == "call-link" and watch.saved() == ([], {})


def test_a_failure_drops_its_callbacks_and_keeps_its_errbacks():
    watch = WatchList()
    watch.watch_calls([linked()])
    watch.notifications([task("call", "FAILURE")])
    assert watch.saved() == (["call-err"], {})


def test_nothing_is_watched_when_watch_everything_i_send_is_off():
    watch = WatchList()
    watch.on_sent_calls([linked()])
    assert len(watch) == 0 and watch.saved() == ([], {})


def test_watching_a_sent_call_later_watches_the_callbacks_that_may_still_run():
    watch = WatchList()
    calls = {"call": linked(), "done": linked("done")}
    watch.watch(["call", "done"], {"done": task("done", "SUCCESS")}, calls)
    assert watch.is_watched("call-link") and watch.is_watched("call-err")
    assert watch.is_watched("done-link") and not watch.is_watched("done-err")  # succeeded: its errback never runs
    watch.unwatch(["call"])  # the callbacks watched with it go too
    assert not any(watch.is_watched(i) for i in ("call", "call-link", "call-err"))


def test_a_row_that_leaves_the_window_leaves_the_saved_watches_but_its_callbacks_stay():
    watch = WatchList()
    watch.watch_calls([linked()])
    before = watch.revision
    watch.forget(["call"])
    assert watch.revision != before
    assert watch.saved() == (["call-link", "call-err"], {})


def test_restored_watches_drop_what_ended_and_still_tell_the_rest():
    first = WatchList()
    first.watch_calls([linked(), linked("gone")])
    first.watch(["plain"])
    ids, callbacks = first.saved()

    again = WatchList()
    known = {"plain": task("plain", "SUCCESS"), "gone": task("gone", "FAILURE")}  # what the history shows ended
    follow = again.restore(ids, callbacks, known)
    assert follow == ["call", "call-link", "call-err", "gone-err"]  # gone's callback never runs; its errback may
    assert not again.is_watched("plain") and not again.is_watched("gone")
    [note] = again.notifications([task("call", "REVOKED")])  # ended while the console was closed: still told
    assert note.task_id == "call" and note.failed
    assert again.saved() == (["gone-err"], {})  # a revoked call runs neither callback
