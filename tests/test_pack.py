"""The Afghanistan pack's content, and loading/validating any pack."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geoevents.errors import PackError
from geoevents.pack import Pack, load_pack

REPO = Path(__file__).resolve().parent.parent
AFG = REPO / "shapes" / "AFG"
TOY = Path(__file__).resolve().parent / "data" / "packs" / "XYZ"

CANONICAL = {
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


@pytest.fixture(scope="session")
def afg() -> Pack:
    return load_pack(AFG)


# --------------------------------------------------------------------------- AFG content
def test_metadata(afg):
    assert (afg.code, afg.iso2, afg.name) == ("AFG", "AF", "Afghanistan")
    assert afg.meta["levels"] == {"1": "province", "2": "district"}
    assert "geoBoundaries" in afg.attribution and "gazetteer" in afg.attribution
    for f in ("CITATION-geoBoundaries.txt", "LICENSE-gazetteer.txt", "README.md"):
        assert (afg.path / f).is_file()


def test_province_names_and_codes(afg):
    p = afg.provinces
    assert len(p) == 34
    assert dict(zip(p["province"], p["province_code"])) == CANONICAL
    assert "Ghanzi" not in set(p["province"])


def test_districts_have_one_known_province(afg):
    d = afg.districts
    assert len(d) == 398
    assert d["province"].notna().all() and set(d["province"]) == set(CANONICAL)
    assert (d["province_code"] == d["province"].map(CANONICAL)).all()
    assert not d.duplicated(["province", "district"]).any()
    assert d["shapeID"].is_unique
    # names are clean: no stray whitespace (the source has 'Warduj\n', 'Zanda  Jan\n')
    assert (d["district"] == d["district"].str.split().str.join(" ")).all()
    assert {"Warduj", "Zanda Jan", "Khenj (Hese- Awal)", "Mazari Sharif", "Qala-I- Naw"} <= set(d["district"])
    counts = afg.provinces.set_index("province")["n_districts"]
    assert counts.sum() == 398 and (counts == d["province"].value_counts()[counts.index]).all()


def test_panjshir_has_its_seven_districts(afg):
    d = afg.districts
    assert set(d.loc[d["province"] == "Panjshir", "district"]) == {
        "Bazarak", "Dara", "Khenj (Hese- Awal)", "Paryan", "Rukha", "Shutul", "Unaba"}


@pytest.mark.parametrize("district,province", [
    # names found in several provinces: each ADM2 polygon gets its own
    ("Jaghatu", "Wardak"), ("Bahrami Shahid (Jaghatu)", "Ghazni"), ("Mahmudi Raqi", "Kapisa"),
    ("Naw Bahar", "Zabul"), ("Feroz Nakhchir", "Samangan"), ("Reg(Khanshin)", "Helmand"),
    ("Registan", "Kandahar"),
])
def test_reviewed_parents(afg, district, province):
    d = afg.districts
    assert d.loc[d["district"] == district, "province"].tolist() == [province]


def test_duplicate_names_in_several_provinces(afg):
    d = afg.districts
    for name, provs in {"Fayzabad": {"Badakhshan", "Jowzjan"}, "Kohistan": {"Badakhshan", "Faryab"},
                        "Dawlatabad": {"Balkh", "Faryab"}, "Baharak": {"Badakhshan", "Takhar"},
                        "Qarabagh": {"Ghazni", "Kabul"}, "Muqur": {"Badghis", "Ghazni"},
                        "Arghandab": {"Kandahar", "Zabul"}}.items():
        assert set(d.loc[d["district"] == name, "province"]) == provs, name


def test_district_attributes(afg):
    d = afg.districts
    for col in ("lat", "lon", "area_km2", "nameFa", "namePa", "district_gaz", "centroid_lat", "centroid_lon"):
        assert col in d.columns
    assert shapely.contains_xy(d.geometry.values, d["lon"], d["lat"]).all()
    assert d["nameFa"].notna().mean() > 0.95
    assert d.loc[d["district"] == "Rukha", "district_gaz"].item() == "Rokha"
    assert 640_000 < d["area_km2"].sum() < 660_000  # Afghanistan: ~652,000 km2


def test_districts_nest_in_their_provinces(afg):
    prov = afg.provinces.set_index("province").geometry
    d = afg.districts
    parent = prov.loc[d["province"]].values
    outside = shapely.area(shapely.difference(d.geometry.values, parent))
    assert (outside < 1e-9 * np.maximum(shapely.area(d.geometry.values), 1)).all()


def test_provinces_do_not_overlap(afg):
    g = afg.provinces.geometry.values
    i, j = shapely.STRtree(g).query(g, predicate="intersects")
    pairs = i < j
    overlap = shapely.area(shapely.intersection(g[i[pairs]], g[j[pairs]]))
    assert overlap.max() < 1e-9
    assert shapely.coverage_is_valid(g)


def test_simplified_layers_are_clean_coverages(afg):
    full, simp = afg.districts, afg.districts_simplified
    assert list(simp["district"]) == list(full["district"])
    assert list(afg.provinces_simplified["province"]) == list(afg.provinces["province"])
    for g in (simp.geometry.values, afg.provinces_simplified.geometry.values):
        assert shapely.is_valid(g).all()
        assert shapely.coverage_is_valid(g)  # shared borders are shared: no overlaps
        union = shapely.coverage_union_all(g)
        assert all(len(p.interiors) == 0 for p in getattr(union, "geoms", [union]))  # no gaps
        assert abs(shapely.area(g).sum() - union.area) < 1e-9
        assert abs(union.area / shapely.area(shapely.coverage_union_all(full.geometry.values)) - 1) < 1e-3
    assert shapely.get_num_coordinates(simp.geometry.values).sum() < 0.2 * shapely.get_num_coordinates(
        full.geometry.values).sum()


def test_simplified_map_is_small(afg):
    g = afg.districts_simplified.copy()
    g["geometry"] = shapely.set_precision(g.geometry.values, 1e-4)
    assert len(g.to_json(drop_id=True)) < 2_000_000


# --------------------------------------------------------------------------- loading any pack
def test_load_pack_is_cached(afg):
    assert load_pack(AFG) is afg
    assert load_pack(str(AFG)) is afg
    assert load_pack(afg) is afg


def test_pack_pickles_as_its_folder(afg):
    import pickle

    data = pickle.dumps(afg)
    assert len(data) < 1000
    assert pickle.loads(data) is afg


def test_second_country_needs_no_code(monkeypatch):
    toy = load_pack(TOY)
    assert (toy.code, toy.iso2, toy.name) == ("XYZ", "XZ", "Xyzland")
    assert set(toy.provinces["province"]) == {"Northland", "Southland"}
    assert len(toy.districts_simplified) == 5
    # found by code through GEOEVENTS_SHAPES, and as the only pack there by default
    monkeypatch.setenv("GEOEVENTS_SHAPES", str(TOY.parent))
    monkeypatch.delenv("GEOEVENTS_PACK", raising=False)
    assert load_pack("XYZ") is toy
    assert load_pack() is toy
    assert load_pack(root=TOY.parent) is toy


def test_unknown_pack_code(monkeypatch):
    monkeypatch.setenv("GEOEVENTS_SHAPES", str(TOY.parent))
    with pytest.raises(PackError, match="QQQ"):
        load_pack("QQQ")


@pytest.fixture
def toy_copy(tmp_path) -> Path:
    dst = tmp_path / "XYZ"
    shutil.copytree(TOY, dst)
    return dst


def test_table_reads_extra_parquet(toy_copy):
    pd.DataFrame({"name": ["Alpha town"], "lat": [1.5], "lon": [10.2]}).to_parquet(toy_copy / "gazetteer.parquet")
    pack = load_pack(toy_copy)
    t = pack.table("gazetteer")
    assert t["name"].tolist() == ["Alpha town"]
    assert pack.table("gazetteer") is t and pack.has_table("gazetteer")
    with pytest.raises(PackError, match="villages.parquet"):
        pack.table("villages")
    with pytest.raises(PackError):
        pack.table("../XYZ/districts")


def _corrupt(path: Path) -> None:
    path.write_bytes(b"PAR1 this is not parquet")


def _wrong_crs(path: Path) -> None:
    gpd.read_parquet(path).set_crs(3857, allow_override=True).to_parquet(path)


def _drop_column(path: Path) -> None:
    gpd.read_parquet(path).drop(columns="province_code").to_parquet(path)


def _bowtie(path: Path) -> None:
    g = gpd.read_parquet(path)
    g.loc[0, "geometry"] = shapely.Polygon([(10, 0), (11, 1), (11, 0), (10, 1)])
    g.to_parquet(path)


@pytest.mark.parametrize("damage,message", [
    (Path.unlink, "no such file"),
    (_corrupt, "not a readable GeoParquet"),
    (_wrong_crs, "EPSG:4326"),
    (_drop_column, "province_code"),
    (_bowtie, "invalid"),
])
@pytest.mark.parametrize("layer", ["districts", "provinces"])
def test_broken_pack_file_names_the_file(toy_copy, damage, message, layer):
    damage(toy_copy / f"{layer}.parquet")
    with pytest.raises(PackError, match=message) as err:
        load_pack(toy_copy)
    assert f"{layer}.parquet" in str(err.value)


def test_broken_simplified_layer_fails_on_use(toy_copy):
    _corrupt(toy_copy / "districts_simplified.parquet")
    pack = load_pack(toy_copy)
    with pytest.raises(PackError, match="districts_simplified.parquet"):
        pack.districts_simplified


@pytest.mark.parametrize("content,message", [
    (None, "pack.json"), ("{not json", "pack.json"), (json.dumps({"code": "XYZ"}), "iso2"),
])
def test_broken_pack_json(toy_copy, content, message):
    meta = toy_copy / "pack.json"
    if content is None:
        meta.unlink()
    else:
        meta.write_text(content)
    with pytest.raises(PackError, match=message):
        load_pack(toy_copy)


SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED_DATA / "geoboundaries-afg").is_dir(), reason="source data not available")
def test_build_script_reproduces_the_committed_pack(tmp_path, afg):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_pack", REPO / "shapes" / "build_pack.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    report = mod.build(SHARED_DATA, tmp_path / "AFG")
    assert all(o["district"] in mod.REVIEWED for o in report["overrides"])
    rebuilt = load_pack(tmp_path / "AFG")
    cols = ["district", "province", "province_code", "shapeID"]
    pd.testing.assert_frame_equal(rebuilt.districts[cols], afg.districts[cols])
    assert rebuilt.districts.geometry.geom_equals_exact(afg.districts.geometry, 0).all()


def test_discovery_skips_hidden_temporary_and_invalid_folders(tmp_path, monkeypatch):
    """A '.pack-xxxx' left by an interrupted build, a broken pack.json or a stray folder is not a pack."""
    import geoevents.pack as pack_mod

    monkeypatch.delenv("GEOEVENTS_SHAPES", raising=False)
    monkeypatch.delenv("GEOEVENTS_PACK", raising=False)
    monkeypatch.setattr(pack_mod, "_PACKAGE_DIR", tmp_path / "nowhere" / "pkg")  # no bundled packs
    root = tmp_path / "shapes"
    root.mkdir()
    shutil.copytree(TOY, root / ".pack-k2j9x")            # a whole pack, half-moved
    (root / ".pack-empty").mkdir()
    (root / "__pycache__").mkdir()
    (root / "world").mkdir()                              # data, no pack.json
    (root / "BAD").mkdir()
    (root / "BAD" / "pack.json").write_text("{not json")
    (root / "HALF").mkdir()
    (root / "HALF" / "pack.json").write_text(json.dumps({"code": "HALF"}))
    (root / "notes.txt").write_text("not a folder")
    # nothing valid: one clear PackError that says why the candidates were passed over
    with pytest.raises(PackError, match=r"no country pack found.*BAD.*pack\.json.*HALF.*iso2"):
        pack_mod.pack_path(root=root)
    # one valid pack among them: it is the default
    shutil.copytree(TOY, root / "XYZ")
    assert pack_mod.pack_path(root=root) == (root / "XYZ").resolve()
    assert load_pack(root=root).code == "XYZ"
    assert pack_mod.pack_meta(root=root)["code"] == "XYZ"
    # looked up by code, a broken pack still names its file
    with pytest.raises(PackError, match=r"BAD.pack\.json"):
        load_pack("BAD", root=root)
    # two valid packs: the choice is the user's
    shutil.copytree(TOY, root / "XYZ2")
    with pytest.raises(PackError, match="several packs"):
        pack_mod.pack_path(root=root)


def test_committed_pack_json_is_what_the_build_writes():
    """pack.json (with its actor table) comes from shapes/build_pack.py, not from hand edits."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_pack_meta", REPO / "shapes" / "build_pack.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert json.loads((AFG / "pack.json").read_text(encoding="utf-8")) == mod.pack_json()
