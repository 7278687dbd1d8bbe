"""Sentence splitting with character offsets, and recognition of scraped junk.

News text scraped from web pages mixes the article with page furniture:
photo captions ("... (Image: GETTY)"), newsletter boxes ("Sign up to receive
our rundown..."), teasers ("JUST IN: ...", "SEE ALSO: ...") and headlines of
other articles shown as links ("... [ANALYSIS]").  :func:`split_sentences`
cuts a text into sentences whose ``start``/``end`` index the original text
and flags such junk so that no event is read from it.

The splitter is rule based and fast: line breaks always end a sentence (a
headline or a caption is its own sentence), and within a line a sentence ends
at ``.``, ``!`` or ``?`` (possibly followed by closing quotes or brackets)
before whitespace and a capital letter, a digit or an opening quote, unless the
word before the stop is a known abbreviation ("Aug.", "Gen.", "U.S.").
"""
from __future__ import annotations

import re
from typing import Any, NamedTuple

__all__ = ["Sentence", "split_sentences", "split_line", "line_spans", "iter_lines", "is_junk"]


class Sentence(NamedTuple):
    """One sentence of a document.

    Attributes
    ----------
    start, end : int
        Character offsets into the document text (``text[start:end]``).
    text : str
        The sentence itself, stripped of surrounding whitespace.
    line : int
        Index of the line (paragraph) the sentence is in.
    junk : bool
        True for page furniture (captions, newsletter boxes, teaser links).
    heading : bool
        True for a line without final punctuation (a headline or a subheading).
    """

    start: int
    end: int
    text: str
    line: int
    junk: bool = False
    heading: bool = False


#: Words that, followed by a full stop, do not end a sentence.
ABBREVIATIONS = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm gov sen rep st mt ft no nos vs etc approx
    est dept univ inc ltd co corp jr sr e.g i.e u.s u.k u.n a.m p.m""".split()
)

# A sentence stop: . ! ? (or an ellipsis), then optional closing quotes/brackets.  Written to start with one
# character set (same matches as "\.{3}|…|[.!?]") so that the regex engine skips ahead to candidate characters.
# The empty group ``plain`` matches after a full stop that closes an ordinary lower-case word of five or more
# letters (not "approx"): such a stop ends a sentence without a look at the abbreviations.
# Group 2 is the white space after the stop (the next sentence starts after it).
_STOP = re.compile(r"""[.!?…](?:(?<=[a-z]{5}\.)(?<![Aa]pprox\.)(?P<plain>)|)(?:(?<=\.)\.\.)?[\"'”’)\]]*(\s+)(?=[\"'“‘(\[]?[A-Z0-9])""")
# The same for a line without "!", "?" or "…": a literal first character lets the regex engine skip ahead fast.
_STOP_DOT = re.compile(_STOP.pattern.replace("[.!?…]", "\\.", 1))

