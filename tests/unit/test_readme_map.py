"""The README's "Where things are" map matches the tree: every module it names exists, and every
module of the package is named (a folder may instead list its modules in its description)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY = re.compile(r"^(?P<indent> *)(?P<name>[\w.\-]+/|[\w.\-]+\.py)(?: +(?P<text>.*))?$")


def readme_map() -> dict[str, str]:
    """Each path of the map's tree (``desktop/core/domain/records.py``) -> its description."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Where things are", 1)[1]
    block = section.split("```", 2)[1]
    entries: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    last = None
    for line in block.splitlines()[1:]:
        match = ENTRY.match(line)
        deepest = stack[-1][0] + 2 if stack else 0  # an entry sits at most one level below the folder above it
        if match is None or len(match["indent"]) > deepest:
            if last is not None and line.strip():  # a description's continuation line
                entries[last] += " " + line.strip()
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        path = parent + match["name"]
        entries[path] = match["text"] or ""
        if path.endswith("/"):
            stack.append((indent, path))
        last = path
    return entries


def test_every_path_on_the_map_exists():
    entries = readme_map()
    assert "desktop/core/domain/" in entries and "desktop/main.py" in entries
    missing = [path for path in entries if not (ROOT / path).exists()]
    assert missing == []


def test_every_module_of_the_package_is_on_the_map():
    entries = readme_map()
    unnamed = []
    for module in sorted((ROOT / "desktop").rglob("*.py")):
        relative = module.relative_to(ROOT).as_posix()
        if module.name in ("__init__.py", "__main__.py") or relative in entries:
            continue
        folder = relative.rsplit("/", 1)[0] + "/"
        if re.search(rf"\b{re.escape(module.stem)}\b", entries.get(folder, "")):
            continue  # listed by name in its folder's description (views/: one panel a file)
        unnamed.append(relative)
    assert unnamed == []


def test_every_layer_is_named_in_the_contracts():
    """The map's core sub-packages are the layers import-linter holds the code to."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    layers = re.search(r'containers = \["desktop.core"\]\s*layers = \[(.*?)\]', pyproject, re.S)
    assert layers is not None
    named = set(re.findall(r"\w+", layers.group(1)))
    on_map = {path.split("/")[2] for path in readme_map() if path.startswith("desktop/core/") and path.count("/") == 3}
    assert on_map == named
