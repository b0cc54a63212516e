"""The archive's benchmark (issue 6): import, rebuild, search page, HTTP, raw Whoosh, one JSON file.

    python bench/run.py --shared ../shared --n 10000          # what `make bench` runs
    python bench/run.py --shared ../shared --n 100000 --profile

Phases, each repeated and reported as median with min/max spread:
1. import: `manage.py import_articles` on a seeded JSON Lines corpus (bench/corpus.py) into a fresh data
   folder (extraction, database, entities, index), articles/s and the child's peak RSS (wait4);
2. rebuild: `manage.py rebuild_index --noinput`, documents/s, peak RSS, index size on disk;
3. search page in process: django.test.Client GET /search/?... for bench/queries.json (top 20, facets,
   snippets, rendered HTML), p50/p95 over the query set per pass; browse pages (home, outlet, topic,
   archive, entity) p95; timeline pages (bench/queries.json "timelines": one frequent word monthly,
   three words compared) p95;
4. HTTP: gunicorn on 127.0.0.1 with several concurrent clients (bench/load.py), requests/s, p50/p95,
   errors, peak worker RSS (polled from /proc);
5. raw Whoosh: the same queries with whoosh alone (QueryParser on "text", limit=20), and with facet
   counts (`groupedby="outlet"`), so the cost around Whoosh shows as a ratio.

The corpus and the imported data folder are cached per N and corpus version in $ARCHIVE_BENCH_DIR
(default ../bench-data, outside the repository): the first run builds and measures everything, later
runs reuse them and report the import figure of the run that built them (--reimport or --fresh measure
it again). Pages are served with DJANGO_DEBUG=0, as in production. Results go to
bench/results/latest.json and a row is appended to docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import pathlib
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
for path in (ROOT, BENCH):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import corpus  # noqa: E402
import load  # noqa: E402

RESULTS = BENCH / "results"
DOCS = ROOT / "docs" / "BENCHMARKS.md"
TABLE_END = "<!-- bench:table-end (bench/run.py inserts rows above this line) -->"
TARGETS = {
    "search_page_p50_ms": ("<=", 60),
    "search_page_p95_ms": ("<=", 250),
    "browse_page_p95_ms": ("<=", 100),
    "timeline_p95_ms": ("<=", 150),  # issue 12; the targets are for 100,000 articles
    "compare3_p95_ms": ("<=", 300),
    "http_rps": (">=", 20),
    "http_p95_ms": ("<=", 500),
    "http_errors": ("<=", 0),
    "rebuild_docs_per_s": (">=", 500),
    "import_articles_per_s": (">=", 200),
    "peak_worker_rss_mb": ("<=", 600),
}


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


def spread(values) -> dict:
    values = [float(v) for v in values]
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
        "runs": [round(v, 2) for v in values],
    }


def pct(values, q) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q))


# -- the data folder ---------------------------------------------------------------------------------
def bench_dir(args) -> pathlib.Path:
    base = args.bench_dir or os.environ.get("ARCHIVE_BENCH_DIR") or ROOT.parent / "bench-data"
    return pathlib.Path(base).resolve()


BENCH_SETTINGS = """# Written by bench/run.py: the app's settings with its search-result cache off, so that every
# request of the benchmark pays for its search (the query set repeats the same 22 URLs).
from newsarchive.settings import *  # noqa: F403

ARCHIVE_SEARCH_CACHE = 0
"""


def child_env(data_dir: pathlib.Path, search_cache: bool = True) -> dict:
    env = dict(os.environ)
    # The cached data folder is SQLite + Whoosh: ignore a DATABASE_URL or index path set for the app.
    for name in ("DATABASE_URL", "ARCHIVE_INDEX_DIR", "DJANGO_ENV"):
        env.pop(name, None)
    env.update(
        ARCHIVE_DATA_DIR=str(data_dir),
        DJANGO_DEBUG="0",
        DJANGO_SETTINGS_MODULE="newsarchive.settings",
        PYTHONUNBUFFERED="1",
    )
    if not search_cache:
        (data_dir / "benchsettings.py").write_text(BENCH_SETTINGS)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(data_dir), env.get("PYTHONPATH", "")]))
        env["DJANGO_SETTINGS_MODULE"] = "benchsettings"
    return env


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average every few seconds while a phase runs: on a shared machine
    a wall-clock rate means little without it (2 cores: a load of 6 leaves a process a third of one)."""

    def __init__(self, interval: float = 10.0):
        super().__init__(daemon=True)
        self.interval, self.samples, self.stop = interval, [os.getloadavg()[0]], threading.Event()

    def run(self):
        while not self.stop.wait(self.interval):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict:
        self.stop.set()
        return {"median": round(statistics.median(self.samples), 2), "max": round(max(self.samples), 2)}


def measured(cmd: list[str], env: dict, logfile: pathlib.Path) -> dict:
    """Run a child to completion; wall time, its own peak RSS (wait4, not all children at once), the CPU
    time of it and its reaped children (worker processes), and the machine's load meanwhile."""
    load = LoadSampler()
    load.start()
    with logfile.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[1:4])} failed ({proc.returncode}); see {logfile}")
    return {
        "wall_s": wall,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "load_average": load.summary(),
    }


def manage(data_dir, *arguments, logfile) -> dict:
    return measured([sys.executable, "manage.py", *arguments], child_env(data_dir), logfile)


