"""A schedule entry as the editor's fields hold it (text), checked and turned into a PeriodicEntry, or the
errors by field: nothing is written from a form that does not read."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from celery.schedules import crontab, schedule

from desktop.core.domain.schedules import PeriodicEntry
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

INTERVAL, CRONTAB = "interval", "crontab"
CRON_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")  # crontab's own argument names
CONTEXT = "schedule_drafts"  # the catalogue's context (lupdate needs the literal at each call)
CRON_FIELD_NAMES = {  # a crontab field as an error names it (the field's key stays Celery's)
    "minute": QT_TRANSLATE_NOOP("schedule_drafts", "minute"),
    "hour": QT_TRANSLATE_NOOP("schedule_drafts", "hour"),
    "day_of_week": QT_TRANSLATE_NOOP("schedule_drafts", "day of week"),
    "day_of_month": QT_TRANSLATE_NOOP("schedule_drafts", "day of month"),
    "month_of_year": QT_TRANSLATE_NOOP("schedule_drafts", "month of year"),
}
MAX_NAME = 200


@dataclass(frozen=True)
class ScheduleDraft:
    name: str = ""
    task: str = ""
    args_json: str = "[]"
    kwargs_json: str = "{}"
    queue: str = ""
    kind: str = INTERVAL
    every: str = "60"  # seconds
    minute: str = "*"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"
    enabled: bool = True


def draft_of(entry: PeriodicEntry) -> ScheduleDraft:
    """The editor's fields for an entry (its schedule as written)."""
    every = entry.schedule
    fields: dict[str, Any] = {}
    if isinstance(every, crontab):
        fields = {"kind": CRONTAB, **{name: str(getattr(every, f"_orig_{name}")) for name in CRON_FIELDS}}
    elif isinstance(every, schedule):
        fields = {"kind": INTERVAL, "every": f"{every.run_every.total_seconds():g}"}
    return ScheduleDraft(
        name=entry.name,
        task=entry.task,
        args_json=json.dumps(list(entry.args)),
        kwargs_json=json.dumps(dict(entry.kwargs)),
        queue=entry.queue,
        enabled=entry.enabled,
        **fields,
    )


def build_entry(
    draft: ScheduleDraft, source: str, base: PeriodicEntry | None = None
) -> tuple[PeriodicEntry | None, dict[str, str]]:
    """The entry the draft describes, or the errors by field name (the draft's; each in the window's language).
    An edit keeps the base's other options, last run and run count. The crontab fields go to Celery as typed."""
    errors: dict[str, str] = {}
    name = draft.name.strip()
    if not name:
        errors["name"] = translate("schedule_drafts", "a name is needed")
    elif len(name) > MAX_NAME or any(not c.isprintable() for c in name):
        errors["name"] = translate("schedule_drafts", "at most {max} printable characters").format(max=MAX_NAME)
    task = draft.task.strip()
    if not task:
        errors["task"] = translate("schedule_drafts", "a task name is needed")
    args = _json(draft.args_json or "[]", list, "args_json", errors)
    kwargs = _json(draft.kwargs_json or "{}", dict, "kwargs_json", errors)
    every = _schedule(draft, errors)
    if errors:
        return None, errors
    options = dict(base.options) if base is not None else {}
    if draft.queue.strip():
        options["queue"] = draft.queue.strip()
    else:
        options.pop("queue", None)
    entry = PeriodicEntry(name, task, source, every, tuple(args), dict(kwargs), options, draft.enabled)
    if base is not None:
        entry = replace(entry, last_run_at=base.last_run_at, total_run_count=base.total_run_count)
    return entry, {}


def _json(text: str, kind: type, field: str, errors: dict[str, str]) -> Any:
    try:
        value = json.loads(text)
    except ValueError as exc:
        errors[field] = translate("schedule_drafts", "not JSON: {error}").format(error=exc)
        return kind()
    if not isinstance(value, kind):
        if kind is list:
            errors[field] = translate("schedule_drafts", "must be a JSON list, e.g. [2, 3]")
        else:
            errors[field] = translate("schedule_drafts", 'must be a JSON object, e.g. {"x": 1}')  # not formatted
        return kind()
    return value


def _schedule(draft: ScheduleDraft, errors: dict[str, str]) -> Any:
    if draft.kind == INTERVAL:
        try:
            seconds = float(draft.every)
        except ValueError:
            errors["every"] = translate("schedule_drafts", "seconds, a number such as 30 or 0.5")
            return None
        if not math.isfinite(seconds) or seconds <= 0:
            errors["every"] = translate("schedule_drafts", "an interval of 0 s or less never comes round")
            return None
        if seconds > 366 * 86_400:
            errors["every"] = translate("schedule_drafts", "at most a year")
            return None
        return schedule(timedelta(seconds=seconds))
    if draft.kind == CRONTAB:
        values = {name: getattr(draft, name).strip() or "*" for name in CRON_FIELDS}
        for name, value in values.items():  # each field alone, so the error names the field
            try:
                crontab(**{name: value})
            except (ValueError, TypeError, IndexError) as exc:
                field = translate(CONTEXT, CRON_FIELD_NAMES[name])
                errors[name] = translate("schedule_drafts", "not a crontab {field}: {error}").format(field=field, error=exc)
        if any(name in errors for name in CRON_FIELDS):
            return None
        return crontab(**values)
    errors["kind"] = translate("schedule_drafts", "unknown kind {kind}").format(kind=repr(draft.kind))
    return None


def kept_schedule(entry: PeriodicEntry) -> bool:
    """Whether the editor can show this entry's schedule (an interval or a crontab, not RedBeat's rrule)."""
    return isinstance(entry.schedule, (schedule, crontab))
