"""Request middleware of the project."""

from django.conf import settings
from django.utils import translation


class DanishFirstLocaleMiddleware:
    """Activate the language chosen in the footer (cookie), otherwise Danish.

    Django's LocaleMiddleware would follow the browser's Accept-Language and show most
    employees an English intranet; the municipality wants Danish unless a person asks.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
