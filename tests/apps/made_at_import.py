"""A user's app (``-A tests.apps.made_at_import``) that pickles, accepts pickle, and makes its result backend
and its remote control (a class of its own) while it is imported, before the console configures it.

Broker and backend come from MADE_AT_IMPORT_BROKER / MADE_AT_IMPORT_BACKEND, which the test sets
before it imports this module (tests/integration/test_backend_reads.py).
"""

import os

from celery import Celery
from celery.app.control import Control


class AppControl(Control):
    """The app's own remote control class (the console keeps it, and its reply collector)."""


app = Celery(
    "made_at_import",
    broker=os.environ.get("MADE_AT_IMPORT_BROKER", "redis://127.0.0.1:6379/0"),
    backend=os.environ.get("MADE_AT_IMPORT_BACKEND", "redis://127.0.0.1:6379/1"),
    control=AppControl,
    set_as_current=False,
)
app.conf.update(
    accept_content=["pickle", "json"],
    result_accept_content=["pickle", "json"],
    task_serializer="pickle",
    result_serializer="pickle",
)
app.backend  # noqa: B018 - made now, with pickle accepted
app.control.mailbox  # noqa: B018 - likewise
