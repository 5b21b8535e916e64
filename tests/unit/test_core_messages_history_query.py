"""The history's, the search's and the bulk actions' messages go through core's translator, whole and with the
words put into them; the query language's keywords, the SQL and the log records stay as they are."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from desktop.core.cluster.client import Reply
from desktop.core.domain import translatable
from desktop.core.domain.filters import TaskFilter
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_query import PLACEHOLDER, QUERY_HELP, Or, State, check, parse, placeholder, query_help
from desktop.core.live.bulk_actions import BulkKind, BulkPlan, BulkSummary, BulkTargets, execute, plan, reasons_counted
from desktop.core.live.history_search import HistorySearch
from desktop.core.store.export import ids_from_file
from desktop.core.store.history import NO_FTS_NOTE, HistoryDatabase, open_recorder
from desktop.core.store.saved_views import SavedView, SavedViewError, SavedViewStore


class Blocking:
    """A client whose blocking calls run at once (or fail with ``error``)."""

    def __init__(self, error: str | None = None):
        self.error = error

    async def run_blocking(self, fn, timeout: float = 0.0):
        return Reply(error=self.error) if self.error else Reply(value=fn())


# -- the query language -------------------------------------------------------------------------------


def test_query_errors_are_translated_and_the_keywords_are_not(marked):
    assert check('name:"never closed').message == "⟦this quote is never closed⟧"
    assert check("retries>many").message == "⟦retries compares with a whole number, not 'many'⟧"
    unknown = check("colour:red").message
    assert unknown.startswith("⟦⟦unknown qualifier colour:⟧ (known: state, name, worker, exc, args, kwargs, id, since")
    assert ("task_query", "{hint} (known: {known}, kwargs.<key>); put text in quotes to search for it") in marked
    assert check("since:yesterday").message.startswith("⟦since: takes a time back from now")
    assert check('"?!"').message == "⟦⟦free text⟧ needs letters or digits to search for⟧"
    error = check("state:FAILURE OR")
    assert error.message == "⟦OR needs a term after it⟧" and (error.start, error.end) == (14, 16)  # the place is kept
    assert parse("state:failure OR -name:proj.*").root == Or((State(("FAILURE",)), parse("-name:proj.*").root))


def test_the_placeholder_and_the_help_are_translated_where_shown(marked):
    assert placeholder() == f"⟦{PLACEHOLDER}⟧" and query_help() == f"⟦{QUERY_HELP}⟧"
    assert ("task_query", QUERY_HELP) in marked
    translatable.use_translator(None)
    assert placeholder() == PLACEHOLDER and query_help().startswith("Search the history and the window with terms")


def test_a_filter_describes_itself_in_words_of_the_window(marked):
    described = TaskFilter(name="orders", states=frozenset({"FAILURE"}), since=1.0).describe()
    assert described == "⟦task ~ {name}⟧⟦, ⟧⟦state {states}⟧⟦, ⟧⟦time range⟧".format(name="'orders'", states="FAILURE")


# -- the history ------------------------------------------------------------------------------------------


def test_the_history_says_why_it_moved_a_file_aside_and_logs_it_in_english(marked, tmp_path, caplog):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    database = HistoryDatabase(path)
    with caplog.at_level(logging.WARNING, logger="desktop.core.store.history"):
        note = database.open()
    database.close()
    assert note.startswith("⟦the history file ") and "⟦it is not a readable history file (" in note
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("the history file ") and "a new history starts" in m for m in logged)
    assert not any("⟦the history file" in m for m in logged)


def test_without_a_history_the_console_says_so(marked, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    recorder, note = open_recorder("p", blocker / "sub" / "history.sqlite3")
    assert recorder is None
    assert note.startswith("⟦⟦history folder ") and note.endswith("; the console runs without history⟧")


def test_the_search_notes_are_translated_when_read(marked, tmp_path):
    plain = HistoryDatabase(tmp_path / "history.sqlite3", fts=False)
    assert plain.search_note == f"⟦{NO_FTS_NOTE}⟧"
    alone = HistorySearch(Blocking(), None, lambda: {})
    result = asyncio.run(alone.run("state:FAILURE"))
    assert result.error is None and result.note == "⟦no history: only the window's rows are searched⟧"
    error = asyncio.run(alone.run("state:")).error
    assert error is not None and error.message == "⟦state: needs a value⟧"
    failing = HistorySearch(Blocking("disk gone"), None, lambda: {})
    assert asyncio.run(failing.count("x")).note == "⟦not counted: disk gone⟧"


# -- saved views and files read -----------------------------------------------------------------------------


def test_saved_view_refusals_are_translated_and_still_caught(marked, tmp_path):
    store = SavedViewStore("p", tmp_path / "saved_views.json")
    with pytest.raises(SavedViewError, match="^⟦no saved view 'nope'⟧$"):
        store.get("nope")
    with pytest.raises(SavedViewError, match="^⟦a saved view needs a name⟧$"):
        store.save(SavedView("  ", "x"))
    (tmp_path / "bad.json").write_text("{broken")
    bad = SavedViewStore("p", tmp_path / "bad.json")
    assert bad.load_error.startswith("⟦saved views file ")


def test_an_unreadable_id_file_is_said_in_the_window_language(marked, tmp_path):
    path = tmp_path / "tasks.json"
    path.write_text("[not json")
    with pytest.raises(ValueError, match="^⟦tasks.json looks like JSON but is not: "):
        ids_from_file(path)


# -- bulk actions ----------------------------------------------------------------------------------------------


def test_the_confirmation_names_the_count_the_verb_and_the_skips_translated(marked):
    question = BulkPlan(
        BulkKind.TERMINATE, "", act_on=("a",), skipped=(("b", "x"), ("c", "x")), truncated=True, signal="SIGKILL"
    ).question()
    lines = question.splitlines()
    assert lines[0] == "⟦⟦Terminate⟧ 1 task matching the query:⟧"
    assert lines[1] == "    ⟦(every task)⟧"
    assert "⟦Running ones are killed with SIGKILL; the others are revoked.⟧" in lines
    assert "⟦2 skipped: x ×2⟧" in lines
    assert ("bulk_actions", "More than {limit} tasks match: only the newest {limit} are taken.") in marked
    assert BulkKind.TERMINATE.verb == "Terminate"  # the English verb, for code, stays


def test_the_summary_and_its_reasons_are_translated_and_still_counted(marked):
    summary = BulkSummary(
        BulkKind.RESEND,
        "state:FAILURE",
        done=("d",),
        failed=(("f1", "down"), ("f2", "down")),
        not_done=("n",),
        cancelled=True,
        elapsed_s=1.0,
        new_ids={"d": "d2"},
    )
    assert summary.headline() == (
        "⟦{verb}: {done}, {failed}, {skipped}, {not_done} (of {total}) in {seconds} s⟧".format(
            verb="⟦Re-send⟧",
            done="⟦1 re-sent⟧",
            failed="⟦2 failed⟧",
            skipped="⟦0 skipped⟧",
            not_done="⟦1 not done (cancelled)⟧",
            total="4",
            seconds="1.0",
        )
    )
    text = summary.text()
    assert "⟦query: state:FAILURE⟧" in text and "⟦failed (2):⟧\n  f1: down" in text
    assert "⟦not done, cancelled (1): n⟧" in text and "⟦re-sent as (1):⟧\n  d -> d2" in text
    assert reasons_counted([("a", "⟦gone⟧"), ("b", "⟦gone⟧")]) == ["⟦gone⟧ ×2"]


def test_skip_reasons_and_an_export_failure_are_translated(marked):
    records = (TaskRecord(id="old", name="t", state="SUCCESS"), TaskRecord(id="new", name="t", state="STARTED"))
    planned = asyncio.run(plan(None, BulkKind.REVOKE, BulkTargets("x", records)))
    assert planned.act_on == ("new",)
    assert planned.skipped == (("old", "⟦already ended (SUCCESS): nothing to revoke⟧"),)

    session = SimpleNamespace(rows=SimpleNamespace(tasks={}), calls=SimpleNamespace(sent={}), profile=None)
    export = BulkPlan(BulkKind.EXPORT, "x", act_on=("new",), records={"new": records[1]})
    summary = asyncio.run(execute(session, export))
    assert summary.failed == (("new", "⟦no file chosen⟧"),)
    assert summary.detail == "⟦not written to None: ⟦no file chosen⟧⟧"
