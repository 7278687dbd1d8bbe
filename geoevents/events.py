"""Control-status events: who holds which place, read sentence by sentence.

:func:`events` turns documents into one row per statement about who holds a
place ("Kunduz fell to the Taliban", "Bazarak remains under NRF control",
"clashes continued in Lashkar Gah").  It is rule based and fast:

1. the text is cut into sentences (:mod:`geoevents.sentences`); captions,
   newsletter boxes and teaser links are skipped;
2. place mentions come from :func:`geoevents.places.find_places`; "the city",
   "the valley", "the district", "the province" are resolved to the place they
   refer back to; a province named only to locate a smaller place ("Nijrab
   district in Kapisa", "Herat's Karokh district") is a *container*, not a
   place whose control is stated, and places named as destinations or
   landmarks ("fled to Kabul", "on the outskirts of X") are left out;
3. each sentence is cut into clauses (at "but", "while", "after", ";" ...);
   in a clause, control cues are found with regular expressions: capture
   ("fell to", "seized", "took control of", "handed over"), hold ("remains
   under the control of", "out of the Taliban's control", "holding out"),
   fighting ("clashes continued in", "besieged"), denial ("denied",
   "dismissed", "conflicting reports"), retake ("retook", "regained");
4. each place takes the nearest cue of its clause on the side where the held
   place stands (object of an active verb, subject of a passive one); the
   actor of the cue (Taliban, government forces, resistance...) gives the
   side; negation ("has not fallen") flips a capture into a hold of the other
   side; hypotheticals ("could fall", "if true would give") and statements
   about history ("captured twice in the past", "20 years ago") give no event;
   a statement only one side makes about itself ("the Taliban claimed",
   "a Taliban spokesman said") is kept with ``confirmed=False``;
5. a verb reaches every member of its list, also across a colon or dash
   ("took three crossings: A, B and C"), past a relative clause ("A and B,
   where ..., were handed over"), to "along with C" / "as well as C", to
   "those districts", and to sequels ("B followed", "C went first", "the
   second city to fall, after D"); state predicates count as holds ("is
   under X control", "has held for a month", "remains free", "not
   controlled by X", "will not fall", "X flags were raised over");
   movement ("withdrawn to", "closing in on"), the speaker or where one
   speaks ("Kabul says", "a news conference in X", "announcements by X"),
   landmarks ("the highway linking X") and history ("in the 2000s", "when
   they ruled") are not control; denials, hedges and fighting stay in their
   own clause and place;
6. across sentences: a denial ("X rejected this", "claim the opposite")
   within two sentences of a one-sided claim contests every claimed place;
   "the city" prefers a place named since the last event (not a landmark or
   destination), "the provincial capital" is the pack's capital of the
   province in question, and "both" / "all three" / "the two cities" take
   the last list of that many places; ellipsis ("as are B and C") repeats
   the predicate; a relative clause ("A, which had held out, is now run by
   the Taliban") is background to its main clause; an advance that reaches
   "the outskirts of X" contests X; repelled attacks go to the defenders;
   "briefly took X" leaves X with the other side; questions state nothing;
7. a fact box of dated lines ("Aug 8 - Kunduz, Taloqan") under a heading
   about falls gives a capture per place on the line's date;
8. within a document, what comes later wins on the same day: a hold told
   as earlier news or contradicted by the headline, a fight before "X is now
   under Y control", anything before "later recaptured" is dropped; a retake
   told by the retakers ("we have taken back X") is their hold; a live-blog
   time stamp starts a new topic, and teaser links under "Related:" or "Most
   read" are not read at all.

Statuses: ``taliban`` and ``resistance`` name the two sides of the contract;
``contested`` is fighting, a denied claim, or a place retaken from the
capturing side by no side the text names (a front line).  The actor words live in :data:`ACTORS` and can
be replaced by a pack (``pack.meta["actors"]``).

Speed: the control words (and the anaphor and topic words the rules test
first) are found once per document with an Aho-Corasick automaton over its
letters-only lower-cased text; only paragraphs with a control word and a place
(or a word that may refer to one) are cut into sentences, and only their
sentences with a control word are read.  Long IGNORECASE alternations run as
case-free twins on lower-cased text (:func:`geoevents.sentences._case_free`),
which the regular expression engine scans several times faster; cheap word
tests stand before the costlier patterns.  Every such shortcut gives the same
answer as the pattern it guards.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import attrgetter, itemgetter
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd

from .dates import doc_year, find_dates, nearest, to_date
from .schema import EVENT_COLUMNS
from .sentences import _JUNK_STARTS, Sentence, _ascii, _case_free, _holds_any, _lowered, _maybe_junk, _superset_free, is_junk, is_teaser, is_teaser_header, line_spans, required_pieces

__all__ = ["events", "extract_events", "ACTORS", "EXTRA_EVENT_COLUMNS"]


#: Columns of an events frame after :data:`geoevents.schema.EVENT_COLUMNS`.
EXTRA_EVENT_COLUMNS = ["confirmed", "source", "url", "title", "lat", "lon", "level"]

#: A "sentence" longer than this (characters) is not prose (a run-on list or text
#: without sentence breaks) and is not read for events: the rules look at every
#: place against its whole clause, which would be quadratic on such text.
MAX_SENTENCE_CHARS = 2_000

#: Words naming each side, as regular expressions (matched case-insensitively): generic words
#: only; a pack names its own actors (parties, leaders, forces) in ``pack.json`` "actors"
#: (``resistance`` / ``taliban`` lists replace these). ``capturer`` is the side a capture with no
#: named actor is credited to.
ACTORS: dict[str, Any] = {
    "resistance": [
        r"anti-?\s?taliban(?:\s+(?:forces|fighters|militias?|uprising|groups?|resistance|movement))?",
        r"(?:national\s+)?resistance\s+(?:front|forces?|fighters?|movement|leaders?|commanders?)",
        r"the\s+resistance", r"resistance(?=\s+(?:spokes\w+|sources?|officials?))",
        r"(?:government|govt)(?:\s+(?:forces|troops|officials|soldiers))?",
        r"(?:national\s+)?(?:security|defen[cs]e)\s+(?:and\s+defen[cs]e\s+)?forces",
        r"army", r"police", r"troops", r"soldiers", r"commandos?", r"special\s+(?:forces|operations\s+forces|units)",
        r"(?:public\s+)?uprising\s+forces", r"militias?", r"militiamen", r"rebels?", r"border\s+guards",
        r"authorities", r"opposition\s+forces", r"interior\s+ministry", r"defen[cs]e\s+ministry",
        r"ministry\s+of\s+(?:defen[cs]e|interior)", r"pro-government\s+\w+",
    ],
    "taliban": [
        r"taliban", r"taleban", r"insurgents?", r"insurgency", r"militants?",
        r"(?:the|armed|militant|insurgent)\s+group",
    ],
    "capturer": "taliban",
}

_APOS = "['’]"
_I = re.IGNORECASE


def _syntax(s: str, i: int = 0):
    """``(index, char)`` of each character of a regular expression from ``i`` that is not escaped and
    not inside a character class (where "(", ")" and "|" are structure)."""
    j, in_class = i, False
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if s[j + 1:j + 2] == "^":
                j += 1
            if s[j + 1:j + 2] == "]":
                j += 1
        else:
            yield j, c
        j += 1


def _group_end(s: str, i: int) -> int:
    """Index just past the group that opens at s[i] == "(" (escapes, classes and nesting respected)."""
    depth = 0
    for j, c in _syntax(s, i):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    raise ValueError(s)


def _top_split(s: str) -> list[str]:
    """``s`` split at its top-level "|"."""
    out, depth, start = [], 0, 0
    for j, c in _syntax(s):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(s[start:j])
            start = j + 1
    out.append(s[start:])
    return out


def _expand(alt: str, limit: int = 64) -> list[str]:
    """Alternatives equivalent to ``alt`` (tried in the same order) that each start with a literal, where a
    leading non-capturing group, plain or optional (greedy), can be spread out; ``[alt]`` otherwise."""
    if not alt.startswith("(?:"):
        if alt[:1] == "," and alt[1:2] == "?" and alt[2:3] not in ("?", "+"):
            return [","+ a for a in _expand(alt[2:], limit)] + _expand(alt[2:], limit)
        return [alt]
    end = _group_end(alt, 0)
    inner, rest = alt[3:end - 1], alt[end:]
    if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
        options = [x + rest[1:] for x in _top_split(inner)] + [rest[1:]]
    elif rest[:1] in ("*", "+", "{") :
        return [alt]
    else:
        options = [x + rest for x in _top_split(inner)]
    out = []
    for o in options:
        out.extend(_expand(o, limit))
    return out if len(out) <= limit else [alt]


def _spread(pat: re.Pattern) -> re.Pattern:
    """``pat`` (``HEAD(?:alt|alt|...)TAIL``, HEAD and TAIL without groups) with each alternative spread out
    by :func:`_expand`: the same matches, but the regular expression engine can skip an alternative by
    its first character."""
    s = pat.pattern
    i = s.find("(?:")
    if i < 0 or "(" in s[:i].replace("(?=", "") or s[:i].count("(") != s[:i].count(")"):
        return pat
    end = _group_end(s, i)
    if "(" in s[end:]:
        return pat
    alts = [x for a in _top_split(s[i + 3:end - 1]) for x in _expand(a)]
    return re.compile(s[:i] + "(?:" + "|".join(alts) + ")" + s[end:], pat.flags)


def _prefix_pattern(prefixes: Iterable[str]) -> str:
    """A regular expression matching any string that starts with one of ``prefixes`` (as a trie)."""
    trie: dict = {}
    for w in prefixes:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node:
            return ""  # a prefix ends here: every longer one starts with it
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(trie)


# ---------------------------------------------------------------------------
# cue lexicon
# ---------------------------------------------------------------------------
class Cue(NamedTuple):
    """A control cue found in a clause."""

    start: int
    end: int
    kind: str          # capture | hold | fighting | denial | retake | surrender | lose | quantifier
    side: str | None   # "taliban" | "resistance" | "contested" | None (= from the actor)
    direction: str     # where the held place stands: "right", "left" or "any"
    actor_at: str = "left"   # where to look for the actor: "left", "right" (after "by"/"to")
    partial: bool = False


_CAPTURE_VERBS = (
    r"(?<!\bits\s)(?<!\btheir\s)captur(?:e[d]?|es(?!\s*[,;:.])|ing)|seiz(?:e[ds]?|ing)|overr(?:an|un(?:s|ning)?)|overtook|overtaken|"
    r"conquer(?:ed|s|ing)?|occup(?:y|ied|ies|ying)|storm(?:ed|s|ing)?|invad(?:ed|es|ing)|"
    r"(?:took|take[sn]?|taking|gain(?:ed|s|ing)?|assum(?:ed|es|ing)|regain(?:ed|s|ing)?|wrest(?:ed|s|ing)?|"
    r"establish(?:ed|es|ing)?|extend(?:ed|s|ing)?|seiz(?:ed|es)|(?:re-?)?assert(?:ed|s|ing)?|(?:re-?)?impos(?:ed|es|ing)|restor(?:ed|es|ing))\s+(?:(?:its|their)\s+)?(?:full\s+|complete\s+|total\s+|effective\s+)?"
    r"(?:control|charge|possession)\s+(?:of|over)|"
    r"(?:took|take[sn]?|taking|assumed|gained)\s+(?:full\s+|complete\s+|total\s+)?control(?=\s*(?:[,.;]|$|(?:on|late|early|overnight|without|after|by|during|at\s+(?:dawn|night))\b))|"
    r"(?:took|take[sn]?|taking)\s+over|"
    r"(?:took|taken|takes?)(?!\s+(?:place|refuge|part|up|shelter|office|advantage|steps|years|months|days|weeks|hours|time|over|control|charge|possession|power|to\b|a\s|an\s|the\s+(?:lives|life|decision|step|streets|bus|road)))|"
    r"(?:entered|enter(?:s|ing)?)(?!\s+(?:into\s+)?(?:its|their|the|a|an|his|her)\s+(?:\w+\s+)?(?:week|day|month|year|phase|stage|round|talks|negotiations|service|politics|office|fray|race))|"
    r"cleared|seizure\s+of|takeover\s+of|take-over\s+of|conquest\s+of|"
    r"(?:raised|hoisted|planted|rais(?:es|ing)|hoist(?:s|ing)|plant(?:s|ing))\s+(?:their|its|the(?:\s+\w+)?|a)\s+(?:white\s+)?flags?\s+(?:(?:in\s+front\s+of|outside|atop|above)\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,3}?(?:in|at|of)|over|in|at|on)"
)
_RETAKE_VERBS = (
    r"re-?took|re-?take[sn]?|re-?taking|(?:took|taken|take[sn]?|taking)\s+back|re-?captur(?:e[ds]?|ing)|regain(?:ed|s|ing)?|re-?gain(?:ed|s|ing)?|"
    r"liberat(?:ed|es|ing)|recover(?:ed|s|ing)|reclaim(?:ed|s|ing)?|won\s+back|"
    r"(?:been\s+)?returned\s+to\s+(?:the\s+)?(?:government|state|\w+\s+forces)(?:['’]s)?\s*control|"
    r"evict(?:ed|s|ing)?|(?:pushed|drove|driven|forced|kicked|expelled|ousted|chased|flushed)\s+(?!(?:the\s+)?(?:\w+\s+)?back\s+from)(?:the\s+)?(?:\w+\s+){0,2}(?:out\s+of|from)(?!\s+(?:their|his|her|its|our)\s+(?:homes?|houses?|lands?|villages?|farms?|jobs?)\b)"
)

_CUE_PATTERNS: list[tuple[re.Pattern, dict]] = [
    # "five provincial capitals lost in three days: A, B and C", "other capitals lost on Friday included A and B"
    (re.compile(r"(?:(?<=capitals\s)|(?<=cities\s)|(?<=districts\s)|(?<=provinces\s)|(?<=towns\s)|(?<=centres\s)|(?<=centers\s))"
                r"(?:(?:that|which)\s+(?:were|had\s+been|have\s+been)\s+)?(?:(?:already|also)\s+)?(?:lost|fallen|captured|taken|seized|overrun|handed\s+over)\b"
                r"(?=[^.;]{0,80}?(?::|\bincluded?\b|\bincluding\b|\bwere\b|\bare\b))", _I),
     dict(kind="capture", side=None, direction="right", actor_at="right")),
    # "launched an operation to retake X", "an offensive to clear X": a fight for X
    (re.compile(r"\b(?:operations?|offensives?|counter-?offensives?|campaign|counter-?attacks?|push|drive)\s+to\s+(?:re-?take|recapture|retake|clear|capture|seize|take\s+back|win\s+back|liberate|reclaim)\b", _I),
     dict(kind="fighting", side="contested", direction="right")),
    # the fall of X / X's fall / X fell to / falls to / has fallen / fell into the hands of
    (re.compile(r"\b(?:fall|collapse|surrender|handover|hand-over)\s+of\b|\bloss\s+of(?=\s+(?:the\s+)?(?:(?-i:[A-Z])|(?:provincial\s+)?(?:city|town|district|capital|valley)\b))", _I), dict(kind="capture", side=None, direction="right", actor_at="right")),
    (re.compile(rf"{_APOS}s\s+(?:fall|collapse)\b", _I), dict(kind="capture", side=None, direction="left", actor_at="right")),
    (re.compile(r"\b(?:fell|falls|fallen|falling|fall)\b(?!\s+(?:sharply|slightly|steeply|by\b|\d|below|short|silent|ill|asleep|apart|victim|prey|in\s+love|behind))"
                r"(?:\s+back)?(?:\s+\(?\s*(?:to|into\s+the\s+hands\s+of|into)\b)?", _I),
     dict(kind="capture", side=None, direction="left", actor_at="right")),
    (re.compile(r"\bsurrender(?:ed|s|ing)?\s+(?:en\s+masse\s+)?(?:in|at)\b", _I), dict(kind="capture", side=None, direction="right", actor_at="right")),
    (re.compile(r"\bcollaps(?:ed|es)\b|\bcapitulat(?:ed|es)\b|\bsurrender(?:ed|s)\b(?!\s+(?:the\s+)?(?-i:[A-Z])|\s+(?:the|its|their)\s+(?:provincial\s+)?(?:city|town|district|capital|valley)\b)", _I), dict(kind="capture", side=None, direction="left", actor_at="right")),
    (re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?handed\s+(?:over\s+)?to\b", _I), dict(kind="surrender", side=None, direction="left", actor_at="right")),
    (re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:(?:later|also|now|reportedly|quickly|finally|completely|largely|all|then|briefly)\s+)?"
                r"[\x22\u201c\u2018']?(?:captured|seized|overrun|taken|conquered|occupied|stormed|overtaken|handed\s+over|surrendered|abandoned|given\s+up|ceded|wrested|entered(?=\s+by\b))\b", _I),
     dict(kind="capture", side=None, direction="left", actor_at="right")),
    # "X was lost (to the Taliban)": a capture told from the loser's side
    (re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:(?:later|also|now|quickly|all|already|then|soon)\s+)?lost\b(?:\s+to\b)?", _I),
     dict(kind="capture", side=None, direction="left", actor_at="right")),
    # "Taliban flags were raised over X", "a new Taliban governor was installed in X": the actor before holds X
    (re.compile(r"\bflags?\s+(?:(?:had|has|have)\s+)?(?:been\s+|was\s+|were\s+)(?:\w+\s+)?(?:raised|hoisted|planted|flying)\s+(?:over|in|at|on)\b|"
                r"\bflags?\s+(?:was|were)\s+flying\s+(?:over|in|at|on)\b|"
                r"\b(?:flags?|banners?)(?:\s+of\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?)?\s+(?:now\s+)?(?:fluttered|flutters|fluttering|flew|flies|fly|flying|went\s+up)\s+(?:over|in|at|on|above)\b|"
                r"\bgovernor\s+(?:(?:had|has|have)\s+)?(?:been\s+|was\s+|were\s+)(?:\w+\s+)?(?:installed|appointed|named)\s+(?:in|for|to|over)\b", _I),
     dict(kind="hold", side=None, direction="right")),
    # a place that "followed" / "went first" / "had gone" in a run of captures (checked: the place is the subject)
    (re.compile(r"\b(?:followed(?!\s+(?:by|the|a|an|his|her|their|its|this|that|him|them|up)\b)|follow(?:s|ed)?\s+suit|"
                r"went\s+(?:first|next|too|quickly)|(?:has|have|had)\s+(?:also\s+|already\s+)?gone\s+(?:first|next|too|(?:\w+\s+){0,3}(?:earlier|before)))", _I),
     dict(kind="capture", side=None, direction="left", actor_at="right")),
    (re.compile(r"\b(?:handed|handing|hand)\s+over\b", _I), dict(kind="surrender", side=None, direction="right", actor_at="right")),
    # "handed the city over (to X)", "handed Ghazni to the Taliban": the place stands between the verb and "over"/"to"
    (re.compile(r"\b(?:handed|hands|handing|surrender(?:ed|s|ing))\s+(?=(?:the\s+)?(?:(?:(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,3}(?:,?\s+and\s+|,\s*)){0,5}"
                r"(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,3}|(?:provincial\s+)?"
                r"(?:city|town|district|province|capital|valley|area|crossing)s?)(?:\s+(?:city|town|district|province|valley))?\s+(?:over\b|to\s))", _I),
     dict(kind="surrender", side=None, direction="right", actor_at="right")),
    (re.compile(r"\bsurrender(?:ed|s|ing)?\s+(?:the\s+)?(?=[A-Z])", 0), dict(kind="surrender", side=None, direction="right", actor_at="right")),
    (re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:(?:later|also|now|reportedly|quickly|finally|completely|since|all)\s+)?"
                r"(?:retaken|recaptured|liberated|regained|won\s+back|cleared)\b", _I),
     dict(kind="retake", side=None, direction="left", actor_at="right")),
    # "X returned to Taliban control", "reverted to government hands": the side named holds X (again)
    (re.compile(r"\b(?:return(?:ed|s|ing)|revert(?:ed|s|ing)|pass(?:ed|es|ing))\s+(?:back\s+)?(?:in)?to\s+(?:the\s+)?(?:full\s+)?"
                r"(?P<a1>[\w\-]+)(?:['’]s)?\s+(?:control|hands|rule)\b", _I),
     dict(kind="hold", side="named", direction="left")),
    (re.compile(rf"\b(?:{_RETAKE_VERBS})\b", _I), dict(kind="retake", side=None, direction="right")),
    # headline passives without "was": "Kunduz, Taloqan taken", "Ghazni captured after fierce fighting"
    (re.compile(r"\b(?:taken|captured|seized|overrun|conquered)\b(?=\s*(?:$|[;,.!:]|(?:by|as|after|on|overnight|without|amid)\b))", _I),
     dict(kind="capture", side=None, direction="left", actor_at="right")),
    (re.compile(rf"\b(?:{_CAPTURE_VERBS})\b", _I), dict(kind="capture", side=None, direction="right")),
    # entry: "swept into X", "rolled into X", "(Taliban) fighters arrived in X", "agreed to let the Taliban in"
    # ("swept / rolled / marched into X" with a named side: the "mover" pattern below)
    (re.compile(r"(?:\b(?:swept|sweep(?:s|ing)?)\s+through\b|"
                r"(?:(?<=fighters )|(?<=militants )|(?<=insurgents )|(?<=gunmen )|(?<=militiamen ))"
                r"(?:arrived|arrive[sd]?|arriving)\s+(?:in|at)\b)"
                r"(?=\s+(?:the\s+)?(?:(?:\w+\s+)?(?:city|town|district|provincial|capital|valley|centre|center|heart)\b|(?-i:[A-Z])))", _I),
     dict(kind="capture", side=None, direction="any")),
    # "agreed to let the Taliban in": the side let in (named in the match; else no cue) enters
    (re.compile(r"\b(?:let|letting|allow(?:ed|ing)?)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:in(?=\s*[,.;:!?\"”]|\s*$|\s+(?:to|without|unopposed|peacefully)\b)|into|enter)\b"
                r"(?!\s+(?:the\s+)?(?:talks|negotiations|government|cabinet))", _I),
     dict(kind="capture", side="inside", direction="any")),
    # forces that leave a place hand it to the other side
    (re.compile(r"\b(?:withdrew|withdrawn|retreated|pulled\s+out|left(?!\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:holding|controlling|in\s+control|with)\b|\s+(?:only|just|little|nothing|a\s+handful|few)\b)|pulled\s+back(?=\s+(?:\w+\s+){0,4}?from\b)|fled(?!\s+(?:back\s+)?(?:to|towards?|into|for|across|over|abroad|in)\b)|abandoned|evacuated|vacated|(?:gave|giv(?:e|es|ing))\s+up(?=\s+(?:the\s+)?(?-i:[A-Z])))\s+(?:(?:on|in|at|late|early)\s+(?:\w+\s+){0,2})?(?:from\s+|out\s+of\s+)?(?=\S)", _I),
     dict(kind="capture", side="leave", direction="right")),
    (re.compile(r"\blost\s+(?:control\s+(?:of|over)|its\s+stronghold|their\s+stronghold)|(?i:\b(?:has|have|had|we|they)\s+(?:\w+\s+)?lost)\s+(?=[A-Z])", 0),
     dict(kind="capture", side="leave", direction="any")),
    # a struggle for control is a fight ("battling for control of X", "struggling to hold X")
    (re.compile(r"\b(?:battl\w+|fight\w*|fought|struggl\w+|vying|compet\w+)\s+(?:for\s+(?:(?:full|the)\s+)?control\s+(?:of|over)|to\s+(?:hold|keep|defend|retain))\b", _I),
     dict(kind="fighting", side="contested", direction="any")),
    # holds
    (re.compile(r"\b(?:increasingly\s+)?(?:coming|falling|slipping)\s+under\s+(?:the\s+)?control\b", _I), dict(kind="fighting", side="contested", direction="left")),
    (re.compile(rf"\b(?:under|in)\s+(?:the\s+)?(?:full\s+|complete\s+|total\s+|firm\s+)?(?:(?P<a1>[\w\- ]{{1,40}}?){_APOS}?s?\s+)?(?:control|hands|grip|rule|administration|possession|flag|banner|occupation|authority)\b"
                rf"(?:\s+of\s+(?:the\s+)?(?P<a2>[\w\- ]{{1,40}}))?", _I),
     dict(kind="hold", side="named", direction="left")),
    (re.compile(rf"\b(?:out\s+of|outside(?:\s+of)?|beyond|(?:slipped|slipping|slips|wrested|wrenched)\s+(?:away\s+)?from)\s+(?:the\s+)?(?P<a1>[\w\-]+){_APOS}?s?\s+(?:control|grip|hands|reach|rule)\b", _I),
     dict(kind="hold", side="named-negated", direction="left")),
    (re.compile(r"\b(?:is|are|was|were|remains?|remained|still|being|now)\s+(?:\w+\s+)?controlled\s+by\s+(?:the\s+)?(?P<a2>[\w\- ]{1,40})", _I),
     dict(kind="hold", side="named", direction="left")),
    (re.compile(r"\b(?:not|never)\s+(?:yet\s+|been\s+)?(?:controlled|held|occupied)\s+by\s+(?:the\s+)?(?P<a2>[\w\- ]{1,40})", _I),
     dict(kind="hold", side="named-negated", direction="left")),
    # "assessed X as Taliban-controlled": the place stands before "as"
    (re.compile(r"\bas\s+(?:(?:being|now|still|fully|largely|mostly)\s+)?(?P<a1>[\w\-]+)-(?:held|controlled)\b(?!\s+(?:-?[A-Z]|districts?|areas?|territory|cities|towns|provinces?))", _I),
     dict(kind="hold", side="named", direction="left")),
    (re.compile(r"\b(?:(?P<a1>[\w\-]+)-(?:held|controlled|run|ruled|occupied|dominated))\b", _I), dict(kind="hold", side="named", direction="right")),
    (re.compile(r"\b(?:in|took|taken|retained|remain(?:s|ed)?\s+in)\s+(?:full\s+|complete\s+)?(?:control|possession)\s+of\b|"
                r"\b(?:are|is|were|was|now|remain(?:s|ed)?)\s+(?:now\s+|still\s+|firmly\s+)?in\s+(?:full\s+)?charge\s+of\b|"
                r"\b(?:retain(?:s|ing)?|keep(?:s|ing)?|kept|maintain(?:s|ed|ing)?|ha(?:ve|s|d|ving))\s+(?:full\s+|complete\s+|effective\s+|firm\s+)?control\s+(?:of|over)\b", _I), dict(kind="hold", side=None, direction="right")),

    (re.compile(r"\bin\s+(?:full\s+|complete\s+)?control\b(?!\s+of)", _I), dict(kind="hold", side=None, direction="any")),
    (re.compile(r"\bcontrol(?:s|led|ling)?\s+(?=[A-Z])", 0), dict(kind="hold", side=None, direction="right")),
    (re.compile(r"\b(?:holding|held|hold(?:s)?)\s+out\b|\blast\s+stand\b|\bholdout\b|\bhold-out\b|\bheld\s+the\s+ground\b|\bstill\s+holding\b", _I),
     dict(kind="hold", side="resistance", direction="any")),
    (re.compile(r"\b(?:has|have|had)\s+(?:so\s+far\s+|still\s+|long\s+)?held\b(?=\s+(?:for|firm|on|out|so\s+far|despite|against)\b|\s*[,.;]|\s*$)|"
                r"\b(?:held|holds|holding|stood|stands|standing)\s+firm\b|\bremain(?:s|ed)?\s+(?:free|unconquered|defiant)\b", _I),
     dict(kind="hold", side="resistance", direction="left")),
    (re.compile(r"(?i:\b(?:is|are|was|were|still|remain\w*)\s+(?:still\s+)?(?:holding|defending|controlling)|\b(?:have|has|had)\s+(?:\w+\s+)?held|\bheld(?!\s+(?:talks|a|an|the\s+(?:meeting|talks|line)))|\bhold(?:s)?|\bretain(?:s|ed)?|\bcontrol(?:s|led)?|\b(?:have|has|had)\s+(?:long\s+|largely\s+|effectively\s+)?run|\bnow\s+run|\bruns|\b(?:have|has|had)\s+(?:now\s+|fully\s+|also\s+)?secured|\b(?:leav(?:e|es|ing)|left)\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:holding|controlling|in\s+control\s+of|with(?=\s+(?:only|just|little|nothing|no\s+more)\b)))\s+(?=(?:(?i:only|just|little\s+(?:more\s+than|beyond|besides|but)|nothing\s+(?:more\s+than|but|beyond|besides)|no\s+more\s+than)\s+)?(?:the\s+)?[A-Z]|(?i:(?:only\s+|just\s+)?(?:(?:a\s+)?(?:handful|couple|few|number)\s+of\s+|(?:[\w'\u2019]+\s+){1,6}?)?(?:(?:major|provincial|key|big|main|large|remaining|other|border)\s+)?(?:cities|towns|districts|capitals|provinces|crossings)(?:\s+(?:around|near|in|of|across|along)\s+(?:[\w'\u2019]+\s+){0,2}?[\w'\u2019]+)?(?:\s*[:\u2014\u2013]|\s*,?\s+(?:including|among\s+them|such\s+as|notably)\b)|(?:(?:nearly|almost|virtually|practically|large|big|key|significant|some|several|many)\s+)?(?:most|much|parts?|all|half|the\s+rest|areas?)\s+of\s|[\x22\u201c]?every\s+(?:inch|corner|part|district|village)[\x22\u201d]?\s+of\s|the\s+(?:main\s+)?(?:district\s+)?(?:centres|centers)\s+of\s|the\s+(?:main\s+|key\s+|two\s+|three\s+)?(?:border\s+)?crossings?\s+(?:of|at)\s|the\s+(?:upper|lower|remote|northern|southern|eastern|western)\s+(?:reaches|parts?|half|end)\s+of\s|the\s+(?:provincial\s+)?(?:city|town|district|districts|province|valley|area|capital|centre|center|port|crossing|border\s+crossing)\b|all\s+(?:the\s+)?(?:\w+\s+)?(?:districts|district\s+cent(?:re|er)s|provinces|cities|towns)\b))"),
     dict(kind="hold", side=None, direction="right")),
    (re.compile(r"\bpresent\s+in\s+all\s+(?:strategic\s+)?positions\b", _I), dict(kind="hold", side="resistance", direction="any")),
    # "fighters loyal to X have dug in": the actor holds the place
    (re.compile(r"\b(?:dug|dig|digs|digging)\s+(?:themselves\s+)?in\b(?!\s+(?:their|the|its)\s+heels)|\bentrenched\b", _I),
     dict(kind="hold", side=None, direction="any")),
    # "fighters still hold positions in X": the holders are in X
    (re.compile(r"\b(?:hold|holds|holding|held)\s+(?:(?:key|strategic|their|its|defensive|several|many|some|all)\s+)?positions\s+(?:in|inside|across|throughout)\b", _I),
     dict(kind="hold", side=None, direction="right")),
    # "hold sway over X", "consolidated their grip on X": the actor before holds X
    (re.compile(r"\b(?:hold(?:s|ing)?|held)\s+sway\s+(?:over|in)\b|\bstranglehold\s+(?:on|over)\b|\b(?:tighten\w*|consolidat\w+|strengthen\w*|cement\w*)\s+"
                r"(?:their|its|the\s+group['’]s|a|the)\s+(?:\w+\s+)?(?:grip|hold|control)\s+(?:on|over|of)\b", _I),
     dict(kind="hold", side=None, direction="right")),
    # "X is a Taliban stronghold", "the government bastion of X": the side named holds X
    (re.compile(r"\b(?:is|are|was|were|remains?|remained|became|becomes|(?:has|have)\s+become)\s+(?:now\s+|still\s+|also\s+)?"
                r"(?:(?:a|an|the)\s+)?(?!former|one-time|onetime|erstwhile|old\b)(?:\w+\s+)?(?P<a1>[\w\-]+)(?:['’]s)?\s+"
                r"(?:strongholds?|bastions?|heartlands?|territory|country)\b", _I),
     dict(kind="hold", side="named", direction="left")),
    (re.compile(r"(?<!former )(?<!one-time )(?<!onetime )(?<!erstwhile )(?<!old )\b(?P<a1>[\w\-]+)(?:['’]s)?\s+"
                r"(?:strongholds?|bastions?|heartlands?)\s+of\b", _I),
     dict(kind="hold", side="named", direction="right")),
    (re.compile(r"\bpatroll?(?:ing|ed|s)?\s+(?:the\s+)?(?:(?:streets|roads|bazaars?|markets?|centre|center)\s+(?:of|in)\s+)?", _I),
     dict(kind="hold", side=None, direction="right")),
    (re.compile(r"\b(?:are|is|remain\w*)\s+(?:still\s+)?present\s+in\b", _I), dict(kind="hold", side=None, direction="right")),
    # "held by the government are A, B and C", "X, now run by the Taliban": the named side holds
    (re.compile(r"\b(?<!prisoners )(?<!hostages )(?<!captives )(?<!detainees )(?<!people )(?<!men )(?<!women )(?<!soldiers )"
                r"(?<!schools )(?<!school )(?<!clinics )(?<!clinic )(?<!hospital )(?<!hospitals )(?<!companies )(?<!company )"
                r"(?:held|controlled|run|governed|occupied|defended|guarded|secured)\s+by\s+(?:the\s+)?(?P<a2>[\w\- ]{1,40})", _I),
     dict(kind="hold", side="named", direction="any", needs=(" by ",))),
    # "the group's fighters are in X": armed men of a side stand in a place
    (re.compile(r"\b(?:fighters|forces|troops|militants|insurgents|gunmen|militiamen|[Tt]aliban)\s+(?:are|were|remain|remained|have\s+been|has\s+been|had\s+been)\s+(?:now\s+|still\s+|already\s+|firmly\s+)?(?:in|inside)\s+(?=(?:the\s+)?(?:(?:centres?|centers?|heart)\s+of\s+)?[A-Z]|the\s+(?:provincial\s+)?(?:city|town|district|valley|capital)\b)", 0),
     dict(kind="hold", side=None, direction="right", needs=(" are ", " were ", " remain", " been "))),
    # an armed side that "swept / rolled / marched into X" entered it (only with a named side: "refugees poured into")
    (re.compile(r"\b(?:swept|sweeping|rolled|rolling|marched|marching|poured|pouring|streamed|streaming|burst|bursting|broke|breaking|drove|driving|rode|riding|walked|walking|strolled)\s+(?:back\s+)?into\b", _I),
     dict(kind="capture", side="mover", direction="right")),
    # "the Taliban attacked Kandahar / the provincial capital": a fight for it
    (re.compile(r"\battack(?:ed|ing|s)\s+(?=(?:the\s+)?(?:(?:outskirts|edges?|gates|suburbs)\s+of\s+(?:the\s+)?)?(?-i:[A-Z])|(?:the\s+|several\s+|two\s+|three\s+|a\s+)?(?:[\w-]+\s+)?(?:posts?|positions?|checkpoints?|outposts?|bases?)\s+(?:in|of|at|around)\s+(?:the\s+)?(?-i:[A-Z])|(?:the\s+)?(?:provincial\s+)?(?:capital|city|town|district\s+(?:centre|center))\b)", _I),
     dict(kind="fighting", side="contested", direction="right")),
    # "the Taliban declared victory in X": a claim of capture
    (re.compile(r"\b(?:declared|declares|declaring|claimed|claims|claiming|announced)\s+(?:\w+\s+)?victory\s+(?:in|over)\b", _I),
     dict(kind="capture", side=None, direction="right")),
    # "made gains in X": ground changing hands
    (re.compile(r"\b(?:made|making|makes)\s+(?:\w+\s+)?(?:gains|advances|inroads)\s+in\b|\b(?:gained|gaining|gains)\s+ground\s+in\b", _I),
     dict(kind="fighting", side="contested", direction="right")),
    # "the Taliban now rule X"
    (re.compile(r"\b(?:rules?|governs?)\s+(?=(?:the\s+)?(?-i:[A-Z]))", _I), dict(kind="hold", side=None, direction="right")),
    # "an attack on X was repelled": the defenders (named after "by", else the other side of the attackers) hold X
    (re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?(?:repelled|repulsed|pushed\s+back|beaten\s+back|fought\s+off|driven\s+back|thwarted|foiled)\b", _I),
     dict(kind="hold", side="repelled", direction="left",
          needs=("repelled", "repulsed", "pushed back", "beaten back", "fought off", "driven back", "thwarted", "foiled"))),
    # "the NRF repelled an attack on X": the defenders still hold X (no named defender: the other side of the attackers)
    (re.compile(r"(?<!\bto )\b(?:repel(?:led|s)?|repulsed|fought\s+off|beat\s+back|beaten\s+back|push(?:ed|ing)\s+back|drove\s+back|driven\s+back)[\x22\u201d\u2019]?\s+(?:(?:a|an|the|several|two|three|many|multiple|repeated)\s+)?(?:\w+\s+)?(?:attacks?|assaults?|offensives?|advances?|attackers|assailants)\b", _I),
     dict(kind="hold", side="repel", direction="any", actor_at="left",
          needs=("repel", "repuls", "fought off", "beat back", "beaten back", "pushed back", "pushing back", "drove back", "driven back"))),
    # "kept the Taliban out of X": the other side of the one kept out holds X
    (re.compile(r"\b(?:kept|keep(?:s|ing)?|held|holding|hold(?:s)?)\s+(?:the\s+)?(?P<a1>[\w\-]+)\s+(?:fighters\s+|forces\s+)?out\s+of\b", _I),
     dict(kind="hold", side="named-negated", direction="right", needs=("out of",))),
    # "forces were holding on in X", "clung on to X": the actor holds X
    (re.compile(r"\b(?:(?:holding|held|hold(?:s)?|hung|hanging)\s+on|(?:clinging|clung|cling(?:s)?)(?:\s+on)?)\s+(?:in|to)\b(?!\s+(?:power|the\s+(?:line|phone|hope|belief|memories)))", _I),
     dict(kind="hold", side=None, direction="right", needs=("on in", "on to", "ing to", "clung to", "cling to", "clings to"))),
    # "X is the bastion of the resistance", "X remains the last stronghold of government forces"
    (re.compile(r"\b(?:is|are|was|were|remains?|remained)\s+(?:now\s+|still\s+|also\s+)?(?:(?:a|an|the)\s+)?(?:last\s+|main\s+|final\s+|only\s+)?"
                r"(?:strongholds?|bastions?|citadels?)\s+of\s+(?P<a2>[\w\- ]{1,40})", _I),
     dict(kind="hold", side="named", direction="left")),
    # "X still has a government presence": the side named holds X
    (re.compile(r"\b(?:has|have|had|retains?|retained|maintains?|maintained)\s+(?:still\s+|only\s+)?(?:a|an|some)\s+"
                r"(?:(?:strong|small|large|heavy|significant|permanent|military|armed|firm)\s+)?(?P<a1>[\w\-]+)\s+(?:military\s+|armed\s+)?presence\b", _I),
     dict(kind="hold", side="named", direction="left")),
    # "..., giving them control of X", "gave the Taliban control of X": the one given control holds X
    (re.compile(r"(?:\b(?:giv(?:e|es|ing|en)|gave|hand(?:ed|ing|s)?)\s+(?:\w+\s+){1,2}?|^\s*(?:them|it|him|the\s+[\w\-]+)\s+)"
                r"(?:full\s+|complete\s+|effective\s+|total\s+)?control\s+(?:of|over)\b", _I),
     dict(kind="hold", side=None, direction="right", needs=("control of", "control over"))),
    # "X changed hands" (a run of captures; "changed hands several times": a front line)
    (re.compile(r"\b(?:changed|changing|change[sd]?)\s+hands\s+(?:several|many|multiple|repeatedly|back\s+and\s+forth|\w+\s+times)\b", _I),
     dict(kind="fighting", side="contested", direction="any", needs=("hands",))),
    (re.compile(r"\b(?:changed|changing|change[sd]?)\s+hands\b", _I),
     dict(kind="capture", side=None, direction="left", actor_at="right", needs=("hands",))),
    # "(Taliban) fighters moved into / pushed into / advanced to X": an armed side entered X
    (re.compile(r"\b(?:(?:moved|moving|pushed|pushing)\s+(?:back\s+)?(?:(?:over|during|on|in|at)\s+(?:the\s+)?\w+\s+|(?:overnight|quickly|rapidly|swiftly)\s+)?into|"
                r"(?:advanced|advancing)\s+(?:back\s+)?(?:(?:over|during|on|in|at)\s+(?:the\s+)?\w+\s+|(?:overnight|quickly|rapidly|swiftly)\s+)?(?:into|to|through))"
                r"(?=\s+(?:the\s+)?(?:(?:\w+\s+){0,2}(?:parts?|much|most|areas?|sections?)\s+of\s+(?:the\s+)?)?(?-i:[A-Z]))", _I),
     dict(kind="capture", side="mover", direction="right", needs=("into", "advanced to", "advancing to", "through"))),
    # "the Taliban have reached X": the capturing side's advance reaches X (a fight for it)
    (re.compile(r"\b(?:fighters|forces|troops|militants|insurgents|gunmen|militiamen|taliban)\s+(?:(?:have|has|had|now|also|then|finally|already)\s+){0,2}"
                r"reach(?:ed|es|ing)?\s+(?=(?:the\s+)?(?-i:[A-Z]))", _I),
     dict(kind="fighting", side="reach", direction="right")),
    # "X, which the Taliban have controlled since June": an object relative clause (the clause starts after
    # "which"; its antecedent is the place)
    (re.compile(r"^\s*(?:the\s+)?(?P<a1>[\w\-]+)\s+(?:fighters\s+|forces\s+|troops\s+)?(?:(?:have|has|had)\s+(?:\w+\s+)?"
                r"(?:controlled|held|run|ruled|occupied)|(?:now\s+|still\s+|firmly\s+)?(?:control|controls|hold|holds|rule|rules|occupy|occupies))\b"
                r"(?!\s+(?:talks|a|an|the|their|its|out|on|onto)\b)", _I),
     dict(kind="hold", side="named", direction="left")),
    # headline style "X still under insurgents": the side named holds X
    (re.compile(r"\b(?:still|now|remains?|remained|firmly)\s+under\s+(?:the\s+)?(?P<a2>[\w\-]+(?:\s+[\w\-]+)?)\s*(?=$|[,.;:!]|\s+(?:since|after|for|and|but|while|as)\b)", _I),
     dict(kind="hold", side="named", direction="left")),
    # "pockets of resistance remain in X": a front line
    (re.compile(r"\bpockets?\s+of\s+(?:armed\s+)?(?:resistance|opposition|fighting|fighters|militants|insurgents)\b", _I),
     dict(kind="fighting", side="contested", direction="any")),
    # "the armed opposition is now in X", "the resistance remains concentrated in X": the anti-capturer side holds X
    (re.compile(r"\b(?:armed\s+|organi[sz]ed\s+|anti-\w+\s+)*(?:opposition|resistance)\s+(?:is|are|remains?|remained|was)\s+(?:now\s+|still\s+|largely\s+|mostly\s+)?"
                r"(?:based\s+|concentrated\s+|centred\s+|centered\s+|confined\s+|holed\s+up\s+)?in\b(?=\s+(?:the\s+)?(?-i:[A-Z]))", _I),
     dict(kind="hold", side="resistance", direction="right")),
    # "government forces broke the siege of X": the side that lifts a siege holds X
    (re.compile(r"\b(?:broke|broken|break(?:s|ing)?|lift(?:ed|s|ing)?|end(?:ed|s|ing)?)\s+(?:the\s+)?(?:\w+\s+)?(?:siege|blockade|encirclement)\s+(?:of|on|around)\b", _I),
     dict(kind="hold", side=None, direction="right")),
    # "the insurgents shelled / pounded X", "infiltrated X": a fight for X
    (re.compile(r"\b(?:shelled|shelling|pounded|pounding|bombarded|bombarding|rocketed|infiltrated|infiltrating)\s+(?=(?:the\s+)?(?-i:[A-Z])|(?:the\s+)?(?:provincial\s+)?(?:capital|city|town|district\s+(?:centre|center))\b)", _I),
     dict(kind="fighting", side="contested", direction="right")),
    # "X remains with the government": the side named holds X
    (re.compile(r"\bremain(?:s|ed)?\s+(?:firmly\s+|still\s+|largely\s+)?with\s+(?:the\s+)?(?P<a2>[\w\- ]{1,40})", _I),
     dict(kind="hold", side="named", direction="left", needs=(" with ",))),
    # fighting
    (re.compile(r"\b(?:fighting|fierce\s+fighting|heavy\s+fighting|clash(?:es)?|skirmish(?:es)?|battles?\s+(?:for|over|in|around)|"
                r"firefights?|hostilities|assaults?\s+on|besieg(?:ed|ing|es)|under\s+siege|"
                r"(?:artillery\s+|mortar\s+|rocket\s+)?shelling|bombardments?|ambush(?:es)?\s+(?:in|on|at|around)|"
                r"(?:daily|nightly|heavy|fierce|intense|pitched|running|bloody|gun)\s+battles|gun-?battles?|siege\s+(?:of|to)|encircl(?:ed|ing|es)|surrounded(?!\s+by\s+(?:\w+\s+){0,3}?(?:districts|territory|areas|countryside|villages|mountains|hills|peaks|farmland|fields|desert)\b)|"
                r"contested|standoff|stand-off|fought\s+(?:over|for)(?!\s+(?:years|decades|months|(?:a|two|two\s+full)\s+decades?))|(?:street|urban)\s+(?:battles?|fighting)|"
                r"battles?\s+(?:continued|raged|(?:were|was|are|is)\s+(?:still\s+)?raging|went\s+on)|offensives?\s+(?:on|against)|(?:fight|struggle)\s+for\s+(?=(?:the\s+)?(?-i:[A-Z]))|(?:a|the)\s+(?:\w+\s+)?battle-?grounds?|under\s+(?:(?:heavy|fresh|renewed|sustained|constant|repeated|\w+)\s+){0,2}attack|battling|battled\s+(?=(?:\w+\s+){0,3}(?:in|for|on|around|over)\b)|"
                r"(?:armed\s+)?(?:opposition|resistance|insurgency)(?:\s+to\s+(?:the\s+)?\w+)?\s+(?:still\s+)?(?:persist(?:s|ed)?|continu(?:es|ed))\s+in|"
                r"(?:reach(?:ed|es|ing)?|arrived\s+(?:at|on)|(?:are|is|were|was)\s+(?:now\s+)?(?:at|on))\s+(?:the\s+)?(?:outskirts|edges?|gates|doorstep)|"
                r"front\s*-?\s*lines?\s+(?:now\s+)?(?:runs?|ran|is|lies|passes)\s+(?:through|in|at|along))\b", _I),
     dict(kind="fighting", side="contested", direction="any")),
    (re.compile(r"\b(?:pushed\s+back|repel(?:led|s)?|repulsed|beaten\s+back|fought\s+off|fighting\s+back|"
                r"push(?:ed|ing)?\s+(?:the\s+)?(?:\w+\s+){1,2}back\s+from)\b", _I),
     dict(kind="fighting", side="contested", direction="any")),
    # denial and conflicting reports
    (re.compile(r"\b(?:den(?:y|ied|ies|ying)|refut(?:e|ed|es|ing)|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?|rebut(?:ted|s)?|"
                r"disput(?:e|ed|es|ing)|contradict(?:ed|s)?)\b", _I),
     dict(kind="denial", side="contested", direction="any")),
    (re.compile(r"\b(?:conflicting|contradictory|contradicting|competing)\s+(?:reports?|claims?|accounts?)\b|"
                r"\b(?:is|was|are|were)\s+(?:false|a\s+lie|untrue|fake|baseless)\b|\bthis\s+is\s+a\s+lie\b|"
                r"\b(?:called|calling|described|branded|labell?ed)\s+(?:the|this|these|that|those|it|them)\s+(?:\w+\s+){0,2}(?:false|lies?|untrue|baseless|fake|propaganda)\b|\b(?:claim(?:s|ed)?|say(?:s)?|said|insist(?:s|ed)?)\s+the\s+opposite\b", _I),
     dict(kind="denial", side="contested", direction="any")),
    # a speaker's "X is (still) ours": the speaker's side holds X ('"Shutul is still ours," a commander said')
    (re.compile(r"\b(?:is|are|remains?|remained|was|were)\s+(?:still\s+|now\s+|all\s+|completely\s+|entirely\s+|firmly\s+)?ours\b", _I),
     dict(kind="hold", side=None, direction="left")),
    # "X has gone to the Taliban", "A and B had gone over to the insurgents": the side named took X
    (re.compile(r"\b(?:(?:has|have|had)\s+(?:all\s+|also\s+|already\s+|now\s+)?gone\s+(?:over\s+)?|went\s+over\s+)to\s+(?:the\s+)?(?P<a2>[\w\- ]{1,40})", _I),
     dict(kind="capture", side="named", direction="left")),
    # "officials said X and its airport were secure": the side speaking (or named) holds X
    (re.compile(r"\b(?:is|are|was|were|remains?|remained)\s+(?:still\s+|now\s+|fully\s+|completely\s+)?secure\b", _I),
     dict(kind="hold", side=None, direction="left")),
    # "the Taliban advanced further into X": a push under way, not a capture
    (re.compile(r"\b(?:moved|moving|pushed|pushing|advanced|advancing|pressed|pressing|penetrated)\s+(?:further|deeper|farther)\s+into"
                r"(?=\s+(?:the\s+)?(?:(?:\w+\s+){0,2}(?:parts?|much|most|areas?|sections?)\s+of\s+(?:the\s+)?)?(?-i:[A-Z]))", _I),
     dict(kind="fighting", side="contested", direction="right")),
    # "A and B were lost weeks ago", "X was lost to the Taliban": a place lost (to the side named after it)
    (re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:(?:all|also|already|quickly|soon|then|later|subsequently|eventually|effectively)\s+)?lost\b"
                r"(?!\s+(?:in|at|on|during|when|after|for|amid|as|because|forever|to\s+(?:history|time|the\s+world)))", _I),
     dict(kind="capture", side=None, direction="left", actor_at="right")),
    # "the forces were in control of A and B"
    (re.compile(r"\b(?:is|are|was|were|remains?|remained|still|now)\s+(?:still\s+|now\s+|firmly\s+|fully\s+)?in\s+(?:full\s+|complete\s+|firm\s+|effective\s+|total\s+)?control\s+of\b", _I),
     dict(kind="hold", side=None, direction="right")),
    # "A and B are with the Taliban", "X is under the government": the side named holds them
    (re.compile(r"\b(?:is|are|was|were|remains?|remained)\s+(?:still\s+|now\s+|firmly\s+|all\s+|calm\s+and\s+)?(?:with|under)\s+the\s+(?P<a2>[\w\- ]{1,40})", _I),
     dict(kind="hold", side="named-subject", direction="left")),
    # "militiamen were guarding the Andarab valley"
    (re.compile(r"\b(?:is|are|was|were|been|still|now)\s+(?:still\s+|now\s+)?guarding\s+(?=(?:the\s+)?(?-i:[A-Z])|the\s+(?:provincial\s+)?(?:city|town|district|valley|capital)\b)", _I),
     dict(kind="hold", side=None, direction="right")),
    # narrative "went": "Kandahar went the same night", "A and B went over in the first days of July",
    # "X had already gone on 14 August", "the first capital to go was X"
    (re.compile(r"\b(?:went|(?:has|have|had)\s+(?:already\s+|also\s+|long\s+)?gone)(?:\s+over)?(?=\s+(?:(?:on|in|within|by|during)\s+(?:the\s+)?"
                r"(?:(?:first|last|same|next|following|early|final|\d)|(?-i:[A-Z])[a-z]+day\b|(?-i:[A-Z])[a-z]+\s+\d)|the\s+(?:same|next|following)\s+"
                r"(?:day|night|morning|evening|week|afternoon)|that\s+(?:day|night|morning|evening|week)|overnight|next\b|too\b|as\s+well|soon\s+after|"
                r"(?:a|one|two|three|\d+)\s+(?:days?|hours?|weeks?)\s+later|shortly|quickly|without\s+a\s+fight|(?:this|the\s+same)\s+way)(?![^.;,]{0,30}\b(?:to|into|towards?|back|home|abroad)\b))", _I),
     dict(kind="capture", side=None, direction="left", actor_at="right")),
    (re.compile(r"\bto\s+go\s+(?:was|were)\b", _I), dict(kind="capture", side=None, direction="right", actor_at="right")),
    # "the two sides exchanged fire in X", "traded fire": a fight
    (re.compile(r"\b(?:exchang(?:ed|ing|es?)|trad(?:ed|ing))\s+(?:of\s+)?(?:heavy\s+|sporadic\s+|intense\s+)?(?:fire|gunfire|shots)\b|\bexchanges?\s+of\s+(?:heavy\s+)?(?:fire|gunfire)\b", _I),
     dict(kind="fighting", side="contested", direction="any")),
    # "we are holding the line in X"
    (re.compile(r"\bhold(?:ing|s)?\s+the\s+(?:front\s*)?line\s+(?:in|at|around|near|(?=there\b))", _I), dict(kind="hold", side=None, direction="right")),
    # "X is still being defended by local forces"
    (re.compile(r"\b(?:is|are|was|were)\s+(?:still\s+|now\s+)?being\s+defended\s+by\b", _I),
     dict(kind="hold", side=None, direction="left", actor_at="right")),
    # "with X gone, ...", "X fallen, the road lies open": an absolute phrase of a place lost
    (re.compile(r"(?<=\s)(?:gone|fallen|lost|overrun)(?=\s*[,;\u2014\u2013])", _I), dict(kind="capture", side=None, direction="left", actor_at="right")),
    # "in X, the Taliban are firmly in charge": the side named holds the place the clause speaks of
    (re.compile(r"\b(?:is|are|was|were|remains?|remained)\s+(?:now\s+|still\s+|firmly\s+|fully\s+|clearly\s+)*in\s+charge\b(?!\s+of\s+(?:the\s+)?(?:talks|negotiations|operations?|security|the\s+investigation))", _I),
     dict(kind="hold", side=None, direction="any")),
    # "NRF fighters were defeated in A and B": the side beaten there lost it
    (re.compile(r"\b(?:were|was|been)\s+(?:\w+\s+)?(?:defeated|routed|overwhelmed|overpowered)\s+(?:in|at)\b", _I),
     dict(kind="capture", side="leave", direction="right")),
]

# a denial must be about control (not "denied the killings")
_DENIAL_OBJECT = re.compile(
    r"\b(?:claims?|reports?|fall|fallen|fell|captur\w*|seiz\w*|taken|took|control|victory|conquest|conquer\w*|"
    r"lies?|false|propaganda|given\s+up|surrender\w*|hands|occup\w*)\b|^\s+(?:this|that|it)\b", _I)

_DENIAL_CONTROL = re.compile(r"\b(?:fall|fallen|fell|captur\w*|seiz\w*|taken|took|control|conquer\w*|surrender\w*|hands|occup\w*|lie|false)\b", _I)


_CHARGE = re.compile(r"\b(?:charges?|accus\w+|allegations?|alleged|killed|killings?|casualt\w+|deaths?|executions?|executed|"
                     r"abuses?|tortur\w+|massacres?|looting|reprisals?)\b", _I)


@lru_cache(maxsize=2048)
def _charge_denied(before: str) -> bool:
    """Whether the text before a denial charges someone with something other than taking a place."""
    return bool(_CHARGE.search(before)) and not _DENIAL_CONTROL.search(before)


# patterns of _denial_about_control (compiled once)
_RX_DENIAL_ABOUT_CONTROL1 = re.compile(r"(?:conflicting|contradictory|contradicting|competing|is|was|are|were|this|claim|say|said|insist)\b")
_RX_DENIAL_ABOUT_CONTROL2 = re.compile(r"\b(?:claims?|reports?)\b(?:\s+\S+){0,3}\s*$", _I)


def _denial_about_control(ctext: str, cue: "Cue") -> bool:
    word = ctext[cue.start:cue.end].lower()
    if _charge_denied(ctext[max(0, cue.start - 150):cue.start]):
        return False  # "civilians were killed in X, claims the group denied": a denial of the charge
    if _NEGATION.search(ctext, max(0, cue.start - 15), cue.start):
        return False  # "he did not dispute that X had fallen": no denial
    if _RX_DENIAL_ABOUT_CONTROL1.match(word):
        return True
    if _RX_DENIAL_ABOUT_CONTROL2.search(_window(ctext, cue.start - 40, cue.start)):
        return True  # "a claim the NRF rejected"
    return bool(_DENIAL_OBJECT.search(ctext[cue.end:cue.end + 90]))


_HEDGE = re.compile(
    r"\b(?:reportedly|appear(?:s|ed)?\s+to|seem(?:s|ed)?\s+to|allegedly|purportedly|unconfirmed|unverified|if\s+confirmed|if\s+true|claim(?:ed|s|ing)?|"
    r"said\s+to\s+have|could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:confirm|verif)\w*|not\s+(?:immediately\s+|directly\s+|independently\s+|officially\s+)?"
    r"(?:possible\s+to\s+)?(?:confirm|verif)\w*|announced)\b", _I)
_HEDGE_HINTS = ("reported", "alleged", "purported", "unconfirmed", "unverified", "if confirmed", "if true", "claim",
                "said to have", "confirm", "verif", "announced", "appear", "seem")
_HAS_HEDGE_HINT = _holds_any(_HEDGE_HINTS)
_NOT_CLAIM = re.compile(r"\bclaim(?:ed|s|ing)?\s+(?:the\s+lives|lives|responsibility)\b|\b(?:den\w+|reject\w*|dismiss\w*|refut\w*|rebut\w*|disput\w*)\s+(?:the\s+)?(?:\w+\s+){0,3}claims?\b", _I)
_SPEECH = re.compile(
    r"\b(?:spokes(?:man|person|woman)|said|says|say|told|claimed|claims|declared|"
    r"announced|insisted|tweeted|stated)\b|\baccording\s+to\s+(?:the\s+)?", re.I)


_SPEAKER_CUT = re.compile(r"[,;:\"“”()]")
_SPEECH_LOW = _case_free(_SPEECH)
#: Pieces one of which a (lower-cased) sentence quoting someone holds.
_HAS_SPEECH_HINT = _holds_any(("spokes", "said", "say", "told", "claim", "announced", "declared", "insisted", "tweeted",
                               "stated", "according"))


@lru_cache(maxsize=1024)
def _speaker_side(text: str, actors) -> str | None:
    """Side of whoever the sentence quotes ("a Taliban spokesman said"), if a side."""
    low = text.lower()
    if not _HAS_SPEECH_HINT(low):
        return None
    folded = len(low) == len(text) and "ı" not in text and "ſ" not in text  # see _lowered
    for m in ((_A(_SPEECH_LOW) if low.isascii() else _SPEECH_LOW).finditer(low) if folded else _SPEECH.finditer(text)):
        if m.group(0).lower().startswith("according") or (
                m.group(0).lower() in ("said", "says", "say", "told") and text[max(0, m.start() - 3):m.start()].rstrip().endswith((",", "\u201d", '"'))):
            who = " ".join(text[m.end():m.end() + 40].split()[:3])
        else:
            who = " ".join(text[max(0, m.start() - 40):m.start()].split()[-2:])
        side = _side_of(who, actors, last=True)
        if side is None and not m.group(0).lower().startswith(("spokes", "according")):
            # "the NRF's foreign relations office said": a side's own office speaks (its possessive names it)
            whole = _SPEAKER_CUT.split(text[max(0, m.start() - 60):m.start()])[-1].split()[-6:]
            owner = next((w for w in whole if w.lower().endswith(("'s", "’s"))), None)
            if owner is not None:
                side = _side_of(owner[:-2], actors, last=True)
        if side is None and m.group(0).lower().startswith("spokes"):
            # "The Taliban's cultural commission spokesman": the words since the last punctuation
            whole = _SPEAKER_CUT.split(text[max(0, m.start() - 40):m.start()])[-1].split()[-4:]
            if len(whole) > 2:
                side = _side_of(" ".join(whole), actors, last=True)
        if side in ("taliban", "resistance") and _OPPOSED_TO.search(text, max(0, m.start() - 40), m.start()):
            side = "resistance" if side == "taliban" else "taliban"  # "militias opposed to the Taliban said"
        if side:
            return side
    return None


_OPPOSED_TO = re.compile(r"\b(?:opposed\s+to|opposing|against)\s+(?:the\s+)?[\w-]+\s*$", _I)
_CONFIRMED = re.compile(r"\b(?:confirm(?:ed|s)|witness(?:es)?|residents|I\s+can\s+confirm)\b", _I)
_SPOKES = re.compile(r"\b(?:spokes(?:man|person|woman)|sources?|statement|told|said|says|tweet\w*|according\s+to|claimed|announced)\b", _I)

_MODAL = re.compile(
    r"\b(?:could|would|might|(?-i:may)|will|shall|should|can|cannot|if|unless|whether|threat\w*|expected\s+to|likely\s+to|"
    r"want\w*\s+to|plan\w*\s+to|aim\w*\s+to|seek\w*\s+to|try\w*\s+to|tried\s+to|attempt\w*|look\w*\s+to|hope\w*\s+to|"
    r"prevent\w*|avert\w*|stop\w*|bid\s+to|in\s+order\s+to|verge\s+of|about\s+to|poised\s+to|ready\s+to|prepar\w+\s+to|"
    r"fear\w*|worr\w*|warn\w*|vow\w*|efforts?|underway\s+to|ongoing\s+to|intend\w*|order\w*\s+to|push\w*\s+to|"
    r"advanc\w+\s+toward\w*|mov\w+\s+toward\w*|closer\s+to|to\s+capture|to\s+take|to\s+retake|to\s+re-take|to\s+seize|"
    r"(?:operations?|offensives?|counter-?offensives?|campaign|mission|drive|push|counter-?attacks?|efforts?)\s+to|"
    r"hop\w+|wait\w*|yet\s+to|fail\w*\s+to|unable\s+to|struggl\w+\s+to|aimed|work\w*\s+to)\b", _I)
_NEGATION = re.compile(r"\b(?:not|n['’]t|never|no\s+longer|nor|none\s+(?:of\s+(?:them|these|those)\s+)?(?:had|has|have|was|were|is))\b|\byet\s+to\s+(?:be\s+)?$", _I)
_HISTORIC_WORDS = re.compile(
    r"\b(?:in\s+the\s+past(?!\s+(?:\w+\s+)?(?:week|weeks|days?|hours?|months?|24|48|72|few|several|fortnight))|(?:two|three|several|many|multiple)\s+times|twice|previous(?:ly)?(?!\s+(?:day|night|evening|morning|afternoon|week|weekend))|was\s+once|were\s+once|\bonce\s+(?:controlled|held|ruled|ran|dominated)|"
    r"first\s+ruled|during\s+(?:its|their)\s+(?:previous\s+|earlier\s+|first\s+|\d{4}\s*[-–]\s*\d{2,4}\s+)?rule|the\s+last\s+time|history|historically|"
    r"late\s+1990s|in\s+the\s+(?:19|20)\d0s|in\s+the\s+(?:nineties|eighties|seventies|['\u2019]?[789]0s)|decades?\s+ago|years\s+ago|soviet)\b", _I)
class _Folded:
    """Whether an IGNORECASE pattern matches, asked of its case-free twin (:func:`_case_free`) on the
    lower-cased text when that gives the same answer (much faster for long alternations).  ``exact``
    is an extra case-sensitive pattern tried on the text itself (a part the twin cannot hold).
    ``prefilter``: first ask whether the lower-cased text holds one of the pieces every match of the
    twin holds (:func:`geoevents.sentences.required_pieces`), in one Aho-Corasick pass (for costly
    patterns that most texts cannot match)."""

    __slots__ = ("pattern", "twin", "exact", "holds", "fast")

    def __init__(self, pattern: re.Pattern, twin: re.Pattern | None = None, exact: re.Pattern | None = None,
                 prefilter: bool = False) -> None:
        self.pattern = pattern
        self.twin = twin if twin is not None else _case_free(pattern)
        self.exact = exact
        pieces = required_pieces([self.twin.pattern]) if prefilter and self.twin is not None else None
        self.holds = _holds_any(pieces) if pieces else None
        self.fast = None  # (twin, exact) for ASCII text (see sentences._ascii), compiled when first needed

    def _fast(self) -> tuple[re.Pattern, re.Pattern | None]:
        if self.fast is None:
            self.fast = (_ascii(self.twin), _ascii(self.exact) if self.exact is not None else None)
        return self.fast

    def search(self, text: str) -> bool:
        if self.twin is not None:
            low = text.lower()
            if len(low) == len(text) and "ı" not in text and "ſ" not in text:  # see _lowered
                twin, exact = (self.fast or self._fast()) if low.isascii() else (self.twin, self.exact)
                return (self.holds is None or self.holds(low)) and twin.search(low) is not None or (
                    exact is not None and exact.search(text) is not None)
        return self.pattern.search(text) is not None

    def match(self, text: str) -> bool:
        if self.twin is not None and self.exact is None:
            low = text.lower()
            if len(low) == len(text) and "ı" not in text and "ſ" not in text:
                twin = (self.fast or self._fast())[0] if low.isascii() else self.twin
                return (self.holds is None or self.holds(low)) and twin.match(low) is not None
        return self.pattern.match(text) is not None


_PAST_PREP = re.compile(r"\b(?:after|following|since|despite)\b(?:\s+[^\s,;]+){0,6}\s*$", _I)
_AFTER_PREP = re.compile(r"\b(?:after|following)\s+(?:[^\s,;]+\s+){0,5}$", _I)

# clause boundaries: the cue of one clause does not reach places of another
_CLAUSE = re.compile(
    r"(?=[;:,\s—–])(?:;|:\s|\s[—–]\s|—|,?\s+but\s+|,?\s+while\s+|,?\s+whereas\s+|,?\s+even\s+as\s+|,\s+as\s+|\s+after\s+|,?\s+and\s+that\s+|"
    r"\s+before\s+|,\s+following\s+|,\s+followed\s+(?:(?:soon|shortly|quickly|closely|swiftly|within\s+\w+|in\s+quick\s+succession|(?:on|late\s+on|early\s+on)\s+\w+|the\s+(?:next|following)\s+day|a\s+day\s+later|hours\s+later)\s+)?by\s+|,\s+(?:all|both|each)\s+of\s+which\s+|,\s+which\s+|,\s+who\s+|,\s+where\s+|,\s+when\s+|\s+when\s+|\s+except(?:\s+for)?\s+|,\s+and\s+(?=(?:the|a|an|its|their|it|they|he|she|we|fighting|clashes|officials|security)\b)|,\s+and\s+(?=(?:are|were|is|was)\s+(?:now\s+|also\s+|still\s+)?\w+ing\b)|"
    r",\s+(?:however|meanwhile|though|although)\b|,\s+(?:leaving|bringing|meaning|cutting|giving|putting)\s+|\s+although\s+|\s+though\s+|\s+because\s+|\s+until\s+|\s+since\s+(?=(?:they|the|it|he|she|we|its|their)\b)|\s+as\s+(?=the\s+\w+\s+(?:claim|said|say|report)))",
    _I)

# places named only as a destination, origin or landmark
_NOT_HELD_BEFORE = re.compile(
    r"\b(?:fled|flee(?:ing)?|escaped|retreat(?:ed|ing)?|moved|headed|heading|drove|driving|withdrew|withdrawn|withdrawing|(?:pulled|forced|pushed|driven|fell|falling|falls)\s+back|went|returned|evacuated|flew|fly|flown|airlifted|travel\w*|"
    r"sent|deployed|leaving|left|reached|arrived|advanc\w+|march\w*(?!\s+(?:back\s+)?into)|mov\w+|relocated|taken|brought|transferred)\s+"
    r"(?:back\s+)?(?:to|toward|towards|into|for|in)\b(?:\s+(?!as\b|and\b|while\b|but\b|after\b)\S+){0,4}\s*$|"
    r"\b(?:(?:outskirts|gates|edges?|suburbs?|vicinity|direction|north|south|east|west|northeast|northwest|southeast|southwest)\s+of|"
    r"border\s+with|bordering|(?<!\bin )(?<!\bin the )(?<!\bthe )(?<!\bsaid )(?<!\bthat )(?<!\bof )(?<!\band )(?<!, )(?<=.)(?<![.!?\x22\u201c]\s)(?<!\n)neighbou?ring|near|(?<!the )(?<!\bin )nearby|close\s+to|away\s+from|(?:kilomet\w+|km|miles)\s+(?:\w+\s+)?(?:from|of|to)|"
    r"roads?\s+(?:to|from|between)|highways?\s+(?:to|from|between)|routes?\s+(?:to|from)|(?:linking|connecting|links|connects)|mouth\s+of|entrance\s+to|outside)\s+(?:the\s+)?(?:(?!(?:and|or)\s+(?:in|at|on|inside)\s)[^\s,:;]+\s+){0,3}$|"
    r"\b(?:government|parliament|embassy|ministry|ministries|lawmakers?|MPs?|officials?|leaders?|politicians|residents)\s+(?:(?:from|of)\s+(?:the\s+)?\w+\s+)?in\s+(?:the\s+)?$|"
    r"\b(?:arrived|gathered|massed|amassed|deployed|positioned|stationed|encamped|noose|cordon)\s+(?:\w+\s+)?around\s+(?:the\s+)?$|"
    r"\b(?:districts?|villages?|areas?|countryside|hills|mountains|farmland|suburbs|checkpoints?|check\s+posts?|outposts?|posts?|bases?|positions?)\s+(?:surrounding|around)\s+(?:the\s+)?(?:[^\s,:;]+\s+){0,2}$|"
    r"\b(?:clos\w+\s+in\s+on|advanc\w+\s+on|march\w*\s+on|borders?\s+of|doorstep\s+of|(?:have|has|had)\s+reached|arrived\s+in)\s+(?:the\s+)?$|"
    r"\b(?:sought|seeking|seek|took|taken|find|found|taking)\s+(?:safety|refuge|shelter)\s+in\s+(?:the\s+)?(?:\S+\s+){0,2}$|"
    r"\b(?:officials?|residents?|sources?|people|lawmakers?|MPs?|elders|authorities|farmers|women|men|families|civilians|"
    r"children|girls|boys|journalists|reporters|traders|shopkeepers|villagers|locals|doctors|students|teachers|workers|"
    r"refugees|migrants|Hazaras?|Pashtuns?|Tajiks?|Uzbeks?|clerics|activists|businessmen|merchants|governors?|deputy|deputies|"
    r"councillors?|councilors?|chiefs?|commanders?|representatives?|delegations?|envoys?|spokes(?:man|men|woman|women|person|people))\s+(?:in|of|from|for)\s+(?:the\s+)?(?:\S+\s+){0,1}$|"
    r"\b(?:representing|representative\s+of|members?\s+of|MP\s+from|lawmaker\s+from)\s+(?:the\s+)?(?:\S+\s+){0,1}$|"
    r"\b(?:announcements?|statements?|claims?|assurances?|promises?|(?:news|press)\s+conference|conference|briefing|interview|"
    r"speech|address|remarks|comments|speaking|spoke|said|told)\s+(?:\w+\s+)?(?:by|from|in|to)\s+(?:the\s+)?$",
    _I)
# word beginnings one of which _NOT_HELD_BEFORE needs (it is costly: anchored at the end of its text)
_NOT_HELD_PREFIXES = tuple(
    "fle escap retreat mov head withdr went return evacuat flew fly travel sent deploy leav left reach arriv advanc "
    "march relocat taken took taking brought transfer outskirt gate edge suburb vicinit direction north south east west "
    "border neighbo near close away kilomet km mile road highway route govern parliament embass lawmaker mp official "
    "leader politician resident gather mass position station encamp noose cordon sought seek find found source people "
    "elder authorit farmer women men famil civilian children girl boy journalist reporter trader shopkeeper villager local "
    "doctor student teacher worker refugee migrant hazara pashtun tajik uzbek cleric activist business merchant represent "
    "member deput councillor councilor chief commander delegation envoy spokes mouth entrance outside withdrawn pulled forced pushed driven fell falling falls announc statement claim assurance promise "
    "news press conference briefing interview speech address remark comment speak spoke said told link connect clos "
    "doorstep flown airlift ministr drove driving surrounding around".split())


#: Where a match of _NOT_HELD_BEFORE can start: each of its alternatives begins with a word boundary and a letter.
_WORD_STARTS = re.compile(r"\b[^\W\d_]")


#: A word (after a space) that starts with one of _NOT_HELD_PREFIXES.
_NOT_HELD_KEYWORD = re.compile(" " + _prefix_pattern(_NOT_HELD_PREFIXES))
_NOT_HELD_BEFORE_LOW = _case_free(_NOT_HELD_BEFORE)


#: armed men who arrive in / move into a place enter it (see the entry cue)
_ARMED_ENTRY = re.compile(r"\b(?:fighters|militants|insurgents|gunmen|militiamen|taliban|forces|troops|units|soldiers|commandos|militias?)\s+(?:\w+\s+){0,2}?"
                          r"(?:arrived\s+in|(?:moved|marched|pushed|advanced|drove|rode|walked|rolled|swept|poured|streamed)\s+into|advanced\s+to)\s+(?:the\s+)?$", _I)


@lru_cache(maxsize=4096)
def _not_held_before(before: str) -> bool:
    tail = before[-60:]
    low = tail.lower()
    # every alternative ends within a few words of the place: its keyword must be among the last eight
    if _NOT_HELD_KEYWORD.search(" " + " ".join(_low_words(low)[-8:])) is None:
        return False
    if _ARMED_ENTRY.search(tail):
        return False  # "fighters arrived in X": armed men entering X, not a destination
    if len(low) == len(tail) and "ı" not in tail and "ſ" not in tail:  # see _lowered
        return (_A(_NOT_HELD_BEFORE_LOW) if low.isascii() else _NOT_HELD_BEFORE_LOW).search(low) is not None
    # the same answer as _NOT_HELD_BEFORE.search(tail), trying only the word starts (a third faster)
    match = _NOT_HELD_BEFORE.match
    return any(match(tail, m.start()) for m in _WORD_STARTS.finditer(tail))


_NOT_HELD_AFTER = re.compile(
    r"^\s*['’]s\s+(?:\S+\s+){0,1}(?:anti-?taliban|resistance|forces|fighters|people|residents|governor|police|militias?|leaders?|airport|"
    r"elders|economy|population|officials?|council|authorities)\b|"
    r"^\s*(?:['’]s\s+)?(?:provincial\s+(?:council|governor|police|officials?|capital\s+(?!of))|council|governor|police|lawmakers?|mps?|residents?|"
    r"officials?|customs|airport|traders?|people|province['’]s\s+\w+|university|prison|hospital|spokes\w+|members?)\b|"
    r"^\s+(?:says|said|insists?|insisted|announced|claims?|claimed|told|reported|maintains|maintained)\b|"
    r"^-(?:based|born|bound|registered)\b",
    _I)

_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:provincial|regional|district)\s+(?:capital|centre|center)|"
    r"(?:entire\s+|whole\s+|strategic\s+|key\s+|northern\s+|southern\s+|eastern\s+|western\s+|frontier\s+|border\s+|mountainous\s+|holdout\s+)*"
    r"(?:valley|city|town|district|province|capital|area|region|crossing|port|corridor|pass|frontier\s+town|border\s+town|border\s+crossing))\b"
    r"|\bthe\s+(?:city\s+|town\s+)?cent(?:re|er)\b(?!\s+(?:of|for|in|at)\b)"
    r"|\b(?:it|its)\b"
    r"|\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|seems?|appears?|remains?|be|been)\b)",
    _I)
_ANAPHOR_LOW = _case_free(_ANAPHOR)


#: id of a module-level pattern -> (the pattern, :func:`geoevents.sentences._ascii` of it), see :func:`_A`.
_ASCII_OF: dict[int, tuple[re.Pattern, re.Pattern]] = {}


def _A(pat: re.Pattern) -> re.Pattern:
    """``pat`` compiled for ASCII text (:func:`geoevents.sentences._ascii`: the same matches on a text with
    ``text.isascii()``, found faster), compiled when first asked for."""
    got = _ASCII_OF.get(id(pat))
    if got is None or got[0] is not pat:
        got = _ASCII_OF[id(pat)] = (pat, _ascii(pat))
    return got[1]


def _finditer_folded(pattern: re.Pattern, twin: re.Pattern | None, text: str):
    """``pattern.finditer(text)``, or the same matches found faster by its case-free twin (:func:`_case_free`)
    on the lower-cased text (their groups then read lower-cased)."""
    low = _lowered(text) if twin is not None else None
    return (_A(twin) if low.isascii() else twin).finditer(low) if low is not None else pattern.finditer(text)


_ANAPHOR_SET = frozenset(("valley", "city", "town", "district", "province", "capital", "area", "region", "crossing", "corridor", "pass",
                          "port", "centre", "center", "it", "its", "there"))
#: Words of "both", "all three", "the two cities" (anaphors of a list of places).
_LIST_WORDS = frozenset(("both", "all", "two", "three", "four", "five", "six"))
_COMPOUND_AFTER = re.compile(r"\s+(?:headquarters|centres?|centers?|offices?|compound|administration|police|council|governor|"
                             r"chief|capital|seat)\s+(?:\w+\s+)?(?:in|of|at)\s+(?:the\s+)?(?:\S+\s+){0,2}$", _I)
_SAME_NAME = re.compile(r"\b(?:the|its|their)\s+(?:provincial\s+)?(?:capital|centre|center|main\s+(?:city|town))(?:\s+city)?"
                        r",?\s+(?:also\s+)?(?:of|with|bearing|sharing)\s+the\s+same\s+name\b", _I)
_OPEN_BRACKET = re.compile(r"(?:\s+(?:district|city|town))?\s*[(\[]\s*", _I)
_CLOSE_BRACKET = re.compile(r"\s*(?:province|district)?\s*[)\]]", _I)
_PROVINCE_CAPITAL = re.compile(r"(?:['’]s)?\s+(?:provincial\s+)?(?:capital|centre|center)\b(?!\s+(?:of|city)\b)", _I)
_EDGE_PREP = re.compile(r"\b(?:around|near|at|on|outside|in|for|towards?)\s+$", _I)
_POSSESSIVE_EDGE = re.compile(r"['’]s\s+(?:main\s+|international\s+)?(?:airport|outskirts|suburbs?|edges?|gates)\b", _I)
#: a place named as where something happened to people ("killings in X", "officials in X"): the antecedent of a
#: later "the city" in the same sentence when nothing is reported in between
_IN_BEFORE = re.compile(r"\bin\s+(?:the\s+)?$", _I)
_SPEECH_BETWEEN = re.compile(r"\b(?:said|says|say|told|tell|tells|confirm\w*|insist\w*|reported|reports?|announc\w*|claim\w*|"
                             r"according|den(?:y|ies|ied)|believ\w*|think|thinks|thought|fear\w*)\b", _I)
_DESCRIPTION = re.compile(r",\s+an?\s+(?:[\w-]+\s+){0,2}(?:district|city|town|village|area|region|valley|hub|gateway|crossing|"
                          r"port|base|stronghold)\b[^,;:.()\"“”]*$", _I)
_CAPITAL_APPOSITION = re.compile(r"(?:\s+(?:city|town))?\s*,\s*(?:the\s+)?(?:provincial\s+)?(?:capital|centre|center)\s+of\s+(?:the\s+)?", _I)
_ENTERED_BEFORE = re.compile(r"\b(?:entered|reached|stormed|captured|seized|took|taken|overran|overrun|(?:swept|pushed|moved)\s+into)\s+$", _I)
#: "provinces - A in the east and B in the west": a list separator after a place's region
_REGION_SEP = re.compile(r"\s+in\s+the\s+(?:far\s+)?(?:north|south|east|west|centre|center)(?:-?(?:east|west))?(?:ern)?\s*(?:,\s*|\s+and\s+|,\s*and\s+)", _I)
_PROVINCE_OFFICE = re.compile(r"\s+(?:provincial\s+)?(?:MPs?|lawmakers?|governors?|council(?:lors?)?|police\s+chief|officials?|representatives?|deputy)\b", _I)
_NAMED_NEXT = re.compile(r"\s*,?\s*")
_PROVINCIAL_CAPITAL = re.compile(r"(?:the|this|that)\s+provincial\s+(?:capital|centre|center)$", _I)
_LIST_COUNT = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_LIST_ANAPHOR = re.compile(
    r"\b(?:both|all\s+(?P<n>two|three|four|five|six)|the\s+(?P<m>two|three|four|five|six)(?=\s+(?:cities|towns|districts|provinces|capitals|provincial\s+capitals)))\b"
    r"(?:\s+(?:cities|towns|districts|provinces|capitals|provincial\s+capitals))?(?:\s+of\s+them)?"
    r"(?=\s*[.,;:]|\s+(?:fell|were|was|have|had|are|remain\w*|came|went|then|now|later|soon|quickly|on|by|within|after|before)\b)", _I)
_ITS_AFTER = re.compile(r"^\s+(?:fall|capture|collapse|seizure)\b", _I)
_IT_AFTER = re.compile(r"^\s+(?:\w+\s+){0,1}(?:fell|falls|(?:has|had)\s+(?:been|fallen)|was|is|remains?|remained|came)\b", _I)
#: a fight or a hold told just before "there" ("fighting was under way there", "the Taliban have been in control there")
_THERE_BEFORE = re.compile(r"\b(?:fighting|clash(?:es)?|battles?|firefights?|gunfire|shelling|control(?:led|s)?|held|holds?|holding|in\s+charge|"
                           r"under\s+way|underway|continu(?:es|ed|ing)|rag(?:es|ed|ing)|ongoing|fought|attack(?:s|ed|ing)?)\b"
                           r"(?:\s+[\w'\u2019-]+){0,5}?\s+$", _I)
#: "it" as the object of a control verb ("seized it", "took it back", "retook control of it")
_IT_OBJECT_BEFORE = re.compile(r"\b(?:seized|captured|took|retook|recaptured|overran|stormed|occupied|entered|liberated|regained|"
                               r"abandoned|surrendered|(?:took|taken|regained|seized)\s+(?:full\s+)?control\s+of)\s+$", _I)
_IT_IS_A = re.compile(r"^\s+(?:is|was)\s+(?:a|an|the|one|roughly|also|known|located|home)\b", _I)
_QUANTIFIER = re.compile(r"\b(?:all|most|majority|every|rest|much|large\s+parts|many)\b(?:\s+(?:of|the|its|their|surrounding|remaining|other|key|rural))*\s+"
                         r"(?:\d+\s+)?(?:districts?|parts?|areas?|territory)\b", _I)
_PARTIAL = re.compile(r"(?<!all )(?<!all other )\b(?:parts?|portions?|areas?|sections?|(?:\w+ern\s+)?sides?|neighbou?rhoods?|outskirts|(?:upper\s+|lower\s+|remote\s+)?reaches|some|most|much|half)\s+of\s+(?:the\s+)?(?:\S+\s+){0,2}$|"
                      r"\b(?:key|critical|several|some|many|most)\s+(?:parts?|portions?|areas?)\s+(?:of|in)\s+(?:the\s+)?(?:\S+\s+){0,2}$", _I)
_PARTIAL_LIST = re.compile(r"(?:\s+(?:district|province|valley))?(?:\s*,\s*(?!and\b|or\b)|\s+(?:and|or)\s+)", _I)
_LIST_START = re.compile(r"^\s*(?:the|these|those)\s+(?:\w+\s+){0,2}(?:districts?|provinces?|cities|towns|areas|places|capitals)\s+"
                         r"(?:include|included|are|were|fallen|captured|seized|taken)\b|^\s*they\s+(?:include|are|were)\b|\bnamely\b|"
                         r"^\s*(?:the\s+)?others\s+(?:include|included|are|were)\b|^\s*among\s+them\s+(?:are|were)\b", _I)
_CAPITAL_OF = re.compile(r"\b(?:provincial|regional)\s+(?:capital|centre|center)\s+of\s+(?:(?:the|(?-i:[A-Z])\w+['’]s|country['’]s|\w+ern|north-?\w+|south-?\w+|central|neighbou?ring)\s+)*(?:province\s+of\s+)?$", _I)
_CONTAINER_BEFORE = re.compile(
    r"\b(?:in|of|across|within|inside)\s+(?:the\s+)?(?:(?:\w+ern|north-?\w+|south-?\w+|central|neighbou?ring|remote|strategic|restive|volatile|key|same)\s+)*"
    r"(?:(?:province|provinces|district)\s+of\s+)?(?:(?-i:[A-Z])\w+['’]s\s+|the\s+country['’]s\s+)?(?:(?:\w+ern|north-?\w+|south-?\w+|central)\s+)*$|"
    r"\b(?:capital|centre|center|heart)\s+of\s+(?:the\s+)?(?:(?:\w+ern|north-?\w+|south-?\w+|central|neighbou?ring)\s+)*(?:province\s+of\s+)?$|"
    r"^\s*,?\s*$",
    _I)
#: an advance that reaches "the outskirts of X" / spreads "to the edge of X": fighting for X (nothing else is about X;
#: what happens "on the outskirts" is located near X, not in it)
_EDGE_OF = re.compile(r"\b(?:to|reach\w*|at)\s+(?:the\s+)?(?:outskirts|gates|edges?|suburbs?|doorstep)\s+of\s+(?:the\s+)?(?:\S+\s+){0,2}$|"
                      r"\b(?:fighting|battl\w+|clash\w*|fought|skirmish\w*|back)\s+(?:\w+\s+){0,2}?(?:on|from)\s+(?:the\s+)?"
                      r"(?:outskirts|gates|edges?|suburbs?)\s+of\s+(?:the\s+)?(?:\S+\s+){0,2}$|"
                      r"\b(?:have|has|had)\s+reached\s+(?:the\s+)?$", _I)
#: military posts located in a province ("their bases in X", "checkpoints in X province")
_POSTS_IN = re.compile(r"\b(?:bases?|posts?|outposts?|checkpoints?|check\s+posts?|positions?|barracks|garrisons?|security\s+posts?)"
                       r"\s+(?:\w+\s+)?in\s+(?:the\s+)?(?:\w+ern\s+|north-?\w+\s+|south-?\w+\s+|central\s+|remote\s+)*(?:province\s+of\s+)?$", _I)
#: "on the X pass and in Y district": a second place of the same statement, not a container of the first
_COORDINATE_IN = re.compile(r"\b(?:and|or)\s+(?:also\s+)?(?:in|at|on)\s+(?:the\s+)?(?:\w+\s+){0,2}$", _I)
#: the people of a place speak of it ("Residents of X say the Taliban control most of the city")
_PEOPLE_OF_BEFORE = re.compile(r"\b(?:residents?|people|inhabitants|villagers|locals|elders|shopkeepers|traders)\s+(?:of|in)\s+(?:the\s+)?$", _I)
#: a place named as a landmark ("outposts near X") can still be what "the city" refers back to
_LANDMARK_BEFORE = re.compile(r"\b(?:near|nearby|outside|around|close\s+to|(?:outskirts|edge|gates|suburbs)\s+of)\s+(?:the\s+)?$", _I)
_CUE_ANY = re.compile(r"\b(?:fighting|clash\w*|fell|fall\w*|captur\w*|seiz\w*|took|taken|control\w*|possession|follows?|after)\b", re.I)
_DISTRICTS_IN = re.compile(
    r"\b(?:\d+|a|an|another|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|some|many|more|new|other|"
    r"further|remaining|rural|remote|outlying|mountainous|border|from|across)\s+(?:\w+\s+){0,2}(?:districts?|district\s+cent(?:er|re)s?)\s+(?:\w+\s+){0,2}(?:in|of)\s+(?:the\s+)?"
    r"(?:(?:\w+ern|north-?\w+|south-?\w+|central|neighbou?ring)\s+)*(?:(?:\w+\s+)?provinces?\s+(?:of\s+)?)?(?:(?-i:[A-Z])\w+['’]?s?\s+|the\s+country['’]s\s+)?"
    r"(?:(?:\w+ern|north-?\w+|south-?\w+|central)\s+)*(?:provinces?\s+of\s+)?(?:[\w\s,–-]{0,40}?[–-]\s*)?$", re.I)
def _list_start(text: str) -> bool:
    low = text.lstrip().lower()
    if "namely" not in low and not low.startswith(("the ", "these ", "those ", "they ")):
        return False
    return _LIST_START_TEST.search(text)


_DATELINE = re.compile(
    r"^\s*(?:,\s*(?:[A-Z][a-z]{2,}\.?\s+\d{1,2}\b|\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s*[—–])|\s*\[[^\]]*\]|\s*\(|\s*:|\s+[—–-]{1,2}\s)")
#: the other cities of a shared dateline: "ISLAMABAD/KABUL - ..."
_DATELINE_HEAD = re.compile(r"\s*(?:(?-i:[A-Z])[\w .'\u2019-]*?\s*/\s*)+")
#: a place named for its government or people that speak ("Kabul denies", "Kabul has said"): not the place
_SPEAKS_AFTER = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(?:denie[sd]|deny|said|says|insist(?:s|ed)|reject(?:s|ed)|dismiss(?:es|ed)|"
                           r"confirm(?:s|ed)|announc(?:es|ed)|accuse[sd]|blame[sd]|warn(?:s|ed)|urge[sd]|demand(?:s|ed)|refute[sd])\b(?!\s+(?:by|to)\b)")
_LIST_SEP = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s+as\s+well\s+as\s+|\s+(?:districts?|provinces?|cities|towns)\s*,?\s*(?:and\s+)?)$", _I)


#: "may" is a modal only in lower case ("in May" is a month): tested apart from the rest of _MODAL.
_MODAL_TEST = _Folded(_MODAL, _case_free(re.compile(_MODAL.pattern.replace("(?-i:may)|", ""), _I)), re.compile(r"\bmay\b"))
_PARTIAL_TEST = _Folded(_PARTIAL, prefilter=True)
_LIST_START_TEST = _Folded(_LIST_START, prefilter=True)
_HEDGE_TEST = _Folded(_HEDGE)
_QUANTIFIER_TEST = _Folded(_QUANTIFIER)
_NOT_HELD_AFTER_TEST = _Folded(_NOT_HELD_AFTER)


# ---------------------------------------------------------------------------
# actors
# ---------------------------------------------------------------------------
class _Actors(tuple):
    """``(resistance pattern, taliban pattern, capturer side, neutral-forces pattern, its hint)``, hashed and compared by identity: it is
    a key of the memo caches, and hashing a compiled pattern hashes its whole code each time."""

    __slots__ = ()

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other


def _actor_spec(pack: Any = None) -> tuple | None:
    """The pack's actor words as a hashable ``(resistance, taliban, capturer, neutral)``, or None."""
    if pack is None:
        from .pack import pack_meta

        try:
            meta = pack_meta()
        except Exception:  # noqa: BLE001 - no default pack: the built-in words
            meta = {}
    else:
        meta = getattr(pack, "meta", None) or {}
    spec = meta.get("actors") if isinstance(meta, dict) else None
    if not isinstance(spec, dict):
        return None
    lists = []
    for side in ("resistance", "taliban", "neutral"):
        words = spec.get(side)
        if words is not None and (not isinstance(words, list) or not all(isinstance(w, str) for w in words)):
            from .errors import PackError

            raise PackError(f"pack.json: actors.{side} must be a list of regular expressions")
        lists.append(tuple(words) if words else None)
    return (lists[0], lists[1], spec.get("capturer"), lists[2])


