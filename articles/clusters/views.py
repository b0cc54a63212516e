"""The cluster page: who ran the story, in what order, and what each copy changed."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from articles.models import Article, Cluster

from .diff import word_diff
from .service import version_order


def versions(cluster):
    """The cluster's readable versions, earliest first (hidden articles and listing pages left out)."""
    rows = cluster.articles.filter(status=Article.Status.PUBLISHED, kind=Article.Kind.ARTICLE)
    return sorted(rows.select_related("outlet"), key=lambda a: version_order(a.published_at, a.pk))


def cluster_detail(request, pk):
    cluster = get_object_or_404(Cluster, pk=pk)
    rows = versions(cluster)
    if not rows:
        raise Http404(_("This story cluster has no published articles."))
    earliest, copies = rows[0], rows[1:]
    for copy in copies:
        copy.diff = word_diff(earliest.body, copy.body)
        copy.title_diff = word_diff(earliest.title, copy.title) if copy.title != earliest.title else None
    outlets = []
    for article in rows:
        if article.outlet and article.outlet not in outlets:
            outlets.append(article.outlet)
    context = {
        "cluster": cluster,
        "earliest": earliest,
        "copies": copies,
        "versions": rows,
        "outlets": outlets,
    }
    return render(request, "articles/cluster_detail.html", context)
