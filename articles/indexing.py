"""Keeping the Whoosh index in step with the database, one writer at a time.

Whoosh allows a single writer per index; a second one raises LockError. Gunicorn runs several worker
processes and an import can run beside them, so every write (the backend's update, remove and clear)
first takes an exclusive `fcntl` lock on a file next to the index (`<index>.writelock`) and then opens
Whoosh's writer with a timeout. The lock lives outside the index folder because clearing the index
deletes that folder. Readers never take it: Whoosh searchers read committed segments without locks.

Saves are indexed after the transaction commits (`transaction.on_commit`), so a rolled-back admin
edit never reaches the index; bulk jobs (import, tagging) defer indexing and write one batch at the
end with `deferred_indexing()`.

A save never waits for a running job (issue 13: admin actions waited 14 s behind an import writing
the index): after the commit it tries the lock once, and when a job holds it the change stays on the
to-do list and a catch-up thread of this process indexes it as soon as the lock is free
(`index_soon`); in the server every edit goes to that thread. The edit is already in the database
and on the to-do list, so nothing is lost if the process dies first.

The database is the truth (issue 13): every change also puts the article on a to-do list in the
same transaction (`PendingIndex`), struck off once the index has it. A process killed between its
commit and its index write leaves the list behind, and the next import, re-tagging, `ensure_index`
or server start (gunicorn.conf.py) indexes what it names.
"""

import contextlib
import fcntl
import logging
import os
import shutil
import signal
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from haystack.signals import BaseSignalProcessor

from . import failpoints
from .search.whoosh.health import record_manifest

logger = logging.getLogger(__name__)
_state = threading.local()
# Above this many articles, one two-process writer for all of them: committing per batch makes Whoosh
# merge the growing segments again and again; below it, starting the processes costs more than it saves.
BULK_THRESHOLD = 200


def index_path():
    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


class IndexLockTimeout(RuntimeError):
    """The index writer lock stayed taken past the timeout (the message names who holds it)."""


def _alive(pid, started=None):
    """Whether process `pid` runs (and, given its start time from /proc, is the same process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return started is None or _start_time(pid) == started


def _start_time(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _holders(fd):
    """What the lock file says about its holder: its pid and its writer processes with start times."""
    os.lseek(fd, 0, os.SEEK_SET)
    fields = os.read(fd, 4096).decode("ascii", "replace").split()
    try:
        owner = int(fields[0])
        children = [(int(pid), started) for pid, started in zip(fields[1::2], fields[2::2], strict=False)]
    except (IndexError, ValueError):
        return None, []
    return owner, children


def _record_holder(fd, children=()):
    text = " ".join([str(os.getpid()), *(f"{pid} {_start_time(pid)}" for pid in children)])
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode("ascii"), 0)


def register_writer_processes(pids):
    """Note the writer processes of the lock holder in the lock file (see _release_stale)."""
    fd = getattr(_state, "lock_fd", None)
    if fd is not None:
        _record_holder(fd, pids)


def _release_stale(fd):
    """A holder that died while its writer processes live on (they inherited the lock): end them.

    Writer processes die with their parent (articles/search/whoosh/writer.py); this frees an index left
    locked by a release that did not, or by a process that escaped. Only processes the lock file
    names, with the start time it recorded, are ended: never an unrelated process that reused a pid.
    """
    owner, children = _holders(fd)
    if owner is None or _alive(owner):
        return False
    ended = False
    for pid, started in children:
        if _alive(pid, started):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
                ended = True
    return ended


def lock_timeout():
    return getattr(settings, "ARCHIVE_INDEX_LOCK_TIMEOUT", 600)


@contextlib.contextmanager
def index_write_lock(timeout=None):
    """Hold the cross-process writer lock for the Whoosh index (re-entrant within a thread).

    Waits at most `timeout` seconds (settings.ARCHIVE_INDEX_LOCK_TIMEOUT), then raises
    IndexLockTimeout naming the holder; a holder that died is detected and its lock released.
    Once held, whatever a crashed writer left in the index folder is removed (clean_leftovers).
    """
    depth = getattr(_state, "lock_depth", 0)
    if depth:
        _state.lock_depth = depth + 1
        try:
            yield
        finally:
            _state.lock_depth -= 1
        return
    path = index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_CLOEXEC: a program started from here does not inherit the lock (forked writers close it).
    fd = os.open(f"{path}.writelock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + (lock_timeout() if timeout is None else timeout)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if _release_stale(fd):
                    continue
                if time.monotonic() > deadline:
                    owner, _children = _holders(fd)
                    raise IndexLockTimeout(
                        f"The search index is being written by another process (pid {owner}) and was "
                        f"not free after {lock_timeout() if timeout is None else timeout} s: wait for "
                        "it, or end it."
                    ) from None
                time.sleep(0.1)
        _record_holder(fd)
        _state.lock_depth, _state.lock_fd = 1, fd
        try:
            clean_leftovers(path)
            yield
        finally:
            _state.lock_depth, _state.lock_fd = 0, None
            try:
                record_manifest(path)  # what check_archive verifies the files against
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def inherited_lock_fd():
    """The lock's descriptor in a process forked while holding it (a writer closes its copy)."""
    return getattr(_state, "lock_fd", None)


