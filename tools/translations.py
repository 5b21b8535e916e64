"""The console's translation catalogues: extracted from the code, compiled, checked.

    .venv/bin/python tools/translations.py update    # each module's strings into resources/i18n/zh_CN/<dotted.module>.ts
    .venv/bin/python tools/translations.py release   # every .ts into resources/i18n/celery_desktop_zh_CN.qm
    .venv/bin/python tools/translations.py check     # exit 1 listing what is untranslated, missing or stale
    .venv/bin/python tools/translations.py todo X.ts     # X.ts's untranslated texts as JSON {source: ""}
    .venv/bin/python tools/translations.py fill X.ts T.json  # those texts translated ({source: translation})

(``make translations`` runs update and release.) A module takes part when it calls ``tr(``,
``translate(`` or ``QT_TRANSLATE_NOOP(``; ``desktop/core`` does through
``desktop.core.domain.translatable`` (Qt's when the app lends it, English otherwise). Each
module has its own .ts, so engineers translating different views never edit the same file; the
app loads the one .qm compiled from all of them. Both the .ts and the .qm are committed: running
the console needs no build step.

``check`` extracts every module's strings afresh (one lupdate run into a temporary file) and
compares them with the committed catalogues by message (context, source text, disambiguation),
not by line number: a module whose strings moved is fine, one whose strings changed is stale. It
also finds translations left unfinished or empty, translations that lost a ``{placeholder}`` or
the ``&`` of a mnemonic, catalogues whose module is gone, a .qm that is not the .ts compiled, and
``tr(`` calls inside f-strings (which lupdate skips: they would stay English).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "desktop"
CATALOGUES = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)  # every language but English (the source texts)
MARKERS = re.compile(r"\btr\(|\btranslate\(|\bQT_TRANSLATE_NOOP3?\(|\bQT_TR_NOOP\(")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}")
MNEMONIC = re.compile(r"&(?!&)(?=\S)")

Key = tuple[str, str, str]  # context, source text, disambiguation


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    for candidate in (beside, beside.with_suffix(".exe")):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: `make setup` installs it with PySide6")
    return found


def modules() -> list[Path]:
    """The desktop's modules that mark strings for translation."""
    found = []
    for path in sorted(p.resolve() for p in SOURCES.rglob("*.py")):
        if MARKERS.search(path.read_text(encoding="utf-8")):
            found.append(path)
    return found


def hidden_calls(path: Path) -> list[int]:
    """Lines where tr() or translate() sits inside an f-string: lupdate never sees those, so they stay English."""
    lines = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and any(isinstance(arg, ast.JoinedStr) for arg in node.args):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("tr", "translate", "QT_TRANSLATE_NOOP"):  # an f-string given to it: lupdate skips the call
                lines.add(node.lineno)
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call):
                    func = inner.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in ("tr", "translate", "QT_TRANSLATE_NOOP"):
                        lines.add(inner.lineno)
    return sorted(lines)


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def catalogue(module: Path, lang: str) -> Path:
    return CATALOGUES / lang / f"{dotted(module)}.ts"


def compiled(lang: str) -> Path:
    return CATALOGUES / f"celery_desktop_{lang}.qm"


def lupdate(sources: list[Path], ts: Path, lang: str) -> None:
    ts.parent.mkdir(parents=True, exist_ok=True)
    command = [tool("pyside6-lupdate"), *map(str, sources), "-ts", str(ts), "-no-obsolete"]
    command += ["-target-language", lang, "-silent"]  # the source language: English, lupdate's default
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def lrelease(catalogues: list[Path], qm: Path) -> None:
    command = [tool("pyside6-lrelease"), *map(str, catalogues), "-qm", str(qm), "-silent"]
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


@dataclass
class Message:
    key: Key
    translation: str
    finished: bool  # translated, and not marked unfinished, vanished or obsolete
    files: set[Path]  # where lupdate found it (its <location> elements)


def read_catalogue(ts: Path) -> list[Message]:
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            element = message.find("translation")
            forms = [f.text or "" for f in element.iter("numerusform")] if element is not None else []
            text = (element.text or "") if element is not None else ""
            kind = element.get("type", "") if element is not None else "unfinished"
            files = {(ts.parent / loc.get("filename", "")).resolve() for loc in message.iter("location")}
            key = (name, message.findtext("source", ""), message.findtext("comment", ""))
            translated = all(forms) if forms else bool(text.strip())
            found.append(Message(key, "\n".join(forms) if forms else text, translated and not kind, files))
    return found


def update(lang: str, only: list[Path] | None = None) -> list[Path]:
    """Each module's strings into its own .ts (translations kept, those of strings gone dropped)."""
    sources = [m for m in modules() if only is None or m in only]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda m: lupdate([m], catalogue(m, lang), lang), sources))
    written = []
    for module in sources:
        ts = catalogue(module, lang)
        if ts.exists() and not read_catalogue(ts):  # the markers matched no real call: no catalogue
            ts.unlink()
        elif ts.exists():
            written.append(ts)
    return written


