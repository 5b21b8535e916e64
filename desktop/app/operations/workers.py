"""The Workers and Queues tabs' actions: inspect, remote control, enable events, purge, refresh."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.cluster.control import send_command
from desktop.core.cluster.inspection import inspect_workers
from desktop.core.cluster.worker_reports import explain_unsupported
from desktop.core.live.event_receiver import StreamState
from desktop.core.live.monitor import ClusterMonitor
from desktop.core.live.session import ConsoleSession


async def purge_queue(monitor: ClusterMonitor, name: str, queues_view) -> None:
    reply = await monitor.purge(name)
    queues_view.show_purge_result(name, reply.value, reply.error or "")


async def refresh_queues(monitor: ClusterMonitor) -> None:
    await monitor.refresh_worker_holdings()
    await monitor.refresh_queues()


async def inspect(session: ConsoleSession, method: str, hostnames: list[str], workers_view) -> None:
    """``celery inspect <method>`` on the chosen workers; each answer is shown as it arrives."""
    result = await inspect_workers(
        session.client,
        method,
        destination=hostnames,
        expected=len(hostnames),
        on_reply=lambda hostname, value: workers_view.show_partial(method, hostname, value),
    )
    workers_view.show_inspect(result)


async def command(session: ConsoleSession, worker_command, targets, workers_view) -> None:
    """``celery control <command>``; sent to everyone, the workers online are the ones whose silence is named."""
    expected = targets or [w.hostname for w in session.online_workers] or None
    result = await send_command(session.client, worker_command, destination=targets, expected=expected)
    workers_view.show_command_result(result)
    await session.monitor.refresh_worker_holdings()  # pool size, consumers and limits changed: show it


async def enable_events(monitor: ClusterMonitor, hostnames: list[str], workers_view) -> None:
    workers_view.show_command_result(await monitor.enable_events(hostnames))


def unsupported_reason(monitor: ClusterMonitor, command_name: str, hostname: str) -> str | None:
    """Why a worker cannot honour a command (its pool, its settings), before it is sent."""
    return explain_unsupported(command_name, monitor.raw_stats.get(hostname), monitor.conf.get(hostname))


def show_event_state(monitor: ClusterMonitor, workers_view) -> None:
    """The event stream's state, the workers that send no events, and the events checklist."""
    status = monitor.stream_status
    if status.state in (StreamState.RECEIVING, StreamState.STOPPED):
        stream = ""
    elif status.state is StreamState.RECONNECTING:
        stream = (
            QCoreApplication.translate("operations.workers", "Events: reconnecting… {message}")
            .format(message=status.message)
            .rstrip()
        )
    else:
        stream = QCoreApplication.translate("operations.workers", "Events: {state}").format(
            state=status.message or status.state.value
        )
    workers_view.set_event_state(monitor.silent_workers(), stream)
    workers_view.set_checks(monitor.event_checks())
