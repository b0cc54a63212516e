"""A Whoosh segment writer that keeps the body's words as arrays and writes their postings with numpy.

Whoosh's SegmentWriter turns every posting into a tuple (field, term, document, weight, value), sorts
them all in a pool (in runs on disk past `limitmb`) and writes them one Python call at a time. For a
rebuild of 10,000 articles that is 3.9 million postings, 94% of them from the two fields that index
the analysed body (its words and the pairs of adjacent words), and two thirds of the rebuild's time.

For those fields (the ones that set `fast_words`, see articles/bangla/whoosh_analysis.py) this writer
keeps only each document's sequence of word ids, 4 bytes a word. When the segment is written, numpy
sorts and groups the occurrences into postings, and the blocks and term entries are written directly
in Whoosh 3's format, so Whoosh's readers and articles/search/whoosh/matching.py read them unchanged. In its
`identical_to_whoosh` mode the files are byte for byte what Whoosh's own writer writes for the same
documents (the tests compare them); by default blocks are pickled and compressed more cheaply (see
_TermWriter), with the same postings. Every other field goes through Whoosh's pool as before.

`ArchiveMpWriter` runs these writers in worker processes, each leaving its own segments; a worker
closes its segment and starts another when its arrays reach `limitmb`. Pure Whoosh and numpy.
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import ctypes.util
import itertools
import os
import pickle
import queue
import signal
import zlib
from array import array
from multiprocessing import Process

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.compat import dumps
from whoosh.multiproc import MpWriter
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.writing import IndexingError, SegmentWriter

from articles import failpoints

# Memory per buffered word (of either field) until its segment is written, measured on 10,000 bench
# articles: 17.5 bytes to hold it (ids, vocabulary), 45 more at the peak of writing (sort keys,
# orders, and the postings of one chunk of terms as Python lists).
BYTES_PER_WORD = 64
_UINT32 = np.dtype(">u4")
_ONE = pack_uint(1)
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class _Sequences:
    """One field's word ids, document after document."""

    def __init__(self):
        self.ids = array("i")
        self.docs = array("i")
        self.lengths = array("i")
        self.boosts = array("d")

    def add(self, docnum, ids, boost):
        self.ids.extend(ids)
        self.docs.append(docnum)
        self.lengths.append(len(ids))
        self.boosts.append(boost)

    def __len__(self):
        return len(self.ids)


