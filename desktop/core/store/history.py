"""History: the calls the console sent and the last known state of every task it saw, per connection profile, in SQLite.

One file in the platform's user data folder (``CELERY_DESKTOP_DATA_DIR`` overrides it), in WAL
mode so a reader never waits for the writer and a process killed mid-write loses at most the
batch in flight, never the file. Only the writer thread writes (``HistoryRecorder``), in
batches; loading runs in the executor. A file this version cannot use (corrupt, or written by a
newer version) is moved aside with a message, never overwritten; when the folder cannot be
written (read-only, full disk) the console says so and goes on without history.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import Progress, StoredMeta, TaskRecord
from desktop.core.domain.schedules import SeenRun
from desktop.core.domain.task_query import (
    FTS_TABLE,
    RUNTIME_INDEX_SQL,
    TEXT_COLUMNS,
    TIME_INDEX_SQL,
    Query,
    SqlFilter,
    parse,
    register_sql_functions,
)
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate
from desktop.core.domain.workflows import WorkflowRun
from desktop.core.store.batch_writer import BatchWriter
from desktop.core.store.config_files import PRIVATE_FILE_MODE, make_private, move_database_aside, private_dir

log = logging.getLogger(__name__)

FILE_NAME = "history.sqlite3"
SCHEMA_VERSION = 4
DEFAULT_MAX_AGE_DAYS = 30.0
DEFAULT_MAX_ROWS = 200_000
SEARCH_PAGE = 200
ORDERED_BUDGET_S = 0.025  # a search's first plan (newest first, each task tested) gets this long
FEW_MATCHES = 40_000  # free text matching at most this many tasks: the first plan reads them all, however long
CACHE_KIB = 32_768  # SQLite's page cache per connection: a count over a million rows reads its pages once
FLUSH_SECONDS = 1.0  # a task's changes within this window are one write
WRITE_CHUNK = 200  # rows per transaction; between two, the writer pauses
CHUNK_PAUSE_SECONDS = 0.005  # so the GUI thread gets the GIL back (PySide releases it on each Qt call)
RETENTION_EVERY_SECONDS = 600.0
MAX_TEXT = 200_000  # a traceback or result longer than this is cut, as the table and detail cut it

SCHEMA = (
    """CREATE TABLE tasks (
        profile TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'PENDING',
        args TEXT NOT NULL DEFAULT '',
        kwargs TEXT NOT NULL DEFAULT '',
        progress_current REAL,
        progress_total REAL,
        result TEXT NOT NULL DEFAULT '',
        exc_type TEXT NOT NULL DEFAULT '',
        traceback TEXT NOT NULL DEFAULT '',
        worker TEXT NOT NULL DEFAULT '',
        retries INTEGER,
        error TEXT NOT NULL DEFAULT '',
        parent_id TEXT,
        children TEXT NOT NULL DEFAULT '[]',
        eta REAL,
        sent_at REAL,
        started_at REAL,
        date_done REAL,
        mine INTEGER NOT NULL DEFAULT 0,
        meta TEXT NOT NULL DEFAULT '{}',
        seen_at REAL NOT NULL,
        PRIMARY KEY (profile, id)
    )""",
    "CREATE INDEX tasks_by_age ON tasks (profile, seen_at)",
)
# Each step takes a file from the version before it to the next; a file is never skipped ahead.
MIGRATIONS = {
    # 1 -> 2: the calls the console sent, whole, so a re-send after a restart is the exact call.
    2: (
        """CREATE TABLE calls (
            profile TEXT NOT NULL,
            task_id TEXT NOT NULL,
            spec TEXT NOT NULL,
            PRIMARY KEY (profile, task_id)
        )""",
    ),
    # 2 -> 3: workflows the console sent (their tree), so they show as one tree again and can be sent again.
    3: (
        """CREATE TABLE workflows (
            profile TEXT NOT NULL,
            id TEXT NOT NULL,
            first_step TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (profile, id)
        )""",
    ),
    # 3 -> 4: search. Tasks get a rowid of their own (seq, in the order first seen), which VACUUM
    # keeps: the FTS5 index of their text points at it. Indexes for what queries filter on.
    # The FTS5 table itself is made by _ensure_search_index (when this SQLite has FTS5).
    4: (
        """CREATE TABLE tasks_v4 (
        seq INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'PENDING',
        args TEXT NOT NULL DEFAULT '',
        kwargs TEXT NOT NULL DEFAULT '',
        progress_current REAL,
        progress_total REAL,
        result TEXT NOT NULL DEFAULT '',
        exc_type TEXT NOT NULL DEFAULT '',
        traceback TEXT NOT NULL DEFAULT '',
        worker TEXT NOT NULL DEFAULT '',
        retries INTEGER,
        error TEXT NOT NULL DEFAULT '',
        parent_id TEXT,
        children TEXT NOT NULL DEFAULT '[]',
        eta REAL,
        sent_at REAL,
        started_at REAL,
        date_done REAL,
        mine INTEGER NOT NULL DEFAULT 0,
        meta TEXT NOT NULL DEFAULT '{}',
        seen_at REAL NOT NULL,
        UNIQUE (profile, id)
    )""",
        "INSERT INTO tasks_v4 ({0}) SELECT {0} FROM tasks ORDER BY seen_at, rowid",  # filled in below
        "DROP TABLE tasks",
        "ALTER TABLE tasks_v4 RENAME TO tasks",
        "CREATE INDEX tasks_by_age ON tasks (profile, seen_at)",
        "CREATE INDEX tasks_by_profile ON tasks (profile)",  # a profile's rows newest first (seq), others skipped
        f"CREATE INDEX tasks_by_time ON tasks (profile, {TIME_INDEX_SQL})",
        "CREATE INDEX tasks_by_state ON tasks (profile, state COLLATE NOCASE)",
        "CREATE INDEX tasks_by_name ON tasks (profile, name)",
        "CREATE INDEX tasks_by_worker ON tasks (profile, worker)",
        "CREATE INDEX tasks_by_exc ON tasks (profile, exc_type)",
        "CREATE INDEX tasks_by_retries ON tasks (profile, retries)",
        f"CREATE INDEX tasks_by_runtime ON tasks (profile, {RUNTIME_INDEX_SQL})",
        "CREATE TABLE notes (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
}
TASK_COLUMNS = (
    "profile",
    "id",
    "name",
    "state",
    "args",
    "kwargs",
    "progress_current",
    "progress_total",
    "result",
    "exc_type",
    "traceback",
    "worker",
    "retries",
    "error",
    "parent_id",
    "children",
    "eta",
    "sent_at",
    "started_at",
    "date_done",
    "mine",
    "meta",
    "seen_at",
)
MIGRATIONS[4] = tuple(
    statement.format(", ".join(TASK_COLUMNS)) if statement.startswith("INSERT INTO tasks_v4") else statement
    for statement in MIGRATIONS[4]
)
# The FTS5 index of the searchable text, its content read from tasks (external content: the text is
# stored once). No trigger keeps it in step (a trigger in the file is refused, see _prepare): save,
# retention, forget and clear write it in the same transaction as the rows.
FTS_SCHEMA = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(TEXT_COLUMNS)}, "
    "content='tasks', content_rowid='seq', tokenize='unicode61 remove_diacritics 0')"
)
_FTS_COLUMNS = ", ".join(TEXT_COLUMNS)
_FTS_DELETE = f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {_FTS_COLUMNS}) SELECT 'delete', seq, {_FTS_COLUMNS} FROM tasks "
_TEXT_AT = tuple(TASK_COLUMNS.index(c) for c in TEXT_COLUMNS)  # where each indexed text is in a row
NO_FTS_NOTE = QT_TRANSLATE_NOOP("history", "this SQLite has no FTS5: the history's text is searched by LIKE (substrings), slower")
_fts5: bool | None = None


def fts5_available() -> bool:
    """Whether this Python's SQLite has FTS5 (asked once)."""
    global _fts5
    if _fts5 is None:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
            _fts5 = True
        except sqlite3.Error:
            _fts5 = False
        finally:
            probe.close()
    return _fts5


