"""Fold control-status events into the status of each region as of a date.

Rules (also in the README):

1. Events of a region are taken in date order (events without a date come
   first); events after ``as_of`` are left out.
2. Events of the same day are read together: if they all give one side,
   the region is that side's; if they disagree, or one of them is a denial
   or "conflicting reports", the region is ``contested``.
3. A later day's status replaces the earlier one: a later confirmed capture
   overrides an earlier capture.  A day with only unconfirmed claims
   (``confirmed`` False: "the Taliban claimed...", a hedged report) keeps the
   region as it was when the claim agrees with it, and makes it
   ``contested`` when it does not (or when nothing was known before, except
   for a side's unopposed word that it still holds a place: that side's).
4. A province's districts roll up to it: all one side -> that side, mixed ->
   ``contested``.  What is said of the province itself is not erased: the
   province keeps its own status unless district news is more recent.
5. Analyst overrides (:mod:`geoevents.overrides`) replace the extracted status
   of their region from their date on, and are marked in the ``override``
   column.

``by="doc"`` applies the same rules to each document on its own: the status
as that document states it.  Each row carries ``since`` (the date its status
began), ``evidence`` (sentences, newest first), ``sources`` (document URLs, or
ids where there is no URL, plus every source listed by events that carry a
``sources`` list, as the event store's do; each once, newest first),
``n_events`` and ``confirmed`` (False when the status rests only on
unconfirmed claims).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .dates import to_date
from .errors import InputError, PackError
from .schema import STATUS_COLUMNS, STATUSES

__all__ = ["status", "fold", "EXTRA_STATUS_COLUMNS"]

#: Columns of a status frame after :data:`geoevents.schema.STATUS_COLUMNS`.
EXTRA_STATUS_COLUMNS = ["n_events", "confirmed", "override"]

_MIN = dt.date.min


@dataclass
class Folded:
    """The status of one region after folding its events."""

    status: str
    since: dt.date | None
    last: dt.date            # date of the latest event read (``date.min`` when undated)
    confirmed: bool
    override: str | None = None
    events: list[dict] = field(default_factory=list)


def _day(value) -> dt.date:
    d = to_date(value)
    return d if d is not None else _MIN


def fold(events: list[dict]) -> Folded | None:
    """Fold the events of one region (rows with status, kind, date, confirmed).

    Parameters
    ----------
    events : list of dict
        Event rows of one region, any order.

    Returns
    -------
    Folded or None
        None when there is no event.
    """
    if not events:
        return None
    evs = sorted(events, key=lambda e: _day(e.get("date")))
    days: dict[dt.date, list[dict]] = {}
    for e in evs:
        days.setdefault(_day(e.get("date")), []).append(e)
    state: str | None = None
    since: dt.date | None = None
    confirmed = False
    override = None
    for day, group in days.items():
        ov = [e for e in group if e.get("source") == "override"]
        if ov:
            e = ov[-1]
            new, new_conf, override = e["status"], True, e.get("note") or e.get("sentence") or "override"
        else:
            if override is not None:
                continue  # an analyst's correction stands over later extracted events
            sts = {e["status"] for e in group}
            conf = [e for e in group if _truthy(e.get("confirmed", True))]
            if any(e.get("kind") == "denial" for e in group) or len(sts) > 1:
                new, new_conf = "contested", True
            elif conf:
                new, new_conf = next(iter(sts)), True
            else:  # only unconfirmed claims
                claim = next(iter(sts))
                if state == claim:
                    new, new_conf = state, confirmed
                elif state is None and all(e.get("kind") == "hold" for e in group):
                    new, new_conf = claim, False  # a side saying it still holds a place, with nothing against it
                else:
                    new, new_conf = "contested", False
        if new != state:
            since = None if day == _MIN else day
        state, confirmed = new, new_conf
    return Folded(state, since, max(days), confirmed, override, evs)


def _truthy(v) -> bool:
    if v is None or (isinstance(v, float) and v != v):
        return True
    if isinstance(v, str):
        return v.strip().lower() not in ("false", "0", "no", "")
    return bool(v)


def _combine(states: list[str]) -> str:
    s = set(states)
    return s.pop() if len(s) == 1 else "contested"


def _records(events) -> list[dict]:
    if events is None:
        return []
    if isinstance(events, pd.DataFrame):
        df = events.drop(columns="geometry", errors="ignore")
        return df.astype(object).where(df.notna(), None).to_dict("records")
    return [dict(e) for e in events]


def _dkey(name) -> str:
    return re.sub(r"[^a-z]", "", str(name or "").split("(")[0].lower())


#: Separator of list cells in flat files (as :data:`geoevents.export.LIST_SEP`).
_LIST_SEP = " | "


def _source_list(value) -> list[str]:
    """The items of an event's ``sources`` cell: a list, an array, a JSON list or ``a | b`` text."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                items = json.loads(text)
            except ValueError:
                items = None
            if isinstance(items, list):
                return [str(v).strip() for v in items if v is not None and str(v).strip()]
        return [part.strip() for part in text.split(_LIST_SEP) if part.strip()]
    try:
        items = list(value)
    except TypeError:
        items = [value]
    return [str(v).strip() for v in items
            if v is not None and not (isinstance(v, float) and v != v) and str(v).strip()]


