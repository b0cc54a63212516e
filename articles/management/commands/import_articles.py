"""Import raw pages, saved HTML, JSON, JSON Lines and CSV files into the archive.

    python manage.py import_articles PATH... [--format F] [--map title=headline,...] [--outlet NAME]
    python manage.py import_articles --dry-run --json PATH...   # one JSON object per article, writes nothing
    python manage.py import_articles --captured 2025-12-30 PATH...  # when the files were captured

Every file or row that fails is reported with its path (and row number) and the reason; the rest goes
on; the run ends with a summary and exits 1 if anything failed.
"""

import json
import os
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from itertools import islice

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from tqdm import tqdm

from articles import chrome_rules, writer_turns
from articles.importer import Importer, Summary, analysed
from articles.indexing import deferred_indexing
from articles.ingest.dating import Capture, parse_capture
from articles.ingest.readers import FORMATS, iter_inputs, parse_mapping
from articles.models import Article

BATCH_SIZE = 100


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def archive_line():
    """What readers can now find, and why the rest is kept out of search.

    "17 created" and then ensure_index's "16 articles" looked like a lost article: a listing page, a
    copy marked outside any story cluster or a hidden one is stored (for curators) but not in search.
    Copies in a cluster are in search (collapsed into their story's hit), so they are not counted here.
    """
    counts = Article.objects.aggregate(
        total=Count("pk"),
        listings=Count("pk", filter=Q(kind=Article.Kind.LISTING)),
        unpublished=Count("pk", filter=Q(kind=Article.Kind.ARTICLE) & ~Q(status=Article.Status.PUBLISHED)),
        copies=Count(
            "pk",
            filter=Q(
                kind=Article.Kind.ARTICLE,
                status=Article.Status.PUBLISHED,
                duplicate_of__isnull=False,
                cluster__isnull=True,
            ),
        ),
    )
    in_search = counts["total"] - counts["listings"] - counts["unpublished"] - counts["copies"]
    return (
        f"Archive: {counts['total']} stored, {in_search} in search; kept out of search: "
        f"{counts['listings']} listing pages, {counts['copies']} copies of another article "
        f"(shown through it), {counts['unpublished']} hidden or awaiting review"
    )


class _IndexFailure:
    """An index that cannot take the stored articles (no search engine node answering) ends the
    import with a message saying so; committed articles are never undone: their to-do rows
    (PendingIndex) stay, and ensure_index, the next import or the server's start indexes them."""

    def __init__(self, summary):
        self.summary, self.stored = summary, False

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, traceback):
        if exc is None or not self.stored or not isinstance(exc, Exception):
            return False  # an error while storing records is reported as it always was
        raise CommandError(
            f"{self.summary.line()}; the articles are stored, but the search index could not take them "
            f"({exc}). They stay listed for indexing: run `manage.py ensure_index` once the search "
            "engine answers again"
        ) from exc


