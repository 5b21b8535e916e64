"""Bulk actions on every task a query matches: re-send, revoke, terminate, forget, export, watch.

Three steps, so nothing is acted on that the user did not see counted:

1. ``collect``: every match of the query (history and window, newest first, up to MAX_TARGETS).
2. ``plan``: what the action would do with each: acted on, or skipped with the reason (a re-send
   whose arguments are unknown, a revoke of a task that already ended). The user confirms this plan,
   its exact count and its query.
3. ``execute``: the plan's tasks, a chunk at a time through the client (off the loop), the
   progress told after each chunk, stopping between chunks when cancelled. It ends with a
   ``BulkSummary``: done, failed (each with its reason), skipped, and what a cancel left undone.

A chunk is one call to the cluster (one producer for a chunk of re-sends, one broadcast for a
chunk of revokes), so 10,000 re-sends are 40 round trips with the loop free in between. A
read-only profile refuses in the client (``run_mutation``): each chunk comes back failed with why.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.display import display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate
from desktop.core.domain.watch import ended
from desktop.core.live.history_search import SearchError

if TYPE_CHECKING:
    from desktop.core.live.session import ConsoleSession

MAX_TARGETS = 100_000  # tasks one bulk action takes at most (the newest that match)
CHUNK = {"re-send": 250, "revoke": 1_000, "terminate": 1_000, "forget": 200, "watch": 2_500}
MAX_LISTED = 1_000  # failures and skips named one by one in a summary's text; the rest counted by reason
PAUSE = 0.001  # between chunks: the window paints and answers

CONTEXT = "bulk_actions"  # the catalogue's context (lupdate needs the literal at each call)
# What the confirmation and the summary call each action (by BulkKind's value), translated where said.
VERBS = {
    "re-send": QT_TRANSLATE_NOOP("bulk_actions", "Re-send"),
    "revoke": QT_TRANSLATE_NOOP("bulk_actions", "Revoke"),
    "terminate": QT_TRANSLATE_NOOP("bulk_actions", "Terminate"),
    "forget": QT_TRANSLATE_NOOP("bulk_actions", "Forget"),
    "export": QT_TRANSLATE_NOOP("bulk_actions", "Export"),
    "watch": QT_TRANSLATE_NOOP("bulk_actions", "Watch"),
}
DONE_COUNTS = {  # the headline's first part: how many were done
    "re-send": QT_TRANSLATE_NOOP("bulk_actions", "{count} re-sent"),
    "revoke": QT_TRANSLATE_NOOP("bulk_actions", "{count} revoked"),
    "terminate": QT_TRANSLATE_NOOP("bulk_actions", "{count} terminated"),
    "forget": QT_TRANSLATE_NOOP("bulk_actions", "{count} forgotten"),
    "export": QT_TRANSLATE_NOOP("bulk_actions", "{count} exported"),
    "watch": QT_TRANSLATE_NOOP("bulk_actions", "{count} watched"),
}
EVERY_TASK = QT_TRANSLATE_NOOP("bulk_actions", "(every task)")  # an empty query


class BulkKind(Enum):
    RESEND = "re-send"
    REVOKE = "revoke"
    TERMINATE = "terminate"
    FORGET = "forget"
    EXPORT = "export"
    WATCH = "watch"

    @property
    def changes_cluster(self) -> bool:
        """Whether the action changes the broker, the backend or a worker (a read-only profile refuses it)."""
        return self in (BulkKind.RESEND, BulkKind.REVOKE, BulkKind.TERMINATE, BulkKind.FORGET)

    @property
    def verb(self) -> str:
        """The action's verb in English ("Re-send"); ``said_verb`` is the window's language."""
        return VERBS[self.value]

    @property
    def said_verb(self) -> str:
        """The action's verb in the window's language, as the confirmation and the summary say it."""
        return translate(CONTEXT, VERBS[self.value])


@dataclass(frozen=True)
class BulkTargets:
    """The tasks a query matched, as counted for the user."""

    query: str
    records: tuple[TaskRecord, ...] = ()
    truncated: bool = False  # more than MAX_TARGETS matched: only the newest are here
    error: SearchError | None = None
    note: str = ""

    def __len__(self) -> int:
        return len(self.records)


@dataclass(frozen=True)
class BulkPlan:
    """What an action would do with each target: the ids acted on, in order, and the skipped with why."""

    kind: BulkKind
    query: str
    act_on: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    calls: Mapping[str, CallSpec] = field(default_factory=dict)  # re-send: the call sent in each one's place (fresh ids)
    rebuilt: frozenset[str] = frozenset()  # re-send: calls rebuilt from the backend's record, not sent from here
    records: Mapping[str, TaskRecord] = field(default_factory=dict)  # export: what is written
    truncated: bool = False
    path: Path | None = None  # export: where
    signal: str = "SIGTERM"  # terminate: the signal

    @property
    def total(self) -> int:
        return len(self.act_on) + len(self.skipped)

    def question(self) -> str:
        """What the confirmation asks: the exact count, the query, what is skipped and why."""
        query = display_text(self.query, 300) or translate(CONTEXT, EVERY_TASK)
        if len(self.act_on) == 1:
            head = translate("bulk_actions", "{verb} 1 task matching the query:")
        else:
            head = translate("bulk_actions", "{verb} {count} tasks matching the query:")
        lines = [head.format(verb=self.kind.said_verb, count=f"{len(self.act_on):,}"), f"    {query}"]
        if self.kind is BulkKind.RESEND:
            lines.append(translate("bulk_actions", "Each is sent again exactly as it was, with a new task id."))
            if self.rebuilt:
                rebuilt = translate(
                    "bulk_actions",
                    "{count} of these calls are rebuilt from the result backend's record (task name, args, kwargs), "
                    "not sent from this console: whoever can write to the backend chose them.",
                )
                lines.append(rebuilt.format(count=f"{len(self.rebuilt):,}"))
        if self.kind is BulkKind.TERMINATE:
            killed = translate("bulk_actions", "Running ones are killed with {signal}; the others are revoked.")
            lines.append(killed.format(signal=self.signal))
        if self.kind is BulkKind.FORGET:
            lines.append(
                translate("bulk_actions", "Their results are deleted from the result backend and they leave the history.")
            )
        if self.kind is BulkKind.EXPORT and self.path is not None:
            lines.append(translate("bulk_actions", "To {path}").format(path=self.path))
        if self.skipped:
            skipped = translate("bulk_actions", "{count} skipped: {reasons}")
            lines.append(skipped.format(count=f"{len(self.skipped):,}", reasons="; ".join(reasons_counted(self.skipped, 4))))
        if self.truncated:
            newest = translate("bulk_actions", "More than {limit} tasks match: only the newest {limit} are taken.")
            lines.append(newest.format(limit=f"{MAX_TARGETS:,}"))
        return "\n".join(lines)


@dataclass(frozen=True)
class BulkProgress:
    kind: BulkKind
    processed: int  # acted on so far (done or failed)
    total: int  # to act on


@dataclass(frozen=True)
class BulkSummary:
    """How a bulk action ended: each task done, failed (why), skipped (why) or left undone by a cancel."""

    kind: BulkKind
    query: str
    done: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    not_done: tuple[str, ...] = ()  # cancelled before their turn
    cancelled: bool = False
    elapsed_s: float = 0.0
    new_ids: Mapping[str, str] = field(default_factory=dict)  # re-send: old id -> the id sent in its place
    detail: str = ""  # export: the file

    @property
    def total(self) -> int:
        return len(self.done) + len(self.failed) + len(self.skipped) + len(self.not_done)

    def headline(self) -> str:
        """'Re-send: 9,990 re-sent, 0 failed, 10 skipped (of 10,000) in 4.1 s'."""
        counts = {
            "verb": self.kind.said_verb,
            "done": translate(CONTEXT, DONE_COUNTS[self.kind.value]).format(count=f"{len(self.done):,}"),
            "failed": translate("bulk_actions", "{count} failed").format(count=f"{len(self.failed):,}"),
            "skipped": translate("bulk_actions", "{count} skipped").format(count=f"{len(self.skipped):,}"),
            "total": f"{self.total:,}",
            "seconds": f"{self.elapsed_s:,.1f}",
        }
        if self.cancelled:
            not_done = translate("bulk_actions", "{count} not done (cancelled)").format(count=f"{len(self.not_done):,}")
            line = translate("bulk_actions", "{verb}: {done}, {failed}, {skipped}, {not_done} (of {total}) in {seconds} s")
            return line.format(not_done=not_done, **counts)
        return translate("bulk_actions", "{verb}: {done}, {failed}, {skipped} (of {total}) in {seconds} s").format(**counts)

    def text(self) -> str:
        """The summary to copy: the headline, the query, then every failure and skip with its reason."""
        query = self.query or translate(CONTEXT, EVERY_TASK)
        lines = [self.headline(), translate("bulk_actions", "query: {query}").format(query=query)]
        if self.detail:
            lines.append(self.detail)
        titles = (translate("bulk_actions", "failed ({count}):"), translate("bulk_actions", "skipped ({count}):"))
        for title, entries in zip(titles, (self.failed, self.skipped), strict=True):
            if not entries:
                continue
            lines.append("")
            lines.append(title.format(count=f"{len(entries):,}"))
            lines.extend(f"  {task_id}: {reason}" for task_id, reason in entries[:MAX_LISTED])
            if len(entries) > MAX_LISTED:
                more = translate("bulk_actions", "  … and {count} more: {reasons}")
                reasons = "; ".join(reasons_counted(entries[MAX_LISTED:]))
                lines.append(more.format(count=f"{len(entries) - MAX_LISTED:,}", reasons=reasons))
        if self.not_done:
            lines.append("")
            not_done = translate("bulk_actions", "not done, cancelled ({count}): {ids}")
            lines.append(not_done.format(count=f"{len(self.not_done):,}", ids=" ".join(self.not_done[:MAX_LISTED])))
        if self.new_ids:
            lines.append("")
            lines.append(translate("bulk_actions", "re-sent as ({count}):").format(count=f"{len(self.new_ids):,}"))
            lines.extend(f"  {old} -> {new}" for old, new in list(self.new_ids.items())[:MAX_LISTED])
            if len(self.new_ids) > MAX_LISTED:
                more = translate("bulk_actions", "  … and {count} more")
                lines.append(more.format(count=f"{len(self.new_ids) - MAX_LISTED:,}"))
        return "\n".join(lines)


def reasons_counted(entries, limit: int = 10) -> list[str]:
    """'arguments unknown ×12' for each distinct reason, most common first."""
    counts: dict[str, int] = {}
    for _task_id, reason in entries:
        counts[reason] = counts.get(reason, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    words = [f"{reason} ×{n:,}" if n > 1 else reason for reason, n in ranked[:limit]]
    if len(ranked) > limit:
        words.append(translate("bulk_actions", "{count} other reasons").format(count=f"{len(ranked) - limit:,}"))
    return words


# -- 1. collect ---------------------------------------------------------------------------------------


async def collect(session: ConsoleSession, query: str, limit: int = MAX_TARGETS) -> BulkTargets:
    """Every task matching ``query`` (history and window), newest first; an invalid query comes back as its error."""
    found = await session.search.matching(query, limit)
    return BulkTargets(query, found.records, found.truncated, found.error, found.note)


# -- 2. plan -----------------------------------------------------------------------------------------

ENDED_NOTHING_TO_REVOKE = QT_TRANSLATE_NOOP("bulk_actions", "already ended ({state}): nothing to revoke")
ENDED_NOTHING_TO_WATCH = QT_TRANSLATE_NOOP("bulk_actions", "already ended ({state}): nothing left to tell")


async def plan(
    session: ConsoleSession, kind: BulkKind, targets: BulkTargets, *, path: Path | None = None, signal: str = "SIGTERM"
) -> BulkPlan:
    """What ``kind`` would do with each target (calls loaded from the history off the loop for a re-send or export)."""
    records = {r.id: r for r in targets.records}
    ids = list(records)
    common = {"kind": kind, "query": targets.query, "truncated": targets.truncated}
    if kind is BulkKind.RESEND:
        await _load_calls(session, ids)
        reply = await session.client.run_blocking(lambda: _resend_plan(session, ids, records), timeout=120.0)  # 75 ms a 10,000
        if not reply.ok:
            why = translate("bulk_actions", "not planned: {error}").format(error=reply.error)
            return BulkPlan(act_on=(), skipped=tuple((task_id, why) for task_id in ids), **common)
        calls, skipped, rebuilt = reply.value
        return BulkPlan(act_on=tuple(calls), skipped=tuple(skipped), calls=calls, rebuilt=rebuilt, **common)
    if kind in (BulkKind.REVOKE, BulkKind.TERMINATE, BulkKind.WATCH):
        reason = translate(CONTEXT, ENDED_NOTHING_TO_WATCH if kind is BulkKind.WATCH else ENDED_NOTHING_TO_REVOKE)
        act_on, skipped = [], []
        for task_id, record in records.items():
            if ended(record):
                skipped.append((task_id, reason.format(state=record.state)))
            else:
                act_on.append(task_id)
        return BulkPlan(act_on=tuple(act_on), skipped=tuple(skipped), records=records, signal=signal, **common)
    if kind is BulkKind.EXPORT:
        await _load_calls(session, ids)
        return BulkPlan(act_on=tuple(ids), records=records, path=path, **common)
    return BulkPlan(act_on=tuple(ids), records=records, **common)  # FORGET


def _resend_plan(session: ConsoleSession, ids: list[str], records: Mapping[str, TaskRecord]):
    """(calls to send by the id each replaces, skipped with why, rebuilt ids): off the loop, it only reads."""
    resend = session.calls.resend_plan(ids, records)
    unknown = translate("bulk_actions", "arguments unknown (the backend keeps them with result_extended=True)")
    skipped = [(task_id, unknown) for task_id in resend.unknown]
    calls = {}
    for task_id, spec in resend.calls.items():
        refusal = session.client.pickle_refusal(spec)
        if refusal:
            skipped.append((task_id, refusal))
        else:
            calls[task_id] = spec
    return calls, skipped, resend.rebuilt & set(calls)


async def _load_calls(session: ConsoleSession, ids: list[str]) -> None:
    """The calls the history kept for these tasks, known to the session's sent calls (a re-send sends them exactly)."""
    history = session.history
    wanted = [task_id for task_id in ids if task_id not in session.calls.sent]
    if history is None or not wanted:
        return
    reply = await session.client.run_blocking(lambda: history.database.load_calls(history.profile, wanted), timeout=60.0)
    if reply.ok:
        session.calls.restore(reply.value)


