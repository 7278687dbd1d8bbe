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


# --------------------------------------------------------------------------- actor tables
def test_pack_actor_table_maps_acled_state_forces_by_regime(tmp_path):
    """The AFG pack's table: the Republic's army/police are 'resistance', the 2021- forces 'taliban'."""
    rows = [
        acled_row("AFG3001", "2021-07-20", "Government regains territory", GOV_OLD, "Taliban",
                  "Kunduz", "36.7280", "68.8570", "Test note: the army said it cleared the city."),
        acled_row("AFG3002", "2021-07-21", "Government regains territory", "Police Forces of Afghanistan (2004-2021)",
                  "Taliban", "Pul-e Khumri", "35.9446", "68.7151", "Test note: police back in the town."),
        acled_row("AFG3003", "2021-09-02", "Government regains territory", "Military Forces of Afghanistan (2021-)",
                  "National Resistance Front", "Bazarak", "35.3130", "69.5150", "Test note: new army in."),
        acled_row("AFG3004", "2021-08-30", "Headquarters or base established", "National Resistance Front", "",
                  "Bazarak", "35.3130", "69.5150", "Test note: the front set up a base."),
        acled_row("AFG3005", "2021-08-06", "Non-state actor overtakes territory", "Taliban", GOV_OLD,
                  "Zaranj", "30.9590", "61.8600", "Test note: first provincial capital taken."),
        acled_row("AFG3006", "2021-08-06", "Non-state actor overtakes territory",
                  "Unidentified Armed Group (Afghanistan)", "", "Zaranj", "30.9590", "61.8600", "Test note: ?"),
        acled_row("AFG3007", "2021-08-07", "Armed clash", "Islamic State (Afghanistan)", "Civilians (Afghanistan)",
                  "Jalalabad", "34.4265", "70.4515", "Test note: neither side."),
        acled_row("AFG3008", "2021-08-07", "Armed clash", "Islamic State (Afghanistan)",
                  "Military Forces of Afghanistan (2004-2021)", "Jalalabad", "34.4265", "70.4515",
                  "Test note: one side known: fighting."),
        acled_row("AFG3009", "2021-07-01", "Non-state actor overtakes territory", "Taliban; Anti-Taliban militia",
                  "", "Kunduz", "36.7280", "68.8570", "Test note: a name holding both words."),
    ]
    path = write_csv(tmp_path / "acled-regimes.csv", ACLED_HEADER, rows)
    with pytest.warns(UserWarning, match=r"2 event\(s\) skipped: no actor on a known side") as record:
        ev = read_acled(path)                      # no actors=: the default (AFG) pack's table
    assert "Unidentified Armed Group" in str(record[0].message) and "Islamic State" in str(record[0].message)
    got = dict(zip(ev["doc"], zip(ev["status"], ev["kind"], ev["province"])))
    assert got == {
        "acled:AFG3001": ("resistance", "retake", "Kunduz"),
        "acled:AFG3002": ("resistance", "retake", "Baghlan"),
        "acled:AFG3003": ("taliban", "retake", "Panjshir"),
        "acled:AFG3004": ("resistance", "hold", "Panjshir"),
        "acled:AFG3005": ("taliban", "capture", "Nimruz"),
        "acled:AFG3008": ("contested", "fighting", "Nangarhar"),
        "acled:AFG3009": ("resistance", "capture", "Kunduz"),   # first rule wins: anti-Taliban before Taliban
    }


