"""Recognising page chrome in scraped Bengali news text, one line at a time.

Two kinds of chrome:
- block markers ("আরও পড়ুন", "সর্বাধিক পঠিত", "মন্তব্য করুন", "ট্যাগ", copyright lines ...) start a
  run of chrome: the headline lists and widgets after them are dropped until the article resumes;
- chrome lines (photo credits, reporter initials "/এমপি/", signatures "news24bd.tv/আলী", share and follow
  widgets, comment-box stubs, menus, e-mail addresses) are dropped on their own.

Nothing here drops a line for being short: short lines inside the article are the extractor's business.
"""

from __future__ import annotations

import re

from articles.bangla.nfc import nfc as _nfc

_BN = "\u0980-\u09ff"


def _re(pattern: str, flags: int = re.I) -> re.Pattern:
    return re.compile(_nfc(pattern), flags)


# Headers of related/popular/comment/tag blocks, matched against the whole (short) line.
_BLOCK_PHRASES = (
    r"আর(?:ও|ো)\s*(?:পড়ুন|পড়ুন|খবর|সংবাদ)?",
    r"(?:এই|এ)\s*(?:বিভাগের|ধরনের|জাতীয়|রকম|সম্পর্কিত)\s*(?:আর(?:ও|ো)|অন্যান্য)?\s*(?:খবর|সংবাদ|নিউজ|পড়ুন)?",
    r"সম্পর্কিত(?:\s*(?:খবর|সংবাদ|নিউজ|পোস্ট))?",
    r"সংশ্লিষ্ট(?:\s*(?:খবর|সংবাদ))?",
    r"সর্বশেষ(?:\s*(?:খবর|সংবাদ|নিউজ|আপডেট))?",
    r"সর্বাধিক\s*(?:পঠিত|পড়া|পঠিত খবর|আলোচিত)(?:\s*(?:খবর|সংবাদ))?",
    r"সর্বাধিক",
    r"(?:জনপ্রিয়|পাঠকপ্রিয়|আলোচিত|বাছাইকৃত|নির্বাচিত)(?:\s*(?:সংবাদ|খবর|নিউজ|পোস্ট))?",
    r"(?:পাঠকের\s*)?মন্তব্য(?:\s*(?:করুন|সমূহ|লিখুন|\(\d+\)))?",
    r"কমেন্ট(?:\s*করুন)?",
    r"ট্যাগ(?:স|সমূহ)?(?:\s*[:ঃ].*)?",
    r"বিষয়(?:সমূহ)?\s*[:ঃ].*",
    r"আপলোডকারীর\s*তথ্য",
    r"(?:সংবাদ\s*)?শিরোনাম(?:\s*[:ঃ])?",
    r"ব্রেকিং(?:\s*নিউজ)?",
    r"লিড\s*নিউজ",
    r"ফটো\s*গ্যালারি|ভিডিও\s*গ্যালারি",
    r"সম্পাদকের\s*পছন্দ",
    r".{0,30}?(?:অন্যান্য|আরও|আরো)\s*(?:খবর|সংবাদ)",
    r".{0,30}?আর(?:ও|ো)\s*(?:পড়ুন|পড়তে\s*পারেন|দেখুন)",
    r"(?:you\s*may\s*also\s*like|related(?:\s*(?:news|posts|articles|stories))?|read\s*more|more\s*(?:news|stories)"
    r"|tags?(?:\s*:.*)?|comments?|most\s*(?:read|popular|viewed)|latest(?:\s*news)?|popular(?:\s*news)?"
    r"|trending|top\s*news|also\s*read)",
)
_BLOCK_RE = _re(r"^[\s•·*#>»\-–]*(?:" + "|".join(_BLOCK_PHRASES) + r")[\s:ঃ>»\-–.…|]*$")
# A line that names a block and carries its content on the same line ("আরও পড়ুন: ...", "ট্যাগ: ...").
_INLINE_READMORE_RE = _re(
    r"^[\s•·*>»\-–]*(?:আর(?:ও|ো)\s*পড়ুন|আরও\s*পড়ুন|also\s*read|read\s*more)\s*[:ঃ>»\-–|]+\s*\S"
)
_FOOTER_RE = _re(
    r"copyright|©|all rights reserved|সর্বস্বত্ব|স্বত্ব\s*সংরক্ষিত|কপিরাইট|^সম্পাদক(?:\s*ও\s*প্রকাশক)?\s*[:ঃ]"
    r"|^প্রকাশক\s*[:ঃ]|^ভারপ্রাপ্ত সম্পাদক|^বার্তা ও বাণিজ্যিক কার্যালয়|^ঠিকানা\s*[:ঃ]|theme\s+(?:customized|developed|by)"
    r"|developed by|design(?:ed)? (?:&|and )?(?:developed )?by|powered by"
)

