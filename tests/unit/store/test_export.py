"""Export: JSON and CSV that parse back, whole texts, and no password in either."""

from __future__ import annotations

import csv
import io
import json

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.connection.secrets import mask_text
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.records import Progress, TaskRecord
from desktop.core.store.export import ExportFormat, ids_from_file, render, write_export

SECRET = "Hunter2-pw-9f"
PROFILE = ConnectionProfile(broker_url=f"redis://:{SECRET}@cache:6379/0", backend_url=f"redis://:{SECRET}@cache:6379/1")
TRACEBACK = (
    "Traceback (most recent call last):\n"
    + "".join(f'  File "m.py", line {i}\n    step()\n' for i in range(300))
    + "KeyError: 'x'"
)


def records() -> list[TaskRecord]:
    return [
        TaskRecord(
            id="a",
            name="tasks.connect",
            state="FAILURE",
            args=f"'redis://:{SECRET}@other:6379/2'",
            kwargs=f"token='password={SECRET}'",
            result=f"ConnectionError: cannot reach cache (password {SECRET})",
            exc_type="ConnectionError",
            traceback=TRACEBACK,
            worker="w1",
            retries=1,
            children=("b",),
            mine=True,
        ),
        TaskRecord(id="b", name="tasks.add", state="PROGRESS", progress=Progress(2, 8), parent_id="a", args="1, 2"),
    ]


def redact(text: str) -> str:
    return mask_text(PROFILE.redact(text))


def test_json_has_every_field_the_call_and_no_password():
    call = CallSpec("tasks.connect", (f"redis://:{SECRET}@other:6379/2",), queue="io", task_id="a")
    text = render(records(), ExportFormat.JSON, {"a": call}, redact)
    assert SECRET not in text
    data = json.loads(text)
    assert [d["id"] for d in data] == ["a", "b"]
    assert data[0]["traceback"] == TRACEBACK  # whole, not a summary
    assert data[0]["call"]["queue"] == "io" and data[0]["call"]["args"] == ["redis://:***@other:6379/2"]
    assert data[1]["progress"] == {"current": 2, "total": 8} and data[1]["parent_id"] == "a"


def test_csv_parses_back_one_row_per_task_and_no_password():
    text = render(records(), ExportFormat.CSV, None, redact)
    assert SECRET not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["traceback"] == TRACEBACK and rows[0]["children"] == "b"
    assert rows[1]["progress"] == "2/8" and rows[1]["state"] == "PROGRESS"


def test_the_file_format_follows_the_suffix_and_is_written_whole(tmp_path):
    assert write_export(tmp_path / "out.json", records(), None, redact) == 2
    assert write_export(tmp_path / "out.CSV", records(), None, redact) == 2
    assert json.loads((tmp_path / "out.json").read_text())[0]["id"] == "a"
    assert (tmp_path / "out.CSV").read_text().startswith("id,name,state")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.CSV", "out.json"]  # no partial file left


def test_ids_come_back_from_an_export_or_a_plain_list(tmp_path):
    from desktop.core.store.export import ids_from_file

    write_export(tmp_path / "tasks.json", records(), None, redact)
    write_export(tmp_path / "tasks.csv", records(), None, redact)
    (tmp_path / "ids.txt").write_text("a\nb, c;d  a\n\n")
    assert ids_from_file(tmp_path / "tasks.json") == ["a", "b"]
    assert ids_from_file(tmp_path / "tasks.csv") == ["a", "b"]
    assert ids_from_file(tmp_path / "ids.txt") == ["a", "b", "c", "d"]  # duplicates once, order kept


def test_a_bad_import_file_is_a_message_not_a_crash(tmp_path):
    import pytest

    from desktop.core.store.export import ids_from_file

    (tmp_path / "broken.json").write_text("[{not json")
    with pytest.raises(ValueError, match="looks like JSON"):
        ids_from_file(tmp_path / "broken.json")
    with pytest.raises(ValueError, match="No such file"):
        ids_from_file(tmp_path / "missing.txt")


def test_ids_from_a_symlink_to_a_fifo_are_a_message_not_a_hang(tmp_path):
    """A FIFO chosen in "Track ids from file" (through a symlink) is refused at once, never read until a writer comes."""
    import os
    import threading

    os.mkfifo(tmp_path / "ids.fifo")
    (tmp_path / "ids.txt").symlink_to(tmp_path / "ids.fifo")
    outcome = []

    def read():
        try:
            outcome.append(ids_from_file(tmp_path / "ids.txt"))
        except ValueError as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)  # a bound on a hang, not a latency: the call itself returns at once
    if reader.is_alive():  # let the blocked reader go before failing
        try:
            os.close(os.open(tmp_path / "ids.fifo", os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert not reader.is_alive(), "reading the FIFO blocked"
    assert len(outcome) == 1 and isinstance(outcome[0], ValueError)
    assert "not a regular file" in str(outcome[0])


def test_csv_shows_the_cluster_s_text_as_text_and_json_escapes_it():
    """A spreadsheet draws a right-to-left override as it comes: in the CSV it is an escape, as in the views.
    Line breaks of a traceback stay (a quoted cell holds them); the JSON escapes anything outside ASCII."""
    spoof = TaskRecord(
        id="s",
        name="invoice\u202efdp.exe",
        state="FAILURE",
        result="ValueError: \u2066bad\x07\u2069",
        traceback="Traceback (most recent call last):\r\n  boom\u200f\nValueError",
        worker="w\u202e1",
    )
    rows = list(csv.DictReader(io.StringIO(render([spoof], ExportFormat.CSV))))
    assert rows[0]["name"] == "invoice\\u202efdp.exe"
    assert rows[0]["result"] == "ValueError: \\u2066bad\\x07\\u2069"
    assert rows[0]["worker"] == "w\\u202e1"
    assert rows[0]["traceback"] == "Traceback (most recent call last):\n  boom\\u200f\nValueError"
    text = render([spoof], ExportFormat.JSON)
    assert text.isascii() and json.loads(text)[0]["name"] == "invoice\u202efdp.exe"


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted():
    hostile = [
        TaskRecord(id="=1+1", name="tasks.add", args='=HYPERLINK("http://evil","x")', kwargs="+cmd|' /C calc'!A0"),
        TaskRecord(id="c", name="@SUM(A1)", result="-2+3", error="\t=1", traceback="\r=1", worker="w"),
    ]
    rows = list(csv.DictReader(io.StringIO(render(hostile, ExportFormat.CSV))))
    assert (rows[0]["id"], rows[0]["args"], rows[0]["kwargs"]) == (
        "'=1+1",
        '\'=HYPERLINK("http://evil","x")',
        "'+cmd|' /C calc'!A0",
    )
    assert (rows[1]["name"], rows[1]["result"], rows[1]["error"]) == ("'@SUM(A1)", "'-2+3", "'\t=1")
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())
    assert rows[1]["id"] == "c" and rows[1]["worker"] == "w"  # ordinary cells as they were
    data = json.loads(render(hostile, ExportFormat.JSON))
    assert data[0]["id"] == "=1+1"  # JSON is not a spreadsheet: exact


def test_ids_read_back_from_a_csv_export_lose_the_quote(tmp_path):
    path = tmp_path / "tasks.csv"
    write_export(path, [TaskRecord(id="=1+1", name="t"), TaskRecord(id="-x", name="t"), TaskRecord(id="plain", name="t")])
    assert ids_from_file(path) == ["=1+1", "-x", "plain"]