_UPSERT = (
    f"INSERT INTO tasks ({', '.join(TASK_COLUMNS)}) VALUES ({', '.join('?' for _ in TASK_COLUMNS)}) "
    "ON CONFLICT (profile, id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in TASK_COLUMNS if c not in ("profile", "id", "seen_at"))
)


class HistoryUnavailable(Exception):
    """The history cannot be used; the message says why, for the user."""


class _Refused(Exception):
    """A history file that opens but is not used as it is (the message says why); it is moved aside."""


def default_data_dir() -> Path:
    override = os.environ.get("CELERY_DESKTOP_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("celery-desktop", appauthor=False))


def default_history_path() -> Path:
    return default_data_dir() / FILE_NAME


@dataclass(frozen=True)
class Retention:
    """How much history is kept: tasks first seen longer ago than ``max_age_days`` go, and past ``max_rows`` the oldest."""

    max_age_days: float = DEFAULT_MAX_AGE_DAYS
    max_rows: int = DEFAULT_MAX_ROWS


# -- rows <-> records -----------------------------------------------------------------------------


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT]


def _json_safe(meta: Mapping) -> str:
    if isinstance(meta, StoredMeta):
        return meta.raw[:MAX_TEXT].decode("utf-8", "ignore")  # it is that JSON already (clipped like the others)
    try:
        return json.dumps(dict(meta), default=str)[:MAX_TEXT]
    except (TypeError, ValueError, RecursionError):
        return "{}"


