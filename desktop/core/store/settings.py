"""The console's own settings (poll interval, event store bound, history retention, theme, language), kept across restarts.

One JSON file next to the presets in the user's config folder, written atomically. A value
out of range or of the wrong type falls back to its default, and the user is told which; an
unreadable file is moved aside, never overwritten. No password ever goes here: connection
passwords live in the system keyring (profiles), not in settings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from desktop.core.store.config_files import read_json, write_json
from desktop.core.store.history import DEFAULT_MAX_AGE_DAYS, DEFAULT_MAX_ROWS, Retention
from desktop.core.store.presets import config_dir

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
                found.append(f"{name.replace('_', ' ')} must be between {low:g} and {high:g}, not {value!r}")
        for name in SWITCHES:
            if not isinstance(getattr(self, name), bool):
                found.append(f"{name.replace('_', ' ')} must be true or false, not {getattr(self, name)!r}")
        by_profile = self.watch_sent_by_profile
        if not isinstance(by_profile, dict) or not all(isinstance(k, str) and isinstance(v, bool) for k, v in by_profile.items()):
            found.append("watch sent by profile must map profile names to true or false")
        if self.theme not in THEMES:
            found.append(f"theme must be one of {', '.join(THEMES)}, not {self.theme!r}")
        if self.language not in LANGUAGES:
            found.append(f"language must be one of {', '.join(LANGUAGES)}, not {self.language!r}")
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


class SettingsStore:
    def __init__(self, path: Path | None = None):
        self.path = path or config_dir() / "settings.json"
        self.note = ""  # what happened on load, for the user
        self.settings = self._load()

    def _load(self) -> Settings:
        data, problem = read_json(self.path)
        if problem:
            self.note = f"settings file {self.path} {problem}, defaults used"
            return Settings()
        if data is None:
            return Settings()
        if not isinstance(data, dict):
            self.note = f"settings file {self.path} holds no settings; defaults used"
            return Settings()
        known = {f.name for f in fields(Settings)}
        loaded = Settings(**{k: v for k, v in data.items() if k in known})
        settings, problems = loaded.sanitized()
        if problems:
            self.note = "settings: " + "; ".join(problems) + " (defaults used for those)"
        return settings

    def save(self, settings: Settings) -> None:
        """Raises ValueError (bad values, nothing written) or OSError (the folder cannot be written)."""
        problems = settings.problems()
        if problems:
            raise ValueError("; ".join(problems))
        write_json(self.path, asdict(settings))
        self.settings = settings
