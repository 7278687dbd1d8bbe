"""Hand-built status and event frames for the map tests (our own texts).

The map tests prefer the real pipeline (``ge.status(ge.events(text))``); these
frames have the columns the pipeline gives and cover what the map must show:
every status, an unconfirmed claim, a district row, several dates and a
hostile article.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geoevents.schema import EVENT_COLUMNS, STATUS_COLUMNS

HOSTILE_SENTENCE = (
    'Fighters entered <script>window.__pwned = "script";</script> Charikar '
    '<img src=x onerror="window.__pwned = \'img\'"> on Monday, residents said.'
)
HOSTILE_TITLE = "</script><script>window.__pwned = 'title'</script>"

# (doc, mention, province, code, district, status, kind, date, sentence, url, lat, lon, confirmed)
EVENTS = [
    ("d1", "Kunduz", "Kunduz", "AF-KDZ", None, "taliban", "capture", "2021-08-08",
     "Kunduz city fell to the insurgents after a week of street fighting.",
     "https://news.example.org/kunduz", 36.73, 68.86, True),
    ("d2", "Bazarak", "Panjshir", "AF-PAN", "Bazarak", "resistance", "hold", "2021-08-20",
     "Resistance commanders still held Bazarak, the valley's main town.",
     "https://wire.example.com/panjshir?id=1&x=2", 35.31, 69.52, True),
    ("d3", "Pul-e Khumri", "Baghlan", "AF-BGL", None, "taliban", "claim", "2021-08-15",
     "A Taliban spokesman claimed the capture of Pul-e Khumri, which officials did not confirm.",
     None, 35.94, 68.71, False),
    ("d4", "Kabul", "Kabul", "AF-KAB", None, "taliban", "capture", "2021-08-15",
     "The capital was taken without a fight on Sunday evening.",
     "https://news.example.org/kabul", 34.53, 69.17, True),
    ("d5", "Mazar-i-Sharif", "Balkh", "AF-BAL", None, "contested", "fighting", "2021-08-13",
     "Heavy fighting was reported on the outskirts of Mazar-i-Sharif.",
     "javascript:alert(1)", 36.71, 67.11, True),
    ("d6", "Charikar", "Parwan", "AF-PAR", None, "contested", "fighting", "2021-08-23",
     HOSTILE_SENTENCE, "https://evil.example.net/\"><script>alert(1)</script>", 35.01, 69.17, True),
]

STATUS = [
    # province, code, district, status, since, confirmed, evidence
    ("Kunduz", "AF-KDZ", None, "taliban", "2021-08-08", True, EVENTS[0][8]),
    ("Panjshir", "AF-PAN", None, "resistance", "2021-08-20", True, EVENTS[1][8]),
    ("Panjshir", "AF-PAN", "Bazarak", "resistance", "2021-08-20", True, EVENTS[1][8]),
    ("Baghlan", "AF-BGL", None, "taliban", "2021-08-15", False, EVENTS[2][8]),
    ("Kabul", "AF-KAB", None, "taliban", "2021-08-15", True, EVENTS[3][8]),
    ("Balkh", "AF-BAL", None, "contested", "2021-08-13", True, EVENTS[4][8]),
    ("Parwan", "AF-PAR", None, "contested", "2021-08-23", True, HOSTILE_SENTENCE),
]


def events_frame() -> gpd.GeoDataFrame:
    """Events with EVENT_COLUMNS + confirmed, source, url, title, lat, lon, geometry."""
    rows = []
    for doc, mention, prov, code, dist, status, kind, date, sentence, url, lat, lon, confirmed in EVENTS:
        rows.append({
            "doc": doc, "mention": mention, "start": 0, "end": len(mention), "province": prov,
            "province_code": code, "district": dist, "status": status, "kind": kind,
            "actor": "taliban" if status == "taliban" else "resistance", "date": date, "sentence": sentence,
            "confirmed": confirmed, "source": "text", "url": url,
            "title": HOSTILE_TITLE if doc == "d6" else f"Report {doc}", "lat": lat, "lon": lon,
            "level": "city", "geometry": Point(lon, lat),
        })
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame[[*EVENT_COLUMNS, "confirmed", "source", "url", "title", "lat", "lon", "level", "geometry"]]


def status_frame(pack) -> gpd.GeoDataFrame:
    """Status rows (STATUS_COLUMNS + n_events, confirmed, override, geometry)."""
    provinces = pack.provinces.set_index("province_code").geometry
    districts = pack.districts.set_index(["province_code", "district"]).geometry
    rows = []
    for prov, code, dist, status, since, confirmed, evidence in STATUS:
        geom = provinces[code] if dist is None else districts[(code, dist)]
        rows.append({
            "doc": None, "province": prov, "province_code": code, "district": dist, "status": status,
            "since": since, "evidence": [evidence], "sources": ["d"], "n_events": 1,
            "confirmed": confirmed, "override": None, "geometry": geom,
        })
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame[[*STATUS_COLUMNS, "n_events", "confirmed", "override", "geometry"]]


def hand_status_of(events: pd.DataFrame, as_of: str | None = None, pack=None, **_) -> gpd.GeoDataFrame:
    """A stand-in for geoevents.status.status over :data:`EVENTS` (latest event per province wins)."""
    frame = status_frame(pack)
    if as_of is None:
        return frame
    dates = {code: date for _, _, _, code, _, _, _, date, *_ in EVENTS}
    keep = [dates.get(code, "") <= as_of for code in frame["province_code"]]
    return frame[keep]
