"""Static graphics and data exports (geoevents.export, geoevents.graphic).

Every graphic is rendered once per session (matplotlib takes about a second a
file) and shared by the tests that look at it.
"""
from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from geoevents import graphic, style
from geoevents.errors import InputError, OutputError
from geoevents.export import LIST_SEP, export, export_events_csv, regions
from geoevents.pack import load_pack

TITLE = "Who holds the Panjshir valley?"
KHENJ = ("Khenj", 69.75, 35.45)  # a district centre to highlight (label, lon, lat)

# Our own seed story: the Taliban claim Panjshir fell, the resistance denies it;
# Kabul was seized on 15 August.
SEED_TEXT = (
    "Taliban say Panjshir has fallen, resistance says fight goes on\n\n"
    "The Taliban said on Monday that their fighters had captured Panjshir province. "
    "The National Resistance Front denied the claim and said its forces still held the valley. "
    "The Taliban seized Kabul on 15 August 2021."
)
SEED_DATE = "2021-09-06"


def _status_by_hand() -> pd.DataFrame:
    """The status frame the seed story should give (STATUS_COLUMNS + extras), built by hand."""
    rows = [
        dict(doc=None, province="Panjshir", province_code="AF-PAN", district=None, status="contested",
             since="2021-09-06", evidence=["The Taliban said their fighters had captured Panjshir province.",
                                           "The resistance denied the claim."],
             sources=["seed"], n_events=2, confirmed=False, override=None),
        dict(doc=None, province="Kabul", province_code="AF-KAB", district=None, status="taliban",
             since="2021-08-15", evidence=["The Taliban seized Kabul on 15 August 2021."], sources=["seed"],
             n_events=1, confirmed=True, override=None),
        dict(doc=None, province="Baghlan", province_code="AF-BGL", district=None, status="resistance",
             since="2021-08-22", evidence=["Militias retook three districts."], sources=["other"],
             n_events=1, confirmed=True, override=None),
        dict(doc=None, province="Baghlan", province_code="AF-BGL", district="Andarab", status="taliban",
             since="2021-08-30", evidence=["The district fell again."], sources=["other"],
             n_events=1, confirmed=True, override=None),
    ]
    return pd.DataFrame(rows)


def _events_by_hand() -> gpd.GeoDataFrame:
    rows = [
        dict(doc="seed", mention="Panjshir", start=10, end=18, province="Panjshir", province_code="AF-PAN",
             district=None, status="taliban", kind="claim", actor="taliban", date="2021-09-06",
             sentence="The Taliban said their fighters had captured Panjshir province.", confirmed=False,
             source="text", url="https://news.example.org/a", title="Seed", lat=35.31, lon=69.52),
        dict(doc="seed", mention="Kabul", start=40, end=45, province="Kabul", province_code="AF-KAB",
             district=None, status="taliban", kind="capture", actor="taliban", date="2021-08-15",
             sentence="The Taliban seized Kabul on 15 August 2021.", confirmed=True, source="text",
             url=None, title="Seed", lat=34.53, lon=69.17),
    ]
    frame = pd.DataFrame(rows)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=4326)


@pytest.fixture(scope="session")
def pack():
    return load_pack()


@pytest.fixture(scope="session")
def seed_status():
    return _status_by_hand()


@pytest.fixture(scope="session")
def seed(pack):
    """Events and status of the seed story, through the real pipeline."""
    from geoevents.docs import as_docs
    from geoevents.events import events
    from geoevents.status import status

    ev = events(as_docs(SEED_TEXT, date=SEED_DATE), pack=pack)
    return ev, status(ev, pack=pack)


