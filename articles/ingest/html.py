"""Extracting one article from a saved HTML page.

Main text comes from trafilatura; metadata from JSON-LD (NewsArticle and friends), OpenGraph/article:*
and plain meta tags. The text then goes through the same cleaning as raw text pages (chrome lines,
"আরও পড়ুন" blocks, photo credits), and the same Bengali date, outlet, desk and wire-source logic.
When the metadata has no date, the page's visible text is read like a raw page to find the date line
next to the headline. Never raises: failures become warnings on the returned Record.
"""

from __future__ import annotations

import json
import re
from datetime import date

from articles.bangla.dates import parse_datetime

from .extract import _ROLE_RE, extract_page
from .outlets import detect_outlet_with_evidence, find_outlet, outlet_for_url
from .record import Record, never_raises
from .wire import find_sources

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenews", "blogposting", "analysisnewsarticle", "webpage"}
_BLOCK_TAGS = (
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "header",
    "footer", "time", "span", "figcaption", "blockquote", "ul", "ol", "nav", "aside", "a",
)  # fmt: skip


def _json_ld_objects(doc) -> list[dict]:
    objects: list[dict] = []
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            # Sites often leave trailing commas or raw newlines in strings; try a forgiving pass.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ")))
            except ValueError:
                continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return objects


def _type_of(obj: dict) -> set[str]:
    t = obj.get("@type", "")
    types = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in types}


def _name(value) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or "").strip()
    if isinstance(value, list):
        return ", ".join(n for n in (_name(v) for v in value) if n)
    return str(value or "").strip()


def metadata(html: str) -> dict:
    """headline, datePublished, dateModified, publisher, section, author, url, description (strings)."""
    import lxml.html

    meta: dict[str, str] = {}
    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return meta
    articles = [o for o in _json_ld_objects(doc) if _type_of(o) & _ARTICLE_TYPES]
    articles.sort(key=lambda o: 0 if _type_of(o) & {"newsarticle", "reportagenews", "article"} else 1)
    for obj in articles:
        for key, field in (
            ("headline", "title"),
            ("datePublished", "published"),
            ("dateModified", "modified"),
            ("articleSection", "section"),
            ("url", "url"),
            ("description", "description"),
        ):
            value = obj.get(key)
            if isinstance(value, list):
                value = value[0] if value else ""
            if value and field not in meta:
                meta[field] = str(value).strip()
        if obj.get("publisher") and "publisher" not in meta:
            meta["publisher"] = _name(obj["publisher"])
        if obj.get("author") and "author" not in meta:
            meta["author"] = _name(obj["author"])

    def first(xpath: str) -> str:
        found = doc.xpath(xpath)
        return str(found[0]).strip() if found else ""

    fallbacks = {
        "title": ['//meta[@property="og:title"]/@content', "//h1//text()", "//title/text()"],
        "published": [
            '//meta[@property="article:published_time"]/@content',
            '//meta[@name="article:published_time"]/@content',
            '//meta[@itemprop="datePublished"]/@content',
            '//meta[@name="publish-date" or @name="pubdate" or @name="date"]/@content',
            "//time[@datetime][1]/@datetime",
        ],
        "modified": [
            '//meta[@property="article:modified_time"]/@content',
            '//meta[@property="og:updated_time"]/@content',
            '//meta[@itemprop="dateModified"]/@content',
        ],
        "publisher": ['//meta[@property="og:site_name"]/@content', '//meta[@name="publisher"]/@content'],
        "section": ['//meta[@property="article:section"]/@content'],
        "author": ['//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content'],
        "url": ['//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'],
    }
    for field, xpaths in fallbacks.items():
        if meta.get(field):
            continue
        for xp in xpaths:
            value = first(xp)
            if value:
                meta[field] = value
                break
    return meta


def visible_text(html: str) -> str:
    """The page's text with a line break per block element (scripts, styles and forms removed)."""
    import lxml.html

    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return ""
    for bad in doc.xpath("//script|//style|//noscript|//template|//form|//svg|//iframe"):
        bad.drop_tree()
    for el in doc.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag not in ("span", "a", "time"):
            el.text = "\n" + (el.text or "")
    return re.sub(r"\n\s*\n+", "\n", doc.text_content())


