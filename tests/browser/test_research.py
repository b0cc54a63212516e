"""A researcher in a real browser (issue 15): sign in, save a search, collect two articles, share the
collection, and open the shared link signed out."""

import pytest

PASSWORD = "kagoj-nouka-2026"  # noqa: S105


@pytest.fixture(scope="module")
def researcher(archive):
    archive.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User;"
        f"u = User.objects.create_user('shirin', password='{PASSWORD}');"
        "u.groups.add(Group.objects.get(name='researchers'))",
    )
    return "shirin"


def test_researcher_saves_a_search_collects_two_articles_and_shares_them(server, browser, researcher):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/")
    with page.expect_navigation():
        page.locator("header .account a").click()
    page.fill("#id_username", researcher)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form.research-form button[type=submit]").click()
    assert page.url.endswith("/research/")
    assert researcher in page.locator("h1").inner_text()

    # Save a search from the search page.
    page.goto(server + "/search/?q=সরকার&sort=newest")
    titles = page.locator("ol.results .item h3 a")
    assert titles.count() >= 2
    first, second = titles.nth(0).get_attribute("href"), titles.nth(1).get_attribute("href")
    with page.expect_navigation():
        page.locator(".save-search a").click()
    page.fill("#id_name", "সরকারের খবর")
    with page.expect_navigation():
        page.locator("form.research-form button[type=submit]").click()
    assert "/research/searches/" in page.url
    assert page.locator("h1").inner_text() == "সরকারের খবর"
    assert "q=" in page.locator("a.run").get_attribute("href")

    # Two articles into one collection, from their pages.
    page.goto(server + first)
    page.fill("#collect-new", "পাঠ তালিকা")
    with page.expect_navigation():
        page.locator(".collect .add-form button").click()
    assert page.locator(".collect ul a", has_text="পাঠ তালিকা").count() == 1
    page.goto(server + second)
    assert page.locator("#collect-to option", has_text="পাঠ তালিকা").count() == 1
    with page.expect_navigation():
        page.locator(".collect .add-form button").click()
    with page.expect_navigation():
        page.locator(".collect ul a", has_text="পাঠ তালিকা").click()
    assert page.locator("ol.collection .item").count() == 2
    with page.expect_navigation():
        page.locator("button[name=action][value=share]").click()
    link = page.locator("a.share-link").get_attribute("href")
    wanted = sorted(page.locator("ol.collection .item h2").all_inner_texts())
    context.close()

    # Signed out, in a fresh browser: the link shows the collection, read only.
    stranger = browser.new_context()
    reader = stranger.new_page()
    reader.goto(link)
    assert reader.locator("h1").inner_text() == "পাঠ তালিকা"
    assert sorted(reader.locator("ol.collection .item h2").all_inner_texts()) == wanted
    assert reader.locator("form[action*='/research/collections/']").count() == 0
    assert reader.locator("header .account a").get_attribute("href") == "/research/sign-in/"
    stranger.close()
