"""Rows out and atomic files."""
from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from geoevents.errors import OutputError
from geoevents.output import atomic_output, check_output_path, write_rows


def test_atomic_output_renames_on_success(tmp_path):
    out = tmp_path / "a.txt"
    with atomic_output(out) as tmp:
        assert tmp.parent == tmp_path and tmp != out
        tmp.write_text("done")
        assert not out.exists()
    assert out.read_text() == "done"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_atomic_output_leaves_nothing_on_failure(tmp_path):
    out = tmp_path / "a.txt"
    out.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_output(out) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(tmp_path / "b.txt") as tmp:
            tmp.write_text("half")
            raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_check_output_path(tmp_path):
    assert check_output_path(tmp_path / "m.png", (".png",)) == tmp_path / "m.png"
    with pytest.raises(OutputError, match="unknown output extension '.bmp'"):
        check_output_path(tmp_path / "m.bmp", (".png", ".svg"))
    with pytest.raises(OutputError, match="does not exist"):
        check_output_path(tmp_path / "nope" / "m.png", (".png",))


def test_write_rows_jsonl_is_plain_json():
    frame = pd.DataFrame({"doc": ["a"], "start": [np.int64(3)], "lat": [np.nan], "evidence": [["s1", "s2"]]})
    buf = io.StringIO()
    write_rows(frame, ["doc", "start", "lat", "evidence", "missing"], "jsonl", buf)
    assert json.loads(buf.getvalue()) == {"doc": "a", "start": 3, "lat": None, "evidence": ["s1", "s2"], "missing": None}


def test_write_rows_csv_and_table():
    frame = pd.DataFrame({"a": ["x, y", None], "b": [1, 2]})
    buf = io.StringIO()
    write_rows(frame, ["a", "b"], "csv", buf)
    assert buf.getvalue() == 'a,b\n"x, y",1\n,2\n'
    buf = io.StringIO()
    write_rows(frame, ["a", "b"], "table", buf)
    assert buf.getvalue().splitlines() == ["a     b", "x, y  1", "      2"]
