"""The connection dialog's fields as typed, checked into a ConnectionProfile or one message per field.

Kept apart from the dialog so every rule can be tested without Qt, and so nothing typed (NUL
bytes, 100,000 characters, a port past 65535) can raise: ``validate()`` returns errors, it never
throws. TLS options for ``rediss://`` and ``amqps://`` travel in the URLs as the query parameters Celery and kombu
read (``ssl_cert_reqs``, ``ssl_ca_certs``, ``ssl_certfile``, ``ssl_keyfile``), so a saved profile
needs nothing beside its two URLs. No message ever quotes a password.
"""

from __future__ import annotations

import keyword
import math
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, unquote_plus

from kombu.utils.url import url_to_parts

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.secrets import MASK, _split_userinfo, url_parts, url_passwords
from desktop.core.connection.url_hints import ROLES, scheme_problem
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

MAX_URL = 4096
MAX_PATH = 4096
MAX_NAME = 100
MAX_PASSWORD = 1024
MAX_SHOWN = 60  # characters of a typed value quoted back in a message
MAX_SHOWN_PATH = 240
POLL_RANGE = (0.05, 3600.0)
CERT_REQS = ("required", "optional", "none")
CERT_REQS_QUERY = {"required": "CERT_REQUIRED", "optional": "CERT_OPTIONAL", "none": "CERT_NONE"}
# what Celery's redis backend and kombu's redis transport accept for ssl_cert_reqs
_CERT_REQS_ACCEPTED = {*CERT_REQS, *CERT_REQS_QUERY.values()}
CONTEXT = "connection_form"  # the catalogue's context (lupdate needs the literal at each call)
TLS_FILES = (  # form field, query key, what the user calls it (translated where shown)
    ("tls_ca_file", "ssl_ca_certs", QT_TRANSLATE_NOOP("connection_form", "CA file")),
    ("tls_cert_file", "ssl_certfile", QT_TRANSLATE_NOOP("connection_form", "client certificate")),
    ("tls_key_file", "ssl_keyfile", QT_TRANSLATE_NOOP("connection_form", "client key")),
)
TLS_KEYS = ("ssl_cert_reqs", "ssl_ca_certs", "ssl_certfile", "ssl_keyfile")
EXAMPLES = {"broker": "redis://host:6379/0", "backend": "redis://host:6379/1"}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


@dataclass(frozen=True)
class FormResult:
    """A profile ready to save, or why not (field name -> message)."""

    profile: ConnectionProfile | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.profile is not None and not self.errors

    def error_for(self, name: str) -> str:
        return self.errors.get(name, "")


