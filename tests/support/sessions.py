"""Helpers for tests that drive a ConsoleSession on real servers, one asyncio.run per scenario."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from celery import Celery

from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.live.session import ConsoleSession
from desktop.core.store.history import HistoryRecorder


def session_for(
    broker: str | None,
    backend: str | None,
    configure: Callable[[Celery], None] | None = None,
    history: HistoryRecorder | None = None,
    **profile_options,
):
    """A ConsoleSession as the window builds it; ``configure`` may change the app before first use."""
    profile = ConnectionProfile(broker_url=broker, backend_url=backend, **profile_options)
    app = build_console_app(profile)
    if configure is not None:
        configure(app)
    return ConsoleSession(ClusterClient(app, profile, timeout=5.0), profile, history)


@asynccontextmanager
async def running(session: ConsoleSession, monitor: bool = True) -> AsyncIterator[ConsoleSession]:
    """The session started for the block and stopped however the block ends: its loops and threads never outlive the scenario."""
    session.start(monitor=monitor)
    try:
        yield session
    finally:
        await session.stop()


def run(session: ConsoleSession, scenario):
    try:
        return asyncio.run(scenario())
    finally:
        session.client.close()


async def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Wait (the loop keeps running, nothing is ticked by hand) until ``condition()`` holds; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        await asyncio.sleep(0.02)
    raise AssertionError(f"not within {timeout} s: {what}")
