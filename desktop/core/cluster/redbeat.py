"""RedBeat's schedule in Redis (celery-redbeat), read and changed the way RedBeat itself reads and writes it.

RedBeat keeps each entry in a hash ``<prefix><name>`` (``definition``: name, task, schedule,
args, kwargs, options, enabled, as JSON with ``__type__`` objects; ``meta``: last run and run
count) and every entry's next due time as its score in the sorted set ``<prefix>:schedule``.
Its scheduler reads the due keys on each tick, so a definition changed here is what it sends
next; the console needs no redbeat package for that, only the same JSON. Entries named in the
app's ``beat_schedule`` (the set ``<prefix>:statics``) are written again by beat when it starts:
a change to one of them lasts until then, and the view says so.

Blocking functions, meant for ``ClusterClient.run_blocking``.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from celery.schedules import crontab, schedule

from desktop.core.domain.schedules import BadEntry, PeriodicEntry, Source, WrittenSchedule, entry_from_spec, next_due
from desktop.core.domain.translatable import translate

DEFAULT_PREFIX = "redbeat:"
MAX_DEFINITION_BYTES = 1_000_000  # an entry's JSON is a few hundred bytes; a bigger one is not read
MAX_ENTRIES = 10_000  # read at most this many entries of the sorted set


@dataclass(frozen=True)
class RedBeatKeys:
    """Where RedBeat keeps its schedule, as its RedBeatConfig derives it from the app's settings."""

    prefix: str = DEFAULT_PREFIX
    redis_url: str = ""  # redbeat_redis_url, else the broker's

    @property
    def schedule(self) -> str:
        return self.prefix + ":schedule"

    @property
    def statics(self) -> str:
        return self.prefix + ":statics"

    @property
    def lock(self) -> str:
        return self.prefix + ":lock"

    def entry(self, name: str) -> str:
        return self.prefix + name

    @classmethod
    def of_app(cls, conf: Mapping[str, Any], broker_url: str) -> RedBeatKeys:
        def setting(name: str) -> Any:
            for key in (name, name.upper()):
                if conf.get(key):
                    return conf[key]
            return None

        return cls(str(setting("redbeat_key_prefix") or DEFAULT_PREFIX), str(setting("redbeat_redis_url") or broker_url))


@dataclass(frozen=True)
class RedBeatSchedule:
    entries: list[PeriodicEntry]
    statics: frozenset[str] = frozenset()  # names beat writes again from the app's beat_schedule when it starts
    problems: list[str] = field(default_factory=list)
    beat_lock_ttl: float | None = None  # seconds the running beat's lock has left; None: no beat holds it


# -- RedBeat's JSON ------------------------------------------------------------------------------


def _decoded_object(d: dict) -> Any:
    kind = d.get("__type__")
    if kind is None:
        return d
    if kind == "datetime":
        zone = d.get("timezone", "UTC")
        fields = {key: d[key] for key in ("year", "month", "day", "hour", "minute", "second", "microsecond") if key in d}
        if isinstance(zone, (int, float)):
            tz: Any = timezone(timedelta(seconds=zone))
        else:
            from zoneinfo import ZoneInfo

            tz = ZoneInfo(str(zone))
        return datetime(tzinfo=tz, **fields)
    if kind == "interval":
        return schedule(run_every=float(d["every"]), relative=bool(d.get("relative", False)))
    if kind == "crontab":
        return crontab(**{key: d[key] for key in ("minute", "hour", "day_of_week", "day_of_month", "month_of_year") if key in d})
    return d  # RedBeat's rrule and weekday: shown as written, their runs as RedBeat's sorted set has them


def _encoded_object(value: Any) -> Any:
    if isinstance(value, datetime):
        zone = getattr(value.tzinfo, "key", None) or (value.utcoffset().total_seconds() if value.tzinfo else "UTC")
        return {
            "__type__": "datetime",
            **{key: getattr(value, key) for key in ("year", "month", "day", "hour", "minute", "second", "microsecond")},
            "timezone": zone,
        }
    if isinstance(value, crontab):
        return {
            "__type__": "crontab",
            "minute": value._orig_minute,
            "hour": value._orig_hour,
            "day_of_week": value._orig_day_of_week,
            "day_of_month": value._orig_day_of_month,
            "month_of_year": value._orig_month_of_year,
        }
    if isinstance(value, schedule):
        return {"__type__": "interval", "every": value.run_every.total_seconds(), "relative": bool(value.relative)}
    raise TypeError(f"{type(value).__name__} is not something RedBeat stores")


def decode(raw: bytes | str) -> Any:
    if len(raw) > MAX_DEFINITION_BYTES:
        raise ValueError(translate("redbeat", "{size} bytes: not an entry").format(size=f"{len(raw):,}"))
    return json.loads(raw, object_hook=_decoded_object)


def encode(value: Any) -> str:
    return json.dumps(value, default=_encoded_object)


# -- reading --------------------------------------------------------------------------------------


