"""Unicode and orthographic normalisation of Bengali text.

Two layers:

* :func:`normalize` fixes encoding-level differences that are the *same letters* typed differently
  (precomposed vs. base+nukta, split vowel signs, khanda ta with ZWJ, invisible joiners). It is safe
  for any text and never merges two distinct words.
* :func:`fold_variants` merges common *spelling* variants (long/short i and u, ...) that Bengali
  news uses interchangeably (মোদি/মোদী, সরকারি/সরকারী). It is applied to index and query terms only.

Both work on single words or running text. ``normalize`` can change the length of the text (it drops
joiners, composes letters), so the analysis pipeline tokenises the *original* text first and
normalises each token separately; offsets therefore always refer to the original input.
"""

from __future__ import annotations

import re

# Bengali digits -> ASCII so ২০২৪ and 2024 are one term.
_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")

NUKTA = "\u09bc"
VIRAMA = "\u09cd"
ZWJ = "\u200d"
ZWNJ = "\u200c"

# Ordered replacements; each pair is (what real text contains, our single canonical form).
# য়/ড়/ঢ় are Unicode composition *exclusions*: NFC splits U+09DF into য + nukta, so NFC would not
# help. We pick the precomposed code points because they are one character (cheaper, and what most
# keyboards produce).
_PAIRS: tuple[tuple[str, str], ...] = (
    # virama typed before nukta: canonical order is nukta (ccc 7) then virama (ccc 9)
    (VIRAMA + NUKTA, NUKTA + VIRAMA),
    ("\u09af" + NUKTA, "\u09df"),  # য + ় -> য়
    ("\u09a1" + NUKTA, "\u09dc"),  # ড + ় -> ড়
    ("\u09a2" + NUKTA, "\u09dd"),  # ঢ + ় -> ঢ়
    # khanda ta: old encoding ত + ্ + ZWJ (Unicode 4.0 and earlier) -> ৎ
    ("\u09a4" + VIRAMA + ZWJ, "\u09ce"),
    # two-part vowel signs: ে + া -> ো, ে + ৗ -> ৌ
    ("\u09c7\u09be", "\u09cb"),
    ("\u09c7\u09d7", "\u09cc"),
    # অ + া typed for আ (seen in OCR'd and hand-typed text)
    ("\u0985\u09be", "\u0986"),
)

# Characters that carry no letter: joiners, soft hyphen, BOM, zero-width space, word joiner.
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u00ad\ufeff\u200b\u2060"), None)

# ত্ before these consonants is the old (pre-ৎ) spelling of khanda ta: উত্সব -> উৎসব, উত্পাদন -> উৎপাদন.
# Only consonants that never form a real conjunct with ত in standard spelling (ত্ত, ত্থ, ত্ন, ত্ম,
# ত্ব, ত্র, ত্য are real conjuncts and are left alone).
_OLD_KHANDA_TA = re.compile("\u09a4\u09cd(?=[\u0995\u0996\u09aa\u09ab\u09b8\u09b6\u09b7])")


def normalize(text: str) -> str:
    """Return ``text`` with one canonical encoding for every Bengali letter.

    Digits are mapped to ASCII, joiners dropped; Latin text is left as is (lower-casing is a
    per-token decision of the tokenizer). Idempotent.
    """
    if not text.isascii():
        for old, new in _PAIRS:
            if old in text:
                text = text.replace(old, new)
        text = text.translate(_INVISIBLE)
        if "\u09a4\u09cd" in text:
            text = _OLD_KHANDA_TA.sub("\u09ce", text)
    return text.translate(_DIGITS)


# Spelling variants merged at term level. Each was checked against the evaluation word pairs
# (eval/analysis_eval.py) for merges of distinct words.
_FOLD = str.maketrans(
    {
        "\u09c0": "\u09bf",  # ী -> ি   (মোদী/মোদি, সরকারী/সরকারি, জানুয়ারী/জানুয়ারি)
        "\u09c2": "\u09c1",  # ূ -> ু   (পূর্ব keeps, but ভূমি/ভুমি misspellings merge)
        "\u0988": "\u0987",  # ঈ -> ই   (ঈদ/ইদ)
        "\u098a": "\u0989",  # ঊ -> উ
    }
)

# Multi-letter spelling variants (pattern, replacement), applied after _FOLD.
_FOLD_SEQ: tuple[tuple[str, str], ...] = (
    ("\u098f\u09cd\u09af\u09be", "\u0985\u09cd\u09af\u09be"),  # এ্যা -> অ্যা (এ্যাপ/অ্যাপ)
    ("\u0999\u09cd\u0995", "\u0982\u0995"),  # ঙ্ক -> ংক (ব্যাঙ্ক/ব্যাংক)
    ("\u0999\u09cd\u0997", "\u0982\u0997"),  # ঙ্গ -> ংগ (বাঙলা/বাংলা, সঙ্গে/সংগে)
)


def fold_variants(word: str) -> str:
    """Merge spelling variants of one (already normalised) word."""
    word = word.translate(_FOLD)
    for old, new in _FOLD_SEQ:
        if old in word:
            word = word.replace(old, new)
    return word
