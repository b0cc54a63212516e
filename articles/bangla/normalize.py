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
    # ... or ত + ্ + ZWNJ (an explicit virama, how some keyboards type it: ভবিষ্যত্‌)
    ("\u09a4" + VIRAMA + ZWNJ, "\u09ce"),
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
# ত্ব, ত্র, ত্য are real conjuncts and are left alone). At the end of a word (বিদ্যুত্) ত্ is ৎ too.
_OLD_KHANDA_TA = re.compile("\u09a4\u09cd(?=[\u0995\u0996\u09aa\u09ab\u09b8\u09b6\u09b7]|[^\u0980-\u09ff]|$)")


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


# Spelling variants merged at term level: one key per word, the same at index and query time.
# Chosen by listing what each alternation merges in the archive's own vocabulary
# (eval/variant_pairs.py) and labelling the pairs by hand (eval/gold/variants.tsv, apart.tsv).
# ী/ি merges about a hundred genuine variants there (লীগ/লিগ, শহীদ/শহিদ, রশীদ/রশিদ: most of them
# inside the word, so a word-final-only rule would miss them) against a handful of distinct words,
# which _KEEP below keeps apart.
_FOLD = str.maketrans(
    {
        "\u09c0": "\u09bf",  # ী -> ি   (মোদী/মোদি, সরকারী/সরকারি, লীগ/লিগ)
        "\u09c2": "\u09c1",  # ূ -> ু   (মুহূর্ত/মুহুর্ত, ইউনূস/ইউনুস)
        "\u0988": "\u0987",  # ঈ -> ই   (ঈদ/ইদ)
        "\u098a": "\u0989",  # ঊ -> উ
        "\u09ce": "\u09a4",  # ৎ -> ত   (ভবিষ্যৎ/ভবিষ্যত, and ভবিষ্যৎ meets ভবিষ্যতের)
        "\u0999": "\u0982",  # ঙ -> ং   (রঙ/রং; ঙ্ before a consonant is handled in _SEQ)
        "\u09a3": "\u09a8",  # ণ -> ন   (ধরণ/ধরন, কারণ/কারন, ঘণ্টা/ঘন্টা, মণ্ডল/মন্ডল)
    }
)

# Multi-letter alternations, one regex pass before _FOLD. Each is orthographic only: no distinct
# pair of words in the archive differs by one of them.
_SEQ = {
    "\u0999\u09cd": "\u0982",  # ঙ্ -> ং       (সঙ্কট/সংকট, সঙ্ঘর্ষ/সংঘর্ষ, ব্যাঙ্ক/ব্যাংক)
    "\u09b7\u09cd\u099f": "\u09b8\u09cd\u099f",  # ষ্ট -> স্ট   (ষ্টেশন/স্টেশন, অগাষ্ট/অগাস্ট)
    "\u09b7\u09cd\u0995": "\u09b8\u09cd\u0995",  # ষ্ক -> স্ক   (পুরষ্কার/পুরস্কার, পরিষ্কার/পরিস্কার)
    "\u09cd\u09af\u09cd\u09af": "\u09cd\u09af",  # ্য্য -> ্য   (আচার্য্য/আচার্য)
    "\u09c7\u0993\u09df": "\u09c7\u09df",  # েওয় -> েয়   (দেওয়া/দেয়া, নেওয়ার/নেয়ার)
    "\u098f\u09cd\u09af\u09be": "\u098f",  # এ্যা -> এ   (এ্যাপ/অ্যাপ/এপ)
    "\u0985\u09cd\u09af\u09be": "\u098f",  # অ্যা- -> এ- at the start (অ্যাকাউন্ট/একাউন্ট)
}
_SEQ_RE = re.compile(
    "\u0999\u09cd|\u09b7\u09cd[\u099f\u0995]|\u09cd\u09af\u09cd\u09af"
    "|\u09c7\u0993\u09df|\u098f\u09cd\u09af\u09be|^\u0985\u09cd\u09af\u09be"
)


def _seq(match: re.Match) -> str:
    return _SEQ[match.group()]


# Words the folding would merge with a different word (ভীত afraid / ভিত foundation, নীল blue / নিল
# took, কষ্ট pain / কস্ট cost, কোণ angle / the stopword কোন), with their common endings: they keep
# their spelling. ভীত, কালী, করুণ, কোণ and মণ were found in the archive's vocabulary and the NER
# sentences (eval/variant_pairs.py --ner); the rest are well-known pairs.
_KEEP_WORDS = (
    *("ভীত", "কালী", "করুণ", "কোণ", "কোণা", "মণ", "দীন", "নীল"),
    *("কীট", "কূল", "কষ্ট", "ইষ্ট", "বাণ", "পাণি", "বীণা", "বর্ণ", "কর্ণ", "রণ"),
)
_KEEP_ENDINGS = ("", "ের", "র", "ে", "য়", "কে", "তে", "ও", "ই", "েরও", "েই", "েও", "রা", "দের", "টি", "টির")
_KEEP = frozenset(normalize(w + e) for w in _KEEP_WORDS for e in _KEEP_ENDINGS)


def fold_variants(word: str) -> str:
    """Merge spelling variants of one (already normalised) word. Idempotent."""
    if word in _KEEP:
        return word
    # Every _SEQ_RE match holds ঙ, ষ, য or ও; most words have none and skip the regex (four
    # substring tests cost a fifth of a regex search).
    if "\u0999" in word or "\u09b7" in word or "\u09af" in word or "\u0993" in word:
        word = _SEQ_RE.sub(_seq, word)
    return word.translate(_FOLD)