@lru_cache(maxsize=16)
def _actor_patterns(spec: tuple | None = None) -> "_Actors":
    res_words, tal_words, capturer = ACTORS["resistance"], ACTORS["taliban"], ACTORS["capturer"]
    neutral_words = list(NEUTRAL_WORDS)
    if spec is not None:
        res_words = list(spec[0] or res_words)
        tal_words = list(spec[1] or tal_words)
        capturer = spec[2] or capturer
        neutral_words += list(spec[3] or ())
    try:
        res = re.compile(r"\b(?:" + "|".join(res_words) + r")\b", _I)
        tal = re.compile(r"\b(?:" + "|".join(tal_words) + r")\b", _I)
        nationality = r"\b(?:" + "|".join(neutral_words) + r")"
        # (a nationality's forces: "Turkish troops", "foreign military personnel")
        neutral = re.compile(nationality + r"\s+(?:\w+\s+)?" + _NEUTRAL_NOUNS + r"\b", _I)
        hint = re.compile(nationality + r"\b", _I)
    except re.error as exc:
        from .errors import PackError

        raise PackError(f"pack.json: an actor word is not a valid regular expression ({exc})") from None
    actors = _Actors((res, tal, capturer, neutral, hint))
    _ACTOR_PIECES[id(actors)] = required_pieces([*res_words, *tal_words])
    _ACTOR_PIECE_TESTS[id(actors)] = _holds_any(_ACTOR_PIECES[id(actors)] or ())
    return actors


