"""The one cleaning path every input goes through (raw page, HTML, JSON, JSON Lines, CSV).

`clean_record(record)` runs once per record, in `readers.Item.resolve`, after the format's reader or
extractor:

1. Text repair on every text field: HTML entities decoded ("country&rsquo;s"), mojibake repaired when
   the round trip is certain (UTF-8 Bengali read as Windows-1252/Latin-1, "à¦¬à¦¿…") and reported when
   not, control characters and bidi overrides removed (ZWJ/ZWNJ kept: Bengali conjuncts need them).
2. `clean_body(text, record)`: the masthead ("ঢাকা মঙ্গলবার, ৩০ ডিসেম্বর ২০২৫"), publish/update/print
   stamps, byline and desk lines leave the body; what they say fills the record's empty fields through
   `metadata_line`, the single place a metadata finder plugs in. Widget lines (share/follow buttons, app
   links, "আরও পড়ুন" blocks, contact footers) go; sentences and paragraphs the scraper repeated are kept
   once.
3. Listing pages (section, topic, tag, live-feed fronts) are marked `kind = "listing"`.

Dump bodies often come as one line with the page header glued to the first sentence, so the header is
read from the start of the text, not only from whole lines.
"""

from __future__ import annotations

import html
import re

from articles.bangla.dates import find_dates
from articles.bangla.nfc import nfc as to_nfc

from . import chrome
from .extract import _LABEL_RE, _desk_and_byline, _is_para
from .listing import mark_listing
from .record import Record
from .wire import find_sources

_BN = "\u0980-\u09ff"

# C0/C1 controls except tab and newline, DEL, the bidi embeddings, overrides and isolates that can
# reorder what a reader sees (U+202E), and lone surrogates (no UTF-8 database can store them). ZWNJ/ZWJ (U+200C/D) are not here: Bengali needs them.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ud800-\udfff]"
)
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# UTF-8 read as Windows-1252/Latin-1: Bengali "à¦"/"à§", punctuation "â€", accented Latin "Ã©".
_MOJIBAKE_RE = re.compile("à[¦§\u00a6\u00a7]|â€|Ã[\u0080-\u00bf]")

TEXT_FIELDS = ("title", "lead", "body", "byline", "desk", "section", "outlet", "url")


def repair_text(
    text: str, warnings: list[str] | None = None, field: str = "text", *, nfc: bool = True
) -> str:
    """Entities decoded, certain mojibake repaired, control characters removed; NFC unless told not to."""
    if not text:
        return text or ""
    if "&" in text and _ENTITY_RE.search(text):
        # Twice at most: scrapers double-escape ("&amp;rsquo;").
        for _ in range(2):
            decoded = html.unescape(text)
            if decoded == text:
                break
            text = decoded
    if _MOJIBAKE_RE.search(text):
        text = _repair_mojibake(text, warnings, field)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    return to_nfc(text) if nfc else text


def _repair_mojibake(text: str, warnings: list[str] | None, field: str) -> str:
    import ftfy  # imported here: most texts never need it

    fixed = ftfy.fix_encoding(text)
    # Certain means the repair is reversible: encoding the result as UTF-8 and reading it back the wrong
    # way gives exactly the text we had. A byte lost on the way (U+FFFD) breaks the round trip.
    certain = (
        fixed != text
        and "\ufffd" not in fixed
        and any(_round_trip(fixed, encoding) == text for encoding in ("sloppy-windows-1252", "latin-1"))
    )
    if certain:
        if warnings is not None:
            warnings.append(f"{field}: repaired mojibake (UTF-8 text that had been read as Windows-1252)")
        return fixed
    if warnings is not None:
        warnings.append(
            f"{field}: looks like mojibake (UTF-8 read as Windows-1252/Latin-1) but cannot be repaired "
            "with certainty; kept as written"
        )
    return text


def _round_trip(text: str, encoding: str) -> str | None:
    try:
        return text.encode("utf-8").decode(encoding)
    except UnicodeError:
        return None


# --- metadata inside bodies ---------------------------------------------------------------------------

