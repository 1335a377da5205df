"""The Content-Security-Policy header: everything the pages need comes from this site.

It goes on documents (HTML, and SVG, which can carry scripts when opened alone): a style
sheet, a script or JSON runs under the policy of the page that loads it, so the header
would only add bytes to every static file."""

from django.conf import settings

# Inline style attributes (the admin uses them) are allowed; scripts only from our files.
DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


DOCUMENTS = ("text/html", "image/svg+xml")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith(DOCUMENTS):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
