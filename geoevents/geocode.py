"""Geocode place names as conflict-data coders write them, offline, with geopy's interface.

:class:`GazetteerGeocoder` is a :class:`geopy.geocoders.base.Geocoder` whose
``geocode(query)`` answers from the pack's gazetteer (no network) and returns a
:class:`geopy.location.Location` whose ``raw`` holds the place fields (name,
level, country, province, province_code, district, lat, lon, score).  It reads
queries the way datasets write them::

    "Khenj District"            "Nad Ali district (Marja)"     "Qala-I- Naw district"
    "Dara-i-Sufi Payin district" "Mazari Sharif district"       "Kabul city"
    "Spin Buldak"               "Nad Ali, Helmand"              "Zheray"

A level word (district, province, city, town, village, valley) steers the
level; a parenthesised or comma-separated part is an alternative name or the
parent province; spellings are matched by the transliteration keys of
:mod:`geoevents.text` (and the rule-made forms of :mod:`geoevents.gazetteer`),
then by consonant skeleton, then by vowel frame (:func:`frame_key`: ``Naka`` =
``Nika``, ``Sarobi`` = ``Surobi``), then by fuzzy similarity, each step within the
stated province and level.

Optionally, names the gazetteer lacks go to any geopy geocoder
(``fallback="nominatim"`` or a geocoder instance).  That is off by default;
when on, calls are rate-limited (:class:`geopy.extra.rate_limiter.RateLimiter`),
cached on disk in SQLite, retried with exponential backoff on time-outs, HTTP
429 and unreadable answers, and a name that still fails stays unresolved with
one warning.
"""
from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from .errors import GeocoderError, InputError
from .gazetteer import Entry, Gazetteer, alias_forms, cache_dir, load_gazetteer, plain_key, soft_key
from .text import fold, name_key, skeleton

__all__ = ["GazetteerGeocoder", "geocode", "parse_query", "frame_key"]

_LEVEL_WORDS = {
    "district": "district", "districts": "district", "dist": "district",
    "province": "province", "wilayat": "province", "velayat": "province", "welayat": "province",
    "wilayah": "province", "prov": "province",
    "city": "city", "town": "city", "bazaar": "city", "bazar": "city",
    "village": "village", "valley": "area", "pass": "area",
    "area": "area", "airport": "area", "crossing": "area",
}
#: the Dari/Pashto word for a district as coders transliterate it: woluswali, wuleswali, uluswali, olswali...
_WOLUSWALI = r"(?:[wu]|o)?[ou]l[aeiou]?s[wv]?ali"
_LEVEL_RE = re.compile(
    r"\b(district|districts|dist|" + _WOLUSWALI + r"|province|wilayat|velayat|welayat|wilayah|prov|city|town"
    r"|bazaar|bazar|village|valley|pass|area)\b\.?", re.I)
#: "Upper X" / "Lower X" are written "X Bala" / "X Payin" (or "X Ulya" / "X Sufla") in district names
_UPPER_LOWER = re.compile(r"^(upper|lower)\s+(.+)$", re.I)
_UPPER_LOWER_WORDS = {"upper": ("Bala", "Ulya"), "lower": ("Payin", "Sufla")}


def _level_of(word: str) -> str:
    w = word.lower()
    return _LEVEL_WORDS.get(w) or ("district" if re.fullmatch(_WOLUSWALI, w) else "area")
_PAREN = re.compile(r"\(([^()]*)\)")
_CENTER = re.compile(r"\b(center|centre|markaz|headquarters|capital)\b", re.I)


