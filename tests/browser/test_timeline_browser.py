"""A comparison chart in a real browser: its series, legend and table twin agree with the JSON."""

import json
import urllib.request
from urllib.parse import urlencode

from articles.bangla.numerals import to_bengali_digits

QUERY = {"q": ["সরকার", "ইরান", "নির্বাচন"], "interval": "year"}


def test_comparison_chart_shows_every_series_and_its_table(server, browser):
    url = server + "/timeline/?" + urlencode(QUERY, doseq=True)
    with urllib.request.urlopen(url + "&format=json") as response:
        data = json.load(response)
    assert [s["label"] for s in data["series"]] == QUERY["q"]
    page = browser.new_page()
    page.goto(url)
    chart = page.locator("svg.timeline-chart")
    assert chart.is_visible()
    assert chart.locator("g.series").count() == 3
    assert chart.locator("g.legend-item text").all_text_contents() == QUERY["q"]
    # The table twin: one column per series, one row per period, the same counts in Bengali digits.
    headers = page.locator("table.timeline-table thead th").all_inner_texts()
    assert headers[1:] == QUERY["q"]
    rows = page.locator("table.timeline-table tbody tr:not(.undated)")
    points = data["series"][0]["points"]
    assert rows.count() == len(points)
    for i, point in enumerate(points):
        cells = rows.nth(i).locator("td").all_inner_texts()
        assert rows.nth(i).locator("th").inner_text() == to_bengali_digits(point["period"])
        for cell, series in zip(cells, data["series"], strict=True):
            assert cell.split(" ")[0] == to_bengali_digits(str(series["points"][i]["count"]))
    # Hovering a point shows its value (the script), and every point also has a <title>.
    chart.locator("g.series circle").first.hover()
    hover = page.locator(".timeline-hover")
    assert hover.is_visible() and hover.inner_text().startswith("সরকার · ")
    page.close()


def test_chart_and_table_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/timeline/?" + urlencode(dict(QUERY, split="outlet", q="সরকার"), doseq=True))
    assert page.locator("svg.timeline-chart g.series").count() >= 2
    assert page.locator("table.timeline-table").is_visible()
    assert page.locator("figcaption .legend li").count() == page.locator("svg g.series").count()
    context.close()
