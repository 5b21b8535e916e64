"""The Schedules tab's actions: read the sources again, choose beat's file or django-celery-beat's
database, run an entry now, and create, edit, enable, disable or delete a RedBeat or
django-celery-beat entry."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.domain.call_building import draft_from_spec
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.schedules import PeriodicEntry, call_of
from desktop.core.live.schedule_book import ScheduleBook, ScheduleChangeFailed, ScheduleRow
from desktop.core.live.session import ConsoleSession


async def refresh(book: ScheduleBook, schedules_view) -> None:
    await book.refresh()
    schedules_view.set_notes(book.notes)


async def choose_file(book: ScheduleBook, path: str, schedules_view) -> None:
    book.file_path = path
    await refresh(book, schedules_view)


async def choose_database(book: ScheduleBook, url: str, schedules_view) -> None:
    book.database_url = url
    await refresh(book, schedules_view)


def run_now(session: ConsoleSession, row: ScheduleRow, open_form) -> None:
    """The call form filled with exactly what beat would send for the entry: Send sends it, now."""
    spec = call_of(row.entry)
    info = session.task_info(spec.task) or TaskInfo(name=spec.task)
    form = open_form(info)
    note = QCoreApplication.translate("operations.schedules", "the schedule entry “{name}” ({source})").format(
        name=row.entry.name, source=row.entry.source
    )
    form.set_draft(draft_from_spec(spec, info.signature), note)


async def set_enabled(book: ScheduleBook, row: ScheduleRow, enabled: bool, schedules_view) -> None:
    if enabled:
        done = QCoreApplication.translate("operations.schedules", "enabled {name}").format(name=row.entry.name)
    else:
        done = QCoreApplication.translate("operations.schedules", "disabled {name}").format(name=row.entry.name)
    await _change(book.set_enabled(row, enabled), done, schedules_view, book)


async def delete(book: ScheduleBook, row: ScheduleRow, schedules_view) -> None:
    done = QCoreApplication.translate("operations.schedules", "deleted {name}").format(name=row.entry.name)
    await _change(book.delete(row), done, schedules_view, book)


async def save(book: ScheduleBook, entry: PeriodicEntry, create: bool, editor, schedules_view) -> None:
    """Write a created or edited entry to its source; the editor closes once it is written, else says why not."""
    try:
        await book.save(entry, create=create)
    except ScheduleChangeFailed as exc:
        editor.show_refusal(str(exc))
        return
    editor.accept()
    if create:
        schedules_view.show_status(QCoreApplication.translate("operations.schedules", "created {name}").format(name=entry.name))
    else:
        schedules_view.show_status(QCoreApplication.translate("operations.schedules", "saved {name}").format(name=entry.name))
    schedules_view.set_notes(book.notes)


async def _change(change, done: str, schedules_view, book: ScheduleBook) -> None:
    try:
        await change
    except ScheduleChangeFailed as exc:
        schedules_view.show_status(QCoreApplication.translate("operations.schedules", "not changed: {error}").format(error=exc))
    else:
        schedules_view.show_status(done)
    schedules_view.set_notes(book.notes)
