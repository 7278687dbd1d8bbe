"""Reading documents: every INPUT form of CONTRACT.md, and the bad ones."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from geoevents.docs import as_docs, parse_date, read_docs
from geoevents.errors import InputError


def _all(inputs, **kw) -> pd.DataFrame:
    return pd.concat(list(read_docs(inputs, **kw)), ignore_index=True)


def test_plain_text_file_id_is_stem(tmp_path):
    p = tmp_path / "dispatch-12.txt"
    p.write_text("Fighting in Kunduz.", encoding="utf-8")
    df = _all([p], date="2021-08-08")
    assert df.to_dict("records") == [
        {"id": "dispatch-12", "text": "Fighting in Kunduz.", "date": "2021-08-08", "url": None, "title": None}
    ]


def test_jsonl_fields_chunks_and_default_date(tmp_path):
    p = tmp_path / "docs.jsonl"
    rows = [{"id": f"d{i}", "text": f"text {i}", "date": "2021-08-15" if i % 2 else None, "extra": 1} for i in range(7)]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    chunks = list(read_docs([p], date="2021-09-01", chunksize=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    df = pd.concat(chunks, ignore_index=True)
    assert list(df["id"]) == [f"d{i}" for i in range(7)]
    assert list(df["date"]) == ["2021-09-01", "2021-08-15"] * 3 + ["2021-09-01"]
    assert list(df.columns) == ["id", "text", "date", "url", "title"]


def test_csv_with_optional_columns(tmp_path):
    p = tmp_path / "docs.csv"
    pd.DataFrame({"id": [1, 2], "text": ["a, b", "line\nbreak"], "url": ["http://x", None]}).to_csv(p, index=False)
    df = _all([p])
    assert list(df["id"]) == ["1", "2"]
    assert df.loc[1, "text"] == "line\nbreak"
    assert df.loc[0, "url"] == "http://x" and df.loc[1, "url"] is None


def test_jsonl_bad_line_named(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id": "a", "text": "x"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl: line 2 is not valid JSON"):
        _all([p])


@pytest.mark.parametrize("content,field", [('{"text": "x"}', "id"), ('{"id": "a"}', "text")])
def test_jsonl_missing_field(tmp_path, content, field):
    p = tmp_path / "m.jsonl"
    p.write_text(content + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"line 1: missing required field '{field}'"):
        _all([p])


def test_csv_missing_column(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("id,body\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing required column"):
        _all([p])


def test_missing_file_folder_binary(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        _all([tmp_path / "nope.txt"])
    with pytest.raises(InputError, match="is a folder"):
        _all([tmp_path])
    b = tmp_path / "x.bin"
    b.write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(InputError, match="binary file"):
        _all([b])


def test_invalid_utf8_replaced_with_one_warning(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Fighting in Kunduz \xe9 and Herat".encode("latin-1"))
    with pytest.warns(UserWarning, match="invalid UTF-8") as record:
        df = _all([p])
    assert len(record) == 1
    assert df.loc[0, "text"] == "Fighting in Kunduz \ufffd and Herat"


def test_empty_file_is_one_empty_document(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("")
    assert _all([p])["text"].tolist() == [""]
    j = tmp_path / "empty.jsonl"
    j.write_text("")
    assert list(read_docs([j])) == []


def test_parse_date():
    assert parse_date("2021-08-15") == "2021-08-15"
    assert parse_date(None) is None and parse_date("") is None
    for bad in ("2021-13-01", "15/08/2021", "yesterday"):
        with pytest.raises(InputError, match="--as-of"):
            parse_date(bad, "--as-of")


def test_as_docs_forms():
    assert as_docs("Kabul")[["id", "text"]].to_dict("records") == [{"id": "doc0", "text": "Kabul"}]
    df = as_docs(["a", "b"], date="2021-08-01")
    assert list(df["id"]) == ["doc0", "doc1"] and set(df["date"]) == {"2021-08-01"}
    frame = pd.DataFrame({"id": ["x"], "text": ["t"], "date": ["2021-09-06"]})
    assert as_docs(frame, date="2021-01-01").loc[0, "date"] == "2021-09-06"
    with pytest.raises(InputError, match="text"):
        as_docs(pd.DataFrame({"id": [1]}))


def test_documents_frame_with_missing_dates_of_every_kind():
    frame = pd.DataFrame({"id": [1, "b", "c"], "text": ["Kabul fell.", None, "Herat"],
                          "date": [pd.NaT, float("nan"), pd.Timestamp("2021-08-13")]})
    docs = as_docs(frame, date="2021-08-15")
    assert docs["id"].tolist() == ["1", "b", "c"]
    assert docs["text"].tolist() == ["Kabul fell.", "", "Herat"]
    assert docs["date"].tolist() == ["2021-08-15", "2021-08-15", "2021-08-13"]
    with pytest.raises(InputError, match="missing required field 'id'"):
        as_docs(pd.DataFrame({"id": ["a", None], "text": ["x", "y"]}))
    with pytest.raises(InputError, match="'text' must be a string"):
        as_docs(pd.DataFrame({"id": ["a"], "text": [3]}))
