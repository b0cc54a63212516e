"""Thin views: validate parameters, ask the model or the search function, render."""

import contextlib
import logging
from collections import Counter
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import uri_to_iri
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_GET

from . import engine_gate, exports
from .forms import LANGUAGES, PRECISIONS, SearchForm
from .models import Article, Entity, Outlet, Topic, indexed_articles_q
from .search import IndexUnavailable, QueryError, SearchParams, SearchResults, run_search
from .tagging import current_tagger

PER_PAGE = 20
logger = logging.getLogger(__name__)
QUERY_MESSAGES = {
    "syntax": gettext_lazy(
        "The query could not be read. Check quotes and brackets, or search for plain words."
    ),
    "too_long": gettext_lazy("The query is too long. Use fewer words."),
    "too_many_terms": gettext_lazy("The query has too many words. Use at most 32."),
    "too_broad": gettext_lazy("A prefix (word*) matches too many words. Add more letters before the *."),
    "only_excluded": gettext_lazy("-word only excludes a word: add a word to search for."),
    "proximity": gettext_lazy(
        'Searching for words near each other ("…"~N) is not supported: use a "phrase" or separate words.'
    ),
    "only_stopwords": gettext_lazy(
        "The query has only very common words (such as এবং, ও, যে). Add a more specific word."
    ),
}
INDEX_UNAVAILABLE = gettext_lazy(
    "Search is unavailable for now: the search index is being repaired. Browsing by outlet, topic and "
    "date still works."
)


def _names(model, slugs, field="slug"):
    """Display names by slug (or key), read as plain values: every search page asks for three sets."""
    lang = get_language() or "bn"
    rows = model.objects.filter(**{f"{field}__in": list(slugs)})
    if model is Entity:
        return {
            key: (name_en or name) if lang == "en" else name
            for key, name, name_en in rows.values_list("key", "name", "name_en")
        }
    return {
        slug: model.name_in(lang, bn, en) for slug, bn, en in rows.values_list("slug", "name_bn", "name_en")
    }


def _facet_names(results, with_entities=False):
    """Display names, in the reader's language, for the outlet and topic (and entity) facet values."""
    facets = results.facets
    names = {
        "outlet": _names(Outlet, [v for v, _n in facets.get("outlet", [])]),
        "topic": _names(Topic, [v for v, _n in facets.get("topic", [])]),
        "language": dict(LANGUAGES),
    }
    if with_entities:
        keys = [v for v, _n in facets.get("entities", [])[:20]] + results.expanded
        names["entities"] = _names(Entity, keys, "key")
        names["precision"] = {value: str(label) for value, label in PRECISIONS}
    return names


def _counted(model, pairs, field="slug"):
    """Facet (value, count) pairs as (object, count), in facet order, for the values the table knows."""
    objects = model.objects.in_bulk([value for value, _n in pairs], field_name=field)
    return [(objects[value], n) for value, n in pairs if value in objects]


def _browse(**filters):
    """Browse pages read their counts from the index facets (one search) instead of aggregate queries.

    A damaged or missing index gives empty results marked `index_unavailable`: pages built on them
    show a notice or count from the database instead (degraded, never broken).
    """
    params = SearchParams(sort="newest", per_page=PER_PAGE, **filters)
    try:
        return run_search(params)
    except IndexUnavailable:
        results = SearchResults(params=params)
        results.index_unavailable = True
        return results


def home_results():
    """The home page's figures: never waiting behind a slow search of another reader (engine_gate)."""
    return engine_gate.fresh_or_latest("home", _browse)


def home(request):
    results = home_results()
    years = Counter()
    for month, n in results.facets.get("month", []):
        years[int(month[:4])] += n
    context = {
        "results": results,
        "outlets": _counted(Outlet, results.facets.get("outlet", [])),
        "topics": _counted(Topic, results.facets.get("topic", [])),
        "years": sorted(years.items(), reverse=True),
        "total": results.total,
        "facet_names": _facet_names(results),
        # Nothing found: a new archive (welcome), or an index behind the database (a notice).
        "archive_empty": not results.total and not Article.objects.published().exists(),
        "index_unavailable": getattr(results, "index_unavailable", False),
        "languages": _language_counts(results.facets.get("language", [])),
    }
    return render(request, "articles/home.html", context)