_VOWEL_RUN = re.compile(r"[aiu]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def frame_key(key: str) -> str:
    """Vowel frame of a :func:`~geoevents.text.name_key`: consonants in order, any run of vowels one slot.

    Short vowels are not written in Dari/Pashto script, so English spellings of
    the same name differ in them: ``Naka``/``Nika``, ``Sarobi``/``Surobi``,
    ``Sholgareh``/``Sholgara``, ``Chahar Dara``/``Char Dara``.  The geocoder
    matches on the frame only after stricter keys fail, and ranks by similarity.

    Examples
    --------
    >>> frame_key(name_key("Naka")) == frame_key(name_key("Nika"))
    True
    >>> frame_key(name_key("Chahar Dara")) == frame_key(name_key("Char Dara"))
    True
    """
    if _ARABIC.search(key):
        return key
    return _VOWEL_RUN.sub("a", soft_key(key))


def _at_level(items: list[tuple[float, Entry]], level: str, near: bool = True) -> list[tuple[float, Entry]]:
    """The items of one level; for "district" a town's district, for "city" a district, when none
    (``near``: only for exact names, not for loose matches)."""
    same = [(s, e) for s, e in items if e.level == level]
    if not near:
        return same
    if not same and level == "district":
        # "Kabul district" when only a town spells so: the town's district
        same = [(s * 0.95, e) for s, e in items if e.level == "city" and e.district]
    if not same and level == "city":
        same = [(s * 0.95, e) for s, e in items if e.level == "district"]
    return same


#: separators of a name from its parents: "Nad Ali, Helmand", "Nad Ali - Helmand", "Helmand: Nad Ali"
_SPLIT = re.compile(r"\s+[-\u2013\u2014]\s+|[,;/:|]")


def parse_query(query: str) -> dict:
    """Split a coder's place string into names, a level hint and parent hints.

    Returns
    -------
    dict
        ``names`` (main name first, then alternatives), ``level`` (or None),
        ``parents`` (other comma-separated parts, e.g. the province).

    Examples
    --------
    >>> parse_query("Nad Ali district (Marja)")
    {'names': ['Nad Ali', 'Marja'], 'level': 'district', 'parents': []}
    >>> parse_query("Nad Ali, Helmand province")
    {'names': ['Nad Ali'], 'level': None, 'parents': ['Helmand']}
    """
    q = fold(str(query)).strip()
    alts = [a.strip() for a in _PAREN.findall(q) if a.strip()]
    q = _PAREN.sub(" ", q)
    parts = [p.strip() for p in _SPLIT.split(q) if p.strip()]
    if not parts:
        return {"names": alts, "level": None, "parents": []}
    main, parents = parts[0], parts[1:]
    level = None
    m = _LEVEL_RE.search(main)
    if m:
        level = _level_of(m.group(1))
        stripped = re.sub(r"\s+", " ", _LEVEL_RE.sub(" ", main)).strip(" -")
        # the izafe that tied the level word to the name: "Woluswali-ye Nad Ali", "Nad Ali-i District"
        stripped = re.sub(r"^(?:e|i|ye|yi)\b[\s-]*|[\s-]+(?:e|i|ye|yi)$", "", stripped, flags=re.I).strip(" -")
        # "District 1" keeps its number; "Kabul city" -> "Kabul"
        if stripped and not stripped.isdigit():
            main = stripped
    main = _CENTER.sub(" ", main).strip() or main
    clean_parents = []
    for p in parents:
        p2 = re.sub(r"\s+", " ", _LEVEL_RE.sub(" ", p)).strip(" -")
        if p2:
            clean_parents.append(p2)
    alts = [re.sub(r"\s+", " ", _LEVEL_RE.sub(" ", a)).strip(" -") for a in alts]
    names = [main] + [a for a in alts if a]
    m = _UPPER_LOWER.match(main)
    if m:
        names = [f"{m.group(2)} {w}" for w in _UPPER_LOWER_WORDS[m.group(1).lower()]] + names
    return {"names": names, "level": level, "parents": clean_parents}


class GazetteerGeocoder(Geocoder):
    """Offline geocoder over a pack's gazetteer, with an optional online fallback.

    Parameters
    ----------
    pack : Pack, str or None
        Country pack (default: the default pack).
    fallback : str or geopy.geocoders.base.Geocoder, optional
        Online geocoder for names the gazetteer lacks: a geopy service name
        (``"nominatim"``) or an instance.  ``None`` (default) = offline only.
    fallback_kwargs : dict, optional
        Keyword arguments to build the fallback from a service name (e.g.
        ``{"domain": "127.0.0.1:8080", "scheme": "http"}``).
    min_delay_seconds : float
        Least time between two online calls (RateLimiter).
    max_retries : int
        Retries of an online call that timed out, was rate-limited (HTTP 429)
        or returned garbage; waits double each time from ``backoff_seconds``.
    backoff_seconds : float
        First wait before a retry (a 429's Retry-After wins when given).
    cache : str, path, False or None
        SQLite file caching online answers (default:
        ``<cache dir>/online-geocode.sqlite``); ``False`` disables it.
    min_score : float
        Least fuzzy similarity (0-100) for a name the gazetteer spells differently.

    Examples
    --------
    >>> g = GazetteerGeocoder()
    >>> loc = g.geocode("Nad Ali district (Marja)")
    >>> loc.raw["province"], loc.raw["district"]
    ('Helmand', 'Nad Ali')
    """

    def __init__(
        self,
        pack: Any = None,
        *,
        fallback: str | Geocoder | None = None,
        fallback_kwargs: dict | None = None,
        min_delay_seconds: float = 1.0,
        max_retries: int = 3,
        backoff_seconds: float = 1.0,
        cache: str | Path | bool | None = None,
        min_score: float = 80.0,
        user_agent: str = "geoevents",
    ):
        super().__init__(user_agent=user_agent)
        self.pack = pack
        self.min_score = float(min_score)
        self.max_retries = int(max_retries)
        self.backoff_seconds = float(backoff_seconds)
        self.min_delay_seconds = float(min_delay_seconds)
        self._gaz: Gazetteer | None = None
        self._fallback = None
        self._limited = None
        self._service = None
        self._cache_path = None
        self._cache_lock = threading.Lock()
        self._warned: set[str] = set()
        if fallback is not None:
            self._fallback = _make_fallback(fallback, fallback_kwargs or {}, user_agent)
            self._service = type(self._fallback).__name__
            from geopy.extra.rate_limiter import RateLimiter

            # retries are ours (with backoff); the limiter only spaces the calls
            self._limited = RateLimiter(self._fallback.geocode, min_delay_seconds=self.min_delay_seconds,
                                        max_retries=0, swallow_exceptions=False)
            if cache is not False:
                self._cache_path = Path(cache) if cache not in (None, True) else cache_dir() / "online-geocode.sqlite"

    # ------------------------------------------------------------------ offline
    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = load_gazetteer(self.pack)
        return self._gaz

    def geocode(self, query: str, *, exactly_one: bool = True, level: str | None = None,
                province: str | None = None, **kwargs: Any):
        """Geocode one place string.

        Parameters
        ----------
        query : str
            A place as written, e.g. ``"Qala-I- Naw district"``.
        exactly_one : bool
            Return the best :class:`~geopy.location.Location` (default) or a list.
        level : str, optional
            Restrict to a level (``"district"``...); a level word in the query does the same.
        province : str, optional
            Restrict to a province; a comma-separated part of the query does the same.

        Returns
        -------
        geopy.location.Location, list of Location, or None
        """
        if not isinstance(query, str) or not query.strip():
            raise InputError(f"geocode: empty or non-text query {query!r}")
        gaz = self.gazetteer
        parsed = self._parse(query)
        if parsed["parents"] and self._is_province(parsed["names"][0]):
            # "Helmand: Nad Ali", "Helmand, Nad Ali district": the province came first
            parts = [p for p in _SPLIT.split(fold(query)) if p.strip() and not self._is_country(p)]
            rest = [p for p in parts[1:] if not self._is_province(_LEVEL_RE.sub(" ", p))]
            if rest:
                query = ", ".join(rest + [parts[0]] + [p for p in parts[1:] if p not in rest])
                parsed = self._parse(query)
        lvl = level or parsed["level"]
        prov = province
        names = list(parsed["names"])
        # the whole string first: "Khost (Matun)" is itself a district name
        # ("Shor Bazar": a name that holds a level word)
        for whole in (re.sub(r"\s+", " ", _LEVEL_RE.sub(" ", fold(query))).strip(" ,-"),
                      re.sub(r"\s+", " ", fold(query)).strip(" ,-")):
            if whole and whole not in names and gaz.exact.get(name_key(whole)):
                names.insert(0, whole)
                break
        # a parenthesised or comma-separated province is a parent: "Kohistan (Kapisa)"
        parents = list(parsed["parents"])
        for alt in names[1:]:
            if any(e.local and e.level == "province" for e in gaz.lookup(alt)) and alt != names[0]:
                parents.append(alt)
                names.remove(alt)
        if prov is None:
            for p in parents:
                hits = [e for e in gaz.lookup(p) if e.local and e.level == "province"]
                if hits:
                    prov = hits[0].province
                    break
        ranked: list[tuple[float, Entry]] = []
        for n, name in enumerate(names):
            ranked = self._candidates(name, lvl, prov)
            if ranked:
                if n > 0:  # an alternative name only: a bit less sure
                    ranked = [(s * 0.95, e) for s, e in ranked]
                elif len(names) > 1 and len(ranked) > 1:
                    # "Tegab (Kishmi Bala)": a place the alternative names too comes first
                    also = {(e.province, e.district) for alt in names[1:]
                            for s, e in self._candidates(alt, lvl, prov)[:5] if s >= 0.85}
                    ranked.sort(key=lambda t: (t[1].province, t[1].district) not in also)
                break
        if not ranked and self._fallback is not None:
            loc = self._online(query)
            if loc is None:
                return None if exactly_one else []
            return loc if exactly_one else [loc]
        if not ranked:
            return None if exactly_one else []
        locs = [self._location(e, s) for s, e in ranked]
        return locs[0] if exactly_one else locs

    def _parse(self, query: str) -> dict:
        """:func:`parse_query`, without parents naming the pack's own country ("..., Afghanistan")."""
        parsed = parse_query(query)
        parsed["parents"] = [p for p in parsed["parents"] if not self._is_country(p)]
        return parsed

    def _is_country(self, name: str) -> bool:
        return any(e.local and e.level == "country" for e in self.gazetteer.lookup(name.strip(" -")))

    def _is_province(self, name: str) -> bool:
        return any(e.local and e.level == "province" for e in self.gazetteer.lookup(name.strip(" -")))

    def reverse(self, query, *, exactly_one=True, **kwargs):  # noqa: D102 - geopy API
        from .join import join  # noqa: F401 - imported to fail early when shapes are missing

        raise NotImplementedError("reverse geocoding: use geoevents.join on a table of points")

    def _candidates(self, name: str, level: str | None, province: str | None) -> list[tuple[float, Entry]]:
        """Ranked (score, entry) pairs for one name, trying looser keys in turn.

        The tiers, from strict to loose: the spelling key of the name and of its
        rule-made forms (:func:`~geoevents.gazetteer.alias_forms`: izafe dropped...),
        the exact foreign spelling, then the consonant skeleton and the vowel frame
        together (:func:`frame_key`: any vowels, ``h`` between vowels silent; the
        closer spelling wins), then fuzzy similarity.  A tier answers only with places inside the stated province
        and, when a level word was given, at that level (or a town of that name
        for a district); a place that breaks one of these is kept as a last resort.
        Without a level word a village answers only when nothing else does, or
        when the other names are loose matches.
        """
        gaz = self.gazetteer
        ents = gaz.entries
        key = name_key(name)
        if not key:
            return []
        fallback: list[tuple[float, Entry]] = []   # right name, wrong level or province
        villages: list[tuple[float, Entry]] = []    # exact village names (no level word)
        # after an exact name of the wrong level, a looser key must be close to win
        guard = 0.0
        for tier, found in self._tiers(name, key, level, province):
            if guard and found and max(found.values()) < guard:
                continue
            if tier == "world" and (villages or fallback):
                continue  # a local name of another level beats a foreign spelling
            items = [(s, ents[i]) for i, s in found.items()]
            inside = [(s, e) for s, e in items if province is None or e.province == province]
            if not inside:
                if not fallback:
                    fallback = [(s * 0.8, e) for s, e in items]
                continue
            if level:
                same = _at_level(inside, level, tier == "exact")
                if not same:
                    if not fallback:
                        fallback = inside
                    if tier == "exact":
                        guard = 0.85
                    continue
                return self._rank(same, level)
            non_village = [(s, e) for s, e in inside if e.level != "village"]
            if non_village:
                return self._rank(non_village, level)
            if not villages:
                villages = inside
                # a loose match of a district does not beat an exact village name
                guard = 0.9
        if villages:
            return self._rank(villages, level)
        if province is not None and len(key) >= 3:
            # "Kohistan (Kapisa)", "Nawa, Helmand": the province's districts whose name
            # contains the query or starts with it as a word
            items = [(0.85, e) for e in ents if e.local and e.province == province
                     and e.level in ("district", "city")
                     and ((len(key) >= 4 and key in name_key(e.name))
                          or name_key(re.split(r"[\s\-(]+", e.name)[0]) == key)]
            if items:
                return self._rank(items, level)
        if fallback:
            return self._rank(fallback, level)
        return []

    def _tiers(self, name: str, key: str, level: str | None, province: str | None):
        """Yield (tier name, {entry number: score}) from strict to loose keys."""
        from rapidfuzz import fuzz
        from rapidfuzz.distance import Levenshtein

        gaz = self.gazetteer
        found: dict[int, float] = {}
        plain = re.sub(r"[\s\-]+", " ", fold(name).lower()).strip()
        for i in gaz.exact.get(key, ()):
            # the spelling the coder used, then the entry's own name, then one of its aliases:
            # "Tagab" is Kapisa's Tagab before Badakhshan's "Tagab (Kishmi Bala)"
            e = gaz.entries[i]
            own_name = re.sub(r"[\s\-]+", " ", fold(e.name).lower()).strip()
            if own_name == plain:
                found[i] = 1.0
            elif name_key(e.name) == key:
                # same key, other spelling: the closer spelling first ("Jane Khel" = Paktika's Jani Khel)
                found[i] = 0.99 + 0.009 * fuzz.ratio(plain, own_name) / 100
            else:
                found[i] = 0.985
        # rule-made forms of the query itself: "Nad-e Ali" -> "Nad Ali", "Kabul City" -> "Kabul"
        for form in alias_forms(name)[1:]:
            for i in gaz.exact.get(name_key(form), ()):
                found.setdefault(i, 0.98)
        for i in gaz.exact.get(soft_key(key), ()):
            found.setdefault(i, 0.97)
        yield "exact", found
        yield "world", {i: 0.95 for i in gaz.world.get(plain_key(name), ())}

        def own(i: int, k: str) -> float:
            # a loose match of the entry's own name ranks before one of an alias
            return 0.005 if name_key(gaz.entries[i].name) == k else 0.0

        # consonant skeleton and vowel frame: one tier, the closer spelling wins
        found = {}
        for i, k in gaz.loose.get(skeleton(key), ()):
            sim = Levenshtein.normalized_similarity(key, k)
            if sim >= 0.6:
                found[i] = max(found.get(i, 0), 0.7 + 0.25 * sim + own(i, k))
        if len(key) >= 4:
            soft = soft_key(key)
            for i, k in self._frames().get(frame_key(key), ()):
                sim = Levenshtein.normalized_similarity(soft, soft_key(k))
                if sim >= 0.6:
                    found[i] = max(found.get(i, 0), 0.75 + 0.2 * sim + own(i, k))
        yield "loose", found
        yield "fuzzy", self._fuzzy(key, level, province)

    def _frames(self) -> dict[str, list[tuple[int, str]]]:
        """Vowel frames of the pack's province, district, town and area names (built once)."""
        gaz = self.gazetteer
        memo = gaz.memo("geocode")
        frames = memo.get("frames")
        if frames is None:
            frames = {}
            for i, e in enumerate(gaz.entries):
                if not e.local or e.level == "village" or e.level == "country":
                    continue
                for n in gaz.names.get(e.id, (e.name,)):
                    k = name_key(n)
                    if len(k) >= 3 and not _ARABIC.search(k):
                        lst = frames.setdefault(frame_key(k), [])
                        if (i, k) not in lst:
                            lst.append((i, k))
            memo["frames"] = frames
        return frames

    @staticmethod
    def _rank(items: list[tuple[float, Entry]], level: str | None) -> list[tuple[float, Entry]]:
        if not level:
            # without a level word, villages only when nothing else answers
            items = [(s, e) for s, e in items if e.level != "village"] or items
        # without a level word, a coder's name is most often a district: the district of
        # that name, then a town (not a small town named like a province), then the province
        rank = {"country": 0.25, "district": 0.2, "city": 0.15, "province": 0.1, "area": 0.05, "village": 0.0}
        prov_keys = {name_key(e.name) for _, e in items if e.level == "province"}

        def order(t):
            s, e = t
            r = s + rank.get(e.level, 0) + 0.05 * e.prior + 0.1 * e.local
            if e.level == "city" and name_key(e.name) in prov_keys \
                    and not name_key(e.district or "").startswith(name_key(e.name)):
                r -= 0.2
            return r

        best: dict[str, tuple[float, Entry]] = {}
        for s, e in items:
            if e.id not in best or s > best[e.id][0]:
                best[e.id] = (s, e)
        items = sorted(best.values(), key=order, reverse=True)
        return [(round(min(1.0, s), 3), e) for s, e in items]

    def _fuzzy(self, key: str, level: str | None, province: str | None) -> dict[int, float]:
        """Best fuzzy matches among the pack's non-village names (rapidfuzz)."""
        from rapidfuzz import fuzz, process

        gaz = self.gazetteer
        choices = getattr(self, "_choices", None)
        if choices is None:
            choices = {}
            for k, ids in gaz.exact.items():
                ok = [i for i in ids if gaz.entries[i].local and gaz.entries[i].level != "village"]
                if ok and len(k) >= 4:
                    choices[k] = ok
            self._choices = choices
        keys = list(choices)
        out: dict[int, float] = {}
        for k, score, _ in process.extract(key, keys, scorer=fuzz.ratio, limit=5, score_cutoff=self.min_score):
            if k[0] != key[0] and not (k[0] in "aiu" and key[0] in "aiu"):
                continue
            for i in choices[k]:
                e = gaz.entries[i]
                if (level is None or e.level == level) and (province is None or e.province == province):
                    out[i] = max(out.get(i, 0), 0.5 + 0.4 * score / 100)
        return out

    @staticmethod
    def _location(e: Entry, score: float) -> Location:
        raw = {
            "name": e.name, "level": e.level, "country": e.country, "province": e.province,
            "province_code": e.province_code, "district": e.district, "lat": e.lat, "lon": e.lon,
            "score": score, "id": e.id,
        }
        address = ", ".join(x for x in dict.fromkeys(
            [e.name, e.district if e.district and e.district != e.name else None, e.province, e.country]) if x)
        point = Point(e.lat, e.lon) if e.lat is not None and e.lon is not None else Point(0, 0)
        return Location(address, point, raw)

    # ------------------------------------------------------------------ online
    def _online(self, query: str) -> Location | None:
        cached = self._cache_get(query)
        if cached is not None:
            return self._from_cache(cached)
        from geopy import exc

        wait = self.backoff_seconds
        last: Exception | None = None
        for attempt in range(self.max_retries + 1):
            try:
                loc = self._limited(query)
            except exc.GeocoderRateLimited as e:
                last = e
                delay = e.retry_after if e.retry_after is not None else wait
            except (exc.GeocoderTimedOut, exc.GeocoderUnavailable, exc.GeocoderParseError,
                    exc.GeocoderServiceError, ValueError) as e:
                if isinstance(e, (exc.GeocoderAuthenticationFailure, exc.GeocoderInsufficientPrivileges,
                                  exc.GeocoderQueryError)) and not isinstance(e, exc.GeocoderRateLimited):
                    last = e
                    break
                last = e
                delay = wait
            else:
                row = self._row_from_online(loc)
                self._cache_put(query, row)
                return self._from_cache(row)
            if attempt < self.max_retries:
                time.sleep(min(delay, 60.0))
                wait *= 2
        if query not in self._warned:
            self._warned.add(query)
            warnings.warn(f"online geocoder {self._service} failed for {query!r} after "
                          f"{self.max_retries + 1} tries ({type(last).__name__}: {last}); left unresolved",
                          stacklevel=3)
        return None

    def _row_from_online(self, loc) -> dict | None:
        if loc is None:
            return None
        lat, lon = float(loc.latitude), float(loc.longitude)
        row = {"name": loc.address, "level": "area", "country": None, "province": None,
               "province_code": None, "district": None, "lat": lat, "lon": lon, "score": 0.5,
               "id": None}
        raw = loc.raw if isinstance(loc.raw, dict) else {}
        cc = (raw.get("address") or {}).get("country_code") if isinstance(raw.get("address"), dict) else None
        if cc:
            row["country"] = str(cc).upper()
        try:
            from .join import locate
            from .pack import load_pack

            pack = self.pack if hasattr(self.pack, "districts") else load_pack(self.pack)
            pos = int(locate([lon], [lat], pack=pack)[0])
            if pos >= 0:
                d = pack.districts.iloc[pos]
                row.update(country=pack.iso2, province=d["province"], province_code=d["province_code"],
                           district=d["district"])
        except Exception:  # noqa: BLE001 - the point stays unlocated, not an error
            pass
        return row

    @staticmethod
    def _from_cache(row: dict | None) -> Location | None:
        if not row:
            return None
        return Location(row.get("name") or "", Point(row["lat"], row["lon"]), row)

    def _db(self):
        self._cache_path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self._cache_path, timeout=10)
        con.execute("CREATE TABLE IF NOT EXISTS geocode (service TEXT, query TEXT, result TEXT, "
                    "created REAL, PRIMARY KEY (service, query))")
        return con

    def _cache_get(self, query: str):
        if self._cache_path is None:
            return None
        with self._cache_lock:
            try:
                con = self._db()
                try:
                    r = con.execute("SELECT result FROM geocode WHERE service=? AND query=?",
                                    (self._service, query)).fetchone()
                finally:
                    con.close()
            except sqlite3.Error:
                return None
        if r is None:
            return None
        return json.loads(r[0]) or {}

    def _cache_put(self, query: str, row: dict | None) -> None:
        if self._cache_path is None:
            return
        with self._cache_lock:
            try:
                con = self._db()
                try:
                    with con:
                        con.execute("INSERT OR REPLACE INTO geocode VALUES (?, ?, ?, ?)",
                                    (self._service, query, json.dumps(row), time.time()))
                finally:
                    con.close()
            except sqlite3.Error as e:
                warnings.warn(f"geocode cache {self._cache_path}: {e}", stacklevel=3)


