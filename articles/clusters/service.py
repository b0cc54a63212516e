"""Keeping story clusters in step with the archive: join, split, and the earliest version of each.

Every member of a cluster is an Article of its own (an outlet's act of publishing). The earliest
version (by publication time; undated ones last, then by id) is the one readers find in search: the
others point `duplicate_of` at it. Changes made here go through queryset.update(), which sends no
signals, so the articles whose visibility changed are handed to the index explicitly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from django.utils import timezone

from articles.indexing import schedule_reindex
from articles.models import Article, Cluster

_NO_DATE = datetime.max.replace(tzinfo=UTC)


def version_order(published_at, pk):
    """Sort key of a cluster's versions: by publication time, undated last, then by id."""
    return (published_at is None, published_at or _NO_DATE, pk)


def refresh(cluster_ids) -> set[int]:
    """Recompute `earliest` and `size` of these clusters and point the other versions at the earliest.

    The earliest is chosen among the versions readers may see (a hidden one would hide the story).

    A cluster left with fewer than two articles is dissolved. Returns the ids of the articles whose
    `duplicate_of` changed (they are scheduled for reindexing).
    """
    cluster_ids = set(cluster_ids)
    if not cluster_ids:
        return set()
    members = defaultdict(list)
    rows = Article.objects.filter(cluster_id__in=cluster_ids).values_list(
        "cluster_id", "pk", "published_at", "duplicate_of_id", "status", "kind"
    )
    for cluster_id, pk, published_at, duplicate_of, status, kind in rows:
        hidden = status != Article.Status.PUBLISHED or kind != Article.Kind.ARTICLE
        members[cluster_id].append(((hidden, *version_order(published_at, pk)), pk, duplicate_of))
    changed: set[int] = set()
    gone = []
    for cluster_id in cluster_ids:
        versions = sorted(members.get(cluster_id, []))
        if len(versions) < 2:
            gone.append(cluster_id)
            changed.update(pk for _key, pk, duplicate_of in versions if duplicate_of is not None)
            continue
        first = versions[0][1]
        stale = [pk for _key, pk, duplicate_of in versions[1:] if duplicate_of != first]
        if stale:
            Article.objects.filter(pk__in=stale).update(duplicate_of_id=first)
        if versions[0][2] is not None:
            Article.objects.filter(pk=first).update(duplicate_of=None)
            stale.append(first)
        changed.update(stale)
        Cluster.objects.filter(pk=cluster_id).update(
            earliest_id=first, size=len(versions), modified=timezone.now()
        )
    if gone:
        Article.objects.filter(cluster_id__in=gone).update(cluster=None, duplicate_of=None)
        Cluster.objects.filter(pk__in=gone).delete()
    # Every member's index document carries its cluster (search collapses on it): the first copy
    # puts the earliest version in a cluster without changing its duplicate_of, so all are reindexed.
    schedule_reindex(changed | {pk for versions in members.values() for _key, pk, _d in versions})
    return changed


def join(article_ids, *, pinned=True) -> Cluster | None:
    """Put these articles, with the clusters they are already in, into one cluster.

    With `pinned` (a curator's decision) imports and rebuilds leave these articles where they are put.
    """
    rows = list(Article.objects.filter(pk__in=article_ids).values_list("pk", "cluster_id"))
    if len(rows) < 2 and not any(cluster_id for _pk, cluster_id in rows):
        return None
    existing = sorted({cluster_id for _pk, cluster_id in rows if cluster_id})
    target = Cluster.objects.get(pk=existing[0]) if existing else Cluster.objects.create()
    if existing[1:]:
        Article.objects.filter(cluster_id__in=existing[1:]).update(cluster=target)
        Cluster.objects.filter(pk__in=existing[1:]).delete()
    extra = {"cluster_pinned": True} if pinned else {}
    Article.objects.filter(pk__in=[pk for pk, _c in rows]).update(cluster=target, **extra)
    refresh([target.pk])
    target.refresh_from_db()
    return target


def split(article_ids) -> int:
    """Take these articles out of their clusters (each becomes a story of its own, visible again).

    They are pinned: a later import or rebuild does not put them back. Returns how many left a cluster.
    """
    rows = list(
        Article.objects.filter(pk__in=article_ids, cluster__isnull=False).values_list("pk", "cluster_id")
    )
    ids = [pk for pk, _c in rows]
    Article.objects.filter(pk__in=ids).update(cluster=None, duplicate_of=None, cluster_pinned=True)
    schedule_reindex(ids)
    refresh({cluster_id for _pk, cluster_id in rows})
    return len(ids)


class ImportClusters:
    """What an import needs to put each new copy in its cluster without a query per article: the
    cluster of every clustered article, and the articles curators split out (never joined again)."""

    def __init__(self):
        self.cluster_of = dict(Article.objects.filter(cluster__isnull=False).values_list("pk", "cluster_id"))
        self.kept_apart = set(
            Article.objects.filter(cluster_pinned=True, cluster__isnull=True).values_list("pk", flat=True)
        )

    def add_copy(self, article: Article, match_pk: int) -> int | None:
        """Put a newly stored `article` in the cluster of the stored article it copies; the cluster id."""
        if match_pk in self.kept_apart:
            return None
        cluster_id = self.cluster_of.get(match_pk)
        members = [article.pk]
        if cluster_id is None:  # the first copy: the matched article and this one form a cluster
            cluster_id = Cluster.objects.create().pk
            members.append(match_pk)
        Article.objects.filter(pk__in=members).update(cluster_id=cluster_id)
        refresh([cluster_id])
        # Remembered only once the rows are written: a failing record leaves no trace here.
        article.cluster_id = cluster_id
        self.cluster_of[match_pk] = self.cluster_of[article.pk] = cluster_id
        return cluster_id
