"""Import speed and cluster recall with copies: the benchmark corpus plus copies from other outlets.

bench/corpus.py writes articles that share almost no text, so `make bench` never exercises story
clusters. This takes such a corpus, adds a copy of a share of its articles under another outlet and
address (half of them word for word, half with one sentence rewritten), and measures in a fresh data
folder: the importer's own step (`Importer.process`: database rows, duplicates, clusters; analysis
and indexing left out, as they do not change) in records/s, and how many copies joined a cluster.

    python bench/corpus.py --shared ../shared --n 5000 --out /tmp/corpus-5k
    python bench/copies.py /tmp/corpus-5k/part-0001.jsonl [--share 0.3]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTLETS = ["Samakal", "Jugantor", "Kaler Kantho", "Ittefaq", "Banglanews24"]


def with_copies(source: pathlib.Path, out: pathlib.Path, share: float, seed: int = 12) -> int:
    rng = random.Random(seed)
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    copies = []
    for n, row in enumerate(rng.sample(rows, int(len(rows) * share))):
        copy = dict(row, url=f"{row['url'].rstrip('/')}-copy{n}", outlet=rng.choice(OUTLETS))
        if n % 2:
            sentences = copy["body"].split("। ")
            if len(sentences) > 3:
                sentences[1] = "এই বাক্যটি অনুলিপিতে নতুন করে লেখা হয়েছে"
            copy["body"] = "। ".join(sentences)
        copies.append(copy)
    everything = rows + copies
    rng.shuffle(everything)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in everything), encoding="utf-8")
    return len(copies)


def measure(corpus: pathlib.Path) -> dict:
    """Runs in a child process with its own data folder (Django reads the environment once)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from articles.importer import Importer, analyse
    from articles.indexing import deferred_indexing
    from articles.ingest.readers import iter_inputs
    from articles.models import Article, Cluster

    call_command("migrate", verbosity=0)
    items = []
    for item in iter_inputs([corpus], max_bytes=10**10):
        item.resolve()
        if not item.error:
            items.append((item, analyse(item.record, None)))
    importer, outcomes = Importer(tag=False), {}
    started = time.perf_counter()
    with deferred_indexing() as pending:
        for start in range(0, len(items), 200):
            with transaction.atomic():
                for item, analysis in items[start : start + 200]:
                    outcome = importer.process(item.record, fmt=item.format, analysis=analysis)
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1
                importer.flush()
        elapsed = time.perf_counter() - started
        pending.clear()  # indexing is measured by `make bench`
    copies = Article.objects.filter(url__contains="-copy")
    return {
        "records": len(items),
        "process_records_per_s": round(len(items) / elapsed, 1),
        "outcomes": outcomes,
        "copies": copies.count(),
        "copies_clustered": copies.filter(cluster__isnull=False).count(),
        "clusters": Cluster.objects.count(),
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=pathlib.Path, help="a JSON Lines file written by bench/corpus.py")
    parser.add_argument("--share", type=float, default=0.3, help="share of the articles copied (0.3)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.corpus)))
        return
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-copies-"))
    corpus = work / "with-copies.jsonl"
    n = with_copies(args.corpus, corpus, args.share)
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(work / "data"))
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, __file__, str(corpus), "--measure"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"{n} copies added; {result.stdout.strip()}")


if __name__ == "__main__":
    main()
