"""Keeping the Whoosh index in step with the database, one writer at a time.

Whoosh allows a single writer per index; a second one raises LockError. Gunicorn runs several worker
processes and an import can run beside them, so every write (the backend's update, remove and clear)
first takes an exclusive `fcntl` lock on a file next to the index (`<index>.writelock`) and then opens
Whoosh's writer with a timeout. The lock lives outside the index folder because clearing the index
deletes that folder. Readers never take it: Whoosh searchers read committed segments without locks.

Saves are indexed after the transaction commits (`transaction.on_commit`), so a rolled-back admin
edit never reaches the index; bulk jobs (import, tagging) defer indexing and write one batch at the
end with `deferred_indexing()`.
"""

import contextlib
import fcntl
import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from haystack.signals import BaseSignalProcessor

_state = threading.local()
# Above this many articles, one two-process writer for all of them: committing per batch makes Whoosh
# merge the growing segments again and again; below it, starting the processes costs more than it saves.
BULK_THRESHOLD = 200


def index_path():
    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


@contextlib.contextmanager
def index_write_lock():
    """Hold the cross-process writer lock for the Whoosh index (re-entrant within a thread)."""
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
    fd = os.open(f"{path}.writelock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _state.lock_depth = 1
        try:
            yield
        finally:
            _state.lock_depth = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def deferred_indexing(on_commit=False):
    """Collect the ids of saved articles instead of indexing each save; index them all on exit.

    The ids are indexed even when the block raises: what was committed before the error must reach
    the index. With `on_commit`, the batch waits for the surrounding transaction (admin requests).
    """
    previous = getattr(_state, "pending", None)
    _state.pending = set()
    try:
        yield _state.pending
    finally:
        pending, _state.pending = _state.pending, previous
        if previous is not None:
            previous.update(pending)
        elif on_commit:
            transaction.on_commit(lambda: reindex_articles(pending))
        else:
            reindex_articles(pending)


def reindex_articles(ids):
    """Bring the index in line with the database for these article ids (update or remove)."""
    from haystack import connections

    from .models import Article

    ids = sorted(set(ids))
    if not ids:
        return
    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    # Many articles (an import): one multi-process writer for all; a few (an edit): a plain one.
    writing = backend.bulk() if len(ids) > BULK_THRESHOLD else index_write_lock()
    with writing:
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            visible = list(index.index_queryset().filter(pk__in=chunk))
            gone = set(chunk) - {a.pk for a in visible}
            backend.update(index, visible)
            if gone:
                backend.remove_many([f"articles.article.{pk}" for pk in gone])


def _schedule(article_ids):
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.update(article_ids)
    else:
        transaction.on_commit(lambda: reindex_articles(article_ids))


def schedule_reindex(article_ids):
    """Index these articles with the current batch (an import) or after the transaction commits:
    for changes made with queryset.update(), which sends no signals."""
    if article_ids:
        _schedule(set(article_ids))


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
            _schedule(ids)

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
