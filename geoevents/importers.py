"""Event datasets analysts already use, as geoevents event frames.

* :func:`read_acled`: an ACLED CSV export (``event_id_cnty``, ``event_date``,
  ``sub_event_type``, ``actor1``, ``latitude``...).
* :func:`read_ged`: a UCDP Georeferenced Event Dataset (GED) CSV (``id``,
  ``type_of_violence``, ``side_a``, ``side_b``, ``latitude``, ``date_start``...).
* :func:`read_events`: our own events, as written by ``geoevents events
  --format jsonl|csv`` (round trip).
* :func:`read_event_table`: any of the three, recognised by its columns.

Each returns a frame with :data:`geoevents.schema.EVENT_COLUMNS` plus
``confirmed``, ``source`` (``"acled"``, ``"ucdp"``, ``"text"``...), ``url``,
``title``, ``lat``, ``lon`` and ``level``, ready for :func:`geoevents.status`,
the maps and :class:`geoevents.store.EventStore`.  Dataset points get their
province and district from :func:`geoevents.join.join` (the dataset's own
``admin1``/``adm_1`` names are not trusted: spellings differ from the pack's);
points outside the pack's country are dropped.

Which dataset events say who holds a place is a documented table
(:data:`ACLED_SUB_EVENTS`, :data:`GED_VIOLENCE`).  Whose side an actor is on
is country data: the ``actors=`` argument, else the ``"names"`` rules of the
pack's ``"actors"`` entry in ``pack.json`` (see :func:`actor_table`), else
:data:`DEFAULT_ACTORS` (the status words themselves).  A rule is a
case-insensitive regular expression searched in the actor name as the dataset
writes it, the side (a status, or null for "no side"), and optionally the
dates between which it holds (``"from"`` inclusive, ``"until"`` exclusive, on
the event's date), for datasets that give a state the same name before and
after a change of regime::

    {"names": [
        {"side": "resistance", "pattern": "^Military Forces of Xland \\\\(1990-2020\\\\)"},
        {"side": "taliban",    "pattern": "^Government of Xland$", "from": "2020-06-01"},
        {"side": "resistance", "pattern": "^Government of Xland$", "until": "2020-06-01"}
    ]}

The first rule that matches wins.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import numpy as np
import pandas as pd

from .errors import InputError, PackError
from .schema import EVENT_COLUMNS, STATUSES

__all__ = [
    "ACLED_SUB_EVENTS", "GED_VIOLENCE", "DEFAULT_ACTORS", "read_acled", "read_ged", "read_events",
    "read_event_table", "sniff", "actor_status", "ActorRule", "ActorTable", "actor_table",
]

#: ACLED ``sub_event_type`` -> (our ``kind``, whose status the place takes).
#: ``"actor1"``: the place is held by ``actor1``'s side afterwards (ACLED codes
#: the side that takes or keeps the territory as actor 1); ``"contested"``:
#: fighting, whoever holds it.  Sub-event types not listed here (riots,
#: protests, air strikes, attacks on civilians...) say nothing about who holds
#: the ground and are not imported.
ACLED_SUB_EVENTS: dict[str, tuple[str, str]] = {
    "Non-state actor overtakes territory": ("capture", "actor1"),
    "Government regains territory": ("retake", "actor1"),
    "Non-violent transfer of territory": ("surrender", "actor1"),
    "Headquarters or base established": ("hold", "actor1"),
    "Armed clash": ("fighting", "contested"),
}

#: UCDP GED ``type_of_violence`` -> (our ``kind``, status).  GED has no
#: territory-change events: state-based (1) and non-state (2) violence are
#: fighting, so the place is contested; one-sided violence against civilians
#: (3) says nothing about who holds it and is not imported.
GED_VIOLENCE: dict[int, tuple[str, str] | None] = {
    1: ("fighting", "contested"),
    2: ("fighting", "contested"),
    3: None,
}

#: Actor table used when neither the pack nor the caller gives one: an actor
#: whose name holds a side's own status word is on that side.  Every other
#: name (a country's armed forces, its government, its armed groups) is
#: country data, in the pack's ``"actors"`` entry.
DEFAULT_ACTORS: dict[str, list[str]] = {
    s: [rf"\b{re.escape(s)}\b"] for s in STATUSES if s != "contested"
}

#: Columns that identify each dataset (a file with all of them is that dataset).
ACLED_COLUMNS = ("event_id_cnty", "event_date", "sub_event_type", "actor1", "latitude", "longitude")
GED_COLUMNS = ("id", "type_of_violence", "side_a", "side_b", "latitude", "longitude", "date_start")

#: ACLED ``geo_precision`` / GED ``where_prec`` from which a point stands for a
#: province (its district is not trusted), and GED's from which it is dropped.
ACLED_PROVINCE_PRECISION = 3
GED_PROVINCE_PRECISION = 4
GED_DROP_PRECISION = 6

_OUT_COLUMNS = [*EVENT_COLUMNS, "confirmed", "source", "url", "title", "lat", "lon", "level"]

_CHUNK_ROWS = 100_000


# --------------------------------------------------------------------------- actors
ActorSpec = Union[Mapping[str, Any], Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class ActorRule:
    """One rule of an actor table: names matching ``pattern`` are on ``status``'s side.

    ``status`` None means "no side" (a name that would otherwise match a later
    rule).  ``start``/``end`` (ISO dates, ``start`` inclusive, ``end``
    exclusive) limit the rule to events in that period; a rule with dates does
    not apply to undated events.
    """

    status: str | None
    pattern: re.Pattern
    start: str | None = None
    end: str | None = None

    def holds(self, date: str | None) -> bool:
        if self.start is None and self.end is None:
            return True
        if not date:
            return False
        return (self.start is None or date >= self.start) and (self.end is None or date < self.end)


class ActorTable:
    """Ordered actor-name rules: the side of an actor name, on an event's date.

    Build it with :func:`actor_table`; call :meth:`side`.
    """

    def __init__(self, rules: Sequence[ActorRule]):
        self.rules = tuple(rules)
        self._matches: dict[str, tuple[ActorRule, ...]] = {}

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self):
        return iter(self.rules)

    def __repr__(self) -> str:
        return f"<ActorTable: {len(self.rules)} rule(s)>"

    def side(self, actor: object, date: str | None = None) -> str | None:
        """The side (status) of ``actor`` on ``date`` (``YYYY-MM-DD``), or None.

        The first rule whose pattern is found in the name and whose period
        holds the date decides; None when no rule does (or the rule has no side).
        """
        if not isinstance(actor, str):
            return None
        name = actor.strip()
        if not name:
            return None
        matches = self._matches.get(name)
        if matches is None:
            matches = self._matches[name] = tuple(r for r in self.rules if r.pattern.search(name))
        for rule in matches:
            if rule.holds(date):
                return rule.status
        return None


def _rule_date(value: object, where: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date of the form YYYY-MM-DD") from None


def _compile(pattern: object, where: str) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise ValueError(f"{where}: the pattern must be a non-empty string, not {pattern!r}")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"{where}: bad pattern {pattern!r}: {exc}") from None


def _rules(spec: ActorSpec) -> list[ActorRule]:
    """Rules from a ``{"names": [rule, ...]}`` entry, a list of rules, or ``{status: [regex, ...]}``."""
    if isinstance(spec, Mapping) and "names" in spec:
        spec = spec["names"]
    rules: list[ActorRule] = []
    if isinstance(spec, Mapping):
        for status, patterns in spec.items():
            if status not in STATUSES:
                raise ValueError(f"{status!r} is not a status ({', '.join(STATUSES)})")
            for pattern in [patterns] if isinstance(patterns, str) else patterns:
                rules.append(ActorRule(status, _compile(pattern, f"{status}")))
        return rules
    if isinstance(spec, (str, bytes)) or not isinstance(spec, Sequence):
        raise ValueError(f"expected a list of rules or a mapping of status to patterns, not {type(spec).__name__}")
    for i, rule in enumerate(spec, 1):
        where = f"rule {i}"
        if not isinstance(rule, Mapping):
            raise ValueError(f"{where}: expected an object with side and pattern, not {rule!r}")
        unknown = set(rule) - {"side", "status", "pattern", "from", "until", "note"}
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if "side" not in rule and "status" not in rule:
            raise ValueError(f"{where}: no side")
        status = rule.get("side", rule.get("status"))
        if status is not None and status not in STATUSES:
            raise ValueError(f"{where}: side {status!r} is not a status ({', '.join(STATUSES)}) or null")
        start, end = _rule_date(rule.get("from"), where), _rule_date(rule.get("until"), where)
        if start and end and start >= end:
            raise ValueError(f"{where}: from {start} is not before until {end}")
        rules.append(ActorRule(status, _compile(rule.get("pattern"), where), start, end))
    return rules


def actor_table(actors: ActorSpec | ActorTable | None = None, pack=None) -> ActorTable:
    """The actor table for a dataset import.

    Parameters
    ----------
    actors : mapping, list or ActorTable, optional
        ``{"names": [rule, ...]}``, a list of rules (``{"side", "pattern"[,
        "from"][, "until"]}``) or ``{status: [regex, ...]}``.  Default: the
        pack's ``"actors"`` entry, else :data:`DEFAULT_ACTORS`.
    pack : Pack or str, optional
        The country pack (default: the default pack).

    Returns
    -------
    ActorTable

    Raises
    ------
    InputError
        A bad ``actors`` argument.
    PackError
        A bad ``"actors"`` entry in the pack (names its ``pack.json``).
    """
    if isinstance(actors, ActorTable):
        return actors
    if actors is not None:
        try:
            return ActorTable(_rules(actors))
        except ValueError as exc:
            raise InputError(f"actor table: {exc}") from None
    entry, where = None, "pack.json"
    try:
        from .pack import pack_meta, pack_path

        entry = pack_meta(pack).get("actors")
        where = str(pack_path(pack) / "pack.json")
    except PackError:
        entry = None  # no pack: the join says so; the defaults stand in here
    if isinstance(entry, Mapping) and entry.get("names"):
        try:
            return ActorTable(_rules(entry["names"]))
        except ValueError as exc:
            raise PackError(f"{where}: actors: {exc}") from None
    return ActorTable(_rules(DEFAULT_ACTORS))


def actor_status(actor: object, table: ActorTable | ActorSpec, date: str | None = None) -> str | None:
    """The side (status) of an actor name, or None when no rule gives one.

    Parameters
    ----------
    actor : str
        An actor name as the dataset writes it.
    table : ActorTable, or a spec accepted by :func:`actor_table`
        The first matching rule wins.
    date : str, optional
        The event's date (``YYYY-MM-DD``), for rules limited to a period.
    """
    if not isinstance(table, ActorTable):
        table = actor_table(table)
    return table.side(actor, date)


# --------------------------------------------------------------------------- reading
def _check_file(path) -> Path:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    return p


def _header(path: Path) -> tuple[list[str], str]:
    """Column names and separator (ACLED exports may use ';') of a CSV file."""
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        line = fh.readline()
    sep = ";" if line.count(";") > line.count(",") else ","
    return [c.strip().strip('"').strip() for c in line.rstrip("\r\n").split(sep)], sep


def _csv_chunks(path: Path, needed: Sequence[str], optional: Sequence[str], what: str):
    header, sep = _header(path)
    missing = [c for c in needed if c not in header]
    if missing:
        raise InputError(f"{path}: not a {what} CSV: no column(s) {', '.join(missing)}")
    usecols = [c for c in header if c in set(needed) | set(optional)]
    try:
        yield from pd.read_csv(path, sep=sep, usecols=usecols, dtype=str, keep_default_na=False,
                               encoding="utf-8-sig", chunksize=_CHUNK_ROWS)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: cannot read as CSV ({exc})") from None


def _dates(values: pd.Series, path: Path, column: str, rows: pd.Index) -> list[str | None]:
    text = values.str.strip()
    parsed = pd.to_datetime(text.where(text != ""), format="mixed", errors="coerce")
    bad = parsed.isna() & (text != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{path}: row {rows[i] + 2}: {column} {text.iloc[i]!r} is not a date")
    return [None if pd.isna(d) else d.strftime("%Y-%m-%d") for d in parsed]


def _numbers(values: pd.Series, path: Path, column: str, rows: pd.Index) -> np.ndarray:
    num = pd.to_numeric(values.str.strip().replace("", None), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(num)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{path}: row {rows[i] + 2}: {column} {values.iloc[i]!r} is not a number")
    return num


def _place(frame: pd.DataFrame, province_only: np.ndarray, pack) -> pd.DataFrame:
    """Join the points to provinces/districts; drop points outside the country."""
    from .join import join

    if frame.empty:
        for col in ("province", "province_code", "district"):
            frame[col] = pd.Series(dtype=object)
        return frame
    joined = pd.DataFrame(join(frame[["lat", "lon"]], level="district", pack=pack).drop(columns="geometry"))
    for col in ("province", "province_code", "district"):
        frame[col] = [v if isinstance(v, str) and v else None for v in joined[col]]
    frame.loc[province_only, "district"] = None
    frame["level"] = np.where(frame["district"].notna(), "district", "province")
    return frame[frame["province_code"].notna()]


def _finish(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _OUT_COLUMNS})
    out = pd.concat(frames, ignore_index=True)
    for col in ("start", "end"):
        out[col] = pd.array([None] * len(out), dtype="Int64") if col not in out else out[col].astype("Int64")
    out = out[_OUT_COLUMNS]
    for col in _OUT_COLUMNS:
        if col not in ("start", "end", "lat", "lon", "confirmed"):
            out[col] = pd.Series([v if isinstance(v, str) and v != "" else None for v in out[col]], dtype=object)
    out["confirmed"] = out["confirmed"].astype(bool)
    return out


def _warn_skipped(path: Path, skipped: dict[str, int]) -> None:
    if skipped:
        names = ", ".join(f"{name!r} ({n})" for name, n in sorted(skipped.items(), key=lambda kv: -kv[1])[:3])
        warnings.warn(
            f"{path}: {sum(skipped.values())} event(s) skipped: no actor on a known side "
            f"(e.g. {names}); add rules for them to the \"names\" of the \"actors\" entry in the pack's "
            f"pack.json, or pass actors=",
            UserWarning, stacklevel=3,
        )


def read_acled(path: str | os.PathLike, *, pack=None, actors: ActorSpec | ActorTable | None = None
               ) -> pd.DataFrame:
    """Read an ACLED CSV export as events.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV exported from ACLED (comma- or semicolon-separated), with at
        least ``event_id_cnty``, ``event_date``, ``sub_event_type``, ``actor1``,
        ``latitude`` and ``longitude``.
    pack : Pack or str, optional
        Country pack for the province/district join and the actor table.
    actors : mapping, list or ActorTable, optional
        The sides of actor names (see :func:`actor_table`; default: the pack's
        ``"actors"`` entry, else :data:`DEFAULT_ACTORS`).

    Returns
    -------
    pandas.DataFrame
        One event per territory sub-event of :data:`ACLED_SUB_EVENTS` inside the
        pack's country: ``doc`` ``"acled:<event_id_cnty>"``, ``mention`` the
        ACLED location, ``sentence`` the ACLED notes, ``actor`` actor 1,
        ``title`` the ACLED sources, ``source`` ``"acled"``, ``confirmed`` True.

    Raises
    ------
    InputError
        Missing columns, or a bad date or coordinate (the message names the row).
    """
    p = _check_file(path)
    table = actor_table(actors, pack)
    optional = ("actor2", "assoc_actor_1", "location", "notes", "source", "geo_precision", "admin1", "admin2")
    frames, skipped = [], {}
    for chunk in _csv_chunks(p, ACLED_COLUMNS, optional, "ACLED"):
        sub = chunk["sub_event_type"].str.strip()
        chunk = chunk[sub.isin(list(ACLED_SUB_EVENTS))]
        if chunk.empty:
            continue
        rows = chunk.index
        dates = _dates(chunk["event_date"], p, "event_date", rows)
        kinds, statuses = [], []
        for sub_event, a1, a2, date in zip(chunk["sub_event_type"].str.strip(), chunk["actor1"],
                                           chunk.get("actor2", pd.Series("", index=rows)), dates):
            kind, whose = ACLED_SUB_EVENTS[sub_event]
            side1 = table.side(a1, date)
            if whose == "actor1":
                status = side1
                if status is None:
                    skipped[a1] = skipped.get(a1, 0) + 1
            else:
                status = whose if (side1 or table.side(a2, date)) else None
                if status is None:
                    skipped[f"{a1} / {a2}"] = skipped.get(f"{a1} / {a2}", 0) + 1
            kinds.append(kind)
            statuses.append(status)
        out = pd.DataFrame({
            "doc": ["acled:" + e.strip() for e in chunk["event_id_cnty"]],
            "mention": chunk.get("location", pd.Series("", index=rows)).str.strip().to_numpy(),
            "start": None, "end": None,
            "status": statuses, "kind": kinds,
            "actor": chunk["actor1"].str.strip().to_numpy(),
            "date": dates,
            "sentence": chunk.get("notes", pd.Series("", index=rows)).str.strip().to_numpy(),
            "confirmed": True, "source": "acled", "url": None,
            "title": chunk.get("source", pd.Series("", index=rows)).str.strip().to_numpy(),
            "lat": _numbers(chunk["latitude"], p, "latitude", rows),
            "lon": _numbers(chunk["longitude"], p, "longitude", rows),
        })
        precision = pd.to_numeric(chunk.get("geo_precision", pd.Series("", index=rows)), errors="coerce")
        keep = out["status"].notna().to_numpy()
        province_only = (precision >= ACLED_PROVINCE_PRECISION).to_numpy()[keep]
        frames.append(_place(out[keep].reset_index(drop=True), province_only, pack))
    _warn_skipped(p, skipped)
    return _finish(frames)


def read_ged(path: str | os.PathLike, *, pack=None, actors: ActorSpec | ActorTable | None = None
             ) -> pd.DataFrame:
    """Read a UCDP GED CSV as events.

    Parameters
    ----------
    path : str or os.PathLike
        A UCDP Georeferenced Event Dataset CSV with at least ``id``,
        ``type_of_violence``, ``side_a``, ``side_b``, ``latitude``,
        ``longitude`` and ``date_start``.
    pack : Pack or str, optional
        Country pack for the province/district join and the actor table.
    actors : mapping, list or ActorTable, optional
        See :func:`read_acled`.

    Returns
    -------
    pandas.DataFrame
        One ``contested`` / ``fighting`` event per state-based or non-state
        GED event (see :data:`GED_VIOLENCE`) with a side in the actor table,
        located to at least a province (``where_prec`` below 6), inside the
        pack's country: ``doc`` ``"ucdp:<id>"``, ``mention`` the GED
        ``where_coordinates``, ``actor`` side A, ``confirmed`` True for
        ``event_clarity`` 1, ``source`` ``"ucdp"``.
    """
    p = _check_file(path)
    table = actor_table(actors, pack)
    optional = ("where_coordinates", "where_prec", "event_clarity", "source_headline", "source_office",
                "source_article", "best", "dyad_name", "adm_1", "adm_2", "date_end")
    frames, skipped = [], {}
    for chunk in _csv_chunks(p, GED_COLUMNS, optional, "UCDP GED"):
        rows = chunk.index
        tov = pd.to_numeric(chunk["type_of_violence"], errors="coerce")
        wanted = tov.map(lambda t: GED_VIOLENCE.get(int(t)) if t == t else None)
        prec = pd.to_numeric(chunk.get("where_prec", pd.Series("", index=rows)), errors="coerce")
        keep = wanted.notna() & ~(prec >= GED_DROP_PRECISION)
        chunk, wanted, prec = chunk[keep], wanted[keep], prec[keep]
        if chunk.empty:
            continue
        rows = chunk.index
        dates = _dates(chunk["date_start"], p, "date_start", rows)
        statuses = []
        for (kind, status), a, b, date in zip(wanted, chunk["side_a"], chunk["side_b"], dates):
            if table.side(a, date) or table.side(b, date):
                statuses.append(status)
            else:
                statuses.append(None)
                skipped[f"{a} / {b}"] = skipped.get(f"{a} / {b}", 0) + 1
        where = chunk.get("where_coordinates", pd.Series("", index=rows)).str.strip()
        headline = chunk.get("source_headline", pd.Series("", index=rows)).str.strip()
        best = chunk.get("best", pd.Series("", index=rows)).str.strip()
        made = [
            f"{a.strip()} vs {b.strip()} at {w or 'an unnamed place'}"
            + (f": {n} deaths (best estimate)" if n else "") + f" [UCDP GED {i.strip()}]"
            for a, b, w, n, i in zip(chunk["side_a"], chunk["side_b"], where, best, chunk["id"])
        ]
        clarity = pd.to_numeric(chunk.get("event_clarity", pd.Series("1", index=rows)), errors="coerce")
        out = pd.DataFrame({
            "doc": ["ucdp:" + i.strip() for i in chunk["id"]],
            "mention": where.to_numpy(),
            "start": None, "end": None,
            "status": statuses, "kind": [k for k, _ in wanted],
            "actor": chunk["side_a"].str.strip().to_numpy(),
            "date": dates,
            "sentence": [h if h else m for h, m in zip(headline, made)],
            "confirmed": (clarity.fillna(1) == 1).to_numpy(), "source": "ucdp", "url": None,
            "title": chunk.get("source_office", pd.Series("", index=rows)).str.strip().to_numpy(),
            "lat": _numbers(chunk["latitude"], p, "latitude", rows),
            "lon": _numbers(chunk["longitude"], p, "longitude", rows),
        })
        keep = out["status"].notna().to_numpy()
        province_only = (prec >= GED_PROVINCE_PRECISION).to_numpy()[keep]
        frames.append(_place(out[keep].reset_index(drop=True), province_only, pack))
    _warn_skipped(p, skipped)
    return _finish(frames)


def read_events(path: str | os.PathLike) -> pd.DataFrame:
    """Read back events written by ``geoevents events --format jsonl|csv``.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.jsonl`` (one event object per line) or ``.csv`` file with the
        event columns of CONTRACT.md.

    Returns
    -------
    pandas.DataFrame
        ``EVENT_COLUMNS`` (``start``/``end`` as nullable integers, ``date`` as
        ``YYYY-MM-DD`` strings) followed by any other columns of the file
        (``confirmed``, ``source``, ``url``...).  ``source`` defaults to
        ``"text"`` and ``confirmed`` to True when the file has none.
    """
    p = _check_file(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".jsonl":
            frame = _read_jsonl(p)
        elif suffix == ".csv":
            frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            raise InputError(f"{path}: events must be a .jsonl or .csv file")
    except ValueError as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{path}: cannot read events ({exc})") from None
    missing = [c for c in EVENT_COLUMNS if c not in frame.columns]
    if missing and len(frame.columns):
        raise InputError(f"{path}: not a geoevents events file: no column(s) {', '.join(missing)}")
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in EVENT_COLUMNS})
    out = pd.DataFrame(index=frame.index)
    for col in EVENT_COLUMNS:
        values = frame[col]
        if col in ("start", "end"):
            out[col] = pd.to_numeric(values.replace("", None), errors="coerce").astype("Int64")
        else:
            out[col] = pd.Series([_clean(v) for v in values], index=frame.index, dtype=object)
    out["date"] = pd.Series([None if v is None else str(v)[:10] for v in out["date"]], index=frame.index,
                            dtype=object)
    for col in frame.columns:
        if col not in out.columns:
            out[col] = frame[col]
    if "source" not in out:
        out["source"] = "text"
    if "confirmed" not in out:
        out["confirmed"] = True
    elif not pd.api.types.is_bool_dtype(out["confirmed"]):
        flags = [None if _clean(v) is None else str(v).strip().lower() in ("true", "1", "yes")
                 for v in out["confirmed"]]
        out["confirmed"] = pd.Series(flags, index=out.index, dtype=bool if None not in flags else object)
    for col in ("lat", "lon"):
        if col in out:
            out[col] = pd.to_numeric(out[col].replace("", None), errors="coerce")
    return out.reset_index(drop=True)


def _read_jsonl(path: Path) -> pd.DataFrame:
    import json

    records = []
    with open(path, encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{path}: line {number}: not JSON ({exc})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}: line {number}: not a JSON object")
            records.append(obj)
    return pd.DataFrame.from_records(records) if records else pd.DataFrame()


def _clean(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str) and value == "":
        return None
    return value


def sniff(path: str | os.PathLike) -> str | None:
    """What kind of event table ``path`` is: ``"acled"``, ``"ucdp"``, ``"events"`` or None.

    A ``.csv`` is recognised by its header; a ``.jsonl`` by the keys of its
    first line.  Document files (``id``/``text``) give None.
    """
    p = Path(path)
    if not p.is_file():
        return None
    suffix = p.suffix.lower()
    if suffix == ".csv":
        columns = set(_header(p)[0])
    elif suffix == ".jsonl":
        import json

        with open(p, encoding="utf-8-sig", errors="replace") as fh:
            first = fh.readline()
        try:
            obj = json.loads(first)
        except ValueError:
            return None
        columns = set(obj) if isinstance(obj, dict) else set()
    else:
        return None
    if set(ACLED_COLUMNS) <= columns:
        return "acled"
    if set(GED_COLUMNS) <= columns:
        return "ucdp"
    if set(EVENT_COLUMNS) <= columns and "text" not in columns:
        return "events"
    return None


def read_event_table(path: str | os.PathLike, *, kind: str = "auto", pack=None,
                     actors: ActorSpec | ActorTable | None = None) -> pd.DataFrame:
    """Read an ACLED, UCDP GED or geoevents events file, recognised by its columns.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    kind : {"auto", "acled", "ucdp", "events"}
        Force the reader instead of recognising it.
    pack, actors
        See :func:`read_acled`.

    Returns
    -------
    pandas.DataFrame
        An events frame (see the module docstring).
    """
    _check_file(path)
    if kind == "auto":
        kind = sniff(path) or ""
        if not kind:
            raise InputError(f"{path}: not an ACLED export, a UCDP GED CSV or a geoevents events file "
                             f"(see the columns each needs in geoevents.importers)")
    if kind == "acled":
        return read_acled(path, pack=pack, actors=actors)
    if kind == "ucdp":
        return read_ged(path, pack=pack, actors=actors)
    if kind == "events":
        return read_events(path)
    raise InputError(f"unknown event table kind {kind!r} (acled, ucdp, events)")
