"""Keeping story clusters in step with the archive: join, split, and the earliest version of each.

Every member of a cluster is an Article of its own (an outlet's act of publishing). The earliest
version (by publication time; undated ones last, then by id) is the one readers find in search: the
others point `duplicate_of` at it. Changes made here go through queryset.update(), which sends no
signals, so the articles whose visibility changed are handed to the index explicitly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone

from articles.indexing import schedule_reindex
from articles.models import Article, Cluster

_NO_DATE = datetime.max.replace(tzinfo=UTC)
_CHUNK = 500  # ids per query (SQLite limits a statement's parameters)


def version_order(published_at, pk):
    """Sort key of a cluster's versions: by publication time, undated last, then by id."""
    return (published_at is None, published_at or _NO_DATE, pk)


def _write(model, names, rows) -> None:
    """UPDATE columns `names` of many rows, each `(pk, *values)`, in one executemany.

    An import refreshes a whole batch's clusters at once: queryset.update() per cluster or article,
    or bulk_update's CASE expressions, cost the ORM about a millisecond a row here; this costs
    microseconds. Sends no signals, like update().
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {columns} WHERE {quote(model._meta.pk.column)} = %s"
    params = [
        [field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)]
        + [pk]
        for pk, *values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


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
    ids = sorted(cluster_ids)
    for start in range(0, len(ids), _CHUNK):
        rows = Article.objects.filter(cluster_id__in=ids[start : start + _CHUNK]).values_list(
            "cluster_id", "pk", "published_at", "duplicate_of_id", "status", "kind"
        )
        for cluster_id, pk, published_at, duplicate_of, status, kind in rows:
            hidden = status != Article.Status.PUBLISHED or kind != Article.Kind.ARTICLE
            members[cluster_id].append(((hidden, *version_order(published_at, pk)), pk, duplicate_of))
    pointers: dict[int, int | None] = {}  # article -> its new duplicate_of
    kept, gone = [], []
    now = timezone.now()
    for cluster_id in ids:
        versions = sorted(members.get(cluster_id, []))
        if len(versions) < 2:
            gone.append(cluster_id)
            pointers.update((pk, None) for _key, pk, duplicate_of in versions if duplicate_of is not None)
            continue
        first = versions[0][1]
        pointers.update((pk, first) for _key, pk, duplicate_of in versions[1:] if duplicate_of != first)
        if versions[0][2] is not None:
            pointers[first] = None
        kept.append((cluster_id, first, len(versions), now))
    _write(Article, ["duplicate_of"], [(pk, target) for pk, target in pointers.items()])
    _write(Cluster, ["earliest", "size", "modified"], kept)
    if gone:
        Article.objects.filter(cluster_id__in=gone).update(cluster=None, duplicate_of=None)
        Cluster.objects.filter(pk__in=gone).delete()
    changed = set(pointers)
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
    """What an import needs to put each new copy in its cluster without queries per article: the
    cluster of every clustered article, and the articles curators split out (never joined again).

    `add_copy` only notes the pair; `flush` (once per batch, before it commits) writes all of the
    batch's copies: the new clusters in one INSERT, the members' cluster in one executemany, and one
    `refresh` of every cluster the batch touched. Written per copy, that was a cluster INSERT, an
    UPDATE, a SELECT and up to three more UPDATEs: ten times the time (docs/BENCHMARKS.md).
    """

    def __init__(self):
        self.cluster_of = dict(Article.objects.filter(cluster__isnull=False).values_list("pk", "cluster_id"))
        self.kept_apart = set(
            Article.objects.filter(cluster_pinned=True, cluster__isnull=True).values_list("pk", flat=True)
        )
        self.pending: list[tuple[int, int]] = []  # (new copy, the stored article it copies)

    def add_copy(self, article: Article, match_pk: int) -> bool:
        """Note that the newly stored `article` copies the stored article `match_pk`; written by `flush`.

        Call it last in the record's savepoint: a record that fails after it would leave its pair here.
        Returns whether the copy will join a cluster (not when curators split `match_pk` out).
        """
        if match_pk in self.kept_apart:
            return False
        self.pending.append((article.pk, match_pk))
        return True

    def flush(self) -> set[int]:
        """Put the noted copies in their clusters; the ids of the clusters written."""
        pending, self.pending = self.pending, []
        if not pending:
            return set()
        # A copy of a copy noted in the same batch joins that copy's cluster, new or not.
        assigned: dict[int, int] = {}  # article -> cluster id, or a negative placeholder for a new one
        new = 0
        for article_pk, match_pk in pending:
            cluster_id = assigned.get(match_pk, self.cluster_of.get(match_pk))
            if cluster_id is None:  # the first copy: the matched article and this one form a cluster
                new += 1
                cluster_id = assigned[match_pk] = -new
            assigned[article_pk] = cluster_id
        created = Cluster.objects.bulk_create([Cluster() for _ in range(new)])
        if any(cluster.pk is None for cluster in created):  # a database that returns no ids
            created = [Cluster.objects.create() for _ in range(new)]
        real = {-number: cluster.pk for number, cluster in enumerate(created, 1)}
        assigned = {pk: real.get(cluster_id, cluster_id) for pk, cluster_id in assigned.items()}
        _write(Article, ["cluster"], list(assigned.items()))
        touched = set(assigned.values())
        refresh(touched)
        # Remembered only once the rows are written: a failing batch leaves no trace here.
        self.cluster_of.update(assigned)
        return touched
