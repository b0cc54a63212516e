"""Learned chrome on the shared bdnews dump: chrome lines left before/after, genuine lines removed.

The thresholds of `articles/ingest/learned_chrome.py` were tuned on TUNING outlets; HELD_OUT outlets
were not used for tuning. Bodies are the dump's own (`article` field, split into paragraphs as the
JSON reader does), before the hand-written rules: what the learner sees in a fresh scrape.

Ground truth: eval/gold/chrome_units.tsv lists the chrome among the units that recur in two or more
articles of an outlet (all of them were inspected); any other unit removed is counted as genuine.

    .venv/bin/python eval/chrome_eval.py --shared ../shared
"""

import argparse
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.ingest import learned_chrome  # noqa: E402
from articles.ingest.readers import _paragraphs  # noqa: E402

DUMP = "data/bdnews/articles_2025-12-30.json"
TUNING = ("Jago News 24", "Samakal", "BBC Bangla", "Prothom Alo", "The Business Standard")
HELD_OUT = (
    "Rising BD",
    "Daily Naya Diganta",
    "Dhaka Post",
    "Jugantor",
    "Barta24",
    "The Daily Star",
    "Dhaka Tribune",
    "BD News 24",
)
GOLD = ROOT / "eval" / "gold" / "chrome_units.tsv"


def key_hash(key):
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def load_gold():
    gold = defaultdict(set)
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            outlet, digest, _ = line.split("\t", 2)
            gold[outlet].add(digest)
    return gold


def chrome_left(bodies, chrome):
    return sum(
        1
        for body in bodies.values()
        for u in learned_chrome.body_units(body)
        if key_hash(learned_chrome.normalise(u)) in chrome
    )


def evaluate(outlets, by_outlet, gold):
    totals = defaultdict(int)
    rows = []
    for outlet in outlets:
        bodies = by_outlet.get(outlet, {})
        chrome = gold.get(outlet, set())
        findings = learned_chrome.learn(bodies)
        drop = {f.key for f in findings if f.status == "drop"}
        every = {f.key for f in findings}
        row = {
            "outlet": outlet,
            "articles": len(bodies),
            "chrome_before": chrome_left(bodies, chrome),
            "drop_rules": len(drop),
            "proposed_rules": len(every) - len(drop),
            "rules_chrome": sum(key_hash(k) in chrome for k in every),
            "rules_genuine": sum(key_hash(k) not in chrome for k in every),
        }
        for name, keys in (("drop", drop), ("all", every)):
            cleaned = {pk: learned_chrome.apply(body, keys)[0] for pk, body in bodies.items()}
            removed = sum(learned_chrome.apply(body, keys)[1] for body in bodies.values())
            left = chrome_left(cleaned, chrome)
            row[f"chrome_after_{name}"] = left
            row[f"genuine_removed_{name}"] = removed - (row["chrome_before"] - left)
        rows.append(row)
        for key, value in row.items():
            if key != "outlet":
                totals[key] += value
    return rows, dict(totals)


def run(shared):
    path = pathlib.Path(shared) / DUMP
    if not path.exists():
        print(f"== chrome: {path} not found, skipped")
        return None
    by_outlet = defaultdict(dict)
    for row in json.loads(path.read_text(encoding="utf-8")):
        by_outlet[row.get("paper_name") or ""][row["id"]] = _paragraphs(row.get("article") or "")
    gold = load_gold()
    report = {}
    print("== learned chrome (units = lines, or sentences of long lines; gold: eval/gold/chrome_units.tsv)")
    print(
        "   'after drop': the rules learn() creates as drop; 'after all': if curators dropped every proposal"
    )
    for name, outlets in (("held_out", HELD_OUT), ("tuning", TUNING)):
        rows, totals = evaluate(outlets, by_outlet, gold)
        report[name] = {"outlets": rows, "totals": totals}
        print(
            f"   {name:8s} {totals['articles']:3d} articles: chrome lines {totals['chrome_before']} before, "
            f"{totals['chrome_after_drop']} after drop rules, {totals['chrome_after_all']} after all rules; "
            f"genuine lines removed {totals['genuine_removed_drop']} (drop) / {totals['genuine_removed_all']} (all); "
            f"rules {totals['drop_rules']} drop + {totals['proposed_rules']} proposed "
            f"({totals['rules_chrome']} chrome, {totals['rules_genuine']} genuine)"
        )
        for row in rows:
            if row["chrome_before"] or row["drop_rules"] or row["proposed_rules"]:
                print(
                    f"     {row['outlet']:22s} chrome {row['chrome_before']}->{row['chrome_after_drop']}"
                    f"/{row['chrome_after_all']}, rules {row['drop_rules']}+{row['proposed_rules']}, "
                    f"genuine removed {row['genuine_removed_drop']}/{row['genuine_removed_all']}"
                )
    report["archive"] = archive(path)
    return report


def archive(path):
    """End to end: import the whole dump into an empty archive (hand-written rules, duplicates and
    all) and add up what the import learned ("Chrome of <outlet>: ..." lines)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-eval-chrome-")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(path), "--no-progress", "--no-tag"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    totals = {"drop": 0, "proposed": 0, "cleaned": 0, "lines": 0}
    pattern = r"Chrome of \S+: (\d+) new drop rules, (\d+) proposed, (\d+) articles cleaned \((\d+) lines\)"
    for match in re.finditer(pattern, result.stdout):
        for key, value in zip(totals, match.groups(), strict=True):
            totals[key] += int(value)
    print(
        f"   archive (whole dump imported, hand-written rules first): {totals['drop']} drop rules, "
        f"{totals['proposed']} proposed, {totals['cleaned']} articles cleaned ({totals['lines']} lines)"
    )
    return totals


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    run(parser.parse_args().shared)
