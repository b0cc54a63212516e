"""Bengali first: the interface is Bengali unless the reader chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, which on most machines of our
readers says English even when they came for Bengali news.
"""

from django.conf import settings
from django.utils import translation


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
