"""Trends: the graphs' series kept across restarts, per connection profile, in ``trends.sqlite3`` beside the history.

A file of its own rather than tables in ``history.sqlite3``: trends are written every second, the
history in bursts with its search index and VACUUM; SQLite lets one writer at a time into a file, so
apart neither waits for the other. Its schema, retention, size and recovery (a damaged or newer file
moved aside, as the history does) are its own, and losing it costs only graphs.

Each value is added to its bucket at all three resolutions at once (``LEVELS``: a second for an hour,
a minute for a week, an hour for 90 days); a bucket holds n, sum and peak, so a coarser bucket is
exactly what its finer ones add up to. Past a level's span its buckets are deleted; at most
``MAX_SERIES`` series per profile are kept. Only the writer thread writes, in batches.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desktop.core.domain.metrics import LEVELS, MAX_SERIES, MEMORY_SLOTS, Sample
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate
from desktop.core.store.batch_writer import BatchWriter
from desktop.core.store.config_files import PRIVATE_FILE_MODE, make_private, move_database_aside, private_dir

log = logging.getLogger(__name__)

FILE_NAME = "trends.sqlite3"
SCHEMA_VERSION = 1
SCHEMA = (
    "CREATE TABLE series (id INTEGER PRIMARY KEY, profile TEXT NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL, "
    "UNIQUE (profile, name))",
    # No column types on the figures: a whole number is stored as one (1-3 bytes), not as an 8-byte REAL.
    "CREATE TABLE buckets (series INTEGER NOT NULL, level INTEGER NOT NULL, t INTEGER NOT NULL, n, total, peak, "
    "PRIMARY KEY (series, level, t)) WITHOUT ROWID",
)
FLUSH_SECONDS = 1.0
BOUNDS_EVERY_SECONDS = 60.0
MAX_NAME = 500  # characters of a series name (a queue, worker or task name from the cluster)
_UPSERT = (
    "INSERT INTO buckets (series, level, t, n, total, peak) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (series, level, t) DO UPDATE SET n = n + excluded.n, total = total + excluded.total, "
    "peak = max(peak, excluded.peak)"
)
# How each level keeps its buckets, in the Settings line ("1 h by second"); keyed by the bucket's seconds.
KEPT_BY = {
    1: QT_TRANSLATE_NOOP("trends", "{kept} by second"),
    60: QT_TRANSLATE_NOOP("trends", "{kept} by minute"),
    3600: QT_TRANSLATE_NOOP("trends", "{kept} by hour"),
}


class TrendsUnavailable(Exception):
    """The trends file cannot be used; the message says why, for the user."""


def trends_path_beside(history_path: Path) -> Path:
    return Path(history_path).with_name(FILE_NAME)


def describe(size_bytes: int) -> str:
    """The Settings line: how big the file is and what it keeps."""
    parts = []
    for level in LEVELS:
        span = level.span
        if span >= 2 * 86400:
            kept = translate("trends", "{days} days").format(days=span // 86400)
        else:
            kept = translate("trends", "{hours} h").format(hours=span // 3600)
        parts.append(translate("trends", KEPT_BY[level.seconds]).format(kept=kept))
    levels = translate("trends", ", ").join(parts)  # the separator between the levels (a comma in English)
    return translate("trends", "Trends: {size} MB, {levels}").format(size=f"{size_bytes / 1e6:.1f}", levels=levels)


def buckets_of(samples: Iterable[Sample]) -> dict[tuple[str, int, int, int], list[float]]:
    """The samples summed into their buckets at every level: (name, kind, level, start) -> [n, total, peak]."""
    out: dict[tuple[str, int, int, int], list[float]] = {}
    for sample in samples:
        second = int(sample.t)
        for index, level in enumerate(LEVELS):
            key = (sample.name, sample.kind, index, second - second % level.seconds)
            bucket = out.get(key)
            if bucket is None:
                out[key] = [1, sample.value, sample.value]
            else:
                bucket[0] += 1
                bucket[1] += sample.value
                bucket[2] = max(bucket[2], sample.value)
    return out


class TrendsDatabase:
    """The SQLite file; each thread gets its own connection (SQLite's rule)."""

    def __init__(self, path: Path, max_series: int = MAX_SERIES):
        self.path = Path(path)
        self.max_series = max_series
        self.note = ""
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._ids: dict[tuple[str, str], int] = {}
        self.dropped_series = 0

    def open(self) -> str:
        """Create or check the file; returns a note for the user ("" when nothing happened). Raises TrendsUnavailable."""
        try:
            private_dir(self.path.parent)
        except OSError as exc:
            not_created = translate("trends", "trends folder {folder} cannot be created: {error}")
            raise TrendsUnavailable(not_created.format(folder=self.path.parent, error=exc.strerror or exc)) from exc
        if not os.access(self.path.parent, os.W_OK):
            raise TrendsUnavailable(translate("trends", "trends folder {folder} is read-only").format(folder=self.path.parent))
        try:
            self._prepare()
        except (sqlite3.DatabaseError, _Refused) as exc:
            if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).lower():
                not_written = translate("trends", "trends file {path} cannot be written: {error}")
                raise TrendsUnavailable(not_written.format(path=self.path, error=exc)) from exc
            self._move_aside(str(exc))
            self._prepare()
        return self.note

    def _prepare(self) -> None:
        try:
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, PRIVATE_FILE_MODE))
        except OSError:
            pass  # SQLite says what is wrong with it
        conn = self.connection()
        conn.execute("PRAGMA quick_check").fetchone()
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]:
            raise _Refused(translate("trends", "it holds triggers, which Celery Desktop never writes"))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            newer = translate("trends", "it was written by a newer version of Celery Desktop (schema {version})")
            raise _Refused(newer.format(version=version))
        if version < SCHEMA_VERSION:
            with _transaction(conn):
                for statement in SCHEMA:  # version 0: a new file (the first version; later ones migrate here)
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _move_aside(self, why: str) -> None:
        self.close()
        try:
            aside = move_database_aside(self.path)
        except OSError as exc:
            stuck = translate("trends", "trends file {path}: {why}, and it cannot be moved aside: {error}")
            raise TrendsUnavailable(stuck.format(path=self.path, why=why, error=exc)) from exc
        moved = translate("trends", "the trends file {path} was moved to {aside}: {why}; graphs start empty")
        self.note = moved.format(path=self.path, aside=aside.name, why=why)
        log.warning("the trends file %s was moved to %s: %s; graphs start empty", self.path, aside.name, why)

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            for suffix in ("-wal", "-shm"):
                make_private(self.path.with_name(self.path.name + suffix))
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()
        self._ids.clear()

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in (self.path, self.path.with_name(self.path.name + "-wal")) if p.exists())

    # -- writes (the writer thread) -----------------------------------------------------------
    def _series_ids(self, conn: sqlite3.Connection, profile: str, names: dict[str, int]) -> dict[str, int]:
        """Each name's id, made when new while the profile has fewer than ``max_series``; others left out."""
        ids = {}
        missing = [n for n in names if (profile, n) not in self._ids]
        if missing:
            for sid, name in conn.execute("SELECT id, name FROM series WHERE profile = ?", (profile,)):
                self._ids[(profile, name)] = sid
            count = sum(1 for key in self._ids if key[0] == profile)
            for name in missing:
                if (profile, name) in self._ids:
                    continue
                if count >= self.max_series or len(name) > MAX_NAME:
                    self.dropped_series += 1
                    continue
                cursor = conn.execute("INSERT INTO series (profile, name, kind) VALUES (?, ?, ?)", (profile, name, names[name]))
                self._ids[(profile, name)] = cursor.lastrowid
                count += 1
        for name in names:
            sid = self._ids.get((profile, name))
            if sid is not None:
                ids[name] = sid
        return ids

    def write(self, profile: str, samples: Iterable[Sample]) -> int:
        """The samples added to their buckets at every level, in one transaction; returns the buckets written."""
        buckets = buckets_of(samples)
        if not buckets:
            return 0
        conn = self.connection()
        with _transaction(conn):
            ids = self._series_ids(conn, profile, {name: kind for name, kind, _, _ in buckets})
            rows = [(ids[name], level, start, *figures) for (name, _, level, start), figures in buckets.items() if name in ids]
            conn.executemany(_UPSERT, rows)
        return len(rows)

    def apply_bounds(self, profile: str, now: float) -> int:
        """Buckets older than their level keeps deleted; returns how many went."""
        conn = self.connection()
        gone = 0
        with _transaction(conn):
            for (sid,) in conn.execute("SELECT id FROM series WHERE profile = ?", (profile,)).fetchall():
                for index, level in enumerate(LEVELS):
                    oldest = int(now) - int(now) % level.seconds - level.span + level.seconds
                    gone += conn.execute(
                        "DELETE FROM buckets WHERE series = ? AND level = ? AND t < ?", (sid, index, oldest)
                    ).rowcount
        return gone

    def clear(self, profile: str) -> None:
        conn = self.connection()
        with _transaction(conn):
            conn.execute("DELETE FROM buckets WHERE series IN (SELECT id FROM series WHERE profile = ?)", (profile,))
            conn.execute("DELETE FROM series WHERE profile = ?", (profile,))
        self._ids = {key: sid for key, sid in self._ids.items() if key[0] != profile}

    # -- reads (off the loop) ------------------------------------------------------------------
    def load_recent(self, profile: str, now: float) -> list[tuple[str, int, int, int, float, float]]:
        """What the graphs hold in memory, for a start: the last hour by second and the last day by minute,
        as (name, level, start, n, total, peak)."""
        rows: list[tuple[str, int, int, int, float, float]] = []
        conn = self.connection()
        for index, slots in enumerate(MEMORY_SLOTS):
            seconds = LEVELS[index].seconds
            since = int(now) - int(now) % seconds - (slots - 1) * seconds
            rows += conn.execute(
                "SELECT s.name, b.level, b.t, b.n, b.total, b.peak FROM series AS s JOIN buckets AS b ON b.series = s.id "
                "WHERE s.profile = ? AND b.level = ? AND b.t >= ?",
                (profile, index, since),
            ).fetchall()
        return rows

    def read(self, profile: str, name: str, level: int, start: float, end: float) -> list[tuple[int, int, float, float]]:
        """One series' buckets at ``level`` from ``start`` to ``end``: (start, n, total, peak), oldest first."""
        return (
            self.connection()
            .execute(
                "SELECT b.t, b.n, b.total, b.peak FROM series AS s JOIN buckets AS b ON b.series = s.id "
                "WHERE s.profile = ? AND s.name = ? AND b.level = ? AND b.t >= ? AND b.t <= ? ORDER BY b.t",
                (profile, name, level, int(start) - int(start) % LEVELS[level].seconds, int(end)),
            )
            .fetchall()
        )

    def read_many(
        self, profile: str, names: Iterable[str], prefixes: Iterable[str], level: int, start: float, end: float
    ) -> dict[str, list[tuple[int, int, float, float]]]:
        """Buckets of these series and of every series whose name starts with one of ``prefixes`` ("queue|"), by name."""
        names, prefixes = list(names), list(prefixes)
        tests = ["s.name IN (" + ", ".join("?" for _ in names) + ")"] if names else []
        tests += ["substr(s.name, 1, ?) = ?" for _ in prefixes]
        if not tests:
            return {}
        params: list = [profile, level, int(start) - int(start) % LEVELS[level].seconds, int(end), *names]
        for prefix in prefixes:
            params += [len(prefix), prefix]
        found: dict[str, list[tuple[int, int, float, float]]] = {}
        for name, t, n, total, peak in self.connection().execute(
            "SELECT s.name, b.t, b.n, b.total, b.peak FROM series AS s JOIN buckets AS b ON b.series = s.id "
            f"WHERE s.profile = ? AND b.level = ? AND b.t >= ? AND b.t <= ? AND ({' OR '.join(tests)}) ORDER BY s.name, b.t",
            params,
        ):
            found.setdefault(name, []).append((t, n, total, peak))
        return found

    def names(self, profile: str) -> list[str]:
        return [
            row[0] for row in self.connection().execute("SELECT name FROM series WHERE profile = ? ORDER BY name", (profile,))
        ]


