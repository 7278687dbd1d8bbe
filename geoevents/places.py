"""Find place mentions in text and resolve them, offline, to gazetteer entries.

How a mention is found
    The text is normalised (:mod:`geoevents.text`: diacritics, curly quotes,
    zero-width marks...) with a map back to original offsets.  Runs of
    capitalised words (joined by spaces, hyphens and the particles of Persian
    compound names: ``Mazar-e Sharif``, ``Dara-i-Sufi``) and runs of
    Arabic-script words are the candidates; within a run the longest window of
    words whose transliteration key (:func:`geoevents.text.name_key`) is a
    gazetteer name wins, else a window whose consonant skeleton and spelling
    are close to a province, district, town or area name.  Lower-case words
    never match in English prose.

How it is resolved
    From the words around it (``X district``, ``X province``, ``the X valley``,
    ``village of X``, ``in X``, ``<foreign place>'s X``), the other places of the
    same document (their provinces vote, nearer ones count more), and priors
    (admin level, population).  A village matches only on strong evidence (the
    word village, or a preposition plus its district or province named nearby),
    short names and English words only with a level word or their province in
    context, names inside longer proper nouns (``Arif Kakar``) not at all; names of
    peoples and movements that look like places (the pack's ``not_places`` words:
    "Hazara", "Wardak") only with a level word, or a province after a preposition.
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import math
import re
import warnings
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from .gazetteer import PARTICLES, Entry, Gazetteer, load_gazetteer, plain_key
from .text import name_key, normalize, skeleton

__all__ = ["places", "find_places"]

#: Names whose key has at most this many letters need corroboration (level word or context),
#: unless written with at least two letters more ("Nawur", key "nur", is a name; "Noor" is a word).
SHORT_NAME = 3
#: Longest window of words tried as one name.
MAX_WORDS = 7

# A token: a capitalised word (with an inner apostrophe as in Qal'eh), a dotted
# acronym (U.S.), an Arabic-script word, or a lower-case particle of a compound name.
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|[A-Z][A-Za-z0-9\u00c0-\u024f\u0400-\u04ff\u0370-\u03ff]*(?:'[a-z]{2,}[a-z]*)?"
    r"|[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff][\u0621-\u065f\u066e-\u06d3\u06fa-\u06ff]*"
    r"|(?<=[A-Za-z]-)(?:e|i|ye|yi|ul|us|ol|os|al|ud|ur)(?=[\s-])"
    r"|(?<=[A-Za-z] )(?:e|i|wa|va|o)(?= [A-Z])"
)
_GAP = re.compile(r"[ \t]{0,2}-?[ \t]{0,2}\Z")

_KW_AFTER = re.compile(
    r"(?:'s)?[ \t]*-?[ \t]*(districts?|provinces?|city|town|valley|villages?|pass|gorge|airport|"
    r"air ?base|airfield|border crossing|crossing|port|dam|river|region|capital|area|"
    r"wuleswali|woluswali|county|state|oblast)\b",
    re.I,
)
_KW_BEFORE = re.compile(
    r"\b(province|district|city|town|villages?|valley|capital|provincial capital|region)\s+of\s+(?:the\s+)?\Z",
    re.I,
)
_PREP_BEFORE = re.compile(
    r"\b(in|near|at|from|of|to|into|outside|around|toward|towards|across|via|through|captured|"
    r"seized|took|taken|entered|overran|reached|between|and|northern|southern|eastern|western|"
    r"central|neighbouring|neighboring|include|includes|included|including|namely)\s+(?:the\s+)?\Z"
    r"|,\s*\Z",
    re.I,
)
_NO_PROVS: frozenset = frozenset()
_NO_POS: frozenset = frozenset()
_POSSESSIVE = re.compile(r"'s\s+(?:the\s+)?")
_OF_IN = re.compile(r"\s*(?:districts?|provinces?|region)?\s*(?:of|in)\s+(?:the\s+)?", re.I)
_PREPS = frozenset("""in near at from of to into outside around toward towards across via through captured seized
took taken entered overran reached between and northern southern eastern western central neighbouring
neighboring include includes included including namely""".split())
_STRICT_PREPS = frozenset("in near at from to into outside around of".split())
_KW_BEFORE_WORDS = frozenset("province district city town village villages valley capital region".split())
_TITLES = frozenset("""mr mrs ms dr gen general gov governor commander cmdr mullah mawlawi maulvi haji sheikh ustad
marshal president minister colonel col lt capt captain sgt major maj brig senator spokesman spokeswoman
spokesperson journalist reporter correspondent named chief leader""".split())
_TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|General|Gov|Governor|Commander|Cmdr|Mullah|Mawlawi|Maulvi|Haji|Sheikh|"
    r"Ustad|Marshal|President|Minister|Colonel|Col|Lt|Capt|Captain|Sgt|Major|Maj|Brig|Senator|"
    r"spokesman|spokeswoman|spokesperson|journalist|reporter|correspondent|named|"
    r"chief|leader|commander|general|governor|mullah)\.?\s+\Z"
)
_SENT_END = re.compile(r"[.!?\n][\"')\]]?\s")

#: Capitalised words that may precede a place in the same run without making it
#: part of a longer proper noun (sentence starts, directions, level words...); the pack's
#: country names and demonyms are added per pack (``Gazetteer.free_before``).
_FREE_BEFORE = frozenset("""
the in on at from to of and but or as by for with near into across after before since while when where
meanwhile also both northern southern eastern western central north south east west northeast northwest
southeast southwest upper lower greater province district city capital valley village
taliban government provincial northeastern northwestern southeastern southwestern remote restive strategic
key neighbouring neighboring nearby then now today yesterday monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november december
once even if though although however thus still only yet so a an this that these those all most some many
several other another its his her their our my your which who whom whose what during through over under
between against among around outside inside beyond toward towards via per about amid despite including
according reports report reported residents local officials sources security forces fighters troops
""".split())

#: Capitalised words after a name that continue it as a place (or are harmless).
_FREE_AFTER = frozenset("""
district districts province provinces city town valley village villages pass gorge airport airbase airfield
base border crossing port dam river region capital area highway road bridge center centre
taliban government police governor officials forces army residents
""".split())

#: Common English words that are also place names somewhere: they match only with a
#: level word next to them or their province named in the document.
ENGLISH_WORDS = frozenset("""
now bar bala dand kot bak chal kang reg tani nari kama obe argo giro dara nawa farsi shamal daman sabri
mizan dila kakar shinwar shinwari sayyad khan noor nur ali shah said hazrat imam sultan khwaja abad deh bagh
bazar qala kala sar pul dasht tag tor spin sur surkh sang sia kuh koh band bandar mir malik mullah haji
gul gula nawabad markaz markazi center central new old big little great small long short top red black white
green blue gold silver iron stone rock lake sea bay port fort camp base hill hills mount mountain mountains
river valley pass gate bridge road street square market park garden airport station house hall tower wall
palace mosque church school college university hospital office court prison police army force forces
may march june july august april january february september october november december monday tuesday
wednesday thursday friday saturday sunday god allah islam islamic muslim muslims
us it is as at be by do go he if in me my no of on or so to up we an am
all and any are but can did for get got had has her him his how its let man men not one our out own see
she the too two use was way who why yes yet you war day days year years time times people said says
""".split())


# --------------------------------------------------------------------------- matching
class _Cand:
    """A candidate mention.  ``toks`` are the (start, end, word) tokens of its run, with
    offsets relative to ``base`` (shared with the run cache, so never copied)."""

    __slots__ = ("s", "e", "ids", "exact", "toks", "base", "i", "j", "entry", "score",
                 "kw_after", "kw_before", "prep", "mention_end", "pool", "st", "s0")

    def __init__(self, s, e, ids, exact, toks, base, i, j, st=None, s0=None):
        self.s, self.e, self.ids, self.exact = s, e, ids, exact
        self.toks, self.base, self.i, self.j = toks, base, i, j
        self.st = st  # _Static of the name (None for rows made up by _unlisted)
        self.s0 = s if s0 is None else s0  # start before an honorific was joined to the name
        self.entry: Entry | None = None
        self.score = 0.0
        self.kw_after = None
        self.kw_before = None
        self.prep = False
        self.mention_end = e
        self.pool: list[Entry] = []


_WORD = (r"(?:(?:[A-Z]\.){2,}"
         r"|[A-Z][A-Za-z0-9\u00c0-\u024f\u0400-\u04ff\u0370-\u03ff]*(?:'[a-z]{2,}[a-z]*)?"
         r"|[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff][\u0621-\u065f\u066e-\u06d3\u06fa-\u06ff]*)")
_SEP = r"(?:[ \t]{1,2}|[ \t]?-[ \t]?)"
# a run: capitalised or Arabic-script words joined by spaces, single hyphens and the
# particles of compound names ("Mazar-e Sharif", "Dara-i-Sufi Bala", "Kuran wa Munjan")
# (found with a loose word pattern, which is fast; _IN_RUN then splits a run into exact tokens)
_LOOSE_WORD = r"[A-Z\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff][\w'\u0621-\u06ff]*"
_ACRONYM = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}")  # U.S., U.K. (dots are not part of runs)
# (at most 24 words: names are short, and a hostile text of capitals must not make one huge run)
_RUN = re.compile(_LOOSE_WORD + r"(?:" + _SEP + r"(?:(?:e|i|ye|yi|ul|us|ol|os|al|ud|ur|wa|va|o)" + _SEP
                  + r")?" + _LOOSE_WORD + r"){0,23}")
_IN_RUN = re.compile(_WORD + r"|(?<=[-\s])(?:e|i|ye|yi|ul|us|ol|os|al|ud|ur|wa|va|o)(?=[-\s])")


def _runs(text: str):
    """Yield lists of (start, end, token) of capitalised/Arabic words joined by name gaps."""
    for m in _RUN.finditer(text):
        s, e = m.span()
        w = m.group()
        if " " in w or "-" in w or "\t" in w:
            yield [(s + t.start(), s + t.end(), t.group()) for t in _IN_RUN.finditer(w)]
        else:
            yield [(s, e, w)]


#: Particles that join the words of a Persian compound name (izafe: "Qala-e-Naw", "Jabal-us-Siraj");
#: "wa"/"o" ("and") are not among them.
_IZAFE = frozenset({"e", "i", "ye", "yi", "ul", "ol", "us", "os", "al", "ud", "ur"})


def _is_particle(tok: str) -> bool:
    return tok in PARTICLES


def _usable(tok: str) -> bool:
    """Latin words must be pure ASCII after normalisation (no look-alike letters)."""
    if tok.isascii():
        return True
    return not any(c.isalpha() and not ("\u0600" <= c <= "\u06ff") and not c.isascii() for c in tok)


_RUN_CACHE_MAX = 200_000
# the same run pattern for ASCII text (no Arabic-script ranges: a simpler, faster scan)
_LOOSE_ASCII = r"[A-Z][A-Za-z0-9_']*"
_RUN_ASCII = re.compile(_LOOSE_ASCII + r"(?:" + _SEP + r"(?:(?:e|i|ye|yi|ul|us|ol|os|al|ud|ur|wa|va|o)" + _SEP
                        + r")?" + _LOOSE_ASCII + r"){0,23}")
# every acronym ("U.S.") holds a dot, a capital and a dot: a literal-led pattern finds that fast
_ACRONYM_HINT = re.compile(r"\.[A-Z]\.")


class _Static(NamedTuple):
    """What a matched name implies regardless of the document (cached per name)."""

    s: int          # start in the run after an honorific ("Sultan Ishkashim")
    i: int          # first token after that adjustment
    mention: str
    key: str
    kinds: "_Kinds"
    is_caps: bool
    english: bool   # an English word (corroboration needed)
    not_place: bool
    anchor: str | None    # province this mention anchors in pass 1
    district: str | None  # district this mention names (for "named elsewhere")
    fast: bool      # the document-independent conditions of the fast path hold
    lane: int = 0   # _SLOW, _FAST, _COUNTRY, _FOREIGN or _VILLAGES: which resolution path applies
    drop: bool = False   # (_FOREIGN) never a place, whatever the context
    minor: bool = False  # (_FOREIGN) a minor foreign town: needs a preposition or a level word
    longer: int = 0  # the words of its run around it make it part of a longer proper noun:
    #                  2 surely, 1 unless the run starts a sentence, 3 to be tested in the
    #                  document, 0 not (see _longer_in_run)


#: Lanes of a candidate, from what its name can be (see _static):
#: the general rules; one province of the pack's places; a country's name with no place of
#: the pack so named; only foreign places other than countries; only the pack's villages.
_SLOW, _FAST, _COUNTRY, _FOREIGN, _VILLAGES = 0, 1, 2, 3, 4


def _static(w: str, tokens, s: int, e: int, ids: tuple, exact: bool, i: int, gaz: Gazetteer) -> _Static:
    if i > 0 and tokens[i - 1][2].lower() in _HONORIFICS:
        # an honorific written before a name belongs to it ("Sultan Ishkashim", "Hazrat-e Sultan")
        i -= 1
        s = tokens[i][0]
    mention = w[s:e]
    key = name_key(mention)
    k = _classify(ids, gaz)
    low = mention.lower()
    is_caps = mention.isupper() and len(mention) > 3
    english = low in ENGLISH_WORDS
    not_place = low in gaz.not_places
    long = len(key) > SHORT_NAME or len(mention) > SHORT_NAME + 1
    anchor = k.anchor if (k.anchor and (exact or k.n_local == 1) and long and not english) else None
    district = k.district if (k.district and long) else None
    fast = k.fast is not None and exact and long and not is_caps and not english and not not_place
    lane, drop, minor = _SLOW, False, False
    if fast:
        lane = _FAST
    elif not k.local and k.country is not None:
        lane = _COUNTRY
    elif not k.local and not k.foreign and k.villages:
        lane = _VILLAGES
    elif not k.local and not k.villages and k.foreign:
        # what the general rules decide for a foreign town, less the words around it
        lane = _FOREIGN
        prev_tok = tokens[i - 1][2] if i > 0 else None
        inside = prev_tok is not None and prev_tok not in PARTICLES \
            and prev_tok.lower() not in gaz.free_before and not is_caps
        drop = len(key) <= 2 or (english and not is_caps) or inside or not_place
        b = k.best_foreign
        minor = (b.population or 0) < 1_000_000 and b.level == "city" and b.prior < 0.9
    return _Static(s, i, mention, key, k, is_caps, english, not_place, anchor, district, fast, lane, drop, minor)


def _match_text(ntext: str, gaz: Gazetteer) -> list[_Cand]:
    """Candidate mentions in a normalised text (runs of words matched against the index).

    A run's matches depend on its text alone, so they are cached per process:
    names and the capitalised words around them repeat across news articles.
    The runs are listed by one C-level scan (``findall``); runs known to hold no
    name are skipped by a set lookup, and only the rest are located in the text
    (each run starts at the first occurrence of its text after the previous run:
    no run can start earlier, since any capital there would have started one).
    """
    cache = gaz.memo("runs")
    nohit = gaz.memo("nohit")
    runs = (_RUN_ASCII if ntext.isascii() else _RUN).findall(ntext)
    hits = [n for n, w in enumerate(runs) if w not in nohit]
    out: list[_Cand] = []
    if hits:
        if len(cache) > _RUN_CACHE_MAX:
            cache.clear()
        if len(nohit) > _RUN_CACHE_MAX:
            nohit.clear()
        find = ntext.find
        append = out.append
        pos = 0
        n_at = 0
        for n in hits:
            w = runs[n]
            hit = cache.get(w)
            if hit is None:
                hit = _match_run(w, gaz)
                if not hit[1]:
                    nohit[w] = True
                    continue
                tokens, found = hit
                statics = [_static(w, tokens, f[0], f[1], f[2], f[3], f[4], gaz) for f in found]
                statics = _longer_in_run(w, tokens, found, statics, gaz.free_before)
                hit = cache[w] = (tokens, tuple(f + (st,) for f, st in zip(found, statics)))
            tokens, found = hit
            while n_at < n:  # locate the runs before this one
                r = runs[n_at]
                pos = find(r, pos) + len(r)
                n_at += 1
            base = find(w, pos)
            pos = base + len(w)
            n_at = n + 1
            for s, e, ids, exact, i, j, st in found:
                append(_Cand(base + st.s, base + e, ids, exact, tokens, base, st.i, j, st, base + s))
    if _ACRONYM_HINT.search(ntext) is not None:
        more = []
        for m in _ACRONYM.finditer(ntext):
            tok = m.group()
            ids = gaz.world.get(plain_key(tok)) or gaz.exact.get(name_key(tok))
            if ids:
                run = [(0, len(tok), tok)]
                st = _static(tok, run, 0, len(tok), ids, True, 0, gaz)
                more.append(_Cand(m.start(), m.end(), ids, True, run, m.start(), 0, 1, st, m.start()))
        if more:
            out = sorted(out + more, key=lambda c: c.s0)
    return out


def _longer_in_run(w: str, tokens, found, statics: list, free: frozenset = _FREE_BEFORE) -> list:
    """Set ``longer`` of each match of a run: what :func:`_in_longer_name` finds from the run alone.

    The words before and after a name within its run, and the other matches of the
    run, are the same wherever the run occurs; only whether the run starts a sentence
    (for a name whose previous word starts the run) depends on the document.  A next
    word of one capital letter may start an acronym ("U.S."), which the run does not
    see: such a name is left to the document-wide test (``longer`` 0).
    """
    ends = {f[1] for f in found}
    starts = {st.s for st in statics}
    out = []
    for f, st in zip(found, statics):
        i, j = st.i, f[5]
        longer = 0
        unknown = False
        if j < len(tokens):
            ns, _, nxt = tokens[j]
            if nxt in _IZAFE and j + 1 < len(tokens):
                longer = 2  # "Shahrak-e-Sabz": the izafe binds the next word to the name
            elif nxt.lower() not in _FREE_AFTER and nxt not in PARTICLES and "-" not in w[f[1]:ns] and "'" not in w[f[1]:ns] \
                    and ns not in starts:
                if len(nxt) > 1:
                    longer = 2
                else:
                    unknown = True
        if not longer and i > 0:
            ps, pe, prev_tok = tokens[i - 1]
            if prev_tok not in PARTICLES and prev_tok.lower() not in free \
                    and "-" not in w[pe:st.s] and pe not in ends:
                longer = 1 if i - 1 == 0 else 2
        if unknown and longer != 2:
            longer = 3
        out.append(st._replace(longer=longer) if longer else st)
    return out


def _match_run(w: str, gaz: Gazetteer):
    """Tokens of one run and its matches: (tokens, [(start, end, ids, exact, i, j)]), offsets in ``w``."""
    if " " in w or "-" in w or "\t" in w or "'" in w or "." in w:
        # (the S of an upper-case possessive, "KABUL'S", is not a word of the name)
        run = [(t.start(), t.end(), t.group()) for t in _IN_RUN.finditer(w)
               if not (t.group() == "S" and t.start() and w[t.start() - 1] == "'")]
    else:
        run = [(0, len(w), w)]
    exact, loose, ents, world = gaz.exact, gaz.loose, gaz.entries, gaz.world
    first, wfirst, lfirst = gaz.first, gaz.world_first, gaz.loose_first
    found_all = []
    n = len(run)
    usable = [_usable(t) for _, _, t in run]
    i = 0
    while i < n:
        s0, e0, t0 = run[i]
        if t0 in PARTICLES or not usable[i]:
            i += 1
            continue
        k0 = name_key(t0)
        span = max(first.get(k0, 0), wfirst.get(plain_key(t0), 0))
        if not span:
            if skeleton(k0) not in lfirst:
                i += 1  # no name starts like this word
                continue
            span = 4
        stop = i + 1
        limit = min(n, i + span, i + MAX_WORDS)
        while stop < limit and usable[stop]:
            stop += 1
        found = None
        for j in range(stop, i, -1):
            if run[j - 1][2] in PARTICLES:
                continue
            s, e = s0, run[j - 1][1]
            k = name_key(w[s:e])
            ids = exact.get(k)
            wids = world.get(plain_key(w[s:e]))
            if wids:
                ids = tuple(dict.fromkeys((ids or ()) + wids))
            if ids and not all(ents[x].level == "village" for x in ids):
                found = (s, e, ids, True, i, j)
                break
            # (a spelling only close to a name never starts with a word such as "In": "In Andarab" is
            # "in" and Andarab, not a variant of it)
            more = _loose(k, loose, exact) if j - i <= 4 and not (j - i > 1 and t0.lower() in gaz.free_before) else ()
            if more:
                found = (s, e, tuple(dict.fromkeys((ids or ()) + more)), bool(ids), i, j)
                break
            if ids:
                if j - i == 1 and t0.lower() in gaz.free_before:
                    break  # "In", "The": villages named like function words never match alone
                found = (s, e, ids, True, i, j)
                break
        if found is not None:
            found_all.append(found)
            i = found[5]
        else:
            i += 1
    return (run, tuple(found_all))


def _loose(k: str, loose, exact) -> tuple[int, ...]:
    """Entries whose consonant skeleton equals that of ``k`` and whose key is close to it."""
    if len(k) < 5:
        return ()
    sk = skeleton(k)
    if len(sk) < 3 or (len(sk) == 3 and len(k) < 6):
        return ()
    hits = loose.get(sk)
    if not hits:
        return ()
    # a nisba/demonym ("Nuristani", "Panjshiri") is an adjective, not the place
    if k.endswith("i") and (k[:-1] in exact or k[:-2] in exact):
        return ()
    return _close(k, hits)


def _close(k: str, hits) -> tuple[int, ...]:
    from rapidfuzz.distance import Levenshtein

    res = []
    short = len(skeleton(k)) == 3
    for idx, key in hits:
        if short and len(key) < 6:
            continue
        if key[0] != k[0] and not (key[0] in "aiu" and k[0] in "aiu"):
            continue
        if Levenshtein.normalized_similarity(k, key) >= 0.75:
            res.append(idx)
    return tuple(dict.fromkeys(res))


# --------------------------------------------------------------------------- resolution
#: Characters after a name that cannot start a level word (so _KW_AFTER need not be tried):
#: ASCII characters other than letters, the apostrophe, blanks and the hyphen.
_NO_KW_AFTER = frozenset(chr(i) for i in range(128) if not chr(i).isalpha() and chr(i) not in "' \t-") | {""}


#: First letters of the level words of _KW_AFTER.
_KW_FIRST = frozenset("dpctvgabrwso")


def _of_or_the(before: str) -> bool:
    """True when the last word of ``before`` may be "of" or "the" (any case), the only words
    after which :func:`_before` can find a level word ("the district of X") and
    :func:`_foreign_adjective` a foreign country ("the Tajik town of X")."""
    t = before.rstrip()
    return t[-2:].lower() == "of" or t[-3:].lower() == "the"


#: First three letters (lower case) of the level words of _KW_AFTER.
_KW_PREFIX3 = frozenset("dis pro cit tow val vil pas gor air bor cro por dam riv reg cap are wul wol cou sta obl".split())


#: Four characters after a name -> whether :func:`_after` may find a level word there.
_AFTER_MEMO: dict[str, bool] = {}


def _may_kw_after(w4: str) -> bool:
    """False when the four characters after a name show that :func:`_after` finds no level
    word there (punctuation, or a blank and three ASCII letters that start none); memoised."""
    ch = w4[:1]
    if ch in _NO_KW_AFTER:
        may = False
    elif ch == " ":
        w3 = w4[1:]
        c0 = w3[:1]
        may = not (w3.isascii() and c0 != " " and c0 != "\t" and c0 != "-" and c0 != "'"
                   and w3.lower() not in _KW_PREFIX3)
    else:
        may = True
    if len(_AFTER_MEMO) > 200_000:
        _AFTER_MEMO.clear()
    _AFTER_MEMO[w4] = may
    return may


def _after(ntext: str, c: _Cand) -> None:
    """Set the level word after a candidate ("Khenj District", "Kabul's airport")."""
    e = c.e
    ch = ntext[e:e + 1]
    if ch in _NO_KW_AFTER:
        m = None
    else:
        if ch == " ":
            # a blank, then three ASCII letters that start no level word: no match
            w3 = ntext[e + 1:e + 4]
            c0 = w3[:1]
            m = None if (w3.isascii() and c0 != " " and c0 != "\t" and c0 != "-" and c0 != "'"
                         and w3.lower() not in _KW_PREFIX3) else _KW_AFTER.match(ntext, e)
        else:
            m = None if (ch.isascii() and ch.lower() not in _KW_FIRST and ch != "'" and ch != "\t" and ch != "-") \
                else _KW_AFTER.match(ntext, e)
    if m:
        word = m.group(1).lower()
        if "'" in ntext[c.e:m.start(1)]:
            # "Uruzgan's capital", "Kabul's airport": the word is about something inside X;
            # X's capital or districts make X a province
            c.kw_after = "province" if word in ("capital", "districts", "provincial capital") else None
        else:
            c.kw_after = word
            if m.group(1)[0].isupper():
                c.mention_end = m.end(1)  # "Khenj District": the level word is part of the name


def _before(ntext: str, c: _Cand, free: frozenset = _FREE_BEFORE) -> None:
    """Set the preposition and the level word before a candidate ("in X", "the district of X")."""
    s = c.s
    window = ntext[s - 40 if s > 40 else 0:s]
    raw_words = window.rsplit(None, 1)
    if not raw_words:
        return
    last = raw_words[-1]
    if last[-1] == ",":
        c.prep = 1  # an enumeration: weak evidence
        return
    w1 = last.lower()
    if w1 != "the" and w1 != "of":
        if w1 in _PREPS:
            c.prep = 2 if w1 in _STRICT_PREPS else 1
        return
    # the last (up to) four words before the name (rsplit: the words before them stay joined),
    # without a final "the"; lowered on demand
    raw_words = window.rsplit(None, 4)
    n = len(raw_words)
    if n == 5:
        del raw_words[0]
        n = 4
    w1 = raw_words[-1].lower()
    if w1 == "the":
        n -= 1
        if not n:
            return
        w1 = raw_words[n - 1].lower()
    if w1 in _PREPS:
        c.prep = 2 if w1 in _STRICT_PREPS else 1
    if w1 == "of" and n >= 2:
        w2 = raw_words[n - 2].lower()
        # "the district of X" names X's level; "Gol Tapa district of X" names X as the parent
        if w2 in _KW_BEFORE_WORDS and not (n >= 3 and raw_words[n - 3][:1].isupper()
                                           and raw_words[n - 3].lower() not in free):
            c.kw_before = "provincial capital" if w2 == "capital" and n >= 3 and raw_words[n - 3].lower() == "provincial" else w2


_KW_LEVEL = {
    "district": ("district",), "districts": ("district",), "wuleswali": ("district",),
    "woluswali": ("district",), "county": ("district",),
    "province": ("province",), "provinces": ("province",), "region": ("province", "area"),
    "state": ("province",), "oblast": ("province",),
    "city": ("city", "district"), "town": ("city", "district", "village"),
    "capital": ("city", "district"), "provincial capital": ("city", "district"),
    "village": ("village",), "villages": ("village",),
    "valley": ("area", "district", "province"), "pass": ("area",), "gorge": ("area", "province"),
    "airport": ("area",), "airbase": ("area",), "air base": ("area",), "airfield": ("area",),
    "border crossing": ("area", "city"), "crossing": ("area", "city"), "port": ("area", "city"),
    "dam": ("area",), "river": ("area",), "area": ("area", "district", "village"),
}

_HONORIFICS = frozenset({"sultan", "hazrat", "hazrati", "khwaja", "khoja", "imam", "sheikh", "shaikh", "pir", "sayed", "sayyid"})

_LEVEL_RANK = {"city": 0.04, "province": 0.03, "district": 0.02, "area": 0.01, "village": 0.0, "country": 0.05}


def _sentence_initial(ntext: str, pos: int) -> bool:
    """True when the word at ``pos`` starts a sentence (so its capital says nothing)."""
    before = ntext[max(0, pos - 4):pos].rstrip(" \t\"'(\u201c")
    return not before or before[-1] in ".!?:;\n"


def _caps_line(ntext: str, pos: int) -> bool:
    """True when the line around ``pos`` is mostly upper case (a headline or dateline)."""
    a = ntext.rfind("\n", 0, pos) + 1
    b = ntext.find("\n", pos)
    line = ntext[a:b if b >= 0 else len(ntext)]
    letters = [ch for ch in line[:200] if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.6 or ntext[a:pos].strip() == ""


def _sentence_bounds(ntext: str, pos: int) -> tuple[int, int]:
    a = max(ntext.rfind(". ", 0, pos), ntext.rfind("\n", 0, pos))
    b_candidates = [x for x in (ntext.find(". ", pos), ntext.find("\n", pos)) if x >= 0]
    b = min(b_candidates) if b_candidates else len(ntext)
    return a + 1, b


def _elsewhere(positions, pos: int) -> bool:
    """True when ``positions`` holds a position other than ``pos`` (without copying the set)."""
    return len(positions) > 1 or (len(positions) == 1 and pos not in positions)


#: First item of a tuple (a C-level key for sorting and bisecting (position, province) pairs).
_first = itemgetter(0)


class _Kinds(NamedTuple):
    local: list          # the pack's places other than villages
    villages: list
    foreign: list
    anchor: str | None   # the one province of the non-village local places, if one and no foreign
    district: str | None  # the one district of its district-level entries, if one
    n_local: int
    fast: Entry | None = None  # best entry by priors alone when all are the pack's, in one province
    country: Entry | None = None  # the foreign country among the entries, if any
    bonus_districts: frozenset = frozenset()  # districts whose mention elsewhere could change the choice
    best_foreign: Entry | None = None  # the foreign entry a foreign reading takes (countries first)




# ("the Iranian border town of Islam Qala" is a town on that border, so "border" stops the rule)
_ADJ_BEFORE = re.compile(r"([A-Z][A-Za-z']+)\s+(?:town|city|district|village|province|region|port|territory)"
                         r"\s+of\s+(?:the\s+)?\Z")


_ADJ_LEVELS = ("town", "city", "district", "village", "province", "region", "port", "territory")


def _foreign_adjective(ntext: str, pos: int, gaz: Gazetteer) -> Entry | None:
    """The foreign country an adjective names in "the <Adjective> town of X", else None."""
    # the pattern ends with a level word, "of" and maybe "the": test that first, without a search
    t = ntext[max(0, pos - 50):pos].rstrip()
    if t.endswith("the"):
        t = t[:-3].rstrip()
    if not t.endswith("of") or not t[:-2].rstrip().endswith(_ADJ_LEVELS):
        return None
    m = _ADJ_BEFORE.search(ntext, max(0, pos - 50), pos)
    if m is None:
        return None
    word = m.group(1)
    if word.endswith("'s"):
        word = word[:-2]
    iso = gaz.adjectives.get(word.lower())
    if iso is None:
        for i in gaz.world.get(plain_key(word), ()):
            e = gaz.entries[i]
            if e.level == "country":
                iso = e.country
                break
    if iso is None or iso == gaz.iso2:
        return None
    return Entry(id="", name=word, level="country", country=iso, province=None, province_code=None,
                 district=None, lat=None, lon=None, population=None, prior=0.5, local=False)


def _in_longer_name(ntext: str, c: "_Cand", cand_ends, cand_starts, free: frozenset = _FREE_BEFORE) -> bool:
    """True when the words around a mention make it part of a person's or an organisation's name."""
    if c.i > 0:
        ps, pe, prev_tok = c.toks[c.i - 1]
        ps += c.base
        pe += c.base
        if prev_tok not in PARTICLES and prev_tok.lower() not in free \
                and "-" not in ntext[pe:c.s] and pe not in cand_ends and not _sentence_initial(ntext, ps):
            return True
    pw = ntext[max(0, c.s - 30):c.s].split()
    if pw and pw[-1].rstrip(".").lower() in _TITLES:
        return True
    if c.j + 1 < len(c.toks) and c.toks[c.j][2] in _IZAFE:
        return True
    if c.j < len(c.toks):
        ns, ne, nxt = c.toks[c.j]
        ns += c.base
        if nxt.lower() not in _FREE_AFTER and nxt not in PARTICLES and "-" not in ntext[c.e:ns] and "'" not in ntext[c.e:ns] \
                and ns not in cand_starts:
            return True
    return False


def _static_rank(e: Entry, prov_keys: set, dist_keys: dict | None = None) -> float:
    """The part of a candidate's rank that does not depend on the document.

    ``prov_keys`` are the name keys of the provinces among the candidates,
    ``dist_keys`` maps the name key of each district among them to its districts.
    """
    r = e.prior + _LEVEL_RANK.get(e.level, 0)
    if e.level == "city":
        key = name_key(e.name)
        if key in prov_keys and not name_key(e.district or "").startswith(key):
            r -= 0.15  # a small town named like the province: the province is meant
        elif dist_keys and (e.population or 0) < _TOWN_OVER_DISTRICT \
                and dist_keys.get(key, {e.district}) - {e.district}:
            r -= 0.15  # a small town named like a district elsewhere: the district is meant
    return r


#: A town with fewer people than this ranks below a district of the same name elsewhere.
_TOWN_OVER_DISTRICT = 100_000


def _district_keys(entries) -> dict:
    """Name key of each district-level entry -> the districts so named."""
    out: dict = {}
    for e in entries:
        if e.level == "district":
            out.setdefault(name_key(e.name), set()).add(e.district)
    return out


def _classify(ids: tuple, gaz: Gazetteer) -> _Kinds:
    """Entries of a candidate split by kind (cached: the same names recur)."""
    kinds = gaz.memo("kinds")
    key = ids
    k = kinds.get(key)
    if k is None:
        ents = [gaz.entries[i] for i in ids]
        local = [e for e in ents if e.local and e.level != "village"]
        villages = [e for e in ents if e.local and e.level == "village"]
        foreign = [e for e in ents if not e.local]
        nc = [e for e in local if e.level != "country"]
        provs = {e.province for e in nc if e.province}
        dists = {e.district for e in local if e.level == "district"}
        fast = None
        bonus: frozenset = frozenset()
        # villages and foreign towns only count when no local place answers (or a level word
        # says village): without them, a bare mention of these names resolves by priors alone
        if local and not any(e.level == "country" for e in foreign) and len({e.province for e in local}) == 1:
            prov_keys = {name_key(e.name) for e in local if e.level == "province"}
            dist_keys = _district_keys(local)
            fast = max(local, key=lambda e: _static_rank(e, prov_keys, dist_keys))
            bonus = frozenset(e.district for e in local if e.district and e.level != "district")
        countries = [e for e in foreign if e.level == "country"]
        k = _Kinds(local, villages, foreign, next(iter(provs)) if len(provs) == 1 and not foreign else None,
                   next(iter(dists)) if len(dists) == 1 else None, len(nc), fast,
                   max(countries, key=lambda e: e.prior) if countries else None, bonus,
                   max(foreign, key=lambda e: (e.level == "country", e.prior, e.population or 0)) if foreign else None)
        if len(kinds) > 100_000:
            kinds.clear()
        kinds[key] = k
    return k


def _pool_info(pool: list[Entry]) -> tuple[list[float], int]:
    """The document-independent rank of each entry of a pool (:func:`_static_rank`), and the
    number of provinces of the pool."""
    prov_keys = {name_key(e.name) for e in pool if e.level == "province"}
    dist_keys = _district_keys(pool) if len(pool) > 1 else None
    return [_static_rank(e, prov_keys, dist_keys) for e in pool], len({e.province for e in pool})


def _possessor(ntext: str, s: int, prev_foreign_end: dict):
    """The foreign place whose possessive ends just before ``s`` ("GBAO's Ishkashim"), or None.

    ``prev_foreign_end`` maps the start of each foreign place kept so far to ``(start, end, entry)``,
    in text order; only a place ending within 80 characters can be the possessor.
    """
    for _fs, fe, fent in reversed(prev_foreign_end.values()):
        if s - fe > 80:
            return None
        if _POSSESSIVE.fullmatch(ntext[fe:s]):
            return fent
    return None


def _resolve(ntext: str, cands: list[_Cand], gaz: Gazetteer) -> list[_Cand]:
    ents = gaz.entries
    after_memo = _AFTER_MEMO
    pool_memo = gaz.memo("pools")
    km_memo = gaz.memo("km")  # (entry, province) distances
    if len(km_memo) > 100_000:
        km_memo.clear()  # (pools are lists of the gazetteer's entries: keyed by their ids)
    if len(pool_memo) > 100_000:
        pool_memo.clear()
    free_before = gaz.free_before
    # (an honorific before a name was joined to it when the run was matched: _static)
    # (the words around a candidate are read as its lane needs them: _after, _before)
    # pass 1: anchors (provinces that unambiguous local mentions point to)
    anchors: list[tuple[int, str]] = []
    district_keys: dict[str, set[int]] = {}
    doc_provs: dict[str, int] = {}
    for c in cands:
        st = c.st
        a = st.anchor
        if a is not None:
            anchors.append((c.s, a))
            doc_provs[a] = doc_provs.get(a, 0) + 1
        if st.district is not None:
            district_keys.setdefault(st.district, set()).add(c.s)

    doc_max = max(doc_provs.values()) if doc_provs else 0
    # sorted by position so a window lookup is a bisection (linear overall, not quadratic)
    anchors.sort(key=_first)
    late: list[tuple[int, str]] = []  # anchors added while resolving

    def near_provs(pos: int, radius: int = 400) -> set[str]:
        out: set[str] = set()
        for lst in (anchors, late):
            lo = bisect.bisect_left(lst, pos - radius, key=_first)
            hi = bisect.bisect_right(lst, pos + radius, lo=lo, key=_first)
            out.update([p for s, p in lst[lo:hi] if s != pos])
        return out

    cand_ends = cand_starts = None  # ends and starts of all candidates (made when first needed)
    # foreign places that precede with a possessive: "GBAO's Ishkashim district"
    kept: list[_Cand] = []
    prev_foreign_end = {}
    last_foreign_end = -1000  # end of the last foreign place kept
    by_start: dict[int, _Cand] = {}  # (filled on first use)
    for c in cands:
        st = c.st
        lane = st.lane
        if lane == _FOREIGN:
            # only foreign towns are so named: a foreign place unless the words around say otherwise
            if st.drop:
                continue
            # (the level word after the name: most names are followed by nothing that can start one)
            w4 = ntext[c.e:c.e + 4]
            may = after_memo.get(w4)
            if may is None:
                may = _may_kw_after(w4)
            if may:
                _after(ntext, c)
            kw = c.kw_after
            if kw is None:
                # the words before matter for a minor town (a preposition) or when they can
                # hold a level word ("the village of X": the last word is "of", or "the")
                s = c.s
                if st.minor or _of_or_the(ntext[s - 40 if s > 40 else 0:s]):
                    _before(ntext, c, free_before)
                    kw = c.kw_before
            if kw == "village" or kw == "villages" or (st.minor and not (c.prep or kw)):
                continue
            chosen = st.kinds.best_foreign
            c.entry = chosen
            c.score = 0.7
            prev_foreign_end[c.s] = (c.s, c.e, chosen)
            if c.e > last_foreign_end:
                last_foreign_end = c.e
            kept.append(c)
            continue
        # (the level word after the name: most names are followed by nothing that can start one)
        w4 = ntext[c.e:c.e + 4]
        may = after_memo.get(w4)
        if may is None:
            may = _may_kw_after(w4)
        if may:
            _after(ntext, c)
        if lane == _COUNTRY and c.kw_after is None:
            # a country's name far from a foreign place, after no "of" or "the": no level word
            # before it and no foreign context, so the country (see the fast path below)
            s = c.s
            if s - last_foreign_end > 80 and not _of_or_the(ntext[s - 40 if s > 40 else 0:s]):
                chosen = st.kinds.country
                c.entry = chosen
                c.score = 0.9
                prev_foreign_end[s] = (s, c.e, chosen)
                if c.e > last_foreign_end:
                    last_foreign_end = c.e
                kept.append(c)
                continue
        elif lane == _VILLAGES and c.kw_after is None:
            # only villages are so named: they need the word village, or a preposition (then the
            # general rules look for their province nearby), or a foreign place that owns the name
            _before(ntext, c, free_before)
            kw = c.kw_before
            if c.prep != 2 and kw != "village" and kw != "villages":
                s = c.s
                fctx = _possessor(ntext, s, prev_foreign_end) if s - last_foreign_end <= 80 else None
                if fctx is None and (ntext.endswith("of ", 0, s) or ntext.endswith("of the ", 0, s)):
                    fctx = _foreign_adjective(ntext, s, gaz)
                if fctx is None:
                    continue
        elif lane == _FAST and c.kw_after is None:
            # the common case: one province's places, nothing around the name that could
            # change the choice (see the fast path below, which this repeats cheaply)
            s = c.s
            # what the general rules test before their fast path, in the same order, and cheaply:
            # "<foreign>'s X", a level word before ("the district of X"), "the <Foreign> town of X"
            ok = not (s - last_foreign_end <= 80 and _possessor(ntext, s, prev_foreign_end) is not None)
            # the last word before the name (one split for the tests of "of"/"the" and of a title)
            w0 = s - 40 if s > 40 else 0
            t = ntext[w0:s].rstrip()
            last = t.rsplit(None, 1)[-1] if t else ""
            if ok and (last[-2:].lower() == "of" or last[-3:].lower() == "the"):  # (as _of_or_the)
                _before(ntext, c, free_before)
                if c.kw_before or ((ntext.endswith("of ", 0, s) or ntext.endswith("of the ", 0, s))
                                   and _foreign_adjective(ntext, s, gaz) is not None):
                    ok = False
            bonus = st.kinds.bonus_districts
            if ok and not (bonus and not bonus.isdisjoint(district_keys) and any(
                    _elsewhere(district_keys.get(d, _NO_POS), s) for d in bonus)):
                longer = st.longer
                if longer == 2 or (longer == 1 and not _sentence_initial(ntext, c.base + c.toks[c.i - 1][0])):
                    pass  # part of a longer name: the general rules decide
                else:
                    if longer == 3:
                        if cand_ends is None:
                            cand_ends, cand_starts = {d.e for d in cands}, {d.s for d in cands}
                        free = not _in_longer_name(ntext, c, cand_ends, cand_starts, free_before)
                    else:
                        # a title just before the name ("Governor X"): the last word of the 30
                        # characters before it, which is ``last`` when it lies within them
                        if w0 + len(t) - len(last) >= (s - 30 if s > 30 else 0):
                            pw_last = last
                        else:
                            pw = ntext[s - 30 if s > 30 else 0:s].split()
                            pw_last = pw[-1] if pw else ""
                        free = not (pw_last and pw_last.rstrip(".").lower() in _TITLES)
                    if free:
                        chosen = st.kinds.fast
                        c.pool = st.kinds.local
                        c.entry = chosen
                        c.score = 0.95
                        if chosen.level != "country":
                            if not late or late[-1][0] <= s:
                                late.append((s, chosen.province))
                            else:
                                bisect.insort(late, (s, chosen.province), key=_first)
                        kept.append(c)
                        continue
        _before(ntext, c, free_before)
        mention = st.mention
        key = st.key
        k = st.kinds
        local, villages, foreign = k.local, k.villages, k.foreign
        is_caps = st.is_caps
        kw = c.kw_after or c.kw_before
        # ---- foreign context: "<foreign>'s X", "X district of <foreign>"
        fctx = _possessor(ntext, c.s, prev_foreign_end)
        if fctx is None and (ntext.endswith("of ", 0, c.s) or ntext.endswith("of the ", 0, c.s)):
            # "the Tajik town of Ishkashim", "the Pakistani city of Chaman"
            fctx = _foreign_adjective(ntext, c.s, gaz)
        m = _OF_IN.match(ntext[c.mention_end:c.mention_end + 60]) if c.kw_after else None
        if m:
            rest_start = c.mention_end + m.end()
            if not by_start:
                for d in cands:
                    by_start.setdefault(d.s, d)
            nxt = by_start.get(rest_start)
            if nxt is not None:
                nf = [ents[i] for i in nxt.ids if not ents[i].local]
                nl = [ents[i] for i in nxt.ids if ents[i].local and ents[i].level != "village"]
                if nf and not nl:
                    fctx = nf[0]
        if cand_ends is None:
            cand_ends, cand_starts = {d.e for d in cands}, {d.s for d in cands}
        # ---- fast path: the pack's places in one province, a plain mention, nothing around it
        if (fctx is None and st.fast and not kw
                and not (k.bonus_districts and not k.bonus_districts.isdisjoint(district_keys)
                         and any(_elsewhere(district_keys.get(d, _NO_POS), c.s) for d in k.bonus_districts))
                and not _in_longer_name(ntext, c, cand_ends, cand_starts, free_before)):
            chosen = k.fast
            c.pool = local
            c.entry = chosen
            c.score = 0.95
            if chosen.level != "country":
                if not late or late[-1][0] <= c.s:
                    late.append((c.s, chosen.province))  # (what insort does at the end)
                else:
                    bisect.insort(late, (c.s, chosen.province), key=_first)
            kept.append(c)
            continue
        # ---- fast path: a country's name ("Pakistan", "US") with no place of the pack so named
        if fctx is None and not local and k.country is not None and kw not in ("village", "villages"):
            c.entry = k.country
            c.score = 0.9
            prev_foreign_end[c.s] = (c.s, c.e, k.country)
            if c.e > last_foreign_end:
                last_foreign_end = c.e
            kept.append(c)
            continue
        # ---- choose
        chosen: Entry | None = None
        score = 0.0
        if fctx is not None and (local or villages) and not any(e.level == "province" for e in local):
            chosen = Entry(id=fctx.id, name=mention, level="area", country=fctx.country, province=None,
                           province_code=None, district=None, lat=None, lon=None, population=None,
                           prior=0.5, local=False)
            score = 0.6
        elif foreign and (not local or any(e.level == "country" for e in foreign)):
            if local and c.kw_after in ("district", "province", "valley") and not any(
                    e.level == "country" for e in foreign):
                pass  # "Kalat district": the local place
            elif villages and not local and (c.kw_after in ("village", "villages") or c.kw_before in ("village", "villages")):
                pass
            else:
                if len(key) <= 2 and not any(e.level == "country" for e in foreign):
                    continue
                if mention.lower() in ENGLISH_WORDS and not is_caps and not any(
                        e.level == "country" for e in foreign):
                    continue
                chosen = k.best_foreign
                if chosen.level != "country":
                    prev_tok = c.toks[c.i - 1][2] if c.i > 0 else None
                    inside = prev_tok is not None and not _is_particle(prev_tok) \
                        and prev_tok.lower() not in free_before and not is_caps
                    minor = (chosen.population or 0) < 1_000_000 and chosen.level == "city" \
                        and chosen.prior < 0.9 and not (c.prep or kw)
                    if inside or minor or mention.lower() in gaz.not_places or kw in ("village", "villages"):
                        continue
                score = 0.9 if chosen.level == "country" else 0.7
        if chosen is None:
            pool = local
            if kw in ("village", "villages") and villages:
                pool = villages
            elif not pool and villages:
                # villages only on strong evidence
                if kw in ("village", "villages"):
                    pool = villages
                elif c.prep == 2:
                    here = near_provs(c.s, 600)
                    pool = [v for v in villages if v.province in here or v.district in district_keys]
                if not pool:
                    continue
            if not pool:
                continue
            if kw and kw in _KW_LEVEL:
                wanted = _KW_LEVEL[kw]
                for lv in wanted:
                    sub = [e for e in pool if e.level == lv]
                    if sub:
                        pool = sub
                        break
            # corroboration for short names / English words / skeleton matches
            weak = not (len(key) > SHORT_NAME or len(mention) > SHORT_NAME + 1) \
                or (mention.lower() in ENGLISH_WORDS and not is_caps)
            # provinces named nearby: needed only to corroborate or to choose between provinces
            if weak or not c.exact or len({e.province for e in pool}) > 1:
                here = near_provs(c.s)
            else:
                here = _NO_PROVS
            if mention.lower() in gaz.not_places and not kw and not (c.prep and any(e.level == "province" for e in pool)):
                continue  # (a province named so, after a preposition or in a list, is the province: "in Wardak")
            if is_caps and not kw and not _caps_line(ntext, c.s):
                # an all-caps word in mixed-case prose ("(Image: GETTY)"): only well-known names
                pool = [e for e in pool if e.level == "province" or (e.level == "city" and (e.population or 0) > 50_000)]
                if not pool:
                    continue
            if weak and not kw:
                pool = [e for e in pool if e.province in here or (e.level == "province")]
                if not pool or not (c.prep or pool[0].level == "province"):
                    continue
            if not c.exact and not kw:
                # a spelling only close to a name: its province must be named nearby
                pool = [e for e in pool if e.province in here or e.level == "province"] \
                    or (pool if len(key) >= 8 else [])
                if not pool:
                    continue
            # inside a longer proper noun ("Arif Kakar", "Kakar Khan")?
            if not kw and not is_caps:
                prev_tok = c.toks[c.i - 1][2] if c.i > 0 else None
                prev_end = c.toks[c.i - 1][1] + c.base if c.i > 0 else -1
                if prev_tok and not _is_particle(prev_tok) and prev_tok.lower() not in free_before \
                        and "-" not in ntext[prev_end:c.s] and prev_end not in cand_ends \
                        and not _sentence_initial(ntext, c.toks[c.i - 1][0] + c.base):
                    pool = [e for e in pool if e.level in ("province",) or (e.level == "city" and (e.population or 0) > 100_000)]
                    if not pool:
                        continue
                pw = ntext[max(0, c.s - 30):c.s].split()
                if pw and pw[-1].rstrip(".").lower() in _TITLES:
                    continue
                nxt = c.toks[c.j] if c.j < len(c.toks) else None
                if nxt is not None and nxt[2] in _IZAFE and c.j + 1 < len(c.toks):
                    # "Shahrak-e-Sabz": the izafe binds the next word to the name
                    pool = [e for e in pool if e.level == "province" or (e.level == "city" and (e.population or 0) > 100_000)]
                    if not pool:
                        continue
                elif nxt is not None and nxt[2].lower() not in _FREE_AFTER and not _is_particle(nxt[2]) \
                        and "-" not in ntext[c.e:nxt[0] + c.base] \
                        and "'" not in ntext[c.e:nxt[0] + c.base] and nxt[0] + c.base not in cand_starts:
                    # "Getty Images", "Kakar Khan": part of a longer name
                    pool = [e for e in pool if e.level == "province" or (e.level == "city" and (e.population or 0) > 100_000)]
                    if not pool:
                        continue

            # the part of each entry's rank that depends on the pool alone, and its provinces
            pool_key = tuple(map(id, pool))
            info = pool_memo.get(pool_key)
            if info is None:
                info = pool_memo[pool_key] = _pool_info(pool)
            static_ranks, n_prov = info
            if len(pool) == 1:
                chosen = pool[0]
            else:
                # namesakes in several provinces: the one nearer the provinces the text names
                named_points = _province_points(gaz, here | doc_provs.keys()) if n_prov > 1 else ()
                # the highest rank, the first one on a tie (as max() does)
                chosen = None
                best = 0.0
                for e, r in zip(pool, static_ranks):
                    if e.province in here:
                        r += 0.6
                    if e.district and e.level != "district" and _elsewhere(district_keys.get(e.district, _NO_POS), c.s):
                        r += 0.4  # its district is named elsewhere in the text
                    if doc_provs:
                        r += 0.3 * doc_provs.get(e.province, 0) / doc_max
                    if named_points and e.lat is not None:
                        km = None
                        for la, lo in named_points:
                            d = km_memo.get((e.lat, e.lon, la, lo))
                            if d is None:
                                d = km_memo[e.lat, e.lon, la, lo] = _km_between(e.lat, e.lon, la, lo)
                            if km is None or d < km:
                                km = d
                        r += _NEAR_BONUS * max(0.0, 1.0 - km / _NEAR_KM)
                    if chosen is None or r > best:
                        chosen, best = e, r
            c.pool = pool
            score = (0.95 if c.exact else 0.75) * (1.0 if n_prov <= 1 else 0.8)
            if chosen.level == "village":
                score *= 0.8
            if chosen.local and chosen.level != "country":
                if not late or late[-1][0] <= c.s:
                    late.append((c.s, chosen.province))  # (what insort does at the end)
                else:
                    bisect.insort(late, (c.s, chosen.province), key=_first)
        c.entry = chosen
        c.score = round(min(1.0, score), 3)
        if not chosen.local:
            prev_foreign_end[c.s] = (c.s, c.e, chosen)
            if c.e > last_foreign_end:
                last_foreign_end = c.e
        kept.append(c)
    _explicit_parents(ntext, kept)
    extra = _unlisted(ntext, kept, free_before)
    if extra:
        kept = sorted(kept + extra, key=lambda c: c.s)
    return kept


_NAME = r"[A-Z][a-z]+(?:[ -](?:e-|i-)?[A-Z][a-z]+)?"
_LEVEL_WORD = re.compile(r"\b(?:[Vv]illage|[Dd]istrict)\b")


def _is_word_char(ch: str) -> bool:
    """``re``'s ``\\w`` for one character of a str pattern."""
    return ch.isalnum() or ch == "_"


