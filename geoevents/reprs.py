"""Compact HTML views of geoevents frames for Jupyter.

Place, event and status frames carry long sentences, lists of evidence and
polygons; pandas' own HTML shows all of it.  :func:`frame_html` shows what an
analyst reads first (region, status, date, a shortened sentence) with every
value HTML-escaped, since the text comes from articles.

Frames made by geoevents can display themselves this way: :func:`register`
(called by ``import geoevents`` inside IPython) tells IPython to use
:func:`frame_html` for place, event and status frames, recognised by
``attrs["geoevents"]`` (``"places"``, ``"events"``, ``"status"``) or by their
columns; other frames keep pandas' view.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

#: Columns shown first, per kind of frame (others are hidden, geometry always).
SHOWN = {
    "places": ["doc", "mention", "name", "level", "province", "district", "score"],
    "events": ["doc", "date", "mention", "province", "district", "status", "kind", "confirmed", "sentence"],
    "status": ["doc", "province", "district", "status", "since", "confirmed", "n_events", "evidence"],
}

_NOUNS = {"places": "place mentions", "events": "events", "status": "regions"}

_CSS = (
    "<style>"
    ".ge-frame{font-size:12px;border-collapse:collapse}"
    ".ge-frame th,.ge-frame td{padding:2px 6px;text-align:left;vertical-align:top;border-bottom:1px solid #ddd}"
    ".ge-frame caption{text-align:left;font-weight:bold;padding-bottom:4px}"
    ".ge-status{display:inline-block;width:.8em;height:.8em;margin-right:4px;vertical-align:middle;border:1px solid #888}"
    "</style>"
)


def frame_kind(df: pd.DataFrame) -> str | None:
    """Return ``"places"``, ``"events"``, ``"status"`` or None for ``df``.

    ``df.attrs["geoevents"]`` decides when set; otherwise the columns do.
    """
    kind = df.attrs.get("geoevents") if hasattr(df, "attrs") else None
    if kind in SHOWN:
        return kind
    cols = set(df.columns)
    if {"status", "kind", "sentence"} <= cols:
        return "events"
    if {"status", "since", "evidence"} <= cols:
        return "status"
    if {"mention", "name", "score"} <= cols:
        return "places"
    return None


def _text(value: object, width: int) -> str:
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)):
        items = list(value.tolist() if hasattr(value, "tolist") else value)
        value = items[0] if items else ""
        if len(items) > 1:
            value = f"{value} (+{len(items) - 1})"
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        value = f"{value:.2f}"
    text = " ".join(str(value).split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "\u2026"
    return html.escape(text)


def frame_html(df: pd.DataFrame, max_rows: int = 10, columns: Sequence[str] | None = None, width: int = 80) -> str:
    """Return a compact, escaped HTML table of ``df``.

    Parameters
    ----------
    df : pandas.DataFrame
        A place, event or status frame (any frame works).
    max_rows : int
        Rows shown; the caption gives the total.
    columns : sequence of str, optional
        Columns to show (default: the main columns of the frame's kind).
    width : int
        Longer cell texts are shortened to this many characters.

    Returns
    -------
    str
        An HTML fragment (``<table>`` with a caption).
    """
    from .style import status_color

    kind = frame_kind(df)
    if columns is None:
        columns = [c for c in SHOWN.get(kind, []) if c in df.columns]
        if len(columns) < 2:  # a selection of other columns: show what is there
            columns = [c for c in df.columns if c != "geometry"]
    shown = [c for c in columns if c in df.columns]
    caption = f"{len(df)} {_NOUNS.get(kind, 'rows')}"
    if len(df) > max_rows:
        caption += f" (first {max_rows} shown)"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown)
    body = []
    for rec in df.head(max_rows)[shown].to_dict("records"):
        cells = []
        for c in shown:
            cell = _text(rec[c], width)
            if c == "status" and cell:
                swatch = f'<span class="ge-status" style="background:{status_color(rec[c])}"></span>'
                cell = swatch + cell
            cells.append(f"<td>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'{_CSS}<table class="ge-frame"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _formatter(df: pd.DataFrame) -> str | None:
    if frame_kind(df) is None:
        return df._repr_html_()  # pandas' own view for every other frame
    return frame_html(df)


def register(ip=None) -> bool:
    """Show geoevents frames with :func:`frame_html` in IPython / Jupyter.

    Frames are recognised by :func:`frame_kind`.  Safe to call outside
    IPython (does nothing) and more than once.

    Parameters
    ----------
    ip : IPython.core.interactiveshell.InteractiveShell, optional
        The shell (default: the running one).

    Returns
    -------
    bool
        True when a formatter was registered.
    """
    if ip is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        ip = get_ipython()
    if ip is None:
        return False
    formatter = ip.display_formatter.formatters["text/html"]
    formatter.for_type(pd.DataFrame, _formatter)
    try:
        import geopandas

        formatter.for_type(geopandas.GeoDataFrame, _formatter)
    except ImportError:
        pass
    return True