def schema_key() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "articles" / "migrations").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def prepare_data(args, base: pathlib.Path) -> tuple[pathlib.Path, dict, bool]:
    """The corpus file and an imported data folder for N; returns (data_dir, state, measured_now)."""
    key = f"v{corpus.CORPUS_VERSION}-n{args.n}-s{args.seed}"
    corpus_file = base / f"corpus-{key}"  # a folder of JSON Lines parts
    # A data folder is only valid for the schema it was migrated with: key it by the migrations too.
    data_dir = base / f"data-{key}-m{schema_key()}"
    state_file = data_dir / "bench-state.json"
    base.mkdir(parents=True, exist_ok=True)
    if args.fresh and corpus_file.exists():
        shutil.rmtree(corpus_file)
    if not corpus_file.exists():
        log(f"generating {args.n} articles -> {corpus_file}")
        corpus.generate(args.shared, args.n, corpus_file, seed=args.seed)
    state = json.loads(state_file.read_text()) if state_file.exists() else None
    if state and not (args.fresh or args.reimport):
        manage(data_dir, "migrate", "--noinput", "-v", "0", logfile=data_dir / "bench.log")
        manage(data_dir, "collectstatic", "--noinput", "-v", "0", logfile=data_dir / "bench.log")
        return data_dir, state, False

    runs = []
    for attempt in range(max(1, args.import_repeats)):
        target = data_dir if attempt == 0 else base / f"scratch-{key}"
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        logfile = target / "bench.log"
        log(f"setting up {target.name}: migrate, static files, gazetteer")
        manage(target, "migrate", "--noinput", "-v", "0", logfile=logfile)
        manage(target, "collectstatic", "--noinput", "-v", "0", logfile=logfile)
        manage(target, "load_gazetteer", logfile=logfile)
        if args.url_index:
            # Workaround for the importer's url lookup, which SQLite cannot answer from the partial
            # unique index (a full scan per record): a plain index on url, in this data folder only.
            with contextlib.closing(sqlite3.connect(target / "archive.sqlite3")) as db:
                db.execute("CREATE INDEX IF NOT EXISTS bench_article_url ON articles_article (url)")
                db.commit()
        records = corpus_records(corpus_file)
        if args.engine == "solr":  # a new database: the collection must not keep an earlier import's rows
            import solr_engine

            solr_engine.clear()
        log(
            f"import {attempt + 1}/{args.import_repeats}: {records} records ({args.n} articles and their "
            "copies; end to end, one process)"
        )
        run = manage(target, "import_articles", str(corpus_file), "--no-progress", logfile=logfile)
        if args.engine == "solr":
            run.update(solr_engine.after_import(rss_mb))
        summary = import_summary(logfile)
        created = int(summary.split()[0]) if summary.split()[0].isdigit() else records
        # Every record is stored (copies too, each joins its story's cluster): records/s is the rate.
        run.update(articles=records, created=created, articles_per_s=records / run["wall_s"], summary=summary)
        run["articles_per_cpu_s"] = records / run["cpu_s"] if run["cpu_s"] else None
        run.update(cluster_figures(target))
        log(
            f"  {run['articles_per_s']:.1f} articles/s, {run['wall_s']:.0f} s, peak {run['peak_rss_mb']:.0f} MB, "
            f"CPU {run['cpu_s']:.0f} s, load average {run['load_average']}: {summary}"
        )
        runs.append(run)
        if attempt:
            shutil.rmtree(target)
    state = {
        "corpus": str(corpus_file),
        "corpus_version": corpus.CORPUS_VERSION,
        "n": args.n,
        "seed": args.seed,
        "import": {
            "engine": args.engine,
            "solr": {k: runs[0][k] for k in ("index_size_mb", "solr_rss_mb") if k in runs[0]} or None,
            "workaround": "plain index on articles_article.url" if args.url_index else None,
            "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "articles_per_s": spread(r["articles_per_s"] for r in runs),
            "peak_rss_mb": spread(r["peak_rss_mb"] for r in runs),
            "wall_s": spread(r["wall_s"] for r in runs),
            "summary": runs[0]["summary"],
            "records": runs[0]["articles"],
            "cpu_s": round(runs[0]["cpu_s"], 1),
            "articles_per_cpu_s": round(runs[0]["articles_per_cpu_s"] or 0, 1),
            "load_average": runs[0]["load_average"],
            "copies_clustered": runs[0]["copies_clustered"],
            "copies": runs[0]["copies"],
            "clusters": runs[0]["clusters"],
        },
    }
    state_file.write_text(json.dumps(state, indent=2))
    return data_dir, state, True


def corpus_records(corpus_file: pathlib.Path) -> int:
    return sum(
        sum(1 for line in part.open(encoding="utf-8") if line.strip()) for part in corpus_file.glob("*.jsonl")
    )


def import_summary(logfile: pathlib.Path) -> str:
    """The import's "N created, ..." line (chrome learning may write lines after it)."""
    lines = logfile.read_text(encoding="utf-8").strip().splitlines()
    return next((line for line in reversed(lines) if " created, " in line), lines[-1])


def cluster_figures(data_dir: pathlib.Path) -> dict:
    """How many of the corpus' copies (bench/corpus.py version 2) the import put in a cluster."""
    with contextlib.closing(sqlite3.connect(data_dir / "archive.sqlite3")) as db:
        copies, clustered = db.execute(
            "SELECT COUNT(*), COUNT(cluster_id) FROM articles_article WHERE url LIKE '%/bench-copy-%'"
        ).fetchone()
        clusters = db.execute("SELECT COUNT(*) FROM articles_cluster").fetchone()[0]
    return {"copies": copies, "copies_clustered": clustered, "clusters": clusters}


def index_dir(data_dir: pathlib.Path) -> pathlib.Path:
    return data_dir / "whoosh_index"