def test_actor_rules_with_periods_and_no_side():
    from geoevents.importers import actor_table

    table = actor_table()                      # the default pack's "actors" entry
    gov = "Government of Afghanistan"          # UCDP's name for the state under both regimes
    assert table.side(gov, "2021-08-14") == "resistance"
    assert table.side(gov, "2021-08-15") == "taliban"
    assert table.side(gov) is None             # a rule with a period needs a date
    assert table.side("Militia (Pro-Government)", "2021-05-01") == "resistance"
    assert table.side("Militia (Pro-Government)", "2022-05-01") is None
    assert table.side("Taleban", "2021-08-01") == "taliban"
    assert table.side("TTP: Tehreek-i-Taliban Pakistan") is None   # null side stops the search
    assert table.side("NRF: National Resistance Front") == "resistance"
    assert table.side("  ") is None and table.side(None) is None
    # the same rules given by the caller, as a list; the legacy {status: [regex]} form still works
    mine = actor_table([{"side": "taliban", "pattern": "^Gov$", "from": "2020-01-01"},
                        {"side": "resistance", "pattern": "^gov$"}])
    assert (mine.side("Gov", "2019-12-31"), mine.side("GOV", "2020-01-01")) == ("resistance", "taliban")
    legacy = actor_table({"resistance": "front", "taliban": ["insurgent"]})
    assert (legacy.side("Some Front"), legacy.side("insurgents")) == ("resistance", "taliban")


@pytest.mark.parametrize("spec,message", [
    ([{"side": "rebels", "pattern": "x"}], "rule 1: side 'rebels' is not a status"),
    ([{"side": "taliban", "pattern": "("}], "rule 1: bad pattern"),
    ([{"side": "taliban"}], "rule 1: the pattern must be a non-empty string"),
    ([{"pattern": "x"}], "rule 1: no side"),
    ([{"side": "taliban", "pattern": "x", "from": "2021-13-01"}], "rule 1: '2021-13-01' is not a date"),
    ([{"side": "taliban", "pattern": "x", "from": "2021-08-15", "until": "2021-08-15"}], "not before until"),
    ([{"side": "taliban", "pattern": "x", "since": "2021"}], "unknown key"),
    ({"rebels": ["x"]}, "'rebels' is not a status"),
    ("taliban", "expected a list of rules"),
])
def test_bad_actor_tables_are_input_errors(spec, message):
    from geoevents.importers import actor_table

    with pytest.raises(InputError, match=f"actor table: .*{message}"):
        actor_table(spec)


def test_another_country_brings_its_own_actor_names(tmp_path):
    """Nothing about the country is in the code: a toy pack's names decide, and a pack without them
    knows only the status words."""
    import shutil
    from pathlib import Path

    from geoevents.errors import PackError
    from geoevents.importers import actor_table

    toy = Path(__file__).resolve().parent / "data" / "packs" / "XYZ"
    pack = tmp_path / "XYZ"
    shutil.copytree(toy, pack)
    meta = json.loads((pack / "pack.json").read_text())
    plain = actor_table(pack=str(pack))
    assert plain.side("Taliban") == "taliban" and plain.side("Xyz Army (1990-)") is None
    meta["actors"] = {"names": [{"side": "resistance", "pattern": r"^Xyz Army \(1990-2020\)"},
                                {"side": "taliban", "pattern": r"^Xyz Army \(2020-\)"}]}
    mine = tmp_path / "packs" / "XYZ"
    shutil.copytree(pack, mine)
    (mine / "pack.json").write_text(json.dumps(meta))
    rows = [acled_row("XYZ1", "2020-03-01", "Government regains territory", "Xyz Army (1990-2020)", "",
                      "Alpha town", "1.5", "10.2", "Test note: army back in Alpha."),
            acled_row("XYZ2", "2021-03-01", "Non-state actor overtakes territory", "Xyz Army (2020-)", "",
                      "Delta town", "0.5", "11.5", "Test note: the new army took Delta.")]
    path = write_csv(tmp_path / "xyz.csv", ACLED_HEADER, rows)
    ev = read_acled(path, pack=str(mine))
    assert ev[["doc", "province", "district", "status"]].values.tolist() == [
        ["acled:XYZ1", "Northland", "Alpha", "resistance"], ["acled:XYZ2", "Southland", "Delta", "taliban"]]
    broken = tmp_path / "broken" / "XYZ"           # (packs are cached by folder: a new one)
    shutil.copytree(pack, broken)
    meta["actors"] = {"names": [{"side": "taliban", "pattern": "[unclosed"}]}
    (broken / "pack.json").write_text(json.dumps(meta))
    with pytest.raises(PackError, match=r"XYZ.pack\.json: actors: rule 1: bad pattern"):
        read_acled(path, pack=str(broken))
