"""What several evaluations share: the shared bdnews dump imported into a scratch archive, and a
module of this project as it was at an earlier commit (for before/after figures)."""

import contextlib
import os
import pathlib
import subprocess
import sys
import tempfile
import types

ROOT = pathlib.Path(__file__).resolve().parent.parent


def bdnews_archive(shared: pathlib.Path, prefix: str, *, tag: bool = False) -> str:
    """Set Django up on a fresh data folder and import ../shared/data/bdnews into it (with the
    gazetteer and entity tagging when `tag`); returns the folder. Failed rows were printed; the
    evaluation scores what was imported."""
    scratch = tempfile.mkdtemp(prefix=prefix)
    os.environ["ARCHIVE_DATA_DIR"] = scratch
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if tag:
        call_command("load_gazetteer", verbosity=0)
    options = () if tag else ("--no-tag",)
    with contextlib.suppress(SystemExit):
        call_command(
            "import_articles", str(shared / "data" / "bdnews"), "--no-progress", *options, verbosity=0
        )
    return scratch


def module_at(commit: str, path: str, name: str):
    """The module at `path` as it was at `commit` (read from git), or None when git cannot show it."""
    try:
        source = subprocess.run(
            ["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType(name)
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{name}.py", "exec"), module.__dict__)  # noqa: S102
    return module
