"""The command line as CONTRACT.md fixes it: rows, formats, exit codes, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geoevents import schema
from geoevents.cli import main

TEXT = (
    "Taliban fighters captured Kunduz on Sunday, officials said. "
    "In Panjshir province, resistance fighters still control the valley.\n"
)


def run(args, capsys, stdin: str | None = None, monkeypatch=None):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def article(tmp_path) -> Path:
    p = tmp_path / "kunduz.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def test_places_jsonl_rows_follow_contract(article, capsys):
    code, out, err = run(["places", article, "--format", "jsonl", "--date", "2021-08-08"], capsys)
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(list(r) == schema.PLACE_COLUMNS for r in rows)
    for r in rows:
        assert r["doc"] == "kunduz"
        assert TEXT[r["start"]:r["end"]] == r["mention"]
    kunduz = next(r for r in rows if r["mention"] == "Kunduz")
    assert (kunduz["province"], kunduz["province_code"], kunduz["country"]) == ("Kunduz", "AF-KDZ", "AF")
    panjshir = next(r for r in rows if r["mention"].startswith("Panjshir"))
    assert panjshir["province_code"] == "AF-PAN"


def test_stdin_document(capsys, monkeypatch):
    code, out, err = run(["places", "-", "--format", "jsonl"], capsys, stdin=TEXT, monkeypatch=monkeypatch)
    assert code == 0, err
    assert {json.loads(line)["doc"] for line in out.splitlines()} == {"stdin"}


def test_events_and_status(article, capsys):
    code, out, err = run(["events", article, "--format", "jsonl", "--date", "2021-08-08"], capsys)
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(list(r) == schema.EVENT_COLUMNS for r in rows)
    assert {(r["province"], r["status"]) for r in rows} >= {("Kunduz", "taliban"), ("Panjshir", "resistance")}
    code, out, err = run(["status", article, "--format", "jsonl", "--date", "2021-08-08"], capsys)
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(list(r) == [c for c in schema.STATUS_COLUMNS if c != "doc"] for r in rows)
    by_province = {r["province"]: r["status"] for r in rows if r["district"] is None}
    assert by_province["Kunduz"] == "taliban" and by_province["Panjshir"] == "resistance"
    code, out, err = run(["status", article, "--by", "doc", "--format", "csv", "--date", "2021-08-08"], capsys)
    assert code == 0, err
    assert out.splitlines()[0] == ",".join(schema.STATUS_COLUMNS)


def test_empty_input_gives_no_rows(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    for command in ("places", "events"):
        code, out, err = run([command, empty, "--format", "jsonl"], capsys)
        assert (code, out) == (0, ""), err


@pytest.mark.parametrize(
    "args,needle",
    [
        (["places", "{tmp}/missing.txt"], "missing.txt: no such file"),
        (["places", "{tmp}"], "is a folder"),
        (["places", "{article}", "--format", "xml"], "--format"),
        (["status", "{article}", "--level", "village"], "--level"),
        (["status", "{article}", "--as-of", "2021-02-30"], "--as-of"),
        (["places", "{article}", "--date", "last week"], "--date"),
        (["export", "{article}", "-o", "{tmp}/out.bmp"], "unknown output extension"),
        (["map", "{article}", "-o", "{tmp}/no/such/folder/m.html"], "does not exist"),
        (["places"], "INPUT"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_bad_usage_exits_2_with_one_line(args, needle, article, tmp_path, capsys):
    args = [a.format(tmp=tmp_path, article=article) for a in args]
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kunduz.txt"]


def test_bad_jsonl_line_named(tmp_path, capsys):
    p = tmp_path / "docs.jsonl"
    p.write_text('{"id": "a", "text": "Kabul"}\nnot json\n', encoding="utf-8")
    code, out, err = run(["events", p, "--format", "jsonl"], capsys)
    assert code == 2 and "docs.jsonl: line 2" in err


def test_whole_process_exit_codes(article, tmp_path):
    """The installed console script, as a user runs it."""
    exe = Path(sys.executable).with_name("geoevents")
    ok = subprocess.run([exe, "places", article, "--format", "jsonl"], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip()
    bad = subprocess.run([exe, "places", tmp_path / "nope.txt"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_event_tables_feed_status_besides_documents(article, tmp_path, capsys):
    """An ACLED export (its own column names) comes in with --events, next to documents."""
    import csv

    header = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2",
              "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes"]
    acled = tmp_path / "acled.csv"
    with acled.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerow(["AFG1", "10 August 2021", "2021", "Battles", "Non-state actor overtakes territory",
                    "Taliban", "Military Forces of Afghanistan (2004-2021)", "Farah", "Farah", "Farah",
                    "32.3745", "62.1164", "1", "Pajhwok", "Taliban took the provincial capital."])
    code, out, err = run(["status", article, "--events", acled, "--format", "jsonl", "--date", "2021-08-08"], capsys)
    assert code == 0, err
    rows = {r["province"]: r for r in map(json.loads, out.splitlines()) if r["district"] is None}
    assert rows["Farah"]["status"] == "taliban" and rows["Farah"]["since"] == "2021-08-10"
    assert rows["Kunduz"]["status"] == "taliban"
    code, out, err = run(["status", "--events", tmp_path / "kunduz.txt", "--format", "jsonl"], capsys)
    assert code == 2 and "not an ACLED export" in err
