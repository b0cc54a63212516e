"""The result lists of search and browse pages, written in Python: result items and facet blocks.

A search page shows twenty results and about a hundred facet values. Rendered by `{% include %}` in a
loop, each resolving a dozen template variables, they cost more CPU than the search itself (26 ms of a
55 ms page on SolrCloud). These tags write the same markup, every value escaped as the template's
autoescaping would; the page templates keep everything else.
"""

from html import escape

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from articles.addresses import id_address, slug_address

from .archive_tags import date_label, is_on, month_label, num, query_string

register = template.Library()


def _e(value) -> str:
    """`value` as autoescaping writes it (conditional_escape, without its lazy-string wrapper)."""
    return value.__html__() if isinstance(value, SafeData) else escape(str(value))


def _versions(hit, all_versions) -> str:
    """The link to the other versions of a hit's story (or to all of them, when each is listed)."""
    if not hit.cluster:
        return ""
    if hit.versions > 1 and not all_versions:
        more = hit.versions - 1
        text = ngettext("%(shown)s more version", "%(shown)s more versions", more) % {"shown": num(more)}
    else:
        text = gettext("Every version of this story")
    return f'\n  <p class="versions"><a href="{_e(id_address("articles:cluster", hit.cluster))}">{_e(text)}</a></p>'


def _meta(hit, outlets, topics) -> str:
    """The hit's outlet, date and topic, each on a line of its own."""
    parts = []
    if hit.outlet:
        href = slug_address("articles:outlet", hit.outlet)
        parts.append(f'<a href="{_e(href)}">{_e(outlets.get(hit.outlet) or hit.outlet)}</a>')
    if hit.published:
        stamp = template_localtime(hit.published).isoformat()
        parts.append(f'<time datetime="{_e(stamp)}">{_e(date_label(hit.published, hit.precision))}</time>')
    if hit.topic:
        href = slug_address("articles:topic", hit.topic)
        parts.append(f'<a href="{_e(href)}">{_e(topics.get(hit.topic) or hit.topic)}</a>')
    return "".join(f"\n    {part}" for part in parts)


@register.simple_tag(takes_context=True)
def result_items(context, results, show_snippet=False, level=3):
    """The `<li>` of each hit: headline, outlet, date, topic, its story's other versions, the snippet."""
    names = context.get("facet_names") or {}
    outlets, topics = names.get("outlet") or {}, names.get("topic") or {}
    all_versions = results.params.all_versions
    items = []
    for hit in results.hits:
        # The snippet is HTML already: escaped text with <mark> around the matched words.
        snippet = f'\n  <p class="snippet">{hit.snippet}</p>' if show_snippet and hit.snippet else ""
        items.append(
            f'<li class="item">\n  <h{level}><a href="{_e(hit.path)}" lang="{_e(hit.language)}">{_e(hit.title)}'
            f'</a></h{level}>\n  <p class="meta">{_meta(hit, outlets, topics)}\n  </p>'
            f"{_versions(hit, all_versions)}{snippet}\n</li>\n"
        )
    return mark_safe("".join(items))


@register.simple_tag(takes_context=True)
def facet_block(context, label, param, pairs, names, current):
    """One filter's values with their counts, each a link that adds it (or, when chosen, removes it)."""
    if not pairs:
        return ""
    names = names or {}
    remove = _e(gettext("Remove this filter"))
    items = []
    for value, count in pairs:
        shown = _e(names.get(value) or (month_label(value) if param == "month" else value))
        if is_on(value, current):
            link = (
                f'<a href="{_e(query_string(context, **{param: ""}))}" aria-current="true">'
                f'<span aria-hidden="true">✕</span><span class="visually-hidden">{remove}:</span> {shown}</a>'
            )
            items.append(
                f'\n      <li class="on">\n        {link}\n        <span class="n">{_e(num(count))}</span>\n      </li>'
            )
        else:
            link = f'<a href="{_e(query_string(context, **{param: value}))}">{shown}</a>'
            items.append(
                f'\n      <li>\n        {link}\n        <span class="n">{_e(num(count))}</span>\n      </li>'
            )
    param = _e(param)
    return mark_safe(
        f'<section class="facet" aria-labelledby="facet-{param}">\n  <h3 id="facet-{param}">{_e(label)}</h3>\n'
        f"  <ul>{''.join(items)}\n  </ul>\n</section>\n"
    )
