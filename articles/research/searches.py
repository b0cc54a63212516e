"""Saved searches: a name, notes and the search's query string; re-run, what is new, a private feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.feeds import SearchFeed
from articles.forms import SearchForm
from articles.models import Article
from articles.search import QueryError, matching_ids
from articles.tagging import current_tagger
from articles.views import QUERY_MESSAGES

from .forms import SavedSearchForm
from .models import SavedSearch, new_token

# Parameters that say how to show or download a search, not what it finds.
NOT_THE_SEARCH = ("page", "format", "text", "bom")
NEW_SHOWN = 20


def search_query(querydict):
    """The query string that identifies a search: its filters, without page or output options."""
    query = querydict.copy()
    for name in NOT_THE_SEARCH:
        query.pop(name, None)
    for name in [n for n, values in query.lists() if not any(v.strip() for v in values)]:
        del query[name]
    return query.urlencode()


def newest_id():
    return Article.objects.aggregate(top=Max("pk"))["top"] or 0


@login_required
def search_list(request):
    return render(request, "research/search_list.html", {"searches": request.user.saved_searches.all()})


@login_required
def search_new(request):
    """GET: the form, filled from the search page's query string; POST: save it."""
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.owner = request.user
            saved.query = search_query(QueryDict(saved.query))
            saved.seen_max_id, saved.last_seen = newest_id(), timezone.now()
            saved.save()
            return redirect(saved)
    else:
        query = search_query(request.GET)
        form = SavedSearchForm(initial={"query": query, "name": request.GET.get("q", "")[:200]})
    query = form["query"].value() or ""
    return render(
        request,
        "research/search_new.html",
        {"form": form, "query": query, "criteria": QueryDict(query)},
        status=400 if form.errors else 200,
    )


def new_matches(saved):
    """(ids of matches imported since the last visit, an error message or ""): ids grow with imports."""
    form = SearchForm(QueryDict(saved.query))
    if not form.is_valid():
        return [], _("This saved search has settings that are no longer valid.")
    try:
        ids = matching_ids(form.to_params(), current_tagger())
    except QueryError as exc:
        return [], QUERY_MESSAGES.get(str(exc), QUERY_MESSAGES["syntax"])
    return sorted((pk for pk in ids if pk > saved.seen_max_id), reverse=True), ""


@login_required
def search_detail(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    form = SavedSearchForm(request.POST or None, instance=saved)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(saved)
    new_ids, error = new_matches(saved)
    rows = Article.objects.indexed().select_related("outlet").in_bulk(new_ids[:NEW_SHOWN])
    context = {
        "saved": saved,
        "form": form,
        "criteria": QueryDict(saved.query),
        "new_count": len(new_ids),
        "new_articles": [rows[i] for i in new_ids[:NEW_SHOWN] if i in rows],
        "previous_visit": saved.last_seen,
        "error": error,
        "feed_url": request.build_absolute_uri(
            reverse("research:search_feed", kwargs={"token": saved.feed_token})
        ),
    }
    # This visit is now the last one: the next shows only what arrives after it.
    saved.seen_max_id, saved.last_seen = max(saved.seen_max_id, newest_id()), timezone.now()
    saved.save(update_fields=["seen_max_id", "last_seen"])
    return render(request, "research/search_detail.html", context)


@login_required
@require_POST
def search_new_feed(request, pk):
    """A new private feed address; the old one stops working at once."""
    saved = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    saved.feed_token = new_token()
    saved.save(update_fields=["feed_token"])
    messages.success(request, _("The feed has a new address; the old one no longer works."))
    return redirect(saved)


@login_required
@require_POST
def search_delete(request, pk):
    get_object_or_404(SavedSearch, pk=pk, owner=request.user).delete()
    messages.success(request, _("The saved search was deleted."))
    return redirect("research:searches")


class SavedSearchFeed(SearchFeed):
    """The saved search's Atom feed; the token in the address is the only key (feed readers cannot sign in)."""

    def named(self, request, token):
        saved = get_object_or_404(SavedSearch, feed_token=token)
        request.GET = QueryDict(saved.query)
        obj = super().named(request)
        obj["saved"] = saved
        return obj

    def title(self, obj):
        return _("Saved search: %(name)s") % {"name": obj["saved"].name}

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private"
        response["X-Robots-Tag"] = "noindex"
        return response
