"""What every TaskRecord the core hands on must be, whatever the backend or the events held.

The views, the history, the dump and the export take a record's fields as they are: text goes
to Qt, SQLite and UTF-8 files, times to ``time.localtime``, retries to a table cell and an SQLite
INTEGER, progress to a bar. ``record_problems`` lists each way a record would break one of them.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable

from desktop.core.domain.records import Progress, TaskRecord
from desktop.core.domain.results import encodable
from desktop.core.store.history import HistoryDatabase

TEXT_FIELDS = ("id", "name", "state", "args", "kwargs", "result", "exc_type", "traceback", "worker", "error")
TIME_FIELDS = ("eta", "sent_at", "started_at", "date_done")


def record_problems(record: TaskRecord) -> list[str]:
    problems = []
    for name in TEXT_FIELDS:
        value = getattr(record, name)
        if not isinstance(value, str):
            problems.append(f"{name} is {type(value).__name__}, not text")
        elif not encodable(value):
            problems.append(f"{name} cannot be written as UTF-8: {value[:80]!r}")
    if not record.state:
        problems.append("no state")
    if len(record.result) > 2000 or len(record.error) > 2000 or len(record.state) > 100:
        problems.append(f"a one-line text is too long: result {len(record.result)}, error {len(record.error)}")
    for name in ("parent_id",):
        value = getattr(record, name)
        if value is not None and (not isinstance(value, str) or not value or not encodable(value)):
            problems.append(f"{name} is not an id: {value!r:.80}")
    if record.parent_id == record.id:
        problems.append("its own parent")
    if not isinstance(record.children, tuple) or not all(isinstance(c, str) and c and encodable(c) for c in record.children):
        problems.append(f"children are not ids: {record.children!r:.80}")
    if record.id in record.children:
        problems.append("its own child")
    retries = record.retries
    if retries is not None and (type(retries) is not int or not 0 <= retries < 2**31):
        problems.append(f"retries {retries!r:.40} do not fit a cell")
    for name in TIME_FIELDS:
        value = getattr(record, name)
        if value is None:
            continue
        if type(value) is not float or not math.isfinite(value):
            problems.append(f"{name} is {value!r:.40}, not a finite float")
            continue
        try:
            time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(value))
        except (OverflowError, OSError, ValueError) as exc:
            problems.append(f"{name} {value} cannot be shown: {exc}")
    progress = record.progress
    if progress is not None:
        if not isinstance(progress, Progress) or not all(
            type(v) is float and math.isfinite(v) for v in (progress.current, progress.total)
        ):
            problems.append(f"progress {progress!r:.80} is not two finite floats")
        else:
            fraction = progress.fraction
            if not 0.0 <= fraction <= 1.0:
                problems.append(f"progress fraction {fraction}")
            f"{fraction:.0%} {progress.current:g} / {progress.total:g} {int(fraction * 1000)}"  # as the table draws it
    runtime = record.runtime
    if runtime is not None and not (math.isfinite(runtime) and runtime >= 0):
        problems.append(f"runtime {runtime}")
    try:
        json.dumps(record.to_dict(), ensure_ascii=False).encode()  # --dump writes UTF-8
    except (TypeError, ValueError, UnicodeEncodeError) as exc:
        problems.append(f"not dumpable: {exc}")
    return problems


def assert_showable(records: Iterable[TaskRecord], history: HistoryDatabase | None = None) -> None:
    """Every record is fit for the views, the dump and (when given) the history file."""
    records = list(records)
    bad = {r.id: problems for r in records if (problems := record_problems(r))}
    assert not bad, bad
    if history is not None and records:
        history.save("fuzz", records, time.time())
