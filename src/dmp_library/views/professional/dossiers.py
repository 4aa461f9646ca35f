"""A professional's home, finding a patient, and opening a dossier from the carte vitale."""
import colander
import deform
from pyramid.renderers import render_to_response
from pyramid.view import view_config
from substanced.interfaces import IRoot

from ...i18n import _
from ...resources.schemas import DossierByProfessionalSchema, IdentitySchema
from ...resources.services import DossierExists, open_dossier_with_professional
from ...security.accounts import professional_profile
from ...security.permissions import Permission
from ..forms import button, make_form, service_error, validate
from .emergency import emergency_possible

IDENTITY_FIELDS = ("nir", "family_name", "given_names", "birth_date", "sex")


def recent_dossiers(request):
    """The dossiers the professional opened lately and may still open."""
    dossiers = request.site_root["dossiers"]
    recent = getattr(request.user, "recent", None)
    found = (dossiers.get(name) for name in (recent.names if recent is not None else ()))
    return [d for d in found
            if d is not None and request.has_permission(Permission.DOSSIER_VIEW, d)]


class FindPatientSchema(colander.Schema):
    nir = IdentitySchema().get("nir").clone()
    birth_date = IdentitySchema().get("birth_date").clone()


def find_form(request):
    # POST, never GET: a NIR must not appear in a URL (history, logs, Referer).
    return make_form(request, FindPatientSchema(), [button("find", _("Find"))],
                     formid="find-patient", action=request.resource_url(request.site_root,
                                                                        "find-patient"))


@view_config(context=IRoot, name="pro", permission=Permission.PROFESSIONAL_AREA,
             renderer="dmp_library:templates/professional/home.pt")
def professional_home(context, request):
    return {"recent": recent_dossiers(request), "find_form": find_form(request).render()}


@view_config(context=IRoot, name="find-patient", permission=Permission.PROFESSIONAL_AREA,
             renderer="dmp_library:templates/professional/find.pt")
def find_patient(context, request):
    """Answers one of: no dossier (offer to open one), no access, or a link to the dossier."""
    form = find_form(request)
    if "find" not in request.POST:
        return {"form": form.render(), "outcome": None}
    try:
        data = validate(form, request)
    except deform.ValidationFailure as failure:
        return {"form": failure.render(), "outcome": None}
    dossier = context["dossiers"].for_nir(data["nir"])
    if dossier is None or dossier.birth_date != data["birth_date"]:
        # A wrong birth date answers like a missing dossier: the NIR alone proves nothing.
        outcome = "none"
    elif request.has_permission(Permission.DOSSIER_VIEW, dossier):
        outcome = "access"
    else:
        outcome = "refused"
    profile = professional_profile(context, request.user)
    return {"form": form.render(data), "outcome": outcome, "dossier": dossier, "found": data,
            "csrf_token": request.session.get_csrf_token(),
            "emergency": outcome == "refused" and emergency_possible(dossier, profile)}


def _found(request):
    """What "find a patient" passes on (by POST: a NIR never goes in a URL), if well formed."""
    found = {}
    for key in ("nir", "birth_date"):
        try:
            found[key] = FindPatientSchema()[key].deserialize(request.POST.get(key, ""))
        except colander.Invalid:
            pass
    return found


@view_config(context=IRoot, name="new-dossier", permission=Permission.DOSSIER_CREATE,
             renderer="dmp_library:templates/form_page.pt")
def new_dossier(context, request):
    title = _("Open a patient's dossier")
    intro = _("Copy the identity from the patient's carte vitale and record their consent.")
    form = make_form(request, DossierByProfessionalSchema(),
                     [button("submit", _("Open the dossier"))],
                     action=request.resource_url(context, "new-dossier"))
    if "submit" not in request.POST:
        return {"title": title, "intro": intro, "form": form.render(_found(request))}
    try:
        data = validate(form, request)
        dossier, code = open_dossier_with_professional(
            context, {key: data[key] for key in IDENTITY_FIELDS}, request.user,
            data["medecin_traitant"], request.registry, request.registry.settings)
    except deform.ValidationFailure as failure:
        return {"title": title, "intro": intro, "form": failure.render()}
    except DossierExists as error:
        failure = service_error(form, data, error.message, "nir")
        return {"title": title, "intro": intro, "form": failure.render()}
    response = render_to_response("dmp_library:templates/professional/dossier_created.pt",
                                  {"dossier": dossier, "code": code}, request=request)
    response.headers["Cache-Control"] = "no-store"  # the activation code is shown once
    return response
