"""A professional's worklists: what awaits their review, and their own drafts."""
from pyramid.view import view_config
from substanced.interfaces import IRoot

from ..security.permissions import Permission
from ..workflows.worklists import awaiting_review, drafts_of


def readable(request, items):
    return [item for item in items if request.has_permission(Permission.DOCUMENT_VIEW, item)]


def worklist_counts(request):
    """(awaiting my review, my drafts) for the header of a professional's pages."""
    root = request.site_root
    return (len(readable(request, awaiting_review(root, request.effective_principals))),
            len(readable(request, drafts_of(root, request.user))))


@view_config(context=IRoot, name="worklists", permission=Permission.PROFESSIONAL_AREA,
             renderer="dmp_library:templates/professional/worklists.pt")
def worklists_view(context, request):
    return {"awaiting": readable(request, awaiting_review(context, request.effective_principals)),
            "drafts": readable(request, drafts_of(context, request.user))}