_PHOTO_CREDIT_RE = _re(
    r"^[\s(\[]*(?:(?:সংগৃহীত|ফাইল|প্রতীকী|প্রতিনিধির|সংগৃহীত\s*ফাইল)\s*ছবি|ছবি\s*[:ঃ-]?\s*(?:সংগৃহীত|প্রতীকী|ফাইল)"
    r"|ছবি(?:র\s*(?:উৎস|ক্যাপশান|ক্যাপশন))?\s*[:ঃ,].{0,80}|ফটো\s*[:ঃ].{0,60}|photo\s*(?:credit)?\s*[:ঃ].{0,60}"
    r"|file\s*photo|collected(?:\s*photo)?|ছবি|সংগৃহীত|প্রতীকী ছবি)[\s)\]।.]*$"
)
# "/এমপি/", "এমএইচআর/জিকেএস", "/MP/": reporters' and editors' initials at the end of an article.
_INITIALS_RE = _re(
    rf"^/?\s*[{_BN}A-Z]{{1,8}}(?:\s*/\s*[{_BN}A-Z]{{1,8}})+\s*/?$|^/\s*[{_BN}A-Z]{{1,10}}\s*/$|^\(\s*[{_BN}]{{1,8}}(?:/[{_BN}]{{1,8}})*\s*\)$"
)
# "news24bd.tv/আলী", "বিডি প্রতিদিন/এমআই", "bdnews24.com/ab".
_SIGNATURE_RE = _re(
    rf"^(?:[a-z0-9-]+\.)+[a-z]{{2,}}(?:/[{_BN}\w.\- ]{{0,20}})?$|^[^\s/।]{{1,20}}(?:\s[^\s/।]{{1,20}}){{0,3}}/[{_BN}A-Za-z.]{{1,12}}$"
)
_WIDGET_RE = _re(
    r"^(?:share(?:\s*this)?(?:\s*(?:post|article|news|story))?.*|শেয়ার(?:\s*করুন)?.*|শেয়ার(?:\s*করুন)?.*"
    r"|(?:facebook|twitter|whatsapp|linkedin|messenger|telegram|email|print|copy link|pinterest)(?:[\s,|/]+(?:facebook|twitter|whatsapp|linkedin|messenger|telegram|email|print|copy link|pinterest|x))*"
    r"|.*(?:ফলো\s*করুন|follow\s*us|subscribe|সাবস্ক্রাইব).*|.*গুগল\s*নিউজ.*|google\s*news.*"
    r"|html comment box.*|loading(?:\s*comments)?\s*\.*|লোড\s*হচ্ছে.*|advertisement|বিজ্ঞাপন|sponsored|স্পন্সর্ড"
    r"|article\s*information|প্রধান\s*বিষয়বস্তুতে\s*যান|skip\s*to\s*(?:main\s*)?content"
    r"|প্রিন্ট(?:\s*(?:করুন|সংস্করণ))?|ই-?পেপার|e-?paper|log\s*in|sign\s*in|লগইন|সার্চ|search|menu|মেনু|x|×|close|বন্ধ করুন"
    r"|font size.*|ফন্ট.*|[aA]\s*[aA]\s*[aA]?|\+\s*-|কপি\s*লিংক.*|লিংক\s*কপি.*|অ\s*অ\s*অ?"
    r"|\d+\.\s*\S+@\S+.*|\S+@\S+\.\S+(?:\s*:.*)?|https?://\S+|www\.\S+)$"
)

MENU_WORDS = {
    _nfc(w)
    for w in (
        "প্রচ্ছদ হোম জাতীয় রাজনীতি আন্তর্জাতিক বিশ্ব সারাদেশ সারা দেশ অর্থনীতি বাণিজ্য অর্থ-বাণিজ্য খেলা "
        "খেলাধুলা বিনোদন মতামত লাইফস্টাইল প্রযুক্তি বিজ্ঞান শিক্ষা স্বাস্থ্য চাকরি ধর্ম ফিচার ভিডিও ছবি "
        "ই-পেপার আর্কাইভ অপরাধ আইন-আদালত আইন আদালত রাজধানী সম্পাদকীয় উপসম্পাদকীয় প্রবাস শিল্প-সাহিত্য "
        "সাহিত্য অন্যান্য সর্বশেষ নগর দেশ রাজধানী ক্যাম্পাস কৃষি পরিবেশ জীবনযাপন ইসলাম ও অর্থনীতি এক্সক্লুসিভ "
        "home national politics international world sports entertainment business opinion lifestyle "
        "technology tech health education video photo photos epaper archive bangladesh country more"
    ).split()
}

