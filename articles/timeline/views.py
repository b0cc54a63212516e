"""GET /timeline/: how much matched when, for one search or up to six side by side.

Every search filter applies (the search page's own form validates them); `q` may repeat. The same
counts come back as an HTML page (SVG chart, legend and a table twin), JSON, CSV or SVG.
"""

from __future__ import annotations

import csv
import io
from dataclasses import fields
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from articles.forms import SearchForm
from articles.models import Entity, Outlet
from articles.search import IndexUnavailable, QueryError, SearchParams, run_timeline
from articles.tagging import current_tagger
from articles.timeline import labels, svg
from articles.timeline.periods import PeriodError
from articles.views import QUERY_MESSAGES

MAX_SERIES = 6
SEARCH_KEYS = ("q", "outlet", "topic", "month", "entity", "source", "date_from", "date_to", "precision")


class TimelineOptions(forms.Form):
    split = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Split"),
        choices=[
            ("", gettext_lazy("no split")),
            ("outlet", gettext_lazy("by outlet")),
            ("entity", gettext_lazy("by name")),
        ],
    )
    interval = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Interval"),
        choices=[
            ("", gettext_lazy("automatic")),
            ("day", gettext_lazy("day")),
            ("week", gettext_lazy("week")),
            ("month", gettext_lazy("month")),
            ("year", gettext_lazy("year")),
        ],
    )
    normalise = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Show"),
        choices=[("0", gettext_lazy("number of articles")), ("1", gettext_lazy("share of all articles"))],
    )
    calendar = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Calendar"),
        choices=[("gregorian", gettext_lazy("Gregorian")), ("bangla", gettext_lazy("Bangla (বঙ্গাব্দ)"))],
    )
    format = forms.ChoiceField(
        required=False, choices=[("html", "HTML"), ("json", "JSON"), ("csv", "CSV"), ("svg", "SVG")]
    )


def _form_errors(form):
    return "; ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
        for name, errors in form.errors.items()
    )


def parse(query):
    """(list of SearchParams, cleaned options) from a QueryDict; ValueError with the reader's message."""
    options = TimelineOptions(query)
    if not options.is_valid():
        raise ValueError(_("Some timeline settings are not valid: ") + _form_errors(options))
    texts = query.getlist("q") or [""]
    if len(texts) > MAX_SERIES:
        raise ValueError(_("Compare at most six searches at a time."))
    if options.cleaned_data["split"] and len(texts) > 1:
        raise ValueError(_("Split one search at a time: remove the other searches or the split."))
    series = []
    for text in texts:
        data = query.copy()
        data.setlist("q", [text])
        form = SearchForm(data)
        if not form.is_valid():
            raise ValueError(_("Some search settings are not valid: ") + _form_errors(form))
        series.append(form.to_params(per_page=1))
    return series, options.cleaned_data


def query_of(series):
    """The search parameters a series counts, as /search/ takes them (defaults left out)."""
    params = series.params
    query = {}
    for f in fields(SearchParams):
        if f.name not in SEARCH_KEYS and f.name not in ("approximate", "expand", "language"):
            continue
        value = getattr(params, f.name)
        if f.name in ("approximate", "expand"):
            if not value:
                query[f.name] = "0"
        elif value:
            query[f.name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if series.others_than:
        query.pop("outlet", None)
        query["outlet_not"] = list(series.others_than)
    return query


def _series_label(series, split, names):
    if split == "outlet":
        return names["outlet"].get(series.label, series.label) if series.label else _("Other outlets")
    if split == "entity":
        return names["entities"].get(series.label, series.label)
    return series.label or _("All articles")


def _names(counts):
    keys = {s.label for s in counts.series}
    outlets = {o.slug: labels.display(o) for o in Outlet.objects.filter(slug__in=keys)}
    entities = {e.key: labels.entity_name(e) for e in Entity.objects.filter(key__in=keys)}
    return {"outlet": outlets, "entities": entities}


def compute(query):
    """Counts and display labels for a QueryDict; ValueError carries the reader's message."""
    series, options = parse(query)
    try:
        counts = run_timeline(
            series,
            interval=options["interval"],
            tagger=current_tagger(),
            split=options["split"],
            calendar=options["calendar"] or "gregorian",
        )
    except QueryError as exc:
        raise ValueError(str(QUERY_MESSAGES.get(str(exc), QUERY_MESSAGES["syntax"]))) from exc
    except PeriodError as exc:
        raise ValueError(
            _("Too many periods to draw: choose a longer interval or a shorter date range.")
        ) from exc
    names = _names(counts)
    titles = [_series_label(s, options["split"], names) for s in counts.series]
    return counts, titles, options


def as_json(counts, titles):
    return {
        "interval": counts.interval,
        "series": [
            {
                "label": title,
                "query": query_of(s),
                "points": [
                    {
                        "period": p.period,
                        "start": p.start.isoformat(),
                        "count": p.count,
                        "approximate": p.approximate,
                        "total": p.total,
                    }
                    for p in s.points
                ],
                "undated": s.undated,
            }
            for s, title in zip(counts.series, titles, strict=True)
        ],
    }


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
