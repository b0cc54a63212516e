"""Extracting one article from a raw text page (copied or scraped from a Bengali news site).

The page is read line by line. Each line is classified (date line, desk/byline, chrome, block marker,
paragraph, short text); then:

1. Title: the first title-like line that is followed, through at most a subtitle, byline and desk/date
   lines, by the article's first paragraph. Ticker lines, site names, menus and photo captions (a line
   followed by a photo credit) are not title-like.
2. Dates: labelled lines (প্রকাশ/আপডেট/Published/Updated ...) anywhere, and unlabelled date lines in the
   header after the title or next to a desk line. Unlabelled dates above the headline are the page-view
   date and print dates (প্রিন্ট) are ignored. When the page has only an update date it is used as the
   published date too (these themes print the post date under an "update" label), with a warning. With
   no date line at all, a "শনিবার (১২ নভেম্বর)" in the first paragraphs is used, its year inferred.
3. Body: the paragraphs after the header, minus chrome; a block marker ("আরও পড়ুন", "সর্বাধিক পঠিত")
   starts a run of chrome that only a real paragraph ends; paragraphs repeated on the page are kept once.

`extract_page` never raises: whatever happens, it returns a Record, with warnings saying what is unsure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from articles.bangla.dates import ParsedDate, find_dates

from . import chrome
from .dating import relative_stamp
from .outlets import Outlet, detect_outlet_with_evidence, find_outlet, named_but_unknown
from .record import Record, never_raises
from .wire import find_sources

_BN = "\u0980-\u09ff"
_BN_LETTERS = "\u0980-\u09e5\u09f0-\u09ff"  # Bengali block minus its digits: "২০:৩৭আপডেট" has a label

# Date labels. Order inside each group: longest first.
_LABEL_RE = re.compile(
    chrome._nfc(
        rf"(?<![{_BN_LETTERS}A-Za-z])(?:"
        r"(?P<print>প্রিন্ট(?:\s*সংস্করণ)?|মুদ্রণ|print(?:ed)?(?:\s*edition)?)"
        r"|(?P<view>আজকের\s*তারিখ|আজ|today)"
        r"|(?P<updated>সর্বশেষ\s*আপডেট|শেষ\s*আপডেট|আপডেট(?:েড)?(?:\s*(?:সময়|টাইম|করা\s*হয়েছে))?"
        r"|হালনাগাদ(?:\s*(?:সময়|করা\s*হয়েছে))?|(?:last\s+)?updated?(?:\s*(?:at|on))?|modified)"
        r"|(?P<published>প্রকাশের\s*সময়|প্রকাশিত(?:\s*হয়েছে)?|প্রথম\s*প্রকাশ|প্রকাশ(?:কাল)?|পোস্ট(?:\s*করা\s*হয়েছে)?"
        r"|(?:first\s+)?published(?:\s*(?:at|on))?|posted(?:\s*(?:at|on))?|publish\s*date|তারিখ|date)"
        rf")(?![{_BN}A-Za-z])\s*[:ঃ\-–]?\s*"
    ),
    re.I,
)
_FILLER_RE = re.compile(
    chrome._nfc(
        r"ঢাকা|বঙ্গাব্দ|খ্রিস্টাব্দ|খ্রিষ্টাব্দ|ইং(?:রেজি)?|সময়|টাইম|বাংলাদেশ|কলকাতা|dhaka|kolkata|bst|ist|gmt|utc"
        r"|সোমবার|মঙ্গলবার|বুধবার|বৃহস্পতিবার|শুক্রবার|শনিবার|রবিবার|রোববার|monday|tuesday|wednesday|thursday"
        r"|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|at|on|[+\-]\d\d:?\d\d"
    ),
    re.I,
)
_ROLE_RE = re.compile(
    chrome._nfc(
        r"(?:ডেস্ক(?:\s*রিপোর্ট)?|প্রতিবেদক|প্রতিনিধি|সংবাদদাতা|রিপোর্টার|করেসপন্ডেন্ট|সংবাদকর্মী"
        r"|desk|reporter|correspondent|staff\s+writer)"
    ),
    re.I,
)
_BYLINE_LABEL_RE = re.compile(
    chrome._nfc(
        r"^(?:by|author|(?:reported|written|edited)\s*by|লেখক|লেখা|প্রতিবেদক|লিখেছেন|রিপোর্ট|প্রতিবেদন)\s*[:ঃ,]?\s+(.{3,60})$"
    ),
    re.I,
)
_ROLE_LABEL_RE = re.compile(chrome._nfc(r"^(?:role|পদবি|পদবী)\s*[:ঃ,]\s*(.{3,60})$"), re.I)
_PLACES = {
    chrome._nfc(p)
    for p in (
        "ঢাকা চট্টগ্রাম খুলনা রাজশাহী সিলেট বরিশাল রংপুর ময়মনসিংহ কুমিল্লা ফেনী নোয়াখালী গাজীপুর নারায়ণগঞ্জ "
        "কলকাতা নয়াদিল্লি দিল্লি লন্ডন ওয়াশিংটন dhaka chattogram kolkata"
    ).split()
}
_BARE_ROLE_RE = re.compile(chrome._nfc(r"^(?:প্রতিনিধি|সংবাদদাতা|correspondent)$"), re.I)
_SENTENCE_END_RE = re.compile(r"[।!?.]['\"”’)]*\s*$")


@dataclass
class _Line:
    idx: int
    text: str
    kind: str = "text"  # empty | block | chrome | credit | date | desk | section | text
    para: bool = False
    dates: list[tuple[str | None, ParsedDate]] = field(default_factory=list)  # (label kind, date)
    view_like: bool = False  # carries a Bangla-calendar date or an "আজ" label: a page-view date widget
    desk: str = ""
    byline: str = ""
    section: str = ""
    readmore: bool = False


def _words(text: str) -> list[str]:
    return re.findall(rf"[\w{_BN}\u200c\u200d'’\-.]+", text)


def _is_para(text: str) -> bool:
    """A real article paragraph: has a danda, or is a sentence of some length."""
    if "।" in text:
        return True
    n = len(_words(text))
    if _SENTENCE_END_RE.search(text) and n >= 10:
        return True
    return n >= 40 and len(re.findall(r"[.!?]\s", text)) >= 2


def _desk_and_byline(text: str) -> tuple[str, str]:
    """('অনলাইন ডেস্ক', '') for a desk line, ('ফেনী প্রতিনিধি', 'রহিম উদ্দিন') for a byline, else ('', '')."""
    line = re.sub(r"^[\s•·*|\-–]+|[\s:ঃ,।|\-–]+$", "", text)
    if not line or len(line) > 90 or any(ch.isdigit() for ch in line):
        return "", ""
    m = _BYLINE_LABEL_RE.match(line)
    if m and not _ROLE_RE.search(m.group(1)):
        return "", m.group(1).strip()
    m = _ROLE_LABEL_RE.match(line)
    if m:  # BBC-style "Role, বিবিসি নিউজ বাংলা, ঢাকা"
        return re.split(r"\s*,\s*", m.group(1))[0], ""
    if not _ROLE_RE.search(line):
        return "", ""
    desk, byline = "", ""
    for part in re.split(r"\s*[,|/;]\s*|\s+[-–]\s+", line):
        part = part.strip(" :ঃ")
        if not part:
            continue
        role = _ROLE_RE.search(part)
        if role and len(part.split()) <= 6:
            # "Daily Inqilab ইনকিলাব ডেস্ক": keep the Bengali desk name, drop the English outlet name.
            if re.search(rf"[{_BN}]", part):
                part = re.sub(r"^[A-Za-z0-9 .&'\-]+\s+(?=[\u0980-\u09ff])", "", part)
            desk = desk or part
        elif len(part.split()) <= 4 and part not in _PLACES and not desk:
            byline = byline or part
        elif len(part.split()) > 6:
            return "", ""
    if desk and len(desk.split()) > 6:
        return "", ""
    return desk, byline


def _date_info(text: str, today: date, tz: str) -> tuple[list[tuple[str | None, ParsedDate]], bool, bool]:
    """Dates in a line with their labels; whether the line is a date line; whether it looks like a view date."""
    if len(text) > 200 or "।" in text[:-1]:
        return [], False, False
    found = find_dates(text, today=today, tz=tz)
    if not found:
        return [], False, False
    labels = [(m.lastgroup, m.start(), m.end()) for m in _LABEL_RE.finditer(text)]
    result: list[tuple[str | None, ParsedDate]] = []
    prev_end = 0
    labelled = False
    for pd in found:
        label = None
        for kind, ls, le in labels:
            if prev_end <= ls and le <= pd.start + 1 and pd.start - le <= 30:
                label = kind
        if label:
            labelled = True
        result.append((label, pd))
        prev_end = pd.end
    # The rest of the line, without dates, labels and filler words, must be (almost) nothing.
    residual = text
    for pd in sorted(found, key=lambda p: -p.start):
        residual = residual[: pd.start] + " " + residual[pd.end :]
    residual = _LABEL_RE.sub(" ", residual)
    residual = _FILLER_RE.sub(" ", residual)
    residual = re.sub(rf"[^\w{_BN}]|_", "", residual)
    dominated = len(residual) <= 6
    view_like = any(pd.calendar == "bangla" for pd in found) or any(k == "view" for k, _, _ in labels)
    is_date_line = dominated or (labelled and len(text) <= 160)
    return result, is_date_line, view_like


def _classify(lines: list[str], today: date, tz: str) -> list[_Line]:
    out: list[_Line] = []
    for i, text in enumerate(lines):
        ln = _Line(i, text)
        out.append(ln)
        if not text:
            ln.kind = "empty"
            continue
        ln.section = chrome.section_of(text)
        if ln.section:
            ln.kind = "section"
            continue
        dates, is_date_line, view_like = _date_info(text, today, tz)
        if not is_date_line and relative_stamp(text) is not None:
            # "প্রকাশ: ৩ ঘণ্টা আগে": a date line, resolved later against the capture time (dating.complete).
            ln.kind = "date"
            continue
        if is_date_line:
            ln.kind, ln.dates, ln.view_like = "date", dates, view_like
            # "অনলাইন ডেস্ক | প্রকাশিত: ..." carries the desk too.
            first = min(pd.start for _, pd in dates)
            head = _LABEL_RE.split(text[:first])[0] if first else ""
            ln.desk, ln.byline = _desk_and_byline(head)
            continue
        if chrome.is_block_marker(text):
            ln.kind = "block"
            ln.readmore = chrome.is_readmore_marker(text)
            continue
        if chrome.is_photo_credit(text):
            ln.kind = "credit"
            continue
        if chrome.is_chrome_line(text):
            ln.kind = "chrome"
            continue
        ln.para = _is_para(text)
        if not ln.para:
            desk, byline = _desk_and_byline(text)
            if desk or byline and _BYLINE_LABEL_RE.match(text):
                ln.kind, ln.desk, ln.byline = "desk", desk, byline
    # Consecutive identical short lines are headline lists ("X\nX" in related blocks).
    for a, b in zip(out, out[1:], strict=False):
        if a.kind == b.kind == "text" and not a.para and a.text == b.text:
            a.kind = b.kind = "chrome"
    return out


def _title_like(ln: _Line) -> bool:
    if ln.kind != "text" or ln.para:
        return False
    text = ln.text
    n = len(_words(text))
    if not (2 <= n <= 35) or not (6 <= len(text) <= 220):
        return False
    if text.endswith("।") or re.match(r"^[\d০-৯]+[.)]\s", text) or text.startswith(("•", "*", "-", "–")):
        return False
    if not re.search(rf"[{_BN}A-Za-z]{{3}}", text):
        return False
    return find_outlet(text) is None


def _name_like(ln: _Line) -> bool:
    """A short line that can be a reporter's name or a place in the header ("রহিম উদ্দিন", "ঢাকা")."""
    return (
        ln.kind == "text"
        and not ln.para
        and len(_words(ln.text)) <= 4
        and not re.search(r"[\d০-৯!?।:ঃ]", ln.text)
        and len(ln.text) <= 40
    )


