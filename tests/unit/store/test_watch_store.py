"""Watched tasks kept per profile: a round trip, a bad file set aside and said, the newest ids kept past the cap;
"watch everything I send" per profile in the settings, the last choice for a profile that never chose."""

from __future__ import annotations

import json
import stat

from desktop.core.store.settings import Settings, SettingsStore
from desktop.core.store.watch_store import MAX_WATCHED, SavedWatches, WatchStore


def test_watches_round_trip_per_profile_in_private_files(tmp_path):
    folder = tmp_path / "config" / "watches"
    prod = WatchStore("prod", folder)
    assert prod.load() == SavedWatches() and prod.load_error == ""
    prod.save(SavedWatches(("a", "b", "cb", "eb"), {"b": (("cb",), ("eb",))}))
    WatchStore("redis://:***@host:6379/10 | redis://:***@host:6379/11", folder).save(SavedWatches(("x",)))

    again = WatchStore("prod", folder).load()
    assert again == SavedWatches(("a", "b", "cb", "eb"), {"b": (("cb",), ("eb",))})
    assert WatchStore("redis://:***@host:6379/10 | redis://:***@host:6379/11", folder).load().ids == ("x",)
    assert WatchStore("staging", folder).load() == SavedWatches()
    assert len(list(folder.iterdir())) == 2  # a file a profile
    assert stat.S_IMODE(prod.path.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert json.loads(prod.path.read_text())["profile"] == "prod"

    prod.save(SavedWatches())  # nothing left to watch: no file
    assert not prod.path.exists() and WatchStore("prod", folder).load() == SavedWatches()


def test_an_unreadable_file_is_moved_aside_and_said(tmp_path):
    store = WatchStore("prod", tmp_path)
    store.path.write_text("{not json")
    assert store.load() == SavedWatches()
    assert "could not be read" in store.load_error and "unreadable.json" in store.load_error
    aside = store.path.with_suffix(".unreadable.json")
    assert aside.read_text() == "{not json" and not store.path.exists()
    store.save(SavedWatches(("a",)))  # the next save leaves the bad file be
    assert aside.read_text() == "{not json" and WatchStore("prod", tmp_path).load().ids == ("a",)

    other = WatchStore("other", tmp_path)
    other.path.write_text(json.dumps(["a", "b"]))  # JSON, but no watches
    assert other.load() == SavedWatches() and "moved to" in other.load_error
    assert other.path.with_suffix(".unreadable.json").exists()


def test_what_is_no_task_id_is_left_out(tmp_path):
    store = WatchStore("prod", tmp_path)
    raw = {
        "profile": "prod",
        "tasks": ["ok", 7, "", "x" * 256, "bad\u202eid", None],
        "callbacks": {"ok": {"link": ["l", 3]}, "7": []},
    }
    store.path.write_text(json.dumps(raw))
    assert store.load() == SavedWatches(("ok",), {"ok": (("l",), ())})


def test_the_newest_ids_are_kept_past_the_cap(tmp_path):
    small = WatchStore("prod", tmp_path, limit=3)
    small.save(SavedWatches(("a", "b", "c", "d", "e"), {"a": (("b",), ()), "d": (("e",), ())}))
    assert small.load() == SavedWatches(("c", "d", "e"), {"d": (("e",), ())})

    store = WatchStore("big", tmp_path)
    ids = tuple(f"{i:08d}-0000-0000-0000-000000000000" for i in range(MAX_WATCHED + 5))
    store.save(SavedWatches(ids))
    kept = WatchStore("big", tmp_path).load().ids
    assert len(kept) == MAX_WATCHED == 100_000 and kept[0] == ids[5] and kept[-1] == ids[-1]


def test_watch_everything_i_send_is_per_profile_and_falls_back_to_the_global_choice(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"watch_sent": True}))  # an older version's global choice
    store = SettingsStore(path)
    assert store.settings.watch_sent_for("alpha") and store.settings.watch_sent_for("beta")
    store.save(store.settings.with_watch_sent("alpha", False))
    settings = SettingsStore(path).settings
    assert not settings.watch_sent_for("alpha") and not settings.watch_sent_for("beta")  # beta follows the last choice
    store.save(settings.with_watch_sent("beta", True))
    settings = SettingsStore(path).settings
    assert not settings.watch_sent_for("alpha") and settings.watch_sent_for("beta")  # each its own once chosen

    path.write_text(json.dumps({"watch_sent_by_profile": {"alpha": "yes"}}))
    bad = SettingsStore(path)
    assert bad.settings == Settings() and "watch sent by profile" in bad.note