_WEEKDAY = r"(?:সোম|মঙ্গল|বুধ|বৃহস্পতি|শুক্র|শনি|রবি|রোব)বার|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "ঢাকা মঙ্গলবার, ৩০ ডিসেম্বর ২০২৫": a paper's dateline masthead, before the headline on the page.
_MASTHEAD_HEAD_RE = chrome._re(rf"^\s*(?:(?:ঢাকা|চট্টগ্রাম|কলকাতা|dhaka)\s*,?\s*)?(?:{_WEEKDAY})\s*,?\s*$")
_CREDIT_PREFIX_RE = chrome._re(r"^(?:ছবি|ফটো|photo)\s*[-:ঃ]\s*\S+\s+(?=\S)")
# What may stand between the masthead's dates: "৩০ ডিসেম্বর ২০২৫ ইং, ১৫ পৌষ ১৪৩২ বঙ্গাব্দ".
_MASTHEAD_JOIN_RE = chrome._re(r"^[\s,|।\-–]*(?:ইং(?:রেজি)?|খ্রিস্টাব্দ|বঙ্গাব্দ)?[\s,|\-–]*$")
_CONTACT_FOOTER_RE = chrome._re(
    r"(?:\s*(?:ফোন|বিজ্ঞাপন|ই-?মেইল|ইমেইল|ফ্যাক্স|মোবাইল|phone|e-?mail|fax|tel)\s*[:ঃ][\s,;|]*){2,}$"
)
_AFTER_LAST_COLON_RE = re.compile(r"[\s,;|]*")


def _drop_contact_footer(line: str) -> str:
    """`_CONTACT_FOOTER_RE` removed. It can only match where the last colon ends the line (but for
    separators): that test first, since the pattern tried at every position cost 40 µs a line."""
    last = max(line.rfind(":"), line.rfind("ঃ"))
    if last < 0 or not _AFTER_LAST_COLON_RE.fullmatch(line, last + 1):
        return line
    return _CONTACT_FOOTER_RE.sub("", line)


_APP_RE = chrome._re(
    r"^(?:.{0,40}(?:অ্যাপ|app)\s*(?:ডাউনলোড|download|ইনস্টল)\s*(?:করুন)?.*"
    r"|.{0,60}(?:google\s*play|app\s*store|প্লে\s*স্টোর)\s*(?:থেকে)?.*)$"
)
_FOLLOW_RE = chrome._re(
    r"^(?:.{0,80}(?:ফলো\s*করুন|সাবস্ক্রাইব\s*করুন|যুক্ত\s*থাকুন|follow\s+us|subscribe\s+to)"
    r".{0,40}(?:ফেসবুক|ইউটিউব|গুগল\s*নিউজ|হোয়াটসঅ্যাপ|টেলিগ্রাম|facebook|youtube|google\s*news|whatsapp"
    r"|telegram|channel|চ্যানেল|পেজ).{0,40})$"
)
# Inline "আরও পড়ুন:" markers; what follows is a linked headline, told apart when the scraper repeated it.
_READMORE_HINT = chrome._nfc("পড়ুন")
_INLINE_READMORE_RE = chrome._re(r"(?:(?:আর(?:ও|ো)\s*পড়ুন|আরও\s*পড়ুন|also\s+read|read\s+more)\s*[:ঃ]\s*)+")


def metadata_line(line: str, record: Record, *, header: bool = False) -> bool:
    """Whether `line` is a metadata line (date stamp, desk, byline, wire credit); what it says fills the
    record's empty fields. Every reader's body passes through here, so a new finder (dates, credits)
    plugs in at one place. `header`: the line sits in the page header, where a bare name is a byline."""
    text = line.strip(" |,;:-–")
    if not text or len(text) > 160:
        return False
    if header:
        # A photo credit glued before the desk ("ছবি- ক্রিকইনফো স্পোর্টস ডেস্ক").
        text = _CREDIT_PREFIX_RE.sub("", text) or text
    stamps = date_stamp_spans(text)
    if stamps and _residue(text, stamps) == "":
        _fill_dates(text, record)
        return True
    if "।" in text[:-1]:
        return False
    desk, byline = _desk_and_byline(text)
    if desk or byline:
        record.desk = record.desk or desk
        record.byline = record.byline or byline
        return True
    if re.match(chrome._nfc(r"^(?:সূত্র|তথ্যসূত্র|source)\s*[:ঃ]\s*\S.{0,60}$"), text, re.I):
        for name in find_sources(text):
            if name not in record.sources:
                record.sources.append(name)
        return True
    if header and _bare_name(text):
        record.byline = record.byline or text
        return True
    return False


def _bare_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and len(text) <= 40 and not re.search(r"[\d০-৯!?।:ঃ,()]", text)


