"""Country packs: the boundaries, names and metadata of one country, as data.

A pack is a folder ``shapes/<CODE>/`` holding ``pack.json`` and GeoParquet
layers (see ``shapes/README.md``).  This module reads any pack; it knows
nothing about a particular country, so adding one needs no code change.

Where packs are looked up, first hit wins:

1. an explicit folder: ``load_pack("path/to/XYZ")`` or ``load_pack(root=...)``;
2. the ``GEOEVENTS_SHAPES`` environment variable (a folder of packs);
3. ``shapes/`` next to the package (a source checkout), then
   ``geoevents/data/shapes`` (bundled data).

The default pack (``code=None``) is ``GEOEVENTS_PACK`` if set, else the only
pack found.  Hidden folders (such as the ``.pack-xxxx`` an interrupted build
leaves behind) and folders whose ``pack.json`` is not valid are not packs.
"""
from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .errors import PackError

__all__ = ["Pack", "load_pack", "pack_roots", "LAYERS"]

#: Layers of a pack and the columns each must have (besides ``geometry``).
LAYERS: dict[str, tuple[str, ...]] = {
    "provinces": ("province", "province_code"),
    "districts": ("district", "province", "province_code"),
    "provinces_simplified": ("province", "province_code"),
    "districts_simplified": ("district", "province", "province_code"),
}
#: Keys ``pack.json`` must have.
META_KEYS = ("code", "iso2", "name")

_PACKAGE_DIR = Path(__file__).resolve().parent


def pack_roots(root: str | os.PathLike | None = None) -> list[Path]:
    """Folders searched for packs, in order.

    Parameters
    ----------
    root : str or path, optional
        A folder of packs that takes precedence over everything else.

    Returns
    -------
    list of pathlib.Path
    """
    roots = []
    if root is not None:
        roots.append(Path(root))
    env = os.environ.get("GEOEVENTS_SHAPES")
    if env:
        roots.append(Path(env))
    roots += [_PACKAGE_DIR.parent / "shapes", _PACKAGE_DIR / "data" / "shapes"]
    return roots


def _is_pack(folder: Path) -> bool:
    return (folder / "pack.json").is_file()


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # unreadable parent: not a place to look
        return False


def _candidates(root: Path) -> tuple[list[Path], list[str]]:
    """Valid pack folders directly under ``root``, sorted, and why others were passed over.

    Hidden folders (``.pack-xxxx`` left by an interrupted build, ``.git``...)
    are never packs; a folder whose ``pack.json`` cannot be read, or lacks the
    keys of :data:`META_KEYS`, is reported and skipped.
    """
    packs: list[Path] = []
    skipped: list[str] = []
    try:
        with os.scandir(root) as it:
            names = sorted(e.name for e in it if not e.name.startswith((".", "_")) and e.is_dir())
    except OSError as e:
        return [], [f"{root}: cannot list ({e.strerror or e})"]
    for name in names:
        p = root / name
        try:
            st = os.stat(os.path.join(root, name, "pack.json"))
        except OSError:
            continue  # no pack.json: a data folder, not a pack
        problem = _meta_problem(p, st.st_mtime_ns, st.st_size)
        if problem:
            skipped.append(problem)
        else:
            packs.append(p)
    return packs, skipped


@functools.lru_cache(maxsize=64)
def _meta_problem(folder: Path, mtime_ns: int, size: int) -> str | None:
    """Why ``folder/pack.json`` is not valid pack metadata (None when it is); cached per file version."""
    try:
        _read_meta(folder)
    except PackError as e:
        return str(e)
    except OSError as e:
        return f"{folder / 'pack.json'}: cannot read ({e.strerror or e})"
    return None


