"""Alert rules per profile, in one JSON file in the config folder that survives restarts.

The file holds ``{profile key: {rule name: rule}}``; each store reads and writes only its own
profile's part (the file is read again before a write, so two consoles on two profiles keep each
other's rules). A file that cannot be read is moved aside (config_files.read_json) and said in
``load_error``; a rule in it that is not valid is left out and named there too.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.domain.alert_rules import AlertRule, RuleError, checked
from desktop.core.domain.translatable import translate
from desktop.core.store.config_files import read_json, write_json
from desktop.core.store.presets import config_dir

MAX_RULES = 200  # a profile's rules


class AlertRuleStore:
    """One profile's rules (``profile``: its ``history_key``), in ``alert_rules.json`` under the config folder."""

    def __init__(self, profile: str, path: Path | None = None):
        self.profile = profile
        self.path = path or config_dir() / "alert_rules.json"
        self.load_error = ""
        self._rules: dict[str, AlertRule] = {}
        part = self._read().get(profile)
        skipped = []
        for name, data in part.items() if isinstance(part, dict) else ():
            try:
                if isinstance(name, str) and name.strip():
                    self._rules[name] = AlertRule.from_json(name, data)
            except (RuleError, ValueError, TypeError) as exc:
                skipped.append(f"{name!r} ({exc})")  # one damaged rule: the others still apply
        if skipped and not self.load_error:
            self.load_error = translate("alert_rules_store", "alert rules file {path}: left out {rules}").format(
                path=self.path, rules=", ".join(skipped[:5])
            )

    def _read(self) -> dict:
        data, problem = read_json(self.path)
        if problem and not self.load_error:
            self.load_error = translate("alert_rules_store", "alert rules file {path} {problem}").format(
                path=self.path, problem=problem
            )
        return data if isinstance(data, dict) else {}

    def _write(self) -> None:
        data = self._read()  # another profile's rules, written since we read
        if self._rules:
            data[self.profile] = {name: rule.to_json() for name, rule in self._rules.items()}
        else:
            data.pop(self.profile, None)
        write_json(self.path, data)

    def rules(self) -> list[AlertRule]:
        """The profile's rules by name (case-insensitive)."""
        return sorted(self._rules.values(), key=lambda r: (r.name.casefold(), r.name))

    def save(self, rule: AlertRule, replacing: str = "") -> AlertRule:
        """Keep ``rule`` (checked; raises RuleError); ``replacing``: the name it had before an edit (a rename)."""
        rule = checked(rule)
        if rule.name in self._rules and rule.name != replacing:
            raise RuleError(
                {"name": translate("alert_rules_store", "there is a rule named {name} already").format(name=repr(rule.name))}
            )
        if rule.name not in self._rules and len(self._rules) >= MAX_RULES:
            raise RuleError({"name": translate("alert_rules_store", "a profile keeps at most {max} rules").format(max=MAX_RULES)})
        if replacing and replacing != rule.name:
            self._rules.pop(replacing, None)
        self._rules[rule.name] = rule
        self._write()
        return rule

    def delete(self, name: str) -> None:
        if self._rules.pop(name, None) is None:
            raise KeyError(translate("alert_rules_store", "no rule {name}").format(name=repr(name)))
        self._write()
