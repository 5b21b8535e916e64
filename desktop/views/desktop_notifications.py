"""The desktop's own notifications: org.freedesktop.Notifications (spec 1.2) on the session bus.

Notify with the app's name, icon and desktop entry; a notification for the same task replaces
the one before it (replaces_id); a click (the "default" action, "Open") opens the task. Whether
the bus has a notification service is asked once, asynchronously (GetCapabilities, with a
timeout), so the GUI thread never waits for it; until the answer the Notifier holds its notes.

Spoken with jeepney on the app's asyncio loop, not QtDBus: PySide6 turns every Python int into
a D-Bus int32 (QDBusArgument picks uint16), and Notify's replaces_id is a uint32, which the
notification servers built on GDBus (GNOME Shell, dunst, xfce4-notifyd) refuse with InvalidArgs;
only QDBusInterface's introspected, blocking calls would send it. jeepney is pure Python, already
installed and bundled with keyring's Secret Service backend on Linux, and states each signature.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import importlib.util
import logging
import os
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

from desktop.core.domain.watch import Notification
from desktop.paths import resource_path

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "Celery Desktop"
DESKTOP_ENTRY = "celery-desktop"  # resources/celery-desktop.desktop: the desktop shows the app's own entry
OPEN_ACTION = "default"  # the spec's key for a click on the notification itself
PROBE_S = 3.0  # a server started by D-Bus activation may take a moment to answer its first call
CALL_S = 5.0
KEEP_IDS = 200  # notification ids kept for replacing and clicks, newest last
NORMAL_URGENCY = 1


def markup_safe(text: str) -> str:
    """Text for a body a server reads as markup: ``<``, ``>`` and ``&`` escaped, so a hostile task name or
    exception message cannot bring tags, links or images in."""
    return html.escape(text, quote=False)


def session_bus_address(environ: os._Environ | dict = os.environ) -> str | None:
    """The session bus, as libdbus finds it: DBUS_SESSION_BUS_ADDRESS, else systemd's per-user socket."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        return address
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime, "bus").is_socket():
        return f"unix:path={Path(runtime, 'bus')}"
    return None


def app_icon() -> str:
    """The bundled icon as a file:// URI (the spec's app_icon takes a URI or a theme name)."""
    return QUrl.fromLocalFile(str(resource_path("icons/celery-desktop.svg"))).toString()


