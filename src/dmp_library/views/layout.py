"""What every page template receives: the layout macro and ``ui``, the page helpers."""
import datetime
from urllib.parse import urlencode

import babel.dates
import pytz
from pyramid.events import BeforeRender, subscriber
from pyramid.renderers import get_renderer
from translationstring import TranslationString

from ..clock import utcnow
from ..i18n import LANGUAGES, _
from ..resources.vocabulary import (
    CATEGORY_LABELS,
    DOCUMENT_TYPE_LABELS,
    HIDDEN_FROM_LEGAL_REPRESENTATIVES,
    HIDDEN_FROM_PATIENT,
    MASKED,
    VISIBILITY_LABELS,
)
from ..security.accounts import display_name, professional_profile
from ..security.roles import Role
from .worklists import worklist_counts

_BABEL_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
_DATE_FORMATS = {"fr": "dd/MM/yyyy", "en": "d MMM yyyy"}
_ROLE_LABELS = {
    "patient": _("Patient"),
    "admin": _("Host administrator"),
}
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
VISIBILITY_HELP = {
    MASKED: _("Masked by the patient: among professionals, only its author and the médecin "
              "traitant see it."),
    HIDDEN_FROM_PATIENT: _("Not visible to the patient yet: it will be after the consultation "
                           "where the results are explained."),
    HIDDEN_FROM_LEGAL_REPRESENTATIVES: _("Not visible to the patient's legal representatives."),
}
STATE_LABELS = {
    "draft": _("Draft"),
    "pending": _("Awaiting validation"),
    "rejected": _("Sent back to its author"),
    "validated": _("Validated"),
    "superseded": _("Replaced by a newer version"),
    "archived": _("Archived"),
    "deleted": _("Deleted"),
    "pending_review": _("Awaiting review"),
    "published": _("Published"),
}
TRANSITION_LABELS = {
    "submit": _("Submit for validation"),
    "validate": _("Validate"),
    "reject": _("Send back with a comment"),
    "publish": _("Publish"),
    "archive": _("Archive"),
    "unarchive": _("Unarchive"),
    "delete": _("Delete"),
}
JOURNAL_ROLES = {
    "patient": _("patient"),
    "medecin_traitant": _("médecin traitant"),
    "authorised": _("authorised professional"),
    "emergency": _("emergency access"),
    "author": _("author"),
    "professional": _("professional"),
    "admin": _("Host administrator"),
    "anonymous": _("anonymous"),
}
FACET_TITLES = {"category": _("Category"), "type": _("Type"), "author": _("Author"),
                "year": _("Year")}
NOTIFICATION_LABELS = {
    "first_access": _("when a professional opens my dossier for the first time"),
    "new_document": _("when a new document or GP summary is added"),
    "emergency": _("when someone opens my dossier in an emergency"),
}
ROLE_ORDER = (Role.PATIENT, Role.MEDECIN_TRAITANT, Role.AUTHORISED, Role.EMERGENCY)
ROLE_IN_DOSSIER = {
    Role.PATIENT: _("your own dossier"),
    Role.MEDECIN_TRAITANT: _("médecin traitant"),
    Role.AUTHORISED: _("authorised professional"),
    Role.EMERGENCY: _("emergency access"),
}


