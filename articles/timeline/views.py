"""GET /timeline/: how much matched when, for one search or up to six side by side.

Every search filter applies (the search page's own form validates them); `q` may repeat. The same
counts come back as an HTML page (SVG chart, legend and a table twin), JSON, CSV or SVG.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles.search import IndexUnavailable
from articles.timeline import labels, svg
from articles.timeline.data import MAX_SERIES, SEARCH_KEYS, TimelineOptions, as_json, compute, query_of


def as_csv(counts, titles):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["series", "query", "interval", "period", "start", "end", "count", "approximate", "total", "undated"]
    )
    for s, title in zip(counts.series, titles, strict=True):
        query = urlencode(query_of(s), doseq=True)
        for p in s.points:
            writer.writerow(
                [
                    title,
                    query,
                    counts.interval,
                    p.period,
                    p.start.isoformat(),
                    p.end.isoformat(),
                    p.count,
                    p.approximate,
                    p.total,
                    s.undated,
                ]
            )
    return out.getvalue()


def chart_of(counts, titles, options, element_id="timeline-svg"):
    normalise = options.get("normalise") == "1"
    show_approximate = not all(not s.params.approximate for s in counts.series)
    periods = [
        labels.period_axis(p, counts.interval, counts.calendar)
        for p in (counts.series[0].points if counts.series else [])
    ]
    chart_series = []
    for s, title in zip(counts.series, titles, strict=True):
        values, approx, hovers = [], [], []
        for p, axis in zip(s.points, periods, strict=True):
            if normalise:
                value = 100 * p.count / p.total if p.total else 0.0
                part = 100 * p.approximate / p.total if p.total else 0.0
            else:
                value, part = float(p.count), float(p.approximate)
            values.append(value)
            approx.append(part if show_approximate else 0.0)
            hovers.append(labels.hover(title, axis, p, normalise))
        chart_series.append(svg.ChartSeries(title, values, approx, hovers))
    notes = [labels.undated_note(title, s.undated) for s, title in zip(counts.series, titles, strict=True)]
    chart = svg.Chart(
        title=labels.chart_title(titles, counts.interval, normalise),
        periods=periods,
        series=chart_series,
        y_label=_("share of all articles (%)") if normalise else _("articles"),
        y_format=labels.percent if normalise else labels.number,
        notes=notes,
        integer=not normalise,
        approximate_label=_("hatched: dated only approximately (capture time)")
        if any(any(c.approximate) for c in chart_series)
        else "",
    )
    return svg.render(chart, element_id)


def table_of(counts, titles, options):
    normalise = options.get("normalise") == "1"
    rows = []
    for i, p in enumerate(counts.series[0].points if counts.series else []):
        cells = [labels.cell(s.points[i], normalise) for s in counts.series]
        rows.append({"period": labels.period_long(p, counts.interval, counts.calendar), "cells": cells})
    return rows


def timeline_link(query):
    return reverse("articles:timeline") + ("?" + urlencode(query, doseq=True) if query else "")


@require_GET
def timeline(request):
    fmt = request.GET.get("format") or "html"
    try:
        counts, titles, options = compute(request.GET)
    except (ValueError, IndexUnavailable) as exc:
        status = 503 if isinstance(exc, IndexUnavailable) else 400
        message = (
            str(exc)
            if status == 400
            else _(
                "Search is unavailable for now: the search index is being repaired. Browsing by outlet, topic and date still works."
            )
        )
        if fmt == "json":
            return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
        if fmt in ("csv", "svg"):
            return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
        return render(
            request, "articles/timeline.html", _page_context(request, None, [], {}, message), status=status
        )
    if fmt == "json":
        return JsonResponse(as_json(counts, titles), json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        response = HttpResponse(as_csv(counts, titles), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="timeline.csv"'
        return response
    if fmt == "svg":
        response = HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + chart_of(counts, titles, options),
            content_type="image/svg+xml; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="timeline.svg"'
        return response
    return render(request, "articles/timeline.html", _page_context(request, counts, titles, options, ""))


def _page_context(request, counts, titles, options, error):
    texts = request.GET.getlist("q") or [""]
    context = {
        "error": error,
        "queries": texts[:MAX_SERIES] + ([""] if len(texts) < MAX_SERIES and any(texts) else []),
        "options": TimelineOptions(request.GET),
        "filters": [
            (k, request.GET[k])
            for k in SEARCH_KEYS[1:] + ("approximate", "expand", "language")
            if request.GET.get(k)
        ],
        "counts": counts,
    }
    if counts is not None:
        context.update(
            {
                "svg": chart_of(counts, titles, options),
                "series": [
                    {
                        "title": t,
                        "undated": s.undated,
                        "total": s.total,
                        "search": reverse("articles:search") + "?" + urlencode(query_of(s), doseq=True)
                        if not s.others_than
                        else "",
                    }
                    for s, t in zip(counts.series, titles, strict=True)
                ],
                "rows": table_of(counts, titles, options),
                "normalise": options.get("normalise") == "1",
                "downloads": [(f, _with_format(request, f)) for f in ("csv", "svg", "json")],
            }
        )
    return context


def _with_format(request, fmt):
    query = request.GET.copy()
    query["format"] = fmt
    return "?" + query.urlencode()


def embedded(**filters):
    """The chart for a browse page (entity, outlet, topic): its SVG and the link to the full timeline."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in filters.items():
        query[key] = value
    try:
        counts, titles, options = compute(query)
    except (ValueError, IndexUnavailable):  # a damaged index: the browse page goes on without its chart
        return None
    if not counts.series or not counts.series[0].points:
        return None
    return {
        "svg": chart_of(counts, titles, options, element_id="browse-timeline"),
        "link": timeline_link(filters),
        "undated": counts.series[0].undated,
    }