class Command(BaseCommand):
    help = "Import news articles from files or folders (raw text pages, HTML, JSON, JSON Lines, CSV)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders (searched recursively).")
        parser.add_argument("--format", choices=FORMATS, help="Override format detection for every file.")
        parser.add_argument(
            "--map", default="", help="Field mapping for JSON/CSV, e.g. title=headline,body=article"
        )
        parser.add_argument("--outlet", help="Set the outlet of every article (overrides detection).")
        parser.add_argument("--dry-run", action="store_true", help="Extract and report; write nothing.")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object per article (JSON Lines)."
        )
        parser.add_argument("--no-tag", action="store_true", help="Skip entity tagging.")
        parser.add_argument("--today", type=date.fromisoformat, help="Import date for year inference (ISO).")
        parser.add_argument(
            "--captured",
            help=(
                "When the files were captured (ISO date or time, e.g. 2025-12-30T12:00+06:00; a time without a"
                " zone is Dhaka time): the upper bound for articles with no date of their own. Rows with a"
                " scraped_at-like field use that; without either, each file's modification time is used."
            ),
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that analyse texts (entities, duplicates) beside the one writing (default: cores).",
        )

    def handle(self, *args, **options):
        writer_turns.lower_priority()
        try:
            mapping = parse_mapping(options["map"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        captured = None
        if options["captured"]:
            value = parse_capture(options["captured"], naive_tz=settings.TIME_ZONE)
            if value is None:
                raise CommandError(
                    f"--captured: {options['captured']!r} is not a date or time (use e.g. 2025-12-30 or"
                    " 2025-12-30T12:00+06:00)"
                )
            captured = Capture(value, "--captured")
        as_json, dry_run = options["json"], options["dry_run"]
        today = options["today"] or timezone.localdate()
        importer = Importer(dry_run=dry_run, tag=not options["no_tag"])
        summary = Summary()
        self.outlets_touched = set()
        items = iter_inputs(
            options["paths"],
            fmt=options["format"],
            mapping=mapping,
            outlet=options["outlet"],
            today=today,
            max_bytes=settings.ARCHIVE_MAX_IMPORT_BYTES,
            captured=captured,
        )
        show_progress = not options["no_progress"] and sys.stderr.isatty()
        progress = tqdm(items, unit=" articles", disable=not show_progress, file=sys.stderr)
        report = self.stderr if as_json else self.stdout
        started = time.monotonic()
        with _IndexFailure(summary) as outcome, deferred_indexing() as pending:
            # Records are committed in batches (one fsync per batch, not per article); each record is
            # its own savepoint inside, so a failing one never undoes the others.
            try:
                for batch in batched(analysed(progress, importer.tagger, jobs=options["jobs"]), BATCH_SIZE):
                    with transaction.atomic():
                        for item, analysis, error in batch:
                            if error:
                                self._fail(summary, report, item.source, error)
                                continue
                            self._one(
                                item, analysis, importer, summary, report, as_json, options["verbosity"]
                            )
                        importer.flush()
                    writer_turns.after_commit()
            except BrokenProcessPool as exc:
                raise CommandError(
                    f"an analysing worker process died (killed, or out of memory) after {summary.line()}; "
                    "what was stored is kept and indexed: run the same import again to go on"
                ) from exc
            if not dry_run:
                self._learn_chrome(pending, report, options["verbosity"])
            if pending and options["verbosity"] >= 1 and not as_json:
                report.write(f"Indexing {len(pending)} articles…")
            extracted = time.monotonic()
            outcome.stored = True
        done = time.monotonic()
        prefix = "Dry run: " if dry_run else ""
        timing = (
            f" in {done - started:.1f} s (indexing {done - extracted:.1f} s)" if done - started > 5 else ""
        )
        report.write(f"{prefix}{summary.line()}{timing}")
        if not dry_run and options["verbosity"] >= 1:
            report.write(archive_line())
        if summary.failures:
            sys.exit(1)

    def _one(self, item, analysis, importer, summary, report, as_json, verbosity):
        if item.error:
            self._fail(summary, report, item.source, item.error)
            return
        try:
            outcome = importer.process(item.record, fmt=item.format, analysis=analysis)
        except Exception as exc:  # one bad record must not stop the import
            self._fail(summary, report, item.source, str(exc) or exc.__class__.__name__)
            return
        summary.counts[outcome] += 1
        if outcome in ("created", "updated"):
            self.outlets_touched.add(item.record.outlet)
        if as_json:
            self.stdout.write(json.dumps(item.record.as_json(), ensure_ascii=False))
        elif verbosity >= 2:
            report.write(f"{outcome}: {item.source}: {item.record.title[:80]}")

    def _learn_chrome(self, pending, report, verbosity):
        """Learn each touched outlet's chrome over the archive and clean its bodies (see chrome_rules)."""
        try:
            with transaction.atomic():
                results = chrome_rules.after_import(self.outlets_touched, pending)
        except Exception as exc:  # the articles are stored already; `learn_chrome` can run later
            report.write(self.style.ERROR(f"learning chrome failed (run learn_chrome later): {exc}"))
            return
        for result in results:
            if verbosity >= 1 and (result.new_drop or result.new_proposed or result.cleaned):
                report.write(
                    f"Chrome of {result.outlet.slug}: {result.new_drop} new drop rules, "
                    f"{result.new_proposed} proposed, {len(result.cleaned)} articles cleaned "
                    f"({result.lines_removed} lines)"
                )

    def _fail(self, summary, report, source, reason):
        summary.counts["failed"] += 1
        summary.failures.append((source, reason))
        report.write(self.style.ERROR(f"failed: {source}: {reason}"))