def _resolve(code: str | os.PathLike | None, root: str | os.PathLike | None) -> Path:
    """Find the folder of a pack from a code, a folder, or the defaults."""
    if code is not None and not isinstance(code, str):
        code = os.fspath(code)
    if code is not None and (os.sep in code or "/" in code or Path(code).is_dir() and _is_pack(Path(code))):
        folder = Path(code)
        if not _is_pack(folder):
            raise PackError(f"{folder / 'pack.json'}: no such file (not a pack folder)")
        return folder.resolve()
    roots = [r for r in pack_roots(root) if _is_dir(r)]
    if code is None:
        code = os.environ.get("GEOEVENTS_PACK") or None
    if code is None:
        passed_over: list[str] = []
        for r in roots:
            packs, skipped = _candidates(r)
            passed_over += skipped
            if len(packs) == 1:
                return packs[0].resolve()
            if len(packs) > 1:
                raise PackError(
                    f"{r}: several packs ({', '.join(p.name for p in packs)}); choose one with "
                    "load_pack(code) or the GEOEVENTS_PACK environment variable")
        why = f" (not valid packs: {'; '.join(passed_over[:3])})" if passed_over else ""
        raise PackError(f"no country pack found in {', '.join(map(str, pack_roots(root)))}{why}")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", code):
        raise PackError(f"{code!r}: not a pack code or pack folder")
    for r in roots:
        for cand in (r / code, r / code.upper()):
            if _is_pack(cand):
                return cand.resolve()
    raise PackError(f"pack {code!r}: no {code}/pack.json in {', '.join(map(str, pack_roots(root)))}")


def load_pack(code: str | os.PathLike | None = None, *, root: str | os.PathLike | None = None) -> "Pack":
    """Load a country pack (cached: every call for the same folder returns the same object).

    Parameters
    ----------
    code : str or path, optional
        A pack code such as ``"AFG"``, or the path of a pack folder.  ``None``
        gives the default pack (``GEOEVENTS_PACK``, else the only pack found).
    root : str or path, optional
        A folder of packs searched before ``GEOEVENTS_SHAPES`` and the defaults.

    Returns
    -------
    Pack
        With ``provinces`` and ``districts`` already read and validated.

    Raises
    ------
    PackError
        When the pack cannot be found, or a file is missing or corrupt (the
        message names the file).

    Examples
    --------
    >>> pack = load_pack()                       # doctest: +SKIP
    >>> pack.code, len(pack.districts)           # doctest: +SKIP
    ('AFG', 398)
    """
    if isinstance(code, Pack):
        return code
    return _load(_resolve(code, root))


def pack_path(code: str | os.PathLike | None = None, *, root: str | os.PathLike | None = None) -> Path:
    """The folder of a pack, found without reading any of its layers.

    Parameters
    ----------
    code, root
        As for :func:`load_pack`.

    Returns
    -------
    pathlib.Path
    """
    if isinstance(code, Pack):
        return code.path
    return _resolve(code, root)


def pack_meta(code: str | os.PathLike | None = None, *, root: str | os.PathLike | None = None) -> dict[str, Any]:
    """The metadata (``pack.json``) of a pack, read without its layers (cached).

    Parameters
    ----------
    code, root
        As for :func:`load_pack`.

    Returns
    -------
    dict
        Code, names, levels, attribution, credit, and optional tables such as
        ``capitals`` (province -> district holding its capital) or ``actors``.
    """
    if isinstance(code, Pack):
        return code.meta
    return _cached_meta(pack_path(code, root=root))


@functools.lru_cache(maxsize=16)
def _cached_meta(path: Path) -> dict[str, Any]:
    return _read_meta(path)


@functools.lru_cache(maxsize=16)
def _load(path: Path) -> "Pack":
    pack = Pack(path)
    pack.provinces  # noqa: B018  (read and validate the core layers now)
    pack.districts  # noqa: B018
    return pack


def _read_meta(path: Path) -> dict[str, Any]:
    file = path / "pack.json"
    try:
        meta = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"{file}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PackError(f"{file}: cannot read pack metadata ({e})") from None
    if not isinstance(meta, dict):
        raise PackError(f"{file}: expected a JSON object")
    missing = [k for k in META_KEYS if not meta.get(k)]
    if missing:
        raise PackError(f"{file}: missing key(s) {', '.join(missing)}")
    return meta


