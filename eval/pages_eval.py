"""Evaluate the extractor on our own pages in other outlets' formats (tests/fixtures/pages/*.txt).

Each page has a NAME.expected.json next to it with the same fields as the seed expectations in
seeds_eval.py. Usage: python eval/pages_eval.py
"""

from __future__ import annotations

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
for p in (str(ROOT), str(ROOT / "eval")):
    if p not in sys.path:
        sys.path.insert(0, p)

from seeds_eval import report, score  # noqa: E402

from articles.ingest.extract import extract_page  # noqa: E402

PAGES = ROOT / "tests" / "fixtures" / "pages"


def run(pages_dir: pathlib.Path = PAGES) -> dict:
    results: dict = {"per_page": {}, "right": 0, "total": 0}
    for path in sorted(pathlib.Path(pages_dir).glob("*.txt")):
        exp_path = path.with_suffix(".expected.json")
        if not exp_path.exists():
            continue
        exp = json.loads(exp_path.read_text(encoding="utf-8"))
        record = extract_page(path.read_text(encoding="utf-8"), source=str(path))
        rows = score(record, exp)
        if "utcoffset" in exp:
            off = record.published_at.strftime("%z") if record.published_at else None
            off = f"{off[:3]}:{off[3:]}" if off else None
            rows.append(("utcoffset", off == exp["utcoffset"], exp["utcoffset"], off))
        report(path.name, rows)
        right = sum(1 for r in rows if r[1])
        results["per_page"][path.name] = {"right": right, "total": len(rows)}
        results["right"] += right
        results["total"] += len(rows)
    results["share"] = results["right"] / results["total"] if results["total"] else 0.0
    print(f"\nfields right: {results['right']}/{results['total']} = {results['share']:.1%}")
    return results


if __name__ == "__main__":
    res = run()
    sys.exit(0 if res["right"] == res["total"] else 1)
