"""django-celery-beat's schedule, read and changed in its own database through SQLAlchemy: no Django at run time.

Its tables (``django_celery_beat_*``): ``periodictask`` (name, task, args and kwargs as JSON text,
queue, exchange, routing key, priority, enabled, last run, run count) pointing at one of
``intervalschedule`` (every, period), ``crontabschedule`` (the five fields and a time zone),
``solarschedule`` or ``clockedschedule``; and ``periodictasks``, one row whose ``last_update`` its
DatabaseScheduler compares on every tick to know that something changed. Every change made here
bumps it in the same transaction, as Django's signals do, so a running beat picks the change up.

Blocking functions, meant for ``ClusterClient.run_blocking``. SQLite needs nothing more; PostgreSQL
and MySQL need their driver in the console's environment, and the error says which.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from celery.schedules import crontab, schedule, solar

from desktop.core.domain.schedules import BadEntry, PeriodicEntry, Source, WrittenSchedule, entry_from_spec, zone_app
from desktop.core.domain.translatable import translate

PREFIX = "django_celery_beat_"
PERIOD_SECONDS = {"days": 86_400, "hours": 3600, "minutes": 60, "seconds": 1, "microseconds": 1e-6}
MAX_ENTRIES = 10_000


class NameTaken(ValueError):
    pass


class DatabaseRefused(RuntimeError):
    """The database could not be read or written: the driver's own words, without the SQL."""


@dataclass(frozen=True)
class DjangoBeatSchedule:
    entries: list[PeriodicEntry]
    problems: list[str] = field(default_factory=list)


def open_database(url: str):
    """An SQLAlchemy engine for the schedule's database (a short connect timeout; SQLite waits 5 s for a lock)."""
    from sqlalchemy import create_engine

    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 5}
    elif url.startswith(("postgresql", "mysql")):
        options["connect_args"] = {"connect_timeout": 5}
    return create_engine(url, **options)


def _tables(engine):
    from sqlalchemy import MetaData

    names = [PREFIX + name for name in ("periodictask", "intervalschedule", "crontabschedule", "solarschedule", "periodictasks")]
    metadata = MetaData()
    try:
        metadata.reflect(engine, only=names)
    except Exception as exc:  # noqa: BLE001 - a missing table, no driver, no server: one sentence
        raise DatabaseRefused(_why(exc)) from None
    return {name[len(PREFIX) :]: metadata.tables[name] for name in names}


def _why(exc: Exception) -> str:
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).splitlines()[0]
    if "requested table(s) not available" in text:  # SQLAlchemy's words (English whatever the window speaks)
        return translate(
            "django_beat",
            "no django-celery-beat tables in this database: run its migrations (manage.py migrate), or check the URL",
        )
    return text[:300]


def _aware(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)  # Django stores UTC


def read_django_beat(engine) -> DjangoBeatSchedule:
    from sqlalchemy import select

    tables = _tables(engine)
    task, interval, cron, sun = (
        tables[name] for name in ("periodictask", "intervalschedule", "crontabschedule", "solarschedule")
    )
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(task).order_by(task.c.name).limit(MAX_ENTRIES)).mappings().all()
            intervals = {row["id"]: row for row in connection.execute(select(interval)).mappings()}
            crons = {row["id"]: row for row in connection.execute(select(cron)).mappings()}
            suns = {row["id"]: row for row in connection.execute(select(sun)).mappings()}
    except Exception as exc:  # noqa: BLE001 - the database's own error, said once
        raise DatabaseRefused(_why(exc)) from None
    entries, problems = [], []
    for row in rows:
        try:
            entries.append(_entry(row, intervals, crons, suns))
        except (BadEntry, ValueError, TypeError, KeyError) as exc:
            problems.append(f"{str(row['name'])[:200]}: {str(exc)[:300]}")
    return DjangoBeatSchedule(entries, problems)


def _entry(row, intervals, crons, suns) -> PeriodicEntry:
    zone = ""
    if row.get("interval_id") is not None:
        every_row = intervals[row["interval_id"]]
        every: Any = schedule(timedelta(seconds=int(every_row["every"]) * PERIOD_SECONDS[str(every_row["period"])]))
    elif row.get("crontab_id") is not None:
        c = crons[row["crontab_id"]]
        zone = str(c.get("timezone") or "UTC")
        try:
            app = zone_app(zone)
        except (KeyError, ValueError):  # a zone this machine does not know: shown as written, no next runs
            app = None
        fields = (c["minute"], c["hour"], c["day_of_week"], c["day_of_month"], c["month_of_year"])
        written = " ".join(str(c[key]) for key in ("minute", "hour", "day_of_month", "month_of_year", "day_of_week"))
        every = crontab(*fields, app=app) if app is not None else WrittenSchedule("crontab", f"{written} ({zone})")
    elif row.get("solar_id") is not None:
        s = suns[row["solar_id"]]
        try:
            every = solar(str(s["event"]), float(s["latitude"]), float(s["longitude"]))
        except ImportError:  # celery's solar needs ephem
            written = translate("django_beat", "{event} at {latitude}, {longitude}").format(
                event=s["event"], latitude=f"{float(s['latitude']):g}", longitude=f"{float(s['longitude']):g}"
            )
            every = WrittenSchedule("solar", written)
    else:
        every = WrittenSchedule("clocked", translate("django_beat", "once, at a set time"))
    options = {key: row[key] for key in ("queue", "exchange", "routing_key", "priority") if row.get(key) not in (None, "")}
    spec = {
        "task": row["task"],
        "schedule": 60 if isinstance(every, WrittenSchedule) else every,
        "args": json.loads(row.get("args") or "[]"),
        "kwargs": json.loads(row.get("kwargs") or "{}"),
        "options": options,
    }
    entry = entry_from_spec(str(row["name"]), spec, Source.DJANGO)
    count = row.get("total_run_count")
    return replace(
        entry,
        schedule=every,
        timezone=zone,
        enabled=bool(row.get("enabled", True)),
        last_run_at=_aware(row.get("last_run_at")),
        total_run_count=count if type(count) is int and count >= 0 else None,
    )


