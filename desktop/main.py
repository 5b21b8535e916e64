"""Entry point: parse arguments, build QApplication + qasync loop, wire core → models → views."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__
from desktop.core.platform_check import display_problem

if TYPE_CHECKING:
    from desktop.core.cluster import ClusterClient
    from desktop.core.gc_pacing import CollectorPacer
    from desktop.core.session import ConsoleSession
    from desktop.models import SessionBridge
    from desktop.views.main_window import MainWindow

log = logging.getLogger("desktop")
PROCESS_STARTED = time.monotonic()

EXIT_USAGE, EXIT_NO_DISPLAY = 2, 3
SWITCH_INTERVAL = 0.001  # seconds a background thread may hold the GIL while the GUI thread waits (Python's default: 0.005)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="celery-desktop",
        description="A desktop console for Celery: workers, registered tasks, results.",
        epilog=(
            "Without --broker/--backend/-A the console reads CELERY_BROKER_URL and CELERY_RESULT_BACKEND, "
            "then CACHE_REDIS_HOST/PORT/PASSWORD (broker on DB 10, backend on DB 11)."
        ),
    )
    where = p.add_argument_group("connection")
    where.add_argument(
        "-A",
        "--app",
        dest="app_module",
        metavar="MODULE",
        help="import your Celery app and use its configuration, like celery -A",
    )
    where.add_argument("-b", "--broker", metavar="URL", help="broker URL, e.g. redis://:password@host:6379/10")
    where.add_argument("--backend", "--result-backend", dest="backend", metavar="URL", help="result backend URL")
    where.add_argument(
        "--demo", action="store_true", help="start a private Redis server and a worker on the demo tasks, and connect to them"
    )
    where.add_argument(
        "--allow-pickle", action="store_true", help="decode pickled results for this connection (only for a backend you trust)"
    )
    where.add_argument(
        "--sentinel-master",
        metavar="NAME",
        help="the master's name (master_name) for sentinel:// URLs, e.g. mymaster",
    )
    where.add_argument(
        "--management-url",
        metavar="URL",
        help="RabbitMQ's management API, e.g. http://user:password@host:15672/ (queue lengths and consumers)",
    )
    where.add_argument(
        "--poll-interval",
        type=float,
        metavar="SECONDS",
        help="result polling interval (default: 0.5 for Redis, 5 for database backends)",
    )
    where.add_argument(
        "--event-tasks",
        type=int,
        metavar="N",
        help="tasks the live event store holds; the ones that finished longest ago go first (default: Settings, 100000)",
    )
    where.add_argument(
        "--refresh-interval", type=float, default=5.0, metavar="SECONDS", help="worker/broker check interval (default 5)"
    )
    out = p.add_argument_group("headless runs")
    out.add_argument("--screenshot", metavar="PATH", help="render the main window offscreen to a PNG and exit")
    out.add_argument("--dump", metavar="PATH", help="write what the window shows as JSON and exit")
    out.add_argument("--call", metavar="TASK", help="open the call form of TASK once it is known (e.g. for --screenshot)")
    out.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="with --screenshot/--dump: capture once the first picture is complete, or after SECONDS at the latest (default 15); alone: quit after SECONDS",
    )
    out.add_argument(
        "--self-test", action="store_true", help="start the demo, run tasks.add(2, 2), expect SUCCESS 4, exit 0 (offscreen)"
    )
    p.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    p.add_argument("--version", action="version", version=f"celery-desktop {__version__}")
    return p


def fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"celery-desktop: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from desktop.core import app_log

    app_log.install(args.log_level)
    headless = bool(args.screenshot or args.dump or args.self_test)
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        problem = display_problem()
        if problem:
            return fail(problem, EXIT_NO_DISPLAY)
    for name in ("poll_interval", "refresh_interval", "quit_after"):
        value = getattr(args, name)
        if value is not None and not (0 < value < 86400):
            return fail(f"--{name.replace('_', '-')} must be a number of seconds between 0 and 86400, not {value:g}")
    if args.event_tasks is not None and not 100 <= args.event_tasks <= 10_000_000:
        return fail(f"--event-tasks must be between 100 and 10000000, not {args.event_tasks}")

    from desktop.core.demo import DemoCluster, DemoError
    from desktop.core.profiles import ProfileError

    demo = None
    try:
        profile, user_app = _resolve(args)
        if args.demo or args.self_test:
            from desktop.core.celery_app import load_user_app
            from desktop.core.demo import DEMO_APP

            user_app = load_user_app(DEMO_APP, from_cwd=False)  # the demo's own tasks: signatures and docstrings
            demo = DemoCluster()
            started = time.perf_counter()
            demo.start()
            log.info("demo Redis up in %.0f ms; worker starting", (time.perf_counter() - started) * 1000)
            profile = demo.profile(
                app_module=DEMO_APP,
                allow_pickle=args.allow_pickle,
                poll_interval=args.poll_interval,
                refresh_interval=args.refresh_interval,
            )
        return _run_window(args, profile, user_app, demo)
    except (ProfileError, DemoError) as exc:
        return fail(str(exc))
    finally:
        if demo is not None:
            demo.stop()
        app_log.uninstall()


def _resolve(args):
    """The profile from args and environment; the user's app when -A was given."""
    from dataclasses import replace

    from desktop.core.celery_app import load_user_app
    from desktop.core.profiles import resolve_profile

    user_app = None
    app_urls: tuple[str | None, str | None] = (None, None)
    if args.app_module:
        user_app = load_user_app(args.app_module)
        app_urls = (user_app.conf.broker_url, user_app.conf.result_backend)
    profile = resolve_profile(
        broker=args.broker,
        backend=args.backend,
        app_module=args.app_module,
        app_urls=app_urls,
        allow_pickle=args.allow_pickle,
    )
    return replace(
        profile,
        poll_interval=args.poll_interval,
        refresh_interval=args.refresh_interval,
        sentinel_master=args.sentinel_master,
        management_url=args.management_url,
    ), user_app


