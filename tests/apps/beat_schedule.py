"""The demo tasks with a beat schedule of short intervals (tests/integration/test_beat_file.py): one entry
every second, one every 2 s with keyword arguments and a queue, and a crontab that runs at 03:00 only."""

from celery.schedules import crontab

from desktop.tasks import app

app.conf.beat_schedule = {
    "add-every-second": {"task": "tasks.add", "schedule": 1.0, "args": (2, 3)},
    "mul-every-2s": {"task": "tasks.mul", "schedule": 2.0, "kwargs": {"x": 3, "y": 4}, "options": {"queue": "beat"}},
    "nightly-report": {"task": "tasks.add", "schedule": crontab(minute=0, hour=3), "args": (0, 0)},
}
# Beat writes its file after this many sends (else every 3 minutes): the test reads the runs as they happen.
app.conf.beat_sync_every = 1
