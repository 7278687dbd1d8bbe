"""Results out: rows to standard output, and files written atomically.

Every file geoevents writes goes through :func:`atomic_output`: the data is
written to a temporary file in the target folder and renamed over the target
only when writing succeeded, so a failing or interrupted command never leaves
a partial file behind.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from .errors import OutputError

FORMATS = ("jsonl", "csv", "table")

_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def check_output_path(path: str | os.PathLike, allowed_suffixes: Sequence[str]) -> Path:
    """Check that ``path`` can be written as one of ``allowed_suffixes``.

    Parameters
    ----------
    path : str or path
        The output file.
    allowed_suffixes : sequence of str
        Suffixes with the dot, e.g. ``(".png", ".svg")``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OutputError
        When the extension is unknown, the folder does not exist or is not
        writable, or the path is a folder.
    """
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in allowed_suffixes:
        allowed = ", ".join(s.lstrip(".") for s in allowed_suffixes)
        raise OutputError(f"{out}: unknown output extension {suffix or '(none)'!r}; use one of {allowed}")
    folder = out.parent if str(out.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{out}: {str(folder)!r} is a file, not a folder")
    if not folder.is_dir():
        raise OutputError(f"{out}: output folder {str(folder)!r} does not exist")
    if out.is_dir():
        raise OutputError(f"{out}: is a folder, not a file")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{out}: output folder {str(folder)!r} is not writable")
    return out


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it to ``path`` on success.

    On any exception (including KeyboardInterrupt) the temporary file is
    removed and ``path`` is left as it was.

    Examples
    --------
    >>> with atomic_output("out.csv") as tmp:  # doctest: +SKIP
    ...     frame.to_csv(tmp)
    """
    out = Path(path)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{out}: output folder {str(folder)!r} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=f".tmp{out.suffix}", dir=folder)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write ({exc.strerror})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers such as GDAL want to create the file themselves
    try:
        yield tmp
        if not tmp.exists():
            raise OutputError(f"{out}: nothing was written")
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _plain(value: object) -> object:
    """Return ``value`` as something ``json.dumps`` writes faithfully."""
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is pd.NaT or value is pd.NA:
        return None
    return value


def records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict]:
    """Return the rows of ``frame`` as plain dicts with exactly ``columns``.

    Missing columns come out as None; NaN as None; numpy scalars as Python ones.
    """
    present = [c for c in columns if c in frame.columns]
    rows = []
    for rec in frame[present].to_dict("records") if present else [{}] * len(frame):
        rows.append({c: _plain(rec.get(c)) for c in columns})
    return rows


def csv_quoting(frame: pd.DataFrame) -> int:
    """``csv.QUOTE_ALL`` when a text cell of ``frame`` holds a carriage return, else ``csv.QUOTE_MINIMAL``.

    Python's csv writer (3.11) quotes a field holding ``\\n`` but not one holding a lone
    ``\\r``, which CSV readers then take for a line break; pass the result as
    ``frame.to_csv(..., quoting=csv_quoting(frame))`` so such rows stay whole.
    """
    import csv

    for col in frame.columns:
        values = frame[col]
        if (values.dtype == object or pd.api.types.is_string_dtype(values)) and any(
                isinstance(v, str) and "\r" in v for v in values):
            return csv.QUOTE_ALL
    return csv.QUOTE_MINIMAL


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return str(value)


def write_rows(frame: pd.DataFrame, columns: Sequence[str], fmt: str, stream: IO[str], header: bool = True) -> None:
    """Write ``frame`` to ``stream`` as JSON Lines, CSV or an aligned table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows to write.
    columns : sequence of str
        The columns to write, in order.
    fmt : {"jsonl", "csv", "table"}
        Output format.
    stream : text stream
        Where to write (standard output for the CLI).
    header : bool
        Write the CSV header / table header (False for later chunks).
    """
    rows = records(frame, columns)
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        import csv

        writer = csv.writer(stream, lineterminator="\n")
        quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        if header:
            writer.writerow(columns)
        for row in rows:
            cells = [_cell(row[c]) for c in columns]
            # a lone "\r" is not quoted by csv (3.11) and readers take it for a line break
            (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
    elif fmt == "table":
        # control characters (terminal escapes, line breaks) and bidi overrides from article text
        # would act on the user's terminal: shown as spaces
        shown = [[_UNSHOWABLE.sub(" ", _cell(row[c]))[:60] for c in columns] for row in rows]
        widths = [max([len(c)] + [len(r[i]) for r in shown]) for i, c in enumerate(columns)]
        if header:
            stream.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
        for r in shown:
            stream.write("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
    else:
        raise OutputError(f"--format: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    stream.flush()
