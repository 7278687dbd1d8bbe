"""Newsroom exports: static graphics and data files of region statuses.

:func:`export` writes one file, chosen by its extension:

- ``.png``, ``.svg``, ``.pdf``: a publication-ready static map
  (:mod:`geoevents.graphic`);
- ``.geojson``, ``.gpkg``: every region of the pack (status or not) with its
  status columns, for QGIS or Flourish (the GeoPackage also holds an
  ``events`` layer when events are given);
- ``.csv``: one row per region keyed by ISO 3166-2 code and name, which is
  what Datawrapper's choropleth maps match on.

:func:`export_events_csv` writes the events themselves, with their evidence
sentences and sources.  Every file is written through
:func:`geoevents.output.atomic_output`: a failed export leaves no file.
"""
from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import style
from .errors import InputError, OutputError
from .output import atomic_output, check_output_path, csv_quoting
from .schema import EVENT_COLUMNS, STATUSES

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["export", "export_events_csv", "regions", "GRAPHIC_SUFFIXES", "DATA_SUFFIXES", "SUFFIXES"]

GRAPHIC_SUFFIXES = (".png", ".svg", ".pdf")
DATA_SUFFIXES = (".geojson", ".gpkg", ".csv")
SUFFIXES = GRAPHIC_SUFFIXES + DATA_SUFFIXES
#: Preset used for each graphic format when none is given.
DEFAULT_PRESETS = {".png": "web", ".svg": "print", ".pdf": "print"}
#: Separator of list cells (evidence sentences, sources) in flat files.
LIST_SEP = " | "

_VALUE_COLUMNS = ["status", "status_label", "since", "confirmed", "n_events", "evidence", "sources", "override"]
_EVENT_EXTRA = ["confirmed", "source", "url", "title", "lat", "lon"]


def _pack(pack):
    if pack is not None:
        return pack
    from .pack import load_pack

    return load_pack()


def _keys(level: str) -> list[str]:
    if level == "province":
        return ["province_code", "province"]
    if level == "district":
        return ["province_code", "province", "district"]
    raise InputError(f"level: unknown level {level!r}; use province or district")


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, float) and pd.isna(value):
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [v for v in value if v is not None]
    except TypeError:
        return [value]


def _rows(status: pd.DataFrame | None, district: bool) -> pd.DataFrame:
    """Rows of ``status`` for one level (district rows or province rows)."""
    if status is None or len(status) == 0:
        return pd.DataFrame(columns=["province_code", "district", *_VALUE_COLUMNS])
    frame = pd.DataFrame(status.drop(columns="geometry", errors="ignore"))
    if "province_code" not in frame.columns:
        raise InputError("status: the frame has no province_code column (is it a status frame?)")
    if "doc" in frame.columns and frame["doc"].dropna().nunique() > 1:
        raise InputError("status: one row per region is needed; fold the documents with status(..., by='all')")
    has_district = frame["district"].notna() if "district" in frame.columns else pd.Series(False, index=frame.index)
    frame = frame[has_district] if district else frame[~has_district]
    keys = ["province_code", "district"] if district else ["province_code"]
    if frame.duplicated(keys).any():
        what = "district" if district else "province"
        raise InputError(f"status: more than one row for a {what}; fold the documents with status(..., by='all')")
    return frame


