"""Properties (issue 8): exact offsets for any text, order-free status folding, JSON round-trips,
and a fuzz test of 10,000 generated texts through the text pipeline.
"""
from __future__ import annotations

import csv
import io
import json
import random
import time

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents.events import extract_events
from geoevents.output import records, write_rows
from geoevents.places import find_places
from geoevents.schema import EVENT_COLUMNS, KINDS, PLACE_COLUMNS, STATUSES
from geoevents.status import fold, status

# spoofed words (Cyrillic letters in "Kabul") warn by design; the fuzz inputs are full of them
pytestmark = pytest.mark.filterwarnings("ignore:(?s).*look-alike letters:UserWarning")

NAMES = [
    "Kabul", "Kunduz", "Herat", "Kandahar", "Panjshir", "Mazar-e Sharif", "Mazar-i-Sharif", "Lashkar Gah",
    "Khenj District", "Nad Ali district", "Marja", "Qala-i-Naw", "Sar-e Pol", "Bamyan", "Bāmyān", "Pul-i-Khumri",
    "Taloqan", "Zaranj", "Ghazni", "Badakhshan", "Andarab", "Dara-i-Sufi", "Spin Boldak", "Torkham",
    "Islam Qala", "Pakistan", "Tajikistan", "Iran", "\u06a9\u0627\u0628\u0644", "\u0647\u0631\u0627\u062a",
    "K\u0430bul", "KABUL", "kabul", "Kondoz", "Panjsher", "Ｋａｂｕｌ",
]
CUES = [
    "fell to the Taliban", "was captured by the Taliban", "Taliban fighters captured", "resistance forces retook",
    "clashes continued in", "remains under the control of the NRF", "the Taliban claimed", "officials denied",
    "has not fallen", "could fall", "surrendered to", "took control of", "conflicting reports about",
    "on Sunday", "on 15 August 2021", "last week", "the city", "the valley", "the province", "it fell",
    "in", "near", "of", "and", ",", "'s", "district", "province", "village of", "said", "according to",
]
ODD = [
    "\x00", "\x07", "\x1b[31m", "\t", "\r\n", "\n", "\n\n", "\u2028", "\u0085", "\u200b", "\u200d", "\u200e",
    "\u200f", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u0301", "\u0640", "\ufffd", "\U0001f600", "\u00a0",
    "\u3000", "<script>", "</b>", "&amp;", "\"", "'", "\u2019", "(", ")", "[", "—", "-", "...", ".", "?", "!",
    "ß", "İ", "ǅ", "ﬁ", "\u0410", "\u03b1",
]
# Lone surrogates ("\ud800") never reach the per-text functions: geoevents.docs replaces
# each with U+FFFD on the way in (offsets unchanged); see test_lone_surrogates_replaced_on_input.


def _nasty(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 30)):
        r = rng.random()
        if r < 0.3:
            parts.append(rng.choice(NAMES))
        elif r < 0.6:
            parts.append(rng.choice(CUES))
        elif r < 0.8:
            parts.append(rng.choice(ODD))
        elif r < 0.9:
            parts.append("".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 6))))
        else:
            parts.append(rng.choice(NAMES).upper() if rng.random() < 0.5 else rng.choice(NAMES).lower())
        parts.append(rng.choice([" ", " ", " ", "", ". ", ", ", "\n", "-"]))
    return "".join(parts)


def _check_offsets(text: str, rows: list[dict]) -> None:
    for r in rows:
        assert 0 <= r["start"] <= r["end"] <= len(text), r
        assert text[r["start"]:r["end"]] == r["mention"], (text, r)


texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(CUES), st.sampled_from(ODD), st.text(max_size=8)),
             max_size=25).map(" ".join),
)


# --------------------------------------------------------------------------- offsets
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_offsets_exact_for_any_text(text):
    rows = find_places(text, doc="h")
    _check_offsets(text, rows)
    assert all(set(r) == set(PLACE_COLUMNS) for r in rows)
    evs = extract_events(text, doc="h", date="2021-08-15", places=rows)
    _check_offsets(text, evs)
    for e in evs:
        assert e["status"] in STATUSES and e["kind"] in KINDS


# --------------------------------------------------------------------------- status folding
REGIONS = [("Kunduz", "AF-KDZ", None), ("Kunduz", "AF-KDZ", "Imam Sahib"), ("Herat", "AF-HER", None),
           ("Herat", "AF-HER", "Hirat"), ("Panjshir", "AF-PAN", "Khenj (Hese- Awal)")]
DATES = [None, "2021-08-01", "2021-08-09", "2021-08-15", "2021-09-06"]


@st.composite
def event_rows(draw, max_size=25):
    n = draw(st.integers(0, max_size))
    rows = []
    for i in range(n):
        prov, code, dist = draw(st.sampled_from(REGIONS))
        rows.append({
            "doc": draw(st.sampled_from(["a", "b", "c"])), "mention": prov, "start": i, "end": i + len(prov),
            "province": prov, "province_code": code, "district": dist,
            "status": draw(st.sampled_from(STATUSES)), "kind": draw(st.sampled_from(KINDS)),
            "actor": draw(st.sampled_from([None, "taliban", "resistance"])), "date": draw(st.sampled_from(DATES)),
            "sentence": draw(st.text(max_size=40)) + f" #{i}", "confirmed": draw(st.booleans()),
        })
    return rows


