"""ACLED and UCDP GED CSVs (written here in those datasets' column layouts), and our own events, as events."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from geoevents.errors import InputError
from geoevents.importers import (ACLED_SUB_EVENTS, read_acled, read_event_table, read_events, read_ged,
                                 sniff)
from geoevents.schema import EVENT_COLUMNS
from geoevents.store import EventStore

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
                "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
                "fatalities,tags,timestamp").split(",")

GED_HEADER = ("id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
              "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
              "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,"
              "source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,"
              "latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,"
              "date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,"
              "gwnob").split(",")

# test-only actor table (a pack carries the real one)
ACTORS = {"taliban": [r"\btaliban\b", r"\(2021-\)"],
          "resistance": [r"\(2004-2021\)", r"national resistance front"]}

GOV_OLD = "Military Forces of Afghanistan (2004-2021)"


def acled_row(eid, date, sub, actor1, actor2, location, lat, lon, notes, prec="1", event_type="Battles"):
    row = dict.fromkeys(ACLED_HEADER, "")
    row.update(event_id_cnty=eid, event_date=date, year=date[-4:] if " " in date else date[:4],
               time_precision="1", event_type=event_type, sub_event_type=sub, actor1=actor1, actor2=actor2,
               country="Afghanistan", admin1="Admin One", location=location, latitude=lat, longitude=lon,
               geo_precision=prec, source="Local Radio; Wire Service", notes=notes, fatalities="0",
               timestamp="1630000000")
    return row


ACLED_ROWS = [
    acled_row("AFG1001", "2021-08-08", "Non-state actor overtakes territory", "Taliban", GOV_OLD,
              "Kunduz", "36.7280", "68.8570", "Test note: Taliban took the city after a night assault."),
    acled_row("AFG1002", "09 August 2021", "Government regains territory", GOV_OLD, "Taliban",
              "Pul-e Khumri", "35.9446", "68.7151", "Test note: army units pushed militants out of the town."),
    acled_row("AFG1003", "2021-08-10", "Armed clash", "Taliban", GOV_OLD, "Lashkar Gah", "31.5930",
              "64.3710", "Test note: heavy clashes around the city."),
    acled_row("AFG1004", "2021-08-10", "Peaceful protest", "Protesters (Afghanistan)", "", "Kabul",
              "34.5553", "69.2075", "Test note: a rally.", event_type="Protests"),
    acled_row("AFG1005", "2021-09-05", "Non-state actor overtakes territory", "Unidentified Armed Group",
              "", "Somewhere", "34.5553", "69.2075", "Test note: unknown group."),
    acled_row("AFG1006", "2021-09-06", "Government regains territory", "Military Forces of Afghanistan (2021-)",
              "National Resistance Front", "Bazarak", "35.3130", "69.5150",
              "Test note: the new government said it took the valley.", prec="3"),
    acled_row("UZB2001", "2021-08-10", "Armed clash", "Taliban", GOV_OLD, "Termez", "37.2242", "67.2783",
              "Test note: across the border."),
]


def write_csv(path, header, rows, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.fixture
def acled_csv(tmp_path):
    return write_csv(tmp_path / "acled-export.csv", ACLED_HEADER, ACLED_ROWS)


def test_acled_territory_events_mapped_and_joined(acled_csv):
    with pytest.warns(UserWarning, match=r"1 event\(s\) skipped: no actor on a known side .*Unidentified Armed"):
        ev = read_acled(acled_csv, actors=ACTORS)
    assert list(ev.columns[:len(EVENT_COLUMNS)]) == EVENT_COLUMNS
    by_doc = ev.set_index("doc")
    # protest (not territory), unknown actor and the point in Uzbekistan are gone
    assert list(by_doc.index) == ["acled:AFG1001", "acled:AFG1002", "acled:AFG1003", "acled:AFG1006"]
    assert by_doc.loc["acled:AFG1001", ["province", "province_code", "status", "kind", "date"]].tolist() == \
        ["Kunduz", "AF-KDZ", "taliban", "capture", "2021-08-08"]
    assert by_doc.loc["acled:AFG1002", ["province", "status", "kind", "date"]].tolist() == \
        ["Baghlan", "resistance", "retake", "2021-08-09"]
    assert by_doc.loc["acled:AFG1003", ["province", "district", "status", "kind"]].tolist() == \
        ["Helmand", "Lashkar Gah", "contested", "fighting"]
    six = by_doc.loc["acled:AFG1006"]
    # geo_precision 3: stands for the province, no district
    assert (six["province"], six["district"], six["status"], six["level"]) == ("Panjshir", None, "taliban", "province")
    assert by_doc.loc["acled:AFG1001", "district"] is not None
    assert by_doc.loc["acled:AFG1001", "sentence"].startswith("Test note: Taliban took")
    assert set(ev["source"]) == {"acled"} and ev["confirmed"].all()
    assert ev["start"].isna().all() and str(ev["start"].dtype) == "Int64"
    assert by_doc.loc["acled:AFG1001", "lat"] == pytest.approx(36.728)


def test_acled_semicolon_export_and_sniff(tmp_path):
    path = write_csv(tmp_path / "acled-semicolon.csv", ACLED_HEADER, ACLED_ROWS[:2], delimiter=";")
    assert sniff(path) == "acled"
    ev = read_event_table(path, actors=ACTORS)
    assert ev["doc"].tolist() == ["acled:AFG1001", "acled:AFG1002"]


def test_sub_event_table_is_documented():
    assert ACLED_SUB_EVENTS["Non-state actor overtakes territory"] == ("capture", "actor1")
    assert ACLED_SUB_EVENTS["Government regains territory"] == ("retake", "actor1")
    assert ACLED_SUB_EVENTS["Armed clash"][1] == "contested"


def test_acled_errors_name_file_and_row(tmp_path):
    bad = write_csv(tmp_path / "bad.csv", ACLED_HEADER,
                    [acled_row("AFG9", "not a date", "Armed clash", "Taliban", GOV_OLD, "X", "34.5", "69.2", "n")])
    with pytest.raises(InputError, match=r"bad.csv: row 2: event_date 'not a date' is not a date"):
        read_acled(bad, actors=ACTORS)
    cols = write_csv(tmp_path / "cols.csv", ["event_id_cnty", "latitude"], [])
    with pytest.raises(InputError, match=r"cols.csv: not a ACLED CSV: no column\(s\) event_date"):
        read_acled(cols)
    with pytest.raises(InputError, match="nope.csv: no such file"):
        read_acled(tmp_path / "nope.csv")


def ged_row(gid, tov, side_a, side_b, where, lat, lon, date, prec="1", clarity="1", best="3", headline=""):
    row = dict.fromkeys(GED_HEADER, "")
    row.update(id=gid, relid=f"AFG-2021-1-{gid}", year=date[:4], active_year="1", code_status="Clear",
               type_of_violence=tov, conflict_name="Afghanistan: Government", dyad_name=f"{side_a} - {side_b}",
               side_a=side_a, side_b=side_b, number_of_sources="2", source_office="Wire Service",
               source_headline=headline, where_prec=prec, where_coordinates=where, adm_1="Admin One province",
               latitude=lat, longitude=lon, geom_wkt=f"POINT ({lon} {lat})", country="Afghanistan",
               country_id="700", region="Asia", event_clarity=clarity, date_prec="1",
               date_start=f"{date} 00:00:00.000", date_end=f"{date} 00:00:00.000", best=best, high=best, low=best)
    return row


def test_ged_fighting_is_contested(tmp_path):
    rows = [
        ged_row("501", "1", "Government of Afghanistan", "Taleban", "Kunduz town", "36.7280", "68.8570",
                "2021-08-07", headline="Test headline: fighting in the north"),
        ged_row("502", "3", "Taleban", "Civilians", "Kabul city", "34.5553", "69.2075", "2021-08-20"),
        ged_row("503", "1", "Government of Afghanistan", "Taleban", "Helmand province", "31.5930", "64.3710",
                "2021-08-03", prec="4", clarity="2"),
        ged_row("504", "1", "Government of Afghanistan", "Taleban", "Afghanistan", "33.9", "67.7",
                "2021-08-03", prec="6"),
        ged_row("505", "2", "Group A", "Group B", "Herat city", "34.3482", "62.1997", "2021-08-01"),
    ]
    path = write_csv(tmp_path / "ged.csv", GED_HEADER, rows)
    assert sniff(path) == "ucdp"
    with pytest.warns(UserWarning, match="Group A / Group B"):
        ev = read_ged(path)          # default actor table knows "Taleban"
    assert ev["doc"].tolist() == ["ucdp:501", "ucdp:503"]
    first, second = ev.iloc[0], ev.iloc[1]
    assert (first["province"], first["status"], first["kind"], first["date"]) == \
        ("Kunduz", "contested", "fighting", "2021-08-07")
    assert first["sentence"] == "Test headline: fighting in the north" and first["confirmed"]
    assert second["province"] == "Helmand" and second["district"] is None and not second["confirmed"]
    assert second["sentence"] == ("Government of Afghanistan vs Taleban at Helmand province: 3 deaths "
                                  "(best estimate) [UCDP GED 503]")
    assert set(ev["source"]) == {"ucdp"}


def test_own_events_round_trip_jsonl_and_csv(tmp_path, acled_csv):
    with pytest.warns(UserWarning):
        ev = read_acled(acled_csv, actors=ACTORS)
    ev.loc[0, ["start", "end"]] = [3, 9]
    jl = tmp_path / "events.jsonl"
    with open(jl, "w", encoding="utf-8") as fh:
        for rec in ev.astype(object).where(ev.notna(), None).to_dict("records"):
            fh.write(json.dumps(rec) + "\n")
    cs = tmp_path / "events.csv"
    ev.to_csv(cs, index=False)
    for path in (jl, cs):
        assert sniff(path) == "events"
        back = read_event_table(path)
        pd.testing.assert_frame_equal(back[EVENT_COLUMNS], ev[EVENT_COLUMNS], check_dtype=False)
        assert str(back["start"].dtype) == "Int64" and back.loc[0, "start"] == 3
        assert back["confirmed"].tolist() == ev["confirmed"].tolist()
        assert back["source"].tolist() == ["acled"] * len(ev)


def test_events_file_without_extras_and_errors(tmp_path):
    path = tmp_path / "mine.jsonl"
    row = {"doc": "d1", "mention": "Kunduz", "start": 0, "end": 6, "province": "Kunduz", "province_code": "AF-KDZ",
           "district": None, "status": "taliban", "kind": "capture", "actor": "taliban", "date": "2021-08-08",
           "sentence": "Kunduz fell."}
    path.write_text(json.dumps(row) + "\n")
    back = read_events(path)
    assert back.loc[0, "source"] == "text" and back.loc[0, "confirmed"]
    assert back.loc[0, "district"] is None
    docs = tmp_path / "docs.csv"
    docs.write_text("id,text\n1,hello\n")
    assert sniff(docs) is None
    with pytest.raises(InputError, match="docs.csv: not an ACLED export, a UCDP GED CSV or a geoevents events"):
        read_event_table(docs)


def test_imported_events_go_into_the_store(tmp_path, acled_csv):
    with pytest.warns(UserWarning):
        ev = read_acled(acled_csv, actors=ACTORS)
    store = EventStore(tmp_path / "s.duckdb")
    assert store.add(ev) == 4
    assert store.add(ev) == 0
    assert sorted(store.events()["sources"].map(tuple)) == [("acled:AFG1001",), ("acled:AFG1002",),
                                                            ("acled:AFG1003",), ("acled:AFG1006",)]
