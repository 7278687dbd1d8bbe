"""Dates in news text: absolute, relative to the publication date, and spans.

:func:`find_dates` lists every date expression of a sentence with the day it
stands for:

- absolute: "August 15", "15 August 2021", "Aug. 26", "June 08", "2 July 2021";
  a missing year is the reference (publication) year;
- relative to the publication date ``ref``: "on Monday" (the last Monday on or
  before ``ref``), "yesterday", "today", "last night", "last week", "earlier
  this month", "three days ago", "a month ago";
- the past: "20 years ago", "in 2016", "in 1998", "in the past", "when they
  first ruled" are marked ``historic`` -- they are not the date of a current
  event, and a statement dated by them is about history.

Relative expressions need ``ref``; without it they resolve to None.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .sentences import _ascii, _case_free, _holds_any

__all__ = ["DateMatch", "find_dates", "nearest", "sentence_date", "to_date", "doc_year"]

MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3,
    "few": 3, "several": 3,
}

_MON = r"(?P<mon>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM = r"(?P<n>\d+|a couple of|a few|several|few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", re.I)),
    ("dmy", re.compile(rf"\b{_DAY}\s+{_MON}\b(?:,?\s+{_YEAR}\b)?", re.I)),
    ("ago", re.compile(rf"\b(?:almost\s+|nearly\s+|about\s+|some\s+|exactly\s+|almost exactly\s+)?{_NUM}\s+(?P<unit>hour|day|week|fortnight|month|year|decade)s?\s+ago\b", re.I)),
    ("weekday", re.compile(r"\b(?=[eflmostw])(?:(?P<mod>last|on|late|early|this|since)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("word", re.compile(r"\b(?P<w>yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight|earlier this week|this week|last week|earlier this month|this month|last month|this weekend|last weekend)\b", re.I)),
    ("monthonly", re.compile(r"\b(?:in|since|during|until|by)\s+(?P<part>early\s+|mid-?|late\s+)?(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december)\b(?!\s+\d)(?:\s+(?P<year>(?:19|20)\d\d))?", re.I)),
    ("year", re.compile(r"\b(?:in|since|between|from|until|of|by|during)\s+(?:the\s+(?:late|early|mid-?)\s*)?(?P<year>(?:19|20)\d\d)s?\b", re.I)),
    ("past", re.compile(r"\b(?:in the past(?!\s+(?:\w+\s+)?(?:week|weeks|days?|hours?|months?|fortnight|24|48|72|few|several))|(?<!since )last year|a year ago|in the late (?:19|20)\d\ds|(?:when|while) they (?:first )?ruled|during (?:its|their) (?:previous |first )?rule|previous(?:ly)? (?:\w+ )?(?:rule|government|regime)|decades? ago|years? ago|(?:last|first) time)\b", re.I)),
]


#: Case-free twins of _PATTERNS, run on the lower-cased text (see :func:`geoevents.sentences._case_free`).
_PATTERNS_LOW = {name: _case_free(pat) for name, pat in _PATTERNS}

_DIGIT = re.compile(r"\d")
_DIGIT_ASCII = re.compile(r"\d", re.ASCII)
#: _PATTERNS_LOW (else _PATTERNS) compiled for ASCII text (see :func:`geoevents.sentences._ascii`), when first needed.
_PATTERNS_ASCII: dict[str, re.Pattern] = {}


def _ascii_pattern(name: str) -> re.Pattern:
    """The pattern ``name`` of _PATTERNS_ASCII (compiled now)."""
    pat = _PATTERNS_ASCII[name] = _ascii(_PATTERNS_LOW[name] or dict(_PATTERNS)[name])
    return pat


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WORD_HINTS = ("yesterday", "today", "tonight", "morning", "afternoon", "evening", "night", "week", "month")
_PAST_HINTS = ("past", "year", "rule", "previous", "decade", "time", "1990")


def _worth(name: str, low: str, digits: bool, months: bool) -> bool:
    """Cheap test that pattern ``name`` can match at all (most sentences have no date)."""
    if name in ("mdy", "dmy"):
        return digits and months
    if name == "ago":
        return " ago" in low
    if name == "weekday":
        return "day" in low
    if name == "word":
        return any(w in low for w in _WORD_HINTS)
    if name == "monthonly":
        return months
    if name == "year":
        return digits
    return any(w in low for w in _PAST_HINTS)


#: Whether a lower-cased string holds a month stem or a hint word (one Aho-Corasick pass each).
_HAS_MONTH = _holds_any(_MONTH_STEMS)
_HAS_WORD_HINT = _holds_any(_WORD_HINTS)
_HAS_PAST_HINT = _holds_any(_PAST_HINTS)


def _worth_all(low: str, digits: bool, months: bool) -> dict[str, bool]:
    """:func:`_worth` of every pattern at once."""
    return {"mdy": digits and months, "dmy": digits and months, "ago": " ago" in low, "weekday": "day" in low,
            "word": _HAS_WORD_HINT(low), "monthonly": months, "year": digits, "past": _HAS_PAST_HINT(low)}


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in a sentence.

    Attributes
    ----------
    start, end : int
        Offsets of the expression in the searched string.
    kind : str
        ``absolute``, ``relative``, ``month`` (a month without a day) or ``historic``.
    date : datetime.date or None
        The day it stands for (None when it cannot be resolved).
    """

    start: int
    end: int
    kind: str
    date: dt.date | None


