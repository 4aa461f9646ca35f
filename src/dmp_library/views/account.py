"""The account page: change one's password (and, for patients, e-mail)."""
import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from substanced.interfaces import IRoot

from ..i18n import _
from ..resources.schemas import password_node
from ..security.accounts import set_email
from ..security.permissions import Permission
from .forms import button, make_form, service_error, validate


class PasswordChange(colander.Schema):
    current = colander.SchemaNode(
        colander.String(), title=_("Current password"),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "current-password"}))
    password = password_node(_("New password"))


class EmailChange(colander.Schema):
    email = colander.SchemaNode(colander.String(), title=_("E-mail"),
                                validator=colander.Email(msg=_("Invalid e-mail address.")))


def _forms(request):
    password = make_form(request, PasswordChange(), [button("change_password",
                                                            _("Change my password"))],
                         formid="password-form")
    email = make_form(request, EmailChange(), [button("change_email", _("Save"))],
                      formid="email-form") if request.account_kind == "patient" else None
    return password, email


@view_config(context=IRoot, name="account", permission=Permission.ACCOUNT,
             renderer="dmp_library:templates/account.pt")
def account_view(context, request):
    password_form, email_form = _forms(request)
    user = request.user
    rendered = {"password_form": password_form.render(),
                "email_form": email_form.render({"email": user.email or ""})
                if email_form else None}
    try:
        if "change_password" in request.POST:
            data = validate(password_form, request)
            if not user.check_password(data["current"]):
                raise service_error(password_form, {}, _("This is not your current password."),
                                    "current")
            user.set_password(data["password"])
            request.session.flash(request.localizer.translate(_("Your password is changed.")))
            return HTTPSeeOther(location=request.resource_url(context, "account"))
        if "change_email" in request.POST and email_form is not None:
            data = validate(email_form, request)
            existing = context.email_index.get(data["email"].lower())
            if existing is not None and existing != request.authenticated_userid:
                raise service_error(email_form, data,
                                    _("This e-mail address is already used by another account."),
                                    "email")
            set_email(context, user, data["email"])
            request.session.flash(request.localizer.translate(_("Your e-mail is saved.")))
            return HTTPSeeOther(location=request.resource_url(context, "account"))
    except deform.ValidationFailure as failure:
        request.response.status = 400
        key = "password_form" if failure.field is password_form else "email_form"
        rendered[key] = failure.render()
    return rendered
