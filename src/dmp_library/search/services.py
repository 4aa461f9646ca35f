"""The catalog's use cases: keep each dossier's index in step with its documents, search it.

Views, the JSON API and the ``dmp`` command call these; they get plain data back.
"""
import math
from collections import Counter
from dataclasses import asdict, dataclass, field, fields

from substanced.util import get_oid

from ..i18n import _
from ..resources.dossier import find_dossier
from ..resources.listing import documents_in
from ..resources.vocabulary import CATEGORY_LABELS, DOCUMENT_TYPE_LABELS
from ..security.permissions import Permission
from ..workflows.document_lifecycle import ARCHIVED
from .catalog import catalog_of
from .extraction import TEXT_FAILED, TEXT_NONE, extract_document
from .indexing import apply_pending, discard_pending, queue_index, queue_unindex
from .jobs import enqueue_ocr
from .queries import parse_query
from .snippets import snippet_html, title_html

SORT_RELEVANCE = "relevance"
SORT_DATE = "date"  # newest first
SORTS = (SORT_RELEVANCE, SORT_DATE)
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


class SearchRefused(Exception):
    """The person may not search this dossier."""

    message = _("You may not search this dossier.")


# -- keeping the index in step -----------------------------------------------------------------

def read_text(document):
    """Read the text of a document never read (or whose reading failed); queue its OCR."""
    if document.text_status in (TEXT_NONE, TEXT_FAILED) and extract_document(document):
        enqueue_ocr(document)


def index_document(document):
    """Add or refresh ``document`` in its dossier's catalog (before the transaction commits),
    reading its text if needed."""
    read_text(document)
    queue_index(find_dossier(document), get_oid(document), document)


def unindex_documents(dossier, oids):
    """Take these oids out of ``dossier``'s catalog (unknown oids are ignored)."""
    for oid in oids:
        queue_unindex(dossier, oid)


def dossier_documents(dossier):
    return [document for folder in dossier.folders() for document in documents_in(folder)]


def index_problems(dossier):
    """What the dossier's catalog says that its documents do not (empty when it matches)."""
    documents = {get_oid(document) for document in dossier_documents(dossier)}
    catalog = catalog_of(dossier)
    indexed = catalog.indexed_oids() if catalog is not None else set()
    described = set(catalog.documents.keys()) if catalog is not None else set()
    problems = ["document %s not in the index" % oid for oid in sorted(documents - indexed)]
    problems += ["index entry %s has no document" % oid for oid in sorted(indexed - documents)]
    if described != indexed:
        problems.append("the index and its list of documents differ")
    return problems


def reindex_dossier(dossier):
    """Rebuild ``dossier``'s catalog from its documents; returns how many it holds."""
    documents = dossier_documents(dossier)
    for document in documents:
        read_text(document)
    discard_pending(dossier)
    catalog_of(dossier, create=True).rebuild((get_oid(d), d) for d in documents)
    return len(documents)


# -- searching ---------------------------------------------------------------------------------

@dataclass
class Filters:
    """What a search keeps: None lets everything through; sets of values are allowed."""

    category: object = None
    type_code: object = None
    author: object = None  # author oid(s), as facets give them (strings)
    date_from: object = None  # datetime.date, inclusive (care date)
    date_to: object = None
    since: object = None  # aware datetime: documents added to the dossier after it
    state: object = None
    archived: bool = False  # archived documents are out of searches unless asked for

    def keep(self, document):
        return ((self.archived or document.state != ARCHIVED)
                and (self.category is None or _among(document.category, self.category))
                and (self.type_code is None or _among(document.type_code, self.type_code))
                and (self.author is None or _among(str(document.author_oid), self.author))
                and (self.state is None or _among(document.state, self.state))
                and (self.date_from is None or document.care_date >= self.date_from)
                and (self.date_to is None or document.care_date <= self.date_to)
                and (self.since is None or document.created > self.since))