@dataclass(frozen=True)
class ConnectionForm:
    """What the connection dialog holds, exactly as typed."""

    name: str = ""
    broker_url: str = ""
    broker_password: str = ""  # typed apart from the URL, so it can be masked while typed
    backend_url: str = ""
    backend_password: str = ""
    app_module: str = ""
    allow_pickle: bool = False
    poll_interval: str = ""  # seconds; "" = by backend
    tls_ca_file: str = ""
    tls_cert_file: str = ""
    tls_key_file: str = ""
    tls_cert_reqs: str = "required"
    sentinel_master: str = ""  # for sentinel:// URLs
    sentinel_password: str = ""  # the sentinels' own, when they ask for one (not the data password)
    management_url: str = ""  # RabbitMQ's management API, for amqp:// brokers
    management_password: str = ""
    read_only: bool = False  # nothing sent, revoked, purged or changed through this profile
    production: bool = False  # marked in the window; destructive actions ask for the profile's name first

    @property
    def uses_sentinel(self) -> bool:
        return any(
            _scheme_of(part) == "sentinel"
            for url in (self.broker_url, self.backend_url)
            for part in url_parts(_text(url).strip())
        )

    @property
    def uses_amqp(self) -> bool:
        """Whether the broker is RabbitMQ (or another AMQP server): its management API may be given."""
        return _scheme_of(_text(self.broker_url).strip()) in AMQP_SCHEMES

    @property
    def uses_tls(self) -> bool:
        """Whether a URL is rediss:// or amqps://, the cases the TLS fields apply to."""
        return any(_is_tls_url(part) for url in (self.broker_url, self.backend_url) for part in url_parts(_text(url).strip()))

    def validate(self, taken_names: Collection[str] = ()) -> FormResult:
        """The profile these fields describe, or a message for each field that is wrong; never raises."""
        check = _Check(self)
        name = check.name(taken_names)
        tls = check.tls() if self.uses_tls else {}
        broker = check.url("broker", _text(self.broker_url), _text(self.broker_password), tls, required=True)
        backend = check.url("backend", _text(self.backend_url), _text(self.backend_password), tls, required=False)
        app_module = check.app_module()
        poll = check.poll_interval()
        master = check.sentinel_master(app_module) if self.uses_sentinel else None
        sentinel_password = check.sentinel_password() if self.uses_sentinel else None
        management = check.management() if self.uses_amqp else None
        if check.errors:
            return FormResult(None, check.errors)
        profile = ConnectionProfile(
            name=name,
            broker_url=broker,
            backend_url=backend,
            app_module=app_module,
            broker_source=f"profile {name}",
            backend_source=f"profile {name}",
            allow_pickle=bool(self.allow_pickle),
            poll_interval=poll,
            sentinel_master=master,
            sentinel_password=sentinel_password,
            management_url=management,
            read_only=bool(self.read_only),
            production=bool(self.production),
        )
        return FormResult(profile)


def from_profile(profile: ConnectionProfile) -> ConnectionForm:
    """The form that gives this profile back: passwords into their own fields, shared TLS options into the TLS fields."""
    broker, broker_password = _take_password(profile.broker_url or "")
    backend, backend_password = _take_password(profile.backend_url or "")
    management, management_password = _take_password(profile.management_url or "")
    rediss = [part for url in (broker, backend) for part in url_parts(url) if _is_tls_url(part)]
    shared: dict[str, str] = {}
    for key in TLS_KEYS:
        values = [_query_value(part, key) for part in rediss]
        if values and values[0] is not None and all(v == values[0] for v in values):
            shared[key] = values[0]
    cert_reqs = shared.get("ssl_cert_reqs", "required")
    cert_reqs = next((k for k, v in CERT_REQS_QUERY.items() if cert_reqs in (k, v)), None)
    if cert_reqs is None:  # a value the form cannot show stays in the URLs (and is reported there)
        shared.pop("ssl_cert_reqs", None)
        cert_reqs = "required"
    for key in ("ssl_ca_certs", "ssl_certfile", "ssl_keyfile"):
        if not shared.get(key, "x").strip():  # an empty path too
            shared.pop(key)
    broker = ";".join(_drop_query(part, shared) if _is_tls_url(part) else part for part in url_parts(broker)) if broker else ""
    backend = ";".join(_drop_query(part, shared) if _is_tls_url(part) else part for part in url_parts(backend)) if backend else ""
    return ConnectionForm(
        name="" if profile.name == "default" else profile.name,
        broker_url=broker,
        broker_password=broker_password,
        backend_url=backend,
        backend_password=backend_password,
        app_module=profile.app_module or "",
        allow_pickle=profile.allow_pickle,
        poll_interval="" if profile.poll_interval is None else str(profile.poll_interval),
        tls_ca_file=shared.get("ssl_ca_certs", ""),
        tls_cert_file=shared.get("ssl_certfile", ""),
        tls_key_file=shared.get("ssl_keyfile", ""),
        tls_cert_reqs=cert_reqs,
        sentinel_master=profile.sentinel_master or "",
        sentinel_password=profile.sentinel_password or "",
        management_url=management,
        management_password=management_password,
        read_only=profile.read_only,
        production=profile.production,
    )


