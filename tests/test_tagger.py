"""Tagging, candidates, lookup and query expansion on sentences written for these tests."""

from __future__ import annotations

import pytest

from articles.entities.gazetteer import Entry, load_gazetteer
from articles.entities.tagger import Tagger, alias_terms


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_gazetteer())


def keys(hits) -> list[str]:
    return [h.key for h in hits]


def test_inflected_mentions_count(tagger):
    hits = tagger.tag("পুতিনের সফর নিয়ে রাশিয়ায় আলোচনা। রাশিয়ার কর্মকর্তারা পুতিনকে স্বাগত জানান।")
    by_key = {h.key: h for h in hits}
    assert by_key["vladimir-putin"].mentions == 2
    assert by_key["russia"].mentions == 2
    assert set(by_key["russia"].surfaces) == {"রাশিয়ায়", "রাশিয়ার"}
    assert by_key["russia"].kind == "place" and by_key["vladimir-putin"].name == "ভ্লাদিমির পুতিন"


def test_sorted_by_mentions(tagger):
    hits = tagger.tag("ইরান, ইরান ও ইরানের প্রতিবেশী তুরস্ক।")
    assert keys(hits) == ["iran", "turkey"]
    assert hits[0].mentions == 3


def test_longest_match_first(tagger):
    mentions = tagger.mentions("ভ্লাদিমির পুতিন বক্তব্য দেন।")
    assert [(m.key, m.surface) for m in mentions] == [("vladimir-putin", "ভ্লাদিমির পুতিন")]
    # লাতিন আমেরিকা is a region, not the United States
    assert keys(tagger.tag("লাতিন আমেরিকার দেশগুলো")) == ["latin-america"]


def test_spelling_variants_are_one_entity(tagger):
    a = tagger.tag("প্রেসিডেন্ট রাইসির বক্তব্য")
    b = tagger.tag("প্রেসিডেন্ট রায়িসিকে আমন্ত্রণ")
    c = tagger.tag("এব্রাহিম রাইসি তেহরানে ফিরেছেন")
    assert keys(a)[0] == keys(b)[0] == keys(c)[0] == "ebrahim-raisi"


def test_ya_encodings_are_one_entity(tagger):
    precomposed = "\u09b0\u09be\u09b6\u09bf\u09df\u09be"  # রাশিয়া with য় as one code point
    decomposed = "\u09b0\u09be\u09b6\u09bf\u09af\u09bc\u09be"  # য + nukta
    assert precomposed != decomposed
    assert keys(tagger.tag(precomposed)) == keys(tagger.tag(decomposed)) == ["russia"]


def test_abbreviations(tagger):
    hits = keys(tagger.tag("ইসির সিদ্ধান্তে এনসিপি ও বিএনপির আপত্তি, দুদক তদন্ত করবে।"))
    assert set(hits) == {"election-commission-bd", "ncp", "bnp", "acc-bd"}


def test_latin_aliases(tagger):
    hits = keys(tagger.tag("Putin met Iran's president, Reuters reported."))
    assert {"vladimir-putin", "iran", "reuters"} <= set(hits)


def test_weak_alias_needs_confirmation(tagger):
    # আসাদ alone is a common first name: not Bashar al-Assad
    assert tagger.tag("আসাদ নামের এক দোকানি বলেন") == []
    hits = tagger.tag("বাশার আল-আসাদ দামেস্ক ছাড়েন। পরে আসাদ মস্কোয় পৌঁছান।")
    assert {h.key: h.mentions for h in hits}["bashar-al-assad"] == 2


def test_shared_alias_resolved_by_context():
    entries = [
        Entry("north", "place", "উত্তরপুর জেলা", "", (), "test"),
        Entry("south", "place", "দক্ষিণপুর জেলা", "", (), "test"),
        Entry("kali-n", "place", "কালীগ্রাম", "", (), "test", weak_aliases=("কালীগ্রাম",), context=("north",)),
        Entry("kali-s", "place", "কালীগ্রাম", "", (), "test", weak_aliases=("কালীগ্রাম",), context=("south",)),
    ]
    t = Tagger(entries)
    assert keys(t.tag("কালীগ্রামে বন্যা")) == []
    assert "kali-s" in keys(t.tag("দক্ষিণপুর জেলার কালীগ্রামে বন্যা"))


def test_common_word_upazila_not_tagged(tagger):
    # বন্দর = port, তালা = lock: ordinary words, not upazilas, unless named as such
    assert tagger.tag("বন্দরে জাহাজ ভিড়েছে, দরজায় তালা।") == []
    assert [h.kind for h in tagger.tag("বন্দর উপজেলায় বন্যা")] == ["place"]


