"""Periodic entries, whatever scheduler holds them: their schedule in words and their next run times.

Due times come from ``celery.schedules`` itself (a schedule's ``remaining_estimate`` asked with a
fixed "now"), so an entry is due here exactly when beat would send it; nothing parses cron text
by hand. Each source (the app's ``beat_schedule``, beat's schedule file, RedBeat, django-celery-beat)
turns what it holds into PeriodicEntry values; the view shows those, never the source's objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

from celery.schedules import BaseSchedule, crontab, maybe_schedule, schedule, solar

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

CONTEXT = "schedules"  # the catalogue's context (lupdate needs the literal at each call)
DAY_NAMES = (  # crontab's day_of_week numbers: 0 is Sunday (shown through translate)
    QT_TRANSLATE_NOOP("schedules", "Sun"),
    QT_TRANSLATE_NOOP("schedules", "Mon"),
    QT_TRANSLATE_NOOP("schedules", "Tue"),
    QT_TRANSLATE_NOOP("schedules", "Wed"),
    QT_TRANSLATE_NOOP("schedules", "Thu"),
    QT_TRANSLATE_NOOP("schedules", "Fri"),
    QT_TRANSLATE_NOOP("schedules", "Sat"),
)
MONTH_NAMES = (
    QT_TRANSLATE_NOOP("schedules", "Jan"),
    QT_TRANSLATE_NOOP("schedules", "Feb"),
    QT_TRANSLATE_NOOP("schedules", "Mar"),
    QT_TRANSLATE_NOOP("schedules", "Apr"),
    QT_TRANSLATE_NOOP("schedules", "May"),
    QT_TRANSLATE_NOOP("schedules", "Jun"),
    QT_TRANSLATE_NOOP("schedules", "Jul"),
    QT_TRANSLATE_NOOP("schedules", "Aug"),
    QT_TRANSLATE_NOOP("schedules", "Sep"),
    QT_TRANSLATE_NOOP("schedules", "Oct"),
    QT_TRANSLATE_NOOP("schedules", "Nov"),
    QT_TRANSLATE_NOOP("schedules", "Dec"),
)
SOLAR_EVENTS = {  # celery.schedules.solar's events, as the window says them (English: the event's words)
    "dawn_astronomical": QT_TRANSLATE_NOOP("schedules", "dawn astronomical"),
    "dawn_nautical": QT_TRANSLATE_NOOP("schedules", "dawn nautical"),
    "dawn_civil": QT_TRANSLATE_NOOP("schedules", "dawn civil"),
    "sunrise": QT_TRANSLATE_NOOP("schedules", "sunrise"),
    "solar_noon": QT_TRANSLATE_NOOP("schedules", "solar noon"),
    "sunset": QT_TRANSLATE_NOOP("schedules", "sunset"),
    "dusk_civil": QT_TRANSLATE_NOOP("schedules", "dusk civil"),
    "dusk_nautical": QT_TRANSLATE_NOOP("schedules", "dusk nautical"),
    "dusk_astronomical": QT_TRANSLATE_NOOP("schedules", "dusk astronomical"),
}
NEXT_RUNS = 5
MIN_TOLERANCE, MAX_TOLERANCE = timedelta(seconds=2), timedelta(minutes=10)  # how late a run may be before it is missed
MAX_LOOK_AHEAD = timedelta(days=5 * 366)  # runs further away than this are not listed


class Source:
    APP = "app"  # the -A app's beat_schedule
    FILE = "schedule file"  # beat's PersistentScheduler shelve
    REDBEAT = "RedBeat"
    DJANGO = "django-celery-beat"


_SOURCE_NAMES = {Source.APP: QT_TRANSLATE_NOOP("schedules", "app"), Source.FILE: QT_TRANSLATE_NOOP("schedules", "schedule file")}


def source_name(source: str) -> str:
    """A source as the window names it: the ids stay keys (compared, stored), the two in words are translated."""
    return translate("schedules", _SOURCE_NAMES[source]) if source in _SOURCE_NAMES else source


@dataclass(frozen=True)
class PeriodicEntry:
    name: str
    task: str
    source: str
    schedule: Any  # a celery.schedules schedule, crontab or solar
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    enabled: bool = True
    last_run_at: datetime | None = None
    total_run_count: int | None = None
    due_at: datetime | None = None  # the source's own next due time (RedBeat's score), when it keeps one
    timezone: str = ""  # the zone its crontab runs in, when its source says (django-celery-beat); "" = the app's

    @property
    def queue(self) -> str:
        queue = self.options.get("queue")
        return queue if isinstance(queue, str) else ""

    @property
    def in_words(self) -> str:
        return schedule_in_words(self.schedule)

    @property
    def as_written(self) -> str:
        return schedule_as_written(self.schedule)


@cache
def zone_app(zone: str):
    """A bare Celery app in ``zone``: celery.schedules reads a crontab's time zone from its app."""
    from zoneinfo import ZoneInfo

    from celery import Celery

    ZoneInfo(zone)  # ZoneInfoNotFoundError (a KeyError) for a zone that does not exist
    app = Celery("celery-desktop-zone", set_as_current=False)
    app.conf.timezone = zone
    return app


