"""Atom feeds of any search, outlet, topic and entity (issue 15), and the OpenSearch description.

Feeds list what readers see, newest first: topic and entity feeds one version per story
(Article.objects.published()), an outlet's feed every article it ran, its copies of other outlets'
stories included (indexed()). A search feed takes the search page's parameters (one result per
story unless all_versions=1); it sorts newest first unless the reader chose an order.
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import citations
from .forms import SearchForm
from .models import Article, Entity, Outlet, Topic
from .search import QueryError, run_search
from .tagging import current_tagger
from .views import QUERY_MESSAGES

FEED_SIZE = 50


class _BadSearch(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except _BadSearch as exc:  # a reader's mistake in the parameters: say what it is, never a 500
            return HttpResponseBadRequest(exc.message, content_type="text/plain; charset=utf-8")

    def articles(self, obj):
        raise NotImplementedError

    def items(self, obj):
        return self.articles(obj)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead or Truncator(item.body).chars(400)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return self.request.build_absolute_uri(reverse("articles:permalink", kwargs={"pk": item.pk}))

    def item_pubdate(self, item):
        # A capture time is an upper bound, not a publication date.
        return item.published_at if item.date_precision in citations.DATED else None

    def item_updateddate(self, item):
        return item.updated_at or item.published_at or item.captured_at or item.created

    def item_author_name(self, item):
        names = citations.authors(item.byline, item.outlet.name_en if item.outlet else "")
        return "; ".join(n.get("literal") or f"{n['given']} {n['family']}" for n in names) or None

    def item_categories(self, item):
        return [item.topic.name_en] if item.topic else []

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.named(request, **kwargs)

    def named(self, request, **kwargs):
        return None

    def newest(self, queryset):
        return list(queryset.select_related("outlet", "topic").newest_first()[:FEED_SIZE])


class SearchFeed(ArticleFeed):
    def named(self, request, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            raise _BadSearch(_("Some search settings are not valid: ") + form.errors.as_text())
        params = form.to_params(per_page=FEED_SIZE)
        if not request.GET.get("sort"):
            params.sort = "newest"
        params.page, params.snippets = 1, False
        try:
            results = run_search(params, tagger=current_tagger())
        except QueryError as exc:
            raise _BadSearch(str(QUERY_MESSAGES.get(str(exc), QUERY_MESSAGES["syntax"]))) from exc
        return {"params": params, "ids": [hit.id for hit in results.hits], "query": request.GET.urlencode()}

    def articles(self, obj):
        rows = Article.objects.indexed().select_related("outlet", "topic").in_bulk(obj["ids"])
        return [rows[pk] for pk in obj["ids"] if pk in rows]

    def title(self, obj):
        q = obj["params"].q
        return _("Search: %(q)s") % {"q": q} if q else _("Bengali News Archive: newest articles")

    def link(self, obj):
        return f"{reverse('articles:search')}?{obj['query']}"

    def subtitle(self, obj):
        return _("Articles matching a search in the Bengali News Archive.")


class OutletFeed(ArticleFeed):
    def named(self, request, slug):
        return get_object_or_404(Outlet, slug=slug)

    def articles(self, obj):
        return self.newest(Article.objects.indexed().filter(outlet=obj))

    def title(self, obj):
        return str(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return _("Newest articles of %(name)s in the Bengali News Archive.") % {"name": obj}


class TopicFeed(OutletFeed):
    def named(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def articles(self, obj):
        return self.newest(Article.objects.published().filter(topic=obj))


class EntityFeed(OutletFeed):
    def named(self, request, key):
        return get_object_or_404(Entity, key=key)

    def articles(self, obj):
        return self.newest(Article.objects.published().filter(mentions__entity=obj))


@require_GET
def opensearch(request):
    """What browsers need to add the archive as a search engine (linked from every page)."""
    response = render(
        request, "articles/opensearch.xml", {"base": request.build_absolute_uri("/").rstrip("/")}
    )
    response["Content-Type"] = "application/opensearchdescription+xml; charset=utf-8"
    return response