_DEFAULT_SPEC: dict = {}  # GEOEVENTS_PACK -> actor spec of the default pack
_DEFAULT_ACTORS: dict = {}  # GEOEVENTS_PACK -> compiled actor words of the default pack (hashing a spec costs)

#: Forces that are neither side of the country's war ("foreign troops left the base", "coalition forces"):
#: generic words; a pack adds the nationalities present in its theatre (``pack.json`` "actors" "neutral").
NEUTRAL_WORDS = ["foreign", "international", "coalition", "western", "allied", "multinational", "peacekeeping"]
_NEUTRAL_NOUNS = (r"(?:forces|troops|soldiers|military|army|diplomats|embassy|personnel|contractors|marines|officials)")


def _actors(pack: Any = None) -> "_Actors":
    """Compiled actor words of a pack (the default pack when None; built-in words when it has none)."""
    if pack is None:
        env = os.environ.get("GEOEVENTS_PACK")
        got = _DEFAULT_ACTORS.get(env)
        if got is None:
            if env not in _DEFAULT_SPEC:
                _DEFAULT_SPEC[env] = _actor_spec(None)
            got = _DEFAULT_ACTORS[env] = _actor_patterns(_DEFAULT_SPEC[env])
        return got
    return _actor_patterns(_actor_spec(pack))


@lru_cache(maxsize=16)
def _case_free_actors(actors) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern] | None:
    """Case-free twins (:func:`_case_free`) of the actor and neutral-force patterns, or None."""
    twins = (_case_free(_spread(actors[0])), _case_free(_spread(actors[1])),
             _case_free(actors[3]), _case_free(actors[4]))
    return None if any(t is None for t in twins) else twins


#: id of compiled actor patterns -> lower-case pieces one of which every actor match holds
#: (:func:`geoevents.sentences.required_pieces`), or None when the words give no such pieces.
_ACTOR_PIECES: dict[int, frozenset | None] = {}
#: id of compiled actor patterns -> test of whether a lower-cased text holds one of those pieces (:func:`_holds_any`)
_ACTOR_PIECE_TESTS: dict[int, Any] = {}


#: a verb whose object the next actor word is ("ambushed the Taliban", "fought insurgents")
_OBJECT_BEFORE = re.compile(r"\b(?:ambush(?:ed|ing)|attack(?:ed|ing)|defeat(?:ed|ing)|engag(?:ed|ing)|fought|fighting|battl(?:ed|ing)|"
                            r"repel(?:led|ling)|push(?:ed|ing)\s+back|rout(?:ed|ing)|kill(?:ed|ing)|target(?:ed|ing)|struck|bomb(?:ed|ing)|"
                            r"confront(?:ed|ing)|chas(?:ed|ing)|expel(?:led|ling)|evict(?:ed|ing)|against)\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}$", _I)


@lru_cache(maxsize=4096)
def _side_of(text: str, actors, *, last: bool) -> str | None:
    """Side named in ``text``: the last (nearest to a following cue) or first actor word."""
    low = _lowered(text)
    pieces = _ACTOR_PIECES.get(id(actors))
    if low is not None and pieces is not None and not _ACTOR_PIECE_TESTS[id(actors)](low):
        return None  # no actor word can match
    free = _case_free_actors(actors) if low is not None else None
    if free is not None:  # the same matches, found faster on the lower-cased text
        res, tal, neutral_rx, hint_rx = free
        text = low
    else:
        res, tal, _, neutral_rx, hint_rx = actors
    hits = []
    neutral = [m.span() for m in neutral_rx.finditer(text)] if hint_rx.search(text) else []
    for m in res.finditer(text):
        if any(a <= m.start() < b for a, b in neutral):
            continue  # foreign troops are neither side
        hits.append((m.start(), m.end(), "resistance"))
    for m in tal.finditer(text):
        if any(a <= m.start() < b for a, b, _ in hits):
            continue  # "anti-Taliban" is resistance
        hits.append((m.start(), m.end(), "taliban"))
    if not hits:
        return None
    hits.sort()
    if last and len(hits) > 1 and hits[-2][2] != hits[-1][2] and _OBJECT_BEFORE.search(text, max(hits[-2][1], hits[-1][0] - 40), hits[-1][0]):
        return hits[-2][2]  # "militias ambushed the Taliban in X and retook it": the object is not the actor
    return hits[-1][2] if last else hits[0][2]


def _other(side: str | None) -> str | None:
    return {"taliban": "resistance", "resistance": "taliban"}.get(side or "")


# ---------------------------------------------------------------------------
# places of a sentence
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Place:
    start: int            # offsets in the document
    end: int
    row: dict             # the place row (or the antecedent's row for an anaphor)
    mention: str
    anaphor: bool = False
    container: bool = False
    excluded: bool = False
    edge: bool = False    # "the outskirts of X": only fighting there speaks of X
    partial: bool = False
    span: tuple[int, int] | None = None   # offsets reported, when not start/end


def _same_name(a: str | None, b: str | None) -> bool:
    """Whether two spellings are the same name but for case, spaces and hyphens ("Dashte Archi", "Dasht-e-Archi")."""
    return bool(a) and bool(b) and _NOT_A_LETTER.sub("", a.lower()) == _NOT_A_LETTER.sub("", b.lower())


_NOT_A_LETTER = re.compile(r"[\W\d_]+")