class ArchiveSegmentWriter(SegmentWriter):
    """A SegmentWriter whose `fast_words` fields are buffered as word ids (see module docstring).

    With `identical_to_whoosh`, blocks are compressed as Whoosh's writer does and the segment's files
    are byte for byte Whoosh's (see _TermWriter).

    It only adds documents: merging other segments into it (which would bring those fields' postings
    through the pool as well) is refused. Use it through ArchiveMpWriter or with `merge=False`.
    """

    identical_to_whoosh = False

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        if self.codec.length_stats:
            raise IndexingError("ArchiveSegmentWriter needs a codec without length statistics.")
        for name, field in self.schema.items():
            if field.separate_spelling() or field.vector:
                raise IndexingError(f"Field {name!r}: separate spelling and term vectors are not supported.")
        # Fields whose string values are buffered as word ids; the rest go through Whoosh's pool.
        self._fast = {
            name
            for name, field in self.schema.items()
            if getattr(field, "fast_words", None) is not None and field.column_type is None
        }
        self._vocabulary: dict[str, int] = {}
        self._sequences: dict[str, _Sequences] = {}
        self._last_ids = (None, None, [])

    def buffered_bytes(self) -> int:
        """About the memory this writer will have used when its segment is written."""
        words = sum(len(s) for s in self._sequences.values())
        return BYTES_PER_WORD * words + self.pool.currentsize

    def _word_ids(self, field, value):
        # The words field and the pairs field index the same text, one after the other.
        analysed = field.analysed
        last_analysed, last_value, ids = self._last_ids
        if last_value is not value or last_analysed != analysed:
            vocabulary = self._vocabulary
            ids = [vocabulary.setdefault(term, len(vocabulary)) for term in analysed(value)]
            self._last_ids = (analysed, value, ids)
        return ids

    def add_document(self, **fields):
        self._check_state()
        schema, docnum, perdoc = self.schema, self.docnum, self.perdocwriter
        add_posting = self.pool.add
        docboost = self._doc_boost(fields)
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if name in self._fast and isinstance(value, str):
                ids = self._word_ids(field, value)
                boost = self._field_boost(fields, name, docboost)
                self._sequences.setdefault(name, _Sequences()).add(docnum, ids, boost)
                if field.scorable:
                    length = max(len(ids) - 1, 0) if field.fast_words == "pairs" else len(ids)
            elif field.indexed:
                boost = self._field_boost(fields, name, docboost)
                for tbytes, freq, weight, vbytes in field.index(value):
                    if field.scorable:
                        length += freq
                    add_posting((name, tbytes, docnum, weight * boost, vbytes))
            stored = fields.get(f"_stored_{name}", value)
            perdoc.add_field(name, field, stored if field.stored else None, length)
            if field.column_type and stored is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader):
        raise IndexingError("ArchiveSegmentWriter does not merge segments.")

    def _flush_segment(self):
        self.perdocwriter.close()
        overlap = self.pool.fieldnames & set(self._sequences)
        if overlap:
            raise IndexingError(f"Fields {sorted(overlap)} reached both the pool and the arrays.")
        pooled = itertools.groupby(self.pool.iter_postings(), key=lambda posting: posting[0])
        pooled = {name: list(postings) for name, postings in pooled}
        order = _term_order(self._vocabulary) if self._sequences else None
        # Field by field in name order, as Whoosh's writer does (the field ids in the terms file follow it).
        for name in sorted(set(pooled) | set(self._sequences)):
            out = _TermWriter(self.fieldwriter, name, self.schema[name], self.identical_to_whoosh)
            if name in pooled:
                _write_pooled(out, pooled.pop(name))
            else:
                _write_words(out, order, self._sequences.pop(name), self.schema[name])
            out.close()
        self.fieldwriter.close()


def _term_order(vocabulary):
    """The words in term order, and each word id's rank in it."""
    words = sorted(vocabulary)
    # A pair "a b" sorts as (a, b) only if no word holds a character at or below the space.
    if min((min(word) for word in words if word), default="a") <= " ":
        raise IndexingError("An analysed word contains a space or control character.")
    rank = np.empty(len(vocabulary), dtype=np.int64)
    rank[np.fromiter((vocabulary[word] for word in words), dtype=np.int64, count=len(words))] = np.arange(
        len(words)
    )
    return words, rank


def _postings(sequences, pairs, rank):
    """Sort one field's occurrences into postings.

    Returns the distinct term keys (in term order), and per posting (sorted by term, then document):
    its term's index, document, frequency, weight boost, and for pairs the positions of each posting
    (one array of positions, in posting order, and each posting's start in it).
    """
    ids = np.frombuffer(sequences.ids, dtype=np.int32)
    lengths = np.frombuffer(sequences.lengths, dtype=np.int32).astype(np.int64)
    starts = np.cumsum(lengths) - lengths
    owner = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    if pairs:
        last = (starts + lengths - 1)[lengths > 0]
        first = np.ones(len(ids), dtype=bool)
        first[last] = False
        first = np.flatnonzero(first)
        keys = (rank[ids[first]] << 32) | rank[ids[first + 1]]
        owner = owner[first]
        positions = (first - starts[owner]).astype(np.int32)
    else:
        keys = rank[ids]
        positions = None
    del ids
    # Occurrences come document by document, in word order: a stable sort by term keeps that order
    # within each term, so postings come out by document and their positions in order.
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts_term = np.ones(len(keys), dtype=bool)
    starts_term[1:] = keys[1:] != keys[:-1]
    terms = keys[starts_term]
    term_of = (np.cumsum(starts_term) - 1).astype(np.int32)
    del keys, starts_term
    owner = owner[order]
    docs = np.frombuffer(sequences.docs, dtype=np.int32)[owner]
    if positions is not None:
        positions = positions[order]
    del order
    count = len(term_of)
    new = np.ones(count, dtype=bool)
    new[1:] = (term_of[1:] != term_of[:-1]) | (docs[1:] != docs[:-1])
    group = np.flatnonzero(new)
    freqs = np.diff(np.append(group, count))
    boosts = np.frombuffer(sequences.boosts, dtype=np.float64)[owner[group]]
    return terms, term_of[group], docs[group], freqs, boosts, positions, group