@dataclass
class _Header:
    title_idx: int
    body_start: int
    strong: bool
    lead: str = ""
    byline: str = ""
    chain: list[int] = field(default_factory=list)


def _scan_header(lines: list[_Line], i: int, in_chrome_zone: bool) -> _Header | None:
    """Follow the header after candidate title i; a header ends at the first paragraph."""
    title = lines[i].text
    lead_used = False
    marker_seen = False
    name_lines: list[int] = []
    lead = ""
    chain: list[int] = []
    first_step = True
    j = i + 1
    while j < len(lines):
        ln = lines[j]
        j += 1
        if ln.kind == "empty":
            continue
        if ln.kind in ("credit", "chrome") or ln.text == title:
            if ln.kind == "credit" and first_step and not marker_seen:
                # A line followed by a photo credit is a caption, unless the same text follows (seed-like
                # pages repeat the headline around the picture).
                nxt = next((x for x in lines[j:] if x.kind != "empty"), None)
                if nxt is None or nxt.text != title:
                    return None
            continue
        if in_chrome_zone and first_step and ln.kind not in ("date", "desk") and not _name_like(ln):
            return None
        first_step = False
        if ln.kind in ("date", "desk"):
            if ln.kind == "date" and ln.view_like:
                return None
            marker_seen = True
            chain.append(ln.idx)
            continue
        if ln.kind == "section":
            chain.append(ln.idx)
            continue
        if ln.para:
            return _Header(
                i, ln.idx, marker_seen, lead, lines[name_lines[0]].text if name_lines else "", chain
            )
        if ln.kind == "text" and _name_like(ln) and len(name_lines) < 3:
            name_lines.append(ln.idx)
            chain.append(ln.idx)
            continue
        if ln.kind == "text" and _title_like(ln) and not lead_used and not marker_seen and not in_chrome_zone:
            lead_used, lead = True, ln.text
            chain.append(ln.idx)
            continue
        return None
    return None


