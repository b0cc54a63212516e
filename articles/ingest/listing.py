"""Recognising listing pages: section fronts, topic and tag pages, live feeds.

Scrapers that follow every link save these landing pages as if they were articles. They are kept (a
curator can turn one back into an article) but marked `kind = "listing"`, which keeps them out of
search, browse and counts. Evidence, strongest first: the URL's shape (/topic/..., /tag/..., a bare
section path with no article id, a numeric live feed like /a/94/); then the text: a landing-page title
("এনসিপি - December 30, 2025"), a site blurb ("... সম্পর্কিত সর্বশেষ খবর"), or many headlines and
little running text.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from .record import Record

_LISTING_SEGMENTS = {
    "topic", "topics", "tag", "tags", "section", "sections", "category", "categories", "author",
    "authors", "archive", "archives", "subject", "keyword", "keywords", "list", "latest", "live-updates",
    "page", "sitemap", "search", "collection", "collections",
}  # fmt: skip
# Section names sites use in their addresses; a path made only of these is a section front. (Article
# ids can be bare words too, "/bangladesh/punwyugzxa", so an unknown word is not enough.)
SECTION_SLUGS = {
    "bangladesh", "national", "politics", "international", "world", "sports", "sport", "cricket",
    "football", "entertainment", "economy", "business", "opinion", "editorial", "lifestyle", "life-style",
    "technology", "tech", "science", "education", "health", "country", "countrywide", "whole-country",
    "saradesh", "city", "capital", "dhaka", "crime", "law-and-order", "court", "environment", "campus",
    "religion", "islam", "feature", "features", "video", "videos", "photo", "photos", "gallery",
    "literature", "art-and-literature", "jobs", "job", "probash", "expatriates", "youth", "women",
    "agriculture", "trade", "stock-market", "share-market", "others", "miscellaneous", "news", "latest",
    "todays-paper", "print-edition", "online", "election", "elections", "analysis", "interview",
}  # fmt: skip
# "/a/94/": a feed numbered by section, not an article (article ids are long).
_LIVE_FEED_RE = re.compile(r"^/[a-z]{1,3}/\d{1,4}/?$", re.I)
_MONTHS_EN = "january|february|march|april|may|june|july|august|september|october|november|december"
_TITLE_DATED_RE = re.compile(rf"\s[-–|]\s*(?:{_MONTHS_EN})\s+\d{{1,2}},\s*\d{{4}}\s*$", re.I)
_BLURB_RE = re.compile(
    unicodedata.normalize(
        "NFC",
        r"সম্পর্কিত\s*(?:সর্বশেষ|সকল|সব)\s*(?:খবর|সংবাদ)|(?:সর্বশেষ|সকল|সব)\s*(?:খবর|সংবাদ)\s*(?:পড়ুন|জানতে|দেখুন)"
        r"|জানতে\s*ভিজিট\s*করুন|latest\s+news\s+(?:and|&)\s+updates|all\s+(?:the\s+)?latest\s+news\s+(?:on|about)"
        r"|news\s+archive|আরও\s*বিষয়\s*[:ঃ]|সম্পর্কিত\s*আরও\s*বিষয়",
    ),
    re.I,
)
_SENTENCE_END_RE = re.compile(r"[।!?.]['\"”’)]*\s*$")


def listing_reason(record: Record) -> str:
    """Why the record looks like a listing page, or '' for an article."""
    url = (record.url or "").strip()
    path = unquote(urlsplit(url).path) if url.startswith(("http://", "https://")) else ""
    if url.startswith(("http://", "https://")) and path.strip("/") == "":
        return "the site's front page"
    if path:
        segments = [s for s in path.lower().split("/") if s]
        hit = next((s for s in segments[:-1] if s in _LISTING_SEGMENTS), None)
        if hit or (segments and segments[-1] in _LISTING_SEGMENTS):
            return f"a /{hit or segments[-1]}/ page"
        if _LIVE_FEED_RE.match(path):
            return "a numbered live-feed page"
        if len(segments) <= 2 and all(s in SECTION_SLUGS for s in segments):
            return "a section front (no article id in the address)"
    signals = []
    if _TITLE_DATED_RE.search(record.title or ""):
        signals.append("a landing-page title")
    if _BLURB_RE.search((record.body or "")[:600]):
        signals.append("a site blurb instead of a story")
    if _headline_list(record.body or ""):
        signals.append("many headlines and little running text")
    if len(signals) >= 2 or "many headlines and little running text" in signals:
        return " and ".join(signals)
    return ""


def _headline_list(body: str) -> bool:
    lines = [x.strip() for x in body.split("\n") if x.strip()]
    if len(lines) < 6:
        return False
    headlines = sum(1 for x in lines if len(x) <= 120 and not _SENTENCE_END_RE.search(x))
    running = sum(len(x) for x in lines if _SENTENCE_END_RE.search(x) and len(x) > 120)
    return headlines >= 0.7 * len(lines) and running < 600


def mark_listing(record: Record) -> None:
    if record.kind == "listing":
        return
    reason = listing_reason(record)
    if reason:
        record.kind = "listing"
        record.warnings.append(
            f"listing page ({reason}): kept out of search and counts; a curator can turn it into an article"
        )