@pytest.fixture(scope="session")
def out(tmp_path_factory, pack, seed_status) -> Path:
    """Every export of the seed status, written once."""
    folder = tmp_path_factory.mktemp("export")
    ev = _events_by_hand()
    export(seed_status, folder / "web.png", events=ev, title=TITLE, highlight=[KHENJ], pack=pack)
    export(seed_status, folder / "a.svg", title=TITLE, highlight=["Khenj District"], pack=pack)
    export(seed_status, folder / "b.svg", title=TITLE, highlight=["Khenj District"], pack=pack)
    export(seed_status, folder / "map.pdf", title=TITLE, pack=pack)
    for suffix in ("geojson", "gpkg", "csv"):
        export(seed_status, folder / f"regions.{suffix}", events=ev, pack=pack)
    export(seed_status, folder / "districts.geojson", level="district", pack=pack)
    export_events_csv(ev, folder / "events.csv")
    return folder


def _png(path: Path) -> np.ndarray:
    import matplotlib.image as mpimg

    return mpimg.imread(path)


def _has_color(img: np.ndarray, hex_color: str, tol: float = 0.02) -> bool:
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(hex_color))
    return bool((np.abs(img[..., :3] - rgb).max(axis=-1) < tol).any())


# ----------------------------------------------------------------------------- graphics


def test_png_web_preset_is_1600_wide_and_drawn(out):
    img = _png(out / "web.png")
    assert img.shape[1] == 1600
    assert 900 < img.shape[0] < 2000
    img = img[::2, ::2]
    assert img[..., :3].std() > 0.05  # not blank
    assert _has_color(img, style.STATUS_COLORS["taliban"])  # Kabul
    assert _has_color(img, style.STATUS_COLORS["resistance"])  # Baghlan


def test_png_square_preset(tmp_path, pack, seed_status):
    export(seed_status, tmp_path / "sq.png", preset="square", pack=pack)
    img = _png(tmp_path / "sq.png")
    assert img.shape[:2] == (1080, 1080)


