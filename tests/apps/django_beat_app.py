"""The demo tasks scheduled by django-celery-beat's DatabaseScheduler (tests/integration/test_django_beat.py):
Django set up on tests/apps/django_beat's settings, beat reading the database every second."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.apps.django_beat.settings")
django.setup()

from desktop.tasks import app  # noqa: E402

app.conf.beat_scheduler = "django_celery_beat.schedulers:DatabaseScheduler"
app.conf.beat_max_loop_interval = 1
app.conf.beat_sync_every = 1  # runs and counts written after every send (else every 3 minutes)
