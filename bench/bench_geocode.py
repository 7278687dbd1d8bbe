"""Benchmark: geocoding district names as conflict-data coders write them (issue 3, item 5).

Reads ``tests/data/coder_districts.csv`` and ``coder_districts_2.csv`` (hand-written:
ACLED/UCDP/news spellings of Afghan districts with the pack's canonical province and
district; the second list was written after the first one's misses were fixed and run
once, as a fresh check), geocodes each query with :func:`geoevents.geocode` and counts

* province right, district right (canonical names of the pack);
* within 25 km: great-circle distance from the answer's point to the expected
  district's representative point (``districts.parquet`` ``lat``/``lon``, the
  centre of its largest inscribed circle), which stands for the coded point;
* time per query (warm: the gazetteer index loaded once before timing).

Writes its section of ``bench/RESULTS.md`` (with the misses listed) and prints it.

Usage::

    .venv/bin/python bench/bench_geocode.py [--csv FILE ...] [--no-write]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _results import machine, write_section  # noqa: E402

TITLE = "## geocode: coder-style district names (bench/bench_geocode.py)"
CSVS = [HERE.parent / "tests" / "data" / "coder_districts.csv",
        HERE.parent / "tests" / "data" / "coder_districts_2.csv"]


def read_cases(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def rules_only_index():
    """The pack's index without the hand-written spellings (``spellings.csv``): rules alone."""
    import pandas as pd

    from geoevents.gazetteer import build_index
    from geoevents.pack import load_pack
    from geoevents.text import name_key

    pack = load_pack()
    gaz = pack.table("gazetteer").copy()
    drop: dict[str, set] = {}
    sp = Path(pack.path) / "spellings.csv"
    if sp.exists():
        for r in read_cases(sp):
            drop.setdefault(name_key(r["name"]), set()).add(r["alias"])
    gaz["aliases"] = [[a for a in al if a not in drop.get(name_key(n), ())] if lv == "district" else list(al)
                      for n, lv, al in zip(gaz["name"], gaz["level"], gaz["aliases"])]
    wf = Path(pack.path).parent / "world" / "foreign.parquet"
    world = pd.read_parquet(wf) if wf.exists() else None
    return build_index(gaz, world, pack.iso2)


def evaluate(cases: list[dict], index=None) -> dict:
    """Geocode every case (with ``index`` instead of the pack's when given); counts, misses, timing."""
    from geoevents.geocode import GazetteerGeocoder
    from geoevents.pack import load_pack

    pack = load_pack()
    points = {(r.province, r.district): (r.lat, r.lon) for r in pack.districts.itertuples()}
    for c in cases:
        if (c["province"], c["district"]) not in points:
            raise SystemExit(f"{c['query']!r}: no district {c['district']!r} in {c['province']!r}")
    g = GazetteerGeocoder()
    if index is not None:
        g._gaz = index
    g.geocode("Kabul")  # load the index before timing
    rows = []
    t0 = time.perf_counter()
    for c in cases:
        loc = g.geocode(c["query"])
        raw = loc.raw if loc is not None else {}
        exp = points[(c["province"], c["district"])]
        km = haversine_km(loc.latitude, loc.longitude, *exp) if loc is not None else math.inf
        rows.append(dict(c, got_province=raw.get("province"), got_district=raw.get("district"),
                         got_name=raw.get("name"), got_level=raw.get("level"), km=km))
    secs = time.perf_counter() - t0
    n = len(rows)
    prov = sum(r["got_province"] == r["province"] for r in rows)
    dist = sum(r["got_province"] == r["province"] and r["got_district"] == r["district"] for r in rows)
    near = sum(r["km"] <= 25 for r in rows)
    by_kind: dict[str, list[int]] = {}
    for r in rows:
        k = by_kind.setdefault(r["kind"], [0, 0])
        k[0] += 1
        k[1] += r["got_province"] == r["province"] and r["got_district"] == r["district"]
    return dict(n=n, prov=prov, dist=dist, near=near, secs=secs, rows=rows, by_kind=by_kind,
                provinces=len({r["province"] for r in rows}))


def _table(res: dict) -> list[str]:
    n = res["n"]
    return [
        "| measure | result | bar |",
        "| --- | --- | --- |",
        f"| province right | {res['prov']}/{n} = {res['prov'] / n:.1%} | >= 98% |",
        f"| district right | {res['dist']}/{n} = {res['dist'] / n:.1%} | >= 95% |",
        f"| within 25 km of the district's point | {res['near']}/{n} = {res['near'] / n:.1%} | >= 95% |",
        f"| time per query (warm) | {1000 * res['secs'] / n:.2f} ms | |",
        "",
        "District right by kind of query: " + ", ".join(
            f"{k} {v[1]}/{v[0]}" for k, v in sorted(res["by_kind"].items())) + ".",
    ]