@dataclass
class Console:
    """One connection's core objects and the window over them."""

    client: ClusterClient
    session: ConsoleSession
    bridge: SessionBridge
    window: MainWindow

    def close(self) -> None:
        import shiboken6

        if shiboken6.isValid(self.bridge):
            self.bridge.detach()
        if self.session.history is not None:
            self.session.history.stop()  # writes what is still queued
        self.client.close()


def build_console(profile, user_app=None, presets=None, history: bool = True, retention=None) -> Console:
    """Wire core -> models -> views for one profile. Needs a QApplication."""
    from desktop.core.catalog import app_task_infos
    from desktop.core.celery_app import build_console_app
    from desktop.core.cluster import ClusterClient
    from desktop.core.history import Retention, open_recorder
    from desktop.core.presets import PresetStore
    from desktop.core.session import ConsoleSession
    from desktop.models import SessionBridge
    from desktop.views.main_window import MainWindow

    client = ClusterClient(build_console_app(profile, user_app), profile)
    recorder, history_note = open_recorder(profile.history_key, retention=retention or Retention()) if history else (None, "")
    session = ConsoleSession(client, profile, recorder)
    if history_note:
        session.report_error(history_note)
    if user_app is not None:
        session.set_app_tasks(app_task_infos(user_app))
    bridge = SessionBridge(session)
    presets = presets or PresetStore()
    window = MainWindow(bridge, presets)
    if presets.load_error:
        session.report_error(presets.load_error)
    window.connection_bar.refreshRequested.connect(lambda: asyncio.ensure_future(session.refresh()))

    async def send(form, spec, count: int) -> None:
        reply = await session.send_call(spec, count)
        form.show_send_result(reply.value, reply.error)
        if reply.ok:
            bridge.flush()  # show the new rows now, then select the first
            window.results_view.select(reply.value[0].task_id)

    window.calls_view.sendRequested.connect(lambda form, spec, count: asyncio.ensure_future(send(form, spec, count)))
    wire_results(session, bridge, window)
    wire_failures(session, bridge, window)
    wire_monitor(session, bridge, window)
    wire_workflows(session, bridge, window, presets)
    return Console(client, session, bridge, window)


def _signature_of(session, task: str):
    info = session.task_info(task)
    return info.signature if info else None