# -- 3. execute --------------------------------------------------------------------------------------


class Cancel:
    """Set by the user's Cancel; the action stops before its next chunk."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self) -> None:
        self.requested = True


async def execute(
    session: ConsoleSession,
    plan: BulkPlan,
    on_progress: Callable[[BulkProgress], None] = lambda _progress: None,
    cancel: Cancel | None = None,
) -> BulkSummary:
    """Do the plan, a chunk at a time, telling the progress after each; stop between chunks on ``cancel``."""
    started = time.perf_counter()
    cancel = cancel or Cancel()
    kind = plan.kind
    done: list[str] = []
    failed: list[tuple[str, str]] = []
    new_ids: dict[str, str] = {}
    ids = list(plan.act_on)
    total = len(ids)
    on_progress(BulkProgress(kind, 0, total))
    if kind is BulkKind.EXPORT:
        reply = await _export(session, plan)
        if reply.ok:
            done = ids
        else:
            failed = [(task_id, reply.error or translate("bulk_actions", "not written")) for task_id in ids]
        on_progress(BulkProgress(kind, total, total))
        if reply.ok:
            detail = translate("bulk_actions", "written to {path}").format(path=plan.path)
        else:
            detail = translate("bulk_actions", "not written to {path}: {error}").format(path=plan.path, error=reply.error)
        return BulkSummary(kind, plan.query, tuple(done), tuple(failed), plan.skipped, (), False, _since(started), {}, detail)
    size = CHUNK[kind.value]
    position = 0
    while position < total and not cancel.requested:
        chunk = ids[position : position + size]
        position += len(chunk)
        error = await _run_chunk(session, plan, chunk, new_ids)
        if error is None:
            done.extend(chunk)
        else:
            failed.extend((task_id, error) for task_id in chunk)
        on_progress(BulkProgress(kind, position, total))
        await asyncio.sleep(PAUSE)
    not_done = tuple(ids[position:])
    return BulkSummary(
        kind,
        plan.query,
        tuple(done),
        tuple(failed),
        plan.skipped,
        not_done,
        bool(not_done),
        _since(started),
        new_ids,
    )


def _since(started: float) -> float:
    return time.perf_counter() - started


async def _run_chunk(session: ConsoleSession, plan: BulkPlan, chunk: list[str], new_ids: dict[str, str]) -> str | None:
    """One chunk of the action; the reason it failed, or None."""
    kind = plan.kind
    if kind is BulkKind.RESEND:
        calls = [plan.calls[task_id] for task_id in chunk]
        reply = await session.client.send_calls(calls)
        if not reply.ok:
            return reply.error
        session.follow_sent(reply.value)
        new_ids.update((old, sent.task_id) for old, sent in zip(chunk, reply.value, strict=True))
        return None
    if kind in (BulkKind.REVOKE, BulkKind.TERMINATE):
        steps = session.workflow_rows.step_ids(chunk)  # a workflow's row: its steps
        reply = await session.client.revoke(steps, terminate=kind is BulkKind.TERMINATE, signal=plan.signal)
        return reply.error
    if kind is BulkKind.FORGET:
        reply = await session.forget(chunk, report=False)  # the summary names the failure, once
        return reply.error
    if kind is BulkKind.WATCH:
        session.follow_found([plan.records[task_id] for task_id in chunk])  # polled, so the watch can tell
        session.watch_rows(chunk, True)
        return None
    raise ValueError(f"not a chunked action: {kind}")


async def _export(session: ConsoleSession, plan: BulkPlan):
    from desktop.core.connection.secrets import mask_text
    from desktop.core.store.export import write_export

    tasks = session.rows.tasks
    records = [tasks.get(task_id) or plan.records[task_id] for task_id in plan.act_on]
    sent = session.calls.sent
    calls = {task_id: sent[task_id] for task_id in plan.act_on if task_id in sent}
    redact = lambda text: mask_text(session.profile.redact(text))  # noqa: E731
    path = plan.path
    if path is None:
        from desktop.core.cluster.client import Reply

        return Reply(error=translate("bulk_actions", "no file chosen"))
    return await session.client.run_blocking(lambda: write_export(path, records, calls, redact), timeout=300.0)
