"""Rebuilding the Solr collection from the database with several processes.

On the client the cost of a document is Python's: the index definition's `full_prepare` and the
archive's analyzer, about 0.8 ms an article on one core (the analysis is skipped for texts analysed
before: articles/search/solr/terms_cache.py), while SolrCloud indexes in parallel on its own nodes.
So the published articles are split into contiguous runs of primary keys and each worker process
prepares its runs and posts them (Solr skips the duplicate check: the collection was just cleared),
while the next batch is prepared; one commit at the end makes them visible together.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass

from django import db

from .backend import SolrBackend, _Bulk
from .client import SolrClient


@dataclass
class Rebuilt:
    documents: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def default_processes() -> int:
    """One preparing process per core (Solr's own threads share them while it indexes)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def rebuild(backend: SolrBackend, index, *, procs: int = 2, batch_size: int = 1000) -> Rebuilt:
    """Clear the collection and index every article of `index.index_queryset()` again."""
    started = time.monotonic()
    pks = list(index.index_queryset().order_by("pk").values_list("pk", flat=True))
    backend.clear()
    runs = [pks[start : start + batch_size] for start in range(0, len(pks), batch_size)]
    parts = [runs[worker::procs] for worker in range(procs)]
    # A test database in memory exists in this process only: workers would see an empty one.
    in_memory = db.connection.vendor == "sqlite" and db.connection.is_in_memory_db()
    if procs <= 1 or len(runs) <= 1 or in_memory:
        counts = [_index_runs(backend.url, backend.collection, runs)]
    else:
        db.connections.close_all()  # each worker opens its own connection
        context = multiprocessing.get_context("fork")
        with context.Pool(procs) as pool:
            counts = pool.starmap(_index_runs, [(backend.url, backend.collection, part) for part in parts])
    backend.client.commit()
    return Rebuilt(sum(counts), time.monotonic() - started)


def _index_runs(url: str, collection: str, runs: list[list[int]]) -> int:
    from haystack import connections

    from articles.models import Article

    index = connections["default"].get_unified_index().get_index(Article)
    backend = SolrBackend("rebuild", URL=url, COLLECTION=collection)
    client = SolrClient(url, collection, timeout=backend.client.timeout)
    # Two requests in flight: Solr indexes one batch while the next is posted and a third prepared.
    sender = _Bulk(client, threads=2, overwrite=False)
    sent = 0
    try:
        for run in runs:
            # The run's range of keys: every published article in it is in the run (the keys came
            # from the same queryset), and a range reads faster than a list of a thousand keys.
            objects = list(index.index_queryset().filter(pk__gte=run[0], pk__lte=run[-1]).order_by("pk"))
            documents = backend.documents(index, objects)
            sender.send(documents)
            sent += len(documents)
        sender.wait()
    finally:
        sender.close()
    return sent
