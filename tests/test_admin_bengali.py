"""The admin in Bengali: column headers, model names, Django's own messages, dates, and wire sources
typed as text rather than JSON."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from articles.admin_widgets import ListField
from articles.bangla.dates import GREGORIAN_MONTHS_BN
from articles.models import Article

pytestmark = pytest.mark.django_db

LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def curator(client):
    user = User.objects.create_superuser("curator", "c@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def column_headers(html):
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html, re.S)
    ]


def test_article_list_columns_are_in_bengali(curator):
    html = curator.get(reverse("admin:articles_article_changelist")).content.decode()
    headers = [h for h in column_headers(html) if h]
    assert len(headers) >= 7
    assert not [h for h in headers if LATIN.search(h)], headers


def test_sidebar_model_names_are_in_bengali(curator):
    html = curator.get(reverse("admin:index")).content.decode()
    for english in ("Entity candidates", "Mentions", "Curation logs", "Curation log", "Chrome rules"):
        assert f">{english}<" not in html
    with translation.override("bn"):
        from articles.models import EntityCandidate, Mention

        assert str(EntityCandidate._meta.verbose_name_plural) in html
        assert not LATIN.search(str(Mention._meta.verbose_name_plural))


def test_the_admin_index_has_no_english_word_left(curator):
    # Every app's models, the API's token app included (its names are translated in locale-django/).
    html = curator.get(reverse("admin:index")).content.decode()
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))
    words = [w for w in LATIN.findall(text) if w != "curator"]  # the signed-in user's own name
    assert not words, words


def test_djangos_change_message_is_in_bengali(curator):
    article = Article.objects.published().first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = curator.get(url).context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and not k.startswith(("published", "updated"))
    }
    data.update(
        {
            "outlet": article.outlet_id or "",
            "topic": article.topic_id or "",
            "duplicate_of": "",
            "sources": "Reuters, AFP",
            "published_at_0": "",
            "published_at_1": "",
            "updated_at_0": "",
            "updated_at_1": "",
            "mentions-TOTAL_FORMS": "0",
            "mentions-INITIAL_FORMS": "0",
        }
    )
    response = curator.post(url, data, follow=True)
    text = response.content.decode()
    assert "was changed successfully" not in text
    assert "বদলানো হয়েছে" in text
    article.refresh_from_db()
    assert article.sources == ["Reuters", "AFP"]


def test_admin_dates_use_digits_only(curator):
    article = Article.objects.published().exclude(published_at=None).first()
    html = curator.get(reverse("admin:articles_article_changelist")).content.decode()
    local = article.published_at.astimezone(ZoneInfo("Asia/Dhaka"))
    assert local.strftime("%Y-%m-%d") in html
    months = GREGORIAN_MONTHS_BN
    cells = " ".join(re.findall(r'<td class="field-published_at[^"]*">(.*?)</td>', html))
    assert cells and not any(m in cells for m in months)


def test_wire_sources_are_shown_and_read_as_a_comma_separated_list(curator):
    article = Article.objects.published().first()
    article.sources = ["Reuters", "AFP"]
    article.save()
    html = curator.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'name="sources" value="Reuters, AFP"' in html
    field = ListField(separator=",")
    assert field.clean(" Reuters ,AFP,, Reuters\nBSS ") == ["Reuters", "AFP", "BSS"]
    assert field.clean('["Reuters", "এএফপি"]') == ["Reuters", "এএফপি"]
    assert field.clean("") == []
    with pytest.raises(ValidationError, match="JSON"):
        field.clean('["Reuters", 3')
    aliases = ListField(separator="\n")
    assert aliases.clean("খেলা, খেলাধুলা\nsports") == ["খেলা, খেলাধুলা", "sports"]
