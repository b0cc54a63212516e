"""The archive served the way `make run` serves it, once for all browser tests: a fresh data folder,
the bundled samples imported, the index built, gunicorn with two workers on a free loopback port."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import ROOT, SAMPLES, TODAY

# Debian's chromium, never a downloaded browser.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@contextlib.contextmanager
def launched(**options):
    """Chromium driven by Playwright (`options`: Playwright's launch options, e.g. `env`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), **options)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser():
    with launched() as chromium:
        yield chromium


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    base: str
    env: dict

    def manage(self, *args, extra_env=None):
        """Run a management command against the served archive's database."""
        env = dict(self.env, **(extra_env or {}))
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    data = tmp_path_factory.mktemp("served")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"ARCHIVE_DATA_DIR": str(data), "DJANGO_DEBUG": "false", "DJANGO_ENV": "development"})
    served = Served("", env)
    served.manage("migrate", "--noinput")
    served.manage("collectstatic", "--noinput")
    served.manage("load_gazetteer")
    served.manage("import_articles", str(SAMPLES), "--no-progress", "--today", TODAY)
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(gunicorn), "newsarchive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    served.base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(served.base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise AssertionError("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])
    yield served
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(archive):
    return archive.base
