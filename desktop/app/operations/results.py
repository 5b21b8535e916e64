"""The results view's actions: track pasted ids, revoke or terminate, forget, export; the poller's health in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop.core.live.poller import PollState
from desktop.core.live.session import ConsoleSession


def track_pasted_ids(session: ConsoleSession, text: str, reveal: Callable[[str], None]) -> None:
    """Follow the task ids in pasted text; what is not an id is named, the first new row selected."""
    tracked, rejected = session.track_ids(text)
    if rejected:
        session.report_error(
            QCoreApplication.translate("operations.results", "not task ids, ignored: {ids}").format(ids=", ".join(rejected[:5]))
        )
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
        show_status(
            QCoreApplication.translate("operations.results", "{count} task(s) exported to {path}").format(
                count=f"{reply.value:,}", path=path
            )
        )


def poll_status(session: ConsoleSession) -> tuple[str, bool]:
    """The results view's status line: what the poller does, and whether it is a warning."""
    status = session.poller.status
    if status.state is PollState.UNSUPPORTED:
        return status.message, True
    if status.state is PollState.RECONNECTING:
        return QCoreApplication.translate("operations.results", "reconnecting… {message}").format(message=status.message), True
    tick = ""
    if status.last_tick_ms:
        tick = QCoreApplication.translate("operations.results", " · last poll {ms} ms").format(ms=f"{status.last_tick_ms:.1f}")
    text = QCoreApplication.translate("operations.results", "polling {polling} · push on {subscribed}{tick}")
    return text.format(polling=status.polling, subscribed=status.subscribed, tick=tick), False