def row_of(profile: str, record: TaskRecord, seen_at: float) -> tuple:
    progress = record.progress
    return (
        profile,
        record.id,
        record.name,
        record.state,
        _clip(record.args),
        _clip(record.kwargs),
        None if progress is None else progress.current,
        None if progress is None else progress.total,
        _clip(record.result),
        record.exc_type,
        _clip(record.traceback),
        record.worker,
        record.retries,
        _clip(record.error),
        record.parent_id,
        json.dumps(list(record.children)),
        record.eta,
        record.sent_at,
        record.started_at,
        record.date_done,
        int(record.mine),
        _json_safe(record.meta),
        seen_at,
    )


def record_of(row: sqlite3.Row) -> TaskRecord:
    progress = None
    if row["progress_current"] is not None and row["progress_total"] is not None:
        progress = Progress(row["progress_current"], row["progress_total"])
    try:
        children = tuple(str(c) for c in json.loads(row["children"]))
    except (TypeError, ValueError):
        children = ()
    try:
        meta = json.loads(row["meta"])
    except (TypeError, ValueError):
        meta = {}
    return TaskRecord(
        id=row["id"],
        name=row["name"],
        state=row["state"],
        args=row["args"],
        kwargs=row["kwargs"],
        progress=progress,
        result=row["result"],
        exc_type=row["exc_type"],
        traceback=row["traceback"],
        worker=row["worker"],
        retries=row["retries"],
        error=row["error"],
        parent_id=row["parent_id"],
        children=children,
        eta=row["eta"],
        sent_at=row["sent_at"],
        started_at=row["started_at"],
        date_done=row["date_done"],
        mine=bool(row["mine"]),
        meta=meta if isinstance(meta, dict) else {},
    )


# -- the file -----------------------------------------------------------------------------------