def _make_fallback(fallback, kwargs: dict, user_agent: str):
    if isinstance(fallback, Geocoder):
        return fallback
    from geopy.exc import GeocoderNotFound
    from geopy.geocoders import get_geocoder_for_service

    try:
        cls = get_geocoder_for_service(str(fallback))
    except GeocoderNotFound as e:
        raise GeocoderError(f"unknown online geocoder {fallback!r}: {e}") from None
    kwargs = {"user_agent": user_agent, **kwargs}
    try:
        return cls(**kwargs)
    except (TypeError, Exception) as e:  # noqa: BLE001 - e.g. a missing API key
        raise GeocoderError(f"cannot set up the online geocoder {fallback!r}: {e}") from None


_GEOCODERS: dict = {}


def geocode(query: str, pack: Any = None, online: str | Geocoder | None = None, **kwargs: Any):
    """Geocode one place string with the pack's gazetteer (see :class:`GazetteerGeocoder`).

    Parameters
    ----------
    query : str
        e.g. ``"Khenj District"``, ``"Nad Ali district (Marja)"``, ``"Kabul city"``.
    pack : Pack, str or None
        Country pack (default: the default pack).
    online : str or geopy Geocoder, optional
        Fall back to this online geocoder for names the gazetteer lacks (off by default).
    **kwargs
        Passed to :class:`GazetteerGeocoder` (e.g. ``fallback_kwargs``, ``cache``).

    Returns
    -------
    geopy.location.Location or None
        ``raw`` holds name, level, country, province, province_code, district, lat, lon, score.

    Examples
    --------
    >>> geocode("Qala-I- Naw district").raw["province"]
    'Badghis'
    """
    k = (id(pack) if pack is not None and not isinstance(pack, str) else pack,
         online if isinstance(online, (str, type(None))) else id(online),
         tuple(sorted((a, repr(b)) for a, b in kwargs.items())))
    g = _GEOCODERS.get(k)
    if g is None:
        g = _GEOCODERS[k] = GazetteerGeocoder(pack, fallback=online, **kwargs)
    return g.geocode(query)
