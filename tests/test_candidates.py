"""The candidate-names queue (issue 11, item 8): names worth a curator's time, on sentences written
for these tests and on hand-labelled candidate strings (tests/fixtures/candidate_labels.tsv)."""

import pytest

from articles.entities.tagger import default_tagger
from eval.candidates_eval import read_labels
from tests.conftest import FIXTURES

LABELS = FIXTURES / "candidate_labels.tsv"


@pytest.fixture(scope="module")
def tagger():
    return default_tagger()


def test_labels_are_well_formed_and_cover_both_kinds():
    labels = read_labels(LABELS)
    assert sum(labels.values()) >= 100
    assert len(labels) - sum(labels.values()) >= 50


def test_a_bad_label_line_is_named(tmp_path):
    bad = tmp_path / "labels.tsv"
    bad.write_text("রহিম উদ্দিন\tname\nকরিম\tmaybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels.tsv, line 2"):
        read_labels(bad)


def _found(tagger, text):
    """Is the labelled string found as a candidate in any of the contexts that propose names?"""
    if text.isascii():
        sentences = [f"সংস্থাটির নাম ({text}) বলে জানা গেছে।"]
    else:
        sentences = [
            f"দলের মুখপাত্র {text} বলেন, আলোচনা চলবে।",
            f"{text} বলেন, আলোচনা চলবে।",
            f"বৈঠকে উপস্থিত ছিলেন মন্ত্রী {text} এবং অন্যরা।",
        ]
    return any(text in tagger.candidates(sentence) for sentence in sentences)


def test_labelled_names_are_kept_and_labelled_non_names_mostly_dropped(tagger):
    """Each labelled string in the sentences that propose candidates. Some non-names are names cut
    short (শরিফ ওসমান of শরিফ ওসমান হাদি), which only their own article can tell."""
    labels = read_labels(LABELS)
    kept = {text: _found(tagger, text) for text in labels}
    names = [t for t, is_name in labels.items() if is_name]
    others = [t for t, is_name in labels.items() if not is_name]
    true_positives = sum(kept[t] for t in names)
    false_positives = sum(kept[t] for t in others)
    assert true_positives / (true_positives + false_positives) >= 0.85
    assert true_positives / len(names) >= 0.85
    assert sum(not kept[t] for t in others) / len(others) >= 0.7


@pytest.mark.parametrize(
    "text",
    [
        "তিনি দলের সভাপতি নির্বাচিত হন।",  # a title followed by a verb
        "অনুষ্ঠানে সবাই এসব কথা বলেন।",  # a verb of saying after common words
        "তারা আন্তরিক সমবেদনা জানান।",
        "মন্ত্রী হওয়ার পর তিনি প্রথম সফরে যান।",
        "এলাকার ওসি (OC) ঘটনাস্থলে যান। সমঝোতা স্মারক (MoU) সই হয়।",  # a title, an abbreviation
    ],
)
def test_common_words_next_to_titles_and_verbs_are_not_candidates(tagger, text):
    assert tagger.candidates(text) == {}


def test_names_with_context_cues(tagger):
    found = tagger.candidates(
        "অনুষ্ঠানে ড. নাসিমা রহমান বক্তব্য দেন। পরে প্রতিমন্ত্রী করিম আখতার বলেন, কাজ চলছে। "
        "রাষ্ট্রদূত গ্রেগরি ম্যাকফার্লেন জানান, সফর হবে। (Riverbank Farmers Union) এতে যোগ দেয়।"
    )
    assert found["নাসিমা রহমান"] == 1  # after an honorific, without it
    assert found["করিম আখতার"] == 1  # আখতার keeps its -র: the text never writes আখতা
    assert found["গ্রেগরি ম্যাকফার্লেন"] == 1  # a transliterated name after a person's title
    assert found["Riverbank Farmers Union"] == 1
    assert not any("ড." in name or name.startswith("ড ") for name in found)


def test_a_case_ending_is_cut_only_when_the_text_confirms_it(tagger):
    found = tagger.candidates("মুখপাত্র সেলিনা মাহির বক্তব্য শোনা গেছে। সেলিনা মাহিকে ফোন করা হয়।")
    assert "সেলিনা মাহি" in found and "সেলিনা মাহির" not in found


def test_words_after_a_name_are_trimmed(tagger):
    found = tagger.candidates("উপদেষ্টা হাবিবুর রহমান পদত্যাগ করেছেন।")
    assert list(found) == ["হাবিবুর রহমান"]


def test_a_name_running_into_a_known_name_is_not_a_new_one(tagger):
    # পুতিন is in the gazetteer: "মিখাইল আলেক্সান্দার পুতিন" is at most a fuller form of a known name.
    assert tagger.candidates("প্রেসিডেন্ট মিখাইল আলেক্সান্দার পুতিন বলেন, আলোচনা চলবে।") == {}