class HistoryDatabase:
    """The SQLite file; each thread that uses it gets its own connection (SQLite's rule)."""

    def __init__(self, path: Path, fts: bool | None = None):
        self.path = Path(path)
        self.note = ""  # what happened on open, for the user (a file moved aside)
        self.fts = fts5_available() if fts is None else fts and fts5_available()  # text search by FTS5, else LIKE
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @property
    def search_note(self) -> str:
        """What the search cannot do with this SQLite ("" when nothing), in the window's language."""
        return "" if self.fts else translate("history", NO_FTS_NOTE)

    def open(self) -> str:
        """Create or check the file; returns a note for the user ("" when nothing happened). Raises HistoryUnavailable."""
        try:
            private_dir(self.path.parent)
        except OSError as exc:
            message = translate("history", "history folder {folder} cannot be created: {error}")
            raise HistoryUnavailable(message.format(folder=self.path.parent, error=exc.strerror or exc)) from exc
        if not os.access(self.path.parent, os.W_OK):
            raise HistoryUnavailable(translate("history", "history folder {folder} is read-only").format(folder=self.path.parent))
        try:
            version = self._prepare()
        except _Refused as exc:
            self.note = self._move_aside(str(exc))
            version = self._prepare()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and _is_access_problem(exc):
                message = translate("history", "history file {path} cannot be written: {error}")
                raise HistoryUnavailable(message.format(path=self.path, error=exc)) from exc
            self.note = self._move_aside(translate("history", "it is not a readable history file ({error})").format(error=exc))
            version = self._prepare()
        if version > SCHEMA_VERSION:
            self.close()
            newer = translate("history", "it was written by a newer version of Celery Desktop (schema {version})")
            self.note = self._move_aside(newer.format(version=version))
            self._prepare()
        return self.note

    def _files(self) -> list[Path]:
        """The database and SQLite's companions (-wal, -shm, -journal)."""
        return [self.path, *(self.path.with_name(self.path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]

    def _create_private(self) -> None:
        """The file made 0600 before SQLite opens it (its -wal and -shm take the database's mode); older ones tightened."""
        try:
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, PRIVATE_FILE_MODE))
        except OSError:
            pass  # SQLite says what is wrong with it
        for path in self._files():
            make_private(path)

    def _prepare(self) -> int:
        """Open, check, and create or migrate the schema; returns the version the file had."""
        self._create_private()
        conn = self.connection()
        conn.execute("PRAGMA quick_check").fetchone()  # a corrupt file fails here, not in the middle of a write
        # This console never writes a trigger: one in the file was put there by someone else, to run
        # their SQL on the console's next write (copying args and results elsewhere, say). Not opened.
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]:
            raise _Refused(translate("history", "it holds triggers, which Celery Desktop never writes (someone else changed it)"))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return version
        if version < SCHEMA_VERSION:
            with _transaction(conn):  # one transaction: a file is at one version or the next, never in between
                if version == 0:
                    for statement in SCHEMA:
                        conn.execute(statement)
                    version = 1
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[step]:
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                _ensure_search_index(conn, self.fts)
        if version == SCHEMA_VERSION and _search_index_work(conn, self.fts):
            with _transaction(conn):
                _ensure_search_index(conn, self.fts)
        return version

    def _move_aside(self, why: str) -> str:
        self.close()
        try:
            aside = move_database_aside(self.path)
        except OSError as exc:
            message = translate("history", "history file {path}: {why}, and it cannot be moved aside: {error}")
            raise HistoryUnavailable(message.format(path=self.path, why=why, error=exc)) from exc
        log.warning("the history file %s was moved to %s: %s; a new history starts", self.path, aside.name, why)
        note = translate("history", "the history file {path} was moved to {aside}: {why}; a new history starts")
        return note.format(path=self.path, aside=aside.name, why=why)

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA trusted_schema = OFF")  # no function with side effects from the file's own schema
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a killed process loses no committed batch
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            register_sql_functions(conn)
            for path in self._files()[1:]:
                make_private(path)  # -wal and -shm an older version left readable
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

    # -- reads -----------------------------------------------------------------------------
    def load(self, profile: str, limit: int = DEFAULT_MAX_ROWS) -> list[TaskRecord]:
        """The profile's tasks, oldest first (the newest ``limit``)."""
        rows = (
            self.connection()
            .execute(
                f"SELECT * FROM (SELECT rowid AS seq, {', '.join(TASK_COLUMNS)} FROM tasks WHERE profile = ? "
                "ORDER BY seen_at DESC, seq DESC LIMIT ?) ORDER BY seen_at, seq",  # rowid: arrival order within a batch
                (profile, limit),
            )
            .fetchall()
        )
        return [record_of(row) for row in rows]

    def newest_by_name(self, profile: str, names: Iterable[str], per_name: int = 50) -> dict[str, list[SeenRun]]:
        """Each task name's newest runs the history keeps (when sent, else started, else first seen): what the
        Schedules tab shows of an entry's runs before this session's events had any."""
        conn = self.connection()
        found: dict[str, list[SeenRun]] = {}
        for name in names:
            rows = conn.execute(
                "SELECT id, coalesce(sent_at, started_at, seen_at) AS at, state, worker, args FROM tasks "
                "WHERE profile = ? AND name = ? ORDER BY seen_at DESC LIMIT ?",
                (profile, name, per_name),
            ).fetchall()
            found[name] = [
                SeenRun(str(row["id"]), float(row["at"]), str(row["state"]), str(row["worker"]), str(row["args"])) for row in rows
            ]
        return found

    def load_calls(self, profile: str, task_ids: Iterable[str]) -> dict[str, CallSpec]:
        """The calls sent for these tasks (the ones the history has); unreadable entries are skipped."""
        wanted = set(task_ids)
        calls: dict[str, CallSpec] = {}
        for task_id, text in self.connection().execute("SELECT task_id, spec FROM calls WHERE profile = ?", (profile,)):
            if task_id in wanted:
                try:
                    calls[task_id] = CallSpec.from_json(json.loads(text))
                except (TypeError, ValueError, KeyError) as exc:
                    log.info("history: call of %s not readable: %s", task_id, exc)
        return calls

    def load_workflows(self, profile: str, step_ids: Iterable[str]) -> list[WorkflowRun]:
        """The workflows whose first step is among ``step_ids``, oldest first; damaged entries are skipped."""
        wanted = set(step_ids)
        runs = []
        for workflow_id, first_step, text in self.connection().execute(
            "SELECT id, first_step, data FROM workflows WHERE profile = ? ORDER BY rowid", (profile,)
        ):
            if first_step in wanted:
                try:
                    runs.append(WorkflowRun.from_json(json.loads(text)))
                except (TypeError, ValueError) as exc:
                    log.info("history: workflow %s not readable: %s", workflow_id, exc)
        return runs

    def search(
        self, profile: str, query: Query | str, limit: int = SEARCH_PAGE, offset: int = 0, now: float | None = None
    ) -> list[TaskRecord]:
        """The profile's tasks that match ``query``, newest first (first seen); raises QueryError for a query text that is not one."""
        return search_tasks(self.connection(), profile, query, limit, offset, time.time() if now is None else now, self.fts)

    def count_matching(self, profile: str, query: Query | str, now: float | None = None) -> int:
        """How many of the profile's tasks match ``query``; raises QueryError like search."""
        return count_tasks(self.connection(), profile, query, time.time() if now is None else now, self.fts)

    def count(self, profile: str | None = None) -> int:
        if profile is None:
            return self.connection().execute("SELECT count(*) FROM tasks").fetchone()[0]
        return self.connection().execute("SELECT count(*) FROM tasks WHERE profile = ?", (profile,)).fetchone()[0]

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in (self.path, self.path.with_name(self.path.name + "-wal")) if p.exists())

    # -- writes (the recorder's thread) ----------------------------------------------------
    def save(
        self,
        profile: str,
        records: Iterable[TaskRecord],
        now: float,
        calls: dict[str, CallSpec] | None = None,
        workflows: Iterable[WorkflowRun] = (),
    ) -> int:
        rows = [row_of(profile, record, now) for record in {r.id: r for r in records}.values()]  # the last of an id
        call_rows = [(profile, task_id, json.dumps(spec.to_json(), default=str)) for task_id, spec in (calls or {}).items()]
        workflow_rows = [
            (profile, run.id, run.step_ids[0], json.dumps(run.to_json(), default=str)) for run in workflows if run.step_ids
        ]
        if rows or call_rows or workflow_rows:
            conn = self.connection()
            with _transaction(conn):
                write_tasks(conn, rows, self.fts)
                conn.executemany("INSERT OR REPLACE INTO calls (profile, task_id, spec) VALUES (?, ?, ?)", call_rows)
                conn.executemany(
                    "INSERT OR REPLACE INTO workflows (profile, id, first_step, data) VALUES (?, ?, ?, ?)", workflow_rows
                )
        return len(rows)

    def apply_retention(self, profile: str, retention: Retention, now: float) -> int:
        """Drop what is older than the age limit, then the oldest past the row limit; returns how many went."""
        conn = self.connection()
        too_old = ("WHERE profile = ? AND seen_at < ?", (profile, now - retention.max_age_days * 86400))
        too_many = (
            "WHERE seq IN (SELECT seq FROM tasks WHERE profile = ? ORDER BY seen_at DESC, seq DESC LIMIT -1 OFFSET ?)",
            (profile, max(0, retention.max_rows)),
        )
        gone = 0
        with _transaction(conn):
            for where, params in (too_old, too_many):
                if self.fts:
                    conn.execute(_FTS_DELETE + where, params)
                gone += conn.execute("DELETE FROM tasks " + where, params).rowcount
            conn.execute(
                "DELETE FROM calls WHERE profile = ? AND NOT EXISTS "
                "(SELECT 1 FROM tasks WHERE tasks.profile = calls.profile AND tasks.id = calls.task_id)",
                (profile,),
            )
            conn.execute(
                "DELETE FROM workflows WHERE profile = ? AND NOT EXISTS "
                "(SELECT 1 FROM tasks WHERE tasks.profile = workflows.profile AND tasks.id = workflows.first_step)",
                (profile,),
            )
        return gone

    def forget(self, profile: str, ids: Iterable[str]) -> None:
        conn = self.connection()
        with _transaction(conn):
            keys = [(profile, i) for i in ids]
            if self.fts:
                conn.executemany(_FTS_DELETE + "WHERE profile = ? AND id = ?", keys)
            conn.executemany("DELETE FROM tasks WHERE profile = ? AND id = ?", keys)
            conn.executemany("DELETE FROM calls WHERE profile = ? AND task_id = ?", [(profile, i) for i in ids])
            conn.executemany("DELETE FROM workflows WHERE profile = ? AND id = ?", [(profile, i) for i in ids])

    def clear(self, profile: str) -> int:
        conn = self.connection()
        with _transaction(conn):
            if self.fts:
                conn.execute(_FTS_DELETE + "WHERE profile = ?", (profile,))
            gone = conn.execute("DELETE FROM tasks WHERE profile = ?", (profile,)).rowcount
            conn.execute("DELETE FROM calls WHERE profile = ?", (profile,))
            conn.execute("DELETE FROM workflows WHERE profile = ?", (profile,))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        return gone


