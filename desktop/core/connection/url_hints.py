"""What a URL that cannot work is missing, said before (or instead of) a bare driver error.

Two cases. A scheme nothing here speaks (``garbage://``, ``redsi://``) is named with the schemes
that work, before any connection is tried: kombu would say ``KeyError: 'No such transport'``.
And the seed-style ``redis://auth:PASSWORD@host`` (a user name before the password, as older
Celery configs wrote it): Redis 6+ reads that as an ACL login and a requirepass-only server
answers WRONGPASS; one AUTH with the password alone tells whether dropping the name would work.

Kept free of ``profiles`` and ``tls`` (profiles imports this): the caller gives TLS options.
kombu's and Celery's alias tables are imported only for a scheme outside the supported list, so
start-up never pays for them.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from desktop.core.connection.secrets import _split_userinfo, url_parts
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

CONTEXT = "url_hints"  # the catalogue's context (lupdate needs the literal at each call)
ROLES = {"broker": QT_TRANSLATE_NOOP("url_hints", "broker"), "backend": QT_TRANSLATE_NOOP("url_hints", "result backend")}

# The schemes the console is tested with (README: Brokers and result backends), in the order they are listed.
SUPPORTED = {
    "broker": ("redis", "rediss", "redis+socket", "sentinel", "amqp", "amqps", "pyamqp"),
    "backend": ("redis", "rediss", "redis+socket", "sentinel", "db+sqlite", "db+postgresql", "db+mysql", "rpc"),
}
# How the list reads in a message ("db+<dialect>" is one family).
LISTED = {
    "broker": "redis, rediss, redis+socket, sentinel, amqp, amqps, pyamqp",
    "backend": "redis, rediss, redis+socket, sentinel, db+<dialect> (db+sqlite, db+postgresql, …), rpc",
}
_SUPPORTED_TRANSPORTS = {
    "broker": {s.split("+", 1)[0] for s in SUPPORTED["broker"]},
    "backend": {s.split("+", 1)[0] for s in SUPPORTED["backend"]} | {"db"},
}
MAX_SHOWN = 40  # characters of a typed scheme quoted back

REDIS_SCHEMES = ("redis", "rediss", "redis+socket", "rediss+socket")
LOGIN_REFUSED = QT_TRANSLATE_NOOP("url_hints", "login refused")  # how the user-name hint begins (the server answered)
CONNECT_WITHOUT_USER = QT_TRANSLATE_NOOP("url_hints", "Connect without the user name?")
_WRONGPASS = ("wrongpass", "invalid username-password pair")


def _aliases(role: str) -> set[str]:
    """Every scheme kombu (broker) or Celery (backend) knows here; imported only when asked."""
    if role == "broker":
        from kombu.transport import TRANSPORT_ALIASES

        return {name.lower() for name in TRANSPORT_ALIASES}
    from celery.app.backends import BACKEND_ALIASES

    return set(BACKEND_ALIASES)


def _shown(text: str) -> str:
    return repr(text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…")


def _scheme(url: str) -> str | None:
    scheme, sep, _ = url.strip().partition("://")
    return scheme if sep else None


def scheme_problem(role: str, url: str | None) -> str | None:
    """Why ``url`` (one, or a ``;``-separated list) cannot be a ``role`` URL by its scheme, or None.

    A URL without ``://`` is not judged here (a backend may be named by its module path). The
    broker's scheme is read as kombu reads it (lower-cased, ``redis+socket`` as ``redis``);
    the backend's as Celery does (as written: ``REDIS://`` is not a backend).
    """
    for part in url_parts(url or ""):
        scheme = _scheme(part)
        if not scheme:
            continue
        name = scheme.lower() if role == "broker" else scheme
        transport = name.split("+", 1)[0]
        if transport in _SUPPORTED_TRANSPORTS[role]:
            continue
        if role == "backend" and any(c in transport for c in ".:"):  # "pkg.module:Backend" (Celery's by_name)
            continue
        known = _aliases(role)
        if transport in known:
            continue
        return unknown_scheme_message(role, scheme, known)
    return None


def unknown_scheme_message(role: str, scheme: str, known: set[str] | None = None) -> str:
    """``unknown broker scheme 'redsi': did you mean redis://? Schemes that work: redis, rediss, …``."""
    known = _aliases(role) if known is None else known
    guess = suggestion(scheme, role, known)
    if guess:
        text = translate("url_hints", "unknown {role} scheme {scheme}: did you mean {guess}://? Schemes that work: {listed}")
    else:
        text = translate("url_hints", "unknown {role} scheme {scheme}. Schemes that work: {listed}")
    role_name = translate(CONTEXT, ROLES[role])
    return text.format(role=role_name, scheme=_shown(scheme), guess=guess, listed=LISTED[role])


