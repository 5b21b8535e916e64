"""The console writes RedBeat's JSON as RedBeat writes it, and reads what RedBeat wrote (celery-redbeat's own
encoder and decoder, from the test extra, on the same values)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab, schedule
from redbeat.decoder import RedBeatJSONDecoder, RedBeatJSONEncoder

from desktop.core.cluster.redbeat import decode, encode

VALUES = [
    {"schedule": schedule(timedelta(seconds=90)), "enabled": True, "args": [1, "x"], "kwargs": {"a": None}},
    {"schedule": schedule(2.5, relative=True)},
    {"schedule": crontab(minute="*/5", hour="9-17", day_of_week="mon-fri", day_of_month="1-7", month_of_year="*/2")},
    {"last_run_at": datetime(2026, 12, 5, 9, 0, 1, 250, tzinfo=timezone.utc), "total_run_count": 7},
    {"last_run_at": datetime(2026, 12, 5, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))},
    {"last_run_at": datetime(2026, 12, 5, 9, 0, tzinfo=timezone(timedelta(hours=-5)))},
]


def same(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, crontab):
        return repr(a) == repr(b)
    if isinstance(a, schedule):
        return a.run_every == b.run_every and a.relative == b.relative
    return a == b and type(a) is type(b)


@pytest.mark.parametrize("value", VALUES)
def test_redbeat_reads_what_the_console_writes(value):
    assert same(json.loads(encode(value), cls=RedBeatJSONDecoder), value)


@pytest.mark.parametrize("value", VALUES)
def test_the_console_reads_what_redbeat_writes(value):
    assert same(decode(json.dumps(value, cls=RedBeatJSONEncoder)), value)


def test_a_definition_past_the_size_limit_is_not_parsed():
    with pytest.raises(ValueError, match="not an entry"):
        decode(b'{"task": "' + b"x" * 1_000_001 + b'"}')
