"""The site's URLs plus one view that fails, to show the 500 page (tests only)."""

from django.urls import path

from newsarchive.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a failure for the 500 page test")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
