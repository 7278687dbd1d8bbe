"""Folding events into the status of each region as of a date (geoevents.status, geoevents.overrides)."""
from __future__ import annotations

import pandas as pd
import pytest

from geoevents.errors import InputError
from geoevents.events import events
from geoevents.schema import STATUS_COLUMNS
from geoevents.status import EXTRA_STATUS_COLUMNS, fold, status

# Documents written for this test: Kabul held by the government until 15 August 2021,
# Panjshir held by the resistance until early September, then claimed and denied.
TIMELINE = pd.DataFrame(
    [
        ("d1", "2021-08-10", "Government forces remain in control of Kabul, officials said on Tuesday."),
        ("d2", "2021-08-16", "The Taliban seized Kabul on Sunday after the president left the country."),
        ("d3", "2021-08-25", "Panjshir is the only province that remains out of Taliban control."),
        ("d4", "2021-09-06", "The Taliban claimed on Monday to have captured Panjshir, but the National "
                             "Resistance Front denied the claim."),
    ],
    columns=["id", "date", "text"],
)


@pytest.fixture(scope="module")
def timeline_events():
    return events(TIMELINE)


def region(st, province, district=None):
    rows = st[(st["province"] == province) & (st["district"].isna() if district is None else st["district"] == district)]
    assert len(rows) <= 1
    return rows.iloc[0] if len(rows) else None


def test_timeline_events(timeline_events):
    got = timeline_events[["doc", "mention", "status", "date"]].values.tolist()
    assert got == [
        ["d1", "Kabul", "resistance", "2021-08-10"],
        ["d2", "Kabul", "taliban", "2021-08-15"],
        ["d3", "Panjshir", "resistance", "2021-08-25"],
        ["d4", "Panjshir", "taliban", "2021-09-06"],
        ["d4", "Panjshir", "contested", "2021-09-06"],
    ]


@pytest.mark.parametrize(
    "as_of, kabul, panjshir",
    [
        ("2021-08-09", None, None),
        ("2021-08-10", ("resistance", "2021-08-10"), None),
        ("2021-08-14", ("resistance", "2021-08-10"), None),
        ("2021-08-15", ("taliban", "2021-08-15"), None),
        ("2021-08-24", ("taliban", "2021-08-15"), None),
        ("2021-08-25", ("taliban", "2021-08-15"), ("resistance", "2021-08-25")),
        ("2021-09-05", ("taliban", "2021-08-15"), ("resistance", "2021-08-25")),
        ("2021-09-06", ("taliban", "2021-08-15"), ("contested", "2021-09-06")),
        (None, ("taliban", "2021-08-15"), ("contested", "2021-09-06")),
    ],
)
def test_timeline_as_of_both_sides_of_every_change(timeline_events, as_of, kabul, panjshir):
    st = status(timeline_events, as_of=as_of)
    for name, want in (("Kabul", kabul), ("Panjshir", panjshir)):
        row = region(st, name)
        assert (None if row is None else (row["status"], row["since"])) == want
    if kabul:
        # the city of Kabul names a district, which gets its own row
        assert region(st, "Kabul", "Kabul")["status"] == kabul[0]


