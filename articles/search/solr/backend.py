"""A haystack backend that keeps a SolrCloud collection in step with the database.

The index definition (articles/search_indexes.py) stays the one place that says what a document
holds: `update()` takes `ArticleIndex.full_prepare` output and articles/search/solr/documents.py turns it into
the Solr document. Searching does not go through haystack (articles/search/solr/search.py queries Solr
directly, as articles/search/whoosh/engine.py does Whoosh), so `search()` is haystack's unimplemented default.

Writes and visibility: outside `bulk()`, `update()`, `remove()` and `clear()` commit when the caller
asks (haystack's `commit=True` default), so a search right after an edit finds it. `bulk()` is the
rebuild and import path: batches are posted by background threads while the next batch is prepared
(the Python side, analysing the text, is the slow part), and one commit ends the block.

Connection options (HAYSTACK_CONNECTIONS): URL (one node URL or several, comma-separated: the client
fails over between them), COLLECTION, TIMEOUT (seconds), BATCH_SIZE (documents per request).
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery
from haystack.utils import get_identifier

from .client import SolrClient
from .documents import solr_document
from .terms_cache import analysed_terms

# Fields of the prepared data that are haystack's bookkeeping, not part of the document.
NOT_SENT = frozenset({"boost"})


class SolrBackend(BaseSearchBackend):
    # Two requests in flight overlap Solr's indexing with the next batch's preparation; more only
    # queue on two cores.
    bulk_threads = 2

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.url = connection_options.get("URL", "http://127.0.0.1:8983/solr")
        self.collection = connection_options.get("COLLECTION", "archive")
        self.batch_size = int(connection_options.get("BATCH_SIZE", 500))
        self.client = SolrClient(
            self.url, self.collection, timeout=float(connection_options.get("TIMEOUT", 60))
        )
        self._bulk: _Bulk | None = None

    # -- documents -----------------------------------------------------------------------------------

    def documents(self, index, objects) -> list[dict]:
        objects = list(objects)
        if hasattr(index, "prepare_batch"):
            index.prepare_batch(objects)
        prepared = [
            {k: v for k, v in index.full_prepare(obj).items() if k not in NOT_SENT} for obj in objects
        ]
        # Analysing the text is most of a document's cost: terms come from the cache when the
        # article's text was analysed before (an import fills it, a rebuild reads it).
        terms = analysed_terms(
            [
                (getattr(obj, "pk", None), data.get("text") or "")
                for obj, data in zip(objects, prepared, strict=True)
            ]
        )
        return [solr_document(data, joined) for data, joined in zip(prepared, terms, strict=True)]

    # -- haystack's backend API ----------------------------------------------------------------------

    def update(self, index, iterable, commit=True):
        documents = self.documents(index, iterable)
        if not documents:
            return
        if self._bulk is not None:
            for start in range(0, len(documents), self.batch_size):
                self._bulk.send(documents[start : start + self.batch_size])
            return
        for start in range(0, len(documents), self.batch_size):
            self.client.add(documents[start : start + self.batch_size])
        if commit:
            self.client.commit()

    def remove(self, obj_or_string, commit=True):
        self.remove_many([get_identifier(obj_or_string)], commit=commit)

    def remove_many(self, identifiers, commit=True):
        identifiers = list(identifiers)
        if not identifiers:
            return
        if self._bulk is not None:
            self._bulk.wait()  # an add still in flight must not land after its removal
            self.client.delete(ids=identifiers)
            return
        self.client.delete(ids=identifiers)
        if commit:
            self.client.commit()

    def clear(self, models=None, commit=True):
        if models:
            kinds = " OR ".join(f'"{m._meta.app_label}.{m._meta.model_name}"' for m in models)
            query = f"django_ct:({kinds})"
        else:
            query = "*:*"
        self.client.delete(query=query)
        if commit:
            self.client.commit()

    # -- bulk writing --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def bulk(self, fresh=False):
        """Route every update in the block through background requests, committed once at the end.

        `fresh`: the collection was just cleared, so Solr skips looking for an older copy of each
        document. If the block fails, what was already sent is still committed (nothing that reached
        Solr is left invisible) and the error is raised.
        """
        if self._bulk is not None:  # nested (an import inside a larger job): the outer block commits
            yield self
            return
        bulk = _Bulk(self.client, threads=self.bulk_threads, overwrite=not fresh)
        self._bulk = bulk
        try:
            yield self
            bulk.wait()
        finally:
            self._bulk = None
            bulk.close()
            self.client.commit()


class _Bulk:
    """At most `threads` update requests in flight; the first failure is raised by the next call."""

    def __init__(self, client: SolrClient, threads: int, overwrite: bool):
        self.client = client
        self.overwrite = overwrite
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="solr-bulk")
        self.slots = threading.BoundedSemaphore(threads)
        self.pending: list[Future] = []

    def send(self, documents: list[dict]) -> None:
        self._raise_failures()
        self.slots.acquire()
        future = self.executor.submit(self.client.add, documents, overwrite=self.overwrite)
        future.add_done_callback(lambda _f: self.slots.release())
        self.pending.append(future)

    def _raise_failures(self):
        still = []
        for future in self.pending:
            if future.done():
                future.result()  # raises the request's error
            else:
                still.append(future)
        self.pending = still

    def wait(self) -> None:
        pending, self.pending = self.pending, []
        for future in pending:
            future.result()

    def close(self) -> None:
        self.executor.shutdown(wait=True)


class SolrEngine(BaseEngine):
    backend = SolrBackend
    query = BaseSearchQuery
