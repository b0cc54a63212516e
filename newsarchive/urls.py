from django.contrib import admin
from django.urls import include, path, re_path

from articles.api.views import NotFoundView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    re_path(r"^api/", NotFoundView.as_view()),
    path("research/", include("articles.research.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("articles.urls")),
]
