"""The read-only JSON API: search, articles, entities, outlets and topics (issue 15); the timeline is in timeline.py.

Every error is JSON with a `detail` in words and, when a parameter is at fault, its name: a client
learns what to fix from the response alone. Messages follow Accept-Language (English unless the client
asks for Bengali), not the site's Bengali-first cookie.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, generics
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from articles import deadline
from articles.models import Article, Entity, Outlet, Topic
from articles.search import IndexUnavailable
from articles.views import QUERY_MESSAGES

from . import serializers as s
from .pagination import CURSOR_NOT_VALID, Cursor, CursorError, paginate, params_digest
from .search import QueryError, SearchParams, facet_counts
from .throttling import RateLimitHeadersMixin

ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="A parameter is not valid; `parameter` names it."),
    429: OpenApiResponse(s.ErrorSerializer, description="Too many requests: wait Retry-After seconds."),
}
UNAVAILABLE = {
    503: OpenApiResponse(
        s.ErrorSerializer, description="The search index is being repaired, or the request ran out of time."
    )
}
NOT_FOUND = {404: OpenApiResponse(s.ErrorSerializer, description="There is no such item.")}


class Unavailable(exceptions.APIException):
    status_code = 503
    default_code = "unavailable"


class ParameterError(exceptions.ValidationError):
    def __init__(self, parameter, message):
        super().__init__({parameter: [message]})


def exception_handler(exc, context):
    """DRF's handler, with errors reshaped to {detail, parameter?, errors?}."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, IndexUnavailable):
        exc = Unavailable(_("Search is unavailable for now: the search index is being repaired."))
    elif isinstance(exc, deadline.DeadlineExceeded):
        exc = Unavailable(
            _("This request took too long and was stopped. Try a search with fewer or longer words.")
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError) and isinstance(data, dict):
        errors = {
            name: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for name, msgs in data.items()
        }
        name = next(iter(errors))
        shown = "" if name == "non_field_errors" else f"{name}: "
        response.data = {"detail": f"{shown}{' '.join(errors[name])}", "errors": errors}
        if name != "non_field_errors":
            response.data["parameter"] = name
    elif isinstance(data, list):
        response.data = {"detail": " ".join(str(m) for m in data)}
    return response


class ApiView(RateLimitHeadersMixin):
    """What every API view shares: rate-limit headers, the client's language, GET only."""

    http_method_names = ["get", "head", "options"]
    known_parameters = frozenset({"format"})

    def initial(self, request, *args, **kwargs):
        accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        translation.activate("bn" if accept.strip().lower().startswith("bn") else "en")
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.known_parameters - self.query_parameters())
        if unknown:
            raise ParameterError(unknown[0], _("Unknown parameter %(name)s.") % {"name": repr(unknown[0])})

    def query_parameters(self):
        return set()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response


def _require(model, field, values, parameter):
    values = [v for v in values or [] if v]
    known = set(model.objects.filter(**{f"{field}__in": values or []}).values_list(field, flat=True))
    for value in values or []:
        if value not in known:
            raise ParameterError(
                parameter,
                _("There is no %(parameter)s %(value)s.") % {"parameter": parameter, "value": repr(value)},
            )


def _one_or_all(values):
    """One value as a string (as every other caller passes it), several as a tuple (any may match)."""
    values = [v for v in dict.fromkeys(values or []) if v]
    return values[0] if len(values) == 1 else tuple(values) if values else ""


