"""sitemap.xml (issue 15): an index of sections (articles, outlets, topics, entities), each paginated.

Only what readers see is listed: published articles, and outlets, topics and entities that have at
least one of them. Sections are ordered by primary key so that page N stays page N as articles arrive.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Article, Entity, Outlet, Topic, published_articles_q


class _Paged(Sitemap):
    @property
    def limit(self):
        return getattr(settings, "ARCHIVE_SITEMAP_LIMIT", 10_000)


class ArticleSitemap(_Paged):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("pk", "slug", "modified").order_by("pk")

    def lastmod(self, item):
        return item.modified


class _NamedSitemap(_Paged):
    model = None
    prefix = "articles__"

    def items(self):
        return self.model.objects.filter(published_articles_q(self.prefix)).distinct().order_by("pk")


class OutletSitemap(_NamedSitemap):
    model = Outlet
    changefreq = "daily"


class TopicSitemap(_NamedSitemap):
    model = Topic
    changefreq = "daily"


class EntitySitemap(_NamedSitemap):
    model = Entity
    prefix = "mentions__article__"
    changefreq = "weekly"


SITEMAPS = {
    "articles": ArticleSitemap,
    "outlets": OutletSitemap,
    "topics": TopicSitemap,
    "entities": EntitySitemap,
}
