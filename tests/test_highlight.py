"""Search-result snippets (articles/bangla/highlight.py): pure text in, HTML out."""

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
    assert all(word in words or word == "ইরান" for word in plain.split())
