"""A Django project of one app, django-celery-beat, on a SQLite file (tests/integration/test_django_beat.py)."""
