"""Timelines on SolrCloud: the Whoosh engine's `run_timeline` (same periods, splits and counts) in
two or three requests, whatever the number of series, through Solr's JSON Facet API.

Every series (and every row of a split) is a `query` facet over all documents, its own query passed as
a request parameter and its filters as the facet's domain filters, so several searches share one
request:
1. the span and the split: min/max of `published` per search, and for a split its outlet or entity
   counts (terms facets over every value, exact on a sharded collection); skipped when every search
   has both dates and nothing is split;
2. (entity split only, without dates) the span of the chosen entities' articles, which is all the
   chart shows;
3. the counts: per row a `range` facet over `published` with one bucket per period (Asia/Dhaka days:
   Gregorian periods by date math in the site's time zone, Bangla months and years as explicit
   ranges), a nested query facet for the approximate ones, the undated ones, and per distinct
   denominator (outlet, language, approximate filters) the same range facet.
Buckets are [start, next start), as the Whoosh engine counts them, so a period's count equals the
search restricted to that period with date_from/date_to.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from articles import deadline
from articles.timeline.periods import Period, chart_axis

from ..types import SearchParams, TimelineCounts, TimelinePoint, TimelineSeries, filter_values
from .client import SolrClient, SolrError
from .query import quoted
from .search import client, parse, request_params, with_banglish

UNDATED = "(*:* -published:[* TO *])"
APPROXIMATE = 'precision:"approximate"'
GAPS = {"day": "+1DAY", "week": "+7DAYS", "month": "+1MONTH", "year": "+1YEAR"}
OUTLET_SPLIT = 5  # the largest outlets, then "others"
ENTITY_SPLIT = 6


class _Row:
    """One series of the chart: what it counts (query and filters) and what its shares divide by."""

    def __init__(self, label, params, q_param, filters, base, others_than=()):
        self.label, self.params, self.q_param = label, params, q_param
        self.filters, self.base, self.others_than = list(filters), tuple(base), list(others_than)


def run_timeline(
    series: list[SearchParams],
    interval: str = "",
    tagger=None,
    split: str = "",
    calendar: str = "gregorian",
    solr: SolrClient | None = None,
) -> TimelineCounts:
    """Matching articles per period for each search of `series` (articles/search/__init__.py);
    `solr` overrides the settings' collection (tests)."""
    solr = solr or client()
    request = {}  # request parameters shared by every facet: each search's query
    searches = []  # (params, q parameter name, filter queries)
    for number, params in enumerate(series):
        query = parse(params.q, tagger if params.expand else None)
        if query is not None and params.banglish:
            query = with_banglish(query, solr, {})
        solr_params = request_params(params, query)
        name = f"tq{number}"
        request[name] = solr_params["q"]
        searches.append((params, name, list(solr_params["fq"])))

    dates_given = all(p.date_from for p in series) and all(p.date_to for p in series)
    spans = []  # (first, last) of each search or row, Asia/Dhaka dates
    rows: list[_Row] = []
    if split or not dates_given:
        facets = {}
        for number, (_params, name, filters) in enumerate(searches):
            facet = _matching(name, filters, {"first": "min(published)", "last": "max(published)"})
            if split:
                field = "outlet" if split == "outlet" else "entities"
                facet["facet"]["split"] = {"type": "terms", "field": field, "limit": -1, "mincount": 1}
            facets[f"s{number}"] = facet
        answer = _facet_request(solr, request, facets)
        for number, (params, name, filters) in enumerate(searches):
            bucket = answer.get(f"s{number}", {})
            pairs = [(b["val"], int(b["count"])) for b in bucket.get("split", {}).get("buckets", [])]
            pairs.sort(key=lambda pair: (-pair[1], pair[0]))
            found = _rows(params, name, filters, split, pairs, int(bucket.get("count", 0)))
            rows += found
            if split != "entity":
                if found:
                    spans.append(_span(bucket))
            elif not dates_given:
                spans += _row_spans(solr, request, found)
    else:
        rows = [_Row(p.q, p, name, filters, _base(p)) for p, name, filters in searches]

    tz = timezone.get_current_timezone()
    firsts = [first for first, _last in spans if first is not None]
    lasts = [last for _first, last in spans if last is not None]
    first, last = (min(firsts) if firsts else None), (max(lasts) if lasts else None)
    interval, chart = chart_axis([(p.date_from, p.date_to) for p in series], first, last, interval, calendar)
    counts = _count(solr, request, rows, chart, interval, calendar, tz)

    result = TimelineCounts(interval=interval, calendar=calendar, series=[])
    for row, (total, undated, per_period, approximate, totals) in zip(rows, counts, strict=True):
        points = [
            TimelinePoint(p.key, p.start, p.end, per_period[i], approximate[i], totals[i])
            for i, p in enumerate(chart)
        ]
        result.series.append(TimelineSeries(row.label, row.params, points, undated, total, row.others_than))
    return result


def _matching(q_param: str, filters, facet: dict) -> dict:
    """A query facet counting the documents one search (or row) matches."""
    found = {"type": "query", "q": f"{{!lucene q.op=AND v=${q_param}}}", "facet": facet}
    if filters:
        found["domain"] = {"filter": list(filters)}
    return found


def _base(params: SearchParams) -> list[str]:
    """The share's denominator: every article under the search's outlet and language filters (and
    without the approximate ones when they are left out), whatever its words."""
    base = []
    if params.outlet:
        base.append("{!terms f=outlet}" + ",".join(filter_values(params.outlet)))
    if params.language:
        base.append("{!terms f=language}" + ",".join(filter_values(params.language)))
    if not params.approximate:
        base.append(f"(*:* -{APPROXIMATE})")
    return base


