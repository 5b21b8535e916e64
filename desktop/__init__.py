"""Celery Desktop: a native desktop console for Celery task queues."""

__version__ = "0.1.0"
