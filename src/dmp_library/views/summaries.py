"""GP summaries: writing, reviewing, reading and comparing versions."""
import difflib

import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _
from ..resources.dossier import SUMMARY_FOLDER, find_dossier
from ..resources.interfaces import IDossier, IGPSummary
from ..resources.schemas import GPSummarySchema
from ..resources.services import create_summary
from ..resources.summary import SECTIONS
from ..security.permissions import Permission
from ..workflows.services import current_summary
from .dossier import dossier_page
from .forms import button, make_form, validate
from .journaling import journal
from .workflow import workflow_panel


def visible_summaries(request, dossier):
    """The dossier's summaries this user may read, newest first."""
    summaries = [s for s in dossier[SUMMARY_FOLDER].values()
                 if request.has_permission(Permission.DOCUMENT_VIEW, s)]
    return sorted(summaries, key=lambda s: s.modified, reverse=True)


@view_config(context=IDossier, name="summaries", permission=Permission.DOSSIER_VIEW,
             renderer="dmp_library:templates/summary/list.pt")
def summaries_view(context, request):
    return dossier_page(request, context, summaries=visible_summaries(request, context),
                        can_write=request.has_permission(Permission.SUMMARY_CREATE, context))


def _form(request):
    return make_form(request, GPSummarySchema(), [button("submit", _("Save the draft"))],
                     formid="summary-form")


@view_config(context=IDossier, name="new-summary", permission=Permission.SUMMARY_CREATE,
             renderer="dmp_library:templates/summary/form.pt")
def new_summary_view(context, request):
    """A new draft, starting from the current summary's text."""
    form = _form(request)
    page = dossier_page(request, context, title=_("Write a GP summary"))
    if "submit" not in request.POST:
        current = current_summary(context)
        start = current.sections if current is not None and \
            request.has_permission(Permission.DOCUMENT_VIEW, current) else {}
        return dict(page, form=form.render(start))
    try:
        sections = validate(form, request)
    except deform.ValidationFailure as failure:
        request.response.status = 400
        return dict(page, form=failure.render())
    summary = create_summary(context, sections, request.user, request.registry)
    request.session.flash(request.localizer.translate(_("Draft saved.")))
    return HTTPSeeOther(location=request.resource_url(summary))


@view_config(context=IGPSummary, name="edit", permission=Permission.EDIT,
             renderer="dmp_library:templates/summary/form.pt")
def edit_summary_view(context, request):
    form = _form(request)
    page = dossier_page(request, find_dossier(context), title=_("Edit the GP summary"))
    if "submit" not in request.POST:
        return dict(page, form=form.render(context.sections))
    try:
        context.update(validate(form, request))
    except deform.ValidationFailure as failure:
        request.response.status = 400
        return dict(page, form=failure.render())
    request.session.flash(request.localizer.translate(_("Draft saved.")))
    return HTTPSeeOther(location=request.resource_url(context))


def previous_version(request, summary):
    """The version to compare ``summary`` with: the one it replaced, or the current one."""
    dossier = find_dossier(summary)
    objectmap = request.site_root.__objectmap__
    oid = getattr(summary, "supersedes", None) or dossier.current_summary_oid
    other = objectmap.object_for(oid) if oid is not None else None
    if other is None or other is summary:
        return None
    return other if request.has_permission(Permission.DOCUMENT_VIEW, other) else None


@view_config(context=IGPSummary, permission=Permission.DOCUMENT_VIEW,
             renderer="dmp_library:templates/summary/view.pt")
def summary_view(context, request):
    journal(request, "view", context)
    return dossier_page(request, find_dossier(context), summary=context, sections=SECTIONS,
                        previous=previous_version(request, context),
                        can_edit=request.has_permission(Permission.EDIT, context),
                        workflow=workflow_panel(request, context))


def word_diff(old, new):
    """[(kind, text)] with kind in "same", "added", "removed", word by word."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(new_words[j1:j2])))
    return parts


def section_changes(old, new):
    """Per VSM section: its label, whether it changed, and the word diff."""
    changes = []
    for name, label in SECTIONS:
        before, after = old.sections.get(name, ""), new.sections.get(name, "")
        changes.append({"label": label, "changed": before != after,
                        "lines": [word_diff(a, b) for a, b in _paired_lines(before, after)]})
    return changes


def _paired_lines(before, after):
    """Lines of both texts paired by difflib, so that each diff stays within a line."""
    old_lines, new_lines = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from ((line, line) for line in old_lines[i1:i2])
        else:
            olds, news = old_lines[i1:i2], new_lines[j1:j2]
            for index in range(max(len(olds), len(news))):
                yield (olds[index] if index < len(olds) else "",
                       news[index] if index < len(news) else "")


@view_config(context=IGPSummary, name="changes", permission=Permission.DOCUMENT_VIEW,
             renderer="dmp_library:templates/summary/changes.pt")
def changes_view(context, request):
    previous = previous_version(request, context)
    if previous is None:
        raise HTTPNotFound()
    return dossier_page(request, find_dossier(context), summary=context, previous=previous,
                        changes=section_changes(previous, context))
