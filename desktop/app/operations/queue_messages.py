"""The queue browser's operations: read a page or the held messages, act on selected messages, and
hand one message's call to the call form. Each answers in the browser window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop.core.domain.call_building import draft_from_spec
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.queued_messages import MessageFilter, QueuedMessage, call_of, export_json
from desktop.core.live.session import ConsoleSession


async def show_page(session: ConsoleSession, view, offset: int, message_filter: MessageFilter) -> None:
    reply = await session.queue_messages.page(view.queue, offset, message_filter=message_filter or None)
    if reply.ok:
        view.show_page(reply.value)
    else:
        view.show_error(reply.error)


async def show_held(session: ConsoleSession, view) -> None:
    reply = await session.queue_messages.held(view.queue)
    if reply.ok:
        view.show_held(reply.value, session.queue_messages.held_note)
    else:
        view.show_error(reply.error)


async def delete(session: ConsoleSession, view, messages: list[QueuedMessage]) -> None:
    await _then_refresh(view, await session.queue_messages.delete(view.queue, messages))


async def move(session: ConsoleSession, view, messages: list[QueuedMessage], target: str) -> None:
    await _then_refresh(view, await session.queue_messages.move(view.queue, messages, target))


async def restore(session: ConsoleSession, view, messages: list[QueuedMessage]) -> None:
    await _then_refresh(view, await session.restore_messages(messages))


async def requeue_dead_letters(session: ConsoleSession, view, messages: list[QueuedMessage]) -> None:
    await _then_refresh(view, await session.queue_messages.requeue_dead_letters(view.queue, messages))


async def _then_refresh(view, reply) -> None:
    if not reply.ok:
        view.show_error(reply.error)
        return
    view.refresh()
    view.show_outcome(reply.value)  # after asking for the page: the page's answer clears the status line


def copy_to_call_form(session: ConsoleSession, message: QueuedMessage, open_form) -> None:
    """The call form of the message's task, filled with its call (a new id when sent)."""
    spec = call_of(message)
    if spec is None:
        session.report_error(
            QCoreApplication.translate("operations.queue_messages", "the message {id} holds no call the console can read").format(
                id=message.id or "?"
            )
        )
        return
    info = session.task_info(spec.task) or TaskInfo(name=spec.task)
    form = open_form(info)
    form.set_draft(
        draft_from_spec(spec, info.signature),
        QCoreApplication.translate(
            "operations.queue_messages",
            "Copied from a message in queue {queue}: whoever can write to the broker chose these arguments.",
        ).format(queue=message.queue),
    )


def export(view, messages: list[QueuedMessage], path: str) -> None:
    try:
        Path(path).write_text(export_json(messages), encoding="utf-8")
    except OSError as exc:
        view.show_error(
            QCoreApplication.translate("operations.queue_messages", "export to {path}: {error}").format(path=path, error=exc)
        )
        return
    view.show_status(
        QCoreApplication.translate("operations.queue_messages", "{count} message(s) exported to {path}").format(
            count=f"{len(messages):,}", path=path
        )
    )
