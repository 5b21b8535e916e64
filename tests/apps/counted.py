"""The demo tasks with every execution counted (tests/apps/executions.py), on kombu's default visibility timeout:
a message a killed worker held stays unacknowledged until someone restores it (tests/integration/test_queue_browser.py)."""

from desktop.tasks import app
from tests.apps import executions  # noqa: F401 - counts every execution

__all__ = ["app"]