def _level_rank(level: str | None) -> int:
    return {"country": 0, "province": 1, "district": 2, "area": 3, "city": 3, "village": 4}.get(level or "", 3)


_DEFAULT_CAPITALS: dict = {}  # (GEOEVENTS_PACK, GEOEVENTS_SHAPES) -> "capitals" of the default pack's metadata


def _capital_row(province_row: dict, pack: Any) -> dict | None:
    """Row for the capital of the province of ``province_row`` when the pack knows it."""
    capitals = None
    if pack is None:
        import os

        env = (os.environ.get("GEOEVENTS_PACK"), os.environ.get("GEOEVENTS_SHAPES"))  # what picks the default pack
        if env not in _DEFAULT_CAPITALS:  # (finding the default pack's metadata costs a look at the disk)
            from .pack import pack_meta

            try:
                meta = pack_meta()
            except Exception:  # noqa: BLE001 - no default pack: no capitals
                meta = {}
            _DEFAULT_CAPITALS[env] = meta.get("capitals") if isinstance(meta, dict) else None
        capitals = _DEFAULT_CAPITALS[env]
    else:
        meta = getattr(pack, "meta", None) or {}
        if isinstance(meta, dict):
            capitals = meta.get("capitals")
    if capitals is None and pack is not None:
        prov = getattr(pack, "provinces", None)
        if prov is not None and "capital_district" in getattr(prov, "columns", []):
            capitals = dict(zip(prov["province"], prov["capital_district"]))
    if not capitals:
        return None
    district = capitals.get(province_row.get("province"))
    if not district:
        return None
    row = dict(province_row)
    row["district"] = district
    row["level"] = "city"
    return row


def _is_capital(row: dict, pack: Any) -> bool:
    """Whether the place of ``row`` is the capital of its province (True when the pack does not say)."""
    cap = _capital_row(row, pack)
    return cap is None or _same_name(cap.get("district"), row.get("district"))


class _Discourse:
    """What "the city", "the valley", "the province" can refer back to."""

    def __init__(self) -> None:
        self.last: dict[str, dict] = {}
        self.topic: dict | None = None      # place of the latest event
        self.topic_pos = -1                 # end of the sentence that set the topic
        # local places seen lately: (row, salient, (sentence text, offset in it) to judge salience when asked)
        self.recent: deque[tuple[dict, bool, tuple[str, int] | None]] = deque(maxlen=12)
        self.last_list: list[dict] = []     # the last list of places named together ("A, B and C")
        self.cities: deque[tuple[dict, tuple[str, int] | None]] = deque(maxlen=12)   # cities seen lately, with their context

    def see(self, row: dict, salient: bool = True, context: tuple[str, int] | None = None) -> None:
        level = row.get("level")
        self.last["any"] = row
        if level == "province":
            self.last["province"] = row
        else:
            self.last["local"] = row
            if self.topic is not None:
                self.recent.append((row, salient, context))
            if level in ("city", "village"):
                self.last["city"] = row
                self.cities.append((row, context))
            if level == "district":
                self.last["district"] = row
            if level == "area":
                self.last["area"] = row

    def _newer(self, kind: str, at: int | None) -> dict | None:
        """The last salient place of ``kind`` named after the topic's sentence and shortly before ``at``."""
        if at is None:
            return None
        for row, salient, context in reversed(self.recent):
            pos = row.get("start", -1)
            if pos <= self.topic_pos or at - pos >= 400:
                return None
            if pos > at or kind == "city" and row.get("level") not in ("city", "village"):
                continue
            if salient and (context is None or _may_displace_topic(row, *context)):
                return row
        return None

    def resolve(self, word: str, at: int | None = None) -> dict | None:
        w = word.lower()
        if w in ("it", "its", "there"):
            return self.topic
        if w.endswith("province"):
            return self.last.get("province") or (self._province_of(self.topic) if self.topic else None)
        if w.endswith("district") or "district " in w:
            return self.last.get("district") or self.last.get("local")
        if w.endswith(("valley", "area", "region", "corridor", "pass")):
            return self.last.get("area") or self.last.get("province")
        topic = self.topic if self.topic is not None and self.topic.get("level") != "province" else None
        # "Readers asked about Ghazni. The city fell ...": a place named since the last event is nearer than it
        if w.endswith(("crossing", "port", "town")):
            return self._newer("local", at) or topic or self.last.get("local")
        # city, capital, provincial capital
        newer = self._newer("city", at)
        if newer is not None:
            return newer
        if topic is not None and topic.get("level") in ("city", "village", "area"):
            return topic
        # the last city not named only as an origin, destination or landmark ("flown in from X")
        for row, context in reversed(self.cities):
            if context is None or _may_displace_topic(row, *context):
                return row
        return self.last.get("city") or self.last.get("local")

    @staticmethod
    def _province_of(row: dict) -> dict:
        out = dict(row)
        out["district"] = None
        out["level"] = "province"
        return out


# patterns of _sentence_places (compiled once)
_RX_SENTENCE_PLACES1 = re.compile(r"^\s*(?:of|['’]s)\s")
_RX_SENTENCE_PLACES2 = re.compile(r"^\s+(?:of\s+(?:the\s+)?(?:\S+\s+){0,3})?$")
_RX_SENTENCE_PLACES3 = re.compile(r"^\s*,\s*$|^\s+(?:at|in|of|near|on)\s+(?:the\s+)?$")
_RX_SENTENCE_PLACES4 = re.compile(r"^(?:\s+(?:city|town|district|province|valley))?\s*,\s*$", _I)
_RX_SENTENCE_PLACES5 = re.compile(rf"^{_APOS}s?\s+(?:provincial\s+)?(?:capital|centre|center)\b")
_RX_SENTENCE_PLACES6 = re.compile(r"(?:^|[.;]\s+|,\s+)in\s+(?:the\s+)?$", _I)
_RX_SENTENCE_PLACES7 = re.compile(r"^(?:\s+province)?\s*,", _I)
_RX_SENTENCE_PLACES8 = re.compile(r"\bcapital\s+of\s+(?:the\s+)?(?:\S+\s+){0,2}$", _I)
_RX_SENTENCE_PLACES9 = re.compile(r"^(?:\s+province)?\s*,\s*$", _I)
_RX_SENTENCE_PLACES10 = re.compile(r"\bfrom\s+(?:the\s+)?(?:[^\s,:;]+\s+){0,2}$", _I)
_RX_SENTENCE_PLACES11 = re.compile(r"^(?:\s+province)?\s*,?(?:\s+in\s+\S+\s+\S+)?\s*,?\s+(?:\d+|a|another|one|two|three|four|five|six|seven|eight|nine|ten|several|some|many|more)\s+(?:\w+\s+)?districts?\b", _I)
_RX_SENTENCE_PLACES12 = re.compile(r",\s+(?:leaving|bringing|putting|cutting\s+off)\b", _I)
_RX_SENTENCE_PLACES13 = re.compile(r"\b(?:in|of)\s+(?:the\s+)?(?:\S+\s+){0,2}$", _I)
_RX_SENTENCE_PLACES14 = re.compile(rf"^{_APOS}s\s+(?:\S+\s+){{0,2}}$")
_RX_SENTENCE_PLACES15 = re.compile(r"\b(?:both|all|each)\s+(?:located\s+)?in\s+(?:the\s+)?(?:\S+\s+){0,2}$|\bin\s+(?:the\s+)?(?:\w+\s+){0,2}provinces\s+of\s+$", _I)
_RX_SENTENCE_PLACES16 = re.compile(r"\b(?:withdr\w+|retreat\w*|pulled\s+(?:out|back)|evacuat\w+|expell\w+|evict\w+|cleared|driven(?:\s+out)?|pushed|forced|chased|ousted|left|"
                r"retook|retaken|recaptured|took|taken|captured|seized|wrested|regained|liberated)\b(?:\s+\S+){0,5}\s+from\s+(?:the\s+)?(?:\S+\s+){0,2}$", _I)
_RX_SENTENCE_PLACES17 = re.compile(r"^\s+(?:in\s+the\s+\w+\s+)?to\s+", _I)
_RX_SENTENCE_PLACES18 = re.compile(r"\b(?:in|of|within|inside|capital|heart|centre|center)\b", _I)
_RX_SENTENCE_PLACES19 = re.compile(r"^\s*,\s*$")
_RX_SENTENCE_PLACES20 = re.compile(r"^\s*,?\s*(?:in|of)\s+$", _I)


#: a road named by its end points: "the Kabul-Kandahar highway", "the Herat–Islam Qala road"
_ROAD_AFTER = re.compile(r"\s*[-\u2013\u2014/]\s*(?-i:[A-Z])[\w'\u2019-]*(?:\s+(?-i:[A-Z])[\w'\u2019-]*){0,2}\s+(?:highways?|roads?|routes?|motorways?)\b")
_ROAD_WORD = re.compile(r"\s+(?:highways?|roads?|routes?|motorways?)\b")
_THE_BEFORE = re.compile(r"\b(?:the|a)\s+$", _I)  # "the Khanabad road", "the Salang highway"
_DASH_BEFORE = re.compile(r"[^\W\d_]\s*[-\u2013\u2014/]\s*$")
_START = attrgetter("start")


def _sentence_places(sent: Sentence, text: str, rows: list[dict], disc: _Discourse, pack: Any,
                     anaphor: bool = True, lists: bool = True) -> list[_Place]:
    """Places of one sentence: mentions plus resolved anaphors (looked for only when ``anaphor``: the
    sentence has a word such as "city" or "it"), flagged container/excluded."""
    places = [_Place(r["start"], r["end"], r, r.get("mention") or text[r["start"]:r["end"]]) for r in rows]
    places.sort(key=_START)
    named_only = len(places)
    s0 = sent.start
    stext = sent.text

    # anaphors ("the valley", "the city") that are not followed by "of <place>"
    occupied = [(p.start, p.end) for p in places]
    for m in (_finditer_folded(_ANAPHOR, _ANAPHOR_LOW, stext) if anaphor else ()):  # (every use of m.group(0) ignores case)
        a, b = s0 + m.start(), s0 + m.end()
        after = text[b:b + 40]
        pronoun = m.group(0).lower()
        if pronoun == "its" and not _ITS_AFTER.match(after):
            continue
        if pronoun == "there" and not _THERE_BEFORE.search(stext, max(0, m.start() - 60), m.start()):
            continue  # "there" stands for a place only after a fight or a hold told of it ("fighting was under way there")
        if pronoun == "it" and (not _IT_AFTER.match(after) or _IT_IS_A.match(after)) \
                and not _IT_OBJECT_BEFORE.search(stext, max(0, m.start() - 30), m.start()):
            continue  # (but "the militants seized it": the object of a capture verb)
        if any(x < b and a < y for x, y in occupied):
            continue
        nxt = next((p for p in places if p.start >= b), None)
        if nxt is not None and _RX_SENTENCE_PLACES2.match(text[b:nxt.start]) and nxt.start - b < 40:
            continue  # "the city of Kunduz", "the provincial capital of Logar": the name follows
        if nxt is not None and nxt.start - b < 60 and _COMPOUND_AFTER.match(text, b, nxt.start):
            continue  # "the district headquarters in Banu": a compound noun whose place is named after it
        if _RX_SENTENCE_PLACES1.match(after):
            continue  # "the capital of ...": named, not referred back to
        if nxt is not None and _RX_SENTENCE_PLACES3.match(text[b:nxt.start]):
            continue  # apposition: "the capital, Kabul", "the border crossing at Islam Qala"
        prv = next((p for p in reversed(places) if p.end <= a and not p.anaphor), None)
        if prv is not None and _RX_SENTENCE_PLACES4.match(text[prv.end:a]):
            continue  # apposition after the name: "Taluqan city, the provincial capital"
        word = m.group(0)
        if "cent" in pronoun and not pronoun.startswith(("the provincial", "the district")) and not _ENTERED_BEFORE.search(stext, max(0, m.start() - 40), m.start()):
            continue  # "the centre" is a place's centre only as what a side entered or took ("after the Taliban entered the centre")
        prev = next((p for p in reversed(places) if p.end <= a), None)
        ref = None
        if word.lower() in ("it", "its", "there"):
            # a pronoun refers to the last place named before it in this sentence, if any
            before_it = [p for p in places if p.end <= a and not p.anaphor]
            if places and not before_it:
                continue
            if before_it:
                ref = before_it[-1].row
        if _PROVINCIAL_CAPITAL.match(word) and not (prev is not None and re.search(
                r",\s+(?:leaving|bringing|putting|cutting\s+off)\b", text[prev.end:a], _I)):
            # "the provincial capital": the capital of the province in question, when the pack knows it
            base = prev.row if prev is not None else (disc.topic or disc.last.get("any"))
            if base and base.get("province"):
                cap = _capital_row(base, pack)
                if cap is not None:
                    ref = base if base.get("district") == cap["district"] and base.get("level") != "province" else cap
        if ref is None and prev is not None and not word.lower().endswith("province") and word.lower() not in ("it", "its", "there"):
            # "Zaranj ... the city": the nearest earlier local place of this sentence
            wl = word.lower()
            kinds = ("area",) if wl.endswith(("valley", "area", "region", "corridor", "pass")) else ("district",) if "district" in wl else (
                "city",) if wl.endswith(("capital", "centre", "center")) else ("city", "village", "area", "district")
            # not a place named only as where a speaker is or someone went ("the ministry in Kabul said")
            local = [p for p in places if p.end <= a and p.row.get("level") in kinds and not p.anaphor
                     and (_LANDMARK_BEFORE.search(text[max(s0, p.start - 30):p.start])
                          or _PEOPLE_OF_BEFORE.search(text[max(s0, p.start - 30):p.start])
                          or not _NOT_HELD_AFTER_TEST.match(text[p.end:p.end + 40])
                          and not _not_held_before(text[max(s0, p.start - 70):p.start]))]
            if local and wl.endswith("capital"):
                # "the capital" is a capital: not a town or district that is none ("gunfire in Paghman ... defending
                # the capital")
                local = [p for p in local if _is_capital(p.row, pack)]
                if not local:
                    continue
            if not local and wl.endswith(("valley", "area", "region", "corridor", "pass")):
                local = [p for p in places if p.end <= a and p.row.get("level") in ("district", "province") and not p.anaphor]
            if not local and kinds == ("district",):
                # a town named for its district ("Rustaq ... the district centre"), when no district is named
                local = [p for p in places if p.end <= a and p.row.get("level") == "city" and not p.anaphor
                         and _same_name(p.row.get("district"), p.mention)
                         and not _not_held_before(text[max(s0, p.start - 70):p.start])]
            if local and _RX_SENTENCE_PLACES12.search(text[local[-1].end:a]):
                continue  # "A and B fell, leaving the provincial capital encircled": another place, unnamed
            # "officials in Qalat handed over the city", "killings in X after the Taliban took the district":
            # the place named as where people are or were is the antecedent when nothing is reported in between
            near_in = next((p for p in reversed(places) if p.end <= a and not p.anaphor and (
                p.row.get("level") in kinds or kinds == ("district",) and p.row.get("level") == "city"
                and _same_name(p.row.get("district"), p.mention))), None)
            if near_in is not None and (not local or near_in.start > local[-1].start) and _IN_BEFORE.search(
                    text, max(s0, near_in.start - 6), near_in.start) and not _SPEECH_BETWEEN.search(text, near_in.end, a) \
                    and not re.search(r"[;:\"“”]", text[near_in.end:a]):
                local = [near_in]
            if local:
                ref = local[-1].row
            elif wl.endswith(("city", "capital")):
                # "a former Takhar MP described the loss of the city": the capital of the province whose
                # representative speaks, when no city is named before it in the sentence and the city under
                # discussion lies in another province
                office = next((p for p in reversed(places) if p.end <= a and not p.anaphor and (
                    p.row.get("level") == "province" or _same_name(p.row.get("province"), p.mention))
                               and _PROVINCE_OFFICE.match(text, p.end)), None)
                if office is not None:
                    ref = disc.resolve(word, a)
                    if ref is None or ref.get("province") != office.row.get("province"):
                        ref = _capital_row(office.row, pack) or ref
        if ref is None:
            ref = disc.resolve(word, a)
        if ref is None:
            continue
        places.append(_Place(a, b, ref, text[a:b], anaphor=True))
    # "Ghazni province and the capital of the same name": the capital of the province named before it
    if anaphor and "same name" in stext:
        for m in _SAME_NAME.finditer(stext):
            a, b = s0 + m.start(), s0 + m.end()
            if any(x < b and a < y for x, y in occupied):
                continue
            base = next((p.row for p in reversed(places) if p.end <= a and not p.anaphor and p.row.get("level") == "province"),
                        None)
            cap = _capital_row(base, pack) if base is not None else None
            if cap is not None:
                places.append(_Place(a, b, cap, text[a:b], anaphor=True))
    # "Both fell within days", "the Taliban recaptured all three": every member of the last list of that size
    if disc.last_list and lists:
        for m in _LIST_ANAPHOR.finditer(stext):
            a, b = s0 + m.start(), s0 + m.end()
            if _LIST_COUNT[(m.group("n") or m.group("m") or "both").lower()] != len(disc.last_list) or any(
                    x < b and a < y for x, y in occupied):
                continue
            places.extend(_Place(a, b, row, text[a:b], anaphor=True) for row in disc.last_list)
    if len(places) > named_only:
        places.sort(key=_START)

    # "the provincial capital of Kunduz province": the capital, when the pack knows it
    for p in places:
        if p.anaphor or p.row.get("level") != "province":
            continue
        if "capital" in text[max(s0, p.start - 80):p.start].lower() and _CAPITAL_OF.search(text[max(s0, p.start - 80):p.start]):
            cap = _capital_row(p.row, pack)
            if cap is not None:
                p.row = cap
    # "the Logar capital", "Logar's provincial capital": the capital, unless it is named right after
    # ("the Helmand capital, Lashkar Gah": then the province only locates it)
    capitals = set()
    located = set()  # places that only locate the place before them ("A, capital of B")
    for i, p in enumerate(places):
        if p.anaphor or p.row.get("level") != "province":
            continue
        m = _PROVINCE_CAPITAL.match(text, p.end)
        if m is None:
            continue
        nxt = places[i + 1] if i + 1 < len(places) else None
        if nxt is not None and _NAMED_NEXT.fullmatch(text, m.end(), nxt.start):
            p.container = True
            continue
        cap = _capital_row(p.row, pack)
        if cap is not None:
            p.row = cap
            capitals.add(id(p))

    # containers and places that are not held
    for i, p in enumerate(places):
        before = text[max(s0, p.start - 70):p.start]
        after = text[p.end:min(sent.end, p.end + 40)]
        level = p.row.get("level")
        if p.anaphor:
            finer = [q for q in places[:i] if not q.anaphor and _level_rank(q.row.get("level")) > _level_rank(level)
                     and p.start - q.end < 60]
            gap = text[finer[-1].end:p.start] if finer else ""
            if finer and len(gap.split()) <= 8 and not _CUE_ANY.search(gap) and _RX_SENTENCE_PLACES13.search(gap):
                p.container = True
                continue
        else:
            # possessive: "Herat's Karokh district", "Andarab's Banu"
            nxt = places[i + 1] if i + 1 < len(places) else None
            if nxt is not None and _RX_SENTENCE_PLACES14.match(text[p.end:nxt.start]):
                p.container = True
                continue
            if i and not places[i - 1].anaphor and places[i - 1].row.get("province") == p.row.get("province") and \
                    _CAPITAL_APPOSITION.fullmatch(text, places[i - 1].end, p.start):
                p.container = True  # "Pul-e-Khumri, (the) capital of Baghlan": Baghlan (whatever its level) only locates it
                located.add(id(p))
                continue
            if _RX_SENTENCE_PLACES5.match(after) and level == "province":
                p.container = True  # "Badakhshan's capital"
                continue
            if i and _OPEN_BRACKET.fullmatch(text, places[i - 1].end, p.start) and _CLOSE_BRACKET.match(after) and (
                    p.row.get("province") == places[i - 1].row.get("province")) and (
                    p.mention.lower() == str(p.row.get("province") or "").lower()
                    or _level_rank(level) < _level_rank(places[i - 1].row.get("level"))
                    or p.row.get("district") == places[i - 1].row.get("district")):
                p.container = True  # "Andar (Ghazni)": a name in brackets after a place only locates it
                continue
            # "X district in Kapisa", "Zaranj, the heart of Nimroz province", "X in Baghlan"
            finer = [q for q in places[:i] if p.start - q.end < 90 and (
                _level_rank(q.row.get("level")) > _level_rank(level)
                and (q.row.get("province") == p.row.get("province") or level == "province")
                or q.row.get("province") == p.row.get("province") and q.row.get("district") != p.row.get("district")
                and _RX_SENTENCE_PLACES20.match(text[q.end:p.start]))]
            gap = text[finer[-1].end:p.start] if finer else ""
            if finer and len(gap.split()) <= 8 and _CONTAINER_BEFORE.search(gap[-60:]) and (
                    _RX_SENTENCE_PLACES18.search(gap)
                    or level == "province" and _RX_SENTENCE_PLACES19.match(gap)
                    and finer[-1].row.get("province") == p.row.get("province")) and not (
                    _CUE_ANY.search(gap)) and not _COORDINATE_IN.search(gap):
                p.container = True
                continue
        later = [q for q in places[i + 1:] if not q.anaphor and q.row.get("province") == p.row.get("province")
                 and q.row.get("district") and q.row.get("district") != p.row.get("district")]
        if later and before.rstrip().lower().endswith(("in", "in the")) and _RX_SENTENCE_PLACES6.search(text[s0:p.start]) and _RX_SENTENCE_PLACES7.match(text[p.end:p.end + 12]):
            p.container = True  # "In Badghis province, the insurgents stormed Qala-e-Naw"
            continue
        if level == "province" and later and later[0].start - p.end < 25 and _RX_SENTENCE_PLACES8.search(before) and _RX_SENTENCE_PLACES9.match(text[p.end:later[0].start]):
            p.container = True  # "the capital of Helmand province, Lashkar Gah"
            continue
        if level == "province" and ("district" in before.lower() and _DISTRICTS_IN.search(before) and not _ALL_DISTRICTS.search(before) or _RX_SENTENCE_PLACES15.search(before)):
            p.container = True  # "captured another district in ... Nuristan", "both in Herat province"
            continue
        if level == "province" and " in" in before and _POSTS_IN.search(before):
            p.container = True  # "troops abandoned their bases in Badakhshan": posts in a province, not the province
            continue
        if "from" in before and _RX_SENTENCE_PLACES10.search(before) and not _RX_SENTENCE_PLACES16.search(before) and not _RX_SENTENCE_PLACES17.match(after):
            p.excluded = True  # (but "from A in the south to B in the north" is a range of held places)
        if level == "province" and "district" in text[p.end:p.end + 80] and _RX_SENTENCE_PLACES11.match(text[p.end:p.end + 80]):
            p.container = True  # "In Takhar province 16 districts fell"
            continue
        if "highway" in after[:60] or "road" in after[:60] or "route" in after[:60] or "motorway" in after[:60]:
            if _ROAD_AFTER.match(after) or _ROAD_WORD.match(after) and (_DASH_BEFORE.search(before) or _THE_BEFORE.search(before)):
                p.excluded = True  # "the Kabul-Kandahar highway": a road's end points are landmarks
                continue
        if _not_held_before(before) or _NOT_HELD_AFTER_TEST.match(after) and id(p) not in capitals or (
                (not text[s0:p.start].strip() or (_DATELINE_HEAD_ASCII if text.isascii() else _DATELINE_HEAD).fullmatch(text, s0, p.start))
                and _DATELINE.match(after) and not _LABEL_PRED.match(after)) or _SPEAKS_AFTER.match(after):
            p.excluded = True
            if (" of" in before or "reached" in before) and _EDGE_OF.search(before) or (
                    _POSSESSIVE_EDGE.match(after) and _EDGE_PREP.search(before)):
                p.edge = True  # ("clashes around Herat's airport": a fight on the edge of Herat)
        if not p.excluded and not p.anaphor and i and ", a" in text[max(s0, p.start - 150):p.start]:
            # "Arghandab, a district north of the city that guards the road to Kandahar": a place inside the
            # description of another is a landmark
            m = _DESCRIPTION.search(text, max(s0, p.start - 150), p.start)
            if m is not None and any(q.end <= m.start() and _RX_SENTENCE_PLACES4.match(text[q.end:m.start() + 1])
                                     for q in places[:i] if not q.anaphor):
                p.excluded = True
        if " of" in before and _PARTIAL_TEST.search(before):
            p.partial = True
    # list members inherit the container/excluded flag of the list's first member
    for i in range(1, len(places)):
        a, b = places[i - 1], places[i]
        if id(a) in located:
            continue  # ("A, capital of B, and C": C is the verb's, not a second container)
        if (_LIST_SEP.match(text[a.end:b.start]) or a.container and _REGION_SEP.fullmatch(text, a.end, b.start)) and (
                a.container or a.excluded) and (a.row.get("level") == b.row.get("level") or (
                a.row.get("level") == "province" and b.mention.lower() == str(b.row.get("province") or "").lower()) or (
                b.row.get("level") == "province" and a.mention.lower() == str(a.row.get("province") or "").lower())):
            b.container = b.container or a.container
            b.excluded = b.excluded or a.excluded
            b.edge = b.edge or a.edge and a.excluded
    # "large parts of A and B": the part is of each member
    for i in range(1, len(places)):
        a, b = places[i - 1], places[i]
        if a.partial and not b.partial and _PARTIAL_LIST.fullmatch(text, a.end, b.start):
            b.partial = True
    # lists that end in a container ("in Ghazni, Faryab and Takhar provinces")
    for i in range(len(places) - 2, -1, -1):
        a, b = places[i], places[i + 1]
        if b.container and _LIST_SEP.match(text[a.end:b.start]) and a.row.get("level") == b.row.get("level"):
            a.container = True
    # the last list of places named together, for a later "both" / "all three"
    named = [p for p in places if not (p.anaphor or p.container or p.excluded)] if len(places) > 1 else ()
    run: list[_Place] = []
    for p in named:
        if run and _LIST_SEP.match(text[run[-1].end:p.start]):
            run.append(p)
            continue
        if len(run) > 1:
            disc.last_list = [q.row for q in run]
        run = [p]
    if len(run) > 1:
        disc.last_list = [q.row for q in run]
    return places


# ---------------------------------------------------------------------------
# cues
# ---------------------------------------------------------------------------
# patterns of _clauses (compiled once)
_RX_CLAUSES1 = re.compile(r",\s+(?:(?:all|both|each)\s+of\s+)?(?:where|which|who)\b", _I)
_RX_CLAUSES2 = re.compile(r",?\s+and\s(?!that\b)", _I)


_FINITE_PASSIVE = re.compile(r"\b(?:has|have|had)\s+been\s+\w+|\b(?:was|were)\s+\w+(?:ed|en)\b", _I)


@lru_cache(maxsize=4096)
def _clauses(stext: str) -> list[tuple[int, int]]:
    low = _lowered(stext)
    if low is not None and _CLAUSE_WORDS.isdisjoint(_low_words(low)) and not (
            ";" in stext or ":" in stext or "—" in stext or "–" in stext
            or "however" in low or "meanwhile" in low or "though" in low):  # (these end at any word boundary)
        return [(0, len(stext))] if stext else []  # no clause boundary can be found (most sentences)
    spans, pos = [], 0
    relative = set()
    for m in ((_A(_CLAUSE_LOW) if low.isascii() else _CLAUSE_LOW).finditer(low) if low is not None else _CLAUSE.finditer(stext)):
        if _RX_CLAUSES2.match(m.group(0)) and not _CUE_ANY.search(stext[pos:m.start()]) \
                and not _FINITE_PASSIVE.search(stext, pos, m.start()):
            continue  # "X, ..., and Y ... have fallen": one subject list (but "X has been cut off, and ...": two clauses)
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
        if _RX_CLAUSES1.match(m.group(0)):
            relative.add(pos)
    spans.append((pos, len(stext)))
    out = []
    for a, b in spans:
        if b > a and a in relative:
            m = _MAIN_VERB.search(stext, a, b)
            if m:
                out.extend([(a, m.start()), (m.end(), b)])
                continue
        out.append((a, b))
    return [(a, b) for a, b in out if b > a]


_CLAUSE_LOW = _case_free(_spread(_CLAUSE))
#: The words of _CLAUSE (each between white space, or after it and before a word boundary): without one of
#: them as a word (or "however", "meanwhile", "though" anywhere), or one of ";", ":", "—", "–", a sentence
#: is one clause.
_CLAUSE_WORDS = frozenset("but while whereas even as after and before which who where when except however meanwhile "
                          "though although leaving bringing meaning cutting giving putting because until since following followed".split())

#: "those districts" / "the three towns": the places just named
_PLURAL_ANAPHOR = re.compile(r"\b(?:those|these|the\s+(?:two|three|four|five|six|seven|eight))\s+(?:\w+\s+)?(?:districts|towns|cities|provinces|places|areas|capitals)\b", _I)
#: "all seven districts of X": a statement about the whole of X, not X as a container
_ALL_DISTRICTS = re.compile(r"\ball\s+(?:(?:the|its|\d+|\w+)\s+)?(?:districts|district\s+cent(?:re|er)s)\s+(?:of|in)\s+(?:the\s+)?$", _I)
_WHICH = re.compile(r",\s+(?:which|that|where)\s")
#: words before a place at the head of a noun phrase ("as well as the remote ..."): no preposition
_NP_HEAD = re.compile(r"(?:[\s,]|(?:as|well|along|with|the|a|an|remote|key|strategic|nearby|neighbou?ring|northern|southern|eastern|"
                      r"western|central|mountainous|small|main|important|whole|entire|also)\b)*", _I)
#: a relative clause that only locates what it follows ("..., which is in X")
_LOCATING = re.compile(r"(?:is|are|was|were|lies|lie|sits)\s+(?:located\s+|situated\s+|also\s+)?(?:in|inside)\b", _I)
_RELATIVE_BEFORE = re.compile(r",\s+(?:which|that)\s+$", _I)
#: ", as are B and C": an elliptical clause that repeats the predicate before it
_AS_ARE = re.compile(r",\s+as\s+", _I)
_AS_ARE_VERB = re.compile(r"(?:are|is|was|were|do|does|did|have|has|had)\s+(?!\w+ing\b)", _I)
_MAIN_VERB = re.compile(r",\s+(?=(?:was|were|is|are|has|have|had|fell|remains?|remained|as\s+well\s+as|along\s+with)\b)", _I)


def _named_side(name: str | None, actors) -> str | None:
    if not name:
        return None
    return _side_of(name, actors, last=False)


def _forms(stems: str) -> frozenset[str]:
    out = set()
    for stem in stems.split():
        for suffix in ("", "s", "es", "d", "ed", "ing", "n", "en", "ned", "ning", "led", "ling", "ted", "ting"):
            out.add(stem + suffix)
            if stem.endswith("e"):
                out.add(stem[:-1] + suffix)
            if stem.endswith("y"):
                out.add(stem[:-1] + "ie" + suffix)
    return frozenset(out)


#: Words without which a sentence states no control (a cheap test before the cue patterns).
_CUE_WORDS = _forms(
    "fall fell collapse capture recapture seize overrun overran overtake overtook conquer occupy storm invade took "
    "retook take retake regain enter cleared hand surrender liberate recover reclaim won evict withdraw withdrew "
    "seizure takeover conquest hoisted raised planted raising hoisting planting handover "
    "retreat pulled left leaves leaving guarding went gone go exchanged exchanging exchanges traded defeated routed overwhelmed overpowered abandon evacuate vacate lost control grip held hold holdout stand standoff positions fight "
    "fought clash skirmish battle firefight hostilities assault besiege siege encircle contested pushed drove driven "
    "shelling bombardment bombardments ambush ambushes gunbattle gunbattles "
    "forced kicked expelled ousted chased flushed repel repulse beaten deny denie refute dismiss reject rebut dispute "
    "contradict conflicting competing false lie untrue fake baseless possession retain defending followed follow "
    "went gone stood stands firm free unconquered defiant attack flag flags installed appointed present patrol "
    "battling battled struggling vying front surrounded outskirts edge edges gates doorstep "
    "patrolling patrolled patrols given gave outside governed opposite dug entrenched swept rolled marched poured streamed "
    "burst victory gains inroads fluttered flew flies fly wrested wresting administration banner banners ours secure country cede walked walking drove driving rode riding "

    "bastion cement consolidate dominated heartland ruled strengthen stronghold sway territory tighten "
    "allow arrive beyond continued continues defended guarded let persist secured"
) | frozenset("run runs rule rules fighters forces troops militants insurgents gunmen militiamen taliban".split()) | frozenset(
    # (exact words: their other inflections are common words that are no cue)
    "kept keep keeps keeping hung hanging cling clings clinging clung citadel citadels presence changed changing change changes "
    "loss moved moving advanced advancing shelled pounded pounding bombarded bombarding rocketed offensive offensives charge "
    "remain remains remained capitulated capitulates slipped slipping slips wrenched stranglehold battleground battlegrounds "
    "fled ground reach reached reaches reaching rode riding walked walking strolled govern governs administration occupation "
    "authority under pocket pockets infiltrated infiltrating blockade encirclement struggle opposition resistance".split())