@dataclass(frozen=True)
class WrittenSchedule:
    """A schedule kind celery.schedules does not have (RedBeat's rrule): shown as written, its runs as its source has them."""

    kind: str
    written: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.written}"


class BadEntry(ValueError):
    """An entry of a beat_schedule beat itself would refuse; the text (in the window's language) says which and why."""


def entries_from_beat_schedule(beat_schedule: Mapping[str, Any], app=None) -> tuple[list[PeriodicEntry], list[str]]:
    """The app's ``beat_schedule`` as entries, and a sentence for each entry that is not one."""
    entries: list[PeriodicEntry] = []
    problems: list[str] = []
    for name, spec in beat_schedule.items():
        try:
            entries.append(entry_from_spec(str(name), spec, Source.APP, app))
        except BadEntry as exc:
            problems.append(f"{name}: {exc}")
    return entries, problems


def entry_from_spec(name: str, spec: Any, source: str, app=None) -> PeriodicEntry:
    """One ``beat_schedule`` value ({"task", "schedule", "args", "kwargs", "options", "relative"})."""
    if not isinstance(spec, Mapping):
        raise BadEntry(translate("schedules", "not a dict but {type}").format(type=type(spec).__name__))
    task = spec.get("task")
    if not isinstance(task, str) or not task:
        raise BadEntry(translate("schedules", "no task name"))
    written = spec.get("schedule")
    try:
        # celery's maybe_schedule sets a schedule object's app (its time zone) to the one given: kept as it is here
        every = written if isinstance(written, BaseSchedule) else maybe_schedule(written, spec.get("relative", False), app)
    except (TypeError, ValueError, AttributeError) as exc:
        shown = f"{spec.get('schedule')!r:.80}"
        raise BadEntry(translate("schedules", "schedule {schedule}: {error}").format(schedule=shown, error=exc)) from None
    if not isinstance(every, (schedule, crontab, solar)):
        shown = f"{spec.get('schedule')!r:.80}"
        text = translate("schedules", "schedule {schedule} is neither a number, a timedelta, a crontab nor a solar")
        raise BadEntry(text.format(schedule=shown))
    if isinstance(every, schedule) and every.run_every <= timedelta(0):
        seconds = f"{every.run_every.total_seconds():g}"
        raise BadEntry(translate("schedules", "an interval of {seconds} s never comes round").format(seconds=seconds))
    args, kwargs, options = spec.get("args") or (), spec.get("kwargs") or {}, spec.get("options") or {}
    if not isinstance(args, (list, tuple)) or not isinstance(kwargs, Mapping) or not isinstance(options, Mapping):
        raise BadEntry(translate("schedules", "args must be a list, kwargs and options dicts"))
    return PeriodicEntry(name, task, source, every, tuple(args), dict(kwargs), dict(options))


def call_of(entry: PeriodicEntry) -> CallSpec:
    """The call beat sends for the entry, as the call form's CallSpec: its task, arguments and the options
    the form has (queue, exchange, routing key, priority, expires in seconds)."""
    options = entry.options

    def text(name: str) -> str | None:
        value = options.get(name)
        return value if isinstance(value, str) and value else None

    priority = options.get("priority")
    expires = options.get("expires")
    return CallSpec(
        task=entry.task,
        args=tuple(entry.args),
        kwargs=dict(entry.kwargs),
        queue=text("queue"),
        exchange=text("exchange"),
        routing_key=text("routing_key"),
        priority=priority if type(priority) is int else None,
        expires=float(expires) if type(expires) in (int, float) and expires > 0 else None,
    )


# -- in words -------------------------------------------------------------------------------------


