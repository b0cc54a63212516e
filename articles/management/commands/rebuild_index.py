"""Rebuild the search index from the published articles.

Replaces haystack's rebuild_index (which commits, and so merges segments, once per batch of 1000):
here the index is cleared, every published article is added through one two-process writer (Whoosh)
or by several processes posting to the collection (Solr, articles/search/solr/rebuild.py), and the
run ends with a summary of the throughput.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from haystack import connections
from tqdm import tqdm

from articles.models import Article, PendingIndex


class Command(BaseCommand):
    help = "Clear the search index and index every published article again."

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--batch-size", type=int, default=1000, help="Articles read per query.")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="Solr only: processes preparing documents (default: cores)",
        )

    def handle(self, *args, **options):
        if options["interactive"]:
            answer = input("This clears the search index and builds it again. Continue? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Rebuild cancelled.")
        index = connections["default"].get_unified_index().get_index(Article)
        backend = connections["default"].get_backend()
        queryset = index.index_queryset().order_by("pk")
        total = queryset.count()
        size = options["batch_size"]
        started = time.monotonic()
        # Changes made before this point are in the rebuild: strike them from the to-do list after it.
        stamp = time.time_ns()
        from articles.search.solr.backend import SolrBackend

        if isinstance(backend, SolrBackend):
            from articles.search.solr.rebuild import default_processes, rebuild

            rebuild(backend, index, procs=options["processes"] or default_processes())
            PendingIndex.objects.filter(stamp__lte=stamp).delete()
            self._summary(total, started, options)
            return
        backend.clear()
        show = not options["no_progress"] and sys.stderr.isatty() and options["verbosity"] >= 1
        with backend.bulk(fresh=True), tqdm(total=total, unit=" articles", disable=not show) as bar:
            batch = []
            for article in queryset.iterator(chunk_size=size):
                batch.append(article)
                if len(batch) == size:
                    backend.update(index, batch)
                    bar.update(len(batch))
                    batch = []
            backend.update(index, batch)
            bar.update(len(batch))
        PendingIndex.objects.filter(stamp__lte=stamp).delete()
        self._summary(total, started, options)

    def _summary(self, total, started, options):
        elapsed = time.monotonic() - started
        if options["verbosity"] >= 1:
            rate = total / elapsed if elapsed else 0
            self.stdout.write(f"Indexed {total} articles in {elapsed:.1f} s ({rate:.0f} articles/s).")
