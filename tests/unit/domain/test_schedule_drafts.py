"""The schedule editor's fields checked before anything is written: each bad field named, a good draft
turned into the entry beat would run."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from celery.schedules import crontab, schedule

from desktop.core.domain.schedule_drafts import CRONTAB, ScheduleDraft, build_entry, draft_of, kept_schedule
from desktop.core.domain.schedules import PeriodicEntry, Source, WrittenSchedule

GOOD = ScheduleDraft(
    name="report", task="tasks.report", args_json="[1, 2]", kwargs_json='{"full": true}', queue="reports", every="90"
)


def test_a_good_interval_draft_is_the_entry_it_describes():
    entry, errors = build_entry(GOOD, Source.REDBEAT)
    assert errors == {}
    assert (entry.name, entry.task, entry.args, entry.kwargs, entry.options) == (
        "report", "tasks.report", (1, 2), {"full": True}, {"queue": "reports"}
    )  # fmt: skip
    assert entry.schedule.run_every == timedelta(seconds=90) and entry.in_words == "every 1 min 30 s"


def test_a_crontab_draft_and_back():
    draft = ScheduleDraft(name="n", task="tasks.add", kind=CRONTAB, minute="30", hour="7", day_of_week="mon-fri")
    entry, errors = build_entry(draft, Source.REDBEAT)
    assert errors == {} and entry.in_words == "at 07:30, Mon–Fri"
    assert draft_of(entry) == draft


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"name": "  "}, "name", "a name is needed"),
        ({"name": "tab\there"}, "name", "printable"),
        ({"task": ""}, "task", "a task name is needed"),
        ({"args_json": "[1, 2"}, "args_json", "not JSON"),
        ({"args_json": '{"a": 1}'}, "args_json", "a JSON list"),
        ({"kwargs_json": "[1]"}, "kwargs_json", "a JSON object"),
        ({"every": "0"}, "every", "never comes round"),
        ({"every": "-5"}, "every", "never comes round"),
        ({"every": "nan"}, "every", "never comes round"),
        ({"every": "soon"}, "every", "seconds"),
        ({"kind": CRONTAB, "minute": "61"}, "minute", "not a crontab minute"),
        ({"kind": CRONTAB, "hour": "*/0"}, "hour", "not a crontab hour"),
        ({"kind": CRONTAB, "day_of_week": "funday"}, "day_of_week", "not a crontab day of week"),
        ({"kind": CRONTAB, "month_of_year": "13"}, "month_of_year", "not a crontab month of year"),
    ],
)
def test_each_bad_field_is_named_and_no_entry_is_made(change, field, words):
    from dataclasses import replace

    entry, errors = build_entry(replace(GOOD, **change), Source.REDBEAT)
    assert entry is None and words in errors[field]
    assert list(errors) == [field]


def test_an_edit_keeps_the_entrys_other_options_and_its_runs():
    last = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
    base = PeriodicEntry("report", "tasks.report", Source.REDBEAT, schedule(60), (), {}, {"queue": "old", "priority": 5},
                         last_run_at=last, total_run_count=9)  # fmt: skip
    entry, _ = build_entry(GOOD, Source.REDBEAT, base)
    assert entry.options == {"queue": "reports", "priority": 5}
    assert (entry.last_run_at, entry.total_run_count) == (last, 9)


def test_only_intervals_and_crontabs_are_edited_here():
    assert kept_schedule(PeriodicEntry("a", "t", Source.REDBEAT, crontab()))
    assert not kept_schedule(PeriodicEntry("a", "t", Source.REDBEAT, WrittenSchedule("rrule", "{}")))
