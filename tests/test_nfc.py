"""articles/bangla/nfc.py: the same result as unicodedata's NFC on any text, and the text itself (no
copy, no normalisation pass) when it is NFC already."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.bangla.nfc import nfc

BENGALI = st.characters(min_codepoint=0x0980, max_codepoint=0x09FF)
# Latin letters and combining accents, conjoining jamo and Hangul syllables, and characters outside
# the Basic Multilingual Plane: the other ways NFC changes a text.
OTHERS = st.one_of(
    st.characters(min_codepoint=0x41, max_codepoint=0x7A),
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),
    st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),
    st.characters(min_codepoint=0xAC00, max_codepoint=0xAC20),
    st.characters(min_codepoint=0x1D15E, max_codepoint=0x1D164),
    st.characters(),
)
BENGALI_PIECES = st.sampled_from(["ে", "া", "ৗ", "ো", "ৌ", "য়", "য়", "ড়", "ড়", "়", "্", "ক্ষ", "এ", "ঢাকা "])
PIECES = st.one_of(BENGALI_PIECES, st.sampled_from(["é", "é", "\u0323\u0301", "\u0301\u0323"]))


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(PIECES, BENGALI, OTHERS), max_size=30))
def test_nfc_equals_unicodedata_on_any_text(parts):
    text = "".join(parts)
    assert nfc(text) == unicodedata.normalize("NFC", text)


@settings(max_examples=500, deadline=None)
# The sandhi mark (U+09FE, a combining mark rare in news) takes the full pass: left out here.
@given(
    st.lists(
        st.one_of(
            BENGALI_PIECES,
            st.characters(min_codepoint=0x0980, max_codepoint=0x09FD),
            st.characters(max_codepoint=0x7F),
        ),
        max_size=30,
    )
)
def test_bengali_text_in_nfc_already_is_returned_as_it_is(parts):
    text = unicodedata.normalize("NFC", "".join(parts) + " বাংলা")
    assert nfc(text) is text


def test_the_bengali_sequences_nfc_changes_are_changed():
    for written, expected in [
        ("\u09c7\u09be", "\u09cb"),  # ে + া -> ো
        ("\u09c7\u09d7", "\u09cc"),  # ে + ৗ -> ৌ
        ("\u09df", "\u09af\u09bc"),  # precomposed য় is never kept
        ("\u09a1\u09cd\u09bc", "\u09a1\u09bc\u09cd"),  # virama before nukta: reordered
    ]:
        assert nfc(f"খবর {written} খবর") == f"খবর {expected} খবর"
