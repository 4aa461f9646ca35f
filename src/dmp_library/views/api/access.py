"""Everything on the patient's access and journal pages, as JSON (DESIGN §5, §8)."""
import datetime

import colander
from pyramid.httpexceptions import HTTPForbidden
from pyramid.response import Response
from pyramid.view import view_config

from ...clock import utcnow
from ...i18n import _
from ...journal.notifications import notify_patient
from ...journal.services import as_csv, entries
from ...resources.vocabulary import CATEGORY_NAMES
from ...security.access import (
    AccessError,
    block,
    designate_medecin_traitant,
    emergency_kind_for,
    grant_access,
    hide_from_patient,
    open_emergency,
    release_to_patient,
    remove_medecin_traitant,
    revoke_access,
    set_emergency_consents,
    set_masked,
    unblock,
)
from ...security.accounts import account_kind, find_account, professional_profile
from ...security.permissions import Permission
from ..journaling import journal
from ..patient.journal import JournalFilters
from .errors import json_body, json_error


def _person(request, oid, **extra):
    user = request.site_root.__objectmap__.object_for(oid)
    profile = professional_profile(request.site_root, user) if user is not None else None
    if profile is None:
        return None
    return dict({"rpps": profile.rpps, "name": profile.display_name,
                 "profession": profile.profession}, **extra)


def _iso(value):
    return value.isoformat() if value is not None else None


def _professional(request, rpps):
    user = find_account(request.site_root, rpps or "")
    if user is None or account_kind(user) != "professional":
        raise AccessError(_("No professional has this RPPS number."), 404)
    return user


class GrantSchema(colander.Schema):
    rpps = colander.SchemaNode(colander.String())
    expires = colander.SchemaNode(colander.Date(), missing=None)
    categories = colander.SchemaNode(colander.List(), missing=None,
                                     validator=colander.ContainsOnly(CATEGORY_NAMES))


def _changed(request, context, action, change):
    """Run a change of access, journal it, or answer its error as JSON."""
    try:
        detail = change()
    except AccessError as error:
        return json_error(request, error.status, error.message)
    journal(request, action, context, detail=detail)
    return None


# -- grants, blocks, médecins traitants ----------------------------------------------------

@view_config(route_name="api_dossier_grants", request_method="GET",
             permission=Permission.ACCESS_MANAGE, renderer="json")
def list_grants(context, request):
    now = utcnow()
    people = (_person(request, grant.user_oid, granted=_iso(grant.granted),
                      expires=_iso(grant.expires), categories=grant.categories,
                      live=grant.live(now), origin=grant.origin)
              for grant in context.grants.values())
    return {"grants": [person for person in people if person]}


@view_config(route_name="api_dossier_grants", request_method="POST",
             permission=Permission.ACCESS_MANAGE, renderer="json")
def add_grant(context, request):
    try:
        data = GrantSchema().deserialize(json_body(request) or {})
    except colander.Invalid as error:
        return json_error(request, 400, _("Invalid fields."),
                          fields=error.asdict(request.localizer.translate))
    if data["expires"] is not None and data["expires"] <= utcnow().date():
        return json_error(request, 400, _("The end of an authorisation must be in the future."))

    def change():
        user = _professional(request, data["rpps"])
        expires = None if data["expires"] is None else datetime.datetime.combine(
            data["expires"], datetime.time(), datetime.timezone.utc)
        grant_access(context, user, request.authenticated_userid, "patient", expires=expires,
                     categories=data["categories"] or None, registry=request.registry)
        return "RPPS %s" % data["rpps"]

    error = _changed(request, context, "grant", change)
    if error is not None:
        return error
    request.response.status = 201
    return list_grants(context, request)


def _listing(kind):
    def view(context, request):
        oids = context.blocked if kind == "blocks" else context.medecins_traitants
        return {kind.replace("-", "_"): [p for p in (_person(request, oid) for oid in oids) if p]}
    return view


def _adding(kind, action, add):
    def view(context, request):
        body = json_body(request) or {}

        def change():
            add(context, _professional(request, body.get("rpps")), registry=request.registry)
            return "+ RPPS %s" % body.get("rpps")

        error = _changed(request, context, action, change)
        if error is not None:
            return error
        request.response.status = 201
        return _listing(kind)(context, request)
    return view


def _removing(action, remove):
    def view(context, request):
        rpps = request.matchdict["rpps"]

        def change():
            remove(context, _professional(request, rpps), registry=request.registry)
            return "- RPPS %s" % rpps

        error = _changed(request, context, action, change)
        if error is not None:
            return error
        request.response.status = 204
        return Response(status=204)
    return view


def includeme(config):
    for kind, action, add, remove in (
        ("grants", "revoke", None, revoke_access),
        ("blocks", "block", block, unblock),
        ("medecins-traitants", "medecin_traitant", designate_medecin_traitant,
         remove_medecin_traitant),
    ):
        route = "api_dossier_" + kind
        if add is not None:
            config.add_view(_listing(kind), route_name=route, request_method="GET",
                            permission=Permission.ACCESS_MANAGE, renderer="json")
            config.add_view(_adding(kind, action, add), route_name=route, request_method="POST",
                            permission=Permission.ACCESS_MANAGE, renderer="json")
        config.add_view(_removing("unblock" if kind == "blocks" else action, remove),
                        route_name=route + "_one", request_method="DELETE",
                        permission=Permission.ACCESS_MANAGE)


# -- consents and settings -------------------------------------------------------------------

@view_config(route_name="api_dossier_consents", request_method="GET",
             permission=Permission.ACCESS_MANAGE, renderer="json")
def get_consents(context, request):
    return dict(context.emergency_consents)