# -- checks ---------------------------------------------------------------------------


class _Check:
    """Collects one message per field; every value quoted back goes through ``shown``."""

    def __init__(self, form: ConnectionForm):
        self.form = form
        self.errors: dict[str, str] = {}
        secrets = [
            _text(form.broker_password),
            _text(form.backend_password),
            _text(form.management_password),
            _text(form.sentinel_password),
        ]
        for url in (_text(form.broker_url), _text(form.backend_url), _text(form.management_url)):
            secrets += url_passwords(url)
            for part in url_parts(url):  # a URL too broken for the usual parse may still hold one
                userinfo = part.partition("://")[2].rpartition("@")[0] or part.rpartition("@")[0]
                secrets += [userinfo.partition(":")[2], userinfo.rpartition(":")[2] if ":" in userinfo else ""]
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def error(self, name: str, message: str) -> None:
        self.errors[name] = f"{self.errors[name]}; {message}" if name in self.errors else message

    def shown(self, value: str, limit: int = MAX_SHOWN) -> str:
        """A typed value, fit to quote in a message: passwords masked, the middle of a long one left out."""
        for secret in self.secrets:
            value = value.replace(secret, MASK)
        if any(secret in value for secret in self.secrets):  # a secret made of "*" and the mask rebuilt it
            value = MASK
        value = repr(value)  # escaped first: one odd character can take ten to write
        return value if len(value) <= limit else value[: limit // 2] + "…" + value[-(limit // 2) :]

    # -- fields -----------------------------------------------------------------------

    def name(self, taken: Collection[str]) -> str:
        name = _text(self.form.name).strip()
        if not name:
            self.error("name", translate("connection_form", "give the connection a name"))
        elif name == "default":
            self.error(
                "name",
                translate("connection_form", "'default' is the unnamed connection from the command line: choose another name"),
            )
        elif len(name) > MAX_NAME:
            self.error("name", translate("connection_form", "a name is at most {limit} characters").format(limit=MAX_NAME))
        elif not name.isprintable():
            self.error("name", translate("connection_form", "a name cannot hold control characters"))
        elif name in taken:
            self.error(
                "name", translate("connection_form", "a connection called {name} already exists").format(name=self.shown(name))
            )
        return name

    def app_module(self) -> str | None:
        text = _text(self.form.app_module).strip()
        if not text:
            return None
        module, colon, attribute = text.partition(":")
        parts = module.split(".") + (attribute.split(".") if colon else [])
        if len(text) > 300 or not all(p.isidentifier() and not keyword.iskeyword(p) for p in parts):
            self.error(
                "app_module", translate("connection_form", "not a Python module path (e.g. proj, proj.celery or proj.celery:app)")
            )
            return None
        return text

    def poll_interval(self) -> float | None:
        text = _text(self.form.poll_interval).strip()
        if not text:
            return None
        low, high = POLL_RANGE
        try:
            value = float(text) if len(text) <= 40 else math.nan
        except ValueError:
            value = math.nan
        if not low <= value <= high:  # NaN fails both
            text = translate("connection_form", "poll interval must be a number of seconds between {low} and {high}")
            self.error("poll_interval", text.format(low=f"{low:g}", high=f"{high:g}"))
            return None
        return value

    def sentinel_master(self, app_module: str | None) -> str | None:
        text = _text(self.form.sentinel_master).strip()
        if not text:
            if not app_module:  # the -A app may name it in its transport options
                self.error(
                    "sentinel_master",
                    translate("connection_form", "Sentinel needs the name of the master it watches (master_name, e.g. mymaster)"),
                )
            return None
        if len(text) > MAX_NAME or not text.isprintable() or any(ch.isspace() for ch in text):
            self.error(
                "sentinel_master",
                translate("connection_form", "a master name is one word of printable characters (e.g. mymaster)"),
            )
            return None
        return text

    def sentinel_password(self) -> str | None:
        password = _text(self.form.sentinel_password)
        if password and (len(password) > MAX_PASSWORD or not password.isprintable()):
            self.error("sentinel_password", _password_too_long())
            return None
        return password or None

    def management(self) -> str | None:
        """RabbitMQ's management API URL (password put in it), or None when not given or wrong."""
        text = _text(self.form.management_url).strip()
        password = _text(self.form.management_password)
        if not text:
            if password:
                self.error("management_password", translate("connection_form", "there is no management URL for this password"))
            return None
        if len(text) > MAX_URL or not text.isprintable() or any(ch.isspace() for ch in text):
            self.error(
                "management_url", translate("connection_form", "the management URL cannot hold spaces or control characters")
            )
            return None
        scheme, sep, rest = text.partition("://")
        if not sep or scheme.lower() not in ("http", "https"):
            self.error(
                "management_url",
                translate("connection_form", "the management API is an http:// or https:// URL (e.g. http://host:15672/)"),
            )
            return None
        userinfo, _, hostpart = rest.rpartition("@")
        user, colon, url_password = userinfo.partition(":")
        url_password = _unquote(url_password) if colon else ""
        if url_password and password and url_password != password:
            self.error(
                "management_password",
                translate("connection_form", "the management URL holds a password already: remove it there or leave this empty"),
            )
            return None
        if password and (len(password) > MAX_PASSWORD or not password.isprintable()):
            self.error("management_password", _password_too_long())
            return None
        password = password or url_password
        end = min((i for i in (hostpart.find(c) for c in "/?#") if i >= 0), default=len(hostpart))
        hostport, tail = hostpart[:end], hostpart[end:]
        what = translate("connection_form", "management")
        if not hostport or self.host_port("management_url", what, hostport) is False:
            if not hostport:
                self.error(
                    "management_url", translate("connection_form", "the management URL needs a host (e.g. http://host:15672/)")
                )
            return None
        auth = ""
        if user or password:
            auth = _quote(_unquote(user), "") + (f":{_quote(password, '')}" if password else "") + "@"
        return f"{scheme.lower()}://{auth}{hostport}{tail or '/'}"

    def tls(self) -> dict[str, str]:
        """The TLS fields as the query parameters they become (checked; only called for rediss:// and amqps:// URLs)."""
        query: dict[str, str] = {}
        reqs = _text(self.form.tls_cert_reqs).strip().lower()
        if reqs not in CERT_REQS:
            self.error("tls_cert_reqs", translate("connection_form", "certificate check must be required, optional or none"))
        else:
            query["ssl_cert_reqs"] = CERT_REQS_QUERY[reqs]
        for name, key, what in TLS_FILES:
            path = self.file(name, translate(CONTEXT, what), _text(getattr(self.form, name)))
            if path:
                query[key] = path
        if _text(self.form.tls_key_file).strip() and not _text(self.form.tls_cert_file).strip():
            self.error("tls_key_file", translate("connection_form", "a client key needs a client certificate"))
        return query

    def file(self, name: str, what: str, text: str) -> str | None:
        """An existing, readable file's absolute path, or None (with an error unless the field is empty)."""
        text = text.strip()
        if not text:
            return None
        if len(text) > MAX_PATH or not text.isprintable():
            self.error(name, translate("connection_form", "{what}: not a file path").format(what=what))
            return None
        try:
            path = os.path.abspath(os.path.expanduser(text))
            found, readable = os.path.isfile(path), os.access(path, os.R_OK)
        except (OSError, ValueError):
            found = readable = False
        if not found:
            message = translate("connection_form", "{what} not found: {path}")
            self.error(name, message.format(what=what, path=self.shown(text, MAX_SHOWN_PATH)))
        elif not readable:
            message = translate("connection_form", "{what} cannot be read (permissions): {path}")
            self.error(name, message.format(what=what, path=self.shown(text, MAX_SHOWN_PATH)))
        return path if found and readable else None

    def url(self, role: str, text: str, password: str, tls: dict[str, str], *, required: bool) -> str | None:
        """The URL to save (password and TLS options in it), or None with an error at the field."""
        field_name, pw_field, what = f"{role}_url", f"{role}_password", translate("url_hints", ROLES[role])
        text = text.strip()
        if password and (len(password) > MAX_PASSWORD or not password.isprintable()):
            message = translate("connection_form", "a password is at most {limit} printable characters (no control characters)")
            self.error(pw_field, message.format(limit=MAX_PASSWORD))
            password = ""
        if not text:
            if required:
                message = translate("connection_form", "a {role} URL is needed (e.g. {example})")
                self.error(field_name, message.format(role=what, example=EXAMPLES[role]))
            elif password:
                self.error(pw_field, translate("connection_form", "there is no {role} URL for this password").format(role=what))
            return None
        if len(text) > MAX_URL:
            message = translate("connection_form", "{role} URL is too long (at most {limit} characters)")
            self.error(field_name, message.format(role=what, limit=f"{MAX_URL:,}"))
            return None
        if not text.isprintable() or any(ch.isspace() for ch in text):
            self.error(
                field_name, translate("connection_form", "{role} URL cannot hold spaces or control characters").format(role=what)
            )
            return None
        parts = url_parts(text)
        if len(parts) > 1:  # a list of servers (Sentinel) shares one password: the typed one, or the one each part holds
            own = {_take_password(part)[1] for part in parts}
            if len(own) > 1 or (password and own - {"", password}):
                message = "every server of the list must have the same password (or leave them out and type it below)"
                self.error(field_name, translate("connection_form", message))
                return None
        built = []
        for part in parts:
            url = self.url_part(role, part, password, tls)
            if url is None:
                return None
            built.append(url)
        return ";".join(built)

    def url_part(self, role: str, text: str, password: str, tls: dict[str, str]) -> str | None:
        field_name, what = f"{role}_url", translate("url_hints", ROLES[role])
        example = EXAMPLES[role]
        scheme, sep, rest = text.partition("://")
        if not sep:
            message = translate("connection_form", "{role} URL has no scheme (expected {example})")
            self.error(field_name, message.format(role=what, example=example))
            return None
        if not _SCHEME.fullmatch(scheme):
            message = translate("connection_form", "{role} URL must start with a scheme such as redis:// (expected {example})")
            self.error(field_name, message.format(role=what, example=example))
            return None
        transport = scheme.split("+", 1)[0].lower()
        if problem := scheme_problem(role, text):
            self.error(field_name, problem)
            return None
        userinfo, _, hostpart = rest.rpartition("@")
        user, colon, url_password = userinfo.partition(":")
        url_password = _unquote(url_password) if colon else ""
        if url_password and password and url_password != password:
            message = translate("connection_form", "the {role} URL holds a password already: remove it there or leave this empty")
            self.error(f"{role}_password", message.format(role=what))
            return None
        password = password or url_password
        end = min((i for i in (hostpart.find(c) for c in "/?#") if i >= 0), default=len(hostpart))
        hostport, tail = hostpart[:end], hostpart[end:]
        port_text = self.host_port(field_name, what, hostport)
        if port_text is False:
            return None
        before, hash_, fragment = tail.partition("#")
        path, question, query = before.partition("?")
        # redis+socket:// has the socket's path there, and its database in ?virtual_host=
        if transport in ("redis", "rediss") and not scheme.lower().endswith("+socket"):
            db = path[1:] if path.startswith("/") else path
            if db and not (db.isascii() and db.isdigit() and len(db) <= 9):
                message = translate("connection_form", "Redis database must be a whole number, as the 0 in {example} (got {db})")
                self.error(field_name, message.format(example=example, db=self.shown(db)))
                return None
        segments = [s for s in query.split("&") if s] if question else []
        if transport in ("rediss", "amqps"):  # TLS options last, in one order and spelling, so an edit gives the same URL back
            own = {_key(s): _value(s) for s in segments if _key(s) in TLS_KEYS}
            own = self.url_tls(field_name, what, own)
            if own is None:
                return None
            merged = {**tls, **own}
            segments = [s for s in segments if _key(s) not in TLS_KEYS]
            segments += [f"{key}={_quote(merged[key], '/')}" for key in TLS_KEYS if key in merged]
        auth = ""
        if user or password:
            auth = _quote(_unquote(user), "") + (f":{_quote(password, '')}" if password else "") + "@"
        query_text = "?" + "&".join(segments) if segments else ""
        url = f"{scheme}://{auth}{hostport}{path}{query_text}{hash_}{fragment}"
        try:
            parsed = url_to_parts(url)
        except ValueError:
            parsed = None
        if parsed is None or (parsed.password or "") != password or str(parsed.port or "") != (port_text or ""):
            message = translate("connection_form", "{role} URL cannot be read: check its host and port (expected {example})")
            self.error(field_name, message.format(role=what, example=example))
            return None
        return url

    def host_port(self, field_name: str, what: str, hostport: str) -> str | None | bool:
        """The port as typed ("" when none), or False after an error."""
        host, port = hostport, None
        if hostport.startswith("["):
            close = hostport.find("]")
            if close < 0:
                message = translate(
                    "connection_form", "{role} URL: an IPv6 address needs a closing ] (e.g. redis://[::1]:6379/0)"
                )
                self.error(field_name, message.format(role=what))
                return False
            host, after = hostport[: close + 1], hostport[close + 1 :]
            if after:
                if not after.startswith(":"):
                    message = translate("connection_form", "{role} URL: expected :port after the IPv6 address")
                    self.error(field_name, message.format(role=what))
                    return False
                port = after[1:]
        elif ":" in hostport:
            host, _, port = hostport.partition(":")
        if any(ch in host for ch in "[]\\") and not hostport.startswith("["):
            message = translate("connection_form", "{role} URL: the host name holds characters a host name cannot")
            self.error(field_name, message.format(role=what))
            return False
        if port is None:
            return ""
        if not port:
            message = translate("connection_form", "{role} URL: the port after ':' is empty (port must be 1–65535)")
            self.error(field_name, message.format(role=what))
            return False
        if not (port.isascii() and port.isdigit()):
            message = translate("connection_form", "{role} URL: port must be a number 1–65535, not {port}")
            self.error(field_name, message.format(role=what, port=self.shown(port)))
            return False
        if len(port) > 5 or not 1 <= int(port) <= 65535:
            message = translate("connection_form", "{role} URL: port must be 1–65535 (got {port})")
            self.error(field_name, message.format(role=what, port=self.shown(port)))
            return False
        return str(int(port))

    def url_tls(self, field_name: str, what: str, own: dict[str, str]) -> dict[str, str] | None:
        """TLS options written in the URL itself win over the TLS fields: checked, and written the way the fields are."""
        checked = {}
        reqs = own.get("ssl_cert_reqs")
        if reqs is not None:
            if reqs not in _CERT_REQS_ACCEPTED:
                message = translate(
                    "connection_form", "{role} URL: ssl_cert_reqs must be CERT_REQUIRED, CERT_OPTIONAL or CERT_NONE"
                )
                self.error(field_name, message.format(role=what))
                return None
            checked["ssl_cert_reqs"] = CERT_REQS_QUERY.get(reqs, reqs)
        for _, key, label in TLS_FILES:
            if key not in own:
                continue
            label = translate(CONTEXT, label)
            if not own[key].strip():
                message = translate("connection_form", "{role} URL: {key} is empty (the path of the {label})")
                self.error(field_name, message.format(role=what, key=key, label=label))
                return None
            described = translate("connection_form", "{role} URL's {label} ({key})").format(role=what, label=label, key=key)
            path = self.file(field_name, described, own[key])
            if path is None:
                return None
            checked[key] = path
        return checked


# -- URL pieces -----------------------------------------------------------------------


AMQP_SCHEMES = ("amqp", "amqps", "pyamqp", "librabbitmq")
BROKER_KINDS = {  # translated where shown
    "redis": QT_TRANSLATE_NOOP("connection_form", "Redis"),
    "rediss": QT_TRANSLATE_NOOP("connection_form", "Redis over TLS"),
    "sentinel": QT_TRANSLATE_NOOP("connection_form", "Redis Sentinel"),
    "amqp": QT_TRANSLATE_NOOP("connection_form", "RabbitMQ (AMQP)"),
    "pyamqp": QT_TRANSLATE_NOOP("connection_form", "RabbitMQ (AMQP)"),
    "librabbitmq": QT_TRANSLATE_NOOP("connection_form", "RabbitMQ (AMQP)"),
    "amqps": QT_TRANSLATE_NOOP("connection_form", "RabbitMQ over TLS (AMQPS)"),
    "sqs": QT_TRANSLATE_NOOP("connection_form", "Amazon SQS (untested)"),
    "memory": QT_TRANSLATE_NOOP("connection_form", "in-memory (this process only)"),
}


def _scheme_of(url: str) -> str:
    scheme, sep, _ = url.partition("://")
    return scheme.split("+", 1)[0].lower() if sep else ""


def broker_kind(url: str) -> str:
    """What the broker URL points at, as the dialog names it ("RabbitMQ (AMQP)"), or "" when unknown."""
    parts = url_parts(_text(url).strip())
    kind = BROKER_KINDS.get(_scheme_of(parts[0]) if parts else "", "")
    return translate(CONTEXT, kind) if kind else ""


def _password_too_long() -> str:
    return translate("connection_form", "a password is at most {limit} printable characters").format(limit=MAX_PASSWORD)


def _text(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _is_tls_url(url: str) -> bool:
    """rediss:// and amqps://: the URLs the TLS fields (ssl_* query parameters) apply to."""
    return url.strip().lower().startswith(("rediss://", "amqps://"))


def _quote(text: str, safe: str) -> str:
    return quote(text, safe=safe)


def _unquote(text: str) -> str:
    return unquote(text)


def _take_password(url: str) -> tuple[str, str]:
    """(the URL without its password, the password decoded) for a single URL; a list keeps its passwords."""
    if len(url_parts(url)) > 1:
        return url, ""
    parts = _split_userinfo(url)
    if parts is None or not parts[2]:
        return url, ""
    prefix, user, password, host = parts  # host starts with "@"
    return (f"{prefix}{user}{host}" if user else f"{prefix}{host[1:]}"), _unquote(password)


def _query_segments(url: str) -> tuple[str, list[str], str]:
    """(what comes before "?", the query's segments, "#fragment" or "")."""
    before, hash_, fragment = url.partition("#")
    head, question, query = before.partition("?")
    return head, [s for s in query.split("&") if s] if question else [], hash_ + fragment


def _key(segment: str) -> str:
    """A query segment's name, decoded as kombu's parse_qsl does ("+" is a space)."""
    return unquote_plus(segment.partition("=")[0])


def _value(segment: str) -> str:
    return unquote_plus(segment.partition("=")[2])


def _query_value(url: str, key: str) -> str | None:
    found = [_value(s) for s in _query_segments(url)[1] if _key(s) == key]
    return found[-1] if found else None  # the last one wins, as in kombu


def _drop_query(url: str, keys: Collection[str]) -> str:
    head, segments, fragment = _query_segments(url)
    kept = [s for s in segments if _key(s) not in keys]
    return head + ("?" + "&".join(kept) if kept else "") + fragment
