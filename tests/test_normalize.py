"""Unicode normalisation and spelling-variant folding (articles.bangla.normalize)."""

import unicodedata

import pytest

from articles.bangla.normalize import fold_variants, normalize

YA_DECOMPOSED = "\u09af\u09bc"
YA = "\u09df"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("রাশি" + YA_DECOMPOSED + "া", "রাশি" + YA + "া"),  # য + nukta -> য়
        ("বা\u09a1\u09bcি", "বা\u09dcি"),  # ড + nukta -> ড়
        ("আষা\u09a2\u09bc", "আষা\u09dd"),  # ঢ + nukta -> ঢ়
        ("উত্\u200dসব", "উৎসব"),  # ত্ + ZWJ -> ৎ
        ("উত্সব", "উৎসব"),  # old khanda-ta spelling
        ("ক\u09c7\u09beটি", "কোটি"),  # ে + া -> ো
        ("ন\u09c7\u09d7কা", "নৌকা"),  # ে + ৗ -> ৌ
        ("র\u200c্যাব", "র্যাব"),  # ZWNJ dropped
        ("২০২৪", "2024"),  # Bengali digits -> ASCII
    ],
)
def test_normalize_unifies_encodings(raw, expected):
    assert normalize(raw) == expected


def test_nfc_would_not_do_it():
    # য় is a composition exclusion: NFC *splits* it, which is why we cannot rely on NFC.
    assert unicodedata.normalize("NFC", YA) == YA_DECOMPOSED
    assert normalize(unicodedata.normalize("NFC", YA)) == YA


def test_normalize_is_idempotent_and_keeps_real_conjuncts():
    text = "মহত্ত্ব উত্তর রাশিয়ার ২০২৪ সালে"
    assert normalize(normalize(text)) == normalize(text)
    assert "ত্ত" in normalize("মহত্ত্ব")  # ত্ত is a real conjunct, not khanda ta
    assert normalize("উত্তর") == "উত্তর"


def test_normalize_leaves_ascii_and_punctuation():
    assert normalize("Dhaka, 2024।") == "Dhaka, 2024।"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("মোদী", "মোদি"),
        ("জানুয়ারী", "জানুয়ারি"),
        ("সরকারী", "সরকারি"),
        ("ইউনূস", "ইউনুস"),
        ("ঈদ", "ইদ"),
        ("ব্যাঙ্ক", "ব্যাংক"),
        ("এ্যাপ", "অ্যাপ"),
    ],
)
def test_fold_variants_merges_spelling_variants(a, b):
    assert fold_variants(normalize(a)) == fold_variants(normalize(b))


@pytest.mark.parametrize(("a", "b"), [("চীন", "চিনি"), ("কাঁটা", "কাটা"), ("ঢাকা", "ঢাক")])
def test_fold_variants_keeps_distinct_words(a, b):
    # chandrabindu is *not* folded: কাঁটা (thorn) and কাটা (cut) are different words
    assert fold_variants(a) != fold_variants(b)
