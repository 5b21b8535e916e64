"""Fail when the bundle carries a package at another version than requirements/lock.txt pins.

The bundle keeps the metadata (``*.dist-info``) of what it ships, for the About dialog's
licences; each of those must be the locked version, so the bundle a user installs runs exactly
what the test suite ran.

    python packaging/check_bundle_versions.py [dist/celery-desktop] [requirements/lock.txt]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(lock: Path) -> dict[str, str]:
    return {canonical(m[1]): m[2] for m in map(PINNED.match, lock.read_text().splitlines()) if m}


def bundled_versions(bundle: Path) -> dict[str, str]:
    found = {}
    for info in bundle.rglob("*.dist-info"):
        name, _, version = info.name[: -len(".dist-info")].partition("-")
        if name and version:
            found[canonical(name)] = version
    return found


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else ROOT / "dist" / "celery-desktop"
    lock = Path(argv[1]) if len(argv) > 1 else ROOT / "requirements" / "lock.txt"
    locked, bundled = locked_versions(lock), bundled_versions(bundle)
    if not bundled:
        print(f"no package metadata found in {bundle}: was the bundle built?", file=sys.stderr)
        return 1
    wrong = {name: (version, locked.get(name)) for name, version in bundled.items() if locked.get(name) != version}
    wrong.pop("celery-desktop", None)  # the product itself is not in its own lock
    for name, (version, pinned) in sorted(wrong.items()):
        print(f"{name}: bundled {version}, lock says {pinned or 'nothing'}", file=sys.stderr)
    if wrong:
        return 1
    print(f"bundle versions match {lock.relative_to(ROOT) if lock.is_relative_to(ROOT) else lock}: {len(bundled)} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
