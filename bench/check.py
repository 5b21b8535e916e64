"""make bench-check: each bench's --quick run, every figure held to its target (bench/targets.py).

The benches run one after another, each in a process of its own (two at once on a 2-core
machine would measure each other); a bench's whole output goes to a log file and its last line,
the JSON line, is read. For every target the figure, the target and pass or FAIL are printed; a
bench that exits with an error or prints no JSON line fails, and so does a figure its line
lacks. A figure the bench extrapolated from a smaller run (the line's "extrapolated" list) is
marked as such. The machine's load average before and after each bench is printed with it: the
benches measure time on a machine that may be doing other work (their logs split the longest GUI
stalls into CPU, run-queue and GIL time). Ends with one JSON line; exits 1 when anything failed.

    .venv/bin/python bench/check.py [--only watch,filter] [--logs DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.targets import TARGETS, figure_of  # noqa: E402

# The order they run in: the quickest first, so a broken set-up shows early.
BENCHES = (
    "watch",
    "filter",
    "poll",
    "queue_browse",
    "search",
    "bulk_resend",
    "alerts",
    "trends",
    "watch_store",
    "layout",
    "translation",
    "desktop_notifications",
    "events",
    "event_receive",
    "startup",
    "push_latency",
    "latency",
    "control",
    "failover",
    "hung",
    "footprint",
    "gui_stall",
    "soak",
)
TIMEOUT_S = 900


def run_bench(name: str, logs: Path) -> tuple[dict | None, str, float]:
    """Run bench/<name>.py --quick; returns (its JSON line or None, an error or "", seconds)."""
    log = logs / f"{name}.log"
    started = time.monotonic()
    with open(log, "w") as out:
        try:
            proc = subprocess.run(
                [sys.executable, str(ROOT / "bench" / f"{name}.py"), "--quick"],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=TIMEOUT_S,
            )
            code = proc.returncode
        except subprocess.TimeoutExpired:
            return None, f"no result within {TIMEOUT_S} s", time.monotonic() - started
    took = time.monotonic() - started
    lines = log.read_text(errors="replace").splitlines()
    line = None
    for text in reversed(lines):
        if text.startswith("{"):
            try:
                line = json.loads(text)
            except ValueError:
                pass
            break
    if code != 0:
        tail = "\n".join(lines[-15:])
        return line, f"exit status {code}:\n{tail}", took
    if line is None:
        return None, "no JSON line at the end of its output", took
    return line, "", took


def number(value) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.1f}"
    return str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated benches (default: all)")
    parser.add_argument("--logs", type=Path, help="folder for each bench's output (default: a new temporary folder)")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",")] if args.only else list(BENCHES)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"no such bench: {', '.join(unknown)} (benches: {', '.join(BENCHES)})")
    logs = args.logs or Path(tempfile.mkdtemp(prefix="celery-desktop-bench-check-"))
    logs.mkdir(parents=True, exist_ok=True)
    print(f"bench-check: {len(names)} benches, --quick, one at a time; their output in {logs}", flush=True)

    started = time.monotonic()
    figures: list[dict] = []
    benches: dict[str, dict] = {}
    extrapolated: dict[str, list[str]] = {}
    for name in names:
        print(f"\n{name} ...", flush=True)
        load_before = os.getloadavg()[0]
        line, error, took = run_bench(name, logs)
        load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        marked = list((line or {}).get("extrapolated") or [])
        if marked:
            extrapolated[name] = marked
        benches[name] = {
            "seconds": round(took, 1),
            "ok": not error,
            "loadavg": load,
            **({"error": error.splitlines()[0]} if error else {}),
        }
        print(
            f"  {took:.1f} s, machine load {load[0]:g} -> {load[1]:g} ({os.cpu_count()} cpus), log {logs / (name + '.log')}"
            + (f"; FAILED: {error}" if error else ""),
            flush=True,
        )
        for target in TARGETS[name]:
            value = figure_of(line, target.figure) if line else None
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            passed = not error and numeric and target.met(value)
            note = " (extrapolated)" if target.figure in marked else ""
            shown = f"{number(value)} {target.unit}" if numeric else "missing"
            print(
                f"  {'pass' if passed else 'FAIL'}  {target.figure:34s} {shown:>18s}  target {target.text():18s}{note}  {target.what}",
                flush=True,
            )
            figures.append(
                {
                    "bench": name,
                    "figure": target.figure,
                    "value": value if numeric else None,
                    "shown": shown,
                    "target": target.text(),
                    "pass": passed,
                    **({"extrapolated": True} if note else {}),
                }
            )
        if marked:
            print(f"  extrapolated by the bench from a smaller run: {', '.join(marked)}")

    failed = [f for f in figures if not f["pass"]]
    broken = [n for n, b in benches.items() if not b["ok"]]
    total = time.monotonic() - started
    print(
        f"\nbench-check: {len(figures) - len(failed)} of {len(figures)} figures met their targets in {total:.0f} s"
        + (f"; benches that failed to run: {', '.join(broken)}" if broken else "")
    )
    for f in failed:
        print(f"  missed: {f['bench']} {f['figure']}: {f.pop('shown')} (target {f['target']})")
    for f in figures:
        f.pop("shown", None)
    print(
        json.dumps(
            {
                "bench": "check",
                "passed": not failed and not broken,
                "met": len(figures) - len(failed),
                "figures_checked": len(figures),
                "seconds": round(total, 1),
                "benches": benches,
                "figures": figures,
                "extrapolated": extrapolated,
            }
        )
    )
    return 0 if not failed and not broken else 1


if __name__ == "__main__":
    sys.exit(main())
