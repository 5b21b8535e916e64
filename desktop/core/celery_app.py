"""The Celery app the console talks through: the user's own (``-A proj``) or a bare one."""

from __future__ import annotations

import os
import sys

from celery import Celery

from desktop.core.control import ConsoleControl
from desktop.core.profiles import ConnectionProfile, ProfileError
from desktop.core.tls import tls_options, without_tls_query

# Formats the console decodes from the result backend. Pickle is only added when
# the user opted in for the connection: unpickling runs code chosen by whoever
# can write to the backend.
SAFE_RESULT_CONTENT = ["json", "application/json", "msgpack", "application/x-msgpack", "yaml", "application/x-yaml"]
PICKLE_CONTENT = ["pickle", "application/x-python-serialize"]
DEFAULT_CONTROL = "celery.app.control:Control"

# Variables Celery's Settings read before the app's own configuration. Once the
# profile has been resolved it owns these choices, so the process stops reading them.
CELERY_URL_VARIABLES = (
    "CELERY_BROKER_URL",
    "CELERY_BROKER_READ_URL",
    "CELERY_BROKER_WRITE_URL",
    "CELERY_RESULT_BACKEND",
)


def load_user_app(module: str) -> Celery:
    """Import the user's app the way ``celery -A`` does, or say clearly why not."""
    from celery.app.utils import find_app

    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        app = find_app(module)
    except ModuleNotFoundError as exc:
        raise ProfileError(
            f"-A {module}: cannot import module {exc.name!r} (is it on PYTHONPATH, or run from its folder?)"
        ) from None
    except Exception as exc:  # noqa: BLE001 - any import-time error of user code
        raise ProfileError(f"-A {module}: importing the app failed: {type(exc).__name__}: {exc}") from None
    if not isinstance(app, Celery):
        raise ProfileError(f"-A {module}: {app!r} is not a Celery app")
    try:
        app.loader.import_default_modules()  # `imports`/`include` and autodiscovery, as a worker does
    except Exception as exc:  # noqa: BLE001 - user code
        raise ProfileError(f"-A {module}: importing the app's task modules failed: {type(exc).__name__}: {exc}") from None
    return app


def build_console_app(profile: ConnectionProfile, user_app: Celery | None = None) -> Celery:
    """Configure an app for the console: the profile's URLs, short timeouts, no surprise pickle."""
    app = user_app or Celery("celery-desktop", set_as_current=False)
    for name in CELERY_URL_VARIABLES:
        os.environ.pop(name, None)
    app.conf.broker_url = profile.broker_url
    app.conf.result_backend = profile.backend_url
    _use_tls_options(app, profile)
    accept = SAFE_RESULT_CONTENT + (PICKLE_CONTENT if profile.allow_pickle else [])
    app.conf.result_accept_content = accept
    if not profile.allow_pickle:
        app.conf.accept_content = [c for c in app.conf.accept_content if c not in PICKLE_CONTENT] or ["json"]
        # Events are read as {event_serializer, json}, whatever accept_content says: an app that
        # pickles its events is read as JSON here (pickled events are then dropped, never decoded).
        if app.conf.event_serializer in PICKLE_CONTENT:
            app.conf.event_serializer = "json"
    # Replies to ping and inspect are read with the accept list above, and one a worker (or anyone
    # who can write to the broker) sent unreadable is dropped instead of ending the whole call.
    if app.control_cls == DEFAULT_CONTROL:
        app.control_cls = ConsoleControl
        app.__dict__.pop("control", None)  # made before this point: made again, with this accept list
    app.conf.update(
        broker_connection_timeout=3.0,
        broker_connection_retry=False,
        broker_connection_max_retries=1,
        redis_socket_connect_timeout=3.0,
        redis_socket_timeout=5.0,
        result_backend_always_retry=False,
    )
    # Opening a broker connection retries on its own (2 s apart, until the connect timeout) unless
    # the transport options bound it; a console should say "refused" at once, not after 6 s.
    app.conf.broker_transport_options = {
        **(app.conf.broker_transport_options or {}),
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
    # Fail fast instead of Celery's default of retrying a lost backend for minutes.
    app.conf.result_backend_transport_options = {
        **(app.conf.result_backend_transport_options or {}),
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
    }
    _use_sentinel_master(app, profile)
    return app


def _use_sentinel_master(app: Celery, profile: ConnectionProfile) -> None:
    """A sentinel:// URL needs the master's name: the profile's, else what the -A app configures."""
    if not profile.sentinel_master:
        return
    if (profile.broker_url or "").startswith("sentinel://"):
        app.conf.broker_transport_options = {**app.conf.broker_transport_options, "master_name": profile.sentinel_master}
    if (profile.backend_url or "").startswith("sentinel://"):
        app.conf.result_backend_transport_options = {
            **app.conf.result_backend_transport_options,
            "master_name": profile.sentinel_master,
        }


def _use_tls_options(app: Celery, profile: ConnectionProfile) -> None:
    """rediss:// options read once (desktop.core.tls) and given to kombu and the backend as settings.

    The URLs lose their ssl_* parameters, so Celery and kombu do not read them again, their own ways.
    """
    for role, url, url_setting, tls_setting in (
        ("broker", profile.broker_url, "broker_url", "broker_use_ssl"),
        ("result backend", profile.backend_url, "result_backend", "redis_backend_use_ssl"),
    ):
        try:
            options = tls_options(url, app.conf.get(tls_setting) or None)
        except ProfileError as exc:
            raise ProfileError(f"{role} URL: {profile.redact(str(exc))}") from None
        if options is None:
            continue
        app.conf[tls_setting] = options.connection_kwargs()
        app.conf[url_setting] = without_tls_query(url)
        if tls_setting == "broker_use_ssl":
            # kombu's process-wide producer pool tells connections apart by host, credentials, db and
            # transport options, not by TLS settings: without this, a connection opened with other
            # TLS settings (another profile, another CA) would be reused as if it were this one's.
            app.conf.broker_transport_options = {
                **(app.conf.broker_transport_options or {}),
                "celery_desktop_tls": repr(sorted(app.conf[tls_setting].items())),
            }