def dir_size_mb(path: pathlib.Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def rebuild(args, data_dir) -> dict:
    from whoosh import index as windex

    runs = []
    repeats = args.rebuild_repeats
    for attempt in range(repeats):
        spent = sum(r["wall_s"] for r in runs)
        if attempt and args.rebuild_budget_s and spent * (attempt + 1) / attempt > args.rebuild_budget_s:
            log(
                f"  rebuild repeats stop at {attempt}: another would pass --rebuild-budget {args.rebuild_budget_s:.0f} s"
            )
            break
        run = manage(data_dir, "rebuild_index", "--noinput", logfile=data_dir / "bench.log")
        ix = windex.open_dir(str(index_dir(data_dir)))
        docs = ix.doc_count()
        segments = len(ix._segments())
        ix.close()
        run.update(
            docs=docs,
            docs_per_s=docs / run["wall_s"],
            size_mb=dir_size_mb(index_dir(data_dir)),
            segments=segments,
        )
        log(
            f"rebuild {attempt + 1}/{repeats}: {docs} docs in {run['wall_s']:.1f} s = "
            f"{run['docs_per_s']:.0f} docs/s, peak {run['peak_rss_mb']:.0f} MB, index {run['size_mb']:.0f} MB"
        )
        runs.append(run)
    if not runs:  # --rebuild-repeats 0: measure the index the import built
        ix = windex.open_dir(str(index_dir(data_dir)))
        docs, segments = ix.doc_count(), len(ix._segments())
        ix.close()
        return {"docs": docs, "docs_per_s": None, "peak_rss_mb": None, "segments": segments,
                "index_size_mb": round(dir_size_mb(index_dir(data_dir)), 1)}  # fmt: skip
    return {
        "docs": runs[-1]["docs"],
        "docs_per_s": spread(r["docs_per_s"] for r in runs),
        "peak_rss_mb": spread(r["peak_rss_mb"] for r in runs),
        "index_size_mb": round(runs[-1]["size_mb"], 1),
        "segments": runs[-1]["segments"],
    }


def replicate(args, data_dir: pathlib.Path) -> tuple[pathlib.Path, dict]:
    """A data folder whose index holds every segment of `data_dir`'s index `args.replicate` times.

    For the 1,000,000-article figure on a machine where importing that many takes hours: each
    article is in the index K times (each copy links to the same database row), so posting lists,
    match counts and facet counts are K times longer, as in a K-times larger archive with the same
    word distribution. Only the search and browse figures mean anything on it (the database still
    holds N articles); the figures are labelled `replicated_from` N.
    """
    import copy as copymod

    from whoosh import index as windex
    from whoosh.index import TOC

    target = data_dir.with_name(f"{data_dir.name}-x{args.replicate}")
    source_index = index_dir(data_dir)
    ix = windex.open_dir(str(source_index))
    toc = ix._read_toc()
    ix.close()
    key = f"{[seg.segment_id() for seg in toc.segments]}x{args.replicate}"
    marker = target / "replicated-from.txt"
    if not (marker.exists() and marker.read_text() == key):
        log(f"replicating the {data_dir.name} index x{args.replicate} -> {target.name}")
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for item in data_dir.iterdir():
            if item.name == "whoosh_index" or item.name.endswith(".writelock"):
                continue
            if item.is_dir():
                shutil.copytree(item, target / item.name)
            else:
                shutil.copy2(item, target / item.name)
        index = index_dir(target)
        index.mkdir()
        segments = []
        for segment in toc.segments:
            prefix = f"{segment.indexname}_{segment.segid}"
            files = [f for f in source_index.iterdir() if f.name.startswith(prefix)]
            for number in range(args.replicate):
                clone = copymod.deepcopy(segment)
                clone.segid = segment.segid if number == 0 else segment._random_id()
                for f in files:
                    new_name = f"{clone.indexname}_{clone.segid}" + f.name[len(prefix) :]
                    shutil.copyfile(f, index / new_name)
                segments.append(clone)
        from whoosh.filedb.filestore import FileStorage

        TOC(toc.schema, segments, toc.generation).write(FileStorage(str(index)), toc.segments[0].indexname)
        marker.write_text(key)
    ix = windex.open_dir(str(index_dir(target)))
    docs, segments = ix.doc_count(), len(ix._segments())
    ix.close()
    return target, {
        "docs": docs,
        "docs_per_s": None,
        "peak_rss_mb": None,
        "segments": segments,
        "index_size_mb": round(dir_size_mb(index_dir(target)), 1),
    }


# -- queries ----------------------------------------------------------------------------------------
def load_queries() -> dict:
    return json.loads((BENCH / "queries.json").read_text(encoding="utf-8"))


def search_url(params: dict, **extra) -> str:
    items = {k: v for k, v in params.items() if v not in ("", None)}
    items.update(extra)
    return "/search/" + ("?" + urllib.parse.urlencode(items) if items else "")


def setup_django(args, data_dir):
    # Before Django is imported: settings read the environment once.
    env = child_env(data_dir)
    for name in ("DATABASE_URL", "ARCHIVE_INDEX_DIR", "DJANGO_ENV"):
        os.environ.pop(name, None)
    for name in ("ARCHIVE_DATA_DIR", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE"):
        os.environ[name] = env[name]
    import django

    django.setup()
    if not args.search_cache:
        from django.conf import settings

        settings.ARCHIVE_SEARCH_CACHE = 0  # every request pays for its search (see BENCH_SETTINGS)


def timed_get(client, url):
    start = time.perf_counter()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="bn")
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"GET {url} returned {response.status_code}")
    return elapsed


