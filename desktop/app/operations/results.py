"""The results view's actions: track pasted ids, revoke or terminate, forget, export; the poller's health in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.core.live.poller import PollState
from desktop.core.live.session import ConsoleSession


def track_pasted_ids(session: ConsoleSession, text: str, reveal: Callable[[str], None]) -> None:
    """Follow the task ids in pasted text; what is not an id is named, the first new row selected."""
    tracked, rejected = session.track_ids(text)
    if rejected:
        session.report_error(f"not task ids, ignored: {', '.join(rejected[:5])}")
    if tracked:
        reveal(tracked[0])


async def revoke(session: ConsoleSession, ids: list[str], terminate: bool, signal: str) -> None:
    await session.revoke(ids, terminate, signal)


async def forget(session: ConsoleSession, ids: list[str]) -> None:
    await session.forget(ids)


async def export(session: ConsoleSession, ids: list[str], path: str, show_status: Callable[[str], None]) -> None:
    """Write the rows to CSV or JSON; a failure is reported by the session, success said in the status line."""
    reply = await session.export(ids, Path(path))
    if reply.ok:
        show_status(f"{reply.value:,} task(s) exported to {path}")


def poll_status(session: ConsoleSession) -> tuple[str, bool]:
    """The results view's status line: what the poller does, and whether it is a warning."""
    status = session.poller.status
    if status.state is PollState.UNSUPPORTED:
        return status.message, True
    if status.state is PollState.RECONNECTING:
        return f"reconnecting… {status.message}", True
    tick = f" · last poll {status.last_tick_ms:.1f} ms" if status.last_tick_ms else ""
    return f"polling {status.polling} · push on {status.subscribed}{tick}", False
