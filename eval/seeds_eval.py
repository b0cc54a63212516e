"""Evaluate the raw-page extractor on the seed pages in ../shared/seeds (not part of the unit suite).

Usage: python eval/seeds_eval.py --shared ../shared

Expected values are written here by hand from reading each seed. The seeds' own text never enters the
repository: the expected title, the start of each article paragraph and the chrome that must be absent
are given as places in the seed file (line numbers and character spans) and read from it at run time.
For the body, each paragraph start must appear exactly once and the paragraph count must match. Prints a per-seed, per-field report and
the share of fields right; `run()` returns the same as a dict.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.ingest.extract import extract_page  # noqa: E402

# published: "YYYY-MM-DD" (day precision) or "YYYY-MM-DD HH:MM" (Dhaka time). See the report for why the
# update-only pages (000, 004) get their update date as published_at.
EXPECTED: dict[str, dict] = {
    "000": {
        "title_line": 5,
        "published": "2025-06-23",
        "precision": "day",
        "desk": "অনলাইন ডেস্ক",
        "sources": ["Reuters"],
        "outlet": "Desher Chitra",
        "paragraph_lines": [[11, 16], [13, 15], [15, 9], [17, 12], [19, 10], [21, 17]],
        "absent_spans": [[2, 0, 13], [23, 0, 10], [26, 0, 9], [25, 9, 16], [1, 35, 44], [27, 0, 5]],
    },
    "001": {
        "title_line": 0,
        "published": "2024-05-20 20:02",
        "precision": "minute",
        "desk": "ইনকিলাব ডেস্ক",
        "sources": ["BBC"],
        "outlet": "Daily Inqilab",
        "paragraph_lines": [[12, 12], [16, 17], [20, 15], [24, 9], [28, 12]],
        "absent_spans": [[31, 0, 5], [34, 0, 12], [36, 5, 16], [47, 0, 9], [41, 49, 61], [101, 0, 8]],
    },
    "002": {
        "title_line": 4,
        "published": "2022-12-04 20:37",
        "precision": "minute",
        "desk": "আন্তর্জাতিক ডেস্ক",
        "sources": ["Al Jazeera"],
        "outlet": None,
        "paragraph_lines": [[9, 15], [11, 30], [13, 13], [15, 16], [17, 7]],
        "absent_spans": [[19, 0, 6], [20, 0, 9], [24, 0, 11], [33, 0, 13], [2, 3, 8], [21, 43, 49]],
    },
    "003": {
        "title_line": 0,
        "published": "2022-11-12",
        "precision": "day",
        "desk": "অনলাইন ডেস্ক",
        "sources": ["Reuters"],
        "outlet": "News24",
        "paragraph_lines": [[8, 30], [10, 20], [12, 12], [14, 21], [16, 19], [18, 18], [20, 24]],
        "absent_spans": [[2, 0, 11], [22, 0, 8]],
        "warning": "inferred 2022",
    },
    "004": {
        "title_line": 2,
        "published": "2021-12-29 12:18",
        "precision": "minute",
        "desk": "আন্তর্জাতিক ডেস্ক",
        "sources": ["Pars Today"],
        "outlet": None,
        "paragraph_lines": [[6, 28], [8, 21], [10, 12], [12, 9], [14, 20], [16, 14]],
        "absent_spans": [[18, 0, 6], [19, 0, 10], [21, 0, 14], [23, 0, 9], [0, 63, 71], [27, 0, 10]],
    },
}


def _fmt(dt) -> str | None:
    if dt is None:
        return None
    return dt.strftime("%Y-%m-%d %H:%M")


def resolve(exp: dict, page: str) -> dict:
    """Turn the line references of an expectation into the text they point at in the seed page."""
    lines = page.splitlines()
    exp = dict(exp)
    exp["title"] = lines[exp.pop("title_line")].strip()
    exp["paragraphs"] = [lines[i].strip()[:n] for i, n in exp.pop("paragraph_lines")]
    exp["absent"] = [lines[i][a:b] for i, a, b in exp.pop("absent_spans")]
    return exp


def score(record, exp: dict) -> list[tuple[str, bool, object, object]]:
    """[(field, right?, expected, got)] for one record against its expectations."""
    rows = []
    got_pub = _fmt(record.published_at)
    want = exp["published"]
    if want is not None and len(want) == 10 and got_pub:
        got_pub_cmp = got_pub[:10] if record.date_precision == "day" else got_pub
    else:
        got_pub_cmp = got_pub
    rows.append(("title", record.title == exp["title"], exp["title"], record.title))
    rows.append(("published", got_pub_cmp == want, want, got_pub_cmp))
    rows.append(
        ("precision", record.date_precision == exp["precision"], exp["precision"], record.date_precision)
    )
    if "updated" in exp:
        rows.append(
            ("updated", _fmt(record.updated_at) == exp["updated"], exp["updated"], _fmt(record.updated_at))
        )
    rows.append(("desk", record.desk == exp["desk"], exp["desk"], record.desk))
    if "byline" in exp:
        rows.append(("byline", record.byline == exp["byline"], exp["byline"], record.byline))
    if "section" in exp:
        rows.append(("section", record.section == exp["section"], exp["section"], record.section))
    rows.append(("sources", record.sources == exp["sources"], exp["sources"], record.sources))
    rows.append(("outlet", record.outlet == exp["outlet"], exp["outlet"], record.outlet))
    paras = [p for p in record.body.split("\n\n") if p.strip()]
    missing = [m for m in exp["paragraphs"] if sum(p.startswith(m) for p in paras) != 1]
    count_ok = len(paras) == len(exp["paragraphs"])
    rows.append(
        (
            "body_paragraphs",
            not missing and count_ok,
            f"{len(exp['paragraphs'])} paragraphs, each once",
            f"{len(paras)} paragraphs" + (f"; missing/repeated: {missing}" if missing else ""),
        )
    )
    leftovers = [m for m in exp["absent"] if m in record.body]
    rows.append(("body_no_chrome", not leftovers, "none of the chrome markers", leftovers or "none"))
    if "warning" in exp:
        ok = any(exp["warning"] in w for w in record.warnings)
        rows.append(("warning", ok, exp["warning"], record.warnings))
    return rows


def report(name: str, rows, out=sys.stdout) -> None:
    print(f"== {name}", file=out)
    for field, ok, want, got in rows:
        mark = "right" if ok else "WRONG"
        line = f"  {mark:5} {field}"
        if not ok:
            line += f": expected {want!r}, got {got!r}"
        print(line, file=out)


def run(shared: pathlib.Path) -> dict:
    """Extract every seed, print the per-field report, return {"per_seed": ..., "right": n, "total": n}."""
    seeds_dir = pathlib.Path(shared) / "seeds"
    results: dict = {"per_seed": {}, "right": 0, "total": 0}
    for path in sorted(seeds_dir.glob("*.txt")):
        key = path.name[:3]
        exp = EXPECTED.get(key)
        if exp is None:
            print(f"== {path.name}: no expectations, skipped")
            continue
        page = path.read_text(encoding="utf-8")
        record = extract_page(page, source=str(path))
        rows = score(record, resolve(exp, page))
        report(path.name, rows)
        right = sum(1 for r in rows if r[1])
        results["per_seed"][path.name] = {
            "right": right,
            "total": len(rows),
            "fields": {r[0]: r[1] for r in rows},
        }
        results["right"] += right
        results["total"] += len(rows)
    share = results["right"] / results["total"] if results["total"] else 0.0
    results["share"] = share
    print(f"\nfields right: {results['right']}/{results['total']} = {share:.1%}")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", default=str(ROOT.parent / "shared"), help="the shared directory (holds seeds/)"
    )
    args = parser.parse_args(argv)
    result = run(pathlib.Path(args.shared))
    return 0 if result["total"] and result["right"] == result["total"] else 1


if __name__ == "__main__":
    sys.exit(main())
