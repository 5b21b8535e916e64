"""Sending a call or a workflow from its form, and opening a sent task's call again to re-send it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from desktop.core.domain.call_building import draft_from_spec
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.canvas import preview
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.triage import rebuilt_note
from desktop.core.live.session import ConsoleSession

Reveal = Callable[[str], None]  # show a task's row, selected


async def send_call(session: ConsoleSession, form, spec: CallSpec, count: int, reveal: Reveal) -> None:
    """Send ``count`` copies of the form's call; the form shows the outcome, the first new row is selected.

    A priority RabbitMQ would ignore stops the first Send with the reason; the same Send again sends.
    """
    ignored = await session.queue_messages.priority_ignored(spec)
    if ignored and ignored not in session.queue_messages.priority_warned:
        session.queue_messages.priority_warned.add(ignored)
        form.show_send_result(
            None,
            QCoreApplication.translate(
                "operations.calls", "{reason}. Clear the priority, or press Send again to send it anyway."
            ).format(reason=ignored),
        )
        return
    reply = await session.send_call(spec, count)
    form.show_send_result(reply.value, reply.error)
    if reply.ok:
        reveal(reply.value[0].task_id)


async def send_workflow(session: ConsoleSession, composer, node, specs, reveal: Reveal) -> None:
    """Send a composed workflow; its whole tree is shown at once, the top row selected."""
    reply = await session.send_workflow(node, specs)
    composer.show_send_result(reply.value, reply.error)
    if reply.ok:
        reveal(reply.value.id)


def signature_of(session: ConsoleSession, task: str):
    info = session.task_info(task)
    return info.signature if info else None


def describe_sent(session: ConsoleSession, task_id: str) -> str:
    """The call a row was sent with, as Python (a workflow's own row: the whole canvas); "" when unknown."""
    run = session.workflow_of(task_id)
    if run is not None and task_id == run.id:
        return preview(run.node, lambda name: replace(session.call_context(), signature=signature_of(session, name)))
    spec = session.sent_calls.get(task_id)
    if spec is None:
        return ""
    info = session.task_info(spec.task)
    return spec.to_python(info.python_name if info else None)


def resend_task(session: ConsoleSession, task_id: str, open_form, open_workflow) -> None:
    """Re-send: a workflow's row opens the composer with the whole workflow, a task's row its call form
    filled with the exact call (to edit first); a task whose arguments are unknown is named as such."""
    run = session.workflow_of(task_id)
    if run is not None and task_id in (p.id for p in run.parts):
        open_workflow(run.node)
        return
    spec = session.call_to_resend(task_id)
    if spec is None:
        session.report_error(
            QCoreApplication.translate(
                "operations.calls",
                "cannot re-send {task_id}: its arguments are unknown (the backend keeps them with result_extended=True)",
            ).format(task_id=task_id)
        )
        return
    info = session.task_info(spec.task) or TaskInfo(name=spec.task)
    form = open_form(info)
    form.set_draft(draft_from_spec(spec, info.signature), rebuilt_note(task_id) if session.call_rebuilt(task_id) else "")
