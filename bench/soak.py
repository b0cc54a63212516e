"""Soak (issue 13): gunicorn with two workers on loopback under a bounded mixed load while writers run.

    python bench/soak.py [--seconds 300] [--clients 4] [--articles 1500]

A fresh data folder gets the bundled samples and a curator; then, for `--seconds`, `--clients`
threads search, browse and export while one thread imports invented articles and re-tags (in a loop)
and another hides and publishes articles through the admin's actions, as a curator would. At the end:
every answer's status, latency per kind (p50/p95/max, overall and while a writer ran; `admin` is the
curator's actions), any "database is locked" in the server's log, how long the index took to work
off its to-do list once the load stopped (edits made while a job held the index's writer lock are
indexed when it is free), whether every admin edit is visible in the database and the index, and
`check_archive` over everything the writers stored.
Results go to stdout and bench/results/soak.json; exit 1 when a target is missed (zero 5xx, no
locked database, search p95 under 1 s during writes, every write visible).
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.invented import write_json  # noqa: E402

PYTHON = sys.executable
CURATOR = ("soak", "a-long-soak-passphrase-13")
QUERIES = ["ইরান", "সরকার", "ঢাকা", '"জাতিসংঘ অধিবেশন"', "নির্বাচন OR ভোট", "রাশি*", "-ঢাকা সরকার", "qzxv" * 60]
BROWSE = ["/", "/outlets/", "/topics/", "/archive/", "/entities/", "/search/?sort=newest"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Soak:
    def __init__(self, args):
        self.args = args
        self.data = Path(tempfile.mkdtemp(prefix="soak-"))
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env.update({"ARCHIVE_DATA_DIR": str(self.data), "DJANGO_DEBUG": "false"})
        self.records = []  # (kind, status, seconds, writing)
        self.lock = threading.Lock()
        self.writing = 0  # writers running now
        self.stop = threading.Event()
        self.edits = {}  # article id -> expected status after the last admin edit
        self.writer_log = []

    def manage(self, *args, check=True):
        return subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=check, capture_output=True, text=True
        )

    def setup(self):
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.manage("load_gazetteer")
        self.manage("import_articles", "samples/", "--no-progress")
        env = dict(self.env, DJANGO_SUPERUSER_PASSWORD=CURATOR[1])
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "createsuperuser",
                "--noinput",
                "--username",
                CURATOR[0],
                "--email",
                "s@x.org",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(self.data / "gunicorn.log", "w")  # noqa: SIM115
        gunicorn = Path(PYTHON).parent / "gunicorn"
        self.server = subprocess.Popen(
            # Workers and threads from gunicorn.conf.py, as `make run` serves.
            [str(gunicorn), "newsarchive.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def get(self, kind, path, opener=None):
        started = time.monotonic()
        writing = self.writing > 0
        try:
            with (opener.open if opener else urllib.request.urlopen)(
                self.base + path, timeout=30
            ) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 599  # no answer at all
        with self.lock:
            self.records.append((kind, status, time.monotonic() - started, writing))
        return status

    def reader(self, seed):
        rng = random.Random(seed)
        while not self.stop.is_set():
            roll = rng.random()
            if roll < 0.6:
                self.get("search", "/search/?" + urllib.parse.urlencode({"q": rng.choice(QUERIES)}))
            elif roll < 0.95:
                self.get("browse", rng.choice(BROWSE))
            else:
                self.get("export", "/search/?" + urllib.parse.urlencode({"q": "সরকার", "format": "csv"}))

    def writer(self):
        source = write_json(self.data / "invented.json", self.args.articles, seed=int(time.time()))
        rounds = 0
        while not self.stop.is_set():
            for command in (
                ("import_articles", str(source), "--no-progress"),
                ("tag_entities", "--no-progress"),
            ):
                if self.stop.is_set():
                    break
                with self.lock:
                    self.writing += 1
                started = time.monotonic()
                result = self.manage(*command, check=False)
                with self.lock:
                    self.writing -= 1
                self.writer_log.append(
                    {
                        "command": command[0],
                        "exit": result.returncode,
                        "seconds": round(time.monotonic() - started, 1),
                        "locked": "database is locked" in result.stdout + result.stderr,
                    }
                )
            rounds += 1
            source = write_json(self.data / "invented.json", self.args.articles, seed=rounds + 1000)

    def curator(self):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(self.base + "/admin/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {
            "username": CURATOR[0],
            "password": CURATOR[1],
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        }
        opener.open(self.base + "/admin/login/", urllib.parse.urlencode(form).encode()).read()
        ids = [int(m) for m in re.findall(r"/admin/articles/article/(\d+)/change/", self._page(opener))][:10]
        rng = random.Random(7)
        while not self.stop.is_set():
            pk = rng.choice(ids)
            action = rng.choice(["hide", "publish"])
            page = self._page(opener)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            form = {"action": action, "_selected_action": pk, "csrfmiddlewaretoken": token, "index": 0}
            started = time.monotonic()
            writing = self.writing > 0
            try:
                opener.open(
                    self.base + "/admin/articles/article/", urllib.parse.urlencode(form).encode()
                ).read()
                status = 200
                self.edits[pk] = "hidden" if action == "hide" else "published"
            except urllib.error.HTTPError as error:
                status = error.code
            with self.lock:
                self.records.append(("admin", status, time.monotonic() - started, writing))
            time.sleep(1)

    def _page(self, opener):
        return opener.open(self.base + "/admin/articles/article/?o=1").read().decode()

    def run(self):
        self.setup()
        threads = [threading.Thread(target=self.reader, args=(i,)) for i in range(self.args.clients)]
        threads += [threading.Thread(target=self.writer), threading.Thread(target=self.curator)]
        for thread in threads:
            thread.start()
        time.sleep(self.args.seconds)
        self.stop.set()
        for thread in threads:
            thread.join(timeout=600)
        self.caught_up_s = self.wait_for_index()
        return self.report()

    def wait_for_index(self, timeout=300):
        """Seconds until the index's to-do list is empty: edits made while a job held the index's
        writer lock are indexed by the server once it is free (articles/indexing.py, index_soon)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            with sqlite3.connect(self.data / "archive.sqlite3", timeout=20) as db:
                if not db.execute("SELECT COUNT(*) FROM articles_pendingindex").fetchone()[0]:
                    return round(time.monotonic() - started, 1)
            time.sleep(0.5)
        return None

    def visible_edits(self):
        script = (
            "import json,sys;from articles.models import Article;from articles.search import SearchParams,run_search;"
            "edits=json.loads(sys.argv[1]);"
            "shown={h.id for h in run_search(SearchParams(per_page=10000,sort='newest')).hits};"
            "wrong=[pk for pk,s in edits.items() if Article.objects.get(pk=int(pk)).status!=s "
            "or ((s=='published' and Article.objects.get(pk=int(pk)).is_visible) and int(pk) not in shown) "
            "or (s=='hidden' and int(pk) in shown)];print(json.dumps(wrong))"
        )
        result = self.manage("shell", "-c", script.replace("sys.argv[1]", repr(json.dumps(self.edits))))
        return json.loads(result.stdout.strip().splitlines()[-1])

    def report(self):
        self.server.terminate()
        self.server.wait(timeout=30)
        self.log.close()
        log = (self.data / "gunicorn.log").read_text()
        by_kind = {}
        for kind, status, seconds, writing in self.records:
            entry = by_kind.setdefault(kind, {"n": 0, "5xx": 0, "statuses": {}, "all": [], "writing": []})
            entry["n"] += 1
            entry["5xx"] += 500 <= status < 600
            entry["statuses"][status] = entry["statuses"].get(status, 0) + 1
            entry["all"].append(seconds)
            if writing:
                entry["writing"].append(seconds)
        summary = {
            kind: {
                "requests": e["n"],
                "5xx": e["5xx"],
                "statuses": e["statuses"],
                "p50_s": round(percentile(e["all"], 50), 3),
                "p95_s": round(percentile(e["all"], 95), 3),
                "p95_during_writes_s": round(percentile(e["writing"], 95) or 0, 3),
                "max_s": round(max(e["all"]), 3),
                "during_writes": len(e["writing"]),
            }
            for kind, e in by_kind.items()
        }
        wrong = self.visible_edits()
        # Every imported and re-tagged article too: database and index agree (counts, a sample, files).
        check = self.manage("check_archive", check=False)
        result = {
            "seconds": self.args.seconds,
            "clients": self.args.clients,
            "requests": summary,
            "writers": self.writer_log,
            "database_locked_in_server_log": log.count("database is locked"),
            "server_warnings": [
                line
                for line in log.splitlines()
                if re.search(r"unavailable|Unavailable|deadline|Error|locked", line)
            ][:20],
            "admin_edits": len(self.edits),
            "index_caught_up_after_s": self.caught_up_s,
            "edits_not_visible": wrong,
            "check_archive": {"exit": check.returncode, "report": check.stdout.strip().splitlines()[:3]},
        }
        print(json.dumps(result, indent=2, ensure_ascii=False))
        out = ROOT / "bench" / "results" / "soak.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        failed = (
            any(s["5xx"] for s in summary.values())
            or result["database_locked_in_server_log"]
            or any(w["locked"] or w["exit"] != 0 for w in self.writer_log)
            or (summary.get("search", {}).get("p95_during_writes_s") or 0) >= 1
            or wrong
            or self.caught_up_s is None
            or check.returncode != 0
        )
        shutil.rmtree(self.data, ignore_errors=True)
        return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--articles", type=int, default=1500)
    sys.exit(Soak(parser.parse_args()).run())


if __name__ == "__main__":
    main()
