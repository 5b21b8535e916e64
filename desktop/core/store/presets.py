"""Saved call forms, per task, in a JSON file that survives restarts."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.core.domain.calls import CallDraft
from desktop.core.domain.translatable import translate
from desktop.core.store.config_files import read_json, write_json


def config_dir() -> Path:
    """The user's config folder for the console (CELERY_DESKTOP_CONFIG_DIR overrides it)."""
    override = os.environ.get("CELERY_DESKTOP_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("celery-desktop", appauthor=False))


class PresetError(ValueError):
    """A preset operation the user asked for that cannot be done, with the reason."""


class PresetStore:
    """``{task name: {preset name: draft}}`` in one JSON file, written atomically."""

    def __init__(self, path: Path | None = None):
        self.path = path or config_dir() / "presets.json"
        self._data: dict[str, dict[str, dict]] = {}
        self.load_error = ""
        self._load()

    def _load(self) -> None:
        data, problem = read_json(self.path)
        if problem:
            self.load_error = translate("presets", "presets file {path} {problem}").format(path=self.path, problem=problem)
        if isinstance(data, dict):
            self._data = {t: dict(p) for t, p in data.items() if isinstance(t, str) and isinstance(p, dict)}

    def _save(self) -> None:
        write_json(self.path, self._data)

    def names(self, task: str) -> list[str]:
        return sorted(self._data.get(task, {}))

    def get(self, task: str, name: str) -> CallDraft:
        try:
            return CallDraft.from_json(self._data[task][name])
        except KeyError:
            raise PresetError(_no_preset(task, name)) from None
        except (TypeError, ValueError) as exc:
            message = translate("presets", "preset {name} for {task} is damaged: {error}")
            raise PresetError(message.format(name=repr(name), task=task, error=exc)) from None

    def save(self, name: str, draft: CallDraft) -> None:
        name = name.strip()
        if not name:
            raise PresetError(_needs_a_name())
        self._data.setdefault(draft.task, {})[name] = draft.to_json()
        self._save()

    def rename(self, task: str, old: str, new: str) -> None:
        new = new.strip()
        presets = self._data.get(task, {})
        if old not in presets:
            raise PresetError(_no_preset(task, old))
        if not new:
            raise PresetError(_needs_a_name())
        if new != old and new in presets:
            raise PresetError(translate("presets", "{task} already has a preset called {name}").format(task=task, name=repr(new)))
        presets[new] = presets.pop(old)
        self._save()

    def delete(self, task: str, name: str) -> None:
        presets = self._data.get(task, {})
        if presets.pop(name, None) is None:
            raise PresetError(_no_preset(task, name))
        if not presets:
            self._data.pop(task, None)
        self._save()


class WorkflowPresetStore:
    """``{preset name: workflow}`` (``canvas.to_json``) in a JSON file of its own, written atomically."""

    def __init__(self, path: Path | None = None):
        self.path = path or config_dir() / "workflow-presets.json"
        self._data: dict[str, dict] = {}
        data, problem = read_json(self.path)
        said = translate("presets", "workflow presets file {path} {problem}")
        self.load_error = said.format(path=self.path, problem=problem) if problem else ""
        if isinstance(data, dict):
            self._data = {n: w for n, w in data.items() if isinstance(n, str) and isinstance(w, dict)}

    def names(self) -> list[str]:
        return sorted(self._data)

    def get(self, name: str):
        from desktop.core.domain.canvas import from_json

        try:
            return from_json(self._data[name])
        except KeyError:
            raise PresetError(_no_workflow_preset(name)) from None
        except (TypeError, ValueError) as exc:
            message = translate("presets", "workflow preset {name} is damaged: {error}")
            raise PresetError(message.format(name=repr(name), error=exc)) from None

    def save(self, name: str, node) -> None:
        from desktop.core.domain.canvas import to_json

        name = name.strip()
        if not name:
            raise PresetError(_needs_a_name())
        self._data[name] = to_json(node)
        write_json(self.path, self._data)

    def delete(self, name: str) -> None:
        if self._data.pop(name, None) is None:
            raise PresetError(_no_workflow_preset(name))
        write_json(self.path, self._data)


def _needs_a_name() -> str:
    return translate("presets", "a preset needs a name")


def _no_preset(task: str, name: str) -> str:
    return translate("presets", "no preset {name} for {task}").format(name=repr(name), task=task)


def _no_workflow_preset(name: str) -> str:
    return translate("presets", "no workflow preset {name}").format(name=repr(name))
