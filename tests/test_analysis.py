"""The analysis pipeline (articles.bangla.analysis): tokens, offsets, positions, terms, prefixes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.bangla.analysis import TOKEN_RE, Token, analyze, iter_tokens, normalize_prefix, term_for
from articles.bangla.stopwords import STOPWORDS


def test_iran_forms_share_the_term():
    text = "ইরানের প্রেসিডেন্ট, ইরানকে চাপ; ইরানে বিক্ষোভ। ইরানও রাজি"
    terms = analyze(text)
    assert terms.count("ইরান") == 4
    assert analyze("ইরান") == ["ইরান"]


def test_traps_from_the_issue():
    assert not set(analyze("ঢাকা")) & set(analyze("ঢাক"))
    assert not set(analyze("চীন")) & set(analyze("চিনি"))
    assert not set(analyze("ভোট")) & set(analyze("ভোটার"))
    assert not set(analyze("হাসিনা")) & set(analyze("হাসি"))


def test_offsets_point_into_the_original_text():
    # decomposed য় (2 code points) and a ZWNJ change lengths under normalisation
    text = "রাশি\u09af\u09bcার সঙ্গে র\u200c্যাবের বৈঠক।"
    tokens = list(iter_tokens(text))
    for tok in tokens:
        assert text[tok.start : tok.end] == tok.surface
    assert tokens[0].term == "রাশিয়া"
    assert tokens[-1].surface == "বৈঠক"


def test_positions_count_stopwords_and_stopword_term_is_none():
    tokens = list(iter_tokens("ইরানের সঙ্গে আলোচনা"))
    assert [t.pos for t in tokens] == [0, 1, 2]
    assert tokens[1].term is None and tokens[1].surface == "সঙ্গে"
    assert analyze("ইরানের সঙ্গে আলোচনা") == ["ইরান", "আলোচনা"]


def test_token_is_frozen_dataclass():
    tok = next(iter_tokens("ঢাকা"))
    assert tok == Token("ঢাকা", "ঢাকা", 0, 4, 0)
    try:
        tok.term = "x"
    except AttributeError:
        pass
    else:
        raise AssertionError("Token must be frozen")


def test_danda_and_punctuation_separate_tokens():
    assert analyze("ঢাকা।চট্টগ্রাম,রাজশাহী-খুলনা") == ["ঢাকা", "চট্টগ্রাম", "রাজশাহি", "খুলনা"]


def test_numbers_bengali_digits_match_ascii():
    assert analyze("২০২৪") == analyze("2024") == ["2024"]
    assert analyze("১,২০০ টাকা") == ["1200", "টাকা"]
    assert analyze("২.৫ শতাংশ")[0] == "2.5"
    # a classifier glued to a number belongs to the token but not to the term
    tokens = list(iter_tokens("১০টি দেশ"))
    assert tokens[0].surface == "১০টি" and tokens[0].term == "10"


def test_latin_words_lower_cased():
    assert analyze("Dhaka TRUMP's") == ["dhaka", "trump"]


def test_vowel_signs_and_virama_stay_inside_words():
    # \\w would split these; our tokenizer keeps them whole
    assert analyze("ক্ষমতায়") == ["ক্ষমতা"]
    assert len(list(iter_tokens("শিক্ষার্থীদের"))) == 1


def test_zero_width_only_tokens_are_skipped():
    assert list(iter_tokens("\u200c")) == []
    assert analyze("ঢাকা \u200d ঢাকার") == ["ঢাকা", "ঢাকা"]


def test_stopwords_are_function_words_in_normalised_form():
    for word in ("এবং", "থেকে", "সঙ্গে", "তিনি", "the"):
        assert analyze(word) == []
    for content in ("সরকার", "দেশ", "নির্বাচন", "বিষয়"):
        assert content not in STOPWORDS


def test_normalize_prefix_matches_stems():
    prefix = normalize_prefix("রাশি*")
    assert prefix == "রাশি"
    assert analyze("রাশিয়ার")[0].startswith(prefix)
    assert analyze("মোদীর")[0].startswith(normalize_prefix("মোদী*"))
    assert normalize_prefix("রাশি\u09af\u09bc*") == "রাশিয়"
    assert normalize_prefix("২০২*") == "202"
    assert normalize_prefix("Dhak*") == "dhak"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("কখিয়\u09bc\u200c\u200d১২3,.'’ aZ_-।ৎং")), max_size=40))
def test_token_offsets_are_where_the_pattern_matched(text):
    """iter_tokens finds each offset with str.find after findall: the same spans as the matches."""
    expected, pos = [], 0
    for match in TOKEN_RE.finditer(text):
        term = term_for(match.group())
        if term == "":
            continue
        expected.append(Token(match.group(), term, match.start(), match.end(), pos))
        pos += 1
    assert list(iter_tokens(text)) == expected
