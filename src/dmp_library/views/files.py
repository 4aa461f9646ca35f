"""Streaming a document's blob to the browser safely."""
from urllib.parse import quote

from pyramid.response import FileIter, Response

# Types a browser may show inline in the document page's preview.
PREVIEWABLE = {"application/pdf", "text/plain", "text/html", "image/jpeg", "image/png"}


def content_disposition(kind, filename):
    """RFC 6266 header value with an ASCII fallback and the UTF-8 name."""
    fallback = "".join(c for c in filename if 32 <= ord(c) < 127 and c not in '"\\;') or "document"
    return "%s; filename=\"%s\"; filename*=UTF-8''%s" % (kind, fallback, quote(filename, safe=""))


def file_response(document, inline=False):
    """The document's file: right type, attachment unless previewed, never sniffed by browsers.

    HTML is only ever shown inside a CSP sandbox, so that a document cannot run script as us.
    """
    inline = inline and document.mime_type in PREVIEWABLE
    content_type = document.mime_type
    if document.charset:
        content_type += "; charset=" + document.charset
    response = Response(app_iter=FileIter(document.open()), content_length=document.size)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = content_disposition(
        "inline" if inline else "attachment", document.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    if document.mime_type == "text/html":
        response.headers["Content-Security-Policy"] = "sandbox"
    return response
