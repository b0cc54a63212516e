"""Bengali first, a time budget per request, and a Content-Security-Policy on every response.

Django's LocaleMiddleware would follow the browser's Accept-Language, which on most machines of our
readers says English even when they came for Bengali news.
"""

import logging

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from . import deadline

logger = logging.getLogger(__name__)


class BengaliFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class RequestDeadlineMiddleware:
    """Give each request `ARCHIVE_REQUEST_DEADLINE_S` seconds; past it, answer 503 with a message
    (articles/deadline.py) instead of holding a worker that other readers are waiting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with deadline.budget(settings.ARCHIVE_REQUEST_DEADLINE_S):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, deadline.DeadlineExceeded):
            return None
        logger.warning("Request stopped at its deadline: %s", request.get_full_path())
        message = _("This request took too long and was stopped. Try a search with fewer or longer words.")
        if request.GET.get("format") == "json":
            from django.http import JsonResponse

            return JsonResponse({"error": message}, status=503, json_dumps_params={"ensure_ascii": False})
        return render(request, "503.html", {"message": message}, status=503)


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY with every response (pages, admin, errors, files).

    The pages load only their own scripts, styles, fonts and images (Django's admin included); only
    style attributes may be inline (see the setting). Django 6.0 brings this built in; 5.2 does not,
    and ten lines are simpler than another dependency.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{name} {' '.join(values)}" for name, values in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