def regions(
    status: pd.DataFrame | None,
    *,
    level: str = "province",
    pack=None,
    simplified: bool = False,
) -> gpd.GeoDataFrame:
    """Return every region of the pack with the status columns of ``status``.

    Parameters
    ----------
    status : pandas.DataFrame or None
        A status frame (:func:`geoevents.status.status`): one row per region
        that has events.  None or empty gives a map with no information.
    level : {"province", "district"}, default "province"
        Regions to return.  At district level a district without a row of its
        own takes its province's status (``inherited`` is True).
    pack : geoevents.pack.Pack, optional
        Country pack; default :func:`geoevents.pack.load_pack`.
    simplified : bool, default False
        Use the simplified polygons (for drawing) instead of the full ones.

    Returns
    -------
    geopandas.GeoDataFrame
        ``province_code, province, [district], status, status_label, since,
        confirmed, n_events, evidence, sources, override[, inherited], geometry``
        in EPSG:4326, sorted by code (and district).  ``evidence`` and
        ``sources`` are lists; ``status`` is None where nothing is known.
    """
    keys = _keys(level)
    pk = _pack(pack)
    if level == "province":
        base = pk.provinces_simplified if simplified else pk.provinces
    else:
        base = pk.districts_simplified if simplified else pk.districts
    base = base[keys + ["geometry"]].copy()

    prov = _rows(status, district=False)
    unknown = sorted(set(prov["province_code"].dropna()) - set(base["province_code"]))
    if unknown:
        warnings.warn(f"status: codes not in the {pk.code} pack are left out: {', '.join(map(str, unknown))}",
                      stacklevel=3)
    on = ["province_code"]
    if level == "district":
        dist = _rows(status, district=True)
        known = set(zip(base["province_code"], base["district"]))
        stray = sorted({f"{c}/{d}" for c, d in zip(dist["province_code"], dist["district"]) if (c, d) not in known})
        if stray:
            warnings.warn(f"status: districts not in the {pk.code} pack are left out: {', '.join(stray)}",
                          stacklevel=3)
        own = base.merge(dist[["province_code", "district", *[c for c in _VALUE_COLUMNS if c in dist]]],
                         on=["province_code", "district"], how="left")
        fallback = prov[["province_code", *[c for c in _VALUE_COLUMNS if c in prov]]]
        inherited = base[["province_code"]].merge(fallback, on="province_code", how="left")
        inherited.index = own.index
        has_own = own["status"].notna() if "status" in own else pd.Series(False, index=own.index)
        for col in _VALUE_COLUMNS:
            if col not in own:
                own[col] = None
            if col in inherited:
                own[col] = own[col].where(has_own, inherited[col])
        own["inherited"] = ~has_own & (inherited["status"].notna() if "status" in inherited else False)
        out = own
    else:
        out = base.merge(prov[[*on, *[c for c in _VALUE_COLUMNS if c in prov]]], on=on, how="left")
    for col in _VALUE_COLUMNS:
        if col not in out:
            out[col] = None
    out["status"] = pd.Series([s if s in STATUSES else None for s in out["status"]], index=out.index, dtype=object)
    out["status_label"] = out["status"].map(lambda s: style.STATUS_LABELS[s]).astype(object)
    out["confirmed"] = pd.array([None if s is None else (True if c is None or pd.isna(c) else bool(c))
                                 for s, c in zip(out["status"], out["confirmed"])], dtype="boolean")
    out["n_events"] = pd.to_numeric(out["n_events"], errors="coerce").fillna(0).astype(int)
    out["evidence"] = out["evidence"].map(_as_list)
    out["sources"] = out["sources"].map(_as_list)
    out["since"] = pd.Series([_date_str(v) for v in out["since"]], index=out.index, dtype=object)
    out["override"] = pd.Series([None if _missing(v) else v for v in out["override"]], index=out.index, dtype=object)
    cols = keys + _VALUE_COLUMNS + (["inherited"] if level == "district" else []) + ["geometry"]
    import geopandas as gpd

    out = gpd.GeoDataFrame(out[cols], geometry="geometry", crs=base.crs)
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _date_str(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)[:10]


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with :data:`LIST_SEP` and booleans kept nullable, for flat formats."""
    out = frame.copy()
    for col in ("evidence", "sources"):
        if col in out:
            out[col] = out[col].map(lambda v: LIST_SEP.join(str(x) for x in _as_list(v)) or None)
    for col in ("confirmed", "inherited"):
        if col in out:
            out[col] = out[col].astype("boolean")
    return out


def _write_vector(frame, tmp, driver: str, layer: str, append: bool = False) -> None:
    options = {}
    if driver == "GeoJSON":  # 6 decimals of a degree is ~0.1 m: half the file, no visible loss
        options["layer_options"] = {"COORDINATE_PRECISION": "6"}
    frame.to_file(tmp, driver=driver, engine="pyogrio", layer=layer, append=append, **options)


# ----------------------------------------------------------------------------- graphics helpers


def _long_date(value: Any) -> str:
    d = pd.Timestamp(value)
    return f"{d.day} {d.strftime('%B %Y')}"


def _as_of(as_of, regs: pd.DataFrame, events) -> str | None:
    if as_of is not None:
        try:
            return _long_date(as_of)
        except (ValueError, TypeError):
            raise InputError(f"as_of: not a date: {as_of!r}") from None
    dates = [d for d in regs["since"] if isinstance(d, str) and d]
    if events is not None and "date" in getattr(events, "columns", ()):
        dates += [_date_str(d) for d in events["date"] if _date_str(d)]
    return _long_date(max(dates)) if dates else None


def _lookup(name: str, pack) -> tuple[float, float] | None:
    """``(lon, lat)`` of a place name from the pack's offline gazetteer, or None."""
    try:
        from .geocode import geocode
    except ImportError:  # pragma: no cover - the geocoder is optional for this module
        geocode = None
    if geocode is not None:
        loc = geocode(name, pack=pack)
        return None if loc is None else (float(loc.longitude), float(loc.latitude))
    from .places import find_places

    rows = [r for r in find_places(name, pack=pack) if r.get("lat") is not None]
    return (float(rows[0]["lon"]), float(rows[0]["lat"])) if rows else None