def wire_workflows(session, bridge, window, presets) -> None:
    """The workflow composer (one per window, made when first opened); a workflow is sent off the GUI thread."""
    from desktop.core.catalog import TaskInfo
    from desktop.core.presets import WorkflowPresetStore
    from desktop.views.workflow_composer import WorkflowComposer

    workflow_presets = WorkflowPresetStore()
    if workflow_presets.load_error:
        session.report_error(workflow_presets.load_error)

    async def send(composer, node, specs) -> None:
        reply = await session.send_workflow(node, specs)
        composer.show_send_result(reply.value, reply.error)
        if reply.ok:
            bridge.flush()  # the tree exists now: select its top row
            window.results_view.select(reply.value.id)

    def composer() -> WorkflowComposer:
        if window.workflow_composer is None:
            made = WorkflowComposer(
                session.call_context,
                lambda name: session.task_info(name) or TaskInfo(name=name),
                lambda: [t.name for t in session.catalog if not t.builtin],
                presets,
                workflow_presets,
                session.profile.app_module,
                parent=window,
            )
            made.sendRequested.connect(lambda node, specs: asyncio.ensure_future(send(made, node, specs)))
            bridge.catalogChanged.connect(made.update_tasks)
            window.workflow_composer = made
        return window.workflow_composer

    def open_composer(node=None) -> WorkflowComposer:
        shown = composer()
        if node is not None:
            shown.set_workflow(node)
        shown.show()
        shown.raise_()
        shown.activateWindow()
        return shown

    window.workflowRequested.connect(open_composer)  # a connection, not an attribute: no cycle keeps a closed window alive


def wire_monitor(session, bridge, window) -> None:
    """Workers and queues views -> the monitor and remote control, off the GUI thread."""
    from desktop.core.control import explain_unsupported, inspect_workers, send_command
    from desktop.core.event_receiver import StreamState

    monitor, queues, workers = session.monitor, window.queues_view, window.workers_view

    async def purge(name: str) -> None:
        reply = await monitor.purge(name)
        queues.show_purge_result(name, reply.value, reply.error or "")

    async def refresh() -> None:
        await monitor.refresh_worker_holdings()
        await monitor.refresh_queues()

    async def ask(method: str, hostnames: list[str]) -> None:
        result = await inspect_workers(
            session.client,
            method,
            destination=hostnames,
            expected=len(hostnames),
            on_reply=lambda hostname, value: workers.show_partial(method, hostname, value),
        )
        workers.show_inspect(result)

    async def command(command, targets) -> None:
        # Sent to everyone: the workers online are the ones whose silence is worth naming.
        expected = targets or [w.hostname for w in session.online_workers] or None
        result = await send_command(session.client, command, destination=targets, expected=expected)
        workers.show_command_result(result)
        await monitor.refresh_worker_holdings()  # pool size, consumers and limits changed: show it

    async def enable_events(hostnames: list[str]) -> None:
        workers.show_command_result(await monitor.enable_events(hostnames))

    def show_event_state() -> None:
        status = monitor.stream_status
        if status.state in (StreamState.RECEIVING, StreamState.STOPPED):
            stream = ""
        elif status.state is StreamState.RECONNECTING:
            stream = f"Events: reconnecting… {status.message}".rstrip()
        else:
            stream = f"Events: {status.message or status.state.value}"
        workers.set_event_state(monitor.silent_workers(), stream)
        workers.set_checks(monitor.event_checks())

    workers.explain = lambda name, hostname: explain_unsupported(
        name, monitor.raw_stats.get(hostname), monitor.conf.get(hostname)
    )
    queues.purgeConfirmed.connect(lambda name: asyncio.ensure_future(purge(name)))
    queues.refreshRequested.connect(lambda: asyncio.ensure_future(refresh()))
    workers.inspectRequested.connect(lambda method, hostnames: asyncio.ensure_future(ask(method, hostnames)))
    workers.commandRequested.connect(lambda cmd, targets: asyncio.ensure_future(command(cmd, targets)))
    workers.enableEventsRequested.connect(lambda hostnames: asyncio.ensure_future(enable_events(hostnames)))
    workers.rowsRefreshRequested.connect(bridge.refresh_worker_rows)
    workers.rowsRefreshRequested.connect(show_event_state)  # once a second while the tab is shown
    bridge.monitorWorkersChanged.connect(show_event_state)
    bridge.queuesChanged.connect(lambda: queues.set_warning(monitor.transport_mismatch() or monitor.queues_error))