_SWAP = {"a": "e", "e": "i", "i": "e", "o": "u", "u": "o", "A": "E", "E": "I", "I": "E", "O": "U", "U": "O"}


def synthetic_cases(seeds=range(1, 6)) -> list[dict]:
    """Rule-made misspellings of every pack district (two random edits each, per seed).

    Edits: one vowel of another colour, a doubled consonant, a space dropped, ``Xi Y`` ->
    ``X-e Y``, q -> k, w -> v, final a -> ah; half the names lose their bracketed part; a
    level word is added at random, and the province when the name is not unique.
    """
    import random
    import re
    from collections import Counter

    from geoevents.pack import load_pack

    d = load_pack().districts
    count = Counter(d.district)
    cases = []
    for seed in seeds:
        rng = random.Random(seed)

        def edit(s: str) -> str:
            for op in rng.sample(["vowel", "double", "space", "izafe", "qk", "wv", "final"], 2):
                if op == "vowel":
                    idx = [m.start() for m in re.finditer(r"[aeiouAEIOU]", s)]
                    if idx:
                        i = rng.choice(idx)
                        s = s[:i] + _SWAP[s[i]] + s[i + 1:]
                elif op == "double":
                    idx = [m.start() for m in re.finditer(r"[bdfgklmnprstz]", s)]
                    if idx:
                        i = rng.choice(idx)
                        s = s[:i] + s[i] + s[i:]
                elif op == "space":
                    s = s.replace(" ", "", 1)
                elif op == "izafe":
                    s = re.sub(r"(\w{3,})i (\w)", r"\1-e \2", s, count=1)
                elif op == "qk":
                    s = s.replace("q", "k", 1)
                elif op == "wv":
                    s = s.replace("w", "v", 1)
                else:
                    s = re.sub(r"a$", "ah", s)
            return s

        for r in d.itertuples():
            base = re.sub(r"\s*\(.*?\)\s*", " ", r.district).strip() if rng.random() < 0.5 else r.district
            q = edit(base) + rng.choice([" district", " District", "", " district"])
            if count[r.district] > 1 or (base != r.district and count.get(base, 0) > 1):
                q += f", {r.province}"
            cases.append(dict(query=q, province=r.province, district=r.district, kind="synthetic"))
    return cases


def report(results: list[tuple[str, dict]], rules_only: list[tuple[str, dict]] = (),
           synthetic: dict | None = None) -> str:
    lines = [TITLE, "", f"Date: {dt.date.today().isoformat()}. Machine: {machine()}."]
    for name, res in results:
        lines += ["", f"`tests/data/{name}`: {res['n']} hand-written queries over {res['provinces']} provinces.", ""]
        lines += _table(res)
    if synthetic:
        n = synthetic["n"]
        lines += ["", f"Synthetic misspellings (`synthetic_cases`: two random spelling edits of each of the "
                  f"398 district names, 5 seeds, {n} queries): province {synthetic['prov'] / n:.1%}, district "
                  f"{synthetic['dist'] / n:.1%}, within 25 km {synthetic['near'] / n:.1%}; the misses are names "
                  "that an edit makes equally close to two districts (Jani Khel/Jani Khail, Tagab/Tagab)."]
    if rules_only:
        lines += ["", "Rules alone (the index rebuilt without `shapes/AFG/spellings.csv`, the hand-written "
                  "spellings kept for the text matcher): " + "; ".join(
                      f"`{name}` province {r['prov']}/{r['n']}, district {r['dist']}/{r['n']}, "
                      f"within 25 km {r['near']}/{r['n']}" for name, r in rules_only) + "."]
    miss = [r for _, res in results for r in res["rows"]
            if not (r["got_province"] == r["province"] and r["got_district"] == r["district"]) or r["km"] > 25]
    lines += ["", "Misses (hand-written lists):" if miss else "Misses (hand-written lists): none."]
    if miss:
        lines += ["", "| query | expected | got | km |", "| --- | --- | --- | --- |"]
        for r in miss:
            got = f"{r['got_district']} ({r['got_province']}) [{r['got_level']} {r['got_name']}]" \
                if r["got_province"] else "nothing"
            lines.append(f"| {r['query']} | {r['district']} ({r['province']}) | {got} | {r['km']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", nargs="+", default=[str(c) for c in CSVS])
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = ap.parse_args(argv)
    results = [(Path(c).name, evaluate(read_cases(Path(c)))) for c in args.csv]
    idx = rules_only_index()
    rules_only = [(Path(c).name, evaluate(read_cases(Path(c)), idx)) for c in args.csv]
    text = report(results, rules_only, evaluate(synthetic_cases()))
    print(text)
    if not args.no_write:
        write_section(TITLE, text)


if __name__ == "__main__":
    main()
