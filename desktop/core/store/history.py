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
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import Progress, StoredMeta, TaskRecord
from desktop.core.domain.schedules import SeenRun
from desktop.core.domain.workflows import WorkflowRun
from desktop.core.store.config_files import PRIVATE_FILE_MODE, make_private, private_dir

log = logging.getLogger(__name__)

FILE_NAME = "history.sqlite3"
SCHEMA_VERSION = 3
DEFAULT_MAX_AGE_DAYS = 30.0
DEFAULT_MAX_ROWS = 200_000
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

    def __init__(self, path: Path):
        self.path = Path(path)
        self.note = ""  # what happened on open, for the user (a file moved aside)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def open(self) -> str:
        """Create or check the file; returns a note for the user ("" when nothing happened). Raises HistoryUnavailable."""
        try:
            private_dir(self.path.parent)
        except OSError as exc:
            raise HistoryUnavailable(f"history folder {self.path.parent} cannot be created: {exc.strerror or exc}") from exc
        if not os.access(self.path.parent, os.W_OK):
            raise HistoryUnavailable(f"history folder {self.path.parent} is read-only")
        try:
            version = self._prepare()
        except _Refused as exc:
            self.note = self._move_aside(str(exc))
            version = self._prepare()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and _is_access_problem(exc):
                raise HistoryUnavailable(f"history file {self.path} cannot be written: {exc}") from exc
            self.note = self._move_aside(f"it is not a readable history file ({exc})")
            version = self._prepare()
        if version > SCHEMA_VERSION:
            self.close()
            self.note = self._move_aside(f"it was written by a newer version of Celery Desktop (schema {version})")
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
            raise _Refused("it holds triggers, which Celery Desktop never writes (someone else changed it)")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return version
        if version < SCHEMA_VERSION:
            with conn:  # one transaction: a file is at one version or the next, never in between
                if version == 0:
                    for statement in SCHEMA:
                        conn.execute(statement)
                    version = 1
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[step]:
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return version

    def _move_aside(self, why: str) -> str:
        self.close()
        aside = self.path.with_name(f"{self.path.stem}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}{self.path.suffix}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                extra = self.path.with_name(self.path.name + suffix)
                if extra.exists():
                    extra.rename(aside.with_name(aside.name + suffix))
        except OSError as exc:
            raise HistoryUnavailable(f"history file {self.path}: {why}, and it cannot be moved aside: {exc}") from exc
        for path in (aside, aside.with_name(aside.name + "-wal"), aside.with_name(aside.name + "-shm")):
            make_private(path)  # what it holds stays its user's
        note = f"the history file {self.path} was moved to {aside.name}: {why}; a new history starts"
        log.warning("%s", note)
        return note

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA trusted_schema = OFF")  # no function with side effects from the file's own schema
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a killed process loses no committed batch
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
        rows = [row_of(profile, record, now) for record in records]
        call_rows = [(profile, task_id, json.dumps(spec.to_json(), default=str)) for task_id, spec in (calls or {}).items()]
        workflow_rows = [
            (profile, run.id, run.step_ids[0], json.dumps(run.to_json(), default=str)) for run in workflows if run.step_ids
        ]
        if rows or call_rows or workflow_rows:
            conn = self.connection()
            with conn:
                conn.executemany(_UPSERT, rows)
                conn.executemany("INSERT OR REPLACE INTO calls (profile, task_id, spec) VALUES (?, ?, ?)", call_rows)
                conn.executemany(
                    "INSERT OR REPLACE INTO workflows (profile, id, first_step, data) VALUES (?, ?, ?, ?)", workflow_rows
                )
        return len(rows)

    def apply_retention(self, profile: str, retention: Retention, now: float) -> int:
        """Drop what is older than the age limit, then the oldest past the row limit; returns how many went."""
        conn = self.connection()
        with conn:
            gone = conn.execute(
                "DELETE FROM tasks WHERE profile = ? AND seen_at < ?", (profile, now - retention.max_age_days * 86400)
            ).rowcount
            gone += conn.execute(
                "DELETE FROM tasks WHERE profile = ? AND id IN "
                "(SELECT id FROM tasks WHERE profile = ? ORDER BY seen_at DESC, rowid DESC LIMIT -1 OFFSET ?)",
                (profile, profile, max(0, retention.max_rows)),
            ).rowcount
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
        with conn:
            conn.executemany("DELETE FROM tasks WHERE profile = ? AND id = ?", [(profile, i) for i in ids])
            conn.executemany("DELETE FROM calls WHERE profile = ? AND task_id = ?", [(profile, i) for i in ids])
            conn.executemany("DELETE FROM workflows WHERE profile = ? AND id = ?", [(profile, i) for i in ids])

    def clear(self, profile: str) -> int:
        conn = self.connection()
        with conn:
            gone = conn.execute("DELETE FROM tasks WHERE profile = ?", (profile,)).rowcount
            conn.execute("DELETE FROM calls WHERE profile = ?", (profile,))
            conn.execute("DELETE FROM workflows WHERE profile = ?", (profile,))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        return gone


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


class HistoryRecorder:
    """Writes the session's task changes to the history in batches, in a thread of its own.

    ``record`` is cheap and called from the event loop: the latest record per task wins until
    the next batch. A write that fails (disk full, file gone read-only) turns the recorder off
    with a message; the console keeps working without history.
    """

    def __init__(
        self,
        database: HistoryDatabase,
        profile: str,
        retention: Retention = Retention(),
        flush_seconds: float = FLUSH_SECONDS,
        on_status: Callable[[HistoryStatus], None] | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.database, self.profile, self.retention = database, profile, retention
        self.flush_seconds, self.clock = flush_seconds, clock
        self.on_status = on_status or (lambda status: None)
        self.status = HistoryStatus(HistoryState.OK)
        self._pending = _Pending()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._last_retention = 0.0
        self._written = 0

    @property
    def available(self) -> bool:
        return self.status.state is HistoryState.OK

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="celery-desktop-history", daemon=True)
        self._thread.start()

    def set_retention(self, retention: Retention) -> None:
        """New limits; applied with the next batch written."""
        self.retention = retention
        self._last_retention = 0.0
        self._wake.set()

    def record(self, records: Iterable[TaskRecord]) -> None:
        if not self.available:
            return
        with self._lock:
            tasks = self._pending.tasks
            for record in records:
                tasks.pop(record.id, None)
                tasks[record.id] = record
            self._idle.clear()
        self._wake.set()

    def record_calls(self, calls: dict[str, CallSpec]) -> None:
        """Calls the console sent, by task id (written with the next batch)."""
        if not self.available:
            return
        with self._lock:
            self._pending.calls.update(calls)
            self._idle.clear()
        self._wake.set()

    def record_workflow(self, run: WorkflowRun) -> None:
        """A workflow the console sent (written with the next batch)."""
        if not self.available:
            return
        with self._lock:
            self._pending.workflows[run.id] = run
            self._idle.clear()
        self._wake.set()

    def forget(self, ids: Iterable[str]) -> None:
        """Tasks the user forgot: out of the history too, or they would come back on the next start."""
        if not self.available:
            return
        with self._lock:
            for task_id in ids:
                self._pending.tasks.pop(task_id, None)
                self._pending.calls.pop(task_id, None)
                self._pending.workflows.pop(task_id, None)
                self._pending.forget.add(task_id)
            self._idle.clear()
        self._wake.set()

    def clear(self) -> None:
        """Forget this profile's history (and what waits to be written)."""
        with self._lock:
            self._pending = _Pending(clear=True)
            self._idle.clear()
        self._wake.set()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything recorded so far is written (tests, shutdown)."""
        self._wake.set()
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.database.close()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            stopping = self._stopping
            if stopping:
                pass
            elif self.flush_seconds:
                time.sleep(self.flush_seconds)  # let a burst gather into one transaction
            with self._lock:
                pending, self._pending = self._pending, _Pending()
            if self.available:
                self._write(pending)
            with self._lock:
                if not self._pending:
                    self._idle.set()
            if stopping:
                return

    def _write(self, pending: _Pending) -> None:
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
            self.status = HistoryStatus(
                HistoryState.UNAVAILABLE,
                f"history is off for this session: writing {self.database.path} failed: {exc}",
                self._written,
            )
            log.warning("%s", self.status.message)
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
        return None, f"{exc}; the console runs without history"
    recorder = HistoryRecorder(database, profile, retention)
    recorder.start()
    return recorder, note
