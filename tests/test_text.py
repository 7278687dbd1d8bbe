"""Text hygiene: normalisation with offsets, transliteration keys, mixed scripts."""
from __future__ import annotations

import pytest

from geoevents.text import mixed_script_words, name_key, normalize, skeleton


def test_ascii_text_is_untouched():
    n = normalize("Fighting in Kabul.")
    assert n.text == "Fighting in Kabul." and n.offsets is None
    assert n.span(12, 17) == (12, 17)


@pytest.mark.parametrize("original, expected", [
    ("Bāmyān", "Bamyan"),
    ("Mazār-e Sharīf", "Mazar-e Sharif"),
    ("Kabul\u2019s airport", "Kabul's airport"),
    ("\u201cPanjshir\u201d", '"Panjshir"'),
    ("Pul\u2011e\u2013Khumri", "Pul-e-Khumri"),
    ("Kun\u200bduz", "Kunduz"),           # zero-width space
    ("\u200fHerat\u200e", "Herat"),       # RTL/LTR marks
    ("Ko\u0301nduz", "Konduz"),            # combining accent
    ("\ufb01eld", "field"),                # ligature
    ("Faryab\u00a0province", "Faryab province"),
])
def test_normalize_folds(original, expected):
    assert normalize(original).text == expected


def test_offsets_map_back_to_the_original():
    text = "In Bāmyān\u200b and Mazār-e Sharīf, \u201cKunduz\u201d fell."
    n = normalize(text)
    for word in ("Bamyan", "Mazar-e Sharif", "Kunduz"):
        s = n.text.index(word)
        a, b = n.span(s, s + len(word))
        assert normalize(text[a:b]).text == word
    a, b = n.span(n.text.index("Bamyan"), n.text.index("Bamyan") + 6)
    assert text[a:b] == "Bāmyān"


def test_decomposed_input_keeps_whole_characters():
    text = "Ba\u0304mya\u0304n"  # a + combining macron
    n = normalize(text)
    assert n.text == "Bamyan"
    assert n.span(0, 6) == (0, len(text))


def test_arabic_letter_variants_are_unified():
    # Arabic yeh/kaf become the Persian letters Dari and Pashto use
    assert normalize("\u0643\u0627\u0628\u0644").text == "\u06a9\u0627\u0628\u0644"
    assert name_key("\u0647\u0631\u0627\u062a") == name_key("\u0647\u0631\u0627\u062a")
    assert normalize("\u067e\u0646\u062c\u0640\u0634\u06cc\u0631").text == "\u067e\u0646\u062c\u0634\u06cc\u0631"  # tatweel


@pytest.mark.parametrize("a, b", [
    ("Mazar-i-Sharif", "Mazari Sharif"), ("Mazar-e Sharif", "Mazari Sharif"),
    ("Panjsher", "Panjshir"), ("Panjshayr", "Panjshir"),
    ("Kondoz", "Kunduz"), ("Kundoz", "Kunduz"),
    ("Lashkargah", "Lashkar Gah"),
    ("Jawzjan", "Jowzjan"), ("Joz jan", "Jowzjan"),
    ("Uruzgan", "Oruzgan"), ("Sar-e Pol", "Sar-i-Pul"),
    ("Pol-e Khomri", "Pul-e-Khumri"), ("Nooristan", "Nuristan"),
    ("Qala-e-Naw", "Qala-I- Naw"), ("Daikundi", "Daykundi"),
    ("Wardak", "Vardak"), ("Qandahar", "Kandahar"), ("Farah", "Farah"),
])
def test_transliteration_variants_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Kabul", "Kunduz"), ("Herat", "Helmand"), ("Ghor", "Ghazni"), ("Balkh", "Bulk")])
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("a, b", [("Zheray", "Zhari"), ("Khidir", "Khadir"), ("Noorgram", "Nurgaram")])
def test_skeleton_joins_vowel_variants(a, b):
    assert name_key(a) != name_key(b)
    assert skeleton(name_key(a)) == skeleton(name_key(b))


def test_mixed_script_words_are_reported():
    text = "Troops left K\u0430bul and Herat."  # Cyrillic a
    found = mixed_script_words(text)
    assert [(s, e, w) for s, e, w in found] == [(12, 17, "K\u0430bul")]
    assert mixed_script_words("Plain Kabul") == []
    assert mixed_script_words("\u06a9\u0627\u0628\u0644 Kabul") == []
