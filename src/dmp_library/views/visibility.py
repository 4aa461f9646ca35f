"""Changing who sees a document: the patient masks it, its author or the médecin traitant
keeps it from the patient until it has been explained, then releases it."""
import datetime

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _
from ..resources.interfaces import IMedicalDocument
from ..security.access import hide_from_patient, release_to_patient, set_masked
from ..security.permissions import Permission
from .journaling import journal


def _back(request, context, message, error=False):
    request.session.flash(request.localizer.translate(message), "error" if error else "")
    return HTTPSeeOther(location=request.resource_url(context))


@view_config(context=IMedicalDocument, name="mask", request_method="POST",
             permission=Permission.MASK)
def mask_view(context, request):
    masked = request.POST.get("masked") == "yes"
    set_masked(context, masked, request.registry)
    journal(request, "visibility", context, detail="masked" if masked else "unmasked")
    return _back(request, context, _("Masked from professionals.") if masked
                 else _("Visible again to the professionals who have access."))


@view_config(context=IMedicalDocument, name="hide-from-patient", request_method="POST",
             permission=Permission.RELEASE)
def hide_view(context, request):
    remind_on = None
    if request.POST.get("remind_on"):
        try:
            remind_on = datetime.date.fromisoformat(request.POST["remind_on"])
        except ValueError:
            return _back(request, context, _("Dates are written YYYY-MM-DD."), error=True)
    hide_from_patient(context, remind_on, request.registry)
    journal(request, "visibility", context, detail="hidden from the patient")
    return _back(request, context, _("Not visible to the patient until you release it."))


@view_config(context=IMedicalDocument, name="release", request_method="POST",
             permission=Permission.RELEASE)
def release_view(context, request):
    release_to_patient(context, request.registry)
    journal(request, "visibility", context, detail="released to the patient")
    return _back(request, context, _("The patient can now see this document."))
