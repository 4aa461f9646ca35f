"""Opening a dossier in an emergency: only if the patient allowed it, with a reason."""
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from substanced.interfaces import IRoot

from ...i18n import _
from ...journal.notifications import notify_patient
from ...security.access import AccessError, emergency_kind_for, open_emergency
from ...security.accounts import professional_profile
from ...security.permissions import Permission
from ..journaling import journal


def emergency_possible(dossier, profile):
    """Whether the patient allows the emergency access this professional could open."""
    return not dossier.closed and bool(dossier.emergency_consents.get(
        emergency_kind_for(profile)))


@view_config(context=IRoot, name="emergency-access", request_method="POST",
             permission=Permission.PROFESSIONAL_AREA)
def emergency_access_view(context, request):
    """Posted from "find a patient" (the dossier's opaque id, never its NIR, in the form)."""
    dossier = context["dossiers"].get(request.POST.get("dossier", ""))
    if dossier is None:
        raise HTTPNotFound()
    profile = professional_profile(context, request.user)
    hours = request.registry.settings["dmp.emergency_hours"]
    try:
        access = open_emergency(dossier, request.user, emergency_kind_for(profile),
                                request.POST.get("reason"), hours, request.registry)
    except AccessError as error:
        request.session.flash(request.localizer.translate(error.message), "error")
        return HTTPSeeOther(location=request.resource_url(context, "pro"))
    journal(request, "emergency", dossier, detail="%s: %s" % (access.kind, access.reason))
    notify_patient(request, dossier, "emergency", _("Emergency access to your dossier"),
                   _("A professional opened your dossier médical personnalisé in an "
                     "emergency. Tell us whether it was justified on your access page."),
                   request.resource_url(dossier, "access"))
    request.session.flash(request.localizer.translate(_("Emergency access opened.")))
    return HTTPSeeOther(location=request.resource_url(dossier))
