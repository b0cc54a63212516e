"""Dates never silently missing: how many articles of a scraped dump end up dated, and how well.

Reads ../shared/data/bdnews/articles_2025-12-30.json through the importer's readers (`iter_inputs`, the
code `import_articles` runs) and reports, per group of outlets:

- dated: the share of Bengali articles with a date of any precision, split into exact (minute or day:
  the field, a stamp in the body, the URL) and approximate (the capture time as an upper bound);
- recovered: for rows that carry a `publication_date`, the field (and `modification_date`) is blanked
  and the row read again; a date found in the body or the URL must fall on the field's day (Dhaka
  time), and an approximate one must not be earlier than the field (it is an upper bound);
- stamps left: bodies that still hold a "প্রকাশ: ..." / "Published: ..." stamp after reading.

Held out: the rules were written looking only at the TUNING outlets; the HELD_OUT outlets were not
read while tuning, and the headline figures are theirs. `--code DIR` measures another checkout (e.g.
`--code ../main` for the figures before this work). Usage: python eval/dates_eval.py [--shared DIR]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys
import tempfile
from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
DUMP = pathlib.Path("data/bdnews/articles_2025-12-30.json")
TUNING = ("Samakal", "Dhaka Post", "Jago News 24", "Prothom Alo", "The Business Standard", "BD News 24")
HELD_OUT = (
    "BBC Bangla",
    "Daily Naya Diganta",
    "Rising BD",
    "Barta24",
    "Jugantor",
    "The Daily Star",
    "Dhaka Tribune",
)
DHAKA = ZoneInfo("Asia/Dhaka")
TODAY = date(2026, 1, 15)  # a fixed import day, a little after the dump, so runs compare
_STAMP = re.compile(r"(?:প্রকাশ(?:িত)?|আপডেট|Published|Updated)\s*[:ঃ]\s*\S+", re.I)


def _read(rows: list[dict], folder: pathlib.Path, name: str) -> list:
    """Records for `rows`, read as `import_articles` reads a dump file."""
    from articles.ingest.readers import iter_inputs

    path = folder / name
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    records = []
    for item in iter_inputs([path], today=TODAY):
        item.resolve()
        records.append(item.record)
    return records


def _quantiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "median": ordered[len(ordered) // 2],
        "p90": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))],
        "max": ordered[-1],
    }


def _day(value) -> date | None:
    return value.astimezone(DHAKA).date() if value else None


def _measure(rows: list[dict], folder: pathlib.Path, label: str) -> dict:
    bengali = [r for r in rows if r.get("source_language") == "Bengali"]
    records = _read(bengali, folder, f"{label}-all.json")
    precision = Counter(r.date_precision if r is not None else "failed" for r in records)
    dated = sum(1 for r in records if r is not None and r.published_at is not None)
    undated_without_reason = sum(
        1
        for r in records
        if r is not None and r.published_at is None and not any("date" in w for w in r.warnings)
    )
    stamps_left = sum(1 for r in records if r is not None and _STAMP.search(r.body[:400]))

    from articles.bangla.dates import parse_datetime

    # Rows whose field is a date ("Unknown" is not): blank it and read the row again.
    with_field = [r for r in rows if r.get("publication_date") and parse_datetime(str(r["publication_date"]))]
    blanked = [dict(r, publication_date=None, modification_date=None) for r in with_field]
    again = _read(blanked, folder, f"{label}-blanked.json")

    recovered = Counter()
    gaps = []  # hours from the true publication time to the capture-time bound
    for row, rec in zip(with_field, again, strict=True):
        truth = parse_datetime(row["publication_date"])
        if rec is None or truth is None:
            recovered["unreadable"] += 1
            continue
        if rec.published_at is None:
            recovered["undated"] += 1
        elif rec.date_precision == "approximate":
            recovered["approximate"] += 1
            recovered["bound holds" if truth.value <= rec.published_at else "bound broken"] += 1
            gaps.append((rec.published_at - truth.value).total_seconds() / 3600)
        else:
            recovered["exact"] += 1
            recovered["right day" if _day(rec.published_at) == _day(truth.value) else "wrong day"] += 1
    # Rows with both a field and a stamp in the body as scraped: does the stamp give the field's day?
    try:
        from articles.ingest.dating import find_stamps
    except ImportError:  # measuring a checkout from before the date chain (--code)
        find_stamps, with_stamps = None, []
    else:
        with_stamps = with_field
    stamped = Counter()
    for row in with_stamps:
        published = [
            s for s in find_stamps(str(row.get("article") or ""), today=TODAY) if s.kind == "published"
        ]
        if published:
            truth = parse_datetime(row["publication_date"]).value
            stamped["agree" if _day(published[0].date.value) == _day(truth) else "disagree"] += 1
    total = len(records)
    result = {
        "bengali": total,
        "dated": dated,
        "dated_share": dated / total if total else 0.0,
        "precision": dict(precision),
        "undated_without_reason": undated_without_reason,
        "stamps_left": stamps_left,
        "with_field": len(with_field),
        "recovered": dict(recovered),
        "stamp_vs_field": dict(stamped),
        "bound_gap_hours": _quantiles(gaps),
    }
    exact = precision.get("minute", 0) + precision.get("day", 0)
    print(
        f"  {label}: Bengali dated {dated}/{total} = {result['dated_share']:.1%}"
        f" (exact {exact}, approximate {precision.get('approximate', 0)}, unknown {precision.get('unknown', 0)});"
        f" undated without a reason: {undated_without_reason}; stamps left in bodies: {stamps_left}"
    )
    print(
        f"  {label}: date field blanked on the {len(with_field)} rows (all languages) that have one: exact {recovered['exact']}"
        f" (right day {recovered['right day']}, wrong day {recovered['wrong day']}),"
        f" approximate {recovered['approximate']} (upper bound holds {recovered['bound holds']},"
        f" broken {recovered['bound broken']}), undated {recovered['undated']};"
        f" rows with both a field and a body stamp: {sum(stamped.values())} (same day {stamped['agree']})"
    )
    if gaps:
        q = result["bound_gap_hours"]
        print(
            f"  {label}: the capture-time bound is later than the real date by a median of {q['median']:.0f} h"
            f" (90th percentile {q['p90']:.0f} h, most {q['max']:.0f} h)"
        )
    return result


def run(shared: pathlib.Path) -> dict:
    rows = json.loads((shared / DUMP).read_text(encoding="utf-8"))
    print("== dates: the shared dump read like import_articles (held-out outlets first)")
    report = {"held_out_outlets": HELD_OUT, "tuning_outlets": TUNING}
    with tempfile.TemporaryDirectory(prefix="dates-eval-") as tmp:
        folder = pathlib.Path(tmp)
        report["held_out"] = _measure([r for r in rows if r["paper_name"] in HELD_OUT], folder, "held-out")
        report["tuning"] = _measure([r for r in rows if r["paper_name"] in TUNING], folder, "tuning")
        report["all"] = _measure(rows, folder, "whole dump")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--code", type=pathlib.Path, default=ROOT, help="the checkout to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    report = run(args.shared.resolve())
    return 0 if report["held_out"]["undated_without_reason"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
