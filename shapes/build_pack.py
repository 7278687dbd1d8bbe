"""Build the Afghanistan boundary pack ``shapes/AFG/`` from the raw sources.

Usage::

    .venv/bin/python shapes/build_pack.py [SOURCE_DIR]
    .venv/bin/python shapes/build_pack.py --meta-only   # rewrite pack.json only

``SOURCE_DIR`` defaults to ``../shared/data`` relative to the repository and
must hold ``geoboundaries-afg/`` (geoBoundaries ADM1 GeoJSON + ADM2 shapefile,
citation and metadata) and ``afghanistan-gazetteer/`` (provinces-and-districts
JSON + licence).

What it does (details and the list of source flaws in ``shapes/AFG/README.md``,
which this script writes):

1. reads the ADM2 districts (2014) and cleans their names;
2. maps the ADM1 provinces (2007) and the gazetteer's provinces onto the 34
   canonical provinces (CONTRACT.md) by transliteration-normalised names;
3. gives every district exactly one parent province: among the provinces its
   polygon overlaps, the one whose gazetteer district list holds the closest
   name (ties and weak matches fall back to the largest overlap);
4. dissolves districts into provinces, so both levels nest by construction;
5. simplifies the district coverage with ``shapely.coverage_simplify``
   (shared borders stay shared) and dissolves it again for simplified provinces;
6. writes GeoParquet (EPSG:4326), ``pack.json``, licences and the README.

This file is the only place that knows about Afghanistan; the package reads the
result through ``geoevents.pack`` without any country-specific code.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from rapidfuzz import fuzz, process
from unidecode import unidecode

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "shapes" / "AFG"

#: Canonical provinces and ISO 3166-2 codes (CONTRACT.md).
PROVINCES = {
    "Badakhshan": "AF-BDS", "Badghis": "AF-BDG", "Baghlan": "AF-BGL", "Balkh": "AF-BAL",
    "Bamyan": "AF-BAM", "Daykundi": "AF-DAY", "Farah": "AF-FRA", "Faryab": "AF-FYB",
    "Ghazni": "AF-GHA", "Ghor": "AF-GHO", "Helmand": "AF-HEL", "Herat": "AF-HER",
    "Jowzjan": "AF-JOW", "Kabul": "AF-KAB", "Kandahar": "AF-KAN", "Kapisa": "AF-KAP",
    "Khost": "AF-KHO", "Kunar": "AF-KNR", "Kunduz": "AF-KDZ", "Laghman": "AF-LAG",
    "Logar": "AF-LOG", "Nangarhar": "AF-NAN", "Nimruz": "AF-NIM", "Nuristan": "AF-NUR",
    "Paktia": "AF-PIA", "Paktika": "AF-PKA", "Panjshir": "AF-PAN", "Parwan": "AF-PAR",
    "Samangan": "AF-SAM", "Sar-e Pol": "AF-SAR", "Takhar": "AF-TAK", "Uruzgan": "AF-URU",
    "Wardak": "AF-WAR", "Zabul": "AF-ZAB",
}
N_DISTRICTS = 398

#: Smallest share of a district's area inside a province for that province to
#: be a parent candidate (smaller overlaps are digitising noise).
MIN_SHARE = 0.02
#: Name similarity (0-100, on normalised keys) needed to trust a gazetteer match.
MIN_NAME_SCORE = 75.0
#: Weight of the overlap share (0-1) added to the name score, so that among
#: equally good names the larger overlap wins and a weaker alias part of a name
#: ("Reg(Khanshin)") does not beat a near-exact main name in the province that
#: holds the district.
OVERLAP_WEIGHT = 10.0
#: Simplification tolerance in degrees for the map layers (~1 km).
#: Provincial capitals, as the district (canonical ADM2 name) that holds each
#: capital city.  Written from general knowledge; checked against the districts
#: of the pack when the pack is built.  Lets "the provincial capital of X"
#: resolve to a place.
CAPITALS = {
    "Badakhshan": "Fayzabad", "Badghis": "Qala-I- Naw", "Baghlan": "Puli Khumri", "Balkh": "Mazari Sharif",
    "Bamyan": "Bamyan", "Daykundi": "Nili", "Farah": "Farah", "Faryab": "Maymana", "Ghazni": "Ghazni",
    "Ghor": "Chaghcharan", "Helmand": "Lashkar Gah", "Herat": "Hirat", "Jowzjan": "Shibirghan",
    "Kabul": "Kabul", "Kandahar": "Kandahar", "Kapisa": "Mahmudi Raqi", "Khost": "Khost(Matun)",
    "Kunar": "Asadabad", "Kunduz": "Kunduz", "Laghman": "Mihtarlam", "Logar": "Puli Alam",
    "Nangarhar": "Jalalabad", "Nimruz": "Zaranj", "Nuristan": "Parun", "Paktia": "Gardiz", "Paktika": "Sharan",
    "Panjshir": "Bazarak", "Parwan": "Chaharikar", "Samangan": "Aybak", "Sar-e Pol": "Sari Pul",
    "Takhar": "Taluqan", "Uruzgan": "Tirin Kot", "Wardak": "Maydan Shahr", "Zabul": "Qalat",
}

SIMPLIFY_TOLERANCE = 0.01

#: Sides of the actor names event datasets use (pack.json ``"actors"``
#: ``"names"``, read by ``geoevents.importers``).  Ordered rules, the first that
#: matches wins: ``pattern`` a case-insensitive regular expression searched in
#: the name as the dataset writes it, ``side`` a status (``resistance`` is
#: every anti-Taliban side: the Islamic Republic's government and forces, the
#: NRF, local militias) or null (no side), ``from``/``until`` the event dates a
#: rule holds for (from inclusive, until exclusive).  ACLED writes the regime
#: into its state actor names ("Military Forces of Afghanistan (2004-2021)" /
#: "(2021-)"); UCDP GED calls both "Government of Afghanistan", so the fall of
#: Kabul (15 August 2021) decides.
ACTORS = [
    {"side": "resistance", "pattern": r"\banti-?taliban\b"},
    {"side": "resistance", "pattern": r"^(?:Military Forces|Police Forces|Government) of Afghanistan \(2004-2021\)",
     "note": "ACLED: the Islamic Republic's army, police and government"},
    {"side": "taliban", "pattern": r"^(?:Military Forces|Police Forces|Government) of Afghanistan \(2021-\)",
     "note": "ACLED: the Taliban's army, police and government"},
    {"side": "resistance", "pattern": r"^Government of Afghanistan$", "until": "2021-08-15",
     "note": "UCDP GED: the Islamic Republic until the fall of Kabul"},
    {"side": "taliban", "pattern": r"^Government of Afghanistan$", "from": "2021-08-15",
     "note": "UCDP GED: the Taliban's government after the fall of Kabul"},
    {"side": "resistance", "pattern": r"^Militia \(Pro-Government\)", "until": "2021-08-15",
     "note": "ACLED: militias on the Islamic Republic's side"},
    {"side": None, "pattern": r"\bTehri[kc]-?[ie]-?Taliban\b|\bTTP\b",
     "note": "the Pakistani Taliban are not a side of this map"},
    {"side": "resistance", "pattern": r"\bNational Resistance Front\b|\bNRF\b"},
    {"side": "resistance", "pattern": r"\bAfghanistan Freedom Front\b"},
    {"side": "taliban", "pattern": r"\btal[ie]b[ae]n\b|\bIslamic Emirate of Afghanistan\b",
     "note": "ACLED 'Taliban', UCDP 'Taleban'"},
]

#: ADM2 names whose gazetteer entry has another name (renamed/split districts), reviewed
#: by hand; used only for districts no name match finds, and only within their province.
ALIASES = {
    "Nahri Sarraj": "Gerishk",            # Helmand: Nahr-e Saraj, seat Gereshk
    "Wali Muhammadi Shahid": "Khugiani",  # Ghazni: Wali Muhammadi Shahid (Khugiani)
    "Darwazbala": "Nusay",                # Badakhshan: Darwaz-e Bala = Nusay
    "Darwaz": "Maimay",                   # Badakhshan: Darwaz (Payin) = Maimay
    "Gaiti": "Kiti",                      # Daykundi
    "Turwo": "Terwa",                     # Paktika
    "Shaki": "Shekay",                    # Badakhshan
    "Registan": "Reg",                    # Kandahar: Registan (Reg) desert district
    "Musayi": "Mussahi Bagrami",          # Kabul: Musayi (Dari name in the gazetteer: Musa'i)
}

#: Every parent that differs from the largest ADM1 overlap, checked by hand (the build
#: warns about any new one, and the README marks it "NOT REVIEWED").
REVIEWED = {
    "Rukha": "one of Panjshir's seven districts; the (2007) ADM1 Kapisa polygon covers most of it",
    "Unaba": "Anaba, Panjshir district; lies almost wholly inside the old Kapisa ADM1 polygon",
    "Mahmudi Raqi": "Mahmud-i-Raqi, capital district of Kapisa; the ADM1 Parwan polygon overlaps it",
    "Feroz Nakhchir": "Samangan district; the ADM1 Balkh polygon overlaps it",
    "Jaghatu": "Jaghatu of Wardak; Ghazni's Jaghatu is the separate ADM2 district 'Bahrami Shahid (Jaghatu)'",
    "Naw Bahar": "Zabul district; the ADM1 Ghazni polygon overlaps it",
}

#: Gazetteer entries that are placeholders or city wards, not districts.
PLACEHOLDER = re.compile(
    r"^(n/?\s*a\.?|na|provincial|zone \d+|pd \d+|\d+ pd|(city )?district \d+|\d+(st|nd|rd|th) (city )?district\.?"
    r"|center of .*|markaz.*shah.*|nahia .*|.* city district)$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- names
def clean(name: str | None) -> str | None:
    """Strip and collapse whitespace; ``None``/empty stays ``None``."""
    if name is None:
        return None
    s = re.sub(r"\s+", " ", str(name)).strip()
    return s or None


_RULES = [("ee", "i"), ("oo", "u"), ("ou", "u"), ("ow", "u"), ("aa", "a"), ("ph", "f"),
          ("q", "k"), ("o", "u"), ("e", "i"), ("y", "i"), ("w", "u"), ("v", "u")]


def key(name: str) -> str:
    """Transliteration-insensitive key: 'Sar e pul' and 'Sar-e Pol' give the same key."""
    s = unidecode(name).lower()
    s = re.sub(r"\b(district|city|wuluswali|woluswali)\b", " ", s)
    s = re.sub(r"[^a-z]", "", s)
    for a, b in _RULES:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def name_variants(name: str) -> list[str]:
    """A name, its part outside parentheses and each parenthesised part."""
    out = [name]
    outside = clean(re.sub(r"\(.*?\)", " ", name))
    if outside and outside != name:
        out.append(outside)
    out += [p for p in (clean(x) for x in re.findall(r"\((.*?)\)", name)) if p]
    return out


def similarity(a: str, b: str) -> float:
    """Best ratio between any variant of ``a`` and any variant of ``b`` (0-100)."""
    best = 0.0
    for x in name_variants(a):
        for y in name_variants(b):
            kx, ky = key(x), key(y)
            if kx and ky:
                best = max(best, fuzz.ratio(kx, ky))
    return best


def match_provinces(names: list[str], what: str) -> dict[str, str]:
    """Map source province spellings onto canonical names, one to one."""
    canon = list(PROVINCES)
    keys = {key(c): c for c in canon}
    out = {}
    for n in names:
        hit = process.extractOne(key(n), list(keys), scorer=fuzz.ratio, score_cutoff=60)
        if hit is None:
            raise SystemExit(f"{what}: province {n!r} matches no canonical province")
        out[n] = keys[hit[0]]
    dup = pd.Series(out).value_counts()
    if (dup > 1).any() or len(out) != len(canon):
        raise SystemExit(f"{what}: province mapping is not one to one: {out}")
    return out


# --------------------------------------------------------------------------- geometry
def equal_area_crs(bounds: np.ndarray) -> pyproj.CRS:
    """Albers equal-area projection fitted to the data's bounding box."""
    minx, miny, maxx, maxy = bounds
    h = (maxy - miny) / 6
    return pyproj.CRS.from_proj4(
        f"+proj=aea +lat_1={miny + h:.3f} +lat_2={maxy - h:.3f} +lat_0={(miny + maxy) / 2:.3f} "
        f"+lon_0={(minx + maxx) / 2:.3f} +datum=WGS84 +units=m +no_defs"
    )


