"""The Failures tab's bulk actions: re-send a group's exact calls, forget its results."""

from __future__ import annotations

from desktop.core.live.session import ConsoleSession


async def resend_group(session: ConsoleSession, plan, show_status) -> None:
    """Re-send what the plan holds (new ids); the tasks whose arguments are unknown are counted, not sent."""
    reply = await session.resend(plan)
    if reply.ok:
        unknown = len(plan.unknown)
        show_status(f"re-sent {len(reply.value):,} task(s)" + (f", {unknown:,} not (arguments unknown)" if unknown else ""))


async def forget_group(session: ConsoleSession, ids: list[str], show_status) -> None:
    reply = await session.forget(ids)
    if reply.ok:
        show_status(f"forgot {len(ids):,} task(s)")
