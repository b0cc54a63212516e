"""A timeline's parameters and its JSON: one reading shared by /timeline/ and /api/v1/timeline/.

`compute` takes a query (a QueryDict) and returns the counts with their display labels; `as_json` is
the contract's shape. Both the page (`format=json`) and the API call them, so the two answer alike.
"""

from __future__ import annotations

from dataclasses import fields

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.forms import SearchForm
from articles.models import Entity, Outlet
from articles.search import QueryError, SearchParams, run_timeline
from articles.tagging import current_tagger
from articles.timeline import labels
from articles.timeline.periods import PeriodError
from articles.views import QUERY_MESSAGES

MAX_SERIES = 6
SEARCH_KEYS = ("q", "outlet", "topic", "month", "entity", "source", "date_from", "date_to", "precision")
INTERVALS = ("day", "week", "month", "year")
SPLITS = ("outlet", "entity")
CALENDARS = ("gregorian", "bangla")


class TimelineError(ValueError):
    """A parameter the timeline cannot use; `parameter` names it when one is at fault."""

    def __init__(self, message, parameter=None):
        super().__init__(message)
        self.parameter = parameter


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


# Every parameter a timeline reads: its options and the search page's filters (not the search's page or
# order, which a count does not have).
PARAMETERS = frozenset(TimelineOptions.base_fields) | (frozenset(SearchForm.base_fields) - {"sort", "page"})


def _form_error(form):
    """(message, the first parameter at fault or None) of an invalid form."""
    message = "; ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
        for name, errors in form.errors.items()
    )
    parameter = next((name for name in form.errors if name != "__all__"), None)
    return message, parameter


def parse(query):
    """(list of SearchParams, cleaned options) from a QueryDict; TimelineError with the reader's message."""
    options = TimelineOptions(query)
    if not options.is_valid():
        message, parameter = _form_error(options)
        raise TimelineError(_("Some timeline settings are not valid: ") + message, parameter)
    texts = query.getlist("q") or [""]
    if len(texts) > MAX_SERIES:
        raise TimelineError(_("Compare at most six searches at a time."), "q")
    if options.cleaned_data["split"] and len(texts) > 1:
        raise TimelineError(_("Split one search at a time: remove the other searches or the split."), "split")
    series = []
    for text in texts:
        data = query.copy()
        data.setlist("q", [text])
        form = SearchForm(data)
        if not form.is_valid():
            message, parameter = _form_error(form)
            raise TimelineError(_("Some search settings are not valid: ") + message, parameter)
        series.append(form.to_params(per_page=1))
    return series, options.cleaned_data


def query_of(series):
    """The search parameters a series counts, as /search/ takes them (defaults left out; a filter with
    several values is a list)."""
    params = series.params
    query = {}
    for f in fields(SearchParams):
        if f.name not in SEARCH_KEYS and f.name not in ("approximate", "expand", "language", "banglish"):
            continue
        value = getattr(params, f.name)
        if f.name in ("approximate", "expand", "banglish"):
            if not value:
                query[f.name] = "0"
        elif isinstance(value, tuple):
            query[f.name] = list(value)
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
    """Counts and display labels for a QueryDict; TimelineError carries the reader's message.

    IndexUnavailable (a damaged index) and DeadlineExceeded pass through for the caller to answer.
    """
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
        raise TimelineError(str(QUERY_MESSAGES.get(str(exc), QUERY_MESSAGES["syntax"])), "q") from exc
    except PeriodError as exc:
        raise TimelineError(
            _("Too many periods to draw: choose a longer interval or a shorter date range."), "interval"
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


def timeline_json(query):
    """The contract's JSON for a QueryDict (what /timeline/?format=json and /api/v1/timeline/ answer)."""
    return as_json(*compute(query)[:2])
