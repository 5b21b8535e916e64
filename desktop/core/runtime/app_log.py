"""The console's log file: rotating, in the platform's log folder, with every password masked.

A console stays open all day; what went wrong at 3 am must still be readable at 9, and a
log a user attaches to a bug report must not carry their Redis password. Every record
passes through ``RedactingFilter`` before any handler writes it: URL passwords and
``password=…`` values are masked by pattern, and the exact passwords of the connections
opened in this process (``forget_secrets``/``remember_secrets``) are replaced wherever
they appear, even outside a URL (a server's error message quoting it, a traceback).

Hard crashes (a segfault in a C extension) are written by ``faulthandler`` to
``crash.log`` beside it: stack frames only (file, line, function), never values.
(Unless something, e.g. a test runner, already enabled faulthandler elsewhere.)
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import threading
from pathlib import Path

from desktop.core.connection.secrets import MASK, mask_text
from desktop.core.store.config_files import PRIVATE_FILE_MODE, make_private, private_dir

LOG_NAME = "celery-desktop.log"
CRASH_NAME = "crash.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_crash_file = None
_level_before: int | None = None


def log_dir() -> Path:
    """``CELERY_DESKTOP_LOG_DIR``, else the platform's user log folder (~/.local/state/celery-desktop/log on Linux)."""
    override = os.environ.get("CELERY_DESKTOP_LOG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir("celery-desktop", appauthor=False))


def remember_secrets(secrets) -> None:
    """Passwords of a connection this process opened: never written to the log, wherever they appear."""
    with _secrets_lock:
        _secrets.update(s for s in secrets if s and len(s) >= 3)


def redact(text: str) -> str:
    text = mask_text(text)
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    """Renders each record once (message, arguments, traceback) and masks the result."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception as exc:  # noqa: BLE001 - a bad %-format in someone's log call must not lose the record
            message = f"{record.msg!r} (unformattable: {exc})"
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = redact(message), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None  # the masked text stands in for it; a handler must not format it again
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log and each file it rotates into: 0600, whatever the umask (an older version's is tightened)."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
        make_private(Path(self.baseFilename))
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def doRollover(self):  # noqa: N802 - logging's name
        super().doRollover()
        for i in range(1, self.backupCount + 1):
            make_private(Path(f"{self.baseFilename}.{i}"))


def install(level: str | int = "WARNING", folder: Path | None = None, stderr: bool = True) -> Path | None:
    """Log to a rotating file in ``folder`` (default ``log_dir()``) and to stderr, both masked.

    The terminal gets ``level``; the file gets INFO too (connections, reconnects). Returns the
    log file's path, or None when the folder cannot be written (the console still runs,
    logging to stderr only; the reason is logged there).
    """
    global _crash_file, _level_before
    chosen = level if isinstance(level, int) else logging.getLevelName(level)
    root = logging.getLogger()
    if _level_before is None:
        _level_before = root.level
    root.setLevel(min(chosen, logging.INFO))
    _remove_handlers(root)
    redacting, formatter = RedactingFilter(), logging.Formatter(FORMAT)

    def add(handler: logging.Handler, handler_level: int) -> None:
        handler.celery_desktop = True
        handler.addFilter(redacting)
        handler.setFormatter(formatter)
        handler.setLevel(handler_level)
        root.addHandler(handler)

    if stderr:
        add(logging.StreamHandler(), chosen)
    folder = folder or log_dir()
    try:
        private_dir(folder)
        file_handler = PrivateRotatingFileHandler(folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file (%s): logging to the terminal only", exc)
        return None
    add(file_handler, min(chosen, logging.INFO))
    try:
        if _crash_file is None and not faulthandler.is_enabled():  # a test runner's own handler stays
            fd = os.open(folder / CRASH_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
            make_private(folder / CRASH_NAME)
            _crash_file = os.fdopen(fd, "a", encoding="utf-8")  # open for the process's life
            faulthandler.enable(_crash_file)
    except OSError:
        pass
    return folder / LOG_NAME


def _remove_handlers(root: logging.Logger) -> None:
    for handler in list(root.handlers):
        if getattr(handler, "celery_desktop", False):
            root.removeHandler(handler)
            handler.close()


def uninstall() -> None:
    """Close the file handlers (tests, and a clean exit)."""
    global _crash_file, _level_before
    root = logging.getLogger()
    if _level_before is not None:
        root.setLevel(_level_before)
        _level_before = None
    _remove_handlers(root)
    if _crash_file is not None:
        faulthandler.disable()
        _crash_file.close()
        _crash_file = None
