"""{% article_citations article as citations %}: the article page's citations block."""

from django import template

from articles.citation_views import citation_list, short_permalink

register = template.Library()


@register.simple_tag(takes_context=True)
def article_citations(context, article):
    return citation_list(article, short_permalink(context["request"], article))