@view_config(route_name="api_dossier_consents", request_method="PUT",
             permission=Permission.ACCESS_MANAGE, renderer="json")
def put_consents(context, request):
    body = json_body(request)
    if body is None:
        return json_error(request, 400, _("Send a JSON object."))
    wanted = dict(context.emergency_consents, **{key: bool(body[key]) for key in body
                                                 if key in context.emergency_consents})
    set_emergency_consents(context, wanted["samu"], wanted["break_glass"],
                           wanted["masked_in_emergency"], request.registry)
    journal(request, "consents", context,
            detail=", ".join(sorted(k for k, v in wanted.items() if v)) or "-")
    return dict(context.emergency_consents)


@view_config(route_name="api_dossier_settings", request_method="GET",
             permission=Permission.ACCESS_MANAGE, renderer="json")
def get_settings(context, request):
    return {"notifications": dict(context.notifications),
            "mask_new_documents": context.mask_new_documents}


@view_config(route_name="api_dossier_settings", request_method="PUT",
             permission=Permission.ACCESS_MANAGE, renderer="json")
def put_settings(context, request):
    body = json_body(request)
    if body is None:
        return json_error(request, 400, _("Send a JSON object."))
    chosen = body.get("notifications", {})
    context.notifications = {kind: bool(chosen.get(kind, on))
                             for kind, on in context.notifications.items()}
    if "mask_new_documents" in body:
        context.mask_new_documents = bool(body["mask_new_documents"])
    journal(request, "settings", context)
    return get_settings(context, request)


# -- journal ---------------------------------------------------------------------------------

@view_config(route_name="api_dossier_journal", request_method="GET",
             permission=Permission.JOURNAL_VIEW, renderer="json")
def get_journal(context, request):
    params = {k: v for k, v in request.GET.items() if k != "format" and v != ""}
    try:
        filters = JournalFilters().deserialize(params)
    except colander.Invalid as error:
        return json_error(request, 400, _("Invalid fields."),
                          fields=error.asdict(request.localizer.translate))
    rows = entries(context, **filters)
    if request.GET.get("format") == "csv":
        return Response(as_csv(rows), content_type="text/csv", charset="utf-8")
    keys = ("seq", "when", "who_name", "role", "profession", "action", "target",
            "target_title", "detail", "address", "hash")
    return {"entries": [{key: entry.get(key) for key in keys} for entry in rows]}


# -- a document's visibility -------------------------------------------------------------------

@view_config(route_name="api_item_visibility", request_method="GET",
             permission=Permission.DOCUMENT_VIEW, renderer="json")
def get_visibility(context, request):
    return {"visibility": list(getattr(context, "visibility", ())) or ["normal"],
            "release_reminder_on": _iso(getattr(context, "release_reminder_on", None)),
            "may_mask": bool(request.has_permission(Permission.MASK, context)),
            "may_hide_from_patient": bool(request.has_permission(Permission.RELEASE, context))}


@view_config(route_name="api_item_visibility", request_method="PUT",
             permission=Permission.DOCUMENT_VIEW, renderer="json")
def put_visibility(context, request):
    """``{"masked": bool}`` (the patient) and/or ``{"hidden_from_patient": bool,
    "remind_on": "YYYY-MM-DD"}`` (its author or a médecin traitant)."""
    body = json_body(request)
    if body is None or not hasattr(context, "visibility"):
        return json_error(request, 400, _("Send a JSON object."))
    if "masked" in body:
        if not request.has_permission(Permission.MASK, context):
            raise HTTPForbidden()
        set_masked(context, bool(body["masked"]), request.registry)
    if "hidden_from_patient" in body:
        if not request.has_permission(Permission.RELEASE, context):
            raise HTTPForbidden()
        if body["hidden_from_patient"]:
            try:
                remind_on = colander.SchemaNode(colander.Date(), missing=None).deserialize(
                    body.get("remind_on") or colander.null)
            except colander.Invalid:
                return json_error(request, 400, _("Dates are written YYYY-MM-DD."))
            hide_from_patient(context, remind_on, request.registry)
        else:
            release_to_patient(context, request.registry)
    journal(request, "visibility", context, detail=", ".join(context.visibility) or "normal")
    return get_visibility(context, request)


# -- emergencies -------------------------------------------------------------------------------

@view_config(route_name="api_dossier_emergency", request_method="GET",
             permission=Permission.ACCESS_MANAGE, renderer="json")
def list_emergencies(context, request):
    return {"emergencies": [_person(request, access.user_oid, kind=access.kind,
                                    reason=access.reason, started=_iso(access.started),
                                    expires=_iso(access.expires), review=access.review and {
                                        "justified": access.review["justified"],
                                        "at": _iso(access.review["at"])})
                            for access in reversed(context.emergency_accesses)]}


@view_config(route_name="api_dossier_emergency", request_method="POST", renderer="json")
def open_emergency_view(context, request):
    """A professional without access opens the dossier in emergency mode, with a reason."""
    if request.account_kind != "professional":
        raise HTTPForbidden()
    body = json_body(request) or {}
    profile = professional_profile(request.site_root, request.user)
    try:
        access = open_emergency(context, request.user, emergency_kind_for(profile),
                                body.get("reason"), request.registry.settings[
                                    "dmp.emergency_hours"], request.registry)
    except AccessError as error:
        return json_error(request, error.status, error.message)
    journal(request, "emergency", context, detail="%s: %s" % (access.kind, access.reason))
    notify_patient(request, context, "emergency", _("Emergency access to your dossier"),
                   _("A professional opened your dossier médical personnalisé in an "
                     "emergency. Tell us whether it was justified on your access page."),
                   request.resource_url(context, "access"))
    request.response.status = 201
    return {"kind": access.kind, "reason": access.reason, "expires": _iso(access.expires)}

