from django.urls import path

from . import timeline, views

app_name = "api"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("entities/", views.EntityListView.as_view(), name="entity-list"),
    path("entities/<str:key>/", views.EntityDetailView.as_view(), name="entity-detail"),
    path("outlets/", views.OutletListView.as_view(), name="outlet-list"),
    path("outlets/<slug:slug>/", views.OutletDetailView.as_view(), name="outlet-detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("timeline/", timeline.TimelineView.as_view(), name="timeline"),
    path("openapi.json", views.SchemaView.as_view(), name="schema"),
    # Swagger UI from the sidecar package's static files (no CDN); the split view serves its start-up
    # script as a file, not inline. (drf-spectacular's Redoc page loads web fonts from the internet.)
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
]
