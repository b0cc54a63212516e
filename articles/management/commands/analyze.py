"""Print the index terms of each line on stdin, one output line per input line.

    echo "ইরানের প্রেসিডেন্ট" | python manage.py analyze

Uses exactly the analyzer of the article body field, so what it prints is what search matches.
"""

import sys

from django.core.management.base import BaseCommand

from articles.search.whoosh.backend import text_field


class Command(BaseCommand):
    help = "Read lines on stdin and print each line's index terms separated by spaces."

    def handle(self, *args, **options):
        analyzer = text_field().analyzer
        # Bengali in, Bengali out, whatever the locale says.
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")
        out = sys.stdout
        out.reconfigure(encoding="utf-8")
        for line in sys.stdin:
            terms = [token.text for token in analyzer(line.rstrip("\n"), mode="index")]
            out.write(" ".join(terms) + "\n")
        out.flush()