def schedule_as_written(every: Any) -> str:
    """The schedule as code writes it (a crontab's or solar's call stays code); an interval in seconds."""
    if isinstance(every, crontab):
        parts = (
            every._orig_minute,
            every._orig_hour,
            every._orig_day_of_month,
            every._orig_month_of_year,
            every._orig_day_of_week,
        )
        return "crontab({})".format(
            ", ".join(
                f"{key}={value!r}"
                for key, value in zip(("minute", "hour", "day_of_month", "month_of_year", "day_of_week"), parts, strict=True)
                if str(value) != "*"
            )
        )
    if isinstance(every, WrittenSchedule):
        return every.written
    if isinstance(every, solar):
        return f"solar({every.event!r}, {every.lat:g}, {every.lon:g})"
    if isinstance(every, schedule):
        return translate("schedules", "every {seconds} s").format(seconds=f"{every.run_every.total_seconds():g}")
    return repr(every)[:200]


def schedule_in_words(every: Any) -> str:
    """ "every 5 min", "at 07:30, Mon–Fri", "sunrise at 52.5 N 13.4 E", in the window's language.

    Read from the schedule's parsed fields: nothing here is given back to celery.schedules.
    """
    if isinstance(every, crontab):
        return _crontab_in_words(every)
    if isinstance(every, solar):
        north = translate("schedules", "{degrees} N") if every.lat >= 0 else translate("schedules", "{degrees} S")
        east = translate("schedules", "{degrees} E") if every.lon >= 0 else translate("schedules", "{degrees} W")
        event = SOLAR_EVENTS.get(every.event)
        return translate("schedules", "{event} at {latitude} {longitude}").format(
            event=translate(CONTEXT, event) if event else every.event.replace("_", " "),
            latitude=north.format(degrees=f"{abs(every.lat):g}"),
            longitude=east.format(degrees=f"{abs(every.lon):g}"),
        )
    if isinstance(every, schedule):
        return translate("schedules", "every {duration}").format(duration=duration_in_words(every.run_every))
    if isinstance(every, WrittenSchedule):
        return every.kind
    return str(every)[:200]


def duration_in_words(delta: timedelta) -> str:
    """ "1 day 2 h 5 min": each unit a number and a word, parted by spaces (the Schedules tab keeps the first two)."""
    seconds = delta.total_seconds()
    if seconds < 60 and seconds != int(seconds):
        return translate("schedules", "{count} s").format(count=f"{seconds:g}")
    left = int(seconds)
    parts = []
    for unit, size in (("day", 86_400), ("h", 3600), ("min", 60), ("s", 1)):
        count, left = divmod(left, size)
        if count:
            parts.append(_unit_text(unit, count))
    return " ".join(parts) or translate("schedules", "{count} s").format(count=0)


def _unit_text(unit: str, count: int) -> str:
    if unit == "day":
        return translate("schedules", "1 day") if count == 1 else translate("schedules", "{count} days").format(count=count)
    if unit == "h":
        return translate("schedules", "{count} h").format(count=count)
    if unit == "min":
        return translate("schedules", "{count} min").format(count=count)
    return translate("schedules", "{count} s").format(count=count)


def _crontab_in_words(cron: crontab) -> str:
    minutes, hours = sorted(cron.minute), sorted(cron.hour)
    when = _times_in_words(minutes, hours, str(cron._orig_minute), str(cron._orig_hour))
    days = []
    if len(cron.day_of_week) < 7:
        days.append(_ranges(sorted(cron.day_of_week), DAY_NAMES, 0))
    if len(cron.day_of_month) < 31:
        days.append(translate("schedules", "on day {days} of the month").format(days=_ranges(sorted(cron.day_of_month), None, 1)))
    if len(cron.month_of_year) < 12:
        days.append(translate("schedules", "in {months}").format(months=_ranges(sorted(cron.month_of_year), MONTH_NAMES, 1)))
    return ", ".join([when, *days])


def _times_in_words(minutes: list[int], hours: list[int], orig_minute: str, orig_hour: str) -> str:
    every_hour = len(hours) == 24
    if len(minutes) == 60:
        if every_hour:
            return translate("schedules", "every minute")
        return translate("schedules", "every minute of hour {hours}").format(hours=_ranges(hours, None, 0))
    step = _step(minutes, 60)
    if step and every_hour:
        return translate("schedules", "every {count} min").format(count=step)
    if every_hour:
        return translate("schedules", "every hour at {minutes}").format(minutes=", ".join(f":{m:02d}" for m in minutes))
    hour_step = _step(hours, 24)
    if hour_step and len(minutes) == 1:
        return translate("schedules", "every {count} h at {minute}").format(count=hour_step, minute=f":{minutes[0]:02d}")
    if len(minutes) * len(hours) <= 6:
        return translate("schedules", "at {times}").format(times=", ".join(f"{h:02d}:{m:02d}" for h in hours for m in minutes))
    return translate("schedules", "minute {minute} of hour {hour}").format(minute=orig_minute, hour=orig_hour)


