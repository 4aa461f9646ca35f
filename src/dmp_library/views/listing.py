"""The options of a document listing (sort, filters, pages), read from the query string."""
import math

import colander

from ..i18n import _
from ..resources.listing import SORTS, filter_documents, sort_documents
from ..resources.vocabulary import DOCUMENT_TYPE_LABELS

PAGE_SIZES = ("25", "50", "all")
SORT_LABELS = (
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title A→Z")),
    ("title_desc", _("Title Z→A")),
    ("author", _("Author")),
)


def _optional_date(title):
    return colander.SchemaNode(colander.Date(), title=title, missing=None)


class ListingOptions(colander.Schema):
    sort = colander.SchemaNode(colander.String(), missing="newest",
                               validator=colander.OneOf(list(SORTS)))
    size = colander.SchemaNode(colander.String(), missing="25",
                               validator=colander.OneOf(PAGE_SIZES))
    page = colander.SchemaNode(colander.Integer(), missing=1, validator=colander.Range(min=1))
    date_from = _optional_date(_("From"))
    date_to = _optional_date(_("To"))
    type = colander.SchemaNode(colander.String(), missing=None,
                               validator=colander.OneOf(list(DOCUMENT_TYPE_LABELS)))
    archived = colander.SchemaNode(colander.Boolean(), missing=False)


class Page:
    """One page of a sorted, filtered list."""

    def __init__(self, items, number, size):
        self.total = len(items)
        self.size = self.total if size == "all" else int(size)
        self.count = max(1, math.ceil(self.total / self.size)) if self.size else 1
        self.number = min(number, self.count)
        start = (self.number - 1) * self.size
        self.items = items[start:start + self.size] if self.size else items


def list_documents(documents, options):
    chosen = filter_documents(documents, options["date_from"], options["date_to"], options["type"])
    return Page(sort_documents(chosen, options["sort"]), options["page"], options["size"])
