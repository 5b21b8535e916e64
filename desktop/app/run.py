"""The application around the console: QApplication and the asyncio loop on it, the host of the
current console, notifications, error handlers, garbage-collector pacing, and a clean stop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import importlib
import logging
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from desktop import __version__
from desktop.app import headless

if TYPE_CHECKING:
    from desktop.core.live.session import ConsoleSession
    from desktop.core.runtime.gc_pacing import CollectorPacer

log = logging.getLogger("desktop")
T = TypeVar("T")
SWITCH_INTERVAL = 0.001  # seconds a background thread may hold the GIL while the GUI thread waits (Python's default: 0.005)


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
    from desktop.core.runtime.gc_pacing import CollectorPacer

    pacer = CollectorPacer(idle=idle or (lambda: True))
    pacer.start(collect=False)  # start-up's objects are frozen already (import_core): no full collection now
    sys.setswitchinterval(SWITCH_INTERVAL)
    return pacer


def install_error_handlers(loop: asyncio.AbstractEventLoop, current_session: Callable[[], ConsoleSession]) -> None:
    """Send every unexpected exception (asyncio callbacks, Qt slots) to the current window's error panel.

    The session logs it too, with the profile's passwords removed.
    """

    from PySide6.QtCore import QCoreApplication

    def on_loop_error(_loop, context: dict) -> None:
        exc = context.get("exception")
        detail = "".join(traceback.format_exception_only(exc)).strip() if exc else ""
        message = ": ".join(p for p in (context.get("message", ""), detail) if p)
        message = message or QCoreApplication.translate("run", "unexpected error")
        trace = "".join(traceback.format_exception(exc)) if exc else ""
        current_session().report_error(message, details=trace)

    def on_uncaught(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            return sys.__excepthook__(kind, value, tb)
        trace = "".join(traceback.format_exception(kind, value, tb))
        message = QCoreApplication.translate("run", "unexpected error: {error}").format(error=f"{kind.__name__}: {value}")
        current_session().report_error(message, details=trace)

    loop.set_exception_handler(on_loop_error)
    sys.excepthook = on_uncaught


def show_window(window) -> None:
    """Back from the tray (or from behind other windows), as it was."""
    if window.isMinimized():
        window.showNormal()
    else:
        window.show()
    window.raise_()
    window.activateWindow()


def open_task(console, task_id: str) -> None:
    """A notification was clicked: the window comes forward with the task's row in view."""
    show_window(console.window)
    console.reveal(task_id)


def off_gui_thread(fn: Callable[[], T]) -> concurrent.futures.Future[T]:
    """Run ``fn`` on a thread of its own; the future has its result.

    The thread stays (parked) until the process ends: the demo's Redis and worker, when ``fn``
    starts them, are told to die with the thread that started them (PR_SET_PDEATHSIG).
    """
    done: concurrent.futures.Future[T] = concurrent.futures.Future()

    def run() -> None:
        try:
            done.set_result(fn())
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting side, which raises it
            done.set_exception(exc)
        threading.Event().wait()

    threading.Thread(target=run, name="start-up", daemon=True).start()
    return done


def import_core() -> None:
    """What the console's session needs, imported ahead: Celery, kombu, redis-py and the core over them (no Qt).

    Then all that start-up made is frozen (``gc.freeze``): the garbage collector never walks it,
    so the first collections on the GUI thread only cover what came after.
    """
    import celery.backends.redis  # noqa: F401 - the Redis result backend, made when the session is
    import redis.utils

    import desktop.core.cluster.celery_app
    import desktop.core.cluster.client
    import desktop.core.domain.watch
    import desktop.core.live.session
    import desktop.core.store.history
    import desktop.core.store.presets  # noqa: F401

    redis.utils.get_lib_version()  # read from the package's metadata once, when the first backend is made
    gc.freeze()