def _language_counts(pairs):
    """(code, name, count) per language, Bengali first (the archive's language), then by count."""
    names = dict(LANGUAGES)
    ordered = sorted(pairs, key=lambda p: (p[0] != "bn", -p[1], p[0]))
    return [(code, names.get(code, code), n) for code, n in ordered]


def _language_switch(params, results):
    """Counts per language for the search page's language switch, whatever language is chosen:
    the page's own facet counts only the chosen one, so a chosen language asks once more without it."""
    if not params.language:
        return _language_counts(results.facets.get("language", []))
    unfiltered = replace(params, language="", page=1, per_page=1, snippets=False)
    return _language_counts(run_search(unfiltered, tagger=current_tagger()).facets.get("language", []))


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    wants_json = request.GET.get("format") == "json"
    if request.GET.get("format") in exports.FORMATS and form.is_valid():
        try:
            return exports.export_response(request, form.to_params(), request.GET["format"], current_tagger())
        except (QueryError, IndexUnavailable):
            pass  # the page below explains the problem
    context = {"form": form, "results": None, "error": "", "errors": {}}
    if request.GET and not form.is_valid():
        context["errors"] = {name: list(errors) for name, errors in form.errors.items()}
        # A way out: the same search without the parameters that were refused.
        kept = [(k, v) for k, values in request.GET.lists() for v in values if k not in context["errors"]]
        context["without_errors"] = "?" + urlencode([(k, v) for k, v in kept if k not in ("format", "page")])
        context["error"] = _("Some search settings are not valid: ") + "; ".join(
            f"{form.fields[name].label or name} ({name}): {' '.join(errors)}"
            if name != "__all__"
            else " ".join(errors)
            for name, errors in form.errors.items()
        )
    else:
        if not request.GET:
            form = SearchForm({})
            form.is_valid()
            context["form"] = form
        params = form.to_params(per_page=PER_PAGE)
        try:
            results = run_search(params, tagger=current_tagger())
        except QueryError as exc:
            context["error"] = QUERY_MESSAGES.get(str(exc), QUERY_MESSAGES["syntax"])
        except IndexUnavailable as exc:
            logger.warning("Search index unavailable: %s", exc)
            context["error"], context["unavailable"] = INDEX_UNAVAILABLE, True
        except IndexError as exc:
            raise Http404(_("There is no such page of results.")) from exc
        else:
            context["results"] = results
            context["facet_names"] = _facet_names(results, with_entities=True)
            context["languages"] = _language_switch(params, results)
            context["languages_total"] = sum(n for _code, _name, n in context["languages"])
    status = 503 if context.get("unavailable") else 400 if context["error"] else 200
    if results_empty_archive(context):
        context["archive_empty"] = True
    if wants_json:
        return JsonResponse(
            _search_json(request, context), status=status, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "articles/search.html", context, status=status)


def results_empty_archive(context):
    """A search over an archive that has no articles yet (the page then welcomes instead)."""
    results = context["results"]
    return results is not None and not results.total and not Article.objects.published().exists()


