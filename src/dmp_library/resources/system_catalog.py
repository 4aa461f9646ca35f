"""What Substance D's system catalog (the SDI's search) learns of a dossier's content: nothing.

The SDI is the host's, and the host must not learn which dossiers exist, how many documents
they hold or what they are called (DESIGN §5); and every upload writing its name into the
site-wide name, text and type indexes made uploads to different dossiers conflict with one
another. So for dossiers and everything in them, each of those indexes sees no value.
"""
from .interfaces import ICategoryFolder, IDossier, IGPSummary, IMedicalDocument, ISummaryFolder

CATALOG = "system"
INDEXES = ("name", "text", "content_type", "interfaces")  # path and allowed write nothing
DOSSIER_CONTENT = (IDossier, ICategoryFolder, ISummaryFolder, IMedicalDocument, IGPSummary)


def not_indexed(resource, default):
    return default


def includeme(config):
    for context in DOSSIER_CONTENT:
        for index in INDEXES:
            config.add_indexview(not_indexed, catalog_name=CATALOG, index_name=index,
                                 context=context)
