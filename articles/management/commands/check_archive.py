"""Compare the database with the search index and read the index's files; say what to run.

python manage.py check_archive [--sample N]

Exits 0 when all is well, 1 when a repair is needed (`manage.py ensure_index` applies it).
"""

from django.core.management.base import BaseCommand

from articles.search import inspect


class Command(BaseCommand):
    help = "Check that the search index is readable and agrees with the database."

    def add_arguments(self, parser):
        parser.add_argument("--sample", type=int, default=200, help="Documents compared with their rows.")

    def handle(self, *args, **options):
        report = inspect(sample=options["sample"])
        self.stdout.write(
            f"Database: {report.expected} articles to index (each version of a story counts). "
            f"Index: {report.indexed}."
        )
        if report.healthy:
            self.stdout.write("The index is complete and readable.")
            return
        for problem in report.problems:
            self.stdout.write(self.style.ERROR(problem))
        if report.rebuild:
            self.stdout.write("Run: python manage.py ensure_index (it rebuilds the index).")
        else:
            self.stdout.write(
                f"Run: python manage.py ensure_index (it indexes {len(report.to_reindex)} articles again)."
            )
        raise SystemExit(1)
