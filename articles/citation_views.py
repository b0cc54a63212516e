"""Citations on the article page and at /a/<id>/cite/<format>/: the article's fields for articles/citations.py."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from . import citations
from .models import Article

STYLED = ("apa", "mla", "chicago")  # prose citations; the others are data for reference managers


def short_permalink(request, article):
    """/a/<id>/: stable when the title (and so the slug) changes, and plain ASCII for BibTeX and RIS."""
    return request.build_absolute_uri(reverse("articles:permalink", kwargs={"pk": article.pk}))


def source_for(article, permalink):
    """A citations.Source for `article`: Dhaka date, the outlet's English name, today's access date."""
    outlet = article.outlet
    return citations.Source(
        id=article.pk,
        title=article.title,
        outlet=(outlet.name_en or outlet.name_bn) if outlet else "",
        byline=article.byline,
        published=timezone.localtime(article.published_at) if article.published_at else None,
        precision=article.date_precision,
        url=article.url,
        permalink=permalink,
        accessed=timezone.localdate(),
        language=article.language,
    )


def citation_list(article, permalink):
    """Every format for the article page: label, HTML (styled ones) or text, and its own address."""
    source = source_for(article, permalink)
    items = []
    for key, (label, _type, _ext) in citations.FORMATS.items():
        text = citations.cite(source, key)
        items.append(
            {
                "key": key,
                "label": label,
                "styled": key in STYLED,
                "html": mark_safe(citations.html(text, escape)),  # noqa: S308 (escaped by html())
                "text": citations.plain(text),
                "url": reverse("articles:cite", kwargs={"pk": article.pk, "fmt": key}),
            }
        )
    return items


@require_GET
def cite(request, pk, fmt):
    if fmt not in citations.FORMATS:
        raise Http404(f"Unknown citation format {fmt!r}: use one of {', '.join(citations.FORMATS)}.")
    article = get_object_or_404(Article.objects.indexed().select_related("outlet"), pk=pk)
    permalink = short_permalink(request, article)
    _label, content_type, extension = citations.FORMATS[fmt]
    text = citations.plain(citations.cite(source_for(article, permalink), fmt))
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="archive-{article.pk}.{extension}"'
    return response