def _highlights(highlight, pack) -> list[tuple[str, float, float]]:
    """Resolve ``highlight`` into ``(label, lon, lat)`` tuples."""
    if highlight is None:
        return []
    if isinstance(highlight, str):
        highlight = [highlight]
    if isinstance(highlight, Mapping):
        return [(str(k), float(v[0]), float(v[1])) for k, v in highlight.items()]
    if hasattr(highlight, "geometry"):  # a GeoDataFrame of points (e.g. ge.places output)
        frame = highlight.to_crs(4326) if highlight.crs is not None else highlight
        col = next((c for c in ("label", "name", "mention") if c in frame.columns), None)
        if col is None:
            raise InputError("highlight: the frame needs a label, name or mention column")
        out, seen = [], set()
        for label, geom in zip(frame[col], frame.geometry):
            if geom is None or geom.is_empty or label in seen:
                continue
            seen.add(label)
            pt = geom.representative_point() if geom.geom_type != "Point" else geom
            out.append((str(label), pt.x, pt.y))
        return out
    out = []
    for item in highlight:
        if isinstance(item, str):
            lonlat = _lookup(item, pack)
            if lonlat is None:
                raise InputError(f"highlight: place not found in the {pack.code} gazetteer: {item!r}")
            label = item.strip()
            for suffix in (" district", " District", " province", " Province"):
                if label.endswith(suffix):
                    label = label[: -len(suffix)]
            out.append((label, *lonlat))
        else:
            label, lon, lat = item
            out.append((str(label), float(lon), float(lat)))
    return out


def _hosts(values: Iterable) -> list[str]:
    """Distinct web hosts of the http(s) URLs among ``values``, in order of appearance."""
    from urllib.parse import urlparse

    hosts: list[str] = []
    for value in values:
        if not isinstance(value, str) or not value.lower().startswith(("http://", "https://")):
            continue
        host = urlparse(value).hostname
        if host:
            host = host.removeprefix("www.")
            if host not in hosts:
                hosts.append(host)
    return hosts


def _credit(regs: pd.DataFrame, events, pack) -> str:
    """Source and credit line: how many reports (and from which sites), then the pack's attribution."""
    columns = getattr(events, "columns", ())
    if events is not None and "doc" in columns:
        n = events["doc"].dropna().nunique()
        hosts = _hosts(events["url"]) if "url" in columns else []
    else:
        sources = list(dict.fromkeys(x for lst in regs["sources"] for x in _as_list(lst)))
        n, hosts = len(sources), _hosts(sources)
    parts = []
    if n:
        text = f"Source: {n} news report{'s' if n != 1 else ''}"
        if hosts:
            text += " (" + ", ".join(hosts[:4]) + (f" and {len(hosts) - 4} more" if len(hosts) > 4 else "") + ")"
        parts.append(text + ", read with geoevents.")
    meta = getattr(pack, "meta", {}) or {}
    credit = meta.get("credit") or meta.get("attribution")
    if credit:
        parts.append(str(credit))
    return " ".join(parts)


def _graphic(regs, path, fmt, *, events, title, subtitle, preset, highlight, level, as_of, pack) -> None:
    from matplotlib import rc_context

    from . import graphic

    name = preset or DEFAULT_PRESETS["." + fmt]
    p = graphic.get_preset(name)
    when = _as_of(as_of, regs, events)
    unit = "province" if level == "province" else "district"
    if title is None:
        title = f"Who controls {pack.name}?"
    if subtitle is None:
        subtitle = f"Control by {unit}" + (f", as of {when}" if when else "")
    draw = regs.assign(label=None)
    labels = None
    outlines = None
    if level == "province":
        draw["label"] = draw["province"]
        draw["short"] = draw["province_code"].str.split("-").str[-1]
    else:
        provs = pack.provinces_simplified[["province", "province_code", "geometry"]]
        labels = provs.assign(label=provs["province"], short=provs["province_code"].str.split("-").str[-1])
        outlines = provs
        draw = draw.drop(columns="label")
    with rc_context(graphic.rc_params()):
        fig = graphic.figure(draw, title=title, subtitle=subtitle, credit=_credit(regs, events, pack), preset=p,
                             points=_highlights(highlight, pack), labels=labels, outlines=outlines)
        with atomic_output(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=p.dpi, facecolor="white", metadata=graphic.save_metadata(fmt))


# ----------------------------------------------------------------------------- public API


