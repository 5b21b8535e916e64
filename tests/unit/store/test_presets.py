import json

import pytest

from desktop.core.domain.calls import CallDraft, LinkDraft
from desktop.core.store.presets import PresetError, PresetStore

DRAFT = CallDraft(
    task="tasks.add",
    params=(("x", "2"), ("y", "3")),
    countdown="10",
    retry=True,
    links=(LinkDraft("tasks.mul", "[10]"),),
)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "config" / "presets.json"


@pytest.fixture
def store(path):
    return PresetStore(path)


def test_starts_empty_without_a_file(store, path):
    assert store.names("tasks.add") == []
    assert store.load_error == ""
    assert not path.exists()


def test_save_and_get(store):
    store.save(" quick ", DRAFT)
    store.save("another", CallDraft("tasks.add"))
    assert store.names("tasks.add") == ["another", "quick"]
    assert store.get("tasks.add", "quick") == DRAFT
    assert store.names("tasks.mul") == []


def test_save_overwrites_same_name(store):
    store.save("p", DRAFT)
    store.save("p", DRAFT.with_param("x", "40"))
    assert store.names("tasks.add") == ["p"]
    assert store.get("tasks.add", "p").param("x") == "40"


def test_survives_a_restart(store, path):
    store.save("quick", DRAFT)
    assert PresetStore(path).get("tasks.add", "quick") == DRAFT
    assert list(path.parent.glob(".presets-*")) == []


def test_get_missing(store):
    with pytest.raises(PresetError, match="no preset 'nope'"):
        store.get("tasks.add", "nope")


def test_rename(store, path):
    store.save("old", DRAFT)
    store.rename("tasks.add", "old", " new ")
    assert store.names("tasks.add") == ["new"]
    assert PresetStore(path).get("tasks.add", "new") == DRAFT


def test_rename_to_itself(store):
    store.save("same", DRAFT)
    store.rename("tasks.add", "same", "same")
    assert store.names("tasks.add") == ["same"]


def test_rename_to_existing_name(store):
    store.save("a", DRAFT)
    store.save("b", CallDraft("tasks.add"))
    with pytest.raises(PresetError, match="already has a preset called 'b'"):
        store.rename("tasks.add", "a", "b")
    assert store.get("tasks.add", "a") == DRAFT
    assert store.get("tasks.add", "b") == CallDraft("tasks.add")


def test_rename_errors(store):
    store.save("a", DRAFT)
    with pytest.raises(PresetError, match="needs a name"):
        store.rename("tasks.add", "a", "  ")
    with pytest.raises(PresetError, match="no preset 'zzz'"):
        store.rename("tasks.add", "zzz", "b")
    assert store.names("tasks.add") == ["a"]


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name(store, path, name):
    with pytest.raises(PresetError, match="needs a name"):
        store.save(name, DRAFT)
    assert not path.exists()


def test_delete(store, path):
    store.save("a", DRAFT)
    store.save("b", DRAFT)
    store.delete("tasks.add", "a")
    assert store.names("tasks.add") == ["b"]
    store.delete("tasks.add", "b")
    assert store.names("tasks.add") == []
    assert json.loads(path.read_text()) == {}
    with pytest.raises(PresetError, match="no preset 'b'"):
        store.delete("tasks.add", "b")


def test_corrupt_file_is_moved_aside(path):
    path.parent.mkdir(parents=True)
    garbage = b"\xff\xfe\x00{not json"
    path.write_bytes(garbage)
    store = PresetStore(path)
    aside = path.parent / "presets.unreadable.json"
    assert aside.read_bytes() == garbage
    assert not path.exists()
    assert "could not be read" in store.load_error
    assert "presets.unreadable.json" in store.load_error
    assert store.names("tasks.add") == []
    store.save("fresh", DRAFT)
    assert PresetStore(path).names("tasks.add") == ["fresh"]
    assert aside.read_bytes() == garbage


def test_truncated_json_is_moved_aside(path):
    path.parent.mkdir(parents=True)
    path.write_text('{"tasks.add": {"a": {"task": ')
    store = PresetStore(path)
    assert store.load_error
    assert (path.parent / "presets.unreadable.json").exists()


def test_preset_from_a_newer_version(path):
    data = DRAFT.to_json() | {"added_later": {"anything": [1, 2]}}
    data["links"][0]["new_link_option"] = True
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"tasks.add": {"future": data}, "tasks.mul": "not a dict"}))
    store = PresetStore(path)
    assert store.load_error == ""
    assert store.get("tasks.add", "future") == DRAFT
    assert store.names("tasks.mul") == []


def test_damaged_preset(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"tasks.add": {"bad": {"countdown": "5"}}}))
    with pytest.raises(PresetError, match="damaged"):
        PresetStore(path).get("tasks.add", "bad")


@pytest.mark.parametrize("preset", [{"task": "tasks.add", "links": ["tasks.mul"]}, "not an object"])
def test_malformed_preset_is_damaged_not_a_crash(path, preset):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"tasks.add": {"bad": preset}}))
    with pytest.raises(PresetError, match="damaged"):
        PresetStore(path).get("tasks.add", "bad")