class _TermWriter:
    """Writes one field's terms in Whoosh 3's format: posting blocks in the postings file, an entry
    per term in the terms table. Terms must come in order.

    Blocks are pickled with protocol 5. A block whose pickle is shorter than SMALL_BLOCK bytes is
    stored uncompressed, a larger one with a 1 KB zlib window (Whoosh's writer means to skip
    compressing under 20 bytes but compresses every block, and zlib's default set-up cost 60
    microseconds a block here; its readers read all three). With `identical`, every block is pickled
    and compressed as Whoosh does and the files are byte for byte Whoosh's (the tests rely on it).
    """

    SMALL_BLOCK = 128

    def __init__(self, fieldwriter, name, field, identical=False):
        fieldwriter.start_field(name, field)
        self._fieldwriter = fieldwriter
        codec = fieldwriter._codec
        self.block, self.level, self.identical = codec._blocklimit, codec._compression, identical
        # Whoosh pickles a block with protocol 2, where each byte string costs a function call (2.2 against
        # 0.4 microseconds a block, twice the size); its readers unpickle any protocol.
        self.protocol = 2 if identical else 5
        size = field.format.fixed_value_size()
        # Values: a tuple of byte strings (variable size), None (no values), or fixed-size bytes joined.
        self.value_size = None if size is None or size < 0 else size
        self._prefix = pack_ushort(fieldwriter._fieldid)
        self._out = bytearray()
        self._offset = fieldwriter._postfile.tell()
        self._entries = []

    def _compress(self, data):
        if self.identical:
            return zlib.compress(data, self.level), self.level
        if len(data) < self.SMALL_BLOCK:
            return data, 0
        packer = zlib.compressobj(self.level, zlib.DEFLATED, 10, 2)
        return packer.compress(data) + packer.flush(), self.level

    def term(self, text: bytes, docs, weights, stored_weights, values):
        """One term's postings: documents in order, weights as computed and as float32 keeps them
        (Whoosh compares the one and stores the other), values (see value_size)."""
        size, out, fixed = self.block, self._out, self.value_size
        start = len(out)
        total_weight = 0
        max_weight = 0
        count = len(docs)
        for s in range(0, count, size):
            e = min(s + size, count)
            block_docs = docs[s:e]
            stored = stored_weights[s:e]
            base = 0
            gaps = []
            for doc in block_docs:
                gaps.append(doc - base)
                base = doc
            first = stored[0]
            if all(w == 1.0 for w in stored):
                mini = None
            elif all(w == first for w in stored):
                mini = first
            else:
                mini = tuple(stored)
            block_max = max(weights[s:e])
            total_weight += sum(stored)
            max_weight = max(max_weight, block_max)
            if fixed is None:
                block_values = tuple(values[s:e])
            else:
                block_values = values[fixed * s : fixed * e] if fixed else None
            data, comp = self._compress(pickle.dumps((tuple(gaps), mini, block_values), self.protocol))
            info = dumps((e - s, block_docs[-1], block_max, comp, 0, 0), 2)
            if s == 0:
                out += WHOOSH3_HEADER_MAGIC
            length = len(info) + len(data)
            out += pack_int(-length if e == count else length)
            out += info
            out += data
        entry = W3TermInfo._struct.pack(False, total_weight, count, 0, 0, max_weight, docs[0], docs[-1])
        entry += pack_long(self._offset + start) + pack_int(len(out) - start)
        self._entries.append((self._prefix + text, entry))
        if len(out) > 1 << 22:
            self._flush()

    def _flush(self):
        postfile = self._fieldwriter._postfile
        postfile.write(bytes(self._out))
        add = self._fieldwriter._tindex.add
        for key, entry in self._entries:
            add(key, entry)
        self._out, self._entries = bytearray(), []
        self._offset = postfile.tell()

    def close(self):
        self._flush()
        self._fieldwriter.finish_field()


