"""Alert rules kept per profile: saved, renamed, deleted, another profile's kept, a bad file moved aside and said."""

from __future__ import annotations

import json

import pytest

from desktop.core.domain.alert_rules import QUEUE_LENGTH, STATE, AlertRule, RuleError
from desktop.core.store.alert_rules_store import AlertRuleStore


def test_rules_survive_a_new_store_and_profiles_keep_their_own(tmp_path):
    path = tmp_path / "alert_rules.json"
    first, second = AlertRuleStore("p1", path), AlertRuleStore("p2", path)
    first.save(AlertRule("billing", STATE, pattern="proj.billing.*"))
    second.save(AlertRule("backlog", QUEUE_LENGTH, pattern="celery", threshold=100, minutes=5))
    first.save(AlertRule("Another", STATE, enabled=False))
    again = AlertRuleStore("p1", path)
    assert [r.name for r in again.rules()] == ["Another", "billing"]
    assert again.rules()[1] == AlertRule("billing", STATE, pattern="proj.billing.*")
    assert [r.name for r in AlertRuleStore("p2", path).rules()] == ["backlog"]
    assert again.load_error == ""
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_save_checks_the_rule_and_the_name_renames_and_deletes(tmp_path):
    store = AlertRuleStore("p", tmp_path / "alert_rules.json")
    store.save(AlertRule("a", STATE))
    with pytest.raises(RuleError) as raised:
        store.save(AlertRule("a", STATE, pattern="x"))
    assert raised.value.errors == {"name": "there is a rule named 'a' already"}
    with pytest.raises(RuleError):
        store.save(AlertRule("", STATE))
    store.save(AlertRule("b", STATE, pattern="x"), replacing="a")
    assert [r.name for r in store.rules()] == ["b"]
    store.delete("b")
    assert store.rules() == [] and json.loads((tmp_path / "alert_rules.json").read_text()) == {}
    with pytest.raises(KeyError):
        store.delete("b")


def test_an_unreadable_file_is_moved_aside_and_reported(tmp_path):
    path = tmp_path / "alert_rules.json"
    path.write_text("{not json")
    store = AlertRuleStore("p", path)
    assert store.rules() == []
    assert "could not be read" in store.load_error and "alert_rules.unreadable.json" in store.load_error
    assert (tmp_path / "alert_rules.unreadable.json").read_text() == "{not json"
    store.save(AlertRule("a", STATE))
    assert [r.name for r in AlertRuleStore("p", path).rules()] == ["a"]


def test_a_damaged_rule_is_left_out_and_named_the_others_apply(tmp_path):
    path = tmp_path / "alert_rules.json"
    good = AlertRule("good", STATE).to_json()
    path.write_text(json.dumps({"p": {"good": good, "bad": {"kind": "runtime", "threshold": -1}, "worse": 7}}))
    store = AlertRuleStore("p", path)
    assert [r.name for r in store.rules()] == ["good"]
    assert "left out 'bad' (seconds must be a number above 0)" in store.load_error and "'worse'" in store.load_error
