"""`make eval`: every evaluation against ../shared, one after the other, and a summary.

- analysis: same / variant / apart rates on the gold word pairs (and the held-out set if present)
- seeds: extraction of the five seed pages, field by field; the dry-run contract on them
- pages: extraction of the project's own pages in other outlets' formats
- entities: tagging precision/recall on a held-out NER split and the seed checks; outlets' own names
- chrome: learned chrome on held-out outlets of bdnews, chrome lines left and genuine lines removed
- clusters: which bdnews pairs the copy rule clusters, against pairs judged by eye
- retrieval: import bdnews, search 30 base words, compare with a regex over inflected forms
- dates: share of Bengali articles of the bdnews dump dated (exact or approximate) on held-out outlets,
  and dates found with the date field blanked, checked against it
- banglish: Latin spellings of Bengali words -> index terms (top-1/top-3, share of the Bengali word's
  documents found, English words kept, build and lookup time)
- candidates: precision of the top 100 candidate names (hand labels), before and after issue 11
- phrases: import bdnews, every multi-word name quoted and unquoted (quoted must not find more)
- banglish_search: import bdnews, the gold Banglish spellings through the real search (share of what
  the Bengali word finds), English words' English articles kept, and each article's language
- clean: on held-out outlets of bdnews, listing pages found, entities/repeats and masthead/widget text left
Results go to eval/results/latest.json.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seeds_contract(shared):
    """`import_articles --dry-run --json <seeds>` prints one record with a title per seed page."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-eval-seeds-")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", "--dry-run", "--json", str(shared / "seeds")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    ok = result.returncode == 0 and len(records) == 5 and all(r["title"] for r in records)
    print(f"== dry-run contract on the seeds: {len(records)} records, all titled: {ok}")
    return {"records": len(records), "ok": ok}


def _in_own_process(name, shared):
    """Run eval/<name>_eval.py --json; print its report lines and return its last line's JSON (None
    when it printed none; a non-zero exit, such as phrases_eval's for a violation, prints its errors)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "eval" / f"{name}_eval.py"), "--shared", str(shared), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    lines = done.stdout.splitlines()
    print("\n".join(lines[:-1]))
    if done.returncode:
        print(done.stderr[-3000:])
    return json.loads(lines[-1]) if lines and lines[-1].startswith("{") else None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    shared = args.shared.resolve()
    from eval import (
        analysis_eval,
        banglish_eval,
        candidates_eval,
        chrome_eval,
        clean_eval,
        clusters_eval,
        dates_eval,
        entities_eval,
        pages_eval,
        seeds_eval,
    )

    report = {
        "analysis": analysis_eval.run(shared),
        "seeds": seeds_eval.run(shared),
        "seeds_contract": seeds_contract(shared),
        "pages": pages_eval.run(),
        "entities": entities_eval.run(shared),
        "dates": dates_eval.run(shared),
        "chrome": chrome_eval.run(shared),
        "banglish": banglish_eval.run(shared),
        "clusters": clusters_eval.run(shared),
        "candidates": candidates_eval.run(shared),
        "clean": clean_eval.run(shared),
    }
    # These import the dump into a scratch archive of their own: each in its own process.
    for name in ("retrieval", "phrases", "banglish_search"):
        report[name] = _in_own_process(name, shared)
    out = ROOT / "eval" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(f"\nWrote {out / 'latest.json'}")
    dates_ok = report["dates"]["held_out"]["undated_without_reason"] == 0
    ran = all(report[name] is not None for name in ("retrieval", "phrases", "banglish_search"))
    return 0 if ran and report["seeds_contract"]["ok"] and dates_ok else 1


if __name__ == "__main__":
    sys.exit(main())