def skip_pyside_feature_scan() -> None:
    """PySide6 reads the source of every module imported after it, to see whether it names PySide6.

    The scan serves its ``from __feature__ import snake_case, true_property`` switches, which the
    console does not use; it read ~410 files (Celery, kombu, redis-py, the console's own) at each
    start, 80 ms, and kept them in linecache: 20 MB of RSS for nothing. Without it no module gets
    a feature, and none asks for one. A PySide6 without this internal is left as it is.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False


def run_console(args, profile, user_app, demo, started: float, prepare: Callable | None = None) -> int:
    """Show the console for ``profile`` and run until it is closed (or a headless run ends); the exit code.

    The window is shown empty first, and painted; then Celery and the rest of the core are
    imported off the GUI thread (with ``prepare``, which may start the demo and give the
    profile and app to use), the views are laid into the window and the session starts.
    """
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    skip_pyside_feature_scan()
    from desktop.app.qt_loop import QtAsyncioLoop
    from desktop.paths import resource_path

    install_qt_message_filter()
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    qt_app.setApplicationName("Celery Desktop")
    qt_app.setOrganizationName("celery-desktop")
    qt_app.setApplicationVersion(__version__)
    qt_app.setDesktopFileName("celery-desktop")  # the Wayland app id: the shell finds the desktop entry and icon by it
    qt_app.setWindowIcon(QIcon(str(resource_path("icons/celery-desktop.svg"))))
    qt_app.setQuitOnLastWindowClosed(False)  # closing goes through request_quit, which cleans up first
    loop = QtAsyncioLoop(qt_app)
    asyncio.set_event_loop(loop)

    from desktop.core.store.layout_store import LayoutStore
    from desktop.core.store.settings import SettingsStore
    from desktop.views.layout_memory import restore_geometry
    from desktop.views.main_window import MainWindow
    from desktop.views.theme import apply_theme, follow_system

    settings_store = SettingsStore()
    from desktop.app import translation

    language = translation.choose_language(getattr(args, "lang", None), settings_store.settings.language)
    translation.install(language, qt_app)  # before the first window: widgets translate their texts when made
    apply_theme(settings_store.settings.theme, qt_app)
    follow_system(qt_app, lambda: settings_store.settings.theme)
    finished: asyncio.Future[int] = loop.create_future()

    def request_quit(code: int = 0) -> None:
        if not finished.done():
            finished.set_result(code)

    from PySide6.QtCore import QCoreApplication

    demo_title = QCoreApplication.translate("run", "embedded demo")
    window = MainWindow(None, demo_title if prepare is not None else profile.masked_broker)
    unseen = bool(args.screenshot or args.dump or args.self_test)  # no tray icon, no remembered layout, for a run nobody sees
    if not unseen:
        layout_key = "demo" if prepare is not None else profile.history_key  # the demo's profile is named "demo"
        restore_geometry(window, LayoutStore(layout_key, settings_store.path.parent).load())  # before it shows: no jump
    window.on_close(lambda: request_quit(0))  # closed before the console is in it
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, request_quit, 128 + signum)
    parts: dict = {}  # the host and the notifier, once made

    def prepare_off_gui_thread():
        import_core()
        from desktop.core.store.history import open_recorder
        from desktop.core.store.profile_store import ProfileStore

        profiles = ProfileStore()  # reads the file and finds the system keyring
        chosen, app = prepare() if prepare is not None else (profile, user_app)
        parts["history"] = open_recorder(chosen.history_key, retention=settings_store.settings.retention)
        return profiles, chosen, app

    async def open_console():
        """The console in the shown window: the core imported off the GUI thread, then views, then the session."""
        preparing = asyncio.wrap_future(off_gui_thread(prepare_off_gui_thread))
        await asyncio.wait([preparing, finished], return_when=asyncio.FIRST_COMPLETED)
        if finished.done():
            preparing.cancel()
            return None
        profiles, chosen, app = preparing.result()
        for module in ("desktop.task_models", "desktop.views.results_view", "desktop.views.calls_view"):
            importlib.import_module(module)  # the models and the largest views, a turn of the loop each
            await asyncio.sleep(0)
        from desktop.app.console import connect_notifications
        from desktop.app.host import ConsoleHost
        from desktop.views.desktop_notifications import on_session_bus
        from desktop.views.notifier import Notifier

        await asyncio.sleep(0)
        host = parts["host"] = ConsoleHost(
            settings_store,
            profiles,
            lambda: request_quit(0),
            poll_interval=args.poll_interval,
            event_tasks=args.event_tasks,
            read_only=args.read_only,
            remember_layouts=not unseen,
        )
        console = host.open(chosen, app, window=window, opened_history=parts.pop("history"))  # tabs: in the next turns
        install_error_handlers(loop, lambda: host.console.session)
        await asyncio.sleep(0)
        notifier = host.notifier = parts["notifier"] = Notifier(
            qt_app.windowIcon(), tray_available=False if unseen else None, desktop=None if unseen else on_session_bus()
        )
        notifier.openTaskRequested.connect(lambda task_id: open_task(host.console, task_id))
        notifier.showWindowRequested.connect(lambda: show_window(host.console.window))
        notifier.acknowledged.connect(lambda: acknowledge(host.console, notifier))
        notifier.quitRequested.connect(lambda: request_quit(0))
        await asyncio.sleep(0)
        connect_notifications(console, notifier, settings_store)  # the next consoles: host.open does it
        return console

    async def run() -> int:
        window.show()
        await asyncio.sleep(0)  # one turn of the Qt loop: the window is mapped and painted
        log.info(
            "window shown %.0f ms after start (%s)",
            (time.monotonic() - started) * 1000,
            qt_app.platformName(),
        )
        console = await open_console()
        if console is None:
            return finished.result()
        session = console.session
        if no_font := translation.missing_font(language):  # said once, in the first window's error panel (and logged)
            session.report_error(no_font)
        pacer = tune_gc(user_away(lambda: parts["host"].console.window.isActiveWindow()))
        announce_first_data(console, started)
        session.start()
        jobs = []
        if args.self_test:
            jobs.append(asyncio.ensure_future(headless.self_test(session, demo, request_quit)))
        if args.call:
            jobs.append(asyncio.ensure_future(headless.open_call(args.call, session, window)))
        if args.screenshot or args.dump:
            jobs.append(asyncio.ensure_future(headless.capture(args, session, window, request_quit)))
        elif args.quit_after:
            loop.call_later(args.quit_after, request_quit, 0)
        try:
            return await finished
        finally:
            for job in jobs:
                job.cancel()
            pacer.stop()
            await asyncio.wait_for(parts["host"].console.stop(), 3)

    try:
        with loop:
            return loop.run_until_complete(run())
    finally:
        sys.excepthook = sys.__excepthook__
        host = parts.get("host")
        if "notifier" in parts:
            parts["notifier"].close()
        if host is not None and host.console is not None:
            host.console.close()
            host.console.window.deleteLater()
        else:
            window.deleteLater()
            recorder = parts.get("history", (None, ""))[0]
            if recorder is not None:  # opened, but the window closed before the console was built
                recorder.stop()


def acknowledge(console, notifier) -> None:
    from desktop.app.console import acknowledge_failures

    acknowledge_failures(console, notifier)


def announce_first_data(console, started: float) -> None:
    """Log once when the window first shows where it is connected (the broker answered or not), and when the history is in."""
    from desktop.core.domain.records import Reachability

    session, bridge = console.session, console.bridge
    pending = {"connected", "history"} if session.history is not None else {"connected"}

    def connected() -> None:
        if "connected" in pending and session.endpoints.broker.reachability in (Reachability.OK, Reachability.FAILED):
            pending.discard("connected")
            bridge.connectionChanged.disconnect(connected)
            log.info(
                "connected, first data shown %.0f ms after start (broker %s)",
                (time.monotonic() - started) * 1000,
                session.endpoints.broker.reachability.value,
            )

    def history() -> None:
        if "history" in pending and session.history_loaded:
            pending.discard("history")
            bridge.tasksChanged.disconnect(history)
            log.info(
                "history shown %.0f ms after start (%d rows in the window)",
                (time.monotonic() - started) * 1000,
                bridge.tasks.rowCount(),
            )

    bridge.connectionChanged.connect(connected)
    if "history" in pending:
        bridge.tasksChanged.connect(history)


# Qt messages that say nothing to a user (the offscreen plugin's missing window-manager features).
QT_NOISE = ("propagateSizeHints",)


def install_qt_message_filter() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO, QtMsgType.QtWarningMsg: logging.WARNING}

    def handler(kind, _context, message: str) -> None:
        if not any(noise in message for noise in QT_NOISE):
            logging.getLogger("qt").log(levels.get(kind, logging.ERROR), "%s", message)

    qInstallMessageHandler(handler)
