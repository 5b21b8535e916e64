"""Tasks out to CSV or JSON (the whole record, never a connection password), and task ids back in from a file.

The JSON is a list of objects (``TaskRecord.to_dict`` plus the call as sent, when the console
sent it); the CSV has one row per task with the same scalar fields, for a spreadsheet.
Every text goes through ``redact`` on its way out: the session passes one that removes the
profile's own passwords and masks any URL password or ``password=`` value (``mask_text``). In the
CSV every text is also shown as display_text shows it (a spreadsheet draws a bidi override as it
comes); the JSON writes every character outside ASCII as a \\u escape anyway.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from pathlib import Path

from desktop.core.connection.secrets import mask_text
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.display import display_text
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.translatable import translate
from desktop.core.store.config_files import read_private_bytes, write_private_text

CSV_FIELDS = (
    "id",
    "name",
    "state",
    "args",
    "kwargs",
    "progress",
    "result",
    "exc_type",
    "traceback",
    "worker",
    "retries",
    "parent_id",
    "children",
    "sent_at",
    "started_at",
    "date_done",
    "runtime",
    "error",
)


class ExportFormat(str, Enum):
    CSV = "csv"
    JSON = "json"

    @classmethod
    def for_path(cls, path: Path) -> ExportFormat:
        return cls.JSON if path.suffix.lower() == ".json" else cls.CSV


def _scrub(value, redact: Callable[[str], str]):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {str(k): _scrub(v, redact) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v, redact) for v in value]
    return value


def task_entry(record: TaskRecord, call: CallSpec | None, redact: Callable[[str], str]) -> dict:
    entry = record.to_dict()
    entry["sent_at"], entry["started_at"] = record.sent_at, record.started_at
    entry["mine"] = record.mine
    if call is not None:
        entry["call"] = call.to_json()
    return _scrub(entry, redact)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _not_a_formula(text: str) -> str:
    """A CSV cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) starts with ``'``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _from_cell(text: str) -> str:
    """A cell's text as it was before ``_not_a_formula``."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def render(
    records: Iterable[TaskRecord],
    fmt: ExportFormat,
    calls: Mapping[str, CallSpec] | None = None,
    redact: Callable[[str], str] = mask_text,
) -> str:
    entries = [task_entry(r, (calls or {}).get(r.id), redact) for r in records]
    if fmt is ExportFormat.JSON:
        return json.dumps(entries, indent=2, default=str) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for entry in entries:
        row = dict(entry)
        progress = row.get("progress")
        row["progress"] = "" if not progress else f"{progress['current']}/{progress['total']}"
        row["children"] = " ".join(row.get("children") or ())
        writer.writerow({k: _not_a_formula(display_text(v, multiline=True)) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def write_export(
    path: Path,
    records: Iterable[TaskRecord],
    calls: Mapping[str, CallSpec] | None = None,
    redact: Callable[[str], str] = mask_text,
) -> int:
    """Write the tasks to ``path`` (format from its suffix), atomically; returns how many."""
    records = list(records)
    text = render(records, ExportFormat.for_path(path), calls, redact)
    write_private_text(path, text)  # 0600: args, results and tracebacks are nobody else's
    return len(records)


MAX_IMPORT_BYTES = 50_000_000


def ids_from_file(path: Path) -> list[str]:
    """Task ids in a file: an export of this console (JSON or CSV, its ``id`` field), or plain text (one id per line,
    or separated by spaces or commas). Raises ValueError with a message for the user."""
    try:
        raw = read_private_bytes(path, MAX_IMPORT_BYTES)  # a FIFO or a device behind a symlink never blocks
    except OSError as exc:
        raise ValueError(f"{path}: {exc.strerror or exc}") from None
    except ValueError as exc:  # not a regular file, or too big
        message = translate("export", "{name} {problem}; ids come from a regular file under {megabytes} MB")
        raise ValueError(message.format(name=path.name, problem=exc, megabytes=f"{MAX_IMPORT_BYTES / 1e6:.0f}")) from None
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads it
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(
                translate("export", "{name} looks like JSON but is not: {error}").format(name=path.name, error=exc)
            ) from None
        items = data if isinstance(data, list) else data.get("tasks", []) if isinstance(data, dict) else []
        ids = [item.get("id") if isinstance(item, dict) else item for item in items]
        return _unique(str(i) for i in ids if isinstance(i, str) and i.strip())
    first = stripped.split("\n", 1)[0]
    if "," in first and "id" in [c.strip().strip('"') for c in first.split(",")]:
        return _unique(_from_cell(row["id"]) for row in csv.DictReader(io.StringIO(stripped)) if row.get("id"))
    return _unique(t for t in re.split(r"[\s,;]+", text) if t)


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in ids if i.strip()))
