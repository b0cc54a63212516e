"""One export of every article (issue 15), run by bench/run.py in a child so that its peak RSS is the export's.

    python bench/bench_export.py --format csv --text      # ARCHIVE_DATA_DIR etc. set by run.py

Prints one JSON object: rows, seconds, rows/s, bytes, the process's RSS after warm-up (Django, the
facet arrays of the index), its peak during the export, and the RSS sampled through the stream (flat
memory shows as samples that do not grow with the rows sent).
"""

import argparse
import json
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb():
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", default="csv", choices=["csv", "jsonl", "zip"])
    parser.add_argument("--text", action="store_true", help="with the full text (text=1)")
    parser.add_argument("--q", default="", help="the search (default: every article)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from articles.search import SearchParams, run_search

    settings.ALLOWED_HOSTS = ["*"]
    run_search(SearchParams(per_page=1))  # facet arrays and searcher: what every worker holds anyway
    baseline = rss_mb()
    client = Client()
    params = {"format": args.format, "q": args.q, "sort": "newest"}
    if args.text:
        params["text"] = "1"
    start = time.perf_counter()
    response = client.get("/search/", params)
    if response.status_code != 200:
        raise SystemExit(f"export returned {response.status_code}")
    rows = int(response["X-Archive-Rows"])
    after_ids = rss_mb()
    size, samples = 0, []
    for chunks, chunk in enumerate(response.streaming_content, 1):
        size += len(chunk)
        if chunks % 20 == 0:
            samples.append(round(rss_mb(), 1))
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "format": args.format,
                "text": args.text,
                "rows": rows,
                "seconds": round(seconds, 2),
                "rows_per_s": round(rows / seconds, 1),
                "mb": round(size / 2**20, 1),
                "baseline_rss_mb": round(baseline, 1),
                "rss_after_ids_mb": round(after_ids, 1),
                "peak_rss_mb": round(peak_mb(), 1),
                "stream_rss_mb": {
                    "first": samples[0] if samples else None,
                    "middle": samples[len(samples) // 2] if samples else None,
                    "last": samples[-1] if samples else None,
                    "max": max(samples) if samples else None,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
