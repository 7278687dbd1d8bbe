"""Hostile text through the whole pipeline (issue 8): markup, control characters, very long
lines, right-to-left marks, look-alike letters.

tests/test_map.py checks escaping of hand-built frames in the map; here the hostile text
comes from documents, through places/events/status, the CLI and the notebook views.
"""
from __future__ import annotations

import io
import json
import sys
import warnings
from pathlib import Path

import pytest

import geoevents as ge
from geoevents.cli import main
from geoevents.places import find_places
from geoevents.reprs import frame_html

PAYLOAD = "<script>window.__hostile=1</script>"
IMG = '<img src=x onerror="window.__hostile=2">'
HOSTILE_TEXT = (
    f"Taliban fighters captured Kunduz {PAYLOAD} on Sunday, officials said. "
    f"Clashes continued in Lashkar Gah {IMG} on Monday.\n"
)
HOSTILE_TITLE = "</title></script><script>window.__hostile=3</script>"
HOSTILE_URL = 'javascript:alert("x")'
RAW = (PAYLOAD, "<img src=x", "onerror=\"window", "<script>window.__hostile")


def run(args, capsys):
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_raw_markup(page: str) -> None:
    for raw in RAW:
        assert raw not in page, raw
    assert "javascript:alert" not in page


@pytest.fixture(scope="module")
def hostile_jsonl(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("hostile") / "feed.jsonl"
    docs = [
        {"id": "h1", "text": HOSTILE_TEXT, "date": "2021-08-09", "url": HOSTILE_URL, "title": HOSTILE_TITLE},
        {"id": "h2\"><script>", "text": "Resistance fighters retook Kunduz on Tuesday.", "date": "2021-08-10",
         "url": "https://news.example.org/\"><script>window.__hostile=4</script>", "title": IMG},
    ]
    p.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def hostile_frames():
    docs = __import__("pandas").DataFrame([{"id": "h1", "text": HOSTILE_TEXT, "date": "2021-08-09",
                                            "url": HOSTILE_URL, "title": HOSTILE_TITLE}])
    pl = ge.places(docs)
    ev = ge.events(docs)
    st = ge.status(ev)
    return pl, ev, st


# --------------------------------------------------------------------------- HTML outputs
def test_pipeline_keeps_the_text_as_given(hostile_frames):
    pl, ev, st = hostile_frames
    assert {"Kunduz", "Lashkar Gah"} <= set(pl["mention"])
    assert len(ev) and any(PAYLOAD in s for s in ev["sentence"])  # data is data: the sentence as written


@pytest.mark.parametrize("offline", [False, True])
def test_cli_map_escapes_text_title_and_urls(hostile_jsonl, tmp_path, capsys, offline):
    out = tmp_path / "hostile.html"
    args = ["map", hostile_jsonl, "-o", out, "--title", HOSTILE_TITLE] + (["--offline"] if offline else [])
    code, _, err = run(args, capsys)
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert_no_raw_markup(page)
    assert "window.__hostile=3</script>" not in page  # the title cannot close a script or the <title>
    assert "&lt;/title&gt;" in page or "\\u003c/title\\u003e" in page


def test_cli_district_map_escapes(hostile_jsonl, tmp_path, capsys):
    out = tmp_path / "district.html"
    code, _, err = run(["map", hostile_jsonl, "-o", out, "--level", "district", "--offline"], capsys)
    assert code == 0, err
    assert_no_raw_markup(out.read_text(encoding="utf-8"))


def test_notebook_map_repr_escapes(hostile_frames):
    import html
    import re

    _, ev, st = hostile_frames
    m = ge.map(st, ev, title=HOSTILE_TITLE)
    view = m._repr_html_()
    # the notebook view is an iframe whose srcdoc attribute holds the page: nothing breaks out of it ...
    srcdoc = re.search(r'srcdoc="([^"]*)"', view)
    assert srcdoc is not None and "<" not in srcdoc.group(1)
    # ... and the page the browser renders from it has the hostile text escaped
    assert_no_raw_markup(html.unescape(srcdoc.group(1)))
    assert_no_raw_markup(m.get_root().render())


@pytest.mark.parametrize("which", [0, 1, 2])
def test_notebook_frame_reprs_escape(hostile_frames, which):
    frame = hostile_frames[which]
    html = frame_html(frame)
    assert_no_raw_markup(html)
    if which == 1:
        assert "&lt;script&gt;" in html  # shown as text


def test_svg_title_is_escaped(hostile_frames, tmp_path):
    _, ev, st = hostile_frames
    out = tmp_path / "hostile.svg"
    ge.export(st, out, events=ev, title=HOSTILE_TITLE, subtitle=IMG)
    svg = out.read_text(encoding="utf-8")
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;window.__hostile=3" in svg  # the title is there, as text
    import xml.etree.ElementTree as ET

    ET.fromstring(svg)  # still well-formed XML


# --------------------------------------------------------------------------- odd characters
CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\n\t\r") + "\x7f\x85\u2028\u2029"


@pytest.mark.parametrize("text,mention", [
    ("Taliban fighters captured \x00Kunduz\x07 on Sunday.", "Kunduz"),
    (f"Taliban{CONTROL} fighters captured Kunduz{CONTROL} on Sunday.", "Kunduz"),
    ("\x1b[31mTaliban fighters captured Kunduz\x1b[0m on Sunday.", "Kunduz"),
    ("Taliban fighters captured \u200fKunduz\u200e on Sunday.", "Kunduz"),           # RLM / LRM
    ("Taliban fighters captured \u202eKunduz\u202c on Sunday.", "Kunduz"),           # RLO ... PDF
    ("Taliban fighters captured Kun\u200bduz on Sunday.", "Kun\u200bduz"),            # zero-width space inside
    ("\ufeffTaliban fighters captured Kunduz on Sunday.", "Kunduz"),                 # BOM
    ("\u0637\u0627\u0644\u0628\u0627\u0646 \u200f\u06a9\u0627\u0628\u0644\u200f \u0631\u0627 \u06af\u0631\u0641\u062a\u0646\u062f", "\u06a9\u0627\u0628\u0644"),
])
def test_control_and_bidi_characters_keep_offsets(text, mention):
    rows = find_places(text)
    assert [r["mention"] for r in rows] == [mention]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["mention"]
    evs = ge.events(text)
    for _, e in evs.iterrows():
        assert text[e["start"]:e["end"]] == e["mention"]


def test_control_characters_in_cli_output_stay_one_row_per_line(tmp_path, capsys):
    p = tmp_path / "ctrl.txt"
    text = "Taliban fighters captured Kunduz\u2028 on Sunday.\x85 Clashes continued in Herat\r on Monday.\x0b\n"
    p.write_bytes(text.encode("utf-8"))
    for fmt in ("jsonl", "csv", "table"):
        code, out, err = run(["events", p, "--format", fmt], capsys)
        assert code == 0, err
        if fmt == "jsonl":
            # splitlines() would also break at U+2028/U+0085: JSON Lines must break only at \n
            rows = [json.loads(line) for line in out.split("\n") if line]
            assert {r["mention"] for r in rows} >= {"Kunduz", "Herat"}
            assert all("\n" not in line for line in out.split("\n"))


def test_very_long_lines(tmp_path, capsys):
    """One 1,000,000-character line (no line break) with a statement at each end."""
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing. " * 19_300
    text = "Taliban fighters captured Kunduz on Sunday. " + filler + " Clashes continued in Herat on Monday."
    p = tmp_path / "oneline.txt"
    p.write_text(text, encoding="utf-8")
    code, out, err = run(["events", p, "--format", "jsonl"], capsys)
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["mention"] for r in rows} == {"Kunduz", "Herat"}
    for r in rows:
        assert text[r["start"]:r["end"]] == r["mention"]


