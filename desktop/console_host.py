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

from desktop.core.profile_store import ProfileStore
from desktop.core.profiles import ConnectionProfile, ProfileError
from desktop.core.settings import SettingsStore

log = logging.getLogger(__name__)


class ConsoleHost:
    def __init__(
        self,
        settings: SettingsStore,
        profiles: ProfileStore,
        on_close: Callable[[], None],
        poll_interval: float | None = None,
        event_tasks: int | None = None,
    ):
        self.settings, self.profiles, self.on_close = settings, profiles, on_close
        self.poll_interval, self.event_tasks = poll_interval, event_tasks  # given on the command line: they win
        self.console = None
        self.switches = 0

    def open(self, profile: ConnectionProfile, user_app=None):
        """Build, wire and return the console for this profile (not shown, session not started)."""
        from desktop.main import build_console

        settings = self.settings.settings
        poll = self.poll_interval or profile.poll_interval or settings.poll_interval
        profile = replace(profile, poll_interval=poll)
        console = build_console(profile, user_app, retention=settings.retention)
        console.session.monitor.store.max_tasks = self.event_tasks or settings.event_tasks
        window = console.window
        window.on_close(self.on_close)
        window.settingsRequested.connect(self._open_settings)
        window.profileChosen.connect(lambda name: asyncio.ensure_future(self.switch(name)))
        window.saveProfileRequested.connect(self._save_current)
        window.deleteProfileRequested.connect(self._delete)
        window.set_profiles(self.profiles.names(), profile.name)
        for note in (self.settings.note, self.profiles.note):
            if note:
                console.session.report_error(note)
        self.console = console
        return console

    async def switch(self, name: str, ask: Callable[[str, str], str | None] | None = None) -> bool:
        """Open saved profile ``name`` in place of the current console; False when it could not be opened."""
        old = self.console
        try:
            profile = self.profiles.open(name, ask or self._ask_password)
        except ProfileError as exc:
            old.session.report_error(str(exc))
            return False
        if profile is None:
            return False  # the user cancelled the password
        user_app = None
        if profile.app_module:
            from desktop.core.celery_app import load_user_app

            try:
                user_app = load_user_app(profile.app_module)
            except ProfileError as exc:
                old.session.report_error(f"profile {name}: {exc}")
                return False
        new = self.open(profile, user_app)
        new.window.setGeometry(old.window.geometry())
        new.window.show()
        new.session.start()
        old.window.forget_close_handlers()
        old.window.hide()
        try:
            await asyncio.wait_for(old.session.stop(), 5)
        except asyncio.TimeoutError:
            log.warning("the previous connection took more than 5 s to stop")
        old.close()
        old.window.close()
        old.window.deleteLater()
        self.switches += 1
        return True

    # -- menus -----------------------------------------------------------------------------
    def _ask_password(self, name: str, role: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(
            self.console.window,
            f"Open {name}",
            f"Password for the {role} of {name} (not saved: this system has no password store):",
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def _save_current(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        session = self.console.session
        current = session.profile
        suggested = current.name if current.name != "default" else ""
        name, ok = QInputDialog.getText(self.console.window, "Save connection", "Profile name:", text=suggested)
        if not ok or not name.strip():
            return
        try:
            note = self.profiles.save(replace(current, name=name.strip()))
        except (ProfileError, OSError) as exc:
            session.report_error(f"profile not saved: {exc}")
            return
        if note:
            session.report_error(note)
        self.console.window.set_profiles(self.profiles.names(), current.name)

    def _delete(self, name: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        window = self.console.window
        if QMessageBox.question(window, "Delete profile", f"Delete the saved profile {name!r} and its stored passwords?") != (
            QMessageBox.StandardButton.Yes
        ):
            return
        self.profiles.delete(name)
        window.set_profiles(self.profiles.names(), self.console.session.profile.name)

    def _open_settings(self) -> None:
        from desktop.main import open_settings

        open_settings(self.settings, self.console.session, self.console.window, self.poll_interval, self.event_tasks)
