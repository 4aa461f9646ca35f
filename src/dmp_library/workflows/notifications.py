"""Who hears about a transition: reviewers, authors sent back, patients who can now see."""
from pyramid.threadlocal import get_current_request
from pyramid.traversal import find_root
from substanced.event import subscribe_after_transition

from ..i18n import _
from ..journal.notifications import notify, notify_patient
from ..resources.dossier import find_dossier
from ..resources.interfaces import IMedicalDocument
from ..resources.vocabulary import HIDDEN_FROM_PATIENT
from . import document_lifecycle as lifecycle
from . import summary_review as review


def _accounts(root, oids):
    objectmap = root.__objectmap__
    return [user for user in (objectmap.object_for(oid) for oid in oids) if user is not None]


@subscribe_after_transition()
def tell_the_people_concerned(event):
    request = get_current_request()
    item, state = event.object, event.new_state
    if request is None or event.transition == "supersede":
        return
    root, dossier = find_root(item), find_dossier(item)
    url = request.resource_url(item)
    is_document = IMedicalDocument.providedBy(item)
    if state == review.PENDING_REVIEW and not is_document:
        notify(request, _accounts(root, dossier.medecins_traitants),
               _("A GP summary awaits your review"),
               _("A GP summary was submitted for your review in one of your patients' "
                 "dossiers."), url)
    elif state == lifecycle.PENDING and is_document:
        notify(request, _accounts(root, [item.validator_oid]),
               _("A document awaits your validation"),
               _("A document prepared for you awaits your validation."), url)
    elif event.transition == "reject":
        notify(request, _accounts(root, [item.author_oid]),
               _("Sent back to you with a comment"),
               _("Something you prepared was sent back to you with a comment."), url)
    elif (state == lifecycle.VALIDATED and is_document and event.transition == "validate"
          and HIDDEN_FROM_PATIENT not in item.visibility and not item.patient_authored) \
            or (state == review.PUBLISHED and not is_document):
        notify_patient(request, dossier, "new_document", _("New in your medical record"),
                       _("A new document is available in your dossier médical personnalisé."),
                       url)
