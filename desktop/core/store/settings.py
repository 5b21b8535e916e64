"""The console's own settings (poll interval, event store bound, history retention, theme, language), kept across restarts.

One JSON file next to the presets in the user's config folder, written atomically. A value
out of range or of the wrong type falls back to its default, and the user is told which; an
unreadable file is moved aside, never overwritten. No password ever goes here: connection
passwords live in the system keyring (profiles), not in settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate
from desktop.core.store.config_files import read_json, write_json
from desktop.core.store.history import DEFAULT_MAX_AGE_DAYS, DEFAULT_MAX_ROWS, Retention
from desktop.core.store.presets import config_dir

CONTEXT = "settings"  # the catalogue's context (lupdate needs the literal at each call)
THEMES = ("system", "light", "dark")
LANGUAGES = ("system", "en", "zh_CN")  # "system": the desktop's language when the console has it, else English
SWITCHES = ("watch_sent", "keep_in_tray")  # fields that are on or off
LIMITS = {  # field -> (lowest, highest) accepted
    "poll_interval": (0.05, 3600.0),
    "event_tasks": (1_000, 2_000_000),
    "window_rows": (1_000, 1_000_000),
    "history_days": (1.0, 3650.0),
    "history_rows": (1_000, 10_000_000),
}
LABELS = {  # field -> how a problem names it (the file's keys stay English; these are translated where said)
    "poll_interval": QT_TRANSLATE_NOOP("settings", "poll interval"),
    "event_tasks": QT_TRANSLATE_NOOP("settings", "event tasks"),
    "window_rows": QT_TRANSLATE_NOOP("settings", "window rows"),
    "history_days": QT_TRANSLATE_NOOP("settings", "history days"),
    "history_rows": QT_TRANSLATE_NOOP("settings", "history rows"),
    "watch_sent": QT_TRANSLATE_NOOP("settings", "watch sent"),
    "keep_in_tray": QT_TRANSLATE_NOOP("settings", "keep in tray"),
}


@dataclass(frozen=True)
class Settings:
    poll_interval: float | None = None  # None: by backend (0.5 s Redis, 5 s database); --poll-interval wins
    event_tasks: int = 100_000
    window_rows: int = 10_000  # my tasks the window keeps; older finished ones stay in the history only
    history_days: float = DEFAULT_MAX_AGE_DAYS
    history_rows: int = DEFAULT_MAX_ROWS
    theme: str = "system"  # follows the desktop's light or dark mode
    language: str = "system"  # the window's language from the next start on; --lang wins
    watch_sent: bool = False  # "watch everything I send": a desktop notification when each ends
    keep_in_tray: bool = False  # closing the window leaves the console running in the system tray
    watch_sent_by_profile: dict = field(default_factory=dict)  # profile key -> its own "watch everything I send"

    def watch_sent_for(self, profile: str) -> bool:
        """A profile's "watch everything I send": its own choice, or ``watch_sent`` (the last choice made) if it never chose."""
        return self.watch_sent_by_profile.get(profile, self.watch_sent)

    def with_watch_sent(self, profile: str, on: bool) -> Settings:
        """The profile's choice kept, and made the one a profile that never chose follows."""
        return replace(self, watch_sent=on, watch_sent_by_profile={**self.watch_sent_by_profile, profile: on})

    @property
    def retention(self) -> Retention:
        return Retention(max_age_days=self.history_days, max_rows=self.history_rows)

    def problems(self) -> list[str]:
        """What is wrong with these values, one line each ("" when all is well)."""
        found = []
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if value is None and name == "poll_interval":
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                text = translate("settings", "{setting} must be between {low} and {high}, not {value}")
                found.append(text.format(setting=_label(name), low=f"{low:g}", high=f"{high:g}", value=repr(value)))
        for name in SWITCHES:
            if not isinstance(getattr(self, name), bool):
                text = translate("settings", "{setting} must be true or false, not {value}")
                found.append(text.format(setting=_label(name), value=repr(getattr(self, name))))
        by_profile = self.watch_sent_by_profile
        if not isinstance(by_profile, dict) or not all(isinstance(k, str) and isinstance(v, bool) for k, v in by_profile.items()):
            found.append(translate("settings", "watch sent by profile must map profile names to true or false"))
        if self.theme not in THEMES:
            text = translate("settings", "theme must be one of {choices}, not {value}")
            found.append(text.format(choices=", ".join(THEMES), value=repr(self.theme)))
        if self.language not in LANGUAGES:
            text = translate("settings", "language must be one of {choices}, not {value}")
            found.append(text.format(choices=", ".join(LANGUAGES), value=repr(self.language)))
        return found

    def sanitized(self) -> tuple[Settings, list[str]]:
        """These settings with every bad value back at its default, and what was replaced."""
        problems, fixed, defaults = [], self, Settings()
        for f in fields(self):
            single = replace(defaults, **{f.name: getattr(self, f.name)})
            wrong = single.problems()
            if wrong:
                problems += wrong
                fixed = replace(fixed, **{f.name: getattr(defaults, f.name)})
        return fixed, problems


def _label(name: str) -> str:
    return translate(CONTEXT, LABELS[name])


class SettingsStore:
    def __init__(self, path: Path | None = None):
        self.path = path or config_dir() / "settings.json"
        self._note: Callable[[], str] = str  # what happened on load, said when asked
        self.settings = self._load()

    @property
    def note(self) -> str:
        """What happened on load, for the user ("" when all went well), in the window's language.

        Said when asked, not when loaded: the settings are read before the translator is installed
        (they choose the language).
        """
        return self._note()

    def _load(self) -> Settings:
        data, problem = read_json(self.path)
        if problem:  # (why read_json gave up is in the language of the moment it read: English)
            path = self.path
            self._note = lambda: translate("settings", "settings file {path} {problem}, defaults used").format(
                path=path, problem=problem
            )
            return Settings()
        if data is None:
            return Settings()
        if not isinstance(data, dict):
            path = self.path
            self._note = lambda: translate("settings", "settings file {path} holds no settings; defaults used").format(path=path)
            return Settings()
        known = {f.name for f in fields(Settings)}
        loaded = Settings(**{k: v for k, v in data.items() if k in known})
        settings, problems = loaded.sanitized()
        if problems:
            self._note = lambda: translate("settings", "settings: {problems} (defaults used for those)").format(
                problems="; ".join(loaded.sanitized()[1])
            )
        return settings

    def save(self, settings: Settings) -> None:
        """Raises ValueError (bad values, nothing written) or OSError (the folder cannot be written)."""
        problems = settings.problems()
        if problems:
            raise ValueError("; ".join(problems))
        write_json(self.path, asdict(settings))
        self.settings = settings
