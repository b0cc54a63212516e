"""Rebuilding the Solr collection from the database with several processes.

The published articles are split into contiguous runs of primary keys; each worker process reads its
runs as rows of the columns a document needs (articles/search/solr/documents.py `Rows`: no model
instances, no `reverse()` per article), takes the analysed terms from the terms cache
(articles/search/solr/terms_cache.py, analysing only texts it has not seen) and posts the documents
while the next run is read. One document of every run is also built the ordinary way (the index
definition's `full_prepare`) and compared: at the first difference the worker warns and builds every
later document that way, so the index always holds what articles/search_indexes.py says.

On the cluster the cost of a document is mostly Solr's (Lucene's inversion, the transaction log, a
second replica doing the same): measured at 10,000 articles on two cores, about 1 ms of JVM time per
article against 0.2-0.3 ms of Python. So each run is split by shard (Solr's compositeId hash of the
id) and each part posted to a node that holds that shard's leader, among the configured node URLs:
the document is indexed there and sent on to its replica, without first hopping from another node.
Solr skips the duplicate check (the collection was just cleared) and one commit at the end makes
everything visible together. A rebuild stopped midway leaves a collection that holds fewer articles
than the database: `ensure_index` or another rebuild brings it in line.
"""

from __future__ import annotations

import multiprocessing
import os
import struct
import time
import warnings
from dataclasses import dataclass

from django import db

from .backend import SolrBackend, _Bulk
from .client import SolrClient, SolrError
from .documents import COLUMNS, FIELDS, Rows
from .terms_cache import analysed_terms


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
    runs = [
        (pks[start], pks[min(start + batch_size, len(pks)) - 1]) for start in range(0, len(pks), batch_size)
    ]
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


def _index_runs(url: str, collection: str, runs: list[tuple[int, int]]) -> int:
    from haystack import connections

    from articles.models import Article

    index = connections["default"].get_unified_index().get_index(Article)
    backend = SolrBackend("rebuild", URL=url, COLLECTION=collection)
    documents = _Documents(index, backend)
    shards = Shards.of(backend.client)
    # One request in flight per shard: Solr indexes them while the next run is read and prepared.
    senders = [_Bulk(client, threads=1, overwrite=False) for client in shards.clients]
    sent = 0
    try:
        for first, last in runs:
            batch = documents.run(first, last)
            for sender, part in zip(senders, shards.split(batch), strict=True):
                if part:
                    sender.send(part)
            sent += len(batch)
        for sender in senders:
            sender.wait()
    finally:
        for sender in senders:
            sender.close()
    return sent


class _Documents:
    """The Solr documents of a run of primary keys: from rows, checked against `full_prepare`."""

    def __init__(self, index, backend: SolrBackend):
        self.index, self.backend = index, backend
        self.rows = Rows()
        self.fast = set(index.fields) <= FIELDS
        if not self.fast:
            warnings.warn(f"rebuild: index fields {sorted(set(index.fields) - FIELDS)} unknown to Rows; "
                          "documents are prepared one by one", stacklevel=2)  # fmt: skip

    def run(self, first: int, last: int) -> list[dict]:
        queryset = self.index.index_queryset().filter(pk__gte=first, pk__lte=last).order_by("pk")
        if not self.fast:
            return self.backend.documents(self.index, queryset)
        from articles.models import Mention

        rows = list(queryset.values_list(*COLUMNS))
        if not rows:
            return []
        entities = {row[0]: set() for row in rows}
        mentions = Mention.objects.filter(article_id__gte=first, article_id__lte=last)
        for article_id, key in mentions.values_list("article_id", "entity__key"):
            found = entities.get(article_id)
            if found is not None:
                found.add(key)
        texts = [(row[0], "\n".join(part for part in row[1:4] if part)) for row in rows]
        terms = analysed_terms(texts)
        documents = [
            self.rows.document(row, entities[row[0]], joined) for row, joined in zip(rows, terms, strict=True)
        ]
        expected = self.backend.documents(self.index, [queryset.get(pk=rows[0][0])])[0]
        if documents[0] != expected:
            self.fast = False
            differ = sorted(
                k for k in expected.keys() | documents[0].keys() if expected.get(k) != documents[0].get(k)
            )
            warnings.warn(f"rebuild: article {rows[0][0]}'s document from rows differs from the index "
                          f"definition's ({', '.join(differ)}); documents are prepared one by one", stacklevel=2)  # fmt: skip
            return self.backend.documents(self.index, queryset)
        return documents


class Shards:
    """Which shard each document goes to (Solr's compositeId router), and a client per shard that
    tries first a configured node holding the shard's leader."""

    def __init__(self, ranges: list[tuple[int, int]], clients: list[SolrClient]):
        self.ranges, self.clients = ranges, clients

    @classmethod
    def of(cls, client: SolrClient) -> Shards:
        one = cls([(-(2**31), 2**31 - 1)], [client])
        try:
            status = client.request_root(
                "/admin/collections", {"action": "CLUSTERSTATUS", "collection": client.collection}
            )
            state = status["cluster"]["collections"][client.collection]
            if state.get("router", {}).get("name") != "compositeId":
                return one
            ranges, clients = [], []
            for shard in state["shards"].values():
                low, high = (_signed(int(end, 16)) for end in shard["range"].split("-"))
                leaders = [
                    r["base_url"].rstrip("/") for r in shard["replicas"].values() if r.get("leader") == "true"
                ]
                urls = [u for u in client.urls if u in leaders] + [u for u in client.urls if u not in leaders]
                ranges.append((low, high))
                clients.append(SolrClient(urls, client.collection, timeout=client.timeout))
        except (SolrError, KeyError, ValueError, AttributeError):
            return one
        return cls(ranges, clients)

    def split(self, documents: list[dict]) -> list[list[dict]]:
        parts = [[] for _ in self.ranges]
        if len(parts) == 1:
            return [documents]
        for document in documents:
            code = murmur3(document["id"].encode("utf-8"))
            for part, (low, high) in zip(parts, self.ranges, strict=True):
                if low <= code <= high:
                    part.append(document)
                    break
            else:
                parts[0].append(document)  # not in any range: Solr sends it where it belongs
        return parts


def _signed(value: int) -> int:
    return value - 2**32 if value >= 2**31 else value


def murmur3(data: bytes, seed: int = 0) -> int:
    """MurmurHash3 (x86, 32 bits) as a signed int, as Solr's compositeId router hashes an id."""
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    value = seed
    whole = len(data) // 4 * 4
    for (k,) in struct.iter_unpack("<I", data[:whole]):
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        value ^= (k * c2) & mask
        value = ((value << 13) | (value >> 19)) & mask
        value = (value * 5 + 0xE6546B64) & mask
    tail = data[whole:]
    if tail:
        k = int.from_bytes(tail, "little")
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        value ^= (k * c2) & mask
    value ^= len(data)
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & mask
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & mask
    value ^= value >> 16
    return _signed(value)
