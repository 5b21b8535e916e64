"""What a bulk action asks before it runs and says after (desktop/core/live/bulk_actions.py): the exact count,
the query, each skip and failure with its reason, and what a cancel left undone."""

from __future__ import annotations

from desktop.core.domain.calls import CallSpec
from desktop.core.live.bulk_actions import MAX_LISTED, BulkKind, BulkPlan, BulkSummary, reasons_counted


def test_the_question_has_the_exact_count_the_query_and_the_skips_by_reason():
    plan = BulkPlan(
        BulkKind.RESEND,
        "state:FAILURE name:proj.*",
        act_on=tuple(f"t{n}" for n in range(10_000)),
        skipped=(("a", "arguments unknown"), ("b", "arguments unknown"), ("c", "pickle refused")),
        calls={"t0": CallSpec("proj.sync")},
        rebuilt=frozenset({"t1", "t2"}),
    )
    question = plan.question()
    assert question.splitlines()[:2] == ["Re-send 10,000 tasks matching the query:", "    state:FAILURE name:proj.*"]
    assert "3 skipped: arguments unknown ×2; pickle refused" in question
    assert "2 of these calls are rebuilt from the result backend's record" in question
    assert plan.total == 10_003


def test_an_empty_query_reads_as_every_task_and_a_truncated_match_says_so():
    question = BulkPlan(BulkKind.FORGET, "", act_on=("x",), truncated=True).question()
    assert "Forget 1 task matching the query:\n    (every task)" in question
    assert "only the newest 100,000 are taken" in question


def test_the_summary_names_each_failure_and_skip_and_counts_the_rest():
    failed = tuple((f"f{n}", "broker unreachable") for n in range(MAX_LISTED + 5))
    summary = BulkSummary(
        BulkKind.REVOKE,
        "state:STARTED",
        done=("d1", "d2"),
        failed=failed,
        skipped=(("s1", "already ended (SUCCESS): nothing to revoke"),),
        not_done=("n1", "n2", "n3"),
        cancelled=True,
        elapsed_s=2.25,
    )
    assert summary.total == 2 + len(failed) + 1 + 3
    assert summary.headline() == (
        f"Revoke: 2 revoked, {len(failed):,} failed, 1 skipped, 3 not done (cancelled) (of {summary.total:,}) in 2.2 s"
    )
    text = summary.text()
    assert "query: state:STARTED" in text
    assert "  f0: broker unreachable" in text and f"  f{MAX_LISTED - 1}: broker unreachable" in text
    assert f"  f{MAX_LISTED}: " not in text and "… and 5 more: broker unreachable ×5" in text
    assert "  s1: already ended (SUCCESS): nothing to revoke" in text
    assert "not done, cancelled (3): n1 n2 n3" in text


def test_reasons_are_counted_most_common_first():
    entries = [("a", "x"), ("b", "y"), ("c", "y"), ("d", "z")]
    assert reasons_counted(entries) == ["y ×2", "x", "z"]
    assert reasons_counted(entries, limit=1) == ["y ×2", "2 other reasons"]


def test_only_actions_that_change_the_cluster_are_refused_read_only():
    changing = {kind for kind in BulkKind if kind.changes_cluster}
    assert changing == {BulkKind.RESEND, BulkKind.REVOKE, BulkKind.TERMINATE, BulkKind.FORGET}


def test_a_long_resend_lists_the_first_new_ids_and_counts_the_rest():
    new_ids = {f"old{n}": f"new{n}" for n in range(MAX_LISTED + 3)}
    summary = BulkSummary(BulkKind.RESEND, "state:FAILURE", done=tuple(new_ids), new_ids=new_ids)
    text = summary.text()
    assert f"re-sent as ({MAX_LISTED + 3:,}):" in text and "  old0 -> new0" in text
    assert f"old{MAX_LISTED} ->" not in text and text.endswith("  … and 3 more")
