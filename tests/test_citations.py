"""Citations: APA, MLA, Chicago, BibTeX, RIS and CSL-JSON from the byline, outlet, Dhaka date and title."""

import json
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles import citations
from articles.citations import Source, authors, cite, plain, romanize
from articles.models import Article

DHAKA = ZoneInfo("Asia/Dhaka")
TITLE = "নদীর পাড়ে নতুন সেতুর কাজ শুরু"  # invented headline


def source(**changes):
    fields = {
        "id": 42,
        "title": TITLE,
        "outlet": "Daily Example",
        "byline": "Rahima Khatun",
        "published": datetime(2025, 6, 23, 10, 24, tzinfo=DHAKA),
        "precision": "minute",
        "url": "https://example.org/news/42",
        "permalink": "https://archive.example/a/42/",
        "accessed": date(2026, 12, 2),
    }
    fields.update(changes)
    return Source(**fields)


def every_format(s):
    return {fmt: plain(cite(s, fmt)) for fmt in citations.FORMATS}


def test_byline_is_the_author_in_every_format():
    out = every_format(source())
    assert out["apa"].startswith("Khatun, R. (2025, June 23). " + TITLE)
    assert out["mla"].startswith(f'Khatun, Rahima. "{TITLE}')
    assert "Daily Example, 23 June 2025, https://example.org/news/42. Accessed 2 Dec. 2026." in out["mla"]
    assert out["chicago"].startswith(f'Khatun, Rahima. "{TITLE}')
    assert "Daily Example, June 23, 2025." in out["chicago"]
    assert "author = {Khatun, Rahima}" in out["bibtex"] and "year = {2025}" in out["bibtex"]
    assert "AU  - Khatun, Rahima\r\n" in out["ris"] and "PY  - 2025\r\n" in out["ris"]
    item = json.loads(out["csl-json"])[0]
    assert item["author"] == [{"family": "Khatun", "given": "Rahima"}]
    assert item["issued"] == {"date-parts": [[2025, 6, 23]]}
    assert item["container-title"] == "Daily Example" and item["type"] == "article-newspaper"
    assert item["URL"] == "https://example.org/news/42"
    assert item["archive_location"] == "https://archive.example/a/42/"


@pytest.mark.parametrize(
    "byline",
    ["", "https://www.risingbd.com.", "www.example.com", "examplenews24.com", "Staff Correspondent",
     "নিজস্ব প্রতিবেদক", "স্পোর্টস ডেস্ক", "স্টাফ করেসপন্ডেন্ট বার্তা২৪.কম, ঢাকা"],
)  # fmt: skip
def test_no_name_in_the_byline_makes_the_outlet_the_author(byline):
    s = source(byline=byline)
    assert s.authors == [{"literal": "Daily Example"}]
    out = every_format(s)
    for text in out.values():
        assert "http" not in text.split("Daily Example")[0], text  # never an address as the author
        assert "Correspondent" not in text and "প্রতিবেদক" not in text
    assert out["apa"].startswith("Daily Example. (2025, June 23).")
    assert out["apa"].count("Daily Example") == 1  # not repeated as the site name
    assert out["mla"].startswith(f'"{TITLE}')  # MLA starts with the title when the outlet is the author
    assert "author = {{Daily Example}}" in out["bibtex"]
    assert "AU  - Daily Example\r\n" in out["ris"]


def test_agencies_and_several_people():
    assert authors("BSS") == [{"literal": "BSS"}]
    assert authors("Rahima Khatun and Karim Uddin") == [
        {"family": "Khatun", "given": "Rahima"},
        {"family": "Uddin", "given": "Karim"},
    ]
    assert authors("রহিমা খাতুন ও করিম উদ্দিন", "X") == [
        {"family": "খাতুন", "given": "রহিমা"},
        {"family": "উদ্দিন", "given": "করিম"},
    ]
    out = every_format(source(byline="Rahima Khatun and Karim Uddin"))
    assert out["apa"].startswith("Khatun, R., & Uddin, K. (2025")
    assert out["chicago"].startswith("Khatun, Rahima, and Karim Uddin.")
    assert "author = {Khatun, Rahima and Uddin, Karim}" in out["bibtex"]


