"""Reminding authors of documents they keep from the patient, once the planned day is past."""
from pyramid.traversal import find_root

from ..clock import utcnow
from ..i18n import _
from ..resources.vocabulary import HIDDEN_FROM_PATIENT
from ..security.acl import dossier_items
from .notifications import notify


def send_release_reminders(root, request):
    """Mail each author once per document still hidden past its reminder day; the count."""
    today = utcnow().date()
    sent = 0
    for dossier in root["dossiers"].values():
        if dossier.closed:
            continue
        for item in dossier_items(dossier):
            remind_on = getattr(item, "release_reminder_on", None)
            if remind_on is None or remind_on > today or item.release_reminded \
                    or HIDDEN_FROM_PATIENT not in getattr(item, "visibility", ()):
                continue
            author = find_root(item).__objectmap__.object_for(item.author_oid)
            notify(request, [author], _("A document still hidden from your patient"),
                   _("A document you keep from your patient until the results are explained "
                     "is still hidden: release it once you have seen them."),
                   request.resource_url(item))
            item.release_reminded = True
            sent += 1
    return sent
