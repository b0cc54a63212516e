"""Collections of articles with notes and tags per item: private, or shared read-only by an unguessable link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.exports import FORMATS, export_ids_response
from articles.models import Article

from .forms import CollectionForm, ItemForm
from .models import Collection, CollectionItem, new_token, split_tags


def _owned(request, pk):
    # Another user's collection does not exist as far as this user can tell.
    return get_object_or_404(Collection, pk=pk, owner=request.user)


def _items(collection, tag="", published_only=False):
    items = collection.items.select_related("article", "article__outlet").order_by("added", "pk")
    if published_only:
        # Readers of a shared link see what the archive shows anyone: no hidden articles.
        items = items.filter(article__status=Article.Status.PUBLISHED)
    items = list(items)
    if tag:
        items = [item for item in items if tag in item.tag_list()]
    return items


def _all_tags(items):
    return sorted({tag for item in items for tag in item.tag_list()})


@login_required
def collection_list(request):
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        collection = form.save(commit=False)
        collection.owner = request.user
        collection.save()
        return redirect(collection)
    collections = request.user.collections.all()
    return render(
        request,
        "research/collection_list.html",
        {"collections": collections, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def collection_detail(request, pk):
    collection = _owned(request, pk)
    form = CollectionForm(request.POST or None, instance=collection)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(collection)
    tag = request.GET.get("tag", "").strip()
    items = _items(collection)
    context = {
        "collection": collection,
        "form": form,
        "items": [
            (item, ItemForm(instance=item, prefix=f"item{item.article_id}"))
            for item in items
            if not tag or tag in item.tag_list()
        ],
        "tags": _all_tags(items),
        "tag": tag,
        "formats": FORMATS,
        "share_url": request.build_absolute_uri(
            reverse("research:shared", kwargs={"token": collection.share_token})
        )
        if collection.share_token
        else "",
    }
    return render(request, "research/collection_detail.html", context)


def _back(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def item_add(request):
    """Add an article to one of the user's collections, or to a new one named in the form."""
    article = get_object_or_404(Article, pk=request.POST.get("article") or 0)
    name = request.POST.get("new_name", "").strip()[:200]
    if name:
        collection = Collection.objects.create(owner=request.user, name=name)
    else:
        collection = _owned(request, request.POST.get("collection") or 0)
    item, created = CollectionItem.objects.get_or_create(collection=collection, article=article)
    tags = request.POST.get("tags", "").strip()
    if tags:
        item.tags = ", ".join(split_tags(", ".join([item.tags, tags])))[:500]
        item.save(update_fields=["tags"])
    return _back(request, collection)


@login_required
@require_POST
def item_remove(request, pk, article):
    collection = _owned(request, pk)
    CollectionItem.objects.filter(collection=collection, article_id=article).delete()
    return _back(request, collection)


@login_required
@require_POST
def item_edit(request, pk, article):
    collection = _owned(request, pk)
    item = get_object_or_404(CollectionItem, collection=collection, article_id=article)
    form = ItemForm(request.POST, instance=item, prefix=f"item{article}")
    if form.is_valid():
        item = form.save(commit=False)
        item.tags = ", ".join(split_tags(item.tags))
        item.save()
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("The notes or tags could not be saved: ") + form.errors.as_text())
    return redirect(f"{collection.get_absolute_url()}#item-{article}")


@login_required
@require_POST
def collection_share(request, pk):
    """action=share: a link (new each time, which revokes any older one); action=private: no link."""
    collection = _owned(request, pk)
    if request.POST.get("action") == "private":
        collection.share_token = None
        messages.success(request, _("The collection is private again; its link no longer works."))
    else:
        collection.share_token = new_token()
        messages.success(request, _("Anyone with the link can now read this collection."))
    collection.save(update_fields=["share_token"])
    return redirect(collection)


@login_required
@require_POST
def collection_delete(request, pk):
    _owned(request, pk).delete()
    messages.success(request, _("The collection was deleted."))
    return redirect("research:collections")


def _export(request, collection, fmt, published_only):
    if fmt not in FORMATS:
        raise Http404
    ids = [item.article_id for item in _items(collection, request.GET.get("tag", "").strip(), published_only)]
    return export_ids_response(request, ids, fmt, f"archive-collection-{collection.pk}")


@login_required
def collection_export(request, pk, fmt):
    return _export(request, _owned(request, pk), fmt, published_only=False)


def _shared(token):
    return get_object_or_404(Collection, share_token=token)


def shared(request, token):
    collection = _shared(token)
    tag = request.GET.get("tag", "").strip()
    items = _items(collection, published_only=True)
    context = {
        "collection": collection,
        "items": [item for item in items if not tag or tag in item.tag_list()],
        "tags": _all_tags(items),
        "tag": tag,
        "formats": FORMATS,
    }
    response = render(request, "research/shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def shared_export(request, token, fmt):
    return _export(request, _shared(token), fmt, published_only=True)
