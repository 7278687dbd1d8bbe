"""Benchmark: time to write each export format (issue 6).

The bundled example story goes through events and status once; then every
format is written ``--repeat`` times (median reported) at province level, and
the PNG/SVG also at district level.  Also checks that two SVG renders are
byte-identical.  Writes its section of ``bench/RESULTS.md``.

Usage::

    .venv/bin/python bench/bench_export.py [--repeat R]
"""
from __future__ import annotations

from _results import machine, write_section  # noqa: E402
import argparse
import datetime as dt
import gc
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from geoevents import example_text
from geoevents.docs import as_docs
from geoevents.events import events as find_events
from geoevents.export import export
from geoevents.pack import load_pack
from geoevents.status import status as fold_status

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
TITLE = "## export: static graphics and data files (bench/bench_export.py)"
JOBS = [
    ("png", "web", "province"), ("png", "square", "province"), ("svg", "print", "province"),
    ("pdf", "print", "province"), ("png", "web", "district"), ("svg", "print", "district"),
    ("geojson", None, "province"), ("gpkg", None, "province"), ("csv", None, "province"),
    ("geojson", None, "district"),
]






def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pack = load_pack()
    _ = pack.provinces, pack.districts, pack.provinces_simplified, pack.districts_simplified
    ev = find_events(as_docs(example_text(), date="2021-09-06"), pack=pack)
    st = fold_status(ev, pack=pack)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, preset, level in JOBS:
            times = []
            target = Path(tmp) / f"{level}-{preset}.{fmt}"
            for _ in range(args.repeat):
                gc.collect()
                t = time.perf_counter()
                export(st, target, events=ev, preset=preset, level=level, highlight=["Khenj"] if preset else None,
                       pack=pack)
                times.append(time.perf_counter() - t)
            rows.append((fmt, preset or "-", level, statistics.median(times), target.stat().st_size))
        a, b = Path(tmp) / "a.svg", Path(tmp) / "b.svg"
        export(st, a, events=ev, pack=pack)
        export(st, b, events=ev, pack=pack)
        same = a.read_bytes() == b.read_bytes()
    text = [TITLE, "", f"{dt.date.today().isoformat()}; {machine()}", "",
            f"Bundled example story ({len(ev)} events, {len(st)} status rows); median of {args.repeat} runs; "
            "each run includes drawing, label placement and writing.", "",
            "| format | preset | level | seconds | size (KiB) |", "| --- | --- | --- | ---: | ---: |"]
    text += [f"| {f} | {p} | {lv} | {s:.2f} | {n / 1024:.0f} |" for f, p, lv, s, n in rows]
    text += ["", f"Two SVG renders of the same input byte-identical: {'yes' if same else 'NO'}."]
    write_section(TITLE, "\n".join(text))
    print("\n".join(text))


if __name__ == "__main__":
    main()
