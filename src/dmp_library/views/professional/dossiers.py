"""A professional's home, and opening a patient's dossier from the carte vitale."""
import deform
from pyramid.renderers import render_to_response
from pyramid.view import view_config
from substanced.interfaces import IRoot

from ...i18n import _
from ...resources.schemas import DossierByProfessionalSchema
from ...resources.services import DossierExists, open_dossier_with_professional
from ...security.permissions import Permission
from ..forms import button, make_form, service_error, validate


@view_config(context=IRoot, name="pro", permission=Permission.PROFESSIONAL_AREA,
             renderer="dmp_library:templates/professional/home.pt")
def professional_home(context, request):
    return {}


@view_config(context=IRoot, name="new-dossier", permission=Permission.DOSSIER_CREATE,
             renderer="dmp_library:templates/form_page.pt")
def new_dossier(context, request):
    title = _("Open a patient's dossier")
    intro = _("Copy the identity from the patient's carte vitale and record their consent.")
    form = make_form(request, DossierByProfessionalSchema(),
                     [button("submit", _("Open the dossier"))])
    if "submit" not in request.POST:
        return {"title": title, "intro": intro, "form": form.render()}
    try:
        data = validate(form, request)
        identity = {key: data[key] for key in ("nir", "family_name", "given_names",
                                                "birth_date", "sex")}
        dossier, code = open_dossier_with_professional(
            context, identity, request.user, data["medecin_traitant"], request.registry,
            request.registry.settings)
    except deform.ValidationFailure as failure:
        return {"title": title, "intro": intro, "form": failure.render()}
    except DossierExists as error:
        failure = service_error(form, data, error.message, "nir")
        return {"title": title, "intro": intro, "form": failure.render()}
    response = render_to_response("dmp_library:templates/professional/dossier_created.pt",
                                  {"dossier": dossier, "code": code}, request=request)
    response.headers["Cache-Control"] = "no-store"  # the activation code is shown once
    return response