def _event_sources(e: dict) -> list[str]:
    """Every source of one event: its own URL (else document id), then its ``sources`` list.

    Events read from a store (or merged wire copies) stand for several
    documents, all listed in ``sources``.
    """
    own = e.get("url") or e.get("doc")
    out = [str(own)] if own else []
    return out + _source_list(e.get("sources"))


def _row(doc, province, code, district, f: Folded, n: int, evs: list[dict]) -> dict:
    ordered = sorted(evs, key=lambda e: (_day(e.get("date")), e.get("start") or 0), reverse=True)
    evidence: list[str] = []
    seen: dict[str, None] = {}
    for e in ordered:
        s = e.get("sentence")
        if s and s not in evidence:
            evidence.append(s)
        for src in _event_sources(e):
            seen.setdefault(src, None)
    sources = list(seen)
    return {
        "doc": doc,
        "province": province,
        "province_code": code,
        "district": district,
        "status": f.status,
        "since": f.since.isoformat() if f.since else None,
        "evidence": evidence,
        "sources": sources,
        "n_events": n,
        "confirmed": f.confirmed,
        "override": f.override,
    }


def _fold_regions(evs: list[dict], doc) -> list[dict]:
    """Province and district rows for one set of events (one document, or all)."""
    by_prov: dict[str, dict] = {}
    for e in evs:
        prov = e.get("province")
        if not prov:
            continue
        p = by_prov.setdefault(prov, {"code": e.get("province_code"), "own": [], "districts": {}})
        if not p["code"] and e.get("province_code"):
            p["code"] = e.get("province_code")
        d = e.get("district")
        if d:
            p["districts"].setdefault(_dkey(d), {"name": d, "events": []})["events"].append(e)
        else:
            p["own"].append(e)
    rows: list[dict] = []
    for prov, p in by_prov.items():
        drows = []
        dfold = []
        for dk, d in p["districts"].items():
            f = fold(d["events"])
            if f is None:
                continue
            dfold.append(f)
            drows.append(_row(doc, prov, p["code"], d["name"], f, len(d["events"]), d["events"]))
        own = fold(p["own"])
        all_evs = p["own"] + [e for d in p["districts"].values() for e in d["events"]]
        if dfold:
            roll = Folded(
                _combine([f.status for f in dfold]),
                max((f.since for f in dfold if f.since), default=None),
                max(f.last for f in dfold),
                all(f.confirmed for f in dfold),
                next((f.override for f in dfold if f.override), None),
            )
        else:
            roll = None
        if own is not None and (roll is None or own.last >= roll.last or own.override):
            chosen = own
        else:
            chosen = roll
        rows.append(_row(doc, prov, p["code"], None, chosen, len(all_evs), all_evs))
        rows.extend(drows)
    return rows


def _as_of_filter(evs: list[dict], as_of: dt.date | None) -> list[dict]:
    if as_of is None:
        return evs
    return [e for e in evs if _day(e.get("date")) <= as_of]


