"""Interactive maps: content, escaping, offline HTML, size (no browser here)."""
from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

import geoevents.mapping as gm
from geoevents.errors import InputError, OutputError
from geoevents.offline import external_resources, make_offline
from geoevents.pack import load_pack
from geoevents.reprs import frame_html, frame_kind
from geoevents.style import STATUS_LABELS

import mapfixtures as mf


@pytest.fixture(scope="session")
def pack():
    return load_pack()


@pytest.fixture(scope="session")
def frames(pack):
    return mf.status_frame(pack), mf.events_frame()


@pytest.fixture
def hand_slider(monkeypatch):
    """Time slider from the hand-built frames (not the events helper's status())."""
    monkeypatch.setattr(gm, "_status_function", lambda: mf.hand_status_of)


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _specs(m, name):
    return [json.loads(e.spec) for e in _walk(m) if getattr(e, "_name", None) == name]


def _regions(m, level):
    return next(s for s in _specs(m, "GeoRegions") if f"ge-{level}" in s["className"].split())


def _page(m):
    return m.get_root().render()


# ------------------------------------------------------------------ content
def test_province_map_has_every_province_and_status(frames, hand_slider):
    status, events = frames
    m = gm.make_map(status, events)
    assert isinstance(m, folium.Map)
    provinces = _regions(m, "province")
    ids = [f["id"] for f in provinces["geojson"]["features"]]
    assert len(ids) == 34 == len(set(ids))
    state = provinces["state"]
    assert state["AF-PAN"][:2] == ["resistance", 1]
    assert state["AF-KDZ"][:2] == ["taliban", 1]
    assert state["AF-BAL"][:2] == ["contested", 1]
    assert "AF-HEL" not in state  # no events: no information
    # the district row lands on the districts layer, hidden by default at province level
    districts = _regions(m, "district")
    assert districts["state"]["AF-PAN|Bazarak"][0] == "resistance"
    assert len(districts["geojson"]["features"]) == 398


def test_claim_only_region_is_marked(frames, hand_slider):
    status, events = frames
    m = gm.make_map(status, events)
    assert _regions(m, "province")["state"]["AF-BGL"][:2] == ["taliban", 0]
    page = _page(m)
    assert "Unconfirmed claim only" in page  # tooltip text and legend
    assert "ge-hatch-" in page  # hatched fill pattern


def test_district_level(frames, hand_slider):
    status, events = frames
    m = gm.make_map(status, events, level="district")
    districts = _regions(m, "district")
    assert districts["mode"] == "fill"
    assert districts["state"]["AF-PAN|Bazarak"][0] == "resistance"
    assert _regions(m, "province")["mode"] == "outline"


def test_one_marker_per_place_with_evidence_and_links(frames, hand_slider):
    status, events = frames
    doubled = pd.concat([events, events.iloc[[3]].assign(doc="d9", kind="hold")])
    m = gm.make_map(status, doubled)
    (spec,) = _specs(m, "GeoPlaces")
    places = spec["places"]
    assert len(places) == len(mf.EVENTS)  # the second Kabul report joins the first marker
    kabul = next(p for p in places if "Kabul" in p["tip"])
    assert "2 reports" in kabul["tip"]
    assert mf.EVENTS[3][8] in kabul["popup"]
    assert "2021-08-15" in kabul["popup"]
    assert 'href="https://news.example.org/kabul"' in kabul["popup"]
    panjshir = next(p for p in places if "Bazarak" in p["tip"])
    assert 'href="https://wire.example.com/panjshir?id=1&amp;x=2"' in panjshir["popup"]


def test_time_slider_has_a_state_per_date(frames, hand_slider):
    status, events = frames
    m = gm.make_map(status, events)
    (chrome,) = _specs(m, "GeoChrome")
    time = chrome["time"]
    assert time["dates"] == sorted({e[7] for e in mf.EVENTS})
    assert time["initial"] == len(time["dates"]) - 1
    first = time["states"]["province"][0]
    assert set(first) == {"AF-KDZ"}  # only Kunduz had fallen by the first date
    assert time["states"]["province"][-1] == _regions(m, "province")["state"]


def test_no_time_slider_for_a_single_date(frames, hand_slider):
    status, events = frames
    m = gm.make_map(status, events.assign(date="2021-08-15"))
    (chrome,) = _specs(m, "GeoChrome")
    assert chrome["time"] is None
    assert chrome["subtitle"] == "Status as of 2021-08-15"