def geodesic_km2(geoms) -> np.ndarray:
    geod = pyproj.Geod(ellps="WGS84")
    return np.array([abs(geod.geometry_area_perimeter(g)[0]) / 1e6 for g in geoms])


def label_points(geoms) -> np.ndarray:
    """Pole of inaccessibility (centre of the largest inscribed circle): inside, and central."""
    return shapely.get_point(shapely.maximum_inscribed_circle(geoms, 0.005), 0)


def dissolve(districts: gpd.GeoDataFrame) -> dict[str, shapely.Geometry]:
    """Union of the districts of each province (coverage union: exact, fast)."""
    return {
        p: shapely.coverage_union_all(g.geometry.values)
        for p, g in districts.groupby("province", sort=False)
    }


# --------------------------------------------------------------------------- build
def build(src: Path, out: Path = OUT) -> dict:
    gb = src / "geoboundaries-afg"
    gz = src / "afghanistan-gazetteer"
    flaws: list[str] = []
    report: dict = {"flaws": flaws}

    # -- ADM2 districts
    adm2 = gpd.read_file(gb / "geoBoundaries-AFG-ADM2.shp").to_crs(4326)
    if len(adm2) != N_DISTRICTS:
        raise SystemExit(f"ADM2 has {len(adm2)} districts, expected {N_DISTRICTS}")
    raw = adm2["shapeName"].astype(str)
    adm2["district"] = raw.map(clean)
    for r, c in zip(raw, adm2["district"]):
        if r != c:
            flaws.append(f"ADM2 district name {r!r} has stray whitespace: cleaned to {c!r}.")
    bad = ~adm2.is_valid
    if bad.any():
        flaws.append(f"ADM2: {int(bad.sum())} invalid geometries repaired with make_valid.")
        adm2.loc[bad, "geometry"] = shapely.make_valid(adm2.geometry[bad].values)
    iso = adm2["shapeISO"].dropna().astype(str).str.strip()
    iso = iso[~iso.isin(["", "None"])]
    if iso.empty:
        flaws.append("ADM2 has no shapeISO codes (column empty / 'None'): districts are identified "
                     "by name + province and by the geoBoundaries shapeID.")

    # -- ADM1 provinces -> canonical
    adm1 = gpd.read_file(gb / "geoBoundaries-AFG-ADM1.geojson").to_crs(4326)
    m1 = match_provinces(adm1["shapeName"].tolist(), "geoBoundaries ADM1")
    adm1["province"] = adm1["shapeName"].map(m1)
    for _, r in adm1.iterrows():
        if r.shapeName != r.province:
            flaws.append(f"ADM1 spells {r.province} as {r.shapeName!r}: canonical name used.")
        code = PROVINCES[r.province]
        if r.shapeISO != code:
            flaws.append(f"ADM1 gives {r.province} the code {r.shapeISO!r}: ISO 3166-2 is {code}.")

    # -- gazetteer provinces/districts
    gaz = json.loads((gz / "provinces-and-districts.json").read_text(encoding="utf-8"))
    keep = [p for p in gaz if clean(p["name"]) and not PLACEHOLDER.match(clean(p["name"]))]
    for p in gaz:
        if p not in keep:
            names = ", ".join(repr(clean(d["name"])) for d in p["districts"])
            flaws.append(f"Gazetteer has a placeholder province {p['name']!r} (no coordinates) with "
                         f"districts {names}: ignored.")
    mg = match_provinces([p["name"] for p in keep], "gazetteer")
    gaz_prov = {}
    gaz_districts: dict[str, list[dict]] = defaultdict(list)
    n_zero = n_space = n_placeholder = 0
    zero_names, space_names, placeholder_names = [], [], []
    for p in keep:
        canon = mg[p["name"]]
        gaz_prov[canon] = p
        for d in p["districts"]:
            name = clean(d["name"])
            if d["name"] != name:
                n_space += 1
                space_names.append(repr(d["name"]))
            if not name or PLACEHOLDER.match(name):
                n_placeholder += 1
                placeholder_names.append(f"{name} ({canon})")
                continue
            lat, lon = float(d["latitude"] or 0), float(d["longitude"] or 0)
            if lat == 0 and lon == 0:
                n_zero += 1
                zero_names.append(f"{name} ({canon})")
                lat = lon = None
            gaz_districts[canon].append({
                "name": name.rstrip("."), "nameFa": clean(d.get("nameFa")), "namePa": clean(d.get("namePa")),
                "lat": lat, "lon": lon, "id": d["id"],
            })
    flaws.append("Gazetteer province names are transliteration variants (" + ", ".join(
        f"{p['name']!r} = {mg[p['name']]}" for p in keep if p["name"] != mg[p["name"]]) + "): matched by "
        "normalised name.")
    flaws.append(f"Gazetteer: {n_space} district names with leading/trailing/double spaces "
                 f"({', '.join(space_names)}): cleaned.")
    flaws.append(f"Gazetteer: {n_zero} real district entries at latitude 0, longitude 0 "
                 f"({', '.join(zero_names)}): coordinates dropped.")
    flaws.append(f"Gazetteer: {n_placeholder} entries that are placeholders or city wards, not districts "
                 f"({', '.join(placeholder_names)}): ignored (all at 0,0).")

    # -- overlaps of every district with the ADM1 polygons, in an equal-area CRS
    aea = equal_area_crs(adm2.total_bounds)
    d_m = adm2.to_crs(aea).geometry.values
    p_m = adm1.to_crs(aea).geometry.values
    tree = shapely.STRtree(p_m)
    d_area = shapely.area(d_m)
    shares: list[dict[str, float]] = []
    for i, g in enumerate(d_m):
        idx = tree.query(g, predicate="intersects")
        s = {adm1["province"].iat[j]: shapely.area(shapely.intersection(g, p_m[j])) / d_area[i] for j in idx}
        shares.append(dict(sorted(s.items(), key=lambda kv: -kv[1])))
    low = [(adm2["district"].iat[i], max(s.values())) for i, s in enumerate(shares) if max(s.values()) < 0.9]
    flaws.append(f"ADM1 (2007) and ADM2 (2014) do not nest: {len(low)} districts have less than 90% of their "
                 "area inside any one ADM1 province. Parents are taken from the gazetteer (below) and "
                 "provinces are rebuilt by dissolving districts; the ADM1 polygons are used only to find "
                 "parent candidates.")

    # -- parent province: gazetteer name match among overlapped provinces.
    # Pass 1: every (district, candidate province, gazetteer entry) pair scoring at least
    # MIN_NAME_SCORE, assigned greedily by score + overlap bonus, each entry used once.
    names = adm2["district"].tolist()
    largest = [next(iter(s)) for s in shares]
    pairs = []
    for i, name in enumerate(names):
        cands = [p for p, s in shares[i].items() if s >= MIN_SHARE] or [largest[i]]
        for p in cands:
            for g in gaz_districts.get(p, []):
                sc = similarity(name, g["name"])
                if sc >= MIN_NAME_SCORE:
                    pairs.append((sc + OVERLAP_WEIGHT * shares[i][p], sc, i, p, g["id"]))
    pairs.sort(key=lambda t: (-t[0], t[2]))
    by_id = {(p, g["id"]): g for p, gs in gaz_districts.items() for g in gs}
    match: dict[int, tuple[str, dict, float, str]] = {}
    used: set[tuple[str, int]] = set()
    for _, sc, i, p, gid in pairs:
        if i not in match and (p, gid) not in used:
            match[i] = (p, by_id[(p, gid)], sc, "gazetteer")
            used.add((p, gid))
    # Pass 2: unmatched districts keep their largest overlap as parent; look for their
    # gazetteer entry among that province's unused ones (reviewed renames, then a name
    # contained in the other: "Narang" / "Narang Wa Badil"), then anywhere by exact key.
    for i, name in enumerate(names):
        if i in match:
            continue
        p = largest[i]
        free = [g for g in gaz_districts.get(p, []) if (p, g["id"]) not in used]
        hit = None
        alias = ALIASES.get(name)
        for g in free:
            if alias and key(g["name"]) == key(alias):
                hit = (g, 100.0, "overlap+alias")
        if hit is None:
            best = max(((fuzz.partial_ratio(key(name), key(g["name"])), g) for g in free
                        if min(len(key(name)), len(key(g["name"]))) >= 4), default=(0, None), key=lambda t: t[0])
            if best[0] >= 90:
                hit = (best[1], float(best[0]), "overlap+partial")
        if hit is None:
            for q, gs in gaz_districts.items():
                for g in gs:
                    if (q, g["id"]) not in used and key(g["name"]) == key(name):
                        hit = (g, 100.0, "overlap+misfiled")
                        flaws.append(f"Gazetteer lists {g['name']!r} under {q}, but the ADM2 district lies "
                                     f"{shares[i][p]:.0%} in {p} (and not in {q}): parent {p}, names kept.")
                        used.add((q, g["id"]))
                        break
                if hit:
                    break
        if hit is not None:
            g, sc, method = hit
            used.add((p, g["id"]))
            match[i] = (p, g, sc, method)
        else:
            match[i] = (p, None, 0.0, "overlap")
    rows = []
    for i in range(len(names)):
        p, g, sc, method = match[i]
        rows.append({"parent": p, "largest": largest[i], "method": method, "score": sc, "gaz": g,
                     "share": shares[i].get(p, 0.0), "largest_share": shares[i][largest[i]]})
    unused = {p: [g["name"] for g in gs if (p, g["id"]) not in used] for p, gs in gaz_districts.items()}
    report["unused"] = {p: v for p, v in unused.items() if v}
    # gazetteer coordinates that fall far from the district they name
    far = []
    for i, r in enumerate(rows):
        g = r["gaz"]
        if g is not None and g["lat"] is not None:
            pt = shapely.Point(g["lon"], g["lat"])
            dist = shapely.distance(adm2.geometry.iat[i], pt)
            if dist > 0.05:
                far.append(f"{g['name']} ({r['parent']}) at {g['lat']:.3f}, {g['lon']:.3f} is ~{dist * 100:.0f} km "
                           f"outside ADM2 {names[i]!r}")
    if far:
        flaws.append(f"Gazetteer: {len(far)} district coordinates lie outside the district they name "
                     f"(not used by the pack; beware when geocoding): " + "; ".join(far) + ".")

    adm2["province"] = [r["parent"] for r in rows]
    adm2["province_code"] = adm2["province"].map(PROVINCES)
    adm2["parent_method"] = [r["method"] for r in rows]
    adm2["parent_share"] = [round(r["share"], 4) for r in rows]
    adm2["district_gaz"] = [r["gaz"]["name"] if r["gaz"] else None for r in rows]
    adm2["nameFa"] = [r["gaz"]["nameFa"] if r["gaz"] else None for r in rows]
    adm2["namePa"] = [r["gaz"]["namePa"] if r["gaz"] else None for r in rows]
    adm2["match_score"] = [round(r["score"], 1) for r in rows]
    report["overrides"] = [
        {"district": adm2["district"].iat[i], "parent": r["parent"], "gazetteer_name": r["gaz"]["name"],
         "parent_share": r["share"], "largest": r["largest"], "largest_share": r["largest_share"]}
        for i, r in enumerate(rows) if r["parent"] != r["largest"]
    ]
    report["overlap_fallback"] = [
        {"district": adm2["district"].iat[i], "parent": r["parent"], "share": r["share"], "score": r["score"],
         "method": r["method"], "gazetteer_name": r["gaz"]["name"] if r["gaz"] else None}
        for i, r in enumerate(rows) if r["method"] != "gazetteer"
    ]
    missing = set(PROVINCES) - set(adm2["province"])
    if missing:
        raise SystemExit(f"provinces without districts: {sorted(missing)}")
    dup = adm2.duplicated(["province", "district"], keep=False)
    if dup.any():
        raise SystemExit(f"duplicate district names within a province: {adm2.loc[dup, ['province', 'district']]}")

    # -- attributes
    rep = label_points(adm2.geometry.values)
    cen = adm2.to_crs(aea).geometry.centroid.to_crs(4326)
    adm2["lat"], adm2["lon"] = np.round(shapely.get_y(rep), 5), np.round(shapely.get_x(rep), 5)
    adm2["centroid_lat"], adm2["centroid_lon"] = cen.y.round(5), cen.x.round(5)
    adm2["area_km2"] = geodesic_km2(adm2.geometry.values).round(1)
    order = ["province", "district"]
    districts = gpd.GeoDataFrame(
        adm2.sort_values(order)[[
            "district", "province", "province_code", "shapeID", "district_gaz", "nameFa", "namePa",
            "lat", "lon", "centroid_lat", "centroid_lon", "area_km2", "parent_method", "parent_share",
            "match_score", "geometry",
        ]].reset_index(drop=True), geometry="geometry", crs=4326)

    # -- provinces = dissolve of districts
    provs = dissolve(districts)
    adm1_id = dict(zip(adm1["province"], adm1["shapeID"]))
    prow = []
    for name, code in sorted(PROVINCES.items()):
        gp = gaz_prov.get(name, {})
        prow.append({
            "province": name, "province_code": code, "province_gaz": clean(gp.get("name")),
            "nameFa": clean(gp.get("nameFa")), "namePa": clean(gp.get("namePa")),
            "n_districts": int((districts["province"] == name).sum()), "adm1_shapeID": adm1_id.get(name),
            "geometry": provs[name],
        })
    provinces = gpd.GeoDataFrame(prow, geometry="geometry", crs=4326)
    prep = label_points(provinces.geometry.values)
    provinces["lat"], provinces["lon"] = np.round(shapely.get_y(prep), 5), np.round(shapely.get_x(prep), 5)
    provinces["area_km2"] = geodesic_km2(provinces.geometry.values).round(1)
    provinces = provinces[[c for c in provinces.columns if c != "geometry"] + ["geometry"]]

    # -- coverage checks on the full-resolution layer; fill holes (slivers between districts)
    if not shapely.coverage_is_valid(districts.geometry.values):
        raise SystemExit("ADM2 districts are not a valid coverage (overlapping or mis-noded edges)")
    u = shapely.coverage_union_all(districts.geometry.values)
    holes = [shapely.Polygon(r) for p in getattr(u, "geoms", [u]) for r in p.interiors]
    dtree = shapely.STRtree(districts.geometry.values)
    for h in holes:
        c = h.representative_point()
        near = dtree.query(h, predicate="touches")
        shared = [shapely.length(shapely.intersection(districts.geometry.iat[j].boundary, h.boundary)) for j in near]
        j = int(near[int(np.argmax(shared))])
        districts.loc[j, "geometry"] = shapely.coverage_union_all([districts.geometry.iat[j], h])
        flaws.append(f"ADM2 coverage has a gap of {geodesic_km2([h])[0] * 1e6:,.0f} m2 near "
                     f"({c.y:.4f}, {c.x:.4f}) belonging to no district: merged into {districts.district.iat[j]} "
                     f"({districts.province.iat[j]}), the neighbour with the longest shared border.")
    if holes:
        districts["area_km2"] = geodesic_km2(districts.geometry.values).round(1)
        provs = dissolve(districts)
        provinces["geometry"] = [provs[p] for p in provinces["province"]]
        provinces["area_km2"] = geodesic_km2(provinces.geometry.values).round(1)
        if not shapely.coverage_is_valid(districts.geometry.values):
            raise SystemExit("filling coverage holes broke the coverage")
    u = shapely.coverage_union_all(districts.geometry.values)
    if any(len(p.interiors) for p in getattr(u, "geoms", [u])):
        raise SystemExit("district coverage still has holes")

    # -- simplified layers
    simp = shapely.coverage_simplify(districts.geometry.values, SIMPLIFY_TOLERANCE)
    simp = shapely.make_valid(simp) if not shapely.is_valid(simp).all() else simp
    districts_s = districts[["district", "province", "province_code", "shapeID"]].copy()
    districts_s = gpd.GeoDataFrame(districts_s, geometry=simp, crs=4326)
    provinces_s = gpd.GeoDataFrame(
        provinces[["province", "province_code"]].copy(),
        geometry=[dissolve(districts_s)[p] for p in provinces["province"]], crs=4326)
    if not shapely.coverage_is_valid(districts_s.geometry.values):
        raise SystemExit("simplified districts are not a valid coverage")
    a_full = shapely.area(shapely.coverage_union_all(districts.geometry.values))
    a_simp = shapely.area(shapely.coverage_union_all(simp))
    report["simplified"] = {
        "tolerance": SIMPLIFY_TOLERANCE,
        "coords_full": int(shapely.get_num_coordinates(districts.geometry.values).sum()),
        "coords_simplified": int(shapely.get_num_coordinates(simp).sum()),
        "area_change": float(a_simp / a_full - 1),
        "overlap_area": float(shapely.area(simp).sum() - a_simp),
    }

    # -- write
    tmp = Path(tempfile.mkdtemp(prefix=".pack-", dir=out.parent))
    try:
        districts.to_parquet(tmp / "districts.parquet", index=False)
        provinces.to_parquet(tmp / "provinces.parquet", index=False)
        districts_s.to_parquet(tmp / "districts_simplified.parquet", index=False)
        provinces_s.to_parquet(tmp / "provinces_simplified.parquet", index=False)
        have = set(zip(districts["province"], districts["district"]))
        missing = sorted(f"{p}/{d}" for p, d in CAPITALS.items() if (p, d) not in have)
        if missing:
            raise SystemExit(f"capitals not among the pack's districts: {', '.join(missing)}")
        meta = pack_json()
        (tmp / "pack.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        shutil.copyfile(gb / "CITATION-AND-USE-geoBoundaries.txt", tmp / "CITATION-geoBoundaries.txt")
        for f in sorted(gb.glob("*metaData.txt")):
            shutil.copyfile(f, tmp / f.name)
        shutil.copyfile(gz / "LICENSE", tmp / "LICENSE-gazetteer.txt")
        (tmp / "README.md").write_text(readme(districts, provinces, report), encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        for f in tmp.iterdir():
            f.replace(out / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report


#: Words naming each side in the country's news (regular expressions, matched case-insensitively by
#: geoevents.events, replacing its generic built-in words): parties, forces, leaders, spokesmen.
SIDE_WORDS = {
    "resistance": [
        r"anti-?\s?taliban(?:\s+(?:forces|fighters|militias?|uprising|groups?|resistance|movement))?",
        r"(?:national\s+)?resistance\s+(?:front|forces?|fighters?|movement|leaders?|commanders?)",
        r"the\s+resistance", r"resistance(?=\s+(?:spokes\w+|sources?|officials?))", r"nrfa?", r"northern\s+alliance",
        r"(?:afghan\s+)?(?:government|govt)(?:\s+(?:forces|troops|officials|soldiers))?",
        r"(?:afghan\s+)?(?:national\s+)?(?:security|defen[cs]e)\s+(?:and\s+defen[cs]e\s+)?forces",
        r"afghan\s+(?:forces|troops|army|soldiers|commandos|authorities|border\s+guards|officials)",
        r"andsf", r"ansf", r"ana", r"army", r"police", r"troops", r"soldiers", r"commandos?",
        r"special\s+(?:forces|operations\s+forces|units)",
        r"(?:public\s+)?uprising\s+forces", r"militias?", r"militiamen", r"rebels?", r"border\s+guards",
        r"authorities", r"opposition\s+forces", r"interior\s+ministry", r"defen[cs]e\s+ministry",
        r"ministry\s+of\s+(?:defen[cs]e|interior)", r"pro-government\s+\w+", r"massoud", r"saleh",
    ],
    "taliban": [
        r"taliban", r"taleban", r"insurgents?", r"insurgency", r"militants?", r"mujahideen", r"mujahidin",
        r"(?:the|armed|militant|insurgent)\s+group", r"islamic\s+emirate", r"zabihullah\s+mujahid",
        r"new\s+(?:authorities|rulers|regime|administration|government)", r"de\s+facto\s+(?:authorities|rulers|government)",
    ],
    "capturer": "taliban",
    # forces of other countries present in this theatre: neither side ("US troops left Bagram"); added to
    # geoevents.events.NEUTRAL_WORDS (foreign, coalition, western...)
    "neutral": [
        r"us", r"u\.s\.", r"american", r"nato", r"british", r"german", r"turkish", r"pakistani", r"iranian",
        r"uzbek", r"tajik", r"russian", r"chinese", r"indian",
    ],
}


#: Words of the country's news that the place matcher needs (read by geoevents.gazetteer):
#: names of peoples, faiths, movements and tribes that look like place names ("Hazara", "Kakar",
#: "Wardak") and are places only with a level word after them or a preposition before a province
#: so named; and adjectives of peoples that name a neighbouring country before "town of" /
#: "district of" ("the Tajik town of Ishkashim") but are not in the world table as places.
WORDS = {
    "not_places": sorted("""
taliban talib pashtun pashtuns pakhtun hazara hazaras tajik tajiks uzbek uzbeks turkmen turkmens baloch
baluch balochs aimaq pashai kuchi kuchis nuristani nuristanis qizilbash sayed sayyid sunni sunnis shia
shiite shiites ismaili mujahideen mujahidin islamic emirate jihadi daesh haqqani durrani ghilzai
popalzai barakzai alokozai achakzai noorzai nurzai ishaqzai alizai kakar wardak safi mohmand shinwari
afridi zadran mangal wazir
""".split()),
    "demonyms": ["afghan", "afghans"],
    "country_adjectives": {"tajik": "TJ", "uzbek": "UZ", "turkmen": "TM", "kyrgyz": "KG", "kazakh": "KZ",
                           "baloch": "PK"},
}


def pack_json() -> dict:
    """The pack's metadata (``pack.json``): everything in it is fixed by this file."""
    return {
        "code": "AFG", "iso2": "AF", "name": "Afghanistan",
        "levels": {"1": "province", "2": "district"},
        "attribution": (
            "Administrative boundaries courtesy of geoBoundaries.org (AFG ADM1/ADM2, public domain); "
            "Runfola D. et al. (2020) "
            "geoBoundaries: A global database of political administrative boundaries. PLoS ONE 15(4): "
            "e0231866. https://doi.org/10.1371/journal.pone.0231866. Province/district names (Dari, "
            "Pashto) and parent provinces: Afghanistan gazetteer by Faisal Abubaker (MIT licence)."
        ),
        "credit": "Boundaries: geoBoundaries.org (Runfola et al. 2020); names: Afghanistan gazetteer (MIT)",
        "capitals": CAPITALS,
        "actors": {"names": ACTORS, **SIDE_WORDS},
        "words": WORDS,
        "sources": {
            "districts": "geoBoundaries AFG ADM2 (2014)",
            "provinces": "dissolve of the districts; parents from the Afghanistan gazetteer",
            "gazetteer": "afghanistan-gazetteer provinces-and-districts.json",
        },
        "simplify_tolerance_deg": SIMPLIFY_TOLERANCE,
        "files": {
            "provinces": "provinces.parquet", "districts": "districts.parquet",
            "provinces_simplified": "provinces_simplified.parquet",
            "districts_simplified": "districts_simplified.parquet",
        },
    }


def readme(districts: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, report: dict) -> str:
    s = report["simplified"]
    ov = "\n".join(
        f"| {o['district']} | {o['parent']} | {o['gazetteer_name']} | {o['parent_share']:.0%} | "
        f"{o['largest']} ({o['largest_share']:.0%}) | {REVIEWED.get(o['district'], '**NOT REVIEWED**')} |"
        for o in report["overrides"])
    fb = "\n".join(f"| {o['district']} | {o['parent']} | {o['share']:.0%} | {o['method']} | {o['gazetteer_name'] or ''} |"
                   for o in report["overlap_fallback"]) or "| (none) | | | | |"
    unused = "\n".join(f"- {p}: {', '.join(v)}" for p, v in sorted(report["unused"].items()))
    counts = ", ".join(f"{r.province} {r.n_districts}" for r in provinces.itertuples())
    flaws = "\n".join(f"- {f}" for f in report["flaws"])
    return f"""# Afghanistan pack (AFG)

Built by `shapes/build_pack.py` (run `make shapes`) from `../shared/data`:
geoBoundaries AFG ADM1 (2007) and ADM2 (2014), and the Afghanistan gazetteer
(`provinces-and-districts.json`). Do not edit these files by hand: fix the script and rebuild.

## Files
| file | what | how it was made |
| --- | --- | --- |
| `pack.json` | code, ISO2, name, level names, attribution | written by the script |
| `districts.parquet` | {len(districts)} districts, full resolution, GeoParquet EPSG:4326 | ADM2 polygons as published; names cleaned; parent province from the gazetteer (below) |
| `provinces.parquet` | {len(provinces)} provinces, full resolution | dissolve (`shapely.coverage_union_all`) of their districts, so districts nest exactly |
| `districts_simplified.parquet` | districts for maps | `shapely.coverage_simplify(tolerance={s['tolerance']} deg)`: shared borders stay shared (no gaps, no slivers); {s['coords_full']} -> {s['coords_simplified']} vertices |
| `provinces_simplified.parquet` | provinces for maps | dissolve of the simplified districts |
| `CITATION-geoBoundaries.txt`, `geoBoundaries-AFG-ADM*-metaData.txt` | geoBoundaries citation/licence (CC BY 4.0) and metadata | copied |
| `LICENSE-gazetteer.txt` | gazetteer licence (MIT) | copied |

### Columns
`districts.parquet`: `district` (canonical name: ADM2 `shapeName`, whitespace cleaned), `province`,
`province_code` (ISO 3166-2), `shapeID` (geoBoundaries id), `district_gaz` (the gazetteer's spelling, an
alias), `nameFa`, `namePa` (Dari/Pashto names from the gazetteer, where matched), `lat`, `lon`
(centre of the largest inscribed circle: always inside, good for labels), `centroid_lat`, `centroid_lon`, `area_km2` (geodesic),
`parent_method` (`gazetteer` or `overlap`), `parent_share` (share of the district's area inside its
parent's ADM1 polygon), `match_score` (name similarity 0-100 with the gazetteer entry), `geometry`.

`provinces.parquet`: `province`, `province_code`, `province_gaz` (gazetteer spelling), `nameFa`, `namePa`,
`n_districts`, `adm1_shapeID`, `lat`, `lon` (centre of the largest inscribed circle), `area_km2`, `geometry`.

Simplified layers: `district`/`province`, `province_code` (and `shapeID`), `geometry`.

Districts per province: {counts}.

## How parents were chosen
The ADM1 (2007) and ADM2 (2014) layers do not nest, so geometry alone gets parents wrong. For each
district, the candidate parents are the ADM1 provinces holding at least {MIN_SHARE:.0%} of its area. The
district name (and each part of it inside/outside parentheses) is compared with every district of each
candidate's list in the gazetteer after transliteration normalisation (unidecode, lowercase, letters
only, `o/u`, `e/i`, `y/i`, `w/u`, `q/k`, doubled letters collapsed; rapidfuzz ratio). The best
`score + {OVERLAP_WEIGHT:g} x overlap share` wins when the score is at least {MIN_NAME_SCORE:g}; otherwise the
largest overlap is the parent. Provinces are then the dissolve of their districts.

### Parents that differ from the largest ADM1 overlap (all reviewed)
| district | parent | gazetteer entry | share in parent's ADM1 | largest ADM1 overlap | review |
| --- | --- | --- | --- | --- | --- |
{ov}

### Districts without a direct name match (parent = largest overlap)
Their gazetteer entry (for the Dari/Pashto names) was then looked up in the parent's unused entries:
`overlap+alias` = a reviewed rename listed in `ALIASES` in the script, `overlap+partial` = one name
contains the other, `overlap+misfiled` = exact name filed under another province in the gazetteer,
`overlap` = none found.

| district | parent | share | method | gazetteer entry |
| --- | --- | --- | --- | --- |
{fb}

### Gazetteer districts left unmatched (wards, sub-districts, old or duplicate names)
{unused}

## Source flaws found and fixed
{flaws}
- Simplified layer: area change {s['area_change']:+.4%} against full resolution, overlap area
  {s['overlap_area']:.2e} deg2 (coverage stays valid).

## Attribution
Boundaries: geoBoundaries (www.geoboundaries.org), CC BY 4.0 (see `CITATION-geoBoundaries.txt`).
Names in Dari/Pashto and parent lists: Afghanistan gazetteer, Faisal Abubaker, MIT (see `LICENSE-gazetteer.txt`).
"""


def write_meta(out: Path = OUT) -> Path:
    """Rewrite only ``<out>/pack.json`` (atomically), leaving the layers as they are."""
    out.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".pack.json-", dir=out)
    try:
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(pack_json(), indent=2, ensure_ascii=False) + "\n")
        Path(tmp).replace(out / "pack.json")
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out / "pack.json"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--meta-only"]:
        print(f"wrote {write_meta()}")
        return 0
    src = Path(argv[0]) if argv else REPO.parent / "shared" / "data"
    if not (src / "geoboundaries-afg").is_dir():
        print(f"build_pack: {src} has no geoboundaries-afg/ folder", file=sys.stderr)
        return 2
    report = build(src)
    print(f"wrote {OUT}: {len(report['overrides'])} parents differ from the largest overlap, "
          f"{len(report['overlap_fallback'])} overlap fallbacks; simplified {report['simplified']}")
    for o in report["overrides"]:
        print("  override:", o)
        if o["district"] not in REVIEWED:
            print(f"  WARNING: parent of {o['district']!r} differs from the largest overlap and is not in REVIEWED",
                  file=sys.stderr)
    for o in report["overlap_fallback"]:
        print("  fallback:", o)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
