"""Documents in: plain text, standard input, JSON Lines and CSV, streamed in chunks.

Every document command reads its INPUT arguments through :func:`read_docs`,
which yields :class:`pandas.DataFrame` chunks with the columns of
:data:`geoevents.schema.DOC_COLUMNS` (``id``, ``text``, ``date``, ``url``,
``title``).  Text is passed on untouched (no normalisation) so that character
offsets computed downstream index the text the user gave.

The Python API accepts looser input through :func:`as_docs`: a string, a list
of strings or a DataFrame with ``id``/``text`` columns.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from .errors import InputError
from .schema import DOC_COLUMNS

#: Largest single document accepted, in characters.  Longer texts are refused
#: with an InputError (a news article is 2-20 k characters; 50 MB of text is
#: not an article).  One document is processed in one piece: 2 M characters take
#: about 30 s and 300 MB (tests/test_hardening.py), so the limit keeps a run
#: bounded.  Raise it with the environment variable GEOEVENTS_MAX_DOC_CHARS.
MAX_DOC_CHARS = int(os.environ.get("GEOEVENTS_MAX_DOC_CHARS", 2_000_000))

#: Documents per chunk when streaming.
CHUNKSIZE = 500

csv.field_size_limit(sys.maxsize)

_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_date(value: object, what: str = "date") -> str | None:
    """Return ``value`` as an ISO date string ``YYYY-MM-DD``, or None when empty.

    Parameters
    ----------
    value : str, datetime.date or None
        The date to check.
    what : str
        Names the value in the error message (e.g. ``"--as-of"``).

    Raises
    ------
    InputError
        When ``value`` is not a valid calendar date.
    """
    if _is_missing(value):
        return None
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if not text or text.lower() in {"none", "null", "nan", "nat"}:
        return None
    try:
        if len(text) > 10 and text[10] not in "T ":  # a time may follow; "2021-08-081" is not a date
            raise ValueError(text)
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise InputError(f"{what}: {text!r} is not a date of the form YYYY-MM-DD") from None


def _frame(records: list[dict], default_date: str | None) -> pd.DataFrame:
    df = pd.DataFrame.from_records(records, columns=DOC_COLUMNS)
    if default_date is not None:
        df["date"] = df["date"].where(df["date"].notna(), default_date)
    return df.astype(object).where(df.notna(), None)


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _frame_of_columns(frame: pd.DataFrame, default_date: str | None) -> pd.DataFrame:
    """Check a documents frame column by column (what :func:`_record` checks row by row)."""
    n = len(frame)
    none = [None] * n
    ids, texts = frame["id"].tolist(), frame["text"].tolist()
    dates = frame["date"].tolist() if "date" in frame.columns else none
    urls = frame["url"].tolist() if "url" in frame.columns else none
    titles = frame["title"].tolist() if "title" in frame.columns else none
    out_ids, out_texts, out_dates = [], [], []
    for doc_id, text, date in zip(ids, texts, dates):
        source = f"document {doc_id!r}"
        if _is_missing(doc_id) or doc_id == "":
            raise InputError(f"{source}: missing required field 'id'")
        if _is_missing(text):
            text = ""
        elif not isinstance(text, str):
            raise InputError(f"{source}: field 'text' must be a string")
        out_ids.append(str(doc_id))
        out_texts.append(_check_text(text, source) if text else text)
        out_dates.append(None if _is_missing(date) else parse_date(date, f"{source}: date"))
    df = pd.DataFrame({"id": out_ids, "text": out_texts, "date": out_dates,
                       "url": [u or None for u in urls], "title": [t or None for t in titles]},
                      columns=DOC_COLUMNS)
    if default_date is not None:
        df["date"] = df["date"].where(df["date"].notna(), default_date)
    return df.astype(object).where(df.notna(), None)


def _check_text(text: str, source: str) -> str:
    if len(text) > MAX_DOC_CHARS:
        raise InputError(
            f"{source}: document of {len(text):,} characters is longer than the limit of "
            f"{MAX_DOC_CHARS:,} (set GEOEVENTS_MAX_DOC_CHARS to raise it)"
        )
    if not text.isascii() and _SURROGATE.search(text):
        # lone surrogates (from a bad decode upstream) cannot be written as UTF-8;
        # one replacement character each keeps every offset where it was
        warnings.warn(f"{source}: lone surrogate characters replaced", stacklevel=3)
        text = _SURROGATE.sub("\ufffd", text)
    return text


def _decode(data: bytes, source: str) -> str:
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # "Unicode" text as Windows Notepad saves it
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        raise InputError(f"{source}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.warn(f"{source}: invalid UTF-8, undecodable bytes replaced", stacklevel=3)
        text = data.decode("utf-8", errors="replace")
    return text


def _record(raw: dict, source: str, default_id: str | None = None) -> dict:
    if not isinstance(raw, dict):
        raise InputError(f"{source}: expected a JSON object, got {type(raw).__name__}")
    doc_id = raw.get("id", default_id)
    text = raw.get("text")
    if doc_id is None or (isinstance(doc_id, float) and doc_id != doc_id) or doc_id == "":
        raise InputError(f"{source}: missing required field 'id'")
    if text is None or (isinstance(text, float) and text != text):
        if "text" not in raw:
            raise InputError(f"{source}: missing required field 'text'")
        text = ""
    if not isinstance(text, str):
        raise InputError(f"{source}: field 'text' must be a string")
    return {
        "id": str(doc_id),
        "text": _check_text(text, source),
        "date": parse_date(raw.get("date"), f"{source}: date"),
        "url": raw.get("url") or None,
        "title": raw.get("title") or None,
    }


def _open_text(path: Path, source: str) -> io.TextIOBase:
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise InputError(f"{source}: UTF-16 text; save it as UTF-8")
    if b"\x00" in head:
        raise InputError(f"{source}: binary file, not text")
    warned = False

    def replace_and_warn(exc: UnicodeDecodeError) -> tuple[str, int]:
        nonlocal warned
        if not warned:
            warnings.warn(f"{source}: invalid UTF-8, undecodable bytes replaced", stacklevel=2)
            warned = True
        return "\ufffd", exc.end

    handler = f"geoevents-replace-{id(replace_and_warn)}"
    codecs.register_error(handler, replace_and_warn)
    return open(path, encoding="utf-8-sig", errors=handler, newline="")


def _bounded_lines(fh, source: str, what: str) -> Iterator:
    """Lines of ``fh``, refusing one longer than a document may be (memory stays bounded)."""
    limit = MAX_DOC_CHARS * 4 + 64  # bytes of UTF-8, or characters
    n = 0
    while True:
        line = fh.readline(limit)
        if not line:
            return
        n += 1
        if len(line) >= limit:
            where = f"line {n}" if what == "line" else "a line"
            raise InputError(f"{source}: {where} is longer than the document limit of {MAX_DOC_CHARS:,} characters")
        yield line


def _iter_jsonl(path: Path, source: str, chunksize: int, date: str | None) -> Iterator[pd.DataFrame]:
    records: list[dict] = []
    warned = False
    with open(path, "rb") as fh:
        for n, raw_line in enumerate(_bounded_lines(fh, source, "line"), 1):
            try:
                line = raw_line.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                if not warned:
                    warnings.warn(f"{source}: invalid UTF-8, undecodable bytes replaced", stacklevel=2)
                    warned = True
                line = raw_line.decode("utf-8", errors="replace")
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{source}: line {n} is not valid JSON ({exc.msg})") from None
            records.append(_record(raw, f"{source}: line {n}"))
            if len(records) >= chunksize:
                yield _frame(records, date)
                records = []
    if records:
        yield _frame(records, date)


def _iter_csv(path: Path, source: str, chunksize: int, date: str | None) -> Iterator[pd.DataFrame]:
    csv.field_size_limit(MAX_DOC_CHARS + 1)  # a longer field is refused, not read whole
    with _open_text(path, source) as fh:
        reader = csv.DictReader(_bounded_lines(fh, source, "a line"))
        fields = reader.fieldnames or []
        if fields and not {"id", "text"} <= set(fields):
            missing = sorted({"id", "text"} - set(fields))
            raise InputError(f"{source}: missing required column(s) {', '.join(missing)}")
        records: list[dict] = []
        n = 1
        try:
            for n, row in enumerate(reader, 2):
                records.append(_record(row, f"{source}: row {n}"))
                if len(records) >= chunksize:
                    yield _frame(records, date)
                    records = []
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputError(f"{source}: row {n + 1}: a field is longer than the document limit of "
                                 f"{MAX_DOC_CHARS:,} characters") from None
            raise InputError(f"{source}: not a valid CSV file ({exc})") from None
        if records:
            yield _frame(records, date)


def _read_plain(data: bytes, doc_id: str, source: str, date: str | None) -> pd.DataFrame:
    text = _check_text(_decode(data, source), source)
    return _frame([{"id": doc_id, "text": text, "date": None, "url": None, "title": None}], date)


def read_docs(
    inputs: Iterable[str | os.PathLike], date: object = None, chunksize: int = CHUNKSIZE
) -> Iterator[pd.DataFrame]:
    """Read documents from INPUT arguments, in chunks.

    Parameters
    ----------
    inputs : iterable of str or path
        Each one a plain-text file (one document, id = the file's stem), ``-``
        (standard input, id ``stdin``), a ``.jsonl`` file (one document per
        line) or a ``.csv`` file with at least ``id`` and ``text`` columns.
    date : str, optional
        Publication date (``YYYY-MM-DD``) given to documents that carry none.
    chunksize : int
        Documents per chunk from ``.jsonl`` and ``.csv`` files.

    Yields
    ------
    pandas.DataFrame
        Chunks with columns ``id``, ``text``, ``date``, ``url``, ``title``.

    Raises
    ------
    InputError
        For a missing file, a folder, a binary file, a line that is not JSON
        (naming the line number), or a table without ``id``/``text``.

    Examples
    --------
    >>> for chunk in read_docs(["articles.jsonl"], date="2021-09-06"):  # doctest: +SKIP
    ...     print(len(chunk))
    """
    default_date = parse_date(date, "--date")
    inputs = [os.fspath(item) for item in inputs]
    for name in inputs:  # a missing file or a folder fails before any work or output
        if name != "-" and not Path(name).exists():
            raise InputError(f"{name}: no such file")
        if name != "-" and Path(name).is_dir():
            raise InputError(f"{name}: is a folder, not a file")
    for item in inputs:
        name = os.fspath(item)
        if name == "-":
            # bounded read: a document over the limit is refused without reading all of it
            data = sys.stdin.buffer.read(MAX_DOC_CHARS * 4 + 1)
            if len(data) > MAX_DOC_CHARS * 4:
                raise InputError(f"stdin: document larger than the limit of {MAX_DOC_CHARS:,} characters")
            yield _read_plain(data, "stdin", "stdin", default_date)
            continue
        path = Path(name)
        if not path.exists():
            raise InputError(f"{name}: no such file")
        if path.is_dir():
            raise InputError(f"{name}: is a folder, not a file")
        suffix = path.suffix.lower()
        try:
            if suffix == ".jsonl":
                yield from _iter_jsonl(path, name, chunksize, default_date)
            elif suffix == ".csv":
                yield from _iter_csv(path, name, chunksize, default_date)
            else:
                if path.stat().st_size > MAX_DOC_CHARS * 4:
                    raise InputError(f"{name}: file larger than the document limit of {MAX_DOC_CHARS:,} characters")
                yield _read_plain(path.read_bytes(), path.stem, name, default_date)
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a folder, not a file") from None


def as_docs(docs: object, date: object = None) -> pd.DataFrame:
    """Turn what a notebook user passes into a documents frame.

    Parameters
    ----------
    docs : str, list of str, pandas.DataFrame or dict
        One text; several texts (ids ``doc0``, ``doc1``...); or a frame with
        ``id`` and ``text`` columns and optionally ``date``, ``url``, ``title``.
    date : str, optional
        Publication date for documents without one.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``text``, ``date``, ``url``, ``title``.
    """
    default_date = parse_date(date, "date")
    if isinstance(docs, str):
        records = [{"id": "doc0", "text": docs}]
    elif isinstance(docs, dict):
        records = [_record(docs, "document")]
    elif isinstance(docs, pd.DataFrame):
        missing = {"id", "text"} - set(docs.columns)
        if "text" in missing:
            raise InputError(f"documents frame: missing required column(s) {', '.join(sorted(missing))}")
        frame = docs if "id" in docs.columns else docs.assign(id=[f"doc{i}" for i in range(len(docs))])
        return _frame_of_columns(frame, default_date)
    elif isinstance(docs, Iterable):
        records = []
        for i, d in enumerate(docs):
            if isinstance(d, str):
                records.append({"id": f"doc{i}", "text": d})
            else:
                records.append(_record(d, f"document {i}", default_id=f"doc{i}"))
    else:
        raise InputError(f"documents: expected text, a list of texts or a DataFrame, got {type(docs).__name__}")
    for r in records:
        r.setdefault("date", None)
        r.setdefault("url", None)
        r.setdefault("title", None)
        r["date"] = parse_date(r["date"], f"document {r['id']!r}: date")
        r["text"] = _check_text(r["text"], f"document {r['id']!r}")
    return _frame(records, default_date)