def wire_results(session, bridge, window) -> None:
    """Results actions -> session (off the GUI thread), and the poller's health -> the window."""
    from desktop.core.calls import draft_from_spec
    from desktop.core.catalog import TaskInfo
    from desktop.core.poller import PollState
    from desktop.core.triage import rebuilt_note

    results = window.results_view

    def track(text: str) -> None:
        tracked, rejected = session.track_ids(text)
        if rejected:
            session.report_error(f"not task ids, ignored: {', '.join(rejected[:5])}")
        if tracked:
            bridge.flush()  # the rows exist now, so the first can be selected
            results.select(tracked[0])

    def resend(task_id: str) -> None:
        run = session.workflow_of(task_id)
        if run is not None and task_id in (p.id for p in run.parts):  # a workflow's row: the whole workflow, to edit first
            window.workflowRequested.emit(run.node)
            return
        spec = session.call_to_resend(task_id)
        if spec is None:
            session.report_error(
                f"cannot re-send {task_id}: its arguments are unknown (the backend keeps them with result_extended=True)"
            )
            return
        info = session.task_info(spec.task) or TaskInfo(name=spec.task)
        form = window.calls_view.open(info)
        form.set_draft(draft_from_spec(spec, info.signature), rebuilt_note(task_id) if session.call_rebuilt(task_id) else "")

    def describe_sent(task_id: str) -> str:
        run = session.workflow_of(task_id)
        if run is not None and task_id == run.id:  # the workflow's own row: the whole of it, as canvas code
            from desktop.core.canvas import preview

            return preview(run.node, lambda name: replace(session.call_context(), signature=_signature_of(session, name)))
        spec = session.sent_calls.get(task_id)
        if spec is None:
            return ""
        info = session.task_info(spec.task)
        return spec.to_python(info.python_name if info else None)

    def show_status() -> None:
        status = session.poller.status
        if status.state is PollState.UNSUPPORTED:
            results.show_status(status.message, warning=True)
        elif status.state is PollState.RECONNECTING:
            results.show_status(f"reconnecting… {status.message}", warning=True)
        else:
            tick = f" · last poll {status.last_tick_ms:.1f} ms" if status.last_tick_ms else ""
            results.show_status(f"polling {status.polling} · push on {status.subscribed}{tick}")

    results.describe_sent = describe_sent
    results.trackRequested.connect(track)
    results.watchAllToggled.connect(session.poller.set_watch_all)
    results.revokeRequested.connect(lambda ids, terminate, sig: asyncio.ensure_future(session.revoke(ids, terminate, sig)))
    results.forgetRequested.connect(lambda ids: asyncio.ensure_future(session.forget(ids)))

    async def export(ids: list[str], path: str) -> None:
        reply = await session.export(ids, Path(path))
        if reply.ok:
            results.show_status(f"{reply.value:,} task(s) exported to {path}")

    results.exportRequested.connect(lambda ids, path: asyncio.ensure_future(export(ids, path)))
    results.resendRequested.connect(resend)
    bridge.connectionChanged.connect(show_status)
    bridge.tasksChanged.connect(show_status)
    show_status()


def wire_failures(session, bridge, window) -> None:
    """Failures view -> bulk re-send and forget (off the GUI thread); a double-clicked task opens in the results."""
    failures, results = window.failures_view, window.results_view

    async def resend(plan) -> None:
        reply = await session.resend(plan)
        if reply.ok:
            unknown = len(plan.unknown)
            failures.show_status(
                f"re-sent {len(reply.value):,} task(s)" + (f", {unknown:,} not (arguments unknown)" if unknown else "")
            )

    async def forget(ids: list[str]) -> None:
        reply = await session.forget(ids)
        if reply.ok:
            failures.show_status(f"forgot {len(ids):,} task(s)")

    def open_task(task_id: str) -> None:
        """Select the task in Calls & results, clearing the filter, or showing all tasks, if that hides it."""
        bridge.flush()  # the results model may be a batch behind the failure groups
        window.tabs.setCurrentIndex(0)
        if results.rows.row_of(task_id) < 0 and results.rows.filtering:
            results.reset_filter()
        record = session.tasks.get(task_id)
        if results.rows.row_of(task_id) < 0 and record is not None and not record.mine:
            results.watch_all.setChecked(True)  # seen only through events: it is listed under "All tasks"
        results.select(task_id)

    failures.plan_resend = session.resend_plan
    failures.resendRequested.connect(lambda plan: asyncio.ensure_future(resend(plan)))
    failures.forgetRequested.connect(lambda ids: asyncio.ensure_future(forget(ids)))
    failures.openTaskRequested.connect(open_task)


IDLE_SECONDS = 30.0  # the pointer still this long (or the window in the background): the rare long collection may run


