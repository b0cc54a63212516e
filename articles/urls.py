from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from . import citation_views, feeds, views
from .sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search_feed"),
    path("a/<int:pk>/", views.article_redirect, name="permalink"),
    path("a/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("a/<int:pk>/cite/<str:fmt>/", citation_views.cite, name="cite"),
    path("outlets/", views.OutletListView.as_view(), name="outlets"),
    path("outlet/<slug:slug>/", views.OutletArticlesView.as_view(), name="outlet"),
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("topic/<slug:slug>/", views.TopicArticlesView.as_view(), name="topic"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.YearArchiveView.as_view(), name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.MonthArchiveView.as_view(), name="archive_month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.DayArchiveView.as_view(), name="archive_day"),
    path("entities/", views.entity_index, name="entities"),
    path("entity/<str:key>/", views.entity_detail, name="entity"),
    path("", include("articles.clusters.urls")),
    path("", include("articles.timeline.urls")),
    path("outlet/<slug:slug>/feed/", feeds.OutletFeed(), name="outlet_feed"),
    path("topic/<slug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("entity/<str:key>/feed/", feeds.EntityFeed(), name="entity_feed"),
    path("opensearch.xml", feeds.opensearch, name="opensearch"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
