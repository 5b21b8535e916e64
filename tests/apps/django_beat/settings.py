"""Settings for django-celery-beat's tables on the SQLite file ``DJANGO_BEAT_DB`` names."""

import os

SECRET_KEY = "tests-only"  # no secret: a throw-away project
INSTALLED_APPS = ["django_celery_beat"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["DJANGO_BEAT_DB"]}}
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