# -- changing -------------------------------------------------------------------------------------


def _bump(connection, tables) -> None:
    """What Django's PeriodicTasks.update_changed does: the scheduler re-reads its entries on its next tick."""
    tracker = tables["periodictasks"]
    now = datetime.now(timezone.utc)
    if connection.execute(tracker.update().where(tracker.c.ident == 1).values(last_update=now)).rowcount == 0:
        connection.execute(tracker.insert().values(ident=1, last_update=now))


def _change(engine, change) -> None:
    tables = _tables(engine)
    try:
        with engine.begin() as connection:
            change(connection, tables)
            _bump(connection, tables)
    except (NameTaken, KeyError, ValueError):
        raise
    except Exception as exc:  # noqa: BLE001 - read-only, locked, gone: the database's words
        raise DatabaseRefused(_why(exc)) from None


def set_enabled(engine, name: str, enabled: bool) -> None:
    def change(connection, tables) -> None:
        task = tables["periodictask"]
        done = connection.execute(
            task.update().where(task.c.name == name).values(enabled=enabled, date_changed=datetime.now(timezone.utc))
        )
        if done.rowcount == 0:
            raise KeyError(_gone(name))

    _change(engine, change)


def _gone(name: str) -> str:
    return translate("django_beat", "no entry named {name}: deleted meanwhile").format(name=repr(name))


def delete_entry(engine, name: str) -> None:
    def change(connection, tables) -> None:
        task = tables["periodictask"]
        if connection.execute(task.delete().where(task.c.name == name)).rowcount == 0:
            raise KeyError(_gone(name))

    _change(engine, change)


def save_entry(engine, entry: PeriodicEntry, *, create: bool, timezone_name: str = "UTC") -> None:
    """Create or update a periodic task with an interval (whole seconds) or a crontab (in ``timezone_name``),
    reusing a schedule row that says the same, as Django's admin does."""
    from sqlalchemy import select

    every = entry.schedule
    if isinstance(every, crontab):
        kind = "crontab"
    elif isinstance(every, schedule):
        kind = "interval"
        seconds = every.run_every.total_seconds()
        if seconds != int(seconds) or seconds < 1:
            raise ValueError(translate("django_beat", "django-celery-beat counts intervals in whole seconds (1 or more)"))
    else:
        raise ValueError(translate("django_beat", "only an interval or a crontab is written here"))

    def change(connection, tables) -> None:
        task = tables["periodictask"]
        exists = connection.execute(select(task.c.id).where(task.c.name == entry.name)).scalar()
        if create and exists is not None:
            raise NameTaken(translate("django_beat", "an entry named {name} exists").format(name=repr(entry.name)))
        if not create and exists is None:
            raise KeyError(_gone(entry.name))
        if kind == "interval":
            table, values = tables["intervalschedule"], {"every": int(seconds), "period": "seconds"}
        else:
            table = tables["crontabschedule"]
            values = {
                "minute": str(every._orig_minute),
                "hour": str(every._orig_hour),
                "day_of_week": str(every._orig_day_of_week),
                "day_of_month": str(every._orig_day_of_month),
                "month_of_year": str(every._orig_month_of_year),
                "timezone": entry.timezone or timezone_name,
            }
        found = connection.execute(select(table.c.id).where(*(table.c[key] == value for key, value in values.items()))).scalar()
        schedule_id = found if found is not None else connection.execute(table.insert().values(**values)).inserted_primary_key[0]
        options = entry.options
        row = {
            "task": entry.task,
            "args": json.dumps(list(entry.args)),
            "kwargs": json.dumps(dict(entry.kwargs)),
            "queue": options.get("queue") or None,
            "exchange": options.get("exchange") or None,
            "routing_key": options.get("routing_key") or None,
            "priority": options.get("priority") if type(options.get("priority")) is int else None,
            "enabled": entry.enabled,
            "interval_id": schedule_id if kind == "interval" else None,
            "crontab_id": schedule_id if kind == "crontab" else None,
            "solar_id": None,
            "clocked_id": None,
            "date_changed": datetime.now(timezone.utc),
        }
        row = {key: value for key, value in row.items() if key in task.c}
        if create:
            defaults = {"name": entry.name, "headers": "{}", "one_off": False, "total_run_count": 0, "description": ""}
            connection.execute(task.insert().values(**{k: v for k, v in defaults.items() if k in task.c}, **row))
        else:
            connection.execute(task.update().where(task.c.name == entry.name).values(**row))

    _change(engine, change)