#: Common words that are cue words only in one construction ("run by", "have run the valley", "fighters are in X").
#: armed men of a side before "are in", "have been in" ("the group's fighters are in X"): the phrase, not the
#: (very common) noun, is what the word finder looks for
_MEN_WORDS = frozenset("fighters forces troops militants insurgents gunmen militiamen taliban".split())
_MEN_BEFORE = re.compile(r"\b(?:fighters|forces|troops|militants|insurgents|gunmen|militiamen|taliban)\s+(?:(?:are|remain|have|has|had)\s+)?$", _I)
_EDGE_BEFORE = re.compile(r"\b(?:reach\w*|at|to)\s+(?:the\s+)?$", _I)
#: Common words that are cue words only in one construction: word -> (pattern matched right after it,
#: pattern searched in the 30 characters before it) ("run by", "have run", "fighters are in", "gave up",
#: "outside Taliban control", "under Taliban rule", "reached the outskirts").
_WEAK_RULES: dict[str, tuple[re.Pattern | None, re.Pattern | None]] = {
    "run": (re.compile(r"\s+by\b", _I), re.compile(r"\b(?:have|has|had)\s+(?:\w+\s+)?$|\bnow\s+$", _I)),
    "runs": (re.compile(r"\s+the\b", _I), None),
    **{w: (None, _MEN_BEFORE) for w in ("are in", "are now in", "are still in", "are already in", "remain in", "been in",
                                        "were in", "were still in", "were now in", "were already in", "remained in",
                                        "are inside", "remain inside")},
    "given": (re.compile(r"\s+up\b", _I), None),
    "gave": (re.compile(r"\s+up\b", _I), None),
    "outside": (re.compile(r"\s+(?:of\s+)?(?:the\s+)?[\w\-]+(?:['’]s)?\s+(?:control|grip|hands|reach|rule)\b", _I), None),
    "rule": (re.compile(r"\s+(?:the\s+)?[A-Z]"), re.compile(r"\bunder\s+(?:\S+\s+){0,3}$", _I)),
    "rules": (re.compile(r"\s+(?:the\s+)?[A-Z]"), None),
    **{w: (re.compile(r"\s+(?:the\s+)?[A-Z]"), None) for w in ("govern", "governs")},
    **{w: (None, re.compile(r"\bunder\s+(?:\S+\s+){0,3}$", _I)) for w in ("administration", "occupation", "authority")},
    **{w: (None, _EDGE_BEFORE) for w in "outskirts edge edges gates doorstep".split()},
    **{w: (re.compile(r"\s+(?:back\s+)?into\b", _I), None)
       for w in "rolled rolling marched marching poured pouring streamed streaming burst bursting broke breaking rode riding walked walking strolled".split()},
    **{w: (re.compile(r"\s+(?:back\s+)?(?:into|through)\b", _I), None) for w in "swept sweeping sweep sweeps".split()},
    # common words that are control words only in one construction (the cue patterns decide the rest)
    **{w: (None, re.compile(r"\b(?:fighters|militants|insurgents|gunmen|militiamen)\s+$", _I))
       for w in "arrive arrives arrived arriving".split()},
    **{w: (re.compile(r"\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:in|into|enter)\b", _I), None)
       for w in "let letting allow allows allowed allowing".split()},
    **{w: (re.compile(r"\s+in\b", _I), None)
       for w in "continue continues continued continuing persist persists persisted persisting".split()},
    **{w: (re.compile(r"\s+by\b", _I), None) for w in "defended guarded secured".split()},
    "secured": (re.compile(r"\s+by\b", _I), re.compile(r"\b(?:have|has|had)\s+(?:\w+\s+)?$", _I)),
    **{w: (None, re.compile(r"\b(?:is|are|was|were|remains?|remained)\s+(?:still\s+|now\s+|firmly\s+|all\s+|calm\s+and\s+)?$", _I))
       for w in ("with", "under")},
    "go": (re.compile(r"\s+(?:was|were)\b", _I), re.compile(r"\bto\s+$", _I)),
    "beyond": (re.compile(r"\s+(?:the\s+)?[\w\-]+(?:['’]s)?\s+reach\b", _I), None),
    "victory": (None, re.compile(r"\b(?:declar\w+|claim\w*|announc\w+)\s+(?:\w+\s+)?$", _I)),
    **{w: (None, re.compile(r"\b(?:made|making|makes)\s+(?:\w+\s+)?$", _I)) for w in "gains advances inroads".split()},
    **{w: (None, re.compile(r"\b(?:flags?|banners?)(?:\s+of\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?)?\s+(?:now\s+)?$", _I))
       for w in "flew flies fly fluttered flying".split()},
    **{w: (re.compile(r"\s+(?:control|from)\b", _I), None) for w in "wrest wrested wresting".split()},
    "dug": (re.compile(r"\s+(?:themselves\s+)?in\b", _I), None),
    **{w: (re.compile(r"\s+(?:the\s+)?[\w\-]+\s+(?:fighters\s+|forces\s+)?out\s+of\b", _I), None) for w in "keep keeps keeping kept".split()},
    **{w: (re.compile(r"\s+on\b", _I), None) for w in "hung hanging".split()},
    **{w: (re.compile(r"\s+(?:on|to)\b", _I), None) for w in "cling clings clinging clung".split()},
    # "X is Taliban country (again)": the phrase after a copula, not the very common noun
    "secure": (None, re.compile(r"\b(?:is|are|was|were|remains?|remained)\s+(?:still\s+|now\s+|fully\s+|completely\s+)?$", _I)),
    "country": (None, re.compile(r"\b(?:is|are|was|were|remains?|remained|became)\s+(?:now\s+|still\s+|also\s+)?"
                                 r"(?:(?:a|an|the)\s+)?(?:\w+\s+)?[\w\-]+(?:['’]s)?\s+$", _I)),
    **{w: (re.compile(r"\s+hands\b", _I), None) for w in "change changes changed changing".split()},
    **{w: (re.compile(r"\s+(?:back\s+)?(?:(?:over|during|on|in|at)\s+(?:the\s+)?\w+\s+|(?:overnight|quickly|rapidly|swiftly|further|deeper)\s+)?(?:into|to|through)\b", _I), None)
       for w in "moved moving advanced advancing".split()},
    "presence": (None, re.compile(r"\b(?:a|an|some)\s+(?:[\w\-]+\s+){1,3}$", _I)),
    "loss": (re.compile(r"\s+of\b", _I), None),
    "ground": (None, re.compile(r"\b(?:gained|gaining|gains)\s+$", _I)),
    **{w: (None, re.compile(r"\b(?:fighters|forces|troops|militants|insurgents|gunmen|militiamen|taliban)\s+(?:(?:have|has|had|now|also|then|finally|already)\s+){0,2}$", _I))
       for w in "reach reached reaches reaching".split()},
    "fled": (re.compile(r"\s+(?:(?:on|in|at|late|early)\s+(?:\w+\s+){0,2})?(?:from\s+|out\s+of\s+)?(?:the\s+)?(?:[A-Z]|(?:provincial\s+)?(?:city|town|district|capital|valley)\b)"), None),
    **{w: (re.compile(r"\s+(?:away\s+)?from\b", _I), None) for w in "slipped slipping slips".split()},
    **{w: (re.compile(r"\s+(?:firmly\s+|still\s+|largely\s+)?with\b", _I), None) for w in "remain remains remained".split()},
    "charge": (None, re.compile(r"\bin\s+(?:full\s+)?$", _I)),
    **{w: (re.compile(r"\s+(?:on|against)\b", _I), None) for w in "offensive offensives".split()},
    "struggle": (re.compile(r"\s+for\s+(?:the\s+)?[A-Z]"), None),
    "under": (None, re.compile(r"\b(?:still|now|remains?|remained|firmly)\s+$", _I)),
    **{w: (re.compile(r"\s+(?:is|are|remains?|remained|was)\s+(?:\w+\s+){0,2}in\b", _I), None) for w in ("opposition", "resistance")},
    **{w: (re.compile(r"\s+of\s+(?:armed\s+)?(?:resistance|opposition|fighting|fighters|militants|insurgents)\b", _I), None) for w in ("pocket", "pockets")},
}
_WEAK_CUE_WORDS = frozenset(_WEAK_RULES)
_WORD = re.compile(r"[a-z]+")
_NONLETTERS = {c: " " for c in range(128) if not chr(c).isalpha()}
_NONLETTERS.update({ord(c): " " for c in "’‘“”—–…\u00a0"})


#: The same for ASCII text, as a byte table (``bytes.translate`` is many times faster than ``str.translate``).
_NONLETTERS_ASCII = bytes(c if c < 128 and chr(c).isalpha() else 32 for c in range(256))


def _words(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters only; faster than a regular expression)."""
    return _low_words(text.lower())


def _low_words(low: str) -> list[str]:
    """Words of the lower-cased text ``low`` (see :func:`_words`)."""
    if low.isascii():
        return low.encode("ascii").translate(_NONLETTERS_ASCII).decode("ascii").split()
    return _spaced(low, _NONLETTERS_NONASCII).split()


#: A byte table for UTF-8 text that maps the ASCII non-letters to spaces and keeps every other byte.
_NONLETTERS_UTF8 = bytes(c if c >= 128 or chr(c).isalpha() else 32 for c in range(256))
#: The non-ASCII characters of _NONLETTERS.
_NONLETTERS_NONASCII = tuple(chr(c) for c in _NONLETTERS if c >= 128)


def _spaced(low: str, nonascii: tuple[str, ...]) -> str:
    """``low.translate(table)`` for a table mapping to spaces the ASCII non-letters and the characters
    ``nonascii`` (its keys of 128 and above), many times faster on non-ASCII text: those few characters
    are replaced one by one, then the ASCII ones byte by byte (UTF-8 leaves the other bytes >= 128)."""
    for c in nonascii:
        if c in low:
            low = low.replace(c, " ")
    return low.encode("utf-8", "surrogatepass").translate(_NONLETTERS_UTF8).decode("utf-8", "surrogatepass")


_REGION_WORDS = frozenset(("districts", "provinces", "cities", "towns", "capitals", "areas"))
#: "... three districts in Baghlan:" announces the list after the colon
_LIST_AHEAD = re.compile(r"\b(?:districts|provinces|cities|towns|crossings|capitals|areas|centres|centers)\b(?:\s+(?:in|of)\s+\S+(?:\s+\S+)?)?\s*$", _I)
#: Words of place-less statements about the place under discussion (denials, holds).
_TOPIC_WORDS = _forms("deny denie refute dismiss reject rebut dispute contradict conflict conflicting compete competing "
                      "false lie untrue fake baseless control hold held holding holdout stand present opposite "
                      "neighbourhoods neighborhoods quarters")


def _has_cue_word(text: str) -> bool:
    return not _CUE_WORDS.isdisjoint(_words(text))


# words (any inflection) one of which a pattern needs in the clause before it is run
_CUE_PATTERN_WORDS = [_forms(w) for w in (
    "lost fallen captured taken seized overrun handed",
    "operation operations offensive offensives counteroffensive campaign counterattack push drive",
    "fall collapse surrender handover hand loss",
    "fall collapse",
    "fell fall fallen",
    "surrender surrendered surrenders surrendering",
    "collapse surrender capitulated capitulates",
    "hand handed",
    "capture seize overrun taken conquer occupy storm overtaken hand surrender abandoned given ceded wrested",
    "lost",
    "flag flags governor banner banners",
    "followed follow follows went gone",
    "hand handing",
    "handed hands handing surrendered surrenders surrendering",
    "surrender",
    "retaken recaptured liberated regained won cleared",
    "control hands rule",
    "retook retake retaken recapture regain gain liberate recover reclaim won return evict push drove driven force kick expel oust chase flush took taken take taking",
    "taken captured seized overrun conquered",
    "capture seize overrun overran overtook overtaken conquer occupy storm invade took take taken taking gain assume regain establish extend enter clear seizure takeover conquest raised hoisted planted raising hoisting planting raises hoists plants wrest wrested wresting assert reassert imposed imposes imposing reimposed reimposes reimposing restore",
    "swept sweep sweeps sweeping roll rolled rolls rolling march marched marches marching pour poured pours pouring streamed moved arrive arrived arrives arriving",
    "let letting allow allowed allowing",
    "withdrew withdrawn retreat pull left fled abandon evacuate vacate gave give gives giving",
    "lost",
    "battling battle battles battled fighting fight fights fought struggling struggle struggled vying competing",
    "coming falling slipping",
    "control hands grip rule administration possession flag banner occupation authority",
    "control grip hands reach rule slipped slipping slips wrested wrenched",
    "controlled",
    "controlled held occupied",
    "held controlled",
    "held controlled run ruled occupied dominated",
    "control possession charge",
    "control",
    "control controls controlled controlling",
    "holding held hold holds holdout stand still",
    "held holds holding stood stands standing remain remains remained",
    "holding defending controlling hold holds retain control controls held run runs secured leave leaves leaving left",
    "present",
    "dug dig digs digging entrenched",
    "positions",
    "sway stranglehold tighten tightened tightening tightens consolidate consolidated consolidating consolidates strengthen strengthened strengthening strengthens cement cemented cementing",
    "stronghold strongholds bastion bastions heartland heartlands territory country",
    "stronghold strongholds bastion bastions heartland heartlands",
    "patrol patrolling patrolled patrols",
    "present",
    "held controlled run governed occupied defended guarded secured",
    "fighters forces troops militants insurgents gunmen militiamen taliban",
    "swept sweeping rolled rolling marched marching poured pouring streamed streaming burst bursting broke breaking drove driving rode riding walked walking strolled",
    "attacked attacking attacks",
    "victory",
    "gains advances inroads ground",
    "rule rules govern governs",
    "repelled repulsed pushed beaten fought driven thwarted foiled",
    "repel repelled repels repulsed fought beat beaten push pushed pushing drove driven",
    "kept keep keeps keeping held holding hold holds",
    "holding held hold holds hung hanging clinging clung cling clings",
    "stronghold strongholds bastion bastions citadel citadels",
    "presence",
    "control",
    "changed changing change changes",
    "changed changing change changes",
    "moved moving pushed pushing advanced advancing",
    "reach reached reaches reaching",
    "controlled held run ruled occupied control controls hold holds rule rules occupy occupies",
    "under",
    "pocket pockets",
    "opposition resistance",
    "siege blockade encirclement",
    "shelled shelling pounded pounding bombarded bombarding rocketed infiltrated infiltrating",
    "remain remains remained",
    "fighting clash clashes skirmish battle battles battling battled outskirts edge edges gates doorstep firefight hostilities assault assaults besieged besieging besieges siege encircled encircling encircles contested standoff stand fought attack front surrounded persist persists persisted continues continued offensive offensives battleground battlegrounds fight struggle shelling bombardment bombardments ambush ambushes gunbattle gunbattles",
    "pushed push pushing repel repulsed beaten fought fighting",
    "deny denied denies denying refute dismiss reject rebut dispute contradict",
    "conflicting contradictory contradicting competing false lie untrue fake baseless opposite",
    "ours",
    "gone went",
    "secure",
    "further deeper farther",
    "lost",
    "control",
    "with under",
    "guarding",
    "went gone",
    "go",
    "exchanged exchanging exchange exchanges traded trading",
    "line",
    "defended",
    "gone fallen lost overrun",
    "charge",
    "defeated routed overwhelmed overpowered",
)]
assert len(_CUE_PATTERN_WORDS) == len(_CUE_PATTERNS)
_CUE_PATTERN_NEEDS = [
    ("control", "hands", "grip", "reach", "possession", "-held", "administration", "flag", "banner", "gone", "occupation", "authority")
    if spec.get("side") in ("named", "named-negated") else ()
    for pat, spec in _CUE_PATTERNS
]


#: pattern index -> pieces of text one of which the (lower-cased) clause must hold for the pattern to be tried
_CUE_NEEDS = {i: spec["needs"] for i, (pat, spec) in enumerate(_CUE_PATTERNS) if "needs" in spec}


def _cue_index() -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for i, words in enumerate(_CUE_PATTERN_WORDS):
        for w in words:
            index.setdefault(w, []).append(i)
    return {w: tuple(v) for w, v in index.items()}


#: word -> indices of the cue patterns that need it (patterns run in list order).
_CUE_INDEX = _cue_index()
_CUE_INDEX_WORDS = frozenset(_CUE_INDEX)


def _find_cues(ctext: str, actors) -> tuple[Cue, ...]:
    """Control cues of a clause, in text order (cached per clause text)."""
    return _find_cues_cached(ctext, actors)


# patterns of _find_cues_cached (compiled once)
_RX_FIND_CUES_CACHED1 = re.compile(r"in\s+(?:full\s+|complete\s+|total\s+)?control\s+of\b", _I)
_RX_FIND_CUES_CACHED2 = re.compile(r"\bcontrol\b", _I)
_RX_FIND_CUES_CACHED3 = re.compile(r"(?:their|its|his|her|our|my)$", _I)


#: Per cue pattern: the pattern, its case-free twin (see :func:`_case_free`), its side and the other Cue fields.
_CUE_TABLE = [(pat, _case_free(_spread(pat)), spec["side"], spec["kind"], spec["direction"], spec.get("actor_at", "left"),
               spec.get("partial", False)) for pat, spec in _CUE_PATTERNS]


def _may_match_empty(pat: re.Pattern) -> bool:
    import re._parser as sre_parse

    try:
        return sre_parse.parse(pat.pattern, pat.flags).getwidth()[0] == 0
    except Exception:  # noqa: BLE001 - not read: assume it may
        return True


def _cue_superset(i: int) -> re.Pattern | None:
    """For cue pattern ``i`` without a case-free twin but matching (mostly) regardless of case: a wider
    pattern for the lower-cased clause (:func:`geoevents.sentences._superset_free`) that finds where a
    match can start (see :func:`_finditer_superset`), else None.  Built when first needed (compiling
    them all would slow every start of the program)."""
    wide = _CUE_SUPERSETS[i]
    if wide is _UNSET:
        pat, free = _CUE_TABLE[i][:2]
        wide = _CUE_SUPERSETS[i] = _superset_free(pat) if free is None and (
            pat.flags & re.IGNORECASE or "(?i:" in pat.pattern) and not _may_match_empty(pat) else None
    return wide


_UNSET = object()
_CUE_SUPERSETS: list = [_UNSET] * len(_CUE_TABLE)
#: Per cue pattern: :func:`geoevents.sentences._ascii` of its case-free twin, of itself and of its superset
#: pattern (``_CUE_SUPERSETS``), for ASCII clauses (built when first needed).
_CUE_ASCII: list = [_UNSET] * len(_CUE_TABLE)


def _finditer_superset(pat: re.Pattern, wide: re.Pattern, text: str, low: str):
    """The matches of ``pat.finditer(text)``, found faster: ``wide`` (see ``_CUE_SUPERSETS``) scans the
    lower-cased ``low`` for where a match can start, and ``pat`` is tried there only.  (``pat`` matches
    no empty string, so each match starts the next search at its end, as ``finditer`` does.)"""
    pos, n = 0, len(text)
    search, match = wide.search, pat.match
    while pos <= n:
        m = search(low, pos)
        if m is None:
            return
        hit = match(text, m.start())
        if hit is None:
            pos = m.start() + 1
            continue
        yield hit
        pos = hit.end()


#: frozenset of the index words of a clause -> the cue patterns they trigger, in list order
_CUE_CANDIDATES: dict[frozenset, tuple[int, ...]] = {}


#: a clause subject that is a place: its name or its level noun just before the verb
_SUBJECT_END = re.compile(r"(?:(?:(?-i:[A-Z])[\w'\u2019-]*|districts?|provinces?|cities|city|towns?|valleys?|areas?|cent(?:re|er)s?|capitals?)(?:\s*,\s*|\s+(?:and\s+)?|\s*$))+$", _I)
_PREP_END = re.compile(r"\b(?:in|at|of|from|near|to|for|around|outside|inside|with|about|on)\s+(?:the\s+)?$", _I)


#: nouns that name a side only with their article ("in the group's hands")
_BARE_ACTOR_NOUNS = frozenset(("group", "movement", "resistance", "insurgency"))


@lru_cache(maxsize=4096)
def _find_cues_cached(ctext: str, actors) -> tuple[Cue, ...]:
    low = ctext.lower()
    words = set(_low_words(low))
    if _CUE_WORDS.isdisjoint(words):
        return ()
    plain = len(low) == len(ctext) and "ı" not in ctext and "ſ" not in ctext  # case-free patterns can run on ``low`` (see _lowered)
    asc = ctext.isascii()  # (then the patterns compiled for ASCII text can run: see sentences._ascii)
    found: list[Cue] = []
    taken: list[tuple[int, int]] = []
    index_words = frozenset(words & _CUE_INDEX_WORDS)
    candidates = _CUE_CANDIDATES.get(index_words)
    if candidates is None:
        if len(_CUE_CANDIDATES) > 20_000:
            _CUE_CANDIDATES.clear()
        candidates = _CUE_CANDIDATES[index_words] = tuple(sorted({i for w in index_words for i in _CUE_INDEX[w]}))
    for i in candidates:
        if i in _CUE_NEEDS and not any(n in low for n in _CUE_NEEDS[i]):
            continue  # a pattern triggered by a common word that also needs a piece the clause lacks
        pat, free, side0, kind, direction, actor_at, partial = _CUE_TABLE[i]
        wide = _CUE_SUPERSETS[i] if free is None else None
        if wide is _UNSET:
            wide = _cue_superset(i)
        if asc:
            fast = _CUE_ASCII[i]
            if fast is _UNSET:
                fast = _CUE_ASCII[i] = (_ascii(free) if free is not None else None, _ascii(pat),
                                        _ascii(wide) if wide is not None else None)
            free, pat, wide = fast
        for m in (free.finditer(low) if plain and free is not None
                  else _finditer_superset(pat, wide, ctext, low) if plain and wide is not None else pat.finditer(ctext)):
            a, b = m.span()
            if taken and any(x < b and a < y for x, y in taken):
                continue
            side = side0
            if side == "inside":
                side = _side_of(m.group(0), actors, last=True)
                if side is None:
                    continue  # "allowed journalists into X"
            if side == "named-subject":
                head = ctext[max(0, a - 150):a]
                subj = _SUBJECT_END.search(head)
                if subj is None or _PREP_END.search(head, 0, subj.start()):
                    continue  # "the talks in X are with the Taliban": X is not the subject
                side = "named"
            if side in ("named", "named-negated"):
                if not m.groupdict().get("a1") and _RX_FIND_CUES_CACHED1.match(m.group(0)):
                    continue  # "in control of X": X is the place, not the owner
                name = (m.groupdict().get("a2") or m.groupdict().get("a1") or "")
                named = _named_side(name, actors) or (
                    _named_side("the " + name, actors) if name.strip().lower() in _BARE_ACTOR_NOUNS else None)
                if named is None:
                    if kind == "hold" and (_RX_FIND_CUES_CACHED2.search(m.group(0)) or _RX_FIND_CUES_CACHED3.match(name.strip())):
                        named = None  # "in control", actor from context
                    else:
                        continue
                if named is None and side == "named-negated":
                    side = "not-context"  # "outside their control": not the side the sentence speaks of
                else:
                    side = _other(named) if side == "named-negated" else named
            found.append(Cue(a, b, kind, side, direction, actor_at, partial))
            taken.append((a, b))
    found.sort(key=lambda c: c.start)
    return tuple(found)


# patterns of _cue_actor (compiled once)
_RX_CUE_ACTOR1 = re.compile(r"^\s*(?:\(?\s*(?:to|into\s+the\s+hands\s+of|by|of)\s+)?(?:the\s+)?((?:\S+\s+){0,3}\S+)", _I)
_RX_CUE_ACTOR2 = re.compile(r"\bby\s+((?:\S+\s+){0,4}\S+)", _I)
_RX_CUE_ACTOR3 = re.compile(r"hand", _I)
_RX_CUE_ACTOR4 = re.compile(r"^[^.;:]{0,70}?\bto\s+(?:the\s+)?((?:\S+\s+){0,2}\S+)", _I)
_RX_CUE_ACTOR5 = re.compile(r"^\s*\(?\s*(?:to|into|by)\b", _I)
_RX_CUE_ACTOR6 = re.compile(r"\b(?:to|into|by)\s*$", _I)


#: a speech verb with its subject clause following ("officials say (that) ...")
_SAID_THAT = re.compile(r"\b(?:says|said|say|told\s+\w+|reported|reports)\s+(?:(?:on|late|early)\s+\w+\s+)?(?:that\s+)?(?=\S)", _I)
_RX_PRONOUN_START = re.compile(r"\s*(?:they|it|we|he|she|its|their|our)\b", _I)


@lru_cache(maxsize=4096)
def _cue_actor(cue: Cue, ctext: str, actors) -> str | None:
    """Side of the actor of a capture/hold/retake cue."""
    if cue.actor_at == "right":
        if cue.kind == "surrender" and _RX_CUE_ACTOR3.match(ctext[cue.start:cue.end]):
            # "handed over X to Y": the recipient holds it
            m = _RX_CUE_ACTOR4.match(ctext[cue.end:cue.end + 110])
            side = _side_of(m.group(1), actors, last=False) if m else None
            if side:
                return side
        m = _RX_CUE_ACTOR1.match(ctext[cue.end:cue.end + 60])
        right = m.group(1) if m else ""
        if _RX_CUE_ACTOR5.match(ctext[cue.end:cue.end + 20]) or _RX_CUE_ACTOR6.search(ctext[cue.start:cue.end]):
            side = _side_of(right, actors, last=False)
            if side:
                return side
        m = _RX_CUE_ACTOR2.search(ctext[cue.end:cue.end + 80])
        if m:
            side = _side_of(m.group(1), actors, last=False)
            if side:
                return side
        if "fall" in cue.kind or cue.kind in ("capture", "surrender"):
            return None
    left = ctext[max(0, cue.start - 120):cue.start]
    said = None
    if any(h in left for h in (" say", " said", " told", " report")):
        said = next(reversed(list(_SAID_THAT.finditer(left))), None)
    if said is not None:
        # "the ministry says fighters have entered X": the subject after the speech verb acts, not the speaker
        # (a pronoun there is the speaker: "the army said it had entered X")
        rest = left[said.end():]
        side = _side_of(rest, actors, last=True)
        if side is not None or not _RX_PRONOUN_START.match(rest):
            return side
    return _side_of(left, actors, last=True)


@dataclass(slots=True)
class _Stmt:
    place: _Place
    cue: Cue
    status: str
    kind: str
    actor: str | None
    confirmed: bool
    clause: tuple[int, int]


# patterns of _clause_statements (compiled once)
_RX_CLAUSE_STATEMENTS1 = re.compile(r"\bno\s+(?:\w+\s+)?(?:sign|signs|evidence|indication|proof|confirmation)\s+(?:that|of)\b", _I)
_RX_CLAUSE_STATEMENTS2 = re.compile(r"^\s*(?:which|who|that|remain\w*|are|is|was|were|have|has|had|fell|fall\w*|still)\b", _I)
_RX_CLAUSE_STATEMENTS3 = re.compile(r"(?:,|\bof)\s+(?:which|that|where)\s+$")
_RX_CLAUSE_STATEMENTS4 = re.compile(r"\b(?:will|would|could|can)\s*(?:not|n['’]t|never)\s+(?:be\s+)?$|\bcannot\s+(?:be\s+)?$", _I)
_RX_CLAUSE_STATEMENTS5 = re.compile(r"(?:fall|collapse|capture|loss|surrender)(?:\s+of)?$", _I)
_RX_CLAUSE_STATEMENTS6 = re.compile(r"^[^.;,]{0,40}?\b(?:would|could|might|may)\b", _I)
_RX_CLAUSE_STATEMENTS7 = re.compile(r"\b(?:was|were)\s+the\s+last\b", _I)
_RX_CLAUSE_STATEMENTS8 = re.compile(r"\bcleared\b", _I)
_RX_CLAUSE_STATEMENTS9 = re.compile(r"\b(?:if|unless|whether)\b", _I)
_RX_CLAUSE_STATEMENTS10 = re.compile(r"\b(?:no|without(?:\s+(?:a|any))?|spared(?:\s+(?:the|any))?)\s+(?:\w+\s+)?$", _I)
_RX_CLAUSE_STATEMENTS11 = re.compile(r"^\W*(?:along\s+with|as\s+well\s+as|together\s+with)\b", _I)
_RX_CLAUSE_STATEMENTS12 = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+\w*|latest|last|next)\b[\w\s-]{0,30}\bto\s*$", _I)
_RX_CLAUSE_STATEMENTS13 = re.compile(r"surrender", _I)
_RX_CLAUSE_STATEMENTS14 = re.compile(r":|\b(?:namely|including|include[sd]?|are|were|was|is|which|that|who|by|along\s+with|as\s+well\s+as|together\s+with)\b|^[^.;]{0,40},\s*$", _I)
_RX_CLAUSE_STATEMENTS15 = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+$", _I)
_RX_CLAUSE_STATEMENTS16 = re.compile(r"(?:pushed|drove|driven|forced|kicked|expelled|ousted|chased|flushed|evicted)\b", _I)
_RX_CLAUSE_STATEMENTS17 = re.compile(r"^\s*(?:of|from)\s+(?:the\s+)?(\S+(?:\s+\S+)?)", _I)
#: a place left by a side ("X was abandoned / given up / evacuated by the army"): the agent after "by" loses it
_RX_LEFT_BY = re.compile(r"\b(?:abandoned|given\s+up|evacuated|vacated|surrendered|ceded)\b", _I)
_RX_BY_AFTER = re.compile(r"\s*(?:\w+\s+){0,2}?by\b", _I)
#: a loss told by the losers ("we lost X")
_RX_WE_LOST = re.compile(r"(?:we|they)\b", _I)
_RX_CLAUSE_STATEMENTS18 = re.compile(r"\b(?:been|was|were|are|is)\s+(?:\w+\s+)?\w+$", _I)
_RX_CLAUSE_STATEMENTS19 = re.compile(r"\b(?:claims?|reports?)\b", _I)
#: a fight someone acted to avoid ("to spare the city from fighting", "to prevent further clashes in X")
_AVOIDED = re.compile(r"\b(?:spar(?:e|ed|es|ing)|avoid(?:ed|s|ing)?|prevent(?:ed|s|ing)?|avert(?:ed|s|ing)?|forestall(?:ed|s|ing)?|"
                      r"escap(?:e|ed|es|ing)|fle(?:d|e|es|eing)|untouched\s+by)\b"
                      r"(?:\s+[\w'’-]+){0,5}?\s+(?:from\s+|any\s+|further\s+|more\s+|a\s+|the\s+|worst\s+of\s+the\s+)*$", _I)
_EXPECTED = re.compile(r"\b(?:expect(?:ed|s|ing)?|anticipat(?:ed|es|ing)|predict(?:ed|s|ing)?|brac(?:ed|es|ing)\s+for|fear(?:ed|s|ing)?|"
                       r"estimat(?:ed|es|ing)|forecast(?:s|ed|ing)?)"
                       r"(?:\s+[\w'’-]+){0,6}?\s+$", _I)
#: "X fell, except for the airport": the clause after the exception speaks of the part
_EXCEPT_BEFORE = re.compile(r"\bexcept(?:\s+for)?\s+$", _I)
#: a set named after a place before an exception ("Kabul and every provincial capital except Y")
_AND_EVERY = re.compile(r"\b(?:and|as\s+well\s+as|plus)\s+(?:nearly\s+|almost\s+)?(?:every|all|each|the\s+other|other)\b", _I)
#: the object of a capture verb is people, the place only where they were caught
_PERSON_OBJECT = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,4}?(?:commanders?|fighters|soldiers|troops|governors?|chiefs?|officials?|officers?|prisoners|members|"
    r"militants|insurgents|policemen|leaders?|spokes(?:man|men|person|woman)|deputy|deputies|militiamen|gunmen|personnel|hostages|"
    r"civilians|journalists|workers|suspects|rebels|mayor)\b(?:\s+[\w'’-]+){0,3}?,?\s+(?:in|at|near|outside|inside|from|of)\s+(?:the\s+)?$",
    _I)
_PERSONS = (r"(?:commanders?|fighters|soldiers|governors?|chiefs?|officials?|officers?|prisoners|members|policemen|leaders?|"
            r"spokes(?:man|men|person|woman)|deputy|deputies|militiamen|gunmen|personnel|hostages|civilians|journalists|workers|"
            r"suspects|mayor)")
#: the subject of a passive capture is people ("the governor was captured by the Taliban in X")
_PERSON_SUBJECT = re.compile(r"\b" + _PERSONS + r"(?:\s+(?:of\s+)?[\w'’-]+){0,2}?\s+$", _I)
#: words of a statement about control (before a relative clause that denies it)
_HAS_CONTROL_CUE = re.compile(r"\b(?:control\w*|hands|fell|fall\w*|captur\w*|seiz\w*|took|taken|held|hold\w*|overr\w+)\b", _I)
#: "has yet to fall", "have yet to take": not (yet) captured
_YET_TO = re.compile(r"\byet\s+to\s+(?:be\s+)?$", _I)
#: a retake told by the retakers themselves ("we have taken back", "the army said it had retaken")
_SELF_RETAKE = re.compile(r"(?:\b(?:we|our\s+(?:forces|fighters|troops|men))\s+(?:have\s+|had\s+|'ve\s+)?|"
                          r"\b(?:said|says|say|announced|reported)\s+(?:that\s+)?(?:it|they|its\s+forces|their\s+forces)\s+"
                          r"(?:have|has|had)\s+|\b(?:claim(?:ed|s|ing)?|sa(?:id|ys))\s+to\s+have\s+)(?:\w+\s+)?$", _I)
_RX_SELF_RETAKE_WE = re.compile(r"\b(?:we|our)\b", _I)
#: "once the scene of (the fiercest) fighting": a fight of the past, in an apposition
_ONCE_SCENE = re.compile(r"\bonce\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:scene|site|focus|theatre|theater|centre|center)\s+of\s+(?:the\s+|some\s+)?(?:\w+\s+){0,2}$", _I)
#: a fall told inside a time phrase ("two months after the fall of X", "since the capture of X")
_TIME_PHRASE = re.compile(r"\b(?:after|since|following|before|until)\s+(?:the\s+|its\s+|their\s+)?(?:\w+['’]s\s+)?"
                          r"(?:fall|collapse|capture|loss|seizure|surrender|takeover|handover)\s+of\b", _I)
#: a pronoun subject right before a verb ("since they swept into", "after it had moved into")
_PRONOUN_SUBJECT = re.compile(r"(?:^|\b)(?:they|it)\s+(?:(?:had|have|has|then|also|finally|first)\s+){0,2}$", _I)


#: "officials said X held out but that fighting went on in A": "that" after "but"/"and" starts a second reported clause
_THAT_COMPLEMENT = re.compile(r"\s*that\s", _I)
_BUT_BEFORE = re.compile(r"\b(?:but|and|while)\s+$", _I)


#: a place fronted as where the clause happens: "In X, ...", "In X city, ..."
_FRONTED_BEFORE = re.compile(r"^\W*(?:in|inside|at)\s+(?:the\s+)?$", _I)
_FRONTED_AFTER = re.compile(r"(?:\s+(?:city|town|district|province|valley))?\s*,", _I)
#: the object of a capture that is the place's posts, offices or centre
_POSTS_OBJECT = re.compile(r"\s*(?:the|their|its|his|all(?:\s+(?:the|their|its))?)\s+(?:[\w'\u2019-]+\s+){0,3}?"
                           r"(?:positions?|posts?|outposts?|bases?|checkpoints?|offices?|compounds?|headquarters|buildings?|"
                           r"cent(?:re|er)|garrison|barracks)\b", _I)


#: a capture verb with no object after it ("the Taliban took control on Monday")
_NO_OBJECT = re.compile(r"\s*(?:[,.;]|$|(?:on|late|early|overnight|without|after|by|during)\b)", _I)


#: a time phrase after a place whose verb is left out ("..., B on Wednesday, and C also on Tuesday")
_GAPPED_TIME = re.compile(r"(?:\s+(?:in|on)\s+the\s+(?:north|south|east|west)\w*)?(?:\s+(?:also|too))?\s+(?:(?:on|by|late\s+on|early\s+on)\s+"
                          r"(?:(?-i:[A-Z])[a-z]+day|the\s+\d|\d|(?-i:[A-Z])[a-z]+\.?\s+\d)|the\s+(?:same|next|following)\s+(?:day|night|morning)|"
                          r"a\s+day\s+later|hours\s+later|overnight|days?\s+later|weeks?\s+later|(?:soon|shortly)\s+after(?:wards)?|later)[^,.;]{0,20}?(?=\s*(?:[,.;]|and\b|$))", _I)


def _gapped(ctext: str, cue: "Cue", ps: int, pe: int) -> bool:
    """Whether the place at ``ctext[ps:pe]``, after the verb, is a member of a gapped list: "A fell on Tuesday,
    B on Wednesday, and C on Thursday" (the verb with its time, then places each with a time of their own)."""
    if not _GAPPED_TIME.match(ctext, pe):
        return False
    between = ctext[cue.end:ps]
    if not _GAPPED_TIME.match(" " + between.lstrip()) and not re.match(r"\s*(?:on|by|in|overnight|late|early)\b", between, _I):
        return False  # the verb must carry a time of its own
    return _CUE_WORDS.isdisjoint(_words(between)) and bool(re.search(r"(?:,\s*(?:and\s+)?|\s+and\s+)$", between))


