"""API errors as JSON ``{"error": message}`` with the status that says what went wrong."""
from pyramid.csrf import BadCSRFToken
from pyramid.httpexceptions import HTTPException
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config
from ZODB.POSException import ConflictError

from ...i18n import _
from ...security.authentication import bearer_token
from ..errors import busy, log, where
from . import API_PREFIX

_API = "^" + API_PREFIX + "/"


def json_body(request):
    """The request's JSON object, or None when the body is not one."""
    try:
        body = request.json_body
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def json_error(request, status, message, **extra):
    request.response.status = status
    request.response.headers["Cache-Control"] = "no-store"
    return dict({"error": request.localizer.translate(message)}, **extra)


@forbidden_view_config(path_info=_API, renderer="json")
def api_forbidden(exc, request):
    if request.authenticated_userid is None:
        request.response.headers["WWW-Authenticate"] = 'Bearer realm="dmp"'
        if bearer_token(request) is not None:
            return json_error(request, 401, _("Invalid, expired or revoked token."))
        return json_error(request, 401, _("Authentication required."))
    return json_error(request, 403, _("Access refused."))


@notfound_view_config(path_info=_API, renderer="json")
def api_not_found(exc, request):
    return json_error(request, 404, _("Not found."))


@exception_view_config(BadCSRFToken, path_info=_API, renderer="json")
def api_bad_csrf(exc, request):
    return json_error(request, 400, _(
        "Missing or wrong X-CSRF-Token header (needed with a session cookie; "
        "use a Bearer token instead)."))


@exception_view_config(UnicodeDecodeError, path_info=_API, renderer="json")
def api_bad_encoding(exc, request):
    return json_error(request, 400, _("The request is not valid UTF-8."))


@exception_view_config(HTTPException, path_info=_API, renderer="json")
def api_http_error(exc, request):
    return json_error(request, exc.code, exc.title)


@exception_view_config(ConflictError, path_info=_API, last_retry_attempt=True, renderer="json")
def api_busy(exc, request):
    busy(request, exc)
    return json_error(request, 503, _("Others are changing this dossier at this very moment; "
                                      "nothing was stored. Try again in a moment."))


@exception_view_config(Exception, path_info=_API, retryable_error=False, renderer="json")
@exception_view_config(Exception, path_info=_API, last_retry_attempt=True, renderer="json")
def api_unexpected_error(exc, request):
    log.error("unexpected %s on %s %s at %s", type(exc).__name__, request.method,
              request.path, where(exc))
    return json_error(request, 500, _("The server could not complete your request; nothing "
                                      "was changed."))