def clean_leftovers(path):
    """Remove what a writer killed mid-way left behind: temporary folders and files, and segment
    files the index's table of contents does not name. Only called with the writer lock held, when
    nothing else can be writing; readers only open the segments the table names."""
    from whoosh import index as windex

    if not path.is_dir():
        return
    for entry in path.iterdir():
        if entry.name.endswith(".tmp"):
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
    try:
        ix = windex.open_dir(str(path))
        present = {segment.segment_id() for segment in ix._segments()}  # "MAIN_<random id>"
        indexname = ix.indexname
    except Exception:  # an unreadable table of contents: check_archive reports it, a rebuild clears it
        return
    for entry in path.iterdir():
        segment, dot, extension = entry.name.partition(".")
        if dot and segment.startswith(f"{indexname}_") and segment not in present and extension != "toc":
            entry.unlink(missing_ok=True)


@contextlib.contextmanager
def deferred_indexing(on_commit=False):
    """Collect the ids of saved articles instead of indexing each save; index them all on exit.

    The ids are indexed even when the block raises: what was committed before the error must reach
    the index. With `on_commit`, the batch waits for the surrounding transaction (admin requests).
    """
    previous = getattr(_state, "pending", None)
    # The outermost batch also finishes what a crashed run left to do (the to-do list in the database).
    _state.pending = set() if previous is not None or on_commit else set(pending_ids())
    try:
        yield _state.pending
    finally:
        pending, _state.pending = _state.pending, previous
        if previous is not None:
            previous.update(pending)
        elif on_commit:
            # Ids added directly (changes made with update()) join the to-do list; when the block
            # failed inside a transaction, that transaction is rolled back and nothing is to be done.
            with contextlib.suppress(DatabaseError):
                note_pending(pending)
            transaction.on_commit(lambda: index_soon(pending))
        else:
            reindex_articles(pending)


def reindex_articles(ids, timeout=None):
    """Bring the index in line with the database for these article ids (update or remove), then
    strike them from the to-do list (unless saved again meanwhile: their stamp then differs).

    Waits for the writer lock at most `timeout` seconds (IndexLockTimeout; see index_write_lock)."""
    from haystack import connections

    from .models import Article, PendingIndex

    ids = sorted(set(ids))
    if not ids:
        return
    stamps = []
    for start in range(0, len(ids), 1000):
        stamps += PendingIndex.objects.filter(article_id__in=ids[start : start + 1000]).values_list(
            "article_id", "stamp"
        )
    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    # Many articles (an import): one multi-process writer for all; a few (an edit): a plain one.
    writing = backend.bulk() if len(ids) > BULK_THRESHOLD else contextlib.nullcontext()
    with index_write_lock(timeout), writing:  # re-entrant: the bulk writer's own lock is this one
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            visible = list(index.index_queryset().filter(pk__in=chunk))
            gone = set(chunk) - {a.pk for a in visible}
            backend.update(index, visible)
            if gone:
                backend.remove_many([f"articles.article.{pk}" for pk in gone])
    # A save after the stamps were read has a later stamp (time_ns) than every one read: it stays.
    for start in range(0, len(stamps), 1000):
        chunk = stamps[start : start + 1000]
        PendingIndex.objects.filter(
            article_id__in=[pk for pk, _stamp in chunk], stamp__lte=max(stamp for _pk, stamp in chunk)
        ).delete()


def pending_ids():
    """Articles whose change the index may not have yet (after a crash, or a save being indexed)."""
    from .models import PendingIndex

    return PendingIndex.objects.values_list("article_id", flat=True)