def pages_in_process(args, spec) -> dict:
    from django.test import Client

    client = Client()
    queries, browse = spec["queries"], spec["browse"]
    urls = {q["id"]: search_url(q["params"]) for q in queries}
    totals, cold_ms = {}, {}
    # The empty search builds the per-index arrays (facets, dates) and loads the templates; then a
    # first pass with cold posting caches (each query's words read from the index for the first
    # time in this process), reported apart; then the measured passes.
    timed_get(client, search_url({}))
    for q in queries:
        cold_ms[q["id"]] = timed_get(client, urls[q["id"]])
        totals[q["id"]] = json.loads(client.get(search_url(q["params"], format="json")).content)["total"]
    for b in browse:
        timed_get(client, b["path"])
    search_ms = {q["id"]: [] for q in queries}
    browse_ms = {b["id"]: [] for b in browse}
    for _ in range(args.repeats):
        for q in queries:
            search_ms[q["id"]].append(timed_get(client, urls[q["id"]]))
        for b in browse:
            browse_ms[b["id"]].append(timed_get(client, b["path"]))
    # CPU per search page, apart from the timed passes (reading /proc would add to their times): this
    # process (Django, the query's translation, snippets, templates; all of Whoosh's work) and the
    # engine's own process (Solr's JVM, both nodes). Two cores serve at most 2,000 ms of CPU a second.
    app, engine = time.process_time(), engine_cpu_s(args)
    for q in queries:
        timed_get(client, urls[q["id"]])
    cpu_ms = {
        "app": round((time.process_time() - app) * 1000 / len(queries), 1),
        "engine": round((engine_cpu_s(args) - engine) * 1000 / len(queries), 1),
    }
    passes = range(args.repeats)
    return {
        "cpu_ms": cpu_ms,
        "timeline_ms": timelines_in_process(args, spec, client),
        "urls": urls,
        "totals": totals,
        "search_ms": search_ms,
        "cold_ms": cold_ms,
        "cold_p50": pct(list(cold_ms.values()), 50),
        "cold_p95": pct(list(cold_ms.values()), 95),
        "browse_ms": browse_ms,
        "search_p50": spread(pct([v[i] for v in search_ms.values()], 50) for i in passes),
        "search_p95": spread(pct([v[i] for v in search_ms.values()], 95) for i in passes),
        "browse_p50": spread(pct([v[i] for v in browse_ms.values()], 50) for i in passes),
        "browse_p95": spread(pct([v[i] for v in browse_ms.values()], 95) for i in passes),
    }


def timelines_in_process(args, spec, client=None) -> dict:
    """Timeline pages (issue 12): each URL once to warm up, then `repeats * 4` times; ms per URL id."""
    from django.test import Client

    if client is None:  # a fresh process: the empty search builds the per-index arrays first
        client = Client()
        timed_get(client, search_url({}))
    timeline_ms = {t["id"]: [] for t in spec.get("timelines", [])}
    for t in spec.get("timelines", []):
        timed_get(client, t["path"])
    for _ in range(args.repeats * 4):
        for t in spec.get("timelines", []):
            timeline_ms[t["id"]].append(timed_get(client, t["path"]))
    return timeline_ms


def timeline_figures(timeline_ms) -> dict:
    if not timeline_ms:
        return {"timeline_p95_ms": None, "compare3_p95_ms": None}
    return {
        "timeline_p95_ms": round(pct(timeline_ms["timeline"], 95), 1),
        "compare3_p95_ms": round(pct(timeline_ms["compare3"], 95), 1),
        "timelines": {
            k: {"p50_ms": round(pct(v, 50), 1), "p95_ms": round(pct(v, 95), 1), "runs": len(v)}
            for k, v in timeline_ms.items()
        },  # fmt: skip
    }


def raw_whoosh(args, data_dir, spec) -> dict:
    """The same queries with Whoosh alone: the index's own schema (our analyzer), Whoosh's matching
    and scoring, no Django code; phrases go to the pairs field as in the app (the body field keeps no
    positions)."""
    from whoosh import index as windex
    from whoosh import query as wq
    from whoosh.qparser import QueryParser

    from articles.search import phrases_to_bigrams

    ix = windex.open_dir(str(index_dir(data_dir)))
    parser = QueryParser("text", schema=ix.schema)

    def build(params):
        text = params.get("q", "")
        query = phrases_to_bigrams(parser.parse(text)) if text else wq.Every()
        filters = []
        for name, field in (("outlet", "outlet"), ("topic", "topic"), ("entity", "entities")):
            if params.get(name):
                filters.append(wq.Term(field, params[name]))
        if params.get("date_from") or params.get("date_to"):
            start = dt.datetime.fromisoformat(params["date_from"]) if params.get("date_from") else None
            end = (
                dt.datetime.fromisoformat(params["date_to"]) + dt.timedelta(days=1)
                if params.get("date_to")
                else None
            )
            filters.append(wq.DateRange("published", start, end, endexcl=True))
        filter_q = filters[0] if len(filters) == 1 else wq.And(filters) if filters else None
        return query, filter_q, not text

    built = {q["id"]: build(q["params"]) for q in spec["queries"]}
    plain = {k: [] for k in built}
    faceted = {k: [] for k in built}
    with ix.searcher() as searcher:
        for rep in range(args.repeats + 1):  # the first pass warms Whoosh's caches and is not kept
            for key, (query, filter_q, newest) in built.items():
                sort = {"sortedby": "published", "reverse": True} if newest else {}
                start = time.perf_counter()
                results = searcher.search(query, limit=20, filter=filter_q, **sort)
                len(results.top_n)
                elapsed = (time.perf_counter() - start) * 1000
                start = time.perf_counter()
                results = searcher.search(query, limit=20, filter=filter_q, groupedby="outlet", **sort)
                results.groups("outlet")
                elapsed_facet = (time.perf_counter() - start) * 1000
                if rep:
                    plain[key].append(elapsed)
                    faceted[key].append(elapsed_facet)
    ix.close()
    passes = range(args.repeats)
    return {
        "plain_ms": plain,
        "facet_ms": faceted,
        "p50": spread(pct([v[i] for v in plain.values()], 50) for i in passes),
        "p95": spread(pct([v[i] for v in plain.values()], 95) for i in passes),
        "facet_p50": spread(pct([v[i] for v in faceted.values()], 50) for i in passes),
        "facet_p95": spread(pct([v[i] for v in faceted.values()], 95) for i in passes),
    }


# -- HTTP through gunicorn -------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    try:
        text = pathlib.Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(p) for p in text.split()]
    except OSError:
        found = []
        for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(stat.parent.name))
        return found


