"""Citations of an article in APA, MLA, Chicago, BibTeX, RIS and CSL-JSON (issue 15). Imports no Django.

The byline is the author when it names someone (or an agency); a byline that is a web address, the
outlet's domain or a role ("Staff Correspondent", "নিজস্ব প্রতিবেদক", "স্পোর্টস ডেস্ক") names nobody, and
then the outlet is the author, as style guides do for unsigned news. The year is that of the Dhaka date
and only when the page gave one: a date known only as a capture time (approximate) or not at all gives
"n.d." (or no year field). Bengali titles get an ISO 15919 romanisation, the scheme library catalogues
use, from indic-transliteration.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from indic_transliteration import sanscript

MONTHS = ("January February March April May June July August September October November December").split()
MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()
DATED = ("minute", "day")
# Italics (the outlet's name in APA, MLA, Chicago) are marked with two private-use characters that no
# title holds: plain() drops them, html() makes them <i>.
ITALIC_START, ITALIC_END = "\ue000", "\ue001"

FORMATS = {
    "apa": ("APA", "text/plain; charset=utf-8", "txt"),
    "mla": ("MLA", "text/plain; charset=utf-8", "txt"),
    "chicago": ("Chicago", "text/plain; charset=utf-8", "txt"),
    "bibtex": ("BibTeX", "application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("RIS", "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl-json": ("CSL-JSON", "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}

ADDRESS = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|net|org|bd|info|news|tv)\b|[\w-]+\.কম)", re.I)
ROLE = re.compile(
    r"correspondent|reporter|\breport\b|\bdesk\b|\bstaff\b|\bonline\b|\bbureau\b|\bnews\b|\beditor\b"
    r"|প্রতিবেদক|প্রতিবেদন|প্রতিনিধি|ডেস্ক|করেসপন্ডেন্ট|রিপোর্টার|সংবাদদাতা|অনলাইন|বার্তা কক্ষ",
    re.I,
)
AGENCIES = {
    "afp", "ap", "bss", "unb", "reuters", "ani", "pti", "ians", "xinhua", "anadolu",
    "বাসস", "ইউএনবি", "এএফপি", "রয়টার্স", "এপি",
}  # fmt: skip
SEPARATORS = re.compile(r"\s+(?:and|&|ও|এবং)\s+|\s*;\s*")
NUKTA = {"য\u09bc": "\u09df", "ড\u09bc": "\u09dc", "ঢ\u09bc": "\u09dd"}


@dataclass
class Source:
    """What a citation needs from an article (the caller resolves names, dates and addresses)."""

    id: int
    title: str
    outlet: str = ""  # the outlet's name as reference lists write it (its English name)
    byline: str = ""
    published: datetime | None = None  # in Dhaka time
    precision: str = "unknown"
    url: str = ""
    permalink: str = ""
    accessed: date | None = None
    language: str = "bn"
    title_latin: str = ""
    authors: list = field(default_factory=list)

    def __post_init__(self):
        if not self.title_latin:
            self.title_latin = romanize(self.title)
        if not self.authors:
            self.authors = authors(self.byline, self.outlet)


def romanize(text):
    """ISO 15919 romanisation of the Bengali in `text` ("" when it has none): ব is b, e and o unmarked."""
    if not re.search(r"[\u0980-\u09ff]", text or ""):
        return ""
    text = unicodedata.normalize("NFC", text)
    for pair, single in NUKTA.items():
        text = text.replace(pair, single)  # NFC splits these; the transliterator wants one letter
    latin = sanscript.transliterate(text, sanscript.BENGALI, sanscript.ISO)
    # The tables go through Devanagari: Bengali has no v (ব is b) and no short/long e, o contrast.
    latin = latin.replace("v", "b").replace("V", "B").replace("ē", "e").replace("ō", "o")
    return latin.replace("\u09bc", "")


def _is_name(part):
    return bool(part) and not ADDRESS.search(part) and not ROLE.search(part)


def authors(byline, outlet=""):
    """CSL name objects: a person ({"family", "given"}), an agency or the outlet ({"literal"})."""
    people = []
    for part in SEPARATORS.split((byline or "").strip()):
        part = part.strip(" \t.,;:-–—")
        if part.casefold() in AGENCIES:
            people.append({"literal": part})
        elif _is_name(part) and len(part.split()) <= 5:
            words = part.split()
            people.append(
                {"family": words[-1], "given": " ".join(words[:-1])} if len(words) > 1 else {"literal": part}
            )
    if not people and outlet:
        people.append({"literal": outlet})
    return people


def year(source):
    return source.published.year if source.published and source.precision in DATED else None


def _display(name, inverted=True, initials=False):
    if "literal" in name:
        return name["literal"]
    given = name["given"]
    if initials:
        given = " ".join(f"{w[0]}." for w in given.split())
    return f"{name['family']}, {given}" if inverted else f"{given} {name['family']}"


def _italic(text):
    return f"{ITALIC_START}{text}{ITALIC_END}"


def _title(source):
    return f"{source.title} [{source.title_latin}]" if source.title_latin else source.title


def _where(source):
    return source.url or source.permalink


def _archived(source):
    return f" Archived at {source.permalink}." if source.url and source.permalink else ""


def apa(source):
    names = [_display(n, initials=True) for n in source.authors]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1] if names else ""
    outlet = f" {_italic(source.outlet)}." if source.outlet and source.outlet != who else ""
    who = who if not who or who.endswith(".") else f"{who}."
    y = year(source)
    when = f"{y}, {MONTHS[source.published.month - 1]} {source.published.day}" if y else "n.d."
    retrieved = f"Retrieved {_long(source.accessed)}, from " if not y and source.accessed else ""
    return f"{who} ({when}). {_title(source)}.{outlet} {retrieved}{_where(source)}{_archived(source)}".strip()


def _long(day):
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _mla_date(day):
    return f"{day.day} {MLA_MONTHS[day.month - 1]} {day.year}"


def mla(source):
    names = source.authors
    if len(names) == 1:
        who = _display(names[0])
    elif len(names) == 2:
        who = f"{_display(names[0])}, and {_display(names[1], inverted=False)}"
    else:
        who = f"{_display(names[0])}, et al." if names else ""
    who = "" if who == source.outlet else f"{who}. "  # MLA starts with the title when the outlet wrote it
    date_part = f", {_mla_date(source.published)}" if year(source) else ""
    accessed = f" Accessed {_mla_date(source.accessed)}." if source.accessed else ""
    outlet = f" {_italic(source.outlet)}" if source.outlet else ""
    return f'{who}"{_title(source)}."{outlet}{date_part}, {_where(source)}.{accessed}'


def chicago(source):
    names = source.authors
    who = (
        ", and ".join([_display(names[0])] + [_display(n, inverted=False) for n in names[1:]])
        if names
        else ""
    )
    y = year(source)
    when = _long(source.published) + "." if y else "n.d."
    accessed = f" Accessed {_long(source.accessed)}." if not y and source.accessed else ""
    outlet = f" {_italic(source.outlet)}," if source.outlet else ""
    return f'{who}. "{_title(source)}."{outlet} {when}{accessed} {_where(source)}.'


def _bib(value):
    return re.sub(r"([{}%&$#_\\])", r"\\\1", str(value))


def bibtex(source):
    y = year(source)
    author = " and ".join(
        "{" + _bib(n["literal"]) + "}" if "literal" in n else _bib(_display(n)) for n in source.authors
    )
    fields = [
        ("author", author),
        ("title", _bib(source.title)),
        ("titleaddon", _bib(source.title_latin)),
        ("howpublished", _bib(source.outlet)),
        ("year", str(y) if y else ""),
        ("month", str(source.published.month) if y else ""),
        ("day", str(source.published.day) if y else ""),
        ("url", _where(source)),
        ("urldate", source.accessed.isoformat() if source.accessed else ""),
        ("langid", "bengali" if source.language == "bn" else "english"),
        ("note", _bib(f"Archived at {source.permalink}") if source.url and source.permalink else ""),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{archive{source.id},\n{body}\n}}\n"


def ris(source):
    y = year(source)
    lines = [("TY", "NEWS")]
    lines += [("AU", _display(n)) for n in source.authors]
    lines += [("TI", source.title), ("TT", source.title_latin), ("T2", source.outlet)]
    if y:
        p = source.published
        lines += [("PY", str(y)), ("DA", f"{p.year:04d}/{p.month:02d}/{p.day:02d}")]
    lines += [("UR", _where(source)), ("LA", source.language)]
    if source.accessed:
        lines.append(("Y2", source.accessed.strftime("%Y/%m/%d")))
    if source.url and source.permalink:
        lines.append(("N1", f"Archived at {source.permalink}"))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value or tag == "ER")


def csl(source):
    """One CSL-JSON item (a dict); csl_json() wraps it in the list the format expects."""
    item = {
        "id": f"archive-{source.id}",
        "type": "article-newspaper",
        "title": source.title,
        "container-title": source.outlet,
        "author": source.authors,
        "URL": _where(source),
        "language": source.language,
    }
    if source.title_latin:
        item["note"] = f"Romanised title: {source.title_latin}"
    if year(source):
        p = source.published
        item["issued"] = {"date-parts": [[p.year, p.month, p.day]]}
    if source.accessed:
        a = source.accessed
        item["accessed"] = {"date-parts": [[a.year, a.month, a.day]]}
    if source.url and source.permalink:
        item["archive_location"] = source.permalink
    return item


def csl_json(source):
    return json.dumps([csl(source)], ensure_ascii=False, indent=2) + "\n"


RENDER = {"apa": apa, "mla": mla, "chicago": chicago, "bibtex": bibtex, "ris": ris, "csl-json": csl_json}


def cite(source, fmt):
    """The citation of `source` in `fmt` (a key of FORMATS), with italic marks (see plain(), html())."""
    return RENDER[fmt](source)


def plain(text):
    """A citation without its italic marks (for copying as plain text)."""
    return text.replace(ITALIC_START, "").replace(ITALIC_END, "")


def html(text, escape):
    """A citation as HTML with <i> for italics; `escape` is the caller's HTML escaper."""
    return str(escape(text)).replace(ITALIC_START, "<i>").replace(ITALIC_END, "</i>")