def note_pending(article_ids):
    """Put these articles on the index's to-do list, in the current transaction (see PendingIndex)."""
    from .models import PendingIndex

    # One statement for any number of ids (called for every saved article and mention: an import
    # spent more on building Django's bulk upsert than on running it).
    stamp = time.time_ns()
    table = connection.ops.quote_name(PendingIndex._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (article_id, stamp) VALUES (%s, %s)"
            " ON CONFLICT (article_id) DO UPDATE SET stamp = excluded.stamp",
            [(pk, stamp) for pk in article_ids],
        )


def _schedule(article_ids):
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.update(article_ids)
    else:
        transaction.on_commit(lambda: index_soon(article_ids))


def schedule_reindex(article_ids):
    """Index these articles with the current batch (an import) or after the transaction commits:
    for changes made with queryset.update(), which sends no signals. Call it inside the transaction
    that changes them, so that the to-do list commits with the change."""
    if article_ids:
        note_pending(set(article_ids))
        _schedule(set(article_ids))


def index_soon(article_ids):
    """Index these committed changes now if the writer lock is free, else as soon as it is.

    For requests (admin saves and actions): a job writing the index (an import, a re-tagging) may
    hold the lock for many seconds, and a curator's save must not wait for it. The articles are on
    the to-do list already (same transaction as the change), so the catch-up thread started here,
    or the next import, `ensure_index` or server start, indexes them: nothing is lost.
    """
    ids = set(article_ids)
    if not ids:
        return
    if _catch_up.always:
        _catch_up.add(ids)
        return
    try:
        reindex_articles(ids, timeout=0)
    except IndexLockTimeout:
        _catch_up.add(ids)


def index_edits_in_background():
    """In the server (gunicorn.conf.py): every edit is indexed by the catch-up thread, so a request
    waits neither for a job's lock nor for Whoosh merging segments as it commits (seconds, at
    times, on a loaded machine). Commands and tests index their edits before they go on."""
    _catch_up.always = True


class _CatchUp:
    """One thread per process that waits for the writer lock and indexes what requests left it.

    Ids wait in memory (and on the to-do list in the database); every pass takes all that arrived,
    and the thread ends only when a pass finds nothing new, so an id added while a pass runs gets
    a pass of its own. Not a daemon: a command that exits waits for its changes to be indexed.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.ids = set()
        self.thread = None
        self.always = False

    def add(self, ids):
        with self.lock:
            self.ids |= ids
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="index-catch-up")
                self.thread.start()

    def _run(self):
        try:
            while True:
                with self.lock:
                    ids, self.ids = self.ids, set()
                    if not ids:
                        self.thread = None
                        return
                try:
                    reindex_articles(ids)  # waits for the lock (ARCHIVE_INDEX_LOCK_TIMEOUT)
                except Exception:
                    # Still on the to-do list: the next import, ensure_index or server start indexes them.
                    logger.exception(
                        "Indexing %d edited articles failed; they stay on the to-do list", len(ids)
                    )
        finally:
            connection.close()

    def wait(self, timeout):
        """Wait until nothing is waiting (for tests and orderly shutdowns); True when done."""
        thread = self.thread
        if thread is not None:
            thread.join(timeout)
        return self.thread is None


_catch_up = _CatchUp()


def wait_for_catch_up(timeout=60):
    return _catch_up.wait(timeout)


class LockedSignalProcessor(BaseSignalProcessor):
    """Index articles when they, their mentions, outlet or topic change; remove hidden ones."""

    def setup(self):
        models.signals.post_save.connect(self.handle_save)
        models.signals.post_delete.connect(self.handle_delete)
        # Deleting a topic or outlet nulls its articles with an UPDATE (no signals): note them first.
        models.signals.pre_delete.connect(self.handle_save)

    def teardown(self):
        models.signals.post_save.disconnect(self.handle_save)
        models.signals.post_delete.disconnect(self.handle_delete)
        models.signals.pre_delete.disconnect(self.handle_save)

    def handle_save(self, sender, instance, **kwargs):
        ids = self._affected(sender, instance)
        if ids:
            note_pending(ids)
            _schedule(ids)
            failpoints.reached("rows")

    handle_delete = handle_save

    @staticmethod
    def _affected(sender, instance):
        from .models import Article, Mention, Outlet, Topic

        if sender is Article:
            return {instance.pk} if instance.pk else set()
        if sender is Mention:
            return {instance.article_id}
        if sender in (Outlet, Topic) and instance.pk:
            return set(instance.articles.values_list("pk", flat=True))
        return set()
