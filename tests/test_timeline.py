"""Timelines (issue 12 items 1-3): counts per period of any search, comparisons, and their renderings.

The contract: every series' counts plus its undated articles are the search's total; a period's count
is the search restricted to that period; split=outlet adds up to the unsplit search.
"""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest

from articles.bangla.calendar import MONTHS_BN, gregorian_to_bangla
from articles.models import Article
from articles.timeline.periods import PeriodError, choose_interval, periods

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def timeline(client, query, status=200):
    response = client.get("/timeline/?" + urlencode(query, doseq=True))
    assert response.status_code == status, response.content[:500]
    return response.json() if query.get("format") == "json" else response


def search_total(client, query):
    response = client.get("/search/?" + urlencode(dict(query, format="json"), doseq=True))
    assert response.status_code == 200
    return response.json()["total"]


def month_end(start):
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def test_json_has_exactly_the_contract_shape_and_no_gaps(client):
    data = timeline(client, {"q": "সরকার", "interval": "month", "format": "json"})
    assert set(data) == {"interval", "series"}
    assert data["interval"] == "month"
    (series,) = data["series"]
    assert set(series) == {"label", "query", "points", "undated"}
    assert series["label"] == "সরকার" and series["query"] == {"q": "সরকার"}
    points = series["points"]
    assert all(set(p) == {"period", "start", "count", "approximate", "total"} for p in points)
    # Every month from the first to the last is there, empty ones as zero.
    starts = [date.fromisoformat(p["start"]) for p in points]
    assert all(b == month_end(a) + timedelta(days=1) for a, b in zip(starts, starts[1:], strict=False))
    assert [p["period"] for p in points] == [s.strftime("%Y-%m") for s in starts]
    assert any(p["count"] == 0 for p in points)
    assert points[0]["count"] > 0 and points[-1]["count"] > 0
    assert all(0 <= p["approximate"] <= p["count"] <= p["total"] for p in points)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "সরকার"},
        {"q": ["সরকার", "ইরান", "নির্বাচন"]},
        {"q": "সরকার", "approximate": "0"},
        {"q": "সরকার", "outlet": "jugantor"},
        {"topic": "politics", "interval": "week"},
    ],
)
def test_counts_and_undated_add_up_to_the_search_total(client, query):
    data = timeline(client, dict(query, format="json"))
    assert len(data["series"]) == (len(query["q"]) if isinstance(query.get("q"), list) else 1)
    for series in data["series"]:
        counted = sum(p["count"] for p in series["points"]) + series["undated"]
        assert counted == search_total(client, series["query"])