# -- search and its index ---------------------------------------------------------------------------


def _search_index_work(conn: sqlite3.Connection, fts: bool) -> bool:
    """Whether _ensure_search_index has anything to do (so that opening a file in step writes nothing)."""
    exists = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone()[0]
    stale = conn.execute("SELECT count(*) FROM notes WHERE key = 'fts_stale'").fetchone()[0]
    return bool(not exists or stale) if fts else bool(exists and not stale)


def _ensure_search_index(conn: sqlite3.Connection, fts: bool) -> None:
    """The FTS5 index made (and filled from the rows) when missing; rebuilt when a SQLite without FTS5 wrote rows meanwhile.

    Runs inside the caller's transaction.
    """
    exists = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone()[0]
    if not fts:
        if exists:  # written from now on without it: out of step until an SQLite with FTS5 rebuilds it
            conn.execute("INSERT OR REPLACE INTO notes (key, value) VALUES ('fts_stale', '1')")
        return
    if not exists:
        conn.execute(FTS_SCHEMA)
        conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
    elif conn.execute("SELECT count(*) FROM notes WHERE key = 'fts_stale'").fetchone()[0]:
        conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
        conn.execute("DELETE FROM notes WHERE key = 'fts_stale'")


def create_schema(conn: sqlite3.Connection, fts: bool = True) -> None:
    """The current schema on an empty database, as a new history file gets it (tests; an in-memory database)."""
    with _transaction(conn):
        for statement in SCHEMA:
            conn.execute(statement)
        for step in range(2, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        _ensure_search_index(conn, fts)
    register_sql_functions(conn)


_SELECT_TEXT = f"SELECT seq, {_FTS_COLUMNS} FROM tasks WHERE profile = ? AND id = ?"
_FTS_INSERT = (
    f"INSERT INTO {FTS_TABLE} (rowid, {_FTS_COLUMNS}) SELECT seq, {_FTS_COLUMNS} FROM tasks WHERE profile = ? AND id = ?"
)
_FTS_DELETE_ONE = (
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {_FTS_COLUMNS}) VALUES ('delete', ?, {', '.join('?' for _ in TEXT_COLUMNS)})"
)


