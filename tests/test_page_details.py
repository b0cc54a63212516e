"""Details a new reader notices: the search box's example, years, the 404 and 500 pages, the icon,
the bundled Bengali font on every page and in the admin."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime

from articles.bangla.numerals import to_bengali_digits
from articles.models import Article, Outlet

pytestmark = pytest.mark.django_db

EXAMPLE = {
    "bn": 'খুঁজুন, যেমন ইরান বা "জাতিসংঘ অধিবেশন"',
    "en": 'Search, e.g. ইরান or "জাতিসংঘ অধিবেশন"',
}


class Tags(HTMLParser):
    """Every start tag of a page as (name, attributes), attribute values unescaped as a browser reads them."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag, **wanted):
        return [
            attrs
            for name, attrs in self.tags
            if name == tag and all(attrs.get(k) == v for k, v in wanted.items())
        ]


def reader(language):
    client = Client()
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["bn", "en"])
def test_the_search_example_keeps_its_quotation_marks(language):
    html = reader(language).get("/").content.decode()
    (box,) = Tags(html).find("input", id="site-q")
    assert box["placeholder"] == EXAMPLE[language]
    assert "&quot;জাতিসংঘ অধিবেশন&quot;" in html


def newest_year():
    return localtime(Article.objects.published().exclude(published_at=None).first().published_at).year


@pytest.mark.parametrize("language", ["bn", "en"])
def test_years_are_written_without_a_thousands_separator(language):
    year = newest_year()
    shown = to_bengali_digits(str(year)) if language == "bn" else str(year)
    grouped = f"{year:,}"
    grouped = to_bengali_digits(grouped) if language == "bn" else grouped
    client = reader(language)
    year_url = reverse("articles:archive_year", args=[year])
    for url in ("/", reverse("articles:archive"), year_url):
        html = client.get(url).content.decode()
        assert grouped not in html, url
        assert f'<a href="{year_url}">{shown}</a>' in html, url  # link, or the year page's breadcrumb
    heading = re.search(r"<h1>(.*?)</h1>", client.get(year_url).content.decode()).group(1)
    assert heading == shown


def test_counts_are_still_grouped():
    from django.utils import translation

    from articles.templatetags.archive_tags import digits, num

    with translation.override("bn"):
        assert num(12345) == "১২,৩৪৫" and digits(2026) == "২০২৬"
    with translation.override("en"):
        assert num(12345) == "12,345" and digits(2026) == "2026"


def assert_designed_404(response, language):
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert ("পাতাটি পাওয়া যায়নি" if language == "bn" else "Page not found") in html
    assert Tags(html).find("input", id="site-q"), "the 404 page keeps the search box"
    assert 'href="/archive/"' in html
    assert "Django" not in html and "URLconf" not in html  # not the debug page


@pytest.mark.parametrize("language", ["bn", "en"])
def test_missing_pages_get_the_designed_404_with_debug_off(settings, language):
    settings.DEBUG = False
    client = reader(language)
    outlet = Outlet.objects.filter(articles__isnull=False).first()
    assert_designed_404(client.get(outlet.get_absolute_url(), {"page": 999}), language)
    assert_designed_404(client.get(reverse("articles:archive"), {"page": 999}), language)
    assert_designed_404(client.get("/a/999999/x/"), language)
    assert_designed_404(client.get("/a/999999/"), language)
    assert_designed_404(client.get("/no/such/address/"), language)


def test_a_copys_short_permalink_leads_to_its_own_page(settings):
    settings.DEBUG = False
    original, copy = Article.objects.published().order_by("pk")[:2]
    Article.objects.filter(pk=copy.pk).update(duplicate_of=original)
    response = Client().get(f"/a/{copy.pk}/")
    # Every copy keeps a working permalink (story clusters): its page says it is a copy.
    assert response.status_code == 301 and response["Location"] == copy.get_absolute_url()
    # A hidden article's short permalink is a designed 404, like its full one.
    Article.objects.filter(pk=original.pk).update(status=Article.Status.HIDDEN)
    assert_designed_404(Client().get(f"/a/{original.pk}/"), "bn")


@pytest.mark.urls("tests.urls_failing")
def test_a_server_error_shows_the_designed_500_in_both_languages(settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "সার্ভারে একটি ত্রুটি হয়েছে" in html and "something went wrong on the server" in html
    assert "Traceback" not in html and "RuntimeError" not in html
    assert "fonts/NotoSansBengali-Regular.ttf" in html and "css/fonts.css" in html


def test_favicon_answers_at_the_root_and_is_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\0\0\1\0"  # an ICO file
    tags = Tags(client.get("/").content.decode())
    icons = [attrs["href"] for attrs in tags.find("link", rel="icon")]
    assert "/favicon.ico" in icons and any(href.endswith("favicon.svg") for href in icons)
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")  # served with the other static files


def bundled_font_links(html):
    tags = Tags(html)
    preload = tags.find("link", rel="preload", **{"as": "font"})
    sheets = [attrs["href"] for attrs in tags.find("link", rel="stylesheet")]
    return preload, sheets


def test_public_pages_preload_the_bengali_font():
    html = Client().get("/").content.decode()
    preload, sheets = bundled_font_links(html)
    assert len(preload) == 1 and preload[0]["href"].endswith("NotoSansBengali-Regular.ttf")
    assert "crossorigin" in preload[0]  # without it the browser fetches the font a second time
    assert any(href.endswith("css/fonts.css") for href in sheets)


def test_the_admin_loads_the_bengali_font():
    client = Client()
    assert bundled_font_links(client.get("/admin/login/").content.decode())[0]
    client.force_login(User.objects.create_superuser("fonts", "f@example.org", "pw-for-tests-only"))
    for url in (reverse("admin:index"), reverse("admin:articles_article_changelist")):
        preload, sheets = bundled_font_links(client.get(url).content.decode())
        assert preload and preload[0]["href"].endswith("NotoSansBengali-Regular.ttf"), url
        assert any(href.endswith("css/fonts.css") for href in sheets), url
        assert any(href.endswith("css/admin.css") for href in sheets), url
        assert any(href.endswith("admin/css/base.css") for href in sheets), url  # Django's own styles stay


def test_font_stacks_reach_the_bundled_bengali_face():
    from django.contrib.staticfiles import finders

    def css(name):
        with open(finders.find(f"css/{name}"), encoding="utf-8") as f:
            return f.read()

    faces = re.findall(r"@font-face\s*{(.*?)}", css("fonts.css"), re.S)
    assert len(faces) == 2
    for face in faces:
        assert 'font-family: "Archive Bengali"' in face and "font-display: block" in face
        assert face.index("local(") < face.index("url(")  # an installed Noto Sans Bengali is used first
    archive = css("archive.css")
    textarea = re.search(r"\.cite textarea[^{]*{(.*?)}", archive, re.S).group(1)
    assert '"Archive Bengali"' in textarea.split("font-family:")[1]  # the BibTeX block
    admin = css("admin.css")
    for variable in ("--font-family-primary", "--font-family-monospace"):
        assert re.search(variable + r':\s*"Archive Bengali"', admin), variable
