"""Joining points to provinces and districts."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geoevents.errors import InputError
from geoevents.join import GridIndex, join, locate
from geoevents.pack import load_pack

REPO = Path(__file__).resolve().parent.parent
AFG = REPO / "shapes" / "AFG"
TOY = Path(__file__).resolve().parent / "data" / "packs" / "XYZ"


@pytest.fixture(scope="session")
def afg():
    return load_pack(AFG)


@pytest.fixture
def known():
    return pd.DataFrame(
        {
            "place": ["Kabul city", "Khenj", "Kandahar city", "Tashkent", "Islamabad", "Mashhad", "Dushanbe"],
            "lat": [34.5553, 35.43, 31.6289, 41.2995, 33.6844, 36.2605, 38.5598],
            "lon": [69.2075, 69.80, 65.7372, 69.2401, 73.0479, 59.6168, 68.7870],
        },
        index=[10, 11, 12, 13, 14, 15, 16],
    )


def test_known_points(afg, known):
    out = join(known, pack=afg)
    assert isinstance(out, gpd.GeoDataFrame) and out.crs.to_epsg() == 4326
    assert list(out.index) == list(known.index)
    assert list(out.columns[:3]) == ["place", "lat", "lon"]
    got = out.set_index("place")
    assert got.loc["Kabul city", ["province", "province_code", "district"]].tolist() == ["Kabul", "AF-KAB", "Kabul"]
    assert got.loc["Khenj", ["province", "province_code", "district"]].tolist() == [
        "Panjshir", "AF-PAN", "Khenj (Hese- Awal)"]
    assert got.loc["Kandahar city", ["province", "province_code"]].tolist() == ["Kandahar", "AF-KAN"]
    # neighbouring capitals are outside: nulls, not errors
    outside = got.loc[["Tashkent", "Islamabad", "Mashhad", "Dushanbe"]]
    assert outside[["province", "province_code", "district"]].isna().all().all()
    assert "province" not in known.columns  # input untouched


def test_province_level_leaves_district_null(afg, known):
    out = join(known, level="province", pack=afg)
    assert out["district"].isna().all()
    assert out["province"].iloc[:3].tolist() == ["Kabul", "Panjshir", "Kandahar"]


def test_default_pack_and_column_names(known):
    renamed = known.rename(columns={"lat": "latitude", "lon": "longitude"})
    out = join(renamed, lat="latitude", lon="longitude", pack=AFG)
    assert out["province"].iloc[0] == "Kabul"
    with pytest.raises(InputError, match="'lat'"):
        join(renamed, pack=AFG)


def test_geodataframe_in_any_crs(afg, known):
    gdf = gpd.GeoDataFrame(known[["place"]], geometry=gpd.points_from_xy(known.lon, known.lat), crs=4326)
    web = gdf.to_crs(3857)
    out = join(web, pack=afg)
    assert out.crs.to_epsg() == 4326
    assert out["district"].iloc[:2].tolist() == ["Kabul", "Khenj (Hese- Awal)"]
    assert np.allclose(out.geometry.x, known.lon) and web.crs.to_epsg() == 3857


def test_non_point_geometry_is_an_input_error(afg):
    gdf = gpd.GeoDataFrame(geometry=[shapely.Point(69.2, 34.5), shapely.box(69, 34, 70, 35)], crs=4326)
    with pytest.raises(InputError, match="points"):
        join(gdf, pack=afg)


@pytest.mark.parametrize("lat,lon,label", [
    (np.nan, 69.0, "'b'"), (95.0, 69.0, "'b'"), (34.0, -181.0, "'b'"), ("north", 69.0, "'b'"),
])
def test_bad_coordinates_name_the_rows(afg, lat, lon, label):
    df = pd.DataFrame({"lat": [34.5, lat, 35.0], "lon": [69.2, lon, 69.5]}, index=["a", "b", "c"], dtype=object)
    with pytest.raises(InputError, match="row") as err:
        join(df, pack=afg)
    assert label in str(err.value) and "'a'" not in str(err.value)


def test_bad_coordinates_message_is_bounded(afg):
    df = pd.DataFrame({"lat": [np.nan] * 50, "lon": [69.0] * 50})
    with pytest.raises(InputError, match="45 more"):
        join(df, pack=afg)


def test_bad_level(afg, known):
    with pytest.raises(InputError, match="level"):
        join(known, level="village", pack=afg)


def test_empty_frame(afg):
    out = join(pd.DataFrame({"lat": [], "lon": []}), pack=afg)
    assert len(out) == 0 and {"province", "province_code", "district"} <= set(out.columns)


def test_locate_agrees_with_exact_point_in_polygon(afg):
    """Random points in the bounding box, and points hugging every border."""
    d = afg.districts.geometry.values
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = afg.bounds
    x = rng.uniform(minx, maxx, 20_000)
    y = rng.uniform(miny, maxy, 20_000)
    # vertices of district borders, nudged by ~10 m in random directions
    xy = shapely.get_coordinates(shapely.boundary(d))[::40]
    xy = xy + rng.normal(scale=1e-4, size=xy.shape)
    x, y = np.concatenate([x, xy[:, 0]]), np.concatenate([y, xy[:, 1]])
    got = locate(x, y, afg)
    tree = shapely.STRtree(d)
    ip, ig = tree.query(shapely.points(x, y), predicate="within")
    want = np.full(len(x), -1)
    want[ip] = ig
    assert (got == want).mean() > 0.9999
    assert (got >= 0).any() and (got == -1).any()


def test_locate_input_checks(afg):
    with pytest.raises(InputError):
        locate([69.0, np.nan], [34.0, 34.0], afg)
    with pytest.raises(InputError):
        locate([69.0], [34.0, 35.0], afg)
    assert locate(np.array([[69.2075]]), np.array([[34.5553]]), afg).shape == (1, 1)


def test_second_country_pack():
    toy = load_pack(TOY)
    pts = pd.DataFrame({"lat": [1.5, 1.5, 0.5, 0.35, 1.0, 1.5], "lon": [10.2, 10.5, 11.5, 12.6, 13.0, 11.5]})
    out = join(pts, pack=toy)
    assert out["district"].tolist()[:4] == ["Alpha", "Lake", "Delta", "Delta"]
    assert out["province_code"].tolist()[:4] == ["XZ-NO", "XZ-NO", "XZ-SO", "XZ-SO"]
    assert pd.isna(out["province"].iloc[4]) and out["district"].iloc[5] == "Beta"


def test_grid_index_small_grid_is_exact():
    toy = load_pack(TOY)
    idx = GridIndex.build(toy.districts.geometry.values, cells=7)
    x, y = np.meshgrid(np.linspace(9.9, 13.1, 97), np.linspace(-0.1, 2.1, 61))
    got = idx.locate(x.ravel(), y.ravel())
    want = np.full(x.size, -1)
    for j, g in enumerate(toy.districts.geometry.values):
        want[shapely.contains_xy(g, x.ravel(), y.ravel())] = j
    on_border = shapely.intersects_xy(shapely.union_all(shapely.boundary(toy.districts.geometry.values)),
                                      x.ravel(), y.ravel())
    assert (got == want)[~on_border].all()
