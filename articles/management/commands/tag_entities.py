"""Re-tag articles with the current gazetteer, after curation, and update the index.

python manage.py tag_entities [--entity KEY] [--dry-run]
"""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from articles.indexing import deferred_indexing
from articles.models import Article
from articles.tagging import build_tagger, retag_articles


class Command(BaseCommand):
    help = "Tag people, organisations and places in articles again (all, or those mentioning --entity)."

    def add_arguments(self, parser):
        parser.add_argument("--entity", help="Only articles that mention this entity key now.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        articles = Article.objects.all()
        if options["entity"]:
            articles = articles.filter(mentions__entity__key=options["entity"])
        ids = list(articles.values_list("pk", flat=True))
        tagger = build_tagger()
        show = not options["no_progress"] and sys.stderr.isatty()
        with deferred_indexing(), transaction.atomic():
            changed = retag_articles(
                ids, tagger, progress=lambda it: tqdm(it, unit=" batches", disable=not show)
            )
            if options["dry_run"]:
                transaction.set_rollback(True)
        prefix = "Dry run: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{len(ids)} articles tagged, {changed} changed")