# Page furniture, matched on a whole line or sentence.
_JUNK_LINE = re.compile(
    r"""^\s*(?:
        sign\ up\b | subscribe\b | invalid\ email | we\ use\ your\ sign-?up | more\ info\s*$ |
        just\ in\s*: | read\ more\s*: | see\ also\s*: | related(?:\ post|\ articles?|\ stories)?\s*:?\s*$ | related\s*:\s*\S | also\ read\s*[:|] | read\ also\s*[:|] |
        more\ (?:stories|news)\s*: | most\ read\s*: |
        you\ may\ \w+\ like | share\ this\b | click\ here\b | follow\ us\b | advertisement\s*$ |
        quick\ read\s*$ | agency\ report\s*$ | (?:updated|published)\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CAPTION = re.compile(
    r"""\((?:image|photo|picture|pictured|credit|video)s?\s*:[^)]*\)\s*$ |
        \|\s*photo\s+credit\s*: | \bphoto\s*:\s*[^.]{0,80}/ | \bphoto\s+credit\b""",
    re.IGNORECASE | re.VERBOSE,
)
#: The time stamp that opens a live blog's entry ("11:30 - ", "10.05:", "0915 BST ").
_TIME_STAMP = re.compile(r"\s*(?:\d{1,2}[:.]\d{2}|\d{3,4}(?=\s*(?:gmt|utc|bst|ist|edt|est)\b))\s*(?:(?:gmt|utc|bst|ist|edt|est|local(?:\s+time)?)\b)?\s*[-\u2013\u2014:|]?\s*",
                         re.IGNORECASE)
#: First three letters of the lines _JUNK_LINE can match (a cheap test before it).
_JUNK_STARTS = frozenset(("sig", "sub", "inv", "we ", "mor", "jus", "rea", "see", "rel", "you", "sha", "cli", "fol",
                          "adv", "qui", "age", "upd", "pub", "als", "mos"))
#: A line that announces a block of links to other articles ("Related:", "Most read", "More stories").
_TEASER_HEADER = re.compile(
    r"^\s*(?:related(?:\s+(?:posts?|articles?|stories|news|coverage|content|reading|links?|topics))?|read\s+(?:more|also|next)|"
    r"also\s+read|see\s+also|more\s+(?:stories|news|articles|on\s+this(?:\s+story)?|from\s+\w+(?:\s+\w+)?)|"
    r"most\s+(?:read|popular|viewed|shared|watched)|top\s+stories|trending(?:\s+now)?|recommended(?:\s+for\s+you)?|"
    r"you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|what\s+to\s+read\s+next|editor['’]?s\s+picks)\s*:?\s*$",
    re.IGNORECASE,
)
#: First three letters of the lines _TEASER_HEADER can match.
_TEASER_STARTS = frozenset(("rel", "rea", "als", "see", "mor", "mos", "top", "tre", "rec", "you", "wha", "edi"))
_LINK_HEADLINE = re.compile(r"\[[A-Z][A-Z ]{2,20}\]\s*$")
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)


def _class_opening_end(s: str, i: int) -> int:
    """End of the opening of the character class at ``s[i] == "["``: "[", "[^", and a "]" right after
    them, which is a member ("[]...]")."""
    j = i + 1 + (s[i + 1:i + 2] == "^")
    return j + 1 if s[j:j + 1] == "]" else j


# case-free twins of IGNORECASE patterns (used by the event reader and the date finder)
def _case_free(pat: re.Pattern) -> re.Pattern | None:
    """``pat`` (compiled with IGNORECASE) compiled case-sensitively with its letters lower-cased, to run on
    lower-cased ASCII text: the same matches at the same offsets, found faster (the regular expression
    engine skips alternatives by their first letter only when it need not fold case).  None when ``pat``
    is case-sensitive in whole or in part."""
    s = pat.pattern
    if not pat.flags & re.IGNORECASE or "(?-i" in s or "\\N" in s or any(c.isalpha() and not c.isascii() for c in s):
        return None
    out, i, in_class = [], 0, False
    while i < len(s):
        c = s[i]
        if c == "\\":
            out.append(s[i:i + 2])  # an escape (\S, \b, \W ...) keeps its case
            i += 2
            continue
        if not in_class and s.startswith(("(?P<", "(?P="), i):
            j = s.index(">" if s[i + 3] == "<" else ")", i)
            out.append(s[i:j + 1])  # a group name
            i = j + 1
            continue
        if c == "[" and not in_class:
            in_class = True
            j = _class_opening_end(s, i)
            out.append(s[i:j])
            i = j
            continue
        if c == "]" and in_class:
            in_class = False
        elif in_class and c.isupper():
            return None  # a range such as [A-z] would change
        out.append(c.lower())
        i += 1
    try:
        return re.compile("".join(out), pat.flags & ~re.IGNORECASE)
    except re.error:
        return None


def _superset_free(pat: re.Pattern) -> re.Pattern | None:
    """A pattern to run on the lower-cased text (as :func:`_case_free` twins are) that matches at every
    position where ``pat`` matches the text, and perhaps at others: for a ``pat`` that :func:`_case_free`
    cannot twin because part of it is case-sensitive (``(?-i:[A-Z])``, a pattern compiled without
    IGNORECASE but with ``(?i:...)`` groups).  Its case-sensitive parts are lower-cased, which only widens
    what they match; None when such a part stands inside a negative lookaround (where widening narrows),
    or in a construct this function does not read.  A match of ``pat`` then starts only where this
    pattern matches (see ``events._finditer_superset``)."""
    src = pat.pattern
    if pat.flags & re.VERBOSE or "\\N" in src or any(c.isalpha() and not c.isascii() for c in src):
        return None
    out: list[str] = []
    stack = [(bool(pat.flags & re.IGNORECASE), 0)]  # per open group: (case-insensitive, negative lookarounds around)
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        ci, neg = stack[-1]
        if c == "\\":
            esc = src[i:i + 2]
            if esc[1:].isalpha() and esc[1] not in "bBwWdDsSAZ":
                return None  # \n, \t, \x..., \u...: not read here
            out.append(esc)
            i += 2
            continue
        if c == "[":
            j = i + 1 + (src[i + 1:i + 2] == "^")
            j += src[j:j + 1] == "]"
            while j < n and src[j] != "]":
                j += 2 if src[j] == "\\" else 1
            if j >= n:
                return None
            body = src[i + 1:j]
            bare = re.sub(r"\\.", "", body)  # without its escapes
            if any(ch.isupper() for ch in bare):
                # only single capitals and the range A-Z, lower-cased; a negated class must not change
                if body.startswith("^") or re.search(r"-[A-Z]|[A-Z]-(?!Z)", body.replace("A-Z", "")):
                    return None
                if not ci and neg % 2:
                    return None
            elif not ci and (neg % 2 or body.startswith("^")) and any(ch.isalpha() for ch in bare):
                return None  # (lower-casing the text narrows what a case-sensitive negated class matches)
            if body.startswith("^"):
                out.append(src[i:j + 1])
            else:
                # letters lower-cased, escapes (\\W, \\S, \\d ...) kept
                out.append("[" + re.sub(r"\\.|[A-Z]", lambda m: m.group(0) if len(m.group(0)) == 2 else m.group(0).lower(), body) + "]")
            i = j + 1
            continue
        if c == "(":
            for opener, repl, case in (("(?-i:", "(?:", False), ("(?i:", "(?:", True), ("(?!", "(?!", None), ("(?<!", "(?<!", None),
                                       ("(?=", "(?=", None), ("(?<=", "(?<=", None), ("(?:", "(?:", None)):
                if src.startswith(opener, i):
                    out.append(repl)
                    stack.append((ci if case is None else case, neg + (opener in ("(?!", "(?<!"))))
                    i += len(opener)
                    break
            else:
                if src.startswith("(?P<", i):
                    j = src.index(">", i)
                    out.append(src[i:j + 1])
                    stack.append((ci, neg))
                    i = j + 1
                elif src.startswith("(?", i):
                    return None  # other flags, back references, conditionals
                else:
                    out.append(c)
                    stack.append((ci, neg))
                    i += 1
            continue
        if c == ")":
            if len(stack) < 2:
                return None
            stack.pop()
        elif c.isalpha():
            if not ci and neg % 2:
                return None
            c = c.lower()
        out.append(c)
        i += 1
    if len(stack) != 1:
        return None
    try:
        return re.compile("".join(out), pat.flags & ~re.IGNORECASE)
    except re.error:
        return None


#: Characters that case-fold to an ASCII letter ("İ", "ı", "ſ", the Kelvin sign), as written in a pattern.
_FOLDS_TO_ASCII = re.compile(r"[\u0130\u0131\u017f\u212a]|\\(?:u(?:0130|0131|017[fF]|212[aA])|U|N)")


def _ascii(pat: re.Pattern) -> re.Pattern:
    """``pat`` compiled with ``re.ASCII``, for ASCII text (``text.isascii()``): the same matches at the same
    offsets, found faster (case folding and the ``\\w``/``\\b``/``\\d``/``\\s`` tests are simpler).  On ASCII
    text the two differ only where ``\\s`` meets the separators "\\x1c"-"\\x1f" (white space in Unicode,
    not in ASCII), so ``\\s`` is widened to them; a pattern this cannot keep exact (a class holding
    ``\\S``, a pattern letter that folds to an ASCII letter such as "ı", inline flags, VERBOSE) is
    returned as it is."""
    s = pat.pattern
    if not isinstance(s, str) or pat.flags & re.VERBOSE or _FOLDS_TO_ASCII.search(s) or re.search(r"\(\?[a-zA-Z]*[aLux]", s):
        return pat
    if (pat.flags & re.IGNORECASE or "(?i" in s) and re.search(r"-(?:\\[uUx]|[^\x00-\x7f])", s):
        return pat  # (a class range with a non-ASCII end may hold such a letter)
    out, i, in_class = [], 0, False
    while i < len(s):
        c = s[i]
        if c == "\\":
            esc = s[i:i + 2]
            if esc == "\\s":
                esc = "\\s\\x1c-\\x1f" if in_class else "[\\s\\x1c-\\x1f]"
            elif esc == "\\S":
                if in_class:
                    return pat
                esc = "[^\\s\\x1c-\\x1f]"
            out.append(esc)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            j = _class_opening_end(s, i)
            out.append(s[i:j])
            i = j
            continue
        if c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    try:
        return re.compile("".join(out), (pat.flags & ~re.UNICODE) | re.ASCII)
    except re.error:
        return pat


def _holds_any(pieces) -> Any:
    """A test ``f(low) -> bool``: whether the string ``low`` holds any of ``pieces`` (the same answer as
    ``any(p in low for p in pieces)``, found in one Aho-Corasick pass)."""
    import ahocorasick

    pieces = list(pieces)
    if not pieces:
        return lambda low: False
    if not all(pieces):
        return lambda low: True  # "" is in every string
    automaton = ahocorasick.Automaton()
    for p in pieces:
        automaton.add_word(p, None)
    automaton.make_automaton()
    it = automaton.iter
    return lambda low: next(it(low), None) is not None


def _lowered(text: str) -> str | None:
    """``text`` lower-cased when :func:`_case_free` patterns find on it what the originals find on
    ``text`` (every character but "İ", "ı" and "ſ" folds case as ``str.lower`` does), else None."""
    low = text.lower()
    if len(low) != len(text) or "ı" in text or "ſ" in text:
        return None
    return low


def is_junk(line: str) -> bool:
    """Return True when ``line`` is page furniture rather than article text.

    Parameters
    ----------
    line : str
        A line or sentence of scraped text.

    Returns
    -------
    bool
        True for photo captions, newsletter and sign-up boxes, "JUST IN:" style
        teasers, headlines shown as links ("... [ANALYSIS]") and bare URLs.

    Examples
    --------
    >>> is_junk("Fighters rest during a patrol (Image: GETTY)")
    True
    >>> is_junk("The militants seized the town on Monday.")
    False
    """
    if line[:1].isdigit() or line[:1].isspace() and line.lstrip()[:1].isdigit():
        stamp = _TIME_STAMP.match(line)  # a live blog's "11:30 - Read more: ..." is furniture too
        if stamp:
            line = line[stamp.end():]
    low = line.lower()
    if low.lstrip()[:3] in _JUNK_STARTS and _JUNK_LINE.match(line):
        return True
    if ("(" in line or "photo" in low) and _CAPTION.search(line):
        return True
    if line.rstrip().endswith("]") and _LINK_HEADLINE.search(line):
        return True
    return ("http" in low or "www." in low) and bool(_URL_ONLY.match(line))


def is_teaser_header(line: str) -> bool:
    """Return True when ``line`` announces links to other articles ("Related:", "Most read", "More stories").

    The headline-like lines after it (see :func:`is_teaser`) are teasers, not article text.

    Examples
    --------
    >>> is_teaser_header("Most read")
    True
    >>> is_teaser_header("Related: the Taliban take Herat")
    False
    """
    return len(line) < 48 and line.lstrip()[:3].lower() in _TEASER_STARTS and bool(_TEASER_HEADER.match(line))


def is_teaser(line: str) -> bool:
    """Return True when ``line`` reads like a headline of a link (short, no closing full stop).

    Examples
    --------
    >>> is_teaser("Taliban take Herat after weeks of fighting")
    True
    >>> is_teaser("The militants seized the town on Monday.")
    False
    """
    stripped = line.rstrip()
    return 0 < len(stripped) < 200 and stripped.rstrip("\"'”’)]")[-1:] not in (".", "!", ":", ";", ",", "…")


def _maybe_junk(seg: str) -> bool:
    """Cheap test that a sentence inside a paragraph could be page furniture."""
    return "(" in seg or "[" in seg or "http" in seg or "www." in seg or "hoto" in seg or seg[:3].lower() in _JUNK_STARTS


def _is_abbreviation(text: str, stop: int) -> bool:
    """True when the full stop at ``stop`` closes an abbreviation or an initial."""
    if text[stop] != ".":
        return False
    w4 = text[stop - 4:stop]
    if len(w4) == 4 and w4.isalpha() and w4.islower():
        # the common case, an ordinary lower-case word: only a few four-letter ones are abbreviations
        if stop >= 5 and text[stop - 5].isalpha():
            return text[max(0, stop - 7):stop].lower().lstrip(" (\"“") in ("approx",)
        return w4 in ABBREVIATIONS
    i = stop - 1
    while i >= 0 and stop - i <= 12 and (text[i].isalpha() or text[i] == "."):
        i -= 1
    word = text[i + 1:stop].lower().strip(".")
    if not word or (i >= 0 and text[i].isdigit()):
        return False  # "the 1990s." ends a sentence
    if "." not in word and len(word) > 6:
        return False  # an ordinary word ends the sentence
    if word in ABBREVIATIONS:
        return True
    # single initials ("J. Smith") and dotted acronyms ("U.S.")
    return len(word) == 1 or ("." in word and all(len(part) == 1 for part in word.split(".") if part))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``.

    Parameters
    ----------
    text : str
        A document, untouched (offsets index it).

    Returns
    -------
    list of Sentence
        In text order, junk included but flagged (``Sentence.junk``); empty
        lines give no sentence.

    Examples
    --------
    >>> [s.text for s in split_sentences("Kabul fell on Aug. 15. The city is calm.")]
    ['Kabul fell on Aug. 15.', 'The city is calm.']
    """
    out: list[Sentence] = []
    for line_no, line_start, line in iter_lines(text):
        out.extend(split_line(line, line_start, line_no))
    return out


