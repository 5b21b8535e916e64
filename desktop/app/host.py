"""The console window of the moment, and switching it to another saved connection profile without a restart.

The host builds a console (session, models, window) for a profile, wires the window's menus
(Settings, Connection), and on a switch builds the next one in the same place before
stopping the old one: the old session's loops end, its history is written out, its
connections close.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from desktop.app.console import build_console, connect_notifications, remember_layout
from desktop.app.operations.connection_fix import offer_without_user_name
from desktop.app.operations.settings import open_settings
from desktop.core.connection.profiles import ConnectionProfile, ProfileError
from desktop.core.store.layout_store import LayoutStore
from desktop.core.store.profile_store import ProfileStore, answers_from
from desktop.core.store.settings import SettingsStore

log = logging.getLogger(__name__)


class ConsoleHost:
    def __init__(
        self,
        settings: SettingsStore,
        profiles: ProfileStore,
        on_close: Callable[[], None],
        poll_interval: float | None = None,
        event_tasks: int | None = None,
        read_only: bool = False,
        remember_layouts: bool = True,
    ):
        self.settings, self.profiles, self.on_close = settings, profiles, on_close
        self.poll_interval, self.event_tasks = poll_interval, event_tasks  # given on the command line: they win
        self.read_only = read_only  # --read-only: every profile opened in this run only looks, a switched-to one too
        self.remember_layouts = remember_layouts  # False for --screenshot/--dump/--self-test: the same picture every run
        self.console = None
        self.switches = 0
        self.connection_dialog = None
        self.switching: asyncio.Future | None = None
        self.notifier = None  # notifications and the tray icon (views/notifier.py), when the app shows them

    def open(self, profile: ConnectionProfile, user_app=None, window=None, opened_history=None):
        """Build, wire and return the console for this profile (not shown, session not started).

        ``window`` and ``opened_history``: made already, see build_console.
        """
        settings = self.settings.settings
        poll = self.poll_interval or profile.poll_interval or settings.poll_interval
        profile = replace(profile, poll_interval=poll, read_only=profile.read_only or self.read_only)
        console = build_console(profile, user_app, retention=settings.retention, window=window, opened_history=opened_history)
        console.session.monitor.store.max_tasks = self.event_tasks or settings.event_tasks
        console.session.max_rows = settings.window_rows
        if self.remember_layouts:
            remember_layout(console, LayoutStore(profile.history_key, self.settings.path.parent))  # beside settings.json
        window = console.window
        window.on_close(self.on_close)
        window.settingsRequested.connect(self._open_settings)
        window.profileChosen.connect(self._switch_to)
        window.saveProfileRequested.connect(self._save_current)
        window.deleteProfileRequested.connect(self._delete)
        window.newConnectionRequested.connect(lambda: self._edit_connection(new=True))
        window.editConnectionRequested.connect(lambda: self._edit_connection(new=False))
        window.set_profiles(self.profiles.names(), profile.name)
        offer_without_user_name(self, console)
        if self.notifier is not None:
            connect_notifications(console, self.notifier, self.settings)
        for note in (self.settings.note, self.profiles.note):
            if note:
                console.session.report_error(note)
        self.console = console
        return console

    async def switch(
        self, name: str, ask: Callable[[str, str], str | None] | None = None, profile: ConnectionProfile | None = None
    ) -> bool:
        """Open saved profile ``name`` (or ``profile``, in memory) in place of the current console; False when it could not be opened."""
        old = self.console
        try:
            profile = profile or self.profiles.open(name, ask or self._ask_password)
        except ProfileError as exc:
            old.session.report_error(str(exc))
            return False
        if profile is None:
            return False  # the user cancelled the password
        user_app = None
        if profile.app_module:
            from desktop.core.cluster.celery_app import load_user_app

            try:
                user_app = load_user_app(profile.app_module)
            except ProfileError as exc:
                old.session.report_error(
                    QCoreApplication.translate("ConsoleHost", "profile {name}: {error}").format(name=name, error=exc)
                )
                return False
        if old.layout is not None:
            old.layout.save()  # before the next window reads its own (the same profile again reads this one)
        try:
            new = self.open(profile, user_app)
        except ProfileError as exc:  # e.g. a rediss:// CA file that is not there
            old.session.report_error(
                QCoreApplication.translate("ConsoleHost", "profile {name}: {error}").format(name=name, error=exc)
            )
            return False
        if new.layout is None or not new.layout.restored_geometry:  # a profile opened the first time: where the last one was
            new.window.setGeometry(old.window.geometry())
        new.window.show()
        new.session.start()
        old.window.forget_close_handlers()
        old.window.hide()
        try:
            await asyncio.wait_for(old.stop(), 5)
        except asyncio.TimeoutError:
            log.warning("the previous connection took more than 5 s to stop")
        old.close()
        old.window.close()
        old.window.deleteLater()
        self.switches += 1
        return True

    def _switch_to(self, name: str) -> None:
        """Connection menu > a saved profile: the switch is kept as ``switching`` until it is done."""
        self.switching = asyncio.ensure_future(self.switch(name))

    # -- menus -----------------------------------------------------------------------------
    def _ask_password(self, name: str, role: str) -> str | None:
        from PySide6.QtWidgets import QLineEdit

        from desktop.views.text import ask_text

        text, ok = ask_text(
            self.console.window,
            QCoreApplication.translate("ConsoleHost", "Open {name}").format(name=name),
            QCoreApplication.translate(
                "ConsoleHost", "Password for the {role} of {name} (not saved: this system has no password store):"
            ).format(role=role, name=name),
            echo=QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def _save_current(self) -> None:
        from desktop.views.text import ask_text

        session = self.console.session
        current = session.profile
        suggested = current.name if current.name != "default" else ""
        name, ok = ask_text(
            self.console.window,
            QCoreApplication.translate("ConsoleHost", "Save connection"),
            QCoreApplication.translate("ConsoleHost", "Profile name:"),
            suggested,
        )
        if not ok or not name.strip():
            return
        try:
            note = self.profiles.save(replace(current, name=name.strip()))
        except (ProfileError, OSError) as exc:
            session.report_error(QCoreApplication.translate("ConsoleHost", "profile not saved: {error}").format(error=exc))
            return
        if note:
            session.report_error(note)
        self.console.window.set_profiles(self.profiles.names(), current.name)

    def _edit_connection(self, new: bool) -> None:
        """The connection dialog, empty or with the current connection; OK saves the profile and switches to it."""
        from PySide6.QtCore import Qt

        from desktop.core.connection.connection_form import ConnectionForm, from_profile
        from desktop.views.connection_dialog import ConnectionDialog

        current = self.console.session.profile
        original = "" if new or current.name not in self.profiles.names() else current.name
        # the profile's own poll interval, not the one this run applied to it
        poll = self.profiles.get(original).poll_interval if original else self.poll_interval
        form = ConnectionForm() if new else from_profile(replace(current, poll_interval=poll))
        taken = [name for name in self.profiles.names() if name != original]
        if new:
            title = QCoreApplication.translate("ConsoleHost", "New connection")
        elif original:
            title = QCoreApplication.translate("ConsoleHost", "Edit connection {name}").format(name=current.name)
        else:
            title = QCoreApplication.translate("ConsoleHost", "Edit this connection")
        dialog = ConnectionDialog(form, taken, title, parent=self.console.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one dialog at a time, gone once answered
        dialog.accepted.connect(lambda: self._save_and_switch(dialog.profile(), original))
        self.connection_dialog = dialog
        dialog.open()

    def _save_and_switch(self, profile: ConnectionProfile | None, original: str) -> None:
        if profile is None:
            return
        session = self.console.session
        try:
            note = self.profiles.save(profile)
        except (ProfileError, OSError) as exc:
            session.report_error(QCoreApplication.translate("ConsoleHost", "profile not saved: {error}").format(error=exc))
            return
        if note:
            session.report_error(note)
        if original and original != profile.name:  # edited under a new name: a rename, not a copy
            self.profiles.delete(original)
        self.console.window.set_profiles(self.profiles.names(), session.profile.name)
        self.switching = asyncio.ensure_future(self.switch(profile.name, ask=answers_from(profile)))

    def _delete(self, name: str) -> None:
        from desktop.views.text import Button, question

        window = self.console.window
        asked = QCoreApplication.translate("ConsoleHost", "Delete the saved profile {name} and its stored passwords?").format(
            name=repr(name)
        )
        if question(window, QCoreApplication.translate("ConsoleHost", "Delete profile"), asked) != Button.Yes:
            return
        self.profiles.delete(name)
        window.set_profiles(self.profiles.names(), self.console.session.profile.name)

    def _open_settings(self) -> None:
        open_settings(self.settings, self.console.session, self.console.window, self.poll_interval, self.event_tasks)