def date_stamp_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of "প্রকাশ: ২৯ ডিসেম্বর ২০২৫ | ১৩:৪৮"-style stamps: a publish, update or print
    label with a colon, right before a date (and time)."""
    if not _COLON_DIGIT_RE.search(text):
        return []
    labels = [
        m
        for m in _LABEL_RE.finditer(text)
        if m.lastgroup in ("published", "updated", "print")
        and re.search("[:ঃ]", m.group(0))
        # "পরীক্ষার তারিখ: ১২ মার্চ" is prose, not a stamp.
        and not re.match(chrome._nfc("তারিখ|date"), m.group(0), re.I)
    ]
    if not labels:
        return []
    spans = []
    dates = find_dates(text)
    for m in labels:
        pd = next((pd for pd in dates if 0 <= pd.start - m.end() <= 2), None)
        if pd is not None:
            spans.append((m.start(), pd.end, m.lastgroup))
    return sorted(set(spans))


_COLON_DIGIT_RE = re.compile(r"[:ঃ]\s*[০-৯0-9]")


def _residue(text: str, spans) -> str:
    for start, end, _ in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return re.sub(r"[\s|,;:ঃ\-–]+", "", text)


def _fill_dates(stamp: str, record: Record) -> None:
    """Stamp dates fill empty date fields. Where dates come from, and in which order, is
    articles/ingest/dating.py's business once it exists; a stamp is the clearest case."""
    for start, end, label in date_stamp_spans(stamp):
        found = find_dates(stamp[start:end])
        if not found:
            continue
        pd = found[-1]
        if label == "published" and record.published_at is None:
            record.published_at, record.date_precision = pd.value, pd.precision
            record.warnings.append("publication date taken from a stamp in the article text")
        elif label == "updated" and record.updated_at is None:
            record.updated_at = pd.value


def _strip_header(text: str, record: Record) -> str:
    """The masthead, stamps and byline glued to the start of a one-line body, taken off."""
    head = text[:400]
    cut = 0
    dates = find_dates(head)
    # Masthead: place and weekday, then the Gregorian date and any Bangla-calendar/Hijri dates after it.
    if dates and _MASTHEAD_HEAD_RE.match(head[: dates[0].start]):
        cut = dates[0].end
        for pd in dates[1:]:
            if _MASTHEAD_JOIN_RE.match(head[cut : pd.start]):
                cut = pd.end
            else:
                break
        cut = _skip_suffix(head, cut)
    stamps = [s for s in date_stamp_spans(head) if s[0] >= cut]
    # Between the masthead and the first stamp: desk or byline ("সেকান্দার আলী", "স্পোর্টস ডেস্ক").
    while stamps and stamps[0][0] - cut <= 90:
        between = head[cut : stamps[0][0]].strip(" |,")
        if between and not metadata_line(between, record, header=True):
            break
        _fill_dates(head[stamps[0][0] : stamps[0][1]], record)
        cut = _skip_suffix(head, stamps[0][1])
        stamps = stamps[1:]
    return text[cut:].lstrip(" |,;-–") if cut else text


def _skip_suffix(head: str, cut: int) -> int:
    m = re.match(chrome._nfc(r"[\s,|]*(?:ইং(?:রেজি)?|খ্রিস্টাব্দ|বঙ্গাব্দ|হিজরি)\b"), head[cut:])
    return cut + m.end() if m else cut


# --- widgets and repeats ------------------------------------------------------------------------------


def is_widget_line(line: str) -> bool:
    """Share/follow buttons, app links, readmore markers, footers, credits: chrome on a line of its own.
    A line that reads as a sentence of the article is never one: better a widget kept than text lost."""
    if _is_para(line):
        return False
    return bool(
        chrome.is_chrome_line(line)
        or chrome.is_block_marker(line)
        or (len(line) <= 200 and (_APP_RE.match(line) or _FOLLOW_RE.match(line)))
    )


_SENTENCE_RE = re.compile(r"[^।!?]*(?:[।!?]+['\"”’)\]]*|$)\s*")


def _sentences(paragraph: str) -> list[str]:
    parts = [s for s in _SENTENCE_RE.findall(paragraph) if s.strip()]
    out: list[str] = []
    for part in parts:
        # English full stops end sentences too ("... Dhaka. The ..."), not abbreviations ("Dr. Yunus").
        out.extend(
            p for p in re.split(r"(?<=[a-z0-9\"”’)][.])\s+(?=[A-Z\"“‘(\u0980-\u09ff])", part) if p.strip()
        )
    return out


_NON_KEY_RE = re.compile(rf"[^\w{_BN}]+")


def _key(text: str) -> str:
    return _NON_KEY_RE.sub("", text).lower()


_MIN_REPEAT = 25  # shorter sentences ("তিনি বলেন।") repeat honestly


def _drop_repeated_run(sentence: str) -> str:
    """'X X rest' -> 'X rest' when a run of four or more words is written twice (or more) in a row."""
    while True:
        shorter = _drop_one_repeat(sentence)
        if shorter == sentence:
            return sentence
        sentence = shorter