def test_place_inside_institution_name_is_not_the_place(tagger):
    assert "dhaka" not in keys(tagger.tag("খুলনা জেনারেল হাসপাতালে ভর্তি"))
    assert keys(tagger.tag("ঢাকা বিশ্ববিদ্যালয়ের শিক্ষার্থীরা")) == ["dhaka-university"]
    assert "khulna" not in keys(tagger.tag("খুলনা জেনারেল হাসপাতালে ভর্তি"))
    # the genitive is a real mention of the city
    assert "dhaka" in keys(tagger.tag("ঢাকার হাসপাতালগুলোতে ভিড়"))


def test_multiword_name_does_not_cross_punctuation(tagger):
    # "ভ্লাদিমির। পুতিন" is not the full name; পুতিন alone still counts once
    mentions = tagger.mentions("তিনি বললেন ভ্লাদিমির। পুতিন এলেন।")
    assert [m.surface for m in mentions] == ["পুতিন"]


def test_acronym_not_matched_inside_other_word(tagger):
    assert tagger.tag("ইউএনও ঘটনাস্থল পরিদর্শন করেন, আরও পুলিশ আসে।") == []


def test_candidates(tagger):
    text = (
        "বৈঠকে উপস্থিত ছিলেন মন্ত্রী তাহমিনা সুলতানা। সংস্থার মুখপাত্র রফিকুল বারী বলেন, চুক্তি হবে। "
        "প্রেসিডেন্ট পুতিন আসবেন। (Olga Petrova) পরে আসবেন।"
    )
    found = tagger.candidates(text)
    assert found["তাহমিনা সুলতানা"] == 1
    assert found["রফিকুল বারী"] >= 1
    assert found["Olga Petrova"] == 1
    assert not any("পুতিন" in c for c in found)  # known names are not candidates
    assert found["Reuters"] == 0


def test_matches_computed_once_give_the_same_tags_and_candidates(tagger):
    from articles.bangla.analysis import iter_tokens

    text = "প্রেসিডেন্ট পুতিন ও ইরানের রাইসির বৈঠকে মন্ত্রী তাহমিনা সুলতানা ছিলেন। রয়টার্স জানায়, পুতিন তেহরানে যাবেন।"
    tokens = list(iter_tokens(text))
    matches = tagger.matches(tokens, text)
    assert tagger.tag(text, tokens, matches) == tagger.tag(text)
    assert tagger.candidates(text, tokens, matches) == tagger.candidates(text)
    assert {hit.key for hit in tagger.tag(text)} >= {"vladimir-putin", "ebrahim-raisi"}


def test_candidate_base_form(tagger):
    found = tagger.candidates("প্রধানমন্ত্রী হারুন মাতবরকে চিঠি পাঠানো হয়।")
    assert "হারুন মাতবর" in found


def test_lookup(tagger):
    assert tagger.lookup("Putin").key == "vladimir-putin"
    assert tagger.lookup("রায়িসির").key == "ebrahim-raisi"
    assert tagger.lookup("reuters").key == "reuters"
    assert tagger.lookup("iran").key == "iran"  # a key works too
    assert tagger.lookup("আইসিসি") is None  # cricket council or criminal court: cannot tell
    assert tagger.lookup("ভাত") is None


def test_expand_query(tagger):
    alts = tagger.expand_query("রাইসি")
    # alternatives are index terms: compare with the analysed forms
    assert {alias_terms("রাইসি"), alias_terms("রায়িসি"), ("raisi",)} <= {tuple(a) for a in alts}
    assert alias_terms("পুতিন") in {tuple(a) for a in tagger.expand_query("Putin")}
    # minimal: ভ্লাদিমির পুতিন adds nothing to an OR that has পুতিন
    assert not any(len(a) > 1 and "পুতিন" in a for a in tagger.expand_query("Putin"))
    assert tagger.expand_query("বৃষ্টি") == []


def test_expand_query_parts(tagger):
    parts = tagger.expand_query_parts("Reuters ইরান নির্বাচন")
    assert [p.key for p in parts] == ["reuters", "iran", None]
    assert alias_terms("রয়টার্স") in parts[0].alternatives
    assert parts[2].alternatives == (("নির্বাচন",),)


def test_tokens_can_be_reused(tagger):
    from articles.bangla.analysis import iter_tokens

    text = "ইরানের সঙ্গে রাশিয়ার আলোচনা"
    assert tagger.tag(text, tokens=list(iter_tokens(text))) == tagger.tag(text)


def test_the_whole_gazetteer_builds_a_working_tagger():
    # Its build time is measured in the benchmark (bench/bench_analyzer.py: tagger_build_ms), not here.
    entries = load_gazetteer()
    tagger = Tagger(entries)
    person = next(
        e for e in entries if e.kind == "person" and e.name_bn and not e.ambiguous and not e.weak_aliases
    )
    assert person.key in {hit.key for hit in tagger.tag(f"গতকাল {person.name} বলেছেন।")}