class SearchView(ApiView, APIView):
    """Articles matching a query and filters, one page at a time, with facet counts.

    Pages are linked by an opaque `next` cursor. The first page fixes a snapshot of the archive (its
    highest article id); later pages keep to it, so articles imported during a crawl never cause
    duplicates or gaps. Date orders are exact; relevance order can shift a little when an import
    changes the collection's statistics.
    """

    def query_parameters(self):
        return set(s.SearchQuerySerializer().fields)

    @extend_schema(
        operation_id="search",
        summary="Search articles",
        parameters=[s.SearchQuerySerializer],
        responses={200: s.SearchResponseSerializer, **ERRORS, **UNAVAILABLE},
    )
    def get(self, request):
        query = s.SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        _require(Outlet, "slug", data.get("outlet"), "outlet")
        _require(Topic, "slug", data.get("topic"), "topic")
        _require(Entity, "key", data.get("entity"), "entity")
        q = (data.get("q") or "").strip()
        sources = [v.strip() for v in data.get("source") or [] if v.strip()]
        params = SearchParams(
            q=q,
            outlet=_one_or_all(data.get("outlet")),
            topic=_one_or_all(data.get("topic")),
            month=_one_or_all(data.get("month")) or data.get("year") or "",
            entity=_one_or_all(data.get("entity")),
            source=_one_or_all(sources),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or ("relevance" if q else "newest"),
            precision=data.get("precision") or "",
            approximate=data["approximate"],
            expand=data["expand"],
            language=data.get("language") or "",
            banglish=data["banglish"],
            snippets=data["snippets"],
            # Every copy is a result of its own (with its cluster): cursors page over articles, and
            # a collapsed story's member would change as its copies are imported.
            all_versions=True,
        )
        known_sources = facet_counts("sources") if sources else {}
        for source in sources:
            if source not in known_sources:
                raise ParameterError(
                    "source", _("No article names the source %(value)s.") % {"value": repr(source)}
                )
        digest = params_digest(params)
        cursor = None
        if data.get("cursor"):
            try:
                cursor = Cursor.decode(data["cursor"], digest)
            except CursorError as exc:
                raise ParameterError("cursor", _(str(exc))) from exc
        try:
            page = paginate(params, data["page_size"], cursor)
        except QueryError as exc:
            message = QUERY_MESSAGES.get(str(exc), QUERY_MESSAGES["syntax"])
            raise ParameterError("q", str(message)) from exc
        return Response(self._body(request, params, data["page_size"], page, digest))

    def _body(self, request, params, page_size, page, digest):
        results = page.first
        names = dict(
            Outlet.objects.values_list("slug", "name_en" if request.LANGUAGE_CODE == "en" else "name_bn")
        )
        next_url = None
        if page.next_cursor is not None:
            # Every value of a repeated filter: the cursor belongs to the whole search.
            query = [(k, v) for k, values in request.query_params.lists() if k != "cursor" for v in values]
            query.append(("cursor", page.next_cursor.encode(digest)))
            next_url = request.build_absolute_uri(f"{reverse('api:search')}?{urlencode(query)}")
        hits = [
            {
                "id": hit.id,
                "title": hit.title,
                "url": request.build_absolute_uri(hit.path),
                "api_url": request.build_absolute_uri(reverse("api:article-detail", args=[hit.id])),
                "outlet": hit.outlet or None,
                "outlet_name": names.get(hit.outlet) or None,
                "topic": hit.topic or None,
                "published_at": hit.published,
                "date_precision": hit.precision,
                "language": hit.language,
                "snippet_html": hit.snippet,
                "score": hit.score,
                "cluster": hit.cluster,
            }
            for hit in page.hits
        ]
        body = {
            "query": params.q,
            "sort": "newest" if params.sort == "relevance" and not params.q else params.sort,
            "total": results.total,
            "clusters": results.clusters,
            "snapshot": page.snapshot,
            "page_size": page_size,
            "next": next_url,
            "suggestion": results.suggestion or None,
            "expanded_entities": results.expanded,
            "results": hits,
            "facets": {
                name: [{"value": v, "count": n} for v, n in results.facets.get(name, [])]
                for name in ("outlet", "topic", "month", "entities", "sources", "precision", "language")
            },
        }
        return s.SearchResponseSerializer(body).data


@extend_schema(summary="One article", responses={200: s.ArticleSerializer, **NOT_FOUND, 429: ERRORS[429]})
class ArticleDetailView(ApiView, generics.RetrieveAPIView):
    """An article with its full text, metadata and the entities it mentions.

    Articles that readers cannot see (hidden, listing pages) are 404, as on the site; a copy in a
    story cluster has its page, as on the site, with its `cluster`.
    """

    serializer_class = s.ArticleSerializer
    queryset = (
        Article.objects.indexed().select_related("outlet", "topic").prefetch_related("mentions__entity")
    )


class NamePagination(CursorPagination):
    page_size = s.DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = s.MAX_PAGE_SIZE

    def get_ordering(self, request, queryset, view):
        return (view.ordering,)  # a unique field: the cursor is then exact


class _CountedList(ApiView, generics.ListAPIView):
    pagination_class = NamePagination
    facet = ""
    count_field = "slug"

    def query_parameters(self):
        return {"cursor", "page_size"}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "counts": facet_counts(self.facet)}

    def list(self, request, *args, **kwargs):
        size = request.query_params.get("page_size")
        if size is not None and not (size.isdigit() and 1 <= int(size) <= s.MAX_PAGE_SIZE):
            raise ParameterError(
                "page_size", _("Give a whole number from 1 to %(n)d.") % {"n": s.MAX_PAGE_SIZE}
            )
        try:
            return super().list(request, *args, **kwargs)
        except exceptions.NotFound as exc:  # DRF's answer to a cursor it cannot read
            raise ParameterError("cursor", _(CURSOR_NOT_VALID)) from exc