def to_date(value) -> dt.date | None:
    """Return ``value`` (str ``YYYY-MM-DD``, date, Timestamp or None) as a :class:`datetime.date`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas Timestamp
        try:
            return value.date()
        except (TypeError, ValueError):
            return None
    text = str(value).strip()
    if not text or text.lower() in {"none", "nan", "nat", "null"}:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift(ref: dt.date, n: int, unit: str) -> dt.date:
    unit = unit.lower()
    if unit == "hour":
        return ref
    if unit == "day":
        return ref - dt.timedelta(days=n)
    if unit == "week":
        return ref - dt.timedelta(days=7 * n)
    if unit == "fortnight":
        return ref - dt.timedelta(days=14 * n)
    if unit == "month":
        m = ref.month - n
        y = ref.year + (m - 1) // 12
        m = (m - 1) % 12 + 1
        return _safe(y, m, min(ref.day, calendar.monthrange(y, m)[1]))
    years = n * (10 if unit == "decade" else 1)
    return _safe(ref.year - years, ref.month, min(ref.day, 28)) or ref


def _word_date(word: str, ref: dt.date) -> dt.date:
    w = word.lower()
    if w in {"yesterday", "last night"}:
        return ref - dt.timedelta(days=1)
    if w in {"last week", "last weekend"}:
        return ref - dt.timedelta(days=7)
    if w == "earlier this week":
        return ref - dt.timedelta(days=min(3, ref.weekday() or 3))
    if w == "earlier this month":
        return ref.replace(day=1) if ref.day > 1 else ref
    if w == "last month":
        return _shift(ref, 1, "month")
    return ref


def _year_for(month: int, day: int, ref: dt.date | None, year: int | None) -> int | None:
    if year is not None:
        return year
    if ref is None:
        return None
    # "December 30" read in a January article is last year's
    candidate = _safe(ref.year, month, day)
    if candidate is not None and (candidate - ref).days > 120:
        return ref.year - 1
    return ref.year


def find_dates(text: str, ref=None, year: int | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, resolved against the publication date ``ref``.

    Parameters
    ----------
    text : str
        A sentence (or any text).
    ref : str, datetime.date or None
        The publication date; relative expressions resolve against it.
    year : int, optional
        Year for absolute dates without one when ``ref`` is None (e.g. the
        year seen elsewhere in the document).

    Returns
    -------
    list of DateMatch
        Non-overlapping, in text order.

    Examples
    --------
    >>> [m.date.isoformat() for m in find_dates("seized Kabul on August 15", "2021-09-06")]
    ['2021-08-15']
    >>> [m.date.isoformat() for m in find_dates("on Monday", "2021-09-08")]
    ['2021-09-06']
    >>> find_dates("murdered almost exactly 20 years ago", "2021-09-06")[0].kind
    'historic'
    """
    ref = to_date(ref)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    # the case-free patterns can run on ``low`` (groups read lower-cased; see sentences._lowered)
    folded = len(low) == len(text) and "ı" not in text and "ſ" not in text
    asc = text.isascii()
    digits = bool((_DIGIT_ASCII if asc else _DIGIT).search(text))
    months = _HAS_MONTH(low)
    worth = _worth_all(low, digits, months)
    for name, pat in _PATTERNS:
        if not worth[name]:
            continue
        twin = _PATTERNS_LOW[name] if folded else None
        if asc:  # (the same matches, found faster: see sentences._ascii)
            pat = _PATTERNS_ASCII.get(name) or _ascii_pattern(name)
            twin = pat if twin is not None else None
        for m in (twin.finditer(low) if twin is not None else pat.finditer(text)):
            a, b = m.span()
            if taken and any(a < y and x < b for x, y in taken):
                continue  # overlaps an expression found before
            date = None
            kind = "absolute"
            if name in ("mdy", "dmy"):
                mon = MONTHS.get(m.group("mon").lower().rstrip("."))
                if mon is None:
                    continue
                if name == "mdy" and m.group("mon").lower() == "may" and not m.group("year"):
                    # "may 5" is rarely a date without a year; keep only with a capital M
                    if not text[m.start("mon")].isupper():
                        continue
                day = int(m.group("day"))
                if not 1 <= day <= 31:
                    continue
                y = int(m.group("year")) if m.group("year") else None
                yy = _year_for(mon, day, ref, y if y is not None else None)
                if yy is None:
                    yy = year
                date = _safe(yy, mon, day) if yy else None
                if date is not None and ref is not None and ref.year - date.year >= 2:
                    kind = "historic"
            elif name == "ago":
                n = NUMBERS.get(m.group("n").lower()) if not m.group("n").isdigit() else int(m.group("n"))
                unit = m.group("unit").lower()
                kind = "historic" if unit in ("year", "decade") else "relative"
                date = _shift(ref, n or 1, unit) if ref else None
            elif name == "weekday":
                mod = (m.group("mod") or "").lower()
                if mod == "since":
                    pass
                wd = WEEKDAYS[m.group("wd").lower()]
                kind = "relative"
                if ref is not None:
                    back = (ref.weekday() - wd) % 7
                    if mod == "last" and back == 0:
                        back = 7
                    date = ref - dt.timedelta(days=back)
            elif name == "word":
                kind = "relative"
                date = _word_date(m.group("w"), ref) if ref else None
            elif name == "monthonly":
                kind = "month"
                mon = MONTHS[m.group("mon").lower()]
                y = int(m.group("year")) if m.group("year") else (ref.year if ref else year)
                if y:
                    if ref is not None and not m.group("year") and mon > ref.month:
                        y -= 1
                    # "in mid-August", "in late August": the middle or the last third of the month
                    part = (m.group("part") or "").strip().lower()[:3]
                    date = _safe(y, mon, {"mid": 15, "lat": 25}.get(part, 1))
                    if date is not None and ref is not None and date > ref and (date.year, date.month) == (ref.year, ref.month):
                        date = ref
                if date is not None and ref is not None and ref.year - date.year >= 2:
                    kind = "historic"
            elif name == "year":
                y = int(m.group("year"))
                this = ref.year if ref else year
                if this is None or this - y >= 1:
                    kind = "historic"
                    date = _safe(y, 1, 1)
                else:
                    continue
            elif name == "past":
                kind = "historic"
            found.append(DateMatch(a, b, kind, date))
            taken.append((a, b))
    found.sort(key=lambda d: d.start)
    return found


def nearest(matches: list[DateMatch], start: int, end: int | None = None) -> DateMatch | None:
    """The match nearest to the span ``start:end`` (a cue word); days beat month-only matches.

    A date after the cue counts a little closer than one before it: English puts
    the time of an event after its verb ("seized the city on Wednesday").
    """
    if not matches:
        return None
    end = start if end is None else end

    def dist(d: DateMatch) -> tuple[bool, float]:
        gap = d.start - end if d.start >= end else (start - d.end) * 1.5 if d.end <= start else 0
        return (d.kind == "month", gap)

    return min(matches, key=dist)


def sentence_date(text: str, ref=None, anchor: int | None = None, year: int | None = None,
                  anchor_end: int | None = None) -> DateMatch | None:
    """The date expression of ``text`` nearest to position ``anchor`` (a cue word).

    Returns
    -------
    DateMatch or None
    """
    return nearest(find_dates(text, ref, year=year), anchor or 0, anchor_end)


def doc_year(text: str) -> int | None:
    """The latest plausible year written in ``text`` ("15 August 2021", "July 14, 2021"), or None."""
    years = [int(y) for y in re.findall(r"\b(20[0-4]\d)\b", text)]
    return max(years) if years else None