def read_redbeat(client, keys: RedBeatKeys) -> RedBeatSchedule:
    """Every entry of RedBeat's sorted set, with its definition, its last run and its next due time."""
    scored = client.zrange(keys.schedule, 0, MAX_ENTRIES - 1, withscores=True)
    with client.pipeline(transaction=False) as pipe:
        for key, _score in scored:
            pipe.hmget(key, "definition", "meta")
        pipe.smembers(keys.statics)
        pipe.pttl(keys.lock)
        *stored, statics, lock_ms = pipe.execute()
    entries, problems = [], []
    for (key, score), (definition, meta) in zip(scored, stored, strict=True):
        name = _text(key)[len(keys.prefix) :] if _text(key).startswith(keys.prefix) else _text(key)
        try:
            entries.append(_entry(name, definition, meta, score))
        except (BadEntry, ValueError, TypeError, KeyError) as exc:
            problems.append(f"{name[:200]}: {str(exc)[:300]}")
    return RedBeatSchedule(
        entries,
        frozenset(_text(name) for name in statics),
        problems,
        lock_ms / 1000 if isinstance(lock_ms, int) and lock_ms >= 0 else None,
    )


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _entry(name: str, definition: Any, meta: Any, score: float) -> PeriodicEntry:
    if not definition:
        raise BadEntry(translate("redbeat", "in the schedule but its definition is gone (RedBeat drops it on its next tick)"))
    spec = decode(definition)
    if not isinstance(spec, dict):
        raise BadEntry(translate("redbeat", "its definition is not an object"))
    written = spec.get("schedule")
    if isinstance(written, dict) and "__type__" in written:  # RedBeat's rrule: not computed here
        rule = {key: value for key, value in written.items() if key != "__type__" and value is not None}
        spec = {**spec, "schedule": 1}
        entry = replace(
            entry_from_spec(name, spec, Source.REDBEAT), schedule=WrittenSchedule(str(written["__type__"]), encode(rule)[:300])
        )
    else:
        entry = entry_from_spec(name, spec, Source.REDBEAT)
    stored_meta = decode(meta) if meta else {}
    last = stored_meta.get("last_run_at") if isinstance(stored_meta, dict) else None
    count = stored_meta.get("total_run_count") if isinstance(stored_meta, dict) else None
    return replace(
        entry,
        enabled=spec.get("enabled", True) is not False,
        last_run_at=last if isinstance(last, datetime) else None,
        total_run_count=count if type(count) is int and count >= 0 else None,
        due_at=datetime.fromtimestamp(score, timezone.utc) if score >= 0 else None,
    )


# -- changing -------------------------------------------------------------------------------------


def definition_of(entry: PeriodicEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "task": entry.task,
        "args": list(entry.args),
        "kwargs": dict(entry.kwargs),
        "options": dict(entry.options),
        "schedule": entry.schedule,
        "enabled": entry.enabled,
    }


def due_at(entry: PeriodicEntry, now: datetime) -> datetime | None:
    """An entry's score: now when it never ran or is overdue (as RedBeat scores it), else its next run.

    (RedBeat's own ``due_at`` adds the time remaining to the last run instead of to now, which lands
    early by the time since the last run; its tick reads early keys and asks is_due anyway.)
    """
    if entry.last_run_at is None:
        return now
    if isinstance(entry.schedule, WrittenSchedule):
        return entry.due_at
    return next_due(entry.schedule, entry.last_run_at, now)


class NameTaken(ValueError):
    pass


def _gone(name: str) -> str:
    return translate("redbeat", "no entry named {name}: deleted meanwhile").format(name=repr(name))


def save_entry(client, keys: RedBeatKeys, entry: PeriodicEntry, *, create: bool, now: datetime | None = None) -> None:
    """Write an entry as RedBeatSchedulerEntry.save does (its definition, its meta only when new, its score).

    ``create`` refuses a name that exists (checked and written in one transaction); an edit keeps
    the entry's last run, so its next due time follows from the new schedule.
    """
    now = now or datetime.now(timezone.utc)
    key = keys.entry(entry.name)
    with client.pipeline(transaction=True) as pipe:
        pipe.watch(key)
        exists = pipe.exists(key)
        if create and exists:
            raise NameTaken(translate("redbeat", "an entry named {name} exists").format(name=repr(entry.name)))
        if not create and not exists:
            raise KeyError(_gone(entry.name))
        stored_meta = decode(pipe.hget(key, "meta") or b"{}") if exists else {}
        last = stored_meta.get("last_run_at") if isinstance(stored_meta, dict) else None
        due = due_at(replace(entry, last_run_at=last if isinstance(last, datetime) else None), now)
        pipe.multi()
        pipe.hset(key, "definition", encode(definition_of(entry)))
        pipe.hsetnx(key, "meta", encode({"last_run_at": None}))
        pipe.zadd(keys.schedule, {key: calendar.timegm(due.utctimetuple()) if due else -1})
        pipe.execute()


def set_enabled(client, keys: RedBeatKeys, name: str, enabled: bool) -> None:
    """Enable or disable an entry: its definition's ``enabled``, which RedBeat's is_due reads on every tick."""
    key = keys.entry(name)
    with client.pipeline(transaction=True) as pipe:
        pipe.watch(key)
        definition = pipe.hget(key, "definition")
        if not definition:
            raise KeyError(_gone(name))
        spec = decode(definition)
        spec["enabled"] = enabled
        pipe.multi()
        pipe.hset(key, "definition", encode(spec))
        pipe.execute()


def delete_entry(client, keys: RedBeatKeys, name: str) -> None:
    """As RedBeatSchedulerEntry.delete: out of the sorted set, and its hash gone."""
    key = keys.entry(name)
    with client.pipeline(transaction=True) as pipe:
        pipe.zrem(keys.schedule, key)
        pipe.delete(key)
        pipe.execute()