def _find_header(lines: list[_Line]) -> _Header | None:
    zone = False
    weak: _Header | None = None
    for ln in lines:
        if ln.kind == "block":
            zone = True
            continue
        if ln.para:
            zone = False
        if not _title_like(ln):
            continue
        header = _scan_header(lines, ln.idx, zone)
        if header is None:
            continue
        if header.strong:
            return header
        weak = weak or header
    return weak


def _clean_name(name: str) -> str:
    return name.strip(" ,:ঃ|") if name and name.strip() not in _PLACES else ""


def _pick_dates(lines, header, rec: Record, today: date, tz: str) -> None:
    title_idx = header.title_idx if header else -1
    title_text = lines[title_idx].text if header else None
    desk_idx = {ln.idx for ln in lines if ln.kind == "desk" or (ln.kind == "date" and ln.desk)}
    chain = set(header.chain) if header else set()
    repeat_title = {ln.idx for ln in lines if title_text and ln.text == title_text}
    nonempty = [ln.idx for ln in lines if ln.kind != "empty"]
    pos = {idx: k for k, idx in enumerate(nonempty)}

    def near(idx: int, anchors: set[int], dist: int) -> bool:
        return any(a in pos and 0 < pos[idx] - pos[a] <= dist or abs(pos[idx] - pos[a]) <= 1 for a in anchors)

    after: list[tuple[str | None, ParsedDate]] = []
    before: list[tuple[str | None, ParsedDate]] = []
    ignored_view = False
    for ln in lines:
        if ln.kind != "date":
            continue
        for label, pd in ln.dates:
            if label in ("print", "view"):
                continue
            if ln.idx > title_idx and header is not None:
                if label or ln.idx in chain or near(ln.idx, repeat_title, 4) or near(ln.idx, desk_idx, 1):
                    after.append((label, pd))
            elif label and not ln.view_like:
                before.append((label, pd))
            else:
                ignored_view = True
    pool = after or before
    if before and not after:
        rec.warnings.append("the only labelled date is above the headline; it may be a site-wide date")
    published = next((pd for label, pd in pool if label == "published"), None)
    published = published or next((pd for label, pd in pool if label is None), None)
    updated = next((pd for label, pd in pool if label == "updated"), None)
    if published is None and updated is not None:
        published = updated
        rec.warnings.append("only an update date on the page; used it as the published date too")
    if published is None:
        published = _date_from_body(lines, header, today, tz)
        if ignored_view and published is None:
            rec.warnings.append("ignored the date above the headline (page-view date); no article date found")
    if published is None:
        rec.date_precision = "unknown"
        rec.warnings.append("no publication date found")
        return
    rec.published_at = published.value
    rec.updated_at = updated.value if updated else None
    rec.date_precision = published.precision
    for w in published.warnings + (updated.warnings if updated and updated is not published else []):
        if w not in rec.warnings:
            rec.warnings.append(w)
    if updated and updated.value < published.value:
        rec.warnings.append("the update date is earlier than the publication date")


