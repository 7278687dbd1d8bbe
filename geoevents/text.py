"""Text hygiene for matching place names: normalisation with an offset map.

Documents are never changed (``geoevents.docs`` keeps text as given so offsets
stay exact).  Matching runs on a *normalised* copy instead:

* Unicode compatibility forms folded (NFKC: ligatures, full-width letters);
* diacritics removed (``Bāmyān`` -> ``Bamyan``);
* curly quotes, primes and modifier letters -> ``'`` and ``"``; all dashes -> ``-``;
* zero-width characters, soft hyphens and bidi controls removed;
* every kind of space -> ``" "``;
* Arabic-script letters unified (Arabic yeh/kaf -> Persian forms, tatweel dropped).

:func:`normalize` returns the normalised text with, for each of its characters,
the offset of the original character it came from, so a span found in the
normalised text maps back with :meth:`Normalized.span`.

Letters from another script that look like Latin letters (Cyrillic ``а`` in
``Kаbul``) are *not* folded: a word that mixes scripts does not match, and
:func:`mixed_script_words` reports it so the caller can warn.

:func:`name_key` and :func:`skeleton` give the transliteration-insensitive keys
that the gazetteer and the matcher share.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

__all__ = [
    "Normalized", "normalize", "fold", "name_key", "skeleton", "mixed_script_words",
    "is_arabic_script",
]

# Characters dropped outright: zero-width, soft hyphen, bidi marks and controls, BOM.
_DROP = set(
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u0640"
)
_MAP = {
    # quotes, primes, modifier letters used as apostrophes (ʿayn / hamza in transliteration)
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u0060": "'", "\u02bc": "'", "\u02bb": "'", "\u02be": "'", "\u02bf": "'", "\u02b9": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"',
    # dashes and hyphens
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    # Arabic letter variants -> the forms Dari/Pashto writing uses
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647",
    "\u06c0": "\u0647", "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
    # letters that do not decompose
    "\u0131": "i", "\u0141": "L", "\u0142": "l", "\u00d8": "O", "\u00f8": "o", "\u0110": "D",
    "\u0111": "d", "\u00df": "ss", "\u00c6": "AE", "\u00e6": "ae", "\u0152": "OE", "\u0153": "oe",
    "\u1e0f": "d", "\u1e0e": "D",
}


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _MAP:
        return _MAP[ch]
    cat = unicodedata.category(ch)
    if cat == "Zs" or ch in "\t\r\n\x0b\x0c\u2028\u2029":
        return "\n" if ch in "\n\u2028\u2029" else " "
    if cat in ("Cf", "Mn", "Me"):
        return ""
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        if unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        out.append(_MAP.get(c, c))
    return unicodedata.normalize("NFC", "".join(out))


class Normalized:
    """A normalised text and the map of its characters back to the original.

    Attributes
    ----------
    text : str
        The normalised text.
    original : str
        The text as given.

    The map is stored as segments (runs of unchanged characters, and single
    original characters that became zero, one or several characters), so
    normalising a long ASCII-heavy article costs little more than a copy.
    """

    __slots__ = ("text", "original", "_nstarts", "_segs")

    def __init__(self, text: str, original: str, nstarts=None, segs=None):
        self.text = text
        self.original = original
        self._nstarts = nstarts  # normalised start of each segment (sorted)
        self._segs = segs        # (orig_start, identity?) of each segment

    @property
    def offsets(self) -> list[int] | None:
        """Original offset of every normalised character (plus the original length), or None if unchanged."""
        if self._nstarts is None:
            return None
        return [self._orig(i) for i in range(len(self.text))] + [len(self.original)]

    def _orig(self, n: int) -> int:
        k = bisect_right(self._nstarts, n) - 1
        ostart, ident = self._segs[k]
        return ostart + (n - self._nstarts[k]) if ident else ostart

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the normalised text back to the original.

        The original span covers every original character that produced the
        normalised characters in the span, plus combining marks that follow
        (so a decomposed ``ā`` stays whole), but not dropped characters such as
        a zero-width space after the last one.
        """
        if self._nstarts is None:
            return start, end
        s = self._orig(start)
        if end <= start:
            return s, s
        e = self._orig(end - 1) + 1
        orig = self.original
        while e < len(orig) and unicodedata.category(orig[e]) in ("Mn", "Me"):
            e += 1
        return s, e


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching, keeping a map back to original offsets.

    Parameters
    ----------
    text : str
        Original document text (any Unicode).

    Returns
    -------
    Normalized
        ``.text`` for matching, ``.span(start, end)`` to map spans back.

    Examples
    --------
    >>> n = normalize("Bāmyān \u2019s")
    >>> n.text
    "Bamyan 's"
    >>> n.span(0, 6)
    (0, 6)
    """
    if text.isascii():
        return Normalized(text, text)
    parts: list[str] = []
    nstarts: list[int] = []
    segs: list[tuple[int, bool]] = []
    npos = 0
    opos = 0
    changed = False
    for m in _NON_ASCII.finditer(text):
        if m.start() > opos:  # unchanged ASCII run
            nstarts.append(npos)
            segs.append((opos, True))
            parts.append(text[opos:m.start()])
            npos += m.start() - opos
        for i in range(m.start(), m.end()):
            ch = text[i]
            f = _fold_char(ch)
            if f != ch:
                changed = True
            nstarts.append(npos)
            segs.append((i, len(f) == 1))
            parts.append(f)
            npos += len(f)
        opos = m.end()
    if opos < len(text):
        nstarts.append(npos)
        segs.append((opos, True))
        parts.append(text[opos:])
        npos += len(text) - opos
    if not changed:
        return Normalized(text, text)
    # drop segments that produced nothing (zero-width characters): bisect needs distinct starts
    keep_n, keep_s = [], []
    for i, (n0, sg) in enumerate(zip(nstarts, segs)):
        n1 = nstarts[i + 1] if i + 1 < len(nstarts) else npos
        if n1 > n0:
            keep_n.append(n0)
            keep_s.append(sg)
    return Normalized("".join(parts), text, keep_n, keep_s)


def fold(text: str) -> str:
    """Return the normalised form of ``text`` (see :func:`normalize`) without offsets."""
    return normalize(text).text


# ---------------------------------------------------------------- name keys
#: one-to-one letter rules of English-language transliteration of Dari/Pashto:
#: e/i, o/u, y/i, w/v/u, q/k are written interchangeably.
_KEY_TABLE = str.maketrans({"e": "i", "o": "u", "y": "i", "w": "u", "v": "u", "q": "k"})
_NON_ALNUM = re.compile(r"[^0-9a-z\u0600-\u06ff]+")
_DOUBLE = re.compile(r"(.)\1+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_H_BEFORE_CONSONANT = re.compile(r"(?<=[aiu])h(?=[^aiuh])")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Transliteration-insensitive key of a name (or of one word of it).

    Lower case, no diacritics, no spaces or punctuation (so ``Lashkar Gah`` =
    ``Lashkargah`` and ``Mazar-i-Sharif`` = ``Mazari Sharif``); ``e``/``i``,
    ``o``/``u``, ``y``/``i``, ``w``/``v``/``u`` and ``q``/``k`` merged; ``ai``,
    ``au`` -> ``i``, ``u``; doubled letters single; a final ``h`` after a vowel
    dropped (``Farah`` = ``Fara``).  Arabic-script names keep their letters.

    Examples
    --------
    >>> name_key("Mazar-e Sharif") == name_key("Mazari Sharif") == name_key("Mazar-i-Sharif")
    True
    >>> name_key("Panjsher") == name_key("Panjshir") == name_key("Panjshayr")
    True
    >>> name_key("Kondoz") == name_key("Kunduz")
    True
    """
    s = fold(name).lower()
    if _ARABIC.search(s):
        return _NON_ALNUM.sub("", s)
    s = _NON_ALNUM.sub("", s.replace("'", ""))
    s = s.translate(_KEY_TABLE)
    s = _DOUBLE.sub(r"\1", s)  # "Naawur" = "Nawur" before the diphthong rules
    s = s.replace("ai", "i").replace("au", "u")
    s = _H_BEFORE_CONSONANT.sub("", s)
    s = _DOUBLE.sub(r"\1", s)
    if len(s) > 3 and s.endswith("h") and s[-2] in "aiu":
        s = s[:-1]
    return s


