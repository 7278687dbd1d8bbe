"""Run the pipeline stages over streamed inputs: what each CLI command does.

The command line is a thin layer over these functions; a script can call them
too.  Each ``iter_*`` function reads INPUT arguments in chunks
(:func:`geoevents.docs.read_docs`), runs one stage on each chunk locally, on
``workers`` processes or on a Dask cluster (:mod:`geoevents.parallel`), and
yields result frames in input order.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

import pandas as pd

from .docs import read_docs


def places_chunk(docs: pd.DataFrame) -> pd.DataFrame:
    """Place rows of one chunk of documents (a plain DataFrame, no geometry)."""
    from .places import places

    return pd.DataFrame(places(docs).drop(columns="geometry", errors="ignore"))


def events_chunk(docs: pd.DataFrame) -> pd.DataFrame:
    """Event rows of one chunk of documents (a plain DataFrame, no geometry)."""
    from .events import events

    return pd.DataFrame(events(docs).drop(columns="geometry", errors="ignore"))


def _run(func, inputs, date, workers, scheduler, progress) -> Iterator[pd.DataFrame]:
    from .parallel import run_chunks

    yield from run_chunks(func, read_docs(inputs, date=date), workers=workers, scheduler=scheduler, progress=progress)


def iter_places(
    inputs: Sequence[str | os.PathLike],
    *,
    date: str | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield frames of place rows for the documents in ``inputs``, in order."""
    yield from _run(places_chunk, inputs, date, workers, scheduler, progress)


def iter_events(
    inputs: Sequence[str | os.PathLike],
    *,
    date: str | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    store: str | os.PathLike | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield frames of event rows for the documents in ``inputs``, in order.

    With ``store``, each frame is also added to the event store at that path.
    """
    event_store = None
    if store is not None:
        from .store import EventStore

        event_store = EventStore(store)
    for frame in _run(events_chunk, inputs, date, workers, scheduler, progress):
        if event_store is not None and len(frame):
            event_store.add(frame)
        yield frame


def collect_events(
    inputs: Sequence[str | os.PathLike],
    *,
    date: str | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    store: str | os.PathLike | None = None,
    event_files: Sequence[str | os.PathLike] = (),
) -> pd.DataFrame:
    """All events of ``inputs``, of event tables and of the store, as one frame.

    Documents in ``inputs`` and the tables in ``event_files`` (ACLED exports,
    UCDP GED CSVs, geoevents events files: see :mod:`geoevents.importers`) are
    added to the store first, so the store then holds the union; events come
    back from the store (de-duplicated) when one is given, else straight from
    the documents and tables.
    """
    from .importers import read_event_table

    tables = [read_event_table(path) for path in event_files]
    frames = list(iter_events(inputs, date=date, workers=workers, scheduler=scheduler, progress=progress, store=store))
    frames += [t for t in tables if len(t)]
    if store is not None:
        from .store import EventStore

        event_store = EventStore(store)
        for table in tables:
            if len(table):
                event_store.add(table)
        from .store import EventStore

        return EventStore(store).events()
    if frames:
        return pd.concat(frames, ignore_index=True)
    from .schema import EVENT_COLUMNS

    return pd.DataFrame(columns=EVENT_COLUMNS)


def region_status(
    events: pd.DataFrame,
    *,
    as_of: str | None = None,
    level: str = "province",
    by: str = "all",
    overrides: str | os.PathLike | None = None,
):
    """Fold ``events`` into a status per region (see :func:`geoevents.status.status`)."""
    from .status import status

    return status(events, as_of=as_of, level=level, by=by, overrides=overrides)


def geocode_rows(queries: Sequence[str], online: str | None = None) -> pd.DataFrame:
    """One row per query: the query, then the place fields of its best match (nulls when none).

    Parameters
    ----------
    queries : sequence of str
        Place names as conflict-data coders write them.
    online : str, optional
        Name of a geopy geocoder to fall back to for names the gazetteer lacks.
    """
    from .geocode import geocode
    from .schema import PLACE_COLUMNS

    fields = PLACE_COLUMNS[4:]
    rows = []
    for query in queries:
        location = geocode(query, online=online) if online else geocode(query)
        raw = dict(location.raw) if location is not None else {}
        rows.append({"query": query, **{f: raw.get(f) for f in fields}})
    return pd.DataFrame(rows, columns=["query", *fields])
