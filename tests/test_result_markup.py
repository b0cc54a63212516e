"""Result items and facet blocks, written in Python (articles/templatetags/result_tags.py): every value
escaped once, addresses as reverse() makes them, dates in the archive's time zone, chosen filters
marked with a link that removes them."""

import re
from urllib.parse import parse_qs, unquote

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from articles.addresses import id_address, slug_address
from articles.models import Article


def same_as_reverse(made, name, **kwargs):
    """`made()` returns what reverse(name, kwargs) returns, or raises as it does."""
    try:
        expected = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            made()
        return
    assert made() == expected


@given(
    slug=st.one_of(st.from_regex(r"[-a-zA-Z0-9_]+", fullmatch=True), st.text(max_size=12)),
    pk=st.one_of(st.integers(min_value=0, max_value=10**12), st.integers(max_value=-1)),
)
def test_addresses_are_what_reverse_makes_of_them(slug, pk):
    for prefix in ("/", "/archive/"):  # served at the root, or under a path (SCRIPT_NAME)
        set_script_prefix(prefix)
        try:
            for name in ("articles:outlet", "articles:topic"):
                same_as_reverse(lambda name=name: slug_address(name, slug), name, slug=slug)
            same_as_reverse(lambda: id_address("articles:cluster", pk), "articles:cluster", pk=pk)
        finally:
            clear_script_prefix()


@pytest.fixture
def odd_title(private_index, django_capture_on_commit_callbacks):
    """An indexed article with an outlet, a topic and markup characters in its headline."""
    article = Article.objects.indexed().filter(outlet__isnull=False, topic__isnull=False).first()
    title = "<b>\"Tom\" & 'Jerry'</b> জলপরিবহনশব্দ"
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=article.pk).update(title=title, body="জলপরিবহনশব্দ নিয়ে কথা। " + article.body)
        Article.objects.get(pk=article.pk).save()
    return Article.objects.select_related("outlet", "topic").get(pk=article.pk)


@pytest.mark.django_db
def test_a_result_item_escapes_its_headline_once_and_links_its_outlet_topic_and_date(client, odd_title):
    html = client.get(reverse("articles:search"), {"q": "জলপরিবহনশব্দ"}).content.decode()
    item = re.search(r'<li class="item">.*?</li>', html, re.S).group()
    assert "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt; জলপরিবহনশব্দ" in item
    assert "<b>" not in item and "&amp;lt;" not in item and "&amp;amp;" not in item
    assert f'<a href="{odd_title.get_absolute_url()}" lang="{odd_title.language}">' in item
    outlet, topic = odd_title.outlet, odd_title.topic
    assert (
        f'<a href="{reverse("articles:outlet", kwargs={"slug": outlet.slug})}">{outlet.name_bn}</a>' in item
    )
    assert f'<a href="{reverse("articles:topic", kwargs={"slug": topic.slug})}">{topic.name_bn}</a>' in item
    stamp = timezone.localtime(odd_title.published_at).isoformat()
    assert f'<time datetime="{stamp}">' in item
    assert '<p class="snippet">' in item and "<mark>জলপরিবহনশব্দ</mark>" in item
    # The English interface: the outlet's English name, a date in English.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("articles:search"), {"q": "জলপরিবহনশব্দ"})
    item = re.search(r'<li class="item">.*?</li>', english.content.decode(), re.S).group()
    assert f">{outlet.name_en}</a>" in item
    assert re.search(r"<time [^>]*>\d{1,2} [A-Z][a-z]+ \d{4}", item)


@pytest.mark.django_db
def test_a_chosen_facet_value_is_marked_and_links_to_the_search_without_it(client, odd_title):
    slug = odd_title.outlet.slug
    html = client.get(
        reverse("articles:search"), {"q": "জলপরিবহনশব্দ", "outlet": slug, "page": "1"}
    ).content.decode()
    block = re.search(
        r'<section class="facet" aria-labelledby="facet-outlet">.*?</section>', html, re.S
    ).group()
    chosen = re.search(
        r'<li class="on">\s*<a href="([^"]*)" aria-current="true">(.*?)</a>\s*<span class="n">(.*?)</span>',
        block,
        re.S,
    )
    assert chosen, block
    href, label, count = chosen.groups()
    assert parse_qs(unquote(href.replace("&amp;", "&"))[1:]) == {
        "q": ["জলপরিবহনশব্দ"]
    }  # outlet and page dropped
    assert "এই ফিল্টার সরান" in label and odd_title.outlet.name_bn in label
    assert count == "১"  # Bengali digits in the Bengali interface
    # Another value's link adds it: the outlet filter of this search, plus that value.
    unchosen = client.get(reverse("articles:search"), {"q": "সরকার"}).content.decode()
    block = re.search(
        r'<section class="facet" aria-labelledby="facet-outlet">.*?</section>', unchosen, re.S
    ).group()
    links = re.findall(r'<li>\s*<a href="([^"]*)">', block)
    assert links and all(parse_qs(h.replace("&amp;", "&")[1:])["q"] == ["সরকার"] for h in links)
    assert {parse_qs(h.replace("&amp;", "&")[1:])["outlet"][0] for h in links} <= set(
        Article.objects.indexed().values_list("outlet__slug", flat=True)
    )
