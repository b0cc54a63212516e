"""Re-tag articles with the current gazetteer, after curation, and update the index.

python manage.py tag_entities [--entity KEY] [--dry-run] [--batch-size N]

Each batch of articles is its own short transaction: SQLite allows one writer at a time, and one
transaction over the whole run (30-40 s at 650 articles) made admin saves fail with "database is
locked" (issue 13). Articles of committed batches are on the index's to-do list, so an interrupted
run leaves nothing unindexed: the next run, import or ensure_index picks them up.
"""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from articles import writer_turns
from articles.indexing import deferred_indexing
from articles.models import Article
from articles.tagging import build_tagger, retag_articles

BATCH_SIZE = 25


class Command(BaseCommand):
    help = "Tag people, organisations and places in articles again (all, or those mentioning --entity)."

    def add_arguments(self, parser):
        parser.add_argument("--entity", help="Only articles that mention this entity key now.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Articles per transaction.")

    def handle(self, *args, **options):
        writer_turns.lower_priority()
        articles = Article.objects.all()
        if options["entity"]:
            articles = articles.filter(mentions__entity__key=options["entity"])
        ids = list(articles.order_by("pk").values_list("pk", flat=True).distinct())
        tagger = build_tagger()
        show = not options["no_progress"] and sys.stderr.isatty()
        size = max(1, options["batch_size"])
        changed = 0
        with deferred_indexing() as pending:
            for start in tqdm(range(0, len(ids), size), unit=" batches", disable=not show):
                with transaction.atomic():
                    changed += retag_articles(ids[start : start + size], tagger)
                    if options["dry_run"]:
                        transaction.set_rollback(True)
                writer_turns.after_commit()
            if options["dry_run"]:
                pending.clear()
        prefix = "Dry run: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{len(ids)} articles tagged, {changed} changed")
