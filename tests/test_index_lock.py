"""The index's writer lock (issue 13): never waited on forever, released when its holder died, and
whatever a killed writer left in the index folder is removed; the to-do list of changes."""

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from articles.indexing import IndexLockTimeout, _start_time, index_path, index_write_lock
from articles.models import Article, PendingIndex


def dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def hold_lock_in_child(path):
    """A `sleep` process holding the lock through an inherited descriptor (as an orphaned writer did)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    child = subprocess.Popen(["sleep", "60"], pass_fds=[fd])
    os.close(fd)  # only the child holds it now
    return child


def test_a_lock_held_by_a_live_writer_times_out_naming_it(private_index):
    path = f"{index_path()}.writelock"
    holder = hold_lock_in_child(path)
    try:
        Path(path).write_text(f"{holder.pid}")  # a live owner: not stale
        with pytest.raises(IndexLockTimeout, match=str(holder.pid)), index_write_lock(timeout=0.5):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_left_by_a_dead_import_to_its_writer_processes_is_released(private_index):
    path = f"{index_path()}.writelock"
    orphan = hold_lock_in_child(path)
    try:
        # What the lock file says after `kill -9` of the import: its pid, and its writers'.
        Path(path).write_text(f"{dead_pid()} {orphan.pid} {_start_time(orphan.pid)}")
        with index_write_lock(timeout=10):
            pass
        assert orphan.wait(timeout=5) == -9
    finally:
        if orphan.poll() is None:
            orphan.kill()


def test_an_unrelated_process_with_a_reused_pid_is_never_ended(private_index):
    path = f"{index_path()}.writelock"
    holder = hold_lock_in_child(path)
    try:
        Path(path).write_text(f"{dead_pid()} {holder.pid} 12345")  # another start time: not our writer
        with pytest.raises(IndexLockTimeout), index_write_lock(timeout=0.5):
            pass
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_writers_leftovers_are_removed_and_the_index_still_reads(private_index):
    folder = Path(private_index.path)
    (folder / "MAIN.tmp").mkdir()
    (folder / "MAIN.tmp" / "job.doclist").write_bytes(b"x")
    (folder / "MAIN_deadsegment0001.pst").write_bytes(b"")
    (folder / "MAIN_deadsegment0001.trm").write_bytes(b"")
    kept = sorted(p.name for p in folder.iterdir() if "deadsegment" not in p.name and ".tmp" not in p.name)
    with index_write_lock():
        pass
    assert sorted(p.name for p in folder.iterdir()) == kept
    private_index.setup_complete = False
    private_index.setup()
    assert private_index.index.doc_count() == Article.objects.indexed().count()


def test_every_change_is_on_the_to_do_list_until_the_index_has_it(
    private_index, django_capture_on_commit_callbacks
):
    article = Article.objects.published().first()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.title = "নতুন শিরোনাম"
        article.save()
    # Committed (here: the callbacks not run yet), as a crash before indexing would leave it.
    assert PendingIndex.objects.filter(article_id=article.pk).exists()
    for callback in callbacks:
        callback()
    assert not PendingIndex.objects.filter(article_id=article.pk).exists()