class UI:
    """Small helpers for templates: who is logged in, dates in the user's format, labels."""

    def __init__(self, request):
        self.request = request
        self.language = request.locale_name
        self._babel_locale = _BABEL_LOCALES.get(self.language, "fr_FR")
        self._timezone = pytz.timezone(request.registry.settings.get("dmp.timezone",
                                                                     "Europe/Paris"))

    # -- who --------------------------------------------------------------------------------
    @property
    def user(self):
        return self.request.user

    @property
    def user_name(self):
        return display_name(self.request.site_root, self.user) if self.user is not None else None

    @property
    def role_label(self):
        kind = self.request.account_kind
        if kind == "professional":
            profile = professional_profile(self.request.site_root, self.user)
            return profile.profession if profile is not None else _("Health professional")
        return _ROLE_LABELS.get(kind)

    # -- language ---------------------------------------------------------------------------
    def language_links(self):
        """(code, name, url, current) for the language switch."""
        return [(code, LANGUAGE_NAMES[code],
                 self.request.route_url("language", _query={"lang": code,
                                                            "came_from": self.request.path_qs}),
                 code == self.language)
                for code in LANGUAGES]

    # -- formatting -------------------------------------------------------------------------
    def date(self, value):
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            value = value.astimezone(self._timezone).date()
        return babel.dates.format_date(value, _DATE_FORMATS[self.language],
                                       locale=self._babel_locale)

    def datetime(self, value):
        if value is None:
            return ""
        local = value.astimezone(self._timezone)
        return "%s %s" % (self.date(local), babel.dates.format_time(
            local, "HH:mm", locale=self._babel_locale))

    def datetime_iso(self, value):
        """A stored ISO 8601 timestamp, in the user's format."""
        return self.datetime(datetime.datetime.fromisoformat(value))

    def size(self, size):
        for unit in ("o", "Ko", "Mo") if self.language == "fr" else ("B", "KB", "MB"):
            if size < 1024 or unit in ("Mo", "MB"):
                return ("%d %s" if unit in ("o", "B") else "%.1f %s") % (size, unit)
            size /= 1024.0
        return str(size)

    def translate(self, term):
        """Translate a message; leave other text (a document's title, say) as it is."""
        if not isinstance(term, TranslationString):
            return term
        return self.request.localizer.translate(term)

    def category_label(self, name):
        return self.translate(CATEGORY_LABELS.get(name, name))

    def folder_label(self, folder):
        return folder.title if folder.personal else self.category_label(folder.category)

    def type_label(self, code):
        return self.translate(DOCUMENT_TYPE_LABELS.get(code, code))

    def visibility_label(self, code):
        return self.translate(VISIBILITY_LABELS.get(code, code))

    def state_label(self, state):
        return self.translate(STATE_LABELS.get(state, state))

    def transition_label(self, name):
        return self.translate(TRANSITION_LABELS.get(name, name))

    def worklist_counts(self):
        """(awaiting my review, my drafts) for professionals, else None."""
        if self.request.account_kind != "professional":
            return None
        return worklist_counts(self.request)

    def visibility_help(self, code):
        return self.translate(VISIBILITY_HELP.get(code, ""))

    def notification_label(self, kind):
        return self.translate(NOTIFICATION_LABELS[kind])

    def emergencies(self):
        """The live emergency accesses of a professional: (dossier, until), for the banner."""
        if self.request.account_kind != "professional":
            return []
        now, oid = utcnow(), self.request.authenticated_userid
        dossiers = self.request.site_root["dossiers"]
        live = []
        for name in getattr(self.user, "emergencies", ()):
            dossier = dossiers.get(name)
            access = dossier.emergency_for(oid, now) if dossier is not None else None
            if access is not None and oid not in dossier.blocked:
                live.append((dossier, access.expires))
        return live

    def journal_role(self, roles):
        """The roles recorded in a journal entry ("authorised,medecin_traitant"), in words."""
        return ", ".join(self.translate(JOURNAL_ROLES.get(role, role))
                         for role in (roles or "").split(",") if role)

    def facet_title(self, name):
        return self.translate(FACET_TITLES[name])

    def page_size_label(self, size):
        return self.translate(_("All")) if size == "all" else size

    def messages(self):
        """(kind, message) pairs to show once: "success" or "danger"."""
        session = self.request.session
        return ([("danger", m) for m in session.pop_flash("error")]
                + [("success", m) for m in session.pop_flash()])

    def home_url(self):
        """The logged-in user's own home: their dossier or the professional area."""
        kind = self.request.account_kind
        if kind == "patient":
            dossiers = self.request.site_root["dossiers"]
            return self.request.resource_url(dossiers[self.user.dossier_name])
        if kind == "professional":
            return self.request.resource_url(self.request.site_root, "pro")
        return None

    def role_in_dossier(self, roles):
        """How the user stands in the dossier they are looking at."""
        return [self.translate(ROLE_IN_DOSSIER[role]) for role in ROLE_ORDER if role in roles]

    def csrf_token(self):
        return self.request.session.get_csrf_token()

    def url(self, resource, *elements, **query):
        return self.request.resource_url(resource, *elements,
                                         **({"query": query} if query else {}))

    def query(self, **params):
        """The current page's URL with ``params`` changed (None removes one)."""
        merged = dict(self.request.GET)
        merged.update(params)
        kept = {key: value for key, value in merged.items() if value is not None}
        return self.request.path + "?" + urlencode(kept)


@subscriber(BeforeRender)
def add_layout(event):
    info = event.get("renderer_info")
    request = event.get("request")
    if request is None or info is None or not info.name.endswith(".pt"):
        return
    if not (info.package and info.package.__name__.startswith("dmp_library")):
        return  # the SDI's templates keep their own layout
    event["layout"] = get_renderer("dmp_library:templates/layout.pt").implementation()
    event["ui"] = UI(request)
