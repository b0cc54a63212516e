"""Sections: one topic for the many labels outlets give the same section (sports, Sports, খেলা, খেলাধুলা)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class TopicInfo:
    slug: str
    name_bn: str
    name_en: str
    aliases: tuple[str, ...]


TOPICS = (
    TopicInfo("national", "জাতীয়", "National", ("bangladesh", "দেশ", "বাংলাদেশ", "জাতীয় সংবাদ", "national news")),
    TopicInfo("politics", "রাজনীতি", "Politics", ("political", "রাজনৈতিক")),
    TopicInfo(
        "international",
        "আন্তর্জাতিক",
        "International",
        ("world", "বিশ্ব", "বিদেশ", "আন্তর্জাতিক সংবাদ", "international news", "world news", "প্রবাস"),
    ),
    TopicInfo(
        "sports", "খেলা", "Sports", ("sport", "খেলাধুলা", "খেলার খবর", "cricket", "ক্রিকেট", "ফুটবল", "football")
    ),
    TopicInfo("entertainment", "বিনোদন", "Entertainment", ("showbiz", "glitz", "culture", "সংস্কৃতি")),
    TopicInfo(
        "economy",
        "অর্থনীতি",
        "Economy",
        ("business", "অর্থ-বাণিজ্য", "অর্থ ও বাণিজ্য", "বাণিজ্য", "economics", "finance", "শেয়ারবাজার", "stock"),
    ),
    TopicInfo(
        "technology", "প্রযুক্তি", "Technology", ("tech", "science & tech", "বিজ্ঞান ও প্রযুক্তি", "তথ্যপ্রযুক্তি")
    ),
    TopicInfo("science", "বিজ্ঞান", "Science", ("science",)),
    TopicInfo("education", "শিক্ষা", "Education", ("campus", "ক্যাম্পাস", "শিক্ষাঙ্গন")),
    TopicInfo("health", "স্বাস্থ্য", "Health", ("health & wellness", "স্বাস্থ্য ও চিকিৎসা")),
    TopicInfo("opinion", "মতামত", "Opinion", ("views", "editorial", "সম্পাদকীয়", "উপসম্পাদকীয়", "কলাম", "column")),
    TopicInfo(
        "country", "সারাদেশ", "Across the country", ("সারা দেশ", "সারাদেশে", "district", "জেলা", "মফস্বল", "country")
    ),
    TopicInfo("law", "আইন-আদালত", "Law and courts", ("law", "court", "আদালত", "আইন ও বিচার", "crime", "অপরাধ")),
    TopicInfo("lifestyle", "জীবনযাপন", "Lifestyle", ("lifestyle", "লাইফস্টাইল", "life style")),
    TopicInfo("religion", "ধর্ম", "Religion", ("islam", "ইসলাম", "ধর্ম ও জীবন")),
    TopicInfo("environment", "পরিবেশ", "Environment", ("climate", "জলবায়ু", "environment", "আবহাওয়া")),
    TopicInfo("jobs", "চাকরি", "Jobs", ("career", "চাকরির খবর", "jobs")),
)


def _key(label: str) -> str:
    label = unicodedata.normalize("NFC", label).replace("\u09af\u09bc", "\u09df").strip().lower()
    return re.sub(r"[\s_/|-]+", " ", label)


_BY_LABEL = {}
for _topic in TOPICS:
    for _label in (_topic.slug, _topic.name_bn, _topic.name_en, *_topic.aliases):
        _BY_LABEL.setdefault(_key(_label), _topic)


def match_topic(label: str | None, extra_aliases: dict[str, str] | None = None) -> str | None:
    """The topic slug for an outlet's section label, or None. `extra_aliases`: label -> slug from the DB."""
    if not label:
        return None
    key = _key(label)
    if extra_aliases and key in extra_aliases:
        return extra_aliases[key]
    topic = _BY_LABEL.get(key)
    return topic.slug if topic else None


alias_key = _key
