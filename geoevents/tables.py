"""Tables of points in and out (CSV, Parquet, GeoJSON) for ``geoevents join``."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .errors import InputError
from .output import atomic_output, csv_quoting

LAT_NAMES = ("lat", "latitude", "y", "lat_dd")
LON_NAMES = ("lon", "lng", "long", "longitude", "x", "lon_dd")


def _pick(columns: list[str], wanted: str | None, names: tuple[str, ...], what: str, source: str) -> str:
    if wanted is not None:
        if wanted not in columns:
            raise InputError(f"{source}: no column {wanted!r} for {what}")
        return wanted
    lower = {c.lower(): c for c in columns}
    for name in names:
        if name in lower:
            return lower[name]
    raise InputError(f"{source}: no {what} column (looked for {', '.join(names)}; name it with --{what[:3]})")


def read_points(path: str | os.PathLike, lat: str | None = None, lon: str | None = None):
    """Read a table of points.

    Parameters
    ----------
    path : str or path
        A ``.csv`` or ``.parquet`` table with latitude/longitude columns, or a
        ``.geojson`` (or GeoParquet) file with point geometries.
    lat, lon : str, optional
        Column names; by default the usual ones (``lat``/``latitude``/``y``...).

    Returns
    -------
    tuple
        ``(frame, lat_column, lon_column)``; the column names are None when
        the frame is a GeoDataFrame with a geometry column.
    """
    source = os.fspath(path)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{source}: no such file")
    if p.is_dir():
        raise InputError(f"{source}: is a folder, not a file")
    suffix = p.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(p, low_memory=False)
            # label rows by their line in the file, so errors name lines a user can find
            frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            meta = pq.read_schema(p).metadata or {}
            if b"geo" in meta:
                import geopandas as gpd

                return gpd.read_parquet(p), None, None
            frame = pd.read_parquet(p)
        elif suffix in (".geojson", ".json", ".gpkg"):
            import geopandas as gpd

            return gpd.read_file(p), None, None
        else:
            raise InputError(f"{source}: unknown table extension {suffix!r}; use csv, parquet or geojson")
    except InputError:
        raise
    except Exception as exc:  # parsers raise many kinds
        raise InputError(f"{source}: cannot read table ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})") from None
    columns = [str(c) for c in frame.columns]
    return frame, _pick(columns, lat, LAT_NAMES, "latitude", source), _pick(columns, lon, LON_NAMES, "longitude", source)


def write_points(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write ``frame`` as CSV (no geometry column), Parquet or GeoJSON, atomically."""
    suffix = Path(path).suffix.lower()
    with atomic_output(path) as tmp:
        if suffix == ".csv":
            plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
            plain.to_csv(tmp, index=False, quoting=csv_quoting(plain))
        elif suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        elif suffix == ".geojson":
            frame.to_file(tmp, driver="GeoJSON")
        else:
            raise InputError(f"{path}: unknown output extension {suffix!r}")
