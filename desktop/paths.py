"""Finds files from resources/ whether run from source, an installed wheel or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "resources"] if bundle else []
    candidates += [_PACKAGE / "resources", _PACKAGE.parent / "resources"]
    return next((c for c in candidates if c.is_dir()), candidates[-1])


def resource_path(relative: str) -> Path:
    return resources_dir() / relative