def _among(value, wanted):
    return value == wanted if isinstance(wanted, str) else value in wanted


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Hit:
    id: str  # the document's oid, as the listings and the API name it
    external_id: str
    title: str
    title_html: str  # the title, escaped, the words found in <mark>
    snippet_html: str  # passages of the text, escaped, the words found in <mark>
    category: str
    type_code: str
    date: str  # care date, ISO
    author: str
    score: float  # relevance; None when sorted by date
    text_status: str
    document: object = field(repr=False, compare=False)  # for links; left out of to_json()

    def to_json(self):
        return {each.name: getattr(self, each.name) for each in fields(self)
                if each.name != "document"}


@dataclass
class SearchResults:
    query: str
    sort: str
    page: int
    page_size: int
    total: int  # documents found that the person may see, all pages
    hits: list  # Hit, this page
    facets: dict  # "category", "type", "author", "year" -> [FacetValue], on all pages

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.page_size))

    def to_json(self):
        return {
            "query": self.query, "sort": self.sort, "page": self.page,
            "page_size": self.page_size, "pages": self.pages, "total": self.total,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": {name: [asdict(value) for value in values]
                       for name, values in self.facets.items()},
        }


def search(dossier, access, text, filters=None, sort=SORT_RELEVANCE, page=1,
           page_size=DEFAULT_PAGE_SIZE):
    """Search ``dossier`` for ``text`` as the person ``access`` (a DossierAccess) checks for.

    Every document that person may not view is dropped before anything is counted, sorted
    or shown. Raises SearchRefused, or QueryError for a query that cannot be run.
    """
    if not access.can(dossier, Permission.DOSSIER_SEARCH):
        raise SearchRefused()
    parsed = parse_query(text)
    filters = filters or Filters()
    sort = sort if sort in SORTS else SORT_RELEVANCE
    page_size = min(max(1, int(page_size)), MAX_PAGE_SIZE)
    page = max(1, int(page))
    apply_pending(dossier)  # this transaction's own changes
    catalog = catalog_of(dossier)
    if catalog is None:
        return SearchResults(text, sort, page, page_size, 0, [], _facets([]))

    def keep(document):
        return access.can(document, Permission.DOCUMENT_VIEW) and filters.keep(document)

    found = catalog.find(parsed.query, keep, highlighted=parsed.positive)
    hits = found.hits
    if sort == SORT_DATE:
        hits = [(document, None) for document, _score in sorted(
            hits, key=lambda hit: (hit[0].care_date, hit[0].created), reverse=True)]
    return SearchResults(
        query=text, sort=sort, page=page, page_size=page_size, total=len(hits),
        hits=[_hit(document, score, found.terms)
              for document, score in hits[(page - 1) * page_size:page * page_size]],
        facets=_facets([document for document, _score in hits]),
    )


def _hit(document, score, terms):
    return Hit(
        id=str(get_oid(document)), external_id=document.external_id, title=document.title,
        title_html=title_html(document.title, terms),
        snippet_html=snippet_html(document.text, terms),
        category=document.category, type_code=document.type_code,
        date=document.care_date.isoformat(), author=document.author_name,
        score=None if score is None else round(score, 3), text_status=document.text_status,
        document=document,
    )


def _facets(documents):
    """Counts of the documents by category, type, author and year, largest first."""
    def values(counts, label):
        ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
        return [FacetValue(str(value), label(value), count) for value, count in ordered]

    authors = {str(d.author_oid): d.author_name for d in documents}
    return {
        "category": values(Counter(d.category for d in documents),
                           lambda value: CATEGORY_LABELS.get(value, value)),
        "type": values(Counter(d.type_code for d in documents),
                       lambda value: DOCUMENT_TYPE_LABELS.get(value, value)),
        "author": values(Counter(str(d.author_oid) for d in documents), authors.get),
        "year": [FacetValue(str(year), str(year), count) for year, count in
                 sorted(Counter(d.care_date.year for d in documents).items(), reverse=True)],
    }