def release(lang: str) -> Path:
    catalogues = sorted((CATALOGUES / lang).glob("*.ts"))
    if not catalogues:
        raise SystemExit(f"no catalogues in {CATALOGUES / lang}: run update first")
    lrelease(catalogues, compiled(lang))
    return compiled(lang)


def problems_of(message: Message) -> list[str]:
    context, source, _comment = message.key
    if not message.finished:
        return ["untranslated"]
    wrong = []
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(message.translation)):
        wrong.append("placeholders differ")
    if MNEMONIC.search(source) and not MNEMONIC.search(message.translation):
        wrong.append("the & mnemonic is lost")
    return wrong


def check(lang: str) -> list[str]:
    """Every problem found, one line each (none: the catalogues are complete and current)."""
    found: list[str] = []
    sources = modules()
    with tempfile.TemporaryDirectory(prefix="celery-desktop-ts-") as tmp:
        fresh = Path(tmp) / "all.ts"
        lupdate(sources, fresh, lang)
        extracted: dict[Path, set[Key]] = defaultdict(set)
        for message in read_catalogue(fresh) if fresh.exists() else []:
            for file in message.files:
                extracted[file].add(message.key)
        expected = {catalogue(m, lang) for m in sources if extracted.get(m.resolve())}
        for module in sources:
            for line in hidden_calls(module):
                found.append(
                    f"{module.relative_to(ROOT)}:{line}: tr() inside an f-string, or given one, which lupdate cannot see: "
                    "use .format() on the translated text"
                )
            keys = extracted.get(module.resolve(), set())
            if not keys:
                continue
            ts = catalogue(module, lang)
            name = ts.relative_to(ROOT)
            if not ts.exists():
                found.append(f"{name}: missing ({len(keys)} strings of {module.relative_to(ROOT)}): run update")
                continue
            messages = read_catalogue(ts)
            held = {m.key for m in messages}
            if held != keys:
                new, gone = keys - held, held - keys
                said = ", ".join(repr(k[1][:60]) for k in sorted(new)[:3])
                found.append(
                    f"{name}: stale ({len(new)} new, {len(gone)} gone" + (f", e.g. {said}" if said else "") + "): run update"
                )
            for message in messages:
                for problem in problems_of(message):
                    found.append(f"{name}: {problem}: [{message.key[0]}] {message.key[1]!r}")
        for ts in sorted((CATALOGUES / lang).glob("*.ts")):
            if ts not in expected:
                found.append(f"{ts.relative_to(ROOT)}: no module marks these strings any more: delete it")
        qm = compiled(lang)
        catalogues = sorted((CATALOGUES / lang).glob("*.ts"))
        if catalogues:
            again = Path(tmp) / "again.qm"
            lrelease(catalogues, again)
            if not qm.exists() or qm.read_bytes() != again.read_bytes():
                found.append(f"{qm.relative_to(ROOT)}: not the catalogues compiled: run release")
    return found


def untranslated(ts: Path) -> dict[str, str]:
    """{source: ""} for every message of ``ts`` not yet translated: the form ``fill`` takes back."""
    return {m.key[1]: "" for m in read_catalogue(ts) if not m.finished}


def fill(ts: Path, translations: dict[str, str]) -> int:
    """Each message of ``ts`` whose source is in ``translations`` translated (and finished); how many."""
    tree = ET.parse(ts)
    done = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source", "")
        if translations.get(source, "").strip():
            element = message.find("translation")
            if element is None:
                element = ET.SubElement(message, "translation")
            element.attrib.pop("type", None)
            element.text = translations[source]
            done += 1
    with ts.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")
    module = ROOT.joinpath(*ts.stem.split(".")).with_suffix(".py")
    if module.exists():  # written back by lupdate: the file reads as every other catalogue
        lupdate([module], ts, ts.parent.name)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/translations.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "release", "check", "todo", "fill"))
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="one language (default: all)")
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="update: only these modules (default: every one); todo: a .ts; fill: a .ts and a .json",
    )
    args = parser.parse_args(argv)
    status = 0
    if args.command == "todo":
        print(json.dumps(untranslated(args.files[0]), ensure_ascii=False, indent=1))
        return 0
    if args.command == "fill":
        translations = json.loads(args.files[1].read_text(encoding="utf-8"))
        print(f"{args.files[0]}: {fill(args.files[0], translations)} translated")
        return 0
    for lang in args.lang or LANGUAGES:
        if args.command == "update":
            written = update(lang, [f.resolve() for f in args.files] or None)
            print(f"{lang}: {len(written)} catalogues in {(CATALOGUES / lang).relative_to(ROOT)}")
        elif args.command == "release":
            qm = release(lang)
            print(f"{lang}: {qm.relative_to(ROOT)} ({qm.stat().st_size:,} bytes)")
        else:
            problems = check(lang)
            for line in problems:
                print(line)
            if problems:
                print(f"{lang}: {len(problems)} problems", file=sys.stderr)
                status = 1
            else:
                print(f"{lang}: every string translated, every catalogue current")
    return status


if __name__ == "__main__":
    sys.exit(main())
