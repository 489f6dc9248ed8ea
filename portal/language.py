"""Which language a page is in.

The portal is Vietnamese first: officials' browsers are often set to English
(the machines come that way), yet the portal must open in Vietnamese. So the
browser's Accept-Language header is ignored for pages; English is chosen
only with the language switch (Django's language cookie). API clients are
programs that say what they want: for them Accept-Language is honoured.
"""

API_PREFIX = "/api/"


class VietnameseFirstMiddleware:
    """Placed just before LocaleMiddleware: hides Accept-Language from it
    except on the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