def cpu_s(pid: int) -> float:
    """CPU seconds (user and system) a process has used so far; 0 when it is gone."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def engine_cpu_s(args) -> float:
    """CPU seconds of the search engine's own process so far: the local Solr JVM; 0 for Whoosh,
    which runs inside the page-serving process."""
    if getattr(args, "engine", "whoosh") != "solr":
        return 0.0
    import solr_engine

    pid = solr_engine.jvm_pid()
    return cpu_s(pid) if pid else 0.0


def rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class RssPoller(threading.Thread):
    def __init__(self, master: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.master, self.interval = master, interval
        self.peak: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            for pid in children_of(self.master):
                self.peak[pid] = max(self.peak.get(pid, 0.0), rss_mb(pid))
            self.stop.wait(self.interval)


def http_bench(args, data_dir, spec) -> dict:
    port = free_port()
    logfile = data_dir / "gunicorn.log"
    cmd = [
        sys.executable, "-m", "gunicorn", "newsarchive.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--timeout", "120",
        "--log-level", "warning",
    ]  # fmt: skip
    paths = [search_url(q["params"]) for q in spec["queries"]]
    with logfile.open("w") as out:
        env = child_env(data_dir, search_cache=args.search_cache)
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    poller = RssPoller(proc.pid)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({proc.returncode}); see {logfile}")
            with contextlib.suppress(OSError):
                warm = load.run(["/"], port=port, clients=1, duration_s=5, max_requests=1)
                if warm["requests"] and not warm["errors"]:
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer within 60 s; see {logfile}")
            time.sleep(0.3)
        poller.start()
        # Warm every worker: facet arrays are per process and built on a worker's first search.
        log(f"gunicorn on 127.0.0.1:{port} with {args.workers} workers: warming up")
        warm = load.run(
            paths,
            port=port,
            clients=2 * args.workers,
            duration_s=120,
            max_requests=2 * args.workers * len(paths),
        )
        log(f"load: {args.clients} clients for {args.duration:.0f} s")
        servers = [proc.pid, *children_of(proc.pid)]
        before = [sum(cpu_s(p) for p in servers), engine_cpu_s(args), time.process_time()]
        result = load.run(
            paths, port=port, clients=args.clients, duration_s=args.duration, max_requests=50_000
        )
        after = [sum(cpu_s(p) for p in servers), engine_cpu_s(args), time.process_time()]
        # Where each request's CPU went: gunicorn (master and workers), the engine's process, and
        # this process's load generator, all on the same cores.
        spent = {
            name: round((end - start) * 1000 / max(1, result["requests"]), 1)
            for name, start, end in zip(("workers", "engine", "load"), before, after, strict=True)
        }
        result["cpu_ms_per_request"] = spent | {"total": round(sum(spent.values()), 1)}
    finally:
        poller.stop.set()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    result["warmup_errors"] = warm["errors"]
    result["workers"] = args.workers
    result["peak_worker_rss_mb"] = round(max(poller.peak.values(), default=0.0), 1)
    result["peak_workers_rss_total_mb"] = round(sum(poller.peak.values()), 1)
    log(
        f"  {result['rps']} req/s, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"{result['errors']} errors, peak worker {result['peak_worker_rss_mb']} MB; CPU a request "
        + ", ".join(f"{k} {v} ms" for k, v in result["cpu_ms_per_request"].items())
    )
    return result


# -- the rest ---------------------------------------------------------------------------------------
def analyzer_figures(args) -> dict:
    code = (
        "import json, pathlib, sys; sys.path.insert(0, 'bench'); import bench_analyzer; "
        "print(json.dumps(bench_analyzer.run(pathlib.Path(sys.argv[1]))))"
    )
    # In a child: bench_analyzer pins its process to one core.
    out = subprocess.run(
        [sys.executable, "-c", code, str(args.shared)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def profile_search(args, spec, base) -> str:
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    urls = [search_url(q["params"]) for q in spec["queries"]]
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(3):
        for url in urls:
            client.get(url)
    profiler.stop()
    out = base / f"profile-search-n{args.n}.txt"
    out.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    (base / f"profile-search-n{args.n}.html").write_text(profiler.output_html())
    return str(out)


EXPORTS = {
    "csv_text": ["--format", "csv", "--text"],
    "jsonl": ["--format", "jsonl"],
    "zip": ["--format", "zip"],
}


def export_bench(args, data_dir) -> dict:
    """Exports of every article (bench/bench_export.py in a child each): rows/s and the child's peak RSS.

    The headline is the CSV with full text (text=1); JSON Lines and the ZIP are measured beside it.
    """
    results = {}
    logfile = data_dir / "bench.log"
    for name, extra in EXPORTS.items():
        if name not in args.export_formats:
            continue
        log(f"export of every article: {name}")
        out = data_dir / f"export-{name}.json"
        with out.open("w", encoding="utf-8") as stdout, logfile.open("a", encoding="utf-8") as stderr:
            proc = subprocess.Popen(
                [sys.executable, str(BENCH / "bench_export.py"), *extra],
                cwd=ROOT,
                env=child_env(data_dir, search_cache=False),
                stdout=stdout,
                stderr=stderr,
            )
            _pid, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"bench_export.py {name} failed; see {logfile}")
        figures = json.loads(out.read_text(encoding="utf-8"))
        figures["child_peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
        log(
            f"  {figures['rows']} rows, {figures['rows_per_s']:.0f} rows/s, {figures['mb']} MB; RSS after warm-up "
            f"{figures['baseline_rss_mb']} MB, peak {figures['child_peak_rss_mb']} MB, "
            f"while streaming {figures['stream_rss_mb']}"
        )
        results[name] = figures
    return results


def export_figures(export, n) -> dict:
    """export_100k_peak_mb at 100,000 articles (export_10k_peak_mb at 10,000...): the CSV with full text."""
    if not export:
        return {}
    head = export.get("csv_text") or next(iter(export.values()))
    stream = head["stream_rss_mb"]
    return {
        f"export_{n // 1000}k_peak_mb": head["child_peak_rss_mb"],
        "export_rows_per_s": head["rows_per_s"],
        "export_rows": head["rows"],
        "export_format": head["format"] + (" with text" if head["text"] else ""),
        # Flat memory: RSS sampled through the stream, its growth from the first sample to the largest.
        "export_stream_growth_mb": round(stream["max"] - stream["first"], 1) if stream["first"] else None,
        "export": export,
    }


def merge_figures(args, prefixes, new: dict, state=None) -> None:
    """--export only, --timelines-only: these figures into latest.json, replacing the keys starting
    with `prefixes` (the rest is kept when it is of the same corpus size and version)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    latest = RESULTS / "latest.json"
    figures = json.loads(latest.read_text(encoding="utf-8")) if latest.exists() else {}
    if figures.get("corpus_size") != args.n or figures.get("corpus_version") != corpus.CORPUS_VERSION:
        figures = {"corpus_size": args.n, "corpus_version": corpus.CORPUS_VERSION, "machine": machine()}
    if state and "import" not in figures:  # the import figures of the run that built the data folder
        imp = state["import"]
        figures.update(
            import_articles_per_s=round(imp["articles_per_s"]["median"], 1),
            import_peak_rss_mb=round(imp["peak_rss_mb"]["median"], 1),
            import_measured_at=imp["measured_at"],
            **{"import": imp},
        )
    for key in [k for k in figures if k.startswith(prefixes)]:
        del figures[key]
    figures.update(
        new, **{f"{prefixes[0].rstrip('_')}_date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    )
    figures["missed_targets"] = missed(figures)
    latest.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    log(f"{', '.join(prefixes)} figures -> {latest}")


def save_beside(name: str, figures: dict) -> None:
    """Figures measured on a replica (--replicate): a file of their own beside latest.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / name
    figures = figures | {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine()}
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    log(f"figures -> {out}")


def merge_export(args, export, state=None) -> None:
    merge_figures(args, ("export_", "export"), export_figures(export, args.n), state)


def machine() -> dict:
    meminfo = pathlib.Path("/proc/meminfo").read_text().split("\n")
    mem_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:")), 0)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    versions = {}
    for module in ("django", "haystack", "whoosh", "numpy"):
        with contextlib.suppress(Exception):
            mod = __import__(module)
            versions[module] = (
                ".".join(map(str, mod.VERSION)) if module == "haystack" else getattr(mod, "__version__", "")
            )
    commit = ""
    with contextlib.suppress(Exception):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        if subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench", ":!docs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip():
            commit += "+dirty"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": cores,
        "memory_gb": round(mem_kb / 2**20, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": commit,
    }


def breakdown(spec, pages, raw) -> dict:
    by_type: dict[str, dict] = {}
    for q in spec["queries"]:
        row = by_type.setdefault(
            q["type"], {"queries": [], "page": [], "raw": [], "raw_facet": [], "matches": []}
        )
        row["queries"].append(q["id"])
        row["page"] += pages["search_ms"][q["id"]]
        row["raw"] += raw["plain_ms"][q["id"]]
        row["raw_facet"] += raw["facet_ms"][q["id"]]
        row["matches"].append(pages["totals"][q["id"]])
    out = {}
    for kind, row in by_type.items():
        page, plain = statistics.median(row["page"]), statistics.median(row["raw"])
        out[kind] = {
            "queries": row["queries"],
            "matches": row["matches"],
            "page_p50_ms": round(page, 1),
            "page_max_ms": round(max(row["page"]), 1),
            "raw_whoosh_p50_ms": round(plain, 1),
            "raw_whoosh_facet_p50_ms": round(statistics.median(row["raw_facet"]), 1),
            "page_over_raw": round(page / plain, 1) if plain else None,
        }
    return out


def missed(figures) -> list[str]:
    misses = []
    for key, (op, target) in TARGETS.items():
        value = figures.get(key)
        if value is None:
            continue
        if (op == "<=" and value > target) or (op == ">=" and value < target):
            misses.append(key)
    return misses


def args_replicas(figures) -> int:
    return figures["corpus_size"] // figures["replicated_from"]


def update_docs(figures) -> None:
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    if TABLE_END not in text:
        log(f"{DOCS} has no table marker; row not added")
        return

    def f(key, fmt="{:.0f}"):
        value = figures.get(key)
        return "–" if value is None else fmt.format(value)

    m = figures["machine"]
    load = f" (load {figures['load_average']['median']:.1f})" if figures.get("load_average") else ""
    export_peak = next((k for k in figures if k.startswith("export_") and k.endswith("k_peak_mb")), "")
    row = (
        f"| {figures['date'][:10]} | {m['commit'] or '–'} | {figures['corpus_size']:,}"
        f"{' (' + format(figures['replicated_from'], ',') + ' ×' + str(args_replicas(figures)) + ')' if figures.get('replicated_from') else ''} | "
        f"{m['cores']} / {m['memory_gb']:.0f} GB{load} | {f('search_page_p50_ms')} / {f('search_page_p95_ms')}"
        f" (first pass {f('search_page_cold_p50_ms')} / {f('search_page_cold_p95_ms')}) | "
        f"{f('browse_page_p95_ms')} | {f('http_rps', '{:.1f}')} / {f('http_p95_ms')} / {f('http_errors')} | "
        f"{f('rebuild_docs_per_s')} | {f('index_size_mb')} | {f('import_articles_per_s', '{:.1f}')}"
        f"{'' if figures.get('import_measured_now') else '*'} | {f('import_peak_rss_mb')} | "
        f"{f('raw_whoosh_p95_ms', '{:.1f}')} / {f('raw_whoosh_facet_p95_ms')} | {f('peak_worker_rss_mb')} | "
        f"{f('analyzer_tokens_per_s')} | {f('timeline_p95_ms')} / {f('compare3_p95_ms')} | "
        f"{f(export_peak)} / {f('export_rows_per_s')} | {', '.join(k.removesuffix('_ms').removesuffix('_per_s') for k in figures['missed_targets']) or 'none'} |"
    )
    DOCS.write_text(text.replace(TABLE_END, row + "\n" + TABLE_END), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--n", type=int, default=10_000, help="corpus size (10000, 100000, 1000000)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--bench-dir", type=pathlib.Path, help="cache folder (default $ARCHIVE_BENCH_DIR or ../bench-data)"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="regenerate the corpus and re-import (measures import)"
    )
    parser.add_argument(
        "--reimport", action="store_true", help="keep the corpus, re-import (measures import)"
    )
    parser.add_argument(
        "--import-repeats", type=int, default=1, help="imports to measure (extra ones in a scratch folder)"
    )
    parser.add_argument(
        "--url-index",
        action="store_true",
        help="add a plain index on Article.url before importing (workaround)",
    )
    parser.add_argument("--rebuild-repeats", type=int, help="default 3 up to 20k articles, else 1")
    parser.add_argument(
        "--repeats", type=int, default=5, help="passes over the query set (in process, raw Whoosh)"
    )
    parser.add_argument(
        "--rebuild-budget",
        dest="rebuild_budget_s",
        type=float,
        default=240.0,
        help="no further rebuild repeat once the rebuilds would take longer than this (s; 0 = no limit)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (as `make run`)")
    parser.add_argument("--clients", type=int, default=6, help="concurrent HTTP clients")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of HTTP load")
    parser.add_argument(
        "--search-cache",
        action="store_true",
        help="keep the app's search-result cache on (repeated queries then measure the cache, not the search)",
    )
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--prepare-only", action="store_true", help="build the corpus and data folder, then stop"
    )
    parser.add_argument(
        "--profile", action="store_true", help="pyinstrument profile of the search page (cache folder)"
    )
    parser.add_argument(
        "--profile-only", action="store_true", help="only profile the search page (no figures)"
    )
    parser.add_argument("--no-docs", action="store_true", help="do not append a row to docs/BENCHMARKS.md")
    parser.add_argument(
        "--export",
        choices=["auto", "yes", "no", "only"],
        default="auto",
        help="exports of every article (auto: at 100,000 articles or more; only: nothing else, "
        "figures merged into bench/results/latest.json)",
    )
    parser.add_argument(
        "--export-formats",
        type=lambda text: text.split(","),
        default=list(EXPORTS),
        help=f"which exports to measure, comma-separated (default all: {','.join(EXPORTS)})",
    )
    parser.add_argument(
        "--timelines-only",
        action="store_true",
        help="only the timeline pages on the cached folder, merged into bench/results/latest.json",
    )
    parser.add_argument(
        "--replicate",
        type=int,
        default=1,
        help="measure pages on a copy whose index holds each article K times (see replicate(); no rebuild)",
    )
    parser.add_argument(
        "--engine",
        choices=["whoosh", "solr"],
        default="whoosh",
        help="search engine (solr: bench/solr_engine.py)",
    )
    parser.add_argument(
        "--solr-collection", help="Solr collection to rebuild and search (default bench_n<N>)"
    )
    args = parser.parse_args()
    args.shared = args.shared.resolve()
    if args.rebuild_repeats is None:
        args.rebuild_repeats = 3 if args.n <= 20_000 else 1
    started = time.perf_counter()
    load = LoadSampler(30.0)
    load.start()
    base = bench_dir(args)
    spec = load_queries()

    if args.engine == "solr":  # the same data folder, searched (and, if it imports, indexed) on SolrCloud
        import solr_engine

        solr_engine.configure(args)
        TARGETS.update(solr_engine.TARGETS)
    data_dir, state, import_now = prepare_data(args, base)
    if args.prepare_only:
        log(f"data folder ready: {data_dir}")
        return
    if args.export == "only":
        if args.replicate > 1:  # every row streamed K times (each article's id is K times in the index)
            data_dir, _rebuilt = replicate(args, data_dir)
            size = args.n * args.replicate
            figures = export_figures(export_bench(args, data_dir), size) | {"export_replicated_from": args.n}
            save_beside(f"export-n{size}-replicated.json", figures)
        else:
            merge_export(args, export_bench(args, data_dir), state)
        return
    if args.timelines_only:  # the index as the import (or the last rebuild) left it, or its replica
        replicated = {}
        if args.replicate > 1:
            data_dir, _rebuilt = replicate(args, data_dir)
            replicated = {"timelines_replicated_from": args.n}
        setup_django(args, data_dir)
        timeline_ms = timelines_in_process(args, spec)
        log("  timeline p95 " + ", ".join(f"{k} {pct(v, 95):.1f} ms" for k, v in timeline_ms.items()))
        figures = timeline_figures(timeline_ms) | replicated
        if args.replicate > 1:  # a replica's figures beside latest.json, which keeps the real corpus'
            save_beside(f"timelines-n{args.n * args.replicate}-replicated.json", figures)
        else:
            merge_figures(args, ("timeline", "compare3"), figures, state)
        return
    if args.profile_only:  # the cached folder as it is: warm up, profile, no figures
        setup_django(args, data_dir)
        pages_in_process(argparse.Namespace(repeats=1), spec)
        log(f"profile: {profile_search(args, spec, base)}")
        return
    if args.engine == "solr":
        rebuilt = solr_engine.rebuild(args, data_dir, manage, spread, log)
    elif args.replicate > 1:
        data_dir, rebuilt = replicate(args, data_dir)
    else:
        rebuilt = rebuild(args, data_dir)
    setup_django(args, data_dir)
    log(
        f"search page in process: {len(spec['queries'])} queries, {len(spec['browse'])} browse pages, {args.repeats} passes"
    )
    pages = pages_in_process(args, spec)
    log(
        f"  search p50 {pages['search_p50']['median']:.1f} ms, p95 {pages['search_p95']['median']:.1f} ms; "
        f"browse p95 {pages['browse_p95']['median']:.1f} ms; first pass (cold posting caches) "
        f"p50 {pages['cold_p50']:.1f} ms, p95 {pages['cold_p95']:.1f} ms; CPU a search page "
        f"{pages['cpu_ms']['app']} ms here, {pages['cpu_ms']['engine']} ms in the engine's process"
    )
    if pages["timeline_ms"]:
        log(
            "  timeline p95 " + ", ".join(f"{k} {pct(v, 95):.1f} ms" for k, v in pages["timeline_ms"].items())
        )
    raw = (
        solr_engine.raw_engine(args, spec, spread, pct)
        if args.engine == "solr"
        else raw_whoosh(args, data_dir, spec)
    )
    log(
        f"raw whoosh p95 {raw['p95']['median']:.1f} ms, with groupedby outlet {raw['facet_p95']['median']:.1f} ms"
    )
    http = None if args.skip_http else http_bench(args, data_dir, spec)
    log("analyzer throughput (bench/bench_analyzer.py)")
    analyzer = analyzer_figures(args)
    profile = profile_search(args, spec, base) if args.profile else None
    run_export = args.export == "yes" or (args.export == "auto" and args.n >= 100_000)
    export = export_bench(args, data_dir) if run_export else None

    imp = state["import"]
    figures = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": args.engine,
        "corpus_size": args.n * args.replicate,
        "replicated_from": args.n if args.replicate > 1 else None,
        "corpus_version": corpus.CORPUS_VERSION,
        "index_docs": rebuilt["docs"],
        "search_page_p50_ms": round(pages["search_p50"]["median"], 1),
        "search_page_p95_ms": round(pages["search_p95"]["median"], 1),
        "search_page_cold_p50_ms": round(pages["cold_p50"], 1),
        "search_page_cold_p95_ms": round(pages["cold_p95"], 1),
        "browse_page_p50_ms": round(pages["browse_p50"]["median"], 1),
        "browse_page_p95_ms": round(pages["browse_p95"]["median"], 1),
        **timeline_figures(pages["timeline_ms"]),
        "http_rps": http["rps"] if http else None,
        "http_p50_ms": http["p50_ms"] if http else None,
        "http_p95_ms": http["p95_ms"] if http else None,
        "http_errors": http["errors"] if http else None,
        "peak_worker_rss_mb": http["peak_worker_rss_mb"] if http else None,
        "search_page_cpu_ms": pages["cpu_ms"],
        "http_cpu_ms_per_request": http["cpu_ms_per_request"] if http else None,
        "solr_rss_mb": solr_engine.solr_rss_mb(rss_mb) if args.engine == "solr" else None,
        "rebuild_docs_per_s": round(rebuilt["docs_per_s"]["median"], 1) if rebuilt["docs_per_s"] else None,
        "rebuild_peak_rss_mb": round(rebuilt["peak_rss_mb"]["median"], 1) if rebuilt["peak_rss_mb"] else None,
        "index_size_mb": rebuilt["index_size_mb"],
        "import_articles_per_s": round(imp["articles_per_s"]["median"], 1)
        if imp.get("articles_per_s")
        else None,
        "import_peak_rss_mb": round(imp["peak_rss_mb"]["median"], 1) if imp.get("peak_rss_mb") else None,
        "import_measured_now": import_now,
        "import_measured_at": imp["measured_at"],
        "import_workaround": imp.get("workaround"),
        "import_engine": imp.get("engine", "whoosh"),  # which index the import wrote (older states: Whoosh)
        "import_solr": imp.get("solr"),
        "raw_whoosh_p50_ms": round(raw["p50"]["median"], 2),
        "raw_whoosh_p95_ms": round(raw["p95"]["median"], 2),
        "raw_whoosh_facet_p50_ms": round(raw["facet_p50"]["median"], 2),
        "raw_whoosh_facet_p95_ms": round(raw["facet_p95"]["median"], 2),
        "page_over_raw_whoosh_p50": round(pages["search_p50"]["median"] / raw["p50"]["median"], 1),
        "analyzer_tokens_per_s": analyzer.get("analyzer_tokens_per_s"),
        "machine": machine(),
        "targets": {k: f"{op} {v}" for k, (op, v) in TARGETS.items()},
        "spread": {
            "search_page_p50_ms": pages["search_p50"],
            "search_page_p95_ms": pages["search_p95"],
            "browse_page_p95_ms": pages["browse_p95"],
            "rebuild_docs_per_s": rebuilt["docs_per_s"],
            "rebuild_peak_rss_mb": rebuilt["peak_rss_mb"],
            "import_articles_per_s": imp["articles_per_s"],
            "import_peak_rss_mb": imp["peak_rss_mb"],
            "raw_whoosh_p95_ms": raw["p95"],
            "raw_whoosh_facet_p95_ms": raw["facet_p95"],
        },
        "by_query_type": breakdown(spec, pages, raw),
        "per_query": {
            q["id"]: {
                "url": pages["urls"][q["id"]],
                "matches": pages["totals"][q["id"]],
                "page_ms": round(statistics.median(pages["search_ms"][q["id"]]), 1),
                "page_cold_ms": round(pages["cold_ms"][q["id"]], 1),
                "raw_whoosh_ms": round(statistics.median(raw["plain_ms"][q["id"]]), 2),
                "raw_whoosh_facet_ms": round(statistics.median(raw["facet_ms"][q["id"]]), 2),
            }
            for q in spec["queries"]
        },
        "browse": {b["id"]: round(statistics.median(pages["browse_ms"][b["id"]]), 1) for b in spec["browse"]},
        "http": http,
        "rebuild": rebuilt,
        "import": imp,
        "analyzer": analyzer,
        "settings": {
            "repeats": args.repeats,
            "rebuild_repeats": args.rebuild_repeats,
            "import_repeats": args.import_repeats if import_now else None,
            "workers": args.workers,
            "clients": args.clients,
            "duration_s": args.duration,
            "data_dir": str(data_dir),
            "django_debug": False,
            "search_result_cache": args.search_cache,
        },
        "profile": profile,
        **export_figures(export, args.n),
    }
    figures["load_average"] = load.summary()
    figures["missed_targets"] = missed(figures)
    figures["bench_wall_s"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    (RESULTS / f"n{args.n}-{figures['date'][:19].replace(':', '')}.json").write_text(text, encoding="utf-8")
    if not args.no_docs:
        update_docs(figures)
    log(
        f"done in {figures['bench_wall_s']:.0f} s -> {RESULTS / 'latest.json'}; missed targets: {figures['missed_targets'] or 'none'}"
    )


if __name__ == "__main__":
    main()
