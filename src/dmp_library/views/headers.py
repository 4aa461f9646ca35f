"""Security headers on every response."""
from pyramid.events import NewResponse, subscriber

# deform's widgets and the SDI use inline scripts; everything is served from this origin.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' "
                           "'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
                           "object-src 'self'; frame-ancestors 'self'; form-action 'self'; "
                           "base-uri 'self'")


@subscriber(NewResponse)
def add_security_headers(event):
    headers = event.response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Referrer-Policy", "same-origin")
    if event.response.content_type == "text/html":
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    # Medical pages, files and API answers never go to a shared or on-disk cache.
    if event.request.authenticated_userid is not None:
        headers.setdefault("Cache-Control", "private, no-store")
