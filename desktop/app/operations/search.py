"""The Search tab's operations: run a query (its page shown first, then how many match) and open a task it found."""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.domain.records import TaskRecord
from desktop.core.live.session import ConsoleSession


async def search(session: ConsoleSession, view, text: str, offset: int) -> None:
    """A page of the tasks matching ``text`` from ``offset``, newest first; on a first page, the count after it."""
    result = await session.search.run(text, offset)
    view.show_page(result)
    if result.error is None and offset == 0:
        view.show_count(await session.search.count(text))


def open_found(session: ConsoleSession, record: TaskRecord, reveal: Callable[[str], None]) -> None:
    """A task found by a search, shown in Calls & results: tracked again first when the window no longer has it."""
    if record.id not in session.tasks:
        session.track(record.id, name=record.name, args=record.args, kwargs=record.kwargs)
    reveal(record.id)