_BODY_WEEKDAY_RE = re.compile(chrome._nfc(r"বার[’']?\s*\(|বার,"))


def _date_from_body(lines, header, today: date, tz: str) -> ParsedDate | None:
    """'শনিবার (১২ নভেম্বর)' or a dateline in the first paragraphs: the news day, year inferred if needed."""
    if header is None:
        return None
    paras = [ln for ln in lines[header.body_start :] if ln.para][:3]
    for ln in paras:
        for pd in find_dates(ln.text, today=today, tz=tz):
            if pd.weekday is not None or pd.start < 40:
                pd.warnings.insert(0, "no date line on the page; date taken from the article text (news day)")
                return pd
    return None


def _assemble_body(lines: list[_Line], header: _Header | None, title: str) -> list[str]:
    start = header.body_start if header else 0
    skip = set(header.chain) if header else set()
    paragraphs: list[str] = []
    seen: set[str] = set()
    zone = False
    zone_readmore = False
    skipped_in_zone = 0
    for k, ln in enumerate(lines[start:], start):
        if k in skip or ln.kind in ("empty", "chrome", "credit", "date", "section", "desk"):
            continue
        if ln.kind == "block":
            zone, zone_readmore, skipped_in_zone = True, ln.readmore, 0
            continue
        if ln.text == title:
            continue
        if zone:
            # Only a real paragraph ends a chrome run, and only soon after an inline "আরও পড়ুন" (the
            # article continues) or when it repeats the article (a second copy, dropped below anyway).
            if ln.para and (zone_readmore and skipped_in_zone <= 3 or _key(ln.text) in seen):
                zone = False
            else:
                skipped_in_zone += 1
                continue
        # A line right before a photo credit is its caption.
        nxt = next((x for x in lines[k + 1 :] if x.kind != "empty"), None)
        if nxt is not None and nxt.kind == "credit" and not ln.text.endswith("।"):
            continue
        text = chrome.strip_inline_chrome(ln.text)
        key = _key(text)
        if not key or (key in seen and len(key) >= 20):
            continue
        seen.add(key)
        paragraphs.append(text)
    # Trailing short lines after the last paragraph (tags, list leftovers) are chrome.
    while paragraphs and not _is_para(paragraphs[-1]) and not _SENTENCE_END_RE.search(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


def _key(text: str) -> str:
    return re.sub(rf"[^\w{_BN}]+", "", text).lower()


def _today(today: date | None, tz: str) -> date:
    return today or datetime.now(ZoneInfo(tz)).date()


@never_raises("extractor")
def extract_page(
    text: str, *, source: str = "", today: date | None = None, outlet: str | None = None
) -> Record:
    """Extract one article from raw page text; never raises."""
    return _extract(text, source=source, today=today, outlet=outlet)


def resolve_outlet(page_text: str, url: str, override: str | None, rec: Record) -> Outlet | None:
    """Set rec.outlet from the override, the URL or the page; warn when unknown. Returns the Outlet."""
    if override:
        found = find_outlet(override)
        rec.outlet = found.name_en if found else override.strip()
        if not found:
            rec.warnings.append(f"outlet {override!r} given on the command line is not in the registry")
        return found
    found, _evidence = detect_outlet_with_evidence(page_text, url)
    if found:
        rec.outlet = found.name_en
        return found
    named = named_but_unknown(page_text)
    rec.outlet = None
    if named:
        rec.warnings.append(f"unknown outlet: the page names {named!r}, which is not in the registry")
    else:
        rec.warnings.append("unknown outlet: the page does not name a registered outlet")
    return None


def _extract(text: str, *, source: str, today: date | None, outlet: str | None) -> Record:
    rec = Record(source=source)
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    raw_lines = [chrome.normalize_line(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    page = "\n".join(raw_lines)
    found_outlet = resolve_outlet(page, "", outlet, rec)
    tz = found_outlet.tz if found_outlet else "Asia/Dhaka"
    today = _today(today, tz)
    lines = _classify(raw_lines, today, tz)
    header = _find_header(lines)
    if header is not None:
        rec.title = lines[header.title_idx].text
        rec.lead = header.lead
    else:
        fallback = next((ln for ln in lines if _title_like(ln)), None)
        if fallback is not None:
            rec.title = fallback.text
            header = _Header(fallback.idx, fallback.idx + 1, False)
        rec.warnings.append("headline uncertain: no title line followed by the article was found")
    _apply_desk(lines, header, rec)
    _pick_dates(lines, header, rec, today, tz)
    paragraphs = _assemble_body(lines, header, rec.title)
    rec.body = "\n\n".join(paragraphs)
    if not rec.body:
        rec.warnings.append("no article paragraphs found")
    rec.sources = find_sources(rec.body)
    rec.section = next((ln.section for ln in lines if ln.section), "")
    bengali = len(re.findall(rf"[{_BN}]", rec.body or rec.title))
    latin = len(re.findall(r"[A-Za-z]", rec.body or rec.title))
    rec.language = "en" if latin > 2 * bengali and latin > 20 else "bn"
    _check_dates(rec)
    return rec


def _apply_desk(lines: list[_Line], header: _Header | None, rec: Record) -> None:
    start = header.title_idx if header else 0
    end = header.body_start if header else len(lines)
    candidates = [ln for ln in lines[start + 1 : end] if ln.desk or ln.byline]
    if not candidates and header is not None:
        # Some pages put the desk under the first paragraph or above the headline.
        candidates = [ln for ln in lines[max(0, start - 3) : end + 3] if ln.desk or ln.byline]
    desk_line = next((ln for ln in candidates if ln.desk), None)
    rec.desk = desk_line.desk if desk_line else ""
    rec.byline = next((ln.byline for ln in candidates if ln.byline), "")
    place = ""
    if desk_line is not None and _BARE_ROLE_RE.match(desk_line.desk):
        # Prothom Alo style "প্রতিনিধি" / "সিরাজগঞ্জ" on two lines means "সিরাজগঞ্জ প্রতিনিধি".
        nxt = next((x for x in lines[desk_line.idx + 1 :] if x.kind != "empty"), None)
        if nxt is not None and _name_like(nxt) and len(nxt.text.split()) == 1:
            place = nxt.text
            rec.desk = f"{place} {desk_line.desk}"
    if not rec.byline and header is not None and header.byline and header.byline != place:
        rec.byline = _clean_name(header.byline)
    if rec.byline and find_outlet(rec.byline) is not None:
        rec.byline = ""  # "বিডিনিউজ টোয়েন্টিফোর ডটকম" under the desk is the outlet, not a person
    rec.desk = re.sub(r"[\s:ঃ,।]+$", "", rec.desk)


def _check_dates(rec: Record) -> None:
    for attr in ("published_at", "updated_at"):
        value = getattr(rec, attr)
        if value is not None and not (1900 <= value.year <= 2100):
            setattr(rec, attr, None)
            rec.warnings.append(f"{attr} outside 1900-2100 dropped")
    if rec.published_at is None:
        rec.date_precision = "unknown"
