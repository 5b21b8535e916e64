"""The Search tab's operations: run a query (its page shown first, then how many match), open a task it found,
and the profile's saved views (save, delete, open, count)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from desktop.core.domain.records import TaskRecord
from desktop.core.live.session import ConsoleSession
from desktop.core.store.saved_views import SavedView, SavedViewError, SavedViewStore

MAX_VIEWS_COUNTED = 20  # the saved views counted a round: each count reads the history


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


def save_view(store: SavedViewStore, view, saved: SavedView, report: Callable[[str], None]) -> None:
    """Keep a view (one of the same name replaced), listed at once; it is the one to reopen next start."""
    try:
        kept = store.save(saved)
        store.set_last(kept.name)
    except (SavedViewError, OSError) as exc:
        report(
            QCoreApplication.translate("operations.search", "saving the view {name}: {error}").format(
                name=repr(saved.name), error=exc
            )
        )
        return
    view.show_saved_views(store.views())


def delete_view(store: SavedViewStore, view, name: str, report: Callable[[str], None]) -> None:
    try:
        store.delete(name)
    except (SavedViewError, OSError) as exc:
        report(
            QCoreApplication.translate("operations.search", "deleting the view {name}: {error}").format(
                name=repr(name), error=exc
            )
        )
    view.show_saved_views(store.views())


def open_view(store: SavedViewStore, view, name: str, report: Callable[[str], None]) -> None:
    """A saved view in the field and on the table, run; remembered as the one to reopen on start."""
    try:
        saved = store.get(name)
    except SavedViewError as exc:
        report(str(exc))
        return
    try:
        store.set_last(name)
    except OSError as exc:
        report(
            QCoreApplication.translate("operations.search", "remembering the view {name}: {error}").format(
                name=repr(name), error=exc
            )
        )
    view.open_view(saved)


def reopen_last(store: SavedViewStore, view) -> bool:
    """The views listed, and the last one opened run again (the tab's first build). Whether there was one."""
    view.show_saved_views(store.views())
    if not store.last:
        return False
    view.open_view(store.get(store.last))
    return True


async def count_views(session: ConsoleSession, store: SavedViewStore, view) -> None:
    """How many tasks each saved view matches (the first ``MAX_VIEWS_COUNTED``), one count after another."""
    for saved in store.views()[:MAX_VIEWS_COUNTED]:
        counted = await session.search.count(saved.query)
        view.show_view_count(saved.name, counted.count if counted.error is None else None)
