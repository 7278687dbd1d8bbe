"""EventStore: wire copies count once, re-runs add nothing, runs fold like their union."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from geoevents.errors import GeoeventsError, InputError
from geoevents.schema import EVENT_COLUMNS
from geoevents.store import EventStore, normalise_sentence


def ev(doc, sentence, province, code, status, date, *, district=None, kind="capture", url=None,
       mention=None, start=0, confirmed=True):
    return {"doc": doc, "mention": mention or province, "start": start, "end": start + len(mention or province),
            "province": province, "province_code": code, "district": district, "status": status, "kind": kind,
            "actor": "taliban" if status == "taliban" else None, "date": date, "sentence": sentence,
            "confirmed": confirmed, "source": "text", "url": url, "title": None, "lat": None, "lon": None,
            "level": "province"}


WIRE = "Taliban fighters took the provincial capital of Farah on Tuesday, two officials said."
# three outlets carrying the same wire story, with their own typography and dateline
A = [ev("a1", WIRE, "Farah", "AF-FRA", "taliban", "2021-08-10", url="https://one.example/a1"),
     ev("a1", "Government forces still hold the airport in Herat.", "Herat", "AF-HER", "resistance",
        "2021-08-10", url="https://one.example/a1", kind="hold", start=90)]
B = [ev("b7", "FARAH (Wire) — Taliban fighters took the provincial capital of Farah on Tuesday, two officials "
              "said", "Farah", "AF-FRA", "taliban", "2021-08-11", url="https://two.example/b7"),
     ev("b7", "Fighting raged around Lashkar Gah.", "Helmand", "AF-HEL", "contested", "2021-08-11",
        url="https://two.example/b7", kind="fighting", district="Lashkar Gah")]
C = [ev("c3", "Taliban  fighters took the provincial capital of Farah on Tuesday – two officials said.",
        "Farah", "AF-FRA", "taliban", "2021-08-10"),
     ev("c3", "The resistance retook Lashkar Gah, a spokesman claimed.", "Helmand", "AF-HEL", "resistance",
        "2021-08-12", kind="retake", district="Lashkar Gah", confirmed=False)]


def frame(*docs):
    return pd.DataFrame([row for doc in docs for row in doc])


def test_normalise_sentence_ignores_typography_and_dateline():
    assert normalise_sentence(B[0]["sentence"]) == normalise_sentence(WIRE) == normalise_sentence(C[0]["sentence"])
    assert normalise_sentence("Taliban fighters took Farah.") != normalise_sentence(WIRE)


def test_wire_copies_count_once_with_all_sources(tmp_path):
    store = EventStore(tmp_path / "desk.duckdb")
    assert store.add(frame(A, B, C)) == 4
    got = store.events()
    assert list(got.columns[:len(EVENT_COLUMNS)]) == EVENT_COLUMNS
    farah = got[got["province"] == "Farah"]
    assert len(farah) == 1
    row = farah.iloc[0]
    assert row["n_sources"] == 3
    assert row["sources"] == ["c3", "https://one.example/a1", "https://two.example/b7"]
    # represented by the earliest copy (2021-08-10: a1 and c3 tie; smallest source wins)
    assert row["date"] == "2021-08-10" and row["doc"] == "a1" and row["sentence"] == WIRE
    assert len(store) == 4


def test_same_sentence_other_place_or_status_is_another_statement(tmp_path):
    store = EventStore(tmp_path / "s.duckdb")
    rows = [ev("x", "Taliban seized Kunduz and Taloqan.", "Kunduz", "AF-KDZ", "taliban", "2021-08-08"),
            ev("x", "Taliban seized Kunduz and Taloqan.", "Takhar", "AF-TAK", "taliban", "2021-08-08", start=20),
            ev("y", "Taliban seized Kunduz and Taloqan.", "Kunduz", "AF-KDZ", "contested", "2021-08-08")]
    assert store.add(pd.DataFrame(rows)) == 3


def test_rerun_adds_nothing(tmp_path):
    store = EventStore(tmp_path / "s.duckdb")
    assert store.add(frame(A, B)) == 3
    before = store.events()
    assert store.add(frame(A, B)) == 0
    assert store.last_add == {"events": 0, "sources": 0}
    pd.testing.assert_frame_equal(store.events(), before)
    # a new outlet carrying a known story: a source, not an event
    assert store.add(frame(C[:1])) == 0
    assert store.last_add == {"events": 0, "sources": 1}


def test_overlapping_runs_equal_one_run_over_the_union(tmp_path):
    two = EventStore(tmp_path / "two.duckdb")
    two.add(frame(B, C))          # day 2's run first ...
    two.add(frame(A, B))          # ... then a re-run of day 1 overlapping it
    one = EventStore(tmp_path / "one.duckdb")
    one.add(frame(A, B, C))
    got, want = two.events(), one.events()
    pd.testing.assert_frame_equal(got, want)
    assert got["province"].tolist() == ["Farah", "Herat", "Helmand", "Helmand"]
    # the status folded from each store is the same too
    from geoevents.status import status

    folded = pd.DataFrame(status(got)).drop(columns="geometry")
    pd.testing.assert_frame_equal(folded, pd.DataFrame(status(want)).drop(columns="geometry"))
    assert folded.set_index("province").loc["Farah", "status"] == "taliban"
    assert folded.set_index("province").loc["Herat", "status"] == "resistance"


def test_events_round_trip_types(tmp_path):
    store = EventStore(tmp_path / "s.duckdb")
    store.add(frame(C))
    got = store.events()
    assert str(got["start"].dtype) == "Int64"
    row = got[got["kind"] == "retake"].iloc[0]
    assert row["district"] == "Lashkar Gah" and row["confirmed"] is False or row["confirmed"] == False  # noqa: E712
    assert row["url"] is None and row["date"] == "2021-08-12"
    assert got.crs.to_epsg() == 4326


def test_empty_and_missing_store(tmp_path):
    store = EventStore(tmp_path / "none.duckdb")
    assert store.add(pd.DataFrame(columns=EVENT_COLUMNS)) == 0
    assert not (tmp_path / "none.duckdb").exists()
    with pytest.raises(InputError, match="none.duckdb: no such event store"):
        store.events()
    with pytest.raises(InputError, match="lack the column"):
        store.add(pd.DataFrame({"doc": ["x"]}))


def test_foreign_files_are_refused(tmp_path):
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database\n")
    with pytest.raises(InputError, match="notes.duckdb: not a geoevents event store"):
        EventStore(text).events()
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INT)")
    con.close()
    with pytest.raises(InputError, match="not a geoevents event store \\(tables: t\\)"):
        EventStore(other).add(frame(A))


def test_store_locked_by_another_writer(tmp_path):
    path = tmp_path / "s.duckdb"
    EventStore(path).add(frame(A))
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    ready, done = ctx.Event(), ctx.Event()

    def hold():
        con = duckdb.connect(str(path))
        ready.set()
        done.wait(20)
        con.close()

    proc = ctx.Process(target=hold)
    proc.start()
    try:
        assert ready.wait(20)
        with pytest.raises(GeoeventsError, match="in use by another process"):
            EventStore(path).add(frame(B))
    finally:
        done.set()
        proc.join(20)


def test_status_from_the_store_names_every_copy(tmp_path):
    """A wire story stored once still lists all its outlets as the region's sources."""
    from geoevents.status import status

    store = EventStore(tmp_path / "desk.duckdb")
    store.add(frame(A, B, C))
    st = status(store.events())
    farah = st[(st["province"] == "Farah") & st["district"].isna()].iloc[0]
    assert farah["sources"] == ["https://one.example/a1", "c3", "https://two.example/b7"]
    assert farah["n_events"] == 1
    # from the documents themselves (no store), the same three sources
    direct = status(frame(A, B, C))
    assert sorted(direct[(direct["province"] == "Farah") & direct["district"].isna()].iloc[0]["sources"]) == \
        sorted(farah["sources"])
    lashkar = st[st["district"] == "Lashkar Gah"].iloc[0]
    assert lashkar["sources"] == ["c3", "https://two.example/b7"]
