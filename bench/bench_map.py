"""Benchmark: interactive maps (issue 5): build time, file size, load time in Chromium.

For the bundled example article and the bundled dispatches (events and status
computed once), times ``make_map`` + ``save_map`` (median of ``--repeat``)
at province and district level, online and offline, reports the file sizes
(the district-level offline map must stay <= 2 MB), and, when Debian's
chromium and playwright are present, the time until the page has drawn its
regions with every network request blocked.  Writes its section of
``bench/RESULTS.md``.

Usage::

    .venv/bin/python bench/bench_map.py [--repeat R]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _results import machine, write_section  # noqa: E402

SECTION = "bench_map"
TITLE = "## maps: build time, size, load time (bench/bench_map.py)"
CHROMIUM = "/usr/bin/chromium"
LIMIT = 2_000_000


def load_seconds(path: Path) -> float | None:
    """Seconds until the page has drawn its regions in headless Chromium (network blocked)."""
    if not Path(CHROMIUM).exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("document.querySelectorAll('path.ge-region').length > 0")
            times.append(time.perf_counter() - t0)
        browser.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    import geoevents as ge
    from geoevents.docs import as_docs
    from geoevents.mapping import make_map, save_map

    example = as_docs(ge.example_text(), date="2021-09-06")
    dispatches = pd.concat(ge.read_docs([str(Path(ge.__file__).parent / "data" / "dispatches.jsonl")]))
    inputs = {"example article": ge.events(example), "dispatches": ge.events(dispatches)}

    rows = []
    out_dir = Path(tempfile.mkdtemp(prefix="geoevents-bench-map-"))
    for name, events in inputs.items():
        for level in ("province", "district"):
            status = ge.status(events, level=level)
            for offline in (False, True):
                path = out_dir / f"{name.replace(' ', '-')}-{level}-{'offline' if offline else 'online'}.html"
                times = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    save_map(make_map(status, events, level=level, offline=offline), path, offline=offline)
                    times.append(time.perf_counter() - t0)
                rows.append({
                    "input": name, "events": len(events), "dates": events["date"].nunique(), "level": level,
                    "offline": offline, "seconds": statistics.median(times), "bytes": path.stat().st_size,
                    "load": load_seconds(path) if offline else None,
                })
                print(rows[-1], file=sys.stderr)

    worst = max(r["bytes"] for r in rows if r["offline"] and r["level"] == "district")
    lines = [
        TITLE,
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {machine()}",
        f"- median of {args.repeat} runs of `save_map(make_map(status, events, level=..., offline=...))` "
        "(events and status computed once, outside the timing; the time includes the per-date status "
        "calls of the time slider); load: median of 3 page loads in headless Chromium with the network "
        "blocked, until the regions are drawn. The machine is shared, so expect noise.",
        "",
        "| input | events | dates | level | offline | build s | file MB | load s |",
        "| --- | ---: | ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for r in rows:
        load = f"{r['load']:.2f}" if r["load"] is not None else "-"
        lines.append(f"| {r['input']} | {r['events']} | {r['dates']} | {r['level']} | "
                     f"{'yes' if r['offline'] else 'no'} | {r['seconds']:.2f} | {r['bytes'] / 1e6:.2f} | {load} |")
    lines += ["", f"- largest district-level offline map: **{worst / 1e6:.2f} MB** (limit {LIMIT / 1e6:.0f} MB): "
                  f"**{'PASS' if worst <= LIMIT else 'FAIL'}**",
              f"- command: `.venv/bin/python bench/bench_map.py --repeat {args.repeat}`"]
    write_section(TITLE, "\n".join(lines) + "\n", marker=SECTION)
    print("\n".join(lines))
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
