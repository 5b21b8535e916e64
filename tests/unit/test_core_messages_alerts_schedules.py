"""Alert rules' and schedules' messages go through core's translate: each whole message and the words put into
it come out marked by a marking translator, and what is kept (rule kinds in the rules file, crontab fields fed to
Celery, the schedule sources) stays English and still works under it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from celery.schedules import crontab, schedule

from desktop.core.cluster import django_beat, redbeat
from desktop.core.domain.alert_rules import (
    FAILURE_RATE,
    QUEUE_LENGTH,
    RETRIES,
    SCHEDULE_MISSED,
    STATE,
    WORKER_OFFLINE,
    AlertEngine,
    AlertRule,
    QueueSample,
    RuleError,
    ScheduleMiss,
    WorkerSeen,
    kind_text,
    rule_from_text,
    span_text,
    try_rule,
)
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.schedule_drafts import CRONTAB, INTERVAL, ScheduleDraft, build_entry, draft_of
from desktop.core.domain.schedules import (
    BadEntry,
    PeriodicEntry,
    Source,
    duration_in_words,
    entries_from_beat_schedule,
    next_runs,
    schedule_as_written,
    schedule_in_words,
)
from desktop.core.live.schedule_book import ScheduleBook, _file_or_reason
from desktop.core.store.alert_rules_store import AlertRuleStore
from desktop.core.store.beat_file import UnreadableScheduleFile, read_schedule_file

NOW = 1_000_000.0
MOMENT = datetime(2026, 12, 5, 9, 7, 13, tzinfo=timezone.utc)


def failed(i: int, name: str = "tasks.sync") -> TaskRecord:
    return TaskRecord(id=f"t{i}", name=name, state="FAILURE", result="ValueError: boom")


# -- alert rules ---------------------------------------------------------------------------------


def test_a_rule_in_words_and_its_kind(marked):
    rule = AlertRule("billing", STATE, pattern="proj.billing.*", state="FAILURE", quiet_seconds=300)
    assert rule.describe() == "⟦⟦proj.billing.* reaches FAILURE⟧ · quiet ⟦5 min⟧⟧"
    queue = AlertRule("backlog", QUEUE_LENGTH, pattern="celery", threshold=1000, minutes=5)
    assert queue.describe().startswith("⟦⟦queue celery over 1,000 messages for 5 min⟧ · quiet")
    assert kind_text(WORKER_OFFLINE) == "⟦Worker offline for N s⟧" and kind_text("nonsense") == "nonsense"
    assert span_text(2) == "⟦2 s⟧" and span_text(7200) == "⟦2 h⟧"
    assert all(context == "alert_rules" for context, _text in marked)


def test_field_errors_are_translated_and_keyed_by_field(marked):
    with pytest.raises(RuleError) as raised:
        rule_from_text("", WORKER_OFFLINE, True, "", "", "soon", "", "later")
    errors = raised.value.errors
    assert errors["name"] == "⟦a rule needs a name⟧"
    assert errors["pattern"] == "⟦give a worker or a glob (* for any)⟧"
    assert errors["threshold"] == "⟦'soon' is not a number⟧"
    assert errors["quiet_seconds"] == "⟦'later' is not a number of minutes⟧"
    with pytest.raises(RuleError) as raised:
        AlertRule.from_json("x", {"kind": STATE, "state": "nope"})
    assert raised.value.errors == {
        "state": "⟦'nope' is not a state: one of FAILURE, SUCCESS, RETRY, REVOKED, REJECTED, STARTED, RECEIVED "
        "(or a custom state in capitals)⟧"
    }


def test_grouped_alerts_and_their_details_are_translated(marked):
    clock = [NOW]
    engine = AlertEngine([AlertRule("sync", STATE, pattern="tasks.*", quiet_seconds=300)], clock=lambda: clock[0])
    engine.tasks_changed([failed(0)])
    clock[0] += 3
    (first,) = engine.due()
    assert first.title == "⟦tasks.sync failed⟧" and first.body == "⟦ValueError: boom · rule sync⟧"
    for i in range(1, 38):
        engine.tasks_changed([failed(i)])
    clock[0] += 300
    (grouped,) = engine.due()
    assert grouped.title == "⟦⟦tasks.sync failed⟧ 37 times in ⟦5 min⟧⟧"
    assert grouped.body == "⟦latest: ValueError: boom · rule sync⟧"
    assert grouped.notification().title == grouped.title


def test_condition_alerts_say_their_counts(marked):
    clock = [NOW]
    rules = [
        AlertRule("retries", RETRIES, pattern="*", threshold=0),
        AlertRule("rate", FAILURE_RATE, pattern="*", threshold=0),
        AlertRule("queue", QUEUE_LENGTH, pattern="celery", threshold=0),
        AlertRule("offline", WORKER_OFFLINE, pattern="*", threshold=10),
        AlertRule("missed", SCHEDULE_MISSED, pattern="*"),
    ]
    engine = AlertEngine(rules, clock=lambda: clock[0])
    engine.tasks_changed([TaskRecord(id="r", name="tasks.flaky", state="RETRY", retries=1, sent_at=NOW), failed(1)])
    engine.sample(
        [QueueSample("celery", 1)], [WorkerSeen("w1@host", False, NOW - 61)], [ScheduleMiss("nightly", "tasks.report", NOW)]
    )
    clock[0] += 3
    fired = {alert.rule: alert for alert in engine.due()}
    assert fired["retries"].body == "⟦⟦1 retry⟧ · rule retries⟧"
    assert fired["rate"].body == "⟦⟦1 failure in the last minute⟧ · rule rate⟧"
    assert fired["queue"].title == "⟦queue celery over 0 messages for 0 min⟧"
    assert fired["queue"].body == "⟦⟦1 message waiting⟧ · rule queue⟧"
    assert fired["offline"].title == "⟦worker w1@host offline for over 10 s⟧"
    assert fired["offline"].body == "⟦⟦offline for 61 s⟧ · rule offline⟧"
    assert fired["missed"].title == "⟦schedule nightly missed a run⟧"
    assert fired["missed"].body.startswith("⟦⟦tasks.report was due at ")


def test_the_test_button_answers_are_translated(marked):
    rule = AlertRule("sync", STATE, pattern="tasks.*")
    answer = try_rule(rule, [failed(i, f"tasks.n{i}") for i in range(5)], now=NOW)
    assert answer.fires and answer.text == "⟦would fire: 5 tasks matched (⟦tasks.n0, tasks.n1, tasks.n2 and 2 more⟧)⟧"
    assert try_rule(rule, [failed(0)], now=NOW).text == "⟦would fire: 1 task matched (tasks.sync)⟧"
    quiet = try_rule(rule, [], now=NOW)
    assert not quiet.fires and quiet.text == "⟦would not fire now: no task in the window ⟦matching tasks.* is FAILURE⟧⟧"
    offline = try_rule(
        AlertRule("w", WORKER_OFFLINE, pattern="*", threshold=10), [], workers=[WorkerSeen("w1", False, NOW - 30)], now=NOW
    )
    assert offline.text == "⟦would fire: offline for over 10 s: w1 (⟦30 s⟧)⟧"
    missed = try_rule(AlertRule("m", SCHEDULE_MISSED, pattern="*"), [], now=NOW)
    assert missed.text == "⟦would not fire now: no schedule entry read has a missed run (the Schedules tab reads them)⟧"


def test_the_rules_file_keeps_kinds_not_texts(marked, tmp_path):
    path = tmp_path / "alert_rules.json"
    store = AlertRuleStore("p", path)
    store.save(AlertRule("sync", FAILURE_RATE, pattern="tasks.*", threshold=3))
    assert json.loads(path.read_text())["p"]["sync"]["kind"] == "failure_rate"
    assert [rule.kind for rule in AlertRuleStore("p", path).rules()] == [FAILURE_RATE]  # read back under a translator
    with pytest.raises(RuleError) as raised:
        store.save(AlertRule("sync", STATE))
    assert raised.value.errors == {"name": "⟦there is a rule named 'sync' already⟧"}
    path.write_text(json.dumps({"p": {"bad": {"kind": "nonsense"}, "sync": {"kind": STATE}}}))
    again = AlertRuleStore("p", path)
    assert [rule.name for rule in again.rules()] == ["sync"]
    assert again.load_error.startswith(f"⟦alert rules file {path}: left out 'bad' (⟦unknown kind 'nonsense': one of")


def test_without_a_translator_the_texts_are_english():
    rule = AlertRule("billing", STATE, pattern="proj.billing.*", quiet_seconds=300)
    assert rule.describe() == "proj.billing.* reaches FAILURE · quiet 5 min"
    assert try_rule(rule, [], now=NOW).text == "would not fire now: no task in the window matching proj.billing.* is FAILURE"


# -- schedules -----------------------------------------------------------------------------------


def test_a_schedule_in_words_is_translated_part_by_part(marked):
    assert schedule_in_words(crontab(minute="*/5")) == "⟦every 5 min⟧"
    assert schedule_in_words(crontab(minute=30, hour=7, day_of_week="mon-fri")) == "⟦at 07:30⟧, ⟦Mon⟧–⟦Fri⟧"
    assert schedule_in_words(crontab(minute=0, hour=0, month_of_year="1-3")) == "⟦at 00:00⟧, ⟦in ⟦Jan⟧–⟦Mar⟧⟧"
    assert schedule_in_words(schedule(timedelta(minutes=5))) == "⟦every ⟦5 min⟧⟧"
    assert schedule_as_written(schedule(300)) == "⟦every 300 s⟧"
    assert schedule_as_written(crontab(minute="*/5")) == "crontab(minute='*/5')"  # code, as written
    assert all(context == "schedules" for context, _text in marked)


def test_a_duration_keeps_a_number_and_a_word_per_unit(marked):
    words = duration_in_words(timedelta(days=2, minutes=4, seconds=10))
    assert words == "⟦2 days⟧ ⟦4 min⟧ ⟦10 s⟧"
    assert " ".join(words.split()[:4]) == "⟦2 days⟧ ⟦4 min⟧"  # the Schedules tab's "in …": the two largest units
    assert duration_in_words(timedelta(days=1)) == "⟦1 day⟧" and duration_in_words(timedelta(0)) == "⟦0 s⟧"


def test_celery_is_given_the_crontab_as_typed_not_the_words(marked):
    draft = ScheduleDraft("nightly", "tasks.report", kind=CRONTAB, minute="30", hour="7", day_of_week="mon-fri")
    entry, errors = build_entry(draft, Source.REDBEAT)
    assert errors == {} and entry is not None
    assert entry.schedule._orig_day_of_week == "mon-fri" and entry.in_words == "⟦at 07:30⟧, ⟦Mon⟧–⟦Fri⟧"
    assert next_runs(entry.schedule, MOMENT, 1) == [datetime(2026, 12, 7, 7, 30, tzinfo=timezone.utc)]
    assert draft_of(entry) == draft
    stored = json.loads(redbeat.encode(redbeat.definition_of(entry)))
    assert stored["schedule"] == {
        "__type__": "crontab",
        "minute": "30",
        "hour": "7",
        "day_of_week": "mon-fri",
        "day_of_month": "*",
        "month_of_year": "*",
    }


def test_the_editors_field_errors_are_translated(marked):
    draft = ScheduleDraft("", "", args_json="{}", kwargs_json="[", kind=CRONTAB, minute="61")
    _entry, errors = build_entry(draft, Source.REDBEAT)
    assert errors["name"] == "⟦a name is needed⟧" and errors["task"] == "⟦a task name is needed⟧"
    assert errors["args_json"] == "⟦must be a JSON list, e.g. [2, 3]⟧"
    assert errors["kwargs_json"].startswith("⟦not JSON: ")
    assert errors["minute"].startswith("⟦not a crontab ⟦minute⟧: ")
    _entry, errors = build_entry(ScheduleDraft("n", "t", kind=INTERVAL, every="0"), Source.REDBEAT)
    assert errors == {"every": "⟦an interval of 0 s or less never comes round⟧"}


def test_the_sources_say_what_they_hold_and_why_not(marked, tmp_path):
    entries, problems = entries_from_beat_schedule({"ok": {"task": "t", "schedule": 5}, "bad": {"schedule": 5}})
    assert [entry.name for entry in entries] == ["ok"] and problems == ["bad: ⟦no task name⟧"]
    missing = tmp_path / "celerybeat-schedule"
    with pytest.raises(UnreadableScheduleFile, match="⟦no schedule file at "):
        read_schedule_file(missing)
    assert _file_or_reason(str(missing)) == f"⟦no schedule file at {missing}⟧"
    with pytest.raises(BadEntry, match=r"^⟦its definition is not an object⟧$"):
        redbeat._entry("x", b"[1]", None, 0)
    assert django_beat._why(Exception("requested table(s) not available in Engine")).startswith("⟦no django-celery-beat tables")


def test_a_missed_run_s_reasons_and_notes_are_translated(marked):
    app = SimpleNamespace(conf=SimpleNamespace(timezone="UTC"))
    book = ScheduleBook(
        SimpleNamespace(app=app),
        None,
        registered_names=set,
        consumed_queues=lambda: {"celery"},
        events_on=lambda: True,
    )
    entry = PeriodicEntry(
        "nightly",
        "tasks.report",
        Source.REDBEAT,
        schedule(60),
        options={"queue": "reports"},
        last_run_at=MOMENT - timedelta(hours=1),
    )
    row = book._with_seen(book._row(entry, MOMENT), [])
    assert row.missed is not None and row.key == (Source.REDBEAT, "nightly")  # the source stays an id
    assert row.notes == ("⟦no online worker consumes queue 'reports': what beat sends there waits⟧",)
    assert row.reasons == (
        "⟦no online worker has tasks.report registered⟧",
        "⟦no online worker consumes queue 'reports': what beat sends there waits⟧",
        "⟦no tasks.report was seen sent or received since it was due (the events are on)⟧",
    )
    assert row.to_dict()["schedule"] == "⟦every ⟦1 min⟧⟧"