def _level_words(ntext: str) -> list[tuple[int, int]]:
    """Spans of ``_LEVEL_WORD`` in ``ntext``, in order (found with ``str.find``: no regex scan)."""
    out = []
    n = len(ntext)
    for tail, heads in (("illage", "Vv"), ("istrict", "Dd")):
        p = ntext.find(tail, 1)
        while p >= 0:
            s, e = p - 1, p + len(tail)
            if ntext[s] in heads and (s == 0 or not _is_word_char(ntext[s - 1])) \
                    and (e == n or not _is_word_char(ntext[e])):
                out.append((s, e))
            p = ntext.find(tail, e)
    out.sort()
    return out
_NAME_BEFORE = re.compile(r"\b(?P<n>" + _NAME + r")[ \t]+\Z")
_NAME_AFTER = re.compile(r"[ \t]+of[ \t]+(?P<n>" + _NAME + r")\b")
_UNLISTED_PARENT = re.compile(r"\s*,?\s*(?:(?:[Vv]illage|[Dd]istrict)\s+)?(?:in|of)\s+(?:the\s+)?\Z")


def _unlisted(ntext: str, kept: list[_Cand], free: frozenset = _FREE_BEFORE) -> list[_Cand]:
    """Villages and districts missing from the gazetteer, when the text says what and where they are.

    "the village of Kahor in Daykundi province", "Gol Tapa district of Kunduz": a
    capitalised name with the word village/district and a stated parent (a known
    district or province right after it) becomes a row with the parent's
    province (and district), the parent's coordinates and a low score.
    """
    level_words = _level_words(ntext)
    if not level_words:
        return []
    starts = {c.s: c for c in kept}
    spans = None  # (made when first needed)
    added: list[tuple[int, int]] = []
    out = []
    for kw_start, kw_end in level_words:
        level = ntext[kw_start:kw_end].lower()
        # "<Name> village" or "village of <Name>"
        m = None
        q = kw_start
        while q > 0 and ntext[q - 1] in " \t":
            q -= 1
        if q < kw_start and q > 0 and "a" <= ntext[q - 1] <= "z":  # else _NAME_BEFORE cannot match
            m = _NAME_BEFORE.search(ntext, max(0, kw_start - 40), kw_start)
        if m is None:
            m = _NAME_AFTER.match(ntext, kw_end)
        if m is None:
            continue
        s, e = m.span("n")
        if s in starts and starts[s].mention_end > s:
            continue  # a mention starts there ("Khenj district"): the name is known
        if spans is None:
            # spans of the mentions, sorted, for a bisection: one overlaps [s, e) only if it
            # starts after s - (longest span) and before e
            spans = sorted((c.s, c.mention_end) for c in kept)
            span_starts = [a for a, _ in spans]
            longest = max((b - a for a, b in spans), default=0)
        lo = bisect.bisect_right(span_starts, s - longest)
        hi = bisect.bisect_left(span_starts, e, lo)
        if any(a < e and s < b for a, b in spans[lo:hi]) or any(a < e and s < b for a, b in added):
            continue
        if ntext[s:e].lower() in ENGLISH_WORDS or ntext[s:e].split()[0].lower() in free:
            continue
        # the parent: the first known place within 40 characters after the match
        parent = None
        for pos in range(m.end(), min(len(ntext), m.end() + 40)):
            d = starts.get(pos)
            if d is not None:
                if _UNLISTED_PARENT.match(ntext[m.end():pos]) and d.entry is not None and d.entry.local \
                        and d.entry.level in ("province", "district"):
                    parent = d.entry
                break
        if parent is None or (level == "district" and parent.level != "province"):
            continue
        district = parent.district if level == "village" else None
        if level == "village" and district is None:
            # the one district of that province the text talks about, if only one
            named = {d.entry.district for d in kept if d.entry is not None and d.entry.local
                     and d.entry.level == "district" and d.entry.province == parent.province}
            if len(named) == 1:
                district = named.pop()
        c = _Cand(s, e, (), False, [(s, e, ntext[s:e])], 0, 0, 1)
        c.entry = Entry(id="", name=ntext[s:e], level=level, country=parent.country,
                        province=parent.province, province_code=parent.province_code,
                        district=district,
                        lat=parent.lat, lon=parent.lon, population=None, prior=0.3, local=True)
        c.score = 0.5
        out.append(c)
        added.append((s, e))
    return out


