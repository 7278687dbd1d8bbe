"""Point-in-district joins: add ``province``, ``province_code``, ``district`` to points.

:func:`locate` is the vectorised core (other stages use it directly); :func:`join`
wraps it for (Geo)DataFrames, as ``geoevents join`` does for files.

Speed comes from a grid index built once per pack (and kept on the pack): the
pack's bounding box is cut into square cells; a cell no district border crosses
lies wholly inside one district (or wholly outside the country) and answers by
array lookup.  Only points in cells that a border crosses are tested exactly,
with prepared-polygon ``shapely.contains_xy`` against the few districts whose
border passes through that cell.  Results equal an exact point-in-polygon test
(points exactly on a border may go to either side).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .errors import InputError
from .pack import Pack, load_pack

__all__ = ["join", "locate", "GridIndex", "grid_index"]

#: Cells along the longer side of the bounding box.
GRID_CELLS = 2048
_OUTSIDE = -1
_BORDER = -2


@dataclass
class GridIndex:
    """A regular grid over a pack's districts (see the module docstring).

    Attributes
    ----------
    x0, y0, cell : float
        Lower-left corner and cell size (degrees).
    nx, ny : int
        Grid size.
    lut : numpy.ndarray
        ``ny * nx`` ints: a district row, -1 outside every district, -2 a border cell.
    start, count : numpy.ndarray
        For each cell, the slice of ``cand`` holding the districts to test (border cells).
    cand : numpy.ndarray
        District rows, grouped by cell.
    geoms : numpy.ndarray
        The district polygons, prepared.
    build_seconds : float
    """

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int
    lut: np.ndarray
    start: np.ndarray
    count: np.ndarray
    cand: np.ndarray
    geoms: np.ndarray
    build_seconds: float = 0.0

    @classmethod
    def build(cls, geoms: np.ndarray, cells: int = GRID_CELLS) -> "GridIndex":
        """Build the index of a coverage of polygons (EPSG:4326)."""
        t0 = time.perf_counter()
        geoms = np.asarray(geoms, dtype=object).copy()
        shapely.prepare(geoms)
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        cell = max(maxx - minx, maxy - miny) / cells
        # pad by one cell so every border lies strictly inside the grid
        x0, y0 = minx - cell, miny - cell
        nx = int(np.ceil((maxx - x0) / cell)) + 2
        ny = int(np.ceil((maxy - y0) / cell)) + 2

        # 1. border cells: densify every ring to half a cell, mark the cells of its
        #    vertices and their 8 neighbours (a segment shorter than a cell can only
        #    cut the corner of a neighbour), remembering which district each came from.
        rings = shapely.boundary(geoms)
        dense = shapely.segmentize(rings, cell / 2)
        xy, owner = shapely.get_coordinates(dense, return_index=True)
        ix = ((xy[:, 0] - x0) / cell).astype(np.int64)
        iy = ((xy[:, 1] - y0) / cell).astype(np.int64)
        # key = cell * n_geoms + owner, so sorting groups by cell
        ng = len(geoms)
        keys = _sorted_unique((iy * nx + ix) * ng + owner)
        for step in (1, nx):  # dilate along x, then along y
            keys = _sorted_unique(np.concatenate([keys - step * ng, keys, keys + step * ng]))
        cells_, own = np.divmod(keys, ng)
        border, first, cnt = np.unique(cells_, return_index=True, return_counts=True)
        start = np.zeros(nx * ny, dtype=np.int32)
        count = np.zeros(nx * ny, dtype=np.int32)
        start[border], count[border] = first, cnt
        cand = own.astype(np.int32)

        # 2. other cells: runs of non-border cells along each row share one answer;
        #    test the centre of each run's first cell exactly.
        is_border = np.zeros(nx * ny, dtype=bool)
        is_border[border] = True
        col = np.arange(nx * ny) % nx
        prev_border = np.empty_like(is_border)
        prev_border[0] = True
        prev_border[1:] = is_border[:-1]
        run_start = ~is_border & ((col == 0) | prev_border)
        run_id = np.cumsum(run_start) - 1
        starts = np.flatnonzero(run_start)
        sx = x0 + (starts % nx + 0.5) * cell
        sy = y0 + (starts // nx + 0.5) * cell
        label = _exact(geoms, sx, sy)
        dtype = np.int16 if len(geoms) < 32000 else np.int32
        lut = np.where(is_border, _BORDER, label[run_id]).astype(dtype)
        return cls(x0, y0, cell, nx, ny, lut, start, count, cand, geoms, time.perf_counter() - t0)

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """District row of each point (-1 outside); coordinates must be finite."""
        ix = np.floor((lon - self.x0) / self.cell).astype(np.int64)
        iy = np.floor((lat - self.y0) / self.cell).astype(np.int64)
        inside = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        out = np.full(lon.shape, _OUTSIDE, dtype=np.int32)
        c = iy[inside] * self.nx + ix[inside]
        out[inside] = self.lut[c]
        hard = np.flatnonzero(out == _BORDER)
        if hard.size:
            out[hard] = self._border(lon[hard], lat[hard], c[np.searchsorted(np.flatnonzero(inside), hard)])
        return out

    def _border(self, x: np.ndarray, y: np.ndarray, cells: np.ndarray) -> np.ndarray:
        """Exact test of points in border cells against their cells' candidate districts."""
        n = self.count[cells].astype(np.int64)
        pt = np.repeat(np.arange(len(x)), n)
        offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        j = self.cand[np.repeat(self.start[cells], n) + offs]
        hit = shapely.contains_xy(self.geoms[j], x[pt], y[pt])
        res = np.full(len(x), _OUTSIDE, dtype=np.int32)
        res[pt[hit]] = j[hit]
        return res


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a


