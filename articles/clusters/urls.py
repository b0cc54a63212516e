from django.urls import path

from . import views

# Included from articles/urls.py, inside its "articles" namespace.
urlpatterns = [
    path("cluster/<int:pk>/", views.cluster_detail, name="cluster"),
]
