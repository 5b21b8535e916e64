"""django-celery-beat's tables on a SQLite file, made by its own migrations (tests/apps/django_beat)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.clusters import PROJECT_ROOT

MIGRATE = "import django; django.setup(); from django.core.management import call_command; call_command('migrate', verbosity=0)"


def migrated(path: Path) -> dict[str, str]:
    """Run the migrations on ``path`` in a process of its own (Django stays out of the test's process);
    returns the environment a beat process on that database needs."""
    env = dict(
        os.environ,
        DJANGO_BEAT_DB=str(path),
        DJANGO_SETTINGS_MODULE="tests.apps.django_beat.settings",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    subprocess.run([sys.executable, "-c", MIGRATE], env=env, check=True, cwd=PROJECT_ROOT)
    return env
