"""Column names and vocabularies shared by every pipeline stage.

Each stage takes and returns plain (Geo)DataFrames; these lists fix their
columns so the stages, the command line and the exporters agree.  Frames may
carry extra columns after these (they are dropped from contract output).
"""
from __future__ import annotations

#: Columns of a documents frame (``geoevents.docs``).
DOC_COLUMNS = ["id", "text", "date", "url", "title"]

#: Place rows, as in CONTRACT.md; frames also carry ``geometry`` (Point, EPSG:4326).
PLACE_COLUMNS = [
    "doc", "mention", "start", "end", "name", "level", "country",
    "province", "province_code", "district", "lat", "lon", "score",
]

#: Event rows, as in CONTRACT.md.  Frames also carry ``confirmed`` (bool: False
#: for a claim that is hedged or only one side's word), ``source`` (``"text"``,
#: ``"override"``, ``"acled"``, ``"ucdp"``...), ``url``, ``title``, ``lat``, ``lon``
#: and ``geometry`` (Point, EPSG:4326).
EVENT_COLUMNS = [
    "doc", "mention", "start", "end", "province", "province_code", "district",
    "status", "kind", "actor", "date", "sentence",
]

#: Status rows, as in CONTRACT.md (``doc`` only with ``by="doc"``).  Frames also
#: carry ``n_events`` (int), ``confirmed`` (bool: False when the status rests only
#: on unconfirmed claims), ``override`` (analyst note or None) and ``geometry``
#: (the region polygon, EPSG:4326).  ``evidence`` is a list of sentences, newest
#: first; ``sources`` a list of distinct document ids (or URLs where known).
STATUS_COLUMNS = [
    "doc", "province", "province_code", "district", "status", "since",
    "evidence", "sources",
]

STATUSES = ("taliban", "resistance", "contested")
KINDS = ("capture", "hold", "fighting", "claim", "denial", "retake", "surrender")
LEVELS = ("country", "province", "district", "city", "village", "area")