def _exact(geoms: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Exact point-in-polygon: bounding-box candidates, then prepared ``contains_xy``."""
    out = np.full(len(x), _OUTSIDE, dtype=np.int32)
    if len(x) == 0:
        return out
    tree = shapely.STRtree(geoms)
    ip, ig = tree.query(shapely.points(x, y))
    hit = shapely.contains_xy(geoms[ig], x[ip], y[ip])
    out[ip[hit]] = ig[hit]
    return out


def grid_index(pack: Pack | None = None) -> GridIndex:
    """The pack's grid index, built on first use and kept in ``pack.cache``."""
    pack = load_pack(pack)
    idx = pack.cache.get("join.grid")
    if idx is None:
        idx = pack.cache["join.grid"] = GridIndex.build(pack.districts.geometry.values)
    return idx


def locate(lon, lat, pack: Pack | None = None) -> np.ndarray:
    """Find the district of each point.

    Parameters
    ----------
    lon, lat : array-like of float
        Coordinates in degrees (EPSG:4326), finite.
    pack : Pack or str, optional
        Defaults to :func:`~geoevents.pack.load_pack`'s default pack.

    Returns
    -------
    numpy.ndarray of int32
        Row positions in ``pack.districts`` (-1 for points outside every district).

    Raises
    ------
    InputError
        When the arrays differ in shape or hold NaN/infinite values.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if lon.shape != lat.shape:
        raise InputError(f"locate: lon and lat differ in shape ({lon.shape} vs {lat.shape})")
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise InputError("locate: coordinates must be finite numbers")
    return grid_index(pack).locate(lon.ravel(), lat.ravel()).reshape(lon.shape)


_STR_DTYPE = pd.Series(["a"]).dtype  # pandas' default string dtype (pyarrow-backed "str" in pandas 3)


def _take_labels(labels: pd.Series, idx: np.ndarray):
    """``labels[idx]`` with nulls where ``idx < 0``, built without a Python loop."""
    missing = idx < 0
    if getattr(_STR_DTYPE, "storage", None) == "pyarrow":
        try:
            import pyarrow as pa
            from pandas.core.arrays.string_arrow import ArrowStringArray

            table = pa.array(labels.astype(object).tolist(), type=pa.large_string())
            return ArrowStringArray(table.take(pa.array(idx, mask=missing)), dtype=_STR_DTYPE)
        except Exception:  # pragma: no cover - pandas internals changed: use the plain path
            pass
    vals = labels.to_numpy(dtype=object)[np.where(missing, 0, idx)]
    vals[missing] = None
    return vals


def _coordinates(points: pd.DataFrame, lat: str, lon: str) -> tuple[np.ndarray, np.ndarray, gpd.GeoSeries | None]:
    """Longitudes, latitudes (and 4326 geometry for GeoDataFrames) of the points."""
    if isinstance(points, gpd.GeoDataFrame) and points._geometry_column_name in points.columns:
        geom = points.geometry
        if geom.crs is not None and geom.crs.to_epsg() != 4326:
            geom = geom.to_crs(4326)
        arr = np.asarray(geom.values, dtype=object)
        types = shapely.get_type_id(arr)
        empty = shapely.is_empty(arr)
        notpoint = ~np.isin(types, (-1, 0)) & ~empty
        if notpoint.any():
            rows = ", ".join(map(repr, points.index[notpoint][:5].tolist()))
            raise InputError(f"join: geometry must be points; rows {rows} are not")
        x = np.full(len(geom), np.nan)
        y = np.full(len(geom), np.nan)
        ok = (types == 0) & ~empty
        x[ok] = shapely.get_x(arr[ok])
        y[ok] = shapely.get_y(arr[ok])
        return x, y, geom
    missing = [c for c in (lat, lon) if c not in points.columns]
    if missing:
        raise InputError(f"join: points have no column(s) {', '.join(map(repr, missing))} "
                         f"(columns: {', '.join(map(str, points.columns[:12]))}); pass lat=/lon= or a GeoDataFrame")
    x = pd.to_numeric(points[lon], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    y = pd.to_numeric(points[lat], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return x, y, None


def join(points, level: str = "district", lat: str = "lat", lon: str = "lon",
         pack: Pack | str | None = None) -> gpd.GeoDataFrame:
    """Add ``province``, ``province_code`` and ``district`` to a table of points.

    Parameters
    ----------
    points : pandas.DataFrame or geopandas.GeoDataFrame
        A DataFrame with latitude/longitude columns, or a GeoDataFrame of
        Points (any CRS; converted to EPSG:4326).  A dask DataFrame or
        dask-geopandas GeoDataFrame is joined lazily, partition by partition
        (:func:`geoevents.parallel.join_dask`).
    level : {"district", "province"}
        With ``"province"`` the ``district`` column is left null.
    lat, lon : str
        Column names of a DataFrame's coordinates.
    pack : Pack or str, optional
        Country pack (default: :func:`~geoevents.pack.load_pack`).

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``points`` (same index and columns) with ``province``,
        ``province_code`` and ``district`` set (null outside the country) and
        Point geometry in EPSG:4326.

    Raises
    ------
    InputError
        For an unknown level, missing coordinate columns, non-point geometries,
        or missing, non-numeric or out-of-range coordinates (the message names
        the first rows).

    Examples
    --------
    >>> import pandas as pd, geoevents as ge                        # doctest: +SKIP
    >>> ge.join(pd.DataFrame({"lat": [34.5553], "lon": [69.2075]}))  # doctest: +SKIP
    """
    if level not in ("district", "province"):
        raise InputError(f"join: level must be 'district' or 'province', not {level!r}")
    if hasattr(points, "map_partitions") and hasattr(points, "npartitions"):
        # a dask DataFrame or dask-geopandas GeoDataFrame: lazily, partition by partition
        from .parallel import join_dask

        return join_dask(points, level=level, lat=lat, lon=lon, pack=pack)
    if not isinstance(points, pd.DataFrame):
        raise InputError(f"join: points must be a DataFrame or GeoDataFrame, not {type(points).__name__}")
    pack = load_pack(pack)
    x, y, geom = _coordinates(points, lat, lon)
    bad = ~(np.isfinite(x) & np.isfinite(y)) | (np.abs(y) > 90) | (np.abs(x) > 180)
    if bad.any():
        where = np.flatnonzero(bad)[:5]
        shown = "; ".join(f"{points.index[i]!r} (lat={y[i]}, lon={x[i]})" for i in where)
        more = f" and {int(bad.sum()) - len(where)} more" if bad.sum() > len(where) else ""
        raise InputError(f"join: missing or out-of-range coordinates in row(s) {shown}{more}")
    idx = locate(x, y, pack)
    d = pack.districts
    out = points.copy() if isinstance(points, gpd.GeoDataFrame) else pd.DataFrame(points, copy=True)
    out["province"] = _take_labels(d["province"], idx)
    out["province_code"] = _take_labels(d["province_code"], idx)
    out["district"] = _take_labels(d["district"], idx if level == "district" else np.full(len(idx), -1))
    if geom is None:
        geometry = gpd.GeoSeries(gpd.points_from_xy(x, y), index=out.index, crs=4326)
        if "geometry" in out.columns:
            out = out.drop(columns="geometry")
        return gpd.GeoDataFrame(out, geometry=geometry, crs=4326)
    if geom.crs is None:
        out = out.set_crs(4326)
    elif points.crs.to_epsg() != 4326:
        out[points._geometry_column_name] = geom.values
    return out
