"""geoevents: turn conflict news into maps.

The pipeline, one module per stage, each taking and returning plain
(Geo)DataFrames so a notebook can stop anywhere::

    import geoevents as ge
    pl = ge.places(text)        # place mentions, resolved offline
    ev = ge.events(text)        # who holds which place, with the sentence
    st = ge.status(ev)          # status of each province as of a date
    ge.map(st, ev)              # interactive folium map
    ge.export(st, "map.png")    # newsroom graphic or data file

Heavy libraries (geopandas, folium, matplotlib) are imported on first use.
"""
from __future__ import annotations

from typing import Any

from .errors import GeocoderError, GeoeventsError, InputError, OutputError, PackError

__version__ = "0.1.0"

__all__ = [
    "places", "events", "status", "join", "geocode", "map", "export", "load_pack", "read_docs",
    "GeoeventsError", "InputError", "PackError", "GeocoderError", "OutputError", "example_text",
]


def places(docs: Any, *, date: str | None = None, pack: Any = None):
    """Every place mention in ``docs`` (see :func:`geoevents.places.places`)."""
    from .docs import as_docs
    from .places import places as _places

    return _places(as_docs(docs, date=date), pack=pack)


def events(docs: Any, *, date: str | None = None, pack: Any = None):
    """Every control-status event in ``docs`` (see :func:`geoevents.events.events`)."""
    from .docs import as_docs
    from .events import events as _events

    return _events(as_docs(docs, date=date), pack=pack)


def status(events: Any, as_of: str | None = None, level: str = "province", by: str = "all", **kwargs: Any):
    """Status of each region as of a date (see :func:`geoevents.status.status`)."""
    from .status import status as _status

    return _status(events, as_of=as_of, level=level, by=by, **kwargs)


def join(points: Any, level: str = "district", **kwargs: Any):
    """Add province, province_code and district to points (see :func:`geoevents.join.join`)."""
    from .join import join as _join

    return _join(points, level=level, **kwargs)


def geocode(query: str, **kwargs: Any):
    """Geocode one place name offline (see :func:`geoevents.geocode.geocode`)."""
    from .geocode import geocode as _geocode

    return _geocode(query, **kwargs)


def map(status: Any, events: Any = None, **options: Any):  # noqa: A001 - the contract's name
    """Interactive folium map of a status frame (see :func:`geoevents.mapping.make_map`)."""
    from .mapping import make_map

    return make_map(status, events, **options)


def export(status: Any, path: Any, **options: Any):
    """Static graphic or data file (see :func:`geoevents.export.export`)."""
    from .export import export as _export

    return _export(status, path, **options)


def load_pack(code: str | None = None, **kwargs: Any):
    """The country pack ``code`` (see :func:`geoevents.pack.load_pack`)."""
    from .pack import load_pack as _load_pack

    return _load_pack(code, **kwargs)


def read_docs(inputs: Any, date: str | None = None, chunksize: int = 500):
    """Stream documents from files (see :func:`geoevents.docs.read_docs`)."""
    from .docs import read_docs as _read_docs

    return _read_docs(inputs, date=date, chunksize=chunksize)


def example_text() -> str:
    """The bundled example article (a news-style account of the 2021 offensive)."""
    from importlib.resources import files

    return files("geoevents").joinpath("data/example.txt").read_text(encoding="utf-8")


# ``from .events import events`` inside the functions above imports the submodule
# geoevents.events, and Python then sets the package attribute ``events`` to that
# module, hiding the function (``ge.events(text)`` works once, then raises
# "'module' object is not callable").  Keep the public functions: a submodule
# stays reachable with ``from geoevents.events import ...`` (sys.modules).
import sys as _sys
import types as _types

_API_FUNCTIONS = frozenset({"places", "events", "status", "join", "geocode", "map", "export", "load_pack",
                            "read_docs"})


class _Package(_types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _API_FUNCTIONS and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package

if "IPython" in _sys.modules:  # compact HTML views of place/event/status frames in Jupyter
    from .reprs import register as _register_reprs

    _register_reprs()