def test_as_of_drops_later_events(frames, hand_slider):
    status, events = frames
    m = gm.make_map(status, events, as_of="2021-08-14")
    (chrome,) = _specs(m, "GeoChrome")
    assert chrome["time"]["dates"][-1] == "2021-08-14"
    (spec,) = _specs(m, "GeoPlaces")
    assert len(spec["places"]) == 2  # Kunduz (8th) and Mazar (13th)


def test_title_legend_credit_layers_and_view(frames, pack, hand_slider):
    status, events = frames
    m = gm.make_map(status, events, title="Who holds what")
    (chrome,) = _specs(m, "GeoChrome")
    assert chrome["title"] == "Who holds what"
    for label in STATUS_LABELS.values():
        assert gm._esc(label) in chrome["legend"]
    assert gm._esc(pack.meta["attribution"]) in chrome["credit"]
    assert "6 documents" in chrome["credit"] and "news.example.org" in chrome["credit"]
    page = _page(m)
    assert "<title>Who holds what</title>" in page
    assert "L.control.layers" in page
    for name in ("Provinces", "Districts", "Places"):
        assert f'"{name}"' in page
    fit = re.search(r"fitBounds\(\s*\[\[([-\d.]+),\s*([-\d.]+)\],\s*\[([-\d.]+),\s*([-\d.]+)\]\]", page)
    miny, minx, maxy, maxx = map(float, fit.groups())
    assert (minx, miny, maxx, maxy) == pytest.approx(tuple(pack.provinces_simplified.total_bounds))


def test_no_basemap_by_default_and_optional_tiles(frames):
    status, _ = frames
    assert "L.tileLayer" not in _page(gm.make_map(status))
    assert "L.tileLayer" in _page(gm.make_map(status, tiles="OpenStreetMap"))


def test_map_without_events(frames):
    status, _ = frames
    m = gm.make_map(status)
    assert _specs(m, "GeoPlaces") == []
    assert _specs(m, "GeoChrome")[0]["time"] is None


def test_empty_status_and_events(frames):
    status, events = frames
    m = gm.make_map(status.iloc[:0], events.iloc[:0])
    assert _regions(m, "province")["state"] == {}
    assert _specs(m, "GeoPlaces") == []
    # plain frames without geometry (as the CLI passes them) work too
    plain = pd.DataFrame(events.drop(columns="geometry"))
    m = gm.make_map(pd.DataFrame(status.drop(columns="geometry")), plain.assign(date="2021-08-15"))
    assert len(_specs(m, "GeoPlaces")[0]["places"]) == len(mf.EVENTS)


def test_offline_map_with_tiles_warns(frames):
    status, _ = frames
    with pytest.warns(UserWarning, match="network"):
        gm.make_map(status, tiles="OpenStreetMap", offline=True)


def test_any_country_pack(tmp_path):
    """Nothing assumes Afghanistan: a toy pack gives its own regions, title and credit."""
    from pathlib import Path

    toy = load_pack(Path(__file__).resolve().parent / "data" / "packs" / "XYZ")
    status = pd.DataFrame([
        {"doc": None, "province": "Northland", "province_code": "XZ-NO", "district": None, "status": "contested",
         "since": "2020-01-02", "evidence": ["Both sides <claim> the north."], "sources": ["a"], "n_events": 2,
         "confirmed": True, "override": None},
        {"doc": None, "province": "Southland", "province_code": "XZ-SO", "district": "Gamma", "status": "taliban",
         "since": "2020-01-01", "evidence": [], "sources": [], "n_events": 1, "confirmed": False, "override": None},
    ])
    m = gm.make_map(status, pack=toy, level="district", offline=True)
    assert len(_regions(m, "province")["geojson"]["features"]) == 2
    districts = _regions(m, "district")
    assert len(districts["geojson"]["features"]) == 5
    assert districts["state"]["XZ-SO|Gamma"][:2] == ["taliban", 0]
    (chrome,) = _specs(m, "GeoChrome")
    assert chrome["title"] == "Control status, Xyzland"
    assert chrome["credit"] == "Synthetic test data."
    out = tmp_path / "toy.html"
    gm.save_map(m, out, offline=True)
    page = out.read_text(encoding="utf-8")
    assert "AF-" not in page and "Afghanistan" not in page