def test_svg_parses_and_keeps_text_as_text(out):
    root = ET.parse(out / "a.svg").getroot()
    texts = ["".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert TITLE in texts
    assert "Panjshir" in texts and "Kabul" in texts
    assert any(t.startswith("Control by province, as of 6 September 2021") for t in texts)
    assert "Khenj" in texts  # highlighted by name through the pack's gazetteer
    assert "Contested" in texts and graphic.CLAIM_LABEL in texts
    assert any("geoBoundaries" in t for t in texts)  # credit line from pack.meta


def test_svg_is_deterministic(out):
    assert (out / "a.svg").read_bytes() == (out / "b.svg").read_bytes()


def test_pdf_is_a_pdf(out):
    data = (out / "map.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"CreationDate" not in data
    assert b"/CIDFontType2" in data  # text embedded as TrueType (pdf.fonttype 42), not outlines


@pytest.mark.parametrize("preset", ["web", "square"])
def test_labels_never_overlap_each_other_legend_or_inset(pack, seed_status, preset):
    regs = regions(seed_status, pack=pack, simplified=True)
    regs = regs.assign(label=regs["province"], short=regs["province_code"].str[-3:])
    with _no_warnings():
        fig = graphic.figure(regs, title=TITLE, subtitle="x", credit="y", preset=preset, points=[KHENJ])
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    labels = {name for name, _ in boxes}
    assert set(pack.provinces["province"]) <= labels  # every province labelled (small ones by leader)
    assert "Khenj" in labels
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        assert not ba.overlaps(bb), f"{a!r} overlaps {b!r}"
    legend = ax.get_legend().get_window_extent(renderer)
    inset = fig.axes[1].get_window_extent(renderer)
    for name, bx in boxes:
        assert not bx.overlaps(legend), f"{name!r} overlaps the legend"
        assert not bx.overlaps(inset), f"{name!r} overlaps the locator"
        assert ax.bbox.contains(bx.x0, bx.y0) and ax.bbox.contains(bx.x1, bx.y1), f"{name!r} leaves the map"
    # no leader line runs through a label other than its own
    for line in ax.lines:
        xy = ax.transData.transform(line.get_xydata())
        if len(xy) != 2:
            continue  # an anchor dot or a highlight marker
        (p, q) = xy
        for name, bx in boxes:
            if bx.x0 - 1 <= q[0] <= bx.x1 + 1 and bx.y0 - 1 <= q[1] <= bx.y1 + 1:
                continue  # the label this leader points to
            shrunk = (bx.x0 + 0.5, bx.y0 + 0.5, bx.x1 - 0.5, bx.y1 - 0.5)
            assert not graphic._segment_hits_box(p, q, shrunk), f"a leader line crosses {name!r}"
    # small provinces keep a legible size (>= 5.5 pt) and get a leader line when outside
    sizes = {t.get_text(): t.get_fontsize() for t in ax.texts}
    for name in ("Panjshir", "Kapisa", "Kabul", "Laghman", "Logar"):
        assert sizes[name] >= 5.5
    assert len(ax.lines) >= 2  # at least one leader (line + anchor dot) besides the highlight


class _no_warnings:
    def __enter__(self):
        import warnings

        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def test_claim_only_regions_are_hatched(pack, seed_status):
    regs = regions(seed_status, pack=pack, simplified=True).assign(label=None)
    fig = graphic.figure(regs.drop(columns="label"), title=TITLE, preset="web", locator=False)
    hatched = [c for c in fig.axes[0].collections if c.get_hatch()]
    assert len(hatched) == 1  # Panjshir, the only claim-only region
    assert len(hatched[0].get_paths()) >= 1


def test_unknown_highlight_is_an_input_error(tmp_path, seed_status, pack):
    with pytest.raises(InputError, match="Nowhereville"):
        export(seed_status, tmp_path / "x.png", highlight=["Nowhereville"], pack=pack)
    assert not list(tmp_path.iterdir())


def test_unknown_preset_is_an_input_error(tmp_path, seed_status, pack):
    with pytest.raises(InputError, match="square"):
        export(seed_status, tmp_path / "x.png", preset="poster", pack=pack)
    assert not list(tmp_path.iterdir())


# ----------------------------------------------------------------------------- data files


def _check_regions(frame: pd.DataFrame) -> None:
    assert len(frame) == 34
    assert frame["province_code"].is_unique
    by_code = frame.set_index("province_code")
    assert by_code.loc["AF-PAN", "status"] == "contested"
    assert by_code.loc["AF-KAB", "status"] == "taliban"
    assert by_code.loc["AF-PAN", "province"] == "Panjshir"
    assert not bool(by_code.loc["AF-PAN", "confirmed"])
    assert bool(by_code.loc["AF-KAB", "confirmed"])
    assert pd.isna(by_code.loc["AF-HEL", "status"])  # nothing said about Helmand
    assert str(by_code.loc["AF-KAB", "since"])[:10] == "2021-08-15"
    assert by_code.loc["AF-PAN", "evidence"].split(LIST_SEP)[1] == "The resistance denied the claim."


def test_geojson_has_34_provinces_with_status(out):
    frame = gpd.read_file(out / "regions.geojson")
    assert {"province_code", "province", "status", "since", "evidence", "sources", "geometry"} <= set(frame.columns)
    assert frame.crs.to_epsg() == 4326
    _check_regions(frame)


@pytest.mark.parametrize("suffix", ["geojson", "gpkg"])
def test_seed_story_through_the_pipeline(tmp_path, pack, seed, suffix):
    ev, st = seed
    target = tmp_path / f"seed.{suffix}"
    export(st, target, events=ev, pack=pack)
    frame = gpd.read_file(target, layer="regions") if suffix == "gpkg" else gpd.read_file(target)
    assert len(frame) == 34 and frame["province_code"].is_unique
    by_code = frame.set_index("province_code")
    assert by_code.loc["AF-PAN", "status"] == "contested"  # claimed by one side, denied by the other
    assert by_code.loc["AF-KAB", "status"] == "taliban"
    assert str(by_code.loc["AF-KAB", "since"])[:10] == "2021-08-15"
    assert "seized Kabul" in by_code.loc["AF-KAB", "evidence"]
    assert by_code["status"].notna().sum() == 2


def test_gpkg_has_regions_and_events_layers(out):
    layers = [name for name, _ in pyogrio.list_layers(out / "regions.gpkg")]
    assert layers == ["regions", "events"]
    _check_regions(gpd.read_file(out / "regions.gpkg", layer="regions"))
    ev = gpd.read_file(out / "regions.gpkg", layer="events")
    assert list(ev["province_code"]) == ["AF-PAN", "AF-KAB"]
    assert ev.geometry.iloc[1].x == pytest.approx(69.17)


def test_csv_is_keyed_by_iso_code_and_name(out):
    frame = pd.read_csv(out / "regions.csv")
    assert list(frame.columns) == ["province_code", "province", "status", "status_label", "since", "confirmed",
                                   "n_events", "evidence", "sources", "override"]
    _check_regions(frame)
    assert set(frame["province_code"]) == set(load_pack().provinces["province_code"])
    assert frame.set_index("province_code").loc["AF-HEL", "status_label"] == "No information"


def test_district_level_inherits_province_status(out, pack):
    frame = gpd.read_file(out / "districts.geojson")
    assert len(frame) == len(pack.districts)
    baghlan = frame[frame["province_code"] == "AF-BGL"].set_index("district")
    assert baghlan.loc["Andarab", "status"] == "taliban"
    assert not baghlan.loc["Andarab", "inherited"]
    others = baghlan.drop(index="Andarab")
    assert (others["status"] == "resistance").all() and others["inherited"].all()


def test_events_csv_has_evidence_and_sources(out):
    frame = pd.read_csv(out / "events.csv")
    assert list(frame.columns) == ["doc", "mention", "start", "end", "province", "province_code", "district",
                                   "status", "kind", "actor", "date", "sentence", "confirmed", "source", "url",
                                   "title", "lat", "lon"]
    assert frame.loc[1, "sentence"] == "The Taliban seized Kabul on 15 August 2021."
    assert frame.loc[0, "url"] == "https://news.example.org/a"


def test_no_status_gives_a_map_with_no_information(tmp_path, pack):
    export(None, tmp_path / "empty.csv", pack=pack)
    frame = pd.read_csv(tmp_path / "empty.csv")
    assert len(frame) == 34 and frame["status"].isna().all()


def test_status_per_document_is_refused(tmp_path, pack, seed_status):
    two = pd.concat([seed_status.assign(doc="a"), seed_status.assign(doc="b")])
    with pytest.raises(InputError, match="by='all'"):
        export(two, tmp_path / "x.csv", pack=pack)


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("name", ["map.png", "map.geojson", "map.csv", "map.gpkg"])
def test_missing_folder_is_an_output_error(tmp_path, seed_status, pack, name):
    target = tmp_path / "nope" / name
    with pytest.raises(OutputError, match="does not exist"):
        export(seed_status, target, pack=pack)
    assert not target.parent.exists()


@pytest.mark.parametrize("name", ["map.jpg", "map.html", "map", "map.shp"])
def test_unknown_extension_is_an_output_error(tmp_path, seed_status, pack, name):
    with pytest.raises(OutputError, match="extension"):
        export(seed_status, tmp_path / name, pack=pack)
    assert not list(tmp_path.iterdir())


def test_failure_while_drawing_leaves_no_file(tmp_path, seed_status, pack, monkeypatch):
    class HalfFigure:  # writes half a file, then fails, as a crashing renderer would
        def savefig(self, fname, *args, **kwargs):
            Path(fname).write_bytes(b"\x89PNG half a file")
            raise RuntimeError("renderer exploded")

    monkeypatch.setattr(graphic, "figure", lambda *args, **kwargs: HalfFigure())
    with pytest.raises(RuntimeError):
        export(seed_status, tmp_path / "map.png", pack=pack)
    assert not list(tmp_path.iterdir())


def test_events_csv_refuses_other_extensions(tmp_path):
    with pytest.raises(OutputError):
        export_events_csv(_events_by_hand(), tmp_path / "events.json")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["nope/map.png", "map.jpg"])
def test_cli_export_bad_output_exits_2_and_leaves_no_file(tmp_path, capsys, name):
    from geoevents.cli import main

    article = tmp_path / "seed.txt"
    article.write_text(SEED_TEXT, encoding="utf-8")
    target = tmp_path / name
    with pytest.raises(SystemExit) as exc:
        main(["export", str(article), "--date", SEED_DATE, "-o", str(target)])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(target.name) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.txt"]


# ----------------------------------------------------------------------------- any country


class _GridPack:
    """A made-up country of 3 x 4 square regions near the equator: nothing may assume Afghanistan."""

    code, iso2, name = "XGR", "XG", "Gridland"
    meta = {"attribution": "Boundaries: made up for the tests"}

    def __init__(self):
        from shapely.geometry import box

        rows = []
        for i in range(4):
            for j in range(3):
                w = 0.05 if (i, j) == (1, 1) else 1.0  # one region far too small for its name
                rows.append(dict(province=f"Region {i}{j}", province_code=f"XG-{i}{j}",
                                 geometry=box(10 + i, -1 + j, 10 + i + w, -1 + j + w)))
        self.provinces = gpd.GeoDataFrame(rows, crs=4326)
        self.provinces_simplified = self.provinces


def test_any_country_pack(tmp_path):
    pk = _GridPack()
    st = pd.DataFrame([dict(province="Region 11", province_code="XG-11", district=None, status="contested",
                            since="2024-05-01", evidence=["x"], sources=["d"], n_events=1, confirmed=True)])
    export(st, tmp_path / "grid.csv", pack=pk)
    frame = pd.read_csv(tmp_path / "grid.csv")
    assert len(frame) == 12 and frame.set_index("province_code").loc["XG-11", "status"] == "contested"
    regs = regions(st, pack=pk, simplified=True).assign(label=lambda f: f["province"])
    with _no_warnings():
        fig = graphic.figure(regs, title="Gridland", preset="web")
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {f"Region {i}{j}" for i in range(4) for j in range(3)} <= texts
    assert len(fig.axes[0].lines) >= 1  # the tiny region got a leader line


def test_long_titles_wrap_in_balanced_lines():
    assert graphic._wrap("Who holds Kabul?", 16, "bold", 7.4) == ["Who holds Kabul?"]
    words = "The Taliban claim Panjshir has fallen while the resistance says the fighting goes on".split()
    lines = graphic._wrap(" ".join(words), 16, "bold", 5.0)
    assert len(lines) == 3 and " ".join(lines).split() == words
    assert max(map(len, lines)) - min(map(len, lines)) < 10  # balanced: no orphan word on the last line


def test_codes_outside_the_pack_are_reported(tmp_path, pack, seed_status):
    stray = pd.concat([seed_status, pd.DataFrame([dict(province="Atlantis", province_code="AF-ATL", status="taliban")])])
    with pytest.warns(UserWarning, match="AF-ATL"):
        export(stray, tmp_path / "x.csv", pack=pack)
    assert len(pd.read_csv(tmp_path / "x.csv")) == 34


def test_credit_names_the_sites_and_the_boundaries(pack, seed_status):
    from geoevents.export import _credit

    ev = _events_by_hand()
    ev.loc[1, "url"] = "javascript:alert(1)"  # never shown
    line = _credit(regions(seed_status, pack=pack, simplified=True), ev, pack)
    assert line.startswith("Source: 1 news report (news.example.org), read with geoevents.")
    assert "geoBoundaries" in line and "javascript" not in line
