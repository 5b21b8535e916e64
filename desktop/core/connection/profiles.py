"""Where the console connects to, resolved the way Celery users already configure it.

Precedence for each URL: command line (``--broker``/``--backend``), then the
standard ``CELERY_BROKER_URL``/``CELERY_RESULT_BACKEND`` variables, then the
``-A`` app's own configuration, then the ``CACHE_REDIS_*`` variables (broker
on DB 10, backend on DB 11).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from desktop.core.connection.secrets import MASK, mask_url, url_passwords
from desktop.core.connection.url_hints import scheme_problem

CACHE_REDIS_BROKER_DB = 10
CACHE_REDIS_BACKEND_DB = 11


class ProfileError(ValueError):
    """A connection setting that cannot be used, with a message for the user."""


@dataclass(frozen=True)
class ConnectionProfile:
    """One deployment the console talks to."""

    name: str = "default"
    broker_url: str | None = None
    backend_url: str | None = None
    app_module: str | None = None
    broker_source: str = ""
    backend_source: str = ""
    allow_pickle: bool = False
    poll_interval: float | None = None  # None: by backend (0.5 s Redis, 5 s database)
    refresh_interval: float = 5.0
    sentinel_master: str | None = None  # the Sentinel master name (master_name) for sentinel:// URLs
    sentinel_password: str | None = None  # the sentinels' own password (sentinel_kwargs), when they ask for one
    management_url: str | None = None  # RabbitMQ's management HTTP API (http://user:password@host:15672/), if given
    read_only: bool = False  # nothing sent, revoked, forgotten, purged or changed (ClusterClient.run_mutation)
    production: bool = False  # marked in the window; destructive actions ask for the profile's name (or the count) first

    @property
    def masked_broker(self) -> str:
        return mask_url(self.broker_url)

    @property
    def masked_backend(self) -> str:
        return mask_url(self.backend_url)

    @property
    def masked_management(self) -> str:
        return mask_url(self.management_url)

    @property
    def history_key(self) -> str:
        """Whose history a session reads and writes: the profile's name, or for an unnamed one its masked URLs."""
        if self.name and self.name != "default":
            return self.name
        return f"{self.masked_broker} | {self.masked_backend}"

    @property
    def secrets(self) -> tuple[str, ...]:
        found = url_passwords(self.broker_url) + url_passwords(self.backend_url) + url_passwords(self.management_url)
        return tuple(s for s in [*found, self.sentinel_password] if s)

    def redact(self, text: str) -> str:
        """Remove this profile's passwords from any text before it is shown or logged."""
        for secret in sorted(set(self.secrets), key=len, reverse=True):
            text = text.replace(secret, MASK).replace(quote(secret, safe=""), MASK)
        return text

    def __repr__(self) -> str:  # never let a password reach a log through repr()
        return (
            f"ConnectionProfile(name={self.name!r}, broker={self.masked_broker!r}, "
            f"backend={self.masked_backend!r}, app={self.app_module!r})"
        )

    def to_dict(self) -> dict:
        """The masked form, safe for dumps and logs."""
        return {
            "name": self.name,
            "broker": self.masked_broker,
            "backend": self.masked_backend,
            "broker_source": self.broker_source,
            "backend_source": self.backend_source,
            "app": self.app_module,
            "allow_pickle": self.allow_pickle,
            "read_only": self.read_only,
            "production": self.production,
            **({"sentinel_master": self.sentinel_master} if self.sentinel_master else {}),
            **({"management": self.masked_management} if self.management_url else {}),
        }


def cache_redis_urls(env: Mapping[str, str]) -> tuple[str, str] | None:
    """Broker and backend URLs from ``CACHE_REDIS_HOST/PORT/PASSWORD``, if any is set."""
    keys = ("CACHE_REDIS_HOST", "CACHE_REDIS_PORT", "CACHE_REDIS_PASSWORD")
    if not any(env.get(k) for k in keys):
        return None
    host = env.get("CACHE_REDIS_HOST") or "127.0.0.1"
    port_text = env.get("CACHE_REDIS_PORT") or "6379"
    try:
        port = int(port_text)
    except ValueError:
        raise ProfileError(f"CACHE_REDIS_PORT must be a port number, not {port_text!r}") from None
    if not 0 < port < 65536:
        raise ProfileError(f"CACHE_REDIS_PORT must be between 1 and 65535, not {port}")
    password = env.get("CACHE_REDIS_PASSWORD") or ""
    auth = f":{quote(password, safe='')}@" if password else ""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    base = f"redis://{auth}{host}:{port}"
    return f"{base}/{CACHE_REDIS_BROKER_DB}", f"{base}/{CACHE_REDIS_BACKEND_DB}"


def resolve_profile(
    *,
    broker: str | None = None,
    backend: str | None = None,
    app_module: str | None = None,
    app_urls: tuple[str | None, str | None] = (None, None),
    env: Mapping[str, str] | None = None,
    allow_pickle: bool = False,
    name: str = "default",
) -> ConnectionProfile:
    """Pick each URL from the first source that gives one (see module docstring).

    ``app_urls`` are the broker and backend read from the ``-A`` app's configuration.
    """
    env = os.environ if env is None else env
    cache = cache_redis_urls(env)
    candidates = {
        "broker": [
            (broker, "--broker"),
            (env.get("CELERY_BROKER_URL"), "CELERY_BROKER_URL"),
            (app_urls[0], f"app {app_module}"),
            (cache[0] if cache else None, "CACHE_REDIS_*"),
        ],
        "backend": [
            (backend, "--backend"),
            (env.get("CELERY_RESULT_BACKEND"), "CELERY_RESULT_BACKEND"),
            (app_urls[1], f"app {app_module}"),
            (cache[1] if cache else None, "CACHE_REDIS_*"),
        ],
    }
    chosen: dict[str, tuple[str | None, str]] = {}
    for role, options in candidates.items():
        chosen[role] = next(((u, s) for u, s in options if u), (None, "not configured"))
    for role, (url, source) in chosen.items():
        if url is not None and not isinstance(url, str):
            raise ProfileError(f"{role} URL from {source} is not text: {type(url).__name__}")
        if url and "://" not in url and role == "broker":
            raise ProfileError(f"broker URL from {source} has no scheme (expected e.g. redis://host:6379/0): {mask_url(url)!r}")
        if url and (problem := scheme_problem(role, url)):  # before anything connects (kombu: "No such transport")
            raise ProfileError(f"{role} URL from {source}: {problem}")
    return ConnectionProfile(
        name=name,
        broker_url=chosen["broker"][0],
        backend_url=chosen["backend"][0],
        app_module=app_module,
        broker_source=chosen["broker"][1],
        backend_source=chosen["backend"][1],
        allow_pickle=allow_pickle,
    )
