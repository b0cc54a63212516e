"""Search with story clusters collapsed against every version (Whoosh, in process, cache off).

Imports a corpus into an empty data folder and times `run_search` over bench/queries.json, one hit
per story and `all_versions=True`, interleaved. Make the corpus with copies first:

    python bench/corpus.py --shared ../shared --n 5000 --out /tmp/corpus-5k
    python -c "import sys, pathlib; sys.path.insert(0, 'bench'); from copies import with_copies; \\
        with_copies(pathlib.Path('/tmp/corpus-5k/part-0001.jsonl'), pathlib.Path('/tmp/copies.jsonl'), 0.3)"
    ARCHIVE_DATA_DIR=$(mktemp -d) python bench/collapse.py /tmp/copies.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import sys
import time
from datetime import date

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=pathlib.Path, help="JSON Lines (bench/corpus.py, with copies)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("ARCHIVE_DATA_DIR"):
        parser.error("set ARCHIVE_DATA_DIR to an empty folder (the archive is imported there)")
    for name in ("DATABASE_URL", "ARCHIVE_INDEX_DIR", "DJANGO_ENV"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsarchive.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from articles.models import Article
    from articles.search import SearchParams, run_search

    settings.ARCHIVE_SEARCH_CACHE = 0
    call_command("migrate", verbosity=0)
    call_command("import_articles", str(args.corpus), "--no-progress", verbosity=0)
    print(
        f"indexed {Article.objects.indexed().count()}, published {Article.objects.published().count()}, "
        f"in clusters {Article.objects.filter(cluster__isnull=False).count()}"
    )
    queries = []
    for entry in json.loads((ROOT / "bench/queries.json").read_text("utf-8"))["queries"]:
        params = dict(entry["params"])
        for name in ("date_from", "date_to"):
            if name in params:
                params[name] = date.fromisoformat(params[name])
        queries.append(params)
    for every in (True, False, True, False):
        times = []
        for _ in range(args.rounds):
            for params in queries:
                started = time.perf_counter()
                run_search(SearchParams(**params, all_versions=every))
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        label = "every version" if every else "one per story"
        p95 = times[int(len(times) * 0.95)]
        print(f"{label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms ({len(times)} searches)")


if __name__ == "__main__":
    main()