def status(
    events: Any,
    as_of=None,
    level: str = "province",
    by: str = "all",
    overrides: Any = None,
    pack: Any = None,
):
    """Status of each region as of a date, folded from control-status events.

    Parameters
    ----------
    events : DataFrame or iterable of dict
        Event rows (from :func:`geoevents.events.events`, a store, or any
        table with the event columns).
    as_of : str or datetime.date, optional
        Only events on or before this day count (default: all).
    level : {"province", "district"}
        Both give one row per province with events and one row per district
        that events name (as the contract says); maps and graphics at district
        level colour the other districts of a province from its province row.
    by : {"all", "doc"}
        ``"all"`` folds every document together; ``"doc"`` gives the status as
        each document states it (a ``doc`` column).
    overrides : str, path or DataFrame, optional
        Analyst corrections (see :func:`geoevents.overrides.read_overrides`).
    pack : Pack, optional
        Country pack giving the polygons (default: the default pack).

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`geoevents.schema.STATUS_COLUMNS` (without ``doc`` unless
        ``by="doc"``) then ``n_events``, ``confirmed``, ``override`` and the
        region polygon as ``geometry`` (EPSG:4326).
    """
    if level not in ("province", "district"):
        raise InputError(f"level: {level!r} is not one of 'province', 'district'")
    if by not in ("all", "doc"):
        raise InputError(f"by: {by!r} is not one of 'all', 'doc'")
    if as_of is not None and to_date(as_of) is None:
        raise InputError(f"as_of: {as_of!r} is not a date of the form YYYY-MM-DD")
    cutoff = to_date(as_of)
    evs = [e for e in _records(events) if e.get("status") in STATUSES]
    if overrides is not None:
        from .overrides import override_events, read_overrides

        name = overrides if isinstance(overrides, (str, os.PathLike)) else "overrides"
        ov = override_events(read_overrides(overrides), pack=pack, source=os.fspath(name))
        evs = evs + ov
    evs = _as_of_filter(evs, cutoff)
    rows: list[dict] = []
    if by == "doc":
        docs: dict[str, list[dict]] = {}
        shared = [e for e in evs if e.get("source") == "override"]
        for e in evs:
            if e.get("source") != "override":
                docs.setdefault(str(e.get("doc")), []).append(e)
        for d, devs in docs.items():
            provs = {e.get("province") for e in devs}
            dists = {(e.get("province"), _dkey(e.get("district"))) for e in devs if e.get("district")}
            mine = [o for o in shared if (o.get("province"), _dkey(o.get("district"))) in dists
                    or (not o.get("district") and o.get("province") in provs)]
            rows.extend(_fold_regions(devs + mine, d))
    else:
        rows = _fold_regions(evs, None)
    cols = STATUS_COLUMNS + EXTRA_STATUS_COLUMNS
    df = pd.DataFrame(rows, columns=cols)
    if by != "doc":
        df = df.drop(columns="doc")
    df = df.astype(object).where(df.notna(), None)
    df["n_events"] = df["n_events"].astype(int)
    df["confirmed"] = df["confirmed"].astype(bool)
    return _with_geometry(df, pack)


def _with_geometry(df: pd.DataFrame, pack: Any):
    import geopandas as gpd

    geoms = [None] * len(df)
    try:
        if pack is None or isinstance(pack, str):
            from .pack import load_pack

            pack = load_pack(pack)
        provs = pack.provinces_simplified
        dists = pack.districts_simplified
    except PackError:
        raise  # a missing or corrupt pack file is the user's to fix: say which
    except Exception:  # noqa: BLE001 - a status table is useful without polygons
        provs = dists = None
    if provs is not None and len(df):
        pgeo = dict(zip(provs["province"], provs.geometry))
        dgeo = {(p, _dkey(d)): g for p, d, g in zip(dists["province"], dists["district"], dists.geometry)}
        dgeo_any = {}
        for p, d, g in zip(dists["province"], dists["district"], dists.geometry):
            dgeo_any.setdefault(_dkey(d), g)
        for i, (p, d) in enumerate(zip(df["province"], df["district"])):
            if d:
                geoms[i] = dgeo.get((p, _dkey(d))) or dgeo_any.get(_dkey(d))
            else:
                geoms[i] = pgeo.get(p)
    out = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, index=df.index, crs="EPSG:4326"), crs="EPSG:4326")
    out.attrs["geoevents"] = "status"
    return out