def iter_lines(text: str):
    """Yield ``(line number, offset, line)`` for the non-blank lines of ``text``."""
    pos = 0
    for line_no, line in enumerate(text.split("\n")):
        line_start = pos
        pos += len(line) + 1
        if line.strip():
            yield line_no, line_start, line


def line_spans(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of one line, offsets into the line, whitespace stripped."""
    stop = _STOP if ("!" in line or "?" in line or "…" in line) else _STOP_DOT
    out = []
    a = len(line) - len(line.lstrip())
    for m in stop.finditer(line):
        if m.start(1) >= 0 or not _is_abbreviation(line, m.start()):
            out.append((a, m.start(2)))
            a = m.end()
    b = len(line.rstrip())
    if b > a:
        out.append((a, b))
    return out


def split_line(line: str, line_start: int = 0, line_no: int = 0) -> list[Sentence]:
    """Sentences of one line (paragraph) that starts at offset ``line_start`` of its document."""
    junk_line = is_junk(line)
    stripped = line.rstrip()
    heading = stripped[-1:] not in ".!?:;,\"'”’)]" and len(stripped) < 200
    spans = line_spans(line)
    single = len(spans) == 1
    out: list[Sentence] = []
    for a, b in spans:
        seg = line[a:b]
        out.append(Sentence(line_start + a, line_start + b, seg, line_no,
                            junk_line or (not single and _maybe_junk(seg) and is_junk(seg)), heading))
    return out


def _pieces_of(seq, min_len: int):
    """Lower-case strings one of which every match of a parsed pattern holds (the choice whose
    shortest string is longest), or None when no literal of ``min_len`` letters is certain."""
    from re._constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN

    options = []
    run: list[str] = []

    def close() -> None:
        if len(run) >= min_len:
            options.append({"".join(run)})
        run.clear()

    for op, av in seq:
        if op is LITERAL:
            run.append(chr(av).lower())
            continue
        close()
        got = None
        if op is SUBPATTERN:
            got = _pieces_of(av[-1], min_len)
        elif op is BRANCH:
            alts = [_pieces_of(b, min_len) for b in av[1]]
            got = None if any(a is None for a in alts) else set().union(*alts)
        elif op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
            got = _pieces_of(av[2], min_len)
        if got:
            options.append(got)
    close()
    return max(options, key=lambda o: min(map(len, o))) if options else None


def required_pieces(patterns, min_len: int = 3) -> frozenset | None:
    """Lower-case strings one of which every case-insensitive match of any of ``patterns`` holds.

    A cheap prefilter: text (lower-cased) holding none of them cannot match. None when some
    pattern has no literal of ``min_len`` characters that every match must contain.

    Examples
    --------
    >>> sorted(required_pieces([r"(?:afghan\\s+)?army", r"the\\s+resistance", r"nrfa?"]))
    ['army', 'nrf', 'resistance']
    """
    import re._parser as sre_parse

    out: set[str] = set()
    for p in patterns:
        got = _pieces_of(sre_parse.parse(p, re.IGNORECASE), min_len)
        if got is None:
            return None
        out |= got
    return frozenset(out)