class _Refused(Exception):
    """A file that opens but is not used as it is; it is moved aside."""


@contextmanager
def _transaction(conn: sqlite3.Connection):
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


@dataclass(frozen=True)
class TrendsStatus:
    ok: bool
    message: str = ""
    written: int = 0  # buckets written this session
    size_bytes: int = 0


class TrendsRecorder(BatchWriter):
    """Writes samples to the trends file in batches, in a thread of its own.

    ``add`` is cheap and called from the event loop. A write that fails turns the recorder off with a
    message; the graphs go on from memory.
    """

    thread_name = "celery-desktop-trends"

    def __init__(
        self,
        database: TrendsDatabase,
        profile: str,
        flush_seconds: float = FLUSH_SECONDS,
        clock: Callable[[], float] = time.time,
    ):
        super().__init__(flush_seconds)
        self.database, self.profile, self.clock = database, profile, clock
        self.status = TrendsStatus(True, size_bytes=database.size_bytes())
        self._pending: list[Sample] = []
        self._clear = False
        self._last_bounds = 0.0
        self._written = 0

    def add(self, samples: list[Sample]) -> None:
        if not samples or not self.status.ok:
            return
        with self._handing_in():
            self._pending.extend(samples)

    def clear(self) -> None:
        """This profile's trends forgotten (and what waits to be written)."""
        with self._handing_in():
            self._pending = []
            self._clear = True

    # -- the writer thread's part (BatchWriter) ----------------------------------------------------
    def _take(self) -> tuple[list[Sample], bool]:
        pending, self._pending = self._pending, []
        clear, self._clear = self._clear, False
        return pending, clear

    def _has_pending(self) -> bool:
        return bool(self._pending) or self._clear

    def _can_write(self) -> bool:
        return self.status.ok

    def _close(self) -> None:
        self.database.close()

    def _write_batch(self, batch: tuple[list[Sample], bool]) -> None:
        pending, clear = batch
        now = self.clock()
        try:
            if clear:
                self.database.clear(self.profile)
            self._written += self.database.write(self.profile, pending)
            if now - self._last_bounds >= BOUNDS_EVERY_SECONDS:
                self._last_bounds = now
                self.database.apply_bounds(self.profile, now)
            self.status = TrendsStatus(True, "", self._written, self.database.size_bytes())
        except (sqlite3.Error, OSError) as exc:
            not_kept = translate("trends", "trends are not kept this session: writing {path} failed: {error}")
            self.status = TrendsStatus(False, not_kept.format(path=self.database.path, error=exc))
            log.warning("trends are not kept this session: writing %s failed: %s", self.database.path, exc)


def open_trends(path: Path, profile: str, now: float) -> tuple[TrendsDatabase | None, list, str]:
    """Blocking: the file opened, the recent buckets to show at once, and a note; (None, [], why) without trends.

    The writer is started by the caller once it still wants it (a session stopped meanwhile starts none)."""
    database = TrendsDatabase(path)
    try:
        note = database.open()
        recent = database.load_recent(profile, now)
    except (TrendsUnavailable, sqlite3.Error, OSError) as exc:
        database.close()
        return None, [], translate("trends", "{error}; graphs are not kept this session").format(error=exc)
    return database, recent, note