def _fronted_object(ctext: str, ps: int, pe: int, cue: "Cue") -> bool:
    """Whether the place at ``ctext[ps:pe]`` opens the clause as where it happens ("In X, ...") and the
    capture verb's object is the place's own posts, offices or centre ("abandoned their positions")."""
    return bool(_FRONTED_BEFORE.match(ctext[:ps]) and _FRONTED_AFTER.match(ctext, pe)
                and (_POSTS_OBJECT.match(ctext, cue.end) or _NO_OBJECT.match(ctext, cue.end)))


#: "their men", "its fighters": armed men of whoever the sentence speaks of (not of a side named before it)
_THEIR_MEN = re.compile(r"\b(?:their|its|his)\s+(?:own\s+)?(?:men|fighters|forces|militiamen|troops|units)\b", _I)


#: a place described as where fights once were ("the scene of some of the bloodiest battles")
_SCENE_OF = re.compile(r"\bscene\s+of\s+(?:[\w'\u2019-]+\s+){0,6}$", _I)


def _window(text: str, start: int, end: int) -> str:
    """``text[start:end]`` without the tail of a word cut at ``start`` (a cut "governor" would read as "nor")."""
    start = max(0, start)
    end = min(end, len(text))
    if 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
        while start < end and text[start].isalnum():
            start += 1
    return text[start:end]


def _clause_statements(stext: str, s0: int, clause: tuple[int, int], places: list[_Place], actors,
                       relative_to: list[_Place], context: str = "") -> list[_Stmt]:
    ca, cb = clause
    ctext = stext[ca:cb]
    cues = _find_cues(ctext, actors)
    if cues and "once" in ctext:
        # "X, once the scene of the fiercest fighting of the war, is now ...": a past fight told of a place
        cues = tuple(c for c in cues if not (c.kind == "fighting" and _ONCE_SCENE.search(ctext, max(0, c.start - 60), c.start)))
    if not cues:
        return []
    cplaces = [p for p in places if ca <= p.start - s0 < cb and not p.container and (
        not p.excluded or p.edge and any(c.kind == "fighting" for c in cues))]
    denies_claim = False  # a relative clause that denies the statement before it ("..., which the NRF denies")
    # a relative clause ("..., which remain under NRF control") speaks of the places just before it
    if relative_to and all(p.start - s0 - ca >= cues[0].end for p in cplaces) and not _AND_VP.search(stext, max(0, ca - 6), ca) and not (
            # "officials said X held out but that fighting went on in A": a second reported clause, not a relative
            cplaces and _THAT_COMPLEMENT.match(ctext) and _BUT_BEFORE.search(stext, max(0, ca - 10), ca)) and (
            _RX_CLAUSE_STATEMENTS2.match(ctext)
            or _RX_CLAUSE_STATEMENTS3.search(_window(stext, ca - 10, ca))
            or _PLURAL_ANAPHOR.search(ctext, 0, cues[0].start)):
        own = cplaces
        denies_claim = _RX_CLAUSE_STATEMENTS3.search(_window(stext, ca - 10, ca)) is not None and _HAS_CONTROL_CUE.search(stext, 0, ca) is not None
        # the antecedent may be a destination ("fled to X, which fell"): the relative clause is about it
        cplaces = [p for p in relative_to if not p.container and (not p.excluded or _RX_CLAUSE_STATEMENTS3.search(_window(stext, ca - 10, ca)))]
        if cplaces and _BORDER_WITH.search(stext, max(0, cplaces[-1].start - s0 - 30), cplaces[-1].start - s0) and \
                _RX_CLAUSE_STATEMENTS3.search(_window(stext, ca - 10, ca)):
            cplaces = []  # "towards A and the border with X, where ...": the relative speaks of the border
        if cplaces and _RX_CLAUSE_STATEMENTS3.search(_window(stext, ca - 10, ca)):
            # "X ordered troops to A, where ...": the relative pronoun takes the last place (or list) only
            tail = [cplaces[-1]]
            for q in reversed(cplaces[:-1]):
                if not _LIST_SEP.match(stext[q.end - s0:tail[0].start - s0]):
                    break
                tail.insert(0, q)
            # "A, 150 km south of B on the road to C, where ...": the pronoun takes the head A, not the landmarks
            # of its apposition
            comma = stext.rfind(",", 0, max(0, ca - 8))
            head = [q for q in cplaces if q.end - s0 <= comma and re.fullmatch(r"(?:\s+(?:city|town|district|province))?", stext[q.end - s0:comma], _I)]
            if head and head[-1].start < tail[0].start and _APPOSITION.match(stext, comma + 1):
                tail = [head[-1]]
            cplaces = tail
        cplaces = [_Place(p.start, p.end, p.row, p.mention, anaphor=p.anaphor, partial=p.partial) for p in cplaces]
        for p in cplaces:
            p.span = (p.start, p.end)  # reported as named ...
            p.start = s0 + ca  # ... but "left" of the cue, like a subject
            p.end = s0 + ca
        cplaces += own
    out: list[_Stmt] = []
    if not cplaces:
        return out
    capturer = actors[2]
    whole = stext
    low = ctext.lower()
    asc = ctext.isascii()  # (then patterns compiled for ASCII text can run: see _A)
    quant = None  # whether the clause speaks of parts of a place ("most districts of X"), found when needed
    # what holds for the whole clause: hedges, who is speaking, independent confirmation
    clause_hedged = _HAS_HEDGE_HINT(low) and _HEDGE_TEST.search(ctext) and not _NOT_CLAIM.search(ctext)
    clause_claim = clause_hedged and "claim" in low
    speaker = _speaker_side(whole, actors)
    confirmed_by_others = None  # found when needed
    for p in cplaces:
        ps, pe = p.start - s0 - ca, p.end - s0 - ca
        # nearest cue on the preferred side, else the nearest on any side
        def dist(c: Cue) -> tuple[int, int]:
            if c.direction == "right":
                ok = ps >= c.end
            elif c.direction == "left":
                ok = pe <= c.start
            else:
                ok = True
            d = ps - c.end if ps >= c.end else c.start - pe
            return (0 if ok else 1, max(d, 0))
        ranked = sorted(cues if not (p.excluded and p.edge) else [c for c in cues if c.kind == "fighting"], key=dist)
        if len(ranked) > 1 and ranked[0].kind == "fighting" and _WITHOUT.search(ctext, max(0, ranked[0].start - 20), ranked[0].start):
            # "took over X without fighting": a manner of the verb, not a statement about X of its own
            ranked = [c for c in ranked if not (c.kind == "fighting" and _WITHOUT.search(ctext, max(0, c.start - 20), c.start))] or ranked
        if len(ranked) > 1 and ranked[0].kind == "fighting":
            # "after weeks of fighting, X fell": a fight told as background gives way to the clause's verb
            live = [c for c in ranked if not (c.kind == "fighting" and (
                _AFTER_PREP.search(_window(stext, ca + c.start - 40, ca + c.start))
                or _SCENE_OF.search(_window(stext, ca + c.start - 60, ca + c.start))))]
            ranked = live or ranked
        cue = ranked[0]
        if cue.kind in ("fighting", "hold") and pe <= cue.start:
            # "X, which remained besieged for months, fell to the Taliban": the main verb is the outcome
            # (also "X, the last city still held by the government, fell")
            later = next((c for c in cues if c.start > cue.end and c.kind == "capture" and c.direction == "left"
                          and c.side is None and not any(cue.end <= q.start - s0 - ca < c.start for q in cplaces)), None)
            if later is not None:
                cue = later
        if dist(cue)[0] == 1 and cue.kind in ("capture", "retake") and pe <= cue.start and _fronted_object(ctext, ps, pe, cue) \
                and not any(q.start - s0 - ca >= cue.end for q in cplaces):
            pass  # "In X, the army abandoned its positions": the posts taken or left are X's
        elif dist(cue)[0] == 1 and cue.kind in ("capture", "retake", "surrender") and cue.direction == "left" and ps >= cue.end \
                and _gapped(ctext, cue, ps, pe):
            pass  # "A fell on Tuesday, B on Wednesday": the verb is left out of the later members
        elif dist(cue)[0] == 1:
            # only "wrong side" cues: a capture verb with its object elsewhere is not about this place,
            # but fighting, denial and holds are about the whole clause
            if cue.kind in ("capture", "retake", "surrender"):
                if cue.side == "leave":
                    continue
                if ps >= cue.end:  # the list after the cue counts from its first member
                    first = min((q.start - s0 - ca for q in cplaces if q.start - s0 - ca >= cue.end), default=ps)
                    between = ctext[cue.end:first]
                else:
                    between = ctext[pe:cue.start]
                if p.span is None and not _RX_CLAUSE_STATEMENTS14.search(between):
                    continue  # "prices fell in Kabul", "women in Herat took to the streets"
                if ps >= cue.end and _RX_CLAUSE_STATEMENTS11.match(between):
                    pass  # "A and B had been surrendered, along with C"
                elif cue.direction == "right" and any(q is not p and q.start - s0 - ca >= cue.end for q in cplaces):
                    continue
                elif cue.direction == "left" and any(q is not p and q.end - s0 - ca <= cue.start for q in cplaces):
                    continue
        if cue.kind == "denial" and not _denial_about_control(ctext, cue) and not (denies_claim and p.span is not None):
            continue  # (but "X is in Taliban hands, which the NRF denies": the relative clause denies the claim)
        if cue.kind in ("capture", "retake") and ps >= cue.end and (_PERSON_OBJECT.match(ctext, cue.end, ps) or (
                cue.direction == "left" and _PERSON_SUBJECT.search(ctext, max(0, cue.start - 60), cue.start))):
            continue  # "captured a commander in X", "the governor was captured by the Taliban in X": people, not X
        if cue.kind in ("capture", "surrender") and cue.direction == "left" and _WHO_BEFORE.search(ctext, max(0, cue.start - 25), cue.start):
            continue  # "soldiers who had surrendered": people gave themselves up, not a place
        if ctext[cue.start] in "'’" and pe != cue.start:
            continue  # "X's fall" is about X only
        if cue.kind == "capture" and _SEQUEL.match(ctext, cue.start) and not _subject_list(ctext, ps, pe, cue, places, s0 + ca):
            continue  # "Kunduz followed": only a place (or list of places) right before the verb
        denied = cue.kind in ("capture", "hold", "surrender", "retake") and any(
            c.kind == "denial" and (c.end <= cue.start and cue.start - c.end < 70
                                    or c.start > cue.end and (_RX_CLAUSE_STATEMENTS19.search(ctext[max(cue.end, c.start - 40):c.start])
                                                              or _REPORTS_OF.search(ctext, max(0, cue.start - 30), cue.start)))
            and not _charge_denied(stext[max(0, ca + c.start - 150):ca + c.start])
            and not (_NEGATION_ASCII if asc else _NEGATION).search(ctext, max(0, c.start - 15), c.start)  # "did not deny that X had fallen"
            for c in cues)
        pre = _window(ctext, cue.start - 45, cue.start)
        # hypotheticals and plans give no event
        will_not = cue.kind == "capture" and cue.side is None and ((_RX_CLAUSE_STATEMENTS4_ASCII if asc else _RX_CLAUSE_STATEMENTS4).search(pre) or (_YET_TO_ASCII if asc else _YET_TO).search(pre)) \
            and not _RX_CLAUSE_STATEMENTS9.search(pre)
        if (_ACCUSED_ASCII if asc else _ACCUSED).search(pre):
            continue  # "detained on suspicion of having surrendered the city": a charge, not an event
        if will_not:
            pass  # "X, which officials insist will not fall": X is held against the capturer
        elif _MODAL_TEST.search(pre) and not _RX_CLAUSE_STATEMENTS12.search(pre):
            if not (cue.kind == "hold" and cue.side in ("resistance",) and "prevent" not in pre.lower()) or _ASKS_WHETHER.search(pre) \
                    or _EXPECTED.search(pre):  # ("officials who had predicted X could hold out": a forecast)
                continue  # (a question asked indirectly states nothing: "a reader asks whether X is still held by ...")
        if (_RX_CLAUSE_STATEMENTS5_ASCII if asc else _RX_CLAUSE_STATEMENTS5).search(ctext[cue.start:cue.end]) and _RX_CLAUSE_STATEMENTS6.match(ctext[cue.end:cue.end + 60]):
            continue  # "its fall would be a blow": a hypothetical
        # "the militias briefly took X": a passing episode; the other side has it (back)
        transient = cue.kind in ("capture", "retake", "hold") and "briefly" in ctext[max(0, cue.start - 25):cue.start].lower()
        if (_RX_CLAUSE_STATEMENTS1_ASCII if asc else _RX_CLAUSE_STATEMENTS1).search(_window(ctext, cue.start - 60, cue.start)):
            continue  # "there was no sign that they had entered the city"
        if cue.kind == "hold" and _RX_CLAUSE_STATEMENTS7.search(ctext[:cue.start]):
            continue  # "X was the last city not yet in their hands": the state before it fell
        if cue.kind == "fighting" and ((_PAST_PREP_ASCII if asc else _PAST_PREP).search(_window(ctext, cue.start - 40, cue.start)) or _AFTER_PREP.search(
                stext[max(0, ca + cue.start - 40):ca + cue.start])):
            continue
        negated = bool((_NEGATION_ASCII if asc else _NEGATION).search(ctext, max(0, cue.start - 25), cue.start)) and cue.kind in ("capture", "retake", "surrender", "hold") \
            and not _NOT_DENIED.search(_window(ctext, cue.start - 45, cue.start))  # "did not deny that X had fallen"
        if cue.kind == "fighting" and (_AVOIDED_ASCII if asc else _AVOIDED).search(ctext, max(0, cue.start - 60), cue.start):
            continue  # "to spare the city from fighting", "to avoid bloodshed": a fight that did not happen
        if cue.kind == "fighting" and (_EXPECTED_ASCII if asc else _EXPECTED).search(ctext, max(0, cue.start - 50), cue.start):
            continue  # "commanders who had expected weeks of fighting for X": a fight foreseen, not reported
        if cue.kind == "fighting" and ((_RX_CLAUSE_STATEMENTS10_ASCII if asc else _RX_CLAUSE_STATEMENTS10).search(_window(ctext, cue.start - 25, cue.start))
                                       or (_NEGATION_ASCII if asc else _NEGATION).search(ctext, max(0, cue.start - 25), cue.start)):
            continue  # "no fighting", "was not affected by fighting"
        # side
        kind = cue.kind
        actor = None
        named = False  # whether the text names who took the place (not a default side)
        if cue.side == "contested":
            status = "contested"
        elif cue.side == "leave" or (_RX_CLAUSE_STATEMENTS13.match(ctext[cue.start:cue.end])
                                     and _side_of(ctext[max(0, cue.start - 60):cue.start], actors, last=True)):
            who = _side_of(ctext[max(0, cue.start - 100):cue.start], actors, last=True)
            if who is None and _RX_WE_LOST.match(ctext, cue.start):
                # '"We lost X," a fighter said': the speaker's side, else the side that loses places to the capturer
                who = speaker or _other(capturer)
            if who is None:
                continue
            if cue.side == "leave" and not _GROUP.search(_window(ctext, cue.start - 100, cue.start)) \
                    and not _RX_WE_LOST.match(ctext, cue.start):
                continue  # one person leaving a place does not hand it over
            actor = _other(who)
            status = actor
        elif cue.side in ("taliban", "resistance"):
            status = actor = cue.side
        elif cue.side == "reach":
            mover = _side_of(ctext[max(0, cue.start - 60):cue.end], actors, last=True)
            if mover is None or mover != capturer:
                continue  # "security forces retreated and reached X"
            status, kind = "contested", "fighting"
        elif cue.side == "mover":
            mover = _side_of(ctext[max(0, cue.start - 80):cue.start], actors, last=True)
            if mover is None and _PRONOUN_SUBJECT.search(ctext, max(0, cue.start - 30), cue.start):
                # "... against the insurgents since they swept into X": the side the pronoun takes up
                # (the words since the last comma: "against the insurgents" is the antecedent here, not an object)
                back = stext[max(0, ca + cue.start - 160):ca + cue.start]
                mover = _side_of(re.split(r"[,;:]", back)[-1], actors, last=True)
            if mover is None:
                continue  # "refugees poured into X"
            actor = mover
            status = actor if actor == capturer else "contested"
            kind = "capture" if actor == capturer else "retake"
        elif cue.side == "not-context":
            owner = _side_of(whole[:cb], actors, last=False) or (_side_of(context, actors, last=False) if context else None)
            if owner is None:
                continue
            status = actor = _other(owner)
        elif cue.side in ("repel", "repelled"):
            status = actor = _defender(cue, ctext, actors)
        else:
            actor = _cue_actor(cue, ctext, actors)
            if actor and cue.kind == "capture" and (_RX_LEFT_BY_ASCII if asc else _RX_LEFT_BY).search(ctext, cue.start, cue.end) \
                    and _RX_BY_AFTER.match(ctext, cue.end):
                actor = _other(actor)  # "X was abandoned by security forces": those who left it lose it
            if kind == "retake" and _RX_CLAUSE_STATEMENTS15.search(_window(ctext, cue.start - 12, cue.start)) \
                    and _RX_CLAUSE_STATEMENTS16.match(ctext[cue.start:cue.end]):
                # "the insurgents were pushed out of X": the side pushed out is the loser
                loser = _side_of(ctext[max(0, cue.start - 80):cue.start], actors, last=True)
                actor = _other(loser) if loser else None
            if cue.kind == "capture" and (_RX_CLAUSE_STATEMENTS8_ASCII if asc else _RX_CLAUSE_STATEMENTS8).search(ctext[cue.start:cue.end]):
                m = _RX_CLAUSE_STATEMENTS17.match(ctext[cue.end:cue.end + 40])
                if m and _side_of(m.group(1), actors, last=False):
                    actor = _other(_side_of(m.group(1), actors, last=False))
            if actor is None and kind in ("retake", "capture") and speaker and _RX_CLAUSE_STATEMENTS18.search(_window(ctext, cue.start - 30, cue.end)):
                actor = speaker  # '"X has been cleared," a Taliban spokesman said'
            named = actor is not None
            if actor is None:
                actor = capturer if kind in ("capture", "surrender") else None
            if actor is None and kind == "retake":
                actor = _other(capturer)
            if actor is None and kind == "hold":
                actor = _side_of(whole[:cb], actors, last=False) or (
                    _side_of(context, actors, last=False) if context and not _THEIR_MEN.search(ctext, 0, cue.start) else None)
                if actor is None and speaker and ctext.endswith("ours", cue.start, cue.end):
                    actor = speaker  # "X is still ours," a commander of the militia said
                if actor is None:
                    continue
            status = actor
        if kind == "capture" and status == _other(capturer):
            kind = "retake"
        if kind == "retake" and _SELF_RETAKE.search(pre):
            # "we have taken back X" (said by a militia commander), "the army said it had retaken X": the
            # retakers say they hold X (a side's own word that it holds a place: a hold claim)
            mine = speaker if _RX_SELF_RETAKE_WE.search(pre) else actor
            if mine in ("taliban", "resistance"):
                actor = status = mine
                kind = "hold"
            else:
                status = "contested"
        elif kind == "retake":
            # "commandos recaptured X", "X was retaken by the army": the side named holds X again; a retake
            # with no side named ("X has been retaken") is a front line
            # (a capture verb of the other side, "militias seized X", is new ground taken: a front line)
            status = actor if actor == capturer or (named and cue.kind == "retake" and actor in ("taliban", "resistance")) else "contested"
        if negated and (_RX_CLAUSE_STATEMENTS8_ASCII if asc else _RX_CLAUSE_STATEMENTS8).search(ctext[cue.start:cue.end]):
            status, kind, negated = "contested", "fighting", False
        if negated:
            if kind in ("capture", "surrender"):
                status = _other(actor) if actor == capturer else "contested"
                kind = "hold" if status != "contested" else "fighting"
            elif kind == "retake":
                status, kind = "contested", "fighting"
            elif kind == "hold":
                status = _other(status) if status in ("taliban", "resistance") else status
        if transient and (actor or status) in ("taliban", "resistance"):
            status, kind = _other(actor or status), "hold"
        if denied:
            status, kind = "contested", "denial"
        if status in ("taliban", "resistance") and not p.partial and p.row.get("level") == "province" and quant is None:
            quant = any(h in low for h in ("district", "part", "area", "territor")) and _QUANTIFIER_TEST.search(ctext)
        if (p.partial or (quant and p.row.get("level") == "province")) and status in ("taliban", "resistance"):
            status = "contested"
        # confirmed: hedged, or one side's word about itself
        hedged = clause_hedged and kind != "denial"
        partisan = status in ("taliban", "resistance") and speaker == status
        if (hedged or partisan) and confirmed_by_others is None:
            wlow = whole.lower()
            confirmed_by_others = any(h in wlow for h in ("confirm", "witness", "resident")) and bool(_CONFIRMED.search(whole))
        confirmed = not (hedged or partisan) or confirmed_by_others
        if kind == "capture" and hedged and clause_claim:
            kind = "claim"
        out.append(_Stmt(p, cue, status, kind, actor, confirmed, clause))
    return out


# patterns of _blank (compiled once)
_RX_BLANK1 = re.compile(r"[^\W\d_]{4,}")


def _blank(ctext: str, places: list[_Place], off: int, words: tuple[str, ...]) -> str:
    """``ctext`` with place mentions and the given words blanked out."""
    chars = list(ctext)
    for q in places:
        a, b = max(q.start - off, 0), min(q.end - off, len(ctext))
        if a < b:
            chars[a:b] = " " * (b - a)
    return " ".join(w for w in _RX_BLANK1.findall("".join(chars).lower()) if w not in words)


#: Words that may stand in "..., as well as the nearby district of X" / "as well as large parts of X" (a part: contested)
_AS_WELL_AS_WORDS = frozenset("well centre centres center centers heart nearby neighbouring neighboring remote strategic key main "
                              "important large parts most much areas".split())
#: Words that may stand next to a bare list of places ("after Zaranj in the far south-west on Friday").
_BARE_WORDS = frozenset("province provinces district districts city town capital north south east west northern southern "
                        "eastern western central friday saturday sunday monday tuesday wednesday thursday also".split())


_INHABITANTS = re.compile(r"\b(?:residents?|people|inhabitants|villagers|locals|elders|shopkeepers|traders)\s+(?:of|in)\s+(?:the\s+)?", _I)
_SAID = re.compile(r"\s+(?:\w+\s+){0,4}?(?:said|say|says|told|reported)\b(?:\s+(?:on\s+\w+|by\s+phone|\w+day))?(?:\s+that)?", _I)
_GROUP = re.compile(r"\b(?:forces|troops|soldiers|fighters|army|police|officials|militias?|militiamen|commandos|units?|"
                    r"garrison|government|taliban|insurgents|militants|men|defenders|guards|personnel|administration|"
                    r"authorities|resistance|nrf|they)\b", _I)
_SEQUEL = re.compile(r"follow|went|(?:has|have|had)\s+(?:also\s+|already\s+)?gone", _I)
_LIST_GAP = re.compile(r"(?:[\s,]|\b(?:and|or|in|also|then|too|province|district|city|had|has|have|already|soon|quickly)\b)*", _I)


# patterns of _subject_list (compiled once)
_RX_SUBJECT_LIST1 = re.compile(r",[^,;:]{1,100},")


def _subject_list(ctext: str, ps: int, pe: int, cue: Cue, places: list[_Place], off: int) -> bool:
    """Whether the place at ``ps:pe`` is (a member of) the subject list directly before ``cue``."""
    if pe > cue.start:
        return False
    gap = list(ctext[pe:cue.start])
    for q in places:
        a, b = max(q.start - off, pe), min(q.end - off, cue.start)
        if a < b:
            gap[a - pe:b - pe] = " " * (b - a)
    gap = _RX_SUBJECT_LIST1.sub(",", "".join(gap))  # an apposition: "X, near the border, had gone"
    return _LIST_GAP.fullmatch(gap) is not None


#: an apposition that locates or describes a place ("150 kilometres south of X", "a town on the road to Y")
_APPOSITION = re.compile(r"\s*(?:\d[\d,.]*\s*(?:kilomet\w+|km|miles?)|(?:about|some|just|roughly|nearly)\s+\d|a\s|an\s|the\s+(?:\w+\s+){1,3}(?:of|on|in|near|at)\b)", _I)
#: ", and are now fighting ...": a second verb of the same subject, not a clause about the places before
_AND_VP = re.compile(r",\s+and\s+$", _I)
#: a negated denial: what follows is granted, not negated
_NOT_DENIED = re.compile(r"\b(?:not|n['’]t|never)\s+(?:\w+\s+)?(?:den(?:y|ied|ies)|disput\w+|reject\w*|contest\w*|challeng\w+|confirm\w*|verif\w*|acknowledg\w*|comment\w*)\b", _I)


#: "Reports of the fall of X are false": the denial is about the reported event
_REPORTS_OF = re.compile(r"\b(?:reports?|claims?|rumou?rs?)\s+(?:of|that)\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}$", _I)
_ACCUSED = re.compile(r"\b(?:suspicion|suspected|accused|accusing|accusations?|charged|allegations?|alleging)\s+(?:of\s+|with\s+|that\s+)?(?:\w+\s+){0,3}$", _I)
_ASKS_WHETHER = re.compile(r"\b(?:whether|if)\b", _I)


def _defender(cue: Cue, ctext: str, actors) -> str:
    """Side that repelled an attack: named ("the NRF repelled", "was repelled by the army"), else the other side
    of the attackers ("repelled Taliban attacks", "a Taliban attack ... was repelled"), else the capturer's opponent."""
    left = ctext[max(0, cue.start - 100):cue.start]
    if cue.side == "repel":
        side = _side_of(left, actors, last=True)
        attacker = _side_of(ctext[cue.start:cue.end], actors, last=True)
    else:
        m = re.match(r"^\s*by\s+(?:the\s+)?((?:\S+\s+){0,3}\S+)", ctext[cue.end:cue.end + 60], _I)
        side = _side_of(m.group(1), actors, last=False) if m else None
        attacker = _side_of(left, actors, last=True)
    return side or (_other(attacker) if attacker else _other(actors[2])) or "contested"


#: a relative clause set off by commas that ends where the next clause starts
_RELATIVE_SPAN = re.compile(r",\s+(?:which|who|that)\s[^,;]*,\s*$", _I)
_PLUPERFECT_RELATIVE = re.compile(r",\s+(?:which|who|that)\s+$", _I)


#: the start of a relative clause (", which ..."), and the comma that closes it before the main verb
_APPOS_STATE = re.compile(r"\s*,\s+(?:now|already|itself|still|by\s+then|by\s+now)\s+(?:(?:itself|also|firmly|now|largely|fully)\s+)?"
                          r"(?:in|under)\s+[^,;.()]{1,40}?(?=\s*(?:[,;.)]|$))", _I)
#: a clause after a semicolon that only names a place and when or where ("; Kunduz in July"): no verb of its own
_GAP_OPEN = re.compile(r"\s*;\s*")
_GAPPED = re.compile(r"\s*(?:and\s+|then\s+|and\s+then\s+)?(?:the\s+)?(?:[\w-]+\s+)?$", _I)
_FINITE = re.compile(r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|could|may|might|must|shall|should|"
                     r"says?|said|told|remains?|\w+ed)\b|[:\"“”]", _I)