class DesktopNotifications(QObject):
    """One connection to the session bus, telling the notification service what to show.

    ``available`` is None until the probe answers, then True or False (``ready`` says which; False also
    when a later call finds the service gone). A note it could not deliver comes back by ``undelivered``.
    """

    ready = Signal(bool)
    clicked = Signal(str)  # the task id of the notification the user clicked
    undelivered = Signal(object)  # a Notification the service did not take

    def __init__(self, address: str, icon: str | None = None, probe_s: float = PROBE_S, parent: QObject | None = None):
        super().__init__(parent)
        self.address = address
        self.icon = app_icon() if icon is None else icon
        self.probe_s = probe_s
        self.available: bool | None = None
        self.capabilities: list[str] = []
        self.server = ""  # name and version, for the log
        self.ids: OrderedDict[str, int] = OrderedDict()  # task id -> its notification's id
        self._tasks: set[asyncio.Task] = set()
        self._connection = None
        self._router = None

    # -- connecting ---------------------------------------------------------------------------
    def start(self) -> None:
        self._spawn(self._probe())

    async def _probe(self) -> None:
        try:
            await asyncio.wait_for(self._connect(), self.probe_s)
        except Exception as exc:  # noqa: BLE001 - no bus, no service, a timeout: the other channels serve
            log.info("no desktop notification service (%s): %s", self.address.split(",")[0], describe(exc))
            await self._disconnect()
            self._settle(False)
            return
        log.info("notifications: %s (%s)", self.server, ", ".join(self.capabilities))
        self._settle(True)

    async def _connect(self) -> None:
        from jeepney import DBusAddress, MatchRule, new_method_call
        from jeepney.bus_messages import message_bus
        from jeepney.io.asyncio import DBusRouter, open_dbus_connection

        self._connection = await open_dbus_connection(self.address)
        self._router = DBusRouter(self._connection)
        service = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        (capabilities,) = await self._call(new_method_call(service, "GetCapabilities"))
        self.capabilities = [str(capability) for capability in capabilities]
        name, vendor, version, spec = await self._call(new_method_call(service, "GetServerInformation"))
        self.server = f"{name} {version} by {vendor}, spec {spec}"
        rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
        await self._call(message_bus.AddMatch(rule))
        signals = self._router.filter(rule, queue=asyncio.Queue(100))
        self._spawn(self._listen(signals))

    async def _call(self, message) -> tuple:
        from jeepney.wrappers import unwrap_msg

        return unwrap_msg(await asyncio.wait_for(self._router.send_and_get_reply(message), CALL_S))

    def _settle(self, available: bool) -> None:
        changed = available != self.available
        self.available = available
        if changed:
            self.ready.emit(available)

    # -- notifying ----------------------------------------------------------------------------
    def show(self, note: Notification) -> None:
        """Tell the service (asynchronously); a note for a task already shown replaces that one."""
        self._spawn(self._notify(note))

    def notify_arguments(self, note: Notification) -> tuple:
        """Notify's eight arguments (susssasa{sv}i) for ``note``."""
        # Escaped whatever the capabilities say: dunst (markup = full, its default) reads tags in a body
        # without announcing "body-markup".
        body = markup_safe(note.body)
        hints = {"desktop-entry": ("s", DESKTOP_ENTRY), "urgency": ("y", NORMAL_URGENCY)}
        # The summary is plain text by the spec: a server shows it as it comes (escaping it would show "&lt;").
        return (
            APP_NAME,
            self.ids.get(note.task_id, 0),
            self.icon,
            note.title,
            body,
            [OPEN_ACTION, self.tr("Open", "a notification's action: open its task")],
            hints,
            -1,
        )

    async def _notify(self, note: Notification) -> None:
        from jeepney import DBusAddress, new_method_call

        if not self.available or self._router is None:
            self.undelivered.emit(note)
            return
        service = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        try:
            (notification_id,) = await self._call(
                new_method_call(service, "Notify", "susssasa{sv}i", self.notify_arguments(note))
            )
        except Exception as exc:  # noqa: BLE001 - the service went away or broke: the other channels take over
            log.warning("the desktop notification service failed, showing notifications in the app: %s", describe(exc))
            self._settle(False)
            self.undelivered.emit(note)
            return
        self.ids.pop(note.task_id, None)
        self.ids[note.task_id] = notification_id
        while len(self.ids) > KEEP_IDS:
            self.ids.popitem(last=False)

    async def _listen(self, signals) -> None:
        with signals as queue:
            while True:
                message = await queue.get()
                self.on_signal(message.header.fields, message.body)

    def on_signal(self, fields: dict, body: tuple) -> None:
        from jeepney import HeaderFields

        member = fields.get(HeaderFields.member)
        if member == "ActionInvoked" and len(body) == 2 and body[1] == OPEN_ACTION:
            task_id = self.task_of(body[0])
            if task_id is not None:
                self.clicked.emit(task_id)
        elif member == "NotificationClosed" and body:
            task_id = self.task_of(body[0])
            if task_id is not None:
                del self.ids[task_id]  # gone from the screen: the next one for this task is a new one

    def task_of(self, notification_id: int) -> str | None:
        return next((task for task, known in self.ids.items() if known == notification_id), None)

    # -- the end ------------------------------------------------------------------------------
    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("desktop notifications: %s", describe(task.exception()))

    async def _disconnect(self) -> None:
        router, connection, self._router, self._connection = self._router, self._connection, None, None
        if router is not None:
            with contextlib.suppress(Exception):  # its receiver's own failure: already the reason we stop
                await router.__aexit__(None, None, None)
        if connection is not None:
            connection.writer.close()

    def close(self) -> None:
        """The app is quitting: stop listening and let the connection go (the server keeps what it shows)."""
        for task in list(self._tasks):
            task.cancel()
        router, connection, self._router, self._connection = self._router, self._connection, None, None
        if router is not None:
            router._rcv_task.cancel()
        if connection is not None:
            connection.writer.close()


def on_session_bus(parent: QObject | None = None) -> DesktopNotifications | None:
    """The client for this session's bus, not yet started; None without a session bus or jeepney (not Linux)."""
    address = session_bus_address()
    if address is None or importlib.util.find_spec("jeepney") is None:
        return None
    return DesktopNotifications(address, parent=parent)


def describe(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "no answer in time"
    return f"{type(exc).__name__}: {exc}".strip(": ")
