"""Alert rules' and schedules' messages go through core's translate: each whole message and the words put into
it come out marked by a marking translator, and what is kept (rule kinds in the rules file, crontab fields fed to
Celery, the schedule sources) stays English and still works under it."""

from __future__ import annotations

import json

import pytest

from desktop.core.domain import translatable
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
from desktop.core.store.alert_rules_store import AlertRuleStore

NOW = 1_000_000.0


@pytest.fixture
def marked():
    """Every text core translates comes out as ⟦text⟧; the (context, text) pairs asked are kept."""
    asked: list[tuple[str, str]] = []

    def marking(context: str, text: str) -> str:
        asked.append((context, text))
        return f"⟦{text}⟧"

    translatable.use_translator(marking)
    yield asked
    translatable.use_translator(None)


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