_SAID_TAIL = re.compile(r",\s+(?:[\w-]+\s+){0,4}?(?:said|say|says|told\s+\w+|reported)(?:\s+on\s+\w+)?[\s.!?\"”'’]*$", _I)
_BORDER_WITH = re.compile(r"\b(?:borders?|frontier|boundary)\s+with\s+(?:the\s+)?$", _I)
_WHO_BEFORE = re.compile(r"\bwho\s+(?:(?:had|have|has|later|then|also|eventually|reportedly)\s+){0,2}$", _I)
_WITHOUT = re.compile(r"\bwithout\s+(?:a\s+|any\s+)?(?:\w+\s+)?$", _I)
_PLUPERFECT = re.compile(r"\bhad\b", _I)
_REL_OPEN = re.compile(r"(?:,|\bof)\s+(?:which|who)\s+$", _I)
_REL_CLOSE = re.compile(r",\s+")


def _subject_before(stext: str, s0: int, head: list[_Place]) -> list[_Place]:
    """The subject a relative clause follows: the last place of ``head`` that is not a container, with
    the list it ends ("A, B and C, which ..."); none when it is named only as where someone is."""
    named = [p for p in head if not p.container]
    if not named:
        return []
    tail = [named[-1]]
    for q in reversed(named[:-1]):
        if not _LIST_SEP.match(stext[q.end - s0:tail[0].start - s0]):
            break
        tail.insert(0, q)
    return tail


def _drop_pluperfect_relatives(stext: str, stmts: list[_Stmt]) -> list[_Stmt]:
    """Drop what a relative clause says of a place the main clause also speaks of.

    "A, which had held out for months, is now run by the Taliban", "A, which commandos
    recaptured last month, is again under Taliban control": the relative clause is the
    background, the main clause the state as of the report.
    """
    def background(st: _Stmt) -> bool:
        ca, cb = st.clause
        # (a denial in the relative clause is not background: "X is in Taliban hands, which the NRF denies")
        return st.kind != "denial" and bool(_PLUPERFECT_RELATIVE.search(stext, max(0, ca - 12), ca))

    if not any(background(st) for st in stmts):
        return stmts
    def key(st: _Stmt):
        return (st.place.row.get("province"), st.place.row.get("district"))
    main = {key(st) for st in stmts if not background(st)}
    return [st for st in stmts if not (background(st) and key(st) in main)]


#: the fight that led up to a capture: "after (what officials called) a week of fighting around the city"
_LEAD_UP_FIGHT = re.compile(r"\bafter\s+(?:what\s+[^,.;]{0,60}?\s+(?:as\s+)?)?(?:\w+\s+){0,3}?(?:days?|weeks?|months?|hours?|nights?)\s+of\s+"
                            r"(?:[\w-]+\s+){0,3}$", _I)


def _drop_lead_up_fights(stext: str, stmts: list[_Stmt]) -> list[_Stmt]:
    """Drop the fight a sentence tells as what led up to its capture of the same place.

    "The Taliban walked into X after a week of intense fighting around the city", "After weeks of
    clashes around the town, X fell to the Taliban": the place is the captor's, not contested.
    """
    def key(st: _Stmt):
        return (st.place.row.get("province"), st.place.row.get("district"))

    taken = {key(st) for st in stmts if st.kind in ("capture", "retake", "surrender") and st.status != "contested"}
    if not taken:
        return stmts
    out = []
    for st in stmts:
        if st.kind == "fighting" and key(st) in taken:
            at = st.clause[0] + st.cue.start
            if _LEAD_UP_FIGHT.search(stext, max(0, at - 90), at):
                continue
        out.append(st)
    return out


#: "rejected this", "denied it": a denial of what was just said
_DENIAL_PRONOUN = re.compile(r"\b(?:den(?:y|ied|ies|ying)|reject\w*|dismiss\w*|refut\w*|rebut\w*|disput\w*)\s+(?:\w+\s+)?(?:this|it|that|these|them)\b|"
                             r"\b(?:this|that|it|these)\s+(?:was|were|is|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:denied|rejected|dismissed|refuted|disputed)\b", _I)


def _claimed_rows(stmts: list[_Stmt], any_claim: bool = False) -> list[dict]:
    """Places of the one-sided (unconfirmed) statements among ``stmts``, each once.

    ``any_claim``: every statement of one side's holding counts ("... Taliban statements claim the opposite").
    """
    rows, seen = [], set()
    for st in stmts:
        key = (st.place.row.get("province"), st.place.row.get("district"))
        if (any_claim or not st.confirmed) and st.status in ("taliban", "resistance") and st.place.row and key not in seen:
            seen.add(key)
            rows.append(st.place.row)
    return rows


_BULLET = re.compile(r"\s*[-•*–—·▪●]\s*\S")


def _list_head(sent: Sentence, actors) -> tuple[_Stmt, int] | None:
    """The capture or hold stated by a line without a place that ends in a colon (a bulleted list follows)."""
    text = sent.text.rstrip()[:-1]
    if _MODAL_TEST.search(text) or _NEGATION.search(text) or _historic(text):
        return None
    capturer = actors[2]
    for cue in _find_cues(text, actors):
        if cue.kind not in ("capture", "surrender", "hold") or cue.side not in (None, "taliban", "resistance"):
            continue
        actor = cue.side or _cue_actor(cue, text, actors) or (capturer if cue.kind != "hold" else None)
        if actor is None:
            continue
        status = actor if cue.kind == "hold" or actor == capturer else "contested"
        kind = cue.kind if cue.kind == "hold" or actor == capturer else "retake"
        return _Stmt(_Place(sent.start, sent.start, {}, ""), cue, status, kind, actor, True, (0, len(text))), sent.line
    return None


def _loose_cues(sent: Sentence, clauses, splaces: list[_Place], actors) -> list[_Stmt]:
    """Capture cues of clauses that name no place ("11 districts have fallen to the Taliban")."""
    out = []
    capturer = actors[2]
    for ca, cb in clauses:
        ctext = sent.text[ca:cb]
        for cue in _find_cues(ctext, actors):
            if cue.kind not in ("capture", "surrender") or cue.side == "leave":
                continue
            if _MODAL_TEST.search(_window(ctext, cue.start - 45, cue.start)) or _NEGATION.search(ctext, max(0, cue.start - 25), cue.start):
                continue
            actor = _cue_actor(cue, ctext, actors) or capturer
            status = actor if actor == capturer else "contested"
            dummy = _Place(sent.start, sent.start, {}, "")
            out.append(_Stmt(dummy, cue, status, "capture" if actor == capturer else "retake", actor, True, (ca, cb)))
    return out


# ---------------------------------------------------------------------------
# documents
# ---------------------------------------------------------------------------
def _find_places(text: str, doc: str, pack: Any) -> list[dict]:
    from .places import find_places

    return find_places(text, doc=doc, pack=pack)


_DIGIT = re.compile(r"\d")
_QUESTION_ENDS = ("?", '?"', "?”", "?'", "?’")
_DATE_HINTS = ("day", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "yesterday",
               "tonight", "night", "week", "month", "year", "decade", "past", "rule", "previous", "time", "morning",
               "afternoon", "evening")
_HAS_DATE_HINT = _holds_any(_DATE_HINTS)


@lru_cache(maxsize=2048)
def _dates(text: str, ref, year):
    low = text.lower()
    if not (_DIGIT_ASCII if text.isascii() else _DIGIT).search(text) and not _HAS_DATE_HINT(low):
        return []
    return find_dates(text, ref, year=year)


#: a sentence that goes on about the place under discussion ("It is ...", "The city lies ...")
_CONTINUES_TOPIC = re.compile(r"\s*(?:It|Its|This|The\s+(?:city|town|capital|district|province|valley))\b")
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:\S+\s+)?$", _I)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+")


def _may_displace_topic(row: dict, stext: str, rel: int) -> bool:
    """Whether a place named in a sentence without events can be what a later "the city" means.

    Not a landmark, destination or speaker's seat ("towards Kabul", "the ministry in Kabul"), and not in
    a sentence that goes on about the place under discussion ("It lies near the capital, Kabul").
    """
    if row.get("level") == "province" or rel < 0:
        return True
    before = stext[max(0, rel - 70):rel]
    if _not_held_before(before) or _FROM_BEFORE.search(before):
        return False
    end = rel + len(row.get("mention") or "")
    if _NOT_HELD_AFTER.match(stext[end:end + 40]):
        return False
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(stext, max(0, rel - 400), rel)]
    return not _CONTINUES_TOPIC.match(stext, starts[-1] if starts else (0 if rel < 400 else rel))


def _note_list(disc: "_Discourse", rows: list[dict], stext: str, offset: int) -> None:
    """Remember the last run of places named together ("Kunduz and Takhar") for a later "both"."""
    if len(rows) < 2:
        return
    run: list[dict] = []
    last: list[dict] = []
    for r in rows:
        if run and _LIST_SEP.match(stext[run[-1]["end"] - offset:r["start"] - offset]):
            run.append(r)
            continue
        if len(run) > 1:
            last = run
        run = [r]
    if len(run) > 1:
        last = run
    if last:
        disc.last_list = last


#: Bits of :func:`_word_hits`: a control word, an anaphor word ("city", "it"), a word of place-less
#: statements about the topic, a plural of a region kind ("districts"), a weak control word (a control
#: word only in its construction, see :func:`_weak_at`).
_HIT_CUE, _HIT_ANAPHOR, _HIT_TOPIC, _HIT_REGION, _HIT_WEAK, _HIT_LIST = 1, 2, 4, 8, 16, 32
#: Characters that end a word for :func:`_words` (``str.split`` splits at every ``str.isspace`` character).
_SPACES = {**_NONLETTERS, **{ord(c): " " for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
                                                   "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"}}
#: The non-ASCII characters of _SPACES (see :func:`_spaced`).
_SPACES_NONASCII = tuple(chr(c) for c in _SPACES if c >= 128)
_AUTOMATON = None
_new_tuple = tuple.__new__  # Sentence(...) without the Python-level __new__ of a NamedTuple


def _weak_at(text: str, start: int, end: int) -> bool:
    """Whether the weak control word ``text[start:end]`` stands in its construction ("run by", "have run the",
    "fighters are in"): a test of the few characters around it (:data:`_WEAK_RULES`)."""
    after, before = _WEAK_RULES.get(text[start:end].lower(), (None, None))
    return bool(after is not None and after.match(text, end)
                or before is not None and before.search(text, max(0, start - 30), start)
                or text[start - 1:start] == "-" and text[start:end].lower() == "run")  # "Taliban-run X"


def _word_automaton():
    """Aho-Corasick automaton of the words :func:`_sentences_to_read` looks for, each between spaces."""
    global _AUTOMATON
    if _AUTOMATON is None:
        import ahocorasick

        bits: dict[str, int] = {}
        for bit, words in ((_HIT_CUE, _CUE_WORDS - _WEAK_CUE_WORDS - _MEN_WORDS), (_HIT_WEAK, _WEAK_CUE_WORDS), (_HIT_ANAPHOR, _ANAPHOR_SET), (_HIT_LIST, _LIST_WORDS),
                           (_HIT_TOPIC, _TOPIC_WORDS), (_HIT_REGION, _REGION_WORDS)):
            for w in words:
                bits[w] = bits.get(w, 0) | bit
        automaton = ahocorasick.Automaton()
        for w, bit in bits.items():
            automaton.add_word(f" {w} ", (len(w) + 1, bit))
        automaton.make_automaton()
        _AUTOMATON = automaton
    return _AUTOMATON


def _word_hits(text: str) -> list[tuple[int, tuple[int, int]]]:
    """The words of ``text`` that are control, anaphor, topic or region words, in text order.

    The words are those of :func:`_words` (letters between non-letters), found in one pass over
    the whole document.  Each hit is ``(e, (n, bits))``: the word is ``text[e - n:e - 1]``.
    """
    low = text.lower()
    if len(low) != len(text):  # only "İ" lower-cases to two characters: keep it (no word we look for has it)
        low = "".join(c if c == "\u0130" else c.lower() for c in text)
    if low.isascii():
        flat = low.encode("ascii").translate(_NONLETTERS_ASCII).decode("ascii")
    else:
        flat = _spaced(low, _SPACES_NONASCII)  # low.translate(_SPACES)
    # the key " word " ends at ``e`` of the text padded with a space: the word is text[e - n:e - 1]
    return list(_word_automaton().iter(f" {flat} "))


#: the time stamp that opens an entry of a live blog ("10:32 GMT - ...", "14.05:", "0915 BST ")
_TIMESTAMP = re.compile(r"(?:update[ds]?\s*:?\s*|[\[(]\s*)?\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|gmt|utc|bst|cet|cest|ist|edt|est|et|local(?:\s+time)?))?\s*[\])]?\s*(?:[-–—:|]\s*)?(?=[^\W\d_])|"
                        r"\d{3,4}\s*(?:gmt|utc|bst|ist|edt|est)\b", _I)


def _sentences_to_read(text: str, rows: list[dict], disc: "_Discourse"):
    """``(sentence, its place rows, its word bits, text skipped before it, sentences dropped before it)`` for the
    sentences worth reading.

    Splitting only these paragraphs into sentences is most of what keeps event
    reading cheap next to geoparsing; the places of a skipped paragraph are still
    what "the city" or "the province" can refer back to.  The control words (and
    the other words the rules test first) are found once per document
    (:func:`_word_hits`); within a paragraph, only the sentences holding a control
    word or naming a place are looked at, the others only matter as the text
    skipped before the next sentence read.  The word bits say whether the
    sentence has an anaphor word (``_HIT_ANAPHOR``) or a topic word (``_HIT_TOPIC``).

    A sentence with a control word but nothing it can be said of (no place, anaphor, list word, or topic
    word while there is a topic) is not read: it only counts as a sentence and is the context of the next
    one, so it is passed along (in the list of dropped sentences) with the next sentence read.
    """
    hits = _word_hits(text)
    hit_ends = [h[0] for h in hits]
    hit_bits = [h[1][1] for h in hits]
    row_starts = [r["start"] for r in rows]
    nrows = len(rows)
    hi = ri = 0
    # text of the last sentence skipped since the last one yielded ("" for a paragraph), or
    # (line, spans, i, k, earlier) for the last prose sentence among spans[i:k] (found when needed)
    last_skip: Any = None
    dropped: list[Sentence] = []  # sentences not worth reading since the last one yielded
    teasers = False  # within a block of links to other articles
    pos = 0
    for line_no, line in enumerate(text.split("\n")):
        start = pos
        end = pos + len(line)
        pos = end + 1
        if not line or line.isspace():
            continue  # a blank line
        if (line[0].isdigit() or line[0] in "[(" or line[:3] in ("Upd", "UPD")) and _TIMESTAMP.match(line):
            disc.__init__()  # a timestamped live-blog entry starts a new topic: nothing before it is referred back to
        if teasers or len(line) < 48 and is_teaser_header(line):
            # "Related:" / "Most read" and the headlines of other articles under it: nothing read or seen
            if is_teaser_header(line) or is_teaser(line):
                teasers = True
                hi = bisect_right(hit_ends, end + 1, hi)
                last_skip = ""
                continue
            teasers = False
        ri = bisect_left(row_starts, start, ri)
        hj = bisect_right(hit_ends, end + 1, hi)  # the hits of this line end at end + 1 at most
        if hj == hi and (ri >= nrows or row_starts[ri] >= end):
            last_skip = ""  # a paragraph with no control word and no place
            continue
        j = bisect_left(row_starts, end, ri)
        line_rows = rows[ri:j]
        ri = j
        h0, hi = hi, hj
        line_bits = 0
        for bit in hit_bits[h0:hi]:
            line_bits |= bit
        if line_bits & _HIT_WEAK and not line_bits & _HIT_CUE and any(
                hits[h][1][1] & _HIT_WEAK and _weak_at(text, hits[h][0] - hits[h][1][0], hits[h][0] - 1) for h in range(h0, hi)):
            line_bits |= _HIT_CUE  # "run by", "fighters are in": a weak word in its construction
        # a paragraph can state control only with a control word, and only about a place it names, refers
        # back to ("the city", "it"), or the place under discussion (denials), or districts listed next
        if (not line_bits & _HIT_CUE or not (line_rows or line_bits & (_HIT_ANAPHOR | _HIT_TOPIC | _HIT_REGION)
                                                 or line_bits & _HIT_LIST and disc.last_list and _LIST_ANAPHOR.search(line))) \
                and not (line_rows and (_list_start(line) or _BULLET.match(line))):
            if line_rows and not is_junk(line):
                for r in line_rows:
                    disc.see(r, True, (line, r["start"] - start))
                _note_list(disc, line_rows, line, start)
            last_skip = ""
            continue
        if is_junk(line):
            continue  # page furniture: nothing read, nothing seen, nothing skipped
        spans = line_spans(line)
        n = len(spans)
        look: dict[int, int] = {}  # sentence index -> bits of its words
        weak_of: dict[int, list[tuple[int, int]]] = {}  # sentence index -> spans of its weak control words
        srows_of: dict[int, list[dict]] = {}  # sentence index -> place rows (a row must lie within its sentence)
        if n == 1:
            a, b = spans[0]
            srows = [r for r in line_rows if r["start"] - start >= a and r["end"] - start <= b]
            if srows:
                srows_of[0] = srows
            if line_bits or srows:
                look[0] = line_bits
        else:
            starts = [a for a, _ in spans]
            for h in range(h0, hi):
                e, (m, bit) = hits[h]
                k = bisect_right(starts, e - m - start) - 1
                if k >= 0 and e - 1 - start <= spans[k][1]:
                    look[k] = look.get(k, 0) | bit
                    if bit & _HIT_WEAK:
                        weak_of.setdefault(k, []).append((e - m, e - 1))
            for r in line_rows:
                k = bisect_right(starts, r["start"] - start) - 1
                if k >= 0 and r["end"] - start <= spans[k][1]:
                    srows_of.setdefault(k, []).append(r)
                    look.setdefault(k, 0)
        heading = None
        # in a paragraph with none of these, _maybe_junk of a sentence is only about how it starts
        maybe = n > 1 and ("(" in line or "[" in line or "http" in line or "www." in line or "hoto" in line)
        done = -1  # last sentence index handled
        for k in sorted(look):
            if k > done + 1:
                last_skip = (line, spans, done + 1, k, last_skip)
            done = k
            a, b = spans[k]
            seg = line[a:b]
            if (n > 1 and (_maybe_junk(seg) if maybe else seg[:3].lower() in _JUNK_STARTS) and is_junk(seg)) \
                    or len(seg) > MAX_SENTENCE_CHARS:
                continue
            srows = srows_of.get(k, [])
            bits = look[k]
            if bits & _HIT_WEAK and not bits & _HIT_CUE and n > 1 and any(_weak_at(text, wa, wb) for wa, wb in weak_of.get(k, ())):
                bits |= _HIT_CUE  # "run by", "fighters are in": a weak word in its construction
            if not bits & _HIT_CUE and not (srows and (_list_start(seg) or _BULLET.match(seg))):
                # no control word: nothing to read here, but the places named are what later
                # "the city" / "the province" can refer back to
                for r in srows:
                    disc.see(r, True, (seg, r["start"] - start - a))
                _note_list(disc, srows, seg, start + a)
                last_skip = seg  # its text is context for the next sentence ("we are in control")
                continue
            if heading is None:
                stripped = line.rstrip()
                heading = stripped[-1:] not in ".!?:;,\"'”’)]" and len(stripped) < 200
            if not srows and not bits & _HIT_ANAPHOR and not (bits & _HIT_LIST and disc.last_list) \
                    and not (bits & _HIT_TOPIC and disc.topic is not None) and not seg.rstrip().endswith(":"):
                # a control word with nothing to say it of (no place, no "the city", no list, no topic):
                # extract_events only counts the sentence and keeps it as context for the next one
                dropped.append(_new_tuple(Sentence, (start + a, start + b, seg, line_no, False, heading)))
                last_skip = None
                continue
            while isinstance(last_skip, tuple):
                last_skip = _last_read(*last_skip)
            yield _new_tuple(Sentence, (start + a, start + b, seg, line_no, False, heading)), srows, bits, last_skip, dropped
            last_skip = None
            if dropped:
                dropped = []
        if n > done + 1:
            last_skip = (line, spans, done + 1, n, last_skip)


def _last_read(line: str, spans: list[tuple[int, int]], i: int, k: int, default: Any) -> Any:
    """Text of the last of the sentences ``i``..``k - 1`` of ``line`` that is prose (``default`` if none)."""
    n = len(spans)
    for m in range(k - 1, i - 1, -1):
        a, b = spans[m]
        seg = line[a:b]
        if not ((n > 1 and _maybe_junk(seg) and is_junk(seg)) or len(seg) > MAX_SENTENCE_CHARS):
            return seg
    return default


_HISTORIC_HINTS = ("0s", "past", "times", "twice", "previous", "once", "ruled", "rule", "last time", "histor", "1990", "decade",
                   "years ago", "soviet", "nineties", "eighties", "seventies")
_HAS_HISTORIC_HINT = _holds_any(_HISTORIC_HINTS)


@lru_cache(maxsize=2048)
def _historic(ctext: str) -> bool:
    low = ctext.lower()
    if not _HAS_HISTORIC_HINT(low):
        return False
    return bool(_HISTORIC_WORDS.search(ctext))


def _usable(row: dict) -> bool:
    if row.get("level") == "country":
        return False
    return bool(row.get("province"))


# patterns of extract_events (compiled once)
_RX_EXTRACT_EVENTS1 = re.compile(r"^\s*[:—–]")
_RX_EXTRACT_EVENTS2 = re.compile(r"[\s,]*(?:(?:as\s+)?well\s+as|along\s+with)\b", _I)
#: what may follow the place of a fact-box label before its colon: a bracket ("Torghundi (Turkmenistan):")
_LABEL_REST = re.compile(r"\s*(?:\([^()]{0,40}\))?\s*")
#: a fact-box label and a predicate without a subject after its colon ("X (Iran): taken by the insurgents in July"),
#: unlike a dateline ("KABUL: The Taliban ...")
_LABEL_PRED = re.compile(r"\s*(?:\([^()]{0,40}\))?\s*:\s+(?:(?:now|still|already|firmly|reportedly)\s+)?"
                         r"(?:in|under|taken|captured|seized|overrun|held|controlled|fell|fallen|retaken|recaptured|besieged|"
                         r"surrounded|lost|handed|contested|occupied|abandoned|surrendered)\b", _I)
#: the attack of the clause before failed ("..., but they were repulsed")
_REPULSED_AFTER = re.compile(r"\s*(?:but\s+|and\s+)?(?:they|it|the\s+(?:attacks?|assaults?|attackers|offensive|advance))\s+"
                             r"(?:were|was|had\s+been|have\s+been)\s+(?:\w+\s+)?(?:repelled|repulsed|pushed\s+back|beaten\s+back|"
                             r"fought\s+off|driven\s+back|thwarted|foiled)\b", _I)
#: "the sixth provincial capital to fall", "the third city to be captured": a count of places that fell
_NTH_TO_FALL = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|latest|last)\s+"
                          r"(?:(?:provincial|regional|major|big|northern|southern|eastern|western)\s+)*(?:(?:capital|city|town|district|province)s?\s+)?"
                          r"to\s+(?:fall|be\s+(?:captured|taken|seized|overrun|lost))\b", _I)
_RX_EXTRACT_EVENTS3 = re.compile(r"^(?:\s+after|,\s+following|,\s+followed\s+(?:(?:soon|shortly|quickly|closely|swiftly|within\s+\w+|in\s+quick\s+succession|(?:on|late\s+on|early\s+on)\s+\w+|the\s+(?:next|following)\s+day|a\s+day\s+later|hours\s+later)\s+)?by)\s+$", _I)
_RX_EXTRACT_EVENTS4 = re.compile(r"\b(?:but|although|though|however|yet)\b", _I)
_RX_EXTRACT_EVENTS5 = re.compile(r"[;:]|,\s+(?:but|while)\b")
_RX_EXTRACT_EVENTS6 = re.compile(r"\s*(?:(?:but|and|yet)\s+)?(?:the|a|an|this|that)\s+((?:\w+\s+){0,2}\w+)", _I)
_RX_EXTRACT_EVENTS7 = re.compile(r"since\b", _I)
_RX_EXTRACT_EVENTS8 = re.compile(r"\bsince\s+$", _I)
_RX_EXTRACT_EVENTS9 = re.compile(r"\s*(?:when|while)\b", _I)
_RX_EXTRACT_EVENTS10 = re.compile(r"\bstill\s+fighting|\bfighting\s+on\b|\bcontinu\w*\s+(?:to\s+fight|fighting)\b", _I)
_OUT_OF_PARTS = re.compile(r".*?\b(?:out\s+of|from)\s+(?:most|many|several|some|much|large\s+parts|parts|a\s+number)\s+(?:of\s+)?(?:the\s+|its\s+)?"
                           r"(?:neighbou?rhoods|quarters|city|town)\b", _I)
_RX_EXTRACT_EVENTS11 = re.compile(r"\b(?:we|they)\s+(?:are|were|remain)\s+(?:still\s+)?in\s+(?:full\s+)?control", _I)
_RX_EXTRACT_EVENTS12 = re.compile(r"\bno\s+(?:\w+\s+)?$", _I)
_RX_EXTRACT_EVENTS13 = re.compile(r"\bhad\s+been\s+(?:\w+\s+)?$", _I)


