"""(Re)build the story clusters of the whole archive.

    python manage.py cluster_articles [--dry-run] [--no-progress]

Articles are taken in order of publication (undated last) and each joins the cluster of the most
similar earlier article, with the importer's rule (`NEAR_DUPLICATE_THRESHOLD` on the stored MinHash
signatures, then `is_copy`): the result is what importing the archive in date order gives. Run it
after upgrading an archive whose near copies were only marked `duplicate_of`, or after changing the
rule.

Curators' decisions stay: an article a curator joined keeps its cluster (others may join it) and one
a curator split out stays alone. A new cluster keeps the id of the old cluster most of its articles
were in, so cluster pages keep their addresses. Changes are committed in batches; the index is
updated once at the end.
"""

import sys
import time
from collections import Counter, defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from articles.clusters.service import refresh, version_order
from articles.importer import NEAR_DUPLICATE_THRESHOLD, unpack_signature
from articles.indexing import deferred_indexing, schedule_reindex
from articles.ingest.dedup import NearDuplicateIndex, is_copy
from articles.models import Article, Cluster

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = "Rebuild the story clusters (copies of one story) over the whole archive."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(self, *args, dry_run=False, no_progress=False, **options):
        started = time.monotonic()
        show_progress = not no_progress and sys.stderr.isatty()
        groups, current = self.assign(show_progress)
        desired, created = self.name_groups(groups, current)
        moves = {pk: cluster for pk, cluster in desired.items() if current.get(pk) != cluster}
        moves.update({pk: None for pk in current if pk not in desired})
        in_clusters = sum(len(members) for members in groups.values() if len(members) > 1)
        kept = len({c for c in desired.values() if isinstance(c, int)})
        summary = (
            f"{kept + created} clusters of {in_clusters} articles "
            f"({created} new, {kept} kept); {len(moves)} articles change cluster"
        )
        if dry_run:
            self.stdout.write(f"Dry run: {summary}")
            return
        self.write(moves, show_progress)
        self.stdout.write(f"{summary} in {time.monotonic() - started:.1f} s")

    def assign(self, show_progress):
        """Group every article with the earlier one it copies; returns (group -> members, current)."""
        order = sorted(
            (version_order(published_at, pk), pk)
            for pk, published_at in Article.objects.values_list("pk", "published_at").iterator()
        )
        index, titles = NearDuplicateIndex(), {}
        group_of, groups, current = {}, defaultdict(list), {}
        progress = tqdm(total=len(order), unit=" articles", disable=not show_progress, file=sys.stderr)
        for start in range(0, len(order), BATCH_SIZE):
            chunk = [pk for _key, pk in order[start : start + BATCH_SIZE]]
            rows = Article.objects.filter(pk__in=chunk).values_list(
                "pk", "fingerprint", "outlet__slug", "title", "cluster_id", "cluster_pinned", "kind"
            )
            by_pk = {row[0]: row for row in rows}
            for pk in chunk:
                _pk, fingerprint, outlet, title, cluster_id, pinned, kind = by_pk[pk]
                if cluster_id:
                    current[pk] = cluster_id
                if (pinned and not cluster_id) or (kind != Article.Kind.ARTICLE and not pinned):
                    continue  # split out by a curator, or a listing page: alone, and no one's match
                signature = unpack_signature(fingerprint) if fingerprint else None
                if pinned:
                    group = ("kept", cluster_id)
                else:
                    match = index.find(signature, threshold=NEAR_DUPLICATE_THRESHOLD) if signature else None
                    copies = match is not None and is_copy(outlet, title, *titles[match])
                    group = group_of[match] if copies else ("new", pk)
                group_of[pk] = group
                groups[group].append(pk)
                if signature and len(signature) == index.num_perm:
                    index.add(pk, signature)
                    titles[pk] = (outlet, title)
            progress.update(len(chunk))
        progress.close()
        return groups, current

    @staticmethod
    def name_groups(groups, current):
        """pk -> cluster id (an existing id where possible, else a ("new", n) placeholder); new count."""
        desired, taken, fresh = {}, set(), 0
        real = {g: members for g, members in groups.items() if len(members) > 1 or g[0] == "kept"}
        taken.update(g[1] for g in real if g[0] == "kept")
        # Largest groups first: they have the best claim to an old cluster's address.
        for group, members in sorted(real.items(), key=lambda item: -len(item[1])):
            if group[0] == "kept":
                name = group[1]
            else:
                votes = Counter(current[pk] for pk in members if pk in current)
                name = next((c for c, _n in votes.most_common() if c not in taken), None)
                if name is None:
                    fresh += 1
                    name = ("new", fresh)
                taken.add(name)
            for pk in members:
                desired[pk] = name
        return desired, fresh

    def write(self, moves, show_progress):
        placeholders = sorted({c for c in moves.values() if isinstance(c, tuple)})
        touched = {c for c in moves.values() if isinstance(c, int)}
        with deferred_indexing():
            with transaction.atomic():
                made = Cluster.objects.bulk_create([Cluster() for _ in placeholders])
            ids = dict(zip(placeholders, (c.pk for c in made), strict=True))
            touched.update(ids.values())
            old = dict(Article.objects.filter(pk__in=list(moves)).values_list("pk", "cluster_id"))
            touched.update(c for c in old.values() if c)
            items = sorted(moves.items())
            progress = tqdm(total=len(items), unit=" moved", disable=not show_progress, file=sys.stderr)
            for start in range(0, len(items), BATCH_SIZE):
                by_target = defaultdict(list)
                for pk, cluster in items[start : start + BATCH_SIZE]:
                    by_target[ids.get(cluster, cluster)].append(pk)
                with transaction.atomic():
                    for target, pks in by_target.items():
                        if target is None:  # out of every cluster: its duplicate_of came from one
                            Article.objects.filter(pk__in=pks).update(cluster=None, duplicate_of=None)
                            schedule_reindex(pks)
                        else:
                            Article.objects.filter(pk__in=pks).update(cluster_id=target)
                progress.update(min(BATCH_SIZE, len(items) - start))
            progress.close()
            # Clusters that lost every article (a curator's edit, or this rebuild) are dissolved too.
            touched.update(Cluster.objects.filter(articles__isnull=True).values_list("pk", flat=True))
            touched = sorted(touched)
            for start in range(0, len(touched), BATCH_SIZE):
                with transaction.atomic():
                    refresh(touched[start : start + BATCH_SIZE])
