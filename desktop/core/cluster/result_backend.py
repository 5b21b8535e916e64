"""The result backend, read the console's way: what it stores is decoded here, never by Celery.

Celery's own reading is not safe for a console. Its database backend unpickles a stored result it
cannot decode when the bytes look like a pickle, whatever accept_content says; ``get_task_meta``
rebuilds a stored exception by building whatever exception class the backend names, with
arguments the backend chose; and ``app.backend`` is one instance per thread, each with the accept
list the app had when it was made. So:

- every backend instance the console's app makes, on any thread, is guarded (guard_backends): the
  console's accept list, no unpickling fallback without the opt-in, no exception rebuilt;
- the database backend is pinged with ``SELECT 1`` and its rows are selected here, column by column,
  and decoded with results.decode_stored, as the key-value backends' values are.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timezone
from functools import partial
from typing import Any

from celery import Celery
from kombu.exceptions import ContentDisallowed
from kombu.utils.encoding import ensure_bytes

from desktop.core.domain.payloads import result_accept
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.results import Unreadable, decode_stored, record_from_decoded
from desktop.core.domain.translatable import translate

ROWS_PER_QUERY = 500  # ids in one SELECT … IN (…): SQLite's oldest limit is 999 parameters
# Columns of Celery's task table the console reads: the task's, then result_extended's. All but the
# first three may be missing in an old schema.
COLUMNS = ("task_id", "status", "result", "date_done", "traceback", "children")
COLUMNS += ("name", "args", "kwargs", "worker", "retries", "queue")
ENCODED_COLUMNS = ("args", "kwargs", "children")  # stored with the result's serializer, like the result


def guard_backends(app: Celery, allow_pickle: bool) -> None:
    """Every result backend instance ``app`` makes from now on, on whichever thread asks, is guarded (see guard).

    An instance made before (the user's app may touch ``app.backend`` while it is imported) was made
    with the app's own settings and accept list: it is dropped, and made again when next asked for.
    """
    make = partial(type(app)._get_backend, app)

    def get_backend():
        return guard(make(), allow_pickle)

    app._get_backend = get_backend
    app._backend_cache = None
    app._local = threading.local()  # each thread's instance (and its oid, made again when asked for)


def guard(backend, allow_pickle: bool):
    """One backend instance reading with the console's accept list, never unpickling (without the opt-in)
    a row it cannot decode, and leaving a stored exception as the backend stored it (a mapping)."""
    backend.accept = set(result_accept(allow_pickle))
    backend.meta_from_decoded = lambda meta: meta
    backend.exception_to_python = lambda exc: exc
    if not allow_pickle:
        refuse_pickle_fallback(backend)
    return backend


def refuse_pickle_fallback(backend) -> None:
    """Celery's database backend unpickles a stored result it cannot decode when its bytes look like
    a pickle (rows of old Celery versions), whatever accept_content says: without the opt-in, such a
    row is refused instead, before anything is unpickled."""
    if not hasattr(backend, "_decode_stored_result") or "_decode_stored_result" in vars(backend):
        return

    def decode_stored_result(payload):
        if payload is None:
            return None
        payload = ensure_bytes(payload)
        try:
            return backend.decode(payload)
        except Exception:
            if payload[:1] == b"\x80":
                raise ContentDisallowed("refusing to unpickle a stored result") from None
            raise

    backend._decode_stored_result = decode_stored_result


def is_database(backend) -> bool:
    """Celery's SQLAlchemy backend (``db+…://``), or a subclass."""
    return hasattr(backend, "ResultSession") and hasattr(backend, "task_cls")


def ping_database(backend) -> None:
    """``SELECT 1`` through the backend's own session: reachable, without reading a task."""
    from celery.backends.database import session_cleanup
    from sqlalchemy import text

    session = backend.ResultSession()
    with session_cleanup(session):
        session.execute(text("SELECT 1")).scalar()


def read_rows(backend, task_ids: Iterable[str]) -> dict[str, Mapping[str, Any]]:
    """The stored columns of each task that has a row, selected through SQLAlchemy, nothing decoded."""
    from celery.backends.database import session_cleanup
    from sqlalchemy import select, type_coerce
    from sqlalchemy.exc import DatabaseError
    from sqlalchemy.types import NullType

    table = backend.task_cls.__table__
    names = [name for name in COLUMNS if name in table.c]
    ids = list(dict.fromkeys(task_ids))
    rows: dict[str, Mapping[str, Any]] = {}

    def query(chunk: list[str]):
        # Each column as the database driver gives it: SQLAlchemy's own conversions (a DateTime column's
        # text parsed) would raise on one hostile row and lose every other row of the query.
        columns = (type_coerce(table.c[name], NullType()).label(name) for name in names)
        return session.execute(select(*columns).where(table.c.task_id.in_(chunk))).mappings().all()

    session = backend.ResultSession()
    with session_cleanup(session):
        for start in range(0, len(ids), ROWS_PER_QUERY):
            chunk = ids[start : start + ROWS_PER_QUERY]
            try:
                found = query(chunk)
            except DatabaseError as exc:
                # A schema older than these columns (as Celery's own reading, which defers what is missing).
                text = str(exc).lower()
                missing = [n for n in names[3:] if n in text]
                if not missing:
                    raise
                session.rollback()
                names = [n for n in names if n not in missing]
                found = query(chunk)
            rows.update((row["task_id"], row) for row in found)
    return rows


def record_from_row(base: TaskRecord, row: Mapping[str, Any] | None, backend, allow_pickle: bool) -> TaskRecord:
    """One task's row as a record, decoded as a key-value backend's value is; a row it cannot read becomes the row's message.

    No row: the record as it is (nothing stored yet), as for a key-value backend's missing key.
    """
    if row is None:
        return base
    result, may_be_deep = None, False
    try:
        if row["result"] is not None:
            result, may_be_deep = decode_stored(_bytes(row["result"]), backend, allow_pickle)
    except Unreadable as exc:
        return replace(base, error=str(exc))
    meta: dict[str, Any] = {"task_id": row["task_id"], "status": row["status"], "result": result}
    for name in ("traceback", "name", "worker", "retries", "queue"):
        if row.get(name) is not None:
            meta[name] = row[name]
    done = row.get("date_done")
    if isinstance(done, datetime):  # Celery writes UTC; a database may give it back without a zone
        meta["date_done"] = (done if done.tzinfo else done.replace(tzinfo=timezone.utc)).isoformat()
    elif isinstance(done, str):  # SQLite's text; results.parse_timestamp reads it, or not
        meta["date_done"] = done
    for name in ENCODED_COLUMNS:
        if row.get(name) is not None:
            try:
                meta[name], deep = decode_stored(_bytes(row[name]), backend, allow_pickle)
            except Unreadable:
                continue  # only the result's own column makes a row unreadable
            may_be_deep = may_be_deep or deep
    return record_from_decoded(base, meta, may_be_deep)


def _bytes(value: Any) -> bytes:
    """A binary column's value as the driver gave it (bytes, a memoryview, or text where SQLite holds text)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    said = translate("result_backend", "unreadable result: the database holds {kind}, not bytes")  # the row's message
    raise Unreadable(said.format(kind=type(value).__name__))
