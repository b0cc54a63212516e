"""What a page of the JSON API's search costs at any depth of a cursor crawl (issue 15).

    .venv/bin/python bench/api_crawl.py --shared ../shared --n 5000

Builds (once, cached in $ARCHIVE_BENCH_DIR or ../bench-data) a corpus of N articles with bench/corpus.py
and imports it into its own data folder, then in process with the search-result cache off:
- a crawl of every article with page_size=100 in date order (newest), and one in relevance order for a
  frequent word: milliseconds per page (p50, p95, first and last page), and whether the crawl saw every
  article exactly once;
- the relevance crawl again with snippets=false;
- the site's offset-paged JSON (/search/?format=json&page=K) for the same date order, for comparison.
Figures print as JSON and go to bench/results/api-latest.json.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def prepare(shared, n, base):
    import corpus

    folder = base / f"api-n{n}"
    data = folder / "data"
    done = folder / "imported"
    if done.exists():
        return data
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "corpus"
    if not source.exists():
        corpus.generate(shared, n, source)
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data), DJANGO_DEBUG="0")
    python = str(ROOT / ".venv" / "bin" / "python")
    for args in (
        ["migrate", "--noinput", "-v", "0"],
        ["load_gazetteer"],
        ["import_articles", str(source), "--no-progress"],
    ):
        subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    done.touch()
    return data


def timed(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return elapsed, response.json()


def crawl(client, url):
    times, ids = [], []
    while url:
        ms, body = timed(client, url)
        times.append(ms)
        ids += [hit["id"] for hit in body["results"]]
        url = body["next"]
    return times, ids, body


def summary(times):
    ordered = sorted(times)
    return {
        "pages": len(times),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "first_ms": round(times[0], 1),
        "last_ms": round(times[-1], 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--word", default="সরকার", help="a frequent word for the relevance crawl")
    args = parser.parse_args()
    base = pathlib.Path(os.environ.get("ARCHIVE_BENCH_DIR", ROOT.parent / "bench-data"))
    data = prepare(args.shared, args.n, base)

    os.environ.update(
        ARCHIVE_DATA_DIR=str(data),
        DJANGO_DEBUG="0",
        DJANGO_SETTINGS_MODULE="newsarchive.settings",
        ARCHIVE_SEARCH_CACHE="0",
        ARCHIVE_API_ANON_RATE="1000000/min",
    )
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article

    setup_test_environment()
    client = Client()
    client.get("/api/v1/search/?page_size=1")  # warm-up: index arrays, tagger
    published = Article.objects.published().count()
    results = {"n": args.n, "published": published}

    times, ids, _last = crawl(client, "/api/v1/search/?sort=newest&page_size=100")
    results["api_newest"] = summary(times) | {"seen": len(ids), "unique": len(set(ids))}
    times, ids, last = crawl(client, f"/api/v1/search/?q={args.word}&page_size=100")
    results["api_relevance"] = summary(times) | {
        "seen": len(ids),
        "unique": len(set(ids)),
        "total": last["total"],
    }
    times, ids, _last = crawl(client, f"/api/v1/search/?q={args.word}&page_size=100&snippets=false")
    results["api_relevance_no_snippets"] = summary(times) | {"seen": len(ids), "unique": len(set(ids))}
    offset = []
    pages = max(1, -(-published // 20))
    for page in sorted({1, pages // 4, pages // 2, pages} - {0}):
        ms, _body = timed(client, f"/search/?format=json&sort=newest&page={page}")
        offset.append((page, round(ms, 1)))
    results["site_json_offset_pages_ms"] = offset
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "api-latest.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
