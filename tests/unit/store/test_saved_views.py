"""Saved views of the Search tab: kept by name per profile in one JSON file, the last opened remembered, a bad file set aside."""

from __future__ import annotations

import json
import stat

import pytest

from desktop.core.store.saved_views import SavedView, SavedViewError, SavedViewStore


def test_views_round_trip_per_profile_and_the_last_one_is_remembered(tmp_path):
    path = tmp_path / "config" / "saved_views.json"
    store = SavedViewStore("prod", path)
    assert store.views() == [] and store.last == "" and store.load_error == ""
    store.save(SavedView(" Failed in the last hour ", "state:failure since:1h", 3, False))
    store.save(SavedView("adds", "name:tasks.add"))
    store.set_last("Failed in the last hour")
    other = SavedViewStore("staging", path)
    other.save(SavedView("mine", "is:mine"))

    again = SavedViewStore("prod", path)
    assert again.views() == [
        SavedView("adds", "name:tasks.add", 0, True),
        SavedView("Failed in the last hour", "state:failure since:1h", 3, False),
    ]
    assert again.last == "Failed in the last hour"
    assert SavedViewStore("staging", path).names() == ["mine"]  # the prod store's later write kept it
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    again.save(SavedView("adds", "name:tasks.add state:success", 1, True))  # replaced by name
    assert SavedViewStore("prod", path).get("adds").query == "name:tasks.add state:success"
    again.delete("Failed in the last hour")
    assert again.last == "" and SavedViewStore("prod", path).last == ""
    with pytest.raises(SavedViewError):
        again.delete("Failed in the last hour")
    with pytest.raises(SavedViewError):
        again.save(SavedView("  ", "x"))
    with pytest.raises(SavedViewError):
        again.set_last("nope")
    with pytest.raises(SavedViewError):
        again.get("nope")


def test_a_bad_file_is_set_aside_and_damaged_views_skipped(tmp_path):
    path = tmp_path / "saved_views.json"
    path.write_text("{not json")
    store = SavedViewStore("prod", path)
    assert store.views() == [] and "could not be read" in store.load_error and "saved_views.unreadable.json" in store.load_error
    assert (tmp_path / "saved_views.unreadable.json").read_text() == "{not json"
    store.save(SavedView("a", "x"))
    assert SavedViewStore("prod", path).names() == ["a"]

    path.write_text(
        json.dumps(
            {
                "prod": {
                    "views": {"ok": {"query": "x", "sort_column": -4}, "bad": {"query": 7}, "worse": "text"},
                    "last": "bad",
                },
                "staging": "not a dict",
            }
        )
    )
    store = SavedViewStore("prod", path)
    assert store.views() == [SavedView("ok", "x", 0, True)] and store.last == "" and store.load_error == ""
    assert SavedViewStore("staging", path).views() == []
