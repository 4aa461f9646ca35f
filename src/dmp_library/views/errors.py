"""Errors in the site's layout and the user's language: what happened and what to do next."""
import logging
import traceback

from pyramid.csrf import BadCSRFToken
from pyramid.events import NewResponse, subscriber
from pyramid.httpexceptions import HTTPForbidden, HTTPFound
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config
from ZODB.POSException import ConflictError

from ..i18n import _
from ..resources.dossier import find_dossier
from ..security.permissions import Permission

log = logging.getLogger(__name__)


def _error_page(request, status, title, explanation):
    request.response.status = status
    request.response.headers["Cache-Control"] = "no-store"
    return {"title": title, "explanation": explanation, "status": status}


@forbidden_view_config(renderer="dmp_library:templates/error.pt")
def forbidden_view(exc, request):
    if request.user is None:
        login = request.resource_url(request.site_root, "login",
                                     query={"came_from": request.path_qs})
        return HTTPFound(location=login)
    context = getattr(request, "context", None)
    dossier = find_dossier(context) if context is not None else None
    if dossier is not None and dossier.closed and \
            request.has_permission(Permission.DOSSIER_REOPEN, dossier):
        return HTTPFound(location=request.resource_url(dossier, "closed"))
    return _error_page(request, 403, _("Access refused"), _(
        "You are not allowed to see this page. If you think you should, ask the patient to "
        "give you access, or go back to your home page."))


@notfound_view_config(renderer="dmp_library:templates/error.pt")
def notfound_view(exc, request):
    return _error_page(request, 404, _("Page not found"), _(
        "This page does not exist, or no longer does. Check the address or go back to your "
        "home page."))


@exception_view_config(BadCSRFToken, renderer="dmp_library:templates/error.pt")
def bad_csrf_view(exc, request):
    return _error_page(request, 400, _("Form expired"), _(
        "This form is too old or was not sent from this site. Go back, reload the page and "
        "try again."))


def where(exc):
    """file:line in function, for each frame: no message, no source text, no values, since
    any of them may quote patient data."""
    return " < ".join("%s:%d in %s" % (frame.filename.rsplit("/site-packages/", 1)[-1],
                                       frame.lineno, frame.name)
                      for frame in reversed(traceback.extract_tb(exc.__traceback__)))


@exception_view_config(UnicodeDecodeError, renderer="dmp_library:templates/error.pt")
def bad_encoding_view(exc, request):
    return _error_page(request, 400, _("Unreadable request"), _(
        "This address or form is not valid UTF-8 text. Go back and try again."))


# A conflict between concurrent writes is retried by pyramid_retry (views/retries.py); it is
# an error only when the last attempt conflicts too: the dossier is busy, nothing was stored.
BUSY_SECONDS = 5


def busy(request, exc):
    log.warning("%s %s gave up after %s attempts on write conflicts", request.method,
                request.path, request.environ.get("retry.attempts"))
    request.response.headers["Retry-After"] = str(BUSY_SECONDS)


@exception_view_config(ConflictError, last_retry_attempt=True,
                       renderer="dmp_library:templates/error.pt")
def busy_view(exc, request):
    busy(request, exc)
    return _error_page(request, 503, _("Too many changes at once"), _(
        "Others are changing this dossier at this very moment; nothing was stored. Try again "
        "in a moment."))


@exception_view_config(Exception, retryable_error=False,
                       renderer="dmp_library:templates/error.pt")
@exception_view_config(Exception, last_retry_attempt=True,
                       renderer="dmp_library:templates/error.pt")
def unexpected_error_view(exc, request):
    log.error("unexpected %s on %s %s at %s", type(exc).__name__, request.method,
              request.path, where(exc))
    return _error_page(request, 500, _("Something went wrong"), _(
        "The server could not complete your request; nothing was changed. Try again in a "
        "moment, and tell the site's host if it happens again."))


@subscriber(NewResponse)
def forbidden_is_403(event):
    """Substance D's SDI answers a refusal with its login form and status 200; a refusal is a
    403 whoever renders it (the host's administrator tries /manage/dossiers, say)."""
    exception = getattr(event.request, "exception", None)
    if isinstance(exception, HTTPForbidden) and event.response.status_int == 200:
        event.response.status = 403
