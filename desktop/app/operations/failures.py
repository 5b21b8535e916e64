"""The Failures tab's bulk actions: re-send a group's exact calls, forget its results."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.live.session import ConsoleSession


async def resend_group(session: ConsoleSession, plan, show_status) -> None:
    """Re-send what the plan holds (new ids); the tasks whose arguments are unknown are counted, not sent."""
    reply = await session.resend(plan)
    if reply.ok:
        unknown = len(plan.unknown)
        sent = QCoreApplication.translate("operations.failures", "re-sent {count} task(s)").format(count=f"{len(reply.value):,}")
        if unknown:
            sent += QCoreApplication.translate("operations.failures", ", {count} not (arguments unknown)").format(
                count=f"{unknown:,}"
            )
        show_status(sent)


async def forget_group(session: ConsoleSession, ids: list[str], show_status) -> None:
    reply = await session.forget(ids)
    if reply.ok:
        show_status(QCoreApplication.translate("operations.failures", "forgot {count} task(s)").format(count=f"{len(ids):,}"))