_PARENT_GAP = re.compile(
    r"(?:'s)?\s*(?:(?:villages?|districts?|towns?|city|area|valley)\s+)?(?:of|in)\s+(?:the\s+)?"
    r"(?:(?:neighbou?ring|nearby|adjacent|(?:north|south)?(?:north|south|east|west)ern|central)\s+)?\Z", re.I)
_PARENT_RANK = {"village": 0, "area": 1, "city": 1, "district": 2, "province": 3}


#: Namesakes in several provinces: up to this much rank for the one nearest a province the text names,
#: falling to nothing at _NEAR_KM.
_NEAR_BONUS = 0.25
_NEAR_KM = 400.0


def _province_points(gaz: Gazetteer, provinces) -> list[tuple[float, float]]:
    """Coordinates of the given provinces (their gazetteer entries)."""
    points = gaz.memo("province_points")
    if not points:
        for e in gaz.entries:
            if e.level == "province" and e.local and e.lat is not None:
                points[e.province] = (e.lat, e.lon)
    return [points[p] for p in provinces if p in points]


def _km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km on a sphere, equirectangular (good to a few km within a country)."""
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def _km(a: Entry, b: Entry) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return 0.0
    return _km_between(a.lat, a.lon, b.lat, b.lon)


def _explicit_parents(ntext: str, kept: list[_Cand]) -> None:
    """Trust a parent the text states: "Du Ab village of Shibar district", "Gizab in Uruzgan".

    When the chosen entry disagrees with the stated district or province, another
    candidate that agrees is taken; failing that (villages missing from the
    gazetteer, districts whose province changed after the boundary data) the
    stated parent's province and district are used if it lies within 150 km.
    """
    for c, d in zip(kept, kept[1:]):
        if d.s - c.mention_end > 30:
            continue
        e, p = c.entry, d.entry
        if e is None or p is None or not e.local or not p.local or e.level == "country":
            continue
        gap = ntext[c.mention_end:d.s]
        low = gap.lower()
        if ("of" not in low and "in" not in low) or not _PARENT_GAP.match(gap):
            continue
        if p.level == "city" and e.level in ("district", "village", "area") and d.kw_after is None:
            # "Deh Yak in Ghazni": the parent of a district is the province of that name
            prov = [x for x in d.pool if x.level == "province"]
            if prov:
                d.entry = p = prov[0]
        if _PARENT_RANK.get(p.level, -1) <= _PARENT_RANK.get(e.level, -1):
            continue
        def agrees(x: Entry) -> bool:
            return x.province == p.province and (p.level != "district" or x.district == p.district)
        if agrees(e):
            continue
        alt = [x for x in c.pool if agrees(x)]
        if alt:
            c.entry = max(alt, key=lambda x: x.prior)
            continue
        # only districts, villages and areas move: a town or a province name is not "in"
        # another province ("people from Ghazni in Kabul")
        if e.level not in ("district", "village", "area") or any(x.level == "province" for x in c.pool):
            continue
        if _km(e, p) > (300 if e.level == "village" else 150):
            continue
        c.entry = e._replace(province=p.province, province_code=p.province_code,
                             district=p.district if p.level == "district" else (e.district if e.level != "village" else None),
                             lat=e.lat if e.level != "village" else p.lat,
                             lon=e.lon if e.level != "village" else p.lon)
        c.score = round(c.score * 0.9, 3)


# --------------------------------------------------------------------------- API
def find_places(text: str, doc: str = "doc", pack: Any = None) -> list[dict]:
    """Find and resolve every place mention in one text.

    Parameters
    ----------
    text : str
        The document text (offsets refer to it as given).
    doc : str
        Document id put in each row.
    pack : Pack, str or None
        Country pack (default: the default pack).

    Returns
    -------
    list of dict
        One dict per mention with the keys of
        :data:`geoevents.schema.PLACE_COLUMNS`; ``text[start:end] == mention``.

    Examples
    --------
    >>> rows = find_places("Fighting reached Khenj District in Panjshir.")
    >>> [(r["mention"], r["province"], r["district"]) for r in rows]
    [('Khenj District', 'Panjshir', 'Khenj (Hese- Awal)'), ('Panjshir', 'Panjshir', None)]
    """
    if not isinstance(text, str) or not text:
        return []
    rows = []
    with _gc_paused():
        found = _find(text, doc, load_gazetteer(pack), stacklevel=3)
    for c, start, end in found:
        e = c.entry
        rows.append({
            "doc": doc, "mention": text[start:end], "start": start, "end": end,
            "name": e.name, "level": e.level, "country": e.country,
            "province": e.province, "province_code": e.province_code, "district": e.district,
            "lat": e.lat, "lon": e.lon, "score": c.score,
        })
    return rows


#: Last letters of the words of _CREDIT_HINT (the plural's s is matched in lower case only).
_CREDIT_LAST = frozenset("eEoOcCtTs")
_CREDIT_HINT = re.compile(r"(?i:image|photo|picture|pic|credit)s?\s*:")
_CREDIT = re.compile(r"[(\[]\s*(?i:images?|photos?|photograph|pictures?|pic|credits?|photo\s+credit)\s*:[^)\]\n]{0,80}[)\]]|"
                     r"(?i:photo\s+credit|image\s+credit|picture\s+credit)\s*:[^\n]{0,60}")


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while text is matched.

    Matching allocates many small, short-lived objects (candidates, tuples) and no
    reference cycles, so reference counting frees them all; the collector's passes
    over the large, long-lived gazetteer index would only cost time (about 15%).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _credit_spans(text: str) -> list[tuple[int, int]]:
    """Spans of photo credits ("(Image: Getty)") in ``text``.

    ``_CREDIT_HINT`` is tried only just before each colon (it ends with one), so a
    text is not scanned by a case-insensitive regex when it has no credit; and the
    scan for credits starts just before the first colon (every credit holds one).
    """
    first = p = text.find(":")
    while p >= 0:
        q = p
        while q > 0 and text[q - 1].isspace():
            q -= 1
        # the hint is a word of at most 8 letters ("pictures"), blanks, then the colon; its
        # last letter is one of _CREDIT_LAST ("Image", "photos")
        if q and (text[q - 1] in _CREDIT_LAST or not text[q - 1].isascii()) \
                and _CREDIT_HINT.search(text, max(0, q - 8), p + 1) is not None:
            return _credit_matches(text, first)
        p = text.find(":", p + 1)
    return []


def _credit_matches(text: str, colon: int) -> list[tuple[int, int]]:
    """``[m.span() for m in _CREDIT.finditer(text)]``, trying matches only near colons.

    Every credit holds a colon, and starts at most "( photo credit :" before the
    first colon after its start: blanks, letters, blanks, letters, blanks and one
    character.  So matches are tried, left to right, only from there up to each
    colon (``colon`` is the first one in ``text``).
    """
    out = []
    pos = 0
    while colon >= 0:
        i = colon
        for test in (str.isspace, str.isalpha, str.isspace, str.isalpha, str.isspace):
            while i > pos and test(text[i - 1]):
                i -= 1
        for s in range(max(pos, i - 1), colon):
            m = _CREDIT.match(text, s)
            if m is not None:
                if _credit_words(m.group()) <= _CREDIT_MAX_WORDS:
                    out.append(m.span())
                pos = m.end()
                break
        colon = text.find(":", max(pos, colon + 1))
    return out


#: A credit names an agency or a photographer ("(Image: AFP/Getty Images)"); a longer text after
#: "Image:" is a caption, whose places are mentions like any other ("(Image: Fighters in Zaranj on Friday)").
_CREDIT_MAX_WORDS = 5


def _credit_words(credit: str) -> int:
    """Words after the colon of a credit, brackets and slashes as blanks."""
    body = credit.split(":", 1)[1]
    return len(body.replace("/", " ").strip(" \t)]").split())


def _find(text: str, doc: str, gaz: Gazetteer, stacklevel: int = 2) -> list[tuple[_Cand, int, int]]:
    """Resolved mentions of one non-empty text with their original ``(start, end)``."""
    if text.isascii():
        # normalisation leaves ASCII text as it is (offsets too)
        found = [(c, c.s, c.mention_end) for c in _resolve(text, _match_text(text, gaz), gaz)]
    else:
        found = _find_unicode(text, doc, gaz, stacklevel + 1)
    credits = _credit_spans(text)
    if credits:
        # a photo credit ("(Image: Getty)") names an agency, never a place
        found = [f for f in found if not any(a <= f[1] < b for a, b in credits)]
    return found


def _find_unicode(text: str, doc: str, gaz: Gazetteer, stacklevel: int) -> list[tuple[_Cand, int, int]]:
    norm = normalize(text)
    ntext = norm.text
    from .text import mixed_script_words

    odd = mixed_script_words(text)
    if odd:
        warnings.warn(
            f"{doc}: {len(odd)} word(s) mix Latin with look-alike letters of another script "
            f"(e.g. {odd[0][2]!r} at {odd[0][0]}); they are not matched", stacklevel=stacklevel)
    return [(c, *norm.span(c.s, c.mention_end)) for c in _resolve(ntext, _match_text(ntext, gaz), gaz)]


_ENTRY = attrgetter("entry")
_SCORE = attrgetter("score")
#: Columns of a place row taken from its gazetteer entry.
_ENTRY_COLUMNS = tuple((col, attrgetter(col)) for col in
                       ("name", "level", "country", "province", "province_code", "district", "lat", "lon"))


@functools.lru_cache(maxsize=1)
def _text_dtype():
    """The dtype pandas infers for a list of strings and None, if an extension dtype
    (pandas 3's ``str``: then columns are made with it directly, which is faster), else None."""
    import pandas as pd

    dtype = pd.Series(["a", None]).dtype
    return dtype if isinstance(dtype, pd.api.extensions.ExtensionDtype) else None


def _has_text(values: list) -> bool:
    """True when a column holds a string (pandas then infers its text dtype; else object)."""
    return any(isinstance(v, str) for v in values)


def places(docs: Any, pack: Any = None):
    """Every place mention in a set of documents, as a GeoDataFrame of points.

    Parameters
    ----------
    docs : pandas.DataFrame, str or list of str
        Documents with ``id`` and ``text`` columns (see :func:`geoevents.docs.as_docs`).
    pack : Pack, str or None
        Country pack (default: the default pack).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`geoevents.schema.PLACE_COLUMNS` plus ``geometry``
        (Point, EPSG:4326; empty where a place has no coordinates).
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from .schema import PLACE_COLUMNS

    if not isinstance(docs, pd.DataFrame):
        from .docs import as_docs

        docs = as_docs(docs)
    gaz = load_gazetteer(pack)  # once for all documents
    ids: list[str] = []
    mentions: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cands: list[_Cand] = []
    with _gc_paused():
        for doc_id, text in zip(docs["id"], docs["text"]):
            if isinstance(text, str) and text:
                doc = str(doc_id)
                found = _find(text, doc, gaz)
                if found:
                    ids += [doc] * len(found)
                    for c, s, e in found:
                        mentions.append(text[s:e])
                        starts.append(s)
                        ends.append(e)
                        cands.append(c)
    if not cands:
        df = pd.DataFrame([], columns=PLACE_COLUMNS)  # (object columns, as before)
        for col in ("start", "end"):
            df[col] = df[col].astype("int64")
        for col in ("lat", "lon", "score"):
            df[col] = df[col].astype("float64")
    else:
        # columns built directly (no dict per row); text columns as pandas infers them
        # from the lists (str, or object when a column holds no text at all)
        entries = list(map(_ENTRY, cands))
        data = {"doc": ids, "mention": mentions, "start": np.array(starts, dtype="int64"),
                "end": np.array(ends, dtype="int64")}
        for col, get in _ENTRY_COLUMNS:
            values = list(map(get, entries))
            if col in ("lat", "lon"):
                data[col] = np.array(values, dtype="float64")
            else:
                data[col] = values
        data["score"] = np.array(list(map(_SCORE, cands)), dtype="float64")
        text = _text_dtype()
        if text is not None:
            data = {col: pd.array(v, dtype=text) if isinstance(v, list) and _has_text(v) else v
                    for col, v in data.items()}
        df = pd.DataFrame(data, columns=PLACE_COLUMNS)
    geometry = gpd.points_from_xy(df["lon"], df["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")
