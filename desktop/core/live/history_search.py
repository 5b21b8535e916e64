"""HistorySearch: one query over the whole history and the live window at once, newest first, a page at a time.

The query is parsed on the loop (cheap; a QueryError comes back as ``SearchResult.error`` with its
place, never raised). The history is read off the loop (``client.run_blocking``); the live window's
rows are snapshotted on the loop (a list of frozen records) and tested in the same blocking call,
so a window of 100,000 rows never holds the loop. A live row replaces its older copy from the
history (the window is fresher); a live row the history has not written yet (the writer's batch
in flight, or no history at all) joins the page where its time puts it. ``count`` is asked
separately, so the first page shows before every match is counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from desktop.core.cluster.client import ClusterClient
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.task_query import Or, Pattern, Query, QueryError, parse, record_time
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate
from desktop.core.store.history import HistoryRecorder

PAGE = 200
SEARCH_TIMEOUT = 60.0
EXISTS_CHUNK = 100  # live ids looked up in the history at once (an OR of exact ids, each by the primary key)
NO_HISTORY_NOTE = QT_TRANSLATE_NOOP("history_search", "no history: only the window's rows are searched")


@dataclass(frozen=True)
class SearchError:
    """What is wrong with the query and where: ``text[start:end]``."""

    message: str
    start: int
    end: int


@dataclass(frozen=True)
class SearchResult:
    text: str
    records: tuple[TaskRecord, ...] = ()  # newest first
    offset: int = 0
    more: bool = False  # a next page may hold more
    next_offset: int = 0  # where the next page starts (run(text, offset=next_offset))
    error: SearchError | None = None
    elapsed_ms: float = 0.0
    note: str = ""  # no history, free text by LIKE, the history unreadable (and the window searched alone)


@dataclass(frozen=True)
class SearchMatches:
    """Every task that matches a query (up to a limit), newest first: what a bulk action acts on."""

    text: str
    records: tuple[TaskRecord, ...] = ()
    truncated: bool = False  # more matched than the limit: only the newest ``limit`` are here
    error: SearchError | None = None
    note: str = ""


@dataclass(frozen=True)
class SearchCount:
    text: str
    count: int | None = None  # None: not counted (an error in the query, the history unreadable)
    error: SearchError | None = None
    elapsed_ms: float = 0.0
    note: str = ""


def _error_of(exc: QueryError) -> SearchError:
    return SearchError(exc.message, exc.start, exc.end)


def _newest_first(records: list[TaskRecord]) -> list[TaskRecord]:
    return sorted(records, key=lambda r: record_time(r) or 0.0, reverse=True)


class HistorySearch:
    """Searches ``history`` (None: no history) and the window's rows (``live()``: id -> record)."""

    def __init__(
        self,
        client: ClusterClient,
        history: HistoryRecorder | None,
        live: Callable[[], Mapping[str, TaskRecord]],
        clock: Callable[[], float] = time.time,
    ):
        self.client, self.history, self.live, self.clock = client, history, live, clock
        self._shown: dict[str, set[str]] = {}  # query text -> ids on its pages so far (a live row shows once)

    @property
    def has_history(self) -> bool:
        return self.history is not None

    def _notes(self) -> str:
        if self.history is None:
            return translate("history_search", NO_HISTORY_NOTE)
        return self.history.database.search_note

    async def run(self, text: str, offset: int = 0, limit: int = PAGE) -> SearchResult:
        """The page of tasks matching ``text`` from ``offset`` on, newest first; an invalid query is an error, not an exception."""
        started = time.perf_counter()
        try:
            query = parse(text)
        except QueryError as exc:
            return SearchResult(text, error=_error_of(exc), elapsed_ms=(time.perf_counter() - started) * 1000)
        now = self.clock()
        live = list(self.live().values())  # frozen records: tested off the loop
        if offset <= 0:
            self._shown = {text: set()}
        shown = self._shown.setdefault(text, set())
        history = self.history
        if history is None:
            reply = await self.client.run_blocking(lambda: _live_page(query, now, live, offset, limit), timeout=SEARCH_TIMEOUT)
        else:
            reply = await self.client.run_blocking(
                lambda: _merged_page(history, query, now, live, offset, limit, frozenset(shown)), timeout=SEARCH_TIMEOUT
            )
        note = self._notes()
        if not reply.ok:  # the history could not be read: the window's rows alone, and why
            note = translate("history_search", "the history could not be read ({error}): only the window's rows are searched")
            note = note.format(error=reply.error)
            reply = await self.client.run_blocking(lambda: _live_page(query, now, live, offset, limit), timeout=SEARCH_TIMEOUT)
            if not reply.ok:
                return SearchResult(
                    text, offset=offset, elapsed_ms=(time.perf_counter() - started) * 1000, note=reply.error or ""
                )
        records, more, consumed = reply.value
        shown.update(r.id for r in records)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(text, tuple(records), offset, more, max(0, offset) + consumed, None, elapsed, note)

    async def matching(self, text: str, limit: int) -> SearchMatches:
        """Every task matching ``text`` (the newest ``limit``), the window's fresher copies in place, off the loop."""
        try:
            query = parse(text)
        except QueryError as exc:
            return SearchMatches(text, error=_error_of(exc))
        now = self.clock()
        live = list(self.live().values())
        history = self.history
        if history is None:
            reply = await self.client.run_blocking(lambda: _live_page(query, now, live, 0, limit), timeout=SEARCH_TIMEOUT)
        else:
            reply = await self.client.run_blocking(
                lambda: _all_matching(history, query, now, live, limit), timeout=SEARCH_TIMEOUT
            )
        if not reply.ok:
            note = translate("history_search", "the history could not be read: {error}").format(error=reply.error)
            return SearchMatches(text, note=note)
        records, more, _consumed = reply.value
        return SearchMatches(text, tuple(records), more, None, self._notes() if history is None else "")

    async def count(self, text: str) -> SearchCount:
        """How many tasks match ``text``: the history's, plus the window's rows the history does not have yet."""
        started = time.perf_counter()
        try:
            query = parse(text)
        except QueryError as exc:
            return SearchCount(text, error=_error_of(exc))
        now = self.clock()
        live = list(self.live().values())
        history = self.history
        if history is None:
            reply = await self.client.run_blocking(lambda: len(_live_matches(query, now, live)), timeout=SEARCH_TIMEOUT)
        else:
            reply = await self.client.run_blocking(lambda: _merged_count(history, query, now, live), timeout=SEARCH_TIMEOUT)
        elapsed = (time.perf_counter() - started) * 1000
        if not reply.ok:
            note = translate("history_search", "not counted: {error}").format(error=reply.error)
            return SearchCount(text, elapsed_ms=elapsed, note=note)
        return SearchCount(text, reply.value, None, elapsed, self._notes())