def _drop_one_repeat(sentence: str) -> str:
    words = sentence.split(" ")
    for start in range(min(4, len(words))):
        # The copy starts where the run's first word comes back: only those places are compared.
        for end in range(min(start + 40, (len(words) + start) // 2), start + 3, -1):
            if words[end] != words[start]:
                continue
            run = words[start:end]
            if run == words[end : 2 * end - start] and len("".join(run)) >= _MIN_REPEAT:
                return " ".join(words[:end] + words[2 * end - start :])
    return sentence


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Each sentence once: later copies of a sentence, and a copy glued to the next one, removed."""
    seen: set[str] = set()
    by_prefix: dict[str, list[str]] = {}
    out = []
    for paragraph in paragraphs:
        kept, last_key = [], ""
        for sentence in _sentences(paragraph):
            sentence = _drop_repeated_run(sentence.strip())
            key = _key(sentence)
            if len(key) >= _MIN_REPEAT and key in seen:
                continue
            # A headline echoed right after the sentence that ends with it ("খবর- X। X।").
            if len(key) >= _MIN_REPEAT and last_key.endswith(key):
                continue
            # A seen sentence repeated without its danda and run into the next: "X। X Y" -> "X। Y".
            for earlier in by_prefix.get(key[:_MIN_REPEAT], ()):
                if key.startswith(earlier) and len(key) > len(earlier):
                    sentence = _cut_prefix(sentence, earlier)
                    key = _key(sentence)
                    break
            if not key:
                if sentence.strip():  # punctuation alone is not a repeat; what a cut leaves empty goes
                    kept.append(sentence)
                continue
            if len(key) >= _MIN_REPEAT:
                seen.add(key)
                by_prefix.setdefault(key[:_MIN_REPEAT], []).append(key)
            kept.append(sentence)
            last_key = key
        if kept:
            out.append(" ".join(kept))
    return out


def _cut_prefix(sentence: str, key: str) -> str:
    consumed = 0
    for i, ch in enumerate(sentence):
        if _key(ch):
            consumed += len(_key(ch))
        if consumed >= len(key):
            return sentence[i + 1 :].lstrip(" ,;:.।!?'\"’”)").strip()
    return ""


def _drop_inline_readmore(paragraph: str) -> str:
    """'আরও পড়ুন: X X' (a linked headline the scraper wrote twice) goes; a bare marker goes too."""
    lowered = paragraph.lower()
    if _READMORE_HINT not in paragraph and "read" not in lowered:
        return paragraph
    m = _INLINE_READMORE_RE.search(paragraph)
    while m:
        rest = paragraph[m.end() :]
        words = rest.split(" ")
        skip = 0
        for length in range(min(len(words) // 2, 30), 1, -1):
            if words[:length] == words[length : 2 * length]:
                skip = len(" ".join(words[: 2 * length]))
                break
        paragraph = (paragraph[: m.start()].rstrip() + " " + rest[skip:].lstrip()).strip()
        m = _INLINE_READMORE_RE.search(paragraph, m.start())
    return paragraph


def _trim(line: str) -> str:
    """Separators and joiners left at the ends once something was cut from a line."""
    while True:
        trimmed = line.strip().strip(",;|\u200c\u200d")
        if trimmed == line:
            return line
        line = trimmed


def clean_body(text: str, record: Record) -> str:
    """The body without masthead, metadata lines, widgets and repeats; metadata fills `record`."""
    if not text:
        return ""
    text = to_nfc(text.strip())
    while (stripped := _strip_header(text, record)) != text:  # a page can repeat its header
        text = stripped
    paragraphs = []
    for raw in re.split(r"\n\s*\n|\n", text):
        line = chrome.normalize_line(raw, nfc=False)
        if not line:
            continue
        if metadata_line(line, record):
            continue
        if is_widget_line(line):
            continue
        for start, end, _ in reversed(date_stamp_spans(line)):
            line = (line[:start] + " " + line[end:]).strip()
        line = _drop_inline_readmore(line)
        # Footers and initials sit at the end: looking only there keeps long bodies cheap.
        cut = line.rfind(" ", 0, len(line) - 300) if len(line) > 300 else -1
        head, tail = (line[:cut], line[cut + 1 :]) if cut > 0 else ("", line)
        tail = chrome.strip_inline_chrome(_drop_contact_footer(tail))
        line = _trim(f"{head} {tail}" if head and tail else head or tail)
        # What is left once a marker or stamp is cut can be a desk line or a widget of its own.
        if line and not metadata_line(line, record) and not is_widget_line(line):
            paragraphs.append(line)
    return "\n\n".join(drop_repeats(paragraphs))


def clean_record(record: Record) -> Record:
    """Text repair, body cleaning and listing detection: the step every input's record goes through."""
    for name in TEXT_FIELDS:
        value = getattr(record, name)
        if isinstance(value, str) and value:
            # The body is normalised by clean_body below: once is enough.
            setattr(record, name, repair_text(value, record.warnings, name, nfc=name != "body"))
    record.title = re.sub(r"\s+", " ", record.title).strip()
    record.keywords = [repair_text(k) for k in record.keywords]
    # The readers found the wire sources in the whole text; what cleaning removes names none of them
    # (a credit line adds its own through metadata_line).
    record.body = clean_body(record.body, record)
    mark_listing(record)
    return record
