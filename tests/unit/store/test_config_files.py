"""Start-up reads the config files (settings, presets, workflow presets, profiles) and never stops or hangs on one.

A file too big, nested too deep, of the wrong shape, or not a regular file at all (a symlink to a
FIFO or a device) is moved aside with a message, and the console starts with defaults.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as NoBackend

from desktop.core.store import config_files
from desktop.core.store.config_files import read_json
from desktop.core.store.presets import PresetStore, WorkflowPresetStore
from desktop.core.store.profile_store import Keyring, ProfileStore
from desktop.core.store.settings import Settings, SettingsStore

STORES: dict[str, Callable[[Path], object]] = {
    "settings.json": SettingsStore,
    "presets.json": PresetStore,
    "workflow-presets.json": WorkflowPresetStore,
    "profiles.json": lambda path: ProfileStore(path, Keyring(NoBackend())),
}


def note_of(store) -> str:
    return getattr(store, "note", "") or getattr(store, "load_error", "")


def within(seconds: float, work: Callable[[], object], unblock: Callable[[], None] = lambda: None):
    """``work()``'s result, or a failure when it takes longer (then ``unblock()`` frees the thread)."""
    done: list = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        unblock()
        thread.join(5)
        pytest.fail(f"still reading after {seconds:g} s")
    return done[0]


@pytest.mark.parametrize("name", sorted(STORES))
def test_a_symlink_to_a_fifo_neither_hangs_nor_stops_start_up(tmp_path, name):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    path = tmp_path / name
    path.symlink_to(fifo)

    def unblock() -> None:  # a writer that opens and closes: the blocked reader gets its end of file
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass

    store = within(5, lambda: STORES[name](path), unblock)
    assert "not a regular file" in note_of(store), note_of(store)
    assert not path.is_symlink() and fifo.exists()  # the link moved aside, the FIFO itself untouched


@pytest.mark.parametrize("name", sorted(STORES))
def test_a_huge_file_is_not_read_whole(tmp_path, name, monkeypatch):
    monkeypatch.setattr(config_files, "MAX_CONFIG_BYTES", 100_000)
    path = tmp_path / name
    path.write_text(json.dumps({"x": "y" * 200_000}))
    store = within(5, lambda: STORES[name](path))
    assert "larger than" in note_of(store) and not path.exists()
    assert any(p.name.endswith(".unreadable.json") for p in tmp_path.iterdir())


@pytest.mark.parametrize("name", sorted(STORES))
def test_a_file_nested_too_deep_is_moved_aside(tmp_path, name):
    path = tmp_path / name
    path.write_text("[" * 200_000 + "]" * 200_000)
    store = STORES[name](path)
    assert "could not be read" in note_of(store) and not path.exists()


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "p", "broker_url": 12},
        {"name": "p", "backend_url": ["redis://h"]},
        {"name": "p", "management_url": {"x": 1}},
        {"name": "p", "hidden_query": "nope"},
        {"name": "p", "broker_url": "redis://h/0", "poll_interval": "fast"},
    ],
)
def test_a_profile_of_the_wrong_shape_is_left_out_not_fatal(tmp_path, entry):
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps({"profiles": [entry, {"name": "good", "broker_url": "redis://h/1"}]}))
    store = ProfileStore(path, Keyring(NoBackend()))
    assert "good" in store.names()
    assert store.get("good").broker_url == "redis://h/1"


def test_a_directory_in_place_of_the_file_is_moved_aside(tmp_path):
    path = tmp_path / "settings.json"
    path.mkdir()
    store = SettingsStore(path)
    assert store.settings == Settings() and "not a regular file" in store.note


def test_a_good_file_reads_as_before(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "dark"}))
    assert read_json(path) == ({"theme": "dark"}, "")
    assert read_json(tmp_path / "missing.json") == (None, "")