def suggestion(scheme: str, role: str, known: set[str] | None = None) -> str | None:
    """The supported scheme (else any known one) a typo is closest to, or None."""
    typed = scheme.lower()
    for candidates in (SUPPORTED[role], sorted(known or ())):
        found = difflib.get_close_matches(typed, candidates, n=1, cutoff=0.6)
        if found:
            return found[0]
    return None


# -- redis://auth:PASSWORD@host ---------------------------------------------------------------


def user_and_password(url: str | None) -> tuple[str, str] | None:
    """(user, password) of a Redis URL (the first of a list) holding both, decoded; else None."""
    first = url_parts(url or "")[0]
    scheme = (_scheme(first) or "").lower()
    if scheme not in REDIS_SCHEMES:
        return None
    parts = _split_userinfo(first)
    if parts is None or not parts[1] or not parts[2]:
        return None
    return unquote(parts[1]), unquote(parts[2])


def without_user_name(url: str) -> str:
    """The URL (each of a list) with its user name dropped, the password kept: ``redis://:PASSWORD@host``."""
    kept = []
    for part in url_parts(url):
        parts = _split_userinfo(part)
        if parts is None or not parts[1] or parts[2] is None:
            kept.append(part)
            continue
        prefix, _user, password, host = parts
        kept.append(f"{prefix}:{password}{host}")
    return ";".join(kept)


def without_user_names(profile: Any, roles: tuple[str, ...] = ("broker", "backend")) -> Any:
    """The profile (any dataclass with ``broker_url``/``backend_url``) with those roles' user names dropped."""
    changes = {}
    for role in roles:
        url = getattr(profile, f"{role}_url")
        if url and user_and_password(url):
            changes[f"{role}_url"] = without_user_name(url)
    return replace(profile, **changes) if changes else profile


def is_wrong_login(error: str | None) -> bool:
    return bool(error) and any(word in error.lower() for word in _WRONGPASS)


def password_alone_works(url: str, password: str, timeout: float = 2.0, tls_kwargs: dict | None = None) -> bool:
    """Whether the server of this Redis URL takes ``password`` alone: one fresh connection, one AUTH, closed again.

    Blocking (connect and one round trip, each within ``timeout``); any failure is False.
    """
    from urllib.parse import urlsplit

    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    first = url_parts(url)[0]
    scheme = (_scheme(first) or "").lower()
    parts = _split_userinfo(first)
    rest = parts[3][1:] if parts else first.partition("://")[2]  # after the "@": host, port, path, query
    common: dict[str, Any] = {
        "password": password,
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(NoBackoff(), 0),
        "driver_info": None,  # no CLIENT SETINFO: the AUTH alone
    }
    try:
        if scheme.endswith("+socket"):
            path = rest.split("?", 1)[0]
            connection = redis.UnixDomainSocketConnection(path=path, **common)
        else:
            address = urlsplit(f"//{rest}")
            host, port = address.hostname or "127.0.0.1", address.port or 6379
            if scheme == "rediss":
                connection = redis.SSLConnection(host=host, port=port, **common, **(tls_kwargs or {}))
            else:
                connection = redis.Connection(host=host, port=port, **common)
    except (ValueError, TypeError):
        return False
    try:
        connection.connect()  # AUTH <password>, nothing else: no SELECT, no CLIENT SETINFO
        return True
    except Exception:  # noqa: BLE001 - any failure means "no"
        return False
    finally:
        connection.disconnect()


def user_name_hint(url: str | None, error: str | None, *, timeout: float = 2.0, tls_kwargs: dict | None = None) -> str | None:
    """For a WRONGPASS on a URL with a user name: the hint, when the password alone is taken; else None. Blocking."""
    if not is_wrong_login(error):
        return None
    found = user_and_password(url)
    if found is None:
        return None
    user, password = found
    if not password_alone_works(url or "", password, timeout, tls_kwargs):
        return None
    text = translate(
        "url_hints", "{refused}: the server has no user {user}: it takes the password alone (Redis requirepass). {offer}"
    )
    return text.format(refused=login_refused(), user=_shown(user), offer=translate(CONTEXT, CONNECT_WITHOUT_USER))


def login_refused() -> str:
    """How the user-name hint begins, in the window's language (not "unreachable": the server answered)."""
    return translate(CONTEXT, LOGIN_REFUSED)


def offers_connect_without_user(message: str | None) -> bool:
    """Whether a status message is the user-name hint (the connection bar then offers the fix)."""
    offer = translate(CONTEXT, CONNECT_WITHOUT_USER)
    return bool(message) and message.startswith(login_refused()) and message.endswith(offer)