def export(
    status: pd.DataFrame | None,
    path: str | os.PathLike,
    *,
    events: pd.DataFrame | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    preset: str | None = None,
    highlight: str | Iterable | Mapping | None = None,
    level: str = "province",
    as_of: str | dt.date | None = None,
    pack=None,
) -> os.PathLike | str:
    """Write a static map or a data file of region statuses.

    Parameters
    ----------
    status : pandas.DataFrame or None
        Status frame from :func:`geoevents.status.status` (one row per region
        with events; ``province_code`` is the key).
    path : str or path
        Output file; its extension picks the format: ``.png``, ``.svg``,
        ``.pdf`` (graphic), ``.geojson``, ``.gpkg`` (regions with status
        columns) or ``.csv`` (table keyed by ISO 3166-2 code and name).
    events : pandas.DataFrame, optional
        Events behind ``status``: counted in the credit line, used for the
        default as-of date, and written as an ``events`` layer in a GeoPackage.
    title : str, optional
        Graphic headline; default ``"Who controls <country>?"``.
    subtitle : str, optional
        Line under the title; default names the level and the as-of date.
    preset : {"web", "square", "print"}, optional
        Graphic size; default ``web`` for PNG and ``print`` for SVG/PDF.
    highlight : str, list, mapping or GeoDataFrame, optional
        Places to mark and label on a graphic: place names (looked up in the
        pack's gazetteer), ``(label, lon, lat)`` tuples, a mapping
        ``{label: (lon, lat)}`` or a frame of points with a ``name`` column.
    level : {"province", "district"}, default "province"
        Regions to draw or write.
    as_of : str or date, optional
        Date shown in the subtitle; default the latest ``since`` of ``status``
        (or event date).
    pack : geoevents.pack.Pack, optional
        Country pack; default :func:`geoevents.pack.load_pack`.

    Returns
    -------
    path
        ``path``, once written.

    Raises
    ------
    OutputError
        Unknown extension, missing folder, or the file cannot be written (no
        file is left behind).
    InputError
        Unknown level or preset, or a status frame with several rows per region.

    Examples
    --------
    >>> ev = ge.events(text)                       # doctest: +SKIP
    >>> ge.export(ge.status(ev), "maps/afg.png", events=ev, highlight=["Khenj"])  # doctest: +SKIP
    """
    out = check_output_path(path, SUFFIXES)
    suffix = out.suffix.lower()
    _keys(level)
    if preset is not None and suffix in GRAPHIC_SUFFIXES:
        from .graphic import get_preset

        get_preset(preset)
    pk = _pack(pack)
    regs = regions(status, level=level, pack=pk, simplified=suffix in GRAPHIC_SUFFIXES)
    if suffix in GRAPHIC_SUFFIXES:
        _graphic(regs, out, suffix[1:], events=events, title=title, subtitle=subtitle, preset=preset,
                 highlight=highlight, level=level, as_of=as_of, pack=pk)
    elif suffix == ".csv":
        table = _flat(pd.DataFrame(regs.drop(columns="geometry")))
        with atomic_output(out) as tmp:
            table.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n", quoting=csv_quoting(table))
    elif suffix == ".geojson":
        with atomic_output(out) as tmp:
            _write_vector(_flat(regs), tmp, "GeoJSON", "regions")
    elif suffix == ".gpkg":
        with atomic_output(out) as tmp:
            _write_vector(_flat(regs), tmp, "GPKG", "regions")
            if events is not None and len(events):
                _write_vector(_events_frame(events, geometry=True), tmp, "GPKG", "events")
    else:  # pragma: no cover - check_output_path refuses it
        raise OutputError(f"{out}: unknown output extension {suffix!r}")
    return path


def _events_frame(events: pd.DataFrame, geometry: bool = False) -> pd.DataFrame:
    cols = [c for c in EVENT_COLUMNS + _EVENT_EXTRA if c in events.columns]
    frame = pd.DataFrame(events[cols]).copy()
    for col in EVENT_COLUMNS + _EVENT_EXTRA:
        if col not in frame:
            frame[col] = None
    frame = frame[EVENT_COLUMNS + _EVENT_EXTRA]
    frame["date"] = frame["date"].map(_date_str)
    frame = _flat(frame)
    if not geometry:
        return frame
    import geopandas as gpd

    if hasattr(events, "geometry") and isinstance(events, gpd.GeoDataFrame):
        geom = events.geometry.to_crs(4326) if events.crs is not None else events.geometry
        return gpd.GeoDataFrame(frame, geometry=geom.values, crs=4326)
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=4326)


def export_events_csv(events: pd.DataFrame, path: str | os.PathLike) -> os.PathLike | str:
    """Write events as CSV with their evidence sentences and sources.

    Parameters
    ----------
    events : pandas.DataFrame
        Events from :func:`geoevents.events.events`.
    path : str or path
        A ``.csv`` file.

    Returns
    -------
    path
        ``path``, once written.

    Notes
    -----
    Columns: the event row of CONTRACT.md (``doc, mention, start, end,
    province, province_code, district, status, kind, actor, date, sentence``)
    then ``confirmed, source, url, title, lat, lon``.
    """
    out = check_output_path(path, (".csv",))
    frame = _events_frame(events)
    with atomic_output(out) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n", quoting=csv_quoting(frame))
    return path