@pytest.mark.parametrize("precision", ["approximate", "unknown"])
def test_no_year_for_an_approximate_or_unknown_date(precision):
    out = every_format(source(precision=precision))
    assert "(n.d.)" in out["apa"] and "Retrieved December 2, 2026, from" in out["apa"]
    assert "2025" not in out["apa"] + out["mla"] + out["chicago"]
    assert "n.d." in out["chicago"]
    assert "year" not in out["bibtex"] and "{ }" not in out["bibtex"]
    assert "PY  -" not in out["ris"] and "DA  -" not in out["ris"]
    assert "issued" not in json.loads(out["csl-json"])[0]


def test_undated_article_has_no_year():
    out = every_format(source(published=None, precision="unknown"))
    assert "(n.d.)" in out["apa"] and "year" not in out["bibtex"]


def test_year_is_the_dhaka_year():
    # 20:00 UTC on 31 December is 02:00 on 1 January in Dhaka.
    late = datetime(2024, 12, 31, 20, 0, tzinfo=UTC).astimezone(DHAKA)
    out = every_format(source(published=late))
    assert "(2025, January 1)" in out["apa"] and "year = {2025}" in out["bibtex"]


def test_bengali_title_with_its_romanisation():
    assert romanize("বাংলাদেশ") == "bāṁlādeśa"
    assert romanize("ঢাকায়") == "ḍhākāẏa"  # য় as NFC splits it is still one letter
    assert romanize("Dhaka news") == ""
    s = source()
    assert s.title_latin and re.fullmatch(r"[a-zA-Zāīūṛṝḷṁṃḥñṅṇṭḍśṣẏṟ̥̐ .,\-']+", s.title_latin), s.title_latin
    out = every_format(s)
    assert f"{TITLE} [{s.title_latin}]" in out["apa"]
    assert f"titleaddon = {{{s.title_latin}}}" in out["bibtex"]
    assert f"TT  - {s.title_latin}\r\n" in out["ris"]
    english = every_format(source(title="Bridge work begins", language="en"))
    assert "[" not in english["apa"] and "TT  -" not in english["ris"]


def test_bibtex_escapes_special_characters():
    out = cite(source(title="Rice & wheat: 50% up_{now}"), "bibtex")
    assert r"title = {Rice \& wheat: 50\% up\_\{now\}}" in out


def test_italics_become_html_and_vanish_in_plain_text():
    text = cite(source(), "mla")
    assert "<i>Daily Example</i>" in citations.html(text, lambda s: s)
    assert "\ue000" not in plain(text)


# The endpoints and the article page, on the imported samples.


@pytest.fixture
def article(db):
    return Article.objects.published().exclude(published_at=None).select_related("outlet").first()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("ris", "application/x-research-info-systems"),
        ("bibtex", "application/x-bibtex"),
        ("csl-json", "application/vnd.citationstyles.csl+json"),
        ("apa", "text/plain"),
        ("mla", "text/plain"),
        ("chicago", "text/plain"),
    ],
)
def test_cite_endpoint_content_types(client, article, fmt, content_type):
    response = client.get(reverse("articles:cite", kwargs={"pk": article.pk, "fmt": fmt}))
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    text = response.content.decode()
    assert article.title in text
    assert f"http://testserver/a/{article.pk}/" in text
    assert "\ue000" not in text


@pytest.mark.django_db
def test_cite_endpoint_unknown_format_and_hidden_article(client, article):
    assert (
        client.get(reverse("articles:cite", kwargs={"pk": article.pk, "fmt": "harvard"})).status_code == 404
    )
    Article.objects.filter(pk=article.pk).update(status="hidden")
    assert client.get(reverse("articles:cite", kwargs={"pk": article.pk, "fmt": "apa"})).status_code == 404


@pytest.mark.django_db
def test_article_page_citations_block_works_without_script(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    block = html[html.index('class="cite"') :]
    for fmt in citations.FORMATS:
        assert f'id="cite-{fmt}"' in block
        assert reverse("articles:cite", kwargs={"pk": article.pk, "fmt": fmt}) in block
    assert f"<i>{article.outlet.name_en}</i>" in block
    assert "year = {" + str(article.published_at.astimezone(DHAKA).year) + "}" in block
    assert "js/cite.js" in block and "data-copy=" in block
