"""A patient opens their own dossier online."""
import deform
from pyramid.view import view_config
from substanced.interfaces import IRoot

from ...i18n import _
from ...resources.schemas import DossierOnlineSchema
from ...resources.services import DossierExists, open_dossier_online
from ..auth import log_in
from ..forms import button, make_form, service_error, validate


@view_config(context=IRoot, name="signup", renderer="dmp_library:templates/form_page.pt")
def signup_view(context, request):
    title = _("Open my dossier")
    intro = _("Enter your identity as it appears on your carte vitale. If a doctor already "
              "opened your dossier, activate your account with the code they gave you instead.")
    form = make_form(request, DossierOnlineSchema(), [button("submit", _("Open my dossier"))])
    if "submit" not in request.POST:
        return {"title": title, "intro": intro, "form": form.render()}
    try:
        data = validate(form, request)
        identity = {key: data[key] for key in ("nir", "family_name", "given_names",
                                                "birth_date", "sex")}
        dossier, patient = open_dossier_online(context, identity, data["email"],
                                               data["password"], request.registry)
    except deform.ValidationFailure as failure:
        return {"title": title, "intro": intro, "form": failure.render()}
    except DossierExists as error:
        request.response.status = 409
        failure = service_error(form, data, error.message, "nir")
        return {"title": title, "intro": intro, "form": failure.render()}
    return log_in(request, patient, request.resource_url(dossier), _("Your dossier is open."))