def _read_layer(file: Path, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Read one GeoParquet layer and check CRS, columns and geometries."""
    if not file.is_file():
        raise PackError(f"{file}: no such file")
    try:
        gdf = gpd.read_parquet(file)
    except Exception as e:  # pyarrow/geopandas raise many kinds
        raise PackError(f"{file}: not a readable GeoParquet file ({type(e).__name__}: {e})") from None
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise PackError(f"{file}: CRS must be EPSG:4326, found {gdf.crs}")
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise PackError(f"{file}: missing column(s) {', '.join(missing)}")
    geoms = gdf.geometry.values
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    bad |= ~np.isin(shapely.get_type_id(geoms), (3, 6))  # Polygon, MultiPolygon
    bad |= ~shapely.is_valid(geoms)
    if bad.any():
        rows = ", ".join(str(i) for i in gdf.index[bad][:5])
        raise PackError(f"{file}: {int(bad.sum())} missing, empty, non-polygon or invalid geometries (rows {rows})")
    return gdf


class Pack:
    """One country's boundaries and metadata, read from a pack folder.

    Use :func:`load_pack` rather than the constructor: it caches packs.

    Attributes
    ----------
    code, iso2, name : str
        From ``pack.json`` (e.g. ``"AFG"``, ``"AF"``, ``"Afghanistan"``).
    path : pathlib.Path
        The pack folder.
    meta : dict
        All of ``pack.json`` (``attribution``, ``levels``...).
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path).resolve()
        self.meta: dict[str, Any] = _read_meta(self.path)
        self.code: str = str(self.meta["code"])
        self.iso2: str = str(self.meta["iso2"])
        self.name: str = str(self.meta["name"])
        self._layers: dict[str, gpd.GeoDataFrame] = {}
        self._tables: dict[str, pd.DataFrame] = {}
        #: Free slot for derived, expensive objects (e.g. the join index), keyed by user.
        self.cache: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<Pack {self.code} ({self.name}) at {self.path}>"

    def __reduce__(self):
        # pickle as the folder: worker processes reload (and cache) the pack themselves
        return (load_pack, (str(self.path),))

    @property
    def attribution(self) -> str:
        """Credit line for maps and exports (``pack.json`` ``attribution``)."""
        return str(self.meta.get("attribution", ""))

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """Read (once) and validate a boundary layer, one of :data:`LAYERS`.

        The returned frame is shared: copy it before changing it.
        """
        if name not in LAYERS:
            raise PackError(f"{self.path}: unknown layer {name!r} (one of {', '.join(LAYERS)})")
        if name not in self._layers:
            fname = self.meta.get("files", {}).get(name, f"{name}.parquet")
            gdf = _read_layer(self.path / fname, LAYERS[name])
            if name.startswith("districts") and "provinces" in self._layers:
                unknown = set(gdf["province"]) - set(self._layers["provinces"]["province"])
                if unknown:
                    raise PackError(f"{self.path / fname}: provinces not in provinces layer: {sorted(unknown)[:5]}")
            self._layers[name] = gdf
        return self._layers[name]

    @property
    def provinces(self) -> gpd.GeoDataFrame:
        """Provinces (level 1), full resolution: province, province_code, geometry, ..."""
        return self.layer("provinces")

    @property
    def districts(self) -> gpd.GeoDataFrame:
        """Districts (level 2), full resolution: district, province, province_code, geometry, ..."""
        return self.layer("districts")

    @property
    def provinces_simplified(self) -> gpd.GeoDataFrame:
        """Provinces simplified for maps (shared borders stay shared)."""
        return self.layer("provinces_simplified")

    @property
    def districts_simplified(self) -> gpd.GeoDataFrame:
        """Districts simplified for maps (shared borders stay shared)."""
        return self.layer("districts_simplified")

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of the districts."""
        return tuple(float(v) for v in self.districts.total_bounds)

    def table(self, name: str) -> pd.DataFrame:
        """Read (once) ``<pack>/<name>.parquet`` as a pandas DataFrame.

        Parameters
        ----------
        name : str
            Table name without suffix, e.g. ``"gazetteer"``.

        Raises
        ------
        PackError
            When the file is missing or unreadable (names the file).
        """
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or name.startswith("."):
            raise PackError(f"{self.path}: bad table name {name!r}")
        if name not in self._tables:
            file = self.path / f"{name}.parquet"
            if not file.is_file():
                raise PackError(f"{file}: no such file")
            try:
                self._tables[name] = pd.read_parquet(file)
            except Exception as e:
                raise PackError(f"{file}: not a readable Parquet file ({type(e).__name__}: {e})") from None
        return self._tables[name]

    def has_table(self, name: str) -> bool:
        """Whether ``<pack>/<name>.parquet`` exists."""
        return (self.path / f"{name}.parquet").is_file()
