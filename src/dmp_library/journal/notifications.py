"""E-mail notifications, in each recipient's language, sent when the transaction commits.

Development and tests queue them as files in a Maildir (``mail.queue_path``); production
sends them by SMTP. Messages never carry medical content: they say that something happened
and link to the page where the recipient, once logged in, may see it.
"""
from pyramid.i18n import make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid_mailer import get_mailer
from pyramid_mailer.message import Message

from ..i18n import DEFAULT_LANGUAGE


def _localizer(request, user):
    language = getattr(user, "dmp_language", None) or DEFAULT_LANGUAGE
    directories = request.registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(language, directories)


def notify(request, users, subject, body, url, manager=None):
    """Mail ``users`` (those with an address) ``subject`` and ``body`` followed by ``url``,
    when the transaction commits (the request's, or ``manager``'s)."""
    mailer = get_mailer(request)
    if manager is not None:
        mailer = mailer.bind(transaction_manager=manager)
    sender = request.registry.settings.get("mail.default_sender", "dmp@localhost")
    for user in users:
        address = getattr(user, "email", None)
        if not address:
            continue
        localizer = _localizer(request, user)
        message = Message(subject=localizer.translate(subject), sender=sender,
                          recipients=[address],
                          body="%s\n\n%s\n" % (localizer.translate(body), url))
        if getattr(mailer, "queue_path", None):
            mailer.send_to_queue(message)
        else:
            mailer.send(message)


def notify_patient(request, dossier, kind, subject, body, url, manager=None):
    """Mail the patient, unless they turned this kind of notification off."""
    if not dossier.notifications.get(kind, True) or dossier.patient_oid is None:
        return
    patient = request.site_root.__objectmap__.object_for(dossier.patient_oid)
    if patient is not None:
        notify(request, [patient], subject, body, url, manager)
