"""A persistent event store: run geoevents on each day's copy, watch the map evolve.

:class:`EventStore` keeps control-status events in one embedded DuckDB file.
Document commands add to it (``--store PATH``); ``status``, ``map`` and
``export`` read from it.

Why DuckDB: it is an embedded, single-file, transactional database (like
SQLite) that is already a dependency, reads and writes pandas frames directly
(through Arrow, no row-by-row inserts), has list columns (all the sources of a
statement in one cell) and folds millions of rows with SQL window functions in
a fraction of a second, which a research group running over millions of
articles needs.  Its one limit, a single writing process at a time, fits a desk
that adds each day's copy from one job; a second writer gets a clear error
instead of a corrupt file.

De-duplication
--------------
A *statement* is identified by its normalised sentence (case, punctuation,
quotes, dashes, spacing and a leading wire dateline such as ``"KABUL (AP) -"``
ignored), its place (province code and district) and its status.  The same
statement carried by several outlets (wire copy) is stored once per source
(its URL, or its document id when it has none) and counts once as evidence:
:meth:`EventStore.events` returns one row per statement, with the list of all
its ``sources``.  Adding the same documents again adds nothing.

Which copy represents a statement (its ``doc``, ``date``, ``kind``...) is decided
by content, not by the order of the runs: the earliest dated copy, then the
smallest source.  So two runs over overlapping documents give exactly the same
events (and status) as one run over their union.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

from .errors import GeoeventsError, InputError
from .schema import EVENT_COLUMNS

__all__ = ["EventStore", "normalise_sentence", "statement_key"]

SCHEMA_VERSION = "1"

#: Columns stored for every (statement, source) pair, with their SQL types.
STORE_COLUMNS = {
    "key": "VARCHAR NOT NULL",
    "src": "VARCHAR NOT NULL",
    "doc": "VARCHAR",
    "mention": "VARCHAR",
    "start": "BIGINT",
    "end": "BIGINT",
    "province": "VARCHAR",
    "province_code": "VARCHAR",
    "district": "VARCHAR",
    "status": "VARCHAR",
    "kind": "VARCHAR",
    "actor": "VARCHAR",
    "date": "VARCHAR",
    "sentence": "VARCHAR",
    "confirmed": "BOOLEAN",
    "source": "VARCHAR",
    "url": "VARCHAR",
    "title": "VARCHAR",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "level": "VARCHAR",
    "added": "VARCHAR",
}

_OPTIONAL = ("confirmed", "source", "url", "title", "lat", "lon", "level")

# "KABUL, Afghanistan (AP) -", "Kabul (Reuters) --", "(AFP) -": a wire dateline.
_DATELINE = re.compile(r"^\s*(?:[A-Z][\w .,'’-]{0,60}?\s*)?\([^()]{1,40}\)\s*[-\u2010-\u2015:]+\s*")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_sentence(sentence: object) -> str:
    """Return ``sentence`` reduced to what wire copies of it share.

    Unicode NFKC, case-folded, a leading dateline removed, every run of
    punctuation, quotes, dashes and spaces turned into one space.

    Examples
    --------
    >>> normalise_sentence("KABUL (AP) — The Taliban “seized” Kunduz.")
    'the taliban seized kunduz'
    >>> normalise_sentence("The Taliban seized  Kunduz")
    'the taliban seized kunduz'
    """
    if sentence is None or (isinstance(sentence, float) and sentence != sentence):
        return ""
    text = unicodedata.normalize("NFKC", str(sentence))
    text = _DATELINE.sub("", text, count=1)
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value)


def _strings(values: pd.Series) -> list:
    """Values as str, with None for missing and empty ones (fast path for string columns)."""
    out = []
    for v in values.to_numpy(dtype=object):
        if type(v) is str:
            out.append(v or None)
        else:
            out.append(None if _text(v) == "" else str(v))
    return out


def statement_key(sentence, province_code, district, status, *, fallback: tuple = ()) -> str:
    """Identity of a statement: normalised sentence + place + status (a hex digest).

    ``fallback`` (e.g. source, doc, mention, date) identifies events that carry
    no sentence, such as imported dataset rows.
    """
    norm = normalise_sentence(sentence)
    parts = [norm] if norm else ["\x00", *map(_text, fallback)]
    parts += [_text(province_code), _text(district), _text(status)]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _empty_events() -> pd.DataFrame:
    return pd.DataFrame(columns=[*EVENT_COLUMNS, *_OPTIONAL, "sources", "n_sources"])


class EventStore:
    """Control-status events kept in a DuckDB file across runs.

    Parameters
    ----------
    path : str or os.PathLike
        The database file (created on the first :meth:`add`; e.g.
        ``events.duckdb``).

    Examples
    --------
    >>> store = EventStore("desk.duckdb")                 # doctest: +SKIP
    >>> store.add(ge.events(todays_copy))                  # doctest: +SKIP
    12
    >>> ge.status(store.events())                          # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if self.path.is_dir():
            raise InputError(f"{self.path}: the event store must be a file, not a folder")
        #: Counts of the last :meth:`add`: new statements and new sources.
        self.last_add = {"events": 0, "sources": 0}

    def __repr__(self) -> str:
        return f"EventStore({str(self.path)!r})"

    # ------------------------------------------------------------------ connection
    @contextlib.contextmanager
    def _connect(self, write: bool):
        import duckdb

        if not write and not self.path.exists():
            raise InputError(f"{self.path}: no such event store (add documents to it first)")
        if write and not self.path.parent.exists():
            raise InputError(f"{self.path}: folder {self.path.parent} does not exist")
        try:
            con = duckdb.connect(str(self.path), read_only=not write)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise GeoeventsError(f"{self.path}: the event store is in use by another process ({msg})") from exc
            raise InputError(f"{self.path}: not a geoevents event store ({msg})") from exc
        except duckdb.Error as exc:
            raise InputError(f"{self.path}: not a geoevents event store ({exc})") from exc
        try:
            self._check_schema(con, write)
            yield con
        finally:
            con.close()

    def _check_schema(self, con, write: bool) -> None:
        tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "evidence" in tables and "geoevents_meta" in tables:
            version = con.execute("SELECT value FROM geoevents_meta WHERE key = 'version'").fetchall()
            version = version[0] if version else None
            if not version or version[0] != SCHEMA_VERSION:
                raise InputError(
                    f"{self.path}: event store version {version[0] if version else '?'}, "
                    f"this geoevents reads version {SCHEMA_VERSION}"
                )
            return
        if tables:
            raise InputError(f"{self.path}: a DuckDB file, but not a geoevents event store "
                             f"(tables: {', '.join(sorted(tables))})")
        if not write:
            raise InputError(f"{self.path}: an empty event store")
        cols = ", ".join(f'"{name}" {sqltype}' for name, sqltype in STORE_COLUMNS.items())
        con.execute(f"CREATE TABLE evidence ({cols}, PRIMARY KEY (key, src))")
        con.execute("CREATE TABLE geoevents_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO geoevents_meta VALUES ('version', ?), ('created', ?)",
                    [SCHEMA_VERSION, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")])

    # ------------------------------------------------------------------ writing
    def _rows(self, events: pd.DataFrame) -> pd.DataFrame:
        missing = [c for c in ("doc", "province_code", "district", "status", "sentence") if c not in events.columns]
        if missing:
            raise InputError(f"events to store lack the column(s) {', '.join(missing)}")
        frame = pd.DataFrame(events.drop(columns="geometry", errors="ignore")).reset_index(drop=True)
        out = pd.DataFrame(index=frame.index)
        for col in EVENT_COLUMNS + list(_OPTIONAL):
            out[col] = frame[col] if col in frame.columns else None
        out["source"] = out["source"].where(out["source"].notna(), "text")
        out["confirmed"] = pd.Series([None if _text(v) == "" else bool(v) for v in out["confirmed"]],
                                     index=out.index, dtype=object)
        for col in ("start", "end"):
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
        for col in ("lat", "lon"):
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
        out["date"] = pd.Series([_iso_date(v) for v in out["date"]], index=out.index, dtype=object)
        text_cols = [c for c in out.columns if c not in ("start", "end", "lat", "lon", "confirmed")]
        for col in text_cols:
            out[col] = pd.Series(_strings(out[col]), index=out.index, dtype=object)
        out = out[out["status"].notna()]
        out["key"] = [
            statement_key(s, p, d, st, fallback=(src, doc, m, date))
            for s, p, d, st, src, doc, m, date in zip(out["sentence"], out["province_code"], out["district"],
                                                      out["status"], out["source"], out["doc"], out["mention"],
                                                      out["date"])
        ]
        out["src"] = [_text(u) or f"{s}:{d}" for u, s, d in zip(out["url"], out["source"], out["doc"])]
        out["added"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        out = out.drop_duplicates(["key", "src"], keep="first")
        return out[list(STORE_COLUMNS)]

    def add(self, events: pd.DataFrame) -> int:
        """Add events; return how many new statements the store gained.

        A statement the store already holds adds only its new sources (see
        :attr:`last_add`); events from documents already added add nothing.

        Parameters
        ----------
        events : pandas.DataFrame
            Event rows (``EVENT_COLUMNS``, optionally ``confirmed``, ``source``,
            ``url``, ``title``, ``lat``, ``lon``, ``level``), e.g. from
            :func:`geoevents.events` or :mod:`geoevents.importers`.

        Returns
        -------
        int
            The number of statements that were not in the store before.
        """
        rows = self._rows(events)
        self.last_add = {"events": 0, "sources": 0}
        if rows.empty:
            return 0
        created = not self.path.exists()
        try:
            with self._connect(write=True) as con:
                con.register("batch", rows)
                con.execute("BEGIN TRANSACTION")
                try:
                    before = con.execute("SELECT count(*) FROM evidence").fetchall()[0][0]
                    new_keys = con.execute(
                        "SELECT count(DISTINCT key) FROM batch WHERE key NOT IN (SELECT key FROM evidence)"
                    ).fetchall()[0][0]
                    cols = ", ".join(f'"{c}"' for c in STORE_COLUMNS)
                    con.execute(f"INSERT OR IGNORE INTO evidence ({cols}) SELECT {cols} FROM batch")
                    after = con.execute("SELECT count(*) FROM evidence").fetchall()[0][0]
                    con.execute("COMMIT")
                except Exception:
                    con.execute("ROLLBACK")
                    raise
                finally:
                    con.unregister("batch")
        except Exception:
            if created and self.path.exists():
                self.path.unlink()
                wal = self.path.with_name(self.path.name + ".wal")
                if wal.exists():
                    wal.unlink()
            raise
        self.last_add = {"events": int(new_keys), "sources": int(after - before)}
        return int(new_keys)

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        if not self.path.exists():
            return 0
        with self._connect(write=False) as con:
            return int(con.execute("SELECT count(DISTINCT key) FROM evidence").fetchall()[0][0])

    def events(self):
        """All statements in the store, one row each, in a stable order.

        Returns
        -------
        geopandas.GeoDataFrame
            ``EVENT_COLUMNS`` plus ``confirmed`` (True if any copy is),
            ``source``, ``url``, ``title``, ``lat``, ``lon``, ``level``,
            ``sources`` (sorted list of the URLs, or document ids, of every copy),
            ``n_sources`` and a point ``geometry`` (empty where the event has
            no coordinates).  The fields come from the earliest dated copy.
            Ordered by date (undated last), then document and offset.
        """
        import geopandas as gpd

        with self._connect(write=False) as con:
            frame = con.execute(
                """
                WITH ranked AS (
                    SELECT *, row_number() OVER (
                        PARTITION BY key ORDER BY date ASC NULLS LAST, src, start NULLS LAST) AS rank
                    FROM evidence),
                agg AS (
                    SELECT key, list(DISTINCT coalesce(url, doc) ORDER BY coalesce(url, doc)) AS sources,
                           count(*) AS n_sources, bool_or(confirmed) AS any_confirmed
                    FROM evidence GROUP BY key)
                SELECT r.*, a.sources, a.n_sources, a.any_confirmed
                FROM ranked r JOIN agg a USING (key)
                WHERE r.rank = 1
                ORDER BY r.date ASC NULLS LAST, r.doc, r.start NULLS LAST, r.key
                """
            ).df()
        if frame.empty:
            out = _empty_events()
        else:
            frame["confirmed"] = frame["any_confirmed"].astype(object).where(frame["any_confirmed"].notna(), None)
            frame["sources"] = frame["sources"].map(list)
            frame["n_sources"] = frame["n_sources"].astype("int64")
            for col in ("start", "end"):
                frame[col] = frame[col].astype("Int64")
            out = frame[[*EVENT_COLUMNS, *_OPTIONAL, "sources", "n_sources"]].copy()
            for col in out.columns:
                if col not in ("start", "end", "lat", "lon", "confirmed", "sources", "n_sources"):
                    out[col] = out[col].astype(object).where(out[col].notna(), None)
        out = out.reset_index(drop=True)
        lon, lat = out["lon"].astype(float), out["lat"].astype(float)
        geometry = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        geometry[lon.isna() | lat.isna()] = None
        return gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")


def _iso_date(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    return text[:10] if text else None