def _comparable(frame: pd.DataFrame) -> dict:
    out = {}
    for r in frame.drop(columns="geometry").to_dict("records"):
        key = (r.get("doc"), r["province"], r["district"])
        out[key] = (r["status"], r["since"], r["confirmed"], r["n_events"], sorted(r["evidence"]),
                    sorted(r["sources"]))
    return out


@settings(max_examples=100, deadline=None)
@given(rows=event_rows(), data=st.data())
def test_fold_is_independent_of_event_order(rows, data):
    """Rules 1-3 of geoevents.status: date order, same-day events read together (no analyst overrides)."""
    for region in {(r["province"], r["district"]) for r in rows}:
        evs = [r for r in rows if (r["province"], r["district"]) == region]
        shuffled = data.draw(st.permutations(evs))
        a, b = fold(evs), fold(shuffled)
        assert (a.status, a.since, a.last, a.confirmed) == (b.status, b.since, b.last, b.confirmed)


@settings(max_examples=30, deadline=None)
@given(rows=event_rows(), data=st.data(), by=st.sampled_from(["all", "doc"]))
def test_status_is_independent_of_event_order(rows, data, by):
    shuffled = data.draw(st.permutations(rows))
    a = status(pd.DataFrame(rows, columns=EVENT_COLUMNS + ["confirmed"]), by=by)
    b = status(pd.DataFrame(shuffled, columns=EVENT_COLUMNS + ["confirmed"]), by=by)
    assert _comparable(a) == _comparable(b)


# --------------------------------------------------------------------------- JSON round-trips
@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_place_and_event_rows_round_trip_through_jsonl(text):
    prow = pd.DataFrame(find_places(text, doc="d\n\"x\""), columns=PLACE_COLUMNS)
    erow = pd.DataFrame(extract_events(text, doc="d", date="2021-08-15"), columns=EVENT_COLUMNS)
    for frame, columns in ((prow, PLACE_COLUMNS), (erow, EVENT_COLUMNS)):
        buf = io.StringIO()
        write_rows(frame, columns, "jsonl", buf)
        lines = buf.getvalue().split("\n")
        assert lines[-1] == "" and len(lines) == len(frame) + 1  # one row per line, whatever the text holds
        back = [json.loads(line) for line in lines[:-1]]
        assert back == records(frame, columns)
        for row in back:
            assert list(row) == list(columns)
            assert isinstance(row["start"], int) and isinstance(row["end"], int)
            assert text[row["start"]:row["end"]] == row["mention"]
        # CSV rows read back whole, whatever line breaks the text holds
        buf = io.StringIO()
        write_rows(frame, columns, "csv", buf)
        got = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
        assert got[0] == list(columns) and len(got) == len(frame) + 1
        assert [r[columns.index("mention")] for r in got[1:]] == list(frame["mention"])


@settings(max_examples=30, deadline=None)
@given(rows=event_rows(max_size=12))
def test_status_of_events_read_back_from_jsonl_is_the_same(rows):
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS + ["confirmed"])
    buf = io.StringIO()
    write_rows(frame, EVENT_COLUMNS + ["confirmed"], "jsonl", buf)
    back = pd.DataFrame([json.loads(x) for x in buf.getvalue().split("\n") if x] if rows else [],
                        columns=EVENT_COLUMNS + ["confirmed"])
    assert _comparable(status(back)) == _comparable(status(frame))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=event_rows(max_size=10))
def test_events_csv_file_round_trip(tmp_path, rows):
    from geoevents.export import export_events_csv

    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS + ["confirmed"])
    out = tmp_path / "events.csv"
    export_events_csv(frame, out)
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(back["sentence"]) == [r["sentence"] for r in rows]
    assert list(back["province"]) == [r["province"] for r in rows]
    assert [int(x) for x in back["start"]] == [r["start"] for r in rows]


# --------------------------------------------------------------------------- fuzz
def test_fuzz_10000_generated_texts_through_the_text_pipeline():
    """10,000 seeded nasty texts (place names, cues, scripts, control and bidi characters, lone
    surrogates) through find_places and extract_events: no exception, offsets exact."""
    rng = random.Random(8)
    t0 = time.perf_counter()
    n_places = n_events = 0
    for i in range(10_000):
        text = _nasty(rng)
        try:
            rows = find_places(text, doc=f"f{i}")
            _check_offsets(text, rows)
            evs = extract_events(text, doc=f"f{i}", date="2021-08-15", places=rows)
            _check_offsets(text, evs)
        except Exception as exc:  # pragma: no cover - report the input that failed
            pytest.fail(f"input {i} {text!r}: {type(exc).__name__}: {exc}")
        n_places += len(rows)
        n_events += len(evs)
    assert n_places > 10_000 and n_events > 500  # the inputs do exercise matching and the rules
    assert time.perf_counter() - t0 < 240


def test_lone_surrogates_replaced_on_input():
    import warnings

    from geoevents.docs import as_docs

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = as_docs("Kabul fell to the Taliban \ud800 and Herat\udfff.")
    assert docs.loc[0, "text"] == "Kabul fell to the Taliban \ufffd and Herat\ufffd."
    assert any("surrogate" in str(w.message) for w in caught)
