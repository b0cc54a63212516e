"""An outlet's own name in its own articles is its signature, not a mention (issue 11, item 8)."""

import json

import pytest

from articles.entities.tagger import default_tagger
from articles.models import Article, Mention

SIGNED = (
    "নদীভাঙনে ঘর হারাল ত্রিশ পরিবার\n\n"
    "প্রথম আলো ডেস্ক\n"
    "নদীর ভাঙনে গ্রামের ত্রিশটি পরিবার ঘর হারিয়েছে। ইউনিয়ন পরিষদের সদস্য প্রথম আলোকে বলেন, ত্রাণ পৌঁছায়নি। "
    "প্রথম আলোর প্রতিনিধি গিয়ে দেখেছেন, বাঁধের কাজ থেমে আছে।\n"
    "ছবি: প্রথম আলো"
)
ABOUT_ITSELF = (
    "প্রথম আলোর কার্যালয়ে আগুন, নিন্দা জানাল সাংবাদিক সংগঠন\n\n"
    "রাতে একদল লোক প্রথম আলোর কার্যালয়ে আগুন দেয়। সাংবাদিক সংগঠনগুলো প্রথম আলো ও অন্য পত্রিকায় হামলার "
    "নিন্দা জানিয়েছে। প্রথম আলোকে দলের এক নেতা বলেন, তদন্ত হওয়া উচিত।"
)


def counts(text, outlet=""):
    return {hit.key: hit.mentions for hit in default_tagger().tag(text, outlet=outlet)}


def test_bylines_credits_and_told_the_outlet_are_not_mentions_in_its_own_article():
    assert counts(SIGNED)["prothom-alo"] == 4  # without knowing the outlet: four mentions
    assert "prothom-alo" not in counts(SIGNED, outlet="Prothom Alo")
    # The same words in another outlet's article are mentions of Prothom Alo.
    assert counts(SIGNED, outlet="Samakal")["prothom-alo"] == 4


def test_an_article_about_the_outlet_keeps_its_mentions_but_not_its_credits():
    assert counts(ABOUT_ITSELF)["prothom-alo"] == 4
    assert counts(ABOUT_ITSELF, outlet="Prothom Alo")["prothom-alo"] == 3  # not "প্রথম আলোকে ... বলেন"


def test_the_acronym_of_the_outlet_is_its_signature_too():
    text = "ভোটকেন্দ্রে দীর্ঘ লাইন\n\nএকজন ভোটার বিবিসিকে বলেন, সকাল থেকে দাঁড়িয়ে আছেন। বিবিসি বাংলার সংবাদদাতা জানান, ভিড় বাড়ছে।"
    assert {"bbc", "bbc-bangla"} <= set(counts(text))
    assert not {"bbc", "bbc-bangla"} & set(counts(text, outlet="BBC Bangla"))


@pytest.mark.django_db
def test_import_saves_no_mention_of_the_outlet_in_its_own_article(run_import, tmp_path):
    title, body = SIGNED.split("\n\n", 1)
    rows = [
        {
            "url": "https://www.prothomalo.com/bangladesh/district/own-name-test",
            "paper_name": "Prothom Alo",
            "headline": title,
            "article": body,
            "publication_date": "2024-06-02 10:00:00",
        }
    ]
    path = tmp_path / "own.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import(path)
    assert status == 0, out
    article = Article.objects.get(url=rows[0]["url"])
    assert article.outlet.name_en == "Prothom Alo"
    assert not Mention.objects.filter(article=article, entity__key="prothom-alo").exists()
