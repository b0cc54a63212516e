"""Search-result snippets (articles/bangla/highlight.py): pure text in, HTML out."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.bangla.analysis import analyze
from articles.bangla.highlight import snippet

FILLER = "আজ সকালে বাজারে অনেক মানুষ ছিল। " * 12


def test_inflected_surface_words_are_marked():
    html = snippet("তেহরান থেকে খবর: ইরানের প্রেসিডেন্ট ইরানকে নিয়ে কথা বলেন।", set(analyze("ইরান")))
    assert "<mark>ইরানের</mark>" in html and "<mark>ইরানকে</mark>" in html
    assert "<mark>তেহরান</mark>" not in html


def test_no_match_gives_an_empty_snippet():
    assert snippet("কোনো মিল নেই এখানে।", set(analyze("ইরান"))) == ""
    assert snippet("", set(analyze("ইরান"))) == ""
    assert snippet("ইরান", frozenset()) == ""


def test_text_is_escaped_around_the_marks():
    html = snippet("<script>x</script> ইরান & রাশিয়া", set(analyze("ইরান")))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>ইরান</mark>" in html


def test_the_passage_with_more_different_query_words_wins():
    text = FILLER + "ইরান একা। " + FILLER + "ইরান ও রাশিয়া একসঙ্গে। " + FILLER
    html = snippet(text, set(analyze("ইরান রাশিয়া")), fragments=1)
    assert "<mark>রাশিয়া</mark>" in html and "একসঙ্গে" in html and "একা" not in html


def test_two_fragments_do_not_overlap_and_keep_text_order():
    text = "প্রথমে ইরান। " + FILLER + "পরে রাশিয়া। " + FILLER
    html = snippet(text, set(analyze("ইরান রাশিয়া")), width=80, surround=20)
    first, second = html.split(" … ")
    assert "ইরান" in first and "রাশিয়া" in second
    assert len(first) < 200 and len(second) < 200


def test_fragments_start_and_end_on_word_boundaries():
    text = FILLER + "ইরান " + FILLER
    html = snippet(text, set(analyze("ইরান")), width=100, surround=30, fragments=1)
    words = set(FILLER.split())
    plain = html.replace("<mark>", "").replace("</mark>", "")
    assert all(word in words or word in ("ইরান", "…") for word in plain.split())


def test_a_passage_starting_mid_sentence_says_so_and_one_at_a_sentence_does_not():
    sentence = "গতকাল রাতে বন্দরের শ্রমিকেরা জানান যে নতুন জাহাজটি ইরান থেকে এসেছে বলে শোনা যাচ্ছে। "
    text = FILLER + sentence + FILLER
    # The window starts inside `sentence`, after its first words: the passage begins with "…".
    html = snippet(text, set(analyze("ইরান")), width=60, surround=15, fragments=1)
    assert html.startswith("… ") and "গতকাল" not in html, html
    # A wider window reaches back past the sentence's start: the passage begins there, with no "…".
    html = snippet(text, set(analyze("ইরান")), width=120, surround=70, fragments=1)
    assert html.startswith("গতকাল রাতে"), html
    # It stops inside the filler's next sentence: "…" at the end.
    assert html.endswith(" …") and "এসেছে বলে শোনা যাচ্ছে।" in html, html


def test_an_abbreviation_does_not_start_a_sentence():
    text = FILLER + "সভায় বক্তব্য দেন ড. রহমান, যিনি ইরান সফর শেষে ফিরেছেন। " + FILLER
    # The window starts inside দেন, before "ড.": the passage starts at দেন, not after the full stop.
    html = snippet(text, set(analyze("ইরান")), width=100, surround=17, fragments=1)
    assert html.startswith("… দেন ড. রহমান"), html


def test_a_passage_at_a_paragraph_start_has_no_ellipsis():
    text = "প্রথম অনুচ্ছেদের শেষ কথাগুলো এখানে কোনো দাঁড়ি ছাড়াই\nইরান নিয়ে দ্বিতীয় অনুচ্ছেদ শুরু হলো।"
    html = snippet(text, set(analyze("ইরান")), width=200, surround=80)
    assert html.startswith("<mark>ইরান</mark> নিয়ে") and html.endswith("হলো।"), html


def test_the_headline_is_not_quoted_again():
    headline = "ইরানের তেল রপ্তানি বেড়েছে"
    text = headline + "\nনতুন হিসাবে দেখা যায়, গত মাসে ইরান আগের চেয়ে বেশি তেল বিক্রি করেছে।"
    html = snippet(text, set(analyze("ইরান তেল")), headline=headline)
    assert "রপ্তানি" not in html and html.startswith("নতুন হিসাবে"), html
    assert "<mark>ইরান</mark>" in html and "<mark>তেল</mark>" in html
    # Without the headline the first passage starts with it.
    assert snippet(text, set(analyze("ইরান তেল"))).startswith("<mark>ইরানের</mark> <mark>তেল</mark>")
    # A word found only in the headline leaves no passage (the caller shows the lead instead).
    assert snippet(text, set(analyze("রপ্তানি")), headline=headline) == ""


def _windows_by_brute_force(hits, width, surround):
    candidates = []
    for i, (start, _end, _term) in enumerate(hits):
        low = max(0, start - surround)
        high = low + width
        inside = []
        for other in hits[i:]:
            if other[1] > high:
                break
            inside.append(other)
        candidates.append((len({t for _s, _e, t in inside}), len(inside), -start, low, high))
    return sorted(candidates, reverse=True)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 12), st.sampled_from("abcde")), max_size=60),
    st.sampled_from([(220, 60), (80, 20), (30, 25)]),
)
def test_fragment_windows_are_scored_as_a_brute_force_count_would(raw, shape):
    from articles.bangla.highlight import _windows

    starts = sorted({start for start, _length, _term in raw})
    by_start = {start: (length, term) for start, length, term in raw}
    hits = [(s, s + by_start[s][0], by_start[s][1]) for s in starts]
    width, surround = shape
    assert _windows(hits, width, surround) == _windows_by_brute_force(hits, width, surround)
