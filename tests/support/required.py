"""Parts of the suite that need something a machine may lack, and whether this run must have them.

CELERY_DESKTOP_REQUIRE names the parts a run must have, comma-separated, or ``all`` (CI sets
``all``). Where a part is missing a test calls ``require(part, reason)``: a skip that says why when
the run does not require the part, a failure that says how to get it when it does. So a green run
that requires ``all`` ran every test, and a green run without it lists what it skipped (conftest's
terminal summary).
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import NoReturn

import pytest

from desktop.core.runtime.platform_check import REQUIRE_VARIABLE, is_required, required_parts

# Each part, and how to get it.
PARTS = {
    "rabbitmq": "RabbitMQ: as root the RabbitMQ tests install it themselves (apt-get install -y rabbitmq-server)",
    "tls": "a redis-server built with TLS: as root the TLS tests install one (apt-get install -y redis-tools)",
    "xvfb": "Xvfb and the libraries of Qt's xcb plugin: as root `make test` installs them "
    "(python -m desktop.core.runtime.platform_check --install --xvfb)",
    "tmpfs": "mounting a tmpfs (mount -t tmpfs): run the tests as root, in a container with CAP_SYS_ADMIN",
    "sqlalchemy": "SQLAlchemy (the database extra): `make setup` installs it from requirements/lock.txt",
    "qtcharts": "PySide6's QtCharts (PySide6-Addons): `make setup` installs it from requirements/lock.txt",
    "dbus": "dbus-daemon (a private session bus for the desktop notification tests): as root they install it "
    "(apt-get install -y dbus-daemon)",
    "wayland": "weston, a Wayland compositor run headless: as root the Wayland test installs it (apt-get install -y weston)",
    "cjk-fonts": "a Simplified Chinese font (the window in Chinese): as root the translation test installs it "
    "(apt-get install -y fonts-noto-cjk)",
}


def check_variable() -> None:
    """A name in CELERY_DESKTOP_REQUIRE that is no part is a mistake: the run stops before it starts."""
    unknown = sorted(required_parts() - PARTS.keys() - {"all"})
    if unknown:
        raise pytest.UsageError(
            f"{REQUIRE_VARIABLE} names no such part: {', '.join(unknown)} (the parts: {', '.join(PARTS)}, or all)"
        )


def require(part: str, reason: str) -> NoReturn:
    """Skip (``reason``), or fail when this run requires ``part``; also at module level."""
    if part not in PARTS:
        raise ValueError(f"no such part: {part!r}")
    if is_required(part):
        pytest.fail(
            f"[{part}] {reason}\n{REQUIRE_VARIABLE}={os.environ.get(REQUIRE_VARIABLE, '')} requires {part}; "
            f"it needs {PARTS[part]}",
            pytrace=False,
        )
    pytest.skip(f"[{part}] {reason} ({REQUIRE_VARIABLE}={part} makes this a failure)", allow_module_level=True)


def import_or_require(module: str, part: str) -> ModuleType:
    """``module`` imported, or ``require(part, …)`` saying why it cannot be."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        require(part, f"cannot import {module}: {exc}")
