"""The task catalog: what the workers registered, joined with the tasks of the user's own app."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.domain.calls import TaskSignature, signature_of
from desktop.core.domain.records import RegisteredTask
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

SOURCE_WORDS = {  # where a task is known from (TaskInfo.source), as the window says it
    "app": QT_TRANSLATE_NOOP("catalog", "app"),
    "workers": QT_TRANSLATE_NOOP("catalog", "workers"),
    "app + workers": QT_TRANSLATE_NOOP("catalog", "app + workers"),
}


@dataclass(frozen=True)
class TaskInfo:
    """One task as the console knows it."""

    name: str
    workers: tuple[str, ...] = ()  # online workers that registered it
    options: tuple[tuple[str, str], ...] = ()
    in_app: bool = False  # found in the -A app
    doc: str = ""
    signature: TaskSignature | None = None
    python_name: str | None = None  # "module.function", for an apply_async preview

    @property
    def builtin(self) -> bool:
        return self.name.startswith("celery.")

    @property
    def on_workers(self) -> bool:
        return bool(self.workers)

    @property
    def source(self) -> str:
        if self.in_app and self.workers:
            return "app + workers"
        return "app" if self.in_app else "workers"

    @property
    def source_words(self) -> str:
        """``source`` in the window's language (``source`` stays the key)."""
        return translate("catalog", SOURCE_WORDS[self.source])

    def option(self, key: str, default: str = "") -> str:
        return dict(self.options).get(key, default)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "workers": list(self.workers),
            "options": dict(self.options),
            "in_app": self.in_app,
            "signature": self.signature.text if self.signature else None,
            "doc": self.doc,
        }


def app_task_infos(app) -> dict[str, TaskInfo]:
    """Tasks defined in the user's app, with docstring and Python signature (built-ins included)."""
    infos = {}
    for name, task in sorted(app.tasks.items()):
        # @app.task copies the function's module and qualname onto the task, so it imports by that name;
        # class-based tasks (and nested functions) are left to app.send_task in previews.
        module, qualname = getattr(task, "__module__", ""), getattr(task, "__qualname__", "")
        importable = hasattr(task, "__wrapped__") and qualname.isidentifier()
        run = getattr(task, "run", None)
        infos[name] = TaskInfo(
            name=name,
            in_app=True,
            doc=inspect.cleandoc(task.__doc__).strip() if task.__doc__ else "",
            signature=signature_of(run) if run is not None else None,
            python_name=f"{module}.{qualname}" if importable and module else None,
        )
    return infos


def merge_catalog(registered: Iterable[RegisteredTask], app_infos: dict[str, TaskInfo]) -> list[TaskInfo]:
    """The union, by name: worker facts (who has it, options) over app facts (doc, signature)."""
    merged = dict(app_infos)
    for reg in registered:
        base = merged.get(reg.name) or TaskInfo(name=reg.name)
        merged[reg.name] = TaskInfo(
            name=reg.name,
            workers=reg.workers,
            options=reg.options,
            in_app=base.in_app,
            doc=base.doc,
            signature=base.signature,
            python_name=base.python_name,
        )
    return [merged[name] for name in sorted(merged)]
