"""Write the tiny synthetic pack ``tests/data/packs/XYZ`` ("Xyzland") used by the tests.

It shows that a country is only data: two provinces, four districts (one with
a hole filled by a fifth district, one a MultiPolygon with an island), in the
Gulf of Guinea where no real pack lies.  Run it again only to change the pack::

    .venv/bin/python tests/data/make_toy_pack.py
"""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
from shapely.geometry import MultiPolygon, Polygon, box

HERE = Path(__file__).resolve().parent / "packs" / "XYZ"


def layers() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    lake = box(10.4, 1.4, 10.6, 1.6)
    districts = gpd.GeoDataFrame(
        {
            "district": ["Alpha", "Beta", "Gamma", "Delta", "Lake"],
            "province": ["Northland", "Northland", "Southland", "Southland", "Northland"],
            "province_code": ["XZ-NO", "XZ-NO", "XZ-SO", "XZ-SO", "XZ-NO"],
        },
        geometry=[
            Polygon(box(10, 1, 11, 2).exterior.coords, [lake.exterior.coords]),
            box(11, 1, 12, 2),
            box(10, 0, 11, 1),
            MultiPolygon([box(11, 0, 12, 1), box(12.5, 0.2, 12.8, 0.5)]),
            lake,
        ],
        crs=4326,
    )
    provinces = districts.dissolve("province", as_index=False)[["province", "province_code", "geometry"]]
    return provinces, districts


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    provinces, districts = layers()
    provinces.to_parquet(HERE / "provinces.parquet", index=False)
    districts.to_parquet(HERE / "districts.parquet", index=False)
    provinces.to_parquet(HERE / "provinces_simplified.parquet", index=False)
    districts.to_parquet(HERE / "districts_simplified.parquet", index=False)
    meta = {"code": "XYZ", "iso2": "XZ", "name": "Xyzland", "levels": {"1": "province", "2": "district"},
            "attribution": "Synthetic test data."}
    (HERE / "pack.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
