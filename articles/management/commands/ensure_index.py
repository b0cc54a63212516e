"""Make sure the search index holds every published article; rebuild it only when it does not.

`make run` calls this after importing, so a deleted or stale index is rebuilt, while a healthy one
(the usual case: imports index as they go) is left alone. An index written with another schema
(an older release's fields, or text prepared another way) is rebuilt too: its postings would not fit
the code that reads them.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections
from whoosh import index as windex

from articles.models import Article


def _signature(schema):
    """What decides how a field's postings are written (Whoosh's own Schema equality fails on
    identical DATETIME fields: their column objects do not compare equal)."""
    return {
        name: (
            type(field).__name__,
            type(field.format).__name__ if field.format else None,
            getattr(field.format, "field_boost", None),
            type(getattr(field, "analyzer", None)).__name__,
            field.stored,
            field.scorable,
            type(field.column_type).__name__ if field.column_type else None,
            getattr(field, "text_version", None),
        )
        for name, field in schema.items()
    }


class Command(BaseCommand):
    help = "Rebuild the Whoosh index if its document count differs from the published articles."

    def handle(self, *args, **options):
        backend = connections["default"].get_backend()
        if not backend.setup_complete:
            backend.setup()
        indexed = backend.index.refresh().doc_count()
        published = Article.objects.published().count()
        written = windex.open_dir(backend.path).schema if windex.exists_in(backend.path) else backend.schema
        if _signature(written) != _signature(backend.schema):
            self.stdout.write("Index was written with another schema: rebuilding…")
        elif indexed == published:
            self.stdout.write(f"Index is complete: {indexed} articles.")
            return
        else:
            self.stdout.write(f"Index has {indexed} articles, the archive {published}: rebuilding…")
        call_command("rebuild_index", interactive=False, verbosity=options["verbosity"])
        self.stdout.write(f"Index rebuilt: {backend.index.refresh().doc_count()} articles.")
