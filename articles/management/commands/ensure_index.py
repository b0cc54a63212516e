"""Make sure the search index holds every published article; rebuild it only when it does not.

`make run` calls this after importing, so a deleted or stale index is rebuilt, while a healthy one
(the usual case: imports index as they go) is left alone.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from articles.models import Article


class Command(BaseCommand):
    help = "Rebuild the Whoosh index if its document count differs from the published articles."

    def handle(self, *args, **options):
        backend = connections["default"].get_backend()
        if not backend.setup_complete:
            backend.setup()
        indexed = backend.index.refresh().doc_count()
        published = Article.objects.published().count()
        if indexed == published:
            self.stdout.write(f"Index is complete: {indexed} articles.")
            return
        self.stdout.write(f"Index has {indexed} articles, the archive {published}: rebuilding…")
        call_command("rebuild_index", interactive=False, verbosity=options["verbosity"])
        self.stdout.write(f"Index rebuilt: {backend.index.refresh().doc_count()} articles.")