def user_away(window_active: Callable[[], bool]) -> Callable[[], bool]:
    """True while the window is in the background, or the mouse pointer has not moved for IDLE_SECONDS.

    Asked only when a long collection is due (a few times a second then), so it costs nothing
    the rest of the time; an application-wide event filter would run Python for every Qt event.
    """
    from PySide6.QtGui import QCursor

    seen = {"pos": None, "since": 0.0}

    def away() -> bool:
        if not window_active():
            return True
        pos, now = QCursor.pos(), time.monotonic()
        if pos != seen["pos"]:
            seen["pos"], seen["since"] = pos, now
        return now - seen["since"] >= IDLE_SECONDS

    return away


def tune_gc(idle: Callable[[], bool] | None = None) -> CollectorPacer:
    """Keep Python's garbage collector from pausing the window (see core/gc_pacing); call once the window is up.

    Without it a full collection with thousands of tracked tasks and a full event store took
    100-300 ms on the GUI thread. The caller stops the returned pacer when the window closes.
    """
    from desktop.core.gc_pacing import CollectorPacer

    pacer = CollectorPacer(idle=idle or (lambda: True))
    pacer.start()
    sys.setswitchinterval(SWITCH_INTERVAL)
    return pacer


def install_error_handlers(loop: asyncio.AbstractEventLoop, current_session: Callable[[], ConsoleSession]) -> None:
    """Send every unexpected exception (asyncio callbacks, Qt slots) to the current window's error panel.

    The session logs it too, with the profile's passwords removed.
    """

    def on_loop_error(_loop, context: dict) -> None:
        exc = context.get("exception")
        detail = "".join(traceback.format_exception_only(exc)).strip() if exc else ""
        message = ": ".join(p for p in (context.get("message", ""), detail) if p) or "unexpected error"
        trace = "".join(traceback.format_exception(exc)) if exc else ""
        current_session().report_error(message, details=trace)

    def on_uncaught(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            return sys.__excepthook__(kind, value, tb)
        trace = "".join(traceback.format_exception(kind, value, tb))
        current_session().report_error(f"unexpected error: {kind.__name__}: {value}", details=trace)

    loop.set_exception_handler(on_loop_error)
    sys.excepthook = on_uncaught


def open_settings(store, session, window, poll_interval: float | None = None, event_tasks: int | None = None) -> None:
    """The Settings dialog; what the user changes is saved and applied to the running connection."""
    from desktop.views.settings_dialog import SettingsDialog
    from desktop.views.theme import apply_theme

    history = session.history
    if history is None:
        info = "history is off for this session"
    else:
        status = history.status
        info = status.message or f"{history.database.size_bytes() / 1e6:.1f} MB on disk · {history.database.path}"
    dialog = SettingsDialog(store.settings, info, poll_fixed=poll_interval is not None, parent=window)
    if history is not None:
        dialog.clearHistoryRequested.connect(history.clear)
    if dialog.exec() != SettingsDialog.DialogCode.Accepted:
        return
    chosen = dialog.settings()
    try:
        store.save(chosen)
    except (OSError, ValueError) as exc:
        session.report_error(f"settings not saved: {exc}")
        return
    apply_theme(chosen.theme)
    if poll_interval is None:
        session.poller.interval = chosen.poll_interval or session.poller.default_interval
    if event_tasks is None:
        session.monitor.store.max_tasks = chosen.event_tasks
    session.max_rows = chosen.window_rows
    if history is not None:
        history.set_retention(chosen.retention)


def wire_notifications(console: Console, notifier, settings_store) -> None:
    """Watching in the results view -> the session; watched rows that end -> notifications; my counts -> the tray."""
    from dataclasses import replace

    session, bridge, window = console.session, console.bridge, console.window
    results = window.results_view
    notifier.attach(window)
    results.is_watched = session.watch.is_watched
    session.watch.watch_sent = settings_store.settings.watch_sent
    results.set_watch_sent(session.watch.watch_sent)
    window.keep_in_tray = lambda: notifier.tray is not None and settings_store.settings.keep_in_tray

    def watch(ids: list[str], on: bool) -> None:
        session.watch_rows(ids, on)
        results.refresh_watch_marks()

    def watch_sent(on: bool) -> None:
        session.watch.watch_sent = on
        try:
            settings_store.save(replace(settings_store.settings, watch_sent=on))
        except (OSError, ValueError) as exc:
            session.report_error(f"settings not saved: {exc}")

    def deliver() -> None:
        notifier.notify(session.take_notifications())
        notifier.show_counts(session.tray_counts.running, session.tray_counts.newly_failed)

    results.watchRequested.connect(watch)
    results.watchSentToggled.connect(watch_sent)
    bridge.tasksChanged.connect(deliver)
    deliver()


def show_window(window) -> None:
    """Back from the tray (or from behind other windows), as it was."""
    if window.isMinimized():
        window.showNormal()
    else:
        window.show()
    window.raise_()
    window.activateWindow()


def open_task(console: Console, task_id: str) -> None:
    """A notification was clicked: the window comes forward with the task selected (a filter that hides it is cleared)."""
    window, results = console.window, console.window.results_view
    show_window(window)
    console.bridge.flush()  # the row may be a batch behind the notification
    window.tabs.setCurrentIndex(0)
    if results.rows.row_of(task_id) < 0 and results.rows.filtering:
        results.reset_filter()
    record = console.session.tasks.get(task_id)
    if results.rows.row_of(task_id) < 0 and record is not None and not record.mine:
        results.watch_all.setChecked(True)  # the "All tasks" switch: the row is listed there
    results.select(task_id)


def acknowledge_failures(console: Console, notifier) -> None:
    """The user looked: the tray stops counting the failures so far as new."""
    counts = console.session.tray_counts
    counts.acknowledge()
    notifier.show_counts(counts.running, counts.newly_failed)


def _run_window(args, profile, user_app, demo) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.paths import resource_path
    from desktop.qt_loop import QtAsyncioLoop

    install_qt_message_filter()
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setApplicationName("Celery Desktop")
    qt_app.setOrganizationName("celery-desktop")
    qt_app.setApplicationVersion(__version__)
    qt_app.setWindowIcon(QIcon(str(resource_path("icons/celery-desktop.svg"))))
    qt_app.setQuitOnLastWindowClosed(False)  # closing goes through request_quit, which cleans up first
    loop = QtAsyncioLoop(qt_app)
    asyncio.set_event_loop(loop)

    from desktop.console_host import ConsoleHost
    from desktop.core.profile_store import ProfileStore
    from desktop.core.settings import SettingsStore
    from desktop.views.notifier import Notifier
    from desktop.views.theme import apply_theme, follow_system

    settings_store = SettingsStore()
    apply_theme(settings_store.settings.theme, qt_app)
    follow_system(qt_app, lambda: settings_store.settings.theme)
    finished: asyncio.Future[int] = loop.create_future()

    def request_quit(code: int = 0) -> None:
        if not finished.done():
            finished.set_result(code)

    host = ConsoleHost(
        settings_store, ProfileStore(), lambda: request_quit(0), poll_interval=args.poll_interval, event_tasks=args.event_tasks
    )
    headless = bool(args.screenshot or args.dump or args.self_test)  # no tray icon for a run nobody sees
    notifier = host.notifier = Notifier(qt_app.windowIcon(), tray_available=False if headless else None)
    notifier.openTaskRequested.connect(lambda task_id: open_task(host.console, task_id))
    notifier.showWindowRequested.connect(lambda: show_window(host.console.window))
    notifier.acknowledged.connect(lambda: acknowledge_failures(host.console, notifier))
    notifier.quitRequested.connect(lambda: request_quit(0))
    console = host.open(profile, user_app)
    session, window = console.session, console.window
    install_error_handlers(loop, lambda: host.console.session)
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, request_quit, 128 + signum)

    async def run() -> int:
        window.show()
        await asyncio.sleep(0)  # one turn of the Qt loop: the window is mapped and painted
        log.info("window shown %.0f ms after start (%s)", (time.monotonic() - PROCESS_STARTED) * 1000, qt_app.platformName())
        pacer = tune_gc(user_away(lambda: host.console.window.isActiveWindow()))
        session.start()
        jobs = []
        if args.self_test:
            jobs.append(asyncio.ensure_future(_self_test(session, demo, request_quit)))
        if args.call:
            jobs.append(asyncio.ensure_future(_open_call(args.call, session, window)))
        if args.screenshot or args.dump:
            jobs.append(asyncio.ensure_future(_capture(args, session, window, request_quit)))
        elif args.quit_after:
            loop.call_later(args.quit_after, request_quit, 0)
        try:
            return await finished
        finally:
            for job in jobs:
                job.cancel()
            pacer.stop()
            await asyncio.wait_for(host.console.session.stop(), 3)

    try:
        with loop:
            return loop.run_until_complete(run())
    finally:
        sys.excepthook = sys.__excepthook__
        notifier.close()
        host.console.close()
        host.console.window.deleteLater()