class _CountedDetail(ApiView, generics.RetrieveAPIView):
    facet = ""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "counts": facet_counts(self.facet)}


@extend_schema(summary="Outlets", responses={200: s.OutletSerializer(many=True), **ERRORS})
class OutletListView(_CountedList):
    """Every outlet with its number of published articles, by slug."""

    serializer_class, queryset, facet = s.OutletSerializer, Outlet.objects.all(), "outlet"
    ordering = "slug"


@extend_schema(summary="One outlet", responses={200: s.OutletSerializer, **NOT_FOUND})
class OutletDetailView(_CountedDetail):
    serializer_class, queryset, facet, lookup_field = (
        s.OutletSerializer,
        Outlet.objects.all(),
        "outlet",
        "slug",
    )


@extend_schema(summary="Topics", responses={200: s.TopicSerializer(many=True), **ERRORS})
class TopicListView(_CountedList):
    """Every topic (section) with its number of published articles, by slug."""

    serializer_class, queryset, facet = s.TopicSerializer, Topic.objects.all(), "topic"
    ordering = "slug"


@extend_schema(summary="One topic", responses={200: s.TopicSerializer, **NOT_FOUND})
class TopicDetailView(_CountedDetail):
    serializer_class, queryset, facet, lookup_field = s.TopicSerializer, Topic.objects.all(), "topic", "slug"


@extend_schema(
    summary="Entities",
    parameters=[
        OpenApiParameter(
            "kind", str, enum=Entity.Kind.values, description="Only people, organisations or places."
        )
    ],
    responses={200: s.EntitySerializer(many=True), **ERRORS},
)
class EntityListView(_CountedList):
    """People, organisations and places of the gazetteer, by key, with their published article counts."""

    serializer_class, facet = s.EntitySerializer, "entities"
    ordering = "key"

    def query_parameters(self):
        return {"cursor", "page_size", "kind"}

    def get_queryset(self):
        kind = self.request.query_params.get("kind", "")
        if kind and kind not in Entity.Kind.values:
            message = _("kind is one of %(kinds)s, not %(value)s.")
            raise ParameterError(
                "kind", message % {"kinds": ", ".join(Entity.Kind.values), "value": repr(kind)}
            )
        entities = Entity.objects.all()
        return entities.filter(kind=kind) if kind else entities


@extend_schema(summary="One entity", responses={200: s.EntitySerializer, **NOT_FOUND})
class EntityDetailView(_CountedDetail):
    serializer_class, queryset, facet, lookup_field = (
        s.EntitySerializer,
        Entity.objects.all(),
        "entities",
        "key",
    )

    def get_object(self):
        return get_object_or_404(Entity, key=self.kwargs["key"])


class NotFoundView(ApiView, APIView):
    """Any other address under /api/: a JSON 404 rather than the site's HTML page."""

    schema = None  # not an operation

    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound(_("There is no such API address: see /api/v1/docs/."))


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI document, generated from the code once per process and language (about 40 ms each
    time otherwise). Documentation, like the docs page: not counted against a client's allowance, and
    it reads no database (the fuzz test loads it before the test database exists)."""

    throttle_classes = ()
    schema = None  # the document is not an operation of itself
    _documents = {}

    def get(self, request, *args, **kwargs):
        codes = {code for code, _name in settings.LANGUAGES}
        language = request.GET.get("lang")
        language = language if language in codes else translation.get_language()
        with translation.override(language):
            if language not in self._documents:
                self._documents[language] = self._get_schema_response(request).data
            filename = self._get_filename(request, None)
        return Response(
            self._documents[language], headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI sets style elements from its script: this page alone may have inline styles (the rest of
    the site's Content-Security-Policy stays; articles/middleware.py keeps a view's own header)."""

    schema = None  # a page about the API, not part of it

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        policy = dict(settings.CONTENT_SECURITY_POLICY, **{"style-src": ["'self'", "'unsafe-inline'"]})
        response["Content-Security-Policy"] = "; ".join(f"{k} {' '.join(v)}" for k, v in policy.items())
        return response
