"""Named connection profiles the user keeps: URLs and options in profiles.json, passwords in the system keyring.

A saved profile never holds a password: it is cut out of each URL on save and put in the
keyring (service ``celery-desktop``, one entry per profile and role). So is every secret-looking
query value (``?password=``, ``token=``, ``auth=``, an Azure ``AccountKey=``, ``sig=``, …): the
file keeps the key with an empty value, the keyring the values (one entry per profile and role). Where the machine has no
keyring backend, nothing is stored and the user is told; the window asks for the password each
time the profile is opened. The file is written atomically; an unreadable one is moved aside.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from desktop.core.connection.profiles import ConnectionProfile, ProfileError
from desktop.core.connection.secrets import _QUERY_ITEM, _split_userinfo, is_secret_query_key, url_parts
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate
from desktop.core.store.config_files import read_json, write_json
from desktop.core.store.presets import config_dir

KEYRING_SERVICE = "celery-desktop"
CONTEXT = "profile_store"  # the catalogue's context (lupdate needs the literal at each call)
NO_KEYRING = QT_TRANSLATE_NOOP(  # save()'s note, translated when said
    "profile_store",
    "this system has no password store (keyring): passwords are not saved, the console asks for them when a profile opens",
)
ROLES = ("broker", "backend", "management", "sentinel")
URL_ROLES = ("broker", "backend", "management")
QUERY_ENTRY = "{role}:query"  # the keyring entry of a role's secret query values

AskPassword = Callable[[str, str], str | None]  # (profile name, role) -> password, or None to cancel


@dataclass(frozen=True)
class SavedProfile:
    """What profiles.json holds for one profile: no password anywhere in it."""

    name: str
    broker_url: str | None = None  # with the password cut out
    backend_url: str | None = None
    app_module: str | None = None
    allow_pickle: bool = False
    poll_interval: float | None = None
    broker_has_password: bool = False
    backend_has_password: bool = False
    sentinel_master: str | None = None
    management_url: str | None = None  # with the password cut out
    management_has_password: bool = False
    sentinel_has_password: bool = False
    hidden_query: dict[str, list[str]] = field(default_factory=dict)  # role -> the query keys whose values were cut out
    read_only: bool = False
    production: bool = False


def without_password(url: str | None) -> tuple[str | None, str | None]:
    """(the URL with its password removed, the password).

    A list of servers (``sentinel://:pw@a:26379;sentinel://:pw@b:26379``) holds one password for
    all of them: it is cut out of each. Different passwords in one list raise ProfileError.
    """
    if not url:
        return url, None
    parts = url_parts(url)
    if len(parts) > 1:
        split = [_without_one(part) for part in parts]
        passwords = {password for _, password in split if password is not None}
        if len(passwords) > 1 or (passwords and any(password is None for _, password in split)):
            raise ProfileError(
                translate("profile_store", "the servers of one URL list must share one password (or none) to be saved")
            )
        return ";".join(part for part, _ in split), next(iter(passwords), None)
    return _without_one(url)


def _without_one(url: str) -> tuple[str, str | None]:
    parts = _split_userinfo(url)
    if parts is None or parts[2] is None:
        return url, None
    prefix, user, password, host = parts  # host starts with "@"
    return (f"{prefix}{user}{host}" if user else f"{prefix}{host[1:]}"), password


def without_query_secrets(url: str | None) -> tuple[str | None, list[tuple[str, str]]]:
    """(the URL with every secret-looking query value emptied, [(key, value as written), …] in order).

    ``redis://h/0?password=x&db=1`` -> ``redis://h/0?password=&db=1``: the key stays where it was.
    """
    if not url:
        return url, []
    cut: list[tuple[str, str]] = []

    def empty(m) -> str:
        if m["value"] and is_secret_query_key(m["key"]):
            cut.append((m["key"], m["value"]))
            return f"{m['key']}="
        return m.group(0)

    return _QUERY_ITEM.sub(empty, url), cut


def with_query_secrets(url: str | None, values: list[tuple[str, str]]) -> str | None:
    """The URL with each emptied secret query key given its value back, in order."""
    if not url or not values:
        return url
    pending = list(values)

    def fill(m) -> str:
        if not m["value"] and is_secret_query_key(m["key"]):
            for i, (key, value) in enumerate(pending):
                if key == m["key"]:
                    del pending[i]
                    return f"{key}={value}"
        return m.group(0)

    return _QUERY_ITEM.sub(fill, url)


def _stored_values(text: str | None) -> list[tuple[str, str]] | None:
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(data, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in data
    ):
        return None
    return [(k, v) for k, v in data]


def with_password(url: str | None, password: str | None) -> str | None:
    if not url or password is None:
        return url
    parts = url_parts(url)
    if len(parts) > 1:
        return ";".join(_with_one(part, password) for part in parts)
    return _with_one(url, password)


def _with_one(url: str, password: str) -> str:
    prefix, _, rest = url.partition("://")
    user, at, host = rest.rpartition("@")
    if at:
        return f"{prefix}://{user}:{password}@{host}"
    return f"{prefix}://:{password}@{rest}"


def answers_from(profile: ConnectionProfile) -> AskPassword:
    """An ``ask`` that answers with the secrets of ``profile`` (just typed): a saved profile opened without a keyring
    right after saving it asks nothing again."""
    answers: dict[str, list[str]] = {}
    for role, url in (("broker", profile.broker_url), ("backend", profile.backend_url), ("management", profile.management_url)):
        rest, query_secrets = without_query_secrets(url)
        try:
            password = without_password(rest)[1]
        except ProfileError:
            continue
        if password:
            answers.setdefault(role, []).append(password)
        for key, value in query_secrets:
            answers.setdefault(f"{role} {key}", []).append(value)
    if profile.sentinel_password:
        answers["sentinel"] = [profile.sentinel_password]

    def ask(_name: str, role: str) -> str | None:
        waiting = answers.get(role)
        return waiting.pop(0) if waiting else None

    return ask


class Keyring:
    """The system keyring, or the knowledge that there is none.

    Looked up when a password is first read or written, not before: the keyring with its Secret
    Service backend (secretstorage, jeepney, cryptography) is 15 MB of RSS, and a console on
    profiles without passwords never needs it.
    """

    def __init__(self, backend=None):
        self._given = backend
        self._keyring = None
        self._available: bool | None = None

    @property
    def available(self) -> bool:
        if self._available is None:
            import keyring
            from keyring.errors import KeyringError

            self._keyring = self._given or keyring.get_keyring()
            self._error = KeyringError
            backend = self._keyring
            self._available = type(backend).__module__ != "keyring.backends.fail" and getattr(backend, "priority", 1) > 0
        return self._available

    def get(self, profile: str, role: str) -> str | None:
        if not self.available:
            return None
        try:
            return self._keyring.get_password(KEYRING_SERVICE, f"{profile}:{role}")
        except self._error:
            return None

    def set(self, profile: str, role: str, password: str | None) -> bool:
        if not self.available:
            return False
        try:
            if password is None:
                try:
                    self._keyring.delete_password(KEYRING_SERVICE, f"{profile}:{role}")
                except self._error:
                    pass
            else:
                self._keyring.set_password(KEYRING_SERVICE, f"{profile}:{role}", password)
            return True
        except self._error:
            return False


class ProfileStore:
    def __init__(self, path: Path | None = None, keyring: Keyring | None = None):
        self.path = path or config_dir() / "profiles.json"
        self.keyring = keyring or Keyring()
        self.note = ""
        self._profiles: dict[str, SavedProfile] = self._load()

    def names(self) -> list[str]:
        return sorted(self._profiles, key=str.lower)

    def get(self, name: str) -> SavedProfile:
        try:
            return self._profiles[name]
        except KeyError:
            raise ProfileError(
                translate("profile_store", "no connection profile called {name}").format(name=repr(name))
            ) from None

    def save(self, profile: ConnectionProfile) -> str:
        """Keep this profile (passwords to the keyring); returns a note for the user ("" when all went well)."""
        name = profile.name.strip()
        if not name or name == "default":
            raise ProfileError(translate("profile_store", "a saved connection profile needs a name (not 'default')"))
        # Query secrets first: a query password holding "@" (?password=Zq@x) would otherwise be read
        # as the end of a user's password, and the URL saved cut in two.
        (broker, broker_q), (backend, backend_q), (management, management_q) = (
            without_query_secrets(profile.broker_url),
            without_query_secrets(profile.backend_url),
            without_query_secrets(profile.management_url),
        )
        broker, broker_pw = without_password(broker)
        backend, backend_pw = without_password(backend)
        management, management_pw = without_password(management)
        note = ""
        hidden = {}
        for role, values in (("broker", broker_q), ("backend", backend_q), ("management", management_q)):
            if values:
                hidden[role] = [key for key, _ in values]
            if not self.keyring.set(name, QUERY_ENTRY.format(role=role), json.dumps(values) if values else None) and values:
                note = translate(CONTEXT, NO_KEYRING)
        for role, password in (
            ("broker", broker_pw),
            ("backend", backend_pw),
            ("management", management_pw),
            ("sentinel", profile.sentinel_password),
        ):
            if password and not self.keyring.set(name, role, password):
                note = translate(CONTEXT, NO_KEYRING)
        saved = SavedProfile(
            name=name,
            broker_url=broker,
            backend_url=backend,
            app_module=profile.app_module,
            allow_pickle=profile.allow_pickle,
            poll_interval=profile.poll_interval,
            broker_has_password=bool(broker_pw),
            backend_has_password=bool(backend_pw),
            sentinel_master=profile.sentinel_master,
            management_url=management,
            management_has_password=bool(management_pw),
            sentinel_has_password=bool(profile.sentinel_password),
            hidden_query=hidden,
            read_only=profile.read_only,
            production=profile.production,
        )
        self._profiles[name] = saved
        self._write()
        return note

    def delete(self, name: str) -> None:
        self._profiles.pop(name, None)
        for role in ROLES:
            self.keyring.set(name, role, None)
        for role in URL_ROLES:
            self.keyring.set(name, QUERY_ENTRY.format(role=role), None)
        self._write()

    def open(self, name: str, ask: AskPassword) -> ConnectionProfile | None:
        """The profile with its passwords back (from the keyring, else asked for); None when the user cancels."""
        saved = self.get(name)
        urls, passwords = {}, {}
        for role, url, needs in (
            ("broker", saved.broker_url, saved.broker_has_password),
            ("backend", saved.backend_url, saved.backend_has_password),
            ("management", saved.management_url, saved.management_has_password),
            ("sentinel", None, saved.sentinel_has_password),
        ):
            password = None
            if needs:
                password = self.keyring.get(name, role)
                if password is None:
                    password = ask(name, role)
                    if password is None:
                        return None
            keys = saved.hidden_query.get(role, [])
            if keys:
                values = _stored_values(self.keyring.get(name, QUERY_ENTRY.format(role=role)))
                if values is None:
                    values = []
                    for key in keys:
                        value = ask(name, f"{role} {key}")
                        if value is None:
                            return None
                        values.append((key, value))
            # The user's password first, while no query value (which may hold "@") is back in the URL.
            url = with_password(url, password)
            if keys:
                url = with_query_secrets(url, values)
            urls[role], passwords[role] = url, password
        return ConnectionProfile(
            name=name,
            broker_url=urls["broker"],
            backend_url=urls["backend"],
            app_module=saved.app_module,
            broker_source=f"profile {name}",
            backend_source=f"profile {name}",
            allow_pickle=saved.allow_pickle,
            poll_interval=saved.poll_interval,
            sentinel_master=saved.sentinel_master,
            sentinel_password=passwords["sentinel"],
            management_url=urls["management"],
            read_only=saved.read_only,
            production=saved.production,
        )

    # -- file ------------------------------------------------------------------------
    def _load(self) -> dict[str, SavedProfile]:
        data, problem = read_json(self.path)
        if problem:
            self.note = translate("profile_store", "profiles file {path} {problem}").format(path=self.path, problem=problem)
        known = {f.name for f in fields(SavedProfile)}
        profiles = {}
        for entry in data.get("profiles", []) if isinstance(data, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str) and _well_typed(entry):
                saved = SavedProfile(**{k: v for k, v in entry.items() if k in known})
                # a password that got into the file by hand is not trusted there: it is dropped
                try:
                    saved = replace(
                        saved,
                        broker_url=without_query_secrets(without_password(saved.broker_url)[0])[0],
                        backend_url=without_query_secrets(without_password(saved.backend_url)[0])[0],
                        management_url=without_query_secrets(without_password(saved.management_url)[0])[0],
                        hidden_query=_hidden_query(saved.hidden_query),
                    )
                except ProfileError:
                    continue  # a list with different passwords written in by hand: not trusted at all
                profiles[saved.name] = saved
        return profiles

    def _write(self) -> None:
        write_json(self.path, {"profiles": [asdict(p) for p in self._profiles.values()]})


_TEXT_FIELDS = ("broker_url", "backend_url", "app_module", "sentinel_master", "management_url")
_FLAG_FIELDS = (
    "allow_pickle",
    "broker_has_password",
    "backend_has_password",
    "management_has_password",
    "sentinel_has_password",
    "read_only",
    "production",
)


def _well_typed(entry: dict) -> bool:
    """Whether a profiles.json entry has the types this version writes (a damaged one is left out, not fatal)."""
    if any(entry.get(name) is not None and not isinstance(entry[name], str) for name in _TEXT_FIELDS):
        return False
    if any(name in entry and not isinstance(entry[name], bool) for name in _FLAG_FIELDS):
        return False
    interval = entry.get("poll_interval")
    return interval is None or (isinstance(interval, int | float) and not isinstance(interval, bool) and interval > 0)


def _hidden_query(data) -> dict[str, list[str]]:
    """The file's ``hidden_query``, kept only where it is what this version writes."""
    if not isinstance(data, dict):
        return {}
    return {
        role: [k for k in keys if isinstance(k, str)]
        for role, keys in data.items()
        if role in URL_ROLES and isinstance(keys, list)
    }