# Qt messages that say nothing to a user (the offscreen plugin's missing window-manager features).
QT_NOISE = ("propagateSizeHints",)


def install_qt_message_filter() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO, QtMsgType.QtWarningMsg: logging.WARNING}

    def handler(kind, _context, message: str) -> None:
        if not any(noise in message for noise in QT_NOISE):
            logging.getLogger("qt").log(levels.get(kind, logging.ERROR), "%s", message)

    qInstallMessageHandler(handler)


async def _capture(args, session, window, request_quit) -> None:
    """Wait for the first complete picture (or --quit-after), then write the PNG and/or JSON."""

    deadline = time.monotonic() + (args.quit_after or 15.0)
    while not (session.settled and (not args.call or window.calls_view.forms())) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    # Let the coalesced model update and the repaint land. (Never processEvents() inside a
    # coroutine: it would run other asyncio tasks re-entrantly.)
    await asyncio.sleep(0.2)
    code = 0
    if args.screenshot:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        from desktop.core.config_files import write_private_bytes

        path = Path(args.screenshot)
        png = QByteArray()
        buffer = QBuffer(png)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        why = "" if window.grab().save(buffer, "PNG") else "the picture could not be encoded"
        buffer.close()
        if not why:
            try:
                write_private_bytes(path, bytes(png))  # 0600: it shows args, results and hosts
            except OSError as exc:
                why = exc.strerror or str(exc)
        if why:
            print(f"celery-desktop: could not write screenshot {path}: {why}", file=sys.stderr)
            code = 1
    if args.dump:
        from desktop.core.config_files import write_private_text

        write_private_text(Path(args.dump), session.dump_json() + "\n")  # 0600: it holds args and results
    request_quit(code)