def write_tasks(conn: sqlite3.Connection, rows: list[tuple], fts: bool) -> None:
    """Upsert task rows (``row_of``, one per id) and keep the FTS5 index in step; inside the caller's transaction.

    A row whose text did not change (a state change, mostly) leaves the index alone; one whose text
    did has its old words taken out (FTS5's 'delete', with the text it was indexed with) and the new put in.
    """
    if not fts:
        conn.executemany(_UPSERT, rows)
        return
    stale, fresh = [], []
    for row in rows:
        key = (row[0], row[1])
        old = conn.execute(_SELECT_TEXT, key).fetchone()
        if old is None:
            fresh.append(key)
        elif tuple(old)[1:] != tuple(row[i] for i in _TEXT_AT):
            stale.append(tuple(old))
            fresh.append(key)
    conn.executemany(_FTS_DELETE_ONE, stale)
    conn.executemany(_UPSERT, rows)
    conn.executemany(_FTS_INSERT, fresh)


def _parsed(query: Query | str) -> Query:
    return query if isinstance(query, Query) else parse(query)


def _profile_test(compiled: SqlFilter) -> str:
    """``t.profile = ?``; as ``+t.profile`` (no index from it) when each side of the query's OR tests it:
    SQLite then answers each side from its own index (MULTI-INDEX OR) instead of reading the profile's rows."""
    return "+t.profile = ?" if compiled.profile_inside else "t.profile = ?"


def _fts_join(compiled: SqlFilter, profile: str, what: str) -> tuple[str, list]:
    """The query's rows through the FTS5 index's matches, which come newest first; only the rowids
    between the profile's first and last (so another profile's newer rows are not even read)."""
    return (
        f"SELECT {what} FROM {FTS_TABLE} CROSS JOIN tasks AS t ON t.seq = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH ? AND {FTS_TABLE}.rowid >= (SELECT min(seq) FROM tasks WHERE profile = ?) "
        f"AND {FTS_TABLE}.rowid <= (SELECT max(seq) FROM tasks WHERE profile = ?) AND t.profile = ? AND ({compiled.where})",
        [compiled.match, profile, profile, profile, *compiled.params],
    )