def test_notebook_view_inlines_leaflet_and_saving_still_links_it(frames, tmp_path):
    status, _ = frames
    m = gm.make_map(status)
    view = m._repr_html_()
    assert "iframe" in view and "cdn.jsdelivr.net" not in view
    out = tmp_path / "online.html"
    gm.save_map(m, out)
    page = out.read_text(encoding="utf-8")
    assert external_resources(page) and all("leaflet" in u for u in external_resources(page))
    assert page.count("<title>") == 1


def test_bad_arguments(frames):
    status, _ = frames
    with pytest.raises(InputError, match="level"):
        gm.make_map(status, level="country")
    with pytest.raises(InputError, match="by='doc'"):
        gm.make_map(status.assign(doc=[f"d{i}" for i in range(len(status))]))
    with pytest.raises(InputError, match="as_of"):
        gm.make_map(status, as_of="yesterday")
    with pytest.raises(InputError):
        gm.make_map("not a frame")


# ------------------------------------------------------------------ safety
def test_script_json_cannot_close_a_script():
    text = gm.script_json({"a": "</script><script>alert(1)</script>", "b": "<!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "<!-- & \u2028"}


def test_hostile_article_is_escaped_everywhere(frames, hand_slider):
    status, events = frames
    m = gm.make_map(status, events, title=mf.HOSTILE_TITLE)
    page = _page(m)
    for raw in ("<script>window.__pwned", "<img src=x", "onerror=\"window", "</script><script>"):
        assert raw not in page
    assert "javascript:alert" not in page  # an unsafe url never becomes a link
    # the hostile sentence is shown, escaped, in the popup and in the region tooltip
    (spec,) = _specs(m, "GeoPlaces")
    charikar = next(p for p in spec["places"] if "Charikar" in p["tip"])
    assert "&lt;script&gt;window.__pwned" in charikar["popup"]
    assert "&lt;img src=x onerror=" in charikar["popup"]
    assert 'href="https://evil.example.net/&quot;&gt;&lt;script&gt;' in charikar["popup"]
    provinces = _regions(m, "province")
    assert "&lt;img src=x" in provinces["texts"][provinces["state"]["AF-PAR"][4]]
    assert "<title>&lt;/script&gt;" in page


# ------------------------------------------------------------------ offline / files
def test_offline_page_loads_nothing(frames, hand_slider, tmp_path):
    status, events = frames
    online = _page(gm.make_map(status, events))
    assert external_resources(online)  # Leaflet from the CDN ...
    assert not re.search(r"jquery|bootstrap|font-?awesome|awesome-markers", online, re.IGNORECASE)
    out = tmp_path / "map.html"
    gm.save_map(gm.make_map(status, events, offline=True), out, offline=True)
    page = out.read_text(encoding="utf-8")
    assert external_resources(page) == []
    assert "Leaflet 1.9.4" in page or '"1.9.4"' in page
    assert "data:image/png;base64," in page  # the layer-control icon, inlined


def test_save_map_offline_after_the_fact(frames, tmp_path):
    status, _ = frames
    out = tmp_path / "later.html"
    gm.save_map(gm.make_map(status), out, offline=True)
    assert external_resources(out.read_text(encoding="utf-8")) == []


def test_offline_refuses_elements_that_need_the_network(frames, tmp_path):
    from folium.plugins import Fullscreen

    status, _ = frames
    m = gm.make_map(status)
    Fullscreen().add_to(m)
    out = tmp_path / "x.html"
    with pytest.raises(OutputError, match="Fullscreen"):
        gm.save_map(m, out, offline=True)
    assert list(tmp_path.iterdir()) == []


def test_save_map_checks_the_path(frames, tmp_path):
    status, _ = frames
    m = gm.make_map(status)
    with pytest.raises(OutputError, match="extension"):
        gm.save_map(m, tmp_path / "map.png")
    with pytest.raises(OutputError, match="does not exist"):
        gm.save_map(m, tmp_path / "nope" / "map.html")
    assert list(tmp_path.iterdir()) == []


def test_offline_district_map_is_at_most_2_mb(frames, hand_slider, tmp_path):
    status, events = frames
    out = tmp_path / "districts.html"
    gm.save_map(gm.make_map(status, events, level="district", offline=True), out, offline=True)
    size = out.stat().st_size
    assert 300_000 < size <= 2_000_000, size


def test_long_district_timeline_stays_under_2_mb(pack, monkeypatch, tmp_path):
    """Every district with its own evidence on each of 150 dates: the slider thins, the page stays small."""
    districts = pack.districts_simplified
    days = [str(d.date()) for d in pd.date_range("2021-05-01", periods=150)]

    def status_of(events, as_of=None, **_):
        n = days.index(as_of) if as_of in days else len(days) - 1
        return pd.DataFrame({
            "doc": None, "province": districts["province"], "province_code": districts["province_code"],
            "district": districts["district"], "status": ["taliban", "resistance", "contested"] * 132 + ["taliban"] * 2,
            "since": as_of or days[-1], "n_events": n + 1, "confirmed": True, "override": None,
            "evidence": [[f"Day {n}: fighters were reported near {d} after a long night of clashes "
                          "that residents described by telephone."] for d in districts["district"]],
        })

    monkeypatch.setattr(gm, "_status_function", lambda: status_of)
    events = pd.DataFrame({"doc": "a", "mention": "x", "province": "Kabul", "province_code": "AF-KAB",
                           "district": None, "status": "taliban", "kind": "capture", "date": days,
                           "sentence": "A test sentence.", "lat": 34.5, "lon": 69.2})
    m = gm.make_map(status_of(events), events, level="district", offline=True)
    (chrome,) = _specs(m, "GeoChrome")
    assert 2 <= len(chrome["time"]["dates"]) < len(days)
    assert chrome["time"]["dates"][-1] == days[-1]
    out = tmp_path / "long.html"
    gm.save_map(m, out, offline=True)
    assert out.stat().st_size <= 2_000_000, out.stat().st_size


def test_make_offline_is_idempotent(frames):
    status, _ = frames
    m = gm.make_map(status, offline=True)
    make_offline(m)
    page = _page(m)
    assert page.count("<style>") >= 1 and external_resources(page) == []
    assert page.count("Leaflet 1.9.4") <= 1


# ------------------------------------------------------------------ reprs
def test_frame_html_is_compact_and_escaped(frames):
    status, events = frames
    html = frame_html(events)
    assert frame_kind(events) == "events" and frame_kind(status) == "status"
    assert f"{len(events)} events" in html
    assert "&lt;script&gt;" in html and "<script>window" not in html
    assert "POLYGON" not in frame_html(status) and "geometry" not in frame_html(status)
    assert "(first 2 shown)" in frame_html(events, max_rows=2)


def test_frame_html_for_a_selection_of_columns(frames):
    _, events = frames
    events = events.copy()
    events.attrs["geoevents"] = "events"
    html = frame_html(events[["lat", "lon"]])
    assert "<th>lat</th>" in html and "<th>lon</th>" in html


def test_ipython_shows_geoevents_frames_compactly(frames):
    from geoevents import reprs

    registered = {}

    class Formatter:
        def for_type(self, cls, func):
            registered[cls] = func

    class Shell:
        display_formatter = type("D", (), {"formatters": {"text/html": Formatter()}})()

    assert reprs.register(Shell()) is True
    status, events = frames
    show = registered[type(events)]
    assert 'class="ge-frame"' in show(events) and 'class="ge-frame"' in show(status)
    other = pd.DataFrame({"a": [1, 2]})
    assert show(other) == other._repr_html_()
    assert reprs.register(None) in (True, False)  # outside IPython: nothing to do


# ------------------------------------------------------------------ real pipeline
OWN_TEXT = (
    "KABUL, Aug. 16 (Newsroom) - Taliban fighters captured the city of Kunduz on Sunday, "
    "officials said. Resistance forces still hold the Panjshir valley. "
    "Heavy fighting was reported in Herat province."
)


def test_map_from_the_real_pipeline(tmp_path):
    events_mod = pytest.importorskip("geoevents.events", reason="events helper not merged yet")
    status_mod = pytest.importorskip("geoevents.status", reason="events helper not merged yet")
    from geoevents.docs import as_docs

    events = events_mod.events(as_docs(OWN_TEXT, date="2021-08-16"))
    status = status_mod.status(events)
    m = gm.make_map(status, events, offline=True)
    state = _regions(m, "province")["state"]
    rows = status[status["district"].isna()]
    assert len(rows) >= 1
    assert {code: state[code][0] for code in rows["province_code"]} == dict(zip(rows["province_code"], rows["status"]))
    (spec,) = _specs(m, "GeoPlaces")
    assert any("Kunduz" in p["popup"] and "captured the city of Kunduz" in p["popup"] for p in spec["places"])
    out = tmp_path / "pipeline.html"
    gm.save_map(m, out, offline=True)
    assert external_resources(out.read_text(encoding="utf-8")) == []
