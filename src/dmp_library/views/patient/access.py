"""The patient's access page: who may see the dossier, who may not, and in an emergency."""
import datetime

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...clock import utcnow
from ...i18n import _
from ...resources.interfaces import IDossier
from ...resources.people import search_directory
from ...resources.vocabulary import CATEGORIES
from ...security.access import (
    AccessError,
    block,
    designate_medecin_traitant,
    grant_access,
    remove_medecin_traitant,
    review_emergency,
    revoke_access,
    set_emergency_consents,
    unblock,
)
from ...security.accounts import display_name, find_account
from ...security.permissions import Permission
from ..dossier import dossier_page
from ..journaling import journal


def _person(root, oid):
    user = root.__objectmap__.object_for(oid)
    rpps = getattr(user, "rpps", None)
    return root["directory"].get(rpps) if rpps else None


@view_config(context=IDossier, name="access", permission=Permission.ACCESS_MANAGE,
             renderer="dmp_library:templates/dossier/access.pt")
def access_view(context, request):
    root = request.site_root
    now = utcnow()
    query = request.GET.get("q", "").strip()
    grants = sorted(((grant, _person(root, grant.user_oid)) for grant in context.grants.values()),
                    key=lambda pair: pair[1].family_name if pair[1] else "")
    return dossier_page(
        request, context, query=query,
        found=search_directory(root["directory"], query) if query else [],
        grants=[(grant, person, grant.live(now)) for grant, person in grants if person],
        medecins_traitants=[p for p in (_person(root, oid) for oid in context.medecins_traitants)
                            if p],
        blocked=[p for p in (_person(root, oid) for oid in context.blocked) if p],
        emergencies=[(access, _person(root, access.user_oid))
                     for access in reversed(context.emergency_accesses)],
        categories=CATEGORIES, now=now,
    )


def _professional(request):
    user = find_account(request.site_root, request.POST.get("rpps", ""))
    if user is None or getattr(user, "rpps", None) is None:
        raise AccessError(_("No professional has this RPPS number."), 404)
    return user


def _expiry(request):
    value = request.POST.get("expires", "").strip()
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise AccessError(_("Dates are written YYYY-MM-DD."), 400) from None
    if day <= utcnow().date():
        raise AccessError(_("The end of an authorisation must be in the future."), 400)
    return datetime.datetime.combine(day, datetime.time(), datetime.timezone.utc)


def _scope(request):
    chosen = [name for name in request.POST.getall("category")
              if name in {c.name for c in CATEGORIES}]
    return chosen or None


def _change(request, context, change, action, message):
    """Run ``change()``, journal it, and come back to the access page with a message."""
    try:
        detail = change()
    except AccessError as error:
        request.response.status = error.status
        request.session.flash(request.localizer.translate(error.message), "error")
    else:
        journal(request, action, context, detail=detail)
        request.session.flash(request.localizer.translate(message))
    return HTTPSeeOther(location=request.resource_url(context, "access"))


def _named(request, user):
    return "%s (RPPS %s)" % (display_name(request.site_root, user), user.rpps)


def _access_action(name, action, message):
    """A POST view on the access page doing ``action(request, dossier) -> journal detail``."""
    def view(context, request):
        return _change(request, context, lambda: action(request, context), name, message)
    return view


def _grant(request, dossier):
    user = _professional(request)
    grant_access(dossier, user, request.authenticated_userid, "patient",
                 expires=_expiry(request), categories=_scope(request),
                 registry=request.registry)
    return _named(request, user)


def _on_professional(change, prefix=""):
    """An action applying ``change(dossier, professional, registry)`` to the posted RPPS."""
    def action(request, dossier):
        user = _professional(request)
        change(dossier, user, request.registry)
        return prefix + _named(request, user)
    return action


def _consents(request, dossier):
    chosen = set(request.POST.getall("consent"))
    set_emergency_consents(dossier, "samu" in chosen, "break_glass" in chosen,
                           "masked_in_emergency" in chosen, request.registry)
    return ", ".join(sorted(chosen)) or "-"


def _settings(request, dossier):
    chosen = set(request.POST.getall("notify"))
    dossier.notifications = {kind: kind in chosen for kind in dossier.notifications}
    dossier.mask_new_documents = request.POST.get("mask_new_documents") == "on"
    return ", ".join(sorted(chosen)) or "-"


def _review(request, dossier):
    try:
        oid = int(request.POST.get("access", ""))
    except ValueError:
        raise AccessError(_("No such emergency access."), 404) from None
    justified = request.POST.get("justified") == "yes"
    review_emergency(dossier, oid, justified)
    return "justified" if justified else "not justified"


ACTIONS = (
    ("grant", "grant", _grant, _("Authorisation given.")),
    ("revoke", "revoke", _on_professional(revoke_access), _("Authorisation withdrawn.")),
    ("block", "block", _on_professional(block), _("Professional blocked.")),
    ("unblock", "unblock", _on_professional(unblock), _("Professional unblocked.")),
    ("add-medecin-traitant", "medecin_traitant",
     _on_professional(designate_medecin_traitant, "+ "), _("Médecin traitant added.")),
    ("remove-medecin-traitant", "medecin_traitant",
     _on_professional(remove_medecin_traitant, "- "), _("Médecin traitant removed.")),
    ("consents", "consents", _consents, _("Emergency consents saved.")),
    ("settings", "settings", _settings, _("Settings saved.")),
    ("review-emergency", "emergency_review", _review, _("Thank you for your answer.")),
)


def includeme(config):
    for view_name, journal_action, action, message in ACTIONS:
        config.add_view(_access_action(journal_action, action, message), context=IDossier,
                        name=view_name, request_method="POST",
                        permission=Permission.ACCESS_MANAGE)
