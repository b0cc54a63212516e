"""Cleaning on held-out outlets of the shared dump: listing pages found, entities and repeats left,
masthead and widget lines left; before (the dump's own text) and after (the reader's one cleaning path).

The cleaning rules were written looking only at the development outlets (DEV below); the figures are
for the other outlets. The listing pages among them were labelled by hand once, by their address,
title and text (eval/gold/listing_pages.json); the detectors below are this evaluation's own simple
patterns, not the cleaning code's, so the cleaning is not marking its own homework.

    .venv/bin/python eval/clean_eval.py --shared ../shared
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys
import unicodedata
from datetime import date
from types import SimpleNamespace

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DUMP = "data/bdnews/articles_2025-12-30.json"
DEV = {"Samakal", "Dhaka Post", "Jago News 24", "BBC Bangla", "Prothom Alo", "The Daily Star"}
GOLD = ROOT / "eval" / "gold" / "listing_pages.json"


def _nfc(s):
    return unicodedata.normalize("NFC", s)


ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
# A dateline masthead at the start, or anywhere the Gregorian date is followed by the Bangla-calendar one.
MASTHEAD = re.compile(
    _nfc(
        r"^\s*ঢাকা\s+(?:সোম|মঙ্গল|বুধ|বৃহস্পতি|শুক্র|শনি|রবি|রোব)বার"
        r"|বার,?\s*[০-৯]{1,2}\s+\S+,?\s+[০-৯]{4}\s*(?:ইং)?,?\s*[০-৯]{1,2}\s+\S+,?\s+[০-৯]{4}\s*বঙ্গাব্দ"
    )
)
STAMP = re.compile(_nfc(r"(?:প্রকাশ|আপডেট|প্রকাশিত|হালনাগাদ)\s*[:ঃ]\s*[০-৯0-9]{1,2}\s"))
WIDGETS = re.compile(
    _nfc(
        r"আর(?:ও|ো)\s*পড়ুন\s*[:ঃ]|ফলো\s*করুন|শেয়ার\s*করুন|অ্যাপ\s*ডাউনলোড|ফোন\s*[:ঃ]\s*বিজ্ঞাপন"
        r"|While most comments will be posted|Follow us on|Download the app"
    ),
    re.I,
)
SENTENCE = re.compile(r"[^।!?]+[।!?]")


def repeated_sentences(body: str) -> int:
    seen, repeats = set(), 0
    for s in SENTENCE.findall(body):
        key = re.sub(r"\W+", "", s)
        if len(key) < 25:
            continue
        repeats += key in seen
        seen.add(key)
    return repeats


def measure(records) -> dict:
    bodies = [(r.title, r.body) for r in records]
    return {
        "articles": len(records),
        "with_html_entities": sum(1 for t, b in bodies if ENTITY.search(t) or ENTITY.search(b)),
        "with_repeated_sentences": sum(1 for _, b in bodies if repeated_sentences(b)),
        "repeated_sentences": sum(repeated_sentences(b) for _, b in bodies),
        "with_masthead": sum(1 for _, b in bodies if MASTHEAD.search(b)),
        "with_date_stamp_in_body": sum(1 for _, b in bodies if STAMP.search(b)),
        "with_widget_text": sum(1 for _, b in bodies if WIDGETS.search(b)),
    }


def run(shared: pathlib.Path) -> dict:
    from articles.ingest.readers import record_from_row

    rows = json.loads((shared / DUMP).read_text(encoding="utf-8"))
    held = [r for r in rows if r.get("paper_name") not in DEV]

    def read(subset):
        # Before: the dump's own title and body (what a JSON import stored before the one cleaning
        # path); after: the reader, which now cleans every record (clean_record runs inside it).
        before, after = [], []
        for row in subset:
            raw = {
                k: ("" if row.get(k) in (None, "None") else str(row.get(k))) for k in ("headline", "article")
            }
            before.append(SimpleNamespace(title=raw["headline"], body=raw["article"]))
            after.append(record_from_row(row, today=date(2025, 12, 30), source=row.get("url", "")))
        return before, after

    before, after = read(held)
    dev_before, dev_after = read([r for r in rows if r.get("paper_name") in DEV])
    gold = set(json.loads(GOLD.read_text(encoding="utf-8"))["listing_urls"])
    found = {r.url for r in after if r.kind == "listing"}
    hits = len(found & gold)
    listing = {
        "gold": len(gold),
        "found": len(found),
        "correct": hits,
        "precision": round(hits / len(found), 3) if found else None,
        "recall": round(hits / len(gold), 3) if gold else None,
        "false_positives": sorted(found - gold),
        "missed": sorted(gold - found),
    }
    report = {
        "outlets": sorted({r.get("paper_name") for r in held}),
        "before": measure(before),
        "after": measure(after),
        "listing_pages": listing,
        "development_outlets": {"before": measure(dev_before), "after": measure(dev_after)},
    }
    print(f"== cleaning on {len(held)} held-out rows ({', '.join(report['outlets'])})")
    for key in report["before"]:
        print(f"   {key:28s} before {report['before'][key]:5d}   after {report['after'][key]:5d}")
    print(f"   (development outlets, for comparison: {report['development_outlets']})")
    print(
        f"   listing pages: {hits} of {len(gold)} found, {len(found)} marked "
        f"(precision {listing['precision']}, recall {listing['recall']})"
    )
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    print(json.dumps(run(args.shared.resolve()), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