def search_tasks(
    conn: sqlite3.Connection, profile: str, query: Query | str, limit: int, offset: int, now: float, fts: bool = True
) -> list[TaskRecord]:
    """The matching tasks, newest first (the order first seen).

    Two plans. First the profile's tasks in order, newest first, each tested until the page is
    full: the FTS5 index's matches (which come newest first) when the query has free text at its
    top, else the profile's rows (tasks_by_profile). That is quick unless few tasks match; after
    ORDERED_BUDGET_S it gives way to SQLite's own plan, which finds the few through the indexes and
    sorts their seq (not their rows), then reads the page. When the free text matches at most
    FEW_MATCHES tasks (counted up to there first, a few ms), the first plan has no time limit: reading
    them all costs less than listing them for the other plan.
    """
    compiled = _parsed(query).sql(now, fts, profile)
    page = [max(0, limit), max(0, offset)]
    if compiled.match is not None:
        sql, params = _fts_join(compiled, profile, "t.*")
        sql += f" ORDER BY {FTS_TABLE}.rowid DESC LIMIT ? OFFSET ?"
    else:
        sql = (
            "SELECT t.* FROM tasks AS t INDEXED BY tasks_by_profile "
            f"WHERE t.profile = ? AND ({compiled.where}) ORDER BY t.seq DESC LIMIT ? OFFSET ?"
        )
        params = [profile, *compiled.params]
    deadline = time.perf_counter() + ORDERED_BUDGET_S
    if compiled.match is not None and _matches_at_most(conn, compiled.match, FEW_MATCHES):
        deadline = math.inf
    conn.set_progress_handler(lambda: time.perf_counter() > deadline, 2000)
    try:
        rows = conn.execute(sql, [*params, *page]).fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        rows = None
    finally:
        conn.set_progress_handler(None, 0)
    if rows is None:
        where, params = compiled.full()
        rows = conn.execute(
            "SELECT * FROM tasks WHERE seq IN "
            f"(SELECT t.seq FROM tasks AS t WHERE {_profile_test(compiled)} AND ({where}) ORDER BY t.seq DESC LIMIT ? OFFSET ?) "
            "ORDER BY seq DESC",
            [profile, *params, *page],
        ).fetchall()
    return [record_of(row) for row in rows]


def _matches_at_most(conn: sqlite3.Connection, match: str, most: int) -> bool:
    sql = f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT ?)"
    return conn.execute(sql, (match, most + 1)).fetchone()[0] <= most


def count_tasks(conn: sqlite3.Connection, profile: str, query: Query | str, now: float, fts: bool = True) -> int:
    """How many tasks match: through the FTS5 index's matches when the query has free text at its top, else
    through whichever indexes SQLite picks."""
    compiled = _parsed(query).sql(now, fts, profile)
    if compiled.match is not None:
        sql, params = _fts_join(compiled, profile, "count(*)")
    else:
        sql = f"SELECT count(*) FROM tasks AS t WHERE {_profile_test(compiled)} AND ({compiled.where})"
        params = [profile, *compiled.params]
    return conn.execute(sql, params).fetchone()[0]


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction, committed at the end or rolled back on any exception (connections are in autocommit
    mode, where ``with conn:`` alone begins none): a migration or a batch is written whole or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _is_access_problem(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("readonly", "read-only", "unable to open", "disk i/o", "full", "permission"))


# -- the writer ---------------------------------------------------------------------------------


class HistoryState(str, Enum):
    OFF = "off"
    OK = "ok"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class HistoryStatus:
    state: HistoryState
    message: str = ""
    written: int = 0
    size_bytes: int = 0


@dataclass
class _Pending:
    tasks: dict[str, TaskRecord] = field(default_factory=dict)
    calls: dict[str, CallSpec] = field(default_factory=dict)
    workflows: dict[str, WorkflowRun] = field(default_factory=dict)
    forget: set[str] = field(default_factory=set)
    clear: bool = False

    def __bool__(self) -> bool:
        return bool(self.tasks or self.calls or self.workflows or self.forget or self.clear)