def _rows(params, q_param, filters, split, pairs, matched) -> list[_Row]:
    """One search's rows: itself, or its largest outlets and the rest, or its most named entities."""
    base = _base(params)
    if split == "outlet":
        top = [value for value, _count in pairs[:OUTLET_SPLIT]]
        rows = [
            _Row(
                value,
                replace(params, outlet=value),
                q_param,
                [*filters, _is("outlet", value)],
                [*base, _is("outlet", value)],
            )
            for value in top
        ]
        if matched > sum(count for _value, count in pairs[:OUTLET_SPLIT]):  # other outlets, or none
            rest = "(*:* -outlet:(" + " OR ".join(quoted(v) for v in top) + "))" if top else "*:*"
            rows.append(_Row("", params, q_param, [*filters, rest], [*base, rest], top))
        return rows
    if split == "entity":
        excluded = filter_values(params.entity or ())
        top = [value for value, _count in pairs if value not in excluded][:ENTITY_SPLIT]
        return [
            _Row(value, replace(params, entity=value), q_param, [*filters, _is("entities", value)], base)
            for value in top
        ]
    return [_Row(params.q, params, q_param, filters, base)]


def _is(field: str, value: str) -> str:
    return f"{field}:{quoted(value)}"


def _span(bucket: dict) -> tuple[date | None, date | None]:
    return _day(bucket.get("first")), _day(bucket.get("last"))


def _day(value) -> date | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.astimezone(timezone.get_current_timezone()).date()


def _row_spans(solr, request, rows) -> list[tuple[date | None, date | None]]:
    """The dates spanned by the chosen rows of an entity split (the chart shows only those)."""
    if not rows:
        return []
    facets = {
        f"r{number}": _matching(
            row.q_param, row.filters, {"first": "min(published)", "last": "max(published)"}
        )
        for number, row in enumerate(rows)
    }
    answer = _facet_request(solr, request, facets)
    return [_span(answer.get(f"r{number}", {})) for number in range(len(rows))]


def _count(solr, request, rows, chart: list[Period], interval, calendar, tz):
    """(total, undated, counts, approximate counts, denominators) of each row, in one request."""
    if not rows:
        return []
    ranges = _ranges(chart, interval, calendar, tz)
    facets = {}
    for number, row in enumerate(rows):
        inner = {"undated": {"type": "query", "q": UNDATED}}
        if ranges:
            inner["periods"] = {**ranges, "facet": {"approximate": {"type": "query", "q": APPROXIMATE}}}
        facets[f"r{number}"] = _matching(row.q_param, row.filters, inner)
    bases = list(dict.fromkeys(row.base for row in rows))
    if ranges:
        for number, base in enumerate(bases):
            facets[f"b{number}"] = {"type": "query", "q": "*:*", "facet": {"periods": ranges}}
            if base:
                facets[f"b{number}"]["domain"] = {"filter": list(base)}
    extra = {"TZ": str(tz)} if "gap" in ranges else {}
    answer = _facet_request(solr, {**request, **extra}, facets)
    size = len(chart)

    def buckets(facet, key):
        if not int(facet.get("count", 0)):  # Solr leaves the sub-facets of an empty domain out
            return [{"count": 0}] * size
        found = facet.get("periods", {}).get("buckets", []) if size else []
        if len(found) != size:
            raise SolrError(f"Solr returned {len(found)} periods for {key}, {size} expected")
        return found

    denominators = {}
    for number, base in enumerate(bases):
        denominators[base] = [int(b["count"]) for b in buckets(answer.get(f"b{number}", {}), "a total")]
    found = []
    for number, row in enumerate(rows):
        facet = answer.get(f"r{number}", {})
        periods_found = buckets(facet, row.label or "others")
        found.append(
            (
                int(facet.get("count", 0)),
                int(facet.get("undated", {}).get("count", 0)),
                [int(b["count"]) for b in periods_found],
                [int(b.get("approximate", {}).get("count", 0)) for b in periods_found],
                denominators.get(row.base, [0] * size),
            )
        )
    return found


def _ranges(chart: list[Period], interval, calendar, tz) -> dict:
    """A range facet over `published` with one bucket per period, [start, next start) in `tz`.

    Gregorian periods step by date math in the site's time zone (the request's TZ); Bangla months and
    years have irregular lengths and are given as explicit ranges.
    """
    if not chart:
        return {}
    bounds = [_utc(p.start, tz) for p in chart] + [_utc(chart[-1].end + timedelta(days=1), tz)]
    if calendar == "bangla" and interval in ("month", "year"):
        return {
            "type": "range",
            "field": "published",
            "ranges": [{"from": low, "to": high} for low, high in zip(bounds, bounds[1:], strict=False)],
        }
    return {
        "type": "range",
        "field": "published",
        "start": bounds[0],
        "end": bounds[-1],
        "gap": GAPS[interval],
        "hardend": True,
    }


def _utc(day: date, tz) -> str:
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _facet_request(solr: SolrClient, request: dict, facets: dict) -> dict:
    if any(key.startswith("tq") and value != "*:*" for key, value in request.items()):
        deadline.check()  # the request's time budget (articles/deadline.py), between requests too
    answer = solr.select(
        {**request, "q": "*:*", "rows": 0, "json.facet": json.dumps(facets, ensure_ascii=False)}
    )
    return answer.get("facets", {})
