"""Evaluate the raw-page extractor on the seed pages in ../shared/seeds (not part of the unit suite).

Usage: python eval/seeds_eval.py --shared ../shared

Expected values are written here by hand from reading each seed. For the body only a few words at the
start of each article paragraph are checked (each must appear exactly once, and the paragraph count
must match), plus a few words of chrome that must be absent. Prints a per-seed, per-field report and
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
        "title": "খামেনির চিঠি পুতিনের কাছে: রাশিয়ার আরও সহায়তা চায় ইরান",
        "published": "2025-06-23",
        "precision": "day",
        "desk": "অনলাইন ডেস্ক",
        "sources": ["Reuters"],
        "outlet": "Desher Chitra",
        "paragraphs": ["পরমাণু স্থাপনায়", "রয়টার্সের দাবি", "তবে মস্কো", "এদিকে, শীর্ষ", "গত সপ্তাহে", "রয়টার্সকে দেওয়া"],
        "absent": ["সংবাদ শিরোনাম", "Share this", "Copyright", "আরও খবর", "পূর্বাহ্ন", "Theme"],
    },
    "001": {
        "title": "ইরানের অন্তর্বর্তী প্রেসিডেন্টকে পুতিনের ফোন, সম্পর্ক জোরদারের অঙ্গীকার",
        "published": "2024-05-20 20:02",
        "precision": "minute",
        "desk": "ইনকিলাব ডেস্ক",
        "sources": ["BBC"],
        "outlet": "Daily Inqilab",
        "paragraphs": ["কিছুক্ষণ আগে", "ফোনালাপে এব্রাহিম", "ক্রেমলিনের পক্ষ", "২০২২ সালে", "রাইসিকে একজন"],
        "absent": ["বিভাগ", "মন্তব্য করুন", "Comment Box", "আরও পড়ুন", "ওসামু সুজুকি", "ডেঙ্গুতে"],
    },
    "002": {
        "title": "ইরানের সঙ্গে আলোচনা রাশিয়ার",
        "published": "2022-12-04 20:37",
        "precision": "minute",
        "desk": "আন্তর্জাতিক ডেস্ক",
        "sources": ["Al Jazeera"],
        "outlet": None,
        "paragraphs": ["সামরিক সহযোগিতা", "যুক্তরাষ্ট্রভিত্তিক ইনস্টিটিউট", "রুশ মিডিয়ায়", "পশ্চিমা দেশগুলোর", "গত মাসে"],
        "absent": ["/এমপি/", "সম্পর্কিত", "সর্বশেষ খবর", "সর্বাধিক পঠিত", "বৈশাখ", "শাহবাজ"],
    },
    "003": {
        "title": "পুতিন-রাইসির ফোনালাপ",
        "published": "2022-11-12",
        "precision": "day",
        "desk": "অনলাইন ডেস্ক",
        "sources": ["Reuters"],
        "outlet": "News24",
        "paragraphs": [
            "রাশিয়ার প্রেসিডেন্ট ভ্লাদিমির",
            "ক্রেমলিন এক বিবৃতিতে",
            "এদিকে ইরানের",
            "ইরান সরকারের বিবৃতিতে",
            "রাশিয়ার গণমাধ্যমের",
            "সম্প্রতি ইউক্রেনের",
            "ইউক্রেন ও রাশিয়া যুদ্ধে",
        ],
        "absent": ["সংগৃহীত ছবি", "news24bd"],
        "warning": "inferred 2022",
    },
    "004": {
        "title": "পুতিনের আমন্ত্রণে রাশিয়া সফরে ইরানের প্রেসিডেন্ট",
        "published": "2021-12-29 12:18",
        "precision": "minute",
        "desk": "আন্তর্জাতিক ডেস্ক",
        "sources": ["Pars Today"],
        "outlet": None,
        "paragraphs": [
            "ইরানের প্রেসিডেন্ট সাইয়্যেদ",
            "সম্প্রতি ইরান সরকারের",
            "জাহরোমি বলেন",
            "ওদিকে রুশ",
            "উল্লেখ্য, সাম্প্রতিক",
            "গত সেপ্টেম্বরে",
        ],
        "absent": ["ট্যাগস", "আপলোডকারীর", "জনপ্রিয় সংবাদ", "মুরাদনগরে", "বঙ্গাব্দ", "আপডেট সময়"],
    },
}


def _fmt(dt) -> str | None:
    if dt is None:
        return None
    return dt.strftime("%Y-%m-%d %H:%M")


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
        record = extract_page(path.read_text(encoding="utf-8"), source=str(path))
        rows = score(record, exp)
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
