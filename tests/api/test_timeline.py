"""GET /api/v1/timeline/: the timeline issue's contract, the same answer as /timeline/?format=json."""

from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db


def api(client, query, status=200, **headers):
    response = client.get("/api/v1/timeline/?" + urlencode(query, doseq=True), **headers)
    assert response.status_code == status, response.content[:500]
    return response


def page_json(client, query):
    response = client.get("/timeline/?" + urlencode(dict(query, format="json"), doseq=True))
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    "query",
    [
        {"q": ["সরকার", "ইরান", "নির্বাচন"], "interval": "month"},
        {"q": "সরকার", "approximate": "0", "language": "bn"},
        {"split": "outlet", "interval": "year"},
        {"q": "সরকার", "split": "entity"},
        {"topic": "politics", "outlet": ["jugantor", "prothom-alo"], "interval": "week"},
        {"q": "সরকার", "calendar": "bangla", "normalise": "1"},
    ],
)
def test_the_api_answers_as_the_timeline_pages_json(client, query):
    # The page speaks Bengali by default; the API follows Accept-Language (labels of split series).
    body = api(client, query, HTTP_ACCEPT_LANGUAGE="bn").json()
    assert body == page_json(client, query)
    assert set(body) == {"interval", "series"} and body["series"]
    for series in body["series"]:
        assert set(series) == {"label", "query", "points", "undated"}
        assert all(set(p) == {"period", "start", "count", "approximate", "total"} for p in series["points"])


def test_a_comparison_adds_up_to_each_searchs_total(client):
    body = api(client, {"q": ["সরকার", "ইরান"], "interval": "year"}).json()
    labels = [s["label"] for s in body["series"]]
    assert labels == ["সরকার", "ইরান"]
    for series in body["series"]:
        total = client.get("/api/v1/search/", {"q": series["query"]["q"]}).json()["total"]
        assert total > 0
        assert sum(p["count"] for p in series["points"]) + series["undated"] == total


def test_several_values_of_a_filter_are_a_list_in_the_series_query(client):
    body = api(client, {"outlet": ["jugantor", "prothom-alo"], "interval": "year"}).json()
    (series,) = body["series"]
    assert series["query"] == {"outlet": ["jugantor", "prothom-alo"]}
    one = [
        api(client, {"outlet": o, "interval": "year"}).json()["series"][0] for o in series["query"]["outlet"]
    ]
    assert sum(s["undated"] for s in one) == series["undated"]
    assert sum(sum(p["count"] for p in s["points"]) for s in one) == sum(p["count"] for p in series["points"])


def test_labels_follow_the_clients_language(client):
    english = api(client, {"split": "outlet", "interval": "year"}).json()["series"]
    bengali = api(client, {"split": "outlet", "interval": "year"}, HTTP_ACCEPT_LANGUAGE="bn").json()["series"]
    assert english[-1]["label"] == "Other outlets" and bengali[-1]["label"] == "অন্যান্য সংবাদমাধ্যম"
    assert english[0]["label"] != bengali[0]["label"]
    assert [s["query"] for s in english] == [s["query"] for s in bengali]


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ({"interval": "fortnight"}, "interval", "fortnight"),
        ({"split": "colour"}, "split", "colour"),
        ({"q": ["a", "b", "c", "d", "e", "f", "g"]}, "q", "six"),
        ({"q": ["সরকার", "ইরান"], "split": "outlet"}, "split", "one search at a time"),
        ({"outlet": "no-such-paper"}, "outlet", "no-such-paper"),
        ({"month": "2024-13"}, "month", "01 to 12"),
        ({"date_from": "2025-13-01"}, "date_from", "date"),
        ({"q": '"সরকার ইরান"~3'}, "q", "not supported"),
        ({"q": "(((("}, "q", "no word"),
        (
            {"interval": "day", "date_from": "1900-01-01", "date_to": "2100-01-01"},
            "interval",
            "Too many periods",
        ),
        ({"sort": "newest"}, "sort", "Unknown parameter"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, query, parameter, words):
    body = api(client, query, status=400).json()
    assert body["parameter"] == parameter
    assert words.lower() in body["detail"].lower(), body["detail"]


def test_a_start_after_the_end_is_a_400_in_words(client):
    body = api(client, {"date_from": "2025-05-01", "date_to": "2025-01-01"}, status=400).json()
    assert "start date is after the end date" in body["detail"]


def test_the_timeline_is_rate_limited_like_every_endpoint(client, settings):
    settings.ARCHIVE_API_RATES = {"anon": "2/min", "user": "4/min"}
    first = api(client, {"interval": "year"})
    assert first["RateLimit-Limit"] == "2" and first["RateLimit-Remaining"] == "1"
    api(client, {"interval": "year"})
    refused = api(client, {"interval": "year"}, status=429)
    assert int(refused["Retry-After"]) > 0


def test_the_schema_documents_the_timeline(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/timeline/"]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert parameters["q"]["type"] == "array" and parameters["q"]["maxItems"] == 6
    assert parameters["split"]["enum"] == ["outlet", "entity"]
    assert parameters["interval"]["enum"] == ["day", "week", "month", "year"]
    assert {
        "normalise",
        "outlet",
        "topic",
        "month",
        "year",
        "entity",
        "source",
        "date_from",
        "date_to",
    } <= set(parameters)
    assert {"precision", "approximate", "expand", "language", "banglish", "calendar"} <= set(parameters)
    assert {"200", "400", "429", "503"} <= set(operation["responses"])
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    components = schema["components"]["schemas"]
    assert set(components[body]["required"]) == {"interval", "series"}
    point = components["TimelinePoint"]
    assert set(point["required"]) == {"period", "start", "count", "approximate", "total"}
