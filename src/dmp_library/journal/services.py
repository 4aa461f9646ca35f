"""Writing to and reading from a dossier's journal."""
import csv
import datetime
import io

from pyramid.traversal import find_root
from substanced.util import get_oid

from ..i18n import _
from ..security.accounts import account_kind, display_name, professional_profile
from ..security.policy import dossier_roles
from .log import append_now, journal_of
from .notifications import notify_patient

# What the journal records, with the words the patient's journal page uses.
ACTIONS = {
    "view": _("Opened"),
    "list": _("Listed the documents"),
    "download": _("Downloaded"),
    "search": _("Searched"),
    "upload": _("Added a document"),
    "transition": _("Changed a status"),
    "grant": _("Authorised a professional"),
    "revoke": _("Withdrew an authorisation"),
    "block": _("Blocked a professional"),
    "unblock": _("Unblocked a professional"),
    "medecin_traitant": _("Changed the médecins traitants"),
    "consents": _("Changed the emergency consents"),
    "settings": _("Changed the settings"),
    "visibility": _("Changed who sees a document"),
    "emergency": _("Emergency access"),
    "emergency_review": _("Reviewed an emergency access"),
    "export": _("Downloaded the whole dossier"),
    "close": _("Closed the dossier"),
    "reopen": _("Reopened the dossier"),
}


# Reads change nothing else: they are journaled after their request commits (log.append_now).
READ_ACTIONS = {"view", "list", "download", "search", "export"}


def record(request, dossier, action, item=None, detail=None, user=None):
    """Journal who did ``action`` (on ``item``), in what role, when and from where: a read
    once its request has committed, a change with the change (log: deferred, then chained);
    a professional's first access is told to the patient."""
    user = user if user is not None else request.user
    fields = _fields(request, dossier, action, item, detail, user)
    journal = journal_of(dossier)

    def tell_patient(entry, manager):
        if entry["first"] and entry["profession"]:  # a professional's first entry
            notify_patient(request, dossier, "first_access",
                           _("A professional opened your dossier"),
                           _("A health professional opened your dossier médical personnalisé "
                             "for the first time. Your journal says who and when."),
                           request.resource_url(dossier, "journal"), manager)

    if dossier._p_oid is None:  # opened in this transaction: nobody else writes its journal
        tell_patient(journal.append(**fields), None)
        return
    if action not in READ_ACTIONS:
        journal.defer(**fields)
        fields = {}
    db, oid = dossier._p_jar.db(), dossier._p_oid

    def after_commit(succeeded):
        if succeeded:
            append_now(db, oid, after=tell_patient, **fields)
    dossier._p_jar.transaction_manager.get().addAfterCommitHook(after_commit)


def _fields(request, dossier, action, item, detail, user):
    root = find_root(dossier)
    who = get_oid(user) if user is not None else None
    roles = sorted(dossier_roles(dossier, who)) if who is not None else []
    if who is not None and item is not None and getattr(item, "author_oid", None) == who:
        roles.append("author")
    profile = professional_profile(root, user) if user is not None else None
    return dict(
        who=who,
        who_name=display_name(root, user) if user is not None else "",
        role=",".join(roles) or (account_kind(user) if user is not None else "anonymous"),
        profession=profile.profession if profile is not None else "",
        action=action,
        target=str(get_oid(item)) if item is not None else None,
        target_title=getattr(item, "title", None) if item is not None else None,
        detail=detail,
        address=getattr(request, "client_addr", None) or "",
    )


def last_visit(dossier, who, before):
    """When ``who`` last did anything in the dossier before ``before`` (their previous
    visit, for "new since my last visit"), or None."""
    for entry in journal_of(dossier).newest_first():
        if entry["who"] == who:
            when = datetime.datetime.fromisoformat(entry["when"])
            if when < before:
                return when
    return None


def entries(dossier, date_from=None, date_to=None, who=None, action=None):
    """Journal entries, newest first, filtered by day range, person (oid) and action."""
    found = []
    for entry in journal_of(dossier).newest_first():
        day = entry["when"][:10]
        if date_from is not None and day < date_from.isoformat():
            continue  # not break: servers' clocks, and entries chained late, may disagree
        if date_to is not None and day > date_to.isoformat():
            continue
        if who is not None and entry["who"] != who:
            continue
        if action is not None and entry["action"] != action:
            continue
        found.append(entry)
    return found


CSV_COLUMNS = ("seq", "when", "who_name", "role", "profession", "action", "target_title",
               "detail", "address", "hash")


def as_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in rows:
        writer.writerow([entry.get(column) or "" for column in CSV_COLUMNS])
    return buffer.getvalue()