@pytest.mark.parametrize("interval", ["month", "year", "week"])
def test_a_periods_count_is_the_search_restricted_to_that_period(client, interval):
    response = timeline(client, {"q": "সরকার", "interval": interval, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    for row in rows:
        query = {"q": "সরকার", "date_from": row["start"], "date_to": row["end"]}
        assert int(row["count"]) == search_total(client, query), row
        assert int(row["total"]) == search_total(client, {k: v for k, v in query.items() if k != "q"}), row


def test_split_by_outlet_adds_up_to_the_unsplit_search(client):
    whole = timeline(client, {"interval": "year", "format": "json"})["series"][0]
    split = timeline(client, {"interval": "year", "split": "outlet", "format": "json"})
    series = split["series"]
    assert len(series) == 6  # the five largest of the samples' seven outlets, and the others
    assert series[-1]["query"]["outlet_not"] == [s["query"]["outlet"] for s in series[:5]]
    assert series[-1]["label"] == "অন্যান্য সংবাদমাধ্যম"
    assert series[0]["label"] == "জাগো নিউজ"  # display names, not slugs (its syndicated copy counts too)
    for i, point in enumerate(whole["points"]):
        assert sum(s["points"][i]["count"] for s in series) == point["count"]
        assert sum(s["points"][i]["approximate"] for s in series) == point["approximate"]
        assert sum(s["points"][i]["total"] for s in series) == point["total"]
    assert sum(s["undated"] for s in series) == whole["undated"]
    for s in series[:5]:
        assert sum(p["count"] for p in s["points"]) + s["undated"] == search_total(client, s["query"])
        # The share is of the same outlet's articles.
        for p in s["points"]:
            end = date(int(p["period"]), 12, 31).isoformat()
            assert p["total"] == search_total(
                client, {"outlet": s["query"]["outlet"], "date_from": p["start"], "date_to": end}
            )


def test_split_by_entity_gives_the_most_mentioned_names(client):
    data = timeline(client, {"q": "সরকার", "split": "entity", "format": "json"})
    assert 1 <= len(data["series"]) <= 6
    sizes = []
    for s in data["series"]:
        assert set(s["query"]) == {"q", "entity"}
        sizes.append(sum(p["count"] for p in s["points"]) + s["undated"])
        assert sizes[-1] == search_total(client, s["query"])
    assert sizes == sorted(sizes, reverse=True)


def test_normalise_shows_the_share_of_all_articles_of_the_period(client):
    data = timeline(client, {"q": "সরকার", "interval": "year", "format": "json"})
    point = next(p for p in data["series"][0]["points"] if 0 < p["count"] < p["total"])
    response = timeline(client, {"q": "সরকার", "interval": "year", "normalise": "1"})
    html = response.content.decode()
    share = f"{100 * point['count'] / point['total']:.1f}".rstrip("0").rstrip(".") + "%"
    from articles.bangla.numerals import to_bengali_digits

    assert to_bengali_digits(share) in html
    assert "সব সংবাদের অংশ (%)" in html  # the value axis says what it measures
    counts_only = timeline(client, {"q": "সরকার", "interval": "year"}).content.decode()
    assert to_bengali_digits(share) not in counts_only


def test_the_denominator_of_several_outlets_is_every_article_of_any_of_them(client):
    outlets = [o["value"] for o in search_facet(client, "outlet")[:2]]
    both = timeline(client, {"outlet": outlets, "interval": "year", "format": "json"})
    alone = [timeline(client, {"outlet": o, "interval": "year", "format": "json"}) for o in outlets]
    totals = {p["period"]: p["total"] for p in both["series"][0]["points"]}
    assert sum(totals.values()) == sum(search_total(client, {"outlet": o}) for o in outlets) - sum(
        a["series"][0]["undated"] for a in alone
    )
    for one in alone:
        for point in one["series"][0]["points"]:
            assert totals[point["period"]] >= point["total"]


def search_facet(client, name):
    response = client.get("/search/?format=json")
    assert response.status_code == 200
    return response.json()["facets"][name]


def test_approximate_dates_are_counted_apart_and_can_be_left_out(client):
    approximate = Article.objects.published().filter(date_precision="approximate").count()
    assert approximate >= 1
    with_them = timeline(client, {"interval": "year", "format": "json"})["series"][0]
    assert sum(p["approximate"] for p in with_them["points"]) == approximate
    without = timeline(client, {"interval": "year", "approximate": "0", "format": "json"})["series"][0]
    assert without["query"] == {"approximate": "0"}
    assert all(p["approximate"] == 0 for p in without["points"])
    assert (
        sum(p["count"] for p in without["points"])
        == sum(p["count"] for p in with_them["points"]) - approximate
    )
    # The chart draws them as a hatched band, explained in the legend, and leaves it out on request.
    drawn = timeline(client, {"interval": "year", "format": "svg"}).content.decode()
    assert 'class="approximate"' in drawn and "আনুমানিক" in drawn
    left_out = timeline(client, {"interval": "year", "format": "svg", "approximate": "0"}).content.decode()
    assert 'class="approximate"' not in left_out


def test_undated_articles_are_counted_beside_the_chart(
    client, private_index, django_capture_on_commit_callbacks
):
    article = Article.objects.published().filter(date_precision="minute", title__contains="").first()
    article.published_at = None
    article.date_precision = Article.Precision.UNKNOWN
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    data = timeline(client, {"format": "json"})["series"][0]
    assert data["undated"] == 1
    assert sum(p["count"] for p in data["points"]) + 1 == search_total(client, {})
    html = timeline(client, {}).content.decode()
    assert "১টি সংবাদের তারিখ নেই (চার্টে নেই)" in html


def test_bengali_digits_and_month_names_in_the_bengali_interface(client):
    html = timeline(client, {"q": "সরকার", "interval": "month"}).content.decode()
    assert "জুন ২০২৫" in html and "2025" not in html.split("<table", 1)[1]
    client.cookies["django_language"] = "en"
    html = timeline(client, {"q": "সরকার", "interval": "month"}).content.decode()
    assert "June 2025" in html and "জুন ২০২৫" not in html


def test_bangla_calendar_axis(client):
    data = timeline(client, {"q": "সরকার", "interval": "month", "calendar": "bangla", "format": "json"})
    points = data["series"][0]["points"]
    for p in points:
        day, month, year = gregorian_to_bangla(date.fromisoformat(p["start"]))
        assert day == 1 and p["period"] == f"{year}-{month:02d}"
    # Bangla months begin mid-month in the Gregorian calendar, and the counts still add up.
    assert any(date.fromisoformat(p["start"]).day != 1 for p in points)
    assert sum(p["count"] for p in points) == search_total(client, {"q": "সরকার"})
    html = timeline(client, {"q": "সরকার", "interval": "month", "calendar": "bangla"}).content.decode()
    _d, month, year = gregorian_to_bangla(date.fromisoformat(points[0]["start"]))
    from articles.bangla.numerals import to_bengali_digits

    assert f"{MONTHS_BN[month - 1]} {to_bengali_digits(str(year))}" in html
    years = timeline(client, {"interval": "year", "calendar": "bangla", "format": "json"})
    assert all(p["start"][5:] == "04-14" for p in years["series"][0]["points"])


def test_csv_download_has_one_row_per_series_and_period(client):
    query = {"q": ["সরকার", "ইরান"], "interval": "year"}
    data = timeline(client, dict(query, format="json"))
    response = timeline(client, dict(query, format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    expected = [
        (s["label"], p["period"], p["count"], p["total"]) for s in data["series"] for p in s["points"]
    ]
    assert [(r["series"], r["period"], int(r["count"]), int(r["total"])) for r in rows] == expected


def test_svg_download_is_a_standalone_chart_with_a_legend(client):
    response = timeline(client, {"q": ["সরকার", "ইরান", "নির্বাচন"], "format": "svg"})
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == SVG + "svg"
    groups = root.findall(f"{SVG}g[@class='series']")
    assert len(groups) == 3
    legend = [g.find(SVG + "text").text for g in root.findall(f"{SVG}g[@class='legend-item']")]
    assert legend == ["সরকার", "ইরান", "নির্বাচন"]
    lines = [g.find(SVG + "line") for g in root.findall(f"{SVG}g[@class='legend-item']")]
    assert len({line.get("stroke") for line in lines}) == 3  # distinct colours
    assert len({line.get("stroke-dasharray") for line in lines}) == 3  # and distinct dashes
    assert root.find(SVG + "title").text.startswith("সংবাদ")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"interval": "fortnight"}, "সময়ের একক: fortnight"),
        ({"split": "colour"}, "ভাগ: colour"),
        ({"q": ["এক", "দুই", "তিন", "চার", "পাঁচ", "ছয়", "সাত"]}, "ছয়টি"),
        ({"q": ["সরকার", "ইরান"], "split": "outlet"}, "একবারে একটি"),
        ({"date_from": "2025-05-01", "date_to": "2025-01-01"}, "শুরুর তারিখ"),
        ({"q": '"সরকার ইরান"~3'}, "কাছাকাছি"),
        ({"interval": "day", "date_from": "1900-01-01", "date_to": "2100-01-01"}, "অনেক বেশি সময়কাল"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, query, message):
    data = timeline(client, dict(query, format="json"), status=400)
    assert message in data["error"], data["error"]
    page = timeline(client, query, status=400).content.decode()
    assert 'role="alert"' in page and message in page
    text = timeline(client, dict(query, format="csv"), status=400).content.decode()
    assert message in text


def test_search_entity_outlet_and_topic_pages_link_to_their_timelines(client):
    html = client.get("/search/?q=সরকার&outlet=jugantor").content.decode()
    assert "/timeline/?q=%E0%A6%B8%E0%A6%B0%E0%A6%95%E0%A6%BE%E0%A6%B0&amp;outlet=jugantor" in html
    entity = client.get("/entity/dhaka/").content.decode()
    assert 'id="browse-timeline"' in entity and "/timeline/?entity=dhaka" in entity
    outlet = client.get("/outlet/jugantor/").content.decode()
    assert 'id="browse-timeline"' in outlet and "/timeline/?outlet=jugantor" in outlet
    topic = Article.objects.published().exclude(topic=None).first().topic.slug
    assert 'id="browse-timeline"' in client.get(f"/topic/{topic}/").content.decode()


def test_periods_and_the_chosen_interval():
    assert choose_interval(date(2025, 1, 1), date(2025, 2, 15)) == "day"
    assert choose_interval(date(2025, 1, 1), date(2025, 5, 1)) == "week"
    assert choose_interval(date(2025, 1, 1), date(2026, 6, 1)) == "month"
    assert choose_interval(date(2020, 1, 1), date(2025, 6, 1)) == "year"
    weeks = periods(date(2025, 12, 3), date(2025, 12, 20), "week")
    assert [p.start.weekday() for p in weeks] == [0, 0, 0]
    assert weeks[0].key == "2025-W49" and weeks[0].end == date(2025, 12, 7)
    bangla = periods(date(2025, 4, 1), date(2025, 4, 20), "month", "bangla")
    assert [p.key for p in bangla] == ["1431-12", "1432-01"]
    assert bangla[1].start == date(2025, 4, 14) and bangla[0].end == date(2025, 4, 13)
    with pytest.raises(PeriodError):
        periods(date(1900, 1, 1), date(2100, 1, 1), "day")


def test_the_charts_bengali_labels_reach_the_bundled_font(client):
    # Inline SVG text takes the SVG's own font list: without "Archive Bengali" a machine with no Bengali
    # font draws the axis and legend as empty boxes.
    svg = timeline(client, {"q": "সরকার", "format": "svg"}).content.decode()
    families = svg.split('font-family="', 1)[1].split('"', 1)[0]
    assert "Archive Bengali" in families
