"""Make the search index hold exactly the published articles, repairing only what needs it.

`make run` and the server's start (gunicorn.conf.py) call this. It reads what `check_archive`
reports (articles.search.inspect, for Whoosh articles/search/whoosh/health.py): damaged or unreadable
files, or an index written with another
schema (an older release's fields, or text prepared another way), are rebuilt; articles missing
from the index, left in it, indexed twice, differing from the database or still on the to-do list
of a crashed run are indexed again one by one.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.indexing import reindex_articles
from articles.search import inspect


class Command(BaseCommand):
    help = "Repair the search index: rebuild it when damaged, else index what differs from the database."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done; change nothing.")

    def handle(self, *args, **options):
        report = inspect()
        for problem in report.problems:
            self.stdout.write(problem)
        if options["dry_run"]:
            action = "rebuild" if report.rebuild else f"index {len(report.to_reindex)} articles again"
            self.stdout.write(f"Dry run: would {action}." if report.problems else "Dry run: nothing to do.")
            return
        if report.rebuild:
            self.stdout.write("Rebuilding the index…")
            call_command("rebuild_index", interactive=False, no_progress=True, verbosity=options["verbosity"])
        elif report.to_reindex:
            self.stdout.write(f"Indexing {len(report.to_reindex)} articles again…")
            reindex_articles(report.to_reindex)
        else:
            self.stdout.write(f"Index is complete: {report.indexed} articles.")
            return
        after = inspect()
        if after.problems:
            self.stderr.write("Still wrong after the repair: " + " ".join(after.problems))
            raise SystemExit(1)
        done = "rebuilt" if report.rebuild else "repaired"
        self.stdout.write(f"Index {done}: {after.indexed} articles.")
