"""The Celery app the console talks through: the user's own (``-A proj``) or a bare one."""

from __future__ import annotations

import os
import sys

from celery import Celery
from celery.app.defaults import DEFAULTS

from desktop.core.cluster.broadcast import ConsoleControl
from desktop.core.cluster.rabbitmq import declare_only_missing_queues, is_amqp_url
from desktop.core.cluster.result_backend import guard_backends
from desktop.core.connection.profiles import ConnectionProfile, ProfileError
from desktop.core.connection.secrets import url_parts
from desktop.core.connection.sentinel import is_sentinel_url, no_retry
from desktop.core.connection.tls import amqp_tls_options, tls_options, without_tls_query
from desktop.core.domain.payloads import PICKLE_CONTENT, SAFE_RESULT_CONTENT, cap_message_decompression
from desktop.core.domain.translatable import translate

DEFAULT_CONTROL = "celery.app.control:Control"

# How long a broker connection waits to connect, and for a reply (Redis' socket_timeout, py-amqp's
# read and write timeouts), before the call fails with "no reply": shorter than the console's own
# 5 s wait for a call (ClusterClient.timeout), so that a silent broker ends the call, and frees its
# thread, before the console stops waiting for it.
BROKER_CONNECT_TIMEOUT = 3.0
BROKER_SOCKET_TIMEOUT = 3.0

# Variables Celery's Settings read before the app's own configuration. Once the
# profile has been resolved it owns these choices, so the process stops reading them.
CELERY_URL_VARIABLES = (
    "CELERY_BROKER_URL",
    "CELERY_BROKER_READ_URL",
    "CELERY_BROKER_WRITE_URL",
    "CELERY_RESULT_BACKEND",
)


