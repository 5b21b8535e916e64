"""The demo tasks scheduled by RedBeat (tests/integration/test_redbeat.py): its keys under ``rb-test:`` on the
broker's Redis, one entry of the app's own (every second), beat ticking at least every second."""

import os

from desktop.tasks import app

app.conf.redbeat_redis_url = os.environ["CELERY_BROKER_URL"]
app.conf.redbeat_key_prefix = "rb-test:"
app.conf.beat_max_loop_interval = 1
app.conf.beat_schedule = {"static-add": {"task": "tasks.add", "schedule": 1.0, "args": (1, 1)}}