def _step(values: list[int], size: int) -> int | None:
    """The step of values that run 0, s, 2s, … round the whole range, as */s writes them."""
    if len(values) < 2 or values[0] != 0:
        return None
    step = values[1] - values[0]
    return step if values == list(range(0, size, step)) else None


def _ranges(values: list[int], names: tuple[str, ...] | None, first: int) -> str:
    """ "Mon–Fri", "1, 15", "Jan–Mar, Oct"."""

    def name(value: int) -> str:
        return translate(CONTEXT, names[value - first]) if names else str(value)

    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return ", ".join(name(run[0]) if len(run) == 1 else f"{name(run[0])}–{name(run[-1])}" for run in runs)


# -- due times ------------------------------------------------------------------------------------


def next_runs(every: Any, now: datetime, count: int = NEXT_RUNS, last_run_at: datetime | None = None) -> list[datetime]:
    """The next ``count`` moments beat sends the entry, as celery.schedules computes them (``now`` aware).

    An interval counts from the last run (from ``now`` when there is none, as beat counts a new
    entry from its own start), so its first next run may lie in the past: overdue. A crontab or
    solar entry's runs follow ``now`` (one that was missed is sent once, at once, by beat). A
    solar schedule needs ``ephem``: without it, none.
    """
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    if isinstance(every, schedule):
        first = (last_run_at or now) + every.run_every
        return [first + every.run_every * i for i in range(count)]
    frozen = _at(every, now)
    runs: list[datetime] = []
    last = now
    while frozen is not None and len(runs) < count:
        try:
            due = now + frozen.remaining_estimate(last)
        except Exception:  # noqa: BLE001 - ephem's own errors (a sun that never sets at that latitude)
            break
        if due <= last or due - now > MAX_LOOK_AHEAD:
            break
        runs.append(due)
        last = due
    return runs


def next_due(every: Any, last_run_at: datetime, now: datetime) -> datetime | None:
    """When beat sends an entry that last ran at ``last_run_at``: its next run, or ``now`` when that has passed
    (a missed run is sent once, at once). None: it never comes round again, or cannot be computed here."""
    if isinstance(every, schedule):
        return max(last_run_at + every.run_every, now)
    frozen = _at(every, now)
    if frozen is None:
        return None
    remaining = frozen.remaining_estimate(last_run_at)
    return None if remaining is None else max(now + remaining, now)


def upcoming_runs(entry: PeriodicEntry, now: datetime, count: int = NEXT_RUNS) -> list[datetime]:
    """When beat sends the entry next, and after that: the first is its due time (the source's own when it
    keeps one, ``now`` for a run that is overdue), the rest follow from the schedule. None when disabled."""
    if not entry.enabled or count < 1:
        return []
    if entry.due_at is not None:
        first: datetime | None = entry.due_at
    elif entry.last_run_at is not None:
        first = next_due(entry.schedule, entry.last_run_at, now)
    else:
        runs = next_runs(entry.schedule, now, 1)
        first = runs[0] if runs else None
    if first is None:
        return []
    every = entry.schedule
    if isinstance(every, schedule):
        return [first + every.run_every * i for i in range(count)]
    return [first, *next_runs(every, first, count - 1)]


@dataclass(frozen=True)
class SeenRun:
    """A task of an entry's name the console saw (its events, or its history): when it was sent or received,
    and how it ended."""

    task_id: str
    at: float  # sent, else received, else the last event's time (epoch seconds)
    state: str
    worker: str = ""
    args: str = ""  # as the events or the history wrote them


RunKey = tuple[str, str]  # (task name, its arguments as args_key writes them)


def args_key(text: str | None) -> str:
    """Arguments as events, the history and Python write them, made comparable: "(2, 3)", "[2, 3]" and
    "2, 3" are all "2,3"; a one-item tuple's comma and the kind of quotes do not count."""
    text = (text or "").strip()
    if len(text) >= 2 and text[0] in "([" and text[-1] in ")]":
        text = text[1:-1]
    return text.replace(" ", "").replace('"', "'").rstrip(",")


def run_key(entry: PeriodicEntry) -> RunKey:
    """What a run of the entry looks like in the events: its task, with its arguments (two entries of one
    task with other arguments are told apart)."""
    return entry.task, args_key(repr(tuple(entry.args)))


