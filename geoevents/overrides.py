"""Analyst corrections: a CSV of overrides applied over extracted events.

An overrides file is a CSV with the columns ``region``, ``status``, ``date``,
``note`` and ``reviewer``::

    region,status,date,note,reviewer
    Panjshir,taliban,2021-09-15,"NRF withdrew to the side valleys; confirmed by two sources",AK
    Panjshir/Khenj (Hese- Awal),contested,2021-09-10,"fighting reported near Khenj",AK

``region`` is a province (name or ISO 3166-2 code, e.g. ``Panjshir`` or
``AF-PAN``), a district (``Khenj (Hese- Awal)``; names compare without case,
punctuation or a parenthesised alternative) or ``Province/District`` when a
district name is ambiguous.  ``status`` is ``taliban``, ``resistance`` or
``contested``.  ``date`` (``YYYY-MM-DD``) is the day the correction takes
effect; empty means "from the start".

:func:`override_events` turns the rows into event rows with
``source="override"`` and ``kind="override"``; :func:`geoevents.status.status`
lets them replace the extracted status of their region from their date on and
marks the row's ``override`` column with the note (and reviewer).
"""
from __future__ import annotations

import os
import re
from typing import Any

import pandas as pd

from .docs import parse_date
from .errors import InputError
from .schema import STATUSES

__all__ = ["read_overrides", "override_events", "OVERRIDE_COLUMNS"]

#: Columns of an overrides table.
OVERRIDE_COLUMNS = ["region", "status", "date", "note", "reviewer"]


def _key(name: Any) -> str:
    return re.sub(r"[^a-z]", "", str(name or "").split("(")[0].lower())


def read_overrides(source: Any) -> pd.DataFrame:
    """Read and check an overrides table.

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        A CSV file, or a DataFrame with the columns of :data:`OVERRIDE_COLUMNS`
        (``note`` and ``reviewer`` may be missing).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OVERRIDE_COLUMNS`, dates as ``YYYY-MM-DD`` strings or None.

    Raises
    ------
    InputError
        When the file is missing or unreadable, a column is missing, or a row
        has an unknown status or a bad date (the message names the row).
    """
    name = "overrides"
    if isinstance(source, pd.DataFrame):
        df = source.copy()
    else:
        name = os.fspath(source)
        if not os.path.exists(name):
            raise InputError(f"{name}: overrides file not found")
        try:
            df = pd.read_csv(name, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            raise InputError(f"{name}: cannot read overrides CSV ({exc})") from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in ("region", "status") if c not in df.columns]
    if missing:
        raise InputError(f"{name}: overrides need the columns region and status (missing: {', '.join(missing)})")
    for c in OVERRIDE_COLUMNS:
        if c not in df.columns:
            df[c] = None
    rows = []
    for i, r in enumerate(df[OVERRIDE_COLUMNS].to_dict("records"), start=2):
        region = str(r["region"] or "").strip()
        status = str(r["status"] or "").strip().lower()
        if not region:
            raise InputError(f"{name}: row {i}: empty region")
        if status not in STATUSES:
            raise InputError(f"{name}: row {i}: status {r['status']!r} is not one of {', '.join(STATUSES)}")
        date = parse_date(r["date"] if r["date"] not in ("",) else None, what=f"{name}: row {i}: date")
        note = str(r["note"]).strip() if r["note"] not in (None, "") and r["note"] == r["note"] else None
        reviewer = str(r["reviewer"]).strip() if r["reviewer"] not in (None, "") and r["reviewer"] == r["reviewer"] else None
        rows.append({"region": region, "status": status, "date": date, "note": note, "reviewer": reviewer})
    return pd.DataFrame(rows, columns=OVERRIDE_COLUMNS)


def _resolve(region: str, pack: Any, source: str = "overrides") -> tuple[str, str | None, str | None]:
    """(province, province_code, district) of a region name."""
    provs = pack.provinces
    pnames = {_key(p): (p, c) for p, c in zip(provs["province"], provs["province_code"])}
    pcodes = {str(c).upper(): (p, c) for p, c in zip(provs["province"], provs["province_code"])}
    dists = pack.districts
    if "/" in region:
        pname, dname = (s.strip() for s in region.split("/", 1))
        prov = pcodes.get(pname.upper()) or pnames.get(_key(pname))
        if prov is None:
            raise InputError(f"{source}: unknown province {pname!r} in region {region!r}")
        match = [d for d, p in zip(dists["district"], dists["province"]) if p == prov[0] and _key(d) == _key(dname)]
        if not match:
            raise InputError(f"{source}: no district {dname!r} in {prov[0]}")
        return prov[0], prov[1], match[0]
    prov = pcodes.get(region.upper()) or pnames.get(_key(region))
    if prov is not None:
        return prov[0], prov[1], None
    match = [(d, p, c) for d, p, c in zip(dists["district"], dists["province"], dists["province_code"]) if _key(d) == _key(region)]
    if len(match) == 1:
        d, p, c = match[0]
        return p, c, d
    if len(match) > 1:
        where = ", ".join(sorted({p for _, p, _ in match}))
        raise InputError(f"{source}: district {region!r} is in several provinces ({where}); write Province/District")
    raise InputError(f"{source}: unknown region {region!r} (not a province or district of {pack.name})")


def override_events(overrides: pd.DataFrame, pack: Any = None, source: str = "overrides") -> list[dict]:
    """Event rows (``source="override"``) for the rows of an overrides table.

    Parameters
    ----------
    overrides : pandas.DataFrame
        From :func:`read_overrides`.
    pack : Pack, optional
        Country pack used to resolve region names (default: the default pack).
    source : str
        Names the table in error messages (its path).

    Returns
    -------
    list of dict
        Event rows with ``kind="override"``, ``confirmed=True``, the note as
        ``sentence`` and ``note``/``reviewer`` fields.
    """
    if pack is None or isinstance(pack, str):
        from .pack import load_pack

        pack = load_pack(pack)
    out = []
    records = overrides.astype(object).where(overrides.notna(), None).to_dict("records")
    for r in records:
        r = {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in r.items()}
        province, code, district = _resolve(r["region"], pack, source)
        note = r.get("note") or "analyst override"
        if r.get("reviewer"):
            note = f"{note} ({r['reviewer']})"
        out.append({
            "doc": "override",
            "mention": r["region"],
            "start": None,
            "end": None,
            "province": province,
            "province_code": code,
            "district": district,
            "status": r["status"],
            "kind": "override",
            "actor": r.get("reviewer"),
            "date": r.get("date"),
            "sentence": f"Analyst override: {note}" if r.get("note") else f"Analyst override ({r.get('reviewer') or 'no note'})",
            "confirmed": True,
            "source": "override",
            "url": None,
            "title": None,
            "lat": None,
            "lon": None,
            "level": "district" if district else "province",
            "note": note,
            "reviewer": r.get("reviewer"),
        })
    return out