@never_raises("HTML extractor")
def extract_html(
    html: str, *, source: str = "", today: date | None = None, outlet: str | None = None
) -> Record:
    """Extract one article from a saved HTML page; never raises."""
    return _extract_html(html, source=source, today=today, outlet=outlet)


def _extract_html(html: str, *, source: str, today: date | None, outlet: str | None) -> Record:
    import trafilatura

    if not isinstance(html, str):
        html = "" if html is None else str(html)
    meta = metadata(html)
    page_text = visible_text(html)
    url = meta.get("url", "")

    # Outlet: --outlet, then what the page says about itself, then the URL, then signatures in the text.
    outlet_obj = None
    outlet_name = outlet
    if not outlet_name:
        for candidate in (meta.get("publisher", ""), url):
            outlet_obj = find_outlet(candidate) if candidate else None
            if outlet_obj is None and candidate and "/" in candidate:
                outlet_obj = outlet_for_url(candidate)
            if outlet_obj:
                break
        if outlet_obj is None:
            outlet_obj, _ = detect_outlet_with_evidence(page_text, url)
        outlet_name = outlet_obj.name_en if outlet_obj else None
    tz = outlet_obj.tz if outlet_obj else "Asia/Dhaka"

    # The visible page, read like a raw page: the fallback for title, dates, desk and body.
    from_page = extract_page(page_text, source=source, today=today, outlet=outlet_name)

    main = (
        trafilatura.extract(
            html,
            output_format="txt",
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            deduplicate=True,
        )
        or ""
    )
    title = meta.get("title") or from_page.title
    title = re.sub(r"\s+", " ", title).strip()
    # Clean trafilatura's text with the raw-page rules, with the headline on top so the header is found.
    from_main = (
        extract_page(f"{title}\n\n{main}", source=source, today=today, outlet=outlet_name) if main else None
    )

    rec = Record(source=source, url=url, title=title)
    rec.outlet = outlet_name if outlet_name else None
    if outlet and not find_outlet(outlet):
        rec.warnings.append(f"outlet {outlet!r} given on the command line is not in the registry")
    if outlet_name and find_outlet(outlet_name):
        rec.outlet = find_outlet(outlet_name).name_en
    if rec.outlet is None:
        rec.warnings.append("unknown outlet: neither the metadata nor the page names a registered outlet")

    body_source = from_main if from_main is not None and from_main.body else from_page
    rec.body = body_source.body
    if body_source is from_page and rec.body:
        rec.warnings.append("main text from the whole page (trafilatura found none)")

    published = parse_datetime(meta.get("published", ""), today=today, tz=tz)
    modified = parse_datetime(meta.get("modified", ""), today=today, tz=tz)
    if published is not None:
        rec.published_at, rec.date_precision = published.value, published.precision
        rec.warnings.extend(published.warnings)
        rec.updated_at = modified.value if modified else None
    elif modified is not None:
        rec.published_at = rec.updated_at = modified.value
        rec.date_precision = modified.precision
        rec.warnings.append("only a modified date in the metadata; used it as the published date too")
    else:
        rec.published_at, rec.updated_at = from_page.published_at, from_page.updated_at
        rec.date_precision = from_page.date_precision
        rec.warnings.extend(w for w in from_page.warnings if "date" in w or "year" in w)
    if rec.published_at is not None and not 1900 <= rec.published_at.year <= 2100:
        rec.published_at = rec.updated_at = None
        rec.date_precision = "unknown"

    author = meta.get("author", "")
    if author and _ROLE_RE.search(author):
        rec.desk = author
    elif author and not find_outlet(author):
        rec.byline = author
    rec.desk = rec.desk or from_page.desk or (from_main.desk if from_main else "")
    rec.byline = rec.byline or from_page.byline
    rec.section = meta.get("section", "") or from_page.section
    rec.lead = from_page.lead if from_page.title == title else ""
    rec.sources = find_sources(rec.body)
    rec.language = from_main.language if from_main is not None else from_page.language
    if not rec.title:
        rec.warnings.append("no headline in the metadata or the page")
    if not rec.body:
        rec.warnings.append("no article paragraphs found")
    return rec