def runs_seen(
    tasks_newest_first: Iterable[Any], keys: set[RunKey], per_key: int = 5, scan: int = 20_000
) -> dict[RunKey, list[SeenRun]]:
    """The newest runs of each (task, arguments) in ``keys`` among the tasks the events hold (newest first).

    One pass over at most ``scan`` tasks, ending as soon as every key has ``per_key`` runs: a
    refresh of the Schedules tab costs the same with 10 or 100,000 tasks held.
    """
    found: dict[RunKey, list[SeenRun]] = {key: [] for key in keys}
    waiting = set(keys)
    names = {name for name, _args in keys}
    for scanned, task in enumerate(tasks_newest_first):
        if scanned >= scan or not waiting:
            break
        if task.name not in names:
            continue
        key = (task.name, args_key(task.args))
        at = task.sent or task.received or task.timestamp
        if key not in waiting or at is None:
            continue
        runs = found[key]
        runs.append(SeenRun(task.id, float(at), str(task.state), task.worker or "", task.args or ""))
        if len(runs) >= per_key:
            waiting.discard(key)
    return found


def past_dues(entry: PeriodicEntry, now: datetime, count: int = 5) -> list[datetime]:
    """The last ``count`` moments the entry was due before ``now``, newest first: an interval's counted back
    from its last run (none without one), a crontab's as celery.schedules gives them."""
    every = entry.schedule
    if isinstance(every, WrittenSchedule):
        return []
    if isinstance(every, schedule):
        last = entry.last_run_at
        return [last - every.run_every * i for i in range(count)] if last is not None and last <= now else []
    period = period_of(every, now)
    if period is None:
        return []
    runs = next_runs(every, now - period * (count + 1), count + 2)
    return sorted((run for run in runs if run <= now), reverse=True)[:count]


def runs_at_dues(
    entry: PeriodicEntry, now: datetime, seen: Iterable[SeenRun], count: int = 5
) -> list[tuple[datetime, SeenRun | None]]:
    """Each of the last due times with the run seen near it (within half a period, 2 s to 10 min), or None:
    what beat sent, and how it ended, due time by due time."""
    period = period_of(entry.schedule, now) if not isinstance(entry.schedule, WrittenSchedule) else None
    tolerance = (min(max(period / 2, MIN_TOLERANCE), MAX_TOLERANCE) if period else MAX_TOLERANCE).total_seconds()
    runs = sorted(seen, key=lambda run: run.at)
    matched: list[tuple[datetime, SeenRun | None]] = []
    for due in past_dues(entry, now, count):
        at = due.timestamp()
        near = [run for run in runs if abs(run.at - at) <= tolerance]
        matched.append((due, min(near, key=lambda run: abs(run.at - at)) if near else None))
    return matched


def newest_runs(from_events: list[SeenRun], from_history: list[SeenRun], count: int = 5) -> list[SeenRun]:
    """The newest ``count`` runs of both, each task once (its events' state, which is the fresher)."""
    by_id = {run.task_id: run for run in from_history}
    by_id.update({run.task_id: run for run in from_events})
    return sorted(by_id.values(), key=lambda run: run.at, reverse=True)[:count]


def period_of(every: Any, now: datetime) -> timedelta | None:
    """How long between two runs: an interval's, or a crontab's next two runs apart."""
    if isinstance(every, schedule):
        return every.run_every
    runs = next_runs(every, now, 2)
    return runs[1] - runs[0] if len(runs) == 2 else None


def missed_since(entry: PeriodicEntry, now: datetime) -> datetime | None:
    """The run beat let pass: the entry's first due time after its last run, when that is more than a
    tolerance (half a period, 2 s to 10 min) ago; None when it is not late, disabled, or never ran."""
    if not entry.enabled or entry.last_run_at is None or isinstance(entry.schedule, WrittenSchedule):
        return None
    every = entry.schedule
    if isinstance(every, schedule):
        due = entry.last_run_at + every.run_every
    else:
        frozen = _at(every, now)
        remaining = frozen.remaining_estimate(entry.last_run_at) if frozen is not None else None
        if remaining is None:
            return None
        due = now + remaining
    period = period_of(every, now)
    tolerance = min(max(period / 2, MIN_TOLERANCE), MAX_TOLERANCE) if period else MAX_TOLERANCE
    return due if due + tolerance < now else None


def _at(every: Any, now: datetime):
    """A copy of the schedule whose clock stands at ``now``."""
    try:
        if isinstance(every, crontab):
            return crontab(
                every._orig_minute,
                every._orig_hour,
                every._orig_day_of_week,
                every._orig_day_of_month,
                every._orig_month_of_year,
                nowfun=lambda: now,
                app=every._app,
            )
        if isinstance(every, solar):
            return solar(every.event, every.lat, every.lon, nowfun=lambda: now, app=every._app)
    except ImportError:  # solar without ephem
        return None
    return None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
