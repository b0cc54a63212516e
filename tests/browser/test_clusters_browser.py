"""Search collapses a story cluster in a real browser: one result with "N more versions", a switch
that lists every copy, and the copy's own page linking back to the cluster."""

import json
import urllib.request
from urllib.parse import urlencode

from articles.bangla.numerals import to_bengali_digits

# The samples' Iran-Russia rail story ran on two outlets (an exact copy): one cluster.
QUERY = {"q": "রেল চুক্তির প্রস্তুতি", "sort": "oldest"}


def search_json(server, **extra):
    with urllib.request.urlopen(server + "/search/?" + urlencode({**QUERY, **extra, "format": "json"})) as r:
        return json.load(r)


def test_search_shows_a_collapsed_cluster_and_the_switch_reveals_every_copy(server, browser):
    collapsed, every = search_json(server), search_json(server, all_versions="1")
    story = next(hit for hit in collapsed["results"] if hit["cluster"])
    assert collapsed["total"] == every["total"] > collapsed["clusters"] == len(collapsed["results"])
    copies = [hit for hit in every["results"] if hit["cluster"] == story["cluster"]]
    assert len(copies) == story["versions"] >= 2
    page = browser.new_page()
    page.goto(server + "/search/?" + urlencode(QUERY))
    results = page.locator("ol.results > li")
    assert results.count() == collapsed["clusters"]
    more = page.locator("ol.results p.versions a")
    more_text = f"আরও {to_bengali_digits(str(story['versions'] - 1))}টি সংস্করণ"
    assert more.first.inner_text() == more_text and more.first.is_visible()
    assert more.first.get_attribute("href") == f"/cluster/{story['cluster']}/"
    shown = {results.nth(i).locator("h3 a").get_attribute("href") for i in range(results.count())}
    hidden = [hit for hit in copies if hit["id"] != story["id"]]
    assert not any(hit["url"].endswith(href) for hit in hidden for href in shown)
    # The switch beside the count lists every copy, each with a link to its story.
    page.locator("p.versions-switch a").click()
    page.wait_for_load_state()
    assert "all_versions=1" in page.url
    results = page.locator("ol.results > li")
    assert results.count() == every["total"]
    hrefs = {results.nth(i).locator("h3 a").get_attribute("href") for i in range(results.count())}
    assert all(any(hit["url"].endswith(href) for href in hrefs) for hit in copies)
    assert page.locator("select[name=all_versions]").input_value() == "1"
    # A copy's own page says it is a copy and links to the cluster.
    page.goto(hidden[0]["url"])
    note = page.locator("p.cluster-note")
    assert "এই সংবাদের" in note.inner_text() and "সংস্করণের একটি" in note.inner_text()
    note.locator(f"a[href='/cluster/{story['cluster']}/']").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/cluster/{story['cluster']}/")
    page.close()
