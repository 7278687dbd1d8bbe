"""Render the seed story (geoevents/data/example.txt) as newsroom graphics.

Usage: ``python examples/gallery.py [FOLDER]`` (default ``maps``), or ``make gallery``.

Writes to FOLDER:

- ``example.png``: web preset (1600 px wide), Khenj highlighted;
- ``example.svg``: print preset, text kept as text (diff-able: same input, same bytes);
- ``example-square.png``: square preset for social media;
- ``example-districts.png``: the same story at district level;
- ``example.csv``: the table for Datawrapper (ISO 3166-2 code and name per province).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from geoevents import example_text
from geoevents.events import events as find_events
from geoevents.export import export
from geoevents.status import status as fold_status

DATE = "2021-09-06"  # the publication date of the seed story
TITLE = "The Taliban claim Panjshir, the resistance denies it"
HIGHLIGHT = ["Khenj"]


def main(folder: str = "maps") -> int:
    """Render the gallery into ``folder``; return a process exit code."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    from geoevents.docs import as_docs

    events = find_events(as_docs(example_text(), date=DATE))
    # the province-level frame also has a row for every district the text names:
    # at district level, districts the text does not name take their province's status
    status = fold_status(events)
    jobs = [
        ("example.png", dict(preset="web", highlight=HIGHLIGHT)),
        ("example.svg", dict(preset="print", highlight=HIGHLIGHT)),
        ("example-square.png", dict(preset="square", highlight=HIGHLIGHT)),
        ("example-districts.png", dict(preset="web", highlight=HIGHLIGHT, level="district")),
        ("example.csv", {}),
    ]
    for name, options in jobs:
        start = time.perf_counter()
        export(status, out / name, events=events, title=TITLE, **options)
        print(f"wrote {out / name} ({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
