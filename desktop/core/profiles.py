"""Where the console connects to, resolved the way Celery users already configure it.

Precedence for each URL: command line (``--broker``/``--backend``), then the
standard ``CELERY_BROKER_URL``/``CELERY_RESULT_BACKEND`` variables, then the
``-A`` app's own configuration, then the ``CACHE_REDIS_*`` variables (broker
on DB 10, backend on DB 11).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

MASK = "***"
CACHE_REDIS_BROKER_DB = 10
CACHE_REDIS_BACKEND_DB = 11


class ProfileError(ValueError):
    """A connection setting that cannot be used, with a message for the user."""


def _split_userinfo(url: str) -> tuple[str, str, str | None, str] | None:
    """``scheme://user:password@rest`` -> (scheme://, user, password, @rest).

    Done by hand rather than with urllib/kombu so that a password holding an
    unescaped ``@ / ? #`` is still found (those parsers give up or split it).
    """
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return None
    userinfo, _, host = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return scheme + sep, user, password if colon else None, "@" + host


# Query keys (case and separators ignored) whose value is a secret: the whole key is one of these...
SECRET_QUERY_KEYS = frozenset(
    {"password", "passwd", "pwd", "pass", "pw", "token", "auth", "secret", "key", "sas", "sig", "signature", "credential"}
)
# ... or holds one of these (``sentinel_password``, ``AccountKey``, ``access_key``, ``X-Api-Key``, ``client_secret``).
SECRET_QUERY_PARTS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "signature",
    "apikey",
    "accountkey",
    "accesskey",
    "sharedaccesskey",
    "privatekey",
    "authkey",
    "sastoken",
)
# ``key=value`` where a key starts (query, ``;``-separated connection string, or the text's start);
# the value runs to the next ``&`` or ``;`` (it may hold ``=``, as base64 does, and a ``#`` a password
# was written with: ending it there left the password's tail behind).
_QUERY_ITEM = re.compile(r"(?<![A-Za-z0-9_.\-])(?P<key>[A-Za-z][A-Za-z0-9_.\-]{0,63})=(?P<value>[^&;]*)")


def is_secret_query_key(key: str) -> bool:
    """Whether a URL query (or connection string) key names a secret: ``password``, ``Token``, ``AccountKey``, …"""
    compact = re.sub(r"[^a-z0-9]", "", key.lower())
    return compact in SECRET_QUERY_KEYS or any(part in compact for part in SECRET_QUERY_PARTS)


def query_secrets(url: str) -> list[tuple[str, str]]:
    """The (key, value as written) of every secret-looking query item of a URL, in order; empty values left out."""
    return [(m["key"], m["value"]) for m in _QUERY_ITEM.finditer(url) if m["value"] and is_secret_query_key(m["key"])]


def _secret_spans(url: str) -> list[tuple[int, int]]:
    """Where a URL's secrets are, read both ways it can be: the password before the last ``@``, and
    each secret query value (``sentinel://h/0?password=a@b`` is one or the other; both are hidden)."""
    spans = []
    parts = _split_userinfo(url)
    if parts is not None and parts[2]:
        end = len(url) - len(parts[3])
        spans.append((end - len(parts[2]), end))
    # Secrets can also travel in the query string (e.g. sentinel_kwargs, a token, an Azure AccountKey).
    spans += [m.span("value") for m in _QUERY_ITEM.finditer(url) if m["value"] and is_secret_query_key(m["key"])]
    return spans


def _mask_one(url: str) -> str:
    masked, shown_to = [], 0
    for start, end in sorted(_secret_spans(url)):
        if start > shown_to or not masked:
            masked += [url[shown_to:start], MASK]
        shown_to = max(shown_to, end)
    return "".join(masked) + url[shown_to:]


_NEXT_URL = re.compile(r";(?=\s*[A-Za-z][A-Za-z0-9+.-]*://)")


def url_parts(url: str) -> list[str]:
    """The URLs of a ``;``-separated list (Sentinel, failover), split only where the next one starts.

    A password may hold a raw ``;`` itself (``redis://:a;b@host``): splitting at every ``;``
    cut it in two and neither half was recognised, or masked.
    """
    return _NEXT_URL.split(url)


def mask_url(url: str | None) -> str:
    """The URL with every password and secret query value replaced by ``***`` (``;``-separated lists too)."""
    if not url:
        return ""
    return ";".join(_mask_one(part) for part in url_parts(url))


def url_passwords(url: str | None) -> list[str]:
    """Every password (and secret query value) a URL or ``;``-separated list of URLs carries, as written and decoded."""
    found: list[str] = []
    for part in url_parts(url or ""):
        parts = _split_userinfo(part)
        written = [parts[2]] if parts and parts[2] else []
        written += [value for _key, value in query_secrets(part)]
        for secret in written:
            found += [secret, unquote(secret)]
    return found


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
    return ConnectionProfile(
        name=name,
        broker_url=chosen["broker"][0],
        backend_url=chosen["backend"][0],
        app_module=app_module,
        broker_source=chosen["broker"][1],
        backend_source=chosen["backend"][1],
        allow_pickle=allow_pickle,
    )