def load_user_app(module: str, *, from_cwd: bool = True) -> Celery:
    """Import the user's app the way ``celery -A`` does, or say clearly why not.

    ``from_cwd`` (``-A``): the current directory is searched too, but after everything installed
    (a ``redis.py`` lying there never replaces redis-py); never before (Celery's own ``-A`` puts it
    first while importing). The demo's app is the console's own: ``from_cwd=False``.
    """
    import importlib

    from celery.app.utils import find_app

    if from_cwd and os.getcwd() not in sys.path:
        sys.path.append(os.getcwd())
    try:
        app = find_app(module, imp=importlib.import_module)
    except ModuleNotFoundError as exc:
        text = translate("celery_app", "-A {module}: cannot import module {name} (is it on PYTHONPATH, or run from its folder?)")
        raise ProfileError(text.format(module=module, name=repr(exc.name))) from None
    except Exception as exc:  # noqa: BLE001 - any import-time error of user code
        text = translate("celery_app", "-A {module}: importing the app failed: {error}")
        raise ProfileError(text.format(module=module, error=f"{type(exc).__name__}: {exc}")) from None
    if not isinstance(app, Celery):
        raise ProfileError(translate("celery_app", "-A {module}: {app} is not a Celery app").format(module=module, app=repr(app)))
    try:
        app.loader.import_default_modules()  # `imports`/`include` and autodiscovery, as a worker does
    except Exception as exc:  # noqa: BLE001 - user code
        text = translate("celery_app", "-A {module}: importing the app's task modules failed: {error}")
        raise ProfileError(text.format(module=module, error=f"{type(exc).__name__}: {exc}")) from None
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
    # Made before this point (the -A module may make them while it is imported), with the app's own
    # settings and accept list: made again when next asked for, the console's way.
    app.__dict__.pop("control", None)
    guard_backends(app, profile.allow_pickle)
    cap_message_decompression()
    app.conf.update(
        broker_connection_timeout=BROKER_CONNECT_TIMEOUT,
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
    _bound_broker_sockets(app)
    # Fail fast instead of Celery's default of retrying a lost backend for minutes.
    app.conf.result_backend_transport_options = {
        **(app.conf.result_backend_transport_options or {}),
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
    }
    _use_sentinel_master(app, profile)
    _pass_over_silent_sentinels(app, profile)
    _publish_across_a_failover(app, profile)
    if is_amqp_url(profile.broker_url):
        # A queue RabbitMQ has (x-max-priority, quorum) is not declared again as this app would define it.
        declare_only_missing_queues(app)
    return app


def _bound_broker_sockets(app: Celery) -> None:
    """Every broker connection waits at most BROKER_SOCKET_TIMEOUT for a reply (kombu's default: forever).

    A server that accepts and then says nothing would otherwise hold the thread of each call made
    to it for good. Redis reads ``socket_timeout`` and ``socket_connect_timeout``, py-amqp
    ``read_timeout`` and ``write_timeout`` (its connect timeout is broker_connection_timeout); each
    transport is given only its own. The -A app's own value stays when it is shorter (a longer one
    is for its workers).
    """
    options = dict(app.conf.broker_transport_options or {})
    if is_amqp_url(app.conf.broker_url):
        bounds = {"read_timeout": BROKER_SOCKET_TIMEOUT, "write_timeout": BROKER_SOCKET_TIMEOUT}
    else:
        bounds = {"socket_timeout": BROKER_SOCKET_TIMEOUT, "socket_connect_timeout": BROKER_CONNECT_TIMEOUT}
    for name, bound in bounds.items():
        given = options.get(name)
        shorter = isinstance(given, (int, float)) and not isinstance(given, bool) and 0 < given < bound
        options[name] = given if shorter else bound
    app.conf.broker_transport_options = options


def _use_sentinel_master(app: Celery, profile: ConnectionProfile) -> None:
    """A sentinel:// URL needs the master's name (and the sentinels' password, if they ask): the profile's, else the -A app's."""
    for url, setting in (
        (profile.broker_url, "broker_transport_options"),
        (profile.backend_url, "result_backend_transport_options"),
    ):
        if not (url or "").startswith("sentinel://"):
            continue
        options = dict(app.conf[setting] or {})
        if profile.sentinel_master:
            options["master_name"] = profile.sentinel_master
        if profile.sentinel_password:
            options["sentinel_kwargs"] = {**(options.get("sentinel_kwargs") or {}), "password": profile.sentinel_password}
        app.conf[setting] = options


def _pass_over_silent_sentinels(app: Celery, profile: ConnectionProfile) -> None:
    """For sentinel:// URLs: a sentinel that does not answer is passed over for the next one at once.

    redis-py retries each sentinel three times, backing off (about 4 s), before it asks the next one,
    on every master lookup while the first sentinel of the list is down; and Celery gives its
    sentinels no timeouts of their own. The app's own ``sentinel_kwargs`` (e.g. the sentinels'
    password) win over these.
    """
    for url, setting in (
        (profile.broker_url, "broker_transport_options"),
        (profile.backend_url, "result_backend_transport_options"),
    ):
        if not is_sentinel_url(url):
            continue
        options = app.conf.get(setting) or {}
        given = options.get("sentinel_kwargs") or {}
        # Celery's and kombu's sentinel clients are blocking ones: the blocking Retry (the console's
        # own asyncio clients make theirs, sentinel.async_master_client).
        defaults = {"socket_connect_timeout": 3.0, "socket_timeout": 5.0, "retry": no_retry(asynchronous=False)}
        app.conf[setting] = {**options, "sentinel_kwargs": {**defaults, **given}}


# Celery's own task_publish_retry_policy (5.x: a publish is given up after 3 retries, 0.6 s).
CELERY_PUBLISH_RETRY_POLICY = dict(DEFAULTS["task_publish_retry_policy"])
# Through Sentinel: rounds of the sentinel list, waiting 0, 0.5, then 1 s after each; about 10 s in all.
SENTINEL_PUBLISH_ROUNDS = 12
SENTINEL_PUBLISH_INTERVALS = {"interval_start": 0, "interval_step": 0.5, "interval_max": 1.0}
UNBOUNDED_RETRY_SECONDS = 60.0  # how long the console waits for a publish retried without limit


def _publish_across_a_failover(app: Celery, profile: ConnectionProfile) -> None:
    """sentinel:// broker: a call sent while the sentinels switch masters is published once the new master is up.

    During a failover the sentinels name the old master (refused) until they notice it is down
    (their down-after-milliseconds), then no master, then the promoted replica: a few seconds in
    which a publish fails. Celery retries a publish as ``task_publish_retry_policy`` says, and its
    default gives up after 0.6 s; the console's waits about 10 s. kombu counts a retry per URL of
    the list and waits only after a whole round of them, so the retries are counted in rounds. An
    app's own policy stays (and a call's own retry options win over both, as Celery merges them).
    """
    if not is_sentinel_url(profile.broker_url):
        return
    if dict(app.conf.task_publish_retry_policy or {}) != CELERY_PUBLISH_RETRY_POLICY:
        return
    rounds = SENTINEL_PUBLISH_ROUNDS * len(url_parts(profile.broker_url))
    app.conf.task_publish_retry_policy = {"max_retries": rounds, **SENTINEL_PUBLISH_INTERVALS}


def publish_retry_seconds(app: Celery, retry: bool | None = None, retry_policy: dict | None = None) -> float:
    """At most how long Celery waits between the retries of one publish (the app's policy, a call's own over it).

    The console waits that much longer for a send, so that a call still being retried is not
    reported as failed (and then published after all). Without a limit on retries: a minute.
    """
    if not (app.conf.task_publish_retry if retry is None else retry):
        return 0.0
    policy = {**CELERY_PUBLISH_RETRY_POLICY, **(app.conf.task_publish_retry_policy or {}), **(retry_policy or {})}
    if policy.get("max_retries") is None:
        return UNBOUNDED_RETRY_SECONDS
    start, step, most = (float(policy[k] or 0) for k in ("interval_start", "interval_step", "interval_max"))
    return sum(min(start + step * i, most) for i in range(int(policy["max_retries"])))


def _use_tls_options(app: Celery, profile: ConnectionProfile) -> None:
    """rediss:// options read once (desktop.core.connection.tls) and given to kombu and the backend as settings.

    The URLs lose their ssl_* parameters, so Celery and kombu do not read them again, their own ways.
    """
    for role, url, url_setting, tls_setting in (
        ("broker", profile.broker_url, "broker_url", "broker_use_ssl"),
        ("result backend", profile.backend_url, "result_backend", "redis_backend_use_ssl"),
    ):
        try:
            options = tls_options(url, app.conf.get(tls_setting) or None)
        except ProfileError as exc:
            if role == "broker":
                text = translate("celery_app", "broker URL: {error}")
            else:
                text = translate("celery_app", "result backend URL: {error}")
            raise ProfileError(text.format(error=profile.redact(str(exc)))) from None
        if options is None:
            continue
        app.conf[tls_setting] = options.connection_kwargs()
        app.conf[url_setting] = without_tls_query(url)
        _mark_tls_in_pool_key(app, tls_setting)
    _use_amqp_tls_options(app, profile)


def _use_amqp_tls_options(app: Celery, profile: ConnectionProfile) -> None:
    """amqps:// options read once (desktop.core.connection.tls) and given to py-amqp as broker_use_ssl, the URL without them."""
    try:
        options = amqp_tls_options(profile.broker_url, app.conf.get("broker_use_ssl") or None)
    except ProfileError as exc:
        raise ProfileError(translate("celery_app", "broker URL: {error}").format(error=profile.redact(str(exc)))) from None
    if options is None:
        return
    app.conf.broker_use_ssl = options.amqp_kwargs()
    app.conf.broker_url = without_tls_query(profile.broker_url)
    _mark_tls_in_pool_key(app, "broker_use_ssl")


def _mark_tls_in_pool_key(app: Celery, tls_setting: str) -> None:
    if tls_setting == "broker_use_ssl":
        # kombu's process-wide producer pool tells connections apart by host, credentials, db and
        # transport options, not by TLS settings: without this, a connection opened with other
        # TLS settings (another profile, another CA) would be reused as if it were this one's.
        # (py-amqp is given the transport options as connection arguments too, and ignores this one.)
        app.conf.broker_transport_options = {
            **(app.conf.broker_transport_options or {}),
            "celery_desktop_tls": repr(sorted(app.conf[tls_setting].items())),
        }
