"""The window's layout per profile on disk: base64 states, one private file per profile, bad data ignored with a note."""

from __future__ import annotations

import json
import stat

from desktop.core.store.layout_store import MAX_VALUE, Layout, LayoutStore, file_name

LAYOUT = Layout(
    geometry=b"\x01\xd9\xd0\xcb\x00\x03",
    window_state=b"\x00\x00\x00\xff",
    splitters={"resultsMainSplit": b"\x00\xff\x00\x01"},
    headers={"resultsTable": b"\x00\x00\x00\x0b"},
    columns={"resultsTable": 11},
    tab="workers_view",
    values={"results.search": "boom", "results.show_all_tasks": True},
)


def test_a_layout_comes_back_as_it_was_saved_in_a_private_file_of_its_profile(tmp_path):
    store = LayoutStore("alpha", tmp_path)
    assert store.load() == Layout() and store.note == ""  # nothing saved yet: the defaults, no note
    store.save(LAYOUT)
    assert LayoutStore("alpha", tmp_path).load() == LAYOUT
    assert LayoutStore("beta", tmp_path).load() == Layout()  # another profile's own
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600 and stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    data = json.loads(store.path.read_text())
    assert data["key"] == "alpha" and data["splitters"]["resultsMainSplit"] == "AP8AAQ=="  # base64
    store.forget()
    assert not store.path.exists() and store.load() == Layout()
    store.forget()  # twice: nothing to forget, no error


def test_a_profile_key_with_a_url_gets_a_file_name_of_its_own():
    key = "redis://:***@host:6379/10 | redis://:***@host:6379/11"
    name = file_name(key)
    assert "/" not in name and ":" not in name and name.endswith(".json")
    assert name != file_name(key.replace("10", "12"))  # the hash tells them apart
    assert file_name("..").startswith("profile-")


def test_bad_data_is_ignored_with_a_note_never_raised(tmp_path):
    store = LayoutStore("alpha", tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"\xff{ not json")
    assert store.load() == Layout() and "could not be read" in store.note and "default layout used" in store.note
    assert store.path.with_suffix(".unreadable.json").exists()  # moved aside for the user

    store.path.write_text(json.dumps({**LAYOUT.to_json(), "key": "alpha", "format": 99}))
    assert store.load() == Layout() and "another version" in store.note
    store.path.write_text(json.dumps({**LAYOUT.to_json(), "key": "beta"}))
    assert store.load() == Layout() and "another profile's" in store.note
    store.path.write_text(json.dumps(["not", "a", "layout"]))
    assert store.load() == Layout() and "holds no layout" in store.note


def test_damaged_entries_are_left_out_and_the_rest_kept(tmp_path):
    store = LayoutStore("alpha", tmp_path)
    data = {
        **LAYOUT.to_json(),
        "key": "alpha",
        "window": {"geometry": "not base64!", "state": 42},
        "splitters": {"resultsMainSplit": "AP8AAQ==", "bad": "%%%", "": "AP8AAQ==", "huge": "A" * 200_000},
        "headers": {"resultsTable": {"state": "AAAACw==", "columns": 11}, "noColumns": {"state": "AAAACw=="}, "x": "y"},
        "tab": 7,
        "values": {"results.search": "x" * (MAX_VALUE + 1), "results.show_all_tasks": True, "n": 3},
    }
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps(data))
    assert store.load() == Layout(
        splitters={"resultsMainSplit": b"\x00\xff\x00\x01"},
        headers={"resultsTable": b"\x00\x00\x00\x0b"},
        columns={"resultsTable": 11},
        values={"results.show_all_tasks": True},
    )
    assert store.note == ""
