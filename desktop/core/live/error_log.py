"""The errors a window lists: shown, not raised, and logged with the profile's passwords removed."""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Callable

from desktop import __version__
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.live.changes import ERRORS

log = logging.getLogger(__name__)
MAX_ERRORS = 200


class ErrorLog:
    """The last MAX_ERRORS errors: a stamped line each for the panel, and with its traceback for "Copy details".

    A console that fails for hours (a broker gone) must not grow without end, nor stop the loops
    that reported: errors are kept here and told to the listeners, never raised.
    """

    def __init__(self, profile: ConnectionProfile, notify: Callable[..., None]):
        self.profile = profile
        self.notify = notify
        self.lines: list[str] = []
        self.details: list[str] = []

    def report(self, message: str, details: str = "") -> None:
        """Passwords never reach the screen or the log; ``details`` (a traceback) goes to the log and to "Copy details"."""
        message = self.profile.redact(message)
        details = self.profile.redact(details)
        if details:
            log.error("%s\n%s", message, details)
        else:
            log.warning("%s", message)
        stamped = f"{time.strftime('%H:%M:%S')}  {message}"
        self.lines.append(stamped)
        self.details.append(f"{stamped}\n{details}".rstrip())
        del self.lines[:-MAX_ERRORS], self.details[:-MAX_ERRORS]
        self.notify(ERRORS)

    def report_text(self) -> str:
        """What "Copy details" puts on the clipboard: every error with its traceback, and what the console runs."""
        header = f"Celery Desktop {__version__} · Python {platform.python_version()} · {platform.platform()}\n{self.profile!r}"
        return "\n\n".join([header, *self.details])

    def clear(self) -> None:
        self.lines.clear()
        self.details.clear()
        self.notify(ERRORS)