def test_status_frame(timeline_events):
    st = status(timeline_events)
    assert list(st.columns) == [c for c in STATUS_COLUMNS if c != "doc"] + EXTRA_STATUS_COLUMNS + ["geometry"]
    assert st.attrs["geoevents"] == "status" and st.crs.to_epsg() == 4326
    assert set(st.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    pan = region(st, "Panjshir")
    assert pan["province_code"] == "AF-PAN" and pan["n_events"] == 3 and pan["sources"] == ["d4", "d3"]
    assert pan["evidence"][0].startswith("The Taliban claimed on Monday")  # newest first
    assert pan["confirmed"] and pan["override"] is None


def test_by_doc_gives_each_document_its_own_status(timeline_events):
    st = status(timeline_events, by="doc")
    got = {(r.doc, r.province) for r in st.itertuples() if r.district is None}
    assert got == {("d1", "Kabul"), ("d2", "Kabul"), ("d3", "Panjshir"), ("d4", "Panjshir")}
    assert st.loc[(st.doc == "d1") & st.district.isna(), "status"].item() == "resistance"
    assert st.loc[(st.doc == "d4"), "status"].item() == "contested"
    assert list(st.columns)[:2] == ["doc", "province"]


def ev(province, status_, date, district=None, kind="capture", confirmed=True, doc="x", sentence=None):
    return {"doc": doc, "province": province, "province_code": None, "district": district, "status": status_,
            "kind": kind, "date": date, "confirmed": confirmed, "sentence": sentence or f"{province} {status_} {date}",
            "source": "text", "url": None}


def test_later_confirmed_capture_overrides_earlier():
    f = fold([ev("Kunduz", "taliban", "2021-08-08"), ev("Kunduz", "resistance", "2021-08-20")])
    assert (f.status, f.since.isoformat()) == ("resistance", "2021-08-20")


def test_same_day_disagreement_and_denials_are_contested():
    assert fold([ev("Herat", "taliban", "2021-08-12"), ev("Herat", "resistance", "2021-08-12")]).status == "contested"
    f = fold([ev("Herat", "taliban", "2021-08-12"), ev("Herat", "contested", "2021-08-13", kind="denial")])
    assert (f.status, f.since.isoformat()) == ("contested", "2021-08-13")


def test_unconfirmed_claims():
    # a claim alone is contested and not confirmed
    f = fold([ev("Herat", "taliban", "2021-08-12", kind="claim", confirmed=False)])
    assert (f.status, f.confirmed) == ("contested", False)
    # a claim that agrees with what is known changes nothing
    f = fold([ev("Herat", "taliban", "2021-08-12"), ev("Herat", "taliban", "2021-08-14", confirmed=False)])
    assert (f.status, f.since.isoformat(), f.confirmed) == ("taliban", "2021-08-12", True)
    # a claim against it makes the region contested
    f = fold([ev("Herat", "taliban", "2021-08-12"), ev("Herat", "resistance", "2021-08-14", confirmed=False)])
    assert f.status == "contested"


def test_districts_roll_up_without_erasing_the_province():
    same = [ev("Nimruz", "taliban", "2021-06-20", district="Khash Rod"), ev("Nimruz", "taliban", "2021-06-21", district="Chakhansur")]
    st = status(same)
    assert region(st, "Nimruz")["status"] == "taliban"
    assert region(st, "Nimruz", "Khash Rod")["status"] == "taliban" and region(st, "Nimruz")["n_events"] == 2
    mixed = same + [ev("Nimruz", "resistance", "2021-06-21", district="Zaranj")]
    assert region(status(mixed), "Nimruz")["status"] == "contested"
    # what is said of the province itself stands unless district news is more recent
    own = mixed + [ev("Nimruz", "taliban", "2021-06-22")]
    assert region(status(own), "Nimruz")["status"] == "taliban"
    older = mixed + [ev("Nimruz", "resistance", "2021-06-01")]
    assert region(status(older), "Nimruz")["status"] == "contested"


def test_district_rows_at_both_levels():
    evs = [ev("Nimruz", "taliban", "2021-06-20", district="Khash Rod"), ev("Kabul", "resistance", "2021-06-20")]
    for level in ("province", "district"):
        st = status(evs, level=level)
        assert st[["province", "district"]].values.tolist() == [["Nimruz", None], ["Nimruz", "Khash Rod"], ["Kabul", None]]
        assert st.geometry.notna().all()


def test_bad_arguments():
    with pytest.raises(InputError, match="level"):
        status([], level="country")
    with pytest.raises(InputError, match="by"):
        status([], by="month")
    with pytest.raises(InputError, match="as_of"):
        status([], as_of="15/08/2021")
    assert len(status([])) == 0


# ---------------------------------------------------------------- analyst overrides
def test_overrides_apply_from_their_date_and_are_marked(tmp_path, timeline_events):
    path = tmp_path / "overrides.csv"
    path.write_text(
        "region,status,date,note,reviewer\n"
        "Panjshir,taliban,2021-09-15,NRF pulled back to the side valleys,AK\n"
        "Panjshir/Khenj (Hese- Awal),contested,2021-09-10,fighting near Khenj,AK\n",
        encoding="utf-8",
    )
    before = status(timeline_events, as_of="2021-09-14", overrides=path)
    # the district correction is the latest news of the province, so the province row rests on it too
    assert region(before, "Panjshir")[["status", "override"]].tolist() == ["contested", "fighting near Khenj (AK)"]
    assert region(status(timeline_events, as_of="2021-09-09", overrides=path), "Panjshir")["override"] is None
    khenj = region(before, "Panjshir", "Khenj (Hese- Awal)")
    assert khenj[["status", "since", "override"]].tolist() == ["contested", "2021-09-10", "fighting near Khenj (AK)"]
    after = status(timeline_events, as_of="2021-09-15", overrides=path)
    pan = region(after, "Panjshir")
    assert pan[["status", "since", "override"]].tolist() == ["taliban", "2021-09-15", "NRF pulled back to the side valleys (AK)"]
    assert "override" in pan["sources"]
    # by document: only the documents about the region get the correction
    by_doc = status(timeline_events, by="doc", overrides=path)
    assert set(by_doc.loc[by_doc.override.notna(), "doc"]) == {"d3", "d4"}


@pytest.mark.parametrize(
    "csv, message",
    [
        ("region,status\nPanjshir,liberated\n", "row 2: status 'liberated'"),
        ("region,status,date\nPanjshir,taliban,15/09/2021\n", "row 2: date"),
        ("region,status\nAtlantis,taliban\n", "o.csv: unknown region 'Atlantis'"),
        ("place,status\nPanjshir,taliban\n", "missing: region"),
    ],
)
def test_override_errors(tmp_path, csv, message):
    path = tmp_path / "o.csv"
    path.write_text(csv, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        status([ev("Panjshir", "resistance", "2021-08-25")], overrides=path)
    with pytest.raises(InputError, match="not found"):
        status([], overrides=tmp_path / "missing.csv")


def test_sources_lists_of_events_are_kept_once_newest_first():
    """Events standing for several documents (store, merged wire copies) carry a ``sources`` list."""
    early = {**ev("Farah", "taliban", "2021-08-10", doc="w1"), "url": "https://one.example/w1",
             "sources": ["https://one.example/w1", "w9", "https://two.example/w2"]}
    late = {**ev("Farah", "taliban", "2021-08-12", doc="w3"), "url": None,
            "sources": ("w3", "https://two.example/w2", "", None)}
    plain = ev("Farah", "taliban", "2021-08-11", doc="w4")
    flat = {**ev("Farah", "taliban", "2021-08-09", doc="w5"), "sources": "w5 | w6"}
    encoded = {**ev("Farah", "taliban", "2021-08-08", doc="w7"), "sources": '["w7", "w8", "w1x"]'}
    missing = {**ev("Farah", "taliban", "2021-08-07", doc="w0"), "sources": float("nan")}
    st = status([early, late, plain, flat, encoded, missing])
    row = region(st, "Farah")
    assert row["sources"] == ["w3", "https://two.example/w2", "w4", "https://one.example/w1", "w9",
                              "w5", "w6", "w7", "w8", "w1x", "w0"]
    assert row["n_events"] == 6
    # same answer from a frame (numpy arrays in the cells, as Parquet gives them), and per document
    import numpy as np

    frame = pd.DataFrame([early, late, plain])
    frame["sources"] = [np.array(s, dtype=object) if isinstance(s, list) else None
                        for s in (early["sources"], ["w3", "https://two.example/w2"], None)]
    assert region(status(frame), "Farah")["sources"] == ["w3", "https://two.example/w2", "w4",
                                                         "https://one.example/w1", "w9"]
    by_doc = status([early, late], by="doc")
    assert by_doc.loc[by_doc["doc"] == "w1", "sources"].item() == ["https://one.example/w1", "w9",
                                                                     "https://two.example/w2"]
