"""Every mask of a secret, in one place: URL passwords, secret query values, ``password=…`` in free
text, secret keys in a worker's configuration.

A URL is masked before it is shown or logged (``redis://:***@host``); a worker's reply is masked
before anyone sees it. Done by hand rather than with kombu's ``maybe_sanitize_url`` because that
misses a password holding ``@ / ? #``, query secrets (``?password=``, ``AccountKey=``) and
``;``-separated lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

MASK = "***"


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


# A configuration key holding one of these anywhere (case and separators ignored) is a secret.
SECRET_KEY_PARTS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "apikey",
    "privatekey",
    "accesskey",
    "authkey",
    "signature",
)

# Query keys (case and separators ignored) whose value is a secret: the whole key is one of these...
SECRET_QUERY_KEYS = frozenset(
    {"password", "passwd", "pwd", "pass", "pw", "token", "auth", "secret", "key", "sas", "sig", "signature", "credential"}
)
# ... or holds one of the parts a configuration key's secret does, or one that names a cloud
# credential in a connection string (``sentinel_password``, ``AccountKey``, ``X-Api-Key``, ``SharedAccessKey``).
SECRET_QUERY_PARTS = (*SECRET_KEY_PARTS, "accountkey", "sharedaccesskey", "sastoken")
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


# ... and so is a key with one of these as a whole word (``redis_pass``, ``auth_kwargs``).
_SECRET_WORDS = frozenset({"pass", "pwd", "pw", "key", "keys", "auth", "authorization", "sig", "private", "cookie", "sas"})
# ``key`` is harmless next to these: ``task_default_routing_key``, ``key_prefix``.
_KEY_NEUTRAL_BEFORE = frozenset({"routing", "sort", "partition", "binding", "hash", "primary", "foreign", "shard", "index"})
_KEY_NEUTRAL_AFTER = frozenset({"prefix", "fmt", "format", "separator", "sep", "field", "fields", "name", "names", "type"})

_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
# Bounded so that no input makes these scan quadratically (a worker's conf can hold megabytes).
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,30}://\S+")
# ``password=x``, ``'token': 'x'``, ``AccountKey=x`` inside free text (reprs, connection strings):
# a secret word right before ``=`` or ``:``; the value (quoted or bare) is replaced.
_SECRET_IN_TEXT = re.compile(
    r"""(?ix)
    (?P<key>password|passwd|pwd|secret|token|credentials?|key|signature|sig)
    (?P<sep>['"]?[ \t]{0,8}[:=][ \t]{0,8})
    (?:(?P<q>['"])(?P<quoted>[^\n]{0,1000}?)(?P=q)|(?P<bare>[^\s'",;&}\])]+))
    """
)
_MAX_DEPTH = 40


def is_secret_key(key: object) -> bool:
    """Whether a configuration key names a secret; errs on the side of hiding."""
    if not isinstance(key, str):
        return False
    compact = re.sub(r"[^a-z0-9]", "", key.lower())
    if any(part in compact for part in SECRET_KEY_PARTS):
        return True
    words = [w.lower() for w in _WORDS.findall(key)]
    for i, word in enumerate(words):
        if word not in _SECRET_WORDS:
            continue
        if word in ("key", "keys"):
            before = words[i - 1] if i else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            if before in _KEY_NEUTRAL_BEFORE or after in _KEY_NEUTRAL_AFTER:
                continue
        return True
    return False


def mask_text(text: str) -> str:
    """Free text with every URL password and ``password=…``-style value replaced by ``***``."""
    if "://" in text and not any(c.isspace() for c in text):
        text = mask_url(text)  # a whole URL (or ;-list): handles passwords holding @ : / ?
    elif "://" in text:
        text = _URL_IN_TEXT.sub(lambda m: mask_url(m.group(0)), text)

    def hide(m: re.Match) -> str:
        if m.group("q"):
            return f"{m.group('key')}{m.group('sep')}{m.group('q')}{MASK}{m.group('q')}"
        return f"{m.group('key')}{m.group('sep')}{MASK}"

    return _SECRET_IN_TEXT.sub(hide, text)


def mask_value(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        return MASK
    if isinstance(value, Mapping):
        return {_mask_key(k): _mask_entry(k, v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [mask_value(v, depth + 1) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, (bytes, bytearray)):
        return mask_text(bytes(value).decode("utf-8", "replace"))
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return mask_text(repr(value))


def _mask_entry(key: object, value: Any, depth: int) -> Any:
    if is_secret_key(key) and value is not None and not isinstance(value, bool) and value != "":
        return MASK  # even a dict: ``cassandra_auth_kwargs`` is all secret
    return mask_value(value, depth)


def _mask_key(key: object) -> object:
    return mask_text(key) if isinstance(key, str) and ("://" in key or "=" in key) else key


def mask_conf(conf: Mapping[str, Any]) -> dict[str, Any]:
    """A worker's configuration with secrets hidden, nested dicts and lists included.

    Celery already censors some keys on the worker, but not inside lists, not
    custom settings, and not URLs under keys it does not think of as URLs.
    """
    if not isinstance(conf, Mapping):
        return {"value": mask_value(conf)}
    return {_mask_key(k): _mask_entry(k, v, 1) for k, v in conf.items()}


def mask_stats(stats: Any) -> Any:
    """Only the broker section: task names in ``total`` are not secrets, even ``rotate_key``."""
    if isinstance(stats, Mapping):
        return {k: (mask_value(v) if k == "broker" else v) for k, v in stats.items()}
    return stats
