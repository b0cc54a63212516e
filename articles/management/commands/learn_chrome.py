"""Learn each outlet's chrome over the whole archive, record the rules and clean the bodies.

    python manage.py learn_chrome [--outlet SLUG] [--dry-run]

Rules with strong evidence are created as "drop" and removed from the outlet's bodies at once; weaker
ones are "proposed" for curators (admin: Chrome rules). Changed articles are reindexed.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from articles.chrome_rules import learn_outlet
from articles.indexing import deferred_indexing
from articles.models import Outlet


class Command(BaseCommand):
    help = "Learn recurring lines (chrome) per outlet over the archive and remove the 'drop' ones."

    def add_arguments(self, parser):
        parser.add_argument("--outlet", help="Only this outlet (its slug).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(self, *args, **options):
        outlets = Outlet.objects.order_by("slug")
        if options["outlet"]:
            outlets = outlets.filter(slug=options["outlet"])
            if not outlets.exists():
                known = ", ".join(Outlet.objects.order_by("slug").values_list("slug", flat=True)[:20])
                raise CommandError(f"no outlet with the slug {options['outlet']!r} (known: {known})")
        dry_run = options["dry_run"]
        show = not options["no_progress"] and sys.stderr.isatty()
        totals = {"outlets": 0, "articles": 0, "drop": 0, "proposed": 0, "cleaned": 0, "lines": 0}
        with deferred_indexing() as pending:
            for outlet in tqdm(list(outlets), unit=" outlets", disable=not show, file=sys.stderr):
                with transaction.atomic():
                    result = learn_outlet(outlet, dry_run=dry_run)
                if not dry_run:
                    pending.update(result.cleaned)
                self._count(totals, result, options["verbosity"])
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{totals['outlets']} outlets, {totals['articles']} articles: {totals['drop']} new drop "
            f"rules, {totals['proposed']} proposed; {totals['cleaned']} articles cleaned "
            f"({totals['lines']} lines removed)"
        )

    def _count(self, totals, result, verbosity):
        for key, value in (
            ("outlets", 1),
            ("articles", result.articles),
            ("drop", result.new_drop),
            ("proposed", result.new_proposed),
            ("cleaned", len(result.cleaned)),
            ("lines", result.lines_removed),
        ):
            totals[key] += value
        if verbosity >= 2:
            self.stdout.write(
                f"{result.outlet.slug}: {result.new_drop} drop, {result.new_proposed} proposed, "
                f"{len(result.cleaned)} articles cleaned"
            )