# -- off the loop -----------------------------------------------------------------------------------


def _live_matches(query: Query, now: float, live: list[TaskRecord]) -> list[TaskRecord]:
    test = query.predicate(now)
    return [r for r in live if test(r)]


def _live_page(query: Query, now: float, live: list[TaskRecord], offset: int, limit: int) -> tuple[list[TaskRecord], bool, int]:
    matches = _newest_first(_live_matches(query, now, live))
    start = max(0, offset)
    page = matches[start : start + limit]
    return page, len(matches) > start + limit, len(page)


def _merged_page(
    history: HistoryRecorder,
    query: Query,
    now: float,
    live: list[TaskRecord],
    offset: int,
    limit: int,
    shown: frozenset[str],
) -> tuple[list[TaskRecord], bool, int]:
    """The history's page with the window's fresher copies in it, and the window's matching rows that belong
    on it (newer than its oldest, or any left when it is the last page) and were on no page before; so a page
    is the history's ``limit`` rows and the window's unwritten ones among them (the writer is at most seconds behind)."""
    page = history.database.search(history.profile, query, limit, offset, now)
    full = len(page) >= limit
    by_id = {r.id: r for r in live}
    matching = {r.id: r for r in _live_matches(query, now, live)}
    merged: dict[str, TaskRecord] = {}
    for record in page:
        if record.id in shown:
            continue
        fresh = by_id.get(record.id)
        if fresh is None:
            merged[record.id] = record
        elif record.id in matching:
            merged[record.id] = fresh
        # else: the window's copy no longer matches (it moved on since it was written): left out
    oldest = min((record_time(r) or 0.0 for r in page), default=0.0)
    for task_id, record in matching.items():
        if task_id in merged or task_id in shown:
            continue
        if not full or (record_time(record) or 0.0) >= oldest:
            merged[task_id] = record
    return _newest_first(list(merged.values())), full, len(page)


def _all_matching(
    history: HistoryRecorder, query: Query, now: float, live: list[TaskRecord], limit: int
) -> tuple[list[TaskRecord], bool, int]:
    """The history's matches and the window's (its copy wins), newest first, at most ``limit``."""
    found = history.database.search(history.profile, query, limit + 1, 0, now)
    by_id = {r.id: r for r in live}
    matching = {r.id: r for r in _live_matches(query, now, live)}
    merged: dict[str, TaskRecord] = {}
    for record in found:
        fresh = by_id.get(record.id)
        if fresh is None:
            merged[record.id] = record
        elif record.id in matching:
            merged[record.id] = fresh
    for task_id, record in matching.items():
        merged.setdefault(task_id, record)
    records = _newest_first(list(merged.values()))
    return records[:limit], len(records) > limit, len(found)


def _merged_count(history: HistoryRecorder, query: Query, now: float, live: list[TaskRecord]) -> int:
    database, profile = history.database, history.profile
    counted = database.count_matching(profile, query, now)
    ids = [r.id for r in _live_matches(query, now, live) if "*" not in r.id and "?" not in r.id]
    for start in range(0, len(ids), EXISTS_CHUNK):
        chunk = ids[start : start + EXISTS_CHUNK]
        lookup = Query("", Or(tuple(Pattern("id", task_id) for task_id in chunk)))  # exact ids: t.id = ?
        counted += len(chunk) - database.count_matching(profile, lookup, now)
    return counted
