"""Logging in and out, activating a patient account, choosing the language."""
import colander
import deform
from pyramid.httpexceptions import HTTPFound, HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config
from substanced.interfaces import IRoot
from substanced.util import get_oid

from ..i18n import LANGUAGE_COOKIE, LANGUAGES, _
from ..resources.schemas import ActivationSchema
from ..security.accounts import LoginError, account_kind, activate, authenticate
from .forms import button, make_form, service_error, validate


class LoginSchema(colander.Schema):
    login = colander.SchemaNode(
        colander.String(), title=_("NIR, e-mail or RPPS number"),
        widget=deform.widget.TextInputWidget(attributes={"autocomplete": "username"}),
    )
    password = colander.SchemaNode(
        colander.String(), title=_("Password"),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "current-password"}),
    )


def safe_came_from(request):
    """A local path to return to after logging in, never another site."""
    came_from = request.params.get("came_from", "")
    if came_from.startswith("/") and not came_from.startswith("//") and "\\" not in came_from:
        return came_from
    return None


def home_url(request, user):
    """Where an account lands after logging in."""
    kind = account_kind(user)
    if kind == "patient":
        dossier = request.site_root["dossiers"][user.dossier_name]
        return request.resource_url(dossier, "closed") if dossier.closed else \
            request.resource_url(dossier)
    if kind == "professional":
        return request.resource_url(request.site_root, "pro")
    return request.route_url("substanced_manage", traverse=())


def log_in(request, user, location=None, message=None):
    """Start a fresh session for ``user`` (no session fixation) and redirect, with ``message``
    flashed on the new session."""
    request.session.invalidate()
    if message is not None:
        request.session.flash(request.localizer.translate(message))
    headers = remember(request, get_oid(user))
    return HTTPSeeOther(location=location or safe_came_from(request) or home_url(request, user),
                        headers=headers)


def _page(title, form, intro=None):
    return {"title": title, "form": form, "intro": intro}


@view_config(context=IRoot, name="login", renderer="dmp_library:templates/form_page.pt")
def login_view(context, request):
    title = _("Log in")
    form = make_form(request, LoginSchema(), [button("submit", _("Log in"))])
    if "submit" not in request.POST:
        return _page(title, form.render({"login": request.params.get("login", "")}))
    try:
        data = validate(form, request)
        user = authenticate(context, data["login"], data["password"], request.registry.settings)
    except deform.ValidationFailure as failure:
        return _page(title, failure.render())
    except LoginError as error:
        return _page(title, service_error(form, {"login": data["login"]}, error.message).render())
    return log_in(request, user)


@view_config(context=IRoot, name="logout", request_method="POST")
def logout_view(context, request):
    request.session.invalidate()
    return HTTPSeeOther(location=request.application_url + "/", headers=forget(request))


@view_config(context=IRoot, name="activate", renderer="dmp_library:templates/form_page.pt")
def activate_view(context, request):
    title = _("Activate my account")
    intro = _("Enter your social security number (or e-mail), the activation code your doctor "
              "gave you when your dossier was created, and choose your password.")
    form = make_form(request, ActivationSchema(), [button("submit", _("Activate"))])
    if "submit" not in request.POST:
        return _page(title, form.render(), intro)
    try:
        data = validate(form, request)
        user = activate(context, data["login"], data["code"], data["password"],
                        request.registry.settings)
    except deform.ValidationFailure as failure:
        return _page(title, failure.render(), intro)
    except LoginError as error:
        return _page(title, service_error(form, {"login": data["login"]}, error.message,
                                          "code").render(), intro)
    return log_in(request, user, message=_("Your account is active."))


@view_config(route_name="language")
def language_view(request):
    """Remember the chosen language (cookie, and on the account) and go back."""
    language = request.params.get("lang")
    response = HTTPFound(location=safe_came_from(request) or request.application_url + "/")
    if language in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 86400, httponly=True,
                            samesite="Lax", secure=request.registry.settings["dmp.secure_cookies"])
        if request.user is not None and getattr(request.user, "dmp_language", None) != language:
            request.user.dmp_language = language
    return response