_VOWELS = re.compile(r"[aiu]")


@lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """Consonant skeleton of a :func:`name_key`: vowels removed, doubles single.

    Used as a looser second key: ``Khidir``/``Khadir``, ``Zheray``/``Zhari``,
    ``Noorgram``/``Nurgaram`` share a skeleton.
    """
    if _ARABIC.search(key):
        return key
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", key))


# ---------------------------------------------------------------- scripts
def _script(ch: str) -> str:
    if ch.isascii():
        return "latin" if ch.isalpha() else ""
    name = unicodedata.name(ch, "")
    for s in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "ARMENIAN"):
        if name.startswith(s):
            return s.lower()
    return "other" if ch.isalpha() else ""


_WORD = re.compile(r"\w+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def mixed_script_words(text: str) -> list[tuple[int, int, str]]:
    """Find words that mix Latin letters with look-alike letters of another script.

    Such words (``Kаbul`` with a Cyrillic ``а``) are usually spoofed or
    corrupted text; they never match a place name, and callers may warn.

    Returns
    -------
    list of (start, end, word)
    """
    if text.isascii():
        return []
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        if w.isascii() or not _ASCII_LETTER.search(w):
            continue  # pure Latin, or no Latin letter at all (Dari, Cyrillic...)
        scripts = {_script(c) for c in w} - {""}
        if "latin" in scripts and scripts & {"cyrillic", "greek", "armenian"}:
            out.append((m.start(), m.end(), w))
    return out


def is_arabic_script(word: str) -> bool:
    """True when ``word`` contains Arabic-script letters (Dari, Pashto, Arabic)."""
    return bool(_ARABIC.search(word))
