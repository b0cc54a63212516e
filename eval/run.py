"""`make eval`: every evaluation against ../shared, one after the other, and a summary.

- analysis: same / variant / apart rates on the gold word pairs (and the held-out set if present)
- seeds: extraction of the five seed pages, field by field; the dry-run contract on them
- pages: extraction of the project's own pages in other outlets' formats
- entities: tagging precision/recall on a held-out NER split and the seed checks
- retrieval: import bdnews, search 30 base words, compare with a regex over inflected forms
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    shared = args.shared.resolve()
    from eval import analysis_eval, clean_eval, entities_eval, pages_eval, seeds_eval

    report = {
        "analysis": analysis_eval.run(shared),
        "seeds": seeds_eval.run(shared),
        "seeds_contract": seeds_contract(shared),
        "pages": pages_eval.run(),
        "entities": entities_eval.run(shared),
        "clean": clean_eval.run(shared),
    }
    retrieval = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "retrieval_eval.py"), "--shared", str(shared), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    print("\n".join(retrieval.stdout.splitlines()[:-1]))
    report["retrieval"] = json.loads(retrieval.stdout.splitlines()[-1]) if retrieval.returncode == 0 else None
    if retrieval.returncode:
        print(retrieval.stderr[-3000:])
    out = ROOT / "eval" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(f"\nWrote {out / 'latest.json'}")
    return 0 if retrieval.returncode == 0 and report["seeds_contract"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