def _position_values(positions, group, freqs):
    """Each posting's value as Whoosh's Positions format encodes it (the gaps, pickled)."""
    single = {}
    values = []
    plist = positions.tolist()
    for start, freq in zip(group.tolist(), freqs.tolist(), strict=True):
        if freq == 1:
            pos = plist[start]
            pickled = single.get(pos)
            if pickled is None:
                pickled = single[pos] = dumps([pos], 2)
            # A new object each time: pickle writes a repeated object as a reference, Whoosh never does.
            values.append(_ONE + pickled)
        else:
            gaps = plist[start : start + freq]
            gaps = [gaps[0]] + [b - a for a, b in zip(gaps, gaps[1:], strict=False)]
            values.append(pack_uint(freq) + dumps(gaps, 2))
    return values


def _write_words(out: _TermWriter, order, sequences, field, chunk=1 << 18):
    """A `fast_words` field's postings, from its buffered word ids (`order`: see _term_order)."""
    pairs = field.fast_words == "pairs"
    words, rank = order
    terms, term_of, docs, freqs, boosts, positions, group = _postings(sequences, pairs, rank)
    # Where each term's postings start and end.
    bounds = np.searchsorted(term_of, np.arange(len(terms) + 1)).tolist()
    weights = (freqs * field.format.field_boost) * boosts
    if out.value_size not in (None, 4):
        raise IndexingError(f"A words field's format must keep frequencies or positions, not {field.format}.")
    term = 0
    while term < len(terms):
        # A chunk of terms with about `chunk` postings at a time, converted to lists.
        last = min(max(bisect.bisect_right(bounds, bounds[term] + chunk) - 1, term + 1), len(terms))
        a, b = bounds[term], bounds[last]
        chunk_docs = docs[a:b].tolist()
        chunk_weights = weights[a:b].tolist()
        chunk_stored = weights[a:b].astype(np.float32).tolist()
        if out.value_size is None:
            chunk_values = _position_values(positions, group[a:b], freqs[a:b])
        else:
            chunk_values = freqs[a:b].astype(_UINT32).tobytes()
        for i, key in enumerate(terms[term:last].tolist(), start=term):
            s, e = bounds[i] - a, bounds[i + 1] - a
            values = chunk_values[s:e] if out.value_size is None else chunk_values[4 * s : 4 * e]
            text = f"{words[key >> 32]} {words[key & 0xFFFFFFFF]}" if pairs else words[key]
            out.term(text.encode("utf-8"), chunk_docs[s:e], chunk_weights[s:e], chunk_stored[s:e], values)
        term = last


def _write_pooled(out: _TermWriter, postings):
    """A field's postings from Whoosh's pool: (field, term, document, weight, value), sorted."""
    fixed = out.value_size
    for text, group in itertools.groupby(postings, key=lambda posting: posting[1]):
        group = list(group)
        docs = [posting[2] for posting in group]
        weights = [posting[3] for posting in group]
        values = [posting[4] for posting in group if posting[4]]
        if fixed is not None:
            values = b"".join(values)
        out.term(text, docs, weights, array("f", weights).tolist(), values)


