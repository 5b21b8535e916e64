import json
import re
import subprocess
import sys
from pathlib import Path

import desktop.core

CORE_DIR = Path(desktop.core.__file__).parent
REPO_ROOT = CORE_DIR.parent.parent

IMPORT_SCRIPT = """
import importlib, json, pkgutil, sys
import desktop.core
names = [m.name for m in pkgutil.walk_packages(desktop.core.__path__, "desktop.core.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({
    "modules": names,
    "loaded": sorted(m for m in ("PySide6", "qasync") if m in sys.modules),
}))
"""

IMPORT_RE = re.compile(
    r"^\s*(?:from\s+(?:PySide6|qasync)\b|import\s+[^#\n]*\b(?:PySide6|qasync)\b)"
    r"|import_module\(\s*[\"'](?:PySide6|qasync)",
    re.MULTILINE,
)


def test_importing_core_loads_no_gui_toolkit():
    proc = subprocess.run([sys.executable, "-c", IMPORT_SCRIPT], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert {"desktop.core.connection.profiles", "desktop.core.cluster.client", "desktop.core.domain.results"} <= set(
        report["modules"]
    )
    assert report["loaded"] == []


def test_core_sources_do_not_import_gui_toolkit():
    sources = sorted(CORE_DIR.rglob("*.py"))
    assert len(sources) >= 5
    offenders = [f"{p.name}: {m.group(0).strip()}" for p in sources for m in IMPORT_RE.finditer(p.read_text())]
    assert offenders == []


def test_import_pattern_catches_gui_imports():
    for line in ("from PySide6.QtCore import Qt", "import qasync", "    import os, PySide6", 'importlib.import_module("qasync")'):
        assert IMPORT_RE.search(line), line
    for line in ('spec = importlib.util.find_spec("PySide6")', "# no PySide6 here", "import pyside6_helpers_x"):
        assert not IMPORT_RE.search(line), line
