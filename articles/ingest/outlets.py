"""A registry of Bangladeshi and Indian Bengali news outlets, and outlet detection from page text.

Detection only trusts signals that a site leaves about itself: the URL, domains in signatures
("news24bd.tv/আলী"), copyright lines, desk names ("ইনকিলাব ডেস্ক") and the outlet's name in the page
header or footer. A name mentioned inside the article ("প্রথম আলোকে বলেন") is not a signal, and an outlet
that is not in the registry is never guessed: callers get None and say so in a warning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Outlet:
    name_en: str  # canonical name, stored in Record.outlet
    name_bn: str
    slug: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # other English/Bengali spellings (JSON paper_name values, desk prefixes)
    country: str = "BD"
    tz: str = "Asia/Dhaka"  # times printed by the outlet are in this zone unless the page says otherwise
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def _o(name_en, name_bn, slug, domains, aliases=(), country="BD"):
    tz = "Asia/Kolkata" if country == "IN" else "Asia/Dhaka"
    return Outlet(name_en, name_bn, slug, tuple(domains), tuple(aliases), country, tz)


OUTLETS: tuple[Outlet, ...] = (
    _o("Prothom Alo", "প্রথম আলো", "prothom-alo", ["prothomalo.com"], ["Prothom-Alo", "দৈনিক প্রথম আলো"]),
    _o("Jugantor", "যুগান্তর", "jugantor", ["jugantor.com"], ["Daily Jugantor", "দৈনিক যুগান্তর"]),
    _o("Kaler Kantho", "কালের কণ্ঠ", "kaler-kantho", ["kalerkantho.com"], ["Kalerkantho", "দৈনিক কালের কণ্ঠ"]),
    _o("Bangladesh Pratidin", "বাংলাদেশ প্রতিদিন", "bangladesh-pratidin", ["bd-pratidin.com"], ["BD Pratidin"]),
    _o("Samakal", "সমকাল", "samakal", ["samakal.com"], ["Daily Samakal", "দৈনিক সমকাল"]),
    _o(
        "Ittefaq",
        "ইত্তেফাক",
        "ittefaq",
        ["ittefaq.com.bd"],
        ["Daily Ittefaq", "The Daily Ittefaq", "দৈনিক ইত্তেফাক"],
    ),
    _o("Daily Inqilab", "দৈনিক ইনকিলাব", "inqilab", ["dailyinqilab.com"], ["Inqilab", "ইনকিলাব"]),
    _o(
        "Naya Diganta",
        "নয়া দিগন্ত",
        "naya-diganta",
        ["dailynayadiganta.com"],
        ["Daily Naya Diganta", "দৈনিক নয়া দিগন্ত"],
    ),
    _o(
        "Manab Zamin",
        "মানবজমিন",
        "manab-zamin",
        ["mzamin.com"],
        ["Manabzamin", "Daily Manab Zamin", "দৈনিক মানবজমিন"],
    ),
    _o("Amar Desh", "আমার দেশ", "amar-desh", ["dailyamardesh.com"], ["Daily Amar Desh", "দৈনিক আমার দেশ"]),
    _o("Janakantha", "জনকণ্ঠ", "janakantha", ["dailyjanakantha.com"], ["Daily Janakantha", "দৈনিক জনকণ্ঠ"]),
    _o("Bhorer Kagoj", "ভোরের কাগজ", "bhorer-kagoj", ["bhorerkagoj.com"], ["Bhorer Kagoj"]),
    _o("Sangbad", "সংবাদ", "sangbad", ["sangbad.net.bd"], ["Daily Sangbad", "দৈনিক সংবাদ"]),
    _o("Desh Rupantor", "দেশ রূপান্তর", "desh-rupantor", ["deshrupantor.com"], ["Deshrupantor"]),
    _o("Ajker Patrika", "আজকের পত্রিকা", "ajker-patrika", ["ajkerpatrika.com"], []),
    _o("Alokito Bangladesh", "আলোকিত বাংলাদেশ", "alokito-bangladesh", ["alokitobangladesh.com"], []),
    _o("Bonik Barta", "বণিক বার্তা", "bonik-barta", ["bonikbarta.com", "bonikbarta.net"], ["Banik Barta"]),
    _o("Sangbad Pratidin", "সংবাদ প্রতিদিন", "sangbad-pratidin", ["sangbadpratidin.in"], [], "IN"),
    _o(
        "bdnews24.com",
        "বিডিনিউজ টোয়েন্টিফোর",
        "bdnews24",
        ["bdnews24.com"],
        ["bdnews24", "BD News 24", "বিডিনিউজ২৪", "বিডিনিউজ টোয়েন্টিফোর ডটকম"],
    ),
    _o("Bangla Tribune", "বাংলা ট্রিবিউন", "bangla-tribune", ["banglatribune.com"], ["Banglatribune"]),
    _o(
        "Jago News 24",
        "জাগো নিউজ",
        "jagonews24",
        ["jagonews24.com"],
        ["Jagonews24", "জাগো নিউজ২৪", "জাগোনিউজ২৪.কম", "জাগো নিউজ ২৪"],
    ),
    _o("Dhaka Post", "ঢাকা পোস্ট", "dhaka-post", ["dhakapost.com"], ["Dhakapost"]),
    _o(
        "Banglanews24",
        "বাংলানিউজ",
        "banglanews24",
        ["banglanews24.com"],
        ["Bangla News 24", "বাংলানিউজ২৪", "বাংলানিউজ২৪.কম"],
    ),
    _o("Risingbd", "রাইজিংবিডি", "risingbd", ["risingbd.com"], ["Rising BD", "রাইজিংবিডি.কম"]),
    _o("Bangladesh Journal", "বাংলাদেশ জার্নাল", "bangladesh-journal", ["bd-journal.com"], ["BD Journal"]),
    _o("Daily Bangladesh", "ডেইলি বাংলাদেশ", "daily-bangladesh", ["daily-bangladesh.com"], []),
    _o("Dhaka Times", "ঢাকা টাইমস", "dhaka-times", ["dhakatimes24.com"], ["Dhaka Times 24"]),
    _o("Barta24", "বার্তা২৪", "barta24", ["barta24.com"], ["বার্তা২৪.কম", "Barta 24"]),
    _o("Sarabangla", "সারাবাংলা", "sarabangla", ["sarabangla.net"], ["সারাবাংলা.নেট"]),
    _o("Bangla Insider", "বাংলা ইনসাইডার", "bangla-insider", ["banglainsider.com"], []),
    _o("Bangladesh Sangbad Sangstha", "বাংলাদেশ সংবাদ সংস্থা", "bss", ["bssnews.net"], ["BSS", "বাসস"]),
    _o("United News of Bangladesh", "ইউএনবি", "unb", ["unb.com.bd"], ["UNB"]),
    _o("The Daily Star", "দ্য ডেইলি স্টার", "daily-star", ["thedailystar.net"], ["Daily Star", "ডেইলি স্টার"]),
    _o("Dhaka Tribune", "ঢাকা ট্রিবিউন", "dhaka-tribune", ["dhakatribune.com"], []),
    _o("New Age", "নিউ এইজ", "new-age", ["newagebd.net"], []),
    _o(
        "The Business Standard",
        "দ্য বিজনেস স্ট্যান্ডার্ড",
        "tbs",
        ["tbsnews.net"],
        ["TBS News", "TBS", "Business Standard"],
    ),
    _o(
        "The Financial Express",
        "ফিন্যান্সিয়াল এক্সপ্রেস",
        "financial-express",
        ["thefinancialexpress.com.bd"],
        ["Financial Express"],
    ),
    _o("Daily Sun", "ডেইলি সান", "daily-sun", ["daily-sun.com"], []),
    _o("The Independent", "দ্য ইনডিপেনডেন্ট", "independent-bd", ["theindependentbd.com"], ["Independent BD"]),
    _o("Somoy News", "সময় নিউজ", "somoy-news", ["somoynews.tv"], ["Somoy TV", "সময় টিভি"]),
    _o("Channel 24", "চ্যানেল ২৪", "channel24", ["channel24bd.tv"], ["চ্যানেল টোয়েন্টিফোর"]),
    _o("Jamuna Television", "যমুনা টেলিভিশন", "jamuna-tv", ["jamuna.tv"], ["Jamuna TV", "যমুনা টিভি"]),
    _o("Ekattor TV", "একাত্তর টিভি", "ekattor-tv", ["ekattor.tv"], ["Ekattor", "একাত্তর"]),
    _o("News24", "নিউজ টোয়েন্টিফোর", "news24bd", ["news24bd.tv"], ["News24 BD", "News 24", "নিউজ২৪"]),
    _o("Independent Television", "ইনডিপেনডেন্ট টেলিভিশন", "itv", ["itvbd.com"], ["ITV BD"]),
    _o("Channel i", "চ্যানেল আই", "channel-i", ["channelionline.com"], ["Channel i Online"]),
    _o("NTV", "এনটিভি", "ntv", ["ntvbd.com"], ["NTV BD", "এনটিভি অনলাইন"]),
    _o("RTV", "আরটিভি", "rtv", ["rtvonline.com"], ["RTV Online", "আরটিভি অনলাইন"]),
    _o("ATN News", "এটিএন নিউজ", "atn-news", ["atnnewstv.com"], []),
    _o("DBC News", "ডিবিসি নিউজ", "dbc-news", ["dbcnews.tv"], []),
    _o("Ekushey TV", "একুশে টেলিভিশন", "ekushey-tv", ["ekushey-tv.com", "etvonline.tv"], ["ETV", "একুশে টিভি"]),
    _o("Bangla Vision", "বাংলাভিশন", "bangla-vision", ["banglavision.tv"], ["BanglaVision"]),
    _o(
        "Desher Chitra",
        "দেশের চিত্র",
        "desher-chitra",
        ["desherchitrabd.com"],
        ["সাপ্তাহিক দেশের চিত্র", "DesherChitra"],
    ),
    _o("Purbokone", "পূর্বকোণ", "purbokone", ["dainikpurbokone.net"], ["Dainik Purbokone", "দৈনিক পূর্বকোণ"]),
    _o("Azadi", "আজাদী", "azadi", ["dainikazadi.net"], ["Dainik Azadi", "দৈনিক আজাদী"]),
    _o("Sylhet Today", "সিলেট টুডে", "sylhet-today", ["sylhettoday24.news"], ["Sylhettoday24"]),
    _o(
        "Anandabazar Patrika",
        "আনন্দবাজার পত্রিকা",
        "anandabazar",
        ["anandabazar.com"],
        ["Anandabazar", "আনন্দবাজার"],
        "IN",
    ),
    _o("Bartaman", "বর্তমান", "bartaman", ["bartamanpatrika.com"], ["Bartaman Patrika", "বর্তমান পত্রিকা"], "IN"),
    _o("Ei Samay", "এই সময়", "ei-samay", ["eisamay.com"], ["Ei Samay Sangbadpatra", "এই সময় সংবাদপত্র"], "IN"),
    _o("Aajkaal", "আজকাল", "aajkaal", ["aajkaal.in"], ["Aajkal"], "IN"),
    _o("Uttarbanga Sambad", "উত্তরবঙ্গ সংবাদ", "uttarbanga-sambad", ["uttarbangasambad.com"], [], "IN"),
    _o("Sangbad Pratidin India", "সংবাদ প্রতিদিন (ভারত)", "sangbad-pratidin-in", [], [], "IN"),
    _o(
        "Hindustan Times Bangla",
        "হিন্দুস্তান টাইমস বাংলা",
        "ht-bangla",
        ["bangla.hindustantimes.com"],
        ["HT Bangla"],
        "IN",
    ),
    _o(
        "ABP Ananda",
        "এবিপি আনন্দ",
        "abp-ananda",
        ["bengali.abplive.com", "abpananda.abplive.in"],
        ["ABP Live Bangla"],
        "IN",
    ),
    _o(
        "Zee 24 Ghanta",
        "জি ২৪ ঘণ্টা",
        "zee24ghanta",
        ["zeenews.india.com/bengali", "zee24ghanta.com"],
        ["Zee News Bengali"],
        "IN",
    ),
    _o("News18 Bangla", "নিউজ১৮ বাংলা", "news18-bangla", ["bengali.news18.com"], [], "IN"),
    _o("TV9 Bangla", "টিভি৯ বাংলা", "tv9-bangla", ["tv9bangla.com"], [], "IN"),
    _o(
        "BBC Bangla",
        "বিবিসি বাংলা",
        "bbc-bangla",
        ["bbc.com/bengali", "bbc.co.uk/bengali"],
        ["BBC Bengali"],
        "GB",
    ),
    _o(
        "DW Bangla",
        "ডয়চে ভেলে বাংলা",
        "dw-bangla",
        ["dw.com/bn"],
        ["Deutsche Welle Bangla", "ডিডাব্লিউ বাংলা"],
        "DE",
    ),
    _o("VOA Bangla", "ভয়েস অফ আমেরিকা বাংলা", "voa-bangla", ["voabangla.com"], ["ভয়েস অব আমেরিকা বাংলা"], "US"),
    _o(
        "Parstoday Bangla",
        "পার্সটুডে বাংলা",
        "parstoday-bangla",
        ["parstoday.ir/bn", "parstoday.com/bn"],
        [],
        "IR",
    ),
    _o("Independent Bangla", "ইন্ডিপেন্ডেন্ট বাংলা", "independent-bangla", ["independentbangla.com"], [], "GB"),
)

# Outlets outside BD/IN publish in Dhaka time for their Bengali services? No: BBC Bangla and others print
# dates without times, and when they do, the page states the zone, so Asia/Dhaka is a safe default.

_STOP_TOKENS = {"the", "daily", "dainik", "দৈনিক", "online", "com", "www", "news", "ডটকম", "অনলাইন"}


def _key(text: str, drop_stopwords: bool = True) -> str:
    """Comparison key: NFC, lower case, no punctuation or spaces, and optionally no "the/daily/দৈনিক"."""
    text = unicodedata.normalize("NFC", text or "").lower().strip()
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text)
    tokens = re.findall(r"[\w\u0980-\u09ff]+", text)
    if drop_stopwords:
        kept = [t for t in tokens if t not in _STOP_TOKENS]
        tokens = kept or tokens
    return "".join(tokens)


def _build_index() -> dict[str, Outlet]:
    index: dict[str, Outlet] = {}
    for outlet in OUTLETS:
        names = (outlet.name_en, outlet.name_bn, outlet.slug, *outlet.aliases, *outlet.domains)
        for name in names:
            for k in {_key(name), _key(name, drop_stopwords=False)}:
                if k and k not in index:
                    index[k] = outlet
        for domain in outlet.domains:
            index.setdefault(_key(domain.split("/")[0].rsplit(".", 1)[0]), outlet)
    return index


_INDEX = _build_index()


def find_outlet(name_or_domain: str) -> Outlet | None:
    """The outlet for a name ("BD News 24", "Daily Naya Diganta", "প্রথম আলো") or domain/URL, else None."""
    if not name_or_domain or not isinstance(name_or_domain, str):
        return None
    text = name_or_domain.strip()
    if "/" in text or re.search(r"\.[a-z]{2,}$", text.lower()):
        found = outlet_for_url(text)
        if found:
            return found
    for k in (_key(text), _key(text, drop_stopwords=False)):
        if k in _INDEX:
            return _INDEX[k]
    return None


def outlet_for_url(url: str) -> Outlet | None:
    """Match a URL (or bare host, or "host/path") against registered domains, most specific first."""
    if not url:
        return None
    raw = url.strip().lower()
    if "://" not in raw:
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path or ""
    best: tuple[int, Outlet] | None = None
    for outlet in OUTLETS:
        for domain in outlet.domains:
            d_host, _, d_path = domain.partition("/")
            if host == d_host or host.endswith("." + d_host):
                if d_path and not path.lstrip("/").startswith(d_path):
                    continue
                score = len(domain)
                if best is None or score > best[0]:
                    best = (score, outlet)
    return best[1] if best else None


_DOMAIN_RE = re.compile(r"(?<![\w.@])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(/[^\s]*)?", re.I)
_COPYRIGHT_RE = re.compile(r"copyright|©|\(c\)|স্বত্ব|কপিরাইট|all rights reserved|সর্বস্বত্ব", re.I)


# Outlet names that are also everyday words: never matched inside a longer line.
_GENERIC_NAMES = {
    "সংবাদ",
    "বর্তমান",
    "এই সময়",
    "আজকাল",
    "একাত্তর",
    "আজাদী",
    "ইনকিলাব",
    "সমকাল",
    "জনকণ্ঠ",
    "sangbad",
    "bartaman",
    "ei samay",
    "aajkaal",
    "aajkal",
    "azadi",
    "ekattor",
    "independent",
    "new age",
    "news 24",
    "daily sun",
    "inqilab",
    "tbs",
    "bss",
    "unb",
    "ntv",
    "rtv",
    "etv",
    "itv bd",
    "বাসস",
    "ইউএনবি",
}


def _names_in(line: str, skip_generic: bool = False) -> list[Outlet]:
    """Outlets whose English or Bengali name (or alias) occurs in a line, longest names first."""
    norm = unicodedata.normalize("NFC", line).lower()
    found: list[tuple[int, Outlet]] = []
    for outlet in OUTLETS:
        for name in (outlet.name_en, outlet.name_bn, *outlet.aliases):
            n = unicodedata.normalize("NFC", name).lower()
            if len(n) < 3 or (skip_generic and n in _GENERIC_NAMES):
                continue
            # Bengali names may take case endings (প্রথম আলোর); ASCII names must stand alone.
            pattern = rf"(?<![\w\u0980-\u09ff]){re.escape(n)}"
            pattern += r"(?![A-Za-z0-9])" if n.isascii() else r"(?![\u0980-\u09ff]{3})"
            m = re.search(pattern, norm)
            if m:
                found.append((len(n), outlet))
    found.sort(key=lambda x: -x[0])
    return [o for _, o in found]


def detect_outlet(page_text: str, url: str = "") -> Outlet | None:
    """The outlet a page comes from, from the signals the site leaves; None when nothing certain is found."""
    return detect_outlet_with_evidence(page_text, url)[0]


def detect_outlet_with_evidence(page_text: str, url: str = "") -> tuple[Outlet | None, str]:
    """Like detect_outlet, plus a short description of the evidence (for warnings and debugging)."""
    if url:
        found = outlet_for_url(url)
        if found:
            return found, f"url {url}"
    if not page_text:
        return None, ""
    lines = [ln.strip() for ln in page_text.splitlines() if ln.strip()]
    # 1. Domains anywhere (signatures "news24bd.tv/আলী", "Source: prothomalo.com", footer links).
    for line in lines:
        for m in _DOMAIN_RE.finditer(line):
            found = outlet_for_url(m.group(1) + (m.group(2) or ""))
            if found:
                return found, f"domain in {line[:60]!r}"
    # 2. Copyright lines.
    for line in lines:
        if _COPYRIGHT_RE.search(line) and len(line) < 250:
            names = _names_in(line)
            if names:
                return names[0], f"copyright line {line[:60]!r}"
    # 3. Desk names ("ইনকিলাব ডেস্ক", "জাগো নিউজ ডেস্ক"), a header/footer line that is just the outlet's
    #    name, and names in short byline lines ("Daily Inqilab ইনকিলাব ডেস্ক"). Long lines are article
    #    text and are not trusted; names that are also common words ("সংবাদ", "বর্তমান") need the line
    #    to be exactly the name or a desk line.
    for line in lines[:25] + lines[-25:]:
        if len(line) > 80 or "।" in line:
            continue
        exact = find_outlet(re.sub(r"[|:ঃ,]+$", "", line)) if len(line) <= 40 else None
        if exact:
            return exact, f"header/footer line {line[:60]!r}"
        desk = re.search(r"([\w\u0980-\u09ff.]+(?:\s+[\w\u0980-\u09ff.]+){0,2})\s+(?:ডেস্ক|desk)", line, re.I)
        if desk:
            words = desk.group(1).split()
            for n in range(len(words)):
                found = find_outlet(" ".join(words[n:]))
                if found:
                    return found, f"desk line {line[:60]!r}"
        if re.search(r"ডেস্ক|desk|প্রতিবেদক|প্রতিনিধি|অনলাইন|online", line, re.I):
            names = [o for o in _names_in(line, skip_generic=True)]
            if names:
                return names[0], f"byline line {line[:60]!r}"
    return None, ""


def named_but_unknown(page_text: str) -> str:
    """A copyright holder named on the page that is not in the registry (for the 'unknown outlet' warning)."""
    for line in (page_text or "").splitlines():
        if _COPYRIGHT_RE.search(line) and len(line) < 250:
            m = re.search(
                r"(?:©|copyright|\(c\))\s*(?:\d{4}\s*[-–]?\s*\d{0,4})?[,\s]*([^.|]{3,60})", line, re.I
            )
            if m:
                return m.group(1).strip(" ,.-")
    return ""