def extract_events(
    text: str,
    doc: str = "doc",
    date=None,
    places: Sequence[dict] | None = None,
    pack: Any = None,
    url: str | None = None,
    title: str | None = None,
) -> list[dict]:
    """Control-status events of one document, as a list of event rows.

    Parameters
    ----------
    text : str
        The document.
    doc : str
        Its id.
    date : str or datetime.date, optional
        Publication date: relative dates resolve against it and events without
        a date take it.
    places : sequence of dict, optional
        Place rows of this text (from :func:`geoevents.places.find_places`);
        found when not given.
    pack : Pack, optional
        Country pack (default: the default pack).
    url, title : str, optional
        Carried into the rows.

    Returns
    -------
    list of dict
        Rows with the columns of :data:`geoevents.schema.EVENT_COLUMNS` and
        :data:`EXTRA_EVENT_COLUMNS`.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    ref = to_date(date)
    year = ref.year if ref else doc_year(text)
    if places is None:
        places = _find_places(text, doc, pack)
    rows = [r for r in places if r.get("province") and r.get("level") != "country"]  # (see _usable)
    rows.sort(key=itemgetter("start"))
    actors = _actors(pack)
    disc = _Discourse()
    out: list[dict] = []
    prev_stmts: list[_Stmt] = []
    prev_loose: list[_Stmt] = []
    prev_sent: Sentence | None = None
    prev_text = ""
    n_sent = prev_at = 0
    bullets: tuple[_Stmt, int] | None = None  # the statement of a line ending in ":" over a bulleted list, and its line
    for sent, srows, sbits, skipped, dropped in _sentences_to_read(text, rows, disc):
        if dropped:
            # sentences with nothing to read (see _sentences_to_read): counted, and the last is the context
            n_sent += len(dropped)
            if bullets is not None and any(d.line - bullets[1] > 2 or not _BULLET.match(d.text) for d in dropped):
                bullets = None
            prev_sent, prev_text, prev_loose = dropped[-1], dropped[-1].text, []
        n_sent += 1
        if bullets is not None and (sent.line - bullets[1] > 2 or not _BULLET.match(sent.text)):
            bullets = None
        if not srows and sbits & _HIT_CUE and sent.text.rstrip().endswith(":"):
            bullets = _list_head(sent, actors)  # "These districts are under Taliban control:" (the list follows)
        if skipped is not None:  # a paragraph or sentence without a control word came before
            prev_sent, prev_text, prev_loose = None, skipped, []
        anaphor = bool(sbits & _HIT_ANAPHOR)
        lists = bool(sbits & _HIT_LIST) and bool(disc.last_list)
        splaces = _sentence_places(sent, text, srows, disc, pack, anaphor, lists) if srows or anaphor or lists else []
        stmts: list[_Stmt] = []
        held = False
        for hp in splaces:
            if not hp.container and (not hp.excluded or hp.edge or _WHICH.match(text, hp.end) or _APPOS_STATE.match(text, hp.end)):
                held = True
                break
        question = sent.text.rstrip().endswith(_QUESTION_ENDS)
        if held and question:
            held = False  # "Who controls the valley now?": a question states nothing
        # clauses are only needed where a place may be held, or where a place-less denial,
        # hold or capture may speak of the place under discussion or of the next sentence's list
        wanted = held or (disc.topic is not None and bool(sbits & _HIT_TOPIC) and not question)
        if not wanted and not splaces:
            # nothing to read: only what the next sentence may take as context
            prev_loose = []
            prev_sent = sent
            prev_text = sent.text
            continue
        clauses = _clauses(sent.text) if wanted else []
        prev_clause_places: list[_Place] = []
        prev_end = 0
        prev_st: list[_Stmt] = []
        prev_st_main: list[_Stmt] = []  # statements of the clause just before (for "except (for) Y")
        prev_st_here: list[_Stmt] = []
        prev_ca = None
        rel_head: list[_Place] = []  # the places of the clause a relative clause interrupts
        prev_rel = False
        for ca, cb in (clauses if held else ()):
            rel = _REL_OPEN.search(sent.text, max(0, ca - 10), ca) is not None
            relative_to = prev_clause_places
            if rel:
                rel_head = prev_clause_places if prev_ca is not None and not prev_st_here else []
            elif prev_rel and _REL_CLOSE.fullmatch(sent.text, prev_end, ca):
                # "A, which lies south of B, was captured": the main verb after the relative clause has the
                # subject before it (A, or the list ending in A), not the places inside the relative clause
                relative_to = _subject_before(sent.text, sent.start, rel_head)
            prev_rel = rel
            st = _clause_statements(sent.text, sent.start, (ca, cb), splaces, actors, relative_to, prev_text)
            if not st and prev_ca is not None and _RX_EXTRACT_EVENTS1.match(sent.text[prev_end:ca]) and (
                    not prev_st_here or sent.text[prev_end:ca].strip() == ":" and _LIST_AHEAD.search(sent.text, prev_ca, prev_end)):
                # "they took three crossings: A, B and C": the list after a colon or dash is the object
                st = [x for x in _clause_statements(sent.text, sent.start, (prev_ca, cb), splaces, actors, [], prev_text)
                      if ca <= x.place.start - sent.start < cb]
            if not st and prev_ca is not None and not prev_st_here and sent.text[prev_end:ca].strip() == ":" \
                    and not any(ca <= p.start - sent.start < cb for p in splaces):
                # a fact-box line "X (Country): in Taliban hands since July": the label is what the line speaks of
                label = [p for p in splaces if prev_ca <= p.start - sent.start < prev_end and not p.container and not p.excluded
                         and p.row.get("province")]
                # (or a list of them: "Kandahar, Herat, Ghazni: under Taliban control since last week")
                if label and _LABEL_REST.fullmatch(sent.text, label[-1].end - sent.start, prev_end) \
                        and not sent.text[prev_ca:label[0].start - sent.start].strip(" \t-\u2022*") \
                        and all(_LIST_SEP.match(sent.text[a.end - sent.start:b.start - sent.start]) for a, b in zip(label, label[1:])):
                    st = [x for x in _clause_statements(sent.text, sent.start, (prev_ca, cb), splaces, actors, [], prev_text)
                          if any(x.place is q for q in label)]
            if not st and stmts and _RX_EXTRACT_EVENTS2.match(sent.text[prev_end:cb]):
                # "they entered A, where ..., as well as B": B shares the main clause's verb
                base = stmts[0]
                # (without a closing attribution: "..., as well as B on the road to C, officials said")
                said = _SAID_TAIL.search(sent.text, ca, cb)
                cb2 = said.start() if said is not None else cb
                if not _blank(sent.text[ca:cb2], splaces, sent.start + ca, _BARE_WORDS | _AS_WELL_AS_WORDS) or (
                        cb2 - ca <= 80 and not _has_cue_word(sent.text[ca:cb2]) and not re.search(r"[,;:]", sent.text[ca:cb2].rstrip(".!?\"”'’ "))
                        and _NP_HEAD.fullmatch(sent.text, ca, min((p.start - sent.start for p in splaces if ca <= p.start - sent.start < cb), default=ca))):
                    # (also a short noun phrase headed by the place: "as well as the remote Wakhan corridor bordering China",
                    # not "as well as prices in Herat")
                    st = [_Stmt(p, base.cue, "contested" if p.partial and base.status in ("taliban", "resistance") else base.status,
                                base.kind, base.actor, base.confirmed, (ca, cb)) for p in splaces
                          if ca <= p.start - sent.start < cb and not p.container and not p.excluded and not p.anaphor]
            if not st and prev_ca is not None and _LOCATING.match(sent.text, ca) and _RELATIVE_BEFORE.search(
                    sent.text, max(0, ca - 10), ca) and not _find_cues(sent.text[ca:cb], actors):
                # "Clashes were reported near the airport, which is in Guzara, and in Injil": the fight is there
                fights = [c for c in _find_cues(sent.text[prev_ca:prev_end], actors) if c.kind == "fighting"
                          and not _NEGATION.search(sent.text, max(prev_ca, prev_ca + c.start - 25), prev_ca + c.start)]
                if fights:
                    st = [_Stmt(p, fights[0], "contested", "fighting", None, True, (prev_ca, cb)) for p in splaces
                          if ca <= p.start - sent.start < cb and not p.container and not p.excluded]
            if not st and prev_st_here and _AS_ARE.fullmatch(sent.text, prev_end, ca) and _AS_ARE_VERB.match(sent.text, ca):
                # "A is among the districts the Taliban run, as are B and C": the ellipsis repeats the predicate
                base = prev_st_here[-1]
                st = [_Stmt(p, base.cue, base.status, base.kind, base.actor, base.confirmed, (ca, cb)) for p in splaces
                      if ca <= p.start - sent.start < cb and not p.container and not p.excluded and not p.anaphor]
            if not st and prev_st_here and _RX_EXTRACT_EVENTS3.match(sent.text[prev_end:ca]) and all(
                    x.kind == "capture" and x.confirmed for x in prev_st_here):
                # "B is the second city to fall, after A": A fell before it
                bare = [p for p in splaces if ca <= p.start - sent.start < cb and not p.container and not p.excluded]
                if bare and not _blank(sent.text[ca:cb], splaces, sent.start + ca, _BARE_WORDS):
                    base = prev_st_here[-1]
                    st = [_Stmt(p, base.cue, base.status, base.kind, base.actor, True, (ca, cb)) for p in bare]
            if not st and not prev_st_here and prev_ca is not None and _RX_EXTRACT_EVENTS3.match(sent.text[prev_end:ca]) \
                    and _NTH_TO_FALL.search(sent.text, prev_ca, prev_end):
                # "It is the sixth provincial capital to fall in four days, after A, B and C": A, B and C fell before
                falls = [c for c in _find_cues(sent.text[prev_ca:prev_end], actors) if c.kind == "capture"]
                bare = [p for p in splaces if ca <= p.start - sent.start < cb and not p.container and not p.excluded]
                if falls and bare and not _blank(sent.text[ca:cb], splaces, sent.start + ca, _BARE_WORDS):
                    st = [_Stmt(p, falls[0], actors[2], "capture", actors[2], True, (prev_ca, cb)) for p in bare]
            for p in splaces:
                if not (ca <= p.start - sent.start < cb) or p.container or p.anaphor:
                    continue
                m = _APPOS_STATE.match(sent.text, p.end - sent.start)
                if m is None or m.end() > cb:
                    continue
                # (its cue is about X only: "..., now in Taliban hands, and to B" says nothing of B)
                st = [x for x in st if x.place is p or not (m.start() <= x.clause[0] + x.cue.start < m.end())]
                if any(x.place is p for x in st):
                    continue
                # "families left for X, now itself in Taliban hands": the apposition tells the state of X
                # (even of a place named only as a destination)
                q = _Place(p.start, p.end, p.row, p.mention, partial=p.partial)
                st = st + [x for x in _clause_statements(sent.text, sent.start, (p.start - sent.start, m.end()), [q], actors, [],
                                                         prev_text) if x.kind == "hold"]
            if not st and prev_st_here and _GAP_OPEN.fullmatch(sent.text, prev_end, ca) and not _FINITE.search(sent.text, ca, cb):
                # "A was seized in June; B in July; and C in August": a verbless clause after a semicolon
                # repeats the verb of the one before it
                bare = [p for p in splaces if ca <= p.start - sent.start < cb and not p.container and not p.excluded and not p.anaphor]
                base = prev_st_here[-1]
                if bare and _GAPPED.match(sent.text, ca, bare[0].start - sent.start):
                    st = [_Stmt(p, base.cue, base.status, base.kind, base.actor, base.confirmed, (ca, cb)) for p in bare]
            prev_ca, prev_st_here = ca, st
            if not st and prev_st_main and _EXCEPT_BEFORE.search(sent.text, max(0, ca - 12), ca):
                # "the Taliban control all of X except (for) Y": Y is not the side's, and X only in part
                bare = [p for p in splaces if ca <= p.start - sent.start < cb and not p.container and not p.excluded]
                sides = {x.actor if x.kind in ("capture", "surrender", "hold") and x.actor else x.status for x in prev_st_main}
                if bare and len(sides) == 1 and sides <= {"taliban", "resistance"} and not _find_cues(
                        sent.text[ca:cb], actors) and not _blank(sent.text[ca:cb], splaces, sent.start + ca, _BARE_WORDS):
                    other = _other(next(iter(sides)))
                    st = [_Stmt(p, prev_st_main[0].cue, other, "hold", other, prev_st_main[0].confirmed, (ca, cb)) for p in bare]
                    within = {q.row.get("province") for q in bare}
                    for x in prev_st_main:
                        if _AND_EVERY.search(sent.text, (x.place.span or (x.place.start, x.place.end))[1] - sent.start, ca):
                            continue  # "X and every other capital except Y": the exception is of the set, not of X
                        # (only a place that may hold the exception: "Kabul and every capital except Y" leaves Kabul whole)
                        if x.place.row.get("province") in within:
                            x.status = "contested"
            if not st and prev_st and _RX_EXTRACT_EVENTS4.search(sent.text[prev_end:ca + 12]):
                # "X fell, but resistance forces are fighting back": the fight is over X
                ctext = sent.text[ca:cb]
                if not any(ca <= p.start - sent.start < cb and not p.container and not p.excluded for p in splaces):
                    for cue in _find_cues(ctext, actors):
                        if cue.kind in ("fighting", "denial") and not _MODAL_TEST.search(_window(ctext, cue.start - 30, cue.start)):
                            st = [_Stmt(x.place, cue, "contested", cue.kind, None, True, (ca, cb)) for x in prev_st]
                            break
            if not st and prev_st and all(x.kind == "fighting" for x in prev_st) and _REPULSED_AFTER.match(sent.text, ca, cb):
                # "the Taliban attacked X, but they were repulsed": the defenders still hold X
                attacker = _side_of(sent.text[prev_ca if prev_ca is not None else 0:ca], actors, last=True)
                side = _other(attacker) or _other(actors[2])
                if side:
                    for x in prev_st:
                        x.status, x.kind, x.actor = side, "hold", side
            stmts.extend(st)
            prev_end = cb
            prev_st_main = st if st and not _EXCEPT_BEFORE.search(sent.text, max(0, ca - 12), ca) else []
            prev_st = st or prev_st
            here = [p for p in splaces if ca <= p.start - sent.start < cb]
            if here or _EXCEPT_BEFORE.search(sent.text, max(0, ca - 12), ca):
                prev_clause_places = here  # "X fell, except for the airport, where ...": the relative is about the part
        if len(stmts) > 1:
            stmts = _drop_pluperfect_relatives(sent.text, stmts)
        if not stmts and held and bullets is not None:
            # "- Andar" under "These districts are under Taliban control:": the head's statement
            base = bullets[0]
            stmts = [_Stmt(p, base.cue, base.status, base.kind, base.actor, base.confirmed, (0, len(sent.text))) for p in splaces
                     if not p.container and not p.excluded and not p.anaphor]
            bullets = (base, sent.line) if stmts else None
        # a list sentence with no cue of its own ("The districts include A, B and C")
        if not stmts and held and _list_start(sent.text):
            prev_loose = _loose_cues(prev_sent, _clauses(prev_sent.text), [], actors) if prev_sent is not None else []
        if not stmts and held and (prev_loose or prev_stmts) and _list_start(sent.text):
            base = prev_loose[-1] if prev_loose else prev_stmts[-1]
            for p in splaces:
                if not p.container and not p.excluded and not p.anaphor:
                    stmts.append(_Stmt(p, base.cue, base.status, base.kind, base.actor, base.confirmed, (0, len(sent.text))))
        # a denial or "conflicting reports" with no place speaks of the current topic
        if not stmts and disc.topic is not None:
            for ca, cb in clauses:
                ctext = sent.text[ca:cb]
                if any(not p.container and not p.excluded and ca <= p.start - sent.start < cb for p in splaces):
                    continue
                for cue in _find_cues(ctext, actors):
                    opposite = "opposite" in ctext[cue.start:cue.end].lower()
                    if cue.kind == "denial" and not _NEGATION.search(ctext, max(0, cue.start - 15), cue.start) and (
                            _DENIAL_OBJECT.search(ctext) or _DENIAL_PRONOUN.search(ctext)) and (
                            _DENIAL_CONTROL.search(ctext) or opposite or any(not x.confirmed for x in prev_stmts)):
                        # a denial of something else ("rejected reports that he negotiated") needs a claim just before
                        # the statement names no place: its words stand for the place under discussion, or for
                        # every place of the one-sided claim of the last sentence or two ("... A and B. X rejected this.")
                        claimed = _claimed_rows(prev_stmts, opposite) \
                            if n_sent - prev_at <= 2 else []
                        for row in claimed or [disc.topic]:
                            topic = _Place(sent.start + ca + cue.start, sent.start + ca + cue.end, row,
                                           ctext[cue.start:cue.end], anaphor=True)
                            stmts.append(_Stmt(topic, cue, "contested", "denial", None, True, (ca, cb)))
                        break
                    m0 = _RX_EXTRACT_EVENTS6.match(ctext)
                    if m0 and not _side_of(m0.group(1), actors, last=True):
                        break  # "The base remained in government hands": about something else, not the topic
                    if cue.kind == "fighting" and _RX_EXTRACT_EVENTS10.search(ctext):
                        topic = _Place(sent.start + ca + cue.start, sent.start + ca + cue.end, disc.topic,
                                       ctext[cue.start:cue.end], anaphor=True)
                        stmts.append(_Stmt(topic, cue, "contested", "fighting", None, True, (ca, cb)))
                        break
                    if cue.kind == "retake" and _OUT_OF_PARTS.match(ctext, cue.end - 7) and not _NEGATION.search(ctext, 0, cue.start):
                        # "they had been pushed out of most neighbourhoods": the place under discussion is a front line
                        topic = _Place(sent.start + ca + cue.start, sent.start + ca + cue.end, disc.topic,
                                       ctext[cue.start:cue.end], anaphor=True)
                        stmts.append(_Stmt(topic, cue, "contested", "retake", None, True, (ca, cb)))
                        break
                    if cue.kind == "hold" and _NEGATION.search(ctext, 0, cue.start):
                        break  # "Not a single district ... is in government hands": not about the topic
                    if cue.kind == "hold" and (_RX_CLAUSE_STATEMENTS9.search(ctext, 0, cue.start)
                                               or _MODAL_TEST.search(_window(ctext, cue.start - 30, cue.start))):
                        break  # "Whether it can hold out ...": a question or a hope, not a hold of the topic
                    if cue.kind == "hold" and cue.side == "resistance" or (
                            cue.kind == "hold" and _RX_EXTRACT_EVENTS11.search(ctext)):
                        side = cue.side or _side_of(sent.text, actors, last=True) or "resistance"
                        # the statement names no place: its words stand for the place under discussion
                        topic = _Place(sent.start + ca + cue.start, sent.start + ca + cue.end, disc.topic,
                                       ctext[cue.start:cue.end], anaphor=True)
                        stmts.append(_Stmt(topic, cue, side, "hold", side, True, (ca, cb)))
                        break
        if held or any(p.excluded for p in splaces):
            # "Residents of X said fighting continued": people of a place report fighting in it
            for p in splaces:
                if not p.excluded or p.anaphor or any(st.place.row is p.row for st in stmts):
                    continue
                rel = p.start - sent.start
                m = _INHABITANTS.search(sent.text, max(0, rel - 40), rel)
                m2 = _SAID.match(sent.text, p.end - sent.start)
                if not m or m.end() != rel or not m2:
                    continue
                rest = sent.text[m2.end():]
                stop = _RX_EXTRACT_EVENTS5.search(rest)
                rest = rest[:stop.start()] if stop else rest
                if any(q is not p and not q.excluded and not q.container and q.start - sent.start >= m2.end()
                       and q.start - sent.start < m2.end() + len(rest) for q in splaces):
                    continue
                for cue in _find_cues(rest, actors):
                    if cue.kind == "fighting" and not _NEGATION.search(rest, max(0, cue.start - 25), cue.start) \
                            and not _RX_EXTRACT_EVENTS12.search(_window(rest, cue.start - 12, cue.start)) \
                            and not _MODAL_TEST.search(_window(rest, cue.start - 30, cue.start)):
                        c0 = m2.end()
                        stmts.append(_Stmt(p, Cue(cue.start, cue.end, cue.kind, cue.side, cue.direction), "contested",
                                           "fighting", None, True, (c0, c0 + len(rest))))
                        break
        if stmts and prev_stmts:
            # "X is now under Taliban control. The army had been fighting in the city for weeks": background
            stmts = [st for st in stmts if not (
                st.kind == "fighting" and _RX_EXTRACT_EVENTS13.search(sent.text[max(0, st.clause[0] + st.cue.start - 30):st.clause[0] + st.cue.start])
                and any(x.status in ("taliban", "resistance") and x.place.row.get("province") == st.place.row.get("province")
                        and x.place.row.get("district") == st.place.row.get("district") for x in prev_stmts))]
        if len(stmts) > 1:
            stmts = _drop_lead_up_fights(sent.text, stmts)
        # dates, history
        for st in stmts:
            ca, cb = st.clause
            ctext = sent.text[ca:cb]
            dtext = ctext
            if (_TIME_PHRASE_ASCII if sent.text.isascii() else _TIME_PHRASE).search(sent.text, max(0, ca + st.cue.start - 40), ca + st.cue.end + 4):
                # "two months after the fall of X, the opposition is weaker than at any time since 2001": the
                # phrase up to its comma holds the event's date, not the rest of the clause
                comma = ctext.find(",", st.cue.end)
                dtext = ctext[:comma] if comma > 0 else ctext
            near = nearest(_dates(dtext, ref, year), st.cue.start, st.cue.end)
            if near is None and ca:
                # (not from a relative clause just before: "X, which commandos took last month, is again ...")
                rel = _RELATIVE_SPAN.search(sent.text, 0, ca)
                head = sent.text[:rel.start()] if rel is not None and rel.end() >= ca - 2 else sent.text[:ca]
                near = nearest(_dates(head, ref, year), ca + st.cue.start, ca + st.cue.end) if head else None
                if near is not None and near.kind == "historic" and _REL_OPEN.search(sent.text, max(0, ca - 10), ca) \
                        and not _PLUPERFECT.search(ctext):
                    near = None  # "soldiers died there in 2008, in districts all of which fell this summer": the relative is news
            if near is not None and near.kind == "historic" and st.kind == "hold" and (
                    _RX_EXTRACT_EVENTS7.match(ctext[near.start:near.end])
                    or _RX_EXTRACT_EVENTS8.search(_window(ctext, near.start - 8, near.start))):
                near = None  # "under Taliban control since 2019": a hold that lasts until now
            if (near is not None and near.kind == "historic") or _historic(ctext) or (
                    _RX_EXTRACT_EVENTS9.match(sent.text[cb:cb + 8]) and _historic(sent.text[cb:])):
                continue
            edate = near.date if near is not None and near.date is not None else ref
            if edate is not None and ref is not None and edate > ref:
                edate = ref
            p = st.place
            row = p.row
            a, b = p.span or (p.start, p.end)
            out.append({
                "doc": doc,
                "mention": text[a:b],
                "start": int(a),
                "end": int(b),
                "province": row.get("province"),
                "province_code": row.get("province_code"),
                "district": row.get("district") if row.get("level") != "province" else None,
                "status": st.status,
                "kind": st.kind,
                "actor": st.actor,
                "date": edate.isoformat() if edate else None,
                "sentence": sent.text,
                "confirmed": bool(st.confirmed),
                "source": "text",
                "url": url,
                "title": title,
                "lat": row.get("lat"),
                "lon": row.get("lon"),
                "level": row.get("level"),
            })
        if out and stmts:
            emitted = [e for e in out[-len(stmts):] if e["sentence"] == sent.text]
            local = [st.place.row for st in stmts if st.place.row.get("level") != "province" and st.place.row]
            if emitted:
                disc.topic = local[0] if local else stmts[0].place.row
                disc.topic_pos = sent.end
        salient = not _CONTINUES_TOPIC.match(sent.text)
        for p in splaces:
            if not p.anaphor and not p.excluded and (not p.container or p.row.get("level") == "province"):
                disc.see(p.row, salient)
        prev_loose = []
        prev_sent = sent
        prev_text = sent.text
        if stmts:
            prev_stmts = stmts
            prev_at = n_sent
    if "\n" in text:
        for row, line, when, status, actor in _timeline_events(text, rows, actors, ref, year):
            when = when or ref
            out.append({
                "doc": doc, "mention": text[row["start"]:row["end"]], "start": int(row["start"]), "end": int(row["end"]),
                "province": row.get("province"), "province_code": row.get("province_code"),
                "district": row.get("district") if row.get("level") != "province" else None,
                "status": status, "kind": "capture" if status == actor else "retake", "actor": actor,
                "date": when.isoformat() if when else None, "sentence": line, "confirmed": True, "source": "text",
                "url": url, "title": title, "lat": row.get("lat"), "lon": row.get("lon"), "level": row.get("level"),
            })
    if len(out) > 1:
        out = _drop_outdated_holds(out, text.find("\n"))
    return out


#: words that date a statement before the document's news ("officials said earlier", "had insisted")
_EARLIER = re.compile(r"\b(?:earlier|previously|before\s+(?:the|its|it)\s+(?:fall|fell|capture)|at\s+the\s+time|"
                      r"had\s+(?:\w+\s+)?(?:insisted|said|claimed|maintained|stressed|vowed|told))\b", _I)
#: words that put a statement after the ones before it ("hours later, the Taliban seized the city")
_LATER = re.compile(r"\b(?:later|eventually|ultimately|subsequently|finally|by\s+(?:the\s+)?(?:evening|night|nightfall|afternoon|morning))\b", _I)


_NOW = re.compile(r"\bnow\b", _I)


def _drop_outdated_holds(out: list[dict], headline_end: int = -1) -> list[dict]:
    """Events without the statements that the same document says were overtaken (same place, same date).

    - "Taliban seize X ... X was still in government hands, officials said earlier": a hold told as earlier
      news, or told before a capture that comes "later" or that the headline (the first line) states, is the
      state before a confirmed capture (or surrender) by the other side, not a rival claim of the same day;
    - a fight told before a confirmed hold stated as the present state ("X is now under Y control") is over;
    - a confirmed capture told as coming "later" ("later recaptured", "eventually fell") ends whatever the
      text said of the place before it.
    """
    seen: dict[tuple, int] = {}
    for e in out:
        k = (e["province"], e["district"], e["date"])
        seen[k] = seen.get(k, 0) + 1
    if all(n == 1 for n in seen.values()):
        return out  # no place stated twice on a day: nothing can overtake anything
    caps = [e for e in out if e["kind"] in ("capture", "surrender") and e["confirmed"] and e["status"] in ("taliban", "resistance")
            and seen[(e["province"], e["district"], e["date"])] > 1]
    drop = set()
    # "The attack on X was beaten off ... The city is fully under the control of the security forces now": a fight
    # told before a confirmed hold stated as the present state ("now") of the same place and day is over
    nows = [e for e in out if e["kind"] == "hold" and e["confirmed"] and e["status"] in ("taliban", "resistance")
            and seen[(e["province"], e["district"], e["date"])] > 1 and "ow" in e["sentence"] and _NOW.search(e["sentence"])]
    for i, e in enumerate(out):
        if e["kind"] == "fighting" and any(
                n["start"] > e["start"] and n["sentence"] != e["sentence"]
                and (n["province"], n["district"], n["date"]) == (e["province"], e["district"], e["date"]) for n in nows):
            drop.add(i)
    # "Militias pushed the Taliban out of A ... The Taliban later recaptured it": a capture told as coming later
    # ends whatever the text said of the place before it on that day
    lates = [e for e in out if e["kind"] in ("capture", "surrender", "retake", "hold") and e["confirmed"]
             and e["status"] in ("taliban", "resistance") and seen[(e["province"], e["district"], e["date"])] > 1
             and _LATER.search(e["sentence"])]
    for i, e in enumerate(out):
        if any(c["start"] > e["start"] and c["sentence"] != e["sentence"] and c["status"] != e["status"]
               and (c["province"], c["district"], c["date"]) == (e["province"], e["district"], e["date"]) for c in lates):
            drop.add(i)
    if not caps:
        return [e for i, e in enumerate(out) if i not in drop] if drop else out
    for i, e in enumerate(out):
        if e["kind"] != "hold" or e["status"] not in ("taliban", "resistance"):
            continue
        for c in caps:
            if (c["province"], c["district"], c["date"]) != (e["province"], e["district"], e["date"]) or c["status"] == e["status"]:
                continue
            headline = 0 <= c["start"] < headline_end and not c["sentence"].rstrip().endswith((".", "!", "?", '"', "”"))
            if headline or _EARLIER.search(e["sentence"]) and not _EARLIER.search(c["sentence"]) or (
                    c["start"] > e["start"] and c["sentence"] != e["sentence"] and _LATER.search(c["sentence"])):
                drop.add(i)
                break
    return [e for i, e in enumerate(out) if i not in drop] if drop else out


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
#: a line of a dated list: "Aug 8 - Kunduz, Taloqan", "12 August: Ghazni"
_TIMELINE_LINE = re.compile(
    rf"\n[ \t]*(?:[-•*][ \t]*)?(?:{_MONTHS}[ \t]+\d{{1,2}}|\d{{1,2}}[ \t]+{_MONTHS})(?:,?[ \t]+\d{{4}})?[ \t]*[-–—:|][ \t]*(?=\S)",
    re.I)
_TIMELINE_LINE_LOW = _case_free(_TIMELINE_LINE)
#: a heading that says the places listed under it changed hands
_TIMELINE_HEADING = re.compile(r"\b(?:fell|falls?|fallen|toppl\w+|captur\w+|seiz\w+|taken|took|conquer\w*|overr\w+|lost|"
                               r"collapse\w*|surrender\w*)\b", re.I)


#: a bulleted line ("— Kunduz and Taloqan on Aug. 8", "* Ghazni")
_BULLET_LINE = re.compile(r"\n[ \t]*[-\u2013\u2014\u2022*][ \t]+(?=\S)")
#: the end of a line's first sentence ("Aug 12 - Ghazni and Herat. In Herat, ...")
_SENT_STOP = re.compile(r"[.!?](?=\s+[A-Z\"\u201c])")
#: a place named as where another one is ("in Jowzjan", "capital of Nimroz")
_LOCATED_BEFORE = re.compile(r"\b(?:in|of|at|near|outside|from|to|toward|towards)\s+(?:the\s+)?$", _I)


def _timeline_events(text: str, rows: list[dict], actors, ref, year) -> list[tuple[dict, str, Any, str, str]]:
    """Places on the dated lines of a fact box under a heading about captures ("TIMELINE: HOW THE CITIES FELL").

    Each place of a line "Aug 8 - Kunduz, Taloqan (Takhar)" changed hands on that line's date; a name in
    brackets right after a place only locates it.  Returns ``(row, line, date, status, actor)`` tuples.
    """
    out = []
    matches = list(_finditer_folded(_TIMELINE_LINE, _TIMELINE_LINE_LOW, text))  # (only their spans are read)
    bullets = set()
    if "\n" in text and ("\u2014" in text or "\u2022" in text or "\n-" in text or "\n*" in text):
        # bulleted lines under a heading that ends with a colon ("... the capitals that have fallen:")
        for b in _BULLET_LINE.finditer(text):
            if not any(m.start() == b.start() for m in matches):
                matches.append(b)
                bullets.add(b.start())
        matches.sort(key=lambda m: m.start())
    if len(matches) < 2:
        return out
    heading_ok: dict[int, tuple[str | None, bool]] = {}
    for m in matches:
        line_start = m.start() + (text[m.start()] == "\n")
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        # the heading: the nearest line above that is not itself a dated line
        head_end = line_start - 1
        while head_end > 0:
            head_start = text.rfind("\n", 0, head_end) + 1
            head = text[head_start:head_end]
            if not head.strip():
                head_end = head_start - 1
                if head_end <= 0:
                    break
                continue
            if _TIMELINE_LINE.match("\n" + head) or _BULLET_LINE.match("\n" + head):
                head_end = head_start - 1
                continue
            break
        else:
            head = ""
        if head_end not in heading_ok:
            good = len(head) < 200 and bool(_TIMELINE_HEADING.search(head)) and not head.rstrip().endswith(".") \
                and not re.search(r"\bre-?(?:took|taken|captur\w+|gain\w*)|\bwon\s+back", head, _I)
            heading_ok[head_end] = good
        good = heading_ok[head_end]
        if m.start() in bullets and (not head.rstrip().endswith(":") or _MODAL_TEST.search(head) or _NEGATION.search(head)):
            good = False  # a bulleted list speaks of its heading's places only under "...:" that states a fall
        if not good:
            continue
        found = _dates(text[line_start:m.end()], ref, year)
        when = next((d.date for d in found if d.date is not None), None)
        if when is not None and ref is not None and when > ref:
            when = ref
        line = text[line_start:line_end]
        # the line's first sentence lists the places; what follows it is told as prose (and read as such)
        stop = _SENT_STOP.search(text, m.end(), line_end)
        list_end = stop.start() + 1 if stop else line_end
        listed = text[m.end():list_end]
        if m.start() in bullets:
            # a bullet's date is in its text ("— Kunduz and Taloqan, all on Aug. 8"), else none
            found = _dates(listed, ref, year)
            when = next((d.date for d in found if d.date is not None), None)
            if when is not None and ref is not None and when > ref:
                when = ref
        if not _CUE_WORDS.isdisjoint(_words(listed)) and any(
                c.kind in ("capture", "retake", "surrender", "denial") or c.side is not None for c in _find_cues(listed, actors)):
            continue  # "Aug 10 - Government retakes Kunduz": the line says it itself (read as a sentence)
        placed = [r for r in rows if m.end() <= r["start"] < list_end]
        status = actor = actors[2]  # "... toppled a government": the capturer took the places listed
        for i, r in enumerate(placed):
            if i and re.fullmatch(r"\s*\(\s*", text[placed[i - 1]["end"]:r["start"]]):
                continue  # "Zaranj (Nimroz)": the bracket locates Zaranj
            if i and (_LOCATED_BEFORE.search(text, max(m.end(), r["start"] - 40), r["start"])
                      or _not_held_before(text[max(m.end(), r["start"] - 80):r["start"]])):
                continue  # "Sheberghan in Jowzjan", "Pul-e-Khumri, on the highway north of Kabul": where it is
            out.append((r, line.strip(), when, status, actor))
    return out




def clear_caches() -> None:
    """Forget cached cue, clause and date look-ups (for benchmarks; they are pure)."""
    _find_cues_cached.cache_clear()
    _clauses.cache_clear()
    _dates.cache_clear()
    _historic.cache_clear()
    _speaker_side.cache_clear()
    _not_held_before.cache_clear()
    _side_of.cache_clear()
    _cue_actor.cache_clear()
    _charge_denied.cache_clear()


def _none_for_na(col: pd.Series) -> list:
    """The values of ``col`` as Python objects, None for a missing value (NaN, NA, NaT)."""
    if col.dtype.kind == "O":  # strings (pandas' str columns) and objects: missing values become None on the way
        try:
            vals = col.array.to_numpy(dtype=object, na_value=None).tolist()
            if not any(v != v for v in vals if type(v) is float):
                return vals
        except (TypeError, ValueError):
            pass
    vals = col.tolist()
    if col.hasnans:
        na = col.isna().tolist()
        vals = [None if n else v for v, n in zip(vals, na)]
    return vals


#: Documents whose places :func:`events` finds before reading their events.
_CHUNK = 32


def _empty_frame():
    import geopandas as gpd

    cols = EVENT_COLUMNS + EXTRA_EVENT_COLUMNS
    return gpd.GeoDataFrame(pd.DataFrame(columns=cols), geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def events(docs: Any, pack: Any = None, places: pd.DataFrame | Iterable[dict] | None = None):
    """Every control-status event in ``docs``, one row per statement.

    Parameters
    ----------
    docs : str, list of str or pandas.DataFrame
        Documents (see :func:`geoevents.docs.as_docs`): a DataFrame with
        ``id``, ``text`` and optionally ``date``, ``url``, ``title``.
    pack : Pack, optional
        Country pack used to find places (default: the default pack).
    places : DataFrame or iterable of dict, optional
        Place rows already found for these documents (column ``doc`` matching
        the document ids); found with :func:`geoevents.places.find_places`
        when not given.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geoevents.schema.EVENT_COLUMNS` then ``confirmed``,
        ``source``, ``url``, ``title``, ``lat``, ``lon``, ``level`` and a
        Point ``geometry`` (EPSG:4326, None when the place has no coordinates).

    Examples
    --------
    >>> ev = events("Kunduz fell to the Taliban on Sunday.")
    >>> ev[["mention", "status", "kind"]].values.tolist()
    [['Kunduz', 'taliban', 'capture']]
    """
    import geopandas as gpd

    from .docs import as_docs
    from .places import _gc_paused

    frame = as_docs(docs)
    by_doc: dict[str, list[dict]] | None = None
    if places is not None:
        if isinstance(places, pd.DataFrame) and places.columns.is_unique:
            # the rows of to_dict("records"), built column by column (several times faster)
            # (a missing value is None, as in the rows of find_places: a frame's str columns hold NaN)
            cols = list(places.columns)
            prows = [dict(zip(cols, vals)) for vals in zip(*(_none_for_na(places[c]) for c in cols))]
        elif isinstance(places, pd.DataFrame):
            prows = places.to_dict("records")
        else:
            prows = list(places)
        by_doc = {}
        for r in prows:
            by_doc.setdefault(str(r.get("doc")), []).append(r)
    rows: list[dict] = []
    recs = list(frame.itertuples(index=False))
    with _gc_paused():
        for k in range(0, len(recs), _CHUNK):
            chunk = recs[k:k + _CHUNK]
            if by_doc is not None:
                found = [by_doc.get(str(rec.id), []) for rec in chunk]
            else:
                # the places of a few documents first, then their events: each pass keeps its own data in the
                # processor's caches (the gazetteer's, then the event reader's), which costs less than alternating
                found = [_find_places(rec.text, str(rec.id), pack) if isinstance(rec.text, str) and rec.text.strip() else []
                         for rec in chunk]
            for rec, doc_places in zip(chunk, found):
                rows.extend(
                    extract_events(
                        rec.text,
                        doc=str(rec.id),
                        date=rec.date,
                        places=doc_places,
                        pack=pack,
                        url=getattr(rec, "url", None),
                        title=getattr(rec, "title", None),
                    )
                )
    if not rows:
        out = _empty_frame()
        out.attrs["geoevents"] = "events"
        return out
    df = pd.DataFrame(rows, columns=EVENT_COLUMNS + EXTRA_EVENT_COLUMNS)
    lat = pd.to_numeric(df["lat"], errors="coerce")
    lon = pd.to_numeric(df["lon"], errors="coerce")
    geom = gpd.points_from_xy(lon, lat, crs="EPSG:4326")
    missing = (lat.isna() | lon.isna()).to_numpy()
    if missing.any():
        geom[missing] = None  # no point for a place without coordinates
    out = gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")
    out.attrs["geoevents"] = "events"
    return out


# the rule patterns most often run on short windows, compiled for ASCII text (:func:`geoevents.sentences._ascii`:
# the same matches on a text with ``text.isascii()``, found faster; the long case-free twins are compiled when
# first needed, see _A)
_ACCUSED_ASCII = _ascii(_ACCUSED)
_AVOIDED_ASCII = _ascii(_AVOIDED)
_DATELINE_HEAD_ASCII = _ascii(_DATELINE_HEAD)
_DIGIT_ASCII = _ascii(_DIGIT)
_EXPECTED_ASCII = _ascii(_EXPECTED)
_NEGATION_ASCII = _ascii(_NEGATION)
_PAST_PREP_ASCII = _ascii(_PAST_PREP)
_RX_CLAUSE_STATEMENTS1_ASCII = _ascii(_RX_CLAUSE_STATEMENTS1)
_RX_CLAUSE_STATEMENTS10_ASCII = _ascii(_RX_CLAUSE_STATEMENTS10)
_RX_CLAUSE_STATEMENTS4_ASCII = _ascii(_RX_CLAUSE_STATEMENTS4)
_RX_CLAUSE_STATEMENTS5_ASCII = _ascii(_RX_CLAUSE_STATEMENTS5)
_RX_CLAUSE_STATEMENTS8_ASCII = _ascii(_RX_CLAUSE_STATEMENTS8)
_RX_LEFT_BY_ASCII = _ascii(_RX_LEFT_BY)
_TIME_PHRASE_ASCII = _ascii(_TIME_PHRASE)
_YET_TO_ASCII = _ascii(_YET_TO)
