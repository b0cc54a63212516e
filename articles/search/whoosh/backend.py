"""A haystack Whoosh backend whose every analyzer is Bengali-aware and whose writes are serialised.

haystack's stock backend gives text fields Whoosh's English StemmingAnalyzer (its `\\w` tokenizer cuts
Bengali words at every vowel sign) and writes through AsyncWriter, which loses updates when another
process holds the lock. Here the schema is built from our field types only (see search_indexes.py),
and every write takes the cross-process lock from articles.indexing.
"""

import contextlib
import shutil

from django.conf import settings
from haystack import connections
from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError
from haystack.utils import get_identifier
from whoosh import index as windex
from whoosh.fields import DATETIME, KEYWORD, NUMERIC, STORED, Schema
from whoosh.fields import ID as WHOOSH_ID

from articles.bangla.whoosh_analysis import BanglaBigrams, BanglaText
from articles.indexing import index_write_lock, inherited_lock_fd, register_writer_processes

from ..types import IndexUnavailable
from .codec import ArchiveCodec
from .writer import ArchiveMpWriter

WRITER_TIMEOUT_S = 60
# What the document field holds; raise it when that changes, so that ensure_index rebuilds an index
# written before. 2: plain text (1 was HTML-escaped by haystack's template).
# 3: spelling variants folded by the analyzer (articles/bangla/normalize.py: ষ্ট/স্ট, ণ/ন, ৎ/ত ...).
TEXT_VERSION = 3
# Segments stay as separate files: a compound segment is memory-mapped whole by every worker and its
# term files are copied out each time a searcher opens it (measured in docs/BENCHMARKS.md).


def text_field(**kwargs):
    return BanglaText(**kwargs)


class BanglaWhooshBackend(WhooshSearchBackend):
    # A rebuild or large import writes through worker processes that index the body's words with
    # numpy (articles/search/whoosh/writer.py), each leaving its own segments (merging them in the parent
    # would run single-threaded again).
    bulk_procs = 2
    writer_options = {"limitmb": 128, "compound": False}
    _bulk = None
    _bulk_fresh = False

    @contextlib.contextmanager
    def bulk(self, fresh=False):
        """Route every update and removal in the block through one writer, committed at the end.

        `fresh`: the index was just cleared, so documents are added without looking up old copies.
        """
        if not self.setup_complete:
            self.setup()
        with index_write_lock():
            self.index = self.index.refresh()
            # Each worker holds its segment's words in memory up to this size, then starts another
            # segment; the fields Whoosh pools itself are sorted in runs on disk past it.
            writer = ArchiveMpWriter(
                self.index,
                procs=self.bulk_procs,
                timeout=WRITER_TIMEOUT_S,
                codec=ArchiveCodec(),
                limitmb=settings.ARCHIVE_INDEX_WRITER_MB,
                compound=False,
                close_fds=[inherited_lock_fd()],
                on_start=register_writer_processes,
            )
            self._bulk, self._bulk_fresh = writer, fresh
            try:
                yield self
            except BaseException:
                writer.cancel()
                raise
            else:
                writer.commit()
            finally:
                self._bulk, self._bulk_fresh = None, False

    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        content_field_name = ""
        for field in fields.values():
            name = field.index_fieldname
            kind = field.field_type
            if kind == "keyword" and field.is_multivalued:
                schema_fields[name] = KEYWORD(stored=True, commas=True, lowercase=False)
            elif kind == "keyword":
                schema_fields[name] = WHOOSH_ID(stored=True)
            elif kind == "stored":
                schema_fields[name] = STORED()
            elif kind in ("date", "datetime"):
                schema_fields[name] = DATETIME(stored=True, sortable=True)
            elif kind == "integer":
                schema_fields[name] = NUMERIC(stored=field.stored, numtype=int, sortable=True)
            elif kind == "bangla_bigrams":
                schema_fields[name] = BanglaBigrams(stored=False)
            elif kind in ("string", "bangla_text"):
                schema_fields[name] = text_field(stored=field.stored, field_boost=field.boost)
            else:
                raise SearchBackendError(
                    f"Field {name!r} has type {kind!r}, which this backend does not map."
                )
            if field.document:
                content_field_name = name
                schema_fields[name].spelling = True
                schema_fields[name].text_version = TEXT_VERSION  # pickled with the index's schema
        if not content_field_name:
            raise SearchBackendError("No document field was found in the search indexes.")
        return content_field_name, Schema(**schema_fields)

    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        iterable = list(iterable)
        if not iterable:
            return
        if hasattr(index, "prepare_batch"):
            index.prepare_batch(iterable)
        docs = []
        for obj in iterable:
            doc = index.full_prepare(obj)
            docs.append({key: self._from_python(value) for key, value in doc.items() if key != "boost"})
        if self._bulk is not None:
            if not self._bulk_fresh:
                # Remove old copies with one reader for the batch: Whoosh's update_document opens a
                # reader over every segment for each document (1.2 ms a document at 100k).
                with self._bulk.searcher() as searcher:
                    for doc in docs:
                        self._bulk.delete_by_term(ID, doc[ID], searcher=searcher)
            for doc in docs:
                self._bulk.add_document(**doc)
            return
        with index_write_lock():
            self.index = self.index.refresh()
            writer = self.index.writer(timeout=WRITER_TIMEOUT_S, codec=ArchiveCodec(), **self.writer_options)
            try:
                for doc in docs:
                    writer.update_document(**doc)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def remove(self, obj_or_string, commit=True):
        self.remove_many([get_identifier(obj_or_string)])

    def remove_many(self, identifiers):
        if not self.setup_complete:
            self.setup()
        if self._bulk is not None:
            for identifier in identifiers:
                self._bulk.delete_by_term(ID, identifier)
            return
        with index_write_lock():
            self.index = self.index.refresh()
            writer = self.index.writer(timeout=WRITER_TIMEOUT_S, codec=ArchiveCodec(), **self.writer_options)
            for identifier in identifiers:
                writer.delete_by_term(ID, identifier)
            writer.commit()

    def setup(self):
        try:
            super().setup()
        except Exception as exc:
            if windex.exists_in(self.path):  # there is an index, but it cannot be opened
                raise IndexUnavailable(f"The search index cannot be opened: {type(exc).__name__}") from exc
            raise

    def current_schema(self):
        """The schema this code writes, without opening the index (which may be damaged)."""
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        return self.build_schema(fields)[1]

    def clear(self, models=None, commit=True):
        with index_write_lock():
            if models is None:
                # Delete the folder without opening the index first: a damaged one cannot be opened.
                shutil.rmtree(self.path, ignore_errors=True)
                self.setup_complete = False
                self.setup()
            else:
                super().clear(models=models, commit=commit)

    def optimize(self):
        with index_write_lock():
            super().optimize()


class BanglaWhooshEngine(BaseEngine):
    backend = BanglaWhooshBackend
    query = WhooshSearchQuery