async def _open_call(name: str, session, window, timeout: float = 30.0) -> None:
    """Open a task's call form as soon as the catalog knows the task."""
    deadline = time.monotonic() + timeout
    while session.task_info(name) is None:
        if time.monotonic() > deadline:
            session.report_error(f"--call {name}: no such task in the app or on the workers")
            return
        await asyncio.sleep(0.1)
    window.calls_view.open(session.task_info(name))


async def _self_test(session, demo, request_quit, timeout: float = 50.0) -> None:
    """Demo up, tasks.add(2, 2) sent from the console, SUCCESS with 4 seen in the results."""
    started = time.monotonic()

    def elapsed() -> str:
        return f"{time.monotonic() - started:.1f} s"

    def give_up(reason: str) -> None:
        print(f"self-test FAILED after {elapsed()}: {reason}", file=sys.stderr)
        if demo is not None and demo.worker is not None:
            print(demo.worker.log_tail(1500), file=sys.stderr)
        request_quit(1)

    deadline = started + timeout
    while not session.online_workers:
        if demo is not None and demo.worker.proc.poll() is not None:
            return give_up(f"the demo worker exited with code {demo.worker.proc.returncode}")
        if time.monotonic() > deadline:
            return give_up(f"no worker answered a ping ({session.broker.message or 'broker not reachable'})")
        await asyncio.sleep(0.1)
    print(f"self-test: worker {session.online_workers[0].hostname} online after {elapsed()}", file=sys.stderr)
    reply = await session.send("tasks.add", [2, 2])
    if not reply.ok:
        return give_up(f"sending tasks.add failed: {reply.error}")
    task_id = reply.value[0].task_id
    while True:
        record = session.tasks[task_id]
        if record.error:
            return give_up(f"result of {record.id} unreadable: {record.error}")
        if record.ready:
            if record.state == "SUCCESS" and record.result == "4":
                print(f"self-test passed: tasks.add(2, 2) = 4 (task {record.id}) in {elapsed()}", file=sys.stderr)
                return request_quit(0)
            return give_up(f"tasks.add(2, 2) ended {record.state} with {record.result!r}")
        if time.monotonic() > deadline:
            return give_up(f"tasks.add(2, 2) still {record.state} after {timeout:g} s")
        await asyncio.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
