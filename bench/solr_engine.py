"""The benchmark on SolrCloud (`make bench ENGINE=solr`): what bench/run.py does differently for Solr.

The data folder (database, imported once and cached, see run.py) is the same as for Whoosh; the
search index is a collection of the running cluster (`make solr`), `bench_n<N>` by default
(2 shards x 2 replicas, created if missing), so the archive's own collection is never touched.
Every child the benchmark starts (rebuild, gunicorn, exports) and the in-process pages talk to it
through ARCHIVE_SEARCH_ENGINE=solr, set here before any of them starts.

- rebuild: `manage.py rebuild_index` (on Solr: articles/search/solr/rebuild.py), documents counted in
  the collection, index size summed over every replica's core;
- raw engine: the same queries as Solr requests alone (the app's translation of the parsed query,
  top 20 ids; then with the outlet facet), the counterpart of run.py's raw Whoosh figures;
- targets: issue 14's for SolrCloud at 100,000 articles.
"""

from __future__ import annotations

import os
import statistics
import time

# Issue 14: SolrCloud at 100,000 articles.
TARGETS = {
    "search_page_p50_ms": ("<=", 30),
    "search_page_p95_ms": ("<=", 60),
    "http_rps": (">=", 60),
    "http_p95_ms": ("<=", 150),
    "rebuild_docs_per_s": (">=", 3000),
}
DEFAULT_URL = "http://127.0.0.1:8983/solr,http://127.0.0.1:8984/solr"


def configure(args) -> dict:
    """Point this process and its children at the benchmark's collection; create it if missing."""
    from pathlib import Path

    url = os.environ.get("ARCHIVE_SOLR_URL") or DEFAULT_URL
    collection = args.solr_collection or f"bench_n{args.n}"
    os.environ.update(ARCHIVE_SEARCH_ENGINE="solr", ARCHIVE_SOLR_URL=url, ARCHIVE_SOLR_COLLECTION=collection)
    import sys

    root = Path(__file__).resolve().parents[1]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from articles.search.solr.admin import first_reachable, setup

    admin = first_reachable(url)
    setup(admin, collection, root / "solr" / "configset", configset="archive", say=lambda _m: None)
    return {"url": url, "collection": collection}


def _client(timeout: float):
    """A client of the benchmark's collection (the one configure() chose)."""
    from articles.search.solr.client import SolrClient

    return SolrClient(os.environ["ARCHIVE_SOLR_URL"], os.environ["ARCHIVE_SOLR_COLLECTION"], timeout=timeout)


def clear() -> None:
    """Empty the benchmark's collection (before an import into a new data folder)."""
    _client(timeout=300).delete(query="*:*", commit=True)


def after_import(rss_mb) -> dict:
    """What an import into the collection left: its size on disk and the Solr JVM's memory."""
    return {"index_size_mb": index_size_mb(), "solr_rss_mb": solr_rss_mb(rss_mb)}


def jvm_pid() -> int | None:
    """The local cluster's JVM (`make solr`: both nodes in one process), if it runs here."""
    import subprocess

    found = subprocess.run(
        ["pgrep", "-f", "org.newsarchive.solr.SolrRunner"], capture_output=True, text=True, check=False
    ).stdout.split()
    return int(found[0]) if found else None


def solr_rss_mb(rss_mb) -> float | None:
    """Resident memory (run.py's `rss_mb`) of the local cluster's JVM, if it runs here."""
    pid = jvm_pid()
    return round(rss_mb(pid), 1) if pid else None


def index_size_mb() -> float:
    """The collection's index on disk in MB, every replica counted (what the cluster stores)."""
    import requests

    from articles.search.solr.admin import first_reachable

    admin = first_reachable(os.environ["ARCHIVE_SOLR_URL"])
    health = admin.health(os.environ["ARCHIVE_SOLR_COLLECTION"])
    total = 0
    for shard in health.shards:
        for base, core in shard.cores.values():
            status = requests.get(
                f"{base}/admin/cores", params={"action": "STATUS", "core": core, "wt": "json"}, timeout=30
            ).json()
            total += status["status"][core]["index"]["sizeInBytes"]
    return round(total / 2**20, 1)


def rebuild(args, data_dir, manage, spread, log) -> dict:
    """run.py's rebuild phase on the collection: documents/s of `manage.py rebuild_index`."""
    client = _client(timeout=120)
    runs = []
    for attempt in range(args.rebuild_repeats):
        run = manage(data_dir, "rebuild_index", "--noinput", logfile=data_dir / "bench.log")
        docs = client.count()
        run.update(docs=docs, docs_per_s=docs / run["wall_s"])
        log(
            f"rebuild {attempt + 1}/{args.rebuild_repeats} (Solr): {docs} docs in {run['wall_s']:.1f} s = "
            f"{run['docs_per_s']:.0f} docs/s, peak {run['peak_rss_mb']:.0f} MB"
        )
        runs.append(run)
    size = index_size_mb()
    if not runs:
        return {"docs": client.count(), "docs_per_s": None, "peak_rss_mb": None, "segments": None,
                "index_size_mb": size}  # fmt: skip
    return {
        "docs": runs[-1]["docs"],
        "docs_per_s": spread(r["docs_per_s"] for r in runs),
        "peak_rss_mb": spread(r["peak_rss_mb"] for r in runs),
        "index_size_mb": size,
        "segments": None,
    }


def raw_engine(args, spec, spread, pct) -> dict:
    """The query set as bare Solr requests (the shape of run.py's raw_whoosh figures)."""
    from articles.search import SearchParams
    from articles.search.solr.search import client, parse, request_params

    solr = client()
    built = {}
    for q in spec["queries"]:
        params = dict(q["params"])
        for name in ("date_from", "date_to"):
            if name in params:
                import datetime as dt

                params[name] = dt.date.fromisoformat(params[name])
        search = SearchParams(**params, banglish=False)
        request = request_params(search, parse(search.q))
        plain = {k: v for k, v in request.items() if not k.startswith("facet")}
        plain.update(rows=20, fl="django_id")
        facet = dict(plain, facet="true", **{"facet.field": "outlet", "facet.limit": -1, "facet.mincount": 1})
        built[q["id"]] = (plain, facet)
    plain_ms = {k: [] for k in built}
    facet_ms = {k: [] for k in built}
    for rep in range(args.repeats + 1):  # the first pass warms Solr's caches and is not kept
        for key, (plain, facet) in built.items():
            # A different start each pass: Solr's query result cache would otherwise answer.
            start = time.perf_counter()
            solr.select(dict(plain, start=rep))
            elapsed = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            solr.select(dict(facet, start=rep))
            elapsed_facet = (time.perf_counter() - start) * 1000
            if rep:
                plain_ms[key].append(elapsed)
                facet_ms[key].append(elapsed_facet)
    passes = range(args.repeats)
    return {
        "engine": "solr",
        "plain_ms": plain_ms,
        "facet_ms": facet_ms,
        "p50": spread(pct([v[i] for v in plain_ms.values()], 50) for i in passes),
        "p95": spread(pct([v[i] for v in plain_ms.values()], 95) for i in passes),
        "facet_p50": spread(pct([v[i] for v in facet_ms.values()], 50) for i in passes),
        "facet_p95": spread(pct([v[i] for v in facet_ms.values()], 95) for i in passes),
        "median_ms": round(statistics.median(v for vs in plain_ms.values() for v in vs), 2),
    }