_SECTION_RE = _re(r"^[\s•·]*(?:বিভাগ|ক্যাটাগরি|ক্যাটেগরি|category|section|শ্রেণি)\s*[:ঃ]\s*(.{1,60}?)\s*$")
_BREADCRUMB_RE = _re(r"^(?:প্রচ্ছদ|হোম|home)\s*(?:[»>/›|]\s*[^»>/›|]{1,40}){1,3}$")


_ODD_SPACE_RE = re.compile(r"[^\S ]")  # every whitespace but the plain space (NBSP, thin spaces, tabs)
_SPACE_RUN_RE = re.compile(r" {2,}")


def normalize_line(line: str, *, nfc: bool = True) -> str:
    """NFC, no zero-width/soft-hyphen characters, single spaces, stripped. `nfc=False` for text that is
    NFC already (normalising a long body twice costs as much as the rest of its cleaning)."""
    if nfc:
        line = _nfc(line)
    line = re.sub("[\u200b\u2060\ufeff\u00ad]", "", line)
    # Two passes that touch only what needs changing (other whitespace, then runs of spaces): one pass
    # replacing every space by a space costs more than the rest of the cleaning on long bodies.
    line = _SPACE_RUN_RE.sub(" ", _ODD_SPACE_RE.sub(" ", line))
    return line.strip().strip("\u200c\u200d").strip()


def is_block_marker(line: str) -> bool:
    """A header that starts a related/popular/comments/tags block, or a footer/copyright line."""
    if not line or len(line) > 120:
        return False
    if _FOOTER_RE.search(line) and len(line) < 250:
        return True
    return len(line) <= 60 and bool(_BLOCK_RE.match(line))


def is_inline_readmore(line: str) -> bool:
    return bool(_INLINE_READMORE_RE.match(line or "")) and "।" not in line[:-1]


def is_readmore_marker(line: str) -> bool:
    """'আরও পড়ুন' style markers, which interrupt an article rather than end it."""
    return bool(_READMORE_RE.match(line or ""))


_READMORE_RE = _re(
    r"^[\s•·*>»\-–]*.{0,30}?(?:আর(?:ও|ো)\s*(?:পড়ুন|পড়তে\s*পারেন|দেখুন)|also\s*read|read\s*more)[\s:ঃ>»\-–.…|]*$"
)


def is_photo_credit(line: str) -> bool:
    return len(line) <= 100 and bool(_PHOTO_CREDIT_RE.match(line))


def is_menu(line: str) -> bool:
    tokens = re.findall(rf"[\w{_BN}\-]+", line.lower())
    if len(tokens) < 3:
        return False
    hits = sum(1 for t in tokens if t in MENU_WORDS)
    return hits >= 3 and hits >= 0.6 * len(tokens)


def is_chrome_line(line: str) -> bool:
    """A line that is chrome on its own: credit, initials, signature, widget, menu, e-mail, URL."""
    if not line:
        return False
    if len(line) <= 2 and not re.search(rf"[{_BN}]{{2}}", line):
        return True
    if is_photo_credit(line) or is_inline_readmore(line):
        return True
    if len(line) <= 60 and (_INITIALS_RE.match(line) or _SIGNATURE_RE.match(line)) and "।" not in line:
        return True
    if len(line) <= 160 and _WIDGET_RE.match(line):
        return True
    return is_menu(line)


def section_of(line: str) -> str:
    """The section named by a "বিভাগ : আন্তর্জাতিক" line or a breadcrumb, else ''."""
    m = _SECTION_RE.match(line or "")
    if m:
        return m.group(1).strip(" ।.,")
    if _BREADCRUMB_RE.match(line or ""):
        return re.split(r"[»>/›|]", line)[-1].strip()
    return ""


def strip_inline_chrome(paragraph: str) -> str:
    """Remove initials and signatures glued to the end of a paragraph ("... জানান। /এমপি/")."""
    text = re.sub(rf"\s+/[{_BN}A-Z]{{1,10}}(?:/[{_BN}A-Z]{{1,10}})*/\s*$", "", paragraph)
    return text.strip()