def die_with_parent(parent_pid):
    """End this process when its parent ends (issue 13: a writer orphaned by `kill -9` of an import
    waited on its job queue forever, holding the index's locks). Linux only: prctl(PR_SET_PDEATHSIG);
    elsewhere the writers are daemons of their parent, which ends them when it exits normally."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the parent died before the signal was asked for
        os._exit(1)


class _Task(Process):
    """A worker process: indexes the job files it is given; reports the segments it wrote.

    `close_fds`: descriptors of the parent's index locks. A forked child shares them, and an flock
    stays held while any process holds its descriptor: the child closes its copies at once.
    """

    def __init__(self, storage, indexname, jobs, results, kwargs, close_fds=()):
        super().__init__(daemon=True)
        self.storage, self.indexname = storage, indexname
        self.jobs, self.results, self.kwargs = jobs, results, kwargs
        self.parent_pid, self.close_fds = os.getpid(), tuple(fd for fd in close_fds if fd is not None)

    def run(self):
        die_with_parent(self.parent_pid)
        for fd in self.close_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.finished_jobs = False
        try:
            segments = self._index_jobs()
        except Exception as error:
            # Take the remaining jobs, so that the parent never waits to hand them out. The parent
            # then cancels, which removes the temporary files all writers share (this one's too).
            while not self.finished_jobs and self.jobs.get() is not None:
                pass
            self.results.put(("error", f"{type(error).__name__}: {error}"))
        else:
            self.results.put(("ok", segments))

    def _index_jobs(self):
        ix = self.storage.open_index(self.indexname)
        limit = self.kwargs.get("limitmb", 128) * 1024 * 1024
        segments = []
        writer = ArchiveSegmentWriter(ix, _lk=False, **self.kwargs)
        while (job := self.jobs.get()) is not None:
            filename, count = job
            temp = writer.temp_storage()
            with temp.open_file(filename).raw_file() as f:
                for _ in range(count):
                    _code, fields = pickle.load(f)
                    writer.add_document(**fields)
            temp.delete_file(filename)
            failpoints.reached("index-writers", pid=self.parent_pid)
            if writer.buffered_bytes() > limit:
                segments.append(writer._finalize_segment())
                writer = ArchiveSegmentWriter(ix, _lk=False, **self.kwargs)
        self.finished_jobs = True
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        return segments


class ArchiveMpWriter(MpWriter):
    """Whoosh's multi-process writer with ArchiveSegmentWriter in each worker; segments are not merged.

    Unlike Whoosh's, a worker that fails makes the commit fail instead of leaving its documents out.
    """

    def __init__(self, ix, procs=2, close_fds=(), on_start=None, **kwargs):
        """`close_fds`: lock descriptors the workers must not keep (see _Task); `on_start`: called
        with the workers' pids each time one starts (the lock file records them)."""
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)
        self.close_fds, self.on_start = tuple(close_fds), on_start

    def _new_task(self):
        fds = self.close_fds + ((self.writelock.fd,) if self.writelock and self.writelock.fd else ())
        task = _Task(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, fds)
        self.tasks.append(task)
        task.start()
        if self.on_start is not None:
            self.on_start([t.pid for t in self.tasks])
        return task

    def _commit(self, mergetype, optimize, merge):
        if self.docbuffer:
            self._enqueue()
        for _task in self.tasks:
            self.jobqueue.put(None)
        segments = self._merge_segments(mergetype, optimize, merge)
        failures = []
        for _task in self.tasks:
            status, value = self._next_result()
            if status == "ok":
                segments.extend(value)
            else:
                failures.append(value)
        for task in self.tasks:
            task.join()
        if failures:
            SegmentWriter.cancel(self)
            raise IndexingError(f"Indexing failed in a worker process: {failures[0]}")
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        failpoints.reached("commit")
        self._commit_toc(segments)
        self._finish()

    def _next_result(self):
        """The next worker's report; an error once every worker has ended and none is left."""
        while True:
            everyone_ended = not any(task.is_alive() for task in self.tasks)
            try:
                return self.resultqueue.get(timeout=1)
            except queue.Empty:
                if everyone_ended:
                    return "error", "an indexing process ended without a result"