def test_long_line_without_sentence_breaks():
    # 60,000 characters of names with no full stop: bounded (no sentence is read for events)
    text = "Taliban captured " + ", ".join(["Kunduz", "Herat", "Ghazni", "Farah"] * 1_500)
    rows = find_places(text)
    assert len(rows) == 6_000
    assert ge.events(text).empty


# --------------------------------------------------------------------------- look-alike letters
@pytest.mark.parametrize("spoof", [
    "K\u0430bul",    # Cyrillic a
    "\u041aabul",    # Cyrillic Ka
    "Kab\u03c5l",    # Greek upsilon
    "Kabu\u04cf",    # Cyrillic palochka
])
def test_homoglyph_kabul_is_not_matched_silently(spoof):
    text = f"Taliban fighters captured {spoof} on Sunday."
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        rows = find_places(text, doc="spoofed")
    matched = [r for r in rows if r["province"] == "Kabul"]
    msgs = [str(x.message) for x in w]
    # either no match, or a warning that names the word: never a silent match
    assert not matched or any(spoof in m for m in msgs)
    if not matched and "\u04cf" not in spoof:
        assert any("spoofed" in m and "look-alike" in m for m in msgs), msgs


def test_homoglyph_warning_in_cli_is_one_line_and_other_places_still_match(tmp_path, capsys):
    p = tmp_path / "spoof.txt"
    p.write_text("Taliban fighters captured K\u0430bul and Kunduz on Sunday.", encoding="utf-8")
    code, out, err = run(["places", p, "--format", "jsonl"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["mention"] for r in rows] == ["Kunduz"]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geoevents: warning: ") and "K\u0430bul" in lines[0]


def test_fullwidth_letters_are_one_script_and_match():
    text = "Taliban fighters captured \uff2b\uff41\uff42\uff55\uff4c on Sunday."
    rows = find_places(text)
    assert [(r["mention"], r["province"]) for r in rows] == [("\uff2b\uff41\uff42\uff55\uff4c", "Kabul")]


def test_table_format_does_not_pass_terminal_escapes(tmp_path, capsys):
    """`--format table` (the default on a terminal) shows article text: no escape sequence,
    carriage return or bidi override reaches the terminal."""
    p = tmp_path / "escapes.txt"
    p.write_text("Taliban \x1b]0;pwned\x07 fighters \x1b[2J captured Kunduz on Sunday\u202e, officials\x1b[8m said.\n",
                 encoding="utf-8")
    code, out, err = run(["events", p, "--format", "table"], capsys)
    assert code == 0, err
    assert "Kunduz" in out
    for ch in ("\x1b", "\x07", "\r", "\u202e"):
        assert ch not in out


def test_messages_stay_one_line_whatever_the_input_holds(tmp_path, capsys):
    # a document id with a line break and an escape sequence, in a warning ...
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"id": "a\nb\x1b[2J", "text": "Taliban fighters captured K\u0430bul."}) + "\n")
    code, out, err = run(["places", p, "--format", "jsonl"], capsys)
    assert code == 0 and len(err.strip().splitlines()) == 1 and "\x1b" not in err, err
    # ... and an option value in an error
    code, out, err = run(["status", p, "--as-of", "2021\n\x1b[2J08"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "\x1b" not in err, err
    code, out, err = run(["places", p, "--format", "x\ny"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
