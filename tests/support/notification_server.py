"""A stand-in desktop notification server (org.freedesktop.Notifications, spec 1.2) for tests.

Run as its own process on a private session bus (``python -m tests.support.notification_server``,
DBUS_SESSION_BUS_ADDRESS set): it prints "ready" once it owns the name, records every Notify call
with its arguments and answers as a real server does, checking the call's signature as the GDBus
servers (GNOME Shell, dunst, xfce4-notifyd) do. A control interface lets a test read the calls
(``Calls`` -> JSON) and act as the user (``Invoke(id, action)`` emits ActionInvoked, ``Close(id,
reason)`` NotificationClosed). Pure Python (jeepney, keyring's own D-Bus library): nothing of Qt's
D-Bus code is on this side of the bus.
"""

from __future__ import annotations

import json
import sys

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CONTROL = "org.celerydesktop.MockNotifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
CAPABILITIES = ["actions", "body", "body-markup", "icon-static", "persistence"]
NAME_OWNED = 1  # RequestName's DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER


def plain(value):
    """A D-Bus value as JSON can hold it: variants as their value, bytes as a length."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) and value[0] in "ybnqiuxtdsogv":
        return plain(value[1])  # jeepney's variant: (signature, value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


class Server:
    def __init__(self, connection):
        self.connection = connection
        self.calls: list[dict] = []
        self.next_id = 1
        self.emitter = DBusAddress(PATH, interface=SERVICE)

    def signal(self, name: str, signature: str, body: tuple) -> None:
        self.connection.send(new_signal(self.emitter, name, signature, body))

    def handle(self, message) -> None:
        fields = message.header.fields
        member, interface = fields.get(HeaderFields.member), fields.get(HeaderFields.interface)
        signature = fields.get(HeaderFields.signature, "")
        if interface == SERVICE or (interface is None and member in ("Notify", "GetCapabilities")):
            self.notifications(message, member, signature)
        elif interface == CONTROL:
            self.control(message, member)
        else:
            self.connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",)))

    def notifications(self, message, member: str, signature: str) -> None:
        reply = None
        if member == "Notify":
            if signature != NOTIFY_SIGNATURE:
                error = f"Type of message, '({signature})', does not match expected type '({NOTIFY_SIGNATURE})'"
                self.connection.send(new_error(message, "org.freedesktop.DBus.Error.InvalidArgs", "s", (error,)))
                return
            app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout = message.body
            known = any(call["id"] == replaces_id for call in self.calls)
            notification_id = replaces_id if replaces_id and known else self.next_id
            if notification_id == self.next_id:
                self.next_id += 1
            self.calls.append(
                {
                    "id": notification_id,
                    "signature": signature,
                    "app_name": app_name,
                    "replaces_id": replaces_id,
                    "app_icon": app_icon,
                    "summary": summary,
                    "body": body,
                    "actions": list(actions),
                    "hints": plain(hints),
                    "expire_timeout": expire_timeout,
                }
            )
            reply = new_method_return(message, "u", (notification_id,))
        elif member == "GetCapabilities":
            reply = new_method_return(message, "as", (CAPABILITIES,))
        elif member == "GetServerInformation":
            reply = new_method_return(message, "ssss", ("mock-notifications", "celery-desktop tests", "1.0", "1.2"))
        elif member == "CloseNotification":
            self.signal("NotificationClosed", "uu", (message.body[0], 3))
            reply = new_method_return(message)
        if reply is None:
            reply = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",))
        self.connection.send(reply)

    def control(self, message, member: str) -> None:
        if member == "Calls":
            self.connection.send(new_method_return(message, "s", (json.dumps(self.calls),)))
            return
        if member == "Invoke":
            notification_id, action = message.body
            self.signal("ActionInvoked", "us", (notification_id, action))
        elif member == "Close":
            notification_id, reason = message.body
            self.signal("NotificationClosed", "uu", (notification_id, reason))
        self.connection.send(new_method_return(message))

    def serve(self) -> None:
        while True:
            message = self.connection.receive()
            if message.header.message_type == MessageType.method_call:
                self.handle(message)


def main() -> int:
    connection = open_dbus_connection(bus="SESSION")
    reply = connection.send_and_get_reply(message_bus.RequestName(SERVICE), timeout=5)
    if reply.body[0] != NAME_OWNED:
        print(f"could not own {SERVICE}: {reply.body[0]}", flush=True)
        return 1
    print("ready", flush=True)
    try:
        Server(connection).serve()
    except (ConnectionError, KeyboardInterrupt):
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
