"""Dates in news text: absolute, relative to the publication date, and spans (geoevents.dates)."""
from __future__ import annotations

import datetime as dt

import pytest

from geoevents.dates import doc_year, find_dates, sentence_date, to_date

D = dt.date


def resolved(text, ref, **kw):
    return [(text[m.start:m.end], m.kind, m.date) for m in find_dates(text, ref, **kw)]


@pytest.mark.parametrize(
    "text, ref, expected",
    [
        ("The militants seized the town on August 15.", "2021-09-06", ("August 15", D(2021, 8, 15))),
        ("It fell on 15 August 2021.", None, ("15 August 2021", D(2021, 8, 15))),
        ("Officials met on Aug. 26 in the capital.", "2021-09-01", ("Aug. 26", D(2021, 8, 26))),
        ("Fighting resumed on Sept. 3.", "2021-09-06", ("Sept. 3", D(2021, 9, 3))),
        ("The statement was issued on July 14, 2021.", "2021-07-20", ("July 14, 2021", D(2021, 7, 14))),
        ("Officials said on Tuesday, June 08, that the district fell.", "2021-06-08", ("June 08", D(2021, 6, 8))),
    ],
)
def test_absolute_dates(text, ref, expected):
    found = [(t, d) for t, kind, d in resolved(text, ref) if kind == "absolute"]
    assert expected in found


def test_missing_year_takes_the_publication_year_and_rolls_back_over_new_year():
    assert resolved("on December 30", "2022-01-04") == [("December 30", "absolute", D(2021, 12, 30))]
    assert resolved("on March 3", "2021-08-01") == [("March 3", "absolute", D(2021, 3, 3))]


def test_missing_year_without_reference_uses_the_given_year_or_none():
    assert resolved("Kabul, Aug 12 (AP)", None) == [("Aug 12", "absolute", None)]
    assert resolved("Kabul, Aug 12 (AP)", None, year=2021) == [("Aug 12", "absolute", D(2021, 8, 12))]


@pytest.mark.parametrize(
    "phrase, ref, day",
    [
        ("on Monday", "2021-09-06", D(2021, 9, 6)),      # the publication day itself is a Monday
        ("on Sunday", "2021-08-09", D(2021, 8, 8)),      # the day before
        ("late on Friday", "2021-06-07", D(2021, 6, 4)),
        ("last Monday", "2021-09-06", D(2021, 8, 30)),   # "last" on the same weekday means a week back
        ("yesterday", "2021-08-16", D(2021, 8, 15)),
        ("last night", "2021-08-16", D(2021, 8, 15)),
        ("today", "2021-08-16", D(2021, 8, 16)),
        ("last week", "2021-08-16", D(2021, 8, 9)),
        ("earlier this month", "2021-08-16", D(2021, 8, 1)),
        ("three days ago", "2021-06-08", D(2021, 6, 5)),
        ("two weeks ago", "2021-07-25", D(2021, 7, 11)),
        ("a month ago", "2021-07-20", D(2021, 6, 20)),
    ],
)
def test_relative_dates(phrase, ref, day):
    text = f"The district fell {phrase}, officials said."
    found = [(t, d) for t, kind, d in resolved(text, ref) if kind == "relative"]
    assert len(found) == 1
    matched, date = found[0]
    assert date == day
    assert phrase.endswith(matched.split()[-1])


def test_relative_dates_need_a_reference():
    assert resolved("The town fell on Monday.", None) == [("on Monday", "relative", None)]


@pytest.mark.parametrize(
    "text",
    [
        "He was murdered by the Taliban almost exactly 20 years ago.",
        "The city was captured twice in the past.",
        "They did not achieve it when they first ruled the country between 1996 and 2001.",
        "The last time was in 2016.",
        "Hundreds were killed in the city in 1998.",
    ],
)
def test_spans_and_years_in_the_past_are_historic(text):
    kinds = {kind for _, kind, _ in resolved(text, "2021-09-06")}
    assert kinds == {"historic"}


def test_this_year_is_not_historic():
    assert resolved("Since the start of 2021 the front has moved.", "2021-09-06") == []


def test_month_without_a_day():
    assert resolved("the border town fell in July", "2021-08-02") == [("in July", "month", D(2021, 7, 1))]
    # a later month than the publication month is last year's
    assert resolved("in November", "2021-03-01")[0][2] == D(2020, 11, 1)


def test_sentence_date_prefers_the_expression_nearest_the_cue():
    text = "After talks on Monday, the Taliban seized the city on Wednesday."
    m = sentence_date(text, "2021-08-13", anchor=text.index("seized"), anchor_end=text.index("seized") + 6)
    assert (text[m.start:m.end], m.date) == ("on Wednesday", D(2021, 8, 11))
    assert sentence_date("No date here.", "2021-08-13") is None


def test_doc_year_and_to_date():
    assert doc_year("Updated: 08 August 2021 13:42 IST") == 2021
    assert doc_year("no year") is None
    assert to_date("2021-08-15") == D(2021, 8, 15)
    assert to_date(dt.datetime(2021, 8, 15, 10)) == D(2021, 8, 15)
    assert to_date(None) is None and to_date("") is None and to_date("not a date") is None


def test_parts_of_a_month():
    from geoevents.dates import find_dates

    got = [(t, [d.date.isoformat() for d in find_dates(t, "2021-09-06")])
           for t in ("in early August", "in mid-August", "in late August", "in August")]
    assert got == [("in early August", ["2021-08-01"]), ("in mid-August", ["2021-08-15"]),
                   ("in late August", ["2021-08-25"]), ("in August", ["2021-08-01"])]
    # never after the publication date
    assert [d.date.isoformat() for d in find_dates("in late August", "2021-08-20")] == ["2021-08-20"]