def _search_json(request, context):
    results = context["results"]
    if results is None:
        # `parameters`: each rejected parameter with its problem, so a script can tell which it sent wrong.
        return {"error": str(context["error"]), "parameters": context.get("errors", {})}
    names = context["facet_names"]
    return {
        "query": results.params.q,
        "total": results.total,  # every matching article, copies included (as facets count)
        "clusters": results.clusters,  # distinct stories among them (the results are one per story)
        "all_versions": results.params.all_versions,
        "page": results.params.page,
        "num_pages": results.num_pages,
        "suggestion": results.suggestion or None,
        "expand": results.params.expand,
        "expanded_entities": results.expanded,
        "also_searched": results.also_searched,
        "approximate_dates": results.params.approximate,
        "language": results.params.language or None,
        "banglish": results.banglish,
        "banglish_enabled": results.params.banglish,
        "results": [
            {
                "id": hit.id,
                "title": hit.title,
                "url": request.build_absolute_uri(hit.path),
                "outlet": hit.outlet or None,
                "outlet_name": names["outlet"].get(hit.outlet),
                "topic": hit.topic or None,
                "published_at": hit.published.isoformat() if hit.published else None,
                "date_precision": hit.precision,
                "language": hit.language,
                "cluster": hit.cluster,
                "cluster_url": request.build_absolute_uri(reverse("articles:cluster", args=[hit.cluster]))
                if hit.cluster
                else None,
                "versions": hit.versions,
                "snippet_html": hit.snippet,
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": v, "count": n, "label": names.get(name, {}).get(v, v)} for v, n in pairs]
            for name, pairs in results.facets.items()
        },
    }


def article_redirect(request, pk):
    article = get_object_or_404(
        Article.objects.filter(status=Article.Status.PUBLISHED, kind="article"), pk=pk
    )
    return redirect(article, permanent=True)


def article_detail(request, pk, slug):
    article = get_object_or_404(
        Article.objects.select_related("outlet", "topic", "duplicate_of__outlet", "cluster"), pk=pk
    )
    # A copy keeps its own page (it is one outlet's act of publishing); it says so and links to its cluster.
    if not article.has_page:
        raise Http404(_("This article is not available."))
    if slug != article.slug:
        return redirect(article, permanent=True)
    mentions = article.mentions.select_related("entity").order_by("-count", "entity__name")
    context = {
        "article": article,
        "mentions": mentions,
        "duplicates": article.duplicates.filter(cluster=None).select_related("outlet"),
        "canonical": article.duplicate_of if article.duplicate_of and article.duplicate_of.has_page else None,
        "permalink": request.build_absolute_uri(article.get_absolute_url()),
    }
    context["permalink_display"] = uri_to_iri(context["permalink"])
    return render(request, "articles/article_detail.html", context)


class IndexCountPaginator(Paginator):
    """A paginator whose total comes from the search index (COUNT(*) over wide article rows is slow)."""

    def __init__(self, *args, total=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.total = total

    @cached_property
    def count(self):
        return self.total if self.total is not None else super().count


class ArticleListMixin:
    paginate_by = PER_PAGE
    paginate_orphans = 3
    paginator_class = IndexCountPaginator

    def language(self):
        """The `language` parameter: one language of the list, or "" for all of them."""
        value = self.request.GET.get("language", "")
        if value and value not in dict(LANGUAGES):
            raise Http404(_("There is no such language in the archive."))
        return value

    def base_queryset(self):
        # indexed(), copies included: the page count comes from the index, which holds them.
        articles = Article.objects.indexed().for_listing()
        return articles.filter(language=self.language()) if self.language() else articles

    def index_filters(self):
        """The same set of articles as search filters, or None when the database should count."""
        return None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        filters = self.index_filters()
        total = None
        if filters is not None:
            with contextlib.suppress(IndexUnavailable):  # else the database counts
                params = SearchParams(per_page=1, snippets=False, language=self.language(), **filters)
                total = run_search(params).total
        return self.paginator_class(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page, total=total
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.index_filters()
        if filters is not None:  # the language switch, counted over the list's other filters
            with contextlib.suppress(IndexUnavailable):  # a damaged index: the list goes on without it
                every = run_search(SearchParams(per_page=1, snippets=False, **filters))
                context["languages"] = _language_counts(every.facets.get("language", []))
                context["languages_total"] = every.total
        return context


class NamedListView(generic.ListView):
    """Outlets or topics with their published article counts."""

    template_name = "articles/named_list.html"
    context_object_name = "items"
    heading = ""

    facet = ""

    def get_queryset(self):
        # Counts from the index facet (one search), not an aggregate over every article; from the
        # database when the index cannot be read. Only outlets and topics readers can open are listed
        # (one whose articles are all hidden, in review or duplicates would lead to an empty page).
        results = _browse()
        if getattr(results, "index_unavailable", False):
            rows = self.model.objects.annotate(n=Count("articles", filter=indexed_articles_q()))
            counts = {row.slug: row.n for row in rows}
        else:
            counts = dict(results.facets.get(self.facet, []))
        items = list(self.model.objects.filter(slug__in=[slug for slug, n in counts.items() if n]))
        for item in items:
            item.n = counts[item.slug]
        return sorted(items, key=lambda item: (-item.n, item.name_en))

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class OutletListView(NamedListView):
    model = Outlet
    facet = "outlet"
    heading = gettext_lazy("Outlets")


class TopicListView(NamedListView):
    model = Topic
    facet = "topic"
    heading = gettext_lazy("Topics")


class NamedArticlesView(ArticleListMixin, generic.ListView):
    """The articles of one outlet or topic."""

    template_name = "articles/article_list.html"
    named_model = None
    context_name = ""

    def get_queryset(self):
        self.named = get_object_or_404(self.named_model, slug=self.kwargs["slug"])
        articles = self.base_queryset().filter(**{self.context_name: self.named})
        if not articles.exists():  # nothing a reader may see: as if it did not exist
            raise Http404(_("There are no articles here."))
        return articles

    def index_filters(self):
        return {self.context_name: self.named.slug}

    def get_context_data(self, **kwargs):
        from .timeline.views import embedded  # the timeline package imports this module

        timeline = embedded(**{self.context_name: self.named.slug})
        return super().get_context_data(
            heading=str(self.named), **{self.context_name: self.named}, timeline=timeline, **kwargs
        )


class OutletArticlesView(NamedArticlesView):
    named_model, context_name = Outlet, "outlet"


class TopicArticlesView(NamedArticlesView):
    named_model, context_name = Topic, "topic"


class DateArchiveMixin(ArticleListMixin):
    date_field = "published_at"
    allow_empty = False
    month_format = "%m"
    template_name = "articles/archive.html"

    def get_queryset(self):
        return self.base_queryset()

    def get_dated_items(self):
        try:
            return super().get_dated_items()
        except OverflowError as exc:  # the day after 9999-12-31 (Django adds a day to find the range)
            raise Http404(_("There are no articles on this date.")) from exc

    def index_dates(self, **filters):
        """The months of the index's month facet, or None when the index cannot be read."""
        results = _browse(**filters)
        if getattr(results, "index_unavailable", False):
            return None
        return [month for month, _n in results.facets.get("month", [])]


class ArchiveIndexView(DateArchiveMixin, generic.ArchiveIndexView):
    allow_empty = True
    date_list_period = "year"

    def index_filters(self):
        return {}

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # The years come from the index's month facet: a DISTINCT over every row's date is slow.
        months = self.index_dates()
        if months is None:
            return super().get_date_list(queryset, date_type, ordering)
        years = sorted({int(month[:4]) for month in months})
        return [date(year, 1, 1) for year in (reversed(years) if ordering == "DESC" else years)]


class YearArchiveView(DateArchiveMixin, generic.YearArchiveView):
    make_object_list = True

    def index_filters(self):
        return {"month": f"{int(self.get_year()):04d}"}

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # The year's months from the index's month facet, not a DISTINCT over the year's rows.
        year = f"{int(self.get_year()):04d}"
        found = self.index_dates(month=year)
        if found is None:
            return super().get_date_list(queryset, date_type, ordering)
        months = sorted(m for m in found if m.startswith(year))
        dates = [date(int(m[:4]), int(m[5:7]), 1) for m in months]
        return list(reversed(dates)) if ordering == "DESC" else dates


class MonthArchiveView(DateArchiveMixin, generic.MonthArchiveView):
    def index_filters(self):
        return {"month": f"{int(self.get_year()):04d}-{int(self.get_month()):02d}"}


class DayArchiveView(DateArchiveMixin, generic.DayArchiveView):
    pass


def entity_index(request):
    kind = request.GET.get("kind", "")
    pairs = _browse().facets.get("entities", [])
    by_kind = {k: [] for k in Entity.Kind.values}
    for entity, n in _counted(Entity, pairs, field="key"):
        if kind in ("", entity.kind) and len(by_kind[entity.kind]) < 200:
            entity.n = n
            by_kind[entity.kind].append(entity)
    groups = [(Entity.Kind(k).label, k, rows) for k, rows in by_kind.items() if rows]
    return render(request, "articles/entity_list.html", {"groups": groups, "kind": kind})


def entity_detail(request, key):
    entity = get_object_or_404(Entity, key=key)
    from .timeline.views import embedded  # the timeline package imports this module

    results = _browse(entity=key)
    outlets = results.facets.get("outlet", [])
    companions = [
        (e, n)
        for e, n in _counted(Entity, results.facets.get("entities", [])[:16], "key")
        if e.pk != entity.pk
    ]
    context = {
        "entity": entity,
        "results": results,
        "total": results.total,
        "timeline": embedded(entity=key),
        "outlets": [(o, n) for o, n in _counted(Outlet, outlets[:20])],
        "companions": companions[:15],
        "facet_names": _facet_names(results),
    }
    return render(request, "articles/entity_detail.html", context)