class HistoryRecorder(BatchWriter):
    """Writes the session's task changes to the history in batches, in a thread of its own.

    ``record`` is cheap and called from the event loop: the latest record per task wins until
    the next batch. A write that fails (disk full, file gone read-only) turns the recorder off
    with a message; the console keeps working without history.
    """

    thread_name = "celery-desktop-history"

    def __init__(
        self,
        database: HistoryDatabase,
        profile: str,
        retention: Retention = Retention(),
        flush_seconds: float = FLUSH_SECONDS,
        on_status: Callable[[HistoryStatus], None] | None = None,
        clock: Callable[[], float] = time.time,
    ):
        super().__init__(flush_seconds)
        self.database, self.profile, self.retention, self.clock = database, profile, retention, clock
        self.on_status = on_status or (lambda status: None)
        self.status = HistoryStatus(HistoryState.OK)
        self._pending = _Pending()
        self._last_retention = 0.0
        self._written = 0

    @property
    def available(self) -> bool:
        return self.status.state is HistoryState.OK

    def set_retention(self, retention: Retention) -> None:
        """New limits; applied with the next batch written."""
        self.retention = retention
        self._last_retention = 0.0
        self._wake.set()

    def record(self, records: Iterable[TaskRecord]) -> None:
        if not self.available:
            return
        with self._handing_in():
            tasks = self._pending.tasks
            for record in records:
                tasks.pop(record.id, None)
                tasks[record.id] = record

    def record_calls(self, calls: dict[str, CallSpec]) -> None:
        """Calls the console sent, by task id (written with the next batch)."""
        if not self.available:
            return
        with self._handing_in():
            self._pending.calls.update(calls)

    def record_workflow(self, run: WorkflowRun) -> None:
        """A workflow the console sent (written with the next batch)."""
        if not self.available:
            return
        with self._handing_in():
            self._pending.workflows[run.id] = run

    def forget(self, ids: Iterable[str]) -> None:
        """Tasks the user forgot: out of the history too, or they would come back on the next start."""
        if not self.available:
            return
        with self._handing_in():
            for task_id in ids:
                self._pending.tasks.pop(task_id, None)
                self._pending.calls.pop(task_id, None)
                self._pending.workflows.pop(task_id, None)
                self._pending.forget.add(task_id)

    def clear(self) -> None:
        """Forget this profile's history (and what waits to be written)."""
        with self._handing_in():
            self._pending = _Pending(clear=True)

    # -- the writer thread's part (BatchWriter) ----------------------------------------------------
    def _take(self) -> _Pending:
        pending, self._pending = self._pending, _Pending()
        return pending

    def _has_pending(self) -> bool:
        return bool(self._pending)

    def _can_write(self) -> bool:
        return self.available

    def _close(self) -> None:
        self.database.close()

    def _write_batch(self, pending: _Pending) -> None:
        now = self.clock()
        try:
            if pending.clear:
                self.database.clear(self.profile)
                self._written = 0
            if pending.forget:
                self.database.forget(self.profile, pending.forget)
            records = list(pending.tasks.values())
            self._written += self.database.save(
                self.profile, records[:WRITE_CHUNK], now, pending.calls, pending.workflows.values()
            )
            for start in range(WRITE_CHUNK, len(records), WRITE_CHUNK):
                time.sleep(CHUNK_PAUSE_SECONDS)
                self._written += self.database.save(self.profile, records[start : start + WRITE_CHUNK], now)
            if now - self._last_retention >= RETENTION_EVERY_SECONDS:
                self._last_retention = now
                self.database.apply_retention(self.profile, self.retention, now)
            self.status = HistoryStatus(HistoryState.OK, "", self._written, self.database.size_bytes())
        except (sqlite3.Error, OSError) as exc:
            message = translate("history", "history is off for this session: writing {path} failed: {error}")
            self.status = HistoryStatus(
                HistoryState.UNAVAILABLE, message.format(path=self.database.path, error=exc), self._written
            )
            log.warning("history is off for this session: writing %s failed: %s", self.database.path, exc)
        self.on_status(self.status)


def open_recorder(
    profile: str,
    path: Path | None = None,
    retention: Retention = Retention(),
) -> tuple[HistoryRecorder | None, str]:
    """The running recorder for a profile and a note for the user; (None, why) when there can be no history."""
    database = HistoryDatabase(path or default_history_path())
    try:
        note = database.open()
    except HistoryUnavailable as exc:
        database.close()
        return None, translate("history", "{problem}; the console runs without history").format(problem=exc)
    recorder = HistoryRecorder(database, profile, retention)
    recorder.start()
    return recorder, note
