"""ScheduleBook: every periodic entry the console can find, from each source, with when it runs next and
whether a run was missed, and why, as far as the console can see.

Sources: the app's ``beat_schedule`` (with -A), beat's schedule file (the path the user gives, else
the app's ``beat_schedule_filename`` when that file is there), RedBeat on the broker's Redis (or
``redbeat_redis_url``), and django-celery-beat's database (the URL the user gives). Each is read off the loop (``ClusterClient.run_blocking``); a source that
fails says why in its note and the others are shown. Read when the Schedules tab asks (when shown
and then every few seconds while it is), not in the background.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

import redis
from redis.exceptions import WatchError

from desktop.core.cluster import django_beat, redbeat
from desktop.core.cluster.client import ClusterClient
from desktop.core.cluster.queues import on_broker
from desktop.core.connection.secrets import mask_url
from desktop.core.domain.schedules import (
    PeriodicEntry,
    SeenRun,
    Source,
    args_key,
    entries_from_beat_schedule,
    missed_since,
    newest_runs,
    run_key,
    runs_seen,
    upcoming_runs,
)
from desktop.core.domain.translatable import translate
from desktop.core.live.changes import Listeners
from desktop.core.store.beat_file import UnreadableScheduleFile, read_schedule_file

SCHEDULES = "schedules"
READ_TIMEOUT = 10.0


@dataclass(frozen=True)
class ScheduleRow:
    entry: PeriodicEntry
    next_run: datetime | None
    missed: datetime | None = None  # the due time beat let pass
    reasons: tuple[str, ...] = ()  # what the console sees that may explain it
    static: bool = False  # a RedBeat entry from the app's beat_schedule: beat writes it again when it starts
    editable: bool = False  # its source can be changed from here (RedBeat, django-celery-beat)
    seen: tuple[SeenRun, ...] = ()  # its task's newest runs in the events, newest first
    notes: tuple[str, ...] = ()  # what may keep its runs from happening, missed or not (a queue nobody consumes)

    @property
    def key(self) -> tuple[str, str]:
        return (self.entry.source, self.entry.name)

    def to_dict(self) -> dict:
        entry = self.entry

        def moment(value: datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "name": entry.name,
            "task": entry.task,
            "source": entry.source,
            "schedule": entry.in_words,
            "as_written": entry.as_written,
            "timezone": entry.timezone,
            "args": list(entry.args),
            "kwargs": dict(entry.kwargs),
            "options": dict(entry.options),
            "enabled": entry.enabled,
            "last_run_at": moment(entry.last_run_at),
            "total_run_count": entry.total_run_count,
            "next_run": moment(self.next_run),
            "missed_since": moment(self.missed),
            "reasons": list(self.reasons),
            "from_app_on_beat_start": self.static,
            "editable": self.editable,
            "notes": list(self.notes),
            "seen_runs": [{"id": run.task_id, "at": run.at, "state": run.state, "worker": run.worker} for run in self.seen],
        }


@dataclass(frozen=True)
class SourceNote:
    source: str
    text: str
    ok: bool = True


@dataclass
class ScheduleBook:
    client: ClusterClient
    listeners: Listeners
    registered_names: Callable[[], set[str] | None]  # tasks the online workers registered; None: not known yet
    consumed_queues: Callable[[], set[str] | None] = lambda: None  # queues online workers consume; None: not known
    event_tasks: Callable[[], Iterable[Any]] = tuple  # the tasks the events hold, newest first
    events_on: Callable[[], bool] = lambda: False  # the event stream receives: a task sent or received would be seen
    history_runs: Callable[[set[str]], dict[str, list[SeenRun]]] | None = None  # blocking: runs the history keeps
    file_path: str = ""
    database_url: str = ""  # django-celery-beat's database (SQLAlchemy URL)
    rows: list[ScheduleRow] = field(default_factory=list)
    notes: list[SourceNote] = field(default_factory=list)
    read_at: datetime | None = None
    _redbeat_keys: redbeat.RedBeatKeys | None = None

    @property
    def app(self):
        return self.client.app

    @property
    def redbeat_keys(self) -> redbeat.RedBeatKeys:
        if self._redbeat_keys is None:
            self._redbeat_keys = redbeat.RedBeatKeys.of_app(self.app.conf, self.app.conf.broker_url or "")
        return self._redbeat_keys

    def default_file(self) -> str:
        """The app's ``beat_schedule_filename`` when beat left that file here (beat's default: ./celerybeat-schedule)."""
        name = str(self.app.conf.beat_schedule_filename or "celerybeat-schedule")
        return name if any(os.path.exists(name + suffix) for suffix in ("", ".db", ".dat")) else ""

    async def refresh(self) -> None:
        now = datetime.now(timezone.utc)
        rows: list[ScheduleRow] = []
        notes: list[SourceNote] = []
        app_entries, problems = entries_from_beat_schedule(self.app.conf.beat_schedule or {}, self.app)
        if self.client.profile.app_module or app_entries:
            text = translate(
                "schedule_book", "{count} from the app's beat_schedule (read-only: change them in the app's code)"
            ).format(count=len(app_entries))
            notes.append(SourceNote(Source.APP, "; ".join([text, *problems])))
        rows += [self._row(entry, now) for entry in app_entries]
        rows += await self._file_rows(now, notes)
        rows += await self._redbeat_rows(now, notes)
        rows += await self._django_rows(now, notes)
        keys = {run_key(row.entry) for row in rows}
        seen = runs_seen(self.event_tasks(), keys)
        names = {name for name, _args in keys}
        if self.history_runs is not None and names:
            reply = await self.client.run_blocking(lambda: self.history_runs(names), READ_TIMEOUT)
            if reply.ok:
                kept = reply.value
                seen = {
                    key: newest_runs(seen.get(key, []), [run for run in kept.get(key[0], []) if args_key(run.args) == key[1]])
                    for key in keys
                }
        rows = [self._with_seen(row, seen.get(run_key(row.entry), [])) for row in rows]
        self.rows, self.notes, self.read_at = rows, notes, now
        self.listeners.notify(SCHEDULES)

    async def _file_rows(self, now: datetime, notes: list[SourceNote]) -> list[ScheduleRow]:
        path = self.file_path or self.default_file()
        if not path:
            return []
        reply = await self.client.run_blocking(lambda: _file_or_reason(path), READ_TIMEOUT)
        if not reply.ok or isinstance(reply.value, str):
            notes.append(SourceNote(Source.FILE, reply.value if reply.ok else f"{path}: {reply.error}", ok=False))
            return []
        read = reply.value
        zone_note = []
        app_zone = str(self.app.conf.timezone or "UTC")
        if read.timezone and read.timezone != app_zone:
            zone_note.append(
                translate("schedule_book", "beat ran in {zone}, the app says {app_zone}").format(
                    zone=read.timezone, app_zone=app_zone
                )
            )
        held = translate("schedule_book", "{count} in {path} (read-only; beat writes it every 3 minutes)").format(
            count=len(read.entries), path=path
        )
        notes.append(SourceNote(Source.FILE, "; ".join([held, *zone_note, *read.problems])))
        return [self._row(entry, now, extra_reasons=tuple(zone_note)) for entry in read.entries]

    async def _redbeat_rows(self, now: datetime, notes: list[SourceNote]) -> list[ScheduleRow]:
        keys = self.redbeat_keys
        if not keys.redis_url.startswith(("redis://", "rediss://", "unix://", "redis+socket://", "sentinel://")):
            return []
        reply = await self.client.run_blocking(
            lambda: self._on_redbeat_redis(lambda client: redbeat.read_redbeat(client, keys)), READ_TIMEOUT
        )
        if not reply.ok:
            notes.append(SourceNote(Source.REDBEAT, f"RedBeat: {reply.error}", ok=False))
            return []
        read = reply.value
        if not read.entries and not read.statics and read.beat_lock_ttl is None:
            return []  # no RedBeat here: nothing to say
        if read.beat_lock_ttl is not None:
            beat, no_beat = translate("schedule_book", "a beat holds RedBeat's lock"), ()
        else:
            beat = translate("schedule_book", "no beat holds RedBeat's lock")
            no_beat = (translate("schedule_book", "no RedBeat scheduler is running (its lock is free)"),)
        held = translate("schedule_book", "{count} under {prefix}").format(count=len(read.entries), prefix=repr(keys.prefix))
        notes.append(SourceNote(Source.REDBEAT, "; ".join([held, beat, *read.problems])))
        return [
            self._row(entry, now, static=entry.name in read.statics, editable=True, extra_reasons=no_beat)
            for entry in read.entries
        ]

    async def _django_rows(self, now: datetime, notes: list[SourceNote]) -> list[ScheduleRow]:
        url = self.database_url
        if not url:
            return []
        reply = await self.client.run_blocking(lambda: _django_or_reason(url), READ_TIMEOUT)
        shown = mask_url(url)
        if not reply.ok or isinstance(reply.value, str):
            notes.append(SourceNote(Source.DJANGO, f"{shown}: {reply.value if reply.ok else reply.error}", ok=False))
            return []
        read = reply.value
        held = translate("schedule_book", "{count} in {database}").format(count=len(read.entries), database=shown)
        notes.append(SourceNote(Source.DJANGO, "; ".join([held, *read.problems])))
        return [self._row(entry, now, editable=True) for entry in read.entries]

    def _on_redbeat_redis(self, use: Callable[[Any], Any]) -> Any:
        """``use(redis client)`` on RedBeat's Redis: the broker's own connection pool when RedBeat keeps its keys there."""
        keys = self.redbeat_keys
        if keys.redis_url == (self.app.conf.broker_url or ""):
            return on_broker(self.app, lambda conn: use(redis.Redis(connection_pool=conn.default_channel.pool)))
        client = redis.Redis.from_url(keys.redis_url, socket_timeout=5.0, socket_connect_timeout=3.0)
        try:
            return use(client)
        finally:
            client.close()

    def _row(
        self, entry: PeriodicEntry, now: datetime, *, static: bool = False, editable: bool = False, extra_reasons=()
    ) -> ScheduleRow:
        if not entry.timezone:
            entry = replace(entry, timezone=str(self.app.conf.timezone or "UTC"))  # beat's own: the app's
        upcoming = upcoming_runs(entry, now, 1)
        missed = missed_since(entry, now)
        reasons: list[str] = []
        if missed is not None:
            reasons += extra_reasons
            registered = self.registered_names()
            if registered is not None and entry.task not in registered:
                reasons.append(translate("schedule_book", "no online worker has {task} registered").format(task=entry.task))
        return ScheduleRow(entry, upcoming[0] if upcoming else None, missed, tuple(reasons), static, editable)

    def _with_seen(self, row: ScheduleRow, seen: list[SeenRun]) -> ScheduleRow:
        """The row with its task's runs seen in the events, and what they and the workers say of a missed run."""
        entry, reasons, notes = row.entry, list(row.reasons), []
        queues = self.consumed_queues()
        if entry.queue and queues is not None and entry.queue not in queues:
            notes.append(
                translate("schedule_book", "no online worker consumes queue {queue}: what beat sends there waits").format(
                    queue=repr(entry.queue)
                )
            )
        if row.missed is not None:
            reasons += notes
            since = row.missed.timestamp()
            if self.events_on() and not any(run.at >= since for run in seen):
                reasons.append(
                    translate("schedule_book", "no {task} was seen sent or received since it was due (the events are on)").format(
                        task=entry.task
                    )
                )
        return replace(row, reasons=tuple(reasons), seen=tuple(seen), notes=tuple(notes))

    # -- changes (RedBeat) -------------------------------------------------------------------------

    async def set_enabled(self, row: ScheduleRow, enabled: bool) -> None:
        name = row.entry.name
        await self._change(
            f"{'enabling' if enabled else 'disabling'} the schedule entry {name!r}",
            row.entry.source,
            lambda client: redbeat.set_enabled(client, self.redbeat_keys, name, enabled),
            lambda engine: django_beat.set_enabled(engine, name, enabled),
        )

    async def delete(self, row: ScheduleRow) -> None:
        name = row.entry.name
        await self._change(
            f"deleting the schedule entry {name!r}",
            row.entry.source,
            lambda client: redbeat.delete_entry(client, self.redbeat_keys, name),
            lambda engine: django_beat.delete_entry(engine, name),
        )

    async def save(self, entry: PeriodicEntry, *, create: bool) -> None:
        zone = str(self.app.conf.timezone or "UTC")
        await self._change(
            f"{'creating' if create else 'saving'} the schedule entry {entry.name!r}",
            entry.source,
            lambda client: redbeat.save_entry(client, self.redbeat_keys, entry, create=create),
            lambda engine: django_beat.save_entry(engine, entry, create=create, timezone_name=zone),
        )

    async def _change(self, what: str, source: str, on_redbeat: Callable[[Any], None], on_django: Callable[[Any], None]) -> None:
        """Make a change in the entry's source, then read every source again; a refusal is raised with its reason.

        ``what`` names the change for the log and a read-only profile's refusal: English, as the log keeps it.
        """

        def attempt() -> str:
            try:
                if source == Source.DJANGO:
                    _on_database(self.database_url, on_django)
                elif source == Source.REDBEAT:
                    self._on_redbeat_redis(on_redbeat)
                else:
                    return translate("schedule_book", "{source} entries are read-only here").format(source=source)
            except (redbeat.NameTaken, django_beat.NameTaken, KeyError, ValueError, django_beat.DatabaseRefused) as exc:
                return str(exc.args[0] if exc.args else exc)
            except WatchError:
                return translate(
                    "schedule_book", "the entry changed meanwhile (beat ran it, or someone edited it): read again and retry"
                )
            return ""

        reply = await self.client.run_mutation(what, attempt, READ_TIMEOUT)
        refused = reply.error if not reply.ok else reply.value
        await self.refresh()
        if refused:
            raise ScheduleChangeFailed(refused)

    def editable_sources(self) -> list[str]:
        """Where a new entry can go: the sources read that the console can change, RedBeat first."""
        read = {note.source for note in self.notes if note.ok}
        return [source for source in (Source.REDBEAT, Source.DJANGO) if source in read]


class ScheduleChangeFailed(RuntimeError):
    """The source refused the change or could not be reached; the text says which."""


def _file_or_reason(path: str):
    try:
        return read_schedule_file(path)
    except UnreadableScheduleFile as exc:
        return str(exc)


def _on_database(url: str, use: Callable[[Any], Any]) -> Any:
    engine = django_beat.open_database(url)
    try:
        return use(engine)
    finally:
        engine.dispose()  # nothing held between two reads: SQLite's file stays unlocked for beat


def _django_or_reason(url: str):
    try:
        return _on_database(url, django_beat.read_django_beat)
    except django_beat.DatabaseRefused as exc:
        return str(exc)
    except ImportError as exc:  # SQLAlchemy, or the database's driver, is not installed
        return translate("schedule_book", "{error}: install it in the console's environment").format(error=exc)
    except Exception as exc:  # noqa: BLE001 - a URL SQLAlchemy cannot parse, a dialect it does not know
        return str(exc).splitlines()[0][:300]
