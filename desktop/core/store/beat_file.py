"""Celery beat's schedule file (PersistentScheduler's shelve, ``celerybeat-schedule``), read-only.

The file is a dbm database of pickles: the entries with their last run and run count, and the
time zone beat ran in. A pickle can run any code it names, and this file is whatever was left
on disk, so it is read with an unpickler that builds only what beat itself writes there (its
ScheduleEntry, celery's schedules, dates and times, plain containers and a few value types);
anything else is refused with its name, and nothing else is built. The file is opened without
taking gdbm's lock, so a running beat keeps writing it.
"""

from __future__ import annotations

import dbm
import io
import pickle
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from celery.schedules import crontab, schedule, solar

try:
    import dbm.gnu as gnu
except ImportError:  # no gdbm in this Python (macOS, Windows): beat there wrote another kind
    gnu = None

from desktop.core.domain.schedules import BadEntry, PeriodicEntry, Source, entry_from_spec
from desktop.core.domain.translatable import translate

MAX_FILE_BYTES = 64_000_000  # a schedule file is kilobytes; a bigger one is not read
SUFFIXES = ("", ".db", ".dat", ".dir", ".bak")


class UnreadableScheduleFile(ValueError):
    """The file is missing, not a dbm database, or holds what the console does not unpickle (said in the window's language)."""


@dataclass(frozen=True)
class _StoredEntry:
    name: Any
    task: Any
    last_run_at: Any
    total_run_count: Any
    schedule: Any
    args: Any = ()
    kwargs: Any = None
    options: Any = None


def _zone(key: str, *_from_cache) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(str(key))


def _zone_method(owner: Any, name: str) -> Any:
    """ZoneInfo pickles as ``getattr(ZoneInfo, "_unpickle")(key, …)``: that one attribute, of that one class."""
    if owner is _zone and name == "_unpickle":
        return _zone
    text = translate("beat_file", "holds getattr(…, {name}), which the console does not unpickle")
    raise pickle.UnpicklingError(text.format(name=repr(str(name)[:40])))


# What beat pickles into the file, and nothing more: (module, qualified name) -> what to build.
_ALLOWED: dict[tuple[str, str], Any] = {
    ("celery.beat", "ScheduleEntry"): _StoredEntry,
    ("celery.schedules", "schedule"): schedule,
    ("celery.schedules", "crontab"): crontab,
    ("celery.schedules", "solar"): solar,
    ("datetime", "datetime"): datetime,
    ("datetime", "date"): date,
    ("datetime", "time"): time,
    ("datetime", "timedelta"): timedelta,
    ("datetime", "timezone"): timezone,
    ("zoneinfo", "ZoneInfo._unpickle"): _zone,
    ("zoneinfo", "ZoneInfo"): _zone,
    ("builtins", "getattr"): _zone_method,
    ("decimal", "Decimal"): Decimal,
    ("uuid", "UUID"): UUID,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("collections", "OrderedDict"): dict,
}


class _ScheduleUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        built = _ALLOWED.get((module, name))
        if built is None:
            text = translate("beat_file", "holds a {name}, which the console does not unpickle")
            raise pickle.UnpicklingError(text.format(name=f"{module}.{name}"))
        return built


def _unpickle(data: bytes) -> Any:
    return _ScheduleUnpickler(io.BytesIO(data)).load()


@dataclass(frozen=True)
class ScheduleFile:
    path: str
    entries: list[PeriodicEntry]
    timezone: str = ""
    utc_enabled: bool | None = None
    problems: list[str] = field(default_factory=list)


def read_schedule_file(path: str | Path) -> ScheduleFile:
    """The entries of beat's schedule file at ``path`` (as given to beat: ``-s`` or ``beat_schedule_filename``)."""
    path = str(path)
    found = [path + suffix for suffix in SUFFIXES if Path(path + suffix).is_file()]
    if not found:
        raise UnreadableScheduleFile(translate("beat_file", "no schedule file at {path}").format(path=path))
    if sum(Path(name).stat().st_size for name in found) > MAX_FILE_BYTES:
        text = translate("beat_file", "{path} is over {size} MB: not a schedule file")
        raise UnreadableScheduleFile(text.format(path=path, size=MAX_FILE_BYTES // 1_000_000))
    kind = dbm.whichdb(path)
    if not kind:
        text = translate("beat_file", "{path} is not a schedule file beat wrote (no dbm database)")
        raise UnreadableScheduleFile(text.format(path=path))
    try:
        with _open(path, kind) as db:
            stored = {key: db[key] for key in (b"entries", b"tz", b"utc_enabled") if key in db}
    except (*dbm.error, OSError) as exc:  # dbm.error: each dbm module's error
        raise UnreadableScheduleFile(f"{path}: {exc}") from None
    if b"entries" not in stored:
        text = translate("beat_file", "{path} holds no entries: beat has not written it yet")
        raise UnreadableScheduleFile(text.format(path=path))
    try:
        raw_entries = _unpickle(stored[b"entries"])
        zone = _unpickle(stored[b"tz"]) if b"tz" in stored else None
        utc = _unpickle(stored[b"utc_enabled"]) if b"utc_enabled" in stored else None
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise UnreadableScheduleFile(f"{path}: {exc}") from None
    if not isinstance(raw_entries, dict):
        text = translate("beat_file", "{path}: its entries are a {type}, not beat's")
        raise UnreadableScheduleFile(text.format(path=path, type=type(raw_entries).__name__))
    entries, problems = [], []
    for key, stored_entry in raw_entries.items():
        try:
            entries.append(_entry(str(key), stored_entry))
        except BadEntry as exc:
            problems.append(f"{key}: {exc}")
    return ScheduleFile(path, entries, zone if isinstance(zone, str) else "", utc if isinstance(utc, bool) else None, problems)


def _open(path: str, kind: str):
    if kind == "dbm.gnu" and gnu is not None:
        return gnu.open(path, "ru")  # no lock: a running beat holds the writer's
    return dbm.open(path, "r")


def _entry(name: str, stored: Any) -> PeriodicEntry:
    if not isinstance(stored, _StoredEntry):
        raise BadEntry(translate("beat_file", "not one of beat's entries but {type}").format(type=type(stored).__name__))
    spec = {
        "task": stored.task,
        "schedule": stored.schedule,
        "args": stored.args,
        "kwargs": stored.kwargs,
        "options": stored.options,
    }
    entry = entry_from_spec(name, spec, Source.FILE)
    last = stored.last_run_at if isinstance(stored.last_run_at, datetime) else None
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)  # beat stores UTC when enable_utc (the default)
    count = stored.total_run_count if type(stored.total_run_count) is int and stored.total_run_count >= 0 else None
    return replace(entry, last_run_at=last, total_run_count=count)
